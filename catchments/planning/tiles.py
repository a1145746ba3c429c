"""Planning units: the map cut into tiles by a square grid and by every district border.

A tile is a connected piece of one grid cell in which the current adult district and the current
pediatric district are each one (or none). Tiles are what rebalancing moves: whole tiles change
district, so a redrawn district is exactly the union of its tiles' polygons, and two tiles are
neighbours when their polygons share a border of positive length, which makes contiguity in the
tile graph the same as contiguity of the drawn polygons.

The grid keeps the number of units near a few dozen per district (200 m cells for a city), and
the district borders inside it make "nobody moves" representable exactly. Cells are cut with
:func:`geopandas.overlay` (GEOS noding, so pieces share their border vertices exactly).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from geo.package import same_family_overlaps
from geo.territory import PolygonIndex

from .common import FAMILIES, PlanningError
from .data import PlanningRegion
from .wording import problem_text

__all__ = [
    "MAX_TILES",
    "Tiles",
    "build_tiles",
    "check_cell_size",
    "estimate_tiles",
    "tile_neighbours",
]

IntArray = NDArray[np.int64]

_MIN_SHARED_BORDER_M = 0.5
"""Tiles touching along less than this (a corner, a rounding sliver) are not neighbours."""
_MIN_TILE_AREA_M2 = 1.0
"""Empty pieces smaller than this are dropped (slivers between nearly equal borders)."""


@dataclass(frozen=True, eq=False)
class Tiles:
    """The planning units of a region.

    Attributes
    ----------
    geometry
        Tile polygons in the planning CRS (a GeoSeries on positions 0..n-1).
    adult, pediatric
        Per tile, the current district id of each family, or None.
    building_tile
        Per building (``PlanningRegion.buildings`` order), its tile's position.
    neighbours
        ``(n_pairs, 2)`` tile positions that share a border.
    cell_m
        The grid's cell size.
    """

    geometry: gpd.GeoSeries
    adult: NDArray[np.object_]
    pediatric: NDArray[np.object_]
    building_tile: IntArray
    neighbours: IntArray
    cell_m: float

    def __len__(self) -> int:
        return len(self.geometry)


def tile_neighbours(geometry: NDArray[np.object_]) -> IntArray:
    """Pairs of polygons sharing a border of at least half a metre.

    Parameters
    ----------
    geometry
        Polygons in a metric CRS.

    Returns
    -------
    numpy.ndarray
        ``(n_pairs, 2)`` positions, ``a < b``.
    """
    tree = shapely.STRtree(geometry)
    a, b = tree.query(geometry, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    shared = shapely.length(
        shapely.intersection(shapely.boundary(geometry[a]), shapely.boundary(geometry[b]))
    )
    touching = shared >= _MIN_SHARED_BORDER_M
    return np.column_stack([a[touching], b[touching]]).astype(np.int64)


MAX_GRID_CELLS: Final = 4_000_000
"""The most cells the grid's rectangle may span: a city of 40 x 40 km in 20 m cells, or a whole
oblast in 200 m ones. Only the cells a district or building touches are made
(:func:`build_tiles`), and :data:`MAX_TILES` bounds those; a wider span comes from a district or
building far from the others (a polygon in the wrong place or CRS), which this names."""

MAX_TILES: Final = 60_000
"""The most tiles (as :func:`estimate_tiles` counts them) a region is cut into. Cutting and
preparing the search cost about linearly in tiles: the demo city has 2,326 in 200 m cells and
24,244 in 50 m ones, which took 100 s and 760 MB before a 5 s search; 10 m cells would make half
a million, many minutes and gigabytes before ``--time-limit`` starts counting. A city of
Almaty's size (about 700 km², a thousand districts) is about 35,000 at the default 200 m."""


def estimate_tiles(planning: PlanningRegion, cell_m: float) -> int:
    """About how many tiles :func:`build_tiles` would make with cells of ``cell_m``, unmade.

    Tiles are the cells districts cover (their union's area over a cell's) plus the pieces
    every district border cuts off the cells it crosses (its length over a cell's side), plus
    the cells of buildings outside every district. On the demo this is 20-60 % above the
    count built, so a refusal errs towards cells that work.
    """
    return _Extent.of(planning).tiles(cell_m)


@dataclass(frozen=True)
class _Extent:
    """What the tile count depends on, measured once: :func:`estimate_tiles` per cell size."""

    area: float
    border: float
    outside: NDArray[np.float64]  # (n, 2): buildings outside every district

    @classmethod
    def of(cls, planning: PlanningRegion) -> _Extent:
        geometry = np.asarray(planning.districts.geometry.to_numpy(), dtype=object)
        buildings = planning.buildings
        outside = buildings[buildings["adult"].isna() & buildings["pediatric"].isna()]
        return cls(
            area=float(shapely.area(shapely.union_all(geometry))) if len(geometry) else 0.0,
            border=float(shapely.length(geometry).sum()) if len(geometry) else 0.0,
            outside=outside[["x", "y"]].to_numpy(np.float64),
        )

    def tiles(self, cell_m: float) -> int:
        lone = len(np.unique(np.floor(self.outside / cell_m), axis=0))
        return math.ceil(self.area / cell_m**2 + self.border / cell_m) + lone


def check_cell_size(planning: PlanningRegion, cell_m: float, *, most: int = MAX_TILES) -> None:
    """Refuse a cell size that would cut the region into more than ``most`` tiles.

    Checked from the region's extent before a cell is made: a tiny ``--cell-m`` once ran the
    overlay for minutes and took gigabytes, deaf to the time limit, which counts only the
    search. The message names the smallest cell size, in steps of 5 m, that fits.

    Raises
    ------
    PlanningError
        ``too_many_tiles``, with the estimate and the cell size to use.
    """
    extent = _Extent.of(planning)
    tiles = extent.tiles(cell_m)
    if tiles <= most:
        return
    # Fewer tiles the larger the cell: bisect the steps of 5 m above cell_m for the first fit.
    low, high = math.floor(cell_m / 5), max(math.ceil(cell_m / 5), 1)
    while extent.tiles(5 * high) > most:
        low, high = high, 2 * high
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if extent.tiles(5 * middle) <= most else (middle, high)
    suggested = str(5 * high)  # as typed, not grouped ("5 000" is not an argument)
    params = {"cell_m": cell_m, "tiles": tiles, "most": most, "suggested": suggested}
    raise PlanningError(
        problem_text("too_many_tiles", params, "en"), code="too_many_tiles", params=params
    )


def _grid_too_large(planning: PlanningRegion, nx: int, ny: int, cell_m: float) -> PlanningError:
    """Why the grid would be too large, naming the districts far from the buildings."""
    bx = planning.buildings["x"].to_numpy()
    by = planning.buildings["y"].to_numpy()
    low_x, high_x = np.percentile(bx, [1, 99])
    low_y, high_y = np.percentile(by, [1, 99])
    settled = shapely.box(low_x, low_y, high_x, high_y)  # where nearly all buildings stand
    reach = max(high_x - low_x, high_y - low_y, 10_000.0)
    distance = shapely.distance(
        np.asarray(planning.districts.geometry.to_numpy(), dtype=object), settled
    )
    far = planning.districts.index[distance > reach].tolist()
    params: dict[str, object] = {
        "size": f"{nx * cell_m / 1000:.0f} x {ny * cell_m / 1000:.0f}",
        "cells": nx * ny,
        "cell_m": cell_m,
        "most": MAX_GRID_CELLS,
    }
    code = "grid_too_large"
    if far:
        code = "grid_too_large_far"
        params |= {"far": len(far), "shown": _listed(far)}
    return PlanningError(problem_text(code, params, "en"), code=code, params=params)


def _listed(items: Sequence[object], most: int = 5) -> str:
    """The first ``most`` items, with an ellipsis when there are more (names, IDs: no words)."""
    return ", ".join(str(item) for item in items[:most]) + (" ..." if len(items) > most else "")


def _district_cells(
    geometry: NDArray[np.object_],
    origin: tuple[float, float],
    shape: tuple[int, int],
    cell_m: float,
) -> IntArray:
    """The numbers (``i * ny + j``) of the grid cells each district polygon intersects.

    Each district's cells are looked for within its own bounds, so the work is that of the
    cells made, not of the rectangle around the region.
    """
    (x0, y0), (nx, ny) = origin, shape
    found: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    for polygon in geometry:
        if polygon is None or shapely.is_empty(polygon):
            continue
        minx, miny, maxx, maxy = shapely.bounds(polygon)
        # One cell more each way: a cell touching the bounds' edge intersects too.
        i = np.arange(
            max(math.floor((minx - x0) / cell_m) - 1, 0),
            min(math.floor((maxx - x0) / cell_m) + 2, nx),
        )
        j = np.arange(
            max(math.floor((miny - y0) / cell_m) - 1, 0),
            min(math.floor((maxy - y0) / cell_m) + 2, ny),
        )
        ii, jj = (a.ravel() for a in np.meshgrid(i, j, indexing="ij"))
        boxes = shapely.box(
            x0 + ii * cell_m, y0 + jj * cell_m, x0 + (ii + 1) * cell_m, y0 + (jj + 1) * cell_m
        )
        shapely.prepare(polygon)
        hit = shapely.intersects(polygon, boxes)
        found.append((ii[hit] * ny + jj[hit]).astype(np.int64))
    return np.concatenate(found)


MAX_SHARED_SHARE: Final = 0.25
"""The most of a district another of its family may cover before the two are refused."""


def _refuse_overlapping(districts: gpd.GeoDataFrame) -> None:
    """Refuse districts of one family that largely overlap, naming them.

    A building belongs to one district of each family; two adult districts drawn over the same
    streets make that ambiguous, and cutting the tiles along every pair of such polygons took
    longer than any time limit (all districts drawn the same ran for minutes). Slivers along
    shared borders, normal in digitised data, stay well below the threshold.
    """
    first, second, share = same_family_overlaps(
        np.asarray(districts.geometry.to_numpy(), dtype=object),
        districts["family"].to_numpy(dtype=object),
    )
    bad = np.flatnonzero(share > MAX_SHARED_SHARE)
    if not len(bad):
        return
    ids = districts.index.to_numpy(dtype=object)
    pairs = [f"{ids[first[k]]} – {ids[second[k]]} ({share[k]:.0%})" for k in bad]
    params = {"pairs": len(bad), "share": f"{MAX_SHARED_SHARE:.0%}", "named": _listed(pairs)}
    raise PlanningError(
        problem_text("districts_overlap", params, "en"), code="districts_overlap", params=params
    )


def build_tiles(planning: PlanningRegion, *, cell_m: float = 200.0) -> Tiles:
    """Cut the region into tiles.

    Parameters
    ----------
    planning
        The prepared region.
    cell_m
        Grid cell size in metres (a city block or two).

    Returns
    -------
    Tiles

    Raises
    ------
    PlanningError
        When ``cell_m`` is not positive, would make more than :data:`MAX_TILES` tiles
        (:func:`check_cell_size`, before any is made), or the districts lie far apart.
    """
    if not cell_m > 0:
        raise PlanningError(f"build_tiles: cell_m must be positive, got {cell_m!r}")
    check_cell_size(planning, cell_m)
    crs = planning.crs
    districts = planning.districts
    bx = planning.buildings["x"].to_numpy()
    by = planning.buildings["y"].to_numpy()
    d_bounds = districts.total_bounds
    x0 = min(float(d_bounds[0]), float(bx.min())) - cell_m
    y0 = min(float(d_bounds[1]), float(by.min())) - cell_m
    x1 = max(float(d_bounds[2]), float(bx.max())) + cell_m
    y1 = max(float(d_bounds[3]), float(by.max())) + cell_m
    x0, y0 = np.floor(x0 / cell_m) * cell_m, np.floor(y0 / cell_m) * cell_m
    nx = int(np.ceil((x1 - x0) / cell_m))
    ny = int(np.ceil((y1 - y0) / cell_m))
    if nx * ny > MAX_GRID_CELLS:
        raise _grid_too_large(planning, nx, ny, cell_m)
    # Only the cells a district or a building touches are made (numbered i * ny + j over the
    # whole rectangle, as before): the rectangle's other cells cost memory and nothing else.
    district_geometry = np.asarray(districts.geometry.to_numpy(), dtype=object)
    touched = [_district_cells(district_geometry, (x0, y0), (nx, ny), cell_m)]
    bi = np.floor((bx - x0) / cell_m).astype(np.int64)
    bj = np.floor((by - y0) / cell_m).astype(np.int64)
    touched.append(bi * ny + bj)
    cell_ids = np.unique(np.concatenate(touched))
    ii, jj = np.divmod(cell_ids, ny)
    cells = shapely.box(
        x0 + ii * cell_m, y0 + jj * cell_m, x0 + (ii + 1) * cell_m, y0 + (jj + 1) * cell_m
    )
    cell_frame = gpd.GeoDataFrame({"cell": cell_ids}, geometry=cells, crs=crs)
    _refuse_overlapping(districts)
    pieces = cell_frame
    for family in FAMILIES:
        mine = districts[districts["family"] == family]
        layer = gpd.GeoDataFrame(
            {family: mine.index.to_numpy(dtype=object)},
            geometry=mine.geometry.to_numpy(),
            crs=crs,
        )
        if len(layer):
            pieces = gpd.overlay(pieces, layer, how="union", keep_geom_type=True)
        else:
            pieces[family] = None
        pieces = pieces[pieces["cell"].notna()]
    pieces = pieces.explode(index_parts=False, ignore_index=True)
    pieces = pieces[shapely.get_type_id(pieces.geometry.to_numpy()) == 3].reset_index(drop=True)
    geometry = np.asarray(pieces.geometry.to_numpy(), dtype=object)

    # Buildings to pieces: inside one; on a border or in a sliver, the nearest piece.
    index = PolygonIndex.build(geometry)
    owner = index.assign_xy(bx, by)
    lost = np.flatnonzero(owner < 0)
    if len(lost):
        nearest = shapely.STRtree(geometry).nearest(shapely.points(bx[lost], by[lost]))
        owner[lost] = np.asarray(nearest, dtype=np.int64)
    has_building = np.zeros(len(geometry), dtype=bool)
    has_building[owner] = True
    adult = pieces["adult"].to_numpy(dtype=object)
    pediatric = pieces["pediatric"].to_numpy(dtype=object)
    adult = np.asarray(np.where(pd.isna(adult), None, adult), dtype=object)
    pediatric = np.asarray(np.where(pd.isna(pediatric), None, pediatric), dtype=object)
    covered = (adult != None) | (pediatric != None)  # noqa: E711 (object arrays)
    big = shapely.area(geometry) >= _MIN_TILE_AREA_M2
    keep = has_building | (covered & big)
    new_position = np.cumsum(keep) - 1
    geometry = geometry[keep]
    return Tiles(
        geometry=gpd.GeoSeries(geometry, crs=crs),
        adult=adult[keep],
        pediatric=pediatric[keep],
        building_tile=new_position[owner].astype(np.int64),
        neighbours=tile_neighbours(geometry),
        cell_m=float(cell_m),
    )
