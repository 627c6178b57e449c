"""Minimum-cost gap plans: the least a partner must do to attain a level.

`plan(library, partner, competency)` returns a frozen `GapPlan`: the cheapest set of actions
(an existing person passes a credential; a new person is added and passes credentials; a
metric is raised to its threshold; an association or attribute is obtained) after which
`engine.evaluate` finds the target level met. Every option (or the one asked) and every
route (combination of `either` branches) of the target level is solved; the cheapest wins,
ties going to the first option, then the first route, in written order.

Why an integer program (HiGHS) and not a min-cost flow: within one pool, each person
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
A route's organization requirements are chosen as a set, in the same program: one binary
`o[action]` per metric (raised once, to the highest threshold the route needs of it), per
association and per attribute, shared by every requirement it meets; each unmet requirement
needs one of its actions (`association a1 or a2` and `association a2` are both met by a2).
Each has a flat cost (default 1, settable per id in the cost file) so routes and options can
be compared.

A designation (scored in points) is planned with the same program, in the partner's track
(the classification is left as it is) or, with best of tracks, in each track, the cheapest
winning. Every metric must score above 0, so every step's pool is filled and every gate
reached; on top of the pools:

- `r[m]` (integer): metric m is raised by r whole units (cost: the metric's cost per unit),
  at most as far as its highest threshold; a gate needs `r[m] >= ceil(threshold - value)`;
- per source, points `p <= max`, `p <= max * (value + r[m]) / T` or `p <= max * n / T`, n the
  persons counted (those who already satisfy the condition, plus `s[i, C]`, a new person's
  only if added); `best` picks one branch (binaries, big-M), `sum` adds its parts;
- per metric, `p >= half the least positive value it can take` (a count of 1, a whole unit
  above the value): "above 0" without trusting the solver's rounding; the total reaches the
  pass mark. The points are bounded from above by what the engine gives, so the plan, applied,
  is checked exactly by the engine; a plan that falls short is not given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Any

from competency.analysis.milp import Model
from competency.compiler import plan
from competency.engine import engine, matching, scoring
from competency.engine.result import (
    AssociationResult,
    AttributeResult,
    LevelResult,
    MetricResult,
    PeopleResult,
    ScoreResult,
)
from competency.errors import CompetencyError, Diagnostic
from competency.files import read_text
from competency.language import ast
from competency.language.render import condition_text
from competency.partners.partner import Earned, Partner, People, Person, bounded_number
from competency.partners.safeyaml import parse_yaml, yaml_spans
from competency.suggest import did_you_mean, unknown_one

ONE = Decimal(1)
MAX_COST_BYTES = 1_000_000  # a cost file is a few tables of prices


# ---- costs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Costs:
    """What each kind of action costs: a default per kind, and overrides by id."""

    credential: Decimal = ONE  # one credential pass by one person
    person: Decimal = ONE  # one new person, on top of the credentials they pass
    metric: Decimal = ONE  # raising a metric to its threshold, whatever the shortfall; per unit in a designation
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


def load_costs(path: str | Path, catalog: plan.Catalog | None = None) -> Costs:
    """Read a YAML cost file: `credential`, `person`, `metric`, `association`, `attribute`
    (defaults per kind) and `credentials`, `metrics`, `associations`, `attributes` (id -> cost);
    with `catalog`, an id it does not declare is refused, so that a misspelt price is not ignored."""
    path = str(path)
    text = read_text(path, MAX_COST_BYTES)
    costs = costs_from_data(parse_yaml(text, path) or {}, path)
    if catalog is not None:
        _refuse_unknown_ids(costs, catalog, text, path)
    return costs


def _refuse_unknown_ids(costs: Costs, catalog: plan.Catalog, text: str, path: str) -> None:
    for table in _TABLES:
        known = getattr(catalog, table)
        unknown = next((k for k in getattr(costs, table) if k not in known), None)
        if unknown is not None:
            [span] = yaml_spans(text, [(table, unknown)])
            message = f"unknown {table[:-1]} '{unknown}': it is not in the catalog{did_you_mean(unknown, known)}"
            raise CompetencyError(Diagnostic("I302", message, path, span, where=f"{table}.{unknown}"))


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
    return bounded_number(value, path, where)


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
    gains: tuple[Fraction, ...] = ()  # a designation's points each action adds to those before it


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
    day = engine.evaluation_day(partner, as_of)
    result = engine.evaluate(library, partner, [competency], day).result(competency)
    version = library.in_force(competency, day)
    if version is None:
        reason = f"no version of {competency} is in force on {day.isoformat()}"
        return GapPlan(partner.name, competency, day, level, Status.IMPOSSIBLE, reasons=(reason,))
    options = _options(version, option)
    ids = {o.id for o in options}
    levels = [lv for lv in result.levels if lv.option in ids]
    if level is not None and level not in version.level_order:
        raise CompetencyError(unknown_one("level", level, version.level_order, competency))
    target = level or _next_level(version.level_order, levels)
    met = [lv for lv in levels if lv.met and (lv.level == target or target is None)]
    if met:
        top = max(met, key=lambda lv: version.level_order.index(lv.level))  # the first of the highest
        why = f"already attains {top.level} through option {top.option}"
        if target is None:
            why += ", the highest level"
        attained = (top.level, Status.ATTAINED, top.option, top.branches)
        return GapPlan(partner.name, competency, day, *attained, reasons=(why,), result=top)
    if target is None:  # nothing is met and no option defines a level to aim at
        reason = f"no option of {competency} defines a level"
        return GapPlan(partner.name, competency, day, None, Status.IMPOSSIBLE, reasons=(reason,))
    best, reasons = _cheapest(library.catalog, options, target, partner, day, costs)
    if best is None:
        return GapPlan(partner.name, competency, day, target, Status.IMPOSSIBLE, reasons=tuple(reasons))
    after = apply(partner, best.actions)
    held_after = matching.credentials_held(library.catalog, after, day)
    achieved = engine.evaluate_level(best.option, best.level, after, held_after)
    if not achieved.met:  # the solver works in floating point; the verdict is exact
        reason = "the cheapest plan the solver found falls short when checked exactly"
        return GapPlan(partner.name, competency, day, target, Status.IMPOSSIBLE, reasons=(reason,))
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
        gains=_gains(library.catalog, best, partner, day),
    )


def _options(version: plan.Competency, option: str | None) -> tuple[plan.Option, ...]:
    if option is None:
        return version.options
    chosen = tuple(o for o in version.options if o.id == option)
    if not chosen:
        raise CompetencyError(unknown_one("option", option, [o.id for o in version.options], version.id))
    return chosen


def _next_level(order: Sequence[str], levels: Sequence[LevelResult]) -> str | None:
    """The lowest level some option defines above the highest one attained; None if there is none."""
    attained = max((order.index(lv.level) for lv in levels if lv.met), default=-1)
    defined = {lv.level for lv in levels}
    return next((name for name in order[attained + 1 :] if name in defined), None)


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
    if route.score is not None:
        return _score_plan(catalog, option, level, route.score, partner, held, day, costs)
    single = dataclasses.replace(level, routes=(route,))
    now = engine.evaluate_level(option, single, partner, held)
    needs = _organization_needs(now, costs)
    if isinstance(needs, str):
        return needs
    order = _accepted(catalog, day)
    seek_people = not all(r.met for r in now.requirements if isinstance(r, PeopleResult))
    if seek_people and (unsatisfiable := _unsatisfiable_slot(route, frozenset(order), day)):
        return unsatisfiable
    extra = max(len(pool.slots) for pool in route.pools) if seek_people else 0
    program = _Program(list(held) + [frozenset()] * extra, len(held), order, costs)
    for pool in route.pools if seek_people else ():
        program.add_pool(pool)
    for alternatives in needs:
        program.take_one_of(alternatives)
    solution = program.solve()
    assert solution is not None, "new persons fill every satisfiable slot, and any organization action can be taken"
    actions = tuple(_actions(catalog, partner, solution, costs))
    return _Candidate(sum((a.cost for a in actions), Decimal(0)), option, single, route, actions)


def _organization_needs(now: LevelResult, costs: Costs) -> list[tuple[Action, ...]] | str:
    """Per unmet organization requirement of a route, the actions any one of which meets it (or why
    none can). Requirements share actions: a metric is raised once, to the highest threshold the route
    needs of it, and an association or attribute is obtained once however many requirements name it."""
    needs: dict[object, tuple[Action, ...]] = {}  # in written order; a metric's threshold is its highest
    for index, req in enumerate(now.requirements):
        match req:
            case MetricResult(met=False, threshold=None):
                return f"metric {req.requirement.metric} has no threshold for the {req.market} market"
            case MetricResult(met=False, threshold=threshold):
                metric = req.requirement.metric
                raised = needs.get(metric, ())
                if not raised or threshold > raised[0].threshold:
                    needs[metric] = (RaiseMetric(metric, req.value, threshold, req.unit, costs.of_metric(metric)),)
            case AssociationResult(met=False):
                names = req.requirement.associations
                needs[index] = tuple(ObtainAssociation(a, costs.of_association(a)) for a in names)
            case AttributeResult(met=False):
                name = req.requirement.attribute
                needs[index] = (SetAttribute(name, costs.of_attribute(name)),)
    return list(needs.values())


def _unsatisfiable_slot(route: plan.Route, accepted: frozenset[str], day: dt.date) -> str | None:
    """Why some slot of the route can be filled by no one on `day` (None: every slot can be)."""
    for pool in route.pools:
        for slot in pool.slots:
            if not any(term <= accepted for term in slot.condition.terms):
                return _unsatisfiable(route, slot, accepted, day)
    return None


def _accepted(catalog: plan.Catalog, day: dt.date) -> list[str]:
    return [c for c, cred in catalog.credentials.items() if cred.accepted_on(day)]  # catalog order


def _actions(catalog: plan.Catalog, partner: Partner, solution: _Solution, costs: Costs) -> list[Action]:
    existing = len(partner.people)
    actions: list[Action] = []
    for person in range(existing):
        actions += [Pass(partner.people[person].id, c, costs.of_credential(c)) for c in solution.passes.get(person, ())]
    for j, name in zip(solution.added, _new_ids(partner, len(solution.added)), strict=True):
        actions.append(NewPerson(name, costs.person))
        actions += [Pass(name, c, costs.of_credential(c)) for c in solution.passes.get(existing + j, ())]
    for metric, units in solution.raised.items():
        value = partner.metrics.get(metric)
        unit = catalog.metrics[metric].unit
        actions.append(RaiseMetric(metric, value, (value or Decimal(0)) + units, unit, costs.of_metric(metric) * units))
    return actions + solution.organization


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


@dataclass(frozen=True, slots=True)
class _Solution:
    passes: Mapping[int, list[str]]  # per person (existing, then new), the credentials to pass
    added: list[int]  # the new persons (0-based) to add
    raised: Mapping[str, int]  # per metric, the units to raise it by
    organization: list[Action]  # a competency's metric raises, associations and attributes, in written order


class _Program:
    """The integer program of one route's pools, or of a designation's metrics (see the module docstring)."""

    def __init__(
        self,
        held: list[frozenset[str]],
        existing: int,
        accepted: Sequence[str],
        costs: Costs,
        narrowing: str = "narrow it with --option or --level",
    ) -> None:
        self.model = Model("the plan's integer program", narrowing)
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
        self.raises: dict[str, int] = {}  # per metric, the whole units it is raised by
        self.organization: dict[Action, int] = {}  # per organization action, taken or not

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

    def take_one_of(self, actions: Iterable[Action]) -> None:
        """At least one of `actions` (metric raises, associations, attributes) is taken; an action
        is one variable however many requirements it meets."""
        for action in actions:
            if action not in self.organization:
                self.organization[action] = self.model.var(action.cost)
        self.model.row([(self.organization[a], 1) for a in actions], lo=1)

    # ---- a designation: every metric scores, and the points reach the pass mark ------

    def add_metric(self, metric: plan.ScoredMetric, label: str | None, partner: Partner) -> int | str:
        """A variable at most the metric's points, kept above 0; or why the metric cannot score."""
        for step, pool in zip(metric.steps, metric.step_pools, strict=True):
            if not all(any(term <= self.accepted for term in slot.condition.terms) for slot in pool.slots):
                return f"no one can pass {condition_text(step.condition)} on that date"
            self.add_pool(pool)
        for gate in metric.gates:
            threshold = gate.threshold_for(label)
            if threshold is None:
                return f"its gate on {gate.metric} has no threshold for {label}"
            needed = Fraction(threshold.value)
            current, raised = self._value(gate.metric, needed, partner)
            if raised is not None:
                self.model.row([(raised, 1)], lo=math.ceil(needed - current))
        worth, least = self._points(metric.points, metric.max, label, partner)
        if least is None:
            return f"no source of its points has a threshold for {label}"
        # Any positive score is at least `least`, so half of it keeps the solver's rounding out of "above 0".
        self.model.row([(worth, 1)], lo=float(least / 2))
        return worth

    def _points(
        self, points: plan.Points, most: Fraction, label: str | None, partner: Partner
    ) -> tuple[int, Fraction | None]:
        """A variable at most what `points` is worth, and the least positive value it can take (None: never)."""
        worth = self.model.var(integral=False, upper=float(most))
        match points:
            case plan.BestPoints(branches=branches):
                picks = [self.model.var() for _ in branches]
                self.model.row([(pick, 1) for pick in picks], lo=1, hi=1)
                least = []
                for branch, pick in zip(branches, picks, strict=True):
                    value, smallest = self._points(branch, most, label, partner)
                    # worth <= value, unless another branch is picked
                    self.model.row([(worth, 1), (value, -1), (pick, float(most))], hi=float(most))
                    least.append(smallest)
            case plan.SumPoints(parts=parts):
                scored = [self._points(part, cap, label, partner) for cap, part in parts]
                self.model.row([(worth, 1), *((value, -1) for value, _ in scored)], hi=0)
                least = [smallest for _, smallest in scored]
            case _:
                least = [self._source(points, worth, most, label, partner)]
        positive = [value for value in least if value is not None]
        return worth, min((*positive, most)) if positive else None

    def _source(
        self,
        source: ast.MetricPoints | plan.PersonPoints,
        worth: int,
        most: Fraction,
        label: str | None,
        partner: Partner,
    ) -> Fraction | None:
        """Bound `worth` by `most * progress / threshold`; the least positive value it can take."""
        syntax = source.syntax if isinstance(source, plan.PersonPoints) else source
        threshold = ast.threshold_for(syntax.thresholds, label)
        if threshold is None:
            self.model.row([(worth, 1)], hi=0)
            return None
        limit = Fraction(threshold.value)
        if isinstance(source, plan.PersonPoints):
            terms, current = self._count(source.condition)
            least = max(current, Fraction(1))  # a count never falls
        else:
            current, raised = self._value(source.metric, limit, partner)
            terms = [] if raised is None else [raised]
            least = current if current > 0 else current + math.floor(-current) + 1  # whole units above it
        per = float(most / limit)
        self.model.row([(worth, 1), *((t, -per) for t in terms)], hi=float(most * current / limit))
        return most * min(Fraction(1), least / limit)

    def _count(self, condition: plan.Condition) -> tuple[list[int], Fraction]:
        """Variables for the persons who may come to satisfy `condition`, and how many already do."""
        counted: list[int] = []
        already = 0
        for person in range(len(self.held)):
            satisfied = self._satisfies(person, condition)
            if satisfied is None:
                already += 1
            elif person < self.existing:
                counted.append(satisfied)
            else:  # a new person counts only if added
                added = self.model.var(integral=False)
                self.model.row([(added, 1), (satisfied, -1)], hi=0)
                self.model.row([(added, 1), (self.u[person - self.existing], -1)], hi=0)
                counted.append(added)
        return counted, Fraction(already)

    def _value(self, metric: str, target: Fraction, partner: Partner) -> tuple[Fraction, int | None]:
        """The metric's value today, and the variable of whole units it is raised by (None: it reaches `target`)."""
        current = Fraction(partner.metrics.get(metric, 0))
        needed = math.ceil(target - current)
        if needed <= 0:
            return current, None
        if metric not in self.raises:
            self.raises[metric] = self.model.var(self.costs.of_metric(metric), upper=needed)
        raised = self.raises[metric]
        self.model.upper[raised] = max(self.model.upper[raised], needed)  # raising past every use gains nothing
        return current, raised

    def solve(self) -> _Solution | None:
        """The cheapest actions, or None if none satisfy the program."""
        cost = self.model.solve()
        if cost is None:
            return None
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
        raised = {metric: round(point[var]) for metric, var in self.raises.items() if point[var] > 0.5}
        taken = [action for action, var in self.organization.items() if point[var] > 0.5]
        return _Solution(chosen, added, raised, taken)

    def _preference(self) -> list[float]:
        """Among optimal plans: fewest actions, then persons listed earliest, then credentials in catalog
        order, then organization actions in written order."""
        ranks = {c: r for r, c in enumerate(self.accepted_order)}
        width = len(ranks) + 1
        rank = {var: r for r, var in enumerate(self.raises.values())}  # per unit raised
        rank |= {var: person * width + ranks[credential] for (person, credential), var in self.x.items()}
        rank |= {var: (self.existing + j) * width for j, var in enumerate(self.u)}
        rank |= {var: r for r, var in enumerate(self.organization.values())}
        top = len(self.held) * width + len(self.raises) + len(self.organization)  # above every rank
        each = len(rank) * top + 1  # more than any sum of ranks
        objective = [0.0] * len(self.model.costs)
        for var, r in rank.items():
            objective[var] = each + r
        return objective


# ---- designations -----------------------------------------------------------------------


def _score_plan(
    catalog: plan.Catalog,
    option: plan.Option,
    level: plan.Level,
    score: plan.Score,
    partner: Partner,
    held: Sequence[frozenset[str]],
    day: dt.date,
    costs: Costs,
) -> _Candidate | str:
    """The cheapest actions that qualify: in the partner's track (kept as it is), or in the cheapest track."""
    best: _Candidate | None = None
    reasons: list[str] = []
    for track, _ in scoring.tracks(score, partner):
        found = _track_plan(catalog, score, scoring.label_of(score, partner, track), partner, held, day, costs)
        if isinstance(found, str):
            reasons.append(f"in track {track}: {found}" if track else found)
            continue
        cost = sum((a.cost for a in found), Decimal(0))
        if best is None or cost < best.cost:
            best = _Candidate(cost, option, level, level.routes[0], tuple(found))
    return best or "; ".join(reasons)


def _track_plan(
    catalog: plan.Catalog,
    score: plan.Score,
    label: str | None,
    partner: Partner,
    held: Sequence[frozenset[str]],
    day: dt.date,
    costs: Costs,
) -> list[Action] | str:
    extra = _new_persons(score, label)
    narrowing = "a designation has one option and one level, so it cannot be narrowed"
    program = _Program(list(held) + [frozenset()] * extra, len(held), _accepted(catalog, day), costs, narrowing)
    total = []
    for metric in score.metrics:
        worth = program.add_metric(metric, label, partner)
        if isinstance(worth, str):
            return f"metric {metric.id} cannot score: {worth}"
        total.append((worth, 1))
    program.model.row(total, lo=float(score.pass_mark))
    solution = program.solve()
    if solution is None:
        return f"no actions reach the pass mark {score.pass_mark} with every metric above 0"
    return _actions(catalog, partner, solution, costs)


def _new_persons(score: plan.Score, label: str | None) -> int:
    """Enough new persons: the largest step, or the most persons a counted list rewards.
    New persons of different steps and lists merge rank by rank, as across pools."""
    needed = [len(pool.slots) for metric in score.metrics for pool in metric.step_pools]
    for metric in score.metrics:
        for source in _sources(metric.points):
            threshold = (
                ast.threshold_for(source.syntax.thresholds, label) if isinstance(source, plan.PersonPoints) else None
            )
            if threshold is not None:
                needed.append(math.ceil(threshold.value))
    return max(needed, default=0)


def _sources(points: plan.Points) -> Iterator[ast.MetricPoints | plan.PersonPoints]:
    match points:
        case plan.BestPoints(branches=branches):
            for branch in branches:
                yield from _sources(branch)
        case plan.SumPoints(parts=parts):
            for _, part in parts:
                yield from _sources(part)
        case _:
            yield points


def _gains(catalog: plan.Catalog, planned: _Candidate, partner: Partner, day: dt.date) -> tuple[Fraction, ...]:
    """For a designation, the points each action adds to those of the actions before it."""
    if planned.level.score is None:
        return ()
    totals = [
        _total(catalog, planned, apply(partner, planned.actions[:k]), day) for k in range(len(planned.actions) + 1)
    ]
    return tuple(after - before for before, after in itertools.pairwise(totals))


def _total(catalog: plan.Catalog, planned: _Candidate, partner: Partner, day: dt.date) -> Fraction:
    held = matching.credentials_held(catalog, partner, day)
    scored = engine.evaluate_level(planned.option, planned.level, partner, held).requirements[0]
    assert isinstance(scored, ScoreResult), "a designation's level is its score"
    return scored.total


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
