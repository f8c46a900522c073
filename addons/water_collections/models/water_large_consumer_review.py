from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..utils import arrears as arrears_utils

# the own history a large consumer is compared with
OWN_PERIODS = 12


class WaterLargeConsumerReview(models.Model):
    """The check of a large consumer (gran consumidor, seed 002 IX) before a period is billed: its volume of the
    period against the average of its class in that period and its own average of the previous 12 periods; the
    collections officer validates it (bill as read) or holds it (not billed until validated). With the company
    setting *Review large consumers before billing*, a bill run of the period does not start while reviews are
    pending, and held accounts are left out of it."""

    _name = "water.large.consumer.review"
    _description = "Large consumer review before billing"
    _inherit = ["mail.thread"]
    _order = "period_id desc, deviation desc, id"
    _rec_name = "contract_id"

    period_id = fields.Many2one("water.billing.period", required=True, readonly=True, index=True, ondelete="restrict")
    contract_id = fields.Many2one("water.contract", string="Account", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    route_id = fields.Many2one(related="contract_id.route_id")
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    volume = fields.Float(string="Volume (m³)", digits=(12, 2), readonly=True, aggregator="sum")
    class_average = fields.Float(string="Class average (m³)", digits=(12, 2), readonly=True, aggregator=None)
    class_deviation = fields.Float(
        string="Against class (%)",
        digits=(12, 1),
        readonly=True,
        aggregator=None,
        help="How far the volume is from the class average of the period, in percent.",
    )
    own_average = fields.Float(
        string="Own average (m³)",
        digits=(12, 2),
        readonly=True,
        aggregator=None,
        help="The account's average volume over its previous 12 periods with a reading.",
    )
    deviation = fields.Float(
        string="Against own average (%)",
        digits=(12, 1),
        readonly=True,
        aggregator=None,
        help="How far the volume is from the account's own average, in percent.",
    )
    state = fields.Selection(
        [("to_review", "To review"), ("validated", "Validated"), ("held", "Held")],
        default="to_review",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    validated_by_id = fields.Many2one("res.users", string="Reviewed by", readonly=True)
    validated_date = fields.Datetime(string="Reviewed on", readonly=True)
    note = fields.Char()
    currency_id = fields.Many2one(related="company_id.currency_id")
    overdue = fields.Monetary(compute="_compute_arrears", help="From today's aging.")
    months_owed = fields.Integer(compute="_compute_arrears", help="From today's aging.")

    _sql_constraints = [
        ("period_contract_unique", "unique(period_id, contract_id)", "The account already has a review for the period.")
    ]

    def _compute_arrears(self):
        lines = (
            self.env["water.arrears.line"]
            .sudo()
            .search_read(
                [("kind", "=", "current"), ("contract_id", "in", self.contract_id.ids)],
                ["contract_id", "overdue", "months_owed"],
            )
        )
        by_contract = {line["contract_id"][0]: line for line in lines}
        for review in self:
            line = by_contract.get(review.contract_id.id) or {}
            review.overdue = line.get("overdue", 0.0)
            review.months_owed = line.get("months_owed", 0)

    # ------------------------------------------------------------------ the figures
    @api.model
    def _water_figures(self, period, company=None):
        """{contract id: (class id, volume, class average, own average)} of the company's active large consumers
        for ``period``, in one query: the valid or billed readings of the period (the class average over every
        account of the class read in it) and each one's previous ``OWN_PERIODS`` periods with a reading."""
        company = company or self.env.company
        self.env["water.reading"].flush_model()
        self.env["water.contract"].flush_model(["large_consumer", "state", "service_class_id", "company_id"])
        rows = self.env.execute_query(
            SQL(
                """
            WITH volumes AS (
                SELECT r.contract_id, c.service_class_id, SUM(r.consumption) AS volume
                  FROM water_reading r JOIN water_contract c ON c.id = r.contract_id
                 WHERE r.period_id = %(period)s AND r.state IN ('valid', 'billed') AND c.company_id = %(company)s
              GROUP BY r.contract_id, c.service_class_id
            ), classes AS (
                SELECT service_class_id, AVG(volume) AS average FROM volumes GROUP BY service_class_id
            ), history AS (
                SELECT r.contract_id, SUM(r.consumption) AS volume,
                       ROW_NUMBER() OVER (PARTITION BY r.contract_id ORDER BY p.date_start DESC) AS n
                  FROM water_reading r
                  JOIN water_billing_period p ON p.id = r.period_id
                  JOIN water_contract c ON c.id = r.contract_id
                 WHERE c.large_consumer AND c.company_id = %(company)s AND r.state IN ('valid', 'billed')
                   AND p.date_start < (SELECT date_start FROM water_billing_period WHERE id = %(period)s)
              GROUP BY r.contract_id, p.id, p.date_start
            ), own AS (
                SELECT contract_id, AVG(volume) AS average FROM history WHERE n <= %(own)s GROUP BY contract_id
            )
            SELECT c.id, c.service_class_id, COALESCE(v.volume, 0), COALESCE(k.average, 0), COALESCE(o.average, 0)
              FROM water_contract c
         LEFT JOIN volumes v ON v.contract_id = c.id
         LEFT JOIN classes k ON k.service_class_id = c.service_class_id
         LEFT JOIN own o ON o.contract_id = c.id
             WHERE c.large_consumer AND c.state = 'active' AND c.company_id = %(company)s
          ORDER BY c.id
                """,
                period=period.id,
                company=company.id,
                own=OWN_PERIODS,
            )
        )
        return {row[0]: (row[1], float(row[2]), float(row[3]), float(row[4])) for row in rows}

    @api.model
    def _water_prepare(self, period, company=None):
        """The reviews of the period: one per active large consumer, created on a list; the figures of those
        still to review refreshed (the readings may have been corrected). Returns the period's reviews."""
        company = company or self.env.company
        figures = self._water_figures(period, company)
        existing = self.search([("period_id", "=", period.id), ("company_id", "=", company.id)])
        by_contract = {review.contract_id.id: review for review in existing}

        def values(contract_id):
            class_id, volume, class_average, own_average = figures[contract_id]
            return {
                "service_class_id": class_id,
                "volume": volume,
                "class_average": class_average,
                "class_deviation": arrears_utils.deviation(volume, class_average) or 0.0,
                "own_average": own_average,
                "deviation": arrears_utils.deviation(volume, own_average) or 0.0,
            }

        for contract_id, review in by_contract.items():
            if review.state == "to_review" and contract_id in figures:
                review.write(values(contract_id))
        new = self.create(
            [
                dict(values(contract_id), period_id=period.id, contract_id=contract_id, company_id=company.id)
                for contract_id in figures
                if contract_id not in by_contract
            ]
        )
        return existing | new

    # ------------------------------------------------------------------ the officer's decision
    def _check_officer(self):
        if not self.env.user.has_group("water_collections.group_water_collections_officer"):
            raise AccessError(_("Only the collections officer reviews large consumers."))

    def _water_decide(self, state, body):
        self._check_officer()
        self.write({"state": state, "validated_by_id": self.env.uid, "validated_date": fields.Datetime.now()})
        self._message_log_batch(bodies=dict.fromkeys(self.ids, body))
        return True

    def action_validate(self):
        """Bill as read."""
        return self._water_decide("validated", _("Validated for billing."))

    def action_hold(self):
        """Not billed in this period's run until validated."""
        if any(not review.note for review in self):
            raise UserError(_("Write in the note why the large consumer is held."))
        return self._water_decide("held", _("Held: not billed until validated."))

    def action_reset(self):
        return self._water_decide("to_review", _("Back to review."))

    # ------------------------------------------------------------------ the bill run's check
    @api.model
    def _water_pending_count(self, period, company, sector_ids=None):
        """How many active large consumers of the period (of those sectors, if given) have no review yet or a
        review still to review."""
        domain = [("large_consumer", "=", True), ("state", "=", "active"), ("company_id", "=", company.id)]
        if sector_ids:
            domain.append(("sector_id", "in", sector_ids))
        contracts = self.env["water.contract"].sudo().search(domain)
        done = self.sudo().search(
            [("period_id", "=", period.id), ("contract_id", "in", contracts.ids), ("state", "!=", "to_review")]
        )
        return len(contracts) - len(done)

    @api.model
    def _water_held_ids(self, period):
        return self.sudo().search([("period_id", "=", period.id), ("state", "=", "held")]).contract_id.ids
