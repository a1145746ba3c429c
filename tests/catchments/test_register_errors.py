"""The register's errors in the reader's language, and ``decide --record`` of an unsubmitted one.

``RegisterError`` (and ``AccessDeniedError``) name their problem by a ``code`` and ``params``;
``catchments.messages.REGISTER_ERRORS`` words every code in Kazakh, Russian and English, and
``str()`` is its English. ``emhana decide --lang ru|kk`` then says a register problem in that
language, as the app's pages do. R-TERR-2: an application that needs the applicant's
acknowledgement is not submitted, so ``decide --record`` records nothing and says why.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import string
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from catchments import cli
from catchments.access import AccessDeniedError, Account, Role, require
from catchments.messages import REGISTER_ERRORS, Language, MessageError, register_error
from catchments.register import (
    NotSubmittedError,
    RegisterError,
    SchemaError,
    UnknownDistrictError,
    open_register,
)
from tests.applications import application
from tests.catchments.test_cli_language import NOW, demo, english_words, services
from tests.catchments.test_cli_record import database, load_demo

__all__ = ["database", "demo", "services"]  # fixtures used here, from the command's tests

ROOT = Path(__file__).resolve().parents[2]
# Words that are no language's: names of products, drivers and options, a command's words,
# JSON's literal, and what the tests type.
PROPER = frozenset(
    {
        *("Emhana", "PostgreSQL", "SQLite", "Python", "WAL"),
        *("psycopg", "pysqlite", "asyncpg", "sqlite", "postgresql", "mysql"),
        *("emhana", "decide", "register", "migrate", "true", "garbage", "journal", "ss"),
    }
)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --- the catalog -------------------------------------------------------------------------------


def test_every_register_error_is_worded_in_every_language_with_the_same_placeholders() -> None:
    english = REGISTER_ERRORS[Language.EN]
    for lang in Language:
        assert set(REGISTER_ERRORS[lang]) == set(english), lang
        for key, template in english.items():
            assert fields(REGISTER_ERRORS[lang][key]) == fields(template), (lang, key)


def _raised_codes() -> set[str]:
    """The codes the register's modules raise, as their source writes them."""
    register = (ROOT / "catchments" / "register.py").read_text("utf-8")
    source = register + (ROOT / "catchments" / "register_cli.py").read_text("utf-8")
    codes = set(re.findall(r'\bcode="([a-z_]+)"', source))
    for pair in re.findall(r'code="([a-z_]+)" if .* else "([a-z_]+)"', source):
        codes |= set(pair)
    codes |= set(re.findall(r'_failure\(\s*"([a-z_]+)"', source))
    codes |= {f"action.{name}" for name in re.findall(r'\baction="([a-z_]+)"', register)}
    codes |= {f"detail.{name}" for name in re.findall(r'return "(read_only_[a-z]+)"', source)}
    codes |= {"detail.unreadable_file", "detail.driver", "fix.tilde", "fix.create", "fix.check"}
    codes |= {"iin_key_not_set", "iin_key_short", "unknown_district", "retired_district"}
    return codes


def test_every_code_the_register_raises_is_in_the_catalog() -> None:
    raised = _raised_codes()
    assert len(raised) >= 40, sorted(raised)  # the patterns still find them
    assert sorted(raised - set(REGISTER_ERRORS[Language.EN])) == []


@pytest.mark.parametrize("lang", list(Language))
def test_every_register_error_fills_in_every_language(lang: Language) -> None:
    # A counted field with another language's forms, or a field a template lacks, fails here
    # rather than on a registrar's screen.
    for code, template in REGISTER_ERRORS[lang].items():
        text = register_error(code, dict.fromkeys(fields(template), 2), lang)
        assert not set("{}") & set(text), (code, text)
        assert text.strip(), code


@pytest.mark.parametrize("lang", list(Language))
def test_a_parameter_naming_a_code_is_worded_first(lang: Language) -> None:
    table = REGISTER_ERRORS[lang]
    write = register_error(
        "write_refused",
        {
            "url": "sqlite:///r.sqlite",
            "action": "audit",
            "event": "export",
            "detail": "read_only_url",
        },
        lang,
    )
    assert table["action.audit"].replace("{event!r}", "'export'") in write
    assert table["detail.read_only_url"] in write
    folder = {"path": "/x/r.sqlite", "origin": "the default register", "folder": "/x"}
    text = register_error("no_folder", {**folder, "fix": "tilde"}, lang)
    assert table["fix.tilde"] in text
    assert f"({table['origin.default']})" in text


def test_a_count_agrees_and_a_date_is_written_in_the_language() -> None:
    params = {
        "data_date": "2026-09-01",
        "count": 1,
        "district": "D-1",
        "register_date": "2026-10-01",
    }
    assert "for 1 district (e.g. D-1: 1 October 2026)" in register_error(
        "stale_data_date", params, "en"
    )
    assert "для 1 участка (например, D-1: 1 октября 2026 г.)" in register_error(
        "stale_data_date", params, "ru"
    )
    assert "для 5 участков" in register_error("stale_data_date", {**params, "count": 5}, "ru")
    assert register_error("iin_key_short", {"length": 1, "least": 32, "command": "x"}, "ru") == (
        "EMHANA_IIN_KEY: в ключе 1 символ; нужно не меньше 32, например вывод команды x"
    )


def test_an_unknown_code_is_a_catalog_bug_and_an_error_without_one_reads_as_given() -> None:
    with pytest.raises(MessageError, match="no_such_problem"):
        register_error("no_such_problem", {}, "ru")
    error = RegisterError("the register failed: disk I/O error")
    assert (error.code, dict(error.params)) == ("", {})
    assert error.text("ru") == "the register failed: disk I/O error"


# --- the errors --------------------------------------------------------------------------------


def test_the_english_of_an_error_is_its_str_and_the_other_languages_are_worded() -> None:
    unknown = UnknownDistrictError("D-9")
    assert str(unknown) == (
        "district 'D-9' is not in the register; load the region into it with "
        "`emhana register import --region DIR`"
    )
    assert (unknown.code, dict(unknown.params)) == ("unknown_district", {"district": "D-9"})
    assert unknown.text("ru").startswith("участка 'D-9' нет в регистре")
    retired = UnknownDistrictError("D-3", dt.datetime(2026, 10, 1, 4, tzinfo=dt.UTC))
    assert retired.code == "retired_district"
    assert retired.params["date"] == "2026-10-01"
    assert "выведен из регистра 1 октября 2026 г." in retired.text("ru")
    assert "тіркелімнен 2026 жылғы 1 қазан шығарылды" in retired.text("kk")
    assert "was retired from the register on 1 October 2026" in str(retired)
    refused = NotSubmittedError("C-01")
    assert refused.text("kk").startswith("өтініш берілмеген")
    assert english_words(refused.text("ru"), PROPER) == []


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_opening_a_register_fails_in_the_language(tmp_path: Path, lang: str) -> None:
    problems: list[RegisterError] = []
    for url in (
        "garbage",
        "mysql://db.local/emhana",
        "postgresql+asyncpg://db.local/emhana",
        "postgresql://anna:Kz2026@Secret@db.local/emhana",
        f"sqlite:///{tmp_path}",
        f"sqlite:///{tmp_path / 'missing' / 'register.sqlite'}",
        f"sqlite:///{tmp_path / 'register.sqlite'}?journal=wal",
        "sqlite://anna@db.local/register.sqlite",
    ):
        with pytest.raises(RegisterError) as caught:
            open_register(url, origin="--database", create=False)
        problems.append(caught.value)
    missing = tmp_path / "register.sqlite"
    with pytest.raises(RegisterError) as caught:
        open_register(f"sqlite:///{missing}", origin="--database", create=False)
    problems.append(caught.value)
    assert [problem.code for problem in problems] == [
        "url_unparseable",
        "url_backend",
        "url_driver",
        "url_password_at",
        "sqlite_folder",
        "no_folder",
        "sqlite_argument",
        "sqlite_host",
        "no_register",
    ]
    for problem in problems:
        text = problem.text(lang)
        assert text != str(problem)
        assert english_words(text, PROPER | {"postgresql", "sqlite"}) == [], text
        assert "Secret" not in text


def test_a_newer_schema_is_named_in_the_language(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    open_register(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    with pytest.raises(SchemaError) as caught:
        open_register(url)
    assert caught.value.code == "schema_newer"
    assert str(caught.value).endswith("it was migrated by a newer version; upgrade Emhana")
    assert caught.value.text("ru").endswith("его обновила более новая версия; обновите Emhana")


def test_a_read_only_register_says_why_in_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "register.sqlite"
    open_register(f"sqlite:///{path}").close()
    access = os.access

    def read_only(target: str | os.PathLike[str], mode: int, **kwargs: bool) -> bool:
        if os.fspath(target) == str(path) and mode & os.W_OK:
            return False
        return access(target, mode, **kwargs)

    monkeypatch.setattr(os, "access", read_only)
    with open_register(f"sqlite:///{path}", create=False) as register:
        assert register.read_only is not None
        assert register.read_only.startswith(f"{path} is read-only to this user")
        assert register.read_only_problem == ("read_only_file", {"path": str(path)})
        detail = register_error("detail.read_only_file", {"path": path}, "kk")
        assert detail.startswith(f"{path} бұл пайдаланушыға тек оқуға қолжетімді")


def test_an_access_refusal_names_what_was_wanted_in_the_language() -> None:
    planner = Account(username="pat", role=Role.PLANNER)
    with pytest.raises(AccessDeniedError) as caught:
        require(False, planner, "read_audit_log")
    error = caught.value
    assert (error.code, error.params["who"], error.params["role"]) == (
        "access.read_audit_log",
        "account",
        "planner",
    )
    assert str(error) == "pat (planner) may not read the audit log"
    assert error.text("ru") == "pat (планировщик) не может читать журнал аудита"
    assert error.text("kk") == "pat (жоспарлаушы) аудит журналын оқи алмайды"
    with pytest.raises(AccessDeniedError) as caught:
        require(False, None, "record_decision", clinic_id="C-02")
    assert caught.value.text("ru") == (
        "анонимный посетитель не может вносить решения по заявлениям в медорганизацию C-02"
    )
    with pytest.raises(AccessDeniedError) as caught:
        require(False, planner, "fly to the moon")  # no code: English, as given
    assert (caught.value.code, str(caught.value)) == ("", "pat (planner) may not fly to the moon")


# --- the command line --------------------------------------------------------------------------


@pytest.fixture
def decide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """``emhana decide APPLICATION ...`` on the demo; returns the status, stdout and stderr."""

    def run(data: dict[str, object], *options: str) -> tuple[int, str, str]:
        path = tmp_path / "application.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no IIN: asking for one fails
        status = cli.main(["decide", str(path), "--now", NOW, *options])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("ru", "— не URL базы данных; ожидается"),
        ("kk", "дерекқор URL-і емес;"),
    ],
)
def test_a_register_that_cannot_be_opened_is_said_in_the_language(
    decide: Callable[..., tuple[int, str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    said: str,
) -> None:
    status, _out, err = decide(application(), "--lang", lang, "--database", "garbage")
    assert status == cli.EXIT_BAD_INPUT
    assert said in err
    assert "is not a database URL" not in err
    assert english_words(err, PROPER) == [], err
    missing = f"sqlite:///{tmp_path / 'nowhere' / 'register.sqlite'}"
    status, _out, err = decide(application(), "--lang", lang, "--database", missing)
    assert status == cli.EXIT_BAD_INPUT
    assert {"ru": "папки", "kk": "қалтасы жоқ"}[lang] in err
    assert english_words(err, PROPER) == [], err


@pytest.mark.usefixtures("demo")
def test_a_newer_register_is_said_in_the_language(
    decide: Callable[..., tuple[int, str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    open_register(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    status, _out, err = decide(application(), "--lang", "ru", "--database", url)
    assert status == cli.EXIT_BAD_INPUT
    assert "неизвестную этой версии Emhana" in err
    assert english_words(err, PROPER) == [], err


OUTSIDE = application(clinic_id="C-01")  # Абая 59 lies outside C-01's territory (the demo)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Not recorded: the application is not submitted, so it cannot be recorded"),
        ("ru", "Не внесено в регистр: заявление не подано, поэтому его нельзя внести в регистр"),
        ("kk", "Тіркелімге енгізілмеді: өтініш берілмеген, сондықтан оны тіркелімге"),
    ],
)
@pytest.mark.usefixtures("demo")
def test_R_TERR_2_decide_record_records_nothing_for_an_unsubmitted_application(
    decide: Callable[..., tuple[int, str, str]],
    database: str,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    line: str,
) -> None:
    load_demo(database, places=5)
    status, out, err = decide(OUTSIDE, "--record", "--database", database, "--lang", lang)
    assert status == 0, err  # the decision is made and shown; it is not an application yet
    assert line in err
    assert "ACKNOWLEDGEMENT_REQUIRED" in out
    if lang != "en":
        assert english_words(err, PROPER) == [], err
    with open_register(database) as register:
        stats = register.stats()
    assert (stats["applications"], stats["decisions"]) == (0, {})


@pytest.mark.usefixtures("demo")
def test_R_TERR_2_the_json_answer_says_nothing_was_recorded_and_why(
    decide: Callable[..., tuple[int, str, str]], database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load_demo(database, places=5)
    status, out, _err = decide(OUTSIDE, "--record", "--json", "--database", database)
    assert status == 0
    shown = json.loads(out)
    assert shown["outcome"] == "needs_acknowledgement"
    assert (shown["recorded"], shown["not_recorded"]) == (None, "not_submitted")
    # Acknowledged, the same application is submitted and recorded (the IIN piped in).
    acknowledged = {**OUTSIDE, "home_visit_acknowledged": True}
    path = Path(database.removeprefix("sqlite:///")).parent / "acknowledged.json"
    path.write_text(json.dumps(acknowledged), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO("800302300019\n"))
        argv = ["decide", str(path), "--record", "--json", "--database", database, "--now", NOW]
        assert cli.main(argv) == 0
    recorded = json.loads(capsys.readouterr().out)["recorded"]
    assert recorded is not None
    assert recorded["outcome"] in ("approved", "refused")
