"""Least-disruption rebalancing of a region's districts (``emhana rebalance``).

:func:`rebalance` turns a prepared region into tiles (:mod:`catchments.planning.tiles`), the
tiles into a :class:`~catchments.planning.solver.RebalanceProblem`, solves it with CP-SAT
(:func:`catchments.planning.solver.solve`) and reports in the region's terms:

- ``moves``: every building whose district changes, with its districts and clinics before and
  after and its travel time to each clinic;
- ``load``: every district before and after, as *expected attached* (see
  :mod:`catchments.planning.data` for how residents and the register's counts relate), people
  per doctor, share of the norm and remaining places;
- ``impossible``: what no assignment within reach can fix, e.g. "C-03 needs 0.75 more FTE of
  district therapists if it re-cuts these districts around the new posts, 1.5 as they are
  drawn: 1,240 people expected attached over the norm in D-03T1, D-03T4 ...";
- ``moves_bound_message()``: when people stay over a norm, whether the bounds allow meeting every
  norm at all: the fewest people who would have to change district (a proven lower bound from
  the LP relaxation, :func:`~catchments.planning.solver.least_moves_bound`) against the moves
  bound;
- ``districts``: the redrawn territories (EPSG:4326), each the union of its tiles.

Decisions, written down
-----------------------
- Buildings may move across clinics, to a neighbouring clinic's districts, when that clinic
  supplies both free packages (R-ORG-2: nobody is sent to a clinic where the free packages do
  not apply); a clinic that is not a supplier keeps its territory but receives none.
- Families move together: a building changing clinic changes both its adult and its pediatric
  district, and its children are served by whichever model the new clinic has (a GP district
  when it has no pediatricians).
- The norm is planned on expected attached people: a district's capacity in residents is
  ``floor(norm × doctors) / attach_ratio``.
- People outside every territory are given a district when a neighbouring district can take
  them; they count as *newly covered*, not as moved.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from catchments.messages import Language, format_number

from .common import AGE_BANDS, FAMILIES, PlanningError
from .data import PlanningRegion
from .solver import (
    FromScratch,
    ProgressCallback,
    RebalanceOptions,
    RebalanceProblem,
    RebalanceSolution,
    SearchStop,
    SolveProgress,
    evaluate,
    from_scratch,
    least_moves_bound,
    moves_allowed,
    moves_budget,
    people_served,
    serving,
    solve,
)
from .tiles import Tiles, build_tiles
from .wording import SHORTFALL_COLUMNS, bounds_text, percent, report_text, shortfall_line

__all__ = [
    "MovesFloor",
    "RebalanceReport",
    "district_geometries",
    "floor_message",
    "moves_floor",
    "posts_needed",
    "problem_from_tiles",
    "rebalance",
]

_LONLAT = "EPSG:4326"


@dataclass(frozen=True, eq=False)
class RebalanceReport:
    """The result of :func:`rebalance`.

    Attributes
    ----------
    moves
        One row per building that changes district: ``building_id``, ``street``,
        ``housenumber``, ``residents``, ``moved_people``, ``adult_before``, ``adult_after``,
        ``pediatric_before``, ``pediatric_after``, ``clinic_before``, ``clinic_after``,
        ``travel_before_min``, ``travel_after_min``.
    load
        One row per district: ``clinic_id``, ``model``, ``doctors``, ``norm``, ``attached``
        (register), ``capacity`` (expected attached the norm allows), ``expected_before``,
        ``expected_after``, ``per_doctor_before``, ``per_doctor_after``, ``load_pct_before``,
        ``load_pct_after``, ``remaining_after``, ``over_after``.
    impossible
        One row per clinic and model still over its norm: ``clinic_id``, ``model``,
        ``over_people`` (expected attached), ``doctors_needed`` (FTE, in quarters, if the clinic
        re-cuts its districts), ``doctors_needed_as_drawn`` (enough for this plan as it is; see
        :func:`posts_needed`) and a ``message``.
    districts
        The redrawn districts (EPSG:4326): ``district_id``, ``clinic_id``, ``model``,
        ``doctors``, ``attached`` (expected after), ``changed`` and geometry.
    building_assignment
        Per building: ``adult`` and ``pediatric`` district after rebalancing.
    summary
        Headline numbers: status, people moved, their share, travel before and after, over the
        norm before and after, seconds.
    solution
        The solver's raw answer (units are tiles).
    tiles
        The planning units.
    comparison
        The from-scratch assignment on the same input, when asked for.
    options
        The bounds and weights the plan was made with (the report's lines name them).
    floor
        When the plan leaves people over a norm, what the bounds allow: the fewest people who
        would have to change district for every norm to be met (a proven lower bound, see
        :func:`~catchments.planning.solver.least_moves_bound`), or that no plan within the
        bounds meets every norm (:meth:`moves_bound_message` words it); None otherwise.
    """

    moves: pd.DataFrame
    load: pd.DataFrame
    impossible: pd.DataFrame
    districts: gpd.GeoDataFrame
    building_assignment: pd.DataFrame
    summary: dict[str, object]
    solution: RebalanceSolution
    tiles: Tiles
    comparison: FromScratch | None = field(default=None)
    options: RebalanceOptions = field(default_factory=RebalanceOptions)
    floor: MovesFloor | None = None

    def messages(self, lang: Language | str = Language.EN) -> list[str]:
        """The report's "what stayed impossible" lines, or one line saying all norms are met."""
        if len(self.impossible) == 0:
            return [report_text("all_met", lang)]
        status = str(self.summary["status"])
        rows = self.impossible.to_dict(orient="records")
        return [
            shortfall_line({str(k): v for k, v in row.items()}, status, self.options, lang)
            for row in rows
        ]

    def moves_bound_message(self, lang: Language | str = Language.EN) -> str:
        """What the bounds allow when people stay over a norm (:func:`floor_message`), or ``""``."""
        if self.floor is None:
            return ""
        return floor_message(self.floor, self.options, int(self.solution.moved_people.sum()), lang)


def problem_from_tiles(planning: PlanningRegion, tiles: Tiles) -> RebalanceProblem:
    """Build the solver's instance from a prepared region and its tiles.

    Tile travel times are the resident-weighted mean of their buildings' (the plain mean for a
    tile of empty buildings, and the centroid's for a tile without buildings).
    """
    buildings = planning.buildings
    n = len(tiles)
    population = np.zeros((n, 5), dtype=np.int64)
    np.add.at(population, tiles.building_tile, buildings[list(AGE_BANDS)].to_numpy(np.int64))
    residents = buildings["residents"].to_numpy(np.float64)
    k = planning.travel_s.shape[1]
    weight_sum = np.zeros(n)
    np.add.at(weight_sum, tiles.building_tile, residents)
    weighted = np.zeros((n, k))
    count = np.zeros(n)
    plain = np.zeros((n, k))
    finite = np.where(np.isfinite(planning.travel_s), planning.travel_s, 1e9)
    np.add.at(weighted, tiles.building_tile, finite * residents[:, None])
    np.add.at(plain, tiles.building_tile, finite)
    np.add.at(count, tiles.building_tile, 1.0)
    travel = np.full((n, k), np.inf)
    has_people = weight_sum > 0
    travel[has_people] = weighted[has_people] / weight_sum[has_people, None]
    only_buildings = ~has_people & (count > 0)
    travel[only_buildings] = plain[only_buildings] / count[only_buildings, None]
    empty = count == 0
    if empty.any() and planning.network is not None:
        from .data import travel_seconds  # noqa: PLC0415 (cycle-free; only when needed)

        centre = shapely.point_on_surface(tiles.geometry.to_numpy()[empty])
        travel[empty] = travel_seconds(
            planning.network,
            planning.mode,
            shapely.get_coordinates(centre),
            planning.clinics[["x", "y"]].to_numpy(),
        )
    travel[travel >= 1e9] = np.inf

    districts = planning.districts
    district_ids = districts.index.to_numpy(dtype=object)
    position = {d: p for p, d in enumerate(district_ids)}
    clinic_position = {c: p for p, c in enumerate(planning.clinics.index)}
    missing = sorted(set(districts["clinic_id"]) - set(clinic_position))
    if missing:
        raise PlanningError(
            f"problem_from_tiles: districts name clinics missing from clinics: {missing}"
        )
    current = np.full((n, 2), -1, dtype=np.int64)
    for column, values in enumerate((tiles.adult, tiles.pediatric)):
        current[:, column] = [position[v] if v is not None else -1 for v in values]
    ratio = districts["attach_ratio"].to_numpy(np.float64)
    allowed = np.floor(districts["norm"].to_numpy() * districts["doctors"].to_numpy() + 1e-9)
    # Bounded by everyone in the region: a doctor count of 1e300 (a typo the package allows)
    # would otherwise overflow int64 into a negative capacity.
    capacity = np.floor(np.minimum(allowed / ratio, float(population.sum()) + 1) + 1e-9).astype(
        np.int64
    )
    return RebalanceProblem(
        population=population,
        neighbours=tiles.neighbours,
        district_clinic=np.array([clinic_position[c] for c in districts["clinic_id"]]),
        district_family=np.array([FAMILIES.index(f) for f in districts["family"]]),
        district_bands=planning.bands_of(district_ids),
        capacity=capacity,
        people_per_doctor=districts["norm"].to_numpy(np.float64) / ratio,
        travel_s=travel,
        current=current,
        clinic_accepts=planning.clinics["shi_supplier"].to_numpy(dtype=bool),
        unit_ids=tuple(str(i) for i in range(n)),
        district_ids=tuple(str(d) for d in district_ids),
        clinic_ids=tuple(str(c) for c in planning.clinics.index),
    )


def district_geometries(
    planning: PlanningRegion, tiles: Tiles, assignment: np.ndarray
) -> gpd.GeoDataFrame:
    """Each district's territory as the union of its tiles (EPSG:4326).

    Districts left without tiles get an empty geometry.
    """
    geometry = np.asarray(tiles.geometry.to_numpy(), dtype=object)
    districts = planning.districts
    shapes = []
    for district_id, family in zip(districts.index, districts["family"], strict=True):
        column = FAMILIES.index(family)
        position = districts.index.get_loc(district_id)
        mine = assignment[:, column] == position
        shapes.append(
            shapely.union_all(geometry[mine], grid_size=0.01)
            if mine.any()
            else shapely.MultiPolygon()
        )
    frame = gpd.GeoDataFrame(
        {
            "district_id": districts.index.to_numpy(dtype=object),
            "clinic_id": districts["clinic_id"].to_numpy(dtype=object),
            "model": districts["model"].to_numpy(dtype=object),
            "doctors": districts["doctors"].to_numpy(),
        },
        geometry=[
            g if g.geom_type == "MultiPolygon" or g.is_empty else shapely.multipolygons([g])
            for g in shapes
        ],
        crs=planning.crs,
    )
    return frame.to_crs(_LONLAT)


def _quarters_up(value: float) -> float:
    return math.ceil(value * 4 - 1e-9) / 4


def posts_needed(over: Iterable[float], norm: float) -> tuple[float, float]:
    """More doctors (FTE, in quarter posts) that districts of one clinic and model need.

    Parameters
    ----------
    over
        Expected attached over the norm in each district.
    norm
        People per doctor of the model (R-CAP-1).

    Returns
    -------
    tuple of float
        ``(re-cut, as drawn)``. *Re-cut*: the clinic's figure, ``Σ over / norm`` up to a
        quarter, enough only if the clinic redraws these districts around the new posts, which
        may not be possible (on the demo, half a post where the district-level search needed a
        whole one; bench/README.md, session 7). *As drawn*: a quarter post per ``norm / 4``
        over in each district, ``Σ_d ceil(4 over_d / norm) / 4``, which makes this very plan meet
        every norm (``norm / 4`` is whole for every R-CAP-1 norm, so no place is lost to
        rounding).

    Examples
    --------
    Two pediatric 0-6 districts, 24 and 2 children over: one quarter post if they are re-cut,
    a quarter post each as they are drawn.

    >>> posts_needed([24, 2], 500)
    (0.25, 0.5)
    """
    values = [float(value) for value in over]
    return _quarters_up(sum(values) / norm), sum(_quarters_up(value / norm) for value in values)


def rebalance(
    planning: PlanningRegion,
    options: RebalanceOptions | None = None,
    *,
    cell_m: float = 200.0,
    tiles: Tiles | None = None,
    compare: bool = False,
    progress: ProgressCallback | None = None,
    stop: SearchStop | None = None,
) -> RebalanceReport:
    """Rebalance a region's districts with the least disruption.

    Parameters
    ----------
    planning
        The prepared region (:func:`catchments.planning.data.prepare`).
    options
        Bounds and weights (:class:`~catchments.planning.solver.RebalanceOptions`).
    cell_m
        Tile grid size in metres (ignored when ``tiles`` is given).
    tiles
        Precomputed tiles of ``planning``.
    compare
        Also solve the from-scratch capacitated assignment on the same input.
    progress
        Told how the search stands as it goes (:func:`~catchments.planning.solver.solve`).
    stop
        Ends the search early when requested; the report is then of the best plan found by
        then, its status ``stopped``.

    Returns
    -------
    RebalanceReport
    """
    options = options or RebalanceOptions()
    if not (planning.districts["doctors"] > 0).any():
        raise PlanningError(
            "no district has a doctor (FTE), so there is no norm to balance against; set each "
            "district's doctors in the districts layer (an OSM import leaves them at 0), or try "
            "posts with --doctors DISTRICT=FTE",
            code="no_doctors",
        )
    tiles = tiles if tiles is not None else build_tiles(planning, cell_m=cell_m)
    problem = problem_from_tiles(planning, tiles)
    districts = planning.districts
    ratio = districts["attach_ratio"].to_numpy(np.float64)

    def told_as_attached(now: SolveProgress) -> None:
        assert progress is not None
        attached = np.round(now.over_by_district * ratio).astype(np.int64)
        progress(replace(now, over_by_district=attached))

    solution = solve(problem, options, progress=told_as_attached if progress else None, stop=stop)
    district_ids = districts.index.to_numpy(dtype=object)
    buildings = planning.buildings

    # Buildings: their tile's districts before and after.
    before = problem.current[tiles.building_tile]
    after = solution.assignment[tiles.building_tile]

    def names(values: np.ndarray) -> np.ndarray:
        out = np.full(len(values), None, dtype=object)
        has = values >= 0
        out[has] = district_ids[values[has]]
        return out

    assignment = pd.DataFrame(
        {"adult": names(after[:, 0]), "pediatric": names(after[:, 1])}, index=buildings.index
    )
    changed = (before != after).any(axis=1)
    clinic_of = districts["clinic_id"].to_numpy(dtype=object)
    clinic_position = {c: p for p, c in enumerate(planning.clinics.index)}

    def clinic(values: np.ndarray) -> np.ndarray:
        first = np.where(values[:, 0] >= 0, values[:, 0], values[:, 1])
        out = np.full(len(values), None, dtype=object)
        has = first >= 0
        out[has] = clinic_of[first[has]]
        return out

    clinic_before, clinic_after = clinic(before), clinic(after)

    def minutes(clinics: np.ndarray) -> np.ndarray:
        out = np.full(len(clinics), np.nan)
        for row, c in enumerate(clinics):
            if c is not None:
                out[row] = planning.travel_s[row, clinic_position[c]] / 60.0
        return out

    bands = buildings[list(AGE_BANDS)].to_numpy(np.int64)
    # Per building and band, the serving district (the solver's rule, on buildings' plans).
    serving_before, serving_after = serving(problem, before), serving(problem, after)
    moved_people = np.where(
        (serving_before >= 0) & (serving_after >= 0) & (serving_before != serving_after), bands, 0
    ).sum(axis=1)
    rows = np.flatnonzero(changed)
    moves = pd.DataFrame(
        {
            "building_id": buildings.index.to_numpy(dtype=object)[rows],
            "street": buildings["street"].to_numpy(dtype=object)[rows],
            "housenumber": buildings["housenumber"].to_numpy(dtype=object)[rows],
            "residents": buildings["residents"].to_numpy()[rows],
            "moved_people": moved_people[rows],
            "adult_before": names(before[rows, 0]),
            "adult_after": names(after[rows, 0]),
            "pediatric_before": names(before[rows, 1]),
            "pediatric_after": names(after[rows, 1]),
            "clinic_before": clinic_before[rows],
            "clinic_after": clinic_after[rows],
            "travel_before_min": np.round(minutes(clinic_before)[rows], 1),
            "travel_after_min": np.round(minutes(clinic_after)[rows], 1),
        }
    )

    doctors = districts["doctors"].to_numpy(np.float64)
    norm = districts["norm"].to_numpy(np.float64)
    allowed = np.floor(norm * doctors + 1e-9)
    expected_before = np.round(solution.load_before * ratio).astype(np.int64)
    expected_after = np.round(solution.load_after * ratio).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_before = np.where(doctors > 0, expected_before / doctors, np.inf)
        per_after = np.where(doctors > 0, expected_after / doctors, np.inf)
    load = pd.DataFrame(
        {
            "clinic_id": districts["clinic_id"].to_numpy(dtype=object),
            "model": districts["model"].to_numpy(dtype=object),
            "doctors": doctors,
            "norm": norm.astype(np.int64),
            "attached": districts["attached"].to_numpy(np.int64),
            "capacity": allowed.astype(np.int64),
            "expected_before": expected_before,
            "expected_after": expected_after,
            "per_doctor_before": np.round(per_before, 1),
            "per_doctor_after": np.round(per_after, 1),
            "load_pct_before": np.round(per_before / norm * 100, 1),
            "load_pct_after": np.round(per_after / norm * 100, 1),
            "remaining_after": (allowed - expected_after).astype(np.int64),
            "over_after": np.round(solution.over_after * ratio).astype(np.int64),
        },
        index=pd.Index(district_ids, name="district_id"),
    )
    over = load[load["over_after"] > 0]
    impossible_rows = []
    for (clinic_id, model), group in over.groupby(["clinic_id", "model"], sort=True):
        # Rounding residents to expected attached can leave a district one place further over
        # its capacity than ``over_after`` says; the posts cover whichever is more.
        shortfall = np.maximum(group["over_after"], group["expected_after"] - group["capacity"])
        needed, as_drawn = posts_needed(shortfall, float(group["norm"].iloc[0]))
        row: dict[str, object] = {
            "clinic_id": clinic_id,
            "model": model,
            "districts": ", ".join(group.index),
            "over_people": int(group["over_after"].sum()),
            "doctors_needed": needed,
            "doctors_needed_as_drawn": as_drawn,
        }
        row["message"] = shortfall_line(row, solution.status, options, Language.EN)
        impossible_rows.append(row)
    impossible = pd.DataFrame(impossible_rows, columns=[*SHORTFALL_COLUMNS, "message"])
    floor, least_moves, unreachable = _moves_bound(problem, solution, options)
    geometries = district_geometries(planning, tiles, solution.assignment)
    touched = set(moves["adult_before"]) | set(moves["adult_after"])
    touched |= set(moves["pediatric_before"]) | set(moves["pediatric_after"])
    geometries["attached"] = expected_after
    geometries["changed"] = geometries["district_id"].isin(touched - {None})
    served_now = people_served(problem)
    summary: dict[str, object] = {
        "status": solution.status,
        "buildings_moved": len(moves),
        "people_moved": int(moved_people.sum()),
        "people_served": served_now,
        "moved_share": round(float(moved_people.sum()) / max(served_now, 1), 4),
        "newly_covered": int(solution.newly_covered.sum()),
        "travel_before_min": round(float(solution.travel_before_min.sum()), 1),
        "travel_after_min": round(float(solution.travel_after_min.sum()), 1),
        "over_before": int(np.round(solution.over_before * ratio).sum()),
        "over_after": int(load["over_after"].sum()),
        "max_load_pct_before": float(load["load_pct_before"].max()),
        "max_load_pct_after": float(load["load_pct_after"].max()),
        "moves_allowed": moves_allowed(problem, options),
        "least_moves_to_meet_norms": least_moves,
        "norms_unreachable": unreachable,
        "tiles": len(tiles),
        "variables": solution.n_variables,
        "seconds": round(solution.seconds["total"], 2),
    }
    comparison = None
    if compare:
        centres = shapely.get_coordinates(shapely.point_on_surface(tiles.geometry.to_numpy()))
        comparison = from_scratch(problem, centres, max_travel_s=options.max_travel_s)
    return RebalanceReport(
        moves=moves,
        load=load,
        impossible=impossible,
        districts=geometries,
        building_assignment=assignment,
        summary=summary,
        solution=solution,
        tiles=tiles,
        comparison=comparison,
        options=options,
        floor=floor,
    )


@dataclass(frozen=True)
class MovesFloor:
    """The fewest people who must change district for every district to meet its norm.

    What a planner needs before a search: whether the bounds leave room for a plan that meets
    every norm at all, and how much (see :func:`moves_floor`).

    Attributes
    ----------
    least
        :func:`~catchments.planning.solver.least_moves_bound` rounded up, in people (0 when
        every district meets its norm already); None when ``unreachable`` or when the LP was
        not solved in time.
    unreachable
        No plan within the bounds meets every norm, however many people move.
    allowed
        The most people the moves bound lets change district (None: unbounded).
    served
        The people served now, of whom ``allowed`` is the bound's share.
    """

    least: int | None
    unreachable: bool
    allowed: int | None
    served: int

    def at_share(self, max_move_share: float | None) -> MovesFloor:
        """The same floor against another moves bound (the LP does not depend on it)."""
        return replace(self, allowed=moves_budget(max_move_share, self.served))

    @property
    def short(self) -> bool:
        """Whether the moves bound rules out every plan that meets all norms."""
        return self.unreachable or (
            self.least is not None and self.allowed is not None and self.least > self.allowed
        )


def moves_floor(
    planning: PlanningRegion,
    options: RebalanceOptions | None = None,
    *,
    cell_m: float = 200.0,
    tiles: Tiles | None = None,
    time_limit_s: float | None = None,
) -> MovesFloor:
    """The fewest people who must change district for every norm to be met, before a search.

    An LP over the same tiles, reach, travel limit and contiguity as :func:`rebalance` (about
    a second on the demo region): a planner can see whether a moves bound leaves any room
    before waiting for the solver, and how much to allow.

    Parameters
    ----------
    planning
        The prepared region (:func:`catchments.planning.data.prepare`).
    options
        The bounds the rebalancing would run with.
    cell_m
        Tile grid size in metres (ignored when ``tiles`` is given).
    tiles
        Precomputed tiles of ``planning``.
    time_limit_s
        The LP's wall-clock limit (None: none).

    Returns
    -------
    MovesFloor
    """
    options = options or RebalanceOptions()
    tiles = tiles if tiles is not None else build_tiles(planning, cell_m=cell_m)
    return _floor(problem_from_tiles(planning, tiles), options, time_limit_s)


def _floor(
    problem: RebalanceProblem, options: RebalanceOptions, time_limit_s: float | None
) -> MovesFloor:
    allowed, served = moves_allowed(problem, options), people_served(problem)
    if not (evaluate(problem, problem.current)[0] > problem.capacity).any():
        return MovesFloor(0, False, allowed, served)
    bound = least_moves_bound(problem, options, time_limit_s=time_limit_s)
    if bound is None or math.isinf(bound):
        return MovesFloor(None, bound is not None, allowed, served)
    return MovesFloor(math.ceil(bound - 1e-6), False, allowed, served)


def floor_message(
    floor: MovesFloor,
    options: RebalanceOptions,
    moved: int | None = None,
    lang: Language | str = Language.EN,
) -> str:
    """The floor in one line, naming the bounds (and, after a run, the plan's moves).

    Empty when nobody needs to move or the LP was not solved. The search may take districts
    further than the bound's model does (its later rounds grow reach from the plan so far), so
    the line names the reach.
    """
    language = Language(lang)
    bounds = bounds_text(replace(options, max_move_share=None), language)  # the bound lifts it
    if floor.unreachable:
        return report_text("floor.unreachable", language, bounds=bounds)
    if not floor.least:
        return ""

    def people(value: int) -> str:
        return format_number(value, language)

    share = percent(floor.least / max(floor.served, 1), language)
    line = report_text(
        "floor.least", language, bounds=bounds, least=people(floor.least), share=share
    )
    if moved is not None:
        line += report_text("floor.moved", language, moved=people(moved))
    if floor.allowed is not None:
        allowed = people(floor.allowed)
        if floor.short:
            line += report_text("floor.short", language, allowed=allowed)
        elif moved is not None:
            line += report_text("floor.of_allowed", language, allowed=allowed)
        else:
            line += report_text("floor.allows", language, allowed=allowed)
    return line


def _moves_bound(
    problem: RebalanceProblem,
    solution: RebalanceSolution,
    options: RebalanceOptions,
) -> tuple[MovesFloor | None, int | None, bool]:
    """What the bounds allow when the plan leaves people over a norm.

    Returns the floor (None when every norm is met),
    :func:`~catchments.planning.solver.least_moves_bound` rounded up (people; None when every
    norm is met, when no plan within the bounds meets them all, or when the LP was not solved
    in time) and whether no plan within the bounds meets every norm.
    """
    if not solution.over_after.any():
        return None, None, False
    floor = _floor(problem, options, None if options.deterministic else options.time_limit_s)
    least = None if floor.unreachable else floor.least
    return floor, least, floor.unreachable
