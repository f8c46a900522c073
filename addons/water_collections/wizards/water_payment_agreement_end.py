from odoo import fields, models


class WaterPaymentAgreementEnd(models.TransientModel):
    _name = "water.payment.agreement.end"
    _description = "Break or cancel a payment agreement"

    agreement_id = fields.Many2one("water.payment.agreement", required=True, ondelete="cascade")
    state = fields.Selection(related="agreement_id.state")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.agreement_id.state == "active":
            self.agreement_id.action_water_break(self.reason)
        else:
            self.agreement_id.action_water_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
