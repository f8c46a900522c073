from odoo import fields, models


class WaterCutOrderCancel(models.TransientModel):
    _name = "water.cut.order.cancel"
    _description = "Cancel cut orders with a reason"

    order_ids = fields.Many2many("water.cut.order", string="Orders", required=True)
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.order_ids._water_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
