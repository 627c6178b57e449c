"""Transcript tables: people from a partner,person,credential,date CSV, organizations from CSV or JSONL."""

from __future__ import annotations

import json

import pytest

from competency.batch import batch
from competency.batch.transcripts import read_transcripts
from competency.engine.engine import evaluate
from competency.errors import CompetencyError
from competency.partners.partner import load_partner

CONTOSO_ROWS = """partner,person,credential,date
P1,ana,MB2-714,
P1,bruno,MB2-713,
P1,ana,MB2-710,2016-05-02
P1,bruno,MB2-706,
P1,ana,MB2-712,
"""


def _outcomes(records):
    return [
        json.loads(o.line)
        for chunk, _ in batch.run(records, batch.Settings(competencies=("cloud-crm",)))
        for o in chunk
    ]


def test_a_transcript_gives_the_same_verdict_as_the_partner_file(tmp_path, library):
    (tmp_path / "t.csv").write_text(CONTOSO_ROWS, encoding="utf-8")
    (tmp_path / "p.csv").write_text(
        "partner,id,market,as_of,associations,metric:crm-net-new-revenue\n"
        "Contoso Ltd,P1,developed,2017-09-01,digital-partner-of-record,120_000\n",
        encoding="utf-8",
    )
    (record,) = read_transcripts(tmp_path / "t.csv", tmp_path / "p.csv")
    assert record.payload["people"] == [
        {"id": "ana", "credentials": ["MB2-714", {"code": "MB2-710", "date": "2016-05-02"}, "MB2-712"]},
        {"id": "bruno", "credentials": ["MB2-713", "MB2-706"]},
    ]
    (result,) = _outcomes([record])
    expected = evaluate(library, load_partner("examples/contoso-cloud-crm.yaml"), ["cloud-crm"])
    (crm,) = result["results"]
    assert (crm["level"], crm["option"]) == (expected.results[0].level, "cloud-crm-reseller")
    assert crm["level"] == "silver"


def test_partners_from_jsonl_are_keyed_by_name_without_an_id(tmp_path):
    (tmp_path / "t.csv").write_text("partner,person,credential\nAcme,x,MB2-714\nZed,y,MB2-714\n", encoding="utf-8")
    (tmp_path / "p.jsonl").write_text(
        json.dumps({"partner": "Acme", "people": [{"id": "w", "credentials": []}]}) + "\n{oops\n", encoding="utf-8"
    )
    records = list(read_transcripts(tmp_path / "t.csv", tmp_path / "p.jsonl"))
    assert [p["id"] for p in records[0].payload["people"]] == ["w", "x"]
    out = _outcomes(records)
    assert out[1]["line"] == 2 and out[1]["error"]["code"] == "I301"
    assert out[1]["error"]["span"] == {"line": 1, "column": 2, "end_line": 1, "end_column": 3}
    assert out[2]["partner"] == "Zed" and out[2]["error"]["code"] == "I305"  # transcript rows without a partner


def test_bad_rows_are_error_records_and_a_missing_column_stops_the_read(tmp_path):
    (tmp_path / "t.csv").write_text("partner,person,credential,date\nA,,MB2-714,\nA,p,MB2-714,2017-13-01\n", "utf-8")
    (tmp_path / "p.csv").write_text("partner,metric:crm-net-new-revenue\nA,lots\nA,\n", encoding="utf-8")
    out = _outcomes(read_transcripts(tmp_path / "t.csv", tmp_path / "p.csv"))
    assert out[0]["error"]["message"] == "metric:crm-net-new-revenue must be a number, not 'lots'"
    assert (out[1]["error"]["code"], out[1]["error"]["message"], out[1]["error"]["where"]) == (
        "I302",
        "'2017-13-01' is not a calendar date",
        "people[0].credentials[0].date",
    )
    assert out[2]["line"] == 2 and out[2]["error"]["message"] == "the row has no person"
    (tmp_path / "bad.csv").write_text("partner,credential\nA,MB2-714\n", encoding="utf-8")
    with pytest.raises(CompetencyError, match="lacks the column 'person'"):
        list(read_transcripts(tmp_path / "bad.csv", tmp_path / "p.csv"))
