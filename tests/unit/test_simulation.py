from datetime import date
from decimal import Decimal as D

from water_billing_utils.simulation import (
    BUCKETS,
    UNCHANGED,
    adjust,
    break_even,
    bucket,
    bucket_bounds,
    changes_for,
    months,
    over_share,
)
from water_billing_utils.tariff import Block, Tariff, price, totals


def tariff():
    return Tariff(
        blocks=[Block(10, D("5.00"), D("100.00")), Block(None, D("12.35"))],
        base_fee=D("30.00"),
        fixed_quota=D("185.40"),
        drainage_pct=D(20),
    )


def test_adjust_changes_each_block_and_rounds_to_the_centavo():
    changed = adjust(tariff(), [10, 0], 10)
    assert [b.price for b in changed.blocks] == [D("5.50"), D("12.35")]
    assert changed.blocks[0].fixed == D("110.00")
    assert changed.base_fee == D("33.00")
    assert changed.fixed_quota == D("203.94")  # 185.40 x 1.1 = 203.94
    assert changed.drainage_pct == D(20)  # follows the water charge by itself


def test_adjust_without_change_is_the_same_tariff():
    original = tariff()
    assert adjust(original, [0, 0], 0) is original


def test_ten_percent_by_hand():
    # 15 m3 (second block reached: no fixed charge): base 30 + 10 x 5 + 5 x 12.35 = 141.75;
    # drainage 20 % of it = 28.35 -> 170.10
    assert totals(price(tariff(), 15, ("water", "drainage")))[0] == D("170.10")
    # +10 %: 33 + 10 x 5.50 + 5 x 13.59 (12.35 x 1.1 = 13.585 -> 13.59) = 155.95; drainage 31.19 -> 187.14
    changed = adjust(tariff(), [10, 10], 10)
    assert totals(price(changed, 15, ("water", "drainage")))[0] == D("187.14")
    # 8 m3 in the first block: its fixed charge 100 -> 110; 33 + 110 + 44 = 187; drainage 37.40 -> 224.40
    assert totals(price(changed, 8, ("water", "drainage")))[0] == D("224.40")


def test_changes_for_prefers_the_class_and_the_block():
    changes = [(None, 0, 5.0), (7, 0, 8.0), (7, 2, 15.0), (None, 1, 2.0)]
    assert changes_for(changes, 7, 3) == ([8.0, 15.0, 8.0], 8.0)
    assert changes_for(changes, 9, 3) == ([2.0, 5.0, 5.0], 5.0)
    assert changes_for([], 9, 2) == ([0.0, 0.0], 0.0)


def test_buckets_at_their_limits():
    assert bucket(0) == UNCHANGED and bucket(D("0.004")) == UNCHANGED and bucket(-0.004) == UNCHANGED
    assert bucket(D("0.01")) == UNCHANGED + 1 and bucket(D("-0.01")) == UNCHANGED - 1
    assert bucket(-100.01) == 0 and bucket(-100) == 1 and bucket(-50.01) == 1
    assert bucket(4.99) == UNCHANGED + 1 and bucket(5) == UNCHANGED + 2
    assert bucket(99.99) == BUCKETS - 2 and bucket(100) == BUCKETS - 1 and bucket(10**6) == BUCKETS - 1
    assert bucket_bounds(0) == (None, -100) and bucket_bounds(BUCKETS - 1) == (100, None)
    assert bucket_bounds(UNCHANGED - 1) == (-5, 0) and bucket_bounds(UNCHANGED + 1) == (0, 5)


def test_break_even():
    assert break_even(D(1000000), D(1080000)) == 8.0
    assert break_even(D(950000), D(1000000)) == 5.26  # 1,000,000 / 950,000 = 1.052631...
    assert break_even(0, 100) is None and break_even(100, 0) is None


def test_months_and_share_of_income():
    assert months(date(2026, 1, 1), date(2026, 1, 31)) == 1
    assert months(date(2026, 1, 1), date(2026, 2, 28)) == 2
    # 3 % of 8,364 = 250.92 a month: a bimonthly bill of 502 is over, of 501.84 is not
    assert over_share(502, 2, 8364, 3) and not over_share(D("501.84"), 2, 8364, 3)
    assert not over_share(1000, 1, 0, 3)
