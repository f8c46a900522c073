from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    water_billing_frequency = fields.Selection(
        [("monthly", "Monthly"), ("bimonthly", "Bimonthly")],
        string="Billing frequency",
        default="bimonthly",
        required=True,
    )
    water_high_consumption_factor = fields.Float(
        string="High consumption factor (k)",
        default=3.0,
        help="A consumption above k times the account's historical average goes to the supervisor's review.",
    )
    water_estimation_periods = fields.Integer(
        string="Periods averaged for estimates",
        default=6,
        help="Estimated consumption is the average of this many last valid periods.",
    )
