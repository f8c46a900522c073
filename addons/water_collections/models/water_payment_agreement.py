import logging
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date

from odoo.addons.water_billing.utils import ledger
from odoo.addons.water_billing.utils.payment import amount_in_words

from ..utils import agreement as agreement_utils
from ..utils.surcharge import forgiven_amount

_logger = logging.getLogger(__name__)

AGREEMENT_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To approve"),
    ("waiting", "Waiting for the down payment"),
    ("active", "Active"),
    ("done", "Completed"),
    ("broken", "Breached"),
    ("restructured", "Restructured"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("to_approve", "waiting", "active")
OFFICER = "water_collections.group_water_collections_officer"
MANAGER = "water_registry.group_water_manager"
NO_CHECK = "water_agreement_no_check"
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
CHECK_BATCH = 2000  # agreements per ledger read of the daily check
PLAN_FIELDS = {
    "contract_id", "debt_line_ids", "forgiveness_pct", "amount_down_payment", "instalment_count", "frequency",
    "first_due_date", "interest_rate", "method",
}  # fmt: skip


class WaterPaymentAgreement(models.Model):
    _name = "water.payment.agreement"
    _description = "Payment agreement (convenio de pago)"
    _inherit = ["water.folio.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_id = fields.Many2one(
        "water.contract",
        string="Account",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', 'in', ('active', 'suspended'))]",
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Holder")
    address = fields.Char(related="contract_id.address")
    sector_id = fields.Many2one(related="contract_id.sector_id", store=True)
    service_class_id = fields.Many2one(related="contract_id.service_class_id", store=True, string="Class")
    user_id = fields.Many2one(
        "res.users", string="Officer", default=lambda self: self.env.user, tracking=True, index=True, readonly=True
    )
    state = fields.Selection(
        AGREEMENT_STATES, default="draft", required=True, tracking=True, index=True, readonly=True, copy=False
    )
    channel = fields.Selection(
        [("window", "Window"), ("office", "Office"), ("portal", "Portal request")],
        default="window",
        required=True,
    )
    request_id = fields.Many2one("water.request", string="Citizen's request", readonly=True, copy=False)
    parent_id = fields.Many2one(
        "water.payment.agreement", string="Restructures", readonly=True, copy=False, index="btree_not_null"
    )
    child_ids = fields.One2many("water.payment.agreement", "parent_id", string="Restructured by", readonly=True)
    restructure_count = fields.Integer(
        string="Restructuring",
        readonly=True,
        copy=False,
        help="0 for a first agreement, 1 for its first restructuring…",
    )
    # the debt covered
    debt_line_ids = fields.Many2many(
        "account.move.line",
        "water_payment_agreement_debt_rel",
        "agreement_id",
        "line_id",
        string="Debts covered",
        copy=False,
        help="The account's open debts the agreement pays: bills, surcharges, other charges and what is left of an "
        "earlier agreement.",
    )
    amount_debt = fields.Monetary(string="Debt covered", readonly=True, copy=False)
    amount_surcharges = fields.Monetary(string="Of which surcharges", readonly=True, copy=False)
    forgiveness_pct = fields.Float(string="Surcharges forgiven (%)", digits=(5, 2), tracking=True)
    forgiveness_source = fields.Selection(
        [("policy", "Utility's policy"), ("campaign", "Campaign"), ("manual", "Set by the officer")],
        string="Forgiveness by",
        default="policy",
        readonly=True,
    )
    campaign_id = fields.Many2one("water.forgiveness.campaign", readonly=True, copy=False)
    amount_forgiven = fields.Monetary(string="Forgiven", readonly=True, copy=False)
    amount_down_payment = fields.Monetary(string="Down payment", tracking=True)
    amount_down_payment_min = fields.Monetary(string="Least down payment", readonly=True, copy=False)
    instalment_count = fields.Integer(
        string="Instalments", default=6, tracking=True, help="Zero: a single payment (the down payment is the whole)."
    )
    frequency = fields.Selection(
        [("monthly", "Monthly"), ("bill", "With each bill")], default="bill", required=True, tracking=True
    )
    first_due_date = fields.Date(string="First instalment due", help="Monthly instalments: the first one's due date.")
    interest_rate = fields.Float(string="Monthly interest (%)", digits=(5, 4), tracking=True)
    method = fields.Selection(
        [("flat", "Flat"), ("french", "French")],
        string="Amortisation",
        default=lambda self: self.env.company.water_agreement_method or "flat",
        required=True,
    )
    amount_financed = fields.Monetary(string="Financed", readonly=True, copy=False)
    amount_interest = fields.Monetary(string="Interest", readonly=True, copy=False)
    amount_total = fields.Monetary(
        string="Total agreed", readonly=True, copy=False, help="Down payment, instalments and their interest."
    )
    amount_total_words = fields.Char(compute="_compute_amount_total_words")
    line_ids = fields.One2many("water.payment.agreement.line", "agreement_id", string="Schedule", copy=False)
    amount_paid = fields.Monetary(string="Instalments paid", compute="_compute_progress")
    amount_residual = fields.Monetary(string="Instalments owed", compute="_compute_progress")
    paid_count = fields.Integer(string="Instalments paid (count)", compute="_compute_progress")
    next_line_id = fields.Many2one(
        "water.payment.agreement.line", string="Next instalment", compute="_compute_progress"
    )
    is_late = fields.Boolean(
        string="Behind", compute="_compute_progress", search="_search_is_late", help="An instalment is past due."
    )
    # accounting
    forgiveness_id = fields.Many2one("water.surcharge.forgiveness", readonly=True, copy=False)
    restore_move_id = fields.Many2one(
        "account.move", string="Surcharges charged back", readonly=True, copy=False, index="btree_not_null"
    )
    move_id = fields.Many2one("account.move", string="Agreement entry", readonly=True, copy=False)
    breach_move_id = fields.Many2one("account.move", string="Breach entry", readonly=True, copy=False)
    # the story
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    date_confirmed = fields.Date(readonly=True, copy=False)
    date_down_payment_due = fields.Date(string="Down payment due", readonly=True, copy=False)
    date_active = fields.Date(string="Active since", readonly=True, copy=False)
    date_done = fields.Date(string="Completed on", readonly=True, copy=False)
    date_broken = fields.Date(string="Broken on", readonly=True, copy=False)
    date_cancelled = fields.Date(string="Cancelled on", readonly=True, copy=False)
    end_reason = fields.Text(string="Reason", readonly=True, copy=False, help="Why it was broken or cancelled.")
    clauses = fields.Html(readonly=True, copy=False, help="The utility's clauses when the agreement was signed.")

    _sql_constraints = [
        ("instalment_count_positive", "CHECK(instalment_count >= 0)", "The instalments cannot be negative."),
        ("down_payment_positive", "CHECK(amount_down_payment >= 0)", "The down payment cannot be negative."),
        ("interest_positive", "CHECK(interest_rate >= 0)", "The interest rate cannot be negative."),
        (
            "forgiveness_range",
            "CHECK(forgiveness_pct >= 0 AND forgiveness_pct <= 100)",
            "The forgiveness must be between 0 and 100%.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        agreements = super().create(vals_list)
        agreements._water_refresh_draft()
        return agreements

    def write(self, vals):
        result = super().write(vals)
        if PLAN_FIELDS & set(vals) and not self.env.context.get("water_agreement_planning"):
            self._water_refresh_draft()
        return result

    def _water_refresh_draft(self):
        """The figures and schedule of the drafts, computed on the server from their debts and terms (what the form
        showed is not trusted); terms that make no agreement yet are left for the signature to refuse."""
        for agreement in self.filtered(lambda a: a.state == "draft" and a.contract_id):
            try:
                agreement.with_context(water_agreement_planning=True)._water_write_plan()
            except UserError:
                continue

    # ------------------------------------------------------------------ computes
    @api.depends("amount_total")
    def _compute_amount_total_words(self):
        for agreement in self:
            agreement.amount_total_words = amount_in_words(agreement.amount_total or 0.0)

    @api.depends("line_ids.amount_residual", "line_ids.date_due", "state")
    def _compute_progress(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            lines = agreement.line_ids.filtered(lambda line: line.state != "cancelled")
            open_lines = lines.filtered(lambda line: line.amount_residual > 0).sorted("number")
            agreement.amount_residual = sum(open_lines.mapped("amount_residual"))
            agreement.amount_paid = sum(lines.mapped("amount")) - agreement.amount_residual
            agreement.paid_count = len(lines) - len(open_lines)
            agreement.next_line_id = open_lines[:1]
            agreement.is_late = agreement.state == "active" and any(line.date_due < today for line in open_lines)

    def _search_is_late(self, operator, value):
        today = fields.Date.context_today(self)
        late = (
            self.env["water.payment.agreement.line"]
            .sudo()
            .search(
                [
                    ("agreement_id.state", "=", "active"),
                    ("state", "=", "open"),
                    ("date_due", "<", today),
                    ("move_line_id.amount_residual", ">", 0),
                ]
            )
            .agreement_id
        )
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", late.ids)]

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for agreement in self:
            agreement.access_url = f"/my/water/agreements/{agreement.id}"
        return result

    # ------------------------------------------------------------------ the draft: debts and plan
    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        contract = self.contract_id._origin
        if not contract:
            self.debt_line_ids = [Command.clear()]
            return
        self.debt_line_ids = [Command.set(self._water_default_debts(contract))]
        self._water_set_forgiveness()
        self._onchange_plan()

    @api.onchange("instalment_count")
    def _onchange_instalment_count(self):
        if self.forgiveness_source != "manual":
            self._water_set_forgiveness()
        self._onchange_plan()

    @api.onchange("forgiveness_pct")
    def _onchange_forgiveness_pct(self):
        policy_pct, _campaign = self._water_policy_forgiveness()
        self.forgiveness_source = (
            "manual" if round(self.forgiveness_pct, 2) != round(policy_pct, 2) else self.forgiveness_source
        )
        self._onchange_plan()

    @api.onchange("debt_line_ids", "amount_down_payment", "frequency", "first_due_date", "interest_rate", "method")
    def _onchange_plan(self):
        if not self.contract_id:
            return
        try:
            plan = self._water_plan()
        except UserError:
            return
        self.update({key: value for key, value in plan.items() if key != "lines"})
        self.line_ids = [Command.clear()] + [Command.create(values) for values in plan["lines"]]

    @api.model
    def _water_default_debts(self, contract):
        """The account's open overdue debts (ledger lines), oldest first: what an agreement covers by default."""
        today = fields.Date.context_today(self)
        rows = contract._water_ledger(future_instalments=True)[contract.id]
        return [row["line_id"] for row in rows if row["residual"] > 0 and row["date_due"] < today]

    def _water_policy_forgiveness(self):
        """(percentage, campaign) of the surcharges forgiven by the campaign in force for the account's sector, else
        by the utility's policy (single payment or instalments)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        company = self.company_id or self.env.company
        campaigns = (
            self.env["water.forgiveness.campaign"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "approved"),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ],
                order="percentage desc",
            )
        )
        sector = self.contract_id.sector_id
        for campaign in campaigns:
            if not campaign.sector_ids or sector in campaign.sector_ids:
                return campaign.percentage, campaign
        if self.instalment_count:
            return company.water_agreement_forgiveness_instalments, None
        return company.water_agreement_forgiveness_single, None

    def _water_set_forgiveness(self):
        pct, campaign = self._water_policy_forgiveness()
        self.forgiveness_pct = pct
        self.campaign_id = campaign
        self.forgiveness_source = "campaign" if campaign else "policy"

    def _water_due_dates(self):
        """The instalments' due dates: monthly from the first due date, or one with each of the account's next bills
        (its sector's billing calendar, then every one or two months as the utility bills)."""
        self.ensure_one()
        count = self.instalment_count
        today = fields.Date.context_today(self)
        if not count:
            return []
        company = self.company_id or self.env.company
        step = 2 if company.water_billing_frequency == "bimonthly" else 1
        if self.frequency == "monthly":
            first = self.first_due_date or agreement_utils.add_months(today, 1)
            if first <= today:
                raise UserError(_("The first instalment must fall due after today."))
            return agreement_utils.monthly_dates(first, count)
        calendars = (
            self.env["water.billing.calendar"]
            .sudo()
            .search(
                [("sector_id", "=", self.contract_id.sector_id.id), ("due_date", ">", today)],
                order="due_date",
                limit=count,
            )
        )
        return agreement_utils.bill_dates(calendars.mapped("due_date"), count, step, today)

    def _water_debt_figures(self):
        """(debt, surcharges, forgivable) of the chosen debts as they stand: their residuals, the surcharges' part and
        what the forgiveness percentage takes off the surcharges never forgiven."""
        self.ensure_one()
        lines = self.debt_line_ids._origin.sudo() if self.debt_line_ids else self.env["account.move.line"]
        lines = lines.filtered(lambda line: line.amount_residual > 0)
        debt = sum((ledger.money(line.amount_residual) for line in lines), ledger.ZERO)
        surcharges = lines.filtered(lambda line: line.move_id.water_is_surcharge)
        forgivable_ids = {
            move_id
            for move_id, _contract in self.env["water.surcharge.forgiveness"]
            .sudo()
            ._water_open_surcharges(contract_ids=self.contract_id.ids, company=self.company_id or self.env.company)
        }
        forgiven = ledger.ZERO
        if self.forgiveness_pct > 0:
            for line in surcharges.filtered(lambda line: line.move_id.id in forgivable_ids):
                forgiven += forgiven_amount(line.amount_residual, self.forgiveness_pct)
        total_surcharges = sum((ledger.money(line.amount_residual) for line in surcharges), ledger.ZERO)
        return debt, total_surcharges, forgiven

    def _water_plan(self):
        """The agreement's figures and schedule from its debts and terms (a dict of field values, ``lines`` the
        instalments' values). Raises UserError when the terms do not make an agreement."""
        self.ensure_one()
        company = self.company_id or self.env.company
        debt, surcharges, forgiven = self._water_debt_figures()
        if debt <= 0:
            raise UserError(
                _("Choose the debts the agreement covers: account %s has none open.", self.contract_id.number)
            )
        left = debt - forgiven
        minimum = agreement_utils.minimum_down_payment(left, company.water_agreement_min_down_payment)
        down = left if not self.instalment_count else ledger.money(self.amount_down_payment)
        if self.instalment_count and down < minimum:
            down = minimum
        financed = left - down
        lines = []
        interest = ledger.ZERO
        if self.instalment_count:
            if financed <= 0:
                raise UserError(_("The down payment pays the whole debt: make it a single payment (no instalments)."))
            step = 2 if (self.frequency == "bill" and company.water_billing_frequency == "bimonthly") else 1
            rate = self.interest_rate * step
            schedule = agreement_utils.schedule(financed, self._water_due_dates(), rate, self.method)
            interest = sum((instalment.interest for instalment in schedule), ledger.ZERO)
            lines = [
                {
                    "number": instalment.number,
                    "date_due": instalment.date_due,
                    "principal": float(instalment.principal),
                    "interest": float(instalment.interest),
                    "amount": float(instalment.amount),
                }
                for instalment in schedule
            ]
        return {
            "amount_debt": float(debt),
            "amount_surcharges": float(surcharges),
            "amount_forgiven": float(forgiven),
            "amount_down_payment_min": float(minimum if self.instalment_count else left),
            "amount_down_payment": float(down),
            "amount_financed": float(financed),
            "amount_interest": float(interest),
            "amount_total": float(down + financed + interest),
            "lines": lines,
        }

    def _water_write_plan(self):
        for agreement in self.with_context(water_agreement_planning=True):
            plan = agreement._water_plan()
            lines = plan.pop("lines")
            agreement.line_ids.sudo().unlink()
            plan["line_ids"] = [Command.create(values) for values in lines]
            agreement.write(plan)

    # ------------------------------------------------------------------ checks and limits
    def _check_officer(self):
        if not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only the collections officer makes payment agreements."))

    def _water_check_terms(self):
        """Spanish errors for terms the policy does not allow; the debts must still be open and the account's."""
        company = self.company_id
        for agreement in self:
            number = agreement.contract_id.number
            if agreement.instalment_count > company.water_agreement_max_instalments:
                raise UserError(
                    _(
                        "An agreement has %(max)s instalments at most (account %(account)s asks for %(count)s).",
                        max=company.water_agreement_max_instalments,
                        account=number,
                        count=agreement.instalment_count,
                    )
                )
            foreign = agreement.debt_line_ids.filtered(
                lambda line, a=agreement: line.water_contract_id != a.contract_id
            )
            if foreign:
                raise UserError(_("Agreement %s covers debts of another account.", agreement.name))
            other = self.search(
                [
                    ("contract_id", "=", agreement.contract_id.id),
                    ("state", "in", OPEN_STATES),
                    ("id", "!=", agreement.id),
                    ("id", "!=", agreement.parent_id.id),
                ],
                limit=1,
            )
            if other:
                raise UserError(
                    _("Account %(account)s already has agreement %(other)s.", account=number, other=other.name)
                )
            if agreement.parent_id and agreement.restructure_count > company.water_agreement_max_restructures:
                raise UserError(
                    _(
                        "The policy allows %(max)s restructurings of an agreement.",
                        max=company.water_agreement_max_restructures,
                    )
                )

    def _water_needs_approval(self):
        """True when the agreement is above what the collections officer signs alone: instalments, amount, or a
        forgiveness beyond his or her limit that no policy or campaign grants."""
        self.ensure_one()
        company = self.company_id
        if self.env.user.has_group(MANAGER):
            return False
        if agreement_utils.needs_approval(
            self.instalment_count,
            self.amount_debt,
            company.water_agreement_officer_max_instalments,
            company.water_agreement_officer_max_amount,
        ):
            return True
        return self.forgiveness_source == "manual" and self.forgiveness_pct > company.water_forgiveness_officer_limit

    # ------------------------------------------------------------------ workflow
    def action_confirm(self):
        """Sign the agreement: its figures are computed again on the debts as they stand; within the officer's
        limits the surcharges are forgiven at once and the agreement waits for its down payment, above them it
        waits for the commercial manager."""
        self._check_officer()
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(_("Agreement %s was already signed.", agreement.name))
            agreement._water_write_plan()
            agreement._water_check_terms()
            if agreement._water_needs_approval():
                agreement.write({"state": "to_approve", "date_confirmed": fields.Date.context_today(self)})
                agreement.message_post(
                    body=_(
                        "Signed by %(user)s; above the collections officer's limits: waiting for the commercial "
                        "manager.",
                        user=self.env.user.name,
                    )
                )
            else:
                agreement._water_start()
        return True

    def action_approve(self):
        self._check_manager()
        for agreement in self:
            agreement._water_write_plan()
            agreement.approved_by_id = self.env.user
            agreement._water_start()
        return True

    def action_reject(self):
        self._check_manager()
        self.write({"state": "draft", "approved_by_id": self.env.uid})
        for agreement in self:
            agreement.message_post(body=_("Rejected by %s: back to draft.", self.env.user.name))
        return True

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(_("Only the commercial manager approves agreements above the officer's limits."))
        if self.filtered(lambda agreement: agreement.state != "to_approve"):
            raise UserError(_("Only agreements waiting for approval can be decided."))

    def _water_start(self):
        """Forgive the surcharges and wait for the down payment (activate at once when nothing is asked first)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        company = self.company_id
        self._water_forgive()
        values = {
            "state": "waiting",
            "date_confirmed": self.date_confirmed or today,
            "date_down_payment_due": today + timedelta(days=company.water_agreement_down_payment_days),
            "clauses": company.water_agreement_clauses,
        }
        self.write(values)
        self.message_post(
            body=_(
                "Signed by %(user)s: %(debt)s covered, %(forgiven)s of surcharges forgiven; down payment of %(down)s "
                "due by %(date)s, then %(count)s instalments.",
                user=self.env.user.name,
                debt=format_amount(self.env, self.amount_debt, self.currency_id),
                forgiven=format_amount(self.env, self.amount_forgiven, self.currency_id),
                down=format_amount(self.env, self.amount_down_payment, self.currency_id),
                date=format_date(self.env, self.date_down_payment_due),
                count=self.instalment_count,
            )
        )
        self._water_check_down_payment()

    def _water_forgive(self):
        """Forgive the agreement's share of the covered surcharges (credit notes reconciled with them, through the
        surcharge forgiveness), so that the down payment is asked on the debt without them."""
        self.ensure_one()
        if self.amount_forgiven <= 0:
            return
        surcharges = self.debt_line_ids.move_id.filtered(
            lambda move: move.water_is_surcharge and move.amount_residual > 0
        )
        forgiveness = (
            self.env["water.surcharge.forgiveness"]
            .sudo()
            .with_context(**QUIET)
            .create(
                {
                    "contract_id": self.contract_id.id,
                    "company_id": self.company_id.id,
                    "percentage": self.forgiveness_pct,
                    "campaign_id": self.campaign_id.id,
                    "agreement_id": self.id,
                    "reason": _("Payment agreement %s", self.name),
                    "surcharge_ids": [Command.set(surcharges.ids)],
                }
            )
        )
        forgiveness.with_context(**{NO_CHECK: True})._water_refresh_surcharges()
        forgiveness.with_context(**{NO_CHECK: True})._water_apply()
        self.forgiveness_id = forgiveness
        self.amount_forgiven = forgiveness.amount

    # ------------------------------------------------------------------ the down payment and the activation
    def _water_covered_open(self):
        """{agreement id: (what its covered debts still owe, the account's credits not applied)} in one ledger read."""
        contracts = self.contract_id
        rows = contracts._water_ledger(future_instalments=True)
        result = {}
        for agreement in self:
            covered = set(agreement.debt_line_ids.ids)
            items = rows.get(agreement.contract_id.id, [])
            owed = sum((ledger.money(r["residual"]) for r in items if r["line_id"] in covered), ledger.ZERO)
            credit = -sum((ledger.money(r["residual"]) for r in items if r["residual"] < 0), ledger.ZERO)
            result[agreement.id] = (owed, credit)
        return result

    def _water_down_payment_left(self):
        """{agreement id: what is still to be paid of its down payment} (waiting agreements)."""
        figures = self._water_covered_open()
        result = {}
        for agreement in self:
            owed, credit = figures[agreement.id]
            financed = ledger.money(agreement.amount_financed)
            result[agreement.id] = max(owed - credit - financed, ledger.ZERO)
        return result

    def _water_check_down_payment(self):
        """Activate the waiting agreements whose down payment is paid (by the window, a file, online or the
        account's credits): what their covered debts still owe, less the account's credits, is the amount
        financed or less."""
        waiting = self.filtered(lambda agreement: agreement.state == "waiting")
        if not waiting:
            return waiting
        left = waiting._water_down_payment_left()
        ready = waiting.filtered(lambda agreement: left[agreement.id] <= 0)
        for agreement in ready:
            agreement._water_activate()
        return ready

    def _water_activate(self):
        """The down payment is paid: the account's credits pay the covered debts first, then one posted entry closes
        what they still owe against the agreement (reconciled, nothing deleted) and opens the instalments as
        receivables of the account with their due dates; interest goes to its income account."""
        self.ensure_one()
        env = self.env(context=dict(self.env.context, **QUIET, **{NO_CHECK: True}))
        agreement = self.with_env(env).sudo()
        company = agreement.company_id._water_agreement_setup()
        today = fields.Date.context_today(self)
        contract = agreement.contract_id
        Line = env["account.move.line"].sudo()
        # the account's credits first, by the payment policy
        rows = contract._water_ledger(future_instalments=True)[contract.id]
        covered = set(agreement.debt_line_ids.ids)
        items = [row["item"] for row in rows if row["line_id"] in covered or row["residual"] < 0]
        settlement = contract._water_settle(items, 0, company, allow_credit=True)
        if settlement.applications:
            Line._reconcile_plan(contract._water_reconcile_pairs(settlement.applications, None))
        open_lines = agreement.debt_line_ids.filtered(lambda line: not line.reconciled and line.amount_residual > 0)
        owed = sum((ledger.money(line.amount_residual) for line in open_lines), ledger.ZERO)
        if owed <= 0 or not agreement.instalment_count:
            agreement.write({"state": "done", "date_active": today, "date_done": today})
            agreement.message_post(body=_("Paid in full: the agreement is completed."))
            contract._water_collection_leave(_("Agreement %s paid.", agreement.name))
            return
        if owed != ledger.money(agreement.amount_financed):
            # paid more than the down payment: the same instalments over what is left
            agreement.amount_financed = float(owed)
            agreement._water_rewrite_schedule(owed)
        receivable = open_lines[0].account_id
        vals_lines = [
            {
                "name": self.env._("Agreement %(name)s: %(debt)s", name=agreement.name, debt=line.move_id.name),
                "account_id": line.account_id.id,
                "partner_id": line.partner_id.id,
                "credit": line.amount_residual,
                "debit": 0.0,
                "water_contract_id": contract.id,
                "water_agreement_id": agreement.id,
            }
            for line in open_lines
        ]
        count = len(agreement.line_ids)
        for instalment in agreement.line_ids.sorted("number"):
            vals_lines.append(
                {
                    "name": _(
                        "Instalment %(number)s of %(count)s, agreement %(name)s",
                        number=instalment.number,
                        count=count,
                        name=agreement.name,
                    ),
                    "account_id": receivable.id,
                    "partner_id": contract.partner_id.id,
                    "debit": instalment.amount,
                    "credit": 0.0,
                    "date_maturity": instalment.date_due,
                    "water_contract_id": contract.id,
                    "water_agreement_id": agreement.id,
                    "water_agreement_line_id": instalment.id,
                }
            )
        interest = sum(agreement.line_ids.mapped("interest"))
        if interest > 0:
            vals_lines.append(
                {
                    "name": _("Financing interest, agreement %s", agreement.name),
                    "account_id": company.water_agreement_interest_account_id.id,
                    "partner_id": contract.partner_id.id,
                    "credit": interest,
                    "debit": 0.0,
                }
            )
        move = agreement._water_post_entry(env, today, _("Payment agreement %s", agreement.name), vals_lines)
        # the lines are created in the order of their values: the first ones close the debts, one each
        closing = move.line_ids.sorted("id")[: len(open_lines)]
        replaced = agreement.parent_id.line_ids.filtered(lambda line: line.move_line_id in open_lines)
        Line._reconcile_plan([debt | line for debt, line in zip(open_lines, closing, strict=True)])
        replaced.write({"state": "cancelled"})
        for instalment in agreement.line_ids:
            instalment.move_line_id = move.line_ids.filtered(
                lambda line, i=instalment: line.water_agreement_line_id == i
            )
        agreement.write({"state": "active", "date_active": today, "move_id": move.id})
        if agreement.parent_id.state == "active":
            agreement.parent_id._water_end("restructured", _("Restructured by agreement %s.", agreement.name))
        agreement.message_post(
            body=_(
                "Down payment paid: agreement active. Entry %(move)s closes %(debt)s of debts and opens %(count)s "
                "instalments.",
                move=move.name,
                debt=format_amount(self.env, float(owed), agreement.currency_id),
                count=count,
            )
        )
        contract._water_collection_leave(_("Payment agreement %s active.", agreement.name))

    def _water_post_entry(self, env, day, ref, vals_lines):
        """Post one entry of the agreement in the company's agreements journal (its activation or its breach)."""
        company = self.company_id
        move = (
            env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": company.water_agreement_journal_id.id,
                    "company_id": company.id,
                    "date": day,
                    "ref": ref,
                    "water_contract_id": self.contract_id.id,
                    "water_agreement_id": self.id,
                    "line_ids": [Command.create(values) for values in vals_lines],
                }
            )
        )
        move.action_post()
        return move

    def _water_rewrite_schedule(self, financed):
        self.ensure_one()
        dates = self.line_ids.sorted("number").mapped("date_due")
        step = 2 if (self.frequency == "bill" and self.company_id.water_billing_frequency == "bimonthly") else 1
        schedule = agreement_utils.schedule(financed, dates, self.interest_rate * step, self.method)
        for line, instalment in zip(self.line_ids.sorted("number"), schedule, strict=True):
            line.write(
                {
                    "principal": float(instalment.principal),
                    "interest": float(instalment.interest),
                    "amount": float(instalment.amount),
                }
            )
        self.write(
            {
                "amount_interest": float(sum((i.interest for i in schedule), ledger.ZERO)),
                "amount_total": float(
                    ledger.money(self.amount_down_payment) + sum((i.amount for i in schedule), ledger.ZERO)
                ),
            }
        )

    # ------------------------------------------------------------------ completion, breach, cancellation
    def _water_check_completed(self):
        """Complete the active agreements whose instalments are all paid."""
        done = self.filtered(
            lambda agreement: (
                agreement.state == "active"
                and agreement.line_ids
                and all(line.move_line_id.reconciled for line in agreement.line_ids if line.state == "open")
            )
        )
        for agreement in done:
            agreement.sudo().write({"state": "done", "date_done": fields.Date.context_today(self)})
            agreement.message_post(body=_("Every instalment is paid: the agreement is completed."))
        return done

    def _water_breached(self, day=None):
        """The active agreements with an instalment still unpaid (the account's credits considered, by the one
        arrears definition) more than the policy's days of grace after its due date."""
        day = day or fields.Date.context_today(self)
        active = self.filtered(lambda agreement: agreement.state == "active")
        result = self.browse()
        for company in active.company_id:
            mine = active.filtered(lambda agreement, c=company: agreement.company_id == c)
            limit = day - timedelta(days=company.water_agreement_breach_days)
            arrears = mine.contract_id.with_company(company)._water_arrears(day, by_concept=False, due_before=limit)
            for agreement in mine:
                unpaid = set(arrears.get(agreement.contract_id.id, {}).get("open_line_ids", []))
                if unpaid & set(agreement.line_ids.move_line_id.ids):
                    result |= agreement
        return result

    def _water_break(self, reason, day=None):
        """Break the agreement: its open instalments are cancelled by one entry that gives what is still owed back to
        the account as one debt (the interest of the instalments not yet due is not owed), the forgiven surcharges
        come back when the policy says so, and the account returns to the collection process."""
        day = day or fields.Date.context_today(self)
        for agreement in self.sudo():
            if agreement.state != "active":
                raise UserError(_("Only an active agreement can be broken (%s).", agreement.name))
            agreement._water_close_instalments(day, _("Agreement %s broken: what is still owed", agreement.name))
            if agreement.company_id.water_agreement_restore_forgiveness:
                agreement._water_restore_forgiveness(day)
            agreement.with_context(**{NO_CHECK: True})._water_end("broken", reason, day)

    def _water_close_instalments(self, day, label):
        """One entry closing the agreement's open instalments: their principal, and the interest of those already
        due, back to the account as one debt due when the oldest of them fell due (a restructuring covers it)."""
        self.ensure_one()
        env = self.env(context=dict(self.env.context, **QUIET, **{NO_CHECK: True}))
        open_lines = self.line_ids.filtered(lambda line: line.move_line_id and not line.move_line_id.reconciled)
        open_lines = open_lines.filtered(lambda line: line.move_line_id.amount_residual > 0).sorted("number")
        if not open_lines:
            return env["account.move"]
        company = self.company_id._water_agreement_setup()
        vals_lines, owed, unearned = [], ledger.ZERO, ledger.ZERO
        for line in open_lines:
            residual = ledger.money(line.move_line_id.amount_residual)
            interest = min(ledger.money(line.interest), residual) if line.date_due > day else ledger.ZERO
            owed += residual - interest
            unearned += interest
            vals_lines.append(
                {
                    "name": _("%(label)s: instalment %(number)s", label=label, number=line.number),
                    "account_id": line.move_line_id.account_id.id,
                    "partner_id": line.move_line_id.partner_id.id,
                    "credit": float(residual),
                    "debit": 0.0,
                    "water_contract_id": self.contract_id.id,
                    "water_agreement_id": self.id,
                }
            )
        if owed > 0:
            vals_lines.append(
                {
                    "name": label,
                    "account_id": open_lines[0].move_line_id.account_id.id,
                    "partner_id": self.contract_id.partner_id.id,
                    "debit": float(owed),
                    "credit": 0.0,
                    "date_maturity": open_lines[0].date_due,
                    "water_contract_id": self.contract_id.id,
                    "water_agreement_id": self.id,
                }
            )
        if unearned > 0:
            vals_lines.append(
                {
                    "name": _("Interest not earned, agreement %s", self.name),
                    "account_id": company.water_agreement_interest_account_id.id,
                    "partner_id": self.contract_id.partner_id.id,
                    "debit": float(unearned),
                    "credit": 0.0,
                }
            )
        move = self._water_post_entry(env, day, label, vals_lines)
        credits = move.line_ids.sorted("id")[: len(open_lines)]
        env["account.move.line"].sudo()._reconcile_plan(
            [line.move_line_id | credit for line, credit in zip(open_lines, credits, strict=True)]
        )
        open_lines.write({"state": "cancelled"})
        self.breach_move_id = move
        return move

    def _water_restore_forgiveness(self, day):
        """Charge the account back the surcharges the agreement forgave: one posted surcharge, due at once."""
        self.ensure_one()
        if self.amount_forgiven <= 0 or self.restore_move_id:
            return
        env = self.env(context=dict(self.env.context, **QUIET, **{NO_CHECK: True}))
        Move = env["account.move"].sudo()
        product = Move._water_surcharge_product()
        note = self.forgiveness_id.credit_note_ids[:1]
        label = _("Surcharges forgiven by agreement %s charged back", self.name)
        move = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.contract_id.partner_id.id,
                "journal_id": note.journal_id.id if note else False,
                "company_id": self.company_id.id,
                "invoice_date": day,
                "invoice_date_due": day,
                "water_contract_id": self.contract_id.id,
                "water_is_surcharge": True,
                "water_agreement_id": self.id,
                "ref": label,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": label,
                            "quantity": 1,
                            "price_unit": self.amount_forgiven,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        self.restore_move_id = move

    def _water_end(self, state, reason, day=None):
        day = day or fields.Date.context_today(self)
        values = {"state": state, "end_reason": reason}
        values["date_broken" if state == "broken" else "date_cancelled" if state == "cancelled" else "date_done"] = day
        self.sudo().write(values)
        for agreement in self:
            agreement.message_post(body=Markup("%s<br/>%s") % (escape(dict(AGREEMENT_STATES)[state]), escape(reason)))

    def action_water_cancel(self, reason):
        """Cancel an agreement not active yet, with a reason: the surcharges it forgave come back."""
        self._check_officer()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why the agreement is cancelled."))
        for agreement in self:
            if agreement.state not in ("draft", "to_approve", "waiting"):
                raise UserError(
                    _("Agreement %s is active or closed: it is broken or restructured, not cancelled.", agreement.name)
                )
            if agreement.state == "waiting":
                agreement.sudo()._water_restore_forgiveness(fields.Date.context_today(self))
            agreement._water_end("cancelled", reason)
        return True

    def action_water_break(self, reason):
        """The officer breaks an active agreement by hand (e.g. the holder says he cannot pay)."""
        self._check_officer()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why the agreement is broken."))
        self._water_break(reason)
        return True

    def action_water_end_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.payment.agreement.end",
            "view_mode": "form",
            "target": "new",
            "name": _("Break agreement") if self.state == "active" else _("Cancel agreement"),
            "context": {"default_agreement_id": self.id},
        }

    # ------------------------------------------------------------------ restructuring
    def action_water_restructure(self):
        """A new draft agreement over what remains of this one (active or broken) and the account's other overdue
        debts, as many times as the policy allows."""
        self._check_officer()
        self.ensure_one()
        if self.state not in ("active", "broken"):
            raise UserError(_("Only an active or broken agreement can be restructured."))
        if self.restructure_count >= self.company_id.water_agreement_max_restructures:
            raise UserError(
                _(
                    "Agreement %(name)s was restructured %(count)s times: the policy allows %(max)s.",
                    name=self.name,
                    count=self.restructure_count,
                    max=self.company_id.water_agreement_max_restructures,
                )
            )
        draft = self.search([("parent_id", "=", self.id), ("state", "in", ("draft", *OPEN_STATES))], limit=1)
        if not draft:
            debts = self._water_default_debts(self.contract_id)
            own = (
                self.env["account.move.line"]
                .sudo()
                .search(
                    [
                        ("water_contract_id", "=", self.contract_id.id),
                        ("parent_state", "=", "posted"),
                        ("account_type", "=", "asset_receivable"),
                        ("amount_residual", ">", 0),
                        "|",
                        ("water_agreement_id", "=", self.id),
                        ("move_id", "=", self.restore_move_id.id),
                    ]
                )
            )
            draft = self.create(
                {
                    "contract_id": self.contract_id.id,
                    "company_id": self.company_id.id,
                    "parent_id": self.id,
                    "restructure_count": self.restructure_count + 1,
                    "channel": "office",
                    "instalment_count": self.instalment_count,
                    "frequency": self.frequency,
                    "interest_rate": self.interest_rate,
                    "method": self.method,
                    "forgiveness_pct": 0.0,
                    "forgiveness_source": "manual",
                    "debt_line_ids": [Command.set(sorted(set(debts) | set(own.ids)))],
                }
            )
            draft._water_write_plan()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": draft.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ the daily job
    @api.model
    def _water_daily_check(self, day=None):
        """Activate the agreements whose down payment came in, lapse those whose time to pay it is over, apply the
        accounts' credits to instalments due, complete the paid ones and break the ones behind past the grace
        days. In batches; running it twice changes nothing."""
        day = day or fields.Date.context_today(self)
        counts = dict.fromkeys(("active", "lapsed", "done", "broken"), 0)
        waiting = self.search([("state", "=", "waiting")], order="id")
        for start in range(0, len(waiting), CHECK_BATCH):
            batch = waiting[start : start + CHECK_BATCH]
            counts["active"] += len(batch._water_check_down_payment())
            lapsed = batch.filtered(
                lambda agreement: agreement.state == "waiting" and agreement.date_down_payment_due < day
            )
            for agreement in lapsed:
                agreement.sudo()._water_restore_forgiveness(day)
            lapsed._water_end("cancelled", _("The down payment was not paid in time."), day)
            counts["lapsed"] += len(lapsed)
        active = self.search([("state", "=", "active")], order="id")
        for start in range(0, len(active), CHECK_BATCH):
            batch = active[start : start + CHECK_BATCH]
            batch._water_apply_credits()
            counts["done"] += len(batch._water_check_completed())
            breached = batch.filtered(lambda agreement: agreement.state == "active")._water_breached(day)
            if breached:
                breached._water_break(_("An instalment is unpaid past the days of grace."), day)
            counts["broken"] += len(breached)
        _logger.info("Payment agreements checked on %s: %s", day, counts)
        return counts

    def _water_apply_credits(self):
        """The accounts' credits pay their instalments due for payment (a prepayment met the instalment's day)."""
        env = self.env(context=dict(self.env.context, **{NO_CHECK: True}))
        contracts = self.contract_id.with_env(env)
        rows = contracts._water_ledger()
        Line = env["account.move.line"].sudo()
        for contract in contracts:
            items = [row["item"] for row in rows[contract.id]]
            if not any(item.residual < 0 for item in items) or not any(item.residual > 0 for item in items):
                continue
            settlement = contract._water_settle(items, 0, contract.company_id, allow_credit=True)
            if settlement.applications:
                Line._reconcile_plan(contract._water_reconcile_pairs(settlement.applications, None))

    @api.model
    def _cron_water_agreements(self):
        return self._water_daily_check()

    # ------------------------------------------------------------------ what the account's process and pages read
    @api.model
    def _water_on_reconcile(self, contracts):
        """A payment, a credit note or a credit reached these accounts' items: the waiting agreements whose down
        payment is paid become active, the active ones paid in full are completed."""
        if self.env.context.get(NO_CHECK) or not contracts:
            return
        agreements = self.sudo().search([("contract_id", "in", contracts.ids), ("state", "in", ("waiting", "active"))])
        if agreements:
            agreements._water_check_down_payment()
            agreements.filtered(lambda agreement: agreement.state == "active")._water_check_completed()

    def _water_schedule_rows(self):
        """The schedule as the PDF and the portal print it: number, due date, principal, interest, amount, paid,
        owed, state."""
        self.ensure_one()
        return [
            {
                "number": line.number,
                "label": line.label,
                "date_due": line.date_due,
                "principal": line.principal,
                "interest": line.interest,
                "amount": line.amount,
                "residual": line.amount_residual,
                "state": line.state,
                "paid": line.state == "open" and line.amount_residual <= 0,
            }
            for line in self.line_ids.sorted("number")
        ]

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Agreement %s", self.name).replace("/", "-")

    def action_print(self):
        return self.env.ref("water_collections.action_report_water_payment_agreement").report_action(self)
