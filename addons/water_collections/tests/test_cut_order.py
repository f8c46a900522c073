from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_cut import WaterCutCase


@tagged("post_install", "-at_install")
class TestCutOrder(WaterCutCase):
    def update_tables(self):
        """What a module update does to the table of the service classes."""
        self.env.flush_all()
        self.env.registry.init_models(self.env.cr, ["water.service.class"], {"module": "water_collections"}, False)
        self.env.invalidate_all()

    # ------------------------------------------------------------------ the domestic rule
    def test_domestic_class_may_not_be_cut_on_install_and_on_existing_databases(self):
        self.assertFalse(self.domestic.water_may_cut)
        self.assertTrue(self.commercial.water_may_cut)
        self.assertTrue(self.env.ref("water_registry.service_class_industrial").water_may_cut)
        # an existing database getting the update: the column is created again, the domestic class is set
        self.commercial.water_may_cut = False  # the utility's own choice is replaced only on creation
        self.env.flush_all()
        self.env.cr.execute("ALTER TABLE water_service_class DROP COLUMN water_may_cut")
        self.update_tables()
        self.assertFalse(self.domestic.water_may_cut)
        self.assertTrue(self.commercial.water_may_cut, "the default for every class but domestic")
        # a second update keeps the utility's choice
        self.domestic.water_may_cut = True
        self.update_tables()
        self.assertTrue(self.domestic.water_may_cut)

    def test_a_domestic_order_is_only_restricted(self):
        self.account.sudo().write({"collection_cut_requested": True, "collection_cut_date": self.today})
        order = self.make_orders(self.account)
        self.assertEqual(order.debt_at_issue, 1600.0, "the overdue debt from the ledger")
        self.assertFalse(order.may_cut)
        self.assertEqual(order.allowed_kinds, "Restricted (reduced supply)")
        crew_order = self.as_crew(order)
        with self.assertRaisesRegex(UserError, "may not be cut"):
            crew_order.action_water_cut_box()
        with self.assertRaisesRegex(UserError, "may not be cut"):
            crew_order.action_water_cut_network()
        self.assertEqual(self.account.state, "active")
        crew_order.seal_number = "S-0001"
        crew_order.action_water_restrict()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.cut_kind, "restricted")
        self.assertTrue(order.time_done)
        self.assertEqual(order.done_user_id, self.crew_user)
        self.assertEqual(self.account.state, "suspended")
        self.assertEqual(self.account.date_suspended, self.today)
        self.assertIn(order._fields["cut_kind"].convert_to_export("restricted", order), self.account.state_reason)
        self.assertFalse(self.account.collection_cut_requested, "the suspension request is served")
        with self.assertRaisesRegex(UserError, "not open"):
            crew_order.action_water_restrict()

    def test_a_commercial_account_is_cut_at_the_box_or_the_network(self):
        orders = self.make_orders(self.shop | self.shop2)
        self.assertTrue(all(orders.mapped("may_cut")))
        box = orders.filtered(lambda o: o.contract_id == self.shop)
        network = orders - box
        self.as_crew(box).action_water_cut_box()
        self.as_crew(network).action_water_cut_network()
        self.assertEqual((self.shop | self.shop2).mapped("state"), ["cut", "cut"])
        self.assertEqual(self.shop.date_cut, self.today)
        self.assertEqual((box.cut_kind, network.cut_kind), ("box", "network"))

    def test_not_done_needs_its_reason(self):
        order = self.as_crew(self.make_orders(self.shop))
        with self.assertRaisesRegex(UserError, "Choose why"):
            order.action_water_not_done()
        order.not_done_reason = "opposition"
        order.action_water_not_done()
        self.assertEqual(order.state, "not_done")
        self.assertEqual(self.shop.state, "active", "nothing happens to the account")

    # ------------------------------------------------------------------ not executed after a payment or an agreement
    def test_an_order_paid_since_issued_is_refused_and_closed(self):
        order = self.as_crew(self.make_orders(self.shop))
        self.assertFalse(order.block_reason)
        self.pay_window(self.shop, 300.0)
        order.invalidate_recordset(["block_reason"])
        self.assertFalse(order.block_reason, "paid in part: still to execute")
        self.pay_window(self.shop, 500.0)
        order.invalidate_recordset(["block_reason"])
        self.assertEqual(order.block_reason, "paid")
        with self.assertRaisesRegex(UserError, "was paid"):
            order.action_water_cut_box()
        with self.assertRaisesRegex(UserError, "was paid"):
            order.action_water_restrict()
        self.assertEqual(self.shop.state, "active")
        order.action_water_close_settled()
        self.assertEqual((order.state, order.not_done_reason), ("not_done", "settled_paid"))

    def test_an_order_after_an_agreement_is_signed_is_refused(self):
        order = self.as_crew(self.make_orders(self.account))
        self.sign(down=305.0)
        order.invalidate_recordset(["block_reason"])
        self.assertEqual(order.block_reason, "agreement", "signed and waiting for its down payment")
        with self.assertRaisesRegex(UserError, "agreement was signed"):
            order.action_water_restrict()
        order.action_water_close_settled()
        self.assertEqual(order.not_done_reason, "settled_agreement")
        self.assertEqual(self.account.state, "active")

    def test_close_settled_refuses_an_order_still_owed(self):
        order = self.as_crew(self.make_orders(self.shop))
        with self.assertRaisesRegex(UserError, "execute it"):
            order.action_water_close_settled()

    # ------------------------------------------------------------------ from the lists, without duplicates
    def test_orders_from_the_suspensions_list_skip_accounts_with_an_open_order(self):
        requested = self.account | self.shop | self.shop2
        requested.sudo().write({"collection_cut_requested": True, "collection_cut_date": self.today})
        self.make_orders(self.shop)
        action = requested.with_user(self.officer).action_water_make_cut_orders()
        orders = self.Order.search(action["domain"])
        self.assertEqual(orders.contract_id, self.account | self.shop2)
        self.assertEqual(set(orders.mapped("origin")), {"collection"})
        self.assertEqual({o.contract_id: o.debt_at_issue for o in orders}, {self.account: 1600.0, self.shop2: 300.0})
        self.assertEqual(orders.sorted("id").contract_id, self.shop2 | self.account, "made in delivery order")
        self.assertIn("1 accounts were skipped", action["help"])
        again = requested.with_user(self.officer).action_water_make_cut_orders()
        self.assertFalse(self.Order.search(again["domain"]), "no second open order for an account")
        self.assertEqual(self.Order.search_count([("contract_id", "in", requested.ids), ("state", "=", "open")]), 3)
        with self.assertRaises(AccessError):
            requested.with_user(self.cashier).action_water_make_cut_orders()

    def test_orders_from_the_behind_on_agreements_list(self):
        agreement = self.sign(down=305.0)
        self.pay_window(self.account, 305.0)
        self.assertEqual(agreement.state, "active")
        action = agreement.with_user(self.officer).action_water_make_cut_orders()
        order = self.Order.search(action["domain"])
        self.assertEqual((order.contract_id, order.origin, order.agreement_id), (self.account, "agreement", agreement))
        order.invalidate_recordset(["block_reason"])
        self.assertFalse(order.block_reason, "the agreement it is issued for does not stop it")
        self.assertFalse(self.Order.search(agreement.with_user(self.officer).action_water_make_cut_orders()["domain"]))

    def test_an_order_by_hand_from_the_account(self):
        action = self.shop.with_user(self.officer).action_water_new_cut_order()
        with Form(self.env["water.cut.order"].with_user(self.officer).with_context(**action["context"])) as form:
            form.employee_id = self.cutter
        order = form.record
        self.assertEqual((order.contract_id, order.origin, order.order_type), (self.shop, "manual", "cut"))
        self.assertEqual(order.debt_at_issue, 800.0)
        self.assertTrue(order.name.startswith("COR/"))
        self.assertEqual(order.route_id, self.shop.route_id)

    # ------------------------------------------------------------------ access per role
    def test_the_field_crew_sees_and_records_only_its_own_orders(self):
        mine = self.make_orders(self.shop)
        other = self.make_orders(self.shop2, employee=self.cutter2)
        self.assertEqual(self.Order.with_user(self.crew_user).search([]), mine)
        with self.assertRaises(AccessError):
            self.as_crew(other).action_water_cut_box()
        with self.assertRaises(AccessError):
            self.Order.with_user(self.crew_user).create({"contract_id": self.shop2.id})
        with self.assertRaisesRegex(UserError, "only records"):
            self.as_crew(mine).write({"employee_id": self.cutter2.id})
        with self.assertRaisesRegex(UserError, "cancels"):
            self.as_crew(mine)._water_cancel("No")
        # nothing of money
        for model in ("account.move", "account.payment", "water.cash.receipt", "water.payment.agreement"):
            self.assertFalse(self.env[model].with_user(self.crew_user).has_access("read"), model)
        self.as_crew(mine).action_water_cut_box()
        self.assertEqual(self.shop.state, "cut")

    def test_the_officer_cancels_with_a_reason(self):
        order = self.make_orders(self.shop)
        wizard = (
            self.env["water.cut.order.cancel"]
            .with_user(self.officer)
            .create({"order_ids": [(6, 0, order.ids)], "reason": " "})
        )
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_confirm()
        wizard.reason = "Error de captura"
        wizard.action_confirm()
        self.assertEqual((order.state, order.cancel_reason), ("cancelled", "Error de captura"))
        self.assertIn("Error de captura", order.message_ids[0].body)
        self.assertFalse(self.env["water.cut.order.cancel"].with_user(self.crew_user).has_access("create"))


@tagged("post_install", "-at_install")
class TestCutReconnection(WaterCutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_restriction = cls.make_charge_type("reconnection_restriction", billing_mode="next_bill", amount=330.0)
        cls.fee_box = cls.make_charge_type("reconnection_box", amount=445.0)
        cls.fee_network = cls.make_charge_type("reconnection_network", amount=1740.0)
        cls.fine = cls.make_charge_type("fine_self_reconnection", kind="fine", amount=2500.0)

    def charges(self, order):
        return self.env["water.charge"].search([("res_model", "=", order._name), ("res_id", "=", order.id)])

    def test_paying_the_debt_issues_the_reconnection_with_its_fee(self):
        cut = self.make_orders(self.shop)
        self.as_crew(cut).action_water_cut_box()
        self.assertEqual(self.shop.state, "cut")
        self.pay_window(self.shop, 300.0)
        self.assertFalse(cut.reconnection_ids, "still owes 500")
        self.pay_window(self.shop, 500.0)
        reconnection = cut.reconnection_ids
        self.assertEqual(len(reconnection), 1)
        self.assertEqual(
            (reconnection.order_type, reconnection.state, reconnection.origin, reconnection.cut_kind),
            ("reconnection", "open", "payment", "box"),
        )
        self.assertEqual(reconnection.employee_id, self.cutter, "the crew that cut reconnects")
        charge = self.charges(reconnection)
        self.assertEqual(charge.charge_type_id, self.fee_box)
        self.assertEqual((charge.contract_id, charge.amount_total), (self.shop, 445.0))
        self.assertEqual(charge.state, "invoiced", "the box fee is paid at the window")
        self.assertEqual(charge.move_id.state, "posted")
        self.assertEqual(reconnection.charge_count, 1)
        # more money or a second check issues nothing more
        self.pay_window(self.shop, 445.0)
        self.Order._water_reconnect_check(self.shop)
        self.assertEqual(len(cut.reconnection_ids), 1)
        self.as_crew(reconnection).action_water_reconnect()
        self.assertEqual(reconnection.state, "done")
        self.assertEqual(self.shop.state, "active")
        self.assertEqual(self.shop.date_activated, self.today)

    def test_an_agreement_becoming_active_reconnects_a_restricted_account(self):
        cut = self.make_orders(self.account)
        self.as_crew(cut).action_water_restrict()
        self.assertEqual(self.account.state, "suspended")
        agreement = self.sign(down=305.0)
        self.assertFalse(cut.reconnection_ids, "waiting for its down payment")
        self.pay_window(self.account, 305.0)
        self.assertEqual(agreement.state, "active")
        reconnection = cut.reconnection_ids
        self.assertEqual((reconnection.origin, reconnection.cut_kind), ("agreement_signed", "restricted"))
        charge = self.charges(reconnection)
        self.assertEqual((charge.charge_type_id, charge.amount_total), (self.fee_restriction, 330.0))
        self.assertEqual(charge.state, "approved", "carried by the next bill")
        self.assertFalse(charge.move_id)

    def test_payments_on_accounts_in_service_issue_nothing(self):
        self.pay_window(self.shop, 800.0)
        self.assertFalse(self.Order.search([("contract_id", "=", self.shop.id)]))
        # an account cut by hand (no executed order) is not reconnected by the payment either
        self.shop2.change_state("cut", "Corte administrativo")
        self.pay_window(self.shop2, 300.0)
        self.assertFalse(self.Order.search([("contract_id", "=", self.shop2.id)]))

    def test_an_inspection_that_finds_a_self_reconnection_gives_the_fine_and_a_new_cut(self):
        cut = self.make_orders(self.shop | self.shop2)
        self.as_crew(cut).action_water_cut_network()
        inspections = self.Order._water_make(self.shop | self.shop2, "inspection", "manual")
        inspections.employee_id = self.cutter
        found = inspections.filtered(lambda o: o.contract_id == self.shop)
        fine_free = inspections - found
        self.as_crew(fine_free).action_water_inspect_in_order()
        self.assertFalse(self.charges(fine_free))
        self.as_crew(found).action_water_inspect_self_reconnected()
        self.assertEqual((found.state, found.inspection_result), ("done", "self_reconnected"))
        fine = self.charges(found)
        self.assertEqual((fine.charge_type_id, fine.contract_id, fine.amount_total), (self.fine, self.shop, 2500.0))
        self.assertEqual(fine.state, "invoiced")
        new_cut = found.reconnection_ids
        self.assertEqual(
            (new_cut.order_type, new_cut.state, new_cut.origin, new_cut.contract_id),
            ("cut", "open", "inspection", self.shop),
        )
        self.assertEqual(self.shop.state, "cut", "still cut: the new order cuts it again for good")
