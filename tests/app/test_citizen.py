"""The citizen view, driven as a person would with Streamlit's AppTest (issue 5).

The address ``улица Абая 59, Акбулак`` (building B-000312) lies in districts D-02T1 and D-02P1
of polyclinic No. 2 (C-02), 13 minutes' walk away. Polyclinic No. 1 (C-01) is outside its
territory with room left; the family health centre C-07 is outside it and full (its best GP
district would serve 1,728 per doctor, above the norm of 1,700).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from app_pages._i18n import number, t
from catchments.messages import EMERGENCY_NOTICE, Language
from tests.app.conftest import ROOT
from tests.applications import NOW

ADDRESS = "улица Абая 59"


def shown(test: AppTest) -> str:
    return "\n".join(str(item.value) for item in test.markdown)


def search(test: AppTest, query: str = ADDRESS) -> AppTest:
    return test.text_input(key="citizen_query").input(query).run()


def walking_minutes(test: AppTest) -> list[int]:
    return [int(m) for m in re.findall(r":material/directions_walk: (\d+) min", shown(test))]


def test_R_PLACE_3_a_search_lists_clinics_nearest_on_foot_first(
    app: Callable[..., AppTest],
) -> None:
    test = search(app())
    assert not test.exception
    assert test.subheader[0].value == "Clinics for улица Абая 59, Акбулак"
    minutes = walking_minutes(test)
    assert len(minutes) == 11  # 1 covering clinic + the 10 nearest others
    assert minutes == sorted(minutes)
    cards = shown(test).split("**Городская поликлиника №1**")[0]
    # the first card: the clinic whose territory covers the address, 13 min on foot
    assert "**Городская поликлиника №2** :material/location_on:" in cards
    assert ":material/directions_walk: 13 min" in cards
    assert "Your address is in its territory · :material/check_circle: **Eligible**" in cards
    assert test.subheader[1].value == "Your choice: Городская поликлиника №2"
    assert not test.button(key="citizen_submit").disabled


def test_R_EMERG_1_the_emergency_notice_is_always_shown(app: Callable[..., AppTest]) -> None:
    test = app()
    assert test.info[0].value == EMERGENCY_NOTICE[Language.EN]
    assert search(test).info[0].value == EMERGENCY_NOTICE[Language.EN]


def test_streets_are_suggested_as_one_types(app: Callable[..., AppTest]) -> None:
    test = search(app(), "Абай")
    pills = test.pills[0]
    assert "улица Абая" in pills.options
    pills.set_value("улица Абая").run()
    assert test.text_input(key="citizen_query").value == "улица Абая "
    assert test.subheader == []  # no house yet: nothing decided


def test_a_village_s_name_alone_offers_its_streets(app: Callable[..., AppTest]) -> None:
    # "Жибек жолы" is a village, not an address: its streets are offered, the village kept.
    test = search(app("ru"), "Жибек жолы")
    assert (
        test.info[1].value
        == "Жибек жолы — населённый пункт: выберите свою улицу и добавьте номер дома."
    )
    assert test.warning == []  # not "nothing found"
    pills = test.pills[0]
    assert "улица Абая" in pills.options
    pills.set_value("улица Абая").run()
    query = test.text_input(key="citizen_query").value
    assert query == "Жибек жолы, улица Абая "
    # With a house number it is an address of the village, not of the city's улица Абая.
    test.text_input(key="citizen_query").input(query + "4").run()
    assert "Жибек жолы" in test.subheader[0].value


def test_a_house_the_street_lacks_offers_the_nearest_ones(app: Callable[..., AppTest]) -> None:
    test = search(app("ru"), "Акбулак, улица Абая 59а")
    assert test.warning[0].value.startswith("Дома «Акбулак, улица Абая 59а» нет")
    pick = test.selectbox(key="citizen_pick:Акбулак, улица Абая 59а")
    assert pick.index is None  # nothing chosen for the person
    assert pick.options[:2] == ["улица Абая 59, Акбулак", "улица Абая 61, Акбулак"]
    assert test.subheader == []
    pick.set_value(0).run()
    assert test.subheader[0].value == "Поликлиники для адреса улица Абая 59, Акбулак"
    # In the village its own street's houses, not the same number on other streets of the
    # city (улица Исатая 5, Акбулак) that the search also returns.
    test = search(app("ru"), "Жибек жолы, улица Абая 5")
    assert test.warning[0].value.startswith("Дома «Жибек жолы, улица Абая 5» нет")
    options = test.selectbox(key="citizen_pick:Жибек жолы, улица Абая 5").options
    assert options[:2] == ["улица Абая 4, Жибек жолы", "улица Абая 6, Жибек жолы"]
    assert all(option.startswith("улица Абая ") for option in options)


def test_R_TERR_2_an_out_of_area_clinic_needs_the_acknowledgement(
    app: Callable[..., AppTest],
) -> None:
    test = search(app())
    test.button(key="choose_C-01").click().run()
    assert test.subheader[1].value == "Your choice: Городская поликлиника №1"
    warning = test.warning[0].value
    assert "no doctor and no mobile team of this clinic will come to your home" in warning
    assert "outside the service territory of clinic C-01" in warning  # HOME_VISIT_RISK
    assert test.button(key="citizen_submit").disabled
    test.checkbox(key="citizen_ack_C-01").check().run()
    assert not test.button(key="citizen_submit").disabled
    test.button(key="citizen_submit").click().run()
    assert not test.exception
    assert test.success[0].value == "Approved: you would be attached to district D-01T1."
    # the acknowledged risk stays on record as a warning (R-TERR-2)
    assert "if you call a doctor home" in shown(test).split("Approved")[-1]
    assert test.get("download_button")


def test_R_CAP_1_a_refused_clinic_shows_its_reasons_and_cannot_be_submitted(
    app: Callable[..., AppTest],
) -> None:
    test = search(app())
    test.button(key="choose_C-07").click().run()
    card = shown(test).split("**Центр семейного здоровья «Денсаулык»**")[1]
    card = card.split("**Городская поликлиника")[0]
    assert ":material/block: **Refused**" in card
    assert (
        "would serve 1,728 people of mixed population per doctor, above the norm of 1,700" in card
    )
    test.checkbox(key="citizen_ack_C-07").check().run()
    assert test.button(key="citizen_submit").disabled  # acknowledged, but still refused
    assert "cannot take you" in test.error[0].value


def test_R_DOC_4_R_CHAN_1_a_pensioner_is_told_the_documents_and_channels(
    app: Callable[..., AppTest],
) -> None:
    test = app()
    test.multiselect(key="citizen_categories").set_value(["pensioner"]).run()
    text = shown(search(test))
    identity = (
        "- **identity of the person to attach**: an ID card, a passport or a residence permit"
    )
    assert identity in text
    # At a PSC (the default channel) an identity document is all one needs (R-CHAN-2); the
    # category's documents are the registry's (R-DOC-4, check_category_documents).
    assert "- **old-age pensioner**" not in text
    assert test.multiselect[1].value == ["id_card"]
    assert ":material/check_circle: **the clinic's registry**" in text
    assert (
        ":material/cancel: **the egov.kz portal (with an EDS)**: needs an electronic digital "
        "signature" in text
    )
    test.radio(key="citizen_channel:registry,psc,egov").set_value("registry").run()
    text = shown(test)
    assert identity in text
    assert "- **old-age pensioner**: a pension certificate" in text
    # What is now asked is selected afresh: submitting as it is would not be refused for it.
    assert test.multiselect[1].value == ["id_card", "pension_certificate"]


def test_R_TIME_3_the_answer_is_due_as_the_request_was_made(
    app: Callable[..., AppTest],
) -> None:
    # Friday 18 September 2026, 19:00: after the 18:00 cut-off, so taken on Saturday at 09:00
    # and, made out of hours, answered that Saturday by closing ("taken, and its result
    # issued, on the next working day").
    test = search(app(now="2026-09-18T19:00:00+05:00"))
    timing = test.info[1].value
    assert "the request is taken 19 September 2026, 09:00" in timing
    assert "the answer is due by 19 September 2026, 14:00" in timing
    # Handed in on Saturday morning, in hours: one business day, so 20:00 on Monday.
    test = search(app(now="2026-09-19T10:00:00+05:00"))
    timing = test.info[1].value
    assert "the request is taken 19 September 2026, 10:00" in timing
    assert "the answer is due by 21 September 2026, 20:00" in timing


def test_R_TIME_2_outside_the_campaign_a_ground_is_needed(app: Callable[..., AppTest]) -> None:
    test = search(app(now="2026-11-23T10:00:00+05:00"))
    assert "is outside the free-choice campaign" in test.error[0].value
    test.selectbox(key="citizen_ground").set_value("changed_residence").run()
    assert not [e for e in test.error if "campaign" in e.value]
    test.button(key="citizen_submit").click().run()
    assert test.success[0].value == "Approved: you would be attached to district D-02T1."


def test_the_language_switch_changes_every_label(app: Callable[..., AppTest]) -> None:
    test = search(app("ru"))
    assert test.title[0].value == "К какой поликлинике я могу прикрепиться?"
    assert test.info[0].value == EMERGENCY_NOTICE[Language.RU]
    assert "Ваш адрес на её территории · :material/check_circle: **Можно прикрепиться**" in shown(
        test
    )
    test.radio(key="lang").set_value("kk").run()
    assert test.title[0].value == "Қай емханаға бекітіле аламын?"
    assert test.info[0].value == EMERGENCY_NOTICE[Language.KK]
    assert "**№2 қалалық емхана** :material/location_on:" in shown(test)  # Kazakh names
    assert test.button(key="citizen_submit").label == "Өтініш беру"


def test_the_region_language_comes_first(app: Callable[..., AppTest]) -> None:
    test = app(lang="kk")
    assert test.radio(key="lang").value == "kk"  # the demo region lists kk, ru, en


def test_an_unknown_address_says_so(app: Callable[..., AppTest]) -> None:
    test = search(app(), "Несуществующая 5")
    assert "Nothing found for “Несуществующая 5”" in test.warning[0].value


def test_a_failed_search_takes_the_previous_address_s_answer_away(
    app: Callable[..., AppTest],
) -> None:
    # The clinics of улица Абая 59 stayed under "Nothing found for ...", its application still
    # ready to send, as if they answered what was just typed.
    test = search(app())
    assert test.subheader[0].value == "Clinics for улица Абая 59, Акбулак"
    test = search(test, "Несуществующая 5")
    assert not test.exception
    assert "Nothing found for “Несуществующая 5”" in test.warning[0].value
    assert not [s for s in test.subheader if s.value.startswith("Clinics for")]
    assert "citizen_submit" not in [button.key for button in test.button]
    # A place clicked on the map while the box holds a failed search stays: it is newer.
    test.session_state["citizen_place"] = {"lon": 69.70551, "lat": 50.40502, "label": "x"}
    test.session_state["citizen_place_query"] = "Несуществующая 5"
    test.run()
    assert test.session_state["citizen_place"]["label"] == "x"


def test_a_house_number_typed_without_a_space_is_found(app: Callable[..., AppTest]) -> None:
    test = search(app(), "Абая59")
    assert not test.exception
    assert test.subheader[0].value == "Clinics for улица Абая 59, Акбулак"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_what_the_search_cannot_read_is_said_in_the_page_s_language(
    app: Callable[..., AppTest], lang: str
) -> None:
    test = search(app(lang=lang), "x" * 10_000)
    assert not test.exception
    (warning,) = test.warning
    length = number(10_000, lang)
    assert warning.value == t("citizen.query_too_long", lang, length=length, limit=200)
    test = search(test, "улица Абая 12/3а")
    hint = t("citizen.house_letter_after_slash", lang, house="12/3а")
    assert hint in [caption.value for caption in test.caption]
    # What was typed is shown as typed, not as markdown (bold, colour, formulas).
    test = search(test, "**Абая** :red[5] $x$")
    assert "\\*\\*Абая\\*\\*" in test.warning[0].value


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_map_click_outside_the_region_says_so_and_keeps_the_map(
    app: Callable[..., AppTest], lang: str
) -> None:
    # The page's error text was defined below its `main()` call, so a click outside the region
    # raised NameError and the map, the only way to click elsewhere, was gone.
    test = app(lang=lang)
    test.session_state["citizen_place"] = {"lon": 69.70551, "lat": 50.40502, "label": "x"}
    test.run()
    assert not test.exception
    captions = [caption.value.replace("\\", "") for caption in test.caption]  # unescaped
    assert any("50.405020, 69.705510" in caption for caption in captions), captions
    assert t("citizen.click_hint", lang) in captions  # the map follows it, to click again


def test_a_link_opens_in_its_language_and_the_address_keeps_the_choice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EMHANA_NOW", NOW)
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    test.query_params["lang"] = "ru"
    test.run()
    assert test.title[0].value == "К какой поликлинике я могу прикрепиться?"
    test.radio(key="lang").set_value("en").run()
    assert test.query_params["lang"] == "en"


def test_the_high_contrast_mode_restyles_the_page(app: Callable[..., AppTest]) -> None:
    test = app()
    assert not [html for html in test.get("html") if "font-size: 125%" in str(html.proto)]
    test.toggle(key="high_contrast").set_value(True).run()
    styles = [html for html in test.get("html") if "font-size: 125%" in str(html.proto)]
    assert len(styles) == 1
    assert test.query_params["contrast"] == "1"


def test_the_categories_prompt_is_in_the_page_s_language(app: Callable[..., AppTest]) -> None:
    """Streamlit's own multiselect prompt ("Choose options") would be English on a Kazakh page."""
    test = app("kk")
    assert [widget.placeholder for widget in test.multiselect] == ["Таңдаңыз"]
