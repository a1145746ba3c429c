"""Accessibility: travel time to the own and the nearest clinic, and the 2SFCA index.

Two-step floating catchment area (2SFCA, Luo and Wang 2003, with distance decay as in Luo and Qi
2009 and Dai 2010), exactly as pysal's ``access.Access.two_stage_fca`` computes it (a test
compares the two to 1e-6):

1. every clinic ``j``: ``R_j = S_j / Σ_{i: t_ij ≤ T} P_i W(t_ij)`` (doctors per weighted
   resident within its catchment);
2. every place ``i``: ``A_i = Σ_{j: t_ij ≤ T} R_j W(t_ij)``.

``W`` is the decay: :func:`gaussian_decay` (1 at the door, 0 at ``T``) by default, or none
(``W = 1``, the original 2SFCA).

:func:`catchment_pairs` finds every (clinic, street node) pair within ``T`` on a large graph:
one Dijkstra per clinic on the subgraph of nodes no further than ``T × v_max`` in a straight
line (``v_max`` being the fastest straight-line speed of any edge, so no node beyond can be
reached in time: the result is exact), instead of a search over the whole graph. It is what
``bench/two_sfca.py`` compares with networkx's per-clinic ``single_source_dijkstra``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from .common import FAMILIES, PlanningError
from .data import PlanningRegion

__all__ = [
    "Decay",
    "building_accessibility",
    "catchment_pairs",
    "gaussian_decay",
    "two_step_fca",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Decay = Callable[[FloatArray], FloatArray]


def gaussian_decay(cutoff: float) -> Decay:
    """Gaussian decay of Dai (2010): ``(e^{-½(t/T)²} − e^{-½}) / (1 − e^{-½})`` for ``t ≤ T``.

    Parameters
    ----------
    cutoff
        ``T``, in the unit of the costs it will be applied to.

    Returns
    -------
    callable
        Weights (1 at ``t = 0``, 0 at ``t = T``) for an array (or a scalar) of costs.
    """
    if not cutoff > 0:
        raise PlanningError(f"gaussian_decay: cutoff must be positive, got {cutoff!r}")
    floor = np.exp(-0.5)

    def weight(cost: FloatArray) -> FloatArray:
        t = np.asarray(cost, dtype=np.float64) / cutoff
        return np.asarray((np.exp(-0.5 * t * t) - floor) / (1.0 - floor), dtype=np.float64)

    return weight


def two_step_fca(
    demand_index: ArrayLike,
    supply_index: ArrayLike,
    cost: ArrayLike,
    demand: ArrayLike,
    supply: ArrayLike,
    *,
    cutoff: float,
    decay: Decay | None = None,
) -> FloatArray:
    """The 2SFCA index from (demand place, supply place, cost) pairs.

    Parameters
    ----------
    demand_index, supply_index, cost
        One entry per pair: positions into ``demand`` and ``supply``, and the cost between
        them. Pairs beyond ``cutoff`` are ignored (``cost <= cutoff`` is inside, as in pysal).
    demand
        People at each demand place.
    supply
        Doctors (FTE) at each supply place.
    cutoff
        The catchment ``T``.
    decay
        ``W``; None for none.

    Returns
    -------
    numpy.ndarray
        Doctors per resident at each demand place (0 where no supply is within reach).
    """
    i = np.asarray(demand_index, dtype=np.int64)
    j = np.asarray(supply_index, dtype=np.int64)
    t = np.asarray(cost, dtype=np.float64)
    people = np.asarray(demand, dtype=np.float64)
    doctors = np.asarray(supply, dtype=np.float64)
    if not (i.shape == j.shape == t.shape):
        raise PlanningError("two_step_fca: demand_index, supply_index and cost differ in length")
    inside = t <= cutoff
    i, j, t = i[inside], j[inside], t[inside]
    w = np.ones(len(t)) if decay is None else decay(t)
    weighted_demand = np.bincount(j, weights=people[i] * w, minlength=len(doctors))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(weighted_demand > 0, doctors / weighted_demand, 0.0)
    return np.asarray(np.bincount(i, weights=ratio[j] * w, minlength=len(people)))


def catchment_pairs(
    matrix: csr_array,
    x: FloatArray,
    y: FloatArray,
    sources: ArrayLike,
    *,
    cutoff_s: float,
    offsets: ArrayLike | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Every (source, node) pair whose travel time is within ``cutoff_s``, exactly.

    Parameters
    ----------
    matrix
        Square CSR matrix of edge seconds (``m[a, b]``: time ``a → b``); pass the reversed
        graph for times *to* the sources.
    x, y
        Node coordinates in metres.
    sources
        Node positions of the sources (clinics).
    cutoff_s
        The catchment, in seconds.
    offsets
        Seconds already spent at each source (the walk from the clinic to its street node).

    Returns
    -------
    source, node : numpy.ndarray of int64
        Source position (into ``sources``) and node of each pair.
    seconds : numpy.ndarray of float64
        Travel time of each pair (offset included), ``<= cutoff_s``.
    """
    n = matrix.shape[0]
    start = np.asarray(sources, dtype=np.int64)
    extra = np.zeros(len(start)) if offsets is None else np.asarray(offsets, dtype=np.float64)
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    cols = np.asarray(matrix.indices, dtype=np.int64)
    seconds = np.asarray(matrix.data, dtype=np.float64)
    straight = np.hypot(x[rows] - x[cols], y[rows] - y[cols])
    with np.errstate(divide="ignore", invalid="ignore"):
        speeds = np.where(seconds > 0, straight / seconds, np.where(straight > 0, np.inf, 0.0))
    v_max = float(speeds.max()) if len(speeds) else 0.0
    tree = cKDTree(np.column_stack([x, y])) if np.isfinite(v_max) else None
    local = np.full(n, -1, dtype=np.int64)
    indptr, indices = matrix.indptr, matrix.indices
    out_source, out_node, out_seconds = [], [], []
    for position, (origin, offset) in enumerate(zip(start.tolist(), extra.tolist(), strict=True)):
        budget = cutoff_s - offset
        if budget < 0:
            continue
        if tree is None:
            nodes = np.arange(n)
            sub = matrix
            node = origin
        else:
            # Hand-written induced subgraph (scipy's fancy indexing allocates O(n) per call):
            # only nodes within budget × v_max in a straight line can be reached in time.
            nodes = np.asarray(tree.query_ball_point((x[origin], y[origin]), budget * v_max + 1e-6))
            nodes.sort()
            local[nodes] = np.arange(len(nodes))
            lo, hi = indptr[nodes], indptr[nodes + 1]
            counts = hi - lo
            take = np.repeat(lo - np.cumsum(np.concatenate([[0], counts[:-1]])), counts)
            take += np.arange(int(counts.sum()))
            targets = local[indices[take]]
            keep = targets >= 0
            sub_rows = np.repeat(np.arange(len(nodes)), counts)[keep]
            sub = csr_array(
                (matrix.data[take][keep], (sub_rows, targets[keep])),
                shape=(len(nodes), len(nodes)),
            )
            local[nodes] = -1
            node = int(np.searchsorted(nodes, origin))
        reached = dijkstra(sub, indices=node, limit=budget)
        hit = np.flatnonzero(np.isfinite(reached))
        out_source.append(np.full(len(hit), position, dtype=np.int64))
        out_node.append(np.asarray(nodes)[hit].astype(np.int64))
        out_seconds.append(reached[hit] + offset)
    if not out_source:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_source), np.concatenate(out_node), np.concatenate(out_seconds)


def building_accessibility(
    planning: PlanningRegion,
    *,
    assignment: pd.DataFrame | None = None,
    cutoff_min: float = 30.0,
    decay: Decay | str | None = "gaussian",
    family: str | None = None,
) -> pd.DataFrame:
    """Travel to the own and nearest clinic and the 2SFCA index of every building.

    Parameters
    ----------
    planning
        The prepared region (travel times by its ``mode``).
    assignment
        Per building its ``adult`` and ``pediatric`` district (default: the current ones).
    cutoff_min
        The 2SFCA catchment, in minutes.
    decay
        ``"gaussian"`` (:func:`gaussian_decay`), None for none, or a callable on minutes.
    family
        Count only doctors and residents of one family (``adult`` or ``pediatric``); default
        every doctor and every resident.

    Returns
    -------
    pandas.DataFrame
        On the buildings' index: ``residents``, ``own_clinic`` (of the adult district, else
        the pediatric one), ``own_min``, ``nearest_clinic``, ``nearest_min``,
        ``doctors_per_10k`` (the 2SFCA index per 10,000 residents).
    """
    if family is not None and family not in FAMILIES:
        raise PlanningError(f"building_accessibility: family must be one of {FAMILIES}")
    buildings = planning.buildings
    assignment = assignment if assignment is not None else buildings[list(FAMILIES)]
    districts = planning.districts
    clinics = planning.clinics
    minutes = planning.travel_s / 60.0
    clinic_ids = clinics.index.to_numpy(dtype=object)
    own_district = assignment["adult"].where(assignment["adult"].notna(), assignment["pediatric"])
    own = own_district.map(districts["clinic_id"])
    position = pd.Series(np.arange(len(clinic_ids)), index=clinic_ids)
    own_position = own.map(position)
    has_own = own_position.notna().to_numpy()
    own_min = np.full(len(buildings), np.nan)
    rows = np.flatnonzero(has_own)
    own_min[rows] = minutes[rows, own_position.to_numpy()[has_own].astype(np.int64)]
    nearest = np.argmin(np.where(np.isfinite(minutes), minutes, np.inf), axis=1)
    nearest_min = minutes[np.arange(len(buildings)), nearest]

    chosen = districts if family is None else districts[districts["family"] == family]
    supply = chosen.groupby("clinic_id")["doctors"].sum().reindex(clinic_ids, fill_value=0.0)
    if family is None:
        demand = buildings["residents"].to_numpy(np.float64)
    else:
        bands = (
            ["pop_0_6", "pop_7_14"]
            if family == "pediatric"
            else ["pop_15_17", "pop_18_62", "pop_63_plus"]
        )
        demand = buildings[bands].sum(axis=1).to_numpy(np.float64)
    weight: Decay | None
    if decay == "gaussian":
        weight = gaussian_decay(cutoff_min)
    elif decay is None or callable(decay):
        weight = decay
    else:
        raise PlanningError(f"building_accessibility: decay {decay!r} is not 'gaussian' or None")
    i, j = np.nonzero(minutes <= cutoff_min)
    index = two_step_fca(
        i, j, minutes[i, j], demand, supply.to_numpy(), cutoff=cutoff_min, decay=weight
    )
    return pd.DataFrame(
        {
            "residents": buildings["residents"].to_numpy(),
            "own_clinic": own.to_numpy(dtype=object),
            "own_min": np.round(own_min, 2),
            "nearest_clinic": clinic_ids[nearest],
            "nearest_min": np.round(nearest_min, 2),
            "doctors_per_10k": index * 10_000,
        },
        index=buildings.index,
    )
