"""Bill run benchmark; `make bench N=...` feeds it to `odoo shell` (which gives `env`).

Environment: N (default 20000) contracts; BASELINE (default 1000) invoices for the baseline;
CREDITS (default 5) percent of the accounts holding a credit (a payment not applied yet).
Steps: N contracts by the demo generator, a tariff per class (the published block tariff;
IVA 16% except domestic), one monthly period with its lots, readings filled and validated
(see bench_readings.py), the credits (every account in CREDITS % of them paid 50 to 500 in
advance). Then, timed:

- the bill run end to end: selection, pricing, bulk writing of posted bills, the accounts'
  credits applied to their new bills, readings and lots marked billed, job after job as
  queue_job workers run them (committed per job), with rate and memory after each job;
- the baseline: plain Odoo creating equivalent invoices (same holders, lines, taxes) with
  ``account.move.create`` on a list followed by ``action_post``.

Last line: ``bill run: N contracts, X bills/s, baseline Y bills/s, ratio Z x, peak memory M MiB``;
peak memory is the highest RSS seen during the bill run.
"""

import os
import time
from datetime import date

from bench_lib import fill_readings, generate_contracts, generate_lots, make_tariffs, rss_mib, validate

from odoo.addons.water_billing.models import water_bill_run

WATER_FIELDS = ("water_contract_id", "water_period_id", "water_reading_id", "water_bill_run_id")


def baseline_values(env, period, journal, count):
    """Invoice values of `count` accounts, priced by the bill run, without the water links
    (so that the same accounts can be billed by the run too)."""
    run = env["water.bill.run"].new({"period_id": period.id, "invoice_date": period.date_end, "journal_id": journal.id})
    ids = (
        env["water.bill.run"]
        .create({"period_id": period.id, "invoice_date": period.date_end, "journal_id": journal.id})
        ._pending_contract_ids()[:count]
    )
    drafts, _problems, taxes = run._price_batch(env["water.contract"].browse(ids))
    products = run._products()
    values = []
    for draft in drafts:
        vals = run._invoice_values(draft, products, taxes)
        values.append({k: v for k, v in vals.items() if k not in WATER_FIELDS})
    env.cr.rollback()
    env.invalidate_all()
    return values


def make_credits(env, percent):
    """An advance payment (a posted entry crediting the holder's receivable, for the account) for every
    account in ``percent`` % of them: 50 to 500, so that some credits pay their bill in full."""
    started = time.perf_counter()
    contracts = env["water.contract"].search([("state", "=", "active")], order="id")
    step = max(int(100 / percent), 1) if percent else 0
    chosen = contracts[::step] if step else contracts.browse()
    bank = env["account.journal"].search([("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1)
    moves = env["account.move"].create(
        [
            {
                "move_type": "entry",
                "journal_id": bank.id,
                "date": date.today(),
                "ref": f"Anticipo {contract.number}",
                "line_ids": [
                    (0, 0, {"account_id": bank.default_account_id.id, "debit": amount, "name": "Anticipo"}),
                    (
                        0,
                        0,
                        {
                            "account_id": contract.partner_id.property_account_receivable_id.id,
                            "partner_id": contract.partner_id.id,
                            "credit": amount,
                            "name": "Anticipo",
                            "water_contract_id": contract.id,
                        },
                    ),
                ],
            }
            for index, contract in enumerate(chosen)
            for amount in [50.0 + (index * 37) % 451]
        ]
    )
    moves.action_post()
    env.cr.commit()
    seconds = time.perf_counter() - started
    print(f"credits: {len(moves)} accounts paid in advance ({percent} %) in {seconds:.1f} s", flush=True)
    return chosen


def credits_applied(env, run, accounts):
    """(bills paid in part or in full by a credit, credit left over all accounts)."""
    bills = env["account.move"].search([("water_bill_run_id", "=", run.id), ("water_contract_id", "in", accounts.ids)])
    applied = bills.filtered(lambda bill: bill.payment_state in ("partial", "paid", "in_payment"))
    left = -sum(balance for balance in accounts._water_balances().values() if balance < 0)
    return len(applied), left


def timing_credits(env):
    """Wrap the bill run's credit application to time it: [seconds, applications]."""
    spent = [0.0, 0]
    cls = env.registry["water.bill.run"]
    apply_credits = getattr(cls, "_apply_credits", None)
    if apply_credits is None:  # a bill run that applies no credits
        return spent

    def timed(run, contracts):
        started = time.perf_counter()
        count = apply_credits(run, contracts)
        spent[0] += time.perf_counter() - started
        spent[1] += count
        return count

    cls._apply_credits = timed
    return spent


def bill_run(env, period, journal, accounts_with_credit):
    spent = timing_credits(env)
    run = env["water.bill.run"].create(
        {"period_id": period.id, "invoice_date": period.date_end, "journal_id": journal.id}
    )
    env.cr.commit()
    started = time.perf_counter()
    pending = run._pending_contract_ids()
    size = water_bill_run.JOB_SIZE
    chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
    peak = rss_mib()
    for index, chunk in enumerate(chunks, 1):
        run._job_bill_contracts(chunk)
        env.cr.commit()
        env.invalidate_all()
        peak = max(peak, rss_mib())
        now = time.perf_counter()
        done = min(index * size, len(pending))
        print(
            f"  job {index:>3}/{len(chunks)}: {done:>7} accounts, {now - started:7.1f} s, "
            f"{done / (now - started):6.0f} bills/s, RSS {rss_mib():4.0f} MiB",
            flush=True,
        )
    run._job_close()
    env.cr.commit()
    seconds = time.perf_counter() - started
    bills = run.bill_count
    assert bills == len(pending), (bills, len(pending), run.problem_log)
    print(f"bill run: {bills} posted bills in {seconds:.1f} s; run state {run.state}", flush=True)
    applied, left = credits_applied(env, run, accounts_with_credit)
    print(
        f"credits: {applied} of {len(accounts_with_credit)} bills of accounts with a credit paid by it "
        f"({spent[1]} applications in {spent[0]:.1f} s of the run), {left:.2f} left in their favour",
        flush=True,
    )
    return bills, seconds, peak


def baseline(env, values):
    started = time.perf_counter()
    moves = env["account.move"].create(values)
    moves.action_post()
    env.cr.commit()
    seconds = time.perf_counter() - started
    assert set(moves.mapped("state")) == {"posted"}
    print(f"baseline: {len(moves)} invoices by account.move.create + action_post in {seconds:.1f} s", flush=True)
    return len(moves), seconds


def main(env):
    n_contracts = int(os.environ.get("N", "20000"))
    n_baseline = int(os.environ.get("BASELINE", "1000"))
    percent = float(os.environ.get("CREDITS", "5"))
    print(f"bill run benchmark: {n_contracts} contracts, one monthly period, baseline {n_baseline}", flush=True)
    generate_contracts(env, n_contracts)
    make_tariffs(env)
    period = generate_lots(env)
    fill_readings(env, period)
    validate(env, period, 1)
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1)
    accounts_with_credit = make_credits(env, percent)
    values = baseline_values(env, period, journal, n_baseline)
    bills, seconds, peak = bill_run(env, period, journal, accounts_with_credit)
    base_count, base_seconds = baseline(env, values)
    rate, base_rate = bills / seconds, base_count / base_seconds
    print(
        f"bill run: {n_contracts} contracts, {rate:.0f} bills/s, baseline {base_rate:.1f} bills/s, "
        f"ratio {rate / base_rate:.1f} x, peak memory {peak:.0f} MiB"
    )


main(env)  # noqa: F821 - `env` is given by `odoo shell`
