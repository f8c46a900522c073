import io
from datetime import date

from PyPDF2 import PdfFileReader

from odoo.tests import tagged

from odoo.addons.water_registry.tests.common import WaterRegistryCase

SHEET = "water_billing.action_report_tariff_sheet"
BOOKLET = "water_billing.action_report_tariff_booklet"


@tagged("post_install", "-at_install")
class TestTariffSheet(WaterRegistryCase):
    """The tariff sheet (the table as the law publishes it) and the year's booklet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["ir.actions.report"]
        cls.domestic_tariff = cls.env["water.tariff"].create(
            {
                "name": "Ley de Ingresos 2032 - doméstico",
                "service_class_id": cls.domestic.id,
                "date_from": date(2032, 1, 1),
                "date_to": date(2032, 12, 31),
                "base_fee": 35.5,
                "fixed_quota": 160,
                "drainage_pct": 20,
                "sanitation_pct": 12.5,
                "discount_pct": 50,
                "discount_volume": 10,
                "block_ids": [
                    (0, 0, {"sequence": 10, "upper": 10, "price": 0, "fixed_charge": 140.99}),
                    (
                        0,
                        0,
                        {
                            "sequence": 20,
                            "upper": 20,
                            "price": 17.33,
                            "fixed_charge": 163.82,
                            "month_price_ids": [(0, 0, {"month": 7, "price": 18.47})],
                        },
                    ),
                    (0, 0, {"sequence": 30, "upper": 0, "price": 25.4, "fixed_charge": 390}),
                ],
            }
        )
        cls.commercial_tariff = cls.env["water.tariff"].create(
            {
                "name": "Ley de Ingresos 2032 - comercial T2",
                "service_class_id": cls.commercial.id,
                "sector_ids": [(6, 0, cls.sector2.ids)],
                "date_from": date(2032, 1, 1),
                "vat_water": 16,
                "vat_drainage": 16,
                "block_ids": [(0, 0, {"upper": 0, "price": 31.75})],
                "drainage_block_ids": [
                    (0, 0, {"component": "drainage", "sequence": 1, "upper": 25, "price": 4.15}),
                    (0, 0, {"component": "drainage", "sequence": 2, "upper": 0, "price": 6.8}),
                ],
            }
        )

    def html(self, tariffs, report=SHEET):
        return self.Report._render_qweb_html(report, tariffs.ids)[0].decode()

    def test_the_sheet_has_the_law_table(self):
        html = self.html(self.domestic_tariff)
        for figure in ("140.99", "163.82", "17.33", "25.40", "390.00", "35.50", "160.00", "20.00 %", "12.50 %",
                       "50.00 %", "18.47", "01/01/2032", "31/12/2032", "Ley de Ingresos 2032 - doméstico"):  # fmt: skip
            self.assertIn(figure, html)
        # ranges as the law writes them: 0-10, more than 10 up to 20, more than 20 and above
        self.assertIn("More than", html)
        self.assertIn("and above", html)
        # the month table only for a tariff whose prices vary by month: 11 months at 17.33, July at 18.47
        self.assertEqual(html.count("17.33"), 1 + 11)
        self.assertNotIn("varies by month", self.html(self.commercial_tariff))

    def test_the_booklet_renders_every_tariff_after_its_index(self):
        tariffs = self.domestic_tariff | self.commercial_tariff
        html = self.html(tariffs, BOOKLET)
        self.assertIn("31.75", html)
        self.assertIn("4.15", html)  # the drainage ranges of their own
        self.assertIn("6.80", html)
        self.assertIn("By its own ranges", html)
        self.assertIn("16 % / 16 % / 0 %", html)
        self.assertIn(self.sector2.code, html)
        self.assertEqual(html.count('class="tf-page'), 3)  # the cover and one page a tariff
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        content, kind = self.Report.with_context(force_report_rendering=True)._render_qweb_pdf(BOOKLET, tariffs.ids)
        self.assertEqual(kind, "pdf")
        self.assertEqual(len(PdfFileReader(io.BytesIO(content)).pages), 3)

    def test_a_tariff_in_uma_with_whole_m3_prints_its_uma_amounts(self):
        tariff = self.env["water.tariff"].create(
            {
                "name": "Ley de Ingresos 2033 - público",
                "service_class_id": self.commercial.id,
                "date_from": date(2033, 1, 1),
                "method": "excess",
                "range_limits": "whole",
                "amount_unit": "uma",
                "base_fee_uma": 0.25,
                "block_ids": [
                    (0, 0, {"sequence": 10, "upper": 10, "fixed_charge_uma": 1.2018}),
                    (0, 0, {"sequence": 20, "upper": 0, "price_uma": 0.1523, "fixed_charge_uma": 1.45}),
                ],
            }
        )
        html = self.html(tariff)
        for figure in ("1.2018 UMA", "0.1523 UMA", "1.4500 UMA", "0.2500 UMA", "Amounts in UMA"):
            self.assertIn(figure, html)
        self.assertNotIn("More than", html, "whole m³: the second range starts at 11")
        self.assertRegex(html, r">\s*11\s*<")

    def test_every_user_may_print_the_public_sheet(self):
        html = self.Report.with_user(self.clerk)._render_qweb_html(SHEET, self.domestic_tariff.ids)[0].decode()
        self.assertIn("140.99", html)
