from odoo import fields, models


class WaterRequestType(models.Model):
    _inherit = "water.request.type"

    water_payment_agreement = fields.Boolean(
        string="Asks for a payment agreement",
        help="The collections officer answers these requests and may make the agreement from them.",
    )
