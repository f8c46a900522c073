from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WaterReportsCase


@tagged("post_install", "-at_install")
class TestIncome(WaterReportsCase):
    """Income by concept: each payment split over the debts it paid, each debt over its concepts, and its total
    equal to the collection entries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, cls.b, cls.c = cls.contracts[0], cls.contracts[1], cls.contracts[2]
        # 100 water + 30 drainage + 20 sanitation = 150
        cls.bill_a = cls.make_concept_bill(cls.a, 2025, 1, {"consumption": 100.0, "drainage": 30.0, "sanitation": 20.0})
        cls.bill_b = cls.make_bill(cls.b, 2025, 1, 80.0)
        cls.bill_c = cls.make_bill(cls.c, 2025, 1, 50.0)

    def income(self, domain=None):
        rows = self.env["water.report.income"].search(domain or [("contract_id", "in", (self.a | self.b | self.c).ids)])
        result = {}
        for row in rows:
            key = (row.contract_id.number, row.channel, row.concept)
            result[key] = round(result.get(key, 0.0) + row.amount, 2)
        return result

    def collection_entries_total(self, moves):
        lines = moves.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        return round(-sum(lines.mapped("balance")), 2)

    def test_window_payment_is_split_by_concept(self):
        receipt = self.pay_window(self.a, 90.0)
        income = self.income()
        # 90 of 150: 60 water, 18 drainage, 12 sanitation
        self.assertEqual(
            income,
            {
                (self.a.number, "window", "water"): 60.0,
                (self.a.number, "window", "drainage"): 18.0,
                (self.a.number, "window", "sanitation"): 12.0,
            },
        )
        rows = self.env["water.report.income"].search([("move_id", "=", receipt.move_id.id)])
        self.assertEqual(rows.user_id, self.cashier)
        self.assertEqual(rows.debt_move_id, self.bill_a)
        self.assertAlmostEqual(sum(rows.mapped("amount")), self.collection_entries_total(receipt.move_id))

    def test_file_overpayment_and_online(self):
        self.pay_file(self.b, 100.0, self.bill_b)
        self.pay_online(self.c, 50.0)
        income = self.income()
        self.assertEqual(income[(self.b.number, "bank", "water")], 80.0)
        self.assertEqual(income[(self.b.number, "bank", "credit")], 20.0, "what paid no debt is the account's credit")
        self.assertEqual(income[(self.c.number, "online", "water")], 50.0)
        moves = self.env["account.move"].search(
            [
                "|",
                ("water_payment_file_id", "!=", False),
                ("origin_payment_id", "!=", False),
                ("water_contract_id", "in", (self.b | self.c).ids),
            ]
        )
        moves |= (
            self.env["account.move.line"]
            .search(
                [("water_contract_id", "in", (self.b | self.c).ids), ("move_id.water_payment_file_id", "!=", False)]
            )
            .move_id
        )
        rows = self.env["water.report.income"].search([("contract_id", "in", (self.b | self.c).ids)])
        self.assertAlmostEqual(sum(rows.mapped("amount")), 150.0)
        self.assertEqual(set(rows.mapped("channel")), {"bank", "online"})

    def test_surcharge_and_cancelled_receipt(self):
        surcharge = self.make_surcharge(self.b, self.bill_b.invoice_date_due, 10.0)
        self.assertTrue(surcharge)
        receipt = self.pay_window(self.b, 90.0)
        income = self.income([("contract_id", "=", self.b.id)])
        self.assertEqual(income[(self.b.number, "window", "surcharges")], 10.0)
        self.assertEqual(income[(self.b.number, "window", "water")], 80.0)
        receipt.sudo()._cancel("Error de captura")
        rows = self.env["water.report.income"].search([("contract_id", "=", self.b.id)])
        # the cancellation takes the money back: the receipt and its reversal add up to nothing
        self.assertAlmostEqual(sum(rows.mapped("amount")), 0.0)
        entries = receipt.move_id | receipt.reversal_move_id
        self.assertAlmostEqual(sum(rows.mapped("amount")), self.collection_entries_total(entries))

    def test_daily_total_equals_the_collection_entries(self):
        self.pay_window(self.a, 150.0)
        self.pay_window(self.b, 40.0)
        self.pay_file(self.c, 50.0, self.bill_c)
        Income = self.env["water.report.income"]
        groups = Income.read_group([], ["amount:sum"], ["date:day", "journal_id"], lazy=False)
        self.assertTrue(groups)
        for group in groups:
            lines = self.env["account.move.line"].search(
                [
                    ("journal_id", "=", group["journal_id"][0]),
                    ("move_id", "in", Income.search(group["__domain"]).move_id.ids),
                    ("account_id.account_type", "=", "asset_receivable"),
                ]
            )
            self.assertAlmostEqual(group["amount"], -sum(lines.mapped("balance")), places=2)

    def test_xlsx_and_roles(self):
        self.pay_window(self.a, 150.0)
        content = (
            self.env["water.report.income"].with_user(self.accountant)._water_xlsx([("contract_id", "=", self.a.id)])
        )
        rows = self.read_xlsx(content)
        self.assertEqual(rows[0][0], "Date")
        self.assertEqual(rows[0][-1], "Amount")
        body = sorted((row[9], row[10]) for row in rows[1:])
        self.assertEqual(body, [("Drainage", 30.0), ("Sanitation", 20.0), ("Water", 100.0)])
        self.assertEqual({row[1] for row in rows[1:]}, {"Cashier window"})
        self.assertEqual({row[5] for row in rows[1:]}, {self.a.number})
        # the director and the accountant read it; a cashier does not
        self.assertTrue(self.env["water.report.income"].with_user(self.director).search_count([]))
        with self.assertRaises(AccessError):
            self.env["water.report.income"].with_user(self.cashier).search([])

    def test_export_wizard(self):
        self.pay_window(self.a, 150.0)
        day = self.env["water.report.income"].search([("contract_id", "=", self.a.id)], limit=1).date
        wizard = (
            self.env["water.report.export"]
            .with_user(self.accountant)
            .create({"report_model": "water.report.income", "date_from": day, "date_to": day})
        )
        action = wizard.action_export()
        self.assertIn("/web/content/water.report.export/", action["url"])
        rows = self.read_xlsx(__import__("base64").b64decode(wizard.file))
        self.assertGreaterEqual(len(rows), 4)
        self.assertIn(("water.report.income", "Income by concept"), wizard._selection_report_model())
