from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestSecurity(WaterRegistryCase):
    def test_viewer_reads_only(self):
        contract = self.make_contract()
        as_viewer = contract.with_user(self.viewer)
        self.assertEqual(as_viewer.number, contract.number)
        self.assertTrue(as_viewer.route_id.display_name)
        with self.assertRaises(AccessError):
            as_viewer.write({"note": "cambio"})
        with self.assertRaises(AccessError):
            self.env["water.contract"].with_user(self.viewer).create(
                {
                    "partner_id": self.holder.id,
                    "service_point_id": self.make_point().id,
                    "service_class_id": self.domestic.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["water.service.point"].with_user(self.viewer).create({"street": "X", "sector_id": self.sector.id})

    def test_clerk_keeps_registry_but_not_configuration(self):
        Contract = self.env["water.contract"].with_user(self.clerk)
        point = (
            self.env["water.service.point"]
            .with_user(self.clerk)
            .create({"street": "Calle Capturista", "sector_id": self.sector.id, "route_id": self.route.id})
        )
        contract = Contract.create(
            {"partner_id": self.holder.id, "service_point_id": point.id, "service_class_id": self.domestic.id}
        )
        contract.write({"service_class_id": self.commercial.id})
        with self.assertRaises(AccessError):
            contract.unlink()
        with self.assertRaises(AccessError):
            self.env["water.sector"].with_user(self.clerk).create({"code": "X", "name": "X"})
        with self.assertRaises(AccessError):
            self.route.with_user(self.clerk).write({"name": "Otra"})
        with self.assertRaises(AccessError):
            self.env.ref("water_registry.service_class_domestic").with_user(self.clerk).write({"name": "Otra"})

    def test_manager_configures_and_deletes_drafts(self):
        sector = self.env["water.sector"].with_user(self.manager).create({"code": "MG", "name": "Gerencia"})
        self.assertEqual(sector.code, "MG")
        contract = self.make_contract()
        contract.with_user(self.manager).unlink()
        self.assertFalse(contract.exists())

    def test_user_without_water_group_sees_nothing(self):
        employee = new_test_user(self.env, "t_plain", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["water.contract"].with_user(employee).search([])

    def test_multi_company_isolation(self):
        other = self.env["res.company"].create({"name": "Organismo Vecino"})
        foreign_sector = self.env["water.sector"].create({"code": "V1", "name": "Vecino", "company_id": other.id})
        foreign_point = self.env["water.service.point"].create(
            {"street": "Calle Vecina", "sector_id": foreign_sector.id, "company_id": other.id}
        )
        foreign = self.env["water.contract"].create(
            {
                "partner_id": self.holder.id,
                "service_point_id": foreign_point.id,
                "service_class_id": self.domestic.id,
                "company_id": other.id,
            }
        )
        own = self.make_contract()
        visible = self.env["water.contract"].with_user(self.manager).search([("id", "in", (foreign | own).ids)])
        self.assertEqual(visible, own)
        self.assertFalse(self.env["water.sector"].with_user(self.manager).search([("id", "=", foreign_sector.id)]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.manager).read(["number"])
