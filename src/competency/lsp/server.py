"""The Language Server Protocol wiring (pygls) over `features`: no answer is computed here.

The workspace library is every `.comp` file under the workspace folders, plus any file the
editor opens; an open file's text replaces what is on disk. After an edit (debounced) the whole
workspace is linted again, so a catalog edit re-checks the files that use it, and each file's
diagnostics are published when they change; a finding's fix is offered as a quick fix. Every
handler is guarded: an unexpected error is logged and answered with nothing, and the server goes on.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from competency import terminal
from competency.compiler.library import SUFFIX, builtin_dir, find_files
from competency.errors import CompetencyError, Diagnostic, Severity
from competency.language import ast
from competency.linting.linter import Settings, find_settings
from competency.lsp import features

DEBOUNCE_SECONDS = 0.2  # a pause in typing this long re-checks the workspace
MAX_MESSAGE_BYTES = 64 * 2**20  # a 5 MB competency file in JSON, escaped, with room to spare
MAX_HEADER_BYTES = 4_096
SOURCE = "competency"
_SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning}
_SYMBOL_KIND = {
    "catalog": lsp.SymbolKind.Namespace,
    "competency": lsp.SymbolKind.Module,
    "designation": lsp.SymbolKind.Module,
    "option": lsp.SymbolKind.Class,
    "category": lsp.SymbolKind.Class,
    "level": lsp.SymbolKind.EnumMember,
    "metric": lsp.SymbolKind.Field,
}
_COMPLETION_KIND = {
    "keyword": lsp.CompletionItemKind.Keyword,
    "credential": lsp.CompletionItemKind.Value,
    "group": lsp.CompletionItemKind.Variable,
    "metric": lsp.CompletionItemKind.Field,
    "association": lsp.CompletionItemKind.EnumMember,
    "attribute": lsp.CompletionItemKind.Property,
    "level": lsp.CompletionItemKind.Enum,
}
log = logging.getLogger(__name__)


@dataclass
class _State:
    """What the server knows between messages (mutable: the protocol is a conversation)."""

    settings: Settings = field(default_factory=Settings)
    builtin: tuple[str, ...] = ()
    workspace: set[str] = field(default_factory=set)  # the linted files
    disk: dict[str, features.File] = field(default_factory=dict)
    snapshot: features.Snapshot | None = None
    published: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)
    pending: asyncio.TimerHandle | None = None


class CompetencyServer(LanguageServer):
    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        from competency import __version__

        super().__init__(SOURCE, __version__)
        self.state = _State()
        self.debounce = debounce


def _path(uri: str) -> str:
    return str(Path(to_fs_path(uri) or uri).resolve())


def _uri(path: str) -> str:
    return from_fs_path(path) or path


def _guarded(handler: Callable) -> Callable:
    """Log an unexpected error and answer nothing: a half-typed file must never stop the server."""

    @functools.wraps(handler)
    def guarded(server: CompetencyServer, params):
        try:
            return handler(server, params)
        except Exception:  # the server must outlive a bug in one answer
            log.error("%s failed:\n%s", handler.__name__, traceback.format_exc())
            return None

    return guarded


# ---- the workspace and its diagnostics --------------------------------------------------------


def _load(server: CompetencyServer, roots: list[str]) -> None:
    state = server.state
    state.builtin = tuple(str(p.resolve()) for p in find_files([builtin_dir()]))
    state.workspace = set()
    for root in roots:
        try:
            state.workspace.update(str(p.resolve()) for p in find_files([root]))
        except CompetencyError:
            continue  # a folder gone since the editor listed it
    try:
        state.settings = find_settings(roots[:1])
    except CompetencyError as exc:
        server.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning, str(exc.diagnostic)))
    state.disk = {path: features.File.read(path) for path in (*state.builtin, *sorted(state.workspace))}


def _files(server: CompetencyServer) -> dict[str, features.File]:
    """Every file of the library, an open file's editor text in place of its disk text."""
    files = dict(server.state.disk)
    for document in server.workspace.text_documents.values():
        path = _path(document.uri)
        if path.endswith(SUFFIX) or path in files:
            files[path] = features.File.of(path, document.source)
    return files


def refresh(server: CompetencyServer) -> features.Snapshot:
    """Lint the workspace again and publish the diagnostics that changed (empty ones clear a file)."""
    state = server.state
    state.pending = None
    files = _files(server)
    linted = sorted(state.workspace | {p for p in files if p not in state.disk})
    state.snapshot = features.check(files, linted, state.builtin, state.settings)
    for path in sorted(set(state.published) | set(state.snapshot.diagnostics)):
        found = state.snapshot.diagnostics.get(path, ())
        if state.published.get(path) != found:
            diagnostics = [_diagnostic(d, files.get(path, None)) for d in found]
            server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(_uri(path), diagnostics))
            state.published[path] = found
    return state.snapshot


def _schedule(server: CompetencyServer) -> None:
    state = server.state
    if state.pending is not None:
        state.pending.cancel()
    state.pending = asyncio.get_running_loop().call_later(
        server.debounce, _guarded(lambda s, _: refresh(s)), server, None
    )


def _snapshot(server: CompetencyServer) -> features.Snapshot:
    """The current answers' library: brought up to date first when an edit is still waiting."""
    state = server.state
    if state.snapshot is None or state.pending is not None:
        if state.pending is not None:
            state.pending.cancel()
        return refresh(server)
    return state.snapshot


def _diagnostic(diagnostic: Diagnostic, file: features.File | None) -> lsp.Diagnostic:
    span = diagnostic.span if diagnostic.span and diagnostic.span.line else ast.Span(1, 1, 1, 1)
    return lsp.Diagnostic(
        range=_range(span, file),
        message=diagnostic.message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        source=SOURCE,
    )


# ---- positions: the protocol's (0-based, in the client's code units) and ours ---------------------


def _lines(file: features.File | None) -> list[str]:
    return file.text.splitlines(keepends=True) if file is not None else []


def _range(span: ast.Span, file: features.File | None) -> lsp.Range:
    start = lsp.Position(span.line - 1, span.column - 1)
    end = lsp.Position(span.end_line - 1, max(span.end_column - 1, 0))
    return _codec().range_to_client_units(_lines(file), lsp.Range(start, end))


def _position(server: CompetencyServer, uri: str, position: lsp.Position) -> tuple[str, features.Position]:
    path = _path(uri)
    file = _snapshot(server).files.get(path)
    ours = _codec().position_from_client_units(_lines(file), position)
    return path, (ours.line + 1, ours.character + 1)


@functools.cache
def _codec():
    from pygls.workspace import PositionCodec

    return PositionCodec()  # UTF-16, what every client speaks


def _location(server: CompetencyServer, location: features.Location) -> lsp.Location:
    return lsp.Location(_uri(location.path), _range(location.span, _snapshot(server).files.get(location.path)))


# ---- the server -----------------------------------------------------------------------------------


def make_server(debounce: float = DEBOUNCE_SECONDS) -> CompetencyServer:
    """A server with every feature registered (a fresh one per connection, and per test)."""
    server = CompetencyServer(debounce)

    @server.feature(lsp.INITIALIZED)
    @_guarded
    def initialized(ls: CompetencyServer, params: lsp.InitializedParams) -> None:
        roots = [to_fs_path(f.uri) for f in ls.workspace.folders.values()] or [ls.workspace.root_path]
        _load(ls, [r for r in roots if r])
        refresh(ls)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded
    def edited(ls: CompetencyServer, params) -> None:
        _schedule(ls)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded
    def saved(ls: CompetencyServer, params) -> None:
        path = _path(params.text_document.uri)
        if path in ls.state.disk:
            ls.state.disk[path] = features.File.read(path)
        _schedule(ls)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_guarded
    def files_changed(ls: CompetencyServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            path = _path(change.uri)
            if change.type == lsp.FileChangeType.Deleted:
                ls.state.disk.pop(path, None)
                ls.state.workspace.discard(path)
            elif path.endswith(SUFFIX):
                ls.state.disk[path] = features.File.read(path)
                ls.state.workspace.add(path)
        _schedule(ls)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @_guarded
    def hover(ls: CompetencyServer, params: lsp.HoverParams) -> lsp.Hover | None:
        path, position = _position(ls, params.text_document.uri, params.position)
        found = features.hover(_snapshot(ls), path, position)
        if found is None:
            return None
        text, span = found
        contents = lsp.MarkupContent(lsp.MarkupKind.Markdown, text)
        return lsp.Hover(contents, _range(span, _snapshot(ls).files.get(path)))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    @_guarded
    def definition(ls: CompetencyServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
        path, position = _position(ls, params.text_document.uri, params.position)
        return [_location(ls, found) for found in features.definition(_snapshot(ls), path, position)]

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    @_guarded
    def references(ls: CompetencyServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        path, position = _position(ls, params.text_document.uri, params.position)
        declaration = params.context.include_declaration
        found = features.references(_snapshot(ls), path, position, include_declaration=declaration)
        return [_location(ls, location) for location in found]

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_guarded
    def symbols(ls: CompetencyServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        path = _path(params.text_document.uri)
        file = _snapshot(ls).files.get(path)
        return [_symbol(s, file) for s in features.symbols(_snapshot(ls), path)]

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[" ", "("]))
    @_guarded
    def completion(ls: CompetencyServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        path, position = _position(ls, params.text_document.uri, params.position)
        text = _snapshot(ls).files[path].text if path in _snapshot(ls).files else ""
        items = [
            lsp.CompletionItem(c.label, kind=_COMPLETION_KIND[c.kind], detail=c.detail or None, insert_text=c.insert)
            for c in features.completions(_snapshot(ls), path, text, position)
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix])
    )
    @_guarded
    def code_actions(ls: CompetencyServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        only = params.context.only
        if only and not any(lsp.CodeActionKind.QuickFix.value.startswith(kind) for kind in only):
            return []  # the client asks for other kinds (refactorings, source actions)
        uri = params.text_document.uri
        path, start = _position(ls, uri, params.range.start)
        _, end = _position(ls, uri, params.range.end)
        file = _snapshot(ls).files.get(path)
        return [_code_action(fix, uri, file) for fix in features.fixes(_snapshot(ls), path, ast.Span(*start, *end))]

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    @_guarded
    def formatting(ls: CompetencyServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
        path = _path(params.text_document.uri)
        text = ls.workspace.get_text_document(params.text_document.uri).source
        after = features.formatted(text, path)
        if after is None or after == text:
            return None
        lines = text.splitlines(keepends=True)
        end = lsp.Position(len(lines), 0)  # past the last line: the whole text is replaced
        return [lsp.TextEdit(lsp.Range(lsp.Position(0, 0), end), after)]

    return server


def _code_action(fix: features.Fix, uri: str, file: features.File | None) -> lsp.CodeAction:
    edits = [lsp.TextEdit(_range(edit.span, file), edit.text) for edit in fix.diagnostic.fix]
    return lsp.CodeAction(
        fix.title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[_diagnostic(fix.diagnostic, file)],
        is_preferred=True,  # lint's fixes are the one certain fix of their finding
        edit=lsp.WorkspaceEdit(changes={uri: edits}),
    )


def _symbol(symbol: features.Symbol, file: features.File | None) -> lsp.DocumentSymbol:
    return lsp.DocumentSymbol(
        name=symbol.name,
        detail=symbol.detail or None,
        kind=_SYMBOL_KIND[symbol.kind],
        range=_range(symbol.span, file),
        selection_range=_range(symbol.selection, file),
        children=[_symbol(child, file) for child in symbol.children],
    )


class _Input:
    """The client's stream as pygls reads it, refusing a message over `MAX_MESSAGE_BYTES` before
    reading it: pygls allocates the length a header states at once, so a wrong one would exhaust memory."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline(MAX_HEADER_BYTES)  # a header line is short; junk past this is more junk

    def read(self, size: int) -> bytes:
        if size > MAX_MESSAGE_BYTES:
            message = f"a message of {size:,} bytes is over the limit of {MAX_MESSAGE_BYTES:,}"
            raise CompetencyError(Diagnostic("I300", message, "standard input"))
        return self.stream.read(size)


class _OneLine(logging.Formatter):
    """A log record as one escaped line: a client's malformed message gets a line, not a traceback of pygls."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"competency lsp: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f": {type(error).__name__}: {error}"
        return terminal.line(text)


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Speak the protocol on stdin and stdout (or the given streams) until the client says exit."""
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine())
    logging.getLogger().addHandler(handler)
    make_server().start_io(_Input(stdin or sys.stdin.buffer), stdout)
