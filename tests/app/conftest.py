"""Fixtures for the app's tests: AppTest sessions, a real `streamlit run app.py` server, a browser.

Every session answers for a fixed moment (``EMHANA_NOW``, during the campaign), so decisions
do not depend on the day the tests run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.applications import NOW

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long test password"
SCREENSHOTS = Path(os.environ.get("EMHANA_SCREENSHOTS", ROOT / ".screenshots"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's background services try the network at start; this machine (and an offline clinic)
# has none, so they are switched off, as is the sandbox (tests run as root in CI).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """A fresh AppTest session of app.py at :data:`NOW`, in English unless told otherwise."""
    monkeypatch.setenv("EMHANA_NOW", NOW)

    def start(lang: str = "en", *, page: str | None = None, now: str | None = None) -> AppTest:
        if now is not None:
            monkeypatch.setenv("EMHANA_NOW", now)
        test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
        if lang != test.radio(key="lang").value:
            test.radio(key="lang").set_value(lang).run()
        if page is not None:
            test.switch_page(page).run()
        return test

    return start


@pytest.fixture
def signed_in(
    app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., AppTest]:
    """An AppTest session signed in as a registrar of C-02 or a planner (via app_pages._auth)."""
    from app_pages._auth import SESSION_USER
    from catchments.access import add_account

    accounts = tmp_path / "accounts.toml"
    add_account(accounts, "reg-c02", role="registrar", clinic_id="C-02", password=PASSWORD)
    add_account(accounts, "plan", role="planner", password=PASSWORD)
    monkeypatch.setenv("EMHANA_ACCOUNTS", str(accounts))
    monkeypatch.setenv("EMHANA_DATABASE_URL", f"sqlite:///{tmp_path / 'register.sqlite'}")
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")

    def start(user: str, page: str, lang: str = "en") -> AppTest:
        test = app(lang)
        test.session_state[SESSION_USER] = user  # signed in, as app_pages._auth keeps it
        return test.switch_page(page).run()

    return start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serve_app(
    *options: str, port: int | None = None, env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Serve app.py on a free localhost port until the block ends; yield its URL.

    ``options`` are extra ``streamlit run`` flags (``--secrets.files PATH``, say) and ``env``
    extra environment variables (an accounts file, a register), on top of :data:`NOW`; ``port``
    is for a caller that must name the URL beforehand (an OIDC ``redirect_uri``).
    """
    port = port or free_port()
    log = (ROOT / f".pytest-streamlit-{port}.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", *options,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "EMHANA_NOW": NOW, **(env or {})},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app on the demo region, served for the whole session."""
    with serve_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright; skipped where absent, except under CI."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser test: install Debian's chromium (see .ci/run)")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
