from . import water_report_mixin, water_report_income, water_report_bill
from . import water_anomaly_run, water_anomaly_case, water_report_anomaly, water_demo_generator_anomaly
from . import water_source, water_macro_meter, water_source_volume, water_source_demo, water_report_kpi
from . import water_report_kpi_month
from . import water_report_figure, water_report_template, water_report_template_line
from . import water_report_issue, water_report_issue_line, report_water_government_xlsx
from . import water_report_reading, water_report_contract_event, water_report_padron_change
from . import water_report_work_order, water_report_request, water_request_survey, water_request
from . import water_report_survey_answer, water_report_activity
from . import report_water_weekly_billing, report_water_monthly_commercial
from . import water_report_cash_deposit
