"""The syntax tree of a competency file: frozen, slotted nodes with tuple fields.

Every node carries a `Span` that is excluded from equality, so two trees that say the
same thing compare equal wherever they were written (the formatter's tests rely on it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from competency.errors import Span

MAX_DIGITS = 24  # digits before the decimal point of a threshold, and so of a metric value or a cost


NO_SPAN = Span(0, 0, 0, 0)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


# ---- credential conditions -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """A credential id or a group name; which one is decided by the compiler."""

    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class OneOf:
    """Satisfied by a person who satisfies any item (`one_of(...)` or `a or b`)."""

    items: tuple[Condition, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class AllOf:
    """Satisfied by a person who satisfies every item (`all_of(...)` or `a and b`)."""

    items: tuple[Condition, ...]
    span: Span = _span()


Condition = Ref | OneOf | AllOf


# ---- level requirements ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Threshold:
    """`value unit [in market]`; a threshold without a market applies to every market. In a
    designation with tracks, the label names a track instead."""

    value: Decimal
    unit: str | None
    market: str | None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class MetricRequirement:
    """`metric ID >= thresholds`: the partner's metric must reach its market's threshold."""

    metric: str
    thresholds: tuple[Threshold, ...]
    span: Span = _span()

    def threshold_for(self, market: str | None) -> Threshold | None:
        """The threshold a partner of `market` (or track) must reach: its own, else the one for all."""
        return threshold_for(self.thresholds, market)


def threshold_for(thresholds: tuple[Threshold, ...], label: str | None) -> Threshold | None:
    """The threshold labelled `label` (a market, or a designation's track), else the unlabelled one."""
    every = None
    for threshold in thresholds:
        if threshold.market == label:
            return threshold
        if threshold.market is None:
            every = threshold
    return every


@dataclass(frozen=True, slots=True)
class AssociationRequirement:
    """`association a or b`: the partner holds at least one of the associations."""

    associations: tuple[str, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class AttributeRequirement:
    """`attribute ID`: the partner's named boolean attribute is true."""

    attribute: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Subset:
    """`, k of them also pass C`: k of the requirement's persons must also satisfy C."""

    count: int
    condition: Condition
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PeopleRequirement:
    """`N persons each pass C`.

    By default every people requirement of a level is filled by persons distinct from those
    filling the level's other people requirements. `independent` ("same or different")
    gives the requirement its own pool: its persons may also count elsewhere.
    """

    count: int
    condition: Condition
    independent: bool = False
    subsets: tuple[Subset, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Alternatives:
    """`either { ... } or { ... }`: the level holds if the rest holds with any one branch."""

    branches: tuple[tuple[Requirement, ...], ...]
    span: Span = _span()


Requirement = MetricRequirement | AssociationRequirement | AttributeRequirement | PeopleRequirement | Alternatives


# ---- competencies ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    name: str
    requirements: tuple[Requirement, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Option:
    """An alternative path to the competency, with its own levels."""

    id: str
    title: str
    levels: tuple[Level, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Group:
    """A named condition, such as a focus area: `group bi "Business Intelligence" = ...`."""

    id: str
    title: str
    condition: Condition
    span: Span = _span()


DEFAULT_LEVELS = ("silver", "gold")


@dataclass(frozen=True, slots=True)
class Competency:
    """One version of a competency: the rules in force from `effective` on."""

    id: str
    title: str
    source: str | None
    effective: dt.date | None
    levels: tuple[str, ...]  # as declared; empty means DEFAULT_LEVELS
    groups: tuple[Group, ...]
    options: tuple[Option, ...]
    span: Span = _span()

    @property
    def level_order(self) -> tuple[str, ...]:
        return self.levels or DEFAULT_LEVELS


# ---- designations: levels scored in points -------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetricPoints:
    """`metric ID reaching T`: points in proportion to the partner's metric, all of them at T."""

    metric: str
    thresholds: tuple[Threshold, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class PersonPoints:
    """`persons passing C reaching T`: points per distinct person who satisfies C, all of them at T persons."""

    condition: Condition
    thresholds: tuple[Threshold, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class BestPoints:
    """`best { ... } or { ... }`: the highest points of the alternatives."""

    branches: tuple[Points, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Part:
    """`part max M { ... }`: points worth up to M, never below 0, in a sum."""

    max: Decimal
    points: Points
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class SumPoints:
    """`sum { part ... }`: the parts' points added up, capped at the metric's maximum."""

    parts: tuple[Part, ...]
    span: Span = _span()


Points = MetricPoints | PersonPoints | BestPoints | SumPoints


@dataclass(frozen=True, slots=True)
class ScoredMetric:
    """A metric of a designation, worth up to `max` points.

    It scores nothing until every step holds (`step N persons each pass C`, each step a pool
    of its own) and every gate holds (`gate metric ID >= T`); then its points are `points`.
    """

    id: str
    title: str
    max: Decimal
    steps: tuple[PeopleRequirement, ...]
    gates: tuple[MetricRequirement, ...]
    points: Points
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Category:
    """Performance, skilling, customer success: a group of metrics, worth their maxima together."""

    id: str
    title: str
    metrics: tuple[ScoredMetric, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Track:
    """A way of scoring the partner with its own thresholds (`in TRACK`), taken `when` a metric
    check holds. Without any `when`, every track is scored and the best one counts."""

    id: str
    title: str
    when: MetricRequirement | None
    span: Span = _span()


QUALIFIED = "qualified"  # the one level of a designation: the pass rule holds


@dataclass(frozen=True, slots=True)
class Designation:
    """One version of a designation: qualified when its total reaches `pass_mark` and every
    metric scores more than zero."""

    id: str
    title: str
    source: str | None
    effective: dt.date | None
    pass_mark: Decimal | None  # None: not written, which the compiler reports
    tracks: tuple[Track, ...]
    categories: tuple[Category, ...]
    span: Span = _span()

    @property
    def level_order(self) -> tuple[str, ...]:
        return (QUALIFIED,)

    @property
    def metrics(self) -> tuple[ScoredMetric, ...]:
        return tuple(m for c in self.categories for m in c.metrics)


# ---- catalog ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CredentialDecl:
    """An exam, assessment or certification, with the dates that bound its acceptance."""

    kind: str
    id: str
    title: str
    available: dt.date | None = None
    retired: dt.date | None = None
    accepted_until: dt.date | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class MetricDecl:
    id: str
    title: str
    unit: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class AssociationDecl:
    id: str
    title: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class AttributeDecl:
    id: str
    title: str
    span: Span = _span()


CatalogEntry = CredentialDecl | MetricDecl | AssociationDecl | AttributeDecl


@dataclass(frozen=True, slots=True)
class Catalog:
    id: str
    title: str
    entries: tuple[CatalogEntry, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed file."""

    path: str
    items: tuple[Catalog | Competency | Designation, ...]


@dataclass(frozen=True, slots=True)
class Comment:
    """A `# ...` comment: the grammar ignores comments, the formatter and `lint` suppressions need them."""

    line: int
    column: int
    text: str
    blank_before: int = 0  # spaces and tabs right before it: a fix removing it takes them too

    @property
    def own_line(self) -> bool:
        return self.blank_before == self.column - 1
