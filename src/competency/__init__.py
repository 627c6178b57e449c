"""competency: partner-program competency rules as data, checked exactly.

The public API (imported lazily, so `competency --help` stays fast):

- `load(paths=(), builtin=True)`      -> `plan.Library`        compile competency files
- `load_partner(path)`                 -> `partner.Partner`     read and validate partner data
- `evaluate(library, partner, ...)`    -> `result.Evaluation`   who counts, what is met, what is missing
- `evaluation_to_json(evaluation)`     -> dict                  the evaluation as `eval --format json` writes it
- `lint(paths)`                        -> list of `Diagnostic`  every problem in some files
- `parse_text(text, path)`             -> `ast.Document`        the syntax tree of one file
- `explain_evaluation(library, partner, evaluation)` -> `Evaluation` with, per unmet level, why (Hall violators)
- `plan_gaps(library, partner, competency, ...)` -> `gaps.GapPlan`  the cheapest actions that attain a level
- `load_costs(path, catalog=None)`    -> `gaps.Costs`          a cost file for `plan_gaps`, its ids checked in `catalog`
- `key_people(library, partner, ...)`  -> `risk.KeyPeople`s     who alone would lose each attained level
- `html_report(library, partner, ...)` -> str                  a self-contained HTML page for people
- `run_tests(paths, library=(), coverage=False)` -> `testing.run.TestRun`  the test files' cases, run (and coverage)
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
    "load": "compiler.library",
    "load_partner": "partners.partner",
    "partner_from_data": "partners.partner",
    "evaluate": "engine.engine",
    "lint": "linting.linter",
    "parse_text": "language.parse",
    "explain_evaluation": "analysis.explain",
    "plan_gaps": "analysis.gaps",
    "load_costs": "analysis.gaps",
    "key_people": "analysis.risk",
    "html_report": "reports.html",
    "run_tests": "testing.run",
    "evaluation_to_json": "reports.report",
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
