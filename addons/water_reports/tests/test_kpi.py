from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.water_collections.tests.common import WaterCollectionsCase

JAN = (date(2025, 1, 1), date(2025, 1, 31))
FEB = (date(2025, 2, 1), date(2025, 2, 28))
JAN_FEB = (date(2025, 1, 1), date(2025, 2, 28))


@tagged("post_install", "-at_install")
class TestWaterKpi(WaterCollectionsCase):
    """The indicators on a small utility in January and February 2025 (the demo has nothing then), every figure
    computed by hand.

    Accounts c0..c4 (metered, meters installed 2024-01-01) and the unmetered one, activated 2024-06-01; c4 was
    activated again on 2025-01-12 (a new contract of January).
    Bills of January (invoice 2025-01-31, due 2025-02-15): c0 400, c1 300, c2 200, c3 100; a credit note of c3 for
    50 on 2025-01-20: billed 950. Volumes billed 20 + 15 + 10 + 5 = 50 m³.
    Payments at the window: c0 400 on 2025-02-10 (on time), c2 100 on 2025-02-10 (partial), c1 300 on 2025-02-20
    (late): collected 800, all in February.
    Produced: 80 m³ in January, 20 in February."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._water_cash_setup()
        cls.methods = {m.code: m for m in cls.env["water.cash.method"].search([("company_id", "=", cls.company.id)])}
        cls.env.user.tz = "America/Mexico_City"
        cls.Kpi = cls.env["water.report.kpi"]
        # the months a dashboard stored in this database (the demo's) are not the fixture's
        cls.env["water.report.kpi.month"].search([]).unlink()
        c = cls.contracts
        (c | cls.unmetered).write({"date_activated": date(2024, 6, 1)})
        c[4].date_activated = date(2025, 1, 12)
        cls.bills = cls.env["account.move"]
        for contract, amount, volume in ((c[0], 400, 20), (c[1], 300, 15), (c[2], 200, 10), (c[3], 100, 5)):
            bill = cls.make_bill(contract, 2025, 1, amount)
            bill.water_volume = volume
            cls.bills |= bill
        refund = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": c[3].partner_id.id,
                "journal_id": cls.sale_journal.id,
                "invoice_date": date(2025, 1, 20),
                "invoice_date_due": date(2025, 1, 20),
                "water_contract_id": c[3].id,
                "invoice_line_ids": [(0, 0, {"product_id": cls.product.id, "price_unit": 50.0, "tax_ids": []})],
            }
        )
        refund.action_post()
        with freeze_time("2025-02-10 17:00:00"):
            cls._pay(c[0], 400.0)
            cls._pay(c[2], 100.0)
        with freeze_time("2025-02-20 17:00:00"):
            cls._pay(c[1], 300.0)
        cls.source = cls.env["water.source"].create({"name": "Pozo prueba", "code": "PZT", "sector_id": cls.sector.id})
        cls.macro = cls.env["water.macro.meter"].create(
            {"serial": "MMT-1", "source_id": cls.source.id, "install_date": date(2020, 1, 1)}
        )
        Volume = cls.env["water.source.volume"]
        Volume.create({"source_id": cls.source.id, "month": date(2025, 1, 17), "volume": 80.0})
        Volume.create({"source_id": cls.source.id, "month": date(2025, 2, 1), "volume": 20.0})

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
                    "payment_ids": [(0, 0, {"method_id": cls.methods["cash"].id, "amount": amount})],
                }
            )
        )
        receipt.with_context(water_cash_no_print=True).action_post()
        return receipt

    def kpis(self, period):
        return self.Kpi._water_kpis(*period)

    def figure(self, period, key):
        item = self.kpis(period)[key]
        return item["value"], item["numerator"], item["denominator"]

    # ------------------------------------------------------------------ money
    def test_eficiencia_comercial(self):
        self.assertEqual(self.figure(JAN, "eficiencia_comercial"), (0.0, 0.0, 950.0))
        self.assertEqual(self.figure(FEB, "eficiencia_comercial"), (None, 800.0, 0.0), "nothing billed: no figure")
        # 800 / 950 = 84.2105… %
        self.assertEqual(self.figure(JAN_FEB, "eficiencia_comercial"), (84.21, 800.0, 950.0))
        formula = self.kpis(JAN)["eficiencia_comercial"]["formula"]
        self.assertIn("collected", formula)

    def test_collected_is_the_collection_entries(self):
        """What is collected is what the receipts' entries credited to the accounts' receivables."""
        receipts = self.env["water.cash.receipt"].search([("contract_id", "in", self.contracts.ids)])
        self.assertEqual(len(receipts), 3)
        lines = receipts.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertAlmostEqual(-sum(lines.mapped("balance")), 800.0)
        self.assertEqual(self.figure(FEB, "eficiencia_comercial")[1], 800.0)

    def test_same_amounts_as_the_income_and_billing_reports(self):
        """Collected is the income report's total, billed the billing report's, for the same days."""
        company = [("company_id", "=", self.company.id)]
        for period in (JAN, FEB, JAN_FEB):
            days = [("date", ">=", period[0]), ("date", "<=", period[1]), *company]
            income = self.env["water.report.income"].search(days)
            billing = self.env["water.report.bill"].search(days)
            figure = self.kpis(period)
            self.assertAlmostEqual(figure["eficiencia_comercial"]["numerator"], sum(income.mapped("amount")), 2)
            self.assertAlmostEqual(
                figure["eficiencia_comercial"]["denominator"], sum(billing.mapped("amount_total")), 2
            )
            self.assertAlmostEqual(figure["eficiencia_fisica"]["numerator"], sum(billing.mapped("volume")), 2)
        self.assertAlmostEqual(
            sum(
                self.env["water.report.income"]
                .search([("date", ">=", FEB[0]), ("date", "<=", FEB[1])])
                .mapped("amount")
            ),
            800.0,
            2,
        )

    def test_eficiencia_fisica_and_global(self):
        # January: 50 m³ billed of 80 produced
        self.assertEqual(self.figure(JAN, "eficiencia_fisica"), (62.5, 50.0, 80.0))
        # February: nothing billed of 20 produced
        self.assertEqual(self.figure(FEB, "eficiencia_fisica"), (0.0, 0.0, 20.0))
        # both months: 50 of 100; global 84.21 × 50 / 100 = 42.105 → 42.11
        self.assertEqual(self.figure(JAN_FEB, "eficiencia_fisica"), (50.0, 50.0, 100.0))
        self.assertEqual(self.figure(JAN_FEB, "eficiencia_global"), (42.11, 84.21, 50.0))
        self.assertEqual(self.figure(FEB, "eficiencia_global")[0], None)

    def test_paid_on_time(self):
        # 4 bills due 2025-02-15: c0 paid on 02-10 (on time), c1 on 02-20 (late), c2 partly, c3 not at all
        self.assertEqual(self.figure(JAN, "paid_on_time_pct"), (25.0, 1, 4))
        self.assertEqual(self.figure(FEB, "paid_on_time_pct"), (None, 0, 0))

    def test_overdue_over_billing(self):
        self.assertEqual(self.figure(JAN, "overdue_over_billing")[0], None, "no arrears close of 2025-01-31")
        snapshot = (
            self.env["water.arrears.snapshot"]
            .sudo()
            .create({"date": date(2025, 1, 31), "kind": "month", "state": "done", "total_overdue": 1900.0})
        )
        # 1,900 overdue / 950 billed in one month = 2 months of billing
        self.assertEqual(self.figure(JAN, "overdue_over_billing"), (2.0, 1900.0, 950.0))
        # over January–February the monthly billing is 950 / 2 months; no close taken on 02-28
        self.assertEqual(self.figure(JAN_FEB, "overdue_over_billing"), (None, None, 475.0))
        action = self.Kpi.water_kpi_action("overdue_over_billing", *JAN)
        self.assertEqual(action["res_model"], "water.arrears.line")
        self.assertEqual(action["domain"], [("snapshot_id", "=", snapshot.id)])

    # ------------------------------------------------------------------ metering and readings
    def test_micromedicion(self):
        # at 2025-01-31: the six accounts in service, five with a working meter
        self.assertEqual(self.figure(JAN, "micromedicion"), (83.33, 5, 6))
        # at 2024-05-31 none was activated yet
        self.assertEqual(self.figure((date(2024, 5, 1), date(2024, 5, 31)), "micromedicion"), (None, 0, 0))
        # c1's meter stops: it is no longer working, and counts no more
        self.contracts[1].meter_id.state = "stopped"
        self.assertEqual(self.figure(JAN, "micromedicion"), (66.67, 4, 6))
        # c2 cancelled on 2025-01-20: out of service at the end of January
        self.contracts[2].change_state("cancelled", "Baja", date=date(2025, 1, 20))
        self.assertEqual(self.figure(JAN, "micromedicion"), (60.0, 3, 5))

    def test_readings_measured(self):
        lot = self.lot_for(self.period(2025, 1))
        c = self.contracts
        damaged = self.env.ref("water_billing.observation_02")
        dog = self.env.ref("water_billing.observation_03")
        self.capture(lot, {c[0]: "1010", c[1]: "1021", c[2]: damaged, c[3]: dog})
        lot.action_validate()
        states = {r.contract_id: (r.state, r.basis) for r in lot.reading_ids}
        self.assertEqual(states[c[0]], ("valid", "measured"))
        self.assertEqual(states[c[1]], ("valid", "measured"))
        self.assertEqual(states[c[2]], ("valid", "estimated"))
        self.assertEqual(states[c[3]], ("valid", "estimated"))
        self.assertNotIn(states[c[4]][0], ("valid", "billed"), "not captured: to review, not counted")
        # 2 measured of 4 validated
        self.assertEqual(self.figure(JAN, "readings_measured_pct"), (50.0, 2, 4))
        action = self.Kpi.water_kpi_action("readings_measured_pct", *JAN, side="numerator")
        self.assertEqual(self.env["water.reading"].search(action["domain"]).contract_id, c[0] | c[1])

    # ------------------------------------------------------------------ accounts, orders, requests
    def test_accounts_by_state_and_new_contracts(self):
        before = self.kpis(JAN)["accounts_by_state"]
        self.assertEqual(self.figure(JAN, "new_contracts")[0], 1, "c4, activated on 2025-01-12")
        self.assertEqual(self.figure(FEB, "new_contracts")[0], 0)
        self.contracts[4].change_state("cut", "Adeudo")
        self.make_contract()
        after = self.kpis(JAN)["accounts_by_state"]
        self.assertEqual(after["value"], before["value"], "a cut account is still in service")
        self.assertEqual(after["breakdown"]["active"], before["breakdown"]["active"] - 1)
        self.assertEqual(after["breakdown"].get("cut", 0), before["breakdown"].get("cut", 0) + 1)
        self.assertEqual(after["breakdown"].get("draft", 0), before["breakdown"].get("draft", 0) + 1)
        action = self.Kpi.water_kpi_action("new_contracts", *JAN)
        self.assertEqual(self.env["water.contract"].search(action["domain"]), self.contracts[4])

    def test_cuts_and_reconnections(self):
        Order = self.env["water.cut.order"].sudo()
        c = self.contracts

        def order(contract, kind, state, done):
            return Order.create(
                {"contract_id": contract.id, "order_type": kind, "date": date(2025, 1, 5), "origin": "manual"}
            ).write({"state": state, "time_done": done})

        order(c[0], "cut", "done", datetime(2025, 1, 15, 18, 0))
        # 05:00 UTC on 1 February is 23:00 of 31 January in Mexico City: a cut of January
        order(c[1], "cut", "done", datetime(2025, 2, 1, 5, 0))
        order(c[2], "cut", "not_done", datetime(2025, 1, 16, 18, 0))
        order(c[3], "cut", "done", datetime(2025, 2, 10, 18, 0))
        order(c[0], "reconnection", "done", datetime(2025, 1, 25, 18, 0))
        self.assertEqual(self.figure(JAN, "cuts")[0], 2)
        self.assertEqual(self.figure(JAN, "reconnections")[0], 1)
        self.assertEqual(self.figure(FEB, "cuts")[0], 1)
        action = self.Kpi.water_kpi_action("cuts", *JAN)
        self.assertEqual(self.env["water.cut.order"].search(action["domain"]).contract_id, c[0] | c[1])

    def test_requests_on_time(self):
        kind = self.env["water.request.type"].create({"name": "Queja prueba", "code": "QT", "deadline_days": 5})
        Request = self.env["water.request"]

        def request(deadline, answered=None, state="new"):
            record = Request.create(
                {"request_type_id": kind.id, "partner_id": self.holder.id, "description": "Fuga en la banqueta"}
            )
            record.write({"deadline": deadline, "state": state, "date_answered": answered})
            return record

        request(date(2025, 1, 10), datetime(2025, 1, 8, 18, 0), "answered")
        request(date(2025, 1, 15), datetime(2025, 1, 20, 18, 0), "answered")
        request(date(2025, 1, 20))
        request(date(2025, 1, 22), state="cancelled")
        # answered on 15 January local time (16 January 01:00 UTC): on time
        request(date(2025, 1, 15), datetime(2025, 1, 16, 1, 0), "closed")
        # 2 answered by the deadline of 4 due (the cancelled one left out)
        self.assertEqual(self.figure(JAN, "requests_on_time_pct"), (50.0, 2, 4))

    # ------------------------------------------------------------------ one definition, the trend, the keys
    def test_trend_is_each_month_of_the_figures(self):
        trend = self.Kpi._water_kpi_trend(months=2, date_to=date(2025, 2, 28))
        self.assertEqual([row["month"] for row in trend], ["2025-01-01", "2025-02-01"])
        january, february = trend
        self.assertEqual(january["eficiencia_fisica"], 62.5)
        self.assertEqual(january["eficiencia_comercial"], 0.0)
        self.assertIsNone(february["eficiencia_comercial"])
        self.assertEqual(january["new_contracts"], 1)
        for period, row in ((JAN, january), (FEB, february)):
            figures = self.kpis(period)
            for key, value in row.items():
                if key not in ("month", "label"):
                    self.assertEqual(value, figures[key]["value"], f"{key} of {row['label']}")

    def test_keys_are_stable(self):
        figures = self.kpis(JAN)
        self.assertEqual(
            list(figures),
            [
                "eficiencia_comercial",
                "eficiencia_fisica",
                "eficiencia_global",
                "micromedicion",
                "readings_measured_pct",
                "paid_on_time_pct",
                "overdue_over_billing",
                "accounts_by_state",
                "new_contracts",
                "cuts",
                "reconnections",
                "requests_on_time_pct",
            ],
        )
        for key, item in figures.items():
            self.assertTrue({"value", "numerator", "denominator", "formula", "unit"} <= set(item), key)
            self.assertTrue(item["formula"], key)

    def test_drill_down_of_the_money(self):
        action = self.Kpi.water_kpi_action("eficiencia_comercial", *JAN, side="denominator")
        self.assertEqual(action["res_model"], "water.report.bill")
        self.assertIn(("date", "<=", JAN[1]), action["domain"])
        action = self.Kpi.water_kpi_action("eficiencia_fisica", *JAN, side="denominator")
        self.assertEqual(self.env["water.source.volume"].search(action["domain"]).mapped("volume"), [80.0])

    # ------------------------------------------------------------------ the stored facts of closed months
    def assertSameFigures(self, cached, live):
        for key, item in live.items():
            for part in ("value", "numerator", "denominator", "breakdown"):
                self.assertEqual(cached[key].get(part), item.get(part), f"{key} {part}")

    def test_cached_figures_equal_the_live_ones(self):
        Month = self.env["water.report.kpi.month"]
        self.assertFalse(Month.search([("company_id", "=", self.company.id)]))
        # a period from the middle of a month: the part of December is computed, the closed months stored
        periods = (JAN, FEB, JAN_FEB, (date(2024, 12, 15), date(2025, 2, 28)), (date(2025, 1, 10), date(2025, 1, 20)))
        for period in periods:
            self.assertSameFigures(self.Kpi._water_kpis(*period, cached=True), self.Kpi._water_kpis(*period))
        stored = Month.search([("company_id", "=", self.company.id)])
        self.assertEqual(stored.mapped("month"), [date(2025, 2, 1), date(2025, 1, 1)], "only whole closed months")
        january = stored.filtered(lambda row: row.month == date(2025, 1, 1))
        self.assertEqual((january.facts["billed"], january.facts["billed_volume"]), (950.0, 50.0))
        self.assertEqual(
            self.Kpi._water_kpi_trend(months=3, date_to=FEB[1], cached=True),
            self.Kpi._water_kpi_trend(months=3, date_to=FEB[1]),
        )

    def test_stored_facts_are_read_until_recomputed(self):
        """The dashboard reads a closed month from what is stored; "Recompute" reads the records again."""
        self.Kpi._water_kpis(*JAN, cached=True)
        january = self.env["water.report.kpi.month"].search(
            [("company_id", "=", self.company.id), ("month", "=", JAN[0])]
        )
        january.sudo().facts = dict(january.facts, billed=1900.0)
        self.assertEqual(self.Kpi._water_kpis(*JAN, cached=True)["eficiencia_comercial"]["denominator"], 1900.0)
        self.assertEqual(self.Kpi._water_kpis(*JAN)["eficiencia_comercial"]["denominator"], 950.0, "live")
        data = self.Kpi.with_user(self.manager).water_kpi_refresh(*JAN, months=2)
        self.assertEqual(data["figures"]["eficiencia_comercial"]["denominator"], 950.0)
        self.assertEqual(january.facts["billed"], 950.0)
        self.assertTrue(data["computed_at"])

    def test_the_current_month_is_never_stored(self):
        with freeze_time("2025-02-20 12:00:00"):
            live = self.Kpi._water_kpis(*FEB)
            self.assertSameFigures(self.Kpi._water_kpis(*FEB, cached=True), live)
            trend = self.Kpi._water_kpi_trend(months=2, date_to=FEB[1], cached=True)
            self.assertEqual(trend, self.Kpi._water_kpi_trend(months=2, date_to=FEB[1]))
        self.assertEqual(self.env["water.report.kpi.month"].search([]).mapped("month"), [JAN[0]])

    def test_nightly_job_refreshes_the_months_not_settled(self):
        Month = self.env["water.report.kpi.month"]
        with freeze_time("2025-03-05 12:00:00"):
            Month._cron_water_kpi_months(months=3)
            rows = Month.search([("company_id", "=", self.company.id)])
            self.assertEqual(rows.mapped("month"), [date(2025, 2, 1), date(2025, 1, 1), date(2024, 12, 1)])
        january = rows.filtered(lambda row: row.month == JAN[0])
        january.facts = dict(january.facts, billed=1.0)
        with freeze_time("2025-03-06 12:00:00"):
            Month._cron_water_kpi_months(months=3)
        self.assertEqual(january.facts["billed"], 950.0, "January's bills still fall due: recomputed")
        january.unlink()
        with freeze_time("2025-06-15 12:00:00"):
            Month._cron_water_kpi_months(months=6)
        january = Month.search([("company_id", "=", self.company.id), ("month", "=", JAN[0])])
        january.facts = dict(january.facts, billed=1.0)
        with freeze_time("2025-06-16 12:00:00"):
            self.assertIn(JAN[0], Month._cron_water_kpi_months(months=6)[self.company.id])
        self.assertEqual(january.facts["billed"], 950.0, "first stored yesterday: checked again for a week")
        january.facts = dict(january.facts, billed=1.0)
        with freeze_time("2025-06-25 12:00:00"):
            self.assertNotIn(JAN[0], Month._cron_water_kpi_months(months=6)[self.company.id])
        self.assertEqual(january.facts["billed"], 1.0, "settled 92 days after its end: left alone")

    def test_who_sees_the_stored_facts(self):
        self.Kpi._water_kpis(*JAN, cached=True)
        director = new_test_user(self.env, "t_director2", groups="base.group_user,water_reports.group_water_director")
        self.assertEqual(len(self.env["water.report.kpi.month"].with_user(director).search([])), 1)
        with self.assertRaises(AccessError):
            self.env["water.report.kpi.month"].with_user(director).search([]).write({"facts": {}})
        for user in (self.cashier, self.accountant):
            with self.assertRaises(AccessError):
                self.env["water.report.kpi.month"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.Kpi.with_user(user).water_kpi_refresh(*JAN)

    # ------------------------------------------------------------------ who sees it
    def test_who_sees_the_dashboard(self):
        director = new_test_user(self.env, "t_director", groups="base.group_user,water_reports.group_water_director")
        data = self.Kpi.with_user(director).water_kpi_dashboard("2025-01-01", "2025-01-31", months=2)
        self.assertEqual(data["figures"]["eficiencia_fisica"]["value"], 62.5)
        self.assertEqual(len(data["trend"]), 2)
        self.assertTrue(self.Kpi.with_user(self.manager).water_kpi_dashboard("2025-01-01", "2025-01-31"))
        for user in (self.cashier, self.accountant):
            with self.assertRaises(AccessError):
                self.Kpi.with_user(user).water_kpi_dashboard("2025-01-01", "2025-01-31")
            with self.assertRaises(AccessError):
                self.Kpi.with_user(user).water_kpi_action("cuts", "2025-01-01", "2025-01-31")
        menu = self.env.ref("water_reports.menu_water_kpi_dashboard")
        Menu = self.env["ir.ui.menu"]
        for user, visible in ((director, True), (self.manager, True), (self.cashier, False), (self.accountant, False)):
            self.assertEqual(menu.id in Menu.with_user(user)._visible_menu_ids(), visible, user.login)
