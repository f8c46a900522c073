from odoo import fields, models


class WaterCollectionReview(models.TransientModel):
    _name = "water.collection.review"
    _description = "Put accounts under review (collection process)"

    contract_ids = fields.Many2many("water.contract", string="Accounts", required=True)
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.contract_ids.action_water_collection_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
