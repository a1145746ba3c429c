"""Rebalancing: the demo region and a generated city of 100,000 buildings and 500 districts.

For each: time, objective, people moved, highest load / norm, capacity violations, and the
from-scratch capacitated assignment on the same input measured in the same run
(:func:`catchments.planning.from_scratch`: a min-cost flow to clinics with no least-disruption
term and no contiguity, a lower bound on travel; then each clinic's people cut into compact
districts within their norms, named after the current districts they overlap most). People
moved are people whose district changes, on both sides.

Run: ``.venv/bin/python bench/rebalance.py [--skip-demo] [--time-limit 50]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import time
from pathlib import Path

import numpy as np
import shapely
from numpy.typing import NDArray
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from catchments.planning import (
    RebalanceOptions,
    RebalanceProblem,
    build_tiles,
    from_scratch,
    least_moves_bound,
    prepare,
    problem_from_tiles,
    solve,
)
from catchments.planning.common import served_bands
from geo.package import read_region

ROOT = Path(__file__).resolve().parent.parent


def generated_city(
    *, side: int = 100, buildings_per_unit: int = 10, clinics: int = 50, per_clinic: int = 10
) -> tuple[RebalanceProblem, NDArray[np.float64], int]:
    """A square city of side x side blocks; GP districts cut from nearest-clinic territories.

    Returns the instance, the blocks' centres (metres) and the number of buildings.
    """
    rng = np.random.default_rng(2026)
    n = side * side
    x, y = np.divmod(np.arange(n), side)
    x, y = x * 150.0, y * 150.0  # 150 m blocks
    people = rng.poisson(4.0, size=(n, buildings_per_unit)).sum(axis=1) + 1
    shares = np.array([0.12, 0.12, 0.04, 0.61, 0.11])
    population = np.array([rng.multinomial(int(p), shares) for p in people], dtype=np.int64)
    sites = rng.uniform(0, side * 150.0, size=(clinics, 2))
    distance = np.hypot(x[:, None] - sites[:, 0], y[:, None] - sites[:, 1])
    travel = distance * 1.3 / (4.5 / 3.6)  # street detour 1.3, walking
    nearest = np.argmin(distance, axis=1)
    current = np.full((n, 2), -1, dtype=np.int64)
    district_clinic: list[int] = []
    # Districts per clinic by its share of the people (largest remainders, at least one), so a
    # clinic squeezed between others gets few districts rather than slivers of a block or two.
    residents = np.bincount(nearest, weights=population.sum(axis=1), minlength=clinics)
    quota = residents / residents.sum() * clinics * per_clinic
    counts = np.maximum(np.floor(quota).astype(int), 1)
    for c in np.argsort(-(quota - np.floor(quota)), kind="stable"):
        if counts.sum() >= clinics * per_clinic:
            break
        counts[c] += 1
    for c in range(clinics):
        cells = np.flatnonzero(nearest == c)
        angle = np.arctan2(y[cells] - sites[c, 1], x[cells] - sites[c, 0])
        cells = cells[np.argsort(angle)]
        weight = population[cells].sum(axis=1)
        cuts = np.searchsorted(np.cumsum(weight), np.linspace(0, weight.sum(), counts[c] + 1)[1:-1])
        for part in np.split(cells, cuts):
            current[part, 0] = len(district_clinic)
            district_clinic.append(c)
    m = len(district_clinic)
    bands = np.tile(served_bands("gp", ["gp"]), (m, 1))
    grid = np.arange(n).reshape(side, side)
    pairs = np.array(
        list(zip(grid[:-1].ravel(), grid[1:].ravel(), strict=True))
        + list(zip(grid[:, :-1].ravel(), grid[:, 1:].ravel(), strict=True))
    )
    # Wedges cut on a grid leave stray blocks: give every piece but a district's largest to a
    # neighbouring district of the same clinic, so districts start as one piece, as drawn ones.
    for _ in range(10):
        same = current[pairs[:, 0], 0] == current[pairs[:, 1], 0]
        graph = coo_array((np.ones(int(same.sum())), (pairs[same, 0], pairs[same, 1])), (n, n))
        piece = connected_components(graph, directed=False)[1]
        size = np.bincount(piece)
        largest = np.zeros(m, dtype=np.int64)
        np.maximum.at(largest, current[:, 0], size[piece])
        stray = size[piece] < largest[current[:, 0]]
        if not stray.any():
            break
        for a, b in pairs[~same].tolist():
            for block, other in ((a, b), (b, a)):
                if stray[block] and district_clinic[current[other, 0]] == nearest[block]:
                    current[block, 0] = current[other, 0]
                    stray[block] = False
    loads = np.bincount(current[:, 0], weights=population.sum(axis=1), minlength=m)
    capacity = (loads / rng.uniform(0.85, 1.10, m)).astype(np.int64)  # some over, most under
    problem = RebalanceProblem(
        population=population,
        neighbours=pairs.astype(np.int64),
        district_clinic=np.array(district_clinic),
        district_family=np.zeros(m, dtype=np.int64),
        district_bands=bands,
        capacity=capacity,
        people_per_doctor=np.full(m, 1700.0),
        travel_s=travel,
        current=current,
        clinic_accepts=np.ones(clinics, dtype=bool),
    )
    return problem, np.c_[x, y], n * buildings_per_unit


def report(
    name: str, problem: RebalanceProblem, unit_xy: NDArray[np.float64], options: RebalanceOptions
) -> None:
    started = time.perf_counter()
    solution = solve(problem, options)
    elapsed = time.perf_counter() - started
    scratch = from_scratch(problem, unit_xy, max_travel_s=options.max_travel_s)
    load = solution.load_after / np.maximum(problem.capacity, 1)
    moved = int(solution.moved_people.sum())
    travel = float(solution.travel_after_min.sum())
    print(f"\n== {name}: {problem.n_units:,} units, {problem.n_districts} districts")
    print(
        f"rebalanced   : {elapsed:6.1f} s ({solution.status}), objective {solution.objective:,.0f}"
        f" (LP lower bound {solution.bound:,.0f}), {solution.n_variables:,} variables, "
        f"{int(solution.seconds.get('windows', 0))} windows"
    )
    print(
        f"  people moved {moved:,}; over the norm {int(solution.over_before.sum()):,} -> "
        f"{int(solution.over_after.sum()):,} in {int((solution.over_after > 0).sum())} districts;"
        f" max load/capacity {load.max():.3f}"
    )
    print(f"  travel {float(solution.travel_before_min.sum()):,.0f} -> {travel:,.0f} person-min")
    print(
        f"from scratch : {scratch.seconds:6.1f} s, travel {scratch.travel_min:,.0f} person-min,"
        f" {scratch.moved_people:,.0f} people change district ({scratch.clinic_changes:,.0f}"
        f" change clinic), {scratch.over_people:,} over"
    )
    # How much room the target leaves: the fewest people any plan within the same reach,
    # travel limit and contiguity must move to meet every norm (the LP bound), against the
    # most the 5x target allows.
    least = least_moves_bound(problem, options)
    print(
        "LP bound     : meeting every norm moves at least "
        + ("? (LP not solved)" if least is None else f"{math.ceil(least - 1e-6):,}")
        + f" people; the 5x target allows {scratch.moved_people / 5:,.0f}"
    )
    ratio = scratch.moved_people / max(moved, 1)
    print(
        f"ratios       : from-scratch moves / rebalanced moves = {ratio:.1f}x (target >= 5x); "
        f"rebalanced travel / from-scratch = {travel / scratch.travel_min:.4f} (target <= 1.05)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--time-limit", type=float, default=50.0)
    args = parser.parse_args()
    options = RebalanceOptions(time_limit_s=args.time_limit, workers=2)
    if not args.skip_demo:
        planning = prepare(read_region(ROOT / "data" / "demo", validate=False))
        started = time.perf_counter()
        tiles = build_tiles(planning)
        problem = problem_from_tiles(planning, tiles)
        centres = shapely.get_coordinates(shapely.point_on_surface(tiles.geometry.to_numpy()))
        print(f"demo: tiles and problem built in {time.perf_counter() - started:.1f} s")
        report("demo region, at most 10 % of people move (the default)", problem, centres, options)
        # The same run with the moves bound lifted (moves still cost): what the search reaches
        # when the budget does not bind (the LP bound above says how close to it the demo is).
        unbounded = dataclasses.replace(options, max_move_share=None)
        report("demo region, moves unbounded", problem, centres, unbounded)
    started = time.perf_counter()
    problem, blocks, buildings = generated_city()
    print(f"\ngenerated city: {buildings:,} buildings in {time.perf_counter() - started:.1f} s")
    report("generated city (100,000 buildings, 500 districts)", problem, blocks, options)


if __name__ == "__main__":
    main()
