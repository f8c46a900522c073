from odoo import fields, models

from ..utils import tariff as engine


class WaterTariffBlock(models.Model):
    _name = "water.tariff.block"
    _description = "Consumption block of a tariff"
    _order = "tariff_id, component, sequence, id"

    tariff_id = fields.Many2one("water.tariff", required=True, ondelete="cascade", index=True)
    component = fields.Selection([("water", "Water"), ("drainage", "Drainage")], default="water", required=True)
    sequence = fields.Integer(default=10)
    upper = fields.Float(string="Up to (m³)", help="Upper limit of the block; 0 on the last block: no limit.")
    price = fields.Monetary(string="Price per m³")
    fixed_charge = fields.Monetary(
        help="Charged once when this is the highest block reached (under the excess method: its minimum)."
    )
    price_uma = fields.Float(string="Price per m³ (UMA)", digits=(12, 4))
    fixed_charge_uma = fields.Float(string="Fixed charge (UMA)", digits=(12, 4))
    amount_unit = fields.Selection(related="tariff_id.amount_unit")
    currency_id = fields.Many2one(related="tariff_id.currency_id")
    month_price_ids = fields.One2many("water.tariff.block.month", "block_id", string="Prices by month")

    _sql_constraints = [
        ("upper_positive", "CHECK(upper >= 0)", "A block limit cannot be negative."),
        ("price_positive", "CHECK(price >= 0)", "A block price cannot be negative."),
        (
            "uma_positive",
            "CHECK(COALESCE(price_uma, 0) >= 0 AND COALESCE(fixed_charge_uma, 0) >= 0)",
            "A block amount in UMA cannot be negative.",
        ),
    ]

    def _to_engine(self, month, uma=False):
        """The engine's blocks with the month's prices; ``uma``: the amounts in UMA, as the law writes them."""
        if uma:
            month_prices = {p.block_id.id: p.price_uma for p in self.month_price_ids if p.month == month}
            return [
                engine.Block(
                    block.upper or None,
                    engine.exact(month_prices.get(block.id, block.price_uma)),
                    engine.exact(block.fixed_charge_uma),
                )
                for block in self
            ]
        month_prices = {p.block_id.id: p.price for p in self.month_price_ids if p.month == month}
        return [
            engine.Block(
                block.upper or None,
                engine.money(month_prices.get(block.id, block.price)),
                engine.money(block.fixed_charge),
            )
            for block in self
        ]
