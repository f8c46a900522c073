from datetime import date, datetime

from water_collections_utils.portal import balance_changed, cents, merge_payments


def test_merge_newest_first_day_then_time():
    window = [{"id": "r1", "date": datetime(2026, 3, 5, 10, 30)}, {"id": "r2", "date": datetime(2026, 1, 2, 9, 0)}]
    bank = [{"id": "b1", "date": date(2026, 3, 5)}, {"id": "b2", "date": date(2026, 2, 1)}]
    online = [{"id": "o1", "date": datetime(2026, 3, 5, 18, 0)}]
    assert [e["id"] for e in merge_payments(window, bank, online)] == ["o1", "r1", "b1", "b2", "r2"]


def test_merge_limit_and_empty():
    entries = [{"id": n, "date": date(2026, 1, n)} for n in range(1, 6)]
    assert [e["id"] for e in merge_payments(entries, [], limit=2)] == [5, 4]
    assert merge_payments([], []) == []
    assert merge_payments([{"id": 1, "date": None}]) == [{"id": 1, "date": None}]


def test_same_moment_keeps_a_stable_order_by_sequence():
    same = datetime(2026, 3, 5, 10, 0)
    entries = [{"id": "a", "date": same, "sequence": 1}, {"id": "b", "date": same, "sequence": 2}]
    assert [e["id"] for e in merge_payments(entries)] == ["b", "a"]


def test_balance_changed_to_the_cent():
    assert cents(1234.565) in (123456, 123457)
    assert not balance_changed("350.10", 350.1)
    assert not balance_changed(350.1, 350.10000001)
    assert balance_changed(350.1, 350.11)
    assert balance_changed(None, 0)
    assert balance_changed(350.1, 0)
