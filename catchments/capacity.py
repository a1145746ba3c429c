"""Doctor capacity: which norm applies to whom, and how much room a district has (R-CAP-1, R-CAP-2).

The arithmetic is exact. Doctor counts are full-time equivalents and may be fractional (``2.5``);
``norm × doctors`` is computed on :class:`fractions.Fraction` of the decimal the caller wrote, so
``1700 × 0.3`` is exactly 510 and never 509.999… floored to 509.

With ``remaining = floor(norm × doctors) − attached`` (R-CAP-2), a newcomer fits exactly when
``(attached + 1) / doctors ≤ norm``, i.e. when ``remaining ≥ 1``: being *at* the norm is allowed,
one above it refuses (R-CAP-1). An applicant already counted among ``attached`` adds nobody, so
fits when ``remaining ≥ 0``.

Which districts can serve a person follows their age on the submission date (R-CAP-2):

=========  ======================================  ==================================
age        district models that may serve them     why
=========  ======================================  ==================================
0–6        pediatric_0_6, pediatric_0_14, gp        the pediatric norms cover 0–6 and 0–14
7–14       pediatric_0_14, gp                       a 0–6 district no longer serves them
15–17      therapist, gp                            no pediatric norm covers them (see below)
18+        therapist, gp                            adults
=========  ======================================  ==================================

Interpretations: the norms of R-CAP-1 give pediatric districts the ages 0–6 or 0–14 only, so a
15–17-year-old is counted in a therapist (or GP) district, as adolescents are in Kazakhstan's
adult polyclinics; a child may always be attached to a GP district, whose "mixed population"
includes children, and is then counted against the GP norm of 1,700.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Final

from .models import DistrictFacts, DistrictModel, Norms

__all__ = [
    "ADULT_AGE",
    "DistrictLoad",
    "age_on",
    "assess",
    "best_district",
    "clinic_remaining",
    "load_per_doctor",
    "models_for_age",
    "remaining",
]

ADULT_AGE: Final = 18
"""A person under 18 is a child (R-DOC-2)."""


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on ``day``: the age increases on the birthday itself.

    Someone born on 29 February turns a year older on 28 February in a common year, following
    the Civil Code's rule that a period ending in a month without that date ends on the month's
    last day.

    Raises
    ------
    ValueError
        If ``day`` is before ``birth_date``.
    """
    if day < birth_date:
        raise ValueError(f"age_on: {day} is before the birth date {birth_date}")
    years = day.year - birth_date.year
    birthday_month, birthday_day = birth_date.month, birth_date.day
    if (birthday_month, birthday_day) == (2, 29) and not _is_leap(day.year):
        birthday_day = 28
    if (day.month, day.day) < (birthday_month, birthday_day):
        years -= 1
    return years


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def models_for_age(age: int) -> tuple[DistrictModel, ...]:
    """Return the district models that may serve a person of ``age``, best suited first.

    The order is :func:`best_district`'s preference: a specialist district before a GP one.
    """
    if age < 0:
        raise ValueError(f"models_for_age: age {age} is negative")
    if age <= 6:
        return (DistrictModel.PEDIATRIC_0_6, DistrictModel.PEDIATRIC_0_14, DistrictModel.GP)
    if age <= 14:
        return (DistrictModel.PEDIATRIC_0_14, DistrictModel.GP)
    return (DistrictModel.THERAPIST, DistrictModel.GP)


def _exact(doctors: float) -> Fraction:
    """Return the decimal the caller wrote, exactly (a float's ``repr`` is its shortest decimal)."""
    return Fraction(repr(doctors)) if isinstance(doctors, float) else Fraction(doctors)


def remaining(norm: int, doctors: float, attached: int) -> int:
    """R-CAP-2: ``floor(norm × doctors) − attached``; negative when already over the norm.

    Examples
    --------
    >>> remaining(500, 1, 499)
    1
    >>> remaining(2200, 2.5, 5500)
    0
    """
    return math.floor(norm * _exact(doctors)) - attached


def load_per_doctor(doctors: float, people: int) -> Fraction | None:
    """People per doctor, exactly; None when there is no doctor (nobody can be served)."""
    if doctors == 0:
        return None
    return Fraction(people) / _exact(doctors)


@dataclass(frozen=True)
class DistrictLoad:
    """One district's answer to "could it take this applicant?" (R-CAP-1, R-CAP-2).

    Parameters
    ----------
    district
        The facts it was computed from.
    norm
        The norm of its model.
    remaining
        ``floor(norm × doctors) − attached`` (R-CAP-2), before this applicant.
    people
        Attached people once the applicant is counted (not counted twice).
    per_doctor
        ``people / doctors``, or None without doctors.
    fits
        Whether the applicant fits: ``per_doctor ≤ norm`` (R-CAP-1).
    preference
        Rank of its model in :func:`models_for_age` for the applicant (0 suits best).
    """

    district: DistrictFacts
    norm: int
    remaining: int
    people: int
    per_doctor: Fraction | None
    fits: bool
    preference: int


def assess(
    districts: Iterable[DistrictFacts], *, age: int, norms: Norms
) -> tuple[DistrictLoad, ...]:
    """Return the loads of the districts that may serve a person of ``age``, in input order."""
    allowed = models_for_age(age)
    loads = []
    for district in districts:
        if district.model not in allowed:
            continue
        norm = norms.for_model(district.model)
        added = 0 if district.applicant_counted else 1
        room = remaining(norm, district.doctors, district.attached)
        loads.append(
            DistrictLoad(
                district=district,
                norm=norm,
                remaining=room,
                people=district.attached + added,
                per_doctor=load_per_doctor(district.doctors, district.attached + added),
                # Same as per_doctor <= norm, in integers: people <= floor(norm * doctors).
                fits=district.doctors > 0 and room >= added,
                preference=allowed.index(district.model),
            )
        )
    return tuple(loads)


def best_district(loads: Iterable[DistrictLoad]) -> DistrictLoad | None:
    """Choose the district to attach to, or to name in a refusal.

    A district that fits comes first; among those, the one the applicant is already counted in
    (attaching elsewhere would move them for nothing), then the model that suits the age best
    (:func:`models_for_age` order: a child goes to a pediatric district before a GP district),
    then the most room; ties by district ID, so the choice never depends on input order.
    """
    ordered = sorted(
        loads,
        key=lambda load: (
            not load.fits,
            not load.district.applicant_counted,
            load.preference,
            -load.remaining,
            load.district.district_id,
        ),
    )
    return ordered[0] if ordered else None


def clinic_remaining(
    districts: Iterable[DistrictFacts], *, norms: Norms
) -> dict[DistrictModel, int]:
    """R-CAP-2 per doctor kind for the whole clinic: ``floor(norm × Σdoctors) − Σattached``.

    This is the figure a citizen or planner sees per clinic; an individual application is
    decided per district (:func:`assess`), because a person joins one district's list.
    """
    doctors: dict[DistrictModel, Fraction] = {}
    attached: dict[DistrictModel, int] = {}
    for district in districts:
        doctors[district.model] = doctors.get(district.model, Fraction(0)) + _exact(
            district.doctors
        )
        attached[district.model] = attached.get(district.model, 0) + district.attached
    return {
        model: math.floor(norms.for_model(model) * doctors[model]) - attached[model]
        for model in DistrictModel
        if model in doctors
    }
