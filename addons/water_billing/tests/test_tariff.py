from datetime import date
from decimal import Decimal as D

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from ..utils.tariff import totals
from .common import WaterBillingCase

PUBLISHED = ((10, 0, 140.99), (20, 17.33, 163.82), (40, 26.70, 411.12), (60, 34.18, 981.74), (0, 83.60, 2205.67))


@tagged("post_install", "-at_install")
class TestTariff(WaterBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Tariff = cls.env["water.tariff"]
        # the tests' own class, so that the demo's tariffs do not interfere
        cls.test_class = cls.env["water.service.class"].create({"name": "Clase de prueba", "code": "TST"})
        cls.contracts.write({"service_class_id": cls.test_class.id})
        cls.tariff = cls.make_tariff("Ley 2025 prueba", date(2025, 1, 1), date(2025, 12, 31), drainage_pct=20)

    @classmethod
    def make_tariff(cls, name, date_from, date_to=None, blocks=PUBLISHED, **vals):
        return cls.Tariff.create(
            {
                "name": name,
                "service_class_id": cls.test_class.id,
                "date_from": date_from,
                "date_to": date_to,
                "block_ids": [
                    (0, 0, {"sequence": i, "upper": upper, "price": price, "fixed_charge": fixed})
                    for i, (upper, price, fixed) in enumerate(blocks)
                ],
                **vals,
            }
        )

    def test_reading_priced_by_the_published_tariff(self):
        lot = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        reading = lot.reading_ids.filtered(lambda r: r.contract_id == self.contracts[0])
        self.assertEqual(reading.consumption, 15)
        lines = reading._priced_lines()
        water = sum(line.amount for line in lines if line.concept in ("consumption", "block_fixed"))
        self.assertEqual(water, D("250.47"), "15 m3 -> 163.82 + 5 x 17.33")
        drainage = [line.amount for line in lines if line.concept == "drainage"]
        self.assertEqual(drainage, [D("50.09")], "20% of the water charge, to the centavo")
        self.assertEqual(totals(lines), (D("300.56"), D("0.00"), D("300.56")))

    def test_month_price_table(self):
        block = self.tariff.block_ids.filtered(lambda b: b.upper == 20)
        self.env["water.tariff.block.month"].create({"block_id": block.id, "month": 6, "price": 18.00})
        june = self.tariff._to_engine(6)
        march = self.tariff._to_engine(3)
        self.assertEqual(june.blocks[1].price, D("18.00"))
        self.assertEqual(march.blocks[1].price, D("17.33"))
        self.assertIsNone(june.blocks[-1].upper, "0 on the last block: no limit")

    def test_find_by_date_and_sector(self):
        self.assertEqual(self.Tariff._find(self.test_class, self.sector, date(2025, 6, 1)), self.tariff)
        self.assertFalse(self.Tariff._find(self.test_class, self.sector, date(2026, 6, 1)))
        special = self.make_tariff(
            "Ley 2025 sector 2", date(2025, 1, 1), date(2025, 12, 31), sector_ids=[(6, 0, self.sector2.ids)]
        )
        self.assertEqual(self.Tariff._find(self.test_class, self.sector2, date(2025, 6, 1)), special)
        self.assertEqual(self.Tariff._find(self.test_class, self.sector, date(2025, 6, 1)), self.tariff)

    def test_no_overlap_and_blocks_in_order(self):
        with self.assertRaises(ValidationError):
            self.make_tariff("Encima", date(2025, 6, 1))
        self.make_tariff("Ley 2026 prueba", date(2026, 1, 1))
        with self.assertRaises(ValidationError):
            self.make_tariff("Bloques al revés", date(2027, 1, 1), blocks=[(20, 1, 0), (10, 2, 0), (0, 3, 0)])
        with self.assertRaises(ValidationError):
            self.make_tariff("Sin límite en medio", date(2028, 1, 1), blocks=[(0, 1, 0), (10, 2, 0)])

    def test_no_tariff_is_a_clear_error(self):
        lot = self.run_period(1, {c: "1020" for c in self.contracts}, year=2024)
        reading = lot.reading_ids[0]
        with self.assertRaises(UserError):
            reading._priced_lines()

    def test_tariff_form_and_manager_only(self):
        form = Form(self.Tariff.with_user(self.manager))
        form.name = "Ley 2030"
        form.service_class_id = self.test_class
        form.date_from = date(2030, 1, 1)
        with form.block_ids.new() as block:
            block.upper = 0
            block.price = 12.5
        tariff = form.save()
        self.assertEqual(tariff.block_ids.component, "water")
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            tariff.with_user(self.supervisor).write({"base_fee": 10})
