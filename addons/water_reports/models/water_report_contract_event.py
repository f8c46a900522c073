from odoo import fields, models, tools
from odoo.tools import SQL

EVENTS = [("new", "New contract"), ("cancelled", "Cancellation")]


class WaterReportContractEvent(models.Model):
    """New contracts and cancellations, one row per event, from the contract's own dates.

    A contract is new on its contract date once it has been activated (a draft never activated is
    not in the padrón yet); it is cancelled on its cancellation date.
    """

    _name = "water.report.contract.event"
    _description = "New and cancelled contracts report"
    _inherit = ["water.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "contract_id"
    _water_report_date_field = "date"
    _depends = {
        "water.contract": [
            "date_contract",
            "date_activated",
            "date_cancelled",
            "partner_id",
            "company_id",
            "service_class_id",
            "sector_id",
            "route_id",
            "state",
            "state_reason",
        ],
    }
    _water_report_columns = [
        "date",
        "event",
        "contract_id",
        "partner_id",
        "service_class_id",
        "sector_id",
        "route_id",
        "state",
        "reason",
    ]

    event = fields.Selection(EVENTS, readonly=True)
    date = fields.Date(readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Holder", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    route_id = fields.Many2one("water.route", readonly=True)
    state = fields.Selection(
        lambda self: self.env["water.contract"]._fields["state"].selection, string="Account state", readonly=True
    )
    reason = fields.Char(readonly=True)
    new_count = fields.Integer(string="New contracts", readonly=True, aggregator="sum")
    cancelled_count = fields.Integer(string="Cancellations", readonly=True, aggregator="sum")
    net_count = fields.Integer(string="Net change", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT c.id * 2 AS id, 'new' AS event, c.date_contract AS date, c.id AS contract_id, c.partner_id,
                       c.company_id, c.service_class_id, c.sector_id, c.route_id, c.state, NULL::varchar AS reason,
                       1 AS new_count, 0 AS cancelled_count, 1 AS net_count
                  FROM water_contract c
                 WHERE c.date_activated IS NOT NULL
                 UNION ALL
                SELECT c.id * 2 + 1, 'cancelled', c.date_cancelled, c.id, c.partner_id,
                       c.company_id, c.service_class_id, c.sector_id, c.route_id, c.state, c.state_reason,
                       0, 1, -1
                  FROM water_contract c
                 WHERE c.date_cancelled IS NOT NULL
            )
            """,
                SQL.identifier(self._table),
            )
        )
