from odoo import api, fields, models

from ..utils import charges


class WaterUmaValue(models.Model):
    _name = "water.uma.value"
    _description = "UMA value (Unidad de Medida y Actualización)"
    _order = "date_from desc"
    _rec_name = "date_from"

    date_from = fields.Date(
        string="In force from", required=True, help="INEGI publishes it in January; it applies from 1 February."
    )
    value = fields.Float(string="Daily value (pesos)", required=True, digits=(12, 2))
    monthly_value = fields.Float(string="Monthly value", compute="_compute_amounts", digits=(12, 2))
    yearly_value = fields.Float(string="Yearly value", compute="_compute_amounts", digits=(12, 2))
    note = fields.Char(help="e.g. DOF of 9 January 2026")

    _sql_constraints = [
        ("date_uniq", "unique(date_from)", "There is already a UMA value from that date."),
        ("value_positive", "CHECK(value > 0)", "The UMA value must be positive."),
    ]

    @api.depends("value")
    def _compute_amounts(self):
        for uma in self:
            uma.monthly_value = float(charges.money(uma.value * 30.4))
            uma.yearly_value = float(charges.money(charges.money(uma.value * 30.4) * 12))

    @api.model
    def _water_value_on(self, day):
        """The daily UMA in force on ``day``, or None when no value had started by then."""
        values = self.sudo().search_read(
            [("date_from", "<=", day)], ["date_from", "value"], order="date_from desc", limit=1
        )
        return values[0]["value"] if values else None
