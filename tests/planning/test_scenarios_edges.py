"""What-if scenarios at their edges, on the demo region: what a planner can ask from the form.

Closing the region's only clinic, a district left without a doctor, a clinic for children
only, doctors changed in a district whose clinic closes: each gives a worded refusal or a
result whose headline numbers say what happened (no traceback, no ``nan`` or skipped district).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest

from catchments.planning import (
    CloseClinic,
    OpenClinic,
    PlanningError,
    PlanningRegion,
    SetDoctors,
    apply_scenario,
    district_load_table,
    prepare,
)
from catchments.planning.common import AGE_BANDS, FAMILIES
from catchments.planning.scenarios import Change
from geo.package import read_region

ROOT = Path(__file__).resolve().parents[2]
CHILDREN = OpenClinic("NEW", 70.45, 50.30, {"pediatric_0_6": 1.0})  # between C-06, C-08, C-10


@pytest.fixture(scope="module")
def planning() -> PlanningRegion:
    return prepare(read_region(ROOT / "data" / "demo", validate=False))


def _one_clinic(planning: PlanningRegion, clinic_id: str) -> PlanningRegion:
    """The demo cut down to one clinic and the buildings of its districts: a village's region."""
    districts = planning.districts[planning.districts["clinic_id"] == clinic_id]
    inside = planning.buildings["adult"].isin(districts.index).to_numpy()
    column = list(planning.clinics.index).index(clinic_id)
    return dataclasses.replace(
        planning,
        buildings=planning.buildings[inside],
        districts=districts,
        clinics=planning.clinics.loc[[clinic_id]],
        travel_s=planning.travel_s[inside][:, [column]],
    )


def test_closing_the_only_clinic_is_refused_naming_why(planning: PlanningRegion) -> None:
    village = _one_clinic(planning, "C-12")
    assert apply_scenario(village, []).summary()["clinics"] == 1
    with pytest.raises(PlanningError, match="no clinic would remain to take their") as caught:
        apply_scenario(village, [CloseClinic("C-12")])
    people = int(village.buildings["residents"].sum())
    assert caught.value.code == "no_clinic_left"
    assert caught.value.params == {"clinics": "C-12", "people": people}
    # Every clinic of the whole region: the same refusal, not a TypeError in the reassignment.
    everyone = [CloseClinic(str(clinic)) for clinic in planning.clinics.index]
    with pytest.raises(PlanningError) as all_closed:
        apply_scenario(planning, everyone)
    assert all_closed.value.code == "no_clinic_left"


def test_closing_every_clinic_and_opening_one_is_a_what_if(planning: PlanningRegion) -> None:
    # What the refusal advises: a new clinic in the same scenario takes everyone it reaches.
    everyone = [CloseClinic(str(clinic)) for clinic in planning.clinics.index]
    result = apply_scenario(planning, [*everyone, OpenClinic("NEW", 70.45, 50.30)])
    summary = result.summary()
    assert summary["clinics"] == 1
    assert set(result.assignment["adult"].dropna()) == {"NEW-gp"}
    assert result.assignment["pediatric"].isna().all()  # a GP-only clinic: its GP sees children
    assigned = result.assignment["adult"].notna().to_numpy()
    assert (
        summary["residents_without_territory"] == planning.buildings["residents"][~assigned].sum()
    )
    assert summary["must_reattach"] > 0


def test_a_district_with_people_and_no_doctor_is_the_highest_load(
    planning: PlanningRegion,
) -> None:
    attached = int(planning.districts.loc["D-01T1", "attached"])
    assert attached > 0
    result = apply_scenario(planning, [SetDoctors("D-01T1", 0.0)])
    row = result.load.loc["D-01T1"]
    assert math.isinf(result.load["pct_of_norm"]["D-01T1"])  # was NaN, which max() skipped
    assert row["without_doctor"] == attached
    assert (result.load.drop(index="D-01T1")["without_doctor"] == 0).all()
    summary = result.summary()
    assert summary["max_load_pct"] == math.inf
    assert summary["attached_without_doctor"] == attached
    assert apply_scenario(planning, []).summary()["attached_without_doctor"] == 0
    # A district without doctor and without people (an OSM import's) has no load to speak of.
    empty = planning.districts.copy()
    empty.loc["D-01T1", ["doctors", "attached"]] = [0.0, 0]
    table = district_load_table(dataclasses.replace(planning, districts=empty))
    assert math.isnan(table["pct_of_norm"]["D-01T1"])
    assert table.loc["D-01T1", "without_doctor"] == 0


def test_a_children_s_clinic_takes_children_and_leaves_their_parents(
    planning: PlanningRegion,
) -> None:
    before = planning.buildings
    result = apply_scenario(planning, [CHILDREN])
    after = result.assignment
    # Nobody's adult district changes: the clinic has none to give.
    pd.testing.assert_series_equal(after["adult"], before["adult"])
    summary = result.summary()
    assert (
        summary["residents_without_territory"]
        == apply_scenario(planning, []).summary()["residents_without_territory"]
    )
    moved = (after["pediatric"] == "NEW-pediatric_0_6").to_numpy()
    assert moved.sum() > 100
    # Children of GP-only clinics' houses (C-08, C-10) come; those of a 0-14 pediatric district
    # (C-06) stay, or their brothers and sisters of 7-14 would have no district.
    clinic = before["adult"].map(planning.districts["clinic_id"])
    assert {"C-08", "C-10"} <= set(clinic[moved])
    assert "C-06" not in set(clinic[moved])
    # Only the children lose their old clinic's home visits, and they are counted once.
    children = int(before.loc[moved, "pop_0_6"].sum())
    assert summary["lose_home_visits"] == children
    assert result.load.loc["NEW-pediatric_0_6", "served"] == children
    covered = before["residents"].sum() - summary["residents_without_territory"]
    assert result.load["served"].sum() == covered


def test_residents_without_territory_counts_people_not_buildings(
    planning: PlanningRegion,
) -> None:
    # Adults of C-01's houses without their therapist district, children still with theirs:
    # the adults are outside every territory though their building is not.
    start = planning.buildings[list(FAMILIES)].copy()
    c01 = (start["adult"].map(planning.districts["clinic_id"]) == "C-01").to_numpy()
    start.loc[c01, "adult"] = None
    base = apply_scenario(planning, []).summary()["residents_without_territory"]
    shown = apply_scenario(planning, [], assignment=start).summary()
    adults = planning.buildings.loc[c01, list(AGE_BANDS[2:])].to_numpy().sum()
    assert shown["residents_without_territory"] == base + adults


def test_closing_a_children_s_clinic_gives_the_children_back(planning: PlanningRegion) -> None:
    result = apply_scenario(planning, [CHILDREN, CloseClinic("NEW")])
    before = planning.buildings
    pd.testing.assert_series_equal(result.assignment["adult"], before["adult"])
    # Back to their GP where it sees children; C-04's own 0-6 district where they had one.
    pd.testing.assert_series_equal(result.assignment["pediatric"], before["pediatric"])
    assert len(result.cover) == 0


@pytest.mark.parametrize(
    "changes",
    [
        [CloseClinic("C-01"), SetDoctors("D-01T1", 2.0)],
        [SetDoctors("D-01T1", 2.0), CloseClinic("C-01")],  # the doctors would vanish unsaid
    ],
)
def test_doctors_in_a_district_whose_clinic_closes_are_refused_naming_the_closing(
    planning: PlanningRegion, changes: list[Change]
) -> None:
    with pytest.raises(PlanningError, match="which this scenario closes") as caught:
        apply_scenario(planning, changes)
    assert caught.value.code == "district_closed"
    assert caught.value.params == {"district": "D-01T1", "clinic": "C-01"}
    assert "no district" not in str(caught.value)


def test_doctors_elsewhere_and_unknown_districts_are_as_before(planning: PlanningRegion) -> None:
    result = apply_scenario(planning, [CloseClinic("C-01"), SetDoctors("D-02T1", 3.0)])
    assert result.load.loc["D-02T1", "doctors"] == 3.0
    with pytest.raises(PlanningError) as caught:
        apply_scenario(planning, [CloseClinic("C-01"), SetDoctors("D-XX", 1.0)])
    assert caught.value.code == "no_district"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_new_refusals_are_worded_in_every_language(planning: PlanningRegion, lang: str) -> None:
    # Needs problem.no_clinic_left and problem.district_closed in planning/wording.py.
    asked: list[tuple[PlanningRegion, list[Change]]] = [
        (_one_clinic(planning, "C-12"), [CloseClinic("C-12")]),
        (planning, [CloseClinic("C-01"), SetDoctors("D-01T1", 2.0)]),
    ]
    problems = []
    for region, changes in asked:
        with pytest.raises(PlanningError) as caught:
            apply_scenario(region, changes)
        problems.append(caught.value)
    no_clinic, closed = (problem.text(lang) for problem in problems)
    assert "C-12" in no_clinic
    assert "D-01T1" in closed
    assert "C-01" in closed
    if lang != "en":  # worded, not the English message
        assert no_clinic != str(problems[0])
        assert closed != str(problems[1])
