"""make bench-reports: N accounts (100000) with 24 monthly periods of bills and payments (bench_arrears' bulk
builders), the payments being a bank payment file's entries; then the reports, timed: the indicators dashboard's
figures for the last month and the income-by-concept XLSX of the last month (one row per payment and concept),
streamed from SQL.

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
    env.invalidate_all()
    started = time.perf_counter()
    if "water.report.kpi" in env:
        figures = env["water.report.kpi"]._water_kpis(periods[-1].date_start, periods[-1].date_end)
        what = f"{len(figures)} indicators"
    else:
        Income, Bill = env["water.report.income"], env["water.report.bill"]
        collected = Income.read_group([("date", ">=", month_start), ("date", "<=", month_end)], ["amount:sum"], [])
        billed = Bill.read_group([("month", "=", month_start)], ["amount_total:sum", "volume:sum"], [])
        figures = {"collected": collected[0]["amount"], "billed": billed[0]["amount_total"]}
        what = f"collected {figures['collected']:,.2f} of billed {figures['billed']:,.2f}"
    dashboard_seconds = time.perf_counter() - started
    print(f"dashboard: {what}, {dashboard_seconds:.2f} s", flush=True)
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


main(env)  # noqa: F821 - odoo shell's env
