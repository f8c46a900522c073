import io

import pytest
import xlsxwriter
from water_registry_utils import demo_data
from water_registry_utils.padron import Known, validate_rows
from water_registry_utils.tables import TableError, read_table


def test_csv_semicolon_latin1():
    content = "cuenta;titular\n1;José Núñez\n".encode("cp1252")
    headers, rows = read_table(content, "padron.csv")
    assert headers == ["cuenta", "titular"]
    assert rows == [["1", "José Núñez"]]


def test_xlsx_read():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["cuenta", "titular", "lectura"])
    sheet.write_row(1, 0, [10, "Ana", 12.5])
    book.close()
    headers, rows = read_table(buffer.getvalue(), "padron.xlsx")
    assert headers == ["cuenta", "titular", "lectura"]
    assert rows == [[10, "Ana", 12.5]]


def test_bad_files():
    with pytest.raises(TableError):
        read_table(b"", "x.csv")
    with pytest.raises(TableError):
        read_table(b"data", "x.pdf")
    with pytest.raises(TableError):
        read_table(b"PK\x03\x04broken", "x.xlsx")


def test_demo_rows_deterministic_and_valid():
    first = list(demo_data.padron_rows(300, seed=7))
    second = list(demo_data.padron_rows(300, seed=7))
    assert first == second
    assert first != list(demo_data.padron_rows(300, seed=8))
    routes = demo_data.routes(300)
    known = Known(
        sectors={s[0] for s in demo_data.SECTORS},
        routes={(s, r) for s, r, _n in routes},
        classes={c[0] for c in demo_data.CLASSES},
    )
    clean, errors = validate_rows(first, known)
    assert errors == [] and len(clean) == 300
    assert len({r["account_number"] for r in clean}) == 300
    # every route used, positions start at 1 within each route
    used = {(r["sector"], r["route"]) for r in clean}
    assert used == {(s, r) for s, r, _n in routes}
    assert min(r["route_position"] for r in clean) == 1


def test_route_count_scales():
    assert demo_data.route_count(1500) == 12
    assert demo_data.route_count(100_000) == 250
    readers = [e for e in demo_data.employees(12) if e[1] == "reader"]
    assert len(readers) == 12
