"""Loss and anomaly scoring: N accounts (100000) × PERIODS (24) monthly periods of validated readings written in
bulk SQL, with planted cases (leaks, stopped meters, bypasses, neighbours on a route that fell together); then a
scoring run split in queue jobs of whole routes, run one after another in this process as a queue_job worker
would (committed per job), with time and memory after each job. Last line:

    anomaly: N accounts, P periods, J jobs, S s scoring (X accounts/s), C cases, top-K precision p recall r,
    peak memory M MiB

Fed to `odoo shell` on a throwaway database with water_reports, without demo data (scripts/bench.sh).
"""

import os
import time

from bench_lib import generate_contracts, peak_mib, rss_mib
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools import SQL

from odoo.addons.queue_job.job import Job
from odoo.addons.water_reports.utils.anomaly import precision_recall

N = int(os.environ.get("N", "100000"))
PERIODS = int(os.environ.get("PERIODS", "24"))
# planted, by account id: mod(id, 500) = 1 leak, 2 stopped meter, 3 bypass (a quarter of the usual);
# on one route in 20, positions 10 to 14: neighbours at 30 % of their usual (an illegal connection)
PLANTED = """
    mod(c.id, 500) IN (1, 2, 3)
    OR (mod(c.route_id, 20) = 0 AND c.route_sequence BETWEEN 10 AND 14)
"""


def make_history(env):
    started = time.perf_counter()
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
    env.flush_all()
    last = PERIODS - 1
    cr = env.cr
    for index, period in enumerate(periods):
        cr.execute(
            SQL(
                """
            INSERT INTO water_reading_lot (period_id, route_id, company_id, state, create_uid, write_uid,
                                           create_date, write_date)
            SELECT %(period)s, r.id, r.company_id, 'billed', 1, 1, now(), now() FROM water_route r
                """,
                period=period.id,
            )
        )
        cr.execute(
            SQL(
                """
            INSERT INTO water_reading (lot_id, period_id, company_id, contract_id, service_point_id, route_sequence,
                                       digits, state, basis, consumption, measured_consumption, is_estimated,
                                       meter_changed, rolled_over, create_uid, write_uid, create_date, write_date)
            SELECT l.id, l.period_id, c.company_id, c.id, c.service_point_id, c.route_sequence, 5, 'billed',
                   'measured', v.used, v.used, FALSE, FALSE, FALSE, 1, 1, now(), now()
              FROM water_contract c
              JOIN water_reading_lot l ON l.route_id = c.route_id AND l.period_id = %(period)s
             CROSS JOIN LATERAL (
                   SELECT (10 + mod(c.id * 7919, 25))                                     -- the account's usual
                          * (1 + 0.2 * (%(month)s IN (4, 5, 6))::int - 0.08 * (%(month)s IN (1, 2, 12))::int)
                          * (1 + (mod(c.id::bigint * 2654435761 + %(index)s * 97531, 21) - 10) / 100.0) AS usual
             ) u
             CROSS JOIN LATERAL (
                   SELECT round(CASE
                       WHEN %(index)s > %(last)s - 3 AND mod(c.id, 500) = 1 THEN u.usual * 3
                       WHEN %(index)s > %(last)s - 4 AND mod(c.id, 500) = 2 THEN 0
                       WHEN %(index)s > %(last)s - 3 AND mod(c.id, 500) = 3 THEN u.usual / 4
                       WHEN %(index)s > %(last)s - 3 AND mod(c.route_id, 20) = 0
                            AND c.route_sequence BETWEEN 10 AND 14 THEN u.usual * 0.3
                       ELSE u.usual END) AS used
             ) v
             WHERE c.is_metered AND c.state = 'active'
                """,
                period=period.id,
                month=period.date_start.month,
                index=index,
                last=last,
            )
        )
        env.cr.commit()
    cr.execute("ANALYZE water_reading")
    cr.execute(SQL("SELECT count(*) FROM water_reading"))
    readings = cr.fetchone()[0]
    cr.execute(
        SQL("SELECT c.id FROM water_contract c WHERE c.is_metered AND c.state = 'active' AND (%s)", SQL(PLANTED))
    )
    planted = {row[0] for row in cr.fetchall()}
    env.cr.commit()
    print(
        f"history: {readings} readings of {PERIODS} periods in {time.perf_counter() - started:.1f} s, "
        f"{len(planted)} planted cases, RSS {rss_mib():.0f} MiB",
        flush=True,
    )
    return planted


def score(env):
    """The run's jobs as a worker runs them: the scoring jobs, then the ranking, each committed."""
    run = env["water.anomaly.run"].with_context(queue_job__no_delay=False).create({"period_count": PERIODS})
    started = time.perf_counter()
    run.action_run()
    env.cr.commit()
    jobs = env["queue.job"].search([("model_name", "=", "water.anomaly.run"), ("state", "!=", "done")])
    jobs = jobs.sorted(lambda job: (job.method_name == "_job_close", job.id))
    for index, record in enumerate(jobs, 1):
        job = Job.load(env, record.uuid)
        job.set_started()
        job.store()
        job.perform()
        job.set_done()
        job.store()
        env.cr.commit()
        env.invalidate_all()
        print(
            f"  job {index:>3}/{len(jobs)} {record.method_name}: {time.perf_counter() - started:7.1f} s, "
            f"RSS {rss_mib():.0f} MiB, peak {peak_mib():.0f} MiB",
            flush=True,
        )
    return run, time.perf_counter() - started, len(jobs)


def main(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    env.company.water_billing_frequency = "monthly"
    generate_contracts(env, N)
    planted = make_history(env)
    run, seconds, jobs = score(env)
    env.cr.execute(SQL("SELECT contract_id FROM water_anomaly_case WHERE run_id = %s ORDER BY rank", run.id))
    ranked = [row[0] for row in env.cr.fetchall()]
    precision, recall = precision_recall(ranked, planted, len(planted))
    print(
        f"anomaly: {run.account_count} accounts, {len(run.period_ids)} periods, {jobs} jobs, {seconds:.1f} s scoring "
        f"({run.account_count / seconds:.0f} accounts/s), {len(ranked)} cases, top-{len(planted)} precision "
        f"{precision:.2f} recall {recall:.2f}, peak memory {peak_mib():.0f} MiB",
        flush=True,
    )


if "env" in globals():
    main(env)  # noqa: F821 - odoo shell's env
