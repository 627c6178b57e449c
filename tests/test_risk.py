"""Key people: the persons whose departure alone loses a level and the fewest departures that
do, checked against a brute force over every set of departures, and on the Cloud CRM seed."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

import competency
import instances
from competency.analysis import milp, risk
from competency.cli import app
from competency.engine import engine, matching
from competency.errors import CompetencyError
from competency.reports.report import key_people_json, key_people_text

GAPS = Path(__file__).parent / "data" / "gaps"


def _lost(library, partner, gone) -> bool:
    held = matching.credentials_held(library.catalog, partner, instances.DAY)
    option, level = instances.silver(library)
    remaining = [frozenset() if i in gone else h for i, h in enumerate(held)]
    return not engine.evaluate_level(option, level, partner, remaining).met


@settings(max_examples=200)
@given(instances.competencies(first_count=3, second_count=2), instances.held_sets(5))
def test_key_people_against_brute_force(text, held):
    library = instances.library(text)
    partner = instances.partner(held, revenue=10)  # the metric branch of an `either` holds
    found = risk.key_people(library, partner, ["x"], instances.DAY)
    if _lost(library, partner, set()):
        assert found == ()
        return
    (level,) = found
    people = range(len(held))
    assert level.key == tuple(f"p{i}" for i in people if _lost(library, partner, {i}))
    losing = [
        k
        for k in range(len(held) + 1)
        for gone in itertools.combinations(people, k)
        if _lost(library, partner, set(gone))
    ]
    assert level.departures == (min(losing) if losing else None)


def test_a_level_without_people_cannot_be_lost_by_departures():
    library = instances.library(
        'catalog t "t" { metric rev "r" unit USD }\n'
        'competency x "x" { option o "o" { level silver { metric rev >= 1 } } }'
    )
    (level,) = risk.key_people(library, instances.partner([], revenue=5), ["x"], instances.DAY)
    assert level.key == () and level.departures is None


def test_key_people_on_the_seed(library):
    partner = competency.load_partner(GAPS / "revenue-only.partner.yaml")
    found = risk.key_people(library, partner, ["cloud-crm"])
    assert [(k.level, k.key, k.departures) for k in found] == [("silver", (), 2)]
    contoso = competency.load_partner(GAPS / "contoso.partner.yaml")
    (silver,) = risk.key_people(library, contoso, ["cloud-crm"])
    assert silver.key == ("ana", "bruno") and silver.departures == 1
    assert key_people_text(found) == [
        "key people:",
        "  cloud-crm / cloud-crm-reseller / silver: no single departure loses it; 2 departures can",
    ]
    assert key_people_json((silver,)) == [
        {
            "competency": "cloud-crm",
            "option": "cloud-crm-reseller",
            "level": "silver",
            "key": ["ana", "bruno"],
            "departures": 1,
        }
    ]


def test_eval_key_people_flag():
    args = ["eval", str(GAPS / "contoso.partner.yaml"), "-c", "cloud-crm", "--key-people"]
    out = CliRunner().invoke(app, args).stdout
    assert out.endswith(
        "\nkey people:\n  cloud-crm / cloud-crm-reseller / silver: ana and bruno: any one of them leaving loses it\n"
    )
    document = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    assert document["key_people"] == [
        {
            "competency": "cloud-crm",
            "option": "cloud-crm-reseller",
            "level": "silver",
            "key": ["ana", "bruno"],
            "departures": 1,
        }
    ]
    assert "key_people" not in json.loads(CliRunner().invoke(app, [*args[:-1], "-f", "json"]).stdout)


def test_key_people_refuse_an_integer_program_past_the_size_bound(library, monkeypatch):
    monkeypatch.setattr(milp, "MAX_SIZE", 10)
    revenue_only = competency.load_partner(GAPS / "revenue-only.partner.yaml")  # no key person: the program runs
    with pytest.raises(CompetencyError) as info:
        risk.key_people(library, revenue_only, ["cloud-crm"])
    assert info.value.diagnostic.code == "I312"
    assert info.value.diagnostic.message == (
        "the key-people integer program is too large (over 10 variables and coefficients); narrow it with --competency"
    )
