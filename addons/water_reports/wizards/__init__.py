from . import water_report_export
from . import water_activity_report_wizard
