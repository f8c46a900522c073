from odoo import fields, models, tools
from odoo.tools import SQL

from .water_report_income import LINE_CONCEPT

BILL_KINDS = [("bill", "Bill"), ("charge", "Other charge"), ("surcharge", "Surcharge"), ("refund", "Adjustment")]
BASES = [
    ("measured", "Measured"),
    ("estimated", "Estimated"),
    ("minimum", "Minimum"),
    ("none", "Nothing"),
    ("unmetered", "Unmetered (fixed quota or assumed volume)"),
]
# a billed document of an account (``m``): posted customer invoices and credit notes with an account
BILLED_MOVE = SQL(
    "m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund') AND m.water_contract_id IS NOT NULL"
)


class WaterReportBill(models.Model):
    """Billing and volumes: one row per posted invoice or credit note of an account (bills, other charges,
    surcharges, adjustments), signed (a credit note is negative), with its volume and its amounts by concept.

    ``month`` is the billing period's first day for bills, the invoice date's month otherwise."""

    _name = "water.report.bill"
    _inherit = ["water.report.mixin"]
    _description = "Billing and volumes"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"
    _depends = {
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "water_contract_id",
            "water_period_id",
            "water_reading_id",
            "water_volume",
            "water_is_surcharge",
            "amount_total_signed",
            "amount_untaxed_signed",
        ],
        "account.move.line": ["balance", "account_id", "move_id", "product_id", "display_type"],
        "water.contract": ["sector_id", "route_id", "service_class_id"],
        "water.reading": ["basis"],
    }

    _water_report_columns = [
        "date",
        "month",
        "period_id",
        "kind",
        "move_id",
        "contract_id",
        "sector_id",
        "route_id",
        "service_class_id",
        "basis",
        "volume",
        "water",
        "drainage",
        "sanitation",
        "vat",
        "charges",
        "other",
        "amount_total",
    ]

    date = fields.Date(string="Invoice date", readonly=True)
    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    kind = fields.Selection(BILL_KINDS, readonly=True)
    period_id = fields.Many2one("water.billing.period", readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    route_id = fields.Many2one("water.route", readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    basis = fields.Selection(BASES, string="Billed as", readonly=True)
    bill_count = fields.Integer(string="Bills", readonly=True)
    volume = fields.Float(string="Volume (m³)", digits=(16, 2), readonly=True)
    water = fields.Monetary(readonly=True)
    drainage = fields.Monetary(readonly=True)
    sanitation = fields.Monetary(readonly=True)
    surcharges = fields.Monetary(readonly=True)
    charges = fields.Monetary(string="Fees, fines and charges", readonly=True)
    vat = fields.Monetary(string="VAT", readonly=True)
    other = fields.Monetary(readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %(table)s AS
SELECT m.id, m.id AS move_id, m.invoice_date AS date, m.company_id,
       COALESCE(per.date_start, date_trunc('month', m.invoice_date)::date) AS month,
       m.water_period_id AS period_id,
       CASE WHEN m.move_type = 'out_refund' THEN 'refund'
            WHEN m.water_is_surcharge THEN 'surcharge'
            WHEN m.water_period_id IS NOT NULL THEN 'bill'
            ELSE 'charge' END AS kind,
       m.water_contract_id AS contract_id, ct.sector_id, ct.route_id, ct.service_class_id,
       CASE WHEN s.is_bill THEN COALESCE(rd.basis, 'unmetered') END AS basis,
       CASE WHEN s.is_bill THEN 1 ELSE 0 END AS bill_count,
       COALESCE(m.water_volume, 0) * sign AS volume,
       COALESCE(c.water, 0) AS water, COALESCE(c.drainage, 0) AS drainage,
       COALESCE(c.sanitation, 0) AS sanitation, COALESCE(c.surcharges, 0) AS surcharges,
       COALESCE(c.charges, 0) AS charges, COALESCE(c.vat, 0) AS vat,
       COALESCE(c.other, 0) AS other,
       m.amount_untaxed_signed AS amount_untaxed, m.amount_total_signed AS amount_total
  FROM account_move m
  JOIN water_contract ct ON ct.id = m.water_contract_id
  CROSS JOIN LATERAL (
      SELECT CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END AS sign,
             m.move_type = 'out_invoice' AND m.water_period_id IS NOT NULL
                 AND NOT COALESCE(m.water_is_surcharge, FALSE) AS is_bill
  ) s
  LEFT JOIN water_billing_period per ON per.id = m.water_period_id
  LEFT JOIN water_reading rd ON rd.id = m.water_reading_id
  CROSS JOIN LATERAL (
      SELECT SUM(part) FILTER (WHERE concept = 'water') AS water,
             SUM(part) FILTER (WHERE concept = 'drainage') AS drainage,
             SUM(part) FILTER (WHERE concept = 'sanitation') AS sanitation,
             SUM(part) FILTER (WHERE concept = 'surcharges') AS surcharges,
             SUM(part) FILTER (WHERE concept IN ('fees', 'fines', 'extraordinary', 'enforcement')) AS charges,
             SUM(part) FILTER (WHERE concept = 'vat') AS vat,
             SUM(part) FILTER (WHERE concept = 'other') AS other
        FROM (
            SELECT CASE WHEN m.water_is_surcharge AND dl.display_type != 'tax' THEN 'surcharges'
                        ELSE %(line_concept)s END AS concept,
                   -dl.balance AS part
              FROM account_move_line dl
              JOIN account_account da ON da.id = dl.account_id
         LEFT JOIN product_product pp ON pp.id = dl.product_id
         LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN water_charge_type cht ON cht.product_id = dl.product_id
             WHERE dl.move_id = m.id AND da.account_type != 'asset_receivable'
               AND dl.display_type NOT IN ('line_section', 'line_note')
        ) lines
  ) c
 WHERE %(billed_move)s
                """,
                table=SQL.identifier(self._table),
                line_concept=LINE_CONCEPT,
                billed_move=BILLED_MOVE,
            )
        )
