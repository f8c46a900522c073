from itertools import count

from odoo import Command

from .common import WaterCollectionsCase, csv_bytes

FOLIOS = count(1)


class WaterLedgerCase(WaterCollectionsCase):
    """The accounts of WaterCollectionsCase paid at the window, by a payment file and online, the three ways money
    reaches an account's ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._water_cash_setup()
        cls.company.write({"water_allow_credit": True, "water_payment_surcharges": "date"})
        (cls.cashier | cls.officer | cls.accountant | cls.manager).write({"lang": "en_US"})
        cls.methods = {m.code: m for m in cls.env["water.cash.method"].search([("company_id", "=", cls.company.id)])}
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.demo_method = cls.env.ref("payment_demo.payment_method_demo")
        # the billing periods of the tests' bills, created with the class: its tests share them
        for month in (1, 2):
            cls.period(2025, month)

    # ------------------------------------------------------------------ the account's documents
    @classmethod
    def make_surcharge(cls, contract, day, amount):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": contract.partner_id.id,
                "journal_id": cls.sale_journal.id,
                "invoice_date": day,
                "invoice_date_due": day,
                "water_contract_id": contract.id,
                "water_is_surcharge": True,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.env["account.move"]._water_surcharge_product().id,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def make_credit_note(cls, contract, day, amount):
        """An open credit note of the account (not reconciled with any bill)."""
        move = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": contract.partner_id.id,
                "journal_id": cls.sale_journal.id,
                "invoice_date": day,
                "invoice_date_due": day,
                "water_contract_id": contract.id,
                "invoice_line_ids": [
                    Command.create({"product_id": cls.product.id, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        move.action_post()
        return move

    @staticmethod
    def receivable(move):
        return move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    def balance(self, contract):
        return contract._water_balances()[contract.id]

    # ------------------------------------------------------------------ the three ways to pay
    def open_session(self):
        session = self.env["water.cash.session"].search([("user_id", "=", self.cashier.id), ("state", "=", "open")])
        return session or self.env["water.cash.session"].with_user(self.cashier).create({"opening_float": 0.0})

    def pay_window(self, contract, amount, tendered=None):
        receipt = (
            self.env["water.cash.receipt"]
            .with_user(self.cashier)
            .create(
                {
                    "session_id": self.open_session().id,
                    "contract_id": contract.id,
                    "amount": amount,
                    "payment_ids": [
                        Command.create({"method_id": self.methods["cash"].id, "amount": tendered or amount})
                    ],
                }
            )
        )
        receipt.with_context(water_cash_no_print=True).action_post()
        return receipt

    def pay_file(self, contract, amount, bill, name=None):
        """One row of a bank file paying ``amount`` with the reference of ``bill``."""
        folio = f"LEDGER-{next(FOLIOS)}"
        rows = [[self.yesterday(), bill.payment_reference, f"{amount:.2f}", folio]]
        wizard = self.wizard(csv_bytes(rows), name=name or f"{folio}.csv")
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.line_ids.mapped("message"))
        return wizard.payment_file_id.line_ids

    def pay_online(self, contract, amount):
        """An online payment of ``amount`` confirmed by the bank (the demo provider), post-processed as the status
        page does."""
        bills = self.env["account.move"].search(
            [
                ("water_contract_id", "=", contract.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
            ]
        )
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.demo_method.id,
                    "amount": amount,
                    "currency_id": self.company.currency_id.id,
                    "partner_id": contract.partner_id.id,
                    "reference": f"{contract.number}-LEDGER-{next(FOLIOS)}",
                    "operation": "online_direct",
                    "water_contract_id": contract.id,
                    "invoice_ids": [Command.set(bills.ids)],
                }
            )
        )
        tx._set_done()
        tx._post_process()
        self.assertTrue(tx.payment_id, "the payment is posted")
        return tx
