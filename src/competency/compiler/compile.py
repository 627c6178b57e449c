"""Stage 2: AST -> plan. Resolves names against the catalog, checks what the grammar
cannot, and lowers each level into routes, pools and slots.

The stage is a handful of plain functions, called in this order by `compile_library`:

1. `build_catalog`      - merge catalog blocks; later layers override earlier ones by id
2. `collect_versions`   - gather competency versions by id; a later layer replaces an id whole
3. `compile_competency` - per version: level order, groups, options, levels
   3a. `compile_condition` - a credential condition to disjunctive normal form
   3b. `check_requirement` - names, markets, units and counts of one requirement
   3c. `expand_routes`     - one route per combination of `either` branches
   3d. `build_pools`       - the route's people requirements as slots in pools

Problems are collected as diagnostics, so `lint` can report all of them at once; `load`
raises when any is an error.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from competency.compiler import plan
from competency.errors import Diagnostic, Edit
from competency.language import ast
from competency.language.render import ident
from competency.suggest import did_you_mean, suggestion

MARKETS = ("developed", "developing")
MAX_TERMS = 4096  # a condition whose normal form is larger than this is surely a mistake
MAX_ROUTES = 1024
MAX_UNKNOWN = 100  # unknown credentials reported one by one per file; past that they are only counted


@dataclass
class _Unknown:
    """The unknown credentials of one file: how many, and where the first one not reported is."""

    count: int = 0
    first_unreported: ast.Span | None = None


@dataclass
class _Context:
    """What the compiler knows while it works on one file."""

    catalog: plan.Catalog
    diagnostics: list[Diagnostic]
    path: str = "<string>"
    groups: dict[str, plan.Condition] = field(default_factory=dict)
    # keyed by node and span: equal conditions written twice are still reported twice
    conditions: dict[tuple[ast.Condition, ast.Span], plan.Condition] = field(default_factory=dict)
    unknown: _Unknown = field(default_factory=_Unknown)  # shared by the versions of one file

    def error(self, code: str, message: str, span: ast.Span | None, fix: tuple[Edit, ...] = ()) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.path, span, fix=fix))

    def unknown_credential(self, name: str, span: ast.Span) -> None:
        self.unknown.count += 1
        if self.unknown.count <= MAX_UNKNOWN:
            meant = suggestion(name, [*self.groups, *self.catalog.credentials])
            fix = (Edit(span, ident(meant.id)),) if meant and meant.certain else ()  # the span is the id's own
            message = f"unknown credential '{name}': it is not in the catalog{meant.hint if meant else ''}"
            self.error("R200", message, span, fix)
        elif self.unknown.first_unreported is None:
            self.unknown.first_unreported = span


def compile_library(layers: Sequence[Sequence[ast.Document]]) -> tuple[plan.Library, list[Diagnostic]]:
    """Compile documents in layers (built-in first, then the user's); later layers win."""
    diagnostics: list[Diagnostic] = []
    catalog = build_catalog(layers, diagnostics)
    unknown: defaultdict[str, _Unknown] = defaultdict(_Unknown)
    competencies = {
        competency_id: tuple(
            _compile_version(syntax, path, _Context(catalog, diagnostics, path, unknown=unknown[path]))
            for path, syntax in versions
        )
        for competency_id, versions in sorted(collect_versions(layers, diagnostics).items())
    }
    for path, tally in unknown.items():
        if tally.count > MAX_UNKNOWN:
            message = f"and {tally.count - MAX_UNKNOWN:,} more unknown credentials, the first of them here"
            diagnostics.append(Diagnostic("R200", message, path, tally.first_unreported))
    unique = list(dict.fromkeys(diagnostics))  # a requirement shared by routes is checked once per route
    return plan.Library(catalog, competencies), unique


# ---- 1. catalog -----------------------------------------------------------------------


def build_catalog(layers: Sequence[Sequence[ast.Document]], diagnostics: list[Diagnostic]) -> plan.Catalog:
    tables: dict[type, dict[str, object]] = {
        ast.CredentialDecl: {},
        ast.MetricDecl: {},
        ast.AssociationDecl: {},
        ast.AttributeDecl: {},
    }
    for layer in layers:
        seen: set[tuple[type, str]] = set()
        for doc in layer:
            for item in doc.items:
                if not isinstance(item, ast.Catalog):
                    continue
                for entry in item.entries:
                    key = (type(entry), entry.id)
                    if key in seen:
                        what = _ENTRY_WORDS[type(entry)]
                        diagnostics.append(
                            Diagnostic("R205", f"{what} '{entry.id}' is declared twice", doc.path, entry.span)
                        )
                    seen.add(key)
                    tables[type(entry)][entry.id] = (
                        _credential(entry) if isinstance(entry, ast.CredentialDecl) else entry
                    )
    return plan.Catalog(
        credentials=tables[ast.CredentialDecl],
        metrics=tables[ast.MetricDecl],
        associations=tables[ast.AssociationDecl],
        attributes=tables[ast.AttributeDecl],
    )


_ENTRY_WORDS = {
    ast.CredentialDecl: "credential",
    ast.MetricDecl: "metric",
    ast.AssociationDecl: "association",
    ast.AttributeDecl: "attribute",
}


def _credential(decl: ast.CredentialDecl) -> plan.Credential:
    return plan.Credential(decl.id, decl.kind, decl.title, decl.available, decl.retired, decl.accepted_until)


# ---- 2. versions ----------------------------------------------------------------------


Version = ast.Competency | ast.Designation


def collect_versions(
    layers: Sequence[Sequence[ast.Document]], diagnostics: list[Diagnostic]
) -> dict[str, list[tuple[str, Version]]]:
    """Competency and designation versions by id, in date order (a designation is a competency scored in points)."""
    versions: dict[str, list[tuple[str, Version]]] = {}
    for layer in layers:
        mine: dict[str, list[tuple[str, Version]]] = {}
        for doc in layer:
            for item in doc.items:
                if isinstance(item, ast.Competency | ast.Designation):
                    mine.setdefault(item.id, []).append((doc.path, item))
        for competency_id, found in mine.items():
            found.sort(key=lambda pc: (pc[1].effective is not None, pc[1].effective or 0))
            _check_effective_dates(found, diagnostics)
            versions[competency_id] = found
    return versions


def _check_effective_dates(found: list[tuple[str, Version]], diagnostics: list[Diagnostic]) -> None:
    for (_, earlier), (path, later) in itertools.pairwise(found):
        if type(earlier) is not type(later):
            message = f"'{later.id}' is both a competency and a designation; give them different ids"
            diagnostics.append(Diagnostic("R205", message, path, later.span))
        elif earlier.effective == later.effective:
            when = f"effective {later.effective}" if later.effective else "without an effective date"
            message = f"competency '{later.id}' has two versions {when}; give each version its own 'effective' date"
            diagnostics.append(Diagnostic("R205", message, path, later.span))


# ---- 3. one competency version --------------------------------------------------------


def _compile_version(syntax: Version, path: str, ctx: _Context) -> plan.Competency:
    if isinstance(syntax, ast.Designation):
        return compile_designation(syntax, path, ctx)
    return compile_competency(syntax, path, ctx)


def compile_competency(syntax: ast.Competency, path: str, ctx: _Context) -> plan.Competency:
    order = syntax.level_order
    for name, count in Counter(order).items():
        if count > 1:
            ctx.error("R205", f"level '{name}' appears twice in 'levels'", syntax.span)
    for group in syntax.groups:
        if group.id in ctx.groups or group.id in ctx.catalog.credentials:
            ctx.error("R205", f"group '{group.id}' clashes with a credential or group of the same id", group.span)
        ctx.groups[group.id] = compile_condition(group.condition, ctx)
    _report_duplicates((o.id for o in syntax.options), "option", syntax.options, ctx)
    options = tuple(_compile_option(option, order, ctx) for option in syntax.options)
    return plan.Competency(syntax.id, syntax.title, syntax.source, syntax.effective, order, options, path, syntax)


def _compile_option(option: ast.Option, order: tuple[str, ...], ctx: _Context) -> plan.Option:
    _report_duplicates((lv.name for lv in option.levels), "level", option.levels, ctx)
    levels = []
    for level in option.levels:
        if level.name not in order:
            known = ", ".join(order)
            hint = did_you_mean(level.name, order)
            message = f"unknown level '{level.name}'; this competency's levels are {known}{hint}"
            ctx.error("R204", message, level.span)
            continue
        for requirement in level.requirements:
            check_requirement(requirement, ctx)
        routes = tuple(_route(branches, flat, ctx) for branches, flat in expand_routes(level, ctx))
        levels.append(plan.Level(level.name, order.index(level.name), routes, level))
    levels.sort(key=lambda lv: lv.rank)
    return plan.Option(option.id, option.title, tuple(levels))


def _report_duplicates(names: Iterable[str], what: str, nodes: Sequence, ctx: _Context) -> None:
    seen: set[str] = set()
    for name, node in zip(names, nodes, strict=True):
        if name in seen:
            ctx.error("R205", f"{what} '{name}' is defined twice", node.span)
        seen.add(name)


# ---- 3'. one designation version: a competency whose one level is a score ----------------


def compile_designation(syntax: ast.Designation, path: str, ctx: _Context) -> plan.Competency:
    """One option (the designation) with one level, `qualified`, whose route is the score."""
    if syntax.pass_mark is None:
        ctx.error("R213", f"designation '{syntax.id}' has no pass mark: write `pass 70` after its dates", syntax.span)
    tracks = tuple(t.id for t in syntax.tracks)
    _report_duplicates(tracks, "track", syntax.tracks, ctx)
    _report_duplicates((c.id for c in syntax.categories), "category", syntax.categories, ctx)
    _report_duplicates((m.id for m in syntax.metrics), "metric", syntax.metrics, ctx)
    for track in syntax.tracks[:-1]:
        if track.when is None and any(t.when is not None for t in syntax.tracks):
            ctx.error("R214", f"track '{track.id}' has no `when` but is not the last track", track.span)
    for track in syntax.tracks:
        if track.when is not None:
            _check_metric(track.when, ctx, tracks)
            for threshold in track.when.thresholds:
                if threshold.market is not None:  # the track is not chosen yet: no label can apply
                    message = f"track '{track.id}' is chosen by one threshold, without `in {threshold.market}`"
                    ctx.error("R206", message, threshold.span)
    metrics = tuple(_scored_metric(m, c.id, tracks, ctx) for c in syntax.categories for m in c.metrics)
    score = plan.Score(Fraction(syntax.pass_mark or 0), syntax.tracks, syntax.categories, metrics, syntax)
    route = plan.Route((), (), (), (), score)
    level = plan.Level(ast.QUALIFIED, 0, (route,), ast.Level(ast.QUALIFIED, (), syntax.span))
    option = plan.Option(syntax.id, syntax.title, (level,))
    return plan.Competency(
        syntax.id, syntax.title, syntax.source, syntax.effective, syntax.level_order, (option,), path, syntax
    )


def _scored_metric(
    metric: ast.ScoredMetric, category: str, tracks: tuple[str, ...], ctx: _Context
) -> plan.ScoredMetric:
    for gate in metric.gates:
        _check_metric(gate, ctx, tracks)
    conditions = []
    for step in metric.steps:
        _check_people(step, ctx)
        conditions.append(compile_condition(step.condition, ctx))
    pools = tuple(plan.Pool(_slots(0, step, c, ctx)) for step, c in zip(metric.steps, conditions, strict=True))
    return plan.ScoredMetric(
        metric.id,
        metric.title,
        category,
        Fraction(metric.max),
        metric.steps,
        tuple(conditions),
        pools,
        metric.gates,
        _points(metric.points, Fraction(metric.max), tracks, ctx),
    )


def _points(points: ast.Points, most: Fraction, tracks: tuple[str, ...], ctx: _Context) -> plan.Points:
    match points:
        case ast.MetricPoints():
            _check_metric(points, ctx, tracks)
            _check_reaching(points.thresholds, ctx)
            return points
        case ast.PersonPoints():
            _check_labels(points.thresholds, tracks, ctx)
            _check_reaching(points.thresholds, ctx)
            return plan.PersonPoints(compile_condition(points.condition, ctx), points)
        case ast.BestPoints(branches=branches):
            return plan.BestPoints(tuple(_points(b, most, tracks, ctx) for b in branches))
        case ast.SumPoints(parts=parts):
            return plan.SumPoints(
                tuple((Fraction(p.max), _points(p.points, Fraction(p.max), tracks, ctx)) for p in parts)
            )
    raise TypeError(f"not a points form: {points!r}")


def _check_reaching(thresholds: Sequence[ast.Threshold], ctx: _Context) -> None:
    for threshold in thresholds:
        if threshold.value <= 0:
            ctx.error("R215", "a metric's points are full at a threshold above 0", threshold.span)


# ---- 3a. conditions -------------------------------------------------------------------


def compile_condition(condition: ast.Condition, ctx: _Context) -> plan.Condition:
    """Lower a condition to minimal DNF; unknown names are reported and never hold."""
    key = (condition, condition.span)
    if key in ctx.conditions:
        return ctx.conditions[key]
    match condition:
        case ast.Ref(name=name):
            if name in ctx.groups:
                result = ctx.groups[name]
            elif name in ctx.catalog.credentials:
                result = plan.Condition((frozenset({name}),))
            else:
                ctx.unknown_credential(name, condition.span)
                result = plan.Condition(())
        case ast.OneOf(items=items):
            result = _minimal([t for item in items for t in compile_condition(item, ctx).terms])
            if len(result.terms) > MAX_TERMS:  # each alternative is a mask the size of the catalog
                result = _too_complex(len(result.terms), condition.span, ctx)
        case ast.AllOf(items=items):
            result = _conjunction([compile_condition(item, ctx) for item in items], condition.span, ctx)
    ctx.conditions[key] = result
    return result


def _conjunction(parts: list[plan.Condition], span: ast.Span, ctx: _Context) -> plan.Condition:
    size = 1
    for part in parts:
        size *= len(part.terms)
    if size > MAX_TERMS:
        return _too_complex(size, span, ctx)
    return _minimal([frozenset().union(*combo) for combo in itertools.product(*(p.terms for p in parts))])


def _too_complex(size: int, span: ast.Span, ctx: _Context) -> plan.Condition:
    ctx.error("R212", f"condition is too complex: it expands to {size:,} alternatives (at most {MAX_TERMS:,})", span)
    return plan.Condition(())


def _minimal(terms: list[frozenset[str]]) -> plan.Condition:
    """The terms that contain no other term (absorption), sorted by size, then credentials.

    A term can contain a smaller kept term only if it holds that term's rarest credential, so
    kept terms are filed under it and a term is compared only with those filed under its own
    credentials: near-linear when credentials are rare, as in a long `one_of`.
    """
    ordered = sorted(set(terms), key=lambda t: (len(t), sorted(t)))
    if ordered and not ordered[0]:
        return plan.Condition((frozenset(),))  # the empty term holds for everyone: it absorbs the rest
    frequency = Counter(c for term in ordered for c in term)
    filed: dict[str, list[frozenset[str]]] = {}
    kept: list[frozenset[str]] = []
    for _, same_size in itertools.groupby(ordered, key=len):  # a term never contains another of its size
        fresh = [t for t in same_size if not any(k <= t for c in t for k in filed.get(c, ()))]
        for term in fresh:
            filed.setdefault(min(term, key=lambda c: (frequency[c], c)), []).append(term)
        kept += fresh
    return plan.Condition(tuple(kept))


# ---- 3b. requirement checks -----------------------------------------------------------


def check_requirement(requirement: ast.Requirement, ctx: _Context) -> None:
    match requirement:
        case ast.MetricRequirement():
            _check_metric(requirement, ctx)
        case ast.AssociationRequirement(associations=names):
            for name in names:
                if name not in ctx.catalog.associations:
                    hint = did_you_mean(name, ctx.catalog.associations)
                    message = f"unknown association '{name}': it is not in the catalog{hint}"
                    ctx.error("R202", message, requirement.span)
        case ast.AttributeRequirement(attribute=name):
            if name not in ctx.catalog.attributes:
                hint = did_you_mean(name, ctx.catalog.attributes)
                ctx.error("R203", f"unknown attribute '{name}': it is not in the catalog{hint}", requirement.span)
        case ast.PeopleRequirement():
            _check_people(requirement, ctx)
        case ast.Alternatives(branches=branches):
            for branch in branches:
                for inner in branch:
                    check_requirement(inner, ctx)


def _check_metric(
    requirement: ast.MetricRequirement | ast.MetricPoints, ctx: _Context, tracks: tuple[str, ...] = ()
) -> None:
    """Names, labels and units of a metric check; in a designation with tracks, labels name tracks."""
    decl = ctx.catalog.metrics.get(requirement.metric)
    if decl is None:
        hint = did_you_mean(requirement.metric, ctx.catalog.metrics)
        message = f"unknown metric '{requirement.metric}': it is not in the catalog{hint}"
        ctx.error("R201", message, requirement.span)
    _check_labels(requirement.thresholds, tracks, ctx)
    for threshold in requirement.thresholds:
        if decl is not None and threshold.unit is not None and threshold.unit != decl.unit:
            message = f"metric '{decl.id}' is measured in {decl.unit}, not {threshold.unit}"
            ctx.error("R207", message, threshold.span)


def _check_labels(thresholds: Sequence[ast.Threshold], tracks: tuple[str, ...], ctx: _Context) -> None:
    """Each threshold's `in` label is a market (a track, in a designation with tracks), and no label is given twice."""
    labels: set[str | None] = set()
    kind, known = ("track", tracks) if tracks else ("market", MARKETS)
    for threshold in thresholds:
        if threshold.market is not None and threshold.market not in known:
            names = " and ".join(known)
            ctx.error("R206", f"unknown {kind} '{threshold.market}'; {kind}s are {names}", threshold.span)
        if threshold.market in labels:
            where = f"{kind} '{threshold.market}'" if threshold.market else f"all {kind}s"
            ctx.error("R205", f"two thresholds for {where}", threshold.span)
        labels.add(threshold.market)


def _check_people(requirement: ast.PeopleRequirement, ctx: _Context) -> None:
    if requirement.count < 1:
        ctx.error("R211", "a people requirement needs at least 1 person", requirement.span)
    compile_condition(requirement.condition, ctx)
    for subset in requirement.subsets:
        compile_condition(subset.condition, ctx)
        if subset.count < 1:
            ctx.error("R211", "'of them' needs at least 1 person", subset.span)
    if sum(s.count for s in requirement.subsets) > requirement.count:
        message = f"the 'of them' clauses ask for more persons than the {requirement.count} of the requirement"
        ctx.error("R208", message, requirement.span)


# ---- 3c. routes ----------------------------------------------------------------------


def expand_routes(level: ast.Level, ctx: _Context) -> list[tuple[tuple[int, ...], tuple[ast.Requirement, ...]]]:
    """Every combination of `either` branches, each as (branch choices, flat requirements)."""
    routes = _expand(level.requirements)
    if len(routes) > MAX_ROUTES:
        ctx.error(
            "R210", f"level has {len(routes):,} combinations of 'either' branches (at most {MAX_ROUTES})", level.span
        )
        return routes[:1]
    return routes


def _expand(requirements: Sequence[ast.Requirement]) -> list[tuple[tuple[int, ...], tuple[ast.Requirement, ...]]]:
    routes: list[tuple[tuple[int, ...], tuple[ast.Requirement, ...]]] = [((), ())]
    for requirement in requirements:
        if isinstance(requirement, ast.Alternatives):
            options = [
                ((index, *branches), flat)
                for index, branch in enumerate(requirement.branches)
                for branches, flat in _expand(branch)
            ]
        else:
            options = [((), (requirement,))]
        routes = [(b1 + b2, f1 + f2) for b1, f1 in routes for b2, f2 in options]
        if len(routes) > MAX_ROUTES:
            break
    return routes


def _route(branches: tuple[int, ...], requirements: tuple[ast.Requirement, ...], ctx: _Context) -> plan.Route:
    conditions = tuple(
        compile_condition(r.condition, ctx) if isinstance(r, ast.PeopleRequirement) else None for r in requirements
    )
    return plan.Route(branches, requirements, conditions, build_pools(requirements, conditions, ctx))


# ---- 3d. pools -----------------------------------------------------------------------


def build_pools(
    requirements: Sequence[ast.Requirement], conditions: Sequence[plan.Condition | None], ctx: _Context
) -> tuple[plan.Pool, ...]:
    """Shared requirements fill one pool of distinct persons; `same or different` ones get their own."""
    shared: list[plan.Slot] = []
    pools: list[plan.Pool] = []
    for index, (requirement, condition) in enumerate(zip(requirements, conditions, strict=True)):
        if not isinstance(requirement, ast.PeopleRequirement) or condition is None:
            continue
        slots = _slots(index, requirement, condition, ctx)
        if requirement.independent:
            pools.append(plan.Pool(slots))
        else:
            shared.extend(slots)
    return ((plan.Pool(tuple(shared)),) if shared else ()) + tuple(pools)


def _slots(
    index: int, requirement: ast.PeopleRequirement, condition: plan.Condition, ctx: _Context
) -> tuple[plan.Slot, ...]:
    """`N persons pass C, k of them also pass D`: k slots need C and D, the other N - k need C."""
    slots: list[plan.Slot] = []
    for subset in requirement.subsets:
        both = _conjunction([condition, compile_condition(subset.condition, ctx)], subset.span, ctx)
        slots += [plan.Slot(index, both, subset)] * max(subset.count, 0)
    rest = requirement.count - sum(max(s.count, 0) for s in requirement.subsets)
    slots += [plan.Slot(index, condition)] * max(rest, 0)
    return tuple(slots)
