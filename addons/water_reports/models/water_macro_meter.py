from odoo import fields, models

MACRO_METER_STATES = [("working", "Working"), ("damaged", "Damaged"), ("stopped", "Stopped"), ("removed", "Removed")]


class WaterMacroMeter(models.Model):
    """A macro-meter (macromedidor) at a source, measuring the water it produces."""

    _name = "water.macro.meter"
    _description = "Macro-meter"
    _order = "source_id, install_date desc, id"
    _rec_name = "serial"

    serial = fields.Char(required=True)
    source_id = fields.Many2one("water.source", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="source_id.company_id", store=True, index=True, precompute=True)
    brand = fields.Char()
    diameter = fields.Char(help="Nominal diameter, e.g. 4 in or 100 mm.")
    install_date = fields.Date(required=True, default=fields.Date.context_today)
    removal_date = fields.Date()
    state = fields.Selection(MACRO_METER_STATES, required=True, default="working")
    note = fields.Text()

    _sql_constraints = [
        (
            "serial_source_unique",
            "unique (serial, source_id)",
            "This source already has a macro-meter with this serial.",
        ),
    ]

    def _compute_display_name(self):
        for meter in self:
            meter.display_name = f"{meter.serial} ({meter.source_id.code})" if meter.source_id else meter.serial
