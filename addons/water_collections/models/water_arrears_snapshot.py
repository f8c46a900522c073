from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.queue_job.delay import group

from ..utils import arrears as arrears_utils

# accounts per queue job and per call of ``_water_arrears`` (the ledger of that many accounts in memory at once)
JOB_SIZE = 5000
LINE_COLUMNS = (
    "snapshot_id",
    "company_id",
    "currency_id",
    "date",
    "kind",
    "contract_id",
    "account_number",
    "partner_id",
    "sector_id",
    "route_id",
    "route_sequence",
    "service_class_id",
    "large_consumer",
    "contract_state",
    "months_owed",
    "months_bucket",
    "days_past_due",
    "days_bucket",
    "oldest_due",
    "water",
    "drainage",
    "sanitation",
    "surcharges",
    "other",
    "credit",
    "overdue",
)
CONCEPTS = ("water", "drainage", "sanitation", "surcharges", "other")
TOTALS = ("overdue", "credit", "water", "drainage", "sanitation", "surcharges", "other")


class WaterArrearsSnapshot(models.Model):
    """A stored aging of the accounts in arrears (cartera vencida) on a day, one line per account, read from
    ``water.contract._water_arrears`` (the one definition of arrears).

    kind ``current``: today's aging, refreshed by the daily job and by a button; taking a new one replaces the
    previous current one. kind ``month``: the close of a month (its last day), taken on the 1st of the next month and
    kept for trends and the recovery report; one per month and company.
    """

    _name = "water.arrears.snapshot"
    _description = "Arrears snapshot"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name")
    date = fields.Date(required=True, readonly=True, index=True, help="The aging as it stood at the end of this day.")
    kind = fields.Selection(
        [("current", "Current"), ("month", "Month close")], required=True, readonly=True, default="current"
    )
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")], default="running", required=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many("water.arrears.line", "snapshot_id", string="Aging lines", readonly=True)
    candidate_count = fields.Integer(string="Accounts read", readonly=True)
    account_count = fields.Integer(string="Accounts in arrears", readonly=True)
    job_count = fields.Integer(string="Jobs", readonly=True)
    total_overdue = fields.Monetary(string="Overdue total", readonly=True)
    total_credit = fields.Monetary(string="Credits", readonly=True)
    total_water = fields.Monetary(string="Water", readonly=True)
    total_drainage = fields.Monetary(string="Drainage", readonly=True)
    total_sanitation = fields.Monetary(string="Sanitation", readonly=True)
    total_surcharges = fields.Monetary(string="Surcharges", readonly=True)
    total_other = fields.Monetary(string="Other charges", readonly=True)
    started = fields.Datetime(readonly=True, default=fields.Datetime.now)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(12, 1))

    _sql_constraints = [
        (
            "month_unique",
            "EXCLUDE (company_id WITH =, date WITH =) WHERE (kind = 'month')",
            "There is already a close for that month.",
        ),
    ]

    @api.depends("date", "kind")
    def _compute_name(self):
        for snapshot in self:
            if not snapshot.date:
                snapshot.name = False
            elif snapshot.kind == "month":
                snapshot.name = _("Close of %s", snapshot.date.strftime("%m/%Y"))
            else:
                snapshot.name = _("Aging on %s", snapshot.date.strftime("%d/%m/%Y"))

    # ------------------------------------------------------------------ taking a snapshot
    @api.model
    def _water_take(self, day=None, kind="current", company=None, now=False):
        """Take the aging of ``day`` (today by default) for the company: the accounts to read in jobs of
        ``JOB_SIZE`` (queue_job, channel root.water_collections) and a closing job that sums the totals and, for a
        current snapshot, drops the previous current one. ``now``: do it all in this transaction (tests, demo,
        benchmark). A month close already taken is returned as it is. Returns the snapshot."""
        company = company or self.env.company
        day = day or fields.Date.context_today(self)
        if kind == "month":
            done = self.search([("company_id", "=", company.id), ("kind", "=", "month"), ("date", "=", day)])
            if done.state == "done":
                return done
            snapshot = done
        else:
            snapshot = self.browse()
        candidates = self._water_candidates(company, day)
        chunks = [candidates[start : start + JOB_SIZE] for start in range(0, len(candidates), JOB_SIZE)]
        values = {"candidate_count": len(candidates), "job_count": len(chunks), "started": fields.Datetime.now()}
        if snapshot:
            snapshot.write(values)
        else:
            snapshot = self.create(dict(values, date=day, kind=kind, company_id=company.id))
        if now:
            for chunk in chunks:
                snapshot._job_take_chunk(chunk)
            snapshot._job_close()
            return snapshot
        jobs = [
            snapshot.delayable(
                description=self.env._(
                    "%(name)s: accounts %(start)s-%(end)s",
                    name=snapshot.name,
                    start=i * JOB_SIZE + 1,
                    end=i * JOB_SIZE + len(chunk),
                )
            )._job_take_chunk(chunk)
            for i, chunk in enumerate(chunks)
        ]
        close = snapshot.delayable(description=self.env._("%s: close", snapshot.name))._job_close()
        if jobs:
            group(*jobs).on_done(close).delay()
        else:
            close.delay()
        return snapshot

    @api.model
    def _water_candidates(self, company, day):
        """Ids of the accounts that may have something overdue on ``day``, in one query: those with a posted
        receivable debt due before it that is open now or was paid after it (``_water_arrears`` decides)."""
        rows = self.env.execute_query(
            SQL(
                """
            SELECT DISTINCT l.water_contract_id
              FROM account_move_line l
              JOIN account_account a ON a.id = l.account_id AND a.account_type = 'asset_receivable'
             WHERE l.company_id = %(company)s AND l.water_contract_id IS NOT NULL AND l.parent_state = 'posted'
               AND l.balance > 0 AND l.date <= %(day)s AND COALESCE(l.date_maturity, l.date) < %(day)s
               AND (l.amount_residual > 0
                    OR EXISTS (SELECT 1 FROM account_partial_reconcile p
                                WHERE p.debit_move_id = l.id AND p.max_date > %(day)s))
          ORDER BY 1
                """,
                company=company.id,
                day=day,
            )
        )
        return [row[0] for row in rows]

    def _job_take_chunk(self, contract_ids):
        """One job: the arrears of these accounts, inserted as lines in one statement (its own earlier lines for
        them deleted first: a job that runs twice writes them once)."""
        self.ensure_one()
        self.env["water.arrears.line"].flush_model()
        self.env.cr.execute(
            "DELETE FROM water_arrears_line WHERE snapshot_id = %s AND contract_id = ANY(%s)", [self.id, contract_ids]
        )
        contracts = self.env["water.contract"].sudo().browse(contract_ids)
        arrears = contracts._water_arrears(self.date)
        if not arrears:
            return 0
        info = {
            row[0]: row[1:]
            for row in self.env.execute_query(
                SQL(
                    """SELECT id, number, partner_id, sector_id, route_id, route_sequence, service_class_id,
                              COALESCE(large_consumer, FALSE), state
                         FROM water_contract WHERE id = ANY(%s)""",
                    list(arrears),
                )
            )
        }
        uid, now = self.env.uid, fields.Datetime.now()
        rows = []
        for contract_id, found in arrears.items():
            number, partner, sector, route, sequence, service_class, large, state = info[contract_id]
            rows.append(
                (
                    self.id,
                    self.company_id.id,
                    self.company_id.currency_id.id,
                    self.date,
                    self.kind,
                    contract_id,
                    number,
                    partner,
                    sector,
                    route,
                    sequence,
                    service_class,
                    large,
                    state,
                    found["months_owed"],
                    found["months_bucket"] or None,
                    found["days_past_due"],
                    found["days_bucket"] or None,
                    found["oldest_due"],
                    found.get("water", 0.0),
                    found.get("drainage", 0.0),
                    found.get("sanitation", 0.0),
                    found.get("surcharges", 0.0),
                    found.get("other", 0.0),
                    found["credit"],
                    found["overdue"],
                    uid,
                    now,
                    uid,
                    now,
                )
            )
        columns = ", ".join((*LINE_COLUMNS, "create_uid", "create_date", "write_uid", "write_date"))
        execute_values(self.env.cr._obj, f"INSERT INTO water_arrears_line ({columns}) VALUES %s", rows, page_size=1000)
        self.env["water.arrears.line"].invalidate_model()
        self.invalidate_recordset(["line_ids"])
        return len(rows)

    def _job_close(self):
        """The totals, done; a current snapshot replaces the previous current ones of its company."""
        self.ensure_one()
        self.env["water.arrears.line"].flush_model()
        sums = SQL(", ").join(SQL("COALESCE(SUM(%s), 0)", SQL.identifier(column)) for column in TOTALS)
        count, *totals = self.env.execute_query(
            SQL("SELECT COUNT(*), %s FROM water_arrears_line WHERE snapshot_id = %s", sums, self.id)
        )[0]
        values = {f"total_{column}": total for column, total in zip(TOTALS, totals, strict=True)}
        started = self.started or fields.Datetime.now()
        values.update(
            account_count=count,
            state="done",
            duration=max((fields.Datetime.now() - started).total_seconds(), 0.0),
        )
        self.write(values)
        if self.kind == "current":
            previous = self.search(
                [("company_id", "=", self.company_id.id), ("kind", "=", "current"), ("id", "!=", self.id)]
            )
            if previous:
                self.env.cr.execute("DELETE FROM water_arrears_line WHERE snapshot_id = ANY(%s)", [previous.ids])
                previous.unlink()
        return count

    # ------------------------------------------------------------------ buttons and crons
    def _check_officer(self):
        if not self.env.user.has_group("water_collections.group_water_collections_officer"):
            raise AccessError(_("Only the collections officer and the commercial manager take the arrears snapshot."))

    @api.model
    def action_water_refresh(self):
        """The button: take today's aging again now, in queue jobs (the list shows it when they are done)."""
        self._check_officer()
        self.sudo()._water_take()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("Today's aging is being taken; it replaces the current one when it is done."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_water_arrears_current(self):
        """Daily: today's aging of every company, in jobs."""
        for company in self.env["res.company"].search([]):
            self.with_company(company)._water_take(company=company)

    @api.model
    def _cron_water_arrears_month(self, day=None):
        """On the 1st: the close of the previous month (its last day) of every company, unless already taken."""
        today = day or fields.Date.context_today(self)
        close = today.replace(day=1) - timedelta(days=1)
        for company in self.env["res.company"].search([]):
            self.with_company(company)._water_take(day=close, kind="month", company=company)

    @api.model
    def _water_month_close(self, year, month):
        """The last day of a month: the day its close is taken as of."""
        return fields.Date.to_date(f"{year:04d}-{month:02d}-01") + relativedelta(months=1, days=-1)

    # ------------------------------------------------------------------ recovery
    @api.model
    def _water_recovery(self, year, month, company=None, domain=None):
        """Recovery of month ``year``-``month`` (seed 002 XV, XVIII): of what was overdue at the previous month's
        close, how much was recovered by this month's close (or by today while the month is running), by concept.

        overdue at the previous close: the concepts of the lines of the previous month's close (kind ``month``,
        dated its last day D): each account's debts due before D still open at the end of D, before credits;
        still open: what of those same debts (due before D) is still open at the end of this month (or today),
        ``_water_arrears(day=end, due_before=D)`` for the same accounts; recovered = overdue at the previous close
        − still open, per concept (never below zero) and in total. Payments, credits applied and forgiveness of
        those debts all count as recovered (an account whose credits now cover them too); new debts of the month do
        not enter. ``domain``: only the lines of the previous close matching it (a sector, a route, some accounts).

        Returns {"previous": snapshot, "end": date, "concepts": {concept: (overdue, still open, recovered)},
        "total": (overdue, still open, recovered), "accounts": accounts of the previous close}; raises when the
        previous month's close has not been taken."""
        company = company or self.env.company
        close = self._water_month_close(year, month)
        previous_day = close.replace(day=1) - timedelta(days=1)
        previous = self.search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "month"),
                ("date", "=", previous_day),
                ("state", "=", "done"),
            ]
        )
        if not previous:
            raise UserError(
                _(
                    "There is no arrears close of %(month)s: the recovery of %(this)s is measured against it. "
                    "Take that close first (Arrears → Snapshots).",
                    month=previous_day.strftime("%m/%Y"),
                    this=close.strftime("%m/%Y"),
                )
            )
        end = min(close, fields.Date.context_today(self))
        lines_domain = [("snapshot_id", "=", previous.id), *(domain or [])]
        Line = self.env["water.arrears.line"].sudo()
        groups = Line._read_group(lines_domain, [], [f"{concept}:sum" for concept in CONCEPTS])
        before = dict(zip(CONCEPTS, groups[0], strict=True))
        contract_ids = Line.search(lines_domain).contract_id.ids
        still_open = dict.fromkeys(CONCEPTS, 0.0)
        Contract = self.env["water.contract"].sudo()
        for start in range(0, len(contract_ids), JOB_SIZE):
            found = Contract.browse(contract_ids[start : start + JOB_SIZE])._water_arrears(end, due_before=previous_day)
            for values in found.values():
                for concept in CONCEPTS:
                    still_open[concept] += values.get(concept, 0.0)
        recovered = arrears_utils.recovery(before, still_open)
        concepts = {
            concept: (before[concept] or 0.0, still_open[concept], float(recovered[concept])) for concept in CONCEPTS
        }
        total = tuple(sum(values[i] for values in concepts.values()) for i in range(3))
        return {
            "previous": previous,
            "end": end,
            "concepts": concepts,
            "total": total,
            "accounts": len(contract_ids),
        }
