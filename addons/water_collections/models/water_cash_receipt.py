from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.water_billing.utils.payment import amount_in_words, is_valid_reference

from ..utils.cash import Debt, allocate, change_due, format_amount


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
    line_ids = fields.One2many("water.cash.receipt.line", "receipt_id", string="Open debts", copy=False)
    payment_ids = fields.One2many("water.cash.receipt.payment", "receipt_id", string="Payments", copy=False)
    amount_due = fields.Monetary(string="Debt", compute="_compute_amounts", store=True)
    amount = fields.Monetary(string="Amount to pay", help="Applied to the open debts, oldest first.")
    amount_tendered = fields.Monetary(string="Tendered", compute="_compute_amounts", store=True)
    amount_change = fields.Monetary(string="Change", compute="_compute_amounts", store=True)
    amount_words = fields.Char(string="Amount in words", compute="_compute_amount_words")
    move_id = fields.Many2one("account.move", string="Receipt entry", readonly=True, copy=False)
    reversal_move_id = fields.Many2one("account.move", string="Cancellation entry", readonly=True, copy=False)
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

    @api.depends("line_ids.amount_residual", "payment_ids.amount", "payment_ids.method_code", "amount")
    def _compute_amounts(self):
        for receipt in self:
            receipt.amount_due = sum(receipt.line_ids.mapped("amount_residual"))
            receipt.amount_tendered = sum(receipt.payment_ids.mapped("amount"))
            receipt.amount_change = max(receipt.amount_tendered - receipt.amount, 0.0)

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
        debts = self._open_debts(self.contract_id)[self.contract_id.id] if self.contract_id else []
        self.line_ids = [(5, 0, 0)] + [(0, 0, values) for values in self._debt_line_values(debts)]
        self.amount = sum(debt["amount_residual"] for debt in debts)
        self._onchange_amount()
        if not self.payment_ids and self.amount:
            cash = self.env["water.cash.method"].search(
                [("company_id", "=", self.env.company.id), ("code", "=", "cash")], limit=1
            )
            if cash:
                self.payment_ids = [(0, 0, {"method_id": cash.id, "amount": self.amount})]

    @api.onchange("amount")
    def _onchange_amount(self):
        surcharges_first = self.env.company.water_cash_surcharges_first
        debts = [
            Debt(index, line.date_due or line.date, line.amount_residual, line.is_surcharge)
            for index, line in enumerate(self.line_ids)
        ]
        try:
            applied = dict(allocate(debts, self.amount or 0.0, surcharges_first))
        except ValueError:
            applied = {}
            total = sum(self.line_ids.mapped("amount_residual"))
            if self.amount and self.amount > total:
                return {
                    "warning": {
                        "title": _("Amount too large"),
                        "message": _(
                            "The account owes %s; the window takes no advance payments.", format_amount(total)
                        ),
                    }
                }
        for index, line in enumerate(self.line_ids):
            line.amount_applied = float(applied.get(index, 0))
        return None

    @api.model
    def _open_debts(self, contracts, lock=False):
        """{contract id: [debt values]} of the posted customer invoices of the contracts with
        something left to pay, read straight from the database; ``lock`` takes the row locks
        (SELECT ... FOR UPDATE) first so that two windows never apply the same residual twice."""
        result = defaultdict(list)
        if not contracts:
            return result
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        if lock:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT id FROM account_move
                     WHERE water_contract_id IN %s AND move_type = 'out_invoice' AND state = 'posted'
                     ORDER BY id
                       FOR UPDATE
                    """,
                    tuple(contracts.ids),
                )
            )
            locked = [row[0] for row in self.env.cr.fetchall()]
            if locked:
                # what other transactions committed before the lock is what counts
                moves = self.env["account.move"].browse(locked)
                moves.invalidate_recordset(["amount_residual", "payment_state"])
                moves.line_ids.invalidate_recordset(["amount_residual", "reconciled"])
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT m.id, m.water_contract_id, m.name, m.invoice_date, m.invoice_date_due,
                       m.amount_total, m.amount_residual, p.name AS period,
                       COALESCE(s.is_surcharge, FALSE) AS is_surcharge
                  FROM account_move m
             LEFT JOIN water_billing_period p ON p.id = m.water_period_id
             LEFT JOIN LATERAL (
                       SELECT BOOL_AND(pt.water_concept = 'surcharge') AS is_surcharge
                         FROM account_move_line l
                         JOIN product_product pp ON pp.id = l.product_id
                         JOIN product_template pt ON pt.id = pp.product_tmpl_id
                        WHERE l.move_id = m.id AND l.display_type = 'product'
                       ) s ON TRUE
                 WHERE m.water_contract_id IN %s AND m.move_type = 'out_invoice' AND m.state = 'posted'
                   AND m.amount_residual > 0
              ORDER BY m.water_contract_id, COALESCE(m.invoice_date_due, m.invoice_date), m.id
                """,
                tuple(contracts.ids),
            )
        )
        surcharges = self._surcharge_moves([row["id"] for row in rows])
        for row in rows:
            result[row["water_contract_id"]].append(
                {
                    "move_id": row["id"],
                    "bill_name": row["name"],
                    "period": row["period"],
                    "date": row["invoice_date"],
                    "date_due": row["invoice_date_due"],
                    "amount_total": row["amount_total"],
                    "amount_residual": row["amount_residual"],
                    "is_surcharge": bool(row["is_surcharge"]) or row["id"] in surcharges,
                }
            )
        return result

    @api.model
    def _surcharge_moves(self, move_ids):
        """Ids of the moves that are surcharges besides those whose products are all surcharge
        concepts (hook for the surcharge feature, which may flag its moves)."""
        return set()

    @api.model
    def _debt_line_values(self, debts):
        return [
            {
                key: debt[key]
                for key in (
                    "move_id",
                    "bill_name",
                    "period",
                    "date",
                    "date_due",
                    "amount_total",
                    "amount_residual",
                    "is_surcharge",
                )
            }
            for debt in debts
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
        """Post draft receipts in one go: lock the bills of their accounts, apply each amount to
        the current residuals (oldest first), post one small entry per receipt (Dr collections in
        transit per method / Cr receivable per bill) and reconcile it with the bills."""
        self._check_can_post()
        receipts = self.sudo()
        debts = receipts._open_debts(receipts.contract_id, lock=True)
        residuals = {debt["move_id"]: debt["amount_residual"] for rows in debts.values() for debt in rows}
        line_vals, applications = [], []
        for receipt in receipts:
            company = receipt.company_id
            company._water_cash_check_setup()
            contract_debts = [
                dict(debt, amount_residual=residuals[debt["move_id"]]) for debt in debts[receipt.contract_id.id]
            ]
            items = [
                Debt(debt["move_id"], debt["date_due"] or debt["date"], debt["amount_residual"], debt["is_surcharge"])
                for debt in contract_debts
            ]
            try:
                applied = allocate(items, receipt.amount, company.water_cash_surcharges_first)
            except ValueError:
                total = sum(debt.residual for debt in items)
                raise UserError(
                    _(
                        "Account %(account)s owes %(due)s now, less than the %(amount)s of this receipt: another "
                        "payment was registered meanwhile. Reload the account and try again.",
                        account=receipt.contract_id.number,
                        due=format_amount(total),
                        amount=format_amount(receipt.amount),
                    )
                ) from None
            applied = {move_id: float(amount) for move_id, amount in applied}
            for move_id, amount in applied.items():
                residuals[move_id] -= amount  # two receipts of one batch for the same account
            applications.append(applied)
            # a posted receipt keeps the bills it paid (the draft showed every open debt)
            line_vals += [
                dict(values, receipt_id=receipt.id, amount_applied=applied[values["move_id"]])
                for values in self._debt_line_values(contract_debts)
                if values["move_id"] in applied
            ]
        bills = self.env["account.move"].sudo().browse({move_id for applied in applications for move_id in applied})
        receivable = {
            line.move_id.id: line
            for line in bills.line_ids
            if line.account_id.account_type == "asset_receivable" and not line.reconciled
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
        for receipt, applied in zip(receipts, applications, strict=True):
            batches[receipt.session_id.id if one_entry else receipt.id].append((receipt, applied))
        move_vals = [self._move_vals(items, receivable) for items in batches.values()]
        moves = self.env["account.move"].sudo().create(move_vals)
        moves._post(soft=False)
        plan = []
        for move, items in zip(moves, batches.values(), strict=True):
            self.browse([receipt.id for receipt, _applied in items]).sudo().write(
                {"state": "posted", "move_id": move.id}
            )
            # reconcile every paid bill with the line that pays it (the credit lines were
            # created in the order of the applications, after the transit lines)
            credit_lines = move.line_ids.filtered(lambda line: line.credit).sorted("id")
            bill_ids = [move_id for _receipt, applied in items for move_id in applied]
            for move_id, credit_line in zip(bill_ids, credit_lines, strict=True):
                plan.append(receivable[move_id] | credit_line)
        if plan:
            self.env["account.move.line"].sudo()._reconcile_plan(plan)
        receipts.session_id._refresh_expected()
        return True

    @api.model
    def _move_vals(self, items, receivable):
        """Entry of receipts [(receipt, {bill id: amount})] of one session: Dr collections in
        transit, one line per method / Cr the receivable, one line per bill paid."""
        first = items[0][0]
        company = first.company_id
        by_method = defaultdict(float)
        credits = []
        for receipt, applied in items:
            for payment in receipt.payment_ids:
                by_method[payment.method_id] += payment.amount_net
            for move_id, amount in applied.items():
                bill_line = receivable[move_id]
                credits.append(
                    {
                        "name": _(
                            "%(receipt)s: payment of %(bill)s", receipt=receipt.name, bill=bill_line.move_id.name
                        ),
                        "account_id": bill_line.account_id.id,
                        "partner_id": bill_line.partner_id.id,
                        "debit": 0.0,
                        "credit": amount,
                    }
                )
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
        return {
            "move_type": "entry",
            "journal_id": company.water_cash_journal_id.id,
            "company_id": company.id,
            "date": fields.Date.context_today(first, first.date),
            "partner_id": first.partner_id.id if len(items) == 1 else False,
            "ref": ref,
            "line_ids": [(0, 0, line) for line in debits + credits],
        }

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
