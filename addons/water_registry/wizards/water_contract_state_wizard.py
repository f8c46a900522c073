from odoo import fields, models

from ..models.water_contract import CONTRACT_STATES


class WaterContractStateWizard(models.TransientModel):
    _name = "water.contract.state.wizard"
    _description = "Change the state of accounts with a reason"

    contract_ids = fields.Many2many("water.contract", string="Accounts", required=True)
    new_state = fields.Selection(CONTRACT_STATES, required=True)
    date = fields.Date(default=fields.Date.context_today, required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.contract_ids.change_state(self.new_state, self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}
