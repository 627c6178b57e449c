"""A small builder for the exact integer programs of `gaps`, `risk` (and nothing else).

It collects variables and sparse rows, then hands them to HiGHS (a branch-and-cut solver)
through `highspy`, its own Python binding: importing it takes about a third of the time of
`scipy.optimize`, which wraps the same solver, so `plan` starts within 2x of `eval` (see
benchmarks/bench_plan_startup.py). The relative gap is set to 0: HiGHS's default stops
within 0.01% of the optimum, and these answers must be optimal. highspy is imported on
first solve, so the rest of the package never pays for it.

Integer programs can take exponential time, so a model is bounded twice: in size while it
is built (memory), and in solver time across its solves. Past either bound it raises a
`CompetencyError` that names the program and how to narrow it; a solve stopped at the time
limit proves no optimum, so its point is never returned.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from competency.errors import CompetencyError, Diagnostic

TIME_LIMIT = 10.0  # seconds of solver time per model, all its solves together
MAX_SIZE = 2_000_000  # variables plus coefficients per model: a few hundred MB at most


class Model:
    """Variables (cost, bounds, integrality) and rows `lo <= sum(coef * var) <= hi`.

    `name` ("the plan's integer program") and `narrowing` ("narrow it with --level") word
    the error raised when the model grows too large or is not solved in time.
    """

    def __init__(self, name: str, narrowing: str) -> None:
        self.name = name
        self.narrowing = narrowing
        self.costs: list[float] = []
        self.upper: list[float] = []
        self.integral: list[int] = []
        self.rows: list[tuple[list[tuple[int, float]], float, float]] = []
        self.size = 0
        self.seconds_left = TIME_LIMIT

    def var(self, cost: float = 0.0, *, integral: bool = True, upper: float = 1.0) -> int:
        """A new variable in [0, upper]; returns its index."""
        self._grow(1)
        self.costs.append(float(cost))
        self.upper.append(upper)
        self.integral.append(1 if integral else 0)
        return len(self.costs) - 1

    def row(self, terms: Iterable[tuple[int, float]], lo: float = -math.inf, hi: float = math.inf) -> None:
        coefficients: dict[int, float] = {}
        for col, coef in terms:  # HiGHS refuses a column twice in a row: add them up
            coefficients[col] = coefficients.get(col, 0.0) + coef
        self._grow(len(coefficients))
        self.rows.append((list(coefficients.items()), lo, hi))

    def _grow(self, amount: int) -> None:
        self.size += amount
        if self.size > MAX_SIZE:
            message = f"{self.name} is too large (over {MAX_SIZE:,} variables and coefficients); {self.narrowing}"
            raise CompetencyError(Diagnostic("I312", message))

    def solve(self, objective: list[float] | None = None) -> list[float] | None:
        """An optimal point for `objective` (default: the variables' costs), or None if infeasible."""
        import numpy as np
        from highspy import HighsLp, HighsModelStatus, HighsStatus, HighsVarType, MatrixFormat
        from highspy._core import _Highs  # highspy.Highs() prints a banner before its output can be silenced

        n = len(self.costs)
        lp = HighsLp()
        lp.num_col_, lp.num_row_ = n, len(self.rows)
        lp.col_cost_ = np.array(objective if objective is not None else self.costs, dtype=float)
        lp.col_lower_, lp.col_upper_ = np.zeros(n), np.array(self.upper, dtype=float)
        lp.row_lower_ = np.array([lo for _, lo, _ in self.rows], dtype=float)
        lp.row_upper_ = np.array([hi for _, _, hi in self.rows], dtype=float)
        lp.a_matrix_.format_ = MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.cumsum([0] + [len(terms) for terms, _, _ in self.rows], dtype=np.int32)
        lp.a_matrix_.index_ = np.array([col for terms, _, _ in self.rows for col, _ in terms], dtype=np.int32)
        lp.a_matrix_.value_ = np.array([coef for terms, _, _ in self.rows for _, coef in terms], dtype=float)
        lp.integrality_ = [HighsVarType.kInteger if i else HighsVarType.kContinuous for i in self.integral]
        solver = _Highs()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("mip_rel_gap", 0.0)
        # Presolve took over 10 s, past the time limit it does not heed, on a `one_of` of a thousand
        # interchangeable credentials that branch-and-cut alone solves at once.
        solver.setOptionValue("presolve", "off")
        solver.setOptionValue("time_limit", max(self.seconds_left, 0.0))
        if solver.passModel(lp) != HighsStatus.kOk:
            raise RuntimeError("the integer program solver refused the model")
        started = time.monotonic()
        solver.run()
        self.seconds_left -= time.monotonic() - started
        status = solver.getModelStatus()
        if status == HighsModelStatus.kTimeLimit:  # a point found by then may not be optimal
            message = f"{self.name} was not solved within {TIME_LIMIT:g} s; {self.narrowing}"
            raise CompetencyError(Diagnostic("I312", message))
        if status == HighsModelStatus.kInfeasible:
            return None
        if status != HighsModelStatus.kOptimal:
            raise RuntimeError(f"the integer program solver failed: {solver.modelStatusToString(status)}")
        return list(solver.getSolution().col_value)

    def value(self, terms: Iterable[tuple[int, float]], point: list[float]) -> float:
        return sum(coef * point[col] for col, coef in terms)
