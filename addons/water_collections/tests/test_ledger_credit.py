from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import csv_bytes
from .common_ledger import WaterLedgerCase


@tagged("post_install", "-at_install")
class TestLedgerCredit(WaterLedgerCase):
    """The account's credits (saldo a favor): used first by every payment, created by overpayments at the window and
    in payment files when the company keeps them, refunded by the commercial manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, cls.b, cls.c = cls.contracts[0], cls.contracts[1], cls.contracts[2]

    # ------------------------------------------------------------------ the window
    def test_the_bill_run_applies_credits_in_the_companys_surcharge_order(self):
        company = self.env.company
        for order in ("first", "last", "date"):
            company.water_payment_surcharges = order
            self.assertEqual(company._water_surcharge_order(), order)

    def test_window_lists_the_credits_uses_them_first_and_proposes_the_balance(self):
        jan = self.make_bill(self.a, 2025, 1, 100.0)  # due 2025-02-15
        feb = self.make_bill(self.a, 2025, 2, 100.0)  # due 2025-03-15
        note = self.make_credit_note(self.a, date(2025, 2, 5), 30.0)
        self.open_session()
        with Form(self.env["water.cash.receipt"].with_user(self.cashier)) as form:
            form.contract_id = self.a
            lines = [form.line_ids.edit(i) for i in range(len(form.line_ids))]
            self.assertEqual(
                [(line.kind, line.bill_name, line.amount_residual) for line in lines],
                [("refund", note.name, -30.0), ("bill", jan.name, 100.0), ("bill", feb.name, 100.0)],
                "debts and credits, oldest due first; the credit note as a negative line",
            )
            self.assertEqual(form.amount_due, 170.0)
            self.assertEqual(form.amount, 170.0, "the ledger's balance is proposed")
            form.amount = 100.0
            self.assertEqual(
                [form.line_ids.edit(i).amount_applied for i in range(3)],
                [-30.0, 100.0, 30.0],
                "the credit note pays January first, then the money",
            )
            self.assertEqual(form.amount_credit, 0.0)
        receipt = form.record
        receipt.with_context(water_cash_no_print=True).action_post()
        self.assertEqual((jan.amount_residual, feb.amount_residual, note.amount_residual), (0.0, 70.0, 0.0))
        self.assertEqual(self.receivable(note).matched_debit_ids.debit_move_id.move_id, jan)
        self.assertEqual(sorted(receipt.line_ids.mapped("amount_applied")), [-30.0, 30.0, 100.0])
        receivable = receipt.move_id.line_ids.filtered("credit")
        self.assertEqual(receivable.water_contract_id, self.a, "the receipt's lines carry the account")
        self.assertEqual(sorted(receivable.mapped("credit")), [30.0, 70.0])
        self.assertEqual(self.balance(self.a), 70.0)

    def test_window_overpayment_is_the_accounts_credit_and_pays_the_next_bill(self):
        jan = self.make_bill(self.a, 2025, 1, 100.0)
        receipt = self.pay_window(self.a, 130.0, tendered=200.0)
        self.assertEqual(jan.payment_state, "paid")
        self.assertEqual((receipt.amount_change, receipt.amount_credit), (70.0, 30.0))
        self.assertEqual(receipt.line_ids.move_id, jan, "the receipt lists what it paid")
        credit = receipt.credit_line_id
        self.assertEqual((credit.amount_residual, credit.water_contract_id), (-30.0, self.a))
        self.assertEqual(credit.account_id.account_type, "asset_receivable")
        self.assertEqual(self.balance(self.a), -30.0)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("water_collections.action_report_cash_receipt", receipt.ids)[0]
            .decode()
        )
        self.assertIn("credit (saldo a favor)", html)
        # nothing owed: the window proposes nothing and shows the credit
        with Form(self.env["water.cash.receipt"].with_user(self.cashier)) as form:
            form.contract_id = self.a
            self.assertEqual((form.amount_due, form.amount), (-30.0, 0.0))
            self.assertEqual(form.line_ids.edit(0).kind, "payment")
            self.assertFalse(form.payment_ids, "no cash line for nothing to pay")
        # the next bill: the credit pays first
        feb = self.make_bill(self.a, 2025, 2, 100.0)
        second = self.pay_window(self.a, 70.0)
        self.assertEqual(feb.payment_state, "paid")
        self.assertEqual(credit.amount_residual, 0.0)
        self.assertEqual(second.amount_credit, 0.0)
        self.assertEqual(self.balance(self.a), 0.0)

    def test_window_advance_for_an_account_that_owes_nothing(self):
        receipt = self.pay_window(self.b, 50.0)
        self.assertFalse(receipt.line_ids)
        self.assertEqual(receipt.amount_credit, 50.0)
        self.assertEqual(self.balance(self.b), -50.0)
        self.company.water_allow_credit = False
        with self.assertRaisesRegex(UserError, "owes 0.00 now"):
            self.pay_window(self.c, 50.0)

    # ------------------------------------------------------------------ payment files
    def test_file_uses_the_credits_first_then_the_row(self):
        jan = self.make_bill(self.b, 2025, 1, 100.0)
        feb = self.make_bill(self.b, 2025, 2, 100.0)
        note = self.make_credit_note(self.b, date(2025, 3, 1), 30.0)
        line = self.pay_file(self.b, 50.0, feb)
        self.assertEqual((jan.amount_residual, feb.amount_residual, note.amount_residual), (20.0, 100.0, 0.0))
        self.assertEqual(line.paid_move_ids, jan)
        self.assertEqual(line.move_line_id.water_contract_id, self.b)
        self.assertEqual(line.amount_credit, 0.0)

    def test_file_overpayments_become_the_accounts_credit(self):
        jan = self.make_bill(self.a, 2025, 1, 100.0)
        over = self.pay_file(self.a, 130.0, jan)
        self.assertEqual(jan.payment_state, "paid")
        self.assertEqual(over.amount_credit, 30.0)
        self.assertEqual(over.move_line_id.amount_residual, -30.0)
        # a payment of a bill already paid: all of it is credit
        again = self.pay_file(self.a, 40.0, jan)
        self.assertEqual((again.amount_credit, again.paid_move_ids.ids), (40.0, []))
        self.assertEqual(self.balance(self.a), -70.0)
        # refused when the company keeps no credits, with the messages of the file check
        self.company.water_allow_credit = False
        feb = self.make_bill(self.c, 2025, 2, 60.0)
        rows = [
            [self.yesterday(), jan.payment_reference, "10", "OFF-1"],
            [self.yesterday(), feb.payment_reference, "60.01", "OFF-2"],
        ]
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_import()
        self.assertEqual(wizard.state, "checked")
        messages = wizard.line_ids.mapped("message")
        self.assertIn(f"account {self.a.number} owes nothing", messages[0])
        self.assertIn("exceeds what account", messages[1])
        self.assertEqual(feb.amount_residual, 60.0)

    # ------------------------------------------------------------------ online
    def test_online_payment_follows_the_policy_and_keeps_the_rest(self):
        jan = self.make_bill(self.c, 2025, 1, 100.0)
        note = self.make_credit_note(self.c, date(2025, 3, 1), 30.0)
        tx = self.pay_online(self.c, 100.0)
        self.assertEqual((jan.payment_state, note.amount_residual), ("paid", 0.0))
        line = self.receivable(tx.payment_id.move_id)
        self.assertEqual((line.water_contract_id, line.amount_residual), (self.c, -30.0))
        self.assertEqual(tx.invoice_ids, jan, "the transaction keeps its bills")
        self.assertEqual(tx.payment_id.state, "paid")
        self.assertEqual(self.balance(self.c), -30.0)

    # ------------------------------------------------------------------ refund
    def test_manager_refunds_the_credit_oldest_first(self):
        jan = self.make_bill(self.a, 2025, 1, 100.0)
        window = self.pay_window(self.a, 130.0)  # 30 of credit
        from_file = self.pay_file(self.a, 40.0, jan)  # 40 more
        self.assertEqual(self.balance(self.a), -70.0)
        action = self.a.with_user(self.manager).action_water_refund_credit()
        self.assertEqual(action["context"]["default_amount"], 70.0)
        Refund = self.env["water.credit.refund"].with_user(self.manager)
        wizard = Refund.create({"contract_id": self.a.id, "amount": 80.0, "journal_id": self.bank.id, "reason": "x"})
        self.assertEqual(wizard.amount_credit, 70.0)
        with self.assertRaisesRegex(UserError, r"exceeds the credit in favour of account .* \(70.00\)"):
            wizard._refund()
        wizard.write({"amount": 50.0, "reason": "  "})
        with self.assertRaisesRegex(UserError, "reason"):
            wizard._refund()
        wizard.reason = "El titular vendió el predio y pidió su saldo"
        action = wizard.action_refund()
        payment = self.env["account.payment"].browse(action["res_id"])
        self.assertEqual((payment.payment_type, payment.partner_type, payment.amount), ("outbound", "customer", 50.0))
        self.assertEqual(payment.journal_id, self.bank)
        # the file's payment (dated yesterday) is the oldest credit: refunded first
        self.assertEqual(from_file.move_line_id.amount_residual, 0.0)
        self.assertEqual(window.credit_line_id.amount_residual, -20.0)
        refund_line = self.receivable(payment.move_id)
        self.assertEqual((refund_line.water_contract_id, refund_line.amount_residual), (self.a, 0.0))
        self.assertEqual(self.balance(self.a), -20.0)
        message = self.a.message_ids[:1].body
        for text in (self.manager.name, "50.00", "vendió el predio", payment.name):
            self.assertIn(text, message)

    def test_refund_refused_without_credit_and_for_other_roles(self):
        self.make_bill(self.b, 2025, 1, 100.0)
        with self.assertRaisesRegex(UserError, "has no credit in its favour"):
            self.b.with_user(self.manager).action_water_refund_credit()
        self.pay_window(self.c, 25.0)
        with self.assertRaises(AccessError):
            self.c.with_user(self.cashier).action_water_refund_credit()
        with self.assertRaises(AccessError):
            self.env["water.credit.refund"].with_user(self.cashier).create(
                {"contract_id": self.c.id, "amount": 25.0, "journal_id": self.bank.id, "reason": "x"}
            )
        wizard = self.env["water.credit.refund"].create(
            {"contract_id": self.c.id, "amount": 25.0, "journal_id": self.bank.id, "reason": "x"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.officer)._refund()
        self.assertEqual(self.balance(self.c), -25.0)
        # the same wizard once a new bill took the credit: nothing left to refund
        self.make_bill(self.c, 2025, 2, 25.0)
        with self.assertRaisesRegex(UserError, "has no credit in its favour"):
            wizard.with_user(self.manager)._refund()

    # ------------------------------------------------------------------ surcharges
    def test_surcharge_base_is_the_ledger(self):
        self.make_bill(self.a, 2025, 1, 1000.0)
        self.make_credit_note(self.a, date(2025, 2, 1), 200.0)
        self.make_bill(self.b, 2025, 1, 100.0)
        self.make_credit_note(self.b, date(2025, 2, 1), 100.0)
        self.make_bill(self.c, 2025, 1, 300.0)
        self.make_surcharge(self.c, date(2025, 2, 20), 50.0)
        Move = self.env["account.move"]
        rows = {row[0]: row[4] for row in Move._water_overdue_balances(date(2025, 4, 10))}
        self.assertEqual(rows[self.a.id], 800.0, "the overdue bills less the account's credits")
        self.assertNotIn(self.b.id, rows, "its credit covers the overdue bill")
        self.assertEqual(rows[self.c.id], 300.0, "surcharges are not surcharged")
        self.assertEqual(
            {row[0]: row[4] for row in Move._water_overdue_balances(date(2025, 4, 10), batch_size=2)}, rows
        )
        Move._water_apply_surcharges(day=date(2025, 4, 10))
        surcharge = Move.search([("water_contract_id", "=", self.a.id), ("water_is_surcharge", "=", True)])
        self.assertEqual((surcharge.water_surcharge_base, surcharge.amount_total), (800.0, 11.76))
