# pylint: disable=consider-merging-classes-inherited
# (the window's side of the payment agreements keeps its own file beside the receipt)
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .water_payment_agreement import AGREEMENT_STATES


class WaterCashReceipt(models.Model):
    """The window and the payment agreements: the account's agreement in force shown on the receipt (what is left of
    its down payment, its next instalment), and a new agreement made from the receipt by the collections officer."""

    _inherit = "water.cash.receipt"

    water_agreement_id = fields.Many2one(
        "water.payment.agreement",
        string="Payment agreement",
        compute="_compute_water_agreement",
        help="The account's agreement waiting for approval or its down payment, or active.",
    )
    water_agreement_state = fields.Selection(
        AGREEMENT_STATES, string="Agreement state", compute="_compute_water_agreement"
    )
    water_agreement_down_payment = fields.Monetary(
        string="Down payment left",
        compute="_compute_water_agreement",
        help="What is still to be paid of the agreement's down payment: once it is paid, the agreement is active.",
    )
    water_agreement_next_label = fields.Char(string="Next instalment", compute="_compute_water_agreement")
    water_agreement_next_date = fields.Date(string="Next instalment due", compute="_compute_water_agreement")
    water_agreement_next_amount = fields.Monetary(string="Next instalment owes", compute="_compute_water_agreement")
    water_agreement_overdue = fields.Monetary(
        string="Overdue debt",
        compute="_compute_water_agreement",
        help="What the account owes past its due dates: the debt a payment agreement covers.",
    )
    water_agreement_can_make = fields.Boolean(
        string="Can make an agreement",
        compute="_compute_water_agreement",
        help="The account owes overdue debt and has no agreement in force: the collections officer can make one.",
    )

    @api.depends("contract_id", "state")
    def _compute_water_agreement(self):
        contracts = self.contract_id._origin.sudo()
        overdue = contracts._water_ledger(overdue=True, future_instalments=True) if contracts else {}
        current = {contract.id: contract.agreement_id for contract in contracts}
        waiting = (
            self.env["water.payment.agreement"]
            .sudo()
            .browse(sorted({agreement.id for agreement in current.values() if agreement.state == "waiting"}))
        )
        left = waiting._water_down_payment_left() if waiting else {}
        for receipt in self:
            contract = receipt.contract_id._origin
            agreement = current.get(contract.id, self.env["water.payment.agreement"].sudo())
            owed = sum(row["residual"] for row in overdue.get(contract.id, []))
            nxt = agreement.next_line_id if agreement.state == "active" else agreement.next_line_id.browse()
            receipt.water_agreement_id = agreement.with_env(self.env)
            receipt.water_agreement_state = agreement.state
            receipt.water_agreement_down_payment = float(left.get(agreement.id, 0.0))
            receipt.water_agreement_next_label = nxt.label
            receipt.water_agreement_next_date = nxt.date_due
            receipt.water_agreement_next_amount = nxt.amount_residual
            receipt.water_agreement_overdue = owed
            receipt.water_agreement_can_make = bool(contract) and not agreement and owed > 0

    def action_water_new_agreement(self):
        """The collections officer makes a payment agreement for the receipt's account at the window: the agreement's
        form opens over the receipt; once signed, the receipt proposes its down payment."""
        self.ensure_one()
        self.env["water.payment.agreement"]._check_officer()
        if self.state != "draft":
            raise UserError(self.env._("Receipt %s is not a draft: make the agreement from a new one.", self.name))
        if not self.contract_id:
            raise UserError(self.env._("Find the account first."))
        if self.water_agreement_id:
            raise UserError(
                self.env._(
                    "Account %(account)s already has agreement %(agreement)s.",
                    account=self.contract_id.number,
                    agreement=self.water_agreement_id.name,
                )
            )
        if not self.water_agreement_can_make:
            raise UserError(
                self.env._(
                    "Account %s owes nothing overdue: there is no debt for an agreement to cover.",
                    self.contract_id.number,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.payment.agreement",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Payment agreement at the window"),
            "context": {
                "default_contract_id": self.contract_id.id,
                "default_channel": "window",
                "water_receipt_id": self.id,
            },
        }

    def action_water_open_agreement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.payment.agreement",
            "res_id": self.water_agreement_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _water_refresh_open_items(self):
        """Draft receipts shown again from their accounts' ledgers as they stand now (after an agreement was signed:
        surcharges forgiven, the down payment to propose); one cash payment line follows the amount proposed."""
        for receipt in self.filtered(lambda r: r.state == "draft" and r.contract_id):
            receipt._onchange_contract_id()
            payments = receipt.payment_ids
            if len(payments) == 1:
                payments.amount = receipt.amount
            elif not payments and receipt.amount:
                cash = self.env["water.cash.method"].search(
                    [("company_id", "=", receipt.company_id.id), ("code", "=", "cash")], limit=1
                )
                if cash:
                    receipt.payment_ids = [Command.create({"method_id": cash.id, "amount": receipt.amount})]
