"""Plain-Python arithmetic of the indicators (no Odoo): ratios, rounding, months of a period.

The KPI model (``models/water_report_kpi.py``) reads numerators and denominators with SQL and hands them
here, so the dashboard, the government reports and the tests share one way of dividing and rounding."""

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

PERCENT_PLACES = 2


def to_decimal(value):
    """A number (int, float, Decimal, None) as a Decimal; None is zero."""
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def round_half_up(value, places=PERCENT_PLACES):
    """``value`` rounded half up to ``places`` decimals (as the utility's reports print), a float."""
    quantum = Decimal(1).scaleb(-places)
    return float(to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


def ratio(numerator, denominator, percent=True, places=PERCENT_PLACES):
    """numerator / denominator (× 100 when ``percent``), rounded half up; None when the denominator is zero or
    missing: an indicator without a base is not 0 %, it is not computable."""
    den = to_decimal(denominator)
    if den == 0:
        return None
    value = to_decimal(numerator) / den
    if percent:
        value *= 100
    return round_half_up(value, places)


def product_of_percentages(*values, places=PERCENT_PLACES):
    """The product of percentages as a percentage (eficiencia global = comercial × física / 100); None when any
    of them is None."""
    if any(value is None for value in values):
        return None
    result = Decimal(100)
    for value in values:
        result = result * to_decimal(value) / 100
    return round_half_up(result, places)


def month_start(day):
    return date(day.year, day.month, 1)


def month_end(day):
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    """The first day of the month ``months`` after (or before, when negative) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def trend_months(date_to, months=12):
    """The first days of the ``months`` months ending with ``date_to``'s month, oldest first."""
    if months < 1:
        return []
    last = month_start(date_to)
    return [add_months(last, offset) for offset in range(-(months - 1), 1)]


def months_in(date_from, date_to):
    """How many months the period [date_from, date_to] covers, a partial month counted by its days
    (1 Jan – 31 Mar is 3.0; 1–15 Jun is 0.5); 0 when the period is empty."""
    if date_to < date_from:
        return 0.0
    total = Decimal(0)
    day = date_from
    while day <= date_to:
        end = min(month_end(day), date_to)
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        total += Decimal((end - day).days + 1) / Decimal(days_in_month)
        day = end + timedelta(days=1)
    return float(round(total, 6))


def per_month(amount, date_from, date_to, places=2):
    """``amount`` per month of the period (the monthly billing of a quarter is its billing / 3)."""
    months = months_in(date_from, date_to)
    if not months:
        return None
    return round_half_up(to_decimal(amount) / to_decimal(months), places)


# the facts of a bucket that add up over months, and those that are a stock at the bucket's last day
ADDITIVE_FACTS = (
    "collected",
    "billed",
    "billed_volume",
    "produced_volume",
    "readings",
    "readings_measured",
    "bills_due",
    "bills_on_time",
    "new_contracts",
    "cuts",
    "reconnections",
    "requests_due",
    "requests_on_time",
)
STOCK_FACTS = ("in_service", "metered")
STORED_FACTS = ADDITIVE_FACTS + STOCK_FACTS
# a closed month's figures stop moving once its bills are due and its payments posted: after this many days its
# stored facts are settled and the nightly refresh leaves them alone
SETTLE_DAYS = 92


def month_pieces(date_from, date_to, today):
    """The period [date_from, date_to] cut at the months' ends: [(start, end, closed)], ``closed`` when the piece
    is a whole month that ended before ``today`` (its facts can be stored)."""
    pieces = []
    day = date_from
    while day <= date_to:
        end = min(month_end(day), date_to)
        closed = day.day == 1 and end == month_end(day) and end < today
        pieces.append((day, end, closed))
        day = end + timedelta(days=1)
    return pieces


def live_spans(pieces):
    """The consecutive pieces that are not closed months, joined: [(start, end)]."""
    spans = []
    for start, end, closed in pieces:
        if closed:
            continue
        if spans and spans[-1][1] + timedelta(days=1) == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def combine_facts(parts):
    """The facts of a period from the facts of its consecutive pieces, oldest first: the additive facts summed,
    the stocks those of the last piece."""
    combined = {key: 0 for key in ADDITIVE_FACTS}
    for part in parts:
        for key in ADDITIVE_FACTS:
            combined[key] += part.get(key) or 0
    for key, value in combined.items():
        if isinstance(value, float):
            combined[key] = round(value, 6)  # the sum of amounts in cents without float noise
    last = parts[-1] if parts else {}
    for key in STOCK_FACTS:
        combined[key] = last.get(key) or 0
    return combined


def is_settled(month, computed_on):
    """Whether facts of ``month`` (its first day) computed on ``computed_on`` (a date) are final."""
    return computed_on >= month_end(month) + timedelta(days=SETTLE_DAYS)


# a month stored lately may have been stored before its history was all there (a view during an import, the
# demo's payments still being made): the nightly job recomputes it for this many days
RECHECK_DAYS = 7


def needs_refresh(month, computed_on, stored_on, today):
    """Whether the nightly job recomputes the stored facts of ``month``: computed before the month settled, or
    first stored less than RECHECK_DAYS ago."""
    return not is_settled(month, computed_on) or stored_on > today - timedelta(days=RECHECK_DAYS)
