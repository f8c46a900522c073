from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.water_billing.utils import ledger
from odoo.addons.water_billing.utils.payment import amount_in_words, is_valid_reference

from ..utils.cash import change_due, format_amount


class WaterCashReceipt(models.Model):
    _name = "water.cash.receipt"
    _description = "Cashier receipt"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Receipt", readonly=True, copy=False, default="/", index=True)
    session_id = fields.Many2one(
        "water.cash.session",
        required=True,
        index=True,
        check_company=True,
        default=lambda self: self._default_session(),
        domain="[('state', '=', 'open')]",
    )
    user_id = fields.Many2one(related="session_id.user_id", string="Cashier", store=True, index=True)
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="session_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True, copy=False)
    search_term = fields.Char(
        string="Find account",
        store=False,
        help="Account number, the barcode of a bill (payment reference) or the holder's name.",
    )
    contract_id = fields.Many2one("water.contract", string="Account", index=True, check_company=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder", store=True)
    address = fields.Char(compute="_compute_address")
    line_ids = fields.One2many(
        "water.cash.receipt.line",
        "receipt_id",
        string="Open items",
        copy=False,
        help="The account's open debts and credits; once posted, the debts the receipt paid and the credits it used.",
    )
    payment_ids = fields.One2many("water.cash.receipt.payment", "receipt_id", string="Payments", copy=False)
    amount_due = fields.Monetary(
        string="Balance",
        compute="_compute_amounts",
        store=True,
        help="What the account owes: its debts less its credits (negative: its credit in favour).",
    )
    amount = fields.Monetary(
        string="Amount to pay",
        help="The account's credits pay first, then this amount, in the company's payment order (oldest due first, "
        "surcharges first, last or in their turn); what is left stays as the account's credit when the company "
        "keeps overpayments.",
    )
    amount_credit = fields.Monetary(
        string="Left as credit",
        compute="_compute_amounts",
        store=True,
        help="The part of the amount left over once every debt is paid: the account's credit in favour "
        "(saldo a favor).",
    )
    credit_line_id = fields.Many2one(
        "account.move.line", string="Credit journal item", readonly=True, copy=False, index="btree_not_null"
    )
    amount_tendered = fields.Monetary(string="Tendered", compute="_compute_amounts", store=True)
    amount_change = fields.Monetary(string="Change", compute="_compute_amounts", store=True)
    amount_words = fields.Char(string="Amount in words", compute="_compute_amount_words")
    # indexed: the income report and the indicators find a collection entry's receipt by its move
    move_id = fields.Many2one("account.move", string="Receipt entry", readonly=True, copy=False, index="btree_not_null")
    reversal_move_id = fields.Many2one(
        "account.move", string="Cancellation entry", readonly=True, copy=False, index="btree_not_null"
    )
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    cancel_user_id = fields.Many2one("res.users", string="Cancelled by", readonly=True, copy=False)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "The amount to pay cannot be negative."),
    ]

    @api.model
    def _default_session(self):
        if self.env.context.get("default_session_id"):
            return self.env.context["default_session_id"]
        return self.env["water.cash.session"].search(
            [("user_id", "=", self.env.uid), ("state", "=", "open"), ("company_id", "=", self.env.company.id)], limit=1
        )

    @api.depends("contract_id")
    def _compute_address(self):
        for receipt in self:
            point = receipt.contract_id.sudo().service_point_id
            receipt.address = point.display_name if point else False

    @api.depends(
        "line_ids.amount_residual",
        "line_ids.amount_applied",
        "payment_ids.amount",
        "payment_ids.method_code",
        "amount",
        "state",
    )
    def _compute_amounts(self):
        for receipt in self:
            receipt.amount_due = sum(receipt.line_ids.mapped("amount_residual"))
            receipt.amount_tendered = sum(receipt.payment_ids.mapped("amount"))
            receipt.amount_change = max(receipt.amount_tendered - receipt.amount, 0.0)
            # the lines' applied amounts add up to the money paid to debts (a credit used is negative)
            if receipt.line_ids or receipt.state != "draft":
                left = receipt.amount - sum(receipt.line_ids.mapped("amount_applied"))
                receipt.amount_credit = max(receipt.currency_id.round(left) if receipt.currency_id else left, 0.0)
            else:
                receipt.amount_credit = 0.0

    @api.depends("amount", "currency_id")
    def _compute_amount_words(self):
        for receipt in self:
            receipt.amount_words = amount_in_words(receipt.amount or 0.0)

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for receipt in self:
            receipt.display_name = receipt.name if receipt.name != "/" else _("Draft receipt")

    # ------------------------------------------------------------------
    # the window: find the account, show its debts, preview the application
    # ------------------------------------------------------------------
    @api.model
    def _find_contracts(self, term):
        """Contracts matching what the cashier typed or scanned: a bill's payment reference
        (barcode), an account number, or the holder's name."""
        term = (term or "").strip()
        Contract = self.env["water.contract"]
        if not term:
            return Contract
        company = self.env.company
        if term.isdigit() and is_valid_reference(term, company.sudo().water_reference_algorithm):
            bill = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("payment_reference", "=", term),
                        ("water_contract_id", "!=", False),
                        ("company_id", "=", company.id),
                    ],
                    limit=1,
                )
            )
            if bill:
                return bill.water_contract_id.with_env(self.env)
        contracts = Contract.search([("number", "=", term), ("company_id", "=", company.id)])
        if not contracts:
            contracts = Contract.search(
                [("partner_id.name", "ilike", term), ("company_id", "=", company.id), ("state", "!=", "cancelled")],
                limit=20,
            )
        return contracts

    @api.onchange("search_term")
    def _onchange_search_term(self):
        if not self.search_term:
            return None
        contracts = self._find_contracts(self.search_term)
        if len(contracts) == 1:
            self.contract_id = contracts
            self.search_term = False
            return None
        if not contracts:
            return {
                "warning": {
                    "title": _("Not found"),
                    "message": _("No account, bill barcode or holder matches “%s”.", self.search_term),
                }
            }
        return {
            "warning": {
                "title": _("Several accounts"),
                "message": _(
                    "Several accounts match “%(term)s”; pick one in the Account field:\n%(accounts)s",
                    term=self.search_term,
                    accounts="\n".join(contracts[:10].mapped("display_name")),
                ),
            }
        }

    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        contract = self.contract_id._origin
        rows = contract._water_ledger()[contract.id] if contract else []
        self.line_ids = [(5, 0, 0)] + [(0, 0, values) for values in self._ledger_line_values(rows)]
        owed = ledger.balance([row["item"] for row in rows])
        self.amount = float(max(owed, ledger.ZERO))
        waiting = contract.sudo().agreement_id.filtered(lambda agreement: agreement.state == "waiting")
        if waiting:
            # the agreement waits for its down payment: what is left of it is proposed
            self.amount = float(waiting._water_down_payment_left()[waiting.id]) or self.amount
        self._onchange_amount()
        if not self.payment_ids and self.amount:
            cash = self.env["water.cash.method"].search(
                [("company_id", "=", self.env.company.id), ("code", "=", "cash")], limit=1
            )
            if cash:
                self.payment_ids = [(0, 0, {"method_id": cash.id, "amount": self.amount})]

    @api.onchange("amount")
    def _onchange_amount(self):
        """Preview what the amount pays: the account's credits first, then the money, in the company's order."""
        company = self.company_id or self.env.company
        keys = [line.move_line_id._origin.id or -index for index, line in enumerate(self.line_ids, start=1)]
        items = [
            ledger.Item(key, line.date_due or line.date, ledger.money(line.amount_residual), line.is_surcharge)
            for key, line in zip(keys, self.line_ids, strict=True)
        ]
        try:
            settlement = self.env["water.contract"]._water_settle(items, self.amount or 0.0, company, allow_credit=True)
        except ValueError:
            settlement = None
        applied = self._applied_by_item(settlement.applications if settlement else [])
        for key, line in zip(keys, self.line_ids, strict=True):
            line.amount_applied = float(applied.get(key, 0))
        if settlement and settlement.credit > 0 and not company.water_allow_credit:
            return {
                "warning": {
                    "title": _("Amount too large"),
                    "message": _(
                        "The account owes %s; the window takes no advance payments (the company does not keep "
                        "overpayments as the account's credit).",
                        format_amount(max(ledger.balance(items), ledger.ZERO)),
                    ),
                }
            }
        return None

    @api.model
    def _applied_by_item(self, applications):
        """{item key: amount} of a settlement: what each debt receives (credits and money), and what each credit
        gives (negative)."""
        applied = defaultdict(lambda: ledger.ZERO)
        for application in applications:
            applied[application.debt] += application.amount
            if application.source is not ledger.PAYMENT:
                applied[application.source] -= application.amount
        return applied

    @api.model
    def _ledger_line_values(self, rows):
        """Receipt lines of the account's open items (ledger rows): its debts and its credits."""
        return [
            {
                "move_id": row["move_id"],
                "move_line_id": row["line_id"],
                "kind": row["kind"],
                "bill_name": row["move_name"],
                "period": row["period"],
                "date": row["date"],
                "date_due": row["date_due"],
                "amount_total": row["amount"],
                "amount_residual": row["residual"],
                "is_surcharge": row["is_surcharge"],
            }
            for row in rows
        ]

    # ------------------------------------------------------------------
    # posting, in batch
    # ------------------------------------------------------------------
    def action_post(self):
        self._post_receipts()
        if len(self) == 1 and not self.env.context.get("water_cash_no_print"):
            return self.action_print()
        return True

    def _check_can_post(self):
        officer = self.env.su or self.env.user.has_group("water_collections.group_water_collections_officer")
        for receipt in self:
            if receipt.state != "draft":
                raise UserError(_("Receipt %s is not a draft.", receipt.display_name))
            if receipt.session_id.state != "open":
                raise UserError(_("Session %s is closed: open a new session.", receipt.session_id.name))
            if not officer and receipt.session_id.user_id != self.env.user:
                raise AccessError(_("Only the session's cashier issues its receipts."))
            if not receipt.contract_id:
                raise UserError(_("Find the account to pay first."))
            if receipt.currency_id.compare_amounts(receipt.amount, 0) <= 0:
                raise UserError(_("Account %s: the amount to pay must be positive.", receipt.contract_id.number))
            cash = sum(receipt.payment_ids.filtered(lambda p: p.method_code == "cash").mapped("amount"))
            other = sum(receipt.payment_ids.filtered(lambda p: p.method_code != "cash").mapped("amount"))
            if receipt.payment_ids.filtered(lambda p: p.amount <= 0):
                raise UserError(
                    _("Account %s: every payment line needs a positive amount.", receipt.contract_id.number)
                )
            try:
                change_due(receipt.amount, cash, other)
            except ValueError:
                raise UserError(
                    _(
                        "Account %(account)s: the payments (%(tendered)s) must cover the amount to pay (%(amount)s); "
                        "only cash may exceed it (change).",
                        account=receipt.contract_id.number,
                        tendered=format_amount(cash + other),
                        amount=format_amount(receipt.amount),
                    )
                ) from None

    def _post_receipts(self, one_entry=False):
        """Post draft receipts in one go: lock the open items of their accounts, settle each amount over the
        current residuals by the company's payment policy (the account's credits first, then the money), post one
        small entry per receipt (Dr collections in transit per method / Cr the receivable per debt paid, and the
        rest as the account's credit) and reconcile the credits and the money with the debts they pay."""
        self._check_can_post()
        receipts = self.sudo()
        Contract = self.env["water.contract"].sudo()
        contracts = receipts.contract_id
        ledgers = contracts._water_ledger(lock=True)
        accounts = contracts._water_receivable_accounts(ledgers)
        residuals = {row["line_id"]: ledger.money(row["residual"]) for rows in ledgers.values() for row in rows}
        line_vals, settlements = [], []
        for receipt in receipts:
            company = receipt.company_id
            company._water_cash_check_setup()
            # two receipts of one batch for the same account: the second sees what the first left
            rows = [
                dict(
                    row,
                    residual=float(residuals[row["line_id"]]),
                    item=row["item"]._replace(residual=residuals[row["line_id"]]),
                )
                for row in ledgers[receipt.contract_id.id]
                if residuals[row["line_id"]]
            ]
            try:
                settlement = Contract._water_settle([row["item"] for row in rows], receipt.amount, company)
            except ValueError:
                raise UserError(
                    _(
                        "Account %(account)s owes %(due)s now, less than the %(amount)s of this receipt: another "
                        "payment was registered meanwhile. Reload the account and try again.",
                        account=receipt.contract_id.number,
                        due=format_amount(max(ledger.balance([row["item"] for row in rows]), ledger.ZERO)),
                        amount=format_amount(receipt.amount),
                    )
                ) from None
            Contract._water_apply_remaining(residuals, settlement)
            settlements.append(settlement)
            # a posted receipt keeps what it paid and the credits it used (the draft showed every open item)
            applied = self._applied_by_item(settlement.applications)
            line_vals += [
                dict(values, receipt_id=receipt.id, amount_applied=float(applied[values["move_line_id"]]))
                for values in self._ledger_line_values(rows)
                if applied.get(values["move_line_id"])
            ]
        debt_lines = {
            line.id: line
            for line in self.env["account.move.line"]
            .sudo()
            .browse({a.debt for settlement in settlements for a in settlement.applications})
        }
        sequence = self.env["ir.sequence"].sudo()
        for receipt in receipts:
            receipt.write(
                {
                    "name": sequence.next_by_code("water.cash.receipt") or "/",
                    **({} if self.env.context.get("water_cash_keep_date") else {"date": fields.Datetime.now()}),
                }
            )
        receipts.line_ids.unlink()
        self.env["water.cash.receipt.line"].sudo().create(line_vals)
        # one entry per receipt, or one per session for bulk work (a payment file, the demo)
        batches = defaultdict(list)
        for receipt, settlement in zip(receipts, settlements, strict=True):
            batches[receipt.session_id.id if one_entry else receipt.id].append((receipt, settlement))
        move_vals, credit_keys = [], []
        for items in batches.values():
            values, keys = self._move_vals(items, debt_lines, accounts)
            move_vals.append(values)
            credit_keys.append(keys)
        moves = self.env["account.move"].sudo().create(move_vals)
        moves._post(soft=False)
        plan = []
        for move, items, keys in zip(moves, batches.values(), credit_keys, strict=True):
            self.browse([receipt.id for receipt, _settlement in items]).sudo().write(
                {"state": "posted", "move_id": move.id}
            )
            # the credit lines were created in the order of their keys, after the transit lines
            credit_lines = move.line_ids.filtered(lambda line: line.credit).sorted("id")
            line_for = dict(zip(keys, credit_lines, strict=True))
            for receipt, settlement in items:
                if settlement.credit > 0:
                    receipt.credit_line_id = line_for[(receipt.id, None)]
                plan += Contract._water_reconcile_pairs(
                    settlement.applications, lambda debt, receipt=receipt, lines=line_for: lines[(receipt.id, debt)]
                )
        if plan:
            self.env["account.move.line"].sudo()._reconcile_plan(plan)
        receipts.session_id._refresh_expected()
        return True

    @api.model
    def _move_vals(self, items, debt_lines, accounts):
        """Entry of receipts [(receipt, settlement)] of one session: Dr collections in transit, one line per
        method / Cr the receivable, one line per debt the money pays and one for what is left (the account's
        credit), each carrying the account. Returns (values, [(receipt id, debt line id or None for the credit)])
        in the order of the credit lines."""
        first = items[0][0]
        company = first.company_id
        by_method = defaultdict(float)
        credits, keys = [], []
        for receipt, settlement in items:
            for payment in receipt.payment_ids:
                by_method[payment.method_id] += payment.amount_net
            for debt, amount in ledger.paid_by(settlement.applications).items():
                debt_line = debt_lines[debt]
                credits.append(
                    {
                        "name": _(
                            "%(receipt)s: payment of %(bill)s", receipt=receipt.name, bill=debt_line.move_id.name
                        ),
                        "account_id": debt_line.account_id.id,
                        "partner_id": debt_line.partner_id.id,
                        "water_contract_id": receipt.contract_id.id,
                        "debit": 0.0,
                        "credit": float(amount),
                    }
                )
                keys.append((receipt.id, debt))
            if settlement.credit > 0:
                credits.append(
                    {
                        "name": _(
                            "%(receipt)s: credit in favour of account %(account)s",
                            receipt=receipt.name,
                            account=receipt.contract_id.number,
                        ),
                        "account_id": accounts[receipt.contract_id.id].id,
                        "partner_id": receipt.partner_id.id,
                        "water_contract_id": receipt.contract_id.id,
                        "debit": 0.0,
                        "credit": float(settlement.credit),
                    }
                )
                keys.append((receipt.id, None))
        label = first.name if len(items) == 1 else first.session_id.name
        debits = []
        for method, amount in by_method.items():
            if not company.currency_id.is_zero(amount):
                debits.append(
                    {
                        "name": _("%(label)s - %(method)s", label=label, method=method.name),
                        "account_id": company.water_cash_transit_account_id.id,
                        "debit": company.currency_id.round(amount),
                        "credit": 0.0,
                    }
                )
        if len(items) == 1:
            ref = _(
                "Window receipt %(receipt)s, account %(account)s", receipt=first.name, account=first.contract_id.number
            )
        else:
            ref = _("Receipts of %(session)s (%(count)s)", session=first.session_id.name, count=len(items))
        values = {
            "move_type": "entry",
            "journal_id": company.water_cash_journal_id.id,
            "company_id": company.id,
            "date": fields.Date.context_today(first, first.date),
            "partner_id": first.partner_id.id if len(items) == 1 else False,
            "ref": ref,
            "line_ids": [(0, 0, line) for line in debits + credits],
        }
        return values, keys

    # ------------------------------------------------------------------
    # cancellation, print
    # ------------------------------------------------------------------
    def _cancel(self, reason):
        """Cancel posted receipts: reverse their entries (which un-reconciles the bills) and trace
        the reason. Only the commercial manager may, while the session is open."""
        if not (self.env.su or self.env.user.has_group("water_registry.group_water_manager")):
            raise AccessError(_("Only the commercial manager can authorise cancelling a receipt."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for cancelling the receipt."))
        for receipt in self:
            if receipt.state != "posted":
                raise UserError(_("Only posted receipts can be cancelled (%s).", receipt.display_name))
            if receipt.session_id.state != "open":
                raise UserError(
                    _(
                        "Receipt %s belongs to a closed session: its money is already in the daily collection "
                        "entry; refund it with a credit note instead.",
                        receipt.display_name,
                    )
                )
        receipts = self.sudo()
        shared = self.sudo().search_count([("move_id", "in", receipts.move_id.ids), ("id", "not in", receipts.ids)])
        if shared or len(receipts.move_id) != len(receipts):
            raise UserError(
                _("These receipts were posted in one grouped entry: refund them with a credit note instead.")
            )
        defaults = []
        for receipt in receipts:
            defaults.append(
                {
                    "date": fields.Date.context_today(self),
                    "ref": _("Cancellation of %(receipt)s: %(reason)s", receipt=receipt.name, reason=reason),
                }
            )
        reversals = receipts.move_id._reverse_moves(defaults, cancel=True)
        for receipt, reversal in zip(receipts, reversals, strict=True):
            receipt.write(
                {
                    "state": "cancelled",
                    "reversal_move_id": reversal.id,
                    "cancel_reason": reason,
                    "cancel_user_id": self.env.uid,
                }
            )
            receipt.message_post(
                body=_("Receipt cancelled by %(user)s. Reason: %(reason)s", user=self.env.user.name, reason=reason)
            )
        receipts.session_id._refresh_expected()
        return True

    def action_cancel_wizard(self):
        self.ensure_one()
        if not self.env.user.has_group("water_registry.group_water_manager"):
            raise AccessError(_("Only the commercial manager can authorise cancelling a receipt."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.cash.receipt.cancel",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel receipt"),
            "context": {"default_receipt_id": self.id},
        }

    def action_print(self):
        return self.env.ref("water_collections.action_report_cash_receipt").report_action(self)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(_("Posted receipts are cancelled, never deleted."))

    def write(self, vals):
        locked = {"contract_id", "amount", "session_id", "line_ids", "payment_ids"}
        if locked & set(vals) and self.filtered(lambda r: r.state != "draft"):
            raise UserError(_("A posted receipt cannot change; cancel it and issue a new one."))
        return super().write(vals)
