# pylint: disable=consider-merging-classes-inherited
# (the collection process keeps its own file beside the other parts of the cartera vencida, issue 12)
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OPEN_REQUEST_STATES = ("new", "in_progress")


class WaterContract(models.Model):
    """The account in the collection process: its stage, since when, its policy, the review hold, the history."""

    _inherit = "water.contract"

    collection_stage_id = fields.Many2one(
        "water.collection.stage", string="Collection stage", readonly=True, copy=False, index=True, tracking=True
    )
    collection_stage_date = fields.Date(string="In the stage since", readonly=True, copy=False)
    collection_policy_id = fields.Many2one(
        "water.collection.policy", string="Collection policy", readonly=True, copy=False
    )
    collection_review = fields.Boolean(
        string="Under review",
        readonly=True,
        copy=False,
        tracking=True,
        help="Held out of the collection process while the account is reviewed.",
    )
    collection_review_reason = fields.Char(string="Review reason", readonly=True, copy=False, tracking=True)
    collection_cut_requested = fields.Boolean(string="Suspension requested", readonly=True, copy=False, index=True)
    collection_cut_date = fields.Date(string="Suspension requested on", readonly=True, copy=False)
    collection_history_ids = fields.One2many(
        "water.collection.history", "contract_id", string="Collection history", readonly=True
    )
    collection_history_count = fields.Integer(compute="_compute_collection_history_count")

    def _compute_collection_history_count(self):
        counts = dict(
            self.env["water.collection.history"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.collection_history_count = counts.get(contract, 0)

    # ------------------------------------------------------------------ exclusions (hooks)
    def _water_collection_agreements(self):
        """{contract id: reason} of these accounts that have an active payment agreement (convenio).

        Hook for the payment agreements (issue 13): no agreement exists yet, so nothing is returned; the agreements'
        addon code overrides it, returning its accounts with e.g. "Convenio CONV/2026/0001"."""
        return {}

    def _water_collection_exclusions(self, stage, day=None):
        """{contract id: reason} of these accounts that ``stage`` must not reach on ``day``, by the stage's
        exclusion flags: an active payment agreement (``_water_collection_agreements``), an open complaint on the
        account, a valid social discount, a review hold. The one place the process asks; extend it (call super and
        add reasons) for new exclusions. A few queries for all the accounts."""
        day = day or fields.Date.context_today(self)
        result = {}
        if not self:
            return result
        if stage.exclude_review:
            for contract in self.filtered("collection_review"):
                result[contract.id] = self.env._("Under review: %s", contract.collection_review_reason or "")
        if stage.exclude_social_discount:
            eligibilities = (
                self.env["water.discount.eligibility"]
                .sudo()
                .search(
                    [
                        ("contract_id", "in", self.ids),
                        ("state", "=", "verified"),
                        ("valid_from", "<=", day),
                        "|",
                        ("valid_until", "=", False),
                        ("valid_until", ">=", day),
                    ]
                )
            )
            for contract_id in set(eligibilities.contract_id.ids):
                result.setdefault(contract_id, self.env._("Social-discount holder"))
        if stage.exclude_complaint:
            complaints = (
                self.env["water.request"]
                .sudo()
                .search(
                    [("contract_id", "in", self.ids), ("is_complaint", "=", True), ("state", "in", OPEN_REQUEST_STATES)]
                )
            )
            for complaint in complaints:
                result.setdefault(complaint.contract_id.id, self.env._("Open complaint %s", complaint.display_name))
        if stage.exclude_agreement:
            for contract_id, reason in self._water_collection_agreements().items():
                result.setdefault(contract_id, reason)
        return result

    # ------------------------------------------------------------------ steps
    def _water_collection_step(self, kind, stage_to, day, reason, run=None, arrears=None):
        """Record one step of these accounts in the history and their chatter (batched): moved to ``stage_to``
        (False: out of the process) on ``day`` by ``run``."""
        if not self:
            return
        arrears = arrears or {}
        self.env["water.collection.history"].sudo().create(
            [
                {
                    "contract_id": contract.id,
                    "kind": kind,
                    "stage_from_id": contract.collection_stage_id.id,
                    "stage_to_id": stage_to.id if stage_to else False,
                    "date": day,
                    "run_id": run.id if run else False,
                    "user_id": self.env.user.id,
                    "reason": reason,
                    "overdue": arrears.get(contract.id, {}).get("overdue", 0.0),
                    "months_owed": arrears.get(contract.id, {}).get("months_owed", 0),
                }
                for contract in self
            ]
        )
        bodies = {}
        for contract in self:
            if stage_to:
                text = self.env._("Collection process: %(stage)s.", stage=stage_to.name)
            else:
                text = self.env._(
                    "Collection process: left it (was %(stage)s).", stage=contract.collection_stage_id.name or ""
                )
            parts = [escape(text)]
            if reason:
                parts.append(escape(reason))
            if run:
                parts.append(escape(self.env._("Run %s", run.name)))
            bodies[contract.id] = Markup("<br/>").join(parts)
        self.sudo()._message_log_batch(bodies=bodies)

    def _water_collection_move(self, stage, day, run=None, arrears=None, reason=None):
        """Put these accounts at ``stage`` (one write), with the history and the chatter."""
        if not self:
            return
        by_kind = defaultdict(lambda: self.browse())
        for contract in self:
            by_kind["advance" if contract.collection_stage_id else "enter"] |= contract
        for kind, contracts in by_kind.items():
            contracts._water_collection_step(kind, stage, day, reason, run=run, arrears=arrears)
        self.sudo().with_context(tracking_disable=True).write(
            {
                "collection_stage_id": stage.id,
                "collection_stage_date": day,
                "collection_policy_id": stage.policy_id.id,
            }
        )

    def _water_collection_leave(self, reason, day=None, run=None, arrears=None):
        """Take these accounts out of the collection process at once (stage, policy and a pending suspension request
        cleared), with ``reason`` in the history and the chatter. Called when a payment brings the debt below the
        stage's minimum, by a run, and by the payment agreements when one is signed (issue 13)."""
        contracts = self.filtered("collection_stage_id")
        if not contracts:
            return contracts
        day = day or fields.Date.context_today(self)
        contracts._water_collection_step("leave", False, day, reason, run=run, arrears=arrears)
        contracts.sudo().with_context(tracking_disable=True).write(
            {
                "collection_stage_id": False,
                "collection_stage_date": False,
                "collection_policy_id": False,
                "collection_cut_requested": False,
                "collection_cut_date": False,
            }
        )
        return contracts

    def _water_collection_recheck(self, reason=None):
        """Take out of the process those of these accounts whose arrears today are below their stage's minimum
        (amount or months): what a payment does at once. One query for the accounts in the process, one ledger
        read for them."""
        contracts = self.sudo().filtered("collection_stage_id")
        if not contracts:
            return self.browse()
        day = fields.Date.context_today(self)
        arrears = contracts._water_arrears(day, by_concept=False)
        leaving = self.browse()
        for contract in contracts:
            values = arrears.get(contract.id, {})
            stage = contract.collection_stage_id
            if (
                values.get("months_owed", 0) < stage.min_months
                or round(values.get("overdue", 0.0), 2) < round(stage.min_amount, 2)
                or values.get("overdue", 0.0) <= 0
            ):
                leaving |= contract
        return leaving._water_collection_leave(
            reason or self.env._("Left the collection process on payment."), day, arrears=arrears
        )

    # ------------------------------------------------------------------ review hold
    def _check_collection_officer(self):
        if not self.env.user.has_group("water_collections.group_water_collections_officer"):
            raise AccessError(self.env._("Only the collections officer puts accounts under review."))

    def action_water_collection_hold(self, reason):
        """Put the accounts under review (held out of the stages that exclude reviews), with a reason."""
        self._check_collection_officer()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the account is put under review."))
        self.sudo().write({"collection_review": True, "collection_review_reason": reason.strip()})
        self._water_collection_hold_step("hold", reason.strip())
        return True

    def action_water_collection_review(self):
        """The review wizard: the reason the accounts are held."""
        self._check_collection_officer()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.collection.review",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Put under review"),
            "context": {"default_contract_ids": self.ids},
        }

    def action_water_collection_release(self):
        """End the review: the account goes on in the process."""
        self._check_collection_officer()
        self.sudo().write({"collection_review": False, "collection_review_reason": False})
        self._water_collection_hold_step("release", self.env._("Review ended."))
        return True

    def _water_collection_hold_step(self, kind, reason):
        self.env["water.collection.history"].sudo().create(
            [
                {
                    "contract_id": contract.id,
                    "kind": kind,
                    "stage_from_id": contract.collection_stage_id.id,
                    "stage_to_id": contract.collection_stage_id.id,
                    "reason": reason,
                }
                for contract in self
            ]
        )

    def action_water_collection_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.collection.history",
            "view_mode": "list,form",
            "name": self.env._("Collection history of %s", self.number),
            "domain": [("contract_id", "=", self.id)],
            "context": {"default_contract_id": self.id},
        }

    @api.model
    def _water_collection_message_of(self, contract_ids):
        """{contract id: the message printed on the account's next bill}: its current stage's bill message, when
        it has one."""
        contracts = self.browse(contract_ids).sudo()
        return {c.id: c.collection_stage_id.bill_message for c in contracts if c.collection_stage_id.bill_message}
