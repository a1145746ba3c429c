"""Benchmark: assigning points to territories, against ``geopandas.sjoin(predicate="within")``.

Builds (deterministic seed) 500 territories with realistic outlines over a ~35 x 35 km city
area in EPSG:4326: Voronoi cells whose edges are densified to ~300 vertices each and bent by a
smooth displacement field (so neighbours still share their wavy boundaries), with a few cells
grown by ~100 m (overlaps), a few dropped (gaps), one with a hole and one made of two parts.
Then 1,000,000 points as x/y arrays: uniform over a slightly larger box, plus 1 % placed
exactly on territory vertices, where the "within" rule (a boundary point is in no territory)
decides.

Measured in the same run, each the best of ``--repeat`` runs:

* ours: :meth:`geo.territory.PolygonIndex.assign_xy` on the x/y arrays (index built once;
  the build is timed separately and reported with the query in a second figure);
* peer: ``geopandas.sjoin(points, territories, predicate="within")`` on a points GeoDataFrame
  built beforehand (building its 1,000,000 Point objects is timed separately and *not* charged
  to the peer, so the ratio is conservative).

Both answers are reduced to one label per point (the territory when exactly one contains it,
-1 for none, -2 for several) and compared for identity; the full (point, territory) pairs of
:meth:`~geo.territory.PolygonIndex.covering_xy` are compared with the join's rows too.

Run: ``.venv/bin/python bench/territory_assign.py`` (about half a minute; ``--n`` for fewer
points).
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np
import shapely
from common import best_of, machine  # bench/common.py; scripts run as python bench/<name>.py

from geo.territory import GAP, OVERLAP, PolygonIndex

SEED = 2026
LON0, LAT0 = 71.25, 51.00  # south-west corner of the area (Astana's latitude)
WIDTH, HEIGHT = 0.50, 0.32  # degrees: about 35 x 35 km at this latitude


def make_territories(count: int, vertices: int, rng: np.random.Generator) -> np.ndarray:
    """Territories with wavy shared boundaries; a few overlaps, gaps, a hole and a multipart."""
    extent = shapely.box(LON0, LAT0, LON0 + WIDTH, LAT0 + HEIGHT)
    seeds = np.column_stack([LON0 + rng.random(count) * WIDTH, LAT0 + rng.random(count) * HEIGHT])
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=extent))
    cells = shapely.intersection(cells, extent)
    cells = np.asarray(
        [shapely.segmentize(cell, shapely.length(cell) / vertices) for cell in cells], dtype=object
    )

    def bend(xy: np.ndarray) -> np.ndarray:
        x, y = xy[:, 0], xy[:, 1]
        dx = 0.004 * np.sin((y - LAT0) / 0.012) + 0.0015 * np.sin((x + y) / 0.004)
        dy = 0.003 * np.cos((x - LON0) / 0.015) + 0.0015 * np.cos((x - y) / 0.005)
        return np.column_stack([x + dx, y + dy])

    cells = shapely.transform(cells, bend)
    cells[::45] = shapely.buffer(cells[::45], 0.0015, quad_segs=4)  # overlaps (~100 m)
    cells[7] = cells[7].difference(shapely.buffer(shapely.centroid(cells[7]), 0.002))  # a hole
    cells[11] = shapely.union(cells[11], shapely.buffer(shapely.centroid(cells[300]), 0.002))
    keep = np.ones(len(cells), dtype=bool)
    keep[[30, 120, 250, 300, 420]] = False  # gaps
    return np.asarray(cells[keep], dtype=object)


def make_points(n: int, territories: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """x/y of ``n`` points: uniform over a box 2 % larger, 1 % exactly on vertices."""
    xy = np.column_stack(
        [
            LON0 - 0.01 * WIDTH + rng.random(n) * 1.02 * WIDTH,
            LAT0 - 0.01 * HEIGHT + rng.random(n) * 1.02 * HEIGHT,
        ]
    )
    vertices = shapely.get_coordinates(territories)
    on_vertex = rng.choice(n, n // 100, replace=False)
    xy[on_vertex] = vertices[rng.choice(len(vertices), len(on_vertex))]
    return xy


def labels_from_pairs(n: int, point: np.ndarray, territory: np.ndarray) -> np.ndarray:
    """One label per point from (point, territory) pairs: the territory, GAP or OVERLAP."""
    counts = np.bincount(point, minlength=n)
    labels = np.where(counts == 0, GAP, OVERLAP).astype(np.int64)
    sole = counts[point] == 1
    labels[point[sole]] = territory[sole]
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="points (default 1,000,000)")
    parser.add_argument("--territories", type=int, default=500)
    parser.add_argument("--vertices", type=int, default=300, help="vertices per territory")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    territories = make_territories(args.territories, args.vertices, rng)
    xy = make_points(args.n, territories, rng)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    print(f"machine: {machine()}; shapely {shapely.__version__}, geopandas {gpd.__version__}")
    print(
        f"size: {args.n:,} points, {len(territories)} territories, "
        f"{shapely.get_num_coordinates(territories).mean():.0f} vertices each on average"
    )

    build_s, index = best_of(args.repeat, lambda: PolygonIndex.build(territories))
    query_s, ours = best_of(args.repeat, lambda: index.assign_xy(x, y))
    pairs_s, (our_point, our_territory) = best_of(args.repeat, lambda: index.covering_xy(x, y))

    start = time.perf_counter()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs="EPSG:4326")
    points_s = time.perf_counter() - start
    frame = gpd.GeoDataFrame(
        {"territory": np.arange(len(territories))}, geometry=territories, crs="EPSG:4326"
    )
    peer_s, joined = best_of(args.repeat, lambda: gpd.sjoin(points, frame, predicate="within"))
    peer_point = joined.index.to_numpy()
    peer_territory = joined["territory"].to_numpy()
    order = np.lexsort((peer_territory, peer_point))
    peer_point, peer_territory = peer_point[order], peer_territory[order]
    reference = labels_from_pairs(args.n, peer_point, peer_territory)

    same_labels = bool(np.array_equal(ours, reference))
    same_pairs = bool(
        np.array_equal(our_point, peer_point) and np.array_equal(our_territory, peer_territory)
    )
    print(
        f"grid: {index.shape[1]} x {index.shape[0]} cells; points needing exact tests: "
        f"{np.mean(index._codes(x, y) < 0):.1%}"
    )
    print(
        f"labels: {np.sum(reference >= 0):,} in one territory, {np.sum(reference == GAP):,} in "
        f"none, {np.sum(reference == OVERLAP):,} in several"
    )
    print(f"ours  assign_xy:             {query_s:8.3f} s")
    print(f"ours  index build:           {build_s:8.3f} s")
    print(f"ours  build + assign_xy:     {build_s + query_s:8.3f} s")
    print(f"ours  covering_xy (pairs):   {pairs_s:8.3f} s")
    print(f"peer  geopandas.sjoin:       {peer_s:8.3f} s  (+{points_s:.3f} s to make the points)")
    print(f"ratio sjoin / assign_xy:             {peer_s / query_s:6.1f}x")
    print(f"ratio sjoin / (build + assign_xy):   {peer_s / (build_s + query_s):6.1f}x")
    print(f"ratio sjoin / covering_xy:           {peer_s / pairs_s:6.1f}x")
    print(f"identical labels: {same_labels}; identical (point, territory) pairs: {same_pairs}")


if __name__ == "__main__":
    main()
