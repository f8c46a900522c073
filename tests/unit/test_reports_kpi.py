"""The indicators' arithmetic (water_reports/utils/kpi.py)."""

from datetime import date
from decimal import Decimal

from water_reports_utils import kpi


def test_ratio_percent_rounded_half_up():
    assert kpi.ratio(1, 3) == 33.33
    assert kpi.ratio(2, 3) == 66.67
    assert kpi.ratio(1, 8) == 12.5
    # 0.125 is half way at two places of the fraction: half up, not to even
    assert kpi.ratio(1, 8, percent=False) == 0.13
    assert kpi.ratio(Decimal("1234.50"), Decimal("2000.00")) == 61.73  # 61.725 → 61.73


def test_ratio_without_denominator_is_none():
    assert kpi.ratio(5, 0) is None
    assert kpi.ratio(5, None) is None
    assert kpi.ratio(0, 10) == 0.0
    assert kpi.ratio(None, 10) == 0.0


def test_ratio_over_100():
    # collected more than billed (arrears recovered): over 100 %
    assert kpi.ratio(1500, 1000) == 150.0


def test_product_of_percentages():
    assert kpi.product_of_percentages(80.0, 60.0) == 48.0
    assert kpi.product_of_percentages(33.33, 50.0) == 16.67  # 16.665 → 16.67
    assert kpi.product_of_percentages(80.0, None) is None


def test_trend_months():
    assert kpi.trend_months(date(2026, 3, 15), 4) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert len(kpi.trend_months(date(2026, 11, 30), 12)) == 12
    assert kpi.trend_months(date(2026, 11, 30), 12)[0] == date(2025, 12, 1)
    assert kpi.trend_months(date(2026, 1, 1), 0) == []


def test_add_months_and_month_bounds():
    assert kpi.add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert kpi.add_months(date(2025, 12, 5), 1) == date(2026, 1, 1)
    assert kpi.month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert kpi.month_start(date(2024, 2, 10)) == date(2024, 2, 1)


def test_months_in_period():
    assert kpi.months_in(date(2026, 1, 1), date(2026, 3, 31)) == 3.0
    assert kpi.months_in(date(2026, 6, 1), date(2026, 6, 15)) == 0.5
    assert kpi.months_in(date(2026, 6, 10), date(2026, 6, 1)) == 0.0
    assert kpi.months_in(date(2026, 1, 17), date(2026, 2, 14)) == round(15 / 31 + 14 / 28, 6)


def test_per_month():
    assert kpi.per_month(3000, date(2026, 1, 1), date(2026, 3, 31)) == 1000.0
    assert kpi.per_month(100, date(2026, 6, 10), date(2026, 6, 1)) is None


def test_month_pieces_mark_whole_closed_months():
    today = date(2026, 3, 10)
    assert kpi.month_pieces(date(2025, 12, 15), date(2026, 3, 31), today) == [
        (date(2025, 12, 15), date(2025, 12, 31), False),  # a part of December
        (date(2026, 1, 1), date(2026, 1, 31), True),
        (date(2026, 2, 1), date(2026, 2, 28), True),
        (date(2026, 3, 1), date(2026, 3, 31), False),  # the current month
    ]
    # a month that ends today is not closed yet
    assert kpi.month_pieces(date(2026, 2, 1), date(2026, 2, 28), date(2026, 2, 28)) == [
        (date(2026, 2, 1), date(2026, 2, 28), False)
    ]
    assert kpi.month_pieces(date(2026, 2, 1), date(2026, 1, 31), today) == []


def test_live_spans_join_consecutive_pieces():
    pieces = [
        (date(2025, 12, 15), date(2025, 12, 31), False),
        (date(2026, 1, 1), date(2026, 1, 31), True),
        (date(2026, 3, 1), date(2026, 3, 31), False),
        (date(2026, 4, 1), date(2026, 4, 30), False),
    ]
    assert kpi.live_spans(pieces) == [
        (date(2025, 12, 15), date(2025, 12, 31)),
        (date(2026, 3, 1), date(2026, 4, 30)),
    ]


def test_combine_facts_adds_flows_and_keeps_the_last_stock():
    january = {"collected": 800.0, "billed": 950.0, "bills_due": 4, "in_service": 6, "metered": 5}
    february = {"collected": 100.5, "billed": 0.0, "bills_due": 1, "in_service": 7, "metered": 5, "cuts": 2}
    combined = kpi.combine_facts([january, february])
    assert combined["collected"] == 900.5
    assert combined["billed"] == 950.0
    assert combined["bills_due"] == 5
    assert combined["cuts"] == 2
    assert (combined["in_service"], combined["metered"]) == (7, 5)
    assert set(combined) == set(kpi.STORED_FACTS)


def test_settled_after_the_settle_days():
    month = date(2026, 1, 1)
    assert not kpi.is_settled(month, date(2026, 2, 15))
    assert kpi.is_settled(month, date(2026, 1, 31) + kpi.timedelta(days=kpi.SETTLE_DAYS))


def test_needs_refresh_until_settled_and_a_week_after_first_stored():
    month, today = date(2026, 1, 1), date(2026, 7, 1)
    assert kpi.needs_refresh(month, date(2026, 3, 1), date(2026, 2, 1), today), "computed before it settled"
    assert kpi.needs_refresh(month, date(2026, 6, 28), date(2026, 6, 28), today), "first stored three days ago"
    assert not kpi.needs_refresh(month, date(2026, 6, 20), date(2026, 6, 20), today)
