"""Doctor load against the norms, residents, and travel to one's own clinic, for the planner.

Small pure functions over the region's layers, each returning a frame or series on its input's
index (momepy's convention), so a page or notebook can join the result back to the geometry and
draw it. The rules' arithmetic is reused, never restated: per-doctor norms come from
:class:`~catchments.models.Norms` and "remaining" is R-CAP-2's exact
``floor(norm × doctors) − attached`` of :mod:`catchments.capacity`.

Reading of R-CAP-1 for a planner: a district's *load* is ``attached / doctors`` people per doctor,
shown as a percentage of its model's norm (100 % is exactly at the norm, which R-CAP-1 still
allows); a district without doctors has no load figure (``NaN``) and no room.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from catchments.capacity import clinic_remaining, remaining
from catchments.models import DistrictFacts, DistrictModel, Norms
from geo.network import Mode, StreetNetwork
from geo.schema import AGE_BANDS

__all__ = [
    "LOAD_COLUMNS",
    "LoadError",
    "clinic_load",
    "district_load",
    "minutes_to_own_clinic",
    "residents",
]

LOAD_COLUMNS = ("norm", "people_per_doctor", "pct_of_norm", "remaining")
"""The columns :func:`district_load` adds, in order."""


class LoadError(ValueError):
    """Layers the load cannot be computed from; the message names the column and the fix."""


def _require(frame: pd.DataFrame, columns: Iterable[str], *, function: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise LoadError(
            f"{function}: missing column(s) {', '.join(missing)}; the frame has "
            f"{', '.join(map(str, frame.columns))} (see geo/schema.py)"
        )


def _norm_of(model: object, norms: Norms, *, function: str) -> int:
    try:
        return norms.for_model(DistrictModel(str(model)))
    except ValueError:
        known = ", ".join(member.value for member in DistrictModel)
        raise LoadError(f"{function}: unknown district model {model!r}; expected {known}") from None


def district_load(districts: pd.DataFrame, norms: Norms) -> pd.DataFrame:
    """Each district's load against the norm of its model (R-CAP-1, R-CAP-2).

    Parameters
    ----------
    districts
        ``model``, ``doctors`` (full-time equivalents) and ``attached`` per district, e.g. the
        ``districts`` layer.
    norms
        The region's norms (``RegionServices.settings.norms``).

    Returns
    -------
    pandas.DataFrame
        On the districts' index: ``norm`` (people per doctor allowed), ``people_per_doctor``
        (``attached / doctors``, NaN without doctors), ``pct_of_norm`` (``100 ×
        people_per_doctor / norm``) and ``remaining`` (R-CAP-2, negative when over the norm).

    Examples
    --------
    A therapist district of 2 doctors with 3,300 attached: 1,650 per doctor, 75 % of 2,200,
    room for ``4,400 − 3,300 = 1,100`` more.
    """
    function = "district_load"
    _require(districts, ("model", "doctors", "attached"), function=function)
    norm = np.array([_norm_of(m, norms, function=function) for m in districts["model"]])
    doctors = districts["doctors"].to_numpy(dtype=float)
    attached = districts["attached"].to_numpy(dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_doctor = np.where(doctors > 0, attached / doctors, np.nan)
    room = [
        remaining(int(n), float(d), int(a)) for n, d, a in zip(norm, doctors, attached, strict=True)
    ]
    return pd.DataFrame(
        {
            "norm": norm,
            "people_per_doctor": per_doctor,
            "pct_of_norm": 100.0 * per_doctor / norm,
            "remaining": np.asarray(room, dtype=np.int64),
        },
        index=districts.index,
    )


def clinic_load(districts: pd.DataFrame, norms: Norms) -> pd.DataFrame:
    """Each clinic's load per doctor kind: its districts of one model added up (R-CAP-2).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(clinic_id, model)``, sorted: ``districts`` (count), ``doctors``,
        ``attached``, then the columns of :func:`district_load` for the sums. ``remaining`` is
        :func:`catchments.capacity.clinic_remaining`, exact for fractional doctor counts.
    """
    function = "clinic_load"
    _require(districts, ("clinic_id", "model", "doctors", "attached"), function=function)
    rows: list[dict[str, Any]] = []
    for (clinic_id, model), group in districts.groupby(["clinic_id", "model"], sort=True):
        norm = _norm_of(model, norms, function=function)
        facts = [
            DistrictFacts(
                district_id=str(position),
                model=DistrictModel(str(model)),
                doctors=float(doctors),
                attached=int(attached),
            )
            for position, (doctors, attached) in enumerate(
                zip(group["doctors"], group["attached"], strict=True)
            )
        ]
        doctors = float(group["doctors"].astype(float).sum())
        attached = int(group["attached"].sum())
        per_doctor = attached / doctors if doctors > 0 else np.nan
        rows.append(
            {
                "clinic_id": str(clinic_id),
                "model": str(model),
                "districts": len(group),
                "doctors": doctors,
                "attached": attached,
                "norm": norm,
                "people_per_doctor": per_doctor,
                "pct_of_norm": 100.0 * per_doctor / norm,
                "remaining": clinic_remaining(facts, norms=norms)[DistrictModel(str(model))],
            }
        )
    columns = ["clinic_id", "model", "districts", "doctors", "attached", *LOAD_COLUMNS]
    return pd.DataFrame(rows, columns=columns).set_index(["clinic_id", "model"])


def residents(buildings: pd.DataFrame) -> pd.Series:
    """People living in each building: the sum of its age bands (``geo.schema.AGE_BANDS``)."""
    _require(buildings, AGE_BANDS, function="residents")
    total = buildings[list(AGE_BANDS)].sum(axis=1).astype(np.int64)
    return total.rename("residents")


def minutes_to_own_clinic(
    network: StreetNetwork,
    places: gpd.GeoDataFrame,
    clinic_of: pd.Series,
    clinics: gpd.GeoDataFrame,
    *,
    mode: Mode = "walk",
) -> pd.Series:
    """Travel minutes from each place (a building) to the clinic that serves it.

    One shortest-path search per clinic, from the clinic to the places it serves (walking is
    the same both ways; for ``drive``, one-way streets make this the clinic-to-home time, the
    way a home visit travels).

    Parameters
    ----------
    network
        The region's street network.
    places
        Points or polygons with a CRS, e.g. ``buildings``.
    clinic_of
        On ``places``' index: the serving clinic's ID, or None/NaN where none serves (such
        places get NaN).
    clinics
        ``clinic_id`` and point geometry.
    mode
        ``walk`` or ``drive``.

    Returns
    -------
    pandas.Series
        Minutes on ``places``' index (``inf`` when the clinic cannot be reached by the streets).

    Raises
    ------
    LoadError
        When ``clinic_of`` names a clinic that ``clinics`` does not have.
    """
    function = "minutes_to_own_clinic"
    _require(clinics, ("clinic_id",), function=function)
    if not clinic_of.index.equals(places.index):
        raise LoadError(f"{function}: clinic_of must be on the places' index")
    located = clinics.set_index("clinic_id").geometry
    unknown = sorted(set(clinic_of.dropna().astype(str)) - set(located.index.astype(str)))
    if unknown:
        raise LoadError(
            f"{function}: clinic_of names clinic(s) {', '.join(unknown)} that clinics lacks"
        )
    minutes = pd.Series(np.nan, index=places.index, name="minutes")
    for clinic_id, served in clinic_of.dropna().groupby(clinic_of.dropna().astype(str)):
        targets = places.loc[served.index]
        seconds = network.travel_times_from(located[clinic_id], mode, targets)
        minutes.loc[served.index] = seconds.to_numpy() / 60.0
    return minutes
