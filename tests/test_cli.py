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
from competency.library import builtin_dir
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
    sales = "(MB2-714 or MB2-713 or MB2-709) and (MB2-710 or MB2-706)"
    assert "  cloud-crm-reseller / silver: met\n" in out
    assert f"    + 1 person passes {sales}\n        filled by bruno\n" in out
    assert "    + 1 person passes MB2-712 or MB2-707\n        filled by ana\n" in out


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


@pytest.mark.parametrize(
    ("day", "version", "in_force"),
    [("2017-07-06", None, False), ("2017-12-14", "2017-07-07", True), ("2017-12-15", "2017-12-15", True)],
)
def test_eval_as_of_picks_the_version(day: str, version: str | None, in_force: bool) -> None:
    document = json.loads(run("eval", CONTOSO, *CRM, "--as-of", day, "-f", "json", code=0).stdout)
    (result,) = document["results"]
    assert (document["as_of"], result["version"], result["in_force"]) == (day, version, in_force)


def test_eval_before_any_version_says_so_in_text() -> None:
    out = run("eval", CONTOSO, *CRM, "--as-of", "2017-07-06", code=0).stdout
    assert "no version of this competency is in force on that date" in out


def test_a_user_library_replaces_the_builtin_competency(tmp_path: Path) -> None:
    (tmp_path / "crm.comp").write_text(MY_CRM, encoding="utf-8")
    (result,) = json.loads(run("eval", CONTOSO, *CRM, "--library", tmp_path, "-f", "json", code=0).stdout)["results"]
    assert (result["title"], result["version"], result["level"], result["option"]) == (
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
    assert err == f"{path}: error: people[1].id: duplicate person id 'ana{SHOWN}' (first at people[0]) [I302]\n"


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


def _main(args: list[str], stderr=subprocess.PIPE, **env: str) -> subprocess.Popen:
    """`competency ARGS` (this checkout's code) in a memory-bound process."""
    src = str(Path(__file__).parent.parent / "src")
    path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", "from competency.cli import main; main()", *args],
        stdout=subprocess.PIPE,
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


@pytest.mark.parametrize(("no_color", "plain"), [("1", True), ("", False)])
def test_a_usage_error_on_a_terminal_is_plain_with_no_color(no_color: str, plain: bool) -> None:
    controller, terminal = pty.openpty()
    process = _main(["eval", "--bogus"], stderr=terminal, NO_COLOR=no_color)
    os.close(terminal)
    process.communicate(timeout=20)
    shown = b""
    with contextlib.suppress(OSError):  # EIO: the process has gone and the terminal is read out
        while chunk := os.read(controller, 65536):
            shown += chunk
    os.close(controller)
    assert process.returncode == 2
    plain_line = b"competency: error: No such option: --bogus; see 'competency eval --help'\r\n"
    assert (shown == plain_line) is plain
    assert b"No such option: --bogus" in shown and "\u256d".encode() not in shown  # no box is drawn


@pytest.mark.parametrize(
    "args", [["eval", str(CONTOSO), "--format", "json"], ["show", "cloud-crm"]], ids=["eval", "show"]
)
def test_a_reader_gone_before_the_output_ends_the_command_quietly(args: list[str]) -> None:
    process = _main(args)
    process.stdout.close()  # as `| head -1` does once it has its line: every write finds no reader
    _, err = process.communicate(timeout=20)
    assert (process.returncode, err) == (0, b"")
