from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.water_billing.tests.common import WaterBillingCase

from .common import WaterReportsCase


@tagged("post_install", "-at_install")
class TestReadingReport(WaterBillingCase):
    """Readings, field work orders, new and cancelled contracts and padrón changes on billing's five accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(cls.env, "t_director", groups="base.group_user,water_reports.group_water_director")
        cls.clerk_billing = new_test_user(
            cls.env, "t_billing_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        cls.officer = new_test_user(
            cls.env, "t_officer", groups="base.group_user,water_collections.group_water_collections_officer"
        )
        (cls.director | cls.clerk_billing | cls.officer).write({"lang": "en_US"})
        cls.domestic.default_consumption = 14.0
        cls.contracts[:2].write({"service_class_id": cls.commercial.id})

    def read_period(self):
        """January: a and b measured (10 and 20 m³), c lower than the previous reading (to review), d damaged
        meter (estimated by the class default, 14 m³), e zero on an occupied property, accepted by the supervisor."""
        a, b, c, d, e = self.contracts
        damaged = self.env.ref("water_billing.observation_02")
        lot = self.run_period(1, {a: "1010", b: "1021", c: "999", d: damaged, e: "1004"})
        self.reading(lot, e).with_user(self.supervisor).action_accept_measured()
        return lot

    def test_measured_share_anomalies_by_class(self):
        lot = self.read_period()
        Report = self.env["water.report.reading"].with_user(self.director)
        domain = [("lot_id", "=", lot.id)]
        rows = {row.contract_id: row for row in Report.search(domain)}
        a, b, c, d, e = self.contracts
        self.assertEqual((rows[a].basis, rows[a].consumption, rows[a].measured_pct), ("measured", 10.0, 100.0))
        self.assertEqual(
            (rows[b].basis, rows[b].consumption, rows[b].service_class_id), ("measured", 20.0, self.commercial)
        )
        self.assertEqual(
            (rows[c].state, rows[c].anomaly, rows[c].measured_pct), ("to_review", "lower_than_previous", 0)
        )
        self.assertFalse(rows[c].avg_consumption, "a reading to review has no decided consumption")
        self.assertEqual((rows[d].basis, rows[d].consumption, rows[d].estimated_pct), ("estimated", 14.0, 100.0))
        self.assertEqual((rows[e].basis, rows[e].anomaly, rows[e].state), ("measured", "zero_occupied", "valid"))
        self.assertEqual(rows[a].sector_id, self.sector)
        self.assertEqual(rows[a].route_id, self.route)
        self.assertEqual(rows[a].reader_id, self.reader)
        [total] = Report.read_group(
            domain,
            [
                "captured_count:sum",
                "measured_count:sum",
                "estimated_count:sum",
                "anomaly_count:sum",
                "measured_pct:avg",
                "estimated_pct:avg",
                "anomaly_pct:avg",
                "avg_consumption:avg",
            ],
            [],
        )
        # 5 captured; decided: a, b, e measured and d estimated -> 3/4 measured; c and e flagged: 2/5
        self.assertEqual((total["captured_count"], total["measured_count"], total["estimated_count"]), (5, 3, 1))
        self.assertEqual(total["anomaly_count"], 2)
        self.assertAlmostEqual(total["measured_pct"], 75.0)
        self.assertAlmostEqual(total["estimated_pct"], 25.0)
        self.assertAlmostEqual(total["anomaly_pct"], 40.0)
        self.assertAlmostEqual(total["avg_consumption"], (10 + 20 + 14 + 0) / 4)
        by_class = {
            group["service_class_id"][0]: (group["measured_pct"], group["anomaly_count"])
            for group in Report.read_group(domain, ["measured_pct:avg", "anomaly_count:sum"], ["service_class_id"])
        }
        # commercial: a and b, both measured; domestic: c (to review), d estimated, e measured
        self.assertEqual(by_class[self.commercial.id], (100.0, 0))
        self.assertEqual(by_class[self.domestic.id], (50.0, 2))
        # filters of the search view: by period, sector, route and class
        self.assertEqual(
            Report.search_count(
                [
                    ("period_id", "=", lot.period_id.id),
                    ("sector_id", "=", self.sector.id),
                    ("route_id", "=", self.route.id),
                    ("service_class_id", "=", self.commercial.id),
                ]
            ),
            2,
        )
        # the XLSX, read back
        sheet = WaterReportsCase.read_xlsx(Report._water_xlsx(domain))
        header = sheet[0]
        self.assertEqual(len(sheet), 6)
        self.assertIn("Billed as", header)
        column = {name: header.index(name) for name in ("Account", "Billed as", "Anomaly", "Consumption (m³)")}
        by_account = {row[column["Account"]]: row for row in sheet[1:]}
        self.assertEqual(by_account[d.number][column["Billed as"]], "Estimated")
        self.assertEqual(by_account[d.number][column["Consumption (m³)"]], 14.0)
        self.assertEqual(by_account[c.number][column["Anomaly"]], "Lower than the previous reading")

    def test_field_work_orders_time_to_execute_and_overdue(self):
        lot = self.read_period()
        order = self.reading(lot, self.contracts[3]).work_order_ids
        self.assertEqual(order.order_type, "meter_repair", "the damaged meter sent the technician")
        Report = self.env["water.report.work.order"].with_user(self.director)
        row = Report.search([("work_order_id", "=", order.id)])
        self.assertEqual((row.source, row.order_type, row.state), ("field", "meter_repair", "open"))
        self.assertEqual(row.employee_id, order.employee_id)
        self.assertEqual(row.employee_id.water_role, "meter_technician")
        self.assertEqual((row.sector_id, row.service_class_id), (self.sector, self.domestic))
        self.assertFalse(row.is_overdue)
        today = fields.Date.today()
        order.date = today - timedelta(days=10)
        row.invalidate_recordset()
        self.assertEqual((row.age_days, row.is_overdue, row.overdue_count), (10, True, 1))
        self.env["ir.config_parameter"].sudo().set_param("water_reports.order_overdue_days", "12")
        row.invalidate_recordset()
        self.assertFalse(row.is_overdue, "the limit is a system parameter")
        self.env["ir.config_parameter"].sudo().set_param("water_reports.order_overdue_days.meter_repair", "5")
        row.invalidate_recordset()
        self.assertEqual((row.overdue_limit_days, row.is_overdue), (5, True), "a type may have its own limit")
        self.env["ir.config_parameter"].sudo().set_param("water_reports.order_overdue_days.leak", "30")
        row.invalidate_recordset()
        self.assertTrue(row.is_overdue, "another type's limit does not apply")
        order.action_done()
        row.invalidate_recordset()
        self.assertEqual((row.state, row.date_done, row.days_to_done, row.done_count), ("done", today, 10.0, 1))
        self.assertFalse(row.is_overdue)
        self.assertEqual(Report.search_count([("is_overdue", "=", True), ("work_order_id", "=", order.id)]), 0)

    def test_new_and_cancelled_contracts_and_padron_changes(self):
        a, b = self.contracts[0], self.contracts[1]
        Events = self.env["water.report.contract.event"].with_user(self.director)
        mine = [("contract_id", "in", (self.contracts | self.unmetered).ids)]
        self.assertEqual(Events.search_count(mine + [("event", "=", "new")]), 6)
        draft = self.make_contract(unmetered_billing="fixed_quota")
        self.assertFalse(Events.search_count([("contract_id", "=", draft.id)]), "a draft is not in the padrón yet")
        self.end_transaction()
        cancel_day = fields.Date.to_date("2025-06-30")
        b.change_state("cancelled", "Demolished property", cancel_day)
        b.service_point_id.write({"route_sequence": 42, "colonia": "Centro"})
        a.write({"service_class_id": self.domestic.id})
        self.end_transaction()
        cancelled = Events.search(mine + [("event", "=", "cancelled")])
        self.assertEqual(
            (cancelled.contract_id, cancelled.date, cancelled.reason), (b, cancel_day, "Demolished property")
        )
        [group] = Events.read_group(mine, ["new_count:sum", "cancelled_count:sum", "net_count:sum"], [])
        self.assertEqual((group["new_count"], group["cancelled_count"], group["net_count"]), (6, 1, 5))
        by_class = Events.read_group(
            mine + [("event", "=", "cancelled")], ["cancelled_count:sum"], ["service_class_id"]
        )
        self.assertEqual(
            [(g["service_class_id"][0], g["cancelled_count"]) for g in by_class], [(self.commercial.id, 1)]
        )
        Changes = self.env["water.report.padron.change"].with_user(self.director)
        changes = Changes.search([("contract_id", "in", (a | b).ids)])
        by_field = {(c.res_model, c.field_name): c for c in changes.sorted("id")}  # the newest wins
        self.assertEqual(by_field[("water.contract", "service_class_id")].contract_id, a)
        self.assertEqual(by_field[("water.contract", "service_class_id")].old_value, self.commercial.name)
        self.assertEqual(by_field[("water.contract", "service_class_id")].new_value, self.domestic.name)
        self.assertEqual(by_field[("water.contract", "state")].contract_id, b)
        point_change = by_field[("water.service.point", "route_sequence")]
        self.assertEqual(
            (point_change.contract_id, point_change.new_value, point_change.sector_id), (b, "42", self.sector)
        )
        self.assertEqual(by_field[("water.service.point", "colonia")].new_value, "Centro")
        self.assertEqual(point_change.user_id, self.env.user)
        weekly = Changes._read_group([("contract_id", "in", (a | b).ids)], ["day:week"], ["__count"])
        self.assertEqual([count for _week, count in weekly], [len(changes)], "all made this week")
        self.assertEqual(
            set(by_field),
            {
                ("water.contract", "service_class_id"),
                ("water.contract", "state"),
                ("water.contract", "route_sequence"),  # the account's own position follows its point's
                ("water.service.point", "route_sequence"),
                ("water.service.point", "colonia"),
            },
        )

    def test_who_sees_the_operations_reports(self):
        lot = self.read_period()
        for model in (
            "water.report.reading",
            "water.report.work.order",
            "water.report.contract.event",
            "water.report.padron.change",
        ):
            self.assertTrue(self.env[model].with_user(self.clerk_billing).search_count([]) >= 0)
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.officer).search([])
        self.assertEqual(
            self.env["water.report.reading"].with_user(self.supervisor).search_count([("lot_id", "=", lot.id)]), 5
        )
        with self.assertRaises(AccessError):
            self.env["water.report.request"].with_user(self.clerk_billing).search([])
        with self.assertRaises(AccessError):
            self.env["water.report.reading"].with_user(self.reader_user).search([])
        # record rules: a director of another utility sees none of these readings and orders
        other = self.env["res.company"].create({"name": "Otro organismo"})
        outsider = new_test_user(
            self.env,
            "t_director_other",
            groups="base.group_user,water_reports.group_water_director",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        orders = [("work_order_id", "in", lot.reading_ids.work_order_ids.ids)]
        self.assertEqual(
            self.env["water.report.reading"].with_user(outsider).search_count([("lot_id", "=", lot.id)]), 0
        )
        self.assertEqual(self.env["water.report.work.order"].with_user(outsider).search_count(orders), 0)
        self.assertEqual(self.env["water.report.work.order"].with_user(self.director).search_count(orders), 1)

    def test_weekly_billing_activity_pdf(self):
        lot = self.read_period()
        day = self.env["water.report.reading"].search([("lot_id", "=", lot.id)], limit=1).date
        wizard = (
            self.env["water.activity.report.wizard"]
            .with_user(self.clerk_billing)
            .create({"report_kind": "weekly_billing", "reference_date": day})
        )
        self.assertEqual(wizard.date_from.weekday(), 0)
        self.assertEqual(wizard.date_to - wizard.date_from, timedelta(days=6))
        values = (
            self.env["report.water_reports.report_weekly_billing"]
            .with_user(self.clerk_billing)
            ._get_report_values(wizard.ids, wizard._water_data())
        )
        sector_row = next(row for row in values["readings"]["by_sector"] if row["key"] == self.sector.display_name)
        self.assertEqual(
            (sector_row["__count"], sector_row["measured_count:sum"], sector_row["anomaly_count:sum"]), (5, 3, 2)
        )
        self.assertEqual((sector_row["measured_pct"], sector_row["anomaly_pct"]), (75.0, 40.0))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.clerk_billing)
            ._render_qweb_html("water_reports.action_report_weekly_billing", wizard.ids, data=wizard._water_data())[0]
            .decode()
        )
        self.assertIn("weekly activity report", html)
        self.assertIn("75.0 %", html)
        self.assertIn("Meter repair or replacement", html)
        # wkhtmltopdf would otherwise fetch the assets from the test server and deadlock
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.clerk_billing)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("water_reports.action_report_weekly_billing", wizard.ids, data=wizard._water_data())
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
