"""The citizen page never shows an answer for anything but what is on it now (browser audit).

An address's clinics, the choice and a submitted application's answer belong to the address in
the search box and the particulars above it; once either changes, they go. An address in a
settlement outside the region is said to be outside it, not moved to a namesake street here.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from app_pages._i18n import t
from catchments.messages import service_error
from tests.app.test_citizen import search, shown

ADDRESS = "Акбулак, улица Абая 59"
APPROVED = "Approved: you would be attached to district D-02T1."


def answered(test: AppTest) -> bool:
    """Whether the page shows an address's clinics, a choice or an application to send."""
    return bool(
        [s for s in test.subheader if s.value.startswith(("Clinics for", "Your choice"))]
        or "citizen_submit" in [button.key for button in test.button]
        or test.success
    )


def submitted(test: AppTest) -> AppTest:
    test = search(test, ADDRESS)
    assert test.subheader[0].value == "Clinics for улица Абая 59, Акбулак"
    test.button(key="citizen_submit").click().run()
    assert [s.value for s in test.success] == [APPROVED]
    return test


@pytest.mark.parametrize(
    "query",
    [
        "улица Абая",  # a street, not yet a house: streets to pick from
        "Акбулак, улица Абая 999",  # no such house: the nearest ones, none chosen
        "Алматы, проспект Абая 10",  # outside the region
    ],
)
def test_another_query_takes_the_previous_address_s_answer_away(
    app: Callable[..., AppTest], query: str
) -> None:
    test = search(submitted(app()), query)
    assert not test.exception
    assert test.warning or test.pills  # what the new query found is on the page
    assert not answered(test), [s.value for s in test.subheader]
    assert "citizen_place" not in test.session_state
    # Typed again, the first address is answered again (not taken as already applied).
    test = search(test, ADDRESS)
    assert test.subheader[0].value == "Clinics for улица Абая 59, Акбулак"
    assert not test.success  # the earlier submission went with its address


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    ("query", "settlement", "code"),
    [
        ("Алматы, проспект Абая 10", "Алматы", "unknown_settlement.unmarked"),
        ("Астана, Кенесары 40", "Астана", "unknown_settlement.unmarked"),
        ("г. Алматы, ул. Абая 10", "Алматы", "unknown_settlement"),
    ],
)
def test_an_address_outside_the_region_is_not_moved_into_it(
    app: Callable[..., AppTest], lang: str, query: str, settlement: str, code: str
) -> None:
    test = search(app(lang), query)
    assert not test.exception
    text = service_error("residence", code, {"settlement": settlement, "address": query}, lang)
    assert [w.value.replace("\\", "") for w in test.warning] == [text]
    # No namesake houses (улица Абая 59, Акбулак; улица Кенесары 39, Акбулак) offered.
    assert not [box for box in test.selectbox if str(box.key).startswith("citizen_pick:")]
    assert not test.pills
    assert not test.subheader
    assert "Акбулак" not in shown(test)


def channel_radio(test: AppTest) -> str:
    (key,) = [r.key for r in test.radio if str(r.key).startswith("citizen_channel:")]
    return str(key)


def test_a_changed_channel_takes_the_submitted_answer_away(app: Callable[..., AppTest]) -> None:
    test = submitted(app())
    key = channel_radio(test)
    test.radio(key=key).set_value("egov").run()  # no EDS: refused for the person
    assert not test.exception
    assert "electronic digital signature" in test.error[0].value
    assert not test.success
    test.radio(key=key).set_value("psc").run()
    assert not test.success  # gone, not hidden until the channel comes back


@pytest.mark.parametrize(
    "change",
    [
        lambda test: test.checkbox(key="citizen_eds").check(),
        lambda test: test.selectbox(key="citizen_ground").set_value("changed_residence"),
        lambda test: test.multiselect(key="citizen_categories").set_value(["pensioner"]),
        lambda test: test.multiselect[1].set_value(["id_card", "passport"]),  # documents
    ],
    ids=["eds", "ground", "category", "documents"],
)
def test_changed_particulars_take_the_submitted_answer_away(
    app: Callable[..., AppTest], change: Callable[[AppTest], object]
) -> None:
    test = submitted(app())
    change(test)
    test.run()
    assert not test.exception
    assert test.subheader[0].value == "Clinics for улица Абая 59, Акбулак"  # the address stays
    assert not test.success
    test.button(key="citizen_submit").click().run()  # submitted anew, it is answered anew
    assert len(test.success) == 1


def test_the_answer_stays_while_nothing_changes(app: Callable[..., AppTest]) -> None:
    test = submitted(app())
    test.radio(key="lang").set_value("ru").run()  # the language is not a particular
    assert [s.value for s in test.success] == [
        "Прикрепление одобрено: вас прикрепили бы к участку D-02T1."
    ]


@pytest.mark.parametrize(
    ("lang", "conditional"),
    [("ru", "вас прикрепили бы к участку D-02T1"), ("kk", "D-02T1 учаскесіне бекітер еді")],
)
def test_the_approval_says_what_would_happen_not_what_will(
    app: Callable[..., AppTest], lang: str, conditional: str
) -> None:
    # Nothing is sent from this page: an approval is what the clinic would do.
    text = t("citizen.submitted_approved", lang, outcome="x", district="D-02T1")
    assert conditional in text
    test = search(app(lang), ADDRESS)
    test.button(key="citizen_submit").click().run()
    assert conditional in test.success[0].value
