from . import water_source, water_macro_meter, water_source_volume, water_source_demo, water_report_kpi
