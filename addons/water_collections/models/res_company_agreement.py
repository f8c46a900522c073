# pylint: disable=consider-merging-classes-inherited
# (the payment agreements' policy keeps its own file beside the other parts of the company's settings)
from odoo import fields, models

INTEREST_ACCOUNT = ("702.10.01", "Intereses por convenios de pago", "income_other", False)


class ResCompany(models.Model):
    _inherit = "res.company"

    water_agreement_min_down_payment = fields.Float(
        string="Minimum down payment (%)",
        default=20.0,
        digits=(5, 2),
        help="The least down payment (anticipo) of an agreement, as a percentage of the debt left once the "
        "surcharges are forgiven.",
    )
    water_agreement_max_instalments = fields.Integer(
        string="Most instalments", default=24, help="No agreement has more instalments than this."
    )
    water_agreement_officer_max_instalments = fields.Integer(
        string="Instalments the officer signs",
        default=6,
        help="The collections officer signs agreements of up to this many instalments; above it the commercial "
        "manager approves. Zero: no limit.",
    )
    water_agreement_officer_max_amount = fields.Float(
        string="Amount the officer signs",
        digits="Account",
        default=20000.0,
        help="The collections officer signs agreements over a debt of up to this amount; above it the commercial "
        "manager approves. Zero: no limit.",
    )
    water_agreement_forgiveness_single = fields.Float(
        string="Surcharges forgiven for a single payment (%)",
        default=100.0,
        digits=(5, 2),
        help="The forgiveness the policy grants when the debt is paid at once (no campaign in force).",
    )
    water_agreement_forgiveness_instalments = fields.Float(
        string="Surcharges forgiven with instalments (%)",
        default=75.0,
        digits=(5, 2),
        help="The forgiveness the policy grants to an agreement in instalments (no campaign in force).",
    )
    water_agreement_interest_rate = fields.Float(
        string="Monthly financing interest (%)",
        digits=(5, 4),
        help="Interest charged on the amount financed, per month (zero: none).",
    )
    water_agreement_method = fields.Selection(
        [("flat", "Flat (equal principal and interest)"), ("french", "French (constant instalment)")],
        string="Amortisation",
        default="flat",
        required=True,
    )
    water_agreement_down_payment_days = fields.Integer(
        string="Days to pay the down payment",
        default=5,
        help="An agreement whose down payment is not paid within these days lapses: it is cancelled and the "
        "surcharges it forgave come back.",
    )
    water_agreement_notice_days = fields.Integer(
        string="Days an instalment is charged before its due date",
        default=25,
        help="From this many days before its due date an instalment is due for payment: it is on the recibo, at "
        "the window, in the payment files and in the portal.",
    )
    water_agreement_breach_days = fields.Integer(
        string="Days of grace before a breach",
        default=30,
        help="An instalment still unpaid this many days after its due date breaks the agreement.",
    )
    water_agreement_restore_forgiveness = fields.Boolean(
        string="Forgiven surcharges come back on a breach",
        default=True,
        help="A broken agreement charges the account back the surcharges it forgave.",
    )
    water_agreement_max_restructures = fields.Integer(
        string="Restructurings allowed",
        default=2,
        help="How many times an agreement may be restructured into a new one.",
    )
    water_agreement_clauses = fields.Html(
        string="Clauses of the agreement",
        help="Printed on the agreement for both signatures (breach, surcharges, jurisdiction...). When empty, the "
        "standard clauses are printed.",
    )
    water_agreement_journal_id = fields.Many2one(
        "account.journal",
        string="Agreements journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the entries that turn the debts an agreement covers into its instalments.",
    )
    water_agreement_interest_account_id = fields.Many2one(
        "account.account",
        string="Agreement interest account",
        check_company=True,
        help="Income account of the financing interest of the agreements.",
    )

    _sql_constraints = [
        (
            "water_agreement_min_down_payment_range",
            "CHECK(water_agreement_min_down_payment >= 0 AND water_agreement_min_down_payment <= 100)",
            "The minimum down payment must be between 0 and 100%.",
        ),
        (
            "water_agreement_days_positive",
            (
                "CHECK(water_agreement_down_payment_days >= 0 AND water_agreement_notice_days >= 0 "
                "AND water_agreement_breach_days >= 0)"
            ),
            "The agreements' days cannot be negative.",
        ),
        (
            "water_agreement_forgiveness_range",
            (
                "CHECK(water_agreement_forgiveness_single >= 0 AND water_agreement_forgiveness_single <= 100 "
                "AND water_agreement_forgiveness_instalments >= 0 AND water_agreement_forgiveness_instalments <= 100)"
            ),
            "The agreements' forgiveness must be between 0 and 100%.",
        ),
    ]

    def _water_agreement_setup(self):
        """The agreements' journal and interest account (created the first time an agreement needs them)."""
        self.ensure_one()
        company = self.sudo()
        values = {}
        if not company.water_agreement_journal_id:
            values["water_agreement_journal_id"] = company._water_cash_journal(
                "general", "CONV", "Convenios de pago"
            ).id
        if not company.water_agreement_interest_account_id:
            values["water_agreement_interest_account_id"] = company._water_cash_account(INTEREST_ACCOUNT).id
        if values:
            company.write(values)
        return company
