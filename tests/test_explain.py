"""Hall-violator explanations: checked against a brute force over all slot sets, and golden
`eval` reports on the Cloud CRM seed (tests/data/gaps/NAME.partner.yaml -> NAME.explain.txt).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import competency
import instances
from competency.analysis import explain
from competency.cli import app
from competency.engine import engine, matching
from competency.engine.result import PeopleResult
from competency.reports.report import evaluation_to_json, to_text
from conftest import check_schema

GAPS = Path(__file__).parent / "data" / "gaps"


def _neighbours(pool, slots, held) -> set[int]:
    return {i for i, h in enumerate(held) if any(pool.slots[s].condition.holds(h) for s in slots)}


def _whole_classes(pool, slots) -> frozenset[int]:
    conditions = {pool.slots[s].condition for s in slots}
    return frozenset(s for s, slot in enumerate(pool.slots) if slot.condition in conditions)


@given(instances.competencies(first_count=3, second_count=2), instances.held_sets(3))
def test_violators_against_brute_force(text, held):
    library = instances.library(text)
    _, level = instances.silver(library)
    ids = [f"p{i}" for i in range(len(held))]
    for route in level.routes:
        for index, pool in enumerate(route.pools):
            found = explain.explain_pool(index, pool, held, ids)
            empty = matching.match(pool, held).count(None)
            if empty == 0:
                assert found is None
                continue
            subsets = [
                frozenset(c)
                for k in range(1, len(pool.slots) + 1)
                for c in itertools.combinations(range(len(pool.slots)), k)
            ]
            violators = [s for s in subsets if len(_neighbours(pool, s, held)) < len(s)]
            smallest = min(len(_whole_classes(pool, s)) for s in violators)
            for violator in (found.smallest, found.blocking):
                assert len(violator.persons) < violator.size
                assert violator.persons == tuple(
                    ids[i] for i in sorted(_neighbours(pool, _slots(pool, violator), held))
                )
            assert found.smallest.size == smallest
            assert found.blocking.needed == empty == max(len(s) - len(_neighbours(pool, s, held)) for s in subsets)


def _slots(pool, violator) -> list[int]:
    groups = {(g.requirement, g.role): g.count for g in violator.slots}
    chosen = [s for s, slot in enumerate(pool.slots) if (slot.requirement, slot.role) in groups]
    assert len(chosen) == violator.size
    return chosen


@pytest.mark.parametrize("name", ["contoso", "one-person-short", "nothing-yet"])
def test_golden_explanations(library, golden, name):
    partner = competency.load_partner(GAPS / f"{name}.partner.yaml")
    evaluation = explain.explain_evaluation(library, partner, engine.evaluate(library, partner, ["cloud-crm"]))
    golden(to_text(evaluation, partner.market), GAPS / f"{name}.explain.txt")
    check_schema("eval", evaluation_to_json(evaluation))  # with its explanations


def test_gold_explanation_in_words_and_json(library):
    partner = competency.load_partner(GAPS / "contoso.partner.yaml")
    evaluation = explain.explain_evaluation(library, partner, engine.evaluate(library, partner, ["cloud-crm"]))
    silver, gold = evaluation.result("cloud-crm").levels
    assert silver.explanations == ()
    (why,) = gold.explanations
    assert why.smallest.persons == ("ana",) and why.smallest.needed == 1
    assert why.blocking.persons == ("ana", "bruno") and why.blocking.needed == 2
    text = to_text(evaluation)
    sales, custom = "`one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)`", "`one_of(MB2-712, MB2-707)`"
    # Each line says what it counts: this requirement's empty slots, the least its slots need
    # alone, then what the level needs in all; the numbers agree (2 slots, at least 1, 2 in all).
    assert (
        "    - 2 persons each pass one_of(MB2-712, MB2-707)\n"
        "        unfilled: 2 of 2 slots\n"
        "        also qualified but counted elsewhere in this level: ana\n"
        f"        why: the 2 slots for {custom} can only be filled by ana, "
        f"so they alone need at least 1 more person passing {custom}\n"
        f"        in all, the 2 slots for {sales} and the 2 slots for {custom} can only be filled by ana and bruno; "
        f"2 more persons passing {sales} or {custom} are needed\n"
    ) in text
    levels = evaluation_to_json(evaluation)["results"][0]["levels"]
    assert "explanations" not in levels[0]
    assert levels[1]["explanations"][0]["smallest"]["persons"] == ["ana"]
    assert levels[1]["explanations"][0]["blocking"]["needed"] == 2


def test_a_requirement_no_one_can_fill_says_why():
    library = instances.library(
        'catalog t "t" { exam A "a" exam B "b" }\n'
        'competency x "x" { option o "o" { level silver { 2 persons pass A } } }'
    )
    partner = instances.partner([{"B"}])
    evaluation = explain.explain_evaluation(library, partner, engine.evaluate(library, partner, ["x"], instances.DAY))
    assert to_text(evaluation).endswith(
        "    - 2 persons each pass A\n"
        "        unfilled: 2 of 2 slots\n"
        "        why: the 2 slots for `A` can be filled by no one; 2 more persons passing `A` are needed\n"
    )


def test_past_the_class_limit_the_blocking_set_is_reported(monkeypatch):
    monkeypatch.setattr(explain, "MAX_CLASSES", 0)
    library = instances.library(
        'catalog t "t" { exam A "a" exam B "b" }\n'
        'competency x "x" { option o "o" { level silver { 2 persons pass A  1 person passes B } } }'
    )
    _, level = instances.silver(library)
    found = explain.explain_pool(0, level.routes[0].pools[0], [frozenset({"A", "B"})], ["p0"])
    assert found.smallest == found.blocking
    assert found.blocking.size == 3 and found.blocking.persons == ("p0",)


@given(st.data())
def test_explain_leaves_met_levels_alone(library, data):
    held = data.draw(st.lists(st.sets(st.sampled_from(["MB2-714", "MB2-710", "MB2-712"])), max_size=4))
    partner = competency.partner_from_data(
        {
            "partner": "P",
            "as_of": "2017-09-01",
            "metrics": {"crm-net-new-revenue": 500000},
            "associations": ["digital-partner-of-record"],
            "people": [{"id": f"p{i}", "credentials": sorted(h)} for i, h in enumerate(held)],
        }
    )
    evaluation = engine.evaluate(library, partner, ["cloud-crm"])
    explained = explain.explain_evaluation(library, partner, evaluation)
    for before, after in zip(evaluation.result("cloud-crm").levels, explained.result("cloud-crm").levels, strict=True):
        assert after.met == before.met
        assert (after.explanations == ()) == all(r.met for r in before.requirements if isinstance(r, PeopleResult))


def test_eval_command_shows_why():
    out = CliRunner().invoke(app, ["eval", str(GAPS / "contoso.partner.yaml"), "-c", "cloud-crm"]).stdout
    why = "        why: the 2 slots for `one_of(MB2-712, MB2-707)` can only be filled by ana, so they alone need"
    assert why in out
    document = json.loads(CliRunner().invoke(app, ["eval", str(GAPS / "contoso.partner.yaml"), "-f", "json"]).stdout)
    gold = next(
        lv for r in document["results"] if r["competency"] == "cloud-crm" for lv in r["levels"] if lv["level"] == "gold"
    )
    assert gold["explanations"][0]["blocking"]["persons"] == ["ana", "bruno"]
