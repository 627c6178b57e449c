"""Coverage: which parts of the competency files the cases exercised as met and as unmet.

The parts are the options, levels, requirements (on people and on the organization, a
designation's steps and gates), `either` branches, a designation's metrics, and the
alternatives of each people requirement's condition: the terms of its normal form, each a set
of credentials that satisfies it (`one_of(A, B) and C` has two, `A and C`, `B and C`). Every
fact comes from the evaluations: a level is met or not, the reported route names its branches,
a requirement result its persons; an alternative is met when a person filling the requirement
holds it. Each part has two outcomes, met and unmet; the percentage is the outcomes seen.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from competency.compiler import plan
from competency.engine.matching import credentials_held
from competency.engine.result import Evaluation, LevelResult, PeopleResult, RequirementResult, ScoreResult
from competency.language import ast
from competency.language.render import requirement_text as _requirement_text
from competency.linting.formats import source_excerpt, span_json
from competency.partners.partner import Partner
from competency.terminal import MAX_FINDINGS, line, omitted

JSON_VERSION = 1  # of the JSON output, checked by schema/coverage.schema.json


@dataclass(frozen=True, slots=True)
class Part:
    """Something a case can exercise: its kind, what it is in words, and where it is written."""

    kind: str  # option, level, requirement, branch, alternative, metric
    label: str
    span: ast.Span


@dataclass(frozen=True, slots=True)
class Tally:
    part: Part
    met: int
    unmet: int

    @property
    def outcomes(self) -> int:
        """Outcomes seen, of the two: met and unmet."""
        return (self.met > 0) + (self.unmet > 0)


@dataclass(frozen=True, slots=True)
class FileCoverage:
    path: str
    tallies: tuple[Tally, ...]  # in source order

    @property
    def covered(self) -> int:
        return sum(t.outcomes for t in self.tallies)

    @property
    def outcomes(self) -> int:
        return 2 * len(self.tallies)

    @property
    def percent(self) -> float:
        return _percent(self.covered, self.outcomes)


@dataclass(frozen=True, slots=True)
class Coverage:
    files: tuple[FileCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(f.covered for f in self.files)

    @property
    def outcomes(self) -> int:
        return sum(f.outcomes for f in self.files)

    @property
    def percent(self) -> float:
        return _percent(self.covered, self.outcomes)


def _percent(covered: int, outcomes: int) -> float:
    return 100.0 * covered / outcomes if outcomes else 100.0


requirement_text = functools.lru_cache(maxsize=4096)(_requirement_text)  # equal nodes read the same: shared
Key = tuple[str, str, ast.Span]  # (kind, label, span): equal nodes written twice stay two parts


def collect(
    library: plan.Library, evaluated: Iterable[tuple[Partner, Evaluation]], paths: Sequence[str] | None = None
) -> Coverage:
    """Tally the evaluations over the parts of the files `paths` (None: the files the cases evaluated)."""
    counts: dict[Key, list[int]] = {}
    seen: set[str] = set()
    for partner, evaluation in evaluated:
        held = dict(zip(partner.people.ids, credentials_held(library.catalog, partner, evaluation.as_of), strict=True))
        for result in evaluation.results:
            version = library.in_force(result.competency, evaluation.as_of)
            if version is None:
                continue
            seen.add(version.path)
            for key, met in _outcomes(version, result.levels, held):
                counts.setdefault(key, [0, 0])[not met] += 1
    files = []
    for path in paths if paths is not None else sorted(seen):
        versions = [v for vs in library.competencies.values() for v in vs if v.path == path]
        parts = dict.fromkeys(p for v in versions for p in _parts(v))  # a part shared by versions counts once
        ordered = sorted(parts, key=lambda p: (p.span.line, p.span.column, p.kind != "branch"))
        files.append(FileCoverage(path, tuple(Tally(p, *counts.get(_key(p), (0, 0))) for p in ordered)))
    return Coverage(tuple(f for f in files if f.tallies))


# ---- the parts of a version -----------------------------------------------------------


def _parts(version: plan.Competency) -> Iterator[Part]:
    if isinstance(version.syntax, ast.Designation):
        yield from _designation_parts(version)
        return
    syntax = {o.id: o for o in version.syntax.options}
    for option in version.options:
        yield Part("option", f"option {option.id}", syntax[option.id].span)
        for level in option.levels:
            yield Part("level", f"level {level.name} of option {option.id}", level.source.span)
            yield from _requirement_parts(level.source.requirements)
            for route in level.routes:
                for requirement, condition in zip(route.requirements, route.conditions, strict=True):
                    yield from _alternatives(requirement, condition)


def _requirement_parts(requirements: Sequence[ast.Requirement]) -> Iterator[Part]:
    for requirement in requirements:
        if isinstance(requirement, ast.Alternatives):
            for index, branch in enumerate(requirement.branches):
                yield _branch(requirement, index)
                yield from _requirement_parts(branch)
        else:
            yield _requirement(requirement)


def _requirement(requirement: ast.Requirement) -> Part:
    return Part("requirement", f"`{requirement_text(requirement)}`", requirement.span)


def _branch(alternatives: ast.Alternatives, index: int) -> Part:
    branch = alternatives.branches[index]
    first, last = branch[0].span, branch[-1].span
    span = ast.Span(first.line, first.column, last.end_line, last.end_column)
    return Part("branch", f"either branch {index + 1}", span)


def _alternatives(requirement: ast.Requirement, condition: plan.Condition | None) -> Iterator[Part]:
    if condition is None or len(condition.terms) < 2:  # one way to satisfy it: the requirement's own outcome
        return
    for term in condition.terms:
        yield _alternative(requirement, term)


def _alternative(requirement: ast.Requirement, term: frozenset[str]) -> Part:
    return Part("alternative", f"{' and '.join(sorted(term))} for `{requirement_text(requirement)}`", requirement.span)


def _designation_parts(version: plan.Competency) -> Iterator[Part]:
    syntax = version.syntax
    score = version.score
    assert isinstance(syntax, ast.Designation) and score is not None
    yield Part("level", f"designation {syntax.id} qualified", syntax.span)
    for track in syntax.tracks:
        if track.when is not None:
            yield _requirement(track.when)
    spans = {m.id: m.span for m in syntax.metrics}
    for metric in score.metrics:
        yield Part("metric", f"metric {metric.id} scores", spans[metric.id])
        for step, condition in zip(metric.steps, metric.step_conditions, strict=True):
            yield _requirement(step)
            yield from _alternatives(step, condition)
        yield from map(_requirement, metric.gates)


# ---- the outcomes of one evaluation ---------------------------------------------------


Held = dict[str, frozenset[str]]


def _outcomes(version: plan.Competency, levels: Sequence[LevelResult], held: Held) -> Iterator[tuple[Key, bool]]:
    if isinstance(version.syntax, ast.Designation):
        for level in levels:
            yield from _score_outcomes(version.syntax, level, held)
        return
    syntax = {o.id: o for o in version.syntax.options}
    for option in version.options:
        mine = [lv for lv in levels if lv.option == option.id]
        yield _key(Part("option", f"option {option.id}", syntax[option.id].span)), any(lv.met for lv in mine)
    for level in levels:
        source = version.level(level.option, level.level)[1].source
        yield _key(Part("level", f"level {level.level} of option {level.option}", source.span)), level.met
        for alternatives, index in _chosen(source.requirements, iter(level.branches)):
            yield _key(_branch(alternatives, index)), level.met
        for result in level.requirements:
            yield from _requirement_outcomes(result, held)


def _chosen(requirements: Sequence[ast.Requirement], branches: Iterator[int]) -> Iterator[tuple[ast.Alternatives, int]]:
    """The `either`s of a route with the branch it took, in the order `compile.expand_routes` numbers them."""
    for requirement in requirements:
        if isinstance(requirement, ast.Alternatives):
            index = next(branches)
            yield requirement, index
            yield from _chosen(requirement.branches[index], branches)


def _requirement_outcomes(result: RequirementResult, held: Held) -> Iterator[tuple[Key, bool]]:
    yield _key(_requirement(result.requirement)), result.met
    if isinstance(result, PeopleResult) and len(result.condition.terms) > 1:
        for term in result.condition.terms:
            yield _key(_alternative(result.requirement, term)), any(term <= held[p] for p in result.persons)


def _score_outcomes(syntax: ast.Designation, level: LevelResult, held: Held) -> Iterator[tuple[Key, bool]]:
    yield _key(Part("level", f"designation {syntax.id} qualified", syntax.span)), level.met
    (scored,) = level.requirements
    assert isinstance(scored, ScoreResult)
    if scored.classification is not None:
        yield _key(_requirement(scored.classification.requirement)), scored.classification.met
    spans = {m.id: m.span for m in syntax.metrics}
    for metric in scored.metrics:
        yield _key(Part("metric", f"metric {metric.id} scores", spans[metric.id])), metric.points > 0
        for result in (*metric.steps, *metric.gates):
            yield from _requirement_outcomes(result, held)


def _key(part: Part) -> Key:
    return part.kind, part.label, part.span


# ---- output ---------------------------------------------------------------------------


def _never(tally: Tally) -> str:
    if not tally.met and not tally.unmet:
        return "never exercised"
    return "never met" if not tally.met else "never unmet"


def coverage_text(coverage: Coverage, source: Callable[[str], str | None]) -> str:
    """A summary line per file with its percentage, then each part short of an outcome with a caret."""
    lines = [f"coverage: {coverage.percent:.1f}% ({coverage.covered:,} of {coverage.outcomes:,} outcomes)"]
    lines += [f"  {f.path}: {f.percent:.1f}% ({f.covered:,} of {f.outcomes:,})" for f in coverage.files]
    short = [(f.path, t) for f in coverage.files for t in f.tallies if t.outcomes < 2]
    for path, tally in short[:MAX_FINDINGS]:
        span = tally.part.span
        lines.append(f"{path}:{span.line}:{span.column}: {_never(tally)}: {tally.part.label}")
        lines += source_excerpt(span, source(path))
    lines += omitted(len(short), "use --coverage-format json --coverage-output FILE for all")
    return "".join(line(text) + "\n" for text in lines)


def coverage_json(coverage: Coverage) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "percent": round(coverage.percent, 2),
        "covered": coverage.covered,
        "outcomes": coverage.outcomes,
        "files": [
            {
                "path": f.path,
                "percent": round(f.percent, 2),
                "covered": f.covered,
                "outcomes": f.outcomes,
                "parts": [_tally_json(t) for t in f.tallies],
            }
            for f in coverage.files
        ],
    }


def _tally_json(tally: Tally) -> dict[str, Any]:
    part = tally.part
    counts = {"met": tally.met, "unmet": tally.unmet}
    return {"kind": part.kind, "label": part.label, "span": span_json(part.span), **counts}


def coverage_lcov(coverage: Coverage) -> str:
    """LCOV: per file, `DA:line,hits` (evaluations of the parts on the line) and two `BRDA` branches
    per part, met and unmet (`-`: the part was never evaluated)."""
    out = []
    for f in coverage.files:
        hits: dict[int, int] = {}
        branches = []
        for block, tally in enumerate(f.tallies):
            line_no = tally.part.span.line
            hits[line_no] = hits.get(line_no, 0) + tally.met + tally.unmet
            evaluated = tally.met + tally.unmet > 0
            for branch, taken in enumerate((tally.met, tally.unmet)):
                branches.append(f"BRDA:{line_no},{block},{branch},{taken if evaluated else '-'}")
        out += ["TN:", f"SF:{f.path}", *branches, f"BRF:{len(branches)}", f"BRH:{f.covered}"]
        out += [f"DA:{n},{h}" for n, h in sorted(hits.items())]
        out += [f"LF:{len(hits)}", f"LH:{sum(h > 0 for h in hits.values())}", "end_of_record"]
    return "".join(text + "\n" for text in out)
