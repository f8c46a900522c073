from markupsafe import escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from odoo.addons.water_billing.utils import ledger

from ..utils import writeoff as writeoff_utils

WRITEOFF_REASONS = [
    ("not_found", "Debtor not found"),
    ("property_gone", "Property gone"),
    ("prescription", "Prescription (five years)"),
    ("other", "Other"),
]
BATCH = 5000  # accounts per ledger query when the proposal is filled
MANAGER = "water_registry.group_water_manager"
OFFICER = "water_collections.group_water_collections_officer"


class WaterWriteoff(models.Model):
    _name = "water.writeoff"
    _description = "Write-off of uncollectable accounts"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [
            ("draft", "Proposal"),
            ("to_approve", "To approve"),
            ("approved", "Approved"),
            ("posted", "Posted"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    # the criteria
    min_age_months = fields.Integer(
        string="Debt older than (months)",
        default=24,
        help="Accounts whose oldest unpaid debt fell due at least this many months ago.",
    )
    min_amount = fields.Float(string="Overdue debt (at least)", digits="Account")
    include_active = fields.Boolean(string="Active accounts")
    include_suspended = fields.Boolean(string="Suspended accounts", default=True)
    include_cut = fields.Boolean(string="Cut accounts", default=True)
    include_cancelled = fields.Boolean(string="Cancelled accounts", default=True)
    route_ids = fields.Many2many(
        "water.route", string="Routes", help="Only the accounts of these routes (all routes when empty)."
    )
    default_reason = fields.Selection(
        WRITEOFF_REASONS,
        string="Reason",
        default="not_found",
        required=True,
        help="The reason of the lines filled; debts five years old or more are proposed as prescribed.",
    )
    note = fields.Text(string="Justification")
    line_ids = fields.One2many("water.writeoff.line", "writeoff_id", string="Accounts")
    line_count = fields.Integer(compute="_compute_totals", store=True, string="Accounts written off")
    amount_total = fields.Float(compute="_compute_totals", store=True, digits="Account", string="Total")
    needs_second_approval = fields.Boolean(compute="_compute_needs_second_approval")
    # approvals
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False, tracking=True)
    date_approved = fields.Date(readonly=True, copy=False)
    second_approved_by_id = fields.Many2one(
        "res.users", string="Second approval by", readonly=True, copy=False, tracking=True
    )
    date_second_approved = fields.Date(readonly=True, copy=False)
    board_minute = fields.Char(
        string="Board minute number",
        tracking=True,
        copy=False,
        help="Number of the minute (acta de cabildo / junta de gobierno) that authorised the write-off; required "
        "above the company's amount.",
    )
    # the entry
    move_id = fields.Many2one("account.move", string="Journal entry", readonly=True, copy=False)
    reversal_move_id = fields.Many2one("account.move", string="Reversal entry", readonly=True, copy=False)
    cancel_reason = fields.Text(readonly=True, copy=False)

    @api.depends("line_ids.amount")
    def _compute_totals(self):
        for record in self:
            record.line_count = len(record.line_ids)
            record.amount_total = sum(record.line_ids.mapped("amount"))

    @api.depends("amount_total", "company_id.water_writeoff_threshold")
    def _compute_needs_second_approval(self):
        for record in self:
            record.needs_second_approval = writeoff_utils.needs_second_approval(
                record.amount_total, record.company_id.water_writeoff_threshold
            )

    # ------------------------------------------------------------------ the proposal
    def _water_contract_states(self):
        self.ensure_one()
        return [
            state
            for state, chosen in (
                ("active", self.include_active),
                ("suspended", self.include_suspended),
                ("cut", self.include_cut),
                ("cancelled", self.include_cancelled),
            )
            if chosen
        ]

    def action_fill(self):
        """Propose the accounts that meet the criteria: from ``_water_arrears`` (the age of the oldest overdue
        debt and the overdue amount), in the chosen states, not written off already nor in another open
        proposal; each line's amount is what the account owes in its ledger (its whole balance)."""
        self.ensure_one()
        self._water_check_state("draft")
        states = self._water_contract_states()
        if not states:
            raise UserError(_("Choose at least one account state."))
        taken = (
            self.env["water.writeoff.line"]
            .search([("writeoff_id.state", "not in", ("cancelled",)), ("writeoff_id", "!=", self.id)])
            .contract_id
        )
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "in", states),
            ("water_written_off", "=", False),
            ("id", "not in", taken.ids),
        ]
        if self.route_ids:
            domain.append(("route_id", "in", self.route_ids.ids))
        contracts = self.env["water.contract"].search(domain)
        vals_list = []
        for start in range(0, len(contracts), BATCH):
            batch = contracts[start : start + BATCH]
            arrears = batch._water_arrears(day=self.date, by_concept=False)
            balances = batch.browse(list(arrears))._water_balances()
            for contract_id, values in arrears.items():
                age = writeoff_utils.debt_age_months(values["oldest_due"], self.date)
                balance = balances.get(contract_id, 0.0)
                if age < self.min_age_months or values["overdue"] < self.min_amount or balance <= 0:
                    continue
                vals_list.append(
                    {
                        "writeoff_id": self.id,
                        "contract_id": contract_id,
                        "reason": writeoff_utils.line_reason(age, self.default_reason),
                        "amount": balance,
                        "overdue": values["overdue"],
                        "months_owed": values["months_owed"],
                        "oldest_due": values["oldest_due"],
                        "age_months": age,
                    }
                )
        self.line_ids.unlink()
        self.env["water.writeoff.line"].create(vals_list)
        return True

    def _water_check_state(self, *states):
        wrong = self.filtered(lambda record: record.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "Write-off %(name)s is in state %(state)s; this needs it in state %(needed)s.",
                    name=wrong[0].name,
                    state=labels[wrong[0].state],
                    needed=" / ".join(labels[state] for state in states),
                )
            )

    def action_submit(self):
        self._water_check_state("draft")
        empty = self.filtered(lambda record: not record.line_ids)
        if empty:
            raise UserError(_("Write-off %s has no accounts.", empty[0].name))
        self.write({"state": "to_approve"})
        return True

    def action_reset_to_draft(self):
        self._water_check_state("to_approve")
        self.write({"state": "draft", "approved_by_id": False, "date_approved": False})
        return True

    # ------------------------------------------------------------------ approvals
    def action_approve(self):
        """The commercial manager approves; above the company's amount a second, different manager approves too,
        with the board's minute number. Approved when nothing is missing."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(_("Only the commercial manager approves write-offs."))
        self._water_check_state("to_approve")
        today = fields.Date.context_today(self)
        for record in self:
            threshold = record.company_id.water_writeoff_threshold
            if not record.approved_by_id:
                record.write({"approved_by_id": self.env.uid, "date_approved": today})
            elif record.needs_second_approval and not record.second_approved_by_id:
                if record.approved_by_id == self.env.user:
                    raise UserError(
                        _(
                            "Write-off %(name)s is above %(threshold)s: a different commercial manager gives the "
                            "second approval.",
                            name=record.name,
                            threshold=format_amount(self.env, threshold, record.currency_id),
                        )
                    )
                if not (record.board_minute or "").strip():
                    raise UserError(
                        _(
                            "Write-off %(name)s is above %(threshold)s: write the number of the board's minute "
                            "(acta de cabildo / junta de gobierno) first.",
                            name=record.name,
                            threshold=format_amount(self.env, threshold, record.currency_id),
                        )
                    )
                record.write({"second_approved_by_id": self.env.uid, "date_second_approved": today})
            missing = writeoff_utils.check_approvals(
                record.amount_total,
                threshold,
                record.approved_by_id.id,
                record.second_approved_by_id.id,
                record.board_minute,
            )
            if not missing:
                record.state = "approved"
        return True

    # ------------------------------------------------------------------ posting
    def action_post(self):
        """One journal entry: the write-off account debited with the total, each account's receivable credited
        with what it owes, reconciled with the account's open ledger items in the payment policy's order, so that
        its ledger owes nothing; the bills are untouched. The accounts carry the mark."""
        if not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only the collections officer or the commercial manager posts write-offs."))
        self._water_check_state("approved")
        for record in self:
            record._water_post()
        return True

    def _water_post(self):
        self.ensure_one()
        company = self.company_id.sudo()
        if not (company.water_writeoff_journal_id and company.water_writeoff_account_id):
            raise UserError(
                _("Set the write-off journal and account of %s first (company settings, Collections).", company.name)
            )
        lines = self.line_ids
        Contract = self.env["water.contract"].sudo()
        contracts = lines.contract_id.sudo()
        rows = contracts._water_ledger(lock=True)
        changed = [
            line
            for line in lines
            if ledger.money(line.amount) != ledger.balance([row["item"] for row in rows.get(line.contract_id.id, [])])
        ]
        if changed:
            line = changed[0]
            raise UserError(
                _(
                    "Account %(account)s owes %(now)s in its ledger, not the %(proposed)s proposed: make the proposal "
                    "again.",
                    account=line.contract_id.number,
                    now=format_amount(
                        self.env,
                        float(ledger.balance([row["item"] for row in rows.get(line.contract_id.id, [])])),
                        self.currency_id,
                    ),
                    proposed=format_amount(self.env, line.amount, self.currency_id),
                )
            )
        receivables = contracts._water_receivable_accounts(rows)
        ref = _("Write-off %(name)s of uncollectable accounts", name=self.name)
        reasons = dict(self.env["water.writeoff.line"]._fields["reason"]._description_selection(self.env))
        move_lines = [
            (
                0,
                0,
                {
                    "name": ref,
                    "account_id": company.water_writeoff_account_id.id,
                    "debit": self.amount_total,
                    "credit": 0.0,
                },
            )
        ]
        for line in lines:
            move_lines.append(
                (
                    0,
                    0,
                    {
                        "name": _(
                            "Write-off of account %(account)s: %(reason)s",
                            account=line.contract_id.number,
                            reason=reasons[line.reason],
                        ),
                        "account_id": receivables[line.contract_id.id].id,
                        "partner_id": line.contract_id.partner_id.id,
                        "water_contract_id": line.contract_id.id,
                        "debit": 0.0,
                        "credit": line.amount,
                    },
                )
            )
        move = (
            self.env["account.move"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": company.water_writeoff_journal_id.id,
                    "company_id": company.id,
                    "date": self.date,
                    "ref": ref,
                    "line_ids": move_lines,
                }
            )
        )
        move.action_post()
        credit_lines = {line.water_contract_id.id: line for line in move.line_ids if line.water_contract_id}
        plan = []
        for line in lines:
            settlement = Contract._water_settle(
                [row["item"] for row in rows[line.contract_id.id]], line.amount, company, allow_credit=False
            )
            plan += Contract._water_reconcile_pairs(settlement.applications, credit_lines[line.contract_id.id])
        self.env["account.move.line"].sudo().with_context(no_cash_basis=True)._reconcile_plan(plan)
        self.write({"state": "posted", "move_id": move.id})
        contracts._water_mark_written_off(self)
        self.message_post(
            body=_(
                "Posted by %(user)s: entry %(move)s writes off %(count)s accounts, %(amount)s.",
                user=self.env.user.name,
                move=move.name,
                count=len(lines),
                amount=format_amount(self.env, self.amount_total, self.currency_id),
            )
        )
        return move

    # ------------------------------------------------------------------ cancelling
    def action_cancel(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER if self.state == "posted" else OFFICER):
            raise AccessError(_("Only the commercial manager cancels a posted write-off."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.writeoff.cancel",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel write-off %s", self.name),
            "context": {"default_writeoff_id": self.id},
        }

    def _water_cancel(self, reason):
        """Cancel with ``reason``: a posted write-off's entry is reversed (Odoo's reversal, reconciled with it,
        which gives the accounts their debt back) and the accounts lose the mark; nothing is deleted."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why the write-off is cancelled."))
        self._water_check_state("draft", "to_approve", "approved", "posted")
        if self.state == "posted":
            if not self.env.user.has_group(MANAGER):
                raise AccessError(_("Only the commercial manager cancels a posted write-off."))
            reversal = self.move_id.sudo()._reverse_moves(
                [
                    {
                        "date": fields.Date.context_today(self),
                        "ref": _("Reversal of %(name)s: %(reason)s", name=self.name, reason=reason),
                    }
                ],
                cancel=True,
            )
            self.reversal_move_id = reversal
            self.line_ids.contract_id.sudo()._water_unmark_written_off(self, reason)
        elif not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only the collections officer cancels write-off proposals."))
        self.write({"state": "cancelled", "cancel_reason": reason})
        self.message_post(body=_("Cancelled by %(user)s: %(reason)s", user=self.env.user.name, reason=escape(reason)))
        return True

    def unlink(self):
        if self.filtered(lambda record: record.state not in ("draft", "cancelled") or record.move_id):
            raise UserError(_("Only write-off proposals never posted can be deleted; cancel the others."))
        return super().unlink()
