"""`competency show`: a competency's requirements in words (text, Markdown) and as JSON.

Golden files in tests/data/show/ are discovered by name: `<id>.md` (Markdown), `<id>.txt`
(plain text) or `<id>.json`, optionally `<id>@<YYYY-MM-DD>.<ext>` for `--as-of`. Each is
rendered from the built-in library with tests/data/show/library/ on top, whose made-up
`show-fixture` holds every form the built-in files may not (groups of every shape, nested
either/or, same or different, k of them, custom levels, one-market thresholds).
Regenerate them with UPDATE_GOLDEN=1 (see tests/conftest.py), then read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

import competency
from competency.cli import app
from competency.compiler import plan
from competency.errors import CompetencyError
from competency.language import ast
from competency.reports.show import select_versions, to_json, to_prose
from conftest import check_schema

DATA = Path(__file__).parent / "data" / "show"
FIXTURE_LIBRARY = DATA / "library"
GOLDENS = sorted(p for p in DATA.iterdir() if p.suffix in {".md", ".txt", ".json"})


@pytest.fixture(scope="module")
def lib() -> plan.Library:
    return competency.load([FIXTURE_LIBRARY])


def _render(lib: plan.Library, golden: Path) -> str:
    competency_id, _, day = golden.stem.partition("@")
    as_of = dt.date.fromisoformat(day) if day else None
    if golden.suffix == ".json":
        return json.dumps(to_json(lib, competency_id, as_of), indent=2, ensure_ascii=False) + "\n"
    return to_prose(lib, competency_id, as_of, markdown=golden.suffix == ".md")


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.name)
def test_golden(lib, golden, path):
    golden(_render(lib, path), path)
    if path.suffix == ".json":
        check_schema("show", json.loads(path.read_text(encoding="utf-8")))


def test_goldens_cover_the_forms_the_prose_must_render():
    names = {p.name for p in GOLDENS}
    wanted = {"cloud-crm.md", "data-analytics.md", "windows-and-devices.md", "cloud-business-applications.md"}
    assert wanted | {"show-fixture.md", "show-fixture.txt", "show-fixture.json"} <= names


# ---- prose --------------------------------------------------------------------------------


def test_markdown_escapes_dollars_so_thresholds_do_not_render_as_math(lib):
    text = to_prose(lib, "cloud-crm", markdown=True)
    assert "US\\$100,000 in developed markets, US\\$50,000 in developing markets" in text
    assert "US$100,000 in developed markets" in to_prose(lib, "cloud-crm")


def _read_markdown(markdown: str) -> list[str]:
    """What a Markdown reader sees: headings, paragraphs and bullets (indented by depth) as plain lines."""
    lines, depth = [], 0
    for token in MarkdownIt("commonmark").parse(markdown):
        depth += {"bullet_list_open": 1, "bullet_list_close": -1}.get(token.type, 0)
        if token.type == "inline":
            text = "".join(child.content for child in token.children or ())
            lines.append("  " * (depth - 1) + "- " + text if depth else text)
    return lines


def _read_text(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not set(line) <= set("=-~^")]  # no underlines


def test_markdown_reads_as_the_text_format_for_every_competency(lib):
    # Catches a missing escape (titles with `*`, `_`, `$`) and a bullet nested at the wrong depth.
    for competency_id in lib.ids():
        markdown = to_prose(lib, competency_id, markdown=True)
        assert _read_markdown(markdown) == _read_text(to_prose(lib, competency_id)), competency_id


def test_as_of_flags_credentials_no_longer_accepted(lib):
    late = to_prose(lib, "cloud-crm", dt.date(2019, 3, 1))
    early = to_prose(lib, "cloud-crm", dt.date(2018, 3, 1))
    window = "retired 2017-12-31, accepted until 2018-12-31"
    assert f"MB2-709 (Dynamics CRM Marketing; {window}; not accepted on 2019-03-01)" in late
    assert "not accepted" not in early


def test_distinctness_rule_is_stated_once_per_level_that_needs_it(lib):
    text = to_prose(lib, "cloud-crm", dt.date(2018, 1, 1))
    assert text.count("Each person counts toward one requirement of this level.") == 2  # silver and gold
    assert "Each person counts" not in to_prose(lib, "data-analytics")  # one people requirement per level


# ---- JSON ---------------------------------------------------------------------------------


def test_json_has_the_documented_keys(lib):
    data = to_json(lib, "show-fixture")
    assert set(data) == {"version", "id", "title", "as_of", "versions"}
    version = data["versions"][0]
    assert set(version) == {"effective", "in_force_until", "title", "source", "levels", "options"}
    assert set(version["options"][0]) == {"id", "title", "levels"}
    kinds = {}
    for level in version["options"][0]["levels"]:
        for requirement in _flat(level["requirements"]):
            kinds.setdefault(requirement["kind"], set(requirement))
    assert kinds == {
        "metric": {"kind", "metric", "title", "unit", "thresholds"},
        "association": {"kind", "one_of"},
        "attribute": {"kind", "attribute", "title"},
        "people": {"kind", "count", "same_or_different", "condition", "also"},
        "either": {"kind", "branches"},
    }
    assert json.loads(json.dumps(data)) == data


def test_json_thresholds_by_market_from_the_catalog(lib):
    gold = to_json(lib, "cloud-crm", dt.date(2018, 1, 1))["versions"][0]["options"][0]["levels"][1]
    metric = gold["requirements"][0]
    assert metric == {
        "kind": "metric",
        "metric": "crm-net-new-revenue",
        "title": lib.catalog.metrics["crm-net-new-revenue"].title,
        "unit": "USD",
        "thresholds": {"developed": 300_000, "developing": 150_000},
    }


def test_json_threshold_without_market_applies_to_every_market_and_a_missing_one_is_null(lib):
    registered = to_json(lib, "show-fixture")["versions"][0]["options"][0]["levels"][0]
    revenue, seats = registered["requirements"][:2]
    assert revenue["thresholds"] == {"developed": 10000.5, "developing": None}
    assert seats["thresholds"] == {"developed": 25, "developing": 25}


def test_json_conditions_nest_one_of_all_of_groups_and_credentials(lib):
    silver = to_json(lib, "cloud-crm", dt.date(2017, 9, 1))["versions"][0]["options"][0]["levels"][0]
    condition = silver["requirements"][2]["condition"]
    first, second = condition["all_of"]
    assert [c["credential"] for c in first["one_of"]] == ["MB2-714", "MB2-713", "MB2-709"]
    assert [c["credential"] for c in second["one_of"]] == ["MB2-710", "MB2-706"]
    marketing = first["one_of"][2]
    assert marketing["title"] == "Dynamics CRM Marketing"
    window = (marketing["retired"], marketing["accepted_until"], marketing["accepted"])
    assert window == ("2017-12-31", "2018-12-31", True)
    specialist = to_json(lib, "data-analytics")["versions"][0]["options"][0]["levels"][0]["requirements"][0]
    areas = specialist["condition"]["all_of"][0]["one_of"]
    assert areas[0]["group"] == "business-intelligence"
    assert areas[0]["title"] == "Business Intelligence"
    assert "all_of" in areas[0]["condition"]


def _flat(requirements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for requirement in requirements:
        out.append(requirement)
        if requirement["kind"] == "either":
            out += [r for branch in requirement["branches"] for r in _flat(branch)]
    return out


def _holds(condition: dict[str, Any], held: frozenset[str]) -> bool:
    """The JSON condition read as a program would read it."""
    if "credential" in condition:
        return condition["credential"] in held
    if "group" in condition:
        return _holds(condition["condition"], held)
    if "one_of" in condition:
        return any(_holds(c, held) for c in condition["one_of"])
    return all(_holds(c, held) for c in condition["all_of"])


def _people_json(syntax: tuple[ast.Requirement, ...], data: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each people requirement's JSON, keyed by the identity of its syntax node."""
    found = {}
    for requirement, item in zip(syntax, data, strict=True):
        if isinstance(requirement, ast.Alternatives):
            for branch, json_branch in zip(requirement.branches, item["branches"], strict=True):
                found |= _people_json(branch, json_branch)
        elif isinstance(requirement, ast.PeopleRequirement):
            found[id(requirement)] = item
    return found


def _samples(condition: plan.Condition) -> list[frozenset[str]]:
    """Credential sets on both sides of the condition: each term, each term less one, all, none."""
    samples = [frozenset(), condition.credentials]
    for term in condition.terms:
        samples += [term] + [term - {c} for c in term]
    return samples


def _slots_with_json(lib: plan.Library):
    """Every slot of every route of the library, with the JSON of the people requirement it serves."""
    for competency_id in lib.ids():
        for version, data in zip(lib.versions(competency_id), to_json(lib, competency_id)["versions"], strict=True):
            if version.score is not None:
                continue  # a designation's route has no pools: its steps' pools are in the score
            for option, json_option in zip(version.options, data["options"], strict=True):
                for level, json_level in zip(option.levels, json_option["levels"], strict=True):
                    people = _people_json(level.source.requirements, json_level["requirements"])
                    for route in level.routes:
                        for slot in (slot for pool in route.pools for slot in pool.slots):
                            yield slot, route, people[id(route.requirements[slot.requirement])]


def test_json_conditions_agree_with_the_compiled_slots_of_every_competency(lib):
    # The JSON is written from the syntax tree; the engine runs the compiled slots. A program
    # reading the JSON must decide every credential set as the engine does.
    checked = 0
    for slot, route, item in _slots_with_json(lib):
        also = [] if slot.role is None else [_also(item, route, slot)]
        for held in _samples(slot.condition):
            read = _holds(item["condition"], held) and all(_holds(a, held) for a in also)
            assert read == slot.condition.holds(held), (item, sorted(held))
            checked += 1
    assert checked > 1000


def _also(item: dict[str, Any], route: plan.Route, slot: plan.Slot) -> dict[str, Any]:
    subsets = route.requirements[slot.requirement].subsets
    return item["also"][next(i for i, s in enumerate(subsets) if s is slot.role)]["condition"]


def test_json_same_or_different_and_k_of_them(lib):
    registered = to_json(lib, "show-fixture")["versions"][0]["options"][0]["levels"][0]["requirements"]
    shared, independent = registered[4], registered[5]
    assert (shared["count"], shared["same_or_different"]) == (3, False)
    assert [a["count"] for a in shared["also"]] == [1, 2]
    assert shared["also"][0]["condition"]["group"] == "build"
    assert (independent["count"], independent["same_or_different"]) == (1, True)


# ---- versions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "effective", "until"),
    [
        (dt.date(2017, 7, 7), "2017-07-07", "2017-12-14"),
        (dt.date(2017, 12, 14), "2017-07-07", "2017-12-14"),
        (dt.date(2017, 12, 15), "2017-12-15", None),
        (dt.date(2019, 6, 30), "2017-12-15", None),
    ],
)
def test_as_of_selects_the_version_in_force(lib, day, effective, until):
    data = to_json(lib, "cloud-crm", day)
    assert data["as_of"] == day.isoformat()
    assert [(v["effective"], v["in_force_until"]) for v in data["versions"]] == [(effective, until)]


def test_without_as_of_every_version_is_shown_in_order(lib):
    versions = to_json(lib, "show-fixture")["versions"]
    assert [(v["effective"], v["in_force_until"]) for v in versions] == [(None, "2018-12-31"), ("2019-01-01", None)]
    assert [v["levels"] for v in versions] == [["registered", "certified"], ["silver", "gold"]]


def test_unknown_id_and_a_date_before_the_first_version_are_input_errors(lib):
    with pytest.raises(CompetencyError) as unknown:
        select_versions(lib, "cloud-crn")
    assert unknown.value.diagnostic.code == "I303"
    assert unknown.value.diagnostic.message.endswith("; did you mean 'cloud-crm'?")
    with pytest.raises(CompetencyError) as early:
        select_versions(lib, "cloud-crm", dt.date(2017, 7, 6))
    assert early.value.diagnostic.code == "I304"


# ---- the command --------------------------------------------------------------------------


def _run(*args: str):
    return CliRunner().invoke(app, ["show", *args, "--library", str(FIXTURE_LIBRARY)])


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_command_prints_the_prose(lib, fmt):
    result = _run("cloud-crm", "--as-of", "2018-01-01", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == to_prose(lib, "cloud-crm", dt.date(2018, 1, 1), markdown=fmt == "markdown")


def test_command_prints_json(lib):
    result = _run("show-fixture", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == to_json(lib, "show-fixture")


def test_command_source_format_prints_the_language(lib):
    result = _run("cloud-crm", "--format", "source")
    assert result.exit_code == 0
    parsed = competency.parse_text(result.stdout, "<shown>").items
    assert parsed == tuple(v.syntax for v in lib.versions("cloud-crm"))


def test_command_unknown_id_exits_2_naming_the_known_ones():
    result = _run("cloud-crn")
    assert result.exit_code == 2
    assert "unknown competency 'cloud-crn'; known: " in result.stderr
    assert "cloud-crm" in result.stderr
    assert result.stdout == ""


def test_command_date_before_the_first_version_exits_2():
    result = _run("cloud-crm", "--as-of", "2017-01-01")
    assert result.exit_code == 2
    assert "no version of 'cloud-crm' is in force on 2017-01-01" in result.stderr
    assert result.stdout == ""


def test_command_rejects_a_bad_date():
    result = _run("cloud-crm", "--as-of", "2017-13-01")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


# ---- designations -----------------------------------------------------------------------


def test_designation_points_per_unit_are_exact_and_per_track(lib):
    text = to_prose(lib, "d-tracks")
    assert "3/2 per person, full at 20 persons in track enterprise; 10 per person, full at 3 persons in" in text
    assert "Enterprise adds (metric big): 10 per unit, full at 5 customers in track enterprise; nothing" in text
    assert "Gate: Workloads: at least 1 workloads in track smb (no threshold for track enterprise)" in text


def test_json_designation_is_one_level_whose_requirement_is_the_score(lib):
    (version,) = to_json(lib, "d-tracks")["versions"]
    (option,) = version["options"]
    assert version["levels"] == ["qualified"] and option["id"] == "d-tracks"
    (score,) = option["levels"][0]["requirements"]
    assert set(score) == {"kind", "pass", "max", "best_track", "tracks", "categories"}
    assert (score["kind"], score["pass"], score["max"], score["best_track"]) == ("score", 70, 100, False)
    assert [t["id"] for t in score["tracks"]] == ["enterprise", "smb"]
    performance, skilling = score["categories"]
    best = performance["metrics"][0]["points"]
    assert best["kind"] == "best"
    assert best["branches"][0]["thresholds"] == {"enterprise": 5, "smb": None}
    assert best["branches"][0]["per_unit"] == {"enterprise": "10", "smb": None}
    metric = skilling["metrics"][0]
    assert metric["gates"][0]["thresholds"] == {"enterprise": None, "smb": 1}
    first, second = metric["points"]["parts"]
    assert first["max"] == 30 and first["points"]["per_person"] == {"enterprise": "3/2", "smb": "10"}
    assert second["points"]["condition"]["all_of"][0]["credential"] == "b"


def test_command_source_format_prints_a_designation(lib):
    result = _run("d-tracks", "--format", "source")
    assert result.exit_code == 0, result.output
    assert competency.parse_text(result.stdout).items == tuple(v.syntax for v in lib.versions("d-tracks"))
    assert result.stdout.startswith('designation d-tracks "D with tracks" {\n  source "test fixture"\n')
    assert "      best {\n        metric big reaching 5 in enterprise\n      } or {\n" in result.stdout
