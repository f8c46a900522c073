from odoo import _, api, fields, models
from odoo.exceptions import UserError


class WaterMeterChangeWizard(models.TransientModel):
    _name = "water.meter.change.wizard"
    _description = "Install, change or remove the meter of a service point"

    service_point_id = fields.Many2one("water.service.point", required=True)
    old_meter_id = fields.Many2one(related="service_point_id.meter_id", string="Current meter")
    old_meter_final_reading = fields.Float(string="Final reading of the current meter", digits=(12, 2))
    removal_reason = fields.Char(string="Reason")
    new_meter_id = fields.Many2one(
        "water.meter",
        string="New meter",
        domain="[('service_point_id', '=', False), ('state', 'in', ('stock', 'working'))]",
    )
    new_meter_initial_reading = fields.Float(string="Initial reading of the new meter", digits=(12, 2))
    date = fields.Date(default=fields.Date.context_today, required=True)
    installed_by_id = fields.Many2one("hr.employee", string="Done by")

    @api.onchange("new_meter_id")
    def _onchange_new_meter_id(self):
        if self.new_meter_id:
            self.new_meter_initial_reading = self.new_meter_id.initial_reading

    def action_confirm(self):
        self.ensure_one()
        point = self.service_point_id
        if not self.new_meter_id and not self.old_meter_id:
            raise UserError(_("Choose the meter to install."))
        if self.old_meter_id and not (self.removal_reason or "").strip():
            raise UserError(_("Give the reason why the current meter is removed."))
        if self.old_meter_final_reading < 0 or self.new_meter_initial_reading < 0:
            raise UserError(_("Readings cannot be negative."))
        messages = []
        if self.old_meter_id:
            current = point.meter_install_ids.filtered(lambda i: i.is_current and i.meter_id == self.old_meter_id)
            if current and self.date < current.install_date:
                raise UserError(_("The meter cannot be removed before the day it was installed."))
            current.write(
                {
                    "removal_date": self.date,
                    "removal_reading": self.old_meter_final_reading,
                    "removal_reason": self.removal_reason,
                }
            )
            self.old_meter_id.state = "removed"
            messages.append(
                _(
                    "Meter %(meter)s removed with final reading %(reading)s (%(reason)s).",
                    meter=self.old_meter_id.display_name,
                    reading=self.old_meter_final_reading,
                    reason=self.removal_reason,
                )
            )
        if self.new_meter_id:
            self.env["water.meter.install"].create(
                {
                    "meter_id": self.new_meter_id.id,
                    "service_point_id": point.id,
                    "install_date": self.date,
                    "install_reading": self.new_meter_initial_reading,
                    "installed_by_id": self.installed_by_id.id,
                }
            )
            self.new_meter_id.state = "working"
            messages.append(
                _(
                    "Meter %(meter)s installed with initial reading %(reading)s.",
                    meter=self.new_meter_id.display_name,
                    reading=self.new_meter_initial_reading,
                )
            )
        point.meter_id = self.new_meter_id
        body = " ".join(messages)
        point.message_post(body=body)
        if point.contract_id:
            point.contract_id.message_post(body=body)
        return {"type": "ir.actions.act_window_close"}
