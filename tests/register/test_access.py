"""catchments.access and app_pages/_auth.py: roles, accounts, sign-in, and who sees what.

- the citizen view is public; registrar and planner views need an account of that role;
- a registrar reads only their own clinic's applications; a planner reads none (aggregates);
- wrong passwords are refused, audited, and throttled after 5 failures in 15 minutes;
- the Streamlit pages (run in-process with ``streamlit.testing``) show nothing to an anonymous
  visitor but the sign-in form.
"""

from __future__ import annotations

import datetime as dt
import io
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catchments import cli, register_cli
from catchments.access import (
    AccessDeniedError,
    Account,
    AccountsError,
    LoginRefusedError,
    Page,
    Role,
    add_account,
    can_open_page,
    can_record_decision,
    can_view_aggregates,
    can_view_application,
    check_clinic,
    email_problem,
    load_accounts,
    remove_account,
    sign_in,
)
from catchments.register import Register
from tests.register.conftest import (
    ADMIN,
    OPERATOR,
    application,
    approval,
    district,
    people,
    refusal,
    registrar,
    sync,
)

PLANNER = Account(username="pat", role=Role.PLANNER)
REGISTRAR_1 = registrar("C-01", "aigerim")
REGISTRAR_2 = registrar("C-02", "bolat")
PASSWORD = "correct horse battery"
DEMO = register_cli.DEFAULT_REGION


@pytest.mark.parametrize(
    ("account", "page", "allowed"),
    [
        (None, Page.CITIZEN, True),
        (None, Page.REGISTRAR, False),
        (None, Page.PLANNER, False),
        (REGISTRAR_1, Page.REGISTRAR, True),
        (REGISTRAR_1, Page.PLANNER, False),
        (PLANNER, Page.PLANNER, True),
        (PLANNER, Page.REGISTRAR, False),
        (PLANNER, Page.ADMIN, False),
        (ADMIN, Page.REGISTRAR, True),
        (ADMIN, Page.PLANNER, True),
        (ADMIN, Page.ADMIN, True),
    ],
)
def test_who_may_open_which_page(account: Account | None, page: Page, allowed: bool) -> None:
    assert can_open_page(account, page) is allowed


def test_a_registrar_sees_their_clinic_only_and_a_planner_aggregates_only() -> None:
    assert can_view_application(REGISTRAR_1, "C-01")
    assert not can_view_application(REGISTRAR_1, "C-02")
    assert not can_view_application(PLANNER, "C-01")
    assert not can_view_application(None, "C-01")
    assert can_view_application(ADMIN, "C-02")
    assert can_record_decision(REGISTRAR_2, "C-02")
    assert not can_record_decision(PLANNER, "C-02")
    assert can_view_aggregates(PLANNER)
    assert not can_view_aggregates(REGISTRAR_1)
    assert not can_view_aggregates(None)


def test_accounts_file_round_trip_with_argon2_hashes(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    add_account(path, "Aigerim", role="registrar", clinic_id="C-01", password=PASSWORD)
    add_account(path, "pat", role="planner", password=None, email="pat@region.kz")
    accounts = load_accounts(path)
    assert sorted(accounts) == ["aigerim", "pat"]
    assert accounts["aigerim"].clinic_id == "C-01"
    assert accounts["aigerim"].password_hash.startswith("$argon2id$")  # type: ignore[union-attr]
    assert PASSWORD not in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert accounts["pat"].password_hash is None
    assert "password_hash" not in repr(accounts["aigerim"])
    with pytest.raises(AccountsError, match="exists; pass --replace"):
        add_account(path, "aigerim", role="registrar", clinic_id="C-02", password=PASSWORD)
    assert remove_account(path, "pat").username == "pat"
    assert sorted(load_accounts(path)) == ["aigerim"]
    with pytest.raises(AccountsError, match="no account 'pat'; known: aigerim"):
        remove_account(path, "pat")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('[accounts.x]\nrole = "registrar"\n', "a registrar needs clinic_id"),
        ('[accounts.x]\nrole = "boss"\n', "role 'boss': expected one of"),
        ('[accounts.x]\nrole = "operator"\n', "role 'operator' is the command line's"),
        ('[accounts.x]\nrole = "planner"\npassword_hash = "plain"\n', "not an Argon2 hash"),
        ('[accounts.x]\nrole = "planner"\nclinic = "C-01"\n', "unknown keys clinic"),
        ('[accounts."Bad Name"]\nrole = "planner"\n', "user name 'Bad Name'"),
        ("[accounts.x\n", "not valid TOML"),
        (
            '[accounts.x]\nrole = "planner"\nemail = "x.clinic.kz"\n',
            r"\[accounts\.x\]: email 'x\.clinic\.kz' is not an e-mail address: it has no @",
        ),
        ('[accounts.x]\nrole = "planner"\nemail = 5\n', r"\[accounts\.x\]: email 5: expected"),
        (
            '[accounts.x]\nrole = "planner"\nemail = "X@Clinic.kz"\n'
            '[accounts.y]\nrole = "admin"\nemail = "x@clinic.kz"\n',
            r"\[accounts\.y\]: email 'x@clinic\.kz' is also the e-mail of \[accounts\.x\]",
        ),
    ],
)
def test_a_bad_accounts_file_names_the_entry_and_the_fix(
    tmp_path: Path, entry: str, message: str
) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(AccountsError, match=message):
        load_accounts(path)


@pytest.mark.parametrize(
    "email",
    ["alice@clinic.kz", "Alice.B+tag@mail.clinic.kz", "айгерім@емхана.қаз", "a@xn--80ak6aa92e.com"],
)
def test_addresses_of_an_e_mail_s_shape_are_accepted(email: str) -> None:
    assert email_problem(email) is None


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("", "it is empty"),
        ("alice.clinic.kz", "it has no @"),
        ("alice@@clinic.kz", "it has more than one @"),
        ("@clinic.kz", "nothing comes before the @"),
        ("alice@clinic", "the domain 'clinic' has no dot"),
        ("alice@clinic..kz", "the domain 'clinic..kz' is not a domain name"),
        ("alice@-clinic.kz", "the domain '-clinic.kz' is not a domain name"),
        ("alice @clinic.kz", "it contains a space"),
        ("Alice <alice@clinic.kz>", "it contains a space"),
        ("a@" + "b" * 250 + ".kz", "an address has at most 254"),
    ],
)
def test_a_malformed_email_is_refused_saying_why(tmp_path: Path, email: str, why: str) -> None:
    """An e-mail only ever matches an OIDC identity's, so one no provider asserts is refused."""
    path = tmp_path / "accounts.toml"
    with pytest.raises(AccountsError, match=f"is not an e-mail address: {why}"):
        add_account(path, "pat", role="planner", password=None, email=email)
    assert not path.exists()


def test_an_email_is_one_account_s_only(tmp_path: Path) -> None:
    """Two accounts of one address would leave the file's order to pick the identity's role."""
    path = tmp_path / "accounts.toml"
    add_account(path, "pat", role="planner", password=None, email=" Pat@Region.kz ")
    assert load_accounts(path)["pat"].email == "Pat@Region.kz"
    with pytest.raises(AccountsError, match=r"'pat@region\.kz' is already the e-mail of .*'pat'"):
        add_account(path, "root", role="admin", password=None, email="pat@region.kz")
    # The same account may keep its address when replaced.
    add_account(
        path, "pat", role="admin", password=None, email="pat@region.kz", replace_existing=True
    )
    assert load_accounts(path)["pat"].role is Role.ADMIN


def test_replace_refuses_an_account_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    add_account(path, "aigerim", role="planner", password=None)
    with pytest.raises(
        AccountsError, match="no account 'aigerm' to replace; drop --replace to add it"
    ) as caught:
        add_account(path, "aigerm", role="admin", password=None, replace_existing=True)
    assert "(known: aigerim)" in str(caught.value)
    assert sorted(load_accounts(path)) == ["aigerim"]


def test_a_clinic_the_region_lacks_is_refused_with_the_closest_ids() -> None:
    clinics = [f"C-{number:02d}" for number in range(1, 14)]
    check_clinic("C-02", clinics, region="region Akbulak")
    with pytest.raises(
        AccountsError, match=r"no clinic 'c-2' in region Akbulak; did you mean C-02 or C-12\?"
    ):
        check_clinic("c-2", clinics, region="region Akbulak")
    with pytest.raises(AccountsError) as caught:
        check_clinic("Polyclinic 7", clinics, region="region Akbulak")
    assert str(caught.value) == (
        "no clinic 'Polyclinic 7' in region Akbulak; known: C-01, C-02, C-03, C-04, C-05, "
        "C-06, C-07, C-08, C-09, C-10, … (13 in all)"
    )


def test_short_passwords_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AccountsError, match="at least 10"):
        add_account(tmp_path / "a.toml", "x", role="planner", password="short")


def test_wrong_passwords_are_refused_logged_and_throttled(
    register: Register, tmp_path: Path
) -> None:
    path = tmp_path / "accounts.toml"
    add_account(path, "aigerim", role="registrar", clinic_id="C-01", password=PASSWORD)
    accounts = load_accounts(path)

    assert sign_in(accounts, "Aigerim ", PASSWORD, log=register, source="page:t").clinic_id == (
        "C-01"
    )
    for attempt in ("wrong password!", "Correct horse battery", "", PASSWORD + " "):
        with pytest.raises(LoginRefusedError, match="wrong user name or password"):
            sign_in(accounts, "aigerim", attempt, log=register, source="page:t")
    with pytest.raises(LoginRefusedError, match="wrong user name or password"):
        sign_in(accounts, "nobody", PASSWORD, log=register, source="page:t")
    # The fifth failure for "aigerim" locks the name, even with the right password ...
    with pytest.raises(LoginRefusedError):
        sign_in(accounts, "aigerim", "again wrong", log=register, source="page:t")
    with pytest.raises(LoginRefusedError, match="too many failed sign-ins"):
        sign_in(accounts, "aigerim", PASSWORD, log=register, source="page:t")
    # ... until 15 minutes have passed since the failures (the audit log has the real clock's).
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    assert sign_in(accounts, "aigerim", PASSWORD, log=register, source="page:t", now=later)

    entries = register.audit_entries(OPERATOR)
    summary = [(e.action, e.object, e.details["reason"]) for e in entries]
    assert summary == [
        ("login.ok", "user:aigerim", "password"),
        *[("login.failed", "user:aigerim", "wrong password")] * 4,
        ("login.failed", "user:nobody", "unknown user"),
        ("login.failed", "user:aigerim", "wrong password"),
        ("login.throttled", "user:aigerim", "throttled"),
        ("login.ok", "user:aigerim", "password"),
    ]
    assert all(PASSWORD not in str(entry) for entry in entries)


def test_a_registrar_cannot_read_another_clinics_applications(register: Register) -> None:
    sync(register, district("D-1"), district("D-2", "C-02"))
    iins = people(3)
    register.record_decision(application(), approval(), iin=iins[0], actor=REGISTRAR_1, source="t")
    register.record_decision(application(), refusal(), iin=iins[1], actor=REGISTRAR_1, source="t")
    register.record_decision(
        application("C-02"), approval("C-02", "D-2"), iin=iins[2], actor=REGISTRAR_2, source="t"
    )

    own = register.applications_for(REGISTRAR_1)
    assert [row.clinic_id for row in own] == ["C-01", "C-01"]
    assert [row.iin_last4 for row in own] == [iins[1][-4:], iins[0][-4:]]
    assert [row.outcome for row in own] == ["refused", "approved"]
    with pytest.raises(AccessDeniedError, match="aigerim \\(registrar\\) of clinic C-01 may not"):
        register.applications_for(REGISTRAR_1, clinic_id="C-02", source="page:registrar")
    with pytest.raises(AccessDeniedError):
        register.applications_for(PLANNER)
    assert len(register.applications_for(ADMIN)) == 3
    assert [row.clinic_id for row in register.applications_for(ADMIN, clinic_id="C-02")] == ["C-02"]
    with pytest.raises(AccessDeniedError):
        register.active_attachment(PLANNER, iins[0])
    denied = register.audit_entries(OPERATOR, action="access.denied")
    assert [(e.actor, e.object, e.source) for e in denied] == [
        ("aigerim", "clinic:C-02", "page:registrar"),
        ("pat", "clinic:*", "api"),
    ]
    with pytest.raises(AccessDeniedError):
        register.audit_entries(PLANNER)


def test_cli_accounts_add_reads_the_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    accounts, database = tmp_path / "accounts.toml", f"sqlite:///{tmp_path / 'r.sqlite'}"
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    command = ["register", "accounts", "--accounts", str(accounts), "--database", database]
    add = [*command, "add", "aigerim", "--role", "registrar", "--clinic", "C-01"]
    assert register_cli.main(add) == 0
    assert "aigerim: registrar of clinic C-01 saved" in capsys.readouterr().out
    assert load_accounts(accounts)["aigerim"].password_hash
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert register_cli.main([*command, "add", "bolat", "--role", "planner"]) == 2
    assert "nothing was given" in capsys.readouterr().err
    assert register_cli.main([*command, "list"]) == 0
    assert "aigerim" in capsys.readouterr().out


# --- the Streamlit pages ------------------------------------------------------------------------


def page(*roles: str) -> None:
    """A protected page: its content shows only after require_role lets the visitor in."""
    import streamlit as st

    from app_pages._auth import require_role

    account = require_role(*roles)
    st.markdown(f"PROTECTED CONTENT for {account.username}")


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """An AppTest of :func:`page` with a fresh SQLite register and two accounts."""
    accounts = tmp_path / "accounts.toml"
    add_account(accounts, "aigerim", role="registrar", clinic_id="C-01", password=PASSWORD)
    add_account(accounts, "pat", role="planner", password=PASSWORD)
    monkeypatch.setenv("EMHANA_ACCOUNTS", str(accounts))
    monkeypatch.setenv("EMHANA_DATABASE_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")

    def build(*roles: str, lang: str = "en") -> AppTest:
        test = AppTest.from_function(page, args=roles, default_timeout=30)
        test.session_state["lang"] = lang  # as the sidebar's switch keeps it
        return test.run()

    return build


def shown(test: AppTest) -> str:
    return "\n".join(str(item.value) for item in test.markdown)


def sign_in_as(test: AppTest, name: str, password: str) -> AppTest:
    test.text_input[0].input(name)
    test.text_input[1].input(password)
    return test.button[0].click().run()


def audit(tmp_path: Path) -> list[tuple[str, str]]:
    from catchments.register import open_register

    with open_register(f"sqlite:///{tmp_path / 'app.sqlite'}") as register:
        return [(e.action, e.object) for e in register.audit_entries(OPERATOR)]


@pytest.mark.parametrize("role", ["registrar", "planner"])
def test_an_anonymous_visitor_sees_only_the_sign_in_form(
    app: Callable[..., AppTest], role: str
) -> None:
    test = app(role)
    assert not test.exception
    assert "PROTECTED CONTENT" not in shown(test)
    assert [widget.label for widget in test.text_input] == ["User name", "Password"]


def test_a_wrong_password_is_refused_and_logged_in_the_page(
    app: Callable[..., AppTest], tmp_path: Path
) -> None:
    test = sign_in_as(app("registrar"), "aigerim", "not the password")
    assert "PROTECTED CONTENT" not in shown(test)
    assert "wrong user name or password" in test.error[0].value
    assert audit(tmp_path) == [("login.failed", "user:aigerim")]

    test = sign_in_as(test, "aigerim", PASSWORD)
    assert "PROTECTED CONTENT for aigerim" in shown(test)
    assert audit(tmp_path)[-1] == ("login.ok", "user:aigerim")


def test_a_registrar_cannot_open_the_planner_page(
    app: Callable[..., AppTest], tmp_path: Path
) -> None:
    test = sign_in_as(app("planner"), "aigerim", PASSWORD)
    assert "PROTECTED CONTENT" not in shown(test)
    assert "This page is for planners" in test.error[0].value
    assert audit(tmp_path)[-1] == ("access.denied", "page:planner")
    planner = sign_in_as(app("planner"), "pat", PASSWORD)
    assert "PROTECTED CONTENT for pat" in shown(planner)


def test_the_sign_in_form_and_its_refusals_speak_the_page_s_language(
    app: Callable[..., AppTest],
) -> None:
    """Kazakh by default on the demo region, Russian when chosen; throttling is worded too."""
    kazakh = app("registrar", lang="kk")
    assert [widget.label for widget in kazakh.text_input] == ["Пайдаланушы аты", "Құпиясөз"]
    assert kazakh.subheader[0].value == "Жүйеге кіру"

    test = sign_in_as(app("registrar", lang="ru"), "aigerim", "not the password")
    assert test.error[0].value == "Вход отклонён: неверное имя пользователя или пароль."
    for _ in range(4):
        test = sign_in_as(test, "aigerim", "not the password")
    test = sign_in_as(test, "aigerim", PASSWORD)  # the right password, but the name is locked
    assert "PROTECTED CONTENT" not in shown(test)
    assert test.error[0].value.startswith("Вход отклонён: слишком много неудачных попыток")
    assert "(5)" in test.error[0].value
    assert "15 минут" in test.error[0].value


def test_a_wrong_role_and_the_signed_in_caption_are_in_the_page_s_language(
    app: Callable[..., AppTest],
) -> None:
    test = sign_in_as(app("planner", lang="kk"), "aigerim", PASSWORD)
    assert test.error[0].value == (
        "Бұл бет мыналарға арналған: жоспарлаушылар. Сіз aigerim (тіркеуші) ретінде кірдіңіз."
    )
    registrar = sign_in_as(app("registrar", lang="ru"), "aigerim", PASSWORD)
    assert "PROTECTED CONTENT for aigerim" in shown(registrar)
    captions = [caption.value for caption in registrar.sidebar.caption]
    assert "Вы вошли как **aigerim** (регистратор, медорганизация C-01)" in captions
    assert [button.label for button in registrar.sidebar.button] == ["Выйти"]


# --- `emhana register accounts add`: refused before the password is asked for --------------------


@pytest.fixture
def accounts_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """Runs ``emhana register accounts … ARGS`` on one file and register; (status, out, err).

    Standard input is empty unless given, so a command that reached the password prompt would
    fail with "nothing was given" rather than with the refusal a test expects.
    """
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    monkeypatch.delenv(register_cli.REGION_ENV, raising=False)
    database = f"sqlite:///{tmp_path / 'r.sqlite'}"
    command = ["register", "accounts", "--accounts", str(tmp_path / "accounts.toml")]

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = cli.main([*command, "--database", database, *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def test_cli_replace_of_a_missing_account_and_add_of_an_existing_one_are_refused(
    accounts_cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    status, _out, err = accounts_cli("add", "anna", "--role", "planner", "--replace")
    assert status == cli.EXIT_BAD_INPUT
    assert "no account 'anna' to replace; drop --replace to add it (known: none)" in err
    assert not (tmp_path / "accounts.toml").exists()
    assert not (tmp_path / "r.sqlite").exists()  # refused before the register was made

    assert accounts_cli("add", "anna", "--role", "planner", stdin=PASSWORD + "\n")[0] == 0
    before = (tmp_path / "accounts.toml").read_bytes()
    status, _out, err = accounts_cli("add", "anna", "--role", "admin")
    assert status == cli.EXIT_BAD_INPUT
    assert "account 'anna' exists; pass --replace to change it" in err
    assert accounts_cli("add", "anan", "--role", "admin", "--replace")[0] == cli.EXIT_BAD_INPUT
    assert (tmp_path / "accounts.toml").read_bytes() == before
    status, out, _err = accounts_cli("add", "anna", "--role", "admin", "--replace", "--no-password")
    assert (status, out.split(" saved")[0]) == (0, "anna: admin")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "planner", "--email", "bo.clinic.kz"], "email 'bo.clinic.kz' is not an e-mail"),
        (["--role", "registrar"], "a registrar needs a clinic: pass --clinic CLINIC_ID"),
        (["--role", "planner", "--clinic", "C-01"], "--clinic is only for registrars"),
        (
            ["--role", "registrar", "--clinic", "C-2", "--region", str(DEMO)],
            "no clinic 'C-2' in region Akbulak (demo) at ",
        ),
        (["--role", "registrar", "--clinic", "C-01", "--region", "/nonexistent"], "region /nonex"),
    ],
)
def test_cli_bad_accounts_are_refused_before_the_password_is_asked_for(
    accounts_cli: Callable[..., tuple[int, str, str]], tmp_path: Path, args: list[str], message: str
) -> None:
    status, _out, err = accounts_cli("add", "bo", *args, stdin=PASSWORD + "\n")
    assert status == cli.EXIT_BAD_INPUT
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "accounts.toml").exists()
    assert not (tmp_path / "r.sqlite").exists()


def test_cli_a_registrar_s_clinic_is_checked_against_the_region_when_one_is_known(
    accounts_cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--region, else EMHANA_REGION (the app's); with neither the output says it was unchecked."""
    demo = str(DEMO)
    status, _out, err = accounts_cli("add", "bo", "--role", "registrar", "--clinic", "c-02 ")
    assert status == cli.EXIT_BAD_INPUT  # "nothing was given": it got as far as the prompt
    status, _out, err = accounts_cli(
        "add", "bo", "--role", "registrar", "--clinic", "c-02", "--region", demo
    )
    assert status == cli.EXIT_BAD_INPUT
    assert "no clinic 'c-02' in region Akbulak (demo) at " in err
    assert "did you mean C-02?" in err

    monkeypatch.setenv(register_cli.REGION_ENV, demo)
    status, _out, err = accounts_cli("add", "bo", "--role", "registrar", "--clinic", "C-20")
    assert status == cli.EXIT_BAD_INPUT
    assert "no clinic 'C-20' in region Akbulak (demo)" in err
    assert "; did you mean C-01, C-02 or C-03?" in err  # difflib: equally close, in order
    status, out, err = accounts_cli(
        "add", "bo", "--role", "registrar", "--clinic", "C-02", stdin=PASSWORD + "\n"
    )
    assert status == 0
    assert "bo: registrar of clinic C-02 saved" in out
    assert "not checked" not in err

    monkeypatch.delenv(register_cli.REGION_ENV)
    status, out, err = accounts_cli(
        "add", "cem", "--role", "registrar", "--clinic", " C-99 ", "--no-password"
    )
    assert status == 0
    assert "cem: registrar of clinic C-99 saved" in out
    assert (
        "clinic C-99 was not checked against a region's clinics; pass --region DIR or set "
        "EMHANA_REGION to check it"
    ) in err
    status, _out, err = accounts_cli("add", "dan", "--role", "planner", "--no-password")
    assert status == 0
    assert "not checked" not in err


def test_replace_keeps_what_is_not_given_again(tmp_path: Path) -> None:
    """--replace dropped an e-mail not typed again, and with it the person's OIDC sign-in."""
    path = tmp_path / "accounts.toml"
    add_account(path, "pat", role="registrar", clinic_id="C-02", password=None, email="p@k.kz")
    add_account(path, "pat", role="registrar", password=None, replace_existing=True)
    kept = load_accounts(path)["pat"]
    assert (kept.email, kept.clinic_id) == ("p@k.kz", "C-02")
    add_account(path, "pat", role="admin", password=None, replace_existing=True)
    assert (load_accounts(path)["pat"].email, load_accounts(path)["pat"].clinic_id) == (
        "p@k.kz",
        None,
    )  # an admin has no clinic
    add_account(path, "pat", role="admin", password=None, email="", replace_existing=True)
    assert load_accounts(path)["pat"].email is None


def test_a_pasted_clinic_id_is_refused_without_a_region(tmp_path: Path) -> None:
    with pytest.raises(AccountsError, match="clinic_id of 600 characters is not a clinic's id"):
        add_account(
            tmp_path / "a.toml", "pat", role="registrar", clinic_id="C" * 600, password=None
        )
