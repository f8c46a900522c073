"""Tariff arithmetic: (tariff, volume, services, eligibility) -> priced lines, to the centavo.

Independent of Odoo. Money is Decimal, rounded half-up to the centavo per line,
as printed on the bill. Both block methods of Mexican Leyes de Ingresos exist:

- ``incremental``: each block's m³ at that block's price (like income tax);
- ``flat``: the whole volume at the price of the highest block reached.

A fixed charge can be chosen by the highest block reached (a published tariff:
0-10 m³ free with 140.99, 10.01-20 at 17.33 with 163.82...: 15 m³ -> 163.82 + 5 x 17.33).
Month-by-month prices are resolved by the caller: the engine gets the month's prices.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
INCREMENTAL, FLAT = "incremental", "flat"


def money(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


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

    @property
    def vat(self):
        return money(self.amount * self.vat_rate / 100)


def block_reached(blocks, volume):
    """Index of the highest block the volume reaches (volume 0 is in the first block)."""
    lower = 0.0
    for index, block in enumerate(blocks):
        if block.upper is None or volume <= block.upper:
            return index
        lower = block.upper
    raise ValueError(f"no block covers {volume} m3 (last upper bound {lower})")


def consumption_charge(blocks, volume, method):
    """[(block index, m³, price, amount)] of the consumption, by the tariff's method."""
    if not blocks or volume <= 0:
        return []
    reached = block_reached(blocks, volume)
    if method == FLAT:
        price = _dec(blocks[reached].price)
        return [(reached, volume, price, money(price * _dec(volume)))]
    parts, lower = [], 0.0
    for index, block in enumerate(blocks[: reached + 1]):
        upper = volume if block.upper is None else min(volume, block.upper)
        quantity = round(upper - lower, 3)
        if quantity > 0:
            price = _dec(block.price)
            parts.append((index, quantity, price, money(price * _dec(quantity))))
        lower = block.upper if block.upper is not None else lower
    return parts


def price(tariff, volume, services=("water", "drainage", "sanitation"), metered=True, eligible=False):
    """Priced lines of one account for one period.

    ``volume`` is the consumption to bill in m³ (measured, estimated or assumed);
    unmetered accounts on cuota fija pass ``metered=False``.
    """
    lines = []
    water_lines = _water_lines(tariff, volume, metered, eligible)
    if "water" in services:
        lines += water_lines
    # drainage and sanitation percentages apply to the water charge, also for own-well
    # accounts that pay drainage only (their volume priced as if it were water)
    water_total = sum((line.amount for line in water_lines), Decimal(0))
    billed_volume = max(volume, tariff.minimum_volume) if metered else volume
    if "drainage" in services:
        if tariff.drainage_blocks and metered:
            for index, quantity, unit, amount in consumption_charge(
                tariff.drainage_blocks, billed_volume, tariff.method
            ):
                lines.append(Line("drainage", quantity, unit, amount, _dec(tariff.vat_drainage), index))
        elif tariff.drainage_pct:
            amount = money(water_total * _dec(tariff.drainage_pct) / 100)
            lines.append(Line("drainage", 1, amount, amount, _dec(tariff.vat_drainage)))
    if "sanitation" in services and tariff.sanitation_pct:
        amount = money(water_total * _dec(tariff.sanitation_pct) / 100)
        lines.append(Line("sanitation", 1, amount, amount, _dec(tariff.vat_sanitation)))
    return lines


def _water_lines(tariff, volume, metered, eligible):
    vat = _dec(tariff.vat_water)
    lines = []
    if tariff.base_fee:
        lines.append(Line("base", 1, _dec(tariff.base_fee), money(tariff.base_fee), vat))
    if not metered:
        quota = money(tariff.fixed_quota)
        lines.append(Line("fixed_quota", 1, quota, quota, vat))
        charge = quota
    else:
        billed = max(volume, tariff.minimum_volume)
        parts = consumption_charge(tariff.blocks, billed, tariff.method)
        for index, quantity, unit, amount in parts:
            lines.append(Line("consumption", quantity, unit, amount, vat, index))
        fixed = _dec(tariff.blocks[block_reached(tariff.blocks, billed)].fixed) if tariff.blocks else Decimal(0)
        if fixed:
            lines.append(Line("block_fixed", 1, fixed, money(fixed), vat, block_reached(tariff.blocks, billed)))
        charge = sum((amount for _i, _q, _u, amount in parts), Decimal(0))
        if eligible and tariff.discount_pct and tariff.discount_volume:
            covered = min(billed, tariff.discount_volume)
            charge = sum((a for _i, _q, _u, a in consumption_charge(tariff.blocks, covered, tariff.method)), Decimal(0))
    if eligible and tariff.discount_pct and charge:
        discount = -money(charge * _dec(tariff.discount_pct) / 100)
        lines.append(Line("discount", 1, discount, discount, vat))
    return lines


def totals(lines):
    """(untaxed, vat, total) of priced lines."""
    untaxed = sum((line.amount for line in lines), Decimal(0))
    vat = sum((line.vat for line in lines), Decimal(0))
    return untaxed, vat, untaxed + vat
