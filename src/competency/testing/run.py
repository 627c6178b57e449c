"""Running test cases: each partner evaluated by the engine, and what the case states compared."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from competency.compiler import plan
from competency.compiler.library import SUFFIX as RULES_SUFFIX
from competency.compiler.library import load
from competency.engine.engine import evaluate
from competency.engine.result import (
    CompetencyResult,
    Evaluation,
    LevelResult,
    PeopleResult,
    RequirementResult,
    ScoreResult,
)
from competency.language.render import requirement_text
from competency.reports.report import score_of
from competency.testing.cases import (
    UNSTATED,
    Case,
    Expectation,
    RequirementCheck,
    check_names,
    find_test_files,
    load_cases,
    points_text,
)
from competency.testing.coverage import Coverage, collect


@dataclass(frozen=True, slots=True)
class Difference:
    """One thing a case states that the evaluation does not show."""

    competency: str
    what: str  # the field, and for a requirement its option, level and number
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.competency}: {self.what}: expected {self.expected}, got {self.got}"


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: Case
    evaluation: Evaluation
    differences: tuple[Difference, ...]
    seconds: float

    @property
    def passed(self) -> bool:
        return not self.differences


@dataclass(frozen=True, slots=True)
class TestRun:
    results: tuple[CaseResult, ...]
    coverage: Coverage | None = None

    @property
    def failed(self) -> int:
        return sum(not r.passed for r in self.results)

    @property
    def passed(self) -> int:
        return len(self.results) - self.failed


def run_tests(
    paths: Sequence[str | os.PathLike[str]],
    library: Sequence[str | os.PathLike[str]] = (),
    *,
    coverage: bool = False,
) -> TestRun:
    """Run the test files under `paths` (directories, test files, or competency files with their
    `NAME.test.yaml` beside them) against the built-in library, `library` and the competency
    files in `paths`; with `coverage`, tally what the cases exercised in those files."""
    files = find_test_files(paths)
    rules = _rules(paths)
    lib = load([*library, *rules])
    cases = [case for file in files for case in load_cases(file)]
    check_names(cases, lib)
    results = tuple(run_case(lib, case) for case in cases)
    if not coverage:
        return TestRun(results)
    return TestRun(results, collect(lib, [(r.case.partner, r.evaluation) for r in results], _tested_files(lib, rules)))


def files_read(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The test files and competency files of `paths` that a run reads (besides the partners its cases name)."""
    from competency.compiler.library import find_files

    return [*find_test_files(paths), *find_files(_rules(paths))]


def _rules(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The paths that bring competency files: directories, and `.comp` files."""
    return [p for p in map(Path, paths) if p.is_dir() or p.suffix == RULES_SUFFIX]


def _tested_files(lib: plan.Library, rules: Sequence[Path]) -> list[str] | None:
    """The competency files found in `rules`, as the library names them; None if there are none:
    then every file a case evaluated."""
    from competency.compiler.library import find_files

    wanted = {os.path.realpath(p) for p in find_files(rules)}
    return sorted(path for path in _paths(lib) if os.path.realpath(path) in wanted) if wanted else None


def _paths(lib: plan.Library) -> list[str]:
    return list(dict.fromkeys(v.path for versions in lib.competencies.values() for v in versions))


def run_case(lib: plan.Library, case: Case) -> CaseResult:
    started = time.perf_counter()
    ids = [e.competency for e in case.expectations]
    evaluation = evaluate(lib, case.partner, ids, case.as_of)
    differences = tuple(d for e in case.expectations for d in compare(e, evaluation.result(e.competency)))
    return CaseResult(case, evaluation, differences, time.perf_counter() - started)


def compare(expected: Expectation, result: CompetencyResult) -> Iterator[Difference]:
    """The differences between what `expected` states and `result`; nothing for what it leaves out."""
    what = expected.competency
    if expected.level is not UNSTATED and expected.level != result.level:
        yield Difference(what, "level", _name(expected.level), _name(result.level))
    if expected.option is not UNSTATED and expected.option != result.option:
        yield Difference(what, "option", _name(expected.option), _name(result.option))
    yield from _score_differences(expected, result)
    for check in expected.requirements:
        yield from _requirement_differences(what, check, result)


def _name(value: str | None) -> str:
    return "none" if value is None else f"'{value}'"


def _score_differences(expected: Expectation, result: CompetencyResult) -> Iterator[Difference]:
    scored = score_of(result)
    what = expected.competency
    if scored is None:  # `check_names` refuses these on a competency; a designation not in force has no score
        if expected.total or expected.metrics or expected.track is not UNSTATED:
            yield Difference(what, "score", "a score", "no version in force")
        return
    if expected.total is not None and not expected.total.matches(scored.total):
        yield Difference(what, "total", str(expected.total), points_text(scored.total, expected.total.places))
    if expected.track is not UNSTATED and expected.track != scored.track:
        yield Difference(what, "track", _name(expected.track), _name(scored.track))
    points = {m.id: m.points for m in scored.metrics}
    for metric, wanted in expected.metrics.items():
        if metric not in points:
            yield Difference(what, f"metric {metric}", str(wanted), "no such metric in this version")
        elif not wanted.matches(points[metric]):
            yield Difference(what, f"metric {metric} points", str(wanted), points_text(points[metric], wanted.places))


def _requirement_differences(what: str, check: RequirementCheck, result: CompetencyResult) -> Iterator[Difference]:
    level = _level(check, result)
    where = f"{check.option or result.option or ''} / {check.level}".lstrip(" /")
    if level is None:
        got = "no version in force" if not result.in_force else "no such level in the version in force"
        yield Difference(what, f"{where}, requirement {check.requirement}", "to be evaluated", got)
        return
    where = f"{level.option} / {level.level}"
    found = _requirement(level, check.requirement)
    if found is None:
        listed = "; ".join(f"{i} `{_text(r)}`" for i, r in enumerate(level.requirements, 1))
        yield Difference(what, f"{where}, requirement {check.requirement!r}", "a requirement", f"only {listed}")
        return
    number, requirement = found
    where += f", requirement {number} (`{_text(requirement)}`)"
    if check.met is not None and check.met != requirement.met:
        yield Difference(what, where, "met" if check.met else "not met", "met" if requirement.met else "not met")
    if check.persons is None and check.missing is None:
        return
    if not isinstance(requirement, PeopleResult):
        yield Difference(what, where, "a people requirement", "a requirement on the organization")
        return
    if check.persons is not None and sorted(check.persons) != sorted(requirement.persons):
        yield Difference(what, f"{where}: filled by", _persons(check.persons), _persons(requirement.persons))
    if check.missing is not None and check.missing != requirement.missing:
        yield Difference(what, f"{where}: persons missing", str(check.missing), str(requirement.missing))


def _persons(persons: Sequence[str]) -> str:
    return f"[{', '.join(sorted(persons))}]"


def _level(check: RequirementCheck, result: CompetencyResult) -> LevelResult | None:
    """The level the check names, in its option; else the option the level was attained through; else the first."""
    named = [lv for lv in result.levels if lv.level == check.level]
    if check.option is not None:
        return next((lv for lv in named if lv.option == check.option), None)
    return next((lv for lv in named if lv.option == result.option), named[0] if named else None)


def _requirement(level: LevelResult, requirement: int | str) -> tuple[int, RequirementResult] | None:
    """The requirement by its number (from 1) or its text, in the route the level was reported on."""
    for number, found in enumerate(level.requirements, 1):
        if requirement in (number, _text(found)):
            return number, found
    return None


def _text(result: RequirementResult) -> str:
    return "the score" if isinstance(result, ScoreResult) else requirement_text(result.requirement)
