"""app_pages/_data.py: the app's clock and the planner's figures, outside any page."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app_pages import _data
from catchments.calendar import KZ_TZ


def test_the_clock_can_be_fixed_for_demos_and_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMHANA_NOW", "2026-09-21T05:00:00+00:00")
    assert _data.now() == dt.datetime(2026, 9, 21, 10, 0, tzinfo=KZ_TZ)
    assert _data.now().utcoffset() == dt.timedelta(hours=5)
    monkeypatch.setenv("EMHANA_NOW", "2026-09-21 10:00")
    with pytest.raises(ValueError, match=r"has no UTC offset; add one, e.g. \+05:00"):
        _data.now()
    monkeypatch.setenv("EMHANA_NOW", "tomorrow")
    with pytest.raises(ValueError, match=r"'tomorrow' is not an ISO 8601 date-time"):
        _data.now()
    monkeypatch.delenv("EMHANA_NOW")
    assert abs(_data.now() - dt.datetime.now(KZ_TZ)) < dt.timedelta(minutes=1)


def test_a_forms_starting_birth_date_survives_29_february() -> None:
    from catchments.service import adult_birth_date

    assert adult_birth_date(dt.date(2028, 2, 29)) == dt.date(1993, 2, 28)
    assert adult_birth_date(dt.date(2026, 9, 21)) == dt.date(1991, 9, 21)


def test_planner_data_counts_uncovered_and_far_buildings() -> None:
    data = _data.planner_data(str(_data.DEMO_REGION))
    buildings = data.buildings
    assert int(buildings["uncovered"].sum()) == 14  # the demo's new microdistrict
    # an uncovered building has no clinic, so no walking time to one
    assert buildings.loc[buildings["uncovered"], "walk_min"].isna().all()
    assert (buildings["walk_min"].dropna() >= 0).all()
    districts, clinics = _data.district_loads(str(_data.DEMO_REGION))
    assert set(districts.columns) >= {"people_per_doctor", "pct_of_norm", "remaining"}
    assert len(clinics) == 18, "one row per clinic and district model"


def test_district_loads_follow_the_register() -> None:
    """Issue 6: the planner's remaining places are the register's once there is one."""
    path = str(_data.DEMO_REGION)
    before, _ = _data.district_loads(path)
    base = int(before.set_index("district_id")["attached"].to_dict()["D-02P1"])
    after, _ = _data.district_loads(path, json.dumps({"D-02P1": base + 5}))
    row = after.set_index("district_id").loc["D-02P1"]
    assert row["attached"] == base + 5
    assert row["remaining"] == -5, "D-02P1 was exactly at its norm"
