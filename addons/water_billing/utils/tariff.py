"""Tariff arithmetic: (tariff, volume, services, eligibility) -> priced lines, to the centavo.

Independent of Odoo. Money is Decimal, rounded half-up to the centavo per line,
as printed on the bill. The three block methods of Mexican Leyes de Ingresos exist:

- ``incremental``: each block's m³ at that block's price (like income tax);
- ``flat``: the whole volume at the price of the highest block reached;
- ``excess``: the minimum charge of the range reached (its block's fixed charge) plus the m³ above the
  range's lower limit at the range's price ("cuota mínima más el excedente"); nothing for the ranges below.

Where a range's limit belongs is a property of the tariff (``limits``), as the laws write their ranges:

- ``closed`` (0-10, 10.01-20): a limit belongs to the range it closes; 10 m³ is in the first range;
- ``whole`` (0-10, 11-20): ranges of whole m³: the volume is billed in whole m³ (half up), then as ``closed``;
- ``open`` (0-10, 10-20 read as "from 10 to less than 20"): a limit belongs to the range it opens.

The lower limit of a range is the previous range's upper limit (0 for the first): the excess of 15 m³ in
10.01-20 or in 11-20 is 5 m³. Amounts may be written in UMA (``unit``): ``in_pesos`` converts every amount
at the UMA in force, half up to the centavo (``charges.to_pesos``), so that each line is quantity x a price
in pesos, rounded to the centavo, as printed on the bill.

A fixed charge can be chosen by the highest block reached (a published tariff:
0-10 m³ free with 140.99, 10.01-20 at 17.33 with 163.82...: 15 m³ -> 163.82 + 5 x 17.33).
Month-by-month prices are resolved by the caller: the engine gets the month's prices.
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from . import charges

CENT = Decimal("0.01")
INCREMENTAL, FLAT, EXCESS = "incremental", "flat", "excess"
CLOSED, WHOLE, OPEN = "closed", "whole", "open"
PESOS, UMA = charges.PESOS, charges.UMA
PRORATED = ("base", "fixed_quota")  # the concepts charged by days of service


def money(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def exact(value):
    """The Decimal of an amount as the law writes it, unrounded (amounts in UMA keep their four decimals)."""
    return _dec(value)


@dataclass
class Block:
    """Consumption above the previous block's upper bound up to ``upper`` m³ (None: no limit)."""

    upper: float | None
    price: Decimal  # per m³
    fixed: Decimal = Decimal(0)  # fixed charge when this is the highest block reached


@dataclass
class Tariff:
    method: str = INCREMENTAL
    blocks: list = field(default_factory=list)
    limits: str = CLOSED  # where a range's limit belongs (see the module's doc)
    unit: str = PESOS  # amounts (base fee, fixed quota, block prices and charges) in pesos or in UMA
    base_fee: Decimal = Decimal(0)  # cuota base, every period
    minimum_volume: float = 0.0  # at least this volume is billed
    fixed_quota: Decimal = Decimal(0)  # cuota fija of unmetered accounts
    drainage_pct: Decimal = Decimal(0)  # % of the water charge
    drainage_blocks: list = field(default_factory=list)  # or blocks of its own (same method)
    sanitation_pct: Decimal = Decimal(0)
    vat_water: Decimal = Decimal(0)  # IVA %: 0 for domestic water, 16 otherwise as configured
    vat_drainage: Decimal = Decimal(0)
    vat_sanitation: Decimal = Decimal(0)
    discount_pct: Decimal = Decimal(0)  # social discount: % of the charge for the first m³
    discount_volume: float = 0.0  # ... up to this volume (0: the whole consumption)


@dataclass
class Line:
    concept: str  # base, consumption, block_fixed, fixed_quota, drainage, sanitation, discount
    quantity: float
    unit_price: Decimal
    amount: Decimal
    vat_rate: Decimal
    block: int | None = None  # index of the block for consumption lines
    days: tuple | None = None  # (days of service, days of the period) of a prorated line

    @property
    def vat(self):
        return money(self.amount * self.vat_rate / 100)


def block_reached(blocks, volume, limits=CLOSED):
    """Index of the highest block the volume reaches (volume 0 is in the first block)."""
    lower = 0.0
    for index, block in enumerate(blocks):
        if block.upper is None or volume < block.upper or (volume == block.upper and limits != OPEN):
            return index
        lower = block.upper
    raise ValueError(f"no block covers {volume} m3 (last upper bound {lower})")


def lower_limit(blocks, index):
    """The range's lower limit: the previous block's upper limit, 0 for the first."""
    return blocks[index - 1].upper if index else 0.0


def billed_volume(volume, limits=CLOSED):
    """The volume the ranges are read with: whole m³ (half up) when the law writes whole-m³ ranges."""
    if limits == WHOLE:
        return float(Decimal(str(volume)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return volume


def consumption_charge(blocks, volume, method, limits=CLOSED):
    """[(block index, m³, price, amount)] of the consumption, by the tariff's method.

    ``excess`` gives the m³ above the reached range's lower limit; its minimum is the block's fixed charge,
    added by ``price`` like every method's fixed charge of the block reached.
    """
    if not blocks or volume <= 0:
        return []
    reached = block_reached(blocks, volume, limits)
    if method == FLAT:
        price = _dec(blocks[reached].price)
        return [(reached, volume, price, money(price * _dec(volume)))]
    if method == EXCESS:
        quantity = round(volume - lower_limit(blocks, reached), 3)
        price = _dec(blocks[reached].price)
        return [(reached, quantity, price, money(price * _dec(quantity)))] if quantity > 0 else []
    parts, lower = [], 0.0
    for index, block in enumerate(blocks[: reached + 1]):
        upper = volume if block.upper is None else min(volume, block.upper)
        quantity = round(upper - lower, 3)
        if quantity > 0:
            price = _dec(block.price)
            parts.append((index, quantity, price, money(price * _dec(quantity))))
        lower = block.upper if block.upper is not None else lower
    return parts


def in_pesos(tariff, uma):
    """The tariff with its UMA amounts in pesos at ``uma`` (the daily value in force), each half up to the
    centavo; a tariff in pesos as it is. ValueError when the tariff is in UMA and ``uma`` is None."""
    if tariff.unit != UMA:
        return tariff

    def pesos(amount):
        return charges.to_pesos(_dec(amount), UMA, uma)

    def blocks(items):
        return [replace(block, price=pesos(block.price), fixed=pesos(block.fixed)) for block in items]

    return replace(
        tariff,
        unit=PESOS,
        blocks=blocks(tariff.blocks),
        drainage_blocks=blocks(tariff.drainage_blocks),
        base_fee=pesos(tariff.base_fee),
        fixed_quota=pesos(tariff.fixed_quota),
    )


def service_days(start, end, events, active_now=True):
    """(days of service, days of the period) of an account in the period ``start``-``end`` (both included).

    ``events`` are [(date, in service after it)]: activations (True) and cuts, suspensions or cancellations
    (False), the latest of each kind the account keeps. The day of a change belongs to the new state: an
    account activated on the 16th of a 30-day month has 15 days, one cut on the 16th has 15 days. Before its
    first event an account was in the other state (a cut account had service); with no event, in its state
    now. Two changes on the same day: the one to the account's state now is the last.
    """
    total = (end - start).days + 1
    ordered = sorted(((day, on) for day, on in events if day), key=lambda e: (e[0], e[1] == active_now))
    on = not ordered[0][1] if ordered else active_now
    for day, state in ordered:
        if day <= start:
            on = state
    served, since = 0, start
    for day, state in ordered:
        if start < day <= end:
            if on and not state:
                served += (day - since).days
            elif state and not on:
                since = day
            on = state
    if on:
        served += (end - since).days + 1
    return served, total


def prorate(lines, days):
    """The lines with base fees and fixed quotas charged by ``days`` = (served, total); the others as they are.
    A prorated line is one unit at its amount in pesos: quantity x price stays the amount on the bill."""
    served, total = days
    if served >= total:
        return lines
    result = []
    for line in lines:
        if line.concept in PRORATED:
            amount = money(line.amount * served / total)
            if amount:
                result.append(replace(line, quantity=1, unit_price=amount, amount=amount, days=(served, total)))
        else:
            result.append(line)
    return result


def price(
    tariff,
    volume,
    services=("water", "drainage", "sanitation"),
    metered=True,
    eligible=False,
    *,
    uma=None,
    days=None,
):
    """Priced lines of one account for one period.

    ``volume`` is the consumption to bill in m³ (measured, estimated or assumed);
    unmetered accounts on cuota fija pass ``metered=False``. A tariff in UMA needs ``uma``, the daily
    value in force on the period's date. ``days`` = (days of service, days of the period) charges the
    base fee and the fixed quota by days; consumption is priced as measured.
    """
    tariff = in_pesos(tariff, uma)
    lines = []
    water_lines = _water_lines(tariff, volume, metered, eligible, days)
    if "water" in services:
        lines += water_lines
    # drainage and sanitation percentages apply to the water charge, also for own-well
    # accounts that pay drainage only (their volume priced as if it were water)
    water_total = sum((line.amount for line in water_lines), Decimal(0))
    billed = billed_volume(max(volume, tariff.minimum_volume), tariff.limits) if metered else volume
    if "drainage" in services:
        if tariff.drainage_blocks and metered:
            vat = _dec(tariff.vat_drainage)
            for index, quantity, unit, amount in consumption_charge(
                tariff.drainage_blocks, billed, tariff.method, tariff.limits
            ):
                lines.append(Line("drainage", quantity, unit, amount, vat, index))
            reached = block_reached(tariff.drainage_blocks, billed, tariff.limits)
            fixed = _dec(tariff.drainage_blocks[reached].fixed)
            if fixed:
                lines.append(Line("drainage", 1, fixed, money(fixed), vat, reached))
        elif tariff.drainage_pct:
            amount = money(water_total * _dec(tariff.drainage_pct) / 100)
            lines.append(Line("drainage", 1, amount, amount, _dec(tariff.vat_drainage)))
    if "sanitation" in services and tariff.sanitation_pct:
        amount = money(water_total * _dec(tariff.sanitation_pct) / 100)
        lines.append(Line("sanitation", 1, amount, amount, _dec(tariff.vat_sanitation)))
    return lines


def _water_lines(tariff, volume, metered, eligible, days=None):
    vat = _dec(tariff.vat_water)
    lines = []
    if tariff.base_fee:
        lines.append(Line("base", 1, _dec(tariff.base_fee), money(tariff.base_fee), vat))
    if not metered:
        quota = money(tariff.fixed_quota)
        lines.append(Line("fixed_quota", 1, quota, quota, vat))
        if days:
            lines = prorate(lines, days)
        charge = sum((line.amount for line in lines if line.concept == "fixed_quota"), Decimal(0))
    else:
        if days:
            lines = prorate(lines, days)
        billed = billed_volume(max(volume, tariff.minimum_volume), tariff.limits)
        parts = consumption_charge(tariff.blocks, billed, tariff.method, tariff.limits)
        for index, quantity, unit, amount in parts:
            lines.append(Line("consumption", quantity, unit, amount, vat, index))
        reached = block_reached(tariff.blocks, billed, tariff.limits) if tariff.blocks else None
        fixed = _dec(tariff.blocks[reached].fixed) if tariff.blocks else Decimal(0)
        if fixed:
            lines.append(Line("block_fixed", 1, fixed, money(fixed), vat, reached))
        charge = sum((amount for _i, _q, _u, amount in parts), Decimal(0))
        if tariff.method == EXCESS:
            charge += money(fixed)  # the minimum is the price of the first m³
        if eligible and tariff.discount_pct and tariff.discount_volume:
            covered = min(billed, tariff.discount_volume)
            covered_parts = consumption_charge(tariff.blocks, covered, tariff.method, tariff.limits)
            charge = sum((a for _i, _q, _u, a in covered_parts), Decimal(0))
            if tariff.method == EXCESS and tariff.blocks:
                charge += money(tariff.blocks[block_reached(tariff.blocks, covered, tariff.limits)].fixed)
    if eligible and tariff.discount_pct and charge:
        discount = -money(charge * _dec(tariff.discount_pct) / 100)
        lines.append(Line("discount", 1, discount, discount, vat))
    return lines


def totals(lines):
    """(untaxed, vat, total) of priced lines."""
    untaxed = sum((line.amount for line in lines), Decimal(0))
    vat = sum((line.vat for line in lines), Decimal(0))
    return untaxed, vat, untaxed + vat
