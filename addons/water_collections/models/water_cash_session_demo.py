import logging
import random
from calendar import monthrange
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import _, api, fields, models

from odoo.addons.queue_job.delay import chain

_logger = logging.getLogger(__name__)

# holders' habits: share of accounts, days after the bill date they pay, how many bills they let pile up
HABITS = (
    ("on_time", 0.78),  # pay every bill within the month
    ("late", 0.14),  # pay two or three bills at once, some partially
    ("behind", 0.08),  # stopped paying some months ago
)
# the demo cashier's window, in UTC: 8:00 to 16:00 in Mexico
OPENING, CLOSING = time(14, 0), time(22, 0)


class WaterCashSession(models.Model):
    _inherit = "water.cash.session"

    @api.model
    def demo_enqueue_payments(self):
        """The demo's payment history is some 16,000 receipts reconciled by Odoo: minutes of work.
        It runs as queue jobs after the install (the runner of `make run` picks them up), then
        the bills' previous balances are recomputed as of their dates. Only the administrator (the
        install) runs it; the jobs run as the administrator too."""
        self.env["water.demo.generator"]._check_demo_allowed()
        chain(
            self.delayable(description=_("Demo: payment history at the cashier windows"))._demo_pay_bills(),
            self.env["water.demo.generator"]
            .delayable(description=_("Demo: previous balances as of each bill's date"))
            ._recompute_previous_balances(),
        ).delay()
        return True

    @api.model
    def _demo_pay_bills(self, seed=2026, contract_ids=None, daily_days=31):
        """Demo payment history: pay the posted water bills that exist (most holders on time, some
        late, some behind) with receipts of the demo cashier in closed sessions: one session per
        day for the last ``daily_days`` days, one session per month before (the same receipts,
        fewer closings). Batched: one receipt batch, one entry and one closing per session."""
        cashier = self.env.ref("water_collections.user_demo_cashier", raise_if_not_found=False) or self.env.user
        company = self.env.company
        company._water_cash_setup()
        methods = {m.code: m for m in self.env["water.cash.method"].search([("company_id", "=", company.id)])}
        if "cash" not in methods:
            return False
        today = fields.Date.context_today(self)
        # nothing dated after now: the history ends on the last day whose window has closed (22:00 UTC)
        now = fields.Datetime.now()
        last_day = min(today, now.date() if now.time() >= CLOSING else now.date() - timedelta(days=1))
        self.env.cr.execute(
            """
            SELECT m.water_contract_id, m.id, m.invoice_date, m.amount_residual
              FROM account_move m
             WHERE m.water_contract_id IS NOT NULL AND m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.amount_residual > 0 AND m.company_id = %s AND m.invoice_date <= %s
               AND (%s IS NULL OR m.water_contract_id = ANY(%s))
          ORDER BY m.water_contract_id, m.invoice_date, m.id
            """,
            [company.id, today, contract_ids and True, contract_ids or []],
        )
        bills = defaultdict(list)
        for contract_id, move_id, invoice_date, residual in self.env.cr.fetchall():
            bills[contract_id].append((move_id, invoice_date, residual))
        rng = random.Random(seed)
        payments = defaultdict(list)  # day -> [(contract_id, amount)]
        habits, weights = zip(*HABITS, strict=True)
        for contract_id in sorted(bills):
            habit = rng.choices(habits, weights)[0]
            rows = bills[contract_id]
            if habit == "on_time":
                for _move_id, invoice_date, residual in rows:
                    day = invoice_date + timedelta(days=rng.randint(2, 20))
                    if day <= last_day:
                        payments[day].append((contract_id, residual))
            elif habit == "late":
                index = 0
                while index < len(rows):
                    group = rows[index : index + rng.randint(2, 3)]
                    index += len(group)
                    day = group[-1][1] + timedelta(days=rng.randint(5, 25))
                    if day > last_day:
                        break
                    amount = sum(residual for _m, _d, residual in group)
                    if rng.random() < 0.25:
                        amount = round(amount * rng.uniform(0.4, 0.8), 2)  # partial: the oldest first
                    payments[day].append((contract_id, amount))
                    if amount < sum(residual for _m, _d, residual in group):
                        break  # what is left stays owed
            else:
                stop = rng.randint(2, 6)
                for _move_id, invoice_date, residual in rows[:-stop]:
                    day = invoice_date + timedelta(days=rng.randint(10, 40))
                    if day <= last_day:
                        payments[day].append((contract_id, residual))
        for day in [day for day in payments if day.weekday() == 6]:
            # the windows close on Sunday: Monday's session takes those payments
            monday = day + timedelta(days=1)
            if monday <= last_day:
                payments[monday].extend(payments[day])
            del payments[day]
        sessions = defaultdict(list)  # session day -> [(payment day, contract, amount)]
        cutoff = today - timedelta(days=daily_days)
        for day in sorted(payments):
            # a month's session closes on its last day (or the cutoff), after every receipt it holds
            month_end = day.replace(day=monthrange(day.year, day.month)[1])
            session_day = day if day > cutoff else min(month_end, cutoff)
            sessions[session_day] += [(day, contract_id, amount) for contract_id, amount in payments[day]]
        count = 0
        model = self.with_context(lang=company.partner_id.lang or self.env.lang or "en_US")
        for day in sorted(sessions):
            count += model._demo_pay_day(day, sessions[day], cashier, methods, rng)
        _logger.info("demo: %s receipts in %s closed sessions", count, len(sessions))
        return True

    def _demo_pay_day(self, day, day_payments, cashier, methods, rng):
        """One closed session of the cashier: the day's receipts, counted as expected save a rare
        small shortage or surplus."""
        opened = datetime.combine(min(paid_on for paid_on, _c, _a in day_payments), OPENING)
        session = self.with_context(tracking_disable=True).create(
            {"user_id": cashier.id, "opening_float": 500.0, "date_open": opened}
        )
        card, cheque, transfer = methods.get("card"), methods.get("cheque"), methods.get("transfer")
        values = []
        per_day = defaultdict(int)  # receipts of each day, one every 20 seconds from 8:00 in Mexico
        for paid_on, contract_id, amount in day_payments:
            per_day[paid_on] += 1
            index = per_day[paid_on]
            draw = rng.random()
            if draw < 0.12 and card:
                lines = [(0, 0, {"method_id": card.id, "amount": amount, "reference": f"{rng.randint(0, 999999):06d}"})]
            elif draw < 0.15 and transfer:
                lines = [
                    (0, 0, {"method_id": transfer.id, "amount": amount, "reference": f"SPEI{rng.randint(0, 10**8)}"})
                ]
            elif draw < 0.17 and cheque:
                lines = [(0, 0, {"method_id": cheque.id, "amount": amount, "reference": f"{rng.randint(1000, 9999)}"})]
            else:
                tendered = -(-amount // 50) * 50  # rounded up to the next 50 pesos bill
                lines = [(0, 0, {"method_id": methods["cash"].id, "amount": tendered})]
            values.append(
                {
                    "session_id": session.id,
                    "contract_id": contract_id,
                    "amount": amount,
                    "date": datetime.combine(paid_on, OPENING) + timedelta(seconds=20 * index),
                    "payment_ids": lines,
                }
            )
        # no cash basis (IVA cobrado) entries for the demo's payments: they are most of the reconciliation
        # time; and no resync of the paid bills' tax and term lines (posted bills without early-payment
        # discounts have nothing to resync): it halves the rest
        Receipt = self.env["water.cash.receipt"].with_context(
            tracking_disable=True, water_cash_keep_date=True, no_cash_basis=True, skip_invoice_sync=True
        )
        receipts = Receipt.create(values)
        receipts._post_receipts(one_entry=True)  # one entry per day: the demo pays ~16,000 bills
        for line in session.line_ids:
            counted = line.amount_expected
            if line.method_id.code == "cash" and counted and rng.random() < 0.05:
                counted += rng.choice((-20.0, -10.0, -0.5, 10.0))
            line.amount_counted = max(counted, 0.0)
        session.with_context(water_cash_close_date=datetime.combine(day, CLOSING)).action_close()
        return len(receipts)
