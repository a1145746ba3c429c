"""Importing a region whose districts changed: the register's districts are the region's.

A district the new region lacks (merged into another, renamed, or of another region) is retired:
kept, with the attachments that name it still visible, but no longer a live place, so its
places are not counted twice (once in it, once in the district whose count now holds its
people). A region that shares no district with the register's is refused unless confirmed.
Every test but the command-line ones runs on SQLite and PostgreSQL (``db_url`` in conftest.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pyogrio
import pytest
import sqlalchemy as sa
from alembic import command

from catchments import register as register_module
from catchments import register_cli
from catchments.capacity import remaining
from catchments.models import DistrictModel, Norms, Outcome, RuleSettings
from catchments.register import Register, RegisterError, UnknownDistrictError, migrate
from geo.package import read_region
from tests.register.conftest import (
    OPERATOR,
    application,
    approval,
    district,
    people,
    sync,
)

DEMO = register_cli.DEFAULT_REGION


def test_a_district_the_region_lacks_is_retired_and_not_counted(register: Register) -> None:
    sync(
        register,
        district("D-1", attached=100),
        district("D-2", attached=1000),
        district("D-3", attached=300),
        district("D-4", "C-02", attached=10),
    )
    person = people(1)[0]
    register.record_decision(
        application(), approval(district_id="D-2"), iin=person, actor=OPERATOR, source="t"
    )
    report = register.sync_districts(
        [
            district("D-1", attached=1100, doctors=2.0),
            district("D-9", attached=300),
            district("D-4", "C-02", attached=10),
        ],
        Norms(),
        data_date=dt.date(2026, 9, 1),
        actor=OPERATOR,
        source="test",
    )
    assert (report.added, report.updated, report.unchanged) == (("D-9",), ("D-1",), ("D-4",))
    assert report.retired == ("D-2", "D-3")
    assert report.retired_attachments == 1
    assert "2 retired (the region lacks them; kept, not counted)" in report.summary()

    # Only the region's districts are live places: 3,400 - 1,100 + 1,700 - 300 + 1,700 - 10.
    capacity = register.remaining_by_district()
    assert sorted(capacity) == ["D-1", "D-4", "D-9"]
    assert sum(c.remaining for c in capacity.values()) == 2300 + 1400 + 1690
    stats = register.stats()
    assert stats["districts"] == 3
    assert (stats["retired_districts"], stats["retired_holding"]) == (2, 1)
    assert stats["retired_attachments"] == 1
    assert stats["active_attachments"] == 1  # nothing stored is lost

    rows = register.export_capacity(OPERATOR, source="t")
    assert [(r["district_id"], r["status"]) for r in rows] == [
        ("D-1", "current"),
        ("D-4", "current"),
        ("D-9", "current"),
    ]
    everything = register.export_capacity(OPERATOR, source="t", include_retired=True)
    retired = {str(r["district_id"]): r for r in everything if r["status"] == "retired"}
    assert sorted(retired) == ["D-2", "D-3"]
    assert retired["D-2"]["attached_now"] == 1001  # its attachments stay visible
    assert retired["D-2"]["remaining"] is None  # but hold no live places
    assert retired["D-2"]["retired_on"] != ""

    # The person stays attached where their coupon says, until re-attached.
    active = register.active_attachment(OPERATOR, person)
    assert active is not None
    assert active.district_id == "D-2"
    # No one is attached to a district that is gone, and nothing is stored trying.
    with pytest.raises(UnknownDistrictError, match="'D-3' was retired from the register on"):
        register.record_decision(
            application(),
            approval(district_id="D-3"),
            iin=people(2)[1],
            actor=OPERATOR,
            source="t",
        )
    with pytest.raises(UnknownDistrictError, match="region last imported lacks it"):
        register.attached_now("D-2")
    assert register.stats()["applications"] == 1
    sync_entry = register.audit_entries(OPERATOR, action="districts.sync")[-1]
    assert sync_entry.details["retired"] == ["D-2", "D-3"]


def test_a_retired_district_the_region_has_again_is_current_again(register: Register) -> None:
    sync(register, district("D-1", attached=100), district("D-2", attached=1000))
    register.record_decision(
        application(), approval(district_id="D-2"), iin=people(1)[0], actor=OPERATOR, source="t"
    )
    report = register.sync_districts(
        [district("D-1", attached=100)],
        Norms(),
        data_date=dt.date(2026, 9, 1),
        actor=OPERATOR,
        source="test",
    )
    assert report.retired == ("D-2",)
    report = register.sync_districts(
        [district("D-1", attached=100), district("D-2", attached=1000)],
        Norms(),
        data_date=dt.date(2026, 9, 1),
        actor=OPERATOR,
        source="test",
    )
    assert report.restored == ("D-2",)
    assert report.unchanged == ("D-1", "D-2")
    assert "1 back from retirement" in report.summary()
    # Same data date: the attachment recorded since the count still counts.
    assert register.attached_now("D-2") == 1001
    assert register.stats()["retired_districts"] == 0
    recorded = register.record_decision(
        application(), approval(district_id="D-2"), iin=people(2)[1], actor=OPERATOR, source="t"
    )
    assert recorded.outcome is Outcome.APPROVED


def test_a_region_sharing_no_district_is_refused_unless_confirmed(register: Register) -> None:
    sync(register, district("D-1", attached=100), district("D-2", attached=10))
    other = [district("E-1", "K-01"), district("E-2", "K-01")]
    with pytest.raises(RegisterError) as refused:
        register.sync_districts(
            other, Norms(), data_date=dt.date(2026, 9, 1), actor=OPERATOR, source="test"
        )
    message = str(refused.value)
    assert "the region shares no district with the register's 2" in message
    assert "register: D-1, D-2; region: E-1, E-2" in message
    assert "--replace-districts" in message
    assert sorted(register.remaining_by_district()) == ["D-1", "D-2"]  # nothing changed
    assert len(register.audit_entries(OPERATOR, action="districts.sync")) == 1

    report = register.sync_districts(
        other,
        Norms(),
        data_date=dt.date(2026, 9, 1),
        actor=OPERATOR,
        source="test",
        replace=True,
    )
    assert (report.added, report.retired) == (("E-1", "E-2"), ("D-1", "D-2"))
    assert sorted(register.remaining_by_district()) == ["E-1", "E-2"]
    # Back to the first region: it shares nothing with the current one either.
    with pytest.raises(RegisterError, match="shares no district"):
        sync(register, district("D-1", attached=100))


def test_migration_0002_keeps_every_district_current(db_url: str) -> None:
    """A register of revision 0001 upgrades in place: its districts are current, none lost."""
    migrate(db_url)
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        command.downgrade(register_module._migrations_config(connection), "0001")
    with engine.begin() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("districts")}
        assert "retired_at" not in columns
        connection.execute(
            sa.text(
                "INSERT INTO districts (district_id, clinic_id, model, doctors, norm, "
                "attached_base, data_date, counted_at, updated_at) VALUES ('D-1', 'C-01', 'gp', "
                "'1.0', 1700, 5, '2026-09-01', '2026-09-01 00:00:00', '2026-09-01 00:00:00')"
            )
        )
    engine.dispose()
    assert migrate(db_url) == "0002"
    with register_module.open_register(db_url) as register:
        assert register.stats()["districts"] == 1
        assert register.remaining_by_district()["D-1"].remaining == 1695


# --- the command line, on the demo region -----------------------------------------------------


def _demo_with_changed_districts(folder: Path) -> Path:
    """A copy of the demo where D-01T2 is merged into D-01T1 (counts summed), D-02T1 is D-02T9."""
    shutil.copytree(DEMO, folder)
    path = folder / "region.gpkg"
    layer = pyogrio.read_dataframe(path, layer="districts")
    first = layer.index[layer.district_id == "D-01T1"][0]
    second = layer.index[layer.district_id == "D-01T2"][0]
    layer.loc[first, "geometry"] = layer.loc[first, "geometry"].union(layer.loc[second, "geometry"])
    layer.loc[first, "attached"] += layer.loc[second, "attached"]
    layer = layer.drop(index=second)
    layer.loc[layer.district_id == "D-02T1", "district_id"] = "D-02T9"
    pyogrio.write_dataframe(layer, path, layer="districts", driver="GPKG")
    streets = pyogrio.read_dataframe(path, layer="district_streets")
    streets.loc[streets.district_id == "D-01T2", "district_id"] = "D-01T1"
    streets.loc[streets.district_id == "D-02T1", "district_id"] = "D-02T9"
    pyogrio.write_dataframe(streets, path, layer="district_streets", driver="GPKG")
    return folder


def _places(folder: Path) -> tuple[int, int]:
    """The region's districts and their remaining places, counted from the package alone."""
    region = read_region(folder)
    norms = RuleSettings.from_mapping(region.config.rule_tables()).norms
    places = sum(
        max(remaining(norms.for_model(DistrictModel(row.model)), row.doctors, row.attached), 0)
        for row in region.districts.itertuples()
    )
    return len(region.districts), places


def test_cli_import_of_changed_districts_counts_the_region_s_places_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    changed = _demo_with_changed_districts(tmp_path / "changed")
    assert register_cli.main(["register", "import", "--database", database]) == 0
    capsys.readouterr()
    assert (
        register_cli.main(["register", "import", "--database", database, "--region", str(changed)])
        == 0
    )
    out, err = capsys.readouterr()
    assert "1 added" in out
    assert "2 retired (the region lacks them; kept, not counted)" in out
    assert "retired (not in this region): D-01T2, D-02T1" in err

    count, places = _places(changed)
    assert register_cli.main(["register", "stats", "--json", "--database", database]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["districts"] == count
    assert stats["places_remaining"] == places
    assert (stats["retired_districts"], stats["retired_holding"]) == (2, 0)
    assert register_cli.main(["register", "stats", "--database", database]) == 0
    out = capsys.readouterr().out
    assert f"districts: {count} (" in out
    assert "retired districts: 2 (not in the region last imported; not counted above)" in out

    target = tmp_path / "capacity.csv"
    command = ["register", "export", "--database", database, "--out", str(target)]
    assert register_cli.main(command) == 0
    assert "retired districts: 2" in capsys.readouterr().err
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == count
    assert {row["status"] for row in rows} == {"current"}
    assert sum(max(int(row["remaining"]), 0) for row in rows) == places
    assert register_cli.main([*command, "--include-retired"]) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    marked = {row["district_id"]: row for row in rows if row["status"] == "retired"}
    assert sorted(marked) == ["D-01T2", "D-02T1"]
    assert marked["D-01T2"]["remaining"] == ""


def test_cli_import_of_another_region_needs_replace_districts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    with register_module.open_register(database) as register:
        sync(register, district("X-1", attached=10), district("X-2", attached=20))
    command = ["register", "import", "--database", database]
    assert register_cli.main(command) == 2
    err = capsys.readouterr().err
    assert "the region shares no district with the register's 2 (register: X-1, X-2;" in err
    assert "check --region and --database" in err
    assert "Traceback" not in err
    assert register_cli.main([*command, "--replace-districts"]) == 0
    out, err = capsys.readouterr()
    assert "2 retired" in out
    assert "retired (not in this region): X-1, X-2" in err
    assert register_cli.main(["register", "stats", "--json", "--database", database]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["districts"] == _places(DEMO)[0]
    assert stats["retired_districts"] == 2
