from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..utils.cash import count_differences, format_amount


class WaterCashSession(models.Model):
    _name = "water.cash.session"
    _description = "Cashier session"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_open desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Session", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    user_id = fields.Many2one(
        "res.users",
        string="Cashier",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("water_collections.group_water_cashier").ids)],
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, tracking=True, index=True, copy=False
    )
    date_open = fields.Datetime(string="Opened", default=fields.Datetime.now, required=True, readonly=True)
    date_close = fields.Datetime(string="Closed", readonly=True, copy=False)
    opening_float = fields.Monetary(
        string="Opening float",
        tracking=True,
        help="Change fund (fondo) in the drawer at opening; it stays in the drawer and is not deposited.",
    )
    receipt_ids = fields.One2many("water.cash.receipt", "session_id", string="Receipts")
    receipt_count = fields.Integer(compute="_compute_totals")
    cancelled_count = fields.Integer(string="Cancelled receipts", compute="_compute_totals")
    amount_collected = fields.Monetary(string="Collected", compute="_compute_totals")
    line_ids = fields.One2many("water.cash.session.line", "session_id", string="Count by method", copy=False)
    amount_expected = fields.Monetary(string="Expected", compute="_compute_count_totals")
    amount_counted = fields.Monetary(string="Counted", compute="_compute_count_totals")
    amount_difference = fields.Monetary(string="Difference", compute="_compute_count_totals")
    move_id = fields.Many2one("account.move", string="Daily collection entry", readonly=True, copy=False)
    note = fields.Text(string="Closing notes")

    _sql_constraints = [
        ("opening_float_positive", "CHECK(opening_float >= 0)", "The opening float cannot be negative."),
    ]

    def _auto_init(self):
        result = super()._auto_init()
        # one open session per cashier, even with two browser tabs opening at the same moment
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS water_cash_session_one_open_uniq
                ON water_cash_session (user_id) WHERE state = 'open'
            """
        )
        return result

    @api.depends("receipt_ids.state", "receipt_ids.amount")
    def _compute_totals(self):
        data = defaultdict(dict)
        if self.ids:
            groups = (
                self.env["water.cash.receipt"]
                .sudo()
                ._read_group(
                    [("session_id", "in", self.ids), ("state", "in", ("posted", "cancelled"))],
                    ["session_id", "state"],
                    ["__count", "amount:sum"],
                )
            )
            for session, state, count, amount in groups:
                data[session.id][state] = (count, amount)
        for session in self:
            posted = data[session.id].get("posted", (0, 0.0))
            session.receipt_count = posted[0]
            session.amount_collected = posted[1]
            session.cancelled_count = data[session.id].get("cancelled", (0, 0.0))[0]

    @api.depends("line_ids.amount_expected", "line_ids.amount_counted")
    def _compute_count_totals(self):
        for session in self:
            session.amount_expected = sum(session.line_ids.mapped("amount_expected"))
            session.amount_counted = sum(session.line_ids.mapped("amount_counted"))
            session.amount_difference = session.amount_counted - session.amount_expected

    @api.constrains("user_id", "state")
    def _check_one_open_session(self):
        open_sessions = self.filtered(lambda s: s.state == "open")
        if not open_sessions:
            return
        groups = self.sudo()._read_group(
            [("user_id", "in", open_sessions.user_id.ids), ("state", "=", "open")], ["user_id"], ["__count"]
        )
        for user, count in groups:
            if count > 1:
                raise ValidationError(_("%s already has an open cashier session: close it first.", user.name))

    @api.model_create_multi
    def create(self, vals_list):
        companies = self.env["res.company"].browse(
            {vals.get("company_id") or self.env.company.id for vals in vals_list}
        )
        for company in companies:
            company._water_cash_check_setup()
        self.flush_model(["state", "user_id"])
        users = [vals.get("user_id") or self.env.uid for vals in vals_list]
        if len(set(users)) < len(users):
            raise ValidationError(_("A cashier opens one session at a time."))
        already = self.sudo().search([("user_id", "in", users), ("state", "=", "open")])
        if already:
            raise ValidationError(
                _("%s already has an open cashier session: close it first.", ", ".join(already.user_id.mapped("name")))
            )
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("water.cash.session") or _("New")
        sessions = super().create(vals_list)
        Method = self.env["water.cash.method"].sudo()
        self.env["water.cash.session.line"].sudo().create(
            [
                {"session_id": session.id, "method_id": method.id}
                for session in sessions
                for method in Method.search([("company_id", "=", session.company_id.id)])
            ]
        )
        sessions._refresh_expected()
        return sessions

    def write(self, vals):
        if "user_id" in vals and any(session.receipt_ids for session in self):
            raise UserError(_("A session with receipts cannot change its cashier."))
        if "opening_float" in vals and self.filtered(lambda s: s.state == "closed"):
            raise UserError(_("The opening float of a closed session cannot change."))
        result = super().write(vals)
        if "opening_float" in vals:
            self._refresh_expected()
        return result

    def _refresh_expected(self):
        """Expected amount of each count line of the open sessions: the posted receipts net of
        change, plus the opening float for cash (one grouped query for all the sessions)."""
        sessions = self.sudo().filtered(lambda s: s.state == "open")
        if not sessions:
            return
        expected = sessions._expected_by_method()
        missing = [
            {"session_id": session.id, "method_id": method_id}
            for session in sessions
            for method_id in set(expected[session.id]) - set(session.line_ids.method_id.ids)
        ]
        if missing:
            self.env["water.cash.session.line"].sudo().create(missing)
        for line in sessions.line_ids:
            float_part = line.session_id.opening_float if line.method_id.code == "cash" else 0.0
            value = expected[line.session_id.id].get(line.method_id.id, 0.0) + float_part
            if line.currency_id.compare_amounts(line.amount_expected, value):
                line.amount_expected = value

    def _check_is_own(self):
        """The cashier works his or her own session; collections officers work any."""
        if self.env.su or self.env.user.has_group("water_collections.group_water_collections_officer"):
            return
        for session in self:
            if session.user_id != self.env.user:
                raise AccessError(_("Session %s belongs to another cashier.", session.name))

    @api.model
    def action_open_my_session(self):
        """Menu entry of the cashier: his or her open session, or a new one to open."""
        session = self.search([("user_id", "=", self.env.uid), ("state", "=", "open")], limit=1)
        action = {
            "type": "ir.actions.act_window",
            "res_model": "water.cash.session",
            "view_mode": "form",
            "name": _("My cashier session"),
            "target": "current",
        }
        if session:
            action["res_id"] = session.id
        return action

    def action_new_receipt(self):
        self.ensure_one()
        self._check_is_own()
        if self.state != "open":
            raise UserError(_("Session %s is closed.", self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.cash.receipt",
            "view_mode": "form",
            "name": _("New receipt"),
            "target": "current",
            "context": {"default_session_id": self.id},
        }

    def action_view_receipts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_cash_receipt")
        action["domain"] = [("session_id", "=", self.id)]
        action["context"] = {"default_session_id": self.id}
        return action

    def _expected_by_method(self):
        """{session id: {method id: collected amount}} from the posted receipts, net of change
        (one grouped query for all the sessions)."""
        result = defaultdict(lambda: defaultdict(float))
        if not self.ids:
            return result
        self.env["water.cash.receipt.payment"].flush_model(["session_id", "method_id", "amount_net", "receipt_id"])
        self.env["water.cash.receipt"].flush_model(["state"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.session_id, p.method_id, SUM(p.amount_net)
                  FROM water_cash_receipt_payment p
                  JOIN water_cash_receipt r ON r.id = p.receipt_id
                 WHERE p.session_id IN %s AND r.state = 'posted'
              GROUP BY p.session_id, p.method_id
                """,
                tuple(self.ids),
            )
        )
        for session_id, method_id, amount in rows:
            result[session_id][method_id] = amount or 0.0
        return result

    def action_close(self):
        """Close the sessions: expected amounts are frozen, differences are computed and the daily
        collection entry (one per session) is posted and reconciled with the receipts' transit lines."""
        self._check_is_own()
        if self.filtered(lambda s: s.state != "open"):
            raise UserError(_("Only open sessions can be closed."))
        drafts = self.env["water.cash.receipt"].sudo().search([("session_id", "in", self.ids), ("state", "=", "draft")])
        if drafts:
            raise UserError(
                _(
                    "Post or delete the draft receipts before closing: %s.",
                    ", ".join(drafts.mapped("display_name")[:10]),
                )
            )
        self._refresh_expected()
        closing_time = self.env.context.get("water_cash_close_date") or fields.Datetime.now()
        expected = self._expected_by_method()
        move_vals, sessions = [], []
        for session in self.sudo():
            company = session.company_id
            company._water_cash_check_setup()
            per_method = expected[session.id]
            collected = {line.method_id.id: per_method.get(line.method_id.id, 0.0) for line in session.line_ids}
            counted = {}
            for line in session.line_ids:
                float_part = session.opening_float if line.method_id.code == "cash" else 0.0
                counted[line.method_id.id] = line.amount_counted - float_part
            differences = count_differences(collected, counted)
            move_vals.append(session._closing_move_vals(differences, closing_time))
            sessions.append(session)
        moves = self.env["account.move"].sudo().create([vals for vals in move_vals if vals])
        moves._post(soft=False)
        moves_iter = iter(moves)
        for session, vals in zip(sessions, move_vals, strict=True):
            session.write({"state": "closed", "date_close": closing_time, "move_id": vals and next(moves_iter).id})
        self.sudo()._reconcile_transit()
        for session in sessions:
            difference = session.amount_difference
            if not session.currency_id.is_zero(difference):
                session.message_post(
                    body=_(
                        "Closed with a difference of %(amount)s (%(kind)s).",
                        amount=format_amount(difference),
                        kind=_("surplus") if difference > 0 else _("shortage"),
                    )
                )
        return True

    def _closing_move_vals(self, differences, closing_time):
        """Daily collection entry: Dr account to deposit per method (counted, float excluded) /
        Cr collections in transit (collected per method) and the surplus or shortage."""
        self.ensure_one()
        company = self.company_id
        methods = self.env["water.cash.method"].browse(list(differences))
        lines = []
        for method in methods.sorted("sequence"):
            collected, counted, difference = differences[method.id]
            label = _("%(session)s - %(method)s", session=self.name, method=method.name)
            if counted:
                lines.append(
                    {
                        "name": label,
                        "account_id": method.account_id.id,
                        "debit": float(max(counted, 0)),
                        "credit": float(max(-counted, 0)),
                    }
                )
            if collected:
                lines.append(
                    {
                        "name": label,
                        "account_id": company.water_cash_transit_account_id.id,
                        "credit": float(collected),
                        "debit": 0.0,
                    }
                )
            if difference > 0:
                lines.append(
                    {
                        "name": _("Cash surplus %s", label),
                        "account_id": company.water_cash_surplus_account_id.id,
                        "credit": float(difference),
                        "debit": 0.0,
                    }
                )
            elif difference < 0:
                lines.append(
                    {
                        "name": _("Cash shortage %s", label),
                        "account_id": company.water_cash_shortage_account_id.id,
                        "debit": float(-difference),
                        "credit": 0.0,
                    }
                )
        if not lines:
            return None  # nothing collected nor counted: no entry
        return {
            "move_type": "entry",
            "journal_id": company.water_cash_journal_id.id,
            "company_id": company.id,
            "date": fields.Date.context_today(self, closing_time),
            "ref": _("Daily collection %(session)s (%(cashier)s)", session=self.name, cashier=self.user_id.name),
            "line_ids": [(0, 0, line) for line in lines],
        }

    def _reconcile_transit(self):
        """Reconcile each session's transit lines: the receipts' debits with the closing credits."""
        Line = self.env["account.move.line"]
        plan = []
        for session in self:
            account = session.company_id.water_cash_transit_account_id
            receipt_moves = session.receipt_ids.filtered(lambda r: r.state == "posted").move_id
            lines = (receipt_moves.line_ids | session.move_id.line_ids).filtered(
                lambda line, account=account: line.account_id == account and not line.reconciled
            )
            if lines:
                plan.append(lines)
        if plan:
            Line._reconcile_plan(plan)

    def action_print(self):
        return self.env.ref("water_collections.action_report_cash_session").report_action(self)

    @api.ondelete(at_uninstall=False)
    def _unlink_without_receipts(self):
        if self.filtered(lambda s: s.receipt_ids or s.move_id):
            raise UserError(_("A session with receipts or a posted entry cannot be deleted."))
