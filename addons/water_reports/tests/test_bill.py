from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WaterReportsCase


@tagged("post_install", "-at_install")
class TestBillReport(WaterReportsCase):
    """Billing and volumes: bills, charges, surcharges and adjustments by concept and month."""

    def test_bills_by_concept_and_month(self):
        a, b = self.contracts[0], self.contracts[1]
        bill = self.make_concept_bill(a, 2025, 1, {"consumption": 100.0, "drainage": 30.0, "sanitation": 20.0})
        bill.write({"water_volume": 25.0})
        self.make_bill(b, 2025, 2, 80.0).write({"water_volume": 12.0})
        self.make_credit_note(a, self.periods[(2025, 1)].date_end, 15.0)
        self.make_surcharge(b, self.periods[(2025, 2)].date_end, 5.0)
        Report = self.env["water.report.bill"].with_user(self.director)
        rows = Report.search([("contract_id", "in", (a | b).ids)])
        by_kind = {kind: rows.filtered(lambda r, k=kind: r.kind == k) for kind in ("bill", "refund", "surcharge")}
        first = by_kind["bill"].filtered(lambda r: r.contract_id == a)
        self.assertEqual(
            (first.water, first.drainage, first.sanitation, first.amount_total, first.volume),
            (100.0, 30.0, 20.0, 150.0, 25.0),
        )
        self.assertEqual(first.month, self.periods[(2025, 1)].date_start)
        self.assertEqual(by_kind["refund"].water, -15.0)
        self.assertEqual(by_kind["refund"].amount_total, -15.0)
        self.assertEqual(by_kind["surcharge"].surcharges, 5.0)
        groups = Report.read_group(
            [("contract_id", "in", (a | b).ids), ("kind", "=", "bill")],
            ["volume:sum", "amount_total:sum", "bill_count:sum"],
            ["month:month"],
        )
        self.assertEqual(
            [(g["bill_count"], g["volume"], g["amount_total"]) for g in groups], [(1, 25.0, 150.0), (1, 12.0, 80.0)]
        )
        content = Report._water_xlsx([("contract_id", "in", (a | b).ids), ("kind", "=", "bill")])
        sheet = self.read_xlsx(content)
        self.assertEqual(len(sheet), 3)
        self.assertEqual(sorted(row[10] for row in sheet[1:]), [12.0, 25.0])
        with self.assertRaises(AccessError):
            self.env["water.report.bill"].with_user(self.cashier).search([])
