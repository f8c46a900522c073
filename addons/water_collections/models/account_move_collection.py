# pylint: disable=consider-merging-classes-inherited
# (the collection process keeps its own file beside the other parts of the cartera vencida, issue 12)
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _water_recibo_values(self):
        """The recibo also prints the collection process's message: the bill message of the account's current stage
        (the reminder stage's, or any stage's that has one), on the bills issued since the account entered it."""
        result = super()._water_recibo_values()
        for move in self.sudo():
            if move.id not in result:
                continue
            contract = move.water_contract_id
            stage = contract.collection_stage_id
            since = contract.collection_stage_date
            message = stage.bill_message if stage else False
            if message and (not since or not move.invoice_date or move.invoice_date >= since):
                result[move.id]["collection_message"] = message
        return result
