"""The `competency` command: a thin shell over the public API.

Exit codes: 0 success, also when the output's reader leaves (`| head -1`); 1 lint findings,
or `--require` not attained; 2 usage or input errors (unreadable file, unwritable output, bad YAML/JSON, schema
violation, error in a competency file); 3 an internal error (a bug: please report it); 130 and
143 a batch stopped by SIGINT or SIGTERM.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import gc
import json
import os
import signal
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
MAX_WORKERS = 64  # more processes than this only cost memory and start-up time


class _Commands(TyperGroup):
    """The commands, each ending quietly with exit 0 when its reader stops reading, help included."""

    def parse_args(self, ctx, args):
        with _standard_output_guarded():  # `competency --help | head -1`
            return super().parse_args(ctx, args)

    def invoke(self, ctx):
        with _standard_output_guarded():  # `competency eval ... | head -1`: the reader has what it wanted
            return super().invoke(ctx)


@contextlib.contextmanager
def _standard_output_guarded():
    """A reader that leaves ends the command quietly; standard output that cannot be written
    (a full disk, `/dev/full`) is one line and exit 2."""
    try:
        yield
    except BrokenPipeError:
        raise _reader_left(EXIT_OK) from None
    except SystemExit as exc:
        if not isinstance(exc.__context__, BrokenPipeError):
            raise
        # rich, which prints the help, exits 1 when its reader has gone
        raise _reader_left(EXIT_OK) from None
    except OSError as exc:
        # Files are read and written through `files`, which names them; a write error with no file is standard output's.
        if exc.filename is not None or exc.errno not in _WRITE_ERRORS:
            raise
        from competency.errors import Diagnostic

        _print_diagnostics([Diagnostic("I300", f"cannot write standard output: {exc.strerror}", "<stdout>")])
        raise _reader_left(EXIT_INPUT) from None


_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}  # a full disk or quota, a file too large, a device


def _reader_left(code: int) -> typer.Exit:
    """Stop quietly when standard output's reader has gone: what is left to print goes nowhere."""
    # Python flushes stdout once more at exit; on /dev/null that cannot fail ("Exception ignored").
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return typer.Exit(code)


app = typer.Typer(
    cls=_Commands,
    name="competency",
    help="State partner-program competency rules as data and check partners against them exactly.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and errors: importing rich to draw them took longer than the rest of `--help`
)


class Format(StrEnum):
    text = "text"
    json = "json"


PartnerFileArg = Annotated[
    Path,
    typer.Argument(
        metavar="PARTNER_FILE", help="Partner data, YAML or JSON; - reads standard input.", show_default=False
    ),
]
PathsArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH...", help="Competency files or directories; - reads standard input.", show_default=False
    ),
]
StdinFilenameOpt = Annotated[
    Optional[str],
    typer.Option(help="The file that standard input (-) stands for: its name in messages, its project's settings."),
]


def _distinct(values: list[str] | None) -> list[str] | None:
    """`-c a -c a` asks for `a` once: each competency is reported once."""
    return list(dict.fromkeys(values)) if values else values


CompetenciesOpt = Annotated[
    Optional[list[str]],
    typer.Option("--competency", "-c", callback=_distinct, help="Evaluate only this competency (repeatable)."),
]
AsOfOpt = Annotated[
    Optional[str], typer.Option(help="Evaluation date YYYY-MM-DD (default: the file's as_of, else today).")
]
LibraryOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--library", "-L", help="A directory or file of competency files; its ids replace built-in ones."),
]


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        typer.echo(f"competency {version('competency')}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Options before any command."""


def _date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint=option) from None


def _fail(exc) -> typer.Exit:
    _print_diagnostics(exc.diagnostics)
    return typer.Exit(EXIT_INPUT)


def _print_diagnostics(diagnostics) -> None:
    from competency.linting.formats import diagnostics_text

    source = functools.cache(_source)  # one read per file, however many findings it has
    typer.echo(diagnostics_text(diagnostics, source), err=True, nl=False)


def _standard_input(paths: list[Path], name: str | None) -> tuple[list[Path], dict[str, str]]:
    """The paths other than `-`, and standard input's text by the name it goes under, if `-` is one."""
    from competency.files import STDIN, STDIN_NAME, read_at_most

    others = [p for p in paths if str(p) != STDIN]
    if len(others) == len(paths):
        return paths, {}
    from competency.language.parse import MAX_SOURCE_BYTES, decode_source  # the parser: lark, for `-` only

    name = name or STDIN_NAME
    return others, {name: decode_source(read_at_most(STDIN, MAX_SOURCE_BYTES + 1), name)}


def _source(path: str | None) -> str | None:
    """A competency or test file's text for the carets under its findings; None if it cannot be read within bounds."""
    if not path or not path.endswith((".comp", ".test.yaml")):
        return None
    from competency.errors import CompetencyError
    from competency.language.parse import read_source

    try:
        return read_source(path)
    except CompetencyError:  # unreadable, too large, not text: the diagnostic goes without its line
        return None


@app.command("eval")
def eval_command(
    partner_file: PartnerFileArg,
    competency: CompetenciesOpt = None,
    as_of: AsOfOpt = None,
    library: LibraryOpt = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    require: Annotated[
        Optional[str], typer.Option(help="Exit 1 unless every evaluated competency attains at least this level.")
    ] = None,
    key_people: Annotated[
        bool,
        typer.Option("--key-people", help="Per attained level: who alone would lose it, and the fewest departures."),
    ] = False,
) -> None:
    """Evaluate a partner: the level attained per competency, who fills which slot, what is missing and why."""
    from competency.analysis.explain import explain_evaluation
    from competency.compiler.library import load
    from competency.engine.engine import evaluate, evaluation_day
    from competency.errors import CompetencyError
    from competency.partners.partner import load_partner
    from competency.reports.report import evaluation_to_json, key_people_json, key_people_text, to_text

    day = _date(as_of)
    # Loading builds many objects and no reference cycles: the cyclic collector would only rescan
    # them (a third of the time spent loading a 100,000-person partner).
    collecting = gc.isenabled()
    gc.disable()
    try:
        lib = load(library or ())
        partner = load_partner(partner_file)
        day = evaluation_day(partner, day)
        orders = _level_orders(lib, competency or lib.ids(), day, require) if require is not None else {}
        evaluation = explain_evaluation(lib, partner, evaluate(lib, partner, competency or None, day))
        key = None
        if key_people:
            from competency.analysis.risk import key_people as find_key_people

            key = find_key_people(lib, partner, competency or None, evaluation.as_of)
    except CompetencyError as exc:
        raise _fail(exc) from None
    finally:
        if collecting:
            gc.enable()
    if format is Format.json:
        extra = {"key_people": key_people_json(key)} if key is not None else {}
        typer.echo(json.dumps({**evaluation_to_json(evaluation), **extra}, indent=2))
    else:
        typer.echo(to_text(evaluation, partner.market), nl=False)
        if key is not None:
            typer.echo("\n" + "\n".join(key_people_text(key)))
    short = _short_of(evaluation, orders, require) if require is not None else []
    if short:
        typer.echo(f"error: --require {require}: not attained by {', '.join(short)}", err=True)
        raise typer.Exit(EXIT_FINDINGS)


def _level_orders(lib, competency_ids, day: dt.date, level: str) -> dict[str, tuple[str, ...]]:
    """Each competency's level order in the version evaluated on `day` (none in force: its latest);
    a usage error, before anything is evaluated, if one has no level `level`."""
    orders = {}
    for competency_id in competency_ids:
        if competency_id not in lib.competencies:
            continue  # evaluate reports the unknown id
        version = lib.in_force(competency_id, day) or lib.versions(competency_id)[-1]
        order = version.level_order
        if level not in order:
            from competency.suggest import did_you_mean

            known = ", ".join(order)
            hint = did_you_mean(level, order)
            typer.echo(f"error: --require {level}: competency '{competency_id}' has levels {known}{hint}", err=True)
            raise typer.Exit(EXIT_INPUT)
        orders[competency_id] = order
    return orders


def _short_of(evaluation, orders: dict[str, tuple[str, ...]], level: str) -> list[str]:
    """`id (level attained)` of each result below `level` (none attained, or none in force: short)."""
    return [
        f"{r.competency} ({r.level or 'none'})"
        for r in evaluation.results
        if r.level is None or orders[r.competency].index(r.level) < orders[r.competency].index(level)
    ]


class PlanFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command("plan")
def plan_command(
    partner_file: PartnerFileArg,
    competency: Annotated[str, typer.Option("--competency", "-c", help="The competency to plan for.")],
    level: Annotated[
        Optional[str], typer.Option(help="The level to attain (default: the one above the level attained).")
    ] = None,
    option: Annotated[Optional[str], typer.Option(help="Plan for this option only (default: the cheapest).")] = None,
    cost_file: Annotated[
        Optional[Path],
        typer.Option(help="YAML costs: credential, person, metric, association, attribute, and per-id tables."),
    ] = None,
    as_of: AsOfOpt = None,
    library: LibraryOpt = None,
    format: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.text,
) -> None:
    """The least a partner must do to attain a level or qualify for a designation: who passes what,
    new persons, metric shortfalls.

    Exit 1 when no set of actions attains the level on that date (the report says why).
    """
    from competency.analysis.gaps import Status, load_costs, plan_gaps
    from competency.compiler.library import load
    from competency.errors import CompetencyError
    from competency.partners.partner import load_partner
    from competency.reports.report import plan_json, plan_markdown, plan_text

    day = _date(as_of)
    try:
        lib = load(library or ())
        partner = load_partner(partner_file)
        costs = load_costs(cost_file, lib.catalog) if cost_file else None
        found = plan_gaps(lib, partner, competency, level, option, costs, day)
    except CompetencyError as exc:
        raise _fail(exc) from None
    if format is PlanFormat.json:
        typer.echo(json.dumps(plan_json(found), indent=2))
    else:
        typer.echo((plan_markdown if format is PlanFormat.markdown else plan_text)(found), nl=False)
    if found.status is Status.IMPOSSIBLE:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("report")
def report_command(
    partner_file: PartnerFileArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The HTML file to write (replaced whole, or not at all).")
    ],
    competency: CompetenciesOpt = None,
    as_of: AsOfOpt = None,
    library: LibraryOpt = None,
    with_plans: Annotated[
        bool, typer.Option("--plan", help="Add the cheapest plan for the next level of each competency.")
    ] = False,
) -> None:
    """A self-contained HTML page for people: the summary, who fills which slot, what is missing and why."""
    from competency.compiler.library import load
    from competency.engine.engine import evaluation_day
    from competency.errors import CompetencyError
    from competency.files import refuse_input, replaced
    from competency.partners.partner import load_partner
    from competency.reports.html import html_report

    day = _date(as_of)
    try:
        refuse_input(output, [partner_file], "--output")
        lib = load(library or ())
        partner = load_partner(partner_file)
        text = html_report(lib, partner, competency or None, evaluation_day(partner, day), with_plans=with_plans)
        with replaced(output) as f:
            f.write(text)
    except CompetencyError as exc:
        raise _fail(exc) from None


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class FailLevel(StrEnum):
    error = "error"
    warning = "warning"


CodesOpt = Optional[list[str]]


@app.command("lint")
def lint_command(
    paths: PathsArg,
    format: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.text,
    select: Annotated[
        CodesOpt, typer.Option(help="Report only these codes or prefixes (comma-separated or repeated; ALL).")
    ] = None,
    ignore: Annotated[CodesOpt, typer.Option(help="Do not report these codes or prefixes.")] = None,
    fail_level: Annotated[
        Optional[FailLevel], typer.Option(help="Exit 1 on findings of this severity or worse (default: warning).")
    ] = None,
    stdin_filename: StdinFilenameOpt = None,
    library: Annotated[
        Optional[list[Path]],
        typer.Option(
            "--library",
            "-L",
            help="Files or directories read with PATH (catalogs, groups); their findings are not shown.",
        ),
    ] = None,
    apply_fixes: Annotated[
        bool, typer.Option("--fix", help="Apply the fixes lint is certain of to the files, then report the rest.")
    ] = False,
) -> None:
    """Parse and check competency files; exit 1 on findings at --fail-level or worse, 2 if a file cannot be read.

    Settings come from the tool.competency table of the nearest pyproject.toml (select,
    ignore, fail-level, library); options given here override them. `competency rule CODE` explains a code.
    """
    from dataclasses import replace

    from competency.errors import CompetencyError
    from competency.files import STDIN
    from competency.linting.formats import is_input_error, render, sarif_failure
    from competency.linting.linter import codes, find_settings, fix, lint

    if apply_fixes and any(str(p) == STDIN for p in paths):
        raise typer.BadParameter("standard input cannot be fixed in place; name the files", param_hint="--fix")
    given: dict[str, str] = {}
    try:
        paths, given = _standard_input(paths, stdin_filename)
        settings = find_settings([Path(stdin_filename)] if given and stdin_filename else paths)
        if select:
            settings = replace(settings, select=codes(select, "--select"))
        if ignore:
            settings = replace(settings, ignore=codes(ignore, "--ignore"))
        if fail_level is not None:
            settings = replace(settings, fail_level=fail_level.value)
        if library:
            settings = replace(settings, library=tuple(map(str, library)))
        diagnostics, fixed = fix(paths, settings) if apply_fixes else (lint(paths, settings, given), 0)
    except CompetencyError as exc:
        if format is LintFormat.sarif:
            typer.echo(sarif_failure(exc.diagnostics), nl=False)
        raise _fail(exc) from None
    source = functools.cache(lambda path: given[path] if path in given else _source(path))
    typer.echo(render(diagnostics, format.value, source), nl=False)
    if apply_fixes:
        typer.echo(f"{fixed} fix{'es' if fixed != 1 else ''} applied", err=True)
    if diagnostics and format is LintFormat.text:
        typer.echo(f"{len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''} found", err=True)
    if any(map(is_input_error, diagnostics)):
        raise typer.Exit(EXIT_INPUT)
    if settings.fails(diagnostics):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("fmt")
def fmt_command(
    paths: PathsArg,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; list the files that would change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a unified diff; exit 1.")] = False,
    stdin_filename: StdinFilenameOpt = None,
) -> None:
    """Rewrite competency files in the canonical layout (comments kept); standard input (-) is
    written to standard output, formatted."""
    from competency.compiler.library import find_files
    from competency.errors import CompetencyError
    from competency.files import replaced
    from competency.language.fmt import format_file, format_text, unified_diff

    try:
        paths, given = _standard_input(paths, stdin_filename)
        files = [*given, *find_files(paths)]
    except CompetencyError as exc:
        raise _fail(exc) from None
    changed, broken = [], False
    for file in files:
        try:
            if file in given:
                before, after = given[file], format_text(given[file], file)
                if not (check or diff):
                    typer.echo(after, nl=False)
            else:
                before, after = format_file(str(file))
                if before != after and not (check or diff):
                    with replaced(file) as f:
                        f.write(after)
        except CompetencyError as exc:
            _print_diagnostics(exc.diagnostics)
            broken = True
            continue
        if before == after:
            continue
        changed.append(file)
        if diff:
            typer.echo(unified_diff(before, after, str(file)), nl=False)
        elif check:
            typer.echo(f"would reformat {file}")
        elif file not in given:
            typer.echo(f"reformatted {file}", err=True)
    verb = "would be reformatted" if check or diff else "reformatted"
    typer.echo(f"{len(changed)} of {len(files)} file{'s' if len(files) != 1 else ''} {verb}", err=True)
    if broken:
        raise typer.Exit(EXIT_INPUT)
    if changed and (check or diff):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("rule")
def rule_command(
    code: Annotated[Optional[str], typer.Argument(metavar="CODE", help="A diagnostic code (none: list all).")] = None,
) -> None:
    """Explain a diagnostic code (S1xx syntax, R2xx names, I3xx input, L4xx lint rules)."""
    from competency.linting.rules import RULES

    if code is None:
        for rule in RULES.values():
            typer.echo(f"{rule.code}  {rule.severity:7}  {rule.summary}")
        return
    rule = RULES.get(code.strip().upper())
    if rule is None:
        typer.echo(f"error: unknown code '{code}'; `competency rule` lists them", err=True)
        raise typer.Exit(EXIT_INPUT)
    typer.echo(f"{rule.code} ({rule.severity}): {rule.summary}\n\n{rule.explanation()}")


@app.command("list")
def list_command(library: LibraryOpt = None) -> None:
    """List the competencies in the library, with their versions and options."""
    from competency.compiler.library import load
    from competency.errors import CompetencyError
    from competency.terminal import escape

    try:
        lib = load(library or ())
    except CompetencyError as exc:
        raise _fail(exc) from None
    for competency_id in lib.ids():
        versions = lib.versions(competency_id)
        latest = versions[-1]
        dates = ", ".join(v.effective.isoformat() if v.effective else "undated" for v in versions)
        options = ", ".join(o.id for o in latest.options)
        typer.echo(f"{competency_id:32} {escape(latest.title)}\n{'':32} versions: {dates}; options: {options}")


@app.command("schema")
def schema_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="CMD",
            help="A command with JSON output (eval, plan, batch, show, lint, test, diff), coverage for test's "
            "coverage, or partner for the partner data.",
            show_default=False,
        ),
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's JSON output, or of partner data."""
    from competency.errors import CompetencyError
    from competency.schemas import schema

    try:
        document = schema(name)
    except CompetencyError as exc:
        raise _fail(exc) from None
    typer.echo(json.dumps(document, indent=2))


class ShowFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    source = "source"


@app.command("show")
def show_command(
    competency_id: Annotated[str, typer.Argument(metavar="ID", help="A competency id.", show_default=False)],
    as_of: Annotated[Optional[str], typer.Option(help="Show only the version in force on this date.")] = None,
    format: Annotated[
        ShowFormat,
        typer.Option(
            "--format",
            "-f",
            help="text or markdown: the requirements in words; json: for programs; source: the competency language.",
        ),
    ] = ShowFormat.text,
    library: LibraryOpt = None,
) -> None:
    """Show a competency's requirements (all versions, or the one in force on --as-of)."""
    from competency.compiler.library import load
    from competency.errors import CompetencyError
    from competency.language.render import version_text
    from competency.reports.show import select_versions, to_json, to_prose
    from competency.terminal import escape

    day = _date(as_of)
    try:
        lib = load(library or ())
        if format is ShowFormat.json:
            out = json.dumps(to_json(lib, competency_id, day), indent=2) + "\n"
        elif format is ShowFormat.source:
            source = "\n".join(version_text(v.syntax) for v in select_versions(lib, competency_id, day))
            out = "\n".join(map(escape, source.split("\n")))  # a string may hold raw controls
        else:
            out = to_prose(lib, competency_id, day, markdown=format is ShowFormat.markdown)
    except CompetencyError as exc:
        raise _fail(exc) from None
    typer.echo(out, nl=False)


class TestFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"


class CoverageFormat(StrEnum):
    text = "text"
    json = "json"
    lcov = "lcov"


@app.command("test")
def test_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Test files (*.test.yaml), competency files, or directories of both (searched recursively).",
            show_default=False,
        ),
    ],
    library: LibraryOpt = None,
    format: Annotated[TestFormat, typer.Option("--format", "-f", help="Output format.")] = TestFormat.text,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="Report what the cases exercised in the competency files of PATH (if none: in those they evaluated).",
        ),
    ] = False,
    coverage_format: Annotated[
        CoverageFormat, typer.Option(help="Coverage output format (json and lcov: with --coverage-output).")
    ] = CoverageFormat.text,
    coverage_output: Annotated[
        Optional[Path],
        typer.Option(help="Write the coverage here (default, text only: after the results, on their stream)."),
    ] = None,
    fail_under: Annotated[
        Optional[float],
        typer.Option(min=0, max=100, metavar="PCT", help="Exit 1 if coverage is below PCT% (implies --coverage)."),
    ] = None,
) -> None:
    """Run the test cases of competency files: exit 1 if a case fails, 2 if a test file is bad.

    Prints one line per failing case, then `N passed, N failed` (on stderr with json and junit).
    """
    if coverage_format is not CoverageFormat.text and coverage_output is None:
        # Standard output holds the results: a second document after them would be read as neither.
        raise typer.BadParameter(f"{coverage_format} coverage needs --coverage-output", param_hint="--coverage-format")
    from competency.errors import CompetencyError
    from competency.files import refuse_input, replaced
    from competency.testing.coverage import coverage_json, coverage_lcov, coverage_text
    from competency.testing.report import run_json, run_junit, run_text, summary
    from competency.testing.run import files_read, run_tests

    try:
        if coverage_output is not None:
            refuse_input(coverage_output, files_read(paths), "--coverage-output")
        run = run_tests(paths, library or (), coverage=coverage or fail_under is not None or bool(coverage_output))
    except CompetencyError as exc:
        raise _fail(exc) from None
    reports = {
        TestFormat.text: lambda: run_text(run),
        TestFormat.json: lambda: json.dumps(run_json(run), indent=2) + "\n",
        TestFormat.junit: lambda: run_junit(run),
    }
    typer.echo(reports[format](), nl=False)
    if run.coverage is not None:
        coverages = {
            CoverageFormat.text: lambda found: coverage_text(found, functools.cache(_source)),
            CoverageFormat.json: lambda found: json.dumps(coverage_json(found), indent=2) + "\n",
            CoverageFormat.lcov: coverage_lcov,
        }
        out = coverages[coverage_format](run.coverage)
        if coverage_output is None:  # text, read with the summary: on stderr when stdout holds a document
            typer.echo(out, nl=False, err=format is not TestFormat.text)
        else:
            try:
                with replaced(coverage_output) as f:
                    f.write(out)
            except CompetencyError as exc:  # a missing folder, a full disk: the results are printed already
                raise _fail(exc) from None
    typer.echo(summary(run), err=format is not TestFormat.text)
    below = fail_under is not None and run.coverage is not None and run.coverage.percent < fail_under
    if below:
        typer.echo(f"error: coverage {run.coverage.percent:.1f}% is below --fail-under {fail_under:g}", err=True)
    if run.failed or below:
        raise typer.Exit(EXIT_FINDINGS)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command("diff")
def diff_command(
    old: Annotated[
        Path,
        typer.Argument(metavar="OLD", help="A competency file or a directory: the rules before.", show_default=False),
    ],
    new: Annotated[
        Optional[Path],
        typer.Argument(metavar="[NEW]", help="The rules after (default: OLD, with --old-date and --new-date)."),
    ] = None,
    old_date: Annotated[Optional[str], typer.Option(help="Compare OLD's versions in force on this date ...")] = None,
    new_date: Annotated[Optional[str], typer.Option(help="... with NEW's (or OLD's) in force on this one.")] = None,
    partners: Annotated[
        Optional[Path],
        typer.Option(help="Partners as batch reads them (JSON Lines, a directory, or a CSV with --transcripts)."),
    ] = None,
    transcripts: Annotated[
        Optional[Path], typer.Option(help="A CSV of partner,person,credential,date rows: the people of --partners.")
    ] = None,
    competency: CompetenciesOpt = None,
    as_of: Annotated[
        Optional[str],
        typer.Option(
            help="Compare the versions in force on this date; evaluate partners on it (default: their as_of)."
        ),
    ] = None,
    workers: Annotated[
        Optional[int],
        typer.Option(min=1, max=MAX_WORKERS, help="Worker processes for --partners (default: 1 per CPU)."),
    ] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
) -> None:
    """What a rule change says (requirements added, removed, changed) and, with --partners, whose verdicts it changes.

    Exit 0 when nothing differs, 1 when the rules or a partner's verdict differ (or a record was rejected).
    """
    from competency.diff.formats import to_json, to_markdown, to_text
    from competency.diff.impact import Settings, Side, partner_impact
    from competency.diff.semantic import diff_libraries
    from competency.errors import CompetencyError

    if new is None and (old_date is None or new_date is None):
        raise typer.BadParameter("give NEW, or --old-date and --new-date for two versions of OLD", param_hint="NEW")
    if (old_date is None) != (new_date is None):
        raise typer.BadParameter("--old-date and --new-date go together", param_hint="--old-date")
    if transcripts is not None and partners is None:
        raise typer.BadParameter("it lists the people of --partners: give --partners too", param_hint="--transcripts")
    sides = (Side((str(old),), _date(old_date, "--old-date")), Side((str(new or old),), _date(new_date, "--new-date")))
    settings = Settings(*sides, tuple(competency) if competency else None, _date(as_of))
    impact = None
    try:
        changes = diff_libraries(sides[0].library(), sides[1].library(), settings.as_of, settings.competencies)
        if partners is not None:
            records = _batch_records(partners, transcripts)
            count = workers or min(os.cpu_count() or 1, MAX_WORKERS)
            with _terminated_as_interrupt():
                impact = partner_impact(records, settings, workers=count)
    except CompetencyError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt as exc:
        typer.echo("competency: interrupted", err=True)
        raise typer.Exit(128 + (signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT)) from None
    if format is DiffFormat.json:
        typer.echo(json.dumps(to_json(changes, impact), indent=2))
    else:
        typer.echo((to_markdown if format is DiffFormat.markdown else to_text)(changes, impact), nl=False)
    if changes or (impact is not None and (impact.changed or impact.rejected)):
        raise typer.Exit(EXIT_FINDINGS)


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command("lsp")
def lsp_command() -> None:
    """Run the language server on stdin and stdout (for editors: diagnostics, hover, completion)."""
    from competency.errors import CompetencyError

    try:
        from competency.lsp.server import serve
    except ImportError as exc:
        typer.echo(f"competency: error: the language server needs {exc.name}: install competency[lsp]", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    try:
        serve()
    except CompetencyError as exc:  # the client sent what no client sends
        raise _fail(exc) from None


@app.command("batch")
def batch_command(
    input: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="Partners: JSON Lines (one per line; - reads standard input), a directory of partner files, "
            "or a CSV with --transcripts.",
            show_default=False,
        ),
    ],
    competency: CompetenciesOpt = None,
    transcripts: Annotated[
        Optional[Path],
        typer.Option(help="A CSV of partner,person,credential,date rows: the people of INPUT's partners."),
    ] = None,
    as_of: Annotated[
        Optional[str], typer.Option(help="Evaluation date YYYY-MM-DD (default: each partner's as_of, else today).")
    ] = None,
    library: LibraryOpt = None,
    workers: Annotated[
        Optional[int],
        typer.Option(
            min=1,
            max=MAX_WORKERS,
            help=f"Worker processes, or Dask workers of a local cluster (default: 1 per CPU; at most {MAX_WORKERS}).",
        ),
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write JSON Lines here (default: stdout).")
    ] = None,
    full: Annotated[
        bool, typer.Option(help="Each result with its levels, as eval --format json (default: the verdicts only).")
    ] = False,
    engine: Annotated[
        Engine, typer.Option(help="Where to run: local processes, or Dask (extra: competency[dask]).")
    ] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (default: a local cluster).")] = None,
) -> None:
    """Evaluate many partners: one JSON line per input record, in input order; exit 1 if any record was rejected."""
    from competency.batch import batch
    from competency.errors import CompetencyError

    settings = batch.Settings(
        tuple(str(p) for p in library or ()), tuple(competency) if competency else None, _date(as_of), full
    )
    summary = batch.Summary()
    started = time.perf_counter()
    try:
        if output is not None:
            batch.check_output(output, [input, *([transcripts] if transcripts else [])])
        records = _batch_records(input, transcripts)
        batch.library_for(settings)  # an error in the library stops the batch here, before any record
        count = workers or min(os.cpu_count() or 1, MAX_WORKERS)
        chunks = batch.run(records, settings, workers=count, engine=engine, scheduler=scheduler)
        # Leaving these (also on an interrupt) terminates the workers and drops a partial output.
        with (
            _terminated_as_interrupt(),
            contextlib.closing(chunks),
            _sink(output) as sink,
            _progress(output) as advance,
        ):
            for outcomes, timings in chunks:
                sink.write("".join(o.line + "\n" for o in outcomes))
                for outcome in outcomes:
                    summary.add(outcome)
                summary.timings.add(timings)
                advance(len(outcomes))
    except CompetencyError as exc:
        raise _fail(exc) from None
    except BrokenPipeError:  # the reader left: the records written are whole lines, and their verdict counts
        raise _reader_left(EXIT_FINDINGS if summary.errors else EXIT_OK) from None
    except KeyboardInterrupt as exc:
        typer.echo("competency: interrupted", err=True)
        raise typer.Exit(128 + (signal.SIGTERM if isinstance(exc, _Terminated) else signal.SIGINT)) from None
    _summarize(summary, time.perf_counter() - started)
    if summary.errors:
        raise typer.Exit(EXIT_FINDINGS)


def _batch_records(source: Path, transcripts: Path | None):
    from competency.batch import batch

    if transcripts is None:
        return batch.read_input(source)
    from competency.batch.transcripts import read_transcripts

    return read_transcripts(transcripts, source)


def _sink(output: Path | None):
    from competency.files import replaced

    return replaced(output) if output else contextlib.nullcontext(sys.stdout)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so that the batch stops the same way."""


@contextlib.contextmanager
def _terminated_as_interrupt():
    def interrupt(signum, frame):
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress(output: Path | None):
    """A progress counter on standard error when it is a terminal and the results go elsewhere
    (a file, a pipe); nothing otherwise: on the terminal they scroll by, and would cut through it."""
    if not sys.stderr.isatty() or (output is None and sys.stdout.isatty()):
        return contextlib.nullcontext(lambda n: None)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    @contextlib.contextmanager
    def bar():
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.completed:,} partners"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,  # the results go to stdout as they are written, never through the display
            redirect_stderr=False,
        ) as progress:
            task = progress.add_task("batch", total=None)
            yield lambda n: progress.advance(task, n)

    return bar()


def _summarize(summary, seconds: float) -> None:
    out = [f"{summary.records:,} partners in {seconds:.1f} s, {summary.errors:,} rejected"]
    for competency_id, counts in sorted(summary.levels.items()):
        out.append(f"  {competency_id}: " + ", ".join(f"{level} {n:,}" for level, n in sorted(counts.items())))
    t = summary.timings
    total = t.parsing + t.validating + t.evaluating
    if total > 0:
        shares = (("decoding JSON", t.parsing), ("validating and building", t.validating), ("evaluating", t.evaluating))
        out.append("  worker time: " + ", ".join(f"{name} {100 * s / total:.0f}%" for name, s in shares))
    typer.echo("\n".join(out), err=True)


def main() -> None:
    """Console entry point: run the app; an unexpected exception becomes one line and exit 3."""
    plain = not sys.stderr.isatty() or bool(os.environ.get("NO_COLOR"))
    try:
        # not standalone: click's errors come here to be worded; the name is the same however started
        sys.exit(app(prog_name="competency", standalone_mode=not plain))
    except SystemExit:
        raise
    except typer.Abort:  # end of input at a prompt
        sys.exit(EXIT_FINDINGS)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last guard against a traceback
        if isinstance(exc, _click_error("ClickException")):
            _usage_error(exc)
        typer.echo(f"competency: internal error (please report it): {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)


def _click_error(name: str) -> type[Exception]:
    """A click exception class, found from typer's public BadParameter: typer 0.26 and later
    carry their own copy of click, whose classes the `click` package does not have."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)


def _usage_error(exc) -> None:
    """Exit with a usage error in one plain line (no boxes: for logs and pipes), saying where to read more."""
    if type(exc).__name__ != "NoArgsIsHelpError":  # that one's message is the help, printed already
        ctx = getattr(exc, "ctx", None)
        more = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
        typer.echo(f"competency: error: {exc.format_message().rstrip('.')}{more}", err=True)
    sys.exit(exc.exit_code)
