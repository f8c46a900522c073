from odoo import api, fields, models


class WaterPaymentAgreementLine(models.Model):
    _name = "water.payment.agreement.line"
    _description = "Instalment of a payment agreement (parcialidad)"
    _order = "agreement_id, number"

    agreement_id = fields.Many2one("water.payment.agreement", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    contract_id = fields.Many2one(related="agreement_id.contract_id", store=True, string="Account")
    number = fields.Integer(required=True)
    label = fields.Char(compute="_compute_label")
    date_due = fields.Date(string="Due date", required=True)
    principal = fields.Monetary()
    interest = fields.Monetary()
    amount = fields.Monetary(string="Instalment")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Journal item",
        readonly=True,
        index="btree_not_null",
        help="The instalment's receivable in the account's ledger, once the agreement is active.",
    )
    amount_residual = fields.Monetary(string="Owed", compute="_compute_amount_residual")
    state = fields.Selection(
        [("open", "In force"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        help="Cancelled: the agreement was broken or restructured before it was paid.",
    )

    _sql_constraints = [
        ("number_uniq", "unique(agreement_id, number)", "Each instalment has its own number."),
    ]

    @api.depends("number", "agreement_id.instalment_count")
    def _compute_label(self):
        for line in self:
            line.label = self.env._(
                "Instalment %(number)s of %(count)s",
                number=line.number,
                count=line.agreement_id.instalment_count or len(line.agreement_id.line_ids),
            )

    @api.depends("label")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line.label

    @api.depends("move_line_id.amount_residual", "amount", "state")
    def _compute_amount_residual(self):
        for line in self:
            if line.state == "cancelled":
                line.amount_residual = 0.0
            elif line.move_line_id:
                line.amount_residual = line.move_line_id.sudo().amount_residual
            else:
                line.amount_residual = line.amount
