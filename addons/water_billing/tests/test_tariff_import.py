import base64
from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.water_registry.tests.common import WaterRegistryCase, csv_file, xlsx_file
from odoo.addons.water_registry.utils.tables import read_table

from ..utils.tariff_file import template_xlsx
from ..wizards.water_tariff_import import TEMPLATE_URL

SPANISH = ["Clase", "Sector", "Año", "Desde m³", "Hasta m³", "Precio m³", "Cargo fijo", "Cuota fija", "Drenaje %",
           "Saneamiento %", "IVA %", "Descuento %", "Enero"]  # fmt: skip
ENGLISH = ["class", "sectors", "year", "from m3", "to m3", "price per m3", "fixed charge", "fixed quota", "drainage %",
           "sanitation %", "vat %", "social discount %", "january"]  # fmt: skip
# two tariffs of 2031: domestic (every sector) and commercial of sector T2, the law's table typed with merged cells
ROWS = [
    ["DOM", "", 2031, 0, 10, 0, 140.99, 160, 20, 10, 0, 50, None],
    [None, None, None, "10.01", 20, "17.33", "163.82", None, None, None, None, None, "16.90"],
    [None, None, None, "20.01", None, "25.40", None, None, None, None, None, None, None],
    ["Comercial", "T2", 2031, 0, 15, 22, None, 300, 25, 12, 16, 0, None],
    ["Comercial", "T2", 2031, 16, None, 35.5, None, None, None, None, None, None, None],
]


@tagged("post_install", "-at_install")
class TestTariffImport(WaterRegistryCase):
    """Importing a year's tariffs from a spreadsheet: all or nothing, a dry run, CSV and XLSX, Spanish
    and English headers, row-level errors and who may do it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Tariff = cls.env["water.tariff"]
        cls.clerk_billing = new_test_user(
            cls.env, "t_billing_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )

    def wizard(self, content, name="tarifas.csv", user=None):
        self.file_name = name
        Wizard = self.env["water.tariff.import"].with_user(user or self.manager)
        return Wizard.create({"file_data": base64.b64encode(content), "file_name": name})

    def imported(self):
        return self.Tariff.search([("date_from", ">=", date(2031, 1, 1))])

    def messages(self, wizard):
        return wizard.line_ids.sorted("row_number").mapped(lambda line: (line.row_number, line.message))

    def assert_the_two_tariffs(self, tariffs):
        self.assertEqual(len(tariffs), 2)
        domestic = tariffs.filtered(lambda t: t.service_class_id == self.domestic)
        commercial = tariffs - domestic
        self.assertEqual((domestic.date_from, domestic.date_to), (date(2031, 1, 1), date(2031, 12, 31)))
        self.assertFalse(domestic.sector_ids)
        self.assertEqual(commercial.sector_ids, self.sector2)
        self.assertEqual(
            [(b.upper, b.price, b.fixed_charge) for b in domestic.block_ids.sorted("sequence")],
            [(10.0, 0.0, 140.99), (20.0, 17.33, 163.82), (0.0, 25.4, 0.0)],
        )
        self.assertEqual(domestic.block_ids.mapped("month_price_ids").mapped(lambda m: (m.month, m.price)), [(1, 16.9)])
        self.assertEqual(
            (domestic.fixed_quota, domestic.drainage_pct, domestic.sanitation_pct, domestic.discount_pct),
            (160, 20, 10, 50),
        )
        self.assertEqual((commercial.vat_water, commercial.vat_drainage, commercial.vat_sanitation), (16, 16, 16))
        self.assertEqual([b.upper for b in commercial.block_ids.sorted("sequence")], [15.0, 0.0])
        # the imported tariff prices like any other: 15 m3 in January = 163.82 + 5 x 16.90
        lines = domestic._to_engine(1).blocks
        self.assertEqual(str(lines[1].price), "16.90")
        for tariff in tariffs:
            body = tariff.message_ids.filtered(lambda m: "tarifas" in (m.body or ""))
            self.assertTrue(body, "the chatter says where the tariff came from")
            self.assertIn(self.manager.name, body[0].body)
            self.assertEqual(body[0].attachment_ids.mapped("name"), [self.file_name])

    def test_good_csv_with_spanish_headers_creates_exactly_the_tariffs(self):
        before = self.Tariff.search_count([])
        wizard = self.wizard(csv_file(ROWS, headers=SPANISH))
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertEqual(self.Tariff.search_count([]), before + 2)
        self.assert_the_two_tariffs(wizard.tariff_ids)
        self.assertEqual(wizard.tariff_ids, self.imported())
        self.assertIn("Ley de Ingresos 2031", wizard.tariff_ids[0].name)

    def test_good_xlsx_with_english_headers(self):
        wizard = self.wizard(xlsx_file(ROWS, headers=ENGLISH), name="tarifas.xlsx")
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assert_the_two_tariffs(self.imported())

    def test_xlsx_date_cells_and_drainage_ranges(self):
        headers = ["Clase", "Vigencia desde", "Vigencia hasta", "Componente", "Hasta m³", "Precio m³"]
        rows = [
            ["DOM", datetime(2031, 2, 1), datetime(2031, 12, 31), "agua", 10, 5],
            [None, None, None, "agua", None, 9],
            [None, None, None, "drenaje", 10, 1.5],
            [None, None, None, "drenaje", None, 2.5],
        ]
        wizard = self.wizard(xlsx_file(rows, headers=headers), name="tarifas.xlsx")
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        tariff = wizard.tariff_ids
        self.assertEqual((tariff.date_from, tariff.date_to), (date(2031, 2, 1), date(2031, 12, 31)))
        self.assertEqual(tariff.block_ids.mapped("price"), [5.0, 9.0])
        self.assertEqual(tariff.drainage_block_ids.mapped(lambda b: (b.upper, b.price)), [(10.0, 1.5), (0.0, 2.5)])

    def test_a_tariff_in_uma_by_the_excess_method_with_whole_m3(self):
        """A law in UMA (four decimals), cuota mínima más el excedente, ranges in whole m³ (0-10, 11-20)."""
        headers = ["Clase", "Año", "Método", "Límites", "Unidad", "Cuota base", "Desde m³", "Hasta m³",
                   "Precio m³", "Cargo fijo", "Enero"]  # fmt: skip
        rows = [
            ["DOM", 2031, "excedente", "enteros", "UMA", "0.1234", 0, 10, 0, "1.2018", None],
            [None, None, None, None, None, None, 11, None, "0.1523", "1.4500", "0.1611"],
        ]
        wizard = self.wizard(csv_file(rows, headers=headers))
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.summary)
        tariff = wizard.tariff_ids
        self.assertEqual((tariff.method, tariff.range_limits, tariff.amount_unit), ("excess", "whole", "uma"))
        self.assertEqual(tariff.base_fee_uma, 0.1234)
        self.assertEqual(
            tariff.block_ids.sorted("sequence").mapped(lambda b: (b.upper, b.price_uma, b.fixed_charge_uma)),
            [(10.0, 0.0, 1.2018), (0.0, 0.1523, 1.45)],
        )
        self.assertEqual(tariff.block_ids.month_price_ids.mapped(lambda m: (m.month, m.price_uma)), [(1, 0.1611)])
        # the same four decimals in pesos are refused: pesos are centavos
        rows[0][0], rows[0][1], rows[0][4] = "COM", 2032, "pesos"
        rows[1][4] = None
        wizard = self.wizard(csv_file(rows, headers=headers))
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.error_count), ("checked", 1))
        self.assertIn("more than two decimals", self.messages(wizard)[0][1])

    def test_dry_run_writes_nothing(self):
        wizard = self.wizard(xlsx_file(ROWS, headers=SPANISH), name="tarifas.xlsx")
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.tariff_count, wizard.error_count), ("checked", 2, 0))
        self.assertEqual((wizard.row_count, wizard.valid_count), (5, 5))
        self.assertFalse(self.imported())

    def test_a_bad_row_writes_nothing_and_is_reported(self):
        rows = [list(row) for row in ROWS]
        rows[3][5] = "22,5,0"  # commercial price: not a figure
        rows[4][3] = 18  # a gap: 15 -> 18
        wizard = self.wizard(csv_file(rows, headers=SPANISH))
        wizard.action_import()
        self.assertFalse(self.imported())
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(
            self.messages(wizard),
            [
                (5, ("column «Precio m³»: «22,5,0» cannot be read as a figure: the thousands are not grouped by "
                     "three digits")),
                (6, "the range starts at 18 m³ but the range before it ends at 15 m³"),
            ],
        )  # fmt: skip
        self.assertIn("Nothing was imported: 2 rows have problems", wizard.summary)
        self.assertEqual((wizard.row_count, wizard.valid_count, wizard.error_count), (5, 3, 2))

    def test_errors_are_in_spanish(self):
        rows = [list(row) for row in ROWS]
        rows[0][0] = "Hotelero"
        wizard = self.wizard(csv_file(rows, headers=SPANISH)).with_context(lang="es_MX")
        self.env["res.lang"]._activate_lang("es_MX")
        wizard.action_check()
        self.assertFalse(self.imported())
        [(row, message)] = self.messages(wizard)[:1]
        self.assertEqual(row, 2)
        self.assertIn("no existe", message)

    def test_overlap_with_an_existing_tariff_is_a_row_error(self):
        self.Tariff.create(
            {"name": "Vigente 2031", "service_class_id": self.domestic.id, "date_from": date(2031, 6, 1)}
        )
        wizard = self.wizard(csv_file(ROWS, headers=SPANISH))
        wizard.action_import()
        self.assertEqual(self.imported().mapped("name"), ["Vigente 2031"])
        self.assertEqual(
            self.messages(wizard), [(2, "the tariff overlaps tariff «Vigente 2031» of the same class and sectors")]
        )

    def test_only_the_billing_manager_imports(self):
        for user in (self.clerk, self.clerk_billing):
            with self.assertRaises(AccessError):
                self.wizard(csv_file(ROWS, headers=SPANISH), user=user).action_import()
        self.assertFalse(self.imported())

    def test_the_template_reads_back_without_problems(self):
        # its example is a domestic tariff of 2027: out of the way of any the database has
        self.Tariff.search(
            [("service_class_id", "=", self.domestic.id), "|", ("date_to", "=", False), ("date_to", ">=", "2027-01-01")]
        ).active = False
        wizard = self.wizard(template_xlsx(), name="plantilla_tarifas.xlsx")
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.tariff_count, wizard.error_count), ("checked", 1, 0), wizard.summary)


@tagged("post_install", "-at_install")
class TestTariffTemplateDownload(HttpCase):
    def test_the_wizard_links_a_downloadable_template(self):
        view = self.env.ref("water_billing.water_tariff_import_view_form")
        arch = self.env["water.tariff.import"].get_views([(view.id, "form")])["views"]["form"]["arch"]
        self.assertIn(TEMPLATE_URL, arch)
        new_test_user(self.env, "t_tariff_manager", groups="base.group_user,water_registry.group_water_manager")
        self.authenticate("t_tariff_manager", "t_tariff_manager")
        response = self.url_open(TEMPLATE_URL)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        headers, _rows = read_table(response.content, "plantilla.xlsx")
        self.assertEqual(headers[:3], ["tarifa", "clase", "sector"])
