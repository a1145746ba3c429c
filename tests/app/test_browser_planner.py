"""The planner's page in a real browser: a census file uploaded, a rebalancing run, its files
downloaded (issue 7).

The plan's files are made only when their button is pressed (Streamlit's deferred download),
which an AppTest session cannot press; here Chromium does, and the files are read back: the
districts as a GeoPackage, the street lists, and the report in the page's language.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from app_pages import _data
from app_pages._i18n import t
from catchments.access import add_account
from catchments.planning.wording import report_text
from geo.package import read_region
from geo.schema import AGE_BANDS
from tests.app.conftest import PASSWORD, SCREENSHOTS, serve_app

pytestmark = pytest.mark.slow
RU = "ru"


@pytest.fixture(scope="module")
def planner_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a planner's account."""
    folder = tmp_path_factory.mktemp("planner")
    accounts = folder / "accounts.toml"
    add_account(accounts, "plan", role="planner", password=PASSWORD)
    env = {
        "EMHANA_ACCOUNTS": str(accounts),
        "EMHANA_DATABASE_URL": f"sqlite:///{folder / 'register.sqlite'}",
    }
    with serve_app(env=env) as url:
        yield url


def test_browser_a_planner_downloads_the_rebalanced_plan_in_russian(
    planner_app: str, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 1200}, accept_downloads=True)
    page.goto(f"{planner_app}/planner?lang=ru")
    page.get_by_role("textbox", name=t("auth.username", RU)).fill("plan")
    page.get_by_role("textbox", name=t("auth.password", RU)).fill(PASSWORD)
    page.get_by_role("button", name=t("auth.submit", RU)).click()
    # Residents from a census file: C-07's districts drawn as blocks of 1,000 adults each.
    region = read_region(_data.DEMO_REGION)
    blocks = region.districts[region.districts["clinic_id"] == "C-07"][["district_id", "geometry"]]
    blocks = blocks.rename(columns={"district_id": "area_id"})
    for band in AGE_BANDS:
        blocks[band] = 1000.0 if band == "pop_18_62" else 0.0
    census = tmp_path / "census.gpkg"
    blocks.to_file(census, layer="population_areas")
    expander = page.get_by_text(t("planner.population", RU))
    expander.wait_for(timeout=120_000)
    expander.click()
    page.locator("input[type=file]").first.set_input_files(census)
    used = t("planner.population_used", RU, polygons=len(blocks), file="census.gpkg")
    page.get_by_text(used).wait_for(timeout=60_000)

    # The upload reran the page, and the caption moved the tabs down: until the run ends, the
    # last run's tabs linger, greyed out, beside the new ones. Wait for the run to end.
    tab = page.get_by_role("tab", name=t("planner.tab_rebalance", RU))
    expect(tab).to_have_count(1, timeout=120_000)
    tab.click()
    limit = page.get_by_label(t("planner.rebalance_limit", RU))
    button = page.get_by_role("button", name=t("planner.rebalance_button", RU), exact=True)

    def settled() -> None:
        # Until a rerun ends, the last run's elements linger beside the new ones (marked
        # data-stale), so a label could name two inputs: wait for the run to end first.
        expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=120_000)

    def progress_bar(seconds: str) -> Any:
        # While the search runs, a bar tells the time used and where the plan stands.
        told = t("planner.rebalance_progress", RU, spent="@", limit=seconds, over="@", moved="@")
        return page.get_by_text(re.compile(re.escape(told).replace("@", r"[\d\u00a0]+")))

    def enter(field: Any, value: str) -> None:
        field.fill(value)
        field.press("Enter")
        settled()

    def start_run(seconds: str) -> Any:
        enter(limit, seconds)
        button.click()
        bar = progress_bar(seconds)
        bar.first.wait_for(timeout=120_000)
        return bar

    # A long run stops when a bound changes: the planner need not wait out its time limit.
    long_run = start_run("300")
    reach = page.get_by_label(t("planner.rebalance_reach", RU))
    reach.fill("4")
    reach.press("Enter")
    expect(long_run).to_have_count(0, timeout=60_000)
    settled()
    expect(page.get_by_text(t("planner.downloads", RU))).to_have_count(0)
    enter(reach, "3")

    # Another long run, stopped by its button once it has found a better plan: that plan is
    # shown, said to be stopped, and kept (the next run below replaces it).
    stopping = start_run("300")
    over_told = []
    for _ in range(240):  # two minutes at most
        told = stopping.first.text_content() or ""
        over_told.append(int(re.sub(r"\D", "", told.split("·")[1])))
        if over_told[-1] < over_told[0]:
            break
        page.wait_for_timeout(500)
    else:
        pytest.fail(f"the search found no better plan in two minutes: {over_told[-1]} over")
    page.get_by_role("button", name=t("planner.rebalance_stop", RU)).click()
    page.get_by_text(t("planner.downloads", RU)).wait_for(timeout=60_000)
    expect(stopping).to_have_count(0)
    stopped = report_text("status.stopped", RU)
    expect(page.get_by_text(stopped, exact=False).first).to_be_visible()
    settled()

    running = start_run("5")
    expect(running).to_have_count(0, timeout=180_000)  # the bar is gone with the run
    settled()
    page.get_by_text(t("planner.downloads", RU)).wait_for(timeout=60_000)
    expect(page.get_by_text(stopped, exact=False)).to_have_count(0)  # this run's plan now

    # The redrawn districts on a map, with the buildings that change district as a layer.
    # The plan's map may come after the page's others are drawn: look at each map's layer
    # control (folded: its text is hidden) until one lists the moves, or a minute has passed.
    maps = page.frame_locator("iframe[title*='st_folium']")
    moved = t("planner.layer_moved", RU, count="")[:-3]  # "Здания, которые меняют участок"
    listed: list[str] = []
    for _ in range(120):
        count = page.locator("iframe[title*='st_folium']").count()
        controls = [maps.nth(i).locator(".leaflet-control-layers") for i in range(count)]
        listed = [c.text_content() or "" for c in controls if c.count()]
        if any(moved in text for text in listed):
            break
        page.wait_for_timeout(500)
    else:
        pytest.fail(f"no map lists {moved!r}; their layers: {listed}")
    heading = page.get_by_text(t("planner.rebalance_map", RU))
    heading.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1500)  # let the map's tiles of districts paint
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "planner-rebalanced-ru.png"))

    def download(label: str) -> Path:
        with page.expect_download(timeout=120_000) as pending:
            page.get_by_role("button", name=label).click()
        saved = tmp_path / str(pending.value.suggested_filename)
        pending.value.save_as(saved)
        return saved

    gpkg = download(t("planner.download_gpkg", RU))
    assert gpkg.name == "districts.gpkg"
    with sqlite3.connect(gpkg) as database:  # a real GeoPackage: an SQLite file with its tables
        tables = {row[0] for row in database.execute("SELECT table_name FROM gpkg_contents")}
    assert tables == {"districts"}
    districts = gpd.read_file(gpkg, layer="districts")
    assert districts.crs.to_epsg() == 4326
    assert districts["district_id"].is_unique
    assert districts["changed"].any()

    streets = download(t("planner.download_streets", RU)).read_text(encoding="utf-8")
    assert streets.splitlines()[0] == "district_id,street,house_ranges"

    report = download(t("planner.download_report_html", RU))
    assert report.name == "report-ru.html"
    text = report.read_text(encoding="utf-8")
    assert "<html lang='ru'>" in text
    assert report_text("heading.impossible", RU) in text
    assert text.count("data:image/png;base64,") == 3
    pdf = download(t("planner.download_report_pdf", RU))
    assert pdf.read_bytes().startswith(b"%PDF")
    # Downloading does not rerun the page: the result is still shown, nothing was lost.
    assert page.get_by_text(t("planner.downloads", RU)).is_visible()
    page.get_by_text(t("planner.downloads", RU)).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "planner-downloads-ru.png"))

    # What-if: a click on the load map is where a new clinic would open.
    page.get_by_role("tab", name=t("planner.tab_whatif", RU)).click()
    lon = page.get_by_label(t("planner.whatif_lon", RU))
    centre = lon.input_value()
    load_map = page.frame_locator("iframe[title*='st_folium']").first.locator("#map_div")
    load_map.scroll_into_view_if_needed()
    load_map.click(position={"x": 300, "y": 200})
    expect(lon).not_to_have_value(centre, timeout=60_000)
    settled()
    opening = page.get_by_role("checkbox", name=t("planner.whatif_open", RU))
    expect(opening).not_to_be_checked()  # a click to read a district adds no clinic
    page.get_by_text(t("planner.whatif_open", RU), exact=True).click()  # its label takes clicks
    expect(opening).to_be_checked()
    page.get_by_role("button", name=t("planner.whatif_compare", RU)).click()
    # The comparison (its grid is drawn on a canvas; its figures are tested in test_pages).
    expect(page.get_by_text(t("planner.whatif_cover", RU))).to_be_visible(timeout=120_000)
    page.close()
