"""make bench-arrears: N accounts (100000) with 24 monthly periods of posted bills and payments, built in bulk SQL,
then the aging list with its totals and the snapshot of a month, timed.

Fed to `odoo shell` by scripts/bench.sh on a throwaway database with water_collections, without demo data.

The accounts come from the demo generator. One bill and one payment are made through the ORM as templates; every
other bill (a move, its receivable line, a water and a drainage line) and payment (a move, its receivable line
and its bank line, reconciled with the bill by a partial reconciliation) is a copy of them made by INSERT ...
SELECT, one statement per table and period. Holders' habits (by account id): 78 % pay every bill some days
after it, 14 % pay late and leave the last one or two open, 8 % stopped paying 3 to 24 months ago.
"""

import cProfile
import os
import pstats
import time
from datetime import timedelta

from bench_lib import generate_contracts, peak_mib, rss_mib
from dateutil.relativedelta import relativedelta

from odoo import Command, fields

N = int(os.environ.get("N", "100000"))
PERIODS = int(os.environ.get("PERIODS", "24"))


COLUMNS = {}


def columns(env, table):
    if table not in COLUMNS:
        env.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
            [table],
        )
        COLUMNS[table] = [row[0] for row in env.cr.fetchall()]
    return COLUMNS[table]


def copy_rows(env, table, template_id, overrides, source):
    """INSERT INTO table (every column) SELECT each column from the template row ``t`` unless overridden by an
    SQL expression over ``source`` (a FROM clause aliased s)."""
    cols = (["id"] if "id" in overrides else []) + columns(env, table)
    exprs = [overrides.get(col, f"t.{col}") for col in cols]
    env.cr.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM {table} t, {source} WHERE t.id = %s",
        [template_id],
    )
    return env.cr.rowcount


def templates(env, contract, period, products, bank):
    journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1)
    bill = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": contract.partner_id.id,
            "journal_id": journal.id,
            "invoice_date": period.date_end,
            "invoice_date_due": period.date_end + timedelta(days=15),
            "water_contract_id": contract.id,
            "water_period_id": period.id,
            "invoice_line_ids": [
                Command.create({"product_id": products[0].id, "price_unit": 100.0, "tax_ids": []}),
                Command.create({"product_id": products[1].id, "price_unit": 20.0, "tax_ids": []}),
            ],
        }
    )
    bill.action_post()
    receivable = bill.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
    payment = env["account.move"].create(
        {
            "move_type": "entry",
            "journal_id": bank.id,
            "date": period.date_end + timedelta(days=5),
            "line_ids": [
                Command.create(
                    {"account_id": bank.default_account_id.id, "debit": 120.0, "partner_id": contract.partner_id.id}
                ),
                Command.create(
                    {
                        "account_id": receivable.account_id.id,
                        "credit": 120.0,
                        "partner_id": contract.partner_id.id,
                        "water_contract_id": contract.id,
                    }
                ),
            ],
        }
    )
    payment.action_post()
    env.flush_all()
    return bill, payment


def build(env, periods):
    """Bills and payments of every period in bulk: returns (bills, payments)."""
    company = env.company
    products = (env.ref("water_billing.product_water_consumption"), env.ref("water_billing.product_water_drainage"))
    bank = env["account.journal"].create({"name": "Banco bench", "type": "bank", "code": "BNCH"})
    contract = env["water.contract"].search([], limit=1, order="id")
    bill, payment = templates(env, contract, periods[0], products, bank)
    bill_lines = {
        line.display_type if line.display_type != "product" else line.product_id.id: line for line in bill.line_ids
    }
    receivable = bill.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
    pay_receivable = payment.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
    pay_bank = payment.line_ids - pay_receivable
    partial = env["account.partial.reconcile"].create(
        {
            "debit_move_id": receivable.id,
            "credit_move_id": pay_receivable.id,
            "amount": 0.01,
            "debit_amount_currency": 0.01,
            "credit_amount_currency": 0.01,
            "company_id": company.id,
        }
    )
    env.flush_all()
    # the accounts' amounts: water 80..227 by account, drainage 20 %
    env.cr.execute(
        """CREATE UNLOGGED TABLE bench_accounts AS
           SELECT c.id AS contract_id, c.partner_id, (80 + mod(c.id * 7, 50) * 3)::numeric AS water,
                  mod(c.id * 37, 100) AS habit, 3 + mod(c.id * 13, 22) AS stopped
             FROM water_contract c WHERE c.id != %s""",
        [contract.id],
    )
    env.cr.execute("ANALYZE bench_accounts")
    n_periods = len(periods)
    # a throwaway database: foreign keys are not checked row by row while loading (the rows are built consistent)
    env.cr.execute("SET session_replication_role = replica")
    today = fields.Date.context_today(env["res.users"])
    bills = payments = 0
    for index, period in enumerate(periods):
        started = time.perf_counter()
        due = period.date_end + timedelta(days=15)
        left = n_periods - 1 - index  # periods after this one
        # who pays this bill, and when: on time 2-20 days after the bill; late ones 20-70 days after, not the last
        # one or two; the ones who stopped pay nothing of their last `stopped` periods
        env.cr.execute("DROP TABLE IF EXISTS bench_period")
        env.cr.execute(
            """CREATE UNLOGGED TABLE bench_period AS
               SELECT a.*, (a.water * 1.2)::numeric(16, 2) AS total, a.water * 0.2 AS drainage,
                      CASE WHEN a.habit < 78 THEN %(end)s::date + (2 + mod(a.contract_id + %(i)s * 3, 19))
                           WHEN a.habit < 92 AND %(left)s >= 1 + mod(a.contract_id, 2)
                                THEN %(end)s::date + (20 + mod(a.contract_id + %(i)s * 7, 51))
                           WHEN a.habit >= 92 AND %(left)s >= a.stopped
                                THEN %(end)s::date + (5 + mod(a.contract_id + %(i)s, 25))
                      END AS paid_on
                 FROM bench_accounts a""",
            {"end": period.date_end, "i": index, "left": left},
        )
        env.cr.execute("UPDATE bench_period SET paid_on = NULL WHERE paid_on > %s", [today - timedelta(days=1)])
        # the ids of the rows to come, taken from the tables' sequences: every row is linked without a lookup
        env.cr.execute(
            """ALTER TABLE bench_period ADD COLUMN bill_id int, ADD COLUMN bill_line_id int,
                                        ADD COLUMN pay_id int, ADD COLUMN pay_line_id int;
               UPDATE bench_period SET bill_id = nextval('account_move_id_seq'),
                                       bill_line_id = nextval('account_move_line_id_seq');
               UPDATE bench_period SET pay_id = nextval('account_move_id_seq'),
                                       pay_line_id = nextval('account_move_line_id_seq')
                WHERE paid_on IS NOT NULL"""
        )
        name = f"'BNCH/{period.date_start:%Y%m}/' || s.contract_id"
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
                "date": f"'{period.date_end}'",
                "invoice_date": f"'{period.date_end}'",
                "invoice_date_due": f"'{due}'",
                "amount_untaxed": "s.total",
                "amount_total": "s.total",
                "amount_untaxed_signed": "s.total",
                "amount_total_signed": "s.total",
                "amount_total_in_currency_signed": "s.total",
                "amount_residual": "CASE WHEN s.paid_on IS NULL THEN s.total ELSE 0 END",
                "amount_residual_signed": "CASE WHEN s.paid_on IS NULL THEN s.total ELSE 0 END",
                "payment_state": "CASE WHEN s.paid_on IS NULL THEN 'not_paid' ELSE 'paid' END",
                "payment_reference": f"'{period.date_start:%y%m}' || s.contract_id",
                "sequence_number": "s.contract_id",
            },
            "bench_period s",
        )
        moves = "bench_period s"
        for key, line in bill_lines.items():
            amount = {
                products[0].id: "-s.water",
                products[1].id: "-s.drainage",
            }.get(key, "s.total")
            is_receivable = line == receivable
            copy_rows(
                env,
                "account_move_line",
                line.id,
                {
                    **({"id": "s.bill_line_id"} if is_receivable else {}),
                    "move_id": "s.bill_id",
                    "move_name": name,
                    "partner_id": "s.partner_id",
                    "water_contract_id": "s.contract_id",
                    "date": f"'{period.date_end}'",
                    "invoice_date": f"'{period.date_end}'",
                    "date_maturity": f"'{due}'" if is_receivable else "t.date_maturity",
                    "balance": amount,
                    "amount_currency": amount,
                    "debit": f"GREATEST({amount}, 0)",
                    "credit": f"GREATEST(-({amount}), 0)",
                    "price_unit": f"ABS({amount})" if not is_receivable else "t.price_unit",
                    "price_subtotal": f"ABS({amount})" if not is_receivable else "t.price_subtotal",
                    "price_total": f"ABS({amount})" if not is_receivable else "t.price_total",
                    "amount_residual": "CASE WHEN s.paid_on IS NULL THEN s.total ELSE 0 END"
                    if is_receivable
                    else "t.amount_residual",
                    "amount_residual_currency": "CASE WHEN s.paid_on IS NULL THEN s.total ELSE 0 END"
                    if is_receivable
                    else "t.amount_residual_currency",
                    "reconciled": "s.paid_on IS NOT NULL" if is_receivable else "t.reconciled",
                },
                moves,
            )
        # the payments: a move, its receivable line (credit) and its bank line, reconciled with the bill
        pay_name = f"'BPAY/{period.date_start:%Y%m}/' || s.contract_id"
        paying = "(SELECT * FROM bench_period WHERE paid_on IS NOT NULL) s"
        payments += copy_rows(
            env,
            "account_move",
            payment.id,
            {
                "id": "s.pay_id",
                "name": pay_name,
                "date": "s.paid_on",
                "partner_id": "s.partner_id",
                "commercial_partner_id": "s.partner_id",
                "water_contract_id": "NULL",
                "amount_total": "s.total",
                "amount_total_signed": "s.total",
                "sequence_number": "s.contract_id",
            },
            paying,
        )
        for line, is_receivable in ((pay_receivable, True), (pay_bank, False)):
            copy_rows(
                env,
                "account_move_line",
                line.id,
                {
                    **({"id": "s.pay_line_id"} if is_receivable else {}),
                    "move_id": "s.pay_id",
                    "move_name": pay_name,
                    "partner_id": "s.partner_id",
                    "water_contract_id": "s.contract_id" if is_receivable else "NULL",
                    "date": "s.paid_on",
                    "date_maturity": "s.paid_on",
                    "balance": "-s.total" if is_receivable else "s.total",
                    "amount_currency": "-s.total" if is_receivable else "s.total",
                    "debit": "0" if is_receivable else "s.total",
                    "credit": "s.total" if is_receivable else "0",
                    "amount_residual": "0",
                    "amount_residual_currency": "0",
                    "reconciled": "TRUE" if is_receivable else "t.reconciled",
                },
                paying,
            )
        copy_rows(
            env,
            "account_partial_reconcile",
            partial.id,
            {
                "debit_move_id": "s.debit_id",
                "credit_move_id": "s.credit_id",
                "amount": "s.total",
                "debit_amount_currency": "s.total",
                "credit_amount_currency": "s.total",
                "max_date": "s.paid_on",
            },
            "(SELECT bill_line_id AS debit_id, pay_line_id AS credit_id, total, paid_on FROM bench_period "
            "WHERE paid_on IS NOT NULL) s",
        )
        env.cr.commit()
        print(
            f"  period {index + 1:>2}/{n_periods} {period.name}: bills {bills}, payments {payments}, "
            f"{time.perf_counter() - started:5.1f} s",
            flush=True,
        )
    env.cr.execute("DROP TABLE bench_period; DROP TABLE bench_accounts; SET session_replication_role = DEFAULT")
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line; ANALYZE account_partial_reconcile")
    env.cr.commit()
    return bills, payments


def main(env):
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    env.company.water_billing_frequency = "monthly"
    generate_contracts(env, N)
    started = time.perf_counter()
    today = fields.Date.context_today(env["res.users"])
    first = today.replace(day=1) - relativedelta(months=PERIODS)
    periods = []
    for index in range(PERIODS):
        start = first + relativedelta(months=index)
        periods.append(
            env["water.billing.period"].create(
                {"date_start": start, "date_end": start + relativedelta(months=1, days=-1), "frequency": "monthly"}
            )
        )
    env.cr.commit()
    bills, payments = build(env, periods)
    print(
        f"history: {bills} bills and {payments} payments in {time.perf_counter() - started:.1f} s, "
        f"RSS {rss_mib():.0f} MiB",
        flush=True,
    )
    env.invalidate_all()
    Snapshot = env["water.arrears.snapshot"]
    close = today.replace(day=1) - timedelta(days=1)
    profiler = cProfile.Profile() if os.environ.get("WATER_BENCH_PROFILE") else None
    started = time.perf_counter()
    if profiler:
        # the plans of the slow statements go to the server's log, printed below
        env.cr.execute("LOAD 'auto_explain'")
        env.cr.execute("SET auto_explain.log_min_duration = 200; SET auto_explain.log_analyze = on")
        profiler.enable()
    snapshot = Snapshot._water_take(day=close, kind="month", now=True)
    env.cr.commit()
    snapshot_seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        env.cr.execute("SHOW data_directory")
        with open(os.path.join(env.cr.fetchone()[0], "server.log")) as log:
            print(log.read()[-20000:])
    print(
        f"snapshot of {close}: {snapshot.candidate_count} accounts read, {snapshot.account_count} in arrears, "
        f"overdue {snapshot.total_overdue:,.2f}, {snapshot_seconds:.1f} s, peak {peak_mib():.0f} MiB",
        flush=True,
    )
    # what the aging list does when it opens: the page of lines, the count and the totals of every line
    env.invalidate_all()
    Line = env["water.arrears.line"]
    started = time.perf_counter()
    view = env.ref("water_collections.water_arrears_line_view_list")
    names = [node for node in Line.get_views([(view.id, "list")])["models"]["water.arrears.line"]["fields"]]
    domain = [("snapshot_id", "=", snapshot.id)]
    page = Line.web_search_read(domain, {name: {} for name in names}, limit=80, count_limit=10001)
    totals = Line.read_group(
        domain,
        [f"{f}:sum" for f in ("water", "drainage", "sanitation", "surcharges", "other", "credit", "overdue")],
        [],
    )
    by_bucket = Line.read_group(domain, ["overdue:sum"], ["months_bucket"])
    list_seconds = time.perf_counter() - started
    print(
        f"aging list: {page['length']} lines (page of {len(page['records'])}), total overdue "
        f"{totals[0]['overdue']:,.2f}, {len(by_bucket)} month buckets, {list_seconds:.2f} s",
        flush=True,
    )
    print(
        f"arrears: {N} accounts, {PERIODS} periods, list {list_seconds:.2f} s, snapshot {snapshot_seconds:.1f} s, "
        f"peak memory {peak_mib():.0f} MiB",
        flush=True,
    )


# run by odoo shell (which defines env); bench_reports imports the builders
if "env" in globals():
    main(env)  # noqa: F821 - odoo shell's env
