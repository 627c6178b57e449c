"""`competency test`: test files read and checked, cases run and compared, coverage tallied.

Golden: tests/data/testing/rules/ holds a small competency (`demo.comp`) and its cases (three
pass, two fail on purpose); each output format, of the results and of the coverage, is
compared with its golden file beside them. What the cases leave uncovered is known.
tests/data/testing/bad/NAME.test.yaml are malformed test files, each with the one error
(`NAME.err`) it must give, exit 2.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

import competency
from competency.cli import app
from competency.partners.safeyaml import parse_yaml_with_spans

TESTING = Path(__file__).parent / "data" / "testing"
RULES = TESTING / "rules"
BAD = TESTING / "bad"
ROOT = Path(__file__).parent.parent
AZURE = ROOT / "examples" / "solutions-partner-azure.yaml"
XS = "{http://www.w3.org/2001/XMLSchema}"


def run(*args: str | Path, code: int):
    result = CliRunner().invoke(app, ["test", *map(str, args)])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == code, result.stdout + result.stderr
    return result


def write_cases(tmp_path: Path, text: str, name: str = "cases.test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def masked_times(xml: str) -> str:
    return re.sub(r'time="[0-9.]+"', 'time="T"', xml)


# ---- reading test files -------------------------------------------------------------------


def test_yaml_spans_place_every_value_from_its_key() -> None:
    data, spans = parse_yaml_with_spans("- name: a\n  partner:\n    people: [x, {id: 3}]\n", "t.yaml")
    assert data == [{"name": "a", "partner": {"people": ["x", {"id": 3}]}}]
    assert str(spans[(0, "name")]) == "1:3"
    assert str(spans[(0, "partner", "people", 1)]) == "3:17"
    assert str(spans[(0, "partner", "people", 1, "id")]) == "3:18"


def test_merged_yaml_keys_are_placed_where_they_are_written() -> None:
    text = "base: &b {level: gold}\nx:\n  <<: *b\n  option: o\n"
    data, spans = parse_yaml_with_spans(text, "t.yaml")
    assert data["x"] == {"level": "gold", "option": "o"}
    assert str(spans[("x", "level")]) == "1:11"
    assert str(spans[("x", "option")]) == "4:3"


@pytest.mark.parametrize("path", sorted(BAD.glob("*.test.yaml")), ids=lambda p: p.name.removesuffix(".test.yaml"))
def test_a_malformed_test_file_is_one_error_at_its_line_exit_2(path: Path, monkeypatch, golden) -> None:
    monkeypatch.chdir(TESTING)
    result = run(path.relative_to(TESTING), "--library", "rules", code=2)
    assert result.stdout == ""
    golden(result.stderr, BAD / (path.name.removesuffix(".test.yaml") + ".err"))


def test_no_test_file_in_the_paths_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "rules.comp").write_text("", encoding="utf-8")
    assert run(tmp_path, code=2).stderr == f"error: no test files (*.test.yaml) found: {tmp_path} [I320]\n"


def test_a_competency_file_given_brings_the_test_file_beside_it(monkeypatch) -> None:
    monkeypatch.chdir(TESTING)
    assert run("rules/demo.comp", code=1).stdout.endswith("3 passed, 2 failed\n")


# ---- running and comparing ---------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json"), ("junit", "junit.xml")])
def test_golden_results(fmt: str, suffix: str, monkeypatch, golden) -> None:
    monkeypatch.chdir(TESTING)
    result = run("rules", "--format", fmt, code=1)
    golden(masked_times(result.stdout), RULES / f"demo.results.{suffix}")
    assert (result.stderr if fmt != "text" else result.stdout.splitlines()[-1] + "\n") == "3 passed, 2 failed\n"


def test_a_failing_case_is_one_line_naming_competency_level_and_requirement(monkeypatch) -> None:
    monkeypatch.chdir(TESTING)
    lines = run("rules", code=1).stdout.splitlines()
    assert lines[0].startswith("rules/demo.test.yaml:30:3: FAIL a wrong expectation fails: demo: level: ")
    assert "demo: main / silver, requirement 1 (`1 person passes one_of(D-1, D-2)`): filled by: " in lines[0]
    assert "expected [bo], got [ana]" in lines[0]
    assert lines[-1] == "3 passed, 2 failed"


def test_all_passing_exits_0_and_compares_only_what_a_case_states(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path,
        f"""
- name: data-ai qualifies, stated in part
  partner: {AZURE}
  expect:
    data-ai: {{level: qualified, total: 71.5, metrics: {{intermediate-certifications: 16}}}}
    infrastructure: {{total: "151/2", track: null}}
""",
    )
    assert run(cases, code=0).stdout == "1 passed, 0 failed\n"


@pytest.mark.parametrize(
    ("total", "passes"), [("71.5", True), ("71.50", True), ('"143/2"', True), ("72", False), ("71.4", False)]
)
def test_points_are_exact_or_as_the_total_rounds_to_the_decimals_written(tmp_path: Path, total, passes) -> None:
    cases = write_cases(tmp_path, f"- name: total\n  partner: {AZURE}\n  expect:\n    data-ai: {{total: {total}}}\n")
    result = run(cases, code=0 if passes else 1)
    if not passes:
        assert "data-ai: total: expected " in result.stdout


def test_points_that_differ_are_shown_as_decimals_when_they_have_them(tmp_path: Path) -> None:
    """Data & AI scores 143/2: shown as 71.5; an expected third has no decimal, so it stays 1/3."""
    cases = write_cases(
        tmp_path,
        f'- name: totals\n  partner: {AZURE}\n  expect:\n    data-ai: {{total: "1/3", metrics: {{deployments: 9}}}}\n',
    )
    failure = run(cases, code=1).stdout.splitlines()[0]
    assert failure.endswith(
        "data-ai: total: expected 1/3, got 71.5; data-ai: metric deployments points: expected 9, got 10"
    )


def test_the_public_api_runs_test_files() -> None:
    found = competency.run_tests([RULES])
    assert (found.passed, found.failed, found.coverage) == (3, 2, None)
    failing = [r.case.name for r in found.results if not r.passed]
    assert failing == ["a wrong expectation fails", "a wrong option and requirement fail"]


# ---- JUnit XML ------------------------------------------------------------------------


def _declarations(xsd: Path) -> dict[str, tuple[dict[str, tuple[str, bool]], set[str]]]:
    """Per element of the schema: its attributes (type, required) and the child elements it allows."""
    out = {}
    for element in ET.parse(xsd).getroot().findall(f"{XS}element"):
        attributes = {
            a.get("name"): (a.get("type"), a.get("use") == "required") for a in element.iter(f"{XS}attribute")
        }
        children = {c.get("ref") for c in element.iter(f"{XS}element") if c.get("ref")}
        out[element.get("name")] = (attributes, children)
    return out


TYPES = {"xs:string": r".*", "xs:int": r"-?[0-9]+", "xs:decimal": r"-?[0-9]+(\.[0-9]+)?"}


def check_against_junit_schema(xml: str) -> list[str]:
    """What in `xml` the JUnit schema (tests/data/testing/junit.xsd) does not allow: a stdlib check
    of element names, attributes, their types and required ones, and the children each may hold."""
    schema = _declarations(TESTING / "junit.xsd")
    root = ET.fromstring(xml)
    problems = [] if root.tag == "testsuites" else [f"root {root.tag}"]
    for element in root.iter():
        if element.tag not in schema:
            problems.append(f"unknown element {element.tag}")
            continue
        attributes, children = schema[element.tag]
        for name, value in element.attrib.items():
            if name not in attributes or not re.fullmatch(TYPES[attributes[name][0]], value):
                problems.append(f"{element.tag}@{name}={value!r}")
        problems += [
            f"{element.tag} lacks @{n}" for n, (_, req) in attributes.items() if req and n not in element.attrib
        ]
        problems += [f"{child.tag} inside {element.tag}" for child in element if child.tag not in children]
    return problems


def test_junit_is_valid_against_the_junit_schema_and_counts_the_cases(monkeypatch) -> None:
    monkeypatch.chdir(TESTING)
    xml = run("rules", "--format", "junit", code=1).stdout
    assert check_against_junit_schema(xml) == []
    root = ET.fromstring(xml)
    (suite,) = root.findall("testsuite")
    assert (root.get("tests"), root.get("failures"), suite.get("name")) == ("5", "2", "rules/demo.test.yaml")
    cases = suite.findall("testcase")
    assert [c.find("failure") is not None for c in cases] == [False, False, False, True, True]
    assert cases[3].find("failure").get("message").startswith("demo: level: expected 'gold', got 'silver'")


def test_the_junit_check_finds_what_the_schema_does_not_allow() -> None:
    bad = '<testsuites><testsuite tests="x"><testcase/><oops/></testsuite></testsuites>'
    assert check_against_junit_schema(bad) == [
        "testsuite@tests='x'",
        "testsuite lacks @name",
        "oops inside testsuite",
        "testcase lacks @name",
        "unknown element oops",
    ]


def test_junit_escapes_control_characters_that_xml_cannot_hold(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path,
        '- name: "bell \\a here"\n  partner: {partner: P, people: []}\n  expect: {cloud-crm: {level: gold}}\n',
    )
    xml = run(cases, "--format", "junit", code=1).stdout
    assert ET.fromstring(xml).find("testsuite/testcase").get("name") == "bell \\x07 here"


# ---- coverage -----------------------------------------------------------------------------

# What demo.test.yaml never exercises: the second `either` branch of gold (the first always
# comes closer or holds), and the option nobody attains.
DEMO_UNCOVERED = [
    ("branch", "either branch 2", "never exercised"),
    ("requirement", "`2 persons each pass D-3`", "never exercised"),
    ("option", "option never", "never met"),
    ("level", "level silver of option never", "never met"),
    ("requirement", "`1 person passes D-3`", "never met"),
]


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json"), ("lcov", "lcov")])
def test_golden_coverage(fmt: str, suffix: str, monkeypatch, tmp_path: Path, golden) -> None:
    monkeypatch.chdir(TESTING)
    out = tmp_path / "coverage"
    result = run("rules", "--format", "json", "--coverage-format", fmt, "--coverage-output", out, code=1)
    json.loads(result.stdout)  # the results alone: the coverage went to its file
    golden(out.read_text(encoding="utf-8"), RULES / f"demo.coverage.{suffix}")


@pytest.mark.parametrize("fmt", ["json", "lcov"])
def test_json_or_lcov_coverage_needs_its_own_file_as_standard_output_holds_the_results(fmt: str) -> None:
    result = run(RULES, "--format", "json", "--coverage-format", fmt, code=2)
    assert result.stdout == ""
    assert f"{fmt} coverage needs --coverage-output" in result.stderr


def test_text_coverage_goes_to_stderr_with_the_summary_when_the_results_are_a_document(monkeypatch) -> None:
    monkeypatch.chdir(TESTING)
    result = run("rules", "--format", "json", "--coverage", code=1)
    assert json.loads(result.stdout)["failed"] == 2  # the results alone
    assert result.stderr.startswith("coverage: 79.4% (27 of 34 outcomes)\n")
    assert result.stderr.endswith("3 passed, 2 failed\n")


def test_coverage_knows_what_the_cases_never_exercised() -> None:
    (found,) = competency.run_tests([RULES], coverage=True).coverage.files
    short = [(t.part.kind, t.part.label, t.outcomes) for t in found.tallies if t.outcomes < 2]
    expected = [(kind, label, 0 if why == "never exercised" else 1) for kind, label, why in DEMO_UNCOVERED]
    assert short == expected
    assert (found.covered, found.outcomes) == (27, 34)
    tallies = {(t.part.span.line, t.part.label): (t.met, t.unmet) for t in found.tallies}
    # silver's requirement, in every case: ana holds D-1 in one, D-2 in three; nobody in the last
    assert tallies[(15, "D-1 for `1 person passes one_of(D-1, D-2)`")] == (1, 4)
    assert tallies[(15, "D-2 for `1 person passes one_of(D-1, D-2)`")] == (3, 2)
    assert tallies[(20, "either branch 1")] == (2, 3)


def test_coverage_text_shows_each_uncovered_part_with_a_caret(monkeypatch) -> None:
    monkeypatch.chdir(TESTING)
    lines = run("rules", "--coverage", code=1).stdout.splitlines()
    at = lines.index("rules/demo.comp:27:3: never met: option never")
    assert lines[at + 1 : at + 3] == ['    option never "Never tried" {', "    " + "^" * 28]
    assert "  rules/demo.comp: 79.4% (27 of 34)" in lines
    assert lines[-1] == "3 passed, 2 failed"


def parse_lcov(text: str) -> dict[str, dict[str, list]]:
    """LCOV records by source file: DA (line, hits) and BRDA (line, block, branch, taken) entries."""
    records, current = {}, None
    for entry in text.splitlines():
        kind, _, value = entry.partition(":")
        if kind == "SF":
            current = records[value] = {"DA": [], "BRDA": [], "totals": {}}
        elif kind == "end_of_record":
            current = None
        elif kind in ("DA", "BRDA"):
            current[kind].append(value.split(","))
        elif kind in ("BRF", "BRH", "LF", "LH"):
            current["totals"][kind] = int(value)
        else:
            assert kind == "TN", entry
    assert current is None, "the last record has no end_of_record"
    return records


def test_lcov_parses_back_to_the_json_coverage(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(TESTING)
    lcov, js = tmp_path / "lcov.info", tmp_path / "coverage.json"
    run("rules", "--coverage-format", "lcov", "--coverage-output", lcov, code=1)
    run("rules", "--coverage-format", "json", "--coverage-output", js, code=1)
    (path, record), (file,) = *parse_lcov(lcov.read_text(encoding="utf-8")).items(), json.loads(js.read_text())["files"]
    assert path == file["path"] == "rules/demo.comp"
    taken = [(int(line), int(block), int(branch), taken) for line, block, branch, taken in record["BRDA"]]
    expected = []
    for block, part in enumerate(file["parts"]):
        outcomes = (part["met"], part["unmet"]) if part["met"] + part["unmet"] else ("-", "-")
        expected += [(part["span"]["line"], block, branch, str(n)) for branch, n in enumerate(outcomes)]
    assert taken == expected
    assert record["totals"]["BRF"] == file["outcomes"] and record["totals"]["BRH"] == file["covered"]
    hits = {int(line): int(n) for line, n in record["DA"]}
    assert hits[27] == 5 and hits[22] == 0  # option never: every case; the second branch: none
    assert record["totals"]["LH"] == sum(n > 0 for n in hits.values())


def test_coverage_output_over_an_input_or_in_no_folder_is_an_input_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    cases = rules / "demo.test.yaml"
    before = cases.read_bytes()
    refused = run(rules, "--coverage-output", cases, code=2)
    assert (
        refused.stderr
        == f"{cases}: error: --coverage-output is the input {cases}; write the results elsewhere [I308]\n"
    )
    assert cases.read_bytes() == before
    nowhere = tmp_path / "no" / "lcov.info"
    assert run(rules, "--coverage-output", nowhere, code=2).stderr.startswith(f"{nowhere}: error: cannot write file")


def test_fail_under_exits_1_below_the_floor(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    cases = (rules / "demo.test.yaml").read_text(encoding="utf-8")
    (rules / "demo.test.yaml").write_text(cases[: cases.index("- name: a wrong expectation")], encoding="utf-8")
    assert run(rules, "--fail-under", "79", code=0).stdout.endswith("3 passed, 0 failed\n")
    result = run(rules, "--fail-under", "80", code=1)
    assert result.stderr == "error: coverage 79.4% is below --fail-under 80\n"  # the failing cases added nothing


# ---- the built-in library's test files ------------------------------------------------------

BUILTIN = Path(competency.__file__).parent / "competencies"


@pytest.mark.parametrize("path", sorted(BUILTIN.glob("*.test.yaml")), ids=lambda p: p.name.removesuffix(".test.yaml"))
def test_the_builtin_test_files_pass(path: Path) -> None:
    found = competency.run_tests([path])
    assert found.failed == 0, [str(d) for r in found.results for d in r.differences][:5]
    assert found.passed >= 10


def test_every_builtin_competency_file_has_its_test_file() -> None:
    tested = {p.name.removesuffix(".test.yaml") for p in BUILTIN.glob("*.test.yaml")}
    library = competency.load()
    stems = {Path(v.path).stem for versions in library.competencies.values() for v in versions}
    assert stems == tested


def test_designation_coverage_counts_its_metrics_steps_and_gates() -> None:
    found = competency.run_tests([BUILTIN / "solutions-partner-azure.comp"], coverage=True).coverage
    (azure,) = [f for f in found.files if f.path.endswith("solutions-partner-azure.comp")]
    kinds = {t.part.kind for t in azure.tallies}
    assert kinds == {"level", "metric", "requirement"}  # each step asks for one certification: no alternatives
    assert azure.percent == 100.0


def test_ci_and_the_readme_state_the_same_coverage_floor() -> None:
    (floor,) = re.findall(
        r"competency test src/competency/competencies --coverage --fail-under ([0-9]+)",
        (ROOT / ".ci" / "run").read_text(),
    )
    assert f"--fail-under {floor}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_passes(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Testing rule files") :]
    example = section[section.index("```yaml\n") + len("```yaml\n") :]
    (tmp_path / "rules").mkdir()
    (tmp_path / "partners").mkdir()
    (tmp_path / "rules" / "readme.test.yaml").write_text(example[: example.index("```")], encoding="utf-8")
    shutil.copy(ROOT / "examples" / "contoso-cloud-crm.yaml", tmp_path / "partners" / "contoso.yaml")
    shutil.copy(AZURE, tmp_path / "partners" / "fabrikam.yaml")
    assert run(tmp_path / "rules", code=0).stdout == "2 passed, 0 failed\n"
