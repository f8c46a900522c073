from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..utils import ledger

PORTAL_MOVE_TYPES = ("out_invoice", "out_refund")
LEDGER_KINDS = ("bill", "surcharge", "charge", "refund", "payment")


class WaterContract(models.Model):
    _inherit = "water.contract"

    self_reading_ids = fields.One2many("water.self.reading", "contract_id", string="Self-readings")

    def _water_portal_bill_domain(self):
        """The account's customer documents the portal shows and counts: every posted customer invoice
        linked to the account (water bills, surcharges...) and credit notes."""
        return [
            ("water_contract_id", "in", self.ids),
            ("move_type", "in", PORTAL_MOVE_TYPES),
            ("state", "=", "posted"),
        ]

    # ------------------------------------------------------------------ the account's ledger
    def _water_ledger(self, date=None, overdue=False, exclude_period=None, lock=False):
        """{contract id: [open item]}: the account's open receivable items, the one definition of what an
        account owes, for many accounts in one query.

        Items are the receivable lines of every posted move of the account (bills, surcharges, other charges,
        credit notes) and of the payments made for it (window, files, online), with what is left of each:
        ``residual`` > 0 is owed, < 0 is in the account's favour (an open credit note, a payment not applied).
        Each item is a dict: line_id, contract_id, move_id, move_name, move_type, kind (bill, surcharge,
        charge, refund or payment), period_id, period, date, date_due, amount (the line's original balance),
        residual, is_surcharge, and ``item``, its ``utils.ledger.Item`` for the payment policy.

        date: the items as they stood at the end of that day (what had been paid by then);
        overdue: debts due before that day (today by default) only, no credits;
        exclude_period: leave out the moves of that billing period (a bill's previous balance);
        lock: lock the open items first (FOR UPDATE): a concurrent payment makes this transaction fail and
        retry rather than apply the same residual twice. Reads in sudo: call it for accounts the user may see.
        """
        result = {contract_id: [] for contract_id in self.ids}
        if not self:
            return result
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        receivable = SQL(
            """l.water_contract_id = ANY(%s) AND l.parent_state = 'posted'
               AND l.account_id IN (SELECT id FROM account_account WHERE account_type = 'asset_receivable')""",
            self.ids,
        )
        if lock:
            self.env.cr.execute(
                SQL(
                    "SELECT l.id FROM account_move_line l WHERE %s AND l.amount_residual != 0 ORDER BY l.id FOR UPDATE",
                    receivable,
                )
            )
            locked = self.env["account.move.line"].browse([row[0] for row in self.env.cr.fetchall()])
            locked.invalidate_recordset(["amount_residual", "amount_residual_currency", "reconciled"])
            locked.move_id.invalidate_recordset(["amount_residual", "amount_residual_signed", "payment_state"])
        if date:
            residual = SQL(
                """l.balance
                   - COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                                WHERE p.debit_move_id = l.id AND p.max_date <= %(date)s), 0)
                   + COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                                WHERE p.credit_move_id = l.id AND p.max_date <= %(date)s), 0)""",
                date=date,
            )
            scope = SQL("l.date <= %s", date)
        else:
            residual = SQL("l.amount_residual")
            scope = SQL("l.amount_residual != 0")
        conditions = [receivable, scope]
        if exclude_period:
            conditions.append(SQL("m.water_period_id IS DISTINCT FROM %s", exclude_period.id))
        day = date or fields.Date.context_today(self)
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT * FROM (
                    SELECT l.id AS line_id, l.water_contract_id AS contract_id, m.id AS move_id,
                           m.name AS move_name, m.move_type, m.water_period_id AS period_id, per.name AS period,
                           l.date,
                           -- a journal entry (a payment) has no due date of its own: Odoo sets its
                           -- invoice_date_due to the day it was made
                           COALESCE(l.date_maturity, CASE WHEN m.move_type != 'entry' THEN m.invoice_date_due END,
                                    l.date) AS date_due,
                           l.balance AS amount, ROUND((%(residual)s)::numeric, 2) AS residual,
                           COALESCE(m.water_is_surcharge, FALSE) AS is_surcharge
                      FROM account_move_line l
                      JOIN account_move m ON m.id = l.move_id
                 LEFT JOIN water_billing_period per ON per.id = m.water_period_id
                     WHERE %(conditions)s
                ) items
                 WHERE residual != 0 %(overdue)s
              ORDER BY contract_id, date_due, line_id
                """,
                residual=residual,
                conditions=SQL(" AND ").join(conditions),
                overdue=SQL("AND residual > 0 AND date_due < %s", day) if overdue else SQL(""),
            )
        )
        for row in rows:
            row["residual"] = float(row["residual"])
            row["kind"] = self._water_ledger_kind(row)
            row["item"] = ledger.Item(
                row["line_id"], row["date_due"], ledger.money(row["residual"]), row["is_surcharge"]
            )
            result[row["contract_id"]].append(row)
        return result

    @api.model
    def _water_ledger_kind(self, row):
        if row["is_surcharge"]:
            return "surcharge"
        if row["move_type"] == "out_invoice":
            return "bill" if row["period_id"] else "charge"
        if row["move_type"] == "out_refund":
            return "refund"
        return "payment"

    def _water_balances(self, date=None, exclude_period=None):
        """{contract id: what the account owes} (negative: its credit in favour), from the ledger."""
        items = self._water_ledger(date=date, exclude_period=exclude_period)
        return {
            contract_id: float(ledger.balance([row["item"] for row in rows])) for contract_id, rows in items.items()
        }

    def _water_overdue_balances(self, day=None, kinds=None):
        """{contract id: what the account owes on debts due before ``day``, less its credits, never below zero};
        kinds: count only the debts of those kinds (e.g. ("bill",): surcharges are not surcharged)."""
        day = day or fields.Date.context_today(self)
        result = {}
        for contract_id, rows in self._water_ledger().items():
            items = [row["item"] for row in rows if row["residual"] < 0 or not kinds or row["kind"] in kinds]
            result[contract_id] = float(ledger.overdue_balance(items, day))
        return result

    def _water_balances_by_concept(self, date=None, overdue=False):
        """{contract id: {concept group: amount}} of the ledger's open items: each debt split over its move's
        lines by concept (agua, drenaje, saneamiento, recargos, otros cargos) in proportion to their totals;
        credits are counted under ``other``."""
        items = self._water_ledger(date=date, overdue=overdue)
        move_ids = list({row["move_id"] for rows in items.values() for row in rows if row["residual"] > 0})
        weights = defaultdict(dict)
        if move_ids:
            for move_id, concept, surcharge, total in self.env.execute_query(
                SQL(
                    """
                SELECT l.move_id, pt.water_concept, COALESCE(m.water_is_surcharge, FALSE), SUM(l.price_total)
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
             LEFT JOIN product_product pp ON pp.id = l.product_id
             LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE l.move_id = ANY(%s) AND l.display_type = 'product'
              GROUP BY l.move_id, pt.water_concept, m.water_is_surcharge
                    """,
                    move_ids,
                )
            ):
                group = ledger.concept_group(concept, surcharge)
                weights[move_id][group] = weights[move_id].get(group, 0) + (total or 0)
        result = {}
        for contract_id, rows in items.items():
            by_group = dict.fromkeys(ledger.CONCEPT_GROUPS, ledger.ZERO)
            for row in rows:
                if row["residual"] > 0:
                    parts = ledger.split(row["residual"], weights.get(row["move_id"]) or {ledger.OTHER: 1})
                else:
                    parts = {ledger.OTHER: ledger.money(row["residual"])}
                for group, amount in parts.items():
                    by_group[group] += amount
            result[contract_id] = {group: float(amount) for group, amount in by_group.items()}
        return result

    def _water_portal_balances(self):
        """{contract id: what the account owes} for the portal's cards: the ledger's balance."""
        return self._water_balances()

    def _water_portal_due_dates(self):
        """{contract id: earliest due date of its open debts} (accounts owing nothing are left out), from the
        ledger."""
        return {
            contract_id: min(row["date_due"] for row in rows if row["residual"] > 0)
            for contract_id, rows in self._water_ledger().items()
            if any(row["residual"] > 0 for row in rows)
        }

    def _water_last_meter_value(self):
        """The last real reading of the account's current meter: its last measured reading, else the reading
        the meter was installed with; None for an unmetered account."""
        self.ensure_one()
        contract = self.sudo()
        if not contract.meter_id:
            return None
        last = (
            self.env["water.reading"]
            .sudo()
            .search(
                [
                    ("contract_id", "=", contract.id),
                    ("meter_id", "=", contract.meter_id.id),
                    ("state", "in", ("valid", "billed")),
                    ("basis", "=", "measured"),
                ],
                order="period_id, id desc",
                limit=1,
            )
        )
        if last:
            return last.reading_value
        install = (
            self.env["water.meter.install"]
            .sudo()
            .search(
                [("service_point_id", "=", contract.service_point_id.id), ("meter_id", "=", contract.meter_id.id)],
                order="install_date desc, id desc",
                limit=1,
            )
        )
        return install.install_reading if install else contract.meter_id.initial_reading
