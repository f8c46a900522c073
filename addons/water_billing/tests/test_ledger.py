from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import WaterBillingCase


@tagged("post_install", "-at_install")
class TestLedger(WaterBillingCase):
    """The account's ledger: what an account owes, for many accounts in one query."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.bank = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.account, cls.other = cls.contracts[0], cls.contracts[1]
        cls.period = cls.make_period(2025, 1)

    def invoice(self, contract, lines, day, move_type="out_invoice", **values):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": contract.partner_id.id,
                "journal_id": self.journal.id,
                "invoice_date": day,
                "invoice_date_due": day,
                "water_contract_id": contract.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.env.ref(f"water_billing.product_water_{concept}").id,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                    for concept, amount in lines
                ],
                **values,
            }
        )
        move.action_post()
        return move

    def pay(self, moves, amount, day):
        """Odoo's own payment wizard on the bills."""
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({"amount": amount, "payment_date": day, "journal_id": self.bank.id, "group_payment": True})
        )
        return wizard._create_payments()

    def test_open_items_balance_credit_note_partial_payment(self):
        jan = self.invoice(
            self.account,
            [("consumption", 100.0), ("drainage", 20.0)],
            date(2025, 1, 31),
            water_period_id=self.period.id,
        )
        feb = self.invoice(self.account, [("consumption", 80.0)], date(2025, 2, 28))
        refund = self.invoice(self.account, [("consumption", 30.0)], date(2025, 3, 5), move_type="out_refund")
        self.invoice(self.other, [("consumption", 999.0)], date(2025, 1, 31))
        payment = self.pay(jan, 50.0, date(2025, 3, 10))

        items = self.account._water_ledger()[self.account.id]
        self.assertEqual(
            sorted((row["kind"], row["residual"]) for row in items),
            [("bill", 70.0), ("charge", 80.0), ("refund", -30.0)],
        )
        # Odoo's payment wizard joined the account's ledger through the reconciliation
        self.assertEqual(payment.move_id.line_ids.filtered("credit").water_contract_id, self.account)
        balances = (self.account | self.other)._water_balances()
        self.assertEqual(balances, {self.account.id: 120.0, self.other.id: 999.0})
        self.assertEqual(self.account._water_portal_balances()[self.account.id], 120.0)
        # as of a date: before the payment and the credit note
        self.assertEqual(self.account._water_balances(date=date(2025, 3, 1))[self.account.id], 200.0)
        self.assertEqual(self.account._water_balances(date=date(2025, 1, 31))[self.account.id], 120.0)
        self.assertEqual(self.account._water_balances(date=date(2024, 12, 31))[self.account.id], 0.0)
        # excluding a period: the previous balance of January's bill
        self.assertEqual(self.account._water_balances(exclude_period=self.period)[self.account.id], 50.0)
        # overdue: due before the day, less the credits
        overdue = self.account._water_overdue_balances(date(2025, 2, 15))[self.account.id]
        self.assertEqual(overdue, 40.0)
        self.assertEqual(self.account._water_ledger(overdue=True)[self.account.id][0]["move_id"], jan.id)
        # by concept: January's 70 left split 100:20 between water and drainage; the credit note under other
        concepts = self.account._water_balances_by_concept()[self.account.id]
        self.assertEqual(concepts["water"], 138.33)
        self.assertEqual(concepts["drainage"], 11.67)
        self.assertEqual(concepts["other"], -30.0)
        self.assertAlmostEqual(sum(concepts.values()), 120.0, places=2)
        self.assertEqual(feb.amount_residual, 80.0)
        self.assertEqual(refund.amount_residual, 30.0)

    def test_due_dates_from_the_ledger(self):
        self.invoice(self.account, [("consumption", 10.0)], date(2025, 2, 28))
        self.invoice(self.account, [("consumption", 10.0)], date(2025, 1, 31))
        self.assertEqual(self.account._water_portal_due_dates(), {self.account.id: date(2025, 1, 31)})
        self.assertEqual(self.other._water_portal_due_dates(), {})

    def test_one_query_for_many_accounts(self):
        for contract in self.contracts:
            self.invoice(contract, [("consumption", 10.0)], date(2025, 1, 31))
        self.env.flush_all()
        with self.assertQueryCount(__system__=1):
            balances = self.contracts._water_balances()
        self.assertEqual(set(balances.values()), {10.0})
