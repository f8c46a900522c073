from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.water_billing.tests.common import WaterBillRunCase

from .common import WaterCollectionsCase


@tagged("post_install", "-at_install")
class TestLargeConsumers(WaterCollectionsCase, WaterBillRunCase):
    """Account 0 is a large consumer: 10, 20 and 30 m³ in January to March (own average 20), 50 m³ in April;
    the four other accounts of its class use 10 m³ a month (April's class average (50 + 4 × 10) / 5 = 18)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls.contracts[0]
        cls.big.large_consumer = True
        cls.Review = cls.env["water.large.consumer.review"]

    def read_months(self):
        lots = {}
        big = 1000
        for month, used in ((1, 10), (2, 20), (3, 30), (4, 50)):
            big += used
            values = {self.big: str(big)}
            for index, contract in enumerate(self.contracts[1:], start=1):
                values[contract] = str(1000 + index + 10 * month)
            lots[month] = self.run_period(month, values)
        return lots

    def test_figures_and_reviews(self):
        lots = self.read_months()
        april = lots[4].period_id
        self.assertEqual(set(lots[4].reading_ids.mapped("state")), {"valid"})
        figures = self.Review._water_figures(april)
        self.assertEqual(figures[self.big.id][1:], (50.0, 18.0, 20.0))
        reviews = self.Review.with_user(self.officer)._water_prepare(april)
        self.assertEqual(reviews.contract_id, self.big)
        self.assertRecordValues(
            reviews,
            [
                {
                    "volume": 50.0,
                    "class_average": 18.0,
                    "own_average": 20.0,
                    "deviation": 150.0,
                    "class_deviation": 177.8,
                    "state": "to_review",
                }
            ],
        )
        # preparing again changes nothing
        self.assertEqual(self.Review._water_prepare(april), reviews)
        reviews.with_user(self.officer).action_validate()
        self.assertEqual((reviews.state, reviews.validated_by_id), ("validated", self.officer))
        with self.assertRaises(AccessError):
            reviews.with_user(self.cashier).action_hold()

    def test_bill_run_refused_while_reviews_are_pending(self):
        lots = self.read_months()
        april = lots[4].period_id
        run = self.make_run(april)
        # off by default: the run starts
        self.assertFalse(self.company.water_review_large_consumers)
        self.company.water_review_large_consumers = True
        with self.assertRaisesRegex(UserError, "1 large consumers"):
            run.action_run()
        reviews = self.Review._water_prepare(april)
        with self.assertRaisesRegex(UserError, "1 large consumers"):
            run.action_run()
        reviews.note = "Fuga reportada"
        reviews.with_user(self.officer).action_hold()
        self.assertNotIn(self.big.id, run._pending_contract_ids(), "held: not billed")
        run.action_run()
        billed = self.env["account.move"].search([("water_bill_run_id", "=", run.id)]).water_contract_id
        self.assertEqual(billed, (self.contracts | self.unmetered) - self.big)
        reviews.with_user(self.officer).action_validate()
        self.assertIn(self.big.id, run._pending_contract_ids())

    def test_setting_off_bills_as_before(self):
        lots = self.read_months()
        run = self.make_run(lots[4].period_id)
        run.action_run()
        self.assertIn(self.big, self.env["account.move"].search([("water_bill_run_id", "=", run.id)]).water_contract_id)

    def test_demo_marks_large_consumers_and_prepares_their_reviews(self):
        self.read_months()
        self.env["water.arrears.snapshot"]._demo_large_consumers(self.company)
        reviews = self.Review.search([("contract_id.large_consumer", "=", True)])
        self.assertTrue(reviews, "the demo's large consumers have their reviews")
        self.assertIn("held", reviews.mapped("state"))
