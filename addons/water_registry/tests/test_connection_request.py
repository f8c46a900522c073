from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestConnectionRequest(WaterRegistryCase):
    def make_request(self, **vals):
        values = {
            "partner_id": self.holder2.id,
            "street": "Calle Nueva",
            "street_number": "45",
            "colonia": "Ampliación Norte",
            "cadastral_key": "NEW-001",
            "sector_id": self.sector.id,
            "route_id": self.route.id,
            "service_class_id": self.domestic.id,
        }
        values.update(vals)
        return self.env["water.connection.request"].with_user(self.clerk).create(values)

    def inspect(self, request, feasible=True):
        inspector = self.env["hr.employee"].create({"name": "Fontanero Inspector", "water_role": "plumber"})
        request.action_send_to_inspection()
        with self.assertRaises(UserError):
            request.action_record_inspection()  # who and when missing
        request.write({"inspector_id": inspector.id, "inspection_date": date.today(), "is_feasible": feasible})
        request.action_record_inspection()

    def test_request_to_contract(self):
        request = self.make_request()
        self.assertTrue(request.name.startswith("FACT/"))
        self.inspect(request)
        self.assertEqual(request.state, "inspected")
        with self.assertRaises(UserError):
            request.with_user(self.clerk).action_approve()
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_by_id, self.manager)
        contract = request.contract_id
        self.assertEqual(contract.partner_id, self.holder2)
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.service_point_id, request.service_point_id)
        self.assertEqual(request.service_point_id.cadastral_key, "NEW-001")
        self.assertEqual(request.service_point_id.route_id, self.route)
        self.assertIn(request.name, contract.message_ids[0].body)

    def test_not_feasible_cannot_be_approved_and_rejection_needs_reason(self):
        request = self.make_request()
        self.inspect(request, feasible=False)
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_approve()
        with self.assertRaises(UserError):
            request.action_reject()
        request.reject_reason = "Sin red de distribución en la calle"
        request.action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertFalse(request.contract_id)

    def test_feasibility_study_creates_nothing(self):
        request = self.make_request(request_kind="feasibility", cadastral_key=False)
        self.inspect(request)
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertFalse(request.contract_id)

    def test_steps_in_order(self):
        request = self.make_request()
        with self.assertRaises(UserError):
            request.action_record_inspection()
        with self.assertRaises(UserError):
            request.with_user(self.manager).action_approve()
