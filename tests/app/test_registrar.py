"""The registrar view with AppTest: one application (form or JSON), a batch file, printing.

Signed in as a registrar of C-02 (tests/app/conftest.py). Addresses are the demo's: ``улица
Абая 59, Акбулак`` is in C-02's territory and outside C-07's (whose GP districts are full).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from app_pages._i18n import t
from app_pages._ui import done_once
from catchments.access import operator
from catchments.calendar import KZ_TZ
from catchments.models import Application
from catchments.register import ApplicationRow, open_register
from tests.applications import application

PAGE = "app_pages/registrar.py"


def paste(test: AppTest, data: object, label: str = "Decide") -> AppTest:
    test.radio(key="registrar_input").set_value("json").run()
    test.text_area[0].input(data if isinstance(data, str) else json.dumps(data))
    return decide_button(test, label).click().run()


def decide_button(test: AppTest, label: str = "Decide") -> Button:
    return next(button for button in test.button if button.label == label)


def reason_codes(test: AppTest) -> list[str]:
    return list(test.dataframe[0].value["Code"])


def test_an_anonymous_visitor_is_asked_to_sign_in(app: Callable[..., AppTest]) -> None:
    test = app(page=PAGE)
    assert [widget.label for widget in test.text_input] == ["User name", "Password"]
    assert not test.get("tabs")


def test_R_OUT_1_a_refused_application_names_every_reason(
    signed_in: Callable[..., AppTest],
) -> None:
    data = application(
        clinic_id="C-07",
        applicant={**application()["applicant"], "documents": [], "has_eds": False},
        channel="egov",
    )
    test = paste(signed_in("reg-c02", PAGE), data)
    assert not test.exception
    assert test.error[0].value == "**Refused**"
    assert reason_codes(test) == [
        "ACKNOWLEDGEMENT_REQUIRED",
        "HOME_VISIT_RISK",
        "CAPACITY_EXCEEDED",
        "MISSING_DOCUMENT",
        "EDS_REQUIRED",
    ]
    refusal = test.get("download_button")[0]
    assert refusal.proto.label == "Printable reasoned refusal (HTML)"


def test_the_printable_refusal_lists_every_reason() -> None:
    from app_pages import _data
    from app_pages.registrar import printable
    from catchments.calendar import KZ_TZ
    from catchments.service import RegionServices, decide

    services = RegionServices.load(_data.DEMO_REGION)
    data = application(clinic_id="C-07")
    import datetime as dt

    answer = decide(services, data, now=dt.datetime(2026, 9, 21, 10, tzinfo=KZ_TZ))
    page = printable(services, data, answer, "ru")
    assert "<title>Мотивированный отказ в прикреплении</title>" in page
    assert page.count("<li><b>") == 3  # ACKNOWLEDGEMENT_REQUIRED, HOME_VISIT_RISK, CAPACITY
    assert "CAPACITY_EXCEEDED</b> (R-CAP-1): На одного врача общей практики" in page
    assert "<script" not in page  # prints offline, as it is
    assert "http" not in page


def test_an_approved_application_from_the_form_prints_a_coupon(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("reg-c02", PAGE)
    assert test.selectbox[0].value == "C-02"  # the registrar's own clinic first
    test.text_input[0].input("улица Абая 59")
    next(box for box in test.selectbox if box.label == "Channel").set_value("psc")
    test.date_input[0].set_value(__import__("datetime").date(1980, 3, 2))
    test = decide_button(test).click().run()
    assert not test.exception
    assert test.success[0].value == "**Approved**"
    assert "Coupon: clinic C-02, district D-02T1 (district therapist)." in [
        m.value for m in test.markdown
    ]
    coupon = test.get("download_button")[0]
    assert coupon.proto.label == "Printable attachment coupon (HTML)"


def test_a_form_s_problems_are_named_by_its_labels_in_the_page_s_language(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("reg-c02", PAGE)
    test.text_input[1].input("70.4 north")  # the coordinates, not two numbers
    next(box for box in test.selectbox if box.label == "Attach at the place of").set_value("work")
    test = decide_button(test).click().run()
    assert not test.exception
    message = test.error[0].value.replace("\\", "")  # the Markdown source, values escaped
    # Not JSON paths and types: the form's labels, once each (lon and lat are one field).
    assert message.splitlines()[2:] == [
        "- **or coordinates (lon, lat)**: not a longitude and latitude; type them as 70.41, 50.26",
        "- **Address of work or study (if the basis is work or study)**: required when basis is "
        "'work' (R-PLACE-1: the attachment is based on the place of work); give its address, or "
        "its coordinates (lon and lat)",
    ]
    test = signed_in("reg-c02", PAGE, lang="ru")
    test = decide_button(test, "Рассмотреть").click().run()
    message = test.error[0].value.replace("\\", "")
    assert "- **Адрес проживания**: не заполнено; укажите адрес или координаты (lon и lat)" in (
        message
    )


def test_the_form_speaks_of_the_applicant_not_of_the_registrar(
    signed_in: Callable[..., AppTest],
) -> None:
    # The citizen's form says "I"; the registrar types in someone else's application.
    for lang, eds, clinic in (
        ("en", "The applicant has an electronic", "Clinic the applicant is attached to now"),
        ("ru", "У заявителя есть электронная", "Поликлиника, к которой заявитель прикреплён"),
        ("kk", "Өтініш берушінің электрондық", "Өтініш беруші қазір бекітілген емхана"),
    ):
        test = signed_in("reg-c02", PAGE, lang=lang)
        assert any(box.label.startswith(eds) for box in test.checkbox), lang
        assert any(box.label.startswith(clinic) for box in test.selectbox), lang


def test_the_batch_tab_offers_a_sample_file_of_the_registrar_s_clinic(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("reg-c02", PAGE, lang="ru")
    labels = [button.proto.label for button in test.get("download_button")]
    assert "Образец файла со всеми столбцами (CSV)" in labels
    assert "README" not in test.caption[0].value


def test_a_malformed_application_names_each_bad_field(signed_in: Callable[..., AppTest]) -> None:
    data = application(channel="post", applicant={**application()["applicant"], "birth_date": "x"})
    test = paste(signed_in("reg-c02", PAGE), data)
    message = test.error[0].value
    assert "- `channel`: unknown channel 'post'; expected one of registry, psc, egov" in message
    assert "- `applicant.birth_date`: 'x' is not a valid date" in message
    broken = paste(test, '{"clinic_id": "C-02",')
    assert broken.error[0].value.replace("\\", "").startswith("Not valid JSON: line 1, column 22")
    # Python's parser gives up on these with other errors than a syntax error.
    for pasted in ('{"clinic_id": ' + "9" * 5000 + "}", "[" * 100_000):
        refused = paste(test, pasted)
        assert not refused.exception
        assert refused.error[0].value.startswith("The JSON holds a number too long or nesting")
    dated = application(submitted_at="1990-09-21T10:00:00+05:00")
    assert "is outside the years the holiday calendar covers" in paste(test, dated).error[0].value


def test_a_malformed_application_is_explained_in_the_page_s_language(
    signed_in: Callable[..., AppTest],
) -> None:
    data = application(channel="post", applicant={**application()["applicant"], "birth_date": "x"})
    test = paste(signed_in("reg-c02", PAGE, lang="kk"), data, label="Қарау")
    message = test.error[0].value.replace("\\", "")  # the Markdown source, values escaped
    assert "- `channel`: «өтініш беру тәсілі» өрісінің белгісіз мәні 'post'" in message
    assert "- `applicant.birth_date`: 'x' күн емес; 'ЖЖЖЖ-АА-КК' түрі күтіледі" in message


@pytest.mark.parametrize(
    ("lang", "pasted", "spot", "expected"),
    [
        (
            "ru",
            "{'clinic_id': 'C-02'}",
            (1, 2),
            "Некорректный JSON: строка 1, позиция 2: ожидается имя в двойных кавычках: "
            "\"clinic_id\", а не 'clinic_id'; и без запятой после последнего элемента",
        ),
        (
            "kk",
            '{"clinic_id": "C-02",\n "channel" "psc"}',
            (2, 12),
            "JSON дұрыс емес: 2-жол, 12-позиция: атау мен мәннің арасында ':' қос нүктесі күтіледі",
        ),
        (
            "en",
            '{"clinic_id": "C-02"} {"clinic_id": "C-03"}',
            (1, 23),
            "Not valid JSON: line 1, column 23: more text after the application's closing }; "
            "give one application",
        ),
        (
            "en",
            '{"clinic_id": "C-02",  // DESIGN.md\'s comments\n "channel": "psc"}',
            (1, 24),
            "Not valid JSON: line 1, column 24: a comment (// or /* */): JSON has none; remove it "
            "(the comments in the documentation's example only explain it)",
        ),
    ],
    ids=["single-quotes", "no-colon", "two-objects", "a-comment"],
)
def test_pasted_json_that_does_not_parse_is_explained_in_the_page_s_language_at_its_spot(
    signed_in: Callable[..., AppTest],
    lang: str,
    pasted: str,
    spot: tuple[int, int],
    expected: str,
) -> None:
    # Python's parser says "Expecting property name enclosed in double quotes" in every language.
    label = {"en": "Decide", "ru": "Рассмотреть", "kk": "Қарау"}[lang]
    test = paste(signed_in("reg-c02", PAGE, lang=lang), pasted, label=label)
    message = test.error[0].value
    text, shown = message.split("\n\n", 1)
    line, column = spot
    assert text.replace("\\", "") == expected  # the Markdown source, values escaped
    # The line itself, and under it a caret at the column.
    assert shown.splitlines()[1:3] == [pasted.splitlines()[line - 1], " " * (column - 1) + "^"]


def test_an_address_the_region_cannot_place_is_explained_in_the_page_s_language(
    signed_in: Callable[..., AppTest],
) -> None:
    data = application(residence={"address": "Акбулак, ул. Несуществующая 1"})
    test = paste(signed_in("reg-c02", PAGE, lang="ru"), data, label="Рассмотреть")
    assert test.error[0].value.replace("\\", "") == (  # the Markdown source, values escaped
        "Заявление нельзя рассмотреть в этом регионе:\n\n- Место жительства: адрес Акбулак, "
        "ул. Несуществующая 1 в этом регионе не найден; проверьте написание или укажите "
        "координаты."
    )


BATCH = """application_id,clinic_id,residence_address,birth_date,documents,channel,submitted_at
A1,C-02,"Акбулак, ул. Абая 59",1980-03-02,id_card,psc,2026-09-21T10:00:00+05:00
A2,C-02,"Акбулак, ул. Абая 59",not-a-date,id_card,psc,2026-09-21T10:00:00+05:00
A3,C-07,"Акбулак, ул. Абая 59",1980-03-02,id_card,psc,2026-09-21T10:00:00+05:00
"""


def test_a_batch_with_a_malformed_row_decides_the_others(
    signed_in: Callable[..., AppTest],
) -> None:
    test = signed_in("reg-c02", PAGE)
    test.file_uploader[0].set_value(("applications.csv", BATCH.encode(), "text/csv"))
    test = test.run()
    assert not test.exception
    table = test.dataframe[0].value
    assert list(table["Line"]) == ["2", "3", "4"]
    # The error is beside the outcome, not past the wide table's right edge.
    assert list(table.columns[:5]) == [
        "Line",
        "Application",
        "Clinic",
        "Outcome",
        "Error in the row",
    ]
    assert list(table["Outcome"]) == [
        "Approved",
        "Not decided (error in the row)",
        "Refused",
    ]
    assert table["Error in the row"][1] == (
        "birth_date: 'not-a-date' is not a valid date; expected 'YYYY-MM-DD'"
    )
    # Below the table, every row to fix with each problem on its line, as it reads.
    rows = next(m.value for m in test.markdown if m.value.startswith("- **Line 3 (A2)**"))
    assert rows == (
        "- **Line 3 (A2)**\n  - birth\\_date\\: 'not\\-a\\-date' is not a valid date; expected "
        "'YYYY\\-MM\\-DD'"
    )
    assert "#### Rows to fix: 1" in [m.value for m in test.markdown]
    assert table["Codes"][2] == "ACKNOWLEDGEMENT_REQUIRED; HOME_VISIT_RISK; CAPACITY_EXCEEDED"
    metrics = {metric.label: metric.value for metric in test.metric}
    assert metrics["Approved"] == "1"
    assert metrics["Not decided (error in the row)"] == "1"
    assert "Out of the territory or settlement: 1" in [m.value for m in test.markdown][-1]
    downloads = {button.proto.label: button for button in test.get("download_button")}
    assert "Download decisions (CSV)" in downloads


def test_a_batch_decided_in_full_shows_no_error_column(signed_in: Callable[..., AppTest]) -> None:
    decided = "\n".join(line for line in BATCH.splitlines() if "not-a-date" not in line)
    test = signed_in("reg-c02", PAGE)
    test.file_uploader[0].set_value(("applications.csv", decided.encode(), "text/csv"))
    table = test.run().dataframe[0].value
    assert list(table["Line"]) == ["2", "3"]
    assert "Error in the row" not in table.columns
    assert not [m for m in test.markdown if m.value.startswith("#### Rows to fix")]
    assert "Codes" in table.columns


def test_a_batch_from_excel_on_russian_windows_is_decided_with_a_word_on_its_letters(
    signed_in: Callable[..., AppTest],
) -> None:
    # Excel's plain "CSV" there is Windows-1251: decided, not refused as "not UTF-8", with the
    # warning that Kazakh letters may have become "?"; blank lines do not shift the line numbers.
    test = signed_in("reg-c02", PAGE, lang="ru")
    data = BATCH.replace("\nA2", "\n\nA2").encode("cp1251")
    test.file_uploader[0].set_value(("applications.csv", data, "text/csv"))
    test = test.run()
    assert not test.exception
    assert [w.value for w in test.warning] == [
        "файл прочитан как текст Windows\\-1251, в котором нет ә, ғ, қ, ң, ө, ұ, ү, һ\\: "
        "если Excel записал вместо них ?, сохраните файл как CSV UTF\\-8 и решите снова"
    ]
    assert list(test.dataframe[0].value["Строка"]) == ["2", "4", "5"]
    test.file_uploader[0].set_value(("applications.csv", b"\x00\x98\xff", "text/csv"))
    errors = [e.value for e in test.run().error]
    assert len(errors) == 1
    assert "файл — не текст в кодировке UTF\\-8, UTF\\-16 или Windows\\-1251" in errors[0]


def test_the_batch_downloads_as_excel(signed_in: Callable[..., AppTest]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import pandas as pd

    from app_pages.registrar import _excel

    workbook = _excel(pd.DataFrame({"line": ["2"], "outcome": ["approved"]}))
    assert workbook is not None
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    assert [cell.value for cell in sheet[2]] == ["2", "approved"]
    # The workbook is for people: in the page's language, as the table shows it (it was
    # English column names and outcome codes on a Russian page).
    from app_pages.registrar import _decisions_table

    records = pd.DataFrame(
        {"line": [2], "application_id": ["A-1"], "clinic_id": ["C-02"], "outcome": ["approved"],
         "error": [""], "messages": [""]}
    )  # fmt: skip
    russian = _excel(_decisions_table(records, "ru"))
    assert russian is not None
    sheet = openpyxl.load_workbook(io.BytesIO(russian)).active
    assert [cell.value for cell in sheet[1]][:4] == [
        t(f"batch.{c}", "ru") for c in ("line", "application_id", "clinic_id", "outcome")
    ]
    assert sheet[2][3].value == t("outcome.approved", "ru")


def test_a_file_that_is_not_a_batch_is_refused_whole(signed_in: Callable[..., AppTest]) -> None:
    test = signed_in("reg-c02", PAGE)
    test.file_uploader[0].set_value(("x.csv", b"name,clinik_id\n1,2\n", "text/csv"))
    test = test.run()
    assert "nothing was decided" in test.error[0].value
    message = test.error[0].value.replace("\\", "")  # the Markdown source, values escaped
    assert "unknown column 'clinik_id' (did you mean 'clinic_id'?)" in message


# --- recording in the attachment register -----------------------------------------------------

VALID_IIN = "800302300019"  # born 2.3.1980, as the applications here
TYPO_IIN = "800302300018"  # the same number with a wrong check digit


@pytest.fixture
def register_url(
    signed_in: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The session's register (``signed_in`` points EMHANA_DATABASE_URL at it), demo loaded."""
    from app_pages import _data
    from catchments import cli

    monkeypatch.setenv("EMHANA_HOME", str(tmp_path / "home"))
    assert cli.main(["register", "import", "--region", str(_data.DEMO_REGION)]) == 0
    _data.register_counts.clear()  # counts cached by an earlier test's register
    return os.environ["EMHANA_DATABASE_URL"]


def record(test: AppTest, iin: str, full_name: str = "") -> AppTest:
    text_inputs = {widget.label: widget for widget in test.text_input}
    text_inputs["Applicant's IIN (12 digits)"].input(iin)
    text_inputs["Full name (optional)"].input(full_name)
    return record_button(test).click().run()


def record_button(test: AppTest) -> Button:
    return next(button for button in test.button if button.label == "Record decision")


def stored(url: str) -> list[ApplicationRow]:
    """Every application the register holds, as the operator (every clinic) reads them."""
    with open_register(url) as register:
        return register.applications_for(operator(), source="test")


def remaining(url: str, district_id: str) -> tuple[int, int]:
    """The district's people attached now and places remaining, as the register counts them."""
    with open_register(url) as register:
        capacity = register.remaining_by_district()[district_id]
    return capacity.attached_now, capacity.remaining


def test_a_registrar_records_an_approval_for_their_clinic(
    signed_in: Callable[..., AppTest], register_url: str
) -> None:
    attached_before, remaining_before = remaining(register_url, "D-02T1")
    test = paste(signed_in("reg-c02", PAGE), application())
    assert test.success[0].value == "**Approved**"
    assert not record_button(test).disabled
    test = record(test, VALID_IIN, "Aigerim Bolatova")
    assert not test.exception
    assert [element.value for element in test.error] == []
    assert "Recorded. Coupon No. C-02/00000001" in [element.value for element in test.success]
    markdown = [element.value for element in test.markdown]
    assert f"Places remaining in district D-02T1: {remaining_before - 1}" in markdown
    rows = stored(register_url)
    assert [(row.clinic_id, row.outcome, row.district_id, row.iin_last4) for row in rows] == [
        ("C-02", "approved", "D-02T1", "0019")
    ]
    assert rows[0].recorded_by == "reg-c02"
    assert remaining(register_url, "D-02T1") == (attached_before + 1, remaining_before - 1)
    mine = test.dataframe[-1].value  # the "Applications of my clinic" tab, drawn last
    assert list(mine["IIN (last 4 digits)"]) == ["…0019"]
    assert VALID_IIN not in mine.to_csv()
    assert list(mine["Outcome"]) == ["Approved"]
    assert not any(button.label == "Record decision" for button in test.button), "recorded once"


def test_a_registrar_cannot_record_or_list_another_clinics_applications(
    signed_in: Callable[..., AppTest], register_url: str
) -> None:
    from app_pages import _data
    from catchments.service import RegionServices, decide

    services = RegionServices.load(_data.DEMO_REGION)
    at = dt.datetime(2026, 9, 21, 10, tzinfo=KZ_TZ)
    # Acknowledged: outside C-09's territory, an application is submitted only so (R-TERR-2).
    with open_register(register_url) as register:
        for clinic_id, iin in (("C-09", "800302300029"), ("C-02", VALID_IIN)):
            decided = Application.from_dict(
                application(clinic_id=clinic_id, home_visit_acknowledged=True)
            )
            register.record_decision(
                decided, decide(services, decided, now=at), iin=iin, actor=operator(), source="test"
            )
    test = paste(
        signed_in("reg-c02", PAGE), application(clinic_id="C-09", home_visit_acknowledged=True)
    )
    assert not test.exception
    assert record_button(test).disabled
    assert "for clinic C-09; you record decisions for your own clinic (C-02) only" in (
        test.info[0].value
    )
    mine = test.dataframe[-1].value
    assert list(mine["Clinic"]) == ["C-02"]  # C-09's application is not listed
    assert len(stored(register_url)) == 2, "nothing was added"


def test_an_invalid_iin_is_named_and_nothing_is_recorded(
    signed_in: Callable[..., AppTest], register_url: str
) -> None:
    before = remaining(register_url, "D-02T1")
    test = paste(signed_in("reg-c02", PAGE), application())
    test = record(test, TYPO_IIN)
    assert not test.exception
    assert test.error[0].value == (
        "The IIN is not valid; nothing was recorded. "
        "IIN: the check digit (12th) does not match; check for a typo"
    )
    assert stored(register_url) == []
    assert remaining(register_url, "D-02T1") == before
    assert any(button.label == "Record decision" for button in test.button), "can try again"


def test_an_iin_of_another_birth_date_is_named_and_nothing_is_recorded(
    signed_in: Callable[..., AppTest], register_url: str
) -> None:
    # The decision rests on the application's birth date; an IIN born on another day is a typo
    # in one of them, or someone else's number, and was recorded as the applicant's.
    test = paste(signed_in("reg-c02", PAGE), application())
    test = record(test, "791028302728")  # born 28.10.1979
    assert not test.exception
    assert test.error[0].value == (
        "The IIN is not valid; nothing was recorded. IIN: its first six digits give the birth "
        "date 28 October 1979, the application 2 March 1980; it must be the IIN of the person "
        "being attached: correct the one that is wrong and decide again"
    )
    assert stored(register_url) == []


def test_a_register_without_districts_says_how_to_load_them(
    signed_in: Callable[..., AppTest],
) -> None:
    test = paste(signed_in("reg-c02", PAGE), application())
    test = record(test, VALID_IIN)
    assert not test.exception
    message = test.error[0].value
    assert message.startswith("The decision was not recorded: district 'D-02T1' is not in")
    assert "`emhana register import --region DIR`" in message
    assert stored(os.environ["EMHANA_DATABASE_URL"]) == []


@pytest.mark.parametrize(("lang", "choose"), [("kk", "Таңдаңыз"), ("ru", "Выберите")])
def test_every_multiselect_prompts_in_the_page_s_language(
    signed_in: Callable[..., AppTest], lang: str, choose: str
) -> None:
    """Streamlit's own prompt ("Choose options") is English; every multiselect sets its own."""
    test = signed_in("reg-c02", PAGE, lang=lang)
    assert test.multiselect, "the form has its categories and documents"
    assert {widget.placeholder for widget in test.multiselect} == {choose}


def test_an_action_done_once_per_token_whatever_the_threads() -> None:
    # What keeps a burst of clicks on "Record decision" to one record (the browser test clicks).
    calls: list[str] = []

    def slow(token: str) -> str:
        time.sleep(0.05)
        calls.append(token)
        return f"coupon for {token}"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(done_once("t1", lambda: slow("t1"))))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["t1"]
    assert results == ["coupon for t1"] * 5
    assert done_once("t2", lambda: slow("t2")) == "coupon for t2"  # another decision
    assert calls == ["t1", "t2"]

    def failing() -> str:
        raise RuntimeError("register unavailable")

    with pytest.raises(RuntimeError):
        done_once("t3", failing)
    assert done_once("t3", lambda: "recorded on the second try") == "recorded on the second try"
