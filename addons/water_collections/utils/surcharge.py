"""Surcharges (recargos) and their forgiveness (condonación), independent of Odoo."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def surcharge_amount(overdue_balance, monthly_rate):
    """Monthly surcharge on an overdue balance: balance x rate % (1.47 -> 1.47 %), to the cent.

    >>> surcharge_amount(1000, 1.47)
    Decimal('14.70')
    """
    balance, rate = money(overdue_balance), Decimal(str(monthly_rate))
    if balance <= 0 or rate <= 0:
        return Decimal("0.00")
    return money(balance * rate / 100)


def surcharge_month(day):
    """The month a surcharge belongs to: its first day (the key of 'once per account and month')."""
    return date(day.year, day.month, 1)


def forgiven_amount(residual, percentage):
    """What a forgiveness of ``percentage`` % takes off a surcharge that still owes ``residual``."""
    pct = Decimal(str(percentage))
    if not 0 < pct <= 100:
        raise ValueError(f"forgiveness percentage {percentage!r} must be above 0 and at most 100")
    return min(money(residual), money(money(residual) * pct / 100))


def may_forgive(percentage, is_manager, officer_limit):
    """The commercial manager forgives up to 100 %; the collections officer up to the company's limit."""
    pct = Decimal(str(percentage))
    if is_manager:
        return pct <= 100
    return pct <= Decimal(str(officer_limit))
