from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from .common_ledger import WaterLedgerCase


class WaterAgreementCase(WaterLedgerCase):
    """An account owing two bills and a surcharge: 1,000 + 500 + 100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "water_agreement_min_down_payment": 20.0,
                "water_agreement_officer_max_instalments": 6,
                "water_agreement_officer_max_amount": 20000.0,
                "water_agreement_forgiveness_instalments": 75.0,
                "water_agreement_forgiveness_single": 100.0,
                "water_agreement_interest_rate": 0.0,
                "water_agreement_notice_days": 25,
                "water_agreement_breach_days": 30,
                "water_agreement_down_payment_days": 5,
                "water_agreement_restore_forgiveness": True,
                "water_agreement_max_restructures": 2,
            }
        )
        cls.account = cls.contracts[0]
        cls.jan = cls.make_bill(cls.account, 2025, 1, 1000.0)
        cls.feb = cls.make_bill(cls.account, 2025, 2, 500.0)
        cls.surcharge = cls.make_surcharge(cls.account, date(2025, 3, 5), 100.0)
        cls.first_due = cls.today + timedelta(days=10)

    def sign(self, count=6, down=None, user=None, **values):
        """An agreement made in the form by the officer (all the overdue debts, monthly from ten days on), signed."""
        with Form(self.env["water.payment.agreement"].with_user(user or self.officer)) as form:
            form.contract_id = self.account
            form.instalment_count = count
            if count:
                form.frequency = "monthly"
                form.first_due_date = values.pop("first_due", self.first_due)
            for field, value in values.items():
                setattr(form, field, value)
            if down is not None:
                form.amount_down_payment = down
        agreement = form.record
        agreement.with_user(user or self.officer).action_confirm()
        return agreement

    def open_items(self, contract=None, future=False):
        contract = contract or self.account
        return contract._water_ledger(future_instalments=future)[contract.id]


@tagged("post_install", "-at_install")
class TestAgreement(WaterAgreementCase):
    def test_the_form_proposes_the_policy_and_computes_the_schedule(self):
        with Form(self.env["water.payment.agreement"].with_user(self.officer)) as form:
            form.contract_id = self.account
            self.assertEqual(len(form.debt_line_ids), 3, "every overdue debt by default")
            self.assertEqual(form.forgiveness_pct, 75.0, "the policy's forgiveness with instalments")
            form.frequency = "monthly"
            form.first_due_date = self.first_due
            self.assertEqual(form.amount_debt, 1600.0)
            self.assertEqual(form.amount_forgiven, 75.0)
            self.assertEqual(form.amount_down_payment, 305.0, "20% of the 1,525 left")
            self.assertEqual(form.amount_financed, 1220.0)
            self.assertEqual(len(form.line_ids), 6)
            self.assertEqual(form.amount_total, 1525.0)
            form.instalment_count = 0
            self.assertEqual(form.forgiveness_pct, 100.0, "a single payment is forgiven the whole surcharge")
            self.assertEqual((form.amount_down_payment, form.amount_financed), (1500.0, 0.0))

    def test_signature_forgives_and_waits_then_the_window_down_payment_activates(self):
        agreement = self.sign(down=305.0)
        self.assertEqual(agreement.state, "waiting")
        self.assertEqual(agreement.forgiveness_id.amount, 75.0)
        self.assertEqual(self.balance(self.account), 1525.0, "forgiven by a credit note on the surcharge")
        self.assertEqual(agreement.date_down_payment_due, self.today + timedelta(days=5))
        # the window proposes the down payment
        with Form(self.env["water.cash.receipt"].with_user(self.cashier)) as form:
            form.session_id = self.open_session()
            form.contract_id = self.account
            self.assertEqual(form.amount, 305.0)
        form.record.unlink()
        self.pay_window(self.account, 305.0)
        self.assertEqual(agreement.state, "active")
        self.assertEqual((self.jan | self.feb | self.surcharge).mapped("amount_residual"), [0.0, 0.0, 0.0])
        move = agreement.move_id
        self.assertEqual(move.state, "posted")
        instalments = agreement.line_ids.sorted("number")
        self.assertEqual(instalments.mapped("amount"), [203.33] * 5 + [203.35])
        self.assertEqual(instalments.move_line_id.mapped("date_maturity"), instalments.mapped("date_due"))
        # only the instalment due within the notice days is owed now; the rest is owed later
        items = self.open_items()
        self.assertEqual([(row["kind"], row["instalment"]) for row in items], [("agreement", 1)])
        self.assertEqual(self.balance(self.account), 203.33)
        self.assertAlmostEqual(sum(row["residual"] for row in self.open_items(future=True)), 1220.0)
        self.assertIn(self.account.id, self.account._water_collection_agreements())

    def test_limits_officer_signs_up_to_his_then_the_manager_approves(self):
        agreement = self.sign(count=12, down=305.0)
        self.assertEqual(agreement.state, "to_approve")
        self.assertFalse(agreement.forgiveness_id, "nothing forgiven before the approval")
        with self.assertRaises(AccessError):
            agreement.with_user(self.officer).action_approve()
        agreement.with_user(self.manager).action_approve()
        self.assertEqual((agreement.state, agreement.approved_by_id), ("waiting", self.manager))
        self.assertEqual(len(agreement.line_ids), 12)
        # a forgiveness above the officer's limit that no policy grants needs the manager too
        agreement.with_user(self.officer).action_water_cancel("Citizen changed his mind")
        other = self.sign(count=3, down=400.0, forgiveness_pct=90.0)
        self.assertEqual((other.forgiveness_source, other.state), ("manual", "to_approve"))

    def test_terms_the_policy_refuses(self):
        with self.assertRaisesRegex(UserError, "instalments at most"):
            self.sign(count=30)
        signed = self.sign(down=305.0)
        with self.assertRaisesRegex(UserError, "already has agreement"):
            self.sign(down=305.0)
        with self.assertRaises(AccessError):
            signed.with_user(self.cashier).action_confirm()

    def test_a_larger_down_payment_recomputes_the_same_instalments_over_what_is_left(self):
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 425.0)
        self.assertEqual(agreement.state, "active")
        self.assertEqual(agreement.amount_financed, 1100.0)
        self.assertEqual(agreement.line_ids.sorted("number").mapped("amount"), [183.33] * 5 + [183.35])

    def test_instalments_paid_at_the_window_and_by_file_then_completed(self):
        self.company.water_agreement_notice_days = 400  # every instalment due for payment now
        agreement = self.sign(count=3, down=525.0)
        self.pay_file(self.account, 525.0, self.jan)
        self.assertEqual(agreement.state, "active")
        lines = agreement.line_ids.sorted("number")
        self.assertEqual(lines.mapped("amount"), [333.33, 333.33, 333.34])
        self.pay_window(self.account, 333.33)
        self.assertEqual(lines.mapped("amount_residual"), [0.0, 333.33, 333.34])
        self.assertEqual(agreement.paid_count, 1)
        self.pay_file(self.account, 666.67, self.feb)
        self.assertEqual(agreement.state, "done")
        self.assertEqual(self.balance(self.account), 0.0)

    def test_breach_gives_the_debt_back_with_the_surcharges_and_the_job_is_idempotent(self):
        agreement = self.sign(down=305.0, interest_rate=1.0)
        self.pay_window(self.account, 305.0)
        self.assertEqual(agreement.amount_interest, 73.2, "1% a month of 1,220 over 6 months, flat")
        Agreement = self.env["water.payment.agreement"]
        with freeze_time(f"{self.first_due + timedelta(days=30)} 12:00:00"):
            self.assertEqual(Agreement._water_daily_check()["broken"], 0, "within the days of grace")
        day = self.first_due + timedelta(days=31)
        with freeze_time(f"{day} 12:00:00"):
            self.assertEqual(Agreement._water_daily_check()["broken"], 1)
            self.assertEqual(agreement.state, "broken")
            self.assertEqual(set(agreement.line_ids.mapped("state")), {"cancelled"})
            # the principal left and the interest of the instalments due by then; the forgiven surcharges back
            due_interest = sum(agreement.line_ids.filtered(lambda line: line.date_due <= day).mapped("interest"))
            kinds = sorted((row["kind"], round(row["residual"], 2)) for row in self.open_items(future=True))
            self.assertEqual(kinds, [("agreement", round(1220.0 + due_interest, 2)), ("surcharge", 75.0)])
            self.assertEqual(agreement.breach_move_id.state, "posted")
            self.assertNotIn(self.account.id, self.account._water_collection_agreements())
            moves = self.env["account.move"].search_count([("water_agreement_id", "=", agreement.id)])
            self.assertEqual(Agreement._water_daily_check(), {"active": 0, "lapsed": 0, "done": 0, "broken": 0})
            self.assertEqual(self.env["account.move"].search_count([("water_agreement_id", "=", agreement.id)]), moves)

    def test_a_credit_in_favour_pays_the_instalment_when_it_is_due(self):
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        self.pay_window(self.account, 203.33)  # the first instalment
        self.pay_window(self.account, 250.0)  # ahead of time: a credit until the second instalment is due
        self.assertEqual(self.balance(self.account), -250.0)
        second = agreement.line_ids.sorted("number")[1]
        with freeze_time(f"{second.date_due + timedelta(days=31)} 12:00:00"):
            self.assertEqual(self.env["water.payment.agreement"]._water_daily_check()["broken"], 0)
            self.assertEqual(agreement.state, "active")
            self.assertEqual(second.amount_residual, 0.0, "the credit paid it")

    def test_a_down_payment_never_paid_lapses_and_the_surcharges_come_back(self):
        agreement = self.sign(down=305.0)
        Agreement = self.env["water.payment.agreement"]
        with freeze_time(f"{self.today + timedelta(days=5)} 12:00:00"):
            self.assertEqual(Agreement._water_daily_check()["lapsed"], 0)
        with freeze_time(f"{self.today + timedelta(days=6)} 12:00:00"):
            self.assertEqual(Agreement._water_daily_check()["lapsed"], 1)
        self.assertEqual(agreement.state, "cancelled")
        self.assertEqual(self.balance(self.account), 1600.0, "the 75 forgiven are charged back")
        self.assertTrue(agreement.restore_move_id.water_is_surcharge)

    def test_restructuring_an_active_agreement_over_what_remains(self):
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        action = agreement.with_user(self.officer).action_water_restructure()
        new = self.env["water.payment.agreement"].browse(action["res_id"])
        self.assertEqual((new.parent_id, new.restructure_count), (agreement, 1))
        self.assertEqual(new.amount_debt, 1220.0, "every instalment left, due or not")
        with Form(new.with_user(self.officer)) as form:
            form.instalment_count = 10
            form.frequency = "monthly"
            form.first_due_date = self.today + timedelta(days=40)
            form.amount_down_payment = 244.0
        self.assertEqual(new.forgiveness_pct, 0.0)
        new.with_user(self.manager).action_confirm()
        self.assertEqual(new.state, "waiting")
        self.pay_window(self.account, 244.0)
        self.assertEqual(new.state, "active")
        self.assertEqual(agreement.state, "restructured")
        # the first instalment was due: the down payment paid it; the others are cancelled, replaced by the new ones
        self.assertEqual(agreement.line_ids.sorted("number").mapped("state"), ["open"] + ["cancelled"] * 5)
        self.assertEqual(agreement.amount_residual, 0.0)
        self.assertAlmostEqual(sum(new.line_ids.mapped("amount")), 976.0)
        self.assertAlmostEqual(sum(row["residual"] for row in self.open_items(future=True)), 976.0)
        # the policy's limit of restructurings
        self.company.water_agreement_max_restructures = 1
        with self.assertRaisesRegex(UserError, "restructured 1 times"):
            new.with_user(self.officer).action_water_restructure()

    def test_restructuring_a_broken_agreement(self):
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        agreement.with_user(self.officer).action_water_break("The holder lost his job")
        self.assertEqual(agreement.state, "broken")
        action = agreement.with_user(self.officer).action_water_restructure()
        new = self.env["water.payment.agreement"].browse(action["res_id"])
        self.assertEqual(new.amount_debt, 1295.0, "what was given back, with the surcharges charged back")

    def test_cancel_and_break_need_a_reason(self):
        agreement = self.sign(down=305.0)
        with self.assertRaisesRegex(UserError, "Say why"):
            agreement.with_user(self.officer).action_water_cancel(" ")
        with self.assertRaisesRegex(UserError, "not cancelled"):
            self.pay_window(self.account, 305.0)
            agreement.with_user(self.officer).action_water_cancel("no")
        self.assertEqual(agreement.state, "active")
