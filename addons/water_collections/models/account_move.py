import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.modules import module
from odoo.tools import SQL, format_date

from ..utils.surcharge import surcharge_amount, surcharge_month

_logger = logging.getLogger(__name__)
SURCHARGE_BATCH = 1000
LEDGER_BATCH = 5000  # accounts per ledger query when the surcharges look for their base
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


class AccountMove(models.Model):
    _inherit = "account.move"

    water_surcharge_month = fields.Date(
        string="Surcharge month",
        readonly=True,
        copy=False,
        help="First day of the month the surcharge belongs to: one surcharge per account and month.",
    )
    water_surcharge_base = fields.Monetary(
        string="Overdue balance surcharged", readonly=True, copy=False, help="What the account owed on overdue bills."
    )
    water_payment_file_id = fields.Many2one(
        "water.payment.file", string="Payment file", readonly=True, copy=False, index="btree_not_null"
    )
    water_forgiveness_id = fields.Many2one(
        "water.surcharge.forgiveness", string="Forgiveness", readonly=True, copy=False, index="btree_not_null"
    )
    water_agreement_id = fields.Many2one(
        "water.payment.agreement",
        string="Payment agreement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The agreement whose entry this is: its instalments, its breach, or its surcharges charged back.",
    )

    def _auto_init(self):
        result = super()._auto_init()
        # one surcharge per account and month, whatever the scheduled job does (a cancelled one excepted)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_water_surcharge_month_uniq
                ON account_move (water_contract_id, water_surcharge_month)
             WHERE water_surcharge_month IS NOT NULL AND move_type = 'out_invoice' AND state != 'cancel'
            """
        )
        return result

    # ---------------------------------------------------------------- surcharges
    @api.model
    def _cron_water_surcharges(self):
        """Monthly job: every company with a rate surcharges its overdue balances of the month (once)."""
        for company in self.env["res.company"].search([("water_surcharge_rate", ">", 0)]):
            self.with_company(company)._water_apply_surcharges()

    @api.model
    def _water_surcharge_product(self):
        product = self.env.ref("water_collections.product_water_surcharge", raise_if_not_found=False)
        if not product:
            product = self.env["product.product"].search([("water_concept", "=", "surcharge")], limit=1)
        if not product:
            raise UserError(_("The surcharge product (concept Surcharge) is missing."))
        return product

    @api.model
    def _water_overdue_balances(self, day, batch_size=LEDGER_BATCH):
        """[(contract id, number, partner id, journal id, overdue balance)] of the accounts without a surcharge
        this month: the candidates (accounts with a water bill overdue on ``day``) in one query, their base from the
        ledger in batches of accounts: overdue water bills less the account's credits (surcharges are not
        surcharged). Accounts whose credits cover their overdue bills are left out."""
        self.env["account.move"].flush_model(
            ["amount_residual", "state", "water_contract_id", "water_period_id", "invoice_date_due"]
        )
        self.env.cr.execute(
            SQL(
                """
            SELECT m.water_contract_id, c.number, c.partner_id, MAX(m.journal_id)
              FROM account_move m
              JOIN water_contract c ON c.id = m.water_contract_id
             WHERE m.company_id = %(company)s AND m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.water_period_id IS NOT NULL AND m.amount_residual > 0 AND m.invoice_date_due < %(day)s
               AND NOT EXISTS (
                    SELECT 1 FROM account_move s
                     WHERE s.water_contract_id = m.water_contract_id AND s.water_surcharge_month = %(month)s
                       AND s.move_type = 'out_invoice' AND s.state != 'cancel')
          GROUP BY m.water_contract_id, c.number, c.partner_id
          ORDER BY m.water_contract_id
                """,
                company=self.env.company.id,
                day=day,
                month=surcharge_month(day),
            )
        )
        candidates = self.env.cr.fetchall()
        Contract = self.env["water.contract"].sudo()
        rows = []
        for start in range(0, len(candidates), batch_size):
            batch = candidates[start : start + batch_size]
            bases = Contract.browse([row[0] for row in batch])._water_overdue_balances(day, kinds=("bill",))
            rows += [(*row, bases.get(row[0], 0.0)) for row in batch if bases.get(row[0], 0.0) > 0]
        return rows

    @api.model
    def _water_apply_surcharges(self, day=None, batch_size=SURCHARGE_BATCH):
        """Post this month's surcharge of every account with overdue bills; return how many were posted.

        Once per account and month: accounts already surcharged this month are skipped (and a unique index
        refuses a second one). Batches are committed outside tests, so a run that stops half-way resumes
        where it stopped when it runs again.
        """
        company = self.env.company
        day = day or fields.Date.context_today(self)
        month = surcharge_month(day)
        rate = company.water_surcharge_rate
        if rate <= 0:
            return 0
        env = self.env(context=dict(self.env.context, lang=company.partner_id.lang or self.env.lang, **QUIET))
        product = env["account.move"]._water_surcharge_product()
        month_label = format_date(env, month, date_format="MMMM y")
        commit = not module.current_test and not self.env.registry.in_test_mode()
        rows = [row for row in self._water_overdue_balances(day) if surcharge_amount(row[4], rate) > 0]
        posted = 0
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            moves = env["account.move"].create(
                [self._water_surcharge_values(row, day, month, rate, product, month_label, env) for row in batch]
            )
            moves.action_post()
            posted += len(moves)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
            _logger.info("Surcharges of %s: %s of %s accounts posted", month_label, posted, len(rows))
        return posted

    @api.model
    def _water_surcharge_values(self, row, day, month, rate, product, month_label, env):
        contract_id, number, partner_id, journal_id, balance = row
        amount = surcharge_amount(balance, rate)
        return {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "journal_id": journal_id,
            "invoice_date": day,
            "invoice_date_due": day,
            "water_contract_id": contract_id,
            "water_is_surcharge": True,
            "water_surcharge_month": month,
            "water_surcharge_base": balance,
            "ref": env._("Surcharge %(month)s account %(account)s", month=month_label, account=number),
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "name": env._(
                            "Surcharge %(month)s: %(rate)s%% of the overdue balance %(balance)s",
                            month=month_label,
                            rate=format(rate, "g"),
                            balance=format(balance, ",.2f"),
                        ),
                        "quantity": 1,
                        "price_unit": float(amount),
                        "tax_ids": [(6, 0, [])],
                    },
                )
            ],
        }
