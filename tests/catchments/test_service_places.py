"""Where an application's address cannot be placed: the cause named, not its side effects.

The demo region (geo/demo.py) has улица Абая in Акбулак and in Жибек жолы, and no Алматы.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from catchments.calendar import KZ_TZ
from catchments.service import RegionServices, ServiceError, decide
from tests.applications import application as adult_application

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
NOW = dt.datetime(2026, 9, 21, 10, 0, tzinfo=KZ_TZ)


@pytest.fixture(scope="module")
def services() -> RegionServices:
    return RegionServices.load(DEMO)


def application(residence: str, *, work: str | None = None) -> dict[str, Any]:
    """An adult's application to C-02, by residence or, with ``work``, by place of work."""
    return adult_application(
        residence={"address": residence},
        workplace=None if work is None else {"address": work},
        basis="residence" if work is None else "work",
        submitted_at=NOW.isoformat(),
    )


@pytest.mark.parametrize("work", ["г. Алматы, проспект Абая 10", "проспект Абая 10, г. Алматы"])
def test_a_work_address_in_a_settlement_of_another_region_names_that_settlement(
    services: RegionServices, work: str
) -> None:
    # It was "the street ... is in several places (улица Абая, Акбулак; улица Абая, Жибек
    # жолы) ... give the settlement", though the settlement was given: it is not here.
    with pytest.raises(ServiceError) as error:
        decide(services, application("Акбулак, улица Абая 59", work=work), now=NOW)
    assert error.value.field == "workplace"
    assert error.value.code == "unknown_settlement"
    assert error.value.params == {"settlement": "Алматы", "address": work}
    assert error.value.text("ru") == (
        f"Место работы или учёбы: Алматы — не населённый пункт этого региона, поэтому адрес "
        f"{work} в нём не найден; укажите адрес в этом регионе или координаты."
    )
    assert error.value.text("en") == (
        f"Place of work or study: Алматы is not a settlement of this region, so the address "
        f"{work} is not found in it; give an address in this region, or the coordinates."
    )
    assert error.value.text("kk").startswith("Жұмыс немесе оқу орны: Алматы бұл өңірдің елді ")


@pytest.mark.parametrize("work", ["Алматы, проспект Абая 10", "проспект Абая 10, Алматы"])
def test_unmarked_words_beside_a_street_are_refused_with_a_way_out(
    services: RegionServices, work: str
) -> None:
    # Words naming no settlement or street here may be another region's city or a housing
    # complex's name: either way the address is not placed at a namesake here, and the person
    # is told how to write it if the words were a complex's.
    with pytest.raises(ServiceError) as error:
        decide(services, application("Акбулак, улица Абая 59", work=work), now=NOW)
    assert (error.value.field, error.value.code) == ("workplace", "unknown_settlement.unmarked")
    assert error.value.text("en") == (
        f"Place of work or study: Алматы is neither a settlement nor a street of this region, "
        f"so the address {work} is not found in it; if Алматы is a housing complex or a "
        "landmark, leave it out; else give an address in this region, or the coordinates."
    )
    assert "жилой комплекс или ориентир, уберите его" in error.value.text("ru")
    assert "тұрғын үй кешені немесе бағдар болса" in error.value.text("kk")


@pytest.mark.parametrize(
    "residence",
    [
        "Акбулак, ЖК Нурсая, улица Абая 59",
        "ЖК Хайвил 2, Акбулак, улица Абая 59",
        "Акбулак, улица Абая 59 ЖК Нурсая",
        "жилой комплекс Нурсая, Акбулак, ул. Абая 59",
        "Акбулак, улица Абая 59, Nursaya residential complex",
        "Ақбұлақ, Нұрсая тұрғын үй кешені, Абай көшесі 59",
        "Ақбұлақ, Нұрсая тұрғын үй кешені Абай көшесі 59",
    ],
)
def test_a_housing_complex_named_beside_the_address_is_left_out(
    services: RegionServices, residence: str
) -> None:
    # Registries keep the street and house, not the complex: its name, numbers included, was
    # read as a settlement of another region and the address refused.
    answer = decide(services, application(residence), now=NOW)
    assert (
        answer.residence.building_id
        == decide(services, application("Акбулак, улица Абая 59"), now=NOW).residence.building_id
    )


@pytest.mark.parametrize(
    ("residence", "code"),
    [
        ("Алматы, улица Абая 59", "unknown_settlement.unmarked"),
        ("г. Алматы, ул. Абая 59", "unknown_settlement"),
    ],
)
def test_an_address_in_another_settlement_is_not_placed_at_a_namesake_here(
    services: RegionServices, residence: str, code: str
) -> None:
    # Акбулак has a house улица Абая 59: an applicant living in Алматы was placed there, and
    # decided as if they lived in Акбулак.
    with pytest.raises(ServiceError) as error:
        decide(services, application(residence), now=NOW)
    assert (error.value.field, error.value.code) == ("residence", code)


def test_an_unknown_street_in_an_unknown_settlement_names_the_settlement(
    services: RegionServices,
) -> None:
    with pytest.raises(ServiceError) as error:
        decide(services, application("Алматы, ул. Несуществующая 1"), now=NOW)
    assert (error.value.field, error.value.code) == ("residence", "unknown_settlement.unmarked")


@pytest.mark.parametrize("address", ["проспект Абая 10", "Абая, 10"])
def test_without_a_settlement_a_street_in_several_places_still_asks_for_one(
    services: RegionServices, address: str
) -> None:
    with pytest.raises(ServiceError) as error:
        decide(services, application(address), now=NOW)
    assert error.value.code == "address_street_only"


def test_an_address_in_a_settlement_of_the_region_is_placed(services: RegionServices) -> None:
    answer = decide(services, application("Акбулак, улица Абая 59"), now=NOW)
    assert answer.residence.label == "улица Абая 59, Акбулак"


@pytest.mark.parametrize(
    ("query", "unknown", "marked"),
    [
        ("Алматы, проспект Абая 10", "Алматы", False),
        ("г. Алматы, проспект Абая 10", "Алматы", True),
        ("проспект Абая 10, Алматы", "Алматы", False),
        ("Акбулак, проспект Абая 10", "", False),  # a settlement of the region
        ("Абаяя, ул. Арай 10", "", False),  # a misspelt street beside another: not a settlement
        ("Абая, 10", "", False),  # a street and a house
        ("ЖК Алматы, проспект Абая 10", "", False),  # a housing complex, left out
    ],
)
def test_the_geocoder_names_a_settlement_that_is_not_in_the_region(
    services: RegionServices, query: str, unknown: str, marked: bool
) -> None:
    result = services.geocoder.search(query)
    assert (result.unknown_settlement, result.unknown_settlement_marked) == (unknown, marked)
