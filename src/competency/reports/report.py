"""Stage 4: result -> report. Plain text for a person, JSON-ready dicts for programs."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from competency.engine.result import (
    AssociationResult,
    AttributeResult,
    CompetencyResult,
    Evaluation,
    Explanation,
    LevelResult,
    MetricResult,
    MetricScore,
    PeopleResult,
    Progress,
    RequirementResult,
    ScoreResult,
    SlotGroup,
    Violator,
)
from competency.language import ast
from competency.language.render import condition_text, number, requirement_text
from competency.linting.formats import diagnostic_json
from competency.terminal import MAX_FINDINGS, line, omitted

if TYPE_CHECKING:  # rendering an evaluation need not import the planner (and with it PyYAML)
    from competency.analysis.gaps import Action, GapPlan
    from competency.analysis.risk import KeyPeople

# ---- JSON -------------------------------------------------------------------------------

# Output-format versions, each checked by its schema (schema/<command>.schema.json): bumped on
# an incompatible change; a new optional key may be added within a version.
EVALUATION_VERSION = 1  # eval, and every batch record
PLAN_VERSION = 1


def evaluation_to_json(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as `eval --format json` writes it (and each `batch` record carries)."""
    return {
        "version": EVALUATION_VERSION,
        "partner": evaluation.partner,
        "id": evaluation.partner_id,
        "as_of": evaluation.as_of.isoformat(),
        "results": [_competency_json(r) for r in evaluation.results],
        "warnings": [diagnostic_json(w) for w in evaluation.warnings],
    }


def _competency_json(result: CompetencyResult) -> dict[str, Any]:
    scored = score_of(result)
    return {
        "competency": result.competency,
        "title": result.title,
        "effective": result.effective.isoformat() if result.effective else None,
        "in_force": result.in_force,
        "level": result.level,
        "option": result.option,
        **({"score": _score_summary_json(scored)} if scored else {}),
        "levels": [_level_json(lv) for lv in result.levels],
    }


def score_of(result: CompetencyResult) -> ScoreResult | None:
    """A designation's score (its one level's one requirement); None for a competency."""
    if result.levels and result.levels[0].requirements:
        first = result.levels[0].requirements[0]
        return first if isinstance(first, ScoreResult) else None
    return None


def _score_summary_json(scored: ScoreResult) -> dict[str, Any]:
    return {
        "total": points_json(scored.total),
        "total_exact": str(scored.total),
        "pass": points_json(scored.pass_mark),
        "track": scored.track,
        "categories": {c: points_json(v) for c, v in scored.categories.items()},
        "metrics": {m.id: points_json(m.points) for m in scored.metrics},
    }


def points_json(value: Fraction) -> int | float:
    """Points as JSON writes them: whole numbers as integers, others as the nearest float
    (the `*_exact` fields keep the rational)."""
    return int(value) if value.denominator == 1 else float(value)


def _level_json(level: LevelResult) -> dict[str, Any]:
    return {
        "level": level.level,
        "option": level.option,
        "met": level.met,
        "branches": list(level.branches),
        "requirements": [requirement_json(r) for r in level.requirements],
        **({"explanations": [explanation_json(level, e) for e in level.explanations]} if level.explanations else {}),
    }


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as JSON writes it: whole numbers as integers."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def requirement_json(result: RequirementResult) -> dict[str, Any]:
    if isinstance(result, ScoreResult):
        return _score_json(result)
    common = {"text": requirement_text(result.requirement), "met": result.met}
    match result:
        case MetricResult():
            return {
                "kind": "metric",
                "metric": result.requirement.metric,
                "market": result.market,
                "threshold": json_number(result.threshold),
                "unit": result.unit,
                "value": json_number(result.value),
                **common,
            }
        case AssociationResult():
            names = list(result.requirement.associations)
            return {"kind": "association", "one_of": names, "held": list(result.held), **common}
        case AttributeResult():
            return {"kind": "attribute", "attribute": result.requirement.attribute, **common}
        case PeopleResult():
            return {
                "kind": "people",
                "count": result.requirement.count,
                "same_or_different": result.requirement.independent,
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


def _score_json(scored: ScoreResult) -> dict[str, Any]:
    return {
        "kind": "score",
        "met": scored.met,
        "total": points_json(scored.total),
        "total_exact": str(scored.total),
        "pass": points_json(scored.pass_mark),
        "track": scored.track,
        "classification": requirement_json(scored.classification) if scored.classification else None,
        "metrics": [_metric_score_json(m) for m in scored.metrics],
    }


def _metric_score_json(metric: MetricScore) -> dict[str, Any]:
    return {
        "metric": metric.id,
        "title": metric.title,
        "category": metric.category,
        "points": points_json(metric.points),
        "points_exact": str(metric.points),
        "max": points_json(metric.max),
        "blocked": metric.blocked,
        "steps": [requirement_json(r) for r in metric.steps],
        "gates": [requirement_json(r) for r in metric.gates],
        "sources": [_progress_json(p) for p in metric.sources],
    }


def _progress_json(progress: Progress) -> dict[str, Any]:
    source = progress.source
    what = (
        {"metric": source.metric}
        if isinstance(source, ast.MetricPoints)
        else {"persons": condition_text(source.condition)}
    )
    return {
        **what,
        "value": points_json(progress.value),
        "threshold": points_json(progress.threshold) if progress.threshold is not None else None,
        "points": points_json(progress.points),
        "counted": list(progress.counted),
    }


# ---- text -------------------------------------------------------------------------------


def _printable(lines: list[str]) -> str:
    """The report's lines, each cut to a bounded length and with the controls its values hold escaped."""
    return "".join(line(text) + "\n" for text in lines)


def to_text(evaluation: Evaluation, market: str | None = None) -> str:
    where = f", {market} market" if market else ""
    lines = [f"{evaluation.partner}: evaluated on {evaluation.as_of.isoformat()}{where}"]
    lines += [f"warning: {w.where}: {w.message}" for w in evaluation.warnings[:MAX_FINDINGS]]
    lines += omitted(len(evaluation.warnings), "use --format json for all")
    if len(evaluation.results) > 1:
        lines += ["", *_summary_lines(evaluation.results)]
    for result in evaluation.results:
        lines += ["", *_competency_text(result)]
    return _printable(lines)


def _summary_lines(results: Sequence[CompetencyResult]) -> list[str]:
    """One line per competency, so "are we Gold anywhere?" is answered before the details."""
    width = max(len(r.competency) for r in results)
    return [f"  {r.competency:<{width}}  {_attained(r)}" for r in results]


def _attained(result: CompetencyResult) -> str:
    if not result.in_force:
        return "no version in force"
    scored = score_of(result)
    if scored is not None:
        verdict = "QUALIFIED" if scored.met else "not qualified"
        return f"{verdict}, {points_text(scored.total)} of {_fraction_text(scored.maximum)} points"
    return f"{result.level.upper()} through option {result.option}" if result.level else "nothing yet"


def _competency_text(result: CompetencyResult) -> list[str]:
    if not result.in_force:
        return [f"{result.competency}: {result.title}", "  no version of this competency is in force on that date"]
    version = f" (rules effective {result.effective.isoformat()})" if result.effective else ""
    head = [f"{result.competency}: {result.title}{version}", f"  attained: {_attained(result)}"]
    for level in result.levels:
        head += _level_text(level)
    return head


def _level_text(level: LevelResult) -> list[str]:
    if level.requirements and isinstance(level.requirements[0], ScoreResult):
        return _score_text(level.requirements[0])
    verdict = "met" if level.met else "not met"
    route = f" (via either-branch {', '.join(str(b + 1) for b in level.branches)})" if level.branches else ""
    lines = [f"  {level.option} / {level.level}: {verdict}{route}"]
    for index, result in enumerate(level.requirements):
        mark = "+" if result.met else "-"
        lines.append(f"    {mark} {requirement_text(result.requirement)}")
        lines += [f"        {d}" for d in _details(result)]
        lines += [f"        {d}" for d in explanation_lines(level, index)]
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
    if result.missing:  # slots the best seating leaves empty: the persons needed are the explanation's
        slots = result.requirement.count
        lines.append(f"unfilled: {result.missing} of {slots} {'slot' if slots == 1 else 'slots'}")
        spare = sorted(set(result.candidates) - set(result.persons))
        if spare:
            lines.append(f"also qualified but counted elsewhere in this level: {', '.join(spare)}")
    return lines


def _who(assignment) -> str:
    if assignment.role is None:
        return assignment.person
    return f"{assignment.person} (also {condition_text(assignment.role.condition)})"


def points_text(value: Fraction) -> str:
    """Points to one decimal, as the program shows them (the verdict compares the exact value)."""
    return f"{float(value):.1f}"


def _score_text(scored: ScoreResult) -> list[str]:
    reaches = "reaches" if scored.total >= scored.pass_mark else "is below"
    lines = [f"  total {points_text(scored.total)} {reaches} the pass mark {_fraction_text(scored.pass_mark)}"]
    if float(points_text(scored.total)) >= scored.pass_mark > scored.total:
        lines[0] += f" (exactly {scored.total}, which rounds up to it)"
    if scored.track is not None:
        why = (
            f" ({requirement_text(scored.classification.requirement)}: {'yes' if scored.classification.met else 'no'})"
            if scored.classification
            else ""
        )
        lines.append(f"  track: {scored.track}{why}")
    if scored.at_zero:
        lines.append(f"  at zero (every metric must score): {', '.join(m.id for m in scored.at_zero)}")
    totals = scored.categories
    for category in scored.requirement.categories:
        most = sum((m.max for m in scored.metrics if m.category == category.id), Fraction(0))
        lines.append(f"  {category.id}: {points_text(totals[category.id])} of {_fraction_text(most)}")
        for metric in (m for m in scored.metrics if m.category == category.id):
            lines += _metric_score_text(metric)
    return lines


def _metric_score_text(metric: MetricScore) -> list[str]:
    mark = "+" if metric.points > 0 else "-"
    lines = [f"    {mark} {metric.id}: {points_text(metric.points)} of {_fraction_text(metric.max)}"]
    for step in metric.steps:
        lines.append(f"        {'step met' if step.met else 'step not met'}: {requirement_text(step.requirement)}")
        lines += [f"          {d}" for d in _people_details(step)]
    for gate in metric.gates:
        lines.append(f"        {'gate met' if gate.met else 'gate not met'}: {requirement_text(gate.requirement)}")
        lines += [f"          {d}" for d in _details(gate)]
    for progress in metric.sources:
        lines.append(f"        {_progress_text(progress)}")
    return lines


def _progress_text(progress: Progress) -> str:
    source = progress.source
    if isinstance(source, ast.MetricPoints):
        what = f"{source.metric} {_fraction_text(progress.value)}"
    else:
        who = f": {', '.join(progress.counted)}" if progress.counted else ""
        persons = "person" if progress.value == 1 else "persons"
        what = f"{_fraction_text(progress.value)} {persons} passing {condition_text(source.condition)}{who}"
    if progress.threshold is None:
        return f"{what} (no threshold applies here: worth nothing)"
    return f"{what}, full points at {_fraction_text(progress.threshold)}: worth {points_text(progress.points)}"


def _fraction_text(value: Fraction) -> str:
    return (
        number(Decimal(value.numerator) / Decimal(value.denominator))
        if value.denominator != 1
        else number(Decimal(value.numerator))
    )


# ---- explanations -----------------------------------------------------------------------


def explanation_lines(level: LevelResult, index: int) -> list[str]:
    """The explanations shown under requirement `index`: each under its first unmet requirement."""
    lines = []
    for explanation in level.explanations:
        if _anchor(level, explanation) != index:
            continue
        lines.append("why: " + violator_text(level, explanation.smallest, _is_part(explanation)))
        if _is_part(explanation):
            lines.append("in all, " + violator_text(level, explanation.blocking))
    return lines


def _is_part(explanation: Explanation) -> bool:
    """The smallest violator is a part of the blocking one: it needs only part of the pool's shortfall."""
    return explanation.blocking.size > explanation.smallest.size


def _anchor(level: LevelResult, explanation: Explanation) -> int:
    indexes = [g.requirement for g in explanation.smallest.slots]
    unmet = [i for i in indexes if not level.requirements[i].met]
    return (unmet or indexes)[0]


def violator_text(level: LevelResult, violator: Violator, part: bool = False) -> str:
    """ "the 2 slots for X can only be filled by ana; 1 more person passing X is needed"; for a `part`
    of the pool's shortfall, "..., so they alone need at least 1 more person passing X"."""
    slots = _words([f"{_slot_count(g.count)} for {_slot_condition(level, g)}" for g in violator.slots])
    who = f"can only be filled by {_words(list(violator.persons))}" if violator.persons else "can be filled by no one"
    needs = list(dict.fromkeys(_slot_condition(level, g) for g in violator.slots))
    n = violator.needed
    more = f"{n} more {'person' if n == 1 else 'persons'} passing {' or '.join(needs)}"
    if part:
        alone = "it alone needs" if violator.size == 1 else "they alone need"
        return f"{slots} {who}, so {alone} at least {more}"
    return f"{slots} {who}; {more} {'is' if n == 1 else 'are'} needed"


def _slot_count(count: int) -> str:
    return "the slot" if count == 1 else f"the {count} slots"


def _slot_condition(level: LevelResult, group: SlotGroup) -> str:
    text = condition_text(level.requirements[group.requirement].requirement.condition)
    return f"`{text} and also {condition_text(group.role.condition)}`" if group.role else f"`{text}`"


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def explanation_json(level: LevelResult, explanation: Explanation) -> dict[str, Any]:
    return {
        "pool": explanation.pool,
        "smallest": _violator_json(level, explanation.smallest, _is_part(explanation)),
        "blocking": _violator_json(level, explanation.blocking),
    }


def _violator_json(level: LevelResult, violator: Violator, part: bool = False) -> dict[str, Any]:
    slots = [
        {
            "requirement": g.requirement,
            "text": requirement_text(level.requirements[g.requirement].requirement),
            "also": condition_text(g.role.condition) if g.role else None,
            "count": g.count,
        }
        for g in violator.slots
    ]
    return {
        "slots": slots,
        "persons": list(violator.persons),
        "needed": violator.needed,
        "text": violator_text(level, violator, part),
    }


# ---- key people -------------------------------------------------------------------------


def key_people_text(found: Sequence[KeyPeople]) -> list[str]:
    lines = ["key people:"]
    for level in found:
        where = f"  {level.competency} / {level.option} / {level.level}: "
        if level.key:
            lines.append(where + f"{_words(list(level.key))}: any one of them leaving loses it")
        elif level.departures is None:
            lines.append(where + "no departures can lose it")
        else:
            lines.append(where + f"no single departure loses it; {level.departures} departures can")
    if not found:
        lines.append("  no level is attained")
    return [line(text) for text in lines]


def key_people_json(found: Sequence[KeyPeople]) -> list[dict[str, Any]]:
    return [
        {
            "competency": k.competency,
            "option": k.option,
            "level": k.level,
            "key": list(k.key),
            "departures": k.departures,
        }
        for k in found
    ]


# ---- gap plans --------------------------------------------------------------------------


def action_text(action: Action) -> str:
    """One action in words, without its cost."""
    from competency.analysis.gaps import NewPerson, ObtainAssociation, Pass, RaiseMetric, SetAttribute

    match action:
        case Pass(person=person, credential=credential):
            return f"{person} passes {credential}"
        case NewPerson(person=person):
            return f"add a new person, {person}"
        case RaiseMetric():
            unit = f" {action.unit}" if action.unit else ""
            have = number(action.value) if action.value is not None else "no value"
            return (
                f"raise {action.metric} from {have} to {number(action.threshold)}{unit}"
                f" (short by {number(action.shortfall)})"
            )
        case ObtainAssociation(association=association):
            return f"obtain the association {association}"
        case SetAttribute(attribute=attribute):
            return f"obtain the attribute {attribute}"
    raise TypeError(f"not an action: {action!r}")


def _action_json(action: Action, gain: Fraction | None) -> dict[str, Any]:
    from competency.analysis.gaps import NewPerson, ObtainAssociation, Pass, RaiseMetric, SetAttribute

    kinds = {
        Pass: "pass",
        NewPerson: "new-person",
        RaiseMetric: "metric",
        ObtainAssociation: "association",
        SetAttribute: "attribute",
    }
    fields = {f: getattr(action, f) for f in action.__dataclass_fields__}
    fields = {k: json_number(v) if isinstance(v, Decimal) else v for k, v in fields.items()}
    if isinstance(action, RaiseMetric):
        fields["shortfall"] = json_number(action.shortfall)
    if gain is not None:
        fields |= {"points": points_json(gain), "points_exact": str(gain)}
    return {"kind": kinds[type(action)], "text": action_text(action), **fields}


def _gains(gap_plan: GapPlan) -> tuple[Fraction | None, ...]:
    """Per action, the points it gains (a designation's plan), else None."""
    return gap_plan.gains or (None,) * len(gap_plan.actions)


def _gain_text(gain: Fraction | None) -> str:
    return "" if gain is None else f", gains {points_text(gain)} points"


def plan_json(gap_plan: GapPlan) -> dict[str, Any]:
    return {
        "version": PLAN_VERSION,
        "partner": gap_plan.partner,
        "competency": gap_plan.competency,
        "as_of": gap_plan.as_of.isoformat(),
        "level": gap_plan.level,
        "status": str(gap_plan.status),
        "option": gap_plan.option,
        "branches": list(gap_plan.branches),
        "cost": json_number(gap_plan.cost),
        "actions": [_action_json(a, gain) for a, gain in zip(gap_plan.actions, _gains(gap_plan), strict=True)],
        "reasons": list(gap_plan.reasons),
        "result": _level_json(gap_plan.result) if gap_plan.result else None,
    }


def _plan_head(gap_plan: GapPlan) -> str:
    level = f" {gap_plan.level}" if gap_plan.level else ""
    return f"{gap_plan.partner}: {gap_plan.competency}{level} on {gap_plan.as_of.isoformat()}"


def _target(gap_plan: GapPlan) -> str:
    """The level aimed at; the competency when there is none (no version in force, no level defined)."""
    return gap_plan.level or gap_plan.competency


def plan_text(gap_plan: GapPlan) -> str:
    from competency.analysis.gaps import Status

    lines = [_plan_head(gap_plan)]
    match gap_plan.status:
        case Status.ATTAINED:
            lines += [f"  nothing to do: {gap_plan.reasons[0]}"]
        case Status.IMPOSSIBLE:
            lines += [f"  {_target(gap_plan)} cannot be attained on that date:"]
            lines += [f"    - {reason}" for reason in gap_plan.reasons]
        case Status.PLAN:
            route = f", either-branch {', '.join(str(b + 1) for b in gap_plan.branches)}" if gap_plan.branches else ""
            lines.append(f"  cheapest plan: option {gap_plan.option}{route}, total cost {number(gap_plan.cost)}")
            width = len(str(len(gap_plan.actions)))
            for i, (action, gain) in enumerate(zip(gap_plan.actions, _gains(gap_plan), strict=True), 1):
                lines.append(f"  {i:>{width}}. {action_text(action)} (cost {number(action.cost)}{_gain_text(gain)})")
            assert gap_plan.result is not None
            lines += ["", "  afterwards:", *_level_text(gap_plan.result)]
    return _printable(lines)


def plan_markdown(gap_plan: GapPlan) -> str:
    from competency.analysis.gaps import Status

    lines = [f"# {_plan_head(gap_plan)}", ""]
    match gap_plan.status:
        case Status.ATTAINED:
            lines.append(f"Nothing to do: {gap_plan.reasons[0]}.")
        case Status.IMPOSSIBLE:
            lines += [f"**{_target(gap_plan)}** cannot be attained on that date:", ""]
            lines += [f"- {reason}" for reason in gap_plan.reasons]
        case Status.PLAN:
            lines += [
                f"Cheapest plan: option `{gap_plan.option}`, total cost **{number(gap_plan.cost)}**.",
                "",
                "| # | action | cost |" + (" points gained |" if gap_plan.gains else ""),
                "| ---: | --- | ---: |" + (" ---: |" if gap_plan.gains else ""),
            ]
            lines += [
                f"| {i} | {action_text(a)} | {number(a.cost)} |" + ("" if gain is None else f" {points_text(gain)} |")
                for i, (a, gain) in enumerate(zip(gap_plan.actions, _gains(gap_plan), strict=True), 1)
            ]
    return _printable(lines)
