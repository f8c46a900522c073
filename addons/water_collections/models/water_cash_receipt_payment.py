from odoo import api, fields, models


class WaterCashReceiptPayment(models.Model):
    _name = "water.cash.receipt.payment"
    _description = "Payment method line of a cashier receipt"
    _order = "receipt_id, id"

    receipt_id = fields.Many2one("water.cash.receipt", required=True, ondelete="cascade", index=True)
    session_id = fields.Many2one(related="receipt_id.session_id", store=True, index=True)
    company_id = fields.Many2one(related="receipt_id.company_id", store=True)
    currency_id = fields.Many2one(related="receipt_id.currency_id")
    method_id = fields.Many2one(
        "water.cash.method",
        required=True,
        ondelete="restrict",
        domain="[('company_id', '=', company_id)]",
    )
    method_code = fields.Selection(related="method_id.code", store=True)
    amount = fields.Monetary(string="Amount received")
    reference = fields.Char(help="Card voucher, cheque number or transfer tracking key.")
    amount_net = fields.Monetary(
        string="Collected",
        compute="_compute_amount_net",
        store=True,
        help="What stays in the drawer: the amount received less the change handed back (cash only).",
    )

    @api.depends("amount", "method_code", "receipt_id.amount_change")
    def _compute_amount_net(self):
        for receipt in self.receipt_id:
            change = receipt.amount_change
            for payment in receipt.payment_ids:
                if payment.method_code == "cash":
                    given = min(change, payment.amount)
                    payment.amount_net = payment.amount - given
                    change -= given
                else:
                    payment.amount_net = payment.amount
        for payment in self.filtered(lambda p: not p.receipt_id):
            payment.amount_net = payment.amount
