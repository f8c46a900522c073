from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWaterKpiDashboardTour(HttpCase):
    def test_dashboard_tour(self):
        """The director's dashboard opens in Chromium with every figure and its formula, recomputes its closed
        months, changes period and opens the bills behind the commercial efficiency."""
        self.start_tour("/odoo", "water_reports_kpi_dashboard", login="admin", timeout=120)
        stored = self.env["water.report.kpi.month"].search([("company_id", "=", self.env.company.id)])
        # last month and the eleven before it, then the last 12 months (the same ones): the closed months stored
        self.assertEqual(len(stored), 12)
