from odoo import http
from odoo.tests import HttpCase, new_test_user

from .common import WaterRegistryCase


def ensure_spanish(env):
    """es_MX active with this addon's translations (the demo loads them; a database without demo may not)."""
    env["res.lang"]._activate_lang("es_MX")
    field = env["ir.model.fields"]._get("water.contract", "service_water")
    if field.with_context(lang="es_MX").field_description != "Agua":
        env["ir.module.module"].search([("name", "=", "water_registry")])._update_translations(["es_MX"])


class WaterPortalCase(WaterRegistryCase, HttpCase):
    """Two portal citizens, each holding an active account, and an account of a third holder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c1 = new_test_user(cls.env, "c1", groups="base.group_portal", name="Citlali Uno", email="c1@example.mx")
        cls.c2 = new_test_user(cls.env, "c2", groups="base.group_portal", name="Carlos Dos", email="c2@example.mx")
        cls.account1 = cls.make_active_contract(partner_id=cls.c1.partner_id.id)
        cls.account2 = cls.make_active_contract(partner_id=cls.c2.partner_id.id)
        cls.account3 = cls.make_active_contract(partner_id=cls.holder.id)

    @classmethod
    def make_active_contract(cls, **vals):
        contract = cls.make_contract(unmetered_billing="fixed_quota", **vals)
        contract.action_activate()
        return contract

    def post_form(self, url, data, files=None):
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)), files=files)
