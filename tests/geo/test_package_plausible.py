"""Values a region package may hold in form but not in sense, and files GDAL cannot read.

Speeds of 0, a street network nobody can walk, districts of one family drawn over each other,
languages the app does not speak, a time zone far from the region, a campaign with its dates
exchanged; and population files that are empty, cut short or not GeoJSON, whose problems must
say so in the user's terms and without the temporary folder an upload is written to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyogrio.errors import DataSourceError
from shapely.geometry import Polygon, box

from catchments.messages import Language
from geo.network import NetworkError, StreetNetwork
from geo.package import (
    CHECKS,
    Problem,
    Region,
    RegionConfig,
    RegionDataError,
    read_population_areas,
    read_region,
    same_family_overlaps,
    validate_region,
    write_region,
)
from geo.schema import DISTRICT_FAMILIES, DISTRICT_MODELS, LANGUAGES, LAYERS

from .conftest import TINY_CONFIG
from .test_package import assert_actionable, assert_worded, checks, only


def config_problems(**changes: Any) -> list[Problem]:
    """The problems of the tiny region's ``region.toml`` with ``[region]`` keys changed.

    A value of ``None`` removes the key; ``campaign`` replaces the ``[campaign]`` table.
    """
    document = TINY_CONFIG.to_toml_dict()
    campaign = changes.pop("campaign", None)
    if campaign is not None:
        document["campaign"] = campaign
    for key, value in changes.items():
        if value is None:
            document["region"].pop(key)
        else:
            document["region"][key] = value
    try:
        RegionConfig.from_toml_dict(document)
    except RegionDataError as error:
        return list(error.problems)
    return []


def shifted(region: Region, dx: float, dy: float = 0.0) -> Region:
    """The region moved by ``dx``, ``dy`` degrees, every layer alike."""
    offset = np.array([dx, dy])
    for layer in LAYERS:
        if layer.geometry:
            frame: Any = region.layer(layer.name).copy()
            frame.geometry = shapely.transform(frame.geometry.array, lambda xy: xy + offset)
            setattr(region, layer.name, frame)
    return region


def test_every_new_check_is_known() -> None:
    new = {
        "zero_value",
        "no_walk_edges",
        "no_drive_edges",
        "districts_overlap",
        "campaign_reversed",
        "utc_offset_mismatch",
    }
    assert new <= set(CHECKS)
    doc = (Path(__file__).parents[2] / "geo" / "package.py").read_text("utf-8").split('"""')[1]
    assert all(f"``{code}``" in doc for code in new)


# --------------------------------------------------------------------------------------------
# speeds and the street network
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("speed", [0, 0.0, -1, 10.5, 500, float("nan"), float("inf"), True, "4"])
def test_walk_speed_must_be_a_walking_speed(speed: object) -> None:
    problem = only(config_problems(walk_speed_kph=speed), "bad_value")
    assert problem.column == "region.walk_speed_kph"
    assert "above 0 and at most 10" in problem.message
    assert_worded(problem)


def test_a_drivable_street_with_speed_0_is_refused(tiny_region: Region) -> None:
    # Edge 3-4 (row 3) is drive-only: at 0 km/h its driving time is length / 0.
    tiny_region.street_edges.loc[2, "speed_kph"] = 0.0
    problem = only(validate_region(tiny_region), "zero_value")
    assert (problem.where, problem.severity) == ("street_edges.speed_kph", "error")
    assert problem.examples == ("u=3 v=4 speed_kph=0.0",)
    assert problem.message.startswith("1 row has a speed of 0 on a drivable street")
    assert "drive = false" in problem.hint
    assert_actionable(problem)
    assert_worded(problem)
    # The network refuses the same edge: passing validation would only defer the failure.
    with pytest.raises(NetworkError, match="drive edges have no positive speed"):
        StreetNetwork.from_layers(tiny_region.street_nodes, tiny_region.street_edges)


def test_speed_0_on_a_walk_only_street_and_length_0_are_accepted(tiny_region: Region) -> None:
    # Walking has its own speed, so a footway's speed_kph is never used; a zero-length edge
    # joins two nodes at one spot (OSM has them). The network takes both.
    edges = tiny_region.street_edges
    edges.loc[0, ["drive", "speed_kph"]] = [False, 0.0]
    edges.loc[1, "length_m"] = 0.0
    assert validate_region(tiny_region) == []
    StreetNetwork.from_layers(tiny_region.street_nodes, edges)


def test_negative_speed_is_reported_once_as_negative(tiny_region: Region) -> None:
    tiny_region.street_edges.loc[2, "speed_kph"] = -40.0
    assert checks(validate_region(tiny_region)) == {"negative_value"}


def test_a_street_network_nobody_can_walk_is_refused(tiny_region: Region) -> None:
    tiny_region.street_edges["walk"] = False
    problem = only(validate_region(tiny_region), "no_walk_edges")
    assert (problem.where, problem.severity) == ("street_edges.walk", "error")
    assert "walk is false on all 3 edges" in problem.message
    assert "set walk = true" in problem.hint
    assert_actionable(problem)
    assert_worded(problem)
    assert "рёбер: 3" in problem.text("ru")


def test_a_street_network_no_car_can_use_is_a_warning(tiny_region: Region) -> None:
    tiny_region.street_edges["drive"] = False
    problem = only(validate_region(tiny_region), "no_drive_edges")
    assert (problem.where, problem.severity) == ("street_edges.drive", "warning")
    assert "drive is false on all 3 edges" in problem.message
    assert_actionable(problem)
    assert_worded(problem)


def test_one_walkable_street_is_enough(tiny_region: Region) -> None:
    tiny_region.street_edges["walk"] = [False, True, False]
    assert validate_region(tiny_region) == []


def test_walk_flags_of_the_wrong_kind_are_not_read_as_unwalkable(tiny_region: Region) -> None:
    tiny_region.street_edges["walk"] = ["no", "no", "no"]
    assert checks(validate_region(tiny_region)) == {"wrong_kind"}


# --------------------------------------------------------------------------------------------
# districts of one family drawn over each other
# --------------------------------------------------------------------------------------------


def test_district_families_cover_every_model() -> None:
    assert set(DISTRICT_FAMILIES) == set(DISTRICT_MODELS)
    # Imported by name: planning pulls in solvers this module's type check need not follow.
    planning = importlib.import_module("catchments.planning.common")
    assert planning.FAMILY_OF_MODEL == DISTRICT_FAMILIES


@pytest.mark.parametrize(
    ("west", "warned"),
    [
        (71.40, False),  # a shared border only
        (71.3995, False),  # a 0.5 % sliver, as digitising leaves
        (71.396, False),  # 4 %
        (71.394, True),  # 6 %
        (71.30, True),  # D-1 wholly inside
    ],
)
def test_overlapping_districts_of_one_family_are_a_warning(
    tiny_region: Region, west: float, warned: bool
) -> None:
    # D-3 (therapist) redrawn from `west` to 71.50 over S-1: D-1 (gp, 71.30..71.40) is the
    # smaller, so the share is (71.40 - west) / 0.1 of it.
    tiny_region.districts.loc[2, "geometry"] = box(west, 51.05, 71.50, 51.20)
    problems = validate_region(tiny_region)
    assert checks(problems) == ({"districts_overlap"} if warned else set())
    if warned:
        problem = problems[0]
        assert (problem.where, problem.severity) == ("districts.geometry", "warning")
        assert problem.message.startswith("1 pair of districts of one family")
        share = round((71.40 - west) / 0.1 * 100)
        assert problem.examples[0].startswith(
            f"district_id=D-1 gp / district_id=D-3 therapist: {share}% at "
        )
        assert_actionable(problem)
        assert_worded(problem)


def test_districts_of_different_families_may_cover_the_same_houses(tiny_region: Region) -> None:
    tiny_region.districts.loc[1, "geometry"] = box(71.30, 51.05, 71.50, 51.20)  # D-2 pediatric
    assert validate_region(tiny_region) == []


def test_overlap_is_read_back_as_a_warning_of_the_package(
    tiny_region: Region, tmp_path: Path
) -> None:
    tiny_region.districts.loc[2, "geometry"] = box(71.30, 51.05, 71.50, 51.20)
    region = read_region(write_region(tiny_region, tmp_path / "r"))
    assert [problem.check for problem in region.warnings] == ["districts_overlap"]


def test_invalid_districts_are_left_to_the_geometry_check(tiny_region: Region) -> None:
    bow_tie = Polygon([(71.30, 51.05), (71.40, 51.20), (71.40, 51.05), (71.30, 51.20)])
    tiny_region.districts.loc[2, "geometry"] = bow_tie
    assert checks(validate_region(tiny_region)) == {"invalid_geometry"}


def test_same_family_overlaps_in_any_crs() -> None:
    squares = shapely.box([0, 5, 8, 0], [0, 0, 0, 0], [10, 15, 9, 10], [10, 10, 1, 10])
    family = [*"aab", None]
    first, second, share = same_family_overlaps(squares, np.array(family, dtype=object))
    # 0 and 1 share 5 x 10 of 100; 2 is of another family, 3 of none.
    assert (first.tolist(), second.tolist(), share.tolist()) == ([0], [1], [0.5])


# --------------------------------------------------------------------------------------------
# region.toml: languages, time zone, campaign
# --------------------------------------------------------------------------------------------


def test_languages_are_the_app_s() -> None:
    assert tuple(LANGUAGES) == tuple(language.value for language in Language)


def test_a_language_the_app_does_not_speak_is_refused() -> None:
    problem = only(config_problems(languages=["kk", "xx"]), "not_in_choices")
    assert problem.column == "region.languages"
    assert problem.message == "'xx': not a language the app speaks (kk, ru, en)"
    assert problem.text("ru").startswith(
        "region.toml.region.languages: 'xx': такого языка нет в приложении (kk, ru, en); "
    )
    assert problem.hint == "use only kk, ru, en (Kazakh, Russian, English)"
    assert_actionable(problem)
    assert_worded(problem)


def test_a_country_code_for_a_language_gets_the_code_meant() -> None:
    problem = only(config_problems(languages=["kz", "RU"]), "not_in_choices")
    assert problem.hint.startswith("correct 'kz' → 'kk', 'RU' → 'ru'; use only kk, ru, en")
    assert "'kz' → 'kk'" in problem.text("kk")
    assert_worded(problem)


@pytest.mark.parametrize("languages", [[], ["ru", "ru"], "kk", [""], [1]])
def test_languages_must_be_a_list_of_distinct_codes(languages: object) -> None:
    problem = only(config_problems(languages=languages), "bad_value")
    assert problem.column == "region.languages"
    assert_worded(problem)


@pytest.mark.parametrize(
    "offset",
    ["+25:00", "5", "05:00", "+5:00", "+05:60", "UTC+5", "+14:59", "-14:00", "+05:17", "+14:30"],
)
def test_a_malformed_utc_offset_is_refused(offset: str) -> None:
    # The last four have the form but no zone uses them (-12:00 to +14:00, in quarter hours
    # of :00, :30, :45).
    problem = only(config_problems(utc_offset=offset), "bad_value")
    assert problem.column == "region.utc_offset"
    assert_worded(problem)


@pytest.mark.parametrize("offset", ["+05:00", "+05:30", "+05:45", "-12:00", "+14:00", "-03:30"])
def test_the_offsets_zones_use_are_accepted(offset: str) -> None:
    assert not [p for p in config_problems(utc_offset=offset) if p.check == "bad_value"]


@pytest.mark.parametrize(
    ("offset", "warned"),
    [("+12:00", True), ("-05:00", True), ("+09:00", True), ("+05:00", False), ("+06:00", False)],
)
def test_an_offset_far_from_the_region_s_longitude_is_a_warning(
    tiny_region: Region, offset: str, warned: bool
) -> None:
    # The centre of admin_units is 71.45° E: +09:00 (135° E) is 63.55° off; +06:00, the zone
    # of Astana until 2024 (90° E), 18.55°, within the 30° allowed.
    tiny_region.config = dataclasses.replace(TINY_CONFIG, utc_offset=offset)
    problems = validate_region(tiny_region)
    if not warned:
        assert problems == []
        return
    problem = only(problems, "utc_offset_mismatch")
    assert len(problems) == 1
    assert (problem.layer, problem.column, problem.severity) == (
        "region.toml",
        "region.utc_offset",
        "warning",
    )
    assert f"utc_offset {offset!r} puts the region's noon" in problem.message
    assert 'the longitude suggests about "+05:00"' in problem.hint
    assert_actionable(problem)
    assert_worded(problem)


def test_kazakhstan_s_west_on_utc_plus_5_is_not_warned(tiny_region: Region) -> None:
    # Aktau, 51.2° E, keeps UTC+5 since 2024: 24° from 75° E, inside the 30° allowed.
    assert validate_region(shifted(tiny_region, 51.2 - 71.45)) == []


def test_a_swapped_region_gets_the_swap_warning_not_a_second_one(tiny_region: Region) -> None:
    # Centred at 80° E, 40° N and swapped: x = 40 lies 35° from UTC+5's meridian (more than
    # the 30° allowed) but y = 80 only 5°: the swap explains it, so the offset is not blamed.
    region = shifted(tiny_region, 80 - 71.45, 40 - 51.15)
    for layer in LAYERS:
        if layer.geometry:
            frame: Any = region.layer(layer.name).copy()
            frame.geometry = shapely.transform(frame.geometry.array, lambda xy: xy[:, ::-1])
            setattr(region, layer.name, frame)
    assert [problem.check for problem in validate_region(region)] == ["coordinates_maybe_swapped"]


def test_a_campaign_with_its_dates_exchanged_is_refused() -> None:
    problems = config_problems(campaign={"start": "11-15", "end": "09-15"})
    problem = only(problems, "campaign_reversed")
    assert len(problems) == 1
    assert (problem.where, problem.severity) == ("region.toml.campaign", "error")
    assert problem.message == (
        "end '09-15' comes before start '11-15': read as a campaign over the new year, it would "
        "run 306 days, from 11-15 to 09-15 of the next year"
    )
    assert problem.hint.startswith('exchange them (start = "09-15", end = "11-15")')
    assert_actionable(problem)
    assert_worded(problem)
    assert problem.text("ru").startswith(
        "region.toml.campaign: конец 09-15 раньше начала 11-15: как кампания через Новый год "
        "она длилась бы 306 дн."
    )


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        ("09-15", "11-15", False),  # R-TIME-1
        ("12-01", "01-31", False),  # over the new year, as catchments.calendar allows
        ("07-03", "01-01", False),  # 183 days over the new year: half a year
        ("07-02", "01-01", True),  # 184 days
        ("03-01", "02-29", True),  # all the year but a day
        ("05-01", "05-01", False),  # one day
    ],
)
def test_only_a_campaign_over_more_than_half_a_year_is_reversed(
    start: str, end: str, refused: bool
) -> None:
    problems = config_problems(campaign={"start": start, "end": end})
    assert checks(problems) == ({"campaign_reversed"} if refused else set())


def test_a_reversed_campaign_is_refused_in_memory_too(tiny_region: Region) -> None:
    tiny_region.config = dataclasses.replace(
        TINY_CONFIG, campaign={"start": "11-15", "end": "09-15"}
    )
    assert checks(validate_region(tiny_region)) == {"campaign_reversed"}


# --------------------------------------------------------------------------------------------
# population files GDAL cannot read
# --------------------------------------------------------------------------------------------


def population_blocks() -> gpd.GeoDataFrame:
    """Two census blocks, valid but for the missing age bands (unread anyway)."""
    return gpd.GeoDataFrame(
        {"area_id": ["B-1", "B-2"]},
        geometry=[box(71.40, 51.10, 71.41, 51.11), box(71.41, 51.10, 71.42, 51.11)],
        crs=4326,
    )


def unreadable(path: Path) -> Problem:
    """The one problem of a file GDAL cannot read; it names no folder in any language."""
    with pytest.raises(RegionDataError) as caught:
        read_population_areas(path)
    problem = only(caught.value.problems, "unreadable_layer")
    assert len(caught.value.problems) == 1
    for text in (str(problem), problem.text("kk"), problem.text("ru")):
        assert str(path.parent) not in text, text
    assert_actionable(problem)
    assert_worded(problem)
    return problem


def test_an_empty_file_is_said_to_be_empty(tmp_path: Path) -> None:
    for name, content in (("census.gpkg", b""), ("census.geojson", b" \n\n")):
        (tmp_path / name).write_bytes(content)
        problem = unreadable(tmp_path / name)
        assert problem.message == "the file is empty: it was not saved or uploaded in full"
        assert problem.text("ru").startswith("population_areas: файл пуст")


def test_garbage_named_gpkg_is_in_no_map_format(tmp_path: Path) -> None:
    junk = tmp_path / "census.gpkg"
    junk.write_bytes(bytes(range(256)) * 4)
    problem = unreadable(junk)
    assert problem.message.startswith("the file is in no map format GDAL reads")
    assert "GeoPackage or GeoJSON file of polygons with columns area_id" in problem.hint


def test_text_named_gpkg_shows_its_start(tmp_path: Path) -> None:
    text = tmp_path / "census.gpkg"
    text.write_text("\ufeffPlease find the census attached.\n", encoding="utf-8")
    problem = unreadable(text)
    assert problem.message == (
        "the file is text, not a map format GDAL reads, starting 'Please find the census attached.'"
    )


def test_a_geopackage_cut_short_is_said_to_be_damaged(tmp_path: Path) -> None:
    whole = tmp_path / "whole.gpkg"
    population_blocks().to_file(whole, layer="population_areas")
    cut = tmp_path / "census.gpkg"
    cut.write_bytes(whole.read_bytes()[:5000])
    problem = unreadable(cut)
    assert problem.message.startswith("the file is a damaged or incomplete GeoPackage")
    assert "sqlite" not in problem.message.lower()


def test_a_geojson_cut_short_is_said_to_be_truncated(tmp_path: Path) -> None:
    whole = tmp_path / "whole.geojson"
    population_blocks().to_file(whole)
    text = whole.read_text(encoding="utf-8")
    cut = tmp_path / "census.geojson"
    cut.write_text(text[: len(text) // 2] + "\n", encoding="utf-8")
    problem = unreadable(cut)
    lines = cut.read_text(encoding="utf-8").rstrip().count("\n") + 1
    assert problem.message.startswith(f"the file is JSON that breaks off at line {lines},")
    assert f"обрывается в строке {lines}" in problem.text("ru")


def test_malformed_json_names_the_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "census.json"
    broken.write_text('{"type": "FeatureCollection",\n "features": [,]}', encoding="utf-8")
    problem = unreadable(broken)
    assert problem.message.startswith("the file is not valid JSON: ")
    assert problem.message.endswith("at line 2, column 15")
    assert "строке 2, столбце 15" in problem.text("ru")


@pytest.mark.parametrize(
    "document",
    [{"name": "census", "rows": [[1, 2]]}, [1, 2, 3], {"type": "Census"}, {"type": ["x"]}],
)
def test_json_that_is_not_geojson_says_so(tmp_path: Path, document: object) -> None:
    path = tmp_path / "census.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    problem = unreadable(path)
    assert problem.message.startswith("the file is JSON but not GeoJSON")


def test_geojson_gdal_refuses_keeps_gdal_s_words_without_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "census.geojson"
    path.write_text('{"type": "FeatureCollection", "features": "none"}', encoding="utf-8")
    problem = unreadable(path)
    assert problem.message.startswith("GDAL cannot read this GeoJSON: ")
    assert "features" in problem.message

    def failing(source: object, **options: object) -> None:
        raise DataSourceError(f"'{source}' is broken in {tmp_path}/x")

    monkeypatch.setattr(pyogrio, "list_layers", failing)
    problem = unreadable(path)
    assert problem.message == "GDAL cannot read this GeoJSON: 'census.geojson' is broken in x"


def test_zip_and_a_lone_shapefile_get_their_own_fixes(tmp_path: Path) -> None:
    archive = tmp_path / "census.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("readme.txt", "no layer here")
    problem = unreadable(archive)
    assert problem.hint == "unpack it and give the GeoPackage or GeoJSON file inside"
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    population_blocks().to_file(shapes / "census.shp")
    lone = tmp_path / "census.shp"
    lone.write_bytes((shapes / "census.shp").read_bytes())
    problem = unreadable(lone)
    assert problem.message.startswith("the file is the .shp part of a Shapefile")
    assert "ogr2ogr -f GPKG" in problem.hint


# --------------------------------------------------------------------------------------------
# region.toml: [calendar], a decree the holidays package does not know yet
# --------------------------------------------------------------------------------------------


def calendar_problems(table: Any) -> list[Problem]:
    """The errors of the tiny region's ``region.toml`` with ``[calendar]`` set to ``table``."""
    document = {**TINY_CONFIG.to_toml_dict(), "calendar": table}
    try:
        RegionConfig.from_toml_dict(document)
    except RegionDataError as error:
        return [problem for problem in error.problems if problem.severity == "error"]
    return []


def test_a_decree_s_days_are_read_and_written_back() -> None:
    decree = {"days_off": [dt.date(2026, 9, 21)], "working_days": [dt.date(2026, 9, 19)]}
    config = RegionConfig.from_toml_dict({**TINY_CONFIG.to_toml_dict(), "calendar": decree})
    assert config.calendar == {
        "days_off": (dt.date(2026, 9, 21),),
        "working_days": (dt.date(2026, 9, 19),),
    }
    assert config.rule_tables()["calendar"] == config.calendar
    assert RegionConfig.from_toml_dict(config.to_toml_dict()) == config


@pytest.mark.parametrize(
    ("table", "text_id", "english"),
    [
        ("2026-09-21", "toml.not_table", "[calendar] must be a table"),
        ({"day_off": []}, "toml.unknown_key.close", "unknown key 'day_off'"),
        (
            {"days_off": [dt.date(2026, 9, 21), "21.09.2026"]},
            "toml.calendar_days",
            "days_off must be a list of dates, not [2026-09-21, '21.09.2026']",
        ),
        ({"days_off": dt.date(2026, 9, 21)}, "toml.calendar_days", "must be a list of dates"),
        (
            {"working_days": [dt.date(2026, 9, 21)]},
            "toml.calendar_weekday",
            "2026-09-21 is a Monday, a working day already",
        ),
        (
            {"days_off": [dt.date(2026, 9, 19)], "working_days": [dt.date(2026, 9, 19)]},
            "toml.calendar_both",
            "2026-09-19 is both in days_off and in working_days",
        ),
    ],
    ids=["not-a-table", "misspelt-key", "text-date", "not-a-list", "weekday-working", "both"],
)
def test_a_calendar_s_mistakes_are_named_in_every_language(
    table: Any, text_id: str, english: str
) -> None:
    (problem,) = calendar_problems(table)
    assert problem.text_id == text_id
    assert english in str(problem)
    assert_worded(problem)
    assert_actionable(problem)


def test_calendar_days_that_change_nothing_are_warnings_in_every_language(
    tiny_package: Path,
) -> None:
    # Each is most likely a mistyped date, which leaves the decree's real day out; none stops
    # the package from being read.
    toml = tiny_package / "region.toml"
    toml.write_text(
        toml.read_text("utf-8")
        + "\n[calendar]\n"
        + "days_off = [2026-09-21, 2026-09-21, 2026-09-20, 2206-01-05]\n"
        + "working_days = [2026-09-19]\n",
        encoding="utf-8",
    )
    region = read_region(tiny_package)
    assert region.config.calendar["days_off"] == (
        dt.date(2026, 9, 20),
        dt.date(2026, 9, 21),
        dt.date(2206, 1, 5),
    )
    found = {p.text_id: p for p in region.warnings if "calendar" in p.where}
    assert set(found) == {"toml.calendar_twice", "toml.calendar_year", "toml.calendar_weekend"}
    assert "2026-09-21 is listed more than once in days_off" in str(found["toml.calendar_twice"])
    assert "2206-01-05 is outside 1991-2100" in str(found["toml.calendar_year"])
    assert "2026-09-20 is a Sunday, a day off already" in str(found["toml.calendar_weekend"])
    for problem in found.values():
        assert problem.severity == "warning"
        assert_worded(problem)
        assert_actionable(problem)


def test_the_calendar_years_are_the_engine_s() -> None:
    from catchments.models import CALENDAR_YEARS
    from geo import package

    assert package._CALENDAR_YEARS == CALENDAR_YEARS
