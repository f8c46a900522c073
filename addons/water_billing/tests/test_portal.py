import base64
import io
import re
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import WaterBillRunCase


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestBillingPortal(WaterBillRunCase, HttpCase):
    """Two citizens, each holding one metered account with bills of March and April 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen = new_test_user(cls.env, "t_cit1", groups="base.group_portal", name="Rosa Portal")
        cls.other = new_test_user(cls.env, "t_cit2", groups="base.group_portal", name="Pedro Portal")
        (cls.citizen | cls.other).lang = "en_US"
        cls.own, cls.foreign = cls.contracts[0], cls.contracts[1]
        cls.own.partner_id = cls.citizen.partner_id
        cls.foreign.partner_id = cls.other.partner_id
        cls.viewer_reader = new_test_user(
            cls.env, "t_sr_reader", groups="base.group_user,water_billing.group_water_reader"
        )

    def setUp(self):
        super().setUp()
        march = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        self.make_run(march.period_id).action_run()
        april = self.run_period(4, {c: str(1000 + i + 27) for i, c in enumerate(self.contracts)})
        self.make_run(april.period_id).action_run()
        self.bills = self.env["account.move"].search(
            [("water_contract_id", "=", self.own.id)], order="invoice_date desc, id desc"
        )
        self.foreign_bill = self.env["account.move"].search(
            [("water_contract_id", "=", self.foreign.id)], order="invoice_date desc", limit=1
        )

    # ------------------------------------------------------------------ helpers
    def csrf(self, contract):
        page = self.url_open(f"/my/water/{contract.id}")
        return re.search(r'csrf_token: "([^"]+)"', page.text).group(1)

    def post_self_reading(self, contract, value, photo=None, token_contract=None, filename="medidor.png"):
        files = {"photo": (filename, photo if photo is not None else png_bytes(), "image/png")}
        return self.url_open(
            f"/my/water/{contract.id}/self-reading",
            data={"csrf_token": self.csrf(token_contract or contract), "reading_value": value},
            files=files,
        )

    def extra_bills(self, contract, count, start=date(2024, 1, 1)):
        """Posted bills of earlier periods, made directly (the portal only reads them)."""
        periods = self.Period.create(
            [
                {
                    "date_start": start + relativedelta(months=i),
                    "date_end": start + relativedelta(months=i + 1, days=-1),
                    "frequency": "monthly",
                }
                for i in range(count)
            ]
        )
        bills = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.id,
                    "journal_id": self.journal.id,
                    "invoice_date": period.date_end,
                    "water_contract_id": contract.id,
                    "water_period_id": period.id,
                    "water_volume": 10 + i,
                    "invoice_line_ids": [(0, 0, {"name": "Agua", "quantity": 1, "price_unit": 100 + i, "tax_ids": []})],
                }
                for i, period in enumerate(periods)
            ]
        )
        bills.action_post()
        return bills

    # ------------------------------------------------------------------ balance and summary
    def test_balance_is_the_residual_of_posted_invoices_in_one_query(self):
        contracts = self.own | self.foreign | self.contracts[2]
        total = sum(self.bills.mapped("amount_total"))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.bills[-1].ids
        ).create({"amount": 50})._create_payments()
        contracts.company_id.currency_id.mapped("rounding")
        self.env.flush_all()
        with self.assertQueryCount(1):
            balances = contracts._water_portal_balances()
        self.assertAlmostEqual(balances[self.own.id], total - 50)
        self.assertGreater(balances[self.foreign.id], 0)
        self.assertEqual(set(balances), set(contracts.ids))
        self.assertEqual(self.unmetered._water_portal_balances(), {self.unmetered.id: 185.40 * 1.3 * 2})
        due = self.own._water_portal_due_dates()[self.own.id]
        self.assertEqual(due, min(self.bills.mapped("invoice_date_due")))

    def test_account_page_shows_own_bills_balance_and_chart(self):
        self.authenticate("t_cit1", "t_cit1")
        page = self.url_open(f"/my/water/{self.own.id}")
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.bills.invalidate_recordset(["access_token"])  # written by the page in SQL
        for bill in self.bills:
            self.assertIn(bill.name, text)
            self.assertIn(f"/my/invoices/{bill.id}?access_token={bill.access_token}", text.replace("&amp;", "&"))
        self.assertNotIn(self.foreign_bill.name, text)
        self.assertIn("o_water_summary_balance", text)
        self.assertEqual(text.count('class="o_water_chart_bar '), 2, "March and April")
        self.assertIn("o_water_chart_average", text)
        self.assertIn("Overdue", text, "2025 bills are past their due date")
        self.assertIn("o_water_self_reading_form", text)
        accounts = self.url_open("/my/water").text
        self.assertEqual(accounts.count("o_water_card_balance"), 1)

    def test_other_citizens_pages_and_pdfs_are_refused(self):
        self.authenticate("t_cit2", "t_cit2")
        for url in (f"/my/water/{self.own.id}", f"/my/water/{self.own.id}/bills"):
            response = self.url_open(url)
            self.assertTrue(response.url.endswith("/my/water"), url)
            self.assertNotIn(self.bills[0].name, response.text)
        for bill in self.bills:
            for url in (f"/my/invoices/{bill.id}?report_type=pdf&download=true", f"/my/invoices/{bill.id}"):
                response = self.url_open(url)
                self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf", url)
                self.assertNotIn(bill.name, response.text, url)
        count = self.env["water.self.reading"].search_count([])
        response = self.post_self_reading(self.own, "1100", token_contract=self.foreign)
        self.assertTrue(response.url.endswith("/my/water"))
        self.assertEqual(self.env["water.self.reading"].search_count([]), count)

    def test_pdf_link_with_token_gives_the_recibo(self):
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        self.authenticate("t_cit1", "t_cit1")
        self.bills._water_ensure_access_tokens()
        bill = self.bills[0]
        Report = self.registry["ir.actions.report"]
        pre_render = Report._pre_render_qweb_pdf

        def really_render(report, report_ref, res_ids=None, data=None):
            """Tests render reports as HTML: the portal's download must run wkhtmltopdf here."""
            return pre_render(report.with_context(force_report_rendering=True), report_ref, res_ids=res_ids, data=data)

        with patch.object(Report, "_pre_render_qweb_pdf", really_render):
            response = self.url_open(bill.get_portal_url(report_type="pdf", download=True))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers.get("Content-Type"), "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_bills_page_pages_the_older_bills(self):
        self.extra_bills(self.own, 12)
        self.authenticate("t_cit1", "t_cit1")
        account = self.url_open(f"/my/water/{self.own.id}").text
        self.assertIn(f"/my/water/{self.own.id}/bills", account, "14 bills: the page links to all of them")
        first = self.url_open(f"/my/water/{self.own.id}/bills").text
        second = self.url_open(f"/my/water/{self.own.id}/bills/page/2").text
        rows = re.compile(r'<tr class="o_water_bill_row" data-bill-id="(\d+)"')
        self.assertEqual(len(rows.findall(first)), 12)
        self.assertEqual(len(rows.findall(second)), 2)
        self.assertEqual(
            {int(i) for i in rows.findall(first) + rows.findall(second)},
            set(self.env["account.move"].search([("water_contract_id", "=", self.own.id)]).ids),
        )

    def test_account_page_queries_do_not_grow_with_the_bills(self):
        self.authenticate("t_cit1", "t_cit1")
        url = f"/my/water/{self.own.id}"

        def count():
            self.url_open(url)  # caches warm
            before = self.cr.sql_log_count
            self.url_open(url)
            return self.cr.sql_log_count - before

        with_two = count()
        self.extra_bills(self.own, 8)
        with_ten = count()
        self.assertEqual(len(self.env["account.move"].search([("water_contract_id", "=", self.own.id)])), 10)
        self.assertEqual(with_ten, with_two, "no query per bill")

    # ------------------------------------------------------------------ self-reading
    def test_self_reading_validation(self):
        self.authenticate("t_cit1", "t_cit1")
        SelfReading = self.env["water.self.reading"]
        last = self.own._water_last_meter_value()
        self.assertEqual(last, 1027, "April's reading")
        cases = [
            ("1010", "lower than the last reading of your meter (1027)"),
            ("abc", "must be a number"),
            ("-3", "cannot be negative"),
            ("123456", "has 5 digits"),
            ("", "Type the reading"),
        ]
        for value, message in cases:
            response = self.post_self_reading(self.own, value)
            self.assertIn(message, response.text, value)
            self.assertIn("o_water_self_reading_error", response.text)
        response = self.post_self_reading(self.own, "1040", photo=b"%PDF-1.4 not a photo", filename="x.pdf")
        self.assertIn("must be a JPEG, PNG or WebP image", response.text)
        response = self.post_self_reading(self.own, "1040", photo=b"")
        self.assertIn("Attach a photo", response.text)
        self.assertFalse(SelfReading.search([("contract_id", "=", self.own.id)]))
        response = self.post_self_reading(self.own, "1040")
        self.assertIn("your reading was sent", response.text)
        record = SelfReading.search([("contract_id", "=", self.own.id)])
        self.assertEqual((record.state, record.reading_value, record.last_value), ("submitted", 1040, 1027))
        self.assertEqual(record.partner_id, self.citizen.partner_id)
        self.assertTrue(record.photo)
        response = self.post_self_reading(self.own, "1041")
        self.assertIn("already sent a self-reading", response.text)
        self.assertEqual(SelfReading.search_count([("contract_id", "=", self.own.id)]), 1)
        # an unmetered account has no form and refuses posts
        self.unmetered.partner_id = self.citizen.partner_id
        page = self.url_open(f"/my/water/{self.unmetered.id}").text
        self.assertNotIn("o_water_self_reading_form", page)

    def test_a_dial_that_rolled_over_may_read_lower(self):
        april = self.bills.filtered(lambda b: b.water_period_id.date_start.month == 4).water_reading_id
        april.reading_value = 99990
        self.authenticate("t_cit1", "t_cit1")
        self.assertIn("your reading was sent", self.post_self_reading(self.own, "15").text)
        record = self.env["water.self.reading"].search([("contract_id", "=", self.own.id)])
        self.assertEqual((record.reading_value, record.last_value), (15, 99990))

    def submit(self, contract, value):
        return self.env["water.self.reading"].create(
            {
                "contract_id": contract.id,
                "partner_id": contract.partner_id.id,
                "meter_id": contract.meter_id.id,
                "reading_value": value,
                "photo": base64.b64encode(png_bytes()),
            }
        )

    def test_submitted_self_reading_changes_nothing_until_accepted(self):
        lot = self.lot_for(self.make_period(2025, 5))
        reading = self.reading(lot, self.own)
        bills_before = self.env["account.move"].search_count([])
        self.authenticate("t_cit1", "t_cit1")
        self.post_self_reading(self.own, "1040")
        record = self.env["water.self.reading"].search([("contract_id", "=", self.own.id)])
        self.assertEqual(record.state, "submitted")
        self.assertEqual((reading.state, reading.reading_text), ("pending", False))
        self.assertEqual(self.env["account.move"].search_count([]), bills_before)
        # lowest privileges: the portal citizen, a meter reader and a read-only user cannot decide
        for user in (self.citizen, self.viewer_reader, self.viewer):
            with self.assertRaises(AccessError):
                record.with_user(user).action_accept()
        record.with_user(self.supervisor).action_accept()
        self.assertEqual(record.state, "accepted")
        self.assertEqual(record.reading_id, reading)
        self.assertEqual(record.reviewer_id, self.supervisor)
        self.assertEqual((reading.state, reading.reading_text, reading.capture_channel), ("captured", "1040", "portal"))
        self.assertTrue(reading.photo)
        lot.action_validate()
        self.assertEqual((reading.state, reading.consumption), ("valid", 13))

    def test_accept_explains_why_a_self_reading_cannot_be_used(self):
        record = self.submit(self.own, 1040)
        with self.assertRaisesRegex(UserError, "no reading lot open"):
            record.with_user(self.supervisor).action_accept()
        lot = self.lot_for(self.make_period(2025, 5))
        self.capture(lot, {self.own: "1038"})
        with self.assertRaisesRegex(UserError, "already captured"):
            record.with_user(self.supervisor).action_accept()
        self.assertEqual(record.state, "submitted")
        self.assertEqual(self.reading(lot, self.own).reading_text, "1038")

    def test_reject_needs_a_reason_and_the_citizen_reads_it(self):
        record = self.submit(self.own, 1040)
        with self.assertRaises(AccessError):
            record.with_user(self.viewer_reader).action_reject()
        with self.assertRaisesRegex(UserError, "why the self-reading is rejected"):
            record.with_user(self.supervisor).action_reject()
        record.with_user(self.supervisor).write({"review_note": "La foto no deja leer los números."})
        record.with_user(self.supervisor).action_reject()
        self.assertEqual(record.state, "rejected")
        with self.assertRaises(UserError):
            record.with_user(self.supervisor).action_accept()
        self.authenticate("t_cit1", "t_cit1")
        page = self.url_open(f"/my/water/{self.own.id}").text
        self.assertIn("La foto no deja leer los números.", page)
        self.assertIn('data-state="rejected"', page)
        self.assertIn("o_water_self_reading_form", page, "rejected: the citizen may send another")

    def test_record_rules_of_self_readings(self):
        own = self.submit(self.own, 1040)
        foreign = self.submit(self.foreign, 1040)
        SelfReading = self.env["water.self.reading"]
        self.assertEqual(SelfReading.with_user(self.citizen).search([]), own)
        self.assertEqual(SelfReading.with_user(self.other).search([]), foreign)
        with self.assertRaises(AccessError):
            foreign.with_user(self.citizen).read(["reading_value"])
        with self.assertRaises(AccessError):
            SelfReading.with_user(self.citizen).create(
                {
                    "contract_id": self.own.id,
                    "partner_id": self.citizen.partner_id.id,
                    "reading_value": 1,
                    "photo": False,
                }
            )
        with self.assertRaises(AccessError):
            own.with_user(self.citizen).write({"review_note": "x"})
        # linked (not holder) citizens see the account's self-readings too
        self.foreign.portal_partner_ids = [(4, self.citizen.partner_id.id)]
        self.assertEqual(SelfReading.with_user(self.citizen).search([]), own | foreign)

    def test_tour_citizen_sends_a_self_reading(self):
        self.start_tour(f"/my/water/{self.own.id}", "water_self_reading_tour", login="t_cit1")
        record = self.env["water.self.reading"].search([("contract_id", "=", self.own.id)])
        self.assertEqual(
            (record.state, record.reading_value, record.partner_id), ("submitted", 1040, self.citizen.partner_id)
        )
        self.assertTrue(record.photo)
