"""Stage 3: plan + partner -> result.

A level holds when, on some route, every organization check holds and every pool has a
complete matching: an assignment of distinct persons to all its slots where each person
satisfies the slot's condition. Matching is exact (augmenting paths, never greedy) and
deterministic: the same input always yields the same witness.

Two matchings live here. `match` is the plain reference: slots by persons, Kuhn's
algorithm. `match_classes` is what `evaluate` runs: people who satisfy exactly the same
slot conditions are interchangeable, so they are grouped into classes with counts (one
pass over the people) and a flow over (slot conditions x classes) is solved, whose size
does not grow with headcount. Both fill the same slots (the first maximal set in written
order); the persons named may differ between the two, never between runs.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import ast, plan
from .errors import CompetencyError, Diagnostic, Severity

if TYPE_CHECKING:  # annotations only: importing the engine need not load the YAML and schema machinery
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
    ids = _competency_ids(library, competencies)
    people = _People(compiled(library), person_masks(compiled(library), partner, day), partner)
    results = tuple(_competency(library, c, people, day) for c in ids)
    return Evaluation(partner.name, day, results, unknown_credentials(library.catalog, partner))


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
        known = ", ".join(library.ids())
        raise CompetencyError(Diagnostic("I303", f"unknown competency '{unknown[0]}'; known: {known}"))
    return ids


def credentials_held(catalog: plan.Catalog, partner: Partner, day: dt.date) -> tuple[frozenset[str], ...]:
    """Per person, the catalog credentials that count on `day`: passed by then, still accepted.

    People with the same credentials share one frozenset (computed from their mask once).
    """
    bits = _Bits(catalog.credentials, catalog)
    names = {b: c for c, b in bits.bit.items()}
    decoded: dict[int, frozenset[str]] = {}
    held = []
    for mask in person_masks(bits, partner, day):
        if mask not in decoded:
            decoded[mask] = frozenset(names[1 << i] for i in range(mask.bit_length()) if mask >> i & 1)
        held.append(decoded[mask])
    return tuple(held)


def _competency(library: plan.Library, competency_id: str, people: _People, day: dt.date) -> CompetencyResult:
    version = library.in_force(competency_id, day)
    if version is None:
        first = library.versions(competency_id)[0]
        return CompetencyResult(competency_id, first.title, None, None, None, (), in_force=False)
    levels = tuple(_level(option, level, people) for option in version.options for level in option.levels)
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
    bits = _Bits.for_sets(held, (s.condition for r in level.routes for p in r.pools for s in p.slots))
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
    filled: dict[int, list[Assignment]] = {}
    partner = people.partner
    for pool in route.pools:
        for slot, person in zip(pool.slots, _match_masks(people.bits.pool(pool), people.groups), strict=True):
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
            return _metric(requirement, partner)
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


def _metric(requirement: ast.MetricRequirement, partner: Partner) -> MetricResult:
    threshold = requirement.threshold_for(partner.market)
    value = partner.metrics.get(requirement.metric)
    return MetricResult(
        requirement,
        _reaches(threshold, value),
        value,
        threshold.value if threshold else None,
        threshold.unit if threshold else None,
        partner.market,
    )


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
    day = as_of or partner.as_of or dt.date.today()
    bits = compiled(library)
    masks = person_masks(bits, partner, day)
    counts: dict[int, int] = {}
    for m in masks:
        if m:
            counts[m] = counts.get(m, 0) + 1
    held = 0
    for m in counts:
        held |= m
    out: dict[str, tuple[str | None, str | None] | None] = {}
    for competency_id in _competency_ids(library, competencies):
        version = bits.version(library, competency_id, day)
        out[competency_id] = None if version is None else _first_met(version, partner, counts, held)
    return day, out


def _first_met(ladder: _Ladder, partner: Partner, counts: dict[int, int], held: int) -> tuple[str | None, str | None]:
    for option, level, routes in ladder.levels:
        for checks, pools in routes:
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


def _pool_complete(pp: _PoolPlan, counts: dict[int, int], held: int) -> bool:
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
    return _Flow(len(pp.terms), list(sizes), list(sizes.values())).fill(pp.kinds, stop_at_gap=True) is not None


# ---- matching -------------------------------------------------------------------------


def match(pool: plan.Pool, held: Sequence[frozenset[str]]) -> list[int | None]:
    """A maximum matching of the pool's slots to distinct persons, as a person index per slot.

    The plain reference: Kuhn's augmenting-path algorithm over slots x persons. Each slot in
    turn claims a candidate, re-seating earlier slots along an alternating path when needed.
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


def match_classes(pool: plan.Pool, held: Sequence[frozenset[str]]) -> list[int | None]:
    """A maximum matching like `match`'s, computed over classes of interchangeable people.

    It fills the same slots as `match` does; each filled slot gets a distinct person satisfying
    its condition, chosen deterministically (from each class in input order), though not always
    the person `match` picks.
    """
    bits = _Bits.for_sets(held, (s.condition for s in pool.slots))
    return _match_masks(bits.pool(pool), _group(held), bits.mask)


def _match_masks(
    pp: _PoolPlan, groups: dict[Hashable, list[int]], mask_of: Callable[[Any], int] = int
) -> list[int | None]:
    """Match people given in groups of equal credentials (keyed by mask, or what `mask_of` makes one)."""
    parts: dict[int, list[list[int]]] = {}  # class (set of slot conditions met) -> its groups
    for key, group in groups.items():
        sig = pp.signature(mask_of(key))
        if sig:
            parts.setdefault(sig, []).append(group)
    # Classes in order of their first person. No class hands out more persons than there are
    # slots, so only that many of its members are listed (in input order); the rest are counted.
    members = {sig: list(itertools.islice(heapq.merge(*gs), len(pp.kinds))) for sig, gs in parts.items()}
    classes = sorted(members, key=lambda sig: members[sig][0])
    flow = _Flow(len(pp.terms), classes, [sum(map(len, parts[c])) for c in classes])
    filled = flow.fill(pp.kinds, stop_at_gap=False)
    assert filled is not None
    # Expand class counts to persons: each class hands out its members in input order.
    handed = [0] * len(classes)
    chosen: list[list[int]] = []
    for kind in range(len(pp.terms)):
        persons: list[int] = []
        for c in flow.adjacent[kind]:
            n = flow.flow[kind][c]
            persons += members[classes[c]][handed[c] : handed[c] + n]
            handed[c] += n
        chosen.append(sorted(persons, reverse=True))
    return [chosen[kind].pop() if ok else None for kind, ok in zip(pp.kinds, filled, strict=True)]


class _Flow:
    """Max-flow from slot conditions ("kinds") to classes of people with capacities (their sizes).

    Slots are filled one at a time in written order, each along an augmenting path found by
    depth-first search over kinds: the same slots end up filled as in the plain matching.
    """

    __slots__ = ("adjacent", "capacity", "flow", "kinds", "used")

    def __init__(self, kinds: int, classes: Sequence[int], sizes: Sequence[int]) -> None:
        self.kinds = kinds
        self.capacity = sizes
        self.used = [0] * len(classes)
        self.flow = [[0] * len(classes) for _ in range(kinds)]
        self.adjacent = [[c for c, sig in enumerate(classes) if sig >> k & 1] for k in range(kinds)]

    def fill(self, slot_kinds: Sequence[int], *, stop_at_gap: bool) -> list[bool] | None:
        """Per slot, whether it got a person; None as soon as one cannot, if `stop_at_gap`."""
        filled = []
        for kind in slot_kinds:
            ok = self._augment(kind, {kind})
            if not ok and stop_at_gap:
                return None
            filled.append(ok)
        return filled

    def _augment(self, kind: int, seen: set[int]) -> bool:
        for c in self.adjacent[kind]:
            if self.used[c] < self.capacity[c]:
                self.flow[kind][c] += 1
                self.used[c] += 1
                return True
        for c in self.adjacent[kind]:
            for other in range(self.kinds):
                if self.flow[other][c] and other not in seen:
                    seen.add(other)
                    if self._augment(other, seen):  # `other` moves on, handing one place in `c` over
                        self.flow[other][c] -= 1
                        self.flow[kind][c] += 1
                        return True
        return False


# ---- compiled conditions: credentials as bits -----------------------------------------------


@dataclass(frozen=True, slots=True)
class _PoolPlan:
    """A pool compiled to masks: its distinct slot conditions ("kinds") and each slot's kind."""

    terms: tuple[tuple[int, ...], ...]  # per kind, its DNF terms as credential masks
    reach: tuple[int, ...]  # per kind, every credential it names: a person with none of them never qualifies
    kinds: tuple[int, ...]  # per slot, in written order
    reach_all: int  # the union of `reach`

    def signature(self, mask: int) -> int:
        """The set of kinds a person with these credentials satisfies, as bits."""
        sig = 0
        for kind, terms in enumerate(self.terms):
            if self.reach[kind] & mask:
                for term in terms:
                    if term & mask == term:
                        sig |= 1 << kind
                        break
        return sig


@dataclass(frozen=True, slots=True)
class _Ladder:
    """A competency version in the order `levels_attained` tries it: highest rank first.

    Per level: (option id, level name, routes); per route: (organization checks, pools).
    """

    levels: tuple[tuple[str, str, tuple[tuple[tuple, tuple[_PoolPlan, ...]], ...]], ...]


class _Bits:
    """Credential ids as bit positions and conditions as masks, compiled once per library."""

    def __init__(self, credentials: Iterable[str], catalog: plan.Catalog | None = None) -> None:
        self.bit = {cid: 1 << i for i, cid in enumerate(sorted(credentials))}
        self.catalog = catalog
        self._pools: dict[int, tuple[plan.Pool, _PoolPlan]] = {}
        self._accepted: dict[dt.date, int] = {}
        self._ladders: dict[int, tuple[plan.Competency, _Ladder]] = {}

    @classmethod
    def for_sets(cls, held: Sequence[frozenset[str]], conditions: Iterable[plan.Condition]) -> _Bits:
        names = set().union(*held) if held else set()
        for condition in conditions:
            names |= condition.credentials
        return cls(names)

    def mask(self, credentials: Iterable[str]) -> int:
        bit = self.bit
        out = 0
        for c in credentials:
            out |= bit.get(c, 0)
        return out

    def term_masks(self, condition: plan.Condition) -> tuple[int, ...]:
        # A term naming a credential outside the map can never be met, so it is dropped.
        return tuple(self.mask(t) for t in condition.terms if all(c in self.bit for c in t))

    def pool(self, pool: plan.Pool) -> _PoolPlan:
        entry = self._pools.get(id(pool))
        if entry is None or entry[0] is not pool:
            conditions = list(dict.fromkeys(s.condition for s in pool.slots))
            terms = tuple(self.term_masks(c) for c in conditions)
            reach = tuple(self.mask(t for term in c.terms for t in term) for c in conditions)
            kinds = tuple(conditions.index(s.condition) for s in pool.slots)
            all_reach = 0
            for r in reach:
                all_reach |= r
            entry = self._pools[id(pool)] = (pool, _PoolPlan(terms, reach, kinds, all_reach))
        return entry[1]

    def accepted(self, day: dt.date) -> int:
        """The credentials the catalog accepts on `day` (all of them, without a catalog)."""
        if day not in self._accepted:
            names = (
                self.bit
                if self.catalog is None
                else [c.id for c in self.catalog.credentials.values() if c.accepted_on(day)]
            )
            self._accepted[day] = self.mask(names)
        return self._accepted[day]

    def version(self, library: plan.Library, competency_id: str, day: dt.date) -> _Ladder | None:
        """The version in force on `day`, compiled for `levels_attained` (once per version)."""
        version = library.in_force(competency_id, day)
        if version is None:
            return None
        entry = self._ladders.get(id(version))
        if entry is None or entry[0] is not version:
            entry = self._ladders[id(version)] = (version, _ladder(self, version))
        return entry[1]


def _ladder(bits: _Bits, version: plan.Competency) -> _Ladder:
    levels = [(option, level) for option in version.options for level in option.levels]
    levels.sort(key=lambda ol: -ol[1].rank)  # stable: among equal ranks, options stay in written order
    return _Ladder(
        tuple(
            (
                option.id,
                level.name,
                tuple((_checks(route), tuple(map(bits.pool, route.pools))) for route in level.routes),
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
    return _reaches(requirement.threshold_for(partner.market), partner.metrics.get(requirement.metric))


def _reaches(threshold: ast.Threshold | None, value: Decimal | None) -> bool:
    return threshold is not None and value is not None and value >= threshold.value


class _People:
    """One partner's people grouped by credential mask (one pass), and each condition's candidates."""

    __slots__ = ("_candidates", "bits", "groups", "ids", "partner")

    def __init__(self, bits: _Bits, masks: Sequence[int], partner: Partner) -> None:
        self.bits, self.partner = bits, partner
        self.groups = _group(masks)
        self.ids = partner.people.ids
        self._candidates: dict[plan.Condition, tuple[str, ...]] = {}

    def candidates(self, condition: plan.Condition) -> tuple[str, ...]:
        """Every person who satisfies `condition`, in input order (judged once per distinct mask)."""
        if condition not in self._candidates:
            terms = self.bits.term_masks(condition)
            chosen = [g for m, g in self.groups.items() if any(t & m == t for t in terms)]
            self._candidates[condition] = tuple(map(self.ids.__getitem__, sorted(itertools.chain(*chosen))))
        return self._candidates[condition]


def _group(keys: Iterable[Hashable]) -> dict[Hashable, list[int]]:
    """Person indices by key (mask or credential set), in input order: the one pass over the people."""
    groups: dict[Hashable, list[int]] = {}
    for person, key in enumerate(keys):
        group = groups.get(key)
        if group is None:
            groups[key] = [person]
        else:
            group.append(person)
    return groups


_compiled: tuple[plan.Library, _Bits] | None = None


def compiled(library: plan.Library) -> _Bits:
    """The library's compiled form; kept for the last library seen (one per process in practice)."""
    global _compiled
    if _compiled is None or _compiled[0] is not library:
        _compiled = (library, _Bits(library.catalog.credentials, library.catalog))
    return _compiled[1]


def person_masks(bits: _Bits, partner: Partner, day: dt.date) -> list[int]:
    """Per person, the credentials that count on `day` (passed by then, still accepted) as a mask."""
    accepted = bits.accepted(day)
    bit = bits.bit
    # One mask per distinct tuple, by identity: people with equal credentials mostly share one
    # tuple (see `partner._credentials`), and hashing tuples would cost more than their masks.
    column = partner.people.credentials
    keys = list(map(id, column))
    known: dict[int, int] = {}
    for key, credentials in zip(keys, column, strict=True):
        if key not in known:
            mask = 0
            for earned in credentials:
                if earned.date is None or earned.date <= day:
                    mask |= bit.get(earned.code, 0)
            known[key] = mask & accepted
    return list(map(known.__getitem__, keys))
