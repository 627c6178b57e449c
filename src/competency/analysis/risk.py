"""Key people: who the partner cannot afford to lose, per attained level.

A level is lost when every route that holds today fails (routes failing today cannot recover
when people leave). A route fails when one of its pools loses its complete matching.

- `key`: persons whose departure alone loses the level. Only persons seated by the engine's
  matching in a holding route can be key (the others leave that matching intact); each is
  checked by evaluating the level with that person's credentials removed.
- `departures`: the fewest departures that lose the level, exactly. By Hall's theorem, a pool
  fails after the set D leaves iff some nonempty set T of slots (whole slot classes, wlog)
  keeps fewer candidates outside D than |T|. Departures that break one pool of every holding
  route, with routes sharing people, form a covering problem, solved as an integer program:
  minimise sum d[p] subject to, per route, sum z[pool] >= 1 over its pools, and per pool
  z <= sum b[class], y[p] >= b[class] - d[p] for each candidate p of the class, and
  sum y <= sum count[class] * b[class] - z.  (`d`, `b`, `z` binary; `y` in [0, 1].)
  For a single pool this is König's surplus: min over T of |N(T)| - |T| + 1.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from competency.analysis.milp import Model
from competency.compiler import plan
from competency.engine import engine, matching
from competency.engine.result import PeopleResult
from competency.partners.partner import Partner


@dataclass(frozen=True, slots=True)
class KeyPeople:
    competency: str
    option: str
    level: str
    key: tuple[str, ...]  # persons whose departure alone loses the level
    departures: int | None  # the fewest departures that lose it; None: no departure can (no people requirement)


def key_people(
    library: plan.Library,
    partner: Partner,
    competencies: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> tuple[KeyPeople, ...]:
    """Per attained level (every option's), its key people and the fewest departures that lose it."""
    day = engine.evaluation_day(partner, as_of)
    evaluation = engine.evaluate(library, partner, competencies, day)
    held = matching.credentials_held(library.catalog, partner, day)
    found = []
    for result in evaluation.results:
        version = library.in_force(result.competency, day)
        if version is not None and version.score is not None:
            continue  # a designation's points have no single pool whose people are key
        for met in (lv for lv in result.levels if lv.met):
            assert version is not None
            option, level = version.level(met.option, met.level)
            found.append(level_risk(result.competency, option, level, partner, held))
    return tuple(found)


def level_risk(
    competency: str, option: plan.Option, level: plan.Level, partner: Partner, held: Sequence[frozenset[str]]
) -> KeyPeople:
    routes = tuple(r for r in level.routes if _holds(option, level, r, partner, held))
    holding = dataclasses.replace(level, routes=routes)
    witness = engine.evaluate_level(option, holding, partner, held)
    seated = {person for r in witness.requirements if isinstance(r, PeopleResult) for person in r.persons}
    index = {p.id: i for i, p in enumerate(partner.people)}
    key = tuple(
        p.id
        for p in partner.people
        if p.id in seated and not engine.evaluate_level(option, holding, partner, _without(held, index[p.id])).met
    )
    departures = 1 if key else fewest_departures(routes, held)
    return KeyPeople(competency, option.id, level.name, key, departures)


def _holds(
    option: plan.Option, level: plan.Level, route: plan.Route, partner: Partner, held: Sequence[frozenset[str]]
) -> bool:
    return engine.evaluate_level(option, dataclasses.replace(level, routes=(route,)), partner, held).met


def _without(held: Sequence[frozenset[str]], person: int) -> list[frozenset[str]]:
    """The credentials held with one person gone (an empty set can fill no slot)."""
    return [frozenset() if i == person else h for i, h in enumerate(held)]


def fewest_departures(routes: Sequence[plan.Route], held: Sequence[frozenset[str]]) -> int | None:
    """The fewest persons whose departure breaks a pool of every route; None if no departures can."""
    if not routes or any(not r.pools for r in routes):
        return None
    model = Model("the key-people integer program", "narrow it with --competency")
    gone: dict[int, int] = {}
    chosen: dict[plan.Pool, int] = {}
    for route in routes:
        for pool in route.pools:
            if pool not in chosen:
                chosen[pool] = _pool_rows(model, pool, held, gone)
        model.row([(chosen[pool], 1) for pool in route.pools], lo=1)
    point = model.solve()
    assert point is not None, "everyone leaving breaks every pool"
    return round(sum(point[v] for v in gone.values()))


def _pool_rows(model: Model, pool: plan.Pool, held: Sequence[frozenset[str]], gone: dict[int, int]) -> int:
    """The variable z of a pool, 1 only if the departures leave a Hall violator in it."""
    broken = model.var()
    picks = []
    kept: dict[int, int] = {}
    for condition, count in Counter(slot.condition for slot in pool.slots).items():
        pick = model.var()
        picks.append((pick, count))
        for person in (i for i, h in enumerate(held) if condition.holds(h)):
            if person not in gone:
                gone[person] = model.var(1.0)
            if person not in kept:
                kept[person] = model.var(integral=False)
            model.row([(pick, 1), (gone[person], -1), (kept[person], -1)], hi=0)
    model.row([(broken, 1)] + [(pick, -1) for pick, _ in picks], hi=0)
    model.row([(y, 1) for y in kept.values()] + [(pick, -count) for pick, count in picks] + [(broken, 1)], hi=0)
    return broken
