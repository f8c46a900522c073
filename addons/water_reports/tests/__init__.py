from . import (
    test_income,
    test_bill,
    test_operations_readings,
    test_operations_requests,
    test_operations_cut_orders,
)
