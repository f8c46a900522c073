from odoo.tests import new_test_user

from .test_agreement import WaterAgreementCase


class WaterCutCase(WaterAgreementCase):
    """The agreement case's debtor (domestic, 1,600 overdue), two commercial debtors, a cortador with his login and
    another crew member."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crew_user = new_test_user(
            cls.env, "t_cortador", groups="base.group_user,water_collections.group_water_field_crew"
        )
        cls.crew_user2 = new_test_user(
            cls.env, "t_cortador2", groups="base.group_user,water_collections.group_water_field_crew"
        )
        (cls.crew_user | cls.crew_user2).write({"lang": "en_US"})
        Employee = cls.env["hr.employee"]
        cls.cutter = Employee.create({"name": "Cortador Uno", "water_role": "cutter", "user_id": cls.crew_user.id})
        cls.cutter2 = Employee.create({"name": "Plomero Dos", "water_role": "plumber", "user_id": cls.crew_user2.id})
        cls.shop, cls.shop2 = cls.contracts[1], cls.contracts[2]
        (cls.shop | cls.shop2).write({"service_class_id": cls.commercial.id})
        cls.shop_bill = cls.make_bill(cls.shop, 2025, 1, 800.0)
        cls.make_bill(cls.shop2, 2025, 1, 300.0)
        cls.Order = cls.env["water.cut.order"]

    def make_orders(self, contracts, employee=None, origin="collection"):
        orders = self.Order._water_make(contracts, "cut", origin)
        orders.write({"employee_id": (employee or self.cutter).id})
        return orders

    def as_crew(self, orders, user=None):
        return orders.with_user(user or self.crew_user)
