from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestPortalAccessWizard(WaterRegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.make_contract()
        cls.neighbour = cls.env["res.partner"].create({"name": "Vecina Sin Cuenta"})

    def wizard(self, mode, user=None, **values):
        action = self.contract.with_user(user or self.clerk).__getattribute__(f"action_portal_{mode}")()
        form = Form(self.env[action["res_model"]].with_user(user or self.clerk).with_context(**action["context"]))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_grant_creates_the_portal_login_through_odoo_and_links_the_partner(self):
        wizard = self.wizard("grant", partner_id=self.neighbour, email="vecina@example.mx")
        self.assertFalse(wizard.has_login)
        PortalWizardUser = type(self.env["portal.wizard.user"])
        with patch.object(PortalWizardUser, "_send_email", autospec=True, return_value=True) as send_email:
            wizard.action_confirm()
        self.assertEqual(send_email.call_count, 1, "Odoo's portal invitation is sent")
        user = self.neighbour.with_context(active_test=False).user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "vecina@example.mx")
        self.assertEqual(self.neighbour.email, "vecina@example.mx")
        self.assertIn(self.neighbour, self.contract.portal_partner_ids)
        self.assertEqual(self.env["water.contract"].with_user(user).search([]), self.contract)
        self.assertIn("granted to Vecina Sin Cuenta", " ".join(self.contract.message_ids.mapped("body")))
        self.assertIn("portal_partner_ids", self.tracked_fields(self.contract))

    def test_grant_defaults_to_the_holder_and_needs_an_email(self):
        wizard = self.env["water.portal.access.wizard"].with_user(self.clerk).create({"contract_id": self.contract.id})
        self.assertEqual(wizard.partner_id, self.holder)
        self.assertFalse(wizard.email)
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(self.holder.user_ids)

    def test_grant_to_an_existing_portal_user_only_links(self):
        citizen = new_test_user(self.env, "c_wiz", groups="base.group_portal")
        self.wizard("grant", partner_id=citizen.partner_id).action_confirm()
        self.assertIn(citizen.partner_id, self.contract.portal_partner_ids)
        self.assertEqual(len(citizen.partner_id.user_ids), 1)

    def test_revoke_removes_the_link_only(self):
        citizen = new_test_user(self.env, "c_wiz", groups="base.group_portal")
        self.contract.portal_partner_ids = [(4, citizen.partner_id.id)]
        wizard = self.wizard("revoke")
        self.assertEqual(wizard.partner_id, citizen.partner_id)
        wizard.action_confirm()
        self.assertFalse(self.contract.portal_partner_ids)
        self.assertTrue(citizen.active)
        self.assertIn("revoked for", " ".join(self.contract.message_ids.mapped("body")))
        with self.assertRaises(UserError):
            self.env["water.portal.access.wizard"].create(
                {"contract_id": self.contract.id, "mode": "revoke", "partner_id": citizen.partner_id.id}
            ).action_confirm()

    def test_read_only_staff_and_portal_users_cannot_grant(self):
        citizen = new_test_user(self.env, "c_wiz", groups="base.group_portal")
        for user in (self.viewer, citizen):
            with self.assertRaises(AccessError):
                self.env["water.portal.access.wizard"].with_user(user).create({"contract_id": self.contract.id})

    def test_new_secret_by_a_clerk_noted_without_the_secret(self):
        before = self.contract.portal_secret
        self.contract.with_user(self.clerk).action_portal_new_secret()
        after = self.contract.portal_secret
        self.assertNotEqual(before, after)
        body = " ".join(self.contract.message_ids.mapped("body"))
        self.assertIn("new portal secret", body)
        self.assertNotIn(after, body)
        self.assertNotIn(before, body)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.viewer).action_portal_new_secret()
