"""Every input path of every command, given hostile input, ends quickly with a clear message.

Random bytes, a recursive YAML alias, a FIFO, a device and a sparse 1.5 GB file go to each
file a command reads. Each run is a real process under a time and memory bound: it must
exit 1 or 2 (findings, or an input error), never hang, never print a traceback or an
internal error, and print a bounded number of lines. The runs go two at a time, once per
session, and each case checks its own.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[1] / "examples" / "contoso-cloud-crm.yaml"
BUILTIN = str(Path(__file__).parents[1] / "src" / "competency" / "competencies")
SECONDS = 30  # far above any run here (the slowest take about 2 s on a busy machine)
MEGABYTES = 600  # peak memory of one run: a normal run takes about 100 MB


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(path.name).randbytes(4096))


def _recursive_alias(path: Path) -> None:
    path.write_text("partner: P\npeople: &x [*x]\n", encoding="utf-8")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _huge(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(1_500_000_000)  # sparse: costs no disk, reads as zeros


KINDS = {"random": _random_bytes, "alias": _recursive_alias, "fifo": _fifo, "device": _device, "huge": _huge}

# Each command line with {} where the hostile file goes, and that file's name.
SLOTS = {
    "eval-yaml": (["eval", "{}"], "partner.yaml"),
    "eval-json": (["eval", "{}"], "partner.json"),
    "eval-library": (["eval", str(EXAMPLE), "-L", "{}"], "rules.comp"),
    "plan-partner": (["plan", "{}", "-c", "cloud-crm"], "partner.yaml"),
    "plan-costs": (["plan", str(EXAMPLE), "-c", "cloud-crm", "--cost-file", "{}"], "costs.yaml"),
    "plan-library": (["plan", str(EXAMPLE), "-c", "cloud-crm", "-L", "{}"], "rules.comp"),
    "batch-jsonl": (["batch", "{}", "-c", "cloud-crm", "--workers", "1"], "partners.jsonl"),
    "batch-directory": (["batch", "{dir}", "-c", "cloud-crm", "--workers", "1"], "partner.yaml"),
    "batch-transcripts": (["batch", "{partners}", "--transcripts", "{}", "--workers", "1"], "people.csv"),
    "batch-library": (["batch", "{partners}", "-L", "{}", "--workers", "1"], "rules.comp"),
    "lint": (["lint", "{}"], "rules.comp"),
    "fmt": (["fmt", "{}"], "rules.comp"),
    "report-partner": (["report", "{}", "-c", "cloud-crm", "-o", "report.html"], "partner.yaml"),
    "test-file": (["test", "{}"], "rules.test.yaml"),
    "diff-partners": (["diff", BUILTIN, BUILTIN, "--partners", "{}", "-c", "cloud-crm"], "partners.jsonl"),
    "show-library": (["show", "cloud-crm", "-L", "{}"], "rules.comp"),
    "list-library": (["list", "-L", "{}"], "rules.comp"),
}
CASES = [(slot, kind) for slot in SLOTS for kind in KINDS]


@dataclass(frozen=True, slots=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


def _script() -> str:
    return str(Path(sys.executable).parent / "competency")


def _run(tmp: Path, slot: str, kind: str) -> Run:
    folder = tmp / f"{slot}-{kind}"
    folder.mkdir()
    args, name = SLOTS[slot]
    hostile = folder / name
    KINDS[kind](hostile)
    partners = folder / "good.jsonl"
    partners.write_text('{"partner": "P", "people": []}\n', encoding="utf-8")
    argv = [a.format(hostile, dir=folder, partners=partners) for a in args]
    if slot == "batch-directory":
        partners.unlink()  # the directory holds the hostile file only
    with open(folder / "stdout", "w+b") as out, open(folder / "stderr", "w+b") as err:
        started = time.perf_counter()
        process = subprocess.Popen([_script(), *argv], stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=folder)
        resource.prlimit(process.pid, resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a runaway stops at 4 GB
        status, usage = _wait(process.pid, started + SECONDS)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return Run(process.returncode, stdout, stderr, seconds, usage.ru_maxrss / 1024)


def _wait(pid: int, deadline: float):
    """Wait for the process (killed at the deadline); its exit status and its own resource usage."""
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
            return os.wait4(pid, 0)[1:]
        time.sleep(0.02)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[tuple[str, str], Run]:
    tmp = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case: pool.submit(_run, tmp, *case) for case in CASES}
        return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize(("slot", "kind"), CASES, ids=[f"{s}-{k}" for s, k in CASES])
def test_hostile_input_ends_quickly_with_a_clear_message(runs, slot: str, kind: str) -> None:
    run = runs[slot, kind]
    assert run.seconds < SECONDS, f"still running after {SECONDS} s"
    assert run.returncode in (1, 2), run.stderr[-2000:]
    output = run.stdout + run.stderr
    assert "Traceback" not in output and "internal error" not in output, run.stderr[-2000:]
    # lint reports on stdout, batch in its records, diff lists rejected records, the others on stderr
    assert "error" in output or "rejected: line" in output
    lines = run.stderr.splitlines()
    assert len(lines) <= 80 and len(run.stderr) <= 20_000, run.stderr[:2000]
    assert run.megabytes < MEGABYTES
