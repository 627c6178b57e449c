"""`lint`: every problem in a set of competency files, as diagnostics (never raised).

The built-in catalog is always in scope, so a user's file may name its credentials; only
findings in the files asked about are returned.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from .errors import Diagnostic
from .library import find_files, load_with_diagnostics


def lint(paths: Sequence[str | os.PathLike[str]]) -> list[Diagnostic]:
    """Diagnostics for the `.comp` files at `paths` (files, or directories searched recursively)."""
    files = find_files(paths)
    wanted = {str(f) for f in files}
    _, diagnostics = load_with_diagnostics(files)
    found = [d for d in diagnostics if d.path in wanted]
    return sorted(
        found, key=lambda d: (d.path or "", d.span.line if d.span else 0, d.span.column if d.span else 0, d.code)
    )
