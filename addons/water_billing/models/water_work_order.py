from odoo import api, fields, models

from .water_observation_code import WORK_ORDER_TYPES

# who does each kind of work
ROLE_BY_TYPE = {"meter_repair": "meter_technician", "inspection": "inspector", "leak": "plumber"}


class WaterWorkOrder(models.Model):
    _name = "water.work.order"
    _description = "Field work order"
    _inherit = ["water.folio.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    order_type = fields.Selection(WORK_ORDER_TYPES, string="Type", required=True, tracking=True)
    date = fields.Date(default=fields.Date.context_today, required=True)
    contract_id = fields.Many2one("water.contract", string="Account", index=True)
    service_point_id = fields.Many2one("water.service.point", required=True, index=True)
    address = fields.Char(related="service_point_id.name", string="Address")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    reading_id = fields.Many2one("water.reading", index=True, ondelete="set null")
    observation_id = fields.Many2one("water.observation.code")
    employee_id = fields.Many2one("hr.employee", string="Assigned to", tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")], default="open", required=True, tracking=True
    )
    date_done = fields.Date(readonly=True)
    note = fields.Text()

    @api.model
    def _create_from_readings(self, readings):
        employees = self.env["hr.employee"].search([("water_role", "in", list(ROLE_BY_TYPE.values()))], order="id")
        by_role = {}
        for employee in employees:
            by_role.setdefault(employee.water_role, employee)
        return self.create(
            [
                {
                    "order_type": reading.observation_id.work_order_type,
                    "contract_id": reading.contract_id.id,
                    "service_point_id": reading.service_point_id.id,
                    "reading_id": reading.id,
                    "observation_id": reading.observation_id.id,
                    "employee_id": by_role.get(ROLE_BY_TYPE[reading.observation_id.work_order_type], employees[:0]).id,
                    "company_id": reading.company_id.id,
                    "note": reading.reader_note,
                }
                for reading in readings
            ]
        )

    def action_done(self):
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})

    def action_cancel(self):
        self.write({"state": "cancelled"})
