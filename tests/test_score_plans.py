"""Plans for designations: optimal against a brute force over every action set, qualified once
applied, the points each action gains, a golden plan on the Azure example, tracks and the
answers when no plan qualifies.
"""

from __future__ import annotations

import itertools
import json
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import competency
import instances
from competency.analysis import gaps
from competency.cli import app
from competency.engine import engine
from competency.reports.report import plan_json, plan_text
from conftest import check_schema
from instances import CREDS, DAY

GAPS = Path(__file__).parent / "data" / "gaps"
EXAMPLES = Path(__file__).parent.parent / "examples"
CATALOG = 'catalog t "t" { exam A "a" exam B "b" exam C "c" metric m1 "m1" unit customers metric m2 "m2" unit USD }\n'
THRESHOLDS = {"m1": (1, 3), "m2": (1, 2)}  # the thresholds the drawn designations may give each metric


# ---- random small instances ------------------------------------------------------------


@st.composite
def designations(draw) -> str:
    """Designation `x`: a persons metric (maybe behind a step), a metric source (maybe behind a
    gate), and a best or sum of both kinds; thresholds small for the brute force's sake."""
    step = "step 1 person passes A " if draw(st.booleans()) else ""
    counted = draw(st.sampled_from(("A", "B or C", "A and C")))
    gate = f"gate metric m2 >= {draw(st.integers(*THRESHOLDS['m2']))} " if draw(st.booleans()) else ""
    m1 = draw(st.integers(*THRESHOLDS["m1"]))
    mixed = draw(
        st.sampled_from(
            (
                "best { persons passing C reaching 1 } or { metric m1 reaching 2 }",
                "sum { part max 20 { persons passing B reaching 2 } part max 20 { metric m2 reaching 2 } }",
            )
        )
    )
    return (
        CATALOG + f'designation x "x" {{ pass {draw(st.sampled_from((40, 60, 70, 90)))} category c "c" {{\n'
        f'  metric people "p" max 40 {{ {step}persons passing {counted} reaching {draw(st.integers(1, 2))} }}\n'
        f'  metric sales "s" max 30 {{ {gate}metric m1 reaching {m1} }}\n'
        f'  metric mixed "m" max 30 {{ {mixed} }}\n'
        "} }\n"
    )


@st.composite
def score_instances(draw):
    costs = gaps.Costs(
        credentials={c: Decimal(draw(st.integers(1, 3))) for c in CREDS},
        person=Decimal(draw(st.integers(0, 2))),
        metrics={m: Decimal(draw(st.integers(1, 3))) for m in THRESHOLDS},
    )
    values = {"m1": draw(st.sampled_from((-1, 0, 1))), "m2": draw(st.sampled_from((0, 0.5, 2)))}
    return draw(designations()), draw(instances.held_sets(2)), values, costs


def _partner(held, values):
    return competency.partner_from_data(
        {
            "partner": "P",
            "as_of": DAY.isoformat(),
            "metrics": values,
            "people": [{"id": f"p{i}", "credentials": sorted(h)} for i, h in enumerate(held)],
        }
    )


def _qualified(library, partner) -> bool:
    return engine.evaluate(library, partner, ["x"], DAY).result("x").level == "qualified"


def brute_force(library, partner, costs: gaps.Costs) -> Decimal:
    """The cost of the cheapest of all action sets that qualify: any passes by existing
    persons, up to two new persons with any credentials, each metric raised by whole units up to
    its largest threshold. Sets are tried in order of cost, so the first that qualifies is the minimum."""
    subsets = [frozenset(s) for r in range(len(CREDS) + 1) for s in itertools.combinations(CREDS, r)]
    newcomers = [n for m in range(3) for n in itertools.combinations_with_replacement(subsets[1:], m)]
    current = {m: Decimal(str(partner.metrics[m])) for m in THRESHOLDS}
    raises = [range(math.ceil(THRESHOLDS[m][1] - current[m]) + 1) for m in THRESHOLDS]
    price = {c: costs.of_credential(c) for c in CREDS}
    passes = itertools.product(subsets, repeat=len(partner.people))
    candidates = sorted(
        (
            sum(price[c] for creds in extra + added for c in creds)
            + costs.person * len(added)
            + sum(costs.of_metric(m) * units for m, units in zip(THRESHOLDS, raised, strict=True)),
            n,
            (extra, added, raised),
        )
        for n, (extra, added, raised) in enumerate(itertools.product(passes, newcomers, itertools.product(*raises)))
    )
    for cost, _, (extra, added, raised) in candidates:
        actions: list[gaps.Action] = []
        for person, creds in zip(partner.people, extra, strict=True):
            actions += [gaps.Pass(person.id, c, price[c]) for c in sorted(creds)]
        for j, creds in enumerate(added):
            actions.append(gaps.NewPerson(f"n{j}", costs.person))
            actions += [gaps.Pass(f"n{j}", c, price[c]) for c in sorted(creds)]
        for m, units in zip(THRESHOLDS, raised, strict=True):
            actions.append(gaps.RaiseMetric(m, current[m], current[m] + units, None, Decimal(0)))
        if _qualified(library, gaps.apply(partner, actions)):
            return cost
    raise AssertionError("new persons and raised metrics can always reach 90 points here")


@settings(max_examples=40)
@given(score_instances())
def test_plan_cost_is_the_brute_force_minimum_and_qualifies(instance):
    text, held, values, costs = instance
    library = instances.library(text)
    partner = _partner(held, values)
    result = gaps.plan_gaps(library, partner, "x", costs=costs)
    if _qualified(library, partner):
        assert result.status is gaps.Status.ATTAINED and result.actions == ()
        return
    assert result.status is gaps.Status.PLAN
    assert result.cost == sum((a.cost for a in result.actions), Decimal(0))
    after = gaps.apply(partner, result.actions)
    assert _qualified(library, after)
    assert result.cost == brute_force(library, partner, costs)
    before = engine.evaluate(library, partner, ["x"], DAY).result("x").levels[0].requirements[0].total
    assert sum(result.gains, Fraction(0)) == result.result.requirements[0].total - before


# ---- the built-in designations ---------------------------------------------------------


def test_golden_plan_for_digital_app_innovation(library, golden):
    partner = competency.load_partner(EXAMPLES / "solutions-partner-azure.yaml")
    result = gaps.plan_gaps(library, partner, "digital-app-innovation")
    golden(plan_text(result), GAPS / "digital-app-innovation.plan.txt")
    check_schema("plan", plan_json(result))
    assert result.gains == (Fraction(4),)  # 67.5 -> 71.5: one more developer counted
    after = gaps.apply(partner, result.actions)
    assert engine.evaluate(library, after, ["digital-app-innovation"]).result("digital-app-innovation").level


def test_metric_raises_are_whole_units_at_a_cost_per_unit(library):
    """Azure, Data & AI, with no people and no metrics: every gate and source is raised."""
    partner = competency.partner_from_data({"partner": "P", "as_of": "2024-03-01", "people": []})
    costs = gaps.Costs(credential=Decimal(1000), person=Decimal(1000), metrics={"azure-usage-growth-pct": Decimal(2)})
    result = gaps.plan_gaps(library, partner, "data-ai", costs=costs)
    raised = {a.metric: a for a in result.actions if isinstance(a, gaps.RaiseMetric)}
    assert raised["azure-qualifying-acr-ttm"].threshold == 1000  # the gate, at 1 per USD
    assert raised["azure-usage-growth-pct"].cost == 2 * raised["azure-usage-growth-pct"].shortfall
    assert all(a.threshold == a.threshold.to_integral_value() for a in raised.values())
    assert result.result.met


def test_a_plan_keeps_the_partners_track(library):
    partner = competency.load_partner(EXAMPLES / "solutions-partner-business.yaml")
    result = gaps.plan_gaps(library, partner, "business-applications", as_of=DAY.replace(year=2023, month=12))
    assert result.status is gaps.Status.PLAN
    assert result.result.requirements[0].track == "smb"
    assert all(getattr(a, "metric", None) != "ba-classification-workloads" for a in result.actions)


def test_a_metric_that_cannot_score_makes_the_plan_impossible():
    text = CATALOG + (
        'designation x "x" { pass 50 track big "Big" when metric m2 >= 5 track small "Small" category c "c" {\n'
        '  metric people "p" max 50 { persons passing A reaching 1 }\n'
        '  metric sales "s" max 50 { metric m1 reaching 3 in big }\n'
        "} }\n"
    )
    result = gaps.plan_gaps(instances.library(text), _partner([set()], {"m1": 0, "m2": 0}), "x")
    assert result.status is gaps.Status.IMPOSSIBLE
    assert result.reasons == (
        "option x: in track small: metric sales cannot score: no source of its points has a threshold for small",
    )


def test_a_plan_that_falls_short_when_checked_exactly_is_not_given(library, monkeypatch):
    monkeypatch.setattr(gaps, "_actions", lambda *args: [])  # as if the solver's rounding had lost points
    partner = competency.load_partner(EXAMPLES / "solutions-partner-azure.yaml")
    result = gaps.plan_gaps(library, partner, "digital-app-innovation")
    assert result.status is gaps.Status.IMPOSSIBLE
    assert result.reasons == ("the cheapest plan the solver found falls short when checked exactly",)


def test_plan_command_gives_the_points_of_each_action():
    path = str(EXAMPLES / "solutions-partner-azure.yaml")
    run = CliRunner().invoke(app, ["plan", path, "-c", "digital-app-innovation", "-f", "json"])
    assert run.exit_code == 0
    assert [(a["text"], a["points"], a["points_exact"]) for a in json.loads(run.output)["actions"]] == [
        ("ana passes azure-developer-associate", 4, "4")
    ]
