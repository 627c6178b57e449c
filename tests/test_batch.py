"""Batch evaluation: one output line per record, in input order, equal to per-partner `eval`."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import resource
import select
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import competency
from competency.batch import batch
from competency.engine.engine import evaluate
from competency.partners import partner
from competency.reports.report import evaluation_to_json
from conftest import check_schema

_CATALOG = competency.load().catalog  # the strategies draw from the whole built-in library's names
CREDENTIALS = sorted(_CATALOG.credentials)

person = st.lists(st.sampled_from(CREDENTIALS), max_size=5, unique=True)
partner_data = st.builds(
    lambda people, metrics, associations, attributes, market, day: {
        "partner": "P",
        "market": market,
        "as_of": day,
        "metrics": metrics,
        "associations": associations,
        "attributes": attributes,
        "people": [{"id": f"p{i}", "credentials": creds} for i, creds in enumerate(people)],
    },
    st.lists(person, max_size=10),
    st.dictionaries(st.sampled_from(sorted(_CATALOG.metrics)), st.sampled_from([0, 50_000, 150_000, 10**6])),
    st.lists(st.sampled_from(sorted(_CATALOG.associations)), unique=True),
    st.dictionaries(st.sampled_from(sorted(_CATALOG.attributes) or ["none"]), st.booleans()),
    st.sampled_from(["developed", "developing"]),
    st.sampled_from(["2017-09-01", "2018-06-01", "2019-03-01"]),
)


def _run(lines: list[str], workers: int = 1, **kwargs) -> list[dict]:
    records = [batch.Record({"line": i}, text) for i, text in enumerate(lines, 1)]
    out = []
    for outcomes, _ in batch.run(records, batch.Settings(**kwargs), workers=workers):
        out += [json.loads(o.line) for o in outcomes]
    for record in out:
        check_schema("batch", record)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(partner_data, min_size=1, max_size=4))
def test_batch_records_are_the_eval_json_with_verdicts_only(library, datas):
    results = _run([json.dumps(d) for d in datas])
    for number, (data, result) in enumerate(zip(datas, results, strict=True), 1):
        expected = evaluation_to_json(evaluate(library, partner.partner_from_data(data)))
        for competency_result in expected["results"]:  # without --full: the verdicts, no levels
            competency_result["levels"] = []
            competency_result.pop("score", None)
        assert result == {"line": number, **expected}


@settings(max_examples=10, deadline=None)
@given(partner_data)
def test_full_batch_output_is_the_eval_json(library, data):
    (result,) = _run([json.dumps(data)], full=True)
    assert result == {"line": 1, **evaluation_to_json(evaluate(library, partner.partner_from_data(data)))}


def test_malformed_lines_in_the_middle_are_reported_and_the_batch_finishes(tmp_path):
    good = json.dumps({"partner": "Good", "people": [{"id": "a", "credentials": ["MB2-714"]}]})
    lines = [good, "{not json", good, json.dumps({"partner": "", "people": []}), good, "[1, 2]", good]
    path = tmp_path / "partners.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = [json.loads(o.line) for chunk, _ in batch.run(batch.read_input(path), batch.Settings()) for o in chunk]
    assert [r["line"] for r in out] == [1, 2, 3, 4, 5, 6, 7]
    assert [r["line"] for r in out if "error" in r] == [2, 4, 6]
    assert out[1]["error"]["code"] == "I301"
    assert out[3]["error"] == {
        "code": "I302",
        "severity": "error",
        "message": "must not be empty",
        "path": "line 4",  # how the record is named in text
        "span": None,
        "where": "partner",
        "summary": "partner data is invalid",
    }


def test_worker_processes_keep_input_order(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK", 3)  # several chunks in flight across two processes
    lines = [json.dumps({"partner": f"P{i}", "people": []}) if i % 4 else "oops" for i in range(20)]
    records = [batch.Record({"line": i}, text) for i, text in enumerate(lines, 1)]
    out = [json.loads(o.line) for chunk, _ in batch.run(records, batch.Settings(), workers=2) for o in chunk]
    assert [r["line"] for r in out] == list(range(1, 21))
    assert [r.get("partner") for r in out] == [f"P{i}" if i % 4 else None for i in range(20)]


def test_a_directory_of_partner_files_is_one_record_per_file(tmp_path):
    (tmp_path / "b.yaml").write_text("partner: B\npeople: []\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"partner": "A", "people": []}', encoding="utf-8")
    (tmp_path / "c.yaml").write_text("partner: [\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a partner", encoding="utf-8")
    out = [json.loads(o.line) for chunk, _ in batch.run(batch.read_input(tmp_path), batch.Settings()) for o in chunk]
    assert [r["file"].rsplit("/", 1)[-1] for r in out] == ["a.json", "b.yaml", "c.yaml"]
    assert [r.get("partner") for r in out] == ["A", "B", None]
    assert out[2]["error"]["code"] == "I301"


def test_the_cli_writes_one_line_per_record_and_exits_1_on_a_rejected_record(tmp_path):
    from typer.testing import CliRunner

    from competency.cli import app

    source = tmp_path / "in.jsonl"
    source.write_text('{"partner": "A", "people": []}\n{"partner": 5, "people": []}\n', encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["batch", str(source), "-c", "cloud-crm", "-o", str(target)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(r["competency"], r["level"], r["option"]) for r in lines[0]["results"]] == [("cloud-crm", None, None)]
    assert lines[1]["error"]["where"] == "partner"


def _cli(*args: str):
    from typer.testing import CliRunner

    from competency.cli import app

    return CliRunner().invoke(app, ["batch", *map(str, args)])


def test_an_unexpected_exception_rejects_only_its_record(tmp_path, monkeypatch):
    from competency.engine import engine

    real = engine.levels_attained

    def failing(library, partner, *args):
        if partner.name == "Bad":
            raise ValueError("cannot convert float NaN to integer")
        return real(library, partner, *args)

    monkeypatch.setattr(engine, "levels_attained", failing)
    lines = [json.dumps({"partner": name, "people": []}) for name in ("A", "Bad", "C")]
    out = _run(lines)
    assert [r.get("partner") for r in out] == ["A", None, "C"]
    assert out[1]["error"]["code"] == "I399"
    assert out[1]["error"]["message"] == (
        "internal error while evaluating this record: ValueError: cannot convert float NaN to integer"
    )
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _cli(source, "-c", "cloud-crm", "--workers", "1")  # in this process, where the bug is planted
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3
    assert result.stderr.startswith("3 partners in ") and ", 1 rejected\n" in result.stderr


# ---- the output file --------------------------------------------------------------------


def _output_cases(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"partner": "A", "people": []}\n', encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(source)
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.json").write_text('{"partner": "A", "people": []}', encoding="utf-8")
    transcripts = tmp_path / "people.csv"
    transcripts.write_text("partner,person,credential\nA,a,MB2-714\n", encoding="utf-8")
    return {
        "the input": (source, source),
        "a link to the input": (source, tmp_path / "link.jsonl"),
        "the input directory's file": (tmp_path / "dir", tmp_path / "dir" / "a.json"),
        "a new file in the input directory": (tmp_path / "dir", tmp_path / "dir" / "out.jsonl"),
        "the transcripts": (source, transcripts, "--transcripts", transcripts),
    }


@pytest.mark.parametrize(
    "case",
    [
        "the input",
        "a link to the input",
        "the input directory's file",
        "a new file in the input directory",
        "the transcripts",
    ],
)
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path, case):
    source, target, *more = _output_cases(tmp_path)[case]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = _cli(source, "-o", target, *more)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"{target}: error: --output is ")
    assert result.stderr.endswith("; write the results elsewhere [I308]\n")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_output_replaces_its_target_when_the_batch_completes_and_keeps_its_mode(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"partner": "A", "people": []}\n{"partner": 5, "people": []}\n', encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    result = _cli(source, "-c", "cloud-crm", "-o", target)
    assert result.exit_code == 1  # a rejected record is a normal completion
    assert result.stdout == ""
    assert [json.loads(line)["line"] for line in target.read_text(encoding="utf-8").splitlines()] == [1, 2]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_an_interrupted_batch_leaves_the_target_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK", 1)
    real = batch.evaluate_chunk

    def interrupted(settings, records):
        if records[0].where["line"] == 3:
            raise KeyboardInterrupt
        return real(settings, records)

    monkeypatch.setattr(batch, "evaluate_chunk", interrupted)
    source = tmp_path / "in.jsonl"
    source.write_text('{"partner": "A", "people": []}\n' * 4, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    result = _cli(source, "-c", "cloud-crm", "-o", target, "--workers", "1")
    assert (result.exit_code, result.stderr) == (130, "competency: interrupted\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


# ---- workers ----------------------------------------------------------------------------


def test_no_more_worker_processes_start_than_there_are_chunks(monkeypatch):
    import multiprocessing.context

    class Pool:  # stands in for a pool of processes: records how many, runs in this process
        def __init__(self, processes, **options):
            started.append(processes)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def imap(self, function, chunks):
            return map(function, chunks)

    started: list[int] = []
    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", lambda self, *args, **kw: Pool(*args, **kw))
    monkeypatch.setattr(batch, "CHUNK", 2)
    lines = [json.dumps({"partner": f"P{i}", "people": []}) for i in range(5)]
    assert [r["partner"] for r in _run(lines[:2], workers=8)] == ["P0", "P1"]  # one chunk: no pool at all
    assert [r["partner"] for r in _run(lines, workers=8)] == [f"P{i}" for i in range(5)]
    assert started == [3]


def test_a_failed_worker_start_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import multiprocessing.context

    def refused(process):
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "_Popen", staticmethod(refused))
    monkeypatch.setattr(batch, "CHUNK", 1)
    source = tmp_path / "in.jsonl"
    source.write_text('{"partner": "A", "people": []}\n' * 2, encoding="utf-8")
    result = _cli(source, "--workers", "2")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: cannot start 2 worker processes: Resource temporarily unavailable; try fewer --workers [I306]\n"
    )


# ---- in a process of its own: the worker count, signals ----------------------------------


@pytest.fixture
def competency_process():
    """Starts the command in a process group of its own (as a terminal does), memory-bound; the
    group, workers included, is killed when the test ends."""
    src = str(Path(__file__).parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", "from competency.cli import main; main()", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000)),
        )
        started.append(process)
        return process

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def _finished(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=20)
    return process.returncode, out.decode(), err.decode()


@pytest.mark.parametrize("count", ["0", "65", "100000000000000000000"])
def test_a_worker_count_out_of_range_is_a_usage_error(tmp_path, competency_process, count):
    source = tmp_path / "in.jsonl"
    source.write_text('{"partner": "A", "people": []}\n', encoding="utf-8")
    code, out, err = _finished(competency_process("batch", source, "--workers", count))
    assert (code, out) == (2, "") and "Traceback" not in err
    assert "--workers" in err and "1<=x<=64" in " ".join(err.split())


def _many_partners(tmp_path) -> Path:
    source = tmp_path / "in.jsonl"
    people = [{"id": f"p{i}", "credentials": ["MB2-714"]} for i in range(5)]
    source.write_text((json.dumps({"partner": "P", "people": people}) + "\n") * 20_000, encoding="utf-8")
    return source  # seconds of work for 2 workers, long after the first line


def test_ctrl_c_stops_the_batch_with_one_line_and_exit_130(tmp_path, competency_process):
    process = competency_process("batch", _many_partners(tmp_path), "--workers", "2")
    assert select.select([process.stdout], [], [], 20)[0], "no output within 20 s"
    assert process.stdout.readline().startswith(b'{"version": 1, "line": 1,')
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group, workers too
    code, out, err = _finished(process)
    assert (code, err) == (130, "competency: interrupted\n")
    assert 0 < len(out.splitlines()) < 20_000


def test_sigterm_stops_the_batch_with_one_line_and_exit_143_leaving_no_output(tmp_path, competency_process):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    process = competency_process("batch", _many_partners(tmp_path), "--workers", "2", "-o", target)
    deadline = time.monotonic() + 20
    while not any(p.name.startswith(".out.jsonl.") and p.stat().st_size for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline and process.poll() is None, "no output within 20 s"
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)  # as `kill` does: the parent only
    assert _finished(process) == (143, "", "competency: interrupted\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


# ---- the fast validation check never lets through what the schema rejects ------------------

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "2017-01-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["code", "date", "id", "x"]), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(
    partner_data, st.sampled_from(["partner", "market", "as_of", "metrics", "people", "associations", "extra"]), values
)
def test_fast_check_and_jsonschema_agree_on_validity(data, key, value):
    mutated = {**data, key: value}
    assert partner._fast_check()(mutated) == (not list(partner._validator().iter_errors(mutated)))


@pytest.mark.parametrize(("first", "code"), [('{"partner": "A", "people": []}', 0), ('{"partner": 5}', 1)])
def test_a_reader_that_stops_after_the_first_line_ends_the_batch_quietly(tmp_path, competency_process, first, code):
    source = tmp_path / "in.jsonl"
    people = [{"id": f"p{i}", "credentials": ["MB2-714"]} for i in range(5)]
    source.write_text(first + "\n" + (json.dumps({"partner": "P", "people": people}) + "\n") * 2_000, encoding="utf-8")
    process = competency_process("batch", source, "--workers", "1")
    assert json.loads(process.stdout.readline())["line"] == 1
    process.stdout.close()  # as `| head -1` does: the rest of the output (megabytes) has no reader
    assert process.wait(timeout=20) == code  # 0 unless a record written was rejected
    assert process.stderr.read() == b""
