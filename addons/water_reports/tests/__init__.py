from . import test_income, test_bill, test_anomaly
