from odoo import api, fields, models


class WaterBillingCalendar(models.Model):
    _name = "water.billing.calendar"
    _description = "Billing calendar of a sector in a period"
    _order = "reading_date_start, sector_id"
    _rec_name = "sector_id"

    period_id = fields.Many2one("water.billing.period", required=True, ondelete="cascade", index=True)
    sector_id = fields.Many2one("water.sector", required=True, ondelete="restrict")
    company_id = fields.Many2one(related="period_id.company_id", store=True)
    reading_date_start = fields.Date(string="Readings from", required=True)
    reading_date_end = fields.Date(string="Readings until", required=True)
    billing_date = fields.Date(required=True)
    due_date = fields.Date(required=True)
    progress = fields.Selection(
        [
            ("planned", "Planned"),
            ("reading", "Reading"),
            ("validated", "Readings validated"),
            ("billed", "Billed"),
        ],
        compute="_compute_progress",
    )
    is_late = fields.Boolean(string="Behind schedule", compute="_compute_progress", search="_search_is_late")

    _sql_constraints = [
        ("period_sector_uniq", "unique(period_id, sector_id)", "The sector already has a calendar in that period."),
        ("reading_order", "CHECK(reading_date_end >= reading_date_start)", "Readings must end after they start."),
        ("due_after_billing", "CHECK(due_date >= billing_date)", "The due date must come after the billing date."),
    ]

    @api.depends("period_id", "sector_id")
    def _compute_progress(self):
        groups = self.env["water.reading.lot"]._read_group(
            [("period_id", "in", self.period_id.ids), ("sector_id", "in", self.sector_id.ids)],
            ["period_id", "sector_id", "state"],
            ["__count"],
        )
        states = {}
        for period, sector, state, _count in groups:
            states.setdefault((period.id, sector.id), set()).add(state)
        today = fields.Date.context_today(self)
        for line in self:
            lot_states = states.get((line.period_id.id, line.sector_id.id), set())
            if not lot_states:
                line.progress = "planned"
            elif lot_states == {"billed"}:
                line.progress = "billed"
            elif lot_states <= {"validated", "billed"}:
                line.progress = "validated"
            else:
                line.progress = "reading"
            line.is_late = (line.progress in ("planned", "reading") and line.reading_date_end < today) or (
                line.progress != "billed" and line.billing_date < today
            )

    def _search_is_late(self, operator, value):
        today = fields.Date.context_today(self)
        candidates = self.search(["|", ("reading_date_end", "<", today), ("billing_date", "<", today)])
        late = candidates.filtered("is_late")
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", late.ids)]
