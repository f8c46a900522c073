"""What the bill (recibo) asks for, from its stored amounts: the previous balance and the bill's total.

Independent of Odoo. A positive previous balance is what the account still owed when the bill was issued;
a negative one is its credit in favour (an open credit note, a payment not applied yet), which the bill run
applies to the new bill at once: the bill asks for what is left of it, never for a negative amount.
"""

from collections import namedtuple

from .ledger import ZERO, money

BillAmounts = namedtuple("BillAmounts", ["previous_debt", "credit_applied", "credit_left", "total_to_pay"])


def bill_amounts(previous_balance, bill_total):
    """``BillAmounts(previous_debt, credit_applied, credit_left, total_to_pay)`` of a bill.

    A debt before the bill adds to it; a credit pays the bill up to its total (``credit_applied``) and keeps
    the rest in the account's favour (``credit_left``). ``total_to_pay`` is never negative."""
    previous, total = money(previous_balance), money(bill_total)
    if previous >= 0:
        return BillAmounts(previous, ZERO, ZERO, max(previous + total, ZERO))
    credit = -previous
    applied = min(credit, max(total, ZERO))
    return BillAmounts(ZERO, applied, credit - applied, total - applied if total > 0 else ZERO)
