"""Planner view: load against the norms per district and clinic, and who is left without cover.

The figures are :mod:`catchments.load`'s (R-CAP-1, R-CAP-2), computed once per process in
:func:`app_pages._data.planner_data`; this page draws them: a choropleth of % of the norm per
district, the people living outside every territory, and the people beyond a 30-minute walk of
the clinic whose territory covers them. Beside each district's register count stand the
residents it serves, counted from buildings or, from a file of population polygons the planner
uploads, shared by area (:func:`~catchments.planning.district_load_table`).

Below, in tabs, the planner's tools of :mod:`catchments.planning` (the page only calls them):
the 2SFCA accessibility of the current plan per clinic (cached per region with the plan,
:func:`app_pages._data.planning_baseline`), a what-if form compared side by side with the
current plan (:func:`~catchments.planning.compare_scenarios`), and rebalancing, which runs the
CP-SAT solver only when the planner presses its button and keeps the result in the session: the
redrawn districts on a map with the buildings that move, load before and after, what stays
impossible (worded as the report words it, :mod:`catchments.planning.wording`), and the plan's
files for download.
"""

from __future__ import annotations

import itertools
import math
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from app_pages import _data
from app_pages._auth import current_register, require_role
from app_pages._i18n import (
    current_language,
    identifier_name,
    map_labels,
    name_column,
    number,
    t,
)
from app_pages._ui import (
    StoppableRun,
    decimal_input,
    figures_as_text,
    file_uploader,
    literal,
    localized_figures,
    services_or_stop,
    show_map,
    show_table,
)
from catchments.access import AccessDeniedError, Account, Role
from catchments.messages import reconcile_summary, reconcile_text
from catchments.planning import (
    CloseClinic,
    MovesFloor,
    OpenClinic,
    PlanningError,
    PlanningRegion,
    RebalanceOptions,
    RebalanceReport,
    ScenarioResult,
    SetDoctors,
    SolveProgress,
    apply_scenario,
    compare_scenarios,
    district_load_table,
    district_street_lists,
    districts_file,
    rebalance,
    report_file,
)
from catchments.planning.scenarios import MAX_DISTRICT_FTE, Change
from catchments.planning.solver import MAX_HOPS
from catchments.planning.wording import SHORTFALL_COLUMNS, posts, report_text, summary_value
from catchments.register import RegisterError
from catchments.service import RegionServices, home_visit_cover
from geo.maps import (
    LOAD_BINS,
    LOAD_COLOURS,
    NO_DATA_COLOUR,
    add_buildings,
    add_clinics,
    add_districts,
    add_layer_control,
    base_map,
    choropleth_colours,
)
from geo.package import Region, RegionDataError, read_population_areas
from geo.schema import AGE_BANDS


def main() -> None:
    """Draw the page."""
    lang = current_language()
    account = require_role(Role.PLANNER, page="planner", lang=lang)
    st.title(t("planner.title", lang))
    path, services = services_or_stop(lang)
    with st.spinner(t("planner.computing", lang)):
        data = _data.planner_data(path)
        districts, clinics = _data.district_loads(path, _data.register_counts_json())
    buildings = data.buildings
    limit = _data.WALK_LIMIT_MIN
    uncovered = buildings[buildings["uncovered"]]
    far = buildings[buildings["walk_min"] > limit]
    over = districts[districts["remaining"] < 0]
    cols = st.columns(5)
    cols[0].metric(t("planner.residents", lang), _n(buildings["residents"].sum(), lang))
    cols[1].metric(t("planner.attached", lang), _n(districts["attached"].sum(), lang))
    cols[2].metric(
        t("planner.over_norm", lang), f"{len(over)} / {len(districts)}",
        help=t("planner.over_norm_help", lang),
    )  # fmt: skip
    cols[3].metric(
        t("planner.uncovered", lang),
        _n(uncovered["residents"].sum(), lang),
        help=t("planner.buildings_count", lang, count=_n(len(uncovered), lang)),
    )
    cols[4].metric(
        t("planner.far", lang, minutes=int(limit)),
        _n(far["residents"].sum(), lang),
        help=t("planner.buildings_count", lang, count=_n(len(far), lang)),
    )
    _home_visit_cover(account, services, lang)
    _legend(lang)
    _open_here(_map(services.region, districts, uncovered, far, lang))
    _tables(districts, clinics, _residents(path, lang), lang)
    _street_lists(path, lang)
    _planning_tools(path, services.region, lang)


def _n(value: float, lang: str) -> str:
    return number(int(value), lang)


def _legend(lang: str) -> None:
    """The choropleth's classes (a legend in the page: branca's would load d3 from a CDN)."""
    edges = [0.0, *LOAD_BINS]
    names = [
        t("planner.class_first", lang, high=f"{LOAD_BINS[0]:g}"),
        *(
            t("planner.class_between", lang, low=f"{low:g}", high=f"{high:g}")
            for low, high in itertools.pairwise(edges[1:])
        ),
        t("planner.class_last", lang, low=f"{LOAD_BINS[-1]:g}"),
    ]
    swatches = " ".join(
        f'<span style="display:inline-block;margin-right:12px;">'
        f'<span style="display:inline-block;width:14px;height:14px;background:{colour};'
        f'border:1px solid #333;vertical-align:middle;"></span> {name}</span>'
        for colour, name in [*zip(LOAD_COLOURS, names, strict=True),
                             (NO_DATA_COLOUR, t("planner.class_none", lang))]
    )  # fmt: skip
    st.markdown(f"**{t('planner.legend', lang)}** {swatches}", unsafe_allow_html=True)


def _map(
    region: Region,
    districts: pd.DataFrame,
    uncovered: pd.DataFrame,
    far: pd.DataFrame,
    lang: str,
) -> dict[str, Any] | None:
    """The districts by load, buildings no territory covers or far from their clinic.

    Returns the map's state: a click on it is where the what-if would open a clinic.
    """
    labels = map_labels(lang)
    fmap = base_map(region, labels=labels, name_column=name_column(lang))
    shown = figures_as_text(
        districts.assign(
            _fill=choropleth_colours(districts["pct_of_norm"]),
            pct=districts["pct_of_norm"].round(1),
            per_doctor=districts["people_per_doctor"].round(0),
        ),
        ("doctors", "attached", "per_doctor", "pct", "remaining"),
        lang,
    )
    add_districts(
        fmap,
        shown,
        fields={
            "district_id": t("common.district", lang),
            "clinic_id": t("common.clinic", lang),
            "doctors": t("planner.col_doctors", lang),
            "attached": t("planner.col_attached", lang),
            "per_doctor": t("planner.col_per_doctor", lang),
            "pct": t("planner.col_pct", lang),
            "remaining": t("planner.col_remaining", lang),
        },
        fill_column="_fill",
        labels=labels,
    )
    fields = {
        "street": t("planner.col_street", lang),
        "housenumber": t("planner.col_house", lang),
        "residents": t("planner.residents", lang),
    }
    add_buildings(
        fmap,
        uncovered,
        name=t("planner.layer_uncovered", lang),
        colour="#000000",
        fields=fields,
        radius=5,
    )
    add_buildings(
        fmap,
        far.assign(walk=far["walk_min"].round(0)),
        name=t("planner.layer_far", lang, minutes=int(_data.WALK_LIMIT_MIN)),
        colour="#7b3294",
        fields={
            **fields,
            "clinic_id": t("common.clinic", lang),
            "walk": t("planner.col_walk", lang),
        },
        radius=2,
        show=False,
    )
    add_clinics(fmap, region.clinics, name_column=name_column(lang), labels=labels)
    add_layer_control(fmap)
    return show_map(fmap, key="planner_map", height=620, returned_objects=("last_clicked",))


def _open_here(state: dict[str, Any] | None) -> None:
    """A new click on the map becomes the what-if's point for a new clinic.

    Typing degrees was the only way; a planner points at the map instead. "Open a clinic"
    stays as the planner left it: a click to read a district's figures must not add a clinic
    to the next comparison. Only a click not seen before counts, so a rerun for another
    reason keeps what the form holds.
    """
    click = (state or {}).get("last_clicked")
    if not click or st.session_state.get(CLICK_KEY) == click:
        return
    st.session_state[CLICK_KEY] = click
    st.session_state["planner_lon"] = round(float(click["lng"]), 5)
    st.session_state["planner_lat"] = round(float(click["lat"]), 5)


def _home_visit_cover(account: Account, services: RegionServices, lang: str) -> None:
    """The register's attached people whose home lies outside their clinic's territory.

    Placing every residence takes a geocoder lookup each, and reading them is audited, so the
    figures are kept in the session until the register's counts change.
    """
    counts = _data.register_counts_json()
    stored = st.session_state.get(COVER_KEY)
    if stored is None or stored[0] != counts:
        try:
            residences = current_register().attached_residences(account, source=SOURCE)
        except (AccessDeniedError, RegisterError) as error:
            st.caption(t("planner.cover_unavailable", lang, error=error.text(lang)))
            return
        cover = home_visit_cover(services, ((r.clinic_id, r.residence) for r in residences))
        stored = (counts, cover)
        st.session_state[COVER_KEY] = stored
    cover = stored[1]
    attached, outside, unplaced = (int(cover[c].sum()) for c in ("attached", "outside", "unplaced"))
    st.metric(
        t("planner.no_home_visits", lang),
        f"{_n(outside, lang)} / {_n(attached, lang)}",
        help=t(
            "planner.no_home_visits_help",
            lang,
            attached=_n(attached, lang),
            unplaced=_n(unplaced, lang),
        ),
    )
    if attached:
        with st.expander(t("planner.cover_table", lang)):
            show_table(
                cover.reset_index().rename(
                    columns={
                        "clinic_id": t("common.clinic", lang),
                        "attached": t("planner.col_cover_attached", lang),
                        "outside": t("planner.col_outside", lang),
                        "unplaced": t("planner.col_unplaced", lang),
                    }
                ),
                lang,
                hide_index=True,
                width="stretch",
            )


def _street_lists(path: str, lang: str) -> None:
    """The houses where a district's street list and its polygon name different districts.

    Registries answer from the lists, the map from the polygons: a house where they disagree
    gets two answers, so the planner sees them before redrawing (``emhana reconcile`` lists
    the same, and writes them to a file).
    """
    report = _data.street_list_findings(path)
    if report.empty:
        return
    counts = {str(status): int(n) for status, n in report["status"].value_counts().items()}
    found = report[report["status"] != "agree"]
    title = t("planner.street_lists", lang, count=_n(len(found), lang))
    with st.expander(title, expanded=False):
        st.caption(reconcile_summary(counts, lang))
        if found.empty:
            return
        street = found["street"].fillna("").astype(str)
        address = (street + " " + found["housenumber"].fillna("").astype(str)).str.strip()
        shown = pd.DataFrame(
            {
                reconcile_text("column.building", lang): found["building_id"],
                reconcile_text("column.address", lang): address,
                reconcile_text("column.list", lang): found["list_district"].fillna("—"),
                reconcile_text("column.polygon", lang): found["polygon_district"].fillna("—"),
                reconcile_text("column.finding", lang): [
                    reconcile_text(f"status.{status}", lang) for status in found["status"]
                ],
            }
        )
        show_table(shown, lang, hide_index=True, width="stretch")


def _residents(path: str, lang: str) -> pd.DataFrame | None:
    """Residents per district by age band, and those its model serves.

    From the buildings, or shared by area from a file of population polygons the planner
    uploads; None when the region cannot be planned (the planning tools below say why).
    """
    try:
        with st.spinner(t("planner.computing", lang)):
            baseline = _data.planning_baseline(path)
    except PlanningError:
        return None
    with st.expander(t("planner.population", lang)):
        upload = file_uploader(
            t("planner.population_file", lang),
            ["gpkg", "geojson", "json"],
            help_text=t("planner.population_help", lang),
            key="planner_population_file",
            lang=lang,
        )
    if upload is None:
        st.session_state.pop(POPULATION_KEY, None)
        return baseline.load
    stored = st.session_state.get(POPULATION_KEY)
    if stored is None or stored[0] != upload.file_id:
        try:
            areas = _population_areas(upload.name, upload.getvalue())
            outcome: tuple[pd.DataFrame, int] | RegionDataError | PlanningError = (
                district_load_table(baseline.planning, population=areas),
                len(areas),
            )
        except (RegionDataError, PlanningError) as error:  # kept to be said in any language
            outcome = error
        stored = (upload.file_id, outcome)
        st.session_state[POPULATION_KEY] = stored
    outcome = stored[1]
    if isinstance(outcome, Exception):
        # One problem a line, as the command line prints them.
        problems = literal(outcome.text(lang)).replace("\n", "  \n")
        st.error(f"{t('planner.population_error', lang)}\n\n{problems}")
        return baseline.load
    load, polygons = outcome
    st.caption(
        t("planner.population_used", lang, polygons=number(polygons, lang), file=upload.name)
    )
    # A file covering a corner of the region (one polygon, a test extract) is read without a
    # problem and makes every district look empty: said, against the buildings' count.
    # Over the adult districts, which share the territory out once (pediatric ones overlap them).
    adult = baseline.planning.districts["family"] == "adult"
    from_file = load.loc[adult[adult].index, "residents"].sum()
    from_buildings = baseline.load.loc[adult[adult].index, "residents"].sum()
    if from_buildings > 0 and from_file < POPULATION_PARTIAL * from_buildings:
        st.warning(
            t(
                "planner.population_partial",
                lang,
                file_people=_n(from_file, lang),
                building_people=_n(from_buildings, lang),
            )
        )
    return load


def _population_areas(name: str, data: bytes) -> gpd.GeoDataFrame:
    """An uploaded population file read and checked; problems name the file, not a temp path.

    GDAL reads files by name (and a GeoPackage needs random access), so the upload is written
    to a temporary folder under its own name first.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name or "population")
        path.write_bytes(data)
        try:
            return read_population_areas(path)
        except RegionDataError as error:
            raise RegionDataError(error.problems, source=name) from None


def _tables(
    districts: pd.DataFrame, clinics: pd.DataFrame, residents: pd.DataFrame | None, lang: str
) -> None:
    """Load per district and per clinic; with ``residents``, the residents each serves."""
    by_district, by_clinic = st.tabs(
        [t("planner.tab_districts", lang), t("planner.tab_clinics", lang)]
    )
    columns = {
        "district_id": t("common.district", lang),
        "clinic_id": t("common.clinic", lang),
        "model": t("planner.col_model", lang),
        "doctors": t("planner.col_doctors", lang),
        "served": t("planner.col_served", lang),
        "attached": t("planner.col_attached", lang),
        "norm": t("planner.col_norm", lang),
        "people_per_doctor": t("planner.col_per_doctor", lang),
        "pct_of_norm": t("planner.col_pct", lang),
        "remaining": t("planner.col_remaining", lang),
    }
    frame = pd.DataFrame(districts.drop(columns="geometry"))
    bands = [*AGE_BANDS, "residents", "served"]
    if residents is None:
        del columns["served"]
        bands = []
    else:
        frame = frame.join(residents[bands], on="district_id")
    table = (
        frame[[*columns, *(b for b in bands if b not in columns)]]
        .assign(model=lambda f: [identifier_name("models", m, lang) for m in f["model"]])
        .sort_values("pct_of_norm", ascending=False)
        .round({"people_per_doctor": 0, "pct_of_norm": 1})
    )
    with by_district:
        show_table(
            table[list(columns)].rename(columns=columns), lang, hide_index=True, width="stretch"
        )
        st.download_button(  # with the residents of every age band
            t("planner.download", lang),
            data=table.to_csv(index=False),
            file_name="district_load.csv",
            mime="text/csv",
            key="planner_csv",
        )
    with by_clinic:
        per_clinic = clinics.reset_index()
        if residents is not None:
            served = frame.groupby(["clinic_id", "model"])["served"].sum()
            keys = pd.MultiIndex.from_frame(per_clinic[["clinic_id", "model"]])
            at = list(per_clinic.columns).index("doctors") + 1
            per_clinic.insert(at, "served", served.reindex(keys).to_numpy())
        per_clinic = per_clinic.assign(
            model=lambda f: [identifier_name("models", m, lang) for m in f["model"]]
        ).round({"people_per_doctor": 0, "pct_of_norm": 1})
        show_table(
            per_clinic.rename(columns={**columns, "districts": t("planner.col_districts", lang)}),
            lang,
            hide_index=True,
            width="stretch",
        )


# Comments, not attribute docstrings: in a page script Streamlit's "magic" would print a bare
# string on the page (tests/app/test_pages.py checks every page for them).
ACCESS_CUTOFF_MIN = 30.0  # the baseline's 2SFCA catchment (apply_scenario's default)
NEW_CLINIC_ID = "NEW-1"
WHATIF_KEY = "planner_whatif"
# The what-if's doctors as (district, before, after), None if it also opens or closes a clinic:
# rebalancing can take them (the report's "needs N more doctors", tried out).
WHATIF_DOCTORS_KEY = "planner_whatif_doctors"
REBALANCE_DOCTORS_KEY = "planner_rebalance_doctors"  # the doctors the shown plan was made with
DoctorChanges = tuple[tuple[str, float, float], ...]  # (district, doctors before, after)
REBALANCE_KEY = "planner_rebalance"
RUN_KEY = "planner_rebalance_run"  # the last run started (a StoppableRun), for its stop button
CLICK_KEY = "planner_map_click"  # the last click on the map taken as the what-if's point
WHOLE_OR_DECIMAL = "%g"  # "10", "0.75": Streamlit's default "%0.2f" wrote "10.00" minutes
COVER_KEY = "planner_home_visit_cover"  # (register counts it was read at, cover per clinic)
SOURCE = "app:planner"  # what audit entries of this page name as their source
POPULATION_KEY = "planner_population"  # (upload's file id, its load or why it was refused)
POPULATION_PARTIAL = 0.5  # a file counting under half the buildings' residents: a corner only?
# The walk (min) and reach (blocks) the fewest-moves bound was asked for; shown while unchanged.
FLOOR_KEY = "planner_floor_travel"
SUMMARY_ROWS = (  # the rows of ScenarioResult.summary, in the order shown
    "clinics",
    "districts",
    "doctors",
    "districts_over_norm",
    "attached_over_norm",
    "max_load_pct",
    "attached_without_doctor",
    "mean_own_min",
    "mean_nearest_min",
    "residents_without_territory",
    "median_doctors_per_10k",
    "lose_home_visits",
    "must_reattach",
)


def _from_polygons() -> bool:
    """Whether the tables count residents from an uploaded population file just now."""
    stored = st.session_state.get(POPULATION_KEY)
    return stored is not None and isinstance(stored[1], tuple)


def _buildings_only_note(lang: str) -> None:
    """Say so where a tool counts buildings while the tables count a population file."""
    if _from_polygons():
        st.caption(t("planner.buildings_only", lang))


def _planning_tools(path: str, region: Region, lang: str) -> None:
    """Accessibility, what-if scenarios and rebalancing (catchments.planning), in tabs."""
    try:
        with st.spinner(t("planner.computing", lang)):
            baseline = _data.planning_baseline(path)
    except PlanningError as error:
        st.error(t("planner.planning_error", lang, error=error.text(lang)))
        return
    access, whatif, balance = st.tabs(
        [
            t("planner.tab_access", lang),
            t("planner.tab_whatif", lang),
            t("planner.tab_rebalance", lang),
        ]
    )
    with access:
        _accessibility(baseline, lang)
    with whatif:
        _what_if(baseline, region, lang)
    with balance:
        _rebalancing(path, baseline, region, lang)


def _accessibility(baseline: ScenarioResult, lang: str) -> None:
    """The baseline's 2SFCA index and travel times, summarised per own clinic."""
    frame = baseline.accessibility
    minutes = int(ACCESS_CUTOFF_MIN)
    st.caption(t("planner.access_intro", lang, minutes=minutes))
    people = frame["residents"].to_numpy(np.float64)
    cols = st.columns(2)
    cols[0].metric(
        t("planner.access_median", lang),
        number(round(float(frame["doctors_per_10k"].median()), 1), lang),
    )
    cols[1].metric(
        t("planner.access_none", lang, minutes=minutes),
        _n(people[frame["doctors_per_10k"].to_numpy() <= 0].sum(), lang),
    )
    # Resident-weighted means: a building of 300 people counts more than a shed of 2.
    weighted = frame.assign(
        _own=frame["own_min"] * frame["residents"],
        _nearest=frame["nearest_min"] * frame["residents"],
        _own_people=frame["residents"].where(frame["own_min"].notna(), 0),
    )
    per_clinic = weighted.groupby("own_clinic").agg(
        residents=("residents", "sum"),
        own=("_own", "sum"),
        own_people=("_own_people", "sum"),
        nearest=("_nearest", "sum"),
        index=("doctors_per_10k", "median"),
    )
    table = pd.DataFrame(
        {
            t("common.clinic", lang): per_clinic.index,
            t("planner.residents", lang): per_clinic["residents"].to_numpy(),
            t("planner.col_own_min", lang): (
                per_clinic["own"] / per_clinic["own_people"].where(per_clinic["own_people"] > 0)
            )
            .round(1)
            .to_numpy(),
            t("planner.col_nearest_min", lang): (
                per_clinic["nearest"] / per_clinic["residents"].where(per_clinic["residents"] > 0)
            )
            .round(1)
            .to_numpy(),
            t("planner.col_index", lang): per_clinic["index"].round(2).to_numpy(),
        }
    )
    show_table(table, lang, hide_index=True, width="stretch")
    st.download_button(
        t("planner.access_download", lang),
        data=frame.round({"doctors_per_10k": 3}).to_csv(index_label="building_id"),
        file_name="accessibility.csv",
        mime="text/csv",
        key="planner_access_csv",
    )


def _what_if(baseline: ScenarioResult, region: Region, lang: str) -> None:
    """A form of changes; on "Compare", the scenario beside the current plan."""
    _buildings_only_note(lang)
    planning = baseline.planning
    none = ""
    clinic_ids = [none, *map(str, planning.clinics.index)]
    district_ids = [none, *map(str, planning.districts.index)]
    west, south, east, north = region.districts.to_crs("EPSG:4326").total_bounds
    with st.form("planner_whatif_form"):
        st.caption(t("planner.whatif_intro", lang))
        closed = st.selectbox(
            t("planner.whatif_close", lang),
            clinic_ids,
            format_func=lambda c: c or t("planner.whatif_none", lang),
            key="planner_close",
        )
        left, right = st.columns(2)
        district = left.selectbox(
            t("planner.whatif_district", lang),
            district_ids,
            format_func=lambda d: d or t("planner.whatif_none", lang),
            key="planner_district",
        )
        delta = decimal_input(
            right,
            t("planner.whatif_delta", lang),
            key="planner_delta",
            value=0.0,
            low=-MAX_DISTRICT_FTE,
            high=MAX_DISTRICT_FTE,
            lang=lang,
        )
        opened = st.checkbox(t("planner.whatif_open", lang), key="planner_open")
        st.caption(t("planner.whatif_click", lang))
        # Defaults through the session, not value=: a click on the map sets them (_open_here).
        st.session_state.setdefault("planner_lon", round((west + east) / 2, 5))
        st.session_state.setdefault("planner_lat", round((south + north) / 2, 5))
        lon_col, lat_col, doctors_col = st.columns(3)
        lon = lon_col.number_input(
            t("planner.whatif_lon", lang),
            min_value=-180.0,
            max_value=180.0,
            format="%.5f",
            key="planner_lon",
        )
        lat = lat_col.number_input(
            t("planner.whatif_lat", lang),
            min_value=-90.0,
            max_value=90.0,
            format="%.5f",
            key="planner_lat",
        )
        gps = decimal_input(
            doctors_col,
            t("planner.whatif_open_doctors", lang),
            key="planner_open_doctors",
            value=4.0,
            low=0.25,
            high=MAX_DISTRICT_FTE,
            lang=lang,
        )
        submitted = st.form_submit_button(t("planner.whatif_compare", lang), key="planner_compare")
    if submitted and delta is not None and gps is not None:  # else the field says what to type
        changes: list[Change] = []
        if closed:
            changes.append(CloseClinic(str(closed)))
        if district and delta:
            current = float(planning.districts.loc[str(district), "doctors"])
            changes.append(SetDoctors(str(district), current + float(delta)))
        if opened:
            changes.append(
                OpenClinic(NEW_CLINIC_ID, lon=float(lon), lat=float(lat), doctors={"gp": gps})
            )
        st.session_state.pop(WHATIF_DOCTORS_KEY, None)
        if not changes:
            st.session_state.pop(WHATIF_KEY, None)
            st.info(t("planner.whatif_nothing", lang))
            return
        try:
            with st.spinner(t("planner.computing", lang)):
                result = apply_scenario(planning, changes, name="scenario")
        except PlanningError as error:
            st.session_state.pop(WHATIF_KEY, None)
            st.error(t("planner.whatif_error", lang, error=error.text(lang)))
            return
        addresses = planning.buildings[["street", "housenumber"]]
        st.session_state[WHATIF_DOCTORS_KEY] = (
            tuple(
                (c.district_id, float(planning.districts.loc[c.district_id, "doctors"]), c.doctors)
                for c in changes
                if isinstance(c, SetDoctors)
            )
            if all(isinstance(c, SetDoctors) for c in changes)
            else None
        )
        st.session_state[WHATIF_KEY] = (
            compare_scenarios([baseline, result]),
            result.cover.join(addresses, how="left"),  # the addresses, for letters to the people
        )
    shown = st.session_state.get(WHATIF_KEY)
    if shown is not None:
        _comparison(*shown, lang=lang)


def _comparison(comparison: pd.DataFrame, cover: pd.DataFrame, *, lang: str) -> None:
    """The scenario's headline numbers beside the current plan's, and who changes clinic.

    A district with people and no doctor makes the highest load infinite: that cell says so in
    words ("no doctor for 2,691 people") while it keeps its number, and the change beside it is
    left empty rather than ``inf`` or ``nan``.
    """
    before, after = comparison["current"], comparison["scenario"]
    change = (after - before)[list(SUMMARY_ROWS)]
    sides = {t("planner.col_current", lang): before, t("planner.col_scenario", lang): after}
    table = pd.DataFrame(
        {
            "": [t(f"planner.row_{row}", lang) for row in SUMMARY_ROWS],
            **{
                name: figures[list(SUMMARY_ROWS)].round(1).to_numpy()
                for name, figures in sides.items()
            },
            t("planner.col_change", lang): change.where(np.isfinite(change)).round(1).to_numpy(),
        }
    )
    shown = localized_figures(table, lang, by_row=True, signed=[t("planner.col_change", lang)])
    row = SUMMARY_ROWS.index("max_load_pct")
    for name, figures in sides.items():
        if math.isinf(figures["max_load_pct"]):
            people = number(int(figures["attached_without_doctor"]), lang)
            words = t("planner.no_doctor_for", lang, people=people)
            shown = shown.format(_said(words), subset=pd.IndexSlice[[row], [name]])
    st.dataframe(shown, hide_index=True, width="stretch", key="planner_comparison")
    st.subheader(t("planner.whatif_cover", lang))
    if len(cover) == 0:
        st.info(t("planner.whatif_no_cover", lang))
        return
    moved = (
        cover.groupby(["clinic_before", "clinic_after", "reason"], dropna=False)["residents"]
        .sum()
        .reset_index()
        .sort_values("residents", ascending=False)
    )
    show_table(
        pd.DataFrame(
            {
                t("planner.col_clinic_before", lang): moved["clinic_before"].to_numpy(),
                t("planner.col_clinic_after", lang): moved["clinic_after"].to_numpy(),
                t("planner.residents", lang): moved["residents"].to_numpy(),
                t("planner.col_reason", lang): [
                    t(f"planner.reason_{reason}", lang) for reason in moved["reason"]
                ],
            }
        ),
        lang,
        hide_index=True,
        width="stretch",
    )
    columns = ["street", "housenumber", "residents", "clinic_before", "clinic_after", "reason"]
    st.download_button(
        t("planner.whatif_cover_download", lang, buildings=number(len(cover), lang)),
        data=cover[columns].rename_axis("building_id").to_csv(),
        file_name="home_visit_cover.csv",
        mime="text/csv",
        key="planner_cover_csv",
        on_click="ignore",
    )


def _said(words: str) -> Callable[[object], str]:
    """A cell formatter that shows ``words`` whatever the number underneath."""

    def said(_: object) -> str:
        return words

    return said


def _rebalancing(path: str, baseline: ScenarioResult, region: Region, lang: str) -> None:
    """Bounds, the fewest moves they leave, a button that runs the solver, its last result."""
    st.caption(t("planner.rebalance_intro", lang))
    _buildings_only_note(lang)
    cols = st.columns(4)
    share = decimal_input(
        cols[0],
        t("planner.rebalance_share", lang),
        key="planner_move_share",
        value=10.0,
        low=0.0,
        high=100.0,
        lang=lang,
    )
    travel = cols[1].number_input(
        t("planner.rebalance_travel", lang),
        min_value=1.0,
        value=30.0,
        step=5.0,
        format=WHOLE_OR_DECIMAL,
        key="planner_max_travel",
    )
    reach = cols[2].number_input(
        t("planner.rebalance_reach", lang),
        min_value=1,
        max_value=MAX_HOPS,
        value=RebalanceOptions().max_hops or 3,
        step=1,
        key="planner_max_reach",
    )
    limit = cols[3].number_input(
        t("planner.rebalance_limit", lang),
        min_value=1.0,
        max_value=600.0,
        value=20.0,
        step=5.0,
        format=WHOLE_OR_DECIMAL,
        key="planner_time_limit",
    )
    deterministic = st.checkbox(
        t("planner.rebalance_deterministic", lang), key="planner_deterministic"
    )
    if share is None:
        return  # the field's error says what to type
    changed = _whatif_doctors(lang)
    doctors = tuple((district, after) for district, _, after in changed)
    left, right = st.columns(2)
    bounds = (float(travel), int(reach), doctors)
    if right.button(t("planner.floor_button", lang), key="planner_floor_button"):
        st.session_state[FLOOR_KEY] = bounds
    if st.session_state.get(FLOOR_KEY) == bounds:  # shown while the bounds are unchanged
        with st.spinner(t("planner.floor_running", lang)):
            floor = _data.least_moves(path, bounds[0] * 60.0, bounds[1], doctors)
        _moves_floor(floor.at_share(float(share) / 100.0), bounds[0], bounds[1], lang)
    # The plan of a run its stop button ended, once that run has made its report.
    stopped = st.session_state.pop(RUN_KEY, None)
    if isinstance(stopped, StoppableRun):
        kept = stopped.kept_result(t("planner.rebalance_stopping", lang))
        if kept is not None:
            st.session_state[REBALANCE_KEY], st.session_state[REBALANCE_DOCTORS_KEY] = kept
    if left.button(t("planner.rebalance_button", lang), key="planner_rebalance_button"):
        options = RebalanceOptions(
            max_move_share=float(share) / 100.0,
            max_travel_s=float(travel) * 60.0,
            max_hops=int(reach),
            time_limit_s=float(limit),
            deterministic=bool(deterministic),
        )
        bar = st.progress(0.0, text=t("planner.rebalance_running", lang))
        stop_button = st.empty()
        run: StoppableRun[tuple[RebalanceReport, DoctorChanges]]
        run = StoppableRun(bar, _progress_text(lang))
        st.session_state[RUN_KEY] = run
        stop_button.button(
            t("planner.rebalance_stop", lang),
            key="planner_stop_button",
            help=t("planner.rebalance_stop_help", lang),
            on_click=run.keep_when_stopped,
        )
        try:
            # The region inside the run, so that whatever ends it, a pressed button's wait ends.
            st.session_state[REBALANCE_KEY], st.session_state[REBALANCE_DOCTORS_KEY] = run.run(
                lambda progress, stop: (
                    rebalance(
                        _data.planning_with_doctors(path, doctors),
                        options,
                        tiles=_data.planning_tiles(path),
                        progress=progress,
                        stop=stop,
                    ),
                    changed,
                )
            )
        except PlanningError as error:
            st.session_state.pop(REBALANCE_KEY, None)
            st.error(t("planner.rebalance_error", lang, error=error.text(lang)))
        finally:
            bar.empty()
            stop_button.empty()
    report = st.session_state.get(REBALANCE_KEY)
    if isinstance(report, RebalanceReport):
        made_with: DoctorChanges = st.session_state.get(REBALANCE_DOCTORS_KEY) or ()
        if made_with:
            st.info(t("planner.rebalance_made_with", lang, changes=_doctors_text(made_with, lang)))
        doctors = tuple((district, after) for district, _, after in made_with)
        _rebalance_report(report, _data.planning_with_doctors(path, doctors), region, lang)


def _whatif_doctors(lang: str) -> DoctorChanges:
    """The what-if's doctors, if the planner chooses to rebalance with them; else none.

    The report's "C-04 needs 0.5 more pediatricians" is tried out by adding them in the
    what-if and rebalancing with them. A what-if that also opens or closes a clinic redraws
    the map before any rebalancing, so only one that changes doctors alone is offered.
    """
    whatif = st.session_state.get(WHATIF_DOCTORS_KEY, ())
    if whatif is None:
        st.caption(t("planner.rebalance_whatif_other", lang))
        return ()
    if not whatif:
        return ()
    label = t("planner.rebalance_use_whatif", lang, changes=_doctors_text(whatif, lang))
    return tuple(whatif) if st.checkbox(label, key="planner_use_whatif") else ()


def _doctors_text(changes: DoctorChanges, lang: str) -> str:
    """``D-04M6: 1 → 1.5`` for each changed district."""
    return "; ".join(
        f"{district}: {posts(before, lang)} → {posts(after, lang)}"
        for district, before, after in changes
    )


def _progress_text(lang: str) -> Callable[[SolveProgress], str]:
    """The running search in words: time used of the limit, people over, people moved.

    A planner may give the search up to ten minutes; a spinner alone says nothing of whether
    it is getting anywhere.
    """

    def describe(progress: SolveProgress) -> str:
        return t(
            "planner.rebalance_progress",
            lang,
            spent=_n(round(progress.spent), lang),
            limit=number(progress.limit, lang),
            over=_n(progress.people_over, lang),
            moved=_n(progress.people_moved, lang),
        )

    return describe


def _moves_floor(floor: MovesFloor, travel: float, reach: int, lang: str) -> None:
    """Before a run: the fewest people the walk and reach let a plan move, against the bound."""
    where = {"travel": number(travel, lang), "reach": reach}
    if floor.unreachable:
        st.warning(t("planner.floor_unreachable", lang, **where))
        return
    if floor.least is None:
        st.info(t("planner.floor_unsolved", lang))
        return
    if floor.least == 0:
        st.success(t("planner.floor_none", lang))
        return
    share = number(round(100.0 * floor.least / max(floor.served, 1), 1), lang)
    text = t("planner.floor_least", lang, **where, least=_n(floor.least, lang), share=share)
    if floor.allowed is None:
        st.info(text)
    elif floor.short:
        st.warning(text + " " + t("planner.floor_short", lang, budget=_n(floor.allowed, lang)))
    else:
        st.info(text + " " + t("planner.floor_room", lang, budget=_n(floor.allowed, lang)))


def _moves_bound(summary: dict[str, object], lang: str) -> None:
    """Whether the bounds, not the search, keep the plan from meeting every norm."""
    if summary["norms_unreachable"]:
        st.warning(t("planner.rebalance_unreachable", lang))
        return
    least, budget = summary["least_moves_to_meet_norms"], summary["moves_allowed"]
    if not isinstance(least, int):
        return
    moved = int(str(summary["people_moved"]))
    text = t("planner.rebalance_least_moves", lang, least=_n(least, lang), moved=_n(moved, lang))
    if isinstance(budget, int):
        short = least > budget
        key = "planner.rebalance_budget_short" if short else "planner.rebalance_budget_room"
        text += " " + t(key, lang, budget=_n(budget, lang))
    st.info(text)


def _rebalance_report(
    report: RebalanceReport, planning: PlanningRegion, region: Region, lang: str
) -> None:
    summary = report.summary

    def figure(name: str) -> float:
        # The summary's values are typed ``object`` (the status is text); these are numbers.
        return float(str(summary[name]))

    status, seconds = (summary_value(name, summary[name], lang) for name in ("status", "seconds"))
    st.caption(t("planner.rebalance_status", lang, status=status, seconds=seconds))
    cols = st.columns(3)
    cols[0].metric(
        t("planner.rebalance_moved", lang),
        _n(figure("people_moved"), lang),
        help=t(
            "planner.rebalance_moved_help",
            lang,
            buildings=_n(figure("buildings_moved"), lang),
            share=number(round(100 * figure("moved_share"), 1), lang),
        ),
    )
    cols[1].metric(
        t("planner.rebalance_over", lang),
        _n(figure("over_after"), lang),
        delta=_n(figure("over_after") - figure("over_before"), lang),
        delta_color="inverse",
        help=t("planner.rebalance_over_help", lang, before=_n(figure("over_before"), lang)),
    )
    change = figure("max_load_pct_after") - figure("max_load_pct_before")
    cols[2].metric(
        t("planner.rebalance_max_load", lang),
        number(figure("max_load_pct_after"), lang),  # ∞ for a district with no doctor
        delta=number(round(change, 1), lang) if math.isfinite(change) else None,
        delta_color="inverse",
    )
    _rebalanced_map(report, planning, region, lang)
    load = report.load.reset_index().sort_values("load_pct_before", ascending=False)
    shown = (
        "district_id",
        "clinic_id",
        "model",
        "doctors",
        "expected_before",
        "expected_after",
        "load_pct_before",
        "load_pct_after",
        "remaining_after",
    )
    st.subheader(t("planner.rebalance_load", lang))
    show_table(_report_table(load, shown, lang), lang, hide_index=True, width="stretch",
               key="planner_rebalance_load")  # fmt: skip
    st.subheader(report_text("heading.impossible", lang))
    if len(report.impossible) == 0:
        st.success(t("planner.rebalance_all_met", lang))
    else:
        show_table(
            _report_table(report.impossible, SHORTFALL_COLUMNS, lang),
            lang,
            hide_index=True,
            width="stretch",
        )
        _moves_bound(summary, lang)
    _plan_downloads(report, planning, lang)


def _rebalanced_map(
    report: RebalanceReport, planning: PlanningRegion, region: Region, lang: str
) -> None:
    """The redrawn districts by % of the norm after, and the buildings that change district."""
    st.subheader(t("planner.rebalance_map", lang))
    _legend(lang)
    labels = map_labels(lang)
    fmap = base_map(region, labels=labels, name_column=name_column(lang))
    load = report.load
    districts = report.districts.merge(
        load[["expected_before", "load_pct_after"]], left_on="district_id", right_index=True
    )
    districts = districts[~districts.geometry.is_empty]  # a district that lost every block
    districts = figures_as_text(
        districts.assign(_fill=choropleth_colours(districts["load_pct_after"])),
        ("doctors", "expected_before", "attached", "load_pct_after"),
        lang,
    )
    add_districts(
        fmap,
        districts,
        fields={
            name: report_text(f"column.{name}", lang)
            for name in ("district_id", "clinic_id", "doctors", "expected_before")
        }
        | {
            "attached": report_text("column.expected_after", lang),
            "load_pct_after": report_text("column.load_pct_after", lang),
        },
        fill_column="_fill",
        labels=labels,
    )
    moves = report.moves
    where = planning.buildings.loc[moves["building_id"], ["x", "y"]]
    points = gpd.GeoDataFrame(
        moves.assign(before=_both(moves, "before"), after=_both(moves, "after")),
        geometry=gpd.points_from_xy(where["x"], where["y"]),
        crs=planning.crs,
    ).to_crs("EPSG:4326")  # fmt: skip
    add_buildings(
        fmap,
        points,
        name=t("planner.layer_moved", lang, count=_n(len(points), lang)),
        colour="#5e3c99",  # apart from the load classes' blues and reds
        fields={
            "street": report_text("column.street", lang),
            "housenumber": report_text("column.housenumber", lang),
            "moved_people": report_text("column.moved_people", lang),
            "before": t("planner.col_districts_before", lang),
            "after": t("planner.col_districts_after", lang),
            "clinic_after": report_text("column.clinic_after", lang),
        },
        radius=1.5,
    )
    add_clinics(fmap, region.clinics, name_column=name_column(lang), labels=labels)
    add_layer_control(fmap)
    show_map(fmap, key="planner_rebalanced_map", height=560)


def _both(moves: pd.DataFrame, when: str) -> list[str]:
    """Each move's adult and pediatric district ``when`` (before/after) as ``D-01T1 / D-01P1``."""
    pairs = zip(moves[f"adult_{when}"], moves[f"pediatric_{when}"], strict=True)
    return [" / ".join(d for d in pair if isinstance(d, str)) for pair in pairs]


def _report_table(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """Columns of a rebalancing result named as the report names them, models by name."""
    return (
        frame[list(columns)]
        .assign(model=lambda f: [identifier_name("models", m, lang) for m in f["model"]])
        .rename(columns={c: report_text(f"column.{c}", lang) for c in columns})
    )


def _plan_downloads(report: RebalanceReport, planning: PlanningRegion, lang: str) -> None:
    """The rebalanced plan's files, as the CLI's ``--out`` writes them; the report in ``lang``.

    The report's maps take seconds to draw, so every file is made when its button is pressed
    (a callable as ``data``), and pressing one does not rerun the page (``on_click="ignore"``).
    """
    files: list[tuple[str, str, str, Callable[[], str | bytes]]] = [  # label, file, MIME, maker
        ("planner.rebalance_download", "moves.csv", "text/csv",
         lambda: report.moves.to_csv(index=False)),
        ("planner.download_load", "load.csv", "text/csv", report.load.to_csv),
        ("planner.download_streets", "district_streets.csv", "text/csv",
         lambda: district_street_lists(planning, report.building_assignment).to_csv(index=False)),
        ("planner.download_gpkg", "districts.gpkg", "application/geopackage+sqlite3",
         lambda: districts_file(report.districts, "gpkg")),
        ("planner.download_geojson", "districts.geojson", "application/geo+json",
         lambda: districts_file(report.districts, "geojson")),
        ("planner.download_report_html", f"report-{lang}.html", "text/html",
         lambda: report_file(report, planning, "html", lang)),
        ("planner.download_report_pdf", f"report-{lang}.pdf", "application/pdf",
         lambda: report_file(report, planning, "pdf", lang)),
    ]  # fmt: skip
    st.subheader(t("planner.downloads", lang))
    st.caption(t("planner.downloads_help", lang))
    columns = st.columns(4)
    for position, (label, file_name, mime, maker) in enumerate(files):
        columns[position % 4].download_button(
            t(label, lang),
            data=maker,
            file_name=file_name,
            mime=mime,
            key=label.replace(".", "_"),  # planner_download_gpkg, ...
            on_click="ignore",
        )


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it
    main()
