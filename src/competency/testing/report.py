"""A test run as text (a line per failing case, then `N passed, N failed`), JSON, or JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import Any

from competency.linting.formats import span_json
from competency.terminal import escape, line
from competency.testing.run import CaseResult, TestRun

JSON_VERSION = 1  # of the JSON output, checked by schema/test.schema.json


def summary(run: TestRun) -> str:
    return f"{run.passed} passed, {run.failed} failed"


def failure_line(result: CaseResult) -> str:
    """`file:line:col: FAIL name: competency: what: expected X, got Y; ...`, one bounded, escaped line."""
    case = result.case
    differences = "; ".join(map(str, result.differences))
    return line(f"{case.path}:{case.span.line}:{case.span.column}: FAIL {case.name}: {differences}")


def run_text(run: TestRun) -> str:
    """One line per failing case (no summary: the caller ends with it, after any coverage)."""
    return "".join(failure_line(r) + "\n" for r in run.results if not r.passed)


def run_json(run: TestRun) -> dict[str, Any]:
    """Every case with where it is written (`path` and `span`, as a finding's) and its differences."""
    return {
        "version": JSON_VERSION,
        "passed": run.passed,
        "failed": run.failed,
        "cases": [
            {
                "path": r.case.path,
                "span": span_json(r.case.span),
                "name": r.case.name,
                "passed": r.passed,
                "differences": [
                    {"competency": d.competency, "what": d.what, "expected": d.expected, "got": d.got}
                    for d in r.differences
                ],
            }
            for r in run.results
        ],
    }


def run_junit(run: TestRun) -> str:
    """JUnit XML as CI dashboards read it: a `testsuite` per test file, a `testcase` per case,
    a `failure` per failing case with its differences one per line."""
    root = ET.Element("testsuites", _counts("competency test", run.results))
    for path, grouped in groupby(run.results, key=lambda r: r.case.path):
        results = list(grouped)
        suite = ET.SubElement(root, "testsuite", _counts(path, results))
        for result in results:
            name, seconds = escape(result.case.name), f"{result.seconds:.6f}"
            case = ET.SubElement(suite, "testcase", name=name, classname=escape(path), time=seconds)
            if not result.passed:  # escaped: XML 1.0 cannot hold most control characters at all
                first = line(str(result.differences[0]))
                failure = ET.SubElement(case, "failure", message=first, type="mismatch")
                failure.text = "\n".join(line(str(d)) for d in result.differences)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _counts(name: str, results: list[CaseResult] | tuple[CaseResult, ...]) -> dict[str, str]:
    failed = sum(not r.passed for r in results)
    seconds = sum(r.seconds for r in results)
    counts = {"tests": str(len(results)), "failures": str(failed), "errors": "0"}
    return {"name": escape(name), **counts, "time": f"{seconds:.6f}"}
