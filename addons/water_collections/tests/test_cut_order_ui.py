from odoo.tests import HttpCase, tagged

from .common_cut import WaterCutCase


@tagged("post_install", "-at_install")
class TestCutOrderTour(HttpCase, WaterCutCase):
    """The cortador works his orders on a phone."""

    browser_size = "390x844"
    touch_enabled = True

    def test_the_cortador_cuts_at_the_box_on_a_phone(self):
        order = self.make_orders(self.shop)
        self.start_tour(
            "/odoo/action-water_collections.action_water_cut_order_mine", "water_cut_order_tour", login="t_cortador"
        )
        self.assertEqual((order.state, order.cut_kind, order.seal_number), ("done", "box", "S-123"))
        self.assertEqual(order.done_user_id, self.crew_user)
        self.assertEqual(self.shop.state, "cut")

    def test_the_phone_says_an_order_was_paid_before_the_cortador_acts(self):
        order = self.make_orders(self.shop)
        self.pay_window(self.shop, 800.0)
        self.start_tour(
            "/odoo/action-water_collections.action_water_cut_order_mine",
            "water_cut_order_blocked_tour",
            login="t_cortador",
        )
        self.assertEqual((order.state, order.not_done_reason), ("not_done", "settled_paid"))
        self.assertEqual(self.shop.state, "active")
