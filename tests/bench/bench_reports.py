"""make bench-reports: N accounts (100000) with 24 monthly periods of bills and payments (bench_arrears' bulk
builders), the payments being a bank payment file's entries; then the reports, timed: the indicators dashboard
(the last month's figures and the 12-month trend: from the records, then from the months the nightly job stored)
and the income-by-concept XLSX of the last month (one row per payment and concept), streamed from SQL.

Fed to `odoo shell` by scripts/bench.sh on a throwaway database with water_reports, without demo data.
"""

import os
import time

from bench_arrears import build
from bench_lib import generate_contracts, peak_mib, rss_mib
from dateutil.relativedelta import relativedelta

from odoo import fields

N = int(os.environ.get("N", "100000"))
PERIODS = int(os.environ.get("PERIODS", "24"))


def dashboard(env, date_from, date_to):
    """The dashboard as the director opens it (last month and the 12 months to it): computed from the records,
    then the nightly job, then from the stored months; the seconds of the last."""
    Kpi = env["water.report.kpi"]
    env.invalidate_all()
    started = time.perf_counter()
    live = Kpi._water_kpis(date_from, date_to)
    live_trend = Kpi._water_kpi_trend(months=12, date_to=date_to)
    live_seconds = time.perf_counter() - started
    print(f"dashboard computed from the records: {live_seconds:.2f} s", flush=True)
    started = time.perf_counter()
    stored = env["water.report.kpi.month"]._cron_water_kpi_months()
    env.cr.commit()
    months = sum(len(done) for done in stored.values())
    print(f"nightly job: {months} closed months stored in {time.perf_counter() - started:.1f} s", flush=True)
    director = env.ref("base.user_admin")
    director.groups_id = [(4, env.ref("water_reports.group_water_director").id)]
    env.invalidate_all()
    started = time.perf_counter()
    data = Kpi.with_user(director).water_kpi_dashboard(date_from, date_to)
    seconds = time.perf_counter() - started
    same = all(data["figures"][key]["value"] == live[key]["value"] for key in live) and data["trend"] == live_trend
    print(
        f"dashboard: {len(data['figures'])} indicators and {len(data['trend'])} months, {seconds:.2f} s, "
        f"{live_seconds / seconds:.0f}x the computation from the records, "
        f"{'the same figures' if same else 'FIGURES DIFFER'}",
        flush=True,
    )
    return seconds


def main(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    env.company.water_billing_frequency = "monthly"
    generate_contracts(env, N)
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
    env.cr.commit()
    bills, payments = build(env, periods)
    # the payments are the entries of one bank payment file: the income report's "bank" channel
    bank = env["account.journal"].search([("code", "=", "BNCH")], limit=1)
    payment_file = env["water.payment.file"].create(
        {"file_name": "bench.csv", "file_hash": "bench", "journal_id": bank.id, "line_count": payments}
    )
    env.cr.execute(
        "UPDATE account_move SET water_payment_file_id = %s WHERE journal_id = %s AND move_type = 'entry'",
        [payment_file.id, bank.id],
    )
    env.cr.execute("ANALYZE account_move")
    env.cr.commit()
    print(
        f"history: {bills} bills and {payments} payments in {time.perf_counter() - started:.1f} s, "
        f"RSS {rss_mib():.0f} MiB",
        flush=True,
    )
    month_start = periods[-1].date_start
    month_end = periods[-1].date_end + relativedelta(days=20)
    dashboard_seconds = dashboard(env, periods[-1].date_start, periods[-1].date_end)
    env.invalidate_all()
    started = time.perf_counter()
    domain = [("date", ">=", month_start), ("date", "<=", month_end)]
    content = env["water.report.income"]._water_xlsx(domain)
    xlsx_seconds = time.perf_counter() - started
    env.cr.execute("SELECT COUNT(*) FROM water_report_income WHERE date BETWEEN %s AND %s", [month_start, month_end])
    rows = env.cr.fetchone()[0]
    print(f"income XLSX: {rows} rows, {len(content) / 1024 / 1024:.1f} MiB, {xlsx_seconds:.1f} s", flush=True)
    print(
        f"reports: {N} accounts, {PERIODS} periods, dashboard {dashboard_seconds:.2f} s, "
        f"income XLSX {rows} rows {xlsx_seconds:.1f} s, peak memory {peak_mib():.0f} MiB",
        flush=True,
    )


if "env" in globals():  # fed to odoo shell (imported, it only lends dashboard())
    main(env)  # noqa: F821 - odoo shell's env
