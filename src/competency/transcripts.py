"""People data as a transcript table: a CSV of `partner,person,credential,date` rows.

The organization data (market, metrics, associations, attributes) comes from a partner file:
JSON Lines (a partner file's shape, `people` optional) or a CSV with the columns `partner`,
`id`, `market`, `as_of`, `associations` and `attributes` (names separated by `;`; attributes
listed are true) and one `metric:ID` column per metric. A transcript row belongs to the
partner whose `id` it names, or, for a partner without an id, whose name. Each partner becomes
one batch `Record` of ordinary partner data, validated like any partner file.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .batch import Record
from .errors import CompetencyError, Diagnostic
from .files import open_text

TRANSCRIPT_COLUMNS = ("partner", "person", "credential", "date")
METRIC_PREFIX = "metric:"


def read_transcripts(transcripts: str | os.PathLike[str], partners: str | os.PathLike[str]) -> Iterator[Record]:
    """One record per partner of `partners` (in its order), people filled in from `transcripts`.

    A transcript row that names no known partner, or lacks a person or credential, becomes an
    error record of its own (after the partners), so nothing in the input is silently dropped.
    """
    people, problems = read_people(transcripts)
    for record in _partner_records(partners):
        if isinstance(record.payload, dict):
            key = record.payload.get("id") or record.payload.get("partner")
            found = people.pop(key, {}) if isinstance(key, str) else {}
            listed = record.payload.get("people", [])
            extra = [{"id": pid, "credentials": creds} for pid, creds in found.items()]
            record = Record(record.where, {**record.payload, "people": [*listed, *extra]} if extra else record.payload)
        yield record
    yield from problems
    for key, found in people.items():
        where = {"transcripts": str(transcripts), "partner": key}
        message = f"{len(found)} person(s) in the transcripts belong to partner '{key}', which has no partner record"
        yield Record(where, Diagnostic("I305", message, str(transcripts)))


def read_people(path: str | os.PathLike[str]) -> tuple[dict[str, dict[str, list[Any]]], list[Record]]:
    """partner key -> person id -> credentials (ids, or {code, date}), in first-seen order."""
    people: dict[str, dict[str, list[Any]]] = {}
    problems: list[Record] = []
    with open_text(path) as f:
        reader = csv.DictReader(f)
        missing = [c for c in TRANSCRIPT_COLUMNS[:3] if c not in (reader.fieldnames or ())]
        if missing:
            raise CompetencyError(Diagnostic("I301", f"transcript CSV lacks the column '{missing[0]}'", str(path)))
        for row in reader:
            partner, person, code = (row.get(c) or "" for c in TRANSCRIPT_COLUMNS[:3])
            if not (partner and person and code):
                empty = next(c for c, v in zip(TRANSCRIPT_COLUMNS, (partner, person, code), strict=False) if not v)
                where = {"transcripts": str(path), "line": reader.line_num}
                problems.append(Record(where, Diagnostic("I302", f"the row has no {empty}", str(path))))
                continue
            date = row.get("date") or ""
            people.setdefault(partner, {}).setdefault(person, []).append({"code": code, "date": date} if date else code)
    return people, problems


def _partner_records(path: str | os.PathLike[str]) -> Iterator[Record]:
    if Path(path).suffix.lower() == ".csv":
        yield from _partner_csv(path)
        return
    from .batch import read_jsonl

    for record in read_jsonl(path):
        try:
            data = json.loads(record.payload)  # type: ignore[arg-type]
        except json.JSONDecodeError as exc:
            data = Diagnostic("I301", f"invalid JSON: {exc.msg}", str(path))
        yield Record(record.where, data)


def _partner_csv(path: str | os.PathLike[str]) -> Iterator[Record]:
    with open_text(path) as f:
        reader = csv.DictReader(f)
        for row in reader:
            where = {"line": reader.line_num}
            try:
                yield Record(where, _partner_row(row))
            except ValueError as exc:
                yield Record(where, Diagnostic("I302", str(exc), str(path)))


def _partner_row(row: dict[str, str | None]) -> dict[str, Any]:
    data: dict[str, Any] = {"partner": row.get("partner") or ""}
    for column in ("id", "market", "as_of"):
        if row.get(column):
            data[column] = row[column]
    if row.get("associations"):
        data["associations"] = _names(row["associations"])
    if row.get("attributes"):
        data["attributes"] = dict.fromkeys(_names(row["attributes"]), True)
    metrics = {}
    for column, value in row.items():
        if column and column.startswith(METRIC_PREFIX) and value:
            try:
                metrics[column[len(METRIC_PREFIX) :]] = json.loads(value.replace("_", ""))
            except json.JSONDecodeError:
                raise ValueError(f"{column} must be a number, not {value!r}") from None
    if metrics:
        data["metrics"] = metrics
    return data


def _names(text: str | None) -> list[str]:
    return [n.strip() for n in (text or "").split(";") if n.strip()]
