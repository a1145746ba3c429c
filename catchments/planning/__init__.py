"""Planning: load against the norms, accessibility, what-if scenarios, least-disruption rebalancing.

The planner's tools (DESIGN.md), as functions returning DataFrames and GeoDataFrames (no UI):

=========================================  ===================================================
:func:`prepare`                            a region read once for planning (travel times too)
:func:`district_load_table`, `clinic_load_table`  residents by age band, attached, per doctor, norm
:func:`uncovered_people`                   people outside every territory
:func:`home_visit_gaps`                    the register's people living outside their clinic's
                                           territory (R-TERR-2)
:func:`areal_interpolate`                  population polygons to districts, by area
:func:`building_accessibility`             own and nearest clinic, 2SFCA doctors per resident
:func:`apply_scenario`, `compare_scenarios`  open/close a clinic, change doctors, side by side
:func:`rebalance`                          redraw districts: norms met, contiguous, few moved
:func:`moves_floor`                        the fewest people a plan meeting every norm moves
:func:`write_districts`, `write_report`,   GeoPackage/GeoJSON, registry street lists, HTML/PDF
:func:`district_street_lists`              (in kk/ru/en); ``districts_file``, ``report_file``:
                                           the same as bytes, for a download
:func:`capacitated_assignment`             every building to one clinic within capacities, exact
=========================================  ===================================================

The numeric cores (:mod:`.solver`, :func:`two_step_fca`, :func:`catchment_pairs`) work on
arrays and are what the benchmarks time.
"""

from __future__ import annotations

from .accessibility import (
    building_accessibility,
    catchment_pairs,
    gaussian_decay,
    two_step_fca,
)
from .assignment import CapacitatedAssignment, capacitated_assignment
from .common import AGE_BANDS, FAMILIES, PlanningError, served_bands
from .data import PlanningRegion, prepare, travel_seconds
from .export import (
    district_street_lists,
    districts_file,
    plan_map,
    report_file,
    write_districts,
    write_report,
)
from .loads import (
    areal_interpolate,
    clinic_load_table,
    district_load_table,
    home_visit_gaps,
    uncovered_people,
)
from .rebalance import (
    MovesFloor,
    RebalanceReport,
    district_geometries,
    floor_message,
    moves_floor,
    problem_from_tiles,
    rebalance,
)
from .scenarios import (
    CloseClinic,
    OpenClinic,
    ScenarioResult,
    SetDoctors,
    apply_scenario,
    compare_scenarios,
    with_doctors,
)
from .solver import (
    FromScratch,
    ProgressCallback,
    RebalanceOptions,
    RebalanceProblem,
    RebalanceSolution,
    SearchStop,
    SolveProgress,
    components,
    evaluate,
    from_scratch,
    least_moves_bound,
    moves_allowed,
    solve,
)
from .tiles import Tiles, build_tiles, tile_neighbours

__all__ = [
    "AGE_BANDS",
    "FAMILIES",
    "CapacitatedAssignment",
    "CloseClinic",
    "FromScratch",
    "MovesFloor",
    "OpenClinic",
    "PlanningError",
    "PlanningRegion",
    "ProgressCallback",
    "RebalanceOptions",
    "RebalanceProblem",
    "RebalanceReport",
    "RebalanceSolution",
    "ScenarioResult",
    "SearchStop",
    "SetDoctors",
    "SolveProgress",
    "Tiles",
    "apply_scenario",
    "areal_interpolate",
    "build_tiles",
    "building_accessibility",
    "capacitated_assignment",
    "catchment_pairs",
    "clinic_load_table",
    "compare_scenarios",
    "components",
    "district_geometries",
    "district_load_table",
    "district_street_lists",
    "districts_file",
    "evaluate",
    "floor_message",
    "from_scratch",
    "gaussian_decay",
    "home_visit_gaps",
    "least_moves_bound",
    "moves_allowed",
    "moves_floor",
    "plan_map",
    "prepare",
    "problem_from_tiles",
    "rebalance",
    "report_file",
    "served_bands",
    "solve",
    "tile_neighbours",
    "travel_seconds",
    "two_step_fca",
    "uncovered_people",
    "with_doctors",
    "write_districts",
    "write_report",
]
