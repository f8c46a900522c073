"""Cashier arithmetic, independent of Odoo: the change of a receipt and the differences of a
cash count. How a payment pays an account's debts is the ledger's payment policy
(``water_billing/utils/ledger.py``, ``settle``), the same at the window, in files and online.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value):
    """1234.5 -> '1,234.50' (messages and warnings)."""
    return f"{value or 0:,.2f}"


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
