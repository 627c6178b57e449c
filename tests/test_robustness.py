"""No input crashes the parser, the linter or the formatter.

Random bytes, mutated and truncated competency files, deep nesting, huge numbers, non-UTF-8
text and oversized files all end in diagnostics (a `CompetencyError`, or findings), each
with a position inside the file. Partner YAML alias bombs are refused.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from competency.cli import app
from competency.compiler.library import builtin_dir
from competency.errors import CompetencyError, Diagnostic
from competency.language.fmt import format_text
from competency.language.parse import (
    MAX_COUNT,
    MAX_NESTING,
    MAX_SOURCE_BYTES,
    MAX_SYNTAX_ERRORS,
    parse_file,
    parse_text,
)
from competency.linting.linter import Settings, lint
from competency.partners.partner import load_partner

BUILTIN = {p.name: p.read_text(encoding="utf-8") for p in sorted(builtin_dir().glob("*.comp"))}
SAMPLE = BUILTIN["cloud-crm.comp"]


def assert_positions_valid(diagnostics: list[Diagnostic], data: bytes) -> None:
    """Every diagnostic's line is a line of the file and its column is within that line (or just past it)."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    for d in diagnostics:
        assert d.code and d.message
        if d.span is None:
            continue
        assert 1 <= d.span.line <= len(lines), d
        assert 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1, d
        assert (d.span.end_line, d.span.end_column) >= (d.span.line, d.span.column), d


def lint_bytes(tmp_path: Path, data: bytes) -> list[Diagnostic]:
    path = tmp_path / "fuzz.comp"
    path.write_bytes(data)
    found = lint([path], Settings())
    assert all(d.path == str(path) for d in found)
    assert_positions_valid(found, data)
    return found


def format_or_refuse(text: str) -> None:
    try:
        formatted = format_text(text)
    except CompetencyError as exc:
        assert all(d.code.startswith("S") for d in exc.diagnostics), exc.diagnostics
        return
    assert format_text(formatted) == formatted


# ---- fuzzing -----------------------------------------------------------------------------------


@settings(max_examples=60)
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path_factory, data: bytes) -> None:
    lint_bytes(tmp_path_factory.mktemp("fuzz"), data)


@st.composite
def mutated(draw) -> str:
    """A built-in file with a few slices deleted, duplicated or replaced by a token of the language."""
    text = draw(st.sampled_from(sorted(BUILTIN.values())))
    tokens = st.sampled_from(["{", "}", "(", ")", ",", "or", "and", "either", "0", "99999", '"', "#", "\n", "level"])
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 40)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        middle = "" if action == "delete" else text[start:end] * 2 if action == "duplicate" else draw(tokens)
        text = text[:start] + middle + text[end:]
    return text


@settings(max_examples=80)
@given(mutated())
def test_mutated_builtin_files(tmp_path_factory, text: str) -> None:
    lint_bytes(tmp_path_factory.mktemp("fuzz"), text.encode("utf-8"))
    format_or_refuse(text)


@settings(max_examples=100)
@given(st.lists(st.sampled_from([*'{}(),"#\n =<>-_.', "or ", "and ", "1 ", "a ", "level ", "either ", "x "])))
def test_random_token_soup_parses_or_fails_cleanly(tokens: list[str]) -> None:
    format_or_refuse("".join(tokens))


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_prefix_of_a_builtin_file(name: str) -> None:
    text = BUILTIN[name]
    for end in range(0, len(text), max(1, len(text) // 150)):
        format_or_refuse(text[:end])


# ---- limits -------------------------------------------------------------------------------------


def _in_level(requirement: str) -> str:
    return f'competency x "X" {{ option o "O" {{ level silver {{ {requirement} }} }} }}'


@pytest.mark.parametrize(
    "requirement",
    [
        "1 person passes " + "one_of(" * 5_000 + "a" + ")" * 5_000,
        "1 person passes " + "all_of(a, " * 3_000 + "b" + ")" * 3_000,
        "either { " * 2_000 + "attribute a" + " } or { }" * 2_000,
    ],
    ids=["one_of", "all_of", "either"],
)
def test_deep_nesting_is_a_clear_error(tmp_path: Path, requirement: str) -> None:
    with pytest.raises(CompetencyError) as caught:
        parse_text(_in_level(requirement))
    assert [d.code for d in caught.value.diagnostics] == ["S108"]
    assert f"more than {MAX_NESTING} levels" in caught.value.diagnostic.message
    assert [d.code for d in lint_bytes(tmp_path, _in_level(requirement).encode())] == ["S108"]


def test_nesting_within_the_limit_is_accepted() -> None:
    depth = MAX_NESTING // 2 - 10
    document = parse_text(_in_level("1 person passes " + "one_of(" * depth + "a" + ")" * depth))
    assert document.items[0].options[0].levels[0].requirements[0].count == 1


def test_unclosed_parentheses_by_the_hundred_thousand_are_a_syntax_error() -> None:
    with pytest.raises(CompetencyError) as caught:
        parse_text(_in_level("1 person passes " + "(" * 200_000))
    assert caught.value.diagnostic.code == "S100"


@pytest.mark.parametrize(
    ("requirement", "column"),
    [
        ("9" * 5_000 + " persons each pass a", 50),
        (f"{MAX_COUNT + 1} persons each pass a", 50),
        ("2 persons each pass a, " + "9" * 40 + " of them also pass b", 73),
        ("metric m >= " + "1" * 5_000 + " USD", 62),
    ],
    ids=["huge-count", "count-over-limit", "huge-subset", "huge-threshold"],
)
def test_huge_numbers_are_a_clear_error(requirement: str, column: int) -> None:
    with pytest.raises(CompetencyError) as caught:
        parse_text(_in_level(requirement))
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == ("S109", 1, column)


def test_large_thresholds_within_the_limit_format_and_compare() -> None:
    text = _in_level("metric m >= 123456789012345678901234.5 USD")
    assert "123_456_789_012_345_678_901_234.5 USD" in format_text(text)


def test_non_utf8_file_is_reported_at_the_first_bad_byte(tmp_path: Path) -> None:
    found = lint_bytes(tmp_path, b'competency x "X" {\n  source "caf\xe9"\n}\n')
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("S103", 2, 14)]


def test_a_50_mb_file_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.comp"
    with open(path, "wb") as f:
        f.write(("# filler é\n" * 5_000_000).encode("utf-8"))  # about 60 MB; é makes a cut character likely
    assert path.stat().st_size > 10 * MAX_SOURCE_BYTES
    with pytest.raises(CompetencyError) as caught:
        parse_file(str(path))
    assert caught.value.diagnostic.code == "S104"
    assert [d.code for d in lint([path], Settings())] == ["S104"]


def test_many_syntax_errors_are_capped(tmp_path: Path) -> None:
    text = "\n".join(_in_level("1 person passes )") for _ in range(100))
    with pytest.raises(CompetencyError) as caught:
        parse_text(text)
    assert len(caught.value.diagnostics) == MAX_SYNTAX_ERRORS


def test_a_long_garbage_token_gives_a_short_message() -> None:
    with pytest.raises(CompetencyError) as caught:
        parse_text("x" * 100_000)
    assert len(caught.value.diagnostic.message) < 200


# ---- partner data -----------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\npartner: *a9\n", encoding="utf-8")
    with pytest.raises(CompetencyError) as caught:
        load_partner(path)
    assert caught.value.diagnostic.code == "I301"
    assert "alias" in caught.value.diagnostic.message


@pytest.mark.parametrize(
    ("yaml", "line"),
    [
        (
            "partner: !!binary aGVsbG8=",
            "p.yaml:1:10: error: partner: must be a text, not binary data (!!binary) [I302]",
        ),
        ("partner: !!set {a, b}", "p.yaml:1:10: error: partner: must be a text, not a set (!!set) [I302]"),
        (
            "partner: P\npeople: !!omap [{a: 1}]",
            "p.yaml:2:17: error: people[0]: must be a mapping, not a pair (!!omap, !!pairs) [I302]",
        ),
        ("partner: P\nmetrics: {1: 5}", "p.yaml:2:10: error: metrics: must be a text, not a number [I302]"),
        ("partner: P\n2017-01-01: x", "p.yaml:2:13: error: 2017-01-01: unknown field '2017-01-01' [I302]"),
        ("partner: !!python/object:os.system x", "p.yaml:1:10: error: invalid YAML: could not determine a constructor"),
    ],
    ids=["binary", "set", "omap", "integer-key", "date-key", "python-tag"],
)
def test_yaml_tags_and_keys_that_are_no_partner_data_are_one_line_naming_them(
    tmp_path: Path, yaml: str, line: str
) -> None:
    (tmp_path / "p.yaml").write_text(yaml + ("" if "people" in yaml else "\npeople: []") + "\n", encoding="utf-8")
    done = _cli(["eval", "p.yaml"], b"", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.decode().startswith(line), done.stderr
    assert done.stderr.count(b"\n") == 1


HUGE = "9" * 5_000  # more digits than int() reads


NO_NUMBER = {"nan": "NaN", "infinity": "-Infinity", "1e309": "1e309", "huge": HUGE}
NUMBER_CASES = [  # batch reads JSON Lines only
    (command, suffix, value, f"{command}-{suffix}-{label}")
    for command in ("eval", "plan", "batch")
    for suffix, values in (("json", NO_NUMBER), ("yaml", {"nan": ".nan", "huge": HUGE}))
    if not (command == "batch" and suffix == "yaml")
    for label, value in values.items()
]


@pytest.mark.parametrize(
    ("command", "suffix", "value"), [c[:3] for c in NUMBER_CASES], ids=[c[3] for c in NUMBER_CASES]
)
def test_a_metric_no_number_can_hold_is_refused_at_its_data_path(
    tmp_path: Path, command: str, suffix: str, value: str
) -> None:
    text = f'{{"partner": "P", "metrics": {{"crm-net-new-revenue": {value}}}, "people": []}}'
    path = tmp_path / ("p.jsonl" if command == "batch" else f"p.{suffix}")
    path.write_text(text + "\n", encoding="utf-8")
    extra = ["--workers", "1"] if command == "batch" else []
    result = CliRunner().invoke(app, [command, str(path), "-c", "cloud-crm", *extra])
    message = "must be a finite number below 10^24"
    if command == "batch":  # the record is rejected with the data path, and the batch goes on
        assert result.exit_code == 1, result.stderr
        record = json.loads(result.stdout)
        assert (record["error"]["where"], record["error"]["message"]) == ("metrics.crm-net-new-revenue", message)
    else:
        assert result.exit_code == 2, result.stderr
        assert result.stderr.splitlines() == [f"{path}:1:53: error: metrics.crm-net-new-revenue: {message} [I302]"]


# ---- the command, on standard input ---------------------------------------------------------------

CLOSED = None  # standard input closed: the process has no descriptor 0


def _cli(args: list[str], stdin: bytes | None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    src = str(Path(__file__).parent.parent / "src")

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))
        if stdin is CLOSED:
            os.close(0)

    return subprocess.run(
        [sys.executable, "-c", "from competency.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))},
        preexec_fn=bounded,
        cwd=cwd,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "stdin", "line"),
    [
        (["eval", "-"], CLOSED, "<stdin>: error: cannot read standard input: it is closed [I300]"),
        (["batch", "-"], CLOSED, "<stdin>: error: cannot read standard input: it is closed [I300]"),
        (["lint", "-"], CLOSED, "<stdin>: error: cannot read standard input: it is closed [I300]"),
        (["eval", "-"], b"", "<stdin>: error: (top level): must be a mapping, not null [I302]"),
        (["eval", "-"], b"partner: \xff\n", "<stdin>:1:10: error: file is not valid UTF-8 text [I301]"),
        (
            ["eval", "-"],
            b"partner: P\npeople: [{id: a, credentials: [{code: MB2-714, date: 2019-1-01}]}]\n",
            '<stdin>:2:54: error: people[0].credentials[0].date: must be a date YYYY-MM-DD, not "2019-1-01" [I302]',
        ),
        (
            ["lint", "-", "--stdin-filename", "big.comp"],
            b"#" * (MAX_SOURCE_BYTES + 1),
            f"big.comp:1:1: error: file is larger than {MAX_SOURCE_BYTES:,} bytes; split it up [S104]",
        ),
        (
            ["fmt", "-"],
            b"#" * (MAX_SOURCE_BYTES + 1),
            f"<stdin>:1:1: error: file is larger than {MAX_SOURCE_BYTES:,} bytes; split it up [S104]",
        ),
    ],
    ids=[
        "eval-closed",
        "batch-closed",
        "lint-closed",
        "eval-empty",
        "eval-not-utf8",
        "eval-bad-date",
        "lint-big",
        "fmt-big",
    ],
)
def test_standard_input_is_read_within_bounds_and_refused_in_one_line(args: list[str], stdin, line: str) -> None:
    done = _cli(args, stdin)
    assert (done.returncode, done.stderr.decode().splitlines()[:1]) == (2, [line])
    assert "Traceback" not in done.stderr.decode()
