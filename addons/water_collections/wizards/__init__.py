from . import water_cash_receipt_cancel
