from . import test_income, test_bill
