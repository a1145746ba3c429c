"""People known only by area: population polygons read, checked and shared among districts.

Issue 7's load takes residents from buildings "and, where only polygons of population exist,
area-weighted interpolation". The shares are checked on rectangles whose answer is worked out
by hand, the demo's districts against polygons made from its own buildings, and the file a
planner brings against every way it can be wrong.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from catchments import cli
from catchments.planning import (
    PlanningError,
    areal_interpolate,
    district_load_table,
    home_visit_gaps,
    prepare,
)
from geo.package import RegionDataError, read_population_areas, read_region
from geo.schema import AGE_BANDS
from geo.territory import TerritoryIndex

ROOT = Path(__file__).resolve().parents[2]
UTM_42N = "EPSG:32642"  # metres, over Kazakhstan's middle


def _people(adults: list[float], **columns: object) -> dict[str, object]:
    """Age-band columns with ``adults`` aged 18-62 and a tenth as many children aged 0-6."""
    bands: dict[str, object] = {band: [0.0] * len(adults) for band in AGE_BANDS}
    bands["pop_18_62"] = adults
    bands["pop_0_6"] = [a / 10 for a in adults]
    return {**columns, **bands}


def _box(west: float, south: float, east: float, north: float) -> shapely.Polygon:
    """A rectangle in metres east and north of a point near Astana (UTM zone 42N)."""
    return shapely.box(west + 500_000, south + 5_660_000, east + 500_000, north + 5_660_000)


def test_people_are_shared_by_the_area_each_district_covers() -> None:
    # A: 200 m x 100 m with 100 adults; B: 100 m x 100 m with 30, east of it (near Astana).
    source = gpd.GeoDataFrame(
        _people([100.0, 30.0], area_id=["A", "B"]),
        geometry=[_box(0, 0, 200, 100), _box(200, 0, 300, 100)],
        crs=UTM_42N,
    )
    target = gpd.GeoDataFrame(
        {"district_id": ["west", "middle", "east", "far"]},
        geometry=[
            _box(0, 0, 100, 100),  # half of A
            _box(100, 0, 250, 100),  # the other half of A, half of B
            _box(250, 0, 400, 100),  # the other half of B, and nobody's land
            _box(5000, 5000, 5100, 5100),
        ],
        crs=UTM_42N,
    )
    shares = areal_interpolate(source, target)
    assert shares["pop_18_62"].to_dict() == pytest.approx(
        {"west": 50.0, "middle": 65.0, "east": 15.0, "far": 0.0}
    )
    assert shares["pop_0_6"].to_dict() == pytest.approx(
        {"west": 5.0, "middle": 6.5, "east": 1.5, "far": 0.0}
    )
    # Targets in another CRS get the same shares: the overlay is done in metres.
    again = areal_interpolate(source.to_crs(4326), target.to_crs(4326))
    assert again["pop_18_62"].to_numpy() == pytest.approx(shares["pop_18_62"].to_numpy(), rel=1e-6)


@pytest.fixture(scope="module")
def planning():
    return prepare(read_region(ROOT / "data" / "demo", validate=False))


def test_districts_drawn_as_the_polygons_get_exactly_their_people(planning) -> None:
    # Each adult district's polygon as a census block holding that district's residents:
    # sharing by area must give every adult district its own people back.
    from_buildings = district_load_table(planning)
    adult = planning.districts[planning.districts["family"] == "adult"]
    blocks = gpd.GeoDataFrame(
        from_buildings.loc[adult.index, list(AGE_BANDS)].astype(float).reset_index(drop=True),
        geometry=adult.geometry.to_numpy(),
        crs=planning.districts.crs,
    ).assign(area_id=list(adult.index))
    from_blocks = district_load_table(planning, population=blocks.to_crs(4326))
    ours = from_blocks.loc[adult.index]
    theirs = from_buildings.loc[adult.index]
    for column in (*AGE_BANDS, "residents", "served", "expected_attached"):
        assert np.abs(ours[column] - theirs[column]).max() <= 1, column  # rounding to people
    # The register's side does not depend on where residents come from.
    pd.testing.assert_frame_equal(
        from_blocks[["attached", "pct_of_norm", "remaining"]],
        from_buildings[["attached", "pct_of_norm", "remaining"]],
    )


def test_polygons_that_miss_every_district_are_named_not_summed_to_zero(planning) -> None:
    # The demo's blocks with longitude and latitude swapped land in the Indian Ocean.
    adult = planning.districts[planning.districts["family"] == "adult"].to_crs(4326)
    swapped = gpd.GeoDataFrame(
        _people([100.0] * len(adult), area_id=list(adult.index)),
        geometry=shapely.transform(adult.geometry.to_numpy(), lambda xy: xy[:, ::-1]),
        crs=4326,
    )
    with pytest.raises(PlanningError, match="longitude and latitude swapped") as caught:
        district_load_table(planning, population=swapped)
    assert "долгота и широта" in caught.value.text("ru")
    with pytest.raises(PlanningError, match="not both"):
        district_load_table(
            planning, planning.buildings[["adult", "pediatric"]], population=swapped
        )


def test_polygons_that_count_nobody_are_said_to_count_nobody(planning) -> None:
    # They overlap the districts; "none overlaps ... swapped?" sent the planner the wrong way.
    over_the_city = shapely.box(*planning.districts.to_crs(4326).total_bounds)
    nobody = gpd.GeoDataFrame(
        _people([0.0], area_id=["all"]), geometry=[over_the_city], crs=4326
    ).assign(pop_0_6=0.0)
    with pytest.raises(PlanningError) as caught:
        district_load_table(planning, population=nobody)
    assert caught.value.code == "population_zero"
    assert str(caught.value).startswith(
        "the 1 population polygons over the region's districts count nobody: every age band "
    )
    assert "никто не учтён" in caught.value.text("ru")
    assert "ешкім есептелмеген" in caught.value.text("kk")


@pytest.mark.parametrize(
    "bounds",
    [(-180, -90, 180, 90), (-179, -89, 179, 89), (0, -60, 180, 60), (60, 45, 80, 55)],
    ids=["the-globe", "nearly-the-globe", "half-a-hemisphere", "a-country"],
)
def test_a_polygon_far_larger_than_the_region_gives_it_its_share_by_true_area(
    planning, bounds: tuple[float, float, float, float]
) -> None:
    # Projected to the region's UTM zone such a polygon's area was wrong by orders of
    # magnitude, or nothing at all; on the ellipsoid a district gets its share of the area.
    big = shapely.box(*bounds)
    source = gpd.GeoDataFrame(_people([1e9], area_id=["big"]), geometry=[big], crs=4326)
    districts = planning.districts.reset_index()[["district_id", "geometry"]]
    shares = areal_interpolate(source, gpd.GeoDataFrame(districts, crs=planning.districts.crs))
    # The area of a parallels-and-meridians box on the sphere of equal area (authalic latitude
    # would be exact; the sphere is within 0.3 % of the ellipsoid here).
    radius = 6_371_007.2
    west, south, east, north = np.radians(bounds)
    box_m2 = radius**2 * (east - west) * (np.sin(north) - np.sin(south))
    expected = 1e9 * districts.geometry.area.to_numpy() / box_m2
    assert shares["pop_18_62"].to_numpy() == pytest.approx(expected, rel=5e-3)


def _blocks(tmp_path: Path, name: str = "census.gpkg", **changes: object) -> Path:
    """Two blocks near the demo city as a file; ``changes`` replace or (None) drop columns."""
    frame = gpd.GeoDataFrame(
        _people([100.0, 25.5], area_id=["B-1", "B-2"]),
        geometry=[shapely.box(71.40, 51.10, 71.41, 51.11), shapely.box(71.41, 51.10, 71.42, 51.11)],
        crs=4326,
    )
    for column, values in changes.items():
        frame = frame.drop(columns=column) if values is None else frame.assign(**{column: values})
    path = tmp_path / name
    frame.to_file(path, layer="population_areas" if path.suffix == ".gpkg" else None)
    return path


def test_a_planner_s_population_file_is_read_in_degrees_with_numbers(tmp_path) -> None:
    frame = read_population_areas(_blocks(tmp_path))
    assert list(frame["area_id"]) == ["B-1", "B-2"]
    assert frame["pop_18_62"].tolist() == [100.0, 25.5]  # modelled people may be fractional
    assert frame.crs.to_epsg() == 4326
    # GeoJSON and a projected CRS are fine: reprojected in memory, the file left as it was.
    projected = tmp_path / "utm.gpkg"
    read_population_areas(_blocks(tmp_path)).to_crs(UTM_42N).to_file(projected)
    before = hashlib.sha256(projected.read_bytes()).hexdigest()
    back = read_population_areas(projected)
    assert back.total_bounds == pytest.approx(frame.total_bounds, abs=1e-6)
    assert hashlib.sha256(projected.read_bytes()).hexdigest() == before
    assert len(read_population_areas(_blocks(tmp_path, "census.geojson"))) == 2


def _problems(path: Path) -> str:
    """The English problems of a refused file; each must also read in Kazakh and Russian."""
    with pytest.raises(RegionDataError) as caught:
        read_population_areas(path)
    error = caught.value
    assert error.text("en") == str(error)
    for lang in ("kk", "ru"):
        for problem in error.problems:
            worded = problem.text(lang)
            assert worded != str(problem), f"{problem.check} has no {lang} wording: {worded}"
            assert worded.endswith(f"[{problem.check}]")
        assert error.text(lang).count("\n  - ") == len(error.problems)
    return str(error)


def test_a_population_file_s_problems_in_russian_and_kazakh(tmp_path) -> None:
    with pytest.raises(RegionDataError) as caught:
        read_population_areas(_blocks(tmp_path, pop_0_6=[-3.0, 1.0], pop_63_plus=None))
    russian = caught.value.text("ru").splitlines()
    assert russian[0].endswith("census.gpkg: ошибок: 2")
    assert russian[1:] == [
        "  - population_areas.pop_0_6: строк с отрицательным значением: 1, например area_id=B-1 "
        "pop_0_6=-3.0; pop_0_6 — количество или мера и не может быть меньше 0 [negative_value]",
        "  - population_areas.pop_63_plus: столбца нет (в слое есть area_id, pop_0_6, pop_7_14, "
        "pop_15_17, pop_18_62, geometry); добавьте в population_areas столбец pop_63_plus "
        "(числа) [missing_column]",
    ]
    kazakh = caught.value.text("kk")
    assert "census.gpkg: қате: 2" in kazakh
    assert "pop_0_6: 1 жолда теріс мән бар, мысалы area_id=B-1" in kazakh
    assert "population_areas қабатына pop_63_plus (сандар) бағанын қосыңыз" in kazakh


def test_every_problem_of_a_population_file_is_named_at_once(tmp_path) -> None:
    text = _problems(_blocks(tmp_path, pop_0_6=[-3.0, 1.0], pop_63_plus=None))
    assert "2 errors" in text
    assert "pop_0_6: 1 row has a negative value, e.g. area_id=B-1" in text
    assert "pop_63_plus: column is missing" in text
    assert "[negative_value]" in text
    assert "[missing_column]" in text
    assert "duplicate" in _problems(_blocks(tmp_path, area_id=["B-1", "B-1"]))
    assert "numbers" in _problems(_blocks(tmp_path, pop_7_14=["many", "few"]))
    assert "[missing_value]" in _problems(_blocks(tmp_path, area_id=["B-1", None]))
    bow_tie = shapely.Polygon([(71.40, 51.10), (71.41, 51.11), (71.41, 51.10), (71.40, 51.11)])
    blocks = read_population_areas(_blocks(tmp_path))
    blocks.set_geometry([bow_tie, None], crs=4326).to_file(tmp_path / "bad.gpkg")
    text = _problems(tmp_path / "bad.gpkg")
    assert "[invalid_geometry]" in text
    assert "[null_geometry]" in text
    blocks.iloc[:0].to_file(tmp_path / "empty.gpkg")
    assert "[empty_layer]" in _problems(tmp_path / "empty.gpkg")


def test_files_that_are_not_population_polygons_are_refused_with_a_fix(tmp_path) -> None:
    assert "does not exist" in _problems(tmp_path / "missing.gpkg")
    assert "is a folder" in _problems(tmp_path)
    assert "/dev/null is not a regular file" in _problems(Path("/dev/null"))
    table = tmp_path / "people.csv"
    table.write_text("area_id,pop_0_6\nB-1,3\n", encoding="utf-8")
    assert "[no_geometry]" in _problems(table)
    junk = tmp_path / "census.gpkg"
    junk.write_bytes(b"\x00\x01 not a file GDAL knows " * 20)
    assert "[unreadable_layer]" in _problems(junk)
    points = read_population_areas(_blocks(tmp_path, "blocks.gpkg"))
    points.set_geometry(points.representative_point()).to_file(tmp_path / "points.gpkg")
    said = _problems(tmp_path / "points.gpkg")
    assert "Point geometry" in said
    # A layer of areas: drawn as areas, not "a building outline's centroid for a Point layer".
    assert "draw them as areas (polygons): a point or a line has no area" in said
    assert "centroid" not in said
    no_crs = read_population_areas(_blocks(tmp_path, "b.gpkg")).set_crs(None, allow_override=True)
    no_crs.to_file(tmp_path / "no_crs.gpkg")
    assert "[crs_missing]" in _problems(tmp_path / "no_crs.gpkg")
    two = tmp_path / "two.gpkg"
    for layer in ("roads", "schools"):
        points.to_file(two, layer=layer)
    assert "none is named population_areas" in _problems(two)


@pytest.mark.slow
def test_export_writes_the_load_with_residents_from_the_polygons(
    planning, tmp_path, capsys
) -> None:
    adult = planning.districts[planning.districts["family"] == "adult"]
    blocks = gpd.GeoDataFrame(
        _people([1000.0] * len(adult), area_id=list(adult.index)),
        geometry=adult.geometry.to_numpy(),
        crs=planning.districts.crs,
    )
    census = tmp_path / "census.gpkg"
    blocks.to_file(census, layer="population_areas")
    out = tmp_path / "out"
    assert cli.main(["export", "--out", str(out), "--population", str(census)]) == 0
    load = pd.read_csv(out / "load.csv", index_col="district_id")
    assert (load.loc[adult.index, "pop_18_62"].between(999, 1001)).all()
    assert (load.loc[adult.index, "pop_0_6"].between(99, 101)).all()
    assert {p.name for p in out.iterdir()} == {"districts.gpkg", "district_streets.csv", "load.csv"}

    # A bad file is a message and exit status 2, before the region is read; nothing written.
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_text("area_id\nB-1\n", encoding="utf-8")
    assert cli.main(["export", "--out", str(tmp_path / "b"), "--population", str(bad)]) == 2
    message = capsys.readouterr().err
    assert message.startswith("emhana export: ")
    assert "[no_geometry]" in message
    assert "Traceback" not in message
    assert not (tmp_path / "b").exists()  # the folder it made for nothing is removed
    # In the language asked for (the report's --lang).
    command = ["export", "--out", str(tmp_path / "b"), "--population", str(bad), "--lang", "ru"]
    assert cli.main(command) == 2
    message = capsys.readouterr().err
    assert "bad.csv: ошибок: 1" in message
    assert "population_areas.geometry: в слое нет столбца геометрии" in message
    assert cli.main(["export", "--out", str(out), "--rebalance", "--population", str(census)]) == 2
    assert "drop --population or --rebalance" in capsys.readouterr().err


def test_R_TERR_2_people_living_outside_their_clinic_s_territory_get_no_home_visits() -> None:
    # Two clinics' districts side by side (degrees near Astana); three attached people.
    districts = gpd.GeoDataFrame(
        {"district_id": ["D-A1", "D-B1"], "clinic_id": ["A", "B"]},
        geometry=[shapely.box(71.40, 51.10, 71.41, 51.11), shapely.box(71.41, 51.10, 71.42, 51.11)],
        crs=4326,
    )
    territories = TerritoryIndex.from_layers(districts)
    attached = pd.DataFrame(
        {
            "clinic_id": ["A", "A", "B"],
            "lon": [71.405, 71.415, 71.500],  # in A's; in B's; in nobody's
            "lat": [51.105, 51.105, 51.105],
            "people": [3, 2, 1],
        }
    )
    gaps = home_visit_gaps(attached, territories)
    assert gaps["home_visits"].tolist() == [True, False, False]
    assert [list(c) for c in gaps["territory_clinics"]] == [["A"], ["B"], []]
    assert gaps[~gaps["home_visits"]].groupby("clinic_id")["people"].sum().to_dict() == {
        "A": 2,
        "B": 1,
    }
    with pytest.raises(PlanningError, match=r"lack columns \['lat'\]"):
        home_visit_gaps(attached.drop(columns="lat"), territories)
    no_place = attached.assign(lon=[71.405, float("nan"), 71.5])
    with pytest.raises(
        PlanningError, match=r"1 row has no residence coordinates, e\.g\. index \[1\]"
    ):
        home_visit_gaps(no_place, territories)
