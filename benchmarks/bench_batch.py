"""Batch: generated partners (5-35 people each) against every built-in competency, 2 workers.
Prints partners per second, the ratio to a plain JSON decode of the same lines in this process,
and how worker time splits between decoding, validating and building, and evaluating.

Run: python benchmarks/bench_batch.py [PARTNERS]   (default 100,000)
"""

from __future__ import annotations

import json
import sys
import time

from common import partner_lines

from competency.batch import batch
from competency.compiler.library import load


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    codes = sorted(load().catalog.credentials)
    lines = partner_lines(count, codes)
    records = [batch.Record({"line": i}, line) for i, line in enumerate(lines, 1)]

    start = time.perf_counter()
    for line in lines:
        json.loads(line)
    decode = time.perf_counter() - start

    summary = batch.Summary()
    start = time.perf_counter()
    for outcomes, timings in batch.run(records, batch.Settings(), workers=2):
        for outcome in outcomes:
            summary.add(outcome)
        summary.timings.add(timings)
    seconds = time.perf_counter() - start
    t = summary.timings
    total = t.parsing + t.validating + t.evaluating
    print(
        f"{count:,} partners x {len(summary.levels)} competencies, 2 workers: {seconds:.1f} s, "
        f"{count / seconds:,.0f} partners/s ({seconds / decode:.1f}x one json.loads pass in one process)"
    )
    print(
        f"  worker time: decoding JSON {100 * t.parsing / total:.0f}%, validating and building "
        f"{100 * t.validating / total:.0f}%, evaluating {100 * t.evaluating / total:.0f}%; errors: {summary.errors}"
    )
    print("  attained:", "; ".join(f"{c} {dict(sorted(n.items()))}" for c, n in sorted(summary.levels.items())))


if __name__ == "__main__":
    main()
