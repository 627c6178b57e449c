"""Language server: a diagnostics refresh of a built-in library file after an edit, once the
library is loaded, against parsing that file alone, in one process. The refresh is what the
server runs after each (debounced) edit: the edited file parsed and indexed, the workspace
compiled and linted over the built-in library; the other files' parses are reused.
Target: under 100 ms.

Run: python benchmarks/bench_lsp.py [FILE]   (default catalog.comp: the largest, used by all)
"""

from __future__ import annotations

import itertools
import sys

from common import median_seconds

from competency.compiler.library import builtin_dir, find_files
from competency.language.parse import parse_with_comments
from competency.linting.linter import Settings
from competency.lsp import features

TARGET_MS = 100


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "catalog.comp"
    paths = [str(p.resolve()) for p in find_files([builtin_dir()])]
    path = next(p for p in paths if p.endswith("/" + name))
    files = {p: features.File.read(p) for p in paths}
    features.check(files, paths, paths, Settings())  # the first load
    text = files[path].text
    edits = itertools.count()

    def refresh() -> None:  # each edit a new text: nothing of the edited file is reused
        edited = {**files, path: features.File.of(path, f"{text}# edit {next(edits)}\n")}
        features.check(edited, paths, paths, Settings())

    def parse() -> None:
        parse_with_comments(f"{text}# edit {next(edits)}\n", path)

    refresh_s, parse_s = median_seconds(refresh, 21), median_seconds(parse, 21)
    verdict = "meets" if refresh_s * 1000 < TARGET_MS else "MISSES"
    print(f"{name}: refresh {refresh_s * 1000:.1f} ms, parse alone {parse_s * 1000:.1f} ms")
    print(f"ratio refresh/parse {refresh_s / parse_s:.1f}x; {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
