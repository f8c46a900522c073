from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    water_contract_id = fields.Many2one(
        "water.contract",
        string="Water account",
        compute="_compute_water_contract_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="The account whose ledger the item belongs to: every line of its bills, surcharges, charges and "
        "credit notes, and the receivable lines of the payments made for it.",
    )

    @api.depends("move_id.water_contract_id")
    def _compute_water_contract_id(self):
        for line in self:
            line.water_contract_id = line.move_id.water_contract_id or line.water_contract_id
