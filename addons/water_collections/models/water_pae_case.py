from odoo import api, fields, models


class WaterPaeCase(models.Model):
    _name = "water.pae.case"
    _description = "Administrative enforcement case (PAE)"
    _inherit = ["water.folio.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_opened desc, id desc"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Debtor")
    stage_id = fields.Many2one("water.collection.stage", readonly=True)
    date_opened = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    amount_debt = fields.Float(string="Debt when opened", digits="Account", readonly=True)
    state = fields.Selection([("open", "Open"), ("closed", "Closed")], default="open", required=True, tracking=True)

    @api.model
    def _water_open(self, arrears, stage, day=None):
        """Put the accounts of ``arrears`` ({contract id: arrears}) on the PAE list: one open case each, unless it
        has one already; returns the new cases."""
        open_cases = self.search([("contract_id", "in", list(arrears)), ("state", "=", "open")])
        has_case = set(open_cases.contract_id.ids)
        day = day or fields.Date.context_today(self)
        return self.create(
            [
                {
                    "contract_id": contract_id,
                    "company_id": stage.company_id.id or self.env.company.id,
                    "stage_id": stage.id,
                    "date_opened": day,
                    "amount_debt": values["overdue"],
                }
                for contract_id, values in arrears.items()
                if contract_id not in has_case
            ]
        )
