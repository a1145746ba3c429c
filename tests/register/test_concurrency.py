"""Capacity under concurrency (R-CAP-1, R-ORG-3): racing registrars never overfill a district.

50 threads approve 50 different people into one district with 10 free places at the same moment
(a barrier releases them together), on an SQLite file and on PostgreSQL. Exactly 10 are approved;
the 40 others are stored as refused with CAPACITY_EXCEEDED; the audit log has every decision;
nobody has two active attachments.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from catchments import register as register_module
from catchments.models import Outcome
from catchments.reasons import ReasonCode
from catchments.register import Recorded, Register
from tests.register.conftest import (
    OPERATOR,
    application,
    approval,
    district,
    people,
    registrar,
    sync,
)

THREADS = 50
FREE = 10


def race(count: int, job: Callable[[int], Recorded]) -> list[Recorded]:
    """Run ``job(0..count-1)`` in ``count`` threads released at once by a barrier."""
    barrier = threading.Barrier(count)

    def run(index: int) -> Recorded:
        barrier.wait(timeout=60)
        return job(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_R_CAP_1_fifty_concurrent_approvals_into_ten_places_approve_exactly_ten(
    open_db: Callable[..., Register],
) -> None:
    register = open_db(pool_size=THREADS // 2)  # up to 50 connections: every thread has one
    sync(register, district("D-1", attached=1700 - FREE), district("D-2", attached=0))
    iins = people(THREADS)
    clerk = registrar("C-01")

    results = race(
        THREADS,
        lambda i: register.record_decision(
            application(), approval(), iin=iins[i], actor=clerk, source="test:race"
        ),
    )

    outcomes = Counter(result.outcome for result in results)
    assert outcomes == {Outcome.APPROVED: FREE, Outcome.REFUSED: THREADS - FREE}
    refused = [result for result in results if result.outcome is Outcome.REFUSED]
    assert all(result.capacity_refused for result in refused)
    assert all(result.decision.codes == (ReasonCode.CAPACITY_EXCEEDED,) for result in refused)
    left = sorted(r.remaining or 0 for r in results if r.outcome is Outcome.APPROVED)
    assert left == list(range(FREE))  # each approval saw one place fewer

    capacity = register.remaining_by_district()["D-1"]
    assert (capacity.attached_now, capacity.remaining) == (1700, 0)
    stats = register.stats()
    assert stats["applications"] == THREADS
    assert stats["decisions"] == {"approved": FREE, "refused": THREADS - FREE}
    assert stats["active_attachments"] == FREE

    audit = Counter(entry.action for entry in register.audit_entries(OPERATOR))
    assert audit == {
        "districts.sync": 1,
        "application.record": THREADS,
        "decision.record": THREADS,
        "attachment.open": FREE,
    }
    refusals = register.audit_entries(OPERATOR, action="decision.record")
    assert sum(entry.details["codes"] == ["CAPACITY_EXCEEDED"] for entry in refusals) == 40

    attachments = register_module.attachments
    with register.engine.connect() as connection:
        per_person = connection.execute(
            sa.select(attachments.c.person_hash, sa.func.count())
            .where(attachments.c.to_date.is_(None))
            .group_by(attachments.c.person_hash)
        ).all()
    assert len(per_person) == FREE
    assert {count for _hash, count in per_person} == {1}


def test_R_ORG_3_one_person_approved_at_once_in_two_clinics_has_one_active_attachment(
    open_db: Callable[..., Register],
) -> None:
    """Both approvals succeed one after the other; the later closes the earlier."""
    register = open_db(pool_size=8)
    rows = [district(f"D-{i}", f"C-{i:02d}") for i in range(8)]
    sync(register, *rows)
    person = people(1)[0]

    results = race(
        8,
        lambda i: register.record_decision(
            application(f"C-{i:02d}"),
            approval(f"C-{i:02d}", f"D-{i}"),
            iin=person,
            actor=OPERATOR,
            source="test:race",
        ),
    )

    assert {result.outcome for result in results} == {Outcome.APPROVED}
    assert sum(result.closed is None for result in results) == 1  # the first had none to close
    stats = register.stats()
    assert (stats["active_attachments"], stats["closed_attachments"]) == (1, 7)
    closed = sorted(result.closed.attachment_id for result in results if result.closed)
    opened = sorted(result.attachment_id for result in results if result.attachment_id)
    assert len(set(closed)) == 7  # each attachment closed once, by exactly one successor
    assert set(closed) < set(opened)
    capacity = register.remaining_by_district()
    assert sum(item.attached_now for item in capacity.values()) == 1
