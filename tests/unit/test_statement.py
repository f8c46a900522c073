from datetime import date
from decimal import Decimal as D

import pytest
from water_billing_utils.statement import (
    INVERTED,
    MISSING,
    NOT_A_DATE,
    TOO_OLD,
    balances_by_date,
    build,
    default_range,
    paginate,
    parse_date,
    read_range,
    year_before,
)

JAN, FEB, MAR = date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 10)


def test_running_balance_and_totals():
    entries = [
        {"date": JAN, "document": "INV/1", "charge": 120.0, "credit": 0},
        {"date": FEB, "document": "INV/2", "charge": 80.004, "credit": 0},
        {"date": MAR, "document": "RINV/1", "charge": 0, "credit": 30},
        {"date": MAR, "document": "PAY/1", "charge": 0, "credit": 50.5},
    ]
    statement = build(15.25, entries, JAN, MAR)
    assert [line["balance"] for line in statement.lines] == [D("135.25"), D("215.25"), D("185.25"), D("134.75")]
    assert statement.opening == D("15.25")
    assert statement.charges == D("200.00")
    assert statement.credits == D("80.50")
    assert statement.closing == D("134.75") == statement.lines[-1]["balance"]
    assert statement.lines[1]["charge"] == D("80.00")
    # the lines keep what the entries carry
    assert [line["document"] for line in statement.lines] == ["INV/1", "INV/2", "RINV/1", "PAY/1"]
    assert "balance" not in entries[0]
    # the balance at the end of each day: the last line of the day
    assert balances_by_date(statement) == {JAN: D("135.25"), FEB: D("215.25"), MAR: D("134.75")}


def test_credit_balance_and_no_lines():
    statement = build(-40, [{"date": JAN, "charge": 25, "credit": 0}])
    assert statement.closing == D("-15.00")
    empty = build(D("99.99"), [])
    assert empty.lines == [] and empty.charges == empty.credits == D(0)
    assert empty.closing == D("99.99")


def test_a_line_both_charging_and_crediting_moves_the_balance_by_the_difference():
    statement = build(0, [{"date": JAN, "charge": 100, "credit": 60}])
    assert statement.lines[0]["balance"] == D("40.00")
    assert (statement.charges, statement.credits) == (D("100.00"), D("60.00"))


def test_default_range_is_the_last_twelve_months():
    assert default_range(date(2025, 4, 15)) == (date(2024, 4, 16), date(2025, 4, 15))
    assert default_range(date(2025, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert default_range(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))
    assert year_before(date(2024, 2, 29)) == date(2023, 2, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01", date(2025, 3, 1)),
        (" 2025-3-1 ", date(2025, 3, 1)),
        ("01/03/2025", date(2025, 3, 1)),
        ("2025-02-30", None),
        ("31/02/2025", None),
        ("03/01/25", None),
        ("mañana", None),
        ("", None),
        (None, None),
        (date(2025, 1, 2), date(2025, 1, 2)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_read_range():
    today = date(2025, 4, 15)
    assert read_range("", "", today) == (date(2024, 4, 16), today, None)
    assert read_range(None, None, today) == (date(2024, 4, 16), today, None)
    assert read_range("2025-01-01", "", today) == (date(2025, 1, 1), today, None)
    assert read_range("2025-01-01", "28/02/2025", today) == (date(2025, 1, 1), date(2025, 2, 28), None)
    assert read_range("", "2025-02-01", today)[2] == MISSING
    assert read_range("2025-13-01", "2025-02-01", today)[2] == NOT_A_DATE
    assert read_range("2025-01-01", "ayer", today)[2] == NOT_A_DATE
    assert read_range("2025-03-01", "2025-02-01", today)[2] == INVERTED
    assert read_range("1800-03-01", "2025-02-01", today)[2] == TOO_OLD
    # a range reaching into the future is allowed: it shows what is posted
    assert read_range("2025-01-01", "2026-01-01", today) == (date(2025, 1, 1), date(2026, 1, 1), None)


def test_paginate():
    assert paginate(0, 30, 40, 5) == [(0, 0)]
    assert paginate(25, 30, 40, 5) == [(0, 25)]
    # the lines fit the first page but the totals do not: one line goes with them to a second page
    assert paginate(28, 30, 40, 5) == [(0, 27), (27, 28)]
    assert paginate(30, 30, 40, 5) == [(0, 29), (29, 30)]
    assert paginate(31, 30, 40, 5) == [(0, 30), (30, 31)]
    assert paginate(100, 30, 40, 5) == [(0, 30), (30, 70), (70, 100)]
    assert paginate(105, 30, 40, 5) == [(0, 30), (30, 70), (70, 105)]
    assert paginate(106, 30, 40, 5) == [(0, 30), (30, 70), (70, 105), (105, 106)]
    pages = paginate(400, 30, 40, 5)
    assert pages[0] == (0, 30) and pages[-1][1] == 400
    assert all(stop - start <= 40 for start, stop in pages)
    assert all(pages[i][1] == pages[i + 1][0] for i in range(len(pages) - 1))
    with pytest.raises(ValueError):
        paginate(10, 5, 40, 5)
