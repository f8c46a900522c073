from datetime import date
from decimal import Decimal as D

import pytest
from water_collections_utils.cash import Debt, allocate, change_due, count_differences

JAN, FEB, MAR = date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)


def test_allocate_oldest_first_partial():
    debts = [Debt("mar", MAR, 300), Debt("jan", JAN, 100), Debt("feb", FEB, 200.50)]
    assert allocate(debts, 250) == [("jan", D("100.00")), ("feb", D("150.00"))]


def test_allocate_whole_debt_and_nothing():
    debts = [Debt("a", JAN, 10.10), Debt("b", FEB, 20.20)]
    assert allocate(debts, 30.30) == [("a", D("10.10")), ("b", D("20.20"))]
    assert allocate(debts, 0) == []


def test_allocate_surcharges_first_when_asked():
    debts = [Debt("bill-jan", JAN, 100), Debt("surcharge-feb", FEB, 15, True), Debt("bill-feb", FEB, 100)]
    assert allocate(debts, 50) == [("bill-jan", D("50.00"))]
    assert allocate(debts, 50, surcharges_first=True) == [("surcharge-feb", D("15.00")), ("bill-jan", D("35.00"))]


def test_allocate_same_date_stable_by_key():
    debts = [Debt(2, JAN, 5), Debt(1, JAN, 5)]
    assert allocate(debts, 6) == [(1, D("5.00")), (2, D("1.00"))]


def test_allocate_refuses_advances_and_negatives():
    with pytest.raises(ValueError):
        allocate([Debt("a", JAN, 10)], 10.01)
    with pytest.raises(ValueError):
        allocate([Debt("a", JAN, 10)], -1)


def test_change_due_only_from_cash():
    assert change_due(180.50, 200, 0) == D("19.50")
    assert change_due(180.50, 0, 180.50) == D("0.00")
    assert change_due(180.50, 100, 80.50) == D("0.00")
    with pytest.raises(ValueError):
        change_due(100, 0, 120)  # a card never gives change
    with pytest.raises(ValueError):
        change_due(100, 50, 20)  # short


def test_count_differences():
    result = count_differences({"cash": 1500, "card": 300}, {"cash": 1490.5, "card": 300, "cheque": 10})
    assert result == {
        "card": (D("300.00"), D("300.00"), D("0.00")),
        "cash": (D("1500.00"), D("1490.50"), D("-9.50")),
        "cheque": (D("0.00"), D("10.00"), D("10.00")),
    }
