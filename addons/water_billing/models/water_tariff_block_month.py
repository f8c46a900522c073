from odoo import fields, models


class WaterTariffBlockMonth(models.Model):
    _name = "water.tariff.block.month"
    _description = "Price of a tariff block in a month"
    _order = "block_id, month"

    block_id = fields.Many2one("water.tariff.block", required=True, ondelete="cascade", index=True)
    month = fields.Integer(required=True, help="1 = January ... 12 = December")
    price = fields.Monetary(string="Price per m³", required=True)
    price_uma = fields.Float(string="Price per m³ (UMA)", digits=(12, 4))
    currency_id = fields.Many2one(related="block_id.currency_id")

    _sql_constraints = [
        ("block_month_uniq", "unique(block_id, month)", "The block already has a price for that month."),
        ("month_range", "CHECK(month BETWEEN 1 AND 12)", "The month goes from 1 to 12."),
    ]
