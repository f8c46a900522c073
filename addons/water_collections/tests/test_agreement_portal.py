import json
import logging
from datetime import timedelta

from lxml import html

from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .test_agreement import WaterAgreementCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestAgreementPortal(WaterAgreementCase, HttpCase):
    """The citizen's side of the agreements: his account's page and the agreement's page, the PDF, the down payment
    and the instalments paid online through the account's payment policy, the request for an agreement; another
    citizen sees none of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf must not call the test server back (test mode renders the report's HTML anyway)
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        cls.citizen = new_test_user(cls.env, "t_citizen_agr", groups="base.group_portal", name="Lupe Convenio")
        cls.other = new_test_user(cls.env, "t_other_agr", groups="base.group_portal", name="Beto Ajeno")
        (cls.citizen | cls.other).write({"lang": "en_US"})
        cls.account.portal_partner_ids = [Command.link(cls.citizen.partner_id.id)]
        cls.contracts[1].portal_partner_ids = [Command.link(cls.other.partner_id.id)]

    # ------------------------------------------------------------------ helpers
    def text(self, page, xpath):
        return " ".join(html.fromstring(page).xpath(f"string({xpath})").split())

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def rpc(self, route, params):
        payload = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        response = self.url_open(route, json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
        body = response.json()
        if "error" in body:
            data = body["error"].get("data", {})
            return None, f"{data.get('name')}: {data.get('message')}"
        return body["result"], None

    def pay_online_from_the_portal(self, amount):
        """The citizen's online payment from the pay page, as the browser does it: the transaction route with the
        amount shown, the demo provider's form, the status page's polling (which post-processes)."""
        params = {
            "provider_id": self.provider.id,
            "payment_method_id": self.demo_method.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/my",
            "is_validation": False,
            "access_token": None,
            "payment_reference": None,
        }
        values, error = self.rpc(f"/my/water/{self.account.id}/transaction", params)
        self.assertFalse(error)
        tx = self.env["payment.transaction"].search([("reference", "=", values["reference"])])
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {"reference": tx.reference, "payment_details": "4242", "simulated_state": "done"},
        )
        self.assertEqual(self.make_jsonrpc_request("/payment/status/poll", {})["state"], "done")
        self.assertTrue(tx.payment_id, "the payment is posted")
        return tx

    def draft(self, count=6):
        with Form(self.env["water.payment.agreement"].with_user(self.officer)) as form:
            form.contract_id = self.account
            form.instalment_count = count
            form.frequency = "monthly"
            form.first_due_date = self.first_due
        return form.record

    # ------------------------------------------------------------------ what the citizen sees
    def test_drafts_and_agreements_to_approve_are_not_shown_signed_ones_are(self):
        draft = self.draft()
        self.authenticate("t_citizen_agr", "t_citizen_agr")
        for url in (draft.access_url, f"{draft.access_url}?report_type=pdf&download=true"):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        page = self.page(f"/my/water/{self.account.id}")
        self.assertNotIn(draft.name, page)
        self.assertTrue(html.fromstring(page).xpath("//a[@id='water_agreement_request']"), "he may ask for one")
        # a draft cancelled is never shown (it was never signed)
        draft.with_user(self.officer).action_water_cancel("Wrong terms")
        self.assertEqual(draft.state, "cancelled")
        self.assertEqual(self.url_open(draft.access_url).status_code, 404)
        self.assertNotIn(draft.name, self.page(f"/my/water/{self.account.id}"))
        with self.assertRaises(AccessError):
            draft.with_user(self.citizen).check_access("read")
        # above the officer's limits: waiting for the manager, still not shown
        pending = self.sign(count=12, down=305.0)
        self.assertEqual(pending.state, "to_approve")
        self.assertEqual(self.url_open(pending.access_url).status_code, 404)
        self.assertNotIn(pending.name, self.page(f"/my/water/{self.account.id}"))
        with self.assertRaises(AccessError):
            pending.with_user(self.citizen).check_access("read")
        # approved: it waits for the down payment and the citizen sees it
        pending.with_user(self.manager).action_approve()
        page = self.page(f"/my/water/{self.account.id}")
        self.assertIn(pending.name, self.text(page, "//section[@id='water_account_agreements']"))
        self.assertFalse(html.fromstring(page).xpath("//a[@id='water_agreement_request']"), "one is in force")
        self.assertIn("305.00", self.text(page, "//div[contains(@class, 'o_water_agreement_due')]"))
        # a signed agreement cancelled stays in the citizen's history
        pending.with_user(self.officer).action_water_cancel("The citizen will pay at once")
        self.assertIn("Nothing: this agreement is no longer in force.", self.page(pending.access_url))

    def test_agreement_page_parties_terms_schedule_and_pdf(self):
        agreement = self.sign(down=305.0)
        self.authenticate("t_citizen_agr", "t_citizen_agr")
        page = self.page(agreement.access_url)
        parties = self.text(page, "//div[@id='water_agreement_parties']")
        self.assertIn(self.company.name, parties)
        self.assertIn(self.account.partner_id.name, parties)
        self.assertIn(self.account.number, parties)
        self.assertIn("1,600.00", self.text(page, "//td[@id='water_agreement_debt']"))
        self.assertIn("75.00", self.text(page, "//td[@id='water_agreement_forgiven']"))
        self.assertIn("305.00", self.text(page, "//td[@id='water_agreement_down']"))
        self.assertEqual(self.text(page, "//span[@id='water_agreement_down_state']"), "To pay")
        self.assertIn("1,525.00", self.text(page, "//td[@id='water_agreement_total']"))
        self.assertIn("305.00", self.text(page, "//div[@id='water_agreement_due_now']"))
        self.assertTrue(html.fromstring(page).xpath("//a[@id='water_agreement_pay']"))
        rows = html.fromstring(page).xpath("//tr[contains(@class, 'o_water_agreement_row')]")
        self.assertEqual(len(rows), 6)
        self.assertIn("203.35", rows[-1].text_content())
        # the PDF, from the page's button
        pdf_url = html.fromstring(page).xpath("//a[@id='water_agreement_pdf']/@href")[0]
        pdf = self.url_open(pdf_url)
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", pdf.headers["Content-Disposition"])
        self.assertIn(agreement.name, pdf.text)  # (test mode renders the report's HTML)
        # active: the down payment is paid, the first instalment (within the notice days) is due now
        self.pay_window(self.account, 305.0)
        page = self.page(agreement.access_url)
        self.assertEqual(self.text(page, "//span[@id='water_agreement_down_state']"), "Paid")
        self.assertIn("203.33", self.text(page, "//div[@id='water_agreement_due_now']"))
        statuses = [
            row.get("class").split("o_water_agreement_row_")[1]
            for row in html.fromstring(page).xpath("//tr[contains(@class, 'o_water_agreement_row')]")
        ]
        self.assertEqual(statuses, ["due"] + ["upcoming"] * 5)

    def test_another_citizen_and_a_visitor_get_nothing_the_token_opens_it(self):
        agreement = self.sign(down=305.0)
        urls = (agreement.access_url, f"{agreement.access_url}?report_type=pdf&download=true")
        self.authenticate("t_other_agr", "t_other_agr")
        for url in urls:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(agreement.name, response.text)
            self.assertNotIn("%PDF", response.text[:10])
        self.assertNotIn(agreement.name, self.page(f"/my/water/{self.contracts[1].id}"))
        with self.assertRaises(AccessError):
            agreement.with_user(self.other).check_access("read")
        with self.assertRaises(AccessError):
            agreement.line_ids[:1].with_user(self.other).check_access("read")
        self.authenticate(None, None)
        self.assertEqual(self.url_open(agreement.access_url).status_code, 404)
        self.assertEqual(self.url_open(f"{agreement.access_url}?access_token=wrong").status_code, 404)
        # the portal's access token (as for Odoo's invoices) opens the page and the PDF, without the pay button
        page = self.page(agreement.get_portal_url())
        self.assertIn(agreement.name, page)
        self.assertFalse(html.fromstring(page).xpath("//a[@id='water_agreement_pay']"))
        pdf = self.url_open(agreement.get_portal_url(report_type="pdf", download=True))
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

    def test_a_portal_user_cannot_write(self):
        agreement = self.sign(down=305.0)
        Agreement = self.env["water.payment.agreement"].with_user(self.citizen)
        mine = agreement.with_user(self.citizen)
        mine.check_access("read")
        for operation in ("write", "unlink"):
            with self.assertRaises(AccessError, msg=operation):
                mine.check_access(operation)
        with self.assertRaises(AccessError):
            mine.write({"amount_down_payment": 1.0})
        with self.assertRaises(AccessError):
            mine.line_ids[:1].write({"amount": 1.0})
        with self.assertRaises(AccessError):
            Agreement.create({"contract_id": self.account.id})
        with self.assertRaises(AccessError):
            mine.action_confirm()
        with self.assertRaises(AccessError):
            mine.action_water_cancel("I don't want it")
        self.assertEqual(agreement.state, "waiting")

    def test_account_page_queries_do_not_grow_per_agreement(self):
        self.sign(down=305.0)
        self.authenticate("t_citizen_agr", "t_citizen_agr")

        def queries():
            before = self.cr.sql_log_count
            self.page(f"/my/water/{self.account.id}")
            return self.cr.sql_log_count - before

        queries()
        one = queries()
        # three older agreements of the account, ended, with their schedules
        Agreement = self.env["water.payment.agreement"]
        for state in ("done", "broken", "restructured"):
            Agreement.create(
                {
                    "contract_id": self.account.id,
                    "state": state,
                    "instalment_count": 3,
                    "date_confirmed": self.today - timedelta(days=400),
                    "date_down_payment_due": self.today - timedelta(days=395),
                    "amount_debt": 900.0,
                    "line_ids": [
                        Command.create({"number": n, "date_due": self.today - timedelta(days=30 * n), "amount": 300.0})
                        for n in (1, 2, 3)
                    ],
                }
            )
        queries()
        many = queries()
        page = self.page(f"/my/water/{self.account.id}")
        self.assertEqual(len(html.fromstring(page).xpath("//div[contains(@class, 'o_water_agreement_card')]")), 4)
        _logger.info("account page: %s queries with one agreement, %s with four", one, many)
        self.assertLessEqual(many, one, f"{one} queries with one agreement, {many} with four")

    # ------------------------------------------------------------------ paying online
    def test_the_down_payment_paid_online_activates_the_agreement(self):
        agreement = self.sign(down=305.0)
        self.assertEqual(self.balance(self.account), 1525.0)
        self.authenticate("t_citizen_agr", "t_citizen_agr")
        account_page = self.page(f"/my/water/{self.account.id}")
        self.assertIn("305.00", self.text(account_page, "//span[@id='water_pay_online_amount']"))
        self.assertIn(agreement.name, self.text(account_page, "//div[@id='water_pay_down_payment_note']"))
        pay = self.page(f"/my/water/{self.account.id}/pay")
        self.assertIn("305.00", self.text(pay, "//span[@id='water_pay_total']"))
        self.assertIn(agreement.name, self.text(pay, "//div[@id='water_pay_down_payment']"))
        # the whole balance is not what the page offers: the server refuses it
        _result, error = self.rpc(
            f"/my/water/{self.account.id}/transaction",
            {"provider_id": self.provider.id, "payment_method_id": self.demo_method.id, "amount": 1525.0,
             "flow": "direct", "token_id": None, "tokenization_requested": False, "landing_route": "/my",
             "is_validation": False, "access_token": None, "payment_reference": None},
        )  # fmt: skip
        self.assertIn("changed since you opened this page", error or "")
        tx = self.pay_online_from_the_portal(305.0)
        self.assertEqual(tx.amount, 305.0)
        self.assertEqual(agreement.state, "active", "the down payment online puts the agreement in force")
        self.assertEqual((self.jan | self.feb | self.surcharge).mapped("amount_residual"), [0.0, 0.0, 0.0])
        receivable = self.receivable(tx.payment_id.move_id)
        self.assertTrue(receivable.reconciled)
        self.assertEqual(receivable.matched_debit_ids.debit_move_id.move_id, self.jan, "oldest first")
        self.assertEqual(sum(receivable.matched_debit_ids.mapped("amount")), 305.0)
        self.assertEqual(agreement.amount_financed, 1220.0)
        self.assertEqual(agreement.line_ids.sorted("number").mapped("amount"), [203.33] * 5 + [203.35])
        self.assertEqual(self.balance(self.account), 203.33, "the first instalment is due now")

    def test_instalments_paid_online_with_no_bill_open(self):
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        self.assertEqual(agreement.state, "active")
        first, second = agreement.line_ids.sorted("number")[:2]
        self.authenticate("t_citizen_agr", "t_citizen_agr")
        pay = self.page(f"/my/water/{self.account.id}/pay")
        self.assertIn("203.33", self.text(pay, "//span[@id='water_pay_total']"))
        label = self.text(pay, "//ul[@id='water_pay_bills']/li[1]")
        self.assertIn("Instalment 1 of 6", label)
        self.assertIn(agreement.name, label)
        self.assertFalse(html.fromstring(pay).xpath("//div[@id='water_pay_down_payment']"))
        tx = self.pay_online_from_the_portal(203.33)
        self.assertFalse(tx.invoice_ids, "no bill is open: the transaction has none")
        # (the payment stays "in process" until the bank statement matches it: it pays no bill)
        self.assertEqual(tx.payment_id.move_id.state, "posted")
        self.assertTrue(tx.payment_id.is_reconciled)
        self.assertEqual(self.receivable(tx.payment_id.move_id).matched_debit_ids.debit_move_id, first.move_line_id)
        self.assertEqual(first.move_line_id.amount_residual, 0.0)
        self.assertTrue(first.move_line_id.reconciled)
        self.assertEqual(second.move_line_id.amount_residual, 203.33, "not due yet: untouched")
        self.assertEqual(self.balance(self.account), 0.0)
        self.assertEqual(agreement.state, "active")
        page = self.page(agreement.access_url)
        self.assertIn("0.00", self.text(page, "//div[@id='water_agreement_due_now']"))
        self.assertEqual(
            self.text(page, "//tr[contains(@class, 'o_water_agreement_row')][1]//span[contains(@class, 'badge')]"),
            "Paid",
        )
        self.assertFalse(html.fromstring(page).xpath("//a[@id='water_agreement_pay']"), "nothing due now")
        # every other instalment due for payment (long notice days) and a new bill: one payment, the policy's order
        self.company.water_agreement_notice_days = 400
        march = self.make_bill(self.account, 2025, 3, 80.5, due=self.today + timedelta(days=400))
        pay = self.page(f"/my/water/{self.account.id}/pay")
        self.assertIn("1,097.17", self.text(pay, "//span[@id='water_pay_total']"))  # 4 x 203.33 + 203.35 + 80.50
        tx = self.pay_online_from_the_portal(1097.17)
        self.assertEqual(tx.invoice_ids, march)
        self.assertEqual(agreement.line_ids.move_line_id.mapped("amount_residual"), [0.0] * 6)
        self.assertEqual(march.amount_residual, 0.0)
        self.assertEqual(agreement.state, "done", "every instalment paid online: completed")
        self.assertEqual(self.balance(self.account), 0.0)

    # ------------------------------------------------------------------ the request for an agreement
    def test_the_citizen_asks_for_an_agreement_and_the_officer_makes_it(self):
        request_type = self.env.ref("water_collections.request_type_payment_agreement")
        self.authenticate("t_citizen_agr", "t_citizen_agr")
        account_page = self.page(f"/my/water/{self.account.id}")
        link = html.fromstring(account_page).xpath("//a[@id='water_agreement_request']/@href")[0]
        form = self.page(link)
        self.assertIn("Payment agreement request", form)
        response = self.url_open(
            "/my/water/requests/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "request_type_id": str(request_type.id),
                "contract_id": str(self.account.id),
                "description": "Puedo dar 400 ahora y el resto en 6 meses.",
            },
        )
        self.assertEqual(response.status_code, 200)
        water_request = self.env["water.request"].search([("request_type_id", "=", request_type.id)])
        self.assertEqual(len(water_request), 1)
        self.assertEqual((water_request.channel, water_request.contract_id), ("portal", self.account))
        self.assertTrue(water_request.is_agreement_request)

        # the officer answers it: the button opens a new agreement from the portal channel, linked to the request
        action = water_request.with_user(self.officer).action_water_new_agreement()
        self.assertEqual(water_request.state, "in_progress")
        with Form(self.env["water.payment.agreement"].with_user(self.officer).with_context(**action["context"])) as f:
            self.assertEqual(f.contract_id, self.account)
            f.instalment_count = 6
            f.frequency = "monthly"
            f.first_due_date = self.first_due
            f.amount_down_payment = 400.0
        agreement = f.record
        self.assertEqual((agreement.channel, agreement.request_id), ("portal", water_request))
        self.assertEqual(water_request.agreement_count, 1)
        # the button again opens the same draft
        self.assertEqual(water_request.with_user(self.officer).action_water_new_agreement()["res_id"], agreement.id)
        agreement.with_user(self.officer).action_confirm()
        self.assertEqual(agreement.state, "waiting")
        self.assertEqual(water_request.state, "answered")
        self.assertIn(agreement.name, water_request.answer)
        self.assertIn("400.00", water_request.answer)
        answer = water_request.message_ids.filtered(
            lambda m: m.message_type == "comment" and agreement.name in (m.body or "")
        )
        self.assertEqual(len(answer), 1)
        self.assertIn(self.citizen.partner_id, answer.partner_ids, "the answer reaches the citizen")
        # on the citizen's request page
        page = self.page(f"/my/water/requests/{water_request.id}")
        self.assertIn(agreement.name, page)

    def test_the_officer_writes_only_on_agreement_requests(self):
        complaint_type = self.env.ref("water_registry.request_type_complaint")
        agreement_type = self.env.ref("water_collections.request_type_payment_agreement")
        Request = self.env["water.request"]
        complaint, asks = Request.create(
            [
                {"request_type_id": t.id, "partner_id": self.account.partner_id.id, "contract_id": self.account.id,
                 "description": "x"}
                for t in (complaint_type, agreement_type)
            ]
        )  # fmt: skip
        asks.with_user(self.officer).write({"answer": "Venga a la ventanilla con su recibo."})
        asks.with_user(self.officer).action_answer()
        self.assertEqual(asks.state, "answered")
        with self.assertRaises(AccessError):
            complaint.with_user(self.officer).write({"answer": "No"})
        with self.assertRaisesRegex(UserError, "does not ask for a payment agreement"):
            complaint.with_user(self.officer).action_water_new_agreement()
        with self.assertRaises(AccessError):
            asks.with_user(self.cashier).action_water_new_agreement()
        clerk = new_test_user(self.env, "t_clerk_agr", groups="base.group_user,water_registry.group_water_clerk")
        complaint.with_user(clerk).write({"answer": "Atendida"})
        self.assertEqual(complaint.answer, "Atendida", "the clerk still writes on every request")
