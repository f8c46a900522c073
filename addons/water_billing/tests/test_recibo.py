import io
from datetime import date

from markupsafe import escape

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import format_date
from odoo.tools.pdf import PdfFileReader

from ..utils import payment as payment_utils
from .common import WaterBillingCase

REPORT = "water_billing.action_report_recibo"
INVOICE_REPORT = "account.account_invoices"
# a published block tariff (0-10 m3 free, then 17.33, 26.70, 34.18, 83.60 per m3, fixed charge by block)
PUBLISHED = ((10, 0, 140.99), (20, 17.33, 163.82), (40, 26.70, 411.12), (60, 34.18, 981.74), (0, 83.60, 2205.67))
# the readings of the five metered accounts, month by month (install readings are 1000 + index)
MONTHLY_USE = {1: 12, 2: 18, 3: 25, 4: 15}


def fmt(value):
    return ("%.2f" % (value or 0.0)).rstrip("0").rstrip(".")


def money(value):
    return f"{value:,.2f}"


class ReciboCase(WaterBillingCase):
    """Four months billed on the test route: January to April 2025, nothing paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_class = cls.env["water.service.class"].create({"name": "Clase recibo", "code": "TRCB"})
        (cls.contracts | cls.unmetered).write({"service_class_id": cls.test_class.id})
        cls.env["water.tariff"].create(
            {
                "name": "Ley 2025 recibo",
                "service_class_id": cls.test_class.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "drainage_pct": 20,
                "sanitation_pct": 10,
                "fixed_quota": 185.40,
                "vat_water": 0,
                "block_ids": [
                    (0, 0, {"sequence": i, "upper": upper, "price": price, "fixed_charge": fixed})
                    for i, (upper, price, fixed) in enumerate(PUBLISHED)
                ],
            }
        )
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.billing_clerk = new_test_user(
            cls.env, "t_recibo_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        cls.lots = {}
        total = {contract: 1000 + index for index, contract in enumerate(cls.contracts)}
        for month, use in MONTHLY_USE.items():
            period = cls.make_period(2025, month)
            lot = cls.env["water.reading.lot"]._generate(period, cls.route)
            lot.action_send_to_field()
            for contract in cls.contracts:
                reading = lot.reading_ids.filtered(lambda r, c=contract: r.contract_id == c)
                if month == 4 and contract == cls.contracts[4]:
                    # nobody at home in April: billed by estimate
                    reading.observation_id = cls.env.ref("water_billing.observation_02")
                    continue
                total[contract] += use
                reading.reading_text = str(total[contract])
            lot.action_validate()
            cls.env["water.bill.run"].create(
                {
                    "period_id": period.id,
                    "sector_ids": [(6, 0, cls.sector.ids)],
                    "invoice_date": period.date_end,
                    "due_date": date(2025, month + 1, 20),
                    "journal_id": cls.journal.id,
                }
            ).action_run()
            cls.lots[month] = lot
        cls.april = cls.lots[4]
        cls.bills = cls.env["account.move"].search([("water_period_id", "=", cls.april.period_id.id)])
        cls.Report = cls.env["ir.actions.report"]

    def bill_of(self, contract):
        return self.bills.filtered(lambda move: move.water_contract_id == contract)

    def render_html(self, moves, report=REPORT, user=None):
        report_model = self.Report.with_user(user) if user else self.Report
        return report_model._render_qweb_html(report, moves.ids)[0].decode()

    def render_pdf(self, moves, report=REPORT):
        # wkhtmltopdf would otherwise fetch the assets from the test server and deadlock
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        content, report_type = self.Report.with_context(force_report_rendering=True)._render_qweb_pdf(report, moves.ids)
        self.assertEqual(report_type, "pdf")
        return content

    def pages(self, content):
        self.assertTrue(content.startswith(b"%PDF-"))
        return len(PdfFileReader(io.BytesIO(content)).pages)


@tagged("post_install", "-at_install")
class TestRecibo(ReciboCase):
    """The water bill (recibo) PDF: every element, one page per bill, route order and who may print it."""

    # ------------------------------------------------------------------ content
    def test_every_element_of_the_bill(self):
        contract = self.contracts[0]
        bill = self.bill_of(contract)
        self.assertEqual(len(self.bills), 6, "five metered accounts and one on cuota fija")
        self.assertEqual(bill.water_volume, 15)
        self.assertTrue(bill.water_previous_balance, "the bills of January to March are unpaid")
        html = self.render_html(bill)
        page = html[html.index('class="rc-page') :]
        company = self.env.company
        self.assertIn(escape(company.name), page)
        if company.logo:
            self.assertIn("data:image/png;base64", page)
        # the account
        self.assertIn(f">{contract.number}<", page)
        self.assertIn(f">{escape(contract.partner_id.name)}<", page)
        self.assertIn(f">{escape(contract.service_point_id.name)}<", page)
        self.assertIn(f">{escape(self.test_class.name)}<", page)
        self.assertIn(f">{bill.water_period_id.name}<", page)
        # meter and both readings with their dates: 1000 + 12 + 18 + 25 = 1055 -> 1070
        reading = bill.water_reading_id
        self.assertIn(contract.meter_id.serial, page)
        self.assertEqual((reading.previous_reading, reading.reading_value), (1055, 1070))
        self.assertIn(">1055<", page)
        self.assertIn(">1070<", page)
        lang = company.partner_id.lang
        self.assertIn(format_date(self.env, reading.previous_date, lang_code=lang), page)
        self.assertEqual(reading.previous_date, date(2025, 3, 31))
        # the capture date as the reader of the bill sees it (in his time zone)
        captured = fields.Datetime.context_timestamp(bill, reading.capture_date).date()
        self.assertIn(format_date(self.env, captured, lang_code=lang), page)
        self.assertIn(">15 m³<", page)
        # the chart: a bar per period, January to April, the current one last
        chart = page[page.index('class="rc-chart"') : page.index("</table>", page.index('class="rc-chart"'))]
        self.assertEqual(chart.count('class="rc-bar-value'), 4)
        self.assertEqual(chart.count("rc-bar rc-bar-current"), 1)
        for volume in MONTHLY_USE.values():
            self.assertIn(f">{volume}<", chart)
        self.assertLess(chart.index(">12<"), chart.index(">18<"))
        self.assertLess(chart.index(">25<"), chart.index(">15<"))
        self.assertIn("height: 20.0mm", chart, "the largest consumption (25 m³) draws the tallest bar")
        # every concept with its amount, the taxes and the totals
        for line in bill.invoice_line_ids:
            self.assertIn(escape(line.name), page)
            self.assertIn(money(line.price_subtotal), page)
        self.assertIn(money(bill.amount_untaxed), page)
        self.assertIn(money(bill.water_previous_balance), page)
        self.assertIn(money(bill.amount_total), page)
        total = bill.water_previous_balance + bill.amount_total
        self.assertIn(money(total), page)
        words = payment_utils.amount_in_words(total)
        self.assertTrue(words.endswith("/100 M.N.") and "PESOS" in words)
        self.assertIn(words, page)
        # due date, reference with its check digit and its barcode, the portal link
        self.assertEqual(bill.invoice_date_due, date(2025, 5, 20))
        self.assertIn(format_date(self.env, bill.invoice_date_due, lang_code=lang), page)
        self.assertTrue(payment_utils.is_valid_reference(bill.payment_reference))
        self.assertIn(f">{bill.payment_reference}<", page)
        stub = page[page.index('class="rc-stub"') :]
        self.assertRegex(stub, r'<img class="rc-barcode"[^>]* src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"')
        self.assertTrue(bill.access_token, "printing gives the bill its portal token")
        self.assertIn(f"{bill.get_base_url()}/my/invoices/{bill.id}?access_token={bill.access_token}", page)

    def test_unmetered_bill(self):
        bill = self.bill_of(self.unmetered)
        html = self.render_html(bill)
        self.assertIn(f">{self.unmetered.number}<", html)
        self.assertIn(money(bill.amount_total), html)
        self.assertEqual(html.count('class="rc-bar-value'), 4, "the fixed quota's history has its four periods")

    def test_chart_period_labels(self):
        Move = self.env["account.move"].with_context(lang="en_US")
        self.assertEqual(Move._water_period_label(date(2025, 3, 1), date(2025, 3, 31)), ("Mar", "25"))
        self.assertEqual(Move._water_period_label(date(2025, 1, 1), date(2025, 2, 28)), ("Jan-Feb", "25"))

    def test_estimated_bill(self):
        bill = self.bill_of(self.contracts[4])
        reading = bill.water_reading_id
        self.assertEqual(reading.basis, "estimated")
        self.assertTrue(reading.consumption)
        html = self.render_html(bill)
        observation = self.env.ref("water_billing.observation_02")
        self.assertIn(f">{escape(observation.with_context(lang=self.env.company.partner_id.lang).name)}<", html)
        basis = dict(
            reading._fields["basis"]._description_selection(
                reading.with_context(lang=self.env.company.partner_id.lang).env
            )
        )["estimated"]
        self.assertIn(f"({escape(basis)})", html)
        self.assertIn(f">{fmt(bill.water_volume)} m³<", html)
        self.assertNotIn(">1000<", html, "no current reading is printed: the meter was not read")

    def test_balance_in_favour(self):
        bill = self.bill_of(self.contracts[1])
        bill.sudo().water_previous_balance = -(bill.amount_total + 100)
        html = self.render_html(bill)
        page = html[html.index('class="rc-page') :]
        self.assertIn(money(100), page, "what the account has in its favour")
        self.assertIn("CERO PESOS 00/100 M.N.", page)
        self.assertIn(money(0), page[page.index('class="rc-stub"') :], "the stub asks for nothing")

    def test_standard_invoice_print_gives_the_recibo(self):
        bill = self.bill_of(self.contracts[1])
        self.assertEqual(bill._get_name_invoice_report(), "water_billing.report_recibo_document")
        html = self.render_html(bill, report=INVOICE_REPORT)
        self.assertIn("o_water_recibo", html)
        self.assertIn(f">{bill.payment_reference}<", html)
        self.assertEqual(html.count('class="rc-page'), 1)
        # an ordinary customer invoice keeps Odoo's layout
        other = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.holder.id,
                "invoice_line_ids": [(0, 0, {"name": "Otro servicio", "quantity": 1, "price_unit": 10})],
            }
        )
        self.assertEqual(other._get_name_invoice_report(), "account.report_invoice_document")
        self.assertNotIn("o_water_recibo", self.render_html(other, report=INVOICE_REPORT))

    # ------------------------------------------------------------------ route
    def test_route_in_delivery_order_from_the_reading_lot(self):
        action = self.env["account.move"].with_user(self.billing_clerk)._water_action_print_lots(self.april)
        self.assertEqual(action["report_name"], "water_billing.report_recibo")
        printed = self.env["account.move"].browse(action["context"]["active_ids"])
        self.assertEqual(set(printed.ids), set(self.bills.ids), "the route's metered and unmetered accounts")
        html = self.render_html(printed)
        self.assertEqual(html.count('class="rc-page'), 6)
        self.assertEqual(html.count("<html"), 1)
        self.assertEqual(html.count('class="article'), 1, "one document: an unpatched wkhtmltopdf takes one")
        positions = [html.index(f'rc-account">{move.water_contract_id.number}<') for move in self.bills]
        order = self.bills.sorted(lambda m: (m.water_contract_id.route_sequence, m.water_contract_id.number))
        by_position = sorted(zip(positions, self.bills, strict=True), key=lambda pair: pair[0])
        self.assertEqual([move for _pos, move in by_position], list(order))
        # route_sequence is 5 - index: the route order is the reverse of the accounts' creation
        metered = [m.water_contract_id for m in order if m.water_contract_id in self.contracts]
        self.assertEqual(metered, list(self.contracts[::-1]))
        # the same order whatever the selection's
        self.assertEqual(html, self.render_html(printed[::-1]))

    def test_route_without_bills(self):
        lot = self.env["water.reading.lot"]._generate(self.make_period(2025, 6), self.route)
        with self.assertRaises(UserError):
            self.env["account.move"]._water_action_print_lots(lot)

    def test_route_renders_without_a_query_per_bill(self):
        self.render_html(self.bills)  # the portal tokens, the assets of the first rendering
        counts = []
        for moves in (self.bills[:2], self.bills):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.render_html(moves)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertLessEqual(counts[1], counts[0] + 2, f"queries for 2 bills and for 6: {counts}")

    # ------------------------------------------------------------------ PDF
    def test_pdf_one_page_per_bill(self):
        content = self.render_pdf(self.bills)
        self.assertEqual(self.pages(content), len(self.bills))
        # the standard invoice report gives the same recibo, one page per bill, on the company's paper
        content = self.render_pdf(self.bills[:2], report=INVOICE_REPORT)
        self.assertEqual(self.pages(content), 2)

    # ------------------------------------------------------------------ access
    def test_access_per_role(self):
        bill = self.bill_of(self.contracts[2])
        for user in (self.billing_clerk, self.manager):
            html = self.render_html(bill, user=user)
            self.assertIn(f">{bill.payment_reference}<", html)
            # the reading printed on the bill, whatever the user's rights on readings
            self.assertIn(f">{self.contracts[2].meter_id.serial}<", html)
            action = self.env["account.move"].with_user(user)._water_action_print_lots(self.april)
            self.assertEqual(len(action["context"]["active_ids"]), 6)
        # a meter reader reads no bill (the report engine wraps the error of the template)
        with self.assertRaises(AccessError):
            bill.with_user(self.reader_user).check_access("read")
        with self.assertRaises(Exception) as error:
            self.render_html(bill, user=self.reader_user)
        self.assertIsInstance(error.exception.__cause__ or error.exception, AccessError)
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(self.reader_user)._water_action_print_lots(self.april)
        # the print button's server action is for the billing roles
        server_action = self.env.ref("water_billing.action_server_print_lot_recibos")
        self.assertTrue(self.billing_clerk.has_group("water_billing.group_water_billing_clerk"))
        self.assertTrue(self.manager.has_group("water_billing.group_water_billing_clerk"))
        self.assertFalse(self.reader_user.has_group("water_billing.group_water_billing_clerk"))
        self.assertEqual(server_action.groups_id, self.env.ref("water_billing.group_water_billing_clerk"))
        result = (
            server_action.with_user(self.billing_clerk)
            .with_context(active_model="water.reading.lot", active_id=self.april.id, active_ids=self.april.ids)
            .run()
        )
        self.assertEqual(result["report_name"], "water_billing.report_recibo")


@tagged("post_install", "-at_install")
class TestReciboPortal(ReciboCase, HttpCase):
    def test_the_printed_link_opens_the_bill_on_the_portal(self):
        """A citizen without a login types the link printed on the bill: the bill opens, and its download
        is the recibo."""
        bill = self.bill_of(self.contracts[3])
        html = self.render_html(bill)
        link = html[html.index('class="rc-portal-url">') + len('class="rc-portal-url">') :].split("<", 1)[0]
        path = link.removeprefix(bill.get_base_url())
        self.assertTrue(path.startswith(f"/my/invoices/{bill.id}?access_token="))
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn(bill.name, response.text)
        response = self.url_open(f"{path}&report_type=html")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_water_recibo", response.text)
        self.assertIn(f">{bill.payment_reference}<", response.text)
        # a wrong token opens nothing
        response = self.url_open(f"/my/invoices/{bill.id}?access_token=not-the-token&report_type=html")
        self.assertNotIn("o_water_recibo", response.text)
