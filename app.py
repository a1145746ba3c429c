"""Emhana's Streamlit entry point: page config, navigation and the shared sidebar; no logic."""

from __future__ import annotations

import streamlit as st

from app_pages._auth import LANDED, staff_home
from app_pages._i18n import language_switch, t
from app_pages._style import accessibility_switch

# An emoji favicon is drawn in the browser; a Material one (and the pages' icons, when no
# page_icon is set) would be fetched from a CDN, and Emhana works offline.
st.set_page_config(page_title="Emhana", page_icon="🏥", layout="wide")
with st.sidebar:
    lang = language_switch()
    accessibility_switch(lang)
pages = [
    st.Page("app_pages/citizen.py", title=t("nav.citizen", lang), default=True,
            icon=":material/local_hospital:", url_path="citizen"),
    st.Page("app_pages/overview.py", title=t("nav.overview", lang),
            icon=":material/map:", url_path="map"),
    st.Page("app_pages/registrar.py", title=t("nav.registrar", lang),
            icon=":material/assignment:", url_path="registrar"),
    st.Page("app_pages/planner.py", title=t("nav.planner", lang),
            icon=":material/monitoring:", url_path="planner"),
]  # fmt: skip
page = st.navigation(pages)
# Back from an OIDC sign-in, a new session opens on the first page: staff go on to their own,
# once per session (a later click on "Find a clinic" stays there).
home = staff_home() if not st.session_state.get(LANDED) else None
st.session_state[LANDED] = True
if home is not None and page.url_path == pages[0].url_path:  # the first page
    st.switch_page(next(p for p in pages if p.url_path == home))
page.run()
