from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestDemoGenerator(WaterRegistryCase):
    def test_generator_makes_a_believable_utility(self):
        company = self.env["res.company"].create({"name": "Organismo Demo"})
        env = self.env(context=dict(self.env.context, allowed_company_ids=[company.id]))
        self.env.user.company_ids |= company
        Generator = env["water.demo.generator"].with_company(company)
        created = Generator._generate(60, seed=11, batch_size=25)
        self.assertEqual(created, 60)
        contracts = env["water.contract"].search([("company_id", "=", company.id)])
        self.assertEqual(len(contracts), 60)
        self.assertEqual(set(contracts.mapped("state")), {"active"})
        self.assertEqual(len(contracts.sector_id), 3)
        self.assertEqual(len(contracts.route_id), 12)
        self.assertTrue(all(route.reader_id for route in contracts.route_id), "every route has a reader")
        self.assertTrue(contracts.filtered("is_metered"))
        metered = contracts.filtered("is_metered")
        self.assertEqual(metered.meter_id.mapped("state"), ["working"] * len(metered.meter_id))
        self.assertTrue(all(c.unmetered_billing for c in contracts - metered))
        self.assertGreater(len(contracts.service_class_id), 1)
        positions = contracts.filtered(lambda c: c.route_id == contracts[0].route_id).mapped("route_sequence")
        self.assertEqual(sorted(positions), list(range(1, len(positions) + 1)))

    def test_public_entry_points_only_for_the_administrator(self):
        """Over RPC a user reaches only the guarded public methods; they refuse anyone but the install."""
        Generator = self.env["water.demo.generator"]
        with self.assertRaises(AccessError):
            Generator.with_user(self.manager).load_demo(5)
        self.assertFalse(
            [name for name in ("generate", "set_demo_language", "generate_portal_demo") if hasattr(Generator, name)],
            "the steps that write are private",
        )
