from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.water_billing.models.water_reading import ANOMALIES, BASES, READING_STATES

CHANNELS = [
    ("list", "Office capture"),
    ("mobile", "Field (phone)"),
    ("import", "Handheld file"),
    ("portal", "Citizen self-reading"),
]


class WaterReportReading(models.Model):
    """One row per reading of a reading lot, with the route, sector and class of its account.

    Billing's own reports count the captures per reader and week and the observations per code;
    this fact adds what they lack: the anomalies the validation found, the measured / estimated /
    minimum share, the consumption, by sector, route and class.
    """

    _name = "water.report.reading"
    _description = "Readings report"
    _inherit = ["water.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "contract_id"
    _water_report_date_field = "date"
    _depends = {
        "water.reading": [
            "lot_id",
            "period_id",
            "company_id",
            "reader_id",
            "captured_by_id",
            "contract_id",
            "observation_id",
            "capture_date",
            "state",
            "basis",
            "anomaly",
            "capture_channel",
            "consumption",
        ],
        "water.reading.lot": ["route_id", "sector_id"],
        "water.contract": ["service_class_id"],
    }
    _water_report_columns = [
        "date",
        "week_start",
        "period_id",
        "lot_id",
        "sector_id",
        "route_id",
        "reader_id",
        "captured_by_id",
        "contract_id",
        "service_class_id",
        "observation_id",
        "state",
        "basis",
        "anomaly",
        "capture_channel",
        "consumption",
    ]

    reading_id = fields.Many2one("water.reading", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(string="Capture date", readonly=True, help="Day of capture; the period's end if not captured.")
    week_start = fields.Date(string="Week of", readonly=True, help="Monday of the week of capture.")
    capture_date = fields.Datetime(readonly=True)
    period_id = fields.Many2one("water.billing.period", readonly=True)
    lot_id = fields.Many2one("water.reading.lot", string="Reading lot", readonly=True)
    route_id = fields.Many2one("water.route", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    reader_id = fields.Many2one("hr.employee", string="Route reader", readonly=True)
    captured_by_id = fields.Many2one("res.users", string="Captured by", readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    observation_id = fields.Many2one("water.observation.code", readonly=True)
    state = fields.Selection(READING_STATES, readonly=True)
    basis = fields.Selection(BASES, string="Billed as", readonly=True)
    anomaly = fields.Selection(ANOMALIES, readonly=True)
    capture_channel = fields.Selection(CHANNELS, readonly=True)
    consumption = fields.Float(string="Consumption (m³)", digits=(12, 2), readonly=True, aggregator="sum")
    avg_consumption = fields.Float(string="Average consumption (m³)", digits=(12, 2), readonly=True, aggregator="avg")
    captured_count = fields.Integer(string="Captured", readonly=True, aggregator="sum")
    measured_count = fields.Integer(string="Measured", readonly=True, aggregator="sum")
    estimated_count = fields.Integer(string="Estimated", readonly=True, aggregator="sum")
    minimum_count = fields.Integer(string="Minimum", readonly=True, aggregator="sum")
    anomaly_count = fields.Integer(string="With anomaly", readonly=True, aggregator="sum")
    observation_count = fields.Integer(string="With observation", readonly=True, aggregator="sum")
    measured_pct = fields.Float(
        string="Measured %",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="Share of the decided readings (valid or billed) billed by what the meter measured.",
    )
    estimated_pct = fields.Float(string="Estimated %", digits=(5, 1), readonly=True, aggregator="avg")
    anomaly_pct = fields.Float(
        string="Anomaly %",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="Share of the captured readings that the validation sent to review.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def _query(self):
        # the percentages are averaged by the pivot: each decided (or captured) reading weighs 100 or 0,
        # the others are NULL and do not count in the average
        return SQL(
            """
            SELECT r.id, r.id AS reading_id, r.company_id, r.period_id, r.lot_id, l.route_id, l.sector_id,
                   r.reader_id, r.captured_by_id, r.contract_id, c.service_class_id, r.observation_id,
                   r.capture_date,
                   COALESCE((r.capture_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date, p.date_end) AS date,
                   date_trunc('week', COALESCE((r.capture_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                                               p.date_end))::date AS week_start,
                   r.state, r.basis, r.anomaly, r.capture_channel,
                   r.consumption,
                   CASE WHEN r.state IN ('valid', 'billed') THEN r.consumption END AS avg_consumption,
                   (r.capture_date IS NOT NULL)::int AS captured_count,
                   (r.state IN ('valid', 'billed') AND r.basis = 'measured')::int AS measured_count,
                   (r.state IN ('valid', 'billed') AND r.basis = 'estimated')::int AS estimated_count,
                   (r.state IN ('valid', 'billed') AND r.basis = 'minimum')::int AS minimum_count,
                   (r.anomaly IS NOT NULL)::int AS anomaly_count,
                   (r.observation_id IS NOT NULL)::int AS observation_count,
                   CASE WHEN r.state IN ('valid', 'billed')
                        THEN CASE WHEN r.basis = 'measured' THEN 100.0 ELSE 0.0 END END AS measured_pct,
                   CASE WHEN r.state IN ('valid', 'billed')
                        THEN CASE WHEN r.basis = 'estimated' THEN 100.0 ELSE 0.0 END END AS estimated_pct,
                   CASE WHEN r.capture_date IS NOT NULL OR r.anomaly IS NOT NULL
                        THEN CASE WHEN r.anomaly IS NOT NULL THEN 100.0 ELSE 0.0 END END AS anomaly_pct
              FROM water_reading r
              JOIN water_reading_lot l ON l.id = r.lot_id
              JOIN water_billing_period p ON p.id = r.period_id
              JOIN water_contract c ON c.id = r.contract_id
            """,
            tz=self._water_tz(),
        )

    def _water_tz(self):
        return self.env.company.partner_id.tz or "America/Mexico_City"
