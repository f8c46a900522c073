# pylint: disable=consider-merging-classes-inherited
# (what the agreement's list of debts covered shows of each journal item keeps its own file)
from odoo import fields, models


class AccountMoveLine(models.Model):
    """The period and the kind of an account's open debt, as the officer reads them when choosing the debts an agreement
    covers."""

    _inherit = "account.move.line"

    water_period_id = fields.Many2one(related="move_id.water_period_id", string="Billing period")
    water_is_surcharge = fields.Boolean(related="move_id.water_is_surcharge", string="Surcharge")
