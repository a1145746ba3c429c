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
clinics near each other share one scipy Dijkstra on the subgraph of nodes no further than
``T × v_max`` from them in a straight line (``v_max`` being the fastest straight-line speed of
any edge, so no node beyond can be reached in time: the result is exact), instead of a search
per clinic over the whole graph. It is what ``bench/two_sfca.py`` compares with networkx's
per-clinic ``single_source_dijkstra``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_array, issparse
from scipy.sparse.csgraph import dijkstra

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
IndexArray = NDArray[np.int32] | NDArray[np.int64]
"""A CSR matrix's ``indptr`` or ``indices`` (scipy picks either width)."""
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


_RESULT_CELLS = 8_000_000
"""Largest dense ``(sources × nodes)`` result of one ``dijkstra`` call (64 MB of float64)."""

_GROUP_SIDE_IN_REACHES = 2.0
"""Sources within a square this many reach radii wide share one subgraph and one ``dijkstra``
call (``bench/two_sfca.py``: squares 1.5 to 3 radii wide were 2-4x faster than a call per
source, and within the noise of one another)."""

_BUCKETS_PER_REACH = 4
"""Node buckets per reach radius: a group's box is rounded out to whole buckets. Finer buckets
cut boxes closer but, past 65,536 buckets, cost a comparison sort instead of a radix sort
(8 per radius was 1.5x slower in all at 1,000,000 nodes)."""

_SPEED_BLOCK_EDGES = 1 << 17
"""Edges per block when looking for the fastest edge."""

_REACH_SLACK = 1e-9
"""Relative slack on the pruning radius, far above float rounding in path sums and speeds."""

_REACH_SLACK_M = 1e-3
"""Absolute slack on the pruning radius (metres), for rounding in coordinate differences."""


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

    The pairs and the float times are those of a scipy ``dijkstra`` over the whole graph from
    every source (tests compare them bit for bit), found with two exact shortcuts:

    - *space*: no node further than ``r = (cutoff_s − offset) × v_max`` in a straight line
      from a source can be reached in time, ``v_max`` being the fastest straight-line speed of
      any edge (straight length over seconds), nor can any node on a path to it. So the
      subgraph induced by any superset of the nodes within ``r`` keeps every shortest path
      that matters, and a search on it gives the same times.
    - *calls*: with one search per source, what surrounds each small search (a KD-tree ball
      query, cutting the subgraph out, building a ``csr_array`` that sorts it) cost four
      times the searches (``bench/two_sfca.py``, 500 clinics on 100,000 nodes: ~0.55 s in
      all, ~0.11 s in ``dijkstra``). Sources are therefore grouped by a grid of squares
      ``2 r`` wide, and each group gets ONE subgraph (the nodes in the box its sources' reach
      spans, taken from nodes bucketed on a grid ``r / 4`` wide, so a box is a few slices of
      one sorted array; its CSR arrays are built directly) and ONE ``dijkstra(limit=...)``
      call with all its sources and the group's largest budget. Each source then keeps its
      own pairs with ``time + offset <= cutoff_s``: a larger limit only adds pairs that this
      drops, and a source's own pairs lie within its own reach, inside the box.

    The limit gets a few ulps and the radius ``1e-9`` (relative) and 1 mm of slack, so float
    rounding never prunes a pair the whole-graph search keeps. When an edge takes no time
    between distinct points ``v_max`` is infinite: nothing is pruned, sources are only
    batched.

    Parameters
    ----------
    matrix
        Square CSR matrix of edge seconds (``m[a, b]``: time ``a → b``, stored zeros are
        edges taking no time, parallel edges allowed); pass the reversed graph for times
        *to* the sources.
    x, y
        Node coordinates in metres.
    sources
        Node positions of the sources (clinics).
    cutoff_s
        The catchment, in seconds.
    offsets
        Seconds already spent at each source (the walk from the clinic to its street node);
        a source whose offset exceeds ``cutoff_s`` reaches nothing.

    Returns
    -------
    source, node : numpy.ndarray of int64
        Source position (into ``sources``) and node of each pair, ordered by source (the
        nodes of one source in no set order: sorting them cost 5-10 % of the time).
    seconds : numpy.ndarray of float64
        Travel time of each pair (offset included), ``<= cutoff_s``.
    """
    n, start, extra, indptr, indices, data = _checked_catchment_input(
        matrix, x, y, sources, cutoff_s=cutoff_s, offsets=offsets
    )
    xs, ys = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    live = np.flatnonzero(extra <= cutoff_s)
    if len(live) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    limits = (cutoff_s - extra[live]) + 4 * np.spacing(cutoff_s)
    v_max = _fastest_straight_line_speed(indptr, indices, data, xs, ys)
    # Limits are > 0 (the ulps), so an infinite v_max makes every reach infinite, never NaN.
    reach = limits * v_max * (1 + _REACH_SLACK) + _REACH_SLACK_M
    local = np.full(n, -1, dtype=np.int32)
    out_source: list[IntArray] = []
    out_node: list[IntArray] = []
    out_seconds: list[FloatArray] = []
    for members, nodes in _source_groups(xs, ys, start[live], reach):
        sub, at = _induced_subgraph(
            nodes, start[live[members]], indptr=indptr, indices=indices, data=data, local=local
        )
        per_call = max(1, _RESULT_CELLS // len(nodes))
        for first in range(0, len(members), per_call):
            batch = members[first : first + per_call]
            limit = float(limits[batch].max())
            reached = dijkstra(sub, indices=at[first : first + per_call], limit=limit).ravel()
            found = np.flatnonzero(reached <= limit)  # 1-D: cheaper than a 2-D nonzero
            row, column = np.divmod(found, len(nodes))
            seconds = reached[found] + extra[live[batch]][row]
            inside = seconds <= cutoff_s
            out_source.append(live[batch][row[inside]])
            out_node.append(nodes[column[inside]])
            out_seconds.append(seconds[inside])
    source = np.concatenate(out_source)
    # Stable, and a radix sort for up to 65,535 sources.
    order = np.argsort(source.astype(np.min_scalar_type(len(start))), kind="stable")
    return source[order], np.concatenate(out_node)[order], np.concatenate(out_seconds)[order]


def _checked_catchment_input(
    matrix: csr_array,
    x: FloatArray,
    y: FloatArray,
    sources: ArrayLike,
    *,
    cutoff_s: float,
    offsets: ArrayLike | None,
) -> tuple[int, IntArray, FloatArray, IndexArray, IndexArray, FloatArray]:
    """Validated ``catchment_pairs`` input: n, sources, offsets and the CSR arrays."""
    if not (issparse(matrix) and matrix.format == "csr" and matrix.shape[0] == matrix.shape[1]):
        raise PlanningError(
            "catchment_pairs: matrix must be a square scipy CSR matrix of edge seconds "
            "(convert with scipy.sparse.csr_array(matrix))"
        )
    n = int(matrix.shape[0])
    for name, values in (("x", x), ("y", y)):
        coordinate = np.asarray(values, dtype=np.float64)
        if coordinate.shape != (n,) or not np.isfinite(coordinate).all():
            raise PlanningError(
                f"catchment_pairs: {name} must hold one finite coordinate (metres) per node "
                f"({n}), got shape {coordinate.shape}"
            )
    data = np.asarray(matrix.data, dtype=np.float64)
    if not (data >= 0).all():
        raise PlanningError(
            "catchment_pairs: edge seconds must be >= 0 (found a negative or NaN entry)"
        )
    start = np.asarray(sources, dtype=np.int64)
    if start.ndim != 1 or (len(start) and (start.min() < 0 or start.max() >= n)):
        raise PlanningError(
            f"catchment_pairs: sources must be a 1-D list of node positions in [0, {n})"
        )
    extra = np.zeros(len(start)) if offsets is None else np.asarray(offsets, dtype=np.float64)
    if extra.shape != start.shape or not (np.isfinite(extra).all() and (extra >= 0).all()):
        raise PlanningError(
            "catchment_pairs: offsets must hold one finite number of seconds >= 0 per source"
        )
    if not (np.isfinite(cutoff_s) and cutoff_s >= 0):
        raise PlanningError(f"catchment_pairs: cutoff_s must be finite and >= 0, got {cutoff_s!r}")
    return n, start, extra, matrix.indptr, matrix.indices, data


def _fastest_straight_line_speed(
    indptr: IndexArray, indices: IndexArray, data: FloatArray, x: FloatArray, y: FloatArray
) -> float:
    """The largest straight length / seconds of any edge: inf if one takes no time to move.

    Edges of no length (whatever their time) do not count. Squares spare a square root per
    edge; their rounding is far below ``_REACH_SLACK``. Done in blocks of rows so the
    temporaries stay in cache (twice as fast as whole arrays at 1,000,000 nodes).
    """
    n = len(x)
    rows_per_block = max(1, _SPEED_BLOCK_EDGES * n // max(len(data), 1))
    fastest = 0.0
    for first in range(0, n, rows_per_block):
        last = min(first + rows_per_block, n)
        begin, end = int(indptr[first]), int(indptr[last])
        if begin == end:
            continue
        heads = indices[begin:end]
        degree = np.diff(indptr[first : last + 1])
        dx = np.repeat(x[first:last], degree) - x[heads]
        dy = np.repeat(y[first:last], degree) - y[heads]
        seconds = data[begin:end]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            squared = (dx * dx + dy * dy) / (seconds * seconds)
        fastest = float(np.fmax(fastest, np.fmax.reduce(squared)))  # fmax skips NaN (0 / 0)
    return float(np.sqrt(fastest))


def _source_groups(
    x: FloatArray, y: FloatArray, origins: IntArray, reach: FloatArray
) -> Iterator[tuple[IntArray, IntArray]]:
    """Batches of sources and the nodes their searches need.

    Yields ``(members, nodes)``: positions into ``origins`` of the sources in one grid square
    ``_GROUP_SIDE_IN_REACHES`` radii wide, and every node in the bounding box of
    their reach rounded out to whole buckets, a superset of the nodes within reach. The
    float steps from a coordinate to its bucket (subtract, divide, floor) never decrease, so a
    node inside the box in metres is never rounded out of it.
    """
    radius = float(reach.max())
    if not np.isfinite(radius):
        yield np.arange(len(origins)), np.arange(len(x))
        return
    x0, y0 = float(x.min()), float(y.min())
    extent = max(float(x.max()) - x0, float(y.max()) - y0)
    # At most 2**20 buckets a side keeps bucket ids (row × width + column) far from overflow.
    bucket = max(radius / _BUCKETS_PER_REACH, extent / 2**20)
    column = np.floor((x - x0) / bucket).astype(np.int64)
    row = np.floor((y - y0) / bucket).astype(np.int64)
    width, height = int(column.max()) + 1, int(row.max()) + 1
    bucket_of = row * width + column
    # Any order within a bucket will do: a radix sort when bucket ids fit 16 bits.
    if width * height <= 2**16:
        by_bucket = np.argsort(bucket_of.astype(np.uint16), kind="stable")
    else:
        by_bucket = np.argsort(bucket_of)
    sorted_buckets = bucket_of[by_bucket]

    sx, sy = x[origins], y[origins]
    side = max(_GROUP_SIDE_IN_REACHES * radius, bucket)
    square_column = np.floor((sx - x0) / side).astype(np.int64)
    square = np.floor((sy - y0) / side).astype(np.int64) * (int(square_column.max()) + 1)
    square += square_column
    by_square = np.argsort(square, kind="stable")
    starts = np.flatnonzero(np.diff(square[by_square], prepend=-1))

    def bucket_range(
        low: FloatArray, high: FloatArray, origin: float, count: int
    ) -> tuple[list[int], list[int]]:
        # Clip in floats first: a huge reach would overflow the int conversion.
        first = np.floor(np.clip((low - origin) / bucket, 0, count - 1)).astype(np.int64)
        last = np.floor(np.clip((high - origin) / bucket, 0, count - 1)).astype(np.int64)
        return first.tolist(), last.tolist()

    reach_sorted = reach[by_square]
    col_first, col_last = bucket_range(
        np.minimum.reduceat(sx[by_square] - reach_sorted, starts),
        np.maximum.reduceat(sx[by_square] + reach_sorted, starts),
        x0,
        width,
    )
    row_first, row_last = bucket_range(
        np.minimum.reduceat(sy[by_square] - reach_sorted, starts),
        np.maximum.reduceat(sy[by_square] + reach_sorted, starts),
        y0,
        height,
    )
    for members, c0, c1, r0, r1 in zip(
        np.split(by_square, starts[1:]), col_first, col_last, row_first, row_last, strict=True
    ):
        rows = np.arange(r0, r1 + 1, dtype=np.int64) * width
        lo = np.searchsorted(sorted_buckets, rows + c0, side="left")
        hi = np.searchsorted(sorted_buckets, rows + c1, side="right")
        yield members, by_bucket[_ragged_arange(lo, hi - lo)]


def _induced_subgraph(
    nodes: IntArray,
    origins: IntArray,
    *,
    indptr: IndexArray,
    indices: IndexArray,
    data: FloatArray,
    local: NDArray[np.int32],
) -> tuple[csr_array, NDArray[np.int32]]:
    """The subgraph on ``nodes`` (its node ``i`` is ``nodes[i]``) and where ``origins`` are in it.

    Hand-written: scipy's ``matrix[nodes][:, nodes]`` allocates O(n) per call (its column
    step), and building from COO triples sorts them and sums parallel edges. Here rows come
    out in order, straight into the ``(data, indices, indptr)`` constructor, and parallel
    edges stay parallel (Dijkstra takes the faster, as on the whole graph). ``local`` (node →
    position, −1 elsewhere) is scratch, reset before returning.
    """
    size = len(nodes)
    local[nodes] = np.arange(size, dtype=np.int32)
    at = local[origins]
    begin = indptr[nodes]
    degree = indptr[1:][nodes] - begin
    entries = _ragged_arange(begin, degree)
    head = local[indices[entries]]
    local[nodes] = -1
    inside = head >= 0
    # A running count of the entries kept, read at each row's end, is the new indptr.
    kept = np.zeros(len(entries) + 1, dtype=np.int32)
    np.cumsum(inside, out=kept[1:])
    sub_indptr = np.zeros(size + 1, dtype=np.int32)
    sub_indptr[1:] = kept[np.cumsum(degree)]
    sub = csr_array((data[entries[inside]], head[inside], sub_indptr), shape=(size, size))
    return sub, at


def _ragged_arange(starts: IndexArray, counts: IndexArray) -> IntArray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])`` without the loop."""
    ends = np.cumsum(counts, dtype=np.int64)
    positions = np.repeat(starts.astype(np.int64) - (ends - counts), counts)
    positions += np.arange(len(positions), dtype=np.int64)
    return positions


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
