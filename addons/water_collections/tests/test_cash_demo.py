from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashDemo(WaterCashCase):
    def test_demo_pays_existing_bills_in_closed_daily_sessions(self):
        today = fields.Date.context_today(self.env["water.cash.session"])
        contracts = self.contract | self.contract2
        for _index in range(6):
            contracts |= self.make_contract(partner_id=self.holder.id, unmetered_billing="fixed_quota")
        contracts.filtered(lambda c: c.state == "draft").action_activate()
        bills = self.env["account.move"]
        for months_ago in range(6, 0, -1):
            day = today - timedelta(days=30 * months_ago)
            for contract in contracts:
                bills |= self.make_bill(contract, day.month, 150.0, year=day.year)
        sessions_before = self.env["water.cash.session"].search_count([])
        self.env["water.cash.session"]._demo_pay_bills(contract_ids=contracts.ids)
        sessions = self.env["water.cash.session"].search([], offset=sessions_before, order="id")
        self.assertTrue(sessions)
        self.assertEqual(set(sessions.mapped("state")), {"closed"})
        self.assertTrue(all(s.user_id == self.env.ref("water_collections.user_demo_cashier") for s in sessions))
        self.assertTrue(all(s.date_open.weekday() != 6 for s in sessions), "no window on Sunday")
        states = bills.mapped("payment_state")
        self.assertGreater(states.count("paid"), len(bills) / 2, "most holders pay")
        self.assertIn("not_paid", states, "some fall behind")
        receipts = sessions.receipt_ids
        self.assertEqual(set(receipts.mapped("state")), {"posted"})
        self.assertTrue(all(receipt.date.date() <= today for receipt in receipts))
        self.assertTrue(all(sessions.move_id.mapped(lambda m: m.state == "posted")))

    def test_demo_payments_run_as_chained_queue_jobs(self):
        jobs_before = self.env["queue.job"].search([])
        self.env["water.cash.session"].with_context(queue_job__no_delay=False).demo_enqueue_payments()
        jobs = self.env["queue.job"].search([("id", "not in", jobs_before.ids)], order="id")
        states = {job.method_name: job.state for job in jobs}
        self.assertEqual(
            states,
            {"_demo_pay_bills": "pending", "_recompute_previous_balances": "wait_dependencies"},
            "the balances wait for the payments",
        )

    def test_demo_payments_dated_by_now(self):
        """The demo's payment history of the demo bills: every session opened and closed, every receipt
        and entry dated, by now; today's windows are not closed in advance."""
        now = fields.Datetime.now()
        bills = self.env["account.move"].search([("water_period_id", "!=", False), ("state", "=", "posted")])
        contracts = bills.water_contract_id.sorted("id")[:60]
        self.assertTrue(contracts, "the billing demo made bills")
        sessions_before = self.env["water.cash.session"].search([])
        self.env["water.cash.session"]._demo_pay_bills(contract_ids=contracts.ids)
        sessions = self.env["water.cash.session"].search([("id", "not in", sessions_before.ids)])
        self.assertTrue(sessions)
        self.assertFalse(sessions.filtered(lambda s: s.date_open > now or not s.date_close or s.date_close > now))
        self.assertFalse(sessions.receipt_ids.filtered(lambda r: r.date > now))
        self.assertFalse((sessions.move_id | sessions.receipt_ids.move_id).filtered(lambda m: m.date > now.date()))
        self.assertTrue(all(r.date <= s.date_close for s in sessions for r in s.receipt_ids), "closed after receipts")

    def test_public_entry_point_only_for_the_administrator(self):
        with self.assertRaises(AccessError):
            self.env["water.cash.session"].with_user(self.officer).demo_enqueue_payments()

    def test_demo_company_keeps_overpayments_as_credit(self):
        company = self.env.ref("base.main_company")
        self.assertTrue(company.water_allow_credit)
        self.assertEqual(company.water_payment_surcharges, "date")
