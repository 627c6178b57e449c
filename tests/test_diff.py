"""`competency diff`: the rule changes in show's words, and whose verdicts they change.

Golden files in tests/data/diff/ are discovered by name: each directory `edits/<case>/` holds a
file that replaces its namesake in `base/` or is added beside them (one edit per construct), and
`<case>.txt` is the text diff of base against the edited library (`<case>.md`, `<case>.json`: the
other formats, where present). Regenerate them with UPDATE_GOLDEN=1 (see tests/conftest.py), then read the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import competency
from competency.cli import app
from competency.compiler import plan
from competency.compiler.compile import compile_library
from competency.diff import formats
from competency.diff.impact import Impact, Rejected, Settings, Side, partner_impact, verdict_changes
from competency.diff.semantic import diff_libraries
from competency.engine.engine import evaluate
from competency.errors import Diagnostic, Severity
from competency.language.parse import parse_text
from competency.terminal import MAX_FINDINGS
from conftest import check_schema

DATA = Path(__file__).parent / "data" / "diff"
BASE = DATA / "base"
CASES = sorted(p.name for p in (DATA / "edits").iterdir())


def _edited(case: str) -> list[Path]:
    edits = {p.name: p for p in (DATA / "edits" / case).iterdir()}
    added = [p for name, p in sorted(edits.items()) if not (BASE / name).exists()]
    return [edits.get(p.name, p) for p in sorted(BASE.iterdir())] + added


@pytest.fixture(scope="module")
def base() -> plan.Library:
    return competency.load([BASE])


@pytest.mark.parametrize("case", CASES)
def test_golden_semantic_diff(base, golden, case):
    changes = diff_libraries(base, competency.load(_edited(case)))
    golden(formats.to_text(changes), DATA / f"{case}.txt")
    if (DATA / f"{case}.md").exists():
        golden(formats.to_markdown(changes), DATA / f"{case}.md")
    if (DATA / f"{case}.json").exists():
        document = formats.to_json(changes)
        check_schema("diff", document)
        golden(json.dumps(document, indent=2) + "\n", DATA / f"{case}.json")


def test_the_same_rules_rewritten_are_no_difference(base):
    assert diff_libraries(base, competency.load(_edited("same-meaning"))) == ()


def test_options_in_another_order_are_a_difference(tmp_path):
    # Of two options meeting the same level, the first written is the one reported.
    changes = diff_libraries(
        competency.load(_edited("option-added")), competency.load([_new_dir(tmp_path, "options-reordered")])
    )
    assert [(c.subject, c.old[0].text, c.new[0].text) for c in changes] == [
        ("option order", "reseller, distributor", "distributor, reseller")
    ]


@pytest.mark.parametrize(
    ("competency_id", "listed"),
    [("widgets", True), ("widget-designation", True), ("cloud-crm", False)],  # W-300: a group; points; unused
)
def test_a_competency_asked_for_lists_the_catalog_changes_of_what_it_counts(base, competency_id, listed):
    changes = diff_libraries(base, competency.load(_edited("credential-retired")), competencies=[competency_id])
    assert [(c.competency, c.where) for c in changes] == ([(None, (("credential", "W-300"),))] if listed else [])


def test_a_library_against_itself_has_no_difference(library):
    assert diff_libraries(library, competency.load()) == ()


def test_two_dates_compare_the_versions_in_force_then(tmp_path):
    result = _cli(
        "diff", _new_dir(tmp_path, "edits/version-added"), "--old-date", "2020-06-01", "--new-date", "2021-06-01"
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("widgets, option reseller, level silver: requirement changed\n")  # no version named
    assert "threshold raised in developed markets: US$50,000 -> US$60,000" in result.stdout


# ---- partners -------------------------------------------------------------------------------

PARTNERS = [
    {"partner": "Gains gold", "as_of": "2020-06-01", "metrics": {"w-revenue": 150_000},
     "associations": ["w-reseller"],
     "people": [{"id": "a", "credentials": ["W-100", "W-400"]}, {"id": "b", "credentials": ["W-300"]},
                {"id": "c", "credentials": ["W-300"]}, {"id": "d", "credentials": ["W-200", "W-400"]},
                {"id": "e", "credentials": ["W-300", "W-400"]}]},
    {"partner": "Unchanged", "as_of": "2020-06-01", "metrics": {"w-revenue": 10},
     "people": [{"id": "a", "credentials": ["W-100"]}]},
    {"partner": "Loses silver", "as_of": "2020-06-01", "market": "developed", "metrics": {"w-revenue": 60_000},
     "associations": ["w-reseller"],
     "people": [{"id": "a", "credentials": ["W-100"]}, {"id": "b", "credentials": ["W-200"]},
                {"id": "c", "credentials": ["W-300", "W-400"]}]},
]  # fmt: skip


@pytest.fixture
def partners_file(tmp_path: Path) -> Path:
    path = tmp_path / "partners.jsonl"
    lines = [json.dumps(p) for p in PARTNERS] + ["{not json"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def _new_dir(tmp_path: Path, *edits: str) -> Path:
    """A copy of base with the files of each directory `edits` (under tests/data/diff/) in place of their namesakes."""
    new = tmp_path / "new"
    new.mkdir()
    for source in BASE.iterdir():
        (new / source.name).write_bytes(source.read_bytes())
    for edited in edits:
        for edit in (DATA / edited).iterdir():
            (new / edit.name).write_bytes(edit.read_bytes())
    return new


@pytest.mark.parametrize("fmt", ["txt", "md", "json"])
def test_golden_partners_diff(tmp_path, partners_file, golden, fmt):
    new = _new_dir(tmp_path, "partners")
    flag = {"txt": "text", "md": "markdown", "json": "json"}[fmt]
    result = _cli("diff", BASE, new, "--partners", partners_file, "-c", "widgets", "--workers", "2", "-f", flag)
    assert result.exit_code == 1
    golden(result.stdout.replace(str(partners_file), "partners.jsonl"), DATA / f"partners.{fmt}")


def test_a_change_names_its_place_outermost_first_each_either_it_is_in(tmp_path):
    """The branch of an `either` inside a branch of another: both are named, in the JSON as in the text."""
    rules = """catalog c "C" { exam A-1 "A"  exam B-1 "B"  exam C-1 "C" }
competency n "N" { option o "O" { level gold {
  either { 1 person passes A-1 } or { either { 1 person passes B-1 } or { 1 person passes C-1 } }
} } }
"""
    old, new = tmp_path / "old.comp", tmp_path / "new.comp"
    old.write_text(rules, encoding="utf-8")
    new.write_text(rules.replace("passes C-1", "passes A-1 and C-1"), encoding="utf-8")
    (change,) = diff_libraries(competency.load([old]), competency.load([new]))
    assert formats.to_text((change,)).startswith("n, option o, level gold, branch 2, branch 2: requirement changed")
    place = formats.to_json((change,))["changes"][0]["place"]
    assert place == [{"option": "o"}, {"level": "gold"}, {"branch": 1}, {"branch": 1}]


def test_partners_json_names_every_changed_verdict(tmp_path, partners_file):
    new = _new_dir(tmp_path, "partners")
    result = _cli("diff", BASE, new, "--partners", partners_file, "-c", "widgets", "--workers", "1", "-f", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["partners"]
    assert (found["records"], found["changed"], len(found["rejected"])) == (4, 2, 1)
    assert found["rejected"][0]["line"] == 4
    assert found["counts"] == {
        "widgets": [{"from": "silver", "to": "gold", "partners": 1}, {"from": "silver", "to": "none", "partners": 1}]
    }
    gains, loses = found["verdicts"]
    assert (gains["partner"], gains["line"]) == ("Gains gold", 1)
    assert gains["competencies"][0]["reasons"] == [
        "OLD, Gold: 3 individuals must each pass one of: W-100 (Widget Fundamentals), W-200 (Building Widgets)"
        " (1 more needed)",
        "NEW, Gold: met with either branch 3",
    ]
    assert loses["competencies"][0]["reasons"] == [
        "NEW, Silver: Widget revenue: at least US$100,000 in developed markets, US$25,000 in developing markets"
        " (the partner has US$60,000)"
    ]


def test_past_the_first_rejected_records_text_and_markdown_say_how_many_more():
    impact = Impact(records=MAX_FINDINGS + 2)
    for line in range(1, MAX_FINDINGS + 3):
        impact.add(Rejected({"line": line}, Diagnostic("I301", "invalid JSON")))
    for text in (formats.to_text((), impact), formats.to_markdown((), impact)):
        assert "line 100: I301 invalid JSON" in text and "line 101:" not in text
        assert "and 2 more problems (use --format json for all)" in text


def test_no_difference_exits_0(tmp_path, partners_file):
    result = _cli("diff", BASE, _new_dir(tmp_path, "edits/same-meaning"), "--partners", partners_file)
    assert result.exit_code == 1  # the bad record is a finding, as in batch
    partners_file.write_text(json.dumps(PARTNERS[1]) + "\n", encoding="utf-8")
    result = _cli("diff", BASE, tmp_path / "new", "--partners", partners_file)
    assert (result.exit_code, result.stdout) == (
        0,
        "no differences in the rules\n\npartners: 1 read, 0 with a changed verdict, 0 rejected\n",
    )


# ---- the property: the partners reported are exactly those whose evaluation differs ----------

CATALOG = """catalog p "P" {
  exam A "A"
  exam B "B"
  exam C "C"
  exam D "D"{retired}
  metric rev "Revenue" unit USD
  metric n "Customers" unit customers
  association r "R"
  association s "S"
  attribute x "X"
}
"""
CREDENTIALS = ("A", "B", "C", "D")


@st.composite
def rules(draw) -> dict:
    creds = st.lists(st.sampled_from(CREDENTIALS), min_size=1, max_size=3, unique=True)
    also = st.none() | st.tuples(st.integers(1, 2), st.sampled_from(CREDENTIALS))  # `, k of them also pass X`
    people = st.tuples(st.integers(1, 3), creds, st.booleans(), also)
    return {
        "retired": draw(st.sampled_from(["", " retired 2024-06-30", " retired 2024-06-30 accepted until 2025-06-30"])),
        "silver_rev": draw(st.sampled_from([0, 50, 100])),
        "gold_rev": draw(st.sampled_from([100, 200])),
        "associations": draw(st.lists(st.sampled_from(["r", "s"]), max_size=2, unique=True)),
        "attribute": draw(st.booleans()),
        "silver": draw(st.lists(people, min_size=1, max_size=2)),
        "gold": draw(st.lists(people, min_size=1, max_size=2)),
        "branches": draw(st.just([]) | st.lists(st.lists(people, min_size=1, max_size=2), min_size=2, max_size=3)),
        "pass": draw(st.sampled_from([40, 60, 80])),
        "step": draw(st.integers(0, 2)),
        "reaching": draw(st.integers(1, 4)),
        "max": draw(st.sampled_from([50, 60])),
    }


def _people(spec) -> str:
    count, creds, independent, also = spec
    plural = "persons each pass" if count > 1 else "person passes"
    subset = f", {also[0]} of them also pass {also[1]}" if also and also[0] <= count else ""
    return f"{'same or different ' if independent else ''}{count} {plural} one_of({', '.join(creds)}){subset}"


def _text(r: dict) -> str:
    silver = [f"metric rev >= {r['silver_rev']} USD", *map(_people, r["silver"])]
    if r["associations"]:
        silver.append("association " + " or ".join(r["associations"]))
    if r["attribute"]:
        silver.append("attribute x")
    gold = [f"metric rev >= {r['gold_rev']} USD", *map(_people, r["gold"])]
    if r["branches"]:
        gold.append("either " + " or ".join("{ " + " ".join(map(_people, b)) + " }" for b in r["branches"]))
    step = f"step {r['step']} persons each pass A" if r["step"] else ""
    return (
        CATALOG.replace("{retired}", r["retired"])
        + "competency c \"C\" { option o \"O\" { level silver { " + " ".join(silver) + " } "
        + "level gold { " + " ".join(gold) + " } } }\n"
        + f"designation d \"D\" {{ pass {r['pass']} category k \"K\" {{ "
        + f"metric m1 \"M1\" max {r['max']} {{ {step} persons passing one_of(B, C) reaching {r['reaching']} }} "
        + f"metric m2 \"M2\" max {100 - r['max']} {{ metric n reaching 10 }} }} }}\n"
    )  # fmt: skip


def _compiled(text: str) -> plan.Library:
    library, diagnostics = compile_library([[parse_text(text, "p.comp")]])
    assert not [d for d in diagnostics if d.severity is Severity.ERROR], diagnostics
    return library


partners = st.lists(
    st.fixed_dictionaries(
        {
            "partner": st.just("P"),
            "as_of": st.sampled_from(["2024-01-01", "2025-01-01", "2026-01-01"]),  # before and after D retires
            "metrics": st.fixed_dictionaries({"rev": st.sampled_from([0, 60, 150, 300]), "n": st.integers(0, 12)}),
            "associations": st.lists(st.sampled_from(["r", "s"]), unique=True),
            "attributes": st.fixed_dictionaries({"x": st.booleans()}),
            "people": st.lists(st.lists(st.sampled_from(CREDENTIALS), unique=True), max_size=6).map(
                lambda creds: [{"id": f"p{i}", "credentials": c} for i, c in enumerate(creds)]
            ),
        }
    ),
    min_size=1,
    max_size=4,
)


@st.composite
def edits(draw) -> tuple[dict, dict]:
    """Rules and the same rules with one to three fields drawn again."""
    old = draw(rules())
    fresh = draw(rules())
    changed = draw(st.lists(st.sampled_from(sorted(old)), min_size=1, max_size=3, unique=True))
    return old, {**old, **{key: fresh[key] for key in changed}}


@settings(max_examples=40)
@given(edit=edits(), data=partners)
def test_the_partners_reported_are_exactly_those_whose_evaluation_differs(edit, data):
    old, new = _compiled(_text(edit[0])), _compiled(_text(edit[1]))
    rules_differ = bool(diff_libraries(old, new))
    for raw in data:
        partner = competency.partner_from_data(raw)
        was, now = evaluate(old, partner), evaluate(new, partner)
        expected = {
            a.competency
            for a, b in zip(was.results, now.results, strict=True)
            if (a.level, a.option) != (b.level, b.option)
        }
        _, changes = verdict_changes(old, new, partner)
        assert {c.competency for c in changes} == expected
        for change in changes:
            result = (was.result(change.competency), now.result(change.competency))
            assert (change.old, change.new) == tuple((r.level, r.option) for r in result)
            assert change.reasons  # every changed verdict names what made the difference
        assert rules_differ or not changes  # no change in the rules: no change for anyone


def test_the_streaming_pass_agrees_with_each_partner_alone(tmp_path):
    new = _new_dir(tmp_path, "partners")
    records = [competency.batch.batch.Record({"line": i}, json.dumps(p)) for i, p in enumerate(PARTNERS * 300, 1)]
    settings_ = Settings(Side((str(BASE),)), Side((str(new),)))
    impact = partner_impact(records, settings_, workers=2)
    old, lib = competency.load([BASE]), competency.load([new])
    expected = [
        r.where["line"]
        for r in records
        if verdict_changes(old, lib, competency.partner_from_data(json.loads(r.payload)))[1]
    ]
    assert [p.where["line"] for p in impact.changed] == expected
    assert impact.records == len(records) and not impact.rejected


# ---- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["OLD", "NEW"])
def test_an_old_or_new_that_does_not_load_is_its_diagnostics(tmp_path, side):
    broken = tmp_path / "broken.comp"
    broken.write_text('competency x "X" {\n  option o "O" { level silver { 2 persons each pass } }\n}\n')
    result = _cli("diff", *((broken, BASE) if side == "OLD" else (BASE, broken)))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{broken}:2:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", BASE], "nowhere: error: no such file or directory"),
        ([BASE, BASE, "-c", "nope"], "unknown competency 'nope'"),
        ([BASE, BASE, "--partners", "missing.jsonl"], "missing.jsonl"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = _cli("diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([BASE], "give NEW, or --old-date and --new-date"),
        ([BASE, "--old-date", "2020-01-01"], "give NEW, or --old-date and --new-date"),
        ([BASE, BASE, "--old-date", "2020-01-01"], "--old-date and --new-date go together"),
        ([BASE, "--old-date", "2020-01-01", "--new-date", "soon"], "'soon' is not a date"),
        ([BASE, BASE, "--transcripts", BASE / "catalog.comp"], "give --partners too"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = _cli("diff", *args)
    assert result.exit_code == 2
    assert message in result.output
