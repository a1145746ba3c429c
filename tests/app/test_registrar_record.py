"""The registrar page shows what the register recorded, not what the engine decided before.

Signed in as a registrar of C-02 (tests/app/conftest.py). The demo's districts are loaded into
the session's register with D-02T1 (where ``Акбулак, ул. Абая 59`` lies) given as many places
as a test needs (:func:`tests.catchments.test_cli_record.load_demo`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from app_pages._i18n import t
from catchments.messages import register_error
from tests.app.test_registrar import PAGE, VALID_IIN, paste, stored
from tests.applications import application
from tests.catchments.test_cli_record import SECOND_IIN, load_demo


def record(test: AppTest, iin: str, lang: str = "en") -> AppTest:
    """Type the IIN and press "Record decision" (in ``lang``)."""
    text_inputs = {widget.label: widget for widget in test.text_input}
    text_inputs[t("registrar.iin", lang)].input(iin)
    return record_button(test, lang).click().run()


def record_buttons(test: AppTest, lang: str = "en") -> list[Button]:
    return [button for button in test.button if button.label == t("registrar.record", lang)]


def record_button(test: AppTest, lang: str = "en") -> Button:
    return next(iter(record_buttons(test, lang)))


def downloads(test: AppTest) -> list[str]:
    """The printable coupon or refusal offered (the batch tab's sample file left out)."""
    labels = [button.proto.label for button in test.get("download_button")]
    return [label for label in labels if label.startswith("Printable")]


@pytest.fixture
def register_url(signed_in: Callable[..., AppTest]) -> Callable[[int], str]:
    """Load the demo into the session's register with ``places`` left in D-02T1."""
    from app_pages import _data

    def load(places: int) -> str:
        url = os.environ["EMHANA_DATABASE_URL"]
        load_demo(url, places)
        _data.register_counts.clear()  # counts cached by an earlier test's register
        return url

    return load


def test_R_CAP_1_an_approval_the_register_refused_is_shown_refused_with_no_coupon(
    signed_in: Callable[..., AppTest], register_url: Callable[[int], str]
) -> None:
    url = register_url(1)
    first = paste(signed_in("reg-c02", PAGE), application())
    second = paste(signed_in("reg-c02", PAGE), application())
    for test in (first, second):
        assert test.success[0].value == "**Approved**"
        assert downloads(test) == [t("registrar.print_coupon", "en")]
    first = record(first, VALID_IIN)
    assert "Recorded. Coupon No. C-02/00000001" in [element.value for element in first.success]

    second = record(second, SECOND_IIN)
    for test in (second, second.run()):  # and after a rerun
        assert not test.exception
        assert "**Approved**" not in [element.value for element in test.success]
        errors = [element.value for element in test.error]
        assert errors[0] == "**Refused**"
        assert t("registrar.filled_meanwhile", "en") in errors
        assert "CAPACITY_EXCEEDED" in list(test.dataframe[0].value["Code"])
        assert downloads(test) == [t("registrar.print_refusal", "en")]
        assert not any(m.value.startswith("Coupon:") for m in test.markdown)
        assert not record_buttons(test)
        assert "Places remaining in district D-02T1: 0" in [m.value for m in test.markdown]
    assert [(row.outcome, row.iin_last4) for row in stored(url)] == [
        ("refused", "0029"),
        ("approved", "0019"),
    ]


def test_R_ORG_3_deciding_the_same_data_again_does_not_offer_to_record_it_again(
    signed_in: Callable[..., AppTest], register_url: Callable[[int], str]
) -> None:
    url = register_url(5)
    test = paste(signed_in("reg-c02", PAGE), application())
    test = record(test, VALID_IIN)
    assert "Recorded. Coupon No. C-02/00000001" in [element.value for element in test.success]
    test = next(button for button in test.button if button.label == "Decide").click().run()
    assert not test.exception
    assert not record_buttons(test), "recorded already: not offered again"
    assert "Recorded. Coupon No. C-02/00000001" in [element.value for element in test.success]
    assert len(stored(url)) == 1


def test_R_ORG_3_a_second_registrar_recording_the_same_person_keeps_the_attachment(
    signed_in: Callable[..., AppTest], register_url: Callable[[int], str]
) -> None:
    url = register_url(5)
    first = paste(signed_in("reg-c02", PAGE), application())
    second = paste(signed_in("reg-c02", PAGE), application())
    first = record(first, VALID_IIN)
    second = record(second, VALID_IIN)
    assert not second.exception
    notes = [element.value for element in second.info]
    assert any(
        note.startswith("Already attached here") and "C-02/00000001" in note for note in notes
    ), notes
    assert not any("is closed (R-ORG-3)" in m.value for m in second.markdown)
    assert [element.value for element in second.error] == []
    assert len(stored(url)) == 1


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_register_problems_are_worded_in_the_page_s_language(
    signed_in: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from app_pages import _data

    _data.register_counts.clear()
    test = paste(signed_in("reg-c02", PAGE, lang), application(), t("registrar.decide", lang))
    # No IIN key (the register asks for it at its first IIN: this is the URL's first).
    monkeypatch.delenv("EMHANA_DEV_MODE")
    monkeypatch.delenv("EMHANA_IIN_KEY", raising=False)
    test = record(test, VALID_IIN, lang)
    assert not test.exception
    message = test.error[0].value
    assert "EMHANA_IIN_KEY" in message
    assert "is not set" not in message
    assert message.startswith(t("registrar.record_failed", lang, error=""))

    # A register without districts.
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    test = record(test, VALID_IIN, lang)
    assert not test.exception
    message = test.error[0].value
    assert message == t("registrar.record_failed", lang, error="") + register_error(
        "unknown_district", {"district": "D-02T1"}, lang
    )
    assert "is not in the register" not in message


def test_R_TIME_2_a_second_free_choice_within_a_year_is_shown_refused(
    signed_in: Callable[..., AppTest],
    register_url: Callable[[int], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The register knows the applicant chose C-01 by the yearly right in March; the engine,
    # which knows no history, approves their choice of C-02 in December.
    from catchments.access import operator
    from catchments.models import Application, Coupon, Decision, DistrictModel, Ground, Outcome
    from catchments.register import open_register

    url = register_url(5)
    annual = {"ground": Ground.ANNUAL_FREE_CHOICE.value}
    march = Application.from_dict(
        application(clinic_id="C-01", submitted_at="2026-03-02T10:00:00+05:00", **annual)
    )
    earlier = Decision(
        outcome=Outcome.APPROVED,
        reasons=(),
        coupon=Coupon("C-01", "D-01T1", DistrictModel.THERAPIST),
        taken_at=march.submitted_at,
        due_by=march.submitted_at,
        decided_at=march.submitted_at,
    )
    with open_register(url) as register:
        register.record_decision(march, earlier, iin=VALID_IIN, actor=operator(), source="test")
    monkeypatch.setenv("EMHANA_NOW", "2026-12-01T10:00:00+05:00")
    december = application(submitted_at="2026-12-01T09:00:00+05:00", **annual)
    test = paste(signed_in("reg-c02", PAGE), december)
    assert test.success[0].value == "**Approved**"
    test = record(test, VALID_IIN)
    for shown in (test, test.run()):
        assert not shown.exception
        errors = [element.value for element in shown.error]
        assert errors[0] == "**Refused**"
        assert t("registrar.free_choice_used", "en") in errors
        assert "OUTSIDE_CAMPAIGN_NO_GROUND" in list(shown.dataframe[0].value["Code"])
        assert downloads(shown) == [t("registrar.print_refusal", "en")]
