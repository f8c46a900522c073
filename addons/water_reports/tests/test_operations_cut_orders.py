from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.water_collections.tests.common_cut import WaterCutCase

from .common import WaterReportsCase


@tagged("post_install", "-at_install")
class TestCutOrderReport(WaterCutCase):
    """Collections' cut orders in the work orders fact: executed in three days, or open past the limit."""

    def test_cut_orders_by_type_state_and_crew(self):
        director = new_test_user(self.env, "t_director", groups="base.group_user,water_reports.group_water_director")
        orders = self.make_orders(self.shop | self.shop2)
        box = orders.filtered(lambda o: o.contract_id == self.shop)
        late = orders - box
        self.as_crew(box).action_water_cut_box()
        # issued on 2 March, executed at noon of 5 March in Mexico City (18:00 UTC): three days
        box.sudo().write({"date": "2025-03-02", "time_done": datetime(2025, 3, 5, 18, 0)})
        late.sudo().write({"date": fields.Date.today() - timedelta(days=9)})
        Report = self.env["water.report.work.order"].with_user(director)
        rows = {row.cut_order_id: row for row in Report.search([("cut_order_id", "in", orders.ids)])}
        done, still_open = rows[box], rows[late]
        self.assertEqual((done.source, done.order_type, done.state), ("cut", "cut", "done"))
        self.assertEqual((str(done.date_done), done.days_to_done, done.is_overdue), ("2025-03-05", 3.0, False))
        self.assertEqual(
            (done.employee_id, done.service_class_id, done.sector_id),
            (self.cutter, self.commercial, self.shop.sector_id),
        )
        self.assertEqual((still_open.state, still_open.age_days, still_open.is_overdue), ("open", 9, True))
        groups = Report.read_group(
            [("cut_order_id", "in", orders.ids)],
            ["order_count:sum", "overdue_count:sum", "days_to_done:avg"],
            ["employee_id"],
        )
        self.assertEqual(
            [(g["employee_id"][0], g["order_count"], g["overdue_count"], g["days_to_done"]) for g in groups],
            [(self.cutter.id, 2, 1, 3.0)],
        )
        content = Report._water_xlsx([("cut_order_id", "in", orders.ids)])
        sheet = WaterReportsCase.read_xlsx(content)
        self.assertEqual(len(sheet), 3)
        header = sheet[0]
        types = sorted(row[header.index("Type")] for row in sheet[1:])
        self.assertEqual(types, ["Suspension", "Suspension"])
