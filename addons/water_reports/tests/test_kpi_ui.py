from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWaterKpiDashboardTour(HttpCase):
    def test_dashboard_tour(self):
        """The director's dashboard opens in Chromium with every figure and its formula, changes period and opens the
        bills behind the commercial efficiency."""
        self.start_tour("/odoo", "water_reports_kpi_dashboard", login="admin", timeout=120)
