from datetime import date
from decimal import Decimal as D

import pytest
from water_billing_utils.ledger import (
    PAYMENT,
    SURCHARGES_FIRST,
    SURCHARGES_LAST,
    Application,
    Item,
    balance,
    concept_group,
    overdue_balance,
    paid_by,
    settle,
    split,
)

JAN, FEB, MAR, APR = date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)


def test_balance_nets_credits():
    items = [Item(1, JAN, 100), Item(2, FEB, 50.5), Item(3, FEB, -30)]
    assert balance(items) == D("120.50")
    assert balance([Item(1, JAN, -10)]) == D("-10.00")
    assert balance([]) == D(0)


def test_settle_oldest_first_partial():
    items = [Item("mar", MAR, 300), Item("jan", JAN, 100), Item("feb", FEB, 200.50)]
    result = settle(items, 250)
    assert result.applications == [Application(PAYMENT, "jan", D("100.00")), Application(PAYMENT, "feb", D("150.00"))]
    assert result.credit == D("0.00")
    assert result.balance == D("350.50")


def test_settle_credits_pay_first_so_the_balance_settles_everything():
    items = [Item(1, JAN, 100), Item(2, FEB, 100), Item(9, MAR, -30)]
    result = settle(items, balance(items))
    assert result.applications == [
        Application(9, 1, D("30.00")),
        Application(PAYMENT, 1, D("70.00")),
        Application(PAYMENT, 2, D("100.00")),
    ]
    assert paid_by(result.applications) == {1: D("70.00"), 2: D("100.00")}
    assert result.balance == D("0.00") and result.credit == D("0.00")


def test_settle_refuses_an_overpayment_unless_credit_is_allowed():
    items = [Item(1, JAN, 100), Item(9, MAR, -30)]
    with pytest.raises(ValueError):
        settle(items, 70.01)
    result = settle(items, 100, allow_credit=True)
    assert paid_by(result.applications) == {1: D("70.00")}
    assert result.credit == D("30.00")
    assert result.balance == D("-30.00")


def test_settle_payment_with_nothing_owed_is_all_credit():
    result = settle([], 45, allow_credit=True)
    assert result.applications == [] and result.credit == D("45.00")
    with pytest.raises(ValueError):
        settle([], 1)
    with pytest.raises(ValueError):
        settle([Item(1, JAN, 10)], -1, allow_credit=True)


def test_settle_zero_amount_still_applies_credits():
    items = [Item(1, FEB, 80), Item(7, JAN, -100)]
    result = settle(items, 0)
    assert result.applications == [Application(7, 1, D("80.00"))]
    assert result.balance == D("-20.00")


def test_surcharges_first_last_or_by_date():
    items = [Item("bill-jan", JAN, 100), Item("surcharge-feb", FEB, 15, True), Item("bill-mar", MAR, 100)]
    assert paid_by(settle(items, 120).applications) == {
        "bill-jan": D("100.00"),
        "surcharge-feb": D("15.00"),
        "bill-mar": D("5.00"),
    }
    first = settle(items, 50, surcharges=SURCHARGES_FIRST).applications
    assert [(a.debt, a.amount) for a in first] == [("surcharge-feb", D("15.00")), ("bill-jan", D("35.00"))]
    last = settle(items, 210, surcharges=SURCHARGES_LAST).applications
    assert [(a.debt, a.amount) for a in last] == [
        ("bill-jan", D("100.00")),
        ("bill-mar", D("100.00")),
        ("surcharge-feb", D("10.00")),
    ]


def test_same_date_stable_by_key():
    items = [Item(2, JAN, 5), Item(1, JAN, 5)]
    assert [(a.debt, a.amount) for a in settle(items, 6).applications] == [(1, D("5.00")), (2, D("1.00"))]


def test_overdue_balance_counts_past_due_debts_less_credits():
    items = [Item(1, JAN, 100), Item(2, APR, 100), Item(3, FEB, -30)]
    assert overdue_balance(items, MAR) == D("70.00")
    assert overdue_balance(items, JAN) == D(0)  # nothing due before January 31
    assert overdue_balance([Item(1, JAN, 10), Item(2, JAN, -50)], MAR) == D(0)


def test_split_adds_up_to_the_cent():
    parts = split(D("100.00"), {"water": 1, "drainage": 1, "sanitation": 1})
    assert sum(parts.values()) == D("100.00")
    assert sorted(parts.values()) == [D("33.33"), D("33.33"), D("33.34")]
    assert split(D(50), {"water": 200, "drainage": 50}) == {"water": D("40.00"), "drainage": D("10.00")}
    assert split(D("12.34"), {}) == {"other": D("12.34")}


def test_concept_groups():
    assert concept_group("consumption") == "water"
    assert concept_group("fixed_quota") == "water"
    assert concept_group("drainage") == "drainage"
    assert concept_group("sanitation") == "sanitation"
    assert concept_group("consumption", surcharge=True) == "surcharges"
    assert concept_group(None) == "other"
