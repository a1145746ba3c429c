"""The registrar page: no record form for an application that is not submitted (R-TERR-2).

``улица Абая 59, Акбулак`` (the demo) lies outside C-01's territory: unacknowledged, C-01's
application needs the applicant's acknowledgement and is not submitted, so there is nothing to
record; acknowledged (the form's checkbox, or ``home_visit_acknowledged`` in JSON), it is
decided and recorded like any other. The register's errors read in the page's language too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages._i18n import t
from catchments.access import add_account
from catchments.messages import register_error
from tests.app.conftest import PASSWORD
from tests.app.test_registrar import PAGE, VALID_IIN, paste, record, register_url, stored
from tests.applications import application
from tests.catchments.test_cli_language import english_words

__all__ = ["register_url"]  # a fixture used here, from the registrar page's tests

OUTSIDE = application(clinic_id="C-01")


@pytest.fixture
def registrar_c01(signed_in: Callable[..., AppTest]) -> Callable[..., AppTest]:
    """The page signed in as a registrar of C-01 (added to the session's accounts file)."""
    add_account(
        Path(os.environ["EMHANA_ACCOUNTS"]),
        "reg-c01",
        role="registrar",
        clinic_id="C-01",
        password=PASSWORD,
    )

    def start(lang: str = "en") -> AppTest:
        return signed_in("reg-c01", PAGE, lang)

    return start


def record_offered(test: AppTest, lang: str = "en") -> bool:
    return any(button.label == t("registrar.record", lang) for button in test.button) or any(
        widget.label == t("registrar.iin", lang) for widget in test.text_input
    )


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_R_TERR_2_an_unsubmitted_application_is_not_offered_for_recording(
    registrar_c01: Callable[..., AppTest], register_url: str, lang: str
) -> None:
    test = paste(registrar_c01(lang), OUTSIDE, t("registrar.decide", lang))
    assert not test.exception
    warnings = [element.value for element in test.warning]
    assert warnings[0] == f"**{t('outcome.needs_acknowledgement', lang)}**"
    field = t("registrar.acknowledged", lang)
    said = t("registrar.not_submitted", lang, field=field)
    assert said in warnings
    assert field in said
    assert "home_visit_acknowledged" in said
    assert not record_offered(test, lang)
    assert stored(register_url) == []


def test_R_TERR_2_acknowledged_the_application_is_recorded(
    registrar_c01: Callable[..., AppTest], register_url: str
) -> None:
    test = paste(registrar_c01(), OUTSIDE)
    assert not record_offered(test)
    test = paste(test, {**OUTSIDE, "home_visit_acknowledged": True})
    assert not test.exception
    assert t("registrar.not_submitted", "en", field=t("registrar.acknowledged", "en")) not in [
        element.value for element in test.warning
    ]
    assert record_offered(test)
    test = record(test, VALID_IIN)
    assert not test.exception
    assert [row.clinic_id for row in stored(register_url)] == ["C-01"]
    assert "HOME_VISIT_RISK" in stored(register_url)[0].codes


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_register_that_cannot_be_opened_is_said_in_the_page_s_language(
    signed_in: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("EMHANA_DATABASE_URL", "garbage")
    test = signed_in("reg-c02", PAGE, lang)
    assert not test.exception
    problem = register_error(
        "url_unparseable", {"origin": "EMHANA_DATABASE_URL", "url": "garbage"}, lang
    )
    assert [element.value for element in test.error] == [t("auth.unavailable", lang, error=problem)]
    assert "is not a database URL" not in test.error[0].value
    assert english_words(test.error[0].value, frozenset({"garbage"})) == []
