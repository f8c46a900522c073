from datetime import date
from decimal import Decimal

from lxml import html

from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.water_billing.tests.common import WaterBillRunCase

from .common import HEADERS
from .common_ledger import WaterLedgerCase


@tagged("post_install", "-at_install")
class TestLedgerAgreement(WaterLedgerCase, WaterBillRunCase, HttpCase):
    """The issue's "done when": what an account owes is one figure everywhere, and a payment pays the same debts in
    the same order at the window, in a file and online."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen = new_test_user(cls.env, "t_citizen_ledger", groups="base.group_portal", name="Marta Ledger")
        cls.citizen.lang = "en_US"

    def text(self, page, xpath):
        return " ".join(html.fromstring(page).xpath(f"string({xpath})").split())

    def test_the_five_figures_agree(self):
        """An account with a credit left at the window, an open credit note and a partial payment: the portal's
        balance card, the pay button, the window, the payment file check and the next recibo's previous balance
        are one figure."""
        account = self.contracts[0]
        account.portal_partner_ids = [(4, self.citizen.partner_id.id)]
        jan = self.make_bill(account, 2025, 1, 100.0)
        self.pay_window(account, 130.0)  # January paid, 30 left as credit
        feb = self.make_bill(account, 2025, 2, 150.0)
        self.make_credit_note(account, date(2025, 2, 20), 20.0)
        # a partial payment from Odoo's own payment wizard (the accountant), which applies no credit
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=feb.ids).create(
            {"amount": 50.0, "payment_date": date(2025, 3, 5), "journal_id": self.bank.id}
        )._create_payments()
        self.assertEqual((jan.payment_state, feb.amount_residual), ("paid", 100.0))
        figure = 50.0  # 100 owed on February - 20 of credit note - 30 of credit

        # 1. billing's balance card
        self.assertEqual(account._water_portal_balances()[account.id], figure)
        self.authenticate("t_citizen_ledger", "t_citizen_ledger")
        page = self.url_open(f"/my/water/{account.id}").text
        self.assertIn(
            "50.00",
            self.text(page, "//div[contains(@class, 'o_water_summary_balance')]//div[contains(@class, 'fs-3')]"),
        )
        # 2. the pay button and the pay page
        self.assertIn("50.00", self.text(page, "//span[@id='water_pay_online_amount']"))
        pay = self.url_open(f"/my/water/{account.id}/pay").text
        self.assertIn("50.00", self.text(pay, "//span[@id='water_pay_total']"))
        self.assertEqual(len(html.fromstring(pay).xpath("//li[contains(@class, 'o_water_pay_credit')]")), 2)
        # 3. the window
        with Form(self.env["water.cash.receipt"].with_user(self.cashier)) as form:
            form.contract_id = account
            self.assertEqual((form.amount_due, form.amount), (figure, figure))
        form.record.unlink()
        # 4. the payment file's check
        rows = [[self.yesterday(), feb.payment_reference, "50.00", "CHECK-1"]]
        known = self.wizard(b"")._known(list(HEADERS), rows)
        self.assertEqual(known.owed[account.id], Decimal("50.00"))
        # 5. the previous balance printed on the next recibo
        lot = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        self.make_run(lot.period_id).action_run()
        march = self.env["account.move"].search(
            [("water_contract_id", "=", account.id), ("water_period_id", "=", lot.period_id.id)]
        )
        self.assertEqual(march.water_previous_balance, figure)

    def test_the_policy_is_the_same_at_the_window_in_files_and_online(self):
        """Three accounts with the same debts and credit note, the same money by each way, under each surcharge
        order: the same debts paid in the same order (see tests/unit/test_payment_policy.py)."""
        expected = {
            # residuals of (January bill due Feb 15, surcharge due Feb 28, a bill due Apr 15) after a credit note of
            # 20 and 85 of money
            "date": (0.0, 10.0, 100.0),
            "first": (10.0, 0.0, 100.0),
            "last": (0.0, 15.0, 95.0),
        }
        for policy, residuals in expected.items():
            with self.subTest(policy=policy):
                self.company.water_payment_surcharges = policy
                accounts = {}
                for way in ("window", "file", "online"):
                    contract = self.make_contract(unmetered_billing="fixed_quota")
                    contract.action_activate()
                    debts = (
                        self.make_bill(contract, 2025, 1, 100.0, due=date(2025, 2, 15)),
                        self.make_surcharge(contract, date(2025, 2, 28), 15.0),
                        self.make_bill(contract, 2025, 2, 100.0, due=date(2025, 4, 15)),
                    )
                    note = self.make_credit_note(contract, date(2025, 3, 1), 20.0)
                    accounts[way] = (contract, debts, note)
                self.pay_window(accounts["window"][0], 85.0)
                self.pay_file(accounts["file"][0], 85.0, accounts["file"][1][2])
                self.pay_online(accounts["online"][0], 85.0)
                for way, (contract, debts, note) in accounts.items():
                    self.assertEqual(tuple(debt.amount_residual for debt in debts), residuals, way)
                    self.assertEqual(note.amount_residual, 0.0, f"{way}: the credit note pays first")
                    self.assertEqual(self.balance(contract), 110.0, way)  # 215 owed - 20 - 85
                # the credit note went to the same debts everywhere: January, and the surcharge first when first
                for way, (_contract, debts, note) in accounts.items():
                    paid = self.receivable(note).matched_debit_ids.debit_move_id.move_id
                    self.assertEqual(
                        sorted(debts.index(move) for move in paid), [0, 1] if policy == "first" else [0], way
                    )

    def test_an_account_in_credit_has_no_pay_button(self):
        account = self.contracts[1]
        account.portal_partner_ids = [(4, self.citizen.partner_id.id)]
        self.make_bill(account, 2025, 1, 100.0)
        self.pay_window(account, 112.5)
        self.authenticate("t_citizen_ledger", "t_citizen_ledger")
        page = self.url_open(f"/my/water/{account.id}").text
        self.assertFalse(html.fromstring(page).xpath("//a[@id='water_pay_online']"))
        self.assertIn("12.50", self.text(page, "//span[@id='water_credit_amount']"))
        pay = self.url_open(f"/my/water/{account.id}/pay")
        self.assertTrue(pay.url.endswith(f"/my/water/{account.id}"), pay.url)
