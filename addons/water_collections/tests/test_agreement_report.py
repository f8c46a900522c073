import io
import os

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .test_agreement import WaterAgreementCase


@tagged("post_install", "-at_install")
class TestAgreementReport(WaterAgreementCase):
    """Five accounts, one agreement each: active with an instalment paid, broken after part of an instalment,
    completed by a single payment (the manager's, on a commercial account), cancelled, and a draft."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.water_agreement_notice_days = 400  # every instalment due for payment at once
        cls.commercial = cls.env.ref("water_registry.service_class_commercial")
        cls.b, cls.c, cls.d, cls.e = cls.contracts[1:5]
        cls.c.service_class_id = cls.commercial
        cls.make_bill(cls.b, 2025, 1, 800.0)
        cls.make_bill(cls.b, 2025, 2, 400.0)
        cls.make_bill(cls.c, 2025, 1, 600.0)
        cls.make_bill(cls.d, 2025, 1, 300.0)
        cls.make_bill(cls.e, 2025, 1, 250.0)

    def sign_on(self, contract, count, down=None, user=None, confirm=True):
        with Form(self.env["water.payment.agreement"].with_user(user or self.officer)) as form:
            form.contract_id = contract
            form.instalment_count = count
            if count:
                form.frequency = "monthly"
                form.first_due_date = self.first_due
            if down is not None:
                form.amount_down_payment = down
        if confirm:
            form.record.with_user(user or self.officer).action_confirm()
        return form.record

    def make_agreements(self):
        active = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        self.pay_window(self.account, 203.33)
        broken = self.sign_on(self.b, 3, down=240.0)
        self.pay_window(self.b, 240.0)
        self.pay_window(self.b, 100.0)  # part of the first instalment
        broken.with_user(self.officer).action_water_break("The holder moved away")
        done = self.sign_on(self.c, 0, user=self.manager)
        self.pay_window(self.c, 600.0)
        cancelled = self.sign_on(self.d, 3, down=60.0)
        cancelled.with_user(self.officer).action_water_cancel("The holder changed his mind")
        draft = self.sign_on(self.e, 3, confirm=False)
        agreements = active | broken | done | cancelled | draft
        self.assertEqual(
            agreements.mapped("state"), ["active", "broken", "done", "cancelled", "draft"], "one in each state"
        )
        return agreements

    def test_agreed_against_collected_to_the_cent(self):
        active, broken, done, cancelled, draft = self.make_agreements()
        Report = self.env["water.payment.agreement.report"].with_user(self.officer)
        rows = {
            row.agreement_id: row
            for row in Report.search([("agreement_id", "in", (active | broken | done | cancelled | draft).ids)])
        }
        row = rows[active]
        self.assertEqual(
            (row.amount_agreed, row.amount_down_collected, row.amount_instalments_collected, row.amount_collected),
            (1525.0, 305.0, 203.33, 508.33),
        )
        self.assertEqual((row.amount_owed, row.amount_returned, row.breach_rate), (1016.67, 0.0, 0.0))
        row = rows[broken]
        self.assertEqual(
            (row.amount_agreed, row.amount_collected, row.amount_instalments_collected), (1200.0, 340.0, 100.0),
            "the breach entry closing the instalments is no money collected",
        )  # fmt: skip
        self.assertEqual(
            (row.amount_owed, row.amount_returned, row.broken_count, row.breach_rate), (0.0, 860.0, 1, 100.0)
        )
        row = rows[done]
        self.assertEqual(
            (row.amount_agreed, row.amount_collected, row.amount_owed, row.done_count), (600.0, 600.0, 0.0, 1)
        )
        self.assertEqual((row.user_id, row.service_class_id), (self.manager, self.commercial))
        for agreement in (cancelled, draft):
            row = rows[agreement]
            self.assertEqual((row.amount_agreed, row.amount_collected, row.amount_owed), (0.0, 0.0, 0.0))
            self.assertFalse(row.breach_rate, "neither broken nor kept")

    def test_breach_rate_by_officer_and_by_class_in_the_pivot(self):
        agreements = self.make_agreements()
        Report = self.env["water.payment.agreement.report"].with_user(self.officer)
        domain = [("agreement_id", "in", agreements.ids)]
        fields_ = ["agreement_count:sum", "amount_agreed:sum", "amount_collected:sum", "broken_count:sum",
                   "breach_rate:avg"]  # fmt: skip
        by_officer = {group["user_id"][0]: group for group in Report.read_group(domain, fields_, ["user_id"])}
        officer = by_officer[self.officer.id]
        self.assertEqual(officer["agreement_count"], 4)
        self.assertAlmostEqual(officer["amount_agreed"], 2725.0, places=2)
        self.assertAlmostEqual(officer["amount_collected"], 848.33, places=2)
        self.assertEqual(officer["broken_count"], 1)
        self.assertAlmostEqual(officer["breach_rate"], 50.0, places=2, msg="1 broken of 1 broken + 1 active")
        self.assertAlmostEqual(by_officer[self.manager.id]["breach_rate"], 0.0, places=2)
        by_class = {
            group["service_class_id"][0]: group for group in Report.read_group(domain, fields_, ["service_class_id"])
        }
        self.assertAlmostEqual(by_class[self.commercial.id]["breach_rate"], 0.0, places=2)
        self.assertAlmostEqual(by_class[self.account.service_class_id.id]["breach_rate"], 50.0, places=2)
        total = Report.read_group(domain, fields_, [])[0]
        self.assertAlmostEqual(total["breach_rate"], 100.0 / 3, places=2, msg="1 broken of 3 judged")

    def test_xlsx_lists_the_agreements_and_sums_up_by_officer_and_class(self):
        agreements = self.make_agreements()
        action = self.env.ref("water_collections.action_report_payment_agreement_xlsx")
        self.assertEqual(action.report_type, "xlsx")
        content, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render("water_collections.report_payment_agreement_xlsx", agreements.ids, data={})
        )
        self.assertEqual(report_type, "xlsx")
        if os.environ.get("WATER_AGREEMENT_XLSX_DIR"):
            with open(os.path.join(os.environ["WATER_AGREEMENT_XLSX_DIR"], "agreements.xlsx"), "wb") as file:
                file.write(content)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Agreements", "Summary"])
        sheet = book["Agreements"]
        self.assertEqual(sheet["A1"].value, self.company.name)
        header = [cell.value for cell in sheet[4]]
        self.assertEqual(header[:3], ["Folio", "Account", "Holder"])
        rows = {row[0]: row for row in sheet.iter_rows(min_row=5, max_row=9, values_only=True)}
        active = rows[agreements[0].name]
        self.assertEqual(active[header.index("Agreed")], 1525.0)
        self.assertEqual(active[header.index("Collected")], 508.33)
        self.assertEqual(active[header.index("Owed")], 1016.67)
        self.assertEqual(active[header.index("State")], "Active")
        self.assertEqual(rows[agreements[1].name][header.index("Back to the account on breach")], 860.0)
        total = [cell.value for cell in sheet[10]]
        self.assertEqual(total[0], "Total: 5 agreements")
        self.assertEqual(total[header.index("Agreed")], 3325.0)
        self.assertEqual(total[header.index("Collected")], 1448.33)
        summary = book["Summary"]
        cells = [[cell for cell in row] for row in summary.iter_rows(values_only=True)]
        labels = [row[0] for row in cells]
        head = cells[labels.index("Officer")]
        officer = cells[labels.index(self.officer.name)]
        self.assertEqual(officer[head.index("Agreements")], 4)
        self.assertEqual(officer[head.index("Agreed")], 2725.0)
        self.assertEqual(officer[head.index("Collected")], 848.33)
        self.assertEqual(officer[head.index("Collected (%)")], 31.13)
        self.assertEqual(officer[head.index("Breach rate (%)")], 50.0)
        manager = cells[labels.index(self.manager.name)]
        self.assertEqual((manager[head.index("Completed")], manager[head.index("Breach rate (%)")]), (1, 0.0))
        first_total = cells[labels.index("Total")]
        self.assertEqual(
            (first_total[head.index("Agreements")], first_total[head.index("Breach rate (%)")]), (5, 33.33)
        )
        by_class = labels.index("Class")
        commercial = cells[labels.index(self.commercial.display_name, by_class)]
        self.assertEqual((commercial[head.index("Agreed")], commercial[head.index("Breach rate (%)")]), (600.0, 0.0))
        self.assertEqual(labels.count("Total"), 2, "a total for each table")

    def test_a_restructuring_and_its_parent_never_count_the_same_money_twice(self):
        parent = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        self.pay_window(self.account, 203.33)
        child = self.env["water.payment.agreement"].browse(
            parent.with_user(self.officer).action_water_restructure()["res_id"]
        )
        child.with_user(self.officer).write({"frequency": "monthly", "first_due_date": self.first_due})
        child.with_user(self.officer).action_confirm()
        self.assertEqual(child.amount_debt, 1016.67, "the parent's instalments left")
        self.pay_window(self.account, child.amount_down_payment)  # pays the parent's next instalment first
        self.assertEqual((parent.state, child.state), ("restructured", "active"))
        Report = self.env["water.payment.agreement.report"].with_user(self.officer)
        rows = {row.agreement_id: row for row in Report.search([("agreement_id", "in", (parent | child).ids)])}
        self.assertEqual((rows[parent].amount_collected, rows[parent].amount_agreed), (508.33, 508.33))
        self.assertEqual(rows[child].amount_collected, child.amount_down_payment)
        self.assertEqual(rows[child].amount_agreed, child.amount_total)
        self.assertAlmostEqual(
            rows[parent].amount_collected + rows[child].amount_collected, 508.33 + child.amount_down_payment, 2
        )
        self.assertFalse(rows[parent].breach_rate, "a restructured agreement is neither broken nor kept")

    def test_only_collections_and_the_accountant_read_the_analysis(self):
        self.make_agreements()
        Report = self.env["water.payment.agreement.report"]
        self.assertEqual(Report.with_user(self.accountant).search_count([]), Report.search_count([]))
        with self.assertRaises(AccessError):
            Report.with_user(self.cashier).search([])
