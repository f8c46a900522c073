from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

LOT_STATES = [
    ("draft", "Draft"),
    ("field", "In field"),
    ("captured", "Captured"),
    ("validated", "Validated"),
    ("billed", "Billed"),
]
CREATE_BATCH = 5000
READER_WRITABLE = {"state", "date_captured"}  # what a reader's "capture finished" writes


class WaterReadingLot(models.Model):
    _name = "water.reading.lot"
    _description = "Reading lot (guía de lectura) of a route in a period"
    _inherit = ["mail.thread"]
    _order = "period_id desc, sector_id, route_id"

    name = fields.Char(compute="_compute_name", store=True)
    period_id = fields.Many2one("water.billing.period", required=True, index=True, ondelete="restrict")
    route_id = fields.Many2one("water.route", required=True, index=True, ondelete="restrict")
    sector_id = fields.Many2one(related="route_id.sector_id", store=True, index=True, precompute=True)
    company_id = fields.Many2one(related="period_id.company_id", store=True, precompute=True)
    reader_id = fields.Many2one(
        "hr.employee", string="Meter reader", tracking=True, domain="[('water_role', '=', 'reader')]"
    )
    reader_user_id = fields.Many2one(related="reader_id.user_id", store=True, string="Reader's user")
    state = fields.Selection(LOT_STATES, default="draft", required=True, tracking=True, index=True)
    reading_ids = fields.One2many("water.reading", "lot_id", string="Readings")
    reading_count = fields.Integer(string="Accounts to read", compute="_compute_counts")
    captured_count = fields.Integer(string="Captured", compute="_compute_counts")
    review_count = fields.Integer(string="To review", compute="_compute_counts")
    valid_count = fields.Integer(string="Valid", compute="_compute_counts")
    date_sent = fields.Datetime(string="Sent to field", readonly=True)
    date_captured = fields.Datetime(string="Capture finished on", readonly=True)
    date_validated = fields.Datetime(string="Validated on", readonly=True)

    _sql_constraints = [
        ("period_route_uniq", "unique(period_id, route_id)", "The route already has a reading lot in that period."),
    ]

    @api.depends("period_id.name", "route_id")
    def _compute_name(self):
        for lot in self:
            lot.name = f"{lot.period_id.name or ''} {lot.route_id.display_name or ''}".strip()

    @api.depends("reading_ids.state")
    def _compute_counts(self):
        groups = self.env["water.reading"]._read_group([("lot_id", "in", self.ids)], ["lot_id", "state"], ["__count"])
        counts = {}
        for lot, state, count in groups:
            counts.setdefault(lot.id, {})[state] = count
        for lot in self:
            by_state = counts.get(lot.id, {})
            lot.reading_count = sum(by_state.values())
            lot.captured_count = lot.reading_count - by_state.get("pending", 0)
            lot.review_count = by_state.get("to_review", 0)
            lot.valid_count = by_state.get("valid", 0) + by_state.get("billed", 0)

    # ------------------------------------------------------------------ generation
    @api.model
    def _generate(self, period, routes):
        """A lot per route without one in the period, with a reading per active metered account in route order."""
        existing = self.search([("period_id", "=", period.id), ("route_id", "in", routes.ids)]).route_id
        routes = routes - existing
        if not routes:
            return self
        contract_ids = self.env["water.contract"]._search(
            [("route_id", "in", routes.ids), ("state", "=", "active"), ("is_metered", "=", True)],
            order="route_id, route_sequence, id",
        )
        lots = self.create(
            [{"period_id": period.id, "route_id": route.id, "reader_id": route.reader_id.id} for route in routes]
        )
        lot_by_route = {lot.route_id.id: lot.id for lot in lots}
        Reading = self.env["water.reading"]
        contract_ids = list(contract_ids)
        for start in range(0, len(contract_ids), CREATE_BATCH):
            chunk = (
                self.env["water.contract"]
                .browse(contract_ids[start : start + CREATE_BATCH])
                .read(["route_id", "service_point_id", "meter_id", "route_sequence"], load=None)
            )
            history = Reading._history_for([c["id"] for c in chunk], period)
            Reading.create([Reading._generation_values(c, lot_by_route[c["route_id"]], history) for c in chunk])
            self.env.flush_all()
            self.env.invalidate_all()
        return lots

    def write(self, vals):
        if not set(vals) <= READER_WRITABLE and not self.env.su:
            self._check_supervisor()
        return super().write(vals)

    # ------------------------------------------------------------------ workflow
    def _check_state(self, *states):
        for lot in self:
            if lot.state not in states:
                raise UserError(_("Lot %s is not at the right step for this action.", lot.name))

    def _check_supervisor(self):
        if not self.env.user.has_group("water_billing.group_water_reading_supervisor"):
            raise AccessError(_("Only the reading supervisor does this."))

    def action_send_to_field(self):
        self._check_supervisor()
        self._check_state("draft")
        for lot in self:
            if not lot.reader_id:
                raise UserError(_("Assign the meter reader of lot %s first.", lot.name))
        self.write({"state": "field", "date_sent": fields.Datetime.now()})

    def action_mark_captured(self):
        self._check_state("field")
        missing = self.env["water.reading"].search_count([("lot_id", "in", self.ids), ("state", "=", "pending")])
        if missing:
            raise UserError(
                _("%s readings have neither a reading nor an observation code: capture them first.", missing)
            )
        self.write({"state": "captured", "date_captured": fields.Datetime.now()})

    def action_validate(self):
        """Validate every reading; the lot is validated once nothing waits for the supervisor."""
        self._check_supervisor()
        self._check_state("field", "captured")
        readings = self.env["water.reading"].search(
            [("lot_id", "in", self.ids), ("state", "in", ("captured", "pending"))]
        )
        readings._validate()
        self._close_if_reviewed()
        return True

    def _close_if_reviewed(self):
        waiting = {
            lot.id
            for lot, _count in self.env["water.reading"]._read_group(
                [("lot_id", "in", self.ids), ("state", "in", ("pending", "captured", "to_review"))],
                ["lot_id"],
                ["__count"],
            )
        }
        done = self.filtered(lambda lot: lot.id not in waiting and lot.state in ("field", "captured"))
        done.write({"state": "validated", "date_validated": fields.Datetime.now()})
        (self - done).filtered(lambda lot: lot.state == "field").write(
            {"state": "captured", "date_captured": fields.Datetime.now()}
        )

    def action_open_capture(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_billing.action_water_reading_capture")
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"default_lot_id": self.id}
        action["display_name"] = _("Capture %s", self.name)
        return action

    def action_open_mobile(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_billing.action_water_reading_field")
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"water_capture_channel": "mobile"}
        action["display_name"] = self.route_id.display_name
        return action

    def action_open_review(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("water_billing.action_water_reading_review")
        action["domain"] = [("lot_id", "in", self.ids), ("state", "=", "to_review")]
        return action
