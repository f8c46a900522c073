from odoo.tests import HttpCase, tagged

from .common import WaterBillingCase


@tagged("post_install", "-at_install")
class TestCaptureTour(HttpCase, WaterBillingCase):
    def test_capture_list_with_keyboard(self):
        period = self.make_period(2025, 8)
        lot = self.lot_for(period)
        self.supervisor.lang = "en_US"
        self.start_tour(
            f"/odoo/action-water_billing.action_water_reading_lot/{lot.id}",
            "water_reading_capture_tour",
            login="t_supervisor",
        )
        readings = lot.reading_ids.sorted("route_sequence")
        self.assertEqual(readings[:3].mapped("reading_text"), ["1011", "1012", "1013"])
        self.assertEqual(readings[2].observation_id, self.env.ref("water_billing.observation_03"))
        self.assertEqual(set(readings[:3].mapped("state")), {"captured"})
        self.assertEqual(readings[0].captured_by_id, self.supervisor)
        self.assertEqual(readings[3].state, "pending")
