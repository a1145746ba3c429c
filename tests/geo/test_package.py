"""Tests of the region data package: reading, validation, writing and their error messages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import re
import sqlite3
import string
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, Polygon

from geo.package import (
    CHECKS,
    GPKG_NAME,
    TOML_NAME,
    Problem,
    Region,
    RegionConfig,
    RegionDataError,
    read_config,
    read_region,
    validate_region,
    write_region,
)
from geo.schema import LAYERS, POPULATION_AREAS
from geo.wording import KIND_WORDS, PROBLEM_TEXT

from .conftest import (
    TINY_CONFIG,
    make_tiny_region,
    tiny_config_text,
    tiny_frames,
    write_package_unchecked,
)

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def folder_digest(folder: Path) -> dict[str, str]:
    """Name and SHA-256 of every file under ``folder``: equal digests mean nothing changed."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def read_errors(folder: Path, *, validate: bool = True) -> RegionDataError:
    """Read a package that must be refused, check the input is untouched, return the error."""
    before = folder_digest(folder) if folder.exists() else {}
    with pytest.raises(RegionDataError) as caught:
        read_region(folder, validate=validate)
    after = folder_digest(folder) if folder.exists() else {}
    assert before == after, "reading modified the package"
    error = caught.value
    assert error.__context__ is None, "a library exception leaked into the error"
    return error


def only(problems: tuple[Problem, ...] | list[Problem], check: str) -> Problem:
    """The single problem with ``check``."""
    found = [problem for problem in problems if problem.check == check]
    assert len(found) == 1, f"expected one {check!r} problem in {[str(p) for p in problems]}"
    return found[0]


def checks(problems: tuple[Problem, ...] | list[Problem]) -> set[str]:
    return {problem.check for problem in problems}


def swap_xy(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    swapped = frame.copy()
    swapped.geometry = shapely.transform(frame.geometry.array, lambda xy: xy[:, ::-1])
    return swapped


def assert_actionable(problem: Problem) -> None:
    """Every problem names its layer, check and a hint; the text carries all of them."""
    assert problem.layer
    assert problem.check in CHECKS
    assert problem.hint
    text = str(problem)
    assert text.startswith(("warning: ", problem.layer))
    assert f"[{problem.check}]" in text
    assert problem.hint in text


def assert_worded(problem: Problem) -> None:
    """The problem reads in Kazakh and Russian, not in the English it falls back to."""
    for lang in ("kk", "ru"):
        text = problem.text(lang)
        assert text != str(problem), (lang, problem.text_id)
        message = text.removeprefix(f"{problem.where}: ")
        assert re.search("[а-яәіңғүұқөһ]", message.split(";")[0]), (lang, text)


# --------------------------------------------------------------------------------------------
# a valid region
# --------------------------------------------------------------------------------------------


def test_tiny_region_is_valid(tiny_region: Region) -> None:
    assert validate_region(tiny_region) == []


def test_round_trip_keeps_every_layer_and_the_config(tiny_package: Path) -> None:
    original = make_tiny_region()
    region = read_region(tiny_package)
    assert region.path == tiny_package
    assert region.config == TINY_CONFIG
    assert region.warnings == ()
    for layer in LAYERS:
        read = region.layer(layer.name)
        expected = original.layer(layer.name)
        assert list(read.columns) == list(expected.columns), layer.name
        if layer.geometry:
            assert isinstance(read, gpd.GeoDataFrame)
            assert read.crs == "EPSG:4326"
            assert read.geometry.geom_equals_exact(expected.geometry, tolerance=1e-9).all()
        else:
            assert not isinstance(read, gpd.GeoDataFrame)
        attributes = [name for name in expected.columns if name != "geometry"]
        pd.testing.assert_frame_equal(
            pd.DataFrame(read[attributes]),
            pd.DataFrame(expected[attributes]),
            check_dtype=False,
        )
    assert region.settlements["border_area"].dtype == bool
    assert region.districts["attached"].dtype == "int64"
    assert region.districts["attached"].tolist() == [1650, 900, 1000]
    assert region.clinics["phone"].isna().tolist() == [False, True]


def test_a_file_of_the_package_stands_for_its_folder(tiny_package: Path) -> None:
    assert read_region(tiny_package / GPKG_NAME).path == tiny_package


def test_crs84_is_taken_as_wgs84_without_a_warning(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["clinics"] = frames["clinics"].set_crs("OGC:CRS84", allow_override=True)
    region = read_region(write_package_unchecked(tmp_path / "r", frames))
    assert region.warnings == ()
    assert region.clinics.crs == "EPSG:4326"


def test_reading_does_not_modify_the_package(tiny_package: Path) -> None:
    before = folder_digest(tiny_package)
    read_region(tiny_package)
    read_region(tiny_package, validate=False)
    read_config(tiny_package)
    assert folder_digest(tiny_package) == before
    assert set(before) == {GPKG_NAME, TOML_NAME}  # no -wal, -shm or .aux.xml left behind


def test_layer_by_name(tiny_region: Region) -> None:
    assert tiny_region.layer("clinics") is tiny_region.clinics
    assert tiny_region.layer("district_streets") is tiny_region.district_streets
    with pytest.raises(KeyError, match="no layer 'clinic'; the layers are admin_units"):
        tiny_region.layer("clinic")


def test_attached_with_no_doctors_is_allowed(tiny_region: Region) -> None:
    tiny_region.districts.loc[2, "doctors"] = 0.0
    assert validate_region(tiny_region) == []


# --------------------------------------------------------------------------------------------
# the cases the issue lists, read from files
# --------------------------------------------------------------------------------------------


def test_missing_layer(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["clinic"] = frames.pop("clinics")
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.problems, "missing_layer")
    assert (problem.layer, problem.column) == ("clinics", None)
    assert "the file has a layer 'clinic': rename it" in problem.hint
    assert_actionable(problem)
    assert_worded(problem)
    assert problem.text("ru").endswith(
        "в файле есть слой 'clinic': переименуйте его [missing_layer]"
    )


def test_missing_column(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["districts"] = frames["districts"].drop(columns="doctors")
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "missing_column")
    assert (problem.layer, problem.column) == ("districts", "doctors")
    assert "add doctors (numbers) to districts" in problem.hint
    assert_actionable(problem)


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_no_crs(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["clinics"] = frames["clinics"].set_crs(None, allow_override=True)
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "crs_missing")
    assert (problem.layer, problem.column) == ("clinics", "geometry")
    assert "x 71.4..71.55, y 51.02..51.12, which looks like longitude/latitude" in problem.message
    assert "set_crs('EPSG:4326')" in problem.hint
    # A missing CRS is refused even without validation: the layer cannot be placed.
    assert only(read_errors(tmp_path / "r", validate=False).errors, "crs_missing")


def test_spatial_layer_stored_without_geometry(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["clinics"] = pd.DataFrame(frames["clinics"].drop(columns="geometry"))
    problem = only(
        read_errors(write_package_unchecked(tmp_path / "r", frames)).errors, "no_geometry"
    )
    assert (problem.layer, problem.column) == ("clinics", "geometry")
    assert problem.hint == "store it as a spatial layer of Point geometries"


def test_projected_crs_is_reprojected_with_a_warning(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["clinics"] = frames["clinics"].to_crs("EPSG:32642")  # UTM zone 42N covers Astana
    folder = write_package_unchecked(tmp_path / "r", frames)
    before = folder_digest(folder)
    region = read_region(folder)
    assert folder_digest(folder) == before
    warning = only(region.warnings, "crs_reprojected")
    assert warning.severity == "warning"
    assert (warning.layer, warning.column) == ("clinics", "geometry")
    assert "EPSG:32642" in warning.message
    assert region.clinics.crs == "EPSG:4326"
    np.testing.assert_allclose(
        shapely.get_coordinates(region.clinics.geometry.array), [[71.40, 51.12], [71.55, 51.02]]
    )


def test_one_layer_with_latitude_and_longitude_swapped(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["clinics"] = swap_xy(frames["clinics"])
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "coordinates_swapped")
    assert (problem.layer, problem.column) == ("clinics", "geometry")
    assert problem.message.startswith("2 rows have longitude and latitude swapped")
    assert "lon 71..71.9, lat 50.9..51.4" in problem.message  # the admin_units extent
    assert problem.examples == ("clinic_id=C-1 (51.12 71.4)", "clinic_id=C-2 (51.02 71.55)")
    assert "shapely.ops.transform(lambda x, y: (y, x), g)" in problem.hint
    assert problem.text("ru").startswith(
        "clinics.geometry: строк с перепутанными долготой и широтой (вне охвата admin_units: "
        "долгота 71..71.9, широта 50.9..51.4, но внутри него, если поменять x и y): 2, например "
        "clinic_id=C-1 (51.12 71.4)"
    )
    assert "x — бойлық, y — ендік" in problem.text("kk")  # the base check's hint


def test_impossible_latitude_is_read_as_swapped(tiny_region: Region) -> None:
    # 95 is no latitude, but is a longitude; 40 is a latitude: x and y are exchanged.
    tiny_region.buildings.loc[0, "geometry"] = Point(40.0, 95.0)
    problems = validate_region(tiny_region)
    problem = only(problems, "coordinates_swapped")
    assert "latitude beyond ±90" in problem.message
    assert problem.examples == ("building_id=B-1 (40 95)",)
    assert problem.text("kk").startswith(
        "buildings.geometry: 1 жолда ендік ±90-нан асады, бірақ бойлық ретінде жарамды"
    )


def test_metres_labelled_as_degrees(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["buildings"] = (
        frames["buildings"].to_crs("EPSG:32642").set_crs("EPSG:4326", allow_override=True)
    )
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "coordinates_out_of_range")
    assert problem.layer == "buildings"
    assert problem.message.startswith("4 rows have coordinates beyond longitude ±180")
    assert "metres of a projected CRS" in problem.hint
    assert problem.text("ru").startswith(
        "buildings.geometry: строк с координатами за пределами долготы ±180 / широты ±90: 4"
    )


def test_whole_region_swapped_out_of_kazakhstan_is_refused_layer_by_layer(
    tiny_region: Region,
) -> None:
    for layer in LAYERS:
        if layer.geometry:
            setattr(tiny_region, layer.name, swap_xy(tiny_region.layer(layer.name)))
    problems = validate_region(tiny_region)
    # The layers agree with each other, but Astana swapped lies at 71.45 N, outside Kazakhstan,
    # and inside it exchanged: every spatial layer is named, and nothing else is said.
    spatial = [layer.name for layer in LAYERS if layer.geometry]
    assert [(p.layer, p.check, p.severity) for p in problems] == [
        (name, "coordinates_swapped", "error") for name in spatial
    ]
    clinics = problems[spatial.index("clinics")]
    assert clinics.message == (
        "2 rows have longitude and latitude swapped: they lie outside Kazakhstan, and inside it "
        "with x and y exchanged"
    )
    assert clinics.examples == ("clinic_id=C-1 (51.12 71.4)", "clinic_id=C-2 (51.02 71.55)")
    assert "exchange them" in clinics.hint
    assert_worded(clinics)
    assert clinics.text("ru").startswith(
        "clinics.geometry: строк с перепутанными долготой и широтой (они лежат вне Казахстана, "
        "а если поменять x и y — в нём): 2, например clinic_id=C-1 (51.12 71.4)"
    )


def test_invalid_self_intersecting_polygon(tmp_path: Path) -> None:
    frames = tiny_frames()
    # A bow-tie over D-1's box: its edges cross at (71.35, 51.125).
    bowtie = Polygon([(71.30, 51.05), (71.40, 51.20), (71.40, 51.05), (71.30, 51.20)])
    frames["districts"].loc[0, "geometry"] = bowtie
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "invalid_geometry")
    assert (problem.layer, problem.column) == ("districts", "geometry")
    assert str(problem).startswith(
        "districts.geometry: 1 row has invalid geometry (self-intersection), "
        "e.g. district_id=D-1 (71.35 51.125); fix with shapely.make_valid"
    )


def test_duplicated_ids(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["buildings"].loc[2, "building_id"] = "B-1"
    frames["buildings"].loc[3, "building_id"] = "B-1"
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "duplicate_key")
    assert (problem.layer, problem.column) == ("buildings", "building_id")
    assert problem.message == "1 value used by more than one row (3 rows in all)"
    assert problem.examples == ("building_id=B-1 (rows 1, 3, 4)",)


def test_district_pointing_to_a_missing_clinic(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["districts"].loc[1, "clinic_id"] = "C-99"
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "dangling_reference")
    assert (problem.layer, problem.column) == ("districts", "clinic_id")
    assert problem.message == "1 row has a clinic_id that is not a clinics.clinic_id"
    assert problem.examples == ("district_id=D-2 clinic_id='C-99'",)
    assert problem.hint == "add the missing clinics or correct districts.clinic_id"
    assert problem.text("ru") == (
        "districts.clinic_id: строк, где clinic_id не найден среди clinics.clinic_id: 1, "
        "например district_id=D-2 clinic_id='C-99'; добавьте недостающие строки в clinics или "
        "исправьте districts.clinic_id [dangling_reference]"
    )


def test_empty_layer(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["buildings"] = frames["buildings"].iloc[0:0]
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    problem = only(error.errors, "empty_layer")
    assert (problem.layer, problem.message) == ("buildings", "layer has no rows")
    assert_actionable(problem)


def test_empty_district_streets_is_only_a_warning(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["district_streets"] = frames["district_streets"].iloc[0:0]
    region = read_region(write_package_unchecked(tmp_path / "r", frames))
    assert only(region.warnings, "empty_layer").layer == "district_streets"
    assert len(region.district_streets) == 0


def test_toml_that_is_not_utf8(tmp_path: Path) -> None:
    config = tiny_config_text().replace("Шағын аймақ", "Shagyn").encode("cp1251")
    folder = write_package_unchecked(tmp_path / "r", tiny_frames(), config)
    error = read_errors(folder)
    problem = only(error.errors, "encoding")
    assert (problem.layer, problem.column) == (TOML_NAME, None)
    assert "cannot be decoded" in problem.message
    assert "line 4" in problem.message  # name_ru = "Малый регион"
    assert "reads as Windows-1251: 'name_ru = \"Малый регион\"'" in problem.hint
    with pytest.raises(RegionDataError, match="is not UTF-8"):
        read_config(folder)
    assert_worded(problem)
    assert "в Windows-1251 строка 4 читается как 'name_ru = \"Малый регион\"'" in problem.text("ru")


def test_text_in_the_geopackage_that_is_not_utf8(tmp_path: Path) -> None:
    folder = write_package_unchecked(tmp_path / "r", tiny_frames())
    with sqlite3.connect(folder / GPKG_NAME) as connection:
        # "Городская" in Windows-1251, as a source exported without re-encoding would hold it.
        connection.execute(
            "UPDATE clinics SET name_ru = CAST(? AS TEXT) WHERE clinic_id = 'C-2'",
            ("Городская".encode("cp1251"),),
        )
    connection.close()
    error = read_errors(folder)
    problem = only(error.errors, "encoding")
    assert (problem.layer, problem.column) == ("clinics", "name_ru")
    assert problem.message == "1 row has text that is not UTF-8"
    assert problem.examples == (
        "clinic_id=C-2 name_ru=b'\\xc3\\xee\\xf0\\xee\\xe4\\xf1\\xea\\xe0\\xff' "
        "(as Windows-1251: 'Городская')",
    )
    assert "look like Windows-1251" in problem.hint
    assert_worded(problem)
    assert problem.text("kk").startswith("clinics.name_ru: 1 мән UTF-8 емес, мысалы clinic_id=C-2")


@pytest.mark.parametrize(
    ("content", "described"),
    [
        (b"", "an empty file"),
        (b"hello, this is not a map\n", "a text file"),
        ("district_id;street;house_ranges\nD-1;Абая;1-9\n".encode("cp1251"), "not even UTF-8"),
        (b"district_id,street,house_ranges\n", "such as a CSV"),
        (b"PK\x03\x04rest-of-a-zip", "a ZIP archive"),
        (bytes(range(256)), "neither a GeoPackage nor text"),
    ],
)
def test_file_that_is_not_a_geopackage(tmp_path: Path, content: bytes, described: str) -> None:
    folder = write_package_unchecked(tmp_path / "r", {})
    (folder / GPKG_NAME).write_bytes(content)
    error = read_errors(folder)
    problem = only(error.errors, "not_geopackage")
    assert problem.layer == GPKG_NAME
    assert described in problem.message
    assert "ogr2ogr -f GPKG" in problem.hint
    assert_worded(problem)
    assert "ogr2ogr -f GPKG" in problem.text("kk")


def test_sqlite_database_that_is_not_a_geopackage(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / TOML_NAME).write_text(tiny_config_text(), encoding="utf-8")
    with sqlite3.connect(folder / GPKG_NAME) as connection:
        connection.execute("CREATE TABLE clinics (clinic_id TEXT)")
    connection.close()
    problem = only(read_errors(folder).errors, "not_geopackage")
    assert "an SQLite database that GDAL cannot open as a GeoPackage" in problem.message
    assert_worded(problem)


def test_missing_files(tmp_path: Path) -> None:
    problem = only(read_errors(tmp_path / "nowhere").errors, "file_missing")
    assert "package folder" in problem.message
    assert_worded(problem)
    folder = tmp_path / "r"
    folder.mkdir()
    error = read_errors(folder)
    assert [(p.layer, p.check) for p in error.errors] == [
        (TOML_NAME, "file_missing"),
        (GPKG_NAME, "file_missing"),
    ]
    for missing in error.errors:
        assert_worded(missing)
    gpkg_missing = error.errors[1].text("ru")
    assert gpkg_missing.endswith("нужен region.gpkg (OGC GeoPackage) [file_missing]")


# --------------------------------------------------------------------------------------------
# more checks
# --------------------------------------------------------------------------------------------


def test_wrong_kinds_choices_and_negative_values(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["districts"]["doctors"] = ["1", "two", "0.5"]
    frames["clinics"]["shi_supplier"] = ["yes", "no"]
    frames["clinics"].loc[1, "kind"] = "hospital"
    frames["buildings"].loc[3, "pop_0_6"] = -5
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    by_column = {(p.layer, p.column, p.check): p for p in error.errors}
    doctors = by_column["districts", "doctors", "wrong_kind"]
    # '1' and '0.5' read as numbers: only 'two' is named, and the storage as text is said.
    assert doctors.message == (
        "1 row has values that are not numbers (the column is stored as text)"
    )
    assert doctors.examples == ("district_id=D-2 doctors='two'",)
    assert by_column["clinics", "shi_supplier", "wrong_kind"].examples[0] == (
        "clinic_id=C-1 shi_supplier='yes'"
    )
    kind = by_column["clinics", "kind", "not_in_choices"]
    assert kind.examples == ("clinic_id=C-2 kind='hospital'",)
    assert "polyclinic, outpatient, paramedic_post, family_health_centre" in kind.message
    negative = by_column["buildings", "pop_0_6", "negative_value"]
    assert negative.examples == ("building_id=B-4 pop_0_6=-5",)
    assert len(error.errors) == 4


def test_counts_no_region_has_are_refused_before_they_overflow(tmp_path: Path) -> None:
    # 1e300 residents were read, then overflowed int64 into -9223372036854775808 in load.csv.
    frames = tiny_frames()
    frames["buildings"]["pop_18_62"] = frames["buildings"]["pop_18_62"].astype(float)
    frames["buildings"].loc[1, "pop_18_62"] = 1e300
    frames["districts"]["doctors"] = [1.0, 1e4, 0.5]
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    by_column = {(p.layer, p.column, p.check): p for p in error.errors}
    residents = by_column["buildings", "pop_18_62", "implausible_value"]
    assert residents.message == "1 row has a value above 100,000,000"
    assert residents.examples == ("building_id=B-2 pop_18_62=1e+300",)
    doctors = by_column["districts", "doctors", "implausible_value"]
    assert doctors.text("ru").startswith(
        "districts.doctors: строк со значением больше 100: 1, например district_id=D-2"
    )
    assert_worded(doctors)
    assert len(error.errors) == 2


def test_integers_as_booleans_and_whole_reals_as_integers_are_normalized(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["settlements"]["border_area"] = [0, 1]
    frames["districts"]["attached"] = [1650.0, 900.0, 1000.0]
    region = read_region(write_package_unchecked(tmp_path / "r", frames))
    assert region.settlements["border_area"].dtype == bool
    assert region.settlements["border_area"].tolist() == [False, True]
    assert region.districts["attached"].dtype == "int64"


def test_missing_values_and_blank_text(tiny_region: Region) -> None:
    tiny_region.clinics.loc[0, "address"] = "  "
    tiny_region.districts.loc[2, "doctors"] = np.nan
    tiny_region.settlements.loc[0, "suburb_of"] = None  # optional: fine
    problems = validate_region(tiny_region)
    assert {(p.layer, p.column, p.check) for p in problems} == {
        ("clinics", "address", "missing_value"),
        ("districts", "doctors", "missing_value"),
    }


def test_geometry_checks(tiny_region: Region) -> None:
    tiny_region.clinics.loc[0, "geometry"] = None
    tiny_region.clinics.loc[1, "geometry"] = shapely.box(71.54, 51.01, 71.56, 51.03)
    tiny_region.settlements.loc[1, "geometry"] = Polygon()
    problems = validate_region(tiny_region)
    null = only(problems, "null_geometry")
    assert (null.layer, null.examples) == ("clinics", ("clinic_id=C-1",))
    kind = only(problems, "geometry_type")
    assert kind.message == "1 row has a Polygon geometry; clinics allows Point"
    assert kind.examples == ("clinic_id=C-2 (71.56 51.01)",)
    empty = only(problems, "empty_geometry")
    assert (empty.layer, empty.examples) == ("settlements", ("settlement_id=S-2",))


def test_rows_outside_the_region_are_a_warning(tiny_region: Region) -> None:
    tiny_region.buildings.loc[3, "geometry"] = Point(76.9, 43.2)  # Almaty, far from Astana
    problems = validate_region(tiny_region)
    warning = only(problems, "outside_region")
    assert warning.severity == "warning"
    assert warning.examples == ("building_id=B-4 (76.9 43.2)",)
    assert warning.text("kk").startswith(
        "ескерту: buildings.geometry: 1 жолдың орны admin_units аясынан тыс (бойлық 71..71.9, "
        "ендік 50.9..51.4)"
    )


@pytest.mark.parametrize(
    "text", ["1-35 odd; 2-40 even; 44", "1-9", "12а", "all", "24а/1", "1-9 EVEN; 10"]
)
def test_house_ranges_that_read(tiny_region: Region, text: str) -> None:
    tiny_region.district_streets.loc[1, "house_ranges"] = text
    assert validate_region(tiny_region) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("35-1", "span '35-1' must run from a smaller number"),
        ("1-35 odds", "'odds' is not a parity"),
        ("the rest", "cannot read item 'the rest'"),
    ],
)
def test_house_ranges_that_do_not_read(tiny_region: Region, text: str, reason: str) -> None:
    tiny_region.district_streets.loc[1, "house_ranges"] = text
    problem = only(validate_region(tiny_region), "house_ranges_syntax")
    assert (problem.layer, problem.column) == ("district_streets", "house_ranges")
    assert problem.message == "1 row has house ranges that cannot be read"
    (example,) = problem.examples
    assert example.startswith(f"district_id=D-2 street=Абая: house ranges {text!r}")
    assert reason in example
    assert problem.text("ru").startswith(
        "district_streets.house_ranges: строк с диапазонами домов, которые не удаётся прочитать: "
        "1, например"
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["districts"] = frames["districts"].drop(columns="attached")
    frames["buildings"].loc[1, "building_id"] = "B-1"
    frames["street_edges"].loc[0, "u"] = 99
    del frames["admin_units"]
    config = tiny_config_text().replace("walk_speed_kph", "walking_speed")
    error = read_errors(write_package_unchecked(tmp_path / "r", frames, config))
    assert checks(error.errors) == {
        "unknown_key",
        "missing_layer",
        "missing_column",
        "duplicate_key",
        "dangling_reference",
    }
    unknown = only(error.errors, "unknown_key")
    assert unknown.column == "region.walking_speed"
    assert "did you mean 'walk_speed_kph'?" in unknown.hint
    dangling = only(error.errors, "dangling_reference")
    assert dangling.examples == ("u=99 v=2",)
    text = str(error)
    assert text.splitlines()[0] == f"{tmp_path / 'r'}: 5 errors"
    for problem in error.problems:
        assert_actionable(problem)
        assert str(problem) in text


def test_validate_false_skips_content_checks_but_not_structure(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["clinics"].loc[1, "clinic_id"] = "C-1"
    folder = write_package_unchecked(tmp_path / "r", frames)
    read_errors(folder)  # validated: the duplicate is refused
    region = read_region(folder, validate=False)
    assert region.clinics["clinic_id"].tolist() == ["C-1", "C-1"]
    del frames["buildings"]
    broken = write_package_unchecked(tmp_path / "b", frames)
    assert checks(read_errors(broken, validate=False).errors) == {"missing_layer"}


# --------------------------------------------------------------------------------------------
# region.toml
# --------------------------------------------------------------------------------------------


def test_config_round_trips_through_toml(tmp_path: Path) -> None:
    config = RegionConfig(
        name="Demo region",
        name_kk="Демо аймақ",
        name_ru="Демо регион",
        languages=("kk", "ru"),
        utc_offset="+05:00",
        data_date=dt.date(2026, 9, 1),
        walk_speed_kph=4.0,
        campaign={"start": "09-15", "end": "11-15"},
        norms={"gp": 1700, "pediatric_0_6": 500},
        sources=({"name": "OSM", "licence": "ODbL-1.0", "url": "https://openstreetmap.org"},),
    )
    assert RegionConfig.from_toml_dict(config.to_toml_dict()) == config
    region = make_tiny_region()
    region.config = config
    folder = write_region(region, tmp_path / "demo")
    assert read_config(folder) == config
    assert read_config(folder / TOML_NAME) == config
    assert config.utc_offset_hours == 5.0


def test_config_from_a_minimal_toml_uses_the_defaults() -> None:
    config = RegionConfig.from_toml_dict(
        {
            "region": {
                "name": "R",
                "name_kk": "Р",
                "name_ru": "Р",
                "languages": ["ru"],
                "utc_offset": "+05:00",
                "data_date": dt.date(2026, 1, 1),
            }
        }
    )
    assert (config.walk_speed_kph, config.campaign, config.norms, config.sources) == (
        4.5,
        {},
        {},
        (),
    )


def test_config_errors_name_every_bad_key() -> None:
    document = TINY_CONFIG.to_toml_dict()
    document["regoin"] = {}
    document["region"]["utc_offset"] = "UTC+5"
    document["region"]["timezone"] = "Asia/Almaty"
    document["region"]["data_date"] = dt.datetime(2026, 9, 1, 12, 0)
    document["campaign"] = {"start": "09-31"}
    document["norms"] = {"gp": 0, "surgeon": 100}
    document["sources"] = [{"name": "OSM", "license": "ODbL"}]
    with pytest.raises(RegionDataError) as caught:
        RegionConfig.from_toml_dict(document)
    found = {(p.column, p.check) for p in caught.value.problems}
    assert found == {
        ("regoin", "unknown_key"),
        ("region.timezone", "unknown_key"),
        ("region.utc_offset", "bad_value"),
        ("region.data_date", "bad_value"),
        ("campaign.start", "bad_value"),
        ("campaign.end", "missing_key"),
        ("norms.gp", "bad_value"),
        ("norms.surgeon", "unknown_key"),
        ("sources[0].license", "unknown_key"),
        ("sources[0].licence", "missing_key"),
    }
    typo = next(p for p in caught.value.problems if p.column == "sources[0].license")
    assert typo.hint.startswith("did you mean 'licence'?")
    assert all(p.layer == TOML_NAME for p in caught.value.problems)
    for problem in caught.value.problems:
        assert_worded(problem)
    assert typo.text("ru") == (
        "region.toml.sources[0].license: неизвестный ключ 'license'; может быть, 'licence'? "
        "Известные ключи: name, licence, url [unknown_key]"
    )
    start = next(p for p in caught.value.problems if p.column == "campaign.start")
    assert start.text("kk").startswith(
        "region.toml.campaign.start: start АА-КК түріндегі жыл күні болуы керек, '09-31' емес"
    )


def test_toml_syntax_error(tmp_path: Path) -> None:
    folder = write_package_unchecked(tmp_path / "r", tiny_frames(), "[region\nname = 1\n")
    problem = only(read_errors(folder).errors, "toml_syntax")
    assert "line 1" in problem.message
    assert_worded(problem)


def test_bad_config_in_memory_is_refused_by_validation(tiny_region: Region) -> None:
    tiny_region.config = RegionConfig(
        name="", name_kk="К", name_ru="Р", languages=(), utc_offset="+5",
        data_date=dt.date(2026, 9, 1),
    )  # fmt: skip
    columns = {p.column for p in validate_region(tiny_region)}
    assert columns == {"region.name", "region.languages", "region.utc_offset"}


# --------------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------------


def test_write_refuses_an_invalid_region(tiny_region: Region, tmp_path: Path) -> None:
    tiny_region.districts.loc[0, "clinic_id"] = "C-99"
    with pytest.raises(RegionDataError, match="refusing to write") as caught:
        write_region(tiny_region, tmp_path / "out")
    assert checks(caught.value.errors) == {"dangling_reference"}
    assert list(tmp_path.iterdir()) == []


def test_write_reprojects_to_wgs84(tiny_region: Region, tmp_path: Path) -> None:
    tiny_region.buildings = tiny_region.buildings.to_crs("EPSG:32642")
    assert only(validate_region(tiny_region), "crs_reprojected").severity == "warning"
    region = read_region(write_region(tiny_region, tmp_path / "out"))
    assert region.warnings == ()
    assert region.buildings.crs == "EPSG:4326"
    assert region.buildings.geometry.iloc[0].distance(Point(71.35, 51.10)) < 1e-9


def test_write_does_not_replace_without_overwrite(tiny_package: Path) -> None:
    before = folder_digest(tiny_package)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_region(make_tiny_region(), tiny_package)
    assert folder_digest(tiny_package) == before
    with pytest.raises(NotADirectoryError):
        write_region(make_tiny_region(), tiny_package / GPKG_NAME, overwrite=True)


def test_overwrite_replaces_the_package_and_keeps_other_files(tiny_package: Path) -> None:
    (tiny_package / "README.md").write_text("notes", encoding="utf-8")
    region = make_tiny_region()
    region.districts.loc[0, "attached"] = 1700
    write_region(region, tiny_package, overwrite=True)
    assert read_region(tiny_package).districts["attached"].tolist() == [1700, 900, 1000]
    assert (tiny_package / "README.md").read_text(encoding="utf-8") == "notes"
    assert sorted(path.name for path in tiny_package.parent.iterdir()) == ["tiny"]


def test_failed_write_keeps_the_previous_package(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = folder_digest(tiny_package)
    real_write = pyogrio.write_dataframe

    def failing_write(frame: pd.DataFrame, path: Path, **options: object) -> None:
        if options["layer"] == "buildings":
            raise RuntimeError("simulated GDAL failure")
        real_write(frame, path, **options)

    monkeypatch.setattr(pyogrio, "write_dataframe", failing_write)
    with pytest.raises(RegionDataError, match="simulated GDAL failure") as caught:
        write_region(make_tiny_region(), tiny_package, overwrite=True)
    assert only(caught.value.errors, "write_failed").layer == "buildings"
    assert folder_digest(tiny_package) == before
    assert sorted(path.name for path in tiny_package.parent.iterdir()) == ["tiny"]


def test_a_full_disk_is_said_to_be_full(
    tiny_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GDAL says only that SQLite's INSERT failed; the hint about extra columns misled.
    def failing_write(frame: pd.DataFrame, path: Path, **options: object) -> None:
        raise RuntimeError("sqlite3_exec(INSERT INTO gpkg_contents ...) failed")

    monkeypatch.setattr(pyogrio, "write_dataframe", failing_write)
    monkeypatch.setattr("geo.package.shutil.disk_usage", lambda path: SimpleNamespace(free=4096))
    before = folder_digest(tiny_package)
    with pytest.raises(OSError, match="No space left on device") as caught:
        write_region(make_tiny_region(), tiny_package, overwrite=True)
    assert caught.value.errno == errno.ENOSPC
    assert folder_digest(tiny_package) == before
    assert sorted(path.name for path in tiny_package.parent.iterdir()) == ["tiny"]


# --------------------------------------------------------------------------------------------
# messages
# --------------------------------------------------------------------------------------------


def test_problem_text_and_error_text() -> None:
    problem = Problem(
        "districts",
        "geometry",
        "invalid_geometry",
        "3 rows have invalid geometry (self-intersection)",
        "fix with shapely.make_valid",
        ("district_id=D-17 (71.43 51.12)",),
    )
    assert str(problem) == (
        "districts.geometry: 3 rows have invalid geometry (self-intersection), "
        "e.g. district_id=D-17 (71.43 51.12); fix with shapely.make_valid [invalid_geometry]"
    )
    warning = Problem("clinics", None, "crs_reprojected", "reprojected", "store it", (), "warning")
    error = RegionDataError([warning, problem], source="demo")
    assert error.problems == (problem, warning)  # errors first
    assert error.errors == (problem,)
    assert str(error).splitlines() == [
        "demo: 1 error and 1 warning",
        f"  - {problem}",
        "  - warning: clinics: reprojected; store it [crs_reprojected]",
    ]


def test_problem_wordings_fill_the_same_blanks_in_kazakh_and_russian() -> None:
    # Every wording exists in both languages and asks for the same parameters, so a problem
    # that reads in one reads in the other; column kinds are those of the schema.
    kazakh, russian = PROBLEM_TEXT["kk"], PROBLEM_TEXT["ru"]
    assert kazakh.keys() == russian.keys()
    for text_id in russian:
        for ru_text, kk_text in zip(russian[text_id], kazakh[text_id], strict=True):
            blanks = {name for _, name, _, _ in string.Formatter().parse(ru_text) if name}
            assert blanks == {
                name for _, name, _, _ in string.Formatter().parse(kk_text) if name
            }, text_id
    kinds = {column.kind for layer in (*LAYERS, POPULATION_AREAS) for column in layer.columns}
    assert kinds <= KIND_WORDS["kk"].keys() == KIND_WORDS["ru"].keys()


def test_a_problem_without_a_wording_or_its_parameters_reads_in_english() -> None:
    plain = Problem("region.toml", "region.name", "bad_value", "name must be text", "fix it")
    assert plain.text("ru") == plain.text("kk") == str(plain)
    short = Problem(
        "districts", "doctors", "negative_value", "1 row has", "no", text_id="negative_value"
    )
    assert short.text("ru") == str(short)  # its wording needs the count of rows: none given
    worded = dataclasses.replace(short, params=(("rows", 1234), ("column", "doctors")))
    assert worded.text("ru").startswith(
        "districts.doctors: строк с отрицательным значением: 1\u00a0234; doctors — количество"
    )
    assert RegionDataError([worded], source="x.gpkg").text("en") == str(
        RegionDataError([worded], source="x.gpkg")
    )
