import logging
import random
import threading
from contextlib import contextmanager
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.queue_job.exception import RetryableJobError

from ..utils import agreement as agreement_utils

_logger = logging.getLogger(__name__)

# the demo jobs the agreements wait for: the payment history, the PAE and write-off demo, the collection process
DEMO_JOBS = ("_demo_pay_bills", "_recompute_previous_balances", "_demo_pae_writeoffs", "_demo_process")
# the demo's agreements: (key, officer: "officer" or "manager", days ago signed (None: not signed), instalments,
# days from the signature to the first instalment, the instalments paid, what happens to it)
DEMO_AGREEMENTS = (
    ("broken_officer", "officer", 150, 6, 15, 1, "breach"),
    ("broken_manager", "manager", 130, 4, 15, 0, "breach"),
    ("done_instalments", "manager", 120, 3, 15, 3, None),
    ("active_behind", "officer", 85, 6, 15, 2, None),
    ("restructured", "officer", 60, 6, 15, 1, "restructure"),
    ("active_on_time", "officer", 40, 4, 15, 1, None),
    ("done_single", "officer", 30, 0, 0, 0, None),
    ("lapsed", "officer", 20, 6, 25, 0, "no_down_payment"),
    ("waiting", "officer", 0, 6, 20, 0, "no_down_payment"),
    ("to_approve", "officer", 0, 12, 20, 0, "no_down_payment"),
    ("draft", "officer", None, 6, 20, 0, None),
)
RESTRUCTURED_DAYS_AGO = 3


@contextmanager
def demo_today(day):
    """Run the agreements' own methods as on ``day``: ``fields.Date.context_today`` answers ``day`` in this thread
    only while the block runs (the methods date what they do by today; the demo's history needs past days)."""
    original = fields.Date.__dict__["context_today"]
    thread = threading.get_ident()

    def context_today(record, timestamp=None):
        if timestamp is None and threading.get_ident() == thread:
            return day
        return original.__func__(record, timestamp)

    fields.Date.context_today = staticmethod(context_today)
    try:
        yield day
    finally:
        fields.Date.context_today = original


def workday(day):
    """The windows close on Sunday: the Saturday before."""
    return day - timedelta(days=1) if day.weekday() == 6 else day


class WaterPaymentAgreement(models.Model):
    _inherit = "water.payment.agreement"

    @api.model
    def demo_enqueue_agreements(self):
        """The demo's payment agreements need its payment history and the accounts' collection process and PAE (queue
        jobs after the install): a queue job that waits for them, then makes an agreement in every state."""
        self.env["water.demo.generator"]._check_demo_allowed()
        self.delayable(description=self.env._("Demo: payment agreements in every state"))._demo_agreements_job().delay()
        return True

    @api.model
    def _demo_agreements_job(self):
        waiting = (
            self.env["queue.job"]
            .sudo()
            .search_count([("method_name", "in", DEMO_JOBS), ("state", "not in", ("done", "cancelled", "failed"))])
        )
        if waiting:
            raise RetryableJobError(
                "the demo's payments and collections are not done yet", seconds=60, ignore_retry=True
            )
        self._demo_agreements()
        return True

    @api.model
    def _demo_candidates(self, company):
        """The accounts in arrears an agreement can be made on (active or suspended, without an agreement, an open PAE
        case or a write-off), the oldest debts first, the classes taken in turn."""
        Contract = self.env["water.contract"]
        contracts = Contract.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("active", "suspended")),
                ("water_written_off", "=", False),
            ]
        )
        excluded = set(self.search([("contract_id", "in", contracts.ids)]).contract_id.ids)
        excluded |= set(
            self.env["water.pae.case"]
            .search([("contract_id", "in", contracts.ids), ("state", "not in", ("closed", "cancelled"))])
            .contract_id.ids
        )
        arrears = contracts.filtered(lambda contract: contract.id not in excluded)._water_arrears()
        classes = {contract.id: contract.service_class_id.id for contract in contracts}
        by_class = {}
        for contract_id in sorted(arrears, key=lambda cid: (arrears[cid]["oldest_due"], cid)):
            by_class.setdefault(classes[contract_id], []).append(contract_id)
        ordered = []
        while any(by_class.values()):
            for ids in by_class.values():
                if ids:
                    ordered.append(ids.pop(0))
        return [(contract_id, arrears[contract_id]["oldest_due"]) for contract_id in ordered]

    @api.model
    def _demo_agreements(self):
        """Payment agreements in every state, made by the collections officer and the commercial manager through the
        agreements' own methods on the days they happened: signed, their down payment and instalments paid at the
        window (the payment policy), one restructured, and the daily job of today, which breaks those behind past the
        days of grace and lapses the down payment never paid. Runs once."""
        company = self.env.company
        if self.search_count([("company_id", "=", company.id)], limit=1):
            return False
        today = fields.Date.context_today(self)
        officer = self.env.ref("water_collections.user_demo_collections", raise_if_not_found=False) or self.env.user
        manager = self.env.ref("water_registry.user_demo_manager", raise_if_not_found=False) or self.env.user
        users = {"officer": officer, "manager": manager}
        cashier = self.env.ref("water_collections.user_demo_cashier", raise_if_not_found=False) or self.env.user
        company._water_cash_setup()
        methods = {m.code: m for m in self.env["water.cash.method"].search([("company_id", "=", company.id)])}
        rng = random.Random(2026)
        candidates = self._demo_candidates(company)
        made = {}
        # the story day by day: signatures, payments, the restructuring, in the order they happened
        events = []
        used = set()
        for key, who, days_ago, count, first_in, paid, fate in DEMO_AGREEMENTS:
            signed = workday(today - timedelta(days=days_ago)) if days_ago is not None else today
            contract_id = next(
                (cid for cid, oldest in candidates if cid not in used and oldest < signed - timedelta(days=1)), None
            )
            if not contract_id:
                _logger.info("demo: no account owes enough for the agreement %s", key)
                continue
            used.add(contract_id)
            spec = {
                "key": key, "user": users[who], "contract_id": contract_id, "signed": signed, "count": count,
                "first_due": signed + timedelta(days=first_in), "paid": paid, "fate": fate,
            }  # fmt: skip
            events.append((signed, 0, "sign", spec, None))
            if days_ago is None or fate == "no_down_payment":
                continue
            events.append((workday(signed + timedelta(days=2)) if count else signed, 1, "down", spec, None))
            for number in range(paid):
                due = agreement_utils.add_months(spec["first_due"], number)  # the schedule's monthly dates
                events.append((workday(due - timedelta(days=rng.randint(0, 3))), 2, "instalment", spec, due))
            if fate == "restructure":
                events.append((workday(today - timedelta(days=RESTRUCTURED_DAYS_AGO)), 3, "restructure", spec, None))
        for day, _order, action, spec, due in sorted(events, key=lambda event: (event[0], event[1], event[3]["key"])):
            with demo_today(day):
                self._demo_event(action, spec, day, made, (cashier, methods, rng), due)
        # today's daily job: the broken ones are behind past the days of grace, the lapsed one never paid
        self._water_daily_check(today)
        # today's aging, when the arrears demo took it already, as the agreements left it
        Snapshot = self.env["water.arrears.snapshot"]
        if Snapshot.search_count([("company_id", "=", company.id), ("kind", "=", "current")], limit=1):
            Snapshot._water_take(company=company, now=True)
        _logger.info(
            "demo: payment agreements %s",
            ", ".join(f"{agreement.name} {agreement.state}" for agreement in self.search([], order="id")),
        )
        return made

    def _demo_event(self, action, spec, day, made, window, due=None):
        """One day of an agreement's story. ``window``: (cashier, methods, rng) of the demo's window;
        ``due``: the due date of the instalment paid."""
        cashier, methods, rng = window
        contract = self.env["water.contract"].browse(spec["contract_id"])
        user = spec["user"]
        if action == "sign":
            agreement = self._demo_draft(contract, spec)
            made[spec["key"]] = agreement
            if spec["key"] != "draft":
                self._demo_sign(agreement, user, approve=spec["key"] != "to_approve")
            return
        agreement = made[spec["key"]]
        if action == "down":
            self._demo_pay(contract, day, agreement.amount_down_payment, cashier, methods, rng)
        elif action == "instalment":
            # the holder pays the instalment and the bills due by then (the months since the signature)
            rows = contract._water_ledger()[contract.id]
            amount = round(sum(row["residual"] for row in rows if row["date_due"] <= due), 2)
            if amount > 0:
                self._demo_pay(contract, day, amount, cashier, methods, rng)
        elif action == "restructure":
            action = agreement.with_user(user).action_water_restructure()
            child = self.browse(action["res_id"])
            child.with_user(user).write({"frequency": "monthly", "first_due_date": day + timedelta(days=20)})
            self._demo_sign(child, user)
            if child.state == "waiting":
                self._demo_pay(contract, day, child.amount_down_payment, cashier, methods, rng)
            made["restructuring"] = child

    def _demo_sign(self, agreement, user, approve=True):
        """Signed by ``user``; above the officer's limits the commercial manager approves it (if ``approve``)."""
        agreement.with_user(user).action_confirm()
        if approve and agreement.state == "to_approve":
            manager = self.env.ref("water_registry.user_demo_manager", raise_if_not_found=False) or self.env.user
            agreement.with_user(manager).action_approve()

    def _demo_draft(self, contract, spec):
        values = {
            "contract_id": contract.id,
            "company_id": contract.company_id.id,
            "channel": "window",
            "instalment_count": spec["count"],
            "debt_line_ids": [(6, 0, self._water_default_debts(contract))],
        }
        if spec["count"]:
            values.update(frequency="monthly", first_due_date=spec["first_due"])
        agreement = self.with_user(spec["user"]).with_context(tracking_disable=True).create(values)
        agreement._water_set_forgiveness()
        agreement._water_write_plan()
        return agreement.sudo()

    def _demo_pay(self, contract, day, amount, cashier, methods, rng):
        """``amount`` paid for the account at the demo cashier's window on ``day`` (a closed session)."""
        self.env["water.cash.session"]._demo_pay_day(day, [(day, contract.id, round(amount, 2))], cashier, methods, rng)
