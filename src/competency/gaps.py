"""Minimum-cost gap plans: the least a partner must do to attain a level.

`plan(library, partner, competency)` returns a frozen `GapPlan`: the cheapest set of actions
(an existing person passes a credential; a new person is added and passes credentials; a
metric is raised to its threshold; an association or attribute is obtained) after which
`engine.evaluate` finds the target level met. Every option (or the one asked) and every
route (combination of `either` branches) of the target level is solved; the cheapest wins,
ties going to the first option, then the first route, in written order.

Why an integer program (scipy's HiGHS) and not a min-cost flow: within one pool, each person
fills at most one slot, so the cost of seating a person is separable and a min-cost
assignment would be exact. But a route has several pools when it has `same or different`
requirements, one person may serve in each of them, and a credential costs once per person
however many pools it counts in. That coupling (shared per-person-credential costs across
assignments) is not a flow, and a heuristic would not be exact. The program is small:

- `x[i, c]` (binary): person i passes credential c (only credentials some slot condition of
  the route names and the catalog accepts on the day; cost: the credential's cost);
- `u[j]` (binary): new person j is added (cost: the per-person cost), `u[j] >= u[j+1]`;
- `a[p, k, i]` (binary): person i fills a slot of class k (slots with equal conditions) of
  pool p; each class is filled exactly, each person fills at most one slot per pool, and a new
  person only if added;
- `s[i, C] <= sum_t w[i, C, t]`, `w[i, C, t] <= x[i, c]` for c of DNF term t not held:
  person i satisfies condition C once they hold all of some term; `a[p, k, i] <= s[i, C_k]`.

As many new persons as the largest pool suffice: new persons used by different pools can be
merged rank by rank (the r-th new person of every pool into one) without raising any cost.
A second solve, with the cost fixed at its optimum, prefers fewer actions and persons listed
earlier, so the answer does not depend on the solver's choice among equal-cost plans.
Metric, association and attribute actions are fixed per route; each has a flat cost (default
1, settable per id in the cost file) so routes and options can be compared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from . import engine, matching, plan
from .errors import CompetencyError, Diagnostic
from .files import read_text
from .milp import Model
from .partner import Earned, Partner, People, Person
from .render import condition_text
from .result import AssociationResult, AttributeResult, LevelResult, MetricResult, PeopleResult
from .safeyaml import parse_yaml

ONE = Decimal(1)
MAX_COST_BYTES = 1_000_000  # a cost file is a few tables of prices


# ---- costs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Costs:
    """What each kind of action costs: a default per kind, and overrides by id."""

    credential: Decimal = ONE  # one credential pass by one person
    person: Decimal = ONE  # one new person, on top of the credentials they pass
    metric: Decimal = ONE  # raising a metric to its threshold, whatever the shortfall
    association: Decimal = ONE
    attribute: Decimal = ONE
    credentials: Mapping[str, Decimal] = field(default_factory=dict)
    metrics: Mapping[str, Decimal] = field(default_factory=dict)
    associations: Mapping[str, Decimal] = field(default_factory=dict)
    attributes: Mapping[str, Decimal] = field(default_factory=dict)

    def of_credential(self, credential: str) -> Decimal:
        return self.credentials.get(credential, self.credential)

    def of_metric(self, metric: str) -> Decimal:
        return self.metrics.get(metric, self.metric)

    def of_association(self, association: str) -> Decimal:
        return self.associations.get(association, self.association)

    def of_attribute(self, attribute: str) -> Decimal:
        return self.attributes.get(attribute, self.attribute)


_DEFAULTS = ("credential", "person", "metric", "association", "attribute")
_TABLES = ("credentials", "metrics", "associations", "attributes")


def load_costs(path: str | Path) -> Costs:
    """Read a YAML cost file: `credential`, `person`, `metric`, `association`, `attribute`
    (defaults per kind) and `credentials`, `metrics`, `associations`, `attributes` (id -> cost)."""
    path = str(path)
    text = read_text(path, MAX_COST_BYTES)
    return costs_from_data(parse_yaml(text, path) or {}, path)


def costs_from_data(data: Any, path: str = "<costs>") -> Costs:
    if not isinstance(data, dict):
        raise _cost_error("a cost file is a mapping", path, "(top level)")
    unknown = sorted(set(data) - set(_DEFAULTS) - set(_TABLES))
    if unknown:
        known = ", ".join(_DEFAULTS + _TABLES)
        raise _cost_error(f"unknown field '{unknown[0]}'; fields are {known}", path, str(unknown[0]))
    values: dict[str, Any] = {k: _cost(data[k], path, k) for k in _DEFAULTS if k in data}
    for table in _TABLES:
        entries = data.get(table, {})
        if not isinstance(entries, dict):
            raise _cost_error("must be a mapping of ids to costs", path, table)
        values[table] = {str(k): _cost(v, path, f"{table}.{k}") for k, v in entries.items()}
    return Costs(**values)


def _cost(value: Any, path: str, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _cost_error(f"a cost is a number >= 0, not {value!r}", path, where)
    return Decimal(str(value))


def _cost_error(message: str, path: str, where: str) -> CompetencyError:
    return CompetencyError(Diagnostic("I302", message, path, where=where))


# ---- plans ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pass:
    """`person` passes `credential` (a new person's passes follow their `NewPerson`)."""

    person: str
    credential: str
    cost: Decimal


@dataclass(frozen=True, slots=True)
class NewPerson:
    """A person to add; `cost` is the per-person cost, their passes are separate actions."""

    person: str
    cost: Decimal


@dataclass(frozen=True, slots=True)
class RaiseMetric:
    metric: str
    value: Decimal | None  # None: the partner data has no value
    threshold: Decimal
    unit: str | None
    cost: Decimal

    @property
    def shortfall(self) -> Decimal:
        return self.threshold - (self.value or 0)


@dataclass(frozen=True, slots=True)
class ObtainAssociation:
    association: str
    cost: Decimal


@dataclass(frozen=True, slots=True)
class SetAttribute:
    attribute: str
    cost: Decimal


Action = Pass | NewPerson | RaiseMetric | ObtainAssociation | SetAttribute


class Status(StrEnum):
    ATTAINED = "attained"  # nothing to do
    PLAN = "plan"
    IMPOSSIBLE = "impossible"  # no set of actions attains the target; `reasons` says why


@dataclass(frozen=True, slots=True)
class GapPlan:
    partner: str
    competency: str
    as_of: dt.date
    level: str | None  # the target level
    status: Status
    option: str | None = None
    branches: tuple[int, ...] = ()  # the `either` branches of the planned route
    cost: Decimal = Decimal(0)
    actions: tuple[Action, ...] = ()
    reasons: tuple[str, ...] = ()
    result: LevelResult | None = None  # the target level evaluated once the plan is applied


@dataclass(frozen=True, slots=True)
class _Candidate:
    cost: Decimal
    option: plan.Option
    level: plan.Level
    route: plan.Route
    actions: tuple[Action, ...]


NEW_PERSON = "new-person-{}"


def plan_gaps(
    library: plan.Library,
    partner: Partner,
    competency: str,
    level: str | None = None,
    option: str | None = None,
    costs: Costs | None = None,
    as_of: dt.date | None = None,
) -> GapPlan:
    """The cheapest plan to attain `level` (default: the level above the one attained)."""
    costs = costs or Costs()
    day = as_of or partner.as_of or dt.date.today()
    result = engine.evaluate(library, partner, [competency], day).result(competency)
    version = library.in_force(competency, day)
    if version is None:
        reason = f"no version of {competency} is in force on {day.isoformat()}"
        return GapPlan(partner.name, competency, day, level, Status.IMPOSSIBLE, reasons=(reason,))
    if version.score is not None:
        message = f"{competency} is a designation scored in points: plans for designations are not available yet"
        raise CompetencyError(Diagnostic("I313", message))
    options = _options(version, option)
    ids = {o.id for o in options}
    levels = [lv for lv in result.levels if lv.option in ids]
    if level is not None and level not in version.level_order:
        known = ", ".join(version.level_order)
        raise CompetencyError(Diagnostic("I303", f"unknown level '{level}'; {competency} has levels {known}"))
    target = level or _next_level(version.level_order, levels)
    met = [lv for lv in levels if lv.met and (lv.level == target or target is None)]
    if met:
        top = max(met, key=lambda lv: version.level_order.index(lv.level))  # the first of the highest
        why = f"already attains {top.level} through option {top.option}"
        if target is None:
            why += ", the highest level"
        attained = (top.level, Status.ATTAINED, top.option, top.branches)
        return GapPlan(partner.name, competency, day, *attained, reasons=(why,), result=top)
    assert target is not None, "at the top level, some level is met"
    best, reasons = _cheapest(library.catalog, options, target, partner, day, costs)
    if best is None:
        return GapPlan(partner.name, competency, day, target, Status.IMPOSSIBLE, reasons=tuple(reasons))
    after = apply(partner, best.actions)
    held_after = matching.credentials_held(library.catalog, after, day)
    achieved = engine.evaluate_level(best.option, best.level, after, held_after)
    assert achieved.met, "a gap plan must attain its target"
    return GapPlan(
        partner.name,
        competency,
        day,
        target,
        Status.PLAN,
        best.option.id,
        best.route.branches,
        best.cost,
        best.actions,
        result=achieved,
    )


def _options(version: plan.Competency, option: str | None) -> tuple[plan.Option, ...]:
    if option is None:
        return version.options
    chosen = tuple(o for o in version.options if o.id == option)
    if not chosen:
        known = ", ".join(o.id for o in version.options)
        raise CompetencyError(Diagnostic("I303", f"unknown option '{option}'; {version.id} has options {known}"))
    return chosen


def _next_level(order: Sequence[str], levels: Iterable[LevelResult]) -> str | None:
    """The level above the highest one attained (the first level if none is); None at the top."""
    ranks = [order.index(lv.level) for lv in levels if lv.met]
    above = max(ranks, default=-1) + 1
    return order[above] if above < len(order) else None


def _cheapest(
    catalog: plan.Catalog,
    options: Sequence[plan.Option],
    target: str,
    partner: Partner,
    day: dt.date,
    costs: Costs,
) -> tuple[_Candidate | None, list[str]]:
    held = matching.credentials_held(catalog, partner, day)
    best: _Candidate | None = None
    reasons: list[str] = []
    for option in options:
        level = next((lv for lv in option.levels if lv.name == target), None)
        if level is None:
            reasons.append(f"option {option.id} has no level {target}")
            continue
        for route in level.routes:
            found = _route_plan(catalog, option, level, route, partner, held, day, costs)
            if isinstance(found, str):
                where = f", either-branch {', '.join(str(b + 1) for b in route.branches)}" if route.branches else ""
                reasons.append(f"option {option.id}{where}: {found}")
            elif best is None or found.cost < best.cost:
                best = found
    return best, reasons


def _route_plan(
    catalog: plan.Catalog,
    option: plan.Option,
    level: plan.Level,
    route: plan.Route,
    partner: Partner,
    held: Sequence[frozenset[str]],
    day: dt.date,
    costs: Costs,
) -> _Candidate | str:
    """The cheapest actions for one route, or why no action attains it."""
    single = dataclasses.replace(level, routes=(route,))
    now = engine.evaluate_level(option, single, partner, held)
    organization: list[Action] = []
    for req in now.requirements:
        match req:
            case MetricResult(met=False, threshold=None):
                return f"metric {req.requirement.metric} has no threshold for the {req.market} market"
            case MetricResult(met=False, threshold=threshold):
                metric = req.requirement.metric
                organization.append(RaiseMetric(metric, req.value, threshold, req.unit, costs.of_metric(metric)))
            case AssociationResult(met=False):
                name = min(req.requirement.associations, key=costs.of_association)  # first of the cheapest
                organization.append(ObtainAssociation(name, costs.of_association(name)))
            case AttributeResult(met=False):
                name = req.requirement.attribute
                organization.append(SetAttribute(name, costs.of_attribute(name)))
    people: list[Action] | str = []
    if not all(r.met for r in now.requirements if isinstance(r, PeopleResult)):
        people = _people_actions(catalog, route, partner, held, day, costs)
    if isinstance(people, str):
        return people
    actions = (*people, *organization)
    return _Candidate(sum((a.cost for a in actions), Decimal(0)), option, single, route, actions)


def _people_actions(
    catalog: plan.Catalog,
    route: plan.Route,
    partner: Partner,
    held: Sequence[frozenset[str]],
    day: dt.date,
    costs: Costs,
) -> list[Action] | str:
    order = [c for c, cred in catalog.credentials.items() if cred.accepted_on(day)]  # catalog order
    accepted = frozenset(order)
    for pool in route.pools:
        for slot in pool.slots:
            if not any(term <= accepted for term in slot.condition.terms):
                return _unsatisfiable(route, slot, accepted, day)
    extra = max(len(pool.slots) for pool in route.pools)
    program = _Program(list(held) + [frozenset()] * extra, len(held), order, costs)
    for pool in route.pools:
        program.add_pool(pool)
    chosen, added = program.solve()
    actions: list[Action] = []
    for person in range(len(held)):
        actions += [Pass(partner.people[person].id, c, costs.of_credential(c)) for c in chosen.get(person, ())]
    for j, name in zip(added, _new_ids(partner, len(added)), strict=True):
        actions.append(NewPerson(name, costs.person))
        actions += [Pass(name, c, costs.of_credential(c)) for c in chosen.get(len(held) + j, ())]
    return actions


def _unsatisfiable(route: plan.Route, slot: plan.Slot, accepted: frozenset[str], day: dt.date) -> str:
    requirement = route.requirements[slot.requirement]
    text = condition_text(requirement.condition)
    if slot.role is not None:
        text += f" and also {condition_text(slot.role.condition)}"
    missing = sorted(slot.condition.credentials - accepted)
    verb = "is" if len(missing) == 1 else "are"
    return f"no one can pass {text} on {day.isoformat()}: {', '.join(missing)} {verb} not accepted on that date"


def _new_ids(partner: Partner, count: int) -> list[str]:
    taken = {p.id for p in partner.people}
    names: list[str] = []
    number = 1
    while len(names) < count:
        name = NEW_PERSON.format(number)
        if name not in taken:
            names.append(name)
        number += 1
    return names


class _Program:
    """The integer program of one route's pools (see the module docstring)."""

    def __init__(self, held: list[frozenset[str]], existing: int, accepted: Sequence[str], costs: Costs) -> None:
        self.model = Model("the plan's integer program", "narrow it with --option or --level")
        self.held = held
        self.existing = existing
        self.accepted_order = accepted
        self.accepted = frozenset(accepted)
        self.costs = costs
        self.x: dict[tuple[int, str], int] = {}
        self.u = [self.model.var(costs.person) for _ in range(len(held) - existing)]
        for first, second in zip(self.u, self.u[1:], strict=False):
            self.model.row([(first, 1), (second, -1)], lo=0)  # new persons are used in order
        self.satisfied: dict[tuple[int, plan.Condition], int | None] = {}

    def add_pool(self, pool: plan.Pool) -> None:
        seats: dict[int, list[int]] = {i: [] for i in range(len(self.held))}
        for condition, count in Counter(slot.condition for slot in pool.slots).items():
            fills = []
            for person in range(len(self.held)):
                fill = self.model.var()
                satisfied = self._satisfies(person, condition)
                if satisfied is not None:
                    self.model.row([(fill, 1), (satisfied, -1)], hi=0)
                if person >= self.existing:
                    self.model.row([(fill, 1), (self.u[person - self.existing], -1)], hi=0)
                seats[person].append(fill)
                fills.append(fill)
            self.model.row([(f, 1) for f in fills], lo=count, hi=count)
        for fills in seats.values():
            self.model.row([(f, 1) for f in fills], hi=1)

    def _satisfies(self, person: int, condition: plan.Condition) -> int | None:
        """A variable that may be 1 only if `person` ends up satisfying `condition` (None: already does)."""
        key = (person, condition)
        if key not in self.satisfied:
            self.satisfied[key] = None
            if not condition.holds(self.held[person]):
                self.satisfied[key] = self._new_satisfies(person, condition)
        return self.satisfied[key]

    def _new_satisfies(self, person: int, condition: plan.Condition) -> int:
        satisfied = self.model.var(integral=False)
        terms = []
        for term in condition.terms:
            if not term <= self.accepted:
                continue
            chosen = self.model.var(integral=False)
            for credential in sorted(term - self.held[person]):
                self.model.row([(chosen, 1), (self._passes(person, credential), -1)], hi=0)
            terms.append((chosen, -1))
        self.model.row([(satisfied, 1), *terms], hi=0)
        return satisfied

    def _passes(self, person: int, credential: str) -> int:
        key = (person, credential)
        if key not in self.x:
            self.x[key] = self.model.var(self.costs.of_credential(credential))
        return self.x[key]

    def solve(self) -> tuple[dict[int, list[str]], list[int]]:
        """Per person the credentials to pass, and the new persons (0-based) to add."""
        cost = self.model.solve()
        assert cost is not None, "new persons can always fill every slot of a satisfiable pool"
        paid = [(v, c) for v, c in enumerate(self.model.costs) if c]
        optimum = self.model.value(paid, cost)
        self.model.row(paid, hi=optimum + 1e-6 * max(1.0, optimum))
        point = self.model.solve(self._preference())
        assert point is not None, "the optimum stays feasible"
        chosen: dict[int, list[str]] = {}
        for (person, credential), var in sorted(self.x.items()):
            if point[var] > 0.5:
                chosen.setdefault(person, []).append(credential)
        added = [j for j, var in enumerate(self.u) if point[var] > 0.5]
        return chosen, added

    def _preference(self) -> list[float]:
        """Among optimal plans: fewest actions, then persons listed earliest, then credentials in catalog order."""
        ranks = {c: r for r, c in enumerate(self.accepted_order)}
        width = len(ranks) + 1
        each = (len(self.x) + len(self.u)) * len(self.held) * width + 1  # more than any sum of ranks
        objective = [0.0] * len(self.model.costs)
        for (person, credential), var in self.x.items():
            objective[var] = each + person * width + ranks[credential]
        for j, var in enumerate(self.u):
            objective[var] = each + (self.existing + j) * width
        return objective


def apply(partner: Partner, actions: Iterable[Action]) -> Partner:
    """The partner data as it would be after the actions: what `evaluate` should then find met."""
    earned = {p.id: list(p.credentials) for p in partner.people}
    added: list[str] = []
    metrics = dict(partner.metrics)
    associations = set(partner.associations)
    attributes = dict(partner.attributes)
    for action in actions:
        match action:
            case NewPerson(person=person):
                earned[person] = []
                added.append(person)
            case Pass(person=person, credential=credential):
                earned[person].append(Earned(credential))
            case RaiseMetric(metric=metric, threshold=threshold):
                metrics[metric] = threshold
            case ObtainAssociation(association=association):
                associations.add(association)
            case SetAttribute(attribute=attribute):
                attributes[attribute] = True
    people = [Person(p.id, p.name, tuple(earned[p.id])) for p in partner.people]
    people += [Person(person, None, tuple(earned[person])) for person in added]
    return dataclasses.replace(
        partner,
        metrics=metrics,
        associations=frozenset(associations),
        attributes=attributes,
        people=People.of(people),
    )
