import logging
import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models

from ..utils import notices as notice_utils

_logger = logging.getLogger(__name__)

DEMO_ROUTES = 3  # routes whose debtors get a notice in the demo
DEMO_PER_ROUTE = 12
# the first batch is delivered with every outcome, in this proportion
DEMO_OUTCOMES = (
    [notice_utils.DELIVERED] * 5
    + [notice_utils.LEFT] * 3
    + [notice_utils.CLOSED] * 2
    + [notice_utils.NOT_FOUND, notice_utils.REFUSED]
)
RECEIVERS = (
    ("María López", "family"),
    ("José Hernández", "holder"),
    ("Ana Torres", "tenant"),
    ("Luis Ramírez", "employee"),
    ("Carmen Ruiz", "family"),
)


class WaterCollectionNoticeBatch(models.Model):
    _inherit = "water.collection.notice.batch"

    @api.model
    def demo_notices(self, seed=2026):
        """The demo's notices: those of the stage 'notice' not yet in a batch (the demo run's), else a few issued
        here to debtors of the first routes; gathered in a batch per route, assigned to the demo notifiers, the
        first delivered with every outcome, the second half delivered, the third to deliver (the notifier's
        phone). And calls and visits with promises to pay kept, broken and pending. Batched: a few queries."""
        self.env["water.demo.generator"]._check_demo_allowed()
        stage = self.env.ref("water_collections.collection_stage_notice", raise_if_not_found=False)
        notifiers = [
            self.env.ref(xmlid, raise_if_not_found=False)
            for xmlid in ("water_collections.user_demo_notifier", "water_collections.user_demo_notifier_2")
        ]
        if not stage or not all(notifiers):
            return False
        rng = random.Random(seed)
        Notice = self.env["water.collection.notice"]
        notices = Notice.search([("stage_id", "=", stage.id), ("batch_id", "=", False)], limit=DEMO_ROUTES * 40)
        if not notices:
            notices = self._demo_issue(stage)
        by_route = {}
        for notice in notices:
            by_route.setdefault(notice.route_id, Notice)
            by_route[notice.route_id] |= notice
        routes = sorted(by_route, key=lambda route: route.code or "")[:DEMO_ROUTES]
        batches = self.browse()
        for index, route in enumerate(routes):
            batches |= self._water_make(by_route[route], notifiers[index % 2], fields.Date.context_today(self))
        for index, batch in enumerate(batches[:2]):
            notices = batch.notice_ids.sorted("delivery_sequence")
            self._demo_deliver(notices if index == 0 else notices[: len(notices) // 2], rng)
        self._demo_contacts(rng)
        _logger.info("demo: %s notices in %s delivery batches", len(batches.notice_ids), len(batches))
        return True

    @api.model
    def _demo_issue(self, stage):
        """Notices of ``stage`` for the debtors of the first routes, by ``_water_issue``."""
        Contract = self.env["water.contract"]
        routes = self.env["water.route"].search([], order="code", limit=DEMO_ROUTES)
        contracts = Contract.search([("route_id", "in", routes.ids), ("state", "=", "active")], order="route_sequence")
        arrears = contracts._water_arrears()
        picked = {}
        per_route = {}
        for contract in contracts:
            values = arrears.get(contract.id)
            if not values or values["months_owed"] < (stage.min_months or 1):
                continue
            if per_route.get(contract.route_id.id, 0) >= DEMO_PER_ROUTE:
                continue
            per_route[contract.route_id.id] = per_route.get(contract.route_id.id, 0) + 1
            picked[contract.id] = values
        return self.env["water.collection.notice"]._water_issue(picked, stage, fields.Date.context_today(self))

    @api.model
    def _demo_deliver(self, notices, rng):
        """Record the deliveries of ``notices`` as their notifier would, over the morning of the batch's day."""
        now = fields.Datetime.now()
        for index, notice in enumerate(notices):
            outcome = DEMO_OUTCOMES[index % len(DEMO_OUTCOMES)]
            name, relation = RECEIVERS[index % len(RECEIVERS)]
            moment = datetime.combine(notice.batch_id.date, time(15, 0)) + timedelta(minutes=12 * index)
            values = {
                "outcome": outcome,
                "delivery_state": "recorded",
                "outcome_user_id": notice.notifier_id.id,
                "outcome_time": min(moment, now),
                "latitude": 20.5 + rng.uniform(0, 0.05),
                "longitude": -100.9 + rng.uniform(0, 0.05),
            }
            if outcome == notice_utils.DELIVERED:
                values.update(received_by=name, received_relation=relation)
            elif outcome == notice_utils.LEFT:
                values["delivery_note"] = self.env._("Left under the door")
            notice.with_context(tracking_disable=True).write(values)
        notices.batch_id._water_check_done()

    @api.model
    def _demo_contacts(self, rng):
        """Calls, visits and messages to debtors, with promises to pay: kept (a payment at the window after the
        call), broken (nothing paid by the date) and pending; then the daily check."""
        today = fields.Date.context_today(self)
        notices = self.env["water.collection.notice"].search([("batch_id", "!=", False)], limit=12, order="id")
        contracts = notices.contract_id
        if not contracts:
            return
        officer = self.env.ref("water_collections.user_demo_collections", raise_if_not_found=False) or self.env.user
        kinds = ("call", "visit", "message")
        values = []
        kept = []
        for index, contract in enumerate(contracts):
            notice = notices.filtered(lambda n, c=contract: n.contract_id == c)[:1]
            day = today - timedelta(days=20 - index % 5)
            promise = index % 4 != 3
            if index % 4 == 0:
                promise_date, amount = day + timedelta(days=7), round(min(notice.amount_due, 300.0), 2)
                kept.append((day + timedelta(days=2), contract.id, amount))
            elif index % 4 == 1:
                promise_date, amount = day + timedelta(days=5), round(notice.amount_due, 2)
            else:
                promise_date, amount = today + timedelta(days=10), round(notice.amount_due, 2)
            values.append(
                {
                    "contract_id": contract.id,
                    "kind": kinds[index % 3],
                    "date": day,
                    "user_id": officer.id,
                    "note": self.env._("The holder says he will come to pay at the window.")
                    if promise
                    else self.env._("Nobody answered."),
                    "has_promise": promise and amount > 0,
                    "promise_date": promise_date if promise and amount > 0 else False,
                    "promise_amount": amount if promise and amount > 0 else 0.0,
                }
            )
        self.env["water.collection.contact"].with_context(tracking_disable=True).create(values)
        cashier = self.env.ref("water_collections.user_demo_cashier", raise_if_not_found=False)
        company = self.env.company
        company._water_cash_setup()
        methods = {m.code: m for m in self.env["water.cash.method"].search([("company_id", "=", company.id)])}
        if kept and cashier and "cash" in methods:
            # the kept promises: paid at the window two days after the call
            for paid_on in sorted({day for day, _c, _a in kept}):
                self.env["water.cash.session"]._demo_pay_day(
                    paid_on, [row for row in kept if row[0] == paid_on], cashier, methods, rng
                )
        self.env["water.collection.contact"]._cron_water_check_promises()
