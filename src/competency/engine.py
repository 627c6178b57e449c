"""Stage 3: plan + partner -> result.

A level holds when, on some route, every organization check holds and every pool has a
complete matching: an assignment of distinct persons to all its slots where each person
satisfies the slot's condition. Matching is exact (augmenting paths, never greedy) and
deterministic: slots are tried in written order and persons in input order, so the same
input always yields the same witness.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from . import ast, plan
from .errors import CompetencyError, Diagnostic
from .partner import Partner
from .result import (
    Assignment,
    AssociationResult,
    AttributeResult,
    CompetencyResult,
    Evaluation,
    LevelResult,
    MetricResult,
    PeopleResult,
    RequirementResult,
)


def evaluate(
    library: plan.Library,
    partner: Partner,
    competencies: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> Evaluation:
    """Evaluate `partner` against the given competencies (default: all) on `as_of`.

    The date is, in order: `as_of`, the partner data's `as_of`, today.
    """
    day = as_of or partner.as_of or dt.date.today()
    ids = list(competencies) if competencies is not None else list(library.ids())
    unknown = [c for c in ids if c not in library.competencies]
    if unknown:
        known = ", ".join(library.ids())
        raise CompetencyError(Diagnostic("I303", f"unknown competency '{unknown[0]}'; known: {known}"))
    held = credentials_held(library.catalog, partner, day)
    return Evaluation(partner.name, day, tuple(_competency(library, c, partner, held, day) for c in ids))


def credentials_held(catalog: plan.Catalog, partner: Partner, day: dt.date) -> tuple[frozenset[str], ...]:
    """Per person, the catalog credentials that count on `day`: passed by then, still accepted."""
    accepted = {cid for cid, c in catalog.credentials.items() if c.accepted_on(day)}
    return tuple(
        frozenset(e.code for e in person.credentials if e.code in accepted and (e.date is None or e.date <= day))
        for person in partner.people
    )


def _competency(
    library: plan.Library, competency_id: str, partner: Partner, held: Sequence[frozenset[str]], day: dt.date
) -> CompetencyResult:
    version = library.in_force(competency_id, day)
    if version is None:
        first = library.versions(competency_id)[0]
        return CompetencyResult(competency_id, first.title, None, None, None, (), in_force=False)
    levels = tuple(
        evaluate_level(option, level, partner, held) for option in version.options for level in option.levels
    )
    best = _highest(version, levels)
    return CompetencyResult(
        version.id,
        version.title,
        version.effective,
        best.level if best else None,
        best.option if best else None,
        levels,
    )


def _highest(version: plan.Competency, levels: Sequence[LevelResult]) -> LevelResult | None:
    """The met level of highest rank; among equals, the first option in written order."""
    met = [lv for lv in levels if lv.met]
    if not met:
        return None
    rank = version.level_order.index
    top = max(rank(lv.level) for lv in met)
    return next(lv for lv in met if rank(lv.level) == top)


def evaluate_level(
    option: plan.Option, level: plan.Level, partner: Partner, held: Sequence[frozenset[str]]
) -> LevelResult:
    """The first route that holds; if none does, the route that comes closest."""
    best: tuple[int, LevelResult] | None = None
    for route in level.routes:
        result = _route(option.id, level.name, route, partner, held)
        if result.met:
            return result
        gap = _shortfall(result.requirements)
        if best is None or gap < best[0]:
            best = (gap, result)
    assert best is not None, "a compiled level always has at least one route"
    return best[1]


def _shortfall(requirements: Iterable[RequirementResult]) -> int:
    return sum(r.missing if isinstance(r, PeopleResult) else (not r.met) for r in requirements)


def _route(option: str, level: str, route: plan.Route, partner: Partner, held: Sequence[frozenset[str]]) -> LevelResult:
    filled: dict[int, list[Assignment]] = {}
    for pool in route.pools:
        for slot, person in zip(pool.slots, match(pool, held), strict=True):
            if person is not None:
                filled.setdefault(slot.requirement, []).append(Assignment(partner.people[person].id, slot.role))
    results = tuple(
        _requirement(req, cond, filled.get(i, []), partner, held)
        for i, (req, cond) in enumerate(zip(route.requirements, route.conditions, strict=True))
    )
    return LevelResult(option, level, all(r.met for r in results), route.branches, results)


def _requirement(
    requirement: ast.Requirement,
    condition: plan.Condition | None,
    assignments: list[Assignment],
    partner: Partner,
    held: Sequence[frozenset[str]],
) -> RequirementResult:
    match requirement:
        case ast.MetricRequirement():
            return _metric(requirement, partner)
        case ast.AssociationRequirement(associations=names):
            have = tuple(n for n in names if n in partner.associations)
            return AssociationResult(requirement, bool(have), have)
        case ast.AttributeRequirement(attribute=name):
            return AttributeResult(requirement, partner.attributes.get(name) is True)
        case ast.PeopleRequirement():
            assert condition is not None
            missing = requirement.count - len(assignments)
            candidates = tuple(p.id for p, h in zip(partner.people, held, strict=True) if condition.holds(h))
            return PeopleResult(requirement, condition, missing == 0, tuple(assignments), missing, candidates)
    raise TypeError(f"not a flat requirement: {requirement!r}")


def _metric(requirement: ast.MetricRequirement, partner: Partner) -> MetricResult:
    by_market = {t.market: t for t in requirement.thresholds}
    threshold = by_market.get(partner.market) or by_market.get(None)
    value = partner.metrics.get(requirement.metric)
    met = threshold is not None and value is not None and value >= threshold.value
    return MetricResult(
        requirement,
        met,
        value,
        threshold.value if threshold else None,
        threshold.unit if threshold else None,
        partner.market,
    )


# ---- matching -------------------------------------------------------------------------


def match(pool: plan.Pool, held: Sequence[frozenset[str]]) -> list[int | None]:
    """A maximum matching of the pool's slots to distinct persons, as a person index per slot.

    Kuhn's augmenting-path algorithm: each slot in turn claims a candidate, re-seating earlier
    slots along an alternating path when needed. Exact, and deterministic by construction.
    """
    candidates_of: dict[plan.Condition, list[int]] = {}
    candidates = []
    for slot in pool.slots:
        if slot.condition not in candidates_of:
            candidates_of[slot.condition] = [i for i, h in enumerate(held) if slot.condition.holds(h)]
        candidates.append(candidates_of[slot.condition])
    seated: dict[int, int] = {}  # person -> slot
    assigned: list[int | None] = [None] * len(pool.slots)

    def seat(slot: int, visited: set[int]) -> bool:
        for person in candidates[slot]:
            if person in visited:
                continue
            visited.add(person)
            if person not in seated or seat(seated[person], visited):
                seated[person] = slot
                assigned[slot] = person
                return True
        return False

    for slot in range(len(pool.slots)):
        seat(slot, set())
    return assigned
