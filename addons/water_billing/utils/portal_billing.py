"""What the citizen portal shows of an account's bills: status of a bill, the consumption bars and
the checks of a self-reading typed on a phone. Independent of Odoo."""

import math

from . import bill_chart
from .reading import meter_difference, parse_reading

# status of a bill on the portal
PAID, PARTIAL, OVERDUE, PENDING, CANCELLED, REVERSED = "paid", "partial", "overdue", "pending", "cancelled", "reversed"
BADGE_CLASSES = {
    PAID: "text-bg-success",
    PARTIAL: "text-bg-info",
    OVERDUE: "text-bg-danger",
    PENDING: "text-bg-warning",
    CANCELLED: "text-bg-secondary",
    REVERSED: "text-bg-secondary",
}

# self-reading checks
MAX_PHOTO_BYTES = 8 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
EMPTY, NOT_A_NUMBER, NEGATIVE, TOO_MANY_DIGITS, LOWER = "empty", "not_a_number", "negative", "too_many_digits", "lower"


def bill_status(state, payment_state, residual, due_date, today, rounding=0.005):
    """Portal status of a customer invoice: cancelled, reversed, paid, partial, overdue or pending.
    A bill that still owes something after its due date is overdue, partly paid or not."""
    if state == "cancel":
        return CANCELLED
    if payment_state == "reversed":
        return REVERSED
    if payment_state in ("paid", "in_payment") or abs(residual or 0.0) < rounding:
        return PAID
    if due_date and due_date < today:
        return OVERDUE
    if payment_state == "partial":
        return PARTIAL
    return PENDING


def chart_bars(periods, max_periods=12):
    """periods: [(month label, year label, m³), ...] oldest first -> the bill's bars of the last
    ``max_periods`` (``bill_chart.bars``, heights in px up to 100, a period with some consumption keeps a
    visible bar) and the average m³ of those periods (None when there are none)."""
    bars = bill_chart.bars(periods, max_height=100.0, min_height=3.0, max_periods=max_periods)
    average = round(sum(bar["volume"] for bar in bars) / len(bars), 1) if bars else None
    return bars, average


def check_self_reading(text, last_value, digits=5):
    """The value a citizen typed -> (value, None) or (None, error code). The value may not be lower than
    the last reading of the meter, unless the dial rolled over (last reading near the top of the dial,
    new one near zero)."""
    try:
        value = parse_reading(text)
    except ValueError:
        return None, NOT_A_NUMBER
    if value is None:
        return None, EMPTY
    if not math.isfinite(value):
        return None, NOT_A_NUMBER
    if value < 0:
        return None, NEGATIVE
    digits = digits or 5
    if value >= 10**digits:
        return None, TOO_MANY_DIGITS
    if last_value is not None and value < last_value:
        consumption, _rolled = meter_difference(last_value, value, digits)
        if consumption is None:
            return None, LOWER
    return value, None


def check_photo(size, mimetype):
    """None when the photo may be stored, else 'missing', 'too_big' or 'not_an_image'."""
    if not size:
        return "missing"
    if size > MAX_PHOTO_BYTES:
        return "too_big"
    if mimetype not in PHOTO_TYPES:
        return "not_an_image"
    return None


def reading_label(value):
    """1234.0 -> '1234', 1234.5 -> '1234.5', None -> ''."""
    if value is None:
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")
