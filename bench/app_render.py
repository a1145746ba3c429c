"""Benchmark: how long the app's pages take to render on the demo region, against loading it.

Streamlit's ``AppTest`` runs ``app.py`` in this process, as the server would for one browser
session (without the browser's own drawing, and without sending the page over the network).
Measured in the same run:

* peer: a cold :meth:`catchments.service.RegionServices.load` of the demo region (read and
  validate the package, build the territory index, geocoder and street network) -- what any
  front end must do once before it can answer anything;
* the app's cold start: the first run of ``app.py`` in the process (the citizen page, which
  loads the region through ``st.cache_resource``);
* the first render of each page for a *new* session once the process is warm (the street
  graph and indexes cached): citizen, region map, registrar and planner (signed in), median of
  ``--repeat`` sessions; the planner's first-ever render, which computes load and travel times
  for every building once per process, is reported apart;
* a search: typing an address into the citizen page until its answer is drawn (geocoding,
  every candidate clinic decided, the map rebuilt), median of ``--repeat``; and the geocoder's
  own search + street suggestions for the same text.

Run: ``.venv/bin/python bench/app_render.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import machine  # bench/common.py; scripts run as python bench/<name>.py
from streamlit.testing.v1 import AppTest

from catchments.access import add_account
from catchments.service import RegionServices

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
QUERY = "улица Абая 59"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def session(lang: str = "en") -> AppTest:
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    test.session_state["lang"] = lang
    return test


def checked(test: AppTest) -> AppTest:
    if test.exception:
        raise SystemExit(f"the app failed: {test.exception[0].value}")
    if not test.title:
        raise SystemExit("the page drew no title: it did not render")
    return test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("EMHANA_NOW", "2026-09-21T10:00:00+05:00")
    home = Path(tempfile.mkdtemp(prefix="emhana-bench-"))
    add_account(home / "accounts.toml", "bench-reg", role="registrar", clinic_id="C-02",
                password="bench password 123")  # fmt: skip
    add_account(home / "accounts.toml", "bench-plan", role="planner", password="bench password 1")
    os.environ.update(
        EMHANA_ACCOUNTS=str(home / "accounts.toml"),
        EMHANA_DATABASE_URL=f"sqlite:///{home / 'register.sqlite'}",
        EMHANA_DEV_MODE="1",
    )
    print(f"machine: {machine()}")

    peer = timed(lambda: RegionServices.load(DEMO))
    cold = timed(lambda: checked(session().run()))
    first_planner = 0.0

    def page(path: str, user: str | None = None) -> Callable[[], float]:
        """Seconds of a new session's first run of ``path``.

        The citizen page is the app's default, so its first run is the session's first; the
        others are opened from the navigation, as a person does, after that first run.
        """

        def run() -> float:
            test = session()
            if user is not None:
                test.session_state["emhana_user"] = user
            if path == "app_pages/citizen.py":
                return timed(lambda: checked(test.run()))
            test.run()
            return timed(lambda: checked(test.switch_page(path).run()))

        return run

    first_planner = page("app_pages/planner.py", "bench-plan")()
    renders = {
        "citizen": page("app_pages/citizen.py"),
        "region map": page("app_pages/overview.py"),
        "registrar": page("app_pages/registrar.py", "bench-reg"),
        "planner": page("app_pages/planner.py", "bench-plan"),
    }
    medians = {
        name: statistics.median(run() for _ in range(args.repeat)) for name, run in renders.items()
    }

    services = RegionServices.load(DEMO)
    # Other addresses each time, so no answer comes from the per-minute cache of check_place.
    city = services.region.buildings.query("settlement_id == 'S-01'")
    picks = city.drop_duplicates("street").sample(args.repeat, random_state=5)
    queries = [
        f"{street} {house}"
        for street, house in zip(picks["street"], picks["housenumber"], strict=True)
    ]

    def search(query: str) -> float:
        test = checked(session().run())
        box = test.text_input(key="citizen_query")
        seconds = timed(lambda: checked(box.input(query).run()))
        assert test.subheader[0].value.startswith(f"Clinics for {query}"), test.subheader
        return seconds

    search_median = statistics.median(search(query) for query in queries)
    geocode = statistics.median(
        timed(lambda: (services.geocoder.search(QUERY), services.geocoder.suggest(QUERY)))
        for _ in range(50)
    )

    print(f"peer: cold RegionServices.load of the demo region: {peer:.2f} s")
    print(f"app cold start (first run of app.py in the process): {cold:.2f} s")
    print(f"planner, first render in the process (load and walk times computed): "
          f"{first_planner:.2f} s")  # fmt: skip
    print(f"first render of a page for a new session, warm process (median of {args.repeat}):")
    for name, seconds in medians.items():
        print(f"  {name:<11} {seconds:.2f} s   ({seconds / peer:.2f} x the peer)")
    print(f"search for an address until the answer is drawn (median of {args.repeat} addresses): "
          f"{search_median:.2f} s ({search_median / peer:.2f} x the peer)")  # fmt: skip
    print(f"geocoder search + suggest alone (median of 50): {geocode * 1000:.1f} ms")


if __name__ == "__main__":
    main()
