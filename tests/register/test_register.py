"""catchments.register on SQLite and PostgreSQL: schema, capacity, decisions, R-ORG-3, audit.

Every test runs on both databases (``db_url`` in conftest.py). Districts use the GP norm of
1,700 people per doctor (R-CAP-1), so the remaining places are easy to check by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pyogrio
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from catchments import cli, register_cli
from catchments import register as register_module
from catchments.access import AccessDeniedError, Account, Role
from catchments.iin import IINError, IINKeyError
from catchments.models import (
    ClinicFacts,
    ClinicKind,
    DistrictFacts,
    DistrictModel,
    Facts,
    Norms,
    Outcome,
    PlaceFacts,
)
from catchments.reasons import ReasonCode
from catchments.register import (
    Register,
    RegisterError,
    SchemaError,
    UnknownDistrictError,
    migrate,
    open_register,
)
from catchments.rules import evaluate
from tests.register.conftest import (
    NOW,
    OPERATOR,
    TEST_HASHER,
    application,
    approval,
    district,
    make_iin,
    people,
    refusal,
    registrar,
    sync,
)


def test_migrations_build_exactly_the_tables_the_code_declares(register: Register) -> None:
    with register.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, register_module.metadata)
    assert differences == []


def test_opening_refuses_a_database_of_another_schema(db_url: str) -> None:
    open_register(db_url, hasher=TEST_HASHER).close()
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": "9999"})
    engine.dispose()
    with pytest.raises(SchemaError, match="newer version; upgrade Emhana"):
        open_register(db_url)


def test_opening_refuses_a_database_of_other_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE patients (id INTEGER)"))
    engine.dispose()
    with pytest.raises(SchemaError, match=r"has tables \(patients\) but no Emhana schema"):
        open_register(url)


def test_the_default_register_is_an_sqlite_file_in_emhanas_home(tmp_path: Path) -> None:
    environ = {"EMHANA_HOME": str(tmp_path / "home")}
    with open_register(environ=environ) as register:
        assert register.url == f"sqlite:///{tmp_path / 'home' / 'register.sqlite'}"
        assert register.stats()["districts"] == 0
        # Without EMHANA_IIN_KEY the register still opens (planners need no key) but refuses
        # to take an IIN.
        with pytest.raises(IINKeyError, match="EMHANA_IIN_KEY is not set"):
            register.record_decision(
                application(), refusal(), iin=people(1)[0], actor=OPERATOR, source="test"
            )
    assert (tmp_path / "home" / "register.sqlite").exists()


def test_a_bad_url_is_a_clear_error() -> None:
    with pytest.raises(RegisterError, match="is not a database URL"):
        open_register("not a url at all")
    with pytest.raises(RegisterError, match="runs on sqlite or postgresql"):
        open_register("mysql://user@localhost/db")
    with pytest.raises(RegisterError, match="cannot open the register at postgresql") as caught:
        open_register("postgresql://someone:s3cret@127.0.0.1:1/register")
    assert "s3cret" not in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello, I am a text file\n", encoding="utf-8")
    url = f"sqlite:///{notes}"
    with pytest.raises(RegisterError, match=r"cannot open the register at .*not a database"):
        open_register(url)
    with pytest.raises(RegisterError, match=r"cannot migrate .*not a database"):
        migrate(url)
    assert notes.read_text(encoding="utf-8") == "hello, I am a text file\n"


def test_R_CAP_2_remaining_is_exact_for_fractional_doctors(register: Register) -> None:
    # 1,700 x 0.3 = 510 exactly (a float product would give 509.99… and floor to 509).
    sync(register, district("D-1", doctors=0.3, attached=500), district("D-2", attached=1700))
    capacity = register.remaining_by_district()
    assert capacity["D-1"].remaining == 10
    assert capacity["D-2"].remaining == 0
    assert register.attached_now("D-1") == 500
    with pytest.raises(UnknownDistrictError, match="emhana register import"):
        register.attached_now("D-404")


def test_sync_keeps_the_count_for_the_same_data_date_and_rebases_on_a_newer_one(
    register: Register,
) -> None:
    sync(register, district("D-1", attached=100))
    register.record_decision(
        application(), approval(), iin=people(1)[0], actor=OPERATOR, source="test"
    )
    assert register.attached_now("D-1") == 101
    # The same data again (an app restart): the attachment recorded since is kept.
    report = register.sync_districts(
        [district("D-1", attached=100, doctors=2.0)],
        Norms(),
        data_date=dt.date(2026, 9, 1),
        actor=OPERATOR,
        source="test",
    )
    assert report.updated == ("D-1",)
    assert register.attached_now("D-1") == 101
    assert register.remaining_by_district()["D-1"].remaining == 3400 - 101
    # A newer extract counts everyone the register attached before it.
    report = register.sync_districts(
        [district("D-1", attached=101, doctors=2.0)],
        Norms(),
        data_date=dt.date(2026, 10, 1),
        actor=OPERATOR,
        source="test",
    )
    assert report.rebased == ("D-1",)
    assert register.attached_now("D-1") == 101
    with pytest.raises(RegisterError, match="older than the register's"):
        sync(register, district("D-1"), day=dt.date(2026, 9, 1))


def test_sync_reports_every_bad_row(register: Register) -> None:
    rows = [
        district("D-1"),
        {"district_id": "D-2", "clinic_id": "", "model": "dentist", "doctors": -1, "attached": 3},
        {"district_id": "D-3", "clinic_id": "C-01", "model": "gp", "doctors": 1, "attached": 2.5},
        district("D-1"),
    ]
    with pytest.raises(RegisterError) as caught:
        register.sync_districts(
            rows, Norms(), data_date=dt.date(2026, 9, 1), actor=OPERATOR, source="test"
        )
    message = str(caught.value)
    assert "3 bad districts rows" in message
    assert "clinic_id must be a non-empty string" in message
    assert "model 'dentist'" in message
    assert "doctors -1 must be a number >= 0" in message
    assert "attached 2.5 must be a whole number" in message
    assert "listed twice" in message
    assert register.remaining_by_district() == {}


def test_an_approval_attaches_and_uses_one_place(register: Register) -> None:
    sync(register, district("D-1", attached=1690))
    recorded = register.record_decision(
        application(), approval(), iin=people(1)[0], actor=OPERATOR, source="cli:decide"
    )
    assert recorded.outcome is Outcome.APPROVED
    assert not recorded.capacity_refused
    assert recorded.coupon_number == f"C-01/{recorded.attachment_id:08d}"
    assert recorded.remaining == 9
    assert register.remaining_by_district()["D-1"].remaining == 9
    stats = register.stats()
    assert stats["applications"] == 1
    assert stats["decisions"] == {"approved": 1}
    assert stats["active_attachments"] == 1
    actions = [entry.action for entry in register.audit_entries(OPERATOR)]
    assert actions == ["districts.sync", "application.record", "decision.record", "attachment.open"]
    assert {entry.source for entry in register.audit_entries(OPERATOR)[1:]} == {"cli:decide"}


def test_R_CAP_1_an_approval_into_a_full_district_is_stored_as_refused(
    register: Register,
) -> None:
    sync(register, district("D-1", attached=1700))
    recorded = register.record_decision(
        application(), approval(), iin=people(1)[0], actor=OPERATOR, source="test"
    )
    assert recorded.capacity_refused
    assert recorded.outcome is Outcome.REFUSED
    assert recorded.decision.codes == (ReasonCode.CAPACITY_EXCEEDED,)
    assert recorded.decision.refusals[0].rule == "R-CAP-1"
    assert recorded.attachment_id is None
    message = recorded.decision.to_dict("en")["reasons"][0]["message"]  # type: ignore[index]
    assert "1,701" in message
    assert "norm of 1,700" in message
    assert register.stats()["active_attachments"] == 0
    rows = register.applications_for(registrar("C-01"))
    assert rows[0].outcome == "refused"
    assert rows[0].codes == ("CAPACITY_EXCEEDED",)
    assert rows[0].district_id == "D-1"


def test_R_CAP_1_a_district_without_doctors_refuses(register: Register) -> None:
    sync(register, district("D-1", doctors=0.0))
    recorded = register.record_decision(
        application(), approval(), iin=people(1)[0], actor=OPERATOR, source="test"
    )
    assert recorded.capacity_refused
    assert recorded.decision.reasons[-1].variant == "no_doctors"


def test_R_ORG_3_a_new_attachment_closes_the_previous_one(register: Register) -> None:
    sync(register, district("D-1", attached=10), district("D-2", "C-02", attached=20))
    person = people(1)[0]
    first = register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="test"
    )
    second = register.record_decision(
        application("C-02"), approval("C-02", "D-2"), iin=person, actor=OPERATOR, source="test"
    )
    assert second.closed is not None
    assert second.closed.attachment_id == first.attachment_id
    assert second.closed.clinic_id == "C-01"
    capacity = register.remaining_by_district()
    assert (capacity["D-1"].approved_since, capacity["D-1"].left_since) == (1, 1)
    assert capacity["D-1"].attached_now == 10
    assert capacity["D-2"].attached_now == 21
    with register.engine.connect() as connection:
        rows = connection.execute(
            sa.select(register_module.attachments).order_by(register_module.attachments.c.id)
        ).all()
    assert [row.to_date for row in rows] == [dt.date(2026, 9, 21), None]
    assert rows[0].closed_by_id == second.attachment_id
    assert register.active_attachment(OPERATOR, person).clinic_id == "C-02"  # type: ignore[union-attr]
    actions = [entry.action for entry in register.audit_entries(OPERATOR)][-2:]
    assert actions == ["attachment.close", "attachment.open"]


def test_R_ORG_3_reattaching_to_the_same_district_needs_no_free_place(register: Register) -> None:
    sync(register, district("D-1", attached=1699))
    person = people(1)[0]
    register.record_decision(application(), approval(), iin=person, actor=OPERATOR, source="t")
    assert register.remaining_by_district()["D-1"].remaining == 0
    again = register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="t"
    )
    assert again.outcome is Outcome.APPROVED
    assert again.remaining == 0
    assert register.stats()["active_attachments"] == 1


def test_a_refusal_is_stored_with_every_reason_and_no_attachment(register: Register) -> None:
    recorded = register.record_decision(
        application(), refusal(), iin=people(1)[0], actor=OPERATOR, source="test"
    )
    assert recorded.attachment_id is None
    assert not recorded.capacity_refused
    exported = register.export_decisions(OPERATOR, source="test")
    assert {"clinic_id": "C-01", "outcome": "refused", "code": "", "rule": "", "count": 1} in (
        exported
    )
    codes = {(row["code"], row["rule"]) for row in exported if row["code"]}
    assert codes == {("HOME_VISIT_RISK", "R-TERR-2"), ("MISSING_DOCUMENT", "R-DOC-3")}


def test_nothing_is_stored_for_an_invalid_iin_or_an_unknown_district(register: Register) -> None:
    sync(register, district("D-1"))
    bad = people(1)[0]
    with pytest.raises(IINError, match="check digit"):
        register.record_decision(
            application(),
            approval(),
            iin=bad[:11] + str((int(bad[11]) + 1) % 10),
            actor=OPERATOR,
            source="test",
        )
    # A valid IIN of someone born on another day than the application's applicant.
    mismatch = "birth date 3 March 1980, the application 2 March 1980"
    with pytest.raises(IINError, match=mismatch) as info:
        register.record_decision(
            application(),
            approval(),
            iin=make_iin(dt.date(1980, 3, 3), serial=1),
            actor=OPERATOR,
            source="test",
        )
    assert info.value.text("ru").startswith(
        "ИИН: по первым шести цифрам дата рождения 3 марта 1980 г., в заявлении 2 марта 1980 г."
    )
    with pytest.raises(UnknownDistrictError, match="'D-9' is not in the register"):
        register.record_decision(
            application(),
            approval(district_id="D-9"),
            iin=people(1)[0],
            actor=OPERATOR,
            source="test",
        )
    with pytest.raises(RegisterError, match="coupon is for clinic C-02"):
        register.record_decision(
            application(), approval("C-02"), iin=people(1)[0], actor=OPERATOR, source="test"
        )
    assert register.stats()["applications"] == 0


def test_a_registrar_records_only_for_their_own_clinic(register: Register) -> None:
    sync(register, district("D-1"))
    with pytest.raises(AccessDeniedError, match="reg-c-02 \\(registrar\\) of clinic C-02"):
        register.record_decision(
            application(), approval(), iin=people(1)[0], actor=registrar("C-02"), source="page"
        )
    recorded = register.record_decision(
        application(), approval(), iin=people(1)[0], actor=registrar("C-01"), source="page"
    )
    assert recorded.outcome is Outcome.APPROVED
    denied = register.audit_entries(OPERATOR, action="access.denied")
    assert [(entry.actor, entry.object) for entry in denied] == [("reg-c-02", "clinic:C-01")]


def test_the_iin_is_never_stored_in_clear(register: Register, db_url: str) -> None:
    sync(register, district("D-1"))
    person = people(1)[0]
    register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="test", full_name="Айгерим"
    )
    seen: list[str] = []
    with register.engine.connect() as connection:
        for table in register_module.metadata.sorted_tables:
            seen += [json.dumps(list(map(str, row))) for row in connection.execute(table.select())]
    text = "\n".join(seen)
    assert person not in text
    assert TEST_HASHER.hash(person) in text
    assert person[-4:] in text
    if db_url.startswith("sqlite"):
        path = Path(db_url.removeprefix("sqlite:///"))
        stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert person.encode() not in stored
    rows = register.applications_for(registrar("C-01"))
    assert (rows[0].iin_last4, rows[0].full_name) == (person[-4:], "Айгерим")


def test_the_audit_log_refuses_updates_and_deletes(register: Register) -> None:
    sync(register, district("D-1"))
    for statement in (
        sa.update(register_module.audit_log).values(actor="someone else"),
        sa.delete(register_module.audit_log),
    ):
        with (
            pytest.raises(sa.exc.DBAPIError, match="append-only"),
            register.engine.begin() as connection,
        ):
            connection.execute(statement)
    assert len(register.audit_entries(OPERATOR)) == 1


def test_exports_are_aggregates_without_personal_data(register: Register) -> None:
    sync(register, district("D-1", attached=5), district("D-2", "C-02", doctors=0.5))
    person = people(1)[0]
    register.record_decision(
        application(), approval(), iin=person, actor=OPERATOR, source="t", full_name="Асан"
    )
    capacity = register.export_capacity(OPERATOR, source="test")
    assert [row["district_id"] for row in capacity] == ["D-1", "D-2"]
    assert capacity[0] | {"data_date": None} == {
        "district_id": "D-1",
        "clinic_id": "C-01",
        "model": "gp",
        "doctors": "1.0",
        "norm": 1700,
        "data_date": None,
        "attached_base": 5,
        "approved_since": 1,
        "left_since": 0,
        "attached_now": 6,
        "remaining": 1694,
        "status": "current",
        "retired_on": "",
    }
    assert capacity[1]["remaining"] == 850
    text = json.dumps(capacity + register.export_decisions(OPERATOR, source="t"))
    for personal in (person, person[-4:], "Асан", TEST_HASHER.hash(person)):
        assert personal not in text
    with pytest.raises(AccessDeniedError):
        register.export_capacity(registrar("C-01"), source="test")


def test_R_CAP_2_the_rules_decide_on_the_registers_counts(register: Register) -> None:
    """The engine is fed ``attached_now`` from the register: its second applicant is refused."""
    sync(register, district("D-1", attached=1699))
    clinic = ClinicFacts("C-01", ClinicKind.POLYCLINIC, registered=True, shi_supplier=True)
    place = PlaceFacts(same_settlement=True, residence_in_territory=True)
    outcomes = []
    for person in people(2):
        facts = Facts(
            clinic=clinic,
            place=place,
            districts=(DistrictFacts("D-1", DistrictModel.GP, 1.0, register.attached_now("D-1")),),
        )
        decision = evaluate(application(), facts, now=NOW)
        recorded = register.record_decision(
            application(), decision, iin=person, actor=OPERATOR, source="test"
        )
        outcomes.append((decision.outcome, recorded.outcome, recorded.capacity_refused))
    assert outcomes == [
        (Outcome.APPROVED, Outcome.APPROVED, False),
        (Outcome.REFUSED, Outcome.REFUSED, False),
    ]


def test_cli_import_stats_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line on an SQLite file (it is database-agnostic; the demo import runs once)."""
    db_url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    demo = register_cli.DEFAULT_REGION / "region.gpkg"
    expected = len(pyogrio.read_dataframe(demo, layer="districts", read_geometry=False))
    assert register_cli.main(["register", "import", "--database", db_url]) == 0
    out = capsys.readouterr().out
    assert f"{expected} added, 0 counted anew" in out
    assert register_cli.main(["register", "stats", "--json", "--database", db_url]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["districts"] == expected
    assert stats["applications"] == 0
    target = tmp_path / "capacity.csv"
    assert (
        register_cli.main(["register", "export", "--database", db_url, "--out", str(target)]) == 0
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("district_id,clinic_id,model,doctors,norm")
    assert len(lines) == expected + 1
    assert (
        register_cli.main(["register", "import", "--region", "/nonexistent", "--database", db_url])
        == 2
    )
    assert "region /nonexistent" in capsys.readouterr().err
    # Through the emhana command, a file where a folder is wanted (or any unwritable --out) is
    # a message with exit status 2, and the file is left as it was.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep", encoding="utf-8")
    inside = blocker / "capacity.csv"
    assert cli.main(["register", "export", "--database", db_url, "--out", str(inside)]) == 2
    assert "check the path, its permissions and the free space" in capsys.readouterr().err
    assert cli.main(["demo", "build", "--out", str(blocker)]) == 2
    assert "is a file; pass the folder" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "keep"


def test_decide_record_reads_the_iin_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `emhana decide --record` calls: the IIN never comes from an argument."""
    database = f"sqlite:///{tmp_path / 'decide.sqlite'}"
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    with open_register(database) as register:
        sync(register, district("D-1", attached=1695))
    person = people(1)[0]
    monkeypatch.setattr("sys.stdin", io.StringIO(person + "\n"))
    recorded = register_cli.record_from_cli(application(), approval(), database=database)
    text = register_cli.describe_recorded(recorded)
    assert f"Coupon No. C-01/{recorded.attachment_id:08d}" in text
    assert "Places remaining in the district: 4" in text
    assert person not in text
    again = register_cli.record_from_cli(application(), approval(), database=database, iin=person)
    text = register_cli.describe_recorded(again)
    assert "Already attached" in text  # the same district: kept, not closed and reopened
    assert f"Coupon No. C-01/{recorded.attachment_id:08d}" in text


def test_planners_read_where_attached_people_live_but_not_who_they_are(register: Register) -> None:
    sync(register, district("D-1", attached=100), district("D-2", attached=10))
    first, second = people(2)
    register.record_decision(application(), approval(), iin=first, actor=OPERATOR, source="t")
    register.record_decision(
        application(), approval(district_id="D-2"), iin=second, actor=OPERATOR, source="t"
    )
    refused = people(3)[2]
    register.record_decision(application(), refusal(), iin=refused, actor=OPERATOR, source="t")
    # The first person moves to D-2 later: only the active attachment counts (R-ORG-3).
    register.record_decision(
        application(), approval(district_id="D-2"), iin=first, actor=OPERATOR, source="t"
    )
    planner = Account(username="plan", role=Role.PLANNER)
    rows = register.attached_residences(planner, source="page:planner")
    assert [(r.clinic_id, r.district_id) for r in rows] == [("C-01", "D-2"), ("C-01", "D-2")]
    assert all(r.residence is not None and r.residence["address"] == "ул. Абая 10" for r in rows)
    assert set(vars(rows[0])) == {"clinic_id", "district_id", "residence"}  # no identity
    (audit,) = register.audit_entries(OPERATOR, action="export")
    assert (audit.actor, audit.object, audit.details) == ("plan", "residences", {"rows": 2})
    with pytest.raises(AccessDeniedError):
        register.attached_residences(registrar("C-01"), source="page:registrar")
