from odoo import fields, models, tools
from odoo.tools import SQL

from .water_anomaly_case import KINDS, STATES


class WaterReportAnomaly(models.Model):
    """Flagged against confirmed: one row per case of every scoring run, with 1/0 counters, so that a pivot by run
    and kind gives how many were flagged, inspected and confirmed, and the precision of the inspected ones
    (confirmed / inspected, the average of ``precision`` over the inspected cases: NULL on the others)."""

    _name = "water.report.anomaly"
    _inherit = ["water.report.mixin"]
    _description = "Loss and anomaly cases: flagged and confirmed"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "contract_id"
    _depends = {
        "water.anomaly.case": ["run_id", "contract_id", "kind", "state", "score", "rank", "route_id"],
        "water.anomaly.run": ["date"],
    }
    _water_report_columns = [
        "date",
        "run_id",
        "kind",
        "state",
        "contract_id",
        "sector_id",
        "route_id",
        "service_class_id",
        "rank",
        "score",
        "flagged",
        "inspected",
        "confirmed",
    ]

    date = fields.Date(string="Scored on", readonly=True)
    run_id = fields.Many2one("water.anomaly.run", string="Scoring run", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    case_id = fields.Many2one("water.anomaly.case", readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    route_id = fields.Many2one("water.route", readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    rank = fields.Integer(readonly=True, aggregator=None)
    score = fields.Float(digits=(12, 2), readonly=True, aggregator="avg")
    flagged = fields.Integer(readonly=True)
    inspected = fields.Integer(readonly=True, help="Cases with an outcome recorded.")
    confirmed = fields.Integer(readonly=True, help="Confirmed leak or tampering.")
    precision = fields.Float(
        string="Precision (%)",
        digits=(5, 1),
        readonly=True,
        aggregator="avg",
        help="Confirmed / inspected × 100: 100 on a confirmed case, 0 on nothing found, empty if not inspected.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %(table)s AS
SELECT c.id, c.id AS case_id, r.date, c.run_id, c.company_id, c.contract_id, c.sector_id, c.route_id,
       c.service_class_id, c.kind, c.state, c.rank, c.score,
       1 AS flagged,
       CASE WHEN c.state IN ('leak', 'tampering', 'nothing') THEN 1 ELSE 0 END AS inspected,
       CASE WHEN c.state IN ('leak', 'tampering') THEN 1 ELSE 0 END AS confirmed,
       CASE WHEN c.state IN ('leak', 'tampering') THEN 100.0 WHEN c.state = 'nothing' THEN 0.0 END AS precision
  FROM water_anomaly_case c
  JOIN water_anomaly_run r ON r.id = c.run_id
                """,
                table=SQL.identifier(self._table),
            )
        )
