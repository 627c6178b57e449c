"""AST nodes written back as competency-language text, as a rule author would write them.

Used by reports (to name a requirement), by `show`, and as the formatter's building blocks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from . import ast


def condition_text(condition: ast.Condition, top: bool = True) -> str:
    """`one_of(A, B) and one_of(C, D)`: a top-level all-of reads as `and`, the rest as calls."""
    match condition:
        case ast.Ref(name=name):
            return ident(name)
        case ast.AllOf(items=items) if top and len(items) > 1 and not any(isinstance(i, ast.AllOf) for i in items):
            # `a and b` reads best, but would flatten a nested all_of and drop a lone item's all_of
            return " and ".join(condition_text(i, top=False) for i in items)
        case ast.AllOf(items=items):
            return "all_of(" + ", ".join(condition_text(i, top=False) for i in items) + ")"
        case ast.OneOf(items=items):
            return "one_of(" + ", ".join(condition_text(i, top=False) for i in items) + ")"
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
    match requirement:
        case ast.MetricRequirement(metric=metric, thresholds=thresholds):
            return f"metric {metric} >= " + ", ".join(threshold_text(t) for t in thresholds)
        case ast.AssociationRequirement(associations=names):
            return "association " + " or ".join(names)
        case ast.AttributeRequirement(attribute=name):
            return f"attribute {name}"
        case ast.PeopleRequirement():
            return people_text(requirement)
        case ast.Alternatives(branches=branches):
            return "either " + " or ".join("{ " + "; ".join(map(requirement_text, b)) + " }" for b in branches)
    raise TypeError(f"not a requirement: {requirement!r}")


def people_text(requirement: ast.PeopleRequirement) -> str:
    count = requirement.count
    who = "person passes" if count == 1 else "persons each pass"
    text = f"{count} {who} {condition_text(requirement.condition)}"
    if requirement.independent:
        text = "same or different " + text
    for subset in requirement.subsets:
        verb = "passes" if subset.count == 1 else "pass"
        text += f", {subset.count} of them also {verb} {condition_text(subset.condition)}"
    return text


# ---- whole files ------------------------------------------------------------------------

INDENT = "  "


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
        text = f"{INDENT}group {group.id} {quote(group.title)} = {condition_text(group.condition, top=False)}"
        lines.append(_node(text, group))
    for option in competency.options:
        lines += [Line(""), _opener(f"{INDENT}option {option.id} {quote(option.title)} {{", option)]
        for level in option.levels:
            lines.append(_opener(f"{INDENT * 2}level {level.name} {{", level))
            lines += _requirement_lines(level.requirements, 3)
            lines.append(_closer(f"{INDENT * 2}}}", level))
        lines.append(_closer(f"{INDENT}}}", option))
    return [*lines, _closer("}", competency)]


def _requirement_lines(requirements: tuple[ast.Requirement, ...], depth: int) -> list[Line]:
    pad = INDENT * depth
    lines: list[Line] = []
    for requirement in requirements:
        if not isinstance(requirement, ast.Alternatives):
            lines.append(_node(pad + requirement_text(requirement), requirement))
            continue
        for i, branch in enumerate(requirement.branches):
            lines.append(_opener(pad + "either {", requirement) if i == 0 else Line(pad + "} or {"))
            lines += _requirement_lines(branch, depth + 1)
        lines.append(_closer(pad + "}", requirement))
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
