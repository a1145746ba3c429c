"""A tiny, valid region near Astana, built in code, for tests of geo/ and beyond.

``make_tiny_region()`` returns a fresh :class:`geo.package.Region` every call (so a test may
change it freely); the ``tiny_region`` fixture wraps it and ``tiny_package`` writes it to a
temporary folder. ``write_package_unchecked`` writes layers as given, without validation, to
build the broken packages that reading must refuse.

The numbers are chosen to be checked by hand:

- admin_units: oblast AU-1 (71.0..71.9 E, 50.9..51.4 N) holding city AU-2 (71.2..71.6, 51.0..51.25)
- settlements: city S-1 (71.3..71.5, 51.05..51.2) and its suburb village S-2 (71.52..71.58,
  51.0..51.04), a border area
- clinics: polyclinic C-1 at 71.40 51.12 in S-1, paramedic post C-2 at 71.55 51.02 in S-2
- districts: D-1 gp (C-1, 1.0 doctor, 1650 attached, west half of S-1), D-2 pediatric_0_6 (C-1,
  2.0 doctors, 900 attached, east half), D-3 therapist (C-2, 0.5 doctor, 1000 attached, all S-2)
- buildings: B-1 Абая 10 (70 people), B-2 Абая 12а (a polygon, 35), B-3 Абая 37 (50) in S-1,
  B-4 Жамбыла 2 (20) in S-2
- streets: nodes 1 (71.35 51.10), 2 (71.40 51.10), 3 (71.45 51.10), 4 (71.55 51.02); edges 1-2 and
  2-3 along Абая, 3-4 an unnamed drive-only road; lengths are geodesic metres
- district_streets: D-1 Абая "1-35 odd; 2-40 even", D-2 Абая "37-99 odd; 42-100 even",
  D-3 Жамбыла "all"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from geo.package import GPKG_NAME, TOML_NAME, Region, RegionConfig, write_region
from geo.schema import LAYERS

WGS84 = "EPSG:4326"

TINY_CONFIG = RegionConfig(
    name="Tiny region",
    name_kk="Шағын аймақ",
    name_ru="Малый регион",
    languages=("kk", "ru", "en"),
    utc_offset="+05:00",
    data_date=dt.date(2026, 9, 1),
    walk_speed_kph=4.5,
    campaign={},
    norms={},
    sources=({"name": "hand-made test data", "licence": "CC0-1.0", "url": "https://example.org"},),
)

NODES = {1: (71.35, 51.10), 2: (71.40, 51.10), 3: (71.45, 51.10), 4: (71.55, 51.02)}


def make_tiny_region() -> Region:
    """Return a new minimal valid region (see the module docstring for its contents)."""
    admin_units = gpd.GeoDataFrame(
        {
            "unit_id": ["AU-1", "AU-2"],
            "name_kk": ["Ақмола облысы", "Астана"],
            "name_ru": ["Акмолинская область", "Астана"],
            "level": ["oblast", "city"],
            "parent_id": [None, "AU-1"],
        },
        geometry=[box(71.0, 50.9, 71.9, 51.4), box(71.2, 51.0, 71.6, 51.25)],
        crs=WGS84,
    )
    settlements = gpd.GeoDataFrame(
        {
            "settlement_id": ["S-1", "S-2"],
            "name_kk": ["Астана", "Қосшы"],
            "name_ru": ["Астана", "Косшы"],
            "kind": ["city", "village"],
            "unit_id": ["AU-2", "AU-1"],
            "suburb_of": [None, "S-1"],
            "border_area": [False, True],
        },
        geometry=[box(71.3, 51.05, 71.5, 51.2), box(71.52, 51.0, 71.58, 51.04)],
        crs=WGS84,
    )
    clinics = gpd.GeoDataFrame(
        {
            "clinic_id": ["C-1", "C-2"],
            "name_kk": ["№1 қалалық емхана", "Қосшы фельдшерлік пункті"],
            "name_ru": ["Городская поликлиника №1", "Фельдшерский пункт Косшы"],
            "kind": ["polyclinic", "paramedic_post"],
            "settlement_id": ["S-1", "S-2"],
            "address": ["ул. Абая 10", "Жамбыл көшесі 2"],
            "shi_supplier": [True, True],
            "packages": ["gobmp;osms", "gobmp"],
            "phone": ["+7 7172 000001", None],
        },
        geometry=[Point(71.40, 51.12), Point(71.55, 51.02)],
        crs=WGS84,
    )
    districts = gpd.GeoDataFrame(
        {
            "district_id": ["D-1", "D-2", "D-3"],
            "clinic_id": ["C-1", "C-1", "C-2"],
            "model": ["gp", "pediatric_0_6", "therapist"],
            "doctors": [1.0, 2.0, 0.5],
            "attached": [1650, 900, 1000],
        },
        geometry=[
            box(71.30, 51.05, 71.40, 51.20),
            box(71.40, 51.05, 71.50, 51.20),
            box(71.52, 51.00, 71.58, 51.04),
        ],
        crs=WGS84,
    )
    district_streets = pd.DataFrame(
        {
            "district_id": ["D-1", "D-2", "D-3"],
            "street": ["Абая", "Абая", "Жамбыла"],
            "house_ranges": ["1-35 odd; 2-40 even", "37-99 odd; 42-100 even", "all"],
        }
    )
    buildings = gpd.GeoDataFrame(
        {
            "building_id": ["B-1", "B-2", "B-3", "B-4"],
            "street": ["Абая", "Абая", "Абая", "Жамбыла"],
            "housenumber": ["10", "12а", "37", "2"],
            "settlement_id": ["S-1", "S-1", "S-1", "S-2"],
            "pop_0_6": [10, 5, 6, 2],
            "pop_7_14": [8, 4, 6, 3],
            "pop_15_17": [3, 2, 3, 1],
            "pop_18_62": [40, 20, 25, 10],
            "pop_63_plus": [9, 4, 10, 4],
        },
        geometry=[
            Point(71.35, 51.10),
            box(71.3595, 51.0995, 71.3605, 51.1005),
            Point(71.45, 51.15),
            Point(71.55, 51.02),
        ],
        crs=WGS84,
    )
    street_nodes = gpd.GeoDataFrame(
        {"node_id": list(NODES)}, geometry=[Point(xy) for xy in NODES.values()], crs=WGS84
    )
    pairs = [(1, 2), (2, 3), (3, 4)]
    lines = [LineString([NODES[u], NODES[v]]) for u, v in pairs]
    geod = Geod(ellps="WGS84")
    street_edges = gpd.GeoDataFrame(
        {
            "u": [u for u, _ in pairs],
            "v": [v for _, v in pairs],
            "name": ["Абая", "Абая", None],
            "length_m": [round(geod.geometry_length(line), 1) for line in lines],
            "speed_kph": [40.0, 40.0, 60.0],
            "walk": [True, True, False],
            "drive": [True, True, True],
            "oneway": [False, False, True],
        },
        geometry=lines,
        crs=WGS84,
    )
    return Region(
        path=None,
        config=TINY_CONFIG,
        admin_units=admin_units,
        settlements=settlements,
        clinics=clinics,
        districts=districts,
        buildings=buildings,
        street_nodes=street_nodes,
        street_edges=street_edges,
        district_streets=district_streets,
    )


def tiny_frames() -> dict[str, Any]:
    """Every layer of a new tiny region by name, to break before ``write_package_unchecked``.

    Typed ``Any`` because the values are GeoDataFrames and one DataFrame, and tests call
    GeoDataFrame methods on them.
    """
    region = make_tiny_region()
    return {layer.name: region.layer(layer.name) for layer in LAYERS}


def tiny_config_text() -> str:
    """The tiny region's ``region.toml``, written by hand as a person would."""
    return (
        "[region]\n"
        'name = "Tiny region"\n'
        'name_kk = "Шағын аймақ"\n'
        'name_ru = "Малый регион"\n'
        'languages = ["kk", "ru", "en"]\n'
        'utc_offset = "+05:00"\n'
        "data_date = 2026-09-01\n"
        "walk_speed_kph = 4.5\n"
        "\n"
        "[[sources]]\n"
        'name = "hand-made test data"\n'
        'licence = "CC0-1.0"\n'
        'url = "https://example.org"\n'
    )


def write_package_unchecked(
    folder: Path,
    frames: Mapping[str, pd.DataFrame],
    config: str | bytes | None = None,
) -> Path:
    """Write layers and ``region.toml`` exactly as given: no validation, no reprojection.

    Layers are written without a spatial index, so a test can edit the file with ``sqlite3``
    (GDAL's R-tree triggers call SpatiaLite functions that plain ``sqlite3`` does not have).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        pyogrio.write_dataframe(
            frame,
            folder / GPKG_NAME,
            layer=name,
            driver="GPKG",
            layer_options={"SPATIAL_INDEX": "NO"},
        )
    text = tiny_config_text() if config is None else config
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / TOML_NAME).write_bytes(data)
    return folder


@pytest.fixture
def tiny_region() -> Region:
    """A new minimal valid region near Astana."""
    return make_tiny_region()


@pytest.fixture
def tiny_package(tmp_path: Path) -> Path:
    """The tiny region written by ``write_region`` to ``tmp_path / "tiny"``."""
    return write_region(make_tiny_region(), tmp_path / "tiny")
