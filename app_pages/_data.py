"""Every Streamlit cache wrapper of the app, in one place, and the app's clock.

Pages call these instead of loading data themselves, so a region is read and indexed once per
process (``st.cache_resource``: shared, never mutated) and nothing per-user lives at module level.
Functions take the region's *path* (a string), never the services object, so Streamlit hashes a
short key; each one gets the shared services from :func:`load_services`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import streamlit as st

from catchments.access import DiscoveryProblem, discovery_problem
from catchments.calendar import KZ_TZ
from catchments.load import clinic_load, district_load, minutes_to_own_clinic, residents
from catchments.models import Location
from catchments.planning import (
    MovesFloor,
    PlanningRegion,
    RebalanceOptions,
    ScenarioResult,
    Tiles,
    apply_scenario,
    build_tiles,
    moves_floor,
    prepare,
    with_doctors,
)
from catchments.register import RegisterError, attached_counts
from catchments.register_cli import REGION_ENV
from catchments.service import CheckAnswer, RegionServices, check
from geo.network import Mode
from geo.package import Region, read_region
from geo.territory import reconcile

DEMO_REGION = Path(__file__).resolve().parent.parent / "data" / "demo"
NOW_ENV = "EMHANA_NOW"
"""Pretend the clock reads this ISO 8601 moment (demos and tests), like ``emhana check --now``."""
WALK_LIMIT_MIN = 30.0
"""The planner's accessibility threshold: people beyond this walk of their own clinic."""


def region_path() -> Path:
    """The region folder the app serves: ``$EMHANA_REGION`` if set, else the embedded demo."""
    return Path(os.environ.get(REGION_ENV) or DEMO_REGION)


def now() -> dt.datetime:
    """The moment the app answers for: ``$EMHANA_NOW`` when set, else the clock (UTC+5).

    Raises
    ------
    ValueError
        When ``EMHANA_NOW`` is not an ISO 8601 date-time with a UTC offset.
    """
    fixed = os.environ.get(NOW_ENV, "").strip()
    if not fixed:
        return dt.datetime.now(KZ_TZ)
    try:
        moment = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise ValueError(
            f"{NOW_ENV}={fixed!r} is not an ISO 8601 date-time; e.g. 2026-09-21T10:00:00+05:00"
        ) from None
    if moment.utcoffset() is None:
        raise ValueError(f"{NOW_ENV}={fixed!r} has no UTC offset; add one, e.g. +05:00")
    return moment.astimezone(KZ_TZ)


@st.cache_resource(show_spinner=False)
def load_region(path: str) -> Region:
    """Read and validate a region package once per process (it is never mutated)."""
    return read_region(path)


@st.cache_resource(show_spinner=False)
def load_services(path: str) -> RegionServices:
    """The region with its territory index, geocoder and street network, once per process."""
    return RegionServices.from_region(load_region(path))


@st.cache_resource(show_spinner=False, max_entries=128)
def clinic_isochrones(
    path: str, clinic_id: str, mode: Mode, minutes: tuple[float, ...]
) -> gpd.GeoDataFrame:
    """Areas within ``minutes`` of a clinic by ``mode``; one computation per clinic and mode."""
    services = load_services(path)
    point = services.clinic(clinic_id).geometry
    return services.network.isochrones(point, mode, minutes)


@st.cache_data(show_spinner=False, max_entries=512, ttl=dt.timedelta(hours=1))
def check_place(
    path: str,
    place: tuple[float, float, str],
    applicant_json: str,
    channel: str,
    moment: str,
    *,
    counts_json: str = "null",
) -> CheckAnswer:
    """The citizen's question for a place (``catchments.service.check``), cached per minute.

    ``applicant_json`` is the applicant as sorted JSON, ``moment`` an ISO date-time and
    ``counts_json`` the register's counts (:func:`register_counts_json`), so the arguments hash
    cheaply; the page passes ``now`` truncated to the minute.
    """
    lon, lat, label = place
    applicant: Mapping[str, Any] = json.loads(applicant_json)
    return check(
        load_services(path),
        Location(address=label, lon=lon, lat=lat),
        now=dt.datetime.fromisoformat(moment),
        applicant=applicant,
        channel=channel,
        attached_now=json.loads(counts_json),
    )


@st.cache_data(show_spinner=False, ttl=dt.timedelta(seconds=20))
def register_counts() -> dict[str, int] | None:
    """The register's attached count per district, re-read every 20 seconds.

    None when there is no register (the package's counts on its data date stand) or it cannot be
    read: the public pages keep answering from the package rather than failing (the registrar
    page, which records decisions, reports register errors itself).
    """
    try:
        return attached_counts()
    except RegisterError:
        return None


def register_counts_json() -> str:
    """:func:`register_counts` as sorted JSON, a cheap cache key for :func:`check_place`."""
    return json.dumps(register_counts(), sort_keys=True)


@dataclass(frozen=True)
class PlannerData:
    """What the planner view shows, computed once per region and process.

    The load per district, which follows the register, is :func:`district_loads`.

    Attributes
    ----------
    buildings
        ``building_id``, ``street``, ``housenumber``, ``residents``, ``clinic_id`` (the clinic
        whose territory covers it, None when none or several clinics do), ``walk_min`` (to
        that clinic), ``uncovered`` (no district covers it) and the geometry as a point.
    """

    buildings: gpd.GeoDataFrame


@st.cache_resource(show_spinner=False)
def street_list_findings(path: str) -> pd.DataFrame:
    """Every building's district by street list and by polygon (:func:`geo.territory.reconcile`).

    Empty (with its columns) when no district has a street list. Kept per region, never
    mutated: the planner page shows the houses where the two disagree.
    """
    region = load_services(path).region
    if region.district_streets.empty:
        columns = ["building_id", "street", "housenumber", "list_district", "polygon_district"]
        return pd.DataFrame(columns=[*columns, "status"])
    return reconcile(region.districts, region.district_streets, region.buildings)


@st.cache_resource(show_spinner=False)
def planner_data(path: str) -> PlannerData:
    """Load per district and clinic, and who lives outside every territory or far from it."""
    services = load_services(path)
    region = services.region
    buildings = region.buildings
    located = services.territories.locate(buildings)
    # Outside every territory: no district polygon covers it and no street list names it, the
    # same test the citizen's decision uses (catchments.service).
    listed = buildings["building_id"].astype(str).isin(list(services.list_districts))
    uncovered = (located["n_territories"] == 0).to_numpy() & ~listed.to_numpy()
    walk = minutes_to_own_clinic(
        services.network, buildings, located["clinic_id"], region.clinics, mode="walk"
    )
    points = gpd.GeoDataFrame(
        {
            "building_id": buildings["building_id"],
            "street": buildings["street"],
            "housenumber": buildings["housenumber"],
            "residents": residents(buildings),
            "clinic_id": located["clinic_id"],
            "walk_min": walk,
            "uncovered": uncovered,
        },
        geometry=buildings.geometry.representative_point(),
        crs=buildings.crs,
    )
    return PlannerData(buildings=points)


@st.cache_data(show_spinner=False, max_entries=16, ttl=dt.timedelta(minutes=10))
def district_loads(path: str, counts_json: str = "null") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load per district and per clinic on the register's counts (the package's without one).

    Returns the districts layer joined with :func:`catchments.load.district_load`'s columns and
    :func:`catchments.load.clinic_load`.
    """
    services = load_services(path)
    districts = services.region.districts.copy()
    counts: Mapping[str, int] | None = json.loads(counts_json)
    if counts:
        districts["attached"] = [
            int(counts.get(str(d), a))
            for d, a in zip(districts["district_id"], districts["attached"], strict=True)
        ]
    norms = services.settings.norms
    return districts.join(district_load(districts, norms)), clinic_load(districts, norms)


def vendor_url() -> str:
    """URL path of the vendored map assets (static/vendor), honouring a server base path."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/vendor" if base else "/app/static/vendor"


@st.cache_resource(show_spinner=False)
def planning_baseline(path: str) -> ScenarioResult:
    """The current plan as a what-if with no changes, once per region and process.

    Its ``planning`` is the region prepared for planning (travel times to every clinic on the
    services' street network), the starting point of what-ifs and of rebalancing; its
    ``accessibility`` is the 2SFCA index per building and its ``load`` the load per district,
    so comparisons set a scenario against the same figures computed the same way.
    """
    services = load_services(path)
    planning = prepare(services.region, network=services.network)
    return apply_scenario(planning, [], name="current")


@st.cache_resource(show_spinner=False)
def planning_tiles(path: str) -> Tiles:
    """The region's planning units (never mutated): rebalancing and its bound share them."""
    return build_tiles(planning_baseline(path).planning)


Doctors = tuple[tuple[str, float], ...]
"""Doctors (FTE) a what-if gives districts, as ``(district_id, doctors)`` pairs: hashable, so
what depends on them is cached per scenario."""


@st.cache_resource(show_spinner=False, max_entries=8)
def planning_with_doctors(path: str, doctors: Doctors = ()) -> PlanningRegion:
    """The region prepared for planning, with a what-if's doctors (today's when none given).

    Only doctors: the districts' territories, and so the tiles, stay today's.
    """
    return with_doctors(planning_baseline(path).planning, dict(doctors))


@st.cache_data(show_spinner=False)
def least_moves(path: str, max_travel_s: float, max_hops: int, doctors: Doctors = ()) -> MovesFloor:
    """The fewest people who must move for every norm to be met, per travel limit and reach.

    Computed without a moves bound (the LP does not depend on it), so changing the page's
    share of people moved costs nothing: the page compares it with the share's allowance.
    """
    options = RebalanceOptions(max_move_share=None, max_travel_s=max_travel_s, max_hops=max_hops)
    planning = planning_with_doctors(path, doctors)
    return moves_floor(planning, options, tiles=planning_tiles(path))


DISCOVERY_TTL: Final = 300
"""Seconds a check of an OIDC discovery address is kept (:func:`checked_discovery`)."""


@st.cache_data(ttl=DISCOVERY_TTL, show_spinner=False)
def checked_discovery(
    url: str, verify: bool | str = True, follow_redirects: bool = False
) -> DiscoveryProblem | None:
    """:func:`catchments.access.discovery_problem` of ``url``, kept :data:`DISCOVERY_TTL` s.

    One check per address (and fetch options), shared by every session: a page waits for the
    provider at most once in that time, and a mended provider is seen again within it.
    """
    return discovery_problem(url, verify=verify, follow_redirects=follow_redirects)
