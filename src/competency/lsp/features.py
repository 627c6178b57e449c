"""What the language server answers, as pure functions of the workspace's files and library.

A `File` is one file's text, parsed once (`File.of` is memoized on the path and the text) and
indexed: the tokens, every name written in it (`Occurrence`: a credential, metric, association,
attribute or group, declared or used) and the regions of requirements and scored metrics a hover
explains. `check` lints the workspace's files over the built-in ones exactly as `lint` does and
returns a `Snapshot`; the other functions read a snapshot (the quick fixes are lint's own). Positions
are 1-based lines and columns in characters, as in `ast.Span`; the server converts them to the protocol's.

Nothing here raises on a half-typed file: a file that does not parse has no syntax tree, and
the answers fall back on its tokens (a word under the cursor found in the catalog, say).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from competency.compiler import plan
from competency.errors import CompetencyError, Diagnostic
from competency.language import ast
from competency.language.fmt import format_text
from competency.language.parse import parser, read_source
from competency.language.render import condition_text, ident
from competency.linting.linter import Settings, Source, fixed, lint_sources, parse_source
from competency.reports.show import credential_window, requirement_words, scored_metric_words

Position = tuple[int, int]  # 1-based line and column

# A token of the language, loosely: a quoted text, a comment, an id or number, or one character.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\["\\])*"?|#[^\n]*|>=|[A-Za-z0-9][A-Za-z0-9_.\-]*|\S')
_CATALOG_KINDS = {
    ast.CredentialDecl: "credential",
    ast.MetricDecl: "metric",
    ast.AssociationDecl: "association",
    ast.AttributeDecl: "attribute",
}


@dataclass(frozen=True, slots=True)
class Token:
    value: str  # a quoted text without its quotes
    quoted: bool
    span: ast.Span


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A name written in a file: what it names, where, and whether it declares it there."""

    kind: str  # credential, metric, association, attribute or group
    name: str
    scope: str  # a group's competency version ("path:line"); empty for the catalog's names
    span: ast.Span
    declares: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return self.kind, self.name, self.scope


@dataclass(frozen=True, slots=True)
class Region:
    """A requirement or scored metric, and the version it belongs to: what a hover inside it explains."""

    span: ast.Span
    node: ast.Requirement | ast.ScoredMetric
    version: ast.Competency | ast.Designation


@dataclass(frozen=True, slots=True)
class File:
    """One file of the workspace: its text, what lint parsed of it, and its index."""

    path: str
    text: str
    source: Source
    tokens: tuple[Token, ...] = ()
    occurrences: tuple[Occurrence, ...] = ()
    regions: tuple[Region, ...] = ()

    @staticmethod
    @functools.lru_cache(maxsize=1024)
    def of(path: str, text: str) -> File:
        """The file parsed and indexed (unchanged texts, most of a workspace, are parsed once)."""
        source = parse_source(text, path)
        tokens = tuple(_tokenize(text))
        occurrences, regions = _index(source.document, tokens) if source.document else ((), ())
        return File(path, text, source, tokens, tuple(occurrences), tuple(regions))

    @staticmethod
    def read(path: str) -> File:
        """The file as it is on disk; one that cannot be read has only the error saying why."""
        try:
            text = read_source(path)
        except CompetencyError as exc:
            return File(path, "", Source(path, None, errors=exc.diagnostics))
        return File.of(path, text)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The workspace at one moment: its files, the library they compile to and each linted file's findings."""

    files: Mapping[str, File]
    library: plan.Library
    diagnostics: Mapping[str, tuple[Diagnostic, ...]]


def check(files: Mapping[str, File], linted: Collection[str], builtin: Sequence[str], settings: Settings) -> Snapshot:
    """Lint the `linted` files over the `builtin` ones, as `lint` would with these texts on disk."""
    documents = [files[path].source.document for path in builtin if files[path].source.document is not None]
    library, found = lint_sources([files[path].source for path in linted], settings, documents)
    diagnostics: dict[str, list[Diagnostic]] = {path: [] for path in linted}
    for diagnostic in found:
        diagnostics.setdefault(diagnostic.path or "", []).append(diagnostic)
    return Snapshot(files, library, {path: tuple(found) for path, found in diagnostics.items()})


# ---- tokens and the index of names --------------------------------------------------------


def _tokenize(text: str) -> Iterator[Token]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word.startswith("#"):
            continue
        line = bisect.bisect_right(starts, match.start())
        column = match.start() - starts[line - 1] + 1
        quoted = word.startswith('"')
        value = word[1:-1] if quoted and len(word) > 1 and word.endswith('"') else word.lstrip('"')
        yield Token(value, quoted, ast.Span(line, column, line, column + len(word)))


class _Indexer:
    """Walks one document, collecting its occurrences and regions."""

    def __init__(self, tokens: tuple[Token, ...]) -> None:
        self.tokens = tokens
        self.starts = [(t.span.line, t.span.column) for t in tokens]
        self.occurrences: list[Occurrence] = []
        self.regions: list[Region] = []

    def token(self, span: ast.Span, index: int) -> Token | None:
        """The `index`-th token from the start of `span` (0: its keyword)."""
        at = bisect.bisect_left(self.starts, (span.line, span.column)) + index
        return self.tokens[at] if at < len(self.tokens) else None

    def name(self, kind: str, node_span: ast.Span, index: int, name: str, scope: str = "", declares=False) -> None:
        token = self.token(node_span, index)
        if token is not None and token.value == name:
            self.occurrences.append(Occurrence(kind, name, scope, token.span, declares))

    def catalog(self, catalog: ast.Catalog) -> None:
        for entry in catalog.entries:
            self.name(_CATALOG_KINDS[type(entry)], entry.span, 1, entry.id, declares=True)

    def competency(self, version: ast.Competency, path: str) -> None:
        scope = f"{path}:{version.span.line}"
        groups = {g.id for g in version.groups}
        for group in version.groups:
            self.name("group", group.span, 1, group.id, scope, declares=True)
            self.condition(group.condition, groups, scope)
        for option in version.options:
            for level in option.levels:
                self.requirements(level.requirements, version, groups, scope)

    def designation(self, version: ast.Designation) -> None:
        for track in version.tracks:
            if track.when is not None:
                self.requirements((track.when,), version)
        for metric in version.metrics:
            self.regions.append(Region(metric.span, metric, version))
            self.requirements((*metric.steps, *metric.gates), version)
            self.points(metric.points)

    def requirements(self, requirements, version, groups: Collection[str] = (), scope: str = "") -> None:
        for requirement in requirements:
            self.regions.append(Region(requirement.span, requirement, version))
            match requirement:
                case ast.MetricRequirement(metric=metric):
                    self.name("metric", requirement.span, 1, metric)
                case ast.AssociationRequirement(associations=names):
                    for index, name in enumerate(names):
                        self.name("association", requirement.span, 1 + 2 * index, name)
                case ast.AttributeRequirement(attribute=attribute):
                    self.name("attribute", requirement.span, 1, attribute)
                case ast.PeopleRequirement(condition=condition, subsets=subsets):
                    for part in (condition, *(s.condition for s in subsets)):
                        self.condition(part, groups, scope)
                case ast.Alternatives(branches=branches):
                    for branch in branches:
                        self.requirements(branch, version, groups, scope)

    def points(self, points: ast.Points) -> None:
        match points:
            case ast.MetricPoints(metric=metric):
                self.name("metric", points.span, 1, metric)
            case ast.PersonPoints(condition=condition):
                self.condition(condition, (), "")
            case ast.BestPoints(branches=branches):
                for branch in branches:
                    self.points(branch)
            case ast.SumPoints(parts=parts):
                for part in parts:
                    self.points(part.points)

    def condition(self, condition: ast.Condition, groups: Collection[str], scope: str) -> None:
        match condition:
            case ast.Ref(name=name):
                kind, where = ("group", scope) if name in groups else ("credential", "")
                self.name(kind, condition.span, 0, name, where)
            case ast.OneOf(items=items) | ast.AllOf(items=items):
                for item in items:
                    self.condition(item, groups, scope)


def _index(document: ast.Document, tokens: tuple[Token, ...]) -> tuple[list[Occurrence], list[Region]]:
    indexer = _Indexer(tokens)
    for item in document.items:
        match item:
            case ast.Catalog():
                indexer.catalog(item)
            case ast.Competency():
                indexer.competency(item, document.path)
            case ast.Designation():
                indexer.designation(item)
    return indexer.occurrences, indexer.regions


def _inside(span: ast.Span, position: Position) -> bool:
    return (span.line, span.column) <= position < (span.end_line, span.end_column)


def _token_at(file: File, position: Position) -> Token | None:
    """The token under the cursor, or the one just before it (the cursor at the end of a word)."""
    for token in file.tokens:
        span = token.span
        if (span.line, span.column) <= position <= (span.end_line, span.end_column):
            return token
    return None


def occurrence_at(snapshot: Snapshot, path: str, position: Position) -> Occurrence | None:
    """The name under the cursor; in a file that does not parse, a word the catalog knows."""
    file = snapshot.files.get(path)
    if file is None:
        return None
    for occurrence in file.occurrences:
        if _inside(occurrence.span, position) or (occurrence.span.end_line, occurrence.span.end_column) == position:
            return occurrence
    token = _token_at(file, position) if file.source.document is None else None
    if token is None:
        return None
    catalog = snapshot.library.catalog
    for kind, names in (
        ("credential", catalog.credentials),
        ("metric", catalog.metrics),
        ("association", catalog.associations),
        ("attribute", catalog.attributes),
    ):
        if token.value in names:
            return Occurrence(kind, token.value, "", token.span)
    return None


# ---- definition, references, symbols -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    span: ast.Span


def definition(snapshot: Snapshot, path: str, position: Position) -> list[Location]:
    """Where the name under the cursor is declared."""
    return references(snapshot, path, position, declarations_only=True)


def references(
    snapshot: Snapshot, path: str, position: Position, *, include_declaration: bool = True, declarations_only=False
) -> list[Location]:
    """Every place the name under the cursor is written, in every file of the workspace."""
    here = occurrence_at(snapshot, path, position)
    if here is None:
        return []
    found = [
        Location(file.path, o.span)
        for file in snapshot.files.values()
        for o in file.occurrences
        if o.key == here.key and (o.declares or not declarations_only) and (include_declaration or not o.declares)
    ]
    return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Symbol:
    """An outline entry: a catalog, a competency version, an option, a level, a designation, a category."""

    name: str
    detail: str
    kind: str  # catalog, competency, designation, option, level, category, metric
    span: ast.Span
    selection: ast.Span  # the name
    children: tuple[Symbol, ...] = ()


def symbols(snapshot: Snapshot, path: str) -> list[Symbol]:
    file = snapshot.files.get(path)
    if file is None or file.source.document is None:
        return []
    index = _Indexer(file.tokens)

    def symbol(name: str, detail: str, kind: str, span: ast.Span, children=()) -> Symbol:
        token = index.token(span, 1)
        selection = token.span if token is not None and _inside(span, (token.span.line, token.span.column)) else span
        return Symbol(name, detail, kind, span, selection, tuple(children))

    out = []
    for item in file.source.document.items:
        match item:
            case ast.Catalog():
                out.append(symbol(item.id, item.title, "catalog", item.span))
            case ast.Competency():
                options = [
                    symbol(o.id, o.title, "option", o.span, [symbol(lv.name, "", "level", lv.span) for lv in o.levels])
                    for o in item.options
                ]
                out.append(symbol(item.id, _version_detail(item), "competency", item.span, options))
            case ast.Designation():
                categories = [
                    symbol(
                        c.id, c.title, "category", c.span, [symbol(m.id, m.title, "metric", m.span) for m in c.metrics]
                    )
                    for c in item.categories
                ]
                out.append(symbol(item.id, _version_detail(item), "designation", item.span, categories))
    return out


def _version_detail(version: ast.Competency | ast.Designation) -> str:
    return f"{version.title}, effective {version.effective}" if version.effective else version.title


# ---- hover -----------------------------------------------------------------------------------


def hover(snapshot: Snapshot, path: str, position: Position) -> tuple[str, ast.Span] | None:
    """Markdown about what is under the cursor, and the span it is about."""
    here = occurrence_at(snapshot, path, position)
    if here is not None:
        text = _name_words(snapshot, here)
        if text is not None:
            return text, here.span
    file = snapshot.files.get(path)
    regions = [r for r in file.regions if _inside(r.span, position)] if file else []
    for region in sorted(regions, key=lambda r: (r.span.line, r.span.column), reverse=True):  # innermost first
        text = _region_words(snapshot, region)
        if text is not None:
            return text, region.span
    return None


def _name_words(snapshot: Snapshot, occurrence: Occurrence) -> str | None:
    catalog, name = snapshot.library.catalog, occurrence.name
    match occurrence.kind:
        case "credential" if name in catalog.credentials:
            return _credential_words(catalog.credentials[name])
        case "metric" if name in catalog.metrics:
            decl = catalog.metrics[name]
            return f"**metric** `{decl.id}`: {decl.title}\n\nunit: {decl.unit}"
        case "association" if name in catalog.associations:
            return f"**association** `{name}`: {catalog.associations[name].title}"
        case "attribute" if name in catalog.attributes:
            return f"**attribute** `{name}`: {catalog.attributes[name].title}"
        case "group":
            group = _group(snapshot, occurrence)
            if group is not None:
                return f"**group** `{group.id}`: {group.title}\n\n```\n{condition_text(group.condition)}\n```"
    return None


def _credential_words(credential: plan.Credential) -> str:
    dates = credential_window(credential)
    return f"**{credential.kind}** `{credential.id}`: {credential.title}" + ("\n\n" + ", ".join(dates) if dates else "")


def _group(snapshot: Snapshot, occurrence: Occurrence) -> ast.Group | None:
    path, _, line = occurrence.scope.rpartition(":")
    file = snapshot.files.get(path)
    document = file.source.document if file else None
    for item in document.items if document else ():
        if isinstance(item, ast.Competency) and str(item.span.line) == line:
            return next((g for g in item.groups if g.id == occurrence.name), None)
    return None


def _region_words(snapshot: Snapshot, region: Region) -> str | None:
    version = _compiled(snapshot.library, region.version)
    if version is None:
        return None  # the file does not compile: nothing trustworthy to say
    try:
        if isinstance(region.node, ast.ScoredMetric):
            return scored_metric_words(snapshot.library, version, region.node.id)
        return requirement_words(snapshot.library, version, region.node)
    except (KeyError, StopIteration):
        return None  # a name the catalog lacks (the compiler reports it)


def _compiled(library: plan.Library, syntax: ast.Competency | ast.Designation) -> plan.Competency | None:
    return next((v for v in library.competencies.get(syntax.id, ()) if v.syntax is syntax), None)


# ---- quick fixes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fix:
    """A finding's fix offered in the editor, and what it does in words."""

    title: str
    diagnostic: Diagnostic


def fixes(snapshot: Snapshot, path: str, selection: ast.Span) -> list[Fix]:
    """The fixes of the findings touching the selection (or the cursor), those that leave the file parsable."""
    file = snapshot.files.get(path)
    if file is None:
        return []
    start, end = (selection.line, selection.column), (selection.end_line, selection.end_column)
    return [
        Fix(_fix_title(file.text, d), d)
        for d in snapshot.diagnostics.get(path, ())
        if d.fix and d.span and (d.span.line, d.span.column) <= end and start <= (d.span.end_line, d.span.end_column)
        if fixed(file.text, [d], path)[1]
    ]


def _fix_title(text: str, diagnostic: Diagnostic) -> str:
    """`Replace 'MB2-7144' with 'MB2-714'`, or `Remove ', MB2-714'` (with how many times, for several)."""
    first = diagnostic.fix[0]
    written = " ".join(_written(text, first.span).split())
    if first.text:
        return f"Replace '{written}' with '{first.text}'"
    times = f" ({len(diagnostic.fix)} times)" if len(diagnostic.fix) > 1 else ""
    return f"Remove '{written}'{times}"


def _written(text: str, span: ast.Span) -> str:
    lines = text.split("\n")  # as Lark counts lines
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    tail = lines[span.end_line - 1][: span.end_column - 1] if span.end_line <= len(lines) else ""
    return "\n".join([lines[span.line - 1][span.column - 1 :], *lines[span.line : span.end_line - 1], tail])


# ---- completion and formatting -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str  # keyword, credential, group, metric, association, attribute, level
    detail: str = ""
    insert: str | None = None  # when the label is not what is written (a quoted id)


_CONDITION_BEFORE = frozenset({"pass", "passes", "passing", "(", ",", "or", "and", "one_of", "all_of", "="})
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_VERSION = re.compile(r"^[ \t]*(?:competency|designation)\s", re.MULTILINE)
_LEVELS = re.compile(r"\blevels\s+([A-Za-z0-9][A-Za-z0-9_.\-]*(?:\s*<\s*[A-Za-z0-9][A-Za-z0-9_.\-]*)*)")
_GROUP = re.compile(r"\bgroup\s+([A-Za-z0-9][A-Za-z0-9_.\-]*)")


@functools.cache
def keywords() -> tuple[str, ...]:
    """The language's keywords, from the grammar itself."""
    words = set()
    for terminal in parser().terminals:
        pattern = terminal.pattern
        if pattern.type == "str" and pattern.value.isidentifier():
            words.add(pattern.value)
        elif terminal.name in ("CREDENTIAL_KIND", "PERSONS", "PASS"):
            words.update(re.findall(r"[a-z]+", pattern.value))
    return tuple(sorted(words))


def completions(snapshot: Snapshot, path: str, text: str, position: Position) -> list[Completion]:
    """What may be written at the cursor: ids after the keyword that takes them, else keywords and credentials."""
    before = _before(text, position)
    words = ['"' if t.quoted else t.value for t in _tokenize(before)]  # a quoted text is never a keyword
    if words and _NAME.fullmatch(words[-1]) and not before[-1:].isspace():
        words.pop()  # the word being typed
    previous = words[-1] if words else ""
    catalog = snapshot.library.catalog
    if previous == "metric":
        return [Completion(m.id, "metric", f"{m.title} ({m.unit})") for m in catalog.metrics.values()]
    if previous == "association" or (previous == "or" and "association" in _statement(words)):
        return [Completion(a.id, "association", a.title) for a in catalog.associations.values()]
    if previous == "attribute":
        return [Completion(a.id, "attribute", a.title) for a in catalog.attributes.values()]
    if previous == "level":
        return [Completion(name, "level") for name in _levels(before)]
    credentials = [
        Completion(c.id, "credential", f"{c.kind}: {c.title}", None if _bare(c.id) else ident(c.id))
        for c in catalog.credentials.values()
    ]
    groups = [Completion(name, "group") for name in _groups(before)]
    if previous in _CONDITION_BEFORE:
        return groups + credentials
    return [Completion(word, "keyword") for word in keywords()] + groups + credentials


def _before(text: str, position: Position) -> str:
    lines = text.split("\n")
    line, column = position
    if not 1 <= line <= len(lines):
        return text
    return "\n".join([*lines[: line - 1], lines[line - 1][: column - 1]])


def _statement(words: list[str]) -> list[str]:
    """The words from the last keyword before a list of names on: `association a or` is not `pass a or`."""
    for index in range(len(words) - 1, -1, -1):
        if words[index] in ("association", "pass", "passes", "passing", "{", "}"):
            return words[index:]
    return words


def _version_text(before: str) -> str:
    """The text of the version the cursor is in, up to the cursor."""
    starts = [m.start() for m in _VERSION.finditer(before)]
    return before[starts[-1] :] if starts else ""


def _levels(before: str) -> list[str]:
    declared = _LEVELS.search(_version_text(before))
    return re.split(r"\s*<\s*", declared.group(1)) if declared else list(ast.DEFAULT_LEVELS)


def _groups(before: str) -> list[str]:
    return list(dict.fromkeys(_GROUP.findall(_version_text(before))))


def _bare(name: str) -> bool:
    return ident(name) == name


def formatted(text: str, path: str) -> str | None:
    """The file in `fmt`'s layout, or None when it does not parse (lint says why)."""
    try:
        return format_text(text, path)
    except CompetencyError:
        return None
