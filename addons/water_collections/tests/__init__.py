from . import test_cash_receipt
from . import test_cash_session
from . import test_cash_security
from . import test_cash_concurrency
from . import test_cash_demo
from . import test_cash_reports
from . import test_cash_ui
