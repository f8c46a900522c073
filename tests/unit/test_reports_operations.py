"""The operations reports' rules: the weeks and months they cover, shares, days and deadlines."""

from datetime import date, datetime

from water_reports_utils.operations import (
    answered_on_time,
    average,
    days_between,
    month_bounds,
    order_overdue,
    previous_bounds,
    share,
    week_bounds,
)


def test_week_is_monday_to_sunday():
    assert week_bounds(date(2026, 12, 2)) == (date(2026, 11, 30), date(2026, 12, 6))  # a Wednesday
    assert week_bounds(date(2026, 11, 30)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert week_bounds(date(2026, 12, 6)) == (date(2026, 11, 30), date(2026, 12, 6))
    assert week_bounds(date(2025, 1, 1)) == (date(2024, 12, 30), date(2025, 1, 5))  # across the year


def test_month_bounds_february_and_december():
    assert month_bounds(date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_bounds(date(2025, 2, 28)) == (date(2025, 2, 1), date(2025, 2, 28))
    assert month_bounds(date(2025, 12, 31)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_previous_period_of_the_same_length():
    assert previous_bounds(date(2026, 11, 30), date(2026, 12, 6)) == (date(2026, 11, 23), date(2026, 11, 29))


def test_share_rounds_and_never_divides_by_zero():
    assert share(3, 4) == 75.0
    assert share(2, 3) == 66.7
    assert share(1, 0) == 0.0
    assert share(None, 5) == 0.0


def test_days_between_dates_and_datetimes():
    assert days_between(date(2025, 3, 2), date(2025, 3, 5)) == 3
    assert days_between(datetime(2025, 3, 2, 23, 0), datetime(2025, 3, 5, 1, 0)) == 3
    assert days_between(date(2025, 3, 2), None) is None


def test_order_overdue_after_the_limit_only_while_open():
    today = date(2025, 3, 20)
    assert order_overdue(date(2025, 3, 12), None, today) is True  # 8 days > 7
    assert order_overdue(date(2025, 3, 13), None, today) is False  # 7 days: still within
    assert order_overdue(date(2025, 3, 1), date(2025, 3, 19), today) is False
    assert order_overdue(date(2025, 3, 13), None, today, limit_days=5) is True


def test_answered_on_time_by_the_deadline_day():
    deadline = date(2025, 3, 8)
    assert answered_on_time(datetime(2025, 3, 8, 22, 0), deadline) is True
    assert answered_on_time(datetime(2025, 3, 9, 0, 1), deadline) is False
    assert answered_on_time(None, deadline) is False
    assert answered_on_time(date(2025, 3, 1), None) is None


def test_average_ignores_missing_values():
    assert average([3, 5.5, 9, None]) == 5.83
    assert average([None]) is None
