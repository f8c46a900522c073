from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestMeter(WaterRegistryCase):
    def test_serial_normalised_validated_unique_per_brand(self):
        meter = self.make_meter(" abc 123 ")
        self.assertEqual(meter.serial, "ABC123")
        with self.assertRaises(ValidationError):
            self.make_meter("x!")
        other_brand = self.env["water.meter.brand"].create({"name": "Otra"})
        self.make_meter("ABC123", brand_id=other_brand.id)  # same serial, other brand: allowed
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.make_meter("abc123")

    def test_digits_range(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.make_meter("DIG-1", digits=2)
        self.assertEqual(self.make_meter("DIG-2", digits=4).rollover_value(), 10000)

    def test_install_change_history(self):
        point = self.make_point()
        first = self.make_meter("HIS-1")
        second = self.make_meter("HIS-2")
        self.install_meter(point, first, 12)
        self.assertEqual(point.meter_id, first)
        self.assertEqual(first.service_point_id, point)
        self.assertEqual(first.state, "working")
        wizard = self.env["water.meter.change.wizard"].create({"service_point_id": point.id, "new_meter_id": second.id})
        with self.assertRaises(UserError):
            wizard.action_confirm()  # reason for removing the old meter missing
        wizard.write({"removal_reason": "Medidor parado", "old_meter_final_reading": 250})
        wizard.action_confirm()
        self.assertEqual(point.meter_id, second)
        self.assertEqual(first.state, "removed")
        self.assertFalse(first.service_point_id)
        history = point.meter_install_ids.sorted("id")
        self.assertEqual(history.meter_id, first | second)
        self.assertEqual(history[0].removal_reading, 250)
        self.assertEqual(history[0].removal_reason, "Medidor parado")
        self.assertTrue(history[1].is_current)

    def test_meter_cannot_be_in_two_places(self):
        meter = self.make_meter("TWO-1")
        self.install_meter(self.make_point(), meter)
        with self.assertRaises(ValidationError):
            self.env["water.meter.install"].create({"meter_id": meter.id, "service_point_id": self.make_point().id})

    def test_remove_without_replacement(self):
        point = self.make_point()
        meter = self.make_meter("RM-1")
        self.install_meter(point, meter)
        self.env["water.meter.change.wizard"].create(
            {
                "service_point_id": point.id,
                "removal_reason": "Retiro por baja",
                "old_meter_final_reading": 90,
            }
        ).action_confirm()
        self.assertFalse(point.meter_id)
        self.assertEqual(meter.state, "removed")
