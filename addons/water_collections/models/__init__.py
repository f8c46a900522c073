from . import res_company_cash
from . import water_cash_method
from . import water_cash_session
from . import water_cash_session_line
from . import water_cash_receipt
from . import water_cash_receipt_line
from . import water_cash_receipt_payment
from . import water_cash_session_demo
