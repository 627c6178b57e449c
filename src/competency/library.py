"""Finding and loading competency files: the built-in library plus the user's directories."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from . import ast, cache, plan
from .errors import CompetencyError, Diagnostic, Severity

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
    from .parse import parse_file  # a library read from the cache never needs the parser

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
    return _compile(_layers(paths, builtin))


def load(paths: Sequence[str | os.PathLike[str]] = (), *, builtin: bool = True) -> plan.Library:
    """The compiled library, or `CompetencyError` carrying every error found.

    A library compiled without errors is kept in the user's cache, under a hash of its files'
    names and contents: loading the same files again reads it back instead of parsing them.
    """
    layers = _layers(paths, builtin)
    entry = _cache_key(layers)
    library = cache.read("library", entry) if entry else None
    if isinstance(library, plan.Library):
        return library
    library, diagnostics = _compile(layers)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise CompetencyError(*errors)
    if entry and _cache_key(layers) == entry:  # unchanged while compiling: the entry is what its name says
        cache.write("library", entry, library)
    return library


def _layers(paths: Sequence[str | os.PathLike[str]], builtin: bool) -> list[list[Path]]:
    """The built-in files (unless not wanted), then the user's: each layer overrides the one before."""
    return [find_files([builtin_dir()] if builtin else []), find_files(paths)]


def _compile(layers: list[list[Path]]) -> tuple[plan.Library, list[Diagnostic]]:
    from .compile import compile_library

    documents, diagnostics = [], []
    for files in layers:
        parsed, found = parse_all(files)
        documents.append(parsed)
        diagnostics += found
    library, found = compile_library(documents)
    return library, diagnostics + found


def _cache_key(layers: list[list[Path]]) -> str | None:
    """A hash of every file's layer, name and content; None if one cannot be read (the parser says why)."""
    parts = []
    try:
        for layer, files in enumerate(layers):
            for file in files:
                parts += [str(layer).encode(), os.fsencode(file), file.read_bytes()]
    except OSError:
        return None
    return cache.key(parts)
