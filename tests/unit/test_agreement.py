"""Payment agreements' arithmetic: schedules checked against schedules computed by hand."""

from datetime import date
from decimal import Decimal as D

import pytest
from water_collections_utils import agreement

DATES3 = [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15)]


def amounts(instalments, field="amount"):
    return [getattr(i, field) for i in instalments]


def test_no_interest_the_last_instalment_absorbs_the_rounding():
    result = agreement.schedule(1000, DATES3)
    assert amounts(result) == [D("333.33"), D("333.33"), D("333.34")]
    assert amounts(result, "interest") == [D("0.00")] * 3
    assert [i.number for i in result] == [1, 2, 3] and [i.date_due for i in result] == DATES3


def test_flat_interest_is_the_rate_of_the_principal_times_the_instalments():
    result = agreement.schedule(1000, DATES3, rate=1, method=agreement.FLAT)
    assert amounts(result, "principal") == [D("333.33"), D("333.33"), D("333.34")]
    assert amounts(result, "interest") == [D("10.00")] * 3
    assert amounts(result) == [D("343.33"), D("343.33"), D("343.34")]


def test_flat_interest_rounding_goes_to_the_last_instalment():
    # 100 over 7 at 1.5 %: interest 10.50 (1.50 each), principal 14.29 x 6 + 14.26
    result = agreement.schedule(100, [date(2027, m, 1) for m in range(1, 8)], rate=1.5)
    assert amounts(result, "principal") == [D("14.29")] * 6 + [D("14.26")]
    assert amounts(result, "interest") == [D("1.50")] * 7
    assert sum(amounts(result, "principal")) == D("100.00")
    assert sum(amounts(result, "interest")) == D("10.50")


def test_french_amortisation_by_hand():
    # A = 1000 x 0.01 / (1 - 1.01^-3) = 340.02; interest on the balance: 10.00, 6.70 (669.98), 3.37 (336.66)
    result = agreement.schedule(1000, DATES3, rate=1, method=agreement.FRENCH)
    assert amounts(result, "interest") == [D("10.00"), D("6.70"), D("3.37")]
    assert amounts(result, "principal") == [D("330.02"), D("333.32"), D("336.66")]
    assert amounts(result) == [D("340.02"), D("340.02"), D("340.03")]
    assert sum(amounts(result, "principal")) == D("1000.00")


def test_french_without_interest_is_flat():
    assert agreement.schedule(1000, DATES3, 0, agreement.FRENCH) == agreement.schedule(1000, DATES3)


@pytest.mark.parametrize(
    ("principal", "dates", "rate", "method"),
    [(0, DATES3, 0, "flat"), (-5, DATES3, 0, "flat"), (100, [], 0, "flat"), (100, DATES3, -1, "flat"),
     (100, DATES3, 1, "german")],
)  # fmt: skip
def test_what_is_not_a_schedule(principal, dates, rate, method):
    with pytest.raises(ValueError):
        agreement.schedule(principal, dates, rate, method)


def test_monthly_dates_keep_the_day_or_the_month_end():
    assert agreement.monthly_dates(date(2027, 1, 31), 4) == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)
    ]  # fmt: skip
    assert agreement.monthly_dates(date(2027, 11, 10), 3, step=2) == [
        date(2027, 11, 10), date(2028, 1, 10), date(2028, 3, 10)
    ]  # fmt: skip


def test_bill_dates_follow_the_calendar_then_the_billing_step():
    known = [date(2026, 11, 20), date(2026, 12, 20), date(2027, 1, 20)]
    assert agreement.bill_dates(known, 4, 1, after=date(2026, 12, 1)) == [
        date(2026, 12, 20), date(2027, 1, 20), date(2027, 2, 20), date(2027, 3, 20)
    ]  # fmt: skip
    assert agreement.bill_dates([], 2, 2, after=date(2026, 12, 1)) == [date(2027, 2, 1), date(2027, 4, 1)]


def test_minimum_down_payment_rounds_up_to_the_centavo():
    assert agreement.minimum_down_payment(1525, 20) == D("305.00")
    assert agreement.minimum_down_payment(100.01, 20) == D("20.01")  # 20.002
    assert agreement.minimum_down_payment(100, 0) == D("0.00")
    with pytest.raises(ValueError):
        agreement.minimum_down_payment(100, 120)


def test_the_officer_signs_within_both_limits():
    assert not agreement.needs_approval(6, 20000, 6, 20000)
    assert agreement.needs_approval(7, 100, 6, 20000)
    assert agreement.needs_approval(2, 20000.01, 6, 20000)
    assert not agreement.needs_approval(48, 10**6, 0, 0)


def test_breach_day_is_after_the_days_of_grace():
    assert agreement.breach_day(date(2027, 1, 15), 30) == date(2027, 2, 15)
