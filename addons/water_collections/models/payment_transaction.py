from odoo import fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    water_contract_id = fields.Many2one(
        "water.contract",
        string="Water account",
        readonly=True,
        index="btree_not_null",
        help="Account whose balance the citizen paid online from the portal.",
    )
