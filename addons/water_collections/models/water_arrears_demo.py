from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from odoo.addons.queue_job.exception import RetryableJobError

# demo large consumers: the accounts of these classes with the most water billed
LARGE_CONSUMER_CLASSES = ("IND", "COM", "PUB")
LARGE_CONSUMERS = 8
MONTH_CLOSES = 4


class WaterArrearsSnapshot(models.Model):
    _inherit = "water.arrears.snapshot"

    @api.model
    def demo_enqueue_arrears(self):
        """The demo's aging waits for its payment history (queue jobs after the install): one job that retries
        until the payments are in, then takes the closes of the last months, today's aging and the large-consumer
        reviews."""
        self.env["water.demo.generator"]._check_demo_allowed()
        self.delayable(description=_("Demo: arrears closes, aging and large consumers"))._demo_arrears_job().delay()
        return True

    @api.model
    def _demo_arrears_job(self):
        waiting = (
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("method_name", "in", ("_demo_pay_bills", "_recompute_previous_balances")),
                    ("state", "not in", ("done", "cancelled", "failed")),
                ]
            )
        )
        if waiting:
            raise RetryableJobError(_("The demo payments are not in yet."), seconds=60, ignore_retry=True)
        return self._demo_arrears()

    @api.model
    def _demo_arrears(self, months=MONTH_CLOSES):
        """Closes of the last ``months`` months, today's aging, a few large consumers and their reviews of the last
        two periods read (the older validated, the last one partly still to review, one held)."""
        company = self.env.company
        today = fields.Date.context_today(self)
        for back in range(months, 0, -1):
            day = today.replace(day=1) - relativedelta(months=back - 1) - relativedelta(days=1)
            self._water_take(day=day, kind="month", company=company, now=True)
        current = self._water_take(company=company, now=True)
        self._demo_large_consumers(company)
        return current

    @api.model
    def _demo_large_consumers(self, company):
        self.env.cr.execute(
            """
            SELECT c.id FROM water_contract c
              JOIN water_service_class k ON k.id = c.service_class_id
              LEFT JOIN water_reading r ON r.contract_id = c.id AND r.state IN ('valid', 'billed')
             WHERE c.company_id = %s AND c.state = 'active' AND k.code = ANY(%s)
          GROUP BY c.id ORDER BY SUM(COALESCE(r.consumption, 0)) DESC, c.id LIMIT %s
            """,
            [company.id, list(LARGE_CONSUMER_CLASSES), LARGE_CONSUMERS],
        )
        contracts = self.env["water.contract"].browse([row[0] for row in self.env.cr.fetchall()])
        if not contracts:
            return
        contracts.write({"large_consumer": True})
        self.env.cr.execute(
            """SELECT DISTINCT p.id, p.date_start FROM water_billing_period p
                 JOIN water_reading r ON r.period_id = p.id AND r.state IN ('valid', 'billed')
                WHERE p.company_id = %s ORDER BY p.date_start DESC LIMIT 2""",
            [company.id],
        )
        periods = self.env["water.billing.period"].browse([row[0] for row in self.env.cr.fetchall()])
        Review = self.env["water.large.consumer.review"]
        decided = {"validated_by_id": self.env.uid, "validated_date": fields.Datetime.now()}
        ordered = periods.sorted("date_start")
        for period in ordered[:-1]:
            Review._water_prepare(period, company).write(dict(decided, state="validated"))
        last = Review._water_prepare(ordered[-1], company).sorted("id")
        last[: len(last) // 2].write(dict(decided, state="validated"))
        held = last[len(last) // 2 :].sorted("deviation", reverse=True)[:1]
        held.write(dict(decided, state="held", note=_("Volume far above its history: meter to be checked.")))
