from datetime import date, datetime

import pytest
from water_billing_utils.reading import NOT_A_NUMBER, ReadingInput, assess, parse_reading
from water_billing_utils.reading_file import (
    LotKnown,
    map_reading_headers,
    observation_lookup,
    parse_capture_date,
    validate_reading_rows,
)

HEADERS = ["cuenta", "lectura", "clave", "fecha", "nota"]


def known():
    return LotKnown(accounts={"10000001", "10000002", "10000003", "A-7"}, observations={"00", "01", "02", "10"})


def codes(errors):
    return [(row_no, code) for row_no, code, _params in errors]


def test_headers_spanish_and_english_accents_and_case():
    mapping, missing, unknown = map_reading_headers(
        ["Número de Cuenta", "LECTURA", "Clave de observación", "Fecha", "Nota", "Nombre", "Lectura anterior"]
    )
    assert mapping == {0: "account", 1: "reading", 2: "observation", 3: "date", 4: "note"}
    assert missing == []
    assert unknown == ["Nombre", "Lectura anterior"]
    mapping, missing, _unknown = map_reading_headers(["Account", "Reading", "Observation_Code", "Date", "Note"])
    assert set(mapping.values()) == {"account", "reading", "observation", "date", "note"}
    assert not missing
    _mapping, missing, _unknown = map_reading_headers(["lectura", "clave"])
    assert missing == ["account"]


def test_first_of_two_equivalent_columns_wins():
    mapping, _missing, _unknown = map_reading_headers(["cuenta", "lectura", "reading"])
    assert mapping == {0: "account", 1: "reading"}


def test_good_rows_are_normalised():
    rows = [
        [" 10000001 ", "1234", "", "15/01/2025 09:30", "perro bravo"],
        [10000002.0, None, 1.0, datetime(2025, 1, 15, 10, 5, 7, 123), None],
        ["a-7", "", "10", date(2025, 1, 16), ""],
    ]
    clean, errors = validate_reading_rows(HEADERS, rows, known())
    assert errors == []
    assert clean == [
        {
            "row_no": 2,
            "account": "10000001",
            "reading": "1234",
            "observation": None,
            "date": datetime(2025, 1, 15, 9, 30),
            "note": "perro bravo",
        },
        {
            "row_no": 3,
            "account": "10000002",
            "reading": "",
            "observation": "01",
            "date": datetime(2025, 1, 15, 10, 5, 7),
            "note": None,
        },
        {
            "row_no": 4,
            "account": "A-7",
            "reading": "",
            "observation": "10",
            "date": datetime(2025, 1, 16, 12, 0),
            "note": None,
        },
    ]


def test_reading_and_observation_together_and_numbers_from_spreadsheets():
    clean, errors = validate_reading_rows(["cuenta", "lectura", "clave"], [[10000001, 1520.5, "02"]], known())
    assert errors == []
    assert (clean[0]["reading"], clean[0]["observation"], clean[0]["date"]) == ("1520.5", "02", None)


def test_not_a_number_is_not_a_file_error():
    """The product rule: a reading that is not a number is captured as typed and flagged by the lot validation."""
    rows = [["10000001", "12O4"], ["10000002", "-5"], ["10000003", "?"]]
    clean, errors = validate_reading_rows(["cuenta", "lectura"], rows, known())
    assert errors == []
    assert [r["reading"] for r in clean] == ["12O4", "-5", "?"]


def test_every_problem_with_its_row_number():
    rows = [
        ["10000001", "100", "", "", ""],  # 2 good
        ["", "100", "", "", ""],  # 3 account missing
        ["99999999", "100", "", "", ""],  # 4 not in this lot
        ["10000001", "101", "", "", ""],  # 5 repeated (row 2)
        ["10000002", "", "77", "", ""],  # 6 unknown code
        ["10000003", "", "", "", "sin nada"],  # 7 nothing captured
        [None, None, None, None, None],  # 8 blank line: skipped
        ["A-7", "5", "", "31/02/2025", ""],  # 9 bad date
        ["a-7", "5", "xx", "ayer", ""],  # 10 repeated + unknown code + bad date
    ]
    clean, errors = validate_reading_rows(HEADERS, rows, known())
    assert [r["row_no"] for r in clean] == [2]
    assert codes(errors) == [
        (3, "account_missing"),
        (4, "account_not_in_lot"),
        (5, "account_repeated"),
        (6, "observation_unknown"),
        (7, "nothing_captured"),
        (9, "date_invalid"),
        (10, "account_repeated"),
        (10, "observation_unknown"),
        (10, "date_invalid"),
    ]
    params = {(row_no, code): p for row_no, code, p in errors}
    assert params[(4, "account_not_in_lot")] == {"account": "99999999"}
    assert params[(5, "account_repeated")] == {"account": "10000001", "row": 2}
    assert params[(10, "account_repeated")] == {"account": "A-7", "row": 9}
    assert params[(6, "observation_unknown")] == {"code": "77"}
    assert params[(9, "date_invalid")] == {"value": "31/02/2025"}


def test_repeat_reported_even_when_the_first_row_has_another_problem():
    """Correcting the first row would still leave the account twice in the file: say it at once."""
    rows = [["10000001", "", "77"], ["10000001", "5", ""]]
    _clean, errors = validate_reading_rows(["cuenta", "lectura", "clave"], rows, known())
    assert codes(errors) == [(2, "observation_unknown"), (3, "account_repeated")]


def test_missing_columns_reported_on_the_header_row():
    clean, errors = validate_reading_rows(["lectura", "clave"], [["1", ""]], known())
    assert clean == []
    assert codes(errors) == [(1, "account_column_missing")]
    assert errors[0][2] == {"found": "lectura, clave"}
    _clean, errors = validate_reading_rows(["cuenta", "fecha"], [["10000001", ""]], known())
    assert codes(errors) == [(1, "capture_columns_missing")]
    _clean, errors = validate_reading_rows(["nombre"], [], known())
    assert codes(errors) == [(1, "account_column_missing"), (1, "capture_columns_missing")]


def test_short_rows_and_empty_file():
    clean, errors = validate_reading_rows(HEADERS, [["10000001", "7"]], known())
    assert errors == [] and clean[0]["reading"] == "7" and clean[0]["date"] is None
    assert validate_reading_rows(HEADERS, [], known()) == ([], [])


def test_observation_lookup():
    lookup = observation_lookup({"00", "01", "1A", "001"})
    assert lookup["01"] == "01"
    assert lookup["1A"] == "1A"
    assert lookup["0"] == "00"
    assert "1" not in lookup  # "01" and "001" are both 1: ambiguous, never guessed


def test_capture_dates():
    assert parse_capture_date(None) is None
    assert parse_capture_date("  ") is None
    assert parse_capture_date("2025-01-15 08:05") == datetime(2025, 1, 15, 8, 5)
    assert parse_capture_date("2025-01-15T08:05:09") == datetime(2025, 1, 15, 8, 5, 9)
    assert parse_capture_date("15/01/2025") == datetime(2025, 1, 15, 12, 0)
    assert parse_capture_date("15-01-2025 17:45:00") == datetime(2025, 1, 15, 17, 45)
    assert parse_capture_date(date(2025, 1, 15)) == datetime(2025, 1, 15, 12, 0)
    for bad in ("15/13/2025", "mañana", "2025-01-15 25:00", "12345"):
        with pytest.raises(ValueError):
            parse_capture_date(bad)


def test_accounts_found_in_their_stored_form():
    rows = [[" 1000 0001 ", "1"], [10000002.0, "2"], ["a-7", "3"]]
    clean, errors = validate_reading_rows(["cuenta", "lectura"], rows, known())
    assert errors == []
    assert [r["account"] for r in clean] == ["10000001", "10000002", "A-7"]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12,5", 12.5),
        ("1520,5", 1520.5),
        ("1,520", 1520.0),
        ("1,520.5", 1520.5),
        ("1.520,5", 1520.5),
        (" 1 520 ", 1520.0),
    ],
)
def test_decimal_comma_reading_kept_as_typed_and_read_as_its_figure(typed, value):
    """ "12,5" is 12.5 (never 125): the import keeps the text, the lot validation reads it with parse_number."""
    clean, errors = validate_reading_rows(["cuenta", "lectura"], [["10000001", typed]], known())
    assert errors == []
    assert clean[0]["reading"] == typed.strip() if isinstance(typed, str) else typed
    assert parse_reading(clean[0]["reading"]) == value
    assert assess(ReadingInput(text=clean[0]["reading"], previous=10.0, average=1500.0)).value == value


@pytest.mark.parametrize("typed", ["12,3456", "1,2,3", "1.234.567", "12O4"])
def test_reading_that_cannot_be_read_goes_to_review_as_not_a_number(typed):
    clean, errors = validate_reading_rows(["cuenta", "lectura"], [["10000001", typed]], known())
    assert errors == [] and clean[0]["reading"] == typed
    assert assess(ReadingInput(text=typed, previous=10.0, average=15.0)).anomaly == NOT_A_NUMBER
