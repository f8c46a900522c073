from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import WaterCollectionsCase

WORKS = "Ampliación de toma: 6 m de tubo de 1/2 in, 2 codos, ruptura de banqueta"


@tagged("post_install", "-at_install")
class TestChargeApproval(WaterCollectionsCase):
    """The operations area's works reported by the registry clerk, authorised or rejected by the collections
    officer before they are billed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry_clerk = new_test_user(
            cls.env, "t_charge_registry", groups="base.group_user,water_registry.group_water_clerk"
        )
        cls.billing_clerk = new_test_user(
            cls.env, "t_charge_billing", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        cls.staff = new_test_user(cls.env, "t_charge_staff", groups="base.group_user,water_registry.group_water_user")
        cls.works = cls.make_charge_type(kind="extraordinary", billing_mode="now", amount=0, vat_rate=16)
        cls.fee = cls.make_charge_type("bill_reprint", amount=27)
        cls.account = cls.contracts[0]

    def report(self, user=None, price=1250.0):
        """Works reported through the charge's form and sent to authorisation."""
        form = Form(self.env["water.charge"].with_user(user or self.registry_clerk))
        form.contract_id = self.account
        form.charge_type_id = self.works
        form.price_unit = price
        form.description = WORKS
        charge = form.save()
        self.assertEqual(charge.state, "draft")
        charge.action_confirm()
        return charge

    def approval_activities(self, charge):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "water.charge"),
                ("res_id", "=", charge.id),
                ("activity_type_id", "=", self.env.ref("water_collections.mail_activity_charge_approval").id),
            ]
        )

    def test_officer_authorises_and_a_cashier_cannot(self):
        charge = self.report()
        self.assertEqual((charge.state, charge.move_id.id), ("to_approve", False))
        self.assertEqual(charge.partner_id, self.account.partner_id)
        activities = self.approval_activities(charge)
        self.assertIn(self.officer, activities.user_id, "the officers are asked to authorise")
        self.assertNotIn(self.cashier, activities.user_id)
        with self.assertRaisesRegex(UserError, "may not authorise"):
            charge.with_user(self.cashier).action_approve()
        with self.assertRaises(AccessError):
            charge.with_user(self.cashier).write({"price_unit": 1.0})
        with self.assertRaisesRegex(UserError, "may not authorise"):
            charge.with_user(self.registry_clerk).action_approve()
        self.assertEqual(charge.state, "to_approve")
        charge.with_user(self.officer).action_approve()
        self.assertEqual((charge.state, charge.approved_by_id), ("invoiced", self.officer))
        move = charge.sudo().move_id
        self.assertEqual((move.state, move.amount_total, move.water_contract_id), ("posted", 1450.0, self.account))
        self.assertFalse(self.approval_activities(charge), "the to-dos end with the authorisation")
        self.assertIn(self.officer.name, charge.message_ids[0].body)
        rows = self.account._water_ledger()[self.account.id]
        self.assertIn(("charge", 1450.0), [(row["kind"], row["residual"]) for row in rows])
        with self.assertRaisesRegex(UserError, "waiting for authorisation"):
            charge.with_user(self.officer).action_approve()

    def test_next_bill_works_wait_for_the_bill_once_authorised(self):
        charge = self.report()
        charge.write({"billing_mode": "next_bill"})
        self.assertEqual(self.works.billing_mode, "now", "the charge's mode does not change the catalogue item")
        charge.with_user(self.officer).action_approve()
        self.assertEqual((charge.state, charge.move_id.id), ("approved", False))

    def test_rejection_needs_a_reason_and_is_in_the_chatter(self):
        charge = self.report(user=self.billing_clerk)
        action = charge.with_user(self.officer).action_reject()
        wizard = Form(self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"]))
        wizard.reason = "   "
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.save().action_confirm()
        self.assertEqual(charge.state, "to_approve")
        wizard = Form(self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"]))
        wizard.reason = "La obra la hizo el fraccionador: no se cobra al usuario"
        wizard.save().action_confirm()
        self.assertEqual(
            (charge.state, charge.cancel_reason, charge.move_id.id),
            ("cancelled", "La obra la hizo el fraccionador: no se cobra al usuario", False),
        )
        self.assertIn("fraccionador", charge.message_ids[0].body)
        self.assertFalse(self.approval_activities(charge))
        with self.assertRaisesRegex(UserError, "waiting for authorisation"):
            charge.with_user(self.officer).action_approve()

    def test_access_per_role(self):
        charge = self.report()
        # everyone of the utility reads the charges; the cashier and the read-only staff change nothing
        for user in (self.staff, self.cashier):
            self.assertEqual(self.env["water.charge"].with_user(user).search([("id", "=", charge.id)]), charge)
            with self.assertRaises(AccessError):
                self.env["water.charge"].with_user(user).create(
                    {"contract_id": self.account.id, "charge_type_id": self.works.id, "price_unit": 10.0}
                )
        # the registry clerk reports works only, and no longer touches them once authorised
        with self.assertRaises(AccessError):
            self.env["water.charge"].with_user(self.registry_clerk).create(
                {"contract_id": self.account.id, "charge_type_id": self.fee.id}
            )
        charge.with_user(self.officer).action_approve()
        with self.assertRaises(AccessError):
            charge.with_user(self.registry_clerk).write({"description": "otra cosa"})
        # the billing clerk adds fees; the officer may also write (his or her rule reaches every charge)
        fee = (
            self.env["water.charge"]
            .with_user(self.billing_clerk)
            .create({"contract_id": self.account.id, "charge_type_id": self.fee.id})
        )
        fee.with_user(self.officer).write({"description": "Reposición pedida en ventanilla"})
        self.assertEqual(fee.description, "Reposición pedida en ventanilla")
        # the officers' menu
        action = self.env.ref("water_collections.action_water_charge_to_approve")
        menu = self.env.ref("water_collections.menu_water_charge_to_approve")
        self.assertEqual(menu.action, action)
        self.assertIn(self.env.ref("water_collections.group_water_collections_officer"), menu.groups_id)
        self.assertFalse(menu.with_user(self.cashier)._filter_visible_menus())
        self.assertTrue(menu.with_user(self.officer)._filter_visible_menus())
