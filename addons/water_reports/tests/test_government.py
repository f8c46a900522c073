import io
from datetime import date

from PyPDF2 import PdfReader

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import WaterReportsCase

YEAR = (date(2024, 1, 1), date(2024, 12, 31))
Q1 = (date(2024, 1, 1), date(2024, 3, 31))
B1 = (date(2024, 1, 1), date(2024, 2, 29))
B2 = (date(2024, 3, 1), date(2024, 4, 30))
XLSX = "water_reports.action_report_government_issue_xlsx"
PDF = "water_reports.action_report_government_issue"


@tagged("post_install", "-at_install")
class TestGovernmentReports(WaterReportsCase):
    """The reports to government on a small utility in 2024 (the demo has nothing then), every figure by hand.

    Accounts, all activated on 2024-01-01: c0, c1, c2 domestic with a working meter; c3 commercial with a working
    meter; c4 domestic whose meter is damaged, billed on an assumed volume; U domestic on fixed quota; X domestic
    with a working meter, cancelled on 2024-06-30 (in service in the first quarter, not at year end).
    Bills (invoice date the period's end): January c0 300 (20 m³), c1 200 (10 m³), c3 500 (25 m³); February c0
    150 (10 m³): billed 1,150, 65 m³.
    Window payments: 2024-02-10 c0 300 (its January bill, 20 m³ paid), c1 100 (half its bill: 5 m³);
    2024-03-05 c3 500 (25 m³): collected 900, 50 m³ paid.
    Operating cost: 1,000 on 2024-03-15 and 500 on 2024-07-01 on an expense account (and 700 on 2023-12-31, out);
    depreciation 250 on 2024-12-31.
    Produced: 50 m³ in January, 30 in February, 20 in July: 100 m³."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "America/Mexico_City"
        c = cls.contracts
        (c | cls.unmetered).write({"date_activated": date(2024, 1, 1)})
        c[3].service_class_id = cls.commercial
        c[4].meter_id.state = "damaged"
        c[4].unmetered_billing = "assumed_volume"
        point = cls.make_point(street="Calle Baja")
        cls.install_meter(point, cls.make_meter("GOV-X"), date=date(2024, 1, 1))
        cls.cancelled = cls.make_contract(point)
        cls.cancelled.action_activate()
        cls.cancelled.date_activated = date(2024, 1, 1)
        cls.cancelled.change_state("cancelled", "Baja del predio", date=date(2024, 6, 30))
        for contract, month, amount, volume in ((c[0], 1, 300, 20), (c[1], 1, 200, 10), (c[3], 1, 500, 25)) + (
            (c[0], 2, 150, 10),
        ):
            bill = cls.make_bill(contract, 2024, month, amount)
            bill.water_volume = volume
        with freeze_time("2024-02-10 17:00:00"):
            cls._pay(c[0], 300.0)
            cls._pay(c[1], 100.0)
        with freeze_time("2024-03-05 17:00:00"):
            cls._pay(c[3], 500.0)
        expense = cls.env["account.account"].search(
            [*cls.env["account.account"]._check_company_domain(cls.company), ("account_type", "=", "expense")], limit=1
        )
        other = cls.env["account.account"].search(
            [
                *cls.env["account.account"]._check_company_domain(cls.company),
                ("account_type", "=", "liability_current"),
            ],
            limit=1,
        )
        journal = cls.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", cls.company.id)], limit=1
        )
        for day, amount in ((date(2024, 3, 15), 1000.0), (date(2024, 7, 1), 500.0), (date(2023, 12, 31), 700.0)):
            entry = cls.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": day,
                    "line_ids": [
                        Command.create({"account_id": expense.id, "debit": amount, "name": "Energía eléctrica"}),
                        Command.create({"account_id": other.id, "credit": amount, "name": "CFE"}),
                    ],
                }
            )
            entry.action_post()
        depreciation = cls.env["account.account"].create(
            {
                "code": "613.99.01",
                "name": "Depreciación de redes",
                "account_type": "expense_depreciation",
                "company_ids": [Command.set(cls.company.ids)],
            }
        )
        cls.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date(2024, 12, 31),
                "line_ids": [
                    Command.create({"account_id": depreciation.id, "debit": 250.0, "name": "Depreciación 2024"}),
                    Command.create({"account_id": other.id, "credit": 250.0, "name": "Depreciación acumulada"}),
                ],
            }
        ).action_post()
        source = cls.env["water.source"].create({"name": "Pozo 2024", "code": "PZ24", "sector_id": cls.sector.id})
        cls.env["water.macro.meter"].create(
            {"serial": "MM24", "source_id": source.id, "install_date": date(2020, 1, 1)}
        )
        for month, volume in ((1, 50.0), (2, 30.0), (7, 20.0)):
            cls.env["water.source.volume"].create(
                {"source_id": source.id, "month": date(2024, month, 1), "volume": volume}
            )
        cls.Figure = cls.env["water.report.figure"]
        cls.inegi = cls.env.ref("water_reports.template_inegi_annual")
        cls.conagua = cls.env.ref("water_reports.template_conagua_annual")
        cls.cea = cls.env.ref("water_reports.template_cea_bimonthly")
        cls.presidencia = cls.env.ref("water_reports.template_presidencia_quarterly")

    @classmethod
    def _pay(cls, contract, amount):
        session = cls.env["water.cash.session"].search([("user_id", "=", cls.cashier.id), ("state", "=", "open")])
        session = session or cls.env["water.cash.session"].with_user(cls.cashier).create({"opening_float": 0.0})
        receipt = (
            cls.env["water.cash.receipt"]
            .with_user(cls.cashier)
            .create(
                {
                    "session_id": session.id,
                    "contract_id": contract.id,
                    "amount": amount,
                    "payment_ids": [Command.create({"method_id": cls.methods["cash"].id, "amount": amount})],
                }
            )
        )
        receipt.with_context(water_cash_no_print=True).action_post()
        return receipt

    def values(self, keys, period):
        figures = self.Figure._water_figures(keys, *period)
        return {key: figures[key]["value"] for key in keys}

    def issue(self, template, year=2024, number=1, user=None):
        wizard = (
            self.env["water.report.government.wizard"]
            .with_user(user or self.director)
            .create({"template_id": template.id, "year": year, "period_number": number})
        )
        action = wizard.action_issue_pdf()
        self.assertEqual(action["report_name"], "water_reports.report_government_issue")
        return wizard.issue_id

    # ------------------------------------------------------------------ the figures
    def test_tomas_by_use_metering_and_billing_at_year_end(self):
        keys = [
            "tomas_by_class",
            "tomas_by_class:DOM",
            "tomas_by_class:COM",
            "tomas_by_class:IND",
            "tomas_metered",
            "tomas_metered:DOM",
            "tomas_metered:COM",
            "tomas_unmetered",
            "tomas_fixed_quota",
            "tomas_assumed_volume",
            "tomas_billed",
            "tomas_billed:COM",
            "tomas_not_billed",
        ]
        self.assertEqual(
            self.values(keys, YEAR),
            {
                "tomas_by_class": 6,  # c0..c4 and U; X was cancelled on 30 June
                "tomas_by_class:DOM": 5,
                "tomas_by_class:COM": 1,
                "tomas_by_class:IND": 0,
                "tomas_metered": 4,  # c0..c3; c4's meter is damaged
                "tomas_metered:DOM": 3,
                "tomas_metered:COM": 1,
                "tomas_unmetered": 2,
                "tomas_fixed_quota": 1,
                "tomas_assumed_volume": 1,
                "tomas_billed": 3,  # c0, c1, c3
                "tomas_billed:COM": 1,
                "tomas_not_billed": 3,
            },
        )
        # the padrón's totals are the indicators' own: micromedición's numerator and denominator
        kpis = self.env["water.report.kpi"]._water_kpis(*YEAR)
        self.assertEqual((kpis["micromedicion"]["numerator"], kpis["micromedicion"]["denominator"]), (4, 6))
        self.assertEqual(
            self.values(["micromedicion.numerator", "micromedicion.denominator", "micromedicion"], YEAR),
            {"micromedicion.numerator": 4, "micromedicion.denominator": 6, "micromedicion": 66.67},
        )

    def test_tomas_in_the_first_quarter(self):
        # X is still in service on 31 March, with its working meter, and has no bill
        self.assertEqual(
            self.values(
                [
                    "tomas_by_class",
                    "tomas_metered",
                    "tomas_unmetered",
                    "tomas_fixed_quota",
                    "tomas_assumed_volume",
                    "tomas_billed",
                ],
                Q1,
            ),
            {
                "tomas_by_class": 7,
                "tomas_metered": 5,
                "tomas_unmetered": 2,
                "tomas_fixed_quota": 1,
                "tomas_assumed_volume": 1,
                "tomas_billed": 3,
            },
        )
        # before any account was activated
        self.assertEqual(self.values(["tomas_by_class"], (date(2023, 1, 1), date(2023, 12, 31))), {"tomas_by_class": 0})

    def test_volume_paid(self):
        # c0 paid its 300 bill whole (20 m³), c1 half of its 200 (5 of 10 m³), c3 its 500 whole (25 m³)
        self.assertEqual(self.values(["volume_paid"], YEAR), {"volume_paid": 50.0})
        self.assertEqual(self.values(["volume_paid"], B1), {"volume_paid": 25.0})
        self.assertEqual(self.values(["volume_paid"], B2), {"volume_paid": 25.0})
        figure = self.Figure._water_figures(["volume_paid"], *YEAR)["volume_paid"]
        self.assertEqual(figure["numerator"], 900.0, "the money applied to the bills")
        self.assertEqual(figure["unit"], "m³")
        self.assertIn("amount applied", figure["formula"])

    def test_income_and_cost_per_m3(self):
        keys = [
            "operating_cost",
            "income_per_m3",
            "cost_per_m3_produced",
            "cost_per_m3_billed",
            "eficiencia_comercial.numerator",
            "eficiencia_fisica.numerator",
            "eficiencia_fisica.denominator",
        ]
        self.assertEqual(
            self.values(keys, YEAR),
            {
                "operating_cost": 1500.0,  # 1,000 + 500; the 700 of 2023 is out
                "income_per_m3": 13.85,  # 900 / 65 = 13.846
                "cost_per_m3_produced": 15.0,  # 1,500 / 100
                "cost_per_m3_billed": 23.08,  # 1,500 / 65 = 23.077
                "eficiencia_comercial.numerator": 900.0,
                "eficiencia_fisica.numerator": 65.0,
                "eficiencia_fisica.denominator": 100.0,
            },
        )
        self.assertEqual(self.values(["operating_cost", "cost_per_m3_produced"], Q1)["cost_per_m3_produced"], 12.5)
        # depreciation is not an operating cost; the total cost has it
        self.assertEqual(
            self.values(["operating_cost", "depreciation", "total_cost", "total_cost_per_m3_produced"], YEAR),
            {
                "operating_cost": 1500.0,
                "depreciation": 250.0,
                "total_cost": 1750.0,
                "total_cost_per_m3_produced": 17.5,  # 1,750 / 100
            },
        )
        self.assertEqual(self.values(["depreciation", "total_cost"], Q1), {"depreciation": 0.0, "total_cost": 1000.0})
        # nothing produced in the second quarter: no cost per m³ produced
        q2 = self.values(["operating_cost", "cost_per_m3_produced"], (date(2024, 4, 1), date(2024, 6, 30)))
        self.assertEqual(q2, {"operating_cost": 0.0, "cost_per_m3_produced": None})

    def test_unknown_keys(self):
        figures = self.Figure._water_figures(["nothing_here", "tomas_by_class:ZZZ", "operating_cost:DOM"], *YEAR)
        self.assertTrue(all(figure["value"] is None and figure["error"] for figure in figures.values()))

    # ------------------------------------------------------------------ issuing
    def test_issue_inegi_pdf_and_xlsx(self):
        issue = self.issue(self.inegi)
        self.assertEqual((issue.date_from, issue.date_to), YEAR)
        self.assertEqual(issue.user_id, self.director)
        self.assertEqual(issue.authority, "inegi")
        by_code = {line.code: line for line in issue.line_ids}
        self.assertEqual(
            {code: line.value for code, line in by_code.items()},
            {
                "T1": 5, "T2": 1, "T3": 0, "T4": 0, "T5": 0, "T": 6,
                "M1": 4, "M2": 1, "M3": 1, "M4": 2, "F1": 3, "F2": 3,
            },
        )  # fmt: skip
        self.assertTrue(all(line.formula and line.source for line in issue.line_ids))
        self.assertEqual(by_code["T1"].value_display, "5")
        # the spreadsheet, read back
        content, kind = (
            self.env["ir.actions.report"].with_user(self.director).with_context(active_model="water.report.issue")
        )._render_xlsx(XLSX, issue.ids, data=None)
        self.assertEqual(kind, "xlsx")
        rows = self.read_xlsx(content)
        self.assertEqual(rows[0][0], self.company.name)
        self.assertEqual(rows[1][0], self.inegi.name)
        header = next(i for i, row in enumerate(rows) if row[0] == "Code")
        self.assertEqual(rows[header][:6], ["Code", "Figure", "Value", "Unit", "Formula", "Source"])
        figures = {row[0]: row for row in rows[header + 1 :] if row[0] and row[2] is not None}
        self.assertEqual(figures["T1"][1:4], ["Domestic", 5, "tomas"])
        self.assertEqual(figures["M2"][2], 1)
        self.assertEqual(figures["F2"][2], 3)
        self.assertTrue(figures["T"][4])
        self.assertTrue(any(row[0] == "Tomas by use" for row in rows), "the sections")
        self.assertTrue(any(row[1] and "Prepared by" in str(row[1]) for row in rows))
        # the PDF
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.director)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(PDF, issue.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        for expected in ("INEGI annual coverage", "Domestic", "Tomas on fixed quota", "Prepared by", "Authorised by"):
            self.assertIn(expected, " ".join(text.split()))

    def test_issue_conagua_and_cea_carry_the_indicators(self):
        conagua = {line.code: line for line in self.issue(self.conagua).line_ids}
        self.assertEqual(conagua["V01"].value, 6)
        self.assertEqual(conagua["V04"].value, 65.0)
        self.assertEqual(conagua["V05"].value, 50.0)
        self.assertEqual(conagua["V07"].value, 900.0)
        self.assertEqual(conagua["V07"].value_display, "$ 900.00")
        self.assertEqual(conagua["V10"].value, 15.0)
        self.assertEqual(conagua["I01"].value, 65.0)  # 65 of 100 m³
        # the CEA's first bimester: collected 400 (Feb 10) of 1,150 billed = 34.78 %
        kpis = self.env["water.report.kpi"]._water_kpis(*B1)
        cea = {line.code: line for line in self.issue(self.cea, number=1).line_ids}
        self.assertEqual(cea["EC"].value, 34.78)
        self.assertEqual(cea["EC"].value, kpis["eficiencia_comercial"]["value"])
        self.assertEqual((cea["EC"].numerator, cea["EC"].denominator), (400.0, 1150.0))
        self.assertEqual(cea["EC-1"].value, 400.0)
        self.assertEqual(cea["EF-1"].value, 80.0)
        self.assertEqual(cea["EC"].formula, kpis["eficiencia_comercial"]["formula"])
        # a part of an indicator is printed with its side of the formula
        self.assertEqual(cea["EC-1"].formula, kpis["eficiencia_comercial"]["formula"].split(" ÷ ")[0])
        self.assertTrue(cea["EC-2"].formula.startswith("amount billed in the period"))
        # no arrears snapshot of 29 February: the figure cannot be computed, it is not zero
        self.assertFalse(cea["CV"].computable)
        self.assertEqual(cea["CV"].value_display, "n/a")

    def test_figures_are_kept_as_issued(self):
        Issue = self.env["water.report.issue"]
        before = Issue.search_count([("template_id", "=", self.conagua.id)])
        first = self.issue(self.conagua)
        with freeze_time("2024-12-20 17:00:00"):
            self._pay(self.contracts[0], 150.0)
        again = self.issue(self.conagua)
        self.assertEqual({line.code: line.value for line in first.line_ids}["V07"], 900.0)
        self.assertEqual({line.code: line.value for line in again.line_ids}["V07"], 1050.0)
        self.assertEqual(Issue.search_count([("template_id", "=", self.conagua.id)]), before + 2, "both are kept")

    def test_the_period_follows_the_periodicity(self):
        with self.assertRaises(UserError):
            self.issue(self.cea, number=7)
        with self.assertRaises(UserError):
            self.issue(self.presidencia, number=5)
        wizard = self.env["water.report.government.wizard"].create(
            {"template_id": self.presidencia.id, "year": 2024, "period_number": 3}
        )
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2024, 7, 1), date(2024, 9, 30)))
        wizard.period_number = 5
        self.assertFalse(wizard.date_from)
        # an annual report has one period, whatever was typed
        issue = self.issue(self.inegi, number=4)
        self.assertEqual((issue.period_number, issue.date_from, issue.date_to), (1, *YEAR))
        self.assertEqual(issue.period_label, "Year 2024")

    # ------------------------------------------------------------------ who does what
    def test_the_manager_edits_templates_the_director_issues_a_cashier_cannot(self):
        line = self.env.ref("water_reports.template_inegi_annual_line_01").with_user(self.manager)
        line.write({"label": "Doméstico", "formula": "Tomas domésticas al 31 de diciembre"})
        self.inegi.with_user(self.manager).write(
            {"line_ids": [Command.create({"label": "Pagos a tiempo", "figure_key": "paid_on_time_pct", "unit": "%"})]}
        )
        with self.assertRaises(ValidationError):
            line.figure_key = "tomas_by_class:XYZ"
        with self.assertRaises(ValidationError):
            line.figure_key = "not a key"
        # the director reads and issues, and changes no template
        with self.assertRaises(AccessError):
            self.inegi.with_user(self.director).write({"name": "Otro"})
        issue = self.issue(self.inegi, user=self.director)
        self.assertEqual(issue.line_ids.sorted("sequence")[0].label, "Doméstico")
        self.assertEqual(len(issue.line_ids), 13)
        with self.assertRaises(AccessError):
            issue.with_user(self.director).write({"name": "Otro"})
        with self.assertRaises(AccessError):
            issue.line_ids[0].with_user(self.director).write({"value": 1})
        # the commercial manager issues too
        self.assertTrue(self.issue(self.cea, user=self.manager))
        # a cashier sees neither templates nor issued reports, and cannot issue
        with self.assertRaises(AccessError):
            self.inegi.with_user(self.cashier).read(["name"])
        with self.assertRaises(AccessError):
            issue.with_user(self.cashier).read(["name"])
        with self.assertRaises(AccessError):
            self.issue(self.inegi, user=self.cashier)
