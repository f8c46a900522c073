import io
import json
from datetime import date, timedelta
from unittest.mock import patch
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from openpyxl import load_workbook

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import format_date
from odoo.tools.pdf import PdfFileReader

from ..utils import statement as statement_utils
from .common import WaterBillingCase

PDF = "water_billing.action_report_statement"
XLSX = "water_billing.action_report_statement_xlsx"
PDF_MIMETYPE = "application/pdf"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JAN, FEB, MAR, APR = date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)


def money(value):
    return f"{value:,.2f}"


class StatementCase(WaterBillingCase):
    """Accounts with bills, surcharges, charges, credit notes and payments of every kind, made directly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        cls.bank = cls.env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        cls.misc = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", company.id)], limit=1
        )
        cls.account, cls.other = cls.contracts[0], cls.contracts[1]
        cls.receivable = cls.account.partner_id.property_account_receivable_id
        cls.cash = cls.bank.default_account_id
        cls.billing_clerk = new_test_user(
            cls.env, "t_stmt_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        cls.invoicing_only = new_test_user(
            cls.env, "t_stmt_invoicing", groups="base.group_user,account.group_account_invoice"
        )
        cls.report_lang = company.partner_id.lang or "en_US"

    @classmethod
    def periods(cls, start, count):
        """The monthly periods from ``start``: those of the demo where they exist, the others made."""
        Period = cls.env["water.billing.period"]
        starts = [start + relativedelta(months=i) for i in range(count)]
        existing = {period.date_start: period for period in Period.search([("date_start", "in", starts)])}
        missing = [day for day in starts if day not in existing]
        for period in Period.create(
            [
                {"date_start": day, "date_end": day + relativedelta(months=1, days=-1), "frequency": "monthly"}
                for day in missing
            ]
        ):
            existing[period.date_start] = period
        return Period.browse([existing[day].id for day in starts])

    @classmethod
    def move_values(cls, contract, amount, day, move_type="out_invoice", label="Agua", **values):
        return {
            "move_type": move_type,
            "partner_id": contract.partner_id.id,
            "journal_id": cls.journal.id,
            "invoice_date": day,
            "invoice_date_due": day + timedelta(days=20),
            "water_contract_id": contract.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": cls.env.ref("water_billing.product_water_consumption").id,
                        "name": label,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [],
                    }
                )
            ],
            **values,
        }

    @classmethod
    def payment_values(cls, contract, amount, day, ref):
        """A payment as collections posts it: an entry whose receivable line carries the account."""
        return {
            "move_type": "entry",
            "journal_id": cls.misc.id,
            "date": day,
            "ref": ref,
            "line_ids": [
                Command.create({"name": ref, "account_id": cls.cash.id, "debit": amount}),
                Command.create(
                    {
                        "name": ref,
                        "account_id": cls.receivable.id,
                        "partner_id": contract.partner_id.id,
                        "credit": amount,
                        "water_contract_id": contract.id,
                    }
                ),
            ],
        }

    @classmethod
    def post(cls, values_list):
        moves = cls.env["account.move"].create(values_list)
        moves.action_post()
        return moves

    @classmethod
    def history(cls, contract, months, start=date(2015, 1, 1)):
        """``months`` monthly bills, each paid the next month, and a surcharge each month: 3 lines a month."""
        periods = cls.periods(start, months)
        values = []
        for index, period in enumerate(periods):
            values.append(
                cls.move_values(
                    contract, 100 + index, period.date_end, water_period_id=period.id, water_volume=10 + index % 7
                )
            )
            values.append(cls.move_values(contract, 5, period.date_end, label="Recargo", water_is_surcharge=True))
            values.append(
                cls.payment_values(contract, 100 + index, period.date_end + timedelta(days=10), f"PAGO {index}")
            )
        return cls.post(values)

    def odoo_payment(self, moves, amount, day):
        """Odoo's own payment wizard on the bills."""
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({"amount": amount, "payment_date": day, "journal_id": self.bank.id, "group_payment": True})
        )
        return wizard._create_payments()

    def render_html(self, contracts, data, user=None):
        report = self.env["ir.actions.report"].with_user(user) if user else self.env["ir.actions.report"]
        return report._render_qweb_html(PDF, contracts.ids, data=data)[0].decode()

    def render_pdf(self, contracts, data):
        # wkhtmltopdf would otherwise fetch the assets from the test server and deadlock
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        content, report_type = report._render_qweb_pdf(PDF, contracts.ids, data=data)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF-"))
        return content

    def render_xlsx(self, contracts, data, user=None):
        report = self.env["ir.actions.report"].with_user(user) if user else self.env["ir.actions.report"]
        content, report_type = report.with_context(active_model="water.contract")._render_xlsx(
            XLSX, contracts.ids, data=data
        )
        self.assertEqual(report_type, "xlsx")
        return load_workbook(io.BytesIO(content))

    @staticmethod
    def data(date_from, date_to):
        return {"date_from": fields.Date.to_string(date_from), "date_to": fields.Date.to_string(date_to)}

    def assert_matches_the_ledger(self, contract, result):
        """The opening balance and the balance after the last line of every day are the ledger's."""
        balances = contract._water_balances
        self.assertEqual(float(result.opening), balances(date=result.date_from - timedelta(days=1))[contract.id])
        for day, balance in statement_utils.balances_by_date(result).items():
            self.assertEqual(float(balance), balances(date=day)[contract.id], f"balance on {day}")
        self.assertEqual(float(result.closing), balances(date=result.date_to)[contract.id])


@tagged("post_install", "-at_install")
class TestStatement(StatementCase):
    """The account statement: its lines, running balance and totals agree with the ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period_jan, cls.period_feb, cls.period_mar = cls.periods(date(2025, 1, 1), 3)
        cls.dec = cls.post([cls.move_values(cls.account, 90.0, date(2024, 12, 31))])
        cls.jan = cls.post(
            [cls.move_values(cls.account, 120.0, JAN, water_period_id=cls.period_jan.id, water_volume=12)]
        )
        cls.feb = cls.post([cls.move_values(cls.account, 80.0, FEB, water_period_id=cls.period_feb.id, water_volume=8)])
        cls.surcharge = cls.post(
            [cls.move_values(cls.account, 6.5, date(2025, 3, 1), label="Recargo marzo 2025", water_is_surcharge=True)]
        )
        cls.fee = cls.post([cls.move_values(cls.account, 350.0, date(2025, 3, 3), label="Derecho de reconexión")])
        cls.refund = cls.post(
            [cls.move_values(cls.account, 30.0, date(2025, 3, 5), move_type="out_refund", ref="Ajuste por fuga")]
        )
        cls.receipt = cls.post(
            [cls.payment_values(cls.account, 200.0, date(2025, 3, 10), "Recibo de ventanilla R-0001")]
        )
        # noise: another account, a draft, a cancelled bill
        cls.post([cls.move_values(cls.other, 999.0, FEB)])
        cls.env["account.move"].create([cls.move_values(cls.account, 777.0, FEB)])
        cancelled = cls.post([cls.move_values(cls.account, 555.0, FEB)])
        cancelled.button_cancel()

    def test_lines_balance_and_totals(self):
        # Odoo's payment wizard on February's bill, partly, and a window receipt later reversed
        self.odoo_payment(self.feb, 50.0, date(2025, 3, 20))
        reversal = self.receipt._reverse_moves(
            [{"date": date(2025, 3, 25), "ref": "Cancelación de R-0001"}], cancel=True
        )
        result = self.account._water_statement(date(2025, 2, 1), MAR)[self.account.id]
        # before the range: December's charge and January's bill
        self.assertEqual(float(result.opening), 210.0)
        self.assertEqual(
            [(line["kind"], line["document"], float(line["charge"]), float(line["credit"])) for line in result.lines],
            [
                ("bill", self.feb.name, 80.0, 0.0),
                ("surcharge", self.surcharge.name, 6.5, 0.0),
                ("charge", self.fee.name, 350.0, 0.0),
                ("refund", self.refund.name, 0.0, 30.0),
                ("payment", self.receipt.name, 0.0, 200.0),
                ("payment", result.lines[5]["document"], 0.0, 50.0),
                ("reversal", reversal.name, 200.0, 0.0),
            ],
        )
        self.assertEqual(
            [float(line["balance"]) for line in result.lines], [290.0, 296.5, 646.5, 616.5, 416.5, 366.5, 566.5]
        )
        self.assertEqual((float(result.charges), float(result.credits)), (636.5, 280.0))
        self.assertEqual(float(result.closing), 566.5)
        self.assert_matches_the_ledger(self.account, result)
        # concepts and descriptions: what each document is and says
        lines = {line["kind"]: line for line in result.lines}
        self.assertEqual(lines["bill"]["period"], self.period_feb.name)
        self.assertEqual(lines["bill"]["description"], "8 m³")
        self.assertEqual(lines["surcharge"]["description"], "Recargo marzo 2025")
        self.assertEqual(lines["charge"]["description"], "Derecho de reconexión")
        self.assertEqual(lines["refund"]["description"], "Ajuste por fuga")
        self.assertEqual(result.lines[4]["description"], "Recibo de ventanilla R-0001")
        self.assertEqual(lines["reversal"]["description"], "Cancelación de R-0001")
        concepts = self.account._water_statement_concepts()
        self.assertEqual(lines["refund"]["concept"], concepts["refund"])
        self.assertEqual(lines["reversal"]["concept"], concepts["reversal"])

    def test_every_range_agrees_with_the_ledger(self):
        self.odoo_payment(self.jan | self.feb, 150.0, date(2025, 2, 15))
        for start, end in ((date(2024, 1, 1), APR), (JAN, JAN), (date(2025, 3, 2), date(2025, 3, 9)), (APR, APR)):
            result = self.account._water_statement(start, end)[self.account.id]
            self.assert_matches_the_ledger(self.account, result)
        empty = self.account._water_statement(APR, APR)[self.account.id]
        self.assertEqual(empty.lines, [])
        self.assertEqual(empty.opening, empty.closing)

    def test_a_credit_in_favour(self):
        self.post([self.payment_values(self.other, 1500.0, MAR, "Pago en banco")])
        result = self.other._water_statement(JAN, MAR)[self.other.id]
        self.assertEqual(float(result.closing), 999.0 - 1500.0)
        self.assert_matches_the_ledger(self.other, result)
        html = self.render_html(self.other, self.data(JAN, MAR))
        self.assertIn("o_water_statement_closing", html)
        self.assertIn(money(501.0), html)

    def test_two_queries_for_many_accounts(self):
        self.env.flush_all()
        # one more with collections, which names the payment agreements' entries
        expected = 3 if "water.payment.agreement" in self.env else 2
        with self.assertQueryCount(__system__=expected):
            results = (self.account | self.other | self.contracts[2])._water_statement(JAN, MAR)
        self.assertEqual(len(results[self.other.id].lines), 1)
        self.assertEqual(results[self.contracts[2].id].lines, [])

    # ------------------------------------------------------------------ the wizard and who may print
    def test_wizard_defaults_and_range(self):
        action = self.account.with_user(self.billing_clerk).action_water_statement()
        wizard = (
            self.env["water.statement.wizard"]
            .with_user(self.billing_clerk)
            .with_context(**action["context"])
            .create({})
        )
        today = fields.Date.context_today(wizard)
        self.assertEqual(wizard.contract_ids, self.account)
        self.assertEqual((wizard.date_from, wizard.date_to), statement_utils.default_range(today))
        self.assertEqual(wizard.date_from, today - relativedelta(years=1) + timedelta(days=1))
        wizard.write({"date_from": FEB, "date_to": MAR})
        report = wizard.action_print_pdf()
        self.assertEqual(report["report_name"], "water_billing.report_statement")
        self.assertEqual(report["data"], {"contract_ids": self.account.ids, **self.data(FEB, MAR)})
        self.assertEqual(wizard.action_print_xlsx()["report_type"], "xlsx")
        with self.assertRaises(ValidationError):
            wizard.write({"date_from": APR})
        # from the accounts list: the selected accounts
        selected = (
            self.env["water.statement.wizard"]
            .with_context(active_model="water.contract", active_ids=(self.account | self.other).ids)
            .create({})
        )
        self.assertEqual(selected.contract_ids, self.account | self.other)

    def test_who_prints_statements(self):
        data = self.data(JAN, MAR)
        accountant = new_test_user(
            self.env,
            "t_stmt_accountant",
            groups="base.group_user,water_registry.group_water_user,account.group_account_readonly",
        )
        for user in (self.billing_clerk, self.manager, accountant):
            html = self.render_html(self.account, data, user=user)
            self.assertIn(self.fee.name, html)
            self.account.with_user(user).action_water_statement()
        # staff who read no bills: the read-only viewer, the meter reader; the invoicing user reads no account
        for user in (self.viewer, self.reader_user, self.invoicing_only):
            with self.assertRaises(AccessError):
                self.account.with_user(user).action_water_statement()
            with self.assertRaises(Exception) as error:
                self.render_html(self.account, data, user=user)
            self.assertIsInstance(error.exception.__cause__ or error.exception, AccessError)
            with self.assertRaises(AccessError):
                self.render_xlsx(self.account, data, user=user)
        # the button and the list's action are for the same groups as the report
        button_groups = self.env.ref("water_billing.action_water_statement_wizard").groups_id
        self.assertEqual(button_groups, self.env.ref(PDF).groups_id)
        self.assertEqual(button_groups, self.env.ref(XLSX).groups_id)
        self.assertIn(self.env.ref("water_billing.group_water_billing_clerk"), button_groups)

    # ------------------------------------------------------------------ PDF and XLSX
    def test_pdf_of_the_account(self):
        self.odoo_payment(self.feb, 50.0, date(2025, 3, 20))
        data = self.data(JAN, MAR)
        html = self.render_html(self.account, data)
        result = self.account._water_statement(JAN, MAR)[self.account.id]
        lang = self.report_lang
        self.assertIn(f">{self.account.number}<", html)
        self.assertIn(self.account.partner_id.name, html)
        self.assertIn(self.account.service_point_id.name, html)
        self.assertIn(self.account.service_class_id.with_context(lang=lang).name, html)
        # Mexican dates whatever the language
        self.assertIn(">31/01/2025<", html)
        self.assertIn(">31/03/2025<", html)
        self.assertIn(f">{format_date(self.env, FEB, lang_code=lang, date_format='dd/MM/yyyy')}<", html)
        self.assertEqual(
            html.count('class="o_water_statement_line"') + html.count('class="st-odd o_water_statement_line"'),
            len(result.lines),
        )
        for line in result.lines:
            self.assertIn(f">{line['document']}<", html)
        for amount in (result.opening, result.charges, result.credits, result.closing):
            self.assertIn(money(amount), html)
        content = self.render_pdf(self.account, data)
        self.assertEqual(len(PdfFileReader(io.BytesIO(content)).pages), 1)

    def test_pages_of_a_long_statement(self):
        """Two years of monthly history and more: every page holds its rows, the header repeated, x of y."""
        contract = self.contracts[3]
        self.history(contract, 30, start=date(2023, 1, 1))
        data = self.data(date(2023, 1, 1), date(2025, 12, 31))
        result = contract._water_statement(date(2023, 1, 1), date(2025, 12, 31))[contract.id]
        self.assertEqual(len(result.lines), 90)
        geometry = self.env["report.water_billing.report_statement"]._water_geometry()
        pages = statement_utils.paginate(90, geometry["first"], geometry["other"], geometry["reserve"])
        self.assertGreater(len(pages), 1)
        html = self.render_html(contract, data)
        self.assertEqual(html.count('class="st-lines"'), len(pages), "the table and its header on every page")
        self.assertEqual(html.count(f'class="st-page-count">{len(pages)}<'), len(pages), "page x of y")
        self.assertIn(f'class="st-page-number">{len(pages)}<', html)
        content = self.render_pdf(contract, data)
        self.assertEqual(len(PdfFileReader(io.BytesIO(content)).pages), len(pages), "no page overflows")

    def test_xlsx_of_the_account(self):
        self.odoo_payment(self.feb, 50.0, date(2025, 3, 20))
        result = self.account._water_statement(JAN, MAR)[self.account.id]
        workbook = self.render_xlsx(self.account, self.data(JAN, MAR), user=self.billing_clerk)
        sheet = workbook[self.account.number]
        self.assertEqual(sheet["A1"].value, self.env.company.name)
        values = [cell.value for row in sheet.iter_rows(min_row=1, max_row=9, max_col=2) for cell in row]
        self.assertIn(self.account.number, values)
        self.assertIn(self.account.partner_id.name, values)
        # the header row of the lines, frozen under the header block
        header = int(sheet.freeze_panes.removeprefix("A")) - 1
        self.assertGreater(header, 8)
        self.assertTrue(all(sheet.cell(header, column).font.bold for column in range(1, 9)))
        opening = sheet.cell(header + 1, 8)
        self.assertEqual(opening.value, float(result.opening))
        first = header + 2
        for offset, line in enumerate(result.lines):
            row = first + offset
            self.assertEqual(sheet.cell(row, 1).value.date(), line["date"])
            self.assertEqual(sheet.cell(row, 1).number_format, "dd/mm/yyyy")
            self.assertEqual(sheet.cell(row, 2).value, line["document"])
            self.assertEqual(sheet.cell(row, 8).value, float(line["balance"]))
            self.assertIn("#,##0.00", sheet.cell(row, 8).number_format)
            self.assertIn("$", sheet.cell(row, 8).number_format)
        totals = first + len(result.lines)
        self.assertEqual(
            [sheet.cell(totals, column).value for column in (6, 7, 8)],
            [float(result.charges), float(result.credits), float(result.closing)],
        )
        self.assertGreater(sheet.column_dimensions["D"].width, sheet.column_dimensions["A"].width)


@tagged("post_install", "-at_install")
class TestStatementScale(StatementCase):
    """Ten years of monthly history render without a query per line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.short, cls.long = cls.contracts[0], cls.contracts[1]
        cls.history(cls.short, 12)
        cls.history(cls.long, 120)
        cls.range = (date(2015, 1, 1), date(2025, 12, 31))

    def test_queries_do_not_grow_with_the_lines(self):
        data = self.data(*self.range)
        self.render_html(self.short, data)  # the first rendering compiles the templates
        counts = {}
        # the same bound for a year and for ten years of history (about 20 queries either way)
        for contract in (self.short, self.long):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self.assertQueryCount(__system__=24):
                html = self.render_html(contract, data)
            counts[contract] = self.env.cr.sql_log_count - before
            self.assertIn(f">{contract.number}<", html)
        self.assertEqual(
            len(self.long._water_statement(*self.range)[self.long.id].lines), 360, "120 bills, surcharges, payments"
        )
        self.assertLessEqual(counts[self.long], counts[self.short] + 2, counts)
        # and the spreadsheet
        xlsx_counts = []
        for contract in (self.short, self.long):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.render_xlsx(contract, data)
            xlsx_counts.append(self.env.cr.sql_log_count - before)
        self.assertLessEqual(xlsx_counts[1], xlsx_counts[0] + 2, xlsx_counts)
        result = self.long._water_statement(*self.range)[self.long.id]
        self.assert_matches_the_ledger(self.long, result)


@tagged("post_install", "-at_install")
class TestStatementPortal(StatementCase, HttpCase):
    """On the portal a citizen downloads his own account's statement, and nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen = new_test_user(cls.env, "t_stmt_cit", groups="base.group_portal", name="Rosa Estado")
        cls.stranger = new_test_user(cls.env, "t_stmt_cit2", groups="base.group_portal", name="Pedro Estado")
        (cls.citizen | cls.stranger).lang = "en_US"
        cls.own, cls.foreign = cls.contracts[0], cls.contracts[1]
        cls.own.partner_id = cls.citizen.partner_id
        cls.foreign.partner_id = cls.stranger.partner_id
        cls.receivable = cls.own.partner_id.property_account_receivable_id
        today = fields.Date.context_today(cls.env["water.contract"])
        cls.today = today
        cls.bill = cls.post([cls.move_values(cls.own, 250.75, today - relativedelta(months=2))])
        cls.post([cls.payment_values(cls.own, 100.0, today - relativedelta(months=1), "Pago en línea")])
        cls.post([cls.move_values(cls.foreign, 4321.0, today - relativedelta(months=1))])

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        # a real PDF: the report engine gives html in tests unless told otherwise
        Report = type(self.env["ir.actions.report"])
        render = Report._render_qweb_pdf

        def forced(report, report_ref, res_ids=None, data=None):
            return render(report.with_context(force_report_rendering=True), report_ref, res_ids=res_ids, data=data)

        patcher = patch.object(Report, "_render_qweb_pdf", forced)
        patcher.start()
        self.addCleanup(patcher.stop)

    def statement_url(self, contract, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return f"/my/water/{contract.id}/statement" + (f"?{query}" if query else "")

    def assert_refused(self, response):
        self.assertNotIn(response.headers.get("Content-Type"), (PDF_MIMETYPE, XLSX_MIMETYPE))
        self.assertFalse(response.content.startswith(b"%PDF"))
        self.assertNotIn("4,321.00", response.text)

    def test_account_page_has_the_statement_card(self):
        self.authenticate("t_stmt_cit", "t_stmt_cit")
        page = self.url_open(f"/my/water/{self.own.id}").text
        self.assertIn('id="water_account_statement"', page)
        start, end = statement_utils.default_range(self.today)
        self.assertIn(f'value="{start.isoformat()}"', page)
        self.assertIn(f'value="{end.isoformat()}"', page)
        self.assertIn(f'action="/my/water/{self.own.id}/statement"', page)

    def test_own_statement_pdf_with_its_figures(self):
        self.authenticate("t_stmt_cit", "t_stmt_cit")
        response = self.url_open(self.statement_url(self.own))  # the default range: the last twelve months
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = "".join(page.extract_text() for page in PdfFileReader(io.BytesIO(response.content)).pages)
        self.assertIn(self.own.number, text)
        self.assertIn(self.bill.name, text)
        for amount in ("250.75", "100.00", "150.75"):  # the bill, the payment, the closing balance
            self.assertIn(amount, text)
        self.assertNotIn("4,321.00", text)
        # a range of his choice, and the spreadsheet
        start = self.today - relativedelta(months=1, days=3)
        response = self.url_open(
            self.statement_url(
                self.own, date_from=start.isoformat(), date_to=self.today.isoformat(), report_format="xlsx"
            )
        )
        self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
        sheet = load_workbook(io.BytesIO(response.content)).active
        numbers = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, float)]
        self.assertIn(250.75, numbers, "the opening balance")
        self.assertIn(150.75, numbers, "the closing balance")
        self.assertNotIn(4321.0, numbers)

    def test_bad_range_says_why(self):
        self.authenticate("t_stmt_cit", "t_stmt_cit")
        for params in (
            {"date_from": "2025-03-01", "date_to": "2025-02-01"},
            {"date_from": "ayer", "date_to": "2025-02-01"},
            {"date_from": "2025-01-01", "report_format": "docx"},
        ):
            response = self.url_open(self.statement_url(self.own, **params))
            self.assertEqual(response.status_code, 200)
            self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
            self.assertIn("o_water_statement_error", response.text)

    def test_another_citizens_statement_is_refused(self):
        self.authenticate("t_stmt_cit", "t_stmt_cit")
        urls = [
            self.statement_url(self.foreign),
            self.statement_url(self.foreign, report_format="xlsx"),
            self.statement_url(self.foreign, date_from="2000-01-01", date_to="2030-12-31"),
            self.statement_url(self.foreign, contract_ids=self.own.id),
            self.statement_url(self.own).replace(str(self.own.id), str(self.foreign.id)),
            "/my/water/999999999/statement",
            f"/report/pdf/water_billing.report_statement/{self.foreign.id}",
            f"/report/pdf/water_billing.report_statement/{self.own.id}",
            f"/report/xlsx/water_billing.report_statement_xlsx/{self.foreign.id}",
        ]
        for url in urls:
            response = self.url_open(url)
            self.assert_refused(response)
        response = self.url_open(self.statement_url(self.foreign))
        self.assertTrue(response.url.endswith("/my/water"))
        # his own with another account's ids smuggled in: only his own
        response = self.url_open(self.statement_url(self.own, contract_ids=self.foreign.id, docids=self.foreign.id))
        self.assertTrue(response.content.startswith(b"%PDF"))
        text = "".join(page.extract_text() for page in PdfFileReader(io.BytesIO(response.content)).pages)
        self.assertIn(self.bill.name, text)
        self.assertNotIn("4,321.00", text)

    def test_staff_download_from_the_wizard(self):
        """What the web client asks for once the wizard returns its report action: the report's url with the
        wizard's data as options, PDF and XLSX."""
        action = (
            self.env["water.statement.wizard"]
            .with_user(self.billing_clerk)
            .create({"contract_ids": [Command.set(self.own.ids)], "date_from": date(2000, 1, 1)})
            .action_print_pdf()
        )
        options = json.dumps(action["data"])
        self.authenticate("t_stmt_clerk", "t_stmt_clerk")
        response = self.url_open(f"/report/pdf/{action['report_name']}?{urlencode({'options': options})}")
        self.assertEqual(response.headers["Content-Type"], PDF_MIMETYPE)
        self.assertTrue(response.content.startswith(b"%PDF"))
        response = self.url_open(f"/report/xlsx/water_billing.report_statement_xlsx?{urlencode({'options': options})}")
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.title, self.own.number)

    def test_internal_user_without_water_groups_is_refused(self):
        new_test_user(self.env, "t_stmt_internal", groups="base.group_user")
        self.authenticate("t_stmt_internal", "t_stmt_internal")
        for url in (self.statement_url(self.own), self.statement_url(self.foreign, report_format="xlsx")):
            response = self.url_open(url)
            self.assert_refused(response)
            self.assertFalse(response.content.startswith(b"%PDF"))
        # the invoicing user reads bills, not accounts
        self.authenticate("t_stmt_invoicing", "t_stmt_invoicing")
        for url in (self.statement_url(self.own), f"/report/pdf/water_billing.report_statement/{self.own.id}"):
            self.assert_refused(self.url_open(url))
