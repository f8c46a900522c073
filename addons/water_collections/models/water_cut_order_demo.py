# pylint: disable=consider-merging-classes-inherited
import logging

from odoo import api, models

from ..utils import cuts

_logger = logging.getLogger(__name__)

DEMO_ORDERS = 12


class WaterCutOrder(models.Model):
    _inherit = "water.cut.order"

    @api.model
    def demo_cut_orders(self):
        """The demo's field orders, in every state: open ones on the cortador's phone, cuts executed as a restriction
        and at the box, not done with each reason, one cancelled, reconnections open and done, and an inspection that
        found a self-reconnection (its fine and a new cut order). From the accounts whose suspension was requested,
        else active debtors of the first routes. A few batched calls."""
        self.env["water.demo.generator"]._check_demo_allowed()
        crew = self.env.ref("water_collections.employee_demo_cutter", raise_if_not_found=False)
        if not crew or self.search_count([], limit=1):
            return False
        Contract = self.env["water.contract"]
        contracts = Contract.search([("collection_cut_requested", "=", True), ("state", "=", "active")])
        if len(contracts) < DEMO_ORDERS:
            candidates = Contract.search([("state", "=", "active")], order="route_id, route_sequence", limit=400)
            overdue = candidates._water_overdue_balances()
            contracts |= candidates.filtered(lambda contract: overdue.get(contract.id, 0.0) > 0)
        domestic = contracts.filtered(lambda contract: not contract.service_class_id.water_may_cut)
        others = contracts - domestic
        chosen = (others[:4] | domestic)[:DEMO_ORDERS]
        if len(chosen) < 8:
            _logger.info("demo: not enough debtors for cut orders")
            return False
        orders = self._water_make(chosen, "cut", "collection")
        orders.write({"employee_id": crew.id})
        cuttable = orders.filtered("may_cut")
        restrict = (orders - cuttable)[:1]
        box = cuttable[:1]
        network = cuttable[1:2]
        rest = orders - restrict - box - network
        restrict.action_water_restrict()
        box.action_water_cut_box()
        network.action_water_cut_network()
        reasons = ("paid", "not_found", "opposition", "other")
        for order, reason in zip(rest[: len(reasons)], reasons, strict=False):
            order.not_done_reason = reason
            order.action_water_not_done()
        rest = rest[len(reasons) :]
        rest[:1]._water_cancel(self.env._("Account in a review of its bills (demo)."))
        # reconnections: the restricted account paid (open reconnection), the network cut reconnected (done)
        reconnections = self._demo_reconnections(restrict | network)
        reconnections.filtered(lambda order: order.parent_id == network).action_water_reconnect()
        # an inspection of the box cut finds it reconnected by the holder: the fine and a new cut order
        if box:
            inspection = self._water_make(box.contract_id, "inspection", "manual")
            inspection.employee_id = crew
            inspection.action_water_inspect_self_reconnected()
        _logger.info("demo: %s field orders", self.search_count([]))
        return True

    @api.model
    def _demo_reconnections(self, cut_orders):
        """Reconnection orders for these executed cuts, with their fee (by hand: the demo debtors did not pay)."""
        vals_list = [
            {
                "order_type": "reconnection",
                "contract_id": order.contract_id.id,
                "company_id": order.company_id.id,
                "origin": "manual",
                "parent_id": order.id,
                "cut_kind": order.cut_kind or cuts.RESTRICTED,
                "employee_id": order.employee_id.id,
            }
            for order in cut_orders
        ]
        orders = self.create(vals_list)
        orders._water_reconnection_fees()
        return orders
