from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.water_billing.tests.common import WaterBillingCase
from odoo.addons.water_registry.tests.common import csv_file, xlsx_file

HEADERS = ("mes", "fuente", "macromedidor", "volumen")


@tagged("post_install", "-at_install")
class TestWaterSourceVolume(WaterBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.lang = "en_US"
        cls.well = cls.env["water.source"].create(
            {"name": "Pozo prueba", "code": "PZ-T", "source_type": "well", "sector_id": cls.sector.id}
        )
        cls.tank = cls.env["water.source"].create({"name": "Tanque prueba", "code": "TQ-T", "source_type": "tank"})
        cls.meter = cls.env["water.macro.meter"].create(
            {"serial": "MM-100", "source_id": cls.well.id, "install_date": date(2020, 1, 1)}
        )
        cls.tank_meter = cls.env["water.macro.meter"].create(
            {"serial": "MM-200", "source_id": cls.tank.id, "install_date": date(2020, 1, 1)}
        )
        cls.env["water.source.volume"].create({"source_id": cls.tank.id, "month": date(2024, 3, 1), "volume": 500})
        cls.Volume = cls.env["water.source.volume"]

    def wizard(self, content, name="volumenes.csv", user=None):
        import base64

        env = self.env(user=user) if user else self.env
        return env["water.source.volume.import"].create({"file_data": base64.b64encode(content), "file_name": name})

    def test_month_is_kept_as_its_first_day_and_unique(self):
        volume = self.Volume.create({"source_id": self.well.id, "month": date(2024, 5, 17), "volume": 1234.5})
        self.assertEqual(volume.month, date(2024, 5, 1))
        self.assertEqual(volume.origin, "captured")
        self.assertEqual(volume.sector_id, self.sector)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Volume.create({"source_id": self.well.id, "month": date(2024, 5, 31), "volume": 1.0})

    def test_a_volume_read_on_another_source_s_macro_meter_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "The macro-meter MM-200 is not at the source Pozo prueba"):
            self.Volume.create(
                {
                    "source_id": self.well.id,
                    "macro_meter_id": self.tank_meter.id,
                    "month": date(2024, 6, 1),
                    "volume": 9,
                }
            )

    def test_import_all_rows(self):
        rows = [
            ["01/2024", "pz-t", "MM-100", "1,250.50"],
            ["2024-02", "PZ-T", "", "1300"],
            ["15/01/2024", "TQ-T", "mm-200", "480,5"],
        ]
        wizard = self.wizard(csv_file(rows, headers=HEADERS))
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.valid_count, wizard.error_count), ("checked", 3, 0))
        self.assertFalse(self.Volume.search([("source_id", "=", self.well.id)]), "a check writes nothing")
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.imported_count, 3)
        volumes = self.Volume.search(
            [("origin", "=", "imported"), ("source_id", "in", (self.well | self.tank).ids)], order="source_id, month"
        )
        self.assertEqual(
            [(v.source_id.code, v.month, v.macro_meter_id.serial or None, v.volume) for v in volumes],
            [
                ("PZ-T", date(2024, 1, 1), "MM-100", 1250.5),
                ("PZ-T", date(2024, 2, 1), None, 1300.0),
                ("TQ-T", date(2024, 1, 1), "MM-200", 480.5),
            ],
        )

    def test_bad_rows_listed_and_nothing_imported(self):
        rows = [
            ["01/2024", "PZ-T", "MM-100", "1000"],
            ["13/2024", "PZ-T", "", "10"],
            ["02/2024", "XX-9", "", "10"],
            ["03/2024", "PZ-T", "MM-200", "10"],
            ["04/2024", "PZ-T", "", "1,2,3"],
            ["05/2024", "PZ-T", "", "-5"],
            ["01/2024", "PZ-T", "", "7"],
            ["03/2024", "TQ-T", "", "9"],
            ["06/2024", "", "", ""],
        ]
        wizard = self.wizard(xlsx_file(rows, headers=HEADERS), name="volumenes.xlsx")
        wizard.action_import()
        self.assertEqual(wizard.state, "checked")
        problems = {}
        for line in wizard.line_ids:
            problems[line.row_number] = problems.get(line.row_number, "") + line.message + "; "
        self.assertEqual(sorted(problems), [3, 4, 5, 6, 7, 8, 9, 10])
        self.assertIn("«13/2024» is not a month", problems[3])
        self.assertIn("unknown source «XX-9»", problems[4])
        self.assertIn("has no macro-meter «MM-200»", problems[5])
        self.assertIn("cannot be read", problems[6])
        self.assertIn("negative", problems[7])
        self.assertIn("repeated (also in row 2)", problems[8])
        self.assertIn("already has a volume for 03/2024", problems[9])
        self.assertIn("source code is missing", problems[10])
        self.assertFalse(self.Volume.search([("source_id", "=", self.well.id)]), "all or nothing")

    def test_missing_columns(self):
        wizard = self.wizard(csv_file([["01/2024", "10"]], headers=("mes", "volumen")))
        wizard.action_check()
        self.assertIn("lacks the columns source", wizard.summary)

    def test_only_supervisor_and_manager_import(self):
        from odoo.exceptions import AccessError

        content = csv_file([["01/2024", "PZ-T", "", "10"]], headers=HEADERS)
        with self.assertRaises(AccessError):
            self.wizard(content, user=self.viewer).action_import()
        wizard = self.wizard(content, user=self.supervisor)
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
