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


def wall(argv: list[str], repeat: int) -> tuple[float, float]:
    """Median wall and CPU (user + system) seconds of `repeat` runs; CPU is steadier on a busy machine."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


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
        evaluate = wall([COMPETENCY, "eval", str(big), "-c", "cloud-crm"], 5)
        floor = wall([PYTHON, "-c", ONE_PASS, str(big)], 5)
        print(line("load + one pass, 100k", floor, floor, "itself"))
        print(line("competency eval, 100k", evaluate, floor, "load + one pass"))
        print(f"  peak memory of the eval process: {peak:.0f} MB")
    nothing = wall([PYTHON, "-c", "pass"], 9)
    files = len(list(builtin_dir().glob("*.comp")))
    print(line("python -c pass", nothing, nothing, "itself"))
    print(line("competency --help", wall([COMPETENCY, "--help"], 9), nothing, "python -c pass"))
    print(
        line(
            f"competency lint ({files} files)",
            wall([COMPETENCY, "lint", str(builtin_dir())], 9),
            nothing,
            "python -c pass",
        )
    )


if __name__ == "__main__":
    main()
