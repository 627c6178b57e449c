"""Stage 1, text -> AST: golden files in tests/data/parse, plus spans, synonyms and limits.

Each tests/data/parse/NAME.comp has either NAME.ast.txt (the tree it parses to, spans
included) or NAME.err (the one diagnostic it raises, with the source line and a caret).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from competency.errors import CompetencyError
from competency.language import ast
from competency.language.parse import _BROKEN_RULES, MAX_SOURCE_BYTES, parse_file, parse_text
from competency.linting.formats import diagnostic_text
from conftest import check_stage_golden

PARSE = Path(__file__).parent / "data" / "parse"


def dump(node, indent: str = "") -> list[str]:
    """An AST node as an indented tree: `Type @line:col-end_line:end_col`, then its fields."""
    span = getattr(node, "span", None)
    where = f" @{span.line}:{span.column}-{span.end_line}:{span.end_column}" if span else ""
    lines = [f"{indent}{type(node).__name__}{where}"]
    for f in dataclasses.fields(node):
        if f.name == "span":
            continue
        lines += _field(f.name, getattr(node, f.name), indent + "  ")
    return lines


def _field(name: str, value, indent: str) -> list[str]:
    if dataclasses.is_dataclass(value):
        return [f"{indent}{name}:", *dump(value, indent + "  ")]
    if isinstance(value, tuple) and value and not all(isinstance(v, str) for v in value):
        lines = [f"{indent}{name}:"]
        for i, item in enumerate(value):
            if isinstance(item, tuple):  # an `either` branch
                lines += _field(f"[{i}]", item, indent + "  ") if item else [f"{indent}  [{i}]: ()"]
            else:
                lines += dump(item, indent + "  ")
        return lines
    return [f"{indent}{name}: {value!r}"]


def outcome(path: Path) -> tuple[str, str]:
    """(suffix of the golden file, its text) for one fixture."""
    try:
        document = parse_file(str(path))
    except CompetencyError as exc:
        assert len(exc.diagnostics) == 1
        diagnostic = dataclasses.replace(exc.diagnostic, path=path.name)
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            source = None
        return ".err", diagnostic_text(diagnostic, source) + "\n"
    assert document.path == str(path)
    return ".ast.txt", "\n".join(line for item in document.items for line in dump(item)) + "\n"


@pytest.mark.parametrize("path", sorted(PARSE.glob("*.comp")), ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    check_stage_golden(path, outcome(path), ".ast.txt")


def test_fixtures_cover_every_syntax_error_code() -> None:
    codes = {path.read_text(encoding="utf-8").split("[")[-1].split("]")[0] for path in PARSE.glob("*.err")}
    # S104 (too large) is tested below: a 5 MB fixture does not belong in the repository.
    assert codes >= {"S100", "S101", "S102", "S103", "S105", "S106", "S107"}


@pytest.mark.parametrize(("message", "examples"), _BROKEN_RULES, ids=lambda v: v if isinstance(v, str) else "")
def test_each_broken_rule_is_said_in_words_for_its_examples_and_a_golden_file(message, examples) -> None:
    for example in examples:
        with pytest.raises(CompetencyError) as caught:
            parse_text(example)
        assert caught.value.diagnostics[0].message == message
    goldens = [path.read_text(encoding="utf-8") for path in PARSE.glob("*.err")]
    assert any(f": error: {message} [S100]" in golden for golden in goldens)


# ---- the seed's line, synonyms, quoting -----------------------------------------------

SEED_LINE = "2 persons each pass one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)"


def _level(body: str) -> ast.Level:
    text = f'competency x "X" {{\n  option o "O" {{\n    level silver {{\n      {body}\n    }}\n  }}\n}}\n'
    return parse_text(text).items[0].options[0].levels[0]


def _refs(*names: str) -> tuple[ast.Ref, ...]:
    return tuple(ast.Ref(n) for n in names)


def test_seed_line_parses_to_one_requirement_of_two_persons() -> None:
    (requirement,) = _level(SEED_LINE).requirements
    assert requirement == ast.PeopleRequirement(
        2,
        ast.AllOf((ast.OneOf(_refs("MB2-714", "MB2-713", "MB2-709")), ast.OneOf(_refs("MB2-710", "MB2-706")))),
    )


@pytest.mark.parametrize("persons", ["person", "persons", "individual", "individuals"])
@pytest.mark.parametrize("each", ["", " each"])
@pytest.mark.parametrize("verb", ["pass", "passes"])
def test_people_synonyms_mean_the_same(persons: str, each: str, verb: str) -> None:
    (requirement,) = _level(f"3 {persons}{each} {verb} MB2-714").requirements
    assert requirement == ast.PeopleRequirement(3, ast.Ref("MB2-714"))


def test_quoted_and_bare_ids_are_the_same_reference() -> None:
    quoted = _level('1 person passes one_of("MB2-714", "PMI-ACP")').requirements[0]
    assert quoted.condition == ast.OneOf(_refs("MB2-714", "PMI-ACP"))
    assert quoted == _level('1 person passes one_of(MB2-714, "PMI-ACP")').requirements[0]


def test_escapes_in_strings_are_decoded() -> None:
    (requirement,) = _level(r'1 person passes "a \"b\" \\c"').requirements
    assert requirement.condition == ast.Ref('a "b" \\c')


# ---- spans and equality -----------------------------------------------------------------


def test_spans_are_one_based_and_end_one_past_the_last_character() -> None:
    level = _level(SEED_LINE)
    (requirement,) = level.requirements
    column = 7  # the requirement is indented by six spaces on line 4
    assert requirement.span == ast.Span(4, column, 4, column + len(SEED_LINE))
    first = requirement.condition.items[0].items[0]
    start = column + SEED_LINE.index("MB2-714")
    assert first.span == ast.Span(4, start, 4, start + len("MB2-714"))
    assert str(first.span) == f"4:{start}"
    assert level.span.line == 3 and level.span.column == 5
    assert (level.span.end_line, level.span.end_column) == (5, 6)  # one past its closing brace


def test_equality_ignores_spans_and_layout() -> None:
    compact = parse_text(f'competency x "X" {{ option o "O" {{ level silver {{ {SEED_LINE} }} }} }}')
    spread = parse_text(
        f'\n\n# moved\ncompetency x "X" {{\n option o "O" {{\n  level silver {{\n   {SEED_LINE}\n }}}}}}'
    )
    assert compact.items[0].span != spread.items[0].span
    assert compact.items == spread.items
    assert hash(compact.items[0].options[0].levels[0].requirements[0].condition) == hash(
        spread.items[0].options[0].levels[0].requirements[0].condition
    )


def test_a_different_rule_is_not_equal() -> None:
    assert _level(SEED_LINE) != _level(SEED_LINE.replace("2 persons", "3 persons"))


# ---- constructs beyond the golden files -------------------------------------------------


def test_catalog_dates_and_kinds() -> None:
    (catalog,) = parse_text((PARSE / "catalog.comp").read_text(encoding="utf-8")).items[:1]
    marketing = catalog.entries[0]
    assert marketing == ast.CredentialDecl(
        "exam", "MB2-709", "Dynamics CRM Marketing", retired=dt.date(2017, 12, 31), accepted_until=dt.date(2018, 12, 31)
    )
    assert [e.kind for e in catalog.entries[3:5]] == ["assessment", "certification"]


def test_threshold_numbers_units_and_markets() -> None:
    (metric,) = _level("metric m >= 100_000 USD in developed, 2.5 in developing, 7").requirements
    assert metric.thresholds == (
        ast.Threshold(Decimal(100000), "USD", "developed"),
        ast.Threshold(Decimal("2.5"), None, "developing"),
        ast.Threshold(Decimal(7), None, None),
    )


def test_and_binds_tighter_than_or() -> None:
    (requirement,) = _level("1 person passes A-1 or B-1 and C-1").requirements
    assert requirement.condition == ast.OneOf((ast.Ref("A-1"), ast.AllOf(_refs("B-1", "C-1"))))


def test_subset_clauses_and_independent_pool() -> None:
    (requirement,) = _level("same or different 4 persons pass A-1, 1 of them also passes B-1").requirements
    assert requirement == ast.PeopleRequirement(4, ast.Ref("A-1"), True, (ast.Subset(1, ast.Ref("B-1")),))


# ---- limits -----------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.comp"
    # Multi-byte characters: the limit counts bytes, and the cut must not be read as bad UTF-8.
    big.write_text("# " + "é" * (MAX_SOURCE_BYTES // 2) + "\n", encoding="utf-8")
    with pytest.raises(CompetencyError) as caught:
        parse_file(str(big))
    assert str(caught.value.diagnostic) == f"{big}:1:1: error: file is larger than 5,000,000 bytes; split it up [S104]"


def test_text_over_the_size_limit_is_refused() -> None:
    with pytest.raises(CompetencyError) as caught:
        parse_text(" " * (MAX_SOURCE_BYTES + 1), "big.comp")
    assert caught.value.diagnostic.code == "S104"


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(CompetencyError) as caught:
        parse_file(str(tmp_path / "nope.comp"))
    assert caught.value.diagnostic.code == "I300"
    assert caught.value.diagnostic.message == "cannot read file: No such file or directory"


def test_parser_tables_are_cached_where_only_this_user_can_write(tmp_path, monkeypatch) -> None:
    from competency.language.parse import _cache_file

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = _cache_file("grammar text")
    assert path == str(tmp_path / "competency" / Path(path).name)
    assert (tmp_path / "competency").stat().st_mode & 0o777 == 0o700
    assert _cache_file("another grammar") != path  # tables of another grammar never share a file
    (tmp_path / "competency").chmod(0o777)  # a directory others can write to is not trusted
    assert _cache_file("grammar text") is False
