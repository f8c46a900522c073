# pylint: disable=consider-merging-classes-inherited
# (an extension of its own, apart from the other developers' work on the same model)
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # the ledger counts it among the account's other charges (otros cargos)
    water_concept = fields.Selection(
        selection_add=[("enforcement", "Enforcement costs (gastos de ejecución)")],
        ondelete={"enforcement": "set null"},
    )
