"""Test files: finding them, reading them, and checking them against the shipped JSON Schema.

A bad test file is an input error at the YAML node it is about (`file:line:col`), found by
the position of every value that `safeyaml.parse_yaml_with_spans` records.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from competency import schemas
from competency.compiler import plan
from competency.errors import CompetencyError, Diagnostic, Span
from competency.language import ast
from competency.partners.partner import Partner, data_path, load_partner, partner_from_text_data, schema_violation

SUFFIX = ".test.yaml"
MAX_TEST_BYTES = 20_000_000  # a test file: cases with their partners inline
MAX_PLACES = 12  # decimals of expected points: a total is shown to one; more would only cost formatting


class _Unstated:
    """What a case does not state, and so does not compare."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSTATED"


UNSTATED: Any = _Unstated()


@dataclass(frozen=True, slots=True)
class Points:
    """Expected points: exact (`value` with `places` None), or as the total rounds to `places` decimals."""

    value: Fraction
    places: int | None

    def matches(self, actual: Fraction) -> bool:
        if self.places is None:
            return actual == self.value
        return Decimal(f"{float(actual):.{self.places}f}") == Decimal(f"{float(self.value):.{self.places}f}")

    def __str__(self) -> str:
        return points_text(self.value, self.places)


def points_text(value: Fraction, places: int | None) -> str:
    """Points to `places` decimals, or exactly: as a decimal when there is one (143/2 is 71.5), else p/q."""
    if places is not None:
        return f"{float(value):.{places}f}"
    rest = value.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    return str(Decimal(value.numerator) / value.denominator) if rest == 1 else str(value)


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """What one requirement of one level must show; `requirement` is its number (from 1) or its text."""

    requirement: int | str
    level: str
    option: str | None
    met: bool | None
    persons: tuple[str, ...] | None
    missing: int | None
    span: Span
    level_span: Span  # where its level is named (the expectation's, when it takes that one)
    option_span: Span


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a case states about one competency's result; the rest is not compared."""

    competency: str
    level: str | _Unstated | None
    option: str | _Unstated
    total: Points | None
    track: str | _Unstated | None
    metrics: Mapping[str, Points]
    requirements: tuple[RequirementCheck, ...]
    span: Span
    level_span: Span
    option_span: Span


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    partner: Partner
    as_of: dt.date | None
    expectations: tuple[Expectation, ...]
    path: str
    span: Span


def find_test_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The test files under directories (recursively, sorted), and test files given directly."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
        elif not path.exists():
            raise CompetencyError(Diagnostic("I300", "no such file or directory", str(path)))
        elif path.name.endswith(SUFFIX):
            found.append(path)
        else:
            beside = path.with_name(path.name.removesuffix(path.suffix) + SUFFIX)
            found += [beside] if path.suffix == ".comp" and beside.is_file() else []
    if not found:
        named = ", ".join(map(str, paths))
        raise CompetencyError(Diagnostic("I320", f"no test files (*{SUFFIX}) found: {named}"))
    return list(dict.fromkeys(found))


@functools.cache
def schema() -> dict[str, Any]:
    """The test file JSON Schema shipped in the package (`competency schema test-file`)."""
    return schemas.schema("test-file")


@functools.cache
def _fast_check():
    from competency.partners.schemacheck import compile_schema

    return compile_schema(schema())


@functools.cache
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def load_cases(path: str | os.PathLike[str]) -> tuple[Case, ...]:
    """Read and check one test file; partners given by path are read relative to it."""
    from competency.files import read_text
    from competency.partners.safeyaml import parse_yaml_with_spans

    name = os.fspath(path)
    data, spans = parse_yaml_with_spans(read_text(name, MAX_TEST_BYTES), name)
    where = _Places(name, spans)
    found = None if _fast_check()(data) else schema_violation(_validator(), data)  # jsonschema words the error
    if found is not None:
        raise where.error(found[0], found[1])
    cases = tuple(_case(raw, (i,), where) for i, raw in enumerate(data))
    first: dict[str, int] = {}
    for i, case in enumerate(cases):
        if first.setdefault(case.name, i) != i:
            message = f"case name '{case.name}' is used twice (first by case {first[case.name] + 1})"
            raise where.error(message, (i, "name"))
    return cases


@dataclass(frozen=True, slots=True)
class _Places:
    """A test file's name and where each of its values was written."""

    path: str
    spans: Mapping[tuple, Span]

    def span(self, at: tuple) -> Span | None:
        """The span of the value at `at`, or of its nearest enclosing value that has one."""
        while at not in self.spans and at:
            at = at[:-1]
        return self.spans.get(at)

    def place(self, at: tuple) -> Span:
        """`span`, for a value the schema has checked is there (so it has a place)."""
        found = self.span(at)
        assert found is not None
        return found

    def error(self, message: str, at: tuple, code: str = "I321") -> CompetencyError:
        return CompetencyError(Diagnostic(code, message, self.path, self.span(at)))


def _case(raw: dict[str, Any], at: tuple, where: _Places) -> Case:
    return Case(
        raw["name"],
        _partner(raw["partner"], (*at, "partner"), where),
        _date(raw["as_of"], (*at, "as_of"), where) if "as_of" in raw else None,
        tuple(_expectation(k, v, (*at, "expect", k), where) for k, v in raw["expect"].items()),
        where.path,
        where.place(at),
    )


def _partner(raw: str | dict[str, Any], at: tuple, where: _Places) -> Partner:
    if isinstance(raw, str):
        try:
            return load_partner(Path(where.path).parent / raw)
        except CompetencyError as exc:  # a partner file that is not there is the test file's error
            if exc.diagnostic.code != "I300":
                raise
            raise where.error(f"partner file '{raw}': {exc.diagnostic.message}", at, "I300") from None
    try:
        return partner_from_text_data(raw, where.path)
    except CompetencyError as exc:  # placed by its data path inside the partner, at the test file's line
        diagnostic = exc.diagnostic
        inside = {data_path(p[len(at) :]): p for p in where.spans if p[: len(at)] == at}
        found = inside.get(diagnostic.where or "", at)
        raise where.error(f"partner: {diagnostic.where}: {diagnostic.message}", found, diagnostic.code) from None


def _date(text: str, at: tuple, where: _Places) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise where.error(f"'{text}' is not a calendar date", at) from None


def _points(raw: int | float | str, at: tuple, where: _Places) -> Points:
    try:
        if isinstance(raw, str) and "/" in raw:
            return Points(Fraction(raw.replace(" ", "")), None)
        value = Decimal(str(raw))
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise where.error(f"'{raw}' is not points (a number, or p/q)", at) from None
    if not value.is_finite():
        raise where.error(f"'{raw}' is not points (a number, or p/q)", at)
    places = -value.as_tuple().exponent
    if isinstance(places, int) and places > MAX_PLACES:
        raise where.error(f"points have at most {MAX_PLACES} decimals (or give them exactly, as p/q)", at)
    return Points(Fraction(value), places if isinstance(places, int) and places > 0 else None)


def _expectation(competency: str, raw: dict[str, Any], at: tuple, where: _Places) -> Expectation:
    level = raw.get("level", UNSTATED)
    option = raw.get("option", UNSTATED)
    level_span, option_span = where.place((*at, "level")), where.place((*at, "option"))
    checks = []
    for i, check in enumerate(raw.get("requirements", ())):
        named = check.get("level", level)
        check_at = (*at, "requirements", i)
        if not isinstance(named, str):
            raise where.error("name the requirement's level: the case expects no level here", check_at)
        checks.append(
            RequirementCheck(
                check["requirement"],
                named,
                check.get("option", None if option is UNSTATED else option),
                check.get("met"),
                tuple(check["persons"]) if "persons" in check else None,
                check.get("missing"),
                where.place(check_at),
                where.place((*check_at, "level")) if "level" in check else level_span,
                where.place((*check_at, "option")) if "option" in check else option_span,
            )
        )
    return Expectation(
        competency,
        level,
        option,
        _points(raw["total"], (*at, "total"), where) if "total" in raw else None,
        raw.get("track", UNSTATED),
        {k: _points(v, (*at, "metrics", k), where) for k, v in raw.get("metrics", {}).items()},
        tuple(checks),
        where.place(at),
        level_span,
        option_span,
    )


def check_names(cases: Iterable[Case], library: plan.Library) -> None:
    """Refuse a case that names a competency, level or option the library does not have."""
    diagnostics = []
    for case in cases:
        for expectation in case.expectations:
            diagnostics += _unknown_names(expectation, library, case.path)
    if diagnostics:
        raise CompetencyError(*diagnostics)


def _unknown_names(expectation: Expectation, library: plan.Library, path: str) -> list[Diagnostic]:
    competency = expectation.competency
    if competency not in library.competencies:
        known = ", ".join(library.ids())
        return [Diagnostic("I303", f"unknown competency '{competency}'; known: {known}", path, expectation.span)]
    versions = library.versions(competency)
    levels = dict.fromkeys(name for v in versions for name in v.level_order)
    options = dict.fromkeys(o.id for v in versions for o in v.options)
    found = []
    checks = expectation.requirements
    named_levels = [(expectation.level, expectation.level_span)] + [(c.level, c.level_span) for c in checks]
    for level, span in named_levels:
        if isinstance(level, str) and level not in levels:
            message = f"unknown level '{level}' of '{competency}'; its levels are {', '.join(levels)}"
            found.append(Diagnostic("I321", message, path, span))
    named_options = [(expectation.option, expectation.option_span)] + [(c.option, c.option_span) for c in checks]
    for option, span in named_options:
        if isinstance(option, str) and option not in options:
            message = f"unknown option '{option}' of '{competency}'; its options are {', '.join(options)}"
            found.append(Diagnostic("I321", message, path, span))
    scored = expectation.total is not None or expectation.metrics or expectation.track is not UNSTATED
    if scored and not all(isinstance(v.syntax, ast.Designation) for v in versions):
        message = f"'{competency}' is not a designation: it has no total, metric points or track"
        found.append(Diagnostic("I321", message, path, expectation.span))
    return list(dict.fromkeys(found))
