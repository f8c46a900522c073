# pylint: disable=consider-merging-classes-inherited
# (the certificates' settings keep their own file beside the other parts of the company's settings)
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    water_certificate_validity_days = fields.Integer(
        string="Certificates valid for (days)",
        default=30,
        help="No-debt certificates and letters of non-existence are valid this many days from their issue (the "
        "issue day counts).",
    )
    water_certificate_signer_name = fields.Char(
        string="Certificates signed by",
        help="The authorised officer whose name is printed in the signature block of the certificates. When "
        "empty, the collections officer who issues each certificate signs it.",
    )
    water_certificate_signer_title = fields.Char(
        string="Signer's title", help="E.g. Jefe del Departamento de Comercialización."
    )

    _sql_constraints = [
        (
            "water_certificate_validity_positive",
            "CHECK(water_certificate_validity_days > 0)",
            "Certificates must be valid for at least one day.",
        ),
    ]
