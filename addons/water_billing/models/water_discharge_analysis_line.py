from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils import discharge


class WaterDischargeAnalysisLine(models.Model):
    _name = "water.discharge.analysis.line"
    _description = "Result of a parameter in a discharge analysis"
    _order = "analysis_id, sequence, id"

    analysis_id = fields.Many2one("water.discharge.analysis", required=True, ondelete="cascade", index=True)
    parameter_id = fields.Many2one("water.discharge.parameter", required=True, ondelete="restrict")
    sequence = fields.Integer(related="parameter_id.sequence", store=True)
    concentration = fields.Float(string="Concentration (mg/l)", digits=(12, 3), required=True)
    limit = fields.Float(related="parameter_id.limit", string="Limit (mg/l)")
    excess_pct = fields.Float(string="Excess (% of the limit)", compute="_compute_estimate", digits=(12, 2))
    kg_excess = fields.Float(string="kg above the limit", compute="_compute_estimate", digits=(12, 2))
    amount_estimate = fields.Monetary(string="Estimated charge", compute="_compute_estimate")
    currency_id = fields.Many2one(related="analysis_id.currency_id")

    _sql_constraints = [
        ("parameter_uniq", "unique(analysis_id, parameter_id)", "A parameter appears once in an analysis."),
    ]

    @api.depends("concentration", "parameter_id", "analysis_id.volume")
    def _compute_estimate(self):
        volumes = self.analysis_id._estimate_volumes()
        for line in self:
            line.excess_pct = line.kg_excess = line.amount_estimate = 0.0
            if not line.parameter_id or line.concentration < 0:
                continue
            line.excess_pct = float(discharge.excess_pct(line.concentration, line.parameter_id.limit))
            volume = volumes.get(line.analysis_id.id, 0.0)
            line.kg_excess = float(discharge.excess_kg(line.concentration, line.parameter_id.limit, volume))
            priced = discharge.charge(line.parameter_id._to_engine()[0], line.concentration, volume)
            line.amount_estimate = float(priced.amount) if priced else 0.0

    @api.constrains("concentration", "parameter_id")
    def _check_concentration(self):
        for line in self:
            if line.concentration < 0:
                raise ValidationError(
                    _(
                        "Analysis %(analysis)s, %(parameter)s: a concentration cannot be negative (%(value)s mg/l).",
                        analysis=line.analysis_id.display_name,
                        parameter=line.parameter_id.name,
                        value=line.concentration,
                    )
                )
            if line.parameter_id.company_id != line.analysis_id.company_id:
                raise ValidationError(_("Parameter %s belongs to another company.", line.parameter_id.name))
        self.analysis_id._check_not_billed()

    def write(self, vals):
        if self.analysis_id.filtered(lambda a: a.state == "billed"):
            raise ValidationError(_("The results of an analysis already on a bill cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_not_billed(self):
        if self.analysis_id.filtered(lambda a: a.state == "billed"):
            raise ValidationError(_("The results of an analysis already on a bill cannot be deleted."))
