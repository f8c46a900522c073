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
    portal_available = fields.Boolean(string="Available on the portal", help="Citizens may file it on the portal.")
    portal_requires_account = fields.Boolean(
        string="Requires an account on the portal", help="The citizen must choose one of their accounts."
    )
    portal_requires_attachment = fields.Boolean(
        string="Requires proof on the portal", help="The citizen must attach a document (PDF or photo)."
    )
    portal_help = fields.Text(
        string="Portal help", translate=True, help="Shown to the citizen who chooses this type on the portal."
    )

    _sql_constraints = [("code_uniq", "unique(code)", "The request type code must be unique.")]
