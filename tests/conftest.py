"""Shared fixtures: the built-in library, partners from plain dicts, and golden files.

Golden files live in tests/data/<stage>/ next to their inputs. Run with UPDATE_GOLDEN=1 to
rewrite them after an intended change, then read the diff before keeping it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import competency

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
