from ast import literal_eval
from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common_notice import WaterNoticeCase


@tagged("post_install", "-at_install")
class TestContactsAndPromises(WaterNoticeCase):
    def contact(self, contract, days_ago, promise_in, amount, user=None):
        return (
            self.env["water.collection.contact"]
            .with_user(user or self.officer)
            .create(
                {
                    "contract_id": contract.id,
                    "kind": "call",
                    "date": self.today - timedelta(days=days_ago),
                    "note": "Promises to pay",
                    "has_promise": True,
                    "promise_date": self.today - timedelta(days=days_ago) + timedelta(days=promise_in),
                    "promise_amount": amount,
                }
            )
        )

    def test_promises_kept_broken_pending_by_the_daily_job(self):
        first, second, third = self.contracts[0], self.contracts[1], self.contracts[2]
        paid_before = self.contact(third, 0, 5, 30.0)
        kept = self.contact(first, 0, 5, 100.0)
        broken = self.contact(second, 10, 3, 80.0)
        pending = self.contact(third, 0, 10, 500.0)
        self.assertEqual((kept | broken | pending).mapped("promise_state"), ["pending"] * 3)
        # what the accounts pay at the window today (the promise of the first is met; the third pays less)
        self.pay_window(first, 60.0)
        self.pay_window(first, 40.0)
        self.pay_window(third, 20.0)
        Contact = self.env["water.collection.contact"]
        Contact._cron_water_check_promises()
        self.assertEqual(kept.promise_state, "kept")
        self.assertAlmostEqual(kept.promise_paid, 100.0)
        self.assertEqual(broken.promise_state, "broken", "its date has passed without payments")
        self.assertEqual(pending.promise_state, "pending")
        self.assertAlmostEqual(pending.promise_paid, 20.0)
        self.assertEqual(paid_before.promise_state, "pending", "20 of 30: not yet")
        self.assertTrue(any("Kept" in body for body in kept.message_ids.mapped("body")))
        # run again: nothing changes
        states = (kept | broken | pending | paid_before).read(["promise_state", "promise_paid", "promise_checked"])
        messages = len((kept | broken).message_ids)
        Contact._cron_water_check_promises()
        self.assertEqual(
            (kept | broken | pending | paid_before).read(["promise_state", "promise_paid", "promise_checked"]), states
        )
        self.assertEqual(len((kept | broken).message_ids), messages)
        # the list of broken promises
        action = self.env.ref("water_collections.action_water_broken_promises")
        listed = Contact.with_user(self.officer).search(literal_eval(action.domain))
        self.assertIn(broken, listed)
        self.assertNotIn(kept, listed)
        # a day after its date, the pending one that was not met is broken
        Contact._cron_water_check_promises(day=self.today + timedelta(days=11))
        self.assertEqual(pending.promise_state, "broken")

    def test_payments_before_the_contact_do_not_count(self):
        first = self.contracts[0]
        self.pay_window(first, 100.0)
        contact = self.contact(first, -1, 5, 50.0)  # the contact is tomorrow's
        self.env["water.collection.contact"]._cron_water_check_promises(day=self.today + timedelta(days=7))
        self.assertEqual(contact.promise_state, "broken")
        self.assertEqual(contact.promise_paid, 0.0)

    def test_promise_needs_date_and_amount(self):
        with self.assertRaises(ValidationError):
            self.contact(self.contracts[0], 0, 5, 0.0)
        with self.assertRaises(ValidationError):
            self.contact(self.contracts[0], 0, -1, 10.0)

    def test_contacts_on_the_account_form_and_access(self):
        first = self.contracts[0]
        action = first.with_user(self.officer).action_water_new_contact()
        with Form(self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])) as form:
            form.kind = "visit"
            form.note = "Says he pays on Friday"
            form.has_promise = True
            form.promise_date = self.today + timedelta(days=3)
            form.promise_amount = 225.0
        arch = first.with_user(self.officer).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("water_contact_ids", arch, "the page of the account's form")
        self.assertNotIn(
            "water_contact_ids", first.with_user(self.viewer).get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertEqual(len(first.water_contact_ids), 1)
        self.assertEqual(first.water_contact_ids.promise_state, "pending")
        self.assertEqual(first.water_contact_ids.user_id, self.officer)
        for user in (self.notifier, self.cashier, self.viewer):
            with self.assertRaises(AccessError):
                self.env["water.collection.contact"].with_user(user).create(
                    {"contract_id": first.id, "kind": "call", "note": "x"}
                )
        with self.assertRaises(AccessError, msg="a contact is never deleted"):
            first.water_contact_ids.with_user(self.officer).unlink()
