"""The plain-Python rules of the reports to government: periods, figure keys, printing."""

from datetime import date

import pytest
from water_reports_utils import government


@pytest.mark.parametrize(
    ("periodicity", "number", "expected"),
    [
        ("bimonthly", 1, (date(2025, 1, 1), date(2025, 2, 28))),
        ("bimonthly", 2, (date(2025, 3, 1), date(2025, 4, 30))),
        ("bimonthly", 6, (date(2025, 11, 1), date(2025, 12, 31))),
        ("quarterly", 1, (date(2025, 1, 1), date(2025, 3, 31))),
        ("quarterly", 4, (date(2025, 10, 1), date(2025, 12, 31))),
        ("annual", 1, (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_period_bounds(periodicity, number, expected):
    assert government.period_bounds(periodicity, 2025, number) == expected


def test_leap_february_in_the_first_bimester():
    assert government.period_bounds("bimonthly", 2024, 1) == (date(2024, 1, 1), date(2024, 2, 29))


@pytest.mark.parametrize(
    ("periodicity", "number"), [("bimonthly", 7), ("bimonthly", 0), ("quarterly", 5), ("annual", 2)]
)
def test_a_period_outside_the_periodicity_is_refused(periodicity, number):
    with pytest.raises(ValueError, match="between 1 and"):
        government.period_bounds(periodicity, 2025, number)


def test_unknown_periodicity():
    with pytest.raises(ValueError, match="unknown periodicity"):
        government.period_bounds("monthly", 2025, 1)


@pytest.mark.parametrize(
    ("key", "parsed"),
    [
        ("micromedicion", ("micromedicion", None, "value")),
        ("tomas_by_class:DOM", ("tomas_by_class", "DOM", "value")),
        ("eficiencia_fisica.denominator", ("eficiencia_fisica", None, "denominator")),
        (" accounts_by_state.cut ", ("accounts_by_state", None, "cut")),
        ("tomas_metered:COM.value", ("tomas_metered", "COM", "value")),
    ],
)
def test_parse_key(key, parsed):
    assert government.parse_key(key) == parsed


@pytest.mark.parametrize("key", ["", "Eficiencia", "a b", "x:", "x.", "1abc", "x:y:z"])
def test_bad_keys(key):
    with pytest.raises(ValueError, match="not a figure key"):
        government.parse_key(key)


def test_figure_part():
    figure = {"value": 80.0, "numerator": 8, "denominator": 10, "breakdown": {"active": 7, "cut": 1}}
    assert government.figure_part(figure, "value") == 80.0
    assert government.figure_part(figure, "denominator") == 10
    assert government.figure_part(figure, "cut") == 1
    assert government.figure_part(figure, "suspended") == 0
    assert government.figure_part({"value": 3}, "cut") is None
    assert government.figure_part(None, "value") is None


def test_per_unit():
    assert government.per_unit(1000, 400) == 2.5
    assert government.per_unit(10, 3) == 3.33
    assert government.per_unit(10, 0) is None
    assert government.per_unit(10, None) is None


def test_format_number():
    assert government.format_number(None, "%") == "n/a"
    assert government.format_number(1234.5, "MXN") == "$ 1,234.50"
    assert government.format_number(12345, "tomas") == "12,345"
    assert government.format_number(87.5, "%") == "87.50"
    assert government.format_number(1500, "m³") == "1,500.00"
    assert government.format_number(2.345, "months") == "2.35"


def test_formula_part():
    ratio = "Amount collected in the period ÷ amount billed in the period (bills ÷ months) × 100"
    assert government.formula_part(ratio, "numerator") == "Amount collected in the period"
    assert government.formula_part(ratio, "denominator") == "amount billed in the period (bills ÷ months)"
    assert government.formula_part(ratio, "value") is None
    assert government.formula_part("Accounts activated in the period", "numerator") is None
