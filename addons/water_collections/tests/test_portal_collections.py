import json
import logging

from odoo.tests import HttpCase, new_test_user, tagged

from .common_cash import WaterCashCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCollectionsPortal(WaterCashCase, HttpCase):
    """The citizen's payments and online payment: two portal users try each other's URLs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        cls.citizen = new_test_user(cls.env, "t_citizen_pay", groups="base.group_portal", name="Rosa Portal")
        cls.other = new_test_user(cls.env, "t_other_pay", groups="base.group_portal", name="Pedro Portal")
        cls.staff = new_test_user(cls.env, "t_staff_pay", groups="base.group_user", name="Sin Grupos")
        (cls.citizen | cls.other | cls.staff).write({"lang": "en_US"})
        # the citizen is linked to an account held by someone else: the payment is the holder's
        cls.contract.portal_partner_ids = [(4, cls.citizen.partner_id.id)]
        cls.contract2.portal_partner_ids = [(4, cls.other.partner_id.id)]
        cls.bill1 = cls.make_bill(cls.contract, 1, 150.25)
        cls.bill2 = cls.make_bill(cls.contract, 2, 99.40)
        cls.bill_other = cls.make_bill(cls.contract2, 1, 310.00)
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.demo_method = cls.env.ref("payment_demo.payment_method_demo")

    # ------------------------------------------------------------------ helpers
    def _page_queries(self):
        """Queries of one account page (the test server shares the test's database cursor)."""
        before = self.cr.sql_log_count
        self.assertEqual(self.url_open(f"/my/water/{self.contract.id}").status_code, 200)
        return self.cr.sql_log_count - before

    def rpc(self, route, params):
        """(result, error message) of a JSON-RPC call to the test server."""
        payload = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        response = self.url_open(route, json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
        body = response.json()
        if "error" in body:
            data = body["error"].get("data", {})
            return None, f"{data.get('name')}: {data.get('message')}"
        return body["result"], None

    def transaction_params(self, amount, **extra):
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.demo_method.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": True,  # refused silently: never a saved card here
            "landing_route": "/somewhere/else",
            "is_validation": False,
            "access_token": None,
            "payment_reference": None,
            **extra,
        }

    def transactions(self, contract):
        return self.env["payment.transaction"].search([("water_contract_id", "=", contract.id)])

    # ------------------------------------------------------------------ the demo provider is there
    def test_demo_provider_installed_in_test_mode_with_its_journal(self):
        module = self.env["ir.module.module"].search([("name", "=", "payment_demo")])
        self.assertEqual(module.state, "installed", "payment_demo must be installed (scripts/common.sh)")
        self.assertEqual(self.provider.code, "demo")
        self.assertEqual(self.provider.state, "test")
        self.assertEqual(self.provider.journal_id.type, "bank")

    # ------------------------------------------------------------------ the main path
    def test_citizen_pays_the_balance_online_and_the_bills_end_reconciled(self):
        self.authenticate("t_citizen_pay", "t_citizen_pay")
        page = self.url_open(f"/my/water/{self.contract.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/my/water/{self.contract.id}/pay", page.text)
        self.assertIn("249.65", page.text)

        pay = self.url_open(f"/my/water/{self.contract.id}/pay")
        self.assertEqual(pay.status_code, 200)
        for text in (self.bill1.name, self.bill2.name, "249.65", f"/my/water/{self.contract.id}/transaction"):
            self.assertIn(text, pay.text)
        self.assertNotIn("o_payment_tokenize_checkbox", pay.text)

        values = self.make_jsonrpc_request(f"/my/water/{self.contract.id}/transaction", self.transaction_params(249.65))
        tx = self.transactions(self.contract)
        self.assertEqual(len(tx), 1)
        self.assertEqual(values["reference"], tx.reference)
        self.assertTrue(tx.reference.startswith(self.contract.number))
        self.assertEqual(tx.partner_id, self.contract.partner_id, "the holder pays, not the linked citizen")
        self.assertEqual(tx.invoice_ids, self.bill1 | self.bill2)
        self.assertEqual(tx.amount, 249.65)
        self.assertFalse(tx.tokenize)
        self.assertEqual(tx.landing_route, f"/my/water/{self.contract.id}?water_tx={tx.id}")

        # the demo provider's inline form, then the status page's polling (which post-processes)
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {"reference": tx.reference, "payment_details": "4242", "simulated_state": "done"},
        )
        status = self.make_jsonrpc_request("/payment/status/poll", {})
        self.assertEqual(status["state"], "done")
        self.assertEqual(status["landing_route"], tx.landing_route)

        payment = tx.payment_id
        self.assertTrue(payment)
        self.assertEqual(payment.state, "paid")
        self.assertEqual(payment.move_id.state, "posted")
        self.assertEqual(payment.journal_id, self.provider.journal_id)
        self.assertEqual(payment.partner_id, self.contract.partner_id.commercial_partner_id)
        self.assertEqual(payment.currency_id.compare_amounts(payment.amount, 249.65), 0)
        for bill in self.bill1 | self.bill2:
            self.assertEqual(bill.amount_residual, 0.0)
            self.assertIn(bill.payment_state, ("paid", "in_payment"))
        receivable = payment.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertTrue(receivable.reconciled)
        self.assertEqual(receivable.matched_debit_ids.debit_move_id.move_id, self.bill1 | self.bill2)
        self.assertEqual(sum(receivable.matched_debit_ids.mapped("amount")), 249.65)
        self.assertEqual(self.bill_other.amount_residual, 310.0, "the other account is untouched")

        landing = self.url_open(tx.landing_route)
        self.assertIn("we received your online payment of", landing.text)
        self.assertIn("Your account is up to date.", landing.text)
        self.assertIn("Nothing to pay", landing.text)
        self.assertIn(f"online-{tx.id}", landing.text)
        # nothing left: the pay page sends back to the account
        again = self.url_open(f"/my/water/{self.contract.id}/pay")
        self.assertTrue(again.url.endswith(f"/my/water/{self.contract.id}"), again.url)

    def test_balance_changed_after_the_page_no_transaction(self):
        """A cashier took part of the money after the citizen opened the pay page: the transaction
        route refuses the old amount, creates nothing and asks to reload the page."""
        self.authenticate("t_citizen_pay", "t_citizen_pay")
        self.assertEqual(self.url_open(f"/my/water/{self.contract.id}/pay").status_code, 200)
        session = self.open_session()
        self.pay(session, self.contract, 150.25)
        _result, error = self.rpc(f"/my/water/{self.contract.id}/transaction", self.transaction_params(249.65))
        self.assertIn("changed since you opened this page", error)
        self.assertIn("99.40", error)
        self.assertFalse(self.transactions(self.contract))
        # the current balance goes through
        self.make_jsonrpc_request(f"/my/water/{self.contract.id}/transaction", self.transaction_params(99.40))
        self.assertEqual(self.transactions(self.contract).invoice_ids, self.bill2)

    def test_cashier_paid_while_the_online_payment_was_under_way(self):
        """The transaction is made, then a cashier takes the January bill, then the bank confirms:
        the online payment is posted for what was charged, pays what is still open (February) and
        the rest stays as the account's credit (saldo a favor): the bank already took the money."""
        self.authenticate("t_citizen_pay", "t_citizen_pay")
        _result, error = self.rpc(f"/my/water/{self.contract.id}/transaction", self.transaction_params(249.65))
        self.assertFalse(error)
        tx = self.transactions(self.contract)
        self.pay(self.open_session(), self.contract, 150.25)
        tx._set_done()
        tx._post_process()
        self.assertEqual(tx.payment_id.state, "paid")
        self.assertEqual((self.bill1 | self.bill2).mapped("amount_residual"), [0.0, 0.0])
        lines = tx.payment_id.move_id.line_ids
        credit = lines.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(credit.amount_residual, -150.25)
        self.assertEqual(credit.partner_id, self.contract.partner_id)
        self.assertEqual(credit.water_contract_id, self.contract, "in the account's ledger")
        self.assertEqual(self.contract._water_portal_balances()[self.contract.id], -150.25)
        page = self.url_open(f"/my/water/{self.contract.id}").text
        self.assertIn("water_pay_online_credit", page)
        self.assertNotIn('id="water_pay_online"', page)

    def test_transaction_route_refuses_tampering(self):
        self.authenticate("t_citizen_pay", "t_citizen_pay")
        route = f"/my/water/{self.contract.id}/transaction"
        bad = [
            ({"amount": 1.0}, "changed since you opened this page"),
            ({"flow": "token", "token_id": 1}, "Choose a payment method"),
            ({"provider_id": self.provider.id + 100000}, "not available"),
            ({"partner_id": self.citizen.partner_id.id}, "not whitelisted"),
            ({"invoice_ids": [self.bill_other.id]}, "not whitelisted"),
        ]
        for extra, message in bad:
            with self.subTest(extra=extra):
                _result, error = self.rpc(route, {**self.transaction_params(249.65), **extra})
                self.assertIn(message, error or "")
        self.assertFalse(self.transactions(self.contract))

    def test_no_second_payment_while_one_is_in_process(self):
        self.authenticate("t_citizen_pay", "t_citizen_pay")
        route = f"/my/water/{self.contract.id}/transaction"
        _first, error = self.rpc(route, self.transaction_params(249.65))
        self.assertFalse(error)
        tx = self.transactions(self.contract)
        tx._set_pending()
        _result, error = self.rpc(route, self.transaction_params(249.65))
        self.assertIn("still being processed", error or "")
        self.assertEqual(self.transactions(self.contract), tx)
        # a payment that failed does not block a new one
        tx._set_error("declined")
        _result, error = self.rpc(route, self.transaction_params(249.65))
        self.assertFalse(error)
        self.assertEqual(len(self.transactions(self.contract)), 2)
        landing = self.url_open(f"/my/water/{self.contract.id}?water_tx={tx.id}").text
        self.assertIn("did not go through", landing)
        # another account's transaction id shows nothing
        self.assertNotIn("did not go through", self.url_open(f"/my/water/{self.contract.id}?water_tx=abc").text)

    # ------------------------------------------------------------------ two citizens, each other's URLs
    def test_other_citizens_pay_page_transaction_and_receipts_are_refused(self):
        session = self.open_session()
        mine = self.pay(session, self.contract, 150.25)
        theirs = self.pay(session, self.contract2, 310.0)

        self.authenticate("t_other_pay", "t_other_pay")
        own_pdf = self.url_open(f"/my/water/{self.contract2.id}/receipts/{theirs.id}/pdf")
        self.assertEqual(own_pdf.headers["Content-Type"], "application/pdf")
        # (in test mode Odoo renders the report's HTML instead of running wkhtmltopdf)
        self.assertIn(theirs.name, own_pdf.text)

        self.authenticate("t_citizen_pay", "t_citizen_pay")
        pdf = self.url_open(f"/my/water/{self.contract.id}/receipts/{mine.id}/pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn(mine.name.replace("/", "-"), pdf.headers["Content-Disposition"])
        self.assertIn(mine.name, pdf.text)
        self.assertNotIn(theirs.name, pdf.text)
        refused = [
            f"/my/water/{self.contract2.id}/pay",
            f"/my/water/{self.contract2.id}/receipts/{theirs.id}/pdf",
            "/my/water/999999999/pay",
        ]
        for url in refused:
            response = self.url_open(url)
            self.assertTrue(response.url.endswith("/my/water"), (url, response.url))
            self.assertNotIn(self.contract2.number, response.text)
            self.assertNotIn("%PDF", response.text[:10])
        # a receipt of another account under my own account's id: back to my account
        response = self.url_open(f"/my/water/{self.contract.id}/receipts/{theirs.id}/pdf")
        self.assertTrue(response.url.endswith(f"/my/water/{self.contract.id}"), response.url)
        self.assertNotIn(theirs.name, response.text)
        _result, error = self.rpc(f"/my/water/{self.contract2.id}/transaction", self.transaction_params(310.0))
        self.assertIn("AccessError", error or "")
        self.assertFalse(self.transactions(self.contract2))

        # an internal user without water groups and a visitor fare no better
        self.authenticate("t_staff_pay", "t_staff_pay")
        response = self.url_open(f"/my/water/{self.contract2.id}/receipts/{theirs.id}/pdf")
        self.assertNotIn("application/pdf", response.headers.get("Content-Type", ""))
        self.authenticate(None, None)
        for url in (f"/my/water/{self.contract2.id}/pay", f"/my/water/{self.contract2.id}/receipts/{theirs.id}/pdf"):
            response = self.url_open(url)
            self.assertIn("/web/login", response.url)
        _result, error = self.rpc(f"/my/water/{self.contract2.id}/transaction", self.transaction_params(310.0))
        self.assertIn("SessionExpired", error or "")
        self.assertFalse(self.transactions(self.contract2))

    # ------------------------------------------------------------------ the payments received
    def test_payments_received_newest_first_cancelled_marked_few_queries(self):
        session = self.open_session()
        first = self.pay(session, self.contract, 50.0, [("cash", 30.0, False), ("card", 20.0, "VOUCHER-9")])
        cancelled = self.pay(session, self.contract, 10.0)
        cancelled.with_user(self.manager)._cancel("Wrong account")
        bank_file = self.env["water.payment.file"].create(
            {
                "file_name": "bbva.csv",
                "file_hash": "x" * 64,
                "journal_id": self.env["account.journal"].search([("type", "=", "bank")], limit=1).id,
                "line_ids": [
                    (0, 0, {"row_number": 1, "folio": "BBVA-77", "amount": 40.0, "contract_id": self.contract.id}),
                    (0, 0, {"row_number": 2, "folio": "BBVA-78", "amount": 45.0, "contract_id": self.contract2.id}),
                ],
            }
        )
        bank_file.line_ids.write({"date": "2020-01-15"})

        self.authenticate("t_citizen_pay", "t_citizen_pay")
        page = self.url_open(f"/my/water/{self.contract.id}").text
        keys = [f"receipt-{cancelled.id}", f"receipt-{first.id}", f"file-{bank_file.line_ids[0].id}"]
        positions = [page.index(key) for key in keys]
        self.assertEqual(positions, sorted(positions), "newest first")
        self.assertIn("o_water_payment_cancelled", page)
        self.assertIn("Cancelled", page)
        self.assertIn("BBVA-77", page)
        self.assertNotIn("BBVA-78", page)
        self.assertIn(f"/my/water/{self.contract.id}/receipts/{first.id}/pdf", page)

        # the list costs the same queries with one receipt or with many
        self.url_open(f"/my/water/{self.contract.id}")  # warm the caches
        few = self._page_queries()
        for _n in range(4):
            self.pay(session, self.contract, 1.0, [("cash", 0.5, False), ("card", 0.5, "V")])
        self._page_queries()  # warm the caches again
        many = self._page_queries()
        _logger.info("account page: %s queries with 2 receipts and a file payment, %s with 6 receipts", few, many)
        self.assertLessEqual(many, few, f"{few} queries with 2 receipts, {many} with 6")


@tagged("post_install", "-at_install")
class TestCollectionsPortalTour(WaterCashCase, HttpCase):
    def test_tour_citizen_pays_online(self):
        citizen = new_test_user(self.env, "t_citizen_tour", groups="base.group_portal", name="Lucía Tour")
        citizen.lang = "en_US"
        self.contract.portal_partner_ids = [(4, citizen.partner_id.id)]
        bills = self.make_bill(self.contract, 1, 123.45) | self.make_bill(self.contract, 2, 80.10)
        self.start_tour(f"/my/water/{self.contract.id}", "water_portal_pay_tour", login="t_citizen_tour")
        tx = self.env["payment.transaction"].search([("water_contract_id", "=", self.contract.id)])
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.amount, 203.55)
        self.assertEqual(tx.payment_id.state, "paid")
        self.assertEqual(bills.mapped("amount_residual"), [0.0, 0.0])
