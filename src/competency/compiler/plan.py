"""The compiled form of a library: what the engine runs.

A `Level` of an option compiles to one or more `Route`s (one per combination of
`either` branches). A route is the level's requirements with the chosen branches written
in place; its people requirements are split into `Pool`s of `Slot`s, where every slot of a
pool must be filled by a different person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from competency.language import ast


@dataclass(frozen=True, slots=True)
class Credential:
    """A catalog credential. It counts on days inside its acceptance window."""

    id: str
    kind: str
    title: str
    available: dt.date | None = None
    retired: dt.date | None = None
    accepted_until: dt.date | None = None

    @property
    def last_accepted(self) -> dt.date | None:
        return self.accepted_until or self.retired

    def accepted_on(self, day: dt.date) -> bool:
        if self.available is not None and day < self.available:
            return False
        last = self.last_accepted
        return last is None or day <= last


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything a competency file may name, merged from the library's catalog blocks."""

    credentials: Mapping[str, Credential]
    metrics: Mapping[str, ast.MetricDecl]
    associations: Mapping[str, ast.AssociationDecl]
    attributes: Mapping[str, ast.AttributeDecl]


@dataclass(frozen=True, slots=True)
class Condition:
    """A credential condition in disjunctive normal form.

    A person satisfies it when they hold every credential of at least one term. Terms are
    minimal (no term contains another) and sorted, so equal conditions compare equal.
    """

    terms: tuple[frozenset[str], ...]

    def holds(self, credentials: frozenset[str] | set[str]) -> bool:
        return any(term <= credentials for term in self.terms)

    @property
    def credentials(self) -> frozenset[str]:
        return frozenset().union(*self.terms)


@dataclass(frozen=True, slots=True)
class Slot:
    """One person's place in a pool: requirement `requirement` of the route needs it filled."""

    requirement: int
    condition: Condition
    role: ast.Subset | None = None  # the `k of them also pass` clause this slot serves, if any


@dataclass(frozen=True, slots=True)
class Pool:
    """Slots that distinct persons must fill."""

    slots: tuple[Slot, ...]


# ---- scores: a designation's points ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonPoints:
    """Points per distinct person who satisfies `condition`."""

    condition: Condition
    syntax: ast.PersonPoints


@dataclass(frozen=True, slots=True)
class BestPoints:
    branches: tuple[Points, ...]


@dataclass(frozen=True, slots=True)
class SumPoints:
    parts: tuple[tuple[Fraction, Points], ...]  # (the part's maximum, its points)


Points = ast.MetricPoints | PersonPoints | BestPoints | SumPoints


@dataclass(frozen=True, slots=True)
class ScoredMetric:
    """A designation's metric: no points unless every step's pool is complete and every gate
    holds; then `points`, worth at most `max`."""

    id: str
    title: str
    category: str
    max: Fraction
    steps: tuple[ast.PeopleRequirement, ...]
    step_conditions: tuple[Condition, ...]
    step_pools: tuple[Pool, ...]  # one per step: a person counts once in each step
    gates: tuple[ast.MetricRequirement, ...]
    points: Points


@dataclass(frozen=True, slots=True)
class Score:
    """A designation's scoring: qualified when the total reaches `pass_mark` and every metric scores."""

    pass_mark: Fraction
    tracks: tuple[ast.Track, ...]
    categories: tuple[ast.Category, ...]
    metrics: tuple[ScoredMetric, ...]
    syntax: ast.Designation

    @property
    def best_track(self) -> bool:
        """Every track is scored and the best counts (no track says `when` it applies)."""
        return bool(self.tracks) and all(t.when is None for t in self.tracks)


@dataclass(frozen=True, slots=True)
class Route:
    """A level with one branch of each `either` chosen.

    `requirements` holds the route's requirements in written order, `Alternatives`
    replaced by the chosen branch; `conditions` holds, per requirement, the compiled
    condition of a people requirement (None for the others). A designation's one route
    has no requirements but its `score`.
    """

    branches: tuple[int, ...]
    requirements: tuple[ast.Requirement, ...]
    conditions: tuple[Condition | None, ...]
    pools: tuple[Pool, ...]
    score: Score | None = None


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    rank: int  # position in the competency's level order: higher ranks are better
    routes: tuple[Route, ...]
    source: ast.Level  # a designation's level has no requirements of its own: its route's score

    @property
    def score(self) -> Score | None:
        return self.routes[0].score


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    title: str
    levels: tuple[Level, ...]


@dataclass(frozen=True, slots=True)
class Competency:
    """One compiled version of a competency."""

    id: str
    title: str
    source: str | None
    effective: dt.date | None
    level_order: tuple[str, ...]
    options: tuple[Option, ...]
    path: str
    syntax: ast.Competency | ast.Designation

    @property
    def score(self) -> Score | None:
        """A designation's scoring; None for a competency."""
        return self.options[0].levels[0].score if isinstance(self.syntax, ast.Designation) else None

    def level(self, option_id: str, level_name: str) -> tuple[Option, Level]:
        """The option and level a `LevelResult` of this version names."""
        option = next(o for o in self.options if o.id == option_id)
        return option, next(lv for lv in option.levels if lv.name == level_name)


@dataclass(frozen=True, slots=True)
class Library:
    """A compiled library: the catalog and, per competency id, its versions by date."""

    catalog: Catalog
    competencies: Mapping[str, tuple[Competency, ...]]

    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(self.competencies))

    def versions(self, competency_id: str) -> tuple[Competency, ...]:
        return self.competencies[competency_id]

    def in_force(self, competency_id: str, day: dt.date) -> Competency | None:
        """The version whose effective date is the latest on or before `day`."""
        current = None
        for version in self.competencies[competency_id]:
            if version.effective is None or version.effective <= day:
                current = version
        return current
