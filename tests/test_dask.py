"""The Dask engine gives the same results as the local one (skipped without the dask extra)."""

from __future__ import annotations

import json

import pytest

distributed = pytest.importorskip("distributed")

from competency.batch import batch  # noqa: E402


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
