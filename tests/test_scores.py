"""Designations scored in points: the language, the compiler's checks and the engine's points.

Hand-computed cases; the property test against an independent scorer lives in
tests/test_scores_oracle.py.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

import competency
from competency.compiler.compile import compile_library
from competency.engine.engine import evaluate, levels_attained
from competency.engine.result import ScoreResult
from competency.language.parse import parse_text

CATALOG = """
catalog t "T" {
  certification a "A"
  certification b "B"
  certification c "C"
  certification old "Old" retired 2023-07-31 accepted until 2024-07-31
  metric nca "NCA" unit customers
  metric acr "ACR" unit USD
  metric growth "Growth" unit percent
  metric workloads "Workloads" unit workloads
  metric big "Enterprise adds" unit customers
  metric small "SMB adds" unit customers
}
"""

AZURE_LIKE = """
designation d "D" {
  effective 2023-06-13
  pass 70
  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 30 { metric nca reaching 3 }
  }
  category skilling "Skilling" {
    metric intermediate "Intermediate" max 40 {
      step 2 persons each pass a
      step 1 person passes c
      persons passing one_of(b, old) reaching 10
    }
  }
  category customer-success "Customer success" {
    metric usage-growth "Usage growth" max 30 {
      gate metric acr >= 1_000 USD
      metric growth reaching 20 percent
    }
  }
}
"""

TRACKS = """
designation ba "BA" {
  effective 2023-06-13
  pass 70
  track enterprise "Enterprise" when metric workloads >= 5
  track smb "SMB"
  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 50 {
      best { metric big reaching 5 in enterprise } or { metric small reaching 5 in smb }
    }
  }
  category skilling "Skilling" {
    metric intermediate "Intermediate" max 50 { persons passing a reaching 20 in enterprise, 5 in smb }
  }
}
"""


def library(text: str):
    documents = [parse_text(CATALOG + text, "d.comp")]
    found, diagnostics = compile_library([documents])
    assert [d for d in diagnostics if d.severity.value == "error"] == []
    return found


def scored(lib, people, metrics, day="2024-01-01", competency="d") -> ScoreResult:
    partner = competency_partner(people, metrics)
    result = evaluate(lib, partner, [competency], __import__("datetime").date.fromisoformat(day)).results[0]
    score = result.levels[0].requirements[0]
    assert isinstance(score, ScoreResult)
    assert result.level == ("qualified" if score.met else None)
    assert (
        levels_attained(lib, partner, [competency], partner.as_of or __import__("datetime").date.fromisoformat(day))[1][
            competency
        ][0]
        == result.level
    )
    return score


def competency_partner(people, metrics):
    return competency.partner_from_data(
        {"partner": "P", "metrics": metrics, "people": [{"id": p, "credentials": list(c)} for p, c in people.items()]}
    )


def points(score: ScoreResult) -> dict[str, Fraction]:
    return {m.id: m.points for m in score.metrics}


PEOPLE = {"x": ["a", "b"], "y": ["a", "c", "b"], "z": ["c"]}


def test_points_are_proportional_and_exact() -> None:
    score = scored(library(AZURE_LIKE), PEOPLE, {"nca": 2, "acr": 5000, "growth": 25})
    assert points(score) == {"net-customer-adds": 20, "intermediate": 8, "usage-growth": 30}
    assert score.total == 58 and not score.met


def test_qualified_needs_the_pass_mark_and_every_metric_above_zero() -> None:
    many = {f"p{i}": ["a", "b", "c"] for i in range(10)}
    assert scored(library(AZURE_LIKE), many, {"nca": 3, "acr": 5000, "growth": 20}).met  # 100
    at_zero = scored(library(AZURE_LIKE), many, {"nca": 3, "acr": 5000, "growth": 0})
    assert at_zero.total == 70 and not at_zero.met and [m.id for m in at_zero.at_zero] == ["usage-growth"]


def test_a_gate_zeroes_only_its_own_metric_and_steps_block_points() -> None:
    score = scored(library(AZURE_LIKE), {"x": ["a", "b"]}, {"nca": 1, "acr": 999, "growth": 40})
    assert points(score) == {"net-customer-adds": 10, "intermediate": 0, "usage-growth": 0}
    intermediate = score.metrics[1]
    assert intermediate.blocked and [s.missing for s in intermediate.steps] == [1, 1]
    assert intermediate.sources[0].counted == ("x",)  # progress is still reported


def test_a_person_counts_once_per_step_and_once_in_the_counted_list() -> None:
    score = scored(library(AZURE_LIKE), {"x": ["a", "b", "c", "old"], "y": ["a"]}, {})
    assert score.metrics[1].points == 4  # x fills a step of each kind and counts once: 40 * 1/10


def test_negative_progress_scores_zero_and_a_missing_metric_is_zero() -> None:
    assert points(scored(library(AZURE_LIKE), {}, {"nca": -2}))["net-customer-adds"] == 0


@pytest.mark.parametrize(("day", "counts"), [("2024-07-31", 1), ("2024-08-01", 0)])
def test_a_credential_counts_through_its_last_accepted_day(day: str, counts: int) -> None:
    score = scored(library(AZURE_LIKE), {"x": ["a", "old", "c"], "y": ["a"]}, {}, day)
    assert score.metrics[1].sources[0].value == counts


@pytest.mark.parametrize(("workloads", "track", "expected"), [(4, "smb", 10 + 40), (5, "enterprise", 10 + 10)])
def test_a_classification_picks_exactly_one_track(workloads: int, track: str, expected: int) -> None:
    people = {f"p{i}": ["a"] for i in range(4)}
    score = scored(library(TRACKS), people, {"workloads": workloads, "big": 1, "small": 1}, competency="ba")
    assert score.track == track and score.total == expected
    assert score.classification is not None and score.classification.met is (track == "enterprise")


def test_without_when_the_best_track_counts() -> None:
    text = TRACKS.replace(" when metric workloads >= 5", "")
    score = scored(library(text), {f"p{i}": ["a"] for i in range(4)}, {"big": 5, "small": 0}, competency="ba")
    assert score.track == "enterprise" and score.total == 50 + 10  # smb would give 0 + 40


def test_sum_parts_are_capped_at_the_metric_maximum() -> None:
    text = AZURE_LIKE.replace(
        "{ metric nca reaching 3 }",
        "{ sum { part max 20 { metric nca reaching 3 } part max 20 { persons passing b reaching 1 } } }",
    )
    score = scored(library(text), {"x": ["b"]}, {"nca": 3})
    assert score.metrics[0].points == 30  # 20 + 20, capped at 30


def test_thirds_stay_exact() -> None:
    text = AZURE_LIKE.replace("metric nca reaching 3", "persons passing b reaching 3").replace(
        "max 30 {", "max 10 {", 1
    )
    score = scored(library(text), {"x": ["b"]}, {})
    assert score.metrics[0].points == Fraction(10, 3)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("pass 70\n", ""), "R213"),
        (("reaching 3", "reaching 0"), "R215"),
        (("reaching 3", "reaching 3 in nowhere"), "R206"),
        (("metric nca reaching", "metric nope reaching"), "R201"),
        (("persons passing one_of(b, old)", "persons passing one_of(b, zz)"), "R200"),
    ],
)
def test_compile_errors(change: tuple[str, str], code: str) -> None:
    documents = [parse_text(CATALOG + AZURE_LIKE.replace(*change), "d.comp")]
    _, diagnostics = compile_library([documents])
    assert code in {d.code for d in diagnostics}


def test_a_track_without_when_must_be_last() -> None:
    text = TRACKS.replace('track smb "SMB"', 'track smb "SMB"\n  track other "Other" when metric workloads >= 1')
    _, diagnostics = compile_library([[parse_text(CATALOG + text, "d.comp")]])
    assert [d.code for d in diagnostics] == ["R214"]


@pytest.mark.parametrize(("day", "counts"), [("2024-05-31", 1), ("2024-06-01", 0)])
def test_a_credential_stops_counting_on_its_expiry_date(day: str, counts: int) -> None:
    partner = competency.partner_from_data(
        {"partner": "P", "people": [{"id": "x", "credentials": ["a", {"code": "b", "expires": "2024-06-01"}]}]}
    )
    lib = library(AZURE_LIKE)
    result = evaluate(lib, partner, ["d"], __import__("datetime").date.fromisoformat(day)).results[0]
    assert result.levels[0].requirements[0].metrics[1].sources[0].value == counts


def test_a_non_date_expiry_names_its_data_path() -> None:
    with pytest.raises(competency.CompetencyError) as caught:
        competency.partner_from_data(
            {"partner": "P", "people": [{"id": "x", "credentials": [{"code": "b", "expires": "2024-02-30"}]}]}
        )
    assert (
        str(caught.value.diagnostic)
        == "<data>: error: people[0].credentials[0].expires: '2024-02-30' is not a calendar date [I302]"
    )


def test_a_track_is_chosen_by_a_threshold_without_a_label() -> None:
    text = TRACKS.replace("when metric workloads >= 5", "when metric workloads >= 5 in smb")
    _, diagnostics = compile_library([[parse_text(CATALOG + text, "d.comp")]])
    assert [(d.code, d.message) for d in diagnostics] == [
        ("R206", "track 'enterprise' is chosen by one threshold, without `in smb`")
    ]


def test_best_of_tracks_prefers_a_qualifying_track_to_a_higher_total() -> None:
    """Enterprise scores 90 but has a metric at zero; smb qualifies with 85."""
    text = """
designation bt "BT" {
  effective 2023-06-13
  pass 70
  track enterprise "Enterprise"
  track smb "SMB"
  category c "C" {
    metric adds "Adds" max 60 { metric big reaching 1 in enterprise, 4 in smb }
    metric people "People" max 40 { persons passing a reaching 1 in smb }
    metric bonus "Bonus" max 30 { metric big reaching 1 }
  }
}
"""
    score = scored(library(text), {"x": ["a"]}, {"big": 1}, competency="bt")
    assert (score.track, score.total, score.met) == ("smb", 85, True)
    no_one = scored(library(text), {}, {"big": 1}, competency="bt")
    assert (no_one.track, no_one.total, no_one.met) == ("enterprise", 90, False)  # none qualifies: the higher total
