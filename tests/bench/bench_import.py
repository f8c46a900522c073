"""Padrón import benchmark; `make bench-import` feeds it to `odoo shell` (which gives `env`).

Environment: ROWS (default 10000) rows to import, BASELINE_ROWS (default 1000) rows
for the baseline of one `create` per record. Ends with one summary line.
"""

import base64
import csv
import io
import os
import resource
import time
from datetime import date

from odoo.addons.water_registry.utils import demo_data
from odoo.addons.water_registry.utils.padron import map_headers, plain, validate_rows

# canonical column -> the Spanish header of a clerk's spreadsheet
SPANISH_HEADERS = {
    "account_number": "Cuenta",
    "holder_name": "Titular",
    "holder_vat": "RFC",
    "holder_phone": "Teléfono",
    "holder_email": "Correo",
    "cadastral_key": "Clave catastral",
    "street": "Calle",
    "street_number": "Número",
    "colonia": "Colonia",
    "zip": "CP",
    "sector": "Sector",
    "route": "Ruta",
    "route_position": "Orden",
    "service_class": "Clase",
    "services": "Servicios",
    "meter_serial": "Medidor",
    "meter_brand": "Marca",
    "meter_diameter": "Diámetro",
    "meter_digits": "Dígitos",
    "initial_reading": "Lectura inicial",
    "unmetered_billing": "Sin medidor",
    "assumed_volume": "Volumen asumido",
}
SEED = 2026
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(env, action):
    """Run action, flush, and return (result, seconds, queries)."""
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = action()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def ensure_sectors_and_routes(env, n_rows):
    sector_model, route_model = env["water.sector"], env["water.route"]
    sectors = {s.code: s for s in sector_model.search([])}
    for code, name, _colonias in demo_data.SECTORS:
        if code not in sectors:
            sectors[code] = sector_model.create({"code": code, "name": name})
    existing = {(r.sector_id.code, r.code) for r in route_model.search([])}
    route_model.create(
        [
            {"sector_id": sectors[sector].id, "code": code, "name": name}
            for sector, code, name in demo_data.routes(n_rows)
            if (sector, code) not in existing
        ]
    )


def padron_csv(n_rows):
    """The CSV file a clerk would upload, with Spanish headers, built in memory."""
    columns = list(SPANISH_HEADERS)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SPANISH_HEADERS[c] for c in columns)
    for row in demo_data.padron_rows(n_rows, SEED):
        writer.writerow(row[c] for c in columns)
    mapping, missing, unknown = map_headers(SPANISH_HEADERS.values())
    assert len(mapping) == len(columns) and not missing and not unknown, (missing, unknown)
    return buffer.getvalue().encode()


def baseline_rows(env, n_rows):
    """Rows of another seed with prefixed accounts, serials and keys: no clash with the import."""
    rows = []
    for row in demo_data.padron_rows(n_rows, SEED + 1):
        row["account_number"] = "B" + row["account_number"]
        row["cadastral_key"] = "B-" + row["cadastral_key"]
        if row["meter_serial"]:
            row["meter_serial"] = "B" + row["meter_serial"]
        rows.append(row)
    importer = env["water.padron.import"]
    clean, errors = validate_rows(rows, importer._known(rows))
    assert not errors, errors[:3]
    return clean


def create_one_by_one(env, rows, activation_date):
    """The plain way: one create call per record, same values as the import."""
    env = env(context=dict(env.context, **QUIET))
    importer = env["water.padron.import"]
    sectors, routes, classes = importer._sector_ids(), importer._route_ids(), importer._class_ids()
    brands = importer._brand_ids({r["meter_brand"] for r in rows if r["meter_serial"]})
    mexico = env.ref("base.mx", raise_if_not_found=False)
    for r in rows:
        partner = env["res.partner"].create(
            {
                "name": r["holder_name"],
                "vat": r["holder_vat"] or False,
                "phone": r["holder_phone"] or False,
                "email": r["holder_email"] or False,
                "street": " ".join(p for p in (r["street"], r["street_number"]) if p),
                "street2": r["colonia"] or False,
                "zip": r["zip"] or False,
                "city": env.company.city or False,
                "state_id": env.company.state_id.id or False,
                "country_id": mexico.id if mexico else False,
            }
        )
        meter = env["water.meter"]
        if r["meter_serial"]:
            meter = env["water.meter"].create(
                {
                    "serial": r["meter_serial"],
                    "brand_id": brands[r["meter_brand_key"]],
                    "diameter": r["meter_diameter"] or "half",
                    "digits": r["meter_digits"] or 5,
                    "initial_reading": r["initial_reading"] or 0.0,
                    "state": "working",
                }
            )
        point = env["water.service.point"].create(
            {
                "cadastral_key": r["cadastral_key"] or False,
                "street": r["street"],
                "street_number": r["street_number"],
                "colonia": r["colonia"],
                "zip": r["zip"],
                "sector_id": sectors[r["sector"]],
                "route_id": routes[(r["sector"], r["route"])],
                "route_sequence": r["route_position"] or 0,
                "meter_id": meter.id,
            }
        )
        if meter:
            env["water.meter.install"].create(
                {
                    "meter_id": meter.id,
                    "service_point_id": point.id,
                    "install_date": activation_date,
                    "install_reading": r["initial_reading"] or 0.0,
                }
            )
        env["water.contract"].create(
            {
                "number": r["account_number"],
                "partner_id": partner.id,
                "service_point_id": point.id,
                "service_class_id": classes.get(r["service_class"].upper()) or classes[plain(r["service_class"])],
                "service_water": "water" in r["services"],
                "service_drainage": "drainage" in r["services"],
                "service_sanitation": "sanitation" in r["services"],
                "own_well": "water" not in r["services"],
                "unmetered_billing": (r["unmetered_billing"] or False) if not r["meter_serial"] else False,
                "assumed_volume": r["assumed_volume"] or 0.0,
                "state": "active",
                "date_contract": activation_date,
                "date_activated": activation_date,
            }
        )


def main(env):
    n_rows = int(os.environ.get("ROWS", "10000"))
    n_baseline = min(int(os.environ.get("BASELINE_ROWS", "1000")), n_rows)
    contract_model = env["water.contract"]
    before = contract_model.search_count([])

    ensure_sectors_and_routes(env, n_rows)
    env.cr.commit()
    content = padron_csv(n_rows)
    print(f"CSV: {n_rows} rows, {len(content) / 2**20:.1f} MiB, Spanish headers")

    wizard = env["water.padron.import"].create(
        {
            "file_data": base64.b64encode(content),
            "file_name": "padron.csv",
        }
    )
    _result, check_s, check_q = timed(env, wizard.action_check)
    assert wizard.state == "checked" and wizard.error_count == 0, wizard.summary
    assert wizard.valid_count == n_rows, (wizard.valid_count, n_rows)
    check_rate = n_rows / check_s
    print(f"dry run (action_check): {check_s:.2f} s, {check_rate:.0f} rows/s, {check_q} queries")

    _result, import_s, import_q = timed(env, wizard.action_import)
    created = contract_model.search_count([]) - before
    assert wizard.state == "done" and wizard.created_count == n_rows, wizard.summary
    assert created == n_rows, (created, n_rows)
    env.cr.commit()
    import_rate = n_rows / import_s
    print(
        f"import (action_import): {import_s:.2f} s, {import_rate:.0f} rows/s, "
        f"{import_q} queries ({import_q / n_rows:.2f} a row), {created} contracts created"
    )

    # baseline: same records, one create per record, rolled back afterwards
    rows = baseline_rows(env, n_baseline)
    _result, base_s, base_q = timed(env, lambda: create_one_by_one(env, rows, date.today()))
    env.cr.rollback()
    env.invalidate_all()
    base_rate = n_baseline / base_s
    ratio = import_rate / base_rate
    print(
        f"baseline (one create per record, {n_baseline} rows, rolled back): {base_s:.2f} s, "
        f"{base_rate:.0f} rows/s, {base_q} queries ({base_q / n_baseline:.2f} a row)"
    )
    print(f"import vs baseline: {ratio:.1f} x faster; dry run vs import: {check_rate / import_rate:.1f} x")
    print(
        f"padron import: {n_rows} rows, {import_rate:.0f} rows/s (check {check_rate:.0f} rows/s), "
        f"baseline {base_rate:.0f} rows/s, ratio {ratio:.1f} x, peak memory {peak_mib():.0f} MiB"
    )


main(env)  # noqa: F821 - `env` is given by `odoo shell`
