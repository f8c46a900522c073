import io
import os
import re
from datetime import timedelta

from lxml import html as lxml_html
from openpyxl import load_workbook

from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.water_billing.tests.common import WaterBillRunCase

from .test_agreement import WaterAgreementCase

AGREEMENT_REPORT = "water_collections.report_water_payment_agreement"
RECIBO_REPORT = "water_billing.report_recibo"
STATEMENT_REPORT = "water_billing.report_statement"


def text_of(page):
    """The visible text of a rendered page, blanks collapsed."""
    return " ".join(lxml_html.fromstring(page).text_content().split())


def en_date(env, day):
    return format_date(env, day, lang_code="en_US")


class WaterAgreementDocumentsCase(WaterAgreementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_MX")
        cls.env["ir.module.module"]._load_module_terms(["water_billing", "water_collections"], ["es_MX"], True)
        cls.company.water_agreement_clauses = False

    def render(self, report, records, user=None, pdf=False):
        Report = self.env["ir.actions.report"]
        if user is not False:
            Report = Report.with_user(user or self.officer)
        Report = Report.with_context(force_report_rendering=True)
        if pdf:
            return Report._render_qweb_pdf(report, records.ids)[0]
        return Report._render_qweb_html(report, records.ids)[0].decode()

    @staticmethod
    def keep(name, content):
        """Write a document where WATER_AGREEMENT_PDF_DIR says, to look at it."""
        folder = os.environ.get("WATER_AGREEMENT_PDF_DIR")
        if folder:
            with open(os.path.join(folder, name), "wb") as file:
                file.write(content)


@tagged("post_install", "-at_install")
class TestAgreementDocuments(WaterAgreementDocumentsCase):
    def test_the_agreement_pdf_has_the_parties_debts_terms_schedule_words_and_clauses(self):
        self.account.partner_id.write({"lang": "en_US", "vat": "GOMA800101AB1"})
        agreement = self.sign(down=305.0, interest_rate=1.0)
        self.pay_window(self.account, 305.0)
        self.assertEqual(agreement.state, "active")
        page = self.render(AGREEMENT_REPORT, agreement)
        text = text_of(page)
        # the parties
        for expected in (agreement.name, self.company.name, self.account.partner_id.name, "GOMA800101AB1",
                         self.account.number, self.officer.name):  # fmt: skip
            self.assertIn(expected, text)
        # the debts covered, each with its amount as signed (the down payment and the activation closed them since)
        debts = lxml_html.fromstring(page).xpath("//table[contains(@class, 'o_water_agreement_debts')]/tbody/tr")
        rows = [" ".join(row.text_content().split()) for row in debts]
        for move, amount in ((self.jan, "1,000.00"), (self.feb, "500.00"), (self.surcharge, "100.00")):
            self.assertTrue(any(move.name in row and amount in row for row in rows), (move.name, rows))
        self.assertTrue(any("Debt covered" in row and "1,600.00" in row for row in rows))
        self.assertIn("Surcharge", " ".join(rows))
        # the forgiveness, the down payment, the amount financed, the interest
        self.assertIn(
            "Surcharges forgiven: 75% (by the utility's policy for agreements in instalments) - $ 75.00", text
        )
        self.assertIn("Down payment $ 305.00", text, "paid: no date to pay it by")
        self.assertIn("Amount financed in 6 instalments (monthly) $ 1,220.00", text)
        self.assertIn("Financing interest: 1% a month, flat amortisation $ 73.20", text)
        self.assertIn(f"$ {agreement.amount_total:,.2f}", text)
        self.assertIn(agreement.amount_total_words, text)
        self.assertIn("MIL", agreement.amount_total_words)
        # the schedule: dates, principal, interest and amount per instalment
        schedule = lxml_html.fromstring(page).xpath("//table[contains(@class, 'o_water_agreement_schedule')]/tbody/tr")
        self.assertEqual(len(schedule), 7, "six instalments and their total")
        first = agreement.line_ids.sorted("number")[0]
        cells = [" ".join(cell.text_content().split()) for cell in schedule[0]]
        self.assertEqual(cells[0], "Instalment 1 of 6")
        self.assertEqual(cells[1], en_date(self.env, first.date_due))
        self.assertEqual(cells[2:], [f"$ {first.principal:,.2f}", f"$ {first.interest:,.2f}", f"$ {first.amount:,.2f}"])
        # the standard clauses with the utility's figures, the place and the signatures
        self.assertIn("unpaid 30 days after its due date breaks the agreement", text)
        self.assertIn("The surcharges forgiven, $ 75.00, are charged back", text)
        self.assertIn("surcharges of 1.47% a month", text)
        self.assertIn("2 times at most", text)
        self.assertIn("from 25 days before its due date", text)
        self.assertIn(f"on {en_date(self.env, agreement.date_confirmed)} by the parties", text)
        self.assertIn("The holder", text)
        self.assertIn("Collections officer", text)
        self.assertNotIn("Draft: not valid", text)
        pdf = self.render(AGREEMENT_REPORT, agreement, pdf=True)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.keep("convenio_en.pdf", pdf)

    def test_the_utility_clauses_replace_the_standard_ones_and_no_interest_no_columns(self):
        self.company.water_agreement_clauses = "<p>PRIMERA. El usuario se obliga a pagar puntualmente.</p>"
        agreement = self.sign(down=305.0)
        self.assertIn("PRIMERA", agreement.clauses, "kept as signed")
        self.company.water_agreement_clauses = "<p>Otra redacción posterior.</p>"
        page = self.render(AGREEMENT_REPORT, agreement)
        text = text_of(page)
        self.assertIn("PRIMERA. El usuario se obliga a pagar puntualmente.", text)
        self.assertNotIn("Otra redacción", text)
        self.assertNotIn("breaks the agreement", text)
        headers = lxml_html.fromstring(page).xpath("//table[contains(@class, 'o_water_agreement_schedule')]//th")
        self.assertEqual([h.text_content().strip() for h in headers], ["Instalment", "Due date", "Amount"])
        # a draft says so
        self.contracts[1].partner_id.lang = "en_US"
        draft = self.env["water.payment.agreement"].create(
            {"contract_id": self.contracts[1].id, "debt_line_ids": [], "instalment_count": 0}
        )
        self.assertIn("Draft: not valid", text_of(self.render(AGREEMENT_REPORT, draft)))

    def test_a_spanish_holder_gets_the_agreement_in_spanish(self):
        self.account.partner_id.lang = "es_MX"
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        page = self.render(AGREEMENT_REPORT, agreement)
        text = text_of(page)
        self.assertIn("Convenio de pago", text)
        self.assertIn("Deudas cubiertas", text)
        self.assertIn("Parcialidad 1 de 6", text)
        self.assertIn("Recibo de agua", text)
        self.assertIn("Recargo", text)
        self.assertIn(agreement.line_ids.sorted("number")[0].date_due.strftime("%d/%m/%Y"), text)
        self.assertIn("30 días después de su vencimiento", text)
        self.assertIn("El titular", text)
        self.assertNotIn("Instalment", text)
        pdf = self.render(AGREEMENT_REPORT, agreement, pdf=True)
        self.keep("convenio_es.pdf", pdf)

    def test_the_statement_reads_the_agreement_entries_as_what_they_are(self):
        agreement = self.sign(down=305.0, interest_rate=1.0)
        self.pay_window(self.account, 305.0)
        self.company.water_agreement_notice_days = 400
        self.pay_window(self.account, agreement.line_ids.sorted("number")[0].amount)
        agreement._water_break("Dejó de pagar", self.today + timedelta(days=200))
        self.company.partner_id.lang = "en_US"
        date_from, date_to = self.today - timedelta(days=400), self.today + timedelta(days=200)
        stmt = self.account.with_context(lang="en_US")._water_statement(date_from, date_to)[self.account.id]
        mine = [line for line in stmt.lines if line["kind"].startswith("agreement")]
        covered = next(line for line in mine if line["kind"] == "agreement")
        self.assertEqual(covered["concept"], "Payment agreement")
        self.assertEqual(covered["description"], f"{agreement.name}: debts covered")
        self.assertEqual((covered["charge"], float(covered["credit"])), (0, 1220.0))
        instalments = [line for line in mine if line["kind"] == "agreement_instalment"]
        self.assertEqual([line["concept"] for line in instalments], [f"Instalment {n} of 6" for n in range(1, 7)])
        first = agreement.line_ids.sorted("number")[0]
        self.assertEqual(instalments[0]["description"], f"due {en_date(self.env, first.date_due)} · {agreement.name}")
        self.assertAlmostEqual(sum(float(line["charge"]) for line in instalments), 1220.0 + 73.2)
        broken = next(line for line in mine if line["kind"] == "agreement_broken")
        self.assertEqual(broken["concept"], "Agreement broken")
        self.assertEqual(broken["move_id"], agreement.breach_move_id.id)
        # every line of the agreement's entries reads as the agreement's, none as a payment or its reversal
        entries = (agreement.move_id | agreement.breach_move_id).ids
        of_entries = [line for line in stmt.lines if line["move_id"] in entries]
        self.assertEqual(len(of_entries), len(mine))
        self.assertFalse({"payment", "reversal"} & {line["kind"] for line in of_entries})
        # the running balance still ends where the ledger does
        self.assertEqual(stmt.closing, stmt.opening + stmt.charges - stmt.credits)
        self.assertEqual(stmt.lines[-1]["balance"], stmt.closing)
        self.assertAlmostEqual(float(stmt.closing), sum(r["residual"] for r in self.open_items(future=True)), places=2)
        # the printed statement (PDF and XLSX) says the same
        Statement = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        data = {
            "contract_ids": self.account.ids,
            "date_from": str(date_from),
            "date_to": str(date_to),
        }
        page = text_of(Statement._render_qweb_html(STATEMENT_REPORT, self.account.ids, data)[0])
        self.assertIn(f"{agreement.name}: debts covered", page)
        self.assertIn("Instalment 3 of 6", page)
        if os.environ.get("WATER_AGREEMENT_PDF_DIR"):
            self.keep("estado_de_cuenta.pdf", Statement._render_qweb_pdf(STATEMENT_REPORT, self.account.ids, data)[0])
        content, _kind = Statement.with_context(active_model="water.contract")._render_xlsx(
            "water_billing.action_report_statement_xlsx", self.account.ids, data=data
        )
        sheet = load_workbook(io.BytesIO(content))[self.account.number]
        cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
        self.assertIn("Agreement broken", cells)
        self.assertIn(f"{agreement.name}: debts covered", cells)


@tagged("post_install", "-at_install")
class TestAgreementRecibo(WaterAgreementDocumentsCase, WaterBillRunCase):
    def bill_march(self):
        lot = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        self.make_run(lot.period_id, invoice_date=self.today).action_run()
        return self.env["account.move"].search(
            [("water_contract_id", "=", self.account.id), ("water_period_id", "=", lot.period_id.id)]
        )

    def recibo_text(self, bills, pdf_name=None):
        page = self.render(RECIBO_REPORT, bills, user=False)
        if pdf_name:
            self.keep(pdf_name, self.render(RECIBO_REPORT, bills, user=False, pdf=True))
        return text_of(page)

    def test_the_next_recibo_shows_the_instalment_due(self):
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        first = agreement.line_ids.sorted("number")[0]
        march = self.bill_march()
        self.assertEqual(march.water_previous_balance, 203.33, "the first instalment only: the others are not due")
        # billed together with the other accounts, the lines come in one read per date and period
        bills = self.env["account.move"].search([("water_period_id", "=", march.water_period_id.id)])
        values = bills.with_context(lang="en_US")._water_recibo_values()
        lines = values[march.id]["agreement_lines"]
        due = en_date(self.env, first.date_due)
        self.assertEqual(
            lines, [{"agreement": agreement.name, "label": f"Instalment 1 of 6 — due {due}", "amount": 203.33}]
        )
        self.assertEqual(values[march.id]["total_to_pay"], round(march.amount_total + 203.33, 2))
        self.assertFalse(any(values[bill.id]["agreement_lines"] for bill in bills - march))
        # the recibo prints it (in the utility's language) and the total still adds up
        self.company.partner_id.lang = "es_MX"
        text = self.recibo_text(march, "recibo_parcialidad.pdf")
        self.assertIn(f"Convenio de pago {agreement.name}", text)
        self.assertIn(f"Parcialidad 1 de 6 — vence {first.date_due.strftime('%d/%m/%Y')} $ 203.33", text)
        total = re.search(r"Total a pagar \$ ([\d,]+\.\d\d)", text)
        self.assertTrue(total, text)
        self.assertEqual(float(total.group(1).replace(",", "")), round(march.amount_total + 203.33, 2))

    def test_the_waiting_down_payment_shows_on_the_recibo(self):
        self.company.partner_id.lang = "en_US"
        agreement = self.sign(down=305.0)
        march = self.bill_march()
        self.assertEqual(march.water_previous_balance, 1525.0)
        lines = march.with_context(lang="en_US")._water_recibo_values()[march.id]["agreement_lines"]
        due = en_date(self.env, agreement.date_down_payment_due)
        self.assertEqual(
            lines, [{"agreement": agreement.name, "label": f"Down payment — pay by {due}", "amount": 305.0}]
        )
        self.assertIn(f"Down payment — pay by {due}", self.recibo_text(march))
