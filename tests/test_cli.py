"""The `competency` command: output, exit codes, and bad input reported without a traceback.

Most tests run the Typer app in-process (CliRunner); a few run the installed console script.
The golden diagnostics of tests/data/{parse,compile,partner} are reused: the CLI must print
exactly those, and exit 2.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pty
import resource
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import competency
from competency.cli import app
from competency.compiler.library import builtin_dir
from competency.terminal import escape

DATA = Path(__file__).parent / "data"
CONTOSO = DATA / "engine" / "greedy-fails.yaml"  # silver through the matching, on 2017-09-01
CRM = ["-c", "cloud-crm"]

MY_CRM = """
competency cloud-crm "My CRM" {
  effective 2017-01-01
  option mine "Mine" {
    level silver {
      1 person passes MB2-714
    }
    level gold {
      2 persons each pass MB2-712
    }
  }
}
"""


def run(*args: str | Path, code: int):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == code, result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


# ---- the app -----------------------------------------------------------------------------


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    assert run("--version", code=0).stdout == f"competency {version('competency')}\n"


def test_batch_help_names_the_dask_extra_as_pip_spells_it() -> None:
    result = CliRunner().invoke(app, ["batch", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "(extra: competency[dask])" in " ".join(result.stdout.split())  # wherever the help wraps


# ---- eval -------------------------------------------------------------------------------


def test_eval_text_names_the_level_and_who_fills_which_slot() -> None:
    out = run("eval", CONTOSO, *CRM, code=0).stdout
    assert out.startswith("Contoso Ltd: evaluated on 2017-09-01, developed market\n")
    assert "  attained: SILVER through option cloud-crm-reseller\n" in out
    sales = "one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)"
    assert "  cloud-crm-reseller / silver: met\n" in out
    assert f"    + 1 person passes {sales}\n        filled by bruno\n" in out
    assert "    + 1 person passes one_of(MB2-712, MB2-707)\n        filled by ana\n" in out


def test_eval_json_shape() -> None:
    document = json.loads(run("eval", CONTOSO, *CRM, "--format", "json", code=0).stdout)
    assert {"partner", "as_of", "results"} <= document.keys()
    assert (document["partner"], document["as_of"]) == ("Contoso Ltd", "2017-09-01")
    (result,) = document["results"]
    assert {"competency", "level", "option", "levels"} <= result.keys()
    assert (result["competency"], result["level"], result["option"]) == ("cloud-crm", "silver", "cloud-crm-reseller")
    assert [(lv["level"], lv["option"], lv["met"]) for lv in result["levels"]] == [
        ("silver", "cloud-crm-reseller", True),
        ("gold", "cloud-crm-reseller", False),
    ]
    silver = result["levels"][0]
    assert {"level", "option", "met", "requirements"} <= silver.keys()
    people = [r for r in silver["requirements"] if r["kind"] == "people"]
    assert [r["persons"] for r in people] == [["bruno"], ["ana"]]


def test_eval_json_is_stable() -> None:
    outputs = {run("eval", CONTOSO, *CRM, "-f", "json", code=0).stdout for _ in range(3)}
    assert len(outputs) == 1


def test_eval_evaluates_only_the_competencies_asked_for() -> None:
    everything = json.loads(run("eval", CONTOSO, "-f", "json", code=0).stdout)["results"]
    assert "cloud-crm" in [r["competency"] for r in everything]
    only = json.loads(run("eval", CONTOSO, "--competency", "cloud-crm", "-f", "json", code=0).stdout)["results"]
    assert [r["competency"] for r in only] == ["cloud-crm"]


def test_a_competency_asked_for_twice_is_reported_once() -> None:
    asked = ("-c", "cloud-crm", "-c", "datacenter", "-c", "cloud-crm")
    results = json.loads(run("eval", CONTOSO, *asked, "-f", "json", code=0).stdout)["results"]
    assert [r["competency"] for r in results] == ["cloud-crm", "datacenter"]
    builtin = builtin_dir() / "cloud-crm.comp"
    once = run("diff", builtin, builtin, "--old-date", "2017-08-01", "--new-date", "2018-01-01", *asked, code=1)
    assert once.stdout.count("credential added: MB2-717") == 2  # silver and gold, not twice each


@pytest.mark.parametrize(
    ("day", "effective", "in_force"),
    [("2017-07-06", None, False), ("2017-12-14", "2017-07-07", True), ("2017-12-15", "2017-12-15", True)],
)
def test_eval_as_of_picks_the_version(day: str, effective: str | None, in_force: bool) -> None:
    document = json.loads(run("eval", CONTOSO, *CRM, "--as-of", day, "-f", "json", code=0).stdout)
    (result,) = document["results"]
    assert (document["as_of"], result["effective"], result["in_force"]) == (day, effective, in_force)


def test_eval_before_any_version_says_so_in_text() -> None:
    out = run("eval", CONTOSO, *CRM, "--as-of", "2017-07-06", code=0).stdout
    assert "no version of this competency is in force on that date" in out


def test_a_user_library_replaces_the_builtin_competency(tmp_path: Path) -> None:
    (tmp_path / "crm.comp").write_text(MY_CRM, encoding="utf-8")
    (result,) = json.loads(run("eval", CONTOSO, *CRM, "--library", tmp_path, "-f", "json", code=0).stdout)["results"]
    assert (result["title"], result["effective"], result["level"], result["option"]) == (
        "My CRM",
        "2017-01-01",
        "silver",
        "mine",
    )
    listing = run("list", "--library", tmp_path, code=0).stdout
    assert "My CRM" in listing and "versions: 2017-01-01; options: mine" in listing


@pytest.mark.parametrize(("level", "code"), [("silver", 0), ("gold", 1)])
def test_require(level: str, code: int) -> None:
    run("eval", CONTOSO, *CRM, "--require", level, code=code)


def test_require_not_attained_names_who_fell_short_and_their_level() -> None:
    result = run("eval", CONTOSO, *CRM, "-c", "datacenter", "--require", "gold", code=1)
    assert result.stderr == "error: --require gold: not attained by cloud-crm (silver), datacenter (none)\n"


def test_require_an_unknown_level_is_a_usage_error_before_anything_is_evaluated() -> None:
    result = run("eval", CONTOSO, *CRM, "--require", "platinum", code=2)
    assert result.stderr == "error: --require platinum: competency 'cloud-crm' has levels silver, gold\n"
    assert result.stdout == ""


def test_require_a_misspelt_level_suggests_the_level_meant() -> None:
    result = run("eval", CONTOSO, *CRM, "--require", "glod", code=2)
    assert (
        result.stderr == "error: --require glod: competency 'cloud-crm' has levels silver, gold; did you mean 'gold'?\n"
    )


def test_an_unknown_competency_is_an_input_error() -> None:
    result = run("eval", CONTOSO, "-c", "cloud-cmr", code=2)
    assert "error: unknown competency 'cloud-cmr'; known: " in result.stderr
    assert result.stderr.rstrip().endswith("[I303]")


def test_a_bad_as_of_is_a_usage_error() -> None:
    assert "'2017-13-01' is not a date (YYYY-MM-DD)" in run("eval", CONTOSO, "--as-of", "2017-13-01", code=2).stderr


# ---- list, show -------------------------------------------------------------------------


def test_list_shows_versions_and_options() -> None:
    out = run("list", code=0).stdout
    line = next(i for i, text in enumerate(out.splitlines()) if text.startswith("cloud-crm "))
    assert "Cloud Customer Relationship Management" in out.splitlines()[line]
    assert out.splitlines()[line + 1].strip() == "versions: 2017-07-07, 2017-12-15; options: cloud-crm-reseller"


def test_show_source_reads_back_as_the_same_rules(library) -> None:
    out = run("show", "cloud-crm", "--as-of", "2017-09-01", "--format", "source", code=0).stdout
    (shown,) = competency.parse_text(out).items
    assert shown == library.in_force("cloud-crm", dt.date(2017, 9, 1)).syntax


def test_show_an_unknown_competency_is_an_input_error() -> None:
    run("show", "cloud-cmr", code=2)


# ---- lint -------------------------------------------------------------------------------


def test_lint_clean() -> None:
    result = run("lint", builtin_dir() / "cloud-crm.comp", code=0)
    assert (result.stdout, result.stderr) == ("", "")


# What a lint answered from the cache has no use for: the parser, the compiler, the checks.
NOT_IMPORTED_BY_A_CACHED_LINT = (
    "lark",
    "competency.language.parse",
    "competency.language.ast",
    "competency.compiler.compile",
    "competency.compiler.plan",
    "competency.engine.result",
    "competency.linting.checks",
)


def test_a_cached_lint_imports_neither_parser_nor_compiler(tmp_path: Path) -> None:
    src = str(Path(__file__).parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    modules = "import atexit, sys; atexit.register(lambda: print(*sys.modules, file=sys.stderr))"
    lint = f"{modules}; sys.argv[1:] = ['lint', {str(builtin_dir())!r}]; from competency.cli import main; main()"
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run(
            [sys.executable, "-c", lint],
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, "XDG_CACHE_HOME": str(tmp_path)},
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000)),
            check=False,
        )
        assert done.returncode == 0, done.stderr
    imported = set(done.stderr.split())
    assert "competency.linting.linter" in imported
    assert imported.isdisjoint(NOT_IMPORTED_BY_A_CACHED_LINT), imported & set(NOT_IMPORTED_BY_A_CACHED_LINT)


def test_lint_findings_with_line_and_caret() -> None:
    path = DATA / "compile" / "err_unknown_names.comp"
    result = run("lint", path, code=1)
    lines = result.stdout.splitlines()
    first = lines.index(f"{path}:4:39: error: unknown credential 'MB2-999': it is not in the catalog [R200]")
    assert lines[first + 1 : first + 3] == [
        "        1 person passes one_of(MB2-714, MB2-999)",
        "                                        ^^^^^^^",
    ]
    errors = [line.split(": error: ")[1] for line in lines if ": error: " in line]
    assert [e[-6:] for e in errors] == ["[R200]", "[R201]", "[R202]", "[R203]", "[R204]"]
    assert result.stderr.endswith(" problems found\n")


def test_lint_a_syntax_error_is_a_finding() -> None:
    path = DATA / "parse" / "err_unexpected_token.comp"
    result = run("lint", path, code=1)
    assert result.stdout.startswith(f"{path}:5:5: error: expected a credential condition")


# ---- bad input: the golden diagnostics, exit 2 ------------------------------------------


def _expected(golden: Path, source: Path) -> str:
    """A golden diagnostic names the file by its name; the CLI names it as it was given."""
    return golden.read_text(encoding="utf-8").replace(source.name, str(source))


@pytest.mark.parametrize("path", sorted((DATA / "parse").glob("err_*.comp")), ids=lambda p: p.stem)
def test_a_syntax_error_in_a_library_file(path: Path) -> None:
    result = run("eval", CONTOSO, "--library", path, code=2)
    assert result.stderr == _expected(path.with_suffix(".err"), path)


@pytest.mark.parametrize("path", sorted((DATA / "compile").glob("err_*.comp")), ids=lambda p: p.stem)
def test_a_semantic_error_in_a_library_file(path: Path) -> None:
    result = run("list", "--library", path, code=2)
    expected = _expected(path.with_suffix(".err"), path)
    assert sorted(result.stderr.splitlines()) == sorted(expected.splitlines())  # the same findings, in any order


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (DATA / "partner").iterdir() if p.name.startswith("err_") and p.suffix in {".yaml", ".json"}),
    ids=lambda p: p.name,
)
def test_bad_partner_data(path: Path) -> None:
    result = run("eval", path, code=2)
    assert result.stderr == _expected(path.with_name(path.stem + ".err"), path)


def test_missing_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert (
        run("eval", missing, code=2).stderr == f"{missing}: error: cannot read file: No such file or directory [I300]\n"
    )
    assert (
        run("list", "-L", tmp_path / "lib", code=2).stderr
        == f"{tmp_path / 'lib'}: error: no such file or directory [I300]\n"
    )


def test_a_library_file_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.comp"
    big.write_bytes(b"#" * 5_000_001)
    result = run("eval", CONTOSO, "-L", big, code=2)
    assert result.stderr.startswith(f"{big}:1:1: error: file is larger than 5,000,000 bytes; split it up [S104]\n")


# ---- terminal safety: data cannot drive the terminal or flood it --------------------------

FORGED = "\x1b]0;pwned\x07\rerror: forged\u202e"  # sets the window title, forges a line, flips the text
SHOWN = "\\x1b]0;pwned\\x07\\rerror: forged\\u202e"


def assert_terminal_safe(text: str) -> None:
    """No control, format, surrogate or separator character but the report's own line feeds."""
    raw = [c for c in text if c != "\n" and unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"}]
    assert not raw


def test_escape_writes_what_a_terminal_would_act_on_as_escapes() -> None:
    assert escape("a\x1b[2J\x07\r\n\t\x7f\x9b") == "a\\x1b[2J\\x07\\r\\n\\t\\x7f\\x9b"
    assert escape("\u202e\u2066\u200f\u061c\u2028\u2029\ud800") == "\\u202e\\u2066\\u200f\\u061c\\u2028\\u2029\\ud800"
    assert escape("Zoë 山田 \U0001f469\u200d\U0001f4bb \\ ok") == "Zoë 山田 \U0001f469\u200d\U0001f4bb \\ ok"


def _forged_partner(tmp_path: Path) -> Path:
    path = tmp_path / "forged.json"
    people = [
        {"id": "ana" + FORGED, "credentials": ["MB2-712", "MB2-714", "MB2-710"]},
        {"id": "bruno" + FORGED, "credentials": ["bogus" + FORGED]},
    ]
    path.write_text(json.dumps({"partner": "Evil" + FORGED, "as_of": "2017-09-01", "people": people}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "person"),
    [
        (["eval", *CRM, "--key-people"], "ana"),  # fills a slot
        (["plan", *CRM, "--level", "gold"], "bruno"),  # has credentials to pass
        (["plan", *CRM, "--level", "gold", "-f", "markdown"], "bruno"),
    ],
    ids=["eval", "plan", "plan-markdown"],
)
def test_reports_escape_the_controls_in_partner_data(tmp_path: Path, args: list[str], person: str) -> None:
    command, *options = args
    out = run(command, _forged_partner(tmp_path), *options, code=0).stdout
    assert_terminal_safe(out)
    assert f"Evil{SHOWN}: " in out.splitlines()[0]
    assert f"{person}{SHOWN}" in out


def test_eval_text_escapes_a_forged_credential_in_its_warning(tmp_path: Path) -> None:
    out = run("eval", _forged_partner(tmp_path), *CRM, code=0).stdout
    assert f"warning: people[1].credentials[0]: unknown credential 'bogus{SHOWN}'" in out


def test_a_diagnostic_escapes_the_controls_it_echoes(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    people = [{"id": "ana" + FORGED}, {"id": "ana" + FORGED}]
    path.write_text(json.dumps({"partner": "p", "people": people}), encoding="utf-8")
    err = run("eval", path, code=2).stderr
    assert_terminal_safe(err)
    assert err == f"{path}:1:92: error: people[1].id: duplicate person id 'ana{SHOWN}' (first at people[0]) [I302]\n"


def test_a_diagnostic_cuts_a_huge_value_it_echoes(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"partner": "p", "people": [{"id": "a", "credentials": ["A" * 1_000_000]}]}))
    err = run("eval", path, code=2).stderr
    assert err.count("\n") == 1 and len(err) < 1_200
    assert "AAA...AAA" in err and err.endswith(" [I302]\n")


def test_eval_text_lists_the_first_100_warnings_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "typos.json"
    people = [{"id": f"p{i}", "credentials": [f"TYPO-{i}"]} for i in range(150)]
    path.write_text(json.dumps({"partner": "p", "as_of": "2017-09-01", "people": people}), encoding="utf-8")
    out = run("eval", path, *CRM, code=0).stdout.splitlines()
    assert sum(line.startswith("warning: ") for line in out) == 100
    assert out[101] == "... and 50 more problems (use --format json for all)"


def test_a_library_error_under_a_long_line_shows_a_window_of_it(tmp_path: Path) -> None:
    path = tmp_path / "long.comp"
    path.write_text(f'competency long "{"x" * 900_000}\x1b[2J" ]\n', encoding="utf-8")
    err = run("eval", CONTOSO, "-L", path, code=2).stderr
    assert_terminal_safe(err)
    head, shown, caret = err.splitlines()
    assert head.startswith(f"{path}:1:")
    assert shown.endswith('x\\x1b[2J" ]') and caret.index("^") == shown.index("]")


MARKDOWN_SHOWN = SHOWN.replace("\\", "\\\\").replace("]", "\\]")  # Markdown escapes backslashes and brackets


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["list"], SHOWN),
        (["show", "cloud-crm"], SHOWN),
        (["show", "cloud-crm", "-f", "markdown"], MARKDOWN_SHOWN),
        (["show", "cloud-crm", "-f", "source"], SHOWN),
        (["show", "cloud-crm", "-f", "json"], json.dumps(FORGED)[1:-1]),
    ],
    ids=["list", "show", "show-markdown", "show-source", "show-json"],
)
def test_a_title_in_a_rule_file_is_printed_escaped(tmp_path: Path, args: list[str], shown: str) -> None:
    comp = tmp_path / "crm.comp"
    comp.write_text(MY_CRM.replace('"My CRM"', f'"My CRM{FORGED}"'), encoding="utf-8")
    out = run(*args, "-L", comp, code=0).stdout
    assert_terminal_safe(out)
    assert f"My CRM{shown}" in out


# ---- the installed console script -------------------------------------------------------


def _script() -> str:
    beside = Path(sys.executable).parent / "competency"
    found = str(beside) if beside.exists() else shutil.which("competency")
    assert found, "the competency console script is not installed"
    return found


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["eval", str(CONTOSO), "-c", "cloud-crm", "--require", "silver"], 0),
        (["eval", str(CONTOSO), "-c", "cloud-crm", "--require", "gold"], 1),
        (["eval", str(DATA / "partner" / "err_bad_date.yaml")], 2),
        (["eval", str(DATA / "partner" / "err_nan_metric.json")], 2),
    ],
    ids=["met", "not-met", "bad-data", "nan-metric"],
)
def test_console_script_exit_codes(args: list[str], code: int) -> None:
    done = subprocess.run([_script(), *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    if code == 2:
        assert done.stderr.count("\n") == 1 and "error:" in done.stderr


def test_eval_of_several_competencies_starts_with_a_summary_line_each() -> None:
    result = run("eval", CONTOSO, *CRM, "-c", "datacenter", code=0)
    assert result.stdout.splitlines()[1:5] == [
        "",
        "  cloud-crm   SILVER through option cloud-crm-reseller",
        "  datacenter  nothing yet",
        "",
    ]


def _main(args: list[str], stderr=subprocess.PIPE, stdout=subprocess.PIPE, stdin=None, **env: str) -> subprocess.Popen:
    """`competency ARGS` (this checkout's code) in a memory-bound process."""
    src = str(Path(__file__).parent.parent / "src")
    path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", "from competency.cli import main; main()", *args],
        stdin=stdin,
        stdout=stdout,
        stderr=stderr,
        env={**os.environ, "PYTHONPATH": path, **env},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000)),
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "--bogus"], "No such option: --bogus; see 'competency eval --help'"),
        (["eval"], "Missing argument 'PARTNER_FILE'; see 'competency eval --help'"),
        (["nope"], "No such command 'nope'; see 'competency --help'"),
    ],
    ids=["unknown-option", "missing-argument", "unknown-command"],
)
def test_a_usage_error_off_a_terminal_is_one_plain_line(args: list[str], message: str) -> None:
    process = _main(args)
    out, err = process.communicate(timeout=20)
    assert (process.returncode, out, err.decode()) == (2, b"", f"competency: error: {message}\n")


def _read_out(controller: int) -> bytes:
    """What a terminal shows, once the process writing to it has gone."""
    shown = b""
    with contextlib.suppress(OSError):  # EIO: the process has gone and the terminal is read out
        while chunk := os.read(controller, 65536):
            shown += chunk
    os.close(controller)
    return shown


@pytest.mark.parametrize(("no_color", "plain"), [("1", True), ("", False)])
def test_a_usage_error_on_a_terminal_is_plain_with_no_color(no_color: str, plain: bool) -> None:
    controller, terminal = pty.openpty()
    process = _main(["eval", "--bogus"], stderr=terminal, NO_COLOR=no_color)
    os.close(terminal)
    process.communicate(timeout=20)
    shown = _read_out(controller)
    assert process.returncode == 2
    plain_line = b"competency: error: No such option: --bogus; see 'competency eval --help'\r\n"
    assert (shown == plain_line) is plain
    assert b"No such option: --bogus" in shown and "\u256d".encode() not in shown  # no box is drawn


@pytest.mark.parametrize(
    "args",
    [["eval", str(CONTOSO), "--format", "json"], ["show", "cloud-crm"], ["--help"], ["eval", "--help"]],
    ids=["eval", "show", "help", "eval-help"],  # rich prints help, and exits 1 when its reader has gone
)
def test_a_reader_gone_before_the_output_ends_the_command_quietly(args: list[str]) -> None:
    process = _main(args)
    process.stdout.close()  # as `| head -1` does once it has its line: every write finds no reader
    _, err = process.communicate(timeout=20)
    assert (process.returncode, err) == (0, b"")


@pytest.mark.parametrize(
    "args",
    [["eval", str(CONTOSO), "--format", "json"], ["show", "cloud-crm"], ["schema", "eval"], ["--help"], ["--version"]],
    ids=["eval", "show", "schema", "help", "version"],
)
def test_standard_output_that_cannot_be_written_is_one_line_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:  # every write fails: no space left on device
        process = _main(args, stdout=full)
        _, err = process.communicate(timeout=20)
    assert (process.returncode, err.decode()) == (
        2,
        "<stdout>: error: cannot write standard output: No space left on device [I300]\n",
    )


def test_lsp_without_the_extra_says_what_to_install(monkeypatch) -> None:
    monkeypatch.delitem(sys.modules, "competency.lsp.server", raising=False)
    monkeypatch.setitem(sys.modules, "lsprotocol", None)  # as if `competency[lsp]` were not installed
    result = CliRunner().invoke(app, ["lsp"])
    assert result.exit_code == 2
    assert "install competency[lsp]" in result.stderr


def test_bad_partner_data_lists_the_first_100_problems_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    people = [{"id": f"p{i}", "credentials": [{"code": "MB2-714", "date": "2019-1-01"}]} for i in range(150)]
    text = json.dumps({"partner": "P", "people": people}, indent=1)
    path.write_text(text, encoding="utf-8")
    lines = run("eval", path, code=2).stderr.splitlines()
    assert len(lines) == 101 and lines[-1] == "... and 50 more problems"
    line = [i for i, written in enumerate(text.splitlines(), 1) if "2019-1-01" in written][99]
    where, message = "people[99].credentials[0].date", 'must be a date YYYY-MM-DD, not "2019-1-01"'
    assert lines[99] == f"{path}:{line}:14: error: {where}: {message} [I302]"


def test_shell_completion_prints_its_script_and_completes_commands_and_options() -> None:
    # The shell named, not the one running the tests (typer's switch for its own tests).
    script = (
        _main(["--show-completion", "bash"], _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
        .communicate(timeout=20)[0]
        .decode()
    )
    assert "complete -o default -F _competency_completion competency" in script
    for words, expected in (("competency ev", "eval"), ("competency eval --for", "--format")):
        cword = str(len(words.split()) - 1)
        process = _main([], _COMPETENCY_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
        out, _ = process.communicate(timeout=20)
        assert (process.returncode, out.decode().split()) == (0, [expected])


def _partners(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "partners.jsonl"
    path.write_text("".join(f'{{"partner": "P{i}", "people": []}}\n' for i in range(count)), encoding="utf-8")
    return path


def test_batch_results_on_a_terminal_are_not_cut_by_a_progress_display(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    args = ["batch", str(_partners(tmp_path, 600)), "-c", "cloud-crm", "--workers", "1"]
    process = _main(args, stderr=terminal, stdout=terminal)
    os.close(terminal)
    lines = _read_out(controller).decode().splitlines()  # read while it runs: a full terminal blocks it
    assert process.wait(timeout=60) == 0
    assert [json.loads(line)["partner"] for line in lines[:600]] == [f"P{i}" for i in range(600)]
    assert lines[600].startswith("600 partners in ") and "\x1b" not in "".join(lines)


def test_batch_progress_goes_to_the_terminal_on_stderr_only(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    args = ["batch", str(_partners(tmp_path, 300)), "-c", "cloud-crm", "--workers", "1"]
    process = _main(args, stderr=terminal)
    os.close(terminal)
    out, _ = process.communicate(timeout=60)  # fits in the pipe's buffer
    shown = _read_out(controller).decode()
    assert [json.loads(line)["partner"] for line in out.decode().splitlines()] == [f"P{i}" for i in range(300)]
    assert "300 partners in " in shown and "{" not in shown


# ---- standard input -------------------------------------------------------------------------


def _piped(args: list[str], text: str) -> tuple[int, str, str]:
    """`competency ARGS` with `text` on standard input: exit code, stdout, stderr."""
    process = _main(args, stdin=subprocess.PIPE)
    out, err = process.communicate(text.encode(), timeout=60)
    return process.returncode, out.decode(), err.decode()


@pytest.mark.parametrize("command", ["eval", "plan"])
@pytest.mark.parametrize("name", ["contoso.json", "contoso.yaml"])
def test_a_partner_is_read_from_standard_input_as_json_or_yaml(command: str, name: str) -> None:
    path = DATA / "partner" / name
    options = ["-c", "cloud-crm", "--format", "json"]
    code, out, err = _piped([command, "-", *options], path.read_text(encoding="utf-8"))
    assert (code, out, err) == (0, run(command, path, *options, code=0).stdout, "")


def test_bad_partner_data_on_standard_input_is_named_stdin() -> None:
    code, _, err = _piped(["eval", "-"], '{"partner": "P",\n "people": {}}')
    assert (code, err) == (2, "<stdin>:2:12: error: people: must be a list, not a mapping [I302]\n")


def test_batch_reads_json_lines_from_standard_input() -> None:
    code, out, _ = _piped(
        ["batch", "-", "-c", "cloud-crm", "--workers", "1"], '{"partner": "A", "people": []}\n\n{"x": 1}\n'
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [line["line"] for line in lines] == [1, 3] and lines[0]["partner"] == "A"


def test_lint_of_standard_input_goes_by_the_stdin_filename(tmp_path: Path) -> None:
    text = (DATA / "lint" / "l406_missing_source.comp").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.competency]\nignore = ["L406"]\n', encoding="utf-8")
    named = tmp_path / "rules" / "x.comp"
    assert _piped(["lint", "-", "--stdin-filename", str(named)], text)[:2] == (0, "")
    code, out, _ = _piped(["lint", "-"], text)
    assert code == 1 and out.startswith("<stdin>:") and "[L406]" in out
    code, out, _ = _piped(["lint", "-", "--stdin-filename", "elsewhere.comp", "--format", "json"], text)
    assert code == 1 and {d["path"] for d in json.loads(out)["diagnostics"]} == {"elsewhere.comp"}


def test_fmt_of_standard_input_writes_the_formatted_text_to_stdout() -> None:
    source = (DATA / "fmt" / "layout.comp").read_text(encoding="utf-8")
    expected = (DATA / "fmt" / "layout.expected").read_text(encoding="utf-8")
    assert _piped(["fmt", "-"], source) == (0, expected, "1 of 1 file reformatted\n")
    assert _piped(["fmt", "-"], expected) == (0, expected, "0 of 1 file reformatted\n")
    code, out, _ = _piped(["fmt", "-", "--check", "--stdin-filename", "rules/x.comp"], source)
    assert (code, out) == (1, "would reformat rules/x.comp\n")
    code, _, err = _piped(["fmt", "-", "--stdin-filename", "x.comp"], "competency x {")
    assert code == 2 and err.startswith("x.comp:1:14: error: ")


def test_python_dash_m_runs_the_command_line() -> None:
    src = str(Path(__file__).parent.parent / "src")
    done = subprocess.run(
        [sys.executable, "-m", "competency", "--version"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": src},
        check=False,
    )
    assert (done.returncode, done.stdout.startswith("competency ")) == (0, True)
