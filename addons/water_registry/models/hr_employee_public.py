from odoo import fields, models

from .hr_employee import WATER_ROLES


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    water_role = fields.Selection(WATER_ROLES, string="Field role", readonly=True)
