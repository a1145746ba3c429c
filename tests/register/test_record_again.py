"""Recording a person again where they are attached already keeps the attachment (R-ORG-3).

R-ORG-3 replaces an attachment when the person changes clinic; the same application recorded
twice (a second click, a second registrar) is no change: closing and reopening the attachment
would void the coupon handed out. Every test runs on SQLite and PostgreSQL (conftest.py).
"""

from __future__ import annotations

import pytest

from catchments.iin import IINHasher, IINKeyError
from catchments.models import Outcome
from catchments.register import Register, UnknownDistrictError, iin_key_problem
from tests.register.conftest import (
    OPERATOR,
    application,
    approval,
    district,
    people,
    refusal,
    registrar,
    sync,
)


def test_R_ORG_3_the_same_approval_recorded_twice_keeps_the_attachment_and_coupon(
    register: Register,
) -> None:
    sync(register, district("D-1", attached=10))
    person = people(1)[0]
    first = register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="test"
    )
    again = register.record_decision(
        application(), approval(), iin=person, actor=registrar("C-01"), source="test"
    )
    assert again.already_attached
    assert again.closed is None
    assert again.outcome is Outcome.APPROVED
    assert (again.attachment_id, again.coupon_number) == (first.attachment_id, first.coupon_number)
    assert (again.application_id, again.decision_id) == (first.application_id, first.decision_id)
    assert again.attached_since is not None
    assert again.remaining == first.remaining
    stats = register.stats()
    assert (stats["applications"], stats["active_attachments"], stats["closed_attachments"]) == (
        1,
        1,
        0,
    )
    assert stats["decisions"] == {"approved": 1}
    assert register.remaining_by_district()["D-1"].attached_now == 11
    last = register.audit_entries(OPERATOR)[-1]
    assert (last.action, last.object, last.actor) == (
        "attachment.already",
        f"attachment:{first.attachment_id}",
        "reg-c-01",
    )
    assert again.to_dict()["already_attached"] is True


def test_R_ORG_3_a_full_district_does_not_refuse_the_person_attached_to_it(
    register: Register,
) -> None:
    sync(register, district("D-1", attached=1699))
    person = people(1)[0]
    first = register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="t"
    )
    again = register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="t"
    )
    assert again.already_attached
    assert not again.capacity_refused
    assert again.coupon_number == first.coupon_number
    assert again.remaining == 0


def test_R_ORG_3_another_district_of_the_same_clinic_still_replaces_the_attachment(
    register: Register,
) -> None:
    sync(register, district("D-1", attached=10), district("D-2", attached=10))
    person = people(1)[0]
    first = register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="t"
    )
    moved = register.record_decision(
        application(), approval("C-01", "D-2"), iin=person, actor=OPERATOR, source="t"
    )
    assert not moved.already_attached
    assert moved.closed is not None
    assert moved.closed.attachment_id == first.attachment_id
    assert moved.coupon_number != first.coupon_number


def test_a_refusal_for_an_attached_person_is_still_stored(register: Register) -> None:
    sync(register, district("D-1", attached=10))
    person = people(1)[0]
    register.record_decision(application(), approval(), iin=person, actor=OPERATOR, source="t")
    refused = register.record_decision(
        application(), refusal(), iin=person, actor=OPERATOR, source="t"
    )
    assert not refused.already_attached
    assert register.stats()["applications"] == 2
    assert register.stats()["active_attachments"] == 1


def test_an_unknown_district_names_the_command_only(register: Register) -> None:
    with pytest.raises(UnknownDistrictError) as raised:
        register.record_decision(
            application(), approval(), iin=people(1)[0], actor=OPERATOR, source="t"
        )
    assert raised.value.district_id == "D-1"
    assert raised.value.retired_on is None
    assert str(raised.value) == (
        "district 'D-1' is not in the register; load the region into it with "
        "`emhana register import --region DIR`"
    )


def test_iin_key_problems_are_told_apart_for_wording() -> None:
    with pytest.raises(IINKeyError) as missing:
        IINHasher.from_environment({})
    assert iin_key_problem(missing.value)[0] == "key_not_set"
    with pytest.raises(IINKeyError) as short:
        IINHasher("too short")
    which, values = iin_key_problem(short.value)
    assert which == "key_short"
    assert (values["length"], values["least"]) == (9, 32)
