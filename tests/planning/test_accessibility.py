"""2SFCA by hand and against pysal's ``access``; exact catchments on a street grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from catchments.planning import (
    AGE_BANDS,
    PlanningError,
    accessibility,
    catchment_pairs,
    gaussian_decay,
    two_step_fca,
)
from catchments.planning.accessibility import _source_groups
from geo.schema import AGE_BANDS as SCHEMA_BANDS


def test_age_bands_repeat_the_schema() -> None:
    assert AGE_BANDS == SCHEMA_BANDS


def test_two_step_fca_by_hand() -> None:
    # One clinic with 2 doctors reaches places of 300 and 100 people: R = 2 / 400 = 0.005;
    # a place beyond the cutoff gets nothing.
    index = two_step_fca(
        [0, 1, 2], [0, 0, 0], [5.0, 10.0, 16.0], [300, 100, 50], [2.0], cutoff=15.0
    )
    assert index.tolist() == [0.005, 0.005, 0.0]


def test_gaussian_decay_is_one_at_the_door_and_zero_at_the_cutoff() -> None:
    weight = gaussian_decay(15.0)
    assert weight(np.array([0.0, 15.0])) == pytest.approx([1.0, 0.0])


def test_two_step_fca_matches_pysal_access() -> None:
    access = pytest.importorskip("access")
    rng = np.random.default_rng(7)
    n_demand, n_supply = 60, 6
    cost = rng.uniform(0, 30, size=(n_demand, n_supply))
    demand = rng.integers(50, 500, n_demand).astype(float)
    supply = rng.uniform(0.5, 5.0, n_supply)
    i, j = np.nonzero(cost <= 1e9)
    decay = gaussian_decay(20.0)
    ours = two_step_fca(i, j, cost[i, j], demand, supply, cutoff=20.0, decay=decay)
    model = access.Access(
        demand_df=pd.DataFrame({"geoid": np.arange(n_demand), "pop": demand}),
        demand_index="geoid",
        demand_value="pop",
        supply_df=pd.DataFrame({"geoid": np.arange(n_supply), "doc": supply}),
        supply_index="geoid",
        supply_value="doc",
        cost_df=pd.DataFrame({"origin": i, "dest": j, "cost": cost[i, j]}),
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    theirs = model.two_stage_fca(name="2sfca", max_cost=20.0, weight_fn=decay)
    values = theirs["2sfca_doc"].reindex(np.arange(n_demand)).fillna(0.0).to_numpy()
    assert np.abs(values - ours).max() < 1e-6
    assert (ours > 0).sum() > n_demand // 2  # the comparison is not all zeros


def street_grid(size: int, spacing: float, rng: np.random.Generator):
    x, y = np.meshgrid(np.arange(size) * spacing, np.arange(size) * spacing)
    x, y = x.ravel(), y.ravel()
    rows: list[int] = []
    cols: list[int] = []
    for r in range(size):
        for c in range(size):
            i = r * size + c
            if c + 1 < size:
                rows.append(i)
                cols.append(i + 1)
            if r + 1 < size:
                rows.append(i)
                cols.append(i + size)
    tail, head = np.array(rows + cols), np.array(cols + rows)
    length = np.hypot(x[tail] - x[head], y[tail] - y[head]) * rng.uniform(1.0, 1.5, len(tail))
    seconds = length / rng.uniform(1.0, 8.0, len(tail))
    matrix = csr_array((seconds, (tail, head)), shape=(size * size, size * size))
    return matrix, x, y


def test_catchment_pairs_equal_a_full_dijkstra() -> None:
    rng = np.random.default_rng(3)
    matrix, x, y = street_grid(30, 50.0, rng)
    sources = rng.choice(len(x), 7, replace=False)
    offsets = rng.uniform(0, 30, 7)
    source, node, seconds = catchment_pairs(matrix, x, y, sources, cutoff_s=120.0, offsets=offsets)
    full = dijkstra(matrix, indices=sources) + offsets[:, None]
    expected_source, expected_node = np.nonzero(full <= 120.0)
    got = sorted(zip(source.tolist(), node.tolist(), strict=True))
    assert got == sorted(zip(expected_source.tolist(), expected_node.tolist(), strict=True))
    order = np.lexsort((node, source))
    assert np.allclose(seconds[order], full[expected_source, expected_node])
    assert len(got) < len(x) * 7 / 2  # the catchments are local, not the whole graph


def by_source_then_node(
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(source, node, seconds) sorted by source, then node (catchment_pairs only groups sources)."""
    source, node, seconds = pairs
    order = np.lexsort((node, source))
    return source[order], node[order], seconds[order]


def whole_graph_pairs(
    matrix: csr_array, sources: np.ndarray, offsets: np.ndarray, cutoff: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Brute force: scipy Dijkstra from every source over the whole graph, no limit, no pruning."""
    full = dijkstra(matrix, indices=sources) + offsets[:, None]
    source, node = np.nonzero(full <= cutoff)  # row-major: ordered by source, then node
    return source, node, full[source, node]


def test_catchment_pairs_on_a_line_by_hand() -> None:
    # 0 -- 1 -- 2 -- 3 along x, 100 m and 100 s apart both ways; node 4 stands where node 1
    # does, joined to it by an edge of no length taking no time. Cutoff 250 s.
    x = np.array([0.0, 100.0, 200.0, 300.0, 100.0])
    y = np.zeros(5)
    tail = np.array([0, 1, 1, 2, 2, 3, 1, 4])
    head = np.array([1, 0, 2, 1, 3, 2, 4, 1])
    seconds = np.array([100.0, 100, 100, 100, 100, 100, 0, 0])
    matrix = csr_array((seconds, (tail, head)), shape=(5, 5))
    source, node, time_s = by_source_then_node(
        catchment_pairs(matrix, x, y, [0, 3, 2], cutoff_s=250.0, offsets=[0.0, 300.0, 50.0])
    )
    # Source 0 (node 0): itself, 1 and 4 at 100 s, 2 at 200 s. Source 1 (node 3) starts 300 s
    # late: nothing. Source 2 (node 2, 50 s late): itself at 50, 1, 3 and 4 at 150, 0 at 250.
    assert list(zip(source.tolist(), node.tolist(), time_s.tolist(), strict=True)) == [
        (0, 0, 0.0), (0, 1, 100.0), (0, 2, 200.0), (0, 4, 100.0),
        (2, 0, 250.0), (2, 1, 150.0), (2, 2, 50.0), (2, 3, 150.0), (2, 4, 150.0),
    ]  # fmt: skip


def test_catchments_reach_exactly_as_far_as_the_fastest_edge_allows() -> None:
    # A straight street of 50 nodes 100 m apart, every edge 100 s (1 m/s, the fastest edge
    # too, so the straight-line bound is tight). Cutoff 1,000 s: from node 0 the last node in
    # time is node 10 (1,000 m, 1,000 s); node 49 starts 300 s late and reaches node 42. The
    # two are 4.9 km apart: two groups, each cut to its own reach.
    x, y = np.arange(50, dtype=np.float64) * 100.0, np.zeros(50)
    tail = np.concatenate([np.arange(49), np.arange(1, 50)])
    head = np.concatenate([np.arange(1, 50), np.arange(49)])
    matrix = csr_array((np.full(98, 100.0), (tail, head)), shape=(50, 50))
    source, node, seconds = by_source_then_node(
        catchment_pairs(matrix, x, y, [0, 49], cutoff_s=1000.0, offsets=[0.0, 300.0])
    )
    assert node[source == 0].tolist() == list(range(11))
    assert seconds[source == 0].tolist() == [100.0 * k for k in range(11)]
    assert node[source == 1].tolist() == list(range(42, 50))
    assert seconds[source == 1].tolist() == [300.0 + 100.0 * (49 - k) for k in range(42, 50)]


def test_catchments_keep_a_pair_that_lands_on_the_cutoff_after_rounding() -> None:
    # 0.2 + 0.8 == 1.0 in floats, yet 1.0 - 0.8 == 0.19999999999999996 < 0.2: a search limited
    # to "cutoff - offset" would drop node 1, which the whole-graph search keeps.
    assert 0.2 + 0.8 <= 1.0
    assert 0.2 > 1.0 - 0.8
    matrix = csr_array((np.array([0.2]), (np.array([0]), np.array([1]))), shape=(2, 2))
    source, node, seconds = by_source_then_node(
        catchment_pairs(matrix, np.array([0.0, 0.2]), np.zeros(2), [0], cutoff_s=1.0, offsets=[0.8])
    )
    assert source.tolist() == [0, 0]
    assert node.tolist() == [0, 1]
    assert seconds.tolist() == [0.8, 1.0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grouped_catchments_equal_a_whole_graph_dijkstra(seed: int) -> None:
    rng = np.random.default_rng(seed)
    matrix, x, y = street_grid(40, 50.0, rng)  # 1,950 m a side, speeds up to 8 m/s
    # A node doubled where node 0 stands, joined both ways by an edge of no length and no time.
    x, y = np.append(x, x[0]), np.append(y, y[0])
    coo = matrix.tocoo()
    n = len(x)
    matrix = csr_array(
        (
            np.append(coo.data, [0.0, 0.0]),
            (np.append(coo.row, [0, n - 1]), np.append(coo.col, [n - 1, 0])),
        ),
        shape=(n, n),
    )
    # Two neighbours (grouped together), a node next to node 0 (the doubled one is within
    # reach), the far corner, one starting later than the cutoff and one exactly at it.
    sources = np.array([41 * 20, 41 * 20 + 1, 1, n - 2, 40 * 10, 40 * 30 + 5])
    offsets = np.array([0.0, 12.5, 3.0, 0.0, 61.0, 60.0])
    cutoff = 60.0
    got = catchment_pairs(matrix, x, y, sources, cutoff_s=cutoff, offsets=offsets)
    expected = whole_graph_pairs(matrix, sources, offsets, cutoff)
    assert np.all(np.diff(got[0]) >= 0)  # ordered by source
    for ours, theirs in zip(by_source_then_node(got), expected, strict=True):
        assert np.array_equal(ours, theirs)  # the same pairs with the same float times
    assert not np.any(got[0] == 4)  # the late source reaches nothing
    assert got[1][got[0] == 5].tolist() == [sources[5]]  # the one at the cutoff, itself only
    assert n - 1 in got[1][got[0] == 2]  # the doubled node, through the edge of no length
    assert len(got[0]) < n * len(sources) / 4  # pruned: the catchments are local

    # The searches really were grouped: the neighbours share a group, the far corner does not.
    v_max = float(np.max(np.hypot(x[coo.row] - x[coo.col], y[coo.row] - y[coo.col]) / coo.data))
    reach = (cutoff - offsets[:4]) * v_max
    groups = [set(members.tolist()) for members, _ in _source_groups(x, y, sources[:4], reach)]
    assert {0, 1} in groups
    assert not any(3 in members and len(members) > 1 for members in groups)


def test_catchments_stay_exact_when_split_into_several_calls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One dense result cell per call: every source of a group gets its own dijkstra call.
    monkeypatch.setattr(accessibility, "_RESULT_CELLS", 1)
    rng = np.random.default_rng(4)
    matrix, x, y = street_grid(20, 50.0, rng)
    sources = np.array([0, 1, 21, 399])
    offsets = np.array([0.0, 5.0, 10.0, 0.0])
    got = by_source_then_node(
        catchment_pairs(matrix, x, y, sources, cutoff_s=45.0, offsets=offsets)
    )
    for ours, theirs in zip(got, whole_graph_pairs(matrix, sources, offsets, 45.0), strict=True):
        assert np.array_equal(ours, theirs)


def test_catchments_without_pruning_when_an_edge_takes_no_time() -> None:
    # An edge across the grid taking no time makes the straight-line bound useless
    # (v_max = inf): the search must fall back to the whole graph and stay exact.
    rng = np.random.default_rng(5)
    matrix, x, y = street_grid(20, 50.0, rng)
    coo = matrix.tocoo()
    matrix = csr_array(
        (np.append(coo.data, 0.0), (np.append(coo.row, 0), np.append(coo.col, 399))),
        shape=matrix.shape,
    )
    sources = np.array([0, 210])
    offsets = np.zeros(2)
    got = by_source_then_node(catchment_pairs(matrix, x, y, sources, cutoff_s=30.0))
    for ours, theirs in zip(got, whole_graph_pairs(matrix, sources, offsets, 30.0), strict=True):
        assert np.array_equal(ours, theirs)
    assert 399 in got[1][got[0] == 0]  # the far corner, at no cost from source 0


def test_catchment_pairs_empty_when_nothing_starts_in_time() -> None:
    matrix, x, y = street_grid(5, 50.0, np.random.default_rng(6))
    for sources, offsets in (([], []), ([3, 4], [31.0, 100.0])):
        source, node, seconds = catchment_pairs(
            matrix, x, y, sources, cutoff_s=30.0, offsets=offsets
        )
        assert len(source) == len(node) == len(seconds) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"matrix": "coo"}, "square scipy CSR"),
        ({"matrix": "negative"}, "edge seconds must be >= 0"),
        ({"x": np.zeros(3)}, "x must hold one finite coordinate"),
        ({"sources": [25]}, r"node positions in \[0, 25\)"),
        ({"offsets": [1.0, 2.0]}, "one finite number of seconds >= 0 per source"),
        ({"offsets": [-1.0]}, "one finite number of seconds >= 0 per source"),
        ({"cutoff_s": float("nan")}, "cutoff_s must be finite"),
    ],
)
def test_catchment_pairs_rejects_bad_input(change: dict[str, object], message: str) -> None:
    matrix, x, y = street_grid(5, 50.0, np.random.default_rng(8))
    arguments: dict[str, object] = {
        "matrix": matrix, "x": x, "y": y, "sources": [0], "cutoff_s": 30.0, "offsets": [0.0],
    }  # fmt: skip
    arguments.update(change)
    if change.get("matrix") == "coo":
        arguments["matrix"] = matrix.tocoo()
    elif change.get("matrix") == "negative":
        arguments["matrix"] = -matrix
    with pytest.raises(PlanningError, match=message):
        catchment_pairs(**arguments)  # type: ignore[arg-type]
