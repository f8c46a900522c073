# pylint: disable=consider-merging-classes-inherited
# (an extension of its own, apart from the other developers' work on the same model)
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------ PAE
    water_pae_cost_rate = fields.Float(
        string="Enforcement costs rate (%)",
        default=2.0,
        digits=(5, 2),
        help="Gastos de ejecución: this percentage of the credit determined (2% in article 150 of the Código Fiscal "
        "de la Federación; the state's fiscal code may say otherwise), charged to the account when the credit is "
        "determined.",
    )
    water_pae_cost_minimum = fields.Float(
        string="Enforcement costs minimum",
        digits="Account",
        help="The legal minimum of the enforcement costs in pesos (the law often states it in UMA: enter its peso "
        "value of the year).",
    )
    water_pae_legal_determination = fields.Text(
        string="Legal basis of the determination of the credit",
        help="Printed on the determination of the credit (the PAE stage's legal text is printed when this is empty).",
    )
    water_pae_legal_requirement = fields.Text(
        string="Legal basis of the demand for payment", help="Printed on the requerimiento de pago."
    )
    water_pae_legal_mandate = fields.Text(
        string="Legal basis of the enforcement order", help="Printed on the mandamiento de ejecución."
    )
    water_pae_legal_seizure = fields.Text(string="Legal basis of the seizure", help="Printed on the acta de embargo.")

    # ------------------------------------------------------------------ write-offs
    water_writeoff_journal_id = fields.Many2one(
        "account.journal",
        string="Write-off journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the entries that write uncollectable accounts off.",
    )
    water_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Write-off account",
        check_company=True,
        help="The allowance for doubtful accounts (estimación de cuentas incobrables) or the expense account the "
        "write-offs debit.",
    )
    water_writeoff_threshold = fields.Float(
        string="Write-off amount needing the board",
        digits="Account",
        help="A write-off whose total is above this amount needs a second approval by another commercial manager "
        "and the number of the board's minute (acta de cabildo / junta de gobierno). Zero: never.",
    )

    _sql_constraints = [
        (
            "water_pae_cost_rate_range",
            "CHECK(water_pae_cost_rate >= 0 AND water_pae_cost_rate <= 100)",
            "The enforcement costs rate must be between 0 and 100%.",
        ),
        (
            "water_pae_cost_minimum_positive",
            "CHECK(water_pae_cost_minimum >= 0)",
            "The enforcement costs minimum cannot be negative.",
        ),
        (
            "water_writeoff_threshold_positive",
            "CHECK(water_writeoff_threshold >= 0)",
            "The write-off amount needing the board cannot be negative.",
        ),
    ]
