"""The `competency` command: a thin shell over the public API.

Exit codes: 0 success; 1 lint findings, or `--require` not attained; 2 usage or input
errors (unreadable file, bad YAML/JSON, schema violation, error in a competency file);
3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="competency",
    help="State partner-program competency rules as data and check partners against them exactly.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"


LibraryOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--library", "-L", help="A directory or file of competency files; its ids replace built-in ones."),
]


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)", param_hint="--as-of") from None


def _fail(exc) -> typer.Exit:
    from .report import diagnostic_text

    for diagnostic in exc.diagnostics:
        typer.echo(diagnostic_text(diagnostic, _source(diagnostic.path)), err=True)
    return typer.Exit(EXIT_INPUT)


def _source(path: str | None) -> str | None:
    if not path or not path.endswith(".comp"):
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@app.command("eval")
def eval_command(
    partner_file: Annotated[Path, typer.Argument(help="Partner data, YAML or JSON.", show_default=False)],
    competency: Annotated[
        Optional[list[str]], typer.Option("--competency", "-c", help="Evaluate only this competency (repeatable).")
    ] = None,
    as_of: Annotated[
        Optional[str], typer.Option(help="Evaluation date YYYY-MM-DD (default: the file's as_of, else today).")
    ] = None,
    library: LibraryOpt = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    require: Annotated[
        Optional[str], typer.Option(help="Exit 1 unless every evaluated competency attains at least this level.")
    ] = None,
) -> None:
    """Evaluate a partner: the level attained per competency, who fills which slot, what is missing."""
    from .engine import evaluate
    from .errors import CompetencyError
    from .library import load
    from .partner import load_partner
    from .report import to_json, to_text

    day = _date(as_of)
    try:
        lib = load(library or ())
        partner = load_partner(partner_file)
        evaluation = evaluate(lib, partner, competency or None, day)
    except CompetencyError as exc:
        raise _fail(exc) from None
    if format is Format.json:
        typer.echo(json.dumps(to_json(evaluation), indent=2))
    else:
        typer.echo(to_text(evaluation, partner.market), nl=False)
    if require is not None and not _attains(lib, evaluation, require):
        raise typer.Exit(EXIT_FINDINGS)


def _attains(lib, evaluation, level: str) -> bool:
    ok = True
    for result in evaluation.results:
        order = lib.versions(result.competency)[-1].level_order
        if level not in order:
            typer.echo(
                f"error: --require {level}: competency '{result.competency}' has levels {', '.join(order)}", err=True
            )
            raise typer.Exit(EXIT_INPUT)
        if result.level is None or order.index(result.level) < order.index(level):
            ok = False
    return ok


@app.command("lint")
def lint_command(
    paths: Annotated[list[Path], typer.Argument(help="Competency files or directories.", show_default=False)],
) -> None:
    """Parse and check competency files; exit 1 if anything is found."""
    from .errors import CompetencyError
    from .lint import lint
    from .report import diagnostic_text

    try:
        diagnostics = lint(paths)
    except CompetencyError as exc:
        raise _fail(exc) from None
    for diagnostic in diagnostics:
        typer.echo(diagnostic_text(diagnostic, _source(diagnostic.path)))
    if diagnostics:
        typer.echo(f"{len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''} found", err=True)
        raise typer.Exit(EXIT_FINDINGS)


@app.command("list")
def list_command(library: LibraryOpt = None) -> None:
    """List the competencies in the library, with their versions and options."""
    from .errors import CompetencyError
    from .library import load

    try:
        lib = load(library or ())
    except CompetencyError as exc:
        raise _fail(exc) from None
    for competency_id in lib.ids():
        versions = lib.versions(competency_id)
        latest = versions[-1]
        dates = ", ".join(v.effective.isoformat() if v.effective else "undated" for v in versions)
        options = ", ".join(o.id for o in latest.options)
        typer.echo(f"{competency_id:32} {latest.title}\n{'':32} versions: {dates}; options: {options}")


@app.command("show")
def show_command(
    competency_id: Annotated[str, typer.Argument(metavar="ID", help="A competency id.", show_default=False)],
    as_of: Annotated[Optional[str], typer.Option(help="Show only the version in force on this date.")] = None,
    library: LibraryOpt = None,
) -> None:
    """Show a competency's rules (all versions, or the one in force on --as-of)."""
    from .errors import CompetencyError
    from .library import load
    from .render import competency_text

    day = _date(as_of)
    try:
        lib = load(library or ())
    except CompetencyError as exc:
        raise _fail(exc) from None
    if competency_id not in lib.competencies:
        typer.echo(f"error: unknown competency '{competency_id}'; known: {', '.join(lib.ids())}", err=True)
        raise typer.Exit(EXIT_INPUT)
    versions = lib.versions(competency_id)
    if day is not None:
        version = lib.in_force(competency_id, day)
        if version is None:
            typer.echo(f"error: no version of '{competency_id}' is in force on {day.isoformat()}", err=True)
            raise typer.Exit(EXIT_INPUT)
        versions = (version,)
    typer.echo("\n".join(competency_text(v.syntax) for v in versions), nl=False)


def main() -> None:
    """Console entry point: run the app; an unexpected exception becomes one line and exit 3."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last guard against a traceback
        typer.echo(f"competency: internal error (please report it): {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)
