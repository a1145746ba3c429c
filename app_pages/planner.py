"""Planner view: load against the norms per district and clinic, and who is left without cover.

The figures are :mod:`catchments.load`'s (R-CAP-1, R-CAP-2), computed once per process in
:func:`app_pages._data.planner_data`; this page draws them: a choropleth of % of the norm per
district, the people living outside every territory, and the people beyond a 30-minute walk of
the clinic whose territory covers them.
"""

from __future__ import annotations

import itertools

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_pages import _data
from app_pages._auth import require_role
from app_pages._i18n import (
    current_language,
    identifier_name,
    map_labels,
    name_column,
    number,
    t,
)
from catchments.access import Role
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
    use_local_assets,
)
from geo.package import Region, RegionDataError


def main() -> None:
    """Draw the page."""
    lang = current_language()
    require_role(Role.PLANNER, page="planner")
    st.title(t("planner.title", lang))
    path = str(_data.region_path())
    try:
        services = _data.load_services(path)
        with st.spinner(t("planner.computing", lang)):
            data = _data.planner_data(path)
            districts, clinics = _data.district_loads(path, _data.register_counts_json())
    except RegionDataError as error:
        st.error(t("common.region_error", lang, path=path, error=error))
        st.stop()
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
        help=t("planner.buildings_count", lang, count=len(uncovered)),
    )
    cols[4].metric(
        t("planner.far", lang, minutes=int(limit)),
        _n(far["residents"].sum(), lang),
        help=t("planner.buildings_count", lang, count=len(far)),
    )
    _legend(lang)
    _map(services.region, districts, uncovered, far, lang)
    _tables(districts, clinics, lang)


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
) -> None:
    labels = map_labels(lang)
    fmap = base_map(region, labels=labels, name_column=name_column(lang))
    shown = districts.assign(
        _fill=choropleth_colours(districts["pct_of_norm"]),
        pct=districts["pct_of_norm"].round(1),
        per_doctor=districts["people_per_doctor"].round(0),
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
    st_folium(
        use_local_assets(fmap, _data.vendor_url()),
        key="planner_map",
        returned_objects=[],
        use_container_width=True,
        height=620,
    )


def _tables(districts: pd.DataFrame, clinics: pd.DataFrame, lang: str) -> None:
    by_district, by_clinic = st.tabs(
        [t("planner.tab_districts", lang), t("planner.tab_clinics", lang)]
    )
    columns = {
        "district_id": t("common.district", lang),
        "clinic_id": t("common.clinic", lang),
        "model": t("planner.col_model", lang),
        "doctors": t("planner.col_doctors", lang),
        "attached": t("planner.col_attached", lang),
        "norm": t("planner.col_norm", lang),
        "people_per_doctor": t("planner.col_per_doctor", lang),
        "pct_of_norm": t("planner.col_pct", lang),
        "remaining": t("planner.col_remaining", lang),
    }
    table = (
        pd.DataFrame(districts.drop(columns="geometry"))[list(columns)]
        .assign(model=lambda f: [identifier_name("models", m, lang) for m in f["model"]])
        .sort_values("pct_of_norm", ascending=False)
        .round({"people_per_doctor": 0, "pct_of_norm": 1})
    )
    with by_district:
        st.dataframe(table.rename(columns=columns), hide_index=True, width="stretch")
        st.download_button(
            t("planner.download", lang),
            data=table.to_csv(index=False),
            file_name="district_load.csv",
            mime="text/csv",
            key="planner_csv",
        )
    with by_clinic:
        per_clinic = (
            clinics.reset_index()
            .assign(model=lambda f: [identifier_name("models", m, lang) for m in f["model"]])
            .round({"people_per_doctor": 0, "pct_of_norm": 1})
        )
        st.dataframe(
            per_clinic.rename(columns={**columns, "districts": t("planner.col_districts", lang)}),
            hide_index=True,
            width="stretch",
        )


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it
    main()
