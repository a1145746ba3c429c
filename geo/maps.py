"""Folium maps of a region: settlements, district territories and clinics.

Functions here return :class:`folium.Map` objects and know nothing of Streamlit, so the same map
serves the app (through ``streamlit_folium.st_folium``), notebooks and exported HTML reports.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence

import folium
import geopandas as gpd
import numpy as np

from geo.package import Region

CLINIC_ICONS: Mapping[str, tuple[str, str]] = {
    # kind -> (Font Awesome icon, marker colour)
    "polyclinic": ("hospital", "red"),
    "outpatient": ("user-doctor", "blue"),
    "paramedic_post": ("kit-medical", "green"),
    "family_health_centre": ("house-medical", "purple"),
}
# Colour-blind-safe qualitative palette (Okabe-Ito), cycled over clinics.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
SIMPLIFY_DEGREES = 0.00005  # about 5 m: invisible at city zoom, halves the GeoJSON sent

# folium's CDN assets by name -> the vendored copy under static/vendor (see its README.md).
LOCAL_ASSETS: Mapping[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "jquery": "jquery/jquery.min.js",
    "awesome_markers": "awesome-markers/leaflet.awesome-markers.min.js",
    "awesome_markers_css": "awesome-markers/leaflet.awesome-markers.css",
    "awesome_markers_font_css": "fontawesome/css/all.min.css",
}
# Assets folium adds that our maps never use: dropped rather than fetched from a CDN.
UNUSED_ASSETS = frozenset({"bootstrap", "bootstrap_css", "glyphicons_css", "awesome_rotate_css"})
ONLINE_TILES = "OpenStreetMap"


def clinic_colours(clinic_ids: Sequence[str]) -> dict[str, str]:
    """A stable colour per clinic, so a clinic keeps its colour across pages and maps."""
    return {cid: PALETTE[k % len(PALETTE)] for k, cid in enumerate(sorted(clinic_ids))}


def region_map(
    region: Region,
    *,
    name_column: str = "name_ru",
    district_fields: Mapping[str, str] | None = None,
    districts: gpd.GeoDataFrame | None = None,
    zoom_start: int = 12,
) -> folium.Map:
    """A map of the region's settlements, district territories and clinics.

    Parameters
    ----------
    region
        The loaded region.
    name_column
        Which name to show: ``name_kk`` or ``name_ru`` (the data's languages).
    district_fields
        Columns of ``districts`` shown in the territory tooltip, mapped to their labels.
    districts
        The districts to draw (default: the region's); pass an enriched copy (load, % of norm)
        to show more in the tooltip.
    zoom_start
        Initial zoom level.

    Returns
    -------
    folium.Map
        Layers can be toggled in the map's layer control.
    """
    districts = region.districts if districts is None else districts
    minx, miny, maxx, maxy = region.settlements.total_bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=zoom_start,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    add_streets(fmap, region.street_edges)
    folium.GeoJson(
        region.settlements[["settlement_id", name_column, "kind", "geometry"]],
        name="Settlements",
        style_function=lambda _: {"color": "#444444", "weight": 2, "fill": False, "dashArray": "6"},
        tooltip=folium.GeoJsonTooltip(fields=[name_column, "kind"], labels=False),
    ).add_to(fmap)
    add_districts(fmap, districts, fields=district_fields)
    add_clinics(fmap, region.clinics, name_column=name_column)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def add_streets(fmap: folium.Map, edges: gpd.GeoDataFrame) -> None:
    """The region's own streets as the basemap, plus online tiles for those who have internet.

    Tiles need the internet; the street layer comes from the data package, so a map is readable
    offline. The online tile layer is there to switch on, never required.
    """
    folium.TileLayer(
        ONLINE_TILES, name="OpenStreetMap tiles (online)", overlay=True, show=False
    ).add_to(fmap)
    drivable = edges[edges["drive"].astype(bool)]
    folium.GeoJson(
        drivable[["name", "geometry"]].fillna({"name": ""}),
        name="Streets",
        style_function=lambda _: {"color": "#9a9a9a", "weight": 1.5, "opacity": 0.8},
        interactive=False,
        control=False,
    ).add_to(fmap)


def use_local_assets(fmap: folium.Map, base_url: str) -> folium.Map:
    """Point a map's JavaScript and CSS at the vendored copies instead of the CDNs.

    Parameters
    ----------
    fmap
        Any folium map; every element in it is rewritten (markers, plugins, the map itself).
    base_url
        Where ``static/vendor`` is served, e.g. ``/app/static/vendor`` under Streamlit.

    Returns
    -------
    folium.Map
        The same map, for chaining.
    """
    prefix = base_url.rstrip("/")
    for element in _walk(fmap):
        for attribute in ("default_js", "default_css"):
            assets = getattr(element, attribute, None)
            if not assets:
                continue
            setattr(
                element,
                attribute,
                [
                    (name, f"{prefix}/{LOCAL_ASSETS[name]}" if name in LOCAL_ASSETS else url)
                    for name, url in assets
                    if name not in UNUSED_ASSETS
                ],
            )
    return fmap


def _walk(element: object) -> Iterator[object]:
    """Every element of a folium/branca tree, depth first."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def add_districts(
    fmap: folium.Map,
    districts: gpd.GeoDataFrame,
    *,
    fields: Mapping[str, str] | None = None,
    fill_column: str | None = None,
) -> None:
    """Draw district territories, one layer per district model, coloured by clinic.

    Pediatric and adult districts of a clinic cover the same houses, so each model gets its own
    toggleable layer rather than being stacked into one unreadable pile.

    Parameters
    ----------
    fmap
        The map to draw on.
    districts
        District polygons with at least ``district_id``, ``clinic_id`` and ``model``.
    fields
        Tooltip columns mapped to labels (default: district, clinic, model, doctors, attached).
    fill_column
        A column of CSS colours to fill with instead of the clinic's colour (a choropleth).
    """
    fields = dict(
        fields
        or {
            "district_id": "District",
            "clinic_id": "Clinic",
            "model": "Model",
            "doctors": "Doctors",
            "attached": "Attached",
        }
    )
    colours = clinic_colours(districts["clinic_id"].unique().tolist())
    frame = districts.copy()
    frame["geometry"] = frame.geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    frame["_colour"] = (
        frame[fill_column] if fill_column is not None else frame["clinic_id"].map(colours)
    )
    keep = [*fields, "_colour", "geometry"]
    for model, group in frame.groupby("model", sort=True):
        folium.GeoJson(
            group[keep],
            name=f"Districts: {model}",
            show=model in ("gp", "therapist"),
            style_function=lambda feature: {
                "color": "#333333",
                "weight": 1,
                "fillColor": feature["properties"]["_colour"],
                "fillOpacity": 0.35,
            },
            highlight_function=lambda _: {"weight": 3, "fillOpacity": 0.55},
            tooltip=folium.GeoJsonTooltip(fields=list(fields), aliases=list(fields.values())),
        ).add_to(fmap)


def add_clinics(fmap: folium.Map, clinics: gpd.GeoDataFrame, *, name_column: str) -> None:
    """Clinic markers with an icon per kind and a popup with name, kind, address and SHI status."""
    group = folium.FeatureGroup(name="Clinics")
    for row in clinics.itertuples(index=False):
        icon, colour = CLINIC_ICONS.get(str(row.kind), ("circle-question", "gray"))
        supplier = "SHI supplier" if bool(row.shi_supplier) else "NOT an SHI supplier"
        popup = (
            f"<b>{html.escape(str(getattr(row, name_column)))}</b><br>"
            f"{html.escape(str(row.clinic_id))} · {html.escape(str(row.kind))}<br>"
            f"{html.escape(str(row.address))}<br>{supplier}"
        )
        point = row.geometry
        folium.Marker(
            location=[float(np.round(point.y, 7)), float(np.round(point.x, 7))],
            tooltip=f"{row.clinic_id}: {getattr(row, name_column)}",
            popup=folium.Popup(popup, max_width=320),
            icon=folium.Icon(icon=icon, prefix="fa", color=colour),
        ).add_to(group)
    group.add_to(fmap)
