from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.water_billing.utils import ledger

from ..utils.cash import format_amount

QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


class WaterCreditRefund(models.TransientModel):
    _name = "water.credit.refund"
    _description = "Refund of an account's credit (saldo a favor)"

    contract_id = fields.Many2one("water.contract", string="Account", required=True, readonly=True)
    company_id = fields.Many2one(related="contract_id.company_id")
    currency_id = fields.Many2one(related="contract_id.company_id.currency_id")
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    amount_credit = fields.Monetary(
        string="Credit in favour",
        compute="_compute_amount_credit",
        help="What the account's credits exceed its debts by.",
    )
    amount = fields.Monetary(string="Amount to refund", required=True)
    journal_id = fields.Many2one(
        "account.journal",
        string="Paid from",
        required=True,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        default=lambda self: self._default_journal(),
        help="The bank or cash journal the refund is paid from.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text(required=True, help="Why the credit is refunded: it stays in the account's history.")

    @api.model
    def _default_journal(self):
        return self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )

    @api.depends("contract_id")
    def _compute_amount_credit(self):
        credits = self.contract_id._water_credit() if self.contract_id else {}
        for wizard in self:
            wizard.amount_credit = float(credits.get(wizard.contract_id.id, 0))

    def action_refund(self):
        self.ensure_one()
        payment = self._refund()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment",
            "res_id": payment.id,
            "view_mode": "form",
            "target": "current",
        }

    def _refund(self):
        """An outbound customer payment of the amount from the journal chosen, reconciled with the account's
        credit lines, oldest first, up to the amount; the account's chatter says who, how much and why."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("water_registry.group_water_manager")):
            raise AccessError(_("Only the commercial manager refunds an account's credit."))
        contract = self.contract_id
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for refunding the credit of account %s.", contract.number))
        currency = contract.company_id.currency_id
        if currency.compare_amounts(self.amount, 0) <= 0:
            raise UserError(_("The amount to refund must be positive."))
        if self.journal_id.type not in ("bank", "cash") or self.journal_id.company_id != contract.company_id:
            raise UserError(
                _("Journal %s is not a bank or cash journal of this company.", self.journal_id.display_name)
            )
        rows = contract._water_ledger(lock=True)[contract.id]
        credit = max(-ledger.balance([row["item"] for row in rows]), ledger.ZERO)
        if credit <= 0:
            raise UserError(_("Account %s has no credit in its favour (saldo a favor) to refund.", contract.number))
        amount = ledger.money(self.amount)
        if amount > credit:
            raise UserError(
                _(
                    "The amount to refund (%(amount)s) exceeds the credit in favour of account %(account)s "
                    "(%(credit)s).",
                    amount=format_amount(amount),
                    account=contract.number,
                    credit=format_amount(credit),
                )
            )
        Line = self.env["account.move.line"].sudo()
        credit_lines = Line.browse(
            [
                row["line_id"]
                for row in sorted(rows, key=lambda row: (row["date"], row["line_id"]))
                if row["residual"] < 0
            ]
        )
        env = self.sudo().with_context(**QUIET).env
        payment = env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "customer",
                "partner_id": contract.partner_id.commercial_partner_id.id,
                "amount": float(amount),
                "currency_id": currency.id,
                "journal_id": self.journal_id.id,
                "date": self.date,
                "destination_account_id": credit_lines[:1].account_id.id,
                "memo": _(
                    "Refund of the credit of account %(account)s: %(reason)s", account=contract.number, reason=reason
                ),
            }
        )
        payment.action_post()
        refund_line = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == payment.destination_account_id and line.debit
        )
        refund_line.water_contract_id = contract
        plan, left = [], amount
        for line in credit_lines:
            if left <= 0:
                break
            plan.append(refund_line | line)
            left -= min(left, ledger.money(-line.amount_residual))
        Line._reconcile_plan(plan)
        contract.sudo().message_post(
            body=_(
                "%(user)s refunded %(amount)s of the account's credit (saldo a favor) with payment %(payment)s. "
                "Reason: %(reason)s",
                user=self.env.user.name,
                amount=format_amount(amount),
                payment=payment.name,
                reason=reason,
            )
        )
        return payment
