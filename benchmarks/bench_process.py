"""Whole processes: `competency eval` on a 100,000-person partner vs a process that only loads
the same JSON and makes one pass over the credentials, with the compiled library in the cache
(every run after the first) and without it; cold start of `competency --help` and
`competency lint` on the built-in library vs `python -c pass`. Also the eval's peak memory.

Run: python benchmarks/bench_process.py
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import partner

PYTHON = sys.executable
COMPETENCY = str(Path(sys.executable).parent / "competency")
ONE_PASS = "import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(p['credentials']) for p in d['people']))"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run; CPU is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def paired(
    argv: list[str], base: list[str], repeat: int, env: dict[str, str], before=lambda: None
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Medians of `argv` and of its baseline, run alternately so that a change in the machine's
    load between runs falls on both alike. `before` runs ahead of each run of `argv`, untimed."""
    measured, baseline = [], []
    for _ in range(repeat):
        before()
        measured.append(run(argv, env))
        baseline.append(run(base, env))
    return _medians(measured), _medians(baseline)


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def line(name: str, measured: tuple[float, float], base: tuple[float, float], base_name: str) -> str:
    (w, c), (bw, bc) = measured, base
    return f"{name:28} wall {w:.3f} s ({w / bw:.1f}x {base_name}), cpu {c:.3f} s ({c / bc:.1f}x)"


def main() -> None:
    from competency.compiler.library import builtin_dir

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}  # the runs' own cache, whatever the user's holds

        def forget_library() -> None:
            for entry in (cache / "competency").glob("library-*"):
                entry.unlink()

        big = Path(tmp) / "big.json"
        big.write_text(json.dumps(partner(100_000)), encoding="utf-8")
        evaluate = [COMPETENCY, "eval", str(big), "-c", "cloud-crm"]
        one_pass = [PYTHON, "-c", ONE_PASS, str(big)]
        # Peak memory first (RUSAGE_CHILDREN reports the largest child so far); this run also fills the cache.
        subprocess.run(evaluate, stdout=subprocess.DEVNULL, check=True, env=env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        cached, floor = paired(evaluate, one_pass, 7, env)
        print(line("load + one pass, 100k", floor, floor, "itself"))
        print(line("competency eval, 100k", cached, floor, "load + one pass"))
        compiling, floor = paired(evaluate, one_pass, 7, env, before=forget_library)
        print(line("  library not yet cached", compiling, floor, "load + one pass"))
        print(f"  peak memory of the eval process: {peak:.0f} MB")
        nothing = [PYTHON, "-c", "pass"]
        files = len(list(builtin_dir().glob("*.comp")))
        for name, argv in (
            ("competency --help", [COMPETENCY, "--help"]),
            (f"competency lint ({files} files)", [COMPETENCY, "lint", str(builtin_dir())]),
        ):
            measured, base = paired(argv, nothing, 9, env)
            print(line(name, measured, base, "python -c pass"))


if __name__ == "__main__":
    main()
