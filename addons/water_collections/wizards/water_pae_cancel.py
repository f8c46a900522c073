from odoo import fields, models


class WaterPaeCancel(models.TransientModel):
    _name = "water.pae.cancel"
    _description = "Cancel PAE cases"

    case_ids = fields.Many2many("water.pae.case", string="Cases", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.case_ids._water_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
