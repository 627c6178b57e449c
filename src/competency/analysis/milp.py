"""A small builder for the exact integer programs of `gaps`, `risk` (and nothing else).

It collects variables and sparse rows, then hands them to `scipy.optimize.milp` (HiGHS, a
branch-and-cut solver). The relative gap is set to 0: HiGHS's default stops within 0.01% of
the optimum, and these answers must be optimal. scipy is imported on first solve, so the
rest of the package never pays for it.

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
        coefficients = list(terms)
        self._grow(len(coefficients))
        self.rows.append((coefficients, lo, hi))

    def _grow(self, amount: int) -> None:
        self.size += amount
        if self.size > MAX_SIZE:
            message = f"{self.name} is too large (over {MAX_SIZE:,} variables and coefficients); {self.narrowing}"
            raise CompetencyError(Diagnostic("I312", message))

    def solve(self, objective: list[float] | None = None) -> list[float] | None:
        """An optimal point for `objective` (default: the variables' costs), or None if infeasible."""
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import coo_array

        n = len(self.costs)
        constraints = []
        if self.rows:
            rows, cols, vals = [], [], []
            for r, (terms, _, _) in enumerate(self.rows):
                for col, coef in terms:
                    rows.append(r)
                    cols.append(col)
                    vals.append(coef)
            matrix = coo_array((vals, (rows, cols)), shape=(len(self.rows), n)).tocsr()
            constraints.append(LinearConstraint(matrix, [r[1] for r in self.rows], [r[2] for r in self.rows]))
        started = time.monotonic()
        result = milp(
            np.array(objective if objective is not None else self.costs, dtype=float),
            integrality=np.array(self.integral),
            bounds=Bounds(np.zeros(n), np.array(self.upper)),
            constraints=constraints,
            options={"mip_rel_gap": 0.0, "time_limit": max(self.seconds_left, 0.0)},
        )
        self.seconds_left -= time.monotonic() - started
        if result.status == 1:  # the time limit: a point found by then may not be optimal
            message = f"{self.name} was not solved within {TIME_LIMIT:g} s; {self.narrowing}"
            raise CompetencyError(Diagnostic("I312", message))
        if result.status == 2:
            return None
        if result.status != 0:
            raise RuntimeError(f"the integer program solver failed: {result.message}")
        return [float(v) for v in result.x]

    def value(self, terms: Iterable[tuple[int, float]], point: list[float]) -> float:
        return sum(coef * point[col] for col, coef in terms)
