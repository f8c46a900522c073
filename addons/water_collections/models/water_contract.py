from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.water_billing.utils import ledger

from ..utils import arrears as arrears_utils


class WaterContract(models.Model):
    _inherit = "water.contract"

    # ------------------------------------------------------------------ arrears
    def _water_arrears(self, day=None, by_concept=True, due_before=None):
        """{contract id: arrears} of these accounts on ``day`` (today by default), the one definition of the
        cartera vencida; accounts with nothing overdue are left out. Each value is a dict: overdue (what is owed
        on debts due before the day, less all credits: the ledger's overdue balance), credit, months_owed,
        months_bucket, oldest_due, days_past_due, days_bucket, open_line_ids (the overdue debts its credits
        leave unpaid, oldest first) and, with ``by_concept``, the overdue debts by concept group (water,
        drainage, sanitation, surcharges, other; before credits). One ledger query for all the accounts; a
        past day reads the ledger as it stood at its end.

        due_before: count as overdue only the debts due before that date (the ledger still as it stood on
        ``day``), the ages counted to it: what is still open on ``day`` of the debts that were overdue at an
        earlier close (the recovery report)."""
        today = fields.Date.context_today(self)
        day = day or today
        rows_by_contract = self._water_ledger(date=day if day < today else None)
        if due_before:
            day = min(due_before, day)
        order = self.env.company._water_surcharge_order()
        result = {}
        overdue_rows = {}
        for contract_id, rows in rows_by_contract.items():
            if not any(row["residual"] > 0 and row["date_due"] and row["date_due"] < day for row in rows):
                continue
            months = {row["line_id"]: row["period_id"] for row in rows if row["kind"] == "bill" and row["period_id"]}
            found = arrears_utils.account_arrears([row["item"] for row in rows], day, months, surcharges=order)
            if found.overdue <= 0:
                continue
            result[contract_id] = {
                "overdue": float(found.overdue),
                "credit": float(found.credit),
                "months_owed": found.months_owed,
                "months_bucket": arrears_utils.months_bucket(found.months_owed),
                "oldest_due": found.oldest_due,
                "days_past_due": found.days_past_due,
                "days_bucket": arrears_utils.days_bucket(found.days_past_due),
                "open_line_ids": found.open_keys,
            }
            overdue_rows[contract_id] = [
                row for row in rows if row["residual"] > 0 and row["date_due"] and row["date_due"] < day
            ]
        if by_concept and overdue_rows:
            for contract_id, concepts in self._water_concepts_of(overdue_rows).items():
                result[contract_id].update(concepts)
        return result

    # ------------------------------------------------------------------ the payment policy
    @api.model
    def _water_settle(self, items, amount, company, allow_credit=None):
        """The ledger's settlement of ``amount`` over an account's open items (``ledger.Item``, e.g. the ``item`` of
        the rows of ``_water_ledger``) by the company's payment policy: its credits first, then the money,
        surcharges first, last or by due date. ``allow_credit`` None: the company's setting. Raises ValueError for
        an overpayment the company does not keep as credit."""
        if allow_credit is None:
            allow_credit = company.water_allow_credit
        return ledger.settle(
            [item for item in items if item.residual],
            amount,
            surcharges=company._water_surcharge_order(),
            allow_credit=allow_credit,
        )

    @api.model
    def _water_reconcile_pairs(self, applications, money_line):
        """The reconciliation plan of a settlement: one pair of journal items per application, in its order (the
        account's credit with the debt it pays, then the money with the debts it pays), for ``_reconcile_plan``,
        which applies them one after the other. ``money_line``: the line of the money, or a callable giving it
        for a debt's line id (the window credits each debt on its own line)."""
        Line = self.env["account.move.line"].sudo()
        pairs = []
        for application in applications:
            debt = Line.browse(application.debt)
            if application.source is ledger.PAYMENT:
                source = money_line(application.debt) if callable(money_line) else money_line
            else:
                source = Line.browse(application.source)
            pairs.append(source | debt)
        return pairs

    @api.model
    def _water_apply_remaining(self, residuals, settlement):
        """Update {line id: residual} after a settlement (two payments of one account in one batch)."""
        for application in settlement.applications:
            residuals[application.debt] = residuals.get(application.debt, ledger.ZERO) - application.amount
            if application.source is not ledger.PAYMENT:
                residuals[application.source] = residuals.get(application.source, ledger.ZERO) + application.amount

    def _water_receivable_accounts(self, ledger_rows=None):
        """{contract id: the receivable account its payments and credits are posted on}: the account of its open
        items, else its holder's receivable account."""
        ledger_rows = ledger_rows if ledger_rows is not None else self._water_ledger()
        first = {contract_id: rows[0]["line_id"] for contract_id, rows in ledger_rows.items() if rows}
        lines = self.env["account.move.line"].sudo().browse(list(first.values()))
        accounts = {line.id: line.account_id for line in lines}
        result = {}
        for contract in self:
            account = accounts.get(first.get(contract.id))
            if not account:
                account = contract.partner_id.with_company(contract.company_id).sudo().property_account_receivable_id
            result[contract.id] = account
        return result

    # ------------------------------------------------------------------ the refund of a credit
    def _water_credit(self, lock=False):
        """{contract id: the account's credit in its favour (saldo a favor)}: what its credits exceed its debts by."""
        items = self._water_ledger(lock=lock)
        return {
            contract_id: max(-ledger.balance([row["item"] for row in rows]), ledger.ZERO)
            for contract_id, rows in items.items()
        }

    def action_water_refund_credit(self):
        """The commercial manager refunds the account's credit: the wizard, with the credit proposed."""
        self.ensure_one()
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(_("Only the commercial manager refunds an account's credit."))
        credit = self._water_credit()[self.id]
        if credit <= 0:
            raise UserError(_("Account %s has no credit in its favour (saldo a favor) to refund.", self.number))
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.credit.refund",
            "view_mode": "form",
            "target": "new",
            "name": _("Refund the credit of account %s", self.number),
            "context": {"default_contract_id": self.id, "default_amount": float(credit)},
        }

    # ------------------------------------------------------------------ notices and collection contacts
    water_contact_ids = fields.One2many("water.collection.contact", "contract_id", string="Collection contacts")
    water_notice_count = fields.Integer(string="Notices", compute="_compute_water_notice_count")

    def _compute_water_notice_count(self):
        counts = dict(
            self.env["water.collection.notice"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.water_notice_count = counts.get(contract, 0)

    def action_water_open_notices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Notices"),
            "res_model": "water.collection.notice",
            "view_mode": "list,form",
            "domain": [("contract_id", "=", self.id)],
        }

    def action_water_new_contact(self):
        """A call, a visit or a message to the account's holder, from the account's form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a contact"),
            "res_model": "water.collection.contact",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }
