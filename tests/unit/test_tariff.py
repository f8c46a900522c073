from decimal import Decimal as D

import pytest
from water_billing_utils.tariff import (
    FLAT,
    INCREMENTAL,
    Block,
    Tariff,
    block_reached,
    consumption_charge,
    money,
    price,
    totals,
)

# A published Mexican block tariff (2021): 0-10 free; 10.01-20 at 17.33; 20.01-40 at 26.70;
# 40.01-60 at 34.18; over 60 at 83.60, plus a fixed charge by the highest block reached.
PUBLISHED = [
    Block(10, D(0), D("140.99")),
    Block(20, D("17.33"), D("163.82")),
    Block(40, D("26.70"), D("411.12")),
    Block(60, D("34.18"), D("981.74")),
    Block(None, D("83.60"), D("2205.67")),
]


def amounts(lines, concept=None):
    return [line.amount for line in lines if concept is None or line.concept == concept]


def test_published_case_15_m3():
    lines = price(Tariff(blocks=PUBLISHED), 15, services=("water",))
    assert sum(amounts(lines)) == D("163.82") + 5 * D("17.33") == D("250.47")
    assert [(line.concept, line.quantity) for line in lines] == [
        ("consumption", 10),
        ("consumption", 5),
        ("block_fixed", 1),
    ]


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        (0, D("140.99")),
        (10, D("140.99")),
        (20, D("163.82") + 10 * D("17.33")),
        (35, D("411.12") + 10 * D("17.33") + 15 * D("26.70")),
        (60, D("981.74") + 10 * D("17.33") + 20 * D("26.70") + 20 * D("34.18")),
        (75, D("2205.67") + 10 * D("17.33") + 20 * D("26.70") + 20 * D("34.18") + 15 * D("83.60")),
    ],
)
def test_published_tariff_by_hand(volume, expected):
    assert sum(amounts(price(Tariff(blocks=PUBLISHED), volume, services=("water",)))) == expected


def test_block_reached_boundaries():
    assert block_reached(PUBLISHED, 0) == 0
    assert block_reached(PUBLISHED, 10) == 0
    assert block_reached(PUBLISHED, 10.01) == 1
    assert block_reached(PUBLISHED, 1000) == 4
    with pytest.raises(ValueError):
        block_reached([Block(10, D(1))], 11)


def test_flat_method_whole_volume_at_reached_price():
    blocks = [Block(10, D(5)), Block(30, D(8)), Block(None, D(12))]
    assert consumption_charge(blocks, 25, FLAT) == [(1, 25, D(8), D("200.00"))]
    assert consumption_charge(blocks, 25, INCREMENTAL) == [(0, 10, D(5), D("50.00")), (1, 15, D(8), D("120.00"))]


def test_minimum_volume_and_base_fee():
    tariff = Tariff(blocks=[Block(None, D("7.78"))], base_fee=D("45.50"), minimum_volume=10)
    lines = price(tariff, 4, services=("water",))
    assert amounts(lines) == [D("45.50"), D("77.80")]
    assert lines[1].quantity == 10


def test_drainage_and_sanitation_percentages_and_vat():
    tariff = Tariff(
        blocks=[Block(None, D("10.00"))],
        drainage_pct=D(20),
        sanitation_pct=D(15),
        vat_water=D(16),
        vat_drainage=D(16),
        vat_sanitation=D(16),
    )
    lines = price(tariff, 12.5, services=("water", "drainage", "sanitation"))
    assert amounts(lines, "consumption") == [D("125.00")]
    assert amounts(lines, "drainage") == [D("25.00")]
    assert amounts(lines, "sanitation") == [D("18.75")]
    untaxed, vat, total = totals(lines)
    assert (untaxed, vat, total) == (D("168.75"), D("27.00"), D("195.75"))


def test_domestic_water_zero_vat_commercial_sixteen():
    domestic = price(Tariff(blocks=[Block(None, D("9.99"))]), 3, services=("water",))
    assert totals(domestic) == (D("29.97"), D("0.00"), D("29.97"))
    commercial = price(Tariff(blocks=[Block(None, D("9.99"))], vat_water=D(16)), 3, services=("water",))
    assert totals(commercial) == (D("29.97"), D("4.80"), D("34.77"))


def test_drainage_with_blocks_of_its_own():
    tariff = Tariff(blocks=[Block(None, D(10))], drainage_blocks=[Block(10, D(1)), Block(None, D(2))])
    lines = price(tariff, 15, services=("water", "drainage"))
    assert amounts(lines, "drainage") == [D("10.00"), D("10.00")]


def test_services_subset_own_well_pays_drainage_only():
    tariff = Tariff(blocks=[Block(None, D(10))], drainage_pct=D(20))
    # drainage as a percentage of what the volume would cost as water: 20% of 200
    assert [(line.concept, line.amount) for line in price(tariff, 20, services=("drainage",))] == [
        ("drainage", D("40.00"))
    ]
    own_blocks = Tariff(blocks=[Block(None, D(10))], drainage_blocks=[Block(None, D(3))])
    assert amounts(price(own_blocks, 20, services=("drainage",))) == [D("60.00")]


def test_fixed_quota_for_unmetered():
    tariff = Tariff(blocks=PUBLISHED, fixed_quota=D("185.40"), drainage_pct=D(25))
    lines = price(tariff, 0, metered=False)
    assert [(line.concept, line.amount) for line in lines] == [("fixed_quota", D("185.40")), ("drainage", D("46.35"))]


def test_social_discount_on_first_m3():
    tariff = Tariff(blocks=[Block(None, D("10.00"))], discount_pct=D(50), discount_volume=10)
    eligible = price(tariff, 16, services=("water",), eligible=True)
    assert amounts(eligible, "discount") == [D("-50.00")]  # 50% of the first 10 m3
    assert sum(amounts(eligible)) == D("110.00")
    assert not amounts(price(tariff, 16, services=("water",)), "discount")
    whole = Tariff(blocks=[Block(None, D("10.00"))], discount_pct=D(50))
    assert amounts(price(whole, 16, services=("water",), eligible=True), "discount") == [D("-80.00")]


def test_rounding_half_up_to_the_centavo():
    assert money(D("0.005")) == D("0.01")
    assert money(2.675) == D("2.68")  # from the decimal text, not the binary float
    lines = price(Tariff(blocks=[Block(None, D("17.333"))]), 3, services=("water",))
    assert amounts(lines) == [D("52.00")]
