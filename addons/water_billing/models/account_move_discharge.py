# pylint: disable=consider-merging-classes-inherited
# (the discharges' part of the recibo)
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _water_recibo_values(self):
        """An own-well account's recibo shows its well meter's readings (or the declared volume) of the period."""
        result = super()._water_recibo_values()
        moves = self.sudo().filtered(lambda m: m.water_contract_id.own_well and not m.water_reading_id)
        if not moves:
            return result
        declarations = (
            self.env["water.discharge.declaration"]
            .sudo()
            .search(
                [
                    ("contract_id", "in", moves.water_contract_id.ids),
                    ("period_id", "in", moves.water_period_id.ids),
                ]
            )
        )
        by_key = {(d.contract_id.id, d.period_id.id): d for d in declarations}
        for move in moves:
            declaration = by_key.get((move.water_contract_id.id, move.water_period_id.id))
            if declaration and move.id in result:
                result[move.id]["well"] = declaration
        return result
