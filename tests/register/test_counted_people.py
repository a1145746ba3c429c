"""People the region counted on its data date, whom the register learns of when they apply.

A district's ``attached`` on the data date holds people the register has no attachment of
(R-CAP-2: remaining = norm × doctors − (attached on that date + approved since − left since)).
When one of them applies naming their current clinic (``applicant.current_clinic_id``):

- elsewhere, they leave the district of that clinic covering their residence whose model serves
  their age: it is recorded as left since, so the district gets its place back (during a
  campaign a losing clinic would otherwise never get places back, and refuse for capacity);
- to their own clinic, they stay: counted already, they add nobody and always fit (R-ORG-3:
  the engine never refuses them for capacity), and are not counted twice.

And the register's capacity re-check agrees with the engine: one already counted in a district
adds nobody, so fits even over the norm (:func:`catchments.capacity.assess`). Every test runs
on SQLite and PostgreSQL (conftest.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import sqlalchemy as sa

from catchments import register as register_module
from catchments import register_cli
from catchments.models import Application, Decision, Outcome
from catchments.reasons import ReasonCode, reason
from catchments.register import Recorded, Register
from catchments.service import Answer, Place
from tests.register.conftest import (
    NOW,
    OPERATOR,
    TEST_HASHER,
    application,
    approval,
    district,
    make_iin,
    people,
    sync,
)

DATA_DATE = dt.date(2026, 9, 1)
attachments = register_module.attachments


def applied(
    clinic_id: str, current: str | None, *, birth: dt.date = dt.date(1980, 3, 2)
) -> Application:
    """The conftest adult's application to ``clinic_id``, saying they are attached to
    ``current``."""
    base = application(clinic_id)
    applicant = replace(base.applicant, current_clinic_id=current, birth_date=birth)
    return replace(base, applicant=applicant)


def answer(decision: Decision, *covering: str) -> Answer:
    """The service's answer: the residence lies in the districts ``covering``."""
    home = Place(71.43, 51.12, "ул. Абая 10", None, "S-1", frozenset(covering))
    return Answer(decision=decision, residence=home, basis_place=home)


def stays(clinic_id: str, district_id: str) -> Decision:
    """The engine's approval of a person attached to the clinic already (R-ORG-3)."""
    decision = approval(clinic_id, district_id)
    return replace(
        decision, reasons=(reason(ReasonCode.ALREADY_ATTACHED_HERE, clinic_id=clinic_id),)
    )


def row(model: str, district_id: str, clinic_id: str, attached: int) -> dict[str, object]:
    return {**district(district_id, clinic_id, attached=attached), "model": model}


def record(
    register: Register,
    iin: str,
    application: Application,
    decision: Decision | Answer,
) -> Recorded:
    return register.record_decision(application, decision, iin=iin, actor=OPERATOR, source="t")


def counts(register: Register, district_id: str) -> tuple[int, int, int]:
    """(approved since, left since, attached now)."""
    capacity = register.remaining_by_district()[district_id]
    return capacity.approved_since, capacity.left_since, capacity.attached_now


def test_R_CAP_2_a_person_counted_on_the_data_date_frees_their_place_when_they_leave(
    register: Register,
) -> None:
    sync(register, district("D-1", "C-01", attached=100), district("D-2", "C-02", attached=50))
    person = people(1)[0]
    moved = record(
        register, person, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), "D-1", "D-2")
    )
    assert moved.outcome is Outcome.APPROVED
    assert counts(register, "D-1") == (0, 1, 99)
    assert counts(register, "D-2") == (1, 0, 51)
    assert moved.closed is not None
    assert (moved.closed.clinic_id, moved.closed.district_id) == ("C-01", "D-1")
    assert "(clinic C-01) closed (R-ORG-3)" in register_cli.describe_recorded(moved)
    with register.engine.connect() as connection:
        left = connection.execute(
            sa.select(attachments).where(attachments.c.id == moved.closed.attachment_id)
        ).one()
        counted_at = connection.execute(
            sa.select(register_module.districts.c.counted_at).where(
                register_module.districts.c.district_id == "D-1"
            )
        ).scalar_one()
    assert left.person_hash == TEST_HASHER.hash(person)
    assert (left.from_date, left.to_date) == (DATA_DATE, NOW.date())
    assert left.recorded_at == counted_at  # as of the count: not approved since
    assert left.closed_at is not None
    assert left.closed_at > counted_at  # closed now: left since
    assert (left.decision_id, left.closed_by_id) == (None, moved.attachment_id)
    close = register.audit_entries(OPERATOR, action="attachment.close")[-1]
    assert close.details["counted_on_data_date"] is True
    assert close.details["district_id"] == "D-1"
    stats = register.stats()
    assert (stats["active_attachments"], stats["closed_attachments"]) == (1, 1)


def test_R_CAP_1_during_a_campaign_a_full_district_gets_places_back_from_those_leaving(
    register: Register,
) -> None:
    sync(register, district("D-1", "C-01", attached=1700), district("D-2", "C-02", attached=10))
    leaving, arriving = people(2)
    assert record(register, arriving, application("C-01"), approval()).capacity_refused
    record(
        register, leaving, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), "D-1", "D-2")
    )
    arrived = record(register, arriving, application("C-01"), approval())
    assert arrived.outcome is Outcome.APPROVED
    assert arrived.remaining == 0
    assert counts(register, "D-1") == (1, 1, 1700)


def test_R_CAP_2_once_on_record_they_leave_as_any_register_attachment_does(
    register: Register,
) -> None:
    sync(
        register,
        district("D-1", "C-01", attached=100),
        district("D-2", "C-02", attached=50),
        district("D-3", "C-03", attached=20),
    )
    person = people(1)[0]
    record(register, person, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), "D-1"))
    # Still naming their old clinic (a stale form): the register knows better.
    again = record(
        register, person, applied("C-03", "C-01"), answer(approval("C-03", "D-3"), "D-1")
    )
    assert again.closed is not None
    assert again.closed.district_id == "D-2"
    assert counts(register, "D-1") == (0, 1, 99)
    assert counts(register, "D-2") == (1, 1, 50)
    assert counts(register, "D-3") == (1, 0, 21)


def test_R_CAP_2_nothing_is_said_of_a_district_that_does_not_cover_the_residence(
    register: Register,
) -> None:
    sync(register, district("D-1", "C-01", attached=100), district("D-2", "C-02", attached=50))
    one, two, three = people(3)
    elsewhere = record(
        register, one, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), "D-2")
    )
    bare = record(register, two, applied("C-02", "C-01"), approval("C-02", "D-2"))  # no residence
    unknown = record(
        register, three, applied("C-02", "C-09"), answer(approval("C-02", "D-2"), "D-9")
    )
    assert [r.closed for r in (elsewhere, bare, unknown)] == [None, None, None]
    assert counts(register, "D-1") == (0, 0, 100)
    assert counts(register, "D-2") == (3, 0, 53)


def test_R_CAP_2_the_district_left_is_the_one_serving_their_age(register: Register) -> None:
    """A child of 3 was counted by the 0-6 pediatrician, an adult by the therapist, not the GP."""
    sync(
        register,
        row("pediatric_0_6", "D-P", "C-01", 100),
        row("gp", "D-G", "C-01", 100),
        row("therapist", "D-T", "C-01", 100),
        district("D-2", "C-02", attached=10),
        row("pediatric_0_6", "D-2P", "C-02", 10),
    )
    covering = ("D-P", "D-G", "D-T")
    child_birth = dt.date(2023, 5, 1)
    child = make_iin(child_birth, serial=7)
    adult = people(1)[0]
    record(
        register,
        child,
        applied("C-02", "C-01", birth=child_birth),
        answer(approval("C-02", "D-2P"), *covering),
    )
    record(register, adult, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), *covering))
    assert counts(register, "D-P") == (0, 1, 99)
    assert counts(register, "D-T") == (0, 1, 99)
    assert counts(register, "D-G") == (0, 0, 100)


def test_R_CAP_2_a_district_loses_no_more_people_than_it_counted(register: Register) -> None:
    sync(register, district("D-1", "C-01", attached=1), district("D-2", "C-02", attached=0))
    one, two = people(2)
    first = record(register, one, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), "D-1"))
    second = record(register, two, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), "D-1"))
    assert first.closed is not None
    assert second.closed is None  # D-1's one person has left already: not this one
    assert counts(register, "D-1") == (0, 1, 0)


def test_R_ORG_3_a_counted_person_staying_in_their_clinic_adds_nobody_even_over_the_norm(
    register: Register,
) -> None:
    sync(register, district("D-1", "C-01", attached=1750), district("D-2", "C-02", attached=10))
    person = people(1)[0]
    stayed = record(register, person, applied("C-01", "C-01"), answer(stays("C-01", "D-1"), "D-1"))
    assert stayed.outcome is Outcome.APPROVED
    assert not stayed.capacity_refused
    assert stayed.coupon_number == f"C-01/{stayed.attachment_id:08d}"
    assert stayed.closed is None
    assert stayed.remaining == -50
    assert counts(register, "D-1") == (0, 0, 1750)  # not counted twice
    held = register.active_attachment(OPERATOR, person)
    assert held is not None
    assert (held.district_id, held.from_date) == ("D-1", DATA_DATE)
    opened = register.audit_entries(OPERATOR, action="attachment.open")[-1]
    assert opened.details["counted_on_data_date"] is True
    # Recorded again: a repeat. Leaving later: the district gets the place back.
    assert record(register, person, applied("C-01", "C-01"), stays("C-01", "D-1")).already_attached
    record(register, person, applied("C-02", "C-01"), answer(approval("C-02", "D-2"), "D-1"))
    assert counts(register, "D-1") == (0, 1, 1749)


def test_R_ORG_3_staying_in_a_district_whose_count_holds_nobody_unknown_is_arriving(
    register: Register,
) -> None:
    """A district that counted nobody cannot have counted them: one more, capacity checked."""
    sync(register, district("D-1", "C-01", attached=0))
    person = people(1)[0]
    stayed = record(register, person, applied("C-01", "C-01"), answer(stays("C-01", "D-1"), "D-1"))
    assert stayed.outcome is Outcome.APPROVED
    assert counts(register, "D-1") == (1, 0, 1)


def test_R_CAP_1_one_already_counted_in_the_district_fits_over_the_norm(
    register: Register,
) -> None:
    """An attachment on record without a decision (an older register's) in a district over its
    norm: approving the person there again adds nobody, as the engine's assess has it."""
    sync(register, district("D-1", attached=1700))
    person = people(1)[0]
    with register.engine.begin() as connection:
        connection.execute(
            attachments.insert().values(
                person_hash=TEST_HASHER.hash(person),
                iin_last4=person[-4:],
                clinic_id="C-01",
                district_id="D-1",
                basis="residence",
                from_date=dt.date(2026, 9, 10),
                recorded_at=dt.datetime.now(dt.UTC),  # after the count: approved since
            )
        )
    assert counts(register, "D-1") == (1, 0, 1701)  # over the norm
    again = record(register, person, application(), approval())
    assert again.outcome is Outcome.APPROVED
    assert not again.capacity_refused
    assert again.remaining == -1
    assert counts(register, "D-1") == (2, 1, 1701)


def test_R_CAP_2_moving_within_the_clinic_adds_one_to_the_new_district_and_frees_the_old(
    register: Register,
) -> None:
    sync(register, district("D-1", attached=100), district("D-2", attached=1699))
    person, other = people(2)
    record(register, person, application(), approval())
    moved = record(register, person, applied("C-01", "C-01"), approval("C-01", "D-2"))
    assert moved.outcome is Outcome.APPROVED
    assert moved.remaining == 0
    assert moved.closed is not None
    assert moved.closed.district_id == "D-1"
    assert counts(register, "D-1") == (1, 1, 100)
    assert counts(register, "D-2") == (1, 0, 1700)
    # The new district is full now: the next one moving in within the clinic is refused.
    record(register, other, application(), approval())
    refused = record(register, other, applied("C-01", "C-01"), approval("C-01", "D-2"))
    assert refused.capacity_refused
