"""Loss and anomaly scoring: which accounts an inspector should visit first, and why.

Plain Python, no Odoo. The caller gives, per account, its consumption of the same consecutive
billing periods (oldest first; ``None`` where nothing was measured: estimated, not read) and a
few facts (class, route and position in it, a meter change, the property empty, the account
cut). ``score_accounts`` returns the cases worth an inspection, each with a score, a kind and
its reasons as codes with parameters (the model turns them into translatable text).

How an account is judged:

- **Class season.** Each period's consumption is divided by its class's seasonal index (the
  median, over the accounts of the class, of the period's consumption against the account's
  own median): the hot months do not look like leaks.
- **Baseline.** For each of the latest ``window`` periods: the mean of the same period a year
  before (when measured) and the median of the account's periods before the window.
- **Robust score.** ``(consumption - baseline) / scale`` with ``scale`` = 1.4826 × the median
  absolute deviation of the account's periods before the window (at least 15 % of its median
  and 1 m³); the window's score is the median of its periods' scores, so that one odd reading
  is not enough.
- **Route.** When the median account of a route moved by more than ``route_move`` (a supply
  cut, a misread route), its accounts are judged against the route's movement.
- **Detectors**, each with its own reason: above / below the baseline, a long run of zero or
  of flat (identical) consumption on an occupied property, a steady rise, a drop after a meter
  change, consumption on a cut account, and a run of neighbours on the route (consecutive
  positions) whose consumption fell together in the same period.

Kinds: ``leak`` (above, rise), ``meter`` (stopped or tampered meter: zero, flat, below, drop
after a change), ``illegal`` (illegal connection: neighbours together, consumption on a cut
account), ``other``.
"""

import itertools
from dataclasses import dataclass, field
from statistics import median

LEAK, METER, ILLEGAL, OTHER = "leak", "meter", "illegal", "other"
KINDS = (LEAK, METER, ILLEGAL, OTHER)
MAD_TO_SIGMA = 1.4826
MIN_CLASS_ACCOUNTS = 5  # fewer accounts of a class in the batch: the season of all accounts
MIN_ROUTE_ACCOUNTS = 5  # fewer accounts on a route: no route movement


@dataclass(frozen=True)
class Params:
    window: int = 3  # latest periods judged
    threshold: float = 3.5  # robust score from which a case is opened
    year_lag: int = 12  # periods in a year (12 monthly, 6 bimonthly)
    min_history: int = 6  # measured periods before the window needed to judge an account
    min_volume: float = 3.0  # m³: below this usual consumption, zero runs and drops are not worth a visit
    zero_run: int = 3  # consecutive latest zero periods
    flat_run: int = 6  # consecutive latest identical non-zero periods
    rise_periods: int = 6  # latest periods of a steady rise
    change_drop: float = 0.5  # after a meter change, below this share of the usual consumption
    neighbour_drop: float = 0.5  # neighbours below this share of their baseline...
    neighbour_min: int = 3  # ...at least this many in consecutive positions
    route_move: float = 0.3  # the route's median account moved by more than this share
    cut_volume: float = 3.0  # m³ a period measured on a cut account


@dataclass
class Account:
    key: int
    values: list  # consumption per period, oldest first; None: not measured
    class_key: object = None
    route_key: object = None
    route_sequence: int = 0
    unoccupied: bool = False  # vacant lot, or the last reading says nobody lives there
    meter_change: int | None = None  # index of the period the current meter was installed in
    cut_since: int | None = None  # index of the first period after the account was cut


@dataclass
class Case:
    key: int
    score: float
    kind: str
    reasons: list = field(default_factory=list)  # [{"code": ..., parameters}]
    expected: float = 0.0  # m³ the latest period should have been
    last: float | None = None  # m³ of the latest period measured
    cluster: str | None = None  # neighbours flagged together: route and first position


@dataclass
class _Judged:
    account: Account
    norm: list
    scale: float
    recent: float
    window_z: float
    expected: list
    ratios: list
    raw_recent: float
    findings: list = field(default_factory=list)  # (score, kind, reason)


def mad(values, centre=None):
    centre = median(values) if centre is None else centre
    return median(abs(value - centre) for value in values)


def theil_sen_slope(values):
    """Median of the pairwise slopes of (index, value): a trend one odd period does not bend."""
    slopes = [(values[j] - values[i]) / (j - i) for i in range(len(values)) for j in range(i + 1, len(values))]
    return median(slopes) if slopes else 0.0


def season_index(accounts, n_periods):
    """{class key: [index per period]}: per period, the median over the class's accounts of the
    period's consumption against the account's own median (1.0 where nothing is known)."""
    by_class = {}
    for account in accounts:
        by_class.setdefault(account.class_key, []).append(account)

    def index_of(members):
        ratios = [[] for _ in range(n_periods)]
        for account in members:
            measured = [value for value in account.values if value is not None]
            centre = median(measured) if len(measured) >= 3 else 0
            if centre <= 0:
                continue
            for position, value in enumerate(account.values):
                if value is not None:
                    ratios[position].append(value / centre)
        return [max(median(found), 0.2) if len(found) >= MIN_CLASS_ACCOUNTS else None for found in ratios]

    overall = [value or 1.0 for value in index_of(accounts)]
    result = {}
    for class_key, members in by_class.items():
        own = index_of(members) if len(members) >= MIN_CLASS_ACCOUNTS else [None] * n_periods
        result[class_key] = [own[p] if own[p] is not None else overall[p] for p in range(n_periods)]
    return result


def _judge(account, season, params):
    """The account's baseline and robust score of its window (None: not enough history)."""
    n = len(account.values)
    start = n - params.window
    norm = [None if value is None else value / season[p] for p, value in enumerate(account.values)]
    reference = [value for value in norm[:start] if value is not None]
    if len(reference) < params.min_history:
        return None
    recent = median(reference[-12:])
    raw_recent = median([value for value in account.values[:start] if value is not None][-12:])
    scale = max(MAD_TO_SIGMA * mad(reference[-12:], recent), 0.15 * recent, 1.0)
    scores, expected, ratios = [], [], []
    for p in range(start, n):
        last_year = norm[p - params.year_lag] if p - params.year_lag >= 0 else None
        if last_year is not None:
            # an odd reading a year ago moves the baseline by two scales at most
            last_year = min(max(last_year, recent - 2 * scale), recent + 2 * scale)
        baseline = (recent + last_year) / 2 if last_year is not None else recent
        expected.append(baseline * season[p])
        ratios.append(None if norm[p] is None else (norm[p] / baseline if baseline > 0 else None))
        # a period not measured counts as usual: most of the window must be odd
        scores.append(0.0 if norm[p] is None else (norm[p] - baseline) / scale)
    window_z = median(scores)
    return _Judged(account, norm, scale, recent, window_z, expected, ratios, raw_recent)


def _trailing_run(values, test):
    """How many of the latest measured periods pass ``test`` in a row (periods not measured are skipped)."""
    run = 0
    for value in reversed(values):
        if value is None:
            continue
        if not test(value):
            break
        run += 1
    return run


def _detect(judged, params):
    """Every finding of one account: (score, kind, reason)."""
    account, found = judged.account, judged.findings
    values, n = account.values, len(account.values)
    z = judged.window_z
    occupied = not account.unoccupied
    usual = judged.raw_recent
    measured_window = [value for value in values[n - params.window :] if value is not None]
    mean_window = sum(measured_window) / len(measured_window) if measured_window else 0.0
    expected = sum(judged.expected) / len(judged.expected)
    deviation = {"consumption": mean_window, "expected": expected, "score": z, "periods": params.window}
    if z >= params.threshold:
        found.append((z, LEAK, {"code": "above", **deviation}))
    elif z <= -params.threshold and occupied and usual >= params.min_volume:
        found.append((-z, METER, {"code": "below", **deviation}))
    zeros = _trailing_run(values, lambda value: value == 0)
    if zeros >= params.zero_run and occupied and usual >= params.min_volume:
        score = judged.recent / judged.scale + 0.5 * (zeros - params.zero_run)
        found.append((score, METER, {"code": "zero_run", "periods": zeros, "usual": usual}))
    last = next((value for value in reversed(values) if value is not None), None)
    if last:
        flat = _trailing_run(values, lambda value: abs(value - last) < 1e-6)
        if flat >= params.flat_run and last >= params.min_volume and occupied:
            score = params.threshold + (flat - params.flat_run + 1)
            found.append((score, METER, {"code": "flat_run", "periods": flat, "consumption": last}))
    tail = judged.norm[n - params.rise_periods :]
    if len(tail) == params.rise_periods and all(value is not None for value in tail):
        slope = theil_sen_slope(tail)
        ups = sum(1 for a, b in itertools.pairwise(tail) if b > a)
        rise = slope * (params.rise_periods - 1)
        before = [value for value in judged.norm[: n - params.rise_periods] if value is not None]
        base = median(before) if len(before) >= 3 else judged.recent
        score = rise / judged.scale
        # and the latest periods are clearly up (a last odd reading on a noisy account is not a rise)
        steady = ups >= params.rise_periods - 2 and rise >= 0.3 * base
        if steady and score >= params.threshold and z >= params.threshold / 2:
            found.append(
                (score, LEAK, {"code": "rise", "periods": params.rise_periods, "slope": slope, "score": score})
            )
    change = account.meter_change
    if change is not None and n - params.rise_periods <= change < n - 1:
        before = [value for value in judged.norm[max(0, change - 6) : change] if value is not None]
        after = [value for value in judged.norm[change + 1 :] if value is not None]
        if len(before) >= 3 and after and occupied:
            usual_before, now = median(before), median(after)
            if usual_before >= params.min_volume and now < params.change_drop * usual_before:
                score = (usual_before - now) / judged.scale
                raw_before = median([v for v in values[max(0, change - 6) : change] if v is not None])
                raw_after = median([v for v in values[change + 1 :] if v is not None])
                reason = {"code": "drop_after_change", "before": raw_before, "after": raw_after, "period": change}
                found.append((score, METER, reason))
    if account.cut_since is not None:
        after_cut = [value for value in values[max(account.cut_since, n - params.window) :] if value is not None]
        used = [value for value in after_cut if value >= params.cut_volume]
        if used:
            score = params.threshold + sum(used) / max(judged.scale, 1.0) / len(after_cut)
            found.append((score, ILLEGAL, {"code": "used_while_cut", "periods": len(used), "consumption": max(used)}))


def _route_movement(judged_list, params):
    """Per route, the median ratio of its accounts to their baselines over the window; accounts
    of a route that moved as a whole are judged against that movement."""
    by_route = {}
    for judged in judged_list:
        by_route.setdefault(judged.account.route_key, []).append(judged)
    moved = {}
    for route_key, members in by_route.items():
        if route_key is None or len(members) < MIN_ROUTE_ACCOUNTS:
            continue
        ratios = [median(r for r in j.ratios if r is not None) for j in members if any(r is not None for r in j.ratios)]
        if len(ratios) < MIN_ROUTE_ACCOUNTS:
            continue
        factor = median(ratios)
        if abs(factor - 1) > params.route_move:
            moved[route_key] = factor
            for judged in members:
                # against the route: baseline × factor; the score moves by the same amount
                judged.window_z = judged.window_z - judged.recent * (factor - 1) / judged.scale
                judged.expected = [value * factor for value in judged.expected]
                judged.ratios = [None if r is None else r / factor for r in judged.ratios]
    return by_route, moved


def _neighbours(members, params):
    """Runs of at least ``neighbour_min`` consecutive accounts of a route (by position) that all fell
    below ``neighbour_drop`` of their baseline in every period of the window: [[judged...]]."""
    ordered = sorted(members, key=lambda j: (j.account.route_sequence, j.account.key))

    def fell(judged):
        # every measured period of the window (most of them measured) below the share
        ratios = [r for r in judged.ratios if r is not None]
        return (
            judged.raw_recent >= params.min_volume
            and not judged.account.unoccupied
            and len(ratios) >= max(1, params.window - 1)
            and all(r < params.neighbour_drop for r in ratios)
        )

    runs, current = [], []
    for judged in ordered:
        if fell(judged):
            current.append(judged)
            continue
        if len(current) >= params.neighbour_min:
            runs.append(current)
        current = []
    if len(current) >= params.neighbour_min:
        runs.append(current)
    return runs


def score_accounts(accounts, params=None):
    """The cases to inspect among ``accounts`` (same periods for all), highest score first."""
    params = params or Params()
    if not accounts:
        return []
    n_periods = len(accounts[0].values)
    if n_periods < params.window + params.min_history:
        return []
    seasons = season_index(accounts, n_periods)
    judged_list = [
        judged for account in accounts if (judged := _judge(account, seasons[account.class_key], params)) is not None
    ]
    by_route, moved = _route_movement(judged_list, params)
    for judged in judged_list:
        _detect(judged, params)
    clusters = {}
    for route_key, members in by_route.items():
        if route_key is None:
            continue
        for run in _neighbours(members, params):
            first, last = run[0].account.route_sequence, run[-1].account.route_sequence
            cluster = f"{route_key}:{first}"
            score = median(abs(j.window_z) for j in run) + 0.5 * (len(run) - params.neighbour_min)
            for judged in run:
                # the neighbours explain the account's own drop: the case is theirs
                own = max((found[0] for found in judged.findings), default=0.0)
                judged.findings.append(
                    (
                        max(score, params.threshold, own + 0.01),
                        ILLEGAL,
                        {"code": "neighbours", "count": len(run), "first": first, "last": last},
                    )
                )
                clusters[judged.account.key] = cluster
    cases = []
    for judged in judged_list:
        if not judged.findings:
            continue
        findings = sorted(judged.findings, key=lambda found: -found[0])
        score, kind, _reason = findings[0]
        reasons = [reason for _score, _kind, reason in findings]
        route_key = judged.account.route_key
        if route_key in moved:
            reasons.append({"code": "route_moved", "factor": moved[route_key]})
        measured = [value for value in judged.account.values if value is not None]
        cases.append(
            Case(
                key=judged.account.key,
                score=round(score, 2),
                kind=kind,
                reasons=[_rounded(reason) for reason in reasons],
                expected=round(judged.expected[-1], 2),
                last=measured[-1] if measured else None,
                cluster=clusters.get(judged.account.key),
            )
        )
    cases.sort(key=lambda case: (-case.score, case.key))
    return cases


def _rounded(reason):
    return {key: round(value, 2) if isinstance(value, float) else value for key, value in reason.items()}


def precision_recall(ranked_keys, planted, top):
    """Of the first ``top`` keys of the ranked list: the share that is planted (precision) and the
    share of the planted found there (recall)."""
    head = set(ranked_keys[:top])
    hits = len(head & set(planted))
    return (hits / len(head) if head else 0.0), (hits / len(planted) if planted else 0.0)
