"""The account's statement (estado de cuenta), independent of Odoo: the running balance and the
totals of the account's journal items over a date range, the default range, the reading of the
dates a citizen types, and the pages of the printed statement.

A statement is its opening balance (everything before the range), its lines in date order, each
with what it charged the account (``charge``), what it paid or credited (``credit``) and the
balance after it, and its totals. Amounts are Decimals rounded to cents.
"""

import re
from collections import namedtuple
from datetime import date, timedelta

from .ledger import ZERO, money

Statement = namedtuple("Statement", ["date_from", "date_to", "opening", "lines", "charges", "credits", "closing"])

# errors of a date range
MISSING, NOT_A_DATE, INVERTED, TOO_OLD = "missing", "not_a_date", "inverted", "too_old"
FIRST_YEAR = 1900


def build(opening, entries, date_from=None, date_to=None):
    """The statement of ``entries`` (dicts in date order, each with ``charge`` and ``credit``, both
    positive) after an ``opening`` balance: each line is a copy of its entry with ``charge`` and
    ``credit`` as money and ``balance``, the balance after it; the totals of charges and credits and
    the closing balance (opening + charges - credits)."""
    running = money(opening)
    lines = []
    charges = credits = ZERO
    for entry in entries:
        charge, credit = money(entry.get("charge")), money(entry.get("credit"))
        charges += charge
        credits += credit
        running += charge - credit
        lines.append(dict(entry, charge=charge, credit=credit, balance=running))
    return Statement(date_from, date_to, money(opening), lines, charges, credits, money(opening) + charges - credits)


def balances_by_date(statement):
    """{date: balance at the end of that day} of the dates the statement has lines on."""
    return {line["date"]: line["balance"] for line in statement.lines}


def year_before(day):
    """The same day a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def default_range(today):
    """The last twelve months to ``today``: (the day after the same day a year earlier, today)."""
    return year_before(today) + timedelta(days=1), today


def parse_date(text):
    """A date typed as ``yyyy-mm-dd`` (what a date input sends) or ``dd/mm/yyyy``; None when it is
    not one (an empty text, a wrong format, a day that does not exist)."""
    if isinstance(text, date):
        return text
    text = (text or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_range(date_from, date_to, today):
    """(date_from, date_to, error) from what was typed: an empty range gives the default one, an
    empty end today; error is None or one of MISSING, NOT_A_DATE, INVERTED, TOO_OLD."""
    typed_from, typed_to = (value.strip() if isinstance(value, str) else value for value in (date_from, date_to))
    if not typed_from and not typed_to:
        return (*default_range(today), None)
    if not typed_from:
        return None, None, MISSING
    start, end = parse_date(typed_from), parse_date(typed_to) if typed_to else today
    if start is None or end is None:
        return None, None, NOT_A_DATE
    if start > end:
        return start, end, INVERTED
    if start.year < FIRST_YEAR:
        return start, end, TOO_OLD
    return start, end, None


def paginate(count, first, other, reserve):
    """The pages of a printed statement of ``count`` lines as [(start, stop)] slices: the first page
    holds ``first`` lines, every other page ``other``, and the last one must also leave room for
    ``reserve`` lines (the totals), so a statement whose lines fill its last page gets one more page
    with at least one line on it. A statement without lines is one page."""
    if first <= reserve or other <= reserve:
        raise ValueError("a page must hold more lines than the room kept for the totals")
    pages, start, capacity = [], 0, first
    while True:
        remaining = count - start
        if remaining + reserve <= capacity:
            pages.append((start, count))
            return pages
        take = min(remaining, capacity)
        if take == remaining:
            take = remaining - 1  # keep a line to go with the totals on the next page
        pages.append((start, start + take))
        start += take
        capacity = other
