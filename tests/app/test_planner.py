"""The planner view with AppTest: load against the norms, people without cover (R-CAP-1, R-TERR-2).

The expected figures are computed here from the demo's layers by other means than the page's
(``geo.territory.gaps`` for the uncovered buildings, plain arithmetic for the norms), so the test
fails if the page and the layers disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from app_pages import _data
from geo.package import read_region
from geo.schema import AGE_BANDS
from geo.territory import gaps

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


def test_the_planner_page_speaks_russian(signed_in: Callable[..., AppTest]) -> None:
    test = signed_in("plan", PAGE, lang="ru")
    assert test.title[0].value == "Нагрузка относительно нормативов"
    assert "Участков сверх норматива" in [metric.label for metric in test.metric]
