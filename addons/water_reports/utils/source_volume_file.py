"""Validation of a file of monthly volumes produced by the sources (plain Python, no Odoo).

Columns (Spanish or English headers): mes / month, fuente / source (the source's code), macromedidor /
macro-meter (serial, optional), volumen / volume (m³). Each bad row gets an error ``(row, code, params)`` whose
code the wizard translates; row 1 is the header, data rows start at 2, row 0 is the file itself."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from odoo.addons.water_registry.utils.tables import NumberError, cell_text, data_rows, map_headers, parse_number

COLUMNS = {
    "month": ("mes", "month", "periodo", "period", "fecha", "date"),
    "source": ("fuente", "source", "codigo fuente", "source code", "pozo", "well"),
    "macro_meter": ("macromedidor", "macro meter", "macro-meter", "macrometer", "medidor", "meter", "serie"),
    "volume": ("volumen", "volume", "volumen m3", "volume m3", "m3", "volumen producido", "volume produced"),
}
REQUIRED = ("month", "source", "volume")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/-](\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[/-](\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


@dataclass
class Known:
    """What the database holds: source code (upper case) -> source id; (source id, macro-meter serial upper case)
    -> macro-meter id; the (source id, month) pairs already recorded."""

    sources: dict = field(default_factory=dict)
    macro_meters: dict = field(default_factory=dict)
    recorded: set = field(default_factory=set)


def parse_month(value):
    """A cell -> the first day of its month, or None when it cannot be read."""
    if isinstance(value, datetime):
        return date(value.year, value.month, 1)
    if isinstance(value, date):
        return date(value.year, value.month, 1)
    text = cell_text(value)
    for pattern, year_at, month_at in (
        (_MONTH_YEAR, 2, 1),
        (_YEAR_MONTH, 1, 2),
        (_DAY_MONTH_YEAR, 3, 2),
        (_ISO_DATE, 1, 2),
    ):
        match = pattern.match(text)
        if match:
            year, month = int(match.group(year_at)), int(match.group(month_at))
            if 1 <= month <= 12 and 1900 <= year <= 2999:
                return date(year, month, 1)
            return None
    return None


def validate_volume_rows(headers, rows, known):
    """(clean rows, errors): clean rows are dicts row, month, source_id, macro_meter_id, volume (float)."""
    mapping, missing, _unknown = map_headers(headers, COLUMNS, REQUIRED)
    if missing:
        return [], [(1, "columns_missing", {"columns": ", ".join(missing), "found": ", ".join(map(str, headers))})]
    clean, errors, seen = [], [], {}
    for row_no, row in data_rows(rows, mapping):
        row_errors = []
        month = parse_month(row.get("month"))
        if month is None:
            row_errors.append(("month_invalid", {"value": cell_text(row.get("month"))}))
        code = cell_text(row.get("source")).upper()
        source_id = known.sources.get(code)
        if not code:
            row_errors.append(("source_missing", {}))
        elif source_id is None:
            row_errors.append(("source_unknown", {"code": code}))
        serial = cell_text(row.get("macro_meter")).upper()
        meter_id = None
        if serial and source_id is not None:
            meter_id = known.macro_meters.get((source_id, serial))
            if meter_id is None:
                row_errors.append(("macro_meter_unknown", {"serial": serial, "code": code}))
        volume = None
        try:
            volume = parse_number(row.get("volume"), places=2)
        except NumberError as exc:
            row_errors.append(("volume_invalid", {"value": cell_text(row.get("volume")), "reason": exc.reason}))
        else:
            if volume is None:
                row_errors.append(("volume_missing", {}))
            elif volume < 0:
                row_errors.append(("volume_negative", {"value": cell_text(row.get("volume"))}))
        if month is not None and source_id is not None:
            key = (source_id, month)
            label = {"code": code, "month": month.strftime("%m/%Y")}
            if key in seen:
                row_errors.append(("repeated", dict(label, row=seen[key])))
            elif key in known.recorded:
                row_errors.append(("already_recorded", label))
            else:
                seen[key] = row_no
        if row_errors:
            errors.extend((row_no, code_, params) for code_, params in row_errors)
            continue
        clean.append(
            {"row": row_no, "month": month, "source_id": source_id, "macro_meter_id": meter_id, "volume": float(volume)}
        )
    return clean, errors
