from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.water_payment_agreement_demo import DEMO_JOBS
from .test_agreement import WaterAgreementCase

EVERY_STATE = {"draft", "to_approve", "waiting", "active", "done", "broken", "restructured", "cancelled"}


@tagged("post_install", "-at_install")
class TestAgreementDemo(WaterAgreementCase):
    def test_demo_has_agreements_in_every_state(self):
        Agreement = self.env["water.payment.agreement"]
        Snapshot = self.env["water.arrears.snapshot"]
        before = Snapshot._water_take(company=self.company, now=True)
        made = Agreement._demo_agreements()
        agreements = Agreement.search([("company_id", "=", self.company.id)])
        self.assertEqual(set(agreements.mapped("state")), EVERY_STATE)
        behind = made["active_behind"]
        self.assertEqual((behind.state, behind.paid_count, behind.is_late), ("active", 2, True), "two paid, one behind")
        self.assertTrue(behind.move_id.state == "posted" and behind.date_active < self.today)
        self.assertEqual(made["active_on_time"].is_late, False)
        self.assertEqual(made["done_instalments"].state, "done")
        self.assertEqual(made["done_single"].state, "done")
        for key in ("broken_officer", "broken_manager"):
            self.assertEqual(made[key].state, "broken")
            self.assertEqual(made[key].breach_move_id.state, "posted")
        self.assertEqual(made["restructured"].state, "restructured")
        self.assertEqual(
            (made["restructuring"].state, made["restructuring"].parent_id), ("active", made["restructured"])
        )
        self.assertEqual(made["lapsed"].end_reason, "The down payment was not paid in time.")
        self.assertEqual(made["waiting"].state, "waiting")
        self.assertEqual(made["to_approve"].state, "to_approve")
        officer = self.env.ref("water_collections.user_demo_collections")
        manager = self.env.ref("water_registry.user_demo_manager")
        self.assertEqual(set(agreements.user_id.ids), {officer.id, manager.id})
        # the analysis has a breach rate for each of them
        groups = self.env["water.payment.agreement.report"].read_group(
            [("agreement_id", "in", agreements.ids)], ["breach_rate:avg", "amount_collected:sum"], ["user_id"]
        )
        rates = {group["user_id"][0]: group["breach_rate"] for group in groups}
        self.assertAlmostEqual(rates[officer.id], 20.0, places=2, msg="1 broken, 1 done, 3 active")
        self.assertAlmostEqual(rates[manager.id], 50.0, places=2, msg="1 broken, 1 done")
        self.assertTrue(all(group["amount_collected"] > 0 for group in groups))
        self.assertFalse(Agreement._demo_agreements(), "runs once")
        # today's aging taken again as the agreements left it
        current = Snapshot.search([("company_id", "=", self.company.id), ("kind", "=", "current")])
        self.assertEqual(len(current), 1)
        self.assertNotEqual(current, before)
        contract = made["done_single"].contract_id
        line = current.line_ids.filtered(lambda line: line.contract_id == contract)
        self.assertAlmostEqual(line.overdue, contract._water_arrears().get(contract.id, {}).get("overdue", 0.0), 2)

    def test_demo_waits_for_the_other_demo_jobs(self):
        Job = self.env["queue.job"]
        before = Job.search([])
        self.env["water.payment.agreement"].with_context(queue_job__no_delay=False).demo_enqueue_agreements()
        job = Job.search([("id", "not in", before.ids)])
        self.assertEqual((job.method_name, job.state), ("_demo_agreements_job", "pending"))
        self.assertIn("_demo_pay_bills", DEMO_JOBS)
        with self.assertRaises(AccessError):
            self.env["water.payment.agreement"].with_user(self.officer).demo_enqueue_agreements()
