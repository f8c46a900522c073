from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    water_review_large_consumers = fields.Boolean(
        string="Review large consumers before billing",
        help="A bill run does not start while the large consumers of its period wait for the collections officer's "
        "review; those held are not billed until validated.",
    )
