#!/usr/bin/env bash
# make run: the demo utility served by Odoo on a private PostgreSQL.
source "$(dirname "$0")/common.sh"

DB="${WATER_DB:-water_demo}"
PG_PORT="${WATER_PG_PORT:-55432}"
HTTP_PORT="${WATER_HTTP_PORT:-8069}"
PG_DATA="$RUN_DIR/pgdata"

check_odoo
install_deps
pg_start "$PG_DATA" "$PG_PORT"

ODOO_ARGS=(-c "$PROJECT_DIR/config/odoo-dev.conf" --addons-path "$ADDONS_PATH"
           --db_host "$PG_DATA" --db_port "$PG_PORT" --db_user odoo -d "$DB" --data-dir "$RUN_DIR/data")

code_hash() {
    (cd "$PROJECT_DIR" && find addons -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
        | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
}

stamp="$RUN_DIR/$DB.code.sha1"
# the filestore lives in .run/data (it used to be Odoo's default folder): bring an older one along
old_filestore="$HOME/.local/share/Odoo/filestore/$DB"
if [ -d "$old_filestore" ] && [ ! -d "$RUN_DIR/data/filestore/$DB" ] && [ -f "$stamp" ]; then
    mkdir -p "$RUN_DIR/data/filestore" && cp -a "$old_filestore" "$RUN_DIR/data/filestore/"
fi
if ! pg_as "$PG_BIN/psql" -h "$PG_DATA" -p "$PG_PORT" -U postgres -lqtA | cut -d'|' -f1 | grep -qx "$DB"; then
    log "Creating the demo database '$DB' (all four addons, demo utility, Spanish): a few minutes the first time"
    "$PYTHON" "$PROJECT_DIR/scripts/create_db.py" "${ODOO_ARGS[@]}" --log-level=warn
    odoo_cmd "${ODOO_ARGS[@]}" -i "$WATER_ADDONS,$WATER_EXTRA_MODULES" --stop-after-init --log-level=warn
    code_hash > "$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$(code_hash)" ]; then
    log "The addons changed: upgrading '$DB'"
    odoo_cmd "${ODOO_ARGS[@]}" -u "$WATER_ADDONS" -i "$WATER_EXTRA_MODULES" --stop-after-init --log-level=warn
    code_hash > "$stamp"
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT") 2>/dev/null; then
    echo "Port $HTTP_PORT is already in use: is the demo already running? Open http://localhost:$HTTP_PORT" >&2
    exit 1
fi

cat <<MSG

  Demo utility: http://localhost:$HTTP_PORT   (database '$DB')
  Logins (user / password):
    admin    / admin     administrator
    gerente  / gerente   commercial manager (gerente comercial)
    padron   / padron    registry clerk (capturista del padrón)
    consulta / consulta  read-only staff (consulta)
    supervisor / supervisor  reading supervisor (supervisor de lecturas)
    lecturista / lecturista  meter reader (lecturista: "Mis rutas", works on a phone)
    facturacion / facturacion  billing clerk (encargado de facturación)
    cajero   / cajero    cashier (cajero: his or her own session and receipts)
    cobranza / cobranza  collections officer (payment files, surcharges, forgiveness)
    contador / contador  accountant (collection and discount entries)
  The first time, the demo's payment history is made by queue jobs during the
  first minutes after the start (Ajustes > Técnico > Queue Jobs).
  Stop with Ctrl+C; the database stays in .run/ for the next start.

MSG
# queue_job's runner starts with the server and runs the bill run's jobs
exec "$PYTHON" -c 'import sys, odoo.cli; sys.argv[0] = "odoo"; odoo.cli.main()' \
    "${ODOO_ARGS[@]}" --http-port "$HTTP_PORT" --load base,web,queue_job
