"""Read a CSV or XLSX file into a header and rows, independent of Odoo."""

import csv
import io


class TableError(ValueError):
    """The file cannot be read as a table; the message is for the clerk (Spanish)."""


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
