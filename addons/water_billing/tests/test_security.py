from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import WaterBillingCase


@tagged("post_install", "-at_install")
class TestReadingSecurity(WaterBillingCase):
    def setUp(self):
        super().setUp()
        self.period = self.make_period(2025, 7)
        self.lot = self.lot_for(self.period)
        other_employee = self.env["hr.employee"].create(
            {"name": "Lecturista Dos", "water_role": "reader", "user_id": self.other_reader_user.id}
        )
        self.route2.reader_id = other_employee
        other_point = self.make_point(sector_id=self.sector2.id, route_id=self.route2.id, street="Calle Ajena")
        self.install_meter(other_point, self.make_meter("AJENO-1"))
        self.make_contract(other_point).action_activate()
        self.other_lot = self.env["water.reading.lot"]._generate(self.period, self.route2)
        self.other_lot.action_send_to_field()

    def test_reader_sees_and_captures_only_own_lots(self):
        Lot = self.env["water.reading.lot"].with_user(self.reader_user)
        self.assertEqual(Lot.search([("period_id", "=", self.period.id)]), self.lot)
        readings = self.env["water.reading"].with_user(self.reader_user).search([("period_id", "=", self.period.id)])
        self.assertEqual(readings, self.lot.reading_ids)
        with self.assertRaises(AccessError):
            self.other_lot.reading_ids.with_user(self.reader_user).write({"reading_text": "5"})
        own = readings[0]
        own.write({"reading_text": "1009"})
        self.assertEqual(own.captured_by_id, self.reader_user)

    def test_reader_cannot_touch_anything_but_the_capture(self):
        reading = self.lot.reading_ids[0].with_user(self.reader_user)
        with self.assertRaises(AccessError):
            reading.write({"reading_text": "1009", "previous_reading": 0})
        with self.assertRaises(AccessError):
            self.lot.with_user(self.reader_user).action_validate()
        with self.assertRaises(AccessError):
            reading.action_use_estimate()
        with self.assertRaises(AccessError):
            self.env["water.reading.lot"].with_user(self.reader_user).create(
                {"period_id": self.period.id, "route_id": self.route.id}
            )

    def test_reader_finishes_capture_but_cannot_reassign_or_send(self):
        lot = self.lot.with_user(self.reader_user)
        with self.assertRaises(AccessError):
            lot.write({"reader_id": False})
        self.capture(self.lot, {c: "1015" for c in self.contracts})
        lot.action_mark_captured()
        self.assertEqual(self.lot.state, "captured")
        draft = self.env["water.reading.lot"]._generate(self.make_period(2025, 9), self.route)
        with self.assertRaises(AccessError):
            draft.with_user(self.reader_user).action_send_to_field()

    def test_capture_closed_when_lot_left_the_field(self):
        self.capture(self.lot, {c: "1015" for c in self.contracts})
        self.lot.action_validate()
        with self.assertRaises(UserError):
            self.lot.reading_ids[0].with_user(self.reader_user).write({"reading_text": "1"})

    def test_supervisor_sees_all_and_staff_without_role_none(self):
        Lot = self.env["water.reading.lot"].with_user(self.supervisor)
        self.assertEqual(Lot.search([("period_id", "=", self.period.id)]), self.lot | self.other_lot)
        with self.assertRaises(AccessError):
            self.env["water.reading.lot"].with_user(self.viewer).search([])
        clerk_only = new_test_user(self.env, "t_clerk_only", groups="base.group_user,water_registry.group_water_clerk")
        with self.assertRaises(AccessError):
            self.env["water.reading"].with_user(clerk_only).search([])
