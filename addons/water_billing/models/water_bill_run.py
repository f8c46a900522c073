import logging
from collections import defaultdict

from psycopg2 import errors as pgerrors

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from odoo.addons.queue_job.delay import group
from odoo.addons.queue_job.exception import RetryableJobError

from ..utils import ledger
from ..utils import payment as payment_utils
from ..utils import tariff as tariff_engine

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)
BATCH_SIZE = 500  # accounts priced and written together
JOB_SIZE = 5000  # accounts per queue job; several workers share a run
CONCEPT_LABELS = {
    "base": _lt("Base fee"),
    "consumption": _lt("Water consumption"),
    "block_fixed": _lt("Fixed charge"),
    "fixed_quota": _lt("Fixed quota"),
    "drainage": _lt("Drainage"),
    "sanitation": _lt("Sanitation"),
    "discount": _lt("Social discount"),
}
BLOCK_LABEL = _lt("%(label)s, block %(block)s")
DAYS_LABEL = _lt("%(label)s, %(served)s of %(total)s days")
# the excess method's lines: the block's fixed charge is its minimum (cuota mínima), its m³ the excess
MINIMUM_LABEL = _lt("Minimum charge")
EXCESS_LABEL = _lt("Excess consumption")


class WaterBillRun(models.Model):
    _name = "water.bill.run"
    _description = "Bill run of a period"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    period_id = fields.Many2one("water.billing.period", required=True, ondelete="restrict", tracking=True)
    sector_ids = fields.Many2many("water.sector", string="Sectors", help="Empty: every sector of the period.")
    company_id = fields.Many2one(related="period_id.company_id", store=True)
    invoice_date = fields.Date(required=True, default=fields.Date.context_today)
    due_date = fields.Date(string="Due date")
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        domain="[('type', '=', 'sale')]",
        default=lambda self: self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")], default="draft", required=True, tracking=True
    )
    bill_count = fields.Integer(string="Bills", compute="_compute_counts")
    pending_count = fields.Integer(string="Accounts to bill", compute="_compute_counts")
    total_count = fields.Integer(string="Accounts in the run", readonly=True)
    job_count = fields.Integer(string="Jobs", readonly=True, help="Queue jobs the run was split into.")
    progress = fields.Float(compute="_compute_counts", help="Bills made out of the accounts in the run.")
    problem_log = fields.Text(string="Problems", readonly=True)

    @api.depends("period_id.name", "sector_ids.name")
    def _compute_name(self):
        # stored once: in the utility's language, whoever created it
        for run in self:
            env = run.with_context(lang=run.company_id.partner_id.lang or self.env.lang).env
            name = env._("Bill run %s", run.period_id.name or "")
            sectors = ", ".join(run.sector_ids.mapped("name"))
            run.name = f"{name} · {sectors}" if sectors else name

    def _compute_counts(self):
        for run in self:
            run.bill_count = self.env["account.move"].search_count([("water_bill_run_id", "=", run.id)])
            run.pending_count = len(run._pending_contract_ids()) if run.period_id else 0
            total = run.total_count or run.bill_count + run.pending_count
            run.progress = 100.0 * run.bill_count / total if total else 0.0

    # ------------------------------------------------------------------ selection
    def _sectors(self):
        return self.sector_ids or self.period_id.calendar_ids.sector_id

    def _pending_contract_ids(self, among=None):
        """Active accounts of the run's sectors without a bill for the period: metered ones with a
        valid reading, unmetered ones on cuota fija or assumed volume (``among``: only these ids). When the
        company charges by days of service, also the accounts that left service (suspended, cut or
        cancelled) since the period started: they pay their days."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT c.id
              FROM water_contract c
             WHERE (   c.state = 'active'
                    OR (%(prorate)s AND (   (c.state = 'suspended' AND c.date_suspended >= %(start)s)
                                         OR (c.state = 'cut' AND c.date_cut >= %(start)s)
                                         OR (c.state = 'cancelled' AND c.date_cancelled >= %(start)s))))
               AND c.sector_id = ANY(%(sectors)s) AND c.company_id = %(company)s
               AND (%(all)s OR c.id = ANY(%(among)s))
               AND NOT EXISTS (SELECT 1 FROM account_move m
                                WHERE m.water_contract_id = c.id AND m.water_period_id = %(period)s
                                  AND m.move_type = 'out_invoice' AND m.state != 'cancel')
               AND (   (c.is_metered AND EXISTS (SELECT 1 FROM water_reading r
                                                  WHERE r.contract_id = c.id AND r.period_id = %(period)s
                                                    AND r.state = 'valid'))
                    OR (NOT c.is_metered AND c.unmetered_billing IS NOT NULL)
                    OR (c.own_well AND EXISTS (SELECT 1 FROM water_discharge_declaration d
                                                WHERE d.contract_id = c.id AND d.period_id = %(period)s)))
          ORDER BY c.sector_id, c.route_id, c.route_sequence, c.id
            """,
            {
                "sectors": self._sectors().ids,
                "company": self.company_id.id,
                "period": self.period_id.id,
                "prorate": self.company_id.water_prorate_days,
                "start": self.period_id.date_start,
                "all": among is None,
                "among": list(among or []),
            },
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------ run
    def action_run(self):
        """Split the pending accounts into queue jobs that workers share; a last job closes the run.

        Running it again bills only what is left: a job bills only accounts still without a bill,
        and the database refuses a second bill for an account and period.
        """
        for run in self:
            pending = run._pending_contract_ids()
            chunks = [pending[start : start + JOB_SIZE] for start in range(0, len(pending), JOB_SIZE)]
            run.write({"state": "running", "total_count": run.bill_count + len(pending), "job_count": len(chunks)})
            run.message_post(
                body=_("%(count)s accounts to bill in %(jobs)s jobs.", count=len(pending), jobs=len(chunks))
            )
            jobs = [
                run.delayable(
                    description=self.env._(
                        "%(run)s: accounts %(start)s-%(end)s",
                        run=run.name,
                        start=i * JOB_SIZE + 1,
                        end=i * JOB_SIZE + len(chunk),
                    )
                )._job_bill_contracts(chunk)
                for i, chunk in enumerate(chunks)
            ]
            close = run.delayable(description=_("%s: close", run.name))._job_close()
            if jobs:
                group(*jobs).on_done(close).delay()
            else:
                close.delay()
        return True

    def _job_bill_contracts(self, contract_ids):
        """One queue job: bill those of the accounts still without a bill, in batches."""
        self.ensure_one()
        self = self._in_user_language()  # noqa: PLW0642 - messages in the clerk's language
        pending = self._pending_contract_ids(among=contract_ids)
        # price everything first: writing takes the journal's numbering lock until the job
        # commits, so the jobs of other workers price in parallel meanwhile
        priced = [
            self._price_batch(self.env["water.contract"].browse(pending[start : start + BATCH_SIZE]))
            for start in range(0, len(pending), BATCH_SIZE)
        ]
        try:
            for drafts, _problems, taxes in priced:
                self._write_batch(drafts, taxes)
        except pgerrors.UniqueViolation as error:
            # another job or a clerk took the same bill number or bill: try again later
            raise RetryableJobError(str(error), seconds=5) from error
        return _("%s accounts billed", len(pending))

    def _job_close(self):
        """Done when nothing is left to bill; otherwise list why the rest was not billed."""
        self.ensure_one()
        self = self._in_user_language()  # noqa: PLW0642 - messages in the clerk's language
        pending = self._pending_contract_ids()
        problems = []
        for start in range(0, len(pending), BATCH_SIZE):
            drafts, batch_problems, _taxes = self._price_batch(
                self.env["water.contract"].browse(pending[start : start + BATCH_SIZE])
            )
            problems += batch_problems
            problems += [_("%s: not billed yet, run again", draft["contract"].number) for draft in drafts]
        # lots shared by two jobs: neither saw the other's readings billed
        self.env["water.reading.lot"].sudo().search(
            [("period_id", "=", self.period_id.id), ("state", "=", "validated"), ("reading_ids.state", "=", "billed")]
        ).filtered(lambda lot: all(r.state == "billed" for r in lot.reading_ids)).write({"state": "billed"})
        self.write({"problem_log": "\n".join(problems) or False, "state": "done" if not pending else "running"})
        self.message_post(
            body=_("%(bills)s bills; %(left)s accounts left to bill.", bills=self.bill_count, left=len(pending))
        )
        return problems

    def _in_user_language(self):
        """Jobs started outside the web client (RPC, shell) carry no language."""
        if self.env.context.get("lang"):
            return self
        return self.with_context(lang=self.env.user.lang)

    def _run(self, batch_size=BATCH_SIZE, commit=False):
        """Bill everything now in this process, committing per batch when asked (demo, shell, benchmark)."""
        self.ensure_one()
        self.state = "running"
        pending = self._pending_contract_ids()
        self.total_count = self.bill_count + len(pending)
        for start in range(0, len(pending), batch_size):
            self._bill_batch(self.env["water.contract"].browse(pending[start : start + batch_size]))
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        return self._job_close()

    def _bill_batch(self, contracts, orm=False):
        """Bill a batch of accounts; ``orm=True`` creates and posts through account.move's ORM
        (the reference the bulk writer is checked against, and the benchmark's baseline)."""
        drafts, problems, taxes = self._price_batch(contracts)
        self._write_batch(drafts, taxes, orm=orm)
        return problems

    def _write_batch(self, drafts, taxes, orm=False):
        products = self._products()
        if orm:
            moves = self.env["account.move"].create([self._invoice_values(draft, products, taxes) for draft in drafts])
            moves.action_post()
        else:
            self.env["water.bill.writer"]._write_bills(self, drafts, products, taxes)
        self._apply_credits(self.env["water.contract"].concat(*(draft["contract"] for draft in drafts)))
        billed_readings = self.env["water.reading"].concat(*(draft["reading"] for draft in drafts))
        billed_readings.sudo().write({"state": "billed"})
        lots = billed_readings.lot_id
        unbilled = {
            lot.id
            for lot, _count in self.env["water.reading"]._read_group(
                [("lot_id", "in", lots.ids), ("state", "!=", "billed")], ["lot_id"], ["__count"]
            )
        }
        lots.filtered(lambda lot: lot.id not in unbilled).sudo().write({"state": "billed"})
        self.invalidate_recordset(["bill_count", "pending_count", "progress"])

    def _apply_credits(self, contracts):
        """The accounts' own credits (open credit notes, payments not applied yet) pay what they owe, their
        new bills included, in the payment policy's order (``utils.ledger.settle``): oldest credit first, to the
        oldest debt first. One ledger call finds the accounts of the batch holding a credit; their open items are
        locked and read again (a cashier paying at the same moment cannot use the same credit twice) and one
        reconciliation applies every pair. An applied credit is reconciled: a second run finds nothing to apply.
        Returns the number of applications."""
        if not contracts:
            return 0
        with_credit = self.env["water.contract"].browse(
            [
                contract_id
                for contract_id, rows in contracts._water_ledger().items()
                if any(row["residual"] < 0 for row in rows)
            ]
        )
        if not with_credit:
            return 0
        items = with_credit._water_ledger(lock=True)
        Line = self.env["account.move.line"]
        lines = Line.browse([row["line_id"] for rows in items.values() for row in rows])
        account_of = {line.id: line.account_id.id for line in lines.sudo()}
        surcharges = self.company_id._water_surcharge_order()
        plan = []
        for rows in items.values():
            # a reconciliation stays within one receivable account
            by_account = defaultdict(list)
            for row in rows:
                by_account[account_of[row["line_id"]]].append(row["item"])
            for account_items in by_account.values():
                settlement = ledger.settle(account_items, 0, surcharges=surcharges)
                plan += [Line.browse([application.source, application.debt]) for application in settlement.applications]
        if plan:
            self._reconcile_in_bulk(plan)
        return len(plan)

    def _reconcile_in_bulk(self, plan):
        """``account.move.line._reconcile_plan(plan)``, with the cash-basis tax entries (IVA of l10n_mx, exigible
        when paid) made for all the partials at once rather than plan by plan: one create and one posting of
        every entry instead of one each. They are the entries Odoo makes, computed partial by partial.
        Reconciling changes no amount of the moves: their tax and payment-term lines need no synchronisation."""
        Line = self.env["account.move.line"]
        lines = Line.concat(*plan)
        before = set((lines.matched_debit_ids | lines.matched_credit_ids).ids)
        Line.with_context(no_cash_basis=True, skip_invoice_sync=True)._reconcile_plan(plan)
        partials = (lines.matched_debit_ids | lines.matched_credit_ids).filtered(lambda p: p.id not in before)
        if any(lines.company_id.mapped("tax_exigibility")):
            # technical entries: no chatter of their own (the bills' chatter tracks their payment status);
            # reconciling their transition lines with the bills' tax lines changes no amount either
            partials.with_context(
                tracking_disable=True, mail_create_nolog=True, mail_notrack=True, skip_invoice_sync=True
            )._create_tax_cash_basis_moves()
        return partials

    def _price_batch(self, contracts):
        """Priced bills of the accounts: [draft], [problem], {VAT rate: tax}; one query set per batch."""
        period = self.period_id
        readings = self.env["water.reading"].search(
            [("contract_id", "in", contracts.ids), ("period_id", "=", period.id), ("state", "=", "valid")]
        )
        reading_by_contract = {r.contract_id.id: r for r in readings}
        balances = self._previous_balances(contracts.ids)
        uma = self.env["water.uma.value"]._water_value_on(period.date_end)
        extracted = self._extracted_volumes(contracts)  # own-well accounts: their well's volume
        taxes, tariffs, labels, drafts, problems = {}, {}, {}, [], []
        for contract in contracts:
            key = (contract.service_class_id.id, contract.sector_id.id)
            if key not in tariffs:
                tariff = self.env["water.tariff"]._find(
                    contract.service_class_id, contract.sector_id, period.date_end, self.company_id
                )
                try:
                    tariffs[key] = tariff and tariff._engine_on(period.date_end, uma)
                except UserError as error:  # amounts in UMA and no UMA in force
                    tariffs[key] = error.args[0]
            engine_tariff = tariffs[key]
            if isinstance(engine_tariff, str):
                problems.append(f"{contract.number}: {engine_tariff}")
                continue
            if not engine_tariff:
                problems.append(
                    _(
                        "%(account)s: no tariff for class %(cls)s on %(date)s",
                        account=contract.number,
                        cls=contract.service_class_id.name,
                        date=period.date_end,
                    )
                )
                continue
            reading = reading_by_contract.get(contract.id, self.env["water.reading"])
            if reading:
                volume, metered = reading.consumption, True
            elif contract.id in extracted:
                volume, metered = extracted[contract.id], True
            elif contract.unmetered_billing == "assumed_volume":
                volume, metered = contract.assumed_volume, True
            else:
                volume, metered = 0.0, False
            days = self._service_days(contract)
            if days and metered and not reading and contract.id not in extracted:
                # an assumed volume is a quota in m³: by days too (a well's volume is measured)
                volume = round(volume * days[0] / days[1], 2)
            lines = tariff_engine.price(
                engine_tariff,
                volume,
                contract._service_names(),
                metered=metered,
                eligible=contract.has_valid_discount,
                days=days,
            )
            for line in lines:
                self._tax(line.vat_rate, taxes)
            draft = {
                "contract": contract,
                "reading": reading,
                "lines": lines,
                "labels": [
                    self._line_label(line, labels, excess=engine_tariff.method == tariff_engine.EXCESS)
                    for line in lines
                ],
                "volume": volume,
                "previous_balance": balances.get(contract.id, 0.0),
                "payment_reference": self._payment_reference(contract),
            }
            drafts.append(draft)
        return drafts, problems, taxes

    def _service_days(self, contract):
        """(days of service, days of the period) when the company charges by days and the account was not in
        service the whole period (``utils.tariff.service_days``); None otherwise. The final bill of a rescinded
        account ends its service on the bill's date."""
        if not self.company_id.water_prorate_days:
            return None
        events = [
            (contract.date_activated, True),
            (contract.date_suspended, False),
            (contract.date_cut, False),
            (contract.date_cancelled, False),
        ]
        active_now = contract.state == "active"
        if self.final_contract_id == contract:
            events.append((self.invoice_date, False))
            active_now = False
        days = tariff_engine.service_days(self.period_id.date_start, self.period_id.date_end, events, active_now)
        return days if days[0] < days[1] else None

    def _previous_balances(self, contract_ids):
        """{contract id: what the account owes besides this period's bill}: the ledger's balance."""
        contracts = self.env["water.contract"].browse(contract_ids)
        return contracts._water_balances(exclude_period=self.period_id)

    def _payment_reference(self, contract):
        end = self.period_id.date_end
        try:
            return payment_utils.payment_reference(
                contract.number, end.year, end.month, self.company_id.water_reference_algorithm
            )
        except ValueError:
            return contract.number

    def _products(self):
        products = self.env["product.product"].search([("water_concept", "!=", False)])
        by_concept = {p.water_concept: p for p in products}
        missing = set(CONCEPT_LABELS) - set(by_concept)
        if missing:
            raise UserError(_("Products are missing for the bill concepts: %s", ", ".join(sorted(missing))))
        return by_concept

    def _tax(self, rate, cache):
        if rate not in cache:
            cache[rate] = self.company_id._water_sale_tax(rate)
        return cache[rate]

    def _invoice_values(self, draft, products, taxes):
        contract = draft["contract"]
        return {
            "move_type": "out_invoice",
            "partner_id": contract.partner_id.id,
            "journal_id": self.journal_id.id,
            "invoice_date": self.invoice_date,
            "invoice_date_due": self.due_date or self.invoice_date,
            "water_contract_id": contract.id,
            "water_period_id": self.period_id.id,
            "water_reading_id": draft["reading"].id or False,
            "water_bill_run_id": self.id,
            "water_volume": draft["volume"],
            "water_previous_balance": draft["previous_balance"],
            "ref": contract.number,
            "payment_reference": draft["payment_reference"],
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": products[line.concept].id,
                        "name": label,
                        "quantity": line.quantity,
                        "price_unit": float(line.unit_price),
                        "tax_ids": [(6, 0, self._tax(line.vat_rate, taxes).ids)],
                    },
                )
                for line, label in zip(draft["lines"], draft["labels"], strict=True)
            ],
        }

    def _line_label(self, line, cache, excess=False):
        """In the utility's language (the bill is the citizen's document), not the clerk's; ``excess``: priced by
        the excess method (the block's fixed charge is the range's minimum, its m³ the excess)."""
        days = line.days
        excess = excess and line.concept in ("block_fixed", "consumption")
        key = (line.concept, line.block, days, excess)
        if key not in cache:
            env = self.with_context(lang=self.company_id.partner_id.lang or self.env.lang).env
            label = env._(CONCEPT_LABELS[line.concept])
            if excess:
                term = MINIMUM_LABEL if line.concept == "block_fixed" else EXCESS_LABEL
                label = env._(term)
            if line.concept == "consumption" and line.block is not None:
                label = env._(BLOCK_LABEL) % {"label": label, "block": line.block + 1}
            if days:
                label = env._(DAYS_LABEL) % {"label": label, "served": days[0], "total": days[1]}
            cache[key] = f"{label} - {self.period_id.name}"
        return cache[key]
