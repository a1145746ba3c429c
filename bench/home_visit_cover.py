"""Benchmark: the register's people without home visits, against a geopandas spatial join.

A planner's page counts, per clinic, the attached people whose home lies outside the clinic's
territory (R-TERR-2: no home visits there). On the demo region, a register of ``--people``
attachments (deterministic seed) is drawn from the buildings by their residents: four in five
attached to a clinic whose territory holds their building, the rest to another clinic. Each
person's residence is their building's point, a few metres off as a phone gives it.

Measured in the same run, on the same residences:

* ours: :func:`catchments.service.home_visit_cover` -- each distinct residence pinned to its
  building (nearest within 30 m, for the districts' street lists), every point located in the
  territories at once; best of ``--repeat`` runs;
* peer: geopandas -- ``sjoin`` of the distinct points with the district polygons,
  ``sjoin_nearest(max_distance=30)`` in the region's UTM zone for the building (its street
  lists taken from the same table ours uses), then pandas counts per clinic; best of
  ``--repeat``;
* for the record, the per-residence path this replaced: :meth:`RegionServices.resolve` once
  per distinct residence, as a single decision does (one run, on ``--per-residence`` of them,
  scaled).

The tables are checked equal. The same register with addresses instead of points is timed
for ours alone: geocoding each distinct address then dominates.

Run: ``.venv/bin/python bench/home_visit_cover.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from common import best_of, machine  # bench/common.py; scripts run as python bench/<name>.py

from catchments.models import Location
from catchments.service import RegionServices, home_visit_cover

SEED = 2026
Residences = list[tuple[str, Mapping[str, Any]]]


def make_register(services: RegionServices, people: int, rng: np.random.Generator) -> pd.DataFrame:
    """``people`` attachments: building, clinic, and the residence's point (lon, lat)."""
    buildings = services.region.buildings
    residents = buildings.filter(like="pop_").sum(axis=1).to_numpy(dtype=float)
    rows = rng.choice(len(buildings), people, p=residents / residents.sum())
    located = services.territories.locate(buildings.geometry)
    own = located["clinic_id"].to_numpy()[rows]
    clinics = services.region.clinics["clinic_id"].to_numpy()
    other = clinics[rng.integers(len(clinics), size=people)]
    clinic = np.where((rng.random(people) < 0.8) & pd.notna(own), own, other)
    points = shapely.point_on_surface(buildings.geometry.to_numpy()[rows])
    jitter = rng.normal(0.0, 0.00003, (people, 2)).round(5)  # ~3 m, to a phone's 5 decimals
    lon = (shapely.get_x(points) + jitter[:, 0]).round(6)
    lat = (shapely.get_y(points) + jitter[:, 1]).round(6)
    return pd.DataFrame(
        {"building": rows, "clinic_id": clinic.astype(str), "lon": lon, "lat": lat},
    )


def geopandas_cover(services: RegionServices, register: pd.DataFrame) -> pd.DataFrame:
    """The peer: the same counts from geopandas joins and pandas."""
    region = services.region
    homes = register[["lon", "lat"]].drop_duplicates().reset_index(drop=True)
    points = gpd.GeoDataFrame(
        homes, geometry=gpd.points_from_xy(homes["lon"], homes["lat"]), crs="EPSG:4326"
    )
    polygons = region.districts[["district_id", "geometry"]]
    inside = gpd.sjoin(points, polygons, predicate="intersects")
    utm = region.buildings.estimate_utm_crs()
    nearest = gpd.sjoin_nearest(
        points.to_crs(utm),
        region.buildings[["building_id", "geometry"]].to_crs(utm),
        max_distance=30.0,
        distance_col="metres",
    )
    nearest = nearest.sort_values(["metres", "index_right"], kind="stable")
    nearest = nearest[~nearest.index.duplicated()]
    listed = nearest["building_id"].map(services.list_districts).dropna().explode()
    covering = pd.concat([inside["district_id"], listed.rename("district_id")]).rename_axis("home")
    clinic_of = region.districts.set_index("district_id")["clinic_id"]
    covered = set(zip(covering.index, covering.map(clinic_of), strict=True))
    register = register.merge(homes.reset_index(names="home"), on=["lon", "lat"])
    pairs = zip(register["home"], register["clinic_id"], strict=True)
    at_home = [pair in covered for pair in pairs]
    counts = register.assign(attached=1, outside=~np.array(at_home), unplaced=0)
    return counts.groupby("clinic_id")[["attached", "outside", "unplaced"]].sum().astype(np.int64)


def per_residence(services: RegionServices, residences: Residences) -> float:
    """Seconds to resolve each distinct residence on its own, as a decision does."""
    distinct = list({tuple(sorted(r.items())): r for _, r in residences}.values())
    start = time.perf_counter()
    for residence in distinct:
        services.resolve(Location(lon=residence["lon"], lat=residence["lat"]), field_path="r")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--region", default="data/demo")
    parser.add_argument("--people", type=int, default=200_000, help="attachments")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (best kept)")
    parser.add_argument("--per-residence", type=int, default=3_000, help="resolved one by one")
    args = parser.parse_args()
    print(f"machine: {machine()}; geopandas {gpd.__version__}, shapely {shapely.__version__}")

    services = RegionServices.load(args.region)
    register = make_register(services, args.people, np.random.default_rng(SEED))
    residences: Residences = [
        (clinic, {"lon": lon, "lat": lat})
        for clinic, lon, lat in zip(
            register["clinic_id"], register["lon"], register["lat"], strict=True
        )
    ]
    distinct = len(register[["lon", "lat"]].drop_duplicates())
    print(f"register: {args.people:,} attachments, {distinct:,} distinct homes")

    ours_s, ours = best_of(args.repeat, lambda: home_visit_cover(services, residences))
    peer_s, peer = best_of(args.repeat, lambda: geopandas_cover(services, register))
    pd.testing.assert_frame_equal(
        ours.sort_index(), peer.reindex(ours.index).sort_index(), check_names=False
    )
    print(f"ours  home_visit_cover:            {ours_s:8.3f} s")
    print(f"peer  geopandas sjoin + nearest:   {peer_s:8.3f} s   ratio {peer_s / ours_s:.2f}x")
    print(f"      tables equal; outside {int(ours['outside'].sum()):,} of {args.people:,}")

    sample = residences[: args.per_residence]
    sample_distinct = len({(r["lon"], r["lat"]) for _, r in sample})
    one_by_one = per_residence(services, sample) / sample_distinct * distinct
    print(
        f"      resolve one by one (scaled from {sample_distinct:,}): {one_by_one:8.3f} s"
        f"   ratio {one_by_one / ours_s:.1f}x"
    )

    by_address = [
        (clinic, {"address": f"{row.street} {row.housenumber}"})
        for clinic, row in zip(
            register["clinic_id"],
            services.region.buildings.iloc[register["building"]].itertuples(),
            strict=True,
        )
    ]
    address_s, by_address_cover = best_of(1, lambda: home_visit_cover(services, by_address))
    print(
        f"ours  the same register by address: {address_s:8.3f} s "
        f"({int(by_address_cover['unplaced'].sum()):,} addresses not placed)"
    )


if __name__ == "__main__":
    main()
