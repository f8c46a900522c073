from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class WaterBillingPeriod(models.Model):
    _name = "water.billing.period"
    _description = "Billing period"
    _order = "date_start desc"

    name = fields.Char(compute="_compute_name", store=True)
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    frequency = fields.Selection(
        [("monthly", "Monthly"), ("bimonthly", "Bimonthly")],
        required=True,
        default=lambda self: self.env.company.water_billing_frequency,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    calendar_ids = fields.One2many("water.billing.calendar", "period_id", string="Sector calendar")
    lot_ids = fields.One2many("water.reading.lot", "period_id", string="Reading lots")
    lot_count = fields.Integer(compute="_compute_lot_count")

    _sql_constraints = [
        ("start_company_uniq", "unique(date_start, company_id)", "A period already starts on that date."),
        ("dates_order", "CHECK(date_end >= date_start)", "The period must end after it starts."),
    ]

    @api.depends("date_start", "date_end", "frequency")
    def _compute_name(self):
        for period in self:
            if not period.date_start:
                period.name = False
            elif period.frequency == "bimonthly" and period.date_end:
                period.name = f"{period.date_start:%Y-%m}/{period.date_end:%m}"
            else:
                period.name = f"{period.date_start:%Y-%m}"

    def _compute_lot_count(self):
        counts = dict(
            self.env["water.reading.lot"]._read_group([("period_id", "in", self.ids)], ["period_id"], ["__count"])
        )
        for period in self:
            period.lot_count = counts.get(period, 0)

    @api.constrains("date_start", "date_end", "company_id")
    def _check_overlap(self):
        for period in self:
            overlapping = self.search_count(
                [
                    ("id", "!=", period.id),
                    ("company_id", "=", period.company_id.id),
                    ("date_start", "<=", period.date_end),
                    ("date_end", ">=", period.date_start),
                ]
            )
            if overlapping:
                raise ValidationError(_("Period %s overlaps another period.", period.name))

    @api.model
    def generate_year(self, year, frequency=None, company=None):
        """Periods of a year and their calendar for every active sector (existing ones are kept)."""
        company = company or self.env.company
        frequency = frequency or company.water_billing_frequency
        months = 2 if frequency == "bimonthly" else 1
        existing = set(self.search([("company_id", "=", company.id)]).mapped("date_start"))
        start = fields.Date.to_date(f"{year}-01-01")
        vals_list = []
        while start.year == year:
            end = start + relativedelta(months=months, days=-1)
            if start not in existing:
                vals_list.append(
                    {"date_start": start, "date_end": end, "frequency": frequency, "company_id": company.id}
                )
            start += relativedelta(months=months)
        periods = self.create(vals_list)
        periods._generate_calendar()
        return periods

    def _generate_calendar(self):
        """One line per active sector; sectors read in turns within the last week of the period."""
        sectors = self.env["water.sector"].search([], order="code")
        Calendar = self.env["water.billing.calendar"]
        done = {(c.period_id.id, c.sector_id.id) for c in Calendar.search([("period_id", "in", self.ids)])}
        vals_list = []
        for period in self:
            for index, sector in enumerate(sectors.filtered(lambda s, p=period: s.company_id == p.company_id)):
                if (period.id, sector.id) in done:
                    continue
                reading_start = period.date_end + relativedelta(days=-6 + 2 * (index % 3))
                reading_end = reading_start + relativedelta(days=2)
                billing = reading_end + relativedelta(days=3)
                vals_list.append(
                    {
                        "period_id": period.id,
                        "sector_id": sector.id,
                        "reading_date_start": reading_start,
                        "reading_date_end": reading_end,
                        "billing_date": billing,
                        "due_date": billing + relativedelta(days=20),
                    }
                )
        return Calendar.create(vals_list)

    def action_generate_lots(self):
        """Reading lots of every route of the sectors in this period's calendar."""
        self.ensure_one()
        if not self.calendar_ids:
            raise UserError(_("Period %s has no sector calendar yet.", self.name))
        routes = self.env["water.route"].search([("sector_id", "in", self.calendar_ids.sector_id.ids)])
        lots = self.env["water.reading.lot"]._generate(self, routes)
        return self.action_view_lots() if lots else True

    def action_view_lots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_billing.action_water_reading_lot")
        action["domain"] = [("period_id", "=", self.id)]
        return action
