from odoo import _, api, fields, models


class WaterDischargeParameterRange(models.Model):
    _name = "water.discharge.parameter.range"
    _description = "Rate of a discharge parameter by degree of excess over its limit"
    _order = "parameter_id, sequence, id"

    parameter_id = fields.Many2one("water.discharge.parameter", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    upper_pct = fields.Float(
        string="Excess up to (% of the limit)",
        digits=(12, 2),
        help="More than the previous range's bound, up to this % above the limit; 0 on the last range: no bound.",
    )
    name = fields.Char(string="Degree of excess", compute="_compute_name")
    rate = fields.Monetary(help="Per m³ discharged or per kg above the limit, as the parameter's method says.")
    currency_id = fields.Many2one(related="parameter_id.currency_id")

    _sql_constraints = [
        ("upper_positive", "CHECK(upper_pct >= 0)", "The bound of a range cannot be negative."),
    ]

    @api.depends("parameter_id.range_ids.upper_pct", "parameter_id.range_ids.sequence")
    def _compute_name(self):
        """As the laws write them: "more than 10.00% up to 50.00%", "more than 100.00%"."""
        for rng in self:
            ranges = rng.parameter_id.range_ids.sorted("sequence")
            below = [r.upper_pct for r in ranges[: list(ranges).index(rng)]] if rng in ranges else []
            lower = max(below, default=0.0)
            if rng.upper_pct:
                rng.name = _("more than %(lower).2f%% up to %(upper).2f%%", lower=lower, upper=rng.upper_pct)
            else:
                rng.name = _("more than %(lower).2f%%", lower=lower)

    @api.constrains("upper_pct", "rate", "sequence")
    def _check_table(self):
        self.parameter_id._check_norm()
