"""What the citizen's portal shows of a payment agreement, independent of Odoo: the state of each instalment and
what is due now.

An instalment is due for payment from the company's notice days before its due date (the ledger's rule): from then
on it is in the account's balance and can be paid online.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
PAID, OVERDUE, DUE, UPCOMING, CANCELLED = "paid", "overdue", "due", "upcoming", "cancelled"
BADGE_CLASSES = {
    PAID: "text-bg-success",
    OVERDUE: "text-bg-danger",
    DUE: "text-bg-warning",
    UPCOMING: "text-bg-light border",
    CANCELLED: "text-bg-secondary",
}


def money(value):
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def payable_from(today, notice_days):
    """The last due date of the instalments due for payment today (the ledger's horizon)."""
    return today + timedelta(days=max(notice_days or 0, 0))


def instalment_status(state, residual, date_due, today, horizon):
    """paid, overdue (past its due date and owed), due (owed and due for payment: in the balance), upcoming (not
    charged yet) or cancelled (the agreement was broken or restructured before it was paid)."""
    if state == "cancelled":
        return CANCELLED
    if money(residual) <= 0:
        return PAID
    if date_due < today:
        return OVERDUE
    if date_due <= horizon:
        return DUE
    return UPCOMING


def due_now(rows, today, horizon):
    """What the instalments of ``rows`` (dicts with state, residual, date_due) ask to be paid now: the sum owed on
    those overdue or due for payment, as a Decimal."""
    return sum(
        (
            money(row["residual"])
            for row in rows
            if instalment_status(row["state"], row["residual"], row["date_due"], today, horizon) in (OVERDUE, DUE)
        ),
        ZERO,
    )
