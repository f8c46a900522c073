from odoo import fields, models

KINDS = [
    ("bill", "Water bill"),
    ("surcharge", "Surcharge"),
    ("charge", "Charge"),
    ("refund", "Credit note"),
    ("agreement", "Agreement"),
    ("payment", "Payment"),
]


class WaterCollectionNoticeLine(models.Model):
    """A debt a notice claims, as the ledger had it when the notice was issued: it never changes afterwards."""

    _name = "water.collection.notice.line"
    _description = "Debt claimed by an arrears notice"
    _order = "notice_id, sequence, id"

    notice_id = fields.Many2one("water.collection.notice", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="notice_id.company_id", store=True)
    sequence = fields.Integer(readonly=True)
    move_line_id = fields.Many2one("account.move.line", string="Journal item", readonly=True, ondelete="set null")
    document = fields.Char(readonly=True)
    period = fields.Char(readonly=True)
    date_due = fields.Date(string="Due date", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    amount = fields.Float(string="Owed", digits="Account", readonly=True)
    amount_water = fields.Float(string="Water", digits="Account", readonly=True)
    amount_drainage = fields.Float(string="Drainage", digits="Account", readonly=True)
    amount_sanitation = fields.Float(string="Sanitation", digits="Account", readonly=True)
    amount_surcharges = fields.Float(string="Surcharges", digits="Account", readonly=True)
    amount_other = fields.Float(string="Other charges", digits="Account", readonly=True)
