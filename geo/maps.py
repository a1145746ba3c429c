"""Folium maps of a region: settlements, district territories and clinics.

Functions here return :class:`folium.Map` objects and know nothing of Streamlit, so the same map
serves the app (through ``streamlit_folium.st_folium``), notebooks and exported HTML reports.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import numpy as np
import shapely
import shapely.geometry

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
ISOCHRONE_COLOURS = ("#08519c", "#3182bd", "#6baed6", "#bdd7e7")
"""Innermost (shortest) budget first: darker is closer."""
LOAD_BINS = (80.0, 95.0, 100.0, 110.0)
"""Edges of the load classes, in % of the norm: under 80, 80-95, 95-100, 100-110, above 110."""
LOAD_COLOURS = ("#2166ac", "#67a9cf", "#d1e5f0", "#ef8a62", "#b2182b")
"""ColorBrewer RdBu (colour-blind safe): blue has room, red is above the norm."""
NO_DATA_COLOUR = "#4d4d4d"


@dataclass(frozen=True)
class MapLabels:
    """What a map names in words (layer control, tooltips), in the page's language.

    The defaults are English; the app passes its own catalog's words, so this module stays free
    of any UI framework. ``districts`` is a template with ``{model}``; ``kinds`` and ``models``
    name clinic kinds and district models (an identifier without a name is shown as it is).
    """

    streets: str = "Streets"
    online_tiles: str = "OpenStreetMap tiles (online)"
    settlements: str = "Settlements"
    districts: str = "Districts: {model}"
    clinics: str = "Clinics"
    shi_supplier: str = "SHI supplier"
    not_shi_supplier: str = "NOT an SHI supplier"
    kinds: Mapping[str, str] = field(default_factory=dict)
    models: Mapping[str, str] = field(default_factory=dict)


ENGLISH = MapLabels()


def clinic_colours(clinic_ids: Sequence[str]) -> dict[str, str]:
    """A stable colour per clinic, so a clinic keeps its colour across pages and maps."""
    return {cid: PALETTE[k % len(PALETTE)] for k, cid in enumerate(sorted(clinic_ids))}


def base_map(
    region: Region,
    *,
    labels: MapLabels = ENGLISH,
    name_column: str = "name_ru",
    zoom_start: int = 12,
    fit: bool = True,
) -> folium.Map:
    """The region's streets and settlement outlines, fitted to the region: a map to draw on.

    Parameters
    ----------
    region
        The loaded region.
    labels
        Layer names in the reader's language.
    name_column
        Which settlement name to show: ``name_kk`` or ``name_ru`` (the data's languages).
    zoom_start
        Initial zoom level.
    fit
        Fit the view to the settlements; off when the caller centres the map itself.
    """
    minx, miny, maxx, maxy = region.settlements.total_bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=zoom_start,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    if fit:
        fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    add_streets(fmap, region.street_edges, labels=labels)
    folium.GeoJson(
        region.settlements[["settlement_id", name_column, "kind", "geometry"]],
        name=labels.settlements,
        style_function=lambda _: {"color": "#444444", "weight": 2, "fill": False, "dashArray": "6"},
        tooltip=folium.GeoJsonTooltip(fields=[name_column], labels=False),
    ).add_to(fmap)
    return fmap


def region_map(
    region: Region,
    *,
    name_column: str = "name_ru",
    district_fields: Mapping[str, str] | None = None,
    districts: gpd.GeoDataFrame | None = None,
    zoom_start: int = 12,
    labels: MapLabels = ENGLISH,
    fill_column: str | None = None,
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
    labels
        Layer names and identifiers in the reader's language.
    fill_column
        A column of ``districts`` holding CSS colours: a choropleth instead of clinic colours.

    Returns
    -------
    folium.Map
        Layers can be toggled in the map's layer control.
    """
    districts = region.districts if districts is None else districts
    fmap = base_map(region, labels=labels, name_column=name_column, zoom_start=zoom_start)
    add_districts(fmap, districts, fields=district_fields, fill_column=fill_column, labels=labels)
    add_clinics(fmap, region.clinics, name_column=name_column, labels=labels)
    add_layer_control(fmap)
    return fmap


def add_layer_control(fmap: folium.Map) -> None:
    """The layer switcher; add it last, after every layer it should list."""
    folium.LayerControl(collapsed=True).add_to(fmap)


def add_streets(fmap: folium.Map, edges: gpd.GeoDataFrame, *, labels: MapLabels = ENGLISH) -> None:
    """The region's own streets as the basemap, plus online tiles for those who have internet.

    Tiles need the internet; the street layer comes from the data package, so a map is readable
    offline. The online tile layer is there to switch on, never required.
    """
    folium.TileLayer(ONLINE_TILES, name=labels.online_tiles, overlay=True, show=False).add_to(fmap)
    drivable = edges.geometry[edges["drive"].astype(bool)].to_numpy()
    # One MultiLineString feature, not one feature per street: the layer is drawn in one style
    # and never clicked, and folium styles GeoJSON feature by feature in Python (3,000 streets
    # took 0.3 s of every page run; one feature takes milliseconds).
    lines = shapely.get_parts(np.asarray(drivable, dtype=object))
    folium.GeoJson(
        {
            "type": "Feature",
            "properties": {},
            "geometry": shapely.geometry.mapping(shapely.MultiLineString(list(lines))),
        },
        name=labels.streets,
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
    labels: MapLabels = ENGLISH,
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
    labels
        Names of the layers (one per model).
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
        named = labels.models.get(str(model), str(model))
        folium.GeoJson(
            # The tooltip names the model in the reader's language, as the layer does.
            group[keep].assign(model=named) if "model" in keep else group[keep],
            name=labels.districts.format(model=named),
            show=model in ("gp", "therapist"),
            style_function=lambda feature: {
                "color": "#333333",
                "weight": 1,
                "fillColor": feature["properties"]["_colour"],
                "fillOpacity": 0.55 if fill_column is not None else 0.35,
            },
            highlight_function=lambda _: {"weight": 3, "fillOpacity": 0.55},
            tooltip=folium.GeoJsonTooltip(fields=list(fields), aliases=list(fields.values())),
        ).add_to(fmap)


def add_clinics(
    fmap: folium.Map,
    clinics: gpd.GeoDataFrame,
    *,
    name_column: str,
    labels: MapLabels = ENGLISH,
    details: Mapping[str, str] | None = None,
    highlight: str | None = None,
) -> None:
    """Clinic markers with an icon per kind and a popup with name, kind, address and SHI status.

    Parameters
    ----------
    fmap
        The map to draw on.
    clinics
        The clinics layer.
    name_column
        ``name_kk`` or ``name_ru``.
    labels
        Words for kinds and SHI status.
    details
        Per clinic ID, plain text, one line per item, added to its tooltip and popup,
        e.g. travel time and remaining capacity; escaped here.
    highlight
        A clinic ID to ring: the one the reader chose.
    """
    group = folium.FeatureGroup(name=labels.clinics)
    for row in clinics.itertuples(index=False):
        clinic_id = str(row.clinic_id)
        kind = str(row.kind)
        icon, colour = CLINIC_ICONS.get(kind, ("circle-question", "gray"))
        supplier = labels.shi_supplier if bool(row.shi_supplier) else labels.not_shi_supplier
        name = html.escape(str(getattr(row, name_column)))
        extra = "".join(
            f"<br>{html.escape(line)}"
            for line in (details or {}).get(clinic_id, "").splitlines()
            if line
        )
        popup = (
            f"<b>{name}</b><br>"
            f"{html.escape(clinic_id)} · {html.escape(labels.kinds.get(kind, kind))}<br>"
            f"{html.escape(str(row.address))}<br>{html.escape(supplier)}{extra}"
        )
        point = row.geometry
        location = [float(np.round(point.y, 7)), float(np.round(point.x, 7))]
        if clinic_id == highlight:
            folium.CircleMarker(
                location=location, radius=24, color="#000000", weight=4, fill=False
            ).add_to(group)
        folium.Marker(
            location=location,
            tooltip=f"{html.escape(clinic_id)}: {name}{extra}",
            popup=folium.Popup(popup, max_width=320),
            icon=folium.Icon(icon=icon, prefix="fa", color=colour),
        ).add_to(group)
    group.add_to(fmap)


def add_area(
    fmap: folium.Map,
    shapes: gpd.GeoDataFrame,
    *,
    name: str,
    colour: str,
    fields: Mapping[str, str] | None = None,
    fill_opacity: float = 0.12,
    weight: float = 3.0,
) -> None:
    """Outline polygons in one colour (the territory that covers an address, say).

    Parameters
    ----------
    fields
        Columns shown in the tooltip, mapped to their labels; none for no tooltip.
    """
    columns = list(fields or {})
    layer = folium.GeoJson(
        shapes[[*columns, "geometry"]],
        name=name,
        style_function=lambda _: {
            "color": colour,
            "weight": weight,
            "fillColor": colour,
            "fillOpacity": fill_opacity,
        },
        tooltip=(
            folium.GeoJsonTooltip(fields=columns, aliases=list((fields or {}).values()))
            if columns
            else None
        ),
    )
    layer.add_to(fmap)


def add_isochrones(
    fmap: folium.Map,
    isochrones: gpd.GeoDataFrame,
    *,
    name: str,
    tooltip: str = "{minutes:g} min",
    colours: Sequence[str] = ISOCHRONE_COLOURS,
) -> None:
    """Areas reachable within each budget (``geo.network.StreetNetwork.isochrones``).

    The largest is drawn first so the smaller ones stay visible on top; ``tooltip`` is a
    template with ``{minutes}``.
    """
    frame = isochrones[~isochrones.geometry.is_empty].sort_values("minutes", ascending=False)
    if frame.empty:
        return
    order = sorted(frame["minutes"].tolist())
    frame = frame.assign(
        _colour=[colours[min(order.index(m), len(colours) - 1)] for m in frame["minutes"]],
        _label=[tooltip.format(minutes=f"{float(m):g}") for m in frame["minutes"]],
    )
    frame["geometry"] = frame.geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    folium.GeoJson(
        frame[["_label", "_colour", "geometry"]],
        name=name,
        style_function=lambda feature: {
            "color": feature["properties"]["_colour"],
            "weight": 1,
            "fillColor": feature["properties"]["_colour"],
            "fillOpacity": 0.18,
        },
        tooltip=folium.GeoJsonTooltip(fields=["_label"], labels=False),
    ).add_to(fmap)


def add_place(fmap: folium.Map, lon: float, lat: float, *, tooltip: str) -> None:
    """The reader's address: a black house marker."""
    folium.Marker(
        location=[float(np.round(lat, 7)), float(np.round(lon, 7))],
        tooltip=html.escape(tooltip),
        icon=folium.Icon(icon="house", prefix="fa", color="black"),
    ).add_to(fmap)


def fit_to(
    fmap: folium.Map, lonlats: Sequence[tuple[float, float]], *, margin: float = 0.01
) -> None:
    """Fit the view to some points (and ``margin`` degrees around them); none leaves it be."""
    if not lonlats:
        return
    lons = [lon for lon, _ in lonlats]
    lats = [lat for _, lat in lonlats]
    fmap.fit_bounds(
        [[min(lats) - margin, min(lons) - margin], [max(lats) + margin, max(lons) + margin]]
    )


def add_buildings(
    fmap: folium.Map,
    points: gpd.GeoDataFrame,
    *,
    name: str,
    colour: str,
    fields: Mapping[str, str],
    radius: float = 3.0,
    show: bool = True,
) -> None:
    """Buildings as small circles in one layer (drawn on the canvas: thousands stay fast).

    ``points`` must have point geometry (e.g. ``representative_point()``); ``fields`` are the
    tooltip's columns mapped to labels.
    """
    if points.empty:
        return
    columns = list(fields)
    folium.GeoJson(
        points[[*columns, "geometry"]],
        name=name,
        show=show,
        marker=folium.CircleMarker(
            radius=radius, color=colour, weight=1, fill=True, fill_color=colour, fill_opacity=0.8
        ),
        tooltip=folium.GeoJsonTooltip(fields=columns, aliases=list(fields.values())),
    ).add_to(fmap)


def choropleth_colours(
    values: Iterable[float],
    *,
    bins: Sequence[float] = LOAD_BINS,
    colours: Sequence[str] = LOAD_COLOURS,
    missing: str = NO_DATA_COLOUR,
) -> list[str]:
    """A colour per value by class: ``colours[k]`` for ``bins[k-1] < value <= bins[k]``.

    ``len(colours)`` must be ``len(bins) + 1``; a value equal to an edge falls in the class
    below it (100 % of the norm is "at the norm", not above). NaN gets ``missing``.

    Raises
    ------
    ValueError
        When the counts of bins and colours do not match or the bins are not increasing.
    """
    if len(colours) != len(bins) + 1:
        raise ValueError(
            f"choropleth_colours: {len(bins)} bin edges need {len(bins) + 1} colours, got "
            f"{len(colours)}"
        )
    if any(b >= a for a, b in zip(bins[1:], bins[:-1], strict=False)):
        raise ValueError(f"choropleth_colours: bins must increase, got {list(bins)}")
    out = []
    for value in values:
        number = float(value)
        if math.isnan(number):
            out.append(missing)
            continue
        out.append(colours[int(np.searchsorted(np.asarray(bins), number, side="left"))])
    return out
