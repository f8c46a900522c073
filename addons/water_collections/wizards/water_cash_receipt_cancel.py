from odoo import fields, models


class WaterCashReceiptCancel(models.TransientModel):
    _name = "water.cash.receipt.cancel"
    _description = "Cancel a cashier receipt"

    receipt_id = fields.Many2one("water.cash.receipt", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.receipt_id._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
