from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WaterBillingCase


@tagged("post_install", "-at_install")
class TestReadingLot(WaterBillingCase):
    def test_lot_per_route_in_route_order_with_expected_values(self):
        period = self.make_period(2025, 1)
        lot = self.env["water.reading.lot"]._generate(period, self.route | self.route2)
        self.assertEqual(len(lot), 2, "one lot per route, even an empty one")
        ours = lot.filtered(lambda lot: lot.route_id == self.route)
        self.assertEqual(ours.reader_id, self.reader)
        self.assertEqual(ours.reader_user_id, self.reader_user)
        self.assertEqual(ours.state, "draft")
        readings = ours.reading_ids
        self.assertEqual(readings.contract_id, self.contracts, "active metered accounts only")
        self.assertEqual(readings.mapped("route_sequence"), [1, 2, 3, 4, 5], "route order")
        first = readings.filtered(lambda r: r.contract_id == self.contracts[0])
        self.assertEqual(first.previous_reading, 1000, "no history: the meter's installation reading")
        self.assertEqual(first.average_consumption, 15.0, "no history: the class default")
        self.assertEqual((first.expected_min, first.expected_max), (1000, 1045))
        self.assertEqual(first.meter_id.serial, "LEC-000")
        again = self.env["water.reading.lot"]._generate(period, self.route)
        self.assertFalse(again, "a route has one lot per period")

    def test_period_button_generates_lots_of_calendar_sectors(self):
        period = self.make_period(2025, 2)
        period.action_generate_lots()
        self.assertIn(self.route, period.lot_ids.route_id)
        self.assertEqual(period.lot_count, len(period.lot_ids))

    def test_workflow_states(self):
        period = self.make_period(2025, 3)
        lot = self.env["water.reading.lot"]._generate(period, self.route)
        self.assertEqual(lot.reading_count, 5)
        with self.assertRaises(UserError):
            lot.action_mark_captured()
        lot.action_send_to_field()
        self.assertEqual(lot.state, "field")
        self.capture(lot, {c: "1020" for c in self.contracts[:4]})
        with self.assertRaises(UserError):
            lot.action_mark_captured()  # one account has neither reading nor observation
        self.capture(lot, {self.contracts[4]: self.env.ref("water_billing.observation_03")})
        lot.action_mark_captured()
        self.assertEqual(lot.state, "captured")
        self.assertEqual(lot.captured_count, 5)
        lot.action_validate()
        self.assertEqual(lot.state, "validated")
        self.assertEqual(lot.valid_count, 5)

    def test_capture_records_who_when_and_channel(self):
        lot = self.lot_for(self.make_period(2025, 4))
        reading = self.reading(lot, self.contracts[0])
        self.assertEqual(reading.state, "pending")
        reading.with_user(self.reader_user).with_context(water_capture_channel="mobile").write({"reading_text": "1011"})
        self.assertEqual(reading.state, "captured")
        self.assertEqual(reading.captured_by_id, self.reader_user)
        self.assertEqual(reading.capture_channel, "mobile")
        self.assertTrue(reading.capture_date)

    def test_supervisor_review_queue_closes_lot(self):
        lot = self.lot_for(self.make_period(2025, 5))
        self.capture(lot, {c: "1012" for c in self.contracts[:3]})
        self.capture(lot, {self.contracts[3]: "abc", self.contracts[4]: "1200"})
        lot.action_validate()
        self.assertEqual(lot.state, "captured", "anomalies keep the lot open")
        self.assertEqual(lot.review_count, 2)
        bad_text = self.reading(lot, self.contracts[3])
        high = self.reading(lot, self.contracts[4])
        with self.assertRaises(UserError):
            bad_text.with_user(self.supervisor).action_accept_measured()  # nothing measured to accept
        high.with_user(self.supervisor).action_accept_measured()
        self.assertEqual((high.state, high.basis, high.consumption), ("valid", "measured", 196))
        self.assertEqual(high.reviewed_by_id, self.supervisor)
        self.assertEqual(lot.state, "captured")
        bad_text.with_user(self.supervisor).write({"reading_text": "1019"})
        bad_text.with_user(self.supervisor).action_revalidate()
        self.assertEqual((bad_text.state, bad_text.consumption), ("valid", 16))
        self.assertEqual(lot.state, "validated")
