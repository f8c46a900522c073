from odoo.tests import HttpCase, tagged

from .common_notice import WaterNoticeCase


@tagged("post_install", "-at_install")
class TestNoticeDeliveryTour(HttpCase, WaterNoticeCase):
    """The notifier records a delivery on a phone."""

    browser_size = "375x740"
    touch_enabled = True

    def test_notifier_records_a_delivery_on_a_phone(self):
        notices = self.issue(self.contracts)
        batch = self.env["water.collection.notice.batch"]._water_make(notices, self.notifier)
        first = batch.notice_ids.sorted("delivery_sequence")[0]
        self.assertEqual(first.contract_id, self.contracts[2], "the first debtor of the route (Calle Lectura 2)")
        self.start_tour(
            "/odoo/action-water_collections.action_water_notice_mine", "water_notice_delivery_tour", login="t_notifier"
        )
        self.assertEqual(first.delivery_state, "recorded")
        self.assertEqual(first.outcome, "delivered")
        self.assertEqual(first.received_by, "Rosa Martínez")
        self.assertEqual(first.received_relation, "family")
        self.assertEqual(first.outcome_user_id, self.notifier)
        self.assertEqual(set((batch.notice_ids - first).mapped("delivery_state")), {"pending"})
