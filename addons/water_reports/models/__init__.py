from . import water_report_mixin, water_report_income, water_report_bill
from . import water_anomaly_run, water_anomaly_case, water_report_anomaly, water_demo_generator_anomaly
