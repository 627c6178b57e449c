"""What the engine returns: frozen, slotted records of what is met, by whom, and what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from competency.compiler import plan
from competency.errors import Diagnostic
from competency.language import ast


@dataclass(frozen=True, slots=True)
class SlotGroup:
    """`count` slots of requirement `requirement` (its index in the level's requirements)."""

    requirement: int
    role: ast.Subset | None  # the `k of them also pass` clause of these slots, if any
    count: int


@dataclass(frozen=True, slots=True)
class Violator:
    """Slots that cannot all be filled: only `persons` could fill any of them, too few."""

    slots: tuple[SlotGroup, ...]
    persons: tuple[str, ...]

    @property
    def size(self) -> int:
        return sum(g.count for g in self.slots)

    @property
    def needed(self) -> int:
        """Persons (new, or newly qualified) that must be added at least."""
        return self.size - len(self.persons)


@dataclass(frozen=True, slots=True)
class Explanation:
    pool: int  # the pool's index in the route
    smallest: Violator
    blocking: Violator


@dataclass(frozen=True, slots=True)
class Assignment:
    """Person `person` fills a slot of a people requirement (`role`: its `of them` clause)."""

    person: str
    role: ast.Subset | None = None


@dataclass(frozen=True, slots=True)
class MetricResult:
    requirement: ast.MetricRequirement
    met: bool
    value: Decimal | None  # None: the partner data has no value for the metric
    threshold: Decimal | None  # None: no threshold for the partner's market
    unit: str | None
    market: str


@dataclass(frozen=True, slots=True)
class AssociationResult:
    requirement: ast.AssociationRequirement
    met: bool
    held: tuple[str, ...]  # the required associations the partner holds


@dataclass(frozen=True, slots=True)
class AttributeResult:
    requirement: ast.AttributeRequirement
    met: bool


@dataclass(frozen=True, slots=True)
class PeopleResult:
    """A people requirement: who fills its slots and how many slots stay empty."""

    requirement: ast.PeopleRequirement
    condition: plan.Condition
    met: bool
    assignments: tuple[Assignment, ...]
    missing: int
    candidates: tuple[str, ...]  # every person who satisfies the requirement's condition

    @property
    def persons(self) -> tuple[str, ...]:
        return tuple(a.person for a in self.assignments)


@dataclass(frozen=True, slots=True)
class Progress:
    """One source of a metric's points: a partner metric, or the persons counted, against the
    threshold at which it is worth the whole maximum."""

    source: ast.MetricPoints | ast.PersonPoints
    value: Fraction  # the metric's value (0 when the data has none), or the number of persons counted
    threshold: Fraction | None  # None: no threshold for the track or market, so it scores nothing
    points: Fraction  # what this source alone is worth, capped at its maximum
    counted: tuple[str, ...] = ()  # the persons counted, for a persons source


@dataclass(frozen=True, slots=True)
class MetricScore:
    """A designation's metric: its points, and what they came from (or what blocked them)."""

    id: str
    title: str
    category: str
    points: Fraction
    max: Fraction
    steps: tuple[PeopleResult, ...]  # each step's pool: who fills it, how many are missing
    gates: tuple[MetricResult, ...]
    sources: tuple[Progress, ...]  # every source of the points, in written order

    @property
    def blocked(self) -> bool:
        """A step or gate is unmet, so the metric scores nothing whatever its progress."""
        return not all(r.met for r in (*self.steps, *self.gates))


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """A designation's score: met when the total reaches the pass mark and every metric scores."""

    requirement: ast.Designation
    met: bool
    total: Fraction
    pass_mark: Fraction
    track: str | None  # the track the partner was scored in
    classification: MetricResult | None  # the `when` check that chose the track, if any
    metrics: tuple[MetricScore, ...]

    @property
    def categories(self) -> dict[str, Fraction]:
        """Points per category, in written order."""
        out: dict[str, Fraction] = {c.id: Fraction(0) for c in self.requirement.categories}
        for metric in self.metrics:
            out[metric.category] += metric.points
        return out

    @property
    def maximum(self) -> Fraction:
        return sum((m.max for m in self.metrics), Fraction(0))

    @property
    def at_zero(self) -> tuple[MetricScore, ...]:
        return tuple(m for m in self.metrics if m.points <= 0)


RequirementResult = MetricResult | AssociationResult | AttributeResult | PeopleResult | ScoreResult


@dataclass(frozen=True, slots=True)
class LevelResult:
    """One level of one option. `branches` names the `either` branches of the reported route."""

    option: str
    level: str
    met: bool
    branches: tuple[int, ...]
    requirements: tuple[RequirementResult, ...]
    explanations: tuple[Explanation, ...] = ()  # why unmet pools are unmet, filled in by `explain.explain_evaluation`


@dataclass(frozen=True, slots=True)
class CompetencyResult:
    competency: str
    title: str
    effective: dt.date | None  # of the version evaluated; None also when none is in force
    level: str | None  # the highest level attained
    option: str | None  # the option that gave it (the first, if several do)
    levels: tuple[LevelResult, ...]
    in_force: bool = True


@dataclass(frozen=True, slots=True)
class Evaluation:
    partner: str
    as_of: dt.date
    results: tuple[CompetencyResult, ...]
    warnings: tuple[Diagnostic, ...] = ()  # about the partner data, e.g. credentials not in the catalog
    partner_id: str | None = None  # the partner data's `id`, if it has one

    def result(self, competency_id: str) -> CompetencyResult:
        return next(r for r in self.results if r.competency == competency_id)
