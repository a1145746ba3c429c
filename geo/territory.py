"""Which territory covers a point: districts, clinics, settlements, admin units; lists vs polygons.

Two layers of API:

- :class:`PolygonIndex`, the numeric core: built once from polygons, it answers "which polygon
  contains each of these x/y points" for millions of points at once (:meth:`~PolygonIndex.
  assign_xy`) and lists every covering polygon where they overlap (:meth:`~PolygonIndex.
  covering_xy`). Its answers equal ``geopandas.sjoin(points, polygons, predicate="within")``
  point for point, boundaries included: a point on a polygon's boundary is not *within* it.
- :class:`TerritoryIndex`, the region-level adapter over the package layers (``districts``,
  ``settlements``, ``admin_units``): :meth:`~TerritoryIndex.locate` takes a GeoSeries or
  GeoDataFrame and returns a frame on its index with the covering district, clinic,
  settlement and admin unit, and the number of covering districts (0 is a gap, 2 or more an
  overlap; both are data, never errors).

Around them, planners' checks: :func:`overlaps` and :func:`gaps` of district polygons, and the
list-defined territories of ``district_streets`` resolved against buildings
(:func:`resolve_street_territories`) and reconciled with the polygons (:func:`reconcile`).

How the index is fast
---------------------
A regular grid is laid over the polygons. A cell that no polygon boundary touches is *pure*:
every point in it is inside the same polygons, so the whole cell gets one answer. Pure cells are
grouped into connected components (``scipy.ndimage.label``); no boundary separates two
edge-adjacent pure cells, so one exact test per component (at a cell centre) labels all of it.
Only points in cells a boundary touches get exact tests, with ``shapely.contains_xy`` on
prepared polygons (no Point objects), against the polygons whose bounding box meets the cell.
Boundary cells are marked conservatively: every boundary segment is cut into pieces no longer
than a cell and each piece's bounding box, widened by 1e-6 cell, marks the cells it meets, so a
point is never answered from its cell unless no boundary comes near that cell. The labels are
therefore exact, not approximate; only the share of points needing exact tests depends on the
grid (about 3-5 % of points with the defaults; see ``bench/territory_assign.py``).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage

from geo.houses import (
    HouseNumber,
    HouseNumberError,
    HouseRange,
    HouseRangeError,
    parse_house_ranges,
    parse_housenumber,
)

__all__ = [
    "GAP",
    "OVERLAP",
    "PolygonIndex",
    "ReconcileStatus",
    "TerritoryError",
    "TerritoryIndex",
    "canonical_street",
    "gaps",
    "overlaps",
    "reconcile",
    "resolve_street_territories",
]

GAP: Final = -1
"""Label of a point inside no polygon."""
OVERLAP: Final = -2
"""Label of a point inside two or more polygons."""

ReconcileStatus = Literal[
    "agree", "list_only", "polygon_only", "disagree", "unparsable_housenumber"
]

_EPS_CELLS: Final = 1e-6
"""How far (in cells) a boundary piece's box is widened when marking cells; far above the
rounding error of the cell arithmetic (~1e-12 cell), far below a cell."""
_LONLAT: Final = "EPSG:4326"

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
GeometryArray = NDArray[np.object_]


class TerritoryError(ValueError):
    """Input a territory function cannot use; the message names the layer, rows and fix."""


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.setflags(write=False)
    return array


def _objects(values: Iterable[Any], index: pd.Index) -> pd.Series:
    """An object column: ids keep ``None`` for missing (not NaN) and lists stay lists."""
    return pd.Series(list(values), index=index, dtype=object)


def _ids(column: pd.Series) -> NDArray[np.object_]:
    """Copy a column into a read-only object array (never a view of the frame)."""
    return _readonly(np.array(column.to_numpy(dtype=object), dtype=object, copy=True))


def _expand_csr(indptr: IntArray, rows: IntArray) -> tuple[IntArray, IntArray]:
    """Flatten CSR rows: for each of ``rows``, repeat its position once per stored entry.

    Returns the position in ``rows`` of every entry and the entry's index into the CSR data.
    """
    starts = indptr[rows]
    counts = indptr[rows + 1] - starts
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    offsets = np.arange(counts.sum(), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    return owner, np.repeat(starts, counts) + offsets


def _as_polygons(
    geometries: GeometryArray | Sequence[Any] | gpd.GeoSeries, *, what: str
) -> GeometryArray:
    """Geometries as an object array of non-empty (Multi)Polygons, or a TerritoryError."""
    if isinstance(geometries, gpd.GeoSeries | gpd.GeoDataFrame):
        geometries = geometries.geometry.to_numpy()
    array = np.asarray(geometries, dtype=object).ravel()
    kinds = shapely.get_type_id(array)
    bad = np.flatnonzero(~np.isin(kinds, (3, 6)) | shapely.is_empty(array))
    if len(bad):
        raise TerritoryError(
            f"{what}: {len(bad)} geometries are missing, empty or not polygons, e.g. at "
            f"positions {bad[:5].tolist()} ({shapely.get_type_id(array[bad[0]])!r} type id); "
            "territories must be Polygon or MultiPolygon: drop or fix those rows"
        )
    return array


@dataclass(frozen=True, eq=False)
class PolygonIndex:
    """Point-in-polygon index over a fixed set of polygons (see the module docstring).

    Build with :meth:`build`; the arrays are read-only, so an index can be shared (e.g. with
    ``st.cache_resource``). Coordinates are taken as they are: build and query in one CRS.

    Attributes
    ----------
    geometries
        The polygons, prepared; labels are positions in this array.
    origin
        x and y of the grid's lower-left corner.
    cell_size
        Side of a (square) grid cell, in CRS units.
    shape
        Rows and columns of the grid.
    cell_code
        Per cell (row-major): a pure cell's component (1 or more), or ``-(slot + 1)`` for a
        boundary cell's slot in the candidate table.
    component_label
        Per component: the polygon containing it, :data:`GAP` or :data:`OVERLAP`; entry 0 is
        :data:`GAP` and answers points outside the grid.
    component_indptr, component_polygons
        CSR table: the polygons containing each component (used where they overlap).
    candidate_indptr, candidate_polygons
        CSR table: per boundary slot, the polygons whose bounding box meets the cell.
    """

    geometries: GeometryArray
    origin: tuple[float, float]
    cell_size: float
    shape: tuple[int, int]
    cell_code: NDArray[np.int32]
    component_label: IntArray
    component_indptr: IntArray
    component_polygons: IntArray
    candidate_indptr: IntArray
    candidate_polygons: IntArray

    def __len__(self) -> int:
        return len(self.geometries)

    @classmethod
    def build(
        cls,
        geometries: GeometryArray | Sequence[Any] | gpd.GeoSeries,
        *,
        max_cells: int = 1 << 23,
        boundary_share: float = 0.03,
    ) -> PolygonIndex:
        """Build the index.

        Parameters
        ----------
        geometries
            Polygons or MultiPolygons (array-like or GeoSeries). Invalid polygons get the
            answers GEOS gives them, as in ``sjoin``; validate data first (``geo.package``).
        max_cells
            Upper bound on the grid's cell count (memory: 4 bytes a cell). The default, about
            8 million cells (32 MB), builds in under a second for 500 territories of 300
            vertices and leaves ~4 % of uniformly spread points to exact tests.
        boundary_share
            Target share of cells a boundary touches; sets the cell size when ``max_cells``
            does not bind.

        Returns
        -------
        PolygonIndex

        Raises
        ------
        TerritoryError
            When a geometry is missing, empty or not polygonal, or an option is out of range.
        """
        if max_cells < 1 or not 0 < boundary_share < 1:
            raise TerritoryError(
                f"PolygonIndex.build: need max_cells >= 1 and 0 < boundary_share < 1, got "
                f"{max_cells} and {boundary_share}"
            )
        polygons = _as_polygons(geometries, what="PolygonIndex.build")
        shapely.prepare(polygons)
        empty = np.zeros(0, dtype=np.int64)
        if len(polygons) == 0:
            return cls(
                geometries=_readonly(polygons),
                origin=(0.0, 0.0),
                cell_size=1.0,
                shape=(0, 0),
                cell_code=_readonly(np.zeros(0, dtype=np.int32)),
                component_label=_readonly(np.array([GAP], dtype=np.int64)),
                component_indptr=_readonly(np.zeros(2, dtype=np.int64)),
                component_polygons=_readonly(empty),
                candidate_indptr=_readonly(np.zeros(1, dtype=np.int64)),
                candidate_polygons=_readonly(empty.copy()),
            )

        xmin, ymin, xmax, ymax = (float(v) for v in shapely.total_bounds(polygons))
        lines = shapely.get_parts(shapely.boundary(polygons))
        total_length = float(shapely.length(lines).sum())
        width, height = max(xmax - xmin, 1e-12), max(ymax - ymin, 1e-12)
        # Cells a boundary of length L marks: about 2 L / d, so a share s of the A / d^2 cells
        # needs d = s A / (2 L); never more than max_cells cells.
        cell = max(
            boundary_share * width * height / (2.0 * max(total_length, 1e-12)),
            float(np.sqrt(width * height / max_cells)),
        )
        nx = int(np.ceil(width / cell)) + 2
        ny = int(np.ceil(height / cell)) + 2
        x0, y0 = xmin - cell, ymin - cell
        inverse = 1.0 / cell

        boundary = cls._mark_boundaries(lines, x0=x0, y0=y0, inverse=inverse, shape=(ny, nx))

        # Pure cells: components, each labelled by one exact test at a cell centre.
        components, n_components = ndimage.label(~boundary)
        flat = components.ravel()
        representative = np.zeros(n_components + 1, dtype=np.int64)
        # Any cell of a component represents it, so the order of these writes does not matter.
        representative[flat] = np.arange(flat.size, dtype=np.int64)
        rows, columns = np.divmod(representative[1:], nx)
        centres = shapely.points(x0 + (columns + 0.5) * cell, y0 + (rows + 0.5) * cell)
        in_component, in_polygon = shapely.STRtree(polygons).query(centres, predicate="within")
        component_indptr, component_polygons = _csr(in_component + 1, in_polygon, n_components + 1)
        counts = np.diff(component_indptr)
        component_label = np.full(n_components + 1, GAP, dtype=np.int64)
        single = counts == 1
        component_label[single] = component_polygons[component_indptr[:-1][single]]
        component_label[counts > 1] = OVERLAP

        # Boundary cells: slots with candidate polygons by bounding box (widened by the margin).
        boundary_cells = np.flatnonzero(boundary.ravel())
        cell_code = flat.astype(np.int32)
        cell_code[boundary_cells] = -(np.arange(len(boundary_cells), dtype=np.int32) + 1)
        brow, bcol = np.divmod(boundary_cells, nx)
        # A polygon's box meets a cell (widened by the margin) exactly when the polygon's box,
        # grown by half a cell and the margin, contains the cell's centre: querying centres
        # against grown boxes avoids making a box per cell.
        grow = 0.5 * cell + _EPS_CELLS * cell
        bounds = shapely.bounds(polygons)
        grown = shapely.box(
            bounds[:, 0] - grow, bounds[:, 1] - grow, bounds[:, 2] + grow, bounds[:, 3] + grow
        )
        in_slot, candidate = shapely.STRtree(grown).query(
            shapely.points(x0 + (bcol + 0.5) * cell, y0 + (brow + 0.5) * cell)
        )
        candidate_indptr, candidate_polygons = _csr(in_slot, candidate, len(boundary_cells))

        return cls(
            geometries=_readonly(polygons),
            origin=(x0, y0),
            cell_size=cell,
            shape=(ny, nx),
            cell_code=_readonly(cell_code),
            component_label=_readonly(component_label),
            component_indptr=_readonly(component_indptr),
            component_polygons=_readonly(component_polygons),
            candidate_indptr=_readonly(candidate_indptr),
            candidate_polygons=_readonly(candidate_polygons),
        )

    @staticmethod
    def _mark_boundaries(
        lines: GeometryArray, *, x0: float, y0: float, inverse: float, shape: tuple[int, int]
    ) -> NDArray[np.bool_]:
        """Mark every cell within ``_EPS_CELLS`` of a boundary segment (conservatively)."""
        coords, line = shapely.get_coordinates(lines, return_index=True)
        same_line = line[:-1] == line[1:]
        start = (coords[:-1][same_line] - (x0, y0)) * inverse
        end = (coords[1:][same_line] - (x0, y0)) * inverse
        # Cut each segment into pieces at most one cell long, so a piece's box spans <= 3 cells
        # a side once widened; the union of the pieces' boxes covers the segment.
        pieces = np.maximum(np.ceil(np.abs(end - start).max(axis=1)).astype(np.int64), 1)
        segment = np.repeat(np.arange(len(start)), pieces)
        step = np.arange(len(segment)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        along = end[segment] - start[segment]
        share = pieces[segment].astype(np.float64)
        a = start[segment] + along * (step / share)[:, None]
        b = start[segment] + along * ((step + 1) / share)[:, None]
        low = np.floor(np.minimum(a, b) - _EPS_CELLS).astype(np.int64)
        high = np.floor(np.maximum(a, b) + _EPS_CELLS).astype(np.int64)
        ny, nx = shape
        boundary = np.zeros(shape, dtype=bool)
        for dx in range(3):
            for dy in range(3):
                hit = (low[:, 0] + dx <= high[:, 0]) & (low[:, 1] + dy <= high[:, 1])
                rows = np.clip(low[hit, 1] + dy, 0, ny - 1)
                columns = np.clip(low[hit, 0] + dx, 0, nx - 1)
                boundary[rows, columns] = True
        return boundary

    def _codes(self, x: FloatArray, y: FloatArray) -> NDArray[np.int32]:
        """Cell code of every point; 0 (a gap component) outside the grid or for NaN."""
        ny, nx = self.shape
        inverse = 1.0 / self.cell_size  # the same arithmetic as the boundary marking
        column = x - self.origin[0]
        column *= inverse
        np.floor(column, out=column)
        row = y - self.origin[1]
        row *= inverse
        np.floor(row, out=row)
        inside = (column >= 0) & (column < nx) & (row >= 0) & (row < ny)
        row *= nx
        row += column
        with np.errstate(invalid="ignore"):
            cell = row.astype(np.int64)
        cell[~inside] = 0
        codes = self.cell_code[cell] if len(self.cell_code) else np.zeros(len(x), np.int32)
        codes[~inside] = 0
        return codes

    def _exact(
        self, x: FloatArray, y: FloatArray, points: IntArray, codes: NDArray[np.int32]
    ) -> tuple[IntArray, IntArray]:
        """Exact (point, polygon) containment pairs for points in boundary cells."""
        slots = -codes[points].astype(np.int64) - 1
        owner, entry = _expand_csr(self.candidate_indptr, slots)
        polygon = self.candidate_polygons[entry]
        point = points[owner]
        hit = shapely.contains_xy(self.geometries[polygon], x[point], y[point])
        return point[hit], polygon[hit]

    @staticmethod
    def _coordinates(x: ArrayLike, y: ArrayLike) -> tuple[FloatArray, FloatArray]:
        xs = np.asarray(x, dtype=np.float64).ravel()
        ys = np.asarray(y, dtype=np.float64).ravel()
        if xs.shape != ys.shape:
            raise TerritoryError(
                f"x and y must have the same length, got {xs.size} and {ys.size} values"
            )
        return xs, ys

    def assign_xy(self, x: ArrayLike, y: ArrayLike) -> IntArray:
        """Label each point with the one polygon containing it.

        Parameters
        ----------
        x, y
            Coordinates, in the polygons' CRS. NaN coordinates are in no polygon.

        Returns
        -------
        numpy.ndarray of int64
            Per point: the position of the polygon containing it when exactly one does,
            :data:`GAP` (-1) when none does, :data:`OVERLAP` (-2) when several do. Boundary
            points are in no polygon (the ``within`` predicate).
        """
        xs, ys = self._coordinates(x, y)
        codes = self._codes(xs, ys)
        labels = self.component_label[np.maximum(codes, 0)]
        near = np.flatnonzero(codes < 0).astype(np.int64)
        if len(near):
            point, polygon = self._exact(xs, ys, near, codes)
            count = np.bincount(point, minlength=len(xs))[near]
            labels[near] = np.where(count == 0, GAP, OVERLAP)
            sole = count[np.searchsorted(near, point)] == 1
            labels[point[sole]] = polygon[sole]
        return labels

    def covering_xy(self, x: ArrayLike, y: ArrayLike) -> tuple[IntArray, IntArray]:
        """Every (point, polygon) pair with the point inside the polygon.

        Returns
        -------
        tuple of two int64 arrays
            Point positions and polygon positions, sorted by point then polygon; a point in a
            gap has no pair, a point in an overlap several. The pairs are the rows of
            ``sjoin(points, polygons, predicate="within")``.
        """
        xs, ys = self._coordinates(x, y)
        codes = self._codes(xs, ys)
        pure = np.flatnonzero(codes > 0).astype(np.int64)
        owner, entry = _expand_csr(self.component_indptr, codes[pure].astype(np.int64))
        points = [pure[owner]]
        polygons = [self.component_polygons[entry]]
        near = np.flatnonzero(codes < 0).astype(np.int64)
        if len(near):
            point, polygon = self._exact(xs, ys, near, codes)
            points.append(point)
            polygons.append(polygon)
        point_all = np.concatenate(points)
        polygon_all = np.concatenate(polygons)
        # Each part is already sorted by point then polygon and no point is in both, so a
        # stable sort by point alone merges them.
        order = np.argsort(point_all, kind="stable")
        return point_all[order], polygon_all[order]


def _csr(rows: IntArray, values: IntArray, n_rows: int) -> tuple[IntArray, IntArray]:
    """CSR table (indptr, values sorted by row then value) from (row, value) pairs."""
    order = np.lexsort((values, rows))
    counts = np.bincount(rows, minlength=n_rows)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return indptr, np.asarray(values, dtype=np.int64)[order]


def _require(frame: pd.DataFrame, columns: Sequence[str], *, layer: str, function: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise TerritoryError(
            f"{function}: {layer} lacks columns {missing}; it has {list(frame.columns)}. "
            "See geo.schema for the layer's columns"
        )


def _to_lonlat(frame: gpd.GeoDataFrame, *, layer: str, function: str) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame | gpd.GeoSeries):
        raise TerritoryError(
            f"{function}: {layer} must be a GeoDataFrame, got {type(frame).__name__}"
        )
    if frame.crs is None:
        raise TerritoryError(
            f"{function}: {layer} has no CRS; set it (package layers are EPSG:4326), e.g. "
            "frame.set_crs('EPSG:4326')"
        )
    return frame.to_crs(_LONLAT)


def _representative_xy(geometry: GeometryArray) -> tuple[FloatArray, FloatArray]:
    """x/y of a point inside each geometry (itself for points; ``point_on_surface`` else)."""
    is_point = shapely.get_type_id(geometry) == 0
    points = geometry.copy()
    if not is_point.all():  # only the others need a point found inside them
        points[~is_point] = shapely.point_on_surface(geometry[~is_point])
    return shapely.get_x(points), shapely.get_y(points)


def _level_depths(units: pd.DataFrame) -> IntArray:
    """Depth of each admin unit in its parent chain (a root has 0); cycles raise."""
    parent = dict(zip(units["unit_id"], units["parent_id"], strict=True))
    depths = []
    for unit in units["unit_id"]:
        depth, seen, current = 0, {unit}, parent.get(unit)
        while isinstance(current, str) and current in parent:
            if current in seen:
                raise TerritoryError(
                    f"admin_units: the parent_id chain of {unit!r} loops through {current!r}; "
                    "fix parent_id so every chain ends at a unit with no parent"
                )
            seen.add(current)
            depth += 1
            current = parent.get(current)
        depths.append(depth)
    return np.asarray(depths, dtype=np.int64)


def _most_specific(point: IntArray, polygon: IntArray, rank: IntArray, n: int) -> IntArray:
    """Per point, the covering polygon of lowest rank; -1 where none covers."""
    chosen = np.full(n, -1, dtype=np.int64)
    if len(point):
        order = np.lexsort((rank[polygon], point))
        first = np.unique(point[order], return_index=True)[1]
        chosen[point[order][first]] = polygon[order][first]
    return chosen


def _area_m2(geometry: gpd.GeoSeries) -> FloatArray:
    return _area_width_m(geometry)[0]


def _area_width_m(geometry: gpd.GeoSeries) -> tuple[FloatArray, FloatArray]:
    """Area (m²) and mean width (2 × area / perimeter, m) in the data's UTM zone."""
    if len(geometry) == 0:
        return np.zeros(0), np.zeros(0)
    metric = geometry.to_crs(geometry.estimate_utm_crs())
    area = np.asarray(metric.area, dtype=np.float64)
    perimeter = np.asarray(metric.length, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        width = np.where(perimeter > 0, 2.0 * area / perimeter, 0.0)
    return area, width


@dataclass(frozen=True, eq=False)
class TerritoryIndex:
    """Districts, settlements and admin units of a region, indexed for point lookups.

    Build with :meth:`from_layers` once per region and share it (it is never mutated). All
    lookups run in EPSG:4326, the package CRS.

    Attributes
    ----------
    districts
        Index over the district polygons; labels are positions in ``district_ids``.
    district_ids, clinic_ids
        Per district position: its ``district_id`` and ``clinic_id``.
    settlements, settlement_ids, settlement_rank
        Index over settlements (None when not given), their ids, and the order of preference
        where settlements overlap (the smaller settlement wins: a village inside a city's
        outline is named rather than the city).
    admin_units, unit_ids, unit_rank
        Index over admin units (None when not given), their ids, and the order of preference:
        the deepest unit in the ``parent_id`` chain (a city district before its city before its
        oblast), then the smaller.
    """

    districts: PolygonIndex
    district_ids: NDArray[np.object_]
    clinic_ids: NDArray[np.object_]
    settlements: PolygonIndex | None = None
    settlement_ids: NDArray[np.object_] | None = None
    settlement_rank: IntArray | None = None
    admin_units: PolygonIndex | None = None
    unit_ids: NDArray[np.object_] | None = None
    unit_rank: IntArray | None = None

    @classmethod
    def from_layers(
        cls,
        districts: gpd.GeoDataFrame,
        *,
        settlements: gpd.GeoDataFrame | None = None,
        admin_units: gpd.GeoDataFrame | None = None,
        max_cells: int = 1 << 23,
    ) -> TerritoryIndex:
        """Index the package layers (see :mod:`geo.schema` for their columns).

        Parameters
        ----------
        districts
            Needs ``district_id``, ``clinic_id`` and polygon geometry with a CRS.
        settlements
            Optional; needs ``settlement_id``.
        admin_units
            Optional; needs ``unit_id`` and ``parent_id``.
        max_cells
            Grid size bound of each :class:`PolygonIndex`.

        Returns
        -------
        TerritoryIndex

        Raises
        ------
        TerritoryError
            On a missing column or CRS, or a geometry that is not a polygon.
        """
        function = "TerritoryIndex.from_layers"
        _require(districts, ("district_id", "clinic_id"), layer="districts", function=function)
        district_frame = _to_lonlat(districts, layer="districts", function=function)
        fields: dict[str, Any] = {
            "districts": PolygonIndex.build(district_frame.geometry, max_cells=max_cells),
            "district_ids": _ids(district_frame["district_id"]),
            "clinic_ids": _ids(district_frame["clinic_id"]),
        }
        if settlements is not None:
            _require(settlements, ("settlement_id",), layer="settlements", function=function)
            frame = _to_lonlat(settlements, layer="settlements", function=function)
            area = _area_m2(frame.geometry)
            fields["settlements"] = PolygonIndex.build(frame.geometry, max_cells=max_cells)
            fields["settlement_ids"] = _ids(frame["settlement_id"])
            fields["settlement_rank"] = _readonly(np.argsort(np.argsort(area, kind="stable")))
        if admin_units is not None:
            _require(admin_units, ("unit_id", "parent_id"), layer="admin_units", function=function)
            frame = _to_lonlat(admin_units, layer="admin_units", function=function)
            order = np.lexsort((_area_m2(frame.geometry), -_level_depths(frame)))
            fields["admin_units"] = PolygonIndex.build(frame.geometry, max_cells=max_cells)
            fields["unit_ids"] = _ids(frame["unit_id"])
            fields["unit_rank"] = _readonly(np.argsort(order).astype(np.int64))
        return cls(**fields)

    def assign_xy(self, x: ArrayLike, y: ArrayLike) -> IntArray:
        """District label of each lon/lat point: position, :data:`GAP` or :data:`OVERLAP`."""
        return self.districts.assign_xy(x, y)

    def locate(self, points: gpd.GeoSeries | gpd.GeoDataFrame) -> pd.DataFrame:
        """Find what covers each point: district, clinic, settlement, admin unit.

        Parameters
        ----------
        points
            Points with a CRS (reprojected to EPSG:4326). Other geometries are represented by a
            point inside them (``shapely.point_on_surface``), e.g. buildings.

        Returns
        -------
        pandas.DataFrame
            On the input's index: ``district_id`` (the covering district when exactly one
            covers, else None), ``clinic_id`` (the clinic when all covering districts
            belong to one clinic), ``settlement_id``, ``unit_id`` (most specific covering unit;
            None without those layers or outside them), ``n_territories`` (covering
            districts: 0 is a gap, 2 or more an overlap), ``districts`` and ``clinics`` (lists
            of all covering district and clinic ids, sorted). Id columns have object dtype
            with None for missing, so ``row["district_id"] is None`` works.

        Raises
        ------
        TerritoryError
            When ``points`` has no CRS or a row has no geometry.
        """
        function = "TerritoryIndex.locate"
        frame = _to_lonlat(points, layer="points", function=function)
        geometry = np.asarray(frame.geometry.to_numpy(), dtype=object)
        missing = np.flatnonzero(shapely.is_missing(geometry) | shapely.is_empty(geometry))
        if len(missing):
            raise TerritoryError(
                f"{function}: {len(missing)} points have no geometry, e.g. index "
                f"{frame.index[missing[:5]].tolist()}; drop them or geocode them first"
            )
        x, y = _representative_xy(geometry)
        return self.locate_xy(x, y, index=frame.index)

    def locate_xy(
        self, x: ArrayLike, y: ArrayLike, *, index: pd.Index | None = None
    ) -> pd.DataFrame:
        """:meth:`locate` for lon/lat coordinates (EPSG:4326 degrees), without point objects.

        A register's homes come as numbers; making a shapely point of each only to read its
        coordinates back cost a register of 140,000 homes 0.15 s. ``index`` labels the rows
        (positions by default).
        """
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        n = len(x)
        if index is None:
            index = pd.RangeIndex(n)
        point, district = self.districts.covering_xy(x, y)
        counts = np.bincount(point, minlength=n)
        district_lists = _grouped(point, district, self.district_ids, n)
        clinic_lists = _grouped(point, district, self.clinic_ids, n, distinct=True)
        sole = counts == 1
        district_id = np.full(n, None, dtype=object)
        district_id[point[sole[point]]] = self.district_ids[district[sole[point]]]
        clinic_id = np.array(
            [clinics[0] if len(clinics) == 1 else None for clinics in clinic_lists], dtype=object
        )

        settlement_id = self._specific(
            self.settlements, self.settlement_ids, self.settlement_rank, x, y
        )
        unit_id = self._specific(self.admin_units, self.unit_ids, self.unit_rank, x, y)
        return pd.DataFrame(
            {
                "district_id": _objects(district_id, index),
                "clinic_id": _objects(clinic_id, index),
                "settlement_id": _objects(settlement_id, index),
                "unit_id": _objects(unit_id, index),
                "n_territories": pd.Series(counts.astype(np.int64), index=index),
                "districts": _objects(district_lists, index),
                "clinics": _objects(clinic_lists, index),
            },
            index=index,
        )

    @staticmethod
    def _specific(
        index: PolygonIndex | None,
        ids: NDArray[np.object_] | None,
        rank: IntArray | None,
        x: FloatArray,
        y: FloatArray,
    ) -> NDArray[np.object_]:
        chosen_ids = np.full(len(x), None, dtype=object)
        if index is None or ids is None or rank is None:
            return chosen_ids
        point, polygon = index.covering_xy(x, y)
        chosen = _most_specific(point, polygon, rank, len(x))
        found = chosen >= 0
        chosen_ids[found] = ids[chosen[found]]
        return chosen_ids


def _grouped(
    point: IntArray, position: IntArray, ids: NDArray[np.object_], n: int, *, distinct: bool = False
) -> list[list[Any]]:
    """Per point 0..n-1, the sorted ids of its polygons (each id once if ``distinct``).

    ``(point, position)`` pairs are sorted by point; ``ids`` gives each polygon position its
    id. Sorted and grouped in numpy, then cut into lists by slicing: a loop appending pair by
    pair cost a register's 300,000 (home, district) pairs 0.2 s per column.
    """
    labels, code_of_position = np.unique(ids, return_inverse=True)  # sorted as Python sorts
    codes = code_of_position.reshape(-1)[position]
    order = np.lexsort((codes, point))
    point, codes = point[order], codes[order]
    if distinct and len(point):
        first = np.r_[True, (np.diff(point) != 0) | (np.diff(codes) != 0)]
        point, codes = point[first], codes[first]
    flat = labels[codes].tolist()
    bounds = np.searchsorted(point, np.arange(n + 1)).tolist()
    return [flat[start:end] for start, end in itertools.pairwise(bounds)]


# ---------------------------------------------------------------------------------------------
# Overlaps and gaps of district polygons


def overlaps(
    districts: gpd.GeoDataFrame, *, min_area_m2: float = 1.0, min_width_m: float = 0.5
) -> gpd.GeoDataFrame:
    """Pairs of districts whose polygons overlap, with the shared area.

    Districts of different models (an adult therapist's and a pediatrician's) legitimately cover
    the same houses; ``same_model`` tells those apart from real conflicts.

    Parameters
    ----------
    districts
        Needs ``district_id``, ``clinic_id`` and ``model`` (``model`` may be absent: then
        ``same_model`` is missing).
    min_area_m2, min_width_m
        Smallest shared part reported, by area and by mean width (2 x area / perimeter):
        digitising slivers along shared boundaries are long and a few centimetres wide.

    Returns
    -------
    geopandas.GeoDataFrame
        ``district_id_a`` < ``district_id_b``, ``clinic_id_a``, ``clinic_id_b``, ``model_a``,
        ``model_b``, ``same_model``, ``area_m2`` and the shared geometry (EPSG:4326), sorted
        by the two ids.
    """
    function = "overlaps"
    _require(districts, ("district_id", "clinic_id"), layer="districts", function=function)
    frame = _to_lonlat(districts, layer="districts", function=function).reset_index(drop=True)
    geometry = _as_polygons(frame.geometry, what=f"{function}: districts")
    first, second = shapely.STRtree(geometry).query(geometry, predicate="intersects")
    ids = frame["district_id"].to_numpy(dtype=object)
    keep = ids[first] < ids[second]
    first, second = first[keep], second[keep]
    shared = gpd.GeoSeries(shapely.intersection(geometry[first], geometry[second]), crs=_LONLAT)
    area, width = _area_width_m(shared)
    big = (area >= min_area_m2) & (width >= min_width_m)
    model = (
        frame["model"].to_numpy(dtype=object)
        if "model" in frame.columns
        else np.full(len(frame), None, dtype=object)
    )
    clinic = frame["clinic_id"].to_numpy(dtype=object)
    result = gpd.GeoDataFrame(
        {
            "district_id_a": ids[first[big]],
            "district_id_b": ids[second[big]],
            "clinic_id_a": clinic[first[big]],
            "clinic_id_b": clinic[second[big]],
            "model_a": model[first[big]],
            "model_b": model[second[big]],
            "same_model": [
                None if a is None else bool(a == b)
                for a, b in zip(model[first[big]], model[second[big]], strict=True)
            ],
            "area_m2": area[big],
        },
        geometry=shapely.make_valid(np.asarray(shared.to_numpy(), dtype=object)[big]),
        crs=_LONLAT,
    )
    return result.sort_values(["district_id_a", "district_id_b"], ignore_index=True)


def gaps(
    districts: gpd.GeoDataFrame,
    area: gpd.GeoDataFrame,
    *,
    min_area_m2: float = 1.0,
    min_width_m: float = 0.5,
) -> gpd.GeoDataFrame:
    """Where no district covers: parts of settlements, or buildings.

    Parameters
    ----------
    districts
        District polygons (``district_id`` and geometry with a CRS).
    area
        Either ``buildings`` (recognised by a ``building_id`` column): the result is the
        buildings a point inside which (``point_on_surface``) no district covers; or
        ``settlements`` (``settlement_id``): the result is each settlement's uncovered parts.
    min_area_m2, min_width_m
        For settlements, smallest uncovered part reported, by area and by mean width (2 x
        area / perimeter): slivers between a settlement outline and district outlines drawn
        with other vertices are long and a few centimetres wide.

    Returns
    -------
    geopandas.GeoDataFrame
        For buildings: their rows (all columns) that no district covers. For settlements:
        ``settlement_id``, ``area_m2`` and the uncovered part's geometry, one row per part,
        largest first within a settlement. EPSG:4326.

    Raises
    ------
    TerritoryError
        When ``area`` has neither key column, or a layer lacks a CRS.
    """
    function = "gaps"
    _require(districts, ("district_id",), layer="districts", function=function)
    district_frame = _to_lonlat(districts, layer="districts", function=function)
    frame = _to_lonlat(area, layer="area", function=function)
    if "building_id" in frame.columns:
        index = PolygonIndex.build(district_frame.geometry)
        x, y = _representative_xy(np.asarray(frame.geometry.to_numpy(), dtype=object))
        return frame.loc[index.assign_xy(x, y) == GAP]
    if "settlement_id" not in frame.columns:
        raise TerritoryError(
            f"{function}: area must be buildings (with building_id) or settlements (with "
            f"settlement_id); it has columns {list(frame.columns)}"
        )
    polygons = _as_polygons(district_frame.geometry, what=f"{function}: districts")
    tree = shapely.STRtree(polygons)
    rows: list[tuple[Any, Any]] = []
    for settlement_id, geometry in zip(frame["settlement_id"], frame.geometry, strict=True):
        near = tree.query(geometry, predicate="intersects")
        covered = shapely.union_all(polygons[near]) if len(near) else None
        rest = geometry if covered is None else shapely.difference(geometry, covered)
        rows.extend((settlement_id, part) for part in shapely.get_parts(rest))
    parts = gpd.GeoDataFrame(
        {"settlement_id": [row[0] for row in rows]},
        geometry=[row[1] for row in rows],
        crs=_LONLAT,
    )
    parts = parts[shapely.get_type_id(parts.geometry.to_numpy()) == 3]
    area, width = _area_width_m(parts.geometry)
    parts.insert(1, "area_m2", area)
    parts = parts[(area >= min_area_m2) & (width >= min_width_m)]
    return parts.sort_values(
        ["settlement_id", "area_m2"], ascending=[True, False], ignore_index=True
    )


# ---------------------------------------------------------------------------------------------
# Territories written as street lists


def canonical_street(name: object) -> str:
    """Return the key street names are compared by: lower case, ``ё`` as ``е``, one space.

    Both ``district_streets`` and ``buildings`` carry the package's canonical street strings,
    so this only absorbs case and spacing slips, not different spellings (the geocoder's job).
    """
    if not isinstance(name, str):
        return ""
    return " ".join(name.casefold().replace("ё", "е").split())


def resolve_street_territories(
    district_streets: pd.DataFrame,
    buildings: pd.DataFrame,
    *,
    districts: pd.DataFrame | None = None,
    district_settlements: Mapping[Any, Collection[Any]] | None = None,
) -> pd.DataFrame:
    """Which district's street list covers each building.

    Each ``district_streets`` row gives a district the houses of one street its
    ``house_ranges`` cover (:mod:`geo.houses`). Where several districts' lists match a house,
    the most specific item wins (one house > span > whole street): a list reading ``1-35
    odd`` and another reading ``17а`` give ``17а`` to the second. Districts of different models
    (therapist, pediatric...) legitimately share houses, so with ``districts`` given the rule
    applies within each model and a house keeps one district per model.

    Street names repeat from settlement to settlement (every village has its улица Абая), so a
    row only applies to buildings of its settlement: the row's ``settlement_id`` when
    ``district_streets`` has that (optional) column, else the settlements
    ``district_settlements`` gives its district (:func:`reconcile` derives them from the
    polygons); a district with neither is not restricted. Buildings without a
    ``settlement_id`` column are never restricted.

    A building whose house number cannot be read is still covered by ``all`` items of its
    street (nothing else can be matched) and is flagged in ``parse_error``.

    Parameters
    ----------
    district_streets
        ``district_id``, ``street``, ``house_ranges``.
    buildings
        ``building_id``, ``street``, ``housenumber``.
    districts
        Optional ``district_id`` and ``model``, to apply the specificity rule per model.
    district_settlements
        Optional: per ``district_id``, the ``settlement_id`` values its lists apply to.

    Returns
    -------
    pandas.DataFrame
        On the buildings' index: ``building_id``, ``street``, ``housenumber``,
        ``list_district`` (the one covering district, else None), ``list_districts``
        (sorted list of all), ``parse_error`` (why the house number could not be read, or
        None).

    Raises
    ------
    TerritoryError
        When columns are missing or ``house_ranges`` cells cannot be read; every bad row is
        listed.
    """
    function = "resolve_street_territories"
    _require(
        district_streets,
        ("district_id", "street", "house_ranges"),
        layer="district_streets",
        function=function,
    )
    _require(
        buildings, ("building_id", "street", "housenumber"), layer="buildings", function=function
    )
    model_of: dict[Any, Any] = {}
    if districts is not None:
        _require(districts, ("district_id", "model"), layer="districts", function=function)
        model_of = dict(zip(districts["district_id"], districts["model"], strict=True))

    row_settlements = (
        district_streets["settlement_id"].tolist()
        if "settlement_id" in district_streets.columns
        else [None] * len(district_streets)
    )
    lists: dict[str, list[tuple[Any, tuple[HouseRange, ...], Collection[Any] | None]]] = {}
    problems: list[str] = []
    for label, district_id, street, text, settlement in zip(
        district_streets.index,
        district_streets["district_id"],
        district_streets["street"],
        district_streets["house_ranges"],
        row_settlements,
        strict=True,
    ):
        try:
            ranges = parse_house_ranges(text)
        except HouseRangeError as error:
            problems.append(f"row {label!r} (district {district_id!r}, street {street!r}): {error}")
            continue
        where: Collection[Any] | None = None
        if isinstance(settlement, str) and settlement:
            where = {settlement}
        elif district_settlements is not None and district_settlements.get(district_id):
            where = set(district_settlements[district_id])
        lists.setdefault(canonical_street(street), []).append((district_id, ranges, where))
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise TerritoryError(
            f"{function}: {len(problems)} district_streets rows have unreadable house_ranges; "
            f"fix them (e.g. '1-35 odd; 2-40 even; 44'):\n  {shown}{more}"
        )

    parsed: dict[str, HouseNumber | str] = {}

    def parse(text: object) -> HouseNumber | str:
        key = text if isinstance(text, str) else repr(text)
        if key not in parsed:
            try:
                parsed[key] = parse_housenumber(text)  # type: ignore[arg-type]
            except HouseNumberError as error:
                parsed[key] = str(error)
        return parsed[key]

    building_settlements = (
        buildings["settlement_id"].tolist()
        if "settlement_id" in buildings.columns
        else [None] * len(buildings)
    )
    chosen: list[list[Any]] = []
    errors: list[str | None] = []
    for street, housenumber, settlement in zip(
        buildings["street"], buildings["housenumber"], building_settlements, strict=True
    ):
        house = parse(housenumber)
        errors.append(house if isinstance(house, str) else None)
        best: dict[Any, tuple[int, set[Any]]] = {}
        for district_id, ranges, where in lists.get(canonical_street(street), ()):
            if where is not None and settlement is not None and settlement not in where:
                continue
            if isinstance(house, str):
                level = 1 if any(r.kind == "street" and r.parity == "any" for r in ranges) else 0
            else:
                level = max((r.specificity for r in ranges if r.covers(house)), default=0)
            if level == 0:
                continue
            group = model_of.get(district_id)
            current = best.get(group)
            if current is None or level > current[0]:
                best[group] = (level, {district_id})
            elif level == current[0]:
                current[1].add(district_id)
        chosen.append(sorted(set().union(*(ids for _, ids in best.values()))))
    return pd.DataFrame(
        {
            "building_id": buildings["building_id"].to_numpy(),
            "street": buildings["street"].to_numpy(),
            "housenumber": buildings["housenumber"].to_numpy(),
            "list_district": _objects(
                [ids[0] if len(ids) == 1 else None for ids in chosen], buildings.index
            ),
            "list_districts": _objects(chosen, buildings.index),
            "parse_error": _objects(errors, buildings.index),
        },
        index=buildings.index,
    )


def reconcile(
    districts: gpd.GeoDataFrame,
    district_streets: pd.DataFrame,
    buildings: gpd.GeoDataFrame,
    *,
    listed_districts_only: bool = True,
) -> pd.DataFrame:
    """Compare each building's district by street list with its district by polygon.

    The polygon district is the one containing a point inside the building
    (``point_on_surface``); the list district comes from :func:`resolve_street_territories`
    (specificity rule per model). Registries often keep lists for some districts only, so by
    default only districts that have at least one ``district_streets`` row are compared: a
    building in a district drawn only as a polygon is not a disagreement. A district's lists
    apply only in the settlements its polygon holds buildings of (when buildings have
    ``settlement_id``), so a village's улица Абая is not matched against a city district's
    list for the city's улица Абая. With ``L`` the list's districts and ``P`` the polygons'
    (those compared):

    - ``agree``: ``L == P`` (including both empty: neither places the building anywhere);
    - ``list_only``: the list names districts whose polygons miss the building, and every
      polygon district is also listed (``L ⊋ P``);
    - ``polygon_only``: the reverse (``P ⊋ L``; e.g. the street is missing from the lists);
    - ``disagree``: each side names a district the other does not;
    - ``unparsable_housenumber``: the house number cannot be read, so the lists cannot be
      matched reliably (``all`` items still fill ``list_district``).

    Parameters
    ----------
    districts
        ``district_id``, ``model`` (optional), polygons with a CRS.
    district_streets
        ``district_id``, ``street``, ``house_ranges``.
    buildings
        ``building_id``, ``street``, ``housenumber``, geometry with a CRS.
    listed_districts_only
        Compare only districts that have a list (default); False compares every district.

    Returns
    -------
    pandas.DataFrame
        On the buildings' index: ``building_id``, ``street``, ``housenumber``,
        ``list_district`` and ``polygon_district`` (the district id, several joined by
        ``"; "``, or None; ``polygon_district`` names compared districts only),
        ``status``.
    """
    function = "reconcile"
    _require(districts, ("district_id", "clinic_id"), layer="districts", function=function)
    district_frame = _to_lonlat(districts, layer="districts", function=function)
    building_frame = _to_lonlat(buildings, layer="buildings", function=function)
    index = TerritoryIndex.from_layers(district_frame)
    located = index.locate(building_frame)
    # The settlements each district's polygon holds buildings of: where its lists apply.
    district_settlements: dict[Any, set[Any]] = {}
    if "settlement_id" in building_frame.columns:
        for ids, settlement in zip(
            located["districts"], building_frame["settlement_id"], strict=True
        ):
            for district_id in ids:
                district_settlements.setdefault(district_id, set()).add(settlement)
    listed = resolve_street_territories(
        district_streets,
        building_frame,
        districts=district_frame if "model" in district_frame.columns else None,
        district_settlements=district_settlements,
    )
    compared = set(district_streets["district_id"])
    in_polygons = [
        [d for d in ids if d in compared] if listed_districts_only else ids
        for ids in located["districts"]
    ]

    statuses: list[ReconcileStatus] = []
    for in_list, in_polygon, error in zip(
        listed["list_districts"], in_polygons, listed["parse_error"], strict=True
    ):
        only_list = set(in_list) - set(in_polygon)
        only_polygon = set(in_polygon) - set(in_list)
        if isinstance(error, str):
            statuses.append("unparsable_housenumber")
        elif only_list and only_polygon:
            statuses.append("disagree")
        elif only_list:
            statuses.append("list_only")
        elif only_polygon:
            statuses.append("polygon_only")
        else:
            statuses.append("agree")

    def joined(values: Iterable[list[Any]]) -> NDArray[np.object_]:
        return np.array(
            [("; ".join(map(str, ids)) if ids else None) for ids in values], dtype=object
        )

    return pd.DataFrame(
        {
            "building_id": listed["building_id"].to_numpy(),
            "street": listed["street"].to_numpy(),
            "housenumber": listed["housenumber"].to_numpy(),
            "list_district": _objects(joined(listed["list_districts"]), buildings.index),
            "polygon_district": _objects(joined(in_polygons), buildings.index),
            "status": statuses,
        },
        index=buildings.index,
    )
