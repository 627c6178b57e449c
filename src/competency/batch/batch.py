"""Batch evaluation: many partners, streamed, evaluated in parallel, results in input order.

Input is a sequence of `Record`s (JSON Lines, a directory of partner files, or transcripts);
output is exactly one JSON line per record: a result, or an error naming the record and what
is wrong, so a bad record never stops the batch. Records travel in chunks to worker processes
(or to Dask workers); each worker compiles the library once and keeps it. An output file is
written beside its target and renamed over it only when the batch completes.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from competency.errors import CompetencyError, Diagnostic
from competency.files import refuse_input, unwritable_output
from competency.linting.formats import diagnostic_json

CHUNK = 256  # records per task: large enough to hide the cost of sending a task
CONNECT_SECONDS = 10  # a Dask scheduler that has not answered by then is reported, not waited for
PARTNER_SUFFIXES = (".json", ".yaml", ".yml")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Record:
    """One input record. `where` names it in the output (`{"line": 3}` or `{"file": ...}`).

    `payload` is JSON text, already-parsed partner data (a dict), the `Path` of a partner file,
    or the `Diagnostic` of a problem found while reading the input.
    """

    where: dict[str, Any]
    payload: str | dict[str, Any] | Path | Diagnostic


@dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs to evaluate a record; small, so it travels with each task."""

    library: tuple[str, ...] = ()
    competencies: tuple[str, ...] | None = None
    as_of: dt.date | None = None
    full: bool = False  # each result with its levels (as `eval --format json`), not only the verdicts


@dataclass(frozen=True, slots=True)
class Outcome:
    """One output line, and what the summary needs of it (None: the record was rejected)."""

    line: str
    levels: dict[str, str | None] | None


@dataclass(slots=True)
class Timings:
    """Seconds spent, summed over workers: decoding JSON, validating and building, evaluating."""

    parsing: float = 0.0
    validating: float = 0.0
    evaluating: float = 0.0

    def add(self, other: Timings) -> None:
        self.parsing += other.parsing
        self.validating += other.validating
        self.evaluating += other.evaluating


@dataclass(slots=True)
class Summary:
    records: int = 0
    errors: int = 0
    levels: dict[str, dict[str, int]] = field(default_factory=dict)  # competency -> level (or "none") -> partners
    timings: Timings = field(default_factory=Timings)

    def add(self, outcome: Outcome) -> None:
        self.records += 1
        if outcome.levels is None:
            self.errors += 1
            return
        for competency, level in outcome.levels.items():
            counts = self.levels.setdefault(competency, {})
            counts[level or "none"] = counts.get(level or "none", 0) + 1


# ---- reading input ----------------------------------------------------------------------


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[Record]:
    """One record per non-blank line, read lazily; line numbers are 1-based.

    The file is opened at once, so a missing or special file is an error here, not mid-batch.
    """
    from competency.files import open_regular, shown_name

    return _lines(open_regular(path), shown_name(path))


def _lines(f, path: str) -> Iterator[Record]:
    from competency.files import bounded_lines
    from competency.partners.partner import MAX_DATA_BYTES

    with f:
        for number, line in enumerate(bounded_lines(f, MAX_DATA_BYTES), 1):
            if line is None:
                message = f"the line is longer than {MAX_DATA_BYTES:,} bytes, a partner file's limit"
                yield Record({"line": number}, Diagnostic("I301", message, path))
            elif line.strip():
                yield Record({"line": number}, line.decode("utf-8", "surrogateescape"))  # a bad byte: a JSON error


def read_directory(path: str | os.PathLike[str]) -> Iterator[Record]:
    """One record per partner file (`.json`, `.yaml`, `.yml`) in the directory, sorted by name."""
    # Not only regular files: a FIFO or a device named like a partner file is a rejected record, not skipped.
    for file in sorted(p for p in Path(path).iterdir() if p.suffix in PARTNER_SUFFIXES and not p.is_dir()):
        yield Record({"file": str(file)}, file)


def read_input(path: str | os.PathLike[str]) -> Iterator[Record]:
    return read_directory(path) if Path(path).is_dir() else read_jsonl(path)


# ---- evaluating -------------------------------------------------------------------------

_libraries: dict[tuple[str, ...], Any] = {}


def library_for(settings: Settings):
    """The compiled library, once per worker process."""
    return loaded(settings.library)


def loaded(paths: tuple[str, ...]):
    """The library of `paths` on top of the built-in one, compiled once per process."""
    if paths not in _libraries:
        from competency.compiler.library import load

        _libraries[paths] = load(paths)
    return _libraries[paths]


def evaluate_chunk(settings: Settings, records: list[Record]) -> tuple[list[Outcome], Timings]:
    """Evaluate records in order: one outcome each, never an exception for a bad record."""
    library = library_for(settings)
    return judged(records, functools.partial(_result, library, settings), _error)


def judged(
    records: Iterable[Record], judge: Callable[[Record, Any], T], reject: Callable[[Record, Diagnostic], T]
) -> tuple[list[T], Timings]:
    """`judge(record, partner)` for each record's partner, in order; `reject` for a record that
    cannot be read or that meets a bug: never an exception for a bad record."""
    timings = Timings()
    return [_judge(record, judge, reject, timings) for record in records], timings


def _judge(
    record: Record, judge: Callable[[Record, Any], T], reject: Callable[[Record, Diagnostic], T], timings: Timings
) -> T:
    from competency.partners.partner import load_partner, parse_json, partner_from_text_data

    label = record_label(record.where)
    try:
        start = time.perf_counter()
        payload = record.payload
        if isinstance(payload, Diagnostic):
            raise CompetencyError(payload)
        if isinstance(payload, Path):
            partner = load_partner(payload)
            parsed = start
        else:
            data = parse_json(payload, label) if isinstance(payload, str) else payload
            parsed = time.perf_counter()
            partner = partner_from_text_data(data, label)
        built = time.perf_counter()
        outcome = judge(record, partner)
        timings.parsing += parsed - start
        timings.validating += built - parsed
        timings.evaluating += time.perf_counter() - built
        return outcome
    except CompetencyError as exc:
        return reject(record, exc.diagnostic)
    except Exception as exc:  # a bug met by this record alone: it is rejected, the batch goes on
        message = f"internal error while evaluating this record: {type(exc).__name__}: {exc}"
        return reject(record, Diagnostic("I399", message))


def _result(library, settings: Settings, record: Record, partner) -> Outcome:
    from competency.engine.engine import evaluate, verdicts
    from competency.reports.report import EVALUATION_VERSION, evaluation_to_json

    evaluation = (evaluate if settings.full else verdicts)(library, partner, settings.competencies, settings.as_of)
    levels = {r.competency: r.level for r in evaluation.results}
    # The version first, as in every JSON output; then where the record came from.
    document = {"version": EVALUATION_VERSION, **record.where, **evaluation_to_json(evaluation)}
    return Outcome(json.dumps(document), levels)


def _error(record: Record, diagnostic: Diagnostic) -> Outcome:
    from competency.reports.report import EVALUATION_VERSION

    document = {"version": EVALUATION_VERSION, **record.where, "error": diagnostic_json(diagnostic)}
    return Outcome(json.dumps(document), None)


def record_label(where: dict[str, Any]) -> str:
    return where["file"] if "file" in where else f"line {where.get('line', '?')}"


# ---- engines ----------------------------------------------------------------------------


Work = Callable[[Any, list[Record]], tuple[list[Any], Timings]]


def run(
    records: Iterable[Record],
    settings: Any,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    work: Work | None = None,
) -> Iterator[tuple[list[Any], Timings]]:
    """`work(settings, chunk)` over every record (default: `evaluate_chunk`); yields the outcomes
    chunk by chunk, in input order. `work` is a module-level function, so that workers can be sent it."""
    work = work or evaluate_chunk
    chunks = _chunks(iter(records))
    first = list(itertools.islice(chunks, max(workers, 1)))  # never more workers than chunks of work
    workers, chunks = min(workers, len(first)), itertools.chain(first, chunks)
    if engine == "dask" and first:
        yield from _on_dask(chunks, functools.partial(work, settings), workers, scheduler)
    elif workers > 1:
        yield from _on_processes(chunks, functools.partial(work, settings), workers)
    else:
        yield from (work(settings, chunk) for chunk in chunks)


def _chunks(records: Iterator[Record]) -> Iterator[list[Record]]:
    while chunk := list(itertools.islice(records, CHUNK)):
        yield chunk


def _on_processes(chunks: Iterator[list[Record]], task: Callable, workers: int):
    import multiprocessing

    # Workers inherit an ignored SIGINT from the start (a Ctrl-C while one starts up would print
    # its traceback); the initializer covers a worker the pool starts later to replace one.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_ignore_interrupts)
    except OSError as exc:  # fork limits (EAGAIN), too many open files
        message = f"cannot start {workers} worker processes: {exc.strerror or exc}; try fewer --workers"
        raise CompetencyError(Diagnostic("I306", message)) from None
    finally:
        signal.signal(signal.SIGINT, interrupt)
    with pool:  # leaving it, even on Ctrl-C, terminates the workers
        # imap keeps input order and pulls chunks lazily, so the input streams through.
        yield from pool.imap(task, chunks)


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group: the parent alone handles it and stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _on_dask(chunks: Iterator[list[Record]], task: Callable, workers: int, scheduler: str | None):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CompetencyError(
            Diagnostic("I306", "--engine dask needs the optional extra: pip install 'competency[dask]'")
        ) from None
    cluster = None if scheduler else LocalCluster(n_workers=max(workers, 1), threads_per_worker=1)
    try:
        with _connect(Client, scheduler or cluster) as client:
            pending = []
            for chunk in chunks:
                pending.append(client.submit(task, chunk, pure=False))
                if len(pending) > 2 * max(workers, 1) + 2:  # a bounded window keeps memory flat
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
    finally:
        if cluster is not None:
            cluster.close()


def _connect(client: Callable, scheduler: Any):
    """A Dask client of `scheduler`; an address that is malformed, unreachable or no Dask
    scheduler is an input error naming it."""
    try:
        return client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, ValueError, MemoryError) as exc:
        # MemoryError: a server that is not a Dask scheduler answers bytes Dask reads as a frame length.
        reason = "it does not answer as a Dask scheduler" if isinstance(exc, MemoryError) else str(exc)
        message = f"cannot connect to the Dask scheduler {str(scheduler)[:200]!r}: {reason[:300]}"
        raise CompetencyError(Diagnostic("I306", message)) from None


# ---- writing output ---------------------------------------------------------------------


def check_output(output: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]]) -> None:
    """Refuse an output that is an input or lies in an input directory (also through links):
    the batch would read what it writes."""
    target = os.path.realpath(output)
    for source in inputs:
        found = os.path.realpath(source)
        if os.path.isdir(found) and target != found and os.path.commonpath([target, found]) == found:
            message = f"--output is inside the input directory {source}; write the results elsewhere"
            raise unwritable_output(output, message)
    refuse_input(output, inputs, "--output")
