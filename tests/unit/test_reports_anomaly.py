"""Loss and anomaly scoring (water_reports/utils/anomaly.py): hand-computed cases, then a planted utility."""

import random

import pytest
from water_reports_utils import anomaly
from water_reports_utils.anomaly import Account, Params, precision_recall, score_accounts


def test_mad_and_theil_sen():
    assert anomaly.mad([10, 12, 10, 11, 9, 10, 10]) == 0  # deviations 0 2 0 1 1 0 0: median 0
    assert anomaly.mad([1, 2, 3, 4, 100]) == 1  # deviations from 3: 2 1 0 1 97
    # pairwise slopes of 1 2 3 10: 0-1 1, 0-2 1, 0-3 3, 1-2 1, 1-3 4, 2-3 7 -> median of 1 1 1 3 4 7 = 2
    assert anomaly.theil_sen_slope([1, 2, 3, 10]) == 2.0


def test_above_baseline_hand_computed():
    # one account: no season (fewer than 5 accounts); reference 10 12 10 11 9 10 10: median 10, MAD 0,
    # scale max(0, 15 % of 10, 1) = 1.5; window 30 32 31: scores 13.33 14.67 14 -> median 14
    cases = score_accounts([Account(1, [10, 12, 10, 11, 9, 10, 10, 30, 32, 31])])
    assert len(cases) == 1
    case = cases[0]
    assert case.kind == anomaly.LEAK
    assert case.score == 14.0
    assert case.expected == 10.0
    assert case.reasons[0] == {"code": "above", "consumption": 31.0, "expected": 10.0, "score": 14.0, "periods": 3}


def test_same_month_last_year_enters_the_baseline():
    # 13 periods: the last one has a year-before period (index 0 = 20 m³). Reference (indexes 0..9):
    # 20 10 10 10 10 10 10 10 10 10 -> median 10, MAD 0, scale 1.5. Baselines of indexes 10 11 12:
    # 10, 10 and (10 + 20) / 2 = 15; consumption 10 10 15: scores 0 0 0 -> nothing to see
    values = [20, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 15]
    assert score_accounts([Account(1, values)]) == []
    # the same account using 40 in the last period: scores 0, 0, (40 - 15) / 1.5 = 16.7 -> median 0:
    # one odd period is not a case
    assert score_accounts([Account(1, values[:-1] + [40])]) == []


def test_zero_run_on_an_occupied_house_and_not_on_an_empty_one():
    values = [18, 17, 19, 18, 18, 20, 17, 18, 0, 0, 0, 0]
    # reference (9 periods) 18 17 19 18 18 20 17 18 0: median 18, MAD 1, scale max(1.48, 2.7, 1) = 2.7
    # zero run of 4: 18 / 2.7 + 0.5 x (4 - 3) = 7.17; below the baseline: (0 - 18) / 2.7 = -6.67
    (case,) = score_accounts([Account(1, values)])
    assert case.kind == anomaly.METER
    assert case.score == 7.17
    assert [reason["code"] for reason in case.reasons] == ["zero_run", "below"]
    assert case.reasons[0] == {"code": "zero_run", "periods": 4, "usual": 18}
    assert score_accounts([Account(1, values, unoccupied=True)]) == []


def test_flat_run():
    values = [15, 18, 21, 16, 19, 17, 20, 20, 20, 20, 20, 20]
    (case,) = score_accounts([Account(1, values)])
    # six identical latest periods: threshold 3.5 + (6 - 6 + 1)
    assert case.kind == anomaly.METER
    assert case.reasons == [{"code": "flat_run", "periods": 6, "consumption": 20}]
    assert case.score == 4.5


def test_steady_rise():
    values = [10, 11, 10, 9, 10, 10, 11, 10, 13, 16, 19, 22, 25, 28]
    (case,) = score_accounts([Account(1, values)])
    assert case.kind == anomaly.LEAK
    codes = [reason["code"] for reason in case.reasons]
    assert "rise" in codes
    rise = next(reason for reason in case.reasons if reason["code"] == "rise")
    # last six 13 16 19 22 25 28 (reference median 10, scale 1.5): slope 3, rise 15, score 10
    assert rise == {"code": "rise", "periods": 6, "slope": 3.0, "score": 10.0}


def test_drop_after_meter_change():
    values = [20, 21, 19, 20, 22, 20, 21, 20, 20, 8, 7, 8, 7]
    (case,) = score_accounts([Account(1, values, meter_change=9)])
    assert case.kind == anomaly.METER
    drop = next(reason for reason in case.reasons if reason["code"] == "drop_after_change")
    # before: indexes 3..8: 20 22 20 21 20 20 -> 20; after: 7 8 7 -> 7
    assert drop == {"code": "drop_after_change", "before": 20, "after": 7, "period": 9}


def test_consumption_on_a_cut_account():
    values = [15, 16, 14, 15, 15, 0, 0, 0, 0, 0, 0, 0, 12, 14]
    (case,) = score_accounts([Account(1, values, cut_since=5)])
    assert case.kind == anomaly.ILLEGAL
    assert case.reasons[0]["code"] == "used_while_cut"
    assert case.reasons[0]["periods"] == 2


def test_neighbours_that_fell_together_and_a_route_that_moved():
    rng = random.Random(1)
    route = []
    for position in range(12):
        values = [round(20 * rng.gauss(1, 0.05)) for _ in range(12)]
        if 4 <= position <= 7:  # four neighbours at 40 % of their usual consumption for three periods
            values[-3:] = [8, 8, 9]
        route.append(Account(position, values, class_key="DOM", route_key="R1", route_sequence=position))
    cases = score_accounts(route)
    flagged = {case.key: case for case in cases}
    assert set(flagged) == {4, 5, 6, 7}
    assert all(case.kind == anomaly.ILLEGAL and case.cluster == "R1:4" for case in cases)
    assert cases[0].reasons[0] == {"code": "neighbours", "count": 4, "first": 4, "last": 7}
    # the whole route at 40 %: the route moved (a supply cut, a misread route), nobody is flagged
    for account in route:
        account.values[-3:] = [8, 8, 8]
    assert score_accounts(route) == []


def utility(n_accounts, n_periods, seed):
    """A synthetic utility: classes with their usual consumption and a season, routes of 50 accounts,
    10 % noise, a few odd single readings (not cases) and a few estimated periods."""
    rng = random.Random(seed)
    season = [1.0 + 0.2 * ((p % 12) in (3, 4, 5)) - 0.08 * ((p % 12) in (0, 1, 11)) for p in range(n_periods)]
    usual = {"DOM": 18, "COM": 35, "IND": 120}
    accounts = []
    for key in range(n_accounts):
        class_key = rng.choice(["DOM"] * 8 + ["COM", "IND"])
        level = usual[class_key] * rng.uniform(0.6, 1.5)
        values = [max(0, round(level * season[p] * rng.gauss(1, 0.1))) for p in range(n_periods)]
        for _ in range(rng.randint(0, 2)):
            spot = rng.randrange(n_periods)
            values[spot] = rng.choice([None, 0, round(level * 5)])
        accounts.append(Account(key, values, class_key=class_key, route_key=key // 50, route_sequence=key % 50))
    return rng, accounts


def plant(rng, accounts, n_periods):
    """Thirty cases of every kind on accounts picked at random; returns {key: kind}."""
    picked = rng.sample([a for a in accounts if a.route_sequence < 40], 30)
    planted = {}
    for index, account in enumerate(picked):
        values = account.values
        usual = sorted(v for v in values if v is not None)[len(values) // 2]
        if index < 8:  # leak: three times the usual for the last 3 periods
            values[-3:] = [round(usual * 3), round(usual * 3.2), round(usual * 2.9)]
            planted[account.key] = anomaly.LEAK
        elif index < 12:  # slow leak: +40 % a period over the last 6
            values[-6:] = [round(usual * (1 + 0.4 * step)) for step in range(1, 7)]
            planted[account.key] = anomaly.LEAK
        elif index < 18:  # stopped meter: zero for the last 4
            values[-4:] = [0, 0, 0, 0]
            planted[account.key] = anomaly.METER
        elif index < 22:  # tampering after a meter change 5 periods ago: a third of the usual
            account.meter_change = n_periods - 5
            values[-4:] = [round(usual / 3)] * 3 + [round(usual / 3) + 1]
            planted[account.key] = anomaly.METER
        elif index < 26:  # bypass: a fifth of the usual for 3 periods
            values[-3:] = [round(usual / 5)] * 3
            planted[account.key] = anomaly.METER
        else:  # the reader types the same figure for 8 periods
            values[-8:] = [usual] * 8
            planted[account.key] = anomaly.METER
    # an illegal connection on route 3: five neighbours at 30 % of their usual for three periods
    for account in accounts[3 * 50 + 42 : 3 * 50 + 47]:
        usual = sorted(v for v in account.values if v is not None)[len(account.values) // 2]
        account.values[-3:] = [round(usual * 0.3)] * 3
        planted[account.key] = anomaly.ILLEGAL
    return planted


@pytest.mark.parametrize("seed", [7, 2026])
def test_planted_cases_rank_at_the_top(seed):
    n_periods = 24
    rng, accounts = utility(2000, n_periods, seed)
    planted = plant(rng, accounts, n_periods)
    cases = score_accounts(accounts)
    ranked = [case.key for case in cases]
    precision, recall = precision_recall(ranked, planted, len(planted))
    assert precision >= 0.9, (precision, recall)
    assert recall >= 0.9
    # with the first 50: every planted case is there
    assert precision_recall(ranked, planted, 50)[1] == 1.0
    kinds = {case.key: case.kind for case in cases}
    right = sum(1 for key, kind in planted.items() if kinds.get(key) == kind)
    assert right / len(planted) >= 0.9
    # odd single readings and noise: at most 2 % of the other accounts flagged at all
    assert len(set(ranked) - set(planted)) <= 0.02 * (len(accounts) - len(planted))


def test_precision_recall():
    assert precision_recall([1, 2, 3, 4], {1, 3, 9}, 2) == (0.5, 1 / 3)
    assert precision_recall([], {1}, 5) == (0.0, 0.0)


def test_too_little_history_and_too_few_periods():
    assert score_accounts([Account(1, [10, 10, 10, 50, 50, 50])]) == []
    assert score_accounts([Account(1, [None, None, 10, 10, 10, 10, 10, 50, 50, 50])]) == []
    assert score_accounts([], Params()) == []
