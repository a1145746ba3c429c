"""Pieces every page draws the same way: the region (or why it cannot be used) and a map.

One place for them keeps the app's promises in one place too: every map loads its scripts from
the vendored copies (it works offline) and reruns the app only for the events a page asks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import folium
import streamlit as st
from streamlit_folium import st_folium

from app_pages import _data
from app_pages._i18n import t
from catchments.service import RegionServices
from geo.maps import use_local_assets
from geo.package import Region, RegionDataError

T = TypeVar("T")


def _loaded_or_stop(lang: str, load: Callable[[str], T]) -> tuple[str, T]:
    """The served region's path and what ``load`` makes of it, or its problems and a stop.

    One place for the page's answer to a region that cannot be used, whatever the page loads.
    """
    path = str(_data.region_path())
    try:
        return path, load(path)
    except RegionDataError as error:
        st.error(t("common.region_error", lang, path=path, error=error))
        st.stop()
        raise  # st.stop() ends the script run; this line is for the type checker


def region_or_stop(lang: str) -> tuple[str, Region]:
    """The served region's path and data, or its problems on the page and the page stopped."""
    return _loaded_or_stop(lang, _data.load_region)


def services_or_stop(lang: str) -> tuple[str, RegionServices]:
    """The served region's path and services, or its problems on the page and the page stopped."""
    return _loaded_or_stop(lang, _data.load_services)


def show_map(
    fmap: folium.Map,
    *,
    key: str,
    height: int,
    returned_objects: Sequence[str] = (),
    center: Any = None,
    zoom: int | None = None,
) -> dict[str, Any] | None:
    """Draw a folium map with its assets served locally.

    ``returned_objects`` lists the map events that rerun the app (none by default: panning and
    zooming never do).
    """
    state: dict[str, Any] | None = st_folium(
        use_local_assets(fmap, _data.vendor_url()),
        key=key,
        returned_objects=list(returned_objects),
        center=center,
        zoom=zoom,
        use_container_width=True,
        height=height,
    )
    return state


# Markdown's ASCII punctuation, and Streamlit's ":" (emoji shortcodes, colour directives) and "$"
# (LaTeX); CommonMark lets a backslash make any of them literal.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:])")


def literal(text: str) -> str:
    """``text`` as it reads, inside ``st.markdown``: people's input may hold Markdown."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
