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

    def test_public_bills_priced_in_uma(self):
        """The demo's public-use tariff of 2026 is written in UMA (cuota mínima más excedente, whole m³): its
        bills carry pesos at the UMA in force at each period's end (113.14 in January, 117.31 from February)."""
        tariff = self.env.ref("water_billing.tariff_public_2026")
        self.assertEqual((tariff.amount_unit, tariff.method, tariff.range_limits), ("uma", "excess", "whole"))
        bills = self.env["account.move"].search(
            [
                ("water_contract_id.service_class_id", "=", tariff.service_class_id.id),
                ("water_period_id.date_end", ">=", tariff.date_from),
                ("water_period_id.date_end", "<=", tariff.date_to),
                ("water_reading_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        self.assertTrue(bills, "the demo bills public accounts by the UMA tariff")
        for bill in bills:
            pesos = tariff._engine_on(bill.water_period_id.date_end)
            minimum = bill.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "block_fixed")
            self.assertIn(minimum.price_unit, [float(block.fixed) for block in pesos.blocks], bill.name)
            base = bill.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "base")
            self.assertEqual(base.price_unit, float(pesos.base_fee), bill.name)

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

    def test_discharge_account(self):
        """An industrial own-well account pays drainage on its well's volume, and its last bill carries the
        pollution charges of a laboratory analysis above the discharge norm's limits."""
        account = self.env["water.contract"].search(
            [("own_well", "=", True), ("service_class_id.code", "=", "IND"), ("partner_id.name", "like", "Curtidos")]
        )
        self.assertEqual(len(account), 1)
        self.assertFalse(account.service_water)
        bills = self.env["account.move"].search(
            [
                ("water_contract_id", "=", account.id),
                ("move_type", "=", "out_invoice"),
                ("water_period_id", "!=", False),
            ],
            order="invoice_date",
        )
        self.assertEqual(len(bills), 3, "the bills of its three periods (other charges of the demo aside)")
        volumes = self.env["water.discharge.declaration"].search([("contract_id", "=", account.id)])
        self.assertEqual(sorted(bills.mapped("water_volume")), sorted(volumes.mapped("volume")))
        concepts = [line.product_id.water_concept for line in bills[-1].invoice_line_ids]
        self.assertEqual(concepts.count("discharge"), 3, "DBO5, SST and grease above the limit; lead within it")
        self.assertNotIn("consumption", concepts)
        analysis = self.env["water.discharge.analysis"].search([("contract_id", "=", account.id)])
        self.assertEqual((analysis.state, analysis.move_id), ("billed", bills[-1]))
