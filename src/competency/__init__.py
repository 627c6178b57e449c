"""competency: partner-program competency rules as data, checked exactly.

The public API (imported lazily, so `competency --help` stays fast):

- `load(paths=(), builtin=True)`      -> `plan.Library`        compile competency files
- `load_partner(path)`                 -> `partner.Partner`     read and validate partner data
- `evaluate(library, partner, ...)`    -> `result.Evaluation`   who counts, what is met, what is missing
- `lint(paths)`                        -> list of `Diagnostic`  every problem in some files
- `parse_text(text, path)`             -> `ast.Document`        the syntax tree of one file
- `explain_evaluation(library, partner, evaluation)` -> `Evaluation` with, per unmet level, why (Hall violators)
- `plan_gaps(library, partner, competency, ...)` -> `gaps.GapPlan`  the cheapest actions that attain a level
- `load_costs(path)`                   -> `gaps.Costs`          a cost file for `plan_gaps`
- `key_people(library, partner, ...)`  -> `risk.KeyPeople`s     who alone would lose each attained level
- `diff_libraries(old, new, ...)`      -> `diff.semantic.Change`s  what a rule change says, in show's words
- `verdict_changes(old, new, partner, ...)` -> (date, `diff.impact.VerdictChange`s)  what it does to a partner
- `partner_impact(records, settings, ...)` -> `diff.impact.Impact`  ... to many partners, in one parallel pass

Every stage raises `CompetencyError` (carrying `Diagnostic`s) for input it cannot accept.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "library",
    "load_partner": "partner",
    "partner_from_data": "partner",
    "evaluate": "engine",
    "lint": "linter",
    "parse_text": "parse",
    "explain_evaluation": "explain",
    "plan_gaps": "gaps",
    "load_costs": "gaps",
    "key_people": "risk",
    "diff_libraries": "diff.semantic",
    "verdict_changes": "diff.impact",
    "partner_impact": "diff.impact",
    "CompetencyError": "errors",
    "Diagnostic": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'competency' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names and the lazy API, so that completion and `dir()` show what `__getattr__` gives."""
    return sorted({*globals(), *_EXPORTS})
