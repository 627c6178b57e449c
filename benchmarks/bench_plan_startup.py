"""Start-up of the commands that solve integer programs: `competency plan` and `eval --key-people`
against `competency eval` for the same 2-person partner (the bundled Contoso example), whole
processes run alternately in one run, with the compiled library cached. Target: plan < 3x eval.
Also the import of the solver alone (highspy) against `python -c pass`.

Run: python benchmarks/bench_plan_startup.py
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from bench_process import COMPETENCY, PYTHON, line, paired

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "contoso-cloud-crm.yaml")
TARGET = 3.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp}  # the runs' own cache, whatever the user's holds
        evaluate = [COMPETENCY, "eval", EXAMPLE, "-c", "cloud-crm"]
        subprocess.run(evaluate, stdout=subprocess.DEVNULL, check=True, env=env)  # fills the cache
        planned, evaluated = paired([COMPETENCY, "plan", EXAMPLE, "-c", "cloud-crm"], evaluate, 9, env)
        print(line("competency eval", evaluated, evaluated, "itself"))
        print(line("competency plan", planned, evaluated, "eval"))
        key_people, base = paired([*evaluate, "--key-people"], evaluate, 9, env)
        print(line("competency eval --key-people", key_people, base, "eval"))
        solver, nothing = paired([PYTHON, "-c", "import highspy"], [PYTHON, "-c", "pass"], 9, env)
        print(line("import highspy", solver, nothing, "python -c pass"))
        ratio = planned[0] / evaluated[0]
        print(f"plan / eval: {ratio:.2f}x wall, target < {TARGET:g}x: {'met' if ratio < TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
