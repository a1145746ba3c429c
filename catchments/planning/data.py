"""A region prepared for planning: buildings, districts, clinics and travel times, in metres.

:func:`prepare` reads what every planning function needs from a :class:`geo.package.Region`
once (the street network is the slow part: keep the result and pass it around):

- buildings with a representative point in the network's metric CRS, residents by age band,
  the node they snap to and the adult and pediatric district whose polygon holds them;
- districts with their model, family, norm, doctors and register count (``attached``);
- clinics with the models they have and whether they supply both free packages (R-ORG-2);
- travel seconds from every building to every clinic (``travel_s``), by one Dijkstra per clinic
  on the reversed street graph (times *to* the clinic, one-way streets respected), plus the walk
  from the door to the street and from the street into the clinic, as
  :meth:`geo.network.StreetNetwork.travel_times_from` counts them.

Attached and resident populations
---------------------------------
``districts.attached`` is the register's count on the data date; ``buildings`` hold residents.
They differ (people attach elsewhere, or not at all), so planning converts with one ratio per
model, ``attach_ratio = Σ attached / Σ residents served`` over the districts of that model:
a district's *expected attached* is ``attach_ratio × residents served``, and its capacity in
residents is ``floor(norm × doctors) / attach_ratio``. This keeps the register's totals, lets a
building count the same wherever it goes, and makes the load of a redrawn district comparable
with the register's load of the current one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from pyproj import CRS
from scipy.sparse.csgraph import dijkstra

from catchments.capacity import remaining
from catchments.models import DistrictModel, Norms, RuleSettings
from geo.network import Mode, StreetNetwork
from geo.package import Region
from geo.territory import GAP, PolygonIndex

from .common import AGE_BANDS, FAMILIES, FAMILY_OF_MODEL, PlanningError, served_bands

__all__ = ["PlanningRegion", "prepare", "travel_seconds"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class PlanningRegion:
    """What planning needs of a region, computed once.

    Attributes
    ----------
    buildings
        Indexed by ``building_id``: ``x``, ``y`` (metric CRS), ``settlement_id``, ``street``,
        ``housenumber``, the five ``AGE_BANDS``, ``residents``, ``adult`` and ``pediatric``
        (district ids whose polygon holds the building, or None).
    districts
        Indexed by ``district_id``: ``clinic_id``, ``model``, ``family``, ``doctors``,
        ``attached``, ``norm``, ``attach_ratio``, and ``geometry`` (metric), a GeoDataFrame.
    clinics
        Indexed by ``clinic_id``: ``name_ru``, ``name_kk``, ``x``, ``y``, ``settlement_id``,
        ``shi_supplier``, ``models`` (tuple of the models it has districts of).
    travel_s
        ``(n_buildings, n_clinics)`` seconds, clinics in ``clinics`` order.
    crs
        The metric CRS of ``x``/``y`` and geometries.
    mode
        ``walk`` or ``drive``: how ``travel_s`` was measured.
    norms
        R-CAP-1 norms of the region.
    network
        The street network (to time new clinics in what-if scenarios); None when built in code.
    """

    buildings: pd.DataFrame
    districts: gpd.GeoDataFrame
    clinics: pd.DataFrame
    travel_s: FloatArray
    crs: CRS
    mode: Mode
    norms: Norms
    network: StreetNetwork | None = None

    def served(self, district_ids: Any = None) -> pd.DataFrame:
        """Residents of every building that each district's model would serve there.

        Parameters
        ----------
        district_ids
            Districts (default: all), in the columns' order.

        Returns
        -------
        pandas.DataFrame
            Buildings x districts, integers.
        """
        ids = self.districts.index if district_ids is None else pd.Index(district_ids)
        bands = self.bands_of(ids)
        values = self.buildings[list(AGE_BANDS)].to_numpy(np.int64) @ bands.T.astype(np.int64)
        return pd.DataFrame(values, index=self.buildings.index, columns=ids)

    def bands_of(self, district_ids: Any) -> NDArray[np.bool_]:
        """``(len(district_ids), 5)`` age bands each district serves (see ``served_bands``)."""
        rows = self.districts.loc[list(district_ids)]
        return np.array(
            [
                served_bands(model, self.clinics.loc[clinic, "models"])
                for model, clinic in zip(rows["model"], rows["clinic_id"], strict=True)
            ],
            dtype=bool,
        ).reshape(len(rows), 5)

    def with_clinics(self, clinics: pd.DataFrame, travel_s: FloatArray) -> PlanningRegion:
        """A copy with another clinic table and its travel matrix (what-if scenarios)."""
        return replace(self, clinics=clinics, travel_s=travel_s)


def travel_seconds(
    network: StreetNetwork, mode: Mode, origins_xy: FloatArray, targets_xy: FloatArray
) -> FloatArray:
    """Seconds from every origin to every target (``(n, 2)`` metric x/y in the network's CRS).

    One Dijkstra per target on the reversed graph (scipy), plus both snap walks.

    Returns
    -------
    numpy.ndarray
        ``(n_origins, n_targets)``; ``inf`` where unreachable.
    """
    origin_xy = np.asarray(origins_xy, dtype=np.float64).reshape(-1, 2)
    target_xy = np.asarray(targets_xy, dtype=np.float64).reshape(-1, 2)
    usable = network.mode_nodes[mode]
    if len(usable) == 0:
        raise PlanningError(f"travel_seconds: the street network has no {mode} edges")
    if len(target_xy) == 0:
        return np.zeros((len(origin_xy), 0))
    o_dist, o_near = network.trees[mode].query(origin_xy)
    t_dist, t_near = network.trees[mode].query(target_xy)
    o_node = usable[np.asarray(o_near, dtype=np.int64)]
    t_node = usable[np.asarray(t_near, dtype=np.int64)]
    to_target = dijkstra(network.reverse[mode], indices=t_node)
    to_target = np.atleast_2d(to_target)
    walk = network.walk_mps
    seconds = to_target[:, o_node].T + (np.asarray(o_dist) / walk)[:, None]
    return np.asarray(seconds + (np.asarray(t_dist) / walk)[None, :], dtype=np.float64)


def _family_assignment(
    x: FloatArray, y: FloatArray, geometry: gpd.GeoSeries, ids: NDArray[np.object_]
) -> NDArray[np.object_]:
    """District id holding each point (first by id where a family's polygons overlap)."""
    result = np.full(len(x), None, dtype=object)
    if len(ids) == 0:
        return result
    index = PolygonIndex.build(geometry)
    labels = index.assign_xy(x, y)
    sole = labels >= 0
    result[sole] = ids[labels[sole]]
    overlap = np.flatnonzero(labels < GAP)
    if len(overlap):
        point, polygon = index.covering_xy(x[overlap], y[overlap])
        first = np.unique(point, return_index=True)[1]
        result[overlap[point[first]]] = ids[polygon[first]]
    return result


def prepare(
    region: Region,
    *,
    mode: Mode = "walk",
    network: StreetNetwork | None = None,
    norms: Norms | None = None,
) -> PlanningRegion:
    """Prepare a region for planning.

    Parameters
    ----------
    region
        A region package (:func:`geo.package.read_region`).
    mode
        ``walk`` (the default: people walk to their district clinic) or ``drive``.
    network
        The region's street network, if already built.
    norms
        R-CAP-1 norms; default: the region's ``region.toml`` over RULES.md's.

    Returns
    -------
    PlanningRegion

    Raises
    ------
    PlanningError
        When the region has no buildings, no districts or no clinics, or a mode is unknown.
    """
    function = "prepare"
    if mode not in ("walk", "drive"):
        raise PlanningError(f"{function}: mode must be 'walk' or 'drive', got {mode!r}")
    for name in ("buildings", "districts", "clinics"):
        if len(getattr(region, name)) == 0:
            raise PlanningError(
                f"{function}: the region has no {name}; planning needs buildings with "
                "residents, districts and clinics"
            )
    if norms is None:
        norms = RuleSettings.from_mapping(region.config.rule_tables()).norms
    if network is None:
        network = StreetNetwork.from_layers(
            region.street_nodes, region.street_edges, walk_speed_kph=region.config.walk_speed_kph
        )
    crs = network.crs

    buildings = region.buildings.to_crs(crs)
    geometry = np.asarray(buildings.geometry.to_numpy(), dtype=object)
    not_point = shapely.get_type_id(geometry) != 0
    geometry[not_point] = shapely.point_on_surface(geometry[not_point])
    bx, by = shapely.get_x(geometry), shapely.get_y(geometry)
    frame = pd.DataFrame(
        {
            "x": bx,
            "y": by,
            "settlement_id": buildings["settlement_id"].to_numpy(dtype=object),
            "street": buildings["street"].to_numpy(dtype=object),
            "housenumber": buildings["housenumber"].to_numpy(dtype=object),
        },
        index=pd.Index(buildings["building_id"].to_numpy(dtype=object), name="building_id"),
    )
    for band in AGE_BANDS:
        frame[band] = buildings[band].to_numpy(dtype=np.int64)
    frame["residents"] = frame[list(AGE_BANDS)].sum(axis=1)

    districts = region.districts.to_crs(crs)
    district_frame = gpd.GeoDataFrame(
        {
            "clinic_id": districts["clinic_id"].to_numpy(dtype=object),
            "model": districts["model"].astype(str).to_numpy(dtype=object),
            "doctors": districts["doctors"].to_numpy(dtype=np.float64),
            "attached": districts["attached"].to_numpy(dtype=np.int64),
        },
        geometry=districts.geometry.to_numpy(),
        index=pd.Index(districts["district_id"].to_numpy(dtype=object), name="district_id"),
        crs=crs,
    )
    district_frame["family"] = district_frame["model"].map(FAMILY_OF_MODEL)
    district_frame["norm"] = [
        norms.for_model(DistrictModel(model)) for model in district_frame["model"]
    ]
    for family in FAMILIES:
        mine = district_frame[district_frame["family"] == family]
        frame[family] = _family_assignment(bx, by, mine.geometry, mine.index.to_numpy(dtype=object))

    clinics = region.clinics.to_crs(crs)
    cx = shapely.get_x(np.asarray(clinics.geometry.to_numpy(), dtype=object))
    cy = shapely.get_y(np.asarray(clinics.geometry.to_numpy(), dtype=object))
    models = district_frame.groupby("clinic_id")["model"].agg(lambda s: tuple(sorted(set(s))))
    clinic_frame = pd.DataFrame(
        {
            "name_ru": clinics["name_ru"].to_numpy(dtype=object),
            "name_kk": clinics["name_kk"].to_numpy(dtype=object),
            "x": cx,
            "y": cy,
            "settlement_id": clinics["settlement_id"].to_numpy(dtype=object),
            "shi_supplier": clinics["shi_supplier"].astype(bool).to_numpy(),
        },
        index=pd.Index(clinics["clinic_id"].to_numpy(dtype=object), name="clinic_id"),
    )
    clinic_frame["models"] = [models.get(c, ()) for c in clinic_frame.index]
    travel = travel_seconds(network, mode, np.column_stack([bx, by]), np.column_stack([cx, cy]))
    planning = PlanningRegion(
        buildings=frame,
        districts=district_frame,
        clinics=clinic_frame,
        travel_s=travel,
        crs=crs,
        mode=mode,
        norms=norms,
        network=network,
    )
    return _with_attach_ratio(planning)


def _with_attach_ratio(planning: PlanningRegion) -> PlanningRegion:
    """Add ``residents`` served by each district now and the per-model ``attach_ratio``."""
    districts = planning.districts.copy()
    served = planning.served()
    residents = np.zeros(len(districts), dtype=np.int64)
    for family in FAMILIES:
        owner = planning.buildings[family]
        for position, district_id in enumerate(districts.index):
            if districts.loc[district_id, "family"] != family:
                continue
            inside = (owner == district_id).to_numpy()
            residents[position] = int(served[district_id].to_numpy()[inside].sum())
    districts["residents"] = residents
    ratio = {}
    for model, group in districts.groupby("model"):
        has = group["residents"] > 0
        people = int(group.loc[has, "residents"].sum())
        attached = float(group.loc[has, "attached"].sum())
        # Without attachment counts (an OSM import's placeholders) everyone served is expected
        # to attach: a ratio of 0 would make every district's capacity infinite.
        ratio[model] = attached / people if people and attached > 0 else 1.0
    districts["attach_ratio"] = districts["model"].map(ratio).astype(float)
    districts["remaining"] = [
        remaining(int(norm), float(doctors), int(attached))
        for norm, doctors, attached in zip(
            districts["norm"], districts["doctors"], districts["attached"], strict=True
        )
    ]
    return replace(planning, districts=districts)
