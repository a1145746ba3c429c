"""geo/maps.py's pieces for the app's pages: classes of load, isochrone layers, offline assets."""

from __future__ import annotations

import json
import math

import folium
import geopandas as gpd
import pytest
import shapely

from geo.maps import (
    ISOCHRONE_COLOURS,
    LOAD_COLOURS,
    NO_DATA_COLOUR,
    MapLabels,
    add_buildings,
    add_isochrones,
    add_place,
    base_map,
    choropleth_colours,
    region_map,
    use_local_assets,
)
from geo.package import read_region
from tests.app.conftest import ROOT


def appears(text: str, page: str) -> bool:
    """As written, or as folium's JSON writes it (non-ASCII letters escaped)."""
    return text in page or json.dumps(text)[1:-1] in page


def test_choropleth_classes_put_the_norm_itself_below_it() -> None:
    colours = choropleth_colours([60.0, 80.0, 80.1, 99.0, 100.0, 100.5, 110.0, 140.0, math.nan])
    assert colours == [
        LOAD_COLOURS[0],
        LOAD_COLOURS[0],  # 80 is still "up to 80"
        LOAD_COLOURS[1],
        LOAD_COLOURS[2],
        LOAD_COLOURS[2],  # exactly at the norm is allowed (R-CAP-1), not "above"
        LOAD_COLOURS[3],
        LOAD_COLOURS[3],
        LOAD_COLOURS[4],
        NO_DATA_COLOUR,
    ]


def test_choropleth_checks_its_classes() -> None:
    with pytest.raises(ValueError, match="2 bin edges need 3 colours, got 2"):
        choropleth_colours([1.0], bins=(1.0, 2.0), colours=("#000", "#fff"))
    with pytest.raises(ValueError, match="bins must increase"):
        choropleth_colours([1.0], bins=(2.0, 1.0), colours=("#000", "#111", "#222"))


def test_isochrones_draw_the_widest_first_darkest_closest() -> None:
    fmap = folium.Map(tiles=None)
    rings = gpd.GeoDataFrame(
        {"minutes": [10.0, 20.0, 30.0]},
        geometry=[shapely.Point(70.4, 50.26).buffer(d) for d in (0.001, 0.002, 0.003)],
        crs="EPSG:4326",
    )
    add_isochrones(fmap, rings, name="Reach", tooltip="≤ {minutes} min")
    layer = next(child for child in fmap._children.values() if isinstance(child, folium.GeoJson))
    features = layer.data["features"]
    assert [f["properties"]["_label"] for f in features] == ["≤ 30 min", "≤ 20 min", "≤ 10 min"]
    assert [f["properties"]["_colour"] for f in features] == list(ISOCHRONE_COLOURS[2::-1])


def test_maps_use_the_readers_words_and_only_local_assets() -> None:
    region = read_region(ROOT / "data" / "demo")
    labels = MapLabels(clinics="Медорганизации", districts="Участки: {model}", models={"gp": "ВОП"})
    fmap = region_map(region, labels=labels)
    points = region.buildings.head(3).assign(geometry=lambda f: f.representative_point())
    add_buildings(fmap, points, name="Дома", colour="#000", fields={"street": "Улица"})
    add_place(fmap, 70.4, 50.26, tooltip="<home>")
    page = use_local_assets(fmap, "/app/static/vendor").get_root().render()
    assert appears("Медорганизации", page)
    assert appears("Участки: ВОП", page)
    # The tooltips name the model as the layer does, not by its identifier.
    assert f'"model": {json.dumps("ВОП")}' in page
    assert '"model": "gp"' not in page
    assert "&lt;home&gt;" in page  # escaped
    scripts = [line for line in page.splitlines() if "<script src=" in line or "stylesheet" in line]
    assert scripts
    assert all("/app/static/vendor/" in line for line in scripts), scripts


def test_a_centred_map_is_not_fitted_to_the_region() -> None:
    region = read_region(ROOT / "data" / "demo")
    fitted = base_map(region).get_root().render()
    centred = base_map(region, fit=False).get_root().render()
    assert "fitBounds" in fitted
    assert "fitBounds" not in centred
