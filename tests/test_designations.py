"""The built-in Solutions Partner designations against their source pages.

Every worked example of the pages is a row of a table below with the points the page states
(exact: the pages' printed per-person values are rounded), then the edge cases of the pass
rule, the tracks, the gates and the acceptance windows. Golden: tests/data/designations/NAME.yaml
(a partner) evaluates to NAME.json (the report's JSON); the example partners are checked too.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest

from competency import evaluate, load_partner, partner_from_data
from competency.reports.report import evaluation_to_json
from conftest import check_schema

ROOT = Path(__file__).parent.parent
DESIGNATIONS = Path(__file__).parent / "data" / "designations"
AS_OF = dt.date(2023, 9, 1)  # every listed certification but one (retired 2021, counted until 2023-06-30) counts

AZURE = ("data-ai", "infrastructure", "digital-app-innovation")
METRICS = {
    "data-ai": {"net-customer-adds": 30, "intermediate-certifications": 40, "usage-growth": 20, "deployments": 10},
    "infrastructure": {
        "net-customer-adds": 30,
        "intermediate-certifications": 20,
        "advanced-certifications": 20,
        "usage-growth": 20,
        "deployments": 10,
    },
    "digital-app-innovation": {
        "net-customer-adds": 30,
        "intermediate-certifications": 20,
        "advanced-certifications": 20,
        "usage-growth": 20,
        "deployments": 10,
    },
    "business-applications": {
        "net-customer-adds": 15,
        "intermediate-certifications": 20,
        "advanced-certifications": 15,
        "usage-growth": 30,
        "deployments": 20,
    },
}


def partner(people: dict | None = None, **metrics):
    """A partner with `people` (person id -> credentials) and metrics given as keywords."""
    return partner_from_data(
        {
            "partner": "Test Partner",
            "metrics": {name.replace("_", "-"): value for name, value in metrics.items()},
            "people": [{"id": pid, "credentials": list(creds)} for pid, creds in (people or {}).items()],
        }
    )


def scored(library, designation: str, data, as_of: dt.date = AS_OF):
    """(the designation's result, its score)."""
    result = evaluate(library, data, [designation], as_of).result(designation)
    return result, result.levels[0].requirements[0]


def points(library, designation: str, metric: str, data, as_of: dt.date = AS_OF) -> Fraction:
    _, score = scored(library, designation, data, as_of)
    return next(m.points for m in score.metrics if m.id == metric)


# ---- the Azure page's step examples ------------------------------------------------------------

# Per step metric: the certification of each prerequisite step, then one of the counted list.
STEPPED = {
    ("data-ai", "intermediate-certifications"): (
        "azure-solutions-architect-expert",
        "azure-administrator-associate",
        "azure-ai-engineer-associate",
    ),
    ("infrastructure", "intermediate-certifications"): (
        "azure-administrator-associate",
        "azure-network-engineer-associate",
    ),
    ("infrastructure", "advanced-certifications"): (
        "azure-solutions-architect-expert",
        "azure-virtual-desktop-specialty",
    ),
    ("digital-app-innovation", "intermediate-certifications"): (
        "azure-administrator-associate",
        "azure-developer-associate",
    ),
    ("digital-app-innovation", "advanced-certifications"): (
        "azure-solutions-architect-expert",
        "devops-engineer-expert",
    ),
}

# Who completes which step ("13": steps 1 and 3; the last step is the counted list) -> points.
THREE_STEPS = [
    ({"A": "1", "B": "1", "C": "2", "D": "2", "E": "3", "F": "3", "G": "3"}, 12),
    ({"A": "123", "B": "123"}, 8),
    ({"A": "13", "B": "13"}, 0),  # nobody completes step 2
    ({"A": "13", "B": "13", "C": "2", "D": "2"}, 8),  # ... until two others do
    ({"A": "1", "B": "23", "C": "23"}, 0),  # one person in step 1
    ({"A": "1", "B": "123", "C": "23"}, 8),  # ... until B completes it too
    ({"A": "1", "B": "23", "C": "23", "H": "1"}, 8),  # ... or someone other than A does
]
TWO_STEPS = [
    ({"A": "1", "B": "1", "C": "2", "D": "2"}, 8),
    ({"A": "12", "B": "12"}, 8),
    ({"A": "1", "B": "2", "C": "2"}, 0),  # one person in step 1
    ({"A": "1", "B": "12", "C": "2"}, 8),  # ... until B completes it too
    ({"A": "1", "B": "2", "C": "2", "H": "1"}, 8),  # ... or someone other than A does
]
STEP_EXAMPLES = [
    (key, steps, expected)
    for key, certifications in STEPPED.items()
    for steps, expected in (THREE_STEPS if len(certifications) == 3 else TWO_STEPS)
]


@pytest.mark.parametrize(("key", "steps", "expected"), STEP_EXAMPLES)
def test_step_examples_of_the_azure_page(library, key, steps, expected):
    certifications = STEPPED[key]
    people = {pid: [certifications[int(step) - 1] for step in done] for pid, done in steps.items()}
    assert points(library, *key, partner(people)) == expected


# ---- the pages' per-unit values -------------------------------------------------------------


def listed(n: int, *certifications: str, key=None) -> dict:
    """`n` people holding `certifications`, and two more completing every prerequisite step of `key`."""
    people = {f"p{i}": list(certifications) for i in range(n)}
    if key in STEPPED:
        people |= {f"step{i}": list(STEPPED[key][:-1]) for i in range(2)}
    return people


PER_PERSON = [
    # (designation, metric, persons counted, points): Azure, 4 points per person
    *((d, m, n, min(4 * n, METRICS[d][m])) for (d, m) in STEPPED for n in (1, 5, 10, 11)),
    # Business Applications, SMB: 4 per intermediate person, 7.5 per advanced person
    ("business-applications", "intermediate-certifications", 1, 4),
    ("business-applications", "intermediate-certifications", 5, 20),
    ("business-applications", "intermediate-certifications", 6, 20),
    ("business-applications", "advanced-certifications", 1, Fraction(15, 2)),
    ("business-applications", "advanced-certifications", 2, 15),
    ("business-applications", "advanced-certifications", 3, 15),
]


BUSINESS_LISTED = {
    "intermediate-certifications": "d365-sales-functional-consultant-associate",
    "advanced-certifications": "d365-supply-chain-functional-consultant-expert",
}


@pytest.mark.parametrize(("designation", "metric", "n", "expected"), PER_PERSON)
def test_points_per_certified_person(library, designation, metric, n, expected):
    key = (designation, metric)
    people = listed(n, STEPPED[key][-1] if key in STEPPED else BUSINESS_LISTED[metric], key=key)
    assert points(library, designation, metric, partner(people)) == expected


ENTERPRISE = {"ba_classification_workloads": 5}


@pytest.mark.parametrize(
    ("metric", "certification", "n", "expected"),
    [
        ("intermediate-certifications", "power-platform-functional-consultant-associate", 1, 1),
        ("intermediate-certifications", "power-platform-functional-consultant-associate", 20, 20),
        ("intermediate-certifications", "power-platform-functional-consultant-associate", 21, 20),
        ("advanced-certifications", "power-platform-solution-architect-expert", 1, Fraction(15, 7)),  # the page's 2.14
        ("advanced-certifications", "power-platform-solution-architect-expert", 6, Fraction(90, 7)),
        ("advanced-certifications", "power-platform-solution-architect-expert", 7, 15),
    ],
)
def test_points_per_certified_person_in_enterprise(library, metric, certification, n, expected):
    data = partner(listed(n, certification), **ENTERPRISE)
    assert points(library, "business-applications", metric, data) == expected


METRIC_POINTS = [
    # (designation, metric, partner metrics, points)
    *(
        (d, "net-customer-adds", {"azure_net_customer_adds": v}, p)
        for d in AZURE
        for v, p in ((1, 10), (2, 20), (3, 30), (4, 30))  # 10 points per net new customer
    ),
    *(
        (d, "usage-growth", {"azure_usage_growth_pct": v, "azure_qualifying_acr_ttm": 1_000}, p)
        for d in AZURE
        for v, p in ((1, 1), (12.5, Fraction(25, 2)), (20, 20), (35, 20))  # 1 point per percent
    ),
    *(
        (d, "deployments", {"azure_deployments": v}, p)
        for d in AZURE
        for v, p in ((1, 2), (5, 10), (6, 10))  # 2 points per deployment
    ),
    # Business Applications, in both tracks: 3 per net workload added, 1 per percent of growth,
    # 4 per deployment
    *(
        ("business-applications", "net-customer-adds", track | {f"ba_{name}_net_workload_adds": v}, p)
        for name, track in (("smb", {}), ("enterprise", ENTERPRISE))
        for v, p in ((1, 3), (5, 15), (6, 15))
    ),
    *(
        ("business-applications", "usage-growth", track | {"ba_mcv_baseline": 50_000, "ba_usage_growth_pct": v}, p)
        for track in ({}, ENTERPRISE)
        for v, p in ((1, 1), (30, 30), (40, 30))
    ),
    *(
        ("business-applications", "deployments", track | {f"ba_{name}_net_deployments": v}, p)
        for name, track in (("smb", {}), ("enterprise", ENTERPRISE))
        for v, p in ((1, 4), (5, 20), (6, 20))
    ),
]


@pytest.mark.parametrize(("designation", "metric", "metrics", "expected"), METRIC_POINTS)
def test_points_per_unit_of_a_metric(library, designation, metric, metrics, expected):
    assert points(library, designation, metric, partner(**metrics)) == expected


# ---- the designations as a whole ------------------------------------------------------------


def test_the_builtin_designations_are_the_pages(library):
    assert {cid for cid in library.ids() if library.versions(cid)[0].score is not None} == set(METRICS)


@pytest.mark.parametrize("designation", sorted(METRICS))
def test_metrics_and_maxima_are_the_pages(library, designation):
    _, score = scored(library, designation, partner())
    assert {m.id: m.max for m in score.metrics} == METRICS[designation]
    assert sum(m.max for m in score.metrics) == 100


def data_ai(intermediate: int, growth, **metrics):
    """A Data & AI partner: both steps done by four people, `intermediate` others counted."""
    people = {"s1": ["azure-solutions-architect-expert"], "s2": ["azure-solutions-architect-expert"]}
    people |= {"s3": ["azure-administrator-associate"], "s4": ["azure-administrator-associate"]}
    people |= {f"p{i}": ["azure-data-engineer-associate"] for i in range(intermediate)}
    values = {"azure_net_customer_adds": 3, "azure_qualifying_acr_ttm": 5_000, "azure_deployments": 5}
    return partner(people, **(values | {"azure_usage_growth_pct": growth} | metrics))


def test_a_total_of_exactly_70_qualifies(library):
    result, score = scored(library, "data-ai", data_ai(5, 10))  # 30 + 20 + 10 + 10
    assert score.total == 70
    assert result.level == "qualified"


def test_a_total_just_below_70_does_not_qualify(library):
    # Enterprise: 15 + 4 + 90/7 + 30 + 8 = 489/7, shown as 69.9 (the page's 2.14 per person: 69.84)
    people = {f"i{i}": ["d365-finance-functional-consultant-associate"] for i in range(4)}
    people |= {f"a{i}": ["d365-supply-chain-functional-consultant-expert"] for i in range(6)}
    metrics = {"ba_enterprise_net_workload_adds": 5, "ba_mcv_baseline": 60_000, "ba_usage_growth_pct": 30}
    data = partner(people, **ENTERPRISE, **metrics, ba_enterprise_net_deployments=2)
    result, score = scored(library, "business-applications", data)
    assert score.total == Fraction(489, 7)
    assert result.level is None


def test_a_metric_at_zero_fails_the_designation_whatever_the_total(library):
    # Usage growth is gated to 0 (qualifying ACR under USD 1,000): 30 + 40 + 0 + 10 = 80.
    result, score = scored(library, "data-ai", data_ai(10, 20, azure_qualifying_acr_ttm=999))
    assert score.total == 80
    assert {m.id: m.points for m in score.metrics}["usage-growth"] == 0
    assert result.level is None


@pytest.mark.parametrize(("acr", "expected"), [(999, 0), (1_000, 20)])
def test_the_acr_gate_zeroes_usage_growth_only(library, acr, expected):
    _, score = scored(library, "data-ai", data_ai(10, 20, azure_qualifying_acr_ttm=acr))
    assert {m.id: m.points for m in score.metrics} == {
        "net-customer-adds": 30,
        "intermediate-certifications": 40,
        "usage-growth": expected,
        "deployments": 10,
    }


def test_a_person_with_three_certifications_of_one_list_counts_once(library):
    many = ["azure-ai-engineer-associate", "azure-data-scientist-associate", "data-analyst-associate"]
    people = listed(1, *many, key=("data-ai", "intermediate-certifications"))
    assert points(library, "data-ai", "intermediate-certifications", partner(people)) == 4


def test_a_negative_net_add_scores_zero(library):
    assert points(library, "data-ai", "net-customer-adds", partner(azure_net_customer_adds=-2)) == 0
    smb = partner(ba_smb_net_workload_adds=-3, ba_smb_net_deployments=-1)
    assert points(library, "business-applications", "net-customer-adds", smb) == 0
    assert points(library, "business-applications", "deployments", smb) == 0


# ---- acceptance windows and expiry ---------------------------------------------------------------

LAST_DAYS = [
    # (designation, metric, certification, its last accepted day, one person's points)
    ("infrastructure", "intermediate-certifications", "azure-stack-hub-operator-associate", "2024-07-31", 4),
    ("digital-app-innovation", "advanced-certifications", "azure-iot-developer-specialty", "2024-07-31", 4),
    (
        "business-applications",
        "intermediate-certifications",
        "d365-customer-service-functional-consultant-associate",
        "2024-06-30",
        4,
    ),
    ("business-applications", "intermediate-certifications", "power-platform-app-maker-associate", "2023-11-30", 4),
    (
        "business-applications",
        "advanced-certifications",
        "d365-power-platform-solution-architect-expert",
        "2023-06-30",
        Fraction(15, 2),
    ),
]


@pytest.mark.parametrize(("designation", "metric", "certification", "last", "one"), LAST_DAYS)
def test_a_retiring_certification_counts_through_its_last_day(library, designation, metric, certification, last, one):
    data = partner(listed(1, certification, key=(designation, metric)))
    last_day = dt.date.fromisoformat(last)
    assert points(library, designation, metric, data, last_day) == one
    assert points(library, designation, metric, data, last_day + dt.timedelta(days=1)) == 0


def test_a_credential_counts_until_the_day_it_expires(library):
    expiring = {"code": "d365-sales-functional-consultant-associate", "date": "2022-01-10", "expires": "2024-01-01"}
    data = partner({"kim": [expiring]})
    metric = "intermediate-certifications"
    assert points(library, "business-applications", metric, data, dt.date(2023, 12, 31)) == 4
    assert points(library, "business-applications", metric, data, dt.date(2024, 1, 1)) == 0


# ---- Business Applications tracks ------------------------------------------------------------


@pytest.mark.parametrize(("workloads", "track", "intermediate"), [(0, "smb", 20), (4, "smb", 20), (5, "enterprise", 5)])
def test_the_classification_picks_the_track(library, workloads, track, intermediate):
    people = listed(5, "data-analyst-associate")
    _, score = scored(library, "business-applications", partner(people, ba_classification_workloads=workloads))
    assert score.track == track
    assert {m.id: m.points for m in score.metrics}["intermediate-certifications"] == intermediate


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [
        ({"ba_smb_net_workload_adds": 5}, {"smb": 15, "enterprise": 0}),
        ({"ba_enterprise_net_workload_adds": 5}, {"smb": 0, "enterprise": 15}),
    ],
)
def test_each_track_counts_its_own_net_adds(library, metrics, expected):
    for track, workloads in (("smb", 4), ("enterprise", 5)):
        data = partner(**metrics, ba_classification_workloads=workloads)
        assert points(library, "business-applications", "net-customer-adds", data) == expected[track]


@pytest.mark.parametrize(
    ("workloads", "baseline", "expected"),
    [(4, 24_999, 0), (4, 25_000, 30), (5, 49_999, 0), (5, 50_000, 30)],
)
def test_the_usage_growth_baseline_depends_on_the_track(library, workloads, baseline, expected):
    data = partner(ba_classification_workloads=workloads, ba_mcv_baseline=baseline, ba_usage_growth_pct=30)
    assert points(library, "business-applications", "usage-growth", data) == expected


# ---- golden evaluations and the examples -----------------------------------------------------


@pytest.mark.parametrize("path", sorted(DESIGNATIONS.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden(path: Path, library, golden) -> None:
    evaluation = evaluate(library, load_partner(path), sorted(METRICS))
    document = evaluation_to_json(evaluation)
    check_schema("eval", document)
    golden(json.dumps(document, indent=2) + "\n", path.with_suffix(".json"))


EXAMPLES = [
    ("solutions-partner-azure", "data-ai", Fraction(143, 2), "qualified"),
    ("solutions-partner-azure", "infrastructure", Fraction(151, 2), None),
    ("solutions-partner-azure", "digital-app-innovation", Fraction(135, 2), None),
    ("solutions-partner-business", "business-applications", Fraction(145, 2), "qualified"),
]


@pytest.mark.parametrize(("example", "designation", "total", "level"), EXAMPLES)
def test_examples_score_what_their_comments_say(library, example, designation, total, level):
    result, score = scored(library, designation, load_partner(ROOT / "examples" / f"{example}.yaml"), None)
    assert (score.total, result.level) == (total, level)
