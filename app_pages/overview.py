"""The region at a glance: settlements, district territories and clinics on one map."""

from __future__ import annotations

import streamlit as st

from app_pages._i18n import current_language, map_labels, name_column, number, t
from app_pages._ui import region_or_stop, show_map
from geo.maps import region_map
from geo.schema import AGE_BANDS


def main() -> None:
    """Draw the page."""
    lang = current_language()
    _, region = region_or_stop(lang)
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
    show_map(fmap, key="overview_map", height=620)


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it
    main()
