"""Every problem of a package at once, each said clearly (DESIGN.md, "The region data package").

A package swapped out of Kazakhstan is refused, not warned of; text that is not UTF-8 does not
hide the rest of its layer; ``clinics.packages`` is read the way the app reads it; a missing
layer is offered only a layer that is most like it; a number column stored as text names only
the values that are no numbers.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely

from geo.package import GPKG_NAME, Problem, Region, RegionDataError, read_region, validate_region
from geo.schema import LAYERS

from .conftest import tiny_frames, write_package_unchecked
from .test_package import assert_actionable, assert_worded, checks, only, read_errors, swap_xy

SPATIAL = [layer.name for layer in LAYERS if layer.geometry]


def shifted(region: Region, dx: float, dy: float) -> Region:
    """The region moved by ``dx`` degrees of longitude and ``dy`` of latitude."""
    for name in SPATIAL:
        frame: Any = region.layer(name).copy()
        frame.geometry = shapely.transform(frame.geometry.array, lambda xy: xy + np.array([dx, dy]))
        setattr(region, name, frame)
    return region


def swapped(region: Region, *names: str) -> Region:
    for name in names or SPATIAL:
        setattr(region, name, swap_xy(region.layer(name)))
    return region


# --------------------------------------------------------------------------------------------
# 1. a package swapped out of Kazakhstan
# --------------------------------------------------------------------------------------------


def test_a_package_swapped_in_every_layer_is_refused_when_read(tmp_path: Path) -> None:
    frames = tiny_frames()
    for name in SPATIAL:
        frames[name] = swap_xy(frames[name])
    error = read_errors(write_package_unchecked(tmp_path / "r", frames))
    assert [(p.layer, p.check) for p in error.problems] == [
        (name, "coordinates_swapped") for name in SPATIAL
    ]
    admin = error.problems[0]
    assert admin.severity == "error"
    assert admin.message == (
        "2 rows have longitude and latitude swapped: they lie outside Kazakhstan, and inside it "
        "with x and y exchanged"
    )
    # The centres as stored: Akmola oblast's box 71.0..71.9 E, 50.9..51.4 N, read y first.
    assert admin.examples == ("unit_id=AU-1 (51.15 71.45)", "unit_id=AU-2 (51.125 71.4)")
    assert_actionable(admin)
    assert_worded(admin)
    assert admin.text("kk").startswith(
        "admin_units.geometry: 2 жолда бойлық пен ендік ауысып кеткен (олар Қазақстаннан тыс, "
        "ал x пен y ауыстырылса — оның ішінде)"
    )
    assert "оларды ауыстырыңыз" in admin.text("kk")


def test_only_the_swapped_layers_are_named(tiny_region: Region) -> None:
    # admin_units and clinics swapped, the rest right: the other layers are not blamed for
    # lying outside the (swapped) extent of admin_units.
    problems = validate_region(swapped(tiny_region, "admin_units", "clinics"))
    assert [(p.layer, p.check, p.severity) for p in problems] == [
        ("admin_units", "coordinates_swapped", "error"),
        ("clinics", "coordinates_swapped", "error"),
    ]


def test_a_layer_swapped_inside_kazakhstan_is_still_told_by_the_extent(
    tiny_region: Region,
) -> None:
    problems = validate_region(swapped(tiny_region, "buildings"))
    problem = only(problems, "coordinates_swapped")
    assert problem.text_id == "coordinates_swapped.region"
    assert problem.layer == "buildings"
    assert len(problems) == 1


@pytest.mark.parametrize(
    ("where", "dx", "dy"),
    [("Omsk", 73.4 - 71.45, 55.0 - 51.15), ("western China", 80 - 71.45, 40 - 51.15)],
)
def test_a_region_elsewhere_in_both_readings_is_only_warned_of_as_before(
    tiny_region: Region, where: str, dx: float, dy: float
) -> None:
    # Neither reading lies in Kazakhstan: the Kazakhstan check says nothing, the time zone's
    # warning (or none) stays as it was.
    region = swapped(shifted(tiny_region, dx, dy))
    problems = validate_region(region)
    assert "coordinates_swapped" not in checks(problems), where
    assert all(problem.severity == "warning" for problem in problems), where


@pytest.mark.parametrize(
    ("town", "x", "y"),
    [
        ("Oral", 51.37, 51.23),
        ("Petropavl", 69.15, 54.87),
        ("Aktau", 51.17, 43.65),
        ("Zharkent", 80.0, 44.16),
        ("Shymkent", 69.6, 42.3),
        ("Oskemen", 82.61, 49.95),
    ],
)
def test_regions_of_kazakhstan_near_its_border_are_not_suspected(
    tiny_region: Region, town: str, x: float, y: float
) -> None:
    region = shifted(tiny_region, x - 71.45, y - 51.15)
    assert "coordinates_swapped" not in checks(validate_region(region)), town


# --------------------------------------------------------------------------------------------
# 2. text that is not UTF-8 hides nothing else
# --------------------------------------------------------------------------------------------


def broken_clinics_package(folder: Path, column: str) -> Path:
    frames = tiny_frames()
    frames["clinics"].loc[0, "kind"] = "hospital"
    frames["clinics"].loc[[1], "geometry"] = swap_xy(frames["clinics"].loc[[1]]).geometry
    frames["districts"].loc[2, "clinic_id"] = "C-9"
    write_package_unchecked(folder, frames)
    with sqlite3.connect(folder / GPKG_NAME) as connection:
        connection.execute(
            f"UPDATE clinics SET {column} = CAST(? AS TEXT) WHERE clinic_id = 'C-1'",
            ("ул. Абая 10".encode("cp1251"),),
        )
    connection.close()
    return folder


@pytest.mark.parametrize("column", ["address", "phone"])
def test_text_that_is_not_utf8_does_not_hide_the_other_problems_of_its_layer(
    tmp_path: Path, column: str
) -> None:
    error = read_errors(broken_clinics_package(tmp_path / "r", column))
    where = {(p.where, p.check) for p in error.errors}
    assert where == {
        (f"clinics.{column}", "encoding"),
        ("clinics.kind", "not_in_choices"),
        ("clinics.geometry", "coordinates_swapped"),
        ("districts.clinic_id", "dangling_reference"),
    }
    encoding = only(error.errors, "encoding")
    assert encoding.examples[0].startswith("clinic_id=C-1 ")
    assert "(as Windows-1251: 'ул. Абая 10')" in encoding.examples[0]
    assert only(error.errors, "not_in_choices").examples == ("clinic_id=C-1 kind='hospital'",)
    assert only(error.errors, "dangling_reference").examples == ("district_id=D-3 clinic_id='C-9'",)
    # Checked on, but never accepted: trusted reading refuses the text as well.
    assert "encoding" in checks(read_errors(tmp_path / "r", validate=False).errors)


def test_an_attribute_layer_with_bad_text_is_checked_on_too(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["district_streets"].loc[0, "house_ranges"] = "35-1"
    folder = write_package_unchecked(tmp_path / "r", frames)
    with sqlite3.connect(folder / GPKG_NAME) as connection:
        connection.execute(
            "UPDATE district_streets SET street = CAST(? AS TEXT) WHERE district_id = 'D-2'",
            ("Абая".encode("cp1251"),),
        )
        connection.execute("UPDATE district_streets SET district_id = 'D-9' WHERE rowid = 3")
    connection.close()
    error = read_errors(folder)
    assert [(p.where, p.check) for p in error.errors] == [
        ("district_streets.street", "encoding"),
        ("district_streets.house_ranges", "house_ranges_syntax"),
        ("district_streets.district_id", "dangling_reference"),
    ]


def test_a_layer_with_only_an_encoding_problem_is_refused_for_it_alone(tmp_path: Path) -> None:
    folder = write_package_unchecked(tmp_path / "r", tiny_frames())
    with sqlite3.connect(folder / GPKG_NAME) as connection:
        connection.execute(
            "UPDATE settlements SET name_ru = CAST(? AS TEXT) WHERE settlement_id = 'S-2'",
            ("Косшы".encode("cp1251"),),
        )
    connection.close()
    error = read_errors(folder)
    assert [(p.where, p.check) for p in error.problems] == [("settlements.name_ru", "encoding")]


# --------------------------------------------------------------------------------------------
# 3. clinics.packages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["gobmp,osms", "GOBMP; OSMS", "osms, gobmp,", "gobmp", "", None])
def test_packages_the_app_reads_in_full_pass(tiny_region: Region, value: str | None) -> None:
    tiny_region.clinics.loc[0, "packages"] = value
    assert validate_region(tiny_region) == []


def test_packages_the_app_would_drop_are_refused(tiny_region: Region) -> None:
    tiny_region.clinics["packages"] = ["gobmp osms", "ГОБМП, ОСМС"]
    problem = only(validate_region(tiny_region), "not_in_choices")
    assert (problem.where, problem.severity) == ("clinics.packages", "error")
    assert problem.message == (
        "2 rows have a value with items that are not packages (gobmp, osms), which the app "
        "leaves out as if the clinic did not supply them"
    )
    assert problem.examples == (
        "clinic_id=C-1 packages='gobmp osms' (→ 'gobmp,osms')",
        "clinic_id=C-2 packages='ГОБМП, ОСМС' (→ 'gobmp,osms')",
    )
    assert problem.hint == (
        "write the packages the clinic supplies, gobmp, osms, separated by ',' or ';' "
        "(e.g. 'gobmp,osms'); leave it empty if it supplies none"
    )
    assert_actionable(problem)
    assert_worded(problem)
    assert "через «,» или «;»" in problem.text("ru")
    assert "«,» немесе «;» арқылы" in problem.text("kk")


def test_a_package_list_with_a_word_that_is_no_package_has_no_suggestion(
    tiny_region: Region,
) -> None:
    tiny_region.clinics.loc[1, "packages"] = "gobmp, pmsp"
    problem = only(validate_region(tiny_region), "not_in_choices")
    assert problem.examples == ("clinic_id=C-2 packages='gobmp, pmsp'",)


# --------------------------------------------------------------------------------------------
# 4. clear messages: a missing layer's rename, a number column stored as text
# --------------------------------------------------------------------------------------------


def missing_layer_hints(problems: tuple[Problem, ...]) -> dict[str, str]:
    return {p.layer: p.hint for p in problems if p.check == "missing_layer"}


def test_a_misnamed_layer_is_offered_only_to_the_layer_it_is_most_like(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["district"] = frames.pop("districts")
    del frames["district_streets"]
    hints = missing_layer_hints(read_errors(write_package_unchecked(tmp_path / "r", frames)).errors)
    assert hints["districts"].endswith("the file has a layer 'district': rename it")
    assert hints["district_streets"] == (
        "add a district_streets layer with columns district_id, street, house_ranges"
    )


def test_a_layer_of_the_package_is_never_offered_for_renaming(tmp_path: Path) -> None:
    frames = tiny_frames()
    del frames["district_streets"]
    problem = only(
        read_errors(write_package_unchecked(tmp_path / "r", frames)).errors, "missing_layer"
    )
    assert problem.layer == "district_streets"
    assert "rename" not in problem.hint
    assert problem.text_id == "missing_layer"


def test_a_number_column_stored_as_text_whose_values_all_read(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["districts"]["doctors"] = ["1.0", "2", "0.5"]
    problem = only(
        read_errors(write_package_unchecked(tmp_path / "r", frames)).errors, "wrong_kind"
    )
    assert problem.where == "districts.doctors"
    assert problem.message == "the column is stored as text, though its values read as numbers"
    assert problem.hint == "store it as a REAL (or INTEGER) column"
    assert_worded(problem)
    assert problem.text("ru").startswith(
        "districts.doctors: столбец хранится как текст, хотя его значения читаются как числа"
    )


def test_whole_numbers_stored_as_text_name_only_the_fractions(tmp_path: Path) -> None:
    frames = tiny_frames()
    frames["districts"]["attached"] = ["1650", "900.5", "1 000"]
    problem = only(
        read_errors(write_package_unchecked(tmp_path / "r", frames)).errors, "wrong_kind"
    )
    assert problem.message == (
        "2 rows have values that are not whole numbers (the column is stored as text)"
    )
    assert problem.examples == (
        "district_id=D-2 attached='900.5'",
        "district_id=D-3 attached='1 000'",
    )
    assert problem.hint == "correct them, and store it as an INTEGER column"
    assert_worded(problem)
    assert re.search(r"оларды түзетіңіз; оны INTEGER бағаны", problem.text("kk"))


def test_the_audit_s_one_bad_doctor_count_among_many(tiny_region: Region) -> None:
    tiny_region.districts["doctors"] = ["two", "1.0", "1.25"]
    problem = only(validate_region(tiny_region), "wrong_kind")
    assert problem.message.startswith("1 row has values that are not numbers")
    assert problem.examples == ("district_id=D-1 doctors='two'",)


def test_read_region_raises_with_all_of_them(tmp_path: Path) -> None:
    # One more time, from a file, through the public reader.
    frames = tiny_frames()
    frames["clinics"]["packages"] = ["gobmp osms", "gobmp"]
    frames["districts"]["doctors"] = ["two", "1.0", "1.25"]
    folder = write_package_unchecked(tmp_path / "r", frames)
    with pytest.raises(RegionDataError) as caught:
        read_region(folder)
    assert {(p.where, p.check) for p in caught.value.errors} == {
        ("clinics.packages", "not_in_choices"),
        ("districts.doctors", "wrong_kind"),
    }


# --------------------------------------------------------------------------------------------
# 5. house ranges as registries write them
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1-35 тақ жағы; 2-40 жұп жағы", "15, корп. 2", "жұп жағы"])
def test_house_ranges_in_kazakh_and_with_blocks_pass(tiny_region: Region, text: str) -> None:
    tiny_region.district_streets.loc[1, "house_ranges"] = text
    assert validate_region(tiny_region) == []


def test_a_backwards_span_s_example_offers_the_house(tiny_region: Region) -> None:
    tiny_region.district_streets.loc[1, "house_ranges"] = "24-1"
    (example,) = only(validate_region(tiny_region), "house_ranges_syntax").examples
    assert example.endswith(
        "write '1-24' for houses 1 to 24, or '24/1' if it is the one house 24/1"
    )
