"""Stage 4: result -> report. Plain text for a person, JSON-ready dicts for programs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import Diagnostic
from .render import condition_text, number, requirement_text
from .result import (
    AssociationResult,
    AttributeResult,
    CompetencyResult,
    Evaluation,
    LevelResult,
    MetricResult,
    PeopleResult,
    RequirementResult,
)

# ---- JSON -------------------------------------------------------------------------------


def to_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "partner": evaluation.partner,
        "as_of": evaluation.as_of.isoformat(),
        "results": [_competency_json(r) for r in evaluation.results],
    }


def _competency_json(result: CompetencyResult) -> dict[str, Any]:
    return {
        "competency": result.competency,
        "title": result.title,
        "version": result.effective.isoformat() if result.effective else None,
        "in_force": result.in_force,
        "level": result.level,
        "option": result.option,
        "levels": [_level_json(lv) for lv in result.levels],
    }


def _level_json(level: LevelResult) -> dict[str, Any]:
    return {
        "level": level.level,
        "option": level.option,
        "met": level.met,
        "branches": list(level.branches),
        "requirements": [requirement_json(r) for r in level.requirements],
    }


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def requirement_json(result: RequirementResult) -> dict[str, Any]:
    common = {"text": requirement_text(result.requirement), "met": result.met}
    match result:
        case MetricResult():
            return {
                "kind": "metric",
                "metric": result.requirement.metric,
                "market": result.market,
                "threshold": _num(result.threshold),
                "unit": result.unit,
                "value": _num(result.value),
                **common,
            }
        case AssociationResult():
            names = list(result.requirement.associations)
            return {"kind": "association", "any_of": names, "held": list(result.held), **common}
        case AttributeResult():
            return {"kind": "attribute", "attribute": result.requirement.attribute, **common}
        case PeopleResult():
            return {
                "kind": "people",
                "count": result.requirement.count,
                "independent": result.requirement.independent,
                "condition": condition_text(result.requirement.condition),
                "persons": list(result.persons),
                "slots": [
                    {"person": a.person, "also": condition_text(a.role.condition) if a.role else None}
                    for a in result.assignments
                ],
                "missing": result.missing,
                "candidates": list(result.candidates),
                **common,
            }
    raise TypeError(f"not a requirement result: {result!r}")


# ---- text -------------------------------------------------------------------------------


def to_text(evaluation: Evaluation, market: str | None = None) -> str:
    where = f", {market} market" if market else ""
    lines = [f"{evaluation.partner}: evaluated on {evaluation.as_of.isoformat()}{where}"]
    for result in evaluation.results:
        lines += ["", *_competency_text(result)]
    return "\n".join(lines) + "\n"


def _competency_text(result: CompetencyResult) -> list[str]:
    if not result.in_force:
        return [f"{result.competency}: {result.title}", "  no version of this competency is in force on that date"]
    version = f" (rules effective {result.effective.isoformat()})" if result.effective else ""
    head = [f"{result.competency}: {result.title}{version}"]
    if result.level:
        head.append(f"  attained: {result.level.upper()} through option {result.option}")
    else:
        head.append("  attained: nothing yet")
    for level in result.levels:
        head += _level_text(level)
    return head


def _level_text(level: LevelResult) -> list[str]:
    verdict = "met" if level.met else "not met"
    route = f" (via either-branch {', '.join(str(b + 1) for b in level.branches)})" if level.branches else ""
    lines = [f"  {level.option} / {level.level}: {verdict}{route}"]
    for result in level.requirements:
        mark = "+" if result.met else "-"
        lines.append(f"    {mark} {requirement_text(result.requirement)}")
        lines += [f"        {d}" for d in _details(result)]
    return lines


def _details(result: RequirementResult) -> list[str]:
    match result:
        case MetricResult(value=None):
            return ["no value for this metric in the partner data"]
        case MetricResult(threshold=None):
            return [f"no threshold is set for the {result.market} market"]
        case MetricResult(met=False):
            return [f"has {number(result.value)}, short by {number(result.threshold - result.value)}"]
        case MetricResult():
            return [f"has {number(result.value)}"]
        case AssociationResult(met=True):
            return [f"holds {', '.join(result.held)}"]
        case AssociationResult():
            return ["none of these associations is held"]
        case AttributeResult(met=False):
            return ["the attribute is not set"]
        case PeopleResult():
            return _people_details(result)
    return []


def _people_details(result: PeopleResult) -> list[str]:
    lines = []
    if result.assignments:
        lines.append("filled by " + ", ".join(_who(a) for a in result.assignments))
    if result.missing:
        more = f"{result.missing} more {'person' if result.missing == 1 else 'persons'}"
        lines.append(f"missing: {more} passing {condition_text(result.requirement.condition)}")
        spare = sorted(set(result.candidates) - set(result.persons))
        if spare:
            lines.append(f"also qualified but counted elsewhere in this level: {', '.join(spare)}")
    return lines


def _who(assignment) -> str:
    if assignment.role is None:
        return assignment.person
    return f"{assignment.person} (also {condition_text(assignment.role.condition)})"


# ---- diagnostics ------------------------------------------------------------------------


def diagnostic_text(diagnostic: Diagnostic, source: str | None = None) -> str:
    """`path:line:col: error: message [code]`, then the source line and a caret under the spot."""
    text = str(diagnostic)
    span = diagnostic.span
    if source is None or span is None or span.line < 1:
        return text
    lines = source.splitlines()
    if span.line > len(lines):
        return text
    line = lines[span.line - 1].expandtabs(1)
    width = max(1, (span.end_column - span.column) if span.end_line == span.line else len(line) - span.column + 1)
    return f"{text}\n  {line}\n  {' ' * (span.column - 1)}{'^' * width}"
