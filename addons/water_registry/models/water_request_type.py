from odoo import fields, models


class WaterRequestType(models.Model):
    _name = "water.request.type"
    _description = "Type of complaint or request"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_complaint = fields.Boolean(string="Complaint")
    deadline_days = fields.Integer(default=10, help="Working deadline to answer, in calendar days.")
    user_id = fields.Many2one("res.users", string="Default assignee")
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The request type code must be unique.")]
