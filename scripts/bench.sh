#!/usr/bin/env bash
# make bench-import / make demo-big / make bench-readings: benchmarks on a throwaway
# PostgreSQL and a fresh database with water_registry only (water_billing too for
# readings), without demo data.
#   bash scripts/bench.sh import     ROWS=10000 padrón rows from CSV (BASELINE_ROWS=1000)
#   bash scripts/bench.sh generate   N=100000 contracts with the demo generator
#   bash scripts/bench.sh readings   N=100000 contracts, one period: lots, capture, validation
#   bash scripts/bench.sh bills      N=20000 contracts billed by the bill run, BASELINE=1000 by plain Odoo
#   bash scripts/bench.sh cash       N=2000 receipts in one cashier session: posting and closing
#   bash scripts/bench.sh arrears    N=100000 accounts, 24 periods of bills and payments: the aging list and a month's snapshot
#   bash scripts/bench.sh reports    N=100000 accounts, 24 periods: the dashboard's figures and a month's income XLSX
#   bash scripts/bench.sh anomaly    N=100000 accounts, 24 periods of readings with planted cases: loss scoring
#   bash scripts/bench.sh simulation N=100000 accounts, PERIODS=12 of posted bills re-priced by the tariff simulator
source "$(dirname "$0")/common.sh"

MODE="${1:-}"
MODULE=water_registry
case "$MODE" in
    import) SCRIPT="$PROJECT_DIR/tests/bench/bench_import.py" ;;
    generate) SCRIPT="$PROJECT_DIR/tests/bench/bench_generate.py" ;;
    readings) SCRIPT="$PROJECT_DIR/tests/bench/bench_readings.py"; MODULE=water_billing ;;
    bills) SCRIPT="$PROJECT_DIR/tests/bench/bench_bill_run.py"; MODULE=water_billing ;;
    cash) SCRIPT="$PROJECT_DIR/tests/bench/bench_cash_close.py"; MODULE=water_collections; N="${N:-2000}" ;;
    arrears) SCRIPT="$PROJECT_DIR/tests/bench/bench_arrears.py"; MODULE=water_collections ;;
    reports) SCRIPT="$PROJECT_DIR/tests/bench/bench_reports.py"; MODULE=water_reports ;;
    anomaly) SCRIPT="$PROJECT_DIR/tests/bench/bench_anomaly.py"; MODULE=water_reports ;;
    simulation) SCRIPT="$PROJECT_DIR/tests/bench/bench_simulation.py"; MODULE=water_billing ;;
    *) echo "usage: bash scripts/bench.sh import|generate|readings|bills|cash|arrears|reports|anomaly|simulation" >&2; exit 2 ;;
esac
export ROWS="${ROWS:-10000}" BASELINE_ROWS="${BASELINE_ROWS:-1000}" N="${N:-100000}"

PG_PORT="${WATER_BENCH_PG_PORT:-55434}"
DB="water_bench"

check_odoo
install_deps

# WATER_BENCH_KEEP=DIR keeps the database in DIR (stopped) to study it afterwards
if [ -n "${WATER_BENCH_KEEP:-}" ]; then
    WORK="$WATER_BENCH_KEEP"; mkdir -p "$WORK"
    cleanup() { pg_stop "$PG_DATA"; }
else
    WORK="$(mktemp -d /tmp/water-bench.XXXXXX)"
    cleanup() { pg_stop "$PG_DATA"; rm -rf "$WORK"; }
fi
chmod 755 "$WORK"
PG_DATA="$WORK/pg"
trap cleanup EXIT

pg_start "$PG_DATA" "$PG_PORT" "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
ODOO_ARGS=(-c "$PROJECT_DIR/config/odoo-dev.conf" --addons-path "$ADDONS_PATH"
           --db_host "$PG_DATA" --db_port "$PG_PORT" --db_user odoo -d "$DB" --data-dir "$WORK/data" --log-level=warn)

log "Creating database '$DB' with $MODULE (Mexican company and chart), without demo data"
"$PYTHON" "$PROJECT_DIR/scripts/create_db.py" "${ODOO_ARGS[@]}" --without-demo=all
odoo_cmd "${ODOO_ARGS[@]}" -i "$MODULE" --without-demo=all --stop-after-init

log "Running $(basename "$SCRIPT")"
PYTHONPATH="$PROJECT_DIR/tests/bench${PYTHONPATH:+:$PYTHONPATH}" odoo_cmd shell "${ODOO_ARGS[@]}" --no-http < "$SCRIPT"
