from water_billing_utils.bill_chart import bars, volume_text


def test_volume_text():
    assert volume_text(15) == "15"
    assert volume_text(15.0) == "15"
    assert volume_text(15.26) == "15.3"
    assert volume_text(0.04) == "0"
    assert volume_text(None) == "0"


def test_heights_proportional_to_the_largest_volume():
    result = bars([("ene", "25", 10), ("feb", "25", 20), ("mar", "25", 5)], max_height=20)
    assert [bar["height"] for bar in result] == [10.0, 20.0, 5.0]
    assert [bar["text"] for bar in result] == ["10", "20", "5"]
    assert [bar["label"] for bar in result] == ["ene", "feb", "mar"]
    assert not any(bar["current"] for bar in result)


def test_small_consumption_still_shows_and_zero_draws_nothing():
    result = bars([("ene", "25", 0), ("feb", "25", 0.1), ("mar", "25", 500)], max_height=20, min_height=0.8)
    assert result[0]["height"] == 0
    assert result[1]["height"] == 0.8
    assert result[2]["height"] == 20


def test_only_the_last_periods():
    periods = [(f"m{i}", "25", i) for i in range(1, 16)]
    result = bars(periods, max_periods=12)
    assert len(result) == 12
    assert result[0]["label"] == "m4" and result[-1]["label"] == "m15"


def test_nothing_billed_yet():
    assert bars([]) == []
    assert [bar["height"] for bar in bars([("ene", "25", 0), ("feb", "25", -3)])] == [0, 0]
