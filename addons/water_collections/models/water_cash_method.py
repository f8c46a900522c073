from odoo import fields, models

METHOD_CODES = [("cash", "Cash"), ("card", "Card"), ("cheque", "Cheque"), ("transfer", "Transfer")]


class WaterCashMethod(models.Model):
    _name = "water.cash.method"
    _description = "Cashier payment method"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(METHOD_CODES, required=True, help="Only cash gives change.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    journal_id = fields.Many2one(
        "account.journal",
        string="Deposit journal",
        required=True,
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Bank or cash journal where this method's money is deposited.",
    )
    account_id = fields.Many2one(
        "account.account",
        string="Account to deposit",
        required=True,
        check_company=True,
        domain="[('reconcile', '=', True), ('account_type', 'not in', ('asset_receivable', 'liability_payable'))]",
        help="Debited by the daily collection entry; the accountant reconciles it with the deposit's bank line.",
    )

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "Each payment method appears once per company."),
    ]
