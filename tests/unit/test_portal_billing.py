from datetime import date

import pytest
from water_billing_utils import portal_billing as pb

TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("state", "payment_state", "residual", "due", "expected"),
    [
        ("cancel", "not_paid", 100.0, date(2025, 1, 1), pb.CANCELLED),
        ("posted", "reversed", 0.0, date(2025, 1, 1), pb.REVERSED),
        ("posted", "paid", 0.0, date(2025, 1, 1), pb.PAID),
        ("posted", "in_payment", 0.0, date(2025, 7, 1), pb.PAID),
        ("posted", "partial", 40.0, date(2025, 7, 1), pb.PARTIAL),
        ("posted", "partial", 40.0, date(2025, 6, 1), pb.OVERDUE),
        ("posted", "not_paid", 100.0, date(2025, 6, 14), pb.OVERDUE),
        ("posted", "not_paid", 100.0, TODAY, pb.PENDING),
        ("posted", "not_paid", 100.0, None, pb.PENDING),
    ],
)
def test_bill_status(state, payment_state, residual, due, expected):
    assert pb.bill_status(state, payment_state, residual, due, TODAY) == expected


def test_chart_bars_keeps_the_last_twelve_and_averages_them():
    periods = [(f"m{i}", "25", float(i)) for i in range(1, 15)]
    bars, average = pb.chart_bars(periods)
    assert [bar["label"] for bar in bars] == [f"m{i}" for i in range(3, 15)]
    assert bars[-1]["height"] == 100.0
    assert bars[0]["height"] == round(3 / 14 * 100, 2)
    assert average == round(sum(range(3, 15)) / 12, 1)


def test_chart_bars_small_and_zero_volumes():
    bars, average = pb.chart_bars([("ene", "25", 0), ("feb", "25", 0.5), ("mar", "25", 100), ("abr", "25", 12.25)])
    assert [bar["height"] for bar in bars] == [0.0, 3.0, 100.0, 12.25]
    assert [bar["text"] for bar in bars] == ["0", "0.5", "100", "12.2"]
    assert average == 28.2
    assert pb.chart_bars([]) == ([], None)


@pytest.mark.parametrize(
    ("text", "last", "digits", "expected"),
    [
        ("1234", 1200.0, 5, (1234.0, None)),
        (" 1 234,5 ", 1200.0, 5, (1234.5, None)),
        ("1200", 1200.0, 5, (1200.0, None)),
        ("", 1200.0, 5, (None, pb.EMPTY)),
        ("doce", 1200.0, 5, (None, pb.NOT_A_NUMBER)),
        ("nan", 1200.0, 5, (None, pb.NOT_A_NUMBER)),
        ("-5", 1200.0, 5, (None, pb.NEGATIVE)),
        ("100000", 1200.0, 5, (None, pb.TOO_MANY_DIGITS)),
        ("1100", 1200.0, 5, (None, pb.LOWER)),
        ("15", 99990.0, 5, (15.0, None)),  # the dial rolled over
        ("15", None, 5, (15.0, None)),
    ],
)
def test_check_self_reading(text, last, digits, expected):
    assert pb.check_self_reading(text, last, digits) == expected


def test_check_photo():
    assert pb.check_photo(0, "image/png") == "missing"
    assert pb.check_photo(pb.MAX_PHOTO_BYTES + 1, "image/png") == "too_big"
    assert pb.check_photo(1000, "application/pdf") == "not_an_image"
    assert pb.check_photo(1000, "image/jpeg") is None
