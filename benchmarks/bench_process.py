"""Whole processes: `competency eval` on a 100,000-person partner vs a process that only loads
the same JSON and makes one pass over the credentials, with the compiled library in the cache
(every run after the first) and without it. Also the eval's peak memory. Start-up times are
bench_startup.py's.

Run: python benchmarks/bench_process.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from common import line, paired, partner

PYTHON = sys.executable
COMPETENCY = str(Path(sys.executable).parent / "competency")
ONE_PASS = "import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(p['credentials']) for p in d['people']))"


def main() -> None:

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


if __name__ == "__main__":
    main()
