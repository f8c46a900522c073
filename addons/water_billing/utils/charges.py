"""The charges catalogue's arithmetic: fees, fines and extraordinary charges (derechos, multas, cargos).

Laws write amounts in pesos or in UMA ("x veces la UMA"); the UMA is a dated peso value, and a charge is
priced with the rate and the UMA in force on its date.
"""

from dataclasses import dataclass
from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
PESOS, UMA = "pesos", "uma"


def money(value):
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rate:
    """One version of a catalogue item: from ``date_from`` until ``date_to`` (None: open), ``amount`` in
    ``unit``; ``amount_max`` set when the law gives a range (the amount is then its minimum)."""

    date_from: Date
    date_to: Date | None
    unit: str
    amount: Decimal
    amount_max: Decimal | None = None
    key: object = None


def in_force(rates, day):
    """The rate in force on ``day`` (the latest that started by then and has not ended), or None."""
    valid = [r for r in rates if r.date_from <= day and (r.date_to is None or r.date_to >= day)]
    return max(valid, key=lambda r: r.date_from) if valid else None


def value_on(values, day):
    """The dated value (e.g. the UMA) in force on ``day``: values is [(date_from, value)]; None before the first."""
    started = [(start, value) for start, value in values if start <= day]
    return max(started, key=lambda item: item[0])[1] if started else None


def to_pesos(amount, unit, uma):
    """The peso amount of ``amount`` written in ``unit``; UMA amounts need the UMA value in force."""
    if unit == UMA:
        if uma is None:
            raise ValueError("no UMA value")
        return money(Decimal(str(amount)) * Decimal(str(uma)))
    return money(amount)


def bounds(rate, uma):
    """(minimum, maximum) in pesos of a rate; maximum None when the law gives one amount."""
    low = to_pesos(rate.amount, rate.unit, uma)
    high = to_pesos(rate.amount_max, rate.unit, uma) if rate.amount_max else None
    return low, high


def within(value, low, high):
    """Whether ``value`` (pesos) is allowed: the one amount when there is no range, else inside it."""
    value = money(value)
    if high is None:
        return value == low
    return low <= value <= high


def overlaps(a_from, a_to, b_from, b_to):
    """Whether two date ranges (None: open end) share a day."""
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)
