from odoo import fields, models, tools
from odoo.tools import SQL

INCOME_CONCEPTS = [
    ("water", "Water"),
    ("drainage", "Drainage"),
    ("sanitation", "Sanitation"),
    ("vat", "VAT"),
    ("surcharges", "Surcharges"),
    ("fees", "Fees (derechos)"),
    ("fines", "Fines (multas)"),
    ("extraordinary", "Extraordinary charges"),
    ("enforcement", "Enforcement costs"),
    ("agreement", "Agreement instalments"),
    ("credit", "Advance payments (credit in favour)"),
    ("reversed", "Cancelled or reversed collections"),
    ("other", "Other"),
]
CHANNELS = [("window", "Cashier window"), ("bank", "Bank"), ("store", "Store"), ("online", "Online")]

# the concept of a bill line from its product's water concept (utils/ledger.py's groups, VAT and charges apart)
LINE_CONCEPT = SQL(
    """CASE
        WHEN dl.display_type = 'tax' THEN 'vat'
        WHEN pt.water_concept IN ('base', 'consumption', 'block_fixed', 'fixed_quota', 'discount') THEN 'water'
        WHEN pt.water_concept = 'drainage' THEN 'drainage'
        WHEN pt.water_concept = 'sanitation' THEN 'sanitation'
        WHEN pt.water_concept = 'surcharge' THEN 'surcharges'
        WHEN pt.water_concept = 'enforcement' THEN 'enforcement'
        WHEN pt.water_concept = 'charge' AND cht.kind = 'fee' THEN 'fees'
        WHEN pt.water_concept = 'charge' AND cht.kind = 'fine' THEN 'fines'
        WHEN pt.water_concept = 'charge' AND cht.kind = 'extraordinary' THEN 'extraordinary'
        ELSE 'other'
    END"""
)
# a collection item: a receivable item of an account in a posted journal entry (``l`` and its move ``m``)
COLLECTION_ITEM = SQL("""l.parent_state = 'posted' AND l.water_contract_id IS NOT NULL AND m.move_type = 'entry'""")
# the channel of a collection entry from its origin ``o`` (the entry, or the one it reverses) and its journal
# ``j``: a cashier receipt, a bank or store payment file, an online payment; NULL when it is not a collection
CHANNEL = SQL(
    """CASE WHEN EXISTS (SELECT 1 FROM water_cash_receipt r WHERE r.move_id = o.id) THEN 'window'
            WHEN o.water_payment_file_id IS NOT NULL THEN
                 CASE WHEN j.type = 'bank' THEN 'bank' ELSE 'store' END
            WHEN o.origin_payment_id IS NOT NULL THEN 'online'
       END"""
)


class WaterReportIncome(models.Model):
    """Income by concept: the money the collection entries took (cashier receipts, bank and store payment files,
    online payments, and their cancellations), each payment split over the debts it paid and each debt over its
    lines' concepts in proportion to their amounts. What a payment has not paid yet is the account's credit.

    Its total for any day is what those entries credited to receivables: the collection entries in accounting."""

    _name = "water.report.income"
    _inherit = ["water.report.mixin"]
    _description = "Income by concept"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"
    # what the view reads: the ORM flushes it before searching the view
    _depends = {
        "account.move": [
            "state",
            "move_type",
            "reversed_entry_id",
            "water_payment_file_id",
            "origin_payment_id",
            "water_agreement_id",
            "water_is_surcharge",
            "journal_id",
        ],
        "account.move.line": [
            "balance",
            "amount_residual",
            "parent_state",
            "water_contract_id",
            "account_id",
            "date",
            "move_id",
            "product_id",
            "display_type",
        ],
        "account.partial.reconcile": ["amount", "debit_move_id", "credit_move_id"],
        "water.cash.receipt": ["move_id", "user_id"],
        "water.contract": ["sector_id", "route_id", "service_class_id"],
    }

    _water_report_columns = [
        "date",
        "channel",
        "journal_id",
        "user_id",
        "move_id",
        "contract_id",
        "sector_id",
        "route_id",
        "service_class_id",
        "concept",
        "amount",
    ]

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel = fields.Selection(CHANNELS, readonly=True)
    journal_id = fields.Many2one("account.journal", readonly=True)
    user_id = fields.Many2one("res.users", string="Cashier or importer", readonly=True)
    move_id = fields.Many2one("account.move", string="Collection entry", readonly=True)
    line_id = fields.Many2one("account.move.line", string="Journal item", readonly=True)
    debt_move_id = fields.Many2one("account.move", string="Debt paid", readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    route_id = fields.Many2one("water.route", readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    concept = fields.Selection(INCOME_CONCEPTS, readonly=True)
    amount = fields.Monetary(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %(table)s AS
WITH src AS (
    SELECT l.id AS line_id, l.move_id, l.date, l.company_id, l.journal_id, l.water_contract_id AS contract_id,
           -l.balance AS amount, -l.amount_residual AS unapplied,
           COALESCE(m.reversed_entry_id, m.id) AS origin_id
      FROM account_move_line l
      JOIN account_move m ON m.id = l.move_id
      JOIN account_account acc ON acc.id = l.account_id AND acc.account_type = 'asset_receivable'
     WHERE %(collection_item)s
), collected AS NOT MATERIALIZED (
    -- inlined in each branch below, so that a period's filter reaches the journal items' date
    SELECT src.*, %(channel)s AS channel,
           COALESCE((SELECT r.user_id FROM water_cash_receipt r WHERE r.move_id = o.id LIMIT 1),
                    (SELECT f.imported_by_id FROM water_payment_file f WHERE f.id = o.water_payment_file_id))
               AS user_id
      FROM src
      JOIN account_move o ON o.id = src.origin_id
 LEFT JOIN account_journal j ON j.id = o.journal_id
), parts AS (
    -- what each collection item paid (credit side), what cancelled it (debit side), and what it has not paid yet
    SELECT c.*, p.id * 64 AS key, p.amount AS part, p.debit_move_id AS debt_line_id
      FROM collected c JOIN account_partial_reconcile p ON p.credit_move_id = c.line_id
     WHERE c.channel IS NOT NULL
    UNION ALL
    SELECT c.*, p.id * 64 + 16, -p.amount, p.credit_move_id
      FROM collected c JOIN account_partial_reconcile p ON p.debit_move_id = c.line_id
     WHERE c.channel IS NOT NULL
    UNION ALL
    SELECT c.*, c.line_id * 64 + 32, c.unapplied, NULL
      FROM collected c
     WHERE c.channel IS NOT NULL AND c.unapplied != 0
)
SELECT parts.key + shares.rank AS id, parts.date, parts.company_id, parts.channel, parts.journal_id,
       parts.user_id, parts.move_id, parts.line_id, dl0.move_id AS debt_move_id, parts.contract_id,
       ct.sector_id, ct.route_id, ct.service_class_id, shares.concept,
       (parts.part * shares.share)::numeric AS amount
  FROM parts
  JOIN water_contract ct ON ct.id = parts.contract_id
  LEFT JOIN account_move_line dl0 ON dl0.id = parts.debt_line_id
  LEFT JOIN account_move dm ON dm.id = dl0.move_id
  CROSS JOIN LATERAL (
      SELECT 0 AS rank, 'credit' AS concept, 1.0 AS share WHERE parts.debt_line_id IS NULL
      UNION ALL
      SELECT 0, CASE WHEN dm.water_agreement_id IS NOT NULL THEN 'agreement'
                     WHEN dm.water_is_surcharge THEN 'surcharges'
                     ELSE 'reversed' END, 1.0
       WHERE dm.id IS NOT NULL
         AND (dm.water_agreement_id IS NOT NULL OR dm.water_is_surcharge OR dm.move_type = 'entry')
      UNION ALL
      SELECT (ROW_NUMBER() OVER (ORDER BY w.concept))::int, w.concept,
             w.weight / NULLIF(SUM(w.weight) OVER (), 0)
        FROM (
            SELECT %(line_concept)s AS concept, SUM(-dl.balance) AS weight
              FROM account_move_line dl
              JOIN account_account da ON da.id = dl.account_id
         LEFT JOIN product_product pp ON pp.id = dl.product_id
         LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN water_charge_type cht ON cht.product_id = dl.product_id
             WHERE dl.move_id = dm.id AND da.account_type != 'asset_receivable'
               AND dl.display_type NOT IN ('line_section', 'line_note')
          GROUP BY 1
        ) w
       WHERE dm.id IS NOT NULL AND dm.move_type != 'entry' AND dm.water_agreement_id IS NULL
         AND NOT COALESCE(dm.water_is_surcharge, FALSE)
  ) shares
                """,
                table=SQL.identifier(self._table),
                line_concept=LINE_CONCEPT,
                collection_item=COLLECTION_ITEM,
                channel=CHANNEL,
            )
        )
