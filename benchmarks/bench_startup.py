"""Start-up: `competency lint` on the built-in library and `competency --help`, each against
`python -c pass`, run alternately in one run (absolute seconds vary by machine, ratios less).
Targets: lint within 10x, --help within 8x (wall clock). The parser tables and the bytecode
are cached, as after a first run. Where the time goes: `python -X importtime -m competency.cli --help`.

Run: python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import line, paired

from competency.compiler.library import builtin_dir

PYTHON = sys.executable
COMPETENCY = str(Path(sys.executable).parent / "competency")
REPEAT = 15


def main() -> None:
    nothing = [PYTHON, "-c", "pass"]
    files = len(list(builtin_dir().glob("*.comp")))
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}  # the runs' own cache, whatever the user's holds
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode: not compiled per run
        lint = [COMPETENCY, "lint", str(builtin_dir())]
        subprocess.run(lint, stdout=subprocess.DEVNULL, check=True, env=env)  # fills the parser-table cache
        for name, argv, target in (
            (f"competency lint ({files} files)", lint, 10),
            ("competency --help", [COMPETENCY, "--help"], 8),
        ):
            measured, base = paired(argv, nothing, REPEAT, env)
            ratio = measured[0] / base[0]
            verdict = "within" if ratio < target else "MISSES"
            print(f"{line(name, measured, base, 'python -c pass')}; {verdict} the target of {target}x")


if __name__ == "__main__":
    main()
