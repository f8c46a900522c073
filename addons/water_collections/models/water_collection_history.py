from odoo import fields, models

HISTORY_KINDS = [
    ("enter", "Entered the process"),
    ("advance", "Moved to the next stage"),
    ("leave", "Left the process"),
    ("hold", "Put under review"),
    ("release", "Review ended"),
]


class WaterCollectionHistory(models.Model):
    _name = "water.collection.history"
    _description = "Step of an account in the collection process"
    _order = "date desc, id desc"

    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    kind = fields.Selection(HISTORY_KINDS, required=True)
    stage_from_id = fields.Many2one("water.collection.stage", string="From stage", ondelete="restrict")
    stage_to_id = fields.Many2one("water.collection.stage", string="To stage", ondelete="restrict")
    date = fields.Date(required=True, default=fields.Date.context_today)
    run_id = fields.Many2one("water.collection.run", index=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", string="By", required=True, default=lambda self: self.env.user)
    reason = fields.Char()
    overdue = fields.Float(string="Overdue debt", digits="Account")
    months_owed = fields.Integer()
