"""AST nodes written back as competency-language text, as a rule author would write them.

Used by reports (to name a requirement), by `show`, and as the formatter's building blocks.
"""

from __future__ import annotations

from decimal import Decimal

from . import ast


def condition_text(condition: ast.Condition, top: bool = True) -> str:
    """`one_of(A, B) and one_of(C, D)`: a top-level all-of reads as `and`, the rest as calls."""
    match condition:
        case ast.Ref(name=name):
            return ident(name)
        case ast.AllOf(items=items) if top:
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
    integral = value == value.to_integral_value()
    return f"{int(value):_}" if integral else f"{value:f}"


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


def document_text(items: tuple[ast.Catalog | ast.Competency, ...]) -> str:
    """The canonical layout of a file's items (comments are the formatter's business)."""
    return "\n".join(catalog_text(i) if isinstance(i, ast.Catalog) else competency_text(i) for i in items)


def catalog_text(catalog: ast.Catalog) -> str:
    lines = [f"catalog {ident(catalog.id)} {quote(catalog.title)} {{"]
    lines += [INDENT + entry_text(e) for e in catalog.entries]
    return "\n".join([*lines, "}"]) + "\n"


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
    lines = [f"competency {competency.id} {quote(competency.title)} {{"]
    if competency.source:
        lines.append(f"{INDENT}source {quote(competency.source)}")
    if competency.effective:
        lines.append(f"{INDENT}effective {competency.effective.isoformat()}")
    if competency.levels:
        lines.append(f"{INDENT}levels " + " < ".join(competency.levels))
    for group in competency.groups:
        lines.append(f"{INDENT}group {group.id} {quote(group.title)} = {condition_text(group.condition, top=False)}")
    for option in competency.options:
        lines += ["", f"{INDENT}option {option.id} {quote(option.title)} {{"]
        for level in option.levels:
            lines.append(f"{INDENT * 2}level {level.name} {{")
            lines += _requirement_lines(level.requirements, 3)
            lines.append(f"{INDENT * 2}}}")
        lines.append(f"{INDENT}}}")
    return "\n".join([*lines, "}"]) + "\n"


def _requirement_lines(requirements: tuple[ast.Requirement, ...], depth: int) -> list[str]:
    pad = INDENT * depth
    lines: list[str] = []
    for requirement in requirements:
        if not isinstance(requirement, ast.Alternatives):
            lines.append(pad + requirement_text(requirement))
            continue
        for i, branch in enumerate(requirement.branches):
            lines.append(pad + ("either {" if i == 0 else "} or {"))
            lines += _requirement_lines(branch, depth + 1)
        lines.append(pad + "}")
    return lines


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
