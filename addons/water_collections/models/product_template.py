from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    water_concept = fields.Selection(
        selection_add=[("surcharge", "Surcharge (recargo)")], ondelete={"surcharge": "set null"}
    )
