"""A process killed mid-transaction leaves the register as it was (SQLite and PostgreSQL).

A child process approves a person who is attached elsewhere (so the transaction writes an
application, a decision, audit rows, a closed attachment and a new one). Just before
``COMMIT`` it tells the parent and waits; the parent kills it with SIGKILL. The register must then
hold exactly what it held before, and the next approval must go through (no lock left behind).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from catchments import register as register_module
from catchments.models import Outcome
from catchments.register import Register
from tests.register.conftest import (
    OPERATOR,
    TEST_HASHER,
    application,
    approval,
    district,
    people,
    sync,
)

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import event
    from catchments.register import open_register
    from tests.register.conftest import OPERATOR, TEST_HASHER, application, approval

    register = open_register(sys.argv[1], hasher=TEST_HASHER)

    @event.listens_for(register.engine, "commit")
    def hold_before_commit(connection):
        # Every write of the transaction has been sent; COMMIT has not.
        print("WRITTEN", flush=True)
        time.sleep(120)

    register.record_decision(
        application("C-02"), approval("C-02", "D-2"), iin=sys.argv[2], actor=OPERATOR,
        source="test:crash",
    )
    print("COMMITTED", flush=True)
    """
)


def snapshot(register: Register) -> dict[str, object]:
    """Every table's rows, for comparing before and after."""
    tables: dict[str, object] = {}
    with register.engine.connect() as connection:
        for table in register_module.metadata.sorted_tables:
            rows = connection.execute(table.select().order_by(*table.primary_key.columns)).all()
            tables[table.name] = [tuple(map(str, row)) for row in rows]
    return tables


def test_a_process_killed_before_commit_leaves_no_trace(
    open_db: Callable[..., Register], db_url: str
) -> None:
    register = open_db()
    sync(register, district("D-1", attached=5), district("D-2", "C-02", attached=1699))
    person, other = people(2)
    first = register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="test"
    )
    before = snapshot(register)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url, person],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "WRITTEN", child.stderr.read() if child.stderr else line
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    after_kill = open_db()  # a fresh process view: new connections, recovery on SQLite
    assert snapshot(after_kill) == before
    capacity = after_kill.remaining_by_district()
    assert (capacity["D-1"].attached_now, capacity["D-2"].attached_now) == (6, 1699)
    assert after_kill.active_attachment(OPERATOR, person).attachment_id == first.attachment_id  # type: ignore[union-attr]
    with after_kill.engine.connect() as connection:
        integrity = (
            connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            if db_url.startswith("sqlite")
            else "ok"
        )
    assert integrity == "ok"

    # The district's lock died with the process: the same approval now goes through at once.
    again = after_kill.record_decision(
        application("C-02"), approval("C-02", "D-2"), iin=person, actor=OPERATOR, source="test"
    )
    assert again.outcome is Outcome.APPROVED
    assert again.closed is not None
    assert again.closed.attachment_id == first.attachment_id
    refused = after_kill.record_decision(
        application("C-02"), approval("C-02", "D-2"), iin=other, actor=OPERATOR, source="test"
    )
    assert refused.capacity_refused  # D-2 had one place, taken by ``again``
    audit = [entry.action for entry in after_kill.audit_entries(OPERATOR)]
    assert audit.count("attachment.open") == 2
    assert audit.count("decision.record") == 3
    with after_kill.engine.connect() as connection:
        sources = connection.execute(sa.select(register_module.audit_log.c.source)).scalars().all()
    assert "test:crash" not in sources
    assert TEST_HASHER.hash(person) != TEST_HASHER.hash(other)
