"""`lint`: golden findings per rule in every output format, settings, suppression, the CLI.

Each tests/data/lint/NAME.comp has NAME.text, NAME.json, NAME.github and NAME.sarif: what
`competency lint` prints for it in each format (SARIF: the results only; the whole log is
validated against the SARIF 2.1.0 schema shipped beside them).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from competency.cli import app
from competency.compiler.compile import compile_library
from competency.compiler.library import builtin_dir
from competency.errors import Diagnostic, Edit, Severity, Span
from competency.language import ast, parse
from competency.language.parse import parse_text
from competency.linting.checks import L401, LINT_RULES, subjects
from competency.linting.formats import github_command, render, to_sarif
from competency.linting.linter import Settings, find_settings, fixed, lint
from competency.linting.rules import L411, RULES, LintRule
from conftest import check_schema, time_bound

LINT = Path(__file__).parent / "data" / "lint"
FMT_DATA = Path(__file__).parent / "data" / "fmt"
FIXTURES = sorted(LINT.glob("*.comp"))
SARIF_SCHEMA = json.loads((LINT / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
runner = CliRunner()


def findings(path: Path, settings: Settings | None = None):
    """The findings for one fixture, with the path shortened to its name (goldens do not depend on the cwd)."""
    return [dataclasses.replace(d, path=path.name) for d in lint([path], settings or Settings())]


def rendered(path: Path, fmt: str) -> str:
    found = findings(path)
    text = render(found, fmt, lambda _: path.read_text(encoding="utf-8"))
    if fmt == "sarif":
        return json.dumps(json.loads(text)["runs"][0]["results"], indent=2) + "\n"
    return text


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_golden(path: Path, fmt: str, golden) -> None:
    golden(rendered(path, fmt), path.with_suffix(f".{fmt}"))
    if fmt == "json":
        check_schema("lint", json.loads(rendered(path, fmt)))


def test_every_lint_rule_of_the_catalogue_is_checked_by_its_namesake() -> None:
    checked = {type(rule).__name__: type(rule).__mro__[1] for rule in LINT_RULES}
    catalogue = {code: rule for code, rule in RULES.items() if issubclass(rule, LintRule)}
    assert checked == catalogue and set(catalogue) == {code for code in RULES if code[0] == "L"} - {L411.code}


def test_every_lint_rule_has_a_fixture_that_triggers_it() -> None:
    codes = {d.code for path in FIXTURES for d in findings(path)}
    assert {rule.code for rule in LINT_RULES} <= codes
    assert {"S100", "S101", "R200", "R201", "R202", "R203", "R204", "R205"} <= codes


def test_l401_reports_a_credential_listed_100000_times_once_in_linear_time() -> None:
    text = 'catalog c "C" { exam T-A "A" }\ncompetency x "X" { option o "O" { level silver { 1 person passes T-A } } }'
    catalog, syntax = parse_text(text, "big.comp").items
    (option,) = syntax.options
    (level,) = option.levels
    (requirement,) = level.requirements
    many = dataclasses.replace(requirement, condition=ast.OneOf((requirement.condition,) * 100_000, requirement.span))
    level = dataclasses.replace(level, requirements=(many,))
    syntax = dataclasses.replace(syntax, options=(dataclasses.replace(option, levels=(level,)),))
    library, _ = compile_library([[ast.Document("big.comp", (catalog, syntax))]])
    (subject,) = subjects(library, {"big.comp"})
    with time_bound(3):  # pairwise comparison took 30 s
        found = list(L401().check(subject))
    assert [d.message for d in found] == ["credential 'T-A' is listed 100,000 times in the same one_of"]


def test_l401_fixes_of_5000_items_each_listed_twice_take_linear_time() -> None:
    items = ", ".join(f"T-{i % 5_000:05}" for i in range(10_000))
    text = f'competency x "X" {{ option o "O" {{ level silver {{ 1 person passes one_of({items}) }} }} }}'
    document = parse_text(text, "big.comp")
    library, _ = compile_library([[document]])
    (subject,) = subjects(library, {"big.comp"})
    with time_bound(3):  # each repeat's places searched in the whole list took minutes
        found = list(L401().check(subject))
        after, count = fixed(text, found, "big.comp")
    start = text.index(", T-00000", text.index("T-04999")) + 1  # the column of the comma before the first repeat
    assert len(found) == count == 5_000 and found[0].fix == (Edit(Span(1, start, 1, start + 9)),)
    assert after.count(", ") == 4_999 and "T-04999) }" in after


def test_syntax_errors_are_all_reported() -> None:
    found = findings(LINT / "syntax_errors.comp")
    assert [(d.code, d.span.line) for d in found] == [("S100", 6), ("S100", 8), ("S101", 10)]


def test_clean_fixture_has_no_findings() -> None:
    assert findings(LINT / "clean.comp") == []


def test_builtin_library_lints_clean_with_every_rule() -> None:
    assert lint([builtin_dir()], Settings()) == []


# ---- SARIF, GitHub, JSON -------------------------------------------------------------------


def test_lint_of_the_builtin_library_parses_each_file_once_then_reads_the_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parses = []
    real = parse._parse_tree
    monkeypatch.setattr(parse, "_parse_tree", lambda text, path: parses.append(path) or real(text, path))
    first = lint([builtin_dir()], Settings())
    assert sorted(parses) == sorted(map(str, builtin_dir().glob("*.comp")))
    parses.clear()
    assert lint([builtin_dir()], Settings()) == first and parses == []


def test_a_file_changed_since_it_was_cached_is_parsed_again(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rules = tmp_path / "rules.comp"
    shutil.copy(LINT / "clean.comp", rules)
    assert lint([rules], Settings()) == []
    rules.write_text(rules.read_text(encoding="utf-8").replace("T-A", "T-Z", 1), encoding="utf-8")
    assert lint([rules], Settings()) != []


def test_sarif_log_validates_against_the_sarif_2_1_0_schema() -> None:
    found = [d for path in FIXTURES for d in lint([path], Settings())]
    log = to_sarif(found)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    failed = to_sarif([], [Diagnostic("I300", "no such file or directory", "no-such.comp")])
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(failed)
    assert failed["runs"][0]["invocations"][0]["executionSuccessful"] is False
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(results) == len(found)
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert {r["level"] for r in results} == {"error", "warning"}


@pytest.mark.parametrize("args", [["no-such.comp"], ["."], ["clean.comp", "--select", "Z9"]], ids=str)
def test_sarif_log_of_an_input_error_says_the_run_failed(args: list[str], tmp_path: Path, monkeypatch) -> None:
    shutil.copy(LINT / "clean.comp", tmp_path / "clean.comp")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty" if args == ["."] else tmp_path)
    result = runner.invoke(app, ["lint", *args, "--format", "sarif"])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    [run] = log["runs"]
    [invocation] = run["invocations"]
    [notification] = invocation["toolExecutionNotifications"]
    assert invocation["executionSuccessful"] is False and run["results"] == []
    code = notification["associatedRule"]["id"]
    assert result.stderr.endswith(f"[{code}]\n") and notification["level"] == "error"
    assert run["tool"]["driver"]["rules"][notification["associatedRule"]["index"]]["id"] == code


@pytest.mark.parametrize("fmt", ["text", "sarif"])
def test_a_file_lint_cannot_read_is_an_input_error_and_every_finding_is_still_reported(
    fmt: str, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.comp")
    result = runner.invoke(
        app, ["lint", str(tmp_path / "pipe.comp"), str(LINT / "l401_duplicate_item.comp"), "-f", fmt]
    )
    assert result.exit_code == 2, result.stdout + result.stderr
    if fmt == "text":
        assert "not a regular file [I300]" in result.stdout and "[L401]" in result.stdout
        return
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    [run] = log["runs"]
    [invocation] = run["invocations"]
    [notification] = invocation["toolExecutionNotifications"]
    assert invocation["executionSuccessful"] is False and notification["associatedRule"]["id"] == "I300"
    assert {r["ruleId"] for r in run["results"]} == {"L401"}


def test_a_file_lint_cannot_read_cannot_be_ignored(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.comp")
    result = runner.invoke(app, ["lint", str(tmp_path / "pipe.comp"), "--ignore", "I300"])
    assert result.exit_code == 2 and "[I300]" in result.stdout


def test_every_sarif_result_has_a_line_also_for_a_finding_about_a_whole_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.comp")  # refused unread: a finding about the file, at no position in it
    found = lint([tmp_path / "pipe.comp", *FIXTURES], Settings())
    assert any(d.span is None for d in found)
    for result in to_sarif(found)["runs"][0]["results"]:
        [location] = result["locations"]
        assert location["physicalLocation"]["region"]["startLine"] >= 1


def test_sarif_schema_rejects_a_broken_log() -> None:
    log = to_sarif(findings(LINT / "l401_duplicate_item.comp"))
    del log["runs"][0]["tool"]["driver"]["name"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)


def test_github_command_escapes_what_would_break_the_command() -> None:
    [finding] = findings(LINT / "l406_missing_source.comp")
    odd = dataclasses.replace(finding, path="dir,with:odd/a.comp", message="50% done\nsecond line")
    command = github_command(odd)
    assert command.startswith("::warning file=dir%2Cwith%3Aodd/a.comp,line=5,col=1,")
    assert command.endswith("::50%25 done%0Asecond line [L406]")


def test_github_command_escapes_the_controls_a_log_would_act_on() -> None:
    [finding] = findings(LINT / "l406_missing_source.comp")
    odd = dataclasses.replace(finding, message="id 'x\x1b]0;pwned\x07\u202e'")
    assert github_command(odd).endswith("::id 'x\\x1b]0;pwned\\x07\\u202e' [L406]")


def test_json_positions_are_one_based_and_inside_the_file() -> None:
    for path in FIXTURES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for item in json.loads(rendered(path, "json"))["diagnostics"]:
            span = item["span"]
            assert 1 <= span["line"] <= len(lines)
            assert 1 <= span["column"] <= len(lines[span["line"] - 1]) + 1


# ---- bounded text output ------------------------------------------------------------------


def test_a_caret_under_a_long_line_shows_a_window_of_it(tmp_path: Path) -> None:
    path = tmp_path / "long.comp"
    path.write_text(f'competency long "{"x" * 900_000}" ]\n', encoding="utf-8")
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 1
    head, shown, caret = result.stdout.splitlines()[:3]
    assert head.startswith(f"{path}:1:900020: error: ")
    assert shown.startswith("  ...xxx") and shown.endswith('x" ]') and len(shown) <= 2 + 3 + 200
    assert caret.index("^") == shown.index("]") and caret.strip() == "^"
    assert len(result.stdout) < 2_000


def test_every_format_cuts_a_huge_message() -> None:
    [finding] = findings(LINT / "l406_missing_source.comp")
    huge = dataclasses.replace(finding, message=f"credential '{'A' * 1_000_000}' is unknown")
    for fmt in ("text", "github", "json"):
        assert len(render([huge], fmt, lambda _: None)) < 2_000
    [result] = to_sarif([huge])["runs"][0]["results"]
    assert len(result["message"]["text"]) == 1_000 and result["message"]["text"].endswith("AAA' is unknown")


def test_text_lists_the_first_100_findings_and_counts_the_rest(tmp_path: Path) -> None:
    requirements = "".join(f"      1 person passes NOPE-{i}\n" for i in range(100))
    for n in range(5):  # the compiler lists 100 unknown credentials a file
        (tmp_path / f"many{n}.comp").write_text(
            f'competency many{n} "Many" {{\n  option o "O" {{\n    level silver {{\n{requirements}    }}\n  }}\n}}\n',
            encoding="utf-8",
        )
    found = lint([tmp_path], Settings(select=("R200",)))
    assert len(found) == 500
    lines = render(found, "text", lambda _: None).splitlines()
    assert len(lines) == 101
    assert lines[-1] == "... and 400 more problems (use --format json for all)"
    assert len(json.loads(render(found, "json", lambda _: None))["diagnostics"]) == 500
    stdout = runner.invoke(app, ["lint", str(tmp_path), "--select", "R200"]).stdout
    assert sum(": error: " in line for line in stdout.splitlines()) == 100


# ---- settings and suppression -------------------------------------------------------------


def test_select_and_ignore_take_codes_and_prefixes() -> None:
    path = LINT / "l403_unfillable_step.comp"
    assert {d.code for d in findings(path)} == {"L402", "L403"}
    assert {d.code for d in findings(path, Settings(select=("L40",), ignore=("L402",)))} == {"L403"}
    assert findings(path, Settings(ignore=("L4",))) == []


@pytest.mark.parametrize(
    "settings",
    [Settings(ignore=("R",)), Settings(ignore=("S100", "R200")), Settings(select=("L4",)), Settings(ignore=("ALL",))],
    ids=lambda s: f"select={','.join(s.select)}-ignore={','.join(s.ignore)}",
)
@pytest.mark.parametrize("path", [LINT / "names.comp", LINT / "syntax_errors.comp"], ids=lambda p: p.stem)
def test_settings_never_hide_an_error_that_stops_the_file_from_loading(path: Path, settings: Settings) -> None:
    assert findings(path, settings) == findings(path) != []


def test_a_comment_never_suppresses_an_error_that_stops_the_file_from_loading(tmp_path: Path) -> None:
    comp = tmp_path / "x.comp"
    comp.write_text(
        'competency x "X" {\n  source "s"\n  option o "O" {\n    level silver {\n'
        "      1 person passes NO-SUCH  # competency: ignore[R200]\n    }\n  }\n}\n",
        encoding="utf-8",
    )
    assert [(d.code, d.span.line) for d in findings(comp)] == [("R200", 5), ("L411", 5)]


def test_a_suppression_that_silences_nothing_is_reported_at_the_comment() -> None:
    found = findings(LINT / "l411_unused_suppression.comp")
    assert [(d.code, d.span.line, d.span.column, d.severity) for d in found] == [
        ("L411", 13, 41, Severity.WARNING),
        ("L411", 14, 7, Severity.WARNING),
        ("L411", 14, 7, Severity.WARNING),
    ]
    messages = [d.message for d in found]
    assert "'L401'" in messages[0] and "'S1' cannot be" in messages[1] and "'X999' is not" in messages[2]


def test_a_suppression_of_a_rule_the_settings_turn_off_is_not_checked() -> None:
    path = LINT / "l411_unused_suppression.comp"
    assert [d.code for d in findings(path, Settings(ignore=("L401",)))] == ["L411", "L411"]
    assert findings(path, Settings(ignore=("L411",))) == []


def test_a_suppression_of_a_lint_rule_is_not_checked_in_a_file_that_does_not_load(tmp_path: Path) -> None:
    comp = tmp_path / "x.comp"
    comp.write_text(
        'competency x "X" {\n  source "s"\n  option o "O" {\n    level silver {  # competency: ignore[L404]\n'
        "      1 person passes NO-SUCH\n    }\n  }\n}\n",
        encoding="utf-8",
    )
    assert [d.code for d in findings(comp)] == ["R200"]


def test_suppression_comment_names_the_code_on_the_line_or_the_line_before() -> None:
    found = findings(LINT / "suppressed.comp")
    assert [(d.code, d.span.line) for d in found] == [("L401", 13), ("L411", 13), ("L411", 13)]
    assert {d.code for d in findings(LINT / "suppressed.comp", Settings(ignore=("L401",)))} == {"L411"}


def _fixed(tmp_path: Path, *lines: str) -> list[str]:
    """One round of lint's fixes on a competency whose silver level is `lines`: the level's lines after."""
    path = tmp_path / "x.comp"
    head = 'competency x "X" {\n  source "s"\n  option o "O" {\n    level silver {\n'
    text = head + "".join(lines) + "    }\n  }\n}\n"
    path.write_text(text, encoding="utf-8")
    after, _ = fixed(text, lint([path], Settings()), str(path))
    return after.splitlines(keepends=True)[4:-3]


def test_the_fix_of_a_repeated_item_removes_every_repeat_with_the_separator_before_it(tmp_path: Path) -> None:
    assert _fixed(
        tmp_path,
        "      1 person passes one_of(MB2-714, MB2-713, MB2-714, MB2-714)\n",
        "      1 person passes MB2-714 or MB2-713 or\n        MB2-713\n",
    ) == ["      1 person passes one_of(MB2-714, MB2-713)\n", "      1 person passes MB2-714 or MB2-713\n"]


def test_the_fix_of_an_unused_suppression_removes_its_code_or_the_comment_and_its_blanks(tmp_path: Path) -> None:
    assert _fixed(
        tmp_path,
        "      1 person passes MB2-714  # competency: ignore[L401]\n",
        "      # competency: ignore[L402]\n",
        "      1 person passes MB2-713  # competency: ignore[L401, L402 ]  # why\n",
    ) == [
        "      1 person passes MB2-714\n",  # the comment and the blanks before it
        # the comment's own line went whole; of two overlapping removals one waits for the next round
        "      1 person passes MB2-713  # competency: ignore[L402 ]  # why\n",
    ]


def test_a_fix_that_would_leave_the_file_unparsable_is_not_applied_the_others_are(tmp_path: Path) -> None:
    # flattened from the parentheses, the repeat's separator would be ` or (`
    assert _fixed(
        tmp_path,
        "      1 person passes MB2-713 or (MB2-713 or MB2-714)\n",
        "      1 person passes one_of(MB2-714, MB2-714)\n",
    ) == ["      1 person passes MB2-713 or (MB2-713 or MB2-714)\n", "      1 person passes one_of(MB2-714)\n"]


def _split_library(root: Path) -> Path:
    """A library whose catalog is in one file and whose competency, using it, is in another."""
    rules = root / "rules"
    rules.mkdir()
    (rules / "catalog.comp").write_text('catalog mine "Mine" {\n  exam T-A "Exam A"\n}\n', encoding="utf-8")
    (rules / "x.comp").write_text(
        'competency x "X" {\n  source "s"\n  group a "A" = T-A\n'
        '  option o "O" {\n    level silver {\n      1 person passes a\n    }\n  }\n}\n',
        encoding="utf-8",
    )
    return rules


def test_a_file_whose_catalog_is_in_another_file_lints_clean_with_the_library_setting(tmp_path: Path) -> None:
    rules = _split_library(tmp_path)
    assert [d.code for d in lint([rules / "x.comp"], Settings())] == ["R200"]  # as a hook staging x.comp saw it
    (tmp_path / "pyproject.toml").write_text('[tool.competency]\nlibrary = "rules"\n', encoding="utf-8")
    settings = find_settings([rules / "x.comp"])
    assert settings.library == (str(tmp_path / "rules"),)
    assert lint([rules / "x.comp"], settings) == []
    broken = rules / "x.comp"
    broken.write_text(broken.read_text(encoding="utf-8").replace("= T-A", "= T-B"), encoding="utf-8")
    assert [d.path for d in lint([broken], settings)] == [str(broken)]  # the library's files are not reported


def test_cli_lint_library_option_reads_the_files_a_staged_file_needs(tmp_path: Path, monkeypatch) -> None:
    _split_library(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert "[R200]" in runner.invoke(app, ["lint", "rules/x.comp"]).stdout
    result = runner.invoke(app, ["lint", "rules/x.comp", "-L", "rules"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_settings_come_from_the_nearest_pyproject_with_a_competency_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.competency]\nignore = ["L406"]\nfail-level = "error"\n', encoding="utf-8"
    )
    nested = tmp_path / "rules" / "deeper"
    nested.mkdir(parents=True)
    (nested / "pyproject.toml").write_text("[project]\nname = 'other'\n", encoding="utf-8")
    comp = nested / "x.comp"
    comp.write_text((LINT / "l406_missing_source.comp").read_text(encoding="utf-8"), encoding="utf-8")
    settings = find_settings([comp])
    assert settings.ignore == ("L406",) and settings.fail_level is Severity.ERROR
    assert settings.source == str(tmp_path / "pyproject.toml")
    assert lint([comp]) == []


@pytest.mark.parametrize(
    "table",
    ['select = "L401"', 'ignore = ["X999"]', 'fail-level = "fatal"', "colour = true", "library = 3"],
)
def test_invalid_settings_are_a_usage_error(tmp_path: Path, table: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.competency]\n{table}\n", encoding="utf-8")
    comp = tmp_path / "x.comp"
    comp.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(comp)])
    assert result.exit_code == 2
    assert "[I310]" in result.output


# ---- the command ------------------------------------------------------------------------------


def test_cli_exit_codes_follow_fail_level() -> None:
    warnings_only = str(LINT / "l401_duplicate_item.comp")
    assert runner.invoke(app, ["lint", warnings_only]).exit_code == 1
    assert runner.invoke(app, ["lint", warnings_only, "--fail-level", "error"]).exit_code == 0
    assert runner.invoke(app, ["lint", str(LINT / "names.comp"), "--fail-level", "error"]).exit_code == 1
    assert runner.invoke(app, ["lint", str(LINT / "clean.comp")]).exit_code == 0
    assert runner.invoke(app, ["lint", str(LINT / "no-such.comp")]).exit_code == 2


def test_cli_fix_applies_the_certain_fixes_in_place_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "x.comp"
    head = 'competency x "X" {\n  option o "O" {\n    level silver {\n'
    lines = [
        "      1 person passes one_of(MB2-7144, mb2-713, MB2-7144)  # competency: ignore[L402, L412]\n",
        "      1 person passes MB2-713 or (MB2-713 or MB2-714)\n",
    ]
    path.write_text(head + "".join(lines) + "    }\n  }\n}\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", "--fix", "--format", "json", str(path)])
    assert result.exit_code == 1  # what is left is a warning, as lint would exit
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["L406", "L401"]
    # two ids and the repeat (whose removal takes the third id along), then a code and the comment, a round each
    assert result.stderr == "5 fixes applied\n"
    assert (
        path.read_text(encoding="utf-8")
        == head
        + "".join(
            ["      1 person passes one_of(MB2-714, MB2-713)\n", lines[1]]  # that repeat's removal would not parse
        )
        + "    }\n  }\n}\n"
    )
    again = runner.invoke(app, ["lint", "--fix", "--fail-level", "error", str(path)])
    assert (again.exit_code, again.stderr) == (0, "0 fixes applied\n2 problems found\n")


def test_cli_fix_of_standard_input_is_a_usage_error() -> None:
    result = runner.invoke(app, ["lint", "--fix", "-"], input='competency x "X" { }\n')
    assert result.exit_code == 2 and "standard input cannot be fixed in place" in result.stderr


def test_cli_lint_of_paths_without_a_competency_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a competency file\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: no competency files (.comp) found: {tmp_path} [I313]\n"


def test_cli_select_ignore_and_format() -> None:
    path = str(LINT / "l403_unfillable_step.comp")
    result = runner.invoke(app, ["lint", path, "--select", "L403", "--format", "json"])
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["L403"]
    result = runner.invoke(app, ["lint", path, "--ignore", "L4", "--format", "github"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert runner.invoke(app, ["lint", path, "--select", "Z9"]).exit_code == 2


def test_cli_ignoring_an_error_that_stops_the_file_from_loading_still_fails() -> None:
    result = runner.invoke(app, ["lint", str(LINT / "names.comp"), "--ignore", "R", "--format", "json"])
    assert result.exit_code == 1
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert codes == {"R200", "R201", "R202", "R203", "R204", "R205"}


def test_rule_command_explains_every_code() -> None:
    for code, rule in RULES.items():
        assert rule.__name__ == code and rule.summary and len(rule.explanation()) > len(rule.summary)
        result = runner.invoke(app, ["rule", code.lower()])
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{code} ({rule.severity}): {rule.summary}\n\n")
    listing = runner.invoke(app, ["rule"]).stdout.splitlines()
    assert [line.split()[0] for line in listing] == list(RULES)
    assert runner.invoke(app, ["rule", "L999"]).exit_code == 2


def test_rule_command_says_which_codes_cannot_be_ignored() -> None:
    for code in ("S100", "R200", "R205", "I300"):
        assert "always reported" in runner.invoke(app, ["rule", code]).stdout
    for code in ("L401", "I313"):
        assert "always reported" not in runner.invoke(app, ["rule", code]).stdout


def test_every_code_lint_can_report_is_in_the_catalogue() -> None:
    import re

    src = Path(__file__).parent.parent / "src" / "competency"
    stages = ("language/parse.py", "compiler/compile.py", "compiler/library.py", "linting/linter.py", "language/fmt.py")
    raised = {m for f in stages for m in re.findall(r'"([SRIL][0-9]{3})"', (src / f).read_text(encoding="utf-8"))}
    assert raised and raised <= set(RULES)


# ---- pre-commit -----------------------------------------------------------------------------


@pytest.mark.skipif(
    not os.environ.get("COMPETENCY_SLOW_TESTS") or shutil.which("pre-commit") is None,
    reason="slow (installs the package into a fresh environment): set COMPETENCY_SLOW_TESTS=1, with pre-commit on PATH",
)
def test_pre_commit_hooks_run_in_a_scratch_repository(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent
    hooks, consumer = tmp_path / "hooks", tmp_path / "consumer"
    shutil.copytree(root, hooks, ignore=shutil.ignore_patterns(".git", "__pycache__", ".*cache", "tests", "*.egg-info"))
    git = ["git", "-c", "user.email=test@example.invalid", "-c", "user.name=test"]
    for repo in (hooks, consumer):
        repo.mkdir(exist_ok=True)
        subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=hooks, check=True)
    subprocess.run([*git, "commit", "-qm", "hooks"], cwd=hooks, check=True)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hooks, check=True, capture_output=True, text=True)
    (consumer / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev.stdout.strip()}\n"
        "    hooks:\n      - id: competency-lint\n      - id: competency-fmt\n",
        encoding="utf-8",
    )
    shutil.copy(LINT / "l401_duplicate_item.comp", consumer / "dup.comp")
    tidy = (FMT_DATA / "layout.expected").read_text(encoding="utf-8")
    (consumer / "messy.comp").write_text(tidy.replace("\n  ", "\n"), encoding="utf-8")
    subprocess.run([*git, "add", "-A"], cwd=consumer, check=True)
    run = subprocess.run(["pre-commit", "run", "--all-files"], cwd=consumer, capture_output=True, text=True)
    assert run.returncode == 1
    assert "dup.comp:11:40: warning: credential 'T-A' is listed twice in the same one_of [L401]" in run.stdout
    assert "reformatted messy.comp" in run.stdout
    assert (consumer / "messy.comp").read_text(encoding="utf-8") == tidy
