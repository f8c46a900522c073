from odoo import fields, models


class WaterServiceClass(models.Model):
    _inherit = "water.service.class"

    default_consumption = fields.Float(
        string="Default consumption (m³ per period)",
        default=15.0,
        help="Estimate for accounts of this class that have no reading history yet.",
    )
    minimum_volume = fields.Float(
        string="Minimum volume (m³ per period)",
        default=10.0,
        help="Volume billed when an observation asks for the minimum.",
    )
