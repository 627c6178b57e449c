"""`lint`: every problem in a set of competency files, as diagnostics (never raised).

Syntax errors come from the parser and name and semantic errors from the compiler; the
`L4xx` rules of `checks.py` then check each compiled competency version of the files asked
about. The built-in catalog is always in scope, so a user's file may name its credentials;
only findings in the files asked about are returned, less those the settings deselect and
those a comment suppresses (`# competency: ignore[L401]` on the line or the line before).
Errors that stop a file from loading (syntax, names, semantics) are always returned, so lint
is never clean on a file `eval` rejects. Each file is read and parsed once; the findings of
files linted before (the same names and bytes, the same code) come back from the user's cache.
A finding with one certain fix carries its edits (`Diagnostic.fix`); `fixed` applies them to a text,
`fix` to the files.
"""

from __future__ import annotations

import bisect
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from competency import cache
from competency.compiler.library import SUFFIX, builtin_dir, find_files, read_all
from competency.errors import CompetencyError, Diagnostic, Edit, Severity, Span
from competency.linting.rules import L411, RULES, Rule

if TYPE_CHECKING:
    from competency.compiler import plan
    from competency.language import ast
    from competency.language.ast import Comment

SETTINGS_TABLE = "tool.competency"
_SUPPRESSION = re.compile(r"competency:\s*ignore\[([^\]]*)\]")
_CODE = re.compile(r"[^,\s](?:[^,]*[^,\s])?")  # one code of a suppression's list, without the spaces around it


@dataclass(frozen=True, slots=True)
class Settings:
    """Which codes are reported and which severity fails a run.

    `select` and `ignore` hold codes or code prefixes (`"L4"`, `"R200"`); `"ALL"` selects everything.
    A code is reported when it matches `select` and does not match `ignore`.
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_level: Severity = Severity.WARNING
    source: str | None = None  # the pyproject.toml they were read from
    # Files or directories the linted files are read with (catalogs, groups, other versions),
    # whose own findings are not reported: a pre-commit hook names only the staged files.
    library: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        return _matches(code, self.select) and not _matches(code, self.ignore)

    def fails(self, diagnostics: Iterable[Diagnostic]) -> bool:
        """Whether any finding is at least as severe as `fail_level`."""
        return any(d.severity is Severity.ERROR or self.fail_level is Severity.WARNING for d in diagnostics)


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def codes(values: Iterable[str], where: str) -> tuple[str, ...]:
    """Codes or prefixes from a list (items may be comma-separated), checked against the catalogue."""
    found = tuple(c.strip().upper() for value in values for c in str(value).split(",") if c.strip())
    for code in found:
        if code != "ALL" and not any(known.startswith(code) for known in RULES):
            raise _settings_error(f"{where}: '{code}' is not a rule code or prefix (see `competency rule`)")
    return found


def fail_level(value: str, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise _settings_error(f"{where}: fail-level must be 'error' or 'warning', not '{value}'") from None


def _settings_error(message: str) -> CompetencyError:
    return CompetencyError(Diagnostic("I310", message))


def find_settings(paths: Sequence[str | os.PathLike[str]]) -> Settings:
    """The `[tool.competency]` settings of the nearest pyproject.toml above the first path (or the cwd)."""
    start = Path(paths[0]) if paths else Path.cwd()
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _table(candidate)
            if table is not None:
                return settings_from(table, str(candidate))
    return Settings()


def _table(pyproject: Path) -> Mapping | None:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _settings_error(f"{pyproject}: cannot read it: {exc}") from None
    table = data.get("tool", {}).get("competency")
    return table if isinstance(table, Mapping) else None


def settings_from(table: Mapping, where: str) -> Settings:
    settings = Settings(source=where)
    for key, value in table.items():
        here = f"{where}: [{SETTINGS_TABLE}] {key}"
        if key in ("select", "ignore"):
            if not isinstance(value, list):
                raise _settings_error(f"{here} must be a list of codes")
            settings = replace(settings, **{key: codes(value, here)})
        elif key == "fail-level":
            settings = replace(settings, fail_level=fail_level(value, here))
        elif key == "library":
            settings = replace(settings, library=_library(value, Path(where).parent, here))
        else:
            raise _settings_error(f"{here}: unknown setting (known: select, ignore, fail-level, library)")
    return settings


def _library(value: object, base: Path, where: str) -> tuple[str, ...]:
    """The `library` setting's paths (one or a list), relative to the pyproject.toml that names them."""
    paths = [value] if isinstance(value, str) else value
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise _settings_error(f"{where} must be a path or a list of paths")
    return tuple(str(base / p) for p in paths)


# ---- running the rules -------------------------------------------------------------------


def lint(
    paths: Sequence[str | os.PathLike[str]], settings: Settings | None = None, given: Mapping[str, str] | None = None
) -> list[Diagnostic]:
    """Diagnostics for the `.comp` files at `paths` (files, or directories searched recursively),
    and for the texts `given` by the name they are reported under (standard input, read already).

    Without `settings`, those of the nearest pyproject.toml apply; the files of its `library`
    are read with them (only the findings in `paths` are reported). Paths without a competency
    file are an input error (`I313`).
    """
    given = {str(Path(name)): text for name, text in (given or {}).items()}  # named as the files found are
    settings = settings if settings is not None else find_settings([*given, *paths])
    files = [*map(Path, given), *find_files(paths)]
    if not files:  # a wrong path or an empty checkout must not pass as clean
        named = ", ".join(map(str, paths)) or "no path given"
        raise CompetencyError(Diagnostic("I313", f"no competency files ({SUFFIX}) found: {named}"))
    found, suppressions = _findings(files, find_files(settings.library), given)
    return sorted(_kept(found, settings, suppressions), key=_position)


def _findings(
    files: Sequence[Path], library: Sequence[Path], given: Mapping[str, str]
) -> tuple[list[Diagnostic], list[Suppression]]:
    """Every finding about `files` (all rules: the settings choose later), and their suppression comments;
    the `library` files are compiled with them, as one layer over the built-in one. A file
    named in `given` is that text (standard input), not what is on disk.

    Files linted before, by these names with the same bytes and by the same code, get their
    findings back from the user's cache: a pre-commit hook lints the same library again and again.
    """
    builtin = find_files([builtin_dir()])
    unique: dict[str, Path] = {}
    for file in [*files, *library, *builtin]:
        unique.setdefault(os.path.abspath(file), file)  # a file named twice is read once, by its first name
    sources, unread = read_all([f for f in unique.values() if str(f) not in given])
    sources += [(Path(name), text.encode("utf-8")) for name, text in given.items()]
    # The same files give other findings when other ones are asked about, or make the library.
    roles = [*map(os.fsencode, files), b"\0", *map(os.fsencode, library), b"\0"]
    entry = cache.key([*roles, *(part for file, data in sources for part in (os.fsencode(file), data))])
    cached = None if unread else cache.read("lint", entry)
    if isinstance(cached, tuple):
        return cached
    wanted = {str(f) for f in files}
    parsed, errors = _parse(sources)
    asked = {os.path.abspath(f) for f in files}
    mine = [*files, *(f for f in library if os.path.abspath(f) not in asked)]
    _, found = _rule_findings(_documents(builtin, parsed), _documents(mine, parsed), wanted)
    found = [d for d in [*unread, *errors] if d.path in wanted] + found  # the library's own are not asked about
    # The suppressions, not the comments: reading them back from the cache needs no syntax tree.
    suppressions = [s for f in files if str(f) in parsed for s in _suppressions(str(f), parsed[str(f)][1])]
    result = list(dict.fromkeys(found)), suppressions
    if not unread:  # an unreadable file may be readable next time
        cache.write("lint", entry, result)
    return result


def _rule_findings(
    builtin: Sequence[ast.Document], documents: Sequence[ast.Document], wanted: set[str]
) -> tuple[plan.Library, list[Diagnostic]]:
    """The library compiled from `documents` over `builtin`, and the compiler's and every rule's
    findings in the `wanted` files."""
    # the compiler and the checks, with the syntax tree's and the plan's types: not for a cached lint
    from competency.compiler.compile import compile_library
    from competency.linting.checks import LINT_RULES, subjects

    library, compiled = compile_library([builtin, documents])
    found = [d for d in compiled if d.path in wanted]
    for subject in subjects(library, wanted):
        for rule in LINT_RULES:
            found += rule.check(subject)
    return library, found


Parsed = dict[str, tuple["ast.Document", tuple["Comment", ...]]]  # by path (the types: only when type-checking)


def _parse(sources: Sequence[tuple[Path, bytes]]) -> tuple[Parsed, list[Diagnostic]]:
    """Each file's document and comments (one parse serves both), and the syntax errors."""
    from competency.language.parse import decode_source, parse_with_comments  # a cached lint needs no parser

    parsed: Parsed = {}
    errors: list[Diagnostic] = []
    for file, data in sources:
        try:
            parsed[str(file)] = parse_with_comments(decode_source(data, str(file)), str(file))
        except CompetencyError as exc:
            errors += exc.diagnostics
    return parsed, errors


def _documents(files: Sequence[Path], parsed: Parsed) -> list[ast.Document]:
    """The documents of `files` that parse, each under the name it was asked for by."""
    named = {os.path.abspath(p): document for p, (document, _) in parsed.items()}
    found = (named.get(os.path.abspath(f)) for f in files)
    return [replace(document, path=str(f)) for f, document in zip(files, found, strict=True) if document]


# ---- an editor's texts (the language server) --------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """One file as lint sees it: its document and comments, or the errors that stopped it loading."""

    path: str
    document: ast.Document | None
    comments: tuple[Comment, ...] = ()
    errors: tuple[Diagnostic, ...] = ()


def parse_source(text: str, path: str) -> Source:
    """A file's text parsed (an editor's unsaved text, say), its errors kept instead of raised."""
    from competency.language.parse import parse_with_comments

    try:
        document, comments = parse_with_comments(text, path)
    except CompetencyError as exc:
        return Source(path, None, errors=exc.diagnostics)
    return Source(path, document, comments)


def lint_sources(
    sources: Sequence[Source], settings: Settings, builtin: Sequence[ast.Document]
) -> tuple[plan.Library, list[Diagnostic]]:
    """The library compiled from `sources` over the `builtin` documents, and the sources' diagnostics
    as `lint` gives them (the settings applied, suppressions honoured)."""
    wanted = {source.path for source in sources}
    documents = [source.document for source in sources if source.document is not None]
    suppressions = [
        s for source in sources if source.document is not None for s in _suppressions(source.path, source.comments)
    ]
    library, found = _rule_findings(builtin, documents, wanted)
    found = [d for source in sources for d in source.errors] + found
    return library, sorted(_kept(list(dict.fromkeys(found)), settings, suppressions), key=_position)


@dataclass(frozen=True, slots=True)
class Suppression:
    """One code (or prefix) named by a `# competency: ignore[...]` comment, at the comment,
    and the edit that takes it out (the whole comment when it names nothing else)."""

    code: str
    path: str
    span: Span
    removal: Edit

    def silences(self, diagnostic: Diagnostic) -> bool:
        return diagnostic.path == self.path and _matches(diagnostic.code, [self.code])


def _kept(found: Sequence[Diagnostic], settings: Settings, suppressions: Iterable[Suppression]) -> Iterator[Diagnostic]:
    """The findings the settings select and no comment silences, then the suppressions that silence nothing."""
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for suppression in suppressions:
        by_line.setdefault((suppression.path, suppression.span.line), []).append(suppression)
    used: set[Suppression] = set()
    unloaded = {d.path for d in found if _blocks_loading(d)}
    for diagnostic in found:
        if _blocks_loading(diagnostic):
            yield diagnostic
        elif settings.enabled(diagnostic.code):
            silencing = [s for s in _near(diagnostic, by_line) if s.silences(diagnostic)]
            used.update(silencing)
            if not silencing:
                yield diagnostic
    if settings.enabled(L411.code):
        for suppressions in by_line.values():
            yield from (_unused(s) for s in suppressions if s not in used and _checked(s, settings, unloaded))


def _blocks_loading(diagnostic: Diagnostic) -> bool:
    """Whether the finding stops its file from loading (a syntax, name or semantic error): never hidden."""
    rule = RULES.get(diagnostic.code)
    return diagnostic.severity is Severity.ERROR and rule is not None and rule.blocks_loading()


def _position(d: Diagnostic) -> tuple:
    return (d.path or "", d.span.line if d.span else 0, d.span.column if d.span else 0, d.code, d.message)


def _suppressions(path: str, comments: Sequence[Comment]) -> Iterator[Suppression]:
    for comment in comments:
        span = Span(comment.line, comment.column, comment.line, comment.column + len(comment.text))
        lists = [(match, _codes_at(match)) for match in _SUPPRESSION.finditer(comment.text)]
        alone = sum(len(named) for _, named in lists) == 1
        for match, named in lists:
            for index, code in enumerate(named):
                if alone:
                    removal = _comment_removal(comment, span)
                else:
                    removed = (match.start(), match.end())  # the comment's other lists stay
                    if len(named) > 1:
                        removed = _list_removal(list(named.values()), index)
                    removal = Span(comment.line, comment.column + removed[0], comment.line, comment.column + removed[1])
                yield Suppression(code, path, span, Edit(removal))


def _comment_removal(comment: Comment, span: Span) -> Span:
    """The comment with the blanks before it; its whole line when it has one of its own."""
    if comment.own_line:
        return Span(comment.line, 1, comment.line + 1, 1)
    return Span(comment.line, comment.column - comment.blank_before, comment.line, span.end_column)


def _codes_at(match: re.Match[str]) -> dict[str, tuple[int, int]]:
    """The codes of one `ignore[...]` list, each once, with where each is written in the comment."""
    named: dict[str, tuple[int, int]] = {}
    for code in _CODE.finditer(match.group(1)):
        named.setdefault(code.group().upper(), (match.start(1) + code.start(), match.start(1) + code.end()))
    return named


def _list_removal(places: Sequence[tuple[int, int]], index: int) -> tuple[int, int]:
    """Where the `index`-th code of a list of several is, with its comma: up to the next code, or
    from the previous one for the last."""
    if index + 1 < len(places):
        return places[index][0], places[index + 1][0]
    return places[index - 1][1], places[index][1]


def _near(diagnostic: Diagnostic, by_line: Mapping[tuple[str, int], Sequence[Suppression]]) -> Iterator[Suppression]:
    """The suppressions on the finding's line and the line before."""
    if diagnostic.span is not None:
        for line in (diagnostic.span.line, diagnostic.span.line - 1):
            yield from by_line.get((diagnostic.path or "", line), ())


def _covered(code: str) -> list[type[Rule]]:
    return [rule for known, rule in RULES.items() if _matches(known, [code])]


def _checked(suppression: Suppression, settings: Settings, unloaded: set[str | None]) -> bool:
    """Whether silencing nothing says something: not when its rules did not run (turned off, or no file loaded)."""
    rules = _covered(suppression.code)
    ran = suppression.path not in unloaded and any(settings.enabled(rule.code) for rule in rules)
    return ran or all(rule.blocks_loading() for rule in rules)


def _unused(suppression: Suppression) -> Diagnostic:
    code, rules = suppression.code, _covered(suppression.code)
    if not rules:
        message = f"'{code}' is not a rule code or prefix (see `competency rule`): the suppression silences nothing"
    elif all(rule.blocks_loading() for rule in rules):
        message = f"'{code}' cannot be suppressed: errors that stop a file from loading are always reported"
    else:
        message = f"suppression of '{code}' silences nothing here"
    return Diagnostic(L411.code, message, suppression.path, suppression.span, L411.severity, fix=(suppression.removal,))


# ---- fixes ------------------------------------------------------------------------------------


MAX_FIX_ROUNDS = 10  # a fix that overlaps another waits for the next round, which lints again


def fix(paths: Sequence[str | os.PathLike[str]], settings: Settings | None = None) -> tuple[list[Diagnostic], int]:
    """`lint`, the findings' fixes written to their files (each file replaced whole), round after
    round until none is left: the findings that remain, and how many fixes were applied."""
    from competency.files import replaced
    from competency.language.parse import read_source

    applied = 0
    for _ in range(MAX_FIX_ROUNDS):
        found = lint(paths, settings)
        fixable: dict[str, list[Diagnostic]] = {}
        for diagnostic in found:
            if diagnostic.fix and diagnostic.path is not None:
                fixable.setdefault(diagnostic.path, []).append(diagnostic)
        done = 0
        for path, diagnostics in fixable.items():
            text, count = fixed(read_source(path), diagnostics, path)
            if count:
                with replaced(path) as f:
                    f.write(text)
                done += count
        if not done:
            return found, applied
        applied += done
    return lint(paths, settings), applied


def fixed(text: str, diagnostics: Iterable[Diagnostic], path: str) -> tuple[str, int]:
    """The text with the findings' fixes applied, and how many were. A fix overlapping one taken
    already waits for the next round; one that would leave the text unparsable is not applied."""
    changes = _parsable(text, _changes(text, diagnostics), path)
    after = _applied(text, changes)
    if len(changes) > 1 and not _parses(after, path):  # fixes that parse one by one but not together
        return text, 0
    return after, len(changes)


def _parsable(text: str, changes: list[Change], path: str) -> list[Change]:
    """The changes less those that break the text, found by halves: a few bad ones cost a few parses."""
    if not changes or _parses(_applied(text, changes), path):
        return changes
    if len(changes) == 1:
        return []
    half = len(changes) // 2
    return _parsable(text, changes[:half], path) + _parsable(text, changes[half:], path)


def _parses(text: str, path: str) -> bool:
    return parse_source(text, path).document is not None


Change = list[tuple[int, int, str]]  # one fix's edits: start and end offsets in the text, and the new text


def _changes(text: str, diagnostics: Iterable[Diagnostic]) -> list[Change]:
    """The fixes as offsets into `text`, less those overlapping a fix before them."""
    # lines as Lark counts them; the end of the text starts the line after the last (a last line removed whole)
    starts = [0] + [m.end() for m in re.finditer("\n", text)] + [len(text)]
    changes: list[Change] = []
    taken: list[tuple[int, int]] = []  # the edits of `changes`, in order: they never overlap
    for diagnostic in diagnostics:
        change = [
            (_offset(starts, e.span.line, e.span.column), _offset(starts, e.span.end_line, e.span.end_column), e.text)
            for e in diagnostic.fix
        ]
        if change and not any(_overlaps(taken, start, end) for start, end, _ in change):
            changes.append(change)
            for start, end, _ in change:
                bisect.insort(taken, (start, end))
    return changes


def _overlaps(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps an edit taken: only the last one starting before `end` can."""
    before = bisect.bisect_left(taken, (end, end)) - 1
    return before >= 0 and taken[before][1] > start


def _applied(text: str, changes: Iterable[Change]) -> str:
    pieces, done = [], 0
    for start, end, replacement in sorted(edit for change in changes for edit in change):
        pieces += [text[done:start], replacement]
        done = end
    return "".join([*pieces, text[done:]])


def _offset(starts: Sequence[int], line: int, column: int) -> int:
    return starts[line - 1] + column - 1
