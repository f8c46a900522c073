from datetime import date
from decimal import Decimal

import pytest
from water_billing_utils import charges


def rate(start, end, unit, amount, amount_max=None):
    return charges.Rate(start, end, unit, Decimal(amount), Decimal(amount_max) if amount_max else None)


def test_rate_in_force_by_law_year():
    law_2025 = rate(date(2025, 1, 1), date(2025, 12, 31), charges.PESOS, "350")
    law_2026 = rate(date(2026, 1, 1), None, charges.PESOS, "380")
    assert charges.in_force([law_2025, law_2026], date(2025, 12, 31)) is law_2025
    assert charges.in_force([law_2025, law_2026], date(2026, 1, 1)) is law_2026
    assert charges.in_force([law_2025, law_2026], date(2024, 6, 1)) is None


def test_uma_amounts_use_the_value_in_force_on_the_charge_date():
    umas = [(date(2025, 2, 1), Decimal("113.14")), (date(2026, 2, 1), Decimal("117.31"))]
    assert charges.value_on(umas, date(2026, 1, 31)) == Decimal("113.14")
    assert charges.value_on(umas, date(2026, 2, 1)) == Decimal("117.31")
    assert charges.value_on(umas, date(2025, 1, 1)) is None
    # 5 UMA: 565.70 in January 2026, 586.55 from February
    assert charges.to_pesos(5, charges.UMA, charges.value_on(umas, date(2026, 1, 15))) == Decimal("565.70")
    assert charges.to_pesos(5, charges.UMA, charges.value_on(umas, date(2026, 3, 1))) == Decimal("586.55")
    assert charges.to_pesos("350.005", charges.PESOS, None) == Decimal("350.01")
    with pytest.raises(ValueError):
        charges.to_pesos(5, charges.UMA, None)


def test_fines_within_the_range_of_the_law():
    fine = rate(date(2026, 1, 1), None, charges.UMA, "10", "50")
    low, high = charges.bounds(fine, Decimal("117.31"))
    assert (low, high) == (Decimal("1173.10"), Decimal("5865.50"))
    assert charges.within(low, low, high) and charges.within("3000", low, high) and charges.within(high, low, high)
    assert not charges.within("1173.09", low, high) and not charges.within("5865.51", low, high)
    fee = rate(date(2026, 1, 1), None, charges.PESOS, "380")
    low, high = charges.bounds(fee, None)
    assert high is None and charges.within("380", low, high) and not charges.within("381", low, high)


def test_overlaps():
    assert charges.overlaps(date(2026, 1, 1), None, date(2026, 6, 1), date(2026, 12, 31))
    assert not charges.overlaps(date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1), None)
    assert charges.overlaps(date(2025, 1, 1), date(2026, 1, 1), date(2026, 1, 1), None)
