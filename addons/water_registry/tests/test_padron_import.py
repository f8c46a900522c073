import base64
from functools import partial
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizards.water_padron_import import WaterPadronImport
from .common import WaterRegistryCase, csv_file, xlsx_file

HEADERS = (
    "cuenta",
    "titular",
    "rfc",
    "clave catastral",
    "calle",
    "numero",
    "colonia",
    "cp",
    "sector",
    "ruta",
    "orden",
    "clase",
    "servicios",
    "medidor",
    "marca",
    "diametro",
    "digitos",
    "lectura inicial",
    "sin medidor",
)


def good_rows(count, prefix="IMP"):
    rows = []
    for index in range(count):
        metered = index % 4 != 3
        rows.append(
            [
                f"{prefix}{index:04d}",
                f"Titular {index}",
                "",
                f"{prefix}-K-{index}",
                "Av. Hidalgo",
                str(index + 1),
                "Centro",
                "38300",
                "t1",
                "R1",
                str(index + 1),
                "Domestic" if index % 2 else "COM",
                "agua, drenaje",
                f"{prefix}-M-{index:04d}" if metered else "",
                "Nueva Marca" if metered else "",
                '1/2"' if metered else "",
                "5" if metered else "",
                "120" if metered else "",
                "" if metered else "cuota fija",
            ]
        )
    return rows


csv_bytes = partial(csv_file, headers=HEADERS)
xlsx_bytes = partial(xlsx_file, headers=HEADERS, sheet_name="Padrón")


@tagged("post_install", "-at_install")
class TestPadronImport(WaterRegistryCase):
    def wizard(self, content, name="padron.csv", user=None):
        return (
            self.env["water.padron.import"]
            .with_user(user or self.clerk)
            .create({"file_data": base64.b64encode(content), "file_name": name})
        )

    def contracts(self, prefix="IMP"):
        return self.env["water.contract"].search([("number", "=like", f"{prefix}%")])

    def test_good_csv_creates_everything(self):
        wizard = self.wizard(csv_bytes(good_rows(8)))
        wizard.action_check()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual((wizard.valid_count, wizard.error_count), (8, 0))
        self.assertFalse(self.contracts(), "the dry run creates nothing")
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.created_count, 8)
        contracts = self.contracts()
        self.assertEqual(len(contracts), 8)
        self.assertEqual(set(contracts.mapped("state")), {"active"})
        first = contracts.filtered(lambda c: c.number == "IMP0000")
        self.assertEqual(first.partner_id.name, "Titular 0")
        self.assertEqual(first.sector_id, self.sector)
        self.assertEqual(first.route_id, self.route)
        self.assertEqual(first.service_class_id, self.commercial)
        self.assertEqual(first.meter_id.serial, "IMP-M-0000")
        self.assertEqual(first.meter_id.brand_id.name, "Nueva Marca")
        self.assertEqual(first.meter_id.service_point_id, first.service_point_id)
        self.assertTrue(first.service_water and first.service_drainage and not first.service_sanitation)
        unmetered = contracts.filtered(lambda c: c.number == "IMP0003")
        self.assertFalse(unmetered.is_metered)
        self.assertEqual(unmetered.unmetered_billing, "fixed_quota")
        self.assertEqual(contracts.filtered(lambda c: c.number == "IMP0001").service_class_id, self.domestic)

    def test_bad_rows_reported_and_nothing_created(self):
        existing = self.make_contract(number="IMP9999")
        rows = good_rows(6)
        rows[1][0] = "IMP9999"  # account exists
        rows[2][1] = ""  # holder missing
        rows[3][8] = "Z9"  # unknown sector
        rows[4][13] = "IMP-M-0000"  # meter repeated in file (row 2 has it)
        rows[4][14] = "Nueva Marca"
        rows[5][13] = "??"  # bad serial
        wizard = self.wizard(csv_bytes(rows, delimiter=";"))
        wizard.action_import()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(self.contracts(), existing, "a file with bad rows imports nothing")
        problems = {(line.row_number, line.message) for line in wizard.line_ids}
        self.assertEqual([r for r, _m in sorted(problems)], [3, 4, 5, 6, 7])
        messages = dict(problems)
        self.assertIn("IMP9999", messages[3])
        self.assertIn("Z9", messages[5])
        self.assertIn("2", messages[6], "the repeated meter names the other row")
        self.assertEqual(wizard.valid_count, 1)
        self.assertIn("5", wizard.summary)

    def test_messages_in_spanish(self):
        rows = good_rows(1)
        rows[0][8] = "Z9"
        wizard = self.wizard(csv_bytes(rows)).with_context(lang="es_MX")
        wizard.action_check()
        if self.env["res.lang"]._lang_get("es_MX"):
            self.assertIn("no existe", wizard.line_ids.message)
        else:
            self.assertIn("does not exist", wizard.line_ids.message)

    def test_xlsx_import(self):
        wizard = self.wizard(xlsx_bytes(good_rows(5, "XLS")), name="padron.xlsx")
        wizard.action_import()
        self.assertEqual(wizard.created_count, 5)
        self.assertEqual(len(self.contracts("XLS")), 5)

    def test_missing_columns_and_empty_file(self):
        with self.assertRaises(UserError):
            self.wizard(csv_file([["1", "x"]], headers=["cuenta", "titular"])).action_check()
        with self.assertRaises(UserError):
            self.env["water.padron.import"].create({}).action_check()

    def test_failure_half_way_leaves_nothing(self):
        original = WaterPadronImport._create_batch
        calls = []

        def failing(self, rows, activation_date):
            calls.append(len(rows))
            if len(calls) == 2:
                raise ValueError("disco lleno")
            return original(self, rows, activation_date)

        with (
            patch.object(WaterPadronImport, "_create_batch", failing),
            patch("odoo.addons.water_registry.wizards.water_padron_import.BATCH_SIZE", 3),
        ):
            wizard = self.wizard(csv_bytes(good_rows(7, "HALF")))
            with self.assertRaises(UserError):
                wizard.action_import()
        self.assertEqual(calls, [3, 3])
        self.assertFalse(self.contracts("HALF"), "the first batch was rolled back too")
        self.assertFalse(self.env["water.meter"].search([("serial", "=like", "HALF-%")]))

    def test_viewer_cannot_import(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.wizard(csv_bytes(good_rows(1)), user=self.viewer)

    def test_numbers_read_as_every_import_reads_them(self):
        rows = good_rows(2, "NUM")
        rows[0][17] = "12,5"  # lectura inicial with a decimal comma: 12.5, never 125
        rows[1][17] = "1,250.5"
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.line_ids.mapped("message"))
        meters = self.contracts("NUM").sorted("number").meter_id
        self.assertEqual(meters.mapped("initial_reading"), [12.5, 1250.5])
        rows = good_rows(1, "BAD")
        rows[0][17] = "1,2,3"
        wizard = self.wizard(csv_bytes(rows)).with_context(lang="en_US")
        wizard.action_check()
        self.assertEqual(
            wizard.line_ids.message,
            "column initial_reading: «1,2,3» is not a number (the thousands are not grouped by three digits)",
        )
