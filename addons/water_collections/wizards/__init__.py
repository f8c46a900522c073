from . import water_payment_import
from . import water_payment_import_line
from . import water_cash_receipt_cancel
from . import water_credit_refund
from . import water_collection_review
from . import water_pae_cancel
from . import water_writeoff_cancel
