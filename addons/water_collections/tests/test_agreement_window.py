from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .test_agreement import WaterAgreementCase


class WaterAgreementWindowCase(WaterAgreementCase):
    def new_receipt(self, user=None, contract=None):
        """A draft receipt of the account at the window, saved as the form saves it before a button runs."""
        user = user or self.officer
        session = self.env["water.cash.session"].search([("user_id", "=", user.id), ("state", "=", "open")])
        session = session or self.env["water.cash.session"].with_user(user).create({"opening_float": 0.0})
        with Form(self.env["water.cash.receipt"].with_user(user)) as form:
            form.session_id = session
            form.contract_id = contract or self.account
        return form.record

    def make_at_window(self, receipt, count=6, down=500.0):
        """The agreement form opened by the receipt's button, filled in and signed."""
        action = receipt.with_user(self.officer).action_water_new_agreement()
        Agreement = self.env["water.payment.agreement"].with_user(self.officer).with_context(**action["context"])
        with Form(Agreement) as form:
            form.instalment_count = count
            form.frequency = "monthly"
            form.first_due_date = self.first_due
            form.amount_down_payment = down
        agreement = form.record
        agreement.action_confirm()
        return agreement


@tagged("post_install", "-at_install")
class TestAgreementWindow(WaterAgreementWindowCase):
    def test_the_officer_makes_an_agreement_at_the_window_and_the_receipt_collects_its_down_payment(self):
        receipt = self.new_receipt()
        self.assertTrue(receipt.water_agreement_can_make)
        self.assertEqual(receipt.water_agreement_overdue, 1600.0)
        self.assertEqual(receipt.amount, 1600.0, "before the agreement the whole debt is proposed")
        action = receipt.with_user(self.officer).action_water_new_agreement()
        self.assertEqual((action["res_model"], action["target"]), ("water.payment.agreement", "new"))
        agreement = self.make_at_window(receipt)
        self.assertEqual(agreement.channel, "window")
        self.assertEqual(agreement.contract_id, self.account)
        self.assertEqual(agreement.state, "waiting")
        # the receipt shows the account as it stands now: the surcharge forgiven, the down payment proposed
        self.assertEqual(receipt.amount, 500.0)
        self.assertEqual(receipt.payment_ids.mapped("amount"), [500.0], "the cash line follows the amount")
        self.assertEqual(sorted(receipt.line_ids.mapped("amount_residual")), [25.0, 500.0, 1000.0])
        self.assertEqual(receipt.water_agreement_id, agreement)
        self.assertEqual(receipt.water_agreement_state, "waiting")
        self.assertEqual(receipt.water_agreement_down_payment, 500.0)
        self.assertFalse(receipt.water_agreement_can_make, "one agreement in force per account")
        receipt.with_user(self.officer).with_context(water_cash_no_print=True).action_post()
        self.assertEqual(receipt.state, "posted")
        self.assertEqual(agreement.state, "active")
        receipt.invalidate_recordset()
        first = agreement.line_ids.sorted("number")[0]
        self.assertEqual(receipt.water_agreement_state, "active")
        self.assertEqual(receipt.water_agreement_next_label, "Instalment 1 of 6")
        self.assertEqual(receipt.water_agreement_next_date, first.date_due)
        self.assertEqual(receipt.water_agreement_next_amount, first.amount)
        with self.assertRaisesRegex(UserError, "already has agreement"):
            self.new_receipt().with_user(self.officer).action_water_new_agreement()

    def test_a_cashier_who_is_not_an_officer_cannot_make_an_agreement(self):
        receipt = self.new_receipt(user=self.cashier)
        self.assertTrue(receipt.with_user(self.cashier).water_agreement_can_make, "the account could have one")
        with self.assertRaises(AccessError):
            receipt.with_user(self.cashier).action_water_new_agreement()
        with self.assertRaises(AccessError):
            self.env["water.payment.agreement"].with_user(self.cashier).create({"contract_id": self.account.id})
        with self.assertRaises(AccessError):
            self.account.with_user(self.cashier).action_water_new_agreement()
        # the button is not in the cashier's form, it is in the officer's
        Receipt = self.env["water.cash.receipt"]
        for user, expected in ((self.cashier, 0), (self.officer, 1)):
            arch = etree.fromstring(Receipt.with_user(user).get_view(view_type="form")["arch"])
            self.assertEqual(len(arch.xpath("//button[@name='action_water_new_agreement']")), expected, user.login)
        # the cashier sees the agreement in force and collects its down payment
        agreement = self.make_at_window(receipt, down=400.0)
        receipt = self.new_receipt(user=self.cashier)
        self.assertEqual(receipt.with_user(self.cashier).water_agreement_id, agreement)
        self.assertEqual(receipt.amount, 400.0)
        receipt.with_user(self.cashier).with_context(water_cash_no_print=True).action_post()
        self.assertEqual(agreement.state, "active")

    def test_no_agreement_button_without_overdue_debt_nor_on_a_posted_receipt(self):
        clean = self.contracts[1]
        self.make_bill(clean, 2025, 2, 300.0, due=self.today + timedelta(days=5))  # owed, not yet due
        receipt = self.new_receipt(contract=clean)
        self.assertEqual(receipt.water_agreement_overdue, 0.0)
        self.assertFalse(receipt.water_agreement_can_make)
        with self.assertRaisesRegex(UserError, "owes nothing overdue"):
            receipt.with_user(self.officer).action_water_new_agreement()
        receipt.with_context(water_cash_no_print=True).action_post()
        with self.assertRaisesRegex(UserError, "not a draft"):
            receipt.with_user(self.officer).action_water_new_agreement()

    def test_the_account_form_makes_an_office_agreement(self):
        action = self.account.with_user(self.officer).action_water_new_agreement()
        Agreement = self.env["water.payment.agreement"].with_user(self.officer).with_context(**action["context"])
        with Form(Agreement) as form:
            self.assertEqual(form.contract_id, self.account)
            self.assertEqual(len(form.debt_line_ids), 3)
            form.frequency = "monthly"
            form.first_due_date = self.first_due
        agreement = form.record
        self.assertEqual(agreement.channel, "office")
        agreement.with_context(**action["context"]).action_confirm()
        self.assertEqual(agreement.state, "waiting")
        self.assertEqual(agreement.forgiveness_id.contract_id, self.account)
        list_action = self.account.with_user(self.officer).action_water_open_agreements()
        self.assertEqual(list_action["context"]["default_channel"], "office")

    def test_the_schedule_preview_follows_every_term_while_in_draft(self):
        with Form(self.env["water.payment.agreement"].with_user(self.officer)) as form:
            form.contract_id = self.account
            form.frequency = "monthly"
            form.first_due_date = self.first_due
            self.assertEqual(len(form.line_ids), 6)
            form.instalment_count = 4
            self.assertEqual(len(form.line_ids), 4)
            self.assertEqual(form.line_ids._records[3]["amount"], 305.0, "1,220 over four")
            later = self.first_due + timedelta(days=3)
            form.first_due_date = later
            self.assertEqual(fields.Date.to_date(form.line_ids._records[0]["date_due"]), later)
            form.amount_down_payment = 525.0
            self.assertEqual(form.amount_financed, 1000.0)
            self.assertEqual(form.line_ids._records[0]["amount"], 250.0)
            form.interest_rate = 1.0
            self.assertEqual(form.line_ids._records[0]["interest"], 10.0, "1% a month of 1,000, flat")
            self.assertEqual(form.amount_interest, 40.0)
            form.interest_rate = 0.0
            form.frequency = "bill"
            self.assertEqual(len(form.line_ids), 4, "one with each of the next bills")
            # choose some of the debts: without the February bill
            form.debt_line_ids.remove(id=self.receivable(self.feb).id)
            self.assertEqual(form.amount_debt, 1100.0)
            self.assertEqual(form.amount_financed, 1025.0 - 525.0)
            # terms that make no schedule: the preview is emptied and the officer told why
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.amount_down_payment = 2000.0
            self.assertIn("single payment", logs.output[0])
            self.assertEqual(len(form.line_ids), 0)
            form.amount_down_payment = 525.0
            self.assertEqual(len(form.line_ids), 4)
        agreement = form.record
        self.assertEqual(agreement.debt_line_ids, self.receivable(self.jan | self.surcharge))
        self.assertEqual(len(agreement.line_ids), 4, "the server computes the same schedule on save")
        self.assertEqual(agreement.amount_financed, 500.0)


@tagged("post_install", "-at_install")
class TestAgreementWindowTour(HttpCase, WaterAgreementWindowCase):
    def test_officer_makes_an_agreement_at_the_window(self):
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        self.account.number = "55443322"
        self.env["water.cash.session"].with_user(self.officer).create({"opening_float": 0.0})
        self.start_tour(
            "/odoo/action-water_collections.action_water_cash_my_session",
            "water_agreement_window_tour",
            login="t_collections",
        )
        agreement = self.env["water.payment.agreement"].search([("contract_id", "=", self.account.id)])
        self.assertEqual(len(agreement), 1)
        self.assertEqual((agreement.state, agreement.channel, agreement.user_id), ("active", "window", self.officer))
        self.assertEqual(agreement.amount_down_payment, 500.0)
        lines = agreement.line_ids.sorted("number")
        self.assertEqual(len(lines), 6)
        self.assertEqual(lines.mapped("amount"), [170.83] * 5 + [170.85])
        # typed in the browser as ten days from its today (its time zone may put it a day apart from the server's)
        self.assertLessEqual(abs((lines[0].date_due - self.first_due).days), 1)
        self.assertEqual(lines[1].date_due, lines[0].date_due + relativedelta(months=1), "monthly")
        self.assertTrue(all(lines.move_line_id), "every instalment is a receivable of the account")
        self.assertEqual(lines.move_line_id.mapped("date_maturity"), lines.mapped("date_due"))
        self.assertEqual(set(lines.move_line_id.mapped("parent_state")), {"posted"})
        receipt = self.env["water.cash.receipt"].search([("contract_id", "=", self.account.id)])
        self.assertEqual((receipt.state, receipt.amount), ("posted", 500.0))
        self.assertEqual((self.jan | self.feb | self.surcharge).mapped("amount_residual"), [0.0, 0.0, 0.0])
