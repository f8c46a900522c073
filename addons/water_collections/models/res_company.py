from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

# defaults created for the l10n_mx chart (codes of the SAT "código agrupador" families:
# 101 caja, 701/702 otros gastos / otros productos); reused when the code already exists
TRANSIT_ACCOUNT = ("101.02.01", "Cobranza de ventanilla en tránsito", "asset_current", True)
METHOD_ACCOUNTS = {
    "cash": ("101.03.01", "Efectivo de cajas por depositar", "asset_current", True),
    "card": ("101.03.02", "Vouchers de tarjeta por depositar", "asset_current", True),
    "cheque": ("101.03.03", "Cheques por depositar", "asset_current", True),
    "transfer": ("101.03.04", "Transferencias por identificar", "asset_current", True),
}
DEPOSIT_TRANSIT_ACCOUNT = ("101.03.05", "Depósitos en tránsito", "asset_current", True)
SURPLUS_ACCOUNT = ("702.09.01", "Sobrantes de caja", "income_other", False)
SHORTAGE_ACCOUNT = ("701.09.01", "Faltantes de caja", "expense", False)
METHOD_NAMES = {"cash": "Efectivo", "card": "Tarjeta", "cheque": "Cheque", "transfer": "Transferencia"}


class ResCompany(models.Model):
    _inherit = "res.company"

    water_surcharge_rate = fields.Float(
        string="Monthly surcharge rate (%)",
        default=1.47,
        digits=(5, 4),
        help="Applied once a month to what each account owes on bills past their due date (recargos).",
    )
    water_forgiveness_officer_limit = fields.Float(
        string="Forgiveness limit of the collections officer (%)",
        default=50.0,
        help="The collections officer forgives surcharges up to this percentage; above it the commercial manager "
        "approves (up to 100%).",
    )

    water_cash_journal_id = fields.Many2one(
        "account.journal",
        string="Collections journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the receipt entries and of the daily collection entry (póliza de recaudación).",
    )
    water_cash_transit_account_id = fields.Many2one(
        "account.account",
        string="Collections in transit account",
        check_company=True,
        help="Receipts debit it; the session's closing entry credits it (reconcilable).",
    )
    water_cash_surplus_account_id = fields.Many2one(
        "account.account", string="Cash surplus account", check_company=True, help="Sobrantes de caja."
    )
    water_cash_shortage_account_id = fields.Many2one(
        "account.account", string="Cash shortage account", check_company=True, help="Faltantes de caja."
    )
    water_deposit_transit_account_id = fields.Many2one(
        "account.account",
        string="Deposits in transit account",
        check_company=True,
        help="Deposit slips debit it when the bank journal has no outstanding receipts account; the bank "
        "statement's credit is reconciled with it (reconcilable).",
    )
    water_payment_surcharges = fields.Selection(
        [
            ("first", "Surcharges first"),
            ("date", "By due date, surcharges in their turn"),
            ("last", "Surcharges last"),
        ],
        string="Surcharges in the payment order",
        default="date",
        required=True,
        help="The order in which a payment pays an account's debts, oldest due first: the surcharges before every "
        "bill (as article 20 of the Código Fiscal orders), in their turn by due date, or after every bill. It governs "
        "the cashier window, the bank and store payment files and the online payments alike; the account's own "
        "credits (open credit notes, payments not applied yet) always pay before the money.",
    )
    water_allow_credit = fields.Boolean(
        string="Keep overpayments as the account's credit (saldo a favor)",
        default=True,
        help="A payment above what the account owes pays everything it owes and the rest stays as the account's "
        "credit, applied to its next bills or refunded by the commercial manager: at the cashier window (an amount "
        "above the debt) and in the bank and store payment files (a row above what the account owes, or for an "
        "account that owes nothing). Online payments always keep what is left, since the bank already took the "
        "money. Otherwise the window and the payment files refuse overpayments.",
    )
    water_cash_method_ids = fields.One2many("water.cash.method", "company_id", string="Cashier payment methods")

    _sql_constraints = [
        (
            "water_surcharge_rate_range",
            "CHECK(water_surcharge_rate >= 0 AND water_surcharge_rate <= 100)",
            "The monthly surcharge rate must be between 0 and 100%.",
        ),
        (
            "water_forgiveness_officer_limit_range",
            "CHECK(water_forgiveness_officer_limit >= 0 AND water_forgiveness_officer_limit <= 100)",
            "The forgiveness limit of the collections officer must be between 0 and 100%.",
        ),
    ]

    def _water_surcharge_order(self):
        """The payment policy's place of the surcharges is the company's setting, for every payment and for the
        credits the bill run applies."""
        self.ensure_one()
        return self.water_payment_surcharges or super()._water_surcharge_order()

    def _water_cash_account(self, spec):
        self.ensure_one()
        code, name, account_type, reconcile = spec
        Account = self.env["account.account"].with_company(self)
        account = Account.search([*Account._check_company_domain(self), ("code", "=", code)], limit=1)
        if not account:
            account = Account.create(
                {
                    "code": code,
                    "name": name,
                    "account_type": account_type,
                    "reconcile": reconcile,
                    "company_ids": [(6, 0, self.root_id.ids)],
                }
            )
        return account

    def _water_cash_journal(self, journal_type, code, name):
        self.ensure_one()
        Journal = self.env["account.journal"].with_company(self)
        journal = Journal.search([*Journal._check_company_domain(self), ("type", "=", journal_type)], limit=1)
        if journal_type == "general":
            journal = Journal.search([*Journal._check_company_domain(self), ("code", "=", code)], limit=1)
        return journal or Journal.create({"name": name, "code": code, "type": journal_type, "company_id": self.id})

    def _water_cash_setup(self):
        """Give the companies that have a chart of accounts what the cashier needs: the collections
        journal, the transit, surplus and shortage accounts and the four payment methods."""
        Account = self.env["account.account"].sudo()
        for company in self.sudo():
            if not Account.search_count(Account._check_company_domain(company), limit=1):
                continue  # no chart of accounts yet
            values = {}
            if not company.water_cash_journal_id:
                values["water_cash_journal_id"] = company._water_cash_journal(
                    "general", "RCAJ", "Recaudación de cajas"
                ).id
            if not company.water_cash_transit_account_id:
                values["water_cash_transit_account_id"] = company._water_cash_account(TRANSIT_ACCOUNT).id
            if not company.water_cash_surplus_account_id:
                values["water_cash_surplus_account_id"] = company._water_cash_account(SURPLUS_ACCOUNT).id
            if not company.water_cash_shortage_account_id:
                values["water_cash_shortage_account_id"] = company._water_cash_account(SHORTAGE_ACCOUNT).id
            if values:
                company.write(values)
            existing = set(company.water_cash_method_ids.with_context(active_test=False).mapped("code"))
            journals = {
                "cash": company._water_cash_journal("cash", "CAJA", "Efectivo"),
                "bank": company._water_cash_journal("bank", "BNCO", "Banco"),
            }
            self.env["water.cash.method"].sudo().create(
                [
                    {
                        "name": METHOD_NAMES[code],
                        "code": code,
                        "sequence": sequence,
                        "company_id": company.id,
                        "journal_id": journals["cash" if code == "cash" else "bank"].id,
                        "account_id": company._water_cash_account(METHOD_ACCOUNTS[code]).id,
                    }
                    for sequence, code in enumerate(METHOD_ACCOUNTS, start=1)
                    if code not in existing
                ]
            )
        return True

    @api.model
    def water_cash_setup_companies(self):
        """Install hook (data XML): set the cashier accounting up for every company with a chart."""
        if not self.env.is_superuser():
            raise AccessError(_("Only the administrator sets the cashier accounting up."))
        self.search([])._water_cash_setup()
        return True

    def _water_cash_check_setup(self):
        self.ensure_one()
        company = self.sudo()
        if not (company.water_cash_journal_id and company.water_cash_transit_account_id):
            company._water_cash_setup()
        missing = [
            label
            for label, value in (
                (_("collections journal"), company.water_cash_journal_id),
                (_("collections in transit account"), company.water_cash_transit_account_id),
                (_("cash surplus account"), company.water_cash_surplus_account_id),
                (_("cash shortage account"), company.water_cash_shortage_account_id),
            )
            if not value
        ]
        if missing:
            raise UserError(
                _(
                    "Set up the cashier accounting of %(company)s first: %(missing)s.",
                    company=company.name,
                    missing=", ".join(missing),
                )
            )

    water_review_large_consumers = fields.Boolean(
        string="Review large consumers before billing",
        help="A bill run does not start while the large consumers of its period wait for the collections officer's "
        "review; those held are not billed until validated.",
    )
