"""The region map page (issue 2, now in three languages): AppTest, then a real browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import SCREENSHOTS

PAGE = "app_pages/overview.py"


def test_overview_page_renders_the_demo_region(app: Callable[..., AppTest]) -> None:
    test = app(page=PAGE)
    assert not test.exception
    assert test.title[0].value == "Akbulak (demo)"
    metrics = {metric.label: metric.value for metric in test.metric}
    assert metrics["PHC organizations"] == "13"
    assert int(metrics["Residential buildings"].replace(",", "")) >= 15_000


def test_overview_page_names_the_region_in_kazakh(app: Callable[..., AppTest]) -> None:
    test = app("kk", page=PAGE)
    assert test.title[0].value == "Ақбұлақ (демо)"
    assert "МСАК ұйымдары" in [metric.label for metric in test.metric]


def test_every_page_reports_a_broken_package(
    app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "region.gpkg").write_text("not a geopackage", encoding="utf-8")
    (tmp_path / "region.toml").write_text("[region]\n", encoding="utf-8")
    monkeypatch.setenv("EMHANA_REGION", str(tmp_path))
    test = app()
    assert not test.exception
    assert "cannot be used" in test.error[0].value
    test.switch_page(PAGE).run()
    assert "cannot be used" in test.error[0].value


def test_browser_shows_the_map_offline(app_url: str, browser: Any) -> None:
    """Every map asset is served locally: the page works on a machine without internet."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    remote: list[str] = []
    page.on(
        "request",
        lambda request: (
            remote.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
            else None
        ),
    )
    page.goto(f"{app_url}/map")
    page.get_by_text("Ақбұлақ (демо)").first.wait_for(timeout=60_000)
    frame = page.frame_locator("iframe[title*='st_folium']").first
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    markers = frame.locator("#map_div .leaflet-marker-pane .awesome-marker")
    markers.first.wait_for(timeout=30_000)
    assert markers.count() == 13
    # Territories and streets are drawn on a canvas (prefer_canvas): count its painted pixels.
    canvas = frame.locator("#map_div .leaflet-overlay-pane canvas").first
    painted = canvas.evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
    )
    assert painted > 20_000, "district territories are drawn (an empty canvas has 0)"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "overview.png"))
    tiles = [url for url in remote if "tile.openstreetmap" in url]
    assert not tiles, "online tiles are off by default"
    assert not [url for url in remote if url.endswith((".js", ".css"))], remote
    page.close()
