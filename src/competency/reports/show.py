"""A competency's rules as readable requirements, for `competency show`.

An author holds the output next to the source page and checks it line by line, so the
prose follows the page's shape: per version, per option and level, one bullet per
requirement and one line per credential, with the catalog's titles, thresholds per market,
credentials' acceptance windows and the level's rule on counting a person twice.

- `select_versions(library, id, as_of)`  the versions to show (all, or the one in force)
- `to_prose(library, id, as_of, markdown=...)` -> str   plain text or Markdown
- `to_json(library, id, as_of)` -> dict                  the structure below, for programs
- `requirement_words`, `scored_metric_words` -> str      one requirement or scored metric (an editor's hover)

Both walk a version's syntax tree (`plan.Competency.syntax`), whose names the compiler has
already checked, and resolve names as the compiler does: a version's groups first, then
the catalog's credentials. A designation reads as its scoring table: per category and
metric, what each source is worth per unit (exact: `10/3 per person`), where it is full
(per track), the steps and gates that come first, the tracks and the pass rule.

JSON structure (schema/show.schema.json; `version` is bumped on an incompatible change, and
keys may be added within a version; dates are YYYY-MM-DD):

    {"version": 1, "id": str, "title": str, "as_of": date | null,
     "versions": [{"effective": date | null, "in_force_until": date | null,  # last day; null: still in force
                   "title": str, "source": str | null, "levels": [str, ...],  # levels lowest first
                   "options": [{"id": str, "title": str,
                                "levels": [{"level": str, "requirements": [REQUIREMENT, ...]}]}]}]}

    REQUIREMENT, by "kind":
      {"kind": "metric", "metric": id, "title": str, "unit": str,
       "thresholds": {"developed": number | null, "developing": number | null}}
      {"kind": "association", "one_of": [{"association": id, "title": str}, ...]}
      {"kind": "attribute", "attribute": id, "title": str}
      {"kind": "people", "count": int, "same_or_different": bool, "condition": CONDITION,
       "also": [{"count": int, "condition": CONDITION}, ...]}        # "k of them also pass"
      {"kind": "either", "branches": [[REQUIREMENT, ...], ...]}
      {"kind": "score", "pass": number, "max": number, "best_track": bool,   # a designation's one level
       "tracks": [{"id": str, "title": str, "when": REQUIREMENT | null}],    # a metric requirement
       "categories": [{"id": str, "title": str, "max": number,
                       "metrics": [{"id": str, "title": str, "max": number,
                                    "steps": [REQUIREMENT, ...], "gates": [REQUIREMENT, ...],
                                    "points": POINTS}]}]}
    In a designation with tracks, a metric requirement's "thresholds" are by track, not market.

    POINTS, by "kind" (LABEL: a track id, or a market without tracks; EXACT: "4", "10/3"):
      {"kind": "metric", "metric": id, "title": str, "unit": str, "max": number,
       "thresholds": {LABEL: number | null}, "per_unit": {LABEL: EXACT | null}}
      {"kind": "persons", "condition": CONDITION, "max": number,
       "thresholds": {LABEL: number | null}, "per_person": {LABEL: EXACT | null}}
      {"kind": "best", "branches": [POINTS, ...]}
      {"kind": "sum", "max": number, "parts": [{"max": number, "points": POINTS}, ...]}

    CONDITION, one of:
      {"credential": id, "title": str, "kind": "exam" | "assessment" | "certification",
       "available": date | null, "retired": date | null, "accepted_until": date | null,
       "accepted": bool | null}                                      # on as_of; null without as_of
      {"group": id, "title": str, "condition": CONDITION}
      {"one_of": [CONDITION, ...]}
      {"all_of": [CONDITION, ...]}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from competency.compiler import plan
from competency.compiler.compile import MARKETS
from competency.errors import CompetencyError, Diagnostic
from competency.language import ast
from competency.reports.report import json_number, points_json
from competency.suggest import unknown_one
from competency.terminal import escape

JSON_VERSION = 1  # of the JSON output, checked by schema/show.schema.json
CURRENCY_PREFIX = {"USD": "US$"}  # other units follow the number: "250 seats"
QUANTIFIER = {ast.OneOf: "one of", ast.AllOf: "all of"}

# ---- what to show -----------------------------------------------------------------------


def select_versions(
    library: plan.Library, competency_id: str, as_of: dt.date | None = None
) -> tuple[plan.Competency, ...]:
    """Every version of the competency, or the one in force on `as_of`."""
    if competency_id not in library.competencies:
        raise CompetencyError(unknown_one("competency", competency_id, library.ids()))
    if as_of is None:
        return library.versions(competency_id)
    version = library.in_force(competency_id, as_of)
    if version is None:
        first = library.versions(competency_id)[0].effective
        message = f"no version of '{competency_id}' is in force on {as_of}: the first takes effect {first}"
        raise CompetencyError(Diagnostic("I304", message))
    return (version,)


def _shown(
    library: plan.Library, competency_id: str, as_of: dt.date | None
) -> list[tuple[plan.Competency, dt.date | None]]:
    """The versions to show, each with its last day in force (None while no later version exists)."""
    shown = select_versions(library, competency_id, as_of)
    versions = library.versions(competency_id)
    # Versions are sorted by date and only the first may be undated, so every later one has a date.
    last_days = [later.effective - dt.timedelta(days=1) for later in versions[1:]] + [None]
    return [(v, last) for v, last in zip(versions, last_days, strict=True) if any(v is s for s in shown)]


@dataclass(frozen=True, slots=True)
class Labels:
    """What the `in NAME` labels of thresholds name: markets, or a designation's tracks."""

    ids: tuple[str, ...]
    word: str  # "market" or "track"
    naming: str  # how one label reads: "{} markets", "track {}"

    def name(self, label: str) -> str:
        return self.naming.format(label)


@dataclass(frozen=True, slots=True)
class Names:
    """What a version's names stand for, and the date credentials are checked on."""

    catalog: plan.Catalog
    groups: Mapping[str, ast.Group]
    as_of: dt.date | None
    labels: Labels

    @classmethod
    def of(cls, library: plan.Library, version: plan.Competency, as_of: dt.date | None) -> Names:
        syntax = version.syntax
        if isinstance(syntax, ast.Designation) and syntax.tracks:
            return cls(library.catalog, {}, as_of, Labels(tuple(t.id for t in syntax.tracks), "track", "track {}"))
        groups = {g.id: g for g in syntax.groups} if isinstance(syntax, ast.Competency) else {}
        return cls(library.catalog, groups, as_of, Labels(MARKETS, "market", "{} markets"))

    def group(self, condition: ast.Condition) -> ast.Group | None:
        return self.groups.get(condition.name) if isinstance(condition, ast.Ref) else None


# ---- prose: a document of headings, paragraphs and nested bullets ----------------------


@dataclass(frozen=True, slots=True)
class Bullet:
    """One line of a list, with the lines nested under it."""

    text: str
    items: tuple[Bullet, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    depth: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Bullet, ...]


Block = Heading | Paragraph | Bullets


def to_prose(library: plan.Library, competency_id: str, as_of: dt.date | None = None, *, markdown: bool = False) -> str:
    """The competency's versions as requirements in words: Markdown, or plain text."""
    blocks = _competency_blocks(library, competency_id, as_of)
    if markdown:
        return _render(blocks, lambda depth, text: "#" * depth + " " + text, markdown_escape)
    return _render(blocks, lambda depth, text: text + "\n" + "=-~^"[depth - 1] * len(text), escape)


def requirement_words(library: plan.Library, version: plan.Competency, requirement: ast.Requirement) -> str:
    """One requirement of a version as `show` says it (its bullet lines), for an editor's hover."""
    return _lines(requirement_bullets((requirement,), Names.of(library, version, None)))


def scored_metric_words(library: plan.Library, version: plan.Competency, metric_id: str) -> str:
    """A designation metric's points, cap, steps and gates as `show` says them."""
    metric = next(m for m in version.score.metrics if m.id == metric_id)
    return _lines((scored_metric_bullet(metric, Names.of(library, version, None)),))


def _lines(bullets: tuple[Bullet, ...]) -> str:
    return "\n".join(bullet_lines(bullets, 0, str))


def _competency_blocks(library: plan.Library, competency_id: str, as_of: dt.date | None) -> list[Block]:
    shown = _shown(library, competency_id, as_of)
    title = shown[-1][0].title
    blocks: list[Block] = [Heading(1, f"{title} ({competency_id})")]
    if as_of is not None:
        blocks.append(Paragraph(f"As of {as_of}: the version in force on that day."))
    for version, last_day in shown:
        blocks += _version_blocks(version, last_day, title, Names.of(library, version, as_of))
    return blocks


def _version_blocks(version: plan.Competency, last_day: dt.date | None, title: str, names: Names) -> list[Block]:
    facts = [] if version.title == title else [Bullet(f"Title: {version.title}")]
    facts += [
        Bullet(f"Source: {version.source or 'not stated'}"),
        Bullet(f"In force: {_period(version.effective, last_day)}"),
    ]
    heading = Heading(2, f"Version effective {version.effective}" if version.effective else "Undated version")
    if version.score is not None:
        return [heading, Bullets((*facts, *score_facts(version.score, names))), *_score_blocks(version.score, names)]
    facts.append(Bullet("Levels, lowest first: " + ", ".join(map(level_title, version.level_order))))
    blocks: list[Block] = [heading, Bullets(tuple(facts))]
    for option in version.options:
        blocks.append(Heading(3, f"Option: {option.title} ({option.id})"))
        for level in option.levels:
            blocks += [
                Heading(4, level_title(level.name)),
                Bullets(requirement_bullets(level.source.requirements, names)),
            ]
            rule = _distinctness(level)
            if rule:
                blocks.append(Paragraph(rule))
    return blocks


def score_facts(score: plan.Score, names: Names) -> tuple[Bullet, ...]:
    """The pass rule and how the partner's track is chosen."""
    most = sum((m.max for m in score.metrics), Fraction(0))
    rule = f"Qualified: at least {exact(score.pass_mark)} of {exact(most)} points, and more than 0 in every metric"
    if not score.tracks:
        return (Bullet(rule),)
    if score.best_track:
        lead, otherwise = "Tracks: every track is scored and the best one counts:", ""
    else:
        lead, otherwise = "Tracks: the partner is scored in the first that applies:", ": otherwise"
    tracks = [
        Bullet(f"{t.title} ({t.id})" + (f": when {_classification_text(t.when, names)}" if t.when else otherwise))
        for t in score.tracks
    ]
    return Bullet(rule), Bullet(lead, tuple(tracks))


def _classification_text(when: ast.MetricRequirement, names: Names) -> str:
    """A track's `when`: checked before any track applies, so with its unlabelled threshold."""
    decl, threshold = names.catalog.metrics[when.metric], when.threshold_for(None)
    if threshold is None:
        return f"never: {decl.title} has no threshold for every track"
    return f"{decl.title} is at least {amount(threshold.value, decl.unit)}"


def _score_blocks(score: plan.Score, names: Names) -> list[Block]:
    """Per category a heading, per metric a bullet: its maximum, its steps and gates, then its points."""
    blocks: list[Block] = []
    for category in score.categories:
        metrics = [m for m in score.metrics if m.category == category.id]
        most = sum((m.max for m in metrics), Fraction(0))
        blocks += [
            Heading(3, f"{category.title} ({category.id}): up to {exact(most)} points"),
            Bullets(tuple(scored_metric_bullet(m, names) for m in metrics)),
        ]
    return blocks


def scored_metric_bullet(metric: plan.ScoredMetric, names: Names) -> Bullet:
    checks = [_prefixed("Step:", people_bullet(step, names)) for step in metric.steps]
    checks += [Bullet(f"Gate: {metric_text(gate, names)}") for gate in metric.gates]
    when = ", once every step and gate holds" if checks else ""
    head = f"{metric.title} ({metric.id}): up to {exact(metric.max)} points{when}"
    return Bullet(head, (*checks, points_bullet(metric.points, metric.max, names)))


def points_bullet(points: plan.Points, most: Fraction, names: Names) -> Bullet:
    match points:
        case plan.BestPoints(branches=branches):
            return Bullet("The best of:", tuple(points_bullet(b, most, names) for b in branches))
        case plan.SumPoints(parts=parts):
            items = tuple(Bullet(f"Up to {exact(cap)}:", (points_bullet(p, cap, names),)) for cap, p in parts)
            return Bullet(f"The sum, at most {exact(most)}, of:", items)
        case plan.PersonPoints(syntax=syntax):
            phrase = _phrase(syntax.condition, names)
            rate = _rate(syntax.thresholds, most, "person", "persons", names)
            return Bullet(f"{rate}, passing {phrase.text}", phrase.items)
    decl = names.catalog.metrics[points.metric]
    return Bullet(f"{decl.title} (metric {decl.id}): {_rate(points.thresholds, most, 'unit', decl.unit, names)}")


def _rate(thresholds: tuple[ast.Threshold, ...], most: Fraction, per: str, unit: str, names: Names) -> str:
    """`4 per person, full at 10 persons`, per track (or market) when they differ."""
    by_label = label_thresholds(thresholds, names.labels)

    def one(value: Decimal | None) -> str:
        if value is None:
            return "nothing (no threshold)"
        full = amount(value, "person" if unit == "persons" and value == 1 else unit)
        return f"{exact(most / Fraction(value))} per {per}, full at {full}"

    if len(set(by_label.values())) == 1:
        return one(next(iter(by_label.values())))
    return "; ".join(f"{one(v)} in {names.labels.name(label)}" for label, v in by_label.items())


def exact(value: Fraction) -> str:
    """Points as an exact number: `4`, `1,000`, `10/3`."""
    return f"{value.numerator:,}" if value.denominator == 1 else f"{value.numerator:,}/{value.denominator:,}"


def _period(effective: dt.date | None, last_day: dt.date | None) -> str:
    if effective is None:
        return f"until {last_day} (undated)" if last_day else "on every date (undated)"
    return f"from {effective} to {last_day}" if last_day else f"from {effective} on"


def level_title(name: str) -> str:
    return name[:1].upper() + name[1:]


def _distinctness(level: plan.Level) -> str | None:
    """The level's rule on counting one person for two requirements, or None when it cannot arise."""
    people = [[r for r in route.requirements if isinstance(r, ast.PeopleRequirement)] for route in level.routes]
    shared = any(sum(not r.independent for r in route) > 1 for route in people)
    independent = any(r.independent for route in people if len(route) > 1 for r in route)
    others = "may also count toward the level's other requirements"
    if shared:
        rule = "Each person counts toward one requirement of this level"
        return f'{rule}, except that the "same or different" individuals {others}.' if independent else f"{rule}."
    return f'The "same or different" individuals {others}.' if independent else None


# ---- requirements in words --------------------------------------------------------------


def requirement_bullets(requirements: Iterable[ast.Requirement], names: Names) -> tuple[Bullet, ...]:
    bullets: list[Bullet] = []
    for requirement in requirements:
        match requirement:
            case ast.MetricRequirement():
                bullets.append(Bullet(metric_text(requirement, names)))
            case ast.AssociationRequirement(associations=ids):
                titles = [names.catalog.associations[a].title for a in ids]
                bullets.append(Bullet("Must be associated as " + _one_of_inline(titles)))
            case ast.AttributeRequirement(attribute=attribute):
                bullets.append(Bullet(f"Must hold the attribute: {names.catalog.attributes[attribute].title}"))
            case ast.PeopleRequirement():
                bullets.append(people_bullet(requirement, names))
            case ast.Alternatives(branches=branches):
                bullets += [
                    Bullet("Either:" if i == 0 else "Or:", requirement_bullets(branch, names))
                    for i, branch in enumerate(branches)
                ]
    return tuple(bullets)


def _one_of_inline(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else "one of: " + ", ".join(titles)


def label_thresholds(thresholds: tuple[ast.Threshold, ...], labels: Labels) -> dict[str, Decimal | None]:
    """Per market (or track), the threshold the engine applies: its own, else the one for all."""
    found = {label: ast.threshold_for(thresholds, label) for label in labels.ids}
    return {label: t.value if t is not None else None for label, t in found.items()}


def metric_text(requirement: ast.MetricRequirement, names: Names) -> str:
    decl, labels = names.catalog.metrics[requirement.metric], names.labels
    by_label = label_thresholds(requirement.thresholds, labels)
    values = set(by_label.values())
    if len(values) == 1 and None not in values:
        return f"{decl.title}: at least {amount(values.pop(), decl.unit)} in every {labels.word}"
    parts = [f"{amount(v, decl.unit)} in {labels.name(m)}" for m, v in by_label.items() if v is not None]
    unset = [m for m, v in by_label.items() if v is None]
    text = f"{decl.title}: at least " + ", ".join(parts)
    return text + (f" (no threshold for {labels.name(' or '.join(unset))})" if unset else "")


def amount(value: Decimal, unit: str) -> str:
    digits = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,f}"
    prefix = CURRENCY_PREFIX.get(unit)
    return f"{prefix}{digits}" if prefix else f"{digits} {unit}"


def people_bullet(requirement: ast.PeopleRequirement, names: Names) -> Bullet:
    """`2 individuals must each pass one of: ...`; a conjunction or `k of them` as one clause per line."""
    lead = _who(requirement.count, requirement.independent)
    clauses = _conjuncts(requirement.condition, names)
    if len(clauses) == 1 and not requirement.subsets:
        phrase = _phrase(clauses[0], names)
        return Bullet(f"{lead} {phrase.text}", phrase.items)
    items = [_phrase(clauses[0], names)]
    items += [_prefixed("and also", _phrase(c, names)) for c in clauses[1:]]
    for subset in requirement.subsets:
        verb = "must also each pass" if subset.count > 1 else "must also pass"
        items.append(_prefixed(f"and {subset.count} of them {verb}", _phrase(subset.condition, names)))
    return Bullet(f"{lead}:", tuple(items))


def _who(count: int, independent: bool) -> str:
    """The page's words: "2 individuals must each pass", "The same or different 5 individuals ..."."""
    if count == 1:
        return "The same or a different individual must pass" if independent else "1 individual must pass"
    return ("The same or different " if independent else "") + f"{count} individuals must each pass"


def _conjuncts(condition: ast.Condition, names: Names) -> tuple[ast.Condition, ...]:
    """The parts of a conjunction worth a line each; a conjunction of bare credentials stays whole."""
    if isinstance(condition, ast.AllOf) and not all(_is_credential(i, names) for i in condition.items):
        return condition.items
    return (condition,)


def _is_credential(condition: ast.Condition, names: Names) -> bool:
    return isinstance(condition, ast.Ref) and names.group(condition) is None


def _phrase(condition: ast.Condition, names: Names) -> Bullet:
    """A condition as a bullet: `one of:` / `all of:` with one item per line, or a credential."""
    group = names.group(condition)
    if group is not None:
        inner = _phrase(group.condition, names)
        quantifier = QUANTIFIER.get(type(group.condition))
        if quantifier:
            return Bullet(f"{quantifier} the {group.title} group:", inner.items)
        return Bullet(f"the {group.title} group:", (inner,))
    match condition:
        case ast.Ref(name=name):
            return Bullet(credential_text(names.catalog.credentials[name], names.as_of))
        case ast.OneOf(items=items) | ast.AllOf(items=items):
            return Bullet(QUANTIFIER[type(condition)] + ":", tuple(_phrase(i, names) for i in items))
    raise TypeError(f"not a condition: {condition!r}")


def _prefixed(prefix: str, bullet: Bullet) -> Bullet:
    return Bullet(f"{prefix} {bullet.text}", bullet.items)


def credential_window(credential: plan.Credential) -> list[str]:
    """The dates a credential has, in words: `available from D`, `retired D`, `accepted until D`."""
    return [
        f"{word} {day}"
        for word, day in (
            ("available from", credential.available),
            ("retired", credential.retired),
            ("accepted until", credential.accepted_until),
        )
        if day is not None
    ]


def credential_text(credential: plan.Credential, as_of: dt.date | None) -> str:
    """`MB2-709 (Dynamics CRM Marketing; retired 2017-12-31, accepted until 2018-12-31)`.

    Exams go by number, as the pages list them; assessments and certifications by title.
    """
    if credential.kind == "exam":
        text = f"{credential.id} ({credential.title}"
    else:
        text = f"{credential.title} ({credential.kind} {credential.id}"
    window = credential_window(credential)
    if window:
        text += "; " + ", ".join(window)
    if as_of is not None and not credential.accepted_on(as_of):
        text += f"; not accepted on {as_of}"
    return text + ")"


# ---- rendering --------------------------------------------------------------------------


def _render(blocks: Iterable[Block], heading: Callable[[int, str], str], escape: Callable[[str], str]) -> str:
    parts = []
    for block in blocks:
        match block:
            case Heading(depth=depth, text=text):
                parts.append(heading(depth, escape(text)))
            case Paragraph(text=text):
                parts.append(escape(text))
            case Bullets(items=items):
                parts.append("\n".join(bullet_lines(items, 0, escape)))
    return "\n\n".join(parts) + "\n"


def bullet_lines(items: Iterable[Bullet], depth: int, escape: Callable[[str], str]) -> Iterator[str]:
    for item in items:
        yield "  " * depth + "- " + escape(item.text)
        yield from bullet_lines(item.items, depth + 1, escape)


def markdown_escape(text: str) -> str:
    # `$` too: "US$100,000 ... US$50,000" would otherwise render as math on GitHub.
    return re.sub(r"([\\`*_$<>\[\]])", r"\\\1", escape(text))


# ---- JSON -------------------------------------------------------------------------------


def to_json(library: plan.Library, competency_id: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The competency's versions as the documented JSON structure (see the module docstring)."""
    shown = _shown(library, competency_id, as_of)
    return {
        "version": JSON_VERSION,
        "id": competency_id,
        "title": shown[-1][0].title,
        "as_of": _iso(as_of),
        "versions": [_version_json(v, last, Names.of(library, v, as_of)) for v, last in shown],
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _version_json(version: plan.Competency, last_day: dt.date | None, names: Names) -> dict[str, Any]:
    return {
        "effective": _iso(version.effective),
        "in_force_until": _iso(last_day),
        "title": version.title,
        "source": version.source,
        "levels": list(version.level_order),
        "options": [
            {
                "id": option.id,
                "title": option.title,
                "levels": [
                    {
                        "level": level.name,
                        "requirements": [_score_json(level.score, names)]
                        if level.score
                        else _requirements_json(level.source.requirements, names),
                    }
                    for level in option.levels
                ],
            }
            for option in version.options
        ],
    }


def _requirements_json(requirements: Iterable[ast.Requirement], names: Names) -> list[dict[str, Any]]:
    return [_requirement_json(r, names) for r in requirements]


def _requirement_json(requirement: ast.Requirement, names: Names) -> dict[str, Any]:
    catalog = names.catalog
    match requirement:
        case ast.MetricRequirement(metric=metric):
            decl = catalog.metrics[metric]
            thresholds = {m: json_number(v) for m, v in label_thresholds(requirement.thresholds, names.labels).items()}
            return {
                "kind": "metric",
                "metric": metric,
                "title": decl.title,
                "unit": decl.unit,
                "thresholds": thresholds,
            }
        case ast.AssociationRequirement(associations=ids):
            one_of = [{"association": a, "title": catalog.associations[a].title} for a in ids]
            return {"kind": "association", "one_of": one_of}
        case ast.AttributeRequirement(attribute=attribute):
            return {"kind": "attribute", "attribute": attribute, "title": catalog.attributes[attribute].title}
        case ast.PeopleRequirement():
            return {
                "kind": "people",
                "count": requirement.count,
                "same_or_different": requirement.independent,
                "condition": _condition_json(requirement.condition, names),
                "also": [
                    {"count": s.count, "condition": _condition_json(s.condition, names)} for s in requirement.subsets
                ],
            }
        case ast.Alternatives(branches=branches):
            return {"kind": "either", "branches": [_requirements_json(b, names) for b in branches]}
    raise TypeError(f"not a requirement: {requirement!r}")


def _score_json(score: plan.Score, names: Names) -> dict[str, Any]:
    categories = []
    for category in score.categories:
        metrics = [m for m in score.metrics if m.category == category.id]
        categories.append(
            {
                "id": category.id,
                "title": category.title,
                "max": points_json(sum((m.max for m in metrics), Fraction(0))),
                "metrics": [
                    {
                        "id": m.id,
                        "title": m.title,
                        "max": points_json(m.max),
                        "steps": _requirements_json(m.steps, names),
                        "gates": _requirements_json(m.gates, names),
                        "points": _points_json(m.points, m.max, names),
                    }
                    for m in metrics
                ],
            }
        )
    return {
        "kind": "score",
        "pass": points_json(score.pass_mark),
        "max": points_json(sum((m.max for m in score.metrics), Fraction(0))),
        "best_track": score.best_track,
        "tracks": [
            {"id": t.id, "title": t.title, "when": _requirement_json(t.when, names) if t.when else None}
            for t in score.tracks
        ],
        "categories": categories,
    }


def _points_json(points: plan.Points, most: Fraction, names: Names) -> dict[str, Any]:
    match points:
        case plan.BestPoints(branches=branches):
            return {"kind": "best", "branches": [_points_json(b, most, names) for b in branches]}
        case plan.SumPoints(parts=parts):
            parts_json = [{"max": points_json(cap), "points": _points_json(p, cap, names)} for cap, p in parts]
            return {"kind": "sum", "max": points_json(most), "parts": parts_json}
    by_label = label_thresholds(
        points.syntax.thresholds if isinstance(points, plan.PersonPoints) else points.thresholds, names.labels
    )
    thresholds = {label: json_number(v) for label, v in by_label.items()}
    rates = {label: None if v is None else str(most / Fraction(v)) for label, v in by_label.items()}
    if isinstance(points, plan.PersonPoints):
        condition = _condition_json(points.syntax.condition, names)
        return {
            "kind": "persons",
            "condition": condition,
            "max": points_json(most),
            "thresholds": thresholds,
            "per_person": rates,
        }
    decl = names.catalog.metrics[points.metric]
    return {
        "kind": "metric",
        "metric": decl.id,
        "title": decl.title,
        "unit": decl.unit,
        "max": points_json(most),
        "thresholds": thresholds,
        "per_unit": rates,
    }


def _condition_json(condition: ast.Condition, names: Names) -> dict[str, Any]:
    group = names.group(condition)
    if group is not None:
        return {"group": group.id, "title": group.title, "condition": _condition_json(group.condition, names)}
    match condition:
        case ast.Ref(name=name):
            credential = names.catalog.credentials[name]
            return {
                "credential": credential.id,
                "title": credential.title,
                "kind": credential.kind,
                "available": _iso(credential.available),
                "retired": _iso(credential.retired),
                "accepted_until": _iso(credential.accepted_until),
                "accepted": None if names.as_of is None else credential.accepted_on(names.as_of),
            }
        case ast.OneOf(items=items):
            return {"one_of": [_condition_json(i, names) for i in items]}
        case ast.AllOf(items=items):
            return {"all_of": [_condition_json(i, names) for i in items]}
    raise TypeError(f"not a condition: {condition!r}")
