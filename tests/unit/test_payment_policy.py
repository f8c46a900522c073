"""The payment policy (the ledger's ``settle``) as collections uses it: the cases the window's old
allocation tested, and the account's credits paying before the money."""

from datetime import date
from decimal import Decimal as D

from water_billing_utils.ledger import PAYMENT, SURCHARGES_FIRST, SURCHARGES_LAST, Application, Item, paid_by, settle

JAN, FEB, MAR = date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)


def test_the_whole_debt_exactly_or_nothing():
    items = [Item("a", JAN, 10.10), Item("b", FEB, 20.20)]
    result = settle(items, 30.30)
    assert [(a.debt, a.amount) for a in result.applications] == [("a", D("10.10")), ("b", D("20.20"))]
    assert result.balance == D("0.00") and result.credit == D("0.00")
    assert settle(items, 0).applications == []


def test_several_credits_oldest_first_before_the_money_and_the_rest_is_credit():
    items = [Item(1, JAN, 100), Item(2, FEB, 50), Item(8, MAR, -20), Item(7, FEB, -40)]
    result = settle(items, 100, allow_credit=True)
    assert result.applications == [
        Application(7, 1, D("40.00")),
        Application(8, 1, D("20.00")),
        Application(PAYMENT, 1, D("40.00")),
        Application(PAYMENT, 2, D("50.00")),
    ]
    assert result.credit == D("10.00") and result.balance == D("-10.00")


def test_credits_follow_the_surcharge_order_too():
    """The case the Odoo tests run at the window, in a file and online: a credit note of 20 and 85 of money over
    a January bill, a February surcharge and a March bill."""
    items = [Item("jan", JAN, 100), Item("surcharge", FEB, 15, True), Item("mar", MAR, 100), Item("note", FEB, -20)]
    by_date = settle(items, 85)
    assert paid_by(by_date.applications, "note") == {"jan": D("20.00")}
    assert paid_by(by_date.applications) == {"jan": D("80.00"), "surcharge": D("5.00")}
    first = settle(items, 85, surcharges=SURCHARGES_FIRST)
    assert paid_by(first.applications, "note") == {"surcharge": D("15.00"), "jan": D("5.00")}
    assert paid_by(first.applications) == {"jan": D("85.00")}
    last = settle(items, 85, surcharges=SURCHARGES_LAST)
    assert paid_by(last.applications, "note") == {"jan": D("20.00")}
    assert paid_by(last.applications) == {"jan": D("80.00"), "mar": D("5.00")}
