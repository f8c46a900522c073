from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
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
