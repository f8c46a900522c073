from odoo import fields, models

from .water_payment_agreement import AGREEMENT_STATES


class WaterPaymentAgreementReport(models.Model):
    """The payment agreements as figures (a SQL view, one row per agreement, its id the agreement's): what was agreed
    against what was collected, what is owed, and the breach rate, for the list, the pivot, the graph and the XLSX.

    Read live from the agreements, their instalments and the reconciliations of the instalments' receivables, so
    that nothing has to be kept up to date when a payment comes in or the state changes:

    - agreed: the total signed (down payment, instalments and their interest) of the agreements that were in force
      (waiting for the down payment and later, never cancelled); a restructured agreement counts what it collected,
      the rest being agreed again by its restructuring;
    - collected: the down payment (what the covered debts owed less the forgiveness and what was financed, once the
      agreement became active) and what the instalments were paid (their reconciliations with anything but the
      agreements' own entries: the breach or a restructuring closes them without money; once a restructuring made
      since covers an instalment, what pays it is the restructuring's down payment, not counted twice);
    - owed: what the agreements in force still have to collect;
    - breach rate: 100 for a broken agreement, 0 for a completed or active one, nothing for the others; its average
      over a group is the broken ones over the broken, completed and active ones.
    """

    _name = "water.payment.agreement.report"
    _description = "Payment agreements analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "name"
    # what the view reads: flushed before it is queried
    _depends = {
        "water.payment.agreement": [
            "name", "company_id", "contract_id", "partner_id", "sector_id", "service_class_id", "user_id", "state",
            "date_confirmed", "create_date", "instalment_count", "restructure_count", "amount_debt", "amount_forgiven",
            "amount_financed", "amount_total", "date_active", "move_id", "debt_line_ids",
        ],
        "water.payment.agreement.line": ["agreement_id", "move_line_id", "state", "date_due"],
        "account.partial.reconcile": ["debit_move_id", "credit_move_id", "amount", "create_date"],
        "account.move.line": ["move_id", "amount_residual"],
        "account.move": ["water_agreement_id"],
    }  # fmt: skip

    agreement_id = fields.Many2one("water.payment.agreement", readonly=True)
    name = fields.Char(string="Folio", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Holder", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    user_id = fields.Many2one("res.users", string="Officer", readonly=True)
    state = fields.Selection(AGREEMENT_STATES, readonly=True)
    date = fields.Date(string="Signed on", readonly=True, help="The day it was signed (made, for a draft).")
    instalment_count = fields.Integer(string="Instalments", readonly=True, aggregator=None)
    restructure_count = fields.Integer(string="Restructuring", readonly=True, aggregator="max")
    agreement_count = fields.Integer(string="Agreements", readonly=True)
    amount_debt = fields.Monetary(string="Debt covered", readonly=True)
    amount_forgiven = fields.Monetary(string="Forgiven", readonly=True)
    amount_agreed = fields.Monetary(
        string="Agreed",
        readonly=True,
        help="Down payment, instalments and interest of the agreements that were in force; a restructured agreement "
        "counts what it collected.",
    )
    amount_down_collected = fields.Monetary(string="Down payments collected", readonly=True)
    amount_instalments_collected = fields.Monetary(string="Instalments collected", readonly=True)
    amount_collected = fields.Monetary(string="Collected", readonly=True, help="Down payment and instalments paid.")
    amount_owed = fields.Monetary(
        string="Owed", readonly=True, help="What the agreements waiting or active still have to collect."
    )
    amount_returned = fields.Monetary(
        string="Back to the account on breach",
        readonly=True,
        help="What the broken agreements did not collect: it went back to the account as debt.",
    )
    active_count = fields.Integer(string="Active", readonly=True)
    late_count = fields.Integer(string="Behind", readonly=True, help="Active, with an instalment past due.")
    done_count = fields.Integer(string="Completed", readonly=True)
    broken_count = fields.Integer(string="Breached", readonly=True)
    breach_rate = fields.Float(
        string="Breach rate (%)",
        readonly=True,
        digits=(5, 2),
        aggregator="avg",
        help="Broken agreements over the broken, completed and active ones.",
    )

    @property
    def _table_query(self):
        return """
            WITH paid AS (
                SELECT al.agreement_id, SUM(p.amount) AS amount
                  FROM water_payment_agreement_line al
                  JOIN account_partial_reconcile p ON p.debit_move_id = al.move_line_id
                  JOIN account_move_line cl ON cl.id = p.credit_move_id
                  JOIN account_move cm ON cm.id = cl.move_id
                 WHERE cm.water_agreement_id IS NULL
                   -- once a restructuring covers the instalment, what pays it is the restructuring's down payment
                   AND NOT EXISTS (
                       SELECT 1 FROM water_payment_agreement_debt_rel r
                         JOIN water_payment_agreement b ON b.id = r.agreement_id
                        WHERE r.line_id = al.move_line_id AND b.id != al.agreement_id
                          AND b.date_active IS NOT NULL AND p.create_date >= b.create_date)
              GROUP BY al.agreement_id
            ), open_lines AS (
                SELECT al.agreement_id, SUM(ml.amount_residual) AS amount,
                       BOOL_OR(ml.amount_residual > 0 AND al.date_due < CURRENT_DATE) AS late
                  FROM water_payment_agreement_line al
                  JOIN account_move_line ml ON ml.id = al.move_line_id
                 WHERE al.state = 'open'
              GROUP BY al.agreement_id
            ), figures AS (
                SELECT a.*,
                       CASE WHEN a.date_active IS NULL THEN 0
                            WHEN a.move_id IS NULL THEN COALESCE(a.amount_debt, 0) - COALESCE(a.amount_forgiven, 0)
                            ELSE COALESCE(a.amount_debt, 0) - COALESCE(a.amount_forgiven, 0)
                                 - COALESCE(a.amount_financed, 0)
                       END AS down_collected,
                       COALESCE(paid.amount, 0) AS instalments_collected,
                       COALESCE(open_lines.amount, 0) AS instalments_open,
                       COALESCE(open_lines.late, FALSE) AS late
                  FROM water_payment_agreement a
             LEFT JOIN paid ON paid.agreement_id = a.id
             LEFT JOIN open_lines ON open_lines.agreement_id = a.id
            )
            SELECT f.id, f.id AS agreement_id, f.name, f.company_id, f.contract_id, f.partner_id, f.sector_id,
                   f.service_class_id, f.user_id, f.state, COALESCE(f.date_confirmed, f.create_date::date) AS date,
                   f.instalment_count, f.restructure_count, 1 AS agreement_count,
                   f.amount_debt, f.amount_forgiven,
                   CASE WHEN f.state = 'restructured' THEN f.down_collected + f.instalments_collected
                        WHEN f.state IN ('waiting', 'active', 'done', 'broken') THEN COALESCE(f.amount_total, 0)
                        ELSE 0 END AS amount_agreed,
                   f.down_collected AS amount_down_collected,
                   f.instalments_collected AS amount_instalments_collected,
                   f.down_collected + f.instalments_collected AS amount_collected,
                   CASE WHEN f.state = 'waiting' THEN COALESCE(f.amount_total, 0)
                        WHEN f.state = 'active' THEN f.instalments_open
                        ELSE 0 END AS amount_owed,
                   CASE WHEN f.state = 'broken'
                        THEN COALESCE(f.amount_total, 0) - f.down_collected - f.instalments_collected
                        ELSE 0 END AS amount_returned,
                   (f.state = 'active')::int AS active_count,
                   (f.state = 'active' AND f.late)::int AS late_count,
                   (f.state = 'done')::int AS done_count,
                   (f.state = 'broken')::int AS broken_count,
                   CASE WHEN f.state = 'broken' THEN 100.0 WHEN f.state IN ('done', 'active') THEN 0.0 END
                       AS breach_rate
              FROM figures f
        """

    def action_open_agreement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.payment.agreement",
            "res_id": self.agreement_id.id,
            "view_mode": "form",
        }
