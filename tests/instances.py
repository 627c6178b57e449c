"""Random small competencies and partners for the property tests of gaps, explain and risk.

One competency `x` with one level `silver` of 1-2 people requirements (maybe `same or
different`, maybe a `1 of them also passes` clause) and maybe an `either` between a metric
and one more person, over exams A, B, C; persons holding some of A, B, C. And a competency
whose level repeats and overlaps organization requirements, with a partner to plan it for.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

import competency
from competency.compiler import plan
from competency.compiler.compile import compile_library
from competency.language.parse import parse_text

DAY = dt.date(2018, 6, 1)
CREDS = ("A", "B", "C")
CONDITIONS = ("A", "B", "A or B", "A and B", "one_of(A, B) and C", "B or (A and C)")


@st.composite
def competencies(draw, first_count: int = 2, second_count: int = 1) -> str:
    """The text of a library with competency `x`."""
    lines = []
    for count_max in (first_count, second_count)[: draw(st.integers(1, 2))]:
        count = draw(st.integers(1, count_max))
        line = f"{count} persons pass {draw(st.sampled_from(CONDITIONS))}"
        if draw(st.booleans()):
            line = "same or different " + line
        if count >= 2 and draw(st.booleans()):
            line += f", 1 of them also passes {draw(st.sampled_from(CREDS))}"
        lines.append(line)
    if draw(st.booleans()):
        lines.append("either { metric rev >= 10 } or { 1 person passes C }")
    return (
        'catalog t "t" { exam A "a" exam B "b" exam C "c" exam OLD "old" retired 2017-01-01 metric rev "r" unit USD }\n'
        'competency x "x" { option o "o" { level silver { ' + " ".join(lines) + " } } }\n"
    )


# ---- organization requirements, repeated and overlapping ------------------------------

ASSOCIATIONS = ("a1", "a2", "a3")
ATTRIBUTES = ("x", "y")
THRESHOLDS = (50, 100, 150)


@st.composite
def _organization_requirement(draw) -> str:
    kind = draw(st.sampled_from(("metric", "association", "attribute")))
    if kind == "metric":
        return f"metric rev >= {draw(st.sampled_from(THRESHOLDS))} USD"
    if kind == "association":
        names = draw(st.lists(st.sampled_from(ASSOCIATIONS), min_size=1, max_size=3, unique=True))
        return "association " + " or ".join(names)
    return f"attribute {draw(st.sampled_from(ATTRIBUTES))}"


@st.composite
def organization_competencies(draw) -> str:
    """A library with competency `x`: 1-4 organization requirements (the same metric, association
    or attribute often named more than once), maybe 1-2 persons passing A, B or both, and maybe
    an `either` of two blocks of organization requirements, one maybe with a person too."""
    requirements = draw(st.lists(_organization_requirement(), min_size=1, max_size=4))
    if draw(st.booleans()):
        requirements.append(
            f"{draw(st.integers(1, 2))} persons pass {draw(st.sampled_from(('A', 'A or B', 'A and B')))}"
        )
    if draw(st.booleans()):
        blocks = [draw(st.lists(_organization_requirement(), min_size=1, max_size=2)) for _ in range(2)]
        if draw(st.booleans()):
            blocks[1].append("1 person passes B")
        requirements.append("either " + " or ".join("{ " + " ".join(b) + " }" for b in blocks))
    catalog = " ".join(
        ['exam A "a" exam B "b" metric rev "r" unit USD']
        + [f'association {a} "{a}"' for a in ASSOCIATIONS]
        + [f'attribute {a} "{a}"' for a in ATTRIBUTES]
    )
    return (
        f'catalog t "t" {{ {catalog} }}\n'
        f'competency x "x" {{ option o "o" {{ level silver {{ {" ".join(requirements)} }} }} }}\n'
    )


@st.composite
def organization_partners(draw):
    """A partner of at most one person, some revenue, associations and attributes."""
    return competency.partner_from_data(
        {
            "partner": "P",
            "as_of": DAY.isoformat(),
            "metrics": {"rev": draw(st.sampled_from((0, 60, 120)))},
            "associations": draw(st.lists(st.sampled_from(ASSOCIATIONS), unique=True)),
            "attributes": {a: draw(st.booleans()) for a in ATTRIBUTES},
            "people": [
                {"id": f"p{i}", "credentials": sorted(h)}
                for i, h in enumerate(draw(st.lists(st.frozensets(st.sampled_from(("A", "B"))), max_size=1)))
            ],
        }
    )


def held_sets(max_people: int):
    """Per person, the credentials held, as the engine receives them (frozensets)."""
    return st.lists(st.frozensets(st.sampled_from(CREDS)), max_size=max_people)


def library(text: str) -> plan.Library:
    compiled, diagnostics = compile_library([[parse_text(text, "t.comp")]])
    assert not diagnostics
    return compiled


def partner(held, revenue: int = 0):
    return competency.partner_from_data(
        {
            "partner": "P",
            "as_of": DAY.isoformat(),
            "metrics": {"rev": revenue},
            "people": [{"id": f"p{i}", "credentials": sorted(h)} for i, h in enumerate(held)],
        }
    )


def silver(compiled: plan.Library) -> tuple[plan.Option, plan.Level]:
    option = compiled.in_force("x", DAY).options[0]
    return option, option.levels[0]
