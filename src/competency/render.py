"""AST nodes written back as competency-language text, as a rule author would write them.

Used by reports (to name a requirement), by `show`, and as the formatter's building blocks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from . import ast


def condition_text(condition: ast.Condition, top: bool = True) -> str:
    """`one_of(A, B) and one_of(C, D)`: a top-level all-of reads as `and`, the rest as calls."""
    return " ".join(_condition_segments(condition)) if top else _call_text(condition)


def _condition_segments(condition: ast.Condition) -> list[str]:
    """A top-level condition as the pieces a long line may break between (`and ...`)."""
    match condition:
        case ast.AllOf(items=items) if len(items) > 1 and not any(isinstance(i, ast.AllOf) for i in items):
            # `a and b` reads best, but would flatten a nested all_of and drop a lone item's all_of
            first, *rest = (_call_text(i) for i in items)
            return [first, *("and " + r for r in rest)]
    return [_call_text(condition)]


def _call_text(condition: ast.Condition) -> str:
    match condition:
        case ast.Ref(name=name):
            return ident(name)
        case ast.AllOf(items=items):
            return "all_of(" + ", ".join(map(_call_text, items)) + ")"
        case ast.OneOf(items=items):
            return "one_of(" + ", ".join(map(_call_text, items)) + ")"
    raise TypeError(f"not a condition: {condition!r}")


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
    first, *rest = _condition_segments(requirement.condition)
    head = f"{count} {who} {first}"
    parts = [("same or different " + head) if requirement.independent else head, *rest]
    for subset in requirement.subsets:
        verb = "passes" if subset.count == 1 else "pass"
        parts[-1] += ","
        parts += [f"{subset.count} of them also {verb} {condition_text(subset.condition)}"]
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


def document_text(items: tuple[ast.Catalog | ast.Competency, ...]) -> str:
    """The canonical layout of a file's items (comments are the formatter's business)."""
    return _joined(document_lines(items))


def document_lines(items: tuple[ast.Catalog | ast.Competency, ...]) -> list[Line]:
    lines: list[Line] = []
    for index, item in enumerate(items):
        if index:
            lines.append(Line(""))
        lines += catalog_lines(item) if isinstance(item, ast.Catalog) else competency_lines(item)
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


def competency_text(competency: ast.Competency) -> str:
    return _joined(competency_lines(competency))


def competency_lines(competency: ast.Competency) -> list[Line]:
    lines = [_opener(f"competency {competency.id} {quote(competency.title)} {{", competency)]
    if competency.source:
        lines.append(Line(f"{INDENT}source {quote(competency.source)}"))
    if competency.effective:
        lines.append(Line(f"{INDENT}effective {competency.effective.isoformat()}"))
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
    """`group id "Title" = condition`; a single call too long for one line lists its items below."""
    head = f"{INDENT}group {group.id} {quote(group.title)} = "
    segments = _condition_segments(group.condition)
    if len(head) + len(" ".join(segments)) <= WIDTH or len(segments) > 1 or isinstance(group.condition, ast.Ref):
        return wrap([head + segments[0], *segments[1:]], "")
    name = "one_of" if isinstance(group.condition, ast.OneOf) else "all_of"
    items = [_call_text(item) + "," for item in group.condition.items]
    return [f"{head}{name}(", *wrap(items, INDENT * 2, hang=""), f"{INDENT})"]


def _requirement_lines(requirements: tuple[ast.Requirement, ...], depth: int) -> list[Line]:
    pad = INDENT * depth
    lines: list[Line] = []
    for requirement in requirements:
        if not isinstance(requirement, ast.Alternatives):
            first, *more = wrap(requirement_segments(requirement), pad)
            lines += [_node(first, requirement), *map(Line, more)]
            continue
        for i, branch in enumerate(requirement.branches):
            lines.append(_opener(pad + "either {", requirement) if i == 0 else Line(pad + "} or {"))
            lines += _requirement_lines(branch, depth + 1)
        lines.append(_closer(pad + "}", requirement))
    return lines


def wrap(segments: list[str], pad: str, hang: str = INDENT, width: int = WIDTH) -> list[str]:
    """Segments packed into lines of at most `width` where they fit; later lines indented by `hang`."""
    lines = [pad + segments[0]]
    for segment in segments[1:]:
        if len(lines[-1]) + 1 + len(segment) <= width:
            lines[-1] += " " + segment
        else:
            lines.append(pad + hang + segment)
    return lines


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
