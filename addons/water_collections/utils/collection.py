"""The collection process (dunning) of one account: does it move to the next stage of its policy, stay, or leave.

Plain Python, no Odoo: the models pass the stages of the account's policy, its current stage and the day it
entered it, and its arrears (``water.contract._water_arrears``: the overdue debt and the months owed), and read
back a ``Decision``. The way SAP's dunning levels work: one stage per run, each stage with its minimum months
owed, minimum overdue debt and minimum days since the previous stage.
"""

from collections import namedtuple

ADVANCE, STAY, LEAVE = "advance", "stay", "leave"

Stage = namedtuple("Stage", "id sequence min_months min_amount min_days")
Stage.__doc__ = """A stage of a policy: its id, its place (sequence), the months owed and the overdue debt it asks
for at least, and the days the account must have spent in the previous stage before it moves to this one."""

Decision = namedtuple("Decision", "action stage reason")
Decision.__doc__ = """What the run does with an account: ADVANCE to ``stage``, STAY where it is, or LEAVE the
process (its debt is below its stage's minimum); ``reason`` says why it does not move (a key of REASONS)."""

REASONS = {
    "months": "fewer months owed than the stage asks",
    "amount": "overdue debt below the stage's minimum",
    "days": "too few days in the previous stage",
    "last": "already at the last stage",
    "none": "no stage in its policy",
}


def _cents(value):
    return round((value or 0.0) * 100)


def shortfall(stage, overdue, months):
    """What an account with ``overdue`` debt and ``months`` owed lacks for the stage's minimums: 'months',
    'amount' or None when it meets them."""
    if (months or 0) < (stage.min_months or 0):
        return "months"
    if _cents(overdue) < _cents(stage.min_amount) or _cents(overdue) <= 0:
        return "amount"
    return None


def next_of(stages, current):
    """The stage after ``current`` in ``stages`` (ordered by sequence): the next by position when ``current`` is
    one of them, else the first with a greater sequence (an account whose policy changed); None at the end."""
    ids = [stage.id for stage in stages]
    if current.id in ids:
        index = ids.index(current.id)
        return stages[index + 1] if index + 1 < len(stages) else None
    return next((stage for stage in stages if stage.sequence > current.sequence), None)


def decide(stages, current, entered, overdue, months, day):
    """The ``Decision`` for one account on ``day``.

    stages: the stages of the account's policy, in order; current: its current ``Stage`` or None (not in the
    process); entered: the date it entered it; overdue, months: its arrears on the day (0 when it owes nothing
    overdue). An account in the process leaves it when its debt is below its current stage's minimum (amount or
    months); otherwise it moves one stage when it meets the next stage's minimums and has spent the next stage's
    days in its current one. The first stage asks no days.
    """
    if current is not None:
        below = shortfall(current, overdue, months)
        if below:
            return Decision(LEAVE, None, below)
        following = next_of(stages, current)
        if following is None:
            return Decision(STAY, None, "last")
        missing = shortfall(following, overdue, months)
        if missing:
            return Decision(STAY, None, missing)
        if entered and (day - entered).days < (following.min_days or 0):
            return Decision(STAY, None, "days")
        return Decision(ADVANCE, following, None)
    if not stages:
        return Decision(STAY, None, "none")
    missing = shortfall(stages[0], overdue, months)
    if missing:
        return Decision(STAY, None, missing)
    return Decision(ADVANCE, stages[0], None)
