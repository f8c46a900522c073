from odoo import api, fields, models


class WaterCollectionNotice(models.Model):
    _name = "water.collection.notice"
    _description = "Arrears notice"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "date desc, route_id, route_sequence, id"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Holder")
    service_point_id = fields.Many2one(related="contract_id.service_point_id", string="Service point")
    route_id = fields.Many2one(related="contract_id.route_id", store=True, index=True)
    route_sequence = fields.Integer(related="contract_id.route_sequence", store=True)
    stage_id = fields.Many2one("water.collection.stage", readonly=True, index=True)
    date = fields.Date(string="Issue date", required=True, default=fields.Date.context_today, readonly=True)
    deadline = fields.Date(readonly=True)
    amount_due = fields.Float(string="Overdue debt", digits="Account", readonly=True)
    months_owed = fields.Integer(readonly=True)

    @api.model
    def _water_issue(self, arrears, stage, day=None):
        """Issue one notice of ``stage`` per account of ``arrears`` ({contract id: the account's arrears, as
        ``water.contract._water_arrears`` gives them}), in one create; returns the notices."""
        day = day or fields.Date.context_today(self)
        deadline = fields.Date.add(day, days=stage.deadline_days or 0)
        return self.create(
            [
                {
                    "contract_id": contract_id,
                    "company_id": stage.company_id.id or self.env.company.id,
                    "stage_id": stage.id,
                    "date": day,
                    "deadline": deadline,
                    "amount_due": values["overdue"],
                    "months_owed": values["months_owed"],
                }
                for contract_id, values in arrears.items()
            ]
        )
