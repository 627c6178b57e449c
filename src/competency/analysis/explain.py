"""Why a people requirement is unmet: Hall's-theorem violators of each incomplete pool.

A pool's slots can all be filled by distinct persons exactly when every set S of slots has at
least |S| persons able to fill one of them (Hall's theorem). When the maximum matching leaves
slots empty, some S has fewer; such an S, with the persons N(S) who could fill it, is the
explanation: "the 2 slots for X can only be filled by ana; 1 more person passing X is needed".

Two violators are reported per incomplete pool:

- `blocking`: the slots reachable from an empty slot along alternating paths of the engine's
  maximum matching (König's construction). Its shortfall |S| - |N(S)| equals the number of
  empty slots, the pool's whole shortfall.
- `smallest`: among sets made of whole slot classes (slots with equal conditions, which have
  the same candidates), one with the fewest slots, the first in written order among equals.
  Found by trying the classes of the blocking set (every smallest violator lies inside it)
  in order of size: exact, and cheap since a pool has a handful of distinct conditions. Past
  `MAX_CLASSES` classes the blocking set is reported as the smallest (still a violator).

The matching itself is `matching.match_classes`, used as a black box.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

from competency.compiler import plan
from competency.engine import matching
from competency.engine.result import CompetencyResult, Evaluation, Explanation, LevelResult, SlotGroup, Violator
from competency.language import ast
from competency.partners.partner import Partner

MAX_CLASSES = 16


def explain_evaluation(library: plan.Library, partner: Partner, evaluation: Evaluation) -> Evaluation:
    """`evaluation` with `explanations` filled in on every unmet level."""
    if all(lv.met for result in evaluation.results for lv in result.levels):
        return evaluation  # nothing to explain: skip the pass over the people
    held = matching.credentials_held(library.catalog, partner, evaluation.as_of)
    results = tuple(_competency(library, result, partner, held, evaluation) for result in evaluation.results)
    return dataclasses.replace(evaluation, results=results)


def _competency(
    library: plan.Library,
    result: CompetencyResult,
    partner: Partner,
    held: Sequence[frozenset[str]],
    evaluation: Evaluation,
) -> CompetencyResult:
    version = library.in_force(result.competency, evaluation.as_of)
    if version is None:
        return result
    levels = tuple(lv if lv.met else _level(lv, version, partner, held) for lv in result.levels)
    return dataclasses.replace(result, levels=levels)


def _level(
    result: LevelResult, version: plan.Competency, partner: Partner, held: Sequence[frozenset[str]]
) -> LevelResult:
    _, level = version.level(result.option, result.level)
    route = next(r for r in level.routes if r.branches == result.branches)
    ids = partner.people.ids
    found = (explain_pool(i, pool, held, ids) for i, pool in enumerate(route.pools))
    return dataclasses.replace(result, explanations=tuple(e for e in found if e is not None))


def explain_pool(index: int, pool: plan.Pool, held: Sequence[frozenset[str]], ids: Sequence[str]) -> Explanation | None:
    """The violators of an incomplete pool; None if the pool's slots can all be filled."""
    seated = matching.match_classes(pool, held)  # fills the same slots as matching.match, faster
    if all(person is not None for person in seated):
        return None
    candidates = {c: frozenset(i for i, h in enumerate(held) if c.holds(h)) for c in _classes(pool)}
    slot_of = {person: slot for slot, person in enumerate(seated) if person is not None}
    reached = _reachable(pool, seated, slot_of, candidates)
    blocking = [c for c in candidates if any(pool.slots[s].condition == c for s in reached)]
    smallest = _smallest(pool, blocking, candidates)
    return Explanation(index, _violator(pool, smallest, candidates, ids), _violator(pool, blocking, candidates, ids))


def _classes(pool: plan.Pool) -> list[plan.Condition]:
    return list(dict.fromkeys(slot.condition for slot in pool.slots))


def _reachable(
    pool: plan.Pool,
    seated: Sequence[int | None],
    slot_of: dict[int, int],
    candidates: dict[plan.Condition, frozenset[int]],
) -> set[int]:
    """Slots reachable from the empty ones: to any candidate, then to the slot that person fills."""
    frontier = [s for s, person in enumerate(seated) if person is None]
    reached = set(frontier)
    while frontier:
        slot = frontier.pop()
        for person in candidates[pool.slots[slot].condition]:
            nxt = slot_of[person]  # every candidate is seated, or the matching would not be maximum
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    return reached


def _smallest(
    pool: plan.Pool, classes: list[plan.Condition], candidates: dict[plan.Condition, frozenset[int]]
) -> list[plan.Condition]:
    if len(classes) > MAX_CLASSES:
        return classes
    count = {c: sum(slot.condition == c for slot in pool.slots) for c in classes}
    subsets = (list(s) for k in range(1, len(classes) + 1) for s in itertools.combinations(classes, k))
    violators = (s for s in subsets if sum(count[c] for c in s) > len(frozenset().union(*(candidates[c] for c in s))))
    return min(violators, key=lambda s: sum(count[c] for c in s))  # min keeps the first of the smallest


def _violator(
    pool: plan.Pool,
    classes: list[plan.Condition],
    candidates: dict[plan.Condition, frozenset[int]],
    ids: Sequence[str],
) -> Violator:
    groups: dict[tuple[int, ast.Subset | None], int] = {}
    for slot in pool.slots:
        if slot.condition in classes:
            key = (slot.requirement, slot.role)
            groups[key] = groups.get(key, 0) + 1
    persons = sorted(frozenset().union(*(candidates[c] for c in classes)))
    return Violator(
        tuple(SlotGroup(r, role, n) for (r, role), n in groups.items()),
        tuple(ids[p] for p in persons),
    )
