"""Finding and loading competency files: the built-in library plus the user's directories."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from competency import cache
from competency.errors import CompetencyError, Diagnostic, Severity
from competency.language import MAX_SOURCE_BYTES

if TYPE_CHECKING:
    from competency.compiler import plan
    from competency.language import ast

SUFFIX = ".comp"


def builtin_dir() -> Path:
    """The directory of competency files shipped inside the package."""
    return Path(__file__).parent.parent / "competencies"  # as importlib.resources finds it, without importing zipfile


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


def read_all(files: Sequence[Path]) -> tuple[list[tuple[Path, bytes]], list[Diagnostic]]:
    """Each readable file with its bytes (at most one byte past the parser's limit), and why the others are not."""
    from competency.files import read_at_most

    sources, diagnostics = [], []
    for file in files:
        try:
            sources.append((file, read_at_most(file, MAX_SOURCE_BYTES + 1)))
        except CompetencyError as exc:
            diagnostics += exc.diagnostics
    return sources, diagnostics


def _parse(sources: Sequence[tuple[Path, bytes]]) -> tuple[list[ast.Document], list[Diagnostic]]:
    from competency.language.parse import (  # a library read from the cache never needs the parser
        decode_source,
        parse_text,
    )

    documents, diagnostics = [], []
    for file, data in sources:
        try:
            documents.append(parse_text(decode_source(data, str(file)), str(file)))
        except CompetencyError as exc:
            diagnostics += exc.diagnostics
    return documents, diagnostics


def load_with_diagnostics(
    paths: Sequence[str | os.PathLike[str]] = (), *, builtin: bool = True
) -> tuple[plan.Library, list[Diagnostic]]:
    """Compile the built-in library (unless `builtin=False`) with `paths` layered on top."""
    layers, diagnostics = _read_layers(paths, builtin)
    library, found = _compile(layers)
    return library, diagnostics + found


def load(paths: Sequence[str | os.PathLike[str]] = (), *, builtin: bool = True) -> plan.Library:
    """The compiled library, or `CompetencyError` carrying every error found.

    A library compiled without errors is kept in the user's cache, under a hash of its files'
    names and of the very bytes that were parsed (each file is read once): loading the same
    files again reads it back instead of parsing them, and a file rewritten meanwhile can never
    be cached under another content's name.
    """
    from competency.compiler import plan  # not at the top: lint finds and reads files without the plan's types

    layers, diagnostics = _read_layers(paths, builtin)
    entry = None if diagnostics else _cache_key(layers)
    library = cache.read("library", entry) if entry else None
    if isinstance(library, plan.Library):
        return library
    library, found = _compile(layers)
    errors = [d for d in diagnostics + found if d.severity is Severity.ERROR]
    if errors:
        raise CompetencyError(*errors)
    if entry:
        cache.write("library", entry, library)
    return library


Layers = list[list[tuple[Path, bytes]]]


def _read_layers(paths: Sequence[str | os.PathLike[str]], builtin: bool) -> tuple[Layers, list[Diagnostic]]:
    """The built-in files (unless not wanted), then the user's, read: each layer overrides the one before."""
    layers, diagnostics = [], []
    for files in (find_files([builtin_dir()] if builtin else []), find_files(paths)):
        sources, found = read_all(files)
        layers.append(sources)
        diagnostics += found
    return layers, diagnostics


def _compile(layers: Layers) -> tuple[plan.Library, list[Diagnostic]]:
    from competency.compiler.compile import compile_library

    documents, diagnostics = [], []
    for sources in layers:
        parsed, found = _parse(sources)
        documents.append(parsed)
        diagnostics += found
    library, found = compile_library(documents)
    return library, diagnostics + found


def _cache_key(layers: Layers) -> str:
    """A hash of every file's layer, name and bytes."""
    return cache.key(
        part
        for layer, sources in enumerate(layers)
        for file, data in sources
        for part in (str(layer).encode(), os.fsencode(file), data)
    )
