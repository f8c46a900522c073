from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """Every payment, credit note or credit that reaches an account's items is reconciled here (window, payment
        files, online payments, Odoo's own wizard, the bill run's credits): the accounts of the reconciled items that
        are in the collection process are checked at once, and those whose arrears fell below their stage's minimum
        leave it."""
        partials = super().create(vals_list)
        partials._water_agreement_check()
        partials._water_collection_recheck()
        return partials

    def _water_agreement_check(self):
        if not self:
            return
        lines = (self.debit_move_id | self.credit_move_id).sudo()
        self.env["water.payment.agreement"]._water_on_reconcile(lines.water_contract_id)

    def _water_collection_recheck(self):
        if not self or self.env.context.get("water_collection_no_recheck"):
            return
        lines = (self.debit_move_id | self.credit_move_id).sudo()
        contracts = lines.water_contract_id.filtered("collection_stage_id")
        if contracts:
            contracts._water_collection_recheck()
