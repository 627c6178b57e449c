"""Lint findings rendered for people and for CI: text, JSON, GitHub workflow commands, SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from competency import __version__
from competency.errors import Diagnostic, Span
from competency.linting.rules import RULES
from competency.terminal import ELLIPSIS, MAX_FINDINGS, escape, omitted, shorten

FORMATS = ("text", "json", "github", "sarif")
JSON_VERSION = 2  # 2: a finding's place is one `span` (and `where`), as in every command's JSON
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
CARET_WINDOW = 200  # characters of the source line shown above a caret
CARET_CONTEXT = 80  # of them, at most this many before the spot

Source = Callable[[str | None], str | None]


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """A finding as every command's JSON writes it: the file and `span`, or the data path in `where`;
    and its `fix` when it has one (each edit a span and the text that replaces it)."""
    found = {
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": shorten(diagnostic.message),
        "path": diagnostic.path,
        "span": span_json(diagnostic.span),
        "where": diagnostic.where,
        "summary": RULES[diagnostic.code].summary if diagnostic.code in RULES else None,
    }
    if diagnostic.fix:
        found["fix"] = [{"span": span_json(edit.span), "text": edit.text} for edit in diagnostic.fix]
    return found


def span_json(span: Span | None) -> dict[str, int] | None:
    """A span as every command's JSON writes it: 1-based with the end one past the last character,
    clamped so that the end never precedes the start; None without one (line 0 places nothing)."""
    if span is None or span.line < 1:
        return None
    return {
        "line": span.line,
        "column": max(span.column, 1),
        "end_line": max(span.end_line, span.line),
        "end_column": max(span.end_column, 1) if span.end_line > span.line else max(span.end_column, span.column),
    }


def render(diagnostics: Sequence[Diagnostic], fmt: str, source: Source) -> str:
    """All findings in one format; `source(path)` gives a file's text for the text format's caret."""
    if fmt == "text":
        return diagnostics_text(diagnostics, source, "use --format json for all")
    if fmt == "github":
        return "".join(github_command(d) + "\n" for d in diagnostics)
    if fmt == "json":
        return _dumped(to_json(diagnostics))
    checked = [d for d in diagnostics if not is_input_error(d)]
    return _dumped(to_sarif(checked, [d for d in diagnostics if is_input_error(d)]))


def is_input_error(diagnostic: Diagnostic) -> bool:
    """An `I3xx` finding: a file that could not be read was not checked, so the run failed (exit 2)."""
    return diagnostic.code.startswith("I3")


def sarif_failure(failures: Sequence[Diagnostic]) -> str:
    """The SARIF log of a run that input errors stopped: a code scanning upload still gets a valid log."""
    return _dumped(to_sarif((), failures))


def _dumped(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"


def diagnostics_text(diagnostics: Sequence[Diagnostic], source: Source, hint: str | None = None) -> str:
    """The first `MAX_FINDINGS` findings with their carets, then one line counting the rest."""
    shown = [diagnostic_text(d, source(d.path)) for d in diagnostics[:MAX_FINDINGS]]
    return "".join(text + "\n" for text in shown + omitted(len(diagnostics), hint))


def diagnostic_text(diagnostic: Diagnostic, source: str | None = None) -> str:
    """`path:line:col: error: message [code]`, then the source line and a caret under the spot."""
    return "\n".join([str(diagnostic), *source_excerpt(diagnostic.span, source)])


def source_excerpt(span: Span | None, source: str | None) -> list[str]:
    """The source line of `span` and a caret line under it, indented; none without a source or a line."""
    if source is None or span is None or span.line < 1:
        return []
    lines = source.split("\n", span.line)  # as Lark counts lines (splitlines() also splits at FF, U+2028...)
    if span.line > len(lines) or (span.line == len(lines) and not lines[-1]):  # past the file's last line
        return []
    line = lines[span.line - 1].removesuffix("\r")
    width = (span.end_column - span.column) if span.end_line == span.line else len(line) - span.column + 1
    shown, caret = _caret(line, span.column - 1, max(1, width))
    return [f"  {shown}", f"  {caret}"]


def _caret(line: str, start: int, width: int) -> tuple[str, str]:
    """A window of `line` around `start`, escaped, and the caret line under its `width` characters from `start`."""
    first = max(0, min(start - CARET_CONTEXT, len(line) - CARET_WINDOW))
    last = min(len(line), first + CARET_WINDOW)
    end = min(start + width, last)
    lead = ELLIPSIS if first else ""
    before, marked = _shown(line[first:start]), _shown(line[start:end])
    shown = lead + before + marked + _shown(line[end:last]) + (ELLIPSIS if last < len(line) else "")
    # Escapes widen what they replace: the caret's place is measured on the shown text.
    return shown, " " * (len(lead) + len(before)) + "^" * max(1, len(marked))


def _shown(text: str) -> str:
    return escape(text.expandtabs(1))


def _region(diagnostic: Diagnostic) -> dict[str, int] | None:
    span = span_json(diagnostic.span)
    if span is None:
        return None
    return {
        "startLine": span["line"],
        "startColumn": span["column"],
        "endLine": span["end_line"],
        "endColumn": span["end_column"],
    }


# ---- JSON -----------------------------------------------------------------------------------


def to_json(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    return {"version": JSON_VERSION, "diagnostics": [diagnostic_json(d) for d in diagnostics]}


# ---- GitHub Actions workflow commands -----------------------------------------------------------


def github_command(diagnostic: Diagnostic) -> str:
    """`::error file=a.comp,line=3,col=5,endLine=3,endColumn=9,title=R200::message [R200]`."""
    properties = {"title": diagnostic.code}
    if diagnostic.path:
        properties["file"] = diagnostic.path
    region = _region(diagnostic)
    if region:
        properties.update(
            line=region["startLine"],
            col=region["startColumn"],
            endLine=region["endLine"],
            endColumn=region["endColumn"],
        )
    order = ("file", "line", "col", "endLine", "endColumn", "title")
    props = ",".join(f"{k}={_escape_property(str(properties[k]))}" for k in order if k in properties)
    message = _escape_data(f"{shorten(diagnostic.message)} [{diagnostic.code}]")
    return f"::{diagnostic.severity} {props}::{message}"


def _escape_data(text: str) -> str:
    # The runner decodes %25, %0D and %0A (an annotation may span lines); it passes other
    # controls to the log, where ESC sequences colour or rewrite it, so those are escaped.
    return escape(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# ---- SARIF 2.1.0 ------------------------------------------------------------------------------


def to_sarif(diagnostics: Sequence[Diagnostic], failures: Sequence[Diagnostic] = ()) -> dict[str, Any]:
    """One run of the `competency` tool; every catalogue rule is described, so code scanning can show help.

    `failures` are the input errors that stopped the run: tool execution notifications of a
    failed invocation.
    """
    index = {code: i for i, code in enumerate(RULES)}
    invocation: dict[str, Any] = {"executionSuccessful": not failures}
    if failures:
        invocation["toolExecutionNotifications"] = [_sarif_notification(d, index) for d in failures]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "competency",
                        "version": __version__,
                        "rules": [_sarif_rule(rule) for rule in RULES.values()],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(d, index) for d in diagnostics],
            }
        ],
    }


def _sarif_rule(rule) -> dict[str, Any]:
    explanation = rule.explanation()
    return {
        "id": rule.code,
        "name": "".join(w.capitalize() for w in rule.summary.replace("/", " ").replace("'", "").split()),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": explanation},
        "help": {"text": explanation, "markdown": explanation},
        "defaultConfiguration": {"level": str(rule.severity)},
    }


def _sarif_result(diagnostic: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": str(diagnostic.severity),
        "message": {"text": shorten(diagnostic.message)},
    }
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    return result | _sarif_locations(diagnostic, _FILE_START)


def _sarif_notification(diagnostic: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    rule = {"id": diagnostic.code} | ({"index": index[diagnostic.code]} if diagnostic.code in index else {})
    notification = {"level": "error", "message": {"text": shorten(diagnostic.message)}, "associatedRule": rule}
    return notification | _sarif_locations(diagnostic)


# Code scanning drops a result without a line: a finding about a whole file is shown at its start.
_FILE_START = {"startLine": 1, "startColumn": 1}


def _sarif_locations(diagnostic: Diagnostic, whole_file: dict[str, int] | None = None) -> dict[str, Any]:
    """The finding's file and region; `whole_file` is the region of a finding with no position in it."""
    if not diagnostic.path:
        return {}
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(diagnostic.path)}}
    region = _region(diagnostic) or whole_file
    if region:
        location["region"] = region
    return {"locations": [{"physicalLocation": location}]}


def _uri(path: str) -> str:
    """A path relative to the working directory (code scanning resolves it against the checkout), else file://."""
    p = Path(path)
    if not p.is_absolute():
        return quote(p.as_posix())
    try:
        return quote(p.relative_to(Path.cwd()).as_posix())
    except ValueError:
        return p.as_uri()
