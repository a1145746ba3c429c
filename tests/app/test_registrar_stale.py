"""The registrar page shows no decision that is not the input's, and prints what was recorded.

Signed in as a registrar of C-02 (tests/app/conftest.py). Input that cannot be decided (pasted
text that is not JSON, or not an object) leaves no earlier decision, printable or record form
below its error; the printable coupon carries the register's number once the decision is
recorded, and writes its dates as the page's language does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from app_pages._i18n import t
from tests.app.test_registrar import PAGE, VALID_IIN, paste
from tests.app.test_registrar_record import downloads, record, record_buttons
from tests.applications import application
from tests.catchments.test_cli_record import load_demo

BROKEN_JSON = '{"clinic_id": "C-02", "residence": '


@pytest.fixture
def register_url(signed_in: Callable[..., AppTest]) -> str:
    """The demo's districts in the session's register, D-02T1 with places to spare."""
    from app_pages import _data

    url = os.environ["EMHANA_DATABASE_URL"]
    load_demo(url, 5)
    _data.register_counts.clear()  # counts cached by an earlier test's register
    return url


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> Callable[[AppTest], str]:
    """The printable coupon or refusal a session offers, as the page it downloads.

    AppTest keeps a download's bytes in a media store of each run; they are kept here too, by
    file id, which ends the download button's URL.
    """
    files: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def keep(
        self: MemoryMediaFileStorage,
        path_or_data: str | bytes,
        mimetype: str,
        kind: MediaFileKind,
        filename: str | None = None,
    ) -> str:
        file_id = load(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, bytes):
            files[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)

    def page(test: AppTest) -> str:
        (button,) = [b for b in test.get("download_button") if b.key == "registrar_print"]
        return files[Path(button.proto.url).stem].decode("utf-8")

    return page


def shows_no_decision(test: AppTest, lang: str = "en") -> None:
    """No outcome, coupon line, printable or record form of any decision is on the page."""
    outcomes = {t(f"outcome.{o}", lang) for o in ("approved", "refused", "needs_acknowledgement")}
    shown = [e.value for e in (*test.success, *test.error, *test.warning)]
    assert not [value for value in shown if value.strip("*") in outcomes]
    coupon = t("registrar.coupon_line", lang, clinic="C-02", district="", model="")[:8]
    assert not [m.value for m in test.markdown if m.value.startswith(coupon)]
    assert downloads(test) == []
    assert record_buttons(test, lang) == []
    assert t("registrar.iin", lang) not in [widget.label for widget in test.text_input]


@pytest.mark.parametrize("lang", ["en", "kk"])
@pytest.mark.parametrize("broken", [BROKEN_JSON, "[1, 2]", "1" * 5000])
def test_pasted_text_that_cannot_be_decided_clears_the_earlier_decision(
    signed_in: Callable[..., AppTest], lang: str, broken: str
) -> None:
    test = paste(signed_in("reg-c02", PAGE, lang), application(), t("registrar.decide", lang))
    assert test.success[0].value == f"**{t('outcome.approved', lang)}**"
    assert record_buttons(test, lang)

    test = paste(test, broken, t("registrar.decide", lang))
    assert not test.exception
    assert len(test.error) == 1  # why the text cannot be decided, and nothing else
    shows_no_decision(test, lang)
    shows_no_decision(test.run(), lang)  # nor after a rerun


def test_a_recorded_decision_is_not_shown_beside_broken_json(
    signed_in: Callable[..., AppTest], register_url: str
) -> None:
    test = record(paste(signed_in("reg-c02", PAGE), application()), VALID_IIN)
    assert "Recorded. Coupon No. C-02/00000001" in [e.value for e in test.success]

    test = paste(test, BROKEN_JSON)
    assert not test.exception
    assert [e.value for e in test.success] == []
    shows_no_decision(test)


def test_the_printed_coupon_carries_the_registers_number_once_recorded(
    signed_in: Callable[..., AppTest], register_url: str, printed: Callable[[AppTest], str]
) -> None:
    test = paste(signed_in("reg-c02", PAGE), application())
    assert "<p>No. ________</p>" in printed(test)  # a line to write the number on, until then

    test = record(test, VALID_IIN)
    assert "Recorded. Coupon No. C-02/00000001" in [e.value for e in test.success]
    for shown in (test, test.run()):  # as it is recorded, and after a rerun
        page = printed(shown)
        assert "<p>No. C-02/00000001</p>" in page
        assert "No. ________" not in page


def test_a_coupon_not_recorded_leaves_a_line_for_its_number(
    signed_in: Callable[..., AppTest], printed: Callable[[AppTest], str]
) -> None:
    """With no register to record in, the registrar writes the number by hand."""
    test = paste(signed_in("reg-c02", PAGE), application())
    test = record(test, VALID_IIN)  # the register is not set up: nothing is recorded
    assert not [e.value for e in test.success if e.value.startswith("Recorded")]
    assert "<p>No. ________</p>" in printed(test)


@pytest.mark.parametrize(
    ("lang", "born", "decided"),
    [
        ("en", "2 March 1980", "21 September 2026, 10:00"),
        ("ru", "2 марта 1980 г.", "21 сентября 2026 г., 10:00"),
        ("kk", "1980 жылғы 2 наурыз", "2026 жылғы 21 қыркүйек, 10:00"),
    ],
)
def test_the_printable_writes_its_dates_as_the_page_does(
    signed_in: Callable[..., AppTest],
    printed: Callable[[AppTest], str],
    lang: str,
    born: str,
    decided: str,
) -> None:
    test = paste(signed_in("reg-c02", PAGE, lang), application(), t("registrar.decide", lang))
    page = printed(test)
    assert f"<th>{t('print.birth_date', lang)}</th><td>{born}</td>" in page
    assert f"<th>{t('print.decided_at', lang)}</th><td>{decided}</td>" in page
    assert "1980-03-02" not in page
    assert "2026-09-21" not in page
