from odoo import api, fields, models


class WaterPaymentFileLine(models.Model):
    _name = "water.payment.file.line"
    _description = "Payment of an imported bank or store file"
    _order = "file_id desc, row_number"

    file_id = fields.Many2one("water.payment.file", required=True, ondelete="restrict", index=True, readonly=True)
    journal_id = fields.Many2one(related="file_id.journal_id", store=True)
    company_id = fields.Many2one(related="file_id.company_id", store=True)
    state = fields.Selection(related="file_id.state", store=True)
    currency_id = fields.Many2one(related="file_id.currency_id")
    row_number = fields.Integer(string="Row", readonly=True)
    date = fields.Date(string="Payment date", readonly=True)
    reference = fields.Char(readonly=True, index=True)
    folio = fields.Char(string="Bank folio", readonly=True, required=True)
    amount = fields.Monetary(readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Holder", readonly=True)
    move_line_id = fields.Many2one("account.move.line", string="Journal item", readonly=True)
    paid_move_ids = fields.Many2many(
        "account.move", string="Bills paid", compute="_compute_paid_move_ids", help="Bills the payment was applied to."
    )
    amount_credit = fields.Monetary(
        string="Left as credit",
        compute="_compute_amount_credit",
        help="What the payment did not pay (the account owed less): the account's credit in favour, still open.",
    )

    def _auto_init(self):
        result = super()._auto_init()
        # a bank folio is applied once per journal (a reversed file frees its folios)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS water_payment_file_line_folio_uniq
                ON water_payment_file_line (journal_id, folio) WHERE state = 'posted'
            """
        )
        return result

    @api.depends("move_line_id")
    def _compute_paid_move_ids(self):
        for line in self:
            partials = line.move_line_id.matched_debit_ids
            line.paid_move_ids = partials.debit_move_id.move_id

    @api.depends("move_line_id.amount_residual")
    def _compute_amount_credit(self):
        for line in self:
            line.amount_credit = max(-line.move_line_id.amount_residual, 0.0) if line.state == "posted" else 0.0
