"""The Dask engine gives the same results as the local one (skipped without the dask extra)."""

from __future__ import annotations

import json

import pytest

distributed = pytest.importorskip("distributed")

from typer.testing import CliRunner  # noqa: E402

from competency.batch import batch  # noqa: E402
from competency.cli import app  # noqa: E402


def _lines(records, **kwargs):
    return [o.line for chunk, _ in batch.run(records, batch.Settings(), **kwargs) for o in chunk]


def test_dask_results_equal_local_results(monkeypatch):
    monkeypatch.setattr(batch, "CHUNK", 4)
    creds = ["MB2-714", "MB2-710", "MB2-712", "MB2-713", "MB2-706", "MB2-707"]
    records = [
        batch.Record(
            {"line": i},
            "{bad"
            if i % 7 == 3
            else json.dumps(
                {
                    "partner": f"P{i}",
                    "as_of": "2018-02-01",
                    "metrics": {"crm-net-new-revenue": 50_000 * i},
                    "associations": ["digital-partner-of-record"],
                    "people": [{"id": f"p{j}", "credentials": creds[j % 6 : j % 6 + 2]} for j in range(i % 9)],
                }
            ),
        )
        for i in range(1, 30)
    ]
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = _lines(records, engine="dask", scheduler=cluster.scheduler_address)
    assert on_dask == _lines(records)
    assert sum('"error"' in line for line in on_dask) == 4


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("garbage", "missing port number in address 'garbage'"),
        ("http://x", "unknown address scheme 'http'"),
        ("tcp://127.0.0.1:1", "Timed out trying to connect to tcp://127.0.0.1:1 after 0.5 s"),
    ],
    ids=["garbage", "scheme", "unreachable"],
)
def test_a_scheduler_that_cannot_be_reached_is_an_input_error_naming_it(monkeypatch, address, reason):
    monkeypatch.setattr(batch, "CONNECT_SECONDS", 0.5)
    records = [batch.Record({"line": 1}, '{"partner": "P", "people": []}')]
    with pytest.raises(batch.CompetencyError) as caught:
        _lines(records, engine="dask", scheduler=address)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "I306"
    assert diagnostic.message.startswith(f"cannot connect to the Dask scheduler '{address}': {reason}")


def test_the_batch_command_with_a_garbage_scheduler_is_one_line_and_exit_2(tmp_path):
    records = tmp_path / "partners.jsonl"
    records.write_text('{"partner": "P", "people": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(records), "--engine", "dask", "--scheduler", "garbage"])
    assert (result.exit_code, result.stderr.splitlines()) == (
        2,
        ["error: cannot connect to the Dask scheduler 'garbage': missing port number in address 'garbage' [I306]"],
    )
