from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class WaterBillAdjustment(models.Model):
    _name = "water.bill.adjustment"
    _description = "Adjustment of a bill by credit note (ajuste a la facturación)"
    _inherit = ["water.folio.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    move_id = fields.Many2one(
        "account.move",
        string="Bill",
        required=True,
        tracking=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), ('water_contract_id', '!=', False)]",
    )
    contract_id = fields.Many2one(related="move_id.water_contract_id", store=True, string="Account")
    partner_id = fields.Many2one(related="move_id.partner_id", string="Holder")
    company_id = fields.Many2one(related="move_id.company_id", store=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    bill_total = fields.Monetary(related="move_id.amount_total", string="Bill total")
    mode = fields.Selection(
        [("full", "Cancel the whole bill"), ("partial", "Credit part of the bill")],
        default="partial",
        required=True,
        tracking=True,
    )
    amount = fields.Monetary(string="Amount to credit (before VAT)", tracking=True)
    reason = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To approve"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="draft",
        required=True,
        tracking=True,
    )
    requested_by_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    credit_note_id = fields.Many2one("account.move", readonly=True, copy=False)

    _sql_constraints = [("amount_positive", "CHECK(amount >= 0)", "The amount to credit cannot be negative.")]

    def action_submit(self):
        for adjustment in self:
            if adjustment.state != "draft":
                raise UserError(_("Adjustment %s was already submitted.", adjustment.name))
            if adjustment.mode == "partial" and not 0 < adjustment.amount <= adjustment.move_id.amount_untaxed:
                raise UserError(_("The amount to credit must be positive and at most the bill's amount before VAT."))
        self.write({"state": "to_approve"})

    def _check_manager(self):
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(_("Only the commercial manager approves adjustments to the billing."))
        if self.filtered(lambda a: a.state != "to_approve"):
            raise UserError(_("Only adjustments waiting for approval can be decided."))

    def action_approve(self):
        """Post the credit note and reconcile it with the bill; nothing posted is deleted."""
        self._check_manager()
        for adjustment in self:
            credit_note = adjustment._create_credit_note()
            adjustment.write({"state": "approved", "approved_by_id": self.env.uid, "credit_note_id": credit_note.id})
            adjustment.move_id.message_post(
                body=_(
                    "Adjusted by %(name)s (credit note %(note)s): %(reason)s",
                    name=adjustment.name,
                    note=credit_note.name,
                    reason=adjustment.reason,
                )
            )

    def action_reject(self):
        self._check_manager()
        self.write({"state": "rejected", "approved_by_id": self.env.uid})

    def _create_credit_note(self):
        self.ensure_one()
        bill = self.move_id.sudo()
        reason = _("Adjustment %(name)s: %(reason)s", name=self.name, reason=self.reason)
        if self.mode == "full":
            return bill._reverse_moves([{"ref": reason, "invoice_date": fields.Date.context_today(self)}], cancel=True)
        line = bill.invoice_line_ids[:1]
        credit_note = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": bill.partner_id.id,
                    "journal_id": bill.journal_id.id,
                    "invoice_date": fields.Date.context_today(self),
                    "reversed_entry_id": bill.id,
                    "ref": reason,
                    "water_contract_id": bill.water_contract_id.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": line.product_id.id,
                                "name": reason,
                                "quantity": 1,
                                "price_unit": self.amount,
                                "tax_ids": [(6, 0, line.tax_ids.ids)],
                            },
                        )
                    ],
                }
            )
        )
        credit_note.action_post()
        (bill.line_ids | credit_note.line_ids).filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
        ).reconcile()
        return credit_note
