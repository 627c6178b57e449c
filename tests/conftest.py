"""Shared fixtures: the built-in library, partners from plain dicts, golden files, JSON contracts.

Golden files live in tests/data/<stage>/ next to their inputs. Run with UPDATE_GOLDEN=1 to
rewrite them after an intended change, then read the diff before keeping it.

Every JSON output is checked against the schema the package ships for it: the goldens' with
`check_schema`, and whatever a test runs through `CliRunner` writes as JSON, to standard output
(`--format json`, `batch`) or to a file (`batch -o`, `test --coverage-output`), by the autouse
fixture `cli_json_follows_its_schema`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

import competency
from competency import schemas

# Derandomized, without an example database: the same examples on every machine and run.
settings.register_profile(
    "competency", derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("competency")


def pytest_configure(config) -> None:
    """A cache directory of the run's own (set before collection, which already loads libraries):
    tests neither read what the user's cache holds nor leave anything in it."""
    config.competency_cache = tempfile.mkdtemp(prefix="competency-test-cache-")
    config.competency_saved_cache_home = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = config.competency_cache


def pytest_unconfigure(config) -> None:
    if config.competency_saved_cache_home is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = config.competency_saved_cache_home
    shutil.rmtree(config.competency_cache, ignore_errors=True)


@pytest.fixture(scope="session")
def library():
    """The built-in library, compiled once."""
    return competency.load()


def crm_partner(people=(), *, revenue=120_000, market="developed", associations=("digital-partner-of-record",)):
    """A Cloud CRM partner; `people` maps person ids to credentials (ids or {code, date})."""
    return competency.partner_from_data(
        {
            "partner": "Test Partner",
            "market": market,
            "metrics": {"crm-net-new-revenue": revenue},
            "associations": list(associations),
            "people": [{"id": pid, "credentials": list(creds)} for pid, creds in dict(people).items()],
        }
    )


@pytest.fixture(scope="session")
def make_partner():
    return crm_partner


def check_golden(actual: str, expected_path: Path) -> None:
    """Compare `actual` with the golden file (or rewrite it when UPDATE_GOLDEN is set)."""
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"missing golden file {expected_path.name} (run with UPDATE_GOLDEN=1)"
    assert actual == expected_path.read_text(encoding="utf-8")


def check_stage_golden(path: Path, outcome: tuple[str, str], success_suffix: str) -> None:
    """A stage's fixture gives either its output (`success_suffix`) or its errors (`.err`), never both."""
    suffix, text = outcome
    other = success_suffix if suffix == ".err" else ".err"
    assert not path.with_suffix(other).exists(), f"{path.name} was expected to give {other}, not {suffix}"
    check_golden(text, path.with_suffix(suffix))


@pytest.fixture(scope="session")
def golden():
    return check_golden


@contextlib.contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Fail the block when it runs longer than `seconds`: a quadratic step stops the test, not the suite."""

    def expire(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---- JSON contracts -----------------------------------------------------------------------


@functools.cache
def schema_validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas.schema(name))


def check_schema(name: str, document: Any) -> None:
    """`document` is a valid JSON output of `name` (`eval`, `plan`, `batch`, `show`, `lint`, ...)."""
    error = jsonschema.exceptions.best_match(schema_validator(name).iter_errors(document))
    assert error is None, f"not a valid {name} output at {error.json_path}: {error.message}"


def json_outputs(args: Sequence[str]) -> dict[str | None, str]:
    """Where `competency ARGS` writes JSON (None: standard output; else a file) and the schema of each.
    A command with JSON output and no schema is a failure, not a pass: `schemas.schema` refuses it."""
    args = [str(a) for a in args]
    if not args or "--help" in args:
        return {}
    command = args[0]
    if command == "batch":
        return {_option(args, "-o", "--output"): "batch"}
    found: dict[str | None, str] = {None: command} if _option(args, "-f", "--format") == "json" else {}
    coverage = _option(args, "--coverage-output")  # json coverage goes nowhere else
    if command == "test" and coverage is not None and _option(args, "--coverage-format") == "json":
        found[coverage] = "coverage"
    return found


def _option(args: list[str], *names: str) -> str | None:
    """The value the last of the options `names` is given (`-f json`, `--format=json`), or None."""
    value = None
    for flag, following in itertools.pairwise([*args, ""]):
        name, equals, attached = flag.partition("=")
        if name in names:
            value = attached if equals else following
    return value


@pytest.fixture(autouse=True)
def cli_json_follows_its_schema(monkeypatch):
    """Every JSON output of a command a test runs in-process is validated against its schema."""
    invoke = CliRunner.invoke

    def checked(self, app, args=None, *rest, **options):
        outputs = json_outputs(args or [])
        before = {place: _written(Path(place)) for place in outputs if place is not None}
        result = invoke(self, app, args, *rest, **options)
        for place, name in outputs.items():
            text = result.stdout if place is None else _written(Path(place))
            if place is not None and text == before[place]:
                continue  # not written: refused (an input kept as it was) or stopped before writing
            documents = text.splitlines() if name == "batch" else [text]
            for document in filter(str.strip, documents):
                check_schema(name, json.loads(document))
        return result

    monkeypatch.setattr(CliRunner, "invoke", checked)


def _written(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
