"""Offline geocoding (geo.geocode): every address form of DESIGN.md, typos, ambiguity, reverse.

The region is built here. Buildings are points on a grid near Astana, 0.001° of longitude
(about 70 m at 51.1° N) apart along a street and 0.001° of latitude (about 111 m) between
streets, so distances can be checked by hand: at 51.1° N one degree of longitude is
111.32 km × cos(51.1°) ≈ 69.9 km, so 0.0002° ≈ 14.0 m.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.geocode import (
    AMBIGUITY_MARGIN,
    HOUSE_MISSING_PENALTY,
    HOUSE_ONLY_SCORE,
    KIND_MISMATCH_PENALTY,
    OTHER_SETTLEMENT_PENALTY,
    PARTIAL_NAME_FACTOR,
    GeocodeError,
    Geocoder,
    GeocoderDataError,
)

LON0, LAT0 = 71.40, 51.10
STEP = 0.001

# (settlement, Russian street, Kazakh street, house numbers, building-id prefix, grid row)
STREETS = [
    ("AST", "улица Абая", "Абай көшесі", ["1", "2", "10", "24а", "40"], "ABAI", 0),
    ("AST", "проспект Достык", "Достық даңғылы", ["220", "222"], "DOST", 1),
    ("AST", "микрорайон Самал-2", "Самал-2 шағын ауданы", ["15", "16"], "SAMAL", 2),
    ("AST", "микрорайон 3", "3 шағын ауданы", ["24а/1", "5", "15к2"], "MKN3", 3),
    ("AST", "улица Ауэзова", "Әуезов көшесі", ["7"], "AUEZ", 4),
    ("AST", "улица Сейфуллина", "Сейфуллин көшесі", ["31"], "SEIF", 5),
    ("AST", "переулок Луговой", "Луговой тұйық көшесі", ["3"], "LANE", 6),
    ("AST", "улица Луговая", "Луговая көшесі", ["3", "15"], "LUG", 7),
    ("AST", "улица Кабанбай батыра", "Қабанбай батыр көшесі", ["12"], "KAB", 8),
    ("AST", "бульвар Нуржол", "Нұржол бульвары", ["14"], "NUR", 9),
    ("AST", "улица Жамбыла", "Жамбыл көшесі", ["8"], "ZHAM", 10),
    ("AST", "улица Школьная", "Мектеп көшесі", ["5"], "SCH-AST", 11),
    ("KOY", "улица Школьная", "Мектеп көшесі", ["5", "7"], "SCH-KOY", 0),
]


def make_buildings() -> gpd.GeoDataFrame:
    """Buildings ``{prefix}-{house}``; Коянды's grid is 0.05° east of Астана's."""
    rows = []
    for settlement, street, street_kk, houses, prefix, row in STREETS:
        east = 0.05 if settlement == "KOY" else 0.0
        for column, house in enumerate(houses):
            rows.append(
                {
                    "building_id": f"{prefix}-{house}",
                    "street": street,
                    "street_kk": street_kk,
                    "housenumber": house,
                    "settlement_id": settlement,
                    "geometry": Point(LON0 + east + column * STEP, LAT0 + row * STEP),
                }
            )
    # A polygon building, 0.0004° × 0.0002° around (71.45, 51.09), and one without an address.
    rows.append(
        {
            "building_id": "POLY-1",
            "street": "улица Абая",
            "street_kk": "Абай көшесі",
            "housenumber": "2",
            "settlement_id": "KOY",
            "geometry": box(71.4498, 51.0899, 71.4502, 51.0901),
        }
    )
    rows.append(
        {
            "building_id": "SHED",
            "street": None,
            "street_kk": None,
            "housenumber": None,
            "settlement_id": "AST",
            "geometry": Point(71.30, 51.30),
        }
    )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


SETTLEMENTS = pd.DataFrame(
    {
        "settlement_id": ["AST", "KOY"],
        "name_ru": ["Астана", "Коянды"],
        "name_kk": ["Астана", "Қоянды"],
    }
)


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder.from_buildings(make_buildings(), SETTLEMENTS)


def top(geocoder: Geocoder, query: str) -> str | None:
    result = geocoder.search(query)
    assert result.candidates, f"nothing found for {query!r}: {result.note}"
    return result[0].building_id


# ---------------------------------------------------------------- the forms of DESIGN.md


@pytest.mark.parametrize(
    ("query", "building"),
    [
        ("ул. Абая 10", "ABAI-10"),
        ("Абай көшесі 10", "ABAI-10"),
        ("Abay street 10", "ABAI-10"),
        ("пр. Достык 220", "DOST-220"),
        ("Достық даңғылы 220", "DOST-220"),
        ("мкр. Самал-2, 15", "SAMAL-15"),
        ("мкн 3 д. 24а/1", "MKN3-24а/1"),
        ("24a/1", "MKN3-24а/1"),
    ],
)
def test_design_md_forms_find_their_building(geocoder: Geocoder, query: str, building: str) -> None:
    result = geocoder.search(query)
    assert not result.ambiguous
    assert result.best is not None
    assert result.best.building_id == building


@pytest.mark.parametrize(
    ("query", "building"),
    [
        # street kinds, full and abbreviated, in Russian, Kazakh and English, before or after
        ("улица Абая 10", "ABAI-10"),
        ("ул.Абая д.10", "ABAI-10"),
        ("ул. Абая10", "ABAI-10"),  # no space before the house
        ("көш. Абай 10", "ABAI-10"),
        ("Абая ул. 10", "ABAI-10"),
        ("10 Abay street", "ABAI-10"),
        ("Абай көшесі 10 үй", "ABAI-10"),
        ("проспект Достык 220", "DOST-220"),
        ("пр-т Достык 222", "DOST-222"),
        ("просп. Достык 220", "DOST-220"),
        ("даң. Достық 220", "DOST-220"),
        ("Dostyk avenue 220", "DOST-220"),
        ("микрорайон Самал-2, 16", "SAMAL-16"),
        ("мкр Самал-2 15", "SAMAL-15"),
        ("м-н Самал-2, д. 15", "SAMAL-15"),
        ("Самал-2 шағын ауданы, 15", "SAMAL-15"),
        ("ш.а. Самал-2, 15", "SAMAL-15"),
        ("Samal-2 microdistrict 15", "SAMAL-15"),
        ("Самал 2, 15", "SAMAL-15"),
        ("3 шағын ауданы 5", "MKN3-5"),
        ("мкн 3, 24а/1", "MKN3-24а/1"),
        ("переулок Луговой 3", "LANE-3"),
        ("пер. Луговой 3", "LANE-3"),
        ("Луговой тұйық көшесі 3", "LANE-3"),
        ("Lugovoy lane 3", "LANE-3"),
        ("бульвар Нуржол 14", "NUR-14"),
        ("Нұржол бульвары 14", "NUR-14"),
        # Kazakh letters, their Russian and Latin spellings, Russian genitives
        ("Dostyq 220", "DOST-220"),
        ("Достык 220", "DOST-220"),
        ("Abai 10", "ABAI-10"),
        ("Ауэзова 7", "AUEZ-7"),
        ("Әуезов көшесі 7", "AUEZ-7"),
        ("Auezov street 7", "AUEZ-7"),
        ("Сейфуллина 31", "SEIF-31"),
        ("Seifullin 31", "SEIF-31"),
        ("Кабанбай батыра 12", "KAB-12"),
        ("Qabanbai batyr 12", "KAB-12"),
        ("Жамбыл көшесі 8", "ZHAM-8"),
        ("Jambyl 8", "ZHAM-8"),
        # house numbers with letters, slashes and blocks
        ("Абая 24а", "ABAI-24а"),
        ("Абая 24 А", "ABAI-24а"),
        ("Абая 24-а", "ABAI-24а"),
        ("Abay 24a", "ABAI-24а"),
        ("мкн 3 24А/1", "MKN3-24а/1"),
        ("мкн 3, 15к2", "MKN3-15к2"),
        ("мкн 3, 15 корп. 2", "MKN3-15к2"),
        # apartments are ignored: the building is the answer
        ("ул. Абая 10, кв. 5", "ABAI-10"),
    ],
)
def test_every_address_form_finds_its_building(
    geocoder: Geocoder, query: str, building: str
) -> None:
    assert top(geocoder, query) == building


# ---------------------------------------------------------------- typos: a labelled set

# Misspelled and transliterated queries with the building each means. Every one must be top-1.
LABELLED_TYPOS = [
    ("Абаяя 10", "ABAI-10"),
    ("Абйа 10", "ABAI-10"),
    ("Dostik 220", "DOST-220"),
    ("Дотсык 220", "DOST-220"),
    ("Достыкк 222", "DOST-222"),
    ("Ауэзво 7", "AUEZ-7"),
    ("Auezof 7", "AUEZ-7"),
    ("Сейфулина 31", "SEIF-31"),
    ("Seyfulin 31", "SEIF-31"),
    ("Кабанбай батира 12", "KAB-12"),
    ("Kabanbai 12", "KAB-12"),
    ("Жамбл 8", "ZHAM-8"),
    ("Нуржоль 14", "NUR-14"),
    ("Самал2 15", "SAMAL-15"),
    ("Луговй пер 3", "LANE-3"),
]


@pytest.mark.parametrize(("query", "building"), LABELLED_TYPOS)
def test_misspelled_and_transliterated_queries_are_top_1(
    geocoder: Geocoder, query: str, building: str
) -> None:
    assert top(geocoder, query) == building


def test_exact_match_says_so(geocoder: Geocoder) -> None:
    best = geocoder.search("ул. Абая 10")[0]
    assert (best.score, best.match) == (100.0, "exact street and house")
    assert best.label == "улица Абая 10, Астана"
    assert (best.street, best.housenumber, best.settlement_id) == ("улица Абая", "10", "AST")
    # ABAI-10 is the third house of grid row 0.
    assert (best.lon, best.lat) == pytest.approx((LON0 + 2 * STEP, LAT0))


def test_kazakh_query_gets_a_kazakh_label(geocoder: Geocoder) -> None:
    best = geocoder.search("Достық даңғылы 220")[0]
    assert best.label == "Достық даңғылы 220, Астана"
    assert best.street == "проспект Достык"  # the registry's name, for district_streets


def test_spelling_variant_is_named_in_the_reason(geocoder: Geocoder) -> None:
    best = geocoder.search("Dostyq 220")[0]
    assert best.score == 100.0
    assert best.match == "street spelling (Dostyq -> Достык), house exact"


def test_fuzzy_match_reports_its_score(geocoder: Geocoder) -> None:
    # "dotsik" vs "dostik": the longest common subsequence has 5 letters, so the
    # Indel ratio is 2 × 5 / (6 + 6) = 83.3.
    best = geocoder.search("Дотсык 220")[0]
    assert best.score == 83.3
    assert best.match == "street fuzzy 83 (Дотсык -> Достык), house exact"


def test_one_word_of_a_longer_name_is_a_partial_match(geocoder: Geocoder) -> None:
    best = geocoder.search("Kabanbai 12")[0]
    assert best.building_id == "KAB-12"
    assert best.score == 100.0 * PARTIAL_NAME_FACTOR
    assert best.match.startswith("street partial 90 (Kabanbai -> Кабанбай батыра)")


def test_typed_kind_decides_between_lane_and_street(geocoder: Geocoder) -> None:
    assert top(geocoder, "пер. Луговой 3") == "LANE-3"
    assert top(geocoder, "ул. Луговая 3") == "LUG-3"
    # Only улица Луговая has a house 15: the lane is not offered for it.
    result = geocoder.search("пер. Луговая 15")
    assert result[0].building_id == "LUG-15"
    assert result[0].score == 100.0 - KIND_MISMATCH_PENALTY
    assert "typed kind lane, street is a street" in result[0].match


# ---------------------------------------------------------------- houses that do not exist


def test_missing_house_returns_the_street_with_a_note(geocoder: Geocoder) -> None:
    result = geocoder.search("ул. Абая 44")
    best = result[0]
    assert best.building_id is None
    assert best.housenumber is None
    assert best.street == "улица Абая"
    assert best.score == 100.0 - HOUSE_MISSING_PENALTY
    assert best.match == "street only: house 44 not found on улица Абая (houses 1-40)"
    # Астана's улица Абая; Коянды's (one house, POLY-1) is not named in the query but is
    # another street of that name, so both are offered.
    assert {candidate.settlement_id for candidate in result} == {"AST", "KOY"}


def test_missing_lettered_house_lists_the_houses_with_that_number(geocoder: Geocoder) -> None:
    best = geocoder.search("Астана, ул. Абая 24б")[0]
    assert best.building_id is None
    assert best.match.startswith(
        "street only: house 24б not found on улица Абая (houses 1-40; numbered 24: 24а)"
    )


def test_query_without_house_returns_the_street(geocoder: Geocoder) -> None:
    result = geocoder.search("пр. Достык")
    best = result.best
    assert best is not None
    assert (best.building_id, best.housenumber, best.street) == (None, None, "проспект Достык")
    assert best.match == "exact street; street only"
    # Of DOST-220 (column 0) and DOST-222 (column 1), the first is nearest their mean.
    assert (best.lon, best.lat) == pytest.approx((LON0, LAT0 + STEP))


# ---------------------------------------------------------------- ambiguity and settlements


def test_same_street_and_house_in_two_settlements_is_ambiguous(geocoder: Geocoder) -> None:
    result = geocoder.search("Школьная 5")
    assert result.ambiguous
    assert result.best is None
    assert {candidate.building_id for candidate in result} >= {"SCH-AST-5", "SCH-KOY-5"}
    assert result[0].score - result[1].score <= AMBIGUITY_MARGIN
    assert {result[0].label, result[1].label} == {
        "улица Школьная 5, Астана",
        "улица Школьная 5, Коянды",
    }


@pytest.mark.parametrize(
    ("query", "building"),
    [
        ("с. Коянды, Школьная 5", "SCH-KOY-5"),
        ("Коянды, ул. Школьная 5", "SCH-KOY-5"),
        ("Қоянды ауылы, Мектеп көшесі 5", "SCH-KOY-5"),
        ("Koyandy Shkolnaya 5", "SCH-KOY-5"),
        ("Школьная 5, с. Коянды", "SCH-KOY-5"),
        ("Астана, ул. Школьная 5", "SCH-AST-5"),
        ("г. Астана, Школьная 5", "SCH-AST-5"),
    ],
)
def test_naming_the_settlement_resolves_the_ambiguity(
    geocoder: Geocoder, query: str, building: str
) -> None:
    result = geocoder.search(query)
    assert not result.ambiguous
    assert result.best is not None
    assert result.best.building_id == building


def test_street_in_another_settlement_than_named_is_penalised(geocoder: Geocoder) -> None:
    best = geocoder.search("с. Коянды, пр. Достык 220")[0]
    assert best.building_id == "DOST-220"
    assert best.score == 100.0 - OTHER_SETTLEMENT_PENALTY
    assert best.match.endswith("; not in Коянды")


def test_unknown_settlement_is_noted_and_every_settlement_searched(geocoder: Geocoder) -> None:
    result = geocoder.search("г. Алматы, пр. Достык 220")
    assert result.note == "settlement 'Алматы' is not in this region; searched every settlement"
    assert result.best is not None
    assert (result.best.building_id, result.best.score) == ("DOST-220", 100.0)


def test_house_number_alone_lists_every_building_with_it(geocoder: Geocoder) -> None:
    result = geocoder.search("15")
    assert result.ambiguous
    assert {candidate.building_id for candidate in result} == {"SAMAL-15", "LUG-15"}
    assert {candidate.score for candidate in result} == {HOUSE_ONLY_SCORE}


def test_ambiguity_keeps_every_equal_candidate_beyond_the_limit(geocoder: Geocoder) -> None:
    result = geocoder.search("Школьная 5", limit=1)
    assert result.ambiguous
    assert len(result) == 2


def test_limit_caps_unambiguous_results(geocoder: Geocoder) -> None:
    assert len(geocoder.search("Луговая 3", limit=1)) == 1


# ---------------------------------------------------------------- suggestions


def test_suggest_completes_street_names(geocoder: Geocoder) -> None:
    assert geocoder.suggest("Аб") == ["улица Абая"]
    assert geocoder.suggest("ул. Сейф") == ["улица Сейфуллина"]
    assert geocoder.suggest("Dost") == ["проспект Достык"]
    assert geocoder.suggest("Достық") == ["Достық даңғылы"]
    # A prefix of a later word of the name, and a misspelled prefix.
    assert geocoder.suggest("батыр") == ["улица Кабанбай батыра"]
    assert geocoder.suggest("Ауэзво") == ["улица Ауэзова"]


def test_suggest_orders_and_limits(geocoder: Geocoder) -> None:
    assert geocoder.suggest("Луг") == ["улица Луговая", "переулок Луговой"]
    assert geocoder.suggest("Луг", limit=1) == ["улица Луговая"]
    assert geocoder.suggest("ул.") == []
    assert geocoder.suggest("") == []


def test_a_settlement_named_alone_gives_its_streets(geocoder: Geocoder) -> None:
    assert geocoder.settlement_streets("Коянды") == ("Коянды", ["улица Абая", "улица Школьная"])
    assert geocoder.settlement_streets("с. Коянды") == geocoder.settlement_streets("Коянды")
    # Kazakh letters: the Kazakh names.
    assert geocoder.settlement_streets("Қоянды ауылы") == (
        "Қоянды",
        ["Абай көшесі", "Мектеп көшесі"],
    )
    assert geocoder.settlement_streets("Астана", limit=2) == (
        "Астана",
        ["бульвар Нуржол", "микрорайон 3"],
    )
    # More than a settlement, or none: nothing to offer here (search and suggest answer).
    for text in ("Коянды, Школьная 5", "Коянды 5", "Караганда", "ул. Абая", "", "!!"):
        assert geocoder.settlement_streets(text) is None, text


def test_a_house_the_street_lacks_offers_its_nearest_houses(geocoder: Geocoder) -> None:
    # Астана's улица Абая has 1, 2, 10, 24а and 40: 24б is not there; 24а (the same number)
    # comes first, then the nearest numbers. Коянды has an улица Абая too (house 2): both
    # streets are as plausible, so each offers its own.
    near = geocoder.houses_near("ул. Абая 24б", limit=3)
    assert [c.label for c in near] == [
        "улица Абая 24а, Астана",
        "улица Абая 10, Астана",
        "улица Абая 40, Астана",
        "улица Абая 2, Коянды",
    ]
    assert [c.building_id for c in near] == ["ABAI-24а", "ABAI-10", "ABAI-40", "POLY-1"]
    # With the settlement typed, only its street.
    assert [c.label for c in geocoder.houses_near("Астана, ул. Абая 24б", limit=1)] == [
        "улица Абая 24а, Астана"
    ]
    assert [c.label for c in geocoder.houses_near("Астана, Абай көшесі 3", limit=2)] == [
        "Абай көшесі 2, Астана",
        "Абай көшесі 1, Астана",
    ]
    # A house found, no number typed, or no street: nothing to offer.
    for query in ("ул. Абая 10", "ул. Абая", "Несуществующая 5"):
        assert geocoder.houses_near(query) == [], query
    with pytest.raises(GeocodeError, match="empty"):
        geocoder.houses_near("  ")


# ---------------------------------------------------------------- reverse geocoding


def test_reverse_on_a_building_point(geocoder: Geocoder) -> None:
    found = geocoder.reverse(LON0 + 2 * STEP, LAT0)
    assert found is not None
    assert (found.building_id, found.distance_m, found.score) == ("ABAI-10", 0.0, 100.0)
    assert found.label == "улица Абая 10, Астана"


def test_reverse_measures_metres(geocoder: Geocoder) -> None:
    # 0.0002° east of DOST-222 (the last house of its row; DOST-220 is 0.0012° west).
    found = geocoder.reverse(LON0 + STEP + 0.0002, LAT0 + STEP)
    assert found is not None
    assert found.building_id == "DOST-222"
    assert found.distance_m == pytest.approx(14.0, abs=0.3)
    assert found.match == "nearest building, 14 m"
    assert found.score == pytest.approx(100 * (1 - 14.0 / 150), abs=0.3)


def test_reverse_inside_a_polygon_is_distance_zero(geocoder: Geocoder) -> None:
    found = geocoder.reverse(71.4501, 51.0900)
    assert found is not None
    assert (found.building_id, found.distance_m) == ("POLY-1", 0.0)


def test_reverse_far_from_buildings_is_none(geocoder: Geocoder) -> None:
    assert geocoder.reverse(71.0, 51.0) is None
    # 0.0003° north of ABAI-1 is 33 m: found within 50 m, not within 30 m.
    assert geocoder.reverse(LON0, LAT0 - 0.0003, max_distance_m=50) is not None
    assert geocoder.reverse(LON0, LAT0 - 0.0003, max_distance_m=30) is None


def test_reverse_finds_buildings_without_an_address(geocoder: Geocoder) -> None:
    found = geocoder.reverse(71.30, 51.30)
    assert found is not None
    assert found.label == "building SHED (no street address)"


@pytest.mark.parametrize(
    ("lon", "lat", "message"),
    [
        (51.1, 91.0, "were they swapped"),
        (math.nan, 51.1, "lon must be finite"),
        ("71.4", 51.1, "lon must be a number"),
    ],
)
def test_reverse_rejects_bad_coordinates(
    geocoder: Geocoder, lon: object, lat: float, message: str
) -> None:
    with pytest.raises(GeocodeError, match=message):
        geocoder.reverse(lon, lat)  # type: ignore[arg-type]


def test_reverse_rejects_a_non_positive_distance(geocoder: Geocoder) -> None:
    with pytest.raises(GeocodeError, match="max_distance_m must be positive"):
        geocoder.reverse(LON0, LAT0, max_distance_m=0)


def test_nearest_buildings_agrees_with_reverse_point_by_point(geocoder: Geocoder) -> None:
    # On a house, 14 m east of one, inside the polygon, beyond 30 m and far away.
    lon = [LON0 + 2 * STEP, LON0 + STEP + 0.0002, 71.4501, LON0, 71.0]
    lat = [LAT0, LAT0 + STEP, 51.0900, LAT0 - 0.0003, 51.0]
    found = geocoder.nearest_buildings(lon, lat, max_distance_m=30)
    assert found == ["ABAI-10", "DOST-222", "POLY-1", None, None]
    one_by_one = [geocoder.reverse(x, y, max_distance_m=30) for x, y in zip(lon, lat, strict=True)]
    assert found == [c.building_id if c else None for c in one_by_one]
    assert geocoder.nearest_buildings([], []) == []


def test_nearest_buildings_breaks_a_tie_as_reverse_does() -> None:
    # A point inside two overlapping outlines is 0 m from both: the first in the data wins.
    overlapping = gpd.GeoDataFrame(
        {
            "building_id": ["B-2", "B-1"],
            "street": ["улица Абая", "улица Абая"],
            "street_kk": ["Абай көшесі", "Абай көшесі"],
            "housenumber": ["2", "1"],
            "settlement_id": ["AST", "AST"],
        },
        geometry=[box(71.40, 51.10, 71.402, 51.102), box(71.401, 51.101, 71.403, 51.103)],
        crs="EPSG:4326",
    )
    both = Geocoder.from_buildings(overlapping, SETTLEMENTS)
    inside_both = (71.4015, 51.1015)
    assert both.nearest_buildings([inside_both[0]], [inside_both[1]]) == ["B-2"]
    found = both.reverse(*inside_both)
    assert found is not None
    assert found.building_id == "B-2"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "the address is empty"),
        ("   ", "the address is empty"),
        ("ул.", "names no street, house number or settlement"),
        ("!!! ...", "names no street, house number or settlement"),
        ("с. Коянды", r"names only a settlement \(Коянды\)"),
        ("Коянды, Астана", "names only a settlement"),
        ("Бостандыкский р-н", "names only an administrative unit"),
        ("Абая " * 50, "at most 200"),
    ],
)
def test_meaningless_query_raises(geocoder: Geocoder, query: str, message: str) -> None:
    with pytest.raises(GeocodeError, match=message):
        geocoder.search(query)


def test_non_text_query_and_bad_limit_raise(geocoder: Geocoder) -> None:
    with pytest.raises(GeocodeError, match="must be text, got int"):
        geocoder.search(42)  # type: ignore[arg-type]
    with pytest.raises(GeocodeError, match="limit must be a positive integer"):
        geocoder.search("Абая 10", limit=0)
    with pytest.raises(GeocodeError, match="limit must be a positive integer"):
        geocoder.suggest("Аб", limit=0)


def test_unknown_street_gives_no_candidates_and_a_note(geocoder: Geocoder) -> None:
    result = geocoder.search("Несуществующая 5")
    assert (len(result), result.ambiguous) == (0, False)
    assert result.note == "no street like 'Несуществующая' in this region"
    assert result.best is None
    # A settlement and a bare street kind: nothing to look for, and the note says so.
    assert geocoder.search("с. Коянды, ул.").note == (
        "no street name or house number to look for; add them"
    )
    assert geocoder.search("999").note == "no building numbered '999' in this region"


def test_typed_number_of_a_microdistrict_must_agree(geocoder: Geocoder) -> None:
    # Самал-3 does not exist; Самал-2 must not be offered as if it were a typo.
    assert len(geocoder.search("мкр. Самал-3, 15")) == 0


def test_name_without_its_number_offers_every_numbered_one() -> None:
    buildings = make_buildings()
    extra = buildings[buildings["building_id"] == "SAMAL-15"].assign(
        building_id="SAMAL3-15", street="микрорайон Самал-3", street_kk="Самал-3 шағын ауданы"
    )
    index = Geocoder.from_buildings(pd.concat([buildings, extra]))
    result = index.search("мкр. Самал, 15")
    assert result.ambiguous
    assert {candidate.building_id for candidate in result} == {"SAMAL-15", "SAMAL3-15"}


# ---------------------------------------------------------------- building the index


def test_index_facts(geocoder: Geocoder) -> None:
    # 13 street rows of STREETS plus Коянды's улица Абая (POLY-1); SHED has no street.
    assert geocoder.street_count == 14
    assert geocoder.building_count == len(make_buildings())
    assert geocoder.unparsed_housenumbers == 0


def test_geocoder_is_immutable(geocoder: Geocoder) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        geocoder._streets = []


def test_without_kazakh_forms_and_settlements_the_russian_form_still_matches() -> None:
    buildings = make_buildings().drop(columns="street_kk")
    plain = Geocoder.from_buildings(buildings)
    assert top(plain, "ул. Абая 10") == "ABAI-10"
    # Folding still joins the Kazakh spelling to the Russian registry name.
    assert top(plain, "Абай көшесі 10") == "ABAI-10"
    assert plain.search("ул. Абая 10")[0].label == "улица Абая 10"


def test_other_crs_is_converted_to_degrees() -> None:
    projected = make_buildings().to_crs("EPSG:32642")
    found = Geocoder.from_buildings(projected).search("пр. Достык 220")[0]
    assert (found.lon, found.lat) == pytest.approx((LON0, LAT0 + STEP), abs=1e-7)


def test_unparsable_house_numbers_are_counted_and_found_by_text() -> None:
    buildings = make_buildings()
    buildings.loc[buildings["building_id"] == "NUR-14", "housenumber"] = "14-16"
    index = Geocoder.from_buildings(buildings)
    assert index.unparsed_housenumbers == 1
    assert top(index, "бульвар Нуржол, д. 14-16") == "NUR-14"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda frame: pd.DataFrame(frame.drop(columns="geometry")), "must be a GeoDataFrame"),
        (lambda frame: frame.drop(columns="housenumber"), "lacks column.*housenumber"),
        (lambda frame: frame.set_crs(None, allow_override=True), "has no CRS"),
        (lambda frame: frame.iloc[0:0], "is empty"),
        (
            lambda frame: frame.assign(geometry=[None, *frame.geometry.iloc[1:]]),
            "1 building.* no geometry, e.g. building_id=ABAI-1",
        ),
    ],
)
def test_bad_buildings_raise_with_the_fix(change: object, message: str) -> None:
    broken = change(make_buildings())  # type: ignore[operator]
    with pytest.raises(GeocoderDataError, match=message):
        Geocoder.from_buildings(broken)


def test_bad_settlements_raise_with_the_fix() -> None:
    with pytest.raises(GeocoderDataError, match=r"settlements lacks column.*name_kk"):
        Geocoder.from_buildings(make_buildings(), SETTLEMENTS.drop(columns="name_kk"))
    with pytest.raises(GeocoderDataError, match="settlements must be a DataFrame"):
        Geocoder.from_buildings(make_buildings(), ["AST"])  # type: ignore[arg-type]
