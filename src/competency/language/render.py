"""AST nodes written back as competency-language text, as a rule author would write them.

Used by reports (to name a requirement), by `show`, and as the formatter's building blocks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from competency.language import ast


def condition_text(condition: ast.Condition) -> str:
    """A condition in its one canonical form (`condition_segments`), on one line."""
    return " ".join(condition_segments(condition))


def condition_segments(condition: ast.Condition) -> list[str]:
    """A condition in its canonical form, as the pieces a long line may break between.

    Alternatives are a list, `one_of(a, b, c)`, as the programs' pages word them ("one of
    a, b, c"); a conjunction is infix, `a and b`, and `all_of(...)` is kept only where infix
    cannot say it: one item, or an item that is itself a conjunction. So `and` and `or` never
    meet and no parentheses are needed: `one_of(a, b) and c`, `one_of(a and b, c)`.
    A line too long breaks before a top-level `and` (after a top-level call's comma).
    """
    if isinstance(condition, ast.Ref):
        return [ident(condition.name)]
    if isinstance(condition, ast.AllOf) and _infix(condition):
        operands = [condition_text(item) for item in condition.items]
        return [operands[0], *(f"and {operand}" for operand in operands[1:])]
    return _call_segments(condition)


def _infix(condition: ast.AllOf) -> bool:
    """Whether a conjunction is written with `and`: two items or more, none a conjunction itself."""
    return len(condition.items) > 1 and not any(isinstance(item, ast.AllOf) for item in condition.items)


def _call_segments(condition: ast.OneOf | ast.AllOf) -> list[str]:
    name = "one_of" if isinstance(condition, ast.OneOf) else "all_of"
    first, *rest = (condition_text(item) for item in condition.items)
    segments = _commas([f"{name}({first}", *rest])
    return [*segments[:-1], segments[-1] + ")"]


def ident(name: str) -> str:
    """A name as the grammar accepts it: bare when it can be, quoted otherwise."""
    bare = name[:1].isalnum() and name.isascii() and all(c.isalnum() or c in "_.-" for c in name)
    keywords = {"and", "or", "one_of", "all_of"}
    if bare and name not in keywords:
        return name
    return quote(name)


def number(value: Decimal) -> str:
    """`100000` -> `100_000`: thresholds are easier to check with their digits grouped."""
    if value == value.to_integral_value():
        return f"{int(value):_}"
    whole, _, fraction = f"{value:f}".partition(".")
    return f"{int(whole):_}.{fraction}"


def threshold_text(threshold: ast.Threshold) -> str:
    parts = [number(threshold.value)]
    if threshold.unit:
        parts.append(threshold.unit)
    if threshold.market:
        parts += ["in", threshold.market]
    return " ".join(parts)


def requirement_text(requirement: ast.Requirement) -> str:
    """One requirement on one line (an `either` puts its branches in braces)."""
    if isinstance(requirement, ast.Alternatives):
        return "either " + " or ".join("{ " + "; ".join(map(requirement_text, b)) + " }" for b in requirement.branches)
    return " ".join(requirement_segments(requirement))


def requirement_segments(requirement: ast.Requirement) -> list[str]:
    """A requirement as the pieces a long line may break between; joined by spaces, one line."""
    match requirement:
        case ast.MetricRequirement(metric=metric, thresholds=thresholds):
            first, *rest = (threshold_text(t) for t in thresholds)
            return _commas([f"metric {metric} >= {first}", *rest])
        case ast.AssociationRequirement(associations=(first, *rest)):
            return [f"association {first}", *("or " + name for name in rest)]
        case ast.AttributeRequirement(attribute=name):
            return [f"attribute {name}"]
        case ast.PeopleRequirement():
            return people_segments(requirement)
    raise TypeError(f"not a flat requirement: {requirement!r}")


def people_text(requirement: ast.PeopleRequirement) -> str:
    return " ".join(people_segments(requirement))


def people_segments(requirement: ast.PeopleRequirement) -> list[str]:
    count = requirement.count
    who = "person passes" if count == 1 else "persons each pass"
    first, *rest = condition_segments(requirement.condition)
    head = f"{count} {who} {first}"
    parts = [("same or different " + head) if requirement.independent else head, *rest]
    for subset in requirement.subsets:
        verb = "passes" if subset.count == 1 else "pass"
        parts[-1] += ","
        first, *rest = condition_segments(subset.condition)
        parts += [f"{subset.count} of them also {verb} {first}", *rest]
    return parts


def _commas(parts: list[str]) -> list[str]:
    return [p + "," for p in parts[:-1]] + parts[-1:]


# ---- whole files ------------------------------------------------------------------------

INDENT = "  "
WIDTH = 100  # the formatter breaks longer requirement lines between their segments


class Line(NamedTuple):
    """One line of the canonical layout and the source lines of the node it renders.

    `first`/`last` are 0 for lines no node starts (blank lines, `} or {`, header fields);
    a `closer` is the `}` of a node, placed at the node's last source line. The formatter
    uses them to put comments back next to what they were written beside.
    """

    text: str
    first: int = 0
    last: int = 0
    closer: bool = False


def document_text(items: tuple[ast.Catalog | ast.Competency | ast.Designation, ...]) -> str:
    """The canonical layout of a file's items (comments are the formatter's business)."""
    return _joined(document_lines(items))


def document_lines(items: tuple[ast.Catalog | ast.Competency | ast.Designation, ...]) -> list[Line]:
    lines: list[Line] = []
    for index, item in enumerate(items):
        if index:
            lines.append(Line(""))
        lines += catalog_lines(item) if isinstance(item, ast.Catalog) else version_lines(item)
    return lines


def catalog_text(catalog: ast.Catalog) -> str:
    return _joined(catalog_lines(catalog))


def catalog_lines(catalog: ast.Catalog) -> list[Line]:
    lines = [_opener(f"catalog {ident(catalog.id)} {quote(catalog.title)} {{", catalog)]
    lines += [_node(INDENT + entry_text(e), e) for e in catalog.entries]
    return [*lines, _closer("}", catalog)]


def entry_text(entry: ast.CatalogEntry) -> str:
    match entry:
        case ast.CredentialDecl():
            text = f"{entry.kind} {ident(entry.id)} {quote(entry.title)}"
            if entry.available:
                text += f" available {entry.available.isoformat()}"
            if entry.retired:
                text += f" retired {entry.retired.isoformat()}"
            if entry.accepted_until:
                text += f" accepted until {entry.accepted_until.isoformat()}"
            return text
        case ast.MetricDecl():
            return f"metric {entry.id} {quote(entry.title)} unit {entry.unit}"
        case ast.AssociationDecl():
            return f"association {entry.id} {quote(entry.title)}"
        case ast.AttributeDecl():
            return f"attribute {entry.id} {quote(entry.title)}"
    raise TypeError(f"not a catalog entry: {entry!r}")


def version_text(version: ast.Competency | ast.Designation) -> str:
    return _joined(version_lines(version))


def version_lines(version: ast.Competency | ast.Designation) -> list[Line]:
    return designation_lines(version) if isinstance(version, ast.Designation) else competency_lines(version)


def _header_lines(keyword: str, version: ast.Competency | ast.Designation) -> list[Line]:
    """The opening line and the `source` and `effective` fields every version starts with."""
    lines = [_opener(f"{keyword} {version.id} {quote(version.title)} {{", version)]
    if version.source:
        lines.append(Line(f"{INDENT}source {quote(version.source)}"))
    if version.effective:
        lines.append(Line(f"{INDENT}effective {version.effective.isoformat()}"))
    return lines


def competency_lines(competency: ast.Competency) -> list[Line]:
    lines = _header_lines("competency", competency)
    if competency.levels:
        lines.append(Line(f"{INDENT}levels " + " < ".join(competency.levels)))
    for group in competency.groups:
        first, *more = _group_lines(group)
        lines += [_node(first, group), *map(Line, more)]
    for option in competency.options:
        lines += [Line(""), _opener(f"{INDENT}option {option.id} {quote(option.title)} {{", option)]
        for level in option.levels:
            lines.append(_opener(f"{INDENT * 2}level {level.name} {{", level))
            lines += _requirement_lines(level.requirements, 3)
            lines.append(_closer(f"{INDENT * 2}}}", level))
        lines.append(_closer(f"{INDENT}}}", option))
    return [*lines, _closer("}", competency)]


def _group_lines(group: ast.Group) -> list[str]:
    first, *rest = condition_segments(group.condition)
    return wrap([f"group {group.id} {quote(group.title)} = {first}", *rest], INDENT)


def _requirement_lines(requirements: tuple[ast.Requirement, ...], depth: int) -> list[Line]:
    pad = INDENT * depth
    lines: list[Line] = []
    for requirement in requirements:
        if not isinstance(requirement, ast.Alternatives):
            lines += _wrapped(requirement_segments(requirement), pad, requirement)
            continue
        for i, branch in enumerate(requirement.branches):
            lines.append(_opener(pad + "either {", requirement) if i == 0 else Line(pad + "} or {"))
            lines += _requirement_lines(branch, depth + 1)
        lines.append(_closer(pad + "}", requirement))
    return lines


def designation_lines(designation: ast.Designation) -> list[Line]:
    lines = _header_lines("designation", designation)
    if designation.pass_mark is not None:
        lines.append(Line(f"{INDENT}pass {number(designation.pass_mark)}"))
    for track in designation.tracks:
        lines += _wrapped(track_segments(track), INDENT, track)
    for category in designation.categories:
        lines += [Line(""), _opener(f"{INDENT}category {category.id} {quote(category.title)} {{", category)]
        for metric in category.metrics:
            head = f"{INDENT * 2}metric {metric.id} {quote(metric.title)} max {number(metric.max)} {{"
            lines.append(_opener(head, metric))
            for keyword, check in [*(("step", s) for s in metric.steps), *(("gate", g) for g in metric.gates)]:
                first, *rest = requirement_segments(check)
                lines += _wrapped([f"{keyword} {first}", *rest], INDENT * 3, check)
            lines += _points_lines(metric.points, 3)
            lines.append(_closer(f"{INDENT * 2}}}", metric))
        lines.append(_closer(f"{INDENT}}}", category))
    return [*lines, _closer("}", designation)]


def track_segments(track: ast.Track) -> list[str]:
    head = f"track {track.id} {quote(track.title)}"
    if track.when is None:
        return [head]
    first, *rest = requirement_segments(track.when)
    return [f"{head} when {first}", *rest]


def points_segments(points: ast.MetricPoints | ast.PersonPoints) -> list[str]:
    """A points source as the pieces a long line may break between."""
    first, *rest = (threshold_text(t) for t in points.thresholds)
    if isinstance(points, ast.MetricPoints):
        return _commas([f"metric {points.metric} reaching {first}", *rest])
    head, *more = condition_segments(points.condition)
    return [f"persons passing {head}", *more, *_commas([f"reaching {first}", *rest])]


def _points_lines(points: ast.Points, depth: int) -> list[Line]:
    pad = INDENT * depth
    match points:
        case ast.BestPoints(branches=branches):
            lines = []
            for i, branch in enumerate(branches):
                lines.append(_opener(pad + "best {", points) if i == 0 else Line(pad + "} or {"))
                lines += _points_lines(branch, depth + 1)
            return [*lines, _closer(pad + "}", points)]
        case ast.SumPoints(parts=parts):
            lines = [_opener(pad + "sum {", points)]
            for part in parts:
                lines.append(_opener(f"{pad}{INDENT}part max {number(part.max)} {{", part))
                lines += _points_lines(part.points, depth + 2)
                lines.append(_closer(f"{pad}{INDENT}}}", part))
            return [*lines, _closer(pad + "}", points)]
    return _wrapped(points_segments(points), pad, points)


def wrap(segments: list[str], pad: str, hang: str = INDENT, width: int = WIDTH) -> list[str]:
    """Segments packed into lines of at most `width` where they fit; later lines indented by `hang`."""
    lines = [pad + segments[0]]
    for segment in segments[1:]:
        if len(lines[-1]) + 1 + len(segment) <= width:
            lines[-1] += " " + segment
        else:
            lines.append(pad + hang + segment)
    return lines


def _wrapped(segments: list[str], pad: str, node) -> list[Line]:
    """A node's segments wrapped at `pad`: its first line carries the node's source lines."""
    first, *more = wrap(segments, pad)
    return [_node(first, node), *map(Line, more)]


def _node(text: str, node) -> Line:
    return Line(text, node.span.line, node.span.end_line)


def _opener(text: str, node) -> Line:
    return Line(text, node.span.line, node.span.line)


def _closer(text: str, node) -> Line:
    return Line(text, node.span.end_line, node.span.end_line, closer=True)


def _joined(lines: list[Line]) -> str:
    return "".join(line.text + "\n" for line in lines)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
