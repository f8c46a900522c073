from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_ledger import WaterLedgerCase


@tagged("post_install", "-at_install")
class TestWriteoff(WaterLedgerCase):
    """Write-offs of uncollectable accounts: the proposal from the arrears and the ledger, one or two approvals,
    the entry reconciled with the accounts' open items (their ledger owes nothing, the bills untouched), the mark,
    and the reversal that gives the debt back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.allowance = cls.company._water_cash_account(
            ("115.01.01", "Estimación de cuentas incobrables", "asset_current", False)
        )
        cls.company.write(
            {
                "water_writeoff_journal_id": cls.company._water_cash_journal("general", "TCIN", "Incobrables").id,
                "water_writeoff_account_id": cls.allowance.id,
                "water_writeoff_threshold": 5000.0,
            }
        )
        cls.manager2 = new_test_user(cls.env, "t_manager2", groups="base.group_user,water_registry.group_water_manager")
        (cls.manager | cls.manager2).write({"lang": "en_US"})
        cls.a, cls.b, cls.c = cls.contracts[0], cls.contracts[1], cls.contracts[2]
        # the only accounts the tests' proposals look at: the others are active
        (cls.a | cls.b | cls.c).change_state("cut", "Adeudo de más de un año")

    def proposal(self, user=None, **values):
        values = {
            "date": date(2026, 12, 1),
            "min_age_months": 12,
            "default_reason": "not_found",
            "route_ids": [(6, 0, self.route.ids)],
            **values,
        }
        return self.env["water.writeoff"].with_user(user or self.officer).create(values)

    def fill(self, writeoff):
        writeoff.action_fill()
        return {line.contract_id: line for line in writeoff.line_ids}

    def test_proposal_from_the_arrears_with_the_ledgers_amounts(self):
        self.make_bill(self.a, 2025, 1, 1000.0)
        self.make_bill(self.a, 2025, 2, 500.0)
        self.make_surcharge(self.a, date(2025, 4, 1), 40.0)
        self.make_credit_note(self.a, date(2025, 4, 2), 100.0)
        self.make_bill(self.b, 2025, 1, 700.0)
        self.pay_window(self.b, 700.0)  # b owes nothing
        self.make_bill(self.contracts[3], 2025, 1, 900.0)  # an active account: not chosen
        writeoff = self.proposal()
        lines = self.fill(writeoff)
        self.assertEqual(set(lines), {self.a})
        line = lines[self.a]
        self.assertEqual(line.amount, self.balance(self.a))
        self.assertEqual(line.amount, 1440.0)
        self.assertEqual(line.overdue, self.a._water_arrears(day=date(2026, 12, 1))[self.a.id]["overdue"])
        self.assertEqual(line.oldest_due, date(2025, 2, 15))
        self.assertEqual(line.age_months, 21)
        self.assertEqual(line.reason, "not_found")
        self.assertFalse(self.fill(self.proposal()), "a is in an open proposal")
        writeoff._water_cancel("Otra propuesta")
        self.assertFalse(self.fill(self.proposal(min_age_months=24)), "not old enough")
        lines = self.fill(self.proposal(date=date(2030, 3, 1), default_reason="other"))
        self.assertEqual(lines[self.a].reason, "prescription", "five years old: prescribed")
        self.assertEqual(set(self.fill(self.proposal(include_active=True))), {self.contracts[3]}, "a is taken")

    def test_single_approval_post_reconcile_and_mark(self):
        jan = self.make_bill(self.a, 2025, 1, 1000.0)
        feb = self.make_bill(self.a, 2025, 2, 500.0)
        self.pay_window(self.a, 300.0)
        self.make_bill(self.c, 2025, 1, 800.0)
        writeoff = self.proposal()
        self.fill(writeoff)
        self.assertEqual(writeoff.amount_total, 2000.0)
        self.assertFalse(writeoff.needs_second_approval)
        writeoff.action_submit()
        with self.assertRaises(AccessError):
            writeoff.with_user(self.officer).action_approve()
        writeoff.with_user(self.manager).action_approve()
        self.assertEqual(writeoff.state, "approved")
        self.assertEqual(writeoff.approved_by_id, self.manager)
        bills_before = {bill.id: (bill.state, bill.amount_total, len(bill.line_ids)) for bill in jan | feb}
        writeoff.with_user(self.officer).action_post()
        self.assertEqual(writeoff.state, "posted")
        move = writeoff.move_id
        self.assertEqual((move.state, move.journal_id), ("posted", self.company.water_writeoff_journal_id))
        debit = move.line_ids.filtered(lambda l: l.account_id == self.allowance)
        self.assertEqual(debit.debit, 2000.0)
        credits = move.line_ids - debit
        self.assertEqual(
            sorted((l.water_contract_id.number, l.credit, l.account_id.account_type) for l in credits),
            sorted([(self.a.number, 1200.0, "asset_receivable"), (self.c.number, 800.0, "asset_receivable")]),
        )
        self.assertTrue(all(credits.mapped("reconciled")))
        self.assertEqual(self.balance(self.a), 0.0)
        self.assertEqual(self.balance(self.c), 0.0)
        self.assertFalse((self.a | self.c)._water_arrears())
        self.assertEqual(
            {bill.id: (bill.state, bill.amount_total, len(bill.line_ids)) for bill in jan | feb},
            bills_before,
            "the bills are untouched",
        )
        self.assertEqual(jan.payment_state, "paid")
        self.assertTrue(self.a.water_written_off)
        self.assertEqual(
            (self.a.water_writeoff_date, self.a.water_writeoff_reason, self.a.water_writeoff_id),
            (date(2026, 12, 1), "not_found", writeoff),
        )
        self.assertIn("water_written_off", self.tracked_fields(self.a))
        self.assertFalse(self.fill(self.proposal()).get(self.a), "written off once")

    def test_second_approval_by_another_manager_with_the_board_minute(self):
        self.make_bill(self.a, 2025, 1, 4000.0)
        self.make_bill(self.c, 2025, 1, 3000.0)
        writeoff = self.proposal()
        self.fill(writeoff)
        self.assertGreater(writeoff.amount_total, 5000.0)
        self.assertTrue(writeoff.needs_second_approval)
        writeoff.action_submit()
        writeoff.with_user(self.manager).action_approve()
        self.assertEqual(writeoff.state, "to_approve", "one approval is not enough above the threshold")
        with self.assertRaisesRegex(UserError, "different commercial manager"):
            writeoff.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "minute"):
            writeoff.with_user(self.manager2).action_approve()
        with self.assertRaisesRegex(UserError, "needs it in state Approved"):
            writeoff.with_user(self.officer).action_post()
        writeoff.with_user(self.officer).board_minute = "JG-07/2026"
        writeoff.with_user(self.manager2).action_approve()
        self.assertEqual(writeoff.state, "approved")
        self.assertEqual((writeoff.approved_by_id, writeoff.second_approved_by_id), (self.manager, self.manager2))
        writeoff.with_user(self.officer).action_post()
        self.assertEqual(writeoff.state, "posted")

    def test_changed_debt_refuses_posting(self):
        self.make_bill(self.a, 2025, 1, 1000.0)
        writeoff = self.proposal()
        self.fill(writeoff)
        writeoff.action_submit()
        writeoff.with_user(self.manager).action_approve()
        self.pay_window(self.a, 100.0)
        with self.assertRaisesRegex(UserError, "proposal again"):
            writeoff.with_user(self.officer).action_post()
        self.assertFalse(writeoff.move_id)

    def test_cancel_reverses_the_entry_and_restores_the_debt(self):
        jan = self.make_bill(self.a, 2025, 1, 1000.0)
        self.make_surcharge(self.a, date(2025, 4, 1), 30.0)
        before = self.balance(self.a)
        arrears_before = self.a._water_arrears()[self.a.id]["overdue"]
        writeoff = self.proposal()
        self.fill(writeoff)
        writeoff.action_submit()
        writeoff.with_user(self.manager).action_approve()
        writeoff.with_user(self.officer).action_post()
        self.assertEqual(self.balance(self.a), 0.0)
        with self.assertRaises(AccessError):
            writeoff.with_user(self.officer).action_cancel()
        with self.assertRaisesRegex(UserError, "why"):
            writeoff.with_user(self.manager)._water_cancel("")
        self.env["water.writeoff.cancel"].with_user(self.manager).create(
            {"writeoff_id": writeoff.id, "reason": "Se localizó al deudor"}
        ).action_confirm()
        self.assertEqual(writeoff.state, "cancelled")
        reversal = writeoff.reversal_move_id
        self.assertEqual((reversal.state, reversal.reversed_entry_id), ("posted", writeoff.move_id))
        self.assertEqual(writeoff.move_id.state, "posted", "the entry stays, reversed")
        self.assertEqual(self.balance(self.a), before)
        self.assertEqual(self.a._water_arrears()[self.a.id]["overdue"], arrears_before)
        self.assertEqual(jan.payment_state, "not_paid")
        self.assertFalse(self.a.water_written_off or self.a.water_writeoff_id or self.a.water_writeoff_reason)
        self.assertIn("Se localizó al deudor", self.a.message_ids[:1].body)
        self.assertIn("Se localizó al deudor", writeoff.message_ids[:1].body)
        with self.assertRaises(UserError):
            writeoff.unlink()

    def test_access_per_role(self):
        self.make_bill(self.a, 2025, 1, 1000.0)
        with self.assertRaises(AccessError):
            self.proposal(user=self.cashier)
        with self.assertRaises(AccessError):
            self.env["water.writeoff"].with_user(self.cashier).search([])
        writeoff = self.proposal()
        self.fill(writeoff)
        writeoff.with_user(self.officer).action_submit()
        for user in (self.officer, self.accountant):
            with self.assertRaises(AccessError):
                writeoff.with_user(user).action_approve()
        self.assertEqual(writeoff.with_user(self.accountant).read(["state"])[0]["state"], "to_approve")
        with self.assertRaises(AccessError):
            writeoff.with_user(self.accountant).write({"note": "x"})
        writeoff.with_user(self.manager).action_approve()
        self.assertEqual(writeoff.state, "approved")
