"""Plain-Python rules of the reports to government (no Odoo): the periods a report covers, the figure keys of
the templates' lines, and how a figure is printed.

A template's periodicity says how the year is cut: ``bimonthly`` in 6 bimesters, ``quarterly`` in 4 quarters,
``annual`` in one period. A template line names its figure by a key: ``tomas_registered``; a key with a
parameter, ``tomas_by_class:DOM`` (the class code); or a part of a figure, ``eficiencia_fisica.denominator``
(``numerator``, ``denominator`` or an entry of its ``breakdown``)."""

import calendar
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PERIODS_PER_YEAR = {"bimonthly": 6, "quarterly": 4, "annual": 1}
PARTS = ("value", "numerator", "denominator")
KEY_RE = re.compile(r"^(?P<base>[a-z][a-z0-9_]*)(?::(?P<param>[A-Za-z0-9_-]+))?(?:\.(?P<part>[A-Za-z0-9_]+))?$")


def period_count(periodicity):
    """How many periods of ``periodicity`` a year has."""
    if periodicity not in PERIODS_PER_YEAR:
        raise ValueError(f"unknown periodicity {periodicity!r}")
    return PERIODS_PER_YEAR[periodicity]


def period_bounds(periodicity, year, number=1):
    """(first day, last day) of period ``number`` (1-based) of ``year``: bimester 2 of 2025 is 2025-03-01 to
    2025-04-30, quarter 4 is October to December, the annual period is the whole year. A number outside the
    periodicity (bimester 7, quarter 5, an annual report's period 2) is a ValueError."""
    count = period_count(periodicity)
    if not isinstance(number, int) or not 1 <= number <= count:
        raise ValueError(f"period {number!r} is not between 1 and {count} for a {periodicity} report")
    if not isinstance(year, int) or not 1900 <= year <= 9999:
        raise ValueError(f"year {year!r} is out of range")
    months = 12 // count
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def parse_key(key):
    """(base, param, part) of a figure key; ValueError when the key is not of the form base[:param][.part]."""
    match = KEY_RE.match((key or "").strip())
    if not match:
        raise ValueError(f"{key!r} is not a figure key (name, name:parameter or name.part)")
    return match["base"], match["param"], match["part"] or "value"


def figure_part(figure, part):
    """The number ``part`` of a figure {"value", "numerator", "denominator", "breakdown"...}: one of
    ``PARTS`` or an entry of its breakdown (0 when the breakdown has no such entry); None when the figure
    does not have that part."""
    if figure is None:
        return None
    if part in PARTS:
        return figure.get(part)
    breakdown = figure.get("breakdown")
    if isinstance(breakdown, dict):
        return breakdown.get(part, 0)
    return None


def formula_part(formula, part):
    """The formula of a ratio's numerator or denominator from the ratio's formula "A ÷ B [× 100]": A, or B;
    None when the formula is not a ratio or the part is another one."""
    if part not in ("numerator", "denominator") or " ÷ " not in (formula or ""):
        return None
    numerator, denominator = formula.split(" ÷ ", 1)
    if part == "numerator":
        return numerator.strip()
    return denominator.removesuffix(" × 100").strip()


def quantize(value, places=2):
    """``value`` rounded half up to ``places`` decimals, a float; None stays None."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def per_unit(amount, volume, places=2):
    """amount ÷ volume (income or cost per m³), rounded half up; None when the volume is zero or missing."""
    if volume is None or amount is None or Decimal(str(volume)) == 0:
        return None
    return quantize(Decimal(str(amount)) / Decimal(str(volume)), places)


def format_number(value, unit="", places=2):
    """A figure as printed in the report: thousands with commas, ``places`` decimals (none for counts),
    ``$`` before money; "n/a" when it cannot be computed."""
    if value is None:
        return "n/a"
    unit = (unit or "").strip()
    if unit in ("MXN", "$"):
        return f"$ {quantize(value, 2):,.2f}"
    if float(value).is_integer() and unit not in ("%", "m³", "MXN/m³"):
        return f"{int(value):,}"
    return f"{quantize(value, places):,.{places}f}"
