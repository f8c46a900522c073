from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import WaterRegistryCase


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
