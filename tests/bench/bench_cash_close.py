"""Cashier benchmark; `make bench-cash N=...` feeds it to `odoo shell` (which gives `env`).

Environment: N (default 2000) receipts. Steps: the registry's demo generator makes N
contracts, one posted water bill per contract is created and posted in batch (setup, not
timed), one cashier session is opened, N window receipts (cash, card and transfer, some
with change, some partial) are created and posted in one batch (timed: lock, residuals,
one entry per receipt, reconciliation with the bills), the counted amounts are entered
(a small shortage in cash) and the session is closed (timed: the daily collection entry
and the reconciliation of the N transit lines). Prints the query counts too.
"""

import os
import random
import time
from datetime import date

from odoo import Command, sql_db

BILLS_BATCH = 500


def queries():
    return sql_db.sql_counter


def make_bills(env, contracts):
    started = time.perf_counter()
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1)
    product = env.ref("water_billing.product_water_consumption")
    rng = random.Random(7)
    bills = env["account.move"]
    for start in range(0, len(contracts), BILLS_BATCH):
        batch = contracts[start : start + BILLS_BATCH]
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.id,
                    "journal_id": journal.id,
                    "invoice_date": date.today().replace(day=1),
                    "water_contract_id": contract.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": product.id, "price_unit": round(rng.uniform(120, 900), 2), "tax_ids": []}
                        )
                    ],
                }
                for contract in batch
            ]
        )
        moves.action_post()
        env.cr.commit()
        bills |= moves
    print(f"setup: {len(bills)} bills posted in {time.perf_counter() - started:.1f} s", flush=True)
    return bills


def main(env):
    n_receipts = int(os.environ.get("N", "2000"))
    print(f"cash benchmark: {n_receipts} receipts in one cashier session", flush=True)
    env["water.demo.generator"]._generate(n_receipts, batch_size=1000, commit=True, extras=False)
    contracts = env["water.contract"].search([], limit=n_receipts, order="id")
    bills = make_bills(env, contracts)
    admin = env.ref("base.user_admin")
    admin.groups_id = [Command.link(env.ref("water_collections.group_water_cashier").id)]
    env.company._water_cash_setup()
    methods = {m.code: m for m in env["water.cash.method"].search([("company_id", "=", env.company.id)])}
    session = env["water.cash.session"].create({"user_id": admin.id, "opening_float": 1000.0})
    env.cr.commit()

    rng = random.Random(11)
    started, q0 = time.perf_counter(), queries()
    values = []
    for bill in bills:
        amount = bill.amount_residual if rng.random() > 0.1 else round(bill.amount_residual / 2, 2)
        draw = rng.random()
        if draw < 0.7:
            payments = [Command.create({"method_id": methods["cash"].id, "amount": -(-amount // 100) * 100})]
        elif draw < 0.9:
            payments = [Command.create({"method_id": methods["card"].id, "amount": amount, "reference": "123456"})]
        else:
            payments = [Command.create({"method_id": methods["transfer"].id, "amount": amount, "reference": "SPEI"})]
        values.append(
            {
                "session_id": session.id,
                "contract_id": bill.water_contract_id.id,
                "amount": amount,
                "payment_ids": payments,
            }
        )
    receipts = env["water.cash.receipt"].create(values)
    receipts._post_receipts()
    env.flush_all()
    env.cr.commit()
    seconds = time.perf_counter() - started
    paid = env["account.move"].search_count([("id", "in", bills.ids), ("payment_state", "in", ("paid", "partial"))])
    print(
        f"receipts: {len(receipts)} created and posted in {seconds:.1f} s ({len(receipts) / seconds:.0f}/s), "
        f"{queries() - q0} queries; {paid} bills paid or partial",
        flush=True,
    )

    env.invalidate_all()
    session = env["water.cash.session"].browse(session.id)
    for line in session.line_ids:
        line.amount_counted = line.amount_expected - (10.0 if line.method_id.code == "cash" else 0.0)
    env.flush_all()
    env.cr.commit()
    started, q0 = time.perf_counter(), queries()
    session.action_close()
    env.flush_all()
    env.cr.commit()
    seconds = time.perf_counter() - started
    transit = env.company.water_cash_transit_account_id
    open_transit = env["account.move.line"].search_count([("account_id", "=", transit.id), ("reconciled", "=", False)])
    print(
        f"close: entry {session.move_id.name} with {len(session.move_id.line_ids)} lines, difference "
        f"{session.amount_difference:.2f}, {open_transit} transit lines left open, {queries() - q0} queries",
        flush=True,
    )
    print(f"cash close: {len(receipts)} receipts, {seconds:.1f} s")


main(env)  # noqa: F821 - `env` is given by odoo shell
