from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.padron import DIAMETERS, is_valid_serial, normalize_serial

METER_STATES = [
    ("stock", "In stock"),
    ("working", "Working"),
    ("damaged", "Damaged"),
    ("stopped", "Stopped"),
    ("removed", "Removed"),
]


class WaterMeter(models.Model):
    _name = "water.meter"
    _description = "Water meter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "serial"
    _rec_name = "serial"

    serial = fields.Char(required=True, tracking=True, index="trigram")
    brand_id = fields.Many2one("water.meter.brand", required=True, tracking=True, ondelete="restrict")
    model = fields.Char()
    diameter = fields.Selection(list(DIAMETERS.items()), default="half", required=True, tracking=True)
    digits = fields.Integer(
        default=5, required=True, help="Number of digits of the dial; the meter rolls over after them."
    )
    initial_reading = fields.Float(digits=(12, 2), help="Reading when the meter was registered.")
    manufacture_year = fields.Integer()
    state = fields.Selection(METER_STATES, default="stock", required=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    install_ids = fields.One2many("water.meter.install", "meter_id", string="Installation history")
    service_point_id = fields.Many2one(
        "water.service.point", compute="_compute_service_point", store=True, index=True, string="Installed at"
    )
    active = fields.Boolean(default=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "serial_brand_uniq",
            "unique(serial, brand_id, company_id)",
            "A meter with this serial number and brand already exists.",
        ),
        ("digits_range", "CHECK(digits BETWEEN 3 AND 10)", "A meter dial has between 3 and 10 digits."),
        ("initial_reading_positive", "CHECK(initial_reading >= 0)", "The initial reading cannot be negative."),
    ]

    @api.depends("install_ids.removal_date", "install_ids.service_point_id")
    def _compute_service_point(self):
        for meter in self:
            current = meter.install_ids.filtered(lambda i: not i.removal_date)
            meter.service_point_id = current[:1].service_point_id

    @api.constrains("serial")
    def _check_serial(self):
        for meter in self:
            if not is_valid_serial(meter.serial):
                raise ValidationError(
                    _(
                        "Invalid meter serial number «%s»: use 3 to 20 letters, digits, dashes or slashes.",
                        meter.serial,
                    )
                )

    @api.depends("serial", "brand_id")
    def _compute_display_name(self):
        for meter in self:
            meter.display_name = f"{meter.serial} ({meter.brand_id.name})" if meter.brand_id else meter.serial

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("serial"):
                vals["serial"] = normalize_serial(vals["serial"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("serial"):
            vals["serial"] = normalize_serial(vals["serial"])
        return super().write(vals)

    def rollover_value(self):
        """Readings wrap to zero after 10 ** digits - 1."""
        self.ensure_one()
        return 10**self.digits
