from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import WaterRegistryCase


@tagged("post_install", "-at_install")
class TestRequest(WaterRegistryCase):
    def test_deadline_assignee_and_flow(self):
        leak = self.env.ref("water_registry.request_type_leak")
        leak.user_id = self.clerk
        contract = self.make_contract()
        form = Form(self.env["water.request"].with_user(self.clerk))
        form.request_type_id = leak
        form.contract_id = contract
        form.description = "Fuga en la banqueta"
        request = form.save()
        self.assertEqual(request.partner_id, contract.partner_id, "the holder is proposed from the account")
        self.assertEqual(request.user_id, self.clerk)
        self.assertEqual(request.deadline, request.date.date() + timedelta(days=2))
        self.assertTrue(request.name.startswith("ATN/"))
        request.action_start()
        with self.assertRaises(UserError):
            request.action_answer()
        request.answer = "Se reparó la fuga el mismo día."
        request.action_answer()
        self.assertEqual(request.state, "answered")
        self.assertTrue(request.date_answered)
        request.action_close()
        self.assertEqual(contract.request_count, 1)

    def test_overdue_search(self):
        complaint = self.env.ref("water_registry.request_type_complaint")
        old = self.env["water.request"].create(
            {
                "request_type_id": complaint.id,
                "partner_id": self.holder.id,
                "description": "Cobro indebido",
                "date": fields.Datetime.now() - timedelta(days=30),
            }
        )
        recent = self.env["water.request"].create(
            {
                "request_type_id": complaint.id,
                "partner_id": self.holder.id,
                "description": "Otra",
            }
        )
        self.assertTrue(old.is_overdue)
        self.assertFalse(recent.is_overdue)
        ids = (old | recent).ids
        Request = self.env["water.request"]
        self.assertEqual(Request.search([("id", "in", ids), ("is_overdue", "=", True)]), old)
        self.assertEqual(Request.search([("id", "in", ids), ("is_overdue", "=", False)]), recent)
        old.answer = "Atendida"
        old.action_answer()
        self.assertFalse(old.is_overdue)
