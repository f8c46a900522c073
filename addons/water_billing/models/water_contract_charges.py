# pylint: disable=consider-merging-classes-inherited
# (the account's charges: the smart button and the buttons that add a fee, a fine or an extraordinary charge)
from odoo import _, fields, models


class WaterContract(models.Model):
    _inherit = "water.contract"

    charge_count = fields.Integer(string="Charges", compute="_compute_charge_count")

    def _compute_charge_count(self):
        counts = dict(
            self.env["water.charge"]._read_group([("contract_id", "in", self.ids)], ["contract_id"], ["__count"])
        )
        for contract in self:
            contract.charge_count = counts.get(contract, 0)

    def action_water_charges(self):
        """The account's fees, fines and extraordinary charges."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_billing.action_water_charge")
        action.update(
            {
                "name": _("Charges of %s", self.display_name),
                "domain": [("contract_id", "=", self.id)],
                "context": {"default_contract_id": self.id},
            }
        )
        return action

    def _water_add_charge(self, kind):
        self.ensure_one()
        titles = {
            "fee": _("Add a fee"),
            "fine": _("Impose a fine"),
            "extraordinary": _("Report an extraordinary charge"),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles[kind],
            "res_model": "water.charge",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_contract_id": self.id, "water_charge_kind": kind},
        }

    def action_water_add_fee(self):
        """A fee of the catalogue for this account (the billing clerk)."""
        return self._water_add_charge("fee")

    def action_water_add_fine(self):
        """A fine for this account (the commercial manager sets its amount inside the law's range)."""
        return self._water_add_charge("fine")

    def action_water_add_extraordinary(self):
        """Works or materials reported for this account, to be authorised before they are billed."""
        return self._water_add_charge("extraordinary")
