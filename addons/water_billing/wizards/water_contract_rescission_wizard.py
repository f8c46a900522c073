from odoo import api, fields, models


class WaterContractRescissionWizard(models.TransientModel):
    _name = "water.contract.rescission.wizard"
    _description = "Rescind a water account (commercial manager)"

    contract_id = fields.Many2one("water.contract", string="Account", required=True, readonly=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    state = fields.Selection(related="contract_id.state", string="Account state")
    meter_id = fields.Many2one(related="contract_id.meter_id")
    meter_digits = fields.Integer(related="contract_id.meter_id.digits", string="Meter digits")
    last_reading = fields.Float(compute="_compute_figures", digits=(12, 2), help="The last real reading of the meter.")
    final_reading = fields.Float(digits=(12, 2), help="Read at the meter when the service ends.")
    date = fields.Date(string="Rescission date", required=True, default=fields.Date.context_today)
    article = fields.Char(
        string="Article of the regulation",
        required=True,
        help="The article of the regulation the rescission is based on.",
    )
    reason = fields.Text(required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "water_rescission_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Documents",
        help="Kept on the account: the resolution, the holder's request, the inspection report...",
    )
    currency_id = fields.Many2one(related="contract_id.company_id.currency_id")
    balance = fields.Monetary(
        string="Owed now",
        compute="_compute_figures",
        help="What the account owes before its final bill; it stays in the ledger.",
    )

    pending_charge_ids = fields.Many2many(
        "water.charge",
        compute="_compute_figures",
        string="Charges for the final bill",
        help="Approved charges waiting for the account's next bill: the final bill carries them.",
    )

    @api.depends("contract_id")
    def _compute_figures(self):
        balances = self.contract_id._water_balances()
        for wizard in self:
            contract = wizard.contract_id
            wizard.pending_charge_ids = contract._water_pending_charges() if contract else False
            wizard.balance = balances.get(contract.id, 0.0)
            wizard.last_reading = (contract._water_last_meter_value() or 0.0) if contract.meter_id else 0.0

    def action_confirm(self):
        self.ensure_one()
        self.contract_id._water_rescind(
            self.reason,
            self.article,
            self.date,
            final_reading=self.final_reading if self.meter_id else None,
            attachments=self.attachment_ids,
        )
        return {"type": "ir.actions.act_window_close"}
