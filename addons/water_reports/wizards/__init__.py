from . import water_report_export
