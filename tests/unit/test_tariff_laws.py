"""The engine against tariffs written the way Mexican laws write them: the excess method, where a range's
limits belong, amounts in UMA and proration by days of service.

Most tables below are hand-built in the FORM the cited laws use (their columns, how they write ranges and
amounts), with round figures of our own; two are published figures, said so where they are: Cuautitlán
Izcalli's 2023 domestic table (excess method in UMA) and the 2024 Guanajuato figures of the press. Every
expected amount is computed by hand in the test.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from water_billing_utils.charges import value_on
from water_billing_utils.tariff import (
    CLOSED,
    EXCESS,
    FLAT,
    INCREMENTAL,
    OPEN,
    UMA,
    WHOLE,
    Block,
    Tariff,
    billed_volume,
    block_reached,
    in_pesos,
    price,
    service_days,
    totals,
)


def water(lines):
    return sum((line.amount for line in lines), D(0))


# The form of the Código Financiero del Estado de México y Municipios (its tables of derechos de agua
# potable): per range a lower and an upper limit (0-15, 15.01-30 ...), a "cuota mínima" and an "adicional
# por m³ excedente del límite inferior". Minimums chained so that the charge does not jump at a limit.
EDOMEX = [
    Block(15, D(0), D("80.00")),
    Block(30, D("6.10"), D("80.00")),
    Block(50, D("8.25"), D("171.50")),  # 80.00 + 15 x 6.10
    Block(None, D("11.40"), D("336.50")),  # 171.50 + 20 x 8.25
]


@pytest.mark.parametrize(
    ("volume", "expected", "reached"),
    [
        (0, D("80.00"), 0),
        (15, D("80.00"), 0),  # the limit closes the first range
        (15.01, D("80.06"), 1),  # 80.00 + 0.01 x 6.10 = 80.061
        (22, D("122.70"), 1),  # 80.00 + 7 x 6.10
        (30, D("171.50"), 1),  # 80.00 + 15 x 6.10
        (30.01, D("171.58"), 2),  # 171.50 + 0.01 x 8.25 = 171.5825
        (50, D("336.50"), 2),  # 171.50 + 20 x 8.25
        (50.01, D("336.61"), 3),  # 336.50 + 0.01 x 11.40 = 336.614
        (64, D("496.10"), 3),  # 336.50 + 14 x 11.40
    ],
)
def test_excess_edomex_form_both_sides_of_every_limit(volume, expected, reached):
    """Código Financiero del Estado de México y Municipios, derechos de agua potable (form only):
    cuota mínima of the range reached plus each m³ above its lower limit at the range's price."""
    lines = price(Tariff(method=EXCESS, blocks=EDOMEX), volume, services=("water",))
    assert water(lines) == expected
    assert {line.block for line in lines} == {reached}, "nothing is charged for the ranges below"


@pytest.mark.parametrize(
    ("volume", "expected", "reached"),
    [
        (14.99, D("80.00"), 0),
        (15, D("80.00"), 1),  # the limit opens the second range: its minimum, no excess yet
        (29.99, D("171.44"), 1),  # 80.00 + 14.99 x 6.10 = 171.439
        (30, D("171.50"), 2),
        (49.99, D("336.42"), 2),  # 171.50 + 19.99 x 8.25 = 336.4175
        (50, D("336.50"), 3),
    ],
)
def test_excess_open_limits_both_sides(volume, expected, reached):
    """The same table read "from 15 to less than 30": a volume at a limit is priced by the range it opens."""
    lines = price(Tariff(method=EXCESS, blocks=EDOMEX, limits=OPEN), volume, services=("water",))
    assert water(lines) == expected
    assert {line.block for line in lines} == {reached}


def test_excess_lines_are_minimum_and_excess():
    lines = price(Tariff(method=EXCESS, blocks=EDOMEX), 40, services=("water",))
    assert [(line.concept, line.quantity, line.unit_price, line.amount) for line in lines] == [
        ("consumption", 10, D("8.25"), D("82.50")),
        ("block_fixed", 1, D("171.50"), D("171.50")),
    ]


# The form of the Leyes de Ingresos of Sonora's municipalities (e.g. Caborca, whose OOMAPAS is one of our
# users) and of Guanajuato's: ranges in whole m³, "0 a 10", "11 a 20", "21 a 30", "31 en adelante".
WHOLE_M3 = [
    Block(10, D(0), D("95.00")),
    Block(20, D("9.80"), D("95.00")),
    Block(30, D("12.40"), D("193.00")),  # 95.00 + 10 x 9.80
    Block(None, D("16.10"), D("317.00")),  # 193.00 + 10 x 12.40
]


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        (10, D("95.00")),
        (10.4, D("95.00")),  # billed as 10 m³
        (10.5, D("104.80")),  # billed as 11 m³: 95.00 + 1 x 9.80
        (11, D("104.80")),
        (20, D("193.00")),
        (21, D("205.40")),  # 193.00 + 1 x 12.40
        (30, D("317.00")),
        (31, D("333.10")),  # 317.00 + 1 x 16.10
    ],
)
def test_excess_whole_m3_ranges(volume, expected):
    """Sonora / Guanajuato municipal Leyes de Ingresos (form only): ranges of whole m³, 11-20 starts at the
    11th m³; the excess of 15 m³ in 11-20 is 5 m³ (the 11th to the 15th)."""
    tariff = Tariff(method=EXCESS, blocks=WHOLE_M3, limits=WHOLE)
    assert water(price(tariff, volume, services=("water",))) == expected


def test_whole_m3_line_shows_the_billed_volume():
    lines = price(Tariff(method=EXCESS, blocks=WHOLE_M3, limits=WHOLE), 15.3, services=("water",))
    assert lines[0].quantity == 5
    assert billed_volume(15.5, WHOLE) == 16
    assert billed_volume(15.5, CLOSED) == 15.5


# Ranges written with shared limits, "de 0 a 10", "de 10 a 20", that the utility reads "from 10 to less
# than 20": the limit belongs to the range it opens.
SHARED = [Block(10, D("8.00")), Block(20, D("9.50")), Block(None, D("12.00"))]


@pytest.mark.parametrize(
    ("limits", "volume", "expected"),
    [
        (OPEN, 9.99, D("79.92")),
        (OPEN, 10, D("95.00")),  # 10 x 9.50: 10 m³ is in the second range
        (OPEN, 19.99, D("189.91")),  # 189.905
        (OPEN, 20, D("240.00")),
        (CLOSED, 10, D("80.00")),
        (CLOSED, 10.01, D("95.10")),  # 95.095
        (CLOSED, 20, D("190.00")),
        (CLOSED, 20.01, D("240.12")),
        (WHOLE, 10, D("80.00")),
        (WHOLE, 11, D("104.50")),
        (WHOLE, 20, D("190.00")),
        (WHOLE, 21, D("252.00")),
    ],
)
def test_flat_method_at_both_sides_of_every_limit(limits, volume, expected):
    """The flat method (the whole volume at the price of the range reached) moves to the next price exactly
    where the tariff says the limit belongs."""
    assert water(price(Tariff(method=FLAT, blocks=SHARED, limits=limits), volume, services=("water",))) == expected


# Incremental with a fixed charge by the range reached (the tariff of tests/unit/test_tariff.py).
PUBLISHED = [
    Block(10, D(0), D("140.99")),
    Block(20, D("17.33"), D("163.82")),
    Block(None, D("26.70"), D("411.12")),
]


@pytest.mark.parametrize(
    ("limits", "volume", "expected"),
    [
        (CLOSED, 10, D("140.99")),
        (CLOSED, 10.01, D("163.99")),  # 163.82 + 0.01 x 17.33 = 163.9933
        (CLOSED, 20, D("337.12")),  # 163.82 + 10 x 17.33
        (CLOSED, 20.01, D("584.69")),  # 411.12 + 173.30 + 0.01 x 26.70 = 584.687
        (WHOLE, 10, D("140.99")),
        (WHOLE, 11, D("181.15")),  # 163.82 + 17.33
        (WHOLE, 20, D("337.12")),
        (WHOLE, 21, D("611.12")),  # 411.12 + 173.30 + 26.70
        (OPEN, 9.99, D("140.99")),
        (OPEN, 10, D("163.82")),  # the second range's fixed charge, no m³ in it yet
        (OPEN, 20, D("584.42")),  # 411.12 + 173.30
    ],
)
def test_incremental_at_both_sides_of_every_limit(limits, volume, expected):
    tariff = Tariff(method=INCREMENTAL, blocks=PUBLISHED, limits=limits)
    assert water(price(tariff, volume, services=("water",))) == expected


def test_block_reached_by_limits():
    assert [block_reached(SHARED, v, CLOSED) for v in (10, 10.01, 20, 20.01)] == [0, 1, 1, 2]
    assert [block_reached(SHARED, v, OPEN) for v in (9.99, 10, 19.99, 20)] == [0, 1, 1, 2]


def test_excess_drainage_blocks_with_minimum():
    """Drainage with ranges of its own priced by the same method: minimum of its range plus its excess."""
    tariff = Tariff(
        method=EXCESS,
        blocks=WHOLE_M3,
        limits=WHOLE,
        drainage_blocks=[Block(10, D(0), D("30.00")), Block(None, D("2.50"), D("30.00"))],
    )
    drainage = [line.amount for line in price(tariff, 14, services=("water", "drainage")) if line.concept == "drainage"]
    assert drainage == [D("10.00"), D("30.00")]  # 4 x 2.50 and the minimum


def test_excess_social_discount_covers_the_minimum():
    """50% of the charge of the first 10 m³: under the excess method that charge is the minimum."""
    tariff = Tariff(method=EXCESS, blocks=WHOLE_M3, limits=WHOLE, discount_pct=D(50), discount_volume=10)
    lines = price(tariff, 15, services=("water",), eligible=True)
    assert [line.amount for line in lines if line.concept == "discount"] == [D("-47.50")]
    assert water(lines) == D("95.00") + 5 * D("9.80") - D("47.50")


# Amounts in UMA: laws of Puebla's municipalities and of
# Guanajuato's write quotas as "x veces el valor diario de la UMA". The UMA is the INEGI value in force from
# 1 February: 108.57 (2024), 113.14 (2025).
UMA_TARIFF = Tariff(
    method=INCREMENTAL,
    unit=UMA,
    base_fee=D("0.45"),
    fixed_quota=D("1.5"),
    blocks=[Block(10, D("0.1479")), Block(None, D("0.2"), D("0.75"))],
    drainage_pct=D(20),
)


def test_uma_amounts_priced_in_pesos_per_line():
    """0.45 UMA x 113.14 = 50.913 -> 50.91; 0.1479 x 113.14 = 16.733406 -> 16.73 per m³; 0.2 x 113.14 =
    22.628 -> 22.63; 0.75 x 113.14 = 84.855 -> 84.86. Each line: m³ x the price in pesos, to the centavo."""
    lines = price(UMA_TARIFF, 14, services=("water", "drainage"), uma=113.14)
    assert [(line.concept, line.quantity, line.unit_price, line.amount) for line in lines] == [
        ("base", 1, D("50.91"), D("50.91")),
        ("consumption", 10, D("16.73"), D("167.30")),
        ("consumption", 4, D("22.63"), D("90.52")),
        ("block_fixed", 1, D("84.86"), D("84.86")),
        ("drainage", 1, D("78.72"), D("78.72")),  # 20% of 393.59 = 78.718
    ]
    for line in lines:
        assert line.amount == (line.unit_price * D(str(line.quantity))).quantize(D("0.01"))
    assert totals(lines)[2] == D("472.31")


def test_uma_fixed_quota_and_year_of_the_uma():
    """The January period is priced with the UMA of the year before: the new one is in force from 1 February."""
    umas = [(date(2024, 2, 1), 108.57), (date(2025, 2, 1), 113.14)]
    january, february = value_on(umas, date(2025, 1, 31)), value_on(umas, date(2025, 2, 28))
    assert (january, february) == (108.57, 113.14)
    assert [line.amount for line in price(UMA_TARIFF, 0, ("water",), metered=False, uma=january)] == [
        D("48.86"),  # 0.45 x 108.57 = 48.8565
        D("162.86"),  # 1.5 x 108.57 = 162.855
    ]
    assert in_pesos(UMA_TARIFF, february).fixed_quota == D("169.71")  # 169.71 exactly


def test_uma_tariff_without_uma_is_refused():
    with pytest.raises(ValueError, match="UMA"):
        price(UMA_TARIFF, 10)
    assert in_pesos(Tariff(base_fee=D("10.00")), None).base_fee == D("10.00"), "a peso tariff needs no UMA"


# Proration: days of service in the period.
JUNE = (date(2025, 6, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    ("events", "active_now", "days"),
    [
        ([(date(2020, 3, 1), True)], True, (30, 30)),  # in service all along
        ([], True, (30, 30)),  # no dates known: its state now
        ([(date(2025, 6, 16), True)], True, (15, 30)),  # started on the 16th: 16-30
        ([(date(2025, 6, 1), True)], True, (30, 30)),
        ([(date(2025, 6, 30), True)], True, (1, 30)),
        ([(date(2020, 3, 1), True), (date(2025, 6, 16), False)], False, (15, 30)),  # cut on the 16th: 1-15
        ([(date(2020, 3, 1), True), (date(2025, 6, 1), False)], False, (0, 30)),
        ([(date(2020, 3, 1), True), (date(2025, 7, 3), False)], False, (30, 30)),  # cut after the period
        ([(date(2025, 6, 10), False), (date(2025, 6, 20), True)], True, (20, 30)),  # cut 10th, back 20th: 1-9 and 20-30
        ([(date(2025, 6, 5), True), (date(2025, 6, 25), False)], False, (20, 30)),  # 5th to 24th
        ([(date(2025, 5, 20), False), (date(2025, 6, 8), True)], True, (23, 30)),  # cut in May, back 8 June
        ([(date(2025, 6, 12), True), (date(2025, 6, 12), False)], False, (0, 30)),  # cancelled the same day
    ],
)
def test_service_days(events, active_now, days):
    assert service_days(*JUNE, events, active_now) == days


def test_service_days_bimonthly():
    assert service_days(date(2025, 7, 1), date(2025, 8, 31), [(date(2025, 8, 1), True)]) == (31, 62)


def test_prorated_base_fee_and_fixed_quota_consumption_as_measured():
    tariff = Tariff(blocks=[Block(None, D("28.40"))], base_fee=D("95.00"), fixed_quota=D("420.00"), drainage_pct=D(20))
    metered = price(tariff, 12, services=("water", "drainage"), days=(15, 30))
    assert [(line.concept, line.amount, line.days) for line in metered] == [
        ("base", D("47.50"), (15, 30)),
        ("consumption", D("340.80"), None),  # 12 x 28.40, as measured
        ("drainage", D("77.66"), None),  # 20% of 388.30
    ]
    quota = price(tariff, 0, services=("water",), metered=False, days=(7, 31))
    assert [line.amount for line in quota] == [D("21.45"), D("94.84")]  # 95 x 7/31 = 21.4516; 420 x 7/31 = 94.8387
    assert [line.quantity * line.unit_price for line in quota] == [D("21.45"), D("94.84")]
    assert price(tariff, 12, services=("water",), days=(30, 30)) == price(tariff, 12, services=("water",))
    none = price(tariff, 0, services=("water",), metered=False, days=(0, 30))
    assert none == [], "no day of service: no base fee, no fixed quota"


# Published figures (not the laws' whole tables): the 2024 Leyes de Ingresos of León, Celaya and Salamanca,
# Guanajuato, as reported by TV Azteca ("Vivir sin agua: aumenta su cobro en Guanajuato", February 2024):
# the January cuota base (León 132.55, Celaya 145.50, Salamanca 118.83) and the price of the first m³ in
# January and in December (León 9.57 and 10.03, Celaya 7.78 and 8.28, Salamanca 10.88 and 11.25). The prices
# rise month by month, so the engine gets the month's prices. The report gives no range limits: one open
# range carries the first m³'s price, which is all these figures price.
GTO_2024 = {
    "León": (D("132.55"), D("9.57"), D("10.03")),
    "Celaya": (D("145.50"), D("7.78"), D("8.28")),
    "Salamanca": (D("118.83"), D("10.88"), D("11.25")),
}


@pytest.mark.parametrize(
    ("municipality", "january_bill"),
    [("León", D("142.12")), ("Celaya", D("153.28")), ("Salamanca", D("129.71"))],
)
def test_guanajuato_2024_first_m3_in_january(municipality, january_bill):
    base, january, _december = GTO_2024[municipality]  # December's price is the month's, not January's
    tariff = Tariff(method=INCREMENTAL, blocks=[Block(None, january)], base_fee=base)
    untaxed, vat, total = totals(price(tariff, 1, services=("water",)))
    assert (untaxed, vat, total) == (january_bill, D(0), january_bill)


# Published: Gaceta del Gobierno del Estado de México, 21 December 2022 (Sección Cuarta), tariffs of Cuautitlán
# Izcalli's water utility for 2023, artículo 130, I. uso doméstico, A) con medidor, tarifa mensual, "popular":
# per range a "cuota mínima para el rango inferior" and a price "por m³ adicional al rango inferior", both in
# times the daily UMA (its first six ranges below). The 2023 UMA: 103.74 pesos, in force from 1 February 2023.
IZCALLI_2023 = Tariff(
    method=EXCESS,
    unit=UMA,
    limits=CLOSED,
    blocks=[
        Block(7.5, D("0.0000"), D("0.7364")),
        Block(15, D("0.1379"), D("0.7364")),
        Block(22.5, D("0.1399"), D("1.8939")),
        Block(30, D("0.1588"), D("2.8214")),
        Block(37.5, D("0.2610"), D("4.0178")),
        Block(None, D("0.3306"), D("6.5055")),  # 37.51-50 (the law goes on to "más de 600")
    ],
)
UMA_2023 = D("103.74")


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        # 0.7364 x 103.74 = 76.394 -> 76.39, nothing above the range's lower limit
        (0, D("76.39")),
        (7.5, D("76.39")),
        # 7.51-15: 76.39 + 0.01 x (0.1379 x 103.74 = 14.305746 -> 14.31) = 76.39 + 0.14 (0.1431)
        (7.51, D("76.53")),
        # 76.39 + 7.5 x 14.31 = 76.39 + 107.325 -> 107.33
        (15, D("183.72")),
        # 15.01-22.5: 1.8939 x 103.74 = 196.473 -> 196.47; 0.01 x (0.1399 x 103.74 = 14.513226 -> 14.51)
        (15.01, D("196.62")),
        (20, D("269.02")),  # 196.47 + 5 x 14.51 = 72.55
        # 22.51-30: 2.8214 x 103.74 = 292.692 -> 292.69; 7.5 x (0.1588 x 103.74 = 16.473912 -> 16.47) = 123.525
        (30, D("416.22")),  # 292.69 + 123.53
        # 37.51-50: 6.5055 x 103.74 = 674.880... -> 674.88; 2.49 x (0.3306 x 103.74 = 34.296444 -> 34.30)
        (39.99, D("760.29")),  # 674.88 + 85.407 -> 85.41
    ],
)
def test_cuautitlan_izcalli_2023_domestic_in_uma(volume, expected):
    tariff = in_pesos(IZCALLI_2023, UMA_2023)
    assert water(price(tariff, volume, services=("water",))) == expected
