from . import water_report_mixin, water_report_income, water_report_bill
