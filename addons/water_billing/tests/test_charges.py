from datetime import date
from decimal import Decimal as D

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import WaterBillRunCase


@tagged("post_install", "-at_install")
class TestCharges(WaterBillRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env, "t_charge_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        cls.manager = new_test_user(
            cls.env, "t_charge_mgr", groups="base.group_user,water_registry.group_water_manager"
        )
        cls.staff = new_test_user(cls.env, "t_charge_staff", groups="base.group_user,water_registry.group_water_user")
        cls.account = cls.contracts[0]

    def test_catalogue_by_law_year_and_uma(self):
        item = self.make_charge_type("no_debt_certificate", unit="uma", amount=1.5, date_to=date(2025, 12, 31))
        item.rate_ids = [(0, 0, {"name": "Ley 2026", "date_from": date(2026, 1, 1), "unit": "uma", "amount": 2})]
        self.env["water.uma.value"].search([]).unlink()
        self.env["water.uma.value"].create(
            [{"date_from": date(2025, 2, 1), "value": 113.14}, {"date_from": date(2026, 2, 1), "value": 117.31}]
        )
        prices = {}
        for day in (date(2025, 6, 1), date(2026, 1, 15), date(2026, 3, 1)):
            charge = self.env["water.charge"]._water_charge("no_debt_certificate", contracts=self.account, day=day)
            prices[day] = (charge.price_unit, charge.rate_id.name)
        self.assertEqual(prices[date(2025, 6, 1)], (169.71, "Ley de Ingresos (prueba)"), "1.5 UMA of 2025")
        self.assertEqual(prices[date(2026, 1, 15)], (226.28, "Ley 2026"), "the 2026 law, with the UMA still of 2025")
        self.assertEqual(prices[date(2026, 3, 1)], (234.62, "Ley 2026"), "2 UMA of 2026")
        with self.assertRaisesRegex(UserError, "no amount in force"):
            self.env["water.charge"]._water_charge("no_debt_certificate", contracts=self.account, day=date(2019, 1, 1))
        with self.assertRaises(ValidationError):
            item.rate_ids = [(0, 0, {"name": "Otra", "date_from": date(2026, 6, 1), "amount": 3})]

    def test_fee_invoiced_at_once_is_in_the_ledger(self):
        self.make_charge_type("holder_change", amount=190, vat_rate=16)
        charge = self.env["water.charge"]._water_charge("holder_change", contracts=self.account, day=date(2025, 3, 5))
        self.assertEqual(charge.state, "invoiced")
        self.assertEqual((charge.amount_untaxed, charge.amount_total), (190.0, 220.4))
        move = charge.move_id
        self.assertEqual((move.state, move.amount_total, move.water_contract_id), ("posted", 220.4, self.account))
        self.assertEqual(move.invoice_line_ids.product_id.water_sat_code, "83101501")
        rows = self.account._water_ledger()[self.account.id]
        self.assertEqual([(row["kind"], row["residual"]) for row in rows], [("charge", 220.4)])
        self.assertFalse(charge.is_paid)

    def test_fee_added_to_the_next_bill(self):
        self.make_charge_type("bill_reprint", billing_mode="next_bill", amount=27)
        meter = self.make_charge_type("meter_install", billing_mode="next_bill", amount=935, vat_rate=16)
        first = self.env["water.charge"]._water_charge("bill_reprint", contracts=self.account, day=date(2025, 2, 20))
        second = self.env["water.charge"]._water_charge("meter_install", contracts=self.account, day=date(2025, 3, 2))
        later = self.env["water.charge"]._water_charge("bill_reprint", contracts=self.account, day=date(2025, 4, 2))
        self.assertEqual((first | second).mapped("state"), ["approved", "approved"])
        lot = self.run_period(3, {c: str(1000 + i + 15) for i, c in enumerate(self.contracts)})
        run = self.make_run(lot.period_id)
        run.action_run()
        bill = self.env["account.move"].search(
            [("water_bill_run_id", "=", run.id), ("water_contract_id", "=", self.account.id)]
        )
        # 325.61 of water (see test_bill_run) + 27 + 935 + 16% of 935
        self.assertEqual(D(str(bill.amount_total)), D("325.61") + D(27) + D(935) + D("149.60"))
        self.assertEqual((first | second).mapped("state"), ["billed", "billed"])
        self.assertEqual((first | second).move_id, bill)
        self.assertIn(meter.product_id, bill.invoice_line_ids.product_id)
        self.assertEqual(later.state, "approved", "a charge dated after the period waits for the next bill")
        others = self.env["account.move"].search([("water_bill_run_id", "=", run.id), ("id", "!=", bill.id)])
        self.assertFalse(others.invoice_line_ids.filtered(lambda line: line.product_id.water_concept == "charge"))

    def test_next_bill_charge_of_a_cancelled_account_is_invoiced_at_once(self):
        works = self.make_charge_type(kind="extraordinary", billing_mode="next_bill", amount=0)
        account = self.contracts[4]
        charge = self.env["water.charge"].create(
            {"contract_id": account.id, "charge_type_id": works.id, "price_unit": 800.0, "description": "Zanja"}
        )
        charge.action_confirm()
        account.change_state("cancelled", "Rescindida")
        charge.with_user(self.manager).action_approve()
        self.assertEqual((charge.state, charge.move_id.amount_total), ("invoiced", 800.0), "no bill will carry it")

    def test_fine_within_the_range_set_by_the_manager_with_a_reason(self):
        self.make_charge_type("fine_waste", kind="fine", unit="uma", amount=5, amount_max=30)
        self.env["water.uma.value"].create({"date_from": date(2021, 2, 1), "value": 100.0})
        charge = self.env["water.charge"]._water_charge("fine_waste", contracts=self.account, day=date(2021, 6, 1))
        self.assertEqual((charge.price_unit, charge.amount_min, charge.amount_max), (500.0, 500.0, 3000.0))
        form = Form(self.env["water.charge"].with_user(self.manager))
        form.contract_id = self.account
        form.charge_type_id = charge.charge_type_id
        form.date = date(2021, 6, 1)
        self.assertEqual(form.price_unit, 500.0)
        form.price_unit = 3500.0
        form.reason = "Reincidencia"
        fine = form.save()
        with self.assertRaisesRegex(UserError, "between 500.00 and 3,000.00"):
            fine.action_confirm()
        fine.price_unit = 2000.0
        fine.reason = False
        with self.assertRaisesRegex(UserError, "reason"):
            fine.action_confirm()
        fine.reason = "Reincidencia: tercera vez en el año"
        fine.action_confirm()
        self.assertEqual((fine.state, fine.move_id.amount_total), ("invoiced", 2000.0))
        clerk_fine = (
            self.env["water.charge"]
            .with_user(self.clerk)
            .create(
                {"contract_id": self.account.id, "charge_type_id": fine.charge_type_id.id, "date": date(2021, 6, 1)}
            )
        )
        clerk_fine._water_price()
        clerk_fine.write({"price_unit": 1000.0, "reason": "Lo digo yo"})
        with self.assertRaisesRegex(UserError, "commercial manager"):
            clerk_fine.action_confirm()

    def test_extraordinary_charge_authorised_before_it_is_billed(self):
        works = self.make_charge_type(kind="extraordinary", billing_mode="now", amount=0, vat_rate=16)
        charge = (
            self.env["water.charge"]
            .with_user(self.clerk)
            .create(
                {
                    "contract_id": self.account.id,
                    "charge_type_id": works.id,
                    "price_unit": 1250.0,
                    "description": "Ampliación de toma: 6 m de tubo de 1/2 in, 2 codos",
                }
            )
        )
        charge.action_confirm()
        self.assertEqual((charge.state, charge.price_unit, charge.move_id.id), ("to_approve", 1250.0, False))
        with self.assertRaisesRegex(UserError, "may not authorise"):
            charge.with_user(self.clerk).action_approve()
        charge.with_user(self.manager).action_approve()
        self.assertEqual(
            (charge.state, charge.approved_by_id, charge.move_id.amount_total), ("invoiced", self.manager, 1450.0)
        )

    def test_cancel_needs_a_reason_and_never_an_invoiced_charge(self):
        self.make_charge_type("bill_reprint", billing_mode="next_bill", amount=27)
        self.make_charge_type("holder_change", amount=190)
        pending = self.env["water.charge"]._water_charge("bill_reprint", contracts=self.account)
        invoiced = self.env["water.charge"]._water_charge("holder_change", contracts=self.account)
        with self.assertRaisesRegex(UserError, "reason"):
            pending._water_cancel(" ")
        action = pending.with_user(self.clerk).action_cancel()
        wizard = Form(self.env[action["res_model"]].with_user(self.clerk).with_context(**action["context"]))
        wizard.reason = "Se cobró por error"
        wizard.save().action_confirm()
        self.assertEqual((pending.state, pending.cancel_reason), ("cancelled", "Se cobró por error"))
        self.assertIn("Se cobró por error", pending.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "bill adjustment"):
            invoiced._water_cancel("no")
        self.assertEqual(invoiced.move_id.state, "posted")

    def test_catalogue_errors_and_access(self):
        self.env["water.charge.type"].search([("purpose", "=", "feasibility")]).active = False
        with self.assertRaisesRegex(UserError, "no item for"):
            self.env["water.charge"]._water_charge("feasibility", contracts=self.account)
        item = self.make_charge_type("feasibility")
        with self.assertRaises(ValidationError):
            self.make_charge_type(code="OTRO", name="Otro").purpose = "feasibility"
        self.assertTrue(item.with_user(self.staff).name)
        with self.assertRaises(AccessError):
            item.with_user(self.clerk).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["water.charge"].with_user(self.staff).create(
                {"contract_id": self.account.id, "charge_type_id": item.id}
            )
