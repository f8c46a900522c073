from odoo import fields, models


class WaterCashDepositLine(models.Model):
    _name = "water.cash.deposit.line"
    _description = "Deposit slip line"
    _order = "deposit_id, session_id, method_id"

    deposit_id = fields.Many2one("water.cash.deposit", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="deposit_id.company_id", store=True)
    currency_id = fields.Many2one(related="deposit_id.currency_id")
    session_id = fields.Many2one("water.cash.session", required=True, ondelete="restrict", index=True)
    cashier_id = fields.Many2one(related="session_id.user_id", string="Cashier")
    session_date = fields.Datetime(related="session_id.date_close", string="Closed")
    method_id = fields.Many2one("water.cash.method", required=True, ondelete="restrict")
    method_code = fields.Selection(related="method_id.code", store=True)
    move_line_id = fields.Many2one(
        "account.move.line", string="To deposit item", required=True, ondelete="restrict", index=True
    )
    amount = fields.Monetary(required=True, help="What the session counted of this method, float excluded.")
