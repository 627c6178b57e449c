"""The one error root of the project, the diagnostic it carries, and the span it points at.

The core raises `CompetencyError`; it never prints and never exits. The CLI renders the
diagnostics and chooses the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from competency.terminal import escape, shorten


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a source file.

    Lines and columns are 1-based, as an editor shows them. `end_line`/`end_column`
    point one past the last character (Lark's convention), so a one-character token at
    line 3, column 5 has the span (3, 5, 3, 6).
    """

    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Edit:
    """One change of a fix: the text at `span` replaced by `text` (an empty `text` deletes it)."""

    span: Span
    text: str = ""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding about a file: what (code, message), where (path, span) and how bad.

    `path` names a file; `span` places the finding in it. Findings about partner data
    carry the data path (`people[3].credentials[0]`) in `where` instead of a span. `fix`
    holds the edits of the one fix there is, when there is one (the id meant, say), for
    `lint --fix` and the editor's quick fixes.
    """

    code: str
    message: str
    path: str | None = None
    span: Span | None = None
    severity: Severity = Severity.ERROR
    where: str | None = None
    fix: tuple[Edit, ...] = ()

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
