from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashDeposit(WaterCashCase):
    """The slips of the two sessions of ``close_sessions_to_deposit``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.make_bill(cls.contract, 1, 450.0)
        cls.make_bill(cls.contract2, 1, 280.0)

    def new_deposit(self, sessions=None):
        """A slip of the fixture's sessions (the demo's own sessions may be waiting too)."""
        sessions = sessions or self.env["water.cash.session"].search(
            [("user_id", "in", (self.cashier | self.cashier2).ids)]
        )
        form = Form(self.env["water.cash.deposit"].with_user(self.accountant))
        form.journal_id = self.bank
        form.depositor = "Cajera Uno"
        for session in sessions:
            form.session_ids.add(session)
        deposit = form.save()
        deposit.action_load_pending()
        return deposit

    def test_the_slip_takes_the_cash_and_cheques_of_the_closed_sessions(self):
        one, two = self.close_sessions_to_deposit()
        deposit = self.new_deposit()
        self.assertTrue(deposit.name.startswith("DEP/"))
        self.assertEqual(
            sorted((line.session_id.name, line.method_id.code, line.amount) for line in deposit.line_ids),
            sorted([(one.name, "cash", 300.0), (one.name, "cheque", 150.0), (two.name, "cash", 200.0)]),
            "the float stays in the drawer and the card is the bank's",
        )
        self.assertEqual((deposit.amount_cash, deposit.amount_cheque, deposit.amount_expected), (500.0, 150.0, 650.0))
        self.assertEqual(deposit.amount_deposited, 650.0, "proposed: what the sessions counted")
        self.assertEqual(deposit.amount_difference, 0.0)

    def test_posting_moves_the_money_to_the_bank_and_clears_the_sessions(self):
        one, two = self.close_sessions_to_deposit()
        deposit = self.new_deposit()
        with self.assertRaisesRegex(UserError, "reference"):
            deposit.action_post()
        deposit.bank_reference = "BBVA-0042817"
        deposit.with_user(self.accountant).action_post()
        self.assertEqual(deposit.state, "posted")
        move = deposit.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.bank)
        outstanding = deposit._outstanding_account()
        self.assertNotEqual(outstanding, self.bank.default_account_id, "the bank statement books the bank itself")
        self.assertTrue(outstanding.reconcile, "the bank's credit is reconciled with the deposit")
        self.assertEqual(sum(move.line_ids.filtered(lambda l: l.account_id == outstanding).mapped("debit")), 650.0)
        for method in ("cash", "cheque"):
            items = (one.move_id | two.move_id).line_ids.filtered(
                lambda l, method=method: l.account_id == self.methods[method].account_id and l.debit
            )
            self.assertTrue(items and all(items.mapped("reconciled")), f"{method} to deposit cleared")
        card = (two.move_id.line_ids).filtered(lambda l: l.account_id == self.methods["card"].account_id)
        self.assertFalse(card.reconciled, "the card's voucher waits for the bank's credit")
        # nothing left to deposit: a second slip finds nothing
        with self.assertRaisesRegex(UserError, "left to deposit"):
            self.new_deposit()

    def test_a_short_deposit_books_the_shortage_and_says_so(self):
        self.close_sessions_to_deposit()
        deposit = self.new_deposit()
        deposit.write({"amount_deposited": 640.0, "bank_reference": "BNT-77"})
        self.assertEqual(deposit.amount_difference, -10.0)
        deposit.action_post()
        shortage = self.env.company.water_cash_shortage_account_id
        self.assertEqual(
            sum(deposit.move_id.line_ids.filtered(lambda l: l.account_id == shortage).mapped("debit")), 10.0
        )
        self.assertTrue(any("shortage" in (message.body or "") for message in deposit.message_ids))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("water_collections.report_cash_deposit", deposit.ids)[0]
            .decode()
        )
        for text in ("BNT-77", "Difference", "-10.00", "640.00", "Cajera Uno"):
            self.assertIn(text, html)

    def test_cancelling_reverses_and_frees_the_sessions(self):
        self.close_sessions_to_deposit()
        deposit = self.new_deposit()
        deposit.write({"bank_reference": "X-1"})
        deposit.action_post()
        with self.assertRaisesRegex(UserError, "why"):
            deposit.with_user(self.accountant).action_cancel()
        deposit.cancel_reason = "Folio equivocado"
        deposit.with_user(self.accountant).action_cancel()
        self.assertEqual(deposit.state, "cancelled")
        self.assertEqual(deposit.move_id.state, "posted")
        reversal = self.env["account.move"].search([("reversed_entry_id", "=", deposit.move_id.id)])
        self.assertTrue(reversal, "the entry is reversed, not deleted")
        self.assertTrue(any("Folio equivocado" in (message.body or "") for message in deposit.message_ids))
        with self.assertRaises(UserError):
            deposit.unlink()
        again = self.new_deposit()
        self.assertEqual(again.amount_expected, 650.0, "the sessions wait for a new deposit")

    def test_a_session_is_deposited_once(self):
        self.close_sessions_to_deposit()
        first = self.new_deposit()
        second = (
            self.env["water.cash.deposit"]
            .with_user(self.accountant)
            .create({"journal_id": self.bank.id, "session_ids": [(6, 0, first.line_ids.session_id.ids)]})
        )
        with self.assertRaisesRegex(UserError, "left to deposit"):
            second.action_load_pending()
        self.assertTrue(first.line_ids)

    def test_only_closed_sessions_up_to_the_deposit_date(self):
        one = self.open_session(self.cashier, opening_float=0.0)
        self.pay(one, self.contract, 100.0)
        deposit = (
            self.env["water.cash.deposit"]
            .with_user(self.accountant)
            .create({"journal_id": self.bank.id, "session_ids": [(6, 0, one.ids)]})
        )
        with self.assertRaisesRegex(UserError, "left to deposit"):
            deposit.action_load_pending()
        one.line_ids.filtered(lambda line: line.method_id.code == "cash").amount_counted = 100.0
        one.with_user(self.cashier).action_close()
        deposit.date = date(2020, 1, 1)
        with self.assertRaisesRegex(UserError, "left to deposit"):
            deposit.action_load_pending()
        deposit.write({"date": date.today(), "session_day": date(2020, 1, 1)})
        with self.assertRaisesRegex(UserError, "left to deposit"):
            deposit.action_load_pending()
        deposit.session_day = one.move_id.date
        deposit.action_load_pending()
        self.assertEqual(deposit.amount_expected, 100.0)

    def test_who_sees_and_makes_deposit_slips(self):
        self.close_sessions_to_deposit()
        deposit = self.new_deposit()
        Deposit = self.env["water.cash.deposit"]
        # each cashier sees the slips of his or her own sessions, and cannot make or post one
        self.assertEqual(Deposit.with_user(self.cashier).search([]), deposit)
        self.assertEqual(Deposit.with_user(self.cashier2).search([]), deposit)
        third = self.env["res.users"].create(
            {
                "name": "Cajero Tres",
                "login": "t_cashier3",
                "groups_id": [
                    (
                        6,
                        0,
                        [self.env.ref("base.group_user").id, self.env.ref("water_collections.group_water_cashier").id],
                    )
                ],
            }
        )
        self.assertFalse(Deposit.with_user(third).search([]))
        with self.assertRaises(AccessError):
            Deposit.with_user(self.cashier).create({"journal_id": self.bank.id})
        with self.assertRaises(AccessError):
            deposit.with_user(self.cashier).write({"bank_reference": "mine"})
        menu = self.env.ref("water_collections.menu_water_cash_deposit")
        visible = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        self.assertIn(menu.id, visible)
