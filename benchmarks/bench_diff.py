"""Diff: generated partners (5-35 people each) through `competency diff --partners` and through
`batch`, on the same input in the same run, alternating, 2 workers each. OLD is the whole built-in
library and NEW the same with Cloud CRM's Silver revenue threshold raised, so some verdicts change.
Prints partners per second of each (medians) and diff's throughput as a share of batch's
(target: at least 0.5, since diff evaluates every partner twice).

Run: python benchmarks/bench_diff.py [PARTNERS]   (default 10,000; the issue asks for 100,000)
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import partner_lines

from competency.batch import batch
from competency.compiler.library import builtin_dir, load
from competency.diff.impact import Settings, Side, partner_impact

REPEAT = 3


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    codes = sorted(load().catalog.credentials)
    lines = partner_lines(count, codes)
    records = [batch.Record({"line": i}, line) for i, line in enumerate(lines, 1)]
    with tempfile.TemporaryDirectory() as tmp:
        new = _raised_threshold(Path(tmp))
        settings = Settings(Side((str(builtin_dir()),)), Side((str(new),)))
        runs: dict[str, list[float]] = {"batch": [], "diff": []}
        impact = None
        for _ in range(REPEAT):
            runs["batch"].append(_timed(lambda: _batch(records)))
            start = time.perf_counter()
            impact = partner_impact(records, settings, workers=2)
            runs["diff"].append(time.perf_counter() - start)
    batch_rate, diff_rate = (count / statistics.median(runs[k]) for k in ("batch", "diff"))
    assert impact is not None
    print(
        f"{count:,} partners, 2 workers, median of {REPEAT}: batch {batch_rate:,.0f} partners/s, "
        f"diff {diff_rate:,.0f} partners/s: {diff_rate / batch_rate:.2f}x batch's throughput (target >= 0.5)"
    )
    print(f"  changed verdicts: {len(impact.changed):,}; rejected: {len(impact.rejected)}")
    print("  " + "; ".join(f"{c} {dict(n)}" for c, n in sorted(impact.transitions.items())))


def _raised_threshold(tmp: Path) -> Path:
    """The built-in library with Cloud CRM's Silver threshold for developed markets raised."""
    new = tmp / "new"
    shutil.copytree(builtin_dir(), new)
    crm = new / "cloud-crm.comp"
    crm.write_text(crm.read_text().replace("100_000 USD in developed", "150_000 USD in developed"))
    return new


def _batch(records: list[batch.Record]) -> None:
    summary = batch.Summary()
    for outcomes, _ in batch.run(records, batch.Settings(), workers=2):
        for outcome in outcomes:
            summary.add(outcome)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
