"""What-if scenarios: open a clinic, close one, add or remove doctors; compare side by side.

A scenario is a list of changes applied to the current plan (:func:`apply_scenario`):

- :class:`OpenClinic`: a clinic at a point, with one district per model given; it takes every
  building whose nearest accepting clinic (by travel time) it becomes, i.e. the people for
  whom it is now the closest clinic;
- :class:`CloseClinic`: its buildings go to their nearest remaining clinic that supplies both
  free packages and has the families they need, into that clinic's district whose territory
  holds the nearest of its buildings;
- :class:`SetDoctors`: a district's doctors (FTE).

Buildings move whole (adult and pediatric districts together), so the scenario says *who
loses home-visit cover*: people whose clinic changes while it stays open (their home leaves
its territory, R-TERR-2) and people whose clinic closes (they must re-attach, R-TIME-2
``organization_reorganized``). Registered counts move with the people: a district's
``attached`` changes by ``attach_ratio × served`` of what it gains or loses.

A scenario redraws territories building by building and does not enforce norms: run
:func:`catchments.planning.rebalance.rebalance` on the result's region to fix loads.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.spatial import cKDTree

from catchments.capacity import remaining
from catchments.models import DistrictModel

from .accessibility import building_accessibility
from .common import FAMILIES, FAMILY_OF_MODEL, PlanningError
from .data import PlanningRegion, travel_seconds
from .loads import district_load_table

__all__ = [
    "Change",
    "CloseClinic",
    "OpenClinic",
    "ScenarioResult",
    "SetDoctors",
    "apply_scenario",
    "compare_scenarios",
    "with_doctors",
]


@dataclass(frozen=True)
class OpenClinic:
    """Open a clinic at ``(lon, lat)`` (EPSG:4326) with ``doctors`` FTE per district model."""

    clinic_id: str
    lon: float
    lat: float
    doctors: Mapping[str, float] = field(default_factory=lambda: {"gp": 4.0})
    name: str = ""
    shi_supplier: bool = True


@dataclass(frozen=True)
class CloseClinic:
    """Close a clinic: its districts disappear and its buildings go to their nearest clinic."""

    clinic_id: str


MAX_DISTRICT_FTE: Final = 100.0
"""The most doctors (FTE) a district's post count can be set to: a district has one post or a
few, so more is a typo (1e12 was taken, and 1e308 overflowed the load table)."""


@dataclass(frozen=True)
class SetDoctors:
    """Set a district's doctors (FTE); ``0.0`` leaves it without a doctor."""

    district_id: str
    doctors: float


Change = OpenClinic | CloseClinic | SetDoctors


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """A scenario applied.

    Attributes
    ----------
    name
        The scenario's name.
    planning
        The region after the changes (clinics, districts, travel times).
    assignment
        Per building: ``adult`` and ``pediatric`` district after the changes.
    load
        :func:`catchments.planning.loads.district_load_table` after the changes.
    accessibility
        :func:`catchments.planning.accessibility.building_accessibility` after the changes.
    cover
        Per building whose clinic changed: ``clinic_before``, ``clinic_after``, ``residents``
        and ``reason`` (``clinic_changed``: no home visits from the old clinic any more;
        ``clinic_closed``: must re-attach).
    """

    name: str
    planning: PlanningRegion
    assignment: pd.DataFrame
    load: pd.DataFrame
    accessibility: pd.DataFrame
    cover: pd.DataFrame

    def summary(self) -> dict[str, float]:
        """Headline numbers for :func:`compare_scenarios`."""
        load, access = self.load, self.accessibility
        people = access["residents"].to_numpy(np.float64)
        served = access["own_min"].notna().to_numpy()
        lost = self.cover.groupby("reason")["residents"].sum()
        return {
            "clinics": float(len(self.planning.clinics)),
            "districts": float(len(load)),
            "doctors": float(load["doctors"].sum()),
            "districts_over_norm": float(load["over_norm"].sum()),
            "attached_over_norm": float((-load["remaining"].clip(upper=0)).sum()),
            "max_load_pct": float(load["pct_of_norm"].max()),
            "mean_own_min": float(
                np.average(access["own_min"][served], weights=people[served])
                if people[served].sum()
                else np.nan
            ),
            "mean_nearest_min": float(np.average(access["nearest_min"], weights=people + 1e-12)),
            "residents_without_territory": float(people[~served].sum()),
            "median_doctors_per_10k": float(access["doctors_per_10k"].median()),
            "lose_home_visits": float(lost.get("clinic_changed", 0)),
            "must_reattach": float(lost.get("clinic_closed", 0)),
        }


def _nearest_member_district(
    planning: PlanningRegion,
    assignment: pd.DataFrame,
    family: str,
    clinic_id: str,
    rows: np.ndarray,
) -> np.ndarray:
    """For buildings ``rows``, the district of ``clinic_id`` holding its nearest building."""
    districts = planning.districts
    mine = districts.index[(districts["clinic_id"] == clinic_id) & (districts["family"] == family)]
    result = np.full(len(rows), None, dtype=object)
    if len(mine) == 0:
        return result
    members = np.flatnonzero(assignment[family].isin(mine).to_numpy())
    members = np.setdiff1d(members, rows)
    xy = planning.buildings[["x", "y"]].to_numpy()
    if len(members) == 0:
        result[:] = mine[0]
        return result
    _, nearest = cKDTree(xy[members]).query(xy[rows])
    result[:] = assignment[family].to_numpy(dtype=object)[members[np.asarray(nearest)]]
    return result


def apply_scenario(
    planning: PlanningRegion,
    changes: Sequence[Change],
    *,
    name: str = "scenario",
    assignment: pd.DataFrame | None = None,
    cutoff_min: float = 30.0,
) -> ScenarioResult:
    """Apply changes to the current plan and recompute load, accessibility and cover.

    Parameters
    ----------
    planning
        The prepared region.
    changes
        Applied in order.
    name
        The scenario's name in comparisons.
    assignment
        The plan to start from (default: the current districts).
    cutoff_min
        The 2SFCA catchment.

    Returns
    -------
    ScenarioResult

    Raises
    ------
    PlanningError
        For an unknown clinic or district, a clinic id already used, an unknown model, a
        negative doctor count, a new clinic without positive FTE or at a point that is not a
        longitude and latitude or lies more than 10 km beyond the region's buildings.
    """
    base = planning
    plan = (assignment if assignment is not None else planning.buildings[list(FAMILIES)]).copy()
    clinics = planning.clinics.copy()
    districts = planning.districts.copy()
    travel = planning.travel_s.copy()
    closed: set[str] = set()
    for change in changes:
        if isinstance(change, SetDoctors):
            if change.district_id not in districts.index:
                raise PlanningError(
                    f"SetDoctors: no district {change.district_id!r}",
                    code="no_district",
                    params={"district": change.district_id},
                )
            if not 0 <= change.doctors <= MAX_DISTRICT_FTE:
                raise PlanningError(
                    f"SetDoctors: doctors must be from 0 to {MAX_DISTRICT_FTE:g} FTE, got "
                    f"{change.doctors}",
                    code="doctors_negative" if change.doctors < 0 else "doctors_implausible",
                    params={
                        "district": change.district_id,
                        "doctors": change.doctors,
                        "current": float(districts.loc[change.district_id, "doctors"]),
                    },
                )
            districts.loc[change.district_id, "doctors"] = float(change.doctors)
        elif isinstance(change, CloseClinic):
            if change.clinic_id not in clinics.index:
                raise PlanningError(
                    f"CloseClinic: no clinic {change.clinic_id!r}",
                    code="no_clinic",
                    params={"clinic": change.clinic_id},
                )
            closed.add(change.clinic_id)
            gone = districts.index[districts["clinic_id"] == change.clinic_id]
            keep = np.flatnonzero(clinics.index != change.clinic_id)
            clinics = clinics.iloc[keep]
            travel = travel[:, keep]
            districts = districts.drop(index=gone)
            orphans = np.flatnonzero(
                (plan["adult"].isin(gone) | plan["pediatric"].isin(gone)).to_numpy()
            )
            plan.loc[plan.index[orphans], list(FAMILIES)] = None
            current = replace(base, clinics=clinics, districts=districts, travel_s=travel)
            _reassign(current, plan, orphans, candidates=None)
        elif isinstance(change, OpenClinic):
            if change.clinic_id in clinics.index:
                raise PlanningError(f"OpenClinic: clinic id {change.clinic_id!r} already exists")
            unknown = [m for m in change.doctors if m not in FAMILY_OF_MODEL]
            if unknown or not change.doctors:
                raise PlanningError(
                    f"OpenClinic: doctors must map district models ({', '.join(FAMILY_OF_MODEL)})"
                    f" to FTE; got {dict(change.doctors)}"
                )
            bad_fte = {
                m: v for m, v in change.doctors.items() if not 0 < float(v) <= MAX_DISTRICT_FTE
            }
            if bad_fte:
                raise PlanningError(
                    f"OpenClinic: doctors must be positive FTE, at most {MAX_DISTRICT_FTE:g} a "
                    f"district; got {bad_fte}"
                )
            if not (-180 <= change.lon <= 180 and -90 <= change.lat <= 90):
                raise PlanningError(
                    f"OpenClinic: ({change.lon}, {change.lat}) is not a longitude and latitude "
                    "in degrees (EPSG:4326, longitude first)"
                )
            to_metric = Transformer.from_crs("EPSG:4326", planning.crs, always_xy=True)
            x, y = to_metric.transform(change.lon, change.lat)
            _check_near_buildings(planning, x, y, change)
            if planning.network is None:
                raise PlanningError("OpenClinic: the region was prepared without a network")
            column = travel_seconds(
                planning.network,
                planning.mode,
                planning.buildings[["x", "y"]].to_numpy(),
                np.array([[x, y]]),
            )
            models = tuple(sorted(change.doctors))
            clinics = pd.concat(
                [
                    clinics,
                    pd.DataFrame(
                        {
                            "name_ru": [change.name or change.clinic_id],
                            "name_kk": [change.name or change.clinic_id],
                            "x": [x],
                            "y": [y],
                            "settlement_id": [None],
                            "shi_supplier": [change.shi_supplier],
                            "models": [models],
                        },
                        index=pd.Index([change.clinic_id], name="clinic_id"),
                    ),
                ]
            )
            travel = np.hstack([travel, column])
            ratio = planning.districts.groupby("model")["attach_ratio"].first()
            new_rows = []
            for model, doctors in change.doctors.items():
                norm = planning.norms.for_model(DistrictModel(model))
                new_rows.append(
                    {
                        "district_id": f"{change.clinic_id}-{model}",
                        "clinic_id": change.clinic_id,
                        "model": model,
                        "doctors": float(doctors),
                        "attached": 0,
                        "family": FAMILY_OF_MODEL[model],
                        "norm": norm,
                        "residents": 0,
                        "attach_ratio": float(ratio.get(model, 1.0)),
                        "remaining": 0,
                        "geometry": shapely.Point(x, y),
                    }
                )
            added = pd.DataFrame(new_rows).set_index("district_id")
            districts = pd.concat([districts, added])
            current = replace(base, clinics=clinics, districts=districts, travel_s=travel)
            # Buildings for which the new clinic is now the nearest accepting one.
            accepts = clinics["shi_supplier"].to_numpy(dtype=bool)
            masked = np.where(accepts[None, :], travel, np.inf)
            winners = np.flatnonzero(np.argmin(masked, axis=1) == len(clinics) - 1)
            _reassign(current, plan, winners, candidates=[change.clinic_id])
        else:  # pragma: no cover - the type says it cannot happen
            raise PlanningError(f"apply_scenario: unknown change {change!r}")

    districts = _recount(planning, districts, plan, clinics)
    after = replace(base, clinics=clinics, districts=districts, travel_s=travel)
    load = district_load_table(after, plan)
    access = building_accessibility(after, assignment=plan, cutoff_min=cutoff_min)
    cover = _cover(planning, after, plan, closed)
    return ScenarioResult(
        name=name, planning=after, assignment=plan, load=load, accessibility=access, cover=cover
    )


_MAX_OUTSIDE_M: Final = 10_000.0
"""How far beyond the box around a region's buildings a new clinic may stand (a suburb's edge,
a village across the border); farther is taken for a typo, e.g. latitude and longitude swapped."""


def _check_near_buildings(planning: PlanningRegion, x: float, y: float, change: OpenClinic) -> None:
    """Refuse a new clinic far outside the region: it would silently serve nobody."""
    bx, by = planning.buildings["x"].to_numpy(), planning.buildings["y"].to_numpy()
    if not len(bx):
        return
    dx = max(float(bx.min()) - x, 0.0, x - float(bx.max()))
    dy = max(float(by.min()) - y, 0.0, y - float(by.max()))
    outside = math.hypot(dx, dy)
    if not outside <= _MAX_OUTSIDE_M:
        raise PlanningError(
            f"OpenClinic: ({change.lon}, {change.lat}) is {outside / 1000:,.0f} km outside the "
            "region's buildings; check the point (longitude first, then latitude)",
            code="point_outside",
            params={"lon": change.lon, "lat": change.lat, "km": round(outside / 1000)},
        )


def _reassign(
    current: PlanningRegion, plan: pd.DataFrame, rows: np.ndarray, *, candidates: list[str] | None
) -> None:
    """Send buildings ``rows`` to their nearest accepting clinic (among ``candidates``)."""
    if len(rows) == 0:
        return
    clinics = current.clinics
    usable = clinics["shi_supplier"].to_numpy(dtype=bool) & np.array(
        [len(models) > 0 for models in clinics["models"]]
    )
    if candidates is not None:
        usable &= clinics.index.isin(candidates)
    masked = np.where(usable[None, :], current.travel_s[rows], np.inf)
    best = np.argmin(masked, axis=1)
    reachable = np.isfinite(masked[np.arange(len(rows)), best])
    clinic_ids = clinics.index.to_numpy(dtype=object)
    for position in np.unique(best[reachable]):
        clinic_id = str(clinic_ids[position])
        chosen = rows[(best == position) & reachable]
        for family in FAMILIES:
            plan.loc[plan.index[chosen], family] = _nearest_member_district(
                current, plan, family, clinic_id, chosen
            )


def _recount(
    before: PlanningRegion, districts: pd.DataFrame, plan: pd.DataFrame, clinics: pd.DataFrame
) -> pd.DataFrame:
    """Registered counts follow the served residents a district gains or loses."""
    districts = districts.copy()
    buildings = before.buildings
    bands = buildings[["pop_0_6", "pop_7_14", "pop_15_17", "pop_18_62", "pop_63_plus"]]
    bands_np = bands.to_numpy(np.int64)
    from .common import served_bands  # noqa: PLC0415 (kept next to its only use)

    for district_id, row in districts.iterrows():
        mask = served_bands(str(row["model"]), clinics.loc[row["clinic_id"], "models"])
        inside = (plan[row["family"]] == district_id).to_numpy()
        served_now = int(bands_np[inside][:, mask].sum())
        if district_id in before.districts.index:
            old_inside = (buildings[row["family"]] == district_id).to_numpy()
            old_mask = served_bands(
                str(row["model"]), before.clinics.loc[row["clinic_id"], "models"]
            )
            served_then = int(bands_np[old_inside][:, old_mask].sum())
        else:
            served_then = 0
        delta = round((served_now - served_then) * float(row["attach_ratio"]))
        districts.loc[district_id, "attached"] = max(0, int(row["attached"]) + delta)
        districts.loc[district_id, "residents"] = served_now
    districts["attached"] = districts["attached"].astype(np.int64)
    districts["remaining"] = [
        remaining(int(n), float(d), int(a))
        for n, d, a in zip(
            districts["norm"], districts["doctors"], districts["attached"], strict=True
        )
    ]
    return districts


def _cover(
    before: PlanningRegion, after: PlanningRegion, plan: pd.DataFrame, closed: set[str]
) -> pd.DataFrame:
    """Buildings whose clinic changed, and why their people lose home-visit cover."""

    def clinic_of(assignment: pd.DataFrame, districts: pd.DataFrame) -> pd.Series:
        own = assignment["adult"].where(assignment["adult"].notna(), assignment["pediatric"])
        return own.map(districts["clinic_id"])

    then = clinic_of(before.buildings[list(FAMILIES)], before.districts)
    now = clinic_of(plan, after.districts)
    changed = then.notna() & (then != now)
    frame = pd.DataFrame(
        {
            "clinic_before": then[changed],
            "clinic_after": now[changed],
            "residents": before.buildings.loc[changed, "residents"],
        }
    )
    frame["reason"] = np.where(
        frame["clinic_before"].isin(closed), "clinic_closed", "clinic_changed"
    )
    return frame


def compare_scenarios(results: Sequence[ScenarioResult]) -> pd.DataFrame:
    """Scenarios side by side: one column per scenario, one row per headline number."""
    if not results:
        raise PlanningError("compare_scenarios: give at least one scenario")
    return pd.DataFrame({result.name: result.summary() for result in results})


def with_doctors(planning: PlanningRegion, doctors: Mapping[str, float]) -> PlanningRegion:
    """The region with these districts' doctors (FTE) set, for a rebalancing to run on.

    A report says what no plan can fix ("C-04 needs 0.5 more pediatricians"); a planner tries
    the posts out before they are filled by rebalancing with them. Territories stay as they
    are, so today's tiles still describe the region.

    Raises
    ------
    PlanningError
        For an unknown district or a negative count (:class:`SetDoctors`).
    """
    if not doctors:
        return planning
    changes = [SetDoctors(district_id, float(fte)) for district_id, fte in doctors.items()]
    return apply_scenario(planning, changes, name="doctors").planning
