import json
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..utils import kpi
from .water_report_bill import BILLED_MOVE
from .water_report_income import CHANNEL, COLLECTION_ITEM

_lt = LazyTranslate(__name__)

# the keys of _water_kpis, in the dashboard's order; the government reports call them by these names
KPI_KEYS = (
    "eficiencia_comercial",
    "eficiencia_fisica",
    "eficiencia_global",
    "micromedicion",
    "readings_measured_pct",
    "paid_on_time_pct",
    "overdue_over_billing",
    "accounts_by_state",
    "new_contracts",
    "cuts",
    "reconnections",
    "requests_on_time_pct",
)
LABELS = {
    "eficiencia_comercial": _lt("Commercial efficiency"),
    "eficiencia_fisica": _lt("Physical efficiency"),
    "eficiencia_global": _lt("Overall efficiency"),
    "micromedicion": _lt("Micro-metering"),
    "readings_measured_pct": _lt("Readings measured"),
    "paid_on_time_pct": _lt("Bills paid on time"),
    "overdue_over_billing": _lt("Overdue debt / monthly billing"),
    "accounts_by_state": _lt("Accounts in service"),
    "new_contracts": _lt("New contracts"),
    "cuts": _lt("Cuts"),
    "reconnections": _lt("Reconnections"),
    "requests_on_time_pct": _lt("Requests answered on time"),
}
FORMULAS = {
    "eficiencia_comercial": _lt(
        "Amount collected in the period (every collection entry: window, bank, store, online, as the income report) "
        "÷ amount billed in the period (posted bills, surcharges and charges of the accounts, less their credit "
        "notes, by invoice date) × 100"
    ),
    "eficiencia_fisica": _lt(
        "Volume billed in the period (m³ of the posted bills, by invoice date) ÷ volume produced by the sources "
        "in the months of the period (macro-meters) × 100"
    ),
    "eficiencia_global": _lt("Commercial efficiency × physical efficiency ÷ 100"),
    "micromedicion": _lt(
        "Accounts in service at the end of the period with a working meter installed ÷ accounts in service "
        "(activated and not cancelled by then) × 100"
    ),
    "readings_measured_pct": _lt(
        "Readings billed as measured ÷ readings validated or billed of the billing periods starting in the period "
        "(measured, estimated, minimum or nothing) × 100"
    ),
    "paid_on_time_pct": _lt(
        "Bills of the period (one per account and billing period, by invoice date, already due) paid in full by "
        "their due date ÷ those bills × 100"
    ),
    "overdue_over_billing": _lt(
        "Overdue debt at the end of the period (the arrears snapshot of that day: the month's close, or today's) "
        "÷ monthly billing (amount billed in the period ÷ its months)"
    ),
    "accounts_by_state": _lt("Accounts today by state; the figure counts those in service (active, suspended and cut)"),
    "new_contracts": _lt("Accounts activated in the period (activation date)"),
    "cuts": _lt("Suspension orders executed in the period (execution date)"),
    "reconnections": _lt("Reconnection orders executed in the period (execution date)"),
    "requests_on_time_pct": _lt(
        "Requests and complaints whose deadline fell in the period (and has passed) answered by their deadline "
        "÷ those requests (cancelled ones left out) × 100"
    ),
}
UNITS = {
    "eficiencia_comercial": "%",
    "eficiencia_fisica": "%",
    "eficiencia_global": "%",
    "micromedicion": "%",
    "readings_measured_pct": "%",
    "paid_on_time_pct": "%",
    "overdue_over_billing": _lt("months"),
    "accounts_by_state": _lt("accounts"),
    "new_contracts": _lt("accounts"),
    "cuts": _lt("orders"),
    "reconnections": _lt("orders"),
    "requests_on_time_pct": "%",
}
IN_SERVICE = ("active", "suspended", "cut")
# the figures of the trend charts
TREND_KEYS = (
    "eficiencia_comercial",
    "eficiencia_fisica",
    "eficiencia_global",
    "micromedicion",
    "readings_measured_pct",
    "paid_on_time_pct",
    "overdue_over_billing",
    "new_contracts",
    "cuts",
    "reconnections",
    "requests_on_time_pct",
)
DASHBOARD_GROUP = "water_reports.group_water_director"


class WaterReportKpi(models.AbstractModel):
    """The ONE definition of the utility's indicators: the dashboard, the government reports and the benchmark all
    read ``_water_kpis`` and ``_water_kpi_trend``.

    Each figure is aggregate SQL on indexed columns (invoice and journal item dates, the period's start, the state
    and execution dates), with the same conditions as the reporting facts (``water.report.bill`` for what is
    billed, ``water.report.income`` for what is collected). Every query reads a range of days and groups by a
    bucket: the whole period for ``_water_kpis``, each month for the trend, so both come from one definition."""

    _name = "water.report.kpi"
    _description = "Indicators of the water utility"

    # ------------------------------------------------------------------ public API
    @api.model
    def _water_kpis(self, date_from, date_to, company=None, cached=False):
        """{key: {"value", "numerator", "denominator", "formula", "unit", "label"}} for the period
        [date_from, date_to] (dates or ISO strings). ``value`` is None when the denominator is zero;
        accounts_by_state also has ``breakdown`` {state: count}. ``cached``: the closed months of the period
        from their stored facts (``water.report.kpi.month``), the rest computed now."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        company = company or self.env.company
        if cached:
            facts = self._water_kpi_cached_facts(company, date_from, date_to)
        else:
            facts = self._water_kpi_facts(company, date_from, date_to, [(date_from, date_to)])[date_from]
        return self._water_kpi_compose(facts, date_from, date_to)

    @api.model
    def _water_kpi_trend(self, months=12, date_to=None, company=None, cached=False):
        """[{"month": first day (ISO), "label": "MM/YYYY", key: value...}] for the ``months`` months ending with
        ``date_to``'s month (today by default), oldest first: each month's figures as ``_water_kpis`` gives them
        for that month (the last one up to ``date_to``). ``cached``: the closed months from their stored facts."""
        date_to = fields.Date.to_date(date_to) if date_to else fields.Date.context_today(self)
        company = company or self.env.company
        starts = kpi.trend_months(date_to, months)
        if not starts:
            return []
        ranges = [(start, min(kpi.month_end(start), date_to)) for start in starts]
        if cached:
            facts = self._water_kpi_cached_months(company, ranges)
        else:
            facts = self._water_kpi_facts(company, starts[0], date_to, ranges)
        trend = []
        for start, end in ranges:
            figures = self._water_kpi_compose(facts[start], start, end)
            row = {"month": fields.Date.to_string(start), "label": start.strftime("%m/%Y")}
            row.update({key: figures[key]["value"] for key in TREND_KEYS})
            trend.append(row)
        return trend

    @api.model
    def water_kpi_dashboard(self, date_from, date_to, months=12):
        """Everything the dashboard shows, in one call: the period's figures, the trend of ``months`` months ending
        with the period, and the period; the closed months from their stored facts. Directors and commercial
        managers only."""
        self._water_kpi_check_dashboard()
        company = self.env.company
        figures = self._water_kpis(date_from, date_to, company=company, cached=True)
        trend = self._water_kpi_trend(months=months, date_to=date_to, company=company, cached=True)
        first = kpi.month_start(min(fields.Date.to_date(date_from), fields.Date.from_string(trend[0]["month"])))
        stored = (
            self.env["water.report.kpi.month"]
            .sudo()
            .search_read(
                [("company_id", "=", company.id), ("month", ">=", first), ("month", "<=", date_to)],
                ["date_computed"],
                order="date_computed",
                limit=1,
            )
        )
        return {
            "date_from": fields.Date.to_string(fields.Date.to_date(date_from)),
            "date_to": fields.Date.to_string(fields.Date.to_date(date_to)),
            "company": company.name,
            "currency": company.currency_id.symbol,
            "keys": list(KPI_KEYS),
            "figures": figures,
            "trend": trend,
            "computed_at": fields.Datetime.to_string(stored[0]["date_computed"]) if stored else False,
        }

    @api.model
    def water_kpi_refresh(self, date_from, date_to, months=12):
        """The manager's "Recompute": the stored facts of the closed months the dashboard shows computed again
        from the records, then the dashboard."""
        self._water_kpi_check_dashboard()
        company = self.env.company
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        first = min(date_from, kpi.trend_months(date_to, months)[0])
        today = fields.Date.context_today(self)
        closed = [
            start for start, _end, is_closed in kpi.month_pieces(kpi.month_start(first), date_to, today) if is_closed
        ]
        if closed:
            self._water_kpi_months_store(company, closed)
        return self.water_kpi_dashboard(date_from, date_to, months=months)

    @api.model
    def _water_kpi_check_dashboard(self):
        if not self.env.user.has_group(DASHBOARD_GROUP):
            raise AccessError(self.env._("Only the director and the commercial manager see the indicators."))

    # ------------------------------------------------------------------ the stored facts of closed months
    @api.model
    def _water_kpi_cached_facts(self, company, date_from, date_to):
        """The facts of the period as ``_water_kpi_facts`` reads them, its closed months from their stored facts
        and the rest (a part of a month, the current month) computed now."""
        pieces = kpi.month_pieces(date_from, date_to, fields.Date.context_today(self))
        if not any(closed for _start, _end, closed in pieces):
            return self._water_kpi_facts(company, date_from, date_to, [(date_from, date_to)])[date_from]
        stored = self._water_kpi_stored(company, [start for start, _end, closed in pieces if closed])
        live = {
            start: self._water_kpi_facts(company, start, end, [(start, end)])[start]
            for start, end in kpi.live_spans(pieces)
        }
        parts = [stored[start] if closed else live[start] for start, _end, closed in pieces if closed or start in live]
        facts = kpi.combine_facts(parts)
        facts.update(self._water_kpi_overdue(company, date_to))
        facts["states"] = self._water_kpi_states(company)
        return facts

    @api.model
    def _water_kpi_cached_months(self, company, ranges):
        """{range start: facts} for the months of a trend: the closed ones stored, the others computed now."""
        today = fields.Date.context_today(self)
        closed = [start for start, end in ranges if end == kpi.month_end(start) and end < today]
        stored = self._water_kpi_stored(company, closed)
        live_ranges = [(start, end) for start, end in ranges if start not in stored]
        facts = (
            self._water_kpi_facts(company, live_ranges[0][0], live_ranges[-1][1], live_ranges) if live_ranges else {}
        )
        states = self._water_kpi_states(company)
        for start, end in ranges:
            if start in stored:
                facts[start] = dict(stored[start], states=states, **self._water_kpi_overdue(company, end))
        return facts

    @api.model
    def _water_kpi_stored(self, company, months):
        """{month: stored facts} for ``months`` (first days of closed months); those not stored yet are computed
        and stored now."""
        if not months:
            return {}
        rows = (
            self.env["water.report.kpi.month"]
            .sudo()
            .search_read([("company_id", "=", company.id), ("month", "in", months)], ["month", "facts"])
        )
        stored = {row["month"]: row["facts"] for row in rows}
        missing = [month for month in months if month not in stored]
        if missing:
            stored.update(self._water_kpi_months_store(company, missing))
        return stored

    @api.model
    def _water_kpi_months_store(self, company, months):
        """Compute the facts of ``months`` (first days of closed months) and store them, replacing what was
        stored; {month: facts}."""
        months = sorted(months)
        ranges = [(month, kpi.month_end(month)) for month in months]
        facts = self._water_kpi_facts(company, months[0], ranges[-1][1], ranges)
        stored = {month: {key: facts[month][key] for key in kpi.STORED_FACTS} for month in months}
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO water_report_kpi_month
                       (company_id, month, facts, date_computed, create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, m.month, m.facts, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM jsonb_to_recordset(%(rows)s::jsonb) AS m(month date, facts jsonb)
                ON CONFLICT (company_id, month) DO UPDATE
                   SET facts = EXCLUDED.facts, date_computed = EXCLUDED.date_computed,
                       write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                """,
                company=company.id,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                rows=json.dumps([{"month": month.isoformat(), "facts": values} for month, values in stored.items()]),
            )
        )
        self.env["water.report.kpi.month"].invalidate_model()
        return stored

    @api.model
    def _water_kpi_months_refresh(self, company, months=13):
        """Store the closed months of the last ``months`` that are missing or not settled yet (their bills still
        falling due, their payments still coming) or stored lately (``utils.kpi.needs_refresh``); the months
        stored for good are left alone."""
        today = fields.Date.context_today(self)
        closed = kpi.trend_months(kpi.add_months(today, -1), months)
        rows = (
            self.env["water.report.kpi.month"]
            .sudo()
            .search_read(
                [("company_id", "=", company.id), ("month", "in", closed)], ["month", "date_computed", "create_date"]
            )
        )
        settled = {
            row["month"]
            for row in rows
            if not kpi.needs_refresh(row["month"], row["date_computed"].date(), row["create_date"].date(), today)
        }
        todo = [month for month in closed if month not in settled]
        if todo:
            self._water_kpi_months_store(company, todo)
        return todo

    # ------------------------------------------------------------------ the figures from the facts
    @api.model
    def _water_kpi_compose(self, f, date_from, date_to):
        """The figures of one bucket from its facts (the numbers read by ``_water_kpi_facts``)."""
        comercial = kpi.ratio(f["collected"], f["billed"])
        fisica = kpi.ratio(f["billed_volume"], f["produced_volume"])
        monthly_billing = kpi.per_month(f["billed"], date_from, date_to)
        values = {
            "eficiencia_comercial": (comercial, f["collected"], f["billed"]),
            "eficiencia_fisica": (fisica, f["billed_volume"], f["produced_volume"]),
            "eficiencia_global": (kpi.product_of_percentages(comercial, fisica), comercial, fisica),
            "micromedicion": (kpi.ratio(f["metered"], f["in_service"]), f["metered"], f["in_service"]),
            "readings_measured_pct": (
                kpi.ratio(f["readings_measured"], f["readings"]),
                f["readings_measured"],
                f["readings"],
            ),
            "paid_on_time_pct": (kpi.ratio(f["bills_on_time"], f["bills_due"]), f["bills_on_time"], f["bills_due"]),
            "overdue_over_billing": (
                kpi.ratio(f["overdue"], monthly_billing, percent=False) if f["overdue"] is not None else None,
                f["overdue"],
                monthly_billing,
            ),
            "accounts_by_state": (sum(f["states"].get(state, 0) for state in IN_SERVICE), None, None),
            "new_contracts": (f["new_contracts"], None, None),
            "cuts": (f["cuts"], None, None),
            "reconnections": (f["reconnections"], None, None),
            "requests_on_time_pct": (
                kpi.ratio(f["requests_on_time"], f["requests_due"]),
                f["requests_on_time"],
                f["requests_due"],
            ),
        }
        result = {}
        for key in KPI_KEYS:
            value, numerator, denominator = values[key]
            unit = UNITS[key]
            result[key] = {
                "key": key,
                "label": self.env._(LABELS[key]),
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "formula": self.env._(FORMULAS[key]),
                "unit": unit if isinstance(unit, str) else self.env._(unit),
            }
        result["accounts_by_state"]["breakdown"] = dict(f["states"])
        labels = dict(self.env["water.contract"]._fields["state"]._description_selection(self.env))
        result["accounts_by_state"]["breakdown_labels"] = {state: labels.get(state, state) for state in f["states"]}
        if f.get("snapshot_id"):
            result["overdue_over_billing"]["snapshot_id"] = f["snapshot_id"]
        return result

    @api.model
    def _water_kpi_facts(self, company, date_from, date_to, ranges):
        """{range start: {fact: number}} for each range (date_from, date_to) of ``ranges``; the ranges are the
        whole period or consecutive months inside [date_from, date_to]."""
        self.env.flush_all()
        buckets = self._water_kpi_buckets(ranges)
        facts = {
            start: {
                "collected": 0.0,
                "billed": 0.0,
                "billed_volume": 0.0,
                "produced_volume": 0.0,
                "metered": 0,
                "in_service": 0,
                "readings": 0,
                "readings_measured": 0,
                "bills_due": 0,
                "bills_on_time": 0,
                "overdue": None,
                "states": {},
                "new_contracts": 0,
                "cuts": 0,
                "reconnections": 0,
                "requests_due": 0,
                "requests_on_time": 0,
            }
            for start, _end in ranges
        }
        args = (company, date_from, date_to, buckets)
        for reader in (
            self._water_kpi_billed,
            self._water_kpi_collected,
            self._water_kpi_produced,
            self._water_kpi_readings,
            self._water_kpi_paid_on_time,
            self._water_kpi_contracts,
            self._water_kpi_orders,
            self._water_kpi_requests,
        ):
            for start, values in reader(*args).items():
                if start in facts:
                    facts[start].update({key: value for key, value in values.items() if value is not None})
        service = self._water_kpi_service(company, [end for _start, end in ranges])
        for start, end in ranges:
            facts[start].update(service[end])
            facts[start].update(self._water_kpi_overdue(company, end))
        states = self._water_kpi_states(company)
        for values in facts.values():
            values["states"] = states
        return facts

    @api.model
    def _water_kpi_buckets(self, ranges):
        """SQL mapping a date column to its range's start, ``bucket(column)``: the period's first day when there is
        one range, the month's first day when the ranges are the months of a trend."""
        if len(ranges) == 1:
            start = ranges[0][0]
            return lambda column: SQL("%s::date", start)
        return lambda column: SQL("date_trunc('month', %s)::date", column)

    @api.model
    def _water_kpi_rows(self, query):
        return self.env.execute_query_dict(query)

    @api.model
    def _water_kpi_tz(self):
        return self.env.user.tz or self.env.company.partner_id.tz or "America/Mexico_City"

    # ------------------------------------------------------------------ one query per fact
    @api.model
    def _water_kpi_billed(self, company, date_from, date_to, bucket):
        """Amount and volume billed: ``water.report.bill``'s rows (posted customer invoices and credit notes of the
        accounts, credit notes negative) by invoice date. Index: account_move (invoice_date)."""
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, SUM(amount) AS billed, SUM(volume) AS billed_volume FROM (
                    SELECT %(bucket)s AS b, m.amount_total_signed AS amount,
                           COALESCE(m.water_volume, 0) * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
                               AS volume
                      FROM account_move m
                      JOIN water_contract ct ON ct.id = m.water_contract_id
                     WHERE %(billed_move)s AND m.company_id = %(company)s
                       AND m.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                ) x GROUP BY b
                """,
                bucket=bucket(SQL("m.invoice_date")),
                billed_move=BILLED_MOVE,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return {
            row["b"]: {"billed": float(row["billed"] or 0), "billed_volume": float(row["billed_volume"] or 0)}
            for row in rows
        }

    @api.model
    def _water_kpi_collected_condition(self):
        """SQL condition on ``l`` (account_move_line) and ``m`` (its move) of the collection items: the receivable
        items of the accounts' posted journal entries made by a cashier receipt, a payment file or an online
        payment (or reversing one), as ``water.report.income`` selects them."""
        return SQL(
            """%(item)s
               AND l.account_id IN (SELECT id FROM account_account WHERE account_type = 'asset_receivable')
               AND EXISTS (
                   SELECT 1 FROM account_move o LEFT JOIN account_journal j ON j.id = o.journal_id
                    WHERE o.id = COALESCE(m.reversed_entry_id, m.id) AND (%(channel)s) IS NOT NULL)""",
            item=COLLECTION_ITEM,
            channel=CHANNEL,
        )

    @api.model
    def _water_kpi_collected(self, company, date_from, date_to, bucket):
        """Amount collected: the total of ``water.report.income`` (what the collection entries credited to the
        accounts' receivables), by the journal item's date. Index: account_move_line (date)."""
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, SUM(amount) AS collected FROM (
                    SELECT %(bucket)s AS b, -l.balance AS amount
                      FROM account_move_line l
                      JOIN account_move m ON m.id = l.move_id
                      JOIN water_contract ct ON ct.id = l.water_contract_id
                     WHERE %(condition)s AND l.company_id = %(company)s
                       AND l.date BETWEEN %(date_from)s AND %(date_to)s
                ) x GROUP BY b
                """,
                bucket=bucket(SQL("l.date")),
                condition=self._water_kpi_collected_condition(),
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return {row["b"]: {"collected": float(row["collected"] or 0)} for row in rows}

    @api.model
    def _water_kpi_produced(self, company, date_from, date_to, bucket):
        """Volume produced by the sources in the months of the period (macro-meters)."""
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, SUM(volume) AS produced FROM (
                    SELECT %(bucket)s AS b, v.volume
                      FROM water_source_volume v
                     WHERE v.company_id = %(company)s AND v.month BETWEEN %(month_from)s AND %(date_to)s
                ) x GROUP BY b
                """,
                bucket=bucket(SQL("GREATEST(v.month, %s)", date_from)),
                company=company.id,
                month_from=kpi.month_start(date_from),
                date_to=date_to,
            )
        )
        return {row["b"]: {"produced_volume": float(row["produced"] or 0)} for row in rows}

    @api.model
    def _water_kpi_readings(self, company, date_from, date_to, bucket):
        """Readings validated or billed of the billing periods starting in the period, and those measured.
        Index: water_reading (period_id)."""
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, COUNT(*) AS readings, COUNT(*) FILTER (WHERE basis = 'measured') AS measured FROM (
                    SELECT %(bucket)s AS b, r.basis
                      FROM water_reading r
                      JOIN water_billing_period p ON p.id = r.period_id
                     WHERE r.company_id = %(company)s AND r.state IN ('valid', 'billed') AND r.basis IS NOT NULL
                       AND p.date_start BETWEEN %(date_from)s AND %(date_to)s
                ) x GROUP BY b
                """,
                bucket=bucket(SQL("p.date_start")),
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return {row["b"]: {"readings": row["readings"], "readings_measured": row["measured"]} for row in rows}

    @api.model
    def _water_kpi_paid_on_time(self, company, date_from, date_to, bucket):
        """Bills of the period already due, and those paid in full by their due date (the reconciliations of the
        bill's receivable item dated on or before it). Indexes: account_move (invoice_date),
        account_partial_reconcile (debit_move_id)."""
        today = fields.Date.context_today(self)
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, COUNT(*) AS due, COUNT(*) FILTER (WHERE on_time) AS on_time FROM (
                    SELECT %(bucket)s AS b,
                           NOT EXISTS (
                               SELECT 1 FROM account_move_line l
                                WHERE l.move_id = m.id AND l.display_type = 'payment_term'
                                  AND l.balance - COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                                                             WHERE p.debit_move_id = l.id
                                                               AND p.max_date <= m.invoice_date_due), 0) > 0.005
                           ) AS on_time
                      FROM account_move m
                     WHERE m.state = 'posted' AND m.move_type = 'out_invoice' AND m.water_contract_id IS NOT NULL
                       AND m.water_period_id IS NOT NULL AND NOT COALESCE(m.water_is_surcharge, FALSE)
                       AND m.company_id = %(company)s AND m.invoice_date_due < %(today)s
                       AND m.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                ) x GROUP BY b
                """,
                bucket=bucket(SQL("m.invoice_date")),
                company=company.id,
                today=today,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return {row["b"]: {"bills_due": row["due"], "bills_on_time": row["on_time"]} for row in rows}

    @api.model
    def _water_kpi_contracts(self, company, date_from, date_to, bucket):
        """Accounts activated in the period."""
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, COUNT(*) AS new FROM (
                    SELECT %(bucket)s AS b FROM water_contract c
                     WHERE c.company_id = %(company)s AND c.state != 'draft'
                       AND c.date_activated BETWEEN %(date_from)s AND %(date_to)s
                ) x GROUP BY b
                """,
                bucket=bucket(SQL("c.date_activated")),
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return {row["b"]: {"new_contracts": row["new"]} for row in rows}

    @api.model
    def _water_kpi_utc(self, day):
        """The UTC datetime (naive, as stored) of the local midnight starting ``day``."""
        local = pytz.timezone(self._water_kpi_tz()).localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _water_kpi_done_day(self, column):
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, self._water_kpi_tz())

    @api.model
    def _water_kpi_orders(self, company, date_from, date_to, bucket):
        """Suspension and reconnection orders executed in the period (their execution time, local day)."""
        day = self._water_kpi_done_day(SQL("o.time_done"))
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, COUNT(*) FILTER (WHERE order_type = 'cut') AS cuts,
                       COUNT(*) FILTER (WHERE order_type = 'reconnection') AS reconnections FROM (
                    SELECT %(bucket)s AS b, o.order_type FROM water_cut_order o
                     WHERE o.company_id = %(company)s AND o.state = 'done'
                       AND o.order_type IN ('cut', 'reconnection')
                       AND o.time_done >= %(start)s AND o.time_done < %(stop)s
                ) x GROUP BY b
                """,
                bucket=bucket(day),
                company=company.id,
                start=self._water_kpi_utc(date_from),
                stop=self._water_kpi_utc(date_to + timedelta(days=1)),
            )
        )
        return {row["b"]: {"cuts": row["cuts"], "reconnections": row["reconnections"]} for row in rows}

    @api.model
    def _water_kpi_requests(self, company, date_from, date_to, bucket):
        """Requests whose deadline fell in the period and has passed, and those answered by it."""
        yesterday = fields.Date.context_today(self) - timedelta(days=1)
        rows = self._water_kpi_rows(
            SQL(
                """
                SELECT b, COUNT(*) AS due, COUNT(*) FILTER (WHERE on_time) AS on_time FROM (
                    SELECT %(bucket)s AS b,
                           q.date_answered IS NOT NULL AND %(answered)s <= q.deadline AS on_time
                      FROM water_request q
                     WHERE q.company_id = %(company)s AND q.state != 'cancelled'
                       AND q.deadline BETWEEN %(date_from)s AND %(date_to)s
                ) x GROUP BY b
                """,
                bucket=bucket(SQL("q.deadline")),
                answered=self._water_kpi_done_day(SQL("q.date_answered")),
                company=company.id,
                date_from=date_from,
                date_to=min(date_to, yesterday),
            )
        )
        return {row["b"]: {"requests_due": row["due"], "requests_on_time": row["on_time"]} for row in rows}

    @api.model
    def _water_kpi_service(self, company, days):
        """{day: {"in_service", "metered"}} for each of ``days``: the accounts in service at the end of the day
        (activated by then, not cancelled by then) and those of them with a meter installed then that was working
        (removed since, or working now). One query: each account's and each installation's interval of dates,
        counted at every day. Index: water_meter_install (service_point_id)."""
        rows = self._water_kpi_rows(
            SQL(
                """
                WITH svc AS (
                    SELECT c.id, c.service_point_id, c.date_activated AS s, c.date_cancelled AS e
                      FROM water_contract c
                     WHERE c.company_id = %(company)s AND c.state != 'draft' AND c.date_activated <= %(last)s
                       AND (c.state != 'cancelled' OR c.date_cancelled IS NOT NULL)
                ), metered AS (
                    SELECT svc.id, GREATEST(svc.s, i.install_date) AS s, LEAST(svc.e, i.removal_date) AS e
                      FROM svc
                      JOIN water_meter_install i ON i.service_point_id = svc.service_point_id
                      JOIN water_meter mt ON mt.id = i.meter_id
                     WHERE i.install_date <= %(last)s AND (i.removal_date IS NOT NULL OR mt.state = 'working')
                )
                SELECT d.day,
                       (SELECT COUNT(*) FROM svc WHERE svc.s <= d.day AND (svc.e IS NULL OR svc.e > d.day))
                           AS in_service,
                       (SELECT COUNT(DISTINCT metered.id) FROM metered
                         WHERE metered.s <= d.day AND (metered.e IS NULL OR metered.e > d.day)) AS metered
                  FROM unnest(%(days)s::date[]) AS d(day)
                """,
                company=company.id,
                last=max(days),
                days=list(days),
            )
        )
        return {row["day"]: {"in_service": row["in_service"], "metered": row["metered"]} for row in rows}

    @api.model
    def _water_kpi_overdue(self, company, day):
        """Overdue debt at the end of ``day``: the arrears snapshot taken as of that day (the month's close, or
        today's when the day is today or later); None when none was taken."""
        today = fields.Date.context_today(self)
        Snapshot = self.env["water.arrears.snapshot"].sudo()
        domain = [("company_id", "=", company.id), ("state", "=", "done")]
        if day >= today:
            snapshot = Snapshot.search(domain + [("kind", "=", "current")], order="date desc, id desc", limit=1)
        else:
            snapshot = Snapshot.search(domain + [("date", "=", day)], order="kind desc, id desc", limit=1)
        if not snapshot:
            return {"overdue": None, "snapshot_id": False}
        return {"overdue": snapshot.total_overdue, "snapshot_id": snapshot.id}

    @api.model
    def _water_kpi_states(self, company):
        groups = (
            self.env["water.contract"].sudo()._read_group([("company_id", "=", company.id)], ["state"], ["__count"])
        )
        return {state: count for state, count in groups}

    # ------------------------------------------------------------------ drill-down
    @api.model
    def water_kpi_action(self, key, date_from, date_to, side="numerator"):
        """The window action listing the records behind a figure: bills, payments, readings, accounts, orders,
        requests, volumes produced. ``side``: the records of the numerator or of the denominator."""
        self._water_kpi_check_dashboard()
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        company = self.env.company
        period = [("date", ">=", date_from), ("date", "<=", date_to), ("company_id", "=", company.id)]
        bills = ("water.report.bill", period, self.env._("Billed in the period"))
        income = ("water.report.income", period, self.env._("Collected in the period"))
        volumes = (
            "water.source.volume",
            [
                ("month", ">=", kpi.month_start(date_from)),
                ("month", "<=", date_to),
                ("company_id", "=", company.id),
            ],
            self.env._("Volumes produced"),
        )
        in_service = [
            ("company_id", "=", company.id),
            ("state", "!=", "draft"),
            ("date_activated", "<=", date_to),
            "|",
            ("date_cancelled", "=", False),
            ("date_cancelled", ">", date_to),
        ]
        readings = [
            ("company_id", "=", company.id),
            ("state", "in", ("valid", "billed")),
            ("basis", "!=", False),
            ("period_id.date_start", ">=", date_from),
            ("period_id.date_start", "<=", date_to),
        ]
        today = fields.Date.context_today(self)
        due_bills = period + [
            ("kind", "=", "bill"),
            ("move_id.invoice_date_due", "<", today),
        ]
        orders = [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("time_done", ">=", self._water_kpi_utc(date_from)),
            ("time_done", "<", self._water_kpi_utc(date_to + timedelta(days=1))),
        ]
        requests = [
            ("company_id", "=", company.id),
            ("state", "!=", "cancelled"),
            ("deadline", ">=", date_from),
            ("deadline", "<=", min(date_to, today - timedelta(days=1))),
        ]
        snapshot = self._water_kpi_overdue(company, date_to).get("snapshot_id")
        targets = {
            "eficiencia_comercial": {"numerator": income, "denominator": bills},
            "eficiencia_fisica": {"numerator": bills, "denominator": volumes},
            "eficiencia_global": {"numerator": income, "denominator": volumes},
            "micromedicion": {
                "numerator": (
                    "water.contract",
                    in_service + [("meter_id.state", "=", "working")],
                    self.env._("Accounts with a working meter"),
                ),
                "denominator": ("water.contract", in_service, self.env._("Accounts in service")),
            },
            "readings_measured_pct": {
                "numerator": (
                    "water.reading",
                    readings + [("basis", "=", "measured")],
                    self.env._("Readings measured"),
                ),
                "denominator": ("water.reading", readings, self.env._("Readings of the period")),
            },
            "paid_on_time_pct": {
                "numerator": ("water.report.bill", due_bills, self.env._("Bills of the period already due")),
            },
            "overdue_over_billing": {
                "numerator": (
                    "water.arrears.line",
                    [("snapshot_id", "=", snapshot or 0)],
                    self.env._("Accounts in arrears"),
                ),
                "denominator": bills,
            },
            "accounts_by_state": {
                "numerator": (
                    "water.contract",
                    [("company_id", "=", company.id)],
                    self.env._("Accounts by state"),
                    {"group_by": ["state"]},
                ),
            },
            "new_contracts": {
                "numerator": (
                    "water.contract",
                    [
                        ("company_id", "=", company.id),
                        ("state", "!=", "draft"),
                        ("date_activated", ">=", date_from),
                        ("date_activated", "<=", date_to),
                    ],
                    self.env._("Accounts activated in the period"),
                ),
            },
            "cuts": {
                "numerator": (
                    "water.cut.order",
                    orders + [("order_type", "=", "cut")],
                    self.env._("Suspensions executed"),
                ),
            },
            "reconnections": {
                "numerator": (
                    "water.cut.order",
                    orders + [("order_type", "=", "reconnection")],
                    self.env._("Reconnections executed"),
                ),
            },
            "requests_on_time_pct": {
                "numerator": ("water.request", requests, self.env._("Requests due in the period")),
            },
        }
        sides = targets[key]
        target = sides.get(side) or sides["numerator"]
        model, domain, name = target[:3]
        context = target[3] if len(target) > 3 else {}
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [(False, "list"), (False, "form")],
            "view_mode": "list,form",
            "target": "current",
            "context": dict(context, create=False),
        }
