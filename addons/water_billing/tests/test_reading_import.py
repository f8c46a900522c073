import base64
from datetime import date, datetime, timedelta
from functools import partial
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.water_registry.tests.common import WaterRegistryCase, csv_file, xlsx_file

from ..wizards import water_reading_import

HEADERS = ("cuenta", "lectura", "clave", "fecha", "nota")


csv_bytes = partial(csv_file, headers=HEADERS)
xlsx_bytes = partial(xlsx_file, headers=HEADERS, sheet_name="Lecturas")


@tagged("post_install", "-at_install")
class TestReadingImport(WaterRegistryCase):
    """A route with four metered accounts, its lot of January 2025 in the field, a supervisor and a reader."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader_user = new_test_user(
            cls.env, "t_imp_reader", groups="base.group_user,water_billing.group_water_reader"
        )
        cls.supervisor = new_test_user(
            cls.env,
            "t_imp_supervisor",
            groups="base.group_user,water_billing.group_water_reading_supervisor",
            tz="America/Mexico_City",
        )
        cls.route.reader_id = cls.env["hr.employee"].create(
            {"name": "Lecturista Importación", "water_role": "reader", "user_id": cls.reader_user.id}
        )
        cls.contracts = cls.env["water.contract"]
        for index in range(4):
            point = cls.make_point(street=f"Calle Terminal {index}", route_sequence=index + 1)
            cls.install_meter(point, cls.make_meter(f"IMPL-{index:03d}"), reading=1000)
            contract = cls.make_contract(point)
            contract.action_activate()
            cls.contracts |= contract
        start = date(2025, 1, 1)
        cls.period = cls.env["water.billing.period"].create(
            {"date_start": start, "date_end": start + relativedelta(months=1, days=-1), "frequency": "monthly"}
        )
        cls.lot = cls.env["water.reading.lot"]._generate(cls.period, cls.route)
        cls.lot.action_send_to_field()
        cls.numbers = cls.contracts.mapped("number")
        cls.damaged = cls.env.ref("water_billing.observation_02")
        cls.empty_house = cls.env.ref("water_billing.observation_01")

    # ---------------------------------------------------------------- helpers
    def wizard(self, content, name="lecturas.csv", user=None, lot=None):
        return (
            self.env["water.reading.import"]
            .with_user(user or self.supervisor)
            .create({"lot_id": (lot or self.lot).id, "file_data": base64.b64encode(content), "file_name": name})
        )

    def reading(self, contract):
        return self.lot.reading_ids.filtered(lambda r: r.contract_id == contract)

    def good_rows(self):
        a, b, c, d = self.numbers
        return [
            [a, "1012", "", "15/01/2025 09:30", "perro en el patio"],
            [b, "1020.5", "", "15/01/2025 09:41", ""],
            [c, "", "02", "", ""],
            [d, "1000", "01", "2025-01-15 10:02", ""],
        ]

    # ---------------------------------------------------------------- tests
    def test_good_csv_captures_readings_and_observations(self):
        a, b, c, d = self.contracts
        self.assertEqual(set(self.lot.reading_ids.mapped("state")), {"pending"})  # also fills the cache
        wizard = self.wizard(csv_bytes(self.good_rows()))
        wizard.action_check()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual((wizard.row_count, wizard.valid_count, wizard.error_count), (4, 4, 0))
        self.assertEqual(set(self.lot.reading_ids.mapped("state")), {"pending"}, "the dry run writes nothing")

        before = fields.Datetime.now().replace(microsecond=0)
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.captured_count, wizard.unchanged_count, wizard.pending_count), (4, 0, 0))
        readings = self.lot.reading_ids
        self.assertEqual(set(readings.mapped("state")), {"captured"})
        self.assertEqual(set(readings.mapped("capture_channel")), {"import"})
        self.assertEqual(readings.captured_by_id, self.supervisor)
        self.assertEqual(self.reading(a).reading_text, "1012")
        self.assertEqual(self.reading(a).reader_note, "perro en el patio")
        self.assertEqual(self.reading(b).reading_text, "1020.5")
        self.assertFalse(self.reading(c).reading_text)
        self.assertEqual(self.reading(c).observation_id, self.damaged)
        self.assertEqual((self.reading(d).reading_text, self.reading(d).observation_id), ("1000", self.empty_house))
        # the handheld's local time (Mexico City, UTC-6) stored in UTC; no date in the file: now
        self.assertEqual(self.reading(a).capture_date, datetime(2025, 1, 15, 15, 30))
        self.assertEqual(self.reading(d).capture_date, datetime(2025, 1, 15, 16, 2))
        self.assertGreaterEqual(self.reading(c).capture_date, before)
        self.assertIn("lecturas.csv", self.lot.message_ids[0].body)

        self.lot.action_validate()
        self.assertEqual(self.reading(a).consumption, 12.0)
        self.assertEqual(self.reading(c).basis, "estimated", "the observation code decides")
        self.assertEqual(self.reading(d).state, "valid", "empty house: zero consumption is not an anomaly")

    def test_bad_rows_are_listed_and_nothing_is_written(self):
        a, b, c, d = self.numbers
        self.reading(self.contracts[0]).write({"reading_text": "1005"})
        rows = [
            [a, "1012", "", "", ""],  # 2 good
            ["99999999", "1012", "", "", ""],  # 3 not in the lot
            [b, "", "77", "", ""],  # 4 unknown code
            [c, "", "", "", "nadie"],  # 5 nothing captured
            [a, "1013", "", "", ""],  # 6 repeated
            [d, "1001", "", "32/01/2025", ""],  # 7 bad date
            ["", "5", "", "", ""],  # 8 no account
        ]
        wizard = self.wizard(csv_bytes(rows, delimiter=";"))
        wizard.action_import()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual((wizard.row_count, wizard.valid_count, wizard.error_count), (7, 1, 6))
        lines = [(line.row_number, line.message) for line in wizard.line_ids]
        self.assertEqual([row for row, _message in lines], [3, 4, 5, 6, 7, 8])
        messages = dict(lines)
        self.assertIn("99999999", messages[3])
        self.assertIn(self.lot.name, messages[3])
        self.assertIn("77", messages[4])
        self.assertIn("also in row 2", messages[6])
        self.assertIn("32/01/2025", messages[7])
        self.assertIn("Nothing was imported", wizard.summary)
        self.assertEqual(self.reading(self.contracts[0]).reading_text, "1005", "all or nothing")
        self.assertEqual(self.reading(self.contracts[0]).capture_channel, "list")
        self.assertEqual(set(self.lot.reading_ids[1:].mapped("state")), {"pending"})

    def test_missing_columns_reported_on_row_one(self):
        wizard = self.wizard(csv_bytes([["1012", "02"]], headers=("lectura", "clave")))
        wizard.action_check()
        self.assertEqual(wizard.line_ids.row_number, 1)
        self.assertIn("no account column", wizard.line_ids.message)
        self.assertIn("lectura, clave", wizard.line_ids.message)

    def test_not_a_number_is_captured_and_flagged_by_validation(self):
        a, b, c, d = self.numbers
        rows = [[a, "1O12", "", "", ""], [b, "1010", "", "", ""], [c, "1010", "", "", ""], [d, "1010", "", "", ""]]
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_import()
        self.assertEqual(wizard.state, "done", "not a number is not a file error")
        reading = self.reading(self.contracts[0])
        self.assertEqual((reading.reading_text, reading.state), ("1O12", "captured"))
        self.lot.action_validate()
        self.assertEqual((reading.state, reading.anomaly), ("to_review", "not_a_number"), "never billed silently")
        self.assertEqual(self.lot.state, "captured")
        self.assertEqual(self.reading(self.contracts[1]).state, "valid")

    def test_xlsx(self):
        a, b, c, d = self.contracts
        rows = [
            [int(a.number), 1012, "", datetime(2025, 1, 15, 9, 30), ""],
            [int(b.number), 1020.5, "", None, "medidor empañado"],
            [int(c.number), None, 2, None, ""],  # the spreadsheet made "02" a number
        ]
        wizard = self.wizard(xlsx_bytes(rows), name="lecturas.xlsx")
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.line_ids.mapped("message"))
        self.assertEqual(wizard.pending_count, 1)
        self.assertEqual(self.reading(a).reading_text, "1012")
        self.assertEqual(self.reading(a).capture_date, datetime(2025, 1, 15, 15, 30))
        self.assertEqual(self.reading(b).reading_text, "1020.5")
        self.assertEqual(self.reading(b).reader_note, "medidor empañado")
        self.assertEqual(self.reading(c).observation_id, self.damaged)
        self.assertEqual(self.reading(d).state, "pending", "an account not in the file is left alone")

    def test_importing_twice_is_harmless(self):
        a, b, c, _d = self.numbers
        rows = [[a, "1O12", "", "15/01/2025 09:30", ""], [b, "1010", "", "", ""], [c, "", "02", "", ""]]
        content = csv_bytes(rows)
        self.wizard(content).action_import()
        self.lot.action_validate()  # the fourth account is pending: the lot stays open
        states = {r.id: (r.state, r.anomaly, r.capture_date) for r in self.lot.reading_ids}
        self.assertEqual(self.reading(self.contracts[0]).state, "to_review")
        self.assertEqual(self.reading(self.contracts[1]).state, "valid")

        again = self.wizard(content)
        again.action_check()
        self.assertIn("0 readings will be captured, 3 already have the same values", again.summary)
        again.action_import()
        self.assertEqual((again.captured_count, again.unchanged_count), (0, 3))
        self.assertEqual(
            {r.id: (r.state, r.anomaly, r.capture_date) for r in self.lot.reading_ids},
            states,
            "same readings, same states: the supervisor's work is kept",
        )
        # a corrected file recaptures only what changed
        rows[0][1] = "1012"
        third = self.wizard(csv_bytes(rows))
        third.action_import()
        self.assertEqual((third.captured_count, third.unchanged_count), (1, 2))
        self.assertEqual(self.reading(self.contracts[0]).state, "captured")
        self.assertEqual(self.reading(self.contracts[1]).state, "valid")

    def test_only_supervisors_import(self):
        content = csv_bytes(self.good_rows())
        with self.assertRaises(AccessError):
            self.wizard(content, user=self.reader_user)
        wizard = self.wizard(content)
        with self.assertRaises(AccessError):
            wizard.with_user(self.reader_user).action_import()
        self.assertEqual(set(self.lot.reading_ids.mapped("state")), {"pending"})

    def test_lot_must_be_in_the_field_or_captured(self):
        period = self.env["water.billing.period"].create(
            {"date_start": date(2025, 2, 1), "date_end": date(2025, 2, 28), "frequency": "monthly"}
        )
        draft = self.env["water.reading.lot"]._generate(period, self.route)
        wizard = self.wizard(csv_bytes(self.good_rows()), lot=draft)
        with self.assertRaisesRegex(UserError, "in the field or captured"):
            wizard.action_check()

    def test_button_on_the_lot_opens_the_wizard(self):
        lot_form = (
            self.env["water.reading.lot"]
            .with_user(self.supervisor)
            .get_view(self.env.ref("water_billing.water_reading_lot_view_form").id, "form")
        )
        self.assertIn("Import handheld file", lot_form["arch"])
        action = self.env.ref("water_billing.action_water_reading_import")
        form = Form(
            self.env["water.reading.import"].with_user(self.supervisor).with_context(default_lot_id=self.lot.id)
        )
        form.file_data = base64.b64encode(csv_bytes(self.good_rows()))
        wizard = form.save()
        self.assertEqual(wizard.lot_id, self.lot)
        self.assertEqual(action.res_model, "water.reading.import")
        result = wizard.action_import()
        self.assertEqual(result["res_id"], wizard.id)
        self.assertEqual(wizard.captured_count, 4)
        self.assertEqual(wizard.action_open_readings()["domain"], [("lot_id", "=", self.lot.id)])

    def test_now_is_used_without_a_date(self):
        a = self.numbers[0]
        before = fields.Datetime.now() - timedelta(seconds=1)
        self.wizard(csv_bytes([[a, "1003"]], headers=("account", "reading"))).action_import()
        self.assertGreaterEqual(self.reading(self.contracts[0]).capture_date, before)

    def test_failure_half_way_leaves_nothing(self):
        wizard = self.wizard(csv_bytes(self.good_rows()))
        calls = []

        def to_utc_failing(local):
            calls.append(local)
            if len(calls) > 1:
                raise ValueError("clock exploded")
            return local

        with (
            patch.object(water_reading_import, "SQL_BATCH", 1),
            patch.object(type(wizard), "_to_utc", side_effect=to_utc_failing, autospec=False),
            self.assertRaisesRegex(UserError, "nothing was saved"),
        ):
            wizard.action_import()
        self.env.invalidate_all()
        self.assertEqual(set(self.lot.reading_ids.mapped("state")), {"pending"}, "the first batch is rolled back")
