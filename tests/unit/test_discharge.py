"""Pollution charges of a discharge, against hand-computed cases.

The two ways laws write them:
- per kg above the limit: Guanajuato municipal Leyes de Ingresos (e.g. León, Celaya, Cortazar) charge
  "por kilogramo de demanda bioquímica de oxígeno / sólidos suspendidos totales / grasas y aceites que exceda
  los límites establecidos en las condiciones particulares de descarga";
- by degree of excess: the Ley Federal de Derechos (art. 278-B) prices the kg by the "rango de incumplimiento"
  (concentration - limit) / limit; some state laws give a rate per m³ discharged by the same ranges.
Limits are those of NOM-002-SEMARNAT-1996 (grasas y aceites 50 mg/l, monthly average) and a utility's
condiciones particulares (DBO5 and SST 150 mg/l). The prices are illustrative, the arithmetic is the law's:
kg above the limit = (mg/l - limit) x m³ / 1000.
"""

from decimal import Decimal as D

import pytest
from water_billing_utils.discharge import (
    PER_KG,
    TABLE_KG,
    TABLE_M3,
    Limit,
    Range,
    charge,
    charges,
    excess_kg,
    excess_pct,
    range_rate,
)

GYA = Limit("GYA", D(50), PER_KG, D("5.50"))
DBO5 = Limit("DBO5", D(150), PER_KG, D("2.35"))
SST_M3 = Limit(
    "SST",
    D(150),
    TABLE_M3,
    ranges=(Range(D(10), D("0.50")), Range(D(50), D("1.20")), Range(D(100), D("2.40")), Range(None, D("4.80"))),
)
SST_KG = Limit("SST", D(150), TABLE_KG, ranges=(Range(D(10), D("1.00")), Range(D(20), D("1.50")), Range(None, D(3))))


def test_kg_above_the_limit():
    # 120 mg/l of grasas y aceites against 50: 70 mg/l x 450 m³ / 1000 = 31.5 kg x 5.50 = 173.25
    priced = charge(GYA, 120, 450)
    assert priced.kg == D("31.50")
    assert priced.quantity == D("31.50")
    assert priced.unit_price == D("5.50")
    assert priced.amount == D("173.25")
    assert priced.excess_pct == D("140.00")
    # DBO5 410 against 150: 260 x 380 / 1000 = 98.8 kg x 2.35 = 232.18
    assert charge(DBO5, 410, 380).amount == D("232.18")


def test_nothing_at_or_below_the_limit():
    assert charge(GYA, 50, 450) is None
    assert charge(GYA, 12, 450) is None
    assert charge(GYA, 0, 450) is None
    # 0.01 mg/l over in 450 m³ is 0.0045 kg: 0.00 kg on the bill, nothing to charge
    assert charge(GYA, D("50.01"), 450) is None
    # no volume discharged, no charge
    assert charge(GYA, 120, 0) is None


def test_rounding_half_up():
    assert excess_kg(D("50.01"), 50, 500) == D("0.01")  # 0.005 kg rounds up
    # 24.66 mg/l over x 500 m³ = 12.33 kg x 0.50 = 6.165 -> 6.17 (half-up, not half-even 6.16)
    limit = Limit("X", D(100), PER_KG, D("0.50"))
    assert charge(limit, D("124.66"), 500).amount == D("6.17")


def test_table_per_m3_both_sides_of_every_range():
    # SST limit 150: 165 mg/l is 10 % over, still the first range; 165.01 is in the second
    assert excess_pct(165, 150) == D(10)
    assert charge(SST_M3, 165, 380).amount == D("190.00")  # 380 m³ x 0.50
    assert charge(SST_M3, D("165.01"), 380).amount == D("456.00")  # x 1.20
    assert charge(SST_M3, 225, 380).amount == D("456.00")  # 50 % over: second range
    assert charge(SST_M3, D("225.01"), 380).amount == D("912.00")  # x 2.40
    assert charge(SST_M3, 300, 380).amount == D("912.00")  # 100 % over: third range
    assert charge(SST_M3, 301, 380).amount == D("1824.00")  # beyond: x 4.80
    priced = charge(SST_M3, 301, D("380.5"))
    assert (priced.quantity, priced.unit_price, priced.amount) == (D("380.50"), D("4.80"), D("1826.40"))
    assert charge(SST_M3, 150, 380) is None


def test_table_per_kg():
    # 170 mg/l against 150 is 13.33 % over: 20 mg/l x 1000 m³ / 1000 = 20 kg at 1.50 = 30.00
    priced = charge(SST_KG, 170, 1000)
    assert (priced.kg, priced.unit_price, priced.amount, priced.excess_pct) == (
        D("20.00"),
        D("1.50"),
        D("30.00"),
        D("13.33"),
    )
    assert charge(SST_KG, 165, 1000).amount == D("15.00")  # 10 %: 15 kg at 1.00
    assert charge(SST_KG, 180, 1000).amount == D("45.00")  # 20 %: 30 kg at 1.50
    assert charge(SST_KG, D("180.1"), 1000).amount == D("90.30")  # over 20 %: 30.1 kg at 3.00


def test_an_analysis_in_the_norms_order():
    # the demo's industrial discharge: 410 m³, DBO5 420, SST 260, grasas y aceites 95 mg/l
    result = charges([DBO5, SST_M3, GYA], {"GYA": 95, "SST": 260, "DBO5": 420}, 410)
    assert [c.code for c in result] == ["DBO5", "SST", "GYA"]
    # DBO5: 270 x 410 / 1000 = 110.7 kg x 2.35 = 260.145 -> 260.15
    # SST: 110 mg/l over is 73.33 %: third range, 410 m³ x 2.40 = 984.00
    # GYA: 45 x 410 / 1000 = 18.45 kg x 5.50 = 101.475 -> 101.48
    assert [c.amount for c in result] == [D("260.15"), D("984.00"), D("101.48")]
    # a parameter within its limit gives no line
    assert [c.code for c in charges([DBO5, GYA], {"GYA": 30, "DBO5": 420}, 410)] == ["DBO5"]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="negative concentration"):
        charges([GYA], {"GYA": -1}, 100)
    with pytest.raises(ValueError, match="negative volume"):
        charges([GYA], {"GYA": 80}, -5)
    with pytest.raises(ValueError, match="not in the norm"):
        charges([GYA], {"PB": 3}, 100)
    with pytest.raises(ValueError, match="no range"):
        range_rate((Range(D(10), D(1)),), D(11))
