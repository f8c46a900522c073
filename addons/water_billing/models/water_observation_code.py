from odoo import fields, models

BILLING_MODES = [
    ("measured", "Measured"),
    ("estimated", "Estimated by average"),
    ("minimum", "Minimum"),
    ("none", "Nothing"),
]
WORK_ORDER_TYPES = [
    ("meter_repair", "Meter repair or replacement"),
    ("inspection", "Inspection"),
    ("leak", "Leak repair"),
]


class WaterObservationCode(models.Model):
    _name = "water.observation.code"
    _description = "Reading observation code (clave de observación)"
    _order = "sequence, code"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    billing_mode = fields.Selection(
        BILLING_MODES,
        default="measured",
        required=True,
        help="How the period is billed when the reader gives this code.",
    )
    unoccupied = fields.Boolean(help="Nobody lives there: a zero consumption is not an anomaly.")
    work_order_type = fields.Selection(
        WORK_ORDER_TYPES, help="Work order created when a reading with this code is validated."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The observation code must be unique.")]

    def _compute_display_name(self):
        for code in self:
            code.display_name = f"{code.code} {code.name}"
