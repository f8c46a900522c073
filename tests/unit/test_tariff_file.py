"""The tariff spreadsheet (water_billing.utils.tariff_file): columns, rows and ranges as the laws write them."""

from datetime import date
from decimal import Decimal

from water_billing_utils.tariff_file import COLUMNS, TariffKnown, template_headers, validate_tariff_rows

KNOWN = TariffKnown(
    classes={"DOM": 1, "domestico": 1, "COM": 2, "comercial": 2},
    sectors={"S1": 11, "centro": 11, "S2": 12},
    methods={"incremental", "flat"},
    tariffs=[("Ley 2026 - doméstico", 1, frozenset(), date(2026, 1, 1), date(2026, 12, 31))],
)
HEADERS = ["Clase", "Año", "Desde m³", "Hasta m³", "Precio m³", "Cargo fijo", "Drenaje %", "IVA %"]


def check(rows, headers=HEADERS, known=KNOWN):
    return validate_tariff_rows(headers, rows, known)


def codes(errors):
    return [(row, code) for row, code, _params in errors]


def test_a_tariff_by_ranges_with_merged_cells():
    tariffs, errors = check(
        [
            ["Doméstico", 2027, 0, 10, 0, "140.99", 20, 0],
            [None, None, "10.01", 20, "17.33", "163.82", None, None],
            [None, None, "20.01", None, "25.40", None, None, None],
        ]
    )
    assert errors == []
    [tariff] = tariffs
    values = tariff["values"]
    assert values["service_class_id"] == 1 and values["sector_ids"] == frozenset()
    assert (values["date_from"], values["date_to"]) == (date(2027, 1, 1), date(2027, 12, 31))
    assert values["drainage_pct"] == 20 and values["vat_water"] == values["vat_sanitation"] == 0
    assert values["method"] == "incremental"
    blocks = tariff["blocks"]["water"]
    assert [(b["upper"], b["price"], b["fixed_charge"]) for b in blocks] == [
        (Decimal(10), Decimal("0.00"), Decimal("140.99")),
        (Decimal(20), Decimal("17.33"), Decimal("163.82")),
        (None, Decimal("25.40"), Decimal(0)),
    ]


def test_english_headers_and_whole_m3_ranges():
    headers = ["class", "valid from", "valid until", "from", "to", "price per m3", "sectors", "method"]
    tariffs, errors = check(
        [
            ["COM", "01/02/2027", "2027-12-31", 0, 10, 20, "S1, centro", "flat"],
            ["COM", "01/02/2027", "2027-12-31", 11, None, 30, "S1, centro", "flat"],
        ],
        headers,
    )
    assert errors == []
    [tariff] = tariffs
    assert tariff["values"]["sector_ids"] == frozenset({11})
    assert tariff["values"]["date_from"] == date(2027, 2, 1) and tariff["values"]["method"] == "flat"
    assert len(tariff["blocks"]["water"]) == 2


def test_month_prices_and_their_default():
    headers = ["clase", "año", "hasta", "precio", "enero", "Febrero"]
    tariffs, errors = check([["DOM", 2027, 10, 5, 4.5, None], ["", "", "", 8, 7, 7.5]], headers)
    assert errors == []
    first, second = tariffs[0]["blocks"]["water"]
    assert first["months"] == {1: Decimal("4.50")} and second["months"] == {1: Decimal("7.00"), 2: Decimal("7.50")}


def test_row_errors_name_the_column_and_why():
    tariffs, errors = check(
        [
            ["Doméstico", 2027, 0, 10, "abc", 0, 20, 0],
            [None, None, 10.01, 20, "-3", None, 150, None],
            [None, None, 20.01, None, 25, None, None, None],
        ]
    )
    assert tariffs == []
    assert codes(errors) == [(2, "number_invalid"), (3, "number_negative"), (3, "pct_too_high")]
    assert errors[0][2]["column"] == "Precio m³" and errors[0][2]["value"] == "abc"


def test_unknown_class_sector_and_method():
    headers = ["clase", "año", "sector", "metodo", "hasta", "precio"]
    _tariffs, errors = check([["Hotelero", 2027, "S9", "excedente", None, 5]], headers)
    assert {code for _row, code in codes(errors)} == {"class_unknown", "sector_unknown", "method_unknown"}
    # the excess method is taken as soon as the tariff model has it
    known = TariffKnown(classes=KNOWN.classes, sectors=KNOWN.sectors, methods={"incremental", "excess"})
    tariffs, errors = check([["DOM", 2027, "", "excedente", None, 5]], headers, known)
    assert errors == [] and tariffs[0]["values"]["method"] == "excess"


def test_ranges_must_follow_each_other_up_to_an_open_one():
    _tariffs, errors = check(
        [
            ["DOM", 2027, 0, 10, 1, 0, 0, 0],
            ["", "", 12, 20, 2, 0, 0, 0],  # a gap: 10 -> 12
            ["", "", 20.01, 15, 3, 0, 0, 0],  # goes down
            ["", "", 20.01, 30, 3, 0, 0, 0],  # closed last range
        ]
    )
    assert codes(errors) == [(3, "range_gap"), (4, "range_order"), (4, "ranges_not_rising"), (5, "last_range_closed")]


def test_open_range_not_last_and_missing_price():
    _tariffs, errors = check([["DOM", 2027, 0, None, 1, None, 0, 0], ["", "", 10, None, None, None, 0, 0]])
    assert codes(errors) == [(2, "open_range_not_last"), (3, "price_missing")]


def test_overlaps_with_the_database_and_within_the_file():
    _tariffs, errors = check([["DOM", 2026, 0, None, 1, 0, 0, 0]])
    assert codes(errors) == [(2, "overlap_existing")]
    assert errors[0][2]["tariff"] == "Ley 2026 - doméstico"
    headers = ["clase", "vigencia desde", "sector", "precio"]
    _tariffs, errors = check([["COM", "2027-01-01", "S1", 1], ["COM", "2027-06-01", "S1,S2", 2]], headers)
    assert codes(errors) == [(3, "overlap_file")]
    # a sector's own tariff stands beside the general one
    tariffs, errors = check([["COM", "2027-01-01", "", 1], ["COM", "2027-01-01", "S1", 2]], headers)
    assert errors == [] and len(tariffs) == 2


def test_a_tariff_value_differing_between_its_rows():
    _tariffs, errors = check([["DOM", 2027, 0, 10, 1, 0, 20, 0], ["DOM", 2027, 10, None, 2, 0, 25, 0]])
    assert codes(errors) == [(3, "value_differs")]
    assert errors[0][2] == {"column": "Drenaje %", "row": 2}


def test_specific_vat_wins_over_the_general_one():
    headers = ["clase", "año", "precio", "iva agua", "iva"]
    tariffs, errors = check([["COM", 2027, 5, 16, 0]], headers)
    assert errors == []
    values = tariffs[0]["values"]
    assert (values["vat_water"], values["vat_drainage"]) == (16, 0)


def test_file_errors_unknown_columns_and_missing_ones():
    _tariffs, errors = check([["x", 1]], ["Tarifa", "Columna rara"])
    assert {code for _row, code in codes(errors)} == {
        "column_unknown",
        "class_column_missing",
        "validity_column_missing",
        "price_column_missing",
    }
    assert all(row == 1 for row, _code in codes(errors))
    known = TariffKnown(classes=KNOWN.classes, methods=KNOWN.methods, fields={"service_class_id", "price"})
    _tariffs, errors = check([["DOM", 2027, 5]], ["clase", "año", "precio", "cuota base"], known)
    assert codes(errors) == [(1, "column_unsupported")]


def test_rows_before_any_tariff_and_dates():
    headers = ["clase", "vigencia desde", "vigencia hasta", "hasta", "precio"]
    _tariffs, errors = check(
        [["", "", "", 10, 1], ["DOM", "31/12/2027", "01/01/2027", None, 1], ["DOM", "mañana", "", None, 1]], headers
    )
    assert codes(errors) == [(2, "tariff_unknown"), (3, "dates_order"), (4, "date_invalid")]


def test_every_column_has_a_unique_spelling_and_the_template_reads_back():
    spellings = [alias for column in COLUMNS.values() for alias in column.aliases]
    assert len(spellings) == len(set(spellings))
    assert next(name for name, _header in template_headers()) == "name"


def test_an_unreadable_cell_is_reported_once_and_the_other_rows_still_checked():
    _tariffs, errors = check(
        [
            ["DOM", 2027, 0, 10, "1,2,3", 0, 0, 0],  # the price: no knock-on "price missing"
            ["", "", "diez", 20, 2, 0, 0, 0],  # the lower limit: no knock-on gap
            ["", "", 25, None, 3, 0, 0, 0],  # a real gap, still found
        ]
    )
    assert codes(errors) == [(2, "number_invalid"), (3, "number_invalid"), (4, "range_gap")]


def test_a_selection_column_is_one_line_of_the_table(monkeypatch):
    from water_billing_utils import tariff_file

    column = tariff_file.Column("tariff", "selection", ("amount_unit",), ("unidad", "unit"))
    monkeypatch.setitem(tariff_file.COLUMNS, "unit", column)
    known = TariffKnown(
        classes=KNOWN.classes,
        methods=KNOWN.methods,
        selections={"amount_unit": {"pesos": "pesos", "uma": "uma", "unidad de medida y actualizacion": "uma"}},
    )
    tariffs, errors = check([["DOM", 2027, 5, "UMA"]], ["clase", "año", "precio", "unidad"], known)
    assert errors == [] and tariffs[0]["values"]["amount_unit"] == "uma"
    _tariffs, errors = check([["DOM", 2027, 5, "dólares"]], ["clase", "año", "precio", "unidad"], known)
    assert codes(errors) == [(2, "choice_unknown")]


def test_a_price_for_every_month_and_no_yearly_price():
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
              "noviembre", "diciembre"]  # fmt: skip
    prices = [10 + month / 10 for month in range(12)]
    tariffs, errors = check([["DOM", 2027, None, *prices]], ["clase", "año", "hasta", *months])
    assert errors == []
    [block] = tariffs[0]["blocks"]["water"]
    assert block["price"] == Decimal("10.00") and block["months"][12] == Decimal("11.10")
    _tariffs, errors = check([["DOM", 2027, None, *prices[:11], None]], ["clase", "año", "hasta", *months])
    assert codes(errors) == [(2, "price_missing")]
