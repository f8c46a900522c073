from odoo import fields, models


class WaterMeterBrand(models.Model):
    _name = "water.meter.brand"
    _description = "Meter brand"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_uniq", "unique(name)", "The meter brand already exists.")]
