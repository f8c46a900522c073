from odoo.tests import HttpCase, tagged

from .common_cash import WaterCashCase


@tagged("post_install", "-at_install")
class TestCashTour(HttpCase, WaterCashCase):
    def test_cashier_makes_a_receipt(self):
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        contract = self.make_contract(unmetered_billing="fixed_quota", number="99887766")
        feb = self.make_bill(contract, 2, 400.0)
        jan = self.make_bill(contract, 1, 350.0)
        self.cashier.lang = "en_US"
        self.start_tour(
            "/odoo/action-water_collections.action_water_cash_my_session", "water_cash_receipt_tour", login="t_cashier"
        )
        session = self.env["water.cash.session"].search([("user_id", "=", self.cashier.id)])
        self.assertEqual(session.opening_float, 500.0)
        receipt = session.receipt_ids
        self.assertEqual(receipt.state, "posted")
        self.assertEqual(receipt.amount, 750.0)
        self.assertEqual(receipt.amount_change, 250.0)
        self.assertEqual((jan | feb).mapped("payment_state"), ["paid", "paid"])
        self.assertEqual(session.line_ids.filtered(lambda l: l.method_id.code == "cash").amount_expected, 1250.0)
