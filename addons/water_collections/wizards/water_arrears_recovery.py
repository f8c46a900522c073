from odoo import _, api, fields, models

CONCEPT_LABELS = [
    ("water", "Water"),
    ("drainage", "Drainage"),
    ("sanitation", "Sanitation"),
    ("surcharges", "Surcharges"),
    ("other", "Other charges"),
    ("total", "Total"),
]
MONTHS = [(str(m), str(m)) for m in range(1, 13)]


class WaterArrearsRecovery(models.TransientModel):
    """Recovery of a month (recuperación de cartera): of what was overdue at the previous month's close, how much
    was recovered by this month's close (or today), by concept and in total. See
    ``water.arrears.snapshot._water_recovery`` for the definition."""

    _name = "water.arrears.recovery"
    _description = "Arrears recovery of a month"

    @api.model
    def _default_month(self):
        return str(fields.Date.context_today(self).month)

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    month = fields.Selection(MONTHS, required=True, default=_default_month)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    previous_id = fields.Many2one("water.arrears.snapshot", string="Previous close", readonly=True)
    date_end = fields.Date(string="Measured up to", readonly=True)
    account_count = fields.Integer(string="Accounts in arrears at the previous close", readonly=True)
    line_ids = fields.One2many("water.arrears.recovery.line", "wizard_id", readonly=True)
    total_recovered = fields.Monetary(readonly=True)
    rate = fields.Float(string="Recovery (%)", readonly=True, digits=(5, 1))

    def action_compute(self):
        self.ensure_one()
        result = self.env["water.arrears.snapshot"]._water_recovery(self.year, int(self.month), self.company_id)
        rows = dict(result["concepts"], total=result["total"])
        self.line_ids.unlink()
        self.write(
            {
                "previous_id": result["previous"].id,
                "date_end": result["end"],
                "account_count": result["accounts"],
                "total_recovered": result["total"][2],
                "rate": result["total"][0] and result["total"][2] / result["total"][0] * 100.0,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "concept": concept,
                            "overdue": rows[concept][0],
                            "still_open": rows[concept][1],
                            "recovered": rows[concept][2],
                            "rate": rows[concept][0] and rows[concept][2] / rows[concept][0] * 100.0,
                        },
                    )
                    for concept, _label in CONCEPT_LABELS
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Arrears recovery"),
        }
