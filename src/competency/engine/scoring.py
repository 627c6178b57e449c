"""Stage 3, scores: a designation's points from a partner's metrics and people.

Points are exact rationals. A metric scores nothing until its steps and gates hold; then
each source is worth `max * clamp(progress / threshold, 0, 1)`, `best` takes the highest of
its branches and `sum` adds its parts (each at least 0) up to the maximum. The partner is
scored in the first track whose `when` holds, or in every track when none says `when` (the
best counts). Qualified: the total reaches the pass mark and every metric scores above 0.

The engine hands in the partner's people as a `People`: the persons who satisfy a condition,
and the matching of a step's pool. Metric checks are shared with the engine's levels.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from competency.compiler import plan
from competency.engine.result import MetricResult, MetricScore, PeopleResult, Progress, ScoreResult
from competency.language import ast

if TYPE_CHECKING:
    from competency.partners.partner import Partner

ZERO = Fraction(0)
ZERO_VALUE = Decimal(0)  # a designation's metric that the data does not give


class People(Protocol):
    def candidates(self, condition: plan.Condition) -> tuple[str, ...]: ...

    def fill(self, requirement: ast.PeopleRequirement, condition: plan.Condition, pool: plan.Pool) -> PeopleResult: ...


def metric_result(
    requirement: ast.MetricRequirement, partner: Partner, label: str | None, missing: Decimal | None = None
) -> MetricResult:
    """A metric check, with the threshold of `label` (the partner's market, or a designation's track).

    A metric the data does not give is `missing`: unknown (None) for a competency's level, 0 in a
    designation, whose program reports every metric (a missing net add is none).
    """
    threshold = requirement.threshold_for(label)
    value = partner.metrics.get(requirement.metric, missing)
    return MetricResult(
        requirement,
        reaches(threshold, value),
        value,
        threshold.value if threshold else None,
        threshold.unit if threshold else None,
        label or partner.market,
    )


def reaches(threshold: ast.Threshold | None, value: Decimal | None) -> bool:
    return threshold is not None and value is not None and value >= threshold.value


def score(scoring: plan.Score, partner: Partner, people: People) -> ScoreResult:
    """The partner's score: in its track, or the best of all tracks (a qualifying one first, then the highest total)."""
    best: ScoreResult | None = None
    for track, classification in tracks(scoring, partner):
        found = _in_track(scoring, partner, people, track, classification)
        if best is None or (found.met, found.total) > (best.met, best.total):
            best = found
    assert best is not None, "a score is always computed in at least one track"
    return best


def tracks(scoring: plan.Score, partner: Partner) -> list[tuple[str | None, MetricResult | None]]:
    """The tracks the partner is scored in, each with the `when` check that chose it."""
    if not scoring.tracks:
        return [(None, None)]
    if scoring.best_track:
        return [(t.id, None) for t in scoring.tracks]
    check = None
    for track in scoring.tracks:
        if track.when is None:
            return [(track.id, check)]
        check = metric_result(track.when, partner, None, ZERO_VALUE)
        if check.met:
            return [(track.id, check)]
    return [(None, check)]  # every track has a `when`, and none holds: no track's thresholds apply


def _in_track(
    scoring: plan.Score, partner: Partner, people: People, track: str | None, classification: MetricResult | None
) -> ScoreResult:
    label = label_of(scoring, partner, track)
    metrics = tuple(_metric(m, partner, people, label) for m in scoring.metrics)
    total = sum((m.points for m in metrics), ZERO)
    met = total >= scoring.pass_mark and all(m.points > 0 for m in metrics)
    return ScoreResult(scoring.syntax, met, total, scoring.pass_mark, track, classification, metrics)


def label_of(scoring: plan.Score, partner: Partner, track: str | None) -> str | None:
    """The label that picks thresholds: the track in a designation with tracks, else the market."""
    return track if scoring.tracks else partner.market


def _metric(metric: plan.ScoredMetric, partner: Partner, people: People, label: str | None) -> MetricScore:
    steps = tuple(
        people.fill(step, condition, pool)
        for step, condition, pool in zip(metric.steps, metric.step_conditions, metric.step_pools, strict=True)
    )
    gates = tuple(metric_result(gate, partner, label, ZERO_VALUE) for gate in metric.gates)
    sources: list[Progress] = []

    def scored(source: ast.MetricPoints | plan.PersonPoints, most: Fraction) -> Fraction:
        sources.append(_progress(source, most, partner, people, label))
        return sources[-1].points

    points = combine(metric.points, metric.max, scored)
    if not all(r.met for r in (*steps, *gates)):
        points = ZERO
    return MetricScore(metric.id, metric.title, metric.category, points, metric.max, steps, gates, tuple(sources))


def combine(points: plan.Points, most: Fraction, scored: Callable[[plan.Points, Fraction], Fraction]) -> Fraction:
    """What `points` is worth, at most `most`, given `scored(source, its maximum)` for each
    source: `best` takes the highest branch, `sum` adds its parts (each at least 0) up to `most`."""
    match points:
        case plan.BestPoints(branches=branches):
            return max(combine(b, most, scored) for b in branches)
        case plan.SumPoints(parts=parts):
            return min(most, sum((max(ZERO, combine(p, cap, scored)) for cap, p in parts), ZERO))
        case _:
            return scored(points, most)


def _progress(
    source: ast.MetricPoints | plan.PersonPoints, most: Fraction, partner: Partner, people: People, label: str | None
) -> Progress:
    """One source against its threshold: `most * clamp(progress / threshold, 0, 1)`."""
    if isinstance(source, plan.PersonPoints):
        counted = people.candidates(source.condition)
        syntax, value = source.syntax, Fraction(len(counted))
    else:
        counted, syntax = (), source
        value = Fraction(partner.metrics.get(source.metric, 0))
    threshold = ast.threshold_for(syntax.thresholds, label)
    if threshold is None:
        return Progress(syntax, value, None, ZERO, counted)
    limit = Fraction(threshold.value)
    return Progress(syntax, value, limit, most * min(Fraction(1), max(ZERO, value / limit)), counted)
