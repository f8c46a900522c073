import io
from datetime import date
from decimal import Decimal as D
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models import water_tariff_simulation as simulation_module
from .common import WaterBillRunCase

# March 2025, 15 m3 on the published tariff (IVA 0 %): 163.82 + 5 x 17.33 = 250.47, drainage 20 % 50.09,
# sanitation 10 % 25.05: 325.61 (300.56 without sanitation); cuota fija 185.40 + 37.08 + 18.54 = 241.02
MARCH_BILLED = 4 * D("325.61") + D("300.56") + D("241.02")


@tagged("post_install", "-at_install")
class TestTariffSimulation(WaterBillRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "t_sim_manager", groups="base.group_user,water_registry.group_water_manager"
        )
        cls.clerk = new_test_user(
            cls.env, "t_sim_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )

    def bill(self, months=(3,)):
        """Bill March (15 m3 each) and, if asked, April (8, 25, 44, 30 and 12 m3, none 3 times
        the average: none held for review)."""
        april = (8, 25, 44, 30, 12)
        for month in months:
            extra = 0 if month == 3 else None
            values = {c: str(1000 + i + 15 + (april[i] if extra is None else 0)) for i, c in enumerate(self.contracts)}
            lot = self.run_period(month, values)
            self.make_run(lot.period_id).action_run()
        return self.env["account.move"].search([("water_contract_id", "in", (self.contracts | self.unmetered).ids)])

    def simulate(self, date_to=date(2025, 3, 31), **values):
        simulation = self.env["water.tariff.simulation"].create(
            {
                "name": "Propuesta 2026",
                "date_from": date(2025, 1, 1),
                "date_to": date_to,
                "household_class_id": self.test_class.id,
                **values,
            }
        )
        simulation.action_run()
        self.assertEqual(simulation.state, "done")
        return simulation

    def buckets(self, simulation, subject="bill"):
        labels = dict(self.env["water.tariff.simulation.bucket"]._fields["bucket"].selection)
        return {
            labels[b.bucket]: b.count for b in simulation.bucket_ids.filtered(lambda b: b.subject == subject) if b.count
        }

    def test_unchanged_tariff_equals_the_bill_run(self):
        # besides: an own-well account on cuota fija paying drainage only (no fixed quota line on its bill)
        # and an account billed by an assumed volume (no reading)
        own_well = self.make_contract(unmetered_billing="fixed_quota", service_water=False)
        assumed = self.make_contract(unmetered_billing="assumed_volume", assumed_volume=12)
        for contract in own_well | assumed:
            contract.service_class_id = self.test_class
            contract.action_activate()
        self.unmetered |= own_well | assumed
        bills = self.bill((3, 4))
        self.assertEqual(len(bills), 16)
        self.assertFalse(
            bills.filtered(lambda m: m.water_contract_id == own_well).invoice_line_ids.product_id.filtered(
                lambda p: p.water_concept == "fixed_quota"
            )
        )
        moves_before = self.env["account.move"].search_count([])
        # four jobs of two accounts: the close job sums their rows
        with patch.object(simulation_module, "JOB_SIZE", 2):
            simulation = self.simulate(date_to=date(2025, 4, 30))
        self.assertEqual(simulation.job_count, 4)
        self.assertEqual(simulation.total_count, 8)
        self.assertEqual(simulation.bill_count, 16)
        self.assertAlmostEqual(simulation.billed_untaxed, sum(bills.mapped("amount_untaxed")), places=2)
        self.assertAlmostEqual(simulation.billed_total, sum(bills.mapped("amount_total")), places=2)
        self.assertAlmostEqual(simulation.simulated_untaxed, simulation.billed_untaxed, places=2)
        self.assertAlmostEqual(simulation.simulated_total, simulation.billed_total, places=2)
        self.assertEqual((simulation.accounts_same, simulation.accounts_more, simulation.accounts_less), (8, 0, 0))
        self.assertEqual(self.buckets(simulation), {"$0": 16})
        # one row per period, class and sector once the jobs are summed
        self.assertEqual(len(simulation.line_ids), 2)
        self.assertEqual(set(simulation.line_ids.mapped("chunk")), {-1})
        for line in simulation.line_ids:
            period_bills = bills.filtered(lambda m, line=line: m.water_period_id == line.period_id)
            self.assertAlmostEqual(line.billed_untaxed, sum(period_bills.mapped("amount_untaxed")), places=2)
            self.assertAlmostEqual(line.difference, 0.0, places=2)
            self.assertEqual(line.volume, sum(period_bills.mapped("water_volume")))
        # the chart's rows: billed and simulated side by side
        chart = self.env["water.tariff.simulation.revenue"]._read_group(
            [("simulation_id", "=", simulation.id)], ["side"], ["amount:sum"]
        )
        self.assertEqual([side for side, _amount in chart], ["1_billed", "2_simulated"])
        for _side, amount in chart:
            self.assertAlmostEqual(amount, simulation.billed_untaxed, places=2)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before, "a simulation writes no bill")

    def test_ten_percent_by_hand(self):
        self.bill()
        simulation = self.simulate(
            change_ids=[(0, 0, {"block": 0, "pct": 10})], reference_income=8000, income_share_pct=4
        )
        # +10 %: 17.33 -> 19.06, 163.82 -> 180.20: 180.20 + 5 x 19.06 = 275.50, drainage 55.10,
        # sanitation 27.55: 358.15 (330.60 without sanitation); cuota fija 203.94 + 40.79 + 20.39 = 265.12
        self.assertAlmostEqual(simulation.billed_untaxed, float(MARCH_BILLED), places=2)
        simulated = 4 * D("358.15") + D("330.60") + D("265.12")
        self.assertAlmostEqual(simulation.simulated_untaxed, float(simulated), places=2)
        self.assertAlmostEqual(simulation.difference, float(simulated - MARCH_BILLED), places=2)
        self.assertAlmostEqual(sum(simulation.line_ids.mapped("difference")), simulation.difference, places=2)
        self.assertEqual((simulation.accounts_more, simulation.accounts_less, simulation.accounts_same), (6, 0, 0))
        # changes of 32.54 (x 4), 30.04 and 24.10: all between +$20 and +$50
        self.assertEqual(self.buckets(simulation), {"+$20 … +$50": 6})
        self.assertEqual(self.buckets(simulation, "account"), {"+$20 … +$50": 6})
        # 4 % of 8,000 = 320 a month: 325.61 is over it (x 4), 300.56 and 241.02 are not; then 330.60 is too
        self.assertEqual((simulation.households_over_billed, simulation.households_over_simulated), (4, 5))
        self.assertEqual(sum(simulation.line_ids.mapped("over_share_simulated")), 5)

        # only the second block of the class (its price and fixed charge): the cuota fija stays
        block_two = self.simulate(change_ids=[(0, 0, {"service_class_id": self.test_class.id, "block": 2, "pct": 10})])
        self.assertAlmostEqual(block_two.simulated_untaxed, float(simulated - D("265.12") + D("241.02")), places=2)
        self.assertEqual((block_two.accounts_more, block_two.accounts_same), (5, 1))
        self.assertEqual(self.buckets(block_two), {"+$20 … +$50": 5, "$0": 1})

    def test_break_even(self):
        self.bill()
        target = float(MARCH_BILLED * D("1.10"))
        unchanged = self.simulate(target_revenue=target)
        self.assertEqual(unchanged.break_even_pct, 10.0)
        # running the break-even change reaches the target, give or take the centavos of rounding
        proposal = self.simulate(
            target_revenue=target, change_ids=[(0, 0, {"block": 0, "pct": unchanged.break_even_pct})]
        )
        self.assertLess(abs(proposal.simulated_untaxed - target), 0.05 * proposal.bill_count)
        self.assertAlmostEqual(proposal.break_even_pct, 0.0, delta=0.01)

    def test_draft_tariffs_are_never_billed(self):
        self.tariff.block_ids[1].month_price_ids = [(0, 0, {"month": 7, "price": 18.0})]
        action = self.tariff.action_copy_as_proposal()
        draft = self.env["water.tariff"].browse(action["res_id"])
        self.assertTrue(draft.simulation_only)
        self.assertEqual(draft.block_ids.mapped("price"), self.tariff.block_ids.mapped("price"))
        self.assertEqual(draft.block_ids[1].month_price_ids.mapped("price"), [18.0])
        draft.fixed_quota = 200.0  # same dates as the tariff in force: a proposal overlaps nothing
        found = self.env["water.tariff"]._find(self.test_class, self.sector, date(2025, 3, 31))
        self.assertEqual(found, self.tariff, "the bill run never finds a proposal")
        bills = self.bill()
        self.assertAlmostEqual(sum(bills.mapped("amount_total")), float(MARCH_BILLED), places=2)
        simulation = self.simulate(base="draft", tariff_ids=[(6, 0, draft.ids)])
        # the cuota fija: 200 + 40 + 20 = 260 against 241.02
        self.assertAlmostEqual(simulation.difference, 260 - 241.02, places=2)
        self.assertEqual(self.buckets(simulation), {"+$10 … +$20": 1, "$0": 5})
        self.assertFalse(simulation.problem_log)

    def test_reset_and_jobs_of_an_earlier_run(self):
        self.bill()
        simulation = self.simulate()
        first_run = simulation.run_count
        simulation.action_reset()
        self.assertEqual(simulation.state, "draft")
        self.assertFalse(simulation.line_ids)
        self.assertFalse(simulation.bucket_ids)
        simulation._start()  # a new run, its jobs queued
        with self.assertRaises(UserError):
            simulation.action_run()
        contract_ids = simulation._contract_ids()
        simulation._job_simulate(contract_ids, 0, first_run)
        simulation._job_close(first_run)
        self.assertFalse(simulation.line_ids, "a job of the earlier run writes nothing")
        self.assertEqual(simulation.state, "running")
        simulation._job_simulate(contract_ids, 0, simulation.run_count)
        self.assertEqual(simulation.progress, 100.0)
        simulation._job_close(simulation.run_count)
        self.assertEqual(simulation.state, "done")
        self.assertAlmostEqual(simulation.simulated_untaxed, float(MARCH_BILLED), places=2)

    def test_xlsx(self):
        self.bill()
        simulation = self.simulate(change_ids=[(0, 0, {"block": 0, "pct": 10})])
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "water_billing.action_report_tariff_simulation_xlsx", simulation.ids, None
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        revenue = book.worksheets[1]
        self.assertEqual(revenue.max_row, 2, "a header and one row: March, one class, one sector")
        self.assertAlmostEqual(revenue.cell(2, 7).value, float(MARCH_BILLED), places=2)
        self.assertAlmostEqual(revenue.cell(2, 8).value, simulation.simulated_untaxed, places=2)
        distribution = book.worksheets[2]
        counts = {row[0]: row[1] for row in distribution.iter_rows(min_row=2, values_only=True) if row[1]}
        self.assertEqual(counts, {"+$20 … +$50": 6})

    def test_only_the_manager_simulates(self):
        self.bill()
        values = {"name": "Propuesta", "date_from": date(2025, 1, 1), "date_to": date(2025, 3, 31)}
        with self.assertRaises(AccessError):
            self.env["water.tariff.simulation"].with_user(self.clerk).create(values)
        simulation = self.env["water.tariff.simulation"].with_user(self.manager).create(values)
        simulation.action_run()
        self.assertEqual(simulation.state, "done")
        self.assertAlmostEqual(simulation.simulated_untaxed, float(MARCH_BILLED), places=2)
        with self.assertRaises(AccessError):
            simulation.with_user(self.clerk).read(["simulated_untaxed"])
        with self.assertRaises(AccessError):
            self.env["water.tariff.simulation.line"].with_user(self.clerk).search([])
