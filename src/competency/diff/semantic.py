"""The differences between two libraries' rules, in the author's words.

Versions are paired (the ones in force on a date, or versions by effective date), then
options by id, levels by name and a designation's metrics by id. Within a level, requirements
that mean the same are paired first; the rest are paired by what they constrain (the same
metric or attribute, people requirements sharing credentials, an association, an `either`),
and what is left was added or removed. "Mean the same" is the compiled plan's equality: a
people requirement is its compiled slots (conditions in DNF), so a group written inline,
`a or b` for `one_of(a, b)`, reordered items or requirements, layout and comments are no
change. Every rule is worded by `show`, so it reads as `competency show` prints it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from competency.compiler import plan
from competency.errors import CompetencyError, Diagnostic
from competency.language import ast
from competency.reports.show import (
    Bullet,
    Names,
    amount,
    credential_text,
    exact,
    label_thresholds,
    level_title,
    points_bullet,
    requirement_bullets,
    score_facts,
    scored_metric_bullet,
)

# (what, which), outermost first: ("option", "reseller"), ("level", "gold"); a version by its effective
# date (None: undated), a branch by its 0-based index, a metric's steps or gates by what alone (None).
Where = tuple[tuple[str, str | int | None], ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the rules.

    `kind` is added, removed or changed; `subject` what it is about (credential, competency,
    version, title, source, levels, option, level, requirement, branch, pass mark, tracks,
    metric, category, max, points); `old` and `new` the rule in show's words; `details` what changed,
    one line each.
    """

    competency: str | None  # None: the catalog, which every competency shares
    where: Where
    kind: str
    subject: str
    old: tuple[Bullet, ...] = ()
    new: tuple[Bullet, ...] = ()
    details: tuple[str, ...] = ()


def diff_libraries(
    old: plan.Library, new: plan.Library, as_of: dt.date | None = None, competencies: Iterable[str] | None = None
) -> tuple[Change, ...]:
    """Every difference between the two libraries' rules (of `competencies`, default all); with
    `as_of`, between the versions in force that day."""
    check_known(old, new, competencies or ())
    # Of the catalog, what the competencies compared count: a retirement changes their verdicts.
    counted = _counted(old, new, competencies) if competencies else None
    changes = _catalog_changes(old.catalog, new.catalog, as_of, counted)
    for competency_id in sorted(competencies or {*old.competencies, *new.competencies}):
        whole = competency_id not in old.competencies or competency_id not in new.competencies
        pairs = _version_pairs(old, new, competency_id, as_of)
        for before, after in pairs:
            version = after or before
            assert version is not None
            # The version is named where the competency has several: one in force on a date needs no name.
            effective = version.effective.isoformat() if version.effective else None
            where = (("effective", effective),) if len(pairs) > 1 else ()
            if before is None or after is None:
                kind = "added" if before is None else "removed"
                words = _whole(version, _Side.of(new if before is None else old, version, as_of))
                subject = "competency" if whole else "version"
                changes.append(Change(competency_id, where, kind, subject, *_placed(kind, words)))
            else:
                old_side, new_side = _Side.of(old, before, as_of), _Side.of(new, after, as_of)
                changes += _Differ(competency_id, old_side, new_side).version(where, before, after)
    return tuple(changes)


def _catalog_changes(
    old: plan.Catalog, new: plan.Catalog, as_of: dt.date | None, counted: frozenset[str] | None
) -> list[Change]:
    """Credentials whose acceptance changed (a retirement, a new acceptance date): they change what
    counts. With `counted`, only those credentials."""
    changes = []
    shared = old.credentials.keys() & new.credentials.keys()
    for credential_id in sorted(shared if counted is None else shared & counted):
        was, now = old.credentials[credential_id], new.credentials[credential_id]
        if was != now:
            details = [
                f"{field.replace('_', ' ')}: {getattr(was, field) or 'none'} -> {getattr(now, field) or 'none'}"
                for field in ("kind", "title", "available", "retired", "accepted_until")
                if getattr(was, field) != getattr(now, field)
            ]
            before, after = (Bullet(credential_text(was, as_of)),), (Bullet(credential_text(now, as_of)),)
            where = (("credential", credential_id),)
            changes.append(Change(None, where, "changed", "credential", before, after, tuple(details)))
    return changes


def _counted(old: plan.Library, new: plan.Library, competencies: Iterable[str]) -> frozenset[str]:
    """Every credential a version of `competencies` counts, in either library."""
    versions = [v for library in (old, new) for c in competencies for v in library.competencies.get(c, ())]
    conditions = [
        slot.condition
        for version in versions
        for option in version.options
        for level in option.levels
        for route in level.routes
        for pool in route.pools
        for slot in pool.slots
    ]
    for score in (v.score for v in versions if v.score is not None):
        for metric in score.metrics:
            conditions += [*metric.step_conditions, *_points_conditions(metric.points)]
    return frozenset().union(*(c.credentials for c in conditions))


def _points_conditions(points: plan.Points) -> list[plan.Condition]:
    match points:
        case plan.BestPoints(branches=branches):
            return [c for branch in branches for c in _points_conditions(branch)]
        case plan.SumPoints(parts=parts):
            return [c for _, part in parts for c in _points_conditions(part)]
        case plan.PersonPoints(condition=condition):
            return [condition]
    return []


def check_known(old: plan.Library, new: plan.Library, competencies: Iterable[str]) -> None:
    """An id that neither library knows is an input error."""
    for competency_id in competencies:
        if competency_id not in old.competencies and competency_id not in new.competencies:
            known = ", ".join(sorted({*old.ids(), *new.ids()}))
            raise CompetencyError(Diagnostic("I303", f"unknown competency '{competency_id}'; known: {known}"))


def pinned(library: plan.Library, day: dt.date) -> plan.Library:
    """Per competency only the version in force on `day`, in force on every date: two dates'
    versions of one library compare (and evaluate) as two libraries."""
    versions = {}
    for competency_id in library.ids():
        version = library.in_force(competency_id, day)
        if version is not None:
            versions[competency_id] = (dataclasses.replace(version, effective=None),)
    return plan.Library(library.catalog, versions)


def _version_pairs(
    old: plan.Library, new: plan.Library, competency_id: str, as_of: dt.date | None
) -> list[tuple[plan.Competency | None, plan.Competency | None]]:
    if as_of is not None:
        pair = (_in_force(old, competency_id, as_of), _in_force(new, competency_id, as_of))
        return [pair] if pair != (None, None) else []
    before = {v.effective: v for v in old.competencies.get(competency_id, ())}
    after = {v.effective: v for v in new.competencies.get(competency_id, ())}
    dates = sorted({*before, *after}, key=lambda day: (day is not None, day or dt.date.min))  # undated first
    return [(before.get(day), after.get(day)) for day in dates]


def _in_force(library: plan.Library, competency_id: str, day: dt.date) -> plan.Competency | None:
    return library.in_force(competency_id, day) if competency_id in library.competencies else None


def _placed(kind: str, words: tuple[Bullet, ...]) -> tuple[tuple[Bullet, ...], tuple[Bullet, ...]]:
    """(old, new) words of an item that was only on one side."""
    return ((), words) if kind == "added" else (words, ())


# ---- one side: a version's names and compiled requirements ---------------------------------


@dataclass(frozen=True, slots=True)
class _Side:
    names: Names
    slots: Mapping[ast.PeopleRequirement, tuple[plan.Slot, ...]]  # what each people requirement compiled to

    @classmethod
    def of(cls, library: plan.Library, version: plan.Competency, as_of: dt.date | None) -> _Side:
        slots: dict[ast.PeopleRequirement, tuple[plan.Slot, ...]] = {}
        for option in version.options:
            for level in option.levels:
                for route in level.routes:
                    for index, requirement in enumerate(route.requirements):
                        if isinstance(requirement, ast.PeopleRequirement):
                            slots[requirement] = tuple(
                                s for p in route.pools for s in p.slots if s.requirement == index
                            )
        if version.score is not None:
            for metric in version.score.metrics:
                slots.update(zip(metric.steps, (pool.slots for pool in metric.step_pools), strict=True))
        return cls(Names.of(library, version, as_of), slots)

    def words(self, requirement: ast.Requirement) -> tuple[Bullet, ...]:
        return requirement_bullets((requirement,), self.names)

    def credentials(self, requirement: ast.PeopleRequirement) -> frozenset[str]:
        return frozenset().union(*(s.condition.credentials for s in self.slots[requirement]))

    def thresholds(self, thresholds: tuple[ast.Threshold, ...]) -> dict[str, Decimal | None]:
        return label_thresholds(thresholds, self.names.labels)

    def meaning(self, requirement: ast.Requirement) -> Hashable:
        """What the requirement asks, as the engine sees it: equal exactly when it asks the same."""
        match requirement:
            case ast.MetricRequirement(metric=metric, thresholds=thresholds):
                return "metric", metric, tuple(self.thresholds(thresholds).items())
            case ast.AssociationRequirement(associations=ids):
                return "association", frozenset(ids)
            case ast.AttributeRequirement(attribute=attribute):
                return "attribute", attribute
            case ast.PeopleRequirement():
                return "people", requirement.independent, _bag(s.condition for s in self.slots[requirement])
            case ast.Alternatives(branches=branches):
                return "either", _bag(self.branch_meaning(b) for b in branches)
        raise TypeError(f"not a requirement: {requirement!r}")

    def branch_meaning(self, requirements: Iterable[ast.Requirement]) -> Hashable:
        return _bag(map(self.meaning, requirements))

    def points_meaning(self, points: plan.Points) -> Hashable:
        match points:
            case plan.BestPoints(branches=branches):
                return "best", _bag(map(self.points_meaning, branches))
            case plan.SumPoints(parts=parts):
                return "sum", _bag((cap, self.points_meaning(p)) for cap, p in parts)
            case plan.PersonPoints(condition=condition, syntax=syntax):
                return "persons", condition, tuple(self.thresholds(syntax.thresholds).items())
        return "metric", points.metric, tuple(self.thresholds(points.thresholds).items())


def _bag(items: Iterable[Hashable]) -> frozenset:
    """A multiset: order does not matter, repetition does."""
    return frozenset(Counter(items).items())


def _whole(version: plan.Competency, side: _Side) -> tuple[Bullet, ...]:
    """A version in words: its options and levels, or a designation's pass rule and metrics."""
    head = f"{version.title} ({version.id})"
    if version.score is not None:
        score = version.score
        items = (*score_facts(score, side.names), *(scored_metric_bullet(m, side.names) for m in score.metrics))
        return (Bullet(head, items),)
    return (Bullet(head, tuple(_option_bullet(o, side) for o in version.options)),)


def _option_bullet(option: plan.Option, side: _Side) -> Bullet:
    return Bullet(f"Option: {option.title} ({option.id})", tuple(_level_bullet(lv, side) for lv in option.levels))


def _level_bullet(level: plan.Level, side: _Side) -> Bullet:
    return Bullet(level_title(level.name), requirement_bullets(level.source.requirements, side.names))


# ---- pairing -----------------------------------------------------------------------------


_Pairs = tuple[list[tuple[int, int]], list[int], list[int]]


def _paired(
    before: Sequence, after: Sequence, same: Callable[[object, object], bool], kin: Callable[[object, object], int]
) -> _Pairs:
    """(pairs of indices that differ, indices only before, indices only after).

    Items that are the `same` are paired first and drop out; of the rest, each item before is
    paired with the closest kin after (the first among equals), if any is kin at all.
    """
    left, right = list(range(len(before))), list(range(len(after)))
    for i in list(left):
        j = next((j for j in right if same(before[i], after[j])), None)
        if j is not None:
            left.remove(i)
            right.remove(j)
    pairs = []
    for i in list(left):
        j = max(right, key=lambda j: (kin(before[i], after[j]), -j), default=None)
        if j is not None and kin(before[i], after[j]) > 0:
            pairs.append((i, j))
            left.remove(i)
            right.remove(j)
    return pairs, left, right


def _by_id(before: Sequence, after: Sequence) -> _Pairs:
    """Options, levels, metrics: paired by id (a level by name), all of them, in written order."""
    return _paired(before, after, lambda a, b: False, lambda a, b: int(_key(a) == _key(b)))


def _key(item: plan.Option | plan.Level | plan.ScoredMetric) -> str:
    return item.name if isinstance(item, plan.Level) else item.id


# ---- the differences ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Differ:
    competency: str
    old: _Side
    new: _Side

    def change(self, where: Where, kind: str, subject: str, old=(), new=(), details=()) -> Change:
        return Change(self.competency, where, kind, subject, tuple(old), tuple(new), tuple(details))

    def only(self, where: Where, kind: str, subject: str, words: tuple[Bullet, ...]) -> Change:
        return self.change(where, kind, subject, *_placed(kind, words))

    def facts(self, where: Where, facts: Iterable[tuple[str, str, str]]) -> list[Change]:
        return [self.change(where, "changed", s, (Bullet(a),), (Bullet(b),)) for s, a, b in facts if a != b]

    def version(self, where: Where, before: plan.Competency, after: plan.Competency) -> list[Change]:
        order = lambda v: ", ".join(map(level_title, v.level_order))  # noqa: E731
        # Of options meeting the same level, the first written is reported: their order counts.
        common = lambda v, w: ", ".join(o.id for o in v.options if o.id in {p.id for p in w.options})  # noqa: E731
        out = self.facts(
            where,
            (
                ("title", before.title, after.title),
                ("source", before.source or "not stated", after.source or "not stated"),
                ("levels", order(before), order(after)),
                ("option order", common(before, after), common(after, before)),
            ),
        )
        if (before.score is None) != (after.score is None):  # a competency became a designation, or back
            return [
                *out,
                self.only(where, "removed", "version", _whole(before, self.old)),
                self.only(where, "added", "version", _whole(after, self.new)),
            ]
        if before.score is not None and after.score is not None:
            return out + self.score(where, before.score, after.score)
        return out + self.each(where, "option", before.options, after.options, self.option, _option_bullet)

    def option(self, where: Where, before: plan.Option, after: plan.Option) -> list[Change]:
        out = self.facts(where, (("title", before.title, after.title),))
        return out + self.each(where, "level", before.levels, after.levels, self.level, _level_bullet)

    def level(self, where: Where, before: plan.Level, after: plan.Level) -> list[Change]:
        return self.requirements(where, before.source.requirements, after.source.requirements)

    def each(
        self,
        where: Where,
        subject: str,
        before: Sequence,
        after: Sequence,
        compare: Callable[[Where, object, object], list[Change]],
        words: Callable[[object, _Side], Bullet],
        pairing: Callable[[Sequence, Sequence], _Pairs] = lambda a, b: _by_id(a, b),
        label: Callable[[object, int], str | int] = lambda item, index: _key(item),
    ) -> list[Change]:
        """Options, levels, metrics, branches: each pair compared, the others added or removed."""
        pairs, removed, added = pairing(before, after)
        out: list[Change] = []
        for i, j in pairs:
            out += compare((*where, (subject, label(after[j], j))), before[i], after[j])
        for kind, items, side, indices in (("removed", before, self.old, removed), ("added", after, self.new, added)):
            out += [
                self.only((*where, (subject, label(items[k], k))), kind, subject, (words(items[k], side),))
                for k in indices
            ]
        return out

    # ---- requirements

    def requirements(
        self, where: Where, before: Sequence[ast.Requirement], after: Sequence[ast.Requirement]
    ) -> list[Change]:
        same = lambda a, b: self.old.meaning(a) == self.new.meaning(b)  # noqa: E731
        pairs, removed, added = _paired(before, after, same, self.kinship)
        out: list[Change] = []
        for i, j in pairs:
            out += self.changed(where, before[i], after[j])
        out += [self.only(where, "removed", "requirement", self.old.words(before[i])) for i in removed]
        out += [self.only(where, "added", "requirement", self.new.words(after[j])) for j in added]
        return out

    def kinship(self, a: ast.Requirement, b: ast.Requirement) -> int:
        """How close two requirements that differ are: 0, not the same requirement edited."""
        if type(a) is not type(b):
            return 0
        match a, b:
            case ast.MetricRequirement(), ast.MetricRequirement():
                return int(a.metric == b.metric)
            case ast.AttributeRequirement(), ast.AttributeRequirement():
                return int(a.attribute == b.attribute)
            case ast.PeopleRequirement(), ast.PeopleRequirement():
                shared = len(self.old.credentials(a) & self.new.credentials(b))
                return shared + 1 if shared else 0
        return 1  # an association, an `either`: one of a kind in a level, in practice

    def changed(self, where: Where, a: ast.Requirement, b: ast.Requirement) -> list[Change]:
        match a, b:
            case ast.Alternatives(), ast.Alternatives():
                return self.branches(where, a.branches, b.branches)
            case ast.MetricRequirement(), ast.MetricRequirement():
                details = self.thresholds(a.metric, a.thresholds, b.thresholds, "threshold")
            case ast.AssociationRequirement(), ast.AssociationRequirement():
                catalog = self.new.names.catalog.associations, self.old.names.catalog.associations
                details = [
                    f"association added: {catalog[0][x].title}" for x in b.associations if x not in a.associations
                ]
                details += [
                    f"association removed: {catalog[1][x].title}" for x in a.associations if x not in b.associations
                ]
            case ast.PeopleRequirement(), ast.PeopleRequirement():
                details = self.people(a, b)
            case _:
                details = []
        return [self.change(where, "changed", "requirement", self.old.words(a), self.new.words(b), details)]

    def branches(self, where: Where, before: Sequence, after: Sequence) -> list[Change]:
        same = lambda a, b: self.old.branch_meaning(a) == self.new.branch_meaning(b)  # noqa: E731
        # Of the branches that changed, pair those with most requirements in common, else in written order.
        common = lambda a, b: Counter(map(self.old.meaning, a)) & Counter(map(self.new.meaning, b))  # noqa: E731
        return self.each(
            where,
            "branch",
            before,
            after,
            self.requirements,
            lambda branch, side: Bullet("Or:", requirement_bullets(branch, side.names)),
            lambda a, b: _paired(a, b, same, lambda x, y: 1 + sum(common(x, y).values())),
            lambda branch, index: index,
        )

    def thresholds(
        self, metric: str, before: tuple[ast.Threshold, ...], after: tuple[ast.Threshold, ...], word: str
    ) -> list[str]:
        """`threshold raised in developed markets: US$50,000 -> US$100,000`, per market or track that
        differs; once, `in every market`, when they all changed alike."""
        unit = self.new.names.catalog.metrics[metric].unit if metric else "persons"
        was, now = self.old.thresholds(before), self.new.thresholds(after)
        labels = self.new.names.labels
        changed = {label: (was.get(label), now.get(label)) for label in dict.fromkeys([*was, *now])}
        changed = {label: pair for label, pair in changed.items() if pair[0] != pair[1]}
        if len(changed) == len(labels.ids) > 1 and len(set(changed.values())) == 1:
            changed = {f"every {labels.word}": next(iter(changed.values()))}
        else:
            changed = {labels.name(label): pair for label, pair in changed.items()}
        details = []
        for place, (a, b) in changed.items():
            verb = "added" if a is None else "removed" if b is None else "raised" if b > a else "lowered"
            show = lambda v: "none" if v is None else amount(v, unit)  # noqa: E731
            details.append(f"{word} {verb} in {place}: {show(a)} -> {show(b)}")
        return details

    def people(self, a: ast.PeopleRequirement, b: ast.PeopleRequirement) -> list[str]:
        details = []
        if a.count != b.count:
            verb, unit = "raised" if b.count > a.count else "lowered", "individual" if b.count == 1 else "individuals"
            details.append(f"count {verb}: {a.count} -> {b.count} {unit}")
        if a.independent != b.independent:
            if b.independent:
                details.append('now "same or different": its persons may also count elsewhere in the level')
            else:
                details.append('no longer "same or different": its persons must differ from the level\'s other persons')
        details += self.credentials(self.old.credentials(a), self.new.credentials(b))
        if not details or (a.subsets != b.subsets and a.count == b.count):
            details.append("the credentials are combined differently")
        return details

    def credentials(self, before: frozenset[str], after: frozenset[str]) -> list[str]:
        new, old = self.new.names, self.old.names
        details = [
            f"credential added: {credential_text(new.catalog.credentials[c], new.as_of)}"
            for c in sorted(after - before)
        ]
        details += [
            f"credential removed: {credential_text(old.catalog.credentials[c], old.as_of)}"
            for c in sorted(before - after)
        ]
        return details

    # ---- designations

    def score(self, where: Where, before: plan.Score, after: plan.Score) -> list[Change]:
        was, now = score_facts(before, self.old.names), score_facts(after, self.new.names)
        out = []
        if was[0] != now[0]:
            details = (
                [f"pass mark {exact(before.pass_mark)} -> {exact(after.pass_mark)} points"]
                if before.pass_mark != after.pass_mark
                else []
            )
            out.append(self.change(where, "changed", "pass mark", was[:1], now[:1], details))
        if was[1:] != now[1:]:
            out.append(self.change(where, "changed", "tracks", was[1:], now[1:]))
        return out + self.each(
            where,
            "metric",
            before.metrics,
            after.metrics,
            self.metric,
            lambda m, side: scored_metric_bullet(m, side.names),
        )

    def metric(self, where: Where, before: plan.ScoredMetric, after: plan.ScoredMetric) -> list[Change]:
        out = self.facts(where, (("title", before.title, after.title), ("category", before.category, after.category)))
        if before.max != after.max:
            was, now = f"up to {exact(before.max)} points", f"up to {exact(after.max)} points"
            verb = "raised" if after.max > before.max else "lowered"
            out.append(
                self.change(
                    where,
                    "changed",
                    "max",
                    (Bullet(was),),
                    (Bullet(now),),
                    [f"max {verb}: {exact(before.max)} -> {exact(after.max)} points"],
                )
            )
        out += self.requirements((*where, ("steps", None)), before.steps, after.steps)
        out += self.requirements((*where, ("gates", None)), before.gates, after.gates)
        if self.old.points_meaning(before.points) != self.new.points_meaning(after.points):
            was = points_bullet(before.points, before.max, self.old.names)
            now = points_bullet(after.points, after.max, self.new.names)
            out.append(
                self.change(where, "changed", "points", (was,), (now,), self.points(before.points, after.points))
            )
        return out

    def points(self, a: plan.Points, b: plan.Points) -> list[str]:
        match a, b:
            case ast.MetricPoints(), ast.MetricPoints() if a.metric == b.metric:
                return self.thresholds(a.metric, a.thresholds, b.thresholds, "threshold for full points")
            case plan.PersonPoints(), plan.PersonPoints():
                details = self.thresholds("", a.syntax.thresholds, b.syntax.thresholds, "threshold for full points")
                return details + self.credentials(a.condition.credentials, b.condition.credentials)
        return []
