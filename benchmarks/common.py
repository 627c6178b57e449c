"""Shared by the benchmarks: generated partners and a median timer. Not part of the package."""

from __future__ import annotations

import random
import statistics
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


def median_seconds(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
