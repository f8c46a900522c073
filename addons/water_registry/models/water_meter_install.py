from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class WaterMeterInstall(models.Model):
    _name = "water.meter.install"
    _description = "Meter installation at a service point"
    _order = "install_date desc, id desc"

    meter_id = fields.Many2one("water.meter", required=True, index=True, ondelete="restrict")
    service_point_id = fields.Many2one("water.service.point", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="service_point_id.company_id", store=True, precompute=True)
    install_date = fields.Date(required=True, default=fields.Date.context_today)
    install_reading = fields.Float(digits=(12, 2))
    removal_date = fields.Date()
    removal_reading = fields.Float(digits=(12, 2))
    removal_reason = fields.Char()
    installed_by_id = fields.Many2one("hr.employee", string="Installed by")
    is_current = fields.Boolean(compute="_compute_is_current", store=True, precompute=True)

    _sql_constraints = [
        ("install_reading_positive", "CHECK(install_reading >= 0)", "Readings cannot be negative."),
        (
            "removal_after_install",
            "CHECK(removal_date IS NULL OR removal_date >= install_date)",
            "A meter cannot be removed before it was installed.",
        ),
    ]

    @api.depends("removal_date")
    def _compute_is_current(self):
        for install in self:
            install.is_current = not install.removal_date

    @api.constrains("meter_id", "service_point_id", "removal_date")
    def _check_single_current(self):
        current = self.filtered("is_current")
        if not current:
            return
        groups = self._read_group(
            [
                ("is_current", "=", True),
                "|",
                ("meter_id", "in", current.meter_id.ids),
                ("service_point_id", "in", current.service_point_id.ids),
            ],
            ["meter_id", "service_point_id"],
            ["__count"],
        )
        meters, points = {}, {}
        for meter, point, count in groups:
            meters[meter] = meters.get(meter, 0) + count
            points[point] = points.get(point, 0) + count
        for meter, count in meters.items():
            if count > 1:
                raise ValidationError(_("The meter %s is already installed elsewhere.", meter.display_name))
        for point, count in points.items():
            if count > 1:
                raise ValidationError(_("The service point %s already has a meter installed.", point.display_name))
