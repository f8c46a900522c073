# pylint: disable=consider-merging-classes-inherited
from odoo import _, models
from odoo.exceptions import AccessError

OFFICER = "water_collections.group_water_collections_officer"


class WaterPaymentAgreement(models.Model):
    _inherit = "water.payment.agreement"

    def action_water_make_cut_orders(self):
        """The selected agreements of the 'Behind on agreements' list: a cut order for each account (origin: agreement
        breach), skipping accounts that already have an open one."""
        if not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only the collections officer makes cut orders."))
        agreements = {}
        for agreement in self:
            agreements.setdefault(agreement.contract_id.id, agreement)
        contracts = self.contract_id
        orders = self.env["water.cut.order"]._water_make(contracts, "cut", "agreement", agreements=agreements)
        return orders._water_action_orders(skipped=len(contracts) - len(orders))

    def _water_activate(self):
        """An agreement that becomes active reconnects its account at once (reconnection order with its fee)."""
        result = super()._water_activate()
        active = self.filtered(lambda agreement: agreement.state in ("active", "done"))
        if active:
            self.env["water.cut.order"]._water_reconnect_check(active.contract_id)
        return result
