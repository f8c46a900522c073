"""What every file import shares, independent of Odoo: reading a CSV or XLSX file into a
header and rows, matching the headers, and reading the cells (text and numbers).

Numbers (``parse_number``)
--------------------------
A figure is never changed in magnitude, and one that cannot be read without guessing
is refused. The Mexican convention rules: the point is the decimal separator and the
comma groups thousands, so ``1,250.50`` is 1250.50, ``1,250`` is 1250 and ``12.5`` is
12.5. Besides:

- a comma followed by one or two digits, with no point, is a decimal comma (it cannot
  group thousands): ``12,5`` and ``12,50`` are 12.5;
- thousands are grouped by commas (or blanks) in groups of exactly three digits after
  a first group of one to three that does not start with 0: ``1,2,3``, ``12,3456``
  and ``0,250`` are refused;
- the European ``1.250,50`` (points grouping, one comma last) is 1250.50, since a
  comma after the point has no other reading; ``1.234.567`` (points only) is refused:
  a lone point is the decimal point, so ``1.234`` would be 1.234 and ``1.234.567``
  has no reading that is not a guess;
- a leading ``$``, a sign (``-`` or ``+``) and surrounding blanks are allowed; what a
  negative figure means is the caller's to decide.
"""

import csv
import io
import math
import re
from decimal import Decimal, InvalidOperation


class TableError(ValueError):
    """The file cannot be read as a table; the message is for the clerk (Spanish)."""


# why a text is not a number: code -> explanation (the wizards translate the code)
NUMBER_REASONS = {
    "not_a_number": "it is not a number",
    "grouping": "the thousands are not grouped by three digits",
    "ambiguous": "the separators can be read more than one way",
    "not_integer": "a whole number is expected",
    "decimal_places": "it has too many decimal places",
}


class NumberError(ValueError):
    """A cell that is not a number; ``reason`` is a key of ``NUMBER_REASONS``."""

    def __init__(self, value, reason):
        self.value, self.reason = value, reason
        super().__init__(f"{value!r}: {NUMBER_REASONS[reason]}")


_ACCENTS = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")
_BLANKS = re.compile(r"\s+")
_FIRST_GROUP = re.compile(r"^[1-9]\d{0,2}$")
_GROUP = re.compile(r"^\d{3}$")
_DIGITS = re.compile(r"^\d*$")


def plain(text):
    """Lower case, accents removed, inner blanks folded: how names are compared."""
    return " ".join(str(text or "").translate(_ACCENTS).lower().split())


def header_key(text):
    """A column header as compared with the accepted spellings: plain, dots and underscores as blanks."""
    return plain(str(text or "").replace("_", " ").replace(".", " "))


def map_headers(headers, columns, required=()):
    """Match the headers to the canonical columns ``{name: (spellings...)}``.

    Returns ``({index: name}, [missing required names], [unknown headers])``. The first of two
    headers that mean the same column wins; blank headers are neither mapped nor unknown.
    """
    lookup = {header_key(alias): name for name, aliases in columns.items() for alias in aliases}
    mapping, unknown = {}, []
    for index, header in enumerate(headers):
        name = lookup.get(header_key(header))
        if name and name not in mapping.values():
            mapping[index] = name
        elif not name and header_key(header):
            unknown.append(str(header).strip())
    missing = [c for c in required if c not in mapping.values()]
    return mapping, missing, unknown


def data_rows(rows, mapping):
    """The data rows of a table as ``(row number, {column name: cell})``, blank rows left out.

    ``mapping`` is ``{index: name}`` (``map_headers``); rows are numbered as in the spreadsheet:
    the header is row 1, the first data row is 2.
    """
    for offset, cells in enumerate(rows):
        row = {name: cells[index] if index < len(cells) else None for index, name in mapping.items()}
        if any(cell_text(value) for value in row.values()):
            yield offset + 2, row


def cell_text(value):
    """The text a cell holds, as typed: spreadsheets turn ``12`` into ``12.0``, which gives ``"12"``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _grouped(text, separator):
    """The digits of an integer part whose thousands are grouped by ``separator``."""
    groups = text.split(separator)
    if not _FIRST_GROUP.match(groups[0]) or not all(_GROUP.match(group) for group in groups[1:]):
        return None
    return "".join(groups)


def _split_number(text, value):
    """'1,250.50' -> ('1250', '50'); raise NumberError when the text cannot be read without guessing."""
    if not any(char.isdigit() for char in text) or text[-1] in ".,":
        raise NumberError(value, "not_a_number")
    blanks = " " in text
    points, commas = text.count("."), text.count(",")
    if points and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        if text.count(decimal_mark) != 1 or blanks:
            raise NumberError(value, "ambiguous")
    elif points:
        if points > 1:
            raise NumberError(value, "ambiguous")
        decimal_mark, group_mark = ".", " "
    elif commas == 1 and re.fullmatch(r"\d[\d ]*,\d{1,2}|,\d{1,2}", text):
        decimal_mark, group_mark = ",", " "  # a decimal comma: one or two digits cannot be a group
    elif commas:
        if blanks:
            raise NumberError(value, "ambiguous")
        decimal_mark, group_mark = None, ","
    else:
        decimal_mark, group_mark = None, " "
    whole, fraction = text, ""
    if decimal_mark:
        whole, fraction = text.split(decimal_mark)
        if not fraction or not fraction.isdigit():
            raise NumberError(value, "not_a_number")
    if group_mark in whole:
        whole = _grouped(whole, group_mark)
        if whole is None:
            raise NumberError(value, "grouping")
    if not _DIGITS.match(whole) or not (whole or fraction):
        raise NumberError(value, "not_a_number")
    return whole or "0", fraction


def parse_number(value, integer=False, places=None):
    """A cell (text, int, float, Decimal or None) -> Decimal, or None when empty.

    ``integer`` refuses a figure with decimals (``12.0`` is fine); ``places`` refuses one
    with more decimal places than that (``10.001`` for amounts in cents, ``10.500`` is
    fine) and gives it exactly that many. Raises ``NumberError`` (a ValueError) with its
    reason; see the module's docstring for the rules.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberError(value, "not_a_number")
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            raise NumberError(value, "not_a_number")
        number = (
            Decimal(value) if isinstance(value, int) else Decimal(repr(value) if isinstance(value, float) else value)
        )
        if not number.is_finite():
            raise NumberError(value, "not_a_number")
    else:
        text = _BLANKS.sub(" ", str(value)).strip()
        if not text:
            return None
        sign = ""
        if text[0] in "+-":
            sign, text = text[0], text[1:].strip()
        if text.startswith("$"):
            text = text[1:].strip()
        if not sign and text[:1] in ("+", "-"):  # "$-12.50"
            sign, text = text[0], text[1:].strip()
        if not text or not re.fullmatch(r"[\d.,]+(?: [\d.,]+)*", text):
            raise NumberError(value, "not_a_number")
        whole, fraction = _split_number(text, value)
        number = Decimal(f"{'-' if sign == '-' else ''}{whole}{'.' + fraction if fraction else ''}")
    try:
        if integer:
            if number != number.to_integral_value():
                raise NumberError(value, "not_integer")
            return number.quantize(Decimal(1))
        if places is not None:
            step = Decimal(1).scaleb(-places)
            if number != number.quantize(step):
                raise NumberError(value, "decimal_places")
            return number.quantize(step)
    except InvalidOperation as exc:  # more digits than a Decimal holds
        raise NumberError(value, "not_a_number") from exc
    return number


def _decode(content):
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("No se pudo leer el archivo: codificación desconocida.")


def read_csv(content):
    text = _decode(content)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    return rows


def read_xlsx(content):
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise TableError("Falta la biblioteca openpyxl para leer archivos XLSX.") from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise TableError(f"El archivo no es un XLSX válido: {exc}") from exc
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def read_table(content, filename):
    """Return (headers, data rows); row order is kept so row numbers match the file."""
    if not content:
        raise TableError("El archivo está vacío.")
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        rows = read_xlsx(content)
    elif name.endswith((".csv", ".txt")) or not name:
        rows = read_csv(content)
    else:
        raise TableError("Formato no soportado: use un archivo CSV o XLSX.")
    if not rows:
        raise TableError("El archivo está vacío.")
    headers = ["" if h is None else str(h).strip() for h in rows[0]]
    data = []
    for row in rows[1:]:
        cells = list(row) + [None] * (len(headers) - len(row))
        data.append(cells)
    return headers, data
