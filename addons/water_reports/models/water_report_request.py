from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.water_registry.models.water_request import CHANNELS

STATES = [
    ("new", "New"),
    ("in_progress", "In progress"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class WaterReportRequest(models.Model):
    """Complaints and requests: type, channel, assignee and area, days to answer, overdue, answered on time.

    A request is answered on time when its answer date is on or before its deadline; it is overdue while
    unanswered (new or in progress) after its deadline, as in the registry's own overdue filter.
    """

    _name = "water.report.request"
    _description = "Complaints and requests report"
    _inherit = ["water.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "name"
    _water_report_date_field = "day"
    _depends = {
        "water.request": [
            "name",
            "date",
            "request_type_id",
            "is_complaint",
            "channel",
            "state",
            "user_id",
            "partner_id",
            "contract_id",
            "company_id",
            "deadline",
            "date_answered",
        ],
    }
    _water_report_columns = [
        "day",
        "name",
        "request_type_id",
        "is_complaint",
        "channel",
        "state",
        "user_id",
        "department_id",
        "contract_id",
        "sector_id",
        "deadline",
        "date_answered",
        "days_to_answer",
        "is_overdue",
        "on_time",
    ]

    name = fields.Char(string="Folio", readonly=True)
    request_id = fields.Many2one("water.request", readonly=True)
    date = fields.Datetime(string="Filed on", readonly=True)
    day = fields.Date(string="Filed day", readonly=True)
    request_type_id = fields.Many2one("water.request.type", string="Type", readonly=True)
    is_complaint = fields.Boolean(string="Complaint", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    department_id = fields.Many2one("hr.department", string="Area", readonly=True, help="The assignee's department.")
    partner_id = fields.Many2one("res.partner", string="Citizen", readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    deadline = fields.Date(readonly=True)
    date_answered = fields.Datetime(string="Answered on", readonly=True)
    days_to_answer = fields.Float(string="Days to answer", digits=(8, 1), readonly=True, aggregator="avg")
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    on_time = fields.Boolean(string="Answered on time", readonly=True)
    request_count = fields.Integer(string="Filed", readonly=True, aggregator="sum")
    answered_count = fields.Integer(string="Answered", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="Answered on time (count)", readonly=True, aggregator="sum")
    overdue_count = fields.Integer(string="Overdue (count)", readonly=True, aggregator="sum")
    on_time_pct = fields.Float(
        string="On time %",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="Share of the answered requests answered by their deadline.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT r.id, r.id AS request_id, 1 AS request_count, r.name, r.date,
                       (r.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                       r.request_type_id, r.is_complaint, r.channel, r.state, r.user_id, e.department_id,
                       r.partner_id, r.contract_id, c.sector_id, r.company_id, r.deadline, r.date_answered,
                       round((EXTRACT(EPOCH FROM r.date_answered - r.date) / 86400.0)::numeric, 1)::float
                           AS days_to_answer,
                       (r.state IN ('new', 'in_progress') AND r.deadline < CURRENT_DATE) AS is_overdue,
                       (r.date_answered IS NOT NULL AND r.deadline IS NOT NULL
                        AND (r.date_answered AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date <= r.deadline) AS on_time,
                       (r.date_answered IS NOT NULL)::int AS answered_count,
                       (r.date_answered IS NOT NULL AND r.deadline IS NOT NULL
                        AND (r.date_answered AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date <= r.deadline)::int
                           AS on_time_count,
                       (r.state IN ('new', 'in_progress') AND r.deadline < CURRENT_DATE)::int AS overdue_count,
                       CASE WHEN r.date_answered IS NOT NULL AND r.deadline IS NOT NULL
                            THEN CASE WHEN (r.date_answered AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                                           <= r.deadline THEN 100.0 ELSE 0.0 END END AS on_time_pct
                  FROM water_request r
                  LEFT JOIN water_contract c ON c.id = r.contract_id
                  LEFT JOIN LATERAL (
                        SELECT he.department_id FROM hr_employee he
                         WHERE he.user_id = r.user_id AND he.company_id = r.company_id AND he.active
                         ORDER BY he.id LIMIT 1) e ON TRUE
            )
            """,
                table=SQL.identifier(self._table),
                tz=self.env.company.partner_id.tz or "America/Mexico_City",
            )
        )
