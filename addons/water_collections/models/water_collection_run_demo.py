import logging
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)
# the demo's runs: so many days ago, one stage per run (the default stages ask 15, 15, 5 and 30 days in between)
DEMO_RUNS = (75, 60, 45, 30, 0)
DEMO_PAYMENT_JOBS = ("_demo_pay_bills", "_recompute_previous_balances")


class WaterCollectionRun(models.Model):
    _inherit = "water.collection.run"

    @api.model
    def demo_enqueue_process(self):
        """The demo's collection process runs after its payment history (queue jobs of the install): a queue job that
        waits for them, then proposes and confirms five runs, dated 75, 60, 45, 30 days ago and today, so that the
        accounts in arrears sit at every stage, with notices issued and PAE cases opened. Only the administrator (the
        install) runs it."""
        self.env["water.demo.generator"]._check_demo_allowed()
        self.delayable(description=self.env._("Demo: the collection process"), max_retries=0)._demo_process().delay()
        return True

    @api.model
    def _demo_process(self, contract_ids=None, days=DEMO_RUNS, wait=True):
        """Propose and confirm the demo's runs in this process, in batches; a review hold on one account in arrears
        so that the proposal shows every kind of exclusion. ``contract_ids``: only those accounts (tests)."""
        if wait and self.env["queue.job"].sudo().search_count(
            [("method_name", "in", DEMO_PAYMENT_JOBS), ("state", "not in", ("done", "cancelled", "failed"))]
        ):
            raise RetryableJobError("the demo's payments are not done yet", seconds=60, ignore_retry=True)
        today = fields.Date.context_today(self)
        company = self.env.company
        Contract = self.env["water.contract"]
        held = Contract.search(
            [("company_id", "=", company.id), ("state", "=", "active")]
            + ([("id", "in", contract_ids)] if contract_ids is not None else []),
            order="id desc",
            limit=1,
        )
        if held and not held.collection_review:
            held.sudo().write(
                {"collection_review": True, "collection_review_reason": self.env._("Consumption under review (demo)")}
            )
            held._water_collection_hold_step("hold", self.env._("Consumption under review (demo)"))
        runs = self.browse()
        for days_ago in days:
            day = today - timedelta(days=days_ago)
            run = self._water_run_of(day, company)
            run.line_ids.unlink()
            candidates = run._water_candidate_ids()
            if contract_ids is not None:
                wanted = set(contract_ids)
                candidates = [cid for cid in candidates if cid in wanted]
            for start in range(0, len(candidates), 1000):
                run._water_propose_batch(Contract.browse(candidates[start : start + 1000]))
            run.write({"state": "proposed", "account_count": len(candidates)})
            lines = run.line_ids.filtered(lambda line: line.selected and not line.excluded)
            run.write(
                {"state": "confirming", "confirmed_by_id": self.env.user.id, "date_confirmed": fields.Datetime.now()}
            )
            for start in range(0, len(lines), 1000):
                run._water_confirm_lines(lines[start : start + 1000])
            run._job_confirmed()
            runs |= run
        _logger.info(
            "demo: %s collection runs, %s accounts in the process",
            len(runs),
            Contract.search_count([("collection_stage_id", "!=", False)]),
        )
        return runs
