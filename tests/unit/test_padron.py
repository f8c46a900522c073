import pytest
from water_registry_utils.padron import (
    Known,
    is_valid_serial,
    map_headers,
    normalize_serial,
    parse_diameter,
    parse_services,
    validate_rows,
)


def known():
    return Known(
        accounts={"100"},
        meters={("cicasa", "CIC-1")},
        sectors={"S1"},
        routes={("S1", "R01")},
        classes={"DOM", "domestico"},
        cadastral_keys={"01-001"},
    )


def row(**values):
    base = {
        "account_number": "200",
        "holder_name": "María López",
        "street": "Hidalgo",
        "sector": "s1",
        "route": "r01",
        "service_class": "DOM",
        "meter_serial": "abc 123",
        "meter_brand": "Badger",
        "meter_diameter": '1/2"',
        "initial_reading": "15",
    }
    base.update(values)
    return base


def codes(errors):
    return [(row_no, code) for row_no, code, _params in errors]


def test_serial_normalised_and_checked():
    assert normalize_serial(" abc 12-3 ") == "ABC12-3"
    assert is_valid_serial("CIC-2019/0004")
    assert not is_valid_serial("A!")
    assert not is_valid_serial("ab")
    assert not is_valid_serial("X" * 21)


def test_headers_spanish_and_english_with_accents():
    mapping, missing, unknown = map_headers(["Número de cuenta", "Titular", "calle", "SECTOR", "Ruta", "Uso", "otra"])
    assert mapping == {
        0: "account_number",
        1: "holder_name",
        2: "street",
        3: "sector",
        4: "route",
        5: "service_class",
    }
    assert missing == []
    assert unknown == ["otra"]
    _mapping, missing, _unknown = map_headers(["cuenta"])
    assert "holder_name" in missing and "sector" in missing


def test_services_and_diameters():
    assert parse_services("Agua, Drenaje") == {"water", "drainage"}
    assert parse_services("") == {"water", "drainage", "sanitation"}
    with pytest.raises(ValueError):
        parse_services("agua, luz")
    assert parse_diameter('1/2"') == "half"
    assert parse_diameter("1 1/2") == "one_half"
    assert parse_diameter("") == ""
    assert parse_diameter("5 pulgadas") is None


def test_good_row_is_normalised():
    clean, errors = validate_rows([row()], known())
    assert errors == []
    assert clean[0]["sector"] == "S1" and clean[0]["route"] == "R01"
    assert clean[0]["meter_serial"] == "ABC123"
    assert clean[0]["initial_reading"] == 15.0
    assert clean[0]["services"] == {"water", "drainage", "sanitation"}
    assert clean[0]["row_no"] == 2


def test_each_bad_row_reported_with_its_row_number():
    rows = [
        row(account_number="100", meter_serial="M-100"),  # exists
        row(account_number="201", meter_serial="M-201", holder_name=""),  # missing holder
        row(account_number="202", meter_serial="M-202", sector="S9"),  # unknown sector
        row(account_number="203", meter_serial="M-203", route="R99"),  # unknown route
        row(account_number="204", meter_serial="C!"),  # bad serial
        row(account_number="205", meter_serial="CIC-1", meter_brand="Cicasa"),  # meter exists
        row(account_number="206", meter_serial="M-206", service_class="Hotelero"),  # unknown class
        row(account_number="207", meter_serial="M-207", initial_reading="doce"),  # not a number
    ]
    clean, errors = validate_rows(rows, known())
    assert clean == []
    assert codes(errors) == [
        (2, "account_exists"),
        (3, "holder_missing"),
        (4, "sector_unknown"),
        (5, "route_unknown"),
        (6, "serial_invalid"),
        (7, "meter_exists"),
        (8, "class_unknown"),
        (9, "not_a_number"),
    ]


def test_duplicates_inside_the_file():
    rows = [row(), row(meter_serial="XYZ-9"), row(account_number="300", meter_serial="ABC123")]
    _clean, errors = validate_rows(rows, known())
    assert codes(errors) == [(3, "account_repeated"), (4, "meter_repeated")]
    assert errors[0][2]["row"] == 2


def test_class_by_name_and_blank_lines_skipped():
    clean, errors = validate_rows(
        [row(service_class="Doméstico"), {}, row(account_number="201", meter_serial="")], known()
    )
    assert errors == []
    assert [c["row_no"] for c in clean] == [2, 4]
    assert clean[1]["unmetered_billing"] == "fixed_quota"


def test_assumed_volume_needs_a_volume():
    _clean, errors = validate_rows([row(meter_serial="", unmetered_billing="volumen asumido")], known())
    assert codes(errors) == [(2, "assumed_volume_missing")]
    clean, errors = validate_rows(
        [row(meter_serial="", unmetered_billing="volumen asumido", assumed_volume="18")], known()
    )
    assert errors == [] and clean[0]["assumed_volume"] == 18.0


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("12,5", 12.5),  # a decimal comma: 12.5, never 125
        ("12,50", 12.5),
        ("12.5", 12.5),
        ("1,250", 1250.0),
        ("1,250.50", 1250.5),
        ("1.250,50", 1250.5),
        (12.5, 12.5),  # an XLSX cell
        ("", None),
    ],
)
def test_numbers_never_change_magnitude(cell, value):
    clean, errors = validate_rows([row(initial_reading=cell, meter_digits="5")], known())
    assert errors == []
    assert clean[0]["initial_reading"] == value
    assert clean[0]["meter_digits"] == 5


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("initial_reading", "12,3456", "grouping"),
        ("initial_reading", "1,2,3", "grouping"),
        ("initial_reading", "1.234.567", "ambiguous"),
        ("initial_reading", "doce", "not_a_number"),
        ("meter_digits", "5,5", "not_integer"),
        ("route_position", "3.5", "not_integer"),
        ("assumed_volume", "1,5,0", "grouping"),
    ],
)
def test_numbers_that_cannot_be_read_are_refused_with_their_reason(column, cell, reason):
    clean, errors = validate_rows([row(**{column: cell})], known())
    assert clean == []
    assert errors == [(2, "not_a_number", {"column": column, "value": cell, "reason": reason})]


def test_negative_reading_and_volume_refused():
    _clean, errors = validate_rows([row(initial_reading="-3", assumed_volume="-1")], known())
    assert codes(errors) == [(2, "reading_negative"), (2, "volume_negative")]


def test_account_number_in_its_stored_form():
    clean, errors = validate_rows(
        [row(account_number=" ab 200 "), row(account_number="10 0", meter_serial="")], known()
    )
    assert [c["account_number"] for c in clean] == ["AB200"]
    assert codes(errors) == [(3, "account_exists")], "'10 0' is account 100, which exists"


def test_first_of_two_equivalent_headers_wins():
    mapping, _missing, _unknown = map_headers(["cuenta", "folio", "titular"])
    assert mapping == {0: "account_number", 2: "holder_name"}
