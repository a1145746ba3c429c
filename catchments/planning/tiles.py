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

__all__ = ["Tiles", "build_tiles", "tile_neighbours"]

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
"""The most grid cells a region is cut into: a city of 40 x 40 km in 20 m cells, or a whole
oblast in 200 m ones. More comes from a district or building far from the others (a polygon
in the wrong place or CRS) or a tiny ``cell_m``, and would exhaust the memory before the
first tile is made."""


def _grid_too_large(planning: PlanningRegion, nx: int, ny: int, cell_m: float) -> str:
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
    size = f"{nx * cell_m / 1000:,.0f} x {ny * cell_m / 1000:,.0f} km"
    text = (
        f"the districts and buildings span {size}: {nx * ny:,} cells of {cell_m:g} m, more "
        f"than the {MAX_GRID_CELLS:,} a region is cut into"
    )
    if not far:
        return f"{text}; use a larger --cell-m, or look for buildings far from the others"
    shown = ", ".join(str(d) for d in far[:5]) + (" ..." if len(far) > 5 else "")
    return (
        f"{text}; {len(far)} district(s) lie far from the region's buildings ({shown}): check "
        "their geometry (swapped longitude and latitude, or another CRS)"
    )


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
    named = ", ".join(f"{ids[first[k]]} and {ids[second[k]]} ({share[k]:.0%})" for k in bad[:5]) + (
        " ..." if len(bad) > 5 else ""
    )
    raise PlanningError(
        f"{len(bad)} pair(s) of districts of the same kind overlap by more than "
        f"{MAX_SHARED_SHARE:.0%} of the smaller one: {named}; a building belongs to one "
        "district of each kind, so fix their polygons before rebalancing"
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
        When ``cell_m`` is not positive.
    """
    if not cell_m > 0:
        raise PlanningError(f"build_tiles: cell_m must be positive, got {cell_m!r}")
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
        raise PlanningError(_grid_too_large(planning, nx, ny, cell_m))
    grid_i, grid_j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    ii, jj = grid_i.ravel(), grid_j.ravel()
    cells = shapely.box(
        x0 + ii * cell_m, y0 + jj * cell_m, x0 + (ii + 1) * cell_m, y0 + (jj + 1) * cell_m
    )
    district_geometry = np.asarray(districts.geometry.to_numpy(), dtype=object)
    touched = np.zeros(len(cells), dtype=bool)
    hit = shapely.STRtree(district_geometry).query(cells, predicate="intersects")[0]
    touched[hit] = True
    bi = np.floor((bx - x0) / cell_m).astype(np.int64)
    bj = np.floor((by - y0) / cell_m).astype(np.int64)
    touched[bi * ny + bj] = True
    cell_frame = gpd.GeoDataFrame(
        {"cell": np.flatnonzero(touched)}, geometry=cells[touched], crs=crs
    )
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
