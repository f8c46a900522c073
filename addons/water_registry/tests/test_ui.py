from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestContractTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env, "tour_clerk", groups="base.group_user,water_registry.group_water_clerk", lang="en_US"
        )
        sector = cls.env["water.sector"].create({"code": "TR", "name": "Sector Tour"})
        route = cls.env["water.route"].create({"code": "R1", "name": "Ruta Tour", "sector_id": sector.id})
        cls.point = cls.env["water.service.point"].create(
            {"street": "Calle del Tour", "street_number": "7", "sector_id": sector.id, "route_id": route.id}
        )
        brand = cls.env["water.meter.brand"].create({"name": "Tour Brand"})
        meter = cls.env["water.meter"].create({"serial": "TOUR-0001", "brand_id": brand.id})
        cls.env["water.meter.change.wizard"].create(
            {"service_point_id": cls.point.id, "new_meter_id": meter.id}
        ).action_confirm()
        cls.holder = cls.env["res.partner"].create({"name": "Tour Titular Uno"})
        cls.service_class = cls.env["water.service.class"].create({"name": "Tour class", "code": "TOUR"})

    def test_clerk_creates_and_activates_contract(self):
        self.start_tour(
            "/odoo/action-water_registry.action_water_contract", "water_contract_create_tour", login="tour_clerk"
        )
        contract = self.env["water.contract"].search([("service_point_id", "=", self.point.id)])
        self.assertEqual(len(contract), 1)
        self.assertEqual(contract.partner_id, self.holder)
        self.assertEqual(contract.service_class_id, self.service_class)
        self.assertTrue(contract.large_consumer)
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.create_uid, self.clerk)
        self.assertEqual(contract.meter_id.serial, "TOUR-0001")
