#!/usr/bin/env bash
# Shared helpers for the project's scripts: Odoo check, dependencies, private PostgreSQL.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$PROJECT_DIR/.run"
PYTHON="${PYTHON:-python3}"
WATER_ADDONS="water_registry,water_billing,water_collections,water_reports"
# installed with the addons: Odoo's demo payment provider, for online payments in tests and the demo
WATER_EXTRA_MODULES="payment_demo"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

check_odoo() {
    if ! "$PYTHON" -c 'import odoo, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)' 2>/dev/null; then
        echo "Odoo 18 is not importable by $PYTHON. Get the Odoo 18.0 Community source and install it (outside this project):" >&2
        echo "  pip install -r <odoo>/requirements.txt && pip install -e <odoo>   (see README, 'Installing Odoo 18')" >&2
        exit 2
    fi
    ODOO_ROOT="$("$PYTHON" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))')"
    ADDONS_PATH="$PROJECT_DIR/addons"
    for extra in "$ODOO_ROOT/odoo/addons" "$ODOO_ROOT/addons"; do
        [ -d "$extra" ] && ADDONS_PATH="$ADDONS_PATH,$extra"
    done
    export ODOO_ROOT ADDONS_PATH
}

# Odoo's own launcher (what odoo-bin does), independent of where odoo-bin lives.
odoo_cmd() {
    "$PYTHON" -c 'import sys, odoo.cli; sys.argv[0] = "odoo"; odoo.cli.main()' "$@"
}

apt_install_missing() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_deps() {
    apt_install_missing postgresql wkhtmltopdf chromium fonts-dejavu-core fonts-liberation poppler-utils
    mkdir -p "$RUN_DIR"
    local stamp="$RUN_DIR/requirements.sha1" want
    want="$(cat "$PROJECT_DIR/requirements.txt" | sha1sum | cut -d' ' -f1)-$("$PYTHON" -c 'import sys; print(sys.prefix)' | sha1sum | cut -c1-8)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "Installing Python requirements"
        "$PYTHON" -m pip install -q -r "$PROJECT_DIR/requirements.txt"
        echo "$want" > "$stamp"
    fi
}

# PostgreSQL must not run as root: use the 'postgres' system user when we are root.
pg_as() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DATADIR PORT [SERVER_OPTIONS]: initialise (first time) and start a private
# cluster that listens only on a socket inside DATADIR.
pg_start() {
    local data="$1" port="$2" extra="${3:-}"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "Creating private PostgreSQL cluster in $data"
        mkdir -p "$data"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
        chmod 700 "$data"
        pg_as "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! pg_as "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        pg_as "$PG_BIN/pg_ctl" -D "$data" -w -l "$data/server.log" \
            -o "-p $port -k $data -c listen_addresses='' -c shared_buffers=256MB -c jit=off $extra" start >/dev/null
    fi
    # Odoo refuses to connect as 'postgres': give it a role of its own.
    pg_as "$PG_BIN/psql" -h "$data" -p "$port" -U postgres -d postgres -tAq \
        -c "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'odoo') THEN CREATE ROLE odoo SUPERUSER LOGIN; END IF; END\$\$;" >/dev/null
}

pg_stop() {
    local data="$1"
    pg_as "$PG_BIN/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
}
