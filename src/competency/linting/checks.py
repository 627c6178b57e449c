"""The `L4xx` lint rules, checked: each class takes its code, severity and explanation from
the entry of the same name in the catalogue (`rules.py`) and checks one compiled competency
version (`Subject`), its plan and its syntax tree, yielding diagnostics.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from competency.compiler import plan
from competency.compiler.compile import MARKETS
from competency.engine.scoring import combine
from competency.errors import Diagnostic, Edit, Span
from competency.language import ast
from competency.language.render import condition_text, requirement_text, threshold_text
from competency.linting import rules


@dataclass(frozen=True, slots=True)
class Subject:
    """One compiled competency version of a linted file, and the days it is in force."""

    version: plan.Competency
    library: plan.Library
    starts: dt.date | None  # None: from the beginning of time
    ends: dt.date | None  # the last day in force; None: still in force

    @property
    def catalog(self) -> plan.Catalog:
        return self.library.catalog


def subjects(library: plan.Library, wanted: set[str]) -> Iterator[Subject]:
    """Each competency version of the wanted files, with the days it is in force."""
    for versions in library.competencies.values():
        for index, version in enumerate(versions):
            following = versions[index + 1].effective if index + 1 < len(versions) else None
            ends = following - dt.timedelta(days=1) if following else None
            if version.path not in wanted or (version.effective and ends and ends < version.effective):
                continue  # never in force: two versions share a date, which R205 reports
            yield Subject(version, library, version.effective, ends)


class L401(rules.L401):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for condition in conditions(subject.version.syntax):
            for node in walk_condition(condition):
                if isinstance(node, ast.Ref):
                    continue
                kind = "one_of" if isinstance(node, ast.OneOf) else "all_of"
                for item, places in _repeated(node.items):
                    what = f"credential '{item.name}'" if isinstance(item, ast.Ref) else f"'{condition_text(item)}'"
                    times = "twice" if len(places) == 2 else f"{len(places):,} times"
                    message = f"{what} is listed {times} in the same {kind}"
                    yield self.finding(subject, message, node.items[places[1]].span, _removed(node.items, places[1:]))


def _repeated(items: Sequence[ast.Condition]) -> Iterator[tuple[ast.Condition, list[int]]]:
    """Each item listed more than once, with the places it is listed at, in the order of their second
    places (one pass, not pairs)."""
    places: dict[ast.Condition, list[int]] = {}
    for index, item in enumerate(items):
        places.setdefault(item, []).append(index)
    yield from sorted(((item, at) for item, at in places.items() if len(at) > 1), key=lambda pair: pair[1][1])


def _removed(items: Sequence[ast.Condition], places: Sequence[int]) -> tuple[Edit, ...]:
    """Edits removing the items at `places` (none the first), each with the `,` or `or`/`and` before it."""
    return tuple(Edit(Span(*_end(items[i - 1].span), *_end(items[i].span))) for i in places)


def _end(span: ast.Span) -> tuple[int, int]:
    return span.end_line, span.end_column


class L402(rules.L402):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        groups = {g.id for g in _groups(subject.version.syntax)}
        for condition in conditions(subject.version.syntax):
            for node in walk_condition(condition):
                credential = subject.catalog.credentials.get(node.name) if isinstance(node, ast.Ref) else None
                if credential is None or node.name in groups or _overlap(subject, (credential,)):
                    continue
                yield self.finding(subject, _window_message(subject, credential), node.span)


def _window_message(subject: Subject, credential: plan.Credential) -> str:
    first, last = credential.available, credential.last_accepted
    if first is not None and last is not None and first > last:
        return f"credential '{credential.id}' is never accepted: available from {first}, accepted only until {last}"
    if last is not None and subject.starts is not None and last < subject.starts:
        return (
            f"credential '{credential.id}' is accepted only until {last}, before this version "
            f"takes effect on {subject.starts}"
        )
    replaced = subject.ends + dt.timedelta(days=1) if subject.ends else None  # not None when first > ends
    return f"credential '{credential.id}' is accepted only from {first}, after this version is replaced on {replaced}"


class L403(rules.L403):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        reported: set[int] = set()
        for slot, requirement in _slots(subject.version):
            node = slot.role or requirement
            if id(node) in reported or not slot.condition.terms:
                continue  # no terms at all: an unknown name, already reported (R200)
            if not any(_overlap(subject, _credentials(subject, t)) for t in slot.condition.terms):
                reported.add(id(node))
                message = (
                    "no person can ever fill this: no set of credentials that meets the condition "
                    "is accepted on one day while this version is in force"
                )
                yield self.finding(subject, message, node.span)


def _slots(version: plan.Competency) -> Iterator[tuple[plan.Slot, ast.PeopleRequirement]]:
    """Every slot of the version's pools (a designation's steps included), with the requirement it serves."""
    for level in _levels(version):
        for route in level.routes:
            for pool in route.pools:
                yield from ((slot, route.requirements[slot.requirement]) for slot in pool.slots)
    for metric in version.score.metrics if version.score else ():
        for step, pool in zip(metric.steps, metric.step_pools, strict=True):
            yield from ((slot, step) for slot in pool.slots)


class L404(rules.L404):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for option in subject.version.options:
            slots = _slots_by_requirement(option)
            for high in option.levels:
                for low in option.levels:
                    if low.rank >= high.rank:
                        continue
                    gap = _level_gap(high, low, slots)
                    if gap is not None:
                        message = (
                            f"level '{high.name}' of option '{option.id}' can be met without meeting "
                            f"'{low.name}': nothing in '{high.name}' is at least as strict as '{gap}'"
                        )
                        yield self.finding(subject, message, high.source.span)
                        break


class L405(rules.L405):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for option in subject.version.options:
            slots = _slots_by_requirement(option)
            for level in option.levels:
                for either in _walk_requirements(level.source.requirements):
                    if isinstance(either, ast.Alternatives):
                        yield from self._check_either(subject, either, slots)

    def _check_either(self, subject: Subject, either: ast.Alternatives, slots) -> Iterator[Diagnostic]:
        demands = [_demand(branch, slots) for branch in either.branches]
        if any(d is None for d in demands) or any(isinstance(r, ast.Alternatives) for b in either.branches for r in b):
            return
        for j, strict in enumerate(demands):
            for i, loose in enumerate(demands):
                covered = i != j and _gap(strict, loose, shared_to_shared=True) is None
                if covered and (i < j or _gap(loose, strict, shared_to_shared=True) is not None):
                    branch = either.branches[j]
                    message = (
                        f"either-branch {j + 1} is subsumed by branch {i + 1}: a partner meeting it always "
                        f"meets branch {i + 1}, so it never changes the outcome"
                    )
                    yield self.finding(subject, message, branch[0].span if branch else either.span)
                    break


class L406(rules.L406):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        syntax = subject.version.syntax
        if not (syntax.source or "").strip():
            when = f" (effective {syntax.effective})" if syntax.effective else ""
            message = f"competency '{syntax.id}'{when} does not cite its source; add source \"...\""
            yield self.finding(subject, message, _first_line(syntax.span))


class L407(rules.L407):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for option in subject.version.options:
            for level in option.levels:
                for requirement in _walk_requirements(level.source.requirements):
                    if not isinstance(requirement, ast.MetricRequirement):
                        continue
                    developed, developing = (requirement.threshold_for(m) for m in ("developed", "developing"))
                    if developed is not None and developing is not None and developing.value > developed.value:
                        message = (
                            f"the developing-market threshold ({threshold_text(developing)}) is higher than the "
                            f"developed-market one ({threshold_text(developed)}); are they swapped?"
                        )
                        yield self.finding(subject, message, developing.span)


class L408(rules.L408):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        score = subject.version.score
        total = sum((m.max for m in score.metrics), Fraction(0)) if score else Fraction(100)
        if total != 100:
            message = f"the maxima of designation '{score.syntax.id}' sum to {total} points, not 100"
            yield self.finding(subject, message, _first_line(score.syntax.span))


class L409(rules.L409):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        score = subject.version.score
        if score is None:
            return
        labels = tuple(t.id for t in score.tracks) or MARKETS
        most = max(sum((_reachable(m.points, m.max, label) for m in score.metrics), Fraction(0)) for label in labels)
        if score.pass_mark > most:
            message = (
                f"the pass mark {score.pass_mark} is above the most points a partner can score "
                f"({most}): no partner can qualify"
            )
            yield self.finding(subject, message, _first_line(score.syntax.span))


def _reachable(points: plan.Points, most: Fraction, label: str) -> Fraction:
    """The most `points` can be worth for a partner scored with the thresholds of `label`:
    each source its whole maximum where a threshold applies, combined as the engine does."""

    def full(source: plan.Points, cap: Fraction) -> Fraction:
        return cap if ast.threshold_for(_source(source).thresholds, label) else Fraction(0)

    return combine(points, most, full)


class L410(rules.L410):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        score = subject.version.score
        for metric in score.metrics if score and score.tracks else ():
            for source in _sources_outside_best(metric.points):
                syntax = _source(source)
                for track in score.tracks:
                    if ast.threshold_for(syntax.thresholds, track.id) is None:
                        message = (
                            f"no threshold for track '{track.id}': metric '{metric.id}' always scores 0 from "
                            "this source there"
                        )
                        yield self.finding(subject, message, syntax.span)


class L412(rules.L412):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for condition in conditions(subject.version.syntax):
            for node in walk_condition(condition):
                if not (isinstance(node, ast.OneOf) and _infix(node)):
                    continue
                for item in node.items:
                    if isinstance(item, ast.AllOf) and _infix(item):
                        message = (
                            f"`and` and `or` mixed without parentheses: `and` binds tighter, so "
                            f"({condition_text(item)}) is one alternative of the `or`; write the parentheses"
                        )
                        yield self.finding(subject, message, item.span)


def _infix(node: ast.OneOf | ast.AllOf) -> bool:
    """Whether the node is written `a or b` (`a and b`) without parentheses: it starts where its first item does.

    A call starts at `one_of(`, and a parenthesized condition's span takes in its `(`.
    """
    first = node.items[0].span
    return (node.span.line, node.span.column) == (first.line, first.column) and node.span.line > 0


class L413(rules.L413):
    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        syntax = subject.version.syntax
        for option in syntax.options if isinstance(syntax, ast.Competency) else ():
            for level in option.levels:
                if not level.requirements:
                    message = f"level '{level.name}' of option '{option.id}' has no requirement: every partner meets it"
                    yield self.finding(subject, message, _first_line(level.span))
                for either in _walk_requirements(level.requirements):
                    if isinstance(either, ast.Alternatives):
                        yield from self._empty_branches(subject, either)

    def _empty_branches(self, subject: Subject, either: ast.Alternatives) -> Iterator[Diagnostic]:
        for index, branch in enumerate(either.branches):
            if not branch:
                message = (
                    f"either-branch {index + 1} has no requirement: every partner meets it, "
                    "so the `either` always holds"
                )
                yield self.finding(subject, message, _first_line(either.span))


def _sources_outside_best(points: plan.Points) -> Iterator[plan.Points]:
    match points:
        case plan.BestPoints():
            return
        case plan.SumPoints(parts=parts):
            for _, part in parts:
                yield from _sources_outside_best(part)
        case _:
            yield points


def _source(points: ast.MetricPoints | plan.PersonPoints) -> ast.MetricPoints | ast.PersonPoints:
    return points.syntax if isinstance(points, plan.PersonPoints) else points


def _is_check(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, rules.LintRule) and value.__module__ == __name__


LINT_RULES: tuple[rules.LintRule, ...] = tuple(
    cls() for cls in sorted(filter(_is_check, list(globals().values())), key=lambda cls: cls.code)
)


# ---- walking the syntax tree -----------------------------------------------------------------


def conditions(version: ast.Competency | ast.Designation) -> Iterator[ast.Condition]:
    """Every top-level condition of a version: groups, people requirements, `of them` clauses;
    in a designation, its steps and the persons its points count."""
    if isinstance(version, ast.Designation):
        for metric in version.metrics:
            yield from _people_conditions(metric.steps)
            yield from _counted(metric.points)
        return
    for group in version.groups:
        yield group.condition
    for option in version.options:
        for level in option.levels:
            yield from _people_conditions(_walk_requirements(level.requirements))


def _people_conditions(requirements: Iterable[ast.Requirement]) -> Iterator[ast.Condition]:
    for requirement in requirements:
        if isinstance(requirement, ast.PeopleRequirement):
            yield requirement.condition
            yield from (s.condition for s in requirement.subsets)


def _counted(points: ast.Points) -> Iterator[ast.Condition]:
    match points:
        case ast.PersonPoints(condition=condition):
            yield condition
        case ast.BestPoints(branches=branches):
            for branch in branches:
                yield from _counted(branch)
        case ast.SumPoints(parts=parts):
            for part in parts:
                yield from _counted(part.points)


def _groups(version: ast.Competency | ast.Designation) -> tuple[ast.Group, ...]:
    return version.groups if isinstance(version, ast.Competency) else ()


def walk_condition(condition: ast.Condition) -> Iterator[ast.Condition]:
    stack = [condition]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.Ref):
            stack.extend(reversed(node.items))


def _walk_requirements(requirements: Sequence[ast.Requirement]) -> Iterator[ast.Requirement]:
    stack = list(reversed(requirements))
    while stack:
        requirement = stack.pop()
        yield requirement
        if isinstance(requirement, ast.Alternatives):
            stack.extend(r for branch in reversed(requirement.branches) for r in reversed(branch))


def _levels(version: plan.Competency) -> Iterator[plan.Level]:
    for option in version.options:
        yield from option.levels


def _first_line(span: ast.Span) -> ast.Span:
    return ast.Span(span.line, span.column, span.line, span.column + 1) if span.line else span


# ---- acceptance windows --------------------------------------------------------------------


def _credentials(subject: Subject, term: frozenset[str]) -> tuple[plan.Credential, ...]:
    return tuple(subject.catalog.credentials[c] for c in sorted(term) if c in subject.catalog.credentials)


def _overlap(subject: Subject, credentials: Sequence[plan.Credential]) -> bool:
    """Whether some day, while the version is in force, accepts every one of `credentials`."""
    first = max((d for d in (subject.starts, *(c.available for c in credentials)) if d), default=dt.date.min)
    last = min((d for d in (subject.ends, *(c.last_accepted for c in credentials)) if d), default=dt.date.max)
    return first <= last


# ---- "at least as strict": requirement-by-requirement cover --------------------------------


@dataclass
class _Demand:
    """What a list of requirements asks of a partner, in the shape the cover check compares."""

    metrics: list[ast.MetricRequirement] = field(default_factory=list)
    associations: list[ast.AssociationRequirement] = field(default_factory=list)
    attributes: list[ast.AttributeRequirement] = field(default_factory=list)
    shared: Counter[plan.Condition] = field(default_factory=Counter)  # slots of distinct persons
    independent: list[Counter[plan.Condition]] = field(default_factory=list)  # `same or different` pools
    named: dict[plan.Condition, ast.PeopleRequirement] = field(default_factory=dict)  # for messages


def _slots_by_requirement(option: plan.Option) -> dict[int, list[plan.Slot]]:
    """The compiled slots of every people requirement of an option, by `id()` of its syntax node.

    A requirement outside `either` is in every route of its level, with the same slots.
    """
    slots: dict[int, list[plan.Slot]] = {}
    for level in option.levels:
        for route in level.routes:
            mine: dict[int, list[plan.Slot]] = {id(r): [] for r in route.requirements}
            for pool in route.pools:
                for slot in pool.slots:
                    mine[id(route.requirements[slot.requirement])].append(slot)
            for key, found in mine.items():
                slots.setdefault(key, found)
    return slots


def _demand(requirements: Sequence[ast.Requirement], slots: dict[int, list[plan.Slot]]) -> _Demand | None:
    """The demand of flat requirements; None when one was not compiled (an error elsewhere)."""
    demand = _Demand()
    for requirement in requirements:
        match requirement:
            case ast.MetricRequirement():
                demand.metrics.append(requirement)
            case ast.AssociationRequirement():
                demand.associations.append(requirement)
            case ast.AttributeRequirement():
                demand.attributes.append(requirement)
            case ast.PeopleRequirement():
                if id(requirement) not in slots:
                    return None
                pool = Counter(s.condition for s in slots[id(requirement)])
                if not all(c.terms for c in pool):
                    return None  # a condition naming only unknown credentials (R200): nothing to compare
                for condition in pool:
                    demand.named.setdefault(condition, requirement)
                if requirement.independent:
                    demand.independent.append(pool)
                else:
                    demand.shared.update(pool)
            case ast.Alternatives():
                return None
    return demand


def _level_gap(high: plan.Level, low: plan.Level, slots: dict[int, list[plan.Slot]]) -> str | None:
    """None when every route of `high` covers some route of `low`; else a `low` requirement left uncovered."""
    for high_route in high.routes:
        strict = _demand(high_route.requirements, slots)
        gaps = [
            _gap(strict, _demand(r.requirements, slots), shared_to_shared=False, skip_unrelated=True)
            for r in low.routes
        ]
        if strict is not None and None not in gaps:
            return gaps[0]
    return None


def _gap(
    strict: _Demand | None, loose: _Demand | None, *, shared_to_shared: bool, skip_unrelated: bool = False
) -> str | None:
    """A requirement of `loose` that nothing in `strict` covers (as text), or None: `strict` covers `loose`.

    `shared_to_shared`: `loose`'s shared persons must be found among `strict`'s shared ones (when both
    share a pool with other requirements, as two branches of one `either` do). `skip_unrelated`: people
    of `loose` whose credentials `strict` never names count as covered (L404's different route).
    """
    if strict is None or loose is None:
        return None  # not compiled (an error is reported elsewhere): no verdict
    for metric in loose.metrics:
        if not any(_metric_covers(m, metric) for m in strict.metrics):
            return requirement_text(metric)
    for association in loose.associations:
        if not any(set(a.associations) <= set(association.associations) for a in strict.associations):
            return requirement_text(association)
    for attribute in loose.attributes:
        if attribute.attribute not in {a.attribute for a in strict.attributes}:
            return requirement_text(attribute)
    pools = [strict.shared, *strict.independent]
    for pool in [loose.shared, *loose.independent]:
        if not pool:
            continue
        targets = [strict.shared] if shared_to_shared and pool is loose.shared else pools
        leftovers = [_unplaced(pool, target) for target in targets]
        if None not in leftovers and (not skip_unrelated or leftovers[0].credentials & _mentioned(strict)):
            return requirement_text(loose.named[leftovers[0]])
    return None


def _mentioned(demand: _Demand) -> frozenset[str]:
    """The credentials a demand's people conditions name."""
    pools = [demand.shared, *demand.independent]
    return frozenset().union(*(c.credentials for pool in pools for c in pool))


def _metric_covers(strict: ast.MetricRequirement, loose: ast.MetricRequirement) -> bool:
    if strict.metric != loose.metric:
        return False
    for market in MARKETS:
        high, low = strict.threshold_for(market), loose.threshold_for(market)
        # no threshold for a market: the requirement cannot be met there, which covers anything
        if high is not None and (low is None or high.value < low.value):
            return False
    return True


def _implies(strict: plan.Condition, loose: plan.Condition) -> bool:
    """Every person who meets `strict` meets `loose` (both in DNF: each strict term contains a loose one)."""
    return all(any(t <= term for t in loose.terms) for term in strict.terms)


def _unplaced(loose: Counter[plan.Condition], strict: Counter[plan.Condition]) -> plan.Condition | None:
    """Place each loose slot on its own strict slot whose condition implies it (a maximum flow).

    Returns None when every loose slot is placed, else a condition with slots left over.
    """
    need = {c: n for c, n in loose.items() if n > 0}
    room = {c: n for c, n in strict.items() if n > 0}
    edges = {c: [s for s in room if _implies(s, c)] for c in need}
    flow: Counter[tuple[plan.Condition, plan.Condition]] = Counter()
    while True:
        path = _augmenting_path(need, room, edges, flow)
        if path is None:
            break
        amount = min(need[path[0]], room[path[-1]], *(flow[(path[i + 1], path[i])] for i in range(1, len(path) - 1, 2)))
        need[path[0]] -= amount
        room[path[-1]] -= amount
        for i in range(0, len(path) - 1, 2):
            flow[(path[i], path[i + 1])] += amount
            if i + 2 < len(path):
                flow[(path[i + 2], path[i + 1])] -= amount
    return next((c for c, n in need.items() if n > 0), None)


def _augmenting_path(need, room, edges, flow) -> list[plan.Condition] | None:
    """Breadth-first: loose, strict, loose, strict ... ending at a strict condition with room left."""
    parents: dict[tuple[str, plan.Condition], tuple[str, plan.Condition] | None] = {
        ("loose", c): None for c, n in need.items() if n > 0
    }
    queue = list(parents)
    while queue:
        side, node = queue.pop(0)
        if side == "loose":
            steps = [("strict", s) for s in edges[node]]
        else:
            steps = [("loose", c) for c in need if flow[(c, node)] > 0]
        for step in steps:
            if step in parents:
                continue
            parents[step] = (side, node)
            if step[0] == "strict" and room[step[1]] > 0:
                path = [step]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return [n for _, n in reversed(path)]
            queue.append(step)
    return None
