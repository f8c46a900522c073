"""The bill run prices tariffs written as the laws write them: the excess method with whole-m³ ranges, amounts
in UMA and proration by days of service, on posted bills.

No published text is at hand (no internet): the tables are hand-built in the form of the laws named, with
figures of our own, and the expected amounts are computed by hand in each test.
"""

from datetime import date
from decimal import Decimal as D

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from ..utils.tariff import price
from .common import WaterBillRunCase

# "Cuota mínima más el excedente" in whole m³ (the form of Sonora's municipal Leyes de Ingresos and of the
# Código Financiero del Estado de México): (upper, price per m³ of the excess, minimum of the range)
EXCESS_WHOLE = ((10, 0, 95.00), (20, 9.80, 95.00), (30, 12.40, 193.00), (0, 16.10, 317.00))
# The same in UMA (the form of Puebla's and Guanajuato's municipal laws, "veces el valor diario de la UMA")
UMA_BLOCKS = ((10, 0.1479, 0), (0, 0.2, 0.75))


@tagged("post_install", "-at_install")
class TestTariffLaws(WaterBillRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.excess_class = cls.env["water.service.class"].create({"name": "Excedente prueba", "code": "TEXC"})
        cls.uma_class = cls.env["water.service.class"].create({"name": "UMA prueba", "code": "TUMA"})
        cls.excess_tariff = cls.make_tariff(
            cls.excess_class, EXCESS_WHOLE, method="excess", range_limits="whole", drainage_pct=20
        )
        cls.uma_tariff = cls.make_tariff(
            cls.uma_class, (), amount_unit="uma", base_fee_uma=0.45, fixed_quota_uma=1.5, drainage_pct=20
        )
        cls.uma_tariff.block_ids = [
            (0, 0, {"sequence": i, "upper": upper, "price_uma": price, "fixed_charge_uma": fixed})
            for i, (upper, price, fixed) in enumerate(UMA_BLOCKS)
        ]
        cls.contracts[2].service_class_id = cls.excess_class
        cls.contracts[3].service_class_id = cls.uma_class
        (cls.contracts | cls.unmetered).write({"date_activated": date(2024, 1, 1)})

    @classmethod
    def make_tariff(cls, service_class, blocks, **values):
        return cls.env["water.tariff"].create(
            {
                "name": f"Ley 2025 {service_class.name}",
                "service_class_id": service_class.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "block_ids": [
                    (0, 0, {"sequence": i, "upper": upper, "price": price, "fixed_charge": fixed})
                    for i, (upper, price, fixed) in enumerate(blocks)
                ],
                **values,
            }
        )

    def bills(self, month, values):
        lot = self.run_period(month, values)
        run = self.make_run(lot.period_id)
        run.action_run()
        moves = self.env["account.move"].search([("water_bill_run_id", "=", run.id)])
        return run, {move.water_contract_id: move for move in moves}

    def concepts(self, bill):
        return [
            (line.product_id.water_concept, line.quantity, line.price_unit)
            for line in bill.invoice_line_ids.sorted(lambda line: (line.sequence, line.id))
        ]

    def test_excess_whole_m3_on_posted_bills(self):
        """15 m³ in 11-20: the minimum 95.00 plus 5 m³ x 9.80 = 144.00, drainage 20% = 28.80."""
        _run, bills = self.bills(6, {c: str(1015 + i) for i, c in enumerate(self.contracts)})
        bill = bills[self.contracts[2]]
        self.assertEqual(bill.state, "posted")
        self.assertEqual(
            self.concepts(bill), [("consumption", 5, 9.80), ("block_fixed", 1, 95.00), ("drainage", 1, 28.80)]
        )
        self.assertAlmostEqual(bill.amount_total, 172.80)
        minimum = bill.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "block_fixed")
        self.assertRegex(minimum.name, "^(Minimum charge|Cuota mínima) - ", "the bill calls it the minimum")
        excess = bill.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "consumption")
        self.assertRegex(excess.name, "^(Excess consumption|Consumo excedente), (block|bloque) 2 - ")

    def test_excess_range_reached_only(self):
        tariff = self.excess_tariff._engine_on(date(2025, 6, 30))
        for volume, expected in ((10.4, D("95.00")), (10.5, D("104.80")), (20, D("193.00")), (21, D("205.40"))):
            lines = price(tariff, volume, ("water",))
            self.assertEqual(sum(line.amount for line in lines), expected, f"{volume} m³")
            self.assertEqual(len({line.block for line in lines}), 1, "nothing for the ranges below")

    def test_uma_tariff_priced_at_the_uma_in_force(self):
        """UMA 2025 (113.14, from 1 February): 0.45 UMA = 50.91; 10 m³ x 16.73 (0.1479 UMA); 4 m³ x 22.63
        (0.2 UMA); 0.75 UMA = 84.86. January is priced with the UMA of 2024 (108.57): 0.45 UMA = 48.86."""
        uma = self.env["water.uma.value"]
        self.assertEqual(uma._water_value_on(date(2025, 1, 31)), 108.57, "the data's 2024 value")
        self.assertEqual(uma._water_value_on(date(2025, 6, 30)), 113.14)
        _run, bills = self.bills(6, {c: str(1014 + i) for i, c in enumerate(self.contracts)})
        bill = bills[self.contracts[3]]  # 1017 - 1003 = 14 m³
        self.assertEqual(
            self.concepts(bill),
            [
                ("base", 1, 50.91),
                ("consumption", 10, 16.73),
                ("consumption", 4, 22.63),
                ("block_fixed", 1, 84.86),
                ("drainage", 1, 78.72),  # 20% of 393.59
            ],
        )
        self.assertAlmostEqual(bill.amount_total, 472.31)
        january = self.uma_tariff._engine_on(date(2025, 1, 31))
        self.assertEqual(january.base_fee, D("48.86"))
        self.assertEqual(january.fixed_quota, D("162.86"))

    def test_uma_without_value_is_a_problem_line(self):
        self.uma_tariff.date_from = date(2023, 1, 1)
        lot = self.run_period(1, {c: str(1010 + i) for i, c in enumerate(self.contracts)}, year=2024)
        run = self.make_run(lot.period_id)
        contracts = self.env["water.contract"].browse(run._pending_contract_ids())
        drafts, problems, _taxes = run._price_batch(contracts)
        account = self.contracts[3].number
        self.assertNotIn(self.contracts[3], [draft["contract"] for draft in drafts], "not billed, nothing lost")
        problem = next(p for p in problems if p.startswith(account))
        self.assertIn("no UMA value in force on 2024-01-31", problem)
        self.env["res.lang"]._activate_lang("es_MX")
        self.env["ir.module.module"].search([("name", "=", "water_billing")])._update_translations(["es_MX"])
        _drafts, problems, _taxes = run.with_context(lang="es_MX")._price_batch(contracts)
        problem = next(p for p in problems if p.startswith(account))
        self.assertIn("no hay valor de la UMA vigente al 2024-01-31", problem)
        with self.assertRaises(UserError):
            self.uma_tariff._engine_on(date(2024, 1, 31))

    def test_prorated_by_days_of_service(self):
        """The company charges by days: cuota fija of 185.40 for an account activated on 16 June (15 of 30
        days) is 92.70; an account cut on 11 June is billed 10 days of its base fee; consumption as measured."""
        self.env.company.water_prorate_days = True
        self.tariff.base_fee = 60.0
        self.unmetered.write({"date_activated": date(2025, 6, 16)})
        lot = self.run_period(6, {c: str(1015 + i) for i, c in enumerate(self.contracts)})
        cut = self.contracts[4]
        cut.change_state("cut", "Adeudo", date(2025, 6, 11))
        run = self.make_run(lot.period_id)
        run.action_run()
        bills = {m.water_contract_id: m for m in self.env["account.move"].search([("water_bill_run_id", "=", run.id)])}
        self.assertIn(cut, bills, "an account cut during the period pays its days")
        quota = bills[self.unmetered].invoice_line_ids.filtered(lambda l: l.product_id.water_concept == "fixed_quota")
        self.assertEqual((quota.quantity, quota.price_unit), (1, 92.70))
        self.assertRegex(quota.name, r"15 (of|de) 30 (days|días)", "the bill says the days")
        base = bills[cut].invoice_line_ids.filtered(lambda l: l.product_id.water_concept == "base")
        self.assertEqual(base.price_unit, 20.00, "60.00 x 10 / 30")
        consumption = bills[cut].invoice_line_ids.filtered(lambda l: l.product_id.water_concept == "consumption")
        self.assertEqual(sum(consumption.mapped("quantity")), 15, "1019 - 1004: as measured")
        full = bills[self.contracts[0]].invoice_line_ids.filtered(lambda l: l.product_id.water_concept == "base")
        self.assertEqual(full.price_unit, 60.00, "in service the whole period")
        self.assertNotRegex(full.name, "days|días")

    def test_final_bill_counts_the_days_to_the_rescission(self):
        """Rescinded on 11 June: the final bill's cuota fija is 185.40 x 10 / 30 = 61.80."""
        self.env.company.water_prorate_days = True
        self.make_period(2025, 6)
        bill = self.env["water.bill.run"]._water_final_bill(self.unmetered, date(2025, 6, 11))
        quota = bill.invoice_line_ids.filtered(lambda l: l.product_id.water_concept == "fixed_quota")
        self.assertEqual((quota.quantity, quota.price_unit), (1, 61.80))
        self.assertEqual(bill.state, "posted")

    def test_without_the_setting_nothing_is_prorated(self):
        self.unmetered.write({"date_activated": date(2025, 6, 16)})
        lot = self.run_period(6, {c: str(1015 + i) for i, c in enumerate(self.contracts)})
        self.contracts[4].change_state("cut", "Adeudo", date(2025, 6, 11))
        run = self.make_run(lot.period_id)
        self.assertNotIn(self.contracts[4].id, run._pending_contract_ids())
        drafts, _problems, _taxes = run._price_batch(self.unmetered)
        self.assertEqual(drafts[0]["lines"][0].amount, D("185.40"))

    def test_tariff_form_in_uma(self):
        form = Form(self.env["water.tariff"].with_user(self.manager))
        form.name = "Ley 2030 UMA"
        form.service_class_id = self.uma_class
        form.date_from = date(2030, 1, 1)
        form.amount_unit = "uma"
        form.range_limits = "whole"
        form.method = "excess"
        form.base_fee_uma = 0.3333
        with form.block_ids.new() as block:
            block.upper = 0
            block.price_uma = 0.1479
        tariff = form.save()
        self.assertEqual(tariff.block_ids.price_uma, 0.1479, "four decimals kept")
        self.assertEqual(tariff._engine_on(date(2030, 6, 30), uma=113.14).base_fee, D("37.71"))  # 37.709562
        with self.assertRaises(ValidationError):
            tariff.amount_unit = "pesos"  # its block amounts are in UMA: priced as nothing in pesos
        with self.assertRaises(ValidationError):
            self.make_tariff(
                self.uma_class, EXCESS_WHOLE, amount_unit="uma", date_from=date(2027, 1, 1), date_to=date(2027, 12, 31)
            )
