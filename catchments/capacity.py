"""Doctor capacity: which norm applies to whom, and how much room a district has (R-CAP-1, R-CAP-2).

The arithmetic is exact. Doctor counts are full-time equivalents and may be fractional (``2.5``);
``norm × doctors`` is computed on :class:`fractions.Fraction` of the decimal the caller wrote, so
``1700 × 0.3`` is exactly 510 and never 509.999… floored to 509.

With ``remaining = floor(norm × doctors) − attached`` (R-CAP-2), a newcomer fits exactly when
``(attached + 1) / doctors ≤ norm``, i.e. when ``remaining ≥ 1``: being *at* the norm is allowed,
one above it refuses (R-CAP-1). An applicant already counted among ``attached`` adds nobody, so
always fits: adding nobody cannot exceed a norm (R-ORG-3: their application changes nothing).

Which districts serve a person follows their age on the submission date and the clinic's district
models (R-CAP-2: "GP for mixed districts, therapist for adults, pediatrician for children"); this
module's :func:`serves` is the one definition, which the rules engine and planning
(:func:`catchments.planning.common.served_bands`) both use:

==============  ==========  ===========================================================
model           ages        serves them
==============  ==========  ===========================================================
pediatric_0_6   0–6         always
pediatric_0_14  0–14        always
therapist       15 and up   always
gp              any         only when no pediatric district of the clinic serves the age
==============  ==========  ===========================================================

so for a child of 0–6 the candidates are pediatric_0_6 and pediatric_0_14 districts, and a GP
district only in a clinic with neither; for 7–14, pediatric_0_14, and GP only without one; from
15, therapist and GP.

Interpretations: the norms of R-CAP-1 give pediatric districts the ages 0–6 or 0–14 only, so a
15–17-year-old is counted in a therapist (or GP) district, as adolescents are in Kazakhstan's
adult polyclinics. A GP district's "mixed population" includes the children of a clinic without
pediatricians for their age, counted against the GP norm of 1,700; where the clinic has a
pediatric district for the age, its children belong to that district's list and norm (500 or
900), and a full pediatric district refuses them rather than overflowing into a GP list. The
clinic's models are those of the districts given (:func:`assess`): a caller offering only some of
the clinic's districts offers those that serve the age (``catchments.service`` does).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Final

from .models import DistrictFacts, DistrictModel, Norms

__all__ = [
    "ADULT_AGE",
    "AGES",
    "DistrictLoad",
    "age_on",
    "assess",
    "best_district",
    "clinic_remaining",
    "load_per_doctor",
    "models_for_age",
    "remaining",
    "serves",
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


AGES: Final[Mapping[DistrictModel, tuple[int, int | None]]] = {
    DistrictModel.PEDIATRIC_0_6: (0, 6),
    DistrictModel.PEDIATRIC_0_14: (0, 14),
    DistrictModel.THERAPIST: (15, None),
    DistrictModel.GP: (0, None),
}
"""The ages, first and last (None: no upper limit), a district of each model may serve
(R-CAP-1's norms); whether a GP district does serve a child also depends on its clinic
(:func:`serves`)."""

_PREFERENCE: Final = (
    DistrictModel.PEDIATRIC_0_6,
    DistrictModel.PEDIATRIC_0_14,
    DistrictModel.THERAPIST,
    DistrictModel.GP,
)
_PEDIATRIC: Final = frozenset({DistrictModel.PEDIATRIC_0_6, DistrictModel.PEDIATRIC_0_14})


def _in_ages(model: DistrictModel, age: int) -> bool:
    first, last = AGES[model]
    return first <= age and (last is None or age <= last)


def serves(model: DistrictModel, age: int, clinic_models: Iterable[DistrictModel]) -> bool:
    """R-CAP-2: whether a district of ``model`` serves a person of ``age`` in its clinic.

    ``clinic_models`` are the models of the clinic's districts (``model`` among them or not). A
    pediatric or therapist district serves the ages of :data:`AGES`; a GP district serves
    everyone no pediatric district of the same clinic serves, so a GP district of a clinic with
    0–6 pediatricians serves 7 and over, and one of a clinic with 0–14 pediatricians 15 and over.

    Examples
    --------
    >>> serves(DistrictModel.GP, 3, [DistrictModel.GP])
    True
    >>> serves(DistrictModel.GP, 3, [DistrictModel.GP, DistrictModel.PEDIATRIC_0_6])
    False
    >>> serves(DistrictModel.GP, 7, [DistrictModel.GP, DistrictModel.PEDIATRIC_0_6])
    True
    """
    if age < 0:
        raise ValueError(f"serves: age {age} is negative")
    if not _in_ages(model, age):
        return False
    if model is DistrictModel.GP:
        return not any(other in _PEDIATRIC and _in_ages(other, age) for other in clinic_models)
    return True


def models_for_age(
    age: int, clinic_models: Iterable[DistrictModel] | None = None
) -> tuple[DistrictModel, ...]:
    """Return the district models that may serve a person of ``age``, best suited first.

    Without ``clinic_models``, every model whose ages (:data:`AGES`) include ``age``: who serves
    such a person in some clinic. With them, only the models that serve the person in a clinic
    with districts of those models (:func:`serves`): a child goes to a GP district only when the
    clinic has no pediatric district for their age.

    The order is :func:`best_district`'s preference: a specialist district before a GP one.
    """
    if age < 0:
        raise ValueError(f"models_for_age: age {age} is negative")
    models = tuple(model for model in _PREFERENCE if _in_ages(model, age))
    if clinic_models is None:
        return models
    present = frozenset(clinic_models)
    return tuple(model for model in models if serves(model, age, present))


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
        Whether the applicant fits: ``per_doctor ≤ norm`` (R-CAP-1), or they are already counted
        in it (adding nobody cannot exceed a norm, R-ORG-3).
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
    """Return the loads of the districts that serve a person of ``age``, in input order.

    The clinic's district models are read from ``districts`` (:func:`serves`), so give every
    district of the clinic or only those that serve the age (``catchments.service`` does): a GP
    district given without the clinic's pediatric districts would be taken to serve its
    children.
    """
    districts = tuple(districts)
    allowed = models_for_age(age, (district.model for district in districts))
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
                # Same as per_doctor <= norm, in integers: people <= floor(norm * doctors); one
                # already counted adds nobody, so fits even in a district over its norm.
                fits=added == 0 or (district.doctors > 0 and room >= added),
                preference=allowed.index(district.model),
            )
        )
    return tuple(loads)


def best_district(loads: Iterable[DistrictLoad]) -> DistrictLoad | None:
    """Choose the district to attach to, or to name in a refusal.

    A district that fits comes first; among those, the one the applicant is already counted in
    (it always fits: they stay where they are, R-ORG-3), then the model that suits the age best
    (:func:`models_for_age` order: a 0–6 district before a 0–14 one, a therapist before a GP),
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
