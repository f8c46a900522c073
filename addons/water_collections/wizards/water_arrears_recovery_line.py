from odoo import fields, models

from .water_arrears_recovery import CONCEPT_LABELS


class WaterArrearsRecoveryLine(models.TransientModel):
    _name = "water.arrears.recovery.line"
    _description = "Arrears recovery by concept"

    wizard_id = fields.Many2one("water.arrears.recovery", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    concept = fields.Selection(CONCEPT_LABELS, required=True)
    overdue = fields.Monetary(string="Overdue at the previous close")
    still_open = fields.Monetary(string="Still open")
    recovered = fields.Monetary()
    rate = fields.Float(string="Recovery (%)", digits=(5, 1))
