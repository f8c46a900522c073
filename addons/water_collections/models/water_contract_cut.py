# pylint: disable=consider-merging-classes-inherited
from odoo import _, fields, models
from odoo.exceptions import AccessError

OFFICER = "water_collections.group_water_collections_officer"


class WaterContract(models.Model):
    _inherit = "water.contract"

    cut_order_ids = fields.One2many("water.cut.order", "contract_id", string="Cut and reconnection orders")
    cut_order_count = fields.Integer(compute="_compute_cut_order_count", string="Orders")

    def _compute_cut_order_count(self):
        groups = self.env["water.cut.order"]._read_group(
            [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
        )
        counts = {contract.id: count for contract, count in groups}
        for contract in self:
            contract.cut_order_count = counts.get(contract.id, 0)

    def _water_check_officer(self):
        if not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only the collections officer makes cut orders."))

    def action_water_make_cut_orders(self):
        """The selected accounts of the 'Suspensions requested' list get a cut order each (those that have an open one
        already are skipped)."""
        self._water_check_officer()
        origin = "collection" if all(self.mapped("collection_cut_requested")) else "manual"
        orders = self.env["water.cut.order"]._water_make(self, "cut", origin)
        return orders._water_action_orders(skipped=len(self) - len(orders))

    def action_water_new_cut_order(self):
        """By hand from the account's form: a new order of the account, opened to be completed."""
        self.ensure_one()
        self._water_check_officer()
        return {
            "type": "ir.actions.act_window",
            "name": _("New order"),
            "res_model": "water.cut.order",
            "view_mode": "form",
            "context": {
                "default_contract_id": self.id,
                "default_origin": "manual",
                "default_order_type": "inspection" if self.state == "cut" else "cut",
            },
        }

    def action_water_view_cut_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_cut_order")
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action
