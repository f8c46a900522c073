import importlib.util
import os

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestContract(WaterRegistryCase):
    def test_number_from_sequence_and_unique(self):
        contract = self.make_contract()
        self.assertTrue(contract.number[:1].isdigit(), "the account number comes from the sequence")
        self.assertEqual(contract.state, "draft")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.make_contract(number=contract.number)

    def test_number_in_its_normal_form_and_found_as_typed(self):
        contract = self.make_contract(number=" ab 1000 0001 ")
        self.assertEqual(contract.number, "AB10000001", "no blanks, upper case")
        contract.write({"number": "ab-7 7"})
        self.assertEqual(contract.number, "AB-77")
        Contract = self.env["water.contract"]
        for typed in ("AB-77", " ab-77 ", "Ab -7 7"):
            self.assertEqual(Contract.search([("number", "=", typed)]), contract, typed)
            self.assertEqual(Contract.search([("number", "in", [typed, "X"])]), contract, typed)
            self.assertIn(contract, Contract.search([("display_name", "ilike", typed)]), typed)
        self.assertIn(contract, Contract.search([("number", "ilike", "b-7 7")]))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.make_contract(number="ab-77 ")

    def test_migration_puts_stored_numbers_in_normal_form(self):
        kept, changed, taken = self.make_contract(), self.make_contract(), self.make_contract(number="MG001")
        self.env.flush_all()
        for contract, number in ((kept, "mg 001"), (changed, " mg-002\t")):
            self.env.cr.execute("UPDATE water_contract SET number = %s WHERE id = %s", [number, contract.id])
        path = os.path.join(get_module_path("water_registry"), "migrations", "18.0.1.3.0", "post-migration.py")
        spec = importlib.util.spec_from_file_location("water_registry_migration_18_0_1_3_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        with self.assertLogs(spec.name, level="WARNING"):
            migration.migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(changed.number, "MG-002")
        self.assertEqual(kept.number, "mg 001", "its normal form is another account's number: left to the manager")
        self.assertEqual(taken.number, "MG001")

    def test_one_live_contract_per_service_point(self):
        point = self.make_point()
        first = self.make_contract(point, unmetered_billing="fixed_quota")
        with self.assertRaises(ValidationError):
            self.make_contract(point)
        first.action_activate()
        first.change_state("cancelled", "Baja por demolición del predio")
        second = self.make_contract(point, partner_id=self.holder2.id)
        self.assertEqual(point.contract_id, second, "the cancelled contract frees the service point")

    def test_own_well_is_drainage_only(self):
        contract = self.make_contract(own_well=True, service_water=True)
        self.assertFalse(contract.service_water, "an own-well account never receives water")
        self.assertTrue(contract.service_drainage)
        with self.assertRaises(ValidationError):
            contract.write({"service_water": True})
        with self.assertRaises(ValidationError):
            contract.write({"service_drainage": False, "service_sanitation": False})

    def test_form_onchange_own_well(self):
        form = Form(self.env["water.contract"])
        form.partner_id = self.holder
        form.service_point_id = self.make_point()
        form.service_class_id = self.domestic
        form.own_well = True
        self.assertFalse(form.service_water)
        self.assertTrue(form.service_drainage)
        contract = form.save()
        self.assertTrue(contract.own_well)

    def test_state_workflow_with_dates_and_reasons(self):
        point = self.make_point()
        self.install_meter(point, self.make_meter("WF-0001"))
        contract = self.make_contract(point)
        self.assertTrue(contract.is_metered)
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertTrue(contract.date_activated)
        wizard_action = contract.action_suspend()
        wizard = (
            self.env["water.contract.state.wizard"]
            .with_context(**wizard_action["context"])
            .create({"reason": "Adeudo de tres periodos"})
        )
        wizard.action_confirm()
        self.assertEqual(contract.state, "suspended")
        self.assertEqual(contract.state_reason, "Adeudo de tres periodos")
        self.assertTrue(contract.date_suspended)
        self.assertIn("Adeudo de tres periodos", contract.message_ids[0].body)
        contract.change_state("cut", "Sin pago tras la restricción")
        self.assertTrue(contract.date_cut)
        contract.change_state("active", "Reconexión pagada")
        self.assertEqual(contract.state, "active")
        with self.assertRaises(UserError):
            contract.change_state("draft", "no")
        with self.assertRaises(UserError):
            contract.change_state("suspended", "  ")
        contract.change_state("cancelled", "Solicitud del titular")
        with self.assertRaises(UserError):
            contract.change_state("active", "reabrir")

    def test_state_not_writable_directly(self):
        contract = self.make_contract(unmetered_billing="fixed_quota")
        with self.assertRaises(UserError):
            contract.state = "active"

    def test_unmetered_needs_billing_mode(self):
        contract = self.make_contract()
        self.assertFalse(contract.is_metered)
        with self.assertRaises(UserError):
            contract.action_activate()
        contract.write({"unmetered_billing": "assumed_volume"})
        with self.assertRaises(UserError):
            contract.action_activate()
        contract.assumed_volume = 20
        contract.action_activate()
        self.assertEqual(contract.state, "active")

    def test_delete_only_draft(self):
        draft = self.make_contract()
        active = self.make_contract(unmetered_billing="fixed_quota")
        active.action_activate()
        with self.assertRaises(UserError):
            active.unlink()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_search_by_number_holder_meter_and_street(self):
        point = self.make_point(street="Callejón del Beso")
        self.install_meter(point, self.make_meter("ZZ-778899"))
        contract = self.make_contract(point, partner_id=self.holder2.id)
        Contract = self.env["water.contract"]
        for text in (contract.number, "Pedro Castro", "ZZ-778899", "Callejón del Beso"):
            self.assertIn(contract, Contract.search([("display_name", "ilike", text)]), text)
        self.assertEqual(Contract.name_search("ZZ-778899")[0][0], contract.id)

    def test_route_must_belong_to_sector(self):
        with self.assertRaises(UserError):
            self.make_point(sector_id=self.sector.id, route_id=self.route2.id)

    def test_codes_upper_case_and_display(self):
        self.assertEqual(self.sector.code, "T1")
        self.assertEqual(self.route.display_name, "T1/R1 Ruta uno")
        self.assertEqual(self.sector.route_count, 1)
