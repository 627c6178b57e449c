"""Gap plans: optimal against a brute force over every action set, attained once applied,
golden plans on the Cloud CRM seed, and the attained / impossible answers.

Golden plans are tests/data/gaps/NAME.partner.yaml -> NAME.plan.txt (the `plan` text report).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import resource
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import competency
import instances
from competency.analysis import gaps, milp
from competency.cli import app
from competency.engine import engine
from competency.errors import CompetencyError
from competency.reports.report import plan_json, plan_text
from conftest import check_schema, time_bound
from instances import CREDS, DAY

GAPS = Path(__file__).parent / "data" / "gaps"
EXAMPLE = Path(__file__).parent.parent / "examples" / "contoso-cloud-crm.yaml"


# ---- random small instances ------------------------------------------------------------


@st.composite
def plan_instances(draw):
    """A competency of at most 4 slots (for the brute force's sake), 0-2 persons, random costs."""
    costs = gaps.Costs(
        credentials={c: Decimal(draw(st.integers(1, 3))) for c in CREDS},
        person=Decimal(draw(st.integers(0, 2))),
        metric=Decimal(draw(st.integers(1, 4))),
    )
    return draw(instances.competencies()), draw(instances.held_sets(2)), costs


def _attains(library, partner) -> bool:
    return engine.evaluate(library, partner, ["x"], DAY).result("x").level == "silver"


def brute_force(library, partner, costs: gaps.Costs) -> Decimal:
    """The cost of the cheapest of all action sets that attain the level: any passes by existing
    persons, up to one new person per slot with any credentials, raising the metric or not.
    Sets are tried in order of cost, so the first that attains is the minimum."""
    subsets = [frozenset(s) for r in range(len(CREDS) + 1) for s in itertools.combinations(CREDS, r)]
    slots = sum(
        len(pool.slots) for route in library.in_force("x", DAY).options[0].levels[0].routes for pool in route.pools
    )
    metric = [(), (gaps.RaiseMetric("rev", Decimal(0), Decimal(10), "USD", costs.metric),)]
    newcomers = itertools.chain.from_iterable(
        itertools.combinations_with_replacement(subsets[1:], m) for m in range(slots + 1)
    )
    price = {c: costs.of_credential(c) for c in CREDS}
    candidates = sorted(
        (
            sum(m.cost for m in base)
            + sum(price[c] for creds in extra + added for c in creds)
            + costs.person * len(added),
            n,
            (base, extra, added),
        )
        for n, (base, extra, added) in enumerate(
            itertools.product(metric, itertools.product(subsets, repeat=len(partner.people)), list(newcomers))
        )
    )
    for cost, _, (base, extra, added) in candidates:
        actions = list(base)
        for person, creds in zip(partner.people, extra, strict=True):
            actions += [gaps.Pass(person.id, c, price[c]) for c in sorted(creds)]
        for j, creds in enumerate(added):
            actions.append(gaps.NewPerson(f"n{j}", costs.person))
            actions += [gaps.Pass(f"n{j}", c, price[c]) for c in sorted(creds)]
        if _attains(library, gaps.apply(partner, actions)):
            return cost
    raise AssertionError("new persons can always fill the slots of these instances")


@settings(max_examples=60)
@given(plan_instances())
def test_plan_cost_is_the_brute_force_minimum_and_attains(instance):
    text, held, costs = instance
    library = instances.library(text)
    partner = instances.partner(held)
    result = gaps.plan_gaps(library, partner, "x", level="silver", costs=costs)
    if _attains(library, partner):
        assert result.status is gaps.Status.ATTAINED and result.actions == ()
        return
    assert result.status is gaps.Status.PLAN
    assert result.cost == sum((a.cost for a in result.actions), Decimal(0))
    assert _attains(library, gaps.apply(partner, result.actions))
    assert result.cost == brute_force(library, partner, costs)


@st.composite
def organization_instances(draw):
    """A level repeating and overlapping organization requirements, a partner, random costs per id."""
    prices = st.integers(1, 3).map(Decimal)
    costs = gaps.Costs(
        credentials={c: draw(prices) for c in "AB"},
        person=Decimal(draw(st.integers(0, 2))),
        metrics={"rev": draw(prices)},
        associations={a: draw(prices) for a in instances.ASSOCIATIONS},
        attributes={a: draw(prices) for a in instances.ATTRIBUTES},
    )
    return draw(instances.organization_competencies()), draw(instances.organization_partners()), costs


def _subsets(items) -> list[tuple]:
    return [s for r in range(len(items) + 1) for s in itertools.combinations(items, r)]


def organization_brute_force(library, partner, costs: gaps.Costs) -> Decimal:
    """The cost of the cheapest of all action sets that attain the level: revenue raised to any
    threshold or not, any associations and attributes obtained, any passes by the existing person,
    and up to two new persons with any credentials. Tried in order of cost: the first is the minimum."""
    value = partner.metrics["rev"]
    raises = [()] + [
        (gaps.RaiseMetric("rev", value, Decimal(t), "USD", costs.of_metric("rev")),)
        for t in instances.THRESHOLDS
        if t > value
    ]
    unheld = sorted(set(instances.ASSOCIATIONS) - partner.associations)
    associations = [tuple(gaps.ObtainAssociation(a, costs.of_association(a)) for a in s) for s in _subsets(unheld)]
    unset = [a for a in instances.ATTRIBUTES if not partner.attributes.get(a)]
    attributes = [tuple(gaps.SetAttribute(a, costs.of_attribute(a)) for a in s) for s in _subsets(unset)]
    existing = [()]
    for person in partner.people:
        existing = [
            (*before, *(gaps.Pass(person.id, c, costs.of_credential(c)) for c in s))
            for before in existing
            for s in _subsets("AB")
        ]
    newcomers = [
        tuple(
            action
            for j, creds in enumerate(added)
            for action in (
                gaps.NewPerson(f"n{j}", costs.person),
                *(gaps.Pass(f"n{j}", c, costs.of_credential(c)) for c in creds),
            )
        )
        for m in range(3)
        for added in itertools.combinations_with_replacement([s for s in _subsets("AB") if s], m)
    ]
    candidates = sorted(
        (sum(a.cost for a in actions), n, actions)
        for n, actions in enumerate(
            tuple(itertools.chain.from_iterable(parts))
            for parts in itertools.product(raises, associations, attributes, existing, newcomers)
        )
    )
    for cost, _, actions in candidates:
        if _attains(library, gaps.apply(partner, actions)):
            return cost
    raise AssertionError("raising the revenue to 150, every association and attribute and two new persons attain")


@settings(max_examples=40, deadline=None)
@given(organization_instances())
def test_organization_actions_are_the_brute_force_minimum_and_each_is_taken_once(instance):
    text, partner, costs = instance
    library = instances.library(text)
    result = gaps.plan_gaps(library, partner, "x", level="silver", costs=costs)
    if _attains(library, partner):
        assert result.status is gaps.Status.ATTAINED
        return
    assert result.status is gaps.Status.PLAN
    organization = [a for a in result.actions if not isinstance(a, gaps.Pass | gaps.NewPerson)]
    assert len(organization) == len(set(organization))
    assert sum(isinstance(a, gaps.RaiseMetric) for a in organization) <= 1  # to its highest threshold
    assert result.cost == sum((a.cost for a in result.actions), Decimal(0))
    assert _attains(library, gaps.apply(partner, result.actions))
    assert result.cost == organization_brute_force(library, partner, costs)


def test_a_credential_counted_in_two_pools_is_paid_once():
    library = instances.library(
        'catalog t "t" { exam A "a" exam B "b" }\n'
        'competency x "x" { option o "o" { level silver { 1 person passes A  same or different 1 person passes A } } }'
    )
    result = gaps.plan_gaps(library, instances.partner([{"B"}]), "x", costs=gaps.Costs(person=Decimal(5)))
    assert result.actions == (gaps.Pass("p0", "A", Decimal(1)),)


def test_zero_cost_credentials_add_no_needless_actions():
    library = instances.library(
        'catalog t "t" { exam A "a" exam B "b" }\n'
        'competency x "x" { option o "o" { level silver { 1 person passes A or B } } }'
    )
    costs = gaps.Costs(credential=Decimal(0), person=Decimal(0))
    result = gaps.plan_gaps(library, instances.partner([set(), set()]), "x", costs=costs)
    assert result.cost == 0
    assert result.actions == (gaps.Pass("p0", "A", Decimal(0)),)


# ---- organization requirements: one action per metric, association and attribute ----


def _organization(requirements: str) -> str:
    return (
        'catalog t "t" { exam A "a" metric rev "r" unit USD association a1 "a1" association a2 "a2" attribute x "x" }\n'
        f'competency x "x" {{ option o "o" {{ level silver {{ {requirements} }} }} }}\n'
    )


def test_an_association_two_requirements_name_is_obtained_once():
    library = instances.library(_organization("association a1 or a2  association a2"))
    result = gaps.plan_gaps(library, instances.partner([]), "x")
    assert result.actions == (gaps.ObtainAssociation("a2", Decimal(1)),)
    assert result.cost == 1


@pytest.mark.parametrize(
    "requirements",
    [
        "metric rev >= 100 USD  either { metric rev >= 50 USD } or { attribute x }",
        "either { metric rev >= 50 USD } or { attribute x }  metric rev >= 100 USD",
        "metric rev >= 100 USD  either { metric rev >= 50 USD } or { attribute x }  1 person passes A",
    ],
)
def test_a_metric_two_requirements_name_is_raised_once_to_the_higher_threshold(requirements):
    library = instances.library(_organization(requirements))
    raised = gaps.RaiseMetric("rev", Decimal(10), Decimal(100), "USD", Decimal(1))
    result = gaps.plan_gaps(library, instances.partner([], revenue=10), "x")
    assert result.status is gaps.Status.PLAN
    assert [a for a in result.actions if not isinstance(a, gaps.Pass | gaps.NewPerson)] == [raised]
    assert result.branches == (0,)  # the branch the raise already meets, not the attribute's


def test_a_plan_on_every_route_of_repeated_metrics_exits_0(tmp_path):
    rules = tmp_path / "x.comp"
    rules.write_text(
        _organization("metric rev >= 100 USD  either { metric rev >= 50 USD } or { attribute x }"), encoding="utf-8"
    )
    partner = tmp_path / "p.yaml"
    partner.write_text("partner: P\nas_of: 2018-06-01\nmetrics: {rev: 10}\npeople: []\n", encoding="utf-8")
    out = _run("plan", partner, "-c", "x", "-L", rules, code=0).stdout
    assert "  1. raise rev from 10 to 100 USD (short by 90) (cost 1)\n\n" in out


# ---- the default target ----------------------------------------------------------------

LEVELS = (
    'catalog t "t" { exam A "a" }\n'
    'competency x "x" { levels bronze < silver < gold < platinum '
    'option o "o" { level bronze { 1 person passes A } level gold { 2 persons pass A } } '
    'option p "p" { level silver { 3 persons pass A } } }\n'
)


def test_the_default_target_is_the_next_level_some_option_defines():
    library = instances.library(LEVELS)
    result = gaps.plan_gaps(library, instances.partner([{"A"}]), "x", option="o")  # bronze; no silver in o
    assert (result.level, result.status, result.cost) == ("gold", gaps.Status.PLAN, 2)
    result = gaps.plan_gaps(library, instances.partner([{"A"}]), "x")  # p defines silver
    assert (result.level, result.option) == ("silver", "p")


def test_above_the_highest_level_any_option_defines_the_plan_is_empty():
    result = gaps.plan_gaps(instances.library(LEVELS), instances.partner([{"A"}, {"A"}, {"A"}]), "x")
    assert (result.level, result.status) == ("gold", gaps.Status.ATTAINED)
    assert result.reasons == ("already attains gold through option o, the highest level",)


def test_no_level_defined_is_impossible_and_says_so():
    library = instances.library('catalog t "t" { exam A "a" }\ncompetency x "x" { option o "o" { } }\n')
    result = gaps.plan_gaps(library, instances.partner([]), "x")
    assert (result.level, result.status, result.reasons) == (
        None,
        gaps.Status.IMPOSSIBLE,
        ("no option of x defines a level",),
    )
    assert plan_text(result).splitlines()[1] == "  x cannot be attained on that date:"


# ---- the Cloud CRM seed ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name.removesuffix(".partner.yaml") for p in GAPS.glob("*.partner.yaml")))
def test_golden_plans(library, golden, name):
    partner = competency.load_partner(GAPS / f"{name}.partner.yaml")
    result = gaps.plan_gaps(library, partner, "cloud-crm")
    golden(plan_text(result), GAPS / f"{name}.plan.txt")
    check_schema("plan", plan_json(result))
    if result.status is gaps.Status.PLAN:
        after = gaps.apply(partner, result.actions)
        assert engine.evaluate(library, after, ["cloud-crm"]).result("cloud-crm").level == result.level


def test_attained_target_gives_an_empty_plan(library, make_partner):
    partner = make_partner({"ana": ["MB2-714", "MB2-710", "MB2-712"], "bruno": ["MB2-713", "MB2-706"]})
    result = gaps.plan_gaps(library, partner, "cloud-crm", level="silver", as_of=dt.date(2017, 9, 1))
    assert result.status is gaps.Status.ATTAINED
    assert result.actions == () and result.cost == 0
    assert "already attains silver" in plan_text(result)
    assert plan_json(result)["actions"] == []


def test_impossible_target_says_why():
    library = competency.load([GAPS / "retired.comp"])
    partner = instances.partner([{"A"}])
    result = gaps.plan_gaps(library, partner, "retired-only", as_of=DAY)
    assert result.status is gaps.Status.IMPOSSIBLE
    assert result.reasons == (
        "option legacy: no one can pass OLD-1 on 2018-06-01: OLD-1 is not accepted on that date",
        "option current: metric old-revenue has no threshold for the developed market",
    )
    assert "cannot be attained" in plan_text(result)


def test_costs_from_a_file_change_the_cheapest_plan(library, make_partner, tmp_path):
    partner = make_partner({"ana": ["MB2-714", "MB2-710"]})
    cheap = gaps.plan_gaps(library, partner, "cloud-crm", as_of=dt.date(2017, 9, 1))
    assert cheap.actions == (gaps.NewPerson("new-person-1", Decimal(1)), gaps.Pass("new-person-1", "MB2-707", 1))
    path = tmp_path / "costs.yaml"
    path.write_text("person: 10\ncredentials: {MB2-707: 3, MB2-712: 2}\n", encoding="utf-8")
    pricey = gaps.plan_gaps(library, partner, "cloud-crm", costs=gaps.load_costs(path), as_of=dt.date(2017, 9, 1))
    # a newcomer (10) passing MB2-712 (2) beats Ana passing it and a newcomer passing two exams (14)
    assert pricey.actions == (gaps.NewPerson("new-person-1", Decimal(10)), gaps.Pass("new-person-1", "MB2-712", 2))
    assert pricey.cost == Decimal(12)


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ([1], "(top level)"),
        ({"persons": 1}, "persons"),
        ({"person": -1}, "person"),
        ({"credentials": {"MB2-707": "a lot"}}, "credentials.MB2-707"),
        ({"metrics": [1]}, "metrics"),
        ({"person": float("nan")}, "person"),
        ({"metric": float("inf")}, "metric"),
        ({"credentials": {"MB2-707": 10**24}}, "credentials.MB2-707"),
        ({"attributes": {"a": 10**5_000}}, "attributes.a"),
    ],
)
def test_bad_cost_files_name_the_field(data, where):
    with pytest.raises(CompetencyError) as info:
        gaps.costs_from_data(data)
    assert info.value.diagnostic.where == where


@pytest.mark.parametrize("value", [".nan", ".inf", "1.0e+309", "1" * 5_000])
def test_costs_in_a_file_are_finite_and_below_10_to_the_24(tmp_path, value):
    path = tmp_path / "costs.yaml"
    path.write_text(f"credentials:\n  MB2-707: {value}\n", encoding="utf-8")
    with pytest.raises(CompetencyError) as info:
        gaps.load_costs(path)
    diagnostic = info.value.diagnostic
    assert (diagnostic.code, diagnostic.where, diagnostic.message) == (
        "I302",
        "credentials.MB2-707",
        "must be a finite number below 10^24",
    )


def test_a_cost_given_twice_is_refused(tmp_path):
    path = tmp_path / "costs.yaml"
    path.write_text("person: 10\ncredentials: {MB2-707: 3, MB2-707: 2}\n", encoding="utf-8")
    with pytest.raises(CompetencyError) as info:
        gaps.load_costs(path)
    assert (
        str(info.value.diagnostic) == f"{path}:2:27: error: duplicate key 'MB2-707' (first at line 2, column 15) [I301]"
    )


def test_an_unknown_id_in_a_cost_file_is_refused_where_it_is_written(library, tmp_path):
    path = tmp_path / "costs.yaml"
    path.write_text("person: 10\ncredentials:\n  MB2-707: 3\n  MB2-7707: 2\n", encoding="utf-8")
    assert gaps.load_costs(path).credentials == {"MB2-707": 3, "MB2-7707": 2}  # without a catalog, ids are not checked
    with pytest.raises(CompetencyError) as info:
        gaps.load_costs(path, library.catalog)
    assert str(info.value.diagnostic) == (
        f"{path}:4:13: error: credentials.MB2-7707: unknown credential 'MB2-7707': it is not in the catalog;"
        " did you mean 'MB2-707'? [I302]"
    )


def test_unknown_level_or_option_is_an_input_error(library, make_partner):
    for kwargs in ({"level": "platinum"}, {"option": "nope"}):
        with pytest.raises(CompetencyError) as info:
            gaps.plan_gaps(library, make_partner(), "cloud-crm", **kwargs)
        assert info.value.diagnostic.code == "I303"


def test_a_misspelt_level_or_option_suggests_the_one_meant(library, make_partner):
    for kwargs, meant in (
        ({"level": "Gold"}, "differs only in case from 'gold'"),
        ({"option": "cloud-crm-resller"}, "did you mean 'cloud-crm-reseller'?"),
    ):
        with pytest.raises(CompetencyError) as info:
            gaps.plan_gaps(library, make_partner(), "cloud-crm", **kwargs)
        assert info.value.diagnostic.message.endswith(meant)


# ---- the `plan` command ----------------------------------------------------------------


def _run(*args, code: int):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.stdout + result.stderr
    return result


def test_plan_command_on_the_bundled_example_prints_actions():
    out = _run("plan", EXAMPLE, "--competency", "cloud-crm", code=0).stdout
    assert out.startswith("Contoso Ltd: cloud-crm gold on 2017-09-01\n  cheapest plan: option cloud-crm-reseller")
    assert "  2. new-person-1 passes MB2-707 (cost 1)\n" in out
    assert "raise crm-net-new-revenue from 120_000 to 300_000 USD (short by 180_000)" in out


def test_plan_command_formats_agree(library):
    document = json.loads(_run("plan", EXAMPLE, "-c", "cloud-crm", "-f", "json", code=0).stdout)
    expected = plan_json(gaps.plan_gaps(library, competency.load_partner(EXAMPLE), "cloud-crm"))
    assert document == json.loads(json.dumps(expected))
    assert [a["kind"] for a in document["actions"]] == ["new-person", "pass", "new-person", "pass", "metric"]
    assert document["actions"][-1]["shortfall"] == 180000
    markdown = _run("plan", EXAMPLE, "-c", "cloud-crm", "-f", "markdown", code=0).stdout
    assert "| 5 | raise crm-net-new-revenue from 120_000 to 300_000 USD (short by 180_000) | 1 |" in markdown


def test_plan_command_with_a_cost_file_level_and_option(tmp_path):
    costs = tmp_path / "costs.yaml"
    costs.write_text("credentials: {MB2-707: 5}\n", encoding="utf-8")
    args = ("plan", EXAMPLE, "-c", "cloud-crm", "--level", "gold", "--option", "cloud-crm-reseller")
    out = _run(*args, "--cost-file", costs, code=0).stdout
    assert "new-person-1 passes MB2-712 (cost 1)" in out
    costs.write_text("credential: -1\n", encoding="utf-8")
    assert "a cost is a number >= 0, not -1" in _run(*args, "--cost-file", costs, code=2).stderr
    costs.write_text("credential: .inf\n", encoding="utf-8")
    assert _run(*args, "--cost-file", costs, code=2).stderr == (
        f"{costs}: error: credential: must be a finite number below 10^24 [I302]\n"
    )


def test_plan_command_refuses_an_unknown_credential_in_the_cost_file(tmp_path):
    costs = tmp_path / "costs.yaml"
    costs.write_text("credentials: {NOPE-1: 3}\n", encoding="utf-8")
    stderr = _run("plan", EXAMPLE, "-c", "cloud-crm", "--cost-file", costs, code=2).stderr
    assert stderr == (
        f"{costs}:1:23: error: credentials.NOPE-1: unknown credential 'NOPE-1': it is not in the catalog [I302]\n"
    )


def test_plan_command_exit_codes():
    _run("plan", EXAMPLE, "-c", "cloud-crm", "--level", "silver", code=0)
    _run("plan", EXAMPLE, "-c", "cloud-crm", "--level", "platinum", code=2)
    retired = ("plan", EXAMPLE, "-c", "retired-only", "-L", GAPS / "retired.comp", "--as-of", "2018-06-01")
    assert "OLD-1 is not accepted on that date" in _run(*retired, code=1).stdout


# ---- bounded integer programs ----------------------------------------------------------

EXAMS = [f"{kind}{i}" for kind in "AB" for i in range(64)]
HARD = {  # within the compiler's limits, but HiGHS runs for minutes on them
    "4096 alternatives": "3 persons pass all_of(one_of({}), one_of({}))".format(
        ", ".join(EXAMS[:64]), ", ".join(EXAMS[64:])
    ),
    "40 same-or-different pools": " ".join(
        f"same or different 2 persons pass one_of(A{i}, B{i}) and one_of(A{(i + 1) % 64}, B{(i + 3) % 64})"
        for i in range(40)
    ),
}


def _hard_case(tmp_path: Path, requirements: str) -> tuple[Path, Path]:
    library = tmp_path / "hard.comp"
    exams = " ".join(f'exam {e} "{e}"' for e in EXAMS)
    library.write_text(
        f'catalog c "C" {{ {exams} }}\ncompetency x "X" {{ option o "O" {{ level silver {{ {requirements} }} }} }}\n',
        encoding="utf-8",
    )
    partner = tmp_path / "partner.json"
    people = [{"id": f"p{i}", "credentials": [f"A{i}"]} for i in range(4)]
    partner.write_text(json.dumps({"partner": "P", "market": "developed", "people": people}), encoding="utf-8")
    return library, partner


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))


@pytest.mark.parametrize("requirements", HARD.values(), ids=HARD.keys())
def test_plan_gives_up_at_the_solver_time_limit_instead_of_answering(tmp_path, requirements):
    library, partner = _hard_case(tmp_path, requirements)
    script = (
        "import sys; from competency import cli; from competency.analysis import milp;"
        " milp.TIME_LIMIT = 0.5; sys.exit(cli.main())"
    )
    args = [sys.executable, "-c", script, "plan", str(partner), "-c", "x", "-L", str(library)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=20, preexec_fn=_limit_memory, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "error: the plan's integer program was not solved within 0.5 s; narrow it with --option or --level [I312]\n"
    )


def test_a_one_of_of_a_thousand_credentials_is_planned_in_bounded_time(tmp_path):
    exams = [f"E-{i}" for i in range(1_000)]
    path = tmp_path / "wide.comp"
    requirement = f"1 person passes one_of({', '.join(exams)})"
    path.write_text(
        'catalog c "C" {\n' + "".join(f'  exam {e} "{e}"\n' for e in exams) + "}\n"
        f'competency x "X" {{ option o "O" {{ level silver {{ {requirement} }} }} }}\n',
        encoding="utf-8",
    )
    library = competency.load([path])
    with time_bound(5):  # HiGHS's presolve took over 10 s and then gave up (I312)
        found = gaps.plan_gaps(library, competency.load_partner(EXAMPLE), "x", as_of=DAY)
    assert [(a.person, a.credential) for a in found.actions] == [("ana", "E-0")]


def test_plan_refuses_an_integer_program_past_the_size_bound(monkeypatch):
    monkeypatch.setattr(milp, "MAX_SIZE", 100)
    with pytest.raises(CompetencyError) as info:
        gaps.plan_gaps(competency.load(), competency.load_partner(EXAMPLE), "cloud-crm")
    assert info.value.diagnostic.code == "I312"
    assert info.value.diagnostic.message == (
        "the plan's integer program is too large (over 100 variables and coefficients); "
        "narrow it with --option or --level"
    )


def test_the_solver_writes_nothing_to_the_process_output():
    # HiGHS logs from C, past sys.stdout: only a real process shows it; JSON output must stay JSON alone.
    script = "import sys; from competency import cli; sys.exit(cli.main())"
    args = [sys.executable, "-c", script, "plan", str(EXAMPLE), "-c", "cloud-crm", "-f", "json"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=20, preexec_fn=_limit_memory, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "plan"
    assert done.stderr == ""


def test_a_variable_named_twice_in_a_row_counts_twice():
    model = milp.Model("a test program", "narrow it")
    chosen = model.var(1.0)
    model.row([(chosen, 1), (chosen, 1)], lo=1.5)  # 2 * chosen >= 1.5: chosen = 1
    assert model.solve() == [1.0]
    model.row([(chosen, 1), (chosen, 1)], hi=1.5)
    assert model.solve() is None
