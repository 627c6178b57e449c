"""The built-in library against its source pages.

`SPECS` restates every level of every page (the files in src/competency/competencies/ must
agree with it): the people a level needs, its thresholds per market, its associations and
attributes. From each entry the tests build the smallest partner that attains the level,
then partners that miss it by exactly one thing, and check what the engine reports missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import competency
from competency import evaluate, lint, load, load_partner, partner_from_data
from competency.engine.result import AssociationResult, AttributeResult, MetricResult, PeopleResult
from competency.language.ast import (
    AllOf,
    Alternatives,
    AssociationRequirement,
    AttributeRequirement,
    BestPoints,
    Designation,
    MetricPoints,
    MetricRequirement,
    OneOf,
    PeopleRequirement,
    PersonPoints,
    Ref,
    SumPoints,
)

ROOT = Path(__file__).parent.parent
BUILTIN = Path(competency.__file__).parent / "competencies"
SUBSET_LIBRARY = Path(__file__).parent / "data" / "library"

# A day on which every credential the page lists counts (70-354 and 70-355 retired 2017-09-30;
# MB2-877 and MB6-894 came later).
AS_OF = {"application-development": "2017-09-01", "windows-and-devices": "2017-09-01"}
DEFAULT_AS_OF = "2018-06-01"


@dataclass(frozen=True)
class People:
    """`count` persons; each holds one alternative of every need (the first, unless chosen)."""

    count: int
    needs: tuple[tuple[tuple[str, ...], ...], ...]

    def held(self, choice: tuple[int, int] | None = None) -> list[str]:
        """The credentials of one person; `choice` = (need, alternative) replaces a first pick."""
        picks = [0] * len(self.needs)
        if choice is not None:
            picks[choice[0]] = choice[1]
        return [cred for need, pick in zip(self.needs, picks, strict=True) for cred in need[pick]]


def p(count: int, *needs: str) -> People:
    """`p(2, "a | b+c", "d")`: 2 persons, each with (a, or both b and c) and d."""
    return People(count, tuple(tuple(tuple(alt.split("+")) for alt in need.split(" | ")) for need in needs))


@dataclass(frozen=True)
class Spec:
    """One level: its people per `either` route, thresholds (developed, developing), and more."""

    routes: tuple[tuple[People, ...], ...]
    metrics: dict[str, tuple[int, int]] = field(default_factory=dict)
    associations: tuple[str, ...] = ()  # any one of them
    attributes: tuple[str, ...] = ()


def level(*people: People, either: tuple[tuple[People, ...], ...] = (), metrics=None, **org) -> Spec:
    thresholds = {m: t if isinstance(t, tuple) else (t, t) for m, t in (metrics or {}).items()}
    return Spec(either or (people,), thresholds, **org)


# The first alternative of every list has no acceptance window: the minimal partners use it.
DPOR = ("digital-partner-of-record",)
AZURE_ASSOCIATIONS = ("digital-partner-of-record", "transacting-partner-of-record")
O365_ASSOCIATIONS = (
    "delegated-administrator",
    "transacting-partner-of-record",
    "digital-partner-of-record",
    "fast-track-partner",
)
EMS_ASSOCIATIONS = O365_ASSOCIATIONS
CRM_SALES = "MB2-714 | MB2-713 | MB2-709 | MB2-717 | MB2-718 | MB2-877"
CRM_DEPLOYMENT = "MB2-710 | MB2-706 | MB2-715"
CRM_CUSTOMIZATION = "MB2-712 | MB2-707 | MB2-716"
APP_DEV_EXAMS = "70-480 | 70-483 | 70-486 | 70-357 | 70-354 | 70-355 | 70-532 | 70-487 | 70-533"
AZURE_ASSESSMENTS = "ta-cloud-platform | ta-azure-data-analytics | ta-azure-app-development | ta-azure-iot"
AZURE_ASSESSMENTS += " | ta-azure-remote-desktop"
AZURE_EXAMS = "70-532 | 70-533 | 70-534 | 70-535 | 70-473 | 70-475 | MCSA-LINUX-ON-AZURE"
DA_FOCUS = "70-767+70-768 | 70-773+70-774 | 70-475+70-775"
DA_ASSESSMENTS = "ta-data-analytics-bi | ta-data-analytics-advanced | ta-data-analytics-big-data"
DATACENTER_EXAMS = (
    "74-409 | 70-246 | 70-247 | 70-410 | 70-411 | 70-412 | 70-413 | 70-414 | 70-417"
    " | 70-740 | 70-741 | 70-742 | 70-743 | 70-744"
)
EMS_SPECIALIST = "ta-mobile-device-management | ta-identity-access-management | ta-information-protection"
EMS_SPECIALIST += " | ta-cloud-app-security"
CE_FUNCTIONAL = "MB2-717 | MB2-718 | MB2-877"
FO_FUNCTIONAL = "MB6-895 | MB6-896 | MB6-897"
SURFACE_HUB_EXAMS = "70-347 | 70-334 | 70-398 | 70-697"


def _ems(customers: int, seats: int, persons: int) -> Spec:
    metrics = {"ems-new-customers": customers, "ems-active-entitlements": seats}
    return level(p(persons, "ta-ems-overview", EMS_SPECIALIST), metrics=metrics, associations=EMS_ASSOCIATIONS)


SPECS: dict[tuple[str, str, str], Spec] = {
    ("application-development", "application-builder", "silver"): level(p(2, APP_DEV_EXAMS)),
    ("application-development", "application-builder", "gold"): level(p(4, "MCSD-APP-BUILDER")),
    ("cloud-business-applications", "enterprise-customer-engagement", "silver"): level(
        p(5, "MB2-715", "MB2-716"),
        p(5, CE_FUNCTIONAL),
        metrics={"crm-net-new-revenue": (100_000, 50_000)},
        associations=DPOR,
    ),
    ("cloud-business-applications", "enterprise-customer-engagement", "gold"): level(
        p(15, "MB2-715", "MB2-716"),
        p(15, CE_FUNCTIONAL),
        metrics={"crm-net-new-revenue": (300_000, 150_000)},
        associations=DPOR,
    ),
    ("cloud-business-applications", "enterprise-operations", "silver"): level(
        p(5, "MB6-894", "70-535"),
        p(5, FO_FUNCTIONAL),
        metrics={
            "d365-operations-revenue": (100_000, 50_000),
            "d365-operations-cloud-net-new-revenue": (25_000, 12_000),
        },
        associations=DPOR,
    ),
    ("cloud-business-applications", "enterprise-operations", "gold"): level(
        p(15, "MB6-894", "70-535"),
        p(15, FO_FUNCTIONAL),
        metrics={
            "d365-operations-revenue": (300_000, 150_000),
            "d365-operations-cloud-net-new-revenue": (75_000, 37_000),
        },
        associations=DPOR,
    ),
    ("cloud-crm", "cloud-crm-reseller", "silver"): level(
        p(1, CRM_SALES, CRM_DEPLOYMENT),
        p(1, CRM_CUSTOMIZATION),
        metrics={"crm-net-new-revenue": (100_000, 50_000)},
        associations=DPOR,
    ),
    ("cloud-crm", "cloud-crm-reseller", "gold"): level(
        p(2, CRM_SALES, CRM_DEPLOYMENT),
        p(2, CRM_CUSTOMIZATION),
        metrics={"crm-net-new-revenue": (300_000, 150_000)},
        associations=DPOR,
    ),
    ("cloud-platform", "azure-consumption", "silver"): level(
        either=((p(1, AZURE_ASSESSMENTS),), (p(1, AZURE_EXAMS),)),
        metrics={"azure-consumption": (15_000, 10_000)},
        associations=AZURE_ASSOCIATIONS,
    ),
    ("cloud-platform", "azure-consumption", "gold"): level(
        either=((p(2, AZURE_ASSESSMENTS),), (p(2, AZURE_EXAMS),)),
        metrics={"azure-consumption": 100_000},
        associations=AZURE_ASSOCIATIONS,
    ),
    ("cloud-productivity", "managed-service-partner", "silver"): level(
        either=((p(1, "70-346", "70-347"),), (p(1, "MCSA-OFFICE-365"),)),
        metrics={"o365-active-entitlements": (2_000, 1_000)},
        associations=O365_ASSOCIATIONS,
    ),
    ("cloud-productivity", "managed-service-partner", "gold"): level(
        either=((p(2, "70-346", "70-347"),), (p(2, "MCSA-OFFICE-365"),)),
        metrics={"o365-active-entitlements": 4_000},
        associations=O365_ASSOCIATIONS,
    ),
    ("data-analytics", "data-analytics-specialist", "silver"): level(p(1, DA_FOCUS, "ta-data-analytics-foundational")),
    ("data-analytics", "data-analytics-specialist", "gold"): level(p(2, DA_FOCUS, "ta-data-analytics-foundational")),
    ("data-analytics", "data-analytics-beginners", "silver"): level(
        p(2, "ta-data-analytics-foundational", DA_ASSESSMENTS)
    ),
    ("data-analytics", "data-analytics-beginners", "gold"): level(
        p(4, "ta-data-analytics-foundational", DA_ASSESSMENTS)
    ),
    ("data-analytics", "power-bi", "silver"): level(
        p(1, "ta-data-analytics-bi"), metrics={"power-bi-seats": 250}, associations=DPOR
    ),
    ("data-analytics", "power-bi", "gold"): level(
        p(2, "ta-data-analytics-bi"), metrics={"power-bi-seats": 1_000}, associations=DPOR
    ),
    ("datacenter", "datacenter-solutions", "silver"): level(p(2, DATACENTER_EXAMS)),
    ("datacenter", "datacenter-solutions", "gold"): level(p(4, "MCSA-WINDOWS-SERVER-2012 | MCSA-WINDOWS-SERVER-2016")),
    ("enterprise-mobility-management", "enterprise-partner", "silver"): _ems(3, 500, 2),
    ("enterprise-mobility-management", "enterprise-partner", "gold"): _ems(5, 4_000, 4),
    ("enterprise-mobility-management", "smb-partner", "silver"): _ems(20, 125, 2),
    ("enterprise-mobility-management", "smb-partner", "gold"): _ems(5, 4_000, 4),
    ("windows-and-devices", "service-partner", "silver"): level(
        either=((p(2, "70-357 | 70-354 | 70-355"),), (p(2, "ta-windows-10-deployment"),))
    ),
    ("windows-and-devices", "service-partner", "gold"): level(
        either=((p(4, "70-357 | 70-354 | 70-355"),), (p(4, "ta-windows-10-deployment"),))
    ),
    ("windows-and-devices", "device-partner", "silver"): level(
        either=((p(2, "70-735"),), (p(2, "ta-iot-device-builder"),))
    ),
    ("windows-and-devices", "device-partner", "gold"): level(
        either=((p(4, "70-735"),), (p(4, "ta-iot-device-builder"),))
    ),
    ("windows-and-devices", "surface-hub", "silver"): level(
        p(2, "ta-surface-hub"), metrics={"surface-hub-devices-shipped": 12}, attributes=("surface-hub-adr",)
    ),
    ("windows-and-devices", "surface-hub", "gold"): level(
        p(4, "ta-surface-hub", SURFACE_HUB_EXAMS),
        metrics={"surface-hub-devices-shipped": 52},
        attributes=("surface-hub-adr",),
    ),
}

COMPETENCIES = sorted({key[0] for key in SPECS})


# ---- building and evaluating partners ----------------------------------------------------


def threshold(spec: Spec, metric: str, market: str) -> int:
    return spec.metrics[metric][0 if market == "developed" else 1]


def minimal(key, route: int = 0, market: str = "developed", choice: tuple[int, int, int] | None = None) -> dict:
    """The smallest partner data that attains the level; `choice` = (block, need, alternative)."""
    spec = SPECS[key]
    people = []
    for b, block in enumerate(spec.routes[route]):
        held = block.held(choice[1:] if choice and choice[0] == b else None)
        people += [{"id": f"r{route}b{b}p{i}", "credentials": list(held)} for i in range(block.count)]
    return {
        "partner": "Minimal Partner",
        "market": market,
        "as_of": AS_OF.get(key[0], DEFAULT_AS_OF),
        "metrics": {m: threshold(spec, m, market) for m in spec.metrics},
        "associations": list(spec.associations[:1]),
        "attributes": dict.fromkeys(spec.attributes, True),
        "people": people,
    }


def last_person(key, route: int, block: int) -> int:
    """The index in `minimal(...)["people"]` of the last person of a block."""
    return sum(b.count for b in SPECS[key].routes[route][: block + 1]) - 1


def run(library, key, data):
    """(attained level, the level's LevelResult, its unmet requirement results)."""
    competency_id, option, name = key
    result = evaluate(library, partner_from_data(data), [competency_id]).results[0]
    found = next(lv for lv in result.levels if (lv.option, lv.level) == (option, name))
    return result.level, found, [r for r in found.requirements if not r.met]


def below(attained: str | None, name: str) -> bool:
    order = ("silver", "gold")
    return attained is None or order.index(attained) < order.index(name)


def assert_persons_short(key, route: int, block: int, found, unmet, held: list[str], person: str, short=1) -> None:
    """The level misses `short` persons, in the block's requirement when that route is reported.

    The routes of an `either` ask for disjoint credentials, so another route misses all its
    persons; the engine reports the first route that misses the fewest.
    """
    spec = SPECS[key]
    shortfalls = [short if r == route else sum(b.count for b in blocks) for r, blocks in enumerate(spec.routes)]
    reported = shortfalls.index(min(shortfalls))
    assert found.branches == ((reported,) if len(spec.routes) > 1 else ())
    (missing,) = unmet
    assert isinstance(missing, PeopleResult)
    assert missing.missing == shortfalls[reported]
    assert person not in missing.persons
    if reported == route:
        assert missing.requirement.count == spec.routes[route][block].count
        assert missing.condition.holds(frozenset(held))
        assert person not in missing.candidates


# ---- parameters, generated from the table -------------------------------------------------


def _id(*parts) -> str:
    return "/".join(str(part) for part in parts)


def attain_cases():
    for key, spec in SPECS.items():
        for route in range(len(spec.routes)):
            markets = ("developed", "developing") if spec.metrics else ("developed",)
            for market in markets:
                yield pytest.param(key, route, market, id=_id(*key, f"route{route}", market))


def alternative_cases():
    for key, spec in SPECS.items():
        for route, blocks in enumerate(spec.routes):
            for b, block in enumerate(blocks):
                for n, need in enumerate(block.needs):
                    for a in range(1, len(need)):
                        yield pytest.param(key, route, (b, n, a), id=_id(*key, "+".join(need[a])))


def person_cases():
    for key, spec in SPECS.items():
        for route, blocks in enumerate(spec.routes):
            for b in range(len(blocks)):
                yield pytest.param(key, route, b, id=_id(*key, f"route{route}", f"block{b}"))


def credential_cases():
    for key, spec in SPECS.items():
        for route, blocks in enumerate(spec.routes):
            for b, block in enumerate(blocks):
                for credential in block.held():
                    yield pytest.param(key, route, b, credential, id=_id(*key, f"route{route}", credential))


def metric_cases():
    for key, spec in SPECS.items():
        for metric, (developed, developing) in spec.metrics.items():
            markets = ("developed", "developing") if developed != developing else ("developed",)
            for market in markets:
                yield pytest.param(key, metric, market, id=_id(*key, metric, market))


def association_cases():
    for key, spec in SPECS.items():
        for association in spec.associations:
            yield pytest.param(key, association, id=_id(*key, association))


def attribute_cases():
    for key, spec in SPECS.items():
        for attribute in spec.attributes:
            yield pytest.param(key, attribute, id=_id(*key, attribute))


# ---- every level: attained, and missed by one thing ----------------------------------------


@pytest.mark.parametrize(("key", "route", "market"), list(attain_cases()))
def test_minimal_partner_attains_the_level(library, key, route, market):
    attained, found, unmet = run(library, key, minimal(key, route, market))
    assert found.met and unmet == []
    assert attained == key[2]


@pytest.mark.parametrize(("key", "route", "choice"), list(alternative_cases()))
def test_every_listed_alternative_counts(library, key, route, choice):
    _, found, unmet = run(library, key, minimal(key, route, choice=choice))
    assert found.met and unmet == []


@pytest.mark.parametrize(("key", "route", "block"), list(person_cases()))
def test_one_person_short(library, key, route, block):
    data = minimal(key, route)
    person = data["people"].pop(last_person(key, route, block))
    attained, found, unmet = run(library, key, data)
    assert not found.met and below(attained, key[2])
    assert_persons_short(key, route, block, found, unmet, person["credentials"], person["id"])


@pytest.mark.parametrize(("key", "route", "block", "credential"), list(credential_cases()))
def test_one_credential_short(library, key, route, block, credential):
    data = minimal(key, route)
    person = data["people"][last_person(key, route, block)]
    held = list(person["credentials"])
    person["credentials"] = [c for c in held if c != credential]
    attained, found, unmet = run(library, key, data)
    assert not found.met and below(attained, key[2])
    assert_persons_short(key, route, block, found, unmet, held, person["id"])


@pytest.mark.parametrize(("key", "metric", "market"), list(metric_cases()))
def test_metric_one_unit_short(library, key, metric, market):
    data = minimal(key, market=market)
    needed = threshold(SPECS[key], metric, market)
    data["metrics"][metric] = needed - 1
    attained, found, unmet = run(library, key, data)
    assert not found.met and below(attained, key[2])
    (missing,) = unmet
    assert isinstance(missing, MetricResult)
    assert missing.requirement.metric == metric
    assert (missing.value, missing.threshold, missing.market) == (needed - 1, needed, market)


@pytest.mark.parametrize(("key", "association"), list(association_cases()))
def test_each_association_alternative_counts(library, key, association):
    data = minimal(key)
    data["associations"] = [association]
    _, found, unmet = run(library, key, data)
    assert found.met and unmet == []


@pytest.mark.parametrize("key", [key for key, spec in SPECS.items() if spec.associations], ids=lambda key: _id(*key))
def test_association_missing(library, key):
    data = minimal(key)
    data["associations"] = ["some-other-association"]
    attained, found, unmet = run(library, key, data)
    assert not found.met and below(attained, key[2])
    (missing,) = unmet
    assert isinstance(missing, AssociationResult)
    assert missing.held == ()
    assert set(missing.requirement.associations) == set(SPECS[key].associations)


@pytest.mark.parametrize(("key", "attribute"), list(attribute_cases()))
def test_attribute_missing(library, key, attribute):
    data = minimal(key)
    data["attributes"][attribute] = False
    attained, found, unmet = run(library, key, data)
    assert not found.met and below(attained, key[2])
    (missing,) = unmet
    assert isinstance(missing, AttributeResult)
    assert missing.requirement.attribute == attribute


def test_a_market_threshold_does_not_apply_to_the_other_market(library):
    key = ("cloud-platform", "azure-consumption", "silver")
    data = minimal(key, market="developing")  # US$10,000: enough there, short of US$15,000 when developed
    data["market"] = "developed"
    attained, _, unmet = run(library, key, data)
    assert attained is None
    (missing,) = unmet
    assert isinstance(missing, MetricResult)
    assert (missing.value, missing.threshold) == (10_000, 15_000)


# ---- the table covers the library, and names the same things ------------------------------


def in_force(library, competency_id):
    day = dt.date.fromisoformat(AS_OF.get(competency_id, DEFAULT_AS_OF))
    return library.in_force(competency_id, day)


def test_table_covers_every_level_of_every_builtin_competency(library):
    # Designations (scored in points) are checked against their pages in test_designations.py.
    competencies = [cid for cid in library.ids() if library.versions(cid)[0].score is None]
    levels = {
        (cid, option.id, lv.name)
        for cid in competencies
        for option in in_force(library, cid).options
        for lv in option.levels
    }
    assert levels == set(SPECS)


def _named(library, competency_id):
    """What the compiled competency names: credentials, metrics, associations, attributes."""
    names: dict[str, set[str]] = {"credentials": set(), "metrics": set(), "associations": set(), "attributes": set()}
    for option in in_force(library, competency_id).options:
        for lv in option.levels:
            for route in lv.routes:
                for condition in filter(None, route.conditions):
                    names["credentials"] |= condition.credentials
                for requirement in route.requirements:
                    match requirement:
                        case MetricRequirement(metric=metric):
                            names["metrics"].add(metric)
                        case AssociationRequirement(associations=associations):
                            names["associations"] |= set(associations)
                        case AttributeRequirement(attribute=attribute):
                            names["attributes"].add(attribute)
    return names


def _in_table(competency_id):
    names: dict[str, set[str]] = {"credentials": set(), "metrics": set(), "associations": set(), "attributes": set()}
    for key, spec in SPECS.items():
        if key[0] != competency_id:
            continue
        for blocks in spec.routes:
            for block in blocks:
                names["credentials"] |= {c for need in block.needs for alt in need for c in alt}
        names["metrics"] |= set(spec.metrics)
        names["associations"] |= set(spec.associations)
        names["attributes"] |= set(spec.attributes)
    return names


@pytest.mark.parametrize("competency_id", COMPETENCIES)
def test_competency_names_exactly_what_its_page_lists(library, competency_id):
    assert _named(library, competency_id) == _in_table(competency_id)


# ---- distinct persons ------------------------------------------------------------------------


def test_same_or_different_persons_count_in_both_lists(library):
    key = ("cloud-business-applications", "enterprise-customer-engagement", "silver")
    data = minimal(key)
    data["people"] = [{"id": f"p{i}", "credentials": ["MB2-715", "MB2-716", "MB2-718"]} for i in range(5)]
    _, found, unmet = run(library, key, data)
    assert found.met and unmet == []
    technical, functional = (r for r in found.requirements if isinstance(r, PeopleResult))
    assert set(technical.persons) == set(functional.persons) == {f"p{i}" for i in range(5)}


def test_a_person_who_fits_two_requirements_of_a_level_counts_once(library):
    key = ("cloud-crm", "cloud-crm-reseller", "silver")
    data = minimal(key)
    data["people"] = [{"id": "all", "credentials": ["MB2-717", "MB2-715", "MB2-716"]}]
    _, found, unmet = run(library, key, data)
    (missing,) = unmet
    assert isinstance(missing, PeopleResult) and missing.missing == 1
    assert missing.candidates == ("all",)  # qualified, but already counted for the other requirement

    data["people"].append({"id": "custom", "credentials": ["MB2-716"]})
    _, found, unmet = run(library, key, data)
    assert found.met and unmet == []
    sales, customization = (r for r in found.requirements if isinstance(r, PeopleResult))
    assert (sales.persons, customization.persons) == (("all",), ("custom",))


@pytest.mark.parametrize(
    "key",
    [
        ("cloud-platform", "azure-consumption", "gold"),
        ("cloud-productivity", "managed-service-partner", "gold"),
        ("windows-and-devices", "service-partner", "gold"),
    ],
    ids=lambda key: _id(*key),
)
def test_either_routes_do_not_mix(library, key):
    """Half the persons by one route and half by the other fill neither route."""
    first, second = (minimal(key, route)["people"] for route in (0, 1))
    data = minimal(key)
    data["people"] = first[: len(first) // 2] + second[len(second) // 2 :]
    attained, found, unmet = run(library, key, data)
    assert not found.met and below(attained, key[2])
    (missing,) = unmet
    assert isinstance(missing, PeopleResult)
    assert missing.missing == len(first) - len(first) // 2


@pytest.mark.parametrize(
    ("people", "missing", "in_subset"),
    [
        pytest.param({"a": ["70-532", "70-535"], "b": ["70-533", "70-535"], "c": ["70-532"]}, 0, {"a", "b"}, id="met"),
        pytest.param({"a": ["70-532", "70-535"], "b": ["70-532"], "c": ["70-533"]}, 1, {"a"}, id="one-short-of-k"),
        pytest.param(
            {"a": ["70-532", "70-535"], "b": ["70-532", "70-535"], "c": ["70-535"]},
            1,
            {"a", "b"},
            id="k-outside-the-n",
        ),
        pytest.param({"a": ["70-532", "70-533", "70-535"]}, 2, {"a"}, id="one-person-fills-one-slot"),
        pytest.param({p: ["70-532", "70-535"] for p in "abcd"}, 0, {"a", "b"}, id="more-than-enough"),
    ],
)
def test_k_of_them_also(people, missing, in_subset):
    library = load([SUBSET_LIBRARY])
    data = {
        "partner": "Subset Partner",
        "as_of": DEFAULT_AS_OF,
        "people": [{"id": pid, "credentials": creds} for pid, creds in people.items()],
    }
    _, found, _ = run(library, ("subset-check", "only", "silver"), data)
    (result,) = found.requirements
    assert isinstance(result, PeopleResult)
    assert (found.met, result.missing) == (missing == 0, missing)
    assert {a.person for a in result.assignments if a.role is not None} == in_subset


# ---- acceptance windows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "credential", "day", "counts"),
    [
        (("cloud-crm", "cloud-crm-reseller", "silver"), "MB2-709", "2018-12-31", True),
        (("cloud-crm", "cloud-crm-reseller", "silver"), "MB2-709", "2019-01-01", False),
        (("cloud-platform", "azure-consumption", "silver"), "70-534", "2018-12-31", True),
        (("cloud-platform", "azure-consumption", "silver"), "70-534", "2019-01-01", False),
        (("datacenter", "datacenter-solutions", "silver"), "70-247", "2018-12-31", True),
        (("datacenter", "datacenter-solutions", "silver"), "70-247", "2019-01-01", False),
        (("application-development", "application-builder", "silver"), "70-354", "2017-09-30", True),
        (("application-development", "application-builder", "silver"), "70-354", "2017-10-01", False),
        (("cloud-crm", "cloud-crm-reseller", "silver"), "MB2-877", "2017-12-31", False),
        (("cloud-crm", "cloud-crm-reseller", "silver"), "MB2-877", "2018-01-01", True),
        (("cloud-business-applications", "enterprise-operations", "silver"), "MB6-894", "2017-11-30", False),
        (("cloud-business-applications", "enterprise-operations", "silver"), "MB6-894", "2017-12-01", True),
    ],
    ids=lambda v: v[0] if isinstance(v, tuple) else str(v),
)
def test_credentials_count_inside_their_acceptance_window(library, key, credential, day, counts):
    """The last person of a block holds `credential` (everyone does when the page gives no other)."""
    route, block, need, alternative = _find(key, credential)
    data = minimal(key, route)
    data["as_of"] = day
    person = data["people"][last_person(key, route, block)]
    person["credentials"] = SPECS[key].routes[route][block].held((need, alternative))
    holders = sum(credential in p["credentials"] for p in data["people"])
    attained, found, unmet = run(library, key, data)
    assert found.met is counts
    if not counts:
        assert below(attained, key[2])
        assert_persons_short(key, route, block, found, unmet, person["credentials"], person["id"], holders)


def _find(key, credential):
    """(route, block, need, alternative) of the alternative that is exactly `credential`."""
    for route, blocks in enumerate(SPECS[key].routes):
        for b, block in enumerate(blocks):
            for n, need in enumerate(block.needs):
                if (credential,) in need:
                    return route, b, n, need.index((credential,))
    raise LookupError(credential)


# ---- the files themselves -------------------------------------------------------------------


def test_builtin_files_lint_clean():
    assert lint([BUILTIN]) == []


def _refs(condition):
    match condition:
        case Ref(name=name):
            yield name
        case OneOf(items=items) | AllOf(items=items):
            for item in items:
                yield from _refs(item)


def _written(syntax) -> list:
    """What a version writes: a competency's requirements, or a designation's tracks, steps, gates and points."""
    if isinstance(syntax, Designation):
        chosen = [track.when for track in syntax.tracks if track.when is not None]
        return chosen + [item for metric in syntax.metrics for item in (*metric.steps, *metric.gates, metric.points)]
    return [requirement for option in syntax.options for lv in option.levels for requirement in lv.requirements]


def _syntax_names(library):
    """Every name the built-in files write, over all versions, by catalog table."""
    names: dict[str, set[str]] = {"credentials": set(), "metrics": set(), "associations": set(), "attributes": set()}
    for cid in library.ids():
        for version in library.versions(cid):
            syntax = version.syntax
            groups = () if isinstance(syntax, Designation) else syntax.groups
            conditions = [g.condition for g in groups]
            stack = _written(syntax)
            while stack:
                requirement = stack.pop()
                match requirement:
                    case MetricRequirement(metric=metric) | MetricPoints(metric=metric):
                        names["metrics"].add(metric)
                    case AssociationRequirement(associations=associations):
                        names["associations"] |= set(associations)
                    case AttributeRequirement(attribute=attribute):
                        names["attributes"].add(attribute)
                    case Alternatives(branches=branches):
                        stack += [r for branch in branches for r in branch]
                    case PeopleRequirement(condition=condition, subsets=subsets):
                        conditions += [condition, *(s.condition for s in subsets)]
                    case PersonPoints(condition=condition):
                        conditions.append(condition)
                    case BestPoints(branches=branches):
                        stack += branches
                    case SumPoints(parts=parts):
                        stack += [part.points for part in parts]
            names["credentials"] |= {ref for c in conditions for ref in _refs(c)} - {g.id for g in groups}
    return names


def test_every_name_in_the_builtin_files_is_in_the_catalog_and_every_entry_is_used(library):
    names = _syntax_names(library)
    catalog = library.catalog
    assert names["credentials"] == set(catalog.credentials)
    assert names["metrics"] == set(catalog.metrics)
    assert names["associations"] == set(catalog.associations)
    assert names["attributes"] == set(catalog.attributes)


# ---- the examples ---------------------------------------------------------------------------


def test_every_competency_has_an_example():
    assert {path.stem for path in (ROOT / "examples").glob("*.yaml")} >= set(COMPETENCIES)


@pytest.mark.parametrize("competency_id", COMPETENCIES)
def test_example_attains_a_level(library, competency_id):
    partner = load_partner(ROOT / "examples" / f"{competency_id}.yaml")
    result = evaluate(library, partner, [competency_id]).results[0]
    assert result.level is not None
