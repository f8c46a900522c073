from . import test_calendar
from . import test_reading_lot
from . import test_validation
from . import test_security
from . import test_ui
from . import test_tariff
from . import test_reading_import
from . import test_reports
