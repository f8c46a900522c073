from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashSecurity(WaterCashCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bill = cls.make_bill(cls.contract, 1, 300.0)
        cls.bill2 = cls.make_bill(cls.contract2, 1, 200.0)

    def test_cashier_sees_only_own_session_and_receipts(self):
        mine = self.open_session(self.cashier)
        theirs = self.open_session(self.cashier2)
        receipt = self.pay(theirs, self.contract2, 200.0)
        Session = self.env["water.cash.session"].with_user(self.cashier)
        self.assertEqual(Session.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.cashier).read(["name"])
        self.assertFalse(self.env["water.cash.receipt"].with_user(self.cashier).search([]))
        with self.assertRaises(AccessError):
            receipt.with_user(self.cashier).read(["amount"])
        with self.assertRaises(AccessError):
            self.pay(theirs, self.contract, 100.0, user=self.cashier)
        with self.assertRaises(AccessError):
            theirs.with_user(self.cashier).action_close()

    def test_cashier_cannot_cancel_nor_touch_accounting(self):
        session = self.open_session(self.cashier)
        receipt = self.pay(session, self.contract, 300.0)
        with self.assertRaises(AccessError):
            self.env["water.cash.receipt.cancel"].with_user(self.cashier).create(
                {"receipt_id": receipt.id, "reason": "no"}
            )
        with self.assertRaises(AccessError):
            receipt.with_user(self.cashier)._cancel("no")
        with self.assertRaises(AccessError):
            receipt.move_id.with_user(self.cashier).read(["name"])
        with self.assertRaises(AccessError):
            self.env["water.cash.method"].with_user(self.cashier).create(
                {
                    "name": "Vales",
                    "code": "cash",
                    "journal_id": receipt.move_id.journal_id.id,
                    "account_id": self.methods["cash"].account_id.id,
                }
            )
        with self.assertRaises(UserError):
            receipt.with_user(self.cashier).unlink()

    def test_officer_sees_all_and_accountant_reads_only(self):
        first = self.open_session(self.cashier)
        second = self.open_session(self.cashier2)
        self.pay(first, self.contract, 300.0)
        Session = self.env["water.cash.session"]
        self.assertEqual(Session.with_user(self.officer).search([("id", "in", (first | second).ids)]), first | second)
        self.assertEqual(
            Session.with_user(self.accountant).search([("id", "in", (first | second).ids)]), first | second
        )
        self.assertEqual(
            len(self.env["water.cash.receipt"].with_user(self.accountant).search([("session_id", "=", first.id)])), 1
        )
        with self.assertRaises(AccessError):
            first.with_user(self.accountant).write({"note": "cambio"})
        with self.assertRaises(AccessError):
            Session.with_user(self.accountant).create({"opening_float": 1.0})
        with self.assertRaises(AccessError):
            first.receipt_ids.with_user(self.accountant).write({"state": "cancelled"})
        # the officer closes another cashier's session
        first.with_user(self.officer).action_close()
        self.assertEqual(first.state, "closed")
        self.assertTrue(first.move_id.with_user(self.accountant).read(["name"]))
