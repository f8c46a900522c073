from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..utils import anomaly

_lt = LazyTranslate(__name__)

KINDS = [
    (anomaly.LEAK, "Leak"),
    (anomaly.METER, "Stopped or tampered meter"),
    (anomaly.ILLEGAL, "Illegal connection"),
    (anomaly.OTHER, "Other"),
]
STATES = [
    ("new", "New"),
    ("inspection", "Inspection ordered"),
    ("leak", "Confirmed leak"),
    ("tampering", "Confirmed tampering"),
    ("nothing", "Nothing found"),
    ("carried", "Carried to a later scoring"),
]
OUTCOMES = ("leak", "tampering", "nothing")
# each reason code of utils/anomaly.py as a sentence; its parameters fill it
REASON_TEXTS = {
    "above": _lt(
        "Used %(consumption)s m³ a period in the last %(periods)s periods against %(expected)s m³ expected "
        "(same period last year and recent median): score %(score)s."
    ),
    "below": _lt(
        "Used %(consumption)s m³ a period in the last %(periods)s periods against %(expected)s m³ expected "
        "(same period last year and recent median): score %(score)s."
    ),
    "zero_run": _lt("%(periods)s periods in a row at zero on an occupied property that used to use %(usual)s m³."),
    "flat_run": _lt("%(periods)s periods in a row with exactly %(consumption)s m³: the figure does not move."),
    "rise": _lt("Steady rise over the last %(periods)s periods: %(slope)s m³ more each period (score %(score)s)."),
    "drop_after_change": _lt(
        "Consumption fell from %(before)s m³ to %(after)s m³ a period after the meter change in %(period)s."
    ),
    "used_while_cut": _lt("The account is cut but the meter measured up to %(consumption)s m³ in %(periods)s periods."),
    "neighbours": _lt(
        "%(count)s neighbours in a row on the route (positions %(first)s to %(last)s) fell below half their "
        "usual consumption together."
    ),
    "route_moved": _lt("The whole route moved (its median account at %(factor)s × its usual): judged against it."),
    "previous_outcome": _lt("Flagged by an earlier scoring and inspected on %(date)s: %(outcome)s."),
}


class WaterAnomalyCase(models.Model):
    """An account an inspector should visit: its kind, score, rank in its run and why it was flagged.

    The reasons are stored as codes with their parameters (``reason_data``) and shown in the user's language."""

    _name = "water.anomaly.case"
    _description = "Loss or anomaly case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "run_id desc, rank, id"
    _rec_name = "contract_id"

    run_id = fields.Many2one("water.anomaly.run", required=True, index=True, ondelete="cascade", readonly=True)
    run_date = fields.Date(related="run_id.date", store=True, string="Scored on")
    run_latest = fields.Boolean(related="run_id.is_latest", string="Latest run")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    service_point_id = fields.Many2one(related="contract_id.service_point_id")
    address = fields.Char(related="contract_id.address")
    contract_state = fields.Selection(related="contract_id.state", string="Account state")
    meter_id = fields.Many2one(related="contract_id.meter_id")
    route_id = fields.Many2one("water.route", readonly=True, index=True)
    route_sequence = fields.Integer(related="contract_id.route_sequence", string="Pos.")
    sector_id = fields.Many2one(related="route_id.sector_id", store=True, string="Sector")
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    kind = fields.Selection(KINDS, required=True, readonly=True, index=True)
    score = fields.Float(digits=(12, 2), readonly=True, aggregator="max")
    rank = fields.Integer(readonly=True, aggregator=None, help="Position in the run's list, highest score first.")
    reason_data = fields.Json(readonly=True)
    reasons = fields.Text(compute="_compute_reasons", string="Why")
    expected_volume = fields.Float(string="Expected (m³)", digits=(12, 2), readonly=True, aggregator=None)
    last_volume = fields.Float(string="Last (m³)", digits=(12, 2), readonly=True, aggregator=None)
    cluster = fields.Char(readonly=True, help="Neighbours flagged together: the route and the first position.")
    state = fields.Selection(STATES, default="new", required=True, tracking=True, index=True)
    is_open = fields.Boolean(compute="_compute_is_open", store=True)
    is_confirmed = fields.Boolean(compute="_compute_is_open", store=True, string="Confirmed")
    work_order_id = fields.Many2one("water.work.order", string="Inspection order", readonly=True)
    cut_order_id = fields.Many2one("water.cut.order", string="Inspection (cut account)", readonly=True)
    inspector_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    date_inspected = fields.Date(readonly=True)
    outcome_note = fields.Text(string="Inspector's note", tracking=True)
    previous_case_id = fields.Many2one(
        "water.anomaly.case",
        string="Earlier case",
        readonly=True,
        index="btree_not_null",
        help="The account's case of an earlier scoring: an open one is carried into this one with its inspection.",
    )
    reading_ids = fields.Many2many(
        "water.reading", "water_anomaly_case_reading_rel", "case_id", "reading_id", string="Readings", readonly=True
    )

    @api.depends("reason_data")
    @api.depends_context("lang")
    def _compute_reasons(self):
        for case in self:
            case.reasons = "\n".join(self._reason_text(reason) for reason in case.reason_data or [])

    @api.model
    def _reason_text(self, reason):
        template = REASON_TEXTS.get(reason.get("code"))
        if template is None:
            return reason.get("code") or ""
        params = {key: value for key, value in reason.items() if key != "code"}
        if "outcome" in params:
            params["outcome"] = dict(self._fields["state"]._description_selection(self.env)).get(params["outcome"], "")
        if "date" in params:
            params["date"] = fields.Date.to_date(params["date"]).strftime("%d/%m/%Y")
        if "period" in params:
            params["period"] = self._period_label(params["period"])
        return self.env._(template) % params

    def _period_label(self, position):
        periods = self.run_id.period_ids.sorted("date_start")
        return periods[position].name if 0 <= position < len(periods) else str(position)

    @api.depends("state")
    def _compute_is_open(self):
        for case in self:
            case.is_open = case.state in ("new", "inspection")
            case.is_confirmed = case.state in ("leak", "tampering")

    # ------------------------------------------------------------------ inspection
    def action_order_inspection(self):
        """An inspection order per case: a cut order of type inspection for a cut account (the collections'
        check of a self-reconnection) when the user may issue one, a field work order otherwise."""
        cases = self.filtered(lambda case: case.state == "new")
        if not cases:
            raise UserError(self.env._("Only new cases can be sent to inspection."))
        CutOrder = self.env["water.cut.order"]
        may_cut = CutOrder.has_access("create")
        cut_cases = cases.filtered(lambda case: case.contract_id.state == "cut") if may_cut else cases.browse()
        if cut_cases:
            orders = CutOrder._water_make(cut_cases.contract_id, order_type="inspection", origin="inspection")
            by_contract = {order.contract_id.id: order for order in orders}
            for case in cut_cases:
                case.cut_order_id = by_contract.get(case.contract_id.id)
        others = cases - cut_cases
        if others:
            inspector = self.env["hr.employee"].search([("water_role", "=", "inspector")], order="id", limit=1)
            orders = self.env["water.work.order"].create(
                [
                    {
                        "order_type": "inspection",
                        "contract_id": case.contract_id.id,
                        "service_point_id": case.contract_id.service_point_id.id,
                        "company_id": case.company_id.id,
                        "employee_id": inspector.id,
                        "note": self.env._("Loss and anomaly case (%(kind)s):", kind=case._kind_label())
                        + "\n"
                        + case.reasons,
                    }
                    for case in others
                ]
            )
            for case, order in zip(others, orders, strict=True):
                case.work_order_id = order
        cases.state = "inspection"
        return True

    def _kind_label(self):
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def _record_outcome(self, outcome):
        if self.filtered(lambda case: case.state not in ("new", "inspection")):
            raise UserError(self.env._("The outcome of this case is already recorded."))
        if self.filtered(lambda case: not (case.outcome_note or "").strip()):
            raise UserError(self.env._("Write what the inspector found in the note first."))
        self.write({"state": outcome, "inspector_id": self.env.uid, "date_inspected": fields.Date.context_today(self)})
        return True

    def action_confirm_leak(self):
        return self._record_outcome("leak")

    def action_confirm_tampering(self):
        return self._record_outcome("tampering")

    def action_nothing_found(self):
        return self._record_outcome("nothing")

    def action_reopen(self):
        self.write({"state": "inspection" if self.work_order_id or self.cut_order_id else "new"})
        return True

    def action_view_readings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Readings of %s", self.contract_id.display_name),
            "res_model": "water.reading",
            "view_mode": "list,form",
            "domain": [("contract_id", "=", self.contract_id.id), ("period_id", "in", self.run_id.period_ids.ids)],
            "context": {"create": False},
        }
