"""Opening the register from a URL: bad URLs are messages naming where the URL came from,
read-only uses never create a database, and writing ones create one only in an existing folder
(Emhana's home excepted), saying so.

The house rule: bad input gets a message saying what is wrong and how to fix it (exit status 2,
never a traceback), and nothing already stored is lost.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pyogrio
import pytest

from catchments import cli, register_cli
from catchments.register import (
    DATABASE_URL_ENV,
    Register,
    RegisterError,
    attached_counts,
    migrate,
    open_register,
)
from tests.register.conftest import (
    OPERATOR,
    TEST_HASHER,
    application,
    approval,
    people,
    refusal,
)

PASSWORD = "pw12345678pw"
DEMO = register_cli.DEFAULT_REGION


@pytest.fixture(autouse=True)
def _no_configured_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No register of the machine's: an empty home, no EMHANA_DATABASE_URL, cwd the test's."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("EMHANA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql+nope://u@h/db", "'nope'"),
        ("sqlite+nope:///register.sqlite", "'nope'"),
        ("postgresql+asyncpg://u@h/db", "'asyncpg'"),
    ],
)
def test_a_driver_the_register_does_not_use_is_named_with_the_supported_ones(
    url: str, driver: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["register", "migrate", "--database", url]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"--database: {url} asks for the driver {driver}" in err
    assert "psycopg (psycopg 3) for PostgreSQL" in err
    assert "pysqlite (Python's sqlite3) for SQLite" in err
    with pytest.raises(RegisterError, match=f"{DATABASE_URL_ENV}: .* asks for the driver"):
        open_register(environ={DATABASE_URL_ENV: url})


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite://somehost/register.sqlite", "names a host; an SQLite URL names a file"),
        ("sqlite:///register.sqlite?timeout=soon", "cannot be used: could not convert"),
    ],
)
def test_other_unusable_sqlite_urls_are_messages(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["register", "migrate", "--database", url]) == cli.EXIT_BAD_INPUT
    assert message in capsys.readouterr().err


def test_url_errors_name_the_option_or_the_variable_the_url_came_from(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["register", "stats", "--database", "garbage"]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--database: 'garbage' is not a database URL" in err
    assert DATABASE_URL_ENV not in err
    assert cli.main(["check", "--point", "0", "0", "--database", "mysql://u@h/db"]) == 2
    assert "--database: mysql://u@h/db uses 'mysql'" in capsys.readouterr().err
    monkeypatch.setenv(DATABASE_URL_ENV, "garbage")
    assert cli.main(["register", "stats"]) == cli.EXIT_BAD_INPUT
    assert f"{DATABASE_URL_ENV}: 'garbage' is not a database URL" in capsys.readouterr().err


def test_sqlite_query_arguments_it_would_ignore_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "q.sqlite"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # SQLAlchemy's own warning would be a second, raw line
        status = cli.main(["register", "migrate", "--database", f"sqlite:///{path}?foo=bar"])
    assert status == cli.EXIT_BAD_INPUT
    assert "SQLite would ignore 'foo'; remove it, or add uri=true" in capsys.readouterr().err
    assert not path.exists()


def test_accounts_are_left_as_they_were_when_the_register_cannot_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts = tmp_path / "accounts.toml"
    command = ["register", "accounts", "--accounts", str(accounts), "--database", "garbage"]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main([*command, "add", "lee", "--role", "planner"]) == cli.EXIT_BAD_INPUT
    assert "--database: 'garbage' is not a database URL" in capsys.readouterr().err
    assert not accounts.exists()

    good = f"sqlite:///{tmp_path / 'r.sqlite'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main([*command[:-1], good, "add", "lee", "--role", "planner"]) == 0
    before = accounts.read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main([*command, "add", "lee", "--role", "admin", "--replace"]) == 2
    assert cli.main([*command, "remove", "lee"]) == cli.EXIT_BAD_INPUT
    assert accounts.read_bytes() == before
    with open_register(good) as register:
        assert [entry.action for entry in register.audit_entries(OPERATOR)] == ["accounts.add"]


def test_a_failed_audit_entry_puts_the_accounts_file_back(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file and the audit log move together: no account changes without its entry."""
    accounts = tmp_path / "accounts.toml"
    command = ["register", "accounts", "--accounts", str(accounts), "--database", db_url]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main([*command, "add", "lee", "--role", "planner"]) == 0
    before = accounts.read_bytes()

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RegisterError("the register failed: disk I/O error")

    monkeypatch.setattr(Register, "log_event", failing)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main([*command, "add", "bolat", "--role", "planner"]) == cli.EXIT_BAD_INPUT
    assert cli.main([*command, "remove", "lee"]) == cli.EXIT_BAD_INPUT
    assert "disk I/O error" in capsys.readouterr().err
    assert accounts.read_bytes() == before
    fresh = tmp_path / "fresh.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    fresh_command = [*command[:3], str(fresh), *command[4:]]
    assert cli.main([*fresh_command, "add", "bolat", "--role", "planner"]) == 2
    assert not fresh.exists()


def _decide_files(tmp_path: Path) -> tuple[Path, tuple[float, float]]:
    """An application to the demo's first clinic from its own spot, and that spot."""
    clinics = pyogrio.read_dataframe(DEMO / "region.gpkg", layer="clinics")
    point = clinics.geometry.iloc[0]
    path = tmp_path / "application.json"
    path.write_text(
        json.dumps(
            {
                "clinic_id": str(clinics["clinic_id"].iloc[0]),
                "residence": {"lon": point.x, "lat": point.y},
                "basis": "residence",
                "applicant": {"birth_date": "1980-03-02", "documents": ["id_card"]},
                "channel": "psc",
                "submitted_at": "2026-09-21T10:00:00+05:00",
            }
        ),
        encoding="utf-8",
    )
    return path, (point.x, point.y)


def test_read_only_uses_of_a_missing_sqlite_file_create_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "register.sqlite"
    url = f"sqlite:///{path}"
    application_file, (lon, lat) = _decide_files(tmp_path)
    commands = [
        ["register", "stats", "--database", url],
        ["register", "export", "--database", url],
        ["check", "--point", str(lon), str(lat), "--database", url],
        ["decide", str(application_file), "--database", url],
    ]
    for command in commands:
        assert cli.main(command) == cli.EXIT_BAD_INPUT, command
        err = capsys.readouterr().err
        assert (
            f"no register at {path} (--database); run `emhana register migrate --database {url}` "
            "to create one, or check the path"
        ) in err
        assert not path.exists(), command
    # In a folder that does not exist, migrating would not help: the path is what to check.
    typo = tmp_path / "typo" / "register.sqlite"
    for command in commands:
        command[command.index(url)] = f"sqlite:///{typo}"
        assert cli.main(command) == cli.EXIT_BAD_INPUT, command
        err = capsys.readouterr().err
        assert (
            f"no register at {typo} (--database): its folder {typo.parent} does not exist; "
            "check the path\n"
        ) in err
        assert not typo.parent.exists(), command
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    with pytest.raises(RegisterError, match=f"no register at .* \\({DATABASE_URL_ENV}\\)"):
        attached_counts()
    assert not path.exists()
    # Creating a register is migrate's (and a writing command's) job, and it says so.
    assert cli.main(["register", "migrate", "--database", url]) == 0
    out, err = capsys.readouterr()
    assert "register schema at revision" in out
    assert err == f"created a new register at {path}\n"
    assert cli.main(["register", "migrate", "--database", url]) == 0
    assert capsys.readouterr().err == ""  # an existing register: nothing to say
    assert cli.main(["register", "stats", "--json", "--database", url]) == 0
    assert json.loads(capsys.readouterr().out)["districts"] == 0


def test_writing_commands_refuse_an_sqlite_file_in_a_folder_that_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not sqlite's "unable to open database file", nor a new tree of folders for a typo."""
    typo = tmp_path / "regsiters" / "register.sqlite"
    url = f"sqlite:///{typo}"
    accounts = tmp_path / "accounts.toml"
    application_file, _point = _decide_files(tmp_path)
    add = ["add", "lee", "--role", "planner", "--no-password"]
    commands = [
        ["register", "migrate", "--database", url],
        ["register", "import", "--database", url],
        ["register", "accounts", "--accounts", str(accounts), "--database", url, *add],
        ["decide", str(application_file), "--record", "--database", url],
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO(people(1)[0] + "\n"))
    expected = (
        f"no register at {typo} (--database): its folder {typo.parent} does not exist; check "
        "the path"
    )
    for command in commands:
        assert cli.main(command) == cli.EXIT_BAD_INPUT, command
        err = capsys.readouterr().err
        assert expected in err, command
        # decide --record reads the register's counts before it writes: that read refuses.
        new = ", or create the folder first if a new register belongs there"
        assert (new in err) is (command[0] == "register"), command
        assert "unable to open" not in err
        assert not typo.parent.exists(), command
    assert not accounts.exists()
    with pytest.raises(RegisterError, match=r"its folder .*regsiters does not exist"):
        register_cli.record_from_cli(application(), approval(), database=url, iin=people(1)[0])
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    with pytest.raises(RegisterError, match=f"\\({DATABASE_URL_ENV}\\): its folder .* does not"):
        open_register()
    with pytest.raises(RegisterError, match=r"its folder .* does not exist"):
        migrate(url)
    assert not typo.parent.exists()


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ("~/register.sqlite", "its folder ~ does not exist; write the full path: SQLite does not "
         "expand ~"),
        ("blocker/register.sqlite", "its folder blocker is not a folder; check the path"),
    ],
)  # fmt: skip
def test_a_folder_sqlite_cannot_use_is_named(
    tmp_path: Path, database: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    assert cli.main(["register", "migrate", "--database", f"sqlite:///{database}"]) == 2
    assert f"no register at {database} (--database): {message}" in capsys.readouterr().err
    assert (tmp_path / "blocker").read_text(encoding="utf-8") == "a file, not a folder"
    assert not (tmp_path / "~").exists()


def test_a_new_register_is_announced_naming_the_registers_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Creating on first use is how Emhana starts; said aloud, a mistyped name is noticed."""
    assert cli.main(["register", "migrate", "--database", "sqlite:///register.sqlite"]) == 0
    assert capsys.readouterr().err == f"created a new register at {tmp_path / 'register.sqlite'}\n"
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    command = ["register", "accounts", "--database", "sqlite:///registr.sqlite", "add", "lee"]
    assert cli.main([*command, "--role", "planner"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("lee: planner saved in ")
    assert err == (
        f"created a new register at {tmp_path / 'registr.sqlite'}; {tmp_path} also holds "
        "register.sqlite: if you meant that one, check the path\n"
    )
    # Each writing command says it; the next one, on the register that now exists, does not.
    database = f"sqlite:///{tmp_path / 'new.sqlite'}"
    assert cli.main(["register", "import", "--database", database]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"created a new register at {tmp_path / 'new.sqlite'}; {tmp_path} ")
    assert err.endswith("sqlite: if you meant one of those, check the path\n")
    assert "register.sqlite" in err
    assert "registr.sqlite" in err
    assert "notes.db" not in err  # named like a database, but not one
    assert cli.main(["register", "import", "--database", database]) == 0
    assert "created" not in capsys.readouterr().err
    recorded = tmp_path / "recorded.sqlite"
    with pytest.raises(RegisterError, match="district 'D-1' is not in the register"):
        register_cli.record_from_cli(
            application(), approval(), database=f"sqlite:///{recorded}", iin=people(1)[0]
        )
    assert capsys.readouterr().err.startswith(f"created a new register at {recorded};")


def test_the_default_register_s_folder_is_made_on_first_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Emhana's home is Emhana's own: README's first run needs no folder made by hand."""
    home = tmp_path / "home"
    assert not home.exists()
    assert cli.main(["register", "migrate"]) == 0
    assert capsys.readouterr().err == f"created a new register at {home / 'register.sqlite'}\n"
    assert (home / "register.sqlite").exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://anna:Kz2026@Secret@db.local/emhana",
        "postgresql://anna:Kz2026@Sec:ret@db.local:5432/emhana",  # the tail looks like a port
        "postgresql://anna:Kz/2026@Secret@db.local/emhana",
    ],
)
def test_a_password_holding_an_at_sign_is_hidden_and_the_fix_named(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLAlchemy ends the password at its first '@': the rest must not show as a host."""
    for command in (["register", "stats"], ["register", "import"], ["register", "migrate"]):
        assert cli.main([*command, "--database", url]) == cli.EXIT_BAD_INPUT, command
        err = capsys.readouterr().err
        assert "--database: postgresql://anna:***@db.local" in err, command
        assert "write each '@' in it as %40" in err
        assert "Secret" not in err
        assert "Sec" not in err
        assert "2026" not in err
    with pytest.raises(RegisterError, match="%40") as caught:
        attached_counts(url)
    assert "Secret" not in str(caught.value)
    assert "Sec" not in str(caught.value)


def test_a_folder_given_as_the_sqlite_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "registers"
    folder.mkdir()
    url = f"sqlite:///{folder}"
    for command in (["register", "stats"], ["register", "migrate"], ["register", "import"]):
        assert cli.main([*command, "--database", url]) == cli.EXIT_BAD_INPUT, command
        err = capsys.readouterr().err
        assert (
            f"no register at {folder} (--database): it is a folder; name the register's file, "
            f"e.g. sqlite:///{folder / 'register.sqlite'}"
        ) in err
        assert "unable to open" not in err
    assert list(folder.iterdir()) == []


def _register_with_districts(path: Path) -> str:
    url = f"sqlite:///{path}"
    assert cli.main(["register", "import", "--database", url]) == 0
    return url


def test_a_register_this_user_may_not_write_is_read_and_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root permissions stop nothing: the OS's answer is simulated through os.access."""
    path = tmp_path / "register.sqlite"
    url = _register_with_districts(path)
    capsys.readouterr()
    before = path.read_bytes()
    access = os.access

    def read_only(target: str | os.PathLike[str], mode: int, **kwargs: Any) -> bool:
        if os.fspath(target) == str(path) and mode & os.W_OK:
            return False
        return access(target, mode, **kwargs)

    monkeypatch.setattr(os, "access", read_only)
    assert cli.main(["register", "stats", "--json", "--database", url]) == 0
    assert json.loads(capsys.readouterr().out)["districts"] > 0
    fix = (
        f"{path} is read-only to this user (the file's permissions, or a read-only file system); "
        "give this user write access to it and its folder"
    )
    assert cli.main(["register", "import", "--database", url]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"register import writes to the register at {url}, but {fix}" in err
    assert "`emhana register stats`, work as it is" in err
    # The export is audited: it cannot be, so it is refused, naming why.
    assert cli.main(["register", "export", "--database", url]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert (
        f"cannot record 'export' in the audit log: the register at {url} cannot be written" in err
    )
    assert fix in err
    assert path.read_bytes() == before


def test_a_read_only_copy_in_rollback_mode_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup copy (not in WAL mode) opened with mode=ro: reading must not switch it to WAL."""
    path = tmp_path / "copy.sqlite"
    _register_with_districts(path)
    capsys.readouterr()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert cli.main(["register", "stats", "--json", "--database", url]) == 0
    assert json.loads(capsys.readouterr().out)["districts"] > 0
    with open_register(url, hasher=TEST_HASHER) as register:
        assert register.read_only == (
            "the URL opens it read-only (mode=ro); drop mode=ro to change the register"
        )
        with pytest.raises(
            RegisterError,
            match=r"cannot record the decision: the register at "
            r".* cannot be written: the URL opens it read-only \(mode=ro\)",
        ):
            register.record_decision(
                application(), refusal(), iin=people(1)[0], actor=OPERATOR, source="t"
            )
