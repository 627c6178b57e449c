"""The language server: its answers as pure functions, and the server driven through the protocol.

`Client` speaks JSON-RPC to a real server thread over a pair of pipes, as an editor does over
stdio. The workspaces are tests/data/lsp/ (copied, so edits can be saved) and the built-in
library. What the server publishes must be what `lint` reports on the same texts.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pygls")

from pygls.uris import from_fs_path

from competency.compiler.library import builtin_dir, find_files
from competency.language import ast
from competency.language.fmt import format_text
from competency.linting.linter import Settings, lint, lint_sources, parse_source
from competency.lsp import features
from competency.lsp.server import make_server

DATA = Path(__file__).parent / "data" / "lsp"
BUILTIN = [str(p.resolve()) for p in find_files([builtin_dir()])]
TIMEOUT = 10


class Client:
    """An editor's side of the protocol: requests wait for their answer, diagnostics are kept per file."""

    def __init__(self, root: Path, debounce: float = 0.02) -> None:
        to_server, self._out = os.pipe()
        self._in, from_server = os.pipe()
        self.server = make_server(debounce=debounce)
        streams = (open(to_server, "rb", buffering=0), open(from_server, "wb", buffering=0))  # noqa: SIM115
        self.thread = threading.Thread(target=self.server.start_io, args=streams, daemon=True)
        self.thread.start()
        self.answers: dict[int, queue.Queue] = {}
        self.diagnostics: dict[str, list[dict]] = {}
        self.publications: dict[str, int] = {}
        self.published = threading.Condition()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        uri = from_fs_path(str(root))
        self.request("initialize", {"processId": None, "rootUri": uri, "capabilities": {}, "workspaceFolders": None})
        self.notify("initialized", {})

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        os.write(self._out, b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read(self) -> None:
        stream = open(self._in, "rb", buffering=0)  # noqa: SIM115
        while True:
            headers = b""
            while not headers.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                headers += byte
            length = int(headers.split(b"Content-Length:")[1].split(b"\r\n")[0])
            body = b""
            while len(body) < length:
                body += stream.read(length - len(body))
            message = json.loads(body)
            if "id" in message and "method" not in message:
                self.answers.setdefault(message["id"], queue.Queue()).put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                with self.published:
                    self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
                    self.publications[message["params"]["uri"]] = self.publications.get(message["params"]["uri"], 0) + 1
                    self.published.notify_all()

    def request(self, method: str, params: dict):
        self.next_id += 1
        answer = self.answers.setdefault(self.next_id, queue.Queue())
        self._send({"id": self.next_id, "method": method, "params": params})
        message = answer.get(timeout=TIMEOUT)
        assert "error" not in message, message
        return message["result"]

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def open(self, path: Path, text: str | None = None) -> str:
        uri = from_fs_path(str(path.resolve()))
        text = path.read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "competency", "version": 1, "text": text}},
        )
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}
        self.notify("textDocument/didChange", params)

    def wait_for(self, uri: str, holds) -> list[dict]:
        """The file's diagnostics once `holds(diagnostics)` is true (they arrive after the debounce)."""
        with self.published:
            assert self.published.wait_for(lambda: uri in self.diagnostics and holds(self.diagnostics[uri]), TIMEOUT)
            return self.diagnostics[uri]

    def at(self, uri: str, line: int, character: int) -> dict:
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    for file in DATA.glob("*.comp"):
        shutil.copy(file, tmp_path / file.name)
    return tmp_path


@pytest.fixture
def client(workspace: Path):
    client = Client(workspace)
    yield client
    client.close()


@pytest.fixture
def builtin_client():
    client = Client(builtin_dir())
    yield client
    client.close()


def _codes(diagnostics: list[dict]) -> list[tuple[str, int, int]]:
    return [(d["code"], d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1) for d in diagnostics]


def _lint_codes(path: Path) -> list[tuple[str, int, int]]:
    return [(d.code, d.span.line, d.span.column) for d in lint([path.parent]) if d.path == str(path)]


def _position(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """The 0-based line and character of `needle`'s first character (plus `offset`)."""
    before = text[: text.index(needle) + offset]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


# ---- the protocol ------------------------------------------------------------------------------


def test_diagnostics_on_initialize_are_lints(client: Client, workspace: Path) -> None:
    rules = workspace / "rules.comp"
    uri = from_fs_path(str(rules.resolve()))
    found = client.wait_for(uri, lambda d: True)
    assert _codes(found) == _lint_codes(rules)
    assert {d["severity"] for d in found} == {2}  # warnings
    assert client.wait_for(from_fs_path(str((workspace / "catalog.comp").resolve())), lambda d: True) == []


def test_change_rechecks_and_clears(client: Client, workspace: Path) -> None:
    rules = workspace / "rules.comp"
    text = rules.read_text(encoding="utf-8")
    uri = client.open(rules)
    client.change(uri, text.replace("pass T-100", "pass T-999"), 2)
    found = client.wait_for(uri, lambda d: any(x["code"] == "R200" for x in d))
    r200 = next(d for d in found if d["code"] == "R200")
    assert r200["severity"] == 1 and "T-999" in r200["message"]
    line, character = _position(text, "T-100")
    assert r200["range"]["start"] == {"line": line, "character": character}
    client.change(uri, text, 3)
    assert _codes(client.wait_for(uri, lambda d: not any(x["code"] == "R200" for x in d))) == _lint_codes(rules)


def test_a_catalog_edit_rechecks_the_files_that_use_it(client: Client, workspace: Path) -> None:
    catalog, rules = workspace / "catalog.comp", workspace / "rules.comp"
    rules_uri = from_fs_path(str(rules.resolve()))
    client.wait_for(rules_uri, lambda d: True)
    text = catalog.read_text(encoding="utf-8")
    uri = client.open(catalog)
    client.change(
        uri, text.replace('  exam T-100 "Fixture Fundamentals" available 2020-01-01 retired 2024-06-30\n', ""), 2
    )
    found = client.wait_for(rules_uri, lambda d: any(x["code"] == "R200" for x in d))
    assert any("T-100" in d["message"] for d in found)
    client.change(uri, text, 3)
    assert _codes(client.wait_for(rules_uri, lambda d: not any(x["code"] == "R200" for x in d))) == _lint_codes(rules)


def test_edits_in_quick_succession_are_checked_once(workspace: Path) -> None:
    client = Client(workspace, debounce=0.5)
    try:
        rules = workspace / "rules.comp"
        text = rules.read_text(encoding="utf-8")
        uri = client.open(rules)
        client.wait_for(uri, lambda d: True)  # the check on start
        before = client.publications[uri]
        for version, wrong in enumerate(["T-901", "T-902", "T-903", "T-904"], start=2):
            client.change(uri, text.replace("pass T-100", f"pass {wrong}"), version)
        found = client.wait_for(uri, lambda d: any("T-9" in x["message"] for x in d))
        assert [d["message"] for d in found if d["code"] == "R200"] == [
            "unknown credential 'T-904': it is not in the catalog"
        ]
        assert client.publications[uri] == before + 1
    finally:
        client.close()


def test_files_created_and_deleted_on_disk_join_and_leave_the_workspace(client: Client, workspace: Path) -> None:
    extra = workspace / "extra.comp"
    extra.write_text((workspace / "rules.comp").read_text(encoding="utf-8").replace("T-100", "T-777"), encoding="utf-8")
    uri = from_fs_path(str(extra.resolve()))
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri, "type": 1}]})
    assert any("T-777" in d["message"] for d in client.wait_for(uri, lambda d: any(x["code"] == "R200" for x in d)))
    extra.unlink()
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri, "type": 3}]})
    assert client.wait_for(uri, lambda d: not d) == []


def test_a_half_typed_file_gets_syntax_errors_not_a_crash(client: Client, workspace: Path) -> None:
    rules = workspace / "rules.comp"
    text = rules.read_text(encoding="utf-8")
    uri = client.open(rules)
    half = text[: text.index("2 persons") + len("2 persons each pa")]
    client.change(uri, half, 2)
    found = client.wait_for(uri, lambda d: any(x["code"].startswith("S") for x in d))
    assert [d["code"] for d in found] == [
        d.code for d in lint_sources([parse_source(half, str(rules))], Settings(), [])[1]
    ]
    assert client.request("textDocument/hover", client.at(uri, *_position(half, "2 persons"))) is None
    assert client.request("textDocument/completion", client.at(uri, *_position(half, "pa", 2)))["items"]
    assert client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}) == []
    assert (
        client.request(
            "textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}
        )
        is None
    )


def test_hover_definition_and_references(client: Client, workspace: Path) -> None:
    rules, catalog = workspace / "rules.comp", workspace / "catalog.comp"
    text = rules.read_text(encoding="utf-8")
    uri = client.open(rules)
    hover = client.request("textDocument/hover", client.at(uri, *_position(text, "T-100", 2)))["contents"]["value"]
    assert (
        "exam" in hover
        and "Fixture Fundamentals" in hover
        and "available from 2020-01-01" in hover
        and "retired 2024-06-30" in hover
    )
    hover = client.request("textDocument/hover", client.at(uri, *_position(text, "fixture-revenue")))["contents"][
        "value"
    ]
    assert "unit: USD" in hover
    hover = client.request("textDocument/hover", client.at(uri, *_position(text, "admins\n")))["contents"]["value"]
    assert "one_of(T-200, T-CERT)" in hover
    hover = client.request("textDocument/hover", client.at(uri, *_position(text, "2 persons")))["contents"]["value"]
    assert (
        hover
        == "- 2 individuals must each pass T-100 (Fixture Fundamentals; available from 2020-01-01, retired 2024-06-30)"
    )

    [found] = client.request("textDocument/definition", client.at(uri, *_position(text, "T-100")))
    catalog_text = catalog.read_text(encoding="utf-8")
    assert found["uri"] == from_fs_path(str(catalog.resolve()))
    assert (found["range"]["start"]["line"], found["range"]["start"]["character"]) == _position(catalog_text, "T-100")
    [group] = client.request("textDocument/definition", client.at(uri, *_position(text, "admins\n")))
    assert (group["range"]["start"]["line"], group["range"]["start"]["character"]) == _position(text, "admins")

    params = {**client.at(uri, *_position(text, "T-200")), "context": {"includeDeclaration": True}}
    assert len(client.request("textDocument/references", params)) == 2  # the catalog's and the group's
    params["context"]["includeDeclaration"] = False
    [use] = client.request("textDocument/references", params)
    assert use["uri"] == uri


def test_completion_and_symbols(client: Client, workspace: Path) -> None:
    rules = workspace / "rules.comp"
    text = rules.read_text(encoding="utf-8")
    typed = text.replace("2 persons each pass T-100", "2 persons each pass ")
    uri = client.open(rules, typed)
    items = client.request("textDocument/completion", client.at(uri, *_position(typed, "pass \n", 5)))["items"]
    by_label = {i["label"]: i for i in items}
    assert by_label["T-100"]["detail"] == "exam: Fixture Fundamentals" and "admins" in by_label
    assert "competency" not in by_label  # not a keyword where a credential goes
    metric = typed.replace("metric fixture-revenue", "metric ")
    client.change(uri, metric, 2)
    items = client.request("textDocument/completion", client.at(uri, *_position(metric, "metric ", 7)))["items"]
    assert "fixture-revenue" in {i["label"] for i in items}
    association = text.replace("association fixture-partner", "association fixture-partner or ")
    client.change(uri, association, 3)
    items = client.request("textDocument/completion", client.at(uri, *_position(association, "or \n", 3)))["items"]
    assert "fixture-partner" in {i["label"] for i in items} and "T-100" not in {i["label"] for i in items}
    level = text.replace("level gold", "level ")
    client.change(uri, level, 3)
    items = client.request("textDocument/completion", client.at(uri, *_position(level, "level  {", 6)))["items"]
    assert [i["label"] for i in items] == ["silver", "gold"]
    client.change(uri, text, 4)
    [competency] = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert competency["name"] == "fixture-rules"
    assert [(o["name"], [lv["name"] for lv in o["children"]]) for o in competency["children"]] == [
        ("main", ["silver", "gold"])
    ]


def test_formatting_is_fmt(client: Client, workspace: Path) -> None:
    rules = workspace / "rules.comp"
    messy = rules.read_text(encoding="utf-8").replace("  levels silver < gold", "levels   silver<gold")
    uri = client.open(rules, messy)
    params = {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}
    [edit] = client.request("textDocument/formatting", params)
    assert edit["newText"] == format_text(messy, str(rules)) == rules.read_text(encoding="utf-8")
    assert edit["range"]["start"] == {"line": 0, "character": 0}


def _edited_by(text: str, edits: list[dict]) -> str:
    """The text with the protocol's text edits applied (the texts here are ASCII: code units are characters)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(position: dict) -> int:
        return starts[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = text[: offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]) :]
    return text


def test_a_quick_fix_writes_the_credential_meant_and_the_finding_clears(client: Client, workspace: Path) -> None:
    rules = workspace / "rules.comp"
    text = rules.read_text(encoding="utf-8")
    uri = client.open(rules)
    typo = text.replace("pass T-100", "pass T-1000")
    client.change(uri, typo, 2)
    found = client.wait_for(uri, lambda d: any(x["code"] == "R200" for x in d))
    [r200] = [d for d in found if d["code"] == "R200"]
    params = {"textDocument": {"uri": uri}, "range": r200["range"], "context": {"diagnostics": [r200]}}
    [action] = client.request("textDocument/codeAction", params)
    assert (action["kind"], action["title"], action["isPreferred"]) == (
        "quickfix",
        "Replace 'T-1000' with 'T-100'",
        True,
    )
    assert action["diagnostics"] == [r200]
    after = _edited_by(typo, action["edit"]["changes"][uri])
    assert after == text
    client.change(uri, after, 3)
    assert _codes(client.wait_for(uri, lambda d: not any(x["code"] == "R200" for x in d))) == _lint_codes(rules)
    assert client.request("textDocument/codeAction", params) == []  # nothing left to fix there
    refactorings = {**params, "context": {"diagnostics": [], "only": ["refactor"]}}
    client.change(uri, typo, 4)
    client.wait_for(uri, lambda d: any(x["code"] == "R200" for x in d))
    assert client.request("textDocument/codeAction", refactorings) == []  # only quick fixes are offered


def test_on_the_builtin_library(builtin_client: Client) -> None:
    crm = builtin_dir() / "cloud-crm.comp"
    uri = from_fs_path(str(crm.resolve()))
    assert builtin_client.wait_for(uri, lambda d: True) == []
    text = crm.read_text(encoding="utf-8")
    builtin_client.open(crm)
    hover = builtin_client.request("textDocument/hover", builtin_client.at(uri, *_position(text, "MB2-714")))
    assert "**exam** `MB2-714`" in hover["contents"]["value"]
    [found] = builtin_client.request("textDocument/definition", builtin_client.at(uri, *_position(text, "MB2-714")))
    assert found["uri"].endswith("/catalog.comp")
    params = {**builtin_client.at(uri, *_position(text, "MB2-714")), "context": {"includeDeclaration": False}}
    assert len(builtin_client.request("textDocument/references", params)) >= 2
    symbols = builtin_client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in symbols] == ["cloud-crm", "cloud-crm"]  # two versions
    items = builtin_client.request("textDocument/completion", builtin_client.at(uri, *_position(text, "MB2-714")))
    assert "MB2-714" in {i["label"] for i in items["items"]}


# ---- the answers without the protocol ------------------------------------------------------


@pytest.fixture(scope="module")
def builtin_snapshot() -> features.Snapshot:
    files = {path: features.File.read(path) for path in BUILTIN}
    return features.check(files, BUILTIN, BUILTIN, Settings())


def test_quick_fixes_are_the_findings_fixes_that_leave_the_file_parsable() -> None:
    path = str(DATA.resolve() / "fixes.comp")
    text = (
        'competency x "X" {\n  source "s"\n  option o "O" {\n    level silver {\n'
        "      1 person passes one_of(T-100, T-200, T-100)  # competency: ignore[L406]\n"
        "      1 person passes T-100 or (T-100 or T-200)\n    }\n  }\n}\n"
    )
    catalog = str((DATA / "catalog.comp").resolve())
    files = {p: features.File.read(p) for p in [*BUILTIN, catalog]} | {path: features.File.of(path, text)}
    snapshot = features.check(files, [path, catalog], BUILTIN, Settings())
    whole = features.fixes(snapshot, path, ast.Span(1, 1, 20, 1))
    assert [(f.diagnostic.code, f.title) for f in whole] == [
        ("L401", "Remove ', T-100'"),
        ("L411", "Remove '# competency: ignore[L406]'"),
    ]  # line 6's repeat is flattened out of parentheses: removing it would break the file
    assert [f.diagnostic.code for f in features.fixes(snapshot, path, ast.Span(5, 60, 5, 60))] == ["L411"]


def test_designation_metric_hover_says_points_and_cap(builtin_snapshot: features.Snapshot) -> None:
    path = next(p for p in BUILTIN if p.endswith("solutions-partner-azure.comp"))
    file = builtin_snapshot.files[path]
    region = next(r for r in file.regions if isinstance(r.node, features.ast.ScoredMetric))
    text, _ = features.hover(builtin_snapshot, path, (region.span.line, region.span.column))
    assert f"({region.node.id}): up to" in text and "points" in text


def test_builtin_diagnostics_are_lints(builtin_snapshot: features.Snapshot) -> None:
    assert [d for found in builtin_snapshot.diagnostics.values() for d in found] == lint([builtin_dir()])


# Edits a typist makes: a stretch of the file deleted, or a fragment of the language inserted.
_FRAGMENTS = st.sampled_from(['"', "{", "}", "(", "or ", "pass ", "metric ", "level ", "MB2-7", "\n", "# ", ">= 5 "])
_EDITS = st.lists(st.tuples(st.floats(0, 1), st.one_of(st.integers(1, 40), _FRAGMENTS)), min_size=1, max_size=4)


def _edited(text: str, edits) -> str:
    for where, edit in edits:
        at = int(where * len(text))
        text = text[:at] + text[at + edit :] if isinstance(edit, int) else text[:at] + edit + text[at:]
    return text


@settings(max_examples=20)
@given(st.sampled_from(BUILTIN), _EDITS, st.floats(0, 1))
def test_fuzzed_edits_never_raise(builtin_snapshot: features.Snapshot, path: str, edits, cursor: float) -> None:
    text = _edited(builtin_snapshot.files[path].text, edits)
    files = {**builtin_snapshot.files, path: features.File.of(path, text)}
    snapshot = features.check(files, BUILTIN, BUILTIN, Settings())
    builtin = [files[p].source.document for p in BUILTIN if files[p].source.document is not None]
    fresh = lint_sources([parse_source(files[p].text, p) for p in BUILTIN], Settings(), builtin)[1]
    assert [d for found in snapshot.diagnostics.values() for d in found] == fresh
    at = int(cursor * len(text))
    line = text[:at].count("\n") + 1
    position = (line, at - (text[:at].rfind("\n") + 1) + 1)
    features.hover(snapshot, path, position)
    features.definition(snapshot, path, position)
    features.references(snapshot, path, position)
    features.completions(snapshot, path, text, position)
    features.symbols(snapshot, path)
    features.formatted(text, path)


def test_fuzzed_edits_through_the_protocol_leave_no_stale_diagnostics(client: Client, workspace: Path) -> None:
    rules = workspace / "rules.comp"
    text = rules.read_text(encoding="utf-8")
    uri = client.open(rules)
    chance = random.Random(15)
    for version in range(2, 12):  # faster than the debounce: only some of them are ever checked
        edits = [(chance.random(), chance.choice([chance.randint(1, 40), "{", "pass ", '"', "T-9"])) for _ in range(3)]
        last = _edited(text, edits)
        client.change(uri, last, version)
    expected = [d.code for d in lint_sources([parse_source(last, str(rules.resolve()))], Settings(), [])[1]]
    assert [d["code"] for d in client.wait_for(uri, lambda d: [x["code"] for x in d] == expected)] == expected


def _message(payload: dict) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", **payload}).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


SESSION = [
    {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
    {"method": "initialized", "params": {}},
    {"id": 2, "method": "shutdown", "params": None},
    {"method": "exit", "params": None},
]


def _run_lsp(stdin: bytes) -> subprocess.CompletedProcess:
    """`competency lsp` in a process of its own, bounded in time and memory."""
    return subprocess.run(
        [sys.executable, "-c", "from competency.cli import main; main()", "lsp"],
        input=stdin,
        capture_output=True,
        timeout=20,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000)),
    )


def test_the_lsp_command_speaks_the_protocol_on_stdio() -> None:
    done = _run_lsp(b"".join(map(_message, SESSION)))
    assert done.returncode == 0, done.stderr
    capabilities = json.loads(done.stdout.split(b"\r\n\r\n")[1].split(b"Content-Length")[0])["result"]["capabilities"]
    assert capabilities["hoverProvider"] and capabilities["definitionProvider"] and capabilities["completionProvider"]


def test_garbage_on_stdin_gets_a_line_each_and_the_session_goes_on() -> None:
    garbage = b"Content-Length: 5\r\n\r\n{{{{{" + b"Content-Length: 9\r\n\r\n[1,2,3,4]" + b"hello\r\n"
    done = _run_lsp(garbage + b"".join(map(_message, SESSION)))
    assert done.returncode == 0, done.stderr
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 2 and all(line.startswith("competency lsp: Unable to handle message: ") for line in lines)
    assert b'"capabilities"' in done.stdout


def test_a_message_longer_than_any_client_sends_is_one_error_line() -> None:
    done = _run_lsp(b"Content-Length: 99999999999\r\n\r\nabc")
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "standard input: error: a message of 99,999,999,999 bytes is over the limit of 67,108,864 [I300]"
    ]


# ---- the TextMate grammar ---------------------------------------------------------------------

GRAMMAR = Path(__file__).parents[1] / "editors" / "textmate" / "competency.tmLanguage.json"


class TextMate:
    """A minimal TextMate tokenizer: the subset the grammar uses (match, begin/end, patterns,
    include, whole-match captures), line by line as editors run grammars. No tokenizer on PyPI
    keeps begin/end regions across lines; the grammar's regexes mean the same in Python."""

    def __init__(self, grammar: dict) -> None:
        self.grammar = grammar
        self.compiled: dict[str, re.Pattern] = {}

    def rules(self, patterns: list[dict]) -> list[dict]:
        out = []
        for rule in patterns:
            if "include" in rule:
                name = rule["include"]
                target = (
                    {"patterns": self.grammar["patterns"]} if name == "$self" else self.grammar["repository"][name[1:]]
                )
                out += (
                    self.rules([target]) if "match" in target or "begin" in target else self.rules(target["patterns"])
                )
            elif "match" in rule or "begin" in rule:
                out.append(rule)
            else:
                out += self.rules(rule["patterns"])
        return out

    def regex(self, source: str) -> re.Pattern:
        return self.compiled.setdefault(source, re.compile(source))

    @staticmethod
    def gap(line: int, pos: int, text: str, scopes: tuple[str, ...], tokens: list, unmatched: list) -> None:
        """Text between matches: a string's or comment's content, else (unless blank) text no rule matched."""
        if scopes and scopes[-1].startswith(("string.", "comment.")):
            if text:
                tokens.append((line, pos + 1, text, scopes))
        elif text.strip():
            unmatched.append(text)

    def tokenize(self, text: str) -> tuple[list[tuple[int, int, str, tuple[str, ...]]], list[str], list[dict]]:
        """The tokens (line, column, text, scopes), the text no rule matched, and the regions left open."""
        tokens, unmatched, stack = [], [], []
        for number, line in enumerate(text.split("\n"), start=1):
            pos = 0
            while True:
                rules = self.rules(stack[-1].get("patterns", []) if stack else self.grammar["patterns"])
                candidates = ([("end", stack[-1])] if stack else []) + [("rule", r) for r in rules]
                best = None
                for what, rule in candidates:
                    found = self.regex(rule["end"] if what == "end" else rule.get("match") or rule["begin"]).search(
                        line, pos
                    )
                    if found and (best is None or found.start() < best[0].start()):
                        best = found, what, rule
                scopes = tuple(r["name"] for r in stack if "name" in r)
                if best is None or (best[0].start() == len(line) and best[1] != "end"):
                    self.gap(number, pos, line[pos:], scopes, tokens, unmatched)
                    break
                found, what, rule = best
                self.gap(number, pos, line[pos : found.start()], scopes, tokens, unmatched)
                if what == "end":
                    capture = rule.get("endCaptures", {}).get("0", {}).get("name")
                    stack.pop()
                elif "begin" in rule:
                    stack.append(rule)
                    capture = rule.get("beginCaptures", {}).get("0", {}).get("name")
                    scopes += (rule["name"],)
                else:
                    capture = rule["name"]
                if found.group():
                    tokens.append((number, found.start() + 1, found.group(), scopes + ((capture,) if capture else ())))
                pos = found.end()
                if what == "end" and not found.group() and pos >= len(line):
                    continue  # a region closed by the end of the line: look again for the rest
                if pos >= len(line):
                    break
        return tokens, unmatched, stack


@pytest.fixture(scope="module")
def textmate() -> TextMate:
    return TextMate(json.loads(GRAMMAR.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: Path(p).stem)
def test_the_grammar_tokenizes_the_builtin_library_with_no_unmatched_region(textmate: TextMate, path: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    tokens, unmatched, still_open = textmate.tokenize(text)
    assert unmatched == [] and still_open == []
    ids = {t.value for t in features.File.of(path, text).tokens if not t.quoted}
    keywords = {text for _, _, text, scopes in tokens if scopes[-1].startswith(("keyword.", "storage."))}
    assert keywords <= set(features.keywords()) | {">=", "<", "="} and ids


def test_the_grammar_knows_every_keyword_of_the_language(textmate: TextMate) -> None:
    tokens, _, _ = textmate.tokenize(" ".join(features.keywords()))
    assert [t[2] for t in tokens if not t[3][-1].startswith(("keyword.", "storage."))] == []


def test_the_grammar_finds_an_unclosed_block(textmate: TextMate) -> None:
    assert textmate.tokenize('competency x "X" {\n  option o "O" {\n')[2]


def test_grammar_scopes_snapshot(textmate: TextMate, golden) -> None:
    text = (builtin_dir() / "datacenter.comp").read_text(encoding="utf-8")
    tokens, _, _ = textmate.tokenize(text)
    golden(
        "".join(f"{line}:{column} {word} {' '.join(scopes)}\n" for line, column, word, scopes in tokens),
        DATA / "datacenter.scopes",
    )


def test_the_vscode_extension_registers_the_grammar_and_the_server() -> None:
    folder = GRAMMAR.parents[1] / "vscode"
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    [language] = manifest["contributes"]["languages"]
    [grammar] = manifest["contributes"]["grammars"]
    assert language["extensions"] == [".comp"] and grammar["language"] == language["id"]
    # A copy, not a link: links break in Windows checkouts, and a packaged extension sees only its folder.
    copy = folder / grammar["path"]
    assert not copy.is_symlink() and copy.read_bytes() == GRAMMAR.read_bytes(), f"copy {GRAMMAR} over {copy}"
    assert (
        json.loads((folder / language["configuration"]).read_text(encoding="utf-8"))["comments"]["lineComment"] == "#"
    )
    assert '"lsp"' in (folder / manifest["main"]).read_text(encoding="utf-8")
