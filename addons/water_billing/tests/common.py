from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import new_test_user

from odoo.addons.water_registry.tests.common import WaterRegistryCase


class WaterBillingCase(WaterRegistryCase):
    """A small utility: one route with five metered accounts and a reader who has a login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # queue jobs run at once in tests, except where a test traps them
        cls.env = cls.env(context=dict(cls.env.context, queue_job__no_delay=True))
        cls.env.company.write({"water_high_consumption_factor": 3.0, "water_estimation_periods": 3})
        cls.reader_user = new_test_user(cls.env, "t_reader", groups="base.group_user,water_billing.group_water_reader")
        cls.other_reader_user = new_test_user(
            cls.env, "t_reader2", groups="base.group_user,water_billing.group_water_reader"
        )
        cls.supervisor = new_test_user(
            cls.env, "t_supervisor", groups="base.group_user,water_billing.group_water_reading_supervisor"
        )
        cls.reader = cls.env["hr.employee"].create(
            {"name": "Lecturista Uno", "water_role": "reader", "user_id": cls.reader_user.id}
        )
        cls.technician = cls.env["hr.employee"].create({"name": "Técnico Medidores", "water_role": "meter_technician"})
        cls.route.reader_id = cls.reader
        cls.contracts = cls.env["water.contract"]
        for index in range(5):
            point = cls.make_point(street=f"Calle Lectura {index}", route_sequence=5 - index)
            cls.install_meter(point, cls.make_meter(f"LEC-{index:03d}"), reading=1000 + index, date=date(2024, 1, 1))
            contract = cls.make_contract(point)
            contract.action_activate()
            cls.contracts |= contract
        cls.unmetered = cls.make_contract(unmetered_billing="fixed_quota")
        cls.unmetered.action_activate()
        cls.Period = cls.env["water.billing.period"]

    @classmethod
    def make_period(cls, year=2025, month=1):
        start = date(year, month, 1)
        period = cls.Period.create(
            {"date_start": start, "date_end": start + relativedelta(months=1, days=-1), "frequency": "monthly"}
        )
        period._generate_calendar()
        return period

    @classmethod
    def make_charge_type(cls, purpose=None, kind="fee", billing_mode="now", amount=100.0, unit="pesos", **values):
        """A catalogue item of its own for the test (the demo's item of the same purpose is archived), with one
        amount in force from 2020 (``amount_max`` in values gives a range)."""
        if purpose:
            cls.env["water.charge.type"].search([("purpose", "=", purpose)]).active = False
        rate = {"name": "Ley de Ingresos (prueba)", "date_from": date(2020, 1, 1), "unit": unit, "amount": amount}
        rate.update({key: values.pop(key) for key in ("amount_max", "date_to") if key in values})
        return cls.env["water.charge.type"].create(
            {
                "name": values.pop("name", f"Cargo de prueba {purpose or kind}"),
                "code": values.pop("code", f"T-{purpose or kind}"),
                "kind": kind,
                "purpose": purpose,
                "billing_mode": billing_mode,
                "rate_ids": [(0, 0, rate)],
                **values,
            }
        )

    def lot_for(self, period):
        lot = self.env["water.reading.lot"]._generate(period, self.route)
        lot.action_send_to_field()
        return lot

    def reading(self, lot, contract):
        return lot.reading_ids.filtered(lambda r: r.contract_id == contract)

    def capture(self, lot, values):
        """values: {contract: reading text or observation record}"""
        for contract, value in values.items():
            reading = self.reading(lot, contract)
            if isinstance(value, str):
                reading.reading_text = value
            else:
                reading.observation_id = value

    def run_period(self, month, values, year=2025):
        period = self.make_period(year, month)
        lot = self.lot_for(period)
        self.capture(lot, values)
        lot.action_validate()
        return lot


PUBLISHED = ((10, 0, 140.99), (20, 17.33, 163.82), (40, 26.70, 411.12), (60, 34.18, 981.74), (0, 83.60, 2205.67))


class WaterBillRunCase(WaterBillingCase):
    """The five accounts and the cuota fija account on the published block tariff (IVA 0%)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_class = cls.env["water.service.class"].create({"name": "Clase facturación", "code": "TFACT"})
        (cls.contracts | cls.unmetered).write({"service_class_id": cls.test_class.id})
        cls.contracts[1].write({"service_sanitation": False})
        cls.tariff = cls.env["water.tariff"].create(
            {
                "name": "Ley 2025 facturación",
                "service_class_id": cls.test_class.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "drainage_pct": 20,
                "sanitation_pct": 10,
                "fixed_quota": 185.40,
                "vat_water": 0,
                "block_ids": [
                    (0, 0, {"sequence": i, "upper": upper, "price": price, "fixed_charge": fixed})
                    for i, (upper, price, fixed) in enumerate(PUBLISHED)
                ],
            }
        )
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        )

    def make_run(self, period, **values):
        return self.env["water.bill.run"].create(
            {
                "period_id": period.id,
                "sector_ids": [(6, 0, self.sector.ids)],
                "invoice_date": period.date_end,
                "journal_id": self.journal.id,
                **values,
            }
        )
