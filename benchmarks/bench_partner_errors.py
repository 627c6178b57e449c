"""Partner data errors: loading a file with one bad credential (the error path: every problem
found, worded and placed by line and column) vs loading and evaluating the valid file of the
same size, in this process, for JSON and for YAML (a fifth of the people: block-style YAML
loads some ten times slower). The ratio is the figure to watch.

Run: python benchmarks/bench_partner_errors.py [PEOPLE]   (default 100,000)
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml
from common import median_seconds, partner

from competency import CompetencyError, evaluate, load, load_partner


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    library = load()
    with tempfile.TemporaryDirectory() as folder:
        for suffix, dump, people in ((".json", json.dumps, count), (".yaml", yaml.safe_dump, count // 5)):
            valid = partner(people, sorted(library.catalog.credentials))
            bad = json.loads(json.dumps(valid))
            bad["people"][people * 2 // 3]["credentials"] = [{"code": "MB2-714", "date": "2019-1-01"}]
            good_path, bad_path = Path(folder, "valid" + suffix), Path(folder, "bad" + suffix)
            good_path.write_text(dump(valid), encoding="utf-8")
            bad_path.write_text(dump(bad), encoding="utf-8")

            def refused(path: Path = bad_path) -> None:
                try:
                    load_partner(path)
                except CompetencyError:
                    return
                raise AssertionError("the bad file loaded")

            evaluated = median_seconds(lambda path=good_path: evaluate(library, load_partner(path)), repeat=3)
            reported = median_seconds(refused, repeat=3)
            print(
                f"{people:,} people, {suffix[1:]}: valid file loaded and evaluated {evaluated:.2f} s, "
                f"one bad credential reported {reported:.2f} s ({reported / evaluated:.2f}x)"
            )


if __name__ == "__main__":
    main()
