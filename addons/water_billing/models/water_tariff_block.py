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
    fixed_charge = fields.Monetary(help="Charged once when this is the highest block reached.")
    currency_id = fields.Many2one(related="tariff_id.currency_id")
    month_price_ids = fields.One2many("water.tariff.block.month", "block_id", string="Prices by month")

    _sql_constraints = [
        ("upper_positive", "CHECK(upper >= 0)", "A block limit cannot be negative."),
        ("price_positive", "CHECK(price >= 0)", "A block price cannot be negative."),
    ]

    def _to_engine(self, month):
        month_prices = {(p.block_id.id): p.price for p in self.month_price_ids if p.month == month}
        return [
            engine.Block(
                block.upper or None,
                engine.money(month_prices.get(block.id, block.price)),
                engine.money(block.fixed_charge),
            )
            for block in self
        ]
