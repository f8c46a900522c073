from . import water_payment_import
from . import water_payment_import_line
from . import water_cash_receipt_cancel
from . import water_credit_refund
from . import water_notice_batch_make
from . import water_notice_delivery_correct
