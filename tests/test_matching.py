"""Class-compressed matching agrees with the plain reference matching, on random instances."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from competency.compiler import plan
from competency.engine.engine import levels_attained
from competency.engine.matching import match, match_classes

CREDENTIALS = ("A", "B", "C", "D", "E")

terms = st.frozensets(st.sampled_from(CREDENTIALS), min_size=1, max_size=2)
conditions = st.lists(terms, min_size=1, max_size=3).map(lambda ts: plan.Condition(tuple(dict.fromkeys(ts))))
pools = st.lists(st.tuples(conditions, st.integers(1, 4)), min_size=1, max_size=4).map(
    lambda reqs: plan.Pool(tuple(plan.Slot(i, c) for i, (c, n) in enumerate(reqs) for _ in range(n)))
)
people = st.lists(st.frozensets(st.sampled_from(CREDENTIALS), max_size=4), max_size=14)


def _valid(pool: plan.Pool, held: list[frozenset[str]], witness: list[int | None]) -> None:
    seated = [p for p in witness if p is not None]
    assert len(seated) == len(set(seated)), "a person fills two slots"
    for slot, person in zip(pool.slots, witness, strict=True):
        if person is not None:
            assert slot.condition.holds(held[person])


@settings(max_examples=400, deadline=None)
@given(pools, people)
def test_compressed_and_plain_fill_the_same_slots_with_valid_witnesses(pool, held):
    plain, compressed = match(pool, held), match_classes(pool, held)
    _valid(pool, held, plain)
    _valid(pool, held, compressed)
    assert [p is None for p in compressed] == [p is None for p in plain]


@settings(max_examples=100, deadline=None)
@given(pools, people)
def test_compressed_witness_is_deterministic(pool, held):
    assert match_classes(pool, held) == match_classes(pool, list(held))


def test_the_greedy_trap_is_solved_by_reseating():
    either, only_first = plan.Condition((frozenset({"A"}),)), plan.Condition((frozenset({"B"}),))
    pool = plan.Pool((plan.Slot(0, either), plan.Slot(1, only_first)))
    held = [frozenset({"A", "B"}), frozenset({"A"})]  # person 0 must take the B slot
    assert match_classes(pool, held) == [1, 0]


def test_a_large_pool_is_filled_from_classes_in_input_order():
    cond = plan.Condition((frozenset({"A"}),))
    pool = plan.Pool(tuple(plan.Slot(0, cond) for _ in range(3)))
    held = [frozenset()] * 50_000 + [frozenset({"A"})] * 5
    assert match_classes(pool, held) == [50_000, 50_001, 50_002]


def _people_data(held):
    return [{"id": f"p{i}", "credentials": sorted(h)} for i, h in enumerate(held)]


crm_people = st.lists(
    st.frozensets(st.sampled_from(("MB2-714", "MB2-713", "MB2-710", "MB2-706", "MB2-712", "MB2-707")), max_size=3),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(crm_people, st.integers(0, 400_000))
def test_levels_attained_equal_the_full_evaluation(library, held, revenue):
    from competency.engine.engine import evaluate
    from competency.partners.partner import partner_from_data

    data = {
        "partner": "P",
        "as_of": "2017-09-01",
        "metrics": {"crm-net-new-revenue": revenue},
        "associations": ["digital-partner-of-record"],
        "people": _people_data(held),
    }
    partner = partner_from_data(data)
    full = evaluate(library, partner)
    _, fast = levels_attained(library, partner)
    assert fast == {r.competency: (r.level, r.option) if r.in_force else None for r in full.results}


def test_a_class_made_of_several_credential_sets_hands_out_persons_in_input_order():
    cond = plan.Condition((frozenset({"A"}),))
    pool = plan.Pool(tuple(plan.Slot(0, cond) for _ in range(3)))
    held = [frozenset({"A", "B"}), frozenset(), frozenset({"A"}), frozenset({"A", "C"}), frozenset({"A"})]
    assert match_classes(pool, held) == [0, 2, 3]


def test_a_catalog_of_100_000_credentials_is_read_per_person_in_bounded_time() -> None:
    from competency import partner_from_data
    from competency.engine.matching import credentials_held
    from conftest import time_bound

    ids = [f"C{i}" for i in range(100_000)]
    catalog = plan.Catalog({c: plan.Credential(c, "exam", c) for c in ids}, {}, {}, {})
    people = [{"id": f"p{i}", "credentials": [ids[-1 - i], ids[i]]} for i in range(50)]
    partner = partner_from_data({"partner": "P", "people": people})
    with time_bound(3):  # a map from each credential's bit back to its id took 14 s and gigabytes
        held = credentials_held(catalog, partner, dt.date(2020, 1, 1))
    assert held[:2] == (frozenset({"C99999", "C0"}), frozenset({"C99998", "C1"}))
