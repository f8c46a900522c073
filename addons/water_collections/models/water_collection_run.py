import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from odoo.addons.queue_job.delay import group

from ..utils import collection

_logger = logging.getLogger(__name__)
JOB_SIZE = 5000  # accounts (or lines) per queue job
PROCESS_STATES = ("active", "suspended", "cut")  # the accounts the process follows
RUN_STATES = [
    ("draft", "Draft"),
    ("proposing", "Proposing"),
    ("proposed", "Proposed"),
    ("confirming", "Confirming"),
    ("done", "Confirmed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("draft", "proposing", "proposed", "confirming")


class WaterCollectionRun(models.Model):
    """The daily run of the collection process, like SAP's dunning proposal and activity runs: a queue job proposes
    the next stage of each account in arrears (lines), the collections officer reviews the proposal and confirms it,
    then the stages' actions run in batch."""

    _name = "water.collection.run"
    _description = "Collection process run"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    state = fields.Selection(RUN_STATES, default="draft", required=True, readonly=True, tracking=True, index=True)
    line_ids = fields.One2many("water.collection.run.line", "run_id", string="Proposal", readonly=True)
    line_count = fields.Integer(compute="_compute_counts", string="Proposed")
    selected_count = fields.Integer(compute="_compute_counts", string="Selected")
    excluded_count = fields.Integer(compute="_compute_counts", string="Excluded")
    done_count = fields.Integer(compute="_compute_counts", string="Applied")
    account_count = fields.Integer(string="Accounts reviewed", readonly=True)
    job_count = fields.Integer(string="Jobs", readonly=True)
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)
    date_confirmed = fields.Datetime(string="Confirmed on", readonly=True)

    def _auto_init(self):
        result = super()._auto_init()
        # one open proposal per company and day: a second proposal reuses it
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS water_collection_run_open_uniq
                ON water_collection_run (company_id, date)
             WHERE state IN ('draft', 'proposing', 'proposed', 'confirming')
            """
        )
        return result

    @api.depends("date")
    def _compute_name(self):
        for run in self:
            # in the utility's language: the daily run is made by the scheduler, whose language is not the staff's
            env = self.with_context(lang=run.company_id.partner_id.lang or self.env.lang).env
            run.name = env._("Collection run %s", format_date(env, run.date)) if run.date else False

    def _compute_counts(self):
        Line = self.env["water.collection.run.line"]
        counts = defaultdict(lambda: defaultdict(int))
        for run, excluded, selected, state, count in Line._read_group(
            [("run_id", "in", self.ids)], ["run_id", "excluded", "selected", "state"], ["__count"]
        ):
            counts[run.id]["all"] += count
            counts[run.id]["excluded"] += count if excluded else 0
            counts[run.id]["selected"] += count if selected and not excluded else 0
            counts[run.id]["done"] += count if state == "done" else 0
        for run in self:
            run.line_count = counts[run.id]["all"]
            run.excluded_count = counts[run.id]["excluded"]
            run.selected_count = counts[run.id]["selected"]
            run.done_count = counts[run.id]["done"]

    # ------------------------------------------------------------------ the daily run
    @api.model
    def _water_run_of(self, day=None, company=None):
        """The open run of the company for the day, made when there is none."""
        day = day or fields.Date.context_today(self)
        company = company or self.env.company
        run = self.search([("company_id", "=", company.id), ("date", "=", day), ("state", "in", OPEN_STATES)])
        return run or self.create({"date": day, "company_id": company.id})

    @api.model
    def _cron_propose(self):
        """The daily cron: the proposal of each company with a collection policy, in queue jobs; a proposal of the
        day that is already there is proposed again (nothing applied before the officer confirms it)."""
        companies = self.env["water.collection.policy"].search([]).company_id
        for company in companies:
            run = self.with_company(company)._water_run_of(company=company)
            if run.state in ("draft", "proposed"):
                run.action_propose()
        return True

    @api.model
    def action_propose_today(self):
        """The officer asks for today's proposal now (the cron does it every morning): the open run of the day,
        proposed again unless it is being proposed or confirmed."""
        run = self._water_run_of()
        if run.state in ("draft", "proposed"):
            run.action_propose()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": run.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_collection_run_line")
        action["domain"] = [("run_id", "=", self.id)]
        action["name"] = self.name
        action["context"] = dict(self.env.context, group_by=["stage_to_id", "route_id"])
        return action

    def _in_user_language(self):
        if self.env.context.get("lang"):
            return self
        return self.with_context(lang=self.env.user.lang)

    def _water_candidate_ids(self):
        """The accounts the run reviews, in route order: those of its company the process follows, except those
        that already moved on the run's day or later (a confirmed line is not proposed again)."""
        self.ensure_one()
        self.env["water.contract"].flush_model(["state", "company_id", "collection_stage_date", "route_id"])
        self.env["water.collection.history"].flush_model()
        self.env.cr.execute(
            """
            SELECT c.id FROM water_contract c
             WHERE c.company_id = %(company)s AND c.state IN %(states)s
               AND (c.collection_stage_date IS NULL OR c.collection_stage_date < %(day)s)
               AND NOT EXISTS (SELECT 1 FROM water_collection_history h
                                WHERE h.contract_id = c.id AND h.run_id IS NOT NULL AND h.date >= %(day)s)
          ORDER BY c.route_id, c.route_sequence, c.id
            """,
            {"company": self.company_id.id, "states": PROCESS_STATES, "day": self.date},
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def action_propose(self, contract_ids=None):
        """Propose (again): the lines of a proposal not yet confirmed are replaced by the accounts' next stages, in
        queue jobs of JOB_SIZE accounts; a last job marks the run proposed. ``contract_ids``: only those accounts."""
        for run in self:
            if run.state not in ("draft", "proposed"):
                raise UserError(
                    self.env._("Run %s is not a draft or a proposal: it cannot be proposed again.", run.name)
                )
            run.line_ids.unlink()
            candidates = run._water_candidate_ids()
            if contract_ids is not None:
                wanted = set(contract_ids)
                candidates = [cid for cid in candidates if cid in wanted]
            chunks = [candidates[start : start + JOB_SIZE] for start in range(0, len(candidates), JOB_SIZE)]
            run.write({"state": "proposing", "account_count": len(candidates), "job_count": len(chunks)})
            jobs = [
                run.delayable(
                    description=self.env._(
                        "%(run)s: proposal, accounts %(start)s-%(end)s",
                        run=run.name,
                        start=i * JOB_SIZE + 1,
                        end=i * JOB_SIZE + len(chunk),
                    )
                )._job_propose(chunk)
                for i, chunk in enumerate(chunks)
            ]
            close = run.delayable(description=self.env._("%s: proposal ready", run.name))._job_proposed()
            if jobs:
                group(*jobs).on_done(close).delay()
            else:
                close.delay()
        return True

    def _job_propose(self, contract_ids):
        """One queue job: the proposal lines of these accounts."""
        self.ensure_one()
        self = self._in_user_language()  # noqa: PLW0642 - reasons in the officer's language
        lines = self._water_propose_batch(self.env["water.contract"].browse(contract_ids))
        return self.env._("%s lines proposed", len(lines))

    def _job_proposed(self):
        self.ensure_one()
        self = self._in_user_language()  # noqa: PLW0642
        self.state = "proposed"
        self.invalidate_recordset(["line_count", "excluded_count", "selected_count", "done_count"])
        self.message_post(
            body=self.env._(
                "Proposal: %(lines)s accounts to move (%(excluded)s excluded) of %(accounts)s reviewed.",
                lines=self.line_count,
                excluded=self.excluded_count,
                accounts=self.account_count,
            )
        )
        return True

    def _water_propose_batch(self, contracts):
        """The proposal lines of these accounts, in one create: the next stage of each one in arrears whose debt
        meets it (``utils.collection.decide``), excluded with the reason when an exclusion of that stage applies,
        and the accounts in the process whose debt fell below their stage's minimum, to take out."""
        self.ensure_one()
        day = self.date
        arrears = contracts._water_arrears(day, by_concept=False)
        policies = self.env["water.collection.policy"]._water_policy_of(contracts)
        rules = {}
        proposals = []  # (contract, action, stage, values)
        for contract in contracts:
            values = arrears.get(contract.id)
            current = contract.collection_stage_id
            if not values and not current:
                continue
            policy = policies.get(contract.id)
            if policy and policy.id not in rules:
                stages = policy.stage_ids.sorted(lambda s: (s.sequence, s.id))
                rules[policy.id] = (stages, [stage._water_rule() for stage in stages])
            stages, stage_rules = rules.get(policy.id, ([], [])) if policy else ([], [])
            values = values or {"overdue": 0.0, "months_owed": 0, "days_past_due": 0}
            decision = collection.decide(
                stage_rules,
                current._water_rule() if current else None,
                contract.collection_stage_date,
                values["overdue"],
                values["months_owed"],
                day,
            )
            if decision.action == collection.ADVANCE:
                stage = stages.filtered(lambda s, stage_id=decision.stage.id: s.id == stage_id)
                proposals.append((contract, "advance", stage, values))
            elif decision.action == collection.LEAVE:
                proposals.append((contract, "leave", self.env["water.collection.stage"], values))
        by_stage = defaultdict(lambda: self.env["water.contract"])
        for contract, action, stage, _values in proposals:
            if action == "advance":
                by_stage[stage] |= contract
        excluded = {}
        for stage, stage_contracts in by_stage.items():
            for contract_id, reason in stage_contracts._water_collection_exclusions(stage, day).items():
                excluded[(contract_id, stage.id)] = reason
        return self.env["water.collection.run.line"].create(
            [
                {
                    "run_id": self.id,
                    "contract_id": contract.id,
                    "action": action,
                    "stage_from_id": contract.collection_stage_id.id,
                    "stage_to_id": stage.id,
                    "policy_id": policies[contract.id].id if contract.id in policies else False,
                    "overdue": values["overdue"],
                    "months_owed": values["months_owed"],
                    "days_past_due": values.get("days_past_due", 0),
                    "excluded": (contract.id, stage.id) in excluded,
                    "exclusion_reason": excluded.get((contract.id, stage.id)),
                    "selected": (contract.id, stage.id) not in excluded,
                }
                for contract, action, stage, values in proposals
            ]
        )

    # ------------------------------------------------------------------ confirmation
    def action_confirm(self):
        """The officer confirms the proposal: the selected lines are applied in queue jobs (the stages' actions in
        batch); a last job marks the run confirmed."""
        for run in self:
            if run.state != "proposed":
                raise UserError(self.env._("Only a proposal is confirmed; run %s is not one.", run.name))
            line_ids = run.line_ids.filtered(lambda line: line.selected and not line.excluded).ids
            chunks = [line_ids[start : start + JOB_SIZE] for start in range(0, len(line_ids), JOB_SIZE)]
            run.write(
                {
                    "state": "confirming",
                    "confirmed_by_id": self.env.user.id,
                    "date_confirmed": fields.Datetime.now(),
                    "job_count": len(chunks),
                }
            )
            jobs = [
                run.delayable(
                    description=self.env._("%(run)s: confirmation, part %(part)s", run=run.name, part=i + 1)
                )._job_confirm(chunk)
                for i, chunk in enumerate(chunks)
            ]
            close = run.delayable(description=self.env._("%s: confirmed", run.name))._job_confirmed()
            if jobs:
                group(*jobs).on_done(close).delay()
            else:
                close.delay()
        return True

    def action_cancel(self):
        for run in self:
            if run.state not in ("draft", "proposed"):
                raise UserError(self.env._("Only a proposal not yet confirmed is cancelled."))
        self.write({"state": "cancelled"})
        return True

    def _job_confirm(self, line_ids):
        self.ensure_one()
        self = self._in_user_language()  # noqa: PLW0642
        lines = self._water_confirm_lines(self.env["water.collection.run.line"].browse(line_ids))
        return self.env._("%s lines applied", len(lines))

    def _job_confirmed(self):
        self.ensure_one()
        self = self._in_user_language()  # noqa: PLW0642
        self.state = "done"
        self.invalidate_recordset(["line_count", "excluded_count", "selected_count", "done_count"])
        skipped = self.line_ids.filtered(lambda line: line.state == "skipped")
        self.message_post(
            body=self.env._(
                "Confirmed by %(user)s: %(done)s accounts moved, %(skipped)s left as they were (paid or moved "
                "meanwhile).",
                user=self.confirmed_by_id.name or self.env.user.name,
                done=self.done_count,
                skipped=len(skipped),
            )
        )
        return True

    def _water_confirm_lines(self, lines):
        """Apply these lines: each account moves to its proposed stage (or leaves the process) and the stage's action
        runs for all its accounts at once. An account that paid or moved since the proposal is left as it is (the
        line says so)."""
        self.ensure_one()
        day = self.date
        lines = lines.filtered(lambda line: line.state == "proposed" and line.selected and not line.excluded)
        if not lines:
            return lines
        arrears = lines.contract_id._water_arrears(day, by_concept=False)
        applied = self.env["water.collection.run.line"]
        skipped = self.env["water.collection.run.line"]
        by_stage = defaultdict(lambda: self.env["water.collection.run.line"])
        leaving = self.env["water.collection.run.line"]
        for line in lines:
            contract = line.contract_id
            values = arrears.get(contract.id, {"overdue": 0.0, "months_owed": 0})
            if contract.collection_stage_id != line.stage_from_id:
                skipped |= line
            elif line.action == "advance":
                if collection.shortfall(line.stage_to_id._water_rule(), values["overdue"], values["months_owed"]):
                    skipped |= line
                else:
                    by_stage[line.stage_to_id] |= line
            else:
                leaving |= line
        skipped.write({"state": "skipped", "note": self.env._("Paid or moved since the proposal.")})
        for stage, stage_lines in by_stage.items():
            contracts = stage_lines.contract_id
            contracts._water_collection_move(stage, day, run=self, arrears=arrears)
            self._water_stage_action(stage, contracts, {cid: arrears[cid] for cid in contracts.ids}, day)
            applied |= stage_lines
        if leaving:
            leaving.contract_id._water_collection_leave(
                self.env._("Left the collection process: the debt is below the stage's minimum."),
                day,
                run=self,
                arrears=arrears,
            )
            applied |= leaving
        applied.write({"state": "done"})
        return applied

    def _water_stage_action(self, stage, contracts, arrears, day):
        """The action of ``stage`` for these accounts, in batch. bill_message: nothing to do now (the account's
        next bill prints its stage's message); notice: the notices (``water.collection.notice._water_issue``);
        activity: an activity for the stage's responsible; cut: the account is marked "suspension requested" (the
        cut orders of the cuts issue will start from them); pae: the PAE cases (``water.pae.case._water_open``)."""
        if stage.action == "notice":
            self.env["water.collection.notice"]._water_issue(arrears, stage, day)
        elif stage.action == "pae":
            self.env["water.pae.case"]._water_open(arrears, stage, day)
        elif stage.action == "cut":
            contracts.sudo().write({"collection_cut_requested": True, "collection_cut_date": day})
        elif stage.action == "activity":
            activity_type = stage.activity_type_id or self.env.ref("mail.mail_activity_data_todo")
            model = self.env["ir.model"]._get_id("water.contract")
            user = stage.activity_user_id or self.confirmed_by_id or self.env.user
            deadline = fields.Date.add(day, days=stage.deadline_days or 0)
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model,
                        "res_id": contract.id,
                        "activity_type_id": activity_type.id,
                        "summary": stage.name,
                        "user_id": user.id,
                        "date_deadline": max(deadline, fields.Date.context_today(self)),
                    }
                    for contract in contracts
                ]
            )
