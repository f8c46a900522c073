from collections import defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.delay import group

from ..utils import simulation as sim
from ..utils import tariff as tariff_engine
from .water_bill_run import CONCEPT_LABELS

JOB_SIZE = 5000  # accounts per queue job (all their bills of the range)
SUMS = (
    "bill_count",
    "volume",
    "billed_untaxed",
    "billed_total",
    "simulated_untaxed",
    "simulated_total",
    "bills_more",
    "bills_less",
    "unpriced_count",
    "over_share_billed",
    "over_share_simulated",
)


def _default_from(model):
    today = fields.Date.context_today(model)
    return today.replace(day=1) - relativedelta(months=12)


def _default_to(model):
    return fields.Date.context_today(model).replace(day=1) - relativedelta(days=1)


class WaterTariffSimulation(models.Model):
    _name = "water.tariff.simulation"
    _description = "Tariff simulation (Ley de Ingresos proposal)"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True, help="e.g. Propuesta Ley de Ingresos 2027, +8 % doméstico")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")], default="draft", required=True, tracking=True
    )
    base = fields.Selection(
        [("current", "Tariffs in force"), ("draft", "Draft tariffs (proposal)")],
        string="Price with",
        default="current",
        required=True,
        help="The tariffs each bill was priced with, or the proposal's draft tariffs; the % changes apply on top.",
    )
    tariff_ids = fields.Many2many(
        "water.tariff",
        string="Draft tariffs",
        domain="[('simulation_only', '=', True), ('company_id', '=', company_id)]",
        help="Tariffs marked 'Proposal (simulation only)'. A class without one is priced with its tariff in force.",
    )
    change_ids = fields.One2many("water.tariff.simulation.change", "simulation_id", string="Changes (%)")
    date_from = fields.Date(string="Bills of periods ending from", required=True, default=_default_from)
    date_to = fields.Date(string="Until", required=True, default=_default_to)
    sector_ids = fields.Many2many("water.sector", string="Sectors", help="Empty: every sector.")
    target_revenue = fields.Monetary(
        string="Target revenue", help="Revenue before VAT the proposal must raise over the same periods."
    )
    household_class_id = fields.Many2one(
        "water.service.class",
        string="Household class",
        default=lambda self: self.env["water.service.class"].search([("code", "=", "DOM")], limit=1),
    )
    reference_income = fields.Monetary(
        string="Reference household income (monthly)", help="e.g. the monthly minimum wage or the median income."
    )
    income_share_pct = fields.Float(
        string="Share of income (%)", default=3.0, help="A household whose bill takes more than this share is counted."
    )
    total_count = fields.Integer(string="Accounts", readonly=True)
    job_count = fields.Integer(string="Jobs", readonly=True)
    run_count = fields.Integer(readonly=True, help="Runs so far: a job of an earlier run writes nothing.")
    progress = fields.Float(compute="_compute_progress")
    problem_log = fields.Text(string="Notes", readonly=True)
    line_ids = fields.One2many("water.tariff.simulation.line", "simulation_id", string="Results", readonly=True)
    bucket_ids = fields.One2many("water.tariff.simulation.bucket", "simulation_id", string="Distribution")
    # summary
    bill_count = fields.Integer(string="Bills re-priced", compute="_compute_summary")
    billed_untaxed = fields.Monetary(string="Billed (before VAT)", compute="_compute_summary")
    simulated_untaxed = fields.Monetary(string="Simulated (before VAT)", compute="_compute_summary")
    billed_total = fields.Monetary(string="Billed (with VAT)", compute="_compute_summary")
    simulated_total = fields.Monetary(string="Simulated (with VAT)", compute="_compute_summary")
    difference = fields.Monetary(compute="_compute_summary")
    change_pct = fields.Float(string="Change (%)", compute="_compute_summary")
    accounts_more = fields.Integer(string="Accounts paying more", compute="_compute_summary")
    accounts_less = fields.Integer(string="Accounts paying less", compute="_compute_summary")
    accounts_same = fields.Integer(string="Accounts paying the same", compute="_compute_summary")
    households_over_billed = fields.Integer(string="Households over the share (billed)", compute="_compute_summary")
    households_over_simulated = fields.Integer(
        string="Households over the share (simulated)", compute="_compute_summary"
    )
    break_even_pct = fields.Float(
        string="Break-even change (%)",
        compute="_compute_summary",
        help="The uniform change of every price of the simulated tariffs that raises the target revenue.",
    )

    _sql_constraints = [
        ("dates_order", "CHECK(date_to >= date_from)", "The range must end after it starts."),
    ]

    def _compute_progress(self):
        chunks = defaultdict(set)
        for simulation, chunk in self.env["water.tariff.simulation.line"]._read_group(
            [("simulation_id", "in", self.ids), ("chunk", ">=", 0)], ["simulation_id", "chunk"]
        ):
            chunks[simulation.id].add(chunk)
        for simulation in self:
            if simulation.state == "done":
                simulation.progress = 100.0
            elif simulation.job_count:
                simulation.progress = 100.0 * len(chunks[simulation.id]) / simulation.job_count
            else:
                simulation.progress = 0.0

    @api.depends("line_ids", "bucket_ids", "target_revenue")
    def _compute_summary(self):
        Line, Bucket = self.env["water.tariff.simulation.line"], self.env["water.tariff.simulation.bucket"]
        sums = {
            simulation.id: values
            for simulation, *values in Line._read_group(
                [("simulation_id", "in", self.ids)],
                ["simulation_id"],
                [f"{name}:sum" for name in ("bill_count", "billed_untaxed", "simulated_untaxed")]
                + [f"{name}:sum" for name in ("billed_total", "simulated_total")],
            )
        }
        accounts = defaultdict(lambda: defaultdict(int))
        for simulation, bucket, count, over_billed, over_simulated in Bucket._read_group(
            [("simulation_id", "in", self.ids), ("subject", "=", "account")],
            ["simulation_id", "bucket"],
            ["count:sum", "over_share_billed:sum", "over_share_simulated:sum"],
        ):
            index = int(bucket)
            side = "same" if index == sim.UNCHANGED else "less" if index < sim.UNCHANGED else "more"
            accounts[simulation.id][side] += count
            accounts[simulation.id]["over_billed"] += over_billed
            accounts[simulation.id]["over_simulated"] += over_simulated
        for simulation in self:
            bills, billed, simulated, billed_total, simulated_total = sums.get(simulation.id, (0, 0.0, 0.0, 0.0, 0.0))
            figures = accounts[simulation.id]
            simulation.update(
                {
                    "bill_count": bills,
                    "billed_untaxed": billed,
                    "simulated_untaxed": simulated,
                    "billed_total": billed_total,
                    "simulated_total": simulated_total,
                    "difference": simulated - billed,
                    "change_pct": 100.0 * (simulated - billed) / billed if billed else 0.0,
                    "accounts_more": figures["more"],
                    "accounts_less": figures["less"],
                    "accounts_same": figures["same"],
                    "households_over_billed": figures["over_billed"],
                    "households_over_simulated": figures["over_simulated"],
                    "break_even_pct": sim.break_even(simulated, simulation.target_revenue) or 0.0,
                }
            )

    # ------------------------------------------------------------------ selection
    def _periods(self):
        self.ensure_one()
        return self.env["water.billing.period"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_end", ">=", self.date_from),
                ("date_end", "<=", self.date_to),
            ]
        )

    def _contract_ids(self):
        """The accounts with a posted bill in the range (of the sectors, if given), by id."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT DISTINCT m.water_contract_id
              FROM account_move m
              JOIN water_contract c ON c.id = m.water_contract_id
             WHERE m.water_period_id = ANY(%(periods)s) AND m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.company_id = %(company)s AND (%(all)s OR c.sector_id = ANY(%(sectors)s))
          ORDER BY m.water_contract_id
            """,
            {
                "periods": self._periods().ids,
                "company": self.company_id.id,
                "all": not self.sector_ids,
                "sectors": self.sector_ids.ids,
            },
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _bills(self, contract_ids):
        """The inputs and the tariff amounts of the accounts' posted bills of the range, one query:
        [(bill, account, period, volume, metered?, discounted?, untaxed, with VAT)]. Metered as the bill run
        priced it: a reading, or an assumed volume (a volume without reading or fixed quota line); cuota fija
        otherwise. Catalogue charges (fees, fines) are not the tariff's and are left out."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT m.id, m.water_contract_id, m.water_period_id, COALESCE(m.water_volume, 0),
                   m.water_reading_id IS NOT NULL
                   OR (COALESCE(m.water_volume, 0) > 0 AND NOT BOOL_OR(pt.water_concept = 'fixed_quota')),
                   BOOL_OR(pt.water_concept = 'discount'),
                   SUM(l.price_subtotal), SUM(l.price_total)
              FROM account_move m
              JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product'
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE m.water_contract_id = ANY(%(contracts)s) AND m.water_period_id = ANY(%(periods)s)
               AND m.move_type = 'out_invoice' AND m.state = 'posted' AND pt.water_concept = ANY(%(concepts)s)
          GROUP BY m.id
          ORDER BY m.water_contract_id, m.water_period_id
            """,
            {"contracts": list(contract_ids), "periods": self._periods().ids, "concepts": list(CONCEPT_LABELS)},
        )
        return self.env.cr.fetchall()

    # ------------------------------------------------------------------ run
    def action_run(self):
        """Re-price the range's bills in queue jobs of JOB_SIZE accounts; a last job sums their results."""
        for simulation in self:
            chunks = simulation._start()
            jobs = [
                simulation.delayable(
                    description=self.env._(
                        "%(name)s: accounts %(start)s-%(end)s",
                        name=simulation.name,
                        start=i * JOB_SIZE + 1,
                        end=i * JOB_SIZE + len(chunk),
                    )
                )._job_simulate(chunk, i, simulation.run_count)
                for i, chunk in enumerate(chunks)
            ]
            close = simulation.delayable(description=_("%s: totals", simulation.name))._job_close(simulation.run_count)
            group(*jobs).on_done(close).delay()
        return True

    def action_reset(self):
        """Back to draft without results: a simulation whose job failed for good stays running otherwise."""
        self.line_ids.unlink()
        self.bucket_ids.unlink()
        self.write({"state": "draft", "job_count": 0, "problem_log": False})
        return True

    def _run(self, commit=False):
        """The same jobs one after another in this process (demo, shell, benchmark)."""
        self.ensure_one()
        for index, chunk in enumerate(self._start()):
            self._job_simulate(chunk, index, self.run_count)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        return self._job_close(self.run_count)

    def _start(self):
        """Checks the simulation, clears its last results; returns the accounts split into jobs."""
        self.ensure_one()
        if self.state == "running":
            raise UserError(_("Simulation %s is already running.", self.name))
        if self.base == "draft" and not self.tariff_ids:
            raise UserError(_("Simulation %s prices with draft tariffs: choose them.", self.name))
        contract_ids = self._contract_ids()
        if not contract_ids:
            raise UserError(
                _(
                    "Simulation %(name)s: no posted bills of periods ending between %(start)s and %(end)s.",
                    name=self.name,
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        self.line_ids.unlink()
        self.bucket_ids.unlink()
        chunks = [contract_ids[start : start + JOB_SIZE] for start in range(0, len(contract_ids), JOB_SIZE)]
        self.write(
            {
                "state": "running",
                "total_count": len(contract_ids),
                "job_count": len(chunks),
                "run_count": self.run_count + 1,
                "problem_log": False,
            }
        )
        self.message_post(
            body=_("%(count)s accounts to re-price in %(jobs)s jobs.", count=len(contract_ids), jobs=len(chunks))
        )
        return chunks

    def _stale(self, run):
        return run is not None and (self.state != "running" or run != self.run_count)

    def _job_simulate(self, contract_ids, chunk=0, run=None):
        """One queue job: re-price every bill of these accounts in the range; writes only result rows."""
        self.ensure_one()
        if self._stale(run):
            return _("An earlier run of the simulation: nothing done.")
        lines, buckets = self._simulate(contract_ids)
        Line, Bucket = self.env["water.tariff.simulation.line"], self.env["water.tariff.simulation.bucket"]
        Line.create([dict(values, simulation_id=self.id, chunk=chunk) for values in lines])
        Bucket.create([dict(values, simulation_id=self.id, chunk=chunk) for values in buckets])
        return _("%s accounts re-priced", len(contract_ids))

    def _simulate(self, contract_ids):
        """([result line values], [bucket values]) of the accounts' bills, re-priced by the engine."""
        bills = self._bills(contract_ids)
        contracts = self.env["water.contract"].browse(sorted({row[1] for row in bills}))
        periods = {period.id: period for period in self.env["water.billing.period"].browse({row[2] for row in bills})}
        months = {pid: sim.months(p.date_start, p.date_end) for pid, p in periods.items()}
        # what the bill run reads of each account: class, sector, services, discount eligibility
        accounts = {
            c.id: (c.service_class_id, c.sector_id, tuple(c._service_names()), c.has_valid_discount) for c in contracts
        }
        # the days of service the bill run charged base fees and fixed quotas by (when the company prorates)
        Run = self.env["water.bill.run"]
        runs = {pid: Run.new({"period_id": pid, "company_id": self.company_id.id}) for pid in periods}
        contract_of = {c.id: c for c in contracts}
        household = self.household_class_id.id
        tariff_of, engines, priced = {}, {}, {}
        rows = defaultdict(lambda: dict.fromkeys(SUMS, 0))
        per_bill = defaultdict(int)
        per_account = {}  # contract id: [bills, change, billed per month, simulated per month]
        for _move, contract_id, period_id, volume, metered, discounted, billed, billed_total in bills:
            cls, sector, services, eligible_now = accounts[contract_id]
            period = periods[period_id]
            key = (cls.id, sector.id, period_id)
            if key not in tariff_of:
                tariff_of[key] = self._engine_tariff(cls, sector, period, engines)
            engine_tariff = tariff_of[key]
            row = rows[key]
            billed, billed_total = Decimal(str(billed)), Decimal(str(billed_total))
            if engine_tariff is None:
                untaxed, total = billed, billed_total  # nothing to price with: left as billed
                row["unpriced_count"] += 1
            else:
                eligible = bool(discounted or eligible_now)
                days = runs[period_id]._service_days(contract_of[contract_id])
                memo = (id(engine_tariff), volume, metered, eligible, services, days)
                if memo not in priced:
                    lines = tariff_engine.price(
                        engine_tariff, volume, services, metered=metered, eligible=eligible, days=days
                    )
                    priced[memo] = tariff_engine.totals(lines)[::2]
                untaxed, total = priced[memo]
            change = total - billed_total
            row["bill_count"] += 1
            row["volume"] += volume
            row["billed_untaxed"] += billed
            row["billed_total"] += billed_total
            row["simulated_untaxed"] += untaxed
            row["simulated_total"] += total
            row["bills_more"] += change > 0
            row["bills_less"] += change < 0
            per_bill[(cls.id, sim.bucket(change))] += 1
            account = per_account.setdefault(contract_id, [0, Decimal(0), Decimal(0), Decimal(0), cls.id])
            account[0] += 1
            account[1] += change
            account[2] += billed_total / months[period_id]
            account[3] += total / months[period_id]
            if cls.id == household:
                over = (self.reference_income, self.income_share_pct)
                row["over_share_billed"] += sim.over_share(billed_total, months[period_id], *over)
                row["over_share_simulated"] += sim.over_share(total, months[period_id], *over)
        per_account_bucket = defaultdict(lambda: [0, 0, 0])
        for count, change, billed_month, simulated_month, class_id in per_account.values():
            figures = per_account_bucket[(class_id, sim.bucket(change / count))]
            figures[0] += 1
            if class_id == household:
                over = (1, self.reference_income, self.income_share_pct)
                figures[1] += sim.over_share(billed_month / count, *over)
                figures[2] += sim.over_share(simulated_month / count, *over)
        lines = [
            {
                "service_class_id": class_id,
                "sector_id": sector_id,
                "period_id": period_id,
                "month": periods[period_id].date_end.replace(day=1),
                **{name: float(value) if isinstance(value, Decimal) else value for name, value in values.items()},
            }
            for (class_id, sector_id, period_id), values in rows.items()
        ]
        buckets = [
            {"subject": "bill", "service_class_id": class_id, "bucket": f"{index:02d}", "count": count}
            for (class_id, index), count in per_bill.items()
        ] + [
            {
                "subject": "account",
                "service_class_id": class_id,
                "bucket": f"{index:02d}",
                "count": count,
                "over_share_billed": over_billed,
                "over_share_simulated": over_simulated,
            }
            for (class_id, index), (count, over_billed, over_simulated) in per_account_bucket.items()
        ]
        return lines, buckets

    def _engine_tariff(self, service_class, sector, period, cache):
        """The engine tariff a bill of the class, sector and period is re-priced with (None: no tariff):
        the draft tariff of the class or the one in force on the period's end (as the bill run finds it),
        in the month's prices, with the simulation's changes."""
        tariff = self.env["water.tariff"]
        if self.base == "draft":
            tariff = self.tariff_ids.filtered(lambda t: t.service_class_id == service_class)._pick(sector)
        if not tariff:
            tariff = tariff._find(service_class, sector, period.date_end, self.company_id)
        if not tariff:
            return None
        key = (tariff.id, period.date_end)
        if key not in cache:
            try:  # the month's prices, amounts in UMA at the UMA in force (as the bill run)
                engine_tariff = tariff._engine_on(period.date_end)
            except UserError:  # in UMA with no UMA in force: nothing to price with
                cache[key] = None
                return None
            changes = [(c.service_class_id.id, c.block, c.pct) for c in self.change_ids]
            block_pcts, other_pct = sim.changes_for(changes, service_class.id, len(engine_tariff.blocks))
            cache[key] = sim.adjust(engine_tariff, block_pcts, other_pct)
        return cache[key]

    def _job_close(self, run=None):
        """Sums the jobs' result rows into one row per period, class and sector, and one per bucket."""
        self.ensure_one()
        if not self.env.context.get("lang"):  # a worker's job carries no language: the manager's
            self = self.with_context(lang=self.env.user.lang)  # noqa: PLW0642
        if self._stale(run):
            return [_("An earlier run of the simulation: nothing done.")]
        Line, Bucket = self.env["water.tariff.simulation.line"], self.env["water.tariff.simulation.bucket"]
        domain = [("simulation_id", "=", self.id)]
        line_keys = ["period_id", "service_class_id", "sector_id"]
        merged_lines = [
            {
                "period_id": period.id,
                "month": period.date_end.replace(day=1),
                "service_class_id": cls.id,
                "sector_id": sector.id,
                **dict(zip(SUMS, values, strict=True)),
            }
            for period, cls, sector, *values in Line._read_group(domain, line_keys, [f"{n}:sum" for n in SUMS])
        ]
        bucket_sums = ("count", "over_share_billed", "over_share_simulated")
        merged_buckets = [
            {
                "subject": subject,
                "service_class_id": cls.id,
                "bucket": bucket,
                **dict(zip(bucket_sums, values, strict=True)),
            }
            for subject, cls, bucket, *values in Bucket._read_group(
                domain, ["subject", "service_class_id", "bucket"], [f"{n}:sum" for n in bucket_sums]
            )
        ]
        Line.search(domain).unlink()
        Bucket.search(domain).unlink()
        Line.create([dict(values, simulation_id=self.id, chunk=-1) for values in merged_lines])
        Bucket.create([dict(values, simulation_id=self.id, chunk=-1) for values in merged_buckets])
        notes = []
        unpriced = defaultdict(int)
        for values in merged_lines:
            if values["unpriced_count"]:
                unpriced[values["service_class_id"]] += values["unpriced_count"]
        classes = self.env["water.service.class"].browse(list(unpriced))
        notes += [
            self.env._(
                "%(count)s bills of class %(cls)s had no tariff: left as billed.", count=unpriced[c.id], cls=c.name
            )
            for c in classes
        ]
        if self.base == "draft":
            used = self.env["water.service.class"].browse({v["service_class_id"] for v in merged_lines})
            notes += [
                self.env._("Class %s has no draft tariff: priced with its tariffs in force.", c.name)
                for c in used - self.tariff_ids.service_class_id
            ]
        self.write({"state": "done", "problem_log": "\n".join(notes) or False})
        simulated, billed = f"{self.simulated_untaxed:,.2f}", f"{self.billed_untaxed:,.2f}"
        self.message_post(
            body=_(
                "Simulated %(simulated)s against %(billed)s billed (before VAT).", simulated=simulated, billed=billed
            )
        )
        return notes

    @api.model
    def _demo_run(self, ids):
        """The demo's simulation, run at install; its target: 8 % more than billed, in thousands."""
        for simulation in self.browse(ids):
            if not simulation._contract_ids():  # a demo without bills: the simulation waits in draft
                continue
            simulation._run()
            simulation.target_revenue = round(simulation.billed_untaxed * 1.08, -3)

    # ------------------------------------------------------------------ results
    def _action_results(self, xmlid, name):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update(
            {
                "name": name,
                "domain": [("simulation_id", "=", self.id)],
                "context": {"default_simulation_id": self.id, "search_default_bills": 1},
            }
        )
        return action

    def action_view_results(self):
        return self._action_results("water_billing.action_water_tariff_simulation_line", _("Revenue: %s", self.name))

    def action_view_chart(self):
        return self._action_results(
            "water_billing.action_water_tariff_simulation_revenue", _("Billed and simulated: %s", self.name)
        )

    def action_view_distribution(self):
        return self._action_results(
            "water_billing.action_water_tariff_simulation_bucket", _("Change per bill: %s", self.name)
        )

    def action_xlsx(self):
        self.ensure_one()
        return self.env.ref("water_billing.action_report_tariff_simulation_xlsx").report_action(self)
