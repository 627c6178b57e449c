"""`fmt`: a competency file in the one canonical layout, comments kept.

The layout is `render.document_lines`; this module only puts the comments back, and the
author's blank lines between items (at most one in a row). A comment on a line of its own
goes before the item or requirement that follows it (a blank line after it is kept); a
comment after code stays at the end of that code's line. The result
is parsed again and must mean the same rules with the same comments, or nothing is written.
"""

from __future__ import annotations

import difflib
import re

from competency.errors import CompetencyError, Diagnostic
from competency.language.parse import Comment, parse_with_comments, read_source
from competency.language.render import INDENT, Line, document_lines

# Version fields have no node (and so no position) of their own: found by their keyword
# (`passes 70` is the pass mark too).
_FIELD = re.compile(r"\s*(source|effective|levels|pass)(?:es)?\b")
_VERSION = ("competency ", "designation ")


def format_text(text: str, path: str = "<string>") -> str:
    """`text` in the canonical layout; raises `CompetencyError` if it does not parse."""
    document, comments = parse_with_comments(text, path)
    sources = text.splitlines()
    lines = _anchor_fields(document_lines(document.items), sources)
    formatted = "".join(line + "\n" for line in _merge(lines, comments, sources))
    again, kept = parse_with_comments(formatted, path)
    if again.items != document.items or [c.text for c in kept] != [c.text for c in comments]:
        message = "formatting would change what this file says; it is left as it is (please report this bug)"
        raise CompetencyError(Diagnostic("I311", message, path))
    return formatted


def format_file(path: str) -> tuple[str, str]:
    """A file's text and its formatted text."""
    text = read_source(path)
    return text, format_text(text, path)


def unified_diff(before: str, after: str, path: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(True), after.splitlines(True), f"{path} (original)", f"{path} (formatted)"
        )
    )


def _anchor_fields(lines: list[Line], sources: list[str]) -> list[Line]:
    """Give a version's field lines (`source`, `effective`, `levels`, `pass`) the source line their keyword
    starts, when it starts one between the version's first line and its first node."""
    out: list[Line] = []
    searched_from = 0
    for index, line in enumerate(lines):
        if line.text.startswith(_VERSION):
            searched_from = line.first
        field = _FIELD.match(line.text) if not line.first and line.text.startswith(INDENT) else None
        if field and searched_from:
            # a wrapped condition may start a later line with `pass`: only the header is searched
            until = next((later.first for later in lines[index + 1 :] if later.first), len(sources) + 1)
            found = next((n for n in range(searched_from, until) if _starts(sources[n - 1], field.group(1))), 0)
            line = line._replace(first=found, last=found)
        out.append(line)
    return out


def _starts(source: str, keyword: str) -> bool:
    match = _FIELD.match(source)
    return bool(match) and match.group(1) == keyword


def _merge(lines: list[Line], comments: tuple[Comment, ...], sources: list[str]) -> list[str]:
    pending = list(comments)
    out: list[str] = []
    for line in lines:
        text = line.text
        if line.first:
            indent = text[: len(text) - len(text.lstrip())] + (INDENT if line.closer else "")
            start = min([line.first] + [c.line for c in pending[:1] if c.line < line.first])
            if not line.closer and _blank_before(start, sources) and out and out[-1] and not out[-1].endswith("{"):
                out.append("")  # the author's blank line between items (at most one) is kept
            while pending and pending[0].line < line.first:
                out += _own_line(pending.pop(0), indent, sources)
            trailing = [c for c in pending if line.first <= c.line <= line.last and _after_code(c, sources)]
            for comment in trailing:
                pending.remove(comment)
                text += "  " + comment.text
        out.append(text)
    for comment in pending:
        out += _own_line(comment, "", sources)
    while out and not out[-1]:
        out.pop()
    return out


def _blank_before(line: int, sources: list[str]) -> bool:
    return line > 1 and not sources[line - 2].strip()


def _own_line(comment: Comment, indent: str, sources: list[str]) -> list[str]:
    blank_after = comment.line < len(sources) and not sources[comment.line].strip()
    return [indent + comment.text] + ([""] if blank_after else [])


def _after_code(comment: Comment, sources: list[str]) -> bool:
    return bool(sources[comment.line - 1][: comment.column - 1].strip())
