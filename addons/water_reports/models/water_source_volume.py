from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.kpi import month_start

ORIGINS = [("captured", "Captured"), ("imported", "Imported")]


class WaterSourceVolume(models.Model):
    """The volume a source produced in a month, read on its macro-meter: the denominator of eficiencia física.
    One per source and month; ``month`` is always the month's first day."""

    _name = "water.source.volume"
    _description = "Volume produced by a source in a month"
    _order = "month desc, source_id"
    _rec_name = "source_id"

    month = fields.Date(required=True, index=True, help="Any day of the month: the month's first day is kept.")
    source_id = fields.Many2one("water.source", required=True, index=True, ondelete="restrict")
    sector_id = fields.Many2one(related="source_id.sector_id", store=True, string="Sector served")
    source_type = fields.Selection(related="source_id.source_type", store=True, string="Source type")
    company_id = fields.Many2one(related="source_id.company_id", store=True, index=True, precompute=True)
    macro_meter_id = fields.Many2one(
        "water.macro.meter", string="Macro-meter", domain="[('source_id', '=', source_id)]", ondelete="restrict"
    )
    volume = fields.Float(string="Volume produced (m³)", digits=(16, 2), required=True)
    origin = fields.Selection(ORIGINS, required=True, default="captured", readonly=True)
    note = fields.Char()

    _sql_constraints = [
        ("source_month_unique", "unique (source_id, month)", "This source already has a volume for this month."),
        ("volume_positive", "CHECK (volume >= 0)", "A volume produced cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = month_start(fields.Date.to_date(vals["month"]))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = month_start(fields.Date.to_date(vals["month"]))
        return super().write(vals)

    @api.constrains("macro_meter_id", "source_id")
    def _check_macro_meter_source(self):
        for record in self:
            if record.macro_meter_id and record.macro_meter_id.source_id != record.source_id:
                raise ValidationError(
                    _(
                        "The macro-meter %(meter)s is not at the source %(source_name)s.",
                        meter=record.macro_meter_id.serial,
                        source_name=record.source_id.name,
                    )
                )

    def _compute_display_name(self):
        for record in self:
            month = record.month.strftime("%m/%Y") if record.month else ""
            record.display_name = f"{record.source_id.name or ''} {month}".strip()
