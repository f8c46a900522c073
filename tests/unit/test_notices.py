from datetime import date
from decimal import Decimal

from water_collections_utils import notices


def row(line_id, due, residual, period="", kind="bill"):
    return {
        "line_id": line_id,
        "move_name": f"INV/{line_id}",
        "period": period,
        "date_due": due,
        "kind": kind,
        "residual": residual,
    }


def test_notice_lines_oldest_first_with_every_concept():
    rows = [row(2, date(2025, 3, 15), 120.0, "Feb 2025"), row(1, date(2025, 2, 15), 100.5, "Jan 2025")]
    concepts = {1: {"water": 80.4, "drainage": 20.1}, 2: {"water": 100.0, "sanitation": 20.0}}
    lines = notices.notice_lines(rows, concepts)
    assert [line.key for line in lines] == [1, 2]
    assert lines[0].amount == Decimal("100.50")
    assert lines[0].concepts == {
        "water": Decimal("80.40"),
        "drainage": Decimal("20.10"),
        "sanitation": Decimal("0.00"),
        "surcharges": Decimal("0.00"),
        "other": Decimal("0.00"),
    }
    assert lines[1].period == "Feb 2025"


def test_notice_line_without_concepts_is_other():
    lines = notices.notice_lines([row(7, date(2025, 1, 1), 50.0, kind="charge")], {})
    assert lines[0].concepts["other"] == Decimal("50.00")


def test_notice_total_less_credit_never_negative():
    lines = notices.notice_lines([row(1, date(2025, 1, 1), 100.0), row(2, date(2025, 2, 1), 50.0)], {})
    assert notices.notice_total(lines) == Decimal("150.00")
    assert notices.notice_total(lines, credit=-30) == Decimal("120.00")
    assert notices.notice_total(lines, credit=30) == Decimal("120.00")
    assert notices.notice_total(lines, credit=500) == Decimal(0)


def test_delivery_order_by_route_position_then_account():
    assert notices.delivery_order([(1, 30, "A3"), (2, 10, "A9"), (3, 10, "A1"), (4, 0, "Z")]) == [4, 3, 2, 1]


def test_delivery_problem():
    assert notices.delivery_problem(False, "") == notices.NO_OUTCOME
    assert notices.delivery_problem("lost", "") == notices.NO_OUTCOME
    assert notices.delivery_problem("delivered", "  ") == notices.NO_RECEIVER
    assert notices.delivery_problem("delivered", "María") is None
    for outcome in ("left", "closed", "not_found", "refused"):
        assert notices.delivery_problem(outcome, "") is None


def test_promise_state():
    day = date(2025, 6, 10)
    assert notices.promise_state(500, day, 500, date(2025, 6, 1)) == notices.KEPT
    assert notices.promise_state(500, day, 600, date(2025, 6, 30)) == notices.KEPT
    assert notices.promise_state(500, day, 499.99, date(2025, 6, 10)) == notices.PENDING
    assert notices.promise_state(500, day, 499.99, date(2025, 6, 11)) == notices.BROKEN
    assert notices.promise_state(500, day, 0, date(2025, 6, 1)) == notices.PENDING


def test_paid_between_counts_payments_less_reversals_in_range():
    lines = [
        {"date": date(2025, 5, 31), "kind": "payment", "charge": 0, "credit": 100},  # before the contact
        {"date": date(2025, 6, 1), "kind": "payment", "charge": 0, "credit": 300},
        {"date": date(2025, 6, 2), "kind": "bill", "charge": 250, "credit": 0},
        {"date": date(2025, 6, 3), "kind": "refund", "charge": 0, "credit": 40},  # not money
        {"date": date(2025, 6, 4), "kind": "reversal", "charge": 300, "credit": 0},
        {"date": date(2025, 6, 5), "kind": "payment", "charge": 0, "credit": 200.5},
        {"date": date(2025, 6, 11), "kind": "payment", "charge": 0, "credit": 999},  # after the date
    ]
    assert notices.paid_between(lines, date(2025, 6, 1), date(2025, 6, 10)) == Decimal("200.50")


def test_served_rate():
    assert notices.served_rate([]) is None
    assert notices.served_rate([False, None]) is None
    assert notices.served_rate(["delivered", "left", "closed", "refused", False]) == 50.0
