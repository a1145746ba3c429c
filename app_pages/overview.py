"""The region at a glance: settlements, district territories and clinics on one map."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from app_pages._data import load_region, region_path, vendor_url
from geo.maps import region_map, use_local_assets
from geo.package import RegionDataError
from geo.schema import AGE_BANDS

try:
    region = load_region(str(region_path()))
except RegionDataError as error:
    st.error(f"The region data package at {region_path()} cannot be used:\n\n{error}")
    st.stop()

st.title(region.config.name)
st.caption(f"{region.config.name_kk} · {region.config.name_ru}")
population = int(region.buildings[list(AGE_BANDS)].to_numpy().sum())
cols = st.columns(4)
cols[0].metric("Residents", f"{population:,}")
cols[1].metric("Residential buildings", f"{len(region.buildings):,}")
cols[2].metric("PHC organizations", len(region.clinics))
cols[3].metric("Districts", len(region.districts))
# returned_objects=[]: panning and zooming never rerun the app.
st_folium(
    use_local_assets(region_map(region), vendor_url()),
    key="overview_map",
    returned_objects=[],
    use_container_width=True,
    height=620,
)
