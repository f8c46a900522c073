import io
import os
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.pdf import PdfFileReader

from .common_ledger import WaterLedgerCase


@tagged("post_install", "-at_install")
class TestPae(WaterLedgerCase):
    """The PAE: the credit determined from the ledger with the enforcement costs charged to the account, the steps
    with their executor and documents, cancellation reversing the charge, closing when paid, the executor's view and
    the treasury's spreadsheet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        cls.company.write(
            {
                "water_pae_cost_rate": 2.0,
                "water_pae_cost_minimum": 150.0,
                "water_pae_legal_requirement": "Artículo 151 del Código Fiscal de la Federación.\nSegunda línea.",
            }
        )
        cls.stage = cls.env.ref("water_collections.collection_stage_pae")
        cls.a, cls.b = cls.contracts[0], cls.contracts[1]
        cls.executor = new_test_user(
            cls.env, "t_executor", groups="base.group_user,water_collections.group_water_executor"
        )
        cls.executor2 = new_test_user(
            cls.env, "t_executor2", groups="base.group_user,water_collections.group_water_executor"
        )
        (cls.executor | cls.executor2).write({"lang": "en_US"})

    def open_case(self, contract):
        arrears = contract._water_arrears()
        self.assertIn(contract.id, arrears)
        return self.env["water.pae.case"].with_user(self.officer)._water_open(arrears, self.stage, date(2025, 6, 1))

    def test_determination_from_the_ledger_and_the_costs_charged_to_the_account(self):
        self.make_bill(self.a, 2025, 1, 10000.0)
        self.make_surcharge(self.a, date(2025, 3, 1), 500.0)
        self.make_bill(self.b, 2025, 1, 1000.0)
        before = self.balance(self.a)
        arrears = (self.a | self.b)._water_arrears()
        cases = self.env["water.pae.case"].with_user(self.officer)._water_open(arrears, self.stage, date(2025, 6, 1))
        self.assertEqual(len(cases), 2)
        case = cases.filtered(lambda c: c.contract_id == self.a)
        self.assertEqual(case.amount_debt, arrears[self.a.id]["overdue"])
        self.assertEqual((case.amount_principal, case.amount_surcharges), (10000.0, 500.0))
        self.assertEqual(case.amount_costs, 210.0, "2% of 10,500")
        self.assertEqual(case.amount_total, 10710.0)
        small = cases - case
        self.assertEqual(small.amount_costs, 150.0, "2% of 1,000 is below the minimum")
        charge = case.cost_move_id
        self.assertEqual((charge.state, charge.move_type, charge.water_contract_id), ("posted", "out_invoice", self.a))
        self.assertEqual(charge.amount_total, 210.0)
        self.assertEqual(charge.invoice_line_ids.product_id.water_concept, "enforcement")
        self.assertAlmostEqual(self.balance(self.a), before + 210.0)
        rows = self.a._water_ledger()[self.a.id]
        self.assertIn(("charge", charge.id, 210.0), [(r["kind"], r["move_id"], r["residual"]) for r in rows])
        concepts = self.a._water_balances_by_concept()[self.a.id]
        self.assertEqual(concepts["other"], 210.0, "the ledger shows the costs among the other charges")
        self.assertIn("210", case.message_ids[:1].body)
        again = self.env["water.pae.case"]._water_open(arrears, self.stage, date(2025, 6, 2))
        self.assertFalse(again, "one active case per account")

    def test_steps_with_executor_dates_and_documents(self):
        self.make_bill(self.a, 2025, 1, 10000.0)
        case = self.open_case(self.a)
        with self.assertRaisesRegex(UserError, "executor"):
            case.with_user(self.officer).action_require()
        case.with_user(self.officer).executor_id = self.executor
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf_dir = os.environ.get("WATER_PAE_PDF_DIR")
        steps = [
            ("determination", None, "open"),
            ("requirement", "action_require", "required"),
            ("mandate", "action_mandate", "mandate"),
            ("seizure", "action_seize", "seizure"),
        ]
        for document, action, state in steps:
            if action == "action_seize":
                with self.assertRaisesRegex(UserError, "seized"):
                    case.with_user(self.executor).action_seize()
                case.with_user(self.executor).seizure_note = "Un automóvil sedán gris, placas ABC-123"
            if action:
                getattr(case.with_user(self.executor), action)()
            self.assertEqual(case.state, state)
            html = Report._render_qweb_html(f"water_collections.report_pae_{document}", case.ids)[0].decode()
            self.assertIn(case.name, html)
            self.assertIn(self.a.number, html)
            self.assertIn("10,200.00", html, "the credit determined: 10,000 + 2%")
            self.assertIn(self.company.name, html, "the utility's letterhead")
            if document == "requirement":
                self.assertIn("Artículo 151 del Código Fiscal de la Federación.<br/>Segunda línea.", html)
            if document == "seizure":
                self.assertIn("placas ABC-123", html)
            pdf = Report._render_qweb_pdf(f"water_collections.report_pae_{document}", case.ids)[0]
            self.assertTrue(pdf.startswith(b"%PDF"))
            self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 1)
            if pdf_dir:  # to look at them
                with open(os.path.join(pdf_dir, f"pae_{document}.pdf"), "wb") as file:
                    file.write(pdf)
        self.assertEqual((case.required_by_id, case.mandate_by_id, case.seizure_by_id), (self.executor,) * 3)
        self.assertTrue(case.date_required and case.date_mandate and case.date_seizure)
        bodies = " ".join(case.message_ids.mapped("body"))
        for label in ("Payment demanded", "Enforcement ordered", "Seizure on"):
            self.assertIn(label, bodies)
        self.assertIn(self.executor.name, bodies)
        action = case.action_print_document()
        self.assertEqual(action["report_name"], "water_collections.report_pae_seizure")
        with self.assertRaisesRegex(UserError, "not at the step"):
            case.with_user(self.executor).action_mandate()

    def test_cancel_reverses_the_costs_with_a_credit_note(self):
        self.make_bill(self.a, 2025, 1, 3000.0)
        before = self.balance(self.a)
        case = self.open_case(self.a)
        charge = case.cost_move_id
        self.assertAlmostEqual(self.balance(self.a), before + 150.0, msg="2% of 3,000 is below the minimum")
        with self.assertRaises(AccessError):
            case.with_user(self.executor).action_cancel()
        with self.assertRaisesRegex(UserError, "why"):
            case.with_user(self.officer)._water_cancel("  ")
        wizard = (
            self.env["water.pae.cancel"]
            .with_user(self.officer)
            .create({"case_ids": [(6, 0, case.ids)], "reason": "Convenio de pago firmado"})
        )
        wizard.action_confirm()
        self.assertEqual(case.state, "cancelled")
        self.assertEqual(case.cancel_reason, "Convenio de pago firmado")
        refund = case.cost_refund_id
        self.assertEqual((refund.move_type, refund.state, refund.amount_total), ("out_refund", "posted", 150.0))
        self.assertEqual(refund.reversed_entry_id, charge)
        self.assertEqual(charge.state, "posted", "the charge is never deleted")
        self.assertEqual(charge.payment_state, "reversed")
        self.assertAlmostEqual(self.balance(self.a), before, msg="the account owes what it owed before the case")
        self.assertIn("Convenio de pago firmado", case.message_ids[:1].body)
        self.assertIn(self.officer.name, case.message_ids[:1].body)
        with self.assertRaisesRegex(UserError, "already"):
            case.with_user(self.officer)._water_cancel("otra vez")

    def test_closes_by_itself_when_the_account_pays(self):
        bill = self.make_bill(self.a, 2025, 1, 800.0)
        self.make_bill(self.b, 2025, 1, 900.0)
        cases = (
            self.env["water.pae.case"]
            .with_user(self.officer)
            ._water_open((self.a | self.b)._water_arrears(), self.stage, date(2025, 6, 1))
        )
        case_a = cases.filtered(lambda c: c.contract_id == self.a)
        self.pay_window(self.a, 800.0)
        self.assertEqual(bill.payment_state, "paid")
        self.assertFalse(self.env["water.pae.case"]._cron_water_pae_close(), "the enforcement costs are still owed")
        self.pay_window(self.a, case_a.amount_costs)
        closed = self.env["water.pae.case"]._cron_water_pae_close()
        self.assertEqual(closed, case_a)
        self.assertEqual(case_a.state, "closed")
        self.assertEqual((cases - case_a).state, "open", "the other account still owes")
        self.assertIn("owes nothing overdue", case_a.message_ids[:1].body)
        self.assertFalse(self.env["water.pae.case"]._cron_water_pae_close(), "once")

    def test_executor_sees_only_his_cases(self):
        self.make_bill(self.a, 2025, 1, 800.0)
        self.make_bill(self.b, 2025, 1, 900.0)
        cases = (
            self.env["water.pae.case"]
            .with_user(self.officer)
            ._water_open((self.a | self.b)._water_arrears(), self.stage, date(2025, 6, 1))
        )
        mine = cases.filtered(lambda c: c.contract_id == self.a)
        mine.executor_id = self.executor
        (cases - mine).executor_id = self.executor2
        Case = self.env["water.pae.case"].with_user(self.executor)
        self.assertEqual(Case.search([("id", "in", cases.ids)]), mine)
        self.assertEqual(self.env["water.pae.case"].with_user(self.officer).search([("id", "in", cases.ids)]), cases)
        with self.assertRaises(AccessError):
            (cases - mine).with_user(self.executor).read(["name"])
        with self.assertRaises(AccessError):
            Case.create({"contract_id": self.a.id})
        mine.with_user(self.executor).action_require()
        self.assertEqual(mine.state, "required")

    def test_the_treasury_spreadsheet(self):
        self.make_bill(self.a, 2025, 1, 800.0)
        self.make_bill(self.b, 2025, 1, 12000.0)
        cases = (
            self.env["water.pae.case"]
            .with_user(self.officer)
            ._water_open((self.a | self.b)._water_arrears(), self.stage, date(2025, 6, 1))
        )
        cases.executor_id = self.executor
        action = cases.with_user(self.officer).action_export_xlsx()
        self.assertEqual(action["report_name"], "water_collections.report_pae_case_xlsx")
        content, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render("water_collections.report_pae_case_xlsx", cases.ids, data={})
        )
        self.assertEqual(report_type, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet["A1"].value, self.company.name)
        header = [cell.value for cell in sheet[4]]
        self.assertEqual(header[:3], ["Folio", "Account", "Debtor"])
        rows = {row[1]: row for row in sheet.iter_rows(min_row=5, max_row=6, values_only=True)}
        row = rows[self.b.number]
        self.assertEqual(row[header.index("Debt")], 12000.0)
        self.assertEqual(row[header.index("Enforcement costs")], 240.0)
        self.assertEqual(row[header.index("Credit determined")], 12240.0)
        self.assertEqual(row[header.index("Executor")], self.executor.name)
        self.assertEqual(row[header.index("Determined")].date(), date(2025, 6, 1))
        total = [cell.value for cell in sheet[7]]
        self.assertEqual(total[0], "Total: 2 cases")
        self.assertEqual(total[header.index("Credit determined")], sum(cases.mapped("amount_total")))
        if os.environ.get("WATER_PAE_PDF_DIR"):
            with open(os.path.join(os.environ["WATER_PAE_PDF_DIR"], "pae.xlsx"), "wb") as file:
                file.write(content)

    def test_demo_makes_a_seized_case_a_closed_one_and_a_posted_writeoff(self):
        for index, contract in enumerate(self.contracts):
            for month in range(1, 2 + index):
                self.make_bill(contract, 2024, month, 300.0 + 10 * index)
        done = self.env["water.demo.generator"]._demo_pae_writeoffs()
        self.assertTrue(done)
        cases = self.env["water.pae.case"].search([])
        self.assertEqual(sorted(cases.mapped("state")), ["closed", "seizure"])
        seized = cases.filtered(lambda c: c.state == "seizure")
        self.assertTrue(seized.seizure_note and seized.date_seizure and seized.executor_id)
        writeoff = self.env["water.writeoff"].search([])
        self.assertEqual(writeoff.state, "posted")
        for contract in writeoff.line_ids.contract_id:
            self.assertEqual(self.balance(contract), 0.0)
            self.assertTrue(contract.water_written_off)
        self.assertFalse(self.env["water.demo.generator"]._demo_pae_writeoffs(), "runs once")

    def test_demo_waits_for_the_payment_history(self):
        Job = self.env["queue.job"]
        before = Job.search([])
        self.env["water.cash.session"].with_context(queue_job__no_delay=False).demo_enqueue_payments()
        self.env["water.demo.generator"].with_context(queue_job__no_delay=False).demo_enqueue_pae_writeoffs()
        jobs = Job.search([("id", "not in", before.ids)], order="id")
        mine = jobs.filtered(lambda job: job.method_name == "_demo_pae_writeoffs")
        self.assertEqual(mine.state, "wait_dependencies")
        parent = jobs.filtered(lambda job: job.method_name == "_recompute_previous_balances")
        self.assertIn(parent.uuid, mine.dependencies["depends_on"])
        self.assertIn(mine.uuid, parent.dependencies["reverse_depends_on"])
        self.assertEqual(mine.graph_uuid, parent.graph_uuid)
        with self.assertRaises(AccessError):
            self.env["water.demo.generator"].with_user(self.officer).demo_enqueue_pae_writeoffs()
