"""Emhana's Streamlit entry point: page config, navigation and the shared sidebar; no logic."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Emhana", page_icon="🏥", layout="wide")
pages = [st.Page("app_pages/overview.py", title="Region map", icon="🗺️", default=True)]
st.navigation(pages).run()
