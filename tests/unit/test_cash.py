from decimal import Decimal as D

import pytest
from water_collections_utils.cash import change_due, count_differences, format_amount


def test_change_due_only_from_cash():
    assert change_due(180.50, 200, 0) == D("19.50")
    assert change_due(180.50, 0, 180.50) == D("0.00")
    assert change_due(180.50, 100, 80.50) == D("0.00")
    with pytest.raises(ValueError):
        change_due(100, 0, 120)  # a card never gives change
    with pytest.raises(ValueError):
        change_due(100, 50, 20)  # short


def test_count_differences():
    result = count_differences({"cash": 1500, "card": 300}, {"cash": 1490.5, "card": 300, "cheque": 10})
    assert result == {
        "card": (D("300.00"), D("300.00"), D("0.00")),
        "cash": (D("1500.00"), D("1490.50"), D("-9.50")),
        "cheque": (D("0.00"), D("10.00"), D("10.00")),
    }


def test_format_amount():
    assert format_amount(1234.5) == "1,234.50"
    assert format_amount(None) == "0.00"
