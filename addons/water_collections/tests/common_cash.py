from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.water_billing.utils import payment as payment_utils
from odoo.addons.water_registry.tests.common import WaterRegistryCase


class WaterCashCase(WaterRegistryCase):
    """Two accounts with posted water bills, two cashiers, an officer, an accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company._water_cash_setup()
        cls.cashier = new_test_user(
            cls.env, "t_cashier", groups="base.group_user,water_collections.group_water_cashier", name="Cajera Uno"
        )
        cls.cashier2 = new_test_user(
            cls.env, "t_cashier2", groups="base.group_user,water_collections.group_water_cashier", name="Cajero Dos"
        )
        cls.officer = new_test_user(
            cls.env, "t_officer", groups="base.group_user,water_collections.group_water_collections_officer"
        )
        cls.accountant = new_test_user(
            cls.env, "t_accountant", groups="base.group_user,water_collections.group_water_accountant"
        )
        # messages are asserted in English
        (cls.cashier | cls.cashier2 | cls.officer | cls.accountant | cls.manager).write({"lang": "en_US"})
        cls.contract = cls.make_contract(unmetered_billing="fixed_quota")
        cls.contract.action_activate()
        cls.holder3 = cls.env["res.partner"].create({"name": "Eulalia Zárate Quintanilla"})
        cls.contract2 = cls.make_contract(partner_id=cls.holder3.id, unmetered_billing="fixed_quota")
        cls.contract2.action_activate()
        cls.product = cls.env.ref("water_billing.product_water_consumption")
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.methods = {
            m.code: m for m in cls.env["water.cash.method"].search([("company_id", "=", cls.env.company.id)])
        }

    @classmethod
    def make_bill(cls, contract, month, amount, year=2025, product=None):
        bill = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": contract.partner_id.id,
                "journal_id": cls.journal.id,
                "invoice_date": date(year, month, 1),
                "invoice_date_due": date(year, month, 20),
                "water_contract_id": contract.id,
                "payment_reference": payment_utils.payment_reference(contract.number, year, month),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": (product or cls.product).id, "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        bill.action_post()
        return bill

    def open_session(self, user=None, opening_float=500.0):
        user = user or self.cashier
        return self.env["water.cash.session"].with_user(user).create({"opening_float": opening_float})

    def receipt_form_values(self, session, contract, amount, payments):
        """Values of a receipt as the window builds them (payments: [(code, amount, reference)])."""
        return {
            "session_id": session.id,
            "contract_id": contract.id,
            "amount": amount,
            "payment_ids": [
                Command.create({"method_id": self.methods[code].id, "amount": value, "reference": ref})
                for code, value, ref in payments
            ],
        }

    def pay(self, session, contract, amount, payments=None, user=None):
        user = user or session.user_id
        receipt = (
            self.env["water.cash.receipt"]
            .with_user(user)
            .create(self.receipt_form_values(session, contract, amount, payments or [("cash", amount, False)]))
        )
        receipt.with_context(water_cash_no_print=True).action_post()
        return receipt

    def close_sessions_to_deposit(self):
        """Two closed sessions: Cajera Uno collected 300 cash and 150 by cheque (her float of 500 stays in the
        drawer), Cajero Dos 200 cash and 80 by card (the bank credits cards: nothing to deposit)."""
        one = self.open_session(self.cashier, opening_float=500.0)
        self.pay(one, self.contract, 450.0, [("cash", 300.0, False), ("cheque", 150.0, "CH-991")])
        for line in one.line_ids:
            line.amount_counted = {"cash": 800.0, "cheque": 150.0}.get(line.method_id.code, 0.0)
        one.with_user(self.cashier).action_close()
        two = self.open_session(self.cashier2, opening_float=0.0)
        self.pay(two, self.contract2, 280.0, [("cash", 200.0, False), ("card", 80.0, "445566")])
        for line in two.line_ids:
            line.amount_counted = {"cash": 200.0, "card": 80.0}.get(line.method_id.code, 0.0)
        two.with_user(self.cashier2).action_close()
        return one, two
