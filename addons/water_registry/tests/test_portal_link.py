from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_portal import WaterPortalCase

INVALID = "does not match"
LIMIT = "Too many failed attempts"


@tagged("post_install", "-at_install")
class TestPortalLink(WaterPortalCase):
    def link(self, number, secret):
        return self.post_form("/my/water/link", {"account_number": number, "secret": secret})

    def attempts(self, user):
        return self.env["water.portal.link.attempt"].search([("user_id", "=", user.id)])

    def test_form_and_buttons(self):
        self.authenticate("c1", "c1")
        page = self.url_open("/my/water")
        self.assertIn('href="/my/water/link"', page.text)
        form = self.url_open("/my/water/link")
        self.assertEqual(form.status_code, 200)
        self.assertIn('id="water_link_form"', form.text)
        # a citizen without accounts sees the button in the alert
        self.env["water.contract"].search([("partner_id", "=", self.c2.partner_id.id)]).partner_id = self.holder
        self.authenticate("c2", "c2")
        page = self.url_open("/my/water")
        self.assertIn('id="water_no_accounts"', page.text)
        self.assertEqual(page.text.count('href="/my/water/link"'), 2)

    def test_wrong_secret_and_unknown_account_fail_alike(self):
        self.authenticate("c1", "c1")
        wrong = self.link(self.account3.number, "AAAA-AAAA")
        unknown = self.link("99999999", self.account3._portal_formatted_secret())
        wildcard = self.link("%", self.account3._portal_formatted_secret())
        for response in (wrong, unknown, wildcard):
            self.assertEqual(response.status_code, 200)
            self.assertIn(INVALID, response.text)
            self.assertIn('id="water_link_error"', response.text)
        self.assertNotIn(self.c1.partner_id, self.account3.portal_partner_ids)
        attempts = self.attempts(self.c1)
        self.assertEqual(len(attempts), 3)
        self.assertFalse(any(attempts.mapped("success")))
        self.assertEqual(set(attempts.mapped("ip_address")), {"127.0.0.1"})
        # the typed number is kept in the form, the secret never
        self.assertIn(f'value="{self.account3.number}"', wrong.text)
        self.assertNotIn("AAAA-AAAA", wrong.text)

    def test_right_secret_in_any_form_links_and_notes_without_the_secret(self):
        self.authenticate("c1", "c1")
        secret = self.account3.portal_secret
        typed = f" {secret[:4].lower()} {secret[4:].lower()} "  # lower case, spaces, no dash
        response = self.link(f" {self.account3.number} ", typed)
        self.assertTrue(response.url.endswith(f"/my/water/{self.account3.id}?linked=1"), response.url)
        self.assertIn('id="water_account_linked"', response.text)
        self.assertIn(self.c1.partner_id, self.account3.portal_partner_ids)
        self.assertTrue(self.attempts(self.c1).success)
        self.assertEqual(self.attempts(self.c1).contract_id, self.account3)
        bodies = " ".join(self.account3.message_ids.mapped("body"))
        self.assertIn("Citlali Uno linked this account", bodies)
        self.assertNotIn(secret, bodies)
        self.assertNotIn(self.account3._portal_formatted_secret(), bodies)
        # linked accounts only: the other citizen's and the rest stay hidden
        visible = self.env["water.contract"].with_user(self.c1).search([])
        self.assertEqual(visible, self.account1 | self.account3)

    def test_other_citizens_account_with_its_secret_links_only_that_account(self):
        self.authenticate("c1", "c1")
        response = self.link(self.account2.number, self.account2.portal_secret)
        self.assertTrue(response.url.endswith(f"/my/water/{self.account2.id}?linked=1"), response.url)
        self.assertEqual(self.env["water.contract"].with_user(self.c1).search([]), self.account1 | self.account2)
        self.assertEqual(self.env["water.contract"].with_user(self.c2).search([]), self.account2)

    def test_limit_per_user_refuses_even_the_right_secret(self):
        self.authenticate("c1", "c1")
        for _index in range(5):
            self.assertIn(INVALID, self.link(self.account3.number, "WRONG-9999").text)
        response = self.link(self.account3.number, self.account3.portal_secret)
        self.assertIn(LIMIT, response.text)
        self.assertNotIn(self.c1.partner_id, self.account3.portal_partner_ids)
        self.assertEqual(len(self.attempts(self.c1)), 5, "a refused attempt is not checked nor counted")
        # the window is 24 hours: older failures do not count
        self.attempts(self.c1).write({"date": fields.Datetime.now() - timedelta(hours=25)})
        response = self.link(self.account3.number, self.account3.portal_secret)
        self.assertTrue(response.url.endswith("?linked=1"), response.url)

    def test_limit_per_ip_address(self):
        Attempt = self.env["water.portal.link.attempt"]
        Attempt.create([{"user_id": self.c2.id, "ip_address": "127.0.0.1", "success": False} for _i in range(20)])
        self.authenticate("c1", "c1")
        response = self.link(self.account3.number, self.account3.portal_secret)
        self.assertIn(LIMIT, response.text)
        self.assertNotIn(self.c1.partner_id, self.account3.portal_partner_ids)

    def test_draft_and_cancelled_accounts_cannot_be_linked(self):
        draft = self.make_contract()
        cancelled = self.make_active_contract()
        cancelled.change_state("cancelled", "Baja")
        self.authenticate("c1", "c1")
        for contract in (draft, cancelled):
            response = self.link(contract.number, contract.portal_secret)
            self.assertIn("cannot be linked on the portal", response.text)
            self.assertNotIn(self.c1.partner_id, contract.portal_partner_ids)

    def test_unfollow_a_linked_account_but_not_a_held_one(self):
        self.account3.portal_partner_ids = [(4, self.c1.partner_id.id)]
        self.authenticate("c1", "c1")
        page = self.url_open(f"/my/water/{self.account3.id}")
        self.assertIn('id="water_account_unfollow"', page.text)
        self.assertNotIn('id="water_account_unfollow"', self.url_open(f"/my/water/{self.account1.id}").text)
        self.post_form(f"/my/water/{self.account3.id}/unfollow", {})
        self.assertNotIn(self.c1.partner_id, self.account3.portal_partner_ids)
        self.assertIn("Citlali Uno stopped following", " ".join(self.account3.message_ids.mapped("body")))
        # the held account and another citizen's account are left as they are
        self.post_form(f"/my/water/{self.account1.id}/unfollow", {})
        self.post_form(f"/my/water/{self.account2.id}/unfollow", {})
        self.assertEqual(self.env["water.contract"].with_user(self.c1).search([]), self.account1)
        self.assertEqual(self.env["water.contract"].with_user(self.c2).search([]), self.account2)

    def test_attempts_are_readable_by_the_manager_only(self):
        self.env["water.portal.link.attempt"]._record(self.c1, "10.0.0.1", "123")
        self.assertEqual(self.env["water.portal.link.attempt"].with_user(self.manager).search_count([]), 1)
        for user in (self.c1, self.clerk, self.viewer):
            with self.assertRaises(AccessError):
                self.env["water.portal.link.attempt"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env["water.portal.link.attempt"].with_user(self.manager).create({"user_id": self.c1.id})

    def test_old_attempts_are_vacuumed(self):
        Attempt = self.env["water.portal.link.attempt"]
        old = Attempt._record(self.c1, "10.0.0.1", "1")
        recent = Attempt._record(self.c1, "10.0.0.1", "2")
        old.date = fields.Datetime.now() - timedelta(days=400)
        Attempt._gc_old_attempts()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
