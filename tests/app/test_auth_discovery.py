"""The OIDC provider's discovery address, checked before the sign-in button is offered.

Streamlit's ``st.login`` fetches ``server_metadata_url`` only at the click, and a wrong one
(a typo, an unknown host, a web page, a 404) ends on Streamlit's own English "Authentication
error" page. Emhana fetches it first (``catchments.access.discovery_problem``), says in the page's
language what is wrong with which setting, and lets passwords sign in meanwhile.

The provider here is a small ``http.server`` on 127.0.0.1 serving a good discovery document, a
partial one, a web page, a 404, a redirect, a slow answer and one that recovers; an unknown host
is a patched name lookup. Nothing leaves the machine.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages._auth import SESSION_USER, oidc_setup
from app_pages._i18n import t
from catchments.access import add_account
from tests.app.conftest import PASSWORD, free_port
from tests.app.test_auth_config import COMPLETE, REGISTRAR, oidc_button_shown, session, texts
from tests.applications import NOW

LANGS = ["kk", "ru", "en"]
UNKNOWN_HOST = "idp.invalid"  # a name lookup of it fails at once, without a resolver
HANGING_HOST = "slow-dns.invalid"  # a name lookup of it hangs, as an offline resolver does


class Provider:
    """An OIDC provider's discovery endpoint on 127.0.0.1 that counts the requests per path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.recovered: set[str] = set()  # /flaky/NAME paths that answer well again
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.hits[self.path] += 1
                kind = self.path.split("/")[1]
                if kind == "slow":
                    time.sleep(4)  # longer than the check waits (DISCOVERY_TIMEOUT)
                if kind == "flaky" and self.path not in provider.recovered:
                    self._send(503, "text/plain", b"down for maintenance")
                elif kind in ("good", "slow", "flaky"):
                    self._send(200, "application/json", json.dumps(provider.document).encode())
                elif kind == "partial":
                    partial = {key: provider.document[key] for key in ("issuer", "jwks_uri")}
                    self._send(200, "application/json", json.dumps(partial).encode())
                elif kind == "page":
                    self._send(200, "text/html", b"<!doctype html><title>Sign in</title>")
                elif kind == "list":
                    self._send(200, "application/json", b"[]")
                elif kind == "moved":
                    self.send_response(302)
                    self.send_header("Location", "/good/moved-here")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self._send(404, "text/plain", b"not found")

            def _send(self, status: int, kind: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: pytest shows what matters

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a slow answer still sleeping ends with the tests
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.document = {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def fresh(self, kind: str) -> str:
        """A path of ``kind`` no test asked for before (the app caches checks per address)."""
        return f"/{kind}/{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    served = Provider()
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups of :data:`UNKNOWN_HOST` fail and of :data:`HANGING_HOST` hang for 5 s."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == UNKNOWN_HOST:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if host == HANGING_HOST:
            time.sleep(5)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A password registrar of C-02 and an OIDC-only one, a register, at :data:`NOW`."""
    path = tmp_path / "accounts.toml"
    add_account(path, "reg-c02", role="registrar", clinic_id="C-02", password=PASSWORD)
    add_account(
        path, "alice", role="registrar", clinic_id="C-02", email="alice@clinic.kz", password=None
    )
    monkeypatch.setenv("EMHANA_NOW", NOW)
    monkeypatch.setenv("EMHANA_ACCOUNTS", str(path))
    monkeypatch.setenv("EMHANA_DATABASE_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    return path


def expected(code: str, lang: str, url: str, section: str = "[auth]", **params: str) -> str:
    """The page's error for a discovery problem ``code`` of ``url``."""
    where = t("auth.oidc_metadata.where", lang, section=section, url=url)
    problem = t(f"auth.oidc_metadata.{code}", lang, where=where, **params)
    return t("auth.oidc_metadata", lang, problem=problem, minutes=5)


def registrar_page(url: str, lang: str = "en", **user: Any) -> AppTest:
    """The registrar page of a session whose ``[auth]`` section has ``url`` as its address."""
    auth = {**COMPLETE, "server_metadata_url": url}
    return session({"auth": auth}, lang=lang, page=REGISTRAR, user={"is_logged_in": False, **user})


def sign_in_with_password(test: AppTest) -> AppTest:
    name, password = test.text_input
    name.input("reg-c02")
    password.input(PASSWORD)
    return test.button[0].click().run()  # the form's submit button


# --- the check itself, without Streamlit -------------------------------------------------------


def problem_of(url: str, **options: Any) -> tuple[str, dict[str, str]] | None:
    from catchments.access import discovery_problem

    found = discovery_problem(url, **options)
    return None if found is None else (found.code, dict(found.params))


def test_a_discovery_document_with_the_keys_st_login_needs_is_fine(provider: Provider) -> None:
    assert problem_of(provider.url(provider.fresh("good"))) is None


@pytest.mark.parametrize(
    ("kind", "code", "params"),
    [
        ("missing", "status", {"status": "404 Not Found"}),
        ("flaky", "status", {"status": "503 Service Unavailable"}),
        ("page", "not_json", {}),
        ("list", "not_json", {}),
        ("partial", "keys", {"keys": "`authorization_endpoint`, `token_endpoint`"}),
        ("moved", "redirect", {"location": "/good/moved-here"}),
    ],
)
def test_an_address_that_is_not_a_discovery_document_is_named(
    provider: Provider, kind: str, code: str, params: dict[str, str]
) -> None:
    url = provider.url(provider.fresh(kind))
    assert problem_of(url) == (code, {"url": url, **params})


def test_a_redirect_is_followed_where_client_kwargs_say_so(provider: Provider) -> None:
    # Authlib hands client_kwargs' follow_redirects to httpx, as st.login's fetch would
    assert problem_of(provider.url("/moved/x"), follow_redirects=True) is None


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1:{port}/good/x",
        "127.0.0.1:{port}/good/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://",
        "not a URL",
        " http://127.0.0.1:{port}/good/x",
        "http://[::1",
    ],
)
def test_an_address_that_is_not_http_is_refused_without_a_request(
    provider: Provider, url: str
) -> None:
    url = url.format(port=provider.server.server_address[1])
    before = provider.hits.total()
    assert problem_of(url) == ("url", {"url": url})
    assert provider.hits.total() == before


def test_connection_failures_are_told_apart(provider: Provider, lookups: None) -> None:
    refused = problem_of(f"http://127.0.0.1:{free_port()}/x")  # nothing listens there
    assert refused is not None
    assert refused[0] == "refused"
    assert "refused" in refused[1]["detail"].lower()
    unknown = problem_of(f"https://{UNKNOWN_HOST}/.well-known/openid-configuration")
    assert unknown is not None
    assert unknown[0] == "name"
    assert "Name or service not known" in unknown[1]["detail"]
    tls = problem_of(provider.url("/good/x").replace("http://", "https://"))  # no TLS there
    assert tls is not None
    assert tls[0] == "tls"


def test_a_user_name_and_password_in_the_address_are_not_shown(provider: Provider) -> None:
    url = provider.url("/missing").replace("http://", "http://admin:s3cret@")
    found = problem_of(url)
    assert found is not None
    assert found[0] == "status"
    assert "s3cret" not in found[1]["url"]
    assert found[1]["url"] == provider.url("/missing")


@pytest.mark.parametrize(
    "url",
    [pytest.param("slow", id="slow-answer"), pytest.param("dns", id="hanging-name-lookup")],
)
def test_a_provider_that_does_not_answer_keeps_the_page_waiting_no_longer_than_the_timeout(
    provider: Provider, lookups: None, url: str
) -> None:
    # httpx's own timeouts do not bound a name lookup: the deadline of the whole check does
    address = provider.url(provider.fresh("slow")) if url == "slow" else f"http://{HANGING_HOST}/x"
    started = time.monotonic()
    assert problem_of(address, timeout=0.5) == ("timeout", {"url": address, "seconds": "0.5"})
    assert time.monotonic() - started < 1.5


def test_client_kwargs_of_the_chosen_provider_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = {"redirect_uri": "x", "cookie_secret": "x"}
    options = {"verify": False, "follow_redirects": True}
    monkeypatch.setattr(st, "secrets", {"auth": {**COMPLETE, "client_kwargs": options}})
    setup = oidc_setup()
    assert setup is not None
    assert (setup.metadata_url, setup.verify, setup.follow_redirects) == (
        COMPLETE["server_metadata_url"], False, True,
    )  # fmt: skip
    okta = {**COMPLETE, "server_metadata_url": "http://okta.local/x", "client_kwargs": options}
    monkeypatch.setattr(st, "secrets", {"auth": {**shared, "okta": okta}})
    setup = oidc_setup()
    assert setup is not None
    assert (setup.provider, setup.metadata_url, setup.verify) == (
        "okta", okta["server_metadata_url"], False,
    )  # fmt: skip
    monkeypatch.setattr(st, "secrets", {"auth": {**COMPLETE, "client_kwargs": {"verify": 1}}})
    setup = oidc_setup()
    assert setup is not None
    assert (setup.verify, setup.follow_redirects) == (True, False)  # as httpx's defaults


# --- the staff pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_address_is_explained_in_the_page_s_language_and_passwords_sign_in(
    provider: Provider, accounts: Path, lang: str
) -> None:
    url = provider.url(provider.fresh("missing"))
    test = registrar_page(url, lang)
    assert not test.exception
    assert [error.value for error in test.error] == [
        expected("status", lang, url, status="404 Not Found")
    ]
    assert not oidc_button_shown(test, lang), "st.login would end on 'Authentication error'"
    test = sign_in_with_password(test)
    assert not test.exception
    assert test.session_state[SESSION_USER] == "reg-c02"
    assert f"**reg-c02** ({t('auth.role.registrar', lang)}" in test.sidebar.caption[-1].value


@pytest.mark.parametrize(
    ("kind", "code", "params"),
    [
        ("page", "not_json", {}),
        ("partial", "keys", {"keys": "`authorization_endpoint`, `token_endpoint`"}),
    ],
)
def test_each_problem_is_worded_on_the_page(
    provider: Provider, accounts: Path, kind: str, code: str, params: dict[str, str]
) -> None:
    url = provider.url(provider.fresh(kind))
    test = registrar_page(url, "ru")
    assert [error.value for error in test.error] == [expected(code, "ru", url, **params)]
    assert len(test.text_input) == 2


def test_an_address_that_is_not_http_is_named_without_a_request(
    provider: Provider, accounts: Path
) -> None:
    before = provider.hits.total()
    url = "idp.example.kz/.well-known/openid-configuration"  # the scheme forgotten
    test = registrar_page(url, "kk")
    assert [error.value for error in test.error] == [expected("url", "kk", url)]
    assert provider.hits.total() == before
    assert not oidc_button_shown(test, "kk")


def test_a_named_provider_s_address_is_checked_and_named(
    provider: Provider, accounts: Path
) -> None:
    url = provider.url(provider.fresh("page"))
    okta = {key: COMPLETE[key] for key in ("client_id", "client_secret")}
    auth = {"redirect_uri": "x", "cookie_secret": "x", "okta": {**okta, "server_metadata_url": url}}
    test = session({"auth": auth}, page=REGISTRAR, user={"is_logged_in": False})
    assert [error.value for error in test.error] == [
        expected("not_json", "en", url, section="[auth.okta]")
    ]


@pytest.mark.parametrize("named", [False, True], ids=["in-auth", "in-auth.okta"])
def test_a_good_address_offers_the_provider_and_is_fetched_once(
    provider: Provider, accounts: Path, named: bool
) -> None:
    path = provider.fresh("good")
    auth: dict[str, Any] = {**COMPLETE, "server_metadata_url": provider.url(path)}
    if named:
        auth = {**dict.fromkeys(("redirect_uri", "cookie_secret"), "x"), "okta": auth}
    test = session({"auth": auth}, page=REGISTRAR, user={"is_logged_in": False})
    assert not test.exception
    assert texts(test) == []
    assert oidc_button_shown(test, "en")
    assert not test.text_input, "no password form beside the provider"
    test.run()
    test.switch_page("app_pages/planner.py").run()
    assert oidc_button_shown(test, "en")
    session({"auth": auth}, page=REGISTRAR, user={"is_logged_in": False})  # another session
    assert provider.hits[path] == 1


def test_a_slow_provider_delays_the_first_page_only(provider: Provider, accounts: Path) -> None:
    path = provider.fresh("slow")  # answers well, but after 4 s: longer than the check waits
    test = registrar_page(provider.url(path))
    assert [error.value for error in test.error] == [
        expected("timeout", "en", provider.url(path), seconds="3")
    ]
    assert len(test.text_input) == 2
    test.run()
    assert provider.hits[path] == 1, "the rerun did not wait for the provider again"


def test_a_signed_in_identity_is_not_checked_again(provider: Provider, accounts: Path) -> None:
    # signed in through the provider, the session keeps its account if the provider goes away
    path = provider.fresh("missing")
    test = registrar_page(provider.url(path), is_logged_in=True, email="alice@clinic.kz")
    assert not test.exception
    assert not test.error
    assert "**alice**" in test.sidebar.caption[-1].value
    assert provider.hits[path] == 0


def test_a_password_session_is_kept_when_the_provider_comes_back(
    provider: Provider, accounts: Path
) -> None:
    from app_pages._data import checked_discovery

    path = provider.fresh("flaky")
    test = registrar_page(provider.url(path))
    assert [error.value for error in test.error] == [
        expected("status", "en", provider.url(path), status="503 Service Unavailable")
    ]
    test = sign_in_with_password(test)
    assert test.session_state[SESSION_USER] == "reg-c02"
    provider.recovered.add(path)
    checked_discovery.clear()  # as DISCOVERY_TTL passing would
    test.run()
    assert not test.exception
    assert not test.error
    assert test.session_state[SESSION_USER] == "reg-c02"
    assert not oidc_button_shown(test, "en")
    assert "**reg-c02**" in test.sidebar.caption[-1].value
    assert provider.hits[path] == 2


def test_the_check_is_cached_per_address(provider: Provider) -> None:
    from app_pages._data import checked_discovery

    path = provider.fresh("good")
    assert [checked_discovery(provider.url(path)) for _ in range(3)] == [None, None, None]
    assert provider.hits[path] == 1
    other = provider.fresh("good")
    assert checked_discovery(provider.url(other)) is None
    assert provider.hits[other] == 1
