"""`emhana decide --record`: what is printed is what the register stored, in ``--lang``.

The demo region's districts are loaded into a fresh SQLite register, district D-02T1 (where
``Акбулак, ул. Абая 59`` lies) with as many places left as a test needs. The IIN is read from
standard input, as a pipe gives it, or from a terminal whose ``getpass`` the test stands in for.
"""

from __future__ import annotations

import getpass
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catchments import cli, register_cli
from catchments.access import operator
from catchments.capacity import remaining
from catchments.models import Application, DistrictModel, RuleSettings
from catchments.register import RegisterError, open_register
from geo.package import read_region
from tests.applications import application
from tests.catchments.test_cli_language import DEMO, NOW, demo, english_words, services
from tests.register.conftest import application as register_application
from tests.register.conftest import approval

__all__ = ["demo", "services"]  # fixtures used here, imported from the language tests

FIRST_IIN = "800302300019"  # born 2.3.1980, as application()
SECOND_IIN = "800302300029"


def load_demo(url: str, places: int) -> None:
    """The demo's districts into the register at ``url``, D-02T1 with ``places`` left."""
    region = read_region(DEMO)
    norms = RuleSettings.from_mapping(region.config.rule_tables()).norms
    rows = region.districts.drop(columns="geometry").to_dict("records")
    for row in rows:
        if row["district_id"] == "D-02T1":
            norm = norms.for_model(DistrictModel(row["model"]))
            row["attached"] = int(norm * row["doctors"]) - places
            assert remaining(norm, row["doctors"], row["attached"]) == places
    with open_register(url) as register:
        register.sync_districts(
            rows, norms, data_date=region.config.data_date, actor=operator(), source="test"
        )


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo: None) -> str:
    """A register URL (not created yet), the development IIN key, and the demo region."""
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    monkeypatch.delenv("EMHANA_IIN_KEY", raising=False)
    monkeypatch.setenv("EMHANA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("EMHANA_DATABASE_URL", raising=False)
    return f"sqlite:///{tmp_path / 'register.sqlite'}"


@pytest.fixture
def decide_record(
    tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., int]:
    """``emhana decide app.json --record`` with the IIN piped on stdin."""
    path = tmp_path / "application.json"
    path.write_text(json.dumps(application()), encoding="utf-8")

    def run(iin: str, *options: str, default_register: bool = False) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(iin + "\n"))
        where = [] if default_register else ["--database", database]
        return cli.main(["decide", str(path), "--record", *where, "--now", NOW, *options])

    return run


class Terminal(io.StringIO):
    """Standard input that is a terminal (the IIN is asked for with ``getpass``)."""

    def isatty(self) -> bool:
        return True


def test_R_CAP_1_an_approval_refused_by_the_register_prints_as_refused(
    decide_record: Callable[..., int],
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    load_demo(database, places=1)
    real = register_cli.record_from_cli

    def another_registrar_first(app: Application, answer: Any, **options: Any) -> Any:
        # Another registrar takes the last place between this decision and its record.
        real(app, answer, iin=SECOND_IIN, database=database)
        return real(app, answer, **options)

    monkeypatch.setattr(cli, "record_from_cli", another_registrar_first)
    assert decide_record(FIRST_IIN, "--json") == 0
    out, err = capsys.readouterr()
    shown = json.loads(out)
    assert shown["outcome"] == "refused"
    assert shown["coupon"] is None
    assert "CAPACITY_EXCEEDED" in [reason["code"] for reason in shown["reasons"]]
    assert shown["recorded"]["capacity_refused"] is True
    assert shown["recorded"]["coupon_number"] is None
    assert "(refused)" in err
    assert "Coupon No." not in err

    monkeypatch.setattr(cli, "record_from_cli", real)
    load_demo(database, places=1)  # the same data date: the count is kept, D-02T1 stays full
    assert decide_record(FIRST_IIN, "--lang", "ru") == 0
    out, _ = capsys.readouterr()
    assert "Решение: отказ" in out
    assert "Талон:" not in out


def test_R_ORG_3_recording_the_same_person_again_keeps_the_attachment(
    decide_record: Callable[..., int], database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load_demo(database, places=5)
    assert decide_record(FIRST_IIN) == 0
    first = capsys.readouterr().err
    assert "Coupon No. C-02/00000001" in first
    assert decide_record(FIRST_IIN, "--json") == 0
    out, err = capsys.readouterr()
    assert "Already attached" in err
    assert "Coupon No. C-02/00000001" in err
    assert "Previous attachment" not in err
    assert json.loads(out)["recorded"]["already_attached"] is True
    with open_register(database) as register:
        stats = register.stats()
    assert (stats["applications"], stats["active_attachments"]) == (1, 1)
    assert stats["closed_attachments"] == 0


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_ctrl_d_at_the_iin_prompt_is_nothing_given_not_a_traceback(
    decide_record: Callable[..., int],
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
) -> None:
    load_demo(database, places=5)

    def ctrl_d(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", ctrl_d)
    monkeypatch.setattr("sys.stdin", Terminal())
    path = Path(database.removeprefix("sqlite:///")).parent / "application.json"
    path.write_text(json.dumps(application()), encoding="utf-8")
    argv = ["decide", str(path), "--record", "--database", database, "--lang", lang]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    expected = {
        "en": "applicant's IIN: nothing was given (type it, or pipe it on stdin)",
        "ru": "ИИН заявителя: ничего не введено",
        "kk": "өтініш берушінің ЖСН-і: ештеңе енгізілмеді",
    }[lang]
    assert expected in err
    assert "Traceback" not in err


def test_ctrl_d_at_a_password_prompt_is_nothing_given(monkeypatch: pytest.MonkeyPatch) -> None:
    def ctrl_d(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", ctrl_d)
    monkeypatch.setattr("sys.stdin", Terminal())
    with pytest.raises(RegisterError, match="password: nothing was given"):
        register_cli.read_secret_line("password", confirm=True)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_decide_record_speaks_the_language_on_stderr(
    decide_record: Callable[..., int],
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
) -> None:
    load_demo(database, places=5)
    prompts: list[str] = []

    def typed(prompt: str = "") -> str:
        prompts.append(prompt)
        return FIRST_IIN

    monkeypatch.setattr(getpass, "getpass", typed)
    assert decide_record(FIRST_IIN, "--lang", lang) == 0  # piped: no prompt
    err = capsys.readouterr().err
    assert english_words(err) == [], err
    assert {"ru": "Талон № C-02/00000001", "kk": "Талон № C-02/00000001"}[lang] in err
    # Typed at a terminal, the second time: the prompt is in the language too.
    monkeypatch.setattr(cli, "_read_application", lambda _path: application())
    monkeypatch.setattr("sys.stdin", Terminal())
    argv = ["decide", "app.json", "--record", "--database", database, "--lang", lang]
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert prompts == [{"ru": "ИИН заявителя: ", "kk": "өтініш берушінің ЖСН-і: "}[lang]]
    assert english_words(err) == [], err
    assert {"ru": "Уже прикреплён", "kk": "Бекітілген"}[lang] in err


def test_R_ORG_3_the_previous_attachment_is_named_in_the_language(
    decide_record: Callable[..., int], database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load_demo(database, places=5)
    elsewhere = "D-01T1"  # a district of C-01: the person moves to C-02
    with open_register(database) as register:
        assert register.remaining_by_district()[elsewhere].clinic_id == "C-01"
        register.record_decision(
            register_application("C-01"),
            approval("C-01", elsewhere),
            iin=FIRST_IIN,
            actor=operator(),
            source="test",
        )
    assert decide_record(FIRST_IIN, "--lang", "ru") == 0
    err = capsys.readouterr().err
    assert "Прежнее прикрепление" in err
    assert english_words(err) == [], err


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_register_problems_of_decide_record_are_in_the_language(
    decide_record: Callable[..., int],
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
) -> None:
    # Emhana's own register, created on first use: it has no districts yet.
    assert decide_record(FIRST_IIN, "--lang", lang, default_register=True) == 2
    err = capsys.readouterr().err
    assert "Register.sync_districts" not in err
    assert "emhana register import --region" in err
    assert english_words(err, frozenset({"emhana", "decide", "register", "import"})) == [], err
    assert {"ru": "создан новый регистр", "kk": "жаңа тіркелім жасалды"}[lang] in err
    # No IIN key.
    monkeypatch.delenv("EMHANA_DEV_MODE")
    assert decide_record(FIRST_IIN, "--lang", lang, default_register=True) == 2
    err = capsys.readouterr().err
    assert "EMHANA_IIN_KEY" in err
    allowed = frozenset({"emhana", "decide", "python", "import", "secrets", "print"})
    assert english_words(err, allowed) == [], err
    monkeypatch.setenv("EMHANA_IIN_KEY", "too short")
    assert decide_record(FIRST_IIN, "--lang", lang, default_register=True) == 2
    err = capsys.readouterr().err
    assert english_words(err, allowed) == [], err


def test_register_problems_stay_english_without_lang(
    decide_record: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert decide_record(FIRST_IIN, default_register=True) == 2
    err = capsys.readouterr().err
    assert "created a new register at" in err
    assert "district 'D-02T1' is not in the register; load the region into it with " in err
    assert "`emhana register import --region DIR`" in err
    assert "Register.sync_districts" not in err
