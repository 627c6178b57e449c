"""Which partners a rule change affects: one pass over the partners, both libraries evaluated.

Each record is read once, as `batch` reads it and in its workers; both libraries' verdicts
come from the engine's fast path (`levels_attained`), and only a partner whose verdict changes
is evaluated in full on both sides, to name the requirements that made the difference: those
of the decisive level (the higher of the two verdicts) on the side where it is not met, in
`show`'s words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from competency.batch import batch
from competency.batch.batch import Record, Timings
from competency.compiler import plan
from competency.diff.semantic import check_known, pinned
from competency.engine.engine import evaluate, levels_attained
from competency.engine.result import (
    AssociationResult,
    AttributeResult,
    CompetencyResult,
    LevelResult,
    MetricResult,
    PeopleResult,
    RequirementResult,
    ScoreResult,
)
from competency.errors import Diagnostic
from competency.reports.report import points_text
from competency.reports.show import Bullet, Names, amount, exact, level_title, metric_text, requirement_bullets

SIDES = ("OLD", "NEW")


@dataclass(frozen=True, slots=True)
class Side:
    """Competency files on top of the built-in library; with `day`, each competency's version in
    force that day stands for it (two versions of one file compare as two sides)."""

    paths: tuple[str, ...]
    day: dt.date | None = None

    def library(self) -> plan.Library:
        """Compiled once per process: the engine keeps its compiled form by identity."""
        if self not in _libraries:
            library = batch.loaded(self.paths)
            _libraries[self] = pinned(library, self.day) if self.day else library
        return _libraries[self]


_libraries: dict[Side, plan.Library] = {}


@dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs: small, so it travels with each chunk of records."""

    old: Side
    new: Side
    competencies: tuple[str, ...] | None = None
    as_of: dt.date | None = None


Verdict = tuple[str | None, str | None] | None  # (level, option) as `levels_attained` gives them; None: not in force


@dataclass(frozen=True, slots=True)
class VerdictChange:
    """A competency whose verdict differs, and why: the requirements that made the difference."""

    competency: str
    old: Verdict
    new: Verdict
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PartnerChange:
    where: dict[str, Any]  # the record: {"line": 3} or {"file": ...}
    partner: str
    id: str | None
    as_of: dt.date
    changes: tuple[VerdictChange, ...]


@dataclass(frozen=True, slots=True)
class Rejected:
    where: dict[str, Any]
    diagnostic: Diagnostic


@dataclass(slots=True)
class Impact:
    """Everything the partners diff reports, added up record by record in input order."""

    records: int = 0
    changed: list[PartnerChange] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    transitions: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)  # per competency: (was, now)
    timings: Timings = field(default_factory=Timings)

    def add(self, outcome: PartnerChange | Rejected | None) -> None:
        self.records += 1
        if isinstance(outcome, Rejected):
            self.rejected.append(outcome)
        elif outcome is not None:
            self.changed.append(outcome)
            for change in outcome.changes:
                self.transitions.setdefault(change.competency, Counter())[transition(change)] += 1


def transition(change: VerdictChange) -> tuple[str, str]:
    """(was, now) in words: a level, `none`, `not in force`; the option too when only it changed."""
    was, now = verdict_text(change.old), verdict_text(change.new)
    if was == now:
        return f"{was} (option {change.old[1]})", f"{now} (option {change.new[1]})"  # type: ignore[index]
    return was, now


def verdict_text(verdict: Verdict) -> str:
    return "not in force" if verdict is None else verdict[0] or "none"


# ---- one pass over the partners -------------------------------------------------------------


def partner_impact(
    records: Iterable[Record], settings: Settings, *, workers: int = 1, engine: str = "local", scheduler=None
) -> Impact:
    """Every record's verdicts under both sides, streamed through `batch`'s workers."""
    check_known(settings.old.library(), settings.new.library(), settings.competencies or ())
    impact = Impact()
    chunks = batch.run(records, settings, workers=workers, engine=engine, scheduler=scheduler, work=impact_chunk)
    with contextlib.closing(chunks):  # leaving early (an interrupt) stops the workers
        for outcomes, timings in chunks:
            for outcome in outcomes:
                impact.add(outcome)
            impact.timings.add(timings)
    return impact


def impact_chunk(settings: Settings, records: list[Record]) -> tuple[list[PartnerChange | Rejected | None], Timings]:
    """One worker task: each record's changes (None: none), or why it was rejected."""
    judge = functools.partial(_judge, settings, settings.old.library(), settings.new.library())
    return batch.judged(records, judge, lambda record, diagnostic: Rejected(record.where, diagnostic))


def _judge(settings: Settings, old: plan.Library, new: plan.Library, record: Record, partner) -> PartnerChange | None:
    day, changes = verdict_changes(old, new, partner, settings.competencies, settings.as_of)
    return PartnerChange(record.where, partner.name, partner.id, day, changes) if changes else None


def verdict_changes(
    old: plan.Library,
    new: plan.Library,
    partner,
    competencies: Sequence[str] | None = None,
    as_of: dt.date | None = None,
) -> tuple[dt.date, tuple[VerdictChange, ...]]:
    """The evaluation date, and each competency whose (level, option) differs between the libraries."""
    ids = list(competencies or sorted({*old.competencies, *new.competencies}))
    day, before = levels_attained(old, partner, [c for c in ids if c in old.competencies], as_of)
    _, after = levels_attained(new, partner, [c for c in ids if c in new.competencies], as_of)
    changed = [c for c in ids if before.get(c) != after.get(c)]
    if not changed:
        return day, ()
    was = _results(old, partner, changed, day)
    now = _results(new, partner, changed, day)
    sides = ((old, was), (new, now))
    return day, tuple(VerdictChange(c, before.get(c), after.get(c), _reasons(c, sides, day)) for c in changed)


def _results(library: plan.Library, partner, ids: list[str], day: dt.date) -> dict[str, CompetencyResult]:
    evaluation = evaluate(library, partner, [c for c in ids if c in library.competencies], day)
    return {r.competency: r for r in evaluation.results if r.in_force}


# ---- why a verdict changed --------------------------------------------------------------------


def _reasons(
    competency_id: str, sides: tuple[tuple[plan.Library, dict[str, CompetencyResult]], ...], day: dt.date
) -> tuple[str, ...]:
    results = [found.get(competency_id) for _, found in sides]
    absent = [name for name, result in zip(SIDES, results, strict=True) if result is None]
    if absent:
        return tuple(f"{name} has no version in force on {day}" for name in absent)
    versions = [library.in_force(competency_id, day) for library, _ in sides]
    failing, option, level = _decisive(results, versions)  # type: ignore[arg-type]
    result, version = results[failing], versions[failing]
    assert result is not None and version is not None
    found = _level(result, option, level)
    side = SIDES[failing]
    if found is None:
        return (f"{side} has no level {level} in option {option}",)
    names = Names.of(sides[failing][0], version, None)
    reasons = [f"{side}, {level_title(level)}: {_unmet(r, names)}" for r in found.requirements if not r.met]
    met = _level(results[1 - failing], option, level)  # type: ignore[arg-type]
    if met is not None and met.branches:  # the branch that holds, which may be new
        which = ", ".join(str(b + 1) for b in met.branches)
        reasons.append(f"{SIDES[1 - failing]}, {level_title(level)}: met with either branch {which}")
    return tuple(reasons)


def _level(result: CompetencyResult, option: str | None, level: str) -> LevelResult | None:
    return next((lv for lv in result.levels if (lv.option, lv.level) == (option, level)), None)


def _decisive(results: list[CompetencyResult], versions: list[plan.Competency]) -> tuple[int, str | None, str]:
    """(the side where it is unmet, option, level) of the level that decides the change: the
    higher verdict; between two options of one level, the option no longer met (else the new one)."""
    ranks = [v.level_order.index(r.level) if r.level else -1 for r, v in zip(results, versions, strict=True)]
    was, now = results
    if ranks[1] > ranks[0] or (ranks[0] == ranks[1] and _met_in(now, was)):
        return 0, now.option, now.level  # type: ignore[return-value]
    return 1, was.option, was.level  # type: ignore[return-value]


def _met_in(result: CompetencyResult, other: CompetencyResult) -> bool:
    """Whether `other`'s verdict level, of its option, is met in `result`."""
    found = _level(result, other.option, other.level)  # type: ignore[arg-type]
    return found is not None and found.met


def _unmet(result: RequirementResult, names: Names) -> str:
    """An unmet requirement in show's words, and how far the partner is from it."""
    match result:
        case ScoreResult():
            zero = ", ".join(m.title for m in result.at_zero)
            text = f"total {points_text(result.total)} points, pass mark {exact(result.pass_mark)}"
            return text + (f"; no points in {zero}" if zero else "")
        case MetricResult(requirement=requirement, value=value):
            unit = names.catalog.metrics[requirement.metric].unit
            held = "no value" if value is None else amount(value, unit)
            return f"{metric_text(requirement, names)} (the partner has {held})"
        case PeopleResult(requirement=requirement, missing=missing):
            return f"{_flat(requirement_bullets((requirement,), names)[0])} ({missing} more needed)"
        case AssociationResult(requirement=requirement) | AttributeResult(requirement=requirement):
            return f"{_flat(requirement_bullets((requirement,), names)[0])} (not held)"
    raise TypeError(f"not a requirement result: {result!r}")


def _flat(bullet: Bullet) -> str:
    """A bullet and the lines under it as one line: `1 individual must pass one of: A, B`."""
    if not bullet.items:
        return bullet.text
    return f"{bullet.text} {', '.join(map(_flat, bullet.items))}"
