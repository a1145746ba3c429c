"""From-scratch capacitated assignment vs spopt's capacitated ``PMedian`` (CBC).

1,000 buildings x 20 clinics, every clinic open (p = 20): both solve the single-source
capacitated assignment ``min Σ w_i c_ij x_ij`` with ``Σ_i w_i x_ij <= cap_j``. Ours is
``catchments.planning.solver.solve`` with no current plan to keep (every building "uncovered",
no contiguity, no move term), i.e. CP-SAT on the same model. Same objective or better is the
target, and the speed ratio is printed.

Run: ``.venv/bin/python bench/pmedian.py``.
"""

from __future__ import annotations

import time

import numpy as np
import pulp
from spopt.locate import PMedian

from catchments.planning import RebalanceOptions, RebalanceProblem, solve
from catchments.planning.common import served_bands


def instance(
    n: int = 1000, k: int = 20, seed: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    buildings = rng.uniform(0, 10_000, size=(n, 2))
    clinics = rng.uniform(0, 10_000, size=(k, 2))
    cost = np.hypot(buildings[:, None, 0] - clinics[:, 0], buildings[:, None, 1] - clinics[:, 1])
    cost = np.round(cost / 1.25 / 60, 1)  # walking minutes, 0.1 min resolution
    weight = rng.integers(1, 60, n)
    capacity = np.full(k, int(weight.sum() / k * 1.15))
    return cost, weight, capacity


def ours(
    cost: np.ndarray, weight: np.ndarray, capacity: np.ndarray
) -> tuple[float, float, np.ndarray]:
    n, k = cost.shape
    population = np.zeros((n, 5), dtype=np.int64)
    population[:, 3] = weight
    problem = RebalanceProblem(
        population=population,
        neighbours=np.zeros((0, 2), dtype=np.int64),
        district_clinic=np.arange(k),
        district_family=np.zeros(k, dtype=np.int64),
        district_bands=np.tile(served_bands("gp", ["gp"]), (k, 1)),
        capacity=capacity.astype(np.int64),
        people_per_doctor=np.full(k, 1700.0),
        travel_s=cost * 60.0,
        current=np.full((n, 2), -1, dtype=np.int64),
        clinic_accepts=np.ones(k, dtype=bool),
    )
    options = RebalanceOptions(
        max_hops=None, contiguity=False, move_cost_min=0.0, max_move_share=None,
        max_travel_s=None, time_limit_s=120.0, relative_gap=0.0,
        uncovered_cost_min=1e4,
    )  # fmt: skip
    started = time.perf_counter()
    solution = solve(problem, options)
    elapsed = time.perf_counter() - started
    chosen = solution.assignment[:, 0]
    objective = float((weight * cost[np.arange(n), chosen]).sum())
    assert (chosen >= 0).all()
    assert (solution.load_after <= capacity).all()
    return objective, elapsed, chosen


def theirs(cost: np.ndarray, weight: np.ndarray, capacity: np.ndarray) -> tuple[float, float]:
    started = time.perf_counter()
    model = PMedian.from_cost_matrix(
        cost, weight, p_facilities=cost.shape[1], facility_capacities=capacity
    )
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    elapsed = time.perf_counter() - started
    assigned = np.array([model.fac2cli[j] for j in range(cost.shape[1])], dtype=object)
    choice = np.full(cost.shape[0], -1)
    for j, clients in enumerate(assigned):
        choice[list(clients)] = j
    objective = float((weight * cost[np.arange(cost.shape[0]), choice]).sum())
    return objective, elapsed


def main() -> None:
    cost, weight, capacity = instance()
    ours_objective, ours_s, _ = ours(cost, weight, capacity)
    print(f"emhana (CP-SAT)     : objective {ours_objective:,.1f} in {ours_s:.2f} s")
    spopt_objective, spopt_s = theirs(cost, weight, capacity)
    print(f"spopt PMedian (CBC) : objective {spopt_objective:,.1f} in {spopt_s:.2f} s")
    print(
        f"objective ratio ours/spopt = {ours_objective / spopt_objective:.6f} (target <= 1); "
        f"speed-up = {spopt_s / ours_s:.1f}x (target >= 100x)"
    )


if __name__ == "__main__":
    main()
