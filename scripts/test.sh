#!/usr/bin/env bash
# make test: plain-Python unit tests, then every addon's Odoo tests (tours included)
# on a throwaway PostgreSQL. Ends with the line "N passed, N failed".
source "$(dirname "$0")/common.sh"

PG_PORT="${WATER_TEST_PG_PORT:-55433}"
HTTP_PORT="${WATER_TEST_HTTP_PORT:-18069}"
DB="water_test"

check_odoo
install_deps

WORK="$(mktemp -d /tmp/water-test.XXXXXX)"
chmod 755 "$WORK"
PG_DATA="$WORK/pg"
cleanup() { pg_stop "$PG_DATA"; rm -rf "$WORK"; }
trap cleanup EXIT

log "Plain-Python unit tests (pytest)"
set +e
(cd "$PROJECT_DIR" && "$PYTHON" -m pytest -q -p no:cacheprovider tests/unit) | tee "$WORK/pytest.log"
set -e

log "Odoo tests of $WATER_ADDONS (throwaway PostgreSQL, headless Chromium)"
pg_start "$PG_DATA" "$PG_PORT" "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
DB_ARGS=(-c "$PROJECT_DIR/config/odoo-dev.conf" --addons-path "$ADDONS_PATH"
         --db_host "$PG_DATA" --db_port "$PG_PORT" --db_user odoo -d "$DB" --data-dir "$WORK/data")
"$PYTHON" "$PROJECT_DIR/scripts/create_db.py" "${DB_ARGS[@]}" --log-level=warn
set +e
odoo_cmd "${DB_ARGS[@]}" \
    -i "$WATER_ADDONS,$WATER_EXTRA_MODULES" \
    --test-enable --test-tags "${WATER_TEST_TAGS:-/water_registry,/water_billing,/water_collections,/water_reports}" \
    --http-port "$HTTP_PORT" --stop-after-init --log-level=test --logfile= 2>&1 | tee "$WORK/odoo.log"
odoo_rc=${PIPESTATUS[0]}
set -e

"$PYTHON" "$PROJECT_DIR/scripts/test_summary.py" --pytest "$WORK/pytest.log" --odoo "$WORK/odoo.log" --odoo-rc "$odoo_rc"
