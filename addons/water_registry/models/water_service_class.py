from odoo import fields, models


class WaterServiceClass(models.Model):
    _name = "water.service.class"
    _description = "Service class (use)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The service class code must be unique.")]
