from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import WaterBillingCase


@tagged("post_install", "-at_install")
class TestContractCharges(WaterBillingCase):
    """The account's charges: its smart button, and the clerk's fee and the manager's fine added from the account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env, "t_acc_charge_clerk", groups="base.group_user,water_billing.group_water_billing_clerk"
        )
        cls.manager = new_test_user(
            cls.env, "t_acc_charge_mgr", groups="base.group_user,water_registry.group_water_manager"
        )
        cls.staff = new_test_user(
            cls.env, "t_acc_charge_staff", groups="base.group_user,water_registry.group_water_user"
        )
        cls.account, cls.other = cls.contracts[0], cls.contracts[1]
        cls.reprint = cls.make_charge_type("bill_reprint", billing_mode="next_bill", amount=27)
        cls.fine = cls.make_charge_type("fine_waste", kind="fine", amount=500, amount_max=3000)

    def form_from(self, action, user):
        self.assertEqual((action["res_model"], action["view_mode"]), ("water.charge", "form"))
        return Form(self.env["water.charge"].with_user(user).with_context(**action["context"]))

    def test_smart_button_counts_and_lists_the_account_charges(self):
        Charge = self.env["water.charge"]
        Charge._water_charge("bill_reprint", contracts=self.account)
        Charge._water_charge("bill_reprint", contracts=self.account | self.other)
        self.assertEqual((self.account.charge_count, self.other.charge_count), (2, 1))
        self.assertEqual(self.contracts[2].charge_count, 0)
        action = self.account.with_user(self.staff).action_water_charges()
        self.assertEqual(action["res_model"], "water.charge")
        listed = Charge.with_user(self.staff).search(action["domain"])
        self.assertEqual(listed, Charge.search([("contract_id", "=", self.account.id)]))
        self.assertEqual(len(listed), 2)
        self.assertEqual(action["context"]["default_contract_id"], self.account.id)
        form = Form(Charge.with_user(self.clerk).with_context(**action["context"]))
        self.assertEqual(form.contract_id, self.account)

    def test_clerk_adds_a_fee_of_the_catalogue_from_the_account(self):
        form = self.form_from(self.account.with_user(self.clerk).action_water_add_fee(), self.clerk)
        self.assertEqual((form.contract_id, form.partner_id), (self.account, self.account.partner_id))
        form.charge_type_id = self.reprint
        self.assertEqual((form.price_unit, form.billing_mode), (27.0, "next_bill"))
        charge = form.save()
        charge.action_confirm()
        self.assertEqual((charge.state, charge.amount_total), ("approved", 27.0), "it waits for the next bill")
        self.assertEqual(self.account.charge_count, 1)

    def test_manager_fines_from_the_account_inside_the_range(self):
        action = self.account.with_user(self.manager).action_water_add_fine()
        self.assertEqual(action["context"]["water_charge_kind"], "fine")
        form = self.form_from(action, self.manager)
        form.charge_type_id = self.fine
        form.date = date(2025, 6, 1)
        self.assertEqual((form.amount_min, form.amount_max, form.price_unit), (500.0, 3000.0, 500.0))
        form.price_unit = 1800.0
        form.reason = "Fuga desatendida tres días después del aviso"
        fine = form.save()
        fine.action_confirm()
        self.assertEqual((fine.state, fine.move_id.amount_total), ("invoiced", 1800.0))
        self.assertIn("Fuga desatendida", fine.reason)
        with self.assertRaises(AccessError):
            self.env["water.charge"].with_user(self.staff).create(
                {"contract_id": self.account.id, "charge_type_id": self.fine.id}
            )
