from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils import charges


class WaterChargeRate(models.Model):
    _name = "water.charge.rate"
    _description = "Amount of a charge under a Ley de Ingresos"
    _order = "date_from desc"

    charge_type_id = fields.Many2one("water.charge.type", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Law", required=True, help="e.g. Ley de Ingresos 2026, artículo 14 fracción III")
    date_from = fields.Date(string="Valid from", required=True)
    date_to = fields.Date(string="Valid until")
    unit = fields.Selection(
        [(charges.PESOS, "Pesos"), (charges.UMA, "UMA (times the daily value)")], required=True, default=charges.PESOS
    )
    amount = fields.Float(required=True, digits=(12, 2), help="The amount, or the minimum when the law gives a range.")
    amount_max = fields.Float(
        string="Maximum", digits=(12, 2), help="When the law gives a range: the commercial manager sets the amount."
    )
    company_id = fields.Many2one(related="charge_type_id.company_id", store=True)

    _sql_constraints = [
        ("dates_order", "CHECK(date_to IS NULL OR date_to >= date_from)", "An amount must end after it starts."),
        ("amount_positive", "CHECK(amount >= 0)", "The amount of a charge cannot be negative."),
        (
            "range_order",
            "CHECK(amount_max IS NULL OR amount_max = 0 OR amount_max >= amount)",
            "The maximum of a range must not be below its minimum.",
        ),
    ]

    @api.constrains("date_from", "date_to", "charge_type_id")
    def _check_overlap(self):
        for rate in self:
            for other in rate.charge_type_id.rate_ids - rate:
                if charges.overlaps(rate.date_from, rate.date_to or None, other.date_from, other.date_to or None):
                    raise ValidationError(
                        _(
                            "Two amounts of %(item)s overlap: %(a)s and %(b)s.",
                            item=rate.charge_type_id.name,
                            a=rate.name,
                            b=other.name,
                        )
                    )

    def _water_engine(self):
        return charges.Rate(
            self.date_from,
            self.date_to or None,
            self.unit,
            Decimal(str(self.amount)),
            Decimal(str(self.amount_max)) if self.amount_max else None,
            key=self.id,
        )

    def _water_bounds(self, day):
        """(minimum, maximum or None) in pesos on ``day`` (UMA amounts by the UMA in force that day)."""
        self.ensure_one()
        uma = None
        if self.unit == charges.UMA:
            uma = self.env["water.uma.value"]._water_value_on(day)
            if uma is None:
                raise UserError(_("There is no UMA value in force on %s: add it under Configuration.", day))
        return charges.bounds(self._water_engine(), uma)
