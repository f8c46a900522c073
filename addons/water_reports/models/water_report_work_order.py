from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.water_billing.models.water_observation_code import WORK_ORDER_TYPES

from ..utils.operations import DEFAULT_ORDER_OVERDUE_DAYS

SOURCES = [("field", "Field work order"), ("cut", "Cut or reconnection order")]
ORDER_TYPES = WORK_ORDER_TYPES + [
    ("cut", "Suspension"),
    ("reconnection", "Reconnection"),
    ("cut_inspection", "Cut inspection"),
]
STATES = [("open", "Open"), ("done", "Done"), ("not_done", "Not done"), ("cancelled", "Cancelled")]
OVERDUE_PARAM = "water_reports.order_overdue_days"


class WaterReportWorkOrder(models.Model):
    """Field work orders (meter repair, inspection, leak) of billing and the cut, reconnection and
    inspection orders of collections in one fact: type, state, staff, issue → execution in days, overdue.

    An order still open more than ``water_reports.order_overdue_days`` days (system parameter, 7 by
    default) after its issue date is overdue; ``water_reports.order_overdue_days.<type>`` (e.g.
    ``.reconnection``) sets the limit of one type.
    """

    _name = "water.report.work.order"
    _description = "Work orders report"
    _inherit = ["water.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "name"
    _water_report_date_field = "date"
    _depends = {
        "water.work.order": [
            "name",
            "order_type",
            "state",
            "date",
            "date_done",
            "employee_id",
            "contract_id",
            "service_point_id",
            "company_id",
        ],
        "water.cut.order": [
            "name",
            "order_type",
            "state",
            "date",
            "time_done",
            "employee_id",
            "contract_id",
            "service_point_id",
            "sector_id",
            "route_id",
            "service_class_id",
            "company_id",
        ],
    }
    _water_report_columns = [
        "date",
        "name",
        "source",
        "order_type",
        "state",
        "employee_id",
        "contract_id",
        "sector_id",
        "route_id",
        "service_class_id",
        "date_done",
        "days_to_done",
        "age_days",
        "is_overdue",
    ]

    name = fields.Char(string="Folio", readonly=True)
    source = fields.Selection(SOURCES, readonly=True)
    order_type = fields.Selection(ORDER_TYPES, string="Type", readonly=True)
    state = fields.Selection(STATES, readonly=True)
    date = fields.Date(string="Issue date", readonly=True)
    date_done = fields.Date(string="Execution date", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Staff / crew", readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    service_point_id = fields.Many2one("water.service.point", string="Service point", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    route_id = fields.Many2one("water.route", readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    work_order_id = fields.Many2one("water.work.order", readonly=True)
    cut_order_id = fields.Many2one("water.cut.order", readonly=True)
    days_to_done = fields.Float(
        string="Days to execute",
        digits=(8, 1),
        readonly=True,
        aggregator="avg",
        help="From the issue date to the execution date, for the orders executed (done or not done).",
    )
    age_days = fields.Integer(string="Days open", readonly=True, aggregator="avg")
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    overdue_limit_days = fields.Integer(string="Overdue after (days)", readonly=True, aggregator=None)
    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    overdue_count = fields.Integer(string="Overdue orders", readonly=True, aggregator="sum")
    done_count = fields.Integer(string="Executed", readonly=True, aggregator="sum")
    open_count = fields.Integer(string="Open", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH limit_days AS (
                    SELECT COALESCE((SELECT NULLIF(value, '')::int FROM ir_config_parameter WHERE key = %(param)s),
                                    %(default)s) AS days
                ), orders AS (
                    SELECT w.id * 2 AS id, w.name, 'field' AS source, w.order_type, w.state, w.date, w.date_done,
                           w.employee_id, w.contract_id, w.service_point_id, sp.sector_id, sp.route_id,
                           c.service_class_id, w.company_id, w.id AS work_order_id, NULL::int AS cut_order_id
                      FROM water_work_order w
                      JOIN water_service_point sp ON sp.id = w.service_point_id
                      LEFT JOIN water_contract c ON c.id = w.contract_id
                     UNION ALL
                    SELECT o.id * 2 + 1, o.name, 'cut',
                           CASE WHEN o.order_type = 'inspection' THEN 'cut_inspection' ELSE o.order_type END,
                           o.state, o.date,
                           CASE WHEN o.state IN ('done', 'not_done')
                                THEN (o.time_done AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date END,
                           o.employee_id, o.contract_id, o.service_point_id, o.sector_id, o.route_id,
                           o.service_class_id, o.company_id, NULL, o.id
                      FROM water_cut_order o
                ), limited AS (
                    SELECT orders.*,
                           COALESCE((SELECT NULLIF(p.value, '')::int FROM ir_config_parameter p
                                      WHERE p.key = %(param)s || '.' || orders.order_type), limit_days.days)
                               AS overdue_limit_days
                      FROM orders, limit_days
                )
                SELECT o.*, 1 AS order_count,
                       (o.date_done - o.date)::float AS days_to_done,
                       CASE WHEN o.state = 'open' THEN CURRENT_DATE - o.date END AS age_days,
                       (o.state = 'open' AND CURRENT_DATE - o.date > o.overdue_limit_days) AS is_overdue,
                       (o.state = 'open' AND CURRENT_DATE - o.date > o.overdue_limit_days)::int AS overdue_count,
                       (o.state IN ('done', 'not_done'))::int AS done_count,
                       (o.state = 'open')::int AS open_count
                  FROM limited o
            )
            """,
                table=SQL.identifier(self._table),
                param=OVERDUE_PARAM,
                default=DEFAULT_ORDER_OVERDUE_DAYS,
                tz=self.env.company.partner_id.tz or "America/Mexico_City",
            )
        )
