from odoo.tests import tagged

from .common import WaterBillingCase


@tagged("post_install", "-at_install")
class TestValidation(WaterBillingCase):
    def test_history_drives_average_previous_and_correction(self):
        a, b = self.contracts[0], self.contracts[1]
        # three real periods: a consumes 10, 20, 30 (meter 1000 -> 1010 -> 1030 -> 1060)
        self.run_period(1, {a: "1010", b: "1011"})
        self.run_period(2, {a: "1030", b: "1021"})
        lot3 = self.run_period(3, {a: "1060", b: "1031"})
        self.assertEqual(self.reading(lot3, a).consumption, 30)
        # period 4: the meter is damaged -> estimated by the average of the last 3 (10, 20, 30)
        damaged = self.env.ref("water_billing.observation_02")
        lot4 = self.run_period(4, {a: damaged, b: "1041"})
        estimated = self.reading(lot4, a)
        self.assertEqual(estimated.previous_reading, 1060)
        self.assertEqual(estimated.average_consumption, 20)
        self.assertEqual((estimated.state, estimated.basis, estimated.consumption), ("valid", "estimated", 20))
        self.assertTrue(estimated.is_estimated)
        self.assertEqual(estimated.work_order_ids.order_type, "meter_repair", "a damaged meter sends the technician")
        self.assertEqual(estimated.work_order_ids.employee_id.water_role, "meter_technician")
        # period 5: a real reading again, 1100 -> 40 measured since 1060, minus the 20 already billed
        lot5 = self.run_period(5, {a: "1100", b: "1051"})
        real = self.reading(lot5, a)
        self.assertEqual(real.previous_reading, 1060, "the previous real reading, not the estimate")
        self.assertEqual(real.estimated_since, 20)
        self.assertEqual(
            (real.basis, real.measured_consumption, real.correction, real.consumption), ("measured", 40, 20, 20)
        )
        self.assertFalse(real.is_estimated)

    def test_high_consumption_against_history_goes_to_review(self):
        a = self.contracts[0]
        self.run_period(1, {a: "1010"})
        lot = self.run_period(2, {a: "1080"})  # 70 m3 against an average of 10: above 3 x 10
        reading = self.reading(lot, a)
        self.assertEqual((reading.state, reading.anomaly), ("to_review", "high_consumption"))
        self.assertIn(reading, self.env["water.reading"].search([("anomaly", "=", "high_consumption")]))
        self.env.company.water_high_consumption_factor = 10
        reading.with_user(self.supervisor).action_revalidate()
        self.assertEqual(reading.state, "valid", "k is a setting")

    def test_each_anomaly_flagged(self):
        c = self.contracts
        lot = self.run_period(1, {c[0]: "999", c[1]: "-3", c[2]: "N/A", c[3]: "1003"})
        anomalies = {r.contract_id: (r.state, r.anomaly) for r in lot.reading_ids}
        self.assertEqual(anomalies[c[0]], ("to_review", "lower_than_previous"))
        self.assertEqual(anomalies[c[1]], ("to_review", "negative"))
        self.assertEqual(anomalies[c[2]], ("to_review", "not_a_number"))
        self.assertEqual(anomalies[c[3]], ("to_review", "zero_occupied"))
        self.assertEqual(anomalies[c[4]], ("to_review", "not_captured"))
        self.assertEqual(lot.state, "captured")

    def test_empty_house_zero_and_minimum_codes(self):
        c = self.contracts
        empty = self.env.ref("water_billing.observation_01")
        vacant = self.env.ref("water_billing.observation_07")
        lot = self.run_period(1, {c[0]: "1000", c[1]: vacant, c[2]: "1012", c[3]: "1013", c[4]: "1014"})
        zero = self.reading(lot, c[0])
        zero.with_user(self.supervisor).write({"observation_id": empty.id})
        zero.with_user(self.supervisor).action_revalidate()
        self.assertEqual((zero.state, zero.basis, zero.consumption), ("valid", "measured", 0))
        minimum = self.reading(lot, c[1])
        self.assertEqual((minimum.state, minimum.basis, minimum.consumption), ("valid", "minimum", 10))

    def test_rollover(self):
        point = self.make_point(street="Calle Vuelta")
        self.install_meter(point, self.make_meter("ROLL-1", digits=4), reading=9990)
        contract = self.make_contract(point)
        contract.action_activate()
        lot = self.run_period(1, {contract: "0007", **{c: "1010" for c in self.contracts}})
        reading = self.reading(lot, contract)
        self.assertEqual((reading.state, reading.consumption, reading.rolled_over), ("valid", 17, True))

    def test_meter_change_in_the_middle_of_the_period(self):
        a = self.contracts[0]
        self.run_period(1, {c: "1010" for c in self.contracts})
        period = self.make_period(2025, 2)
        lot = self.lot_for(period)
        # the meter is replaced during the period: old one removed at 1025, new one starts at 2
        self.env["water.meter.change.wizard"].create(
            {
                "service_point_id": a.service_point_id.id,
                "old_meter_final_reading": 1025,
                "removal_reason": "Medidor dañado",
                "new_meter_id": self.make_meter("NEW-777").id,
                "new_meter_initial_reading": 2,
                "date": period.date_start.replace(day=15),
            }
        ).action_confirm()
        self.capture(lot, {a: "9", **{c: "1020" for c in self.contracts[1:]}})
        lot.action_validate()
        reading = self.reading(lot, a)
        self.assertTrue(reading.meter_changed)
        self.assertEqual((reading.old_meter_final, reading.new_meter_initial), (1025, 2))
        self.assertEqual(reading.consumption, 15 + 7, "old meter 1010 -> 1025 plus new meter 2 -> 9")
        self.assertEqual(reading.meter_id.serial, "NEW-777")
        self.assertEqual(reading.state, "valid")

    def test_validation_is_batched(self):
        lot = self.lot_for(self.make_period(2025, 6))
        self.capture(lot, {c: "1020" for c in self.contracts})
        readings = lot.reading_ids
        readings.flush_recordset()
        with self.assertQueryCount(__system__=12):
            readings._validate()
        self.assertEqual(set(readings.mapped("state")), {"valid"})
