#!/usr/bin/env bash
# make i18n ADDON=water_registry: export the addon's .pot from a scratch database and
# merge it into i18n/es_MX.po; lists the msgids still to translate.
source "$(dirname "$0")/common.sh"
ADDON="${ADDON:?give ADDON=name}"
PG_PORT="${WATER_I18N_PG_PORT:-55435}"
check_odoo
install_deps
apt_install_missing gettext
WORK="$(mktemp -d /tmp/water-i18n.XXXXXX)"
chmod 755 "$WORK"
cleanup() { pg_stop "$WORK/pg"; rm -rf "$WORK"; }
trap cleanup EXIT
pg_start "$WORK/pg" "$PG_PORT" "-c fsync=off"
ARGS=(-c "$PROJECT_DIR/config/odoo-dev.conf" --addons-path "$ADDONS_PATH" --db_host "$WORK/pg" --db_port "$PG_PORT"
      --db_user odoo -d i18n --data-dir "$WORK/data" --log-level=warn --stop-after-init)
odoo_cmd "${ARGS[@]}" -i "$ADDON" --without-demo=all
odoo_cmd "${ARGS[@]}" --i18n-export="$WORK/$ADDON.pot" --modules="$ADDON"
I18N="$PROJECT_DIR/addons/$ADDON/i18n"
mkdir -p "$I18N"
cp "$WORK/$ADDON.pot" "$I18N/$ADDON.pot"
[ -f "$I18N/es_MX.po" ] || msginit --no-translator -l es_MX -i "$I18N/$ADDON.pot" -o "$I18N/es_MX.po"
msgmerge -q --no-fuzzy-matching -U --backup=none "$I18N/es_MX.po" "$I18N/$ADDON.pot"
msgattrib --no-obsolete -o "$I18N/es_MX.po" "$I18N/es_MX.po"
"$PYTHON" - "$I18N/es_MX.po" <<'PY'
import sys

import polib

todo = polib.pofile(sys.argv[1]).untranslated_entries()
print(f"{len(todo)} msgids to translate" if todo else "es_MX complete")
for entry in todo:
    print(f"  {entry.msgid}")
PY
