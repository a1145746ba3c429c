"""The planner view with AppTest: load against the norms, people without cover (R-CAP-1, R-TERR-2).

The expected figures are computed here from the demo's layers by other means than the page's
(``geo.territory.gaps`` for the uncovered buildings, plain arithmetic for the norms), so the test
fails if the page and the layers disagree. The planning tabs are driven like a planner would:
a what-if that closes C-08 must send exactly the people living in C-08's district polygons to
re-attach, and a 5-second rebalancing must show a load table for every district.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from app_pages import _data
from app_pages._i18n import t
from app_pages._ui import StoppableRun
from catchments.models import Application, Outcome
from catchments.planning import SearchStop, SolveProgress
from catchments.planning.wording import problem_text, report_text
from catchments.register import open_register
from catchments.service import decide
from geo.package import read_region
from geo.schema import AGE_BANDS
from geo.territory import gaps
from tests.applications import NOW, application
from tests.register.conftest import OPERATOR, people

PAGE = "app_pages/planner.py"
NORMS = {"gp": 1700, "therapist": 2200, "pediatric_0_6": 500, "pediatric_0_14": 900}


def test_a_registrar_cannot_open_the_planner_page(signed_in: Callable[..., AppTest]) -> None:
    test = signed_in("reg-c02", PAGE)
    assert "This page is for planners" in test.error[0].value
    assert not test.metric


def test_R_CAP_1_the_planner_sees_load_and_people_without_cover(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE)
    assert not test.exception
    region = read_region(_data.DEMO_REGION)
    districts = region.districts
    over = sum(
        attached > math.floor(NORMS[model] * doctors)
        for model, doctors, attached in zip(
            districts["model"], districts["doctors"], districts["attached"], strict=True
        )
    )
    uncovered = gaps(districts, region.buildings)
    people = int(uncovered[list(AGE_BANDS)].to_numpy().sum())
    metrics = {metric.label: metric.value for metric in test.metric}
    assert metrics["Districts above the norm"] == f"{over} / {len(districts)}"
    assert metrics["Living outside every territory"] == f"{people:,}"
    assert len(uncovered) == 14  # the demo's new microdistrict
    assert int(metrics["Beyond 30 min on foot of their clinic"].replace(",", "")) > 0
    table = test.dataframe[0].value
    assert list(table["% of norm"]) == sorted(table["% of norm"], reverse=True)
    top = table.iloc[0]
    assert top["% of norm"] == round(
        100 * top["Attached"] / top["Doctors"] / top["Norm per doctor"], 1
    )


def test_the_houses_where_street_lists_and_the_map_disagree_are_shown(
    signed_in: Callable[..., AppTest],
) -> None:
    # The demo's three deliberate disagreements were reachable only from Python.
    test = signed_in("plan", PAGE, lang="ru")
    assert not test.exception
    (found,) = [e for e in test.expander if e.label.startswith("Списки улиц и карта")]
    assert found.label == "Списки улиц и карта: домов, требующих внимания: 3"
    assert found.caption[0].value.startswith("сравнено 15\u00a0892 здания:")
    table = found.dataframe[0].value
    assert list(table["здание"]) == ["B-000605", "B-001968", "B-003569"]
    assert set(table["что не так"]) == {"список и полигон называют разные участки"}
    assert table["адрес"].iloc[0] == "улица Арай 21"


def test_the_planner_page_speaks_russian(signed_in: Callable[..., AppTest]) -> None:
    test = signed_in("plan", PAGE, lang="ru")
    assert test.title[0].value == "Нагрузка относительно нормативов"
    assert "Участков сверх норматива" in [metric.label for metric in test.metric]
    # The district table shows its figures as Russian writes them; its cells stay numbers.
    grid = test.dataframe[0]
    shown = convert_arrow_bytes_to_pandas_df(grid.proto.arrow_data.styler.display_values)
    value = grid.value["% норматива"].iloc[0]
    assert shown["% норматива"].iloc[0] == f"{value:.1f}".replace(".", ",")
    assert grid.value["% норматива"].dtype.kind == "f"
    # 1 395: thousands grouped by a no-break space
    assert any("\u00a0" in str(cell) for cell in shown["Прикреплено"])


def test_the_planning_tabs_render_on_the_page(signed_in: Callable[..., AppTest]) -> None:
    test = signed_in("plan", PAGE)
    assert not test.exception
    labels = [tab.label for tab in test.tabs]
    assert {"Accessibility", "What-if", "Rebalancing"} <= set(labels)
    metrics = {metric.label: metric.value for metric in test.metric}
    assert float(metrics["Doctors per 10,000 residents (median building)"]) > 0
    # The solver never runs on page load: no rebalancing result until the button.
    assert not any("% of norm after" in frame.value.columns for frame in test.dataframe)


def test_closing_a_clinic_reassigns_its_people_in_the_comparison(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE)
    test.selectbox(key="planner_close").set_value("C-08")
    test.button(key="planner_compare").click().run()
    assert not test.exception
    # C-08's people: residents of the buildings in C-08's districts (by the district layer).
    region = read_region(_data.DEMO_REGION)
    districts = region.districts
    c08 = districts[districts["clinic_id"] == "C-08"]
    buildings = region.buildings.to_crs(3857)
    points = buildings.geometry.representative_point()
    inside = points.within(c08.to_crs(3857).union_all())
    people = int(buildings.loc[inside, list(AGE_BANDS)].to_numpy().sum())
    comparison = next(f.value for f in test.dataframe if "Scenario" in f.value.columns)
    rows = {
        str(label): (float(now), float(then))
        for label, now, then in zip(
            comparison[""], comparison["Now"], comparison["Scenario"], strict=True
        )
    }
    assert rows["Clinics"] == (len(region.clinics), len(region.clinics) - 1)
    assert rows["Districts"] == (len(districts), len(districts) - len(c08))
    assert rows["Must re-attach (clinic closed)"] == (0, people)
    cover = test.dataframe[-1].value
    assert set(cover["Clinic before"]) == {"C-08"}
    assert "C-08" not in set(cover["Clinic after"])
    assert cover["Residents"].sum() == people
    # Building by building, with addresses: whom the clinic must tell to re-attach.
    kept = test.session_state["planner_whatif"][1]
    assert kept["residents"].sum() == people
    assert kept["street"].notna().all()
    assert kept["housenumber"].notna().all()
    labels = [b.proto.label for b in test.get("download_button")]
    assert f"The {len(kept):,} addresses, building by building (CSV)" in labels


def test_a_what_if_the_planner_got_wrong_is_named_in_the_page_s_language(
    signed_in: Callable[..., AppTest],
) -> None:
    from app_pages._i18n import t

    test = signed_in("plan", PAGE, "ru")
    # D-01T1 has 1.5 therapists; taking 2 away would leave fewer than none.
    test.selectbox(key="planner_district").set_value("D-01T1")
    test.text_input(key="planner_delta").input("-2,0")
    test.button(key="planner_compare").click().run()
    assert not test.exception
    problem = (
        "на участке D-01T1 осталось бы -0,5 врача (ставок); снять можно не больше имеющихся 1,5"
    )
    assert [e.value for e in test.error] == [t("planner.whatif_error", "ru", error=problem)]
    # A new clinic far outside the region's buildings (latitude and longitude swapped).
    test.text_input(key="planner_delta").input("0")
    test.checkbox(key="planner_open").check()
    test.number_input(key="planner_lon").set_value(50.28)
    test.number_input(key="planner_lat").set_value(70.41)
    test.button(key="planner_compare").click().run()
    (error,) = test.error
    assert "точка новой поликлиники (50,28, 70,41) лежит в" in error.value
    assert "сначала долгота, затем широта" in error.value
    assert "OpenClinic" not in error.value


@pytest.mark.parametrize("typed", ["-1,5", "-1.5", "−1,5"])
def test_a_decimal_comma_is_read_as_russian_writes_it(
    signed_in: Callable[..., AppTest], typed: str
) -> None:
    # Streamlit's number field read "1,5" as 15: a planner adding one and a half posts added
    # fifteen. The field now reads both ways of writing it; anything else is said, not guessed.
    test = signed_in("plan", PAGE, "ru")
    test.selectbox(key="planner_district").set_value("D-01T1")
    test.text_input(key="planner_delta").input(typed)
    test.button(key="planner_compare").click().run()
    assert not test.exception
    grid = next(f for f in test.dataframe if "Сценарий" in f.value.columns)
    row = list(grid.value[""]).index("Прикреплённых к участку без врача")
    assert grid.value["Сценарий"].iloc[row] == 2691  # 1.5 posts taken away: none left
    test.text_input(key="planner_delta").input("1,2.5")
    test.button(key="planner_compare").click().run()
    assert [e.value.replace("\\", "") for e in test.error] == [  # Markdown source, escaped
        "«1,2.5» — не число от -100 до 100; введите, например, 1,5"
    ]


def test_a_district_left_without_a_doctor_is_the_highest_load_said_in_words(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE)
    # D-01T1 has 1.5 therapists and 2,691 attached: all its doctors taken away.
    test.selectbox(key="planner_district").set_value("D-01T1")
    test.text_input(key="planner_delta").input("-1.5")
    test.button(key="planner_compare").click().run()
    assert not test.exception
    grid = next(f for f in test.dataframe if "Scenario" in f.value.columns)
    shown = convert_arrow_bytes_to_pandas_df(grid.proto.arrow_data.styler.display_values)
    row = list(grid.value[""]).index("Highest load, % of norm")
    assert math.isinf(grid.value["Scenario"].iloc[row])  # the cell keeps its number: the worst
    assert shown["Scenario"].iloc[row] == "no doctor for 2,691 people"
    assert shown["Change"].iloc[row] == ""  # neither inf nor nan
    assert shown["Now"].iloc[row] == "109.4"
    without = list(grid.value[""]).index("Attached to a district without a doctor")
    # A change is signed, with the minus sign for a fall.
    assert list(shown.iloc[without][["Now", "Scenario", "Change"]]) == ["0", "2,691", "+2,691"]
    doctors = list(grid.value[""]).index("Doctors (FTE)")
    assert shown["Change"].iloc[doctors] == "\u22121.5"


def test_doctors_of_a_district_whose_clinic_the_what_if_closes_are_named_so(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE, "ru")
    test.selectbox(key="planner_close").set_value("C-01")
    test.selectbox(key="planner_district").set_value("D-01T1")
    test.text_input(key="planner_delta").input("0.5")
    test.button(key="planner_compare").click().run()
    assert not test.exception
    problem = problem_text("district_closed", {"district": "D-01T1", "clinic": "C-01"}, "ru")
    assert [e.value for e in test.error] == [t("planner.whatif_error", "ru", error=problem)]
    assert "нет участка" not in test.error[0].value


def test_the_fewest_moves_are_shown_before_a_run_against_the_moves_bound(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE)
    test.text_input(key="planner_move_share").input("5")
    test.button(key="planner_floor_button").click().run()
    assert not test.exception
    assert not test.metric or "People moved" not in [m.label for m in test.metric]  # no run
    text = next(w.value for w in test.warning if "needs at least" in w.value)
    least = int(text.split("needs at least ")[1].split(" people")[0].replace(",", ""))
    allowed = int(text.split("The moves bound allows ")[1].split(":")[0].replace(",", ""))
    region = read_region(_data.DEMO_REGION)
    residents = int(region.buildings[list(AGE_BANDS)].to_numpy().sum())
    assert 0 < allowed <= 0.05 * residents < least
    assert "Within a 30-minute walk to a new clinic and 3 blocks outwards" in text
    # A wider bound leaves room: the same floor, now an info box, without solving again.
    test.text_input(key="planner_move_share").input("20").run()
    room = next(i.value for i in test.info if "needs at least" in i.value)
    assert f"needs at least {least:,} people" in room
    assert "The moves bound allows" in room
    # Districts that may grow further need fewer people moved (and the run gets the reach).
    test.number_input(key="planner_max_reach").set_value(5).run()
    assert not [i for i in test.info if "needs at least" in i.value]  # asked again
    test.button(key="planner_floor_button").click().run()
    wider = next(i.value for i in test.info if "needs at least" in i.value)
    assert "and 5 blocks outwards" in wider
    fewer = int(wider.split("needs at least ")[1].split(" people")[0].replace(",", ""))
    assert 0 < fewer < least
    # A new travel limit asks for the button again; a one-minute walk leaves no plan at all.
    test.number_input(key="planner_max_travel").set_value(1.0).run()
    assert not [i for i in test.info if "needs at least" in i.value]
    test.button(key="planner_floor_button").click().run()
    assert any("however many people move" in w.value for w in test.warning)


def test_rebalancing_runs_on_the_button_and_shows_its_result(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE)
    test.number_input(key="planner_time_limit").set_value(5.0)
    test.text_input(key="planner_move_share").input("5")
    test.number_input(key="planner_max_reach").set_value(4)
    # Same plan on every run: the second click gives the very moves of the first.
    test.checkbox(key="planner_deterministic").check()
    test.button(key="planner_rebalance_button").click().run()
    assert not test.exception
    first = {metric.label: metric.value for metric in test.metric}
    test.button(key="planner_rebalance_button").click().run()
    assert not test.exception
    assert {metric.label: metric.value for metric in test.metric} == first
    load = next(f.value for f in test.dataframe if "% of norm after" in f.value.columns)
    region = read_region(_data.DEMO_REGION)
    assert len(load) == len(region.districts)
    metrics = {metric.label: metric.value for metric in test.metric}
    served = int(region.buildings[list(AGE_BANDS)].to_numpy().sum())
    moved = int(metrics["People moved"].replace(",", ""))
    assert 0 < moved <= 0.05 * served
    over = int(metrics["Expected attached over the norm"].replace(",", ""))
    # What stays over the norm is what the "impossible" table lists, clinic by clinic.
    impossible = next(
        f.value for f in test.dataframe if "More doctors needed (FTE)" in f.value.columns
    )
    assert over == impossible["Over the norm"].sum() > 0
    assert (impossible["More doctors needed (FTE)"] * 4 % 1 == 0).all()  # in quarter posts
    # Posts for the districts as drawn are never fewer than if the clinic re-cuts them.
    as_drawn = impossible["Without re-cutting the districts (FTE)"]
    assert (as_drawn * 4 % 1 == 0).all()
    assert (as_drawn >= impossible["More doctors needed (FTE)"]).all()
    # At 5 % moved, the bounds rule out meeting every norm here, and the page says so: the
    # fewest people who would have to move are more than the moves bound allows.
    bound = next(info.value for info in test.info if "needs at least" in info.value)
    least = int(bound.split("needs at least ")[1].split(" people")[0].replace(",", ""))
    allowed = int(bound.split("The moves bound allows ")[1].split(":")[0].replace(",", ""))
    assert 0 < allowed <= 0.05 * served  # 5 % of the people served now
    assert allowed < least
    assert f"this plan moves {metrics['People moved']}" in bound
    assert "no plan within it meets every norm" in bound
    # The page's reach is the run's: every "what stays impossible" line names it.
    report = test.session_state["planner_rebalance"]
    assert all("at most 4 blocks outwards" in line for line in report.messages())
    assert "The redrawn districts: % of the norm after" in [h.value for h in test.subheader]
    # The solver's status in words, as the report has it.
    status = report_text(f"status.{report.summary['status']}", "en")
    assert any(c.value.startswith(f"Solver: {status}, ") for c in test.caption)
    # The plan's files, each made when pressed (tests/app/test_browser_planner.py downloads them).
    downloads = {button.proto.label for button in test.get("download_button")}
    assert downloads >= {
        "Download the moves (CSV)",
        "Load before and after (CSV)",
        "Registry street lists (CSV)",
        "Districts (GeoPackage)",
        "Districts (GeoJSON)",
        "Report with maps (HTML)",
        "Report with maps (PDF)",
    }


def _served(test: AppTest) -> dict[str, int]:
    """The district table's residents served, by district."""
    table = test.dataframe[0].value
    return dict(zip(table["District"], table["Residents served"], strict=True))


def test_the_load_shows_the_residents_each_district_serves(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE)
    assert not test.exception
    # A GP serves every age: C-07's residents served are the people of the buildings inside
    # its districts' polygons, counted here by a spatial join.
    region = read_region(_data.DEMO_REGION)
    mine = region.districts[region.districts["clinic_id"] == "C-07"]
    points = region.buildings.set_geometry(region.buildings.representative_point())
    inside = gpd.sjoin(points, mine[["district_id", "geometry"]], predicate="within")
    people = inside.groupby("district_id")[list(AGE_BANDS)].sum().sum(axis=1)
    served = _served(test)
    assert {d: served[d] for d in mine["district_id"]} == people.to_dict()
    clinics = test.dataframe[1].value
    c07 = clinics[clinics["Clinic"] == "C-07"]
    assert c07["Residents served"].tolist() == [people.sum()]


def test_residents_can_come_from_an_uploaded_population_file(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE)
    region = read_region(_data.DEMO_REGION)
    gp = region.districts[region.districts["clinic_id"] == "C-07"]
    # Each of C-07's districts drawn as a census block of 1,000 adults and nobody else.
    blocks = gp[["district_id", "geometry"]].rename(columns={"district_id": "area_id"})
    for band in AGE_BANDS:
        blocks[band] = 1000.0 if band == "pop_18_62" else 0.0
    census = blocks.to_json().encode("utf-8")
    test.file_uploader(key="planner_population_file").set_value(
        ("census.geojson", census, "application/geo+json")
    ).run()
    assert not test.exception
    assert not test.error
    assert f"from {len(blocks)} polygons of census.geojson" in test.caption[0].value
    # One clinic's blocks read without a problem, yet count a fraction of the region: said.
    (partial,) = test.warning
    assert partial.value.startswith("The file counts ")
    assert "9,000 residents where the region's buildings count 202,719" in partial.value
    served = _served(test)
    assert {served[d] for d in gp["district_id"]} == {1000}
    assert served["D-01T1"] == 0  # nobody is known to live anywhere else now
    # What-if and rebalancing move buildings: they say they count the buildings' residents.
    note = t("planner.buildings_only", "en")
    assert [c.value for c in test.caption].count(note) == 2

    # A file with a column missing is refused with what is wrong; buildings count again.
    test.file_uploader(key="planner_population_file").set_value(
        ("bad.geojson", blocks.drop(columns="pop_63_plus").to_json().encode(), "application/json")
    ).run()
    assert not test.exception
    message = test.error[0].value.replace("\\", "")
    assert t("planner.buildings_only", "en") not in [c.value for c in test.caption]
    assert "The population file cannot be used" in message
    assert "bad.geojson: 1 error" in message
    assert "population_areas.pop_63_plus: column is missing" in message
    assert {served[d] for d in gp["district_id"]} != set(
        _served(test)[d] for d in gp["district_id"]
    )


def test_a_cut_short_or_empty_population_file_is_named_so_on_the_page(
    signed_in: Callable[..., AppTest],
) -> None:
    # GDAL's English, with the temporary folder the upload was written to, was the message.
    test = signed_in("plan", PAGE, lang="ru")
    blocks = read_region(_data.DEMO_REGION).districts[["district_id", "geometry"]].head(2)
    blocks = blocks.rename(columns={"district_id": "area_id"})
    for band in AGE_BANDS:
        blocks[band] = 0.0
    whole = blocks.to_json().encode()
    test.file_uploader(key="planner_population_file").set_value(
        ("census.geojson", whole[: len(whole) // 2], "application/json")
    ).run()
    assert not test.exception
    message = test.error[0].value.replace("\\", "")
    assert "census.geojson" in message
    assert "файл — JSON, который обрывается в строке 1, не дойдя до конца" in message
    assert "/tmp" not in message
    # Whole, but counting nobody: not "swapped coordinates?", which sent planners astray.
    test.file_uploader(key="planner_population_file").set_value(
        ("census2.geojson", whole, "application/json")
    ).run()
    message = test.error[0].value.replace("\\", "")
    assert "никто не учтён" in message


def test_a_population_file_s_problems_are_said_in_the_page_s_language(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("plan", PAGE, lang="ru")
    blocks = read_region(_data.DEMO_REGION).districts[["district_id", "geometry"]].head(2)
    blocks = blocks.rename(columns={"district_id": "area_id"}).assign(pop_0_6=-1.0)
    test.file_uploader(key="planner_population_file").set_value(
        ("bad.geojson", blocks.to_json().encode(), "application/json")
    ).run()
    assert not test.exception
    message = test.error[0].value.replace("\\", "")
    assert message.startswith(t("planner.population_error", "ru"))
    assert "bad.geojson: ошибок: 5" in message
    assert "population_areas.pop_7_14: столбца нет" in message
    assert "population_areas.pop_0_6: строк с отрицательным значением: 2" in message
    assert "column is missing" not in message
    # Switching the language says the same problems in the new one, without a new upload.
    test.radio(key="lang").set_value("kk").run()
    message = test.error[0].value.replace("\\", "")
    assert message.startswith(t("planner.population_error", "kk"))
    assert "population_areas.pop_0_6: 2 жолда теріс мән бар" in message


def test_R_TERR_2_the_register_s_people_living_outside_their_clinic_s_territory(
    signed_in: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catchments import cli

    signed_in("plan", PAGE)  # the session's register and accounts
    monkeypatch.setenv("EMHANA_HOME", str(tmp_path / "home"))  # its IIN key
    assert cli.main(["register", "import", "--region", str(_data.DEMO_REGION)]) == 0
    _data.register_counts.clear()
    services = _data.load_services(str(_data.DEMO_REGION))
    # Three adults attach to C-01: two live in its territory, one in C-07's (and accepts that
    # no doctor will come home, R-TERR-2); each at one of the first buildings of that clinic.
    located = services.territories.locate(services.region.buildings)
    homes: list[dict[str, float]] = []
    for clinic in ("C-01", "C-01", "C-07"):
        building = services.region.buildings[(located["clinic_id"] == clinic).to_numpy()].iloc[
            len(homes) % 2
        ]
        point = building.geometry.representative_point()
        homes.append({"lon": point.x, "lat": point.y})
    with open_register(os.environ["EMHANA_DATABASE_URL"]) as register:
        for home, iin in zip(homes, people(3), strict=True):
            data = application(clinic_id="C-01", residence=home, home_visit_acknowledged=True)
            answer = decide(services, data, now=dt.datetime.fromisoformat(NOW))
            assert answer.decision.outcome is Outcome.APPROVED
            register.record_decision(
                Application.from_dict(data), answer, iin=iin, actor=OPERATOR, source="test"
            )
    _data.register_counts.clear()
    test = signed_in("plan", PAGE)
    assert not test.exception
    metrics = {metric.label: metric for metric in test.metric}
    cover = metrics["Attached, living outside their clinic's territory"]
    assert cover.value == "1 / 3"
    assert "Of 3 attached there, 0 have a home that cannot be placed" in cover.help
    table = next(f.value for f in test.dataframe if "Home outside the territory" in f.value.columns)
    assert table.to_dict(orient="records") == [
        {"Clinic": "C-01", "Attached (register)": 3, "Home outside the territory": 1,
         "Home not found": 0}
    ]  # fmt: skip


class _Rerun(BaseException):
    """Stands for Streamlit's rerun exception, raised from a call into Streamlit."""


class _Bar:
    """A progress bar whose second update finds that Streamlit has moved on."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def progress(self, value: float, *, text: str) -> None:
        self.shown.append(text)
        if len(self.shown) == 2:
            raise _Rerun


def test_a_run_ended_by_a_rerun_stops_its_search_and_keeps_what_it_found() -> None:
    def search(progress: Callable[[SolveProgress], None], stop: SearchStop) -> str:
        told = SolveProgress(1.0, 10.0, np.zeros(1, dtype=np.int64), 0, 1)
        for _ in range(5):
            if stop.requested:
                return "the plan so far"
            progress(told)
        return "the plan at the limit"

    for pressed in (False, True):
        bar = _Bar()
        run: StoppableRun[str] = StoppableRun(bar, lambda p: f"{p.spent:g} of {p.limit:g} s")
        with pytest.raises(_Rerun):  # raised again once the search has returned
            run.run(search)
        assert bar.shown == ["1 of 10 s", "1 of 10 s"]  # nothing drawn after the rerun
        assert run.stop.requested
        assert run.result == "the plan so far"
        if pressed:  # the stop button's callback, in the new run
            run.keep_when_stopped()
        assert run.kept_result("waiting") == ("the plan so far" if pressed else None)


def test_the_what_if_s_doctors_can_be_rebalanced_with(signed_in: Callable[..., AppTest]) -> None:
    # The report's "C-04 needs more pediatricians", tried out: a quarter post more in D-04M3
    # in the what-if, then a rebalancing with it.
    test = signed_in("plan", PAGE)
    test.selectbox(key="planner_district").set_value("D-04M3")
    test.text_input(key="planner_delta").input("0.25")
    test.button(key="planner_compare").click().run()
    assert not test.exception
    label = "Rebalance with the what-if's doctors (D-04M3: 0.75 → 1)"
    assert test.checkbox(key="planner_use_whatif").label == label
    test.checkbox(key="planner_use_whatif").check()
    test.number_input(key="planner_time_limit").set_value(3.0)
    test.checkbox(key="planner_deterministic").check()
    test.button(key="planner_rebalance_button").click().run()
    assert not test.exception
    report = test.session_state["planner_rebalance"]
    assert report.load.loc["D-04M3", "doctors"] == 1.0
    assert report.load.loc["D-04M3", "capacity"] == 500  # one pediatrician's 500 children
    made_with = "This plan was made with the what-if's doctors: D-04M3: 0.75 → 1."
    assert made_with in [info.value for info in test.info]
    # Unticked, the next run is today's doctors' again.
    test.checkbox(key="planner_use_whatif").uncheck()
    test.button(key="planner_rebalance_button").click().run()
    report = test.session_state["planner_rebalance"]
    assert report.load.loc["D-04M3", "doctors"] == 0.75
    assert made_with not in [info.value for info in test.info]
    # A what-if that closes a clinic redraws the map first: not offered, and the page says why.
    test.selectbox(key="planner_close").set_value("C-08")
    test.button(key="planner_compare").click().run()
    assert "planner_use_whatif" not in [box.key for box in test.checkbox]
    assert t("planner.rebalance_whatif_other", "en") in [c.value for c in test.caption]
