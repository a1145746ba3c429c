"""catchments.load: load against the norms (R-CAP-1, R-CAP-2), residents, minutes to one's clinic.

Every number below can be checked by hand: norms are RULES.md's (therapist 2,200, GP 1,700,
pediatrician 500 for 0-6 and 900 for 0-14).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from catchments.load import (
    LoadError,
    clinic_load,
    district_load,
    minutes_to_own_clinic,
    residents,
)
from catchments.models import Norms
from geo.network import StreetNetwork

DISTRICTS = pd.DataFrame(
    {
        "district_id": ["T1", "T2", "G1", "P1", "P2"],
        "clinic_id": ["C-1", "C-1", "C-2", "C-1", "C-1"],
        "model": ["therapist", "therapist", "gp", "pediatric_0_6", "pediatric_0_14"],
        "doctors": [2.0, 0.3, 0.0, 1.0, 1.5],
        "attached": [3300, 700, 10, 500, 1400],
    },
    index=[10, 11, 12, 13, 14],
)


def test_R_CAP_1_district_load_per_doctor_and_percent_of_norm() -> None:
    load = district_load(DISTRICTS, Norms())
    assert list(load.index) == [10, 11, 12, 13, 14]
    assert load["norm"].tolist() == [2200, 2200, 1700, 500, 900]
    # 3,300 / 2 = 1,650 per doctor = 75 % of 2,200; 700 / 0.3 = 2,333.3 = 106.06 %
    assert load.loc[10, "people_per_doctor"] == 1650.0
    assert load.loc[10, "pct_of_norm"] == 75.0
    assert load.loc[11, "pct_of_norm"] == pytest.approx(106.06, abs=0.01)
    # exactly at the norm is 100 % (allowed by R-CAP-1, no room left)
    assert load.loc[13, "pct_of_norm"] == 100.0
    assert load.loc[13, "remaining"] == 0
    # no doctor: no load figure, and no room for anyone
    assert load["people_per_doctor"].isna().tolist() == [False, False, True, False, False]
    assert load.loc[12, "remaining"] == -10


def test_R_CAP_2_remaining_is_exact_for_fractional_doctors() -> None:
    load = district_load(DISTRICTS, Norms())
    # 2,200 x 0.3 = 660 exactly (not 659.99... floored to 659): 660 - 700 = -40
    assert load.loc[11, "remaining"] == -40
    assert load.loc[10, "remaining"] == 4400 - 3300
    assert load.loc[14, "remaining"] == 1350 - 1400


def test_district_load_follows_the_regions_norms() -> None:
    load = district_load(DISTRICTS, Norms(therapist=2000))
    assert load.loc[10, "pct_of_norm"] == 82.5  # 1,650 / 2,000


def test_R_CAP_2_clinic_load_adds_districts_of_one_model() -> None:
    load = clinic_load(DISTRICTS, Norms())
    therapists = load.reset_index().set_index("model").loc["therapist"]
    assert therapists["districts"] == 2
    assert therapists["doctors"] == pytest.approx(2.3)
    assert therapists["attached"] == 4000
    # floor(2,200 x 2.3) - 4,000 = 5,060 - 4,000
    assert therapists["remaining"] == 1060
    assert therapists["pct_of_norm"] == pytest.approx(100 * 4000 / 2.3 / 2200)
    assert list(load.index) == [
        ("C-1", "pediatric_0_14"),
        ("C-1", "pediatric_0_6"),
        ("C-1", "therapist"),
        ("C-2", "gp"),
    ]
    assert load["people_per_doctor"].isna().tolist() == [False, False, False, True]


def test_load_names_a_missing_column_and_an_unknown_model() -> None:
    with pytest.raises(LoadError, match=r"district_load: missing column\(s\) doctors"):
        district_load(DISTRICTS.drop(columns="doctors"), Norms())
    bad = DISTRICTS.assign(model=["therapist", "dentist", "gp", "gp", "gp"])
    with pytest.raises(LoadError, match="unknown district model 'dentist'"):
        district_load(bad, Norms())


def test_residents_add_up_the_age_bands() -> None:
    buildings = pd.DataFrame(
        {
            "pop_0_6": [1, 0],
            "pop_7_14": [2, 0],
            "pop_15_17": [0, 0],
            "pop_18_62": [3, 40],
            "pop_63_plus": [1, 2],
        },
        index=["a", "b"],
    )
    assert residents(buildings).to_dict() == {"a": 7, "b": 42}


# --- minutes to one's own clinic: a straight street of 5 nodes 100 m apart ---------------------

UTM = "EPSG:32642"
TO_LONLAT = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)
X0, Y0 = 500_000.0, 5_650_000.0


def lonlat_point(x: float, y: float) -> shapely.Point:
    lon, lat = TO_LONLAT.transform(x, y)
    return shapely.Point(lon, lat)


def street() -> StreetNetwork:
    """0 - 1 - 2 - 3 - 4 along the x axis, 100 m apart; walking 4.5 km/h = 80 s per edge."""
    nodes = gpd.GeoDataFrame(
        {"node_id": range(5)},
        geometry=[shapely.Point(X0 + 100 * k, Y0) for k in range(5)],
        crs=UTM,
    )
    edges = gpd.GeoDataFrame(
        {
            "u": range(4),
            "v": range(1, 5),
            "name": "street",
            "length_m": 100.0,
            "speed_kph": 36.0,
            "walk": True,
            "drive": True,
            "oneway": False,
        },
        geometry=[
            shapely.LineString([(X0 + 100 * k, Y0), (X0 + 100 * (k + 1), Y0)]) for k in range(4)
        ],
        crs=UTM,
    )
    return StreetNetwork.from_layers(nodes, edges, walk_speed_kph=4.5)


def test_minutes_to_own_clinic_walks_to_the_serving_clinic_not_the_nearest() -> None:
    clinics = gpd.GeoDataFrame(
        {"clinic_id": ["A", "B"]},
        geometry=[lonlat_point(X0, Y0), lonlat_point(X0 + 400, Y0)],
        crs="EPSG:4326",
    )
    places = gpd.GeoDataFrame(
        {"building_id": ["h1", "h2", "h3"]},
        geometry=[
            lonlat_point(X0 + 100, Y0),
            lonlat_point(X0 + 300, Y0),
            lonlat_point(X0 + 200, Y0),
        ],
        crs="EPSG:4326",
        index=[7, 8, 9],
    )
    # h1 is served by B, 300 m away, though A is 100 m away; h3 is served by none.
    clinic_of = pd.Series(["B", "A", None], index=places.index)
    minutes = minutes_to_own_clinic(street(), places, clinic_of, clinics)
    assert minutes.loc[7] == pytest.approx(3 * 80 / 60, abs=0.01)  # 3 edges of 80 s = 4 min
    assert minutes.loc[8] == pytest.approx(3 * 80 / 60, abs=0.01)
    assert np.isnan(minutes.loc[9])


def test_minutes_to_own_clinic_names_an_unknown_clinic() -> None:
    clinics = gpd.GeoDataFrame(
        {"clinic_id": ["A"]}, geometry=[lonlat_point(X0, Y0)], crs="EPSG:4326"
    )
    places = gpd.GeoDataFrame(geometry=[lonlat_point(X0 + 100, Y0)], crs="EPSG:4326")
    with pytest.raises(LoadError, match="clinic_of names clinic\\(s\\) Z that clinics lacks"):
        minutes_to_own_clinic(street(), places, pd.Series(["Z"]), clinics)
