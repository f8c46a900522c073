from odoo.tests import tagged

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestTracking(WaterRegistryCase):
    """Every change of holder, address, sector, route, meter, class or state leaves a trace with who and when."""

    def test_contract_changes_tracked_with_author(self):
        contract = self.make_contract(unmetered_billing="fixed_quota")
        self.end_transaction()
        contract.action_activate()
        self.end_transaction()
        contract.with_user(self.clerk).write({"partner_id": self.holder2.id, "service_class_id": self.commercial.id})
        contract.flush_recordset()
        tracked = self.tracked_fields(contract)
        self.assertTrue({"partner_id", "service_class_id", "state"} <= tracked, tracked)
        holder_message = contract.message_ids.filtered(
            lambda m: "partner_id" in m.tracking_value_ids.field_id.mapped("name")
        )
        self.assertEqual(holder_message.author_id, self.clerk.partner_id)
        self.assertTrue(holder_message.date)
        values = holder_message.tracking_value_ids.filtered(lambda v: v.field_id.name == "partner_id")
        self.assertEqual(values.old_value_char, self.holder.name)
        self.assertEqual(values.new_value_char, self.holder2.name)

    def test_service_point_address_sector_route_meter_tracked(self):
        point = self.make_point()
        meter = self.make_meter("TRK-001")
        self.end_transaction()
        point.with_user(self.clerk).write(
            {
                "street": "Av. Juárez",
                "colonia": "Centro",
                "sector_id": self.sector2.id,
                "route_id": self.route2.id,
                "route_sequence": 7,
            }
        )
        self.install_meter(point, meter)
        tracked = self.tracked_fields(point)
        self.assertTrue(
            {"street", "colonia", "sector_id", "route_id", "route_sequence", "meter_id"} <= tracked, tracked
        )

    def test_meter_change_noted_on_contract(self):
        point = self.make_point()
        old = self.make_meter("TRK-OLD")
        self.install_meter(point, old, 100)
        contract = self.make_contract(point)
        new = self.make_meter("TRK-NEW")
        self.env["water.meter.change.wizard"].create(
            {
                "service_point_id": point.id,
                "old_meter_final_reading": 345,
                "removal_reason": "Medidor dañado",
                "new_meter_id": new.id,
            }
        ).action_confirm()
        self.assertEqual(contract.meter_id, new)
        body = contract.message_ids[0].body
        self.assertIn("TRK-OLD", body)
        self.assertIn("TRK-NEW", body)
        self.assertIn("345", body)

    def test_route_reader_change_tracked(self):
        reader = self.env["hr.employee"].create({"name": "Lecturista Prueba", "water_role": "reader"})
        self.route.reader_id = reader
        self.route.flush_recordset()
        self.assertIn("reader_id", self.tracked_fields(self.route))
