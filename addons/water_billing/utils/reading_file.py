"""Validation of a handheld reading file (CSV or XLSX export), independent of Odoo.

The wizard reads the table (``water_registry``'s ``read_table``) and passes its
headers and rows here. ``validate_reading_rows`` maps the columns (Spanish or
English, accents and case ignored), checks every row against the lot being
imported (``LotKnown``) and against the other rows of the file, and returns the
clean rows and every problem as ``(row_no, code, params)``; the wizard turns the
code into a translated message. Rows are numbered as in the spreadsheet: the
header is row 1, so problems with the columns themselves are reported on row 1.

What is a *file* error and what is not
--------------------------------------
A file error stops the whole import: the row cannot be put on a reading of the
lot (no account, an account of another route, the same account twice, an
observation code the utility does not have, nothing captured, a date that is not
a date).

A reading that is not a number (``12O4``, ``?``, ``-5``, or ``12,3456`` which
``parse_number`` of ``water_registry`` refuses to guess) is *not* a file error.
It is captured exactly as the handheld sent it, like a reader typing it in the
office, and the validation of the lot reads it with the same ``parse_number``
(``12,5`` is 12.5, ``1,250`` is 1250) and flags what it cannot read (anomaly
"not a number", "negative"...) so that the supervisor decides what is billed: a
reading is never billed silently, and it is never silently dropped or
"corrected" by the import either.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from odoo.addons.water_registry.utils.account_number import normalize_account_number
from odoo.addons.water_registry.utils.tables import cell_text, data_rows, map_headers

# canonical name -> accepted header spellings (lower case, accents removed, "_" as space)
COLUMNS = {
    "account": ("account", "account number", "cuenta", "numero de cuenta", "no cuenta", "no. cuenta", "contrato"),
    "reading": ("reading", "current reading", "lectura", "lectura actual"),
    "observation": (
        "observation",
        "observation code",
        "observacion",
        "clave",
        "clave de observacion",
        "clave observacion",
        "incidencia",
    ),
    "date": ("date", "reading date", "capture date", "fecha", "fecha de lectura", "fecha lectura", "fecha captura"),
    "note": ("note", "notes", "reader note", "nota", "notas", "comentario", "comentarios"),
}
REQUIRED_COLUMNS = ("account",)
# at least one of these must be in the file, or there is nothing to capture
CAPTURE_COLUMNS = ("reading", "observation")

DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
)
# a date without a time is taken at noon: no time-zone shift moves it to another day
DATE_ONLY_TIME = time(12, 0)


@dataclass
class LotKnown:
    """What the lot and the database hold, fetched by the wizard in a few queries."""

    accounts: set = field(default_factory=set)  # account numbers of the lot's readings (upper case)
    observations: set = field(default_factory=set)  # active observation codes, as stored ("00", "01"...)


def map_reading_headers(headers):
    """Return ({index: canonical}, [missing required columns], [unknown headers]).

    The first column wins when two headers mean the same thing; unknown columns
    (name, address, previous reading...) are ignored, handhelds export plenty.
    """
    return map_headers(headers, COLUMNS, REQUIRED_COLUMNS)


def observation_lookup(codes):
    """Code as written in the file -> stored code.

    Codes are matched case-insensitively, and a spreadsheet that turned "01"
    into the number 1 still finds "01" (when only one code has that value).
    """
    lookup = {str(code).strip().upper(): code for code in codes}
    by_number = {}
    for code in codes:
        text = str(code).strip()
        if text.isdigit():
            by_number.setdefault(str(int(text)), []).append(code)
    for number, matches in by_number.items():
        if len(matches) == 1:
            lookup.setdefault(number, matches[0])
    return lookup


def parse_capture_date(value):
    """A cell -> naive datetime (the handheld's local time); None when empty; ValueError when not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, DATE_ONLY_TIME)
    text = " ".join(str(value).split())
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%H" not in fmt:
            parsed = datetime.combine(parsed.date(), DATE_ONLY_TIME)
        return parsed
    raise ValueError(text)


def validate_reading_rows(headers, rows, known):
    """Check every row of a handheld file; return (clean rows, errors).

    ``headers`` is the first line of the table, ``rows`` the data lines (lists of
    cells), ``known`` a ``LotKnown``. Errors are ``(row_no, code, params)``; row 1
    is the header. Clean rows are dicts: ``row_no``, ``account`` (as stored),
    ``reading`` (text as typed, "" when none), ``observation`` (stored code or
    None), ``date`` (naive datetime or None), ``note`` (text, or None when the
    file has no note for the row: an existing note is then kept). Blank lines
    are skipped.
    """
    mapping, missing, _unknown = map_reading_headers(headers)
    columns = set(mapping.values())
    found = ", ".join(str(h).strip() for h in headers if h not in (None, "")) or "-"
    errors = []
    if missing:
        errors.append((1, "account_column_missing", {"found": found}))
    if not columns & set(CAPTURE_COLUMNS):
        errors.append((1, "capture_columns_missing", {"found": found}))
    if errors:
        return [], errors

    observations = observation_lookup(known.observations)
    accounts = {normalize_account_number(a) for a in known.accounts}
    seen, clean = {}, []
    for row_no, row in data_rows(rows, mapping):
        texts = {name: cell_text(value) for name, value in row.items()}
        problems = []
        account = normalize_account_number(row.get("account"))
        if not account:
            problems.append(("account_missing", {}))
        elif account not in accounts:
            problems.append(("account_not_in_lot", {"account": account}))
        elif account in seen:
            problems.append(("account_repeated", {"account": account, "row": seen[account]}))
        else:
            seen[account] = row_no
        # the reading is kept as typed: a value that is not a number is flagged by the lot validation
        reading = texts.get("reading", "")
        code_text = texts.get("observation", "")
        observation = None
        if code_text:
            observation = observations.get(code_text.upper())
            if observation is None:
                problems.append(("observation_unknown", {"code": code_text}))
        if not reading and not code_text:
            problems.append(("nothing_captured", {}))
        try:
            capture_date = parse_capture_date(row.get("date"))
        except ValueError:
            capture_date = None
            problems.append(("date_invalid", {"value": texts.get("date", "")}))
        if problems:
            errors.extend((row_no, code, params) for code, params in problems)
            continue
        clean.append(
            {
                "row_no": row_no,
                "account": account,
                "reading": reading,
                "observation": observation,
                "date": capture_date,
                "note": texts.get("note") or None,
            }
        )
    return clean, errors
