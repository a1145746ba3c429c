"""Street network travel times checked against paths computed by hand on a 3x3 grid.

The grid (node ids; 100 m between neighbours), in UTM zone 42N (EPSG:32642) so metres are exact:

    7 - 8 - 9
    |   :   |        8-5 is a footpath (walk only)
    4 = 5 = 6        4=5=6 is an avenue at 72 km/h (5 s an edge); the rest 36 km/h (10 s)
    |   |   |
    1 - 2 > 3        2>3 is one-way from 2 to 3

plus a separate street 10 - 11 far away (unreachable from the grid). Walking is 4.5 km/h =
1.25 m/s, so a 100 m edge is 80 s on foot.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from scipy.sparse.csgraph import dijkstra

from geo.network import NetworkError, StreetNetwork, nearest_sources, travel_time_matrix

UTM = "EPSG:32642"
X0, Y0 = 500_000.0, 5_650_000.0
TO_LONLAT = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)


def node_xy(node: int) -> tuple[float, float]:
    if node >= 10:
        return X0 + 5000.0 + 100.0 * (node - 10), Y0
    i, j = (node - 1) % 3, (node - 1) // 3
    return X0 + 100.0 * i, Y0 + 100.0 * j


def lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = TO_LONLAT.transform(x, y)
    return float(lon), float(lat)


def grid_layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    ids = [*range(1, 10), 10, 11]
    nodes = gpd.GeoDataFrame(
        {"node_id": ids}, geometry=[shapely.Point(node_xy(n)) for n in ids], crs=UTM
    )
    rows = []

    def edge(u: int, v: int, *, speed: float = 36.0, drive: bool = True, oneway: bool = False):
        rows.append(
            {
                "u": u,
                "v": v,
                "name": f"{u}-{v}",
                "length_m": 100.0,
                "speed_kph": speed,
                "walk": True,
                "drive": drive,
                "oneway": oneway,
                "geometry": shapely.LineString([node_xy(u), node_xy(v)]),
            }
        )

    edge(1, 2)
    edge(2, 3, oneway=True)
    edge(4, 5, speed=72.0)
    edge(5, 6, speed=72.0)
    edge(7, 8)
    edge(8, 9)
    edge(1, 4)
    edge(4, 7)
    edge(2, 5)
    edge(5, 8, drive=False)
    edge(3, 6)
    edge(6, 9)
    edge(10, 11)
    return nodes, gpd.GeoDataFrame(rows, geometry="geometry", crs=UTM)


@pytest.fixture(scope="module")
def grid() -> StreetNetwork:
    nodes, edges = grid_layers()
    return StreetNetwork.from_layers(nodes.to_crs("EPSG:4326"), edges.to_crs("EPSG:4326"))


def clinics() -> gpd.GeoDataFrame:
    # A stands 10 m west of node 1 (8 s on foot); B exactly at node 9.
    x1, y1 = node_xy(1)
    return gpd.GeoDataFrame(
        {"clinic_id": ["A", "B"], "kind": ["polyclinic", "paramedic_post"]},
        geometry=[shapely.Point(x1 - 10.0, y1), shapely.Point(node_xy(9))],
        crs=UTM,
    ).to_crs("EPSG:4326")


def seconds_between(network: StreetNetwork, mode: str, a: int, b: int) -> float:
    start, end = network.positions([a, b])
    times = dijkstra(network.matrices[mode], indices=start)  # type: ignore[index]
    return float(times[end])


def test_metric_crs_is_the_utm_zone_of_the_data(grid: StreetNetwork) -> None:
    assert grid.crs.to_epsg() == 32642
    assert grid.walk_mps == pytest.approx(1.25)


@pytest.mark.parametrize(
    ("mode", "a", "b", "expected"),
    [
        ("walk", 1, 9, 320.0),  # four 100 m edges at 1.25 m/s
        ("walk", 3, 1, 160.0),  # on foot the one-way 2>3 is walked backwards
        ("walk", 8, 5, 80.0),  # the footpath
        ("drive", 1, 3, 20.0),  # 1-2-3
        ("drive", 3, 1, 30.0),  # 3-6=5=4-1 (10+5+5+10): 3>2 is forbidden
        ("drive", 8, 5, 25.0),  # around the footpath: 8-7-4=5 (10+10+5)
        ("drive", 1, 9, 30.0),  # 1-4=5=6-9 (10+5+5+10) beats 1-2-3-6-9 (40)
    ],
)
def test_network_times_match_hand_computed_paths(
    grid: StreetNetwork, mode: str, a: int, b: int, expected: float
) -> None:
    assert seconds_between(grid, mode, a, b) == pytest.approx(expected, abs=1e-9)


def test_unreachable_nodes_are_infinite(grid: StreetNetwork) -> None:
    assert seconds_between(grid, "walk", 1, 10) == np.inf
    assert seconds_between(grid, "walk", 10, 11) == pytest.approx(80.0)


def test_nearest_clinic_of_every_node_walking(grid: StreetNetwork) -> None:
    nearest = grid.nearest_facilities("walk", clinics())
    assert nearest.index.name == "node_id"
    # node: (seconds, clinic). A costs 8 s more than node 1 (the walk from the street).
    expected = {1: (8.0, "A"), 2: (88.0, "A"), 3: (160.0, "B"), 5: (160.0, "B"), 9: (0.0, "B")}
    for node, (seconds, clinic) in expected.items():
        assert nearest.loc[node, "seconds"] == pytest.approx(seconds, abs=1e-6)
        assert nearest.loc[node, "facility_id"] == clinic
    assert nearest.loc[10, "seconds"] == np.inf
    assert nearest.loc[10, "facility_id"] is None


def test_nearest_clinic_driving_runs_from_the_node_to_the_clinic(grid: StreetNetwork) -> None:
    only_a = clinics().iloc[[0]]
    nearest = grid.nearest_facilities("drive", only_a)
    # From node 3 to A: 3-6=5=4-1 (30 s) + 8 s walk = 38; the other way (A to 3) would be
    # 8 + 20 = 28, so this checks the direction of one-way streets.
    assert nearest.loc[3, "seconds"] == pytest.approx(38.0, abs=1e-6)
    assert nearest.loc[2, "seconds"] == pytest.approx(18.0, abs=1e-6)


def test_nearest_clinic_of_each_kind_for_buildings(grid: StreetNetwork) -> None:
    x5, y5 = node_xy(5)
    buildings = gpd.GeoDataFrame(
        {"building_id": ["b1"]},
        geometry=[shapely.box(x5 - 5, y5 + 15, x5 + 5, y5 + 25)],  # centre 20 m north of 5
        crs=UTM,
        index=["row-1"],
    ).to_crs("EPSG:4326")
    result = grid.nearest_facilities_from(buildings, "drive", clinics(), kind_column="kind")
    assert list(result.index) == ["row-1"]
    assert result.loc["row-1", "node_id"] == 5
    assert result.loc["row-1", "snap_m"] == pytest.approx(20.0, abs=0.01)
    # 20 m walk = 16 s; node 5 to A: 5=4-1 (15 s) + 8 s; to B: 5=6-9 (15 s).
    assert result.loc["row-1", "seconds_polyclinic"] == pytest.approx(16 + 15 + 8, abs=0.01)
    assert result.loc["row-1", "facility_id_polyclinic"] == "A"
    assert result.loc["row-1", "seconds_paramedic_post"] == pytest.approx(16 + 15, abs=0.01)
    assert result.loc["row-1", "facility_id_paramedic_post"] == "B"


def test_travel_times_from_a_point(grid: StreetNetwork) -> None:
    origin = lonlat(*node_xy(1))
    times = grid.travel_times_from(origin, "drive", clinics())
    assert times.tolist() == pytest.approx([8.0, 30.0], abs=1e-6)
    walking = grid.travel_times_from(shapely.Point(origin), "walk", clinics())
    assert walking.tolist() == pytest.approx([8.0, 320.0], abs=1e-6)


def test_snap_reports_distance_and_walk(grid: StreetNetwork) -> None:
    snapped = grid.snap(clinics(), mode="walk")
    assert snapped["node_id"].tolist() == [1, 9]
    assert snapped["snap_m"].tolist() == pytest.approx([10.0, 0.0], abs=1e-6)
    assert snapped["snap_s"].tolist() == pytest.approx([8.0, 0.0], abs=1e-6)


def test_drive_snapping_skips_walk_only_nodes() -> None:
    nodes, edges = grid_layers()
    edges.loc[edges["u"] == 10, "drive"] = False  # 10-11 becomes a footpath
    network = StreetNetwork.from_layers(nodes, edges)
    near_11 = gpd.GeoSeries([shapely.Point(node_xy(11))], crs=UTM)
    assert network.snap(near_11, mode="walk")["node_id"].tolist() == [11]
    assert network.snap(near_11, mode="drive")["node_id"].tolist() == [3]


def test_parallel_edges_keep_the_minimum_not_the_sum() -> None:
    nodes = gpd.GeoDataFrame(
        {"node_id": [1, 2]}, geometry=[shapely.Point(X0, Y0), shapely.Point(X0 + 60, Y0)], crs=UTM
    )
    edges = pd.DataFrame(
        {
            "u": [1, 1, 2],
            "v": [2, 2, 1],
            "name": [None, None, None],
            "length_m": [100.0, 60.0, 250.0],
            "speed_kph": [36.0, 36.0, 36.0],
            "walk": [True, True, True],
            "drive": [True, True, True],
            "oneway": [True, True, True],
        }
    )
    network = StreetNetwork.from_layers(nodes, edges)
    one, two = network.positions([1, 2])
    assert network.matrices["walk"][one, two] == pytest.approx(48.0)  # 60 m at 1.25 m/s
    assert network.matrices["walk"][two, one] == pytest.approx(48.0)
    assert network.matrices["drive"][one, two] == pytest.approx(6.0)  # 60 m at 10 m/s
    assert network.matrices["drive"][two, one] == pytest.approx(25.0)  # only the 250 m edge


def test_travel_time_matrix_keeps_zero_time_edges_and_drops_loops() -> None:
    matrix = travel_time_matrix(3, [0, 1, 2], [1, 2, 2], [0.0, 5.0, 1.0])
    assert matrix.nnz == 2
    assert dijkstra(matrix, indices=0).tolist() == [0.0, 0.0, 5.0]


def test_travel_time_matrix_of_no_edges() -> None:
    matrix = travel_time_matrix(3, [], [], [])
    assert matrix.shape == (3, 3)
    assert matrix.nnz == 0


def test_travel_time_matrix_both_ways_flag() -> None:
    matrix = travel_time_matrix(2, [0], [1], [7.0], both_ways=[True])
    assert matrix[1, 0] == 7.0
    one_way = travel_time_matrix(2, [0], [1], [7.0])
    assert one_way[1, 0] == 0.0
    assert one_way.nnz == 1


def test_nearest_sources_with_offsets_and_shared_nodes() -> None:
    # A path 0 - 1 - 2 - 3 with 10 s edges; sources: two at node 0 (offsets 5 and 2), one at 3.
    matrix = travel_time_matrix(5, [0, 1, 2], [1, 2, 3], [10.0] * 3, both_ways=True)
    seconds, source = nearest_sources(matrix, [0, 0, 3], offsets=[5.0, 2.0, 0.0])
    assert seconds.tolist() == [2.0, 12.0, 10.0, 0.0, np.inf]
    assert source.tolist() == [1, 1, 2, 2, -1]
    plain_seconds, plain_source = nearest_sources(matrix, [3, 0])
    assert plain_seconds.tolist() == [0.0, 10.0, 10.0, 0.0, np.inf]
    assert plain_source[[0, 3, 4]].tolist() == [1, 0, -1]


def test_nearest_sources_matches_networkx_on_a_random_graph() -> None:
    rng = np.random.default_rng(7)
    n = 300
    u = rng.integers(0, n, 1200)
    v = rng.integers(0, n, 1200)
    w = rng.uniform(1, 100, 1200).round(1)
    matrix = travel_time_matrix(n, u, v, w)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    for a, b, weight in sorted(
        zip(u.tolist(), v.tolist(), w.tolist(), strict=True), key=lambda e: -e[2]
    ):
        if a != b:
            graph.add_edge(a, b, weight=weight)  # heaviest first: the lightest parallel wins
    sources = rng.choice(n, 10, replace=False)
    seconds, source = nearest_sources(matrix, sources)
    expected = nx.multi_source_dijkstra_path_length(graph, set(sources.tolist()))
    reference = np.array([expected.get(node, np.inf) for node in range(n)])
    assert np.array_equal(seconds, reference)
    # The named source really is that far away.
    single = dijkstra(matrix, indices=sources)
    reached = source >= 0
    assert np.array_equal(single[source[reached], np.flatnonzero(reached)], seconds[reached])


def test_isochrone_on_foot_is_the_buffered_reachable_streets(grid: StreetNetwork) -> None:
    x1, y1 = node_xy(1)
    iso = grid.isochrones(lonlat(x1, y1), "walk", minutes=(2, 1), buffer_m=10.0)
    assert iso["minutes"].tolist() == [1.0, 2.0]
    metric = iso.to_crs(UTM).geometry
    one, two = metric.iloc[0], metric.iloc[1]
    # 1 min = 60 s = 75 m along 1-2 and along 1-4: an L of two 75 m strokes buffered by 10 m:
    # 2 * (75 * 20) - 10 * 10 (inner corner counted twice) + pi * 10^2 * (1/4 outer corner
    # + 2 * 1/2 end caps) = 3292.7 m^2; GEOS draws circles as 32-gons (about -0.1 %).
    assert one.area == pytest.approx(3292.7, rel=0.002)
    assert one.contains(shapely.Point(x1 + 70, y1))
    assert one.contains(shapely.Point(x1, y1 + 80))
    assert not one.contains(shapely.Point(x1 + 90, y1))  # 90 m: beyond 75 + 10
    assert not one.contains(shapely.Point(x1 + 50, y1 + 50))  # inside the block
    # 2 min = 150 m: all of 1-2 and 1-4, then 50 m onwards along 2-3, 2-5, 4-5 and 4-7.
    assert two.contains(shapely.Point(node_xy(2)))
    assert two.contains(shapely.Point(x1 + 145, y1))
    assert not two.contains(shapely.Point(x1 + 165, y1))
    # Nested up to the reprojection noise of the EPSG:4326 round trip (~1e-5 m^2).
    assert one.difference(two).area < 1e-3


def test_isochrone_driving_respects_one_way_streets(grid: StreetNetwork) -> None:
    x3, y3 = node_xy(3)
    iso = grid.isochrones(lonlat(x3, y3), "drive", minutes=(0.25,), buffer_m=10.0)
    area = iso.to_crs(UTM).geometry.iloc[0]
    # 15 s from node 3: 3-6 (10 s) and 6=5 (5 s) whole; 3>2 is one-way the other way.
    assert area.contains(shapely.Point(x3, y3 + 100))
    assert area.contains(shapely.Point(node_xy(5)))
    assert not area.contains(shapely.Point(x3 - 50, y3))


def test_isochrone_when_nothing_is_in_reach(grid: StreetNetwork) -> None:
    x, y = node_xy(1)
    far = lonlat(x - 1000.0, y)  # 1000 m from node 1: 800 s of walking to the street
    iso = grid.isochrones(far, "walk", minutes=(1,), buffer_m=10.0)
    area = iso.to_crs(UTM).geometry.iloc[0]
    # 60 s reach 75 m of the 1000 m walk toward the street: a 75 m stroke, not the street.
    assert area.contains(shapely.Point(x - 1000 + 70, y))
    assert not area.contains(shapely.Point(x, y))


def test_from_osmnx_keeps_the_fastest_parallel_edge() -> None:
    graph = nx.MultiDiGraph(crs=UTM)
    for node in (1, 2, 3, 4):
        x, y = node_xy(node)
        graph.add_node(node, x=x, y=y)
    common = {"speed_kph": 36.0, "oneway": False, "highway": "residential"}
    graph.add_edge(1, 2, key=0, length=100.0, **common)
    graph.add_edge(1, 2, key=1, length=60.0, **common)
    graph.add_edge(2, 1, key=0, length=100.0, **common)
    graph.add_edge(2, 3, key=0, length=100.0, **{**common, "oneway": True})
    graph.add_edge(3, 4, key=0, length=100.0, speed_kph=36.0, oneway=False, highway="footway")
    graph.add_edge(4, 3, key=0, length=100.0, speed_kph=36.0, oneway=False, highway="footway")
    network = StreetNetwork.from_osmnx(graph)
    n1, n2, n3, n4 = network.positions([1, 2, 3, 4])
    drive, walk = network.matrices["drive"], network.matrices["walk"]
    assert drive[n1, n2] == pytest.approx(6.0)  # 60 m, not 160 m
    assert drive[n2, n1] == pytest.approx(10.0)
    assert drive[n3, n2] == 0.0  # one-way 2 -> 3 has no edge back
    assert walk[n3, n2] == pytest.approx(80.0)  # but it is walked back
    assert drive[n3, n4] == 0.0  # a footway is not driven
    assert walk[n3, n4] == pytest.approx(80.0)


def test_from_osmnx_needs_speeds() -> None:
    graph = nx.MultiDiGraph(crs=UTM)
    graph.add_node(1, x=X0, y=Y0)
    graph.add_node(2, x=X0 + 10, y=Y0)
    graph.add_edge(1, 2, length=10.0, highway="residential")
    with pytest.raises(NetworkError, match="add_edge_speeds"):
        StreetNetwork.from_osmnx(graph)
    with pytest.raises(NetworkError, match="MultiDiGraph"):
        StreetNetwork.from_osmnx(nx.Graph())


def test_bad_layers_are_reported_all_at_once() -> None:
    nodes, edges = grid_layers()
    edges.loc[0, "v"] = 99
    edges.loc[1, "length_m"] = -5.0
    edges.loc[2, "speed_kph"] = 0.0
    with pytest.raises(NetworkError) as error:
        StreetNetwork.from_layers(nodes, edges)
    message = str(error.value)
    assert "1 edges name a node missing" in message
    assert "length_m: 1 values" in message
    assert "speed_kph: 1 drive edges" in message


def test_layers_need_a_crs_and_columns() -> None:
    nodes, edges = grid_layers()
    with pytest.raises(NetworkError, match="CRS"):
        StreetNetwork.from_layers(nodes.set_crs(None, allow_override=True), edges)
    with pytest.raises(NetworkError, match=r"street_edges\.oneway"):
        StreetNetwork.from_layers(nodes, edges.drop(columns="oneway"))
    with pytest.raises(NetworkError, match="walk_speed_kph"):
        StreetNetwork.from_layers(nodes, edges, walk_speed_kph=0)


def test_bad_mode_and_points(grid: StreetNetwork) -> None:
    with pytest.raises(NetworkError, match="mode must be one of"):
        grid.nearest_facilities("bike", clinics())  # type: ignore[arg-type]
    with pytest.raises(NetworkError, match="no geometry"):
        grid.snap(gpd.GeoSeries([None], crs="EPSG:4326"), mode="walk")
    with pytest.raises(NetworkError, match="clinic_id"):
        grid.nearest_facilities("walk", clinics().drop(columns="clinic_id"))
    with pytest.raises(NetworkError, match="minutes"):
        grid.isochrones(lonlat(*node_xy(1)), "walk", minutes=(0,))


def test_positions_follow_space_not_input_order(grid: StreetNetwork) -> None:
    # Z-order numbering: the grid's nodes first, the far street 10 - 11 (5 km east) last.
    assert sorted(grid.node_ids.tolist()) == list(range(1, 12))
    assert grid.node_ids.tolist()[-2:] == [10, 11]
    assert grid.positions(grid.node_ids).tolist() == list(range(11))
    with pytest.raises(NetworkError, match=r"\[99\] are not in the network"):
        grid.positions([1, 99])


def test_network_is_read_only(grid: StreetNetwork) -> None:
    with pytest.raises(ValueError, match="read-only"):
        grid.node_ids[0] = 5
    with pytest.raises(TypeError):
        grid.matrices["walk"] = grid.matrices["drive"]  # type: ignore[index]
