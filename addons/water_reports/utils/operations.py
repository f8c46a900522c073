"""Plain-Python rules of the operations reports (readings, padrón, orders, requests, surveys).

The SQL views compute the same figures row by row; these functions are the one definition of the
periods a report covers and of the shares it prints, and are exercised by pytest without Odoo.
"""

from datetime import date, timedelta

DEFAULT_ORDER_OVERDUE_DAYS = 7


def week_bounds(day):
    """The ISO week (Monday to Sunday) that holds ``day``: (first day, last day)."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_bounds(day):
    """The calendar month that holds ``day``: (first day, last day)."""
    start = day.replace(day=1)
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, following - timedelta(days=1)


def previous_bounds(start, end):
    """The period of the same length just before [start, end]."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def share(part, whole, digits=1):
    """``part`` as a percentage of ``whole`` (0 when there is nothing to divide)."""
    if not whole:
        return 0.0
    return round(100.0 * (part or 0) / whole, digits)


def days_between(start, end):
    """Whole days from ``start`` to ``end`` (dates or datetimes), None while ``end`` is missing."""
    if not start or not end:
        return None
    start = start.date() if hasattr(start, "date") and callable(start.date) else start
    end = end.date() if hasattr(end, "date") and callable(end.date) else end
    return (end - start).days


def order_overdue(issued, done, today, limit_days=DEFAULT_ORDER_OVERDUE_DAYS):
    """An order still open ``limit_days`` after it was issued is overdue (a done order never is)."""
    return done is None and (today - issued).days > limit_days


def answered_on_time(answered, deadline):
    """True when the request was answered on or before its deadline, False when late or unanswered, None
    when it has no deadline."""
    if not deadline:
        return None
    if not answered:
        return False
    answered = answered.date() if hasattr(answered, "date") and callable(answered.date) else answered
    return answered <= deadline


def average(values, digits=2):
    """Mean of the values that are not None (None when there is none)."""
    values = [value for value in values if value is not None]
    if not values:
        return None
    return round(sum(values) / len(values), digits)
