"""Arrears (cartera vencida) of an account: its overdue debt aged by months owed and by days past due.

Plain Python, no Odoo: the models pass the ledger's items (``water_billing.utils.ledger.Item``) of one
account with the month each debt bills, and read back an ``Arrears``.
"""

from collections import namedtuple

from odoo.addons.water_billing.utils import ledger

# Mexican utilities count the unpaid periods: 1, 2, 3, 4-6, 7-12, 13-24, more.
MONTH_BUCKETS = (
    ("1", 1, 1),
    ("2", 2, 2),
    ("3", 3, 3),
    ("4_6", 4, 6),
    ("7_12", 7, 12),
    ("13_24", 13, 24),
    ("25_plus", 25, None),
)
DAY_BUCKETS = (
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("91_180", 91, 180),
    ("181_365", 181, 365),
    ("366_730", 366, 730),
    ("731_plus", 731, None),
)

Arrears = namedtuple("Arrears", "overdue credit months_owed oldest_due days_past_due open_keys")
Arrears.__doc__ = """The arrears of one account on a day.

overdue: what it owes on debts due before the day, less all its credits, never below zero (the ledger's
``overdue_balance``, the base of surcharges too); credit: its credits (a positive amount);
months_owed: the months of the overdue debts its credits leave unpaid (0 when nothing is overdue);
oldest_due: the due date of the oldest of them; days_past_due: days from it to the day;
open_keys: the keys of those debts, oldest first."""


def _bucket(value, buckets):
    if not value or value <= 0:
        return False
    for key, low, high in buckets:
        if value >= low and (high is None or value <= high):
            return key
    return False


def months_bucket(months):
    """The age bucket of a number of months owed ('1', '2', '3', '4_6', '7_12', '13_24', '25_plus'), False for
    none."""
    return _bucket(months, MONTH_BUCKETS)


def days_bucket(days):
    """The age bucket of days past due ('1_30' ... '731_plus'), False for none."""
    return _bucket(days, DAY_BUCKETS)


def account_arrears(items, day, months=None, surcharges=ledger.SURCHARGES_BY_DATE):
    """The ``Arrears`` of one account on ``day``.

    items: the account's open ledger items (``ledger.Item``: debts with residual > 0, credits < 0);
    months: {item key: the month the debt bills} (a billing period's id, or a (year, month)); debts with no
    month (surcharges) count no month of their own. The account's credits pay its debts first in the
    payment policy's order (``ledger.settle``, surcharges in the company's ``surcharges`` order); the overdue
    debts left open are the months owed. An overdue debt left with no month still counts as one month.
    """
    months = months or {}
    overdue = ledger.overdue_balance(items, day)
    credit = -sum((ledger.money(i.residual) for i in items if i.residual < 0), ledger.ZERO)
    if overdue <= 0:
        return Arrears(ledger.ZERO, credit, 0, None, 0, [])
    settlement = ledger.settle(items, 0, surcharges=surcharges)
    left = {i.key: ledger.money(i.residual) for i in items if i.residual > 0}
    for application in settlement.applications:
        left[application.debt] -= application.amount
    open_debts = sorted(
        (i for i in items if i.residual > 0 and left[i.key] > 0 and i.date and i.date < day),
        key=lambda i: (i.date, ledger.payment_order(i, surcharges)),
    )
    if not open_debts:
        return Arrears(overdue, credit, 0, None, 0, [])
    billed_months = {months[i.key] for i in open_debts if months.get(i.key)}
    oldest = open_debts[0].date
    return Arrears(
        overdue,
        credit,
        max(len(billed_months), 1),
        oldest,
        (day - oldest).days,
        [i.key for i in open_debts],
    )


def recovery(previous, still_open):
    """What was recovered of the debts overdue at a close: {concept: amount} of ``previous`` (the overdue debts by
    concept at the previous close, before credits) less ``still_open`` (what of those same debts, due before that
    close, is still open now), never below zero per concept (a debt cannot be more than fully recovered; a
    cancelled payment that reopens one counts as not recovered). Returns {concept: recovered} with ``total``."""
    result = {}
    for concept, amount in previous.items():
        before = ledger.money(amount or 0)
        left = ledger.money(still_open.get(concept) or 0)
        result[concept] = max(before - left, ledger.ZERO)
    result["total"] = sum(result.values(), ledger.ZERO)
    return result


def deviation(volume, average):
    """The deviation of a volume from an average, in percent (+50.0: half as much again); None without an
    average to compare with."""
    if not average:
        return None
    return round((volume - average) / average * 100.0, 1)
