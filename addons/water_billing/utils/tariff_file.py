"""A year's tariffs typed from the Ley de Ingresos into a spreadsheet, independent of Odoo.

One row per consumption range, as the laws publish them::

    clase     | año  | desde m³ | hasta m³ | precio m³ | cargo fijo | drenaje % | ...
    Doméstico | 2027 | 0        | 10       | 0         | 140.99     | 20
              |      | 10.01    | 20       | 17.33     | 163.82
              |      | 20.01    |          | 25.40     | 390.00

The tariff's own values (class, sectors, validity, base fee, percentages, VAT...) are
written on its first row; the following rows of the same tariff may leave them blank
(merged cells read blank) or repeat them. A row whose tariff columns (``KEY_COLUMNS``)
are all blank continues the tariff above. A range's price per m³ is the same all year
(``precio m³``) or given by month (``enero`` ... ``diciembre``; a month left blank takes
the year's price). A range left open (``hasta`` blank) is the last one ("en adelante").

The wizard reads the table (``water_registry``'s ``read_table``) and passes the header,
the rows and what the database knows (``TariffKnown``); ``validate_tariff_rows`` returns
the tariffs to create and every problem as ``(row_no, code, params)``, row 1 being the
header. Adding a column is one line of ``COLUMNS``: its target field(s), its kind and
its spellings.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from odoo.addons.water_registry.utils.tables import NumberError, cell_text, data_rows, header_key, parse_number, plain

from .reading_file import parse_capture_date

# level: "tariff" (water.tariff) or "block" (water.tariff.block); kind: how the cell is read;
# targets: the fields it fills (a later column of the table overrides an earlier one on the same field)
Column = namedtuple("Column", "level kind targets aliases")

MONTH_NAMES = (
    ("enero", "ene", "january", "jan"),
    ("febrero", "feb", "february"),
    ("marzo", "mar", "march"),
    ("abril", "abr", "april", "apr"),
    ("mayo", "may"),
    ("junio", "jun", "june"),
    ("julio", "jul", "july"),
    ("agosto", "ago", "august", "aug"),
    ("septiembre", "sep", "sept", "setiembre", "september"),
    ("octubre", "oct", "october"),
    ("noviembre", "nov", "november"),
    ("diciembre", "dic", "december", "dec"),
)

COLUMNS = {
    "name": Column("tariff", "text", ("name",), ("tarifa", "nombre", "nombre de la tarifa", "tariff", "name")),
    "service_class": Column(
        "tariff", "class", ("service_class_id",), ("clase", "uso", "clase de servicio", "class", "service class", "use")
    ),
    "sectors": Column("tariff", "sectors", ("sector_ids",), ("sector", "sectores", "sectors")),
    "year": Column("tariff", "year", (), ("año", "ejercicio", "year")),
    "date_from": Column(
        "tariff", "date", ("date_from",), ("vigencia desde", "vigente desde", "fecha inicio", "valid from", "date from")
    ),
    "date_to": Column(
        "tariff", "date", ("date_to",), ("vigencia hasta", "vigente hasta", "fecha fin", "valid until", "date to")
    ),
    "method": Column("tariff", "method", ("method",), ("método", "método de cobro", "method")),
    "base_fee": Column("tariff", "money", ("base_fee",), ("cuota base", "base fee")),
    "minimum_volume": Column(
        "tariff", "volume", ("minimum_volume",), ("volumen mínimo", "consumo mínimo", "minimum volume")
    ),
    "fixed_quota": Column("tariff", "money", ("fixed_quota",), ("cuota fija", "fixed quota")),
    "drainage_pct": Column(
        "tariff", "pct", ("drainage_pct",), ("drenaje %", "% drenaje", "drenaje", "alcantarillado %", "drainage %")
    ),
    "sanitation_pct": Column(
        "tariff", "pct", ("sanitation_pct",), ("saneamiento %", "% saneamiento", "saneamiento", "sanitation %")
    ),
    "vat": Column("tariff", "pct", ("vat_water", "vat_drainage", "vat_sanitation"), ("iva %", "iva", "vat %", "vat")),
    "vat_water": Column("tariff", "pct", ("vat_water",), ("iva agua %", "iva agua", "vat water %")),
    "vat_drainage": Column("tariff", "pct", ("vat_drainage",), ("iva drenaje %", "iva drenaje", "vat drainage %")),
    "vat_sanitation": Column(
        "tariff", "pct", ("vat_sanitation",), ("iva saneamiento %", "iva saneamiento", "vat sanitation %")
    ),
    "discount_pct": Column(
        "tariff",
        "pct",
        ("discount_pct",),
        ("descuento %", "descuento social %", "descuento social", "% descuento", "social discount %"),
    ),
    "discount_volume": Column(
        "tariff",
        "volume",
        ("discount_volume",),
        ("descuento hasta m3", "descuento hasta", "social discount up to m3"),
    ),
    "range_limits": Column(
        "tariff", "selection", ("range_limits",), ("límites", "límites de rango", "rangos", "range limits")
    ),
    "amount_unit": Column("tariff", "selection", ("amount_unit",), ("unidad", "importes en", "unit", "amounts in")),
    "component": Column("block", "component", ("component",), ("componente", "servicio", "component")),
    "lower": Column("block", "volume", (), ("desde m3", "de m3", "desde", "de", "límite inferior", "from m3", "from")),
    "upper": Column(
        "block", "volume", ("upper",), ("hasta m3", "a m3", "hasta", "a", "límite superior", "to m3", "to", "up to m3")
    ),
    "price": Column(
        "block", "money", ("price",), ("precio m3", "precio por m3", "precio", "cuota por m3", "price per m3", "price")
    ),
    "fixed_charge": Column(
        "block", "money", ("fixed_charge",), ("cargo fijo", "cuota mínima", "importe fijo", "fixed charge")
    ),
    **{
        f"month_{month:02d}": Column("block", "money", (), (*names, f"precio {names[0]}", f"m{month:02d}"))
        for month, names in enumerate(MONTH_NAMES, start=1)
    },
    "note": Column("note", "text", (), ("nota", "notas", "observaciones", "fundamento", "note", "notes")),
}
# a row whose columns of these are all blank continues the tariff of the row above
KEY_COLUMNS = ("name", "service_class", "sectors", "year", "date_from", "date_to")
MONTH_COLUMNS = tuple(f"month_{month:02d}" for month in range(1, 13))

# cell text (plain) -> method key; a method is accepted only when the tariff model has it
METHODS = {
    "incremental": ("incremental", "escalonado", "por bloque", "cada bloque a su precio", "each block"),
    "flat": ("flat", "rango alcanzado", "total al precio del rango", "bloque alcanzado", "whole volume"),
    "excess": ("excess", "excedente", "cuota minima mas excedente", "minimo mas excedente"),
}
# spellings of selection values besides their keys and labels (cell text, plain)
CHOICES = {
    "range_limits": {
        "closed": ("cerrado", "cierra", "10.01", "10.01-20", "el limite cierra el rango"),
        "whole": ("enteros", "m3 enteros", "metros enteros", "11", "11-20"),
        "open": ("abierto", "abre", "10-20", "el limite abre el rango"),
    },
    "amount_unit": {"pesos": ("pesos", "$", "mxn", "moneda nacional"), "uma": ("uma", "umas", "veces uma", "vsm")},
}
COMPONENTS = {
    "water": ("agua", "agua potable", "water", "a"),
    "drainage": ("drenaje", "alcantarillado", "drainage", "d"),
}
# the gap allowed between a range's upper limit and the next one's lower: 0-10 then 10-20,
# 10.1-20, 10.01-20 (the limit belongs to the lower range) or 11-20 (whole m³)
RANGE_GAPS = (Decimal(0), Decimal("0.01"), Decimal("0.1"), Decimal(1))


def _spellings(aliases):
    """The aliases and their variants with m³ written as the laws do."""
    result = []
    for alias in aliases:
        result.append(alias)
        if "m3" in alias:
            result.extend((alias.replace("m3", "m³"), alias.replace(" m3", "/m3"), alias.replace(" m3", " (m3)")))
    return tuple(result)


def header_lookup():
    """Accepted header (as ``header_key`` reads it) -> canonical column."""
    return {header_key(alias): name for name, column in COLUMNS.items() for alias in _spellings(column.aliases)}


def template_headers(year=False):
    """The headers of the template (the first Spanish spelling of each column), in table order; the year
    is only explained (the example gives its validity by dates)."""
    return [
        (name, column.aliases[0].replace(" m3", " m³")) for name, column in COLUMNS.items() if year or name != "year"
    ]


@dataclass
class TariffKnown:
    """What the database holds, fetched by the wizard in a few queries."""

    classes: dict = field(default_factory=dict)  # code (upper) or plain name -> id
    sectors: dict = field(default_factory=dict)  # code (upper) or plain name -> id
    methods: set = field(default_factory=set)  # method keys of water.tariff
    selections: dict = field(default_factory=dict)  # selection field -> {plain key or label: key}
    fields: set = field(default_factory=set)  # the fields of water.tariff and water.tariff.block
    # existing active tariffs: (name, class id, frozenset of sector ids, date_from, date_to or None)
    tariffs: list = field(default_factory=list)


def map_tariff_headers(headers, known):
    """({index: column}, errors): unknown or repeated headers, or columns this database cannot store."""
    lookup = header_lookup()
    mapping, errors = {}, []
    for index, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        name = lookup.get(key)
        if not name:
            errors.append((1, "column_unknown", {"column": str(header).strip()}))
        elif name in mapping.values():
            errors.append((1, "column_repeated", {"column": str(header).strip()}))
        elif known.fields and not set(COLUMNS[name].targets) <= known.fields:
            errors.append((1, "column_unsupported", {"column": str(header).strip()}))
        else:
            mapping[index] = name
    columns = set(mapping.values())
    if "service_class" not in columns:
        errors.append((1, "class_column_missing", {}))
    if not columns & {"year", "date_from"}:
        errors.append((1, "validity_column_missing", {}))
    if not columns & {"upper", "price", "fixed_charge", "fixed_quota", *MONTH_COLUMNS}:
        errors.append((1, "price_column_missing", {}))
    return mapping, errors


def _lookup(table, value):
    return table.get(plain(value).upper()) or table.get(plain(value))


def _word(words, text):
    key = plain(text)
    return next((name for name, spellings in words.items() if key in spellings), None)


def _parse_date(value):
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    parsed = parse_capture_date(value)
    return parsed.date() if parsed else None


def _read_cell(name, value, known):
    """(value, None) or (None, (code, params)) for one non-blank cell."""
    kind = COLUMNS[name].kind
    text = cell_text(value)
    if kind == "text":
        return text, None
    if kind == "class":
        found = _lookup(known.classes, text)
        return (found, None) if found else (None, ("class_unknown", {"value": text}))
    if kind == "sectors":
        ids, unknown = [], []
        for part in text.replace(";", ",").split(","):
            if part.strip():
                found = _lookup(known.sectors, part.strip())
                if found:
                    ids.append(found)
                else:
                    unknown.append(part.strip())
        if unknown:
            return None, ("sector_unknown", {"value": ", ".join(unknown)})
        return frozenset(ids), None
    if kind == "method":
        method = _word(METHODS, text)
        if not method or method not in known.methods:
            return None, ("method_unknown", {"value": text})
        return method, None
    if kind == "selection":
        target = COLUMNS[name].targets[0]
        key = known.selections.get(target, {}).get(plain(text)) or _word(CHOICES.get(target, {}), text)
        return (key, None) if key is not None else (None, ("choice_unknown", {"value": text}))
    if kind == "component":
        component = _word(COMPONENTS, text)
        return (component, None) if component else (None, ("component_unknown", {"value": text}))
    if kind == "date":
        try:
            return _parse_date(value), None
        except ValueError:
            return None, ("date_invalid", {"value": text})
    try:
        # amounts in UMA have four decimals; those in pesos two (checked with the tariff's unit)
        number = parse_number(value, integer=kind == "year", places=4 if kind == "money" else None)
    except NumberError as exc:
        return None, ("number_invalid", {"value": text, "reason": exc.reason})
    if number < 0:
        return None, ("number_negative", {"value": text})
    if kind == "year":
        if not 1990 <= number <= 2100:
            return None, ("year_invalid", {"value": text})
        return int(number), None
    if kind == "pct" and number > 100:
        return None, ("pct_too_high", {"value": text})
    if kind == "volume" and number != number.quantize(Decimal("0.01")):
        return None, ("number_invalid", {"value": text, "reason": "decimal_places"})
    return number, None


def _new_tariff(row_no):
    return {"row_no": row_no, "rows": [], "values": {}, "sources": {}, "blocks": {"water": [], "drainage": []}}


def validate_tariff_rows(headers, rows, known):
    """Check every row; return (tariffs to create, errors).

    A tariff is a dict: ``row_no`` (its first row), ``rows``, ``values`` (the fields of
    ``water.tariff``: ``name``, ``service_class_id``, ``sector_ids`` (frozenset), ``date_from``,
    ``date_to``, ``method``, amounts as Decimal...) and ``blocks`` (``{component: [block]}``, a block
    being ``{"row_no", "lower", "upper" (None: open), "price", "fixed_charge", "months": {1..12: price}}``).
    """
    mapping, errors = map_tariff_headers(headers, known)
    if errors:
        return [], errors
    tariffs, by_key, current = [], {}, None
    for row_no, row in data_rows(rows, mapping):
        cells, problems = {}, []
        for name, value in row.items():
            if not cell_text(value) or COLUMNS[name].level == "note":
                continue
            parsed, problem = _read_cell(name, value, known)
            if problem:
                code, params = problem
                problems.append((code, dict(params, column=_header(headers, mapping, name))))
            else:
                cells[name] = parsed
        errors.extend((row_no, code, params) for code, params in problems)
        bad = {name for name in row if cell_text(row[name]) and name not in cells and COLUMNS[name].level != "note"}
        if any(cell_text(row.get(name)) for name in KEY_COLUMNS):
            key, problem = (None, None) if bad & set(KEY_COLUMNS) else _tariff_key(cells)
            if problem:
                errors.append((row_no, *problem))
            if key is None:
                # a tariff we cannot tell: its rows are still read for their own problems
                current = _new_tariff(row_no)
                continue
            current = by_key.get(key)
            if current is None:
                current = by_key[key] = _new_tariff(row_no)
                tariffs.append(current)
                current["values"].update(service_class_id=key[0], sector_ids=key[1], date_from=key[2], date_to=key[3])
        elif current is None:
            errors.append((row_no, "tariff_unknown", {}))
            continue
        # a cell that could not be read is reported once: the checks that need it are left out
        errors.extend(_merge_row(current, row_no, cells, headers, mapping, bad))
    for tariff in tariffs:
        errors.extend(_check_tariff(tariff))
    errors.extend(_check_overlaps(tariffs, known))
    if errors:
        return [], sorted(errors, key=lambda error: error[0])
    for tariff in tariffs:
        _fill_defaults(tariff)
    return tariffs, []


def _header(headers, mapping, name):
    index = next(index for index, column in mapping.items() if column == name)
    return str(headers[index]).strip()


def _tariff_key(cells):
    """(class id, sector ids, date_from, date_to) of a row, or a problem."""
    if "service_class" not in cells:
        return None, ("class_missing", {})
    year = cells.get("year")
    date_from = cells.get("date_from") or (date(year, 1, 1) if year else None)
    date_to = cells.get("date_to") or (date(year, 12, 31) if year else None)
    if not date_from:
        return None, ("validity_missing", {})
    if date_to and date_to < date_from:
        return None, ("dates_order", {"date_from": date_from, "date_to": date_to})
    return (cells["service_class"], cells.get("sectors", frozenset()), date_from, date_to), None


def _merge_row(tariff, row_no, cells, headers, mapping, bad=frozenset()):
    """Put a row's cells on its tariff; the tariff's values must agree with its earlier rows.

    A column later in ``COLUMNS`` wins over an earlier one on the same field (``iva agua`` over ``iva``).
    """
    errors = []
    tariff["rows"].append(row_no)
    values, sources = tariff["values"], tariff["sources"]
    order = list(COLUMNS)
    for name in sorted(cells, key=order.index):
        column, value = COLUMNS[name], cells[name]
        if column.level != "tariff" or name in KEY_COLUMNS[1:]:
            continue
        for target in column.targets:
            source_row, source_name = sources.get(target, (None, None))
            if source_name == name and values[target] != value:
                errors.append((row_no, "value_differs", {"column": _header(headers, mapping, name), "row": source_row}))
            elif source_name is None or order.index(source_name) < order.index(name):
                values[target], sources[target] = value, (row_no, name)
    block_cells = {name: value for name, value in cells.items() if COLUMNS[name].level == "block"}
    bad = {name for name in bad if COLUMNS[name].level == "block"}
    if set(block_cells) - {"component"} or bad:
        months = {int(name[-2:]): block_cells[name] for name in MONTH_COLUMNS if name in block_cells}
        tariff["blocks"][block_cells.get("component", "water")].append(
            {
                "row_no": row_no,
                "lower": block_cells.get("lower"),
                "upper": block_cells.get("upper"),
                "price": block_cells.get("price"),
                "fixed_charge": block_cells.get("fixed_charge"),
                "months": months,
                "bad": bad,
            }
        )
    return errors


def _check_pesos_places(tariff):
    """Amounts in pesos are in centavos (those in UMA have four decimals): the first one that is not."""
    if tariff["values"].get("amount_unit", "pesos") == "uma":
        return []
    amounts = [(tariff["row_no"], tariff["values"].get(name)) for name in ("base_fee", "fixed_quota")]
    for blocks in tariff["blocks"].values():
        amounts += [(b["row_no"], b[name]) for b in blocks for name in ("price", "fixed_charge")]
        amounts += [(b["row_no"], price) for b in blocks for price in b["months"].values()]
    for row_no, amount in amounts:
        if isinstance(amount, Decimal) and amount != amount.quantize(Decimal("0.01")):
            return [(row_no, "pesos_places", {"value": amount})]
    return []


def _check_tariff(tariff):
    """The ranges of a tariff follow each other up to an open last one; every range has a price."""
    errors = []
    values = tariff["values"]
    if not tariff["blocks"]["water"] and not values.get("fixed_quota"):
        errors.append((tariff["row_no"], "no_ranges", {}))
    errors += _check_pesos_places(tariff)
    for blocks in tariff["blocks"].values():
        previous = 0
        for index, block in enumerate(blocks):
            row_no, lower, upper, bad = block["row_no"], block["lower"], block["upper"], block["bad"]
            if bad & {"price", *MONTH_COLUMNS}:
                pass
            elif block["price"] is None and len(block["months"]) < 12:
                if block["months"] or block["fixed_charge"] is None:
                    errors.append((row_no, "price_missing", {}))
                else:
                    block["price"] = Decimal(0)  # a range charged only by its fixed charge (0-10 m³: 140.99)
            elif block["price"] is None:
                block["price"] = block["months"][1]
            block["fixed_charge"] = block["fixed_charge"] or Decimal(0)
            if "upper" in bad or previous is None:  # unreadable, or after a range that is wrong already
                previous = None
                continue
            if "lower" in bad:
                lower = None
            last = index == len(blocks) - 1
            if upper is None and not last:
                errors.append((row_no, "open_range_not_last", {}))
            elif upper is not None and last:
                errors.append((row_no, "last_range_closed", {"upper": upper}))
            if upper is not None and lower is not None and upper <= lower:
                errors.append((row_no, "range_order", {"lower": lower, "upper": upper}))
            if index == 0:
                if lower is not None and lower > 1:
                    errors.append((row_no, "first_range_lower", {"lower": lower}))
            elif upper is not None and upper <= previous:
                errors.append((row_no, "ranges_not_rising", {"upper": upper, "previous": previous}))
                continue
            elif lower is not None and lower - previous not in RANGE_GAPS:
                errors.append((row_no, "range_gap", {"lower": lower, "previous": previous}))
            previous = upper
    return errors


def _overlaps(a_from, a_to, b_from, b_to):
    return (b_to is None or b_to >= a_from) and (a_to is None or a_to >= b_from)


def _same_scope(sectors, other_sectors):
    """The rule of ``water.tariff._check_overlap``: two general tariffs, or two sharing a sector."""
    return (not sectors and not other_sectors) or bool(sectors & other_sectors)


def _check_overlaps(tariffs, known):
    errors = []
    for index, tariff in enumerate(tariffs):
        values = tariff["values"]
        scope = (values["service_class_id"], values["sector_ids"], values["date_from"], values["date_to"])
        for name, class_id, sectors, date_from, date_to in known.tariffs:
            if class_id == scope[0] and _same_scope(scope[1], sectors) and _overlaps(*scope[2:], date_from, date_to):
                errors.append((tariff["row_no"], "overlap_existing", {"tariff": name}))
        for other in tariffs[:index]:
            theirs = other["values"]
            if (
                theirs["service_class_id"] == scope[0]
                and _same_scope(scope[1], theirs["sector_ids"])
                and _overlaps(*scope[2:], theirs["date_from"], theirs["date_to"])
            ):
                errors.append((tariff["row_no"], "overlap_file", {"row": other["row_no"]}))
    return errors


def _fill_defaults(tariff):
    values = tariff["values"]
    values.setdefault("method", "incremental")


# what each column of the template holds (the template is a Spanish file, like the laws it copies)
TEMPLATE_HELP = {
    "name": "Nombre de la tarifa (opcional: «Ley de Ingresos AAAA - clase»).",
    "service_class": "Clase o uso: código (DOM, COM...) o nombre (Doméstico, Comercial...). Obligatoria.",
    "sectors": "Sectores (código o nombre, separados por comas) si la tarifa es solo de ellos; vacío: todos.",
    "year": "Ejercicio: la tarifa vale del 1 de enero al 31 de diciembre (o use vigencia desde/hasta).",
    "date_from": "Vigencia desde (dd/mm/aaaa).",
    "date_to": "Vigencia hasta (dd/mm/aaaa); vacío: sin fin.",
    "method": "escalonado (cada rango a su precio), rango alcanzado (todo el volumen al precio del rango) o "
    "excedente (cuota mínima del rango alcanzado más los m³ excedentes a su precio).",
    "base_fee": "Cuota base de cada periodo ($).",
    "minimum_volume": "Volumen mínimo facturado (m³).",
    "fixed_quota": "Cuota fija de las cuentas sin medidor ($).",
    "drainage_pct": "Drenaje / alcantarillado, % del importe de agua.",
    "sanitation_pct": "Saneamiento, % del importe de agua.",
    "vat": "IVA % de agua, drenaje y saneamiento (0 doméstico, 16 los demás, según la ley).",
    "vat_water": "IVA % del agua, si difiere.",
    "vat_drainage": "IVA % del drenaje, si difiere.",
    "vat_sanitation": "IVA % del saneamiento, si difiere.",
    "discount_pct": "Descuento social % (pensionados, jubilados, INAPAM...).",
    "discount_volume": "El descuento cubre hasta estos m³; vacío: todo el consumo.",
    "range_limits": "Cómo escribe la ley sus rangos: cerrado (0-10, 10.01-20), enteros (0-10, 11-20: m³ enteros) "
    "o abierto (0-10, 10-20); vacío: cerrado.",
    "amount_unit": "pesos (vacío) o UMA: cuotas, precios y cargos en veces el valor diario de la UMA (4 decimales).",
    "component": "agua (vacío) o drenaje, si el drenaje tiene rangos propios.",
    "lower": "Límite inferior del rango (m³), como lo escribe la ley: 0, 10.01, 11...",
    "upper": "Límite superior del rango (m³); vacío en el último rango («en adelante»).",
    "price": "Precio por m³ del rango, todo el año.",
    "fixed_charge": "Cargo fijo (cuota mínima) cuando el consumo llega a este rango ($).",
    "note": "Notas (artículo de la ley...): no se importan.",
}
MONTH_HELP = "Precio por m³ de este mes, si difiere del anual."


def template_xlsx():
    """The template (XLSX bytes): the columns with an example tariff, and a sheet explaining each column."""
    import io

    import xlsxwriter

    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    sheet = book.add_worksheet("Tarifas")
    headers = template_headers()
    for col, (_name, header) in enumerate(headers):
        sheet.write(0, col, header, bold)
        sheet.set_column(col, col, max(10, len(header) + 2))
    for row, values in enumerate(template_rows(), start=1):
        for col, (name, _header) in enumerate(headers):
            if name in values:
                sheet.write(row, col, values[name])
    sheet.freeze_panes(1, 0)
    info = book.add_worksheet("Instrucciones")
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 90)
    info.set_column(2, 2, 60)
    for col, text in enumerate(("Columna", "Qué lleva", "También se acepta")):
        info.write(0, col, text, bold)
    explained = template_headers(year=True)
    for row, (name, header) in enumerate(explained, start=1):
        aliases = COLUMNS[name].aliases
        info.write(row, 0, header)
        info.write(row, 1, TEMPLATE_HELP.get(name, MONTH_HELP))
        info.write(row, 2, ", ".join(aliases[1:]))
    row = len(explained) + 2
    for line in (
        (
            "Una fila por rango de consumo. Los datos de la tarifa van en su primera fila; las siguientes pueden "
            "dejarlos en blanco o repetirlos."
        ),
        "Los rangos siguen a los de la ley: 0-10 y 10.01-20, o 0-10 y 11-20 en m³ enteros.",
        "Revise primero (prueba): si una fila tiene un problema, no se importa nada.",
    ):
        info.write(row, 0, line)
        row += 1
    book.close()
    return output.getvalue()


def template_rows():
    """Example rows of the template: a domestic tariff by ranges, with a month price, and a commercial one."""
    return [
        {
            "name": "Ley de Ingresos 2027 - doméstico",
            "service_class": "DOM",
            "date_from": "01/01/2027",
            "date_to": "31/12/2027",
            "method": "escalonado",
            "fixed_quota": 160,
            "drainage_pct": 20,
            "sanitation_pct": 10,
            "vat": 0,
            "discount_pct": 50,
            "discount_volume": 10,
            "lower": 0,
            "upper": 10,
            "price": 0,
            "fixed_charge": 140.99,
            "note": "Art. 14, fracción I",
        },
        {"lower": 10.01, "upper": 20, "price": 17.33, "fixed_charge": 163.82, "month_01": 16.9},
        {"lower": 20.01, "upper": 40, "price": 25.40},
        {"lower": 40.01, "price": 32.50},
    ]
