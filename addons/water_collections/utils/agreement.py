"""Payment agreements (convenios) arithmetic, independent of Odoo: the schedule of the instalments,
the down payment, the approval limits and the due dates.

Amounts are Decimals rounded to cents (half up); the last instalment absorbs the rounding, so that
the instalments always add up to the amount financed plus its interest.
"""

import calendar
from collections import namedtuple
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
FLAT, FRENCH = "flat", "french"

Instalment = namedtuple("Instalment", ["number", "date_due", "principal", "interest", "amount"])


def money(value):
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def add_months(day, months):
    """The same day ``months`` later, on the month's last day when it has fewer days (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def monthly_dates(first, count, step=1):
    """``count`` due dates from ``first``, every ``step`` months, each on the day of ``first`` (clamped)."""
    return [add_months(first, index * step) for index in range(count)]


def bill_dates(known, count, step, after):
    """``count`` due dates, one with each bill: the due dates ``known`` of the bills after ``after`` (the billing
    calendar), then every ``step`` months from the last one (or from ``after`` when none is known)."""
    dates = sorted(day for day in set(known) if day > after)[:count]
    last = dates[-1] if dates else after
    index = 1
    while len(dates) < count:
        dates.append(add_months(last, index * step))
        index += 1
    return dates


def minimum_down_payment(total, percentage):
    """The least down payment a policy of ``percentage`` % asks on ``total``, rounded up to the cent."""
    pct = Decimal(str(percentage or 0))
    if not 0 <= pct <= 100:
        raise ValueError(f"down payment percentage {percentage!r} must be between 0 and 100")
    return min(money(total), (money(total) * pct / 100).quantize(CENT, rounding=ROUND_UP))


def schedule(principal, due_dates, rate=0, method=FLAT):
    """The instalments paying ``principal`` on ``due_dates``, with ``rate`` % of interest per instalment period.

    flat: the interest is principal x rate x count, spread evenly, and so is the principal;
    french: a constant instalment (annuity) P·r / (1 - (1 + r)^-n), the interest of each on the balance left.
    Every figure is rounded to the cent; the last instalment takes what rounding left, so that the principals add
    up to ``principal`` exactly (and, flat, the interests to the interest).

    >>> [i.amount for i in schedule(1000, [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)])]
    [Decimal('333.33'), Decimal('333.33'), Decimal('333.34')]
    """
    principal, count = money(principal), len(due_dates)
    if principal <= 0:
        raise ValueError("the amount financed must be positive")
    if not count:
        raise ValueError("an agreement needs at least one instalment")
    if method not in (FLAT, FRENCH):
        raise ValueError(f"unknown amortisation method {method!r}")
    r = Decimal(str(rate or 0)) / 100
    if r < 0:
        raise ValueError("the interest rate cannot be negative")
    instalments = []
    if method == FLAT or r == 0:
        interest_total = money(principal * r * count)
        each_principal, each_interest = money(principal / count), money(interest_total / count)
        for number, day in enumerate(due_dates, start=1):
            if number < count:
                p, i = each_principal, each_interest
            else:
                p = principal - each_principal * (count - 1)
                i = interest_total - each_interest * (count - 1)
            instalments.append(Instalment(number, day, p, i, p + i))
        return instalments
    annuity = money(principal * r / (1 - (1 + r) ** -count))
    left = principal
    for number, day in enumerate(due_dates, start=1):
        interest = money(left * r)
        p = left if number == count else min(annuity - interest, left)
        instalments.append(Instalment(number, day, p, interest, p + interest))
        left -= p
    return instalments


def needs_approval(count, amount, max_count, max_amount):
    """True when an agreement of ``count`` instalments over ``amount`` is above what the collections officer
    signs alone (``max_count`` instalments, ``max_amount`` pesos; zero: no limit)."""
    return bool((max_count and count > max_count) or (max_amount and money(amount) > money(max_amount)))


def breach_day(due, grace_days):
    """The day an instalment due on ``due`` and still unpaid breaks the agreement."""
    return due + timedelta(days=grace_days + 1)
