"""Stage 2, AST -> plan: golden files in tests/data/compile, plus the built-in Cloud CRM plan.

Each tests/data/compile/NAME.comp is compiled on top of the built-in library (so it may name
the built-in catalog). It has either NAME.plan.txt (the routes, pools and slots of the
competencies it defines) or NAME.err (every diagnostic about it, in file order).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import competency
from competency.compiler import plan
from competency.compiler.compile import MAX_TERMS, MAX_UNKNOWN, _Context, _minimal, compile_condition, compile_library
from competency.compiler.library import load_with_diagnostics
from competency.errors import Edit
from competency.language import ast
from competency.language.render import condition_text
from competency.linting.formats import diagnostic_text
from conftest import check_stage_golden, time_bound

COMPILE = Path(__file__).parent / "data" / "compile"


def dnf(condition: plan.Condition) -> str:
    return " | ".join("+".join(sorted(term)) for term in condition.terms) or "(never)"


def dump(version: plan.Competency) -> list[str]:
    lines = [f"competency {version.id} effective {version.effective} levels {' < '.join(version.level_order)}"]
    for option in version.options:
        lines.append(f"  option {option.id}")
        for level in option.levels:
            lines.append(f"    level {level.name} rank {level.rank}")
            for route in level.routes:
                lines.append(f"      route {list(route.branches)}: {len(route.requirements)} requirements")
                for pool in route.pools:
                    lines.append("        pool")
                    for slot in pool.slots:
                        role = f" (also {condition_text(slot.role.condition)})" if slot.role else ""
                        lines.append(f"          slot of requirement {slot.requirement}: {dnf(slot.condition)}{role}")
    return lines


def outcome(path: Path) -> tuple[str, str]:
    library, diagnostics = load_with_diagnostics([path])
    mine = sorted((d for d in diagnostics if d.path == str(path)), key=lambda d: (d.span.line, d.span.column))
    assert len(mine) == len(diagnostics), "the built-in library itself has problems"
    if mine:
        source = path.read_text(encoding="utf-8")
        texts = [diagnostic_text(dataclasses.replace(d, path=path.name), source) for d in mine]
        return ".err", "\n".join(texts) + "\n"
    defined = {
        item.id for item in competency.parse_text(path.read_text(encoding="utf-8")).items if _is_competency(item)
    }
    versions = [v for cid in sorted(defined) for v in library.versions(cid)]
    return ".plan.txt", "\n".join(line for v in versions for line in dump(v)) + "\n"


def _is_competency(item) -> bool:
    return isinstance(item, ast.Competency)


@pytest.mark.parametrize("path", sorted(COMPILE.glob("*.comp")), ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    check_stage_golden(path, outcome(path), ".plan.txt")


def test_error_fixtures_cover_every_name_and_semantic_code() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in COMPILE.glob("*.err"))
    for code in ("R200", "R201", "R202", "R203", "R204", "R205", "R206", "R207", "R208", "R210", "R211", "R212"):
        assert f"[{code}]" in text, code


def test_load_raises_every_error_at_once() -> None:
    with pytest.raises(competency.CompetencyError) as caught:
        competency.load([COMPILE / "err_unknown_names.comp"])
    assert [d.code for d in caught.value.diagnostics] == ["R200", "R201", "R202", "R203", "R204"]


# ---- the built-in Cloud CRM plan -------------------------------------------------------


def test_cloud_crm_has_two_versions_in_date_order(library) -> None:
    versions = library.versions("cloud-crm")
    assert [v.effective for v in versions] == [dt.date(2017, 7, 7), dt.date(2017, 12, 15)]
    assert all(v.level_order == ("silver", "gold") for v in versions)


@pytest.mark.parametrize(("level", "per_requirement"), [("silver", 1), ("gold", 2)])
def test_cloud_crm_people_share_one_pool(library, level: str, per_requirement: int) -> None:
    (option,) = library.versions("cloud-crm")[0].options
    (compiled,) = [lv for lv in option.levels if lv.name == level]
    (route,) = compiled.routes
    (pool,) = route.pools  # "the other individual": both people requirements draw on one pool
    sales = {frozenset({a, b}) for a in ("MB2-714", "MB2-713", "MB2-709") for b in ("MB2-710", "MB2-706")}
    customization = {frozenset({"MB2-712"}), frozenset({"MB2-707"})}
    expected = [(2, sales)] * per_requirement + [(3, customization)] * per_requirement
    assert [(s.requirement, set(s.condition.terms)) for s in pool.slots] == expected


def test_catalog_acceptance_windows(library) -> None:
    marketing = library.catalog.credentials["MB2-709"]
    assert marketing.accepted_on(dt.date(2018, 12, 31)) and not marketing.accepted_on(dt.date(2019, 1, 1))
    field_service = library.catalog.credentials["MB2-877"]
    assert not field_service.accepted_on(dt.date(2017, 12, 31)) and field_service.accepted_on(dt.date(2018, 1, 1))


def test_a_user_layer_replaces_a_builtin_competency_whole(tmp_path: Path) -> None:
    user = tmp_path / "crm.comp"
    user.write_text('competency cloud-crm "Mine" {\n  option o "O" {\n    level silver {\n    }\n  }\n}\n')
    versions = competency.load([tmp_path]).versions("cloud-crm")
    assert [(v.title, v.effective, v.path) for v in versions] == [("Mine", None, str(user))]


# ---- conditions -------------------------------------------------------------------------


def _compile(text: str, library) -> plan.Condition:
    condition = competency.parse_text(f'competency x "X" {{ group g "G" = {text} }}').items[0].groups[0].condition
    diagnostics: list = []
    result = compile_condition(condition, _Context(library.catalog, diagnostics))
    assert diagnostics == []
    return result


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("MB2-714 or MB2-713", "one_of(MB2-713, MB2-714)"),
        ("MB2-714 and (MB2-713 or MB2-710)", "(MB2-714 and MB2-710) or (MB2-713 and MB2-714)"),
        ("MB2-714 or (MB2-714 and MB2-713)", "MB2-714"),
        ("all_of(MB2-714, MB2-714)", "MB2-714"),
    ],
)
def test_equivalent_conditions_compile_equal(library, left: str, right: str) -> None:
    assert _compile(left, library) == _compile(right, library)


def test_dnf_is_minimal_and_sorted(library) -> None:
    condition = _compile("one_of(MB2-714 and MB2-713, MB2-710, MB2-710 and MB2-706)", library)
    assert condition.terms == (frozenset({"MB2-710"}), frozenset({"MB2-713", "MB2-714"}))
    assert condition.holds({"MB2-710", "X"}) and not condition.holds({"MB2-714"})


def test_dnf_of_a_long_one_of_is_near_linear() -> None:
    # A one_of past MAX_TERMS is refused, but only once its alternatives are known: absorbing them stays fast.
    names = [f"T-{i}" for i in range(20_000)]
    with time_bound(3):  # comparing every term with every kept one took 21 s
        result = _minimal([frozenset({n}) for n in names])
    assert result.terms == tuple(frozenset({n}) for n in sorted(names))


def _absorbed(terms: list[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """Absorption by its definition: the distinct terms with no proper subset among the terms."""
    distinct = set(terms)
    minimal = [t for t in distinct if not any(other < t for other in distinct)]
    return tuple(sorted(minimal, key=lambda t: (len(t), sorted(t))))


@given(st.lists(st.frozensets(st.sampled_from("abcdef"), max_size=4), max_size=30))
def test_minimal_dnf_keeps_exactly_the_terms_no_other_term_is_contained_in(terms) -> None:
    assert _minimal(terms).terms == _absorbed(terms)


def test_unknown_credentials_past_the_first_hundred_of_a_file_are_counted_not_listed() -> None:
    skeleton = 'competency x "X" { option o "O" { level silver { 1 person passes A } } }'
    (syntax,) = competency.parse_text(skeleton, "u.comp").items
    (option,) = syntax.options
    (level,) = option.levels
    (requirement,) = level.requirements
    spans = [ast.Span(1, i + 1, 1, i + 2) for i in range(100_000)]
    unknown = ast.OneOf(tuple(ast.Ref(f"U-{i}", span) for i, span in enumerate(spans)), requirement.span)
    level = dataclasses.replace(level, requirements=(dataclasses.replace(requirement, condition=unknown),))
    syntax = dataclasses.replace(syntax, options=(dataclasses.replace(option, levels=(level,)),))
    with time_bound(3):
        _, diagnostics = compile_library([[ast.Document("u.comp", (syntax,))]])
    assert [d.code for d in diagnostics] == ["R200"] * (MAX_UNKNOWN + 1)
    assert [d.span for d in diagnostics] == spans[: MAX_UNKNOWN + 1]
    assert diagnostics[0].message == "unknown credential 'U-0': it is not in the catalog"
    assert diagnostics[-1].message == "and 99,900 more unknown credentials, the first of them here"


def _unknown(condition: str) -> list:
    text = 'catalog c "C" { exam AB-100 "A" exam AB-200 "B" exam "X 1" "X" }\n'
    text += f'competency x "X" {{ option o "O" {{ level silver {{ 1 person passes {condition} }} }} }}'
    _, diagnostics = compile_library([[competency.parse_text(text, "u.comp")]])
    return [d for d in diagnostics if d.code == "R200"]


def test_an_unknown_credential_with_one_likely_meaning_carries_the_edit_to_it() -> None:
    misspelt, other_case, quoted = _unknown('one_of(AB-1000, ab-200, "x 1")')
    assert misspelt.fix == (Edit(misspelt.span, "AB-100"),)
    assert other_case.fix == (Edit(other_case.span, "AB-200"),)
    assert quoted.fix == (Edit(quoted.span, '"X 1"'),)  # written as the grammar takes it
    assert quoted.span.end_column - quoted.span.column == len('"x 1"')  # the quotes are the id's


def test_an_unknown_credential_as_close_to_two_ids_says_one_but_carries_no_fix() -> None:
    (tie,) = _unknown("AB-300")
    assert "did you mean" in tie.message and tie.fix == ()
    (far,) = _unknown("ZZ-9")
    assert far.message == "unknown credential 'ZZ-9': it is not in the catalog" and far.fix == ()


@pytest.mark.parametrize(("width", "codes"), [(MAX_TERMS, []), (MAX_TERMS + 1, ["R212"])])
def test_a_one_of_wider_than_the_term_limit_is_too_complex(width: int, codes: list[str]) -> None:
    # Each alternative becomes a mask the size of the catalog: 100,000 of them ran plan out of memory.
    exams = [f"E-{i}" for i in range(width)]
    catalog = 'catalog c "C" {\n' + "".join(f'  exam {e} "{e}"\n' for e in exams) + "}\n"
    text = (
        catalog
        + f'competency x "X" {{ option o "O" {{ level silver {{ 1 person passes one_of({", ".join(exams)}) }} }} }}'
    )
    _, diagnostics = compile_library([[competency.parse_text(text, "w.comp")]])
    assert [d.code for d in diagnostics] == codes
    if codes:
        assert (
            diagnostics[0].message == f"condition is too complex: it expands to {width:,} alternatives (at most 4,096)"
        )
        assert (diagnostics[0].span.line, diagnostics[0].span.column) == (width + 3, 66)
