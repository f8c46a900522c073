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


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen = new_test_user(cls.env, "tour_citizen", groups="base.group_portal", lang="en_US")
        sector = cls.env["water.sector"].create({"code": "TP", "name": "Sector Portal"})
        route = cls.env["water.route"].create({"code": "R1", "name": "Ruta Portal", "sector_id": sector.id})
        point = cls.env["water.service.point"].create(
            {"street": "Calle del Portal", "street_number": "3", "sector_id": sector.id, "route_id": route.id}
        )
        holder = cls.env["res.partner"].create({"name": "Titular del Tour"})
        cls.contract = cls.env["water.contract"].create(
            {
                "number": "TOUR-0042",
                "partner_id": holder.id,
                "service_point_id": point.id,
                "service_class_id": cls.env.ref("water_registry.service_class_domestic").id,
                "unmetered_billing": "fixed_quota",
            }
        )
        cls.contract.action_activate()
        cls.contract.portal_secret = "TQRS2345"

    def test_citizen_links_an_account_and_reports_a_leak(self):
        self.start_tour("/my", "water_portal_link_and_request_tour", login="tour_citizen")
        self.assertIn(self.citizen.partner_id, self.contract.portal_partner_ids)
        request = self.env["water.request"].search([("partner_id", "=", self.citizen.partner_id.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.contract_id, self.contract)
        self.assertEqual(request.request_type_id, self.env.ref("water_registry.request_type_leak"))
        self.assertEqual(request.channel, "portal")
        self.assertIn("Fuga frente a mi casa", request.description)
