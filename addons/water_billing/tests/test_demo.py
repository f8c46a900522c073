from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDemoBills(TransactionCase):
    """The demo utility has twelve months of posted bills; the current month is still being read."""

    def test_twelve_months_of_bills(self):
        Move = self.env["account.move"]
        groups = Move._read_group(
            [
                ("water_period_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("water_bill_run_id.final_contract_id", "=", False),  # the demo's rescinded account
            ],
            ["water_period_id"],
            ["__count"],
        )
        self.assertEqual(len(groups), 12)
        contracts = self.env["water.contract"].search_count([("state", "=", "active")])
        for period, count in groups:
            self.assertGreater(count, contracts * 0.9, f"almost every account is billed in {period.name}")
        last = self.env["water.billing.period"].search([("lot_ids", "!=", False)], order="date_start desc", limit=1)
        self.assertNotIn(last, [period for period, _count in groups], "the current period is still in the field")
        runs = self.env["water.bill.run"].search([])
        self.assertEqual(set(runs.mapped("state")), {"done"})
        later = Move.search([("water_previous_balance", ">", 0)], limit=1)
        self.assertTrue(later, "bills after the first show what the account still owed")

    def test_nothing_dated_after_now(self):
        """The demo is made today: bills, readings, lots and work orders happened by now; only due dates
        and the calendar's planned dates may be later."""
        today = fields.Date.context_today(self.env["account.move"])
        now = fields.Datetime.now()
        bills = self.env["account.move"].search([("water_period_id", "!=", False)])
        self.assertTrue(bills)
        self.assertFalse(bills.filtered(lambda m: m.invoice_date > today or m.date > today))
        self.assertFalse(self.env["water.reading"].search_count([("capture_date", ">", now)]))
        for name in ("date_sent", "date_captured", "date_validated"):
            self.assertFalse(self.env["water.reading.lot"].search_count([(name, ">", now)]), name)
        orders = self.env["water.work.order"].search_count(["|", ("date", ">", today), ("date_done", ">", today)])
        self.assertFalse(orders)

    def test_public_entry_point_only_for_the_administrator(self):
        user = new_test_user(self.env, "t_demo_user", groups="base.group_user,water_billing.group_water_billing_clerk")
        with self.assertRaises(AccessError):
            self.env["water.demo.generator"].with_user(user).load_billing_demo(1)
