from odoo import fields, models


class WaterCashReceiptLine(models.Model):
    _name = "water.cash.receipt.line"
    _description = "Debt paid by a cashier receipt"
    _order = "receipt_id, date_due, date, id"

    receipt_id = fields.Many2one("water.cash.receipt", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="receipt_id.company_id", store=True)
    currency_id = fields.Many2one(related="receipt_id.currency_id")
    move_id = fields.Many2one("account.move", string="Bill", required=True, ondelete="restrict", index=True)
    bill_name = fields.Char(string="Bill number")
    period = fields.Char()
    date = fields.Date(string="Bill date")
    date_due = fields.Date(string="Due date")
    is_surcharge = fields.Boolean(string="Surcharge")
    amount_total = fields.Monetary(string="Bill total")
    amount_residual = fields.Monetary(string="Owed")
    amount_applied = fields.Monetary(string="Paid")
