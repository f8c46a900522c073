"""Validation of padrón rows (customer registry import), independent of Odoo.

A row is a dict keyed by the canonical column names of ``COLUMNS``. ``validate_rows``
checks every row against what the database already holds (``Known``) and against
the other rows of the same file, and returns every problem in Spanish with the
row number a clerk sees in the spreadsheet (header is row 1).
"""

import re
from dataclasses import dataclass, field

from .account_number import normalize_account_number
from .tables import NumberError, cell_text, parse_number, plain
from .tables import map_headers as map_table_headers

# canonical name -> accepted header spellings (lower case, accents removed)
COLUMNS = {
    "account_number": ("account_number", "cuenta", "numero de cuenta", "contrato", "folio"),
    "holder_name": ("holder_name", "titular", "nombre", "nombre del titular"),
    "holder_vat": ("holder_vat", "rfc"),
    "holder_phone": ("holder_phone", "telefono"),
    "holder_email": ("holder_email", "correo", "email"),
    "cadastral_key": ("cadastral_key", "clave catastral", "catastral"),
    "street": ("street", "calle"),
    "street_number": ("street_number", "numero", "num", "no. exterior", "numero exterior"),
    "colonia": ("colonia", "neighbourhood"),
    "zip": ("zip", "cp", "codigo postal"),
    "sector": ("sector", "sector_code"),
    "route": ("route", "ruta", "route_code"),
    "route_position": ("route_position", "orden", "posicion", "secuencia"),
    "service_class": ("service_class", "clase", "uso", "tarifa"),
    "services": ("services", "servicios"),
    "meter_serial": ("meter_serial", "medidor", "serie", "numero de medidor"),
    "meter_brand": ("meter_brand", "marca", "marca medidor"),
    "meter_diameter": ("meter_diameter", "diametro"),
    "meter_digits": ("meter_digits", "digitos", "caratula"),
    "initial_reading": ("initial_reading", "lectura inicial", "lectura"),
    "unmetered_billing": ("unmetered_billing", "sin medidor", "cobro sin medidor"),
    "assumed_volume": ("assumed_volume", "volumen asumido", "volumen"),
}
REQUIRED_COLUMNS = ("account_number", "holder_name", "street", "sector", "route", "service_class")

SERIAL_RE = re.compile(r"^[A-Z0-9][A-Z0-9\-/]{2,19}$")
ACCOUNT_RE = re.compile(r"^[A-Z0-9\-]{1,20}$")
SERVICE_WORDS = {
    "agua": "water",
    "water": "water",
    "a": "water",
    "drenaje": "drainage",
    "alcantarillado": "drainage",
    "drainage": "drainage",
    "d": "drainage",
    "saneamiento": "sanitation",
    "sanitation": "sanitation",
    "s": "sanitation",
}
UNMETERED_WORDS = {
    "": "",
    "cuota fija": "fixed_quota",
    "fixed_quota": "fixed_quota",
    "fija": "fixed_quota",
    "volumen": "assumed_volume",
    "volumen asumido": "assumed_volume",
    "assumed_volume": "assumed_volume",
}
# meter diameter selection key -> label; the import accepts either
DIAMETERS = {
    "half": '1/2"',
    "three_quarter": '3/4"',
    "one": '1"',
    "one_half": '1 1/2"',
    "two": '2"',
    "three": '3"',
    "four": '4"',
}
_DIAMETER_LOOKUP = {**{k: k for k in DIAMETERS}, **{v.rstrip('"'): k for k, v in DIAMETERS.items()}}
# numeric columns: name -> whole numbers only
NUMBER_COLUMNS = {"route_position": True, "meter_digits": True, "initial_reading": False, "assumed_volume": False}


def normalize_serial(serial):
    return "".join(str(serial or "").split()).upper()


def is_valid_serial(serial):
    return bool(SERIAL_RE.match(normalize_serial(serial)))


def map_headers(headers):
    """Return ({index: canonical}, [missing required columns], [unknown headers])."""
    return map_table_headers(headers, COLUMNS, REQUIRED_COLUMNS)


def parse_services(text):
    """'agua, drenaje' -> {'water', 'drainage'}; raises ValueError on an unknown word."""
    words = [w for w in re.split(r"[,;/+ ]+", plain(text)) if w]
    if not words:
        return {"water", "drainage", "sanitation"}
    unknown = [w for w in words if w not in SERVICE_WORDS]
    if unknown:
        raise ValueError(", ".join(unknown))
    return {SERVICE_WORDS[w] for w in words}


def parse_diameter(text):
    """'1/2"', '1/2', 'half' -> 'half'; '' -> ''; unknown -> None."""
    key = plain(text).replace("'", "").replace('"', "").replace("pulgadas", "").replace("pulg", "").strip()
    if not key:
        return ""
    return _DIAMETER_LOOKUP.get(key)


@dataclass
class Known:
    """What the database already holds, fetched in a few batched queries."""

    accounts: set = field(default_factory=set)  # account numbers
    meters: set = field(default_factory=set)  # (plain brand, serial)
    sectors: set = field(default_factory=set)  # sector codes (upper)
    routes: set = field(default_factory=set)  # (sector code, route code) upper
    classes: set = field(default_factory=set)  # service class codes (upper) and plain names
    cadastral_keys: set = field(default_factory=set)


def _unique(value, known_values, seen, row_no, codes, params):
    """Problem when value is already in the database or earlier in the file; else remember it."""
    if value in known_values:
        return (codes[0], params)
    if value in seen:
        return (codes[1], {**params, "row": seen[value]})
    seen[value] = row_no
    return None


def _check_identity(value, known, seen, row_no):
    problems = []
    account = normalize_account_number(value["account_number"])
    if not account:
        problems.append(("account_missing", {}))
    elif not ACCOUNT_RE.match(account):
        problems.append(("account_invalid", {"account": account}))
    else:
        problems.append(
            _unique(
                account,
                known.accounts,
                seen["accounts"],
                row_no,
                ("account_exists", "account_repeated"),
                {"account": account},
            )
        )
    if not value["holder_name"]:
        problems.append(("holder_missing", {}))
    if not value["street"]:
        problems.append(("street_missing", {}))
    key = value["cadastral_key"].upper()
    if key:
        problems.append(
            _unique(key, known.cadastral_keys, seen["keys"], row_no, ("key_exists", "key_repeated"), {"key": key})
        )
    return problems, {"account_number": account, "cadastral_key": key}


def _check_location(value, known):
    problems = []
    sector, route = value["sector"].upper(), value["route"].upper()
    if not sector:
        problems.append(("sector_missing", {}))
    elif sector not in known.sectors:
        problems.append(("sector_unknown", {"sector": sector}))
    elif not route:
        problems.append(("route_missing", {}))
    elif (sector, route) not in known.routes:
        problems.append(("route_unknown", {"route": route, "sector": sector}))
    service_class = value["service_class"]
    if not service_class:
        problems.append(("class_missing", {}))
    elif service_class.upper() not in known.classes and plain(service_class) not in known.classes:
        problems.append(("class_unknown", {"service_class": service_class}))
    try:
        services = parse_services(value["services"])
    except ValueError as exc:
        services = set()
        problems.append(("service_unknown", {"services": str(exc)}))
    return problems, {"sector": sector, "route": route, "services": services}


def _check_numbers(row):
    """The numeric columns read by ``parse_number`` from the cells as they came (text or numbers)."""
    problems, numbers = [], {}
    for column, integer in NUMBER_COLUMNS.items():
        try:
            number = parse_number(row.get(column), integer=integer)
        except NumberError as exc:
            problems.append(
                ("not_a_number", {"column": column, "value": cell_text(row.get(column)), "reason": exc.reason})
            )
            number = None
        numbers[column] = None if number is None else int(number) if integer else float(number)
    if numbers["initial_reading"] is not None and numbers["initial_reading"] < 0:
        problems.append(("reading_negative", {}))
    if numbers["assumed_volume"] is not None and numbers["assumed_volume"] < 0:
        problems.append(("volume_negative", {}))
    if numbers["meter_digits"] is not None and not 3 <= numbers["meter_digits"] <= 10:
        problems.append(("digits_range", {}))
    return problems, numbers


def _check_meter(value, known, seen, row_no, assumed_volume):
    problems = []
    serial = normalize_serial(value["meter_serial"])
    brand = plain(value["meter_brand"])
    if serial and not SERIAL_RE.match(serial):
        problems.append(("serial_invalid", {"serial": value["meter_serial"]}))
    elif serial and not brand:
        problems.append(("brand_missing", {"serial": serial}))
    elif serial:
        problems.append(
            _unique(
                (brand, serial),
                known.meters,
                seen["meters"],
                row_no,
                ("meter_exists", "meter_repeated"),
                {"serial": serial, "brand": value["meter_brand"]},
            )
        )
    diameter = parse_diameter(value["meter_diameter"])
    if diameter is None:
        problems.append(("diameter_unknown", {"diameter": value["meter_diameter"]}))
    unmetered = UNMETERED_WORDS.get(plain(value["unmetered_billing"]))
    if unmetered is None:
        problems.append(("unmetered_unknown", {"value": value["unmetered_billing"]}))
    elif unmetered == "assumed_volume" and not serial and not assumed_volume:
        problems.append(("assumed_volume_missing", {}))
    return problems, {
        "meter_serial": serial,
        "meter_brand_key": brand,
        "meter_diameter": diameter,
        "unmetered_billing": unmetered or ("" if serial else "fixed_quota"),
    }


def validate_rows(rows, known):
    """Check every row; return (clean rows, errors) where errors are (row_no, code, params).

    Clean rows carry normalised values: upper-case codes and serials, a set of
    services, numbers as numbers. Rows are numbered as in the spreadsheet (first
    data row is 2); blank lines are skipped.
    """
    errors, clean = [], []
    seen = {"accounts": {}, "meters": {}, "keys": {}}
    for offset, row in enumerate(rows):
        row_no = offset + 2
        value = {k: cell_text(row.get(k)) for k in COLUMNS}
        if not any(value.values()):
            continue
        problems, normalised = _check_identity(value, known, seen, row_no)
        location_problems, location = _check_location(value, known)
        number_problems, numbers = _check_numbers(row)
        meter_problems, meter = _check_meter(value, known, seen, row_no, numbers["assumed_volume"])
        problems = [p for p in problems + location_problems + number_problems + meter_problems if p]
        if problems:
            errors.extend((row_no, code, params) for code, params in problems)
            continue
        value.update(numbers, **normalised, **location, **meter, row_no=row_no)
        clean.append(value)
    return clean, errors
