"""Territory index, overlaps and gaps, street-list territories and their reconciliation.

The region used by most tests, in metres from a corner in UTM zone 42N (EPSG:32642), stored
as EPSG:4326 like a package layer:

    y=2000 +---------+---------+ - - - - +
           |   D4    |  (gap)  |  rayon R: x 2000..3000, village S2 at 2200..2600 x 200..600
    y=1000 +---------+------+--+
           |   D1    |  D2  |D5|          D5 = 1800..2000 x 800..1000, overlaps D2 (same clinic)
    y=500  |    +----+----+ |  |          D3 = 500..1500 x 0..500 (pediatric), overlaps D1, D2
           | S3 | D3 |    | |  |          S3 = 100..300 x 100..300, a settlement inside city S1
    y=0    +---------+---------+
          x=0      1000      2000         city S1 = 0..2000 x 0..2000; city districts
                                          CD1 = x 0..1000, CD2 = x 1000..2000
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.territory import (
    GAP,
    OVERLAP,
    PolygonIndex,
    TerritoryError,
    TerritoryIndex,
    canonical_street,
    gaps,
    overlaps,
    reconcile,
    resolve_street_territories,
)

UTM = "EPSG:32642"
X0, Y0 = 500_000.0, 5_650_000.0


def box(x1: float, y1: float, x2: float, y2: float) -> shapely.Polygon:
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def pt(x: float, y: float) -> shapely.Point:
    return shapely.Point(X0 + x, Y0 + y)


def layer(rows: dict[str, list[object]], geometry: list[shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry=geometry, crs=UTM).to_crs("EPSG:4326")


def districts() -> gpd.GeoDataFrame:
    return layer(
        {
            "district_id": ["D1", "D2", "D3", "D4", "D5"],
            "clinic_id": ["K1", "K1", "K2", "K2", "K1"],
            "model": ["therapist", "therapist", "pediatric_0_14", "gp", "therapist"],
            "doctors": [1.0] * 5,
            "attached": [0] * 5,
        },
        [
            box(0, 0, 1000, 1000),
            box(1000, 0, 2000, 1000),
            box(500, 0, 1500, 500),
            box(0, 1000, 1000, 2000),
            box(1800, 800, 2000, 1000),
        ],
    )


def settlements() -> gpd.GeoDataFrame:
    return layer(
        {"settlement_id": ["S1", "S2", "S3"], "unit_id": ["C", "R", "CD1"]},
        [box(0, 0, 2000, 2000), box(2200, 200, 2600, 600), box(100, 100, 300, 300)],
    )


def admin_units() -> gpd.GeoDataFrame:
    return layer(
        {
            "unit_id": ["O", "C", "CD1", "CD2", "R"],
            "level": ["oblast", "city", "city_district", "city_district", "rayon"],
            "parent_id": [None, "O", "C", "C", "O"],
        },
        [
            box(0, 0, 3000, 2000),
            box(0, 0, 2000, 2000),
            box(0, 0, 1000, 2000),
            box(1000, 0, 2000, 2000),
            box(2000, 0, 3000, 2000),
        ],
    )


# ---------------------------------------------------------------------------------------------
# PolygonIndex: exact labels


SQUARES = np.array(
    [
        shapely.box(0, 0, 10, 10),  # 0: A
        shapely.box(10, 0, 20, 10),  # 1: B, shares the edge x=10 with A
        shapely.box(5, 5, 15, 15),  # 2: C, overlaps A and B
        shapely.box(30, 0, 40, 10).difference(shapely.box(33, 3, 37, 7)),  # 3: D with a hole
        shapely.MultiPolygon([shapely.box(50, 0, 52, 2), shapely.box(55, 0, 57, 2)]),  # 4: E
    ],
    dtype=object,
)
PROBES = [
    # (x, y, label, covering polygons)
    (1, 1, 0, [0]),
    (11, 1, 1, [1]),
    (10, 1, GAP, []),  # on the shared edge: within neither (sjoin "within" rule)
    (0, 0, GAP, []),  # a vertex
    (6, 6, OVERLAP, [0, 2]),
    (11, 6, OVERLAP, [1, 2]),
    (12, 12, 2, [2]),
    (35, 5, GAP, []),  # in D's hole
    (33, 5, GAP, []),  # on the hole's edge
    (31, 1, 3, [3]),
    (51, 1, 4, [4]),
    (56, 1, 4, [4]),
    (53, 1, GAP, []),  # between E's parts
    (1000, 1000, GAP, []),  # far outside the grid
    (np.nan, 1, GAP, []),
]


@pytest.mark.parametrize("max_cells", [16, 4096, 1 << 22])
def test_labels_of_hand_placed_points(max_cells: int) -> None:
    index = PolygonIndex.build(SQUARES, max_cells=max_cells)
    x = [p[0] for p in PROBES]
    y = [p[1] for p in PROBES]
    assert index.assign_xy(x, y).tolist() == [p[2] for p in PROBES]
    point, polygon = index.covering_xy(x, y)
    covering: dict[int, list[int]] = {}
    for i, j in zip(point.tolist(), polygon.tolist(), strict=True):
        covering.setdefault(i, []).append(j)
    assert [covering.get(i, []) for i in range(len(PROBES))] == [p[3] for p in PROBES]


def sjoin_labels(
    polygons: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Labels and (point, polygon) pairs as geopandas.sjoin(predicate="within") gives them."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y))
    territories = gpd.GeoDataFrame({"position": np.arange(len(polygons))}, geometry=polygons)
    joined = gpd.sjoin(points, territories, predicate="within")
    point = joined.index.to_numpy()
    polygon = joined["position"].to_numpy()
    order = np.lexsort((polygon, point))
    point, polygon = point[order], polygon[order]
    counts = np.bincount(point, minlength=len(x))
    labels = np.where(counts == 0, GAP, OVERLAP)
    sole = counts[point] == 1
    labels[point[sole]] = polygon[sole]
    return labels, point, polygon


def wavy_tiling(n: int, seed: int) -> np.ndarray:
    """Voronoi cells with wavy, densified edges; a few dropped (gaps), a few grown (overlaps)."""
    rng = np.random.default_rng(seed)
    seeds = shapely.multipoints(rng.random((n, 2)) * 100)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(seeds, extend_to=shapely.box(0, 0, 100, 100))
    )
    cells = shapely.intersection(cells, shapely.box(0, 0, 100, 100))
    cells = shapely.segmentize(cells, 1.0)

    def warp(xy: np.ndarray) -> np.ndarray:
        return xy + 1.5 * np.column_stack([np.sin(xy[:, 1] / 4), np.cos(xy[:, 0] / 5)])

    cells = shapely.transform(cells, warp)
    cells[::7] = shapely.buffer(cells[::7], 0.8)
    return np.asarray(cells[np.arange(len(cells)) % 5 != 3], dtype=object)


@pytest.mark.parametrize("max_cells", [64, 1 << 16])
def test_labels_equal_sjoin_within_including_vertices(max_cells: int) -> None:
    polygons = wavy_tiling(40, seed=3)
    rng = np.random.default_rng(4)
    x = rng.uniform(-10, 110, 20_000)
    y = rng.uniform(-10, 110, 20_000)
    vertices = shapely.get_coordinates(polygons)[::3]
    midpoints = (vertices[:-1] + vertices[1:]) / 2
    x = np.concatenate([x, vertices[:, 0], midpoints[:, 0]])
    y = np.concatenate([y, vertices[:, 1], midpoints[:, 1]])
    index = PolygonIndex.build(polygons, max_cells=max_cells)
    labels, point, polygon = sjoin_labels(polygons, x, y)
    assert (labels == GAP).any()
    assert (labels == OVERLAP).any()
    assert np.array_equal(index.assign_xy(x, y), labels)
    ours_point, ours_polygon = index.covering_xy(x, y)
    assert np.array_equal(ours_point, point)
    assert np.array_equal(ours_polygon, polygon)


def test_empty_index_and_empty_query() -> None:
    empty = PolygonIndex.build([])
    assert empty.assign_xy([1.0, 2.0], [3.0, 4.0]).tolist() == [GAP, GAP]
    index = PolygonIndex.build(SQUARES)
    assert index.assign_xy([], []).tolist() == []
    assert [a.tolist() for a in index.covering_xy([], [])] == [[], []]


def test_bad_geometries_and_coordinates_raise_clearly() -> None:
    with pytest.raises(TerritoryError, match=r"not polygons, e\.g\. at positions \[1\]"):
        PolygonIndex.build([shapely.box(0, 0, 1, 1), shapely.Point(0, 0)])
    with pytest.raises(TerritoryError, match="missing"):
        PolygonIndex.build([None])
    with pytest.raises(TerritoryError, match="same length"):
        PolygonIndex.build(SQUARES).assign_xy([1.0, 2.0], [1.0])
    with pytest.raises(TerritoryError, match="max_cells"):
        PolygonIndex.build(SQUARES, max_cells=0)


def test_index_is_read_only() -> None:
    index = PolygonIndex.build(SQUARES)
    with pytest.raises(ValueError, match="read-only"):
        index.cell_code[0] = 1
    with pytest.raises(AttributeError):
        index.cell_size = 2.0  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# TerritoryIndex.locate


def probe_points() -> gpd.GeoDataFrame:
    return layer(
        {"name": ["p1", "p2", "p3", "p4", "p5", "p6", "p7"]},
        [
            pt(200, 700),  # D1 only; city district CD1
            pt(700, 200),  # D1 and D3: overlap of two clinics
            pt(1500, 1500),  # no district (gap), city district CD2
            pt(2400, 400),  # village S2 in rayon R, no district
            pt(200, 200),  # D1, inside S3 which lies inside the city S1
            pt(5000, 5000),  # outside everything
            pt(1900, 900),  # D2 and D5, both clinic K1
        ],
    ).set_index(pd.Index(list("abcdefg"), name="key"))


@pytest.fixture(scope="module")
def region() -> TerritoryIndex:
    return TerritoryIndex.from_layers(
        districts(), settlements=settlements(), admin_units=admin_units()
    )


def test_locate_reports_districts_settlements_units_gaps_and_overlaps(
    region: TerritoryIndex,
) -> None:
    located = region.locate(probe_points())
    assert list(located.index) == list("abcdefg")
    assert located.index.name == "key"
    assert located["n_territories"].tolist() == [1, 2, 0, 0, 1, 0, 2]
    assert located["districts"].tolist() == [
        ["D1"],
        ["D1", "D3"],
        [],
        [],
        ["D1"],
        [],
        ["D2", "D5"],
    ]
    assert located["district_id"].tolist() == ["D1", None, None, None, "D1", None, None]
    # All of g's districts belong to K1, so its clinic is known; b is shared by two clinics.
    assert located["clinic_id"].tolist() == ["K1", None, None, None, "K1", None, "K1"]
    assert located["clinics"].tolist()[:2] == [["K1"], ["K1", "K2"]]
    # The smaller of nested settlements, and the deepest admin unit.
    assert located["settlement_id"].tolist() == ["S1", "S1", "S1", "S2", "S3", None, "S1"]
    assert located["unit_id"].tolist() == ["CD1", "CD1", "CD2", "R", "CD1", None, "CD2"]


def test_locate_xy_answers_as_locate_does_for_the_same_points(region: TerritoryIndex) -> None:
    points = probe_points()
    by_xy = region.locate_xy(points.geometry.x.to_numpy(), points.geometry.y.to_numpy())
    pd.testing.assert_frame_equal(by_xy, region.locate(points).reset_index(drop=True))
    assert region.locate_xy([], []).empty


def test_locate_reprojects_and_uses_a_point_inside_polygons(region: TerritoryIndex) -> None:
    in_utm = probe_points().to_crs(UTM)
    assert region.locate(in_utm)["n_territories"].tolist() == [1, 2, 0, 0, 1, 0, 2]
    buildings = gpd.GeoSeries([box(150, 650, 250, 750)], crs=UTM)
    assert region.locate(buildings)["districts"].tolist() == [["D1"]]


def test_assign_xy_on_lonlat_arrays(region: TerritoryIndex) -> None:
    points = probe_points()
    labels = region.assign_xy(points.geometry.x, points.geometry.y)
    assert labels.tolist() == [0, OVERLAP, GAP, GAP, 0, GAP, OVERLAP]


def test_locate_rejects_missing_crs_and_geometry(region: TerritoryIndex) -> None:
    with pytest.raises(TerritoryError, match="no CRS"):
        region.locate(gpd.GeoSeries([pt(1, 1)]))
    with pytest.raises(TerritoryError, match=r"no geometry, e\.g\. index \[1\]"):
        region.locate(gpd.GeoSeries([pt(1, 1), None], crs=UTM))
    with pytest.raises(TerritoryError, match="lacks columns"):
        TerritoryIndex.from_layers(districts().drop(columns="clinic_id"))


def test_admin_unit_cycles_are_reported() -> None:
    units = admin_units()
    units.loc[0, "parent_id"] = "CD1"
    with pytest.raises(TerritoryError, match="loops"):
        TerritoryIndex.from_layers(districts(), admin_units=units)


# ---------------------------------------------------------------------------------------------
# overlaps and gaps


def test_overlaps_lists_shared_areas() -> None:
    found = overlaps(districts())
    pairs = list(zip(found["district_id_a"], found["district_id_b"], strict=True))
    # D1/D2 only touch along x=1000: not an overlap.
    assert pairs == [("D1", "D3"), ("D2", "D3"), ("D2", "D5")]
    # 500 x 500 m, 500 x 500 m and 200 x 200 m.
    assert found["area_m2"].tolist() == pytest.approx([250_000, 250_000, 40_000], rel=1e-4)
    assert found["same_model"].tolist() == [False, False, True]
    assert found.crs.to_epsg() == 4326


def test_gaps_in_settlements() -> None:
    found = gaps(districts(), settlements())
    assert found["settlement_id"].tolist() == ["S1", "S2"]
    # S1's north-east quarter (1000 x 1000 m) and all of the village S2 (400 x 400 m).
    assert found["area_m2"].tolist() == pytest.approx([1_000_000, 160_000], rel=1e-4)


def test_gaps_in_buildings() -> None:
    buildings = layer(
        {"building_id": ["in", "out", "far"], "street": ["x"] * 3, "housenumber": ["1"] * 3},
        [box(100, 100, 110, 110), box(1500, 1500, 1510, 1510), pt(2400, 400)],
    )
    assert gaps(districts(), buildings)["building_id"].tolist() == ["out", "far"]


def test_gaps_needs_a_known_area_layer() -> None:
    with pytest.raises(TerritoryError, match=r"buildings .* or settlements"):
        gaps(districts(), admin_units())


# ---------------------------------------------------------------------------------------------
# Street lists


def district_streets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "district_id": ["D1", "D2", "D4", "D1", "D3"],
            "street": [
                "улица Абая",
                "улица Абая",
                "улица Абая",
                "улица Сейфуллина",
                "улица Сейфуллина",
            ],
            "house_ranges": ["1-9 odd", "5а; 13", "2-10 even", "2-20 even", "all"],
        }
    )


def buildings() -> gpd.GeoDataFrame:
    rows = [
        # building_id, street, housenumber, x, y
        ("b1", "улица Абая", "1", 200, 700),  # list D1, polygon D1
        ("b2", "Улица  АБАЯ", "7", 300, 700),  # case and spaces differ: still D1
        ("b3", "улица Абая", "5а", 400, 700),  # "5а" (D2) beats "1-9 odd" (D1); polygon D1
        ("b4", "улица Абая", "11", 1200, 700),  # in no list; polygon D2
        ("b5", "улица Абая", "2", 1500, 1500),  # list D4; no polygon
        ("b6", "улица Абая", "б/н", 200, 800),  # "без номера": cannot be read
        ("b7", "улица Ленина", "3", 1600, 1600),  # in no list, no polygon
        ("b8", "улица Сейфуллина", "10", 700, 200),  # D1 (therapist) and D3 (pediatric)
        ("b9", "улица Абая", "13", 1300, 700),  # list D2, polygon D2
        ("b10", "улица Абая", "3", 2400, 400),  # the village's own улица Абая: no district
    ]
    return layer(
        {
            "building_id": [r[0] for r in rows],
            "street": [r[1] for r in rows],
            "housenumber": [r[2] for r in rows],
            "settlement_id": ["S2" if r[0] == "b10" else "S1" for r in rows],
        },
        [box(r[3] - 5, r[4] - 5, r[3] + 5, r[4] + 5) for r in rows],
    ).set_index(pd.Index([f"row{i}" for i in range(len(rows))]))


def test_canonical_street() -> None:
    assert canonical_street("  Улица   Ёлочная ") == canonical_street("улица елочная")
    assert canonical_street(None) == ""


def test_resolve_street_territories_most_specific_item_wins_within_a_model() -> None:
    resolved = resolve_street_territories(district_streets(), buildings(), districts=districts())
    assert list(resolved.index) == [f"row{i}" for i in range(10)]
    assert resolved["list_districts"].tolist() == [
        ["D1"],
        ["D1"],
        ["D2"],
        [],
        ["D4"],
        [],
        [],
        ["D1", "D3"],  # therapist and pediatric lists both keep the house
        ["D2"],
        ["D1"],  # no settlement restriction given: the village's Абая 3 matches D1's list
    ]
    assert resolved["parse_error"].notna().tolist() == [False] * 5 + [True] + [False] * 4
    assert resolved["list_district"].iloc[0] == "D1"
    assert resolved["list_district"].iloc[7] is None


def test_lists_apply_in_their_own_settlement() -> None:
    restricted = resolve_street_territories(
        district_streets(), buildings(), district_settlements={"D1": {"S1"}}
    )
    assert restricted.loc["row9", "list_districts"] == []
    assert restricted.loc["row0", "list_districts"] == ["D1"]
    streets = district_streets()
    streets["settlement_id"] = np.array(["S2", None, None, None, None], dtype=object)
    by_row = resolve_street_territories(streets, buildings())
    assert by_row.loc["row9", "list_districts"] == ["D1"]
    assert by_row.loc["row0", "list_districts"] == []


def test_resolve_without_models_lets_the_span_beat_the_whole_street() -> None:
    resolved = resolve_street_territories(district_streets(), buildings())
    assert resolved["list_districts"].iloc[7] == ["D1"]


def test_a_whole_street_item_covers_unreadable_numbers() -> None:
    streets = pd.DataFrame(
        {"district_id": ["D1"], "street": ["улица Абая"], "house_ranges": ["all"]}
    )
    resolved = resolve_street_territories(streets, buildings())
    assert resolved.loc["row5", "list_districts"] == ["D1"]


def test_unreadable_lists_are_all_reported() -> None:
    streets = district_streets()
    streets.loc[1, "house_ranges"] = "5а;;13"
    streets.loc[3, "house_ranges"] = "2-20 sometimes"
    with pytest.raises(TerritoryError) as error:
        resolve_street_territories(streets, buildings())
    message = str(error.value)
    assert "2 district_streets rows" in message
    assert "row 1 (district 'D2', street 'улица Абая')" in message
    assert "'sometimes' is not a parity" in message


def test_reconcile_reports_every_kind_of_disagreement() -> None:
    report = reconcile(districts(), district_streets(), buildings())
    assert list(report.columns) == [
        "building_id",
        "street",
        "housenumber",
        "list_district",
        "polygon_district",
        "status",
    ]
    assert dict(zip(report["building_id"], report["status"], strict=True)) == {
        "b1": "agree",
        "b2": "agree",
        "b3": "disagree",
        "b4": "polygon_only",
        "b5": "list_only",
        "b6": "unparsable_housenumber",
        "b7": "agree",  # neither places it: a gap both agree on (see gaps())
        "b8": "agree",
        "b9": "agree",
        "b10": "agree",  # D1's list is for the city's улица Абая, not the village's
    }
    row = report.set_index("building_id")
    assert (row.loc["b3", "list_district"], row.loc["b3", "polygon_district"]) == ("D2", "D1")
    assert row.loc["b8", "polygon_district"] == "D1; D3"
    assert row.loc["b5", "polygon_district"] is None


def test_reconcile_compares_only_districts_that_have_lists() -> None:
    streets = district_streets()
    streets = streets[streets["district_id"] != "D2"]  # D2 now has no list at all
    status = reconcile(districts(), streets, buildings()).set_index("building_id")["status"]
    assert status["b4"] == "agree"  # in D2's polygon: nothing to compare
    assert status["b3"] == "agree"  # without D2's "5а", D1's "1-9 odd" takes it
    every = reconcile(districts(), streets, buildings(), listed_districts_only=False)
    assert every.set_index("building_id").loc["b4", "status"] == "polygon_only"
