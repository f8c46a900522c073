from odoo import fields, models

from .water_writeoff import WRITEOFF_REASONS


class WaterWriteoffLine(models.Model):
    _name = "water.writeoff.line"
    _description = "Account of a write-off"
    _order = "writeoff_id, age_months desc, id"

    writeoff_id = fields.Many2one("water.writeoff", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="writeoff_id.company_id", store=True)
    currency_id = fields.Many2one(related="writeoff_id.currency_id")
    state = fields.Selection(related="writeoff_id.state")
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    contract_state = fields.Selection(related="contract_id.state", string="Account state")
    reason = fields.Selection(WRITEOFF_REASONS, required=True, default="not_found")
    note = fields.Char()
    amount = fields.Float(string="Written off", digits="Account", readonly=True, help="What the ledger says it owes.")
    overdue = fields.Float(digits="Account", readonly=True)
    months_owed = fields.Integer(readonly=True)
    oldest_due = fields.Date(string="Oldest due date", readonly=True)
    age_months = fields.Integer(string="Age (months)", readonly=True)

    _sql_constraints = [
        ("contract_uniq", "UNIQUE(writeoff_id, contract_id)", "An account appears once in a write-off."),
    ]
