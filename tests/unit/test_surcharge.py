from datetime import date
from decimal import Decimal as D

import pytest
from water_collections_utils.surcharge import forgiven_amount, may_forgive, surcharge_amount, surcharge_month


def test_surcharge_amount_rounds_to_the_cent():
    assert surcharge_amount(1000, 1.47) == D("14.70")
    assert surcharge_amount("325.61", 1.47) == D("4.79")  # 4.786467
    assert surcharge_amount(0, 1.47) == D("0.00")
    assert surcharge_amount(-10, 1.47) == D("0.00")
    assert surcharge_amount(100, 0) == D("0.00")


def test_surcharge_month_is_its_first_day():
    assert surcharge_month(date(2025, 4, 30)) == date(2025, 4, 1)


def test_forgiven_amount():
    assert forgiven_amount("14.70", 100) == D("14.70")
    assert forgiven_amount("14.70", 80) == D("11.76")
    assert forgiven_amount("4.79", 60) == D("2.87")
    with pytest.raises(ValueError):
        forgiven_amount(10, 0)
    with pytest.raises(ValueError):
        forgiven_amount(10, 120)


def test_limits_per_role():
    assert may_forgive(50, is_manager=False, officer_limit=50)
    assert not may_forgive(60, is_manager=False, officer_limit=50)
    assert may_forgive(100, is_manager=True, officer_limit=50)
