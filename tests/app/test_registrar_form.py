"""The registrar's form with AppTest: what it keeps across languages, and the submission date.

Signed in as a registrar of C-02 (tests/app/conftest.py) at ``NOW``, 21 September 2026, 10:00.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from app_pages._i18n import t
from tests.applications import application

PAGE = "app_pages/registrar.py"
DECIDE = {"en": "Decide", "ru": "Рассмотреть", "kk": "Қарау"}


def decide(test: AppTest, lang: str = "en") -> AppTest:
    return next(b for b in test.button if b.label == DECIDE[lang]).click().run()


def fill(test: AppTest) -> None:
    """An adult at улица Абая 59 (C-02's territory), via eGov with an EDS, not yet decided."""
    test.text_input(key="registrar_form_address").input("улица Абая 59")
    test.date_input(key="registrar_form_birth").set_value(dt.date(1980, 3, 2))
    test.selectbox(key="registrar_form_channel").set_value("egov")
    test.checkbox(key="registrar_form_has_eds").check()


def form_widgets(test: AppTest) -> list[Any]:
    """The registrar form's fields (text, choices, dates, times, ticks)."""
    kinds = ("text_input", "selectbox", "multiselect", "date_input", "time_input", "checkbox")
    return [
        widget
        for kind in kinds
        for widget in test.get(kind)
        if str(getattr(widget, "form_id", "")) == "registrar_form"
    ]


def form_values(test: AppTest) -> tuple[object, ...]:
    return (
        test.text_input(key="registrar_form_address").value,
        test.date_input(key="registrar_form_birth").value,
        test.selectbox(key="registrar_form_channel").value,
        test.checkbox(key="registrar_form_has_eds").value,
    )


FILLED = ("улица Абая 59", dt.date(1980, 3, 2), "egov", True)


def test_a_decided_form_keeps_its_values_and_its_decision_in_another_language(
    signed_in: Callable[..., AppTest],
) -> None:
    # Every field was back at its default after a switch (a new label made a new widget),
    # under the decision of the values that were gone.
    test = signed_in("reg-c02", PAGE)
    fill(test)
    test = decide(test)
    assert test.success[0].value == "**Approved**"
    for lang in ("ru", "kk"):
        test = test.radio(key="lang").set_value(lang).run()
        assert not test.exception
        assert form_values(test) == FILLED, lang
        assert test.success[0].value == f"**{t('outcome.approved', lang)}**", lang
        assert test.text_input(key="registrar_form_address").label != "Address of residence"


def test_the_form_s_fields_are_the_same_widgets_in_every_language(
    signed_in: Callable[..., AppTest],
) -> None:
    # What is typed but not yet decided lives in the browser, by widget id, until the form is
    # submitted (AppTest sends it only then): a field must keep its id when its label changes.
    ids: dict[str, set[str]] = {}
    test = signed_in("reg-c02", PAGE)
    for lang in ("en", "ru", "kk"):
        test = test.radio(key="lang").set_value(lang).run()
        ids[lang] = {widget.id for widget in form_widgets(test)}
    assert len(ids["en"]) == 16
    assert ids["en"] == ids["ru"] == ids["kk"]


def test_an_undecided_form_decides_what_was_typed_in_another_language(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("reg-c02", PAGE)
    fill(test)
    test = test.radio(key="lang").set_value("kk").run()
    fill(test)  # as the browser sends it with the submission
    test = decide(test, "kk")
    assert not test.exception
    assert test.success[0].value == f"**{t('outcome.approved', 'kk')}**"
    assert form_values(test) == FILLED


def test_a_decision_not_of_the_form_is_not_shown_under_it(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("reg-c02", PAGE)
    test.radio(key="registrar_input").set_value("json").run()
    test.text_area[0].input(json.dumps(application()))
    test = decide(test)
    assert test.success[0].value == "**Approved**"
    # Back to the form, empty: the pasted application's decision is not the form's.
    test = test.radio(key="registrar_input").set_value("form").run()
    assert not test.exception
    assert not test.success
    assert not [button for button in test.get("download_button") if button.key == "registrar_print"]


def test_the_form_does_not_offer_a_submission_date_after_today(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("reg-c02", PAGE)
    assert test.date_input(key="registrar_form_day").max == dt.date(2026, 9, 21)


def test_a_submission_after_now_blames_the_date_in_readable_moments(
    signed_in: Callable[..., AppTest],
) -> None:
    # It was "The application cannot be decided in this region", with ISO timestamps.
    test = signed_in("reg-c02", PAGE, lang="ru")
    test.radio(key="registrar_input").set_value("json").run()
    test.text_area[0].input(json.dumps(application(submitted_at="2030-01-01T10:00:00+05:00")))
    test = decide(test, "ru")
    message = test.error[0].value.replace("\\", "")
    assert message.startswith("Дата подачи заявления позже текущего момента")
    assert "в этом регионе" not in message
    assert "2030-01-01T" not in message
    assert "1 января 2030" in message
    assert "21 сентября 2026" in message
    # Later today in the form: the date widget allows today, the time is caught the same way.
    test = signed_in("reg-c02", PAGE)
    fill(test)
    test.time_input(key="registrar_form_time").set_value(dt.time(18, 0))
    test = decide(test)
    message = test.error[0].value.replace("\\", "")
    assert message.startswith("The date of submission is later than now")
    assert "21 September 2026, 18:00" in message
    assert "21 September 2026, 10:00" in message
