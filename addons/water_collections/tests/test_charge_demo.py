from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.water_charge_demo import DEMO_ORIGIN
from .common import WaterCollectionsCase


@tagged("post_install", "-at_install")
class TestChargeDemo(WaterCollectionsCase):
    def check(self, made):
        states = {key: charge.state for key, charge in made.items()}
        self.assertEqual(
            states,
            {
                "fee_invoiced": "invoiced",
                "fee_next_bill": "approved",
                "reprint_next_bill": "approved",
                "fine": "invoiced",
                "works_to_approve": "to_approve",
                "works_invoiced": "invoiced",
                "works_cancelled": "cancelled",
                "works_draft": "draft",
            },
        )
        self.assertEqual(made["fee_invoiced"].move_id.state, "posted")
        self.assertEqual({made["fee_next_bill"].billing_mode, made["reprint_next_bill"].billing_mode}, {"next_bill"})
        fine = made["fine"]
        self.assertTrue(fine.amount_min < fine.price_unit <= fine.amount_max, "inside the law's range")
        self.assertTrue(fine.reason)
        self.assertEqual(fine.create_uid, self.env.ref("water_registry.user_demo_manager"))
        officer = self.env.ref("water_collections.user_demo_collections")
        self.assertEqual(made["works_invoiced"].approved_by_id, officer)
        self.assertTrue(made["works_cancelled"].cancel_reason)
        waiting = made["works_to_approve"]
        self.assertEqual(waiting.create_uid, self.env.ref("water_registry.user_demo_clerk"))
        activities = waiting.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("water_collections.mail_activity_charge_approval")
        )
        self.assertIn(officer, activities.user_id)

    def test_demo_has_charges_in_every_state(self):
        self.check(self.env["water.charge"]._demo_charges())

    def test_installed_demo_has_its_charges(self):
        charges = self.env["water.charge"].search([("origin", "=", DEMO_ORIGIN)])
        self.assertEqual(set(charges.mapped("state")), {"draft", "to_approve", "approved", "invoiced", "cancelled"})
        self.assertEqual(set(charges.mapped("kind")), {"fee", "fine", "extraordinary"})

    def test_only_the_administrator_loads_the_demo(self):
        with self.assertRaises(AccessError):
            self.env["water.charge"].with_user(self.officer).demo_charges()
