from . import test_income, test_bill, test_anomaly
from . import test_kpi, test_kpi_ui, test_source_volume
from . import test_government
from . import test_operations_readings, test_operations_requests, test_operations_cut_orders
from . import test_cash_deposit_report
