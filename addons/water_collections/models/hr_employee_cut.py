# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    water_role = fields.Selection(selection_add=[("cutter", "Cut crew (cortador)")], ondelete={"cutter": "set null"})
