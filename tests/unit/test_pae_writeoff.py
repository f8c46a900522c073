from datetime import date
from decimal import Decimal

import pytest
from water_collections_utils import pae, writeoff


def test_costs_are_the_rate_of_the_debt_rounded_to_the_centavo():
    assert pae.enforcement_costs(10000, 2, 100) == Decimal("200.00")
    assert pae.enforcement_costs(12345.67, 2, 100) == Decimal("246.91")  # 246.9134
    assert pae.enforcement_costs(10000.25, 2, 0) == Decimal("200.01")  # 200.005 half up


def test_costs_never_below_the_legal_minimum():
    assert pae.enforcement_costs(1000, 2, 450) == Decimal("450.00")
    assert pae.enforcement_costs(22500, 2, 450) == Decimal("450.00")  # the rate reaches the minimum exactly
    assert pae.enforcement_costs(22550, 2, 450) == Decimal("451.00")


def test_no_costs_without_debt_and_no_negative_settings():
    assert pae.enforcement_costs(0, 2, 450) == Decimal("0.00")
    assert pae.enforcement_costs(-50, 2, 450) == Decimal("0.00")
    with pytest.raises(ValueError):
        pae.enforcement_costs(1000, -2, 0)
    with pytest.raises(ValueError):
        pae.enforcement_costs(1000, 2, -1)


def test_determination_splits_principal_and_surcharges_and_adds_the_costs():
    amounts = pae.determination(5000, 350.5, 2, 100)
    assert amounts == {
        "principal": Decimal("4649.50"),
        "surcharges": Decimal("350.50"),
        "costs": Decimal("100.00"),
        "total": Decimal("5100.00"),
    }
    assert pae.determination(20000, 0, 2, 100)["total"] == Decimal("20400.00")


def test_months_between_and_age():
    assert writeoff.months_between(date(2020, 1, 31), date(2020, 2, 29)) == 0
    assert writeoff.months_between(date(2020, 1, 15), date(2020, 2, 15)) == 1
    assert writeoff.months_between(date(2020, 1, 15), date(2025, 1, 15)) == 60
    assert writeoff.months_between(date(2025, 1, 15), date(2020, 1, 15)) == 0
    assert writeoff.debt_age_months(None, date(2025, 1, 1)) == 0


def test_reason_is_prescription_after_five_years():
    assert writeoff.line_reason(59, "not_found") == "not_found"
    assert writeoff.line_reason(60, "not_found") == "prescription"


def test_second_approval_above_the_threshold_by_another_manager_with_the_minute():
    assert not writeoff.needs_second_approval(50000, 50000)
    assert writeoff.needs_second_approval(50000.01, 50000)
    assert not writeoff.needs_second_approval(10**9, 0)
    assert writeoff.check_approvals(100, 50000, 7, None, "") == []
    assert writeoff.check_approvals(100, 50000, None, None, "") == ["approval"]
    assert writeoff.check_approvals(60000, 50000, 7, None, "") == ["second approval", "minute"]
    assert writeoff.check_approvals(60000, 50000, 7, 7, "ACTA 12/2025") == ["different manager"]
    assert writeoff.check_approvals(60000, 50000, 7, 8, "  ") == ["minute"]
    assert writeoff.check_approvals(60000, 50000, 7, 8, "ACTA 12/2025") == []
