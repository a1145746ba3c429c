"""Fixtures of the register's tests: the same tests on SQLite and on PostgreSQL.

``db_url`` is parametrised over both databases. PostgreSQL is, in order of preference,
``EMHANA_TEST_POSTGRES_URL`` (a server where the tests may create databases), or a throwaway
cluster this session starts itself (``initdb`` + ``pg_ctl`` into a temporary folder, on a free
localhost port, as the ``postgres`` system user when run as root, since PostgreSQL refuses root).
Where PostgreSQL is not installed those tests skip and say why, except under ``CI=true``, where
they fail: CI installs Debian's ``postgresql`` package and must run them.

Each test gets a fresh database: on PostgreSQL a copy of a template migrated once per session
(``CREATE DATABASE … TEMPLATE``), on SQLite a new file.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
import sqlalchemy as sa

from catchments.access import Account, Role
from catchments.calendar import KZ_TZ
from catchments.iin import IINHasher, check_digit
from catchments.models import (
    Applicant,
    Application,
    Basis,
    Channel,
    Coupon,
    Decision,
    DistrictModel,
    Document,
    Location,
    Norms,
    Outcome,
)
from catchments.reasons import ReasonCode, reason
from catchments.register import Register, migrate, open_register

TEST_HASHER = IINHasher("test-key-for-the-register-tests-only-0123456789")
NOW = dt.datetime(2026, 9, 21, 10, 0, tzinfo=KZ_TZ)
OPERATOR = Account(username="os-test", role=Role.OPERATOR)
ADMIN = Account(username="root-admin", role=Role.ADMIN)
TEMPLATE = "emhana_template"
POSTGRES_ENV = "EMHANA_TEST_POSTGRES_URL"


# --- data built in code -----------------------------------------------------------------------


def make_iin(birth: dt.date, *, serial: int, female: bool = False) -> str:
    """A valid IIN for a birth date: century digit from the year, the first serial that works."""
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (1 if female else 0)
    for candidate in range(serial, serial + 20):
        head = f"{birth:%y%m%d}{century}{candidate % 10000:04d}"
        digit = check_digit(head)
        if digit is not None:
            return f"{head}{digit}"
    raise AssertionError("no serial gives a check digit")  # pragma: no cover


def people(count: int) -> list[str]:
    """``count`` distinct valid IINs of adults born on 2 March 1980."""
    iins: list[str] = []
    serial = 1
    while len(iins) < count:
        iin = make_iin(dt.date(1980, 3, 2), serial=serial)
        if iin not in iins:
            iins.append(iin)
        serial = int(iin[7:11]) + 1
    return iins


def application(clinic_id: str = "C-01") -> Application:
    """An adult's application made at a PSC during the campaign (DESIGN.md's format)."""
    return Application(
        clinic_id=clinic_id,
        residence=Location(address="ул. Абая 10"),
        basis=Basis.RESIDENCE,
        applicant=Applicant(birth_date=dt.date(1980, 3, 2), documents=(Document.ID_CARD,)),
        channel=Channel.PSC,
        submitted_at=NOW,
    )


def approval(clinic_id: str = "C-01", district_id: str = "D-1") -> Decision:
    """The rules engine's approval with a coupon for ``district_id``."""
    return Decision(
        outcome=Outcome.APPROVED,
        reasons=(),
        taken_at=NOW,
        due_by=NOW + dt.timedelta(days=1),
        coupon=Coupon(clinic_id=clinic_id, district_id=district_id, model=DistrictModel.GP),
        decided_at=NOW,
    )


def refusal(clinic_id: str = "C-01") -> Decision:
    """A refusal for missing documents (R-DOC-3), with a warning before it."""
    return Decision(
        outcome=Outcome.REFUSED,
        reasons=(
            reason(ReasonCode.HOME_VISIT_RISK, clinic_id=clinic_id),
            reason(ReasonCode.MISSING_DOCUMENT, purpose="identity", documents=("id_card",)),
        ),
        taken_at=NOW,
        due_by=NOW + dt.timedelta(days=1),
        coupon=None,
        decided_at=NOW,
    )


def district(
    district_id: str, clinic_id: str = "C-01", *, doctors: float = 1.0, attached: int = 0
) -> dict[str, object]:
    """A row of the region's districts layer (GP model, norm 1,700 per doctor)."""
    return {
        "district_id": district_id,
        "clinic_id": clinic_id,
        "model": "gp",
        "doctors": doctors,
        "attached": attached,
    }


def registrar(clinic_id: str, name: str | None = None) -> Account:
    return Account(
        username=name or f"reg-{clinic_id.lower()}", role=Role.REGISTRAR, clinic_id=clinic_id
    )


def sync(register: Register, *rows: dict[str, object], day: dt.date = dt.date(2026, 9, 1)) -> None:
    register.sync_districts(list(rows), Norms(), data_date=day, actor=OPERATOR, source="test")


# --- PostgreSQL -------------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, or Debian's versioned folder."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    return Path(folders[-1]) if folders else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _unavailable(why: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run under CI: {why}")
    pytest.skip(f"PostgreSQL not available: {why}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[sa.URL]:
    """A PostgreSQL server where databases may be created; its URL (database ``postgres``)."""
    given = os.environ.get(POSTGRES_ENV)
    if given:
        url = sa.make_url(given).set(drivername="postgresql+psycopg")
        _prepare_template(url)
        yield url
        return
    folder = _postgres_bin()
    if folder is None:
        _unavailable(
            f"no initdb/pg_ctl found (apt-get install postgresql) and {POSTGRES_ENV} is not set"
        )
    as_postgres: list[str] = []
    root = tempfile.mkdtemp(prefix="emhana-pg-")
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            _unavailable("running as root and runuser is missing (PostgreSQL refuses root)")
        as_postgres = [str(runuser), "-u", "postgres", "--"]
        shutil.chown(root, user="postgres")
    data, port = Path(root) / "data", _free_port()
    log = Path(root) / "server.log"
    try:
        subprocess.run(
            [
                *as_postgres,
                str(folder / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [
                *as_postgres,
                str(folder / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=90,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(
            f"could not start a cluster: {error} {detail.decode(errors='replace')} {server_log}"
        )
    url = sa.URL.create(
        "postgresql+psycopg", username="postgres", host="127.0.0.1", port=port, database="postgres"
    )
    try:
        _prepare_template(url)
        yield url
    finally:
        subprocess.run(
            [*as_postgres, str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def _admin_engine(url: sa.URL) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _drop(name: str) -> Any:
    from psycopg import sql

    return sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))


def _prepare_template(url: sa.URL) -> None:
    """A migrated database that every test's database copies."""
    from psycopg import sql

    engine = _admin_engine(url)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(TEMPLATE))
        )
        raw.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
    engine.dispose()
    migrate(url.set(database=TEMPLATE).render_as_string(hide_password=False))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated (PostgreSQL) or empty (SQLite) register database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
        return
    from psycopg import sql

    server: sa.URL = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:16]}"
    engine = _admin_engine(server)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(TEMPLATE)
            )
        )
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        engine.dispose()


@pytest.fixture
def open_db(db_url: str) -> Iterator[Callable[..., Register]]:
    """Opens the test database as a register (closed after the test)."""
    opened: list[Register] = []

    def opener(**options: object) -> Register:
        register = open_register(db_url, hasher=TEST_HASHER, **options)  # type: ignore[arg-type]
        opened.append(register)
        return register

    yield opener
    for register in opened:
        register.close()


@pytest.fixture
def register(open_db: Callable[..., Register]) -> Register:
    return open_db()
