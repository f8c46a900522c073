import time

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.queue_job.delay import group

from ..utils import anomaly

JOB_SIZE = 5000  # accounts per queue job, whole routes (neighbours are judged together)
CREATE_BATCH = 2000
RUN_STATES = [("draft", "Draft"), ("running", "Scoring"), ("done", "Done")]


class WaterAnomalyRun(models.Model):
    """One scoring of the utility's accounts over its latest billing periods: the ranked cases to inspect.

    The accounts (metered, active, suspended or cut) are split in queue jobs of whole routes; each job reads the
    consumption of its accounts per period in one query (valid readings, else the posted bills' volume), scores
    them with ``utils/anomaly.py`` and creates its cases in bulk; a last job ranks the run's cases by score."""

    _name = "water.anomaly.run"
    _description = "Anomaly scoring run"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(default=fields.Date.context_today, required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    period_count = fields.Integer(
        string="Periods to read", default=24, required=True, help="The latest billing periods read, at most."
    )
    period_ids = fields.Many2many("water.billing.period", string="Periods read", readonly=True)
    sector_ids = fields.Many2many("water.sector", string="Sectors", help="Score only these sectors (all if empty).")
    route_ids = fields.Many2many("water.route", string="Routes", help="Score only these routes (all if empty).")
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    window = fields.Integer(default=3, required=True, help="Latest periods judged against the account's baseline.")
    threshold = fields.Float(
        default=3.5, required=True, help="Robust score (deviations from the baseline) from which a case is opened."
    )
    state = fields.Selection(RUN_STATES, default="draft", required=True, readonly=True, tracking=True)
    is_latest = fields.Boolean(string="Latest run", readonly=True, index=True)
    account_count = fields.Integer(string="Accounts scored", readonly=True)
    job_count = fields.Integer(string="Jobs", readonly=True)
    seconds = fields.Float(string="Scoring time (s)", digits=(12, 1), readonly=True)
    case_ids = fields.One2many("water.anomaly.case", "run_id", string="Cases")
    case_count = fields.Integer(compute="_compute_counts", string="Number of cases")
    leak_count = fields.Integer(compute="_compute_counts", string="Leaks")
    meter_count = fields.Integer(compute="_compute_counts", string="Stopped or tampered meters")
    illegal_count = fields.Integer(compute="_compute_counts", string="Illegal connections")
    confirmed_count = fields.Integer(compute="_compute_counts", string="Confirmed")

    @api.depends("date")
    def _compute_name(self):
        for run in self:
            run.name = (
                self.env._("Scoring of %s", fields.Date.to_string(run.date)) if run.date else self.env._("New scoring")
            )

    def _compute_counts(self):
        counts = {(run.id, kind): 0 for run in self for kind in (*anomaly.KINDS, "all", "confirmed")}
        rows = self.env["water.anomaly.case"]._read_group(
            [("run_id", "in", self.ids)], ["run_id", "kind", "state"], ["__count"]
        )
        for run, kind, state, count in rows:
            counts[run.id, kind] += count
            counts[run.id, "all"] += count
            if state in ("leak", "tampering"):
                counts[run.id, "confirmed"] += count
        for run in self:
            run.case_count = counts[run.id, "all"]
            run.leak_count = counts[run.id, anomaly.LEAK]
            run.meter_count = counts[run.id, anomaly.METER]
            run.illegal_count = counts[run.id, anomaly.ILLEGAL]
            run.confirmed_count = counts[run.id, "confirmed"]

    # ------------------------------------------------------------------ what is read
    def _params(self):
        return anomaly.Params(window=self.window, threshold=self.threshold)

    def _pick_periods(self):
        """The latest ``period_count`` periods of the company with validated readings or bills, oldest first."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT p.id, p.date_start, p.date_end
              FROM water_billing_period p
             WHERE p.company_id = %(company)s AND p.date_start <= %(today)s
               AND (EXISTS (SELECT 1 FROM water_reading r JOIN water_contract c ON c.id = r.contract_id
                             WHERE r.period_id = p.id AND r.state IN ('valid', 'billed') AND %(scope)s)
                    OR EXISTS (SELECT 1 FROM account_move m JOIN water_contract c ON c.id = m.water_contract_id
                                WHERE m.water_period_id = p.id AND m.state = 'posted' AND %(scope)s))
          ORDER BY p.date_start DESC
             LIMIT %(limit)s
            """,
                company=self.company_id.id,
                today=self.date,
                limit=self.period_count,
                scope=self._scope(),
            )
        )
        return list(reversed(self.env.cr.fetchall()))

    def _scope(self):
        """SQL condition on the accounts (alias c) of the chosen sectors and routes."""
        conditions = [SQL("TRUE")]
        if self.sector_ids:
            conditions.append(SQL("c.sector_id = ANY(%s)", self.sector_ids.ids))
        if self.route_ids:
            conditions.append(SQL("c.route_id = ANY(%s)", self.route_ids.ids))
        return SQL(" AND ").join(conditions)

    def _contract_ids(self):
        """The accounts to score, route after route, in route order (jobs cut between routes)."""
        self.env.cr.execute(
            SQL(
                """
            SELECT c.id, c.route_id
              FROM water_contract c
             WHERE c.company_id = %s AND c.is_metered AND c.state IN ('active', 'suspended', 'cut') AND %s
          ORDER BY c.route_id NULLS LAST, c.route_sequence, c.id
            """,
                self.company_id.id,
                self._scope(),
            )
        )
        return self.env.cr.fetchall()

    @staticmethod
    def _chunks(rows, size=JOB_SIZE):
        """Contract ids in chunks of about ``size``, never splitting a route."""
        chunks, current, route = [], [], object()
        for contract_id, route_id in rows:
            if len(current) >= size and route_id != route:
                chunks.append(current)
                current = []
            current.append(contract_id)
            route = route_id
        if current:
            chunks.append(current)
        return chunks

    def _series(self, contract_ids):
        """([anomaly.Account], {contract id: reading ids}) of these accounts over the run's periods, in three
        queries."""
        periods = self.period_ids.sorted("date_start")
        index = {period.id: position for position, period in enumerate(periods)}
        n = len(periods)
        cr = self.env.cr
        reading_ids = {}  # {contract id: its valid readings of the periods}, linked to its case
        cr.execute(
            SQL(
                """
            SELECT c.id, c.service_class_id, c.route_id, c.route_sequence, c.state, c.date_cut,
                   sp.property_type = 'vacant_lot',
                   (SELECT i.install_date FROM water_meter_install i
                     WHERE i.service_point_id = sp.id AND i.removal_date IS NULL
                       AND EXISTS (SELECT 1 FROM water_meter_install o
                                    WHERE o.service_point_id = sp.id AND o.id != i.id)
                  ORDER BY i.install_date DESC LIMIT 1)
              FROM water_contract c JOIN water_service_point sp ON sp.id = c.service_point_id
             WHERE c.id = ANY(%s)
            """,
                list(contract_ids),
            )
        )
        facts = {row[0]: row[1:] for row in cr.fetchall()}
        values = {contract_id: [None] * n for contract_id in contract_ids}
        unoccupied, changed = {}, {}
        cr.execute(
            SQL(
                """
            SELECT DISTINCT ON (r.contract_id, r.period_id)
                   r.contract_id, r.period_id, r.basis, COALESCE(r.measured_consumption, r.consumption),
                   COALESCE(oc.unoccupied, FALSE), r.meter_changed, r.id
              FROM water_reading r LEFT JOIN water_observation_code oc ON oc.id = r.observation_id
             WHERE r.contract_id = ANY(%s) AND r.period_id = ANY(%s) AND r.state IN ('valid', 'billed')
          ORDER BY r.contract_id, r.period_id, r.id DESC
            """,
                list(contract_ids),
                periods.ids,
            )
        )
        seen = set()
        for contract_id, period_id, basis, consumption, empty, meter_changed, reading_id in cr.fetchall():
            position = index[period_id]
            reading_ids.setdefault(contract_id, []).append(reading_id)
            seen.add((contract_id, period_id))
            if basis in ("measured", "minimum"):
                values[contract_id][position] = consumption or 0.0
            if position >= unoccupied.get(contract_id, (-1, False))[0]:
                unoccupied[contract_id] = (position, empty)  # what the latest reading says
            if meter_changed:
                changed[contract_id] = max(changed.get(contract_id, -1), position)
        # periods without a valid reading: the volume of the posted bill (history brought from another system)
        cr.execute(
            SQL(
                """
            SELECT m.water_contract_id, m.water_period_id, SUM(m.water_volume)
              FROM account_move m
             WHERE m.water_contract_id = ANY(%s) AND m.water_period_id = ANY(%s) AND m.state = 'posted'
               AND m.move_type = 'out_invoice' AND NOT COALESCE(m.water_is_surcharge, FALSE)
               AND m.water_reading_id IS NULL
          GROUP BY m.water_contract_id, m.water_period_id
            """,
                list(contract_ids),
                periods.ids,
            )
        )
        for contract_id, period_id, volume in cr.fetchall():
            if (contract_id, period_id) not in seen:
                values[contract_id][index[period_id]] = volume or 0.0
        accounts = []
        for contract_id in contract_ids:
            class_id, route_id, sequence, state, date_cut, vacant, installed = facts[contract_id]
            change = changed.get(contract_id)
            if change is None and installed:
                change = next((i for i, p in enumerate(periods) if p.date_start <= installed <= p.date_end), None)
            cut_since = None
            if state == "cut" and date_cut:
                cut_since = next((i for i, p in enumerate(periods) if p.date_start >= date_cut), n)
            accounts.append(
                anomaly.Account(
                    key=contract_id,
                    values=values[contract_id],
                    class_key=class_id,
                    route_key=route_id,
                    route_sequence=sequence or 0,
                    unoccupied=bool(vacant) or unoccupied.get(contract_id, (0, False))[1],
                    meter_change=change,
                    cut_since=cut_since,
                )
            )
        return accounts, reading_ids

    # ------------------------------------------------------------------ run
    def _prepare(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This scoring has already been run: start a new one."))
        periods = self._pick_periods()
        if len(periods) < self.window + anomaly.Params().min_history:
            raise UserError(
                self.env._(
                    "Only %(found)s billing periods have readings or bills: at least %(needed)s are needed.",
                    found=len(periods),
                    needed=self.window + anomaly.Params().min_history,
                )
            )
        rows = self._contract_ids()
        chunks = self._chunks(rows)
        self.write(
            {
                "period_ids": [(6, 0, [row[0] for row in periods])],
                "date_from": periods[0][1],
                "date_to": periods[-1][2],
                "state": "running",
                "account_count": len(rows),
                "job_count": len(chunks),
            }
        )
        return chunks

    def action_run(self):
        """Split the accounts into queue jobs of whole routes; a last job ranks the cases."""
        for run in self:
            chunks = run._prepare()
            run.message_post(
                body=self.env._(
                    "%(count)s accounts to score in %(jobs)s jobs.", count=run.account_count, jobs=len(chunks)
                )
            )
            jobs = [
                run.delayable(description=self.env._("%(run)s: part %(part)s", run=run.name, part=i + 1))._job_score(
                    chunk
                )
                for i, chunk in enumerate(chunks)
            ]
            close = run.delayable(description=self.env._("%s: rank", run.name))._job_close()
            if jobs:
                group(*jobs).on_done(close).delay()
            else:
                close.delay()
        return True

    def _run_now(self):
        """Score everything in this process (demo, tests without queue)."""
        self.ensure_one()
        for chunk in self._prepare():
            self._job_score(chunk)
        return self._job_close()

    def _job_score(self, contract_ids):
        """One queue job: score these accounts and create their cases."""
        self.ensure_one()
        started = time.perf_counter()
        accounts, reading_ids = self._series(contract_ids)
        cases = anomaly.score_accounts(accounts, self._params())
        facts = {account.key: account for account in accounts}
        Case = self.env["water.anomaly.case"].with_context(tracking_disable=True, mail_create_nolog=True)
        previous = self._previous_cases([case.key for case in cases])
        for start in range(0, len(cases), CREATE_BATCH):
            Case.create(
                [
                    self._case_values(case, facts[case.key], reading_ids.get(case.key, []), previous.get(case.key))
                    for case in cases[start : start + CREATE_BATCH]
                ]
            )
        carried = Case.browse([p["id"] for p in previous.values() if p["state"] in ("new", "inspection")])
        carried.write({"state": "carried"})
        seconds = time.perf_counter() - started
        self.env.cr.execute(
            SQL("UPDATE water_anomaly_run SET seconds = COALESCE(seconds, 0) + %s WHERE id = %s", seconds, self.id)
        )
        self.invalidate_recordset(["seconds"])
        return self.env._("%(accounts)s accounts scored, %(cases)s cases", accounts=len(contract_ids), cases=len(cases))

    def _previous_cases(self, contract_ids):
        """{account: its latest case of an earlier scoring} among the open ones and those inspected, one query."""
        if not contract_ids:
            return {}
        rows = self.env["water.anomaly.case"].search_read(
            [
                ("contract_id", "in", contract_ids),
                ("run_id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("new", "inspection", "leak", "tampering", "nothing")),
            ],
            ["contract_id", "state", "work_order_id", "cut_order_id", "outcome_note", "date_inspected"],
            order="run_date desc, id desc",
        )
        latest = {}
        for row in rows:
            latest.setdefault(row["contract_id"][0], row)
        return latest

    def _case_values(self, case, account, reading_ids, previous=None):
        """The case's values; an open case of an earlier scoring is carried over (its state, orders and note),
        an inspected one is told among the reasons."""
        carry = {}
        reasons = list(case.reasons)
        if previous and previous["state"] in ("new", "inspection"):
            carry = {
                "state": previous["state"],
                "work_order_id": previous["work_order_id"] and previous["work_order_id"][0],
                "cut_order_id": previous["cut_order_id"] and previous["cut_order_id"][0],
                "outcome_note": previous["outcome_note"],
            }
        elif previous and previous["date_inspected"]:
            reasons.append(
                {
                    "code": "previous_outcome",
                    "date": fields.Date.to_string(previous["date_inspected"]),
                    "outcome": previous["state"],
                }
            )
        return carry | {
            "previous_case_id": previous["id"] if previous else False,
            "run_id": self.id,
            "company_id": self.company_id.id,
            "contract_id": case.key,
            "route_id": account.route_key,
            "service_class_id": account.class_key,
            "kind": case.kind,
            "score": case.score,
            "reason_data": reasons,
            "expected_volume": case.expected,
            "last_volume": case.last,
            "cluster": case.cluster,
            "reading_ids": [(6, 0, reading_ids)],
        }

    def _job_close(self):
        """Rank the run's cases by score; the run becomes the latest one."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            UPDATE water_anomaly_case c SET rank = r.rank
              FROM (SELECT id, row_number() OVER (ORDER BY score DESC, id) AS rank
                      FROM water_anomaly_case WHERE run_id = %s) r
             WHERE c.id = r.id
            """,
                self.id,
            )
        )
        self.env["water.anomaly.case"].invalidate_model(["rank"])
        self.search([("company_id", "=", self.company_id.id), ("is_latest", "=", True)]).is_latest = False
        self.write({"state": "done", "is_latest": True})
        self.message_post(body=self.env._("%s cases to inspect, ranked by score.", self.case_count))
        return True

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_reports.action_water_anomaly_case")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
        return action
