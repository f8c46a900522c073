"""Arrears notices and promises to pay, independent of Odoo: what a notice claims, the order it is delivered
in, whether a delivery can be recorded, and whether a promise to pay was kept.

A notice claims the account's overdue debts at issue, one line per debt (period, document, due date, what is
left of it, split by concept), less the account's credits: the total is the arrears' overdue balance.
"""

from collections import namedtuple

from odoo.addons.water_billing.utils import ledger

# what the notifier found at the address
DELIVERED, LEFT, CLOSED, NOT_FOUND, REFUSED = "delivered", "left", "closed", "not_found", "refused"
OUTCOMES = (DELIVERED, LEFT, CLOSED, NOT_FOUND, REFUSED)
# the outcomes that serve the notice: handed to someone, or left at the address
SERVED = (DELIVERED, LEFT)

# why a delivery cannot be recorded
NO_OUTCOME, NO_RECEIVER = "no_outcome", "no_receiver"

# the state of a promise to pay
PENDING, KEPT, BROKEN = "pending", "kept", "broken"

Line = namedtuple(
    "Line", ["key", "document", "period", "date_due", "kind", "amount", "concepts"], defaults=[None, None]
)


def notice_lines(rows, concepts):
    """The lines of a notice from the account's overdue ledger rows (dicts with line_id, move_name, period,
    date_due, kind, residual) and ``concepts`` ({line id: {concept group: amount}}): oldest due first, each
    with its amount and its split by concept (every group present, Decimal)."""
    lines = []
    for row in sorted(rows, key=lambda row: (row["date_due"], row["line_id"])):
        split = concepts.get(row["line_id"]) or {ledger.OTHER: row["residual"]}
        lines.append(
            Line(
                key=row["line_id"],
                document=row.get("move_name") or "",
                period=row.get("period") or "",
                date_due=row["date_due"],
                kind=row.get("kind") or "",
                amount=ledger.money(row["residual"]),
                concepts={group: ledger.money(split.get(group)) for group in ledger.CONCEPT_GROUPS},
            )
        )
    return lines


def notice_total(lines, credit=0):
    """What the notice claims: its lines less the account's credit (a positive amount), never below zero."""
    total = sum((line.amount for line in lines), ledger.ZERO) - ledger.money(abs(credit or 0))
    return max(total, ledger.ZERO)


def delivery_order(notices):
    """Notices (tuples ``(key, route sequence, account number)``) in the order the notifier walks the route:
    position in the route, then account number; the keys in that order."""
    return [key for key, _sequence, _number in sorted(notices, key=lambda n: (n[1] or 0, n[2] or "", n[0]))]


def delivery_problem(outcome, receiver):
    """Why a delivery cannot be recorded (NO_OUTCOME, NO_RECEIVER), or None: a notice handed to someone says
    to whom."""
    if outcome not in OUTCOMES:
        return NO_OUTCOME
    if outcome == DELIVERED and not (receiver or "").strip():
        return NO_RECEIVER
    return None


def promise_state(amount, promise_date, paid, today):
    """The state of a promise to pay ``amount`` by ``promise_date``, given what the account ``paid`` from the
    contact to that date (or to ``today`` if earlier): kept once the payments reach the amount, broken once the
    date has passed without them, else pending."""
    if ledger.money(paid) >= ledger.money(amount):
        return KEPT
    if today > promise_date:
        return BROKEN
    return PENDING


def paid_between(lines, date_from, date_to):
    """What an account paid from ``date_from`` to ``date_to`` (both included) by its statement lines (dicts with
    date, kind, charge, credit): its payments less the payments reversed (a cancelled receipt)."""
    paid = ledger.ZERO
    for line in lines:
        if not date_from <= line["date"] <= date_to:
            continue
        if line["kind"] == "payment":
            paid += ledger.money(line["credit"]) - ledger.money(line["charge"])
        elif line["kind"] == "reversal":
            paid -= ledger.money(line["charge"]) - ledger.money(line["credit"])
    return paid


def served_rate(outcomes):
    """Share (0-100) of the recorded outcomes that served the notice; None without any."""
    recorded = [outcome for outcome in outcomes if outcome]
    if not recorded:
        return None
    return round(100.0 * sum(1 for outcome in recorded if outcome in SERVED) / len(recorded), 1)
