"""Payment agreements' figures for the reports, independent of Odoo: the breach rate and the summary of a list of
agreements by a key (the officer, the account's class).

The breach rate counts the agreements that were judged by their payments: broken over broken, completed and
active (those still running, paying or behind). Drafts, agreements waiting for approval or for their down payment,
cancelled ones (never in force) and restructured ones (their successor carries on) are left out.
"""

from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
# the states that count for the breach rate
BROKEN, DONE, ACTIVE = "broken", "done", "active"
# the states whose amount was agreed: signed, approved and in force at some time
AGREED_STATES = ("waiting", "active", "done", "broken", "restructured")
OPEN_STATES = ("waiting", "active")

Summary = namedtuple(
    "Summary",
    ["key", "count", "agreed", "collected", "owed", "broken", "done", "active", "collected_pct", "breach_rate"],
)


def money(value):
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def breach_rate(broken, done, active):
    """Broken agreements as a percentage (two decimals) of the broken, completed and active ones; None when there are
    none of them (no rate, rather than 0 %)."""
    judged = broken + done + active
    if not judged:
        return None
    return (Decimal(broken) * 100 / judged).quantize(CENT, rounding=ROUND_HALF_UP)


def percentage(part, whole):
    """``part`` as a percentage of ``whole`` (two decimals), None when ``whole`` is zero."""
    whole = money(whole)
    if not whole:
        return None
    return (money(part) * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def summarise(rows, key):
    """One Summary per value of ``key(row)``, sorted by that value, then the total (key None) last.

    ``rows``: mappings with ``state``, ``agreed``, ``collected`` and ``owed`` (numbers); amounts are added as
    Decimals to the cent."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    result = [_summary(name, groups[name]) for name in sorted(groups, key=lambda name: (name is None, name or ""))]
    result.append(_summary(None, list(rows)))
    return result


def _summary(name, rows):
    states = [row["state"] for row in rows]
    broken, done, active = states.count(BROKEN), states.count(DONE), states.count(ACTIVE)
    agreed = sum((money(row["agreed"]) for row in rows), ZERO)
    collected = sum((money(row["collected"]) for row in rows), ZERO)
    return Summary(
        key=name,
        count=len(rows),
        agreed=agreed,
        collected=collected,
        owed=sum((money(row["owed"]) for row in rows), ZERO),
        broken=broken,
        done=done,
        active=active,
        collected_pct=percentage(collected, agreed),
        breach_rate=breach_rate(broken, done, active),
    )
