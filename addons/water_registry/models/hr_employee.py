from odoo import fields, models

WATER_ROLES = [
    ("reader", "Meter reader"),
    ("cashier", "Cashier"),
    ("notifier", "Notifier"),
    ("plumber", "Plumber"),
    ("meter_technician", "Meter technician"),
    ("inspector", "Inspector"),
]


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    water_role = fields.Selection(
        WATER_ROLES,
        string="Field role",
        help="Role of the employee in the water utility's commercial work.",
    )
    water_route_ids = fields.One2many("water.route", "reader_id", string="Routes read")
