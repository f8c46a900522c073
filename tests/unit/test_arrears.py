from datetime import date
from decimal import Decimal

from water_billing_utils.ledger import Item
from water_collections_utils import arrears
from water_collections_utils.arrears import account_arrears, days_bucket, months_bucket

DAY = date(2025, 6, 15)


def bill(key, due, amount, surcharge=False):
    return Item(key, due, Decimal(str(amount)), surcharge)


def test_buckets_cover_every_limit():
    assert [months_bucket(m) for m in (0, 1, 2, 3, 4, 6, 7, 12, 13, 24, 25, 99)] == [
        False,
        "1",
        "2",
        "3",
        "4_6",
        "4_6",
        "7_12",
        "7_12",
        "13_24",
        "13_24",
        "25_plus",
        "25_plus",
    ]
    assert [days_bucket(d) for d in (0, 1, 30, 31, 60, 61, 90, 91, 180, 181, 365, 366, 730, 731)] == [
        False,
        "1_30",
        "1_30",
        "31_60",
        "31_60",
        "61_90",
        "61_90",
        "91_180",
        "91_180",
        "181_365",
        "181_365",
        "366_730",
        "366_730",
        "731_plus",
    ]


def test_months_owed_count_the_unpaid_periods_after_credits():
    items = [
        bill(1, date(2025, 3, 20), 100),
        bill(2, date(2025, 4, 20), 100),
        bill(3, date(2025, 5, 20), 100),
        bill(4, date(2025, 6, 20), 100),  # not due yet
        bill(5, date(2025, 4, 21), 10, surcharge=True),
        Item("credit", date(2025, 5, 1), Decimal(-150), False),
    ]
    months = {1: "p03", 2: "p04", 3: "p05", 4: "p06"}
    result = account_arrears(items, DAY, months)
    # overdue 310 less the credit 150; the credit pays March and half of April (by date)
    assert result.overdue == Decimal("160.00")
    assert result.credit == Decimal("150.00")
    assert result.months_owed == 2
    assert result.open_keys == [2, 5, 3]
    assert result.oldest_due == date(2025, 4, 20)
    assert result.days_past_due == 56


def test_surcharges_first_leave_the_bills_open():
    items = [bill(1, date(2025, 3, 20), 100), bill(5, date(2025, 4, 21), 10, surcharge=True)]
    items.append(Item("credit", date(2025, 5, 1), Decimal(-10), False))
    result = account_arrears(items, DAY, {1: "p03"}, surcharges="first")
    assert result.open_keys == [1]
    assert result.months_owed == 1


def test_nothing_overdue():
    items = [bill(1, date(2025, 6, 20), 100), Item("c", date(2025, 5, 1), Decimal(-20), False)]
    result = account_arrears(items, DAY, {1: "p06"})
    assert (result.overdue, result.months_owed, result.oldest_due, result.days_past_due) == (0, 0, None, 0)
    paid = account_arrears([bill(1, date(2025, 3, 20), 100), Item("c", date(2025, 5, 1), Decimal(-100), False)], DAY)
    assert paid.overdue == 0 and paid.months_owed == 0


def test_overdue_charge_without_month_counts_one():
    result = account_arrears([bill(7, date(2025, 5, 1), 80)], DAY, {})
    assert result.months_owed == 1 and result.days_past_due == 45


def test_recovery_is_the_previous_overdue_less_what_is_still_open():
    previous = {"water": 300.0, "drainage": 60.0, "sanitation": 30.0, "surcharges": 10.0, "other": 0.0}
    still_open = {"water": 100.0, "drainage": 20.0, "sanitation": 10.0, "surcharges": 10.0}
    result = arrears.recovery(previous, still_open)
    assert result["water"] == Decimal("200.00")
    assert result["drainage"] == Decimal("40.00")
    assert result["sanitation"] == Decimal("20.00")
    assert result["surcharges"] == Decimal("0.00")
    assert result["other"] == Decimal("0.00")
    assert result["total"] == Decimal("260.00")


def test_recovery_never_negative():
    # a cancelled receipt reopened more of a debt than was overdue at the close: nothing recovered, not less
    assert arrears.recovery({"water": 50.0}, {"water": 80.0}) == {"water": Decimal(0), "total": Decimal(0)}


def test_deviation_in_percent():
    assert arrears.deviation(150.0, 100.0) == 50.0
    assert arrears.deviation(80.0, 100.0) == -20.0
    assert arrears.deviation(10.0, 0.0) is None
