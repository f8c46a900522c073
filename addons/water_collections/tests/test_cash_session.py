from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashSession(WaterCashCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bill_jan = cls.make_bill(cls.contract, 1, 300.0)
        cls.bill_other = cls.make_bill(cls.contract2, 1, 200.0)

    def count(self, session, **amounts):
        for line in session.line_ids:
            line.amount_counted = amounts.get(line.method_id.code, 0.0)

    def balance(self, move, account):
        return sum(move.line_ids.filtered(lambda l: l.account_id == account).mapped("balance"))

    def test_one_open_session_per_cashier(self):
        self.open_session()
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.open_session()
        self.open_session(self.cashier2)  # another cashier may

    def test_session_form_opens_with_float_and_methods(self):
        form = Form(self.env["water.cash.session"].with_user(self.cashier))
        form.opening_float = 300.0
        session = form.save()
        self.assertEqual(session.state, "open")
        self.assertEqual(session.user_id, self.cashier)
        self.assertTrue(session.name.startswith("CAJA/"))
        self.assertEqual(set(session.line_ids.method_id.mapped("code")), {"cash", "card", "cheque", "transfer"})
        action = self.env["water.cash.session"].with_user(self.cashier).action_open_my_session()
        self.assertEqual(action["res_id"], session.id)

    def test_close_posts_daily_entry_with_shortage(self):
        session = self.open_session(opening_float=500.0)
        self.pay(session, self.contract, 300.0, [("cash", 500.0, False)])  # 200 change
        self.pay(session, self.contract2, 200.0, [("card", 200.0, "998877")])
        cash_line = session.line_ids.filtered(lambda l: l.method_id.code == "cash")
        self.assertEqual(cash_line.amount_expected, 800.0)
        self.count(session, cash=790.0, card=200.0)
        self.assertEqual(session.amount_difference, -10.0)
        session.with_user(self.cashier).action_close()
        self.assertEqual(session.state, "closed")
        move = session.move_id
        self.assertEqual(move.state, "posted")
        company = self.env.company
        self.assertEqual(self.balance(move, self.methods["cash"].account_id), 290.0, "the float stays in the drawer")
        self.assertEqual(self.balance(move, self.methods["card"].account_id), 200.0)
        self.assertEqual(self.balance(move, company.water_cash_transit_account_id), -500.0)
        self.assertEqual(self.balance(move, company.water_cash_shortage_account_id), 10.0)
        transit_lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", company.water_cash_transit_account_id.id),
                ("move_id", "in", (session.receipt_ids.move_id | move).ids),
            ]
        )
        self.assertTrue(all(transit_lines.mapped("reconciled")), "the transit account is cleared by the closing")
        self.assertTrue(any("shortage" in (m.body or "") for m in session.message_ids))
        # the accountant reconciles the deposit with these lines
        self.assertTrue(self.methods["cash"].account_id.reconcile)

    def test_close_with_surplus_and_nothing_else_after(self):
        session = self.open_session(opening_float=0.0)
        self.pay(session, self.contract, 300.0)
        self.count(session, cash=305.0)
        session.with_user(self.cashier).action_close()
        self.assertEqual(self.balance(session.move_id, self.env.company.water_cash_surplus_account_id), -5.0)
        with self.assertRaisesRegex(UserError, "closed"):
            self.pay(session, self.contract2, 200.0)
        receipt = session.receipt_ids
        with self.assertRaisesRegex(UserError, "closed session"):
            receipt.with_user(self.manager)._cancel("tarde")
        with self.assertRaises(UserError):
            session.with_user(self.cashier).action_close()
        with self.assertRaises(UserError):
            session.line_ids[0].with_user(self.cashier).amount_counted = 1.0
        # a new session the same day is fine once the first is closed
        self.assertEqual(self.open_session().state, "open")

    def test_only_an_empty_session_can_be_deleted(self):
        session = self.open_session()
        self.env["water.cash.receipt"].with_user(self.cashier).create(
            self.receipt_form_values(session, self.contract, 100.0, [("cash", 100.0, False)])
        )
        session = session.sudo()  # the commercial manager's right; the guard holds for everyone
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            session.unlink()
        session.receipt_ids.unlink()
        session.unlink()
        self.assertFalse(session.exists())

    def test_draft_receipts_block_closing_and_empty_session_closes(self):
        session = self.open_session()
        self.env["water.cash.receipt"].with_user(self.cashier).create(
            self.receipt_form_values(session, self.contract, 100.0, [("cash", 100.0, False)])
        )
        with self.assertRaisesRegex(UserError, "draft"):
            session.with_user(self.cashier).action_close()
        session.receipt_ids.with_user(self.cashier).unlink()
        self.count(session, cash=500.0)
        session.with_user(self.cashier).action_close()
        self.assertEqual(session.state, "closed")
        self.assertFalse(session.move_id, "nothing collected, nothing missing: no entry")
