from odoo import _, api, fields, models
from odoo.exceptions import UserError


class WaterCashSessionLine(models.Model):
    _name = "water.cash.session.line"
    _description = "Cashier session count by method"
    _order = "session_id, sequence, id"

    session_id = fields.Many2one("water.cash.session", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    currency_id = fields.Many2one(related="session_id.currency_id")
    method_id = fields.Many2one("water.cash.method", required=True, ondelete="restrict")
    sequence = fields.Integer(related="method_id.sequence", store=True)
    amount_expected = fields.Monetary(
        string="Expected",
        readonly=True,
        help="Collected by the session's posted receipts (net of change), plus the opening float for cash.",
    )
    amount_counted = fields.Monetary(string="Counted")
    amount_difference = fields.Monetary(
        string="Difference", compute="_compute_amount_difference", help="Counted minus expected."
    )

    _sql_constraints = [
        ("method_uniq", "unique(session_id, method_id)", "Each method is counted once per session."),
        ("counted_positive", "CHECK(amount_counted >= 0)", "A counted amount cannot be negative."),
    ]

    @api.depends("amount_expected", "amount_counted")
    def _compute_amount_difference(self):
        for line in self:
            line.amount_difference = line.amount_counted - line.amount_expected

    def write(self, vals):
        if "amount_counted" in vals and self.filtered(lambda line: line.session_id.state == "closed"):
            raise UserError(_("The count of a closed session cannot change."))
        return super().write(vals)
