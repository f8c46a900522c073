import io
from datetime import date, datetime, timedelta

from lxml import etree
from markupsafe import escape

from odoo.tests import new_test_user, tagged
from odoo.tools.misc import format_date
from odoo.tools.pdf import PdfFileReader
from odoo.tools.safe_eval import safe_eval

from odoo.addons.water_registry.tests.common import WaterRegistryCase

REPORT = "water_billing.action_report_reading_lot"


def fmt(value):
    """A reading as the route sheet prints it: no trailing zeros."""
    return ("%.2f" % (value or 0.0)).rstrip("0").rstrip(".")


@tagged("post_install", "-at_install")
class TestReports(WaterRegistryCase):
    """The printed route sheet and the supervisor's reading reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader_user = new_test_user(
            cls.env, "t_rpt_reader", groups="base.group_user,water_billing.group_water_reader"
        )
        cls.supervisor = new_test_user(
            cls.env, "t_rpt_supervisor", groups="base.group_user,water_billing.group_water_reading_supervisor"
        )
        cls.reader = cls.env["hr.employee"].create(
            {"name": "Lecturista Reportes", "water_role": "reader", "user_id": cls.reader_user.id}
        )
        cls.route.reader_id = cls.reader
        cls.route2.reader_id = cls.reader
        # 25 accounts on the first route, created in the reverse of their route order (the sheet needs two
        # pages), and 2 on the second route
        cls.contracts = cls._make_accounts(cls.route, cls.sector, 25, "RPT")
        cls.contracts2 = cls._make_accounts(cls.route2, cls.sector2, 2, "RPU")
        # a period far from any demo period
        start = date(2037, 3, 1)
        cls.period = cls.env["water.billing.period"].create(
            {"date_start": start, "date_end": date(2037, 3, 31), "frequency": "monthly"}
        )
        cls.period._generate_calendar()
        Lot = cls.env["water.reading.lot"]
        cls.lot = Lot._generate(cls.period, cls.route)
        cls.lot2 = Lot._generate(cls.period, cls.route2)
        (cls.lot | cls.lot2).action_send_to_field()

    @classmethod
    def _make_accounts(cls, route, sector, count, prefix):
        contracts = cls.env["water.contract"]
        for index in range(count):
            point = cls.make_point(
                street=f"Calle Reporte {prefix} {index}",
                sector_id=sector.id,
                route_id=route.id,
                route_sequence=(count - index) * 10,
            )
            meter = cls.make_meter(f"{prefix}-{index:04d}")
            wizard = cls.env["water.meter.change.wizard"].create(
                {
                    "service_point_id": point.id,
                    "new_meter_id": meter.id,
                    "new_meter_initial_reading": 100 + 37.5 * index,
                    "date": date(2036, 1, 1),
                }
            )
            wizard.action_confirm()
            contract = cls.make_contract(point)
            contract.action_activate()
            contracts |= contract
        return contracts

    def _reading(self, lot, contract):
        return lot.reading_ids.filtered(lambda r: r.contract_id == contract)

    # ------------------------------------------------------------------ route sheet
    def test_route_sheet_html(self):
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.lot.ids)[0].decode()
        readings = self.lot.reading_ids.sorted(lambda r: (r.route_sequence, r.id))
        self.assertEqual(len(readings), 25)
        # every account, in route order (the reverse of their creation)
        positions = [html.index(f'ws-account">{r.contract_id.number}<') for r in readings]
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(readings.contract_id.ids, self.contracts[::-1].ids)
        for reading in readings:
            self.assertIn(f">{reading.meter_id.serial}<", html)
            self.assertIn(f'ws-num">{fmt(reading.previous_reading)}<', html)
            self.assertIn(f"{fmt(reading.expected_min)} – {fmt(reading.expected_max)}", html)
            self.assertIn(f">{escape(reading.partner_id.name)}<", html)
            self.assertIn(f">{escape(reading.address)}<", html)
        # decimals are printed as they are, whole readings without decimals
        self.assertIn('ws-num">137.5<', html)
        self.assertIn('ws-num">100<', html)
        # the header: route, period, reading window of the sector, reader, number of accounts
        calendar = self.period.calendar_ids.filtered(lambda c: c.sector_id == self.sector)
        self.assertTrue(calendar)
        self.assertIn(f">{self.route.code}<", html)
        self.assertIn(f">{self.period.name}<", html)
        self.assertIn(format_date(self.env, calendar.reading_date_start), html)
        self.assertIn(format_date(self.env, calendar.reading_date_end), html)
        self.assertIn(self.reader.name, html)
        self.assertIn(">25<", html)
        # 25 rows: a full page and a last page with the legend
        self.assertIn("Page 1 of 2", html)
        self.assertIn("Page 2 of 2", html)
        self.assertNotIn("Page 3 of", html)
        # the legend of every observation code, once, at the end
        codes = self.env["water.observation.code"].search([])
        self.assertTrue(codes)
        self.assertEqual(html.count("Observation codes"), 1)
        legend = html[html.index("Observation codes") :]
        for code in codes:
            self.assertIn(f'ws-code">{code.code}<', legend)
            self.assertIn(f">{escape(code.name)}<", legend)
        # the boxes the reader fills in: a reading and a code per account
        self.assertEqual(html.count('class="ws-box"'), 2 * 25)

    def test_route_sheet_reader_prints_own_lot(self):
        html = self.env["ir.actions.report"].with_user(self.reader_user)._render_qweb_html(REPORT, self.lot2.ids)[0]
        for contract in self.contracts2:
            self.assertIn(contract.number.encode(), html)

    def test_route_sheet_pdf(self):
        # wkhtmltopdf would fetch the web assets from the test server, which waits on this
        # test's transaction: point it at a closed port, the sheet is styled inline anyway
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_type = Report._render_qweb_pdf(REPORT, self.lot.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 2)
        # several lots make one PDF, each lot starting on a page of its own
        pdf, _type = Report._render_qweb_pdf(REPORT, (self.lot | self.lot2).ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 3)

    def test_route_sheet_action(self):
        action = self.env.ref(REPORT)
        self.assertEqual(action.binding_model_id.model, "water.reading.lot")
        self.assertEqual(action.binding_type, "report")
        self.assertEqual(action.paperformat_id.orientation, "Landscape")

    # ------------------------------------------------------------------ pivot / graph reports
    def _pivot_groupby(self, xmlid):
        """The row and column groupings of a pivot view, as read_group spells them."""
        arch = etree.fromstring(self.env.ref(xmlid).arch)
        groupby = []
        for kind in ("row", "col"):
            for node in arch.xpath(f"//field[@type='{kind}']"):
                interval = node.get("interval")
                groupby.append(f"{node.get('name')}:{interval}" if interval else node.get("name"))
        return groupby

    def _action_domain(self, xmlid):
        return safe_eval(self.env.ref(xmlid).domain or "[]")

    def _capture_as(self, user, lot, contracts, when, text="123"):
        for contract in contracts:
            self._reading(lot, contract).with_user(user).reading_text = text
        self._readings(lot, contracts).write({"capture_date": when})

    def _readings(self, lot, contracts):
        return lot.reading_ids.filtered(lambda r: r.contract_id in contracts)

    def test_readings_per_reader_per_week(self):
        week1 = datetime(2037, 3, 18, 12, 0)
        week2 = week1 + timedelta(days=7)
        readings = self.contracts[::-1]
        # the reader captures 2 readings one week and 1 the next; the supervisor 1 in the office each week
        self._capture_as(self.reader_user, self.lot, readings[0:2], week1)
        self._capture_as(self.reader_user, self.lot, readings[2:3], week2)
        self._capture_as(self.supervisor, self.lot, readings[3:4], week1)
        self._capture_as(self.supervisor, self.lot2, self.contracts2[0], week2)
        self.assertEqual(self._readings(self.lot, readings[0:3]).captured_by_id, self.reader_user)

        groupby = self._pivot_groupby("water_billing.water_reading_view_pivot_reader_week")
        self.assertEqual(groupby, ["captured_by_id", "capture_date:week"])
        domain = self._action_domain("water_billing.action_water_reading_report_reader_week")
        domain += [("lot_id", "in", (self.lot | self.lot2).ids)]
        groups = self.env["water.reading"]._read_group(domain, groupby, ["__count"])
        weeks = sorted({week for _user, week, _count in groups})
        self.assertEqual(len(weeks), 2)
        counts = {(user.login, weeks.index(week)): count for user, week, count in groups}
        self.assertEqual(
            counts,
            {
                (self.reader_user.login, 0): 2,
                (self.reader_user.login, 1): 1,
                (self.supervisor.login, 0): 1,
                (self.supervisor.login, 1): 1,
            },
        )
        # readings not captured yet stay out of the report
        total = self.env["water.reading"].search_count(domain)
        self.assertEqual(total, 5)

    def test_observations_by_code(self):
        empty = self.env.ref("water_billing.observation_01")
        closed = self.env.ref("water_billing.observation_06")
        readings = self.contracts[::-1]
        for contract in readings[0:3]:
            self._reading(self.lot, contract).observation_id = empty
        self._reading(self.lot, readings[3]).observation_id = closed
        self._reading(self.lot2, self.contracts2[0]).observation_id = empty
        self._reading(self.lot, readings[4]).reading_text = "250"

        groupby = self._pivot_groupby("water_billing.water_reading_view_pivot_observation")
        self.assertEqual(groupby, ["observation_id", "period_id"])
        domain = self._action_domain("water_billing.action_water_reading_report_observation")
        domain += [("period_id", "=", self.period.id)]
        groups = self.env["water.reading"]._read_group(domain, groupby, ["__count"])
        counts = {(code.code, period.id): count for code, period, count in groups}
        self.assertEqual(counts, {("01", self.period.id): 4, ("06", self.period.id): 1})
        # the graph counts per code too
        graph = etree.fromstring(self.env.ref("water_billing.water_reading_view_graph_observation").arch)
        self.assertEqual(graph.xpath("//field/@name"), ["observation_id"])

    def test_report_menus_for_supervisors(self):
        supervisor_group = self.env.ref("water_billing.group_water_reading_supervisor")
        menu = self.env.ref("water_billing.menu_water_reading_report")
        self.assertEqual(menu.parent_id, self.env.ref("water_billing.menu_water_readings"))
        self.assertEqual(menu.groups_id, supervisor_group)
        self.assertEqual(len(menu.child_id), 2)
        visible = self.env["ir.ui.menu"].with_user(self.reader_user)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        visible = self.env["ir.ui.menu"].with_user(self.supervisor)._visible_menu_ids()
        self.assertIn(menu.id, visible)
