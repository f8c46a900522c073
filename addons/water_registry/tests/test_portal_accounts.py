from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import WaterRegistryCase
from .common_portal import ensure_spanish


@tagged("post_install", "-at_install")
class TestPortalAccounts(WaterRegistryCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen = new_test_user(cls.env, "t_citizen", groups="base.group_portal", name="Rosa Portal")
        cls.other = new_test_user(cls.env, "t_other", groups="base.group_portal", name="Pedro Portal")
        cls.own = cls.make_contract(partner_id=cls.citizen.partner_id.id)
        cls.linked = cls.make_contract(partner_id=cls.holder.id, portal_partner_ids=[(4, cls.citizen.partner_id.id)])
        cls.foreign = cls.make_contract(partner_id=cls.other.partner_id.id)

    def test_secret_is_random_per_account_and_hidden_from_portal(self):
        secrets = {c.portal_secret for c in self.own | self.linked | self.foreign}
        self.assertEqual(len(secrets), 3)
        self.assertRegex(self.own._portal_formatted_secret(), r"^[A-Z2-9]{4}-[A-Z2-9]{4}$")
        with self.assertRaises(AccessError):
            self.own.with_user(self.citizen).read(["portal_secret"])

    def test_regenerate_secrets_in_one_statement(self):
        before = self.own.portal_secret
        self.own._portal_regenerate_secrets()
        self.assertNotEqual(self.own.portal_secret, before)
        self.assertEqual(len(self.own.portal_secret), 8)

    def test_record_rule_lists_held_and_linked_accounts_only(self):
        Contract = self.env["water.contract"].with_user(self.citizen)
        self.assertEqual(Contract.search([]), self.own | self.linked)

    def test_account_pages_of_others_redirect(self):
        self.authenticate("t_citizen", "t_citizen")
        page = self.url_open("/my/water")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.own.number, page.text)
        self.assertIn(self.linked.number, page.text)
        self.assertNotIn(self.foreign.number, page.text)
        own = self.url_open(f"/my/water/{self.own.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn(self.own.number, own.text)
        for contract_id in (self.foreign.id, 999999999):
            response = self.url_open(f"/my/water/{contract_id}")
            self.assertTrue(response.url.endswith("/my/water"), response.url)
            self.assertNotIn(self.foreign.number, response.text)

    def test_home_counters_and_entries(self):
        self.env["water.request"].create(
            {
                "request_type_id": self.env.ref("water_registry.request_type_leak").id,
                "contract_id": self.own.id,
                "partner_id": self.holder2.id,
                "description": "Filed at the window for the holder's account",
            }
        )
        self.authenticate("t_citizen", "t_citizen")
        home = self.url_open("/my")
        self.assertIn('href="/my/water"', home.text)
        self.assertIn('href="/my/water/requests"', home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["water_account_count", "water_request_count"]}
        )
        self.assertEqual(counters, {"water_account_count": 2, "water_request_count": 1})
        self.authenticate("t_other", "t_other")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["water_account_count", "water_request_count"]}
        )
        self.assertEqual(counters, {"water_account_count": 1, "water_request_count": 0})

    def test_service_labels_are_translated(self):
        self.assertEqual(self.own.with_context(lang="en_US")._service_labels(), ["Water", "Drainage", "Sanitation"])
        ensure_spanish(self.env)
        self.assertEqual(self.own.with_context(lang="es_MX")._service_labels()[0], "Agua")
        self.assertEqual(self.own._service_names(), ["water", "drainage", "sanitation"])
