from odoo import fields, models


class WaterChargeCancel(models.TransientModel):
    _name = "water.charge.cancel"
    _description = "Cancel charges with a reason"

    charge_ids = fields.Many2many("water.charge", string="Charges", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.charge_ids._water_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
