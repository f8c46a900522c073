from odoo import fields, models, tools
from odoo.tools import SQL


class WaterReportCashDeposit(models.Model):
    """The cash desk's money from the window to the bank, one row per closed session: what its receipts collected,
    what was counted (float excluded), the cash and cheques to deposit, what posted deposit slips took of them,
    and how much of that the bank has credited (the slip's item reconciled with the bank's line)."""

    _name = "water.report.cash.deposit"
    _description = "Collected, deposited and credited by session"
    _inherit = ["water.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "session_id"
    _water_report_date_field = "date"
    _depends = {
        "water.cash.session": ["name", "state", "date_close", "user_id", "move_id", "company_id"],
        "water.cash.deposit": ["state", "move_id"],
        "water.cash.deposit.line": ["deposit_id", "session_id", "amount"],
        "account.move.line": ["debit", "credit", "account_id", "reconciled"],
    }
    _water_report_columns = [
        "date",
        "session_id",
        "user_id",
        "collected",
        "counted",
        "count_difference",
        "to_deposit",
        "deposited",
        "pending",
        "credited",
        "not_credited",
    ]

    date = fields.Date(string="Day", readonly=True)
    session_id = fields.Many2one("water.cash.session", string="Session", readonly=True)
    user_id = fields.Many2one("res.users", string="Cashier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    collected = fields.Monetary(readonly=True, help="What the session's receipts collected, every method.")
    counted = fields.Monetary(readonly=True, help="What the cashier counted, every method, float excluded.")
    count_difference = fields.Monetary(
        string="Count difference", readonly=True, help="Counted minus collected (surplus or shortage at closing)."
    )
    to_deposit = fields.Monetary(string="To deposit", readonly=True, help="Cash and cheques counted.")
    deposited = fields.Monetary(readonly=True, help="What posted deposit slips took of the session.")
    pending = fields.Monetary(string="Not deposited", readonly=True, help="To deposit minus deposited.")
    credited = fields.Monetary(
        string="Credited by the bank",
        readonly=True,
        help="Deposited on slips whose bank item is reconciled with the bank's credit.",
    )
    not_credited = fields.Monetary(
        string="Not credited yet", readonly=True, help="Deposited minus credited by the bank."
    )
    is_different = fields.Boolean(string="With differences", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                WITH sessions AS (
                    SELECT s.id, s.user_id, s.company_id, s.move_id,
                           (s.date_close AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS date
                      FROM water_cash_session s
                     WHERE s.state = 'closed'
                ), items AS (
                    SELECT l.move_id,
                           SUM(l.credit) FILTER (WHERE l.account_id = c.water_cash_transit_account_id) AS collected,
                           SUM(l.debit - l.credit) FILTER (WHERE m.code IS NOT NULL) AS counted,
                           SUM(l.debit - l.credit) FILTER (WHERE m.code IN ('cash', 'cheque')) AS to_deposit
                      FROM account_move_line l
                      JOIN res_company c ON c.id = l.company_id
                      LEFT JOIN water_cash_method m ON m.account_id = l.account_id AND m.company_id = l.company_id
                     WHERE l.move_id IN (SELECT move_id FROM sessions WHERE move_id IS NOT NULL)
                     GROUP BY l.move_id
                ), slips AS (
                    -- a slip is credited when its reconcilable debit (deposits in transit) is reconciled
                    SELECT d.id, COALESCE(bool_and(ml.reconciled) FILTER (WHERE a.reconcile), FALSE) AS credited
                      FROM water_cash_deposit d
                      LEFT JOIN account_move_line ml ON ml.move_id = d.move_id AND ml.debit > 0
                      LEFT JOIN account_account a ON a.id = ml.account_id
                     WHERE d.state = 'posted'
                     GROUP BY d.id
                ), deposits AS (
                    SELECT dl.session_id, SUM(dl.amount) AS deposited,
                           SUM(dl.amount) FILTER (WHERE slips.credited) AS credited
                      FROM water_cash_deposit_line dl
                      JOIN slips ON slips.id = dl.deposit_id
                     GROUP BY dl.session_id
                )
                SELECT s.id, s.id AS session_id, s.date, s.user_id, s.company_id, c.currency_id,
                       COALESCE(i.collected, 0) AS collected,
                       COALESCE(i.counted, 0) AS counted,
                       COALESCE(i.counted, 0) - COALESCE(i.collected, 0) AS count_difference,
                       COALESCE(i.to_deposit, 0) AS to_deposit,
                       COALESCE(d.deposited, 0) AS deposited,
                       COALESCE(i.to_deposit, 0) - COALESCE(d.deposited, 0) AS pending,
                       COALESCE(d.credited, 0) AS credited,
                       COALESCE(d.deposited, 0) - COALESCE(d.credited, 0) AS not_credited,
                       (COALESCE(i.counted, 0) != COALESCE(i.collected, 0)
                        OR COALESCE(i.to_deposit, 0) != COALESCE(d.deposited, 0)
                        OR COALESCE(d.deposited, 0) != COALESCE(d.credited, 0)) AS is_different
                  FROM sessions s
                  JOIN res_company c ON c.id = s.company_id
                  LEFT JOIN items i ON i.move_id = s.move_id
                  LEFT JOIN deposits d ON d.session_id = s.id
            )
            """,
                table=SQL.identifier(self._table),
                tz=self.env.company.partner_id.tz or "America/Mexico_City",
            )
        )
