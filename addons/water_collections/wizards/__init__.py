from . import water_payment_import
from . import water_payment_import_line
from . import water_cash_receipt_cancel
from . import water_credit_refund
from . import water_arrears_recovery
from . import water_arrears_recovery_line
from . import water_large_consumer_prepare
