"""Cashier arithmetic, independent of Odoo: how a receipt's amount is applied to the
open debts of an account, and the differences of a cash count.

A debt is a ``Debt(key, date, residual, surcharge)`` tuple; ``allocate`` returns
``(key, amount)`` tuples. Other orderings (agreements, priorities) extend ``debt_order``.
"""

from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

Debt = namedtuple("Debt", ["key", "date", "residual", "surcharge"], defaults=[False])

CENT = Decimal("0.01")


def money(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value):
    """1234.5 -> '1,234.50' (messages and warnings)."""
    return f"{value or 0:,.2f}"


def debt_order(debt, surcharges_first=False):
    """Sort key: oldest first; with ``surcharges_first`` every surcharge goes before the bills."""
    return (not debt.surcharge if surcharges_first else False, debt.date, debt.key)


def allocate(debts, amount, surcharges_first=False):
    """Apply ``amount`` to the debts, oldest first, each up to its residual.

    Returns ``[(key, applied), ...]`` in application order, only the debts that receive
    something, as Decimals rounded to cents. Raises ValueError when the amount is
    negative or larger than the whole debt (the window takes no advances).
    """
    remaining = money(amount)
    if remaining < 0:
        raise ValueError("a negative amount cannot be applied")
    total = sum((money(debt.residual) for debt in debts), Decimal(0))
    if remaining > total:
        raise ValueError(f"amount {remaining} is larger than the debt {total}")
    result = []
    for debt in sorted(debts, key=lambda d: debt_order(d, surcharges_first)):
        if remaining <= 0:
            break
        applied = min(remaining, money(debt.residual))
        if applied > 0:
            result.append((debt.key, applied))
            remaining -= applied
    return result


def change_due(amount, tendered_cash, tendered_other):
    """Change handed back: only cash gives change; cards, cheques and transfers never
    exceed what is left after the cash. Returns the change (Decimal) or raises ValueError."""
    amount, cash, other = money(amount), money(tendered_cash), money(tendered_other)
    if min(amount, cash, other) < 0:
        raise ValueError("amounts cannot be negative")
    if other > amount:
        raise ValueError("card, cheque and transfer payments cannot exceed the amount paid")
    if cash + other < amount:
        raise ValueError(f"tendered {cash + other} is less than the amount paid {amount}")
    return cash + other - amount


def count_differences(expected, counted):
    """Per method: ``{method: (expected, counted, difference)}``; difference = counted - expected
    (positive = surplus / sobrante, negative = shortage / faltante)."""
    result = {}
    for method in sorted(set(expected) | set(counted)):
        exp, cnt = money(expected.get(method, 0)), money(counted.get(method, 0))
        result[method] = (exp, cnt, cnt - exp)
    return result
