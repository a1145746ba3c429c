"""The citizen flow in a real browser: `streamlit run app.py` driven by Playwright (issue 5).

Headless Debian Chromium, offline: the test also checks that the page asked nothing of the
internet. It saves screenshots under .screenshots/ (``EMHANA_SCREENSHOTS``); the README's
picture is ``citizen.png`` from this test.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import SCREENSHOTS

pytestmark = pytest.mark.slow
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


def test_browser_citizen_finds_a_clinic_and_applies_out_of_area(app_url: str, browser: Any) -> None:
    from playwright.sync_api import expect

    # A browser set to Kazakh; the app starts in the browser's language (see test_i18n).
    page = browser.new_page(viewport={"width": 1500, "height": 1250}, locale="kk-KZ")
    remote: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(LOCAL) else remote.append(request.url),
    )
    page.goto(app_url)
    # The page opens in Kazakh; switch to English in the sidebar.
    page.get_by_text("Қай емханаға бекітіле аламын?").wait_for(timeout=90_000)
    page.get_by_text("English", exact=True).click()
    page.get_by_text("Which clinic can I attach to?").wait_for(timeout=30_000)

    # Type the address as a person does; the best match is chosen and the page answers.
    box = page.get_by_role("textbox", name="Your address")
    box.click()
    box.press_sequentially("улица Абая 59", delay=40)
    heading = page.get_by_text("Clinics for улица Абая 59, Акбулак")
    heading.wait_for(timeout=60_000)
    expect(page.get_by_text("Your choice: Городская поликлиника №2")).to_be_visible()
    expect(page.get_by_text("Your address is in its territory").first).to_be_visible()

    frame = page.frame_locator("iframe[title*='st_folium']").first
    markers = frame.locator("#map_div .leaflet-marker-pane .awesome-marker")
    markers.first.wait_for(timeout=60_000)
    assert markers.count() == 14  # 13 clinics and the house
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1500)  # let the map's streets paint
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "citizen.png"))

    # An out-of-area clinic: the home-visit warning, and submit disabled until accepted.
    page.locator(".st-key-choose_C-01 button").click()
    page.get_by_text("Your choice: Городская поликлиника №1").wait_for(timeout=30_000)
    expect(
        page.get_by_text("no doctor and no mobile team of this clinic will come")
    ).to_be_visible()
    submit = page.locator(".st-key-citizen_submit button")
    expect(submit).to_be_disabled()
    page.locator(".st-key-citizen_ack_C-01 label").click()
    expect(submit).to_be_enabled(timeout=30_000)
    submit.click()
    page.get_by_text("Approved: you would be attached to district D-01T1.").wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "citizen-submitted.png"), full_page=True)

    # A click on the map takes the nearest house there as the address.
    frame.locator("#map_div").click(position={"x": 120, "y": 420})
    expect(page.get_by_text("Clinics for улица Абая 59, Акбулак")).to_have_count(0, timeout=60_000)
    expect(page.get_by_text("Clinics for ").first).to_be_visible()

    assert not remote, f"the page asked the internet for {remote}"
    page.close()


def test_browser_the_app_starts_in_the_browser_language_unless_the_address_names_one(
    app_url: str, browser: Any
) -> None:
    page = browser.new_page(locale="ru-RU")
    page.goto(app_url)
    page.get_by_text("К какой поликлинике я могу прикрепиться?").wait_for(timeout=90_000)
    page.goto(f"{app_url}/?lang=en")
    page.get_by_text("Which clinic can I attach to?").wait_for(timeout=60_000)
    page.close()
    # A language the region does not speak falls back to the region's first, Kazakh.
    page = browser.new_page(locale="de-DE")
    page.goto(app_url)
    page.get_by_text("Қай емханаға бекітіле аламын?").wait_for(timeout=90_000)
    page.close()
