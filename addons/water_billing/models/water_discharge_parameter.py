from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils import discharge

METHODS = [
    (discharge.PER_KG, "Price per kg above the limit"),
    (discharge.TABLE_M3, "Table by degree of excess: rate per m³ discharged"),
    (discharge.TABLE_KG, "Table by degree of excess: rate per kg above the limit"),
]


class WaterDischargeParameter(models.Model):
    """A parameter of the utility's discharge norm: its maximum limit and how the excess is charged."""

    _name = "water.discharge.parameter"
    _description = "Discharge norm parameter (maximum limit and pollution charge)"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True, help="e.g. Grasas y aceites, DBO5, SST.")
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    norm = fields.Char(
        string="Legal basis",
        tracking=True,
        help="The norm and article the limit and price come from, e.g. NOM-002-SEMARNAT-1996; Ley de Ingresos art.",
    )
    limit = fields.Float(string="Maximum limit (mg/l)", digits=(12, 3), required=True, tracking=True)
    method = fields.Selection(METHODS, required=True, default=discharge.PER_KG, tracking=True)
    price_kg = fields.Monetary(string="Price per kg above the limit", tracking=True)
    range_ids = fields.One2many("water.discharge.parameter.range", "parameter_id", string="Rates by degree of excess")
    vat_rate = fields.Float(string="VAT (%)", default=0.0, tracking=True, aggregator=None)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True, tracking=True)

    _sql_constraints = [
        ("code_uniq", "unique(company_id, code)", "The code of a discharge parameter must be unique."),
    ]

    @api.constrains("limit", "price_kg", "vat_rate", "method", "range_ids")
    def _check_norm(self):
        for parameter in self:
            if parameter.limit <= 0:
                raise ValidationError(_("Parameter %s: the maximum limit must be above zero mg/l.", parameter.name))
            if parameter.price_kg < 0:
                raise ValidationError(_("Parameter %s: the price per kg cannot be negative.", parameter.name))
            if not 0 <= parameter.vat_rate <= 100:
                raise ValidationError(_("Parameter %s: the VAT must be between 0 and 100%%.", parameter.name))
            if parameter.method == discharge.PER_KG:
                continue
            ranges = parameter.range_ids.sorted("sequence")
            if not ranges:
                raise ValidationError(_("Parameter %s: a table needs at least one range.", parameter.name))
            uppers = ranges.mapped("upper_pct")
            bounded = [upper for upper in uppers if upper]
            if uppers[-1] or 0 in uppers[:-1] or bounded != sorted(set(bounded)):
                raise ValidationError(
                    _(
                        "Parameter %s: the ranges must go up, and the last one (only) has no upper bound.",
                        parameter.name,
                    )
                )
            if any(rate.rate < 0 for rate in ranges):
                raise ValidationError(_("Parameter %s: a rate cannot be negative.", parameter.name))

    def _to_engine(self):
        """The norm's limits for ``utils.discharge``, in this recordset's order."""
        return [
            discharge.Limit(
                code=parameter.code,
                limit=discharge._dec(parameter.limit),
                method=parameter.method,
                price=discharge.money(parameter.price_kg),
                ranges=tuple(
                    discharge.Range(discharge._dec(r.upper_pct) if r.upper_pct else None, discharge.money(r.rate))
                    for r in parameter.range_ids.sorted("sequence")
                ),
                key=parameter.id,
            )
            for parameter in self
        ]
