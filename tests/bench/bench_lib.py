"""What the benchmarks share: memory figures, N contracts, one period of validated readings.

The benchmark scripts are fed to `odoo shell` on stdin; scripts/bench.sh puts this folder
on PYTHONPATH so that they can import it.
"""

import os
import resource
import time
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL

FILL_BATCH = 5000


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# a published tariff's blocks (upper m³, price per m³, fixed charge of the block reached)
PUBLISHED = ((10, 0, 140.99), (20, 17.33, 163.82), (40, 26.70, 411.12), (60, 34.18, 981.74), (0, 83.60, 2205.67))


def make_tariffs(env):
    """One benchmark tariff per class, valid since 2000, with the published blocks (IVA 16 % but domestic water)."""
    tariffs = env["water.tariff"]
    for service_class in env["water.service.class"].search([]):
        vat = 0 if service_class.code in ("DOM", "D") or "dom" in (service_class.name or "").lower() else 16
        tariffs |= tariffs.create(
            {
                "name": f"Benchmark {service_class.name}",
                "service_class_id": service_class.id,
                "date_from": date(2000, 1, 1),
                "drainage_pct": 20,
                "sanitation_pct": 10,
                "fixed_quota": 185.40,
                "base_fee": 25.0,
                "vat_water": vat,
                "vat_drainage": 16,
                "vat_sanitation": 16,
                "block_ids": [
                    (0, 0, {"sequence": i, "upper": upper, "price": price, "fixed_charge": fixed})
                    for i, (upper, price, fixed) in enumerate(PUBLISHED)
                ],
            }
        )
    env.cr.commit()
    return tariffs


def generate_contracts(env, n_contracts):
    started = time.perf_counter()
    created = env["water.demo.generator"]._generate(n_contracts, batch_size=1000, commit=True, extras=False)
    seconds = time.perf_counter() - started
    print(
        f"contracts: {created} made by the demo generator in {seconds:.1f} s ({created / seconds:.0f}/s), "
        f"RSS {rss_mib():.0f} MiB, peak {peak_mib():.0f} MiB",
        flush=True,
    )


def generate_lots(env):
    """One monthly period (the current month) with its sector calendar, and its reading lots."""
    started = time.perf_counter()
    company = env.company
    company.water_billing_frequency = "monthly"
    start = fields.Date.context_today(env["water.billing.period"]).replace(day=1)
    period = env["water.billing.period"].create(
        {"date_start": start, "date_end": start + relativedelta(months=1, days=-1), "frequency": "monthly"}
    )
    period._generate_calendar()
    period.action_generate_lots()
    lots = period.lot_ids
    lots.action_send_to_field()
    env.cr.commit()
    seconds = time.perf_counter() - started
    readings = env["water.reading"].search_count([("period_id", "=", period.id)])
    print(
        f"period {period.name}: {len(lots)} lots, {readings} readings generated in {seconds:.1f} s "
        f"({readings / seconds:.0f} readings/s), RSS {rss_mib():.0f} MiB, peak {peak_mib():.0f} MiB",
        flush=True,
    )
    return period


def fill_readings(env, period):
    """Plausible readings in batch SQL: previous + 3..40 m³; about 4% with something to look at."""
    started = time.perf_counter()
    obs = {code: env.ref(f"water_billing.observation_{code}").id for code in ("01", "02", "03", "04")}
    env.cr.execute(SQL("SELECT id FROM water_reading WHERE period_id = %s ORDER BY id", period.id))
    ids = [row[0] for row in env.cr.fetchall()]
    for start in range(0, len(ids), FILL_BATCH):
        env.cr.execute(
            SQL(
                """
            UPDATE water_reading
               SET reading_text = CASE
                       WHEN mod(id, 1000) < 10 THEN NULL                              -- 02 damaged meter / 03 dog
                       WHEN mod(id, 1000) < 15 THEN 's/l'                             -- not a number
                       WHEN mod(id, 1000) < 20 AND previous_reading >= 50
                            THEN (floor(previous_reading) - 17)::int::text         -- lower than the previous
                       WHEN mod(id, 1000) < 25 THEN (floor(previous_reading)
                            + ceil(6 * GREATEST(average_consumption, 5)))::int::text  -- high consumption
                       WHEN mod(id, 1000) < 30 THEN floor(previous_reading)::int::text  -- 01 empty house / zero
                       ELSE (floor(previous_reading) + 3 + mod(id * 7919, 38))::int::text
                   END,
                   observation_id = CASE
                       WHEN mod(id, 1000) < 5 THEN %s
                       WHEN mod(id, 1000) < 10 THEN %s
                       WHEN mod(id, 1000) BETWEEN 25 AND 27 THEN %s
                   END,
                   state = 'captured', anomaly = NULL, capture_channel = 'import', captured_by_id = %s,
                   capture_date = (now() at time zone 'UTC')
             WHERE id = ANY(%s)
            """,
                obs["02"],
                obs["03"],
                obs["01"],
                env.uid,
                ids[start : start + FILL_BATCH],
            )
        )
    env.cr.commit()
    env.invalidate_all()
    seconds = time.perf_counter() - started
    print(f"capture: {len(ids)} readings filled in batch SQL in {seconds:.1f} s", flush=True)
    return len(ids)


def validate(env, period, n_groups):
    """action_validate over the period's lots, group after group, each group committed."""
    lot_ids = env["water.reading.lot"].search([("period_id", "=", period.id)], order="id").ids
    size = max(1, -(-len(lot_ids) // n_groups))
    started = time.perf_counter()
    done = 0
    for start in range(0, len(lot_ids), size):
        lots = env["water.reading.lot"].browse(lot_ids[start : start + size])
        count = env["water.reading"].search_count(
            [("lot_id", "in", lots.ids), ("state", "in", ("captured", "pending"))]
        )
        lots.action_validate()
        env.cr.commit()
        env.invalidate_all()
        done += count
        now = time.perf_counter()
        print(
            f"  {start + len(lots):>5}/{len(lot_ids)} lots, {done:>8} readings, {now - started:7.1f} s, "
            f"{done / (now - started):6.0f} readings/s, RSS {rss_mib():4.0f} MiB, peak {peak_mib():4.0f} MiB",
            flush=True,
        )
    seconds = time.perf_counter() - started
    groups = env["water.reading"]._read_group([("period_id", "=", period.id)], ["state"], ["__count"])
    lot_groups = env["water.reading.lot"]._read_group([("period_id", "=", period.id)], ["state"], ["__count"])
    orders = env["water.work.order"].search_count([("reading_id.period_id", "=", period.id)])
    print(
        "result: readings "
        + ", ".join(f"{state} {count}" for state, count in groups)
        + "; lots "
        + ", ".join(f"{state} {count}" for state, count in lot_groups)
        + f"; {orders} work orders",
        flush=True,
    )
    return done, seconds
