"""Finding and loading competency files: the built-in library plus the user's directories."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from . import ast, plan
from .compile import compile_library
from .errors import CompetencyError, Diagnostic, Severity
from .parse import parse_file

SUFFIX = ".comp"


def builtin_dir() -> Path:
    """The directory of competency files shipped inside the package."""
    return Path(str(resources.files(__package__).joinpath("competencies")))


def find_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand directories into their `.comp` files (recursively, sorted); keep files as given."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise CompetencyError(Diagnostic("I300", "no such file or directory", str(path)))
    return found


def parse_all(files: Sequence[Path]) -> tuple[list[ast.Document], list[Diagnostic]]:
    """Parse every file, collecting syntax errors instead of stopping at the first."""
    documents, diagnostics = [], []
    for file in files:
        try:
            documents.append(parse_file(str(file)))
        except CompetencyError as exc:
            diagnostics += exc.diagnostics
    return documents, diagnostics


def load_with_diagnostics(
    paths: Sequence[str | os.PathLike[str]] = (), *, builtin: bool = True
) -> tuple[plan.Library, list[Diagnostic]]:
    """Compile the built-in library (unless `builtin=False`) with `paths` layered on top."""
    layers: list[list[ast.Document]] = []
    diagnostics: list[Diagnostic] = []
    for group in ([builtin_dir()] if builtin else []), list(paths):
        documents, found = parse_all(find_files(group))
        layers.append(documents)
        diagnostics += found
    library, found = compile_library(layers)
    return library, diagnostics + found


def load(paths: Sequence[str | os.PathLike[str]] = (), *, builtin: bool = True) -> plan.Library:
    """The compiled library, or `CompetencyError` carrying every error found."""
    library, diagnostics = load_with_diagnostics(paths, builtin=builtin)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise CompetencyError(*errors)
    return library
