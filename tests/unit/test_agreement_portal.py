from datetime import date
from decimal import Decimal

from water_collections_utils.agreement_portal import (
    CANCELLED,
    DUE,
    OVERDUE,
    PAID,
    UPCOMING,
    due_now,
    instalment_status,
    payable_from,
)

TODAY = date(2026, 3, 10)
HORIZON = payable_from(TODAY, 25)


def test_horizon_is_the_notice_days_ahead():
    assert HORIZON == date(2026, 4, 4)
    assert payable_from(TODAY, 0) == TODAY
    assert payable_from(TODAY, None) == TODAY
    assert payable_from(TODAY, -3) == TODAY


def test_status_of_each_instalment():
    assert instalment_status("open", 0.0, date(2026, 1, 1), TODAY, HORIZON) == PAID
    assert instalment_status("open", 0.004, date(2026, 1, 1), TODAY, HORIZON) == PAID  # under a cent
    assert instalment_status("open", 203.33, date(2026, 3, 9), TODAY, HORIZON) == OVERDUE
    assert instalment_status("open", 203.33, TODAY, TODAY, HORIZON) == DUE  # due today is not late yet
    assert instalment_status("open", 50.0, date(2026, 4, 4), TODAY, HORIZON) == DUE  # the horizon's last day
    assert instalment_status("open", 203.33, date(2026, 4, 5), TODAY, HORIZON) == UPCOMING
    assert instalment_status("cancelled", 203.33, date(2026, 1, 1), TODAY, HORIZON) == CANCELLED


def test_due_now_adds_the_overdue_and_the_due_to_the_cent():
    rows = [
        {"state": "open", "residual": 0.0, "date_due": date(2026, 2, 10)},
        {"state": "open", "residual": 100.1, "date_due": date(2026, 3, 1)},
        {"state": "open", "residual": 203.33, "date_due": date(2026, 3, 20)},
        {"state": "open", "residual": 203.35, "date_due": date(2026, 4, 20)},
        {"state": "cancelled", "residual": 999.0, "date_due": date(2026, 1, 1)},
    ]
    assert due_now(rows, TODAY, HORIZON) == Decimal("303.43")
    assert due_now([], TODAY, HORIZON) == Decimal(0)
