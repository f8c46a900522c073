import pytest
from water_billing_utils.reading import (
    ESTIMATED,
    HIGH_CONSUMPTION,
    LOWER_THAN_PREVIOUS,
    MEASURED,
    MINIMUM,
    NEGATIVE,
    NOT_A_NUMBER,
    NOT_CAPTURED,
    NOTHING,
    ZERO_OCCUPIED,
    ReadingInput,
    assess,
    estimate,
    expected_range,
    meter_difference,
    parse_reading,
)


def test_parse_reading():
    assert parse_reading(" 1 234 ") == 1234.0
    assert parse_reading("12,5") == 12.5
    assert parse_reading("1,234.5") == 1234.5
    assert parse_reading("") is None
    assert parse_reading(None) is None
    with pytest.raises(ValueError):
        parse_reading("s/l")


def test_meter_difference_and_rollover():
    assert meter_difference(100, 130, 5) == (30, False)
    assert meter_difference(99_990, 15, 5) == (25, True)  # 5-digit dial rolled over
    assert meter_difference(9_995, 3, 4) == (8, True)
    assert meter_difference(500, 480, 5) == (None, False)  # lower, not a roll-over


def test_estimate_average_of_last_n_or_class_default():
    assert estimate([10, 20, 30, 40], 3, 15) == 20.0  # newest first: 10, 20, 30
    assert estimate([], 6, 15) == 15.0
    assert estimate([None, 12], 6, 15) == 12.0


def test_measured_reading():
    result = assess(ReadingInput(text="1130", previous=1100, average=25))
    assert (result.basis, result.consumption, result.anomaly) == (MEASURED, 30, None)


def test_anomalies_go_to_review_never_billed_silently():
    cases = {
        "": NOT_CAPTURED,
        "s/l": NOT_A_NUMBER,
        "-5": NEGATIVE,
        "1090": LOWER_THAN_PREVIOUS,
        "1100": ZERO_OCCUPIED,
        "1200": HIGH_CONSUMPTION,  # 100 m3 > 3 x 25
    }
    for text, anomaly in cases.items():
        result = assess(ReadingInput(text=text, previous=1100, average=25))
        assert result.anomaly == anomaly, text
    # the same zero is fine where nobody lives
    assert assess(ReadingInput(text="1100", previous=1100, average=25, unoccupied=True)).anomaly is None


def test_rollover_is_measured_not_flagged():
    result = assess(ReadingInput(text="12", previous=99_985, digits=5, average=25))
    assert (result.basis, result.consumption, result.rolled_over, result.anomaly) == (MEASURED, 27, True, None)


def test_observation_decides_basis():
    estimated = assess(ReadingInput(text="", previous=100, average=18.5, observation_mode=ESTIMATED))
    assert (estimated.basis, estimated.consumption, estimated.anomaly) == (ESTIMATED, 18.5, None)
    minimum = assess(ReadingInput(text=None, previous=100, minimum=10, observation_mode=MINIMUM))
    assert (minimum.basis, minimum.consumption) == (MINIMUM, 10)
    nothing = assess(ReadingInput(text="x", previous=100, observation_mode=NOTHING))
    assert (nothing.basis, nothing.consumption, nothing.anomaly) == (NOTHING, 0, None)


def test_real_reading_corrects_previous_estimates():
    # 2 periods billed by estimate (20 + 20) since the last real reading 1000; the meter now shows 1070
    result = assess(ReadingInput(text="1070", previous=1000, average=20, estimated_since=40))
    assert (result.measured, result.correction, result.consumption) == (70, 40, 30)
    # the estimate was too high: never bill a negative consumption
    low = assess(ReadingInput(text="1030", previous=1000, average=20, estimated_since=40))
    assert (low.consumption, low.correction) == (0, 30)


def test_meter_change_in_the_period():
    # old meter read 500 last period, removed at 520; new meter installed at 3, now reads 18
    result = assess(ReadingInput(text="18", previous=500, average=30, old_meter_final=520, new_meter_initial=3))
    assert (result.basis, result.consumption, result.anomaly) == (MEASURED, 35, None)
    bad = assess(ReadingInput(text="18", previous=500, average=30, old_meter_final=480, new_meter_initial=3))
    assert bad.anomaly == LOWER_THAN_PREVIOUS


def test_expected_range():
    assert expected_range(100, 20, 3) == (100, 160)
    assert expected_range(100, 0, 3) == (100, 100)
