from odoo import fields, models


class WaterWriteoffCancel(models.TransientModel):
    _name = "water.writeoff.cancel"
    _description = "Cancel a write-off"

    writeoff_id = fields.Many2one("water.writeoff", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.writeoff_id._water_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
