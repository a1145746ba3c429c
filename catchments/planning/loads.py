"""Load against the norms, people outside every territory, people without home-visit cover.

Per district and clinic (R-CAP-1, R-CAP-2):

- residents by age band living in the territory (from buildings; from population polygons by
  area-weighted interpolation where a region has only those, :func:`areal_interpolate`);
- residents the district serves (the bands of its model, :func:`~catchments.planning.common.
  served_bands`), and the *expected attached* (``attach_ratio × served``);
- the register's attached count, people per doctor against the norm, remaining places.

:func:`uncovered_people` lists the buildings no district of a family covers and
:func:`home_visit_gaps` the register's people living outside the territory of the clinic they
are attached to (R-TERR-2: no home visits there). :func:`served_masks` says which of a
building's two districts serves each age band, so people are counted once however a what-if
scenario splits a building's families between clinics (:func:`served_residents`,
:func:`residents_without_district`).

The attached-count columns (people per doctor, % of norm, remaining) come from
:func:`catchments.load.district_load` (the app's figures, not restated here); this module adds
the resident side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Geod

from catchments.load import clinic_load, district_load
from catchments.models import Norms
from geo.territory import TerritoryIndex

from .common import AGE_BANDS, FAMILIES, PlanningError
from .data import PlanningRegion

_GEOD: Final = Geod(ellps="WGS84")
_E: Final = math.sqrt(_GEOD.es)
_ELLIPSOID_M2: Final = 2 * math.pi * _GEOD.a**2 * (1 + (1 - _E**2) / _E * math.atanh(_E))
"""The WGS84 ellipsoid's surface area (about 5.1e14 m²)."""

__all__ = [
    "areal_interpolate",
    "clinic_load_table",
    "district_load_table",
    "home_visit_gaps",
    "residents_without_district",
    "served_masks",
    "served_residents",
    "uncovered_people",
]


def district_load_table(
    planning: PlanningRegion,
    assignment: pd.DataFrame | None = None,
    *,
    population: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """Load of every district: residents, served, expected and registered attached, norm.

    Parameters
    ----------
    planning
        The prepared region.
    assignment
        Per building (on ``planning.buildings``' index) its ``adult`` and ``pediatric``
        district; default: the districts whose polygons hold it now.
    population
        Where people are known only by area: polygons with the five age bands
        (:func:`geo.package.read_population_areas`). Each district's residents are then shared
        out of them by area (:func:`areal_interpolate`) instead of counted from buildings.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``district_id``: ``clinic_id``, ``model``, ``doctors``, ``norm``, the five
        age bands (residents of the territory), ``residents`` (their sum), ``served`` (the
        bands the model serves), ``expected_attached``, ``attached`` (register), then
        :func:`catchments.load.district_load`'s ``people_per_doctor``, ``pct_of_norm`` and
        ``remaining`` (R-CAP-2: ``floor(norm × doctors) − attached``), ``over_norm``, and
        ``without_doctor``: the attached of a district with people and no doctor, whose
        ``people_per_doctor`` and ``pct_of_norm`` are ``inf``. Such a district is the worst
        loaded of all (a NaN there was skipped by ``max()`` and sorted last); say it in words
        with this count rather than print ``inf``.
    """
    districts = planning.districts
    if population is None:
        bands = _building_bands(planning, assignment)
        served = served_residents(planning, assignment).to_numpy(np.float64)
    elif assignment is not None:
        raise PlanningError("district_load_table: give an assignment or population, not both")
    else:
        bands = _interpolated_bands(planning, population)
        served = (bands.to_numpy(np.float64) * planning.bands_of(districts.index)).sum(axis=1)
    people_frame = pd.DataFrame(
        {
            **{band: bands[band].round().astype(np.int64) for band in AGE_BANDS},
            "residents": bands.sum(axis=1).round().astype(np.int64),
            "served": np.round(served).astype(np.int64),
            "expected_attached": np.round(
                served * districts["attach_ratio"].to_numpy(np.float64)
            ).astype(np.int64),
        },
        index=districts.index,
    )
    table = districts[["clinic_id", "model", "doctors", "norm"]].join(people_frame)
    table["attached"] = districts["attached"]
    load = district_load(table[["model", "doctors", "attached"]], planning.norms)
    table = table.join(load.drop(columns=["norm"]))
    table["over_norm"] = table["remaining"] < 0
    no_doctor = (table["doctors"] <= 0) & (table["attached"] > 0)
    table.loc[no_doctor, ["people_per_doctor", "pct_of_norm"]] = math.inf
    table["without_doctor"] = table["attached"].where(no_doctor, 0).astype(np.int64)
    return pd.DataFrame(table)


def served_masks(
    planning: PlanningRegion, assignment: pd.DataFrame | None = None
) -> dict[str, NDArray[np.bool_]]:
    """Per family, the age bands its district serves in each building: who answers for whom.

    :func:`~catchments.planning.common.served_bands` tells a district's bands from its clinic
    alone, which holds while a building's two districts are of one clinic. A what-if can give
    a building a pediatric district of another clinic (a children's clinic opened nearby), and
    a GP district would then count the same children again; here a child whose building has a
    pediatric district is that district's, and the adult district keeps the other bands.

    Parameters
    ----------
    planning
        The prepared region.
    assignment
        Per building its ``adult`` and ``pediatric`` district (default: the buildings' own).

    Returns
    -------
    dict
        ``{family: (n_buildings, 5) bool}`` over ``AGE_BANDS``; all False without a district.
    """
    assignment = assignment if assignment is not None else planning.buildings[list(FAMILIES)]
    ids = planning.districts.index
    table = planning.bands_of(ids)
    position = pd.Series(np.arange(len(ids)), index=ids)
    masks: dict[str, NDArray[np.bool_]] = {}
    for family in FAMILIES:
        where = assignment[family].map(position).to_numpy(np.float64)
        known = ~np.isnan(where)
        mask = np.zeros((len(assignment), len(AGE_BANDS)), dtype=bool)
        mask[known] = table[where[known].astype(np.int64)]
        masks[family] = mask
    masks["adult"] &= ~masks["pediatric"]
    return masks


def served_residents(planning: PlanningRegion, assignment: pd.DataFrame | None = None) -> pd.Series:
    """Residents each district serves, summed over its buildings (:func:`served_masks`).

    Returns
    -------
    pandas.Series
        On ``planning.districts``' index, floats; the sums of all districts are the residents
        some district serves, each counted once.
    """
    assignment = assignment if assignment is not None else planning.buildings[list(FAMILIES)]
    people = planning.buildings[list(AGE_BANDS)].to_numpy(np.float64)
    served = pd.Series(0.0, index=planning.districts.index)
    for family, mask in served_masks(planning, assignment).items():
        per_building = pd.Series((people * mask).sum(axis=1), index=assignment.index)
        sums = per_building.groupby(assignment[family].to_numpy()).sum()
        served = served.add(sums.reindex(served.index, fill_value=0.0))
    return served


def residents_without_district(
    planning: PlanningRegion, assignment: pd.DataFrame | None = None
) -> pd.Series:
    """Per building, its residents no district serves (of an age no district there covers).

    A building outside every adult district counts whole; one whose adults keep their district
    while its children's district is gone counts its children, and so on by age band, so the
    figure is the people left without a territory, not the buildings.
    """
    assignment = assignment if assignment is not None else planning.buildings[list(FAMILIES)]
    masks = served_masks(planning, assignment)
    covered = masks["adult"] | masks["pediatric"]
    people = planning.buildings[list(AGE_BANDS)].to_numpy(np.int64)
    return pd.Series((people * ~covered).sum(axis=1), index=planning.buildings.index)


def _building_bands(planning: PlanningRegion, assignment: pd.DataFrame | None) -> pd.DataFrame:
    """Residents by age band of every district, summed over the buildings assigned to it."""
    buildings = planning.buildings
    assignment = assignment if assignment is not None else buildings[list(FAMILIES)]
    rows = {}
    for district_id, family in planning.districts["family"].items():
        inside = (assignment[family] == district_id).to_numpy()
        rows[district_id] = buildings.loc[inside, list(AGE_BANDS)].sum()
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(AGE_BANDS)).reindex(
        planning.districts.index
    )


def _interpolated_bands(planning: PlanningRegion, population: gpd.GeoDataFrame) -> pd.DataFrame:
    """Residents by age band of every district, shared out of ``population``'s polygons by area.

    Raises
    ------
    PlanningError
        When no polygon overlaps any district: another region's data, or swapped coordinates.
    """
    districts = gpd.GeoDataFrame(
        planning.districts.reset_index()[["district_id", "geometry"]], crs=planning.districts.crs
    )
    # Which polygons touch a district at all, asked before sharing: a polygon counting nobody
    # and one lying elsewhere both share out zeros, and are fixed in different ways.
    touching = districts.sindex.query(population.geometry.to_crs(districts.crs), "intersects")[0]
    if len(population) and not len(touching):
        raise PlanningError(
            f"none of the {len(population)} population polygons overlaps a district of the "
            "region: are they another region's, or are longitude and latitude swapped?",
            code="population_outside",
            params={"polygons": len(population)},
        )
    overlapping = np.unique(touching)
    if len(population) and not population.iloc[overlapping][list(AGE_BANDS)].to_numpy().any():
        raise PlanningError(
            f"the {len(overlapping)} population polygons over the region's districts count "
            f"nobody: every age band ({', '.join(AGE_BANDS)}) is 0 there; fill in the counts",
            code="population_zero",
            params={"polygons": len(overlapping), "bands": ", ".join(AGE_BANDS)},
        )
    return areal_interpolate(population, districts)


_MARGIN_DEG: Final = 1.0
"""How far past the targets' extent, in degrees, source polygons are kept whole in metres."""
_SEGMENT_DEG: Final = 0.25
"""The longest edge, in degrees, a clipped polygon's outline is measured with on the ellipsoid."""


def _measured(
    source: gpd.GeoSeries, target: gpd.GeoSeries, crs: CRS
) -> tuple[gpd.GeoSeries, NDArray[np.float64]]:
    """Source polygons in ``crs`` for the overlay, and each one's whole area in square metres.

    A projected CRS measures polygons near its region well and far ones badly: a polygon of a
    country, or the world, comes out of UTM with an area wrong by orders of magnitude (or not
    at all), and its share of people with it. Such polygons (those reaching more than a degree
    past the targets) are clipped to that window for the overlay, and their whole area is
    measured on the ellipsoid instead (:meth:`pyproj.Geod.geometry_area_perimeter`, their
    outlines cut into short edges, which follow parallels and meridians as drawn).
    """
    degrees = source.to_crs(4326)
    west, south, east, north = target.to_crs(4326).total_bounds
    window = shapely.box(
        west - _MARGIN_DEG, south - _MARGIN_DEG, east + _MARGIN_DEG, north + _MARGIN_DEG
    )
    far = ~shapely.within(degrees.to_numpy(), window)
    clipped = degrees.copy()
    clipped[far] = shapely.intersection(degrees[far].to_numpy(), window)
    projected = clipped.to_crs(crs)
    area = np.array(projected.area, dtype=np.float64)  # a copy: written below
    for position in np.flatnonzero(far):
        area[position] = max(_ellipsoid_area(degrees.iloc[position]), area[position])
    return gpd.GeoSeries(projected.to_numpy(), index=source.index, crs=crs), area


def _ellipsoid_area(polygon: shapely.Geometry) -> float:
    """A polygon's area on the WGS84 ellipsoid in square metres, however large.

    Outlines counter-clockwise, so a negative signed area means the polygon holds more than
    half the ellipsoid (geodesic areas wrap around); one spanning every meridian from pole to
    pole has no outline left to measure and is the whole ellipsoid.
    """
    west, south, east, north = shapely.bounds(polygon)
    if east - west >= 360 and south <= -90 and north >= 90:
        return _ELLIPSOID_M2
    outline = shapely.segmentize(shapely.orient_polygons(polygon), _SEGMENT_DEG)
    signed = float(_GEOD.geometry_area_perimeter(outline)[0])
    return signed if signed >= 0 else signed + _ELLIPSOID_M2


def clinic_load_table(table: pd.DataFrame, norms: Norms) -> pd.DataFrame:
    """Per clinic and model: :func:`catchments.load.clinic_load` plus the resident sums.

    ``remaining`` is the clinic's R-CAP-2 figure, ``floor(norm × Σ doctors) − Σ attached``
    (a clinic can re-cut its districts, so room in one covers another's excess).

    Parameters
    ----------
    table
        :func:`district_load_table`'s result.
    norms
        The region's norms.
    """
    residents = table.groupby(["clinic_id", "model"], sort=True)[
        ["residents", "served", "expected_attached"]
    ].sum()
    return clinic_load(table, norms).join(residents).reset_index()


def _models(planning: PlanningRegion, clinic_id: str) -> tuple[str, ...]:
    models: tuple[str, ...] = planning.clinics["models"].to_dict()[clinic_id]
    return models


def uncovered_people(planning: PlanningRegion) -> pd.DataFrame:
    """Buildings outside every territory of a family, with their residents.

    Returns
    -------
    pandas.DataFrame
        One row per (building, family) not covered: ``building_id``, ``family``,
        ``settlement_id``, ``street``, ``housenumber``, the age bands and ``residents``.
    """
    buildings = planning.buildings
    frames = []
    for family in FAMILIES:
        missing = buildings[buildings[family].isna()]
        if family == "pediatric":
            # Only where the covering adult clinic has pediatric districts (or none covers):
            # a GP-only clinic serves its children itself.
            adult = missing["adult"]
            clinic = adult.map(planning.districts["clinic_id"])
            has_pediatric = [
                not isinstance(c, str) or any("pediatric" in str(m) for m in _models(planning, c))
                for c in clinic
            ]
            missing = missing[np.asarray(has_pediatric, dtype=bool)]
        frames.append(
            missing[["settlement_id", "street", "housenumber", *AGE_BANDS, "residents"]]
            .assign(family=family)
            .reset_index()
        )
    return pd.concat(frames, ignore_index=True)


def home_visit_gaps(
    attachments: pd.DataFrame,
    territories: TerritoryIndex,
    *,
    clinic_column: str = "clinic_id",
    lon_column: str = "lon",
    lat_column: str = "lat",
) -> pd.DataFrame:
    """People attached to a clinic whose residence lies outside its territory (R-TERR-2).

    Parameters
    ----------
    attachments
        One row per attached person (or group, with a ``people`` column): the clinic and the
        residence's longitude and latitude (EPSG:4326), e.g. from the register's applications.
    territories
        The region's :class:`geo.territory.TerritoryIndex`.
    clinic_column, lon_column, lat_column
        Column names.

    Returns
    -------
    pandas.DataFrame
        The input's rows with ``territory_clinics`` (clinics whose territory holds the
        residence) and ``home_visits`` (False when the attached clinic is not among them);
        summarise with ``groupby(clinic_column)``.

    Raises
    ------
    PlanningError
        On a missing column or a residence without coordinates.
    """
    missing = [c for c in (clinic_column, lon_column, lat_column) if c not in attachments]
    if missing:
        raise PlanningError(
            f"home_visit_gaps: attachments lack columns {missing}; they have "
            f"{list(attachments.columns)}"
        )
    lon = pd.to_numeric(attachments[lon_column], errors="coerce")
    lat = pd.to_numeric(attachments[lat_column], errors="coerce")
    bad = lon.isna() | lat.isna()
    if bad.any():
        count = int(bad.sum())
        rows = "1 row has" if count == 1 else f"{count} rows have"
        raise PlanningError(
            f"home_visit_gaps: {rows} no residence coordinates, e.g. index "
            f"{attachments.index[bad][:5].tolist()}; geocode them first"
        )
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), index=attachments.index, crs="EPSG:4326")
    located = territories.locate(points)
    result = attachments.copy()
    result["territory_clinics"] = located["clinics"]
    result["home_visits"] = [
        clinic in clinics
        for clinic, clinics in zip(result[clinic_column], located["clinics"], strict=True)
    ]
    return result


def areal_interpolate(
    source: gpd.GeoDataFrame,
    target: gpd.GeoDataFrame,
    columns: Sequence[str] = AGE_BANDS,
    *,
    target_id: str = "district_id",
) -> pd.DataFrame:
    """Area-weighted interpolation of population counts from polygons to other polygons.

    Where a region has population only by polygons (census tracts, a grid), each target gets
    the share of every source polygon's people equal to the share of its area it covers:
    people are taken as spread evenly within a source polygon (the standard assumption of
    areal interpolation; ``tobler.area_weighted.area_interpolate`` computes the same "extensive"
    sums; that package is not a dependency as it brings rasterio, rasterstats and statsmodels
    for this one overlay). Geometry is intersected with :func:`geopandas.overlay` in metres.

    Parameters
    ----------
    source
        Polygons with the count ``columns``.
    target
        Polygons with ``target_id``.
    columns
        Count columns to carry over.
    target_id
        The target's key column.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``target_id``: the interpolated (float) counts; targets that touch no source
        get zeros.

    Raises
    ------
    PlanningError
        On a missing column or CRS.
    """
    missing = [c for c in columns if c not in source] + (
        [target_id] if target_id not in target else []
    )
    if missing:
        raise PlanningError(f"areal_interpolate: missing columns {missing}")
    if source.crs is None or target.crs is None:
        raise PlanningError("areal_interpolate: both layers need a CRS (set_crs)")
    # Areas in metres: the target's CRS or the source's where projected (the planning region's
    # districts are), else the UTM zone of the targets.
    projected = [crs for crs in (target.crs, source.crs) if not crs.is_geographic]
    crs = projected[0] if projected else target.estimate_utm_crs()
    geometry, area = _measured(source.geometry, target.geometry, crs)
    src = source[list(columns)].set_geometry(geometry)
    src["_area"] = area
    src["_source"] = np.arange(len(src))
    tgt = gpd.GeoDataFrame({target_id: target[target_id].to_numpy()}, geometry=target.geometry)
    tgt = tgt.to_crs(crs)
    pieces = gpd.overlay(src, tgt, how="intersection", keep_geom_type=True)
    share = np.where(pieces["_area"] > 0, pieces.geometry.area / pieces["_area"], 0.0)
    values = pieces[list(columns)].to_numpy(np.float64) * share[:, None]
    result = (
        pd.DataFrame(values, columns=list(columns))
        .assign(**{target_id: pieces[target_id].to_numpy()})
        .groupby(target_id)
        .sum()
    )
    return result.reindex(pd.Index(target[target_id], name=target_id), fill_value=0.0)
