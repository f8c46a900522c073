from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..utils import ledger, statement

PORTAL_MOVE_TYPES = ("out_invoice", "out_refund")
LEDGER_KINDS = ("bill", "surcharge", "charge", "refund", "payment")
# who prints account statements: the staff who read the bills (as the recibo's print)
STATEMENT_GROUPS = (
    "water_billing.group_water_billing_clerk,account.group_account_invoice,account.group_account_readonly"
)


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
    def _water_ledger_flush(self):
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()

    def _water_ledger_lines_condition(self):
        """SQL condition on ``l`` (account_move_line) of the journal items in the ledger of these accounts:
        the receivable lines of posted moves carrying the account. The ledger and the statement both read
        through it, so that they cannot disagree."""
        return SQL(
            """l.water_contract_id = ANY(%s) AND l.parent_state = 'posted'
               AND l.account_id IN (SELECT id FROM account_account WHERE account_type = 'asset_receivable')""",
            self.ids,
        )

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
        self._water_ledger_flush()
        receivable = self._water_ledger_lines_condition()
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
            # a line settled now by reconciliations all dated by then was settled then too: only the lines open
            # now or reconciled after the day can be open on it (most of an account's history is neither)
            scope = SQL(
                """l.date <= %(date)s AND (l.amount_residual != 0
                       OR EXISTS (SELECT 1 FROM account_partial_reconcile p
                                   WHERE p.debit_move_id = l.id AND p.max_date > %(date)s)
                       OR EXISTS (SELECT 1 FROM account_partial_reconcile p
                                   WHERE p.credit_move_id = l.id AND p.max_date > %(date)s))""",
                date=date,
            )
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
        return self._water_concepts_of(self._water_ledger(date=date, overdue=overdue))

    def _water_concepts_of(self, items):
        """{contract id: {concept group: amount}} of ledger rows ({contract id: [item dict]}, as
        ``_water_ledger`` returns them): each debt split over its move's lines by concept in proportion to their
        totals, credits under ``other``. One query for every move."""
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

    # ------------------------------------------------------------------ the account's statement
    def _water_statement(self, date_from, date_to):
        """{contract id: ``utils.statement.Statement``}: the account statement (estado de cuenta) of each
        account from ``date_from`` to ``date_to``, in two queries whatever the number of accounts and lines.

        Its lines are the journal items of the account's ledger (``_water_ledger_lines_condition``) dated in
        the range, one line per document (move) and day, in date and posting order: bills, surcharges, other
        charges, credit notes (forgiveness included), payments of every channel and their reversals. The
        opening balance sums the items before the range; the balance after each line is the ledger's balance
        as of its date once the day's lines are all in (``_water_balances(date=...)``). Each line is a dict:
        contract_id, move_id, date, document, move_type, kind (see ``_water_statement_kind``), concept,
        description, period, charge, credit, balance. Reads in sudo: call it for accounts the user may see.
        """
        result = {}
        if not self:
            return result
        self._water_ledger_flush()
        lines_condition = self._water_ledger_lines_condition()
        opening = dict(
            self.env.execute_query(
                SQL(
                    """SELECT l.water_contract_id, SUM(l.balance) FROM account_move_line l
                        WHERE %s AND l.date < %s GROUP BY l.water_contract_id""",
                    lines_condition,
                    date_from,
                )
            )
        )
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT l.water_contract_id AS contract_id, l.date, m.id AS move_id, m.name AS document,
                       m.move_type, m.ref, m.water_period_id AS period_id, per.name AS period,
                       COALESCE(m.water_is_surcharge, FALSE) AS is_surcharge, m.water_volume AS volume,
                       rev.name AS reversed_document, SUM(l.debit) AS charge, SUM(l.credit) AS credit,
                       (ARRAY_AGG(l.name ORDER BY l.id))[1] AS line_label,
                       CASE WHEN m.move_type IN ('out_invoice', 'out_refund') THEN (
                            SELECT p.name FROM account_move_line p
                             WHERE p.move_id = m.id AND p.display_type = 'product'
                          ORDER BY p.sequence, p.id LIMIT 1) END AS product_label
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
             LEFT JOIN water_billing_period per ON per.id = m.water_period_id
             LEFT JOIN account_move rev ON rev.id = m.reversed_entry_id
                 WHERE %s AND l.date >= %s AND l.date <= %s
              GROUP BY l.water_contract_id, l.date, m.id, per.id, rev.id
              ORDER BY l.water_contract_id, l.date, m.id
                """,
                lines_condition,
                date_from,
                date_to,
            )
        )
        for row in rows:
            row["kind"] = self._water_statement_kind(row)
        self._water_statement_describe(rows)
        by_contract = {contract_id: [] for contract_id in self.ids}
        for row in rows:
            by_contract[row["contract_id"]].append(row)
        for contract_id, lines in by_contract.items():
            result[contract_id] = statement.build(opening.get(contract_id) or 0, lines, date_from, date_to)
        return result

    @api.model
    def _water_statement_kind(self, row):
        """The kind of a statement line: the ledger's kinds (bill, surcharge, charge, refund, payment), and
        ``reversal`` for an entry that charges the account back (a cancelled receipt, a reversed file)."""
        kind = self._water_ledger_kind(row)
        if kind == "payment" and row["charge"] > row["credit"]:
            return "reversal"
        return kind

    def _water_statement_concepts(self):
        return {
            "bill": self.env._("Water bill"),
            "surcharge": self.env._("Surcharge"),
            "charge": self.env._("Charge"),
            "refund": self.env._("Credit note"),
            "payment": self.env._("Payment"),
            "reversal": self.env._("Payment reversed"),
        }

    def _water_statement_describe(self, lines):
        """Set the ``concept`` (the kind of document) and the ``description`` (what it says) of statement
        lines, all at once: collections extends it to name its own documents (a forgiveness stays a credit
        note). The description is the move's first line for charges (the fee, the surcharge's month), the
        reason of a credit note, the label of a payment's item, the reference of its reversal; the billed volume
        of a bill."""
        concepts = self._water_statement_concepts()
        for line in lines:
            kind = line["kind"]
            line["concept"] = concepts[kind]
            if kind == "bill":
                volume = f"{line['volume']:.2f}".rstrip("0").rstrip(".") if line["volume"] else ""
                details = [self.env._("%s m³", volume)] if volume else []
            elif kind in ("surcharge", "charge"):
                details = [line["product_label"] or line["ref"]]
            elif kind == "refund":
                details = [line["ref"] or line["product_label"]]
                if line["reversed_document"] and line["reversed_document"] not in (line["ref"] or ""):
                    details.append(self.env._("of %s", line["reversed_document"]))
            elif kind == "payment":
                # the item's own label: a receipt's entry may pay the bills of several accounts
                details = [line["line_label"] or line["ref"]]
            else:
                details = [line["ref"] or line["line_label"]]
            line["description"] = " · ".join(
                detail for detail in details if detail and detail.strip() and detail != line["document"]
            )

    def _water_statement_check_access(self):
        """Raise AccessError unless the user may print these accounts' statements: staff who read bills
        (billing clerks, invoicing and accounting users) and may read the accounts. The portal checks its
        citizen's accounts itself and prints in sudo."""
        if self.env.su:
            return
        if not self.env.user.has_groups(STATEMENT_GROUPS):
            raise AccessError(self.env._("Only the staff who read the bills can print account statements."))
        self.check_access("read")

    def _water_statement_documents(self, date_from, date_to):
        """What the printed statement shows, one dict per account in account order: contract (in sudo, in
        the utility's language, like the recibo: the statement is the utility's document), statement, lang."""
        self._water_statement_check_access()
        contracts = self.sudo()
        lang = contracts[:1].company_id.partner_id.lang or self.env.lang or "en_US"
        contracts = contracts.with_context(lang=lang).sorted(lambda contract: (contract.number or "", contract.id))
        statements = contracts._water_statement(date_from, date_to)
        # what the header prints, read for all the accounts at once
        contracts.mapped("partner_id.name")
        contracts.mapped("service_point_id.name")
        contracts.mapped("service_class_id.name")
        return [{"contract": contract, "statement": statements[contract.id], "lang": lang} for contract in contracts]

    @api.model
    def _water_statement_report_documents(self, docids, data):
        """The documents of the statement reports from what the report engine passes: the accounts' ids
        (``docids`` or ``data["contract_ids"]``) and the range (``data["date_from"]``, ``data["date_to"]``,
        ISO dates; the last twelve months by default)."""
        data = data or {}
        ids = docids or data.get("contract_ids") or []
        date_from, date_to, error = statement.read_range(
            data.get("date_from"), data.get("date_to"), fields.Date.context_today(self)
        )
        if error:
            raise UserError(self.env._("The statement's date range is not valid."))
        contracts = self.browse([int(contract_id) for contract_id in ids]).exists()
        if not contracts:
            raise UserError(self.env._("Choose the accounts of the statement."))
        return contracts._water_statement_documents(date_from, date_to)

    def action_water_statement(self):
        """The "Account statement" button: the wizard asking the date range."""
        self._water_statement_check_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Account statement"),
            "res_model": "water.statement.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_ids": [Command.set(self.ids)]},
        }
