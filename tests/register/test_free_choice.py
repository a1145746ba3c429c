"""R-TIME-2 at record time: the right of free choice once a year, as the register knows it.

"The right of free choice can also be used once a year" (RULES.md R-TIME-2). The rules engine
refuses ``annual_free_choice`` within a year of the last free choice (variant
``annual_too_soon``) and ``first_free_choice`` after one (variant ``not_first``) only when told
of it (``Facts.last_free_choice``); the register knows the person by their IIN's hash, so
:meth:`Register.record_decision` checks the ground against the uses it holds and stores an
approval the ground does not allow as refused, with the engine's reason. A use is an approved,
recorded application outside the campaign on one of those two grounds (the campaign's choices
are the campaign's). Every test runs on SQLite and PostgreSQL (conftest.py).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from catchments import register as register_module
from catchments import register_cli
from catchments.calendar import KZ_TZ
from catchments.models import (
    Application,
    ClinicFacts,
    ClinicKind,
    Decision,
    DistrictFacts,
    DistrictModel,
    Facts,
    Ground,
    MonthDay,
    Outcome,
    Package,
    PlaceFacts,
    RuleSettings,
)
from catchments.reasons import ReasonCode
from catchments.register import Recorded, Register, open_register
from catchments.rules import evaluate
from tests.register.conftest import (
    NOW,
    OPERATOR,
    application,
    approval,
    district,
    people,
    refusal,
    sync,
)

MARCH = dt.datetime(2026, 3, 2, 10, tzinfo=KZ_TZ)  # a Monday outside the campaign
ANNUAL, FIRST = Ground.ANNUAL_FREE_CHOICE, Ground.FIRST_FREE_CHOICE


def applied(
    clinic_id: str = "C-01", *, ground: Ground | None = ANNUAL, on: dt.datetime = MARCH
) -> Application:
    """The conftest adult's application to ``clinic_id`` on ``on`` (default outside the
    campaign), on ``ground``."""
    return replace(application(clinic_id), ground=ground, submitted_at=on)


def record(
    register: Register,
    iin: str,
    clinic_id: str = "C-01",
    *,
    ground: Ground | None = ANNUAL,
    on: dt.datetime = MARCH,
    decision: Decision | None = None,
    settings: RuleSettings | None = None,
) -> Recorded:
    """Record the engine's approval (a coupon for the clinic's district D-<n>) of ``applied``;
    ``settings`` None leaves ``record_decision``'s default."""
    app = applied(clinic_id, ground=ground, on=on)
    decided = decision or approval(clinic_id, f"D-{int(clinic_id[2:])}")
    if settings is None:
        return register.record_decision(app, decided, iin=iin, actor=OPERATOR, source="test")
    return register.record_decision(
        app, decided, iin=iin, actor=OPERATOR, source="test", settings=settings
    )


def three_clinics(register: Register) -> None:
    sync(register, *(district(f"D-{i}", f"C-{i:02d}", attached=100) for i in (1, 2, 3)))


def test_R_TIME_2_a_second_yearly_free_choice_within_a_year_is_stored_as_refused(
    register: Register,
) -> None:
    three_clinics(register)
    person = people(1)[0]
    first = record(register, person, "C-01", on=MARCH)
    second = record(register, person, "C-02", on=dt.datetime(2026, 6, 1, 10, tzinfo=KZ_TZ))
    assert first.outcome is Outcome.APPROVED
    assert second.outcome is Outcome.REFUSED
    assert second.free_choice_refused
    assert not second.capacity_refused
    assert second.decision.codes == (ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND,)
    (found,) = second.decision.refusals
    assert (found.rule, found.variant) == ("R-TIME-2", "annual_too_soon")
    assert found.values == {
        "date": "2026-06-01",
        "start": "09-15",
        "end": "11-15",
        "ground": "annual_free_choice",
        "last": "2026-03-02",
        "next": "2027-03-02",
    }
    assert second.attachment_id is None
    assert second.coupon_number is None
    assert second.decision.coupon is None
    assert second.to_dict()["free_choice_refused"] is True
    # Stored as a refusal the engine approved; the person stays where they were.
    with register.engine.connect() as connection:
        row = connection.execute(
            sa.select(register_module.decisions).where(
                register_module.decisions.c.id == second.decision_id
            )
        ).one()
    assert (row.outcome, row.engine_outcome, row.district_id) == ("refused", "approved", "D-2")
    active = register.active_attachment(OPERATOR, person)
    assert active is not None
    assert active.clinic_id == "C-01"
    capacity = register.remaining_by_district()
    assert (capacity["D-1"].attached_now, capacity["D-2"].attached_now) == (101, 100)
    last = register.audit_entries(OPERATOR, action="decision.record")[-1]
    assert last.details["codes"] == ["OUTSIDE_CAMPAIGN_NO_GROUND"]
    assert last.details["engine_outcome"] == "approved"


def test_R_TIME_2_the_refusal_is_the_one_the_engine_gives_knowing_the_last_choice(
    register: Register,
) -> None:
    """Decision for decision: what the engine says when ``Facts.last_free_choice`` is set."""
    three_clinics(register)
    person = people(1)[0]

    def facts(clinic_id: str, last: dt.date | None) -> Facts:
        return Facts(
            clinic=ClinicFacts(
                clinic_id,
                ClinicKind.POLYCLINIC,
                registered=True,
                shi_supplier=True,
                packages=frozenset({Package.GOBMP, Package.OSMS}),
            ),
            place=PlaceFacts(same_settlement=True, residence_in_territory=True),
            districts=(DistrictFacts(f"D-{int(clinic_id[2:])}", DistrictModel.GP, 1.0, 100),),
            last_free_choice=last,
        )

    first_app = applied("C-01", ground=FIRST)
    first = register.record_decision(
        first_app,
        evaluate(first_app, facts("C-01", None), now=NOW),
        iin=person,
        actor=OPERATOR,
        source="t",
    )
    assert first.outcome is Outcome.APPROVED
    for clinic_id, ground in (("C-02", FIRST), ("C-03", ANNUAL)):
        later = applied(clinic_id, ground=ground, on=MARCH + dt.timedelta(days=1))
        engine = evaluate(later, facts(clinic_id, None), now=NOW)
        assert engine.outcome is Outcome.APPROVED  # the engine alone knows of no earlier choice
        stored = register.record_decision(
            later, engine, iin=person, actor=OPERATOR, source="t"
        ).decision
        assert stored == evaluate(later, facts(clinic_id, dt.date(2026, 3, 2)), now=NOW)
        assert stored.reasons[-1].variant == ("not_first" if ground is FIRST else "annual_too_soon")


@pytest.mark.parametrize(
    ("second", "outcome"),
    [
        pytest.param(dt.date(2025, 2, 27), Outcome.REFUSED, id="R-TIME-2/day-before"),
        pytest.param(dt.date(2025, 2, 28), Outcome.APPROVED, id="R-TIME-2/29-feb-renews-28-feb"),
        pytest.param(dt.date(2025, 3, 1), Outcome.APPROVED, id="R-TIME-2/after"),
    ],
)
def test_R_TIME_2_a_year_after_29_february_is_28_february(
    register: Register, second: dt.date, outcome: Outcome
) -> None:
    three_clinics(register)
    person = people(1)[0]
    leap_day = dt.datetime(2024, 2, 29, 10, tzinfo=KZ_TZ)
    assert record(register, person, "C-01", on=leap_day).outcome is Outcome.APPROVED
    on = dt.datetime.combine(second, dt.time(10), KZ_TZ)
    again = record(register, person, "C-02", on=on)
    assert again.outcome is outcome
    if outcome is Outcome.REFUSED:
        assert again.decision.refusals[0].values["next"] == "2025-02-28"


def test_R_TIME_2_first_free_choice_only_once_and_not_after_a_yearly_one(
    register: Register,
) -> None:
    three_clinics(register)
    one, two = people(2)
    years_later = dt.datetime(2029, 3, 5, 10, tzinfo=KZ_TZ)
    assert record(register, one, "C-01", ground=FIRST).outcome is Outcome.APPROVED
    again = record(register, one, "C-02", ground=FIRST, on=years_later)
    assert again.free_choice_refused
    assert again.decision.refusals[0].variant == "not_first"
    assert again.decision.refusals[0].values["last"] == "2026-03-02"
    # The yearly right after a first one: a year later it is there again.
    assert record(register, one, "C-03", ground=ANNUAL, on=years_later).outcome is Outcome.APPROVED
    assert record(register, two, "C-01", ground=ANNUAL).outcome is Outcome.APPROVED
    assert record(register, two, "C-02", ground=FIRST, on=years_later).free_choice_refused


def test_R_TIME_2_campaign_choices_and_other_grounds_are_not_uses_of_the_right(
    register: Register,
) -> None:
    three_clinics(register)
    person = people(1)[0]
    # In the campaign, on any ground or none: the campaign's choice.
    assert record(register, person, "C-01", on=NOW).outcome is Outcome.APPROVED
    assert record(register, person, "C-02", ground=None, on=NOW).outcome is Outcome.APPROVED
    # Outside it, on a ground that is no free choice.
    moved = record(register, person, "C-03", ground=Ground.CHANGED_RESIDENCE, on=MARCH)
    assert moved.outcome is Outcome.APPROVED
    # So the first free choice outside the campaign is the first.
    december = dt.datetime(2026, 12, 1, 10, tzinfo=KZ_TZ)
    assert record(register, person, "C-01", ground=FIRST, on=december).outcome is Outcome.APPROVED
    later = dt.datetime(2027, 1, 11, 10, tzinfo=KZ_TZ)
    assert record(register, person, "C-02", on=later).free_choice_refused


def test_R_TIME_2_refusals_use_nothing(register: Register) -> None:
    sync(register, district("D-1", attached=1700), district("D-2", "C-02", attached=100))
    person = people(1)[0]
    refused = record(register, person, "C-02", decision=refusal("C-02"))
    assert refused.outcome is Outcome.REFUSED
    full = record(register, person, "C-01")  # the district is full: refused for capacity
    assert full.capacity_refused
    assert not full.free_choice_refused
    assert record(register, person, "C-02").outcome is Outcome.APPROVED


def test_R_TIME_2_recording_the_same_approval_again_is_a_repeat_not_a_second_choice(
    register: Register,
) -> None:
    three_clinics(register)
    person = people(1)[0]
    first = record(register, person, "C-01")
    again = record(register, person, "C-01")
    assert again.already_attached
    assert again.outcome is Outcome.APPROVED
    assert again.coupon_number == first.coupon_number


def test_R_TIME_2_an_application_recorded_late_is_checked_against_a_later_use(
    register: Register,
) -> None:
    """Submitted before a use already on record, within a year of it: two uses in a year."""
    three_clinics(register)
    person = people(1)[0]
    record(register, person, "C-01", on=MARCH)
    late = record(register, person, "C-02", on=MARCH - dt.timedelta(days=14))
    assert late.free_choice_refused
    assert late.decision.refusals[0].values["last"] == "2026-03-02"


def test_R_TIME_1_the_regions_campaign_dates_decide_what_is_a_use(register: Register) -> None:
    """20 September is in RULES.md's campaign, but not in a region's from 1 October."""
    three_clinics(register)
    region = RuleSettings(campaign_start=MonthDay(10, 1), campaign_end=MonthDay(12, 1))
    one, two = people(2)
    september = dt.datetime(2026, 9, 21, 10, tzinfo=KZ_TZ)
    december = dt.datetime(2026, 12, 10, 10, tzinfo=KZ_TZ)
    for person, settings in ((one, region), (two, None)):
        assert record(register, person, "C-01", on=september, settings=settings).outcome is (
            Outcome.APPROVED
        )
    refused = record(register, one, "C-02", on=december, settings=region)
    assert refused.free_choice_refused
    assert refused.decision.refusals[0].values["start"] == "10-01"
    assert record(register, two, "C-02", on=december).outcome is Outcome.APPROVED


def test_R_TIME_2_one_person_choosing_at_once_in_eight_clinics_chooses_once(
    open_db: Callable[..., Register],
) -> None:
    """Racing registrars: one approval, seven refusals naming it (R-ORG-3 keeps one active)."""
    register = open_db(pool_size=8)
    sync(register, *(district(f"D-{i}", f"C-{i:02d}") for i in range(1, 9)))
    person = people(1)[0]
    barrier = threading.Barrier(8)

    def run(index: int) -> Recorded:
        barrier.wait(timeout=60)
        return record(register, person, f"C-{index + 1:02d}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(8)))
    assert Counter(result.outcome for result in results) == {
        Outcome.APPROVED: 1,
        Outcome.REFUSED: 7,
    }
    assert sum(result.free_choice_refused for result in results) == 7
    stats = register.stats()
    assert (stats["active_attachments"], stats["closed_attachments"]) == (1, 0)


def test_decide_record_passes_the_regions_campaign_and_says_why_it_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``emhana decide --record`` calls, with the region's settings (SQLite file)."""
    database = f"sqlite:///{tmp_path / 'decide.sqlite'}"
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    with open_register(database) as register:
        three_clinics(register)
    region = RuleSettings(campaign_start=MonthDay(10, 1), campaign_end=MonthDay(12, 1))
    person = people(1)[0]
    september = dt.datetime(2026, 9, 21, 10, tzinfo=KZ_TZ)
    december = dt.datetime(2026, 12, 10, 10, tzinfo=KZ_TZ)
    register_cli.record_from_cli(
        applied("C-01", on=september), approval(), database=database, iin=person, settings=region
    )
    refused = register_cli.record_from_cli(
        applied("C-02", on=december),
        approval("C-02", "D-2"),
        database=database,
        iin=person,
        settings=region,
    )
    assert refused.free_choice_refused
    english = register_cli.describe_recorded(refused)
    assert "earlier use of the right of free choice" in english
    assert "OUTSIDE_CAMPAIGN_NO_GROUND (R-TIME-2)" in english
    for lang in ("ru", "kk"):
        worded = register_cli.describe_recorded(refused, lang).splitlines()[1]
        assert "OUTSIDE_CAMPAIGN_NO_GROUND" in worded
        assert "(R-TIME-2)" in worded
