"""Scores: generated partners (5-35 people each) evaluated against every built-in competency
plus an Azure-like designation (steps, a gate, best of two sources), in one process. Prints
partners per second with the designation and the ratio to the same run without it.

Run: python benchmarks/bench_scores.py [PARTNERS]   (default 20,000)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from common import partner

from competency import partner_from_data
from competency.compiler.library import load
from competency.engine.engine import evaluate

DESIGNATION = """
catalog scores "Scores" {
  metric bench-net-customer-adds "Net customer adds" unit customers
  metric bench-usage-growth-pct "Usage growth" unit percent
  metric bench-qualifying-acr "Qualifying ACR" unit USD
}
designation bench "Bench designation" {
  effective 2017-01-01
  pass 70
  category performance "Performance" {
    metric net-customer-adds "Net customer adds" max 30 { metric bench-net-customer-adds reaching 3 }
  }
  category skilling "Skilling" {
    metric certified "Certified people" max 40 {
      step 2 persons each pass one_of(MB2-714, MB2-713)
      step 1 person passes MB2-709
      persons passing one_of(MB2-710, MB2-706, MB2-712, MB2-707) reaching 10
    }
  }
  category customer-success "Customer success" {
    metric usage-growth "Usage growth" max 30 {
      gate metric bench-qualifying-acr >= 1_000 USD
      best { metric bench-usage-growth-pct reaching 20 percent } or { persons passing MB2-715 reaching 5 }
    }
  }
}
"""


def scored(data: dict, rng: random.Random) -> dict:
    """The generated partner with the designation's metrics, negatives and missing ones included."""
    metrics = {
        "bench-net-customer-adds": rng.randint(-2, 5),
        "bench-usage-growth-pct": rng.choice([-5, 0, 10, 25]),
        "bench-qualifying-acr": rng.choice([500, 5_000]),
    }
    return {**data, "metrics": {**data["metrics"], **dict(rng.sample(sorted(metrics.items()), rng.randint(1, 3)))}}


def run(library, partners) -> float:
    start = time.perf_counter()
    for p in partners:
        evaluate(library, p)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "bench.comp")
        path.write_text(DESIGNATION, encoding="utf-8")
        with_designation = load([path])
    without = load()
    codes = sorted(without.catalog.credentials)
    rng = random.Random(7)
    partners = [partner_from_data(scored(partner(rng.randint(5, 35), codes, seed=i), rng)) for i in range(count)]

    plain = run(without, partners)
    seconds = run(with_designation, partners)
    qualified = sum(evaluate(with_designation, p, ["bench"]).results[0].level == "qualified" for p in partners)
    print(
        f"{count:,} partners x {len(with_designation.competencies)} competencies and designations: {seconds:.1f} s, "
        f"{count / seconds:,.0f} partners/s ({seconds / plain:.2f}x the same run without the designation)"
    )
    print(f"  qualified for the designation: {qualified:,} of {count:,}")


if __name__ == "__main__":
    main()
