from odoo import fields, models

WATER_CONCEPTS = [
    ("base", "Base fee"),
    ("consumption", "Water consumption"),
    ("block_fixed", "Fixed charge by block"),
    ("fixed_quota", "Fixed quota (unmetered)"),
    ("drainage", "Drainage"),
    ("sanitation", "Sanitation"),
    ("discount", "Social discount"),
    ("charge", "Fee, fine or other charge"),
    ("discharge", "Pollutants in the discharge"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    water_concept = fields.Selection(WATER_CONCEPTS, string="Water bill concept", index=True)
    water_sat_code = fields.Char(string="SAT product key", help="Clave de producto o servicio del SAT, e.g. 83101501.")
    water_sat_unit = fields.Char(string="SAT unit key", help="Clave de unidad del SAT, e.g. MTQ (m³) or E48.")
