from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    water_agreement_id = fields.Many2one(
        "water.payment.agreement", string="Payment agreement", readonly=True, copy=False, index="btree_not_null"
    )
    water_agreement_line_id = fields.Many2one(
        "water.payment.agreement.line", string="Instalment", readonly=True, copy=False, index="btree_not_null"
    )
