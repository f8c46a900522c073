from contextlib import contextmanager
from decimal import Decimal as D

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import WaterBillRunCase


class DischargeCase(WaterBillRunCase):
    """An own-well account (drainage only) beside the five metered accounts, and a discharge norm:
    DBO5 and grasas y aceites priced per kg above the limit, SST by a table of the degree of excess per m³
    (the cases of tests/unit/test_discharge.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.well = cls.make_contract(
            own_well=True, unmetered_billing="fixed_quota", service_sanitation=False, service_class_id=cls.test_class.id
        )
        cls.well.action_activate()
        Parameter = cls.env["water.discharge.parameter"]
        cls.dbo5 = Parameter.create({"code": "T-DBO5", "name": "DBO5 prueba", "limit": 150, "price_kg": 2.35})
        cls.sst = Parameter.create(
            {
                "code": "T-SST",
                "name": "SST prueba",
                "limit": 150,
                "method": "table_m3",
                "range_ids": [
                    (0, 0, {"sequence": 1, "upper_pct": 10, "rate": 0.50}),
                    (0, 0, {"sequence": 2, "upper_pct": 50, "rate": 1.20}),
                    (0, 0, {"sequence": 3, "upper_pct": 100, "rate": 2.40}),
                    (0, 0, {"sequence": 4, "upper_pct": 0, "rate": 4.80}),
                ],
            }
        )
        cls.gya = Parameter.create(
            {"code": "T-GYA", "name": "Grasas prueba", "limit": 50, "price_kg": 5.50, "vat_rate": 16}
        )

    def declare(self, period, previous, current, contract=None):
        return self.env["water.discharge.declaration"].create(
            {
                "contract_id": (contract or self.well).id,
                "period_id": period.id,
                "source": "meter",
                "previous_reading": previous,
                "current_reading": current,
            }
        )

    def analyse(self, contract, period, results, volume=0.0, confirm=True):
        analysis = self.env["water.discharge.analysis"].create(
            {
                "contract_id": contract.id,
                "period_id": period.id,
                "volume": volume,
                "laboratory": "Laboratorio de prueba",
                "line_ids": [(0, 0, {"parameter_id": p.id, "concentration": value}) for p, value in results.items()],
            }
        )
        if confirm:
            analysis.action_confirm()
        return analysis

    @contextmanager
    def refused(self, exception, pattern):
        """The error and its message, with nothing kept of what was refused (a savepoint)."""
        with self.assertRaisesRegex(exception, pattern), self.env.cr.savepoint():
            yield

    def bill_of(self, run, contract):
        return self.env["account.move"].search(
            [("water_bill_run_id", "=", run.id), ("water_contract_id", "=", contract.id)]
        )


@tagged("post_install", "-at_install")
class TestDischarge(DischargeCase):
    def test_own_well_pays_drainage_on_its_well_volume(self):
        lot = self.run_period(3, {c: "1015" for c in self.contracts})
        declaration = self.declare(lot.period_id, 18250, 18265)
        self.assertEqual(declaration.volume, 15)
        run = self.make_run(lot.period_id)
        run.action_run()
        bill = self.bill_of(run, self.well)
        # 15 m³ priced as water: 163.82 + 5 x 17.33 = 250.47; drainage 20% = 50.09; no water, no sanitation
        self.assertEqual(bill.invoice_line_ids.product_id.mapped("water_concept"), ["drainage"])
        self.assertEqual(D(str(bill.amount_total)), D("50.09"))
        self.assertEqual(bill.water_volume, 15)
        # the recibo prints the well meter's readings
        self.assertEqual(bill._water_recibo_values()[bill.id]["well"], declaration)
        html = self.env["ir.actions.report"]._render_qweb_html("water_billing.action_report_recibo", bill.ids)[0]
        self.assertIn(b"18250", html)
        self.assertIn(b"18265", html)
        # a period without its well's volume: drainage on the cuota fija, 20% of 185.40
        april = self.run_period(4, {c: "1020" for c in self.contracts})
        run = self.make_run(april.period_id)
        run.action_run()
        self.assertEqual(D(str(self.bill_of(run, self.well).amount_total)), D("37.08"))
        self.assertEqual(self.bill_of(run, self.well).water_volume, 0)
        # an analysis above the limits of an account on cuota fija needs its discharged volume: the account
        # waits, the run says why, and bills it once the clerk gives the volume
        may = self.run_period(5, {c: "1025" for c in self.contracts})
        analysis = self.analyse(self.unmetered, may.period_id, {self.dbo5: 420})
        run = self.make_run(may.period_id)
        run.action_run()
        self.assertFalse(self.bill_of(run, self.unmetered))
        self.assertIn(self.unmetered.number, run.problem_log)
        self.assertIn("volume", run.problem_log)
        analysis.volume = 100
        run.action_run()
        lines = self.bill_of(run, self.unmetered).invoice_line_ids
        self.assertEqual(
            lines.filtered(lambda line: line.product_id.water_concept == "discharge").price_subtotal, 63.45
        )
        self.assertEqual(analysis.state, "billed")

    def test_pollution_charges_on_the_bill(self):
        lot = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        period = lot.period_id
        self.declare(period, 18250, 18660)
        analysis = self.analyse(self.well, period, {self.dbo5: 420, self.sst: 260, self.gya: 95})
        # a metered account's analysis with its own discharged volume; lead-free grease within the limit
        metered = self.analyse(self.contracts[2], period, {self.dbo5: 420, self.gya: 30}, volume=200)
        self.assertEqual(metered.amount_estimate, 126.90, "270 mg/l x 200 m³ / 1000 = 54 kg x 2.35")
        draft = self.analyse(self.contracts[3], period, {self.dbo5: 900}, confirm=False)
        run = self.make_run(period)
        run.action_run()
        bill = self.bill_of(run, self.well)
        lines = bill.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "discharge")
        # 410 m³: DBO5 110.7 kg x 2.35 = 260.15; SST 73.33 % over: 410 m³ x 2.40 = 984.00;
        # grasas y aceites 18.45 kg x 5.50 = 101.48 (+ 16% IVA = 16.24)
        self.assertEqual(
            [(line.quantity, line.price_unit, line.price_subtotal) for line in lines],
            [(1, 260.15, 260.15), (1, 984.00, 984.00), (1, 101.48, 101.48)],
        )
        self.assertRegex(lines[0].name, r"T-DBO5 420 mg/l \(\w+\. 150\): 110\.70 kg × 2\.35")
        self.assertRegex(lines[1].name, r"T-SST 260 mg/l \(\w+\. 150\): 410\.00 m³ × 2\.40")
        self.assertIn(period.name, lines[0].name)
        # drainage on 410 m³ priced as water: 10 x 17.33 + 20 x 26.70 + 20 x 34.18 + 350 x 83.60 + 2,205.67
        # = 32,856.57; 20% = 6,571.31
        drainage = bill.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "drainage")
        self.assertEqual(drainage.price_subtotal, 6571.31)
        self.assertEqual(D(str(bill.amount_tax)), D("16.24"))
        self.assertEqual(D(str(bill.amount_total)), D("6571.31") + D("260.15") + D("984.00") + D("101.48") + D("16.24"))
        self.assertEqual((analysis.state, analysis.move_id), ("billed", bill))
        other = self.bill_of(run, self.contracts[2])
        self.assertEqual(
            other.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "discharge").mapped(
                "price_subtotal"
            ),
            [126.90],
        )
        self.assertEqual(metered.state, "billed")
        self.assertEqual(draft.state, "draft", "a draft analysis is not billed")
        self.assertFalse(
            self.bill_of(run, self.contracts[3]).invoice_line_ids.filtered(
                lambda line: line.product_id.water_concept == "discharge"
            )
        )
        # billed once: a second run of the period finds nothing to bill
        again = self.make_run(period)
        again.action_run()
        self.assertFalse(again.bill_count)
        with self.assertRaises(UserError):
            analysis.volume = 500

    def test_bad_input_is_refused_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_MX")
        self.env["ir.module.module"].search([("name", "=", "water_billing")])._update_translations(["es_MX"])
        clerk = new_test_user(
            self.env, "t_dis_clerk", groups="base.group_user,water_billing.group_water_billing_clerk", lang="es_MX"
        )
        lot = self.run_period(3, {c: "1015" for c in self.contracts})
        period = lot.period_id
        Analysis = self.env["water.discharge.analysis"].with_user(clerk).with_context(lang="es_MX")
        values = {"contract_id": self.contracts[0].id, "period_id": period.id}
        with self.refused(ValidationError, "no puede ser negativa"):
            Analysis.create({**values, "line_ids": [(0, 0, {"parameter_id": self.dbo5.id, "concentration": -3})]})
        with self.refused(ValidationError, "volumen descargado no puede ser negativo"):
            Analysis.create({**values, "volume": -1})
        empty = Analysis.create(values)
        with self.refused(UserError, "no tiene resultados"):
            empty.action_confirm()
        with self.refused(ValidationError, "ya tiene un análisis"):
            Analysis.create(values)
        # a good line with a bad one: the analysis keeps its good results, refuses the bad one
        empty.line_ids = [(0, 0, {"parameter_id": self.dbo5.id, "concentration": 400})]
        with self.refused(ValidationError, "no puede ser negativa"):
            empty.line_ids.concentration = -400
        self.assertEqual(empty.line_ids.concentration, 400)
        Declaration = self.env["water.discharge.declaration"].with_user(clerk).with_context(lang="es_MX")
        with self.refused(ValidationError, "no tiene pozo propio"):
            Declaration.create({**values, "source": "declared", "volume": 30})
        with self.refused(ValidationError, "menor que la anterior"):
            Declaration.create(
                {"contract_id": self.well.id, "period_id": period.id, "previous_reading": 500, "current_reading": 490}
            )
        self.make_run(period).action_run()
        with self.refused(ValidationError, "ya está facturada"):
            Analysis.create({"contract_id": self.contracts[1].id, "period_id": period.id})
        with self.refused(ValidationError, "ya está facturada"):
            Declaration.create({"contract_id": self.well.id, "period_id": period.id, "source": "declared", "volume": 9})
        norm = self.sst.with_context(lang="es_MX")
        with self.refused(ValidationError, "el último .*no tiene límite"):
            norm.range_ids[-1].upper_pct = 300
        with self.refused(ValidationError, "límite máximo"):
            norm.limit = 0

    def test_who_does_what(self):
        clerk = new_test_user(
            self.env, "t_dis_clerk2", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        manager = new_test_user(self.env, "t_dis_mgr", groups="base.group_user,water_registry.group_water_manager")
        reader = new_test_user(self.env, "t_dis_reader", groups="base.group_user,water_billing.group_water_reader")
        period = self.make_period(2025, 5)
        # the billing clerk captures analyses (with the form) and well volumes, and reads the norm
        with Form(self.env["water.discharge.analysis"].with_user(clerk)) as form:
            form.contract_id = self.contracts[0]
            form.period_id = period
            form.volume = 100
            with form.line_ids.new() as line:
                line.parameter_id = self.gya
                line.concentration = 150
                self.assertEqual(line.amount_estimate, 55.0, "100 mg/l x 100 m³ / 1000 = 10 kg x 5.50")
        analysis = form.record
        analysis.action_confirm()
        self.assertEqual(analysis.state, "confirmed")
        self.assertTrue(analysis.message_ids, "the analysis has its chatter")
        self.declare(period, 0, 80).with_user(clerk).current_reading = 90
        self.assertTrue(self.dbo5.with_user(clerk).limit)
        with self.assertRaises(AccessError):
            self.dbo5.with_user(clerk).price_kg = 1
        # the commercial manager edits the norm
        self.dbo5.with_user(manager).price_kg = 2.50
        self.assertEqual(self.dbo5.price_kg, 2.50)
        # a meter reader neither captures nor edits
        with self.assertRaises(AccessError):
            self.env["water.discharge.analysis"].with_user(reader).create(
                {"contract_id": self.contracts[1].id, "period_id": period.id}
            )
        with self.assertRaises(AccessError):
            analysis.with_user(reader).note = "x"

    def test_priced_in_one_query_set_per_batch(self):
        """The discharges add the same queries to a batch whether one account or four carry an analysis."""
        lot = self.run_period(3, {c: "1015" for c in self.contracts})
        period = lot.period_id
        self.declare(period, 0, 410)
        run = self.make_run(period)
        contracts = self.env["water.contract"].browse(run._pending_contract_ids())
        self.analyse(self.contracts[0], period, {self.dbo5: 420, self.sst: 200, self.gya: 95})

        def priced():
            self.env.invalidate_all()
            self.env.cr.execute("SELECT 1")  # nothing pending in the cursor
            before = self.env.cr.sql_log_count
            drafts, _problems, _taxes = run._price_batch(contracts)
            return self.env.cr.sql_log_count - before, drafts

        one, drafts = priced()
        self.assertEqual(sum(len([x for x in d["lines"] if x.concept == "discharge"]) for d in drafts), 3)
        for contract in (self.well, *self.contracts[1:4]):
            self.analyse(contract, period, {self.dbo5: 420, self.sst: 200, self.gya: 95})
        five, drafts = priced()
        self.assertEqual(sum(len([x for x in d["lines"] if x.concept == "discharge"]) for d in drafts), 15)
        self.assertEqual(five, one, "no query per account")

    def test_companies_apart(self):
        """A billing clerk of another utility sees neither the analyses, the well volumes nor the norm of this one."""
        other = self.env["res.company"].create({"name": "Organismo Vecino"})
        clerk = new_test_user(
            self.env,
            "t_dis_neighbour",
            groups="base.group_user,water_billing.group_water_billing_clerk",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        period = self.make_period(2025, 6)
        analysis = self.analyse(self.contracts[0], period, {self.dbo5: 420})
        declaration = self.declare(period, 0, 50)
        self.assertFalse(self.env["water.discharge.analysis"].with_user(clerk).search([("id", "=", analysis.id)]))
        self.assertFalse(self.env["water.discharge.declaration"].with_user(clerk).search([("id", "=", declaration.id)]))
        self.assertFalse(self.env["water.discharge.parameter"].with_user(clerk).search([("id", "=", self.dbo5.id)]))
        with self.assertRaises(AccessError):
            analysis.with_user(clerk).read(["volume"])
