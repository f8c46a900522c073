from . import water_report_mixin, water_report_income, water_report_bill
from . import water_source, water_macro_meter, water_source_volume, water_source_demo, water_report_kpi
