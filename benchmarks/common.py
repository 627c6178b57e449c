"""Shared by the benchmarks: generated partners, a median timer, timed processes. Not part of the package."""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import time

CRM = ("MB2-714", "MB2-713", "MB2-709", "MB2-710", "MB2-706", "MB2-712", "MB2-707", "MB2-715", "MB2-716", "MB2-717")


def people(n: int, codes=CRM, seed: int = 1, per_person: tuple[int, int] = (0, 3)) -> list[dict]:
    rng = random.Random(seed)
    return [{"id": f"p{i}", "credentials": rng.sample(codes, rng.randint(*per_person))} for i in range(n)]


def partner(n: int, codes=CRM, seed: int = 1, as_of: str = "2018-06-01") -> dict:
    rng = random.Random(seed)
    return {
        "partner": f"Partner {seed}",
        "as_of": as_of,
        "market": rng.choice(["developed", "developing"]),
        "metrics": {"crm-net-new-revenue": rng.choice([40_000, 120_000, 400_000])},
        "associations": ["digital-partner-of-record"],
        "people": people(n, codes, seed),
    }


def partner_lines(count: int, codes: list[str]) -> list[str]:
    """`count` partners of 5-35 people as JSON Lines, the same for every run (what batch reads)."""
    rng = random.Random(7)
    return [json.dumps(partner(rng.randint(5, 35), codes, seed=i)) for i in range(count)]


def median_seconds(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
