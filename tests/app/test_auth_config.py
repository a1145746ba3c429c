"""Sign-in settings that are wrong or change under a session, with AppTest.

``AppTest.secrets`` stands for ``.streamlit/secrets.toml``: the app reads it as ``st.secrets``,
while ``st.user`` still looks at the real (absent) file, as Streamlit itself does for an empty
``[auth]`` section, so ``st.user`` has no ``is_logged_in`` unless ``AppTest.user`` sets it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages import _auth
from app_pages._auth import SESSION_USER, accounts_error_text, oidc_setup
from app_pages._i18n import t
from catchments.access import AccountsError, add_account, load_accounts, remove_account
from tests.app.conftest import PASSWORD, ROOT
from tests.app.test_registrar import VALID_IIN, paste, record, stored
from tests.applications import NOW, application

REGISTRAR = "app_pages/registrar.py"
COMPLETE = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a long random test secret",
    "client_id": "emhana",
    "client_secret": "from the provider",
    "server_metadata_url": "https://idp.example.kz/.well-known/openid-configuration",
}


@pytest.fixture
def accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An accounts file with a password registrar of C-02, a register, at :data:`NOW`."""
    path = tmp_path / "accounts.toml"
    add_account(path, "reg-c02", role="registrar", clinic_id="C-02", password=PASSWORD)
    monkeypatch.setenv("EMHANA_NOW", NOW)
    monkeypatch.setenv("EMHANA_ACCOUNTS", str(path))
    monkeypatch.setenv("EMHANA_DATABASE_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    return path


def session(
    secrets: Mapping[str, Any],
    *,
    lang: str = "en",
    page: str | None = None,
    user: dict[str, Any] | None = None,
) -> AppTest:
    """app.py run with ``secrets`` as its secrets file (and ``user`` as ``st.user``)."""
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    test.secrets.update(secrets)
    if user is not None:
        test.user = user
    test.run()
    if lang != test.radio(key="lang").value:
        test.radio(key="lang").set_value(lang).run()
    if page is not None:
        test.switch_page(page).run()
    return test


def texts(test: AppTest) -> list[str]:
    """Every error, warning and info message on the page."""
    return [str(item.value) for item in (*test.error, *test.warning, *test.info)]


def oidc_button_shown(test: AppTest, lang: str) -> bool:
    return any(button.label == t("auth.oidc_button", lang) for button in test.button)


# --- 1 and 2: an [auth] section st.login cannot use ----------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_empty_auth_section_leaves_the_citizen_page_alone(accounts: Path, lang: str) -> None:
    # Streamlit sets st.user.is_logged_in only for a non-empty [auth]: app.py read it anyway.
    test = session({"auth": {}}, lang=lang)
    assert not test.exception
    assert not any("[auth]" in text for text in texts(test))
    assert test.title[0].value == t("citizen.title", lang)


@pytest.mark.parametrize(
    ("auth", "missing"),
    [
        ({}, ["redirect_uri", "cookie_secret", "client_id", "client_secret",
              "server_metadata_url"]),
        ({"redirect_uri": COMPLETE["redirect_uri"]},
         ["cookie_secret", "client_id", "client_secret", "server_metadata_url"]),
        ({**COMPLETE, "cookie_secret": " "}, ["cookie_secret"]),
    ],
    ids=["empty", "redirect_uri-only", "blank-cookie_secret"],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_incomplete_auth_section_is_named_and_passwords_still_sign_in(
    accounts: Path, auth: dict[str, str], missing: list[str], lang: str
) -> None:
    test = session({"auth": auth}, lang=lang, page=REGISTRAR)
    assert not test.exception
    keys = ", ".join(f"`{key}`" for key in missing)
    assert [error.value for error in test.error] == [t("auth.oidc_incomplete", lang, keys=keys)]
    assert not oidc_button_shown(test, lang), "st.login would raise StreamlitAuthError"
    name, password = test.text_input
    name.input("reg-c02")
    password.input(PASSWORD)
    test = test.button[0].click().run()  # the form's submit button
    assert not test.exception
    assert test.session_state[SESSION_USER] == "reg-c02"
    assert f"**reg-c02** ({t('auth.role.registrar', lang)}" in test.sidebar.caption[-1].value


@pytest.mark.parametrize(
    ("auth", "provider", "missing"),
    [
        (COMPLETE, None, ()),
        ({"redirect_uri": "x", "cookie_secret": "x", "okta": COMPLETE}, "okta", ()),
        # the named table wins over the unnamed provider's partial keys
        ({**COMPLETE, "client_secret": "", "okta": COMPLETE}, "okta", ()),
        ({"redirect_uri": "x", "okta": {**COMPLETE, "client_secret": ""}}, "okta",
         ("cookie_secret", "okta.client_secret")),
        # Streamlit refuses a provider name with an underscore; client_kwargs is not a provider
        ({"redirect_uri": "x", "cookie_secret": "x", "my_idp": COMPLETE}, None,
         ("client_id", "client_secret", "server_metadata_url")),
        ({"redirect_uri": "x", "cookie_secret": "x", "client_kwargs": {"prompt": "login"}}, None,
         ("client_id", "client_secret", "server_metadata_url")),
        ("not a table", None, ("redirect_uri", "cookie_secret", "client_id", "client_secret",
                               "server_metadata_url")),
    ],
)  # fmt: skip
def test_the_auth_section_is_checked_as_st_login_checks_it(
    monkeypatch: pytest.MonkeyPatch,
    auth: object,
    provider: str | None,
    missing: tuple[str, ...],
) -> None:
    monkeypatch.setattr(st, "secrets", {"auth": auth})
    setup = oidc_setup()
    assert setup is not None
    assert (setup.provider, setup.missing) == (provider, missing)
    assert _auth.oidc_configured() is (missing == ())


def test_no_auth_section_means_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "secrets", {"general": {}})
    assert oidc_setup() is None


# --- 3: the account removed while signed in -----------------------------------------------------


def test_a_registrar_whose_account_is_removed_is_told_nothing_was_recorded(
    accounts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app_pages import _data
    from catchments import cli

    monkeypatch.setenv("EMHANA_HOME", str(tmp_path / "home"))
    assert cli.main(["register", "import", "--region", str(_data.DEMO_REGION)]) == 0
    _data.register_counts.clear()
    test = session({}, lang="en")
    test.session_state[SESSION_USER] = "reg-c02"
    test = paste(test.switch_page(REGISTRAR).run(), application())
    remove_account(accounts, "reg-c02")
    test = record(test, VALID_IIN)
    assert not test.exception
    assert [item.value for item in test.warning] == [t("auth.account_gone", "en", user="reg-c02")]
    assert [widget.label for widget in test.text_input] == ["User name", "Password"]
    assert stored(os.environ["EMHANA_DATABASE_URL"]) == []
    test.run()  # said once: the next run is an ordinary sign-in form
    assert not test.warning


# --- 4: the accounts file's errors in the page's language ------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "wanted"),
    [
        ("[accounts.reg-c02\nrole = 'registrar'\n", "ru",
         "ошибка TOML в строке 1, столбце 18 («Expected ']' at the end of a table declaration»)"),
        ("[accounts.reg-c02]\nrole = 'registar'\nclinic_id = 'C-02'\n", "kk",
         "`[accounts.reg-c02]`: белгісіз 'registar' рөлі; рөлдер: registrar, planner, admin"),
        ("[accounts.reg-c02]\nrole = 'registar'\nclinic_id = 'C-02'\n", "ru",
         "неизвестная роль 'registar'; допустимые роли: registrar, planner, admin"),
        ("[accounts.reg-c02]\nrole = 'registar'\nclinic_id = 'C-02'\n", "en",
         "unknown role 'registar'; the roles are registrar, planner, admin"),
        ("[accounts.a]\nrole = 'operator'\n[accounts.b]\nrole = 'planner'\nclinic_id = 'C-1'\n",
         "ru", "роль operator есть только у командной строки; укажите admin; "
         "`[accounts.b]`: «clinic_id is only for registrars, not for a planner»"),
        ("role = 'admin'\n", "kk", "белгісіз `[role]` кестесі"),
    ],
    ids=["toml-ru", "role-kk", "role-ru", "role-en", "operator-other-ru", "stray-key-kk"],
)  # fmt: skip
def test_an_accounts_file_error_is_worded_in_the_pages_language(
    accounts: Path, text: str, lang: str, wanted: str
) -> None:
    accounts.write_text(text, encoding="utf-8")
    test = session({}, lang=lang, page=REGISTRAR)
    assert not test.exception
    (error,) = test.error
    assert error.value.startswith(t("auth.unavailable", lang, error=f"`{accounts}`"))
    assert wanted in error.value
    if lang != "en":
        assert "not valid TOML" not in error.value
        assert "expected one of" not in error.value


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_missing_accounts_file_is_said_above_the_form(accounts: Path, lang: str) -> None:
    accounts.unlink()
    test = session({}, lang=lang, page=REGISTRAR)
    assert [item.value for item in test.info] == [t("auth.accounts.missing", lang, file=accounts)]
    assert len(test.text_input) == 2


def test_every_accounts_file_error_has_a_code_and_keeps_its_english(tmp_path: Path) -> None:
    folder = tmp_path / "accounts.toml"
    folder.mkdir()  # a folder where the file should be: cannot be read
    cases: dict[str, str | Path] = {
        "unreadable": folder,
        "toml": "a = ",  # the end of the document: no line
        "shape": "accounts = 1\n",
        "entries": "[accounts.x]\nrole = 'planner'\nshoe = 1\n[accounts.y]\nrole = 'planner'\n"
        "email = 'p@x.kz'\n[accounts.z]\nrole = 'admin'\nemail = 'p@x.kz'\n[accounts.w]\n"
        "role = 1\n[accounts.v]\nrole = 'planner'\nclinic_id = 'C-1'\n[accounts]\nu = 1\n",
    }
    for code, content in cases.items():
        path = content if isinstance(content, Path) else tmp_path / f"{code}.toml"
        if not isinstance(content, Path):
            path.write_text(content, encoding="utf-8")
        with pytest.raises(AccountsError) as caught:
            load_accounts(path)
        error = caught.value
        assert error.code == code
        assert str(error).startswith(f"{path}: ")
        english = accounts_error_text(error, "en")
        for lang in ("kk", "ru"):
            worded = accounts_error_text(error, lang)
            assert worded != english
            assert str(path) in worded
    english_toml = str(_raised(tmp_path / "toml.toml"))
    assert english_toml.endswith(": not valid TOML (Invalid value (at end of document))")
    entries = _raised(tmp_path / "entries.toml")
    assert [problem.code for problem in entries.problems] == [
        "unknown_keys", "role", "other", "not_table", "shared_email",
    ]  # fmt: skip
    assert "role 1: expected one of registrar, planner, admin, operator" in str(entries)


def _raised(path: Path) -> AccountsError:
    with pytest.raises(AccountsError) as caught:
        load_accounts(path)
    return caught.value


def test_an_error_without_a_code_keeps_its_english() -> None:
    error = AccountsError("something the command line says")
    assert accounts_error_text(error, "kk") == "something the command line says"


# --- 4: a register that cannot record the sign-in -----------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_sign_in_the_register_cannot_audit_is_refused_in_the_page_s_language(
    accounts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    # Every sign-in is audited; a read-only register raised from the audit write, and the page
    # showed a traceback instead of saying why nobody could sign in.
    from catchments import cli

    path = tmp_path / "read-only.sqlite"
    assert cli.main(["register", "migrate", "--database", f"sqlite:///{path}"]) == 0
    monkeypatch.setenv("EMHANA_DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    test = session({}, lang=lang, page=REGISTRAR)
    name, password = test.text_input
    name.input("reg-c02")
    password.input(PASSWORD)
    test = test.button[0].click().run()
    assert not test.exception
    assert SESSION_USER not in test.session_state
    (shown,) = [error.value for error in test.error]
    assert shown.startswith(t("auth.unavailable", lang, error="")[:20])
    assert "mode=ro" in shown
