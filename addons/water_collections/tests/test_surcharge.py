from datetime import date

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WaterCollectionsCase


@tagged("post_install", "-at_install")
class TestSurcharge(WaterCollectionsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, cls.b, cls.c, cls.d = cls.contracts[:4]
        cls.a_jan = cls.make_bill(cls.a, 2025, 1, 1000.0)  # due 2025-02-15
        cls.a_feb = cls.make_bill(cls.a, 2025, 2, 500.0)  # due 2025-03-15
        cls.b_feb = cls.make_bill(cls.b, 2025, 2, 325.61)
        cls.c_mar = cls.make_bill(cls.c, 2025, 3, 200.0)  # due 2025-04-15: not overdue on 2025-04-10
        cls.d_jan = cls.make_bill(cls.d, 2025, 1, 300.0)
        cls.Move = cls.env["account.move"]
        older = cls.env["water.contract"].search([("create_date", "<", cls.env.cr.now())], order="id desc", limit=1)
        cls.demo_last = older.id or 0

    def surcharges(self, contract=None):
        # the test's own accounts: the demo's accounts have overdue bills of their own
        domain = [
            ("water_is_surcharge", "=", True),
            ("state", "=", "posted"),
            ("water_contract_id", ">", self.demo_last),
        ]
        if contract:
            domain.append(("water_contract_id", "=", contract.id))
        return self.Move.search(domain)

    def test_surcharge_once_per_month_even_when_the_job_runs_twice(self):
        # d paid its bill: nothing overdue
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.d_jan.ids
        ).create({"payment_date": date(2025, 1, 31)})._create_payments()
        posted = self.Move._water_apply_surcharges(day=date(2025, 4, 10), batch_size=1)
        self.assertEqual(posted, 2)
        self.assertEqual(self.Move._water_apply_surcharges(day=date(2025, 4, 10)), 0, "April is surcharged already")
        surcharge_a = self.surcharges(self.a)
        self.assertEqual(len(surcharge_a), 1)
        self.assertEqual(surcharge_a.amount_total, 22.05, "1.47% of 1,500.00")
        self.assertEqual(surcharge_a.water_surcharge_base, 1500.0)
        self.assertEqual(surcharge_a.water_surcharge_month, date(2025, 4, 1))
        self.assertEqual(surcharge_a.move_type, "out_invoice")
        self.assertFalse(surcharge_a.water_period_id, "not a bill of a period: the bill index is untouched")
        self.assertEqual(surcharge_a.partner_id, self.a.partner_id)
        self.assertEqual(surcharge_a.invoice_line_ids.product_id.water_concept, "surcharge")
        self.assertEqual(surcharge_a.invoice_line_ids.product_id.water_sat_code, "83101501")
        self.assertFalse(surcharge_a.invoice_line_ids.tax_ids)
        self.assertEqual(self.surcharges(self.b).amount_total, 4.79, "1.47% of 325.61 = 4.786")
        self.assertFalse(self.surcharges(self.c), "its bill is not due yet")
        self.assertFalse(self.surcharges(self.d), "paid on time")
        # c's bill falls due in April: c gets its April surcharge, a and b are not surcharged twice
        self.assertEqual(self.Move._water_apply_surcharges(day=date(2025, 4, 28)), 1)
        self.assertEqual(len(self.surcharges(self.c)), 1)
        self.assertEqual(self.Move._water_apply_surcharges(day=date(2025, 4, 30)), 0)
        # next month: a new surcharge on the overdue bills (never on the surcharges themselves)
        self.assertEqual(self.Move._water_apply_surcharges(day=date(2025, 5, 2)), 3)
        self.assertEqual(self.surcharges(self.a).mapped("amount_total"), [22.05, 22.05])
        self.assertEqual(self.surcharges(self.c).mapped("water_surcharge_base"), [200.0, 200.0])

    def test_database_refuses_a_second_surcharge_of_the_month(self):
        self.Move._water_apply_surcharges(day=date(2025, 4, 10))
        surcharge = self.surcharges(self.a)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            surcharge.copy(
                {
                    "water_contract_id": self.a.id,
                    "water_surcharge_month": date(2025, 4, 1),
                    "invoice_date": date(2025, 4, 20),
                }
            )
            self.env.flush_all()

    def test_cron_and_rate_zero(self):
        self.env.company.water_surcharge_rate = 0
        self.Move._cron_water_surcharges()
        self.assertFalse(self.surcharges())
        self.env.company.water_surcharge_rate = 2
        self.Move._cron_water_surcharges()
        self.assertEqual(len(self.surcharges()), 4, "every account with a bill overdue today")
        self.Move._cron_water_surcharges()
        self.assertEqual(len(self.surcharges()), 4, "the job runs twice, once per month still")

    def test_several_batches(self):
        contracts = self.env["water.contract"]
        for index in range(12):
            contract = self.make_contract(
                self.make_point(street=f"Calle Recargo {index}"), unmetered_billing="fixed_quota"
            )
            contract.action_activate()
            contracts |= contract
        self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.id,
                    "invoice_date": date(2025, 1, 31),
                    "invoice_date_due": date(2025, 2, 15),
                    "water_contract_id": contract.id,
                    "water_period_id": self.period(2025, 1).id,
                    "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 100, "tax_ids": []})],
                }
                for contract in contracts
            ]
        ).action_post()
        self.assertEqual(self.Move._water_apply_surcharges(day=date(2025, 6, 1), batch_size=5), 16)
        self.assertEqual(len(self.surcharges()), 16)
        self.assertEqual(set(self.surcharges().mapped("state")), {"posted"})
        self.assertEqual(set(self.surcharges(contracts[0]).mapped("amount_total")), {1.47})
