from odoo import fields, models


class WaterCertificateRevoke(models.TransientModel):
    _name = "water.certificate.revoke"
    _description = "Revoke certificates with a reason"

    certificate_ids = fields.Many2many("water.certificate", string="Certificates", required=True)
    reason = fields.Text(required=True)

    def action_revoke(self):
        self.ensure_one()
        self.certificate_ids._water_revoke(self.reason)
        return {"type": "ir.actions.act_window_close"}
