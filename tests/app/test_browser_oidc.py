"""OIDC sign-in in a real browser: Streamlit's ``st.login`` against a real OpenID provider.

The provider is ``oidc-provider-mock`` (Authlib's server under Flask) on a localhost port: a
real discovery document, authorization-code flow, signed ID tokens and userinfo, so what is
tested is the whole round trip a health department's identity provider makes — Streamlit's
Authlib client, the callback, the identity cookie — and then Emhana's part: the accounts file
maps the provider's e-mail to a role and clinic, an identity without an account gets no role,
and both are audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from catchments.access import add_account, operator
from catchments.register import open_register
from tests.app.conftest import free_port, serve_app

pytestmark = pytest.mark.slow
SIGN_IN = "Sign in with your organisation's account"


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app with an ``[auth]`` secrets file pointing at a provider; yields (app URL, DB URL)."""
    import oidc_provider_mock

    folder = tmp_path_factory.mktemp("oidc")
    accounts = folder / "accounts.toml"
    add_account(
        accounts, "alice", role="registrar", clinic_id="C-02", email="Alice@Clinic.kz",
        password=None,
    )  # fmt: skip
    database = f"sqlite:///{folder / 'register.sqlite'}"
    users = [
        oidc_provider_mock.User(sub="alice", claims={"email": "alice@clinic.kz"}),
        oidc_provider_mock.User(sub="mallory", claims={"email": "mallory@example.org"}),
    ]
    port = free_port()
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "emhana"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        env = {"EMHANA_ACCOUNTS": str(accounts), "EMHANA_DATABASE_URL": database}
        with serve_app("--secrets.files", str(secrets_file), port=port, env=env) as url:
            yield url, database


def _sign_in_as(browser: Any, url: str, subject: str, locale: str) -> Any:
    """A new page of a browser set to ``locale``, signed in at the provider as ``subject``.

    Streamlit's callback sets the identity cookie and starts a new session on the app's first
    page, without the address's ``?lang=``: where the page lands, and in which language (the
    browser's), is part of the test.
    """
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale=locale)
    page.goto(f"{url}/registrar?lang=en")
    page.get_by_role("button", name=SIGN_IN).click(timeout=90_000)
    page.get_by_role("heading", name="Authorize Client").wait_for(timeout=30_000)
    page.get_by_role("button", name=subject, exact=True).click()  # a predefined user
    page.wait_for_url(f"{url}/**", timeout=30_000)
    return page


def test_an_oidc_identity_with_an_account_opens_its_role_s_page(
    oidc_app: tuple[str, str], browser: Any
) -> None:
    from playwright.sync_api import expect

    url, database = oidc_app
    page = _sign_in_as(browser, url, "alice", "ru-RU")
    # Back from the provider, a registrar lands on the registrar view, not the citizen one, in
    # the browser's language. The e-mail matches the account's without regard to case; role and
    # clinic are the file's.
    expect(page.get_by_text("Вы вошли как alice (регистратор, медорганизация C-02)")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_role("heading", name="Заявления на прикрепление")).to_be_visible()
    page.goto(f"{url}/registrar?lang=en")
    expect(page.get_by_text("Signed in as alice (registrar, clinic C-02)")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_role("button", name=SIGN_IN)).to_have_count(0)
    entries = open_register(database).audit_entries(operator())
    assert any(e.actor == "alice" and e.action == "login.ok" for e in entries), entries

    # Signing out ends the session at the provider too (RP-initiated logout), then clears
    # Streamlit's identity cookie: the registrar view asks for a sign-in again.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click(timeout=30_000)
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.goto(f"{url}/registrar?lang=en")
    expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.close()


def test_an_oidc_identity_without_an_account_gets_no_role(
    oidc_app: tuple[str, str], browser: Any
) -> None:
    from playwright.sync_api import expect

    url, database = oidc_app
    page = _sign_in_as(browser, url, "mallory", "kk-KZ")
    # No account, no staff page to land on: the citizen view, as for anyone.
    expect(page.get_by_text("Қай емханаға бекітіле аламын?")).to_be_visible(timeout=90_000)
    page.goto(f"{url}/registrar?lang=en")
    expect(page.get_by_text("mallory@example.org has no Emhana account")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    entries = open_register(database).audit_entries(operator())
    refused = [e for e in entries if e.actor == "mallory@example.org"]
    assert refused, entries
    assert {e.action for e in refused} == {"login.failed"}
    page.close()
