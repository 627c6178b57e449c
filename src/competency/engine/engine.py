"""Stage 3: plan + partner -> result.

A level holds when, on some route, every organization check holds and every pool has a
complete matching (see `matching`: distinct persons for all its slots, each satisfying the
slot's condition). `evaluate` reports every level with its witness, what is missing and who
counts; `levels_attained` is the batch fast path that computes verdicts only (`verdicts`: the
same as an `Evaluation` whose results have no levels).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from competency.compiler import plan
from competency.engine.matching import Bits, Flow, PoolPlan, group_indices, match_masks, person_masks
from competency.engine.scoring import metric_result, reaches, score
from competency.errors import CompetencyError, Diagnostic, Severity
from competency.language import ast
from competency.suggest import unknown_one

if TYPE_CHECKING:  # annotations only: importing the engine need not load the YAML and schema machinery
    from competency.partners.partner import Partner
from competency.engine.result import (
    Assignment,
    AssociationResult,
    AttributeResult,
    CompetencyResult,
    Evaluation,
    LevelResult,
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

    The date is `evaluation_day(partner, as_of)`.
    """
    day = evaluation_day(partner, as_of)
    ids = _competency_ids(library, competencies)
    bits = compiled(library).bits
    people = _People(bits, person_masks(bits, partner, day), partner)
    results = tuple(_competency(library, c, people, day) for c in ids)
    return Evaluation(partner.name, day, results, unknown_credentials(library.catalog, partner), partner.id)


def verdicts(
    library: plan.Library,
    partner: Partner,
    competencies: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> Evaluation:
    """`evaluate`'s verdicts alone, as fast as `levels_attained`: each result's level and option,
    without its levels (empty), so without a designation's score."""
    day, attained = levels_attained(library, partner, competencies, as_of)
    results = tuple(
        _not_in_force(library, c) if found is None else _in_force(library.in_force(c, day), *found, ())
        for c, found in attained.items()
    )
    return Evaluation(partner.name, day, results, unknown_credentials(library.catalog, partner), partner.id)


def evaluation_day(partner: Partner, as_of: dt.date | None = None) -> dt.date:
    """The date a partner is evaluated on: `as_of`, else the partner data's `as_of`, else today."""
    return as_of or partner.as_of or dt.date.today()


def unknown_credentials(catalog: plan.Catalog, partner: Partner) -> tuple[Diagnostic, ...]:
    """One warning per credential code the catalog does not know (a typo counts toward nothing)."""
    known = catalog.credentials
    column = partner.people.credentials
    distinct = dict(zip(map(id, column), column, strict=True))  # equal lists mostly share a tuple
    if all(earned.code in known for credentials in distinct.values() for earned in credentials):
        return ()
    places: dict[str, list[str]] = {}
    for i, credentials in enumerate(column):
        for j, earned in enumerate(credentials):
            if earned.code not in known:
                places.setdefault(earned.code, []).append(f"people[{i}].credentials[{j}]")
    return tuple(_unknown(code, where) for code, where in places.items())


def _unknown(code: str, where: list[str]) -> Diagnostic:
    more = f" (and {len(where) - 1} more)" if len(where) > 1 else ""
    message = f"unknown credential '{code}'{more}: it is not in the catalog, so it counts toward nothing"
    return Diagnostic("I307", message, severity=Severity.WARNING, where=where[0])


def _competency_ids(library: plan.Library, competencies: Iterable[str] | None) -> list[str]:
    ids = list(competencies) if competencies is not None else list(library.ids())
    unknown = [c for c in ids if c not in library.competencies]
    if unknown:
        raise CompetencyError(unknown_one("competency", unknown[0], library.ids()))
    return ids


def _competency(library: plan.Library, competency_id: str, people: _People, day: dt.date) -> CompetencyResult:
    version = library.in_force(competency_id, day)
    if version is None:
        return _not_in_force(library, competency_id)
    levels = tuple(_level(option, level, people) for option in version.options for level in option.levels)
    best = _highest(version, levels)
    return _in_force(version, best.level if best else None, best.option if best else None, levels)


def _in_force(
    version: plan.Competency, level: str | None, option: str | None, levels: tuple[LevelResult, ...]
) -> CompetencyResult:
    return CompetencyResult(version.id, version.title, version.effective, level, option, levels)


def _not_in_force(library: plan.Library, competency_id: str) -> CompetencyResult:
    first = library.versions(competency_id)[0]
    return CompetencyResult(competency_id, first.title, None, None, None, (), in_force=False)


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
    bits = Bits.for_sets(held, (s.condition for r in level.routes for p in r.pools for s in p.slots))
    return _level(option, level, _People(bits, [bits.mask(h) for h in held], partner))


def _level(option: plan.Option, level: plan.Level, people: _People) -> LevelResult:
    best: tuple[int, LevelResult] | None = None
    for route in level.routes:
        result = _route(option.id, level.name, route, people)
        if result.met:
            return result
        gap = _shortfall(result.requirements)
        if best is None or gap < best[0]:
            best = (gap, result)
    assert best is not None, "a compiled level always has at least one route"
    return best[1]


def _shortfall(requirements: Iterable[RequirementResult]) -> int:
    return sum(r.missing if isinstance(r, PeopleResult) else (not r.met) for r in requirements)


def _route(option: str, level: str, route: plan.Route, people: _People) -> LevelResult:
    if route.score is not None:
        scored = score(route.score, people.partner, people)
        return LevelResult(option, level, scored.met, route.branches, (scored,))
    filled: dict[int, list[Assignment]] = {}
    partner = people.partner
    for pool in route.pools:
        for slot, person in zip(pool.slots, match_masks(people.bits.pool(pool), people.groups), strict=True):
            if person is not None:
                filled.setdefault(slot.requirement, []).append(Assignment(partner.people.ids[person], slot.role))
    results = tuple(
        _requirement(req, cond, filled.get(i, []), people)
        for i, (req, cond) in enumerate(zip(route.requirements, route.conditions, strict=True))
    )
    return LevelResult(option, level, all(r.met for r in results), route.branches, results)


def _requirement(
    requirement: ast.Requirement,
    condition: plan.Condition | None,
    assignments: list[Assignment],
    people: _People,
) -> RequirementResult:
    partner = people.partner
    match requirement:
        case ast.MetricRequirement():
            return metric_result(requirement, partner, partner.market)
        case ast.AssociationRequirement(associations=names):
            have = tuple(n for n in names if n in partner.associations)
            return AssociationResult(requirement, bool(have), have)
        case ast.AttributeRequirement(attribute=name):
            return AttributeResult(requirement, partner.attributes.get(name) is True)
        case ast.PeopleRequirement():
            assert condition is not None
            missing = requirement.count - len(assignments)
            return PeopleResult(
                requirement, condition, missing == 0, tuple(assignments), missing, people.candidates(condition)
            )
    raise TypeError(f"not a flat requirement: {requirement!r}")


# ---- levels only: the fast path of batch evaluation -----------------------------------------


def levels_attained(
    library: plan.Library,
    partner: Partner,
    competencies: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> tuple[dt.date, dict[str, tuple[str | None, str | None] | None]]:
    """Per competency, (level, option) exactly as `evaluate` reports them, or None if none is in force.

    Computes verdicts only: no witness, no result records. Levels are tried from the highest
    rank down and stop at the first met; a route stops at its first failed check, and a pool
    with fewer candidates than slots fails without a flow.
    """
    day = evaluation_day(partner, as_of)
    engine = compiled(library)
    masks = person_masks(engine.bits, partner, day)
    counts: dict[int, int] = {}
    for m in masks:
        if m:
            counts[m] = counts.get(m, 0) + 1
    held = 0
    for m in counts:
        held |= m
    people = functools.cache(lambda: _People(engine.bits, masks, partner))  # only designations need them
    out: dict[str, tuple[str | None, str | None] | None] = {}
    for competency_id in _competency_ids(library, competencies):
        version = engine.ladder(library, competency_id, day)
        out[competency_id] = None if version is None else _first_met(version, partner, counts, held, people)
    return day, out


def _first_met(
    ladder: _Ladder, partner: Partner, counts: dict[int, int], held: int, people: Callable[[], _People]
) -> tuple[str | None, str | None]:
    for option, level, routes in ladder.levels:
        for checks, pools, scoring in routes:
            if scoring is not None:
                if score(scoring, partner, people()).met:
                    return level, option
                continue
            for check in checks:
                if not check(partner):
                    break
            else:
                for pool in pools:
                    if not _pool_complete(pool, counts, held):
                        break
                else:
                    return level, option
    return None, None


def _pool_complete(pp: PoolPlan, counts: dict[int, int], held: int) -> bool:
    for reach in pp.reach:
        if not reach & held:  # nobody holds anything this slot condition names
            return False
    sizes: dict[int, int] = {}
    total, reach = 0, pp.reach_all
    for mask, n in counts.items():
        if mask & reach:
            sig = pp.signature(mask)
            if sig:
                sizes[sig] = sizes.get(sig, 0) + n
                total += n
    if total < len(pp.kinds):  # fewer candidates than slots: no flow can fill them
        return False
    if len(pp.terms) == 1:  # one condition: enough candidates is a complete matching
        return True
    return Flow(len(pp.terms), list(sizes), list(sizes.values())).fill(pp.kinds, stop_at_gap=True) is not None


# ---- compiled once: ladders per version, a partner's people, the library ------------------


@dataclass(frozen=True, slots=True)
class _Ladder:
    """A competency version in the order `levels_attained` tries it: highest rank first.

    Per level: (option id, level name, routes); per route: (organization checks, pools, score).
    """

    levels: tuple[tuple[str, str, tuple[tuple[tuple, tuple[PoolPlan, ...]], ...]], ...]


def _ladder(bits: Bits, version: plan.Competency) -> _Ladder:
    levels = [(option, level) for option in version.options for level in option.levels]
    levels.sort(key=lambda ol: -ol[1].rank)  # stable: among equal ranks, options stay in written order
    return _Ladder(
        tuple(
            (
                option.id,
                level.name,
                tuple((_checks(route), tuple(map(bits.pool, route.pools)), route.score) for route in level.routes),
            )
            for option, level in levels
        )
    )


def _checks(route: plan.Route) -> tuple:
    """The route's organization requirements as predicates on a partner."""
    checks = []
    for requirement in route.requirements:
        match requirement:
            case ast.MetricRequirement():
                checks.append(lambda partner, r=requirement: _meets(r, partner))
            case ast.AssociationRequirement(associations=names):
                checks.append(lambda partner, names=names: any(n in partner.associations for n in names))
            case ast.AttributeRequirement(attribute=name):
                checks.append(lambda partner, name=name: partner.attributes.get(name) is True)
    return tuple(checks)


def _meets(requirement: ast.MetricRequirement, partner: Partner) -> bool:
    return reaches(requirement.threshold_for(partner.market), partner.metrics.get(requirement.metric))


class _People:
    """One partner's people grouped by credential mask (one pass), and each condition's candidates."""

    __slots__ = ("_candidates", "bits", "groups", "ids", "partner")

    def __init__(self, bits: Bits, masks: Sequence[int], partner: Partner) -> None:
        self.bits, self.partner = bits, partner
        self.groups = group_indices(masks)
        self.ids = partner.people.ids
        self._candidates: dict[plan.Condition, tuple[str, ...]] = {}

    def fill(self, requirement: ast.PeopleRequirement, condition: plan.Condition, pool: plan.Pool) -> PeopleResult:
        """A people requirement that is a pool of its own (a designation's step), matched."""
        filled = [
            Assignment(self.ids[person], slot.role)
            for slot, person in zip(pool.slots, match_masks(self.bits.pool(pool), self.groups), strict=True)
            if person is not None
        ]
        return _requirement(requirement, condition, filled, self)

    def candidates(self, condition: plan.Condition) -> tuple[str, ...]:
        """Every person who satisfies `condition`, in input order (judged once per distinct mask)."""
        if condition not in self._candidates:
            terms = self.bits.term_masks(condition)
            chosen = [g for m, g in self.groups.items() if any(t & m == t for t in terms)]
            self._candidates[condition] = tuple(map(self.ids.__getitem__, sorted(itertools.chain(*chosen))))
        return self._candidates[condition]


class _Compiled:
    """A library compiled for the engine: its credentials as bits, and per competency version
    the ladder `levels_attained` climbs (each built on first use)."""

    __slots__ = ("_ladders", "bits")

    def __init__(self, library: plan.Library) -> None:
        self.bits = Bits(library.catalog.credentials, library.catalog)
        self._ladders: dict[int, tuple[plan.Competency, _Ladder]] = {}

    def ladder(self, library: plan.Library, competency_id: str, day: dt.date) -> _Ladder | None:
        """The version in force on `day`, as a ladder; None if no version is."""
        version = library.in_force(competency_id, day)
        if version is None:
            return None
        entry = self._ladders.get(id(version))
        if entry is None or entry[0] is not version:
            entry = self._ladders[id(version)] = (version, _ladder(self.bits, version))
        return entry[1]


KEPT_COMPILED = 4  # libraries whose compiled form is kept: `diff` alternates between two
_compiled: dict[int, tuple[plan.Library, _Compiled]] = {}


def compiled(library: plan.Library) -> _Compiled:
    """The library's compiled form; kept for the last few libraries seen (one or two per process in practice)."""
    entry = _compiled.get(id(library))
    if entry is None or entry[0] is not library:
        if len(_compiled) >= KEPT_COMPILED:
            del _compiled[next(iter(_compiled))]  # the oldest
        entry = _compiled[id(library)] = (library, _Compiled(library))
    return entry[1]
