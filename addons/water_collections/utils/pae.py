"""Amounts of an administrative enforcement case (PAE): the credit determined and its enforcement costs
(gastos de ejecución). Plain Python, Decimal, half-up rounding to the centavo."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value):
    """A peso amount rounded half-up to the centavo."""
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def enforcement_costs(debt, rate, minimum):
    """Gastos de ejecución: ``rate`` percent of the ``debt`` (e.g. 2 as article 150 of the Código Fiscal de la
    Federación says), never less than the legal ``minimum``; nothing when nothing is owed. Rates and minimums
    below zero are refused."""
    debt, rate, minimum = money(debt), Decimal(str(rate or 0)), money(minimum)
    if rate < 0 or minimum < 0:
        raise ValueError("The rate and the minimum of the enforcement costs cannot be negative.")
    if debt <= 0:
        return ZERO
    return max(money(debt * rate / 100), minimum)


def determination(overdue, surcharges, rate, minimum):
    """The credit determined (determinación del crédito) from the ledger's overdue debt of the account (its
    surcharges included) and the surcharges' part of it: {principal, surcharges, costs, total}."""
    overdue, surcharges = money(overdue), money(surcharges)
    surcharges = min(max(surcharges, ZERO), max(overdue, ZERO))
    costs = enforcement_costs(overdue, rate, minimum)
    return {
        "principal": overdue - surcharges,
        "surcharges": surcharges,
        "costs": costs,
        "total": overdue + costs,
    }
