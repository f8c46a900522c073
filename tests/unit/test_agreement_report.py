"""Payment agreements' report figures: the breach rate and the summaries by officer and class."""

from decimal import Decimal as D

from water_collections_utils import agreement_report


def test_breach_rate_is_broken_over_broken_completed_and_active():
    assert agreement_report.breach_rate(1, 1, 1) == D("33.33")
    assert agreement_report.breach_rate(2, 1, 1) == D("50.00")
    assert agreement_report.breach_rate(0, 3, 0) == D("0.00")
    assert agreement_report.breach_rate(1, 0, 0) == D("100.00")
    assert agreement_report.breach_rate(0, 0, 0) is None, "no rate without agreements judged"


def test_percentage():
    assert agreement_report.percentage(D("305.00"), D("1525.00")) == D("20.00")
    assert agreement_report.percentage(1, 3) == D("33.33")
    assert agreement_report.percentage(5, 0) is None


def test_summary_by_officer_to_the_cent_and_the_total_last():
    rows = [
        {"officer": "Ana", "state": "active", "agreed": 1525.0, "collected": 508.33, "owed": 1016.67},
        {"officer": "Ana", "state": "broken", "agreed": 1000.10, "collected": 0.1, "owed": 0.0},
        {"officer": "Beto", "state": "done", "agreed": 0.1, "collected": 0.2, "owed": 0.0},
        {"officer": "Beto", "state": "waiting", "agreed": 300.0, "collected": 0.0, "owed": 300.0},
        {"officer": None, "state": "cancelled", "agreed": 0.0, "collected": 0.0, "owed": 0.0},
    ]
    summary = agreement_report.summarise(rows, key=lambda row: row["officer"])
    assert [s.key for s in summary] == ["Ana", "Beto", None, None], "sorted, the row without a key, then the total"
    ana, beto, nobody, total = summary
    assert (ana.count, ana.agreed, ana.collected, ana.owed) == (2, D("2525.10"), D("508.43"), D("1016.67"))
    assert (ana.broken, ana.done, ana.active, ana.breach_rate) == (1, 0, 1, D("50.00"))
    assert ana.collected_pct == D("20.14")
    assert (beto.breach_rate, beto.collected) == (D("0.00"), D("0.20")), "0.1 + 0.2 to the cent"
    assert (nobody.breach_rate, nobody.collected_pct) == (None, None)
    assert (total.count, total.agreed, total.collected) == (5, D("2825.20"), D("508.63"))
    assert total.breach_rate == D("33.33")
