import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestEligibility(WaterRegistryCase):
    def make_eligibility(self, days, proof=True, **vals):
        today = fields.Date.context_today(self.env.user)
        values = {
            "contract_id": self.make_contract().id,
            "discount_type": "inapam",
            "valid_from": today - timedelta(days=400),
            "valid_until": today + timedelta(days=days),
        }
        if proof:
            attachment = self.env["ir.attachment"].create({"name": "inapam.pdf", "datas": base64.b64encode(b"%PDF")})
            values["proof_attachment_ids"] = [(6, 0, attachment.ids)]
        values.update(vals)
        return self.env["water.discount.eligibility"].create(values)

    def test_verify_needs_manager_and_proof(self):
        record = self.make_eligibility(100)
        with self.assertRaises(UserError):
            record.with_user(self.clerk).action_verify()
        without_proof = self.make_eligibility(100, proof=False)
        with self.assertRaises(UserError):
            without_proof.with_user(self.manager).action_verify()
        record.with_user(self.manager).action_verify()
        self.assertEqual(record.state, "verified")
        self.assertEqual(record.verified_by_id, self.manager)
        self.assertTrue(record.contract_id.has_valid_discount)

    def test_validity_and_search(self):
        valid, expiring, expired = self.make_eligibility(200), self.make_eligibility(10), self.make_eligibility(-1)
        pending = self.make_eligibility(200)
        (valid | expiring | expired).with_user(self.manager).action_verify()
        self.assertEqual(
            (valid | expiring | expired | pending).mapped("validity"), ["valid", "expiring", "expired", "not_valid"]
        )
        Eligibility = self.env["water.discount.eligibility"]
        all_ids = (valid | expiring | expired | pending).ids
        self.assertEqual(Eligibility.search([("id", "in", all_ids), ("validity", "=", "expiring")]), expiring)
        self.assertEqual(Eligibility.search([("id", "in", all_ids), ("validity", "=", "expired")]), expired)
        self.assertEqual(
            Eligibility.search([("id", "in", all_ids), ("validity", "in", ("valid", "expiring"))]), valid | expiring
        )
        self.assertEqual(
            Eligibility.search([("id", "in", all_ids), ("validity", "!=", "not_valid")]), valid | expiring | expired
        )
        self.assertFalse(expired.contract_id.has_valid_discount)

    def test_cron_reminds_expiring_once(self):
        expiring = self.make_eligibility(5)
        expiring.with_user(self.manager).action_verify()
        far = self.make_eligibility(300)
        far.with_user(self.manager).action_verify()
        Eligibility = self.env["water.discount.eligibility"]
        Eligibility._cron_notify_expiring()
        self.assertEqual(len(expiring.activity_ids), 1)
        self.assertFalse(far.activity_ids)
        Eligibility._cron_notify_expiring()
        self.assertEqual(len(expiring.activity_ids), 1, "a second run does not repeat the reminder")
