import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_ledger import WaterLedgerCase

APRIL_CLOSE = date(2025, 4, 30)
MAY_CLOSE = date(2025, 5, 31)


@tagged("post_install", "-at_install")
class TestArrearsSnapshot(WaterLedgerCase):
    """The aging lines of the snapshots against ``_water_arrears`` and hand-computed figures.

    Account A: January 100 (due 15/02), February 150 (due 15/03), March 200 = water 160 + drainage 40 (due 15/04),
    April 120 (due 15/05), a surcharge of 10 on 01/03 and an open credit note of 30 on 10/04. At the close of April
    (30/04): overdue debts 100 + 150 + 200 + 10 = 460 (water 410, drainage 40, surcharges 10), credit 30, overdue
    430; the credit pays January first, so three months are owed (the surcharge counts no month), the oldest due
    on 15/02: 74 days past due. In May January is paid (10/05) and 50 of February (20/05): of the 460 overdue at
    the close of April, 150 of water is recovered by the close of May.
    Account B: January 80 paid on time (05/02): never in arrears."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for month in (3, 4):
            cls.period(2025, month)
        cls.a, cls.b = cls.contracts[0], cls.contracts[1]
        cls.jan = cls.make_bill(cls.a, 2025, 1, 100.0)
        cls.feb = cls.make_bill(cls.a, 2025, 2, 150.0)
        cls.mar = cls.make_bill(cls.a, 2025, 3, 160.0)
        cls.mar.button_draft()
        cls.mar.write(
            {
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.env.ref("water_billing.product_water_drainage").id,
                            "price_unit": 40.0,
                            "tax_ids": [(6, 0, [])],
                        },
                    )
                ]
            }
        )
        cls.mar.action_post()
        cls.apr = cls.make_bill(cls.a, 2025, 4, 120.0)
        cls.make_surcharge(cls.a, date(2025, 3, 1), 10.0)
        cls.make_credit_note(cls.a, date(2025, 4, 10), 30.0)
        cls.b_jan = cls.make_bill(cls.b, 2025, 1, 80.0)
        cls.register(cls.b_jan, 80.0, date(2025, 2, 5))
        cls.notifier = new_test_user(
            cls.env, "t_notifier_arrears", groups="base.group_user,water_collections.group_water_notifier"
        )
        cls.Snapshot = cls.env["water.arrears.snapshot"]

    @classmethod
    def register(cls, bill, amount, day):
        cls.env["account.payment.register"].with_context(active_model="account.move", active_ids=bill.ids).create(
            {"amount": amount, "payment_date": day, "journal_id": cls.bank.id}
        )._create_payments()

    def line(self, snapshot, contract):
        return snapshot.line_ids.filtered(lambda line: line.contract_id == contract)

    def test_lines_equal_the_arrears_and_the_hand_computed_figures(self):
        snapshot = self.Snapshot._water_take(day=APRIL_CLOSE, kind="month", now=True)
        self.assertEqual(snapshot.state, "done")
        line = self.line(snapshot, self.a)
        self.assertEqual(len(line), 1)
        self.assertRecordValues(
            line,
            [
                {
                    "overdue": 430.0,
                    "credit": 30.0,
                    "water": 410.0,
                    "drainage": 40.0,
                    "sanitation": 0.0,
                    "surcharges": 10.0,
                    "other": 0.0,
                    "months_owed": 3,
                    "months_bucket": "3",
                    "oldest_due": date(2025, 2, 15),
                    "days_past_due": 74,
                    "days_bucket": "61_90",
                    "account_number": self.a.number,
                    "partner_id": self.a.partner_id.id,
                    "route_id": self.a.route_id.id,
                    "route_sequence": self.a.route_sequence,
                    "contract_state": "active",
                    "date": APRIL_CLOSE,
                    "kind": "month",
                }
            ],
        )
        self.assertFalse(self.line(snapshot, self.b), "paid on time: not in arrears")
        # every line is what the one definition says, account by account
        arrears = snapshot.line_ids.contract_id._water_arrears(APRIL_CLOSE)
        self.assertEqual(set(arrears), set(snapshot.line_ids.contract_id.ids))
        for each in snapshot.line_ids:
            found = arrears[each.contract_id.id]
            for key in ("overdue", "credit", "months_owed", "days_past_due", "water", "drainage", "surcharges"):
                self.assertAlmostEqual(each[key], found[key], 2, msg=f"{each.account_number} {key}")
        # and the overdue total is the ledger's overdue balance
        self.assertAlmostEqual(line.overdue, self.a._water_overdue_balances(APRIL_CLOSE)[self.a.id], 2)
        self.assertEqual(snapshot.account_count, len(snapshot.line_ids))
        self.assertAlmostEqual(snapshot.total_overdue, sum(snapshot.line_ids.mapped("overdue")), 2)

    def test_current_replaces_current_and_keeps_the_month(self):
        month = self.Snapshot._water_take(day=APRIL_CLOSE, kind="month", now=True)
        first = self.Snapshot._water_take(now=True)
        first_lines = {
            (line.contract_id.id, line.overdue, line.months_owed, line.days_past_due, line.water)
            for line in first.line_ids
        }
        self.assertIn(self.a, first.line_ids.contract_id)
        # the daily job again: the same lines, one current snapshot
        second = self.Snapshot._water_take(now=True)
        self.assertFalse(first.exists(), "the previous current snapshot is replaced")
        self.assertEqual(
            {
                (line.contract_id.id, line.overdue, line.months_owed, line.days_past_due, line.water)
                for line in second.line_ids
            },
            first_lines,
        )
        self.assertEqual(
            self.Snapshot.search_count([("kind", "=", "current"), ("company_id", "=", self.company.id)]), 1
        )
        self.assertTrue(month.exists(), "month closes are kept")
        again = self.Snapshot._water_take(day=APRIL_CLOSE, kind="month", now=True)
        self.assertEqual(again, month, "a month close is taken once")
        self.assertEqual(len(self.line(month, self.a)), 1)

    def test_daily_cron_through_queue_jobs_twice(self):
        self.Snapshot._cron_water_arrears_current()
        mine = [("company_id", "=", self.company.id)]
        current = self.Snapshot.search([("kind", "=", "current"), *mine])
        self.assertEqual(len(current), 1)
        self.assertEqual(current.state, "done", "the jobs ran and the close summed the totals")
        lines = sorted(current.line_ids.mapped(lambda line: (line.contract_id.id, line.overdue)))
        self.Snapshot._cron_water_arrears_current()
        again = self.Snapshot.search([("kind", "=", "current"), *mine])
        self.assertEqual(len(again), 1)
        self.assertEqual(sorted(again.line_ids.mapped(lambda line: (line.contract_id.id, line.overdue))), lines)
        # the monthly cron on 1 May takes the close of April
        self.Snapshot._cron_water_arrears_month(day=date(2025, 5, 1))
        close = self.Snapshot.search([("kind", "=", "month"), ("date", "=", APRIL_CLOSE), *mine])
        self.assertEqual(self.line(close, self.a).overdue, 430.0)

    def test_recovery_of_a_month(self):
        self.Snapshot._water_take(day=APRIL_CLOSE, kind="month", now=True)
        self.register(self.jan, 100.0, date(2025, 5, 10))
        self.register(self.feb, 50.0, date(2025, 5, 20))
        result = self.Snapshot._water_recovery(2025, 5, domain=[("contract_id", "=", self.a.id)])
        self.assertEqual(result["end"], MAY_CLOSE)
        self.assertEqual(result["concepts"]["water"], (410.0, 260.0, 150.0))
        self.assertEqual(result["concepts"]["drainage"], (40.0, 40.0, 0.0))
        self.assertEqual(result["concepts"]["surcharges"], (10.0, 10.0, 0.0))
        self.assertEqual(result["total"], (460.0, 310.0, 150.0))
        # the wizard shows it
        wizard = self.env["water.arrears.recovery"].with_user(self.officer).create({"year": 2025, "month": "5"})
        wizard.action_compute()
        self.assertTrue(wizard.line_ids.filtered(lambda line: line.concept == "total"))
        with self.assertRaises(UserError):
            self.Snapshot._water_recovery(2025, 8)

    def test_debtor_list_pdf_and_xlsx(self):
        snapshot = self.Snapshot._water_take(day=APRIL_CLOSE, kind="month", now=True)
        lines = snapshot.line_ids.filtered(lambda line: line.route_id == self.route)
        rows = lines._water_debtor_rows()
        self.assertEqual([row["kind"] for row in rows[:1]] + [rows[-2]["kind"]], ["route", "subtotal"])
        self.assertEqual(rows[-1]["kind"], "total")
        self.assertAlmostEqual(rows[-1]["overdue"], sum(lines.mapped("overdue")), 2)
        report = self.env["ir.actions.report"].with_user(self.officer).with_context(force_report_rendering=True)
        html = report._render_qweb_html("water_collections.report_debtor_list", lines.ids)[0].decode()
        self.assertIn("Total of route", html)
        self.assertIn(self.a.number, html)
        pdf, kind = report._render_qweb_pdf("water_collections.report_debtor_list", lines.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        content, kind = report._render("water_collections.report_arrears_xlsx", lines.ids)
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        account_row = next(row for row in values if row[2] == self.a.number)
        self.assertEqual(account_row[5], 3)
        self.assertEqual(account_row[7:14], [410.0, 40.0, 0.0, 10.0, 0.0, 30.0, 430.0])
        self.assertTrue(any(row[0] and str(row[0]).startswith("Total of route") for row in values))
        self.assertEqual(values[-1][0], "Grand total")
        self.assertAlmostEqual(values[-1][13], sum(lines.mapped("overdue")), 2)

    def test_access_per_role(self):
        self.Snapshot._water_take(now=True)
        Line = self.env["water.arrears.line"]
        self.assertTrue(Line.with_user(self.officer).search_count([]))
        self.assertTrue(Line.with_user(self.accountant).search_count([]))
        self.assertTrue(Line.with_user(self.manager).search_count([]))
        for user in (self.cashier, self.notifier):
            with self.assertRaises(AccessError):
                Line.with_user(user).search_count([])
            with self.assertRaises(AccessError):
                self.Snapshot.with_user(user).action_water_refresh()
        line = Line.search([], limit=1)
        with self.assertRaises(AccessError):
            line.with_user(self.officer).write({"overdue": 0.0})
        with self.assertRaises(AccessError):
            Line.with_user(self.manager).create({"snapshot_id": line.snapshot_id.id, "company_id": self.company.id})
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.accountant).action_water_refresh()
