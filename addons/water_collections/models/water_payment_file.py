from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class WaterPaymentFile(models.Model):
    _name = "water.payment.file"
    _description = "Bank or store payment file imported (pagos referenciados)"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "id desc"

    file_name = fields.Char(readonly=True, required=True)
    file_hash = fields.Char(string="File fingerprint (SHA-256)", readonly=True, required=True, copy=False, index=True)
    journal_id = fields.Many2one(
        "account.journal", string="Bank or store journal", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    imported_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    import_date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    date_first = fields.Date(string="First payment", readonly=True)
    date_last = fields.Date(string="Last payment", readonly=True)
    state = fields.Selection(
        [("posted", "Posted"), ("reversed", "Reversed")], default="posted", required=True, readonly=True, tracking=True
    )
    line_ids = fields.One2many("water.payment.file.line", "file_id", string="Payments", readonly=True)
    move_ids = fields.One2many("account.move", "water_payment_file_id", string="Journal entries", readonly=True)
    line_count = fields.Integer(string="Number of payments", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    reversal_reason = fields.Text(tracking=True)

    def _auto_init(self):
        result = super()._auto_init()
        # the same file is never applied twice (a reversed file may be imported again)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS water_payment_file_hash_uniq
                ON water_payment_file (company_id, file_hash) WHERE state = 'posted'
            """
        )
        return result

    @api.depends("name", "file_name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"{record.name} ({record.file_name})" if record.file_name else record.name

    def action_open_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Journal entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.move_ids.ids)],
        }

    def action_reverse(self):
        """Reverse the file's entries (nothing posted is deleted): the bills owe again, the folios are freed."""
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(_("Only the commercial manager reverses an imported payment file."))
        for record in self:
            if record.state != "posted":
                raise UserError(_("Payment file %s is already reversed.", record.name))
            if not (record.reversal_reason or "").strip():
                raise UserError(_("Write the reason of the reversal of payment file %s first.", record.name))
            moves = record.move_ids.filtered(lambda m: m.state == "posted")
            ref = _("Reversal of %(file)s: %(reason)s", file=record.name, reason=record.reversal_reason)
            moves._reverse_moves([{"ref": ref} for _move in moves], cancel=True)
            record.write({"state": "reversed"})
            record.message_post(body=_("Payment file reversed: %s", record.reversal_reason))
