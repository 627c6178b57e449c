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

from competency.batch.batch import Record
from competency.errors import CompetencyError, Diagnostic
from competency.files import bounded_lines, open_regular
from competency.partners.partner import parse_json

TRANSCRIPT_COLUMNS = ("partner", "person", "credential", "date")
METRIC_PREFIX = "metric:"
MAX_CSV_LINE = 1_000_000  # characters: a row names a partner, a person and a credential


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
    for number, row in _csv_rows(path, TRANSCRIPT_COLUMNS[:3]):
        partner, person, code = (row.get(c) or "" for c in TRANSCRIPT_COLUMNS[:3])
        if not (partner and person and code):
            empty = next(c for c, v in zip(TRANSCRIPT_COLUMNS, (partner, person, code), strict=False) if not v)
            where = {"transcripts": str(path), "line": number}
            problems.append(Record(where, Diagnostic("I302", f"the row has no {empty}", str(path))))
            continue
        date = row.get("date") or ""
        people.setdefault(partner, {}).setdefault(person, []).append({"code": code, "date": date} if date else code)
    return people, problems


def _partner_records(path: str | os.PathLike[str]) -> Iterator[Record]:
    if Path(path).suffix.lower() == ".csv":
        yield from _partner_csv(path)
        return
    from competency.batch.batch import read_jsonl

    for record in read_jsonl(path):
        if isinstance(record.payload, str):
            try:
                record = Record(record.where, parse_json(record.payload, str(path)))
            except CompetencyError as exc:
                record = Record(record.where, exc.diagnostic)
        yield record


def _csv_rows(path: str | os.PathLike[str], required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) of a CSV file with a header naming `required`; a malformed file stops the read."""
    with open_regular(path) as f:
        reader = csv.DictReader(_csv_lines(f, path))
        try:
            missing = [c for c in required if c not in (reader.fieldnames or ())]
            if missing:
                raise _csv_error(f"the CSV lacks the column '{missing[0]}'", path)
            for row in reader:
                yield reader.line_num, row
        except csv.Error as exc:
            raise _csv_error(f"line {reader.line_num}: {exc}", path) from None


def _csv_lines(f, path: str | os.PathLike[str]) -> Iterator[str]:
    """The lines for `csv.reader`; a line too long or not UTF-8 stops the read with its number."""
    for number, line in enumerate(bounded_lines(f, MAX_CSV_LINE), 1):
        if line is None:
            raise _csv_error(f"line {number} is longer than {MAX_CSV_LINE:,} bytes", path)
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            raise _csv_error(f"line {number} is not valid UTF-8 text", path) from None


def _csv_error(message: str, path: str | os.PathLike[str]) -> CompetencyError:
    return CompetencyError(Diagnostic("I301", message, str(path)))


def _partner_csv(path: str | os.PathLike[str]) -> Iterator[Record]:
    for number, row in _csv_rows(path, ("partner",)):
        try:
            yield Record({"line": number}, _partner_row(row))
        except ValueError as exc:
            yield Record({"line": number}, Diagnostic("I302", str(exc), str(path)))


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
