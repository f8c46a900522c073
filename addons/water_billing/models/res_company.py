from odoo import fields, models

from ..utils import ledger
from ..utils.payment import BBVA_00, MOD97


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
    water_reference_algorithm = fields.Selection(
        [(BBVA_00, "BBVA algorithm 00 (one digit)"), (MOD97, "MOD 97-10 (two digits)")],
        string="Payment reference check digit",
        default=BBVA_00,
        required=True,
        help="Check digit of the payment reference printed on the bill: account + YYMM + check digit.",
    )

    def _water_surcharge_order(self):
        """Where the surcharges go in the payment policy's order (``utils.ledger.settle``): ``date`` (in their
        turn, oldest due first), ``first`` or ``last``. Collections' settings may say otherwise."""
        self.ensure_one()
        return ledger.SURCHARGES_BY_DATE
