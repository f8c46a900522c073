import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.water_collections.tests.common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashDepositReport(WaterCashCase):
    """Collected, deposited and credited per session, for the two sessions of ``close_sessions_to_deposit``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.make_bill(cls.contract, 1, 450.0)
        cls.make_bill(cls.contract2, 1, 280.0)
        cls.Report = cls.env["water.report.cash.deposit"]

    def rows(self, sessions):
        self.env.flush_all()
        self.env.invalidate_all()  # a view: its rows are read again
        report = self.Report.search([("session_id", "in", sessions.ids)])
        fields_ = ("collected", "counted", "count_difference", "to_deposit", "deposited", "pending", "credited")
        return {row.session_id: tuple(row[name] for name in fields_) for row in report}

    def test_from_the_window_to_the_bank(self):
        one, two = self.close_sessions_to_deposit()
        sessions = one | two
        self.assertEqual(
            self.rows(sessions),
            {one: (450.0, 450.0, 0.0, 450.0, 0.0, 450.0, 0.0), two: (280.0, 280.0, 0.0, 200.0, 0.0, 200.0, 0.0)},
            "the float is not counted; the card is not deposited",
        )
        deposit = self.env["water.cash.deposit"].create(
            {"journal_id": self.bank.id, "session_ids": [Command.set(sessions.ids)]}
        )
        deposit.action_load_pending()
        deposit.write({"amount_deposited": 640.0, "bank_reference": "BBVA-1"})
        deposit.action_post()
        self.assertEqual(
            self.rows(sessions),
            {one: (450.0, 450.0, 0.0, 450.0, 450.0, 0.0, 0.0), two: (280.0, 280.0, 0.0, 200.0, 200.0, 0.0, 0.0)},
        )
        self.env.invalidate_all()
        self.assertTrue(self.Report.search([("session_id", "=", one.id)]).is_different, "not credited yet")
        # the bank's credit of 640 (as a statement line books it) reconciled with the slip's item
        outstanding = deposit._outstanding_account()
        credit = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.bank.id,
                "line_ids": [
                    Command.create({"account_id": self.bank.default_account_id.id, "debit": 640.0}),
                    Command.create({"account_id": outstanding.id, "credit": 640.0}),
                ],
            }
        )
        credit.action_post()
        (credit.line_ids | deposit.move_id.line_ids).filtered(lambda line: line.account_id == outstanding).reconcile()
        self.assertEqual(self.rows(sessions)[one][-1], 450.0)
        self.assertEqual(self.rows(sessions)[two][-1], 200.0)
        self.env.invalidate_all()
        self.assertFalse(self.Report.search([("session_id", "=", one.id)]).is_different)
        # the accountant exports it; the cashier does not read it
        content = self.Report.with_user(self.accountant)._water_xlsx([("session_id", "in", sessions.ids)])
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet.max_row, 3)
        self.assertIn("Credited by the bank", [cell.value for cell in sheet[1]])
        with self.assertRaises(AccessError):
            self.Report.with_user(self.cashier).search([])
