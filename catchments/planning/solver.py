"""The numeric core of rebalancing: reassign planning units to districts with OR-Tools CP-SAT.

Everything here works on arrays (units, districts, clinics by position), knows nothing of
geometry or files, and is what ``bench/rebalance.py`` times; :mod:`catchments.planning.rebalance`
builds a :class:`RebalanceProblem` from a region and turns the solution back into buildings,
districts and polygons.

The model
---------
A *unit* is a block of buildings (a tile of the map). Every unit holds residents by age band.
Each unit belongs to one *adult* district (gp or therapist) and, where its clinic has them, one
*pediatric* district, and both belong to the same clinic: a house lies in one clinic's
territory. Which residents a district serves is ``district_bands`` (see
:func:`catchments.planning.common.served_bands`), so a unit moving from a clinic with 0-6
pediatricians to a GP-only clinic moves its small children into the GP district, as it should.

Decision variables: ``x[i, d]`` (unit ``i`` in district ``d``) for every *candidate* pair and
``y[i, c]`` (unit ``i`` in clinic ``c``), linked by ``Σ_{d of c, family f} x[i, d] = y[i, c]``
for each family ``f`` clinic ``c`` has, and ``Σ_c y[i, c] = 1``.

Constraints

- capacity: ``Σ_i served[i, d] x[i, d] - over[d] <= capacity[d]``; ``over[d] >= 0`` is paid
  for at ``overflow_cost_min`` per person, so the model is always feasible (the current
  assignment is a solution) and whatever capacity cannot be met shows up as ``over`` rather
  than as an infeasible model; the report turns it into doctors needed;
- contiguity ("a unit joins a district only through a neighbour of the same district"): every
  district gets, per connected piece of its current territory, a *root* unit that stays in it,
  and a distance label ``dist[d, i]`` (hops from the roots, inside the district first, then
  outwards). A unit ``i`` may be in ``d`` only if one of its neighbours with a smaller label is
  in ``d`` too: ``x[i, d] -> OR_{j ∈ N(i), dist[d, j] < dist[d, i]} x[j, d]``. Following the
  labels down from any unit reaches a root inside the district, so every piece of every
  district stays connected and no district splits into more pieces than it had (the
  "ordering" contiguity constraints of the districting literature). The labels are built so
  the current assignment satisfies them;
- moves: the people changing district, ``Σ moved[i, d] x[i, d] <= max_move_share × people``;
- reach: a unit may join a district only within ``max_hops`` units of its current territory and
  ``max_travel_s`` of its clinic, and only a clinic that ``accepts`` new territory (a clinic
  that is not an SHI supplier, say); its current districts are always allowed.

Objective (minimised, in tenths of person-minutes): travel of every served person to their
clinic, ``move_cost_min`` per person who changes district, one tenth for every unit that
changes district (so empty blocks do not wander), ``overflow_cost_min`` per person over a norm.

How it is solved
----------------
Small models (``RebalanceOptions.global_max_variables``) go to CP-SAT whole, hinted with the
current plan: the contiguity implications are clauses, which CP-SAT propagates natively, and it
proves optimality on them. Larger ones are solved in three steps, each never worse than the
last (every step's model has the previous plan as a feasible complete hint):

1. the LP relaxation of the whole model (HiGHS's dual simplex through SciPy; contiguity as
   ``x[i, d] <= Σ x[support]``), whose objective is a proven lower bound
   (``RebalanceSolution.bound``);
2. its rounding: the model narrowed to the districts the LP uses for each unit (and the current
   ones), which falls apart into small independent pieces, each solved to optimality by CP-SAT;
3. windows: the units of an over-norm district and of the districts competing with it for
   units, re-solved by CP-SAT with everything else fixed, widened when a pass makes no progress
   (a large-neighbourhood search whose neighbourhoods follow the overflow). When every window
   has widened to its limit and time is left, the labels, roots and reach are rebuilt from the
   plan (moves still counted from the current one) and the windows start again.

A unit with a single candidate is a constant, not a variable, so only the band of units near
district boundaries is searched.

How many windows fit in a wall-clock limit depends on the machine and its load, so two runs
can return different plans; with ``RebalanceOptions.deterministic`` the limit counts CP-SAT's
deterministic time instead (workers interleaved, not racing), and the same inputs give the
same plan anywhere.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Final

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]
from ortools.sat.python import cp_model
from scipy.optimize import OptimizeResult, linear_sum_assignment, linprog
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import connected_components

from .assignment import transportation
from .common import PlanningError, cp_sat_solver

__all__ = [
    "MAX_HOPS",
    "MAX_WORKERS",
    "FromScratch",
    "ProgressCallback",
    "RebalanceOptions",
    "RebalanceProblem",
    "RebalanceSolution",
    "SearchStop",
    "SolveProgress",
    "components",
    "evaluate",
    "from_scratch",
    "least_moves_bound",
    "moves_allowed",
    "moves_budget",
    "people_served",
    "solve",
]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

MAX_HOPS: Final = 20
"""The widest reach a plan may be asked for, in blocks past a district's territory (4 km at the
default 200 m tiles): wider, the search grows with its square and moves are no longer a redraw."""
MAX_WORKERS: Final = 64
"""The most CP-SAT search threads: past a machine's cores they only share it, and each costs
memory; a larger number is a typo."""

_SCALE: Final = 10
"""Objective units per person-minute (CP-SAT needs integer coefficients)."""
_UNIT_MOVE_COST: Final = 1
"""Objective units for a unit that changes district, whoever lives there."""


@dataclass(frozen=True, eq=False)
class RebalanceProblem:
    """A rebalancing instance, by position.

    Parameters
    ----------
    population
        ``(n_units, 5)`` residents per age band (``AGE_BANDS`` order), integers >= 0.
    neighbours
        ``(n_pairs, 2)`` unit positions that share a border; order and duplicates do not matter.
    district_clinic
        ``(n_districts,)`` clinic position of each district.
    district_family
        ``(n_districts,)`` 0 for adult (gp, therapist), 1 for pediatric.
    district_bands
        ``(n_districts, 5)`` which age bands each district serves.
    capacity
        ``(n_districts,)`` most residents each district may serve while meeting its norm.
    people_per_doctor
        ``(n_districts,)`` residents one doctor may serve; only used to say how many doctors an
        overflow needs.
    travel_s
        ``(n_units, n_clinics)`` seconds from each unit to each clinic (``inf`` unreachable).
    current
        ``(n_units, 2)`` current adult and pediatric district of each unit, -1 for none.
    clinic_accepts
        ``(n_clinics,)`` whether a clinic may receive units it does not serve now.
    unit_ids, district_ids, clinic_ids
        Names for reports (default: positions).
    """

    population: IntArray
    neighbours: IntArray
    district_clinic: IntArray
    district_family: IntArray
    district_bands: BoolArray
    capacity: IntArray
    people_per_doctor: FloatArray
    travel_s: FloatArray
    current: IntArray
    clinic_accepts: BoolArray
    unit_ids: tuple[str, ...] = ()
    district_ids: tuple[str, ...] = ()
    clinic_ids: tuple[str, ...] = ()

    @property
    def n_units(self) -> int:
        """Number of units."""
        return int(self.population.shape[0])

    @property
    def n_districts(self) -> int:
        """Number of districts."""
        return int(self.district_clinic.shape[0])

    @property
    def n_clinics(self) -> int:
        """Number of clinics."""
        return int(self.travel_s.shape[1])

    def served(self) -> IntArray:
        """``(n_units, n_districts)`` residents of each unit a district would serve."""
        return np.asarray(self.population @ self.district_bands.T.astype(np.int64), dtype=np.int64)

    def check(self) -> None:
        """Raise :class:`PlanningError` naming every inconsistent array."""
        n, m, k = self.n_units, self.n_districts, self.n_clinics
        problems: list[str] = []
        shapes = {
            "population": (self.population, (n, 5)),
            "district_family": (self.district_family, (m,)),
            "district_bands": (self.district_bands, (m, 5)),
            "capacity": (self.capacity, (m,)),
            "people_per_doctor": (self.people_per_doctor, (m,)),
            "travel_s": (self.travel_s, (n, k)),
            "current": (self.current, (n, 2)),
            "clinic_accepts": (self.clinic_accepts, (k,)),
        }
        for name, (array, shape) in shapes.items():
            if array.shape != shape:
                problems.append(f"{name} has shape {array.shape}, expected {shape}")
        if self.neighbours.ndim != 2 or (self.neighbours.size and self.neighbours.shape[1] != 2):
            problems.append(f"neighbours must be (n_pairs, 2), got {self.neighbours.shape}")
        elif self.neighbours.size and (self.neighbours.min() < 0 or self.neighbours.max() >= n):
            problems.append(f"neighbours name units outside 0..{n - 1}")
        if m and (self.district_clinic.min() < 0 or self.district_clinic.max() >= k):
            problems.append(f"district_clinic names clinics outside 0..{k - 1}")
        if not problems:
            if (self.population < 0).any():
                problems.append("population has negative counts")
            if (self.capacity < 0).any():
                problems.append("capacity has negative values")
            if np.isnan(self.travel_s).any() or (self.travel_s < 0).any():
                problems.append("travel_s must be >= 0 (inf for unreachable), without NaN")
            bad = (self.current < -1) | (self.current >= m)
            if bad.any():
                problems.append(f"current names districts outside -1..{m - 1}")
            else:
                for family in (0, 1):
                    have = self.current[:, family] >= 0
                    wrong = self.district_family[self.current[have, family]] != family
                    if wrong.any():
                        problems.append(
                            f"current[:, {family}] names districts of the other family for "
                            f"{int(wrong.sum())} units"
                        )
        if problems:
            raise PlanningError("RebalanceProblem: " + "; ".join(problems))


@dataclass(frozen=True)
class RebalanceOptions:
    """How to rebalance.

    Parameters
    ----------
    max_move_share
        Most people who may change district, as a share of everyone served (None: no bound;
        moves are still paid for by ``move_cost_min``).
    max_travel_s
        A unit may join a district only if its clinic is this close (its current districts are
        always allowed). None: no limit.
    move_cost_min
        What one person changing district costs, in minutes of travel (the least-disruption
        term). 0 ignores disruption.
    overflow_cost_min
        What one person over a norm costs, in minutes of travel: far above any travel saving.
    uncovered_cost_min
        What leaving one person outside every territory costs (with ``assign_uncovered``):
        below ``overflow_cost_min``, so nobody is covered by pushing a district over its norm.
    max_hops
        A unit may join a district at most this many units away from its current territory.
        None: any district (only sensible without contiguity).
    contiguity
        Enforce the contiguity constraints.
    assign_uncovered
        Give units that no district covers now a district (their people are counted as newly
        covered, not as moved); otherwise they stay uncovered.
    time_limit_s
        The search's limit: wall-clock seconds, or with ``deterministic`` CP-SAT's
        deterministic seconds (about a second each on a current core, but counted in work done,
        so the same on every machine and under any load).
    workers
        CP-SAT's search workers.
    relative_gap
        Stop once the solution is proven within this share of the optimum.
    seed
        CP-SAT's random seed (same seed, inputs and workers give the same answer when the
        search finishes before the time limit, or always with ``deterministic``).
    deterministic
        Limit and charge every CP-SAT search in its deterministic time (its workers interleaved
        rather than racing), and give the LP relaxations no wall-clock limit: the same inputs
        and options then give the same plan on any machine, however loaded, while the
        wall-clock time varies. Off by default: racing workers find better plans per second.
    global_max_variables
        Models with at most this many decision variables are solved whole (after the windows,
        if any): small enough for CP-SAT to prove optimality. Larger ones are solved window by
        window only.
    window_units
        Units a window starts with at most (doubled each time a pass makes no progress).
    window_time_s
        CP-SAT's limit per window.
    max_window_radius
        Widest window, in rings of competing districts around the over-norm one.
    """

    max_move_share: float | None = 0.1
    max_travel_s: float | None = 30 * 60.0
    move_cost_min: float = 30.0
    overflow_cost_min: float = 10_000.0
    uncovered_cost_min: float = 1_000.0
    max_hops: int | None = 3
    contiguity: bool = True
    assign_uncovered: bool = True
    time_limit_s: float = 30.0
    workers: int = 2
    relative_gap: float = 1e-4
    seed: int = 0
    deterministic: bool = False
    global_max_variables: int = 4_000
    window_units: int = 250
    window_time_s: float = 1.0
    max_window_radius: int = 4

    def check(self) -> None:
        """Raise :class:`PlanningError` for an option out of range."""
        problems = []
        if self.max_move_share is not None and not 0 <= self.max_move_share <= 1:
            problems.append(f"max_move_share must be in [0, 1], got {self.max_move_share}")
        if self.max_travel_s is not None and not self.max_travel_s > 0:
            problems.append(f"max_travel_s must be positive, got {self.max_travel_s}")
        if min(self.move_cost_min, self.overflow_cost_min, self.uncovered_cost_min) < 0:
            problems.append("move_cost_min, overflow_cost_min and uncovered_cost_min must be >= 0")
        if self.max_hops is not None and not 0 <= self.max_hops <= MAX_HOPS:
            problems.append(f"max_hops must be from 0 to {MAX_HOPS}, got {self.max_hops}")
        if self.max_hops is None and self.contiguity:
            problems.append("contiguity needs max_hops (a bounded neighbourhood)")
        if not self.time_limit_s > 0 or not 1 <= self.workers <= MAX_WORKERS:
            problems.append(f"time_limit_s must be positive and workers from 1 to {MAX_WORKERS}")
        if self.global_max_variables < 0 or self.window_units < 1 or self.max_window_radius < 1:
            problems.append(
                "global_max_variables must be >= 0, window_units and max_window_radius >= 1"
            )
        if not self.window_time_s > 0:
            problems.append(f"window_time_s must be positive, got {self.window_time_s}")
        if problems:
            raise PlanningError("RebalanceOptions: " + "; ".join(problems))


@dataclass(frozen=True, eq=False)
class RebalanceSolution:
    """What the solver found.

    Attributes
    ----------
    assignment
        ``(n_units, 2)`` adult and pediatric district of each unit after rebalancing (-1 none).
    status
        ``optimal``, ``feasible`` (time limit reached with a solution), ``settled`` (the
        window search ended before its time limit: nobody over a norm, or no window improved
        the plan; more time would not change it), ``unsolved`` (no solution in time:
        ``assignment`` is the current one) or ``stopped`` (a :class:`SearchStop` ended the
        search: ``assignment`` is the best plan found by then).
    objective, bound
        CP-SAT's objective and proven lower bound, in person-minutes.
    load_before, load_after
        ``(n_districts,)`` residents served.
    over_before, over_after
        ``(n_districts,)`` residents above capacity.
    moved_people
        ``(n_units,)`` residents of each unit whose district changes.
    newly_covered
        ``(n_units,)`` residents of units that had no district and now have one.
    travel_before_min, travel_after_min
        ``(n_units,)`` person-minutes of travel to the served clinics.
    fixed_units
        Units kept as they are because their current districts belong to different clinics
        (or a family is missing where the clinic has it): the model cannot represent them.
    stranded_units
        Uncovered units no district can reach (too far, no neighbour of any district).
    n_variables
        Decision variables of the model (units with a choice times their candidates).
    seconds
        ``model``, ``solve`` and ``total``: wall-clock seconds building the model and solving
        it; ``windows``: windows solved; ``deterministic``: CP-SAT's deterministic seconds spent
        (what ``RebalanceOptions.deterministic`` limits).
    """

    assignment: IntArray
    status: str
    objective: float
    bound: float
    load_before: IntArray
    load_after: IntArray
    over_before: IntArray
    over_after: IntArray
    moved_people: IntArray
    newly_covered: IntArray
    travel_before_min: FloatArray
    travel_after_min: FloatArray
    fixed_units: IntArray
    stranded_units: IntArray
    n_variables: int
    seconds: dict[str, float] = field(default_factory=dict)


def serving(problem: RebalanceProblem, plan: IntArray) -> IntArray:
    """``(len(plan), 5)`` the district serving each row's age band under ``plan`` (-1 none).

    A unit's bands are split between its adult and pediatric district by ``district_bands``;
    every count of "people whose district changes" compares two of these. Rows may be units
    or buildings (a report's plans per building): only the districts are the problem's.
    """
    result = np.full((len(plan), 5), -1, dtype=np.int64)
    for family in (0, 1):
        has = plan[:, family] >= 0
        bands = problem.district_bands[np.maximum(plan[:, family], 0)] & has[:, None]
        result = np.where(bands, plan[:, family][:, None], result)
    return result


def people_served(problem: RebalanceProblem) -> int:
    """Residents some district serves under the current plan: the base of the moves bound."""
    return int(problem.population[serving(problem, problem.current) >= 0].sum())


def moves_budget(max_move_share: float | None, served: int) -> int | None:
    """The most people who may change district: the share of ``served`` (None: unbounded)."""
    return None if max_move_share is None else math.floor(max_move_share * served)


def moves_allowed(problem: RebalanceProblem, options: RebalanceOptions) -> int | None:
    """The most people who may change district: ``max_move_share`` of everyone served now."""
    return moves_budget(options.max_move_share, people_served(problem))


# --- graph helpers ---------------------------------------------------------------------------


def _adjacency(n: int, pairs: IntArray) -> list[list[int]]:
    """Neighbour lists from unordered pairs (self-pairs and duplicates dropped)."""
    lists: list[set[int]] = [set() for _ in range(n)]
    for a, b in pairs.tolist():
        if a != b:
            lists[a].add(b)
            lists[b].add(a)
    return [sorted(s) for s in lists]


def components(members: Sequence[int], adjacency: Sequence[Sequence[int]]) -> list[list[int]]:
    """Connected pieces of the units ``members`` in the unit graph, each sorted.

    Parameters
    ----------
    members
        Unit positions.
    adjacency
        Neighbour lists of every unit.

    Returns
    -------
    list of list of int
        One sorted list per piece, pieces ordered by their smallest unit.
    """
    inside = set(members)
    seen: set[int] = set()
    pieces = []
    for start in sorted(inside):
        if start in seen:
            continue
        seen.add(start)
        stack, piece = [start], []
        while stack:
            unit = stack.pop()
            piece.append(unit)
            for other in adjacency[unit]:
                if other in inside and other not in seen:
                    seen.add(other)
                    stack.append(other)
        pieces.append(sorted(piece))
    return pieces


def _labels(
    members: list[int],
    weight: IntArray,
    adjacency: list[list[int]],
    max_hops: int,
) -> tuple[dict[int, int], list[int]]:
    """Distance labels of one district and its roots (see the module docstring).

    Members are labelled by hops from their piece's root (the heaviest unit of the piece)
    inside the district; outside units by the least label of a neighbour plus one, no further
    than ``max_hops`` units from the district.
    """
    label: dict[int, int] = {}
    roots = []
    for piece in components(members, adjacency):
        root = max(piece, key=lambda u: (int(weight[u]), -u))
        roots.append(root)
        inside = set(piece)
        label[root] = 0
        queue = [root]
        for unit in queue:
            for other in adjacency[unit]:
                if other in inside and other not in label:
                    label[other] = label[unit] + 1
                    queue.append(other)
    # Outside: hops from the district by breadth-first search, then labels by a Dijkstra on
    # unit steps over the units within reach (a unit's label exceeds some neighbour's).
    member_set = set(members)
    hops: dict[int, int] = {}
    frontier = list(members)
    for step in range(1, max_hops + 1):
        nxt = []
        for unit in frontier:
            for other in adjacency[unit]:
                if other not in member_set and other not in hops:
                    hops[other] = step
                    nxt.append(other)
        frontier = nxt
    heap = [(label[u], u) for u in members]
    heapq.heapify(heap)
    while heap:
        value, unit = heapq.heappop(heap)
        if label.get(unit, math.inf) < value:
            continue
        for other in adjacency[unit]:
            if other in hops and value + 1 < label.get(other, math.inf):
                label[other] = value + 1
                heapq.heappush(heap, (value + 1, other))
    return label, roots


# --- the solver ------------------------------------------------------------------------------


def _consistent(problem: RebalanceProblem, families_of: list[set[int]]) -> BoolArray:
    """Units whose current districts the model can represent (one clinic, every family)."""
    adult, child = problem.current[:, 0], problem.current[:, 1]
    clinic_a = np.where(adult >= 0, problem.district_clinic[np.maximum(adult, 0)], -1)
    clinic_c = np.where(child >= 0, problem.district_clinic[np.maximum(child, 0)], -1)
    ok = np.ones(problem.n_units, dtype=bool)
    for i in range(problem.n_units):
        a, c = int(clinic_a[i]), int(clinic_c[i])
        if a < 0 and c < 0:
            continue
        clinic = a if a >= 0 else c
        present = {f for f, d in ((0, a), (1, c)) if d >= 0}
        if (a >= 0 and c >= 0 and a != c) or families_of[clinic] != present:
            ok[i] = False
    return ok


@dataclass(frozen=True, eq=False)
class _Core:
    """What every model of one instance shares: candidates, labels and per-pair costs.

    Built once by :func:`_core`; each window of the search (:func:`_solve_window`) then only
    creates variables for its free units.
    """

    problem: RebalanceProblem
    options: RebalanceOptions
    served: IntArray
    adjacency: list[list[int]]
    families_of: list[set[int]]
    consistent: BoolArray
    covered: BoolArray
    labels: list[dict[int, int]]
    root_sets: list[set[int]]
    candidates: list[list[int]]
    variable: BoolArray
    cost: list[dict[int, int]]
    moved: list[dict[int, int]]
    uncovered_reward: IntArray
    move_budget: int | None
    stranded: list[int]
    cost_table: tuple[IntArray, IntArray]
    moved_table: tuple[IntArray, IntArray]
    """``cost`` and ``moved`` as sorted ``unit × n_districts + district`` keys and values, for
    vectorised look-ups: plans are costed after every window, and a Python loop over every
    unit took seconds per run."""

    def districts_of(self, plan: IntArray, i: int) -> list[int]:
        """Districts unit ``i`` is in under ``plan``."""
        return [int(d) for d in plan[i] if d >= 0]

    def load(self, plan: IntArray) -> IntArray:
        """Residents each district serves under ``plan``."""
        m = self.problem.n_districts
        load = np.zeros(m, dtype=np.int64)
        rows = np.arange(self.problem.n_units)
        for family in (0, 1):
            has = plan[:, family] >= 0
            np.add.at(load, plan[has, family], self.served[rows[has], plan[has, family]])
        return load

    def overflow_cost(self, load: IntArray) -> int:
        """Objective units of the people over capacity (5 % tolerated once, beyond it twice)."""
        capacity = self.problem.capacity
        over = np.maximum(load - capacity, 0)
        excess = np.maximum(over - capacity // 20, 0)
        rate = round(self.options.overflow_cost_min * _SCALE)
        return int(rate * (over + excess).sum())

    def _pair_values(
        self, table: tuple[IntArray, IntArray], plan: IntArray, units: IntArray
    ) -> int:
        """Sum of a pair table's values over the districts of ``units`` under ``plan``."""
        keys, amounts = table
        rows = np.repeat(units, 2)
        columns = plan[units].ravel()
        has = columns >= 0
        wanted = rows[has] * self.problem.n_districts + columns[has]
        if len(keys) == 0:
            return 0
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return int(amounts[at[keys[at] == wanted]].sum())

    def plan_cost(self, plan: IntArray) -> int:
        """The model's objective of a complete plan, in objective units."""
        units = np.arange(self.problem.n_units)
        total = self.overflow_cost(self.load(plan)) + self._pair_values(
            self.cost_table, plan, units
        )
        newly = ~self.covered & (plan >= 0).any(axis=1)
        return total - int(self.uncovered_reward[newly].sum())

    def moved_people(self, plan: IntArray, units: IntArray) -> int:
        """People of ``units`` whose serving district differs from the current plan's."""
        return self._pair_values(self.moved_table, plan, np.asarray(units, dtype=np.int64))


def _pair_table(values: list[dict[int, int]], m: int) -> tuple[IntArray, IntArray]:
    """Per-unit ``{district: value}`` as sorted ``unit × m + district`` keys and values."""
    keys = np.array([i * m + d for i, row in enumerate(values) for d in row], dtype=np.int64)
    amounts = np.array([v for row in values for v in row.values()], dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    return keys[order], amounts[order]


def _core(
    problem: RebalanceProblem, options: RebalanceOptions, shape: IntArray | None = None
) -> _Core:
    """Candidates, contiguity labels and costs of every unit (see the module docstring).

    ``shape``: the plan whose territories the labels, roots and reach start from (default
    the current one). Moves and their costs are always counted from the current plan.
    """
    n, m, k = problem.n_units, problem.n_districts, problem.n_clinics
    served = problem.served()
    adjacency = _adjacency(n, problem.neighbours.astype(np.int64))
    families_of: list[set[int]] = [set() for _ in range(k)]
    for d in range(m):
        families_of[int(problem.district_clinic[d])].add(int(problem.district_family[d]))
    consistent = _consistent(problem, families_of)
    current = problem.current
    base = current if shape is None else shape
    covered: BoolArray = np.asarray((current >= 0).any(axis=1), dtype=bool)
    travel_min = problem.travel_s / 60.0

    # People whose serving district changes if unit i joins district d: per band, the district
    # serving it now (if any) differs from d.
    now_serving = serving(problem, current)

    def moved_weight(i: int, d: int) -> int:
        before = now_serving[i]
        changes = problem.district_bands[d] & (before >= 0) & (before != d)
        return int(problem.population[i][changes].sum())

    # Candidate districts of every unit.
    max_hops = options.max_hops
    labels: list[dict[int, int]] = []
    roots: list[list[int]] = []
    members_of: list[list[int]] = [[] for _ in range(m)]
    for family in (0, 1):
        for i in np.flatnonzero(base[:, family] >= 0).tolist():
            members_of[int(base[i, family])].append(i)
    for d in range(m):
        if max_hops is None:
            labels.append({})
            roots.append([])
        else:
            label, root = _labels(members_of[d], served[:, d], adjacency, max_hops)
            labels.append(label)
            roots.append(root)
    root_sets = [set(r) for r in roots]
    root_of: dict[int, set[int]] = {}
    if options.contiguity:
        for d in range(m):
            for r in roots[d]:
                root_of.setdefault(r, set()).add(d)

    limit = math.inf if options.max_travel_s is None else options.max_travel_s
    candidates: list[list[int]] = [[] for _ in range(n)]
    stranded: list[int] = []
    near: list[set[int]] = [set() for _ in range(n)]
    if max_hops is None:
        for i in range(n):
            near[i] = set(range(m))
    else:
        for d in range(m):
            for i in labels[d]:
                near[i].add(d)
    for i in range(n):
        own = {int(d) for d in base[i] if d >= 0}
        if not consistent[i]:
            candidates[i] = sorted(own)
            continue
        if not covered[i] and not options.assign_uncovered:
            continue
        if i in root_of:
            # A root stays in its districts; only the other family may still change.
            pinned = root_of[i]
            clinic = int(problem.district_clinic[next(iter(pinned))])
            pinned_families = {int(problem.district_family[d]) for d in pinned}
            chosen = set(pinned)
            for d in near[i]:
                if (
                    int(problem.district_clinic[d]) == clinic
                    and int(problem.district_family[d]) not in pinned_families
                ):
                    chosen.add(d)
            candidates[i] = sorted(chosen)
            continue
        chosen = set(own)
        own_clinics = {int(problem.district_clinic[o]) for o in own}
        for d in near[i]:
            c = int(problem.district_clinic[d])
            if d in own:
                continue
            if not problem.clinic_accepts[c] and c not in own_clinics:
                continue
            if c not in own_clinics and not travel_min[i, c] * 60.0 <= limit:
                continue
            chosen.add(d)
        candidates[i] = sorted(chosen)
    # Keep only clinics that can take the unit in every family they have.
    for i in range(n):
        if not candidates[i]:
            if not covered[i] and options.assign_uncovered:
                stranded.append(i)
            continue
        if not consistent[i]:
            continue
        by_clinic: dict[int, set[int]] = {}
        for d in candidates[i]:
            by_clinic.setdefault(int(problem.district_clinic[d]), set()).add(
                int(problem.district_family[d])
            )
        allowed = {c for c, fams in by_clinic.items() if fams == families_of[c]}
        candidates[i] = [d for d in candidates[i] if int(problem.district_clinic[d]) in allowed]
        if not candidates[i] and not covered[i]:
            stranded.append(i)

    # Contiguity may make some candidates unusable (no lower-labelled neighbour can be in d):
    # prune to a fixed point so no clause is empty.
    if options.contiguity:
        cand_sets = [set(c) for c in candidates]
        changed = True
        while changed:
            changed = False
            for i in range(n):
                if not consistent[i]:
                    continue
                for d in list(cand_sets[i]):
                    if i in root_sets[d]:
                        continue
                    li = labels[d].get(i)
                    if li is None or not any(
                        d in cand_sets[j] and labels[d].get(j, math.inf) < li for j in adjacency[i]
                    ):
                        cand_sets[i].discard(d)
                        changed = True
        for i in range(n):
            if consistent[i]:
                kept = [d for d in candidates[i] if d in cand_sets[i]]
                if not kept and candidates[i] and covered[i]:
                    kept = [int(d) for d in base[i] if d >= 0]
                candidates[i] = kept

    # A unit is a constant when its one choice is where it is now (a unit pushed elsewhere by
    # pruning still needs its contiguity clause), or when the model cannot represent it.
    variable = np.zeros(n, dtype=bool)
    cost: list[dict[int, int]] = [{} for _ in range(n)]
    moved: list[dict[int, int]] = [{} for _ in range(n)]
    uncovered_reward = np.zeros(n, dtype=np.int64)
    for i in range(n):
        cands = candidates[i]
        if not cands:
            continue
        own = {int(d) for d in current[i] if d >= 0}
        clinics = {int(problem.district_clinic[d]) for d in cands}
        per_family = [sum(1 for d in cands if problem.district_family[d] == f) for f in (0, 1)]
        variable[i] = consistent[i] and not (
            len(clinics) == 1 and max(per_family) <= 1 and set(cands) == set(base[i][base[i] >= 0])
        )
        if not covered[i]:
            uncovered_reward[i] = round(options.uncovered_cost_min * _SCALE) * int(
                problem.population[i].sum()
            )
        for d in cands:
            w = int(served[i, d])
            mv = moved_weight(i, d)
            value = w * travel_min[i, int(problem.district_clinic[d])] if w else 0.0
            if not math.isfinite(value):
                value = options.overflow_cost_min * w
            value += options.move_cost_min * mv
            cost[i][d] = round(value * _SCALE) + (0 if d in own else _UNIT_MOVE_COST)
            if mv:
                moved[i][d] = mv
    return _Core(
        problem=problem,
        options=options,
        served=served,
        adjacency=adjacency,
        families_of=families_of,
        consistent=consistent,
        covered=covered,
        labels=labels,
        root_sets=root_sets if options.contiguity else [set() for _ in range(m)],
        candidates=candidates,
        variable=variable,
        cost=cost,
        moved=moved,
        uncovered_reward=uncovered_reward,
        move_budget=moves_allowed(problem, options),
        stranded=stranded,
        cost_table=_pair_table(cost, m),
        moved_table=_pair_table(moved, m),
    )


@dataclass(eq=False)
class _Window:
    """One window's model, independent of the solver that will read it.

    Variables are ``x[i, d]`` (``keys``, by position) plus one ``y`` per (unit, clinic) group;
    :func:`_cp_sat` reads it as CP-SAT Booleans, :func:`_relaxation` as an LP with 0..1
    variables (for the lower bound and the rounding that guides the search).
    """

    keys: list[tuple[int, int]]
    cost: list[int]
    hint: list[bool]
    groups: list[tuple[int, list[list[int]], bool]]
    """Per (unit, clinic): the unit, the key positions of each family there, hinted or not."""
    units: list[tuple[int, int, bool]]
    """Per variable unit: first and one-past-last group position, whether it must be covered."""
    roots: list[int]
    clauses: list[tuple[int, list[int]]]
    """(head, support): head -> OR(support); head -1: OR(support) must hold."""
    capacity: list[tuple[int, list[int], list[int], int]]
    """(district, key positions, weights, constant load)."""
    budget: tuple[list[int], list[int], int] | None
    var_units: list[int]


def _window_model(core: _Core, plan: IntArray, free: BoolArray) -> _Window:
    """The model of the units in ``free``, every other unit fixed where ``plan`` has it.

    Fixed units are constants in the loads, the move budget and the contiguity clauses.
    """
    problem = core.problem
    m = problem.n_districts
    is_var = core.variable & free
    var_units = np.flatnonzero(is_var).tolist()
    load = core.load(plan)
    const_load = load.copy()
    for i in var_units:
        for d in core.districts_of(plan, i):
            const_load[d] -= core.served[i, d]

    def fixed(j: int) -> list[int]:
        return [] if is_var[j] else core.districts_of(plan, j)

    window = _Window([], [], [], [], [], [], [], [], None, var_units)
    position: dict[tuple[int, int], int] = {}
    load_terms: list[tuple[list[int], list[int]]] = [([], []) for _ in range(m)]
    moved_terms: tuple[list[int], list[int]] = ([], [])
    for i in var_units:
        now = set(core.districts_of(plan, i))
        by_clinic: dict[int, list[int]] = {}
        for d in core.candidates[i]:
            position[i, d] = len(window.keys)
            window.keys.append((i, d))
            window.cost.append(core.cost[i][d])
            window.hint.append(d in now)
            w = int(core.served[i, d])
            if w:
                load_terms[d][0].append(position[i, d])
                load_terms[d][1].append(w)
            if d in core.moved[i]:
                moved_terms[0].append(position[i, d])
                moved_terms[1].append(core.moved[i][d])
            by_clinic.setdefault(int(problem.district_clinic[d]), []).append(d)
        first = len(window.groups)
        for c, ds in by_clinic.items():
            families = [
                [position[i, d] for d in ds if problem.district_family[d] == f]
                for f in sorted(core.families_of[c])
            ]
            window.groups.append((i, families, any(d in now for d in ds)))
        window.units.append((first, len(window.groups), bool(core.covered[i])))

    def support(i: int, d: int) -> list[int] | None:
        """Keys of i's lower-labelled neighbours in d; None when a fixed one is in d."""
        li = core.labels[d][i]
        keys = []
        for j in core.adjacency[i]:
            if core.labels[d].get(j, math.inf) >= li:
                continue
            if d in fixed(j):
                return None
            if (j, d) in position:
                keys.append(position[j, d])
        return keys

    if core.options.contiguity:
        for (i, d), key in position.items():
            if i in core.root_sets[d]:
                window.roots.append(key)
                continue
            keys = support(i, d)
            if keys is not None:
                window.clauses.append((key, keys))
        # A fixed unit next to the window needs its support to stay in its district.
        border = {j for i in var_units for j in core.adjacency[i] if not is_var[j]}
        for j in sorted(border):
            for d in fixed(j):
                if j in core.root_sets[d] or j not in core.labels[d]:
                    continue
                keys = support(j, d)
                if keys:
                    window.clauses.append((-1, keys))
    for d in range(m):
        if load_terms[d][0]:
            window.capacity.append((d, load_terms[d][0], load_terms[d][1], int(const_load[d])))
    if core.move_budget is not None and moved_terms[0]:
        fixed_units = np.flatnonzero(~is_var)
        left = core.move_budget - core.moved_people(plan, fixed_units)
        window.budget = (moved_terms[0], moved_terms[1], max(left, 0))
    return window


@dataclass(frozen=True)
class _WindowResult:
    plan: IntArray
    code: cp_model.CpSolverStatus
    objective: float
    bound: float
    n_variables: int


def _plan_from_values(core: _Core, plan: IntArray, window: _Window, value: list[bool]) -> IntArray:
    """``plan`` with the window's units where ``value`` puts them."""
    result = plan.copy()
    chosen: dict[int, list[int]] = {}
    for key, (i, d) in enumerate(window.keys):
        if value[key]:
            chosen.setdefault(i, []).append(d)
    for i in window.var_units:
        ds = chosen.get(i, [])
        if ds or not core.covered[i]:
            result[i] = -1
            for d in ds:
                result[i, int(core.problem.district_family[d])] = d
    return result


class SearchStop:
    """A request to end a running :func:`solve` now and keep the best plan it has found.

    A planner who gave the search ten minutes and sees it stall wants that plan, not nothing.
    :meth:`request` may be called from any thread (a command line's Ctrl-C, a page): the search
    stops at its next step, and the CP-SAT search under way, if any, is told to stop at once
    (``CpSolver.stop_search``), as if its time limit had come. The LP relaxation cannot be
    stopped (scipy's HiGHS has no such hook); it is bounded by the time limit.
    """

    def __init__(self) -> None:
        self._requested = threading.Event()
        self._lock = threading.Lock()
        self._running: cp_model.CpSolver | None = None

    @property
    def requested(self) -> bool:
        """Whether a stop has been asked for."""
        return self._requested.is_set()

    def request(self) -> None:
        """Ask the search to stop; safe to call again (it re-sends the stop to CP-SAT)."""
        self._requested.set()
        with self._lock:
            if self._running is not None:
                self._running.stop_search()

    @contextmanager
    def watching(self, solver: cp_model.CpSolver) -> Iterator[None]:
        """Let :meth:`request` stop ``solver`` while the block runs."""
        with self._lock:
            self._running = solver
        try:
            yield
        finally:
            with self._lock:
                self._running = None


class _Clock:
    """What is left of a solve's time limit: wall-clock or CP-SAT deterministic seconds.

    Under a wall-clock limit how many windows get solved depends on the machine's speed and
    load, so two runs can end with different plans. In deterministic mode (see
    ``RebalanceOptions.deterministic``) only CP-SAT's own deterministic time is counted: every
    search is limited in it and charged with what it used. A requested :class:`SearchStop`
    leaves no time at all.
    """

    def __init__(
        self,
        seconds: float,
        *,
        deterministic: bool,
        started: float,
        stop: SearchStop | None = None,
    ) -> None:
        self.deterministic = deterministic
        self.started = started
        self.budget = seconds
        self.used = 0.0
        self.stop = stop

    @property
    def stopped(self) -> bool:
        """Whether the search was asked to stop before its limit."""
        return self.stop is not None and self.stop.requested

    def left(self) -> float:
        """Seconds (of the clock's kind) still to spend; <= 0 when the limit is reached."""
        if self.stopped:
            return 0.0
        return self.budget - self.spent()

    def limit(self, solver: cp_model.CpSolver, seconds: float) -> None:
        """Limit one CP-SAT search to ``seconds`` of this clock."""
        if self.deterministic:
            solver.parameters.max_deterministic_time = max(float(seconds), 0.01)
            # Interleaved workers share the work in a fixed order instead of racing.
            solver.parameters.interleave_search = solver.parameters.num_workers > 1
        else:
            solver.parameters.max_time_in_seconds = max(float(seconds), 0.05)

    def charge(self, solver: cp_model.CpSolver) -> None:
        """Count a finished CP-SAT search's deterministic time (spent, in either mode)."""
        self.used += float(solver.response_proto.deterministic_time)

    def lp_seconds(self) -> float | None:
        """The LP relaxation's wall-clock limit: none in deterministic mode."""
        return None if self.deterministic else max(self.left(), 0.1)

    def spent(self) -> float:
        """Seconds (of the clock's kind) spent so far."""
        return self.used if self.deterministic else time.perf_counter() - self.started

    @contextmanager
    def watching(self, solver: cp_model.CpSolver) -> Iterator[None]:
        """Let the clock's stop, if any, end ``solver``'s search while the block runs."""
        if self.stop is None:
            yield
            return
        with self.stop.watching(solver):
            yield


@dataclass(frozen=True)
class SolveProgress:
    """How a running :func:`solve` stands, for a progress bar or a log line.

    A planner may give the search minutes; without this the page and the command line show
    nothing until it ends.

    Attributes
    ----------
    spent, limit
        Seconds of the time limit used and allowed (CP-SAT's deterministic seconds in
        deterministic mode, else wall-clock).
    over_by_district
        Per district, the people above its norm in the best plan so far: residents served,
        as the problem counts them (:func:`~catchments.planning.rebalance.rebalance` tells
        them as expected attached, like its report).
    people_moved
        Residents whose district changes in that plan.
    windows
        Windows solved so far (0 while the whole model or the first rounding is solved).
    """

    spent: float
    limit: float
    over_by_district: IntArray
    people_moved: int
    windows: int

    @property
    def people_over(self) -> int:
        """People above a norm, summed over the districts."""
        return int(self.over_by_district.sum())

    @property
    def fraction(self) -> float:
        """Share of the time limit used, 0..1 (a search may stop early, never late)."""
        return min(max(self.spent / self.limit, 0.0), 1.0) if self.limit > 0 else 1.0


ProgressCallback = Callable[[SolveProgress], None]


class _Reporter:
    """Calls a progress callback at most every ``interval_s`` of wall-clock time, and last."""

    def __init__(
        self,
        problem: RebalanceProblem,
        clock: _Clock,
        callback: ProgressCallback | None,
        *,
        interval_s: float = 0.5,
    ) -> None:
        self.problem, self.clock, self.callback = problem, clock, callback
        self.interval_s = interval_s
        self.last = -math.inf

    def __call__(self, plan: IntArray, windows: int, *, final: bool = False) -> None:
        if self.callback is None:
            return
        now = time.perf_counter()
        if not final and now - self.last < self.interval_s:
            return
        self.last = now
        load, moved, _, _ = evaluate(self.problem, plan)
        self.callback(
            SolveProgress(
                spent=max(self.clock.spent(), 0.0),
                limit=self.clock.budget,
                over_by_district=np.maximum(load - self.problem.capacity, 0),
                people_moved=int(moved.sum()),
                windows=windows,
            )
        )


def _cp_sat(
    core: _Core,
    plan: IntArray,
    window: _Window,
    clock: _Clock,
    *,
    seconds: float,
    hint: list[bool] | None = None,
) -> _WindowResult:
    """Solve a window with CP-SAT for ``seconds`` of ``clock`` (``hint``: values to start from)."""
    options = core.options
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}_{d}") for i, d in window.keys]
    hint = window.hint if hint is None else hint
    objective: list[cp_model.LinearExprT] = []
    for var, cost, hinted in zip(x, window.cost, hint, strict=True):
        model.add_hint(var, hinted)
        if cost:
            objective.append(cost * var)
    clinic_vars = []
    for i, families, _ in window.groups:
        y = model.new_bool_var(f"y{i}")
        clinic_vars.append(y)
        for keys in families:
            model.add(sum(x[k] for k in keys) == y)
        model.add_hint(y, any(hint[k] for k in families[0]))
    for (first, last, must), i in zip(window.units, window.var_units, strict=True):
        ys = clinic_vars[first:last]
        if must:
            model.add_exactly_one(ys)
        else:
            # Optional, so the current plan stays a complete feasible hint; leaving the unit's
            # people uncovered costs ``uncovered_cost_min`` each.
            model.add_at_most_one(ys)
            if core.uncovered_reward[i]:
                objective.append(-int(core.uncovered_reward[i]) * sum(ys))
    for key in window.roots:
        model.add(x[key] == 1)
    for head, support in window.clauses:
        if head < 0:
            model.add_bool_or([x[k] for k in support])
        else:
            model.add_bool_or([x[head].Not(), *(x[k] for k in support)])
    rate = round(options.overflow_cost_min * _SCALE)
    for d, keys, weights, const in window.capacity:
        capacity = int(core.problem.capacity[d])
        slack = max(0, const + sum(weights) - capacity)
        if slack == 0:
            continue
        over = model.new_int_var(0, slack, f"over{d}")
        model.add(
            sum(w * x[k] for k, w in zip(keys, weights, strict=True)) + const - over <= capacity
        )
        hinted_over = max(
            0, const + sum(w for k, w in zip(keys, weights, strict=True) if hint[k]) - capacity
        )
        model.add_hint(over, hinted_over)
        # Overflow beyond 5 % of capacity costs double, so what cannot be placed is spread over
        # a clinic's districts instead of piling up in one of them.
        tolerated = capacity // 20
        excess = model.new_int_var(0, slack, f"excess{d}")
        model.add(excess >= over - tolerated)
        model.add_hint(excess, max(0, hinted_over - tolerated))
        objective.append(rate * (over + excess))
    if window.budget is not None:
        keys, weights, left = window.budget
        model.add(sum(w * x[k] for k, w in zip(keys, weights, strict=True)) <= left)
    model.minimize(sum(objective))

    solver = cp_sat_solver()
    solver.parameters.num_workers = int(options.workers)
    clock.limit(solver, seconds)
    solver.parameters.random_seed = int(options.seed)
    solver.parameters.relative_gap_limit = float(options.relative_gap)
    # The capacity rows and the assignment structure make the LP relaxation worth keeping in
    # the search (level 2 adds the linking constraints to it): better bounds and solutions
    # than the default, at the same time limit.
    solver.parameters.linearization_level = 2
    with clock.watching(solver):
        if clock.stopped:  # asked for before this search could hear it
            return _WindowResult(plan.copy(), cp_model.UNKNOWN, math.nan, math.nan, len(x))
        code = solver.solve(model)
    clock.charge(solver)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = [bool(solver.value(var)) for var in x]
        return _WindowResult(
            _plan_from_values(core, plan, window, values),
            code,
            solver.objective_value,
            solver.best_objective_bound,
            len(x),
        )
    return _WindowResult(plan.copy(), code, math.nan, math.nan, len(x))


class _Rows:
    """Sparse constraint rows for :func:`scipy.optimize.linprog`, added one at a time."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.values: list[float] = []
        self.rhs: list[float] = []

    def add(self, terms: list[tuple[int, float]], bound: float) -> None:
        """Add the row ``Σ value × x[column]`` (relation given by the caller) ``bound``."""
        self.rows.extend([len(self.rhs)] * len(terms))
        self.cols.extend(column for column, _ in terms)
        self.values.extend(value for _, value in terms)
        self.rhs.append(bound)

    def matrix(self, n_columns: int) -> csr_array | None:
        """The rows as a CSR matrix (None when there are none, as linprog wants)."""
        if not self.rhs:
            return None
        shape = (len(self.rhs), n_columns)
        return csr_array((self.values, (self.rows, self.cols)), shape=shape)

    def bounds(self) -> FloatArray | None:
        """Right-hand sides (None when there are no rows)."""
        return np.asarray(self.rhs, dtype=np.float64) if self.rhs else None


def _linear_program(
    core: _Core, window: _Window, time_limit_s: float | None, *, fewest_moves: bool = False
) -> OptimizeResult:
    """The window's LP relaxation, solved; see :func:`_relaxation` and :func:`least_moves_bound`.

    Contiguity clauses become ``x[head] <= Σ x[support]``, the ordering constraints' usual
    linear form; overflow is continuous. With ``fewest_moves`` the objective is the people who
    change district, nobody may be over a norm and the moves budget is left out. Solved by
    HiGHS's dual simplex through :func:`scipy.optimize.linprog`, from sparse matrices built in
    one go.
    """
    n_x, n_y = len(window.keys), len(window.groups)
    n_over = len(window.capacity)
    n = n_x + n_y + 2 * n_over
    cost = np.zeros(n)
    if fewest_moves:
        cost[:n_x] = [core.moved[i].get(d, 0) for i, d in window.keys]
    else:
        cost[:n_x] = window.cost
        cost[n_x + n_y :] = float(round(core.options.overflow_cost_min * _SCALE))
    lower = np.zeros(n)
    upper = np.ones(n)
    upper[n_x + n_y :] = 0.0 if fewest_moves else np.inf
    lower[window.roots] = 1.0
    equal, at_most = _Rows(), _Rows()
    for g, (_, families, _) in enumerate(window.groups):
        for keys in families:
            equal.add([(k, 1.0) for k in keys] + [(n_x + g, -1.0)], 0.0)
    for (first, last, must), i in zip(window.units, window.var_units, strict=True):
        terms = [(n_x + g, 1.0) for g in range(first, last)]
        if must:
            equal.add(terms, 1.0)
        else:
            at_most.add(terms, 1.0)
            if not fewest_moves:
                cost[n_x + first : n_x + last] = -float(core.uncovered_reward[i])
    for head, support in window.clauses:
        terms = [(k, -1.0) for k in support]
        if head >= 0:
            at_most.add([(head, 1.0), *terms], 0.0)
        else:
            at_most.add(terms, -1.0)
    for position, (d, keys, weights, const) in enumerate(window.capacity):
        capacity = int(core.problem.capacity[d])
        over, excess = n_x + n_y + position, n_x + n_y + n_over + position
        terms = [(k, float(w)) for k, w in zip(keys, weights, strict=True)]
        at_most.add([*terms, (over, -1.0)], float(capacity - const))
        at_most.add([(over, 1.0), (excess, -1.0)], float(capacity // 20))
    if window.budget is not None and not fewest_moves:
        keys, weights, left = window.budget
        at_most.add([(k, float(w)) for k, w in zip(keys, weights, strict=True)], float(left))
    return linprog(
        cost,
        A_ub=at_most.matrix(n),
        b_ub=at_most.bounds(),
        A_eq=equal.matrix(n),
        b_eq=equal.bounds(),
        bounds=np.column_stack([lower, upper]),
        method="highs-ds",
        options={"presolve": True}
        | ({} if time_limit_s is None else {"time_limit": max(float(time_limit_s), 0.1)}),
    )


def _relaxation(
    core: _Core, window: _Window, time_limit_s: float | None
) -> tuple[list[float], float] | None:
    """The window's LP relaxation: values of ``x`` and the objective; None if unsolved.

    A window without a variable (an over-norm district none of whose units can go anywhere)
    has no LP to solve: None too.
    """
    if not window.keys:
        return None
    result = _linear_program(core, window, time_limit_s)
    if result.status != 0:
        return None
    return [float(v) for v in result.x[: len(window.keys)]], float(result.fun)


def least_moves_bound(
    problem: RebalanceProblem,
    options: RebalanceOptions | None = None,
    *,
    time_limit_s: float | None = None,
) -> float | None:
    """A lower bound on the people who must change district for every district to meet its norm.

    When a plan ends with people over a norm, a planner needs to know whether a better search
    could have done it or whether the bounds forbid it. This is the LP relaxation of
    :func:`solve`'s model -- the same candidates, reach, travel limit and contiguity (ordering
    constraints from the current territories) -- with nobody over a norm and the fewest people
    moved as its objective, the moves budget (``options.max_move_share``) left out. Every plan
    within those bounds that meets every norm moves at least this many people; a budget below
    it proves that none exists within the budget.

    Parameters
    ----------
    problem
        The instance.
    options
        The bounds :func:`solve` ran with (reach, travel limit, contiguity).
    time_limit_s
        The LP's wall-clock limit (None: none).

    Returns
    -------
    float or None
        The bound, in people; ``inf`` when even the relaxation leaves someone over a norm (no
        plan within the bounds meets every norm, however many people move); None when the LP
        was not solved within ``time_limit_s``.

    Raises
    ------
    PlanningError
        When the problem's arrays are inconsistent or an option is out of range.
    """
    options = replace(options or RebalanceOptions(), max_move_share=None)
    problem.check()
    options.check()
    core = _core(problem, options)
    everything = np.ones(problem.n_units, dtype=bool)
    window = _window_model(core, problem.current, everything)
    # A district no variable unit can join keeps the load it has: if that is over, it stays.
    joinable = {d for d, _, _, _ in window.capacity}
    stuck = np.setdiff1d(np.arange(problem.n_districts), list(joinable))
    if (core.load(problem.current)[stuck] > problem.capacity[stuck]).any():
        return math.inf
    if not window.keys:  # nothing can move, and nobody is over
        return 0.0
    result = _linear_program(core, window, time_limit_s, fewest_moves=True)
    if result.status == 2:  # infeasible
        return math.inf
    if result.status != 0:
        return None
    return float(result.fun)


def _district_links(core: _Core) -> list[set[int]]:
    """Districts that compete for a unit: both are candidates of some unit."""
    links: list[set[int]] = [set() for _ in range(core.problem.n_districts)]
    for cands in core.candidates:
        for d in cands:
            links[d].update(cands)
    for d, linked in enumerate(links):
        linked.discard(d)
    return links


def _window(
    core: _Core,
    plan: IntArray,
    links: list[set[int]],
    seeds: Sequence[int],
    *,
    radius: int,
    max_units: int,
) -> BoolArray:
    """Free units of the window around the districts ``seeds``.

    The units of the districts within ``radius`` links of a seed, added ring by ring while
    they stay under ``max_units``, and the uncovered units that could join one of them.
    """
    members: list[set[int]] = [set() for _ in range(core.problem.n_districts)]
    for family in (0, 1):
        for i in np.flatnonzero(plan[:, family] >= 0).tolist():
            members[int(plan[i, family])].add(i)
    chosen = set(seeds)
    units = set().union(*(members[d] for d in chosen))
    ring = set(chosen)
    for _ in range(radius):
        nxt = set().union(*(links[d] for d in ring)) - chosen
        grown = units.union(*(members[d] for d in nxt)) if nxt else units
        if len(grown) > max_units and len(units) > 0:
            break
        chosen |= nxt
        units = grown
        ring = nxt
    # Uncovered units that could join a chosen district are free too.
    for i in np.flatnonzero(~core.covered).tolist():
        if any(d in chosen for d in core.candidates[i]):
            units.add(i)
    free = np.zeros(core.problem.n_units, dtype=bool)
    free[list(units)] = True
    return free


def _round_relaxation(
    core: _Core, plan: IntArray, clock: _Clock, free: BoolArray
) -> tuple[IntArray, float] | None:
    """Solve the LP relaxation of the units in ``free`` and round it with CP-SAT.

    The model is narrowed to the districts the LP uses for each unit (and where it is now, so
    ``plan`` stays feasible). That model falls apart into independent pieces, districts linked
    by a unit that may be in either; each is small, so CP-SAT solves them one by one to
    optimality, hinted with the LP's largest values.

    Returns
    -------
    tuple or None
        The rounded plan (``plan`` where no piece improved on it) and the LP's objective (with
        every unit free, a lower bound of the whole model's); None when the LP was not solved.
    """
    n = core.problem.n_units
    window = _window_model(core, plan, free)
    relaxed = _relaxation(core, window, clock.lp_seconds())
    if relaxed is None:
        return None
    values, lp_objective = relaxed
    # The hint: per unit the clinic with the largest LP share, there each family's largest x.
    choice = [False] * len(values)
    for first, last, must in window.units:
        groups = window.groups[first:last]
        shares = [sum(values[k] for k in families[0]) for _, families, _ in groups]
        if must or max(shares) >= 0.5:
            for keys in groups[int(np.argmax(shares))][1]:
                choice[max(keys, key=lambda k: values[k])] = True
    hinted = _plan_from_values(core, plan, window, choice)
    used: list[set[int]] = [set(core.districts_of(plan, i)) for i in range(n)]
    for key, (i, d) in enumerate(window.keys):
        if values[key] > 1e-3:
            used[i].add(d)
    candidates = [
        [d for d in core.candidates[i] if d in used[i]] if core.variable[i] else core.candidates[i]
        for i in range(n)
    ]
    variable = core.variable & free & np.array([len(c) > 1 for c in candidates], dtype=bool)
    narrow = replace(core, candidates=candidates, variable=variable)
    units = np.flatnonzero(variable)
    heads = [candidates[i][0] for i in units.tolist() for _ in candidates[i]]
    tails = [d for i in units.tolist() for d in candidates[i]]
    m = core.problem.n_districts
    links = coo_array((np.ones(len(heads)), (heads, tails)), shape=(m, m))
    piece = connected_components(links, directed=False)[1]
    unit_piece = np.array([piece[candidates[i][0]] for i in units.tolist()], dtype=np.int64)
    sizes = np.bincount(unit_piece) if len(unit_piece) else np.zeros(0, dtype=np.int64)
    cost = core.plan_cost(plan)
    for label in np.argsort(-sizes, kind="stable").tolist():
        left = clock.left()
        if left <= 0 or not sizes[label]:
            break
        free = np.zeros(n, dtype=bool)
        free[units[unit_piece == label]] = True
        sub = _window_model(narrow, plan, free)
        hint = [bool((hinted[i] == d).any()) for i, d in sub.keys]
        result = _cp_sat(
            narrow, plan, sub, clock, seconds=min(left, core.options.window_time_s), hint=hint
        )
        if result.code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            new_cost = core.plan_cost(result.plan)
            if new_cost < cost:
                plan, cost = result.plan, new_cost
    return plan, lp_objective


def _windows(
    core: _Core,
    plan: IntArray,
    cost: int,
    clock: _Clock,
    report: _Reporter,
    *,
    solved_before: int = 0,
) -> tuple[IntArray, int, int]:
    """Re-solve windows around every over-norm district until none is left or none improves.

    A district whose window did not improve the plan gets a wider one (one more ring of
    competing districts, twice the units) on the next pass, up to ``max_window_radius``.
    ``report`` hears of the plan after each window (``solved_before`` earlier ones counted).

    Returns the plan, its cost and how many windows were solved.
    """
    problem, options = core.problem, core.options
    links = _district_links(core)
    radius = np.ones(problem.n_districts, dtype=np.int64)
    windows = 0
    while clock.left() > 0:
        over = np.maximum(core.load(plan) - problem.capacity, 0)
        uncovered = [
            d
            for i in np.flatnonzero(~core.covered & (plan < 0).all(axis=1)).tolist()
            for d in core.candidates[i][:1]
        ]
        seeds = [int(d) for d in np.argsort(-over, kind="stable") if over[d] > 0]
        seeds += [d for d in dict.fromkeys(uncovered) if d not in seeds]
        if not seeds or radius[seeds].min() > options.max_window_radius:
            break
        for seed in seeds:
            if clock.left() <= 0:
                break
            still_over = core.load(plan)[seed] > problem.capacity[seed]
            if (not still_over and seed not in uncovered) or (
                radius[seed] > options.max_window_radius
            ):
                continue
            reach = int(radius[seed])
            free = _window(
                core, plan, links, [seed], radius=reach,
                max_units=options.window_units * 2 ** (reach - 1),
            )  # fmt: skip
            windows += 1
            improved = False
            # First the window's LP, rounded (its fixed surroundings make it another LP than
            # the whole model's, with other districts in its support); then CP-SAT on the
            # whole window when that did not help.
            rounded = _round_relaxation(core, plan, clock, free)
            if rounded is not None and core.plan_cost(rounded[0]) < cost:
                plan, cost, improved = rounded[0], core.plan_cost(rounded[0]), True
            left = clock.left()
            if not improved and left > 0:
                window = _window_model(core, plan, free)
                result = _cp_sat(
                    core, plan, window, clock, seconds=min(left, options.window_time_s)
                )
                new_cost = core.plan_cost(result.plan)
                if new_cost < cost:
                    plan, cost, improved = result.plan, new_cost, True
            if not improved:
                radius[seed] += 1
            report(plan, solved_before + windows)
    return plan, cost, windows


def solve(
    problem: RebalanceProblem,
    options: RebalanceOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    stop: SearchStop | None = None,
) -> RebalanceSolution:
    """Rebalance: the least-cost assignment of units to districts under the constraints.

    A model of at most ``options.global_max_variables`` variables is solved whole by CP-SAT
    from the current plan, which proves optimality on small instances. A larger one goes
    through the steps of the module docstring: the LP relaxation (its objective is the
    reported ``bound``), its rounding piece by piece, then windows around every district still
    over its norm (in rounds, each with contiguity labels rebuilt from the plan so far), until
    none is left, a round improves nothing or ``options.time_limit_s`` runs out.

    Parameters
    ----------
    problem
        The instance.
    options
        Bounds and weights; the defaults of :class:`RebalanceOptions` otherwise.
    progress
        Called with a :class:`SolveProgress` as the search goes (at most twice a second) and
        once at the end, from the calling thread.
    stop
        Ends the search early when requested (from any thread, the progress callback
        included); the best plan so far is returned with the status ``stopped``.

    Returns
    -------
    RebalanceSolution

    Raises
    ------
    PlanningError
        When the problem's arrays are inconsistent or an option is out of range.
    """
    started = time.perf_counter()
    options = options or RebalanceOptions()
    problem.check()
    options.check()
    core = _core(problem, options)
    built = time.perf_counter()
    clock = _Clock(
        options.time_limit_s, deterministic=options.deterministic, started=started, stop=stop
    )
    plan = problem.current.copy()
    report = _Reporter(problem, clock, progress)
    report(plan, 0)
    cost = core.plan_cost(plan)
    total_variables = sum(len(core.candidates[i]) for i in np.flatnonzero(core.variable))
    everything = np.ones(problem.n_units, dtype=bool)
    windows = 0
    bound = math.nan
    if total_variables > options.global_max_variables:
        guided = _round_relaxation(core, plan, clock, everything)
        if guided is not None:
            plan, bound = guided[0], guided[1] / _SCALE
            cost = core.plan_cost(plan)
            report(plan, 0)
        plan, cost, windows = _windows(core, plan, cost, clock, report)
        # Windows stop once each has widened to its limit without progress, often with time
        # left (on the demo, after 3-4 minutes): labels, roots and reach rebuilt from the plan
        # let districts move on from where they got to.
        while clock.left() > 0 and (core.load(plan) > problem.capacity).any():
            core = _core(problem, options, shape=plan)
            moved_on, lower, more = _windows(core, plan, cost, clock, report, solved_before=windows)
            windows += more
            if lower >= cost:
                break
            plan, cost = moved_on, lower
    # The windows end by themselves when nobody is left over a norm or no window helps: more
    # time would not change the plan, and the report should not blame the time limit.
    status, objective = ("feasible" if clock.left() <= 0 else "settled"), cost / _SCALE
    left = clock.left()
    if total_variables <= options.global_max_variables and left > 0:
        result = _cp_sat(core, plan, _window_model(core, plan, everything), clock, seconds=left)
        if result.code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            new_cost = core.plan_cost(result.plan)
            if new_cost <= cost:
                plan, cost = result.plan, new_cost
            status = "optimal" if result.code == cp_model.OPTIMAL else "feasible"
            objective, bound = cost / _SCALE, result.bound / _SCALE
        else:
            status = "unsolved"
    if clock.stopped and status != "optimal":
        status = "stopped"
    solved = time.perf_counter()
    report(plan, windows, final=True)

    stats = evaluate(problem, plan)
    before_stats = evaluate(problem, problem.current)
    return RebalanceSolution(
        assignment=plan,
        status=status,
        objective=objective,
        bound=bound,
        load_before=before_stats[0],
        load_after=stats[0],
        over_before=np.maximum(before_stats[0] - problem.capacity, 0),
        over_after=np.maximum(stats[0] - problem.capacity, 0),
        moved_people=stats[1],
        newly_covered=stats[2],
        travel_before_min=before_stats[3],
        travel_after_min=stats[3],
        fixed_units=np.flatnonzero(~core.consistent).astype(np.int64),
        stranded_units=np.asarray(sorted(set(core.stranded)), dtype=np.int64),
        n_variables=total_variables,
        seconds={
            "model": built - started,
            "solve": solved - built,
            "total": time.perf_counter() - started,
            "windows": float(windows),
            "deterministic": clock.used,
        },
    )


def evaluate(
    problem: RebalanceProblem, assignment: IntArray
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Load, moves, new cover and travel of an assignment.

    Parameters
    ----------
    problem
        The instance (its ``current`` is the reference for moves).
    assignment
        ``(n_units, 2)`` adult and pediatric district per unit, -1 for none.

    Returns
    -------
    load : (n_districts,) residents served per district
    moved : (n_units,) residents whose serving district changed (had one before)
    newly_covered : (n_units,) residents served now who were served by nobody before
    travel_min : (n_units,) person-minutes to the clinics serving them
    """
    n, m = problem.n_units, problem.n_districts
    load = np.zeros(m, dtype=np.int64)
    moved = np.zeros(n, dtype=np.int64)
    newly = np.zeros(n, dtype=np.int64)
    travel = np.zeros(n, dtype=np.float64)

    before, after = serving(problem, problem.current), serving(problem, assignment)
    population = problem.population
    served_after = after >= 0
    np.add.at(load, after[served_after], population[served_after])
    moved = np.where((before >= 0) & served_after & (before != after), population, 0).sum(axis=1)
    newly = np.where((before < 0) & served_after, population, 0).sum(axis=1)
    clinic = np.where(served_after, problem.district_clinic[np.maximum(after, 0)], 0)
    minutes = np.take_along_axis(problem.travel_s, clinic, axis=1) / 60.0
    counted = served_after & (population > 0)
    with np.errstate(invalid="ignore"):
        travel = np.where(counted, population * minutes, 0.0).sum(axis=1)
    return load, moved.astype(np.int64), newly.astype(np.int64), travel


# --- the from-scratch comparison ---------------------------------------------------------------


@dataclass(frozen=True)
class FromScratch:
    """The travel-optimal capacitated assignment that ignores the current plan.

    Two stages. First a min-cost flow sends every unit's age bands to clinics (bands may split,
    no contiguity is asked): its travel is a lower bound on the travel of any plan that meets
    the norms. Then each clinic's people are cut into its districts from scratch, as a planner
    redrawing the map would: compact districts around weighted k-means centres, each within its
    capacity (a second min-cost flow), every new district named after the current district it
    overlaps most (a maximum-weight matching, the labelling most favourable to it).

    Attributes
    ----------
    travel_min
        Total person-minutes of travel (a lower bound for every plan meeting the norms).
    moved_people
        People whose *district* changes in the from-scratch plan.
    clinic_changes
        People whose *clinic* changes: a floor no district-level redraw can go under.
    over_people
        People that no capacity within reach can take (served at the overflow cost).
    seconds
        Wall-clock time of both stages.
    """

    travel_min: float
    moved_people: float
    clinic_changes: float
    over_people: int
    seconds: float


def from_scratch(
    problem: RebalanceProblem,
    unit_xy: FloatArray,
    *,
    max_travel_s: float | None = None,
    nearest: int = 8,
) -> FromScratch:
    """Solve the from-scratch capacitated assignment (OR-Tools min-cost flows, k-means).

    Stage one's nodes: one per (unit, age band) with its residents as supply, one per (clinic,
    family) with the family's total capacity at that clinic, and a sink. A band may go to a
    clinic that has a district serving it, among the ``nearest`` clinics by travel (and the
    current one), within ``max_travel_s`` of it. An overflow arc from every band node to the
    sink at ``RebalanceOptions.overflow_cost_min`` keeps the flow feasible. Stage two is
    :func:`_districts_from_scratch`.

    Parameters
    ----------
    problem
        The instance.
    unit_xy
        ``(n_units, 2)`` unit centres in a metric CRS, for stage two's compact districts.
    max_travel_s
        Longest trip to a new clinic (None: no limit).
    nearest
        How many nearest clinics each unit may use.

    Returns
    -------
    FromScratch
    """
    started = time.perf_counter()
    problem.check()
    n, m, k = problem.n_units, problem.n_districts, problem.n_clinics
    if unit_xy.shape != (n, 2) or not np.isfinite(unit_xy).all():
        raise PlanningError(
            f"from_scratch: unit_xy must be {(n, 2)} finite coordinates, got {unit_xy.shape}"
        )
    overflow_cost = round(RebalanceOptions().overflow_cost_min * _SCALE)
    # Which family of clinic c serves band b.
    serves = np.full((k, 5), -1, dtype=np.int64)
    family_capacity = np.zeros((k, 2), dtype=np.int64)
    for d in range(m):
        c, f = int(problem.district_clinic[d]), int(problem.district_family[d])
        family_capacity[c, f] += int(problem.capacity[d])
        serves[c, problem.district_bands[d]] = f
    now_serving = serving(problem, problem.current)
    current_clinic = np.where(
        now_serving >= 0, problem.district_clinic[np.maximum(now_serving, 0)], -1
    )
    limit = math.inf if max_travel_s is None else max_travel_s
    order = np.argsort(problem.travel_s, axis=1)[:, :nearest]
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = n * 5 + k * 2
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    supplies = np.zeros(sink + 1, dtype=np.int64)
    for i in range(n):
        for b in range(5):
            people = int(problem.population[i, b])
            if not people:
                continue
            node = i * 5 + b
            supplies[node] = people
            options = set(order[i].tolist())
            if current_clinic[i, b] >= 0:
                options.add(int(current_clinic[i, b]))
            for c in options:
                f = serves[c, b]
                seconds = problem.travel_s[i, c]
                if f < 0 or not math.isfinite(seconds):
                    continue
                if seconds > limit and c != current_clinic[i, b]:
                    continue
                if not problem.clinic_accepts[c] and c != current_clinic[i, b]:
                    continue
                tails.append(node)
                heads.append(n * 5 + c * 2 + int(f))
                caps.append(people)
                costs.append(round(seconds / 60.0 * _SCALE))
            tails.append(node)
            heads.append(sink)
            caps.append(people)
            costs.append(overflow_cost)
    for c in range(k):
        for f in (0, 1):
            if family_capacity[c, f]:
                tails.append(n * 5 + c * 2 + f)
                heads.append(sink)
                caps.append(int(family_capacity[c, f]))
                costs.append(0)
    supplies[sink] = -int(supplies.sum())
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(caps, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    code = flow.solve()
    if code != flow.OPTIMAL:
        raise PlanningError(f"from_scratch: the min-cost flow ended with status {code}")
    amounts = flow.flows(arcs)
    tail_a, head_a = np.asarray(tails), np.asarray(heads)
    to_clinic = (head_a < sink) & (amounts > 0)
    unit, band = np.divmod(tail_a[to_clinic], 5)
    clinic, family = np.divmod(head_a[to_clinic] - n * 5, 2)
    sent = amounts[to_clinic]
    minutes = problem.travel_s[unit, clinic] / 60.0
    travel = float((sent * minutes).sum())
    before = current_clinic[unit, band]
    clinic_changes = float(sent[(before >= 0) & (before != clinic)].sum())
    part, new_district, split = _districts_from_scratch(
        problem, unit_xy, unit=unit, band=band, clinic=clinic, family=family, sent=sent
    )
    was = now_serving[unit[part], band[part]]
    moved = split[(was >= 0) & (was != new_district)]
    overflow = int(amounts[(head_a == sink) & (tail_a < n * 5)].sum())
    return FromScratch(
        travel_min=travel,
        moved_people=float(moved.sum()),
        clinic_changes=clinic_changes,
        over_people=overflow,
        seconds=time.perf_counter() - started,
    )


def _districts_from_scratch(
    problem: RebalanceProblem,
    unit_xy: FloatArray,
    *,
    unit: IntArray,
    band: IntArray,
    clinic: IntArray,
    family: IntArray,
    sent: IntArray,
    rounds: int = 5,
) -> tuple[IntArray, IntArray, IntArray]:
    """Cut every clinic's people (stage one's flows) into its districts, from scratch.

    Per (clinic, family) with more than one district: weighted k-means centres of its people
    (scikit-learn), each centre named after the current district its cluster overlaps most
    (``linear_sum_assignment`` on the overlap), then a capacitated assignment to the nearest
    centre (an OR-Tools min-cost flow: k-means alone would ignore each district's norm),
    recentred on what each district got and solved again for a few ``rounds`` (Lloyd's
    iterations with capacities). Nothing of the current plan but the names is used.

    Returns
    -------
    flow, district, people
        Parallel arrays: the index of a stage-one flow, the district that gets part of it and
        how many people (a flow may be split between districts).
    """
    from sklearn.cluster import KMeans  # type: ignore[import-untyped]  # noqa: PLC0415

    now_serving = serving(problem, problem.current)
    flows_out: list[IntArray] = []
    districts_out: list[IntArray] = []
    people_out: list[IntArray] = []
    groups: dict[tuple[int, int], list[int]] = {}
    for index, key in enumerate(zip(clinic.tolist(), family.tolist(), strict=True)):
        groups.setdefault(key, []).append(index)
    for (c, f), members in groups.items():
        rows = np.asarray(members, dtype=np.int64)
        own = np.flatnonzero((problem.district_clinic == c) & (problem.district_family == f))
        if len(own) == 1:
            flows_out.append(rows)
            districts_out.append(np.full(len(rows), own[0], dtype=np.int64))
            people_out.append(sent[rows])
            continue
        points = unit_xy[unit[rows]]
        weight = sent[rows].astype(np.float64)
        clusters = min(len(own), len(np.unique(points, axis=0)))
        fitted = KMeans(n_clusters=clusters, n_init=4, random_state=0).fit(
            points, sample_weight=weight
        )
        # Name each cluster after the current district it keeps the most people of.
        before = now_serving[unit[rows], band[rows]]
        overlap = np.zeros((clusters, len(own)))
        position = {int(d): p for p, d in enumerate(own)}
        for label, was, people in zip(fitted.labels_, before, weight, strict=True):
            if int(was) in position:
                overlap[label, position[int(was)]] += people
        named_rows, named_cols = linear_sum_assignment(overlap, maximize=True)
        centres = np.full((len(own), 2), np.nan)
        centres[named_cols] = fitted.cluster_centers_[named_rows]
        share = np.zeros((len(rows), len(own)), dtype=np.int64)
        for _ in range(rounds):
            share = _capacitated_nearest(points, sent[rows], centres, problem.capacity[own])
            got = share.sum(axis=0) > 0
            centres[got] = (share.T[got] @ points) / share.sum(axis=0)[got, None]
        flow_index, district = np.nonzero(share)
        flows_out.append(rows[flow_index])
        districts_out.append(own[district])
        people_out.append(share[flow_index, district])
    if not flows_out:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(flows_out), np.concatenate(districts_out), np.concatenate(people_out)


def _capacitated_nearest(
    points: FloatArray, supply: IntArray, centres: FloatArray, capacity: IntArray
) -> IntArray:
    """People of each point sent to each centre, ``(n_points, n_centres)``.

    The least total distance with no centre over its capacity (a min-cost flow). A NaN centre
    is a district k-means left without a cluster: used only when the others are full.
    """
    distance = np.hypot(
        points[:, None, 0] - centres[None, :, 0], points[:, None, 1] - centres[None, :, 1]
    )
    finite = np.isfinite(distance)
    longest = float(distance[finite].max()) if finite.any() else 0.0
    cost = np.where(finite, np.round(distance), 10 * longest + 1).astype(np.int64)
    shipped = transportation(cost, supply.astype(np.int64), capacity.astype(np.int64))
    if shipped is None:
        raise PlanningError(
            "from_scratch: the districts' capacities cannot take the clinic's people"
        )
    return shipped
