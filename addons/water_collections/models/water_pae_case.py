import logging

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from ..utils import pae as pae_utils

_logger = logging.getLogger(__name__)

PAE_STATES = [
    ("open", "Credit determined"),
    ("required", "Payment demanded"),
    ("mandate", "Enforcement ordered"),
    ("seizure", "Seizure"),
    ("closed", "Closed (paid)"),
    ("cancelled", "Cancelled"),
]
ACTIVE_STATES = ("open", "required", "mandate", "seizure")
# each step: (state it starts from, state it reaches, date field, executor field)
STEPS = {
    "required": ("open", "date_required", "required_by_id"),
    "mandate": ("required", "date_mandate", "mandate_by_id"),
    "seizure": ("mandate", "date_seizure", "seizure_by_id"),
}
CLOSE_BATCH = 5000  # accounts per ledger query of the daily check
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
OFFICER = "water_collections.group_water_collections_officer"
EXECUTOR = "water_collections.group_water_executor"


class WaterPaeCase(models.Model):
    _name = "water.pae.case"
    _description = "Administrative enforcement case (PAE)"
    _inherit = ["water.folio.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_opened desc, id desc"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Debtor")
    address = fields.Char(related="contract_id.address")
    sector_id = fields.Many2one(related="contract_id.sector_id", store=True)
    route_id = fields.Many2one(related="contract_id.route_id", store=True)
    stage_id = fields.Many2one("water.collection.stage", readonly=True)
    date_opened = fields.Date(
        string="Date of the determination", required=True, default=fields.Date.context_today, readonly=True
    )
    amount_debt = fields.Float(string="Debt when opened", digits="Account", readonly=True)
    state = fields.Selection(PAE_STATES, default="open", required=True, tracking=True, index=True, readonly=True)
    executor_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(EXECUTOR).id)],
        help="The executor (ejecutor) who serves the case's documents; he sees only the cases assigned to him.",
    )
    months_owed = fields.Integer(readonly=True)
    # the credit determined
    amount_principal = fields.Float(string="Debt (without surcharges)", digits="Account", readonly=True)
    amount_surcharges = fields.Float(string="Surcharges", digits="Account", readonly=True)
    amount_costs = fields.Float(string="Enforcement costs", digits="Account", readonly=True)
    amount_total = fields.Float(string="Credit determined", digits="Account", readonly=True)
    cost_rate = fields.Float(string="Costs rate (%)", digits=(5, 2), readonly=True)
    cost_minimum = fields.Float(string="Costs minimum", digits="Account", readonly=True)
    cost_move_id = fields.Many2one("account.move", string="Enforcement costs charge", readonly=True, copy=False)
    cost_refund_id = fields.Many2one("account.move", string="Costs credit note", readonly=True, copy=False)
    determined_by_id = fields.Many2one("res.users", string="Determined by", readonly=True)
    # the steps
    date_required = fields.Date(string="Demand for payment", readonly=True, copy=False)
    required_by_id = fields.Many2one("res.users", string="Demand served by", readonly=True, copy=False)
    date_mandate = fields.Date(string="Enforcement order", readonly=True, copy=False)
    mandate_by_id = fields.Many2one("res.users", string="Order served by", readonly=True, copy=False)
    date_seizure = fields.Date(string="Seizure", readonly=True, copy=False)
    seizure_by_id = fields.Many2one("res.users", string="Seizure by", readonly=True, copy=False)
    seizure_note = fields.Text(string="Goods seized", help="What was seized (bienes embargados) and where they are.")
    date_closed = fields.Date(readonly=True, copy=False)
    cancel_reason = fields.Text(readonly=True, copy=False)
    date_cancelled = fields.Date(readonly=True, copy=False)

    # ------------------------------------------------------------------ opening: the determination of the credit
    @api.model
    def _water_open(self, arrears, stage, day=None):
        """Put the accounts of ``arrears`` ({contract id: arrears}, as ``water.contract._water_arrears`` gives
        them) on the PAE list: one case each, unless it has an active one already. Opening determines the credit
        (the ledger's overdue debt, its surcharges, and the enforcement costs at the company's rate with its
        minimum) and charges the costs to the account (one posted invoice each, in one batch); returns the new
        cases."""
        day = day or fields.Date.context_today(self)
        active = self.search([("contract_id", "in", list(arrears)), ("state", "in", ACTIVE_STATES)])
        has_case = set(active.contract_id.ids)
        company = stage.company_id or self.env.company
        vals_list = []
        for contract_id, values in arrears.items():
            if contract_id in has_case or values["overdue"] <= 0:
                continue
            amounts = pae_utils.determination(
                values["overdue"], values.get("surcharges", 0.0), company.water_pae_cost_rate,
                company.water_pae_cost_minimum,
            )  # fmt: skip
            vals_list.append(
                {
                    "contract_id": contract_id,
                    "company_id": company.id,
                    "stage_id": stage.id,
                    "date_opened": day,
                    "amount_debt": values["overdue"],
                    "months_owed": values.get("months_owed", 0),
                    "amount_principal": float(amounts["principal"]),
                    "amount_surcharges": float(amounts["surcharges"]),
                    "amount_costs": float(amounts["costs"]),
                    "amount_total": float(amounts["total"]),
                    "cost_rate": company.water_pae_cost_rate,
                    "cost_minimum": company.water_pae_cost_minimum,
                    "determined_by_id": self.env.uid,
                }
            )
        cases = self.create(vals_list)
        cases._water_charge_costs()
        cases._message_log_batch(
            bodies={
                case.id: self.env._(
                    "Credit determined by %(user)s: debt %(debt)s, surcharges %(surcharges)s, enforcement costs "
                    "%(costs)s (charge %(charge)s); total %(total)s.",
                    user=self.env.user.name,
                    debt=format_amount(self.env, case.amount_principal, case.currency_id),
                    surcharges=format_amount(self.env, case.amount_surcharges, case.currency_id),
                    costs=format_amount(self.env, case.amount_costs, case.currency_id),
                    charge=case.cost_move_id.name or "-",
                    total=format_amount(self.env, case.amount_total, case.currency_id),
                )
                for case in cases
            }
        )
        return cases

    @api.model
    def _water_costs_product(self):
        product = self.env.ref("water_collections.product_water_pae_costs", raise_if_not_found=False)
        if not product:
            product = self.env["product.product"].search([("water_concept", "=", "enforcement")], limit=1)
        if not product:
            raise UserError(_("The enforcement costs product (concept Enforcement costs) is missing."))
        return product

    def _water_charge_costs(self):
        """Charge each case's enforcement costs to its account: one posted customer invoice carrying the account
        (its ledger shows it among the other charges), due at once; created and posted in one batch."""
        cases = self.filtered(lambda case: case.amount_costs > 0 and not case.cost_move_id)
        if not cases:
            return self.env["account.move"]
        env = self.env(context=dict(self.env.context, **QUIET))
        product = env["water.pae.case"]._water_costs_product()
        journals = {}
        vals_list = []
        for case in cases:
            company = case.company_id
            if company.id not in journals:
                journals[company.id] = env["account.journal"].search(
                    [("type", "=", "sale"), *env["account.journal"]._check_company_domain(company)], limit=1
                )
                if not journals[company.id]:
                    raise UserError(_("Company %s has no sales journal for the enforcement costs.", company.name))
            label = _(
                "Enforcement costs (gastos de ejecución) %(case)s: %(rate)s%% of %(debt)s, minimum %(minimum)s",
                case=case.name,
                rate=format(case.cost_rate, "g"),
                debt=format(case.amount_debt, ",.2f"),
                minimum=format(case.cost_minimum, ",.2f"),
            )
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": case.contract_id.partner_id.id,
                    "journal_id": journals[company.id].id,
                    "company_id": company.id,
                    "invoice_date": case.date_opened,
                    "invoice_date_due": case.date_opened,
                    "water_contract_id": case.contract_id.id,
                    "ref": _("Enforcement costs %(case)s", case=case.name),
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "name": label,
                                "quantity": 1,
                                "price_unit": case.amount_costs,
                                "tax_ids": [(6, 0, [])],
                            },
                        )
                    ],
                }
            )
        moves = env["account.move"].sudo().create(vals_list)
        moves.action_post()
        for case, move in zip(cases, moves, strict=True):
            case.cost_move_id = move
        return moves

    # ------------------------------------------------------------------ the steps
    def _water_check_step(self, step):
        start, _date_field, _user_field = STEPS[step]
        wrong = self.filtered(lambda case: case.state != start)
        if wrong:
            raise UserError(
                _(
                    "Case %(case)s is not at the step this one follows (%(state)s).",
                    case=wrong[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[start],
                )
            )
        if not self.env.user.has_group(OFFICER) and self.filtered(lambda case: case.executor_id != self.env.user):
            raise AccessError(_("An executor serves only the cases assigned to him or her."))
        missing = self.filtered(lambda case: not case.executor_id)
        if missing:
            raise UserError(_("Assign an executor to case %s first.", missing[0].name))
        if step == "seizure":
            empty = self.filtered(lambda case: not (case.seizure_note or "").strip())
            if empty:
                raise UserError(_("Write down what was seized in case %s first.", empty[0].name))

    def _water_step(self, step, day=None):
        self._water_check_step(step)
        day = day or fields.Date.context_today(self)
        _start, date_field, user_field = STEPS[step]
        labels = dict(self._fields["state"]._description_selection(self.env))
        for executor, cases in self.grouped("executor_id").items():
            cases.sudo().write({"state": step, date_field: day, user_field: executor.id})
        self._message_log_batch(
            bodies={
                case.id: self.env._(
                    "%(step)s on %(date)s by executor %(executor)s (recorded by %(user)s).",
                    step=labels[step],
                    date=fields.Date.to_string(day),
                    executor=case.executor_id.name,
                    user=self.env.user.name,
                )
                for case in self
            }
        )
        return True

    def action_require(self):
        """Requerimiento de pago: the executor demands the payment of the credit determined."""
        return self._water_step("required")

    def action_mandate(self):
        """Mandamiento de ejecución: the order to seize goods enough to cover the credit."""
        return self._water_step("mandate")

    def action_seize(self):
        """Embargo: the executor seized the goods written down in the case."""
        return self._water_step("seizure")

    # ------------------------------------------------------------------ cancelling and closing
    def action_cancel(self):
        self._water_check_officer()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.pae.cancel",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel PAE cases"),
            "context": {"default_case_ids": [(6, 0, self.ids)]},
        }

    def _water_check_officer(self):
        if not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only the collections officer cancels PAE cases."))

    def _water_cancel(self, reason):
        """Cancel the cases with ``reason``: the part of the enforcement costs still owed is reversed by a posted
        credit note reconciled with the charge (nothing is deleted); the chatter keeps who, when and why."""
        self._water_check_officer()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why the PAE case is cancelled."))
        done = self.filtered(lambda case: case.state not in ACTIVE_STATES)
        if done:
            raise UserError(_("Case %s is already closed or cancelled.", done[0].name))
        today = fields.Date.context_today(self)
        env = self.env(context=dict(self.env.context, **QUIET))
        Move = env["account.move"].sudo()
        product = self._water_costs_product()
        to_refund = self.filtered(
            lambda case: case.cost_move_id.state == "posted" and case.cost_move_id.amount_residual > 0
        )
        vals_list = [
            {
                "move_type": "out_refund",
                "partner_id": case.cost_move_id.partner_id.id,
                "journal_id": case.cost_move_id.journal_id.id,
                "company_id": case.company_id.id,
                "invoice_date": today,
                "reversed_entry_id": case.cost_move_id.id,
                "water_contract_id": case.contract_id.id,
                "ref": _("Cancellation of %(case)s: %(reason)s", case=case.name, reason=reason),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "name": _("Enforcement costs of %(case)s cancelled", case=case.name),
                            "quantity": 1,
                            "price_unit": case.cost_move_id.amount_residual,
                            "tax_ids": [(6, 0, [])],
                        },
                    )
                ],
            }
            for case in to_refund
        ]
        refunds = Move.create(vals_list)
        refunds.action_post()
        plan = [
            (case.cost_move_id.line_ids | refund.line_ids).filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            )
            for case, refund in zip(to_refund, refunds, strict=True)
        ]
        env["account.move.line"].sudo()._reconcile_plan(plan)
        for case, refund in zip(to_refund, refunds, strict=True):
            case.cost_refund_id = refund
        self.sudo().write({"state": "cancelled", "cancel_reason": reason, "date_cancelled": today})
        self._message_log_batch(
            bodies={
                case.id: self.env._(
                    "Cancelled by %(user)s: %(reason)s%(refund)s",
                    user=self.env.user.name,
                    reason=escape(reason),
                    refund=self.env._(" (enforcement costs reversed by %s)", case.cost_refund_id.name)
                    if case.cost_refund_id
                    else "",
                )
                for case in self
            }
        )
        return refunds

    @api.model
    def _cron_water_pae_close(self, day=None, batch_size=CLOSE_BATCH):
        """Daily check: close the active cases whose account owes nothing overdue any more and has paid the
        enforcement costs, from the ledger (``_water_arrears``), accounts in batches; returns the cases closed."""
        day = day or fields.Date.context_today(self)
        cases = self.sudo().search([("state", "in", ACTIVE_STATES)])
        closed = self.browse()
        contract_ids = cases.contract_id.ids
        for start in range(0, len(contract_ids), batch_size):
            batch = self.env["water.contract"].sudo().browse(contract_ids[start : start + batch_size])
            in_arrears = batch._water_arrears(day=day, by_concept=False)
            closed |= cases.filtered(
                lambda case, batch=batch, owing=in_arrears: (
                    case.contract_id in batch
                    and case.contract_id.id not in owing
                    and not (case.cost_move_id and case.cost_move_id.amount_residual > 0)
                )
            )
        if closed:
            closed.write({"state": "closed", "date_closed": day})
            closed._message_log_batch(
                bodies={
                    case.id: self.env._(
                        "Closed on %s: the account owes nothing overdue and the enforcement costs are paid.",
                        fields.Date.to_string(day),
                    )
                    for case in closed
                }
            )
            _logger.info("PAE: %s cases closed, their accounts paid", len(closed))
        return closed

    # ------------------------------------------------------------------ documents
    def _water_legal_text(self, document):
        """The legal basis printed on ``document`` (determination, requirement, mandate, seizure)."""
        self.ensure_one()
        company = self.company_id
        text = company[f"water_pae_legal_{document}"] or ""
        if not text and document == "determination" and self.stage_id.legal_text:
            return self.stage_id.legal_text
        return Markup("<br/>").join(escape(line) for line in text.splitlines())

    def action_print_document(self):
        """The document of the case's current step."""
        self.ensure_one()
        report = {
            "open": "action_report_pae_determination",
            "required": "action_report_pae_requirement",
            "mandate": "action_report_pae_mandate",
        }.get(self.state, "action_report_pae_seizure")
        return self.env.ref(f"water_collections.{report}").report_action(self)

    def action_export_xlsx(self):
        return self.env.ref("water_collections.action_report_pae_case_xlsx").report_action(self)
