"""Exact single-source capacitated assignment: every building to one clinic, no clinic overfull.

With every clinic open, the capacitated p-median of Issue 7 is the *generalized assignment
problem*::

    minimise    Σ_i Σ_j w_i c_ij x_ij
    subject to  Σ_j x_ij = 1             for every building i   (one district per building)
                Σ_i w_i x_ij <= cap_j    for every clinic j     (no capacity violation)
                x_ij in {0, 1}

:func:`capacitated_assignment` solves it exactly, in four steps that each use a real solver:

1. **LP relaxation.** Dropping integrality leaves a transportation problem, solved as a
   min-cost flow by OR-Tools (HiGHS's dual simplex when costs are too large for its 64-bit
   integers). Its capacity duals ``v`` (shortest-path potentials of the flow) give the
   lower bound ``LB = Σ_i min_j w_i (c_ij + v_j) - Σ_j v_j cap_j``, recomputed here from ``v``
   so it is a valid bound whatever the LP's floating-point accuracy (weak duality holds for
   any ``v >= 0``).
2. **Rounding.** The LP splits few buildings between clinics (a basic solution at most
   ``k - 1``; 13 on the benchmark). Each building goes to the clinic of its largest share
   and a greedy repair moves the cheapest buildings out of the few overfull clinics (a tiny
   CP-SAT model places the split ones in what capacity is left when the repair finds no
   room). A local search (moves and swaps) polishes it, and a short HiGHS search restricted
   to the pairs of least reduced cost, polished too, may improve it. The best is the
   incumbent, whose cost is the upper bound ``UB``.
3. **Reduced-cost fixing.** For every feasible plan ``x``, ``objective(x) >= LB + Σ rc_ij x_ij``
   with ``rc_ij = w_i (c_ij + v_j) - min_l w_i (c_il + v_l) >= 0``. So a pair with
   ``rc_ij > UB - LB`` is in no plan at least as good as the one we hold, and is dropped: exact.
4. **Exact search** on what is left, by HiGHS's branch and cut (:func:`scipy.optimize.milp`) or
   CP-SAT (hinted with the incumbent, objective bounded below by ``ceil(LB)``), to proven
   optimality or the time limit.

Costs are scaled to whole numbers of ``cost_step`` (detected: travel minutes rounded to 0.1
become tenths), so objectives and bounds are integers: a bound is rounded up, and "optimal"
means the plan's cost meets a proven bound. CP-SAT proves in exact integer arithmetic; HiGHS's
branch and cut works in floating point (1e-6 tolerances), and its plans are re-checked here in
integers before they are accepted.

How hard the last step is depends on the instance. On the benchmark (1,000 buildings x 20
clinics, ``bench/pmedian.py``) the LP bound is 0.047 % below the optimum; the repaired
rounding is 0.11 % above it, the local search brings that to 0.056 % (in 16 ms from the
start) and the quick HiGHS search among the cheapest pairs, polished, to 0.02 %, so fixing
keeps 4,898 of the 20,000 pairs (from the optimum itself it would keep 3,910, with 654
buildings still free to choose). Even a Lagrangian bound with whole-building knapsacks per
clinic leaves 0.009 % open, and closing it takes every solver tried thousands of
branch-and-bound nodes: 17.5 s for HiGHS on the 4,898 pairs (16-48 s on other sets of 4,800-
6,000 pairs kept from other incumbents: its time depends on which pairs far more than on how
many), 35-150 s for CP-SAT, 48 s for SCIP. HiGHS,
which gets there without a good incumbent, is the default; CP-SAT re-fixes and restarts
whenever it finds a plan that shrinks the model by a fifth.

HiGHS is used through SciPy rather than ``highspy`` on purpose: ``highspy`` and OR-Tools each
ship their own HiGHS and cannot be loaded into one process (an undefined-symbol ImportError,
whichever comes second); SciPy's copy coexists with OR-Tools.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]
from ortools.sat.python import cp_model
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import NegativeCycleError, shortest_path

from .common import PlanningError, cp_sat_solver

__all__ = [
    "AssignmentStatus",
    "CapacitatedAssignment",
    "Engine",
    "capacitated_assignment",
    "transportation",
]

AssignmentStatus = Literal["optimal", "feasible", "infeasible", "unknown"]
Engine = Literal["highs", "cp-sat"]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_FUNCTION: Final = "capacitated_assignment"
_DECIMALS: Final = 6
"""Finest cost step detected (1e-6 cost units); costs off every decimal grid are rounded to it."""
_EXACT_FLOAT: Final = 2**52
"""Largest objective (in cost steps) kept exact in float64, which HiGHS computes in."""
_CORE_PAIRS: Final = 1.1
"""The quick search for a better incumbent keeps the 1.1 n pairs of least reduced cost..."""
_CORE_SECONDS: Final = 1.0
"""...for at most a second..."""
_CORE_SHARE: Final = 0.5
"""...and half the time left: under a tight limit its plan, polished by the local search, is
the answer (measured on the benchmark with the earlier rounding: 483,765 given 0.62 s with
this share, 484,290 with a tenth), and the exact search that would get the rest cannot finish
anyway."""
_REFIX_SHARE: Final = 0.8
"""CP-SAT restarts on a better plan once re-fixing would drop at least 20 % of its pairs."""


@dataclass(frozen=True)
class CapacitatedAssignment:
    """A single-source capacitated assignment and how far it is proven.

    Attributes
    ----------
    choice
        Clinic index of every building, shape (n,); -1 everywhere when there is no plan.
    objective
        ``Σ_i weight_i * cost[i, choice_i]`` in the input's cost units (``inf`` without a plan).
    lower_bound
        No plan has a smaller objective (``inf`` when none exists). Equal to ``objective``
        when optimal (up to ``cost_step`` rounding, see :func:`capacitated_assignment`).
    status
        ``optimal`` (proven), ``feasible`` (a plan, not proven: time limit or
        ``relative_gap``), ``infeasible`` (proven: no plan exists, see ``message``) or
        ``unknown`` (time ran out before any plan was found).
    seconds
        Wall-clock time of the whole call.
    load
        Weight assigned to each clinic, shape (k,); zeros without a plan.
    lp_bound
        The LP relaxation's bound, before any search (``inf`` if the LP is infeasible).
    pairs_searched
        (building, clinic) pairs left for the exact search after reduced-cost fixing.
    cost_step
        Cost unit the search worked in (costs were multiples of it, or were rounded to it).
    message
        One line on how the answer was reached or why there is none.
    """

    choice: IntArray
    objective: float
    lower_bound: float
    status: AssignmentStatus
    seconds: float
    load: IntArray
    lp_bound: float
    pairs_searched: int
    cost_step: float
    message: str

    @property
    def gap(self) -> float:
        """Relative optimality gap ``(objective - lower_bound) / |objective|`` (0 when proven)."""
        if self.status == "optimal":
            return 0.0
        if not math.isfinite(self.objective) or not math.isfinite(self.lower_bound):
            return math.inf
        return (self.objective - self.lower_bound) / max(abs(self.objective), 1e-12)


def capacitated_assignment(
    cost: ArrayLike,
    weight: ArrayLike,
    capacity: ArrayLike,
    *,
    allowed: ArrayLike | None = None,
    time_limit_s: float = 120.0,
    relative_gap: float = 0.0,
    cost_step: float | None = None,
    engine: Engine = "highs",
    seed: int = 0,
) -> CapacitatedAssignment:
    """Assign every building to one clinic, minimising weighted cost, within capacities.

    Parameters
    ----------
    cost
        Cost of serving building ``i`` from clinic ``j``, shape (n, k), e.g. travel minutes.
        ``inf`` marks an unreachable pair (never chosen); NaN and ``-inf`` are errors.
    weight
        People in each building, shape (n,): non-negative whole numbers (capacities count
        people, and the exact search needs integers).
    capacity
        People each clinic may take, shape (k,): non-negative, fractions rounded down
        (weights are whole), ``inf`` for no limit.
    allowed
        Optional boolean (n, k) mask of permitted pairs, for callers that limit reach (e.g.
        travel time over a norm). Pairs with infinite cost are never allowed.
    time_limit_s
        Wall-clock budget for the whole call. The best plan so far is returned when it runs
        out, with status ``feasible`` and a valid ``lower_bound``. Each solver gets the time
        left; the LP and the rounding always run (about 15 ms on the benchmark), and a HiGHS
        search, once started, can overrun by its setup (tens of milliseconds).
    relative_gap
        Stop once ``(objective - lower_bound) / objective <= relative_gap``; 0 proves
        optimality. A stop on this gap reports ``feasible``, not ``optimal``.
    cost_step
        Cost unit of the exact search. ``None`` detects the coarsest of 1, 0.1, ..., 1e-6 that
        every allowed cost is a multiple of (0.1 for travel minutes rounded to 0.1), else uses
        1e-6. Costs off the grid are rounded to it: ``optimal`` then means optimal for the
        rounded costs, and ``lower_bound`` is lowered by the largest possible rounding error
        so it stays valid for the given costs.
    engine
        ``highs`` (default; HiGHS branch and cut, faster on the benchmark) or ``cp-sat``
        (OR-Tools CP-SAT, exact integer arithmetic) for the exact search.
    seed
        Random seed of CP-SAT (the rounding step and the ``cp-sat`` engine).

    Returns
    -------
    CapacitatedAssignment

    Raises
    ------
    PlanningError
        When an input has the wrong shape, NaN or negative weights or capacities, fractional
        weights, an unknown engine, or costs too large for exact integer search.

    Examples
    --------
    Two clinics of 10 people each; the nearest clinic of all three buildings is clinic 0,
    which cannot take them all, so the optimum sends the cheapest-to-move building (2: one
    minute more for 4 people) to clinic 1.

    >>> plan = capacitated_assignment(
    ...     [[1.0, 5.0], [1.0, 6.0], [2.0, 3.0]], [6, 3, 4], [10, 10]
    ... )
    >>> plan.choice.tolist(), plan.objective, plan.status
    ([0, 0, 1], 21.0, 'optimal')
    """
    started = time.perf_counter()
    deadline = started + _positive(time_limit_s, "time_limit_s")
    if not 0.0 <= float(relative_gap) < 1.0:
        raise PlanningError(f"{_FUNCTION}: relative_gap={relative_gap!r}; use a value in [0, 1)")
    if engine not in ("highs", "cp-sat"):
        raise PlanningError(f"{_FUNCTION}: engine={engine!r}; use 'highs' or 'cp-sat'")
    costs, weights, capacities, mask = _checked(cost, weight, capacity, allowed)
    n, k = costs.shape
    step = _cost_step(costs, mask) if cost_step is None else _positive(cost_step, "cost_step")
    scaled = np.round(np.where(mask, costs, 0.0) / step)
    # A plan's true objective is its rounded one plus Σ_i w_i (c - rounded c) at its pairs, so
    # at least the rounded one plus this (0 when every cost is on the grid).
    rounding = np.where(mask, np.where(mask, costs, 0.0) - scaled * step, np.inf)
    rounding[np.abs(rounding) <= 1e-9 * np.maximum(1.0, np.abs(costs))] = 0.0  # float noise
    offset = math.fsum(weights * np.minimum(rounding.min(axis=1, initial=np.inf), 0.0))
    per_unit = round(1.0 / step)

    def in_units(steps: float) -> float:
        """Cost steps to cost units; dividing by 10 (not x 0.1) keeps 4835583 -> 483558.3."""
        if abs(per_unit * step - 1.0) < 1e-12:
            return steps / per_unit + offset
        return steps * step + offset

    def finish(
        status: AssignmentStatus,
        message: str,
        *,
        choice: IntArray | None = None,
        bound: float | None = None,
        lp_bound: float = math.inf,
        pairs: int = 0,
    ) -> CapacitatedAssignment:
        """The result; bounds arrive in cost steps and leave in cost units."""
        if choice is None:
            choice = np.full(n, -1, dtype=np.int64)
            objective = math.inf
            load = np.zeros(k, dtype=np.int64)
        else:
            # Buildings without people cost nothing anywhere: their cheapest clinic, for maps.
            empty = weights == 0
            choice = np.where(empty, np.where(mask, costs, np.inf).argmin(axis=1), choice)
            objective = math.fsum(weights * costs[np.arange(n), choice])
            load = np.bincount(choice, weights=weights, minlength=k).astype(np.int64)
        if bound is None:  # nothing proven: infinite when no plan exists, else none
            lower = math.inf if status == "infeasible" else -math.inf
        else:
            lower = min(in_units(bound), objective)
        return CapacitatedAssignment(
            choice=choice,
            objective=objective,
            lower_bound=lower,
            status=status,
            seconds=time.perf_counter() - started,
            load=load,
            lp_bound=in_units(lp_bound) if math.isfinite(lp_bound) else lp_bound,
            pairs_searched=pairs,
            cost_step=step,
            message=message,
        )

    if n == 0:
        return finish("optimal", "no buildings", choice=np.zeros(0, np.int64), bound=0.0)
    mask &= weights[:, None] <= capacities[None, :]  # too heavy for the clinic's whole capacity
    stranded = np.flatnonzero(~mask.any(axis=1))
    if stranded.size:
        return finish(
            "infeasible",
            f"{stranded.size} building(s) have no allowed clinic with room for them, "
            f"e.g. building {int(stranded[0])} (weight {int(weights[stranded[0]])})",
        )
    if weights.sum() > capacities.sum():
        return finish(
            "infeasible",
            f"total weight {int(weights.sum())} exceeds total capacity {int(capacities.sum())}",
        )
    unit_cost = (weights[:, None] * scaled).astype(np.float64)  # in cost steps, whole numbers
    if np.abs(unit_cost).max(axis=1).sum() >= _EXACT_FLOAT:
        raise PlanningError(
            f"{_FUNCTION}: costs / cost_step reach {np.abs(scaled).max():.3g}, too large for "
            f"exact integer search; pass a coarser cost_step (now {step:g})"
        )

    # 1. LP relaxation and its bound.
    problem = _Problem(unit_cost, weights, capacities, mask)
    lp = _lp_relaxation(problem, deadline=deadline)
    if lp is None:
        return finish("unknown", "time ran out in the LP relaxation")
    if isinstance(lp, str):
        return finish("infeasible", lp)
    fractions, duals = lp
    reduced, lp_bound = _reduced_costs(problem, duals)
    bound = _ceil(lp_bound)

    # 2. Rounding, then a quick search among the cheapest pairs, each polished by local
    # search: an incumbent plan.
    incumbent = _round(problem, fractions, deadline=deadline, seed=seed)
    if incumbent is not None:
        incumbent = _local_search(problem, incumbent, deadline=deadline)
    better = _improve(problem, reduced, incumbent, deadline=deadline)
    if better is not None:
        better = _local_search(problem, better, deadline=deadline)
        if incumbent is None or problem.cost_of(better) < problem.cost_of(incumbent):
            incumbent = better
    upper = math.inf if incumbent is None else problem.cost_of(incumbent)
    if incumbent is not None and (upper <= bound or _within(upper, bound, relative_gap)):
        return finish(
            "optimal" if upper <= bound else "feasible",
            "LP rounding met the LP bound",
            choice=incumbent,
            bound=min(bound, upper),
            lp_bound=lp_bound,
        )
    if incumbent is not None and time.perf_counter() >= deadline:
        # Starting a branch and cut only to stop it costs HiGHS tens of milliseconds of setup.
        return finish(
            "feasible",
            "time ran out before the exact search: the rounded LP plan, polished while time lasted",
            choice=incumbent,
            bound=bound,
            lp_bound=lp_bound,
        )

    # 3-4. Reduced-cost fixing and exact search.
    search = _search_highs if engine == "highs" else _search_cp_sat
    outcome = search(
        problem,
        _Fixing(reduced, lp_bound, incumbent, upper),
        deadline=deadline,
        relative_gap=float(relative_gap),
        seed=seed,
    )
    if outcome.choice is None:
        if outcome.proven:
            return finish("infeasible", outcome.message, lp_bound=lp_bound)
        return finish("unknown", outcome.message, bound=bound, lp_bound=lp_bound)
    plan_cost = problem.cost_of(outcome.choice)
    best_bound = min(max(bound, outcome.bound), plan_cost)
    return finish(
        # Optimal: the plan meets a lower bound, both whole numbers of cost steps.
        "optimal" if plan_cost <= best_bound else "feasible",
        outcome.message,
        choice=outcome.choice,
        bound=best_bound,
        lp_bound=lp_bound,
        pairs=outcome.pairs,
    )


@dataclass(frozen=True)
class _Problem:
    """The validated instance the solvers see; costs in whole cost steps."""

    unit_cost: FloatArray  # (n, k): weight * cost / cost_step, whole numbers
    weights: IntArray  # (n,)
    capacities: IntArray  # (k,), at most the total weight
    mask: BoolArray  # (n, k): allowed, reachable and light enough

    def cost_of(self, choice: IntArray) -> float:
        return float(self.unit_cost[np.arange(choice.size), choice].sum())

    def plan(self, rows: IntArray, cols: IntArray, values: FloatArray) -> IntArray | None:
        """A 0/1 solution over the pairs (rows, cols) as a plan, checked in integers.

        None if solver tolerances let a building go unassigned, twice or over capacity.
        """
        taken = values > 0.5
        choice = np.full(self.weights.size, -1, dtype=np.int64)
        choice[rows[taken]] = cols[taken]
        if np.count_nonzero(taken) != choice.size or (choice < 0).any():
            return None
        load = np.bincount(choice, weights=self.weights, minlength=self.capacities.size)
        return choice if (load <= self.capacities).all() else None


@dataclass(frozen=True)
class _Fixing:
    """What reduced-cost fixing starts from: LP reduced costs, LP bound and the incumbent."""

    reduced: FloatArray  # (n, k), inf where not allowed
    lp_bound: float
    incumbent: IntArray | None
    upper: float  # the incumbent's cost (inf without one)

    def kept(self, upper: float) -> BoolArray:
        """Pairs that can be in a plan costing at most ``upper`` (float noise forgiven)."""
        slack = upper - self.lp_bound
        if not math.isfinite(slack):
            return np.isfinite(self.reduced)
        return self.reduced <= slack + 1e-7 * max(1.0, abs(slack)) + 1e-6


@dataclass(frozen=True)
class _Outcome:
    choice: IntArray | None
    bound: float  # lower bound in cost steps on the restricted (hence global) optimum
    proven: bool  # without a plan: no plan exists
    pairs: int
    message: str


def _positive(value: float, name: str) -> float:
    number = float(value)
    if not number > 0 or not math.isfinite(number):
        raise PlanningError(f"{_FUNCTION}: {name}={value!r}; use a positive finite number")
    return number


def _checked(
    cost: ArrayLike, weight: ArrayLike, capacity: ArrayLike, allowed: ArrayLike | None
) -> tuple[FloatArray, IntArray, IntArray, BoolArray]:
    """The inputs as arrays of the right shapes; a clear error otherwise."""
    try:
        costs = np.asarray(cost, dtype=np.float64)
        weights_f = np.asarray(weight, dtype=np.float64)
        capacities_f = np.asarray(capacity, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise PlanningError(f"{_FUNCTION}: cost, weight and capacity must be numeric") from error
    if costs.ndim != 2:
        raise PlanningError(
            f"{_FUNCTION}: cost must be 2-D (buildings x clinics), got {costs.shape}"
        )
    n, k = costs.shape
    if weights_f.shape != (n,):
        raise PlanningError(
            f"{_FUNCTION}: weight has shape {weights_f.shape}; cost has {n} buildings (rows)"
        )
    if capacities_f.shape != (k,):
        raise PlanningError(
            f"{_FUNCTION}: capacity has shape {capacities_f.shape}; cost has {k} clinics (columns)"
        )
    if np.isnan(costs).any():
        i, j = np.argwhere(np.isnan(costs))[0]
        raise PlanningError(
            f"{_FUNCTION}: cost has {int(np.isnan(costs).sum())} NaN value(s), e.g. "
            f"[{i}, {j}]; use inf for an unreachable pair"
        )
    if np.isneginf(costs).any():
        raise PlanningError(f"{_FUNCTION}: cost has -inf; costs must be finite or +inf")
    for name, values in (("weight", weights_f), ("capacity", capacities_f)):
        if np.isnan(values).any() or (values < 0).any():
            bad = int(np.flatnonzero(np.isnan(values) | (values < 0))[0])
            raise PlanningError(
                f"{_FUNCTION}: {name} must be non-negative, got {values[bad]:g} at index {bad}"
            )
    if not np.isfinite(weights_f).all() or (weights_f != np.round(weights_f)).any():
        bad = int(np.flatnonzero(~np.isfinite(weights_f) | (weights_f != np.round(weights_f)))[0])
        raise PlanningError(
            f"{_FUNCTION}: weight must be whole people, got {weights_f[bad]:g} at index {bad}; "
            "round the weights (or scale them to integers along with the capacities)"
        )
    weights = weights_f.astype(np.int64)
    # Whole weights: Σ w x <= cap is Σ w x <= floor(cap); more than Σ w is no limit at all.
    capacities = np.floor(np.minimum(capacities_f, float(weights.sum()))).astype(np.int64)
    mask = np.isfinite(costs)
    if allowed is not None:
        given = np.asarray(allowed)
        if given.shape != (n, k):
            raise PlanningError(f"{_FUNCTION}: allowed has shape {given.shape}; expected {(n, k)}")
        if given.dtype != np.bool_:
            raise PlanningError(
                f"{_FUNCTION}: allowed must be a boolean mask, got dtype {given.dtype}"
            )
        mask &= given
    return costs, weights, capacities, mask


def _cost_step(costs: FloatArray, mask: BoolArray) -> float:
    """Coarsest decimal step (1, 0.1, ..., 1e-6) every allowed cost is a multiple of."""
    values = np.abs(costs[mask])
    for decimals in range(_DECIMALS + 1):
        scaled = values * 10.0**decimals
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1.0, scaled)):
            return 10.0**-decimals
    return 10.0**-_DECIMALS


def _ceil(value: float) -> float:
    """``ceil`` that forgives float noise just above an integer (a bound must stay valid)."""
    return float(math.ceil(value - 1e-9 * max(1.0, abs(value))))


def _within(upper: float, lower: float, relative_gap: float) -> bool:
    return relative_gap > 0 and upper - lower <= relative_gap * max(abs(upper), 1e-12)


def transportation(
    unit_cost: IntArray, supply: IntArray, capacity: IntArray, allowed: BoolArray | None = None
) -> IntArray | None:
    """Least-cost shipment of every source's supply to sinks within their capacities.

    The transportation problem ``min Σ c_ij y_ij`` with ``Σ_j y_ij = supply_i``,
    ``Σ_i y_ij <= capacity_j`` and ``y >= 0`` over the allowed pairs, as a min-cost flow
    solved by OR-Tools (``SimpleMinCostFlow``): integer costs and amounts, so the flows are
    whole and exact.

    Parameters
    ----------
    unit_cost
        ``(n, k)`` whole-number cost of shipping one unit from ``i`` to ``j``.
    supply, capacity
        ``(n,)`` and ``(k,)`` non-negative whole amounts.
    allowed
        Optional ``(n, k)`` mask of the pairs that may carry flow (default: all).

    Returns
    -------
    numpy.ndarray or None
        ``(n, k)`` flows, or None when the capacities cannot take every supply.

    Raises
    ------
    PlanningError
        When the costs are too large for OR-Tools' 64-bit arithmetic.
    """
    n, k = unit_cost.shape
    mask = np.ones((n, k), dtype=bool) if allowed is None else allowed
    rows, cols = np.nonzero(mask & (supply[:, None] > 0))
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = n + k
    tails = np.concatenate([rows, n + np.arange(k)]).astype(np.int32)
    heads = np.concatenate([n + cols, np.full(k, sink)]).astype(np.int32)
    caps = np.concatenate([supply[rows], capacity]).astype(np.int64)
    costs = np.concatenate([unit_cost[rows, cols], np.zeros(k)]).astype(np.int64)
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([supply, np.zeros(k), [-supply.sum()]]).astype(np.int64)
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    code = flow.solve()
    if code == flow.BAD_COST_RANGE:
        raise PlanningError(
            f"transportation: costs up to {int(np.abs(costs).max())} overflow the min-cost "
            "flow's 64-bit arithmetic; use a coarser cost unit"
        )
    if code != flow.OPTIMAL:
        return None
    shipped = np.zeros((n, k), dtype=np.int64)
    shipped[rows, cols] = np.asarray(flow.flows(arcs), dtype=np.int64)[: rows.size]
    return shipped


def _lp_relaxation(
    problem: _Problem, *, deadline: float
) -> tuple[FloatArray, FloatArray] | str | None:
    """LP fractions (n, k) and capacity duals ``v >= 0`` (k,); a message if infeasible.

    With ``y_ij = w_i x_ij`` (people of building ``i`` sent to clinic ``j``) the relaxation is
    a transportation problem in whole people, solved as a min-cost flow (:func:`transportation`:
    7 ms on the benchmark where HiGHS's dual simplex through ``linprog`` took 100 ms, for the
    same bound). The flow is optimal but not necessarily a vertex, so it may split more than
    ``k - 1`` buildings; the rounding places any number of them. None when time ran out (only
    in the HiGHS fallback: the flow takes milliseconds).
    """
    weights = problem.weights
    # Per-person cost in whole cost steps (exact: unit_cost is weight x whole steps).
    per_person = np.round(problem.unit_cost / np.maximum(weights, 1)[:, None])
    try:
        shipped = transportation(
            per_person.astype(np.int64), weights, problem.capacities, problem.mask
        )
    except PlanningError:  # costs x nodes past 64 bits (OR-Tools' check): floating point
        return _lp_relaxation_highs(problem, deadline=deadline)
    if shipped is None:
        return "the capacities cannot hold every building even fractionally (LP infeasible)"
    fractions = shipped / np.maximum(weights, 1)[:, None]
    # Buildings without people weigh and cost nothing: any allowed clinic (finish() shows them
    # at their cheapest).
    empty = np.flatnonzero(weights == 0)
    fractions[empty, np.where(problem.mask[empty], per_person[empty], np.inf).argmin(axis=1)] = 1.0
    duals = _capacity_duals(per_person, problem.mask, shipped, problem.capacities)
    if duals is None:  # a flow that is not optimal (cannot happen): take the LP's own duals
        return _lp_relaxation_highs(problem, deadline=deadline)
    return fractions, duals


def _capacity_duals(
    per_person: FloatArray, mask: BoolArray, shipped: IntArray, capacity: IntArray
) -> FloatArray | None:
    """Optimal capacity duals ``v >= 0`` of a transportation problem, from an optimal flow.

    Complementary slackness asks ``c_ij + v_j <= c_il + v_l`` wherever building ``i`` sends
    people to ``j`` and may go to ``l``, and ``v_j = 0`` for a clinic with room: shortest-path
    potentials on the k clinics, from the clinics with room, over arcs ``l -> j`` of length
    ``min_i (c_il - c_ij)`` (SciPy's Bellman-Ford: lengths may be negative, never in a
    cycle, or the flow would not be optimal). Clinics no clinic with room reaches are all
    full; they get the least common offset that keeps every condition. None on a negative
    cycle.
    """
    k = capacity.size
    i, j = np.nonzero(shipped)
    detour = np.where(mask[i], per_person[i], np.inf) - per_person[i, j][:, None]
    length = np.full((k, k), np.inf)
    np.minimum.at(length.T, j, detour)  # length[l, j]: cheapest move of a person from j to l
    np.fill_diagonal(length, np.inf)
    room = shipped.sum(axis=0) < capacity
    try:
        distance = _distances_from(length, np.flatnonzero(room))
        cut_off = ~np.isfinite(distance)
        if not cut_off.any():
            return distance
        ids = np.flatnonzero(cut_off)
        within = _distances_from(length[np.ix_(ids, ids)], np.arange(ids.size))
    except NegativeCycleError:
        return None
    # v_u >= v_r - length[u, r] for arcs from a cut-off clinic u to a reached one r.
    reached = np.flatnonzero(~cut_off)
    need = distance[reached][None, :] - length[np.ix_(ids, reached)] - within[:, None]
    offset = max(0.0, float(-within.min()), float(need.max(initial=-np.inf)))
    distance[ids] = within + offset
    return distance


def _distances_from(length: FloatArray, starts: IntArray) -> FloatArray:
    """Shortest distances over ``length`` (``inf``: no arc) from any of ``starts``.

    A virtual node with zero-length arcs to ``starts`` is the source of SciPy's Bellman-Ford
    (lengths may be negative); unreached nodes get ``inf``. Raises ``NegativeCycleError``.
    """
    k = length.shape[0]
    tails, heads = np.nonzero(np.isfinite(length))
    graph = sparse.csr_array(  # explicit zero lengths stay arcs in a csr_array
        (
            np.concatenate([length[tails, heads], np.zeros(starts.size)]),
            (np.concatenate([tails, np.full(starts.size, k)]), np.concatenate([heads, starts])),
        ),
        shape=(k + 1, k + 1),
    )
    return np.asarray(shortest_path(graph, method="BF", indices=k)[:k], dtype=np.float64)


def _lp_relaxation_highs(
    problem: _Problem, *, deadline: float
) -> tuple[FloatArray, FloatArray] | str | None:
    """The LP relaxation by HiGHS's dual simplex, for costs too large for the min-cost flow.

    Rare: the exact search already needs ``Σ_i w_i max_j c_ij < 2**52``. Same contract as
    :func:`_lp_relaxation`; a basic solution, so at most ``k - 1`` splits.
    """
    n, k = problem.unit_cost.shape
    rows, cols = np.nonzero(problem.mask)
    one_each, loads = _constraint_matrices(problem, rows, cols)
    result: Any = linprog(
        problem.unit_cost[rows, cols],
        A_ub=loads,
        b_ub=problem.capacities.astype(np.float64),
        A_eq=one_each,
        b_eq=np.ones(n),
        bounds=(0, None),
        method="highs-ds",
        options={"time_limit": max(deadline - time.perf_counter(), 0.01)},
    )
    if result.status == 2:
        return "the capacities cannot hold every building even fractionally (LP infeasible)"
    if result.status != 0:
        return None
    fractions = np.zeros((n, k))
    fractions[rows, cols] = result.x
    duals = np.maximum(-np.asarray(result.ineqlin.marginals, dtype=np.float64), 0.0)
    return fractions, duals


def _constraint_matrices(
    problem: _Problem, rows: IntArray, cols: IntArray
) -> tuple[sparse.csr_array, sparse.csr_array]:
    """One clinic per building (n x pairs) and clinic loads (k x pairs) over the given pairs."""
    n, k = problem.unit_cost.shape
    pairs = np.arange(rows.size)
    one_each = sparse.csr_array((np.ones(rows.size), (rows, pairs)), shape=(n, rows.size))
    weights = problem.weights[rows].astype(np.float64)
    loads = sparse.csr_array((weights, (cols, pairs)), shape=(k, rows.size))
    return one_each, loads


def _reduced_costs(problem: _Problem, duals: FloatArray) -> tuple[FloatArray, float]:
    """Reduced costs (inf where not allowed) and the bound they prove, from duals ``v >= 0``.

    For any plan ``x``: ``Σ c x = Σ rc x + Σ_i u_i - Σ_j v_j load_j >= LB + Σ rc x`` with
    ``u_i = min_j (c_ij + w_i v_j)`` and ``LB = Σ u_i - Σ v_j cap_j``, whatever ``v >= 0`` is:
    recomputing the bound this way keeps it valid despite the LP's floating-point tolerances.
    """
    priced = problem.unit_cost + problem.weights[:, None] * duals[None, :]
    priced = np.where(problem.mask, priced, np.inf)
    cheapest = priced.min(axis=1)
    bound = math.fsum(cheapest) - math.fsum(duals * problem.capacities)
    return priced - cheapest[:, None], bound


def _round(
    problem: _Problem, fractions: FloatArray, *, deadline: float, seed: int
) -> IntArray | None:
    """LP solution made whole.

    Every building first goes to the clinic holding its largest LP share, which overfills
    the clinics that split buildings by a few people (61 on the benchmark), and
    :func:`_repair` moves the cheapest buildings out of them: 484,113 on the benchmark in
    1 ms, where placing only the split buildings in the capacity left over (by CP-SAT, kept
    for when the repair finds no room) gives 487,500. None when neither fits (the exact
    search then starts without an incumbent).
    """
    repaired = _repair(problem, fractions.argmax(axis=1).astype(np.int64))
    if repaired is not None:
        return repaired
    k = problem.capacities.size
    weights = problem.weights
    whole = fractions.max(axis=1) >= 1.0 - 1e-6
    choice = np.where(whole, fractions.argmax(axis=1), -1).astype(np.int64)
    used = np.bincount(choice[whole], weights=weights[whole], minlength=k)
    left = problem.capacities - used.astype(np.int64)
    split = np.flatnonzero(~whole)
    if (left < 0).any():
        return None
    if split.size == 0:
        return choice
    keep = np.zeros_like(problem.mask)
    keep[split] = problem.mask[split] & (weights[split, None] <= left[None, :])
    if not keep[split].any(axis=1).all():
        return None
    model = _GapModel(problem, keep, split, left)
    solver = _cp_sat_solver(min(deadline - time.perf_counter(), 2.0), seed=seed)
    if solver.solve(model.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return model.plan(solver, choice)


def _repair(problem: _Problem, choice: IntArray) -> IntArray | None:
    """``choice`` with its overfull clinics emptied to within capacity, greedily.

    Each step moves, out of an overfull clinic, the building whose move to a clinic with
    room for it costs least per person of overflow it removes; every step removes at least
    one person of overflow and fills no clinic past its capacity, so it ends. None when no
    building of an overfull clinic fits anywhere else. A few array operations per step,
    written here for the same reason as :func:`_local_search`.
    """
    priced = np.where(problem.mask, problem.unit_cost, np.inf)
    weights = problem.weights
    k = problem.capacities.size
    choice = choice.copy()
    room = problem.capacities - np.bincount(choice, weights=weights, minlength=k).astype(np.int64)
    while (room < 0).any():
        over = np.maximum(-room, 0)
        movers = np.flatnonzero((over[choice] > 0) & (weights > 0))
        relieved = np.minimum(weights[movers], over[choice[movers]])
        delta = priced[movers] - priced[movers, choice[movers]][:, None]
        fits = (weights[movers][:, None] <= room[None, :]) & np.isfinite(delta)
        per_person = np.where(fits, delta / relieved[:, None], np.inf)
        best = int(np.argmin(per_person))
        row, j = divmod(best, k)
        if not np.isfinite(per_person[row, j]):
            return None
        i = movers[row]
        room[choice[i]] += weights[i]
        room[j] -= weights[i]
        choice[i] = j
    return choice


def _improve(
    problem: _Problem, reduced: FloatArray, incumbent: IntArray | None, *, deadline: float
) -> IntArray | None:
    """A better plan among the pairs of smallest reduced cost (a heuristic, for the bound).

    The polished rounding stops where no single move or swap helps (0.056 % above the
    optimum on the benchmark). The optimum mostly uses pairs of small reduced cost, so HiGHS,
    given about one extra clinic for every tenth building (the 1.1 n cheapest pairs) and a
    short time, finds a better plan (0.02 % above on the benchmark once polished, by 0.17 s
    from the start) that makes reduced-cost fixing bite. Nothing here is needed for
    exactness.
    """
    n = problem.weights.size
    finite = np.sort(reduced[np.isfinite(reduced)])
    keep = problem.mask & (reduced <= finite[min(int(_CORE_PAIRS * n), finite.size - 1)])
    if incumbent is not None:
        keep[np.arange(n), incumbent] = True
    budget = min(_CORE_SECONDS, _CORE_SHARE * (deadline - time.perf_counter()))
    if budget <= 0.01:
        return None
    rows, cols = np.nonzero(keep)
    result = _highs_mip(problem, rows, cols, time_limit_s=budget, relative_gap=0.0)
    return None if result.x is None else problem.plan(rows, cols, np.asarray(result.x))


class _GapModel:
    """CP-SAT model of the buildings ``free`` on the pairs ``keep``, within ``room``.

    One Boolean per kept pair, exactly one per free building, clinic loads within ``room``,
    minimising the free buildings' cost; shared by the rounding and the exact CP-SAT engine.
    """

    def __init__(
        self,
        problem: _Problem,
        keep: BoolArray,
        free: IntArray,
        room: IntArray,
        *,
        hint: IntArray | None = None,
    ) -> None:
        k = problem.capacities.size
        weights = problem.weights
        self.model = cp_model.CpModel()
        self.variables: dict[tuple[int, int], cp_model.IntVar] = {}
        clinic_terms: list[list[tuple[cp_model.IntVar, int]]] = [[] for _ in range(k)]
        for i in free.tolist():
            row = []
            for j in np.flatnonzero(keep[i]).tolist():
                var = self.model.new_bool_var(f"x{i}_{j}")
                self.variables[i, j] = var
                clinic_terms[j].append((var, int(weights[i])))
                row.append(var)
                if hint is not None:
                    self.model.add_hint(var, bool(hint[i] == j))
            self.model.add_exactly_one(row)
        for j, terms in enumerate(clinic_terms):
            if terms:
                self.model.add(sum(w * var for var, w in terms) <= int(room[j]))
        self.objective = sum(
            int(problem.unit_cost[i, j]) * var for (i, j), var in self.variables.items()
        )
        self.model.minimize(self.objective)

    def plan(
        self, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback, base: IntArray
    ) -> IntArray:
        """``base`` with every free building where the solver (or a solution callback) put it."""
        choice = base.copy()
        for (i, j), var in self.variables.items():
            if solver.boolean_value(var):
                choice[i] = j
        return choice


def _cp_sat_solver(time_limit_s: float, *, seed: int) -> cp_model.CpSolver:
    """One CP-SAT worker with the full LP relaxation.

    Measured on the benchmark: the exact search proves optimality this way, where the
    default portfolio on two shared cores does not within minutes.
    """
    solver = cp_sat_solver()
    solver.parameters.max_time_in_seconds = max(time_limit_s, 0.01)
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.random_seed = int(seed)
    return solver


def _local_search(problem: _Problem, choice: IntArray, *, deadline: float) -> IntArray:
    """``choice`` improved by single moves and pairwise swaps until neither helps.

    Moves send one building to a clinic with room; swaps exchange two buildings of two
    clinics when both stay within capacity. Each round takes the best move over all
    buildings (vectorised over the n x k costs), then the best swap of every clinic pair.
    On the benchmark it takes the repaired rounding from 0.11 % to 0.056 % above the
    optimum in about 5 ms; the tighter incumbent also lets reduced-cost fixing drop more
    pairs. Written here because this shift-and-swap descent for the generalised assignment
    problem is a few array operations and no maintained Python package offers it.
    A heuristic only: exactness never depends on it.
    """
    priced = np.where(problem.mask, problem.unit_cost, np.inf)
    weights = problem.weights
    n, k = priced.shape
    rows = np.arange(n)
    choice = choice.copy()
    room = problem.capacities - np.bincount(choice, weights=weights, minlength=k).astype(np.int64)
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        while time.perf_counter() < deadline:
            gain = priced - priced[rows, choice][:, None]
            gain[(weights[:, None] > room[None, :]) | (choice[:, None] == np.arange(k))] = np.inf
            i, j = divmod(int(np.argmin(gain)), k)
            if not gain[i, j] < 0:
                break
            room[choice[i]] += weights[i]
            room[j] -= weights[i]
            choice[i] = j
            improved = True
        members = [np.flatnonzero(choice == a) for a in range(k)]
        for a in range(k):
            for b in range(a + 1, k):
                mine, theirs = members[a], members[b]
                if not (mine.size and theirs.size) or time.perf_counter() >= deadline:
                    continue
                delta = (priced[mine, b][:, None] + priced[theirs, a][None, :]) - (
                    priced[mine, a][:, None] + priced[theirs, b][None, :]
                )
                w_mine, w_theirs = weights[mine][:, None], weights[theirs][None, :]
                fits = (room[b] + w_theirs >= w_mine) & (room[a] + w_mine >= w_theirs)
                delta = np.where(fits, delta, np.inf)
                x, y = divmod(int(np.argmin(delta)), theirs.size)
                if delta[x, y] < 0:
                    i, other = mine[x], theirs[y]
                    choice[i], choice[other] = b, a
                    room[a] += weights[i] - weights[other]
                    room[b] += weights[other] - weights[i]
                    members[a] = np.flatnonzero(choice == a)
                    members[b] = np.flatnonzero(choice == b)
                    improved = True
    return choice


def _highs_mip(
    problem: _Problem, rows: IntArray, cols: IntArray, *, time_limit_s: float, relative_gap: float
) -> Any:
    """HiGHS branch and cut over the pairs (rows, cols): SciPy's ``OptimizeResult``."""
    one_each, loads = _constraint_matrices(problem, rows, cols)
    return milp(
        problem.unit_cost[rows, cols],
        integrality=np.ones(rows.size),
        bounds=Bounds(0, 1),
        constraints=[
            LinearConstraint(one_each, 1, 1),
            LinearConstraint(loads, 0, problem.capacities.astype(np.float64)),
        ],
        options={
            "time_limit": max(time_limit_s, 0.01),
            "mip_rel_gap": relative_gap,
            "disp": False,
        },
    )


def _search_highs(
    problem: _Problem, fixing: _Fixing, *, deadline: float, relative_gap: float, seed: int
) -> _Outcome:
    """HiGHS branch and cut on the pairs reduced-cost fixing keeps (``seed``: HiGHS's own)."""
    del seed  # HiGHS's MIP is deterministic with its default seed
    keep = problem.mask & fixing.kept(fixing.upper)
    rows, cols = np.nonzero(keep)
    remaining = deadline - time.perf_counter()
    result = _highs_mip(problem, rows, cols, time_limit_s=remaining, relative_gap=relative_gap)
    dual_bound = getattr(result, "mip_dual_bound", None)
    bound = _ceil(float(dual_bound)) if dual_bound is not None else -math.inf
    choice = fixing.incumbent
    found = None if result.x is None else problem.plan(rows, cols, np.asarray(result.x))
    if found is not None and problem.cost_of(found) < fixing.upper:
        choice = found
    if result.status == 2:
        # Infeasible. With an incumbent the fixing kept it, so this cannot happen; without
        # one, nothing was fixed and HiGHS proved that no plan exists.
        return _Outcome(choice, math.inf, choice is None, rows.size, "HiGHS: no plan fits")
    what = "finished" if result.status == 0 else "stopped at the time limit"
    return _Outcome(
        choice, bound, False, rows.size, f"HiGHS {what} on {rows.size} pairs kept by fixing"
    )


class _Improvements(cp_model.CpSolverSolutionCallback):
    """Records CP-SAT's plans; stops the search when a better one would re-fix many pairs."""

    def __init__(
        self, model: _GapModel, base: IntArray, *, offset: int, fixing: _Fixing, pairs: int
    ) -> None:
        super().__init__()
        self.model = model
        self.base = base
        self.offset = offset
        self.fixing = fixing
        self.pairs = pairs
        self.best: IntArray | None = None
        self.best_cost = math.inf
        self.restart = False

    def on_solution_callback(self) -> None:
        """Keep the plan; stop if re-fixing with its cost would drop many pairs."""
        self.best = self.model.plan(self, self.base)
        self.best_cost = self.objective_value + self.offset
        if np.count_nonzero(self.fixing.kept(self.best_cost)) <= _REFIX_SHARE * self.pairs:
            self.restart = True
            self.stop_search()


def _search_cp_sat(
    problem: _Problem, fixing: _Fixing, *, deadline: float, relative_gap: float, seed: int
) -> _Outcome:
    """CP-SAT on the kept pairs; re-fixes and restarts whenever a better plan shrinks them."""
    k = problem.capacities.size
    weights = problem.weights
    bound = _ceil(fixing.lp_bound)
    incumbent, upper = fixing.incumbent, fixing.upper
    while True:
        keep = problem.mask & fixing.kept(upper)
        pairs = int(np.count_nonzero(keep))
        base = np.where(keep.sum(axis=1) == 1, keep.argmax(axis=1), -1).astype(np.int64)
        fixed = base >= 0
        room = problem.capacities - np.bincount(
            base[fixed], weights=weights[fixed], minlength=k
        ).astype(np.int64)
        offset = int(problem.unit_cost[np.flatnonzero(fixed), base[fixed]].sum())
        if (room < 0).any() or fixed.all():
            # Fixing left one clinic for every building (that plan, if it fits, is the only
            # one at least as good as the incumbent), or buildings with one clinic overfill it.
            plan = base if (room >= 0).all() else incumbent
            plan_bound = float(offset) if (room >= 0).all() else upper
            message = "reduced-cost fixing left one plan"
            return _Outcome(plan, plan_bound, plan is None, pairs, message)
        model = _GapModel(problem, keep, np.flatnonzero(~fixed), room, hint=incumbent)
        model.model.add(model.objective >= int(bound) - offset)
        if incumbent is not None:
            model.model.add(model.objective <= int(upper) - offset)
        solver = _cp_sat_solver(deadline - time.perf_counter(), seed=seed)
        solver.parameters.relative_gap_limit = relative_gap
        watcher = _Improvements(model, base, offset=offset, fixing=fixing, pairs=pairs)
        code = solver.solve(model.model, watcher)
        if watcher.best is not None and watcher.best_cost < upper:
            incumbent, upper = watcher.best, watcher.best_cost
        if code == cp_model.INFEASIBLE:
            # With an incumbent the model admits it, so infeasible means no plan at all only
            # when there was none to start with.
            return _Outcome(incumbent, bound, incumbent is None, pairs, "CP-SAT: no plan fits")
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bound = max(bound, _ceil(solver.best_objective_bound + offset))
        if code == cp_model.OPTIMAL:
            return _Outcome(incumbent, bound, False, pairs, f"CP-SAT finished on {pairs} pairs")
        if not watcher.restart or time.perf_counter() >= deadline:
            return _Outcome(incumbent, bound, False, pairs, f"CP-SAT stopped on {pairs} pairs")
