from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.water_billing.utils.payment import amount_in_words

from ..utils.cash import format_amount
from .res_company import DEPOSIT_TRANSIT_ACCOUNT

# the methods whose money is carried to the bank; cards and transfers are credited by the bank itself
DEPOSITED_METHODS = ("cash", "cheque")


class WaterCashDeposit(models.Model):
    """A deposit slip (ficha de depósito): the cash and cheques of closed cashier sessions carried to a bank account.
    Posting it moves them from the methods' "to deposit" accounts to the bank journal's outstanding receipts,
    where the bank statement's credit meets them; a difference between what the sessions counted and what was
    deposited goes to the cash shortage or surplus account."""

    _name = "water.cash.deposit"
    _description = "Deposit slip"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Slip", required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Deposited"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    date = fields.Date(string="Deposit date", required=True, default=fields.Date.context_today, tracking=True)
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank account",
        required=True,
        check_company=True,
        tracking=True,
        domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    bank_account_number = fields.Char(related="journal_id.bank_account_id.acc_number", string="Account number")
    depositor = fields.Char(
        string="Deposited by", tracking=True, help="Who takes the money to the bank (a cashier, a security company)."
    )
    bank_reference = fields.Char(
        string="Bank reference", tracking=True, copy=False, help="The folio the bank printed on the deposit."
    )
    session_day = fields.Date(
        string="Sessions of the day", help="Load only the sessions closed on this day (all pending ones when empty)."
    )
    session_ids = fields.Many2many(
        "water.cash.session",
        string="Only these sessions",
        domain="[('state', '=', 'closed'), ('company_id', '=', company_id)]",
        help="Load only these closed sessions (a slip per session); all pending ones when empty.",
    )
    line_ids = fields.One2many("water.cash.deposit.line", "deposit_id", string="Sessions", copy=False)
    amount_expected = fields.Monetary(
        string="To deposit", compute="_compute_amounts", store=True, help="What the sessions counted, float excluded."
    )
    amount_cash = fields.Monetary(string="Cash", compute="_compute_amounts", store=True)
    amount_cheque = fields.Monetary(string="Cheques", compute="_compute_amounts", store=True)
    amount_deposited = fields.Monetary(string="Deposited", tracking=True, help="What the bank received.")
    amount_difference = fields.Monetary(
        string="Difference", compute="_compute_amounts", store=True, help="Deposited minus to deposit."
    )
    amount_words = fields.Char(compute="_compute_amount_words")
    move_id = fields.Many2one("account.move", string="Deposit entry", readonly=True, copy=False)
    cancel_reason = fields.Char(string="Cancellation reason", tracking=True, copy=False)

    _sql_constraints = [
        ("deposited_positive", "CHECK(amount_deposited >= 0)", "A deposited amount cannot be negative."),
    ]

    @api.depends("line_ids.amount", "line_ids.method_code", "amount_deposited")
    def _compute_amounts(self):
        for deposit in self:
            cash = sum(deposit.line_ids.filtered(lambda line: line.method_code == "cash").mapped("amount"))
            cheque = sum(deposit.line_ids.filtered(lambda line: line.method_code == "cheque").mapped("amount"))
            deposit.amount_cash = cash
            deposit.amount_cheque = cheque
            deposit.amount_expected = cash + cheque
            deposit.amount_difference = deposit.amount_deposited - deposit.amount_expected

    @api.depends("amount_deposited")
    def _compute_amount_words(self):
        for deposit in self:
            deposit.amount_words = amount_in_words(deposit.amount_deposited or 0.0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("water.cash.deposit") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------ the sessions' money
    def _pending_items(self):
        """The sessions' "to deposit" journal items of cash and cheques not deposited yet: the debits of the
        closed sessions' daily collection entries on the methods' accounts, dated on or before the deposit."""
        self.ensure_one()
        methods = self.env["water.cash.method"].search(
            [("company_id", "=", self.company_id.id), ("code", "in", DEPOSITED_METHODS)]
        )
        taken = self.env["water.cash.deposit.line"].search(
            [("deposit_id.state", "!=", "cancelled"), ("company_id", "=", self.company_id.id)]
        )
        domain = [("company_id", "=", self.company_id.id), ("state", "=", "closed"), ("move_id", "!=", False)]
        if self.session_ids:
            domain.append(("id", "in", self.session_ids.ids))
        sessions = self.env["water.cash.session"].search(domain)
        return self.env["account.move.line"].search(
            [
                ("move_id", "in", sessions.move_id.ids),
                ("account_id", "in", methods.account_id.ids),
                ("parent_state", "=", "posted"),
                ("debit", ">", 0),
                ("reconciled", "=", False),
                ("date", "<=", self.date),
                *([("date", "=", self.session_day)] if self.session_day else []),
                ("id", "not in", taken.move_line_id.ids),
            ],
            order="date, id",
        )

    def action_load_pending(self):
        """Fill the slip with the cash and cheques of the closed sessions not deposited yet."""
        for deposit in self:
            if deposit.state != "draft":
                raise UserError(_("Only a draft deposit slip takes sessions."))
            items = deposit._pending_items()
            if not items:
                raise UserError(_("No closed session has cash or cheques left to deposit up to %s.", deposit.date))
            methods = {
                method.account_id.id: method
                for method in self.env["water.cash.method"].search(
                    [("company_id", "=", deposit.company_id.id), ("code", "in", DEPOSITED_METHODS)]
                )
            }
            session_by_move = {
                session.move_id.id: session
                for session in self.env["water.cash.session"].search([("move_id", "in", items.move_id.ids)])
            }
            deposit.line_ids = [
                fields.Command.create(
                    {
                        "session_id": session_by_move[item.move_id.id].id,
                        "method_id": methods[item.account_id.id].id,
                        "move_line_id": item.id,
                        "amount": item.amount_residual,
                    }
                )
                for item in items
            ]
            if not deposit.amount_deposited:
                deposit.amount_deposited = deposit.amount_expected
        return True

    # ------------------------------------------------------------------ posting and cancelling
    def action_post(self):
        """Post the deposit: Dr the bank's outstanding receipts / Cr each session's "to deposit" item (reconciled
        with it), and the difference to the cash shortage or surplus account."""
        for deposit in self:
            deposit._check_postable()
        moves = self.env["account.move"].sudo().create([deposit._move_vals() for deposit in self])
        moves._post(soft=False)
        for deposit, move in zip(self, moves, strict=True):
            deposit.write({"state": "posted", "move_id": move.id})
            # the entry's items in the order of _move_vals: the bank's debit, then one credit per slip line
            credits = move.line_ids.sorted("id")[1 : 1 + len(deposit.line_ids)]
            self.env["account.move.line"].sudo()._reconcile_plan(
                [credit | line.move_line_id for line, credit in zip(deposit.line_ids, credits, strict=True)]
            )
            if not deposit.currency_id.is_zero(deposit.amount_difference):
                deposit.message_post(
                    body=_(
                        "Deposited with a difference of %(amount)s (%(kind)s) against what the sessions counted.",
                        amount=format_amount(deposit.amount_difference),
                        kind=_("surplus") if deposit.amount_difference > 0 else _("shortage"),
                    )
                )
        return True

    def _check_postable(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Deposit slip %s is not a draft.", self.name))
        if not self.line_ids:
            raise UserError(_("Deposit slip %s has no session: load the sessions to deposit first.", self.name))
        if not (self.bank_reference or "").strip():
            raise UserError(_("Write the bank's reference of deposit %s (the folio on the bank's receipt).", self.name))
        if self.amount_deposited <= 0:
            raise UserError(_("Write the amount the bank received for deposit %s.", self.name))
        done = self.line_ids.move_line_id.filtered("reconciled")
        if done:
            raise UserError(
                _(
                    "These sessions were deposited meanwhile: %s. Remove them from the slip.",
                    ", ".join(self.line_ids.filtered(lambda line: line.move_line_id in done).session_id.mapped("name")),
                )
            )

    def _outstanding_account(self):
        """Where the deposit waits for the bank's credit: the bank journal's outstanding receipts account, else the
        company's deposits in transit (created on first use). Never the bank account itself: the bank statement
        line books the bank, and is reconciled with this item."""
        self.ensure_one()
        method_line = self.journal_id.inbound_payment_method_line_ids.filtered("payment_account_id")[:1]
        if method_line:
            return method_line.payment_account_id
        company = self.company_id.sudo()
        if not company.water_deposit_transit_account_id:
            company.water_deposit_transit_account_id = company._water_cash_account(DEPOSIT_TRANSIT_ACCOUNT)
        return company.water_deposit_transit_account_id

    def _move_vals(self):
        self.ensure_one()
        company = self.company_id
        company._water_cash_check_setup()
        label = _("Deposit %(slip)s, reference %(reference)s", slip=self.name, reference=self.bank_reference)
        lines = [
            {
                "name": label,
                "account_id": self._outstanding_account().id,
                "debit": self.amount_deposited,
                "credit": 0.0,
            }
        ]
        for line in self.line_ids:
            lines.append(
                {
                    "name": _(
                        "%(slip)s - %(session)s - %(method)s",
                        slip=self.name,
                        session=line.session_id.name,
                        method=line.method_id.name,
                    ),
                    "account_id": line.move_line_id.account_id.id,
                    "debit": 0.0,
                    "credit": line.amount,
                }
            )
        difference = self.currency_id.round(self.amount_difference)
        if difference < 0:
            lines.append(
                {
                    "name": _("Deposit shortage %s", self.name),
                    "account_id": company.water_cash_shortage_account_id.id,
                    "debit": -difference,
                    "credit": 0.0,
                }
            )
        elif difference > 0:
            lines.append(
                {
                    "name": _("Deposit surplus %s", self.name),
                    "account_id": company.water_cash_surplus_account_id.id,
                    "debit": 0.0,
                    "credit": difference,
                }
            )
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "company_id": company.id,
            "date": self.date,
            "ref": label,
            "line_ids": [fields.Command.create(line) for line in lines],
        }

    def action_cancel(self):
        """Cancel a deposit: its entry is reversed (the sessions' items are open to deposit again); the reason is
        required and kept in the chatter. A draft is simply cancelled."""
        for deposit in self:
            if deposit.state == "cancelled":
                continue
            if deposit.state == "posted" and not (deposit.cancel_reason or "").strip():
                raise UserError(_("Write why deposit %s is cancelled.", deposit.name))
            if deposit.move_id:
                deposit.move_id.sudo()._reverse_moves(
                    [{"date": fields.Date.context_today(self), "ref": _("Cancelled: %s", deposit.cancel_reason)}],
                    cancel=True,
                )
            deposit.state = "cancelled"
            if deposit.cancel_reason:
                deposit.message_post(body=_("Cancelled: %s", deposit.cancel_reason))
        return True

    def action_print(self):
        return self.env.ref("water_collections.action_report_cash_deposit").report_action(self)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda deposit: deposit.state != "draft"):
            raise UserError(_("A deposited slip is not deleted: cancel it with a reason."))
