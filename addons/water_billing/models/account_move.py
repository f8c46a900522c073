from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    water_contract_id = fields.Many2one("water.contract", string="Water account", index=True, readonly=True, copy=False)
    water_period_id = fields.Many2one(
        "water.billing.period", string="Billing period", index=True, readonly=True, copy=False
    )
    water_reading_id = fields.Many2one("water.reading", readonly=True, copy=False)
    water_bill_run_id = fields.Many2one("water.bill.run", readonly=True, copy=False, index=True)
    water_volume = fields.Float(
        string="Billed volume (m³)", readonly=True, copy=False, help="Measured, estimated or assumed m³ billed."
    )
    water_previous_balance = fields.Monetary(
        string="Previous balance",
        readonly=True,
        copy=False,
        help="What the account owed from earlier bills when this bill was issued.",
    )

    def _auto_init(self):
        result = super()._auto_init()
        # one bill per account and period, whatever happens to a run (cancelled bills excepted)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_water_contract_period_uniq
                ON account_move (water_contract_id, water_period_id)
             WHERE water_contract_id IS NOT NULL AND move_type = 'out_invoice' AND state != 'cancel'
            """
        )
        return result
