"""make bench-simulation: N accounts (100000) with P monthly periods (12) of posted bills, built in bulk SQL, then a
tariff simulation (+8 % on every price) re-pricing every bill, its jobs run one after another in this process as one
queue_job worker would (committed per job), timed.

Fed to `odoo shell` by scripts/bench.sh on a throwaway database with water_billing, without demo data.

The accounts come from the demo generator, a tariff per class (the published block tariff, IVA 16 % except
domestic). One bill (consumption, fixed charge, drainage and sanitation lines) is made through the ORM as a
template; every other bill is a copy of it made by INSERT ... SELECT (bench_arrears.copy_rows), one statement per
table and period, with a volume of 1 to 44 m³ by account and period and the amounts the engine gives that volume.
Last line: ``simulation: N accounts, P periods, S s, X bills/s``.
"""

import os
import time
from datetime import timedelta

from bench_arrears import copy_rows
from bench_lib import generate_contracts, make_tariffs, peak_mib, rss_mib
from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from odoo.addons.water_billing.models import water_tariff_simulation
from odoo.addons.water_billing.utils import tariff as engine

N = int(os.environ.get("N", "100000"))
PERIODS = int(os.environ.get("PERIODS", "12"))
VOLUMES = 44  # 1..44 m³ (a bill of 0 m³ without reading is a cuota fija one)


def price_table(env, tariffs):
    """bench_prices(class_id, volume, consumption, fixed, drainage, sanitation, untaxed, total): the engine's
    amounts of every volume for every class, every service."""
    env.cr.execute(
        """CREATE UNLOGGED TABLE bench_prices (class_id int, volume int, consumption numeric, fixed numeric,
                                               drainage numeric, sanitation numeric, total numeric)"""
    )
    rows = []
    for tariff in tariffs:
        engine_tariff = tariff._to_engine(1)
        for volume in range(1, VOLUMES + 1):
            lines = engine.price(engine_tariff, volume)
            by_concept = {}
            for line in lines:
                by_concept[line.concept] = by_concept.get(line.concept, 0) + line.amount
            water = by_concept.get("consumption", 0) + by_concept.get("base", 0)
            rows.append(
                (
                    tariff.service_class_id.id,
                    volume,
                    water,
                    by_concept.get("block_fixed", 0),
                    by_concept.get("drainage", 0),
                    by_concept.get("sanitation", 0),
                    engine.totals(lines)[2],
                )
            )
    env.cr.executemany("INSERT INTO bench_prices VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)


def template(env, contract, period):
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1)
    names = ("consumption", "block_fixed", "drainage", "sanitation")
    products = [env.ref(f"water_billing.product_water_{name}") for name in names]
    bill = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": contract.partner_id.id,
            "journal_id": journal.id,
            "invoice_date": period.date_end,
            "invoice_date_due": period.date_end + timedelta(days=15),
            "water_contract_id": contract.id,
            "water_period_id": period.id,
            "water_volume": 15,
            "invoice_line_ids": [
                Command.create({"product_id": product.id, "price_unit": 10.0, "tax_ids": []}) for product in products
            ],
        }
    )
    bill.action_post()
    env.flush_all()
    return bill, products


def build(env, periods, tariffs):
    """Posted bills of every account and period in bulk; returns their number."""
    contract = env["water.contract"].search([], limit=1, order="id")
    bill, products = template(env, contract, periods[0])
    price_table(env, tariffs)
    env.cr.execute(
        """CREATE UNLOGGED TABLE bench_accounts AS
           SELECT c.id AS contract_id, c.partner_id, c.service_class_id AS class_id
             FROM water_contract c WHERE c.id != %s AND c.state = 'active'""",
        [contract.id],
    )
    env.cr.execute("SET session_replication_role = replica")
    columns = ("s.consumption", "s.fixed", "s.drainage", "s.sanitation")
    amounts = dict(zip((p.id for p in products), columns, strict=True))
    bills = 0
    for index, period in enumerate(periods):
        started = time.perf_counter()
        due = period.date_end + timedelta(days=15)
        env.cr.execute("DROP TABLE IF EXISTS bench_period")
        env.cr.execute(
            """CREATE UNLOGGED TABLE bench_period AS
               SELECT a.*, p.volume, p.consumption, p.fixed, p.drainage, p.sanitation,
                      p.consumption + p.fixed + p.drainage + p.sanitation AS untaxed, p.total,
                      nextval('account_move_id_seq') AS bill_id
                 FROM bench_accounts a
                 JOIN bench_prices p ON p.class_id = a.class_id
                                    AND p.volume = 1 + mod(a.contract_id * 7 + %(i)s * 3, %(volumes)s)""",
            {"i": index, "volumes": VOLUMES},
        )
        name = f"'BSIM/{period.date_start:%Y%m}/' || s.contract_id"
        bills += copy_rows(
            env,
            "account_move",
            bill.id,
            {
                "id": "s.bill_id",
                "name": name,
                "partner_id": "s.partner_id",
                "commercial_partner_id": "s.partner_id",
                "water_contract_id": "s.contract_id",
                "water_period_id": str(period.id),
                "water_volume": "s.volume",
                "date": f"'{period.date_end}'",
                "invoice_date": f"'{period.date_end}'",
                "invoice_date_due": f"'{due}'",
                "amount_untaxed": "s.untaxed",
                "amount_tax": "s.total - s.untaxed",
                "amount_total": "s.total",
                "amount_untaxed_signed": "s.untaxed",
                "amount_total_signed": "s.total",
                "amount_total_in_currency_signed": "s.total",
                "amount_residual": "s.total",
                "amount_residual_signed": "s.total",
                "payment_state": "'not_paid'",
                "payment_reference": f"'{period.date_start:%y%m}' || s.contract_id",
                "sequence_number": "s.contract_id",
            },
            "bench_period s",
        )
        for line in bill.line_ids:
            amount = amounts.get(line.product_id.id)
            receivable = line.account_id.account_type == "asset_receivable"
            if amount:  # the tax of non-domestic bills is in price_total only: the simulator reads no tax line
                values = {
                    "balance": f"-{amount}",
                    "amount_currency": f"-{amount}",
                    "debit": "0",
                    "credit": amount,
                    "price_unit": amount,
                    "price_subtotal": amount,
                    "price_total": f"{amount} * s.total / NULLIF(s.untaxed, 0)",
                }
            elif receivable:
                values = {
                    "balance": "s.total",
                    "amount_currency": "s.total",
                    "debit": "s.total",
                    "credit": "0",
                    "amount_residual": "s.total",
                    "amount_residual_currency": "s.total",
                    "date_maturity": f"'{due}'",
                }
            else:
                continue
            copy_rows(
                env,
                "account_move_line",
                line.id,
                {
                    "move_id": "s.bill_id",
                    "move_name": name,
                    "partner_id": "s.partner_id",
                    "water_contract_id": "s.contract_id",
                    "date": f"'{period.date_end}'",
                    "invoice_date": f"'{period.date_end}'",
                    **values,
                },
                "bench_period s",
            )
        env.cr.commit()
        print(
            f"  period {index + 1:>2}/{len(periods)} {period.name}: bills {bills}, "
            f"{time.perf_counter() - started:5.1f} s",
            flush=True,
        )
    env.cr.execute("DROP TABLE bench_period; DROP TABLE bench_accounts; DROP TABLE bench_prices")
    env.cr.execute("SET session_replication_role = DEFAULT")
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()
    return bills + 1


def main(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    env.company.water_billing_frequency = "monthly"
    generate_contracts(env, N)
    tariffs = make_tariffs(env)
    today = fields.Date.context_today(env["res.users"])
    first = today.replace(day=1) - relativedelta(months=PERIODS)
    periods = [
        env["water.billing.period"].create(
            {
                "date_start": first + relativedelta(months=index),
                "date_end": first + relativedelta(months=index + 1, days=-1),
                "frequency": "monthly",
            }
        )
        for index in range(PERIODS)
    ]
    env.cr.commit()
    started = time.perf_counter()
    bills = build(env, periods, tariffs)
    print(f"history: {bills} bills in {time.perf_counter() - started:.1f} s, RSS {rss_mib():.0f} MiB", flush=True)
    env.invalidate_all()
    simulation = env["water.tariff.simulation"].create(
        {
            "name": "Benchmark +8 %",
            "date_from": periods[0].date_end,
            "date_to": periods[-1].date_end,
            "change_ids": [Command.create({"block": 0, "pct": 8})],
            "reference_income": 8364.0,
        }
    )
    env.cr.commit()
    started = time.perf_counter()
    size = water_tariff_simulation.JOB_SIZE
    chunks = simulation._start()
    env.cr.commit()
    for index, chunk in enumerate(chunks, 1):
        simulation._job_simulate(chunk, index - 1)
        env.cr.commit()
        env.invalidate_all()
        now = time.perf_counter()
        done = min(index * size, simulation.total_count)
        print(
            f"  job {index:>3}/{len(chunks)}: {done:>7} accounts, {now - started:7.1f} s, RSS {rss_mib():4.0f} MiB",
            flush=True,
        )
    simulation._job_close()
    env.cr.commit()
    seconds = time.perf_counter() - started
    assert simulation.bill_count == bills, (simulation.bill_count, bills)
    print(
        f"simulated: {simulation.simulated_untaxed:,.2f} against {simulation.billed_untaxed:,.2f} billed "
        f"({simulation.change_pct:+.2f} %), {simulation.accounts_more} accounts pay more, "
        f"{simulation.households_over_simulated} households over 3 % of income, peak memory {peak_mib():.0f} MiB",
        flush=True,
    )
    print(
        f"simulation: {simulation.total_count} accounts, {PERIODS} periods, {seconds:.1f} s, "
        f"{simulation.bill_count / seconds:.0f} bills/s",
        flush=True,
    )


if "env" in globals():
    main(env)  # noqa: F821 - odoo shell's env
