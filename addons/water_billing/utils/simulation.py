"""The tariff simulator's arithmetic: a tariff with a % change, the change buckets, the break-even.

Independent of Odoo; the prices themselves come from ``utils.tariff.price``.
"""

import bisect
import dataclasses
from decimal import Decimal

from .tariff import money

# change per bill (or per account and period) in pesos: bucket i holds lower <= change < upper;
# bucket UNCHANGED holds the changes under half a centavo either way
EDGES = (-100, -50, -20, -10, -5, 0, 5, 10, 20, 50, 100)
UNCHANGED = EDGES.index(0) + 1  # its own bucket between the negative and the positive ones
BUCKETS = len(EDGES) + 2


def scaled(value, pct):
    """A price changed by ``pct`` %, rounded to the centavo as a law publishes it."""
    return money(Decimal(str(value)) * (1 + Decimal(str(pct)) / 100)) if pct else value


def adjust(tariff, block_pcts, other_pct):
    """The engine tariff with its prices changed: block ``i`` (water and drainage blocks, price and
    fixed charge) by ``block_pcts[i]`` % (``other_pct`` past the list's end), the base fee and the
    fixed quota by ``other_pct`` %. Percentages of the water charge follow it by themselves."""

    def pct(index):
        return block_pcts[index] if index < len(block_pcts) else other_pct

    def blocks(items):
        return [
            dataclasses.replace(block, price=scaled(block.price, pct(i)), fixed=scaled(block.fixed, pct(i)))
            for i, block in enumerate(items)
        ]

    if not other_pct and not any(block_pcts):
        return tariff
    return dataclasses.replace(
        tariff,
        blocks=blocks(tariff.blocks),
        drainage_blocks=blocks(tariff.drainage_blocks),
        base_fee=scaled(tariff.base_fee, other_pct),
        fixed_quota=scaled(tariff.fixed_quota, other_pct),
    )


def bucket(change):
    """Index of the histogram bucket of a change in pesos."""
    change = float(change)
    if abs(change) < 0.005:
        return UNCHANGED
    index = bisect.bisect_right(EDGES, change)
    return index if change < 0 else index + 1


def bucket_bounds(index):
    """(lower, upper) pesos of a bucket; None: no bound; (0, 0) the unchanged one."""
    if index == UNCHANGED:
        return 0.0, 0.0
    edges = (None, *EDGES, None)
    position = index if index < UNCHANGED else index - 1
    return edges[position], edges[position + 1]


def break_even(revenue, target):
    """The uniform % change of every price that turns ``revenue`` into ``target`` (None without revenue).

    Every amount of a bill is proportional to the prices (percentages of the water charge and the
    discount too), so the revenue scales with them, give or take the centavo rounding of each line."""
    revenue, target = Decimal(str(revenue)), Decimal(str(target))
    if not revenue or not target:
        return None
    return float(((target / revenue - 1) * 100).quantize(Decimal("0.01")))


def months(date_start, date_end):
    """Months a period covers (1 for a month, 2 for a bimester), at least 1."""
    days = (date_end - date_start).days + 1
    return max(1, round(days / 30.44))


def over_share(amount, period_months, income, share_pct):
    """Whether a bill takes more than ``share_pct`` % of a household's monthly ``income``."""
    if not income or not share_pct:
        return False
    return float(amount) / period_months > float(income) * float(share_pct) / 100


def changes_for(changes, class_id, n_blocks):
    """(block percentages, other percentage) of a class from the simulation's changes
    [(class id or None, block number or 0, pct)]: a class's own line beats the line for every class,
    a block's own line beats the line for every block (0), which also changes the base fee and the quota."""
    table = {(cls or None, block or 0): pct for cls, block, pct in changes}

    def find(*keys):
        return next((table[key] for key in keys if key in table), 0.0)

    other = find((class_id, 0), (None, 0))
    blocks = [find((class_id, i), (class_id, 0), (None, i), (None, 0)) for i in range(1, n_blocks + 1)]
    return blocks, other
