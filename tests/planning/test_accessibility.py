"""2SFCA by hand and against pysal's ``access``; exact catchments on a street grid."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from catchments.planning import AGE_BANDS, catchment_pairs, gaussian_decay, two_step_fca
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
