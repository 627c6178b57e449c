"""`fmt`: golden layouts, the CLI's --check/--diff, and properties on generated programs.

Each tests/data/fmt/NAME.comp has NAME.expected, its formatted text. The properties: the
formatter is idempotent, and formatted text parses to the same syntax tree (spans are not
part of node equality) with the same comments, whatever the layout and comments of the input.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from competency.cli import app
from competency.compiler.library import builtin_dir
from competency.errors import CompetencyError
from competency.language.fmt import format_text
from competency.language.parse import parse_text, parse_with_comments

FMT = Path(__file__).parent / "data" / "fmt"
runner = CliRunner()


@pytest.mark.parametrize("path", sorted(FMT.glob("*.comp")), ids=lambda p: p.stem)
def test_golden(path: Path, golden) -> None:
    text = path.read_text(encoding="utf-8")
    formatted = format_text(text, path.name)
    golden(formatted, path.with_suffix(".expected"))
    assert format_text(formatted) == formatted
    assert parse_text(formatted).items == parse_text(text).items


@pytest.mark.parametrize("path", sorted(builtin_dir().glob("*.comp")), ids=lambda p: p.stem)
def test_builtin_files_are_in_the_canonical_layout(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    formatted = format_text(text)
    assert formatted == text, f"run: competency fmt {path}"
    (before, comments), (after, kept) = parse_with_comments(text), parse_with_comments(formatted)
    assert after.items == before.items
    assert [c.text for c in kept] == [c.text for c in comments]


def test_long_lines_break_between_segments_and_blank_lines_between_items_stay() -> None:
    text = (
        'competency c "C" {\n'
        '  group g "G" = one_of(' + ", ".join(f"EXAM-{i:03}" for i in range(12)) + ")\n"
        '  option o "O" {\n    level silver {\n'
        "      metric revenue >= 100_000 USD in developed, 50_000 USD in developing\n\n\n"
        "      2 persons each pass one_of(AAAAAAAAAA-1, AAAAAAAAAA-2, AAAAAAAAAA-3)"
        " and one_of(BBBBBBBBBB-1, BBBBBBBBBB-2) and CCCCCCCCCC, 1 of them also passes D\n"
        "    }\n  }\n}\n"
    )
    lines = format_text(text).splitlines()
    assert max(map(len, lines)) <= 100
    assert lines[1:3] == [
        '  group g "G" = one_of(' + ", ".join(f"EXAM-{i:03}" for i in range(7)) + ",",
        "    " + ", ".join(f"EXAM-{i:03}" for i in range(7, 12)) + ")",
    ]
    assert lines[6:10] == [
        "      metric revenue >= 100_000 USD in developed, 50_000 USD in developing",
        "",  # three blank lines become one
        "      2 persons each pass one_of(AAAAAAAAAA-1, AAAAAAAAAA-2, AAAAAAAAAA-3)",
        "        and one_of(BBBBBBBBBB-1, BBBBBBBBBB-2) and CCCCCCCCCC, 1 of them also passes D",
    ]
    assert parse_text(format_text(text)).items == parse_text(text).items


def _group_formatted(condition: str) -> str:
    text = f'competency c "C" {{\n  group g "G" = {condition}\n}}\n'
    return format_text(text).splitlines()[1].removeprefix('  group g "G" = ')


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("(A and B) or C", "one_of(A and B, C)"),
        ("one_of(all_of(A, B), C,)", "one_of(A and B, C)"),
        ("A and B or C", "one_of(A and B, C)"),
        ("A or B", "one_of(A, B)"),
        ("all_of(A, B)", "A and B"),
        ("(A or B) and C", "one_of(A, B) and C"),
        ("all_of(one_of(A, B), C)", "one_of(A, B) and C"),
        ("one_of(one_of(A, B), C)", "one_of(one_of(A, B), C)"),  # a list inside a list stays one
        ("all_of(all_of(A, B), C)", "all_of(A and B, C)"),  # `A and B and C` would read back as one
        ("one_of(A)", "one_of(A)"),
    ],
)
def test_a_condition_has_one_canonical_form(written: str, canonical: str) -> None:
    assert _group_formatted(written) == canonical
    assert _group_formatted(canonical) == canonical


def test_a_file_with_syntax_errors_is_not_formatted() -> None:
    with pytest.raises(CompetencyError) as caught:
        format_text('competency x "X" {', "x.comp")
    assert caught.value.diagnostic.code == "S102"


# ---- the command ------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    messy = tmp_path / "messy.comp"
    messy.write_text((FMT / "layout.comp").read_text(encoding="utf-8"), encoding="utf-8")
    tidy = tmp_path / "tidy.comp"
    tidy.write_text((FMT / "layout.expected").read_text(encoding="utf-8"), encoding="utf-8")
    return messy, tidy


def test_check_lists_the_files_that_would_change_and_writes_nothing(files) -> None:
    messy, tidy = files
    before = messy.read_text(encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--check", str(messy.parent)])
    assert result.exit_code == 1
    assert result.stdout == f"would reformat {messy}\n"
    assert messy.read_text(encoding="utf-8") == before
    assert runner.invoke(app, ["fmt", "--check", str(tidy)]).exit_code == 0


def test_diff_prints_a_unified_diff(files) -> None:
    messy, _ = files
    result = runner.invoke(app, ["fmt", "--diff", str(messy)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {messy} (original)\n+++ {messy} (formatted)\n@@ ")
    assert "+  levels silver < gold < platinum\n" in result.stdout


def test_fmt_rewrites_files_in_place(files) -> None:
    messy, tidy = files
    result = runner.invoke(app, ["fmt", str(messy), str(tidy)])
    assert result.exit_code == 0
    assert messy.read_text(encoding="utf-8") == tidy.read_text(encoding="utf-8")
    assert "1 of 2 files reformatted" in result.stderr


def test_fmt_keeps_the_mode_and_follows_a_link(files) -> None:
    messy, tidy = files
    messy.chmod(0o640)
    link = messy.with_name("link.comp")
    link.symlink_to(messy.name)
    assert runner.invoke(app, ["fmt", str(link)]).exit_code == 0
    assert link.is_symlink() and messy.read_text(encoding="utf-8") == tidy.read_text(encoding="utf-8")
    assert messy.stat().st_mode & 0o777 == 0o640


class _FullDisk:
    """A file on a disk that fills up after 4,096 characters."""

    def __init__(self, f) -> None:
        self.f, self.room = f, 4096

    def write(self, text: str) -> int:
        self.f.write(text[: self.room])
        self.f.flush()
        if len(text) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(text)
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.f.close()


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_fmt_on_a_full_disk_leaves_the_file_whole(files, monkeypatch, failing: str) -> None:
    """The new text goes to a temporary file renamed over the old one: a failed write leaves the old file."""
    messy, _ = files
    messy.write_text(messy.read_text(encoding="utf-8") * 20, encoding="utf-8")  # well past 4,096 characters
    before = messy.read_bytes()
    if failing == "write":
        fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: _FullDisk(fdopen(*args, **kwargs)))
    else:
        monkeypatch.setattr(
            os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device"))
        )
    result = runner.invoke(app, ["fmt", str(messy)])
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert f"{messy}: error: cannot write file: No space left on device; it is left as it was [I300]\n" in result.stderr
    assert messy.read_bytes() == before
    assert sorted(p.name for p in messy.parent.iterdir()) == ["messy.comp", "tidy.comp"]  # no temporary file left


def test_fmt_reports_syntax_errors_and_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.comp"
    broken.write_text('competency x "X" {\n  option\n', encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--check", str(broken)])
    assert result.exit_code == 2
    assert "[S100]" in result.stderr or "[S102]" in result.stderr


# ---- generated programs -----------------------------------------------------------------------

IDS = st.sampled_from(["T-A", "T-B", "70-532", "MB2-714", "x.y", "g1", "c_d"])
QUOTED = st.sampled_from(['"T A"', '"one, two"', '"q\\"uote"', '"back\\\\slash"'])
TITLES = st.sampled_from(['"A title"', '"Ünïcode — title"', '""', '"with # hash"', '"q\\"uote"'])
SPACE = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " # a comment\n", "\n  # own line\n  "])


@st.composite
def condition(draw, depth: int = 0) -> str:
    if depth >= 3 or draw(st.booleans()):
        return draw(st.one_of(IDS, QUOTED))
    items = draw(st.lists(condition(depth + 1), min_size=1, max_size=3))
    form = draw(st.sampled_from(["one_of", "all_of", "or", "and", "paren"]))
    if form in ("or", "and") and len(items) > 1:
        return f" {form} ".join(f"({i})" for i in items)
    if form == "paren":
        return f"({items[0]})"
    return f"{'one_of' if form == 'or' else 'all_of' if form == 'and' else form}({', '.join(items)})"


@st.composite
def requirement(draw, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["metric", "association", "attribute", "people", "people", "either"]))
    if kind == "metric":
        values = draw(st.lists(st.sampled_from(["5", "100_000 USD", "2.50 USD", "1_000"]), min_size=1, max_size=2))
        markets = ["in developed", "in developing", ""]
        return "metric m >= " + ", ".join(f"{v} {markets[i]}".strip() for i, v in enumerate(values))
    if kind == "association":
        return "association " + " or ".join(draw(st.lists(st.sampled_from(["a1", "a2"]), min_size=1, max_size=2)))
    if kind == "attribute":
        return "attribute managed"
    if kind == "either" and depth < 2:
        blocks = draw(st.lists(st.lists(requirement(depth + 1), max_size=2), min_size=2, max_size=3))
        return "either " + " or ".join("{ " + draw(SPACE).join(b) + " }" for b in blocks)
    return draw(people())


@st.composite
def people(draw) -> str:
    count = draw(st.integers(1, 4))
    text = draw(st.sampled_from(["same or different ", ""])) + f"{count} persons each pass " + draw(condition())
    for _ in range(draw(st.integers(0, 2))):
        text += f", 1 of them also pass {draw(condition())}"
    return text


@st.composite
def program(draw) -> str:
    s = draw(SPACE)
    catalog = f'catalog c {draw(TITLES)} {{{s}exam T-A {draw(TITLES)} retired 2018-01-01{s}metric m "M" unit USD }}'
    levels = [
        f"level {name} {{{draw(SPACE)}" + draw(SPACE).join(draw(st.lists(requirement(), max_size=3))) + " }"
        for name in draw(st.lists(st.sampled_from(["silver", "gold"]), max_size=2))
    ]
    fields = draw(st.permutations(['source "page"', "effective 2017-07-07", "levels silver < gold"]))
    competency = (
        f"competency k {draw(TITLES)} {{{s}"
        + draw(SPACE).join(fields[: draw(st.integers(0, 3))])
        + f'{draw(SPACE)}group g "G" = {draw(condition())}'
        + f'{draw(SPACE)}option o "O" {{{draw(SPACE)}'
        + draw(SPACE).join(levels)
        + " } }"
    )
    versions = draw(st.lists(st.one_of(st.just(competency), designation()), min_size=1, max_size=2))
    return (
        draw(st.sampled_from(["", "# header\n\n"])) + catalog + draw(SPACE) + draw(SPACE).join(versions) + draw(SPACE)
    )


THRESHOLDS = st.lists(st.sampled_from(["3", "20 percent", "2.50 USD in t1", "1_000 in t2"]), min_size=1, max_size=2)


@st.composite
def points(draw, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["metric", "persons", "best", "sum"] if depth < 2 else ["metric", "persons"]))
    if kind == "best":
        return "best " + " or ".join("{ " + draw(points(depth + 1)) + " }" for _ in range(draw(st.integers(2, 3))))
    if kind == "sum":
        parts = draw(st.lists(points(depth + 1), min_size=1, max_size=2))
        return (
            "sum { "
            + draw(SPACE).join(f"part max {draw(st.sampled_from(['10', '2.5']))} {{ {p} }}" for p in parts)
            + " }"
        )
    source = (
        "metric m"
        if kind == "metric"
        else draw(st.sampled_from(["persons", "individual"])) + " passing " + draw(condition())
    )
    return f"{source} reaching " + ", ".join(draw(THRESHOLDS))


@st.composite
def designation(draw) -> str:
    """A designation that parses (names and labels need not resolve: `fmt` does not compile)."""
    s = draw(SPACE)
    fields = draw(
        st.permutations(['source "page"', "effective 2023-06-13", draw(st.sampled_from(["pass 70", "passes 62.5"]))])
    )
    tracks = draw(st.sampled_from(["", 'track t1 "T1" when metric m >= 5 in t2 track t2 "T2"', 'track t1 "T1"']))
    checks = draw(
        st.lists(st.one_of(people().map("step ".__add__), st.just("gate metric m >= 5, 10 in t1")), max_size=2)
    )
    metrics = [
        f"metric s{i} {draw(TITLES)} max 30 {{{s}" + draw(SPACE).join([*checks, draw(points())]) + " }"
        for i in range(draw(st.integers(0, 2)))
    ]
    categories = [
        f"category c{i} {draw(TITLES)} {{{draw(SPACE)}" + s.join(metrics) + " }" for i in range(draw(st.integers(0, 2)))
    ]
    return (
        f"designation d {draw(TITLES)} {{{s}"
        + draw(SPACE).join([*fields[: draw(st.integers(0, 3))], tracks, *categories])
        + " }"
    )


@given(program())
def test_format_is_idempotent_and_keeps_meaning_and_comments(text: str) -> None:
    before, comments = parse_with_comments(text)
    formatted = format_text(text)
    after, kept = parse_with_comments(formatted)
    assert after.items == before.items
    assert [c.text for c in kept] == [c.text for c in comments]
    assert format_text(formatted) == formatted
