"""The region at a glance: settlements, district territories and clinics on one map."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from app_pages import _data
from app_pages._i18n import current_language, map_labels, name_column, number, t
from geo.maps import region_map, use_local_assets
from geo.package import RegionDataError
from geo.schema import AGE_BANDS


def main() -> None:
    """Draw the page."""
    lang = current_language()
    path = str(_data.region_path())
    try:
        region = _data.load_region(path)
    except RegionDataError as error:
        st.error(t("common.region_error", lang, path=path, error=error))
        st.stop()
    config = region.config
    st.title({"kk": config.name_kk, "ru": config.name_ru}.get(lang, config.name))
    st.caption(" · ".join(dict.fromkeys((config.name, config.name_kk, config.name_ru))))
    population = int(region.buildings[list(AGE_BANDS)].to_numpy().sum())
    cols = st.columns(4)
    cols[0].metric(t("overview.residents", lang), number(population, lang))
    cols[1].metric(t("overview.buildings", lang), number(len(region.buildings), lang))
    cols[2].metric(t("overview.clinics", lang), len(region.clinics))
    cols[3].metric(t("overview.districts", lang), len(region.districts))
    fields = {
        "district_id": t("common.district", lang),
        "clinic_id": t("common.clinic", lang),
        "model": t("planner.col_model", lang),
        "doctors": t("planner.col_doctors", lang),
        "attached": t("planner.col_attached", lang),
    }
    fmap = region_map(
        region, name_column=name_column(lang), district_fields=fields, labels=map_labels(lang)
    )
    # returned_objects=[]: panning and zooming never rerun the app.
    st_folium(
        use_local_assets(fmap, _data.vendor_url()),
        key="overview_map",
        returned_objects=[],
        use_container_width=True,
        height=620,
    )


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it
    main()
