from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashReceipt(WaterCashCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # created out of order on purpose: the window shows them oldest first
        cls.bill_mar = cls.make_bill(cls.contract, 3, 100.0)
        cls.bill_jan = cls.make_bill(cls.contract, 1, 100.0)
        cls.bill_feb = cls.make_bill(cls.contract, 2, 100.0)
        cls.bill_other = cls.make_bill(cls.contract2, 1, 80.0)

    def test_find_account_by_number_barcode_and_holder(self):
        Receipt = self.env["water.cash.receipt"].with_user(self.cashier)
        self.assertEqual(Receipt._find_contracts(self.contract.number), self.contract)
        self.assertEqual(Receipt._find_contracts(self.bill_feb.payment_reference), self.contract, "the bill's barcode")
        self.assertEqual(Receipt._find_contracts("zárate quint"), self.contract2, "part of the holder's name")
        self.assertFalse(Receipt._find_contracts("Nadie Con Este Nombre"))

    def test_window_form_lists_debts_oldest_first_and_previews(self):
        session = self.open_session()
        with Form(self.env["water.cash.receipt"].with_user(self.cashier)) as form:
            self.assertEqual(form.session_id, session, "the cashier's open session by default")
            form.search_term = self.bill_mar.payment_reference  # scanned barcode
            self.assertEqual(form.contract_id, self.contract)
            self.assertEqual(form.amount_due, 300.0)
            self.assertEqual(form.amount, 300.0, "the whole debt by default")
            self.assertEqual(
                [form.line_ids.edit(i).bill_name for i in range(3)],
                [self.bill_jan.name, self.bill_feb.name, self.bill_mar.name],
            )
            form.amount = 150.0
            self.assertEqual([form.line_ids.edit(i).amount_applied for i in range(3)], [100.0, 50.0, 0.0])
            with form.payment_ids.edit(0) as payment:
                self.assertEqual(payment.method_id, self.methods["cash"])
                payment.amount = 200.0
            self.assertEqual(form.amount_change, 50.0)
        receipt = form.record
        receipt.with_context(water_cash_no_print=True).action_post()
        self.assertEqual(receipt.state, "posted")
        self.assertTrue(receipt.name.startswith("REC/"))
        self.assertEqual(self.bill_jan.payment_state, "paid")
        self.assertEqual(self.bill_feb.payment_state, "partial")
        self.assertEqual(self.bill_feb.amount_residual, 50.0)
        self.assertEqual(self.bill_mar.payment_state, "not_paid")
        self.assertEqual(receipt.amount_words, "CIENTO CINCUENTA PESOS 00/100 M.N.")
        self.assertEqual(receipt.move_id.state, "posted")
        transit = self.env.company.water_cash_transit_account_id
        self.assertEqual(
            sum(receipt.move_id.line_ids.filtered(lambda l: l.account_id == transit).mapped("debit")),
            150.0,
            "the change does not stay in the drawer",
        )
        self.assertEqual(
            session.line_ids.filtered(lambda l: l.method_id.code == "cash").amount_expected,
            650.0,
            "float 500 plus the 150 collected",
        )

    def test_several_methods_on_one_receipt(self):
        session = self.open_session()
        receipt = self.pay(session, self.contract, 300.0, [("cash", 200.0, False), ("card", 150.0, "123456")])
        self.assertEqual(receipt.amount_change, 50.0)
        self.assertEqual(receipt.payment_ids.mapped("amount_net"), [150.0, 150.0])
        self.assertEqual(set((self.bill_jan | self.bill_feb | self.bill_mar).mapped("payment_state")), {"paid"})
        transit_lines = receipt.move_id.line_ids.filtered(lambda l: l.debit)
        self.assertEqual(sorted(transit_lines.mapped("debit")), [150.0, 150.0])
        self.assertEqual(self.bill_other.payment_state, "not_paid", "another account's bill is untouched")

    def test_card_cannot_exceed_and_payments_must_cover(self):
        session = self.open_session()
        with self.assertRaisesRegex(UserError, "only cash may exceed"):
            self.pay(session, self.contract, 100.0, [("card", 120.0, "1")])
        with self.assertRaisesRegex(UserError, "must cover"):
            self.pay(session, self.contract, 100.0, [("cash", 60.0, False)])
        with self.assertRaises(UserError):
            self.pay(session, self.contract, 0.0, [("cash", 10.0, False)])

    def test_no_advance_payments_when_the_company_keeps_no_credits(self):
        self.env.company.water_allow_credit = False
        session = self.open_session()
        draft = self.env["water.cash.receipt"].with_user(self.cashier).new({"session_id": session.id})
        draft.contract_id = self.contract
        draft._onchange_contract_id()
        draft.amount = 300.01
        warning = draft._onchange_amount()["warning"]
        self.assertIn("owes 300.00; the window takes no advance payments", warning["message"])
        with self.assertRaisesRegex(UserError, "owes 300.00"):
            self.pay(session, self.contract, 300.01, [("cash", 400.0, False)])
        self.assertEqual(self.bill_jan.payment_state, "not_paid")

    def test_surcharges_first_by_date_or_last_as_the_company_says(self):
        """The window tells a surcharge by the move's flag, whatever its products."""
        surcharge = self.make_bill(self.contract, 2, 30.0)
        surcharge.water_is_surcharge = True
        session = self.open_session()
        self.env.company.water_payment_surcharges = "last"
        self.pay(session, self.contract, 80.0)
        self.assertEqual((self.bill_jan.amount_residual, surcharge.amount_residual), (20.0, 30.0))
        self.env.company.water_payment_surcharges = "first"
        receipt = self.pay(session, self.contract, 40.0)
        self.assertEqual((surcharge.amount_residual, self.bill_jan.amount_residual), (0.0, 10.0))
        self.assertEqual(receipt.line_ids.filtered("is_surcharge").kind, "surcharge")
        self.env.company.water_payment_surcharges = "date"
        self.pay(session, self.contract, 60.0)
        self.assertEqual((self.bill_jan | self.bill_feb).mapped("amount_residual"), [0.0, 50.0])

    def test_cancel_needs_manager_and_reason_and_reverses(self):
        session = self.open_session()
        receipt = self.pay(session, self.contract, 150.0)
        move = receipt.move_id
        with self.assertRaises(AccessError):
            receipt.with_user(self.cashier).action_cancel_wizard()
        with self.assertRaises(AccessError):
            receipt.with_user(self.cashier)._cancel("error de captura")
        with self.assertRaisesRegex(UserError, "reason"):
            receipt.with_user(self.manager)._cancel("  ")
        wizard = Form(
            self.env["water.cash.receipt.cancel"].with_user(self.manager).with_context(default_receipt_id=receipt.id)
        )
        wizard.reason = "Se cobró a la cuenta equivocada"
        wizard.save().action_confirm()
        self.assertEqual(receipt.state, "cancelled")
        self.assertEqual(receipt.cancel_user_id, self.manager)
        self.assertTrue(move.exists() and move.state == "posted", "nothing posted is deleted")
        self.assertEqual(receipt.reversal_move_id.reversed_entry_id, move)
        self.assertEqual(self.bill_jan.payment_state, "not_paid")
        self.assertEqual(self.bill_feb.amount_residual, 100.0)
        self.assertTrue(any("cuenta equivocada" in (m.body or "") for m in receipt.message_ids))
        self.assertEqual(session.line_ids.filtered(lambda l: l.method_id.code == "cash").amount_expected, 500.0)
        with self.assertRaises(UserError):
            receipt.with_user(self.manager)._cancel("otra vez")
        with self.assertRaises(UserError):
            receipt.unlink()

    def test_posted_receipt_is_frozen(self):
        session = self.open_session()
        receipt = self.pay(session, self.contract, 100.0)
        with self.assertRaises(UserError):
            receipt.with_user(self.cashier).amount = 50.0
        with self.assertRaises(UserError):
            receipt.with_user(self.cashier).with_context(water_cash_no_print=True).action_post()

    def test_batch_of_receipts_in_one_call(self):
        """Two receipts of the same account in one batch share the residuals correctly."""
        session = self.open_session()
        Receipt = self.env["water.cash.receipt"].with_user(self.cashier)
        receipts = Receipt.create(
            [
                self.receipt_form_values(session, self.contract, 150.0, [("cash", 150.0, False)]),
                self.receipt_form_values(session, self.contract, 150.0, [("cash", 150.0, False)]),
                self.receipt_form_values(session, self.contract2, 80.0, [("cash", 80.0, False)]),
            ]
        )
        receipts._post_receipts()
        self.assertEqual(set(receipts.mapped("state")), {"posted"})
        self.assertEqual(
            set((self.bill_jan | self.bill_feb | self.bill_mar | self.bill_other).mapped("payment_state")), {"paid"}
        )
        self.assertEqual(receipts[1].line_ids.filtered("amount_applied").mapped("amount_applied"), [50.0, 100.0])
