from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils import charges

CHARGE_KINDS = [("fee", "Fee (derecho)"), ("fine", "Fine (multa)"), ("extraordinary", "Extraordinary charge")]
CHARGE_PURPOSES = [
    ("contract", "Contract (contratación)"),
    ("feasibility", "Feasibility study (factibilidad)"),
    ("reconnection_restriction", "Reconnection after a restriction"),
    ("reconnection_box", "Reconnection after a cut at the box"),
    ("reconnection_network", "Reconnection after a cut at the network"),
    ("meter_install", "Meter installation"),
    ("holder_change", "Change of holder"),
    ("no_debt_certificate", "No-debt certificate (constancia de no adeudo)"),
    ("non_existence_letter", "Letter of non-existence (carta de inexistencia)"),
    ("bill_reprint", "Bill reprint (reposición de recibo)"),
    ("fine_clandestine", "Fine: clandestine connection"),
    ("fine_self_reconnection", "Fine: reconnection without authorisation"),
    ("fine_meter_tampering", "Fine: meter tampering"),
    ("fine_waste", "Fine: waste of water"),
]
BILLING_MODES = [("now", "Invoiced at once (paid at the window)"), ("next_bill", "Added to the account's next bill")]


class WaterChargeType(models.Model):
    _name = "water.charge.type"
    _description = "Charges catalogue item (derecho, multa, cargo)"
    _inherit = ["mail.thread"]
    _order = "kind, sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True, help="The article or code of the Ley de Ingresos.")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(CHARGE_KINDS, required=True, default="fee", tracking=True)
    purpose = fields.Selection(
        CHARGE_PURPOSES,
        tracking=True,
        help="What the system charges this item for (a reconnection, a certificate...). Empty: charged by hand only.",
    )
    billing_mode = fields.Selection(BILLING_MODES, required=True, default="now", tracking=True)
    product_id = fields.Many2one(
        "product.product",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The product of its invoice lines (made with the item): its income account and SAT keys.",
    )
    sat_code = fields.Char(string="SAT product key", default="83101501", tracking=True)
    sat_unit = fields.Char(string="SAT unit key", default="E48", tracking=True)
    vat_rate = fields.Float(string="VAT (%)", default=0.0, tracking=True, aggregator=None)
    rate_ids = fields.One2many("water.charge.rate", "charge_type_id", string="Amounts by Ley de Ingresos")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(company_id, code)", "The code of a charge must be unique."),
        ("vat_range", "CHECK(vat_rate >= 0 AND vat_rate <= 100)", "The VAT of a charge must be between 0 and 100%."),
    ]

    @api.constrains("purpose", "company_id", "active")
    def _check_purpose(self):
        for item in self.filtered(lambda t: t.purpose and t.active):
            if self.search_count(
                [("id", "!=", item.id), ("purpose", "=", item.purpose), ("company_id", "=", item.company_id.id)]
            ):
                raise ValidationError(
                    _("Another item of the catalogue is already charged for this purpose: %s", item.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        for item in items.filtered(lambda t: not t.product_id):
            item.product_id = self.env["product.product"].sudo().create(item._water_product_values())
        return items

    def write(self, vals):
        result = super().write(vals)
        if {"name", "code", "sat_code", "sat_unit"} & set(vals):
            for item in self.filtered("product_id"):
                item.product_id.sudo().write(item._water_product_values())
        return result

    def _water_product_values(self):
        return {
            "name": self.name,
            "default_code": self.code,
            "type": "service",
            "categ_id": self.env.ref("water_billing.product_category_water").id,
            "water_concept": "charge",
            "water_sat_code": self.sat_code,
            "water_sat_unit": self.sat_unit,
            "taxes_id": [(5, 0, 0)],
            "company_id": False,
        }

    @api.model
    def _water_by_purpose(self, purpose, company=None):
        company = company or self.env.company
        item = self.sudo().search([("purpose", "=", purpose), ("company_id", "=", company.id)], limit=1)
        if not item:
            label = dict(self._fields["purpose"]._description_selection(self.env))[purpose]
            raise UserError(_("The charges catalogue has no item for: %s. Add it under Configuration.", label))
        return item

    def _water_rate_on(self, day):
        """The item's rate in force on ``day`` (water.charge.rate) or a Spanish error."""
        self.ensure_one()
        rates = self.sudo().rate_ids
        found = charges.in_force([rate._water_engine() for rate in rates], day)
        if not found:
            raise UserError(
                _("%(item)s has no amount in force on %(day)s in the charges catalogue.", item=self.name, day=day)
            )
        return rates.browse(found.key)

    def _water_bounds(self, day):
        """(rate, minimum, maximum or None) in pesos of the item on ``day``."""
        rate = self._water_rate_on(day)
        low, high = rate._water_bounds(day)
        return rate, low, high
