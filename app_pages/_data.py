"""Every Streamlit cache wrapper of the app, in one place.

Pages call these instead of loading data themselves, so a region is read and indexed once per
process (``st.cache_resource``: shared, never mutated) and nothing per-user lives at module level.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from geo.package import Region, read_region

DEMO_REGION = Path(__file__).resolve().parent.parent / "data" / "demo"
REGION_ENV = "EMHANA_REGION"


def region_path() -> Path:
    """The region folder the app serves: ``$EMHANA_REGION`` if set, else the embedded demo."""
    return Path(os.environ.get(REGION_ENV) or DEMO_REGION)


@st.cache_resource(show_spinner="Loading the region data package…")
def load_region(path: str) -> Region:
    """Read and validate a region package once per process (it is never mutated)."""
    return read_region(path)


def vendor_url() -> str:
    """URL path of the vendored map assets (static/vendor), honouring a server base path."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/vendor" if base else "/app/static/vendor"
