"""The cell helpers every import shares (water_registry/utils/tables.py)."""

from decimal import Decimal as D

import pytest
from water_registry_utils.tables import (
    NUMBER_REASONS,
    NumberError,
    cell_text,
    header_key,
    map_headers,
    parse_number,
    plain,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # the Mexican convention: point for decimals, comma for thousands
        ("1,250.50", D("1250.50")),
        ("1,250", D(1250)),
        ("1,250,000", D(1250000)),
        ("1,234,567.891", D("1234567.891")),
        ("12.5", D("12.5")),
        ("1.250", D("1.250")),  # a lone point is the decimal point
        ("0.5", D("0.5")),
        (".5", D("0.5")),
        ("007", D(7)),
        # a comma followed by one or two digits and no point: a decimal comma
        ("12,5", D("12.5")),
        ("12,50", D("12.50")),
        ("0,25", D("0.25")),
        ("1234,5", D("1234.5")),
        # European, unambiguous: points grouping, one comma last
        ("1.250,50", D("1250.50")),
        ("1.250.000,5", D("1250000.5")),
        # blanks grouping thousands, a currency sign, surrounding blanks, signs
        ("1 250", D(1250)),
        ("1 250.50", D("1250.50")),
        ("1 250,5", D("1250.5")),
        ("1\u00a0250", D(1250)),
        (" $1,250.50 ", D("1250.50")),
        ("$ 300", D(300)),
        ("-12.5", D("-12.5")),
        ("- 12", D(-12)),
        ("-$12.50", D("-12.50")),
        ("$-12.50", D("-12.50")),
        ("+3", D(3)),
        # cells that are numbers already (openpyxl, Decimal)
        (12, D(12)),
        (12.5, D("12.5")),
        (0.1, D("0.1")),
        (D("10.25"), D("10.25")),
        (-4, D(-4)),
        # empty
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_number_reads(value, expected):
    number = parse_number(value)
    assert number == expected
    assert number is None or isinstance(number, D)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1,2,3", "grouping"),
        ("12,3456", "grouping"),
        ("0,250", "grouping"),  # thousands never start with 0: it is a decimal comma with three places, or not
        ("1,25,000", "grouping"),
        ("1,250,50", "grouping"),
        ("12 5", "grouping"),
        ("1.25,5", "grouping"),
        ("1.234.567", "ambiguous"),  # points only: which one is the decimal point?
        ("1.250.50", "ambiguous"),
        ("1,250.50.1", "ambiguous"),
        ("1 250,000", "ambiguous"),  # blanks and commas both grouping
        ("1 250.000,5", "ambiguous"),
        ("doce", "not_a_number"),
        ("12O4", "not_a_number"),
        ("1e5", "not_a_number"),
        ("12.", "not_a_number"),
        ("12,", "not_a_number"),
        (",", "not_a_number"),
        (".", "not_a_number"),
        ("$", "not_a_number"),
        ("--5", "not_a_number"),
        ("5-", "not_a_number"),
        ("(12.50)", "not_a_number"),
        ("12 %", "not_a_number"),
        (True, "not_a_number"),
        (float("nan"), "not_a_number"),
        (float("inf"), "not_a_number"),
        (D("NaN"), "not_a_number"),
    ],
)
def test_parse_number_refuses_what_needs_a_guess(value, reason):
    with pytest.raises(NumberError) as info:
        parse_number(value)
    assert info.value.reason == reason
    assert info.value.reason in NUMBER_REASONS
    assert isinstance(info.value, ValueError), "callers may catch ValueError"


def test_parse_number_whole_numbers():
    assert parse_number("12", integer=True) == D(12)
    assert parse_number(12.0, integer=True) == D(12)
    assert parse_number("1,250", integer=True) == D(1250)
    assert parse_number("12.0", integer=True) == D(12)
    for value in ("12.5", "12,5", 12.5):
        with pytest.raises(NumberError) as info:
            parse_number(value, integer=True)
        assert info.value.reason == "not_integer"


def test_parse_number_places():
    assert parse_number("12,5", places=2) == D("12.50")
    assert str(parse_number("12,5", places=2)) == "12.50"
    assert parse_number("10.500", places=2) == D("10.50")
    assert parse_number(99.9, places=2) == D("99.90")
    assert parse_number("1,250", places=2) == D("1250.00")
    for value in ("10.001", 0.125, "1.250,505"):
        with pytest.raises(NumberError) as info:
            parse_number(value, places=2)
        assert info.value.reason == "decimal_places"
    with pytest.raises(NumberError):
        parse_number(1e40, places=2)


def test_cell_text_plain_and_headers():
    assert cell_text(None) == ""
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text("  a b ") == "a b"
    assert cell_text(7) == "7"
    assert plain("  Doméstico   MIXTO ") == "domestico mixto"
    assert header_key("No._Autorización") == "no autorizacion"
    assert header_key(None) == ""


def test_map_headers():
    columns = {"account": ("cuenta", "no. cuenta", "account_number"), "reading": ("lectura",)}
    mapping, missing, unknown = map_headers(
        ["No Cuenta", "Lectura", "cuenta", "", None, "Nombre"], columns, ["account"]
    )
    assert mapping == {0: "account", 1: "reading"}, "the first of two equivalent headers wins"
    assert (missing, unknown) == ([], ["Nombre"]), "a second account column is not unknown, just not used"
    mapping, missing, _unknown = map_headers(["ACCOUNT NUMBER"], columns, ["account", "reading"])
    assert (mapping, missing) == ({0: "account"}, ["reading"])
