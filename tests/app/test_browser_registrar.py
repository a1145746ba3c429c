"""The registrar's page in a real browser: a decision is recorded once, however it is clicked.

A double click on a form's button sends two submissions; Streamlit reruns the page for each,
and an AppTest session cannot send the second while the first run is writing. Chromium can.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from app_pages import _data
from app_pages._i18n import t
from catchments import cli
from catchments.access import add_account, operator
from catchments.register import open_register
from tests.app.conftest import PASSWORD, serve_app
from tests.applications import application

pytestmark = pytest.mark.slow
EN = "en"
VALID_IIN = "800302300019"  # born 2.3.1980, as the applications here


@pytest.fixture(scope="module")
def registrar_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app with a registrar of C-02 and a register holding the demo's districts."""
    folder = tmp_path_factory.mktemp("registrar")
    accounts = folder / "accounts.toml"
    add_account(accounts, "reg-c02", role="registrar", clinic_id="C-02", password=PASSWORD)
    database = f"sqlite:///{folder / 'register.sqlite'}"
    env = {
        "EMHANA_ACCOUNTS": str(accounts),
        "EMHANA_DATABASE_URL": database,
        "EMHANA_HOME": str(folder / "home"),
        "EMHANA_DEV_MODE": "1",  # the public development IIN key
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        imported = ["register", "import", "--region", str(_data.DEMO_REGION)]
        assert cli.main([*imported, "--database", database]) == 0
    with serve_app(env=env) as url:
        yield url, database


def signed_in(browser: Any, url: str, lang: str) -> Any:
    """A new page on the registrar's tab, signed in as the registrar of C-02."""
    page = browser.new_page(viewport={"width": 1500, "height": 1400})
    page.goto(f"{url}/registrar?lang={lang}")
    page.get_by_role("textbox", name=t("auth.username", lang)).fill("reg-c02")
    page.get_by_role("textbox", name=t("auth.password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("auth.submit", lang)).click()
    return page


def test_browser_clicking_record_again_and_again_records_the_decision_once(
    registrar_app: tuple[str, str], browser: Any
) -> None:
    url, database = registrar_app
    page = signed_in(browser, url, EN)
    page.get_by_text(t("registrar.input_json", EN)).click()
    page.locator("textarea").first.fill(json.dumps(application(), ensure_ascii=False))
    page.get_by_role("button", name=t("registrar.decide", EN), exact=True).click()
    page.get_by_role("textbox", name=t("registrar.iin", EN)).fill(VALID_IIN)
    page.get_by_role("textbox", name=t("registrar.full_name", EN)).fill("Aigerim Bolatova")
    # Clicks as an impatient registrar's: a burst over half a second, so that some arrive
    # while the first click's run is writing (Streamlit starts each rerun at once, beside the
    # run it stops).
    box = page.get_by_role("button", name=t("registrar.record", EN), exact=True).bounding_box()
    assert box is not None
    for _ in range(8):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(60)
    recorded = page.get_by_text("Recorded. Coupon No. C-02/")
    recorded.wait_for(timeout=60_000)
    page.wait_for_timeout(3_000)  # time for a second submission's run to write, had it
    with open_register(database) as register:
        rows = register.applications_for(operator(), source="test")
    assert [(row.clinic_id, row.outcome) for row in rows] == [("C-02", "approved")], rows
    assert recorded.count() == 1


@pytest.mark.parametrize(("lang", "button"), [("ru", "Выбрать файл"), ("kk", "Файлды таңдау")])
def test_browser_the_file_uploader_speaks_the_page_s_language(
    registrar_app: tuple[str, str], browser: Any, lang: str, button: str
) -> None:
    # Streamlit writes "Upload" and "200MB per file" in English on every page; the page's words
    # are drawn in their place and Streamlit's hidden.
    url, _ = registrar_app
    page = signed_in(browser, url, lang)
    page.get_by_text(t("registrar.tab_batch", lang)).click()
    uploader = page.locator(".st-key-registrar_upload")
    uploader.locator('[data-testid="stFileUploaderDropzone"]').wait_for(timeout=30_000)
    # The style comes in its own element, after the uploader: wait until it is applied.
    page.wait_for_function(
        """() => { const p = document.querySelector('.st-key-registrar_upload button p');
                   return p && getComputedStyle(p).fontSize === '0px'; }""",
        timeout=30_000,
    )
    drawn = uploader.evaluate(
        """e => [e.querySelector('button p'),
                 e.querySelector('[data-testid=stFileUploaderDropzoneInstructions] span')]
                .map(x => [getComputedStyle(x).fontSize, getComputedStyle(x, '::after').content])"""
    )
    limit = t("uploader.limit", lang, size="200", types="CSV, TXT")
    assert drawn == [["0px", f'"{button}"'], ["0px", f'"{limit}"']]
    page.close()
