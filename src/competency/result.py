"""What the engine returns: frozen, slotted records of what is met, by whom, and what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from . import ast, plan
from .errors import Diagnostic

if TYPE_CHECKING:
    from .explain import Explanation


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


RequirementResult = MetricResult | AssociationResult | AttributeResult | PeopleResult


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

    def result(self, competency_id: str) -> CompetencyResult:
        return next(r for r in self.results if r.competency == competency_id)
