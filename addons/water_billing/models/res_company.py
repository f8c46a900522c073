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

    water_prorate_days = fields.Boolean(
        string="Charge by days of service",
        help="An account that starts, is cut, suspended or cancelled during a period pays its base fee and fixed "
        "quota (and an assumed volume) by its days of service; measured consumption is billed as measured.",
    )

    def _water_surcharge_order(self):
        """Where the surcharges go in the payment policy's order (``utils.ledger.settle``): ``date`` (in their
        turn, oldest due first), ``first`` or ``last``. Collections' settings may say otherwise."""
        self.ensure_one()
        return ledger.SURCHARGES_BY_DATE

    def _water_sale_tax(self, rate):
        """The company's sale tax of ``rate`` % (excluded from the price), made when missing: the VAT of the bills'
        lines and of the charges."""
        self.ensure_one()
        tax = self.env["account.tax"].search(
            [
                ("company_id", "=", self.id),
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("amount", "=", float(rate)),
                ("price_include", "=", False),
            ],
            limit=1,
        )
        if not tax:
            rate_label = f"{rate:g}"
            tax = (
                self.env["account.tax"]
                .sudo()
                .create(
                    {
                        "name": self.env._("VAT %s%% (water)", rate_label),
                        "amount": float(rate),
                        "amount_type": "percent",
                        "type_tax_use": "sale",
                        "company_id": self.id,
                    }
                )
            )
        return tax
