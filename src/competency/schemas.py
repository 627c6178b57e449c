"""The JSON Schemas shipped in the package: of partner data, and of each command's JSON output.

They live in `schema/<name>.schema.json` (draft 2020-12); `common.schema.json` holds the
definitions the others refer to. `schema(name)` gives one as a single document: the files it
refers to are embedded under its `$defs`, each keeping its `$id` (a bundled compound schema
document), so it validates on its own, as `competency schema NAME` prints it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from competency.errors import CompetencyError, Diagnostic

SUFFIX = ".schema.json"
SHARED = "common"  # definitions only: no output of its own


def names() -> tuple[str, ...]:
    """The schemas `schema` gives: the partner data's and each JSON output's (`eval`, `plan`, ...)."""
    found = (p.name.removesuffix(SUFFIX) for p in _folder().iterdir() if p.name.endswith(SUFFIX))
    return tuple(sorted(name for name in found if name != SHARED))


def schema(name: str) -> dict[str, Any]:
    """The schema `name` with every file it refers to embedded, so it needs no other document."""
    known = names()
    if name not in known:
        message = f"no JSON Schema named '{name}'; known: {', '.join(known)}"
        raise CompetencyError(Diagnostic("I314", message))
    document = _read(name)
    embedded: dict[str, Any] = {}
    wanted = _referenced(document)
    while wanted:
        other = wanted.pop()
        if other != name and other not in embedded:
            embedded[other] = _read(other)
            wanted |= _referenced(embedded[other])
    document.setdefault("$defs", {}).update({other + SUFFIX: embedded[other] for other in sorted(embedded)})
    return document


def _folder():
    return resources.files("competency").joinpath("schema")


def _read(name: str) -> dict[str, Any]:
    return json.loads(_folder().joinpath(name + SUFFIX).read_text(encoding="utf-8"))


def _referenced(node: Any) -> set[str]:
    """The names of the other files `node` refers to (`"$ref": "common.schema.json#/$defs/date"`)."""
    if isinstance(node, list):
        return set().union(*map(_referenced, node))
    if not isinstance(node, dict):
        return set()
    found = set().union(*map(_referenced, node.values()))
    target = node.get("$ref")
    if isinstance(target, str) and not target.startswith("#"):
        found.add(target.partition("#")[0].removesuffix(SUFFIX))
    return found
