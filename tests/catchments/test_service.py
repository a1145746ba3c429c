"""catchments.service and `emhana decide` on the demo region: facts found in the geography.

Each case picks a real building of the demo (by settlement and street) and checks the reasons a
registrar would name for it; the demo's layout is described in geo/demo.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import shapely

from catchments import cli
from catchments.calendar import KZ_TZ
from catchments.models import Application, ApplicationError, Category, Location
from catchments.service import (
    BATCH_COLUMNS,
    BatchFileError,
    RegionServices,
    ServiceError,
    batch_column,
    batch_template,
    check,
    decide,
    decide_rows,
    decode_batch,
    excel_csv,
    home_visit_cover,
    read_batch,
    write_decisions,
)

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
NOW = dt.datetime(2026, 9, 21, 10, 0, tzinfo=KZ_TZ)
ADULT = {"birth_date": "1980-03-02", "categories": [], "documents": ["id_card"]}
CHILD = {
    "birth_date": "2019-05-01",
    "categories": ["child"],
    "documents": ["id_card", "birth_certificate", "representative_id"],
}


@pytest.fixture(scope="module")
def services() -> RegionServices:
    return RegionServices.load(DEMO)


def home(
    services: RegionServices, *, settlement: str, in_district: str | None = None
) -> dict[str, float]:
    """A residential building's point in a settlement (and, if given, inside a district)."""
    buildings = services.region.buildings
    candidates = buildings[buildings["settlement_id"] == settlement]
    points = shapely.point_on_surface(candidates.geometry.to_numpy())
    if in_district is not None:
        districts = services.region.districts.set_index("district_id")
        inside = shapely.contains(districts.loc[in_district, "geometry"], points)
        points = points[inside]
    point = points[len(points) // 2]
    return {"lon": point.x, "lat": point.y}


def application(
    clinic: str, residence: dict[str, Any], applicant: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "clinic_id": clinic,
        "residence": residence,
        "workplace": None,
        "basis": "residence",
        "applicant": {
            "documents_reliable": True,
            "has_eds": False,
            "current_clinic_id": None,
            **applicant,
        },
        "channel": "psc",
        "submitted_at": "2026-09-21T10:00:00+05:00",
        "ground": None,
        "home_visit_acknowledged": False,
    }
    data.update(extra)
    return data


def codes(answer: Any) -> set[str]:
    return {str(reason.code) for reason in answer.decision.reasons}


def test_adult_in_territory_is_approved_into_the_covering_district(
    services: RegionServices,
) -> None:
    residence = home(services, settlement="S-01", in_district="D-02T1")
    answer = decide(services, application("C-02", residence, ADULT), now=NOW)
    assert answer.decision.outcome == "approved"
    assert answer.decision.coupon is not None
    assert answer.decision.coupon.district_id == "D-02T1"
    assert "HOME_VISIT_RISK" not in codes(answer)


def test_R_CAP_1_child_refused_where_the_district_is_exactly_at_its_norm(
    services: RegionServices,
) -> None:
    """D-02P1 has 1 pediatrician (0-14) and 900 attached: the 901st child is refused."""
    residence = home(services, settlement="S-01", in_district="D-02P1")
    answer = decide(services, application("C-02", residence, CHILD, channel="registry"), now=NOW)
    assert answer.decision.outcome == "refused"
    assert "CAPACITY_EXCEEDED" in codes(answer)


def test_R_TERR_2_out_of_territory_needs_acknowledgement_then_warns(
    services: RegionServices,
) -> None:
    residence = home(services, settlement="S-01", in_district="D-02T1")
    unacknowledged = decide(services, application("C-09", residence, ADULT), now=NOW)
    assert unacknowledged.decision.outcome == "needs_acknowledgement"
    assert {"ACKNOWLEDGEMENT_REQUIRED", "HOME_VISIT_RISK"} <= codes(unacknowledged)
    acknowledged = decide(
        services, application("C-09", residence, ADULT, home_visit_acknowledged=True), now=NOW
    )
    assert acknowledged.decision.outcome == "approved"
    assert "HOME_VISIT_RISK" in codes(acknowledged)
    assert "ACKNOWLEDGEMENT_REQUIRED" not in codes(acknowledged)


def test_R_CAP_1_overloaded_therapists_refuse_an_adult(services: RegionServices) -> None:
    """Every therapist district of C-03 is above 2,200 adults per doctor in the demo."""
    residence = home(services, settlement="S-01", in_district="D-03T2")
    answer = decide(services, application("C-03", residence, ADULT), now=NOW)
    assert answer.decision.outcome == "refused"
    assert "CAPACITY_EXCEEDED" in codes(answer)


def test_R_PLACE_2_suburb_resident_in_the_city_polyclinic_territory(
    services: RegionServices,
) -> None:
    residence = home(services, settlement="S-02")
    answer = decide(services, application("C-05", residence, ADULT), now=NOW)
    assert "SUBURB_EXCEPTION" in codes(answer)
    assert "OUTSIDE_SETTLEMENT" not in codes(answer)
    assert "HOME_VISIT_RISK" not in codes(answer), "C-05's territory includes the suburb"
    assert answer.decision.outcome == "approved"


def test_R_TERR_1_border_village_may_choose_a_city_clinic(services: RegionServices) -> None:
    residence = home(services, settlement="S-03")
    answer = decide(
        services, application("C-09", residence, ADULT, home_visit_acknowledged=True), now=NOW
    )
    assert "BORDER_AREA_EXCEPTION" in codes(answer)
    assert "OUTSIDE_SETTLEMENT" not in codes(answer)
    assert answer.decision.outcome == "approved"


def test_R_TERR_1_the_border_exception_is_for_a_clinic_in_another_unit(
    services: RegionServices,
) -> None:
    # "persons who live in border areas and have the right to choose a polyclinic in another
    # administrative-territorial unit": Бирлик (border area, Бирликский район) may choose Карасу's
    # C-13 (Коктальский район); were Карасу in Бирлик's own district, the exception would not
    # hold.
    residence = home(services, settlement="S-03")
    data = application("C-13", residence, ADULT, home_visit_acknowledged=True)
    assert "BORDER_AREA_EXCEPTION" in codes(decide(services, data, now=NOW))
    rows = dict(services.settlement_rows)
    rows["S-04"] = rows["S-04"].copy()
    rows["S-04"]["unit_id"] = rows["S-03"]["unit_id"]
    same_unit = dataclasses.replace(services, settlement_rows=rows)
    answer = decide(same_unit, data, now=NOW)
    assert "BORDER_AREA_EXCEPTION" not in codes(answer)
    assert "OUTSIDE_SETTLEMENT" in codes(answer)
    assert answer.decision.outcome == "refused"


def test_R_TERR_1_rural_resident_is_refused_a_city_clinic(services: RegionServices) -> None:
    residence = home(services, settlement="S-04")
    answer = decide(
        services, application("C-09", residence, ADULT, home_visit_acknowledged=True), now=NOW
    )
    assert answer.decision.outcome == "refused"
    assert "OUTSIDE_SETTLEMENT" in codes(answer)


def test_R_ORG_2_non_supplier_warns(services: RegionServices) -> None:
    residence = home(services, settlement="S-01", in_district="D-10G1")
    answer = decide(services, application("C-10", residence, ADULT), now=NOW)
    assert "CLINIC_NOT_SHI_SUPPLIER" in codes(answer)


def test_address_is_geocoded_and_reported(services: RegionServices) -> None:
    answer = decide(
        services, application("C-02", {"address": "Акбулак, ул. Абая 59"}, ADULT), now=NOW
    )
    assert answer.residence.label == "улица Абая 59, Акбулак"
    assert answer.residence.settlement_id == "S-01"
    residence = answer.to_dict()["residence"]
    assert isinstance(residence, dict)
    assert residence["building_id"] == answer.residence.building_id


def test_ambiguous_address_lists_the_candidates(services: RegionServices) -> None:
    # House 80 stands on улица Абая in both Акбулак and Жибек жолы.
    data = application("C-02", {"address": "улица Абая 80"}, ADULT)
    with pytest.raises(ServiceError, match="ambiguous") as error:
        decide(services, data, now=NOW)
    assert error.value.field == "residence"
    assert "улица Абая 80, Жибек жолы" in str(error.value)
    # People read it in their language (the registrar page, the decisions file).
    russian = error.value.text("ru")
    assert russian.startswith("Место жительства: адресу улица Абая 80 соответствуют несколько ")
    assert "улица Абая 80, Жибек жолы" in russian


@pytest.mark.parametrize("address", ["ул. Абая", "улица Абая 9999"])
def test_a_street_in_several_places_without_the_house_says_so(
    services: RegionServices, address: str
) -> None:
    # These were "matches several houses ... add the settlement", listing streets, not houses.
    with pytest.raises(ServiceError) as error:
        decide(services, application("C-02", {"address": address}, ADULT), now=NOW)
    assert error.value.code == "address_street_only"
    assert error.value.text("ru") == (
        f"Место жительства: улица из адреса {address} есть в нескольких местах (улица Абая, "
        "Акбулак; улица Абая, Жибек жолы), но дом не найден; укажите населённый пункт и "
        "существующий номер дома или координаты."
    )


def test_unknown_clinic_is_named_with_a_suggestion(services: RegionServices) -> None:
    with pytest.raises(ServiceError, match="did you mean C-07") as error:
        decide(services, application("C-7", {"lon": 70.45, "lat": 50.28}, ADULT), now=NOW)
    assert error.value.field == "clinic_id"
    assert error.value.text("kk").startswith(
        "Медициналық ұйым: бұл өңірде C-7 медициналық ұйымы жоқ; C-07"
    )


def test_point_outside_the_region(services: RegionServices) -> None:
    with pytest.raises(ServiceError, match="outside this region") as error:
        decide(services, application("C-02", {"lon": 10.0, "lat": 10.0}, ADULT), now=NOW)
    assert error.value.text("ru") == (
        "Место жительства: точка 10.000000, 10.000000 (широта, долгота) лежит за пределами "
        "этого региона; проверьте координаты или выберите другой регион."
    )
    # Latitude typed first, the commonest slip, lands inside once swapped: said so.
    with pytest.raises(ServiceError, match="look swapped") as error:
        decide(services, application("C-02", {"lon": 50.28, "lat": 70.45}, ADULT), now=NOW)
    assert error.value.code == "outside_region.swapped"
    assert error.value.text("kk").endswith(
        "бойлық пен ендік ауысып кеткен сияқты: алдымен бойлық жазылады."
    )


def pinned(residence: dict[str, float]) -> Location:
    return Location(lon=residence["lon"], lat=residence["lat"])


def test_resolving_many_places_each_as_resolving_one_does(services: RegionServices) -> None:
    locations = [
        pinned(home(services, settlement="S-01")),
        Location(address="Акбулак, ул. Абая 59"),
        Location(address="улица Абая 80"),  # ambiguous
        Location(lon=50.28, lat=70.45),  # outside the region
        Location(address="Акбулак, ул. Абая 9999"),  # no such house
        pinned(home(services, settlement="S-01", in_district="D-01T1")),
        Location(address="улица Абая 59, Акбулак", lon=0.0, lat=0.0),  # the two disagree
    ]
    together = services.resolve_all(locations, field_path="residence")
    for location, place in zip(locations, together, strict=True):
        if isinstance(place, ServiceError):
            with pytest.raises(ServiceError, match=re.escape(str(place))) as error:
                services.resolve(location, field_path="residence")
            assert error.value.code == place.code
        else:
            assert place == services.resolve(location, field_path="residence")
    assert [getattr(p, "code", None) for p in together] == [
        None, None, "address_ambiguous", "outside_region.swapped", "no_such_house.near", None,
        "address_point_apart",
    ]  # fmt: skip
    # The houses of the street nearest the number asked for, to choose from.
    assert together[4].params["nearby"] == (  # type: ignore[union-attr]
        "улица Абая 524, Акбулак; улица Абая 522, Акбулак; улица Абая 520, Акбулак"
    )
    assert "ближайшие дома: улица Абая 524, Акбулак;" in together[4].text("ru")  # type: ignore[union-attr]
    assert "D-01T1" in together[5].districts  # type: ignore[union-attr]
    assert services.resolve_all([], field_path="residence") == []


def test_home_visit_cover_counts_each_person_once(services: RegionServices) -> None:
    inside = home(services, settlement="S-01", in_district="D-01T1")
    register = [
        ("C-01", inside),
        ("C-01", dict(inside)),  # the same home, another person
        ("C-02", inside),  # attached elsewhere: no home visits
        ("C-02", {"lon": 50.28, "lat": 70.45}),  # outside the region: not placed
        ("C-02", None),  # imported without an application
        ("C-02", {"lon": 71.0}),  # half a point
    ]
    cover = home_visit_cover(services, register)
    assert cover.to_dict("index") == {
        "C-01": {"attached": 2, "outside": 0, "unplaced": 0},
        "C-02": {"attached": 4, "outside": 1, "unplaced": 3},
    }
    assert home_visit_cover(services, []).empty


@pytest.mark.parametrize("collector_on", [True, False])
def test_counting_a_register_leaves_the_garbage_collector_as_it_found_it(
    services: RegionServices, collector_on: bool
) -> None:
    # home_visit_cover holds the collector while it counts; a bad residence must not leave it off.
    inside = home(services, settlement="S-01", in_district="D-01T1")
    was_on = gc.isenabled()
    try:
        (gc.enable if collector_on else gc.disable)()
        home_visit_cover(services, [("C-01", inside)])
        assert gc.isenabled() is collector_on
        with pytest.raises(AttributeError):
            home_visit_cover(services, [("C-01", "not a mapping")])  # type: ignore[list-item]
        assert gc.isenabled() is collector_on
    finally:
        (gc.enable if was_on else gc.disable)()


@pytest.mark.parametrize(
    ("lon", "lat", "valid"),
    [
        (71.4, 51.1, True),
        (71, 51, True),
        (-180, 90.0, True),
        (180.5, 51.1, False),
        (71.4, -90.01, False),
        (float("nan"), 51.1, False),
        (71.4, float("inf"), False),
        (True, 51.1, False),
        ("71.4", 51.1, False),
    ],
)
def test_a_location_s_point_is_checked_whatever_path_it_takes(
    lon: Any, lat: Any, valid: bool
) -> None:
    # Plain in-range numbers skip the problem list; everything else gets the full check.
    if valid:
        assert Location(lon=lon, lat=lat).lon == lon
        return
    with pytest.raises(ApplicationError) as info:
        Location(lon=lon, lat=lat)
    assert {p.path for p in info.value.problems} <= {"location.lon", "location.lat"}


def test_the_batch_template_is_a_file_the_batch_reads_and_decides(services: RegionServices) -> None:
    text = batch_template(services, "C-02", now=NOW)
    assert text.splitlines()[0].split(",") == list(BATCH_COLUMNS)
    rows = read_batch(text)
    assert [row["application_id"] for row in rows] == ["A-1", "A-2"]
    assert rows[1]["documents"] == "id_card;birth_certificate;representative_id"
    assert rows[0]["submitted_at"] == "2026-09-21T10:00+05:00"
    decided = decide_rows(services, rows, now=NOW)
    assert [row.error for row in decided] == [None, None]  # every cell read, both decided
    assert all(row.answer is not None for row in decided)
    with pytest.raises(ServiceError, match="no clinic 'C-99'"):
        batch_template(services, "C-99", now=NOW)


def test_malformed_application_names_every_field(services: RegionServices) -> None:
    data = application("C-02", {"lon": 70.45, "lat": 50.28}, ADULT)
    data["applicant"]["birth_date"] = "1980-13-02"
    data["channel"] = "fax"
    with pytest.raises(ApplicationError) as error:
        decide(services, data, now=NOW)
    fields = " ".join(p.path for p in error.value.problems)
    assert "applicant.birth_date" in fields
    assert "channel" in fields


HEADER = (
    "application_id;clinic_id;residence_address;residence_lon;residence_lat;birth_date;"
    "categories;documents;channel;submitted_at;home_visit_acknowledged"
)
BATCH = (
    HEADER
    + """
A-1;C-02;Акбулак, ул. Абая 59;;;1980-03-02;;id_card;psc;2026-09-21T10:00:00+05:00;
A-2;C-02;Акбулак, ул. Абая 59;;;1980-13-02;pensionr;id_card;psc;2026-09-21T10:00:00+05:00;
A-3;C-09;;{lon};{lat};1980-03-02;;id_card;psc;2026-09-21T10:00:00+05:00;да
A-4;C-02;Акбулак, ул. Абая 59;;;1980-03-02;;id_card;psc;2026-09-21T10:00:00+05:00;maybe
"""
)


def test_batch_reports_a_bad_row_on_its_line_and_decides_the_others(
    services: RegionServices,
) -> None:
    residence = home(services, settlement="S-03")
    rows = read_batch(BATCH.format(**residence))
    results = decide_rows(services, rows, now=NOW)
    assert [r.line for r in results] == [2, 3, 4, 5]
    assert results[0].answer is not None
    assert results[0].answer.decision.outcome == "approved"
    assert results[1].answer is None
    assert results[1].error is not None
    # A CSV author fixes cells: the problems name the columns, not the JSON paths.
    assert results[1].error.startswith("birth_date: '1980-13-02' is not a valid date")
    assert "; categories: unknown category 'pensionr' (did you mean 'pensioner'?)" in (
        results[1].error
    )
    assert results[2].answer is not None
    assert "BORDER_AREA_EXCEPTION" in codes(results[2].answer)
    assert results[3].error is not None
    assert "home_visit_acknowledged" in results[3].error
    table = write_decisions(results).splitlines()
    assert table[0].startswith("line,application_id,clinic_id,outcome")
    assert table[2].startswith("3,A-2,C-02,error")


def test_a_row_dated_outside_the_holiday_calendar_is_its_own_error(
    services: RegionServices,
) -> None:
    # A year the calendar lacks (1990, a typo for 2020) or at datetime's limits used to raise
    # CalendarError or OverflowError out of the batch, losing every other row's decision.
    residence = home(services, settlement="S-03")
    text = BATCH.format(**residence)
    for moment in ("1990-09-21T10:00:00+05:00", "9999-12-31T23:00:00-12:00"):
        rows = read_batch(text.replace("2026-09-21T10:00:00+05:00;\nA-2", f"{moment};\nA-2"))
        results = decide_rows(services, rows, now=NOW)
        assert results[0].error is not None
        assert results[0].error.startswith(f"submitted_at: '{moment}' is outside the years the ")
        assert "(1991–2100); check the year" in results[0].error
        assert results[2].answer is not None  # the others are decided


def test_a_batch_in_classic_mac_line_ends_reads_as_any_other(services: RegionServices) -> None:
    text = BATCH.format(**home(services, settlement="S-03"))
    assert (
        read_batch(text.replace("\n", "\r"))
        == read_batch(text)
        == read_batch(text.replace("\n", "\r\n"))
    )


ROW = "{id};C-02;Акбулак, ул. Абая 59;;;1980-03-02;;id_card;psc;2026-09-21T10:00:00+05:00;"


def test_a_row_is_named_by_the_line_it_starts_on_in_the_file(services: RegionServices) -> None:
    # A blank line, a row Excel cleared to semicolons, and a cell spanning two lines: the
    # line numbers are those an editor shows, not the count of rows before.
    text = (
        "\n"
        + HEADER
        + "\n"
        + ROW.format(id="A-1")
        + "\n\n;;;;;;;;;;\n"
        + ROW.format(id='"A-\n2"')
        + "\n"
        + ROW.format(id="A-3")
        + "\n"
    )
    rows = read_batch(text)
    assert [(row.line, row["application_id"]) for row in rows] == [
        (3, "A-1"),
        (6, "A-\n2"),
        (8, "A-3"),
    ]
    assert [result.line for result in decide_rows(services, rows, now=NOW)] == [3, 6, 8]
    # Rows built in code are numbered as a spreadsheet shows them, the header being line 1.
    assert [r.line for r in decide_rows(services, [dict(rows[0]), dict(rows[2])], now=NOW)] == [
        2,
        3,
    ]


def test_a_row_whose_cells_moved_past_the_header_is_refused_by_name(
    services: RegionServices,
) -> None:
    # An unquoted comma in a comma-separated file's address shifts every cell after it.
    header = "application_id,clinic_id,residence_address,birth_date,channel,submitted_at"
    row = "C-02,{address},1980-03-02,psc,2026-09-21T10:00:00+05:00{end}"
    rows = [
        row.format(address="Акбулак, ул. Абая 59", end=""),
        row.format(address='"Акбулак, ул. Абая 59"', end=""),
    ]
    text = "\n".join([header, *(f"A-{n},{r}" for n, r in enumerate(rows, 1))])
    moved, quoted = decide_rows(services, read_batch(text), now=NOW)
    assert moved.answer is None
    assert moved.error is not None
    assert moved.error.startswith(
        "the row has 1 more cell than the header has columns ('2026-09-21T10:00:00+05:00'); "
        "a comma or semicolon inside a cell, as in an address, must be within quotes; "
    )
    assert moved.to_record("ru")["error"].startswith("в строке на 1 ячейку больше")
    assert quoted.answer is not None
    # Moved onto an empty last cell, the spill is empty too: a row wider than the others moved.
    spilled = (
        text.replace("2026-09-21T10:00:00+05:00\nA-2", "2026-09-21T10:00:00+05:00,\nA-2").replace(
            header, header + ",home_visit_acknowledged"
        )
        + ","
    )
    moved, quoted = decide_rows(services, read_batch(spilled), now=NOW)
    assert moved.error is not None
    assert moved.error.startswith("the row has 1 more cell than the header has columns ('')")
    assert quoted.answer is not None
    # Every row as wide, with empty cells past the header: Excel's padding, nothing moved.
    padded = "\n".join([header, *(f"A-{n},{r},," for n, r in enumerate(rows[1:], 1))] * 2)
    padded = padded.replace(f"\n{header}", "")
    assert all(r.answer is not None for r in decide_rows(services, read_batch(padded), now=NOW))


def test_excel_s_doubled_quotes_are_one_quote_inside_a_cell(services: RegionServices) -> None:
    # The sniffer read doublequote=False off the header and split this cell at its comma.
    header = "application_id,clinic_id,residence_address,birth_date,channel,submitted_at"
    text = (
        f'{header}\nA-1,C-02,"Акбулак, ""ул."" Абая 59",1980-03-02,psc,2026-09-21T10:00:00+05:00\n'
    )
    (row,) = read_batch(text)
    assert row["residence_address"] == 'Акбулак, "ул." Абая 59'
    assert row.extra == ()


def test_a_quote_left_open_is_named_not_the_rest_of_the_file_swallowed() -> None:
    # 198 applications vanished into one address cell, reported as a too-long address.
    header = "application_id;clinic_id;residence_address;birth_date;channel;submitted_at"
    rows = [f"A-{n};C-02;ул. Абая {n};1980-03-02;psc;2026-09-21T10:00:00+05:00" for n in range(9)]
    rows[2] = rows[2].replace("ул. Абая", '"ул. Абая')
    with pytest.raises(BatchFileError) as error:
        read_batch("\n".join([header, *rows]))
    assert str(error.value) == (
        'a quote " opened in the row of line 4 is never closed, so the rows after it would be '
        "read as one cell; close it, or remove it"
    )
    assert error.value.text("kk").startswith('4-жолда ашылған " тырнақшасы жабылмаған')


def test_a_stray_byte_in_a_utf8_file_is_named_by_its_line() -> None:
    # Read as Windows-1251, every Cyrillic letter of the file turned to mojibake.
    text = "clinic_id;residence_address\nC-02;ул. Абая 59\nC-02;ул. Абая 61\n"
    raw = text.encode("utf-8").replace(b"61", b"6\xff1")
    with pytest.raises(BatchFileError, match="line 3 has bytes that are not UTF-8"):
        decode_batch(raw)
    # cp1251 bytes that happen to pair into UTF-8 Cyrillic ("Р»" is "л") are still cp1251.
    quoted_name = "clinic_id;residence_address\nC-02;ЖК «Самал», ПРОСПЕКТ Р» 5\n"
    assert decode_batch(quoted_name.encode("cp1251")).encoding == "cp1251"


def test_utf16_without_its_mark_is_read(services: RegionServices) -> None:
    text = BATCH.format(**home(services, settlement="S-03")).replace(";", "\t")
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_batch(text.encode(encoding)).text == text


def test_a_question_mark_for_a_lost_kazakh_letter_is_refused_not_geocoded(
    services: RegionServices,
) -> None:
    # Excel's plain CSV wrote "Абай к?шесі 59"; the geocoder took another street's house 59.
    header = "application_id;clinic_id;residence_address;birth_date;channel;submitted_at"
    row = "A-1;C-02;Акбулак, Абай к?шесі 59;1980-03-02;psc;2026-09-21T10:00:00+05:00"
    (result,) = decide_rows(services, read_batch(f"{header}\n{row}"), now=NOW)
    assert result.answer is None
    assert result.error == (
        "residence_address: 'Акбулак, Абай к?шесі 59' has ? in place of a letter: the file was "
        "saved in an encoding without Kazakh letters (Excel's plain CSV); save it as CSV UTF-8 "
        "and decide again"
    )


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (excel_csv, "utf-8"),
        # Excel's "Unicode Text": UTF-16 with its mark, separated by tabs.
        (lambda text: text.replace(";", "\t").encode("utf-16"), "utf-16"),
        # Excel's plain "CSV" on Russian Windows.
        (lambda text: text.encode("cp1251"), "cp1251"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "cp1251"],
)
def test_a_batch_is_read_in_the_encodings_excel_writes(
    services: RegionServices, encoded: Any, encoding: str
) -> None:
    text = BATCH.format(**home(services, settlement="S-03"))
    batch = decode_batch(encoded(text))
    assert batch.encoding == encoding
    assert [dict(row) for row in read_batch(batch.text)] == [dict(row) for row in read_batch(text)]


@pytest.mark.parametrize(
    "raw",
    [
        bytes(range(256)) * 4,  # binary
        "clinic_id,birth_date\nC-02,1980\x00\x01".encode("latin-1") + b"\xe9t\xe9",  # no Cyrillic
    ],
    ids=["binary", "latin-1"],
)
def test_bytes_that_are_no_text_excel_writes_are_refused_with_the_way_out(raw: bytes) -> None:
    with pytest.raises(BatchFileError) as error:
        decode_batch(raw)
    assert str(error.value) == (
        "the file is not text in UTF-8, UTF-16 or Windows-1251; in Excel use Save As, CSV UTF-8 "
        "(comma delimited)"
    )  # and not followed by the list of columns, which is not what is wrong
    assert error.value.text("kk").startswith("файл UTF-8, UTF-16 не Windows-1251")


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_the_template_for_excel_opens_in_columns_and_reads_back(
    services: RegionServices, delimiter: str
) -> None:
    data = excel_csv(batch_template(services, "C-02", now=NOW, delimiter=delimiter))
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with its mark
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.split(delimiter) == list(BATCH_COLUMNS)
    rows = read_batch(decode_batch(data).text)
    assert [row.error for row in decide_rows(services, rows, now=NOW)] == [None, None]


def test_a_megabyte_pasted_into_a_field_is_refused_without_being_echoed(
    services: RegionServices,
) -> None:
    # It was geocoded, and quoted back whole in the error, in the page and the decisions CSV.
    data = application("C-02", {"address": "ул. Абая 59 " * 100_000}, ADULT)
    data["applicant"] = {**ADULT, "birth_date": "1980-03-02" * 1000, "categories": ["x" * 5000]}
    with pytest.raises(ApplicationError) as error:
        decide(services, data, now=NOW)
    problems = {p.path: p for p in error.value.problems}
    assert problems["residence.address"].text("ru") == (
        "residence.address: 1\u00a0200\u00a0000 символов; не больше 500: проверьте, что вставлено"
    )
    assert len(str(error.value)) < 1000
    assert problems["applicant.birth_date"].params["value"] == "'" + "1980-03-02" * 7 + "1980-03-…"
    # A CSV cell as long as csv reads (128 KiB) is cut as well.
    header = "clinic_id,residence_address,birth_date,channel,submitted_at,has_eds"
    row = f"C-02,x,1980-03-02,psc,2026-09-21T10:00:00+05:00,{'y' * 100_000}"
    (result,) = decide_rows(services, read_batch(f"{header}\n{row}\n"), now=NOW)
    assert result.error is not None
    assert len(result.error) < 500


def test_a_malformed_row_is_explained_in_the_file_s_language_by_column(
    services: RegionServices,
) -> None:
    rows = read_batch(
        HEADER + "\nA-8;;;;;2031-03-02;pensionr;id_card;psc;2026-09-21T10:00:00;\n"
        "A-9;C-02;Акбулак, ул. Абая 59;;1;1980-03-02;;id_card;psc;2026-09-21T10:00:00+05:00;\n"
    )
    bad, half_point = decide_rows(services, rows, now=NOW)
    assert bad.answer is None
    assert [p.path for p in bad.problems] == [
        "clinic_id",
        "residence",
        "submitted_at",
        "applicant.categories[0]",
    ]
    assert bad.to_record("en")["error"] == (
        "clinic_id: is empty; this column is required; "
        "residence_address: empty; give an address, or the coordinates (lon and lat); "
        "submitted_at: '2026-09-21T10:00:00' has no UTC offset; add one, e.g. "
        "'2026-09-20T17:30:00+05:00' (Kazakhstan is UTC+5); "
        "categories: unknown category 'pensionr' (did you mean 'pensioner'?); expected one of "
        + ", ".join(c.value for c in Category)
    )
    assert bad.to_record("ru")["error"].startswith(
        "clinic_id: не заполнено; этот столбец обязателен; residence_address: не заполнено; "
        "укажите адрес или координаты (lon и lat); submitted_at: в '2026-09-21T10:00:00' не "
        "указано смещение от UTC"
    )
    kazakh = "categories: «санат» өрісінің белгісіз мәні 'pensionr' ('pensioner' болуы мүмкін бе?)"
    assert kazakh in write_decisions([bad], lang="kk")
    assert half_point.to_record("kk")["error"] == (
        "residence_lon: толтырылмаған; lon мен lat бірге көрсетіледі"
    )


def test_a_row_s_unreadable_cells_do_not_hide_its_other_problems(services: RegionServices) -> None:
    rows = read_batch(
        HEADER + "\nA-7;C-02;;abc;50.28;1980-13-02;pensionr;id_card;psc;"
        "2026-09-21T10:00:00+05:00;maybe\n"
    )
    (row,) = decide_rows(services, rows, now=NOW)
    # Every problem, one per column, left to right; the bad longitude is not named again as
    # a latitude without its pair.
    assert [p.text(name=batch_column(p.path)).split(":")[0] for p in row.problems] == [
        "residence_lon",
        "birth_date",
        "categories",
        "home_visit_acknowledged",
    ]
    assert row.error is not None
    assert row.error.startswith("residence_lon: 'abc' is not a number; birth_date: ")
    assert row.error.endswith(
        "home_visit_acknowledged: 'maybe' is not a yes/no value; write true or false"
    )


def test_a_row_the_region_cannot_place_is_explained_in_the_file_s_language(
    services: RegionServices,
) -> None:
    rows = read_batch(
        HEADER + "\nA-9;C-02;Акбулак, ул. Несуществующая 1;;;1980-03-02;;id_card;psc;"
        "2026-09-21T10:00:00+05:00;\n"
    )
    (result,) = decide_rows(services, rows, now=NOW)
    assert result.error is not None
    assert "not found in this region" in result.error  # English for logs and scripts
    assert result.to_record("en")["error"].startswith("Place of residence: the address ")
    kazakh = result.to_record("kk")["error"]
    assert kazakh.startswith("Тұрғылықты жері: Акбулак, ул. Несуществующая 1 мекенжайы ")
    assert "бұл өңірде табылмады" in kazakh
    assert "Несуществующая" in write_decisions([result], lang="ru").splitlines()[1]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("clinic_id,birth_date\nC-01,2000-01-01\n", "missing column"),
        (
            "clinic_id,birth_date,channel,submitted_at,residense_address\n",
            "did you mean 'residence_address'",
        ),
        ("clinic_id,birth_date,channel,submitted_at\n", "holds no applications"),
        ("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "an Excel workbook, not a CSV"),
        ("CLINIC_ID,birth_date,channel,submitted_at\nC-01,,,\n", "did you mean 'clinic_id'"),
        ("clinic_id,birth_date,channel,submitted_at,clinic_id\n", "clinic_id' is named twice"),
        (
            "clinic_id,birth_date,channel,submitted_at\nC-01,2000-01-01,psc,2026-09-21\n"
            f"C-02,{'x' * 200_000},psc,2026-09-21\n",
            "line 3 has a cell longer than 131,072 characters",
        ),
    ],
    ids=[
        "empty",
        "missing-columns",
        "misspelt-column",
        "header-only",
        "xlsx",
        "capitals",
        "repeated",
        "huge-cell",
    ],
)
def test_batch_file_errors(text: str, message: str) -> None:
    with pytest.raises(BatchFileError, match=message):
        read_batch(text)


def test_a_batch_file_s_header_problems_are_said_in_the_reader_s_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "clinic_id,birth_date,residense_address\n"
    with pytest.raises(BatchFileError) as error:
        read_batch(header)
    assert str(error.value) == (
        "missing column(s): channel, submitted_at; unknown column 'residense_address' (did you "
        f"mean 'residence_address'?). The columns are: {', '.join(BATCH_COLUMNS)}"
    )
    assert error.value.text("ru").startswith(
        "нет столбцов: channel, submitted_at; неизвестный столбец 'residense_address' "
        "(возможно, 'residence_address'?). Столбцы файла: application_id, clinic_id, "
    )
    assert BatchFileError([("empty", {})]).text("kk") == (
        "файл бос; бірінші жолда бағандардың атаулары болуы керек"
    )
    source = tmp_path / "applications.csv"
    source.write_text(header, encoding="utf-8")
    assert cli.main(["decide", "--batch", str(source), "--lang", "kk"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err.startswith("emhana decide: бағандар жоқ: channel, submitted_at")


def write_json(path: Path, data: object) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_cli_decide_json(
    tmp_path: Path, services: RegionServices, capsys: pytest.CaptureFixture[str]
) -> None:
    residence = home(services, settlement="S-01", in_district="D-02T1")
    path = write_json(tmp_path / "app.json", application("C-02", residence, ADULT))
    status = cli.main(["decide", path, "--json", "--lang", "kk", "--now", "2026-09-21T10:00:00"])
    assert status == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["outcome"] == "approved"
    assert answer["coupon"]["district_id"] == "D-02T1"
    assert answer["taken_at"] == "2026-09-21T10:00:00+05:00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "one JSON object"),
        ("{}".encode("utf-16"), "not UTF-8"),
        (b'{"clinic_id": "C-02"}', "problems in the application"),
        (
            b'{"clinic_id": ' + b"9" * 5000 + b"}",
            "is not an application: a number in it has more than 4,300 digits",
        ),
        (b"[" * 100_000, "is not an application: its JSON nests too deep"),
        (
            b'{"residence": {"lon": 1' + b"0" * 400 + b', "lat": 50}}',
            "residence.lon: 1" + "0" * 78 + "… is out of range",  # cut, not 401 digits
        ),
    ],
    ids=["syntax", "not-an-object", "utf16", "missing-fields", "long-number", "deep", "huge-lon"],
)
def test_cli_decide_bad_input_is_a_message_not_a_traceback(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.json"
    path.write_bytes(content)
    assert cli.main(["decide", str(path)]) == cli.EXIT_BAD_INPUT
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "now", ["1985-01-01T10:00:00+05:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"]
)
def test_cli_now_outside_the_holiday_calendar_is_refused(
    now: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "улица Абая 59", "--now", now]) == cli.EXIT_BAD_INPUT
    assert "is outside the years the holiday calendar covers (1991–2100)" in (
        capsys.readouterr().err
    )


def test_cli_decide_names_an_application_s_problems_in_the_language_asked_for(
    tmp_path: Path, services: RegionServices, capsys: pytest.CaptureFixture[str]
) -> None:
    data = application("C-02", {"lon": 70.45, "lat": 50.28}, ADULT)
    data["applicant"]["birth_date"] = "1980-13-02"
    path = write_json(tmp_path / "app.json", data)
    assert cli.main(["decide", path, "--lang", "ru"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "emhana decide: Ошибок в заявлении: 1 (см. README.md, раздел «Applications»):\n"
        "  - applicant.birth_date: '1980-13-02' не является датой; ожидается 'ГГГГ-ММ-ДД'\n"
    )
    data["channel"] = "fax"
    path = write_json(tmp_path / "app.json", data)
    assert cli.main(["decide", path]) == cli.EXIT_BAD_INPUT
    english = capsys.readouterr().err
    assert english.startswith("emhana decide: 2 problems in the application (see README.md, ")
    assert "  - channel: unknown channel 'fax'" in english
    # An address the region cannot place, in Kazakh.
    data = application("C-02", {"address": "Акбулак, ул. Несуществующая 1"}, ADULT)
    path = write_json(tmp_path / "app.json", data)
    assert cli.main(["decide", path, "--lang", "kk"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err.startswith("emhana decide: Тұрғылықты жері: ")


def test_cli_decide_batch_writes_decisions(
    tmp_path: Path, services: RegionServices, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "applications.csv"
    source.write_text(BATCH.format(**home(services, settlement="S-03")), encoding="utf-8")
    out = tmp_path / "decisions.csv"
    assert cli.main(["decide", "--batch", str(source), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # for Excel
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 5
    assert "2 not decided" in capsys.readouterr().err
    # A file from Excel on Russian Windows is decided too, with a word on its lost letters.
    source.write_bytes(BATCH.format(**home(services, settlement="S-03")).encode("cp1251"))
    assert cli.main(["decide", "--batch", str(source), "--out", str(out), "--lang", "ru"]) == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 5
    assert "файл прочитан как текст Windows-1251" in capsys.readouterr().err
    # A path that cannot be written is refused before the batch is decided, not after.
    for bad, said in ((tmp_path, "is a folder"), (tmp_path / "no" / "x.csv", "does not exist")):
        argv = ["decide", "--batch", str(source), "--out", str(bad)]
        assert cli.main(argv) == cli.EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert said in err
        assert "rows:" not in err  # nothing was decided


def test_an_address_and_a_point_kilometres_apart_are_refused(services: RegionServices) -> None:
    # The point decided while the page and the coupon named the address: two places in one.
    address = "Акбулак, ул. Абая 59"
    best = services.geocoder.search(address).best
    assert best is not None
    near = {"address": address, "lon": best.lon + 0.0005, "lat": best.lat}  # ~35 m east
    assert decide(services, application("C-02", near, ADULT), now=NOW).residence.label == address
    far = {"address": address, "lon": 70.60, "lat": 50.30}
    with pytest.raises(ServiceError) as error:
        decide(services, application("C-02", far, ADULT), now=NOW)
    assert error.value.code == "address_point_apart"
    # The point's coordinates are named, lon first as the application gives them.
    assert "m from the point given with it (lon 70.600000, lat 50.300000)" in str(error.value)
    assert "(долгота 70.600000, широта 50.300000)" in error.value.text("ru")
    assert error.value.text("ru").startswith("Место жительства: адрес Акбулак, ул. Абая 59 ")
    # A register's homes were checked when decided: counting them does not geocode again.
    counted = services.districts_all(
        [Location(address=address, lon=70.60, lat=50.30)], field_path="residence"
    )
    assert not isinstance(counted[0], ServiceError)


def test_an_application_submitted_after_its_decision_is_refused(services: RegionServices) -> None:
    # A 2099 for 2026 was approved with a reply due in 2099.
    residence = home(services, settlement="S-01", in_district="D-02T1")
    data = application("C-02", residence, ADULT)
    data["submitted_at"] = "2099-09-21T10:00:00+05:00"
    with pytest.raises(ServiceError) as error:
        decide(services, data, now=NOW)
    assert error.value.code == "submitted_after_decision"
    assert "2099-09-21T10:00:00+05:00" in str(error.value)  # logs and files keep ISO 8601
    # People read the moments in Kazakhstan's time: the page, a batch row, the command line.
    assert error.value.text("kk").startswith("Берілген уақыты: 2099 жылғы 21 қыркүйек, 10:00 қарау")
    assert "(21 сентября 2026 г., 10:00)" in error.value.text("ru")
    row = read_batch(batch_template(services, "C-02", now=NOW))[0]
    row["submitted_at"] = "2099-09-21T05:00:00+00:00"
    (decided,) = decide_rows(services, [row], now=NOW)
    assert decided.error_lines("en") == [
        "Submitted at: 21 September 2099, 10:00 is after the moment of the decision "
        "(21 September 2026, 10:00); check the date and time of submission."
    ]
    data["submitted_at"] = (NOW + dt.timedelta(minutes=5)).isoformat()  # clocks a little apart
    assert decide(services, data, now=NOW).decision.outcome == "approved"


def test_cli_decide_never_writes_the_decisions_over_the_applications(
    tmp_path: Path, services: RegionServices, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "applications.csv"
    text = BATCH.format(**home(services, settlement="S-03"))
    source.write_text(text, encoding="utf-8")
    same = ["decide", "--batch", str(source), "--out", str(tmp_path / "." / "applications.csv")]
    assert cli.main(same) == cli.EXIT_BAD_INPUT
    assert "is the batch file itself" in capsys.readouterr().err
    assert source.read_text(encoding="utf-8") == text
    path = write_json(
        tmp_path / "app.json", application("C-02", {"lon": 70.45, "lat": 50.28}, ADULT)
    )
    assert cli.main(["decide", path, "--out", str(tmp_path / "x.csv")]) == cli.EXIT_BAD_INPUT
    assert "--out writes a batch's decisions" in capsys.readouterr().err


def test_cli_decide_record_shows_no_coupon_it_could_not_record(
    tmp_path: Path,
    services: RegionServices,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An approval was printed, coupon and all, before a mistyped IIN stopped the recording.
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    monkeypatch.setenv("EMHANA_HOME", str(tmp_path / "home"))
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert cli.main(["register", "import", "--database", database]) == 0
    capsys.readouterr()
    residence = home(services, settlement="S-01", in_district="D-02T1")
    path = write_json(tmp_path / "app.json", application("C-02", residence, ADULT))
    monkeypatch.setattr("sys.stdin", io.StringIO("79102830272X\n"))
    flags = ["--record", "--database", database, "--now", "2026-09-21T10:00:00", "--lang", "ru"]
    assert cli.main(["decide", path, *flags]) == cli.EXIT_BAD_INPUT
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.startswith("emhana decide: ИИН: только 12 цифр (0-9)")


def test_demo_build_replaces_the_demo_but_not_another_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "region.toml").write_text('[region]\nname = "Ours"\n', encoding="utf-8")
    assert cli.main(["demo", "build", "--out", str(theirs)]) == cli.EXIT_BAD_INPUT
    assert "holds another region package; pass --overwrite" in capsys.readouterr().err
    assert (theirs / "region.toml").read_text(encoding="utf-8") == '[region]\nname = "Ours"\n'
    assert not (theirs / "region.gpkg").exists()


def test_check_lists_the_covering_clinic_first_among_nearest(services: RegionServices) -> None:
    from catchments.models import Location
    from catchments.service import check

    residence = home(services, settlement="S-01", in_district="D-02T1")
    answer = check(services, Location(lon=residence["lon"], lat=residence["lat"]), now=NOW)
    options = {option.clinic["clinic_id"]: option for option in answer.options}
    assert options["C-02"].in_territory
    assert options["C-02"].decision.outcome == "approved"
    assert sum(option.in_territory for option in answer.options) == 1
    walks = [option.walk_min for option in answer.options]
    assert None not in walks, "every demo clinic is reachable on foot"
    assert walks == sorted(w for w in walks if w is not None), "R-PLACE-3: nearest first"
    # The remaining places per doctor kind are the clinic's own figures (R-CAP-2).
    therapists = services.region.districts.query("clinic_id == 'C-02' and model == 'therapist'")
    expected = int(2200 * therapists["doctors"].sum()) - int(therapists["attached"].sum())
    assert options["C-02"].remaining["therapist"] == expected
    data: dict[str, Any] = answer.to_dict("ru")
    assert data["clinics"][0]["distance_m"] > 0
    assert "emergency" in data


def test_check_answers_for_the_applicant_described(services: RegionServices) -> None:
    from catchments.models import Location
    from catchments.service import check

    residence = home(services, settlement="S-01", in_district="D-02P1")
    answer = check(
        services,
        Location(lon=residence["lon"], lat=residence["lat"]),
        now=NOW,
        applicant=CHILD,
        channel="registry",
    )
    c02 = next(o for o in answer.options if o.clinic["clinic_id"] == "C-02")
    assert c02.decision.outcome == "refused", "the child's district is at its norm"


def test_cli_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(
        ["check", "Акбулак, Абай көшесі 59", "--json", "--now", "2026-09-21T10:00:00"]
    )
    assert status == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["address"]["label"] == "Абай көшесі 59, Ақбұлақ"
    first = answer["clinics"][0]
    assert {"distance_m", "travel_min", "in_territory", "remaining", "outcome", "reasons"} <= set(
        first
    )
    # In a decision's terms: the district an approval would attach to, none for a refusal.
    for clinic in answer["clinics"]:
        assert (clinic["coupon"] is not None) == (clinic["outcome"] == "approved"), clinic
        if clinic["coupon"]:
            assert clinic["coupon"]["clinic_id"] == clinic["clinic_id"]


def test_cli_check_unknown_address_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "Qwertyuiop 5"]) == cli.EXIT_BAD_INPUT
    assert "not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("address", "message"),
    [("", "the address is empty"), ("ул. , ,", "names no street, house number or settlement")],
)
def test_cli_check_unreadable_address_is_a_message(
    capsys: pytest.CaptureFixture[str], address: str, message: str
) -> None:
    # The geocoder refuses these before searching; that refusal was a traceback here.
    assert cli.main(["check", address]) == cli.EXIT_BAD_INPUT
    assert message in capsys.readouterr().err


def test_a_region_s_decreed_day_off_moves_the_answer_s_due_date(services: RegionServices) -> None:
    # Issue 3's rules with region.toml's [calendar]: a decree the holidays package has not
    # recorded yet makes Tuesday 22 September 2026 a day off (invented for the test).
    data = application("C-02", home(services, settlement="S-01", in_district="D-02T1"), ADULT)
    assert decide(services, data, now=NOW).decision.due_by == NOW + dt.timedelta(days=1)
    region = services.region
    decree: dict[str, tuple[dt.date, ...]] = {"days_off": (dt.date(2026, 9, 22),)}
    decreed = RegionServices.from_region(
        dataclasses.replace(region, config=dataclasses.replace(region.config, calendar=decree))
    )
    decision = decide(decreed, data, now=NOW).decision
    assert decision.taken_at == NOW
    assert decision.due_by == NOW + dt.timedelta(days=2)  # Wednesday, past the day off


def test_a_calendar_with_no_day_to_take_a_request_is_a_message_and_the_batch_goes_on(
    services: RegionServices,
) -> None:
    # Weeks of decreed days off (or a request late on the calendar's last day) raised
    # CalendarError through decide, check and the whole batch.
    region = services.region
    weeks = tuple(dt.date(2026, 9, 21) + dt.timedelta(days=n) for n in range(90))
    closed = RegionServices.from_region(
        dataclasses.replace(
            region, config=dataclasses.replace(region.config, calendar={"days_off": weeks})
        )
    )
    data = application("C-02", home(services, settlement="S-01", in_district="D-02T1"), ADULT)
    with pytest.raises(ServiceError) as error:
        decide(closed, data, now=NOW)
    assert error.value.field == "submitted_at"
    assert error.value.text("ru").startswith(
        "Время подачи: в рабочем календаре нет дня приёма для заявления, поданного "
        "21 сентября 2026 г., 10:00, или"
    )
    late = {**data, "submitted_at": "2100-12-31T19:00:00+05:00"}
    header = "clinic_id;residence_lon;residence_lat;birth_date;channel;submitted_at"
    lon, lat = data["residence"]["lon"], data["residence"]["lat"]
    rows = [f"C-02;{lon};{lat};1980-03-02;psc;{moment}" for moment in (late["submitted_at"], NOW)]
    last_day = dt.datetime(2100, 12, 31, 20, tzinfo=KZ_TZ)
    decided = decide_rows(services, read_batch("\n".join([header, *rows])), now=last_day)
    assert decided[0].error is not None
    assert "2101 is outside it" in decided[0].error
    assert "нет дня приёма" in decided[0].to_record("ru")["error"]
    assert decided[1].answer is not None


def test_a_region_no_car_can_drive_in_still_answers_the_citizen(services: RegionServices) -> None:
    # validate warns (no_drive_edges); check failed outright, in English, for want of a road.
    region = services.region
    edges = region.street_edges.assign(drive=False)
    on_foot = RegionServices.from_region(dataclasses.replace(region, street_edges=edges))
    place = home(services, settlement="S-01")
    answer = check(on_foot, Location(lon=place["lon"], lat=place["lat"]), now=NOW)
    assert answer.options
    assert all(option.drive_min is None for option in answer.options)
    assert all(option.walk_min is not None for option in answer.options[:3])


def test_long_values_are_not_quoted_back_whole_by_check_or_an_unknown_clinic(
    services: RegionServices, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "ул. Абая " * 70]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "emhana check: ADDRESS: 630 characters; at most 500: check what was pasted\n"
    )
    data = application("C" * 499, home(services, settlement="S-03"), ADULT)
    with pytest.raises(ServiceError) as error:
        decide(services, data, now=NOW)
    assert len(error.value.text("ru")) < 300
    with pytest.raises(ApplicationError) as unknown:
        Application.from_dict({**data, "x" * 5000: 1})
    assert len(str(unknown.value)) < 2000


def test_cli_check_names_its_own_options_in_problems(capsys: pytest.CaptureFixture[str]) -> None:
    # They were named by the JSON paths the options fill in (location.lon, applicant.*), under
    # a header about "the application", which the citizen never wrote.
    assert cli.main(["check", "--point", "200", "51", "--lang", "ru"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "emhana check: --point LON: 200.0 вне допустимого диапазона; ожидалось от -180 до 180\n"
    )
    argv = ["check", "ул. Абая 59", "--birth-date", "1980-13-01", "--categories", "x,pensionr"]
    assert cli.main(argv) == cli.EXIT_BAD_INPUT
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "emhana check: "
    assert [line.split(":")[0] for line in lines[1:]] == [
        "  - --birth-date",
        "  - --categories",
        "  - --categories",
    ]


def test_unreadable_address_in_an_application_names_the_field(services: RegionServices) -> None:
    with pytest.raises(ServiceError, match="names no street") as error:
        decide(services, application("C-02", {"address": "ул. , ,"}, ADULT), now=NOW)
    assert error.value.field == "residence"
    assert error.value.text("en") == (
        "Place of residence: the address ул. , , cannot be read; give a street and a house "
        "number, or the coordinates."
    )


def test_register_counts_override_the_packages(services: RegionServices) -> None:
    """Issue 6: remaining capacity comes from the register once there is one."""
    residence = home(services, settlement="S-01", in_district="D-02T1")
    district = services.region.districts.set_index("district_id").loc["D-02T1"]
    full = int(2200 * district["doctors"])  # exactly at the norm: the next adult is refused
    answer = decide(
        services, application("C-02", residence, ADULT), now=NOW, attached_now={"D-02T1": full}
    )
    assert answer.decision.outcome == "refused"
    assert "CAPACITY_EXCEEDED" in codes(answer)


def test_cli_decide_record_writes_to_the_register(
    tmp_path: Path,
    services: RegionServices,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from catchments.register import attached_counts

    monkeypatch.setenv("EMHANA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    monkeypatch.delenv("EMHANA_DATABASE_URL", raising=False)
    assert attached_counts() is None, "no register yet: the package's counts stand"
    assert cli.main(["register", "import", "--region", str(DEMO)]) == 0
    before = attached_counts()
    assert before is not None
    residence = home(services, settlement="S-01", in_district="D-02T1")
    path = write_json(tmp_path / "app.json", application("C-02", residence, ADULT))
    monkeypatch.setattr("sys.stdin", io.StringIO("800302300019\n"))  # born as ADULT
    assert cli.main(["decide", path, "--record", "--now", "2026-09-21T10:00:00"]) == 0
    assert "Coupon No. C-02/" in capsys.readouterr().err
    after = attached_counts()
    assert after is not None
    assert after["D-02T1"] == before["D-02T1"] + 1
    assert cli.main(["decide", "--batch", path, "--record"]) == cli.EXIT_BAD_INPUT
    assert "one application at a time" in capsys.readouterr().err


def test_check_on_29_february_without_a_birth_date(services: RegionServices) -> None:
    from catchments.models import Location
    from catchments.service import check

    leap_day = dt.datetime(2028, 2, 29, 10, tzinfo=KZ_TZ)
    answer = check(services, Location(lon=70.3993, lat=50.2570), now=leap_day)
    assert answer.options, "an adult born 28 February 1993 is asked about"


def test_R_TIME_2_check_outside_the_campaign_with_and_without_a_ground(
    services: RegionServices,
) -> None:
    from catchments.models import Location
    from catchments.service import check

    residence = home(services, settlement="S-01", in_district="D-02T1")
    december = dt.datetime(2026, 12, 1, 10, tzinfo=KZ_TZ)
    location = Location(lon=residence["lon"], lat=residence["lat"])
    without = check(services, location, now=december)
    assert all(
        "OUTSIDE_CAMPAIGN_NO_GROUND" in {str(r.code) for r in o.decision.reasons}
        for o in without.options
    )
    moved = check(services, location, now=december, ground="changed_residence")
    c02 = next(o for o in moved.options if o.clinic["clinic_id"] == "C-02")
    assert c02.decision.outcome == "approved"
