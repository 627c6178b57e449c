"""The one error root of the project and the diagnostic it carries.

The core raises `CompetencyError`; it never prints and never exits. The CLI renders the
diagnostics and chooses the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .ast import Span
from .terminal import escape, shorten


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding about a file: what (code, message), where (path, span) and how bad.

    `path` names a file; `span` places the finding in it. Findings about partner data
    carry the data path (`people[3].credentials[0]`) in `where` instead of a span.
    """

    code: str
    message: str
    path: str | None = None
    span: Span | None = None
    severity: Severity = Severity.ERROR
    where: str | None = None

    def location(self) -> str | None:
        """`path:line:col`, `path`, or None for a finding about no file (an unknown id)."""
        if self.path is None:
            return None
        parts = [self.path]
        if self.span is not None:
            parts += [str(self.span.line), str(self.span.column)]
        return ":".join(parts)

    def __str__(self) -> str:
        """One line, safe for a terminal: a message echoing a value of any length is cut in the middle."""
        where = f"{self.where}: " if self.where else ""
        location = self.location()
        prefix = f"{location}: " if location else ""
        return escape(f"{prefix}{self.severity}: {where}{shorten(self.message)} [{self.code}]")


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """A finding as every command's JSON writes it: the file and `span`, or the data path in `where`."""
    from .rules import RULES  # the catalogue imports this module

    return {
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": shorten(diagnostic.message),
        "path": diagnostic.path,
        "span": span_json(diagnostic),
        "where": diagnostic.where,
        "summary": RULES[diagnostic.code].summary if diagnostic.code in RULES else None,
    }


def span_json(diagnostic: Diagnostic) -> dict[str, int] | None:
    """The span, 1-based with the end one past the last character, clamped so that the end never
    precedes the start; None without one (a span at line 0 places nothing)."""
    span = diagnostic.span
    if span is None or span.line < 1:
        return None
    return {
        "line": span.line,
        "column": max(span.column, 1),
        "end_line": max(span.end_line, span.line),
        "end_column": max(span.end_column, 1) if span.end_line > span.line else max(span.end_column, span.column),
    }


class CompetencyError(Exception):
    """Raised by every stage for input it cannot accept; carries one or more diagnostics."""

    def __init__(self, *diagnostics: Diagnostic) -> None:
        if not diagnostics:
            raise ValueError("CompetencyError needs at least one diagnostic")
        self.diagnostics = diagnostics
        super().__init__(str(diagnostics[0]))

    @property
    def diagnostic(self) -> Diagnostic:
        return self.diagnostics[0]
