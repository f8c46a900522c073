from . import water_report_export
from . import water_source_volume_import, water_source_volume_import_line
from . import water_report_government_wizard
from . import water_activity_report_wizard
