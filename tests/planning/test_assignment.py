"""The exact single-source capacitated assignment on instances a reader can check by hand."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import replace

import numpy as np
import pytest
from numpy.typing import ArrayLike, NDArray
from ortools.sat.python import cp_model

from catchments.planning import assignment
from catchments.planning.assignment import (
    Engine,
    _local_search,
    _lp_relaxation,
    _lp_relaxation_highs,
    _Problem,
    _reduced_costs,
    _repair,
    _round,
    capacitated_assignment,
    transportation,
)
from catchments.planning.common import PlanningError

ENGINES: list[Engine] = ["highs", "cp-sat"]

# Four buildings, two clinics of 5 people each. Every building is nearest to clinic 0, which
# cannot take all 10 people: the nearest-clinic plan is infeasible. Both clinics must end up
# exactly full, i.e. one 3-person and one 2-person building move to clinic 1. Moving costs
# weight x (c_i1 - c_i0): b0 3 x 3 = 9, b1 3 x 4 = 12, b2 2 x 1 = 2, b3 2 x 2 = 4, so the
# optimum moves b0 and b2: 12 (everyone at clinic 0) + 9 + 2 = 23.
#
# The LP instead moves the 5 people with the cheapest per-person moves: all of b2 (1 min
# each), all of b3 (2 min) and one person of b0 (3 min): 12 + 2 + 4 + 3 = 21, splitting b0.
COST = [[1.0, 4.0], [1.0, 5.0], [2.0, 3.0], [1.0, 3.0]]
WEIGHT = [3, 3, 2, 2]
CAPACITY = [5, 5]


@pytest.mark.parametrize("engine", ENGINES)
def test_nearest_clinic_overflows_and_the_optimum_moves_the_cheapest_pair(engine):
    plan = capacitated_assignment(COST, WEIGHT, CAPACITY, engine=engine)
    assert plan.status == "optimal"
    assert plan.choice.tolist() == [1, 0, 1, 0]
    assert plan.objective == pytest.approx(23.0)
    assert plan.lower_bound == pytest.approx(23.0)
    assert plan.load.tolist() == [5, 5]
    assert plan.gap == 0.0


def test_lp_splits_a_building_and_its_bound_is_below_the_optimum():
    plan = capacitated_assignment(COST, WEIGHT, CAPACITY)
    assert plan.lp_bound == pytest.approx(21.0)
    assert plan.objective == pytest.approx(23.0)
    assert plan.cost_step == 1.0


@pytest.mark.parametrize("engine", ENGINES)
def test_allowed_mask_and_infinite_cost_forbid_the_same_pair(engine):
    # b0 may not go to clinic 1: the cheapest 3-person move is now b1 (12), plus b2 (2).
    allowed = np.ones((4, 2), dtype=bool)
    allowed[0, 1] = False
    by_mask = capacitated_assignment(COST, WEIGHT, CAPACITY, allowed=allowed, engine=engine)
    unreachable = np.array(COST)
    unreachable[0, 1] = np.inf
    by_cost = capacitated_assignment(unreachable, WEIGHT, CAPACITY, engine=engine)
    for plan in (by_mask, by_cost):
        assert plan.status == "optimal"
        assert plan.choice.tolist() == [0, 1, 1, 0]
        assert plan.objective == pytest.approx(12.0 + 12.0 + 2.0)


def test_integral_lp_is_optimal_without_search():
    # Room for everyone at the nearest clinic: the LP is the plan, nothing is searched.
    plan = capacitated_assignment(COST, WEIGHT, [10, 0])
    assert plan.status == "optimal"
    assert plan.choice.tolist() == [0, 0, 0, 0]
    assert plan.objective == pytest.approx(12.0)
    assert plan.pairs_searched == 0


def test_zero_weight_building_goes_to_its_cheapest_clinic_even_when_full():
    # Weight 0 costs nothing anywhere; it is placed at its cheapest clinic for the map.
    plan = capacitated_assignment([[1.0, 2.0], [1.0, 3.0]], [5, 0], [5, 5])
    assert plan.choice.tolist() == [0, 0]
    assert plan.objective == pytest.approx(5.0)


def test_unlimited_capacity_and_no_buildings():
    plan = capacitated_assignment(COST, WEIGHT, [np.inf, 0])
    assert plan.choice.tolist() == [0, 0, 0, 0]
    empty = capacitated_assignment(np.zeros((0, 2)), [], [1, 1])
    assert empty.status == "optimal"
    assert empty.choice.shape == (0,)
    assert empty.objective == 0.0


@pytest.mark.parametrize("engine", ENGINES)
def test_infeasible_although_the_lp_is_feasible(engine):
    # 9 people fit in 10 places fractionally, but a clinic of 5 holds one 3-person building,
    # so two clinics hold two of the three buildings.
    plan = capacitated_assignment(np.ones((3, 2)), [3, 3, 3], [5, 5], engine=engine)
    assert plan.status == "infeasible"
    assert plan.choice.tolist() == [-1, -1, -1]
    assert plan.objective == math.inf
    assert plan.lower_bound == math.inf


def test_infeasible_totals_and_stranded_buildings_are_explained():
    over = capacitated_assignment(np.ones((3, 2)), [3, 3, 3], [4, 4])
    assert over.status == "infeasible"
    assert "total weight 9 exceeds total capacity 8" in over.message
    stranded = capacitated_assignment([[1.0, np.inf], [1.0, 1.0]], [6, 1], [5, 10])
    assert stranded.status == "infeasible"
    assert "building 0 (weight 6)" in stranded.message


def test_costs_off_the_decimal_grid_keep_a_valid_bound():
    # Two 1-person buildings, one place per clinic. cost_step 1 rounds 1.4 -> 1 and 2.6 -> 3,
    # so the rounded optimum is 1 + 1 = 2 (b0 -> 0, b1 -> 1; true objective 2.8). A plan's
    # true cost is at least its rounded cost minus each building's largest rounding up
    # (0.4 each): the reported bound is 2 - 0.8 = 1.2, valid though loose.
    cost = [[1.4, 2.6], [2.6, 1.4]]
    plan = capacitated_assignment(cost, [1, 1], [1, 1], cost_step=1.0)
    assert plan.choice.tolist() == [0, 1]
    assert plan.objective == pytest.approx(2.8)
    assert plan.lower_bound == pytest.approx(1.2)
    detected = capacitated_assignment(cost, [1, 1], [1, 1])
    assert detected.cost_step == pytest.approx(0.1)
    assert detected.lower_bound == pytest.approx(2.8)


def test_relative_gap_stops_early_without_claiming_optimality():
    plan = capacitated_assignment(COST, WEIGHT, CAPACITY, relative_gap=0.5)
    assert plan.status in {"optimal", "feasible"}
    assert plan.lower_bound <= plan.objective <= plan.lower_bound / 0.5
    if plan.status == "feasible":
        assert plan.gap > 0


def brute_force(cost: np.ndarray, weight: np.ndarray, capacity: np.ndarray) -> float:
    best = math.inf
    rows = np.arange(len(weight))
    for choice in itertools.product(range(cost.shape[1]), repeat=len(weight)):
        picked = np.array(choice)
        if (np.bincount(picked, weights=weight, minlength=len(capacity)) <= capacity).all():
            best = min(best, float((weight * cost[rows, picked]).sum()))
    return best


def random_instance(seed: int, n: int, k: int, slack: float):
    rng = np.random.default_rng(seed)
    cost = np.round(rng.uniform(1, 30, size=(n, k)), 1)
    weight = rng.integers(1, 20, n)
    capacity = np.full(k, int(weight.sum() / k * slack))
    return cost, weight, capacity


@pytest.mark.parametrize("seed", range(4))
def test_matches_brute_force_on_small_random_instances(seed):
    cost, weight, capacity = random_instance(seed, 8, 3, 1.1)
    expected = brute_force(cost, weight, capacity)
    for engine in ENGINES:
        plan = capacitated_assignment(cost, weight, capacity, engine=engine)
        if expected == math.inf:
            assert plan.status == "infeasible"
            continue
        assert plan.status == "optimal"
        assert plan.objective == pytest.approx(expected)
        assert (plan.load <= capacity).all()


def full_cp_sat(cost: np.ndarray, weight: np.ndarray, capacity: np.ndarray) -> int:
    """The whole model, no LP, no fixing: the optimum in tenths of a minute."""
    n, k = cost.shape
    tenths = np.round(cost * 10).astype(int)
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{j}") for j in range(k)] for i in range(n)]
    for row in x:
        model.add_exactly_one(row)
    for j in range(k):
        model.add(sum(int(weight[i]) * x[i][j] for i in range(n)) <= int(capacity[j]))
    model.minimize(sum(int(weight[i] * tenths[i, j]) * x[i][j] for i in range(n) for j in range(k)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20.0
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    return round(solver.objective_value)


@pytest.mark.parametrize("engine", ENGINES)
def test_matches_cp_sat_on_the_full_model(engine):
    cost, weight, capacity = random_instance(7, 30, 4, 1.05)
    expected = full_cp_sat(cost, weight, capacity) / 10
    plan = capacitated_assignment(cost, weight, capacity, engine=engine)
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(expected)
    assert plan.lower_bound == pytest.approx(expected)
    assert plan.lp_bound <= expected + 1e-9
    assert np.bincount(plan.choice, minlength=30).size == 30
    assert (np.bincount(plan.choice, weights=weight, minlength=4) <= capacity).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cost": [1.0, 2.0]}, "cost must be 2-D"),
        ({"weight": [3, 3, 2]}, "weight has shape (3,); cost has 4 buildings"),
        ({"capacity": [5, 5, 5]}, "capacity has shape (3,); cost has 2 clinics"),
        ({"cost": [[1.0, np.nan], *COST[1:]]}, "NaN value(s), e.g. [0, 1]"),
        ({"cost": [[1.0, -np.inf], *COST[1:]]}, "-inf"),
        ({"weight": [3, -1, 2, 2]}, "weight must be non-negative, got -1 at index 1"),
        ({"capacity": [5, -5]}, "capacity must be non-negative"),
        ({"weight": [3, 1.5, 2, 2]}, "weight must be whole people, got 1.5 at index 1"),
        ({"allowed": np.ones((2, 2), dtype=bool)}, "allowed has shape (2, 2); expected (4, 2)"),
        ({"allowed": np.ones((4, 2))}, "allowed must be a boolean mask"),
        ({"time_limit_s": 0}, "time_limit_s=0"),
        ({"relative_gap": 1.5}, "relative_gap=1.5"),
        ({"engine": "gurobi"}, "engine='gurobi'"),
        ({"cost": [["a", "b"]] * 4}, "must be numeric"),
    ],
)
def test_bad_input_is_named(kwargs, message):
    arguments = {"cost": COST, "weight": WEIGHT, "capacity": CAPACITY} | kwargs
    with pytest.raises(PlanningError, match=re.escape(message)):
        capacitated_assignment(
            arguments.pop("cost"), arguments.pop("weight"), arguments.pop("capacity"), **arguments
        )


def test_costs_too_large_for_exact_search_ask_for_a_coarser_step():
    with pytest.raises(PlanningError, match="coarser cost_step"):
        capacitated_assignment([[1e12, 1.0]], [10**6], [10**6, 10**6], cost_step=1e-6)


# --- the LP relaxation as a min-cost flow ------------------------------------------------------


def test_transportation_ships_the_cheapest_way_within_capacities():
    # Source 0 (4 units) is cheaper at sink 0, but sink 0 takes only 3 and source 1 (2 units)
    # gains more there (5 - 1 = 4 per unit against 3 - 2 = 1): it fills sink 0 first.
    shipped = transportation(np.array([[2, 3], [1, 5]]), np.array([4, 2]), np.array([3, 10]))
    assert shipped is not None
    assert shipped.tolist() == [[1, 3], [2, 0]]


def test_transportation_says_when_the_capacities_cannot_take_the_supply():
    allowed = np.array([[True, False], [True, False]])
    found = transportation(
        np.ones((2, 2), dtype=np.int64), np.array([2, 2]), np.array([3, 9]), allowed
    )
    assert found is None


def test_transportation_refuses_costs_that_overflow_64_bit_arithmetic():
    with pytest.raises(PlanningError, match="overflow the min-cost flow"):
        transportation(np.array([[4 * 10**18, 1], [1, 2]]), np.array([5, 5]), np.array([10, 10]))


def test_costs_too_large_for_the_flow_fall_back_to_the_simplex(monkeypatch):
    # OR-Tools refuses costs whose products with the node count pass 64 bits; HiGHS's LP then
    # gives the same bound and the same optimum.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PlanningError("transportation: costs overflow")

    monkeypatch.setattr(assignment, "transportation", refuse)
    plan = capacitated_assignment(COST, WEIGHT, CAPACITY)
    assert plan.status == "optimal"
    assert plan.choice.tolist() == [1, 0, 1, 0]
    assert plan.lp_bound == pytest.approx(21.0)


@pytest.mark.parametrize(
    ("seed", "slack", "forbidden"),
    [(0, 1.2, 0.0), (1, 1.05, 0.3), (2, 1.0, 0.0), (3, 1.0, 0.4), (4, 3.0, 0.5), (5, 1.02, 0.6)],
)
def test_min_cost_flow_lp_proves_the_same_bound_as_highs(seed, slack, forbidden):
    # slack 1.0: every clinic ends full, so no clinic has room to anchor the duals and all of
    # them take the common offset; masks cut clinics off from those with room.
    cost, weight, capacity = random_instance(seed, 60, 6, slack)
    capacity[-1] += int(weight.sum()) - int(capacity.sum()) if slack == 1.0 else 0
    rng = np.random.default_rng(seed)
    mask = rng.random(cost.shape) >= forbidden
    mask[np.arange(60), rng.integers(0, 6, 60)] = True
    scaled = np.round(cost * 10)
    problem = _Problem(weight[:, None] * scaled, weight, capacity, mask)
    ours = _lp_relaxation(problem, deadline=math.inf)
    reference = _lp_relaxation_highs(problem, deadline=math.inf)
    if isinstance(reference, str):
        assert isinstance(ours, str)
        return
    assert isinstance(ours, tuple)
    assert isinstance(reference, tuple)
    fractions, duals = ours
    assert (duals >= 0).all()
    np.testing.assert_allclose(fractions.sum(axis=1), 1.0)
    assert (fractions[~mask] == 0).all()
    assert ((fractions * weight[:, None]).sum(axis=0) <= capacity + 1e-9).all()
    lp_value = float((fractions * problem.unit_cost).sum())
    bound = _reduced_costs(problem, duals)[1]
    assert bound == pytest.approx(lp_value, rel=1e-12)  # the duals prove the flow optimal
    assert bound == pytest.approx(_reduced_costs(problem, reference[1])[1], rel=1e-9)


def test_repair_empties_overfull_clinics_cheapest_per_person_first():
    # Everyone at clinic 0 (10 people, capacity 5). Per person of overflow removed, moving b2
    # costs 1, b3 2, b0 3, b1 4: b2 then b3 move, and clinic 0 is still 1 over with only
    # 1 place left at clinic 1, too few for b0 or b1: the greedy repair gives up (the
    # optimum moves b0 and b2 instead) and the rounding falls back to CP-SAT.
    problem = _Problem(
        np.asarray(WEIGHT)[:, None] * np.asarray(COST),
        np.asarray(WEIGHT),
        np.asarray(CAPACITY),
        np.ones((4, 2), dtype=bool),
    )
    assert _repair(problem, np.zeros(4, dtype=np.int64)) is None
    roomier = replace(problem, capacities=np.array([5, 7]))  # 3 places left after b2, b3
    repaired = _repair(roomier, np.zeros(4, dtype=np.int64))
    assert repaired is not None
    assert repaired.tolist() == [1, 0, 1, 1]  # b2, b3, then b0 (3 per person) over b1 (4)
    # b0 split: by largest shares clinic 0 holds 8; the repair moves b3 and is stuck 1 over,
    # so CP-SAT places the split b0 in the 3 places the whole buildings leave at clinic 1.
    fractions = np.array([[0.6, 0.4], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    rounded = _round(problem, fractions, deadline=math.inf, seed=0)
    assert rounded is not None
    assert rounded.tolist() == [1, 0, 1, 0]


@pytest.mark.parametrize("seed", range(5))
def test_repair_moves_only_buildings_of_overfull_clinics_and_ends_within_capacity(seed):
    cost, weight, capacity = random_instance(seed, 40, 5, 1.1)
    problem = _Problem(weight[:, None] * cost, weight, capacity, np.ones((40, 5), dtype=bool))
    start = np.argmin(cost, axis=1)
    overfull = np.bincount(start, weights=weight, minlength=5) > capacity
    repaired = _repair(problem, start)
    assert repaired is not None
    assert (np.bincount(repaired, weights=weight, minlength=5) <= capacity).all()
    moved = repaired != start
    assert overfull[start[moved]].all()


# --- the local search that polishes incumbents ------------------------------------------------


def polish(
    cost: ArrayLike,
    weight: ArrayLike,
    capacity: ArrayLike,
    choice: ArrayLike,
    allowed: ArrayLike | None = None,
) -> tuple[_Problem, NDArray[np.int64]]:
    costs = np.asarray(cost, dtype=np.float64)
    weights = np.asarray(weight, dtype=np.int64)
    mask = np.ones(costs.shape, dtype=bool) if allowed is None else np.asarray(allowed)
    problem = _Problem(
        weights[:, None] * costs, weights, np.asarray(capacity, dtype=np.int64), mask
    )
    found = _local_search(problem, np.asarray(choice, dtype=np.int64), deadline=math.inf)
    return problem, found


def test_local_search_swaps_two_buildings_when_no_clinic_has_room():
    # Both clinics are full, each building sits at its far clinic: no single move fits, the
    # swap (cost 5 x 10 + 5 x 10 = 100 -> 5 + 5 = 10) does.
    _, found = polish([[1.0, 10.0], [10.0, 1.0]], [5, 5], [5, 5], [1, 0])
    assert found.tolist() == [0, 1]


def test_local_search_moves_a_building_into_room_and_keeps_forbidden_pairs_out():
    # Building 0 may not use clinic 0 (its cheapest). Building 1 moves there first, which
    # makes room at clinic 2 for building 0.
    allowed = np.array([[False, True, True], [True, True, True]])
    cost = [[1.0, 9.0, 5.0], [2.0, 7.0, 8.0]]
    _, found = polish(cost, [4, 4], [4, 4, 4], [1, 2], allowed)
    assert found.tolist() == [2, 0]


@pytest.mark.parametrize("seed", range(6))
def test_local_search_ends_feasible_cheaper_and_at_a_local_optimum(seed):
    cost, weight, capacity = random_instance(seed, 30, 4, 1.2)
    # The search needs a feasible start: the optimum with two buildings swapped where that
    # still fits (else the optimum itself, which it must leave as good as it is).
    plan = capacitated_assignment(cost, weight, capacity, time_limit_s=5).choice
    scrambled = plan.copy()
    scrambled[[0, 1]] = scrambled[[1, 0]]
    load = np.bincount(scrambled, weights=weight, minlength=4)
    if (load > capacity).any():
        scrambled = plan
    problem, found = polish(cost, weight, capacity, scrambled)
    assert (np.bincount(found, weights=weight, minlength=4) <= capacity).all()
    assert problem.cost_of(found) <= problem.cost_of(scrambled)
    assert problem.cost_of(found) >= problem.cost_of(plan)  # never below the optimum
    room = capacity - np.bincount(found, weights=weight, minlength=4)
    here = problem.unit_cost[np.arange(30), found]
    for i in range(30):
        for j in range(4):
            if j != found[i] and weight[i] <= room[j]:
                assert problem.unit_cost[i, j] >= here[i]  # no single move helps
    for i, other in itertools.combinations(range(30), 2):
        a, b = found[i], found[other]
        if a == b or room[b] + weight[other] < weight[i] or room[a] + weight[i] < weight[other]:
            continue
        swapped = problem.unit_cost[i, b] + problem.unit_cost[other, a]
        assert swapped >= here[i] + here[other]  # no swap helps


def test_no_time_left_returns_the_rounded_plan_without_starting_the_search():
    # With the time already gone the rounded LP plan is the answer: feasible, above the LP
    # bound it reports, and not claimed optimal.
    cost, weight, capacity = random_instance(3, 30, 4, 1.2)
    plan = capacitated_assignment(cost, weight, capacity, time_limit_s=1e-9)
    assert plan.status == "feasible"
    assert "time ran out before the exact search" in plan.message
    assert (plan.load <= capacity).all()
    optimum = capacitated_assignment(cost, weight, capacity).objective
    assert plan.lower_bound == pytest.approx(plan.lp_bound, abs=0.1)
    assert plan.lower_bound < optimum < plan.objective
