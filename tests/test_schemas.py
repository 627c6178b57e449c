"""The JSON Schemas shipped in the package: one per JSON output, strict, printed by `competency schema`.

That every output conforms is checked where the outputs are made (the goldens of each stage,
and every `--format json` a test runs through the CLI: see conftest); here, that the schemas
are valid, stand alone, and catch a renamed key or another version.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

import competency
from competency import schemas
from competency.analysis import gaps
from competency.cli import app
from competency.errors import CompetencyError
from competency.reports.report import plan_json
from conftest import check_schema, json_outputs, schema_validator

DATA = Path(__file__).parent / "data"
OUTPUTS = ("eval", "plan", "batch", "show", "lint", "test", "coverage", "diff")


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _eval() -> dict[str, Any]:
    return _json(DATA / "engine" / "gold-2018.json")


def _plan(library) -> dict[str, Any]:
    partner = competency.load_partner(DATA / "gaps" / "one-person-short.partner.yaml")
    return json.loads(json.dumps(plan_json(gaps.plan_gaps(library, partner, "cloud-crm"))))


def _samples(library) -> dict[str, dict[str, Any]]:
    """A real output of each command, valid as it is."""
    return {
        "eval": _eval(),
        "plan": _plan(library),
        "batch": {"version": 1, "line": 1, **{k: v for k, v in _eval().items() if k != "version"}},
        "show": _json(DATA / "show" / "show-fixture.json"),
        "lint": _json(DATA / "lint" / "names.json"),
        "test": _json(DATA / "testing" / "rules" / "demo.results.json"),
        "coverage": _json(DATA / "testing" / "rules" / "demo.coverage.json"),
        "diff": _json(DATA / "diff" / "partners.json"),
    }


def _renamed(document: dict[str, Any], path: tuple[str | int, ...], old: str, new: str) -> dict[str, Any]:
    """A copy of `document` whose key `old`, in the object at `path`, is called `new`."""
    changed = copy.deepcopy(document)
    target = changed
    for step in path:
        target = target[step]
    target[new] = target.pop(old)
    return changed


def _valid(name: str, document: Any) -> bool:
    return schema_validator(name).is_valid(document)


def test_every_command_with_json_output_has_a_schema_and_so_has_partner_data() -> None:
    assert {*OUTPUTS, "partner"} <= set(schemas.names())
    assert "common" not in schemas.names()  # shared definitions, no output of its own


@pytest.mark.parametrize("name", schemas.names())
def test_each_schema_is_a_draft_2020_12_schema(name: str) -> None:
    document = schemas.schema(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def test_a_printed_schema_stands_alone_with_the_files_it_refers_to_embedded() -> None:
    embedded = schemas.schema("batch")["$defs"]
    assert {"eval.schema.json", "common.schema.json"} <= embedded.keys()
    assert embedded["eval.schema.json"]["$id"].endswith("/eval.schema.json")


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_real_output_of_each_command_is_valid(library, name: str) -> None:
    check_schema(name, _samples(library)[name])  # also: every reference resolves within the document


@pytest.mark.parametrize(
    ("name", "path", "old", "new"),
    [
        ("eval", ("results", 0, "levels", 0, "requirements", 2), "same_or_different", "independent"),
        ("eval", ("results", 0, "levels", 0, "requirements", 1), "one_of", "any_of"),
        ("eval", ("results", 0), "effective", "version"),
        ("eval", ("results", 0, "levels", 0), "branches", "route"),
        ("plan", ("actions", 1), "credential", "exam"),
        ("plan", ("actions", 0), "person", "who"),
        ("plan", ("result",), "met", "attained"),
        ("batch", ("results", 0), "level", "attained"),
        ("batch", (), "line", "row"),
        ("show", ("versions", 0), "effective", "from"),
        ("lint", ("diagnostics", 0), "span", "at"),
        ("lint", ("diagnostics", 0, "span"), "column", "col"),
        ("test", ("cases", 0), "span", "line"),
        ("test", ("cases", 0), "path", "file"),
        ("test", ("cases", 3, "differences", 0), "got", "actual"),
        ("test", (), "failed", "failures"),
        ("coverage", ("files", 0, "parts", 0), "span", "line"),
        ("coverage", ("files", 0, "parts", 0, "span"), "end_column", "end"),
        ("coverage", ("files", 0), "path", "file"),
        ("diff", ("changes", 0), "place", "where"),
        ("diff", ("changes", 1, "place", 2), "branch", "route"),
        ("diff", ("partners", "rejected", 0), "error", "diagnostic"),
        ("diff", ("partners", "verdicts", 0), "as_of", "date"),
        ("diff", ("partners", "verdicts", 0, "competencies", 0, "new"), "level", "attained"),
    ],
)
def test_a_renamed_key_fails_validation(library, name: str, path: tuple, old: str, new: str) -> None:
    assert not _valid(name, _renamed(_samples(library)[name], path, old, new))


def test_a_renamed_key_in_a_batch_error_record_fails_validation() -> None:
    error = {"code": "I302", "severity": "error", "message": "bad", "path": None, "span": None, "where": "people"}
    record = {"version": 1, "line": 3, "error": {**error, "summary": "partner data is invalid"}}
    assert _valid("batch", record)
    assert not _valid("batch", _renamed(record, ("error",), "where", "at"))


@pytest.mark.parametrize("name", OUTPUTS)
def test_another_version_fails_validation(library, name: str) -> None:
    document = _samples(library)[name]
    document["version"] += 1
    assert not _valid(name, document)


def test_every_json_output_a_test_runs_is_checked_on_stdout_and_in_files() -> None:
    args = ["test", "rules", "-f", "json", "--coverage-format=json", "--coverage-output", "c.json"]
    assert json_outputs(args) == {None: "test", "c.json": "coverage"}
    assert json_outputs(["batch", "in.jsonl", "-o", "out.jsonl"]) == {"out.jsonl": "batch"}
    assert json_outputs(["diff", "old", "new", "--format=json"]) == {None: "diff"}
    assert json_outputs(["eval", "partner.yaml", "-f", "text"]) == {}


def test_a_json_output_with_no_schema_fails_its_check_rather_than_passing_unchecked() -> None:
    with pytest.raises(CompetencyError, match="no JSON Schema named 'rule'"):
        check_schema("rule", {})


# ---- the command ------------------------------------------------------------------------------


def test_the_schema_command_prints_the_bundled_schema() -> None:
    result = CliRunner().invoke(app, ["schema", "batch"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schemas.schema("batch")


def test_an_unknown_schema_is_an_input_error_listing_the_known_ones() -> None:
    result = CliRunner().invoke(app, ["schema", "evaluate"])
    assert result.exit_code == 2
    known = ", ".join(schemas.names())
    assert result.stderr == f"error: no JSON Schema named 'evaluate'; known: {known} [I314]\n"
