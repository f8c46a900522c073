from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WaterBillingCase


@tagged("post_install", "-at_install")
class TestCalendar(WaterBillingCase):
    def test_generate_year_monthly_and_bimonthly(self):
        company = self.env["res.company"].create({"name": "Organismo Bimestral"})
        periods = self.Period.with_company(company).generate_year(2030, "bimonthly", company)
        self.assertEqual(len(periods), 6)
        self.assertEqual(periods.sorted("date_start")[0].name, "2030-01/02")
        self.assertEqual(periods.sorted("date_start")[-1].date_end, date(2030, 12, 31))
        monthly = self.Period.generate_year(2031, "monthly")
        self.assertEqual(len(monthly), 12)
        self.assertEqual(monthly.sorted("date_start")[1].name, "2031-02")
        again = self.Period.generate_year(2031, "monthly")
        self.assertFalse(again, "running it twice creates nothing new")

    def test_calendar_line_per_sector_with_dates_in_order(self):
        period = self.make_period(2031, 3)
        self.assertEqual(period.calendar_ids.sector_id, self.env["water.sector"].search([]))
        for line in period.calendar_ids:
            self.assertLessEqual(line.reading_date_start, line.reading_date_end)
            self.assertLess(line.reading_date_end, line.billing_date)
            self.assertLess(line.billing_date, line.due_date)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            line = period.calendar_ids[0]
            line.write({"due_date": line.billing_date - timedelta(days=1)})
            line.flush_recordset()

    def test_periods_do_not_overlap(self):
        self.make_period(2032, 5)
        with self.assertRaises(ValidationError):
            self.Period.create({"date_start": date(2032, 5, 15), "date_end": date(2032, 6, 14)})

    def test_sector_behind_schedule_flagged(self):
        past = self.make_period(2024, 2)  # its reading dates are long gone and nothing was read
        line = past.calendar_ids.filtered(lambda c: c.sector_id == self.sector)
        self.assertTrue(line.is_late)
        self.assertEqual(line.progress, "planned")
        late = self.env["water.billing.calendar"].search([("is_late", "=", True)])
        self.assertIn(line, late)
        future = self.make_period(date.today().year + 1, 6)
        future_line = future.calendar_ids.filtered(lambda c: c.sector_id == self.sector)
        self.assertFalse(future_line.is_late)
        self.assertNotIn(future_line, late)
        # the sector read and validated, not billed yet: still late once the billing date passed
        lot = self.lot_for(past)
        self.capture(lot, {c: "1010" for c in self.contracts})
        lot.action_validate()
        line.invalidate_recordset()
        self.assertEqual(line.progress, "validated")
        self.assertTrue(line.is_late)
