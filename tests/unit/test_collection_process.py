"""The collection process: which stage an account moves to (water_collections/utils/collection.py)."""

from datetime import date

from water_collections_utils import collection
from water_collections_utils.collection import ADVANCE, LEAVE, STAY, Stage, decide

REMINDER = Stage(1, 10, 1, 50.0, 0)
NOTICE = Stage(2, 20, 2, 100.0, 15)
CUT = Stage(3, 40, 4, 300.0, 5)
STAGES = [REMINDER, NOTICE, CUT]
DAY = date(2025, 6, 30)


def test_first_stage_when_its_minimums_are_met():
    assert decide(STAGES, None, None, 60.0, 1, DAY) == (ADVANCE, REMINDER, None)


def test_first_stage_asks_the_amount_and_the_months():
    assert decide(STAGES, None, None, 49.99, 3, DAY).action == STAY
    assert decide(STAGES, None, None, 49.99, 3, DAY).reason == "amount"
    assert decide(STAGES, None, None, 500.0, 0, DAY).reason == "months"


def test_one_stage_at_a_time_even_when_the_debt_meets_a_later_one():
    assert decide(STAGES, None, None, 5000.0, 12, DAY).stage == REMINDER
    assert decide(STAGES, REMINDER, date(2025, 6, 1), 5000.0, 12, DAY).stage == NOTICE


def test_days_since_the_previous_stage():
    assert decide(STAGES, REMINDER, date(2025, 6, 16), 150.0, 2, DAY) == (STAY, None, "days")
    assert decide(STAGES, REMINDER, date(2025, 6, 15), 150.0, 2, DAY).stage == NOTICE


def test_next_stage_minimums():
    assert decide(STAGES, REMINDER, date(2025, 1, 1), 150.0, 1, DAY).reason == "months"
    assert decide(STAGES, REMINDER, date(2025, 1, 1), 99.0, 2, DAY).reason == "amount"


def test_leaves_when_below_its_stage():
    assert decide(STAGES, NOTICE, date(2025, 1, 1), 0.0, 0, DAY).action == LEAVE
    assert decide(STAGES, NOTICE, date(2025, 1, 1), 500.0, 1, DAY).action == LEAVE
    assert decide(STAGES, NOTICE, date(2025, 1, 1), 99.99, 3, DAY).action == LEAVE
    assert decide(STAGES, NOTICE, date(2025, 1, 1), 100.0, 2, DAY).action == STAY


def test_last_stage_stays():
    assert decide(STAGES, CUT, date(2025, 1, 1), 9000.0, 20, DAY) == (STAY, None, "last")


def test_policy_changed_next_by_sequence():
    other = Stage(9, 15, 1, 10.0, 0)
    assert collection.next_of(STAGES, other) == NOTICE
    assert decide(STAGES, other, date(2025, 1, 1), 150.0, 2, DAY).stage == NOTICE


def test_no_stages():
    assert decide([], None, None, 100.0, 3, DAY) == (STAY, None, "none")
