# pylint: disable=consider-merging-classes-inherited
from odoo import api, models

from .water_payment_agreement import NO_CHECK


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """Money that reaches an account suspended or cut by an executed cut order: once its overdue debt is paid,
        the reconnection order is issued at once, with its fee."""
        partials = super().create(vals_list)
        partials._water_cut_reconnect_check()
        return partials

    def _water_cut_reconnect_check(self):
        # the agreement's own entry (activation, breach) checks its account itself once it is done
        if not self or self.env.context.get(NO_CHECK):
            return
        lines = (self.debit_move_id | self.credit_move_id).sudo()
        # the cheap filter: accounts that are suspended or cut (the order model narrows to executed cuts)
        contracts = lines.water_contract_id.filtered(lambda contract: contract.state in ("suspended", "cut"))
        if contracts:
            self.env["water.cut.order"]._water_reconnect_check(contracts)
