"""What-if scenarios: open a clinic, close one, add or remove doctors; compare side by side.

A scenario is a list of changes applied to the current plan (:func:`apply_scenario`):

- :class:`OpenClinic`: a clinic at a point, with one district per model given; it takes every
  building whose nearest accepting clinic (by travel time) it becomes, i.e. the people for
  whom it is now the closest clinic;
- :class:`CloseClinic`: its buildings go to their nearest remaining clinic that supplies both
  free packages and has the families they need, into that clinic's district whose territory
  holds the nearest of its buildings;
- :class:`SetDoctors`: a district's doctors (FTE).

Buildings move whole (adult and pediatric districts together) where the clinic they go to has
districts of both families. A new clinic of one family (a children's clinic) takes only the
families it serves, the adults keeping their district, and a building moves to a new clinic
only if nobody in it is left without a district for their age (:func:`_take`). The scenario
says *who loses home-visit cover*: people whose clinic changes while it stays open (their home
leaves its territory, R-TERR-2) and people whose clinic closes (they must re-attach, R-TIME-2
``organization_reorganized``). Registered counts move with the people: a district's
``attached`` changes by ``attach_ratio × served`` of what it gains or loses.

A scenario that leaves no clinic at all is refused (``no_clinic_left``), as is one that changes
the doctors of a district whose clinic it closes (``district_closed``).

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
from .common import AGE_BANDS, FAMILIES, FAMILY_OF_MODEL, PlanningError
from .data import PlanningRegion, travel_seconds
from .loads import district_load_table, residents_without_district, served_masks, served_residents

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
        """Headline numbers for :func:`compare_scenarios`.

        ``max_load_pct`` is ``inf`` when a district with people has no doctor: the worst load
        there is, which ``attached_without_doctor`` counts so it can be said in words
        ("no doctor for 2,691 people"). ``residents_without_territory`` counts people no
        district serves at their age, so adults left without an adult district count even
        where their children have one.
        """
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
            "attached_without_doctor": float(load["without_doctor"].sum()),
            "mean_own_min": float(
                np.average(access["own_min"][served], weights=people[served])
                if people[served].sum()
                else np.nan
            ),
            "mean_nearest_min": float(np.average(access["nearest_min"], weights=people + 1e-12)),
            "residents_without_territory": float(
                residents_without_district(self.planning, self.assignment).sum()
            ),
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
        longitude and latitude or lies more than 10 km beyond the region's buildings; for
        doctors set in a district whose clinic the scenario closes (``district_closed``), and
        for a scenario that leaves the region no clinic (``no_clinic_left``).
    """
    base = planning
    plan = (assignment if assignment is not None else planning.buildings[list(FAMILIES)]).copy()
    clinics = planning.clinics.copy()
    districts = planning.districts.copy()
    travel = planning.travel_s.copy()
    closed: set[str] = set()
    gone_with: dict[str, str] = {}  # district -> the clinic closed with it
    orphaned = np.zeros(len(plan), dtype=bool)  # buildings that lost a district to a closing
    for step, change in enumerate(changes):
        if isinstance(change, SetDoctors):
            _check_not_closed(change, districts, gone_with, changes[step + 1 :])
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
            gone_with.update(dict.fromkeys(map(str, gone), change.clinic_id))
            keep = np.flatnonzero(clinics.index != change.clinic_id)
            clinics = clinics.iloc[keep]
            travel = travel[:, keep]
            districts = districts.drop(index=gone)
            lost = {family: plan[family].isin(gone).to_numpy() for family in FAMILIES}
            for family, rows in lost.items():
                plan.loc[rows, family] = None
            orphaned |= lost["adult"] | lost["pediatric"]
            current = replace(base, clinics=clinics, districts=districts, travel_s=travel)
            # Adults go with their children where both lost their district. Children alone
            # (their adults' clinic stays open) go back to their adults' GP where it serves
            # them, else to the nearest clinic with a pediatric district.
            _reassign(current, plan, np.flatnonzero(lost["adult"]), "adult", lost["pediatric"])
            alone = np.flatnonzero(lost["pediatric"] & ~lost["adult"])
            uncovered = ~_covered(current, plan.iloc[alone]).all(axis=1)
            _reassign(current, plan, alone[uncovered], "pediatric", lost["adult"])
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
            _take(current, plan, winners, change.clinic_id)
        else:  # pragma: no cover - the type says it cannot happen
            raise PlanningError(f"apply_scenario: unknown change {change!r}")

    if len(clinics) == 0:
        # Nothing to compare: no load, no travel, everybody without a district.
        people = int(planning.buildings["residents"].to_numpy()[orphaned].sum())
        names = ", ".join(sorted(closed))
        raise PlanningError(
            f"apply_scenario: the scenario closes every clinic of the region ({names}), so no "
            f"clinic would remain to take their {people:,} residents; keep a clinic open or open "
            "a new one in the same scenario",
            code="no_clinic_left",
            params={"clinics": names, "people": people},
        )
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


def _check_not_closed(
    change: SetDoctors,
    districts: pd.DataFrame,
    gone_with: Mapping[str, str],
    later: Sequence[Change],
) -> None:
    """Refuse doctors for a district whose clinic the same scenario closes, before or after.

    Closed first, the district is gone and would be "no district D-01T1 in this region", which
    sends the planner looking for a typo; closed later, the new doctors would vanish unsaid.
    """
    clinic = gone_with.get(change.district_id)
    if clinic is None and change.district_id in districts.index:
        owner = str(districts.loc[change.district_id, "clinic_id"])
        if any(isinstance(c, CloseClinic) and c.clinic_id == owner for c in later):
            clinic = owner
    if clinic is not None:
        raise PlanningError(
            f"SetDoctors: district {change.district_id!r} belongs to clinic {clinic!r}, which "
            "this scenario closes; change its doctors in a scenario that keeps the clinic open",
            code="district_closed",
            params={"district": change.district_id, "clinic": clinic},
        )


def _reassign(
    current: PlanningRegion,
    plan: pd.DataFrame,
    rows: np.ndarray,
    family: str,
    along: np.ndarray,
) -> None:
    """Send ``family`` of buildings ``rows`` to their nearest accepting clinic having it.

    The other family goes along (into that clinic's district of it, or none there) where
    ``along`` (a mask over all buildings) says it lost its district too; a building no such
    clinic reaches keeps no district of ``family`` and counts as without a territory.
    """
    if len(rows) == 0:
        return
    clinics, districts = current.clinics, current.districts
    has_family = clinics.index.isin(districts.loc[districts["family"] == family, "clinic_id"])
    usable = clinics["shi_supplier"].to_numpy(dtype=bool) & has_family
    if not usable.any():
        return
    masked = np.where(usable[None, :], current.travel_s[rows], np.inf)
    best = np.argmin(masked, axis=1)
    reachable = np.isfinite(masked[np.arange(len(rows)), best])
    clinic_ids = clinics.index.to_numpy(dtype=object)
    other = "pediatric" if family == "adult" else "adult"
    for position in np.unique(best[reachable]):
        clinic_id = str(clinic_ids[position])
        chosen = rows[(best == position) & reachable]
        plan.loc[plan.index[chosen], family] = _nearest_member_district(
            current, plan, family, clinic_id, chosen
        )
        with_it = chosen[along[chosen]]
        plan.loc[plan.index[with_it], other] = _nearest_member_district(
            current, plan, other, clinic_id, with_it
        )


def _take(current: PlanningRegion, plan: pd.DataFrame, rows: np.ndarray, clinic_id: str) -> None:
    """Move buildings ``rows`` to the new clinic ``clinic_id`` where nobody in them loses cover.

    First the whole building (the families the clinic lacks left without a district: a GP
    district serves the children where its clinic has no pediatric one); where that would
    leave some age without a district (a children's clinic and the adults), only the families
    the clinic has, the others keeping theirs; where even that leaves some age uncovered (a
    0-6 clinic and the 7-14 of a 0-14 district), the building stays where it is.
    """
    if len(rows) == 0:
        return
    own = set(current.districts.loc[current.districts["clinic_id"] == clinic_id, "family"])
    now = plan.iloc[rows][list(FAMILIES)].copy()
    whole, partial = now.copy(), now.copy()
    for family in FAMILIES:
        if family in own:
            district = _nearest_member_district(current, plan, family, clinic_id, rows)
            whole[family] = district
            partial[family] = district
        else:
            whole[family] = None
    before = _covered(current, now)
    chosen = now.copy()
    for option in (partial, whole):  # the last that keeps everyone's cover wins
        keeps = ~(before & ~_covered(current, option)).any(axis=1)
        chosen.loc[keeps] = option.loc[keeps]
    plan.loc[chosen.index, list(FAMILIES)] = chosen


def _covered(planning: PlanningRegion, assignment: pd.DataFrame) -> np.ndarray:
    """``(len(assignment), 5)``: which age bands of each building some district serves."""
    masks = served_masks(planning, assignment)
    return masks["adult"] | masks["pediatric"]


def _recount(
    before: PlanningRegion, districts: pd.DataFrame, plan: pd.DataFrame, clinics: pd.DataFrame
) -> pd.DataFrame:
    """Registered counts follow the served residents a district gains or loses."""
    districts = districts.copy()
    ids = districts.index
    now = served_residents(replace(before, clinics=clinics, districts=districts), plan)
    served_now = now.reindex(ids).to_numpy(np.float64)
    served_then = served_residents(before).reindex(ids, fill_value=0.0).to_numpy(np.float64)
    delta = np.round((served_now - served_then) * districts["attach_ratio"].to_numpy(np.float64))
    attached = districts["attached"].to_numpy(np.int64) + delta.astype(np.int64)
    districts["attached"] = np.maximum(attached, 0)
    districts["residents"] = np.round(served_now).astype(np.int64)
    districts["remaining"] = [
        remaining(int(n), float(d), int(a))
        for n, d, a in zip(
            districts["norm"], districts["doctors"], districts["attached"], strict=True
        )
    ]
    return districts


def _clinic_by_band(planning: PlanningRegion, assignment: pd.DataFrame) -> np.ndarray:
    """``(n_buildings, 5)`` object: the clinic whose district serves each age band, or None."""
    clinic_of = planning.districts["clinic_id"]
    result = np.full((len(assignment), len(AGE_BANDS)), None, dtype=object)
    for family, mask in served_masks(planning, assignment).items():
        clinic = assignment[family].map(clinic_of).to_numpy(dtype=object)
        result = np.where(mask, clinic[:, None], result)
    return result


def _cover(
    before: PlanningRegion, after: PlanningRegion, plan: pd.DataFrame, closed: set[str]
) -> pd.DataFrame:
    """Buildings whose clinic changed for some of their people, and why they lose cover.

    Counted by age band, so a children's clinic taking a building's children counts them and
    not their parents, who keep their clinic; the clinics named are those of the oldest
    people whose clinic changed (the adults', where theirs did).
    """
    then = _clinic_by_band(before, before.buildings[list(FAMILIES)])
    now = _clinic_by_band(after, plan)
    bands = before.buildings[list(AGE_BANDS)].to_numpy(np.int64)
    moved = ~pd.isna(then) & (then != now)
    changed = moved.any(axis=1)
    rows = np.flatnonzero(changed)
    oldest = len(AGE_BANDS) - 1 - np.argmax(moved[rows, ::-1], axis=1)
    frame = pd.DataFrame(
        {
            "clinic_before": then[rows, oldest],
            "clinic_after": now[rows, oldest],
            "residents": (bands * moved).sum(axis=1)[rows],
        },
        index=before.buildings.index[rows],
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
