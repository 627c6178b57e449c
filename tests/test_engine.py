"""Stage 3, plan + partner -> result, on the built-in Cloud CRM competency.

Golden: tests/data/engine/NAME.yaml (a partner) evaluates to NAME.json (the report's JSON).
Properties: the verdict per level equals a brute-force oracle written from the page itself,
and `matching.match` finds a maximum matching on random pools.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import competency
from competency.compiler import plan
from competency.compiler.compile import compile_library
from competency.engine.engine import compiled, levels_attained
from competency.engine.matching import match
from competency.engine.result import PeopleResult
from competency.reports.report import evaluation_to_json
from conftest import check_schema

ENGINE = Path(__file__).parent / "data" / "engine"
CRM = ["cloud-crm"]
DPOR = "digital-partner-of-record"

# The Cloud CRM page, written out again here so the oracle shares nothing with the compiler.
SALES_2017_07 = {"MB2-714", "MB2-713", "MB2-709"}
DEPLOY_2017_07 = {"MB2-710", "MB2-706"}
CUSTOMIZE_2017_07 = {"MB2-712", "MB2-707"}
PAGES = {
    dt.date(2017, 7, 7): (SALES_2017_07, DEPLOY_2017_07, CUSTOMIZE_2017_07),
    dt.date(2017, 12, 15): (
        SALES_2017_07 | {"MB2-717", "MB2-718", "MB2-877"},
        DEPLOY_2017_07 | {"MB2-715"},
        CUSTOMIZE_2017_07 | {"MB2-716"},
    ),
}
REVENUE = {
    "silver": {"developed": 100_000, "developing": 50_000},
    "gold": {"developed": 300_000, "developing": 150_000},
}
PERSONS = {"silver": 1, "gold": 2}
CRM_EXAMS = sorted(set().union(*PAGES[dt.date(2017, 12, 15)]))


def accepted(exam: str, day: dt.date) -> bool:
    """The catalog's footnotes: MB2-709 accepted until 2018-12-31, MB2-877 from 2018-01-01."""
    if exam == "MB2-709":
        return day <= dt.date(2018, 12, 31)
    if exam == "MB2-877":
        return day >= dt.date(2018, 1, 1)
    return True


def people_result(evaluation, level: str, index: int) -> PeopleResult:
    (result,) = evaluation.results
    (level_result,) = [lv for lv in result.levels if lv.level == level]
    found = level_result.requirements[index]
    assert isinstance(found, PeopleResult)
    return found


def level_met(evaluation) -> dict[str, bool]:
    (result,) = evaluation.results
    return {lv.level: lv.met for lv in result.levels}


# ---- the public API ---------------------------------------------------------------------


def test_dir_lists_the_lazy_public_api() -> None:
    assert {"evaluate", "load", "load_partner", "CompetencyError", "__version__"} <= set(dir(competency))
    assert set(competency.__all__) <= set(dir(competency))


def test_the_public_api_turns_an_evaluation_into_the_documented_json(library) -> None:
    assert "evaluation_to_json" in dir(competency)
    evaluation = competency.evaluate(library, competency.load_partner(ENGINE / "gold-2018.yaml"), CRM)
    document = competency.evaluation_to_json(evaluation)
    assert json.loads(json.dumps(document)) == document  # plain JSON values only
    assert document["results"][0]["level"] == "gold"


def test_the_package_declares_its_type_hints() -> None:
    assert (Path(competency.__file__).parent / "py.typed").is_file()  # PEP 561


# ---- golden evaluations ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden(path: Path, library, golden) -> None:
    evaluation = competency.evaluate(library, competency.load_partner(path), CRM)
    document = competency.evaluation_to_json(evaluation)
    check_schema("eval", document)
    golden(json.dumps(document, indent=2) + "\n", path.with_suffix(".json"))


# ---- the seed's cases ------------------------------------------------------------------

ANA_EVERYTHING = ["MB2-714", "MB2-710", "MB2-712"]
BRUNO_SALES = ["MB2-713", "MB2-706"]
SEPT_2017 = dt.date(2017, 9, 1)


def greedy_fills_every_slot(slots: list[set[frozenset[str]]], held: list[set[str]]) -> bool:
    """The wrong way: each slot takes the first free person who qualifies."""
    free = list(range(len(held)))
    for terms in slots:
        person = next((p for p in free if any(t <= held[p] for t in terms)), None)
        if person is None:
            return False
        free.remove(person)
    return True


def test_matching_succeeds_where_greedy_fails(library, make_partner) -> None:
    partner = make_partner({"ana": ANA_EVERYTHING, "bruno": BRUNO_SALES})
    sales = {frozenset({a, b}) for a in SALES_2017_07 for b in DEPLOY_2017_07}
    customize = {frozenset({c}) for c in CUSTOMIZE_2017_07}
    assert not greedy_fills_every_slot([sales, customize], [set(ANA_EVERYTHING), set(BRUNO_SALES)])

    evaluation = competency.evaluate(library, partner, CRM, SEPT_2017)
    assert evaluation.result("cloud-crm").level == "silver"
    assert people_result(evaluation, "silver", 2).persons == ("bruno",)
    assert people_result(evaluation, "silver", 3).persons == ("ana",)


def test_one_person_with_every_exam_counts_once(library, make_partner) -> None:
    every = sorted(set().union(*PAGES[dt.date(2017, 7, 7)]))
    evaluation = competency.evaluate(library, make_partner({"ana": every}), CRM, SEPT_2017)
    assert evaluation.result("cloud-crm").level is None
    sales, customize = people_result(evaluation, "silver", 2), people_result(evaluation, "silver", 3)
    assert (sales.persons, sales.missing) == (("ana",), 0)
    assert (customize.persons, customize.missing, customize.candidates) == ((), 1, ("ana",))


@pytest.mark.parametrize(("market", "met"), [("developing", True), ("developed", False)])
def test_revenue_threshold_depends_on_the_market(library, make_partner, market: str, met: bool) -> None:
    partner = make_partner({"ana": ANA_EVERYTHING, "bruno": BRUNO_SALES}, revenue=60_000, market=market)
    evaluation = competency.evaluate(library, partner, CRM, SEPT_2017)
    assert level_met(evaluation) == {"silver": met, "gold": False}
    metric = evaluation.result("cloud-crm").levels[0].requirements[0]
    assert (metric.market, metric.value, metric.threshold) == (market, 60_000, 50_000 if met else 100_000)


def test_missing_digital_partner_of_record(library, make_partner) -> None:
    partner = make_partner({"ana": ANA_EVERYTHING, "bruno": BRUNO_SALES}, associations=())
    evaluation = competency.evaluate(library, partner, CRM, SEPT_2017)
    silver = evaluation.result("cloud-crm").levels[0]
    assert not silver.met
    assert [r.met for r in silver.requirements] == [True, False, True, True]
    assert silver.requirements[1].held == ()


@pytest.mark.parametrize(
    ("day", "effective"),
    [
        (dt.date(2017, 7, 7), dt.date(2017, 7, 7)),
        (dt.date(2017, 12, 14), dt.date(2017, 7, 7)),
        (dt.date(2017, 12, 15), dt.date(2017, 12, 15)),
        (dt.date(2019, 6, 30), dt.date(2017, 12, 15)),
    ],
)
def test_the_version_in_force_on_the_date_is_used(library, make_partner, day, effective) -> None:
    result = competency.evaluate(library, make_partner(), CRM, day).result("cloud-crm")
    assert (result.in_force, result.effective) == (True, effective)


def test_before_the_first_version_nothing_is_in_force(library, make_partner) -> None:
    partner = make_partner({"ana": ANA_EVERYTHING, "bruno": BRUNO_SALES})
    result = competency.evaluate(library, partner, CRM, dt.date(2017, 7, 6)).result("cloud-crm")
    assert (result.in_force, result.level, result.levels) == (False, None, ())


def test_dynamics_365_exams_count_only_under_the_later_version(library, make_partner) -> None:
    partner = make_partner({"dee": ["MB2-717", "MB2-715"], "cy": ["MB2-716"]})
    assert competency.evaluate(library, partner, CRM, dt.date(2017, 12, 14)).result("cloud-crm").level is None
    assert competency.evaluate(library, partner, CRM, dt.date(2017, 12, 15)).result("cloud-crm").level == "silver"


@pytest.mark.parametrize(("day", "level"), [(dt.date(2018, 6, 1), "silver"), (dt.date(2019, 1, 2), None)])
def test_mb2_709_is_accepted_until_the_end_of_2018(library, make_partner, day, level) -> None:
    partner = make_partner({"mo": ["MB2-709", "MB2-710"], "cy": ["MB2-707"]})
    result = competency.evaluate(library, partner, CRM, day).result("cloud-crm")
    assert (result.effective, result.level) == (dt.date(2017, 12, 15), level)


@pytest.mark.parametrize(("day", "level"), [(dt.date(2017, 12, 31), None), (dt.date(2018, 1, 1), "silver")])
def test_mb2_877_counts_from_2018(library, make_partner, day, level) -> None:
    partner = make_partner({"fi": ["MB2-877", "MB2-715"], "cy": ["MB2-716"]})
    assert competency.evaluate(library, partner, CRM, day).result("cloud-crm").level == level


@pytest.mark.parametrize(("day", "level"), [(dt.date(2017, 9, 30), None), (dt.date(2017, 10, 1), "silver")])
def test_a_credential_counts_from_the_day_it_was_passed(library, make_partner, day, level) -> None:
    later = {"code": "MB2-710", "date": "2017-10-01"}
    partner = make_partner({"ana": ["MB2-714", later], "cy": ["MB2-712"]})
    assert competency.evaluate(library, partner, CRM, day).result("cloud-crm").level == level


def test_gold_needs_four_distinct_persons(library, make_partner) -> None:
    people = {"a": ANA_EVERYTHING, "b": BRUNO_SALES, "c": ["MB2-707"], "d": ["MB2-714", "MB2-706"]}
    evaluation = competency.evaluate(library, make_partner(people, revenue=300_000), CRM, SEPT_2017)
    result = evaluation.result("cloud-crm")
    assert (result.level, result.option) == ("gold", "cloud-crm-reseller")
    sales, customize = people_result(evaluation, "gold", 2), people_result(evaluation, "gold", 3)
    assert sorted(sales.persons + customize.persons) == ["a", "b", "c", "d"]
    # Only a and c can customize: a, listed first, must not keep a sales slot.
    assert set(customize.persons) == {"a", "c"}
    assert set(sales.persons) == {"b", "d"}


def test_the_date_defaults_to_the_partners_as_of(library) -> None:
    partner = competency.partner_from_data({"partner": "P", "as_of": "2017-12-20", "people": []})
    assert competency.evaluate(library, partner, CRM).as_of == dt.date(2017, 12, 20)
    assert competency.evaluate(library, partner, CRM, dt.date(2018, 1, 5)).as_of == dt.date(2018, 1, 5)


def test_an_unknown_competency_is_an_input_error(library, make_partner) -> None:
    with pytest.raises(competency.CompetencyError) as caught:
        competency.evaluate(library, make_partner(), ["cloud-cmr"])
    assert caught.value.diagnostic.code == "I303"
    assert caught.value.diagnostic.message.startswith("unknown competency 'cloud-cmr'; known: ")
    assert caught.value.diagnostic.message.endswith("; did you mean 'cloud-crm'?")


def test_same_input_same_output(library, make_partner) -> None:
    people = {"a": ANA_EVERYTHING, "b": BRUNO_SALES, "c": ANA_EVERYTHING, "d": ["MB2-707", "MB2-709", "MB2-706"]}
    runs = [competency.evaluate(library, make_partner(people), CRM, SEPT_2017) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    texts = {json.dumps(evaluation_to_json(run), indent=2) for run in runs}
    assert len(texts) == 1


# ---- subsets and independent pools, on a small library of their own --------------------

SEMANTICS = """
catalog t "T" {
  exam T-1 "One"
  exam T-2 "Two"
}
competency semantics "Semantics" {
  option subset "Subset" {
    level silver {
      2 persons each pass T-1, 1 of them also passes T-2
    }
  }
  option shared "Shared" {
    level silver {
      1 person passes T-1
      1 person passes T-2
    }
  }
  option independent "Independent" {
    level silver {
      1 person passes T-1
      same or different 1 person passes T-2
    }
  }
}
"""


@pytest.mark.parametrize(
    ("people", "met"),
    [
        ({"x": ["T-1", "T-2"]}, {"subset": False, "shared": False, "independent": True}),
        ({"x": ["T-1", "T-2"], "y": ["T-1"]}, {"subset": True, "shared": True, "independent": True}),
        ({"x": ["T-1"], "y": ["T-1"]}, {"subset": False, "shared": False, "independent": False}),
        ({"x": ["T-1"], "y": ["T-2"]}, {"subset": False, "shared": True, "independent": True}),
    ],
)
def test_subset_and_independent_pool_semantics(tmp_path: Path, people, met) -> None:
    (tmp_path / "semantics.comp").write_text(SEMANTICS, encoding="utf-8")
    library = competency.load([tmp_path])
    partner = competency.partner_from_data(
        {"partner": "P", "people": [{"id": k, "credentials": v} for k, v in people.items()]}
    )
    (result,) = competency.evaluate(library, partner, ["semantics"], SEPT_2017).results
    assert {lv.option: lv.met for lv in result.levels} == met


def test_a_subset_slot_is_reported_with_its_role(tmp_path: Path) -> None:
    (tmp_path / "semantics.comp").write_text(SEMANTICS, encoding="utf-8")
    library = competency.load([tmp_path])
    partner = competency.partner_from_data(
        {"partner": "P", "people": [{"id": "y", "credentials": ["T-1"]}, {"id": "x", "credentials": ["T-1", "T-2"]}]}
    )
    (result,) = competency.evaluate(library, partner, ["semantics"], SEPT_2017).results
    (people,) = result.levels[0].requirements
    assert [(a.person, a.role is not None) for a in people.assignments] == [("x", True), ("y", False)]


# ---- property: the verdict equals a brute-force oracle ---------------------------------

# Dates around the versions and the catalog's footnotes, and any day; the first in the list are
# the ones Hypothesis favours, so the day before the first version comes last.
KEY_DAYS = [dt.date(*d) for d in [(2017, 9, 1), (2017, 12, 14), (2017, 12, 15), (2017, 12, 31), (2018, 1, 1),
                                  (2018, 6, 1), (2018, 12, 31), (2019, 1, 1), (2017, 7, 7), (2017, 7, 6)]]  # fmt: skip
DAYS = st.one_of(st.sampled_from(KEY_DAYS), st.dates(dt.date(2017, 7, 1), dt.date(2019, 6, 30)))
# A person: some CRM exams, each with a pass date or none.
PERSON = st.dictionaries(st.sampled_from(CRM_EXAMS), st.one_of(st.none(), DAYS), max_size=6).map(
    lambda earned: sorted(earned.items())
)
PEOPLE = st.lists(PERSON, max_size=7)
REVENUES = st.sampled_from([1_000_000, 300_000, 299_999, 150_000, 100_000, 99_999, 50_000, 49_999, 0, None])


def page_on(day: dt.date) -> tuple[set[str], set[str], set[str]] | None:
    in_force = [effective for effective in PAGES if effective <= day]
    return PAGES[max(in_force)] if in_force else None


def held_on(people, day: dt.date) -> list[set[str]]:
    return [
        {code for code, when in earned if accepted(code, day) and (when is None or when <= day)} for earned in people
    ]


def oracle(people, revenue: int | None, market: str, has_dpor: bool, day: dt.date) -> dict[str, bool] | None:
    """Per level, met or not, by trying every assignment of persons to slots; None: no version."""
    page = page_on(day)
    if page is None:
        return None
    sales, deploy, customize = page
    held = held_on(people, day)

    def pair(h: set[str]) -> bool:
        return bool(h & sales) and bool(h & deploy)

    def custom(h: set[str]) -> bool:
        return bool(h & customize)

    verdict = {}
    for level, n in PERSONS.items():
        slots = [pair] * n + [custom] * n
        people_ok = any(
            all(slot(held[p]) for slot, p in zip(slots, chosen, strict=True))
            for chosen in itertools.permutations(range(len(held)), len(slots))
        )
        verdict[level] = people_ok and has_dpor and revenue is not None and revenue >= REVENUE[level][market]
    return verdict


@settings(max_examples=250)
@given(
    people=PEOPLE,
    revenue=REVENUES,
    market=st.sampled_from(["developed", "developing"]),
    has_dpor=st.sampled_from([True, True, True, False]),
    day=DAYS,
)
def test_verdicts_equal_the_brute_force_oracle(library, people, revenue, market, has_dpor, day) -> None:
    data = {
        "partner": "Random",
        "market": market,
        "metrics": {} if revenue is None else {"crm-net-new-revenue": revenue},
        "associations": [DPOR] if has_dpor else [],
        "people": [
            {"id": f"p{i}", "credentials": [{"code": c, "date": w} if w else c for c, w in earned]}
            for i, earned in enumerate(people)
        ],
    }
    (result,) = competency.evaluate(library, competency.partner_from_data(data), CRM, day).results
    expected = oracle(people, revenue, market, has_dpor, day)
    if expected is None:
        assert not result.in_force
        return
    assert {lv.level: lv.met for lv in result.levels} == expected
    best = [level for level in ("gold", "silver") if expected[level]]
    assert result.level == (best[0] if best else None)
    sales, deploy, customize = page_on(day)
    held = held_on(people, day)
    for level in result.levels:  # every witness: distinct persons, each passing what the page asks
        pairs, customizers = (r.persons for r in level.requirements[2:])
        assert all(held[int(p[1:])] & sales and held[int(p[1:])] & deploy for p in pairs)
        assert all(held[int(p[1:])] & customize for p in customizers)
        assert len(set(pairs + customizers)) == len(pairs + customizers)


# ---- property: matching.match is a maximum matching --------------------------------------

UNIVERSE = ["a", "b", "c", "d"]
TERMS = st.frozensets(st.sampled_from(UNIVERSE), min_size=1, max_size=3)
CONDITIONS = st.lists(TERMS, max_size=3).map(lambda terms: tuple(dict.fromkeys(terms)))
HELD = st.lists(st.frozensets(st.sampled_from(UNIVERSE)), max_size=6)


def satisfies(terms: tuple[frozenset[str], ...], held: frozenset[str]) -> bool:
    return any(term <= held for term in terms)


def brute_force_maximum(slots: list[tuple[frozenset[str], ...]], held: list[frozenset[str]]) -> int:
    """The largest number of slots distinct persons can fill: every choice, slot by slot."""

    def best(i: int, used: frozenset[int]) -> int:
        if i == len(slots):
            return 0
        skip = best(i + 1, used)
        fills = [1 + best(i + 1, used | {p}) for p, h in enumerate(held) if p not in used and satisfies(slots[i], h)]
        return max([skip, *fills])

    return best(0, frozenset())


@settings(max_examples=300)
@given(slots=st.lists(CONDITIONS, max_size=6), held=HELD)
def test_match_is_maximum_valid_and_deterministic(slots, held) -> None:
    pool = plan.Pool(tuple(plan.Slot(i, plan.Condition(terms)) for i, terms in enumerate(slots)))
    assigned = match(pool, held)
    filled = [(s, p) for s, p in enumerate(assigned) if p is not None]
    assert len(assigned) == len(slots)
    assert len({p for _, p in filled}) == len(filled)
    assert all(satisfies(slots[s], held[p]) for s, p in filled)
    assert len(filled) == brute_force_maximum(slots, held)
    assert match(pool, held) == assigned


def test_a_credential_not_in_the_catalog_is_reported_once_per_code(library) -> None:
    data = {
        "partner": "P",
        "as_of": "2017-09-01",
        "people": [
            {"id": "a", "credentials": ["MB2-714", "MB2-7144"]},
            {"id": "b", "credentials": [{"code": "MB2-7144"}, "XYZ"]},
        ],
    }
    evaluation = competency.evaluate(library, competency.partner_from_data(data), CRM)
    warnings = [(w.code, w.where, w.severity) for w in evaluation.warnings]
    assert warnings == [
        ("I307", "people[0].credentials[1]", "warning"),
        ("I307", "people[1].credentials[1]", "warning"),
    ]
    assert "'MB2-7144' (and 1 more)" in evaluation.warnings[0].message
    assert "(and" not in evaluation.warnings[1].message
    assert evaluation_to_json(evaluation)["warnings"][1] == {
        "code": "I307",
        "severity": "warning",
        "message": "unknown credential 'XYZ': it is not in the catalog, so it counts toward nothing",
        "path": None,
        "span": None,
        "where": "people[1].credentials[1]",
        "summary": "unknown credential in partner data",
    }
    nobody = competency.partner_from_data({"partner": "P", "people": []})
    assert competency.evaluate(library, nobody, CRM).warnings == ()


def test_a_zero_threshold_for_the_partners_market_is_not_replaced_by_the_general_one() -> None:
    text = """
    catalog t "t" { exam A "a" metric m "m" unit USD }
    competency z "Z" { source "s" option o "O" { level silver {
      metric m >= 0 USD in developing, 500 USD
      1 person passes A
    } } }
    """
    library, diagnostics = compile_library([[competency.parse_text(text, "z.comp")]])
    assert not diagnostics
    for market, level in (("developing", "silver"), ("developed", None)):
        data = {"partner": "P", "market": market, "metrics": {"m": 0}, "people": [{"id": "a", "credentials": ["A"]}]}
        partner = competency.partner_from_data(data)
        assert competency.evaluate(library, partner, ["z"], dt.date(2020, 1, 1)).result("z").level == level
        assert levels_attained(library, partner, ["z"], dt.date(2020, 1, 1))[1]["z"][0] == level


def test_two_libraries_used_in_turn_are_each_compiled_once(library):
    # `diff` evaluates every partner against an old and a new library in turn.
    other = competency.load([Path(__file__).parent / "data" / "show" / "library"])
    first = compiled(library)
    compiled(other)
    assert compiled(library) is first
