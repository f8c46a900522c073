"""Pollution charges of a wastewater discharge: (the norm's limits, an analysis, m³) -> priced charges.

Independent of Odoo. A laboratory analysis gives each parameter's concentration in mg/l (DBO5, SST,
grasas y aceites...); the utility's discharge norm gives its maximum limit and how the excess is priced.
The laws write it in two ways, both supported:

- ``kg``: a price per kilogram of the parameter above the limit ("por kilogramo de ... que exceda los
  límites establecidos en las condiciones particulares de descarga", Guanajuato municipal laws);
  kg above the limit = (concentration - limit) mg/l x m³ / 1000;
- a table by degree of excess, the excess index (concentration - limit) / limit written in % of the
  limit ("rango de incumplimiento", as Ley Federal de Derechos art. 278-B), each range with its rate:
  ``table_m3`` a rate per m³ discharged, ``table_kg`` a rate per kg above the limit.
  A range is "more than the previous upper bound, up to its own upper bound" (inclusive).

Quantities (kg, m³) are rounded half-up to 0.01 as the bill line shows them; amounts half-up to the
centavo per line. Nothing is charged at or below the limit.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
PER_KG, TABLE_M3, TABLE_KG = "kg", "table_m3", "table_kg"
METHODS = (PER_KG, TABLE_M3, TABLE_KG)


def money(value):
    return _dec(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


@dataclass(frozen=True)
class Range:
    """Excess above the previous range's ``upper`` up to ``upper`` % of the limit (None: no upper bound)."""

    upper: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class Limit:
    """One parameter of the discharge norm."""

    code: str
    limit: Decimal  # maximum concentration, mg/l
    method: str = PER_KG
    price: Decimal = Decimal(0)  # per kg above the limit (PER_KG)
    ranges: tuple = field(default_factory=tuple)  # (Range, ...) in ascending order (tables)
    key: object = None  # the caller's id of the parameter


@dataclass(frozen=True)
class Charge:
    """The priced excess of one parameter: ``quantity`` kg (or m³ for TABLE_M3) at ``unit_price``."""

    code: str
    concentration: Decimal
    limit: Decimal
    excess_pct: Decimal  # (concentration - limit) / limit, in % of the limit, 2 decimals
    kg: Decimal  # kg above the limit
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    key: object = None


def excess_kg(concentration, limit, volume):
    """kg of the parameter above the limit in ``volume`` m³: (mg/l over the limit) x m³ / 1000."""
    over = _dec(concentration) - _dec(limit)
    if over <= 0:
        return Decimal(0)
    return (over * _dec(volume) / 1000).quantize(CENT, rounding=ROUND_HALF_UP)


def excess_pct(concentration, limit):
    """How far the concentration is above the limit, in % of the limit (0 at or below it)."""
    limit = _dec(limit)
    over = _dec(concentration) - limit
    if over <= 0 or limit <= 0:
        return Decimal(0)
    return over * 100 / limit


def range_rate(ranges, pct):
    """The rate of the range the excess (in %) falls in: more than the previous bound, up to its own."""
    for rng in ranges:
        if rng.upper is None or pct <= _dec(rng.upper):
            return _dec(rng.rate)
    raise ValueError(f"no range covers an excess of {pct}% (last upper bound {ranges[-1].upper if ranges else None})")


def check(limits, concentrations, volume):
    """Refuse what cannot be priced: negative volume or concentration, a parameter not in the norm."""
    if _dec(volume) < 0:
        raise ValueError("negative volume")
    known = {limit.code for limit in limits}
    for code, value in concentrations.items():
        if code not in known:
            raise ValueError(f"parameter {code} is not in the norm")
        if _dec(value) < 0:
            raise ValueError(f"negative concentration of {code}")


def charge(limit, concentration, volume):
    """The charge of one parameter, or None when the analysis is within the limit (or nothing is due)."""
    concentration = _dec(concentration)
    pct = excess_pct(concentration, limit.limit)
    if pct <= 0 or _dec(volume) <= 0:
        return None
    kg = excess_kg(concentration, limit.limit, volume)
    if limit.method == PER_KG:
        quantity, unit = kg, _dec(limit.price)
    elif limit.method == TABLE_KG:
        quantity, unit = kg, range_rate(limit.ranges, pct)
    elif limit.method == TABLE_M3:
        quantity, unit = _dec(volume).quantize(CENT, rounding=ROUND_HALF_UP), range_rate(limit.ranges, pct)
    else:
        raise ValueError(f"unknown method {limit.method}")
    amount = money(quantity * unit)
    if not amount:
        return None
    return Charge(
        code=limit.code,
        concentration=concentration,
        limit=_dec(limit.limit),
        excess_pct=pct.quantize(CENT, rounding=ROUND_HALF_UP),
        kg=kg,
        quantity=quantity,
        unit_price=unit,
        amount=amount,
        key=limit.key,
    )


def charges(limits, concentrations, volume):
    """[Charge] of an analysis: ``concentrations`` {code: mg/l}, ``volume`` m³ discharged; in the norm's order."""
    check(limits, concentrations, volume)
    result = []
    for limit in limits:
        if limit.code in concentrations:
            priced = charge(limit, concentrations[limit.code], volume)
            if priced:
                result.append(priced)
    return result
