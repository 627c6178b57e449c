"""Partner data, YAML/JSON -> Partner: golden files in tests/data/partner, plus the dict API.

Each tests/data/partner/NAME.yaml or NAME.json has either NAME.partner.txt (the Partner it
loads to) or NAME.err (its diagnostics: the file, line:col, and for data the data path).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import resource
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import competency
from competency.errors import CompetencyError
from competency.partners.partner import (
    Earned,
    Partner,
    People,
    Person,
    data_path,
    json_spans,
    parse_json,
    partner_from_text_data,
)

PARTNER = Path(__file__).parent / "data" / "partner"
FIXTURES = sorted([*PARTNER.glob("*.yaml"), *PARTNER.glob("*.json")])


def dump(partner: Partner) -> str:
    lines = [
        f"{f.name}: {_value(getattr(partner, f.name))!r}" for f in dataclasses.fields(partner) if f.name != "people"
    ]
    lines += [f"person {p!r}" for p in partner.people]
    return "\n".join(lines) + "\n"


def _value(value):
    return sorted(value) if isinstance(value, frozenset) else value  # a set's order is not stable


def outcome(path: Path) -> tuple[str, str]:
    try:
        partner = competency.load_partner(path)
    except CompetencyError as exc:
        return ".err", "".join(str(dataclasses.replace(d, path=path.name)) + "\n" for d in exc.diagnostics)
    return ".partner.txt", dump(partner)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_golden(path: Path, golden) -> None:
    suffix, text = outcome(path)
    expected = path.parent / (path.stem + suffix)
    other = path.parent / (path.stem + (".partner.txt" if suffix == ".err" else ".err"))
    assert not other.exists(), f"{path.name} was expected to give {other.name}, not {suffix}"
    golden(text, expected)


def test_yaml_and_json_of_the_same_partner_load_equal() -> None:
    assert competency.load_partner(PARTNER / "contoso.yaml") == competency.load_partner(PARTNER / "contoso.json")


def test_a_missing_file() -> None:
    with pytest.raises(CompetencyError) as caught:
        competency.load_partner(PARTNER / "nope.yaml")
    assert (caught.value.diagnostic.code, caught.value.diagnostic.message) == (
        "I300",
        "cannot read file: No such file or directory",
    )


# ---- what the parsers refuse ------------------------------------------------------------


def _diagnostic_of(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CompetencyError) as caught:
        competency.load_partner(path)
    return caught.value.diagnostic


def _address_space(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("people", ["&x [*x]", "&x [1, {b: [*x]}]", "&x {b: [1, *x]}"])
def test_an_alias_inside_the_node_it_names_is_refused_at_the_alias(tmp_path: Path, people: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"partner: P\npeople: {people}\n", encoding="utf-8")
    load = (
        "import sys, competency\n"
        "try: competency.load_partner(sys.argv[1])\n"
        "except competency.CompetencyError as e: print(e)"
    )
    done = subprocess.run(  # it used to expand without end
        [sys.executable, "-c", load, str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        preexec_fn=_address_space(1_000_000_000),
        check=False,
    )
    at = f"2:{len('people: ') + people.index('*x') + 1}"
    assert done.stdout == f"{path}:{at}: error: YAML alias '*x' refers to the node that contains it [I301]\n"


def test_aliases_of_finished_nodes_are_no_cycle(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "partner: &p P\nid: *p\npeople: [{id: a, credentials: &x [X]}, {id: b, credentials: *x}]\n", "utf-8"
    )
    partner = competency.load_partner(path)
    assert (partner.id, partner.people.credentials) == ("P", ((Earned("X"),), (Earned("X"),)))


BIG = "1" * 5_000  # int() refuses more than 4,300 digits


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("p.json", "NaN"),
        ("p.json", "Infinity"),
        ("p.json", "1e309"),
        ("p.json", BIG),
        ("p.json", "1" + "0" * 24),
        ("p.yaml", ".nan"),
        ("p.yaml", ".inf"),
        ("p.yaml", "1.0e+309"),
        ("p.yaml", BIG),
        ("p.yaml", "!!int ten"),
        ("p.yaml", '!!int ""'),
        ("p.json", "-Infinity"),
        ("p.yaml", "-.inf"),
    ],
)
def test_metric_values_are_finite_and_below_10_to_the_24(tmp_path: Path, name: str, value: str) -> None:
    if name.endswith(".json"):
        text = f'{{"partner": "P", "metrics": {{"crm-net-new-revenue": {value}}}, "people": []}}'
    else:
        text = f"partner: P\nmetrics:\n  crm-net-new-revenue: {value}\npeople: []\n"
    diagnostic = _diagnostic_of(tmp_path, name, text)
    assert (diagnostic.code, diagnostic.where, diagnostic.message) == (
        "I302",
        "metrics.crm-net-new-revenue",
        "must be a finite number below 10^24",
    )


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), 10**24, 10**5_000], ids=["nan", "inf", "10^24", "10^5000"]
)
def test_metric_values_from_data_are_bounded_too(value) -> None:
    with pytest.raises(CompetencyError, match="must be a finite number below 10"):
        competency.partner_from_data({"partner": "P", "metrics": {"m": value}, "people": []})


def test_the_largest_metric_value_is_kept_exactly() -> None:
    largest = "9" * 24
    partner = partner_from_text_data(
        parse_json(f'{{"partner": "P", "metrics": {{"m": {largest}}}, "people": []}}', "p")
    )
    assert partner.metrics["m"] == Decimal(largest)


@pytest.mark.parametrize(
    ("name", "text", "at", "first"),
    [
        ("p.yaml", "partner: P\npeople: []\npeople: []\n", (3, 1, 3, 7), "'people' (first at line 2, column 1)"),
        ("p.yaml", "partner: P\n'partner': Q\npeople: []\n", (2, 1, 2, 10), "'partner' (first at line 1, column 1)"),
        ("p.yaml", "partner: P\npeople:\n- {id: a, id: b}\n", (3, 11, 3, 13), "'id' (first at line 3, column 4)"),
        (
            "p.json",
            '{"partner": "P",\n "people": [],\n "people": []}',
            (3, 2, 3, 10),
            "'people' (first at line 2, column 2)",
        ),
        (
            "p.json",
            '{"partner": "P", "people": [{"id": "a:b", "\\u0069d": "b"}]}',
            (1, 43, 1, 52),
            "'id' (first at line 1, column 30)",
        ),
    ],
)
def test_a_key_given_twice_is_refused_naming_both_places(tmp_path: Path, name: str, text: str, at, first: str) -> None:
    diagnostic = _diagnostic_of(tmp_path, name, text)
    assert (diagnostic.code, dataclasses.astuple(diagnostic.span), diagnostic.message) == (
        "I301",
        at,
        f"duplicate key {first}",
    )


def test_merged_keys_and_colons_in_texts_are_no_duplicates(tmp_path: Path) -> None:
    merged = tmp_path / "p.yaml"
    merged.write_text("partner: P\npeople: [&a {id: a, name: A}, {<<: *a, id: b}]\n", encoding="utf-8")
    assert competency.load_partner(merged).people.names == ("A", "A")
    colons = tmp_path / "p.json"
    colons.write_text('{"partner": "P: \\"id\\": 1", "people": [{"id": "a"}, {"id": "b", "name": "id:"}]}', "utf-8")
    assert competency.load_partner(colons).people.names == (None, "id:")


# ---- partner_from_data ------------------------------------------------------------------


def test_dates_may_be_date_objects_or_text() -> None:
    as_text = {"partner": "P", "as_of": "2018-01-02", "people": [{"id": "a", "credentials": [
        {"code": "MB2-714", "date": "2017-05-06"}]}]}  # fmt: skip
    as_dates = {"partner": "P", "as_of": dt.date(2018, 1, 2), "people": [{"id": "a", "credentials": [
        {"code": "MB2-714", "date": dt.date(2017, 5, 6)}]}]}  # fmt: skip
    partner = competency.partner_from_data(as_dates)
    assert partner == competency.partner_from_data(as_text)
    assert partner.as_of == dt.date(2018, 1, 2)
    assert partner.people[0].credentials == (Earned("MB2-714", dt.date(2017, 5, 6)),)


def test_defaults() -> None:
    partner = competency.partner_from_data({"partner": "P", "people": [{"id": "a", "credentials": ["MB2-714"]}]})
    assert (partner.market, partner.as_of, dict(partner.metrics), partner.associations) == (
        "developed",
        None,
        {},
        frozenset(),
    )
    assert partner.people[0].credentials == (Earned("MB2-714"),)


def test_metrics_are_exact_decimals() -> None:
    partner = competency.partner_from_data({"partner": "P", "metrics": {"m": 0.1}, "people": []})
    assert partner.metrics["m"] == Decimal("0.1")


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        ({"people": []}, "(top level)", "missing required field 'partner'"),
        ({"partner": "P"}, "(top level)", "missing required field 'people'"),
        ({"partner": "", "people": []}, "partner", "must not be empty"),
        (
            {"partner": "P", "market": "Developed", "people": []},
            "market",
            'must be one of developed, developing, not "Developed"',
        ),
        ({"partner": "P", "people": {}}, "people", "must be a list, not a mapping"),
        ({"partner": "P", "associations": ["a", "a"], "people": []}, "associations", "lists the same value twice"),
        ({"partner": "P", "metrics": {"m": True}, "people": []}, "metrics.m", "must be a number, not true or false"),
        (
            {"partner": "P", "people": [{"id": "a"}, {"id": "b", "credentials": [{"date": "2018-01-01"}]}]},
            "people[1].credentials[0]",
            "missing required field 'code'",
        ),
        (
            {"partner": "P", "people": [{"id": "a", "credentials": [{"code": "X", "date": "2018-02-29"}]}]},
            "people[0].credentials[0].date",
            "'2018-02-29' is not a calendar date",
        ),
        (
            {"partner": "P", "people": [{"id": "a", "email": "a@example.com"}]},
            "people[0].email",
            "unknown field 'email'",
        ),
    ],
)
def test_schema_violations_name_the_data_path(data, where: str, message: str) -> None:
    with pytest.raises(CompetencyError) as caught:
        competency.partner_from_data(data, "p.yaml")
    diagnostic = caught.value.diagnostic
    assert (diagnostic.code, diagnostic.where, diagnostic.message) == ("I302", where, message)
    assert str(diagnostic) == f"p.yaml: error: {where}: {message} [I302]"


def test_data_path_format() -> None:
    assert data_path(("people", 3, "credentials", 0)) == "people[3].credentials[0]"
    assert data_path(()) == "(top level)"


def test_people_with_equal_credential_lists_share_one_tuple() -> None:
    dated = {"code": "MB2-714", "date": "2017-05-06"}
    people = [
        {"id": "a", "credentials": ["MB2-714", "MB2-710"]},
        {"id": "b", "credentials": ["MB2-714", "MB2-710"]},
        {"id": "c", "credentials": ["MB2-710", "MB2-714"]},
        {"id": "d", "credentials": [dated, "MB2-710"]},
        {"id": "e", "credentials": [dict(dated), "MB2-710"]},
    ]
    a, b, c, d, e = competency.partner_from_data({"partner": "P", "people": people}).people
    assert a.credentials is b.credentials
    assert c.credentials == (Earned("MB2-710"), Earned("MB2-714"))  # order kept: another list
    assert d.credentials == e.credentials == (Earned("MB2-714", dt.date(2017, 5, 6)), Earned("MB2-710"))
    assert d.credentials[1] is a.credentials[1]  # equal credentials share one Earned even so


def test_a_duplicate_person_id_names_its_second_place() -> None:
    people = [{"id": "a"}, {"id": "b"}, {"id": "a"}, {"id": "b"}]
    with pytest.raises(CompetencyError) as caught:
        competency.partner_from_data({"partner": "P", "people": people})
    assert caught.value.diagnostic.where == "people[2].id"
    assert caught.value.diagnostic.message == "duplicate person id 'a' (first at people[0])"


def test_a_bad_date_is_named_where_it_first_occurs() -> None:
    bad = {"code": "X", "date": "2018-02-30"}
    people = [
        {"id": "a", "credentials": ["X"]},
        {"id": "b", "credentials": ["Y", bad]},
        {"id": "c", "credentials": [bad]},
    ]
    with pytest.raises(CompetencyError) as caught:
        competency.partner_from_data({"partner": "P", "people": people})
    assert caught.value.diagnostic.where == "people[1].credentials[1].date"


def test_people_are_a_sequence_of_persons_kept_by_column() -> None:
    data = {"partner": "P", "people": [{"id": "a", "name": "Ann", "credentials": ["X"]}, {"id": "b"}]}
    people = competency.partner_from_data(data).people
    ann, bob = Person("a", "Ann", (Earned("X"),)), Person("b", None, ())
    assert (len(people), people[0], people[-1], people[1:], list(people)) == (2, ann, bob, (bob,), [ann, bob])
    assert bob in people and people.index(bob) == 1
    assert (people.ids, people.names) == (("a", "b"), ("Ann", None))
    assert People.of([ann, bob]) == people and People.of([]) == People((), (), ())
    with pytest.raises(IndexError):
        people[2]
    with pytest.raises(ValueError, match="one entry per person"):
        People(("a", "b"), ("Ann",), ((), ()))


# ---- every problem, where it is written, and its cause ----------------------------------


def test_a_malformed_credential_date_is_named_as_such_at_its_place(tmp_path: Path) -> None:
    text = "partner: P\npeople:\n- id: a\n  credentials: [{code: MB2-714, date: 2019-1-01}]\n"
    diagnostic = _diagnostic_of(tmp_path, "p.yaml", text)
    assert str(diagnostic) == (
        f"{tmp_path / 'p.yaml'}:4:39: error: people[0].credentials[0].date: "
        'must be a date YYYY-MM-DD, not "2019-1-01" [I302]'
    )


@pytest.mark.parametrize(
    ("credential", "where", "message"),
    [
        ("", "people[0].credentials[0]", "must not be empty"),  # the id branch is meant: a text
        (5, "people[0].credentials[0]", "a credential is an id (like MB2-714) or {code: ID, date: YYYY-MM-DD}"),
        ({"code": "X", "expires": "soon"}, "people[0].credentials[0].expires", 'must be a date YYYY-MM-DD, not "soon"'),
    ],
)
def test_a_credential_error_is_worded_by_the_form_it_was_meant_to_have(credential, where: str, message: str) -> None:
    with pytest.raises(CompetencyError) as caught:
        competency.partner_from_data({"partner": "P", "people": [{"id": "a", "credentials": [credential]}]})
    assert [(d.where, d.message) for d in caught.value.diagnostics] == [(where, message)]


def test_every_unknown_field_is_named_at_itself() -> None:
    with pytest.raises(CompetencyError) as caught:
        competency.partner_from_data({"partner": "P", "people": [{"id": "a", "colour": 1, "email": 2}]})
    found = [(d.where, d.message) for d in caught.value.diagnostics]
    assert found == [("people[0].colour", "unknown field 'colour'"), ("people[0].email", "unknown field 'email'")]


def test_past_the_first_100_problems_failing_people_are_counted_not_worded(monkeypatch) -> None:
    from competency.partners import partner

    worded = []
    validator = partner._person_validator()
    monkeypatch.setattr(partner, "_person_validator", lambda: worded.append(1) or validator)
    credential = {"code": "X", "date": "2018-1-1", "expires": "2019-1-1"}
    people = [{"id": f"p{i}", "credentials": [credential]} for i in range(500)]
    with pytest.raises(CompetencyError) as caught:
        competency.partner_from_data({"partner": "P", "people": people})
    diagnostics = caught.value.diagnostics
    assert (len(diagnostics), len(worded)) == (100 + 450, 50)  # two problems a person
    assert diagnostics[99].where == "people[49].credentials[0].expires"
    assert (diagnostics[100].where, diagnostics[100].message) == ("people[50]", "does not match the partner schema")


def test_one_bad_credential_among_100_000_people_is_reported_quickly() -> None:
    from conftest import time_bound

    people = [{"id": f"p{i}", "credentials": ["MB2-714", "MB2-713"]} for i in range(100_000)]
    people[70_000] = {"id": "bad", "credentials": [{"code": "MB2-714", "date": "2019-1-01"}]}
    with time_bound(3), pytest.raises(CompetencyError) as caught:  # the full jsonschema report took 7 s
        partner_from_text_data({"partner": "P", "people": people})
    assert [d.where for d in caught.value.diagnostics] == ["people[70000].credentials[0].date"]


def test_json_spans_follow_nesting_escaped_keys_and_empty_containers() -> None:
    text = '{"a": [], "b\\u0022": {"c": [1, {}, [true, "x"]]}, "d": null}'
    wanted = [("a",), ('b"', "c", 2, 1), ('b"', "c", 1), ("d",), ("a", 0), ()]
    assert [(s.line, s.column, s.end_column) if s else None for s in json_spans(text, wanted)] == [
        (1, 7, 8), (1, 43, 46), (1, 32, 33), (1, 56, 60), None, (1, 1, 2),
    ]  # fmt: skip


def test_yaml_spans_follow_aliases_and_merged_keys() -> None:
    from competency.partners.safeyaml import yaml_spans

    text = "base: &b {x: 1}\nm: {<<: *b, y: 2}\nl: [a, *b]\n"
    spans = yaml_spans(text, [("m", "x"), ("m", "y"), ("l", 1), ("l", 2), ("m", "z")])
    # An anchored node starts at its anchor.
    assert [(s.line, s.column) if s else None for s in spans] == [(1, 14), (2, 16), (1, 7), None, None]
