from datetime import timedelta
from decimal import Decimal as D
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.queue_job.job import Job

from ..models import water_bill_run as bill_run_module
from ..utils import payment as payment_utils
from .common import WaterBillRunCase


@tagged("post_install", "-at_install")
class TestBillRun(WaterBillRunCase):
    def test_bill_run_posts_one_invoice_per_account(self):
        lot = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        run = self.make_run(lot.period_id)
        self.assertEqual(run.pending_count, 6, "five metered accounts with a valid reading and one on cuota fija")
        run.action_run()
        self.assertEqual(run.state, "done")
        moves = self.env["account.move"].search([("water_bill_run_id", "=", run.id)])
        self.assertEqual(len(moves), 6)
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice"})
        first = moves.filtered(lambda m: m.water_contract_id == self.contracts[0])
        # 15 m3: 163.82 + 5 x 17.33 = 250.47; drainage 20% = 50.09; sanitation 10% = 25.05
        self.assertEqual(D(str(first.amount_total)), D("325.61"))
        self.assertEqual(first.partner_id, self.contracts[0].partner_id)
        self.assertEqual(first.water_reading_id.state, "billed")
        self.assertEqual(
            first.invoice_line_ids.mapped(lambda line: line.product_id.water_sat_code),
            ["83101501"] * 5,
            "two consumption blocks, fixed charge, drainage, sanitation",
        )
        no_sanitation = moves.filtered(lambda m: m.water_contract_id == self.contracts[1])
        self.assertFalse(
            no_sanitation.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "sanitation")
        )
        quota = moves.filtered(lambda m: m.water_contract_id == self.unmetered)
        self.assertEqual(D(str(quota.amount_total)), D("185.40") + D("37.08") + D("18.54"))
        self.assertEqual(lot.state, "billed")
        self.assertEqual(first.water_volume, 15)
        self.assertEqual(first.payment_reference, payment_utils.payment_reference(self.contracts[0].number, 2025, 3))
        self.assertFalse(first.water_previous_balance)

    def test_next_bill_shows_previous_balance(self):
        march = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        self.make_run(march.period_id).action_run()
        april = self.run_period(4, {c: str(1000 + i + 20) for i, c in enumerate(self.contracts)})
        self.make_run(april.period_id).action_run()
        bills = self.env["account.move"].search(
            [("water_contract_id", "=", self.contracts[0].id)], order="invoice_date"
        )
        self.assertEqual(len(bills), 2)
        self.assertAlmostEqual(bills[1].water_previous_balance, bills[0].amount_total)
        self.assertEqual(bills[1].water_volume, 5)
        # paid before April's bill was issued: the demo's replay counts it as paid then
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=bills[0].ids).create(
            {"amount": 100, "payment_date": bills[1].invoice_date - timedelta(days=3)}
        )._create_payments()
        self.env["water.demo.generator"]._recompute_previous_balances()
        self.assertAlmostEqual(bills[1].water_previous_balance, bills[0].amount_total - 100)

    def test_running_twice_never_bills_twice(self):
        lot = self.run_period(4, {c: "1020" for c in self.contracts})
        run = self.make_run(lot.period_id)
        run.action_run()
        count = self.env["account.move"].search_count([("water_period_id", "=", lot.period_id.id)])
        run.action_run()
        again = self.make_run(lot.period_id)
        again.action_run()
        self.assertEqual(self.env["account.move"].search_count([("water_period_id", "=", lot.period_id.id)]), count)
        self.assertEqual(again.bill_count, 0)

    def test_run_is_split_into_queue_jobs(self):
        lot = self.run_period(9, {c: "1022" for c in self.contracts})
        run = self.make_run(lot.period_id).with_context(queue_job__no_delay=False)
        with patch.object(bill_run_module, "JOB_SIZE", 2):
            run.action_run()
        jobs = self.env["queue.job"].search([("model_name", "=", "water.bill.run")], order="id")
        chunks = jobs.filtered(lambda j: j.method_name == "_job_bill_contracts")
        close = jobs - chunks
        # six accounts in jobs of two; the closing job waits for them
        self.assertEqual((len(chunks), len(close)), (3, 1))
        self.assertEqual(set(chunks.mapped("state")), {"pending"})
        self.assertEqual(close.state, "wait_dependencies")
        self.assertEqual((run.state, run.job_count, run.total_count, run.bill_count), ("running", 3, 6, 0))
        for done, record in enumerate(chunks, 1):
            Job.load(self.env, record.uuid).perform()
            self.assertEqual(run.bill_count, 2 * done, "a job bills its own accounts only")
            self.assertEqual(run.state, "running")
        self.assertEqual(run.bill_count, 6)
        Job.load(self.env, close.uuid).perform()
        self.assertEqual((run.state, run.progress), ("done", 100.0))
        # a job that runs twice (a worker restarted) bills nothing more
        Job.load(self.env, chunks[0].uuid).perform()
        self.assertEqual(run.bill_count, 6)

    def test_resume_after_a_run_stopped_half_way(self):
        lot = self.run_period(5, {c: "1025" for c in self.contracts})
        run = self.make_run(lot.period_id)
        pending = run._pending_contract_ids()
        # a worker died after the first batch of two accounts
        run._bill_batch(self.env["water.contract"].browse(pending[:2]))
        self.assertEqual(run.pending_count, len(pending) - 2)
        run._run(batch_size=2)
        self.assertEqual(run.pending_count, 0)
        bills = self.env["account.move"].search([("water_period_id", "=", lot.period_id.id)])
        self.assertEqual(sorted(bills.water_contract_id.ids), sorted(pending))

    def test_readings_under_review_are_not_billed(self):
        lot = self.run_period(6, {c: "1020" for c in self.contracts[:4]} | {self.contracts[4]: "abc"})
        run = self.make_run(lot.period_id)
        run.action_run()
        billed = self.env["account.move"].search([("water_period_id", "=", lot.period_id.id)]).water_contract_id
        self.assertNotIn(self.contracts[4], billed)
        self.assertEqual(lot.state, "captured", "the lot waits for the review")

    def test_missing_tariff_reported_not_billed(self):
        lot = self.run_period(1, {c: "1020" for c in self.contracts}, year=2024)
        run = self.make_run(lot.period_id)
        run.action_run()
        self.assertEqual(run.bill_count, 0)
        self.assertIn(self.contracts[0].number, run.problem_log)
        self.assertEqual(run.state, "running")

    def test_commercial_manager_runs_billing_and_sees_the_bills(self):
        lot = self.run_period(7, {c: "1020" for c in self.contracts})
        run = self.make_run(lot.period_id).with_user(self.manager)
        self.assertEqual(run.pending_count, 6)
        run.action_run()
        self.assertEqual(run.bill_count, 6)
        bills = self.env["account.move"].with_user(self.manager).search([("water_bill_run_id", "=", run.id)])
        self.assertEqual(len(bills), 6)
        self.assertTrue(bills[0].invoice_line_ids[0].name)

    def test_billing_clerk_queues_a_run_and_a_reader_cannot(self):
        lot = self.run_period(10, {c: "1020" for c in self.contracts})
        clerk = new_test_user(
            self.env, "t_billing_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        run = self.make_run(lot.period_id).with_user(clerk).with_context(queue_job__no_delay=False)
        run.action_run()
        jobs = self.env["queue.job"].search([("model_name", "=", "water.bill.run")])
        self.assertEqual(len(jobs), 2, "one job for the six accounts and the closing job")
        self.assertEqual(jobs.mapped("user_id"), clerk, "the jobs run as the clerk who started the run")
        with self.assertRaises(AccessError):
            self.make_run(lot.period_id).with_user(self.reader_user).action_run()

    def _billed(self, month):
        lot = self.lot_for(self.make_period(2025, month))
        for reading in lot.reading_ids:
            reading.reading_text = str(int(reading.previous_reading) + 15)
        lot.action_validate()
        run = self.make_run(lot.period_id)
        run.action_run()
        return self.env["account.move"].search(
            [("water_bill_run_id", "=", run.id), ("water_contract_id", "=", self.contracts[0].id)]
        )

    def test_adjustment_partial_credit_note_approved_by_manager(self):
        bill = self._billed(8)
        clerk = new_test_user(self.env, "t_billing", groups="base.group_user,water_billing.group_water_billing_clerk")
        adjustment = (
            self.env["water.bill.adjustment"]
            .with_user(clerk)
            .create(
                {
                    "move_id": bill.id,
                    "mode": "partial",
                    "amount": 50,
                    "reason": "Lectura mal capturada",
                }
            )
        )
        with self.assertRaises(UserError):
            adjustment.copy({"amount": 10_000}).action_submit()  # more than the bill
        adjustment.action_submit()
        self.assertEqual(adjustment.state, "to_approve")
        with self.assertRaises(AccessError):
            adjustment.action_approve()
        adjustment.with_user(self.manager).action_approve()
        note = adjustment.credit_note_id
        self.assertEqual((note.move_type, note.state), ("out_refund", "posted"))
        self.assertEqual(note.amount_untaxed, 50)
        self.assertEqual(adjustment.approved_by_id, self.manager)
        self.assertEqual(bill.amount_residual, bill.amount_total - 50, "the credit note is reconciled with the bill")
        self.assertEqual(bill.state, "posted", "nothing posted is deleted")
        self.assertIn("Lectura mal capturada", bill.message_ids[0].body)

    def test_adjustment_full_reversal_and_rejection(self):
        bill = self._billed(9)
        full = self.env["water.bill.adjustment"].create(
            {"move_id": bill.id, "mode": "full", "reason": "Toma dada de baja"}
        )
        full.action_submit()
        full.with_user(self.manager).action_approve()
        self.assertEqual(full.credit_note_id.amount_total, bill.amount_total)
        self.assertEqual(bill.payment_state, "reversed")
        other = self._billed(10)
        rejected = self.env["water.bill.adjustment"].create(
            {"move_id": other.id, "mode": "partial", "amount": 5, "reason": "Sin sustento"}
        )
        rejected.action_submit()
        rejected.with_user(self.manager).action_reject()
        self.assertEqual(rejected.state, "rejected")
        self.assertFalse(rejected.credit_note_id)
        self.assertEqual(other.amount_residual, other.amount_total)
