import io
import os

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from .common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashReports(WaterCashCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        cls.bill = cls.make_bill(cls.contract, 1, 1234.5)

    def test_receipt_and_cash_count_pdfs(self):
        session = self.open_session()
        receipt = self.pay(session, self.contract, 1234.5, [("cash", 1000.0, False), ("card", 300.0, "445566")])
        Report = self.env["ir.actions.report"].with_user(self.cashier).with_context(force_report_rendering=True)
        html = Report._render_qweb_html("water_collections.report_cash_receipt", receipt.ids)[0].decode()
        self.assertIn("MIL DOSCIENTOS TREINTA Y CUATRO PESOS 50/100 M.N.", html)
        self.assertIn(receipt.name, html)
        self.assertIn(self.bill.name, html)
        pdf = Report._render_qweb_pdf("water_collections.report_cash_receipt", receipt.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 1, "original and copy on one Letter page")
        action = receipt.with_user(self.cashier).action_print()
        self.assertEqual(action["report_name"], "water_collections.report_cash_receipt")
        for line in session.line_ids:
            line.amount_counted = {"cash": 1500.0, "card": 300.0}.get(line.method_id.code, 0.0)
        session.with_user(self.cashier).action_close()
        html = Report._render_qweb_html("water_collections.report_cash_session", session.ids)[0].decode()
        self.assertIn(session.name, html)
        self.assertIn("34.50", html, "the shortage of the count: 1,500 - (500 + 965.50)")
        pdf = Report._render_qweb_pdf("water_collections.report_cash_session", session.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 1)
        if os.environ.get("WATER_CASH_PDF_DIR"):  # to look at them
            with open(os.path.join(os.environ["WATER_CASH_PDF_DIR"], "corte.pdf"), "wb") as file:
                file.write(pdf)
