"""The rebalancing solver on hand-checkable instances: a 3 x 3 grid of blocks, two districts."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest
import shapely
from ortools.sat.python import cp_model

from catchments.planning import (
    PlanningError,
    RebalanceOptions,
    RebalanceProblem,
    SearchStop,
    SolveProgress,
    components,
    from_scratch,
    least_moves_bound,
    moves_allowed,
    served_bands,
    solve,
)
from catchments.planning.solver import _adjacency, _core, serving

ADULTS = np.array([0, 0, 1, 1, 1], dtype=bool)


def grid_pairs(width: int, height: int) -> np.ndarray:
    pairs = []
    for row in range(height):
        for col in range(width):
            i = row * width + col
            if col + 1 < width:
                pairs.append((i, i + 1))
            if row + 1 < height:
                pairs.append((i, i + width))
    return np.array(pairs)


def grid_problem(capacity=(500, 400), *, travel=None, people=100) -> RebalanceProblem:
    """Units 0..8 row by row; district 0 (clinic at unit 0) holds the two left columns,
    district 1 (clinic at unit 5) the right column; 100 adults per unit; 10 min per grid step."""
    xy = np.array([(i % 3, i // 3) for i in range(9)], dtype=float)
    clinics = np.array([(0, 0), (2, 1)], dtype=float)
    if travel is None:
        travel = np.hypot(xy[:, None, 0] - clinics[:, 0], xy[:, None, 1] - clinics[:, 1]) * 600
    population = np.zeros((9, 5), dtype=np.int64)
    population[:, 3] = people
    current = np.full((9, 2), -1, dtype=np.int64)
    current[:, 0] = [0, 0, 1, 0, 0, 1, 0, 0, 1]
    return RebalanceProblem(
        population=population,
        neighbours=grid_pairs(3, 3),
        district_clinic=np.array([0, 1]),
        district_family=np.array([0, 0]),
        district_bands=np.array([ADULTS, ADULTS]),
        capacity=np.array(capacity, dtype=np.int64),
        people_per_doctor=np.array([2200.0, 2200.0]),
        travel_s=np.asarray(travel, dtype=float),
        current=current,
        clinic_accepts=np.array([True, True]),
    )


def squares_connected(units: list[int]) -> bool:
    """Geometric check: the union of the units' unit squares is one polygon."""
    squares = [shapely.box(i % 3, i // 3, i % 3 + 1, i // 3 + 1) for i in units]
    return shapely.union_all(squares).geom_type == "Polygon"


def test_progress_starts_from_today_s_plan_and_ends_with_the_plan_returned() -> None:
    # The window search on the checkerboard, every report kept (no throttling below 0.5 s
    # matters: the first and the last are always sent).
    problem = checkerboard_problem()
    options = RebalanceOptions(
        max_move_share=0.3, max_hops=4, time_limit_s=20.0, global_max_variables=0
    )
    heard: list[SolveProgress] = []
    solution = solve(problem, options, progress=heard.append)
    first, last = heard[0], heard[-1]
    assert (first.people_over, first.people_moved, first.windows) == (
        int(solution.over_before.sum()),
        0,
        0,
    )
    assert first.people_over > 0
    assert (last.people_over, last.people_moved) == (
        int(solution.over_after.sum()),
        int(solution.moved_people.sum()),
    )
    assert last.windows == int(solution.seconds["windows"])
    spent = [report.spent for report in heard]
    assert spent == sorted(spent)
    assert all(0.0 <= report.fraction <= 1.0 and report.limit == 20.0 for report in heard)
    # Solved whole by CP-SAT: the start and the end.
    whole: list[SolveProgress] = []
    solve(grid_problem(), RebalanceOptions(max_move_share=0.2), progress=whole.append)
    assert [(r.people_over, r.people_moved) for r in whole] == [(100, 0), (0, 100)]


def test_progress_in_deterministic_mode_counts_the_solver_s_own_time() -> None:
    heard: list[SolveProgress] = []
    options = RebalanceOptions(
        max_move_share=0.3, time_limit_s=5.0, deterministic=True, global_max_variables=0
    )
    solution = solve(checkerboard_problem(), options, progress=heard.append)
    assert heard[-1].spent == pytest.approx(solution.seconds["deterministic"])
    assert heard[-1].limit == 5.0


def test_a_stop_asked_for_at_once_keeps_today_s_plan_and_says_so() -> None:
    # Asked for before anything was solved (the first report is today's plan): whole model or
    # windows, the search returns today's districts with the status "stopped". The demo test
    # stops a search half-way (tests/planning/test_demo.py).
    for problem, options in (
        (grid_problem(), RebalanceOptions(max_move_share=0.2)),
        (checkerboard_problem(), RebalanceOptions(max_move_share=0.3, global_max_variables=0)),
    ):
        stop = SearchStop()
        at_once = lambda _, asked=stop: asked.request()  # noqa: E731
        solution = solve(problem, options, progress=at_once, stop=stop)
        assert solution.status == "stopped"
        assert (solution.assignment == problem.current).all()
        assert solution.seconds["windows"] == 0


def test_a_window_with_nothing_to_move_does_not_stop_the_search() -> None:
    # Small windows on the 12 x 12 board reach an over-norm district none of whose units can
    # go anywhere: its window has no variable, and its LP used to be handed to scipy empty.
    options = RebalanceOptions(
        max_move_share=0.2, max_hops=4, time_limit_s=60.0, global_max_variables=0, window_units=10
    )
    solution = solve(checkerboard_problem(12), options)
    assert solution.seconds["windows"] > 0
    assert solution.over_after.sum() < solution.over_before.sum()


def test_a_stop_from_another_thread_ends_a_cp_sat_search_under_way() -> None:
    # A search that would run for two minutes (every assignment of 40 free booleans, listed),
    # stopped from this thread once it has found some. A request that comes before CP-SAT has
    # started is lost on its side, so it is sent again until the search ends, as the command
    # line does.
    model = cp_model.CpModel()
    for i in range(40):
        model.new_bool_var(f"b{i}")
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.max_time_in_seconds = 120.0
    stop = SearchStop()
    found = threading.Event()
    status: list[cp_model.CpSolverStatus] = []

    class Listed(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            found.set()

    def run() -> None:
        with stop.watching(solver):
            status.append(solver.solve(model, Listed()))

    worker = threading.Thread(target=run)
    worker.start()
    assert found.wait(60)
    while worker.is_alive():
        stop.request()
        worker.join(0.1)
    assert status == [cp_model.FEASIBLE]  # OPTIMAL would mean every assignment was listed
    assert solver.wall_time < 100.0  # ended by the stop, not by its 120 s limit


def test_the_overloaded_district_sheds_the_block_that_gains_most_travel() -> None:
    # District 0 holds 600 for 500 places: one block of 100 must go to district 1 (room 100).
    # Moving costs the same for every block; the travel gain decides: unit 7 at (1, 2) is
    # sqrt(5) = 2.24 steps from clinic 0 and sqrt(2) = 1.41 from clinic 1 (the best gain),
    # unit 4: 1.41 -> 1, unit 1: 1 -> 1.41 (a loss).
    solution = solve(grid_problem(), RebalanceOptions(max_move_share=0.2))
    assert solution.status == "optimal"
    assert solution.assignment[:, 0].tolist() == [0, 0, 1, 0, 0, 1, 0, 1, 1]
    assert solution.load_before.tolist() == [600, 300]
    assert solution.load_after.tolist() == [500, 400]
    assert solution.over_after.tolist() == [0, 0]
    assert solution.moved_people.sum() == 100
    # Travel: 100 people × (sqrt(5) − sqrt(2)) × 10 min less.
    saved = solution.travel_before_min.sum() - solution.travel_after_min.sum()
    assert saved == pytest.approx(100 * (np.sqrt(5) - np.sqrt(2)) * 10)


def test_contiguity_forbids_an_enclave_and_is_checked_geometrically() -> None:
    # Unit 3 is "next door" to clinic 1 by travel time but not adjacent to district 1.
    travel = grid_problem().travel_s.copy()
    travel[3, 1] = 0.0
    problem = grid_problem(travel=travel)
    free = solve(problem, RebalanceOptions(max_move_share=0.2, contiguity=False))
    assert free.assignment[3, 0] == 1  # without contiguity, the enclave wins
    assert not squares_connected(np.flatnonzero(free.assignment[:, 0] == 1).tolist())
    tied = solve(problem, RebalanceOptions(max_move_share=0.2))
    assert tied.assignment[3, 0] == 0
    for district in (0, 1):
        units = np.flatnonzero(tied.assignment[:, 0] == district).tolist()
        assert squares_connected(units)
        assert len(components(units, _adjacency(9, problem.neighbours))) == 1


def test_the_move_bound_holds_and_what_is_left_is_reported_as_overflow() -> None:
    # 10 % of 900 people is 90: no block of 100 may move, so district 0 stays 100 over.
    solution = solve(grid_problem(), RebalanceOptions(max_move_share=0.1))
    assert solution.moved_people.sum() == 0
    assert solution.over_after.tolist() == [100, 0]


def test_an_infeasible_instance_is_reported_not_crashed() -> None:
    # 900 people, 700 places in all: 200 cannot be placed whatever the plan.
    solution = solve(grid_problem(capacity=(400, 300)), RebalanceOptions(max_move_share=1.0))
    assert solution.status == "optimal"
    assert solution.over_after.sum() == 200
    assert (solution.assignment[:, 0] >= 0).all()


def test_a_block_outside_every_territory_is_covered_where_there_is_room() -> None:
    problem = grid_problem(capacity=(600, 400))
    current = problem.current.copy()
    current[8, 0] = -1  # the bottom-right block has no district yet
    solution = solve(dataclasses.replace(problem, current=current))
    assert solution.assignment[8, 0] == 1
    assert solution.newly_covered.sum() == 100
    assert solution.moved_people.sum() == 0


def test_a_clinic_that_is_not_a_supplier_receives_nobody() -> None:
    problem = dataclasses.replace(grid_problem(), clinic_accepts=np.array([True, False]))
    solution = solve(problem, RebalanceOptions(max_move_share=1.0))
    assert solution.assignment[:, 0].tolist() == problem.current[:, 0].tolist()
    assert solution.over_after.tolist() == [100, 0]


def test_children_follow_their_building_to_a_gp_only_clinic() -> None:
    # Clinic 0 has a therapist (15+) and a 0-14 pediatric district; clinic 1 a GP district.
    population = np.zeros((9, 5), dtype=np.int64)
    population[:, 0] = 10  # 0-6
    population[:, 3] = 100  # 18-62
    current = np.full((9, 2), -1, dtype=np.int64)
    left = np.array([0, 0, -1, 0, 0, -1, 0, 0, -1])
    current[:, 0] = np.where(left == 0, 0, 2)
    current[:, 1] = np.where(left == 0, 1, -1)
    bands = np.array(
        [
            served_bands("therapist", ["therapist", "pediatric_0_14"]),
            served_bands("pediatric_0_14", ["therapist", "pediatric_0_14"]),
            served_bands("gp", ["gp"]),
        ]
    )
    base = grid_problem()
    problem = RebalanceProblem(
        population=population,
        neighbours=base.neighbours,
        district_clinic=np.array([0, 0, 1]),
        district_family=np.array([0, 1, 0]),
        district_bands=bands,
        capacity=np.array([500, 1000, 1000]),
        people_per_doctor=np.array([2200.0, 900.0, 1700.0]),
        travel_s=base.travel_s,
        current=current,
        clinic_accepts=np.array([True, True]),
    )
    solution = solve(problem, RebalanceOptions(max_move_share=0.3))
    assert solution.assignment[7].tolist() == [2, -1]  # adults and children to the GP
    assert solution.load_after.tolist() == [500, 50, 440]  # 4 blocks x 110 at the GP
    assert solution.moved_people.sum() == 110


def test_from_scratch_is_a_lower_bound_and_moves_more() -> None:
    problem = grid_problem()
    plan = solve(problem, RebalanceOptions(max_move_share=0.2))
    xy = np.array([(i % 3, i // 3) for i in range(9)], dtype=float) * 150
    scratch = from_scratch(problem, xy)
    assert scratch.over_people == 0
    assert scratch.travel_min <= plan.travel_after_min.sum() + 1e-6
    assert scratch.moved_people >= scratch.clinic_changes


def line_problem(current: list[int], capacity: tuple[int, int]) -> RebalanceProblem:
    """Four blocks of 100 adults in a row, both districts at one clinic (so travel is the same
    whichever district a block is in: only the district cut differs)."""
    population = np.zeros((4, 5), dtype=np.int64)
    population[:, 3] = 100
    return RebalanceProblem(
        population=population,
        neighbours=np.array([(0, 1), (1, 2), (2, 3)]),
        district_clinic=np.array([0, 0]),
        district_family=np.array([0, 0]),
        district_bands=np.array([ADULTS, ADULTS]),
        capacity=np.array(capacity, dtype=np.int64),
        people_per_doctor=np.array([2200.0, 2200.0]),
        travel_s=np.array([[60.0], [120.0], [180.0], [270.0]]),
        current=np.array([[d, -1] for d in current], dtype=np.int64),
        clinic_accepts=np.array([True]),
    )


LINE_XY = np.array([(0.0, 0.0), (100.0, 0.0), (200.0, 0.0), (350.0, 0.0)])


@pytest.mark.parametrize(
    ("current", "capacity", "moved"),
    [
        # Interleaved districts: a compact redraw keeps one block of each, moves the other two.
        ([0, 1, 0, 1], (200, 200), 200),
        # Already compact: the redraw is the same cut under the same names.
        ([0, 0, 1, 1], (200, 200), 0),
        # District 1 may take one block: the nearest to its centre (the far one) is it.
        ([0, 0, 0, 1], (300, 100), 0),
        # District 1 (room for one block) is named after the left pair's cluster and keeps the
        # block of it farther from district 0's centre: block 0, where it is now ...
        ([1, 0, 0, 0], (300, 100), 0),
        # ... and block 0 again when it holds block 1 now: blocks 0 and 1 swap districts.
        ([0, 1, 0, 0], (300, 100), 200),
    ],
)
def test_from_scratch_redraws_compact_districts_within_capacity(current, capacity, moved) -> None:
    scratch = from_scratch(line_problem(current, capacity), LINE_XY)
    assert scratch.clinic_changes == 0
    assert scratch.moved_people == moved
    assert scratch.over_people == 0
    assert scratch.travel_min == pytest.approx((1 + 2 + 3 + 4.5) * 100)


def test_from_scratch_refuses_coordinates_of_the_wrong_shape() -> None:
    with pytest.raises(PlanningError, match="unit_xy"):
        from_scratch(line_problem([0, 0, 1, 1], (200, 200)), LINE_XY[:3])


def test_inconsistent_arrays_are_refused_with_their_names() -> None:
    problem = dataclasses.replace(grid_problem(), capacity=np.array([1, 2, 3]))
    with pytest.raises(PlanningError, match="capacity has shape"):
        solve(problem)
    with pytest.raises(PlanningError, match="max_move_share"):
        solve(grid_problem(), RebalanceOptions(max_move_share=2.0))


def test_a_block_beyond_the_travel_limit_may_still_change_district_in_its_own_clinic() -> None:
    # Both districts belong to clinic 0, 40 minutes from every block; the limit is 30 minutes.
    # The limit is for trips to *another* clinic, so district 0 (600 for 500) still hands a
    # block to district 1 of the same clinic.
    travel = np.full((9, 2), 40 * 60.0)
    problem = dataclasses.replace(grid_problem(travel=travel), district_clinic=np.array([0, 0]))
    solution = solve(problem, RebalanceOptions(max_move_share=0.2, max_travel_s=30 * 60.0))
    assert solution.over_after.tolist() == [0, 0]
    assert solution.moved_people.sum() == 100


def checkerboard_problem(side: int = 8, seed: int = 3) -> RebalanceProblem:
    """``side`` x ``side`` blocks in four quarter districts, each at its own clinic in its
    corner; the top-left quarter has 40 % more people than its district may serve."""
    rng = np.random.default_rng(seed)
    n = side * side
    col, row = np.arange(n) % side, np.arange(n) // side
    quarter = (row >= side // 2) * 2 + (col >= side // 2)
    population = np.zeros((n, 5), dtype=np.int64)
    population[:, 3] = rng.integers(20, 60, n)
    corners = np.array([(0, 0), (side - 1, 0), (0, side - 1), (side - 1, side - 1)], float)
    travel = np.hypot(col[:, None] - corners[:, 0], row[:, None] - corners[:, 1]) * 300
    current = np.full((n, 2), -1, dtype=np.int64)
    current[:, 0] = quarter
    loads = np.bincount(quarter, weights=population[:, 3], minlength=4)
    capacity = (loads * np.array([1 / 1.4, 1.25, 1.25, 1.25])).astype(np.int64)
    return RebalanceProblem(
        population=population,
        neighbours=grid_pairs(side, side),
        district_clinic=np.arange(4),
        district_family=np.zeros(4, dtype=np.int64),
        district_bands=np.tile(ADULTS, (4, 1)),
        capacity=capacity,
        people_per_doctor=np.full(4, 2200.0),
        travel_s=travel,
        current=current,
        clinic_accepts=np.ones(4, dtype=bool),
    )


def test_the_window_search_meets_the_norms_contiguously_and_within_the_proven_bounds() -> None:
    # The same instance solved whole (CP-SAT proves the optimum) and by the search for large
    # models (LP relaxation, its rounding, then windows): the LP bound is below the optimum,
    # the search's plan is no better than the optimum and meets the norms, and every district
    # of both plans is one piece of map.
    problem = checkerboard_problem()
    options = RebalanceOptions(max_move_share=0.3, max_hops=4, time_limit_s=20.0)
    whole = solve(problem, options)
    searched = solve(problem, dataclasses.replace(options, global_max_variables=0))
    assert whole.status == "optimal"
    assert searched.status == "settled"  # nobody over a norm long before the time limit
    assert searched.bound <= whole.objective + 1e-6
    assert whole.objective <= searched.objective + 1e-6
    assert whole.over_after.sum() == 0
    assert searched.over_after.sum() == 0
    adjacency = _adjacency(problem.n_units, problem.neighbours)
    for plan in (whole.assignment, searched.assignment):
        for district in range(4):
            units = np.flatnonzero(plan[:, 0] == district).tolist()
            assert len(components(units, adjacency)) == 1


def blocks_problem(side: int = 30, block: int = 6, seed: int = 4) -> RebalanceProblem:
    """``side`` x ``side`` units in square districts of ``block`` x ``block``, each at its own
    clinic in its middle, each 12 % under to 15 % over its capacity: a search with work to
    do at every window."""
    rng = np.random.default_rng(seed)
    n = side * side
    col, row = np.arange(n) % side, np.arange(n) // side
    per_row = side // block
    district = (row // block) * per_row + col // block
    m = per_row * per_row
    population = np.zeros((n, 5), dtype=np.int64)
    population[:, 3] = rng.integers(20, 60, n)
    middle = (np.arange(m) % per_row) * block + block / 2, (np.arange(m) // per_row) * block
    travel = np.hypot(col[:, None] - middle[0], row[:, None] - middle[1] - block / 2) * 200
    current = np.full((n, 2), -1, dtype=np.int64)
    current[:, 0] = district
    loads = np.bincount(district, weights=population[:, 3], minlength=m)
    return RebalanceProblem(
        population=population,
        neighbours=grid_pairs(side, side),
        district_clinic=np.arange(m),
        district_family=np.zeros(m, dtype=np.int64),
        district_bands=np.tile(ADULTS, (m, 1)),
        capacity=(loads / rng.uniform(0.85, 1.12, m)).astype(np.int64),
        people_per_doctor=np.full(m, 2200.0),
        travel_s=travel,
        current=current,
        clinic_accepts=np.ones(m, dtype=bool),
    )


def test_deterministic_mode_gives_the_same_plan_when_the_limit_stops_the_search() -> None:
    # The window search stopped by a small budget of CP-SAT's deterministic time: two runs
    # (with two workers, which otherwise race) return the very same plan, and it was the
    # budget that stopped them, since a larger one goes further.
    problem = blocks_problem()
    options = RebalanceOptions(
        max_move_share=0.3,
        time_limit_s=0.1,
        deterministic=True,
        global_max_variables=0,
        workers=2,
    )
    first, second = solve(problem, options), solve(problem, options)
    assert np.array_equal(first.assignment, second.assignment)
    assert first.objective == second.objective
    assert first.seconds["deterministic"] == second.seconds["deterministic"] >= 0.1
    longer = solve(problem, dataclasses.replace(options, time_limit_s=10.0))
    assert longer.objective < first.objective
    assert longer.over_after.sum() < first.over_after.sum()


def test_labels_rebuilt_from_a_plan_keep_it_feasible_and_moves_counted_from_the_start() -> None:
    # When the windows stop with time left, the solver rebuilds labels, roots and reach from
    # its plan: that plan must stay a feasible choice for every unit, and people moved must
    # still be counted against the current districts, not the plan's.
    problem = blocks_problem()
    options = RebalanceOptions(max_move_share=0.3, time_limit_s=2.0, global_max_variables=0)
    plan = solve(problem, options).assignment
    assert not np.array_equal(plan, problem.current)
    core = _core(problem, options, shape=plan)
    for i in np.flatnonzero(core.consistent):
        assert set(plan[i][plan[i] >= 0].tolist()) <= set(core.candidates[i])
        for d in core.candidates[i]:
            assert i in core.labels[d]
    # Roots lie in the plan's territories, and reach is counted from them: a district's labels
    # cover its plan territory and the units within max_hops of it (and no others).
    adjacency = _adjacency(problem.n_units, problem.neighbours)
    for d, roots in enumerate(core.root_sets):
        family = problem.district_family[d]
        territory = set(np.flatnonzero(plan[:, family] == d).tolist())
        assert roots <= territory
        reach, frontier = set(territory), set(territory)
        for _ in range(options.max_hops or 0):
            frontier = {j for i in frontier for j in adjacency[i]} - reach
            reach |= frontier
        assert set(core.labels[d]) == reach
    assert any(
        set(core.labels[d]) != set(_core(problem, options).labels[d])
        for d in range(problem.n_districts)
    )
    moved = core.moved_people(plan, np.arange(problem.n_units))
    assert moved == int(solve_moved(problem, plan)) > 0


def solve_moved(problem: RebalanceProblem, plan: np.ndarray) -> int:
    """People whose serving district differs between the current plan and ``plan``."""
    before, after = serving(problem, problem.current), serving(problem, plan)
    changed = (before >= 0) & (after >= 0) & (before != after)
    return int(problem.population[changed].sum())


def test_the_least_moves_bound_is_the_one_block_the_grid_must_shed() -> None:
    # District 0 is 100 over and every block holds 100: at least 100 people move. At 10 % of
    # 900 people the bound allows 90, so no plan within it meets the norm (the solver's plan
    # moves nobody and leaves the 100 over).
    problem = grid_problem()
    assert least_moves_bound(problem) == pytest.approx(100.0)
    options = RebalanceOptions(max_move_share=0.1)
    assert moves_allowed(problem, options) == 90
    least, allowed = least_moves_bound(problem, options), moves_allowed(problem, options)
    assert least is not None
    assert allowed is not None
    assert least > allowed
    assert moves_allowed(problem, RebalanceOptions(max_move_share=None)) is None


def test_the_least_moves_bound_is_a_relaxation_below_whole_blocks() -> None:
    # 50 over: the LP moves half a block; a plan must move a whole one.
    problem = grid_problem(capacity=(550, 450))
    assert least_moves_bound(problem) == pytest.approx(50.0)
    assert solve(problem, RebalanceOptions(max_move_share=1.0)).moved_people.sum() == 100


@pytest.mark.parametrize(
    ("capacity", "accepts", "bounds"),
    [
        ((400, 300), (True, True), {}),
        ((500, 400), (True, False), {}),
        ((500, 400), (True, True), {"max_hops": 0}),
        ((500, 400), (True, True), {"max_travel_s": 1.0}),
    ],
    ids=[
        "too few places in all",
        "the one neighbour receives nobody",
        "districts may not grow",
        "no other clinic within the travel limit",
    ],
)
def test_no_plan_within_the_bounds_meets_every_norm(capacity, accepts, bounds) -> None:
    problem = dataclasses.replace(grid_problem(capacity=capacity), clinic_accepts=np.array(accepts))
    options = RebalanceOptions(max_move_share=1.0, **bounds)
    assert least_moves_bound(problem, options) == float("inf")
    assert solve(problem, options).over_after.sum() > 0


def test_the_least_moves_bound_is_below_the_proven_fewest_moves() -> None:
    # CP-SAT solves the checkerboard whole; with a move costing more than any travel a person
    # can save, its optimum moves the fewest people that meet every norm.
    problem = checkerboard_problem()
    options = RebalanceOptions(
        max_move_share=None, max_hops=4, move_cost_min=10_000.0, overflow_cost_min=1e7
    )
    fewest = solve(problem, options)
    assert fewest.status == "optimal"
    assert fewest.over_after.sum() == 0
    bound = least_moves_bound(problem, options)
    assert bound is not None
    assert 0 < bound <= fewest.moved_people.sum()
