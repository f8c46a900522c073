from odoo import Command, fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    water_contract_id = fields.Many2one(
        "water.contract",
        string="Water account",
        readonly=True,
        index="btree_not_null",
        help="Account whose balance the citizen paid online from the portal.",
    )

    def _create_payment(self, **extra_create_values):
        """A water account's online payment follows the account's payment policy, like the window and the
        payment files: Odoo would reconcile the payment with the transaction's bills as a whole, so the bills are
        kept off the transaction while Odoo posts the payment, and the payment is reconciled afterwards pair by
        pair by the policy (the account's credits first, then the money). What is left (a cashier took part of the
        balance meanwhile) stays as the account's credit: the bank already took the money."""
        if not self.water_contract_id:
            return super()._create_payment(**extra_create_values)
        invoices = self.invoice_ids
        extra_create_values.setdefault("invoice_ids", [Command.set(invoices.ids)])
        self.invoice_ids = [Command.clear()]
        try:
            payment = super()._create_payment(**extra_create_values)
        finally:
            self.invoice_ids = [Command.set(invoices.ids)]
        self._water_reconcile_payment(payment)
        return payment

    def _water_reconcile_payment(self, payment):
        self.ensure_one()
        contract = self.water_contract_id.sudo()
        line = payment.move_id.line_ids.filtered(
            lambda aml: aml.account_id == payment.destination_account_id and not aml.reconciled
        )
        if len(line) != 1 or line.balance >= 0:
            return
        line.water_contract_id = contract
        rows = contract._water_ledger(lock=True)[contract.id]
        items = [row["item"] for row in rows if row["line_id"] != line.id and row["residual"]]
        Contract = self.env["water.contract"].sudo()
        settlement = Contract._water_settle(items, -line.amount_residual, payment.company_id, allow_credit=True)
        plan = Contract._water_reconcile_pairs(settlement.applications, line)
        if plan:
            self.env["account.move.line"].sudo()._reconcile_plan(plan)
