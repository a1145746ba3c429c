"""Tests of the OpenStreetMap import (geo/osm.py) and its command (catchments/osm_cli.py).

Everything runs offline on ``tests/data/osm/village.osm`` and ``village.osm.pbf`` (the same
village, described with its expected numbers in ``tests/data/osm/make_fixtures.py``) and on
variants of it written to a temporary folder. The online way in (``region_from_place``) cannot
reach Overpass here: it is tested with osmnx's download functions replaced by readers of the
fixture, so its wiring into the same pure constructor is exercised, not the download itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import osmnx as ox
import pandas as pd
import pytest
import requests
import shapely

from catchments import osm_cli
from catchments.osm_cli import OSM_ERRORS, add_osm_command
from geo.osm import (
    AGE_SHARES,
    ImportOptions,
    ImportSummary,
    OsmImport,
    OsmImportError,
    _hstore,
    phc_kind,
    region_from_file,
    region_from_osm_data,
    region_from_place,
)
from geo.package import read_region, validate_region, write_region
from geo.schema import AGE_BANDS, BUILDINGS

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "osm"
VILLAGE = FIXTURES / "village.osm"
VILLAGE_PBF = FIXTURES / "village.osm.pbf"
DATE = dt.date(2026, 9, 1)
SCHEMA_KEEPS_UNADDRESSED = all(
    column.kind == "str_or_null"
    for column in BUILDINGS.columns
    if column.name in ("street", "housenumber")
)


@pytest.fixture(scope="module")
def village() -> OsmImport:
    return region_from_file(VILLAGE, data_date=DATE)


def tags_of(element: ET.Element) -> dict[str, str]:
    return {tag.get("k", ""): tag.get("v", "") for tag in element.findall("tag")}


def variant(
    tmp_path: Path,
    *,
    drop: Callable[[ET.Element], bool] = lambda element: False,
    drop_tags: Callable[[str], bool] = lambda key: False,
    add: str = "",
    name: str = "variant.osm",
) -> Path:
    """The village with some elements and tags removed and others (OSM XML text) appended."""
    tree = ET.parse(VILLAGE)
    root = tree.getroot()
    for element in list(root):
        if drop(element):
            root.remove(element)
            continue
        for tag in element.findall("tag"):
            if drop_tags(tag.get("k", "")):
                element.remove(tag)
    if add:
        for element in ET.fromstring(f"<osm>{add}</osm>"):
            root.append(element)
    path = tmp_path / name
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path


def edge(import_: OsmImport, name: str | None) -> Any:
    edges = import_.region.street_edges
    return edges[edges["name"] == name] if name else edges[edges["name"].isna()]


# --------------------------------------------------------------------------------------------
# The region and its summary
# --------------------------------------------------------------------------------------------


def test_the_region_validates(village: OsmImport) -> None:
    problems = validate_region(village.region)
    assert [p for p in problems if p.severity == "error"] == []
    # district_streets is empty on purpose (OSM has no street lists): a warning, not an error.
    assert {(p.layer, p.check) for p in problems} == {("district_streets", "empty_layer")}


def test_summary_counts_what_the_fixture_holds(village: OsmImport) -> None:
    summary = village.summary
    assert (summary.street_nodes, summary.street_edges) == (10, 13)
    assert (summary.buildings, summary.buildings_with_address) == (21, 14)
    assert summary.clinics == {
        "polyclinic": 1,
        "outpatient": 1,
        "paramedic_post": 0,
        "family_health_centre": 1,
    }
    assert summary.skipped_facilities == {"clinic": 1, "hospital": 1}
    assert summary.skipped_hospitals == 1
    assert (summary.settlements, summary.settlements_as_circles, summary.admin_units) == (1, 1, 2)
    # 11 addressed houses x 4 + 270 + 40 in addressed buildings; 4 x 4 + 13 + 4 in the others.
    if SCHEMA_KEEPS_UNADDRESSED:
        assert (summary.buildings_in_package, summary.residents) == (21, 387)
        assert summary.residents_left_out == 0
    else:
        assert (summary.buildings_in_package, summary.residents) == (14, 354)
        assert summary.residents_left_out == 33


def test_summary_text(village: OsmImport) -> None:
    text = str(village.summary)
    assert "streets: 10 nodes, 13 edges" in text
    assert "buildings: 21, with an address: 14" in text
    assert "clinics: 3 (polyclinic: 1, outpatient: 1, family_health_centre: 1)" in text
    assert "not primary care by their name): 2 (clinic: 1, hospital: 1)" in text
    assert "settlements: 1 (1 drawn as circles around a place node)" in text
    assert "settlements mapped only as a place node, drawn as circles (city 5,000 m" in text
    assert "districts are placeholders: one gp district per clinic" in text
    assert "shi_supplier is true" in text
    assert "residents are estimated" in text


def test_summary_text_separates_thousands() -> None:
    summary = ImportSummary(
        street_nodes=12_345,
        street_edges=23_456,
        buildings=8_198,
        buildings_with_address=635,
        buildings_in_package=8_198,
        residents=123_456,
        residents_left_out=0,
        clinics={"polyclinic": 12, "outpatient": 0, "paramedic_post": 0, "family_health_centre": 3},
        skipped_facilities={"hospital": 4},
        settlements=1,
        settlements_as_circles=0,
        admin_units=5,
    )
    text = str(summary)
    assert "buildings: 8,198, with an address: 635\n" in text
    assert "streets: 12,345 nodes, 23,456 edges" in text
    assert "estimated residents: 123,456\n" in text
    assert "clinics: 15 (polyclinic: 12, family_health_centre: 3)" in text
    assert "not primary care by their name): 4 (hospital: 4)" in text
    assert "to check" not in text  # no notes, no heading


def test_region_toml(village: OsmImport) -> None:
    config = village.region.config
    assert (config.name, config.name_kk, config.name_ru) == ("village", "village", "village")
    assert config.languages == ("kk", "ru", "en")
    assert (config.utc_offset, config.data_date) == ("+05:00", DATE)
    assert config.sources == (
        {
            "name": "OpenStreetMap contributors",
            "licence": "ODbL-1.0",
            "url": "https://www.openstreetmap.org/copyright",
        },
    )


def test_progress_reports_every_step_in_order() -> None:
    seen: list[tuple[int, int, str]] = []
    region_from_file(VILLAGE, data_date=DATE, progress=lambda *step: seen.append(step))
    assert [(step, total) for step, total, _ in seen] == [(n, 6) for n in range(1, 7)]
    assert seen[0][2] == "reading OpenStreetMap data: village.osm (osmnx)"
    assert [what for _, _, what in seen[1:]] == [
        "streets",
        "admin units and settlements",
        "buildings",
        "clinics",
        "districts",
    ]


@pytest.mark.parametrize(
    ("path", "engine"), [(VILLAGE, "gdal"), (VILLAGE_PBF, None)], ids=["gdal-xml", "gdal-pbf"]
)
def test_gdal_reads_the_same_region_as_osmnx(village: OsmImport, path: Path, engine: Any) -> None:
    other = region_from_file(path, data_date=DATE, engine=engine, name="village")
    assert str(other.summary) == str(village.summary)
    assert validate_region(other.region) == validate_region(village.region)
    for layer in ("admin_units", "settlements", "clinics", "buildings", "districts"):
        mine, theirs = village.region.layer(layer), other.region.layer(layer)
        assert mine.drop(columns="geometry").equals(theirs.drop(columns="geometry")), layer
        difference = shapely.symmetric_difference(
            mine.geometry.to_numpy(dtype=object), theirs.geometry.to_numpy(dtype=object)
        )
        assert shapely.area(difference).max() < 1e-12, layer
    # Node IDs differ (GDAL loses them), the street layout does not.
    assert sorted(other.region.street_edges["length_m"]) == pytest.approx(
        sorted(village.region.street_edges["length_m"]), abs=0.01
    )
    assert other.region.street_edges["oneway"].sum() == 2
    assert sorted(other.region.street_edges["name"].dropna()) == sorted(
        village.region.street_edges["name"].dropna()
    )


# --------------------------------------------------------------------------------------------
# Streets
# --------------------------------------------------------------------------------------------


def test_names_keep_cyrillic_and_kazakh_letters(village: OsmImport) -> None:
    names = set(village.region.street_edges["name"].dropna())
    assert names == {
        "улица Абая",
        "Құрманғазы көшесі",
        "проспект Достық",
        "улица Жамбыла",
        "Әуезов көшесі",
        "переулок Тихий",
    }


def test_oneway_is_kept_in_its_direction(village: OsmImport) -> None:
    edges = village.region.street_edges
    nodes = village.region.street_nodes.set_index("node_id")
    one_way = edge(village, "переулок Тихий")
    assert len(one_way) == 2
    assert one_way["oneway"].all()
    # Drawn south to north: u is the southern end of each row.
    assert (
        nodes.loc[one_way["u"]].geometry.y.to_numpy()
        < nodes.loc[one_way["v"]].geometry.y.to_numpy()
    ).all()
    assert not edges[edges["name"] != "переулок Тихий"]["oneway"].any()


def test_parallel_edges_keep_the_shortest(village: OsmImport) -> None:
    abaya = edge(village, "улица Абая")
    # Two 150 m stretches (great-circle on the sphere osmnx uses: 149.5 m); the shape vertex at
    # x = 225 m is gone, and the 170 m bent road between the same two crossings is dropped.
    assert len(abaya) == 2
    assert abaya["length_m"].to_numpy() == pytest.approx([149.5, 149.5], abs=0.1)
    unnamed = edge(village, None)
    assert unnamed["highway"].tolist() == ["footway"]
    pairs = {tuple(sorted(pair)) for pair in village.region.street_edges[["u", "v"]].to_numpy()}
    assert len(pairs) == 13  # one row per pair of nodes


def test_walk_drive_flags_and_speeds(village: OsmImport) -> None:
    footway = edge(village, None).iloc[0]
    assert (footway["walk"], footway["drive"], footway["speed_kph"]) == (True, False, 5.0)
    assert footway["length_m"] == pytest.approx(120, rel=0.005)
    speeds = village.region.street_edges.groupby("name")["speed_kph"].unique()
    assert speeds["проспект Достық"].tolist() == [60.0]  # its maxspeed tag
    assert speeds["Құрманғазы көшесі"].tolist() == [40.0]  # tertiary default
    assert speeds["улица Абая"].tolist() == [30.0]  # residential default
    named = village.region.street_edges.dropna(subset=["name"])
    assert named["walk"].all()
    assert named["drive"].all()


# --------------------------------------------------------------------------------------------
# Buildings
# --------------------------------------------------------------------------------------------


def test_buildings_addresses_and_estimated_population(village: OsmImport) -> None:
    buildings = village.region.buildings.set_index("building_id")
    people = buildings[list(AGE_BANDS)].sum(axis=1)
    apartments = buildings[buildings["kind"] == "apartments"]
    # 60 x 15 m x 9 levels / 30 m² = 270; 20 x 12 m x 5 default levels / 30 m² = 40.
    assert sorted(people[apartments.index].tolist()) == [40, 270]
    tall = apartments[apartments["levels"] == 9].iloc[0]
    assert (tall["street"], tall["housenumber"]) == ("Құрманғазы көшесі", "15")
    assert tall[list(AGE_BANDS)].tolist() == [38, 41, 13, 151, 27]  # 270 x (.14 .15 .05 .56 .10)
    houses = buildings[buildings["kind"] == "house"]
    assert (people[houses.index] == 4).all()  # 12 x 10 m, one level
    polyclinic = buildings.loc["B-w129"]
    assert (polyclinic["street"], polyclinic["housenumber"], people["B-w129"]) == (
        "Әуезов көшесі",
        "7",
        0,
    )
    assert set(buildings["settlement_id"]) == {"S-n101"}


def test_buildings_without_an_address_can_be_kept(tmp_path: Path) -> None:
    kept = region_from_file(VILLAGE, data_date=DATE, options=ImportOptions(keep_unaddressed=True))
    buildings = kept.region.buildings
    assert len(buildings) == 21
    blank = buildings[(buildings["street"] == "") | (buildings["housenumber"] == "")]
    assert len(blank) == 7
    # The house with only addr:housenumber=21 keeps its number but has no street.
    assert sorted(blank["housenumber"]) == ["", "", "", "", "", "", "21"]
    assert kept.summary.residents == 387
    text = str(kept.summary)
    assert "(addr:street or addr:place plus addr:housenumber): 7; kept for their residents" in text


def test_age_shares_and_floor_area_are_options() -> None:
    options = ImportOptions(
        age_shares={
            "pop_0_6": 0.0,
            "pop_7_14": 0.0,
            "pop_15_17": 0.0,
            "pop_18_62": 1.0,
            "pop_63_plus": 0.0,
        },
        floor_area_per_person_m2=60.0,
    )
    result = region_from_file(VILLAGE, data_date=DATE, options=options)
    buildings = result.region.buildings.set_index("building_id")
    assert buildings.loc["B-w125", "pop_18_62"] == 135  # 900 m² x 9 / 60
    assert buildings[["pop_0_6", "pop_7_14", "pop_15_17", "pop_63_plus"]].to_numpy().sum() == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"age_shares": {"pop_0_6": 1.0}}, "must have exactly the keys"),
        (
            {"age_shares": dict.fromkeys(AGE_BANDS, 0.3)},
            "must be non-negative and sum to 1",
        ),
        ({"floor_area_per_person_m2": 0.0}, "floor_area_per_person_m2 must be positive"),
        ({"settlement_radius_m": {"city": 1.0}}, "settlement_radius_m lacks hamlet, town"),
        ({"highway_speeds_kph": {"residential": "fast"}}, "highway_speeds_kph must be positive"),
        ({"age_shares": {**AGE_SHARES, "pop_0_6": math.nan}}, "must be non-negative and sum"),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(OsmImportError, match=message):
        ImportOptions(**options)


# --------------------------------------------------------------------------------------------
# Clinics, settlements, admin units, districts
# --------------------------------------------------------------------------------------------


def test_clinics_kinds_names_and_addresses(village: OsmImport) -> None:
    clinics = village.region.clinics.set_index("clinic_id")
    polyclinic = clinics.loc["C-w129"]
    assert (polyclinic["kind"], polyclinic["name_kk"], polyclinic["name_ru"]) == (
        "polyclinic",
        "№1 қалалық емхана",
        "Городская поликлиника №1",
    )
    assert polyclinic["address"] == "Жаңаауыл, Әуезов көшесі, 7"
    assert polyclinic["phone"] == "+7 7212 41-00-01"
    assert polyclinic["osm_tag"] == "hospital"  # a polyclinic tagged amenity=hospital
    outpatient = clinics.loc["C-n97"]
    assert (outpatient["kind"], outpatient["name_ru"], outpatient["address"]) == (
        "outpatient",
        "Врачебная амбулатория",
        "Жаңаауыл",
    )
    centre = clinics.loc["C-n98"]
    assert (centre["kind"], centre["name_kk"], centre["name_ru"]) == (
        "family_health_centre",
        "Отбасылық денсаулық орталығы",
        "Центр семейного здоровья",
    )
    assert clinics["shi_supplier"].all()
    assert set(clinics["packages"]) == {"gobmp,osms"}
    assert set(clinics["settlement_id"]) == {"S-n101"}
    names = set(clinics["name_ru"])
    assert "Областная больница" not in names
    assert "Стоматология «Дент»" not in names


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (("№1 қалалық емхана",), "polyclinic"),
        (("Городская поликлиника №3",), "polyclinic"),
        (("Қалалық емханасы",), "polyclinic"),
        (("Врачебная амбулатория",), "outpatient"),
        (("Ауылдық дәрігерлік амбулатория",), "outpatient"),
        (("ФАП с. Бирлик",), "paramedic_post"),
        (("Фельдшерско-акушерский пункт",), "paramedic_post"),
        (("Медициналық пункт",), "paramedic_post"),
        (("ФАП поликлиники №2",), "paramedic_post"),
        (("Центр семейного здоровья «Шипагер»",), "family_health_centre"),
        (("Отбасылық денсаулық орталығы",), "family_health_centre"),
        (("Центр ПМСП №5",), "family_health_centre"),
        (("МСАК орталығы",), "family_health_centre"),
        ((None, "Областная больница", "Облыстық аурухана"), None),
        (("Стоматология «Дент»",), None),
        (("Фапиков",), None),  # ФАП as part of a word is not a paramedic post
        ((None,), None),
        (("Hospital", "Городская поликлиника №1"), "polyclinic"),  # any of the names counts
    ],
)
def test_phc_kind(names: tuple[str | None, ...], kind: str | None) -> None:
    assert phc_kind(*names) == kind


def test_settlement_circle_and_admin_units(village: OsmImport) -> None:
    settlement = village.region.settlements.iloc[0]
    assert (settlement["settlement_id"], settlement["name_kk"], settlement["name_ru"]) == (
        "S-n101",
        "Жаңаауыл",
        "Жанаауыл",
    )
    assert (settlement["kind"], settlement["area_source"], settlement["unit_id"]) == (
        "village",
        "circle",
        "U-r9001",
    )
    metric = village.region.settlements.to_crs(village.region.settlements.estimate_utm_crs())
    assert metric.area.iloc[0] == pytest.approx(math.pi * 1000**2, rel=0.01)
    units = village.region.admin_units.set_index("unit_id")
    assert units.loc["U-r9001", ["name_kk", "name_ru", "level", "parent_id"]].tolist() == [
        "Абай ауданы",
        "Абайский район",
        "rayon",
        "U-w132",
    ]
    assert units.loc["U-w132", ["name_ru", "level"]].tolist() == [
        "Карагандинская область",
        "oblast",
    ]
    assert pd.isna(units.loc["U-w132", "parent_id"])


def test_districts_are_voronoi_cells_within_the_settlement(village: OsmImport) -> None:
    region = village.region
    crs = region.settlements.estimate_utm_crs()
    districts = region.districts.to_crs(crs)
    clinics = region.clinics.to_crs(crs).set_index("clinic_id")
    assert districts["model"].tolist() == ["gp"] * 3
    assert districts["doctors"].tolist() == [0.0] * 3
    assert districts["attached"].tolist() == [0] * 3
    for district in districts.itertuples():
        assert district.geometry.contains(clinics.loc[district.clinic_id, "geometry"])
    union = shapely.union_all(districts.geometry.to_numpy())
    settlement = region.settlements.to_crs(crs).geometry.iloc[0]
    assert union.area == pytest.approx(settlement.area, rel=1e-6)
    assert sum(districts.area) == pytest.approx(union.area, rel=1e-6)  # no overlaps
    assert len(region.district_streets) == 0
    assert list(region.district_streets.columns) == ["district_id", "street", "house_ranges"]


def test_a_village_node_takes_its_admin_boundary(tmp_path: Path) -> None:
    # A closed way admin_level=9 "Жаңаауыл ауылы" around the place node, ±0.004° x ±0.003°.
    corners = [(71.398, 51.098), (71.406, 51.098), (71.406, 51.104), (71.398, 51.104)]
    nodes = "".join(
        f'<node id="{5001 + i}" lat="{lat}" lon="{lon}"/>' for i, (lon, lat) in enumerate(corners)
    )
    refs = "".join(f'<nd ref="{ref}"/>' for ref in (5001, 5002, 5003, 5004, 5001))
    way = (
        f'<way id="6001">{refs}<tag k="boundary" v="administrative"/>'
        '<tag k="admin_level" v="9"/><tag k="name" v="Жаңаауыл ауылы"/></way>'
    )
    result = region_from_file(variant(tmp_path, add=nodes + way), data_date=DATE)
    settlement = result.region.settlements.iloc[0]
    assert settlement["area_source"] == "admin_boundary"
    assert settlement.geometry.bounds == pytest.approx((71.398, 51.098, 71.406, 51.104))
    assert result.summary.settlements_as_circles == 0
    text = str(result.summary)
    assert "outside cities (rural okrugs) skipped, as the schema has no level for them: 1" in text
    assert not [p for p in validate_region(result.region) if p.severity == "error"]


def test_admin_levels_parents_and_city_areas() -> None:
    from shapely.geometry import Point, box

    from geo.osm import _admin_units, _metric_crs, _normalized_features, _settlements

    rows = [
        ("relation", 1, "4", "Қарағанды облысы", None, box(70.0, 49.0, 76.0, 51.0)),
        ("relation", 2, "6", "Қарағанды қаласы", None, box(73.0, 49.7, 73.3, 49.9)),
        ("relation", 3, "8", "Қазыбек би ауданы", None, box(73.0, 49.7, 73.15, 49.9)),
        ("relation", 4, "6", "Абай ауданы", None, box(72.0, 49.0, 73.0, 50.0)),
        ("relation", 5, "8", "Жаңаауыл ауылдық округі", None, box(72.1, 49.1, 72.3, 49.3)),
        ("relation", 6, "4", "Астана", "city", box(71.2, 51.0, 71.7, 51.3)),
        ("relation", 7, "6", "Есіл ауданы", None, box(71.4, 51.0, 71.7, 51.15)),
        ("node", 8, None, "Қарағанды", "city", Point(73.1, 49.8)),
    ]
    features = gpd.GeoDataFrame(
        {
            "boundary": ["administrative"] * 7 + [None],
            "admin_level": [row[2] for row in rows],
            "name": [row[3] for row in rows],
            "place": [row[4] for row in rows],
        },
        geometry=[row[5] for row in rows],
        crs="EPSG:4326",
        index=pd.MultiIndex.from_tuples([row[:2] for row in rows], names=["element", "id"]),
    )
    features = _normalized_features(features)
    metric = _metric_crs(72.0)
    units, skipped = _admin_units(features, metric)
    table = units.set_index("unit_id")[["name", "level", "parent_id"]].fillna({"parent_id": "-"})
    assert table.to_dict("index") == {
        "U-r1": {"name": "Қарағанды облысы", "level": "oblast", "parent_id": "-"},
        "U-r2": {"name": "Қарағанды қаласы", "level": "city", "parent_id": "U-r1"},
        "U-r3": {"name": "Қазыбек би ауданы", "level": "city_district", "parent_id": "U-r2"},
        "U-r4": {"name": "Абай ауданы", "level": "rayon", "parent_id": "U-r1"},
        "U-r6": {"name": "Астана", "level": "city", "parent_id": "-"},
        "U-r7": {"name": "Есіл ауданы", "level": "city_district", "parent_id": "U-r6"},
    }
    assert skipped == 1  # the rural okrug
    settlements, circles = _settlements(features, units, ImportOptions(), metric)
    city = settlements.iloc[0]
    assert (city["name"], city["kind"], city["area_source"], circles) == (
        "Қарағанды",
        "city",
        "admin_boundary",
        0,
    )
    assert city.geometry.bounds == pytest.approx((73.0, 49.7, 73.3, 49.9))


def test_without_places_or_boundaries_stand_ins_are_made(tmp_path: Path) -> None:
    def place_or_boundary(element: ET.Element) -> bool:
        tags = tags_of(element)
        return "place" in tags or "boundary" in tags or element.tag == "relation"

    result = region_from_file(
        variant(tmp_path, drop=place_or_boundary), data_date=DATE, name="Жаңаауыл"
    )
    settlements, units = result.region.settlements, result.region.admin_units
    assert settlements[["settlement_id", "name_kk", "kind", "unit_id"]].values.tolist() == [
        ["S-1", "Жаңаауыл", "city", "U-1"]
    ]
    assert units[["unit_id", "level"]].values.tolist() == [["U-1", "city"]]
    text = str(result.summary)
    assert "the data hold no named place=city|town|village|hamlet" in text
    assert "the data hold no boundary=administrative" in text
    assert not [p for p in validate_region(result.region) if p.severity == "error"]


# --------------------------------------------------------------------------------------------
# Writing, the online way in, errors
# --------------------------------------------------------------------------------------------


def test_write_and_read_back(village: OsmImport, tmp_path: Path) -> None:
    folder = write_region(village.region, tmp_path / "village")
    region = read_region(folder)
    assert len(region.buildings) == village.summary.buildings_in_package
    assert set(region.street_edges["name"].dropna()) == set(
        village.region.street_edges["name"].dropna()
    )
    assert region.clinics.set_index("clinic_id").loc["C-w129", "name_kk"] == "№1 қалалық емхана"
    assert region.config.sources[0]["licence"] == "ODbL-1.0"


def test_the_region_serves_the_geocoder_and_the_network(village: OsmImport) -> None:
    from geo.geocode import Geocoder
    from geo.network import StreetNetwork

    region = village.region
    geocoder = Geocoder.from_buildings(region.buildings, region.settlements)
    found = geocoder.search("Құрманғазы көшесі 15").best
    assert found is not None
    assert found.building_id == "B-w125"
    network = StreetNetwork.from_layers(region.street_nodes, region.street_edges)
    nearest = network.nearest_facilities("walk", region.clinics)
    assert set(nearest["facility_id"]) <= set(region.clinics["clinic_id"])
    assert np.isfinite(nearest["seconds"]).all()


def test_place_funnels_into_the_same_constructor(
    village: OsmImport, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, dict[str, Any]]] = []

    def graph_from_place(place: str, **options: Any) -> Any:
        asked.append((place, options))
        return ox.graph_from_xml(VILLAGE, simplify=False, retain_all=True)

    def features_from_place(place: str, *, tags: Any) -> Any:
        asked.append((place, {"tags": tags}))
        return ox.features_from_xml(VILLAGE, tags=tags)

    monkeypatch.setattr(ox, "graph_from_place", graph_from_place)
    monkeypatch.setattr(ox, "features_from_place", features_from_place)
    result = region_from_place("Zhanaauyl, Kazakhstan", data_date=DATE)
    assert [place for place, _ in asked] == ["Zhanaauyl, Kazakhstan"] * 2
    assert asked[0][1] == {"network_type": "all", "simplify": False, "retain_all": True}
    assert result.region.config.name == "Zhanaauyl, Kazakhstan"
    assert str(result.summary) == str(village.summary)


def test_place_without_internet_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(place: str, **options: Any) -> Any:
        raise requests.ConnectionError("Failed to resolve 'nominatim.openstreetmap.org'")

    monkeypatch.setattr(ox, "graph_from_place", offline)
    with pytest.raises(OsmImportError, match="no internet connection") as error:
        region_from_place("Kosshy", data_date=DATE)
    assert "could not reach OpenStreetMap's servers (Nominatim and Overpass) for 'Kosshy'" in str(
        error.value
    )
    assert "--file" in str(error.value)
    assert "resolve" not in str(error.value)  # urllib3's retries are not the user's words


def no_highways(element: ET.Element) -> bool:
    return "highway" in tags_of(element)


def no_buildings(element: ET.Element) -> bool:
    return "building" in tags_of(element)


def no_primary_care(element: ET.Element) -> bool:
    return phc_kind(*tags_of(element).values()) is not None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.osm", r"OSM file '.*missing\.osm' does not exist"),
        (lambda tmp: tmp, "is a folder; give an .osm or .osm.pbf file"),
        (
            lambda tmp: write(tmp / "village.csv", "a,b\n1,2\n"),
            "'village.csv' is not an OSM file: give OSM XML",
        ),
        (
            lambda tmp: write(tmp / "notes.osm", "these are notes, not XML"),
            "'notes.osm' is not OSM XML: it does not parse as XML",
        ),
        (
            lambda tmp: write(tmp / "track.osm", '<?xml version="1.0"?><gpx><trk/></gpx>'),
            "its root element is <gpx>, not <osm>",
        ),
        (
            lambda tmp: write(tmp / "broken.osm.pbf", "not a pbf at all"),
            r"'broken\.osm\.pbf' is not an OSM PBF file",
        ),
        (
            lambda tmp: write(tmp / "cut.osm", VILLAGE.read_text(encoding="utf-8")[:5000]),
            "'cut.osm' is not well-formed OSM XML",
        ),
        (
            lambda tmp: variant(tmp, drop=no_highways),
            r"no streets \(highway=\* ways open to walking or driving\)",
        ),
        (
            lambda tmp: variant(tmp, drop=no_buildings),
            r"no buildings \(building=\* polygons\) in the OSM data",
        ),
        (
            lambda tmp: variant(tmp, drop=no_primary_care),
            r"no primary care clinic in the OSM data \(health facilities found: clinic: 1, "
            r"hospital: 1\)",
        ),
        (
            lambda tmp: variant(tmp, add='<node id="9001" lat="151.1" lon="71.4"/>'),
            r"is not valid OSM XML: line \d+: node 9001 has lat='151.1', not a number from -90 "
            r"to 90; correct or delete it",
        ),
        (
            lambda tmp: variant(tmp, add='<node id="9001" lat="51.1" lon="nan"/>'),
            r"node 9001 has lon='nan', not a number from -180 to 180",
        ),
        (
            lambda tmp: variant(tmp, add='<node id="9001" lat="51.1"/>'),
            r"node 9001 has no lon \(a deleted node from a history file\?\)",
        ),
        (
            lambda tmp: variant(tmp, add='<way id="w9"><nd ref="1"/></way>'),
            r"line \d+: way w9 has id='w9', not a whole number",
        ),
        (
            lambda tmp: variant(tmp, add='<node id="9001" lat="51.1" lon="71.4" version="v2"/>'),
            r"node 9001 has version='v2', not a whole number",
        ),
        (
            lambda tmp: variant(tmp, add='<way id="9100"><nd ref="1"/><nd ref=""/></way>'),
            r"way 9100: <nd> has ref='', not a whole number",
        ),
        (
            lambda tmp: variant(
                tmp, add='<node id="9001" lat="51.1" lon="71.4"><tag k="a"/></node>'
            ),
            r"node 9001: <tag> has no v",
        ),
        (
            lambda tmp: variant(tmp, add='<relation id="9200"><nd ref="1"/></relation>'),
            r"<nd> is not inside a way",
        ),
        (
            lambda tmp: variant(tmp, add='<node id="9001" type="x" lat="51.1" lon="71.4"/>'),
            r"node 9001 has an attribute 'type', which OSM does not use",
        ),
        (
            lambda tmp: write(tmp / "clipped.osm", CLIPPED_EVERYWHERE),
            r"'clipped\.osm' is a clipped extract: its highway ways reference nodes the file "
            r"lacks \(1 missing, e\.g\. node 1\), and no street keeps two nodes inside it; cut "
            r"the extract again keeping whole ways: `osmium extract --strategy complete_ways` "
            r"\(or `-s smart`\)",
        ),
    ],
    ids=[
        "missing",
        "folder",
        "csv",
        "not-xml",
        "gpx",
        "bad-pbf",
        "cut-short",
        "no-streets",
        "no-buildings",
        "no-clinics",
        "lat-out-of-range",
        "lon-nan",
        "no-lon",
        "way-id-not-integer",
        "version-not-integer",
        "nd-ref-empty",
        "tag-without-v",
        "nd-outside-way",
        "reserved-attribute",
        "clipped-everywhere",
    ],
)
def test_bad_input_is_a_typed_error(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    with pytest.raises(OsmImportError, match=message):
        region_from_file(make(tmp_path), data_date=DATE)


def test_no_address_anywhere_is_an_error_unless_kept(tmp_path: Path) -> None:
    path = variant(tmp_path, drop_tags=lambda key: key.startswith("addr:"))
    if SCHEMA_KEEPS_UNADDRESSED:
        assert region_from_file(path, data_date=DATE).summary.buildings_with_address == 0
    else:
        with pytest.raises(
            OsmImportError,
            match=r"no building in the OSM data has an address .*buildings found: 21",
        ):
            region_from_file(path, data_date=DATE)


def test_pure_constructor_refuses_what_is_not_osmnx_data() -> None:
    with pytest.raises(OsmImportError, match="graph must be an osmnx MultiDiGraph"):
        region_from_osm_data({}, None, name="x", data_date=DATE)
    graph = ox.graph_from_xml(VILLAGE, simplify=False, retain_all=True)
    with pytest.raises(OsmImportError, match="features must be a GeoDataFrame with a CRS"):
        region_from_osm_data(graph, None, name="x", data_date=DATE)


def test_compressed_xml_is_read(village: OsmImport, tmp_path: Path) -> None:
    packed = tmp_path / "village.osm.gz"
    packed.write_bytes(gzip.compress(VILLAGE.read_bytes()))
    assert str(region_from_file(packed, data_date=DATE).summary) == str(village.summary)
    with pytest.raises(OsmImportError, match="GDAL reads uncompressed OSM XML only"):
        region_from_file(packed, data_date=DATE, engine="gdal")


def test_engine_choice_is_checked() -> None:
    with pytest.raises(OsmImportError, match="osmnx reads OSM XML only"):
        region_from_file(VILLAGE_PBF, data_date=DATE, engine="osmnx")
    with pytest.raises(OsmImportError, match="engine must be one of osmnx, gdal"):
        region_from_file(VILLAGE, data_date=DATE, engine="ogr")  # type: ignore[arg-type]


def test_gdal_other_tags_are_parsed() -> None:
    text = r'"name:ru"=>"Центр \"Шипагер\"","addr:housenumber"=>"24а/1"'
    assert _hstore(text) == {"name:ru": 'Центр "Шипагер"', "addr:housenumber": "24а/1"}
    assert _hstore(None) == {}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_fixtures_are_what_the_script_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_fixtures", module)  # dataclasses look it up there
    spec.loader.exec_module(module)
    osm = module.village()
    module.write_xml(osm, tmp_path / "village.osm")
    module.write_pbf(osm, tmp_path / "village.osm.pbf")
    for name in ("village.osm", "village.osm.pbf"):
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name
        assert (FIXTURES / name).stat().st_size <= 50_000


# --------------------------------------------------------------------------------------------
# Clipped extracts, rings, bad values and encodings
# --------------------------------------------------------------------------------------------

CLIPPED_EVERYWHERE = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
 <node id="2" lat="50.2" lon="70.41"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way>
</osm>
"""
"""The audit's clipped extract: the only street's other node lies outside the cut."""

RING_TOWN = """<?xml version="1.0" encoding="{encoding}"?>
<osm version="0.6">
 <node id="1" lat="50.200" lon="70.400"/>
 <node id="2" lat="50.200" lon="70.410"/>
 <node id="3" lat="50.205" lon="70.410"/>
 <node id="4" lat="50.205" lon="70.400"/>
 <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
  <tag k="highway" v="residential"/><tag k="name" v="улица Абая"/></way>
 <node id="21" lat="50.2010" lon="70.4010"/><node id="22" lat="50.2010" lon="70.4012"/>
 <node id="23" lat="50.2012" lon="70.4012"/><node id="24" lat="50.2012" lon="70.4010"/>
 <way id="20"><nd ref="21"/><nd ref="22"/><nd ref="23"/><nd ref="24"/><nd ref="21"/>
  <tag k="building" v="apartments"/><tag k="addr:street" v="улица Абая"/>
  <tag k="addr:housenumber" v="10"/></way>
 <node id="30" lat="50.2030" lon="70.4050">
  <tag k="amenity" v="clinic"/><tag k="name" v="Городская поликлиника №1"/></node>
 <node id="40" lat="50.2025" lon="70.4050">
  <tag k="place" v="town"/><tag k="name" v="Тестовый"/></node>
</osm>
"""
"""A town whose only street is a closed ring (1-2-3-4-1) with no crossing on it; Russian names
only, so that Windows-1251 can hold it."""


def village_ways() -> dict[str, list[int]]:
    """The node IDs of each highway way of the village, by name (or highway type if unnamed)."""
    return {
        tags.get("name", tags["highway"]): [int(nd.get("ref", "")) for nd in way.findall("nd")]
        for way in ET.parse(VILLAGE).getroot().iter("way")
        if "highway" in (tags := tags_of(way))
    }


def test_a_clipped_extract_is_split_where_nodes_are_missing(tmp_path: Path) -> None:
    ways = village_ways()
    abaya, footway = ways["улица Абая"], ways["footway"]
    # The cut took the shape vertex of улица Абая at x = 225 and the footway's dead end, and
    # a new street leaves the extract between its second and third node and comes back.
    gone = {abaya[2], footway[-1]}
    new_street = "".join(
        f'<node id="{9000 + i}" lat="51.106" lon="{lon}"/>'
        for i, lon in enumerate(("71.400", "71.401", "71.403", "71.404"), start=1)
    ) + (
        '<way id="9100"><nd ref="9001"/><nd ref="9002"/><nd ref="8999"/><nd ref="9003"/>'
        '<nd ref="9004"/><tag k="highway" v="residential"/><tag k="name" v="улица Новая"/></way>'
    )
    path = variant(
        tmp_path,
        drop=lambda element: element.tag == "node" and int(element.get("id", "0")) in gone,
        add=new_street,
    )
    result = region_from_file(path, data_date=DATE)
    assert result.summary.notes[0].startswith(
        "highway ways cut at the extract's edge (they reference nodes the file lacks, e.g. node "
    )
    assert ": 3; imported as far as the file has them" in result.summary.notes[0]
    assert "osmium extract --strategy complete_ways" in result.summary.notes[0]
    # Only the stretches the file holds: улица Абая keeps 0-150 and loses 150-300 (its middle
    # node is gone), улица Новая is two streets with no edge across the gap, the footway is gone.
    pairs = {
        name: sorted(tuple(sorted(pair)) for pair in zip(rows["u"], rows["v"], strict=True))
        for name, rows in result.region.street_edges.groupby("name")
    }
    assert pairs["улица Абая"] == [tuple(sorted(abaya[:2]))]
    assert pairs["улица Новая"] == [(9001, 9002), (9003, 9004)]
    assert "footway" not in set(result.region.street_edges["highway"])
    assert result.summary.street_edges == 13  # 13 - 2 + 2
    assert [p for p in validate_region(result.region) if p.severity == "error"] == []


def test_a_clipped_building_is_counted_as_left_out_not_as_a_cut_street(tmp_path: Path) -> None:
    # A building cut at the edge breaks osmnx's street graph too (it makes edges of every way);
    # osmnx drops the building itself without a word, and no street was cut.
    building = '<nd ref="1"/><nd ref="8999"/><nd ref="1"/><tag k="building" v="yes"/>'
    path = variant(tmp_path, add=f'<way id="9100">{building}</way>')
    result = region_from_file(path, data_date=DATE)
    assert not any("cut at the extract's edge" in note for note in result.summary.notes)
    assert result.summary.street_edges == 13
    (note,) = [note for note in result.summary.notes if note.startswith("building ways")]
    assert "left out with their residents: 1; cut the extract again keeping whole" in note


def test_buildings_without_an_outline_are_counted_as_left_out(tmp_path: Path) -> None:
    # An unclosed outline, a building mapped as one node, and a way of a single node: each
    # disappeared from the package while the summary said nothing.
    before = region_from_file(VILLAGE, data_date=DATE).summary.buildings
    shapes = (
        '<way id="9100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="building" v="yes"/></way>'
        '<node id="9001" lat="51.106" lon="71.401"><tag k="building" v="house"/></node>'
        '<way id="9101"><nd ref="1"/><tag k="building" v="yes"/></way>'
    )
    result = region_from_file(variant(tmp_path, add=shapes), data_date=DATE)
    assert result.summary.buildings == before
    notes = "\n".join(result.summary.notes)
    assert "a point or an unclosed outline, left out (residents are estimated from a " in notes
    assert "building's area): 2; draw their outlines" in notes
    assert "draw their outlines" in notes
    assert "fewer than three), left out with their residents: 1; draw their outlines" in notes


def test_a_ring_street_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "ring.osm", RING_TOWN.format(encoding="UTF-8"))
    result = region_from_file(path, data_date=DATE)
    edges = result.region.street_edges
    assert (result.summary.street_nodes, result.summary.street_edges) == (4, 4)
    assert set(edges["name"]) == {"улица Абая"}
    assert sorted(zip(edges["u"], edges["v"], strict=True)) == [(1, 2), (1, 4), (2, 3), (3, 4)]
    assert not edges["oneway"].any()
    # 0.01 degrees of longitude at 50.2 N is 712 m, 0.005 of latitude 556 m.
    assert edges["length_m"].sum() == pytest.approx(2 * 711.7 + 2 * 556.0, abs=1)


def test_the_declared_encoding_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ring.osm"
    path.write_bytes(RING_TOWN.format(encoding="windows-1251").encode("cp1251"))
    result = region_from_file(path, data_date=DATE)
    assert list(result.region.clinics["name_ru"]) == ["Городская поликлиника №1"]
    assert set(result.region.street_edges["name"]) == {"улица Абая"}


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("UTF-16", "is in UTF-16, which the import cannot read"),
        ("UTF-16-LE", "is in UTF-16, which the import cannot read"),
        (
            "Shift_JIS",
            r"is in an encoding the XML reader cannot read \(multi-byte encodings are not "
            r"supported\)",
        ),
    ],
)
def test_multibyte_encodings_are_refused_with_the_fix(
    tmp_path: Path, encoding: str, message: str
) -> None:
    path = tmp_path / "ring.osm"
    text = (
        RING_TOWN
        if encoding.startswith("UTF")
        else '<?xml version="1.0" encoding="{encoding}"?><osm/>'
    )
    path.write_bytes(text.format(encoding=encoding).encode(encoding))
    with pytest.raises(OsmImportError, match=rf"^'ring\.osm' {message}; convert it to UTF-8"):
        region_from_file(path, data_date=DATE)


def bad_utf8(tmp_path: Path) -> tuple[Path, int]:
    """The village with one tag value in Windows-1251 bytes, and the line it is on."""
    data = VILLAGE.read_bytes()
    at = data.index(b'"' + "улица Абая".encode() + b'"')
    path = tmp_path / "bad-utf8.osm"
    path.write_bytes(data.replace("улица Абая".encode(), "улица Абая".encode("cp1251"), 1))
    return path, data[:at].count(b"\n") + 1


def test_bytes_that_are_not_utf8_are_named_by_line(tmp_path: Path) -> None:
    path, line = bad_utf8(tmp_path)
    with pytest.raises(OsmImportError) as error:
        region_from_file(path, data_date=DATE)
    assert str(error.value).startswith(
        f"'bad-utf8.osm' is not valid UTF-8: line {line} holds bytes that are not UTF-8"
    )
    assert 'encoding="windows-1251"' in str(error.value)
    assert "iconv -f cp1251 -t utf-8" in str(error.value)


@pytest.mark.parametrize("engine", ["osmnx", "gdal"])
def test_a_latitude_that_is_not_a_number_is_named_by_line(tmp_path: Path, engine: Any) -> None:
    # GDAL reads lat="abc" as 0 without a word; osmnx raises a bare ValueError.
    text = VILLAGE.read_text(encoding="utf-8")
    line = text[: text.index("<node ")].count("\n") + 1
    path = write(tmp_path / "bad-lat.osm", text.replace(' lat="', ' lat="abc', 1))
    first = ET.parse(VILLAGE).getroot().find("node")
    assert first is not None
    with pytest.raises(
        OsmImportError,
        match=rf"^'bad-lat\.osm' is not valid OSM XML: line {line}: node {first.get('id')} has "
        rf"lat='abc{first.get('lat')}', not a number from -90 to 90; correct or delete it \(in "
        r"JOSM or a text editor\), or export the extract again$",
    ):
        region_from_file(path, data_date=DATE, engine=engine)


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="emhana")
    add_osm_command(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_command_imports_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pkg"
    args = parse(["import-osm", "--file", str(VILLAGE), "--out", str(out), "--name", "Жаңаауыл"])
    assert args.handler(args) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines()[:2] == [
        "[1/6] reading OpenStreetMap data: village.osm (osmnx) ...",
        "[2/6] streets ...",
    ]
    assert f"writing {out} ..." in captured.err
    assert captured.out.startswith(f"Жаңаауыл: {out}\n")
    assert "buildings: 21, with an address: 14" in captured.out
    assert read_region(out).config.name == "Жаңаауыл"


def test_command_refuses_an_existing_folder_unless_told(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    out.mkdir()
    args = parse(["import-osm", "--file", str(VILLAGE), "--out", str(out)])
    with pytest.raises(OSM_ERRORS, match="already exists; pass --overwrite"):
        args.handler(args)
    args = parse(["import-osm", "--file", str(VILLAGE), "--out", str(out), "--overwrite"])
    assert args.handler(args) == 0
    assert read_region(out).config.name == "village"


def test_command_errors_are_osm_errors(tmp_path: Path) -> None:
    args = parse(["import-osm", "--file", str(tmp_path / "nope.osm"), "--out", str(tmp_path / "o")])
    with pytest.raises(OSM_ERRORS, match="does not exist"):
        args.handler(args)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("out", "name", "message"),
    [
        ("afile/sub", None, r"--out '.*afile/sub': '.*afile' is a file, not a folder"),
        ("pkg", "   ", r"--name is empty"),
        ("pkg", "Жаңа\nауыл", r"--name 'Жаңа\\nауыл' holds a line break"),
    ],
    ids=["out-under-a-file", "blank-name", "name-with-a-line-break"],
)
def test_command_refuses_out_and_name_before_importing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, out: str, name: str | None, message: str
) -> None:
    (tmp_path / "afile").write_text("x")
    # Refused before the minutes an import can take: the file is never read.
    monkeypatch.setattr(osm_cli, "region_from_file", lambda *a, **k: pytest.fail("imported"))
    argv = ["import-osm", "--file", str(VILLAGE), "--out", str(tmp_path / out)]
    args = parse([*argv, *(["--name", name] if name is not None else [])])
    with pytest.raises(OSM_ERRORS, match=message):
        args.handler(args)


def test_command_refuses_an_out_where_no_folder_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # /proc, a read-only mount: writable by its permissions for root, yet nothing can be made.
    def refuse(**_: object) -> str:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr("catchments.osm_cli.tempfile.mkdtemp", refuse)
    args = parse(["import-osm", "--file", str(VILLAGE), "--out", str(tmp_path / "new" / "pkg")])
    with pytest.raises(OSM_ERRORS, match=r"a folder cannot be made in .* \(Read-only file system"):
        args.handler(args)


def test_a_write_error_names_out_not_a_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / ".pkg.abc123.tmp"))

    monkeypatch.setattr(osm_cli, "write_region", full)
    args = parse(["import-osm", "--file", str(VILLAGE), "--out", str(tmp_path / "pkg")])
    with pytest.raises(OSM_ERRORS) as error:
        args.handler(args)
    assert "could not be written to --out" in str(error.value)
    assert "No space left on device" in str(error.value)
    assert ".tmp" not in str(error.value)


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"\x1f\x8b\x08\x00", "a gzip-compressed file under another name; name it .osm.gz"),
        (b"BZh91AY", "a bzip2-compressed file under another name; name it .osm.bz2"),
        (b"\x00\x00\x00\x0d\x0a\x09OSMHeader", "an OSM PBF file under another name; name it"),
    ],
    ids=["gzip", "bzip2", "pbf"],
)
def test_a_compressed_or_pbf_file_named_osm_is_named_for_what_it_is(
    tmp_path: Path, head: bytes, what: str
) -> None:
    path = tmp_path / "city.osm"
    path.write_bytes(head + bytes(200))
    with pytest.raises(OsmImportError, match=re.escape(f"'city.osm' is not OSM XML but {what}")):
        region_from_file(path, data_date=DATE)


def test_command_needs_exactly_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse(["import-osm", "--place", "Kosshy", "--file", "x.osm", "--out", "o"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse(["import-osm", "--out", "o"])


def test_a_failed_import_keeps_the_package_already_there(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    args = parse(["import-osm", "--file", str(VILLAGE), "--out", str(out)])
    assert args.handler(args) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad_files = [
        variant(tmp_path, add='<node id="9001" lat="abc" lon="71.4"/>'),
        bad_utf8(tmp_path)[0],
        write(tmp_path / "clipped.osm", CLIPPED_EVERYWHERE),
    ]
    for bad in bad_files:
        args = parse(["import-osm", "--file", str(bad), "--out", str(out), "--overwrite"])
        with pytest.raises(OSM_ERRORS):
            args.handler(args)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before, bad.name


def test_command_imports_a_clipped_extract_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    footway = village_ways()["footway"]
    path = variant(tmp_path, drop=lambda e: e.tag == "node" and e.get("id") == str(footway[-1]))
    args = parse(["import-osm", "--file", str(path), "--out", str(tmp_path / "pkg")])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "streets: 9 nodes, 12 edges" in out
    assert (
        f"  - highway ways cut at the extract's edge (they reference nodes the file lacks, "
        f"e.g. node {footway[-1]}): 1;" in out
    )
    assert read_region(tmp_path / "pkg").street_edges.shape[0] == 12
