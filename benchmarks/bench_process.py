"""Whole processes: `competency eval` on a 100,000-person partner vs a process that only loads
the same JSON and makes one pass over the credentials; cold start of `competency --help` and
`competency lint` on the built-in library vs `python -c pass`. Also the eval's peak memory.

Run: python benchmarks/bench_process.py
"""

from __future__ import annotations

import json
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


def run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run; CPU is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def paired(argv: list[str], base: list[str], repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Medians of `argv` and of its baseline, run alternately so that a change in the machine's
    load between runs falls on both alike."""
    measured, baseline = [], []
    for _ in range(repeat):
        measured.append(run(argv))
        baseline.append(run(base))
    return _medians(measured), _medians(baseline)


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def line(name: str, measured: tuple[float, float], base: tuple[float, float], base_name: str) -> str:
    (w, c), (bw, bc) = measured, base
    return f"{name:28} wall {w:.3f} s ({w / bw:.1f}x {base_name}), cpu {c:.3f} s ({c / bc:.1f}x)"


def main() -> None:
    from competency.library import builtin_dir

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.json"
        big.write_text(json.dumps(partner(100_000)), encoding="utf-8")
        # Peak memory first: RUSAGE_CHILDREN reports the largest child so far.
        subprocess.run([COMPETENCY, "eval", str(big), "-c", "cloud-crm"], stdout=subprocess.DEVNULL, check=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        evaluate, floor = paired(
            [COMPETENCY, "eval", str(big), "-c", "cloud-crm"], [PYTHON, "-c", ONE_PASS, str(big)], 7
        )
        print(line("load + one pass, 100k", floor, floor, "itself"))
        print(line("competency eval, 100k", evaluate, floor, "load + one pass"))
        print(f"  peak memory of the eval process: {peak:.0f} MB")
    nothing = [PYTHON, "-c", "pass"]
    files = len(list(builtin_dir().glob("*.comp")))
    for name, argv in (
        ("competency --help", [COMPETENCY, "--help"]),
        (f"competency lint ({files} files)", [COMPETENCY, "lint", str(builtin_dir())]),
    ):
        measured, base = paired(argv, nothing, 9)
        print(line(name, measured, base, "python -c pass"))


if __name__ == "__main__":
    main()
