from odoo import fields, models


class WaterCashReceiptLine(models.Model):
    _name = "water.cash.receipt.line"
    _description = "Open item of the account paid or used by a cashier receipt"
    _order = "receipt_id, date_due, date, id"

    receipt_id = fields.Many2one("water.cash.receipt", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="receipt_id.company_id", store=True)
    currency_id = fields.Many2one(related="receipt_id.currency_id")
    move_id = fields.Many2one("account.move", string="Document", required=True, ondelete="restrict", index=True)
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Journal item",
        ondelete="set null",
        index="btree_not_null",
        help="The account's open item in its ledger: the receivable line of the bill, surcharge, credit note or "
        "payment.",
    )
    kind = fields.Selection(
        [
            ("bill", "Bill"),
            ("surcharge", "Surcharge"),
            ("charge", "Other charge"),
            ("refund", "Credit note"),
            ("agreement", "Agreement"),
            ("payment", "Credit in favour"),
        ],
        string="Type",
    )
    bill_name = fields.Char(string="Number")
    period = fields.Char()
    date = fields.Date()
    date_due = fields.Date(string="Due date")
    is_surcharge = fields.Boolean(string="Surcharge")
    amount_total = fields.Monetary(string="Original amount")
    amount_residual = fields.Monetary(string="Owed", help="Negative: a credit of the account (saldo a favor).")
    amount_applied = fields.Monetary(
        string="Paid", help="What the receipt pays of a debt; negative: what it uses of one of the account's credits."
    )
