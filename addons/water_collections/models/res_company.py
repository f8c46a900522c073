from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    water_surcharge_rate = fields.Float(
        string="Monthly surcharge rate (%)",
        default=1.47,
        digits=(5, 4),
        help="Applied once a month to what each account owes on bills past their due date (recargos).",
    )
    water_forgiveness_officer_limit = fields.Float(
        string="Forgiveness limit of the collections officer (%)",
        default=50.0,
        help="The collections officer forgives surcharges up to this percentage; above it the commercial manager "
        "approves (up to 100%).",
    )

    _sql_constraints = [
        (
            "water_surcharge_rate_range",
            "CHECK(water_surcharge_rate >= 0 AND water_surcharge_rate <= 100)",
            "The monthly surcharge rate must be between 0 and 100%.",
        ),
        (
            "water_forgiveness_officer_limit_range",
            "CHECK(water_forgiveness_officer_limit >= 0 AND water_forgiveness_officer_limit <= 100)",
            "The forgiveness limit of the collections officer must be between 0 and 100%.",
        ),
    ]
