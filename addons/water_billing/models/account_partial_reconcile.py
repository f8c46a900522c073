from odoo import api, models
from odoo.tools import SQL


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._water_share_contract()
        return partials

    def _water_share_contract(self):
        """A payment reconciled with an account's item joins the account's ledger: Odoo's own payment
        wizard, a bank statement line or any other entry paying a water bill then shows on the account's
        statement. A line that already belongs to an account keeps it."""
        if not self:
            return
        self.env["account.move.line"].flush_model(["water_contract_id"])
        self.env.cr.execute(
            SQL(
                """
            UPDATE account_move_line other
               SET water_contract_id = own.water_contract_id
              FROM account_partial_reconcile p
              JOIN account_move_line own ON own.id IN (p.debit_move_id, p.credit_move_id)
             WHERE p.id = ANY(%s) AND own.water_contract_id IS NOT NULL
               AND other.id IN (p.debit_move_id, p.credit_move_id) AND other.id != own.id
               AND other.water_contract_id IS NULL
         RETURNING other.id
                """,
                self.ids,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.env["account.move.line"].browse(changed).invalidate_recordset(["water_contract_id"])
