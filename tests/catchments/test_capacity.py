"""Capacity arithmetic (R-CAP-1, R-CAP-2): ages, district models, remaining places, loads."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from catchments.capacity import (
    age_on,
    assess,
    best_district,
    clinic_remaining,
    load_per_doctor,
    models_for_age,
    remaining,
)
from catchments.models import DistrictFacts, DistrictModel, Norms, RuleSettings, SettingsError

GP, THERAPIST = DistrictModel.GP, DistrictModel.THERAPIST
P6, P14 = DistrictModel.PEDIATRIC_0_6, DistrictModel.PEDIATRIC_0_14
NORMS = Norms()


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        pytest.param(
            date(2019, 9, 21), date(2026, 9, 20), 6, id="R-CAP-2/age-6-eve-of-7th-birthday"
        ),
        pytest.param(date(2019, 9, 21), date(2026, 9, 21), 7, id="R-CAP-2/age-7-on-birthday"),
        pytest.param(
            date(2011, 9, 21), date(2026, 9, 20), 14, id="R-CAP-2/age-14-eve-of-15th-birthday"
        ),
        pytest.param(date(2011, 9, 21), date(2026, 9, 21), 15, id="R-CAP-2/age-15-on-birthday"),
        pytest.param(date(2008, 9, 21), date(2026, 9, 21), 18, id="R-DOC-2/age-18-on-birthday"),
        pytest.param(
            date(2020, 2, 29), date(2025, 2, 27), 4, id="R-CAP-2/leap-day-born-before-28th"
        ),
        pytest.param(
            date(2020, 2, 29), date(2025, 2, 28), 5, id="R-CAP-2/leap-day-born-on-28th-common-year"
        ),
        pytest.param(
            date(2020, 2, 29),
            date(2028, 2, 28),
            7,
            id="R-CAP-2/leap-day-born-waits-for-29th-in-leap-year",
        ),
        pytest.param(
            date(2020, 2, 29), date(2028, 2, 29), 8, id="R-CAP-2/leap-day-born-on-29th-leap-year"
        ),
        pytest.param(date(2026, 9, 21), date(2026, 9, 21), 0, id="R-CAP-2/newborn"),
    ],
)
def test_age_on(birth: date, day: date, age: int) -> None:
    assert age_on(birth, day) == age


def test_age_on_rejects_day_before_birth() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2026, 1, 2), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("age", "models"),
    [
        pytest.param(0, (P6, P14, GP), id="R-CAP-2/age-0"),
        pytest.param(6, (P6, P14, GP), id="R-CAP-2/age-6"),
        pytest.param(7, (P14, GP), id="R-CAP-2/age-7"),
        pytest.param(14, (P14, GP), id="R-CAP-2/age-14"),
        pytest.param(15, (THERAPIST, GP), id="R-CAP-2/age-15"),
        pytest.param(17, (THERAPIST, GP), id="R-CAP-2/age-17"),
        pytest.param(18, (THERAPIST, GP), id="R-CAP-2/age-18"),
        pytest.param(90, (THERAPIST, GP), id="R-CAP-2/age-90"),
    ],
)
def test_models_for_age(age: int, models: tuple[DistrictModel, ...]) -> None:
    assert models_for_age(age) == models


@pytest.mark.parametrize(
    ("norm", "doctors", "attached", "left"),
    [
        pytest.param(500, 1, 499, 1, id="R-CAP-2/pediatric-0-6-one-place-left"),
        pytest.param(500, 1, 500, 0, id="R-CAP-2/pediatric-0-6-full"),
        pytest.param(500, 1, 501, -1, id="R-CAP-2/pediatric-0-6-over"),
        pytest.param(2200, 2.5, 5500, 0, id="R-CAP-2/therapist-2.5-doctors-full"),
        pytest.param(1700, 0.3, 0, 510, id="R-CAP-2/gp-0.3-doctors-exactly-510"),
        pytest.param(900, 1.1, 0, 990, id="R-CAP-2/pediatric-0-14-1.1-doctors-exactly-990"),
        pytest.param(2200, 1 / 3, 0, 733, id="R-CAP-2/third-of-a-doctor-floors"),
        pytest.param(2200, 0, 0, 0, id="R-CAP-2/no-doctors-no-places"),
    ],
)
def test_remaining(norm: int, doctors: float, attached: int, left: int) -> None:
    assert remaining(norm, doctors, attached) == left


def test_load_per_doctor_is_exact() -> None:
    assert load_per_doctor(2, 4428) == 2214
    assert load_per_doctor(3, 6601) == Fraction(6601, 3)
    assert load_per_doctor(0, 5) is None


def district(
    district_id: str, model: DistrictModel, doctors: float, attached: int, *, counted: bool = False
) -> DistrictFacts:
    return DistrictFacts(district_id, model, doctors, attached, counted)


@pytest.mark.parametrize(
    ("attached", "counted", "fits"),
    [
        pytest.param(499, False, True, id="R-CAP-1/pediatric-0-6-at-500"),
        pytest.param(500, False, False, id="R-CAP-1/pediatric-0-6-at-501"),
        pytest.param(500, True, True, id="R-CAP-2/already-counted-at-500"),
        # R-ORG-3: one already counted adds nobody, and adding nobody cannot exceed a norm.
        pytest.param(501, True, True, id="R-CAP-2/already-counted-at-501"),
    ],
)
def test_assess_fits_exactly_at_norm(attached: int, counted: bool, fits: bool) -> None:
    (load,) = assess([district("D", P6, 1, attached, counted=counted)], age=3, norms=NORMS)
    assert load.fits is fits
    assert load.people == attached + (0 if counted else 1)


def test_assess_keeps_only_models_for_age_in_order() -> None:
    districts = [district("A", GP, 1, 0), district("B", P6, 1, 0), district("C", THERAPIST, 1, 0)]
    assert [load.district.district_id for load in assess(districts, age=10, norms=NORMS)] == ["A"]
    # R-CAP-2: the clinic's 0-6 district serves a 3-year-old, so its GP district does not.
    assert [load.district.district_id for load in assess(districts, age=3, norms=NORMS)] == ["B"]


def test_best_district_order() -> None:
    loads = assess(
        [
            district("D-9", THERAPIST, 1, 100),
            district("D-1", THERAPIST, 1, 100),
            district("D-GP", GP, 1, 0),
            district("D-FULL", THERAPIST, 1, 2200),
        ],
        age=40,
        norms=NORMS,
    )
    best = best_district(loads)
    assert best is not None
    assert best.district.district_id == "D-1"  # same room as D-9: ties by ID
    assert best_district(reversed(loads)) == best
    assert best_district([]) is None


def test_best_district_names_least_loaded_when_none_fits() -> None:
    loads = assess(
        [district("D-A", THERAPIST, 1, 2300), district("D-B", THERAPIST, 1, 2250)],
        age=40,
        norms=NORMS,
    )
    best = best_district(loads)
    assert best is not None
    assert (best.district.district_id, best.fits, best.remaining) == ("D-B", False, -50)


def test_clinic_remaining_per_kind() -> None:
    districts = [
        district("T1", THERAPIST, 1.5, 3000),  # 2200 * 1.5 = 3300
        district("T2", THERAPIST, 0.5, 1200),  # + 1100 places; 4400 - 4200 attached = 200
        district("P", P6, 2, 990),  # 1000 - 990 = 10
    ]
    assert clinic_remaining(districts, norms=NORMS) == {THERAPIST: 200, P6: 10}


def test_norms_defaults_are_rules_md() -> None:
    assert [NORMS.for_model(m) for m in (GP, THERAPIST, P6, P14)] == [1700, 2200, 500, 900]


def test_r_cap_1_norms_from_region_toml() -> None:
    settings = RuleSettings.from_mapping({"norms": {"gp": 1500, "pediatric_0_14": 800}})
    assert settings.norms == Norms(gp=1500, therapist=2200, pediatric_0_6=500, pediatric_0_14=800)


def test_r_cap_1_bad_norms_all_reported() -> None:
    with pytest.raises(SettingsError) as info:
        RuleSettings.from_mapping({"norms": {"gp": 0, "therapst": 2000, "pediatric_0_6": True}})
    message = str(info.value)
    assert "[norms].gp: expected a positive integer, got 0" in message
    assert "[norms].therapst: unknown key (did you mean 'therapist'?)" in message
    assert "[norms].pediatric_0_6: expected a positive integer, got True" in message
