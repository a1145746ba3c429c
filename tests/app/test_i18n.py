"""The app's catalogs: the same keys and placeholders in kk, ru and en, and none missing."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from app_pages._i18n import (
    CATALOG,
    CatalogError,
    default_language,
    identifier_name,
    map_labels,
    t,
)
from catchments.models import ClinicKind, Ground
from geo.schema import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
# Keys written out in the pages: t("citizen.title", lang) and t(f"verdict.{verdict}", lang).
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    english = CATALOG["en"]
    for lang in LANGUAGES:
        assert set(CATALOG[lang]) == set(english), lang
        for key, template in english.items():
            assert placeholders(CATALOG[lang][key]) == placeholders(template), (lang, key)


def test_every_template_fills_with_numbers() -> None:
    # A counted field ({n:минута|минуты|минут}) with forms for another language fails here.
    failures = []
    for lang, catalog in CATALOG.items():
        for key, template in catalog.items():
            try:
                t(key, lang, **dict.fromkeys(placeholders(template), 2))
            except (LookupError, ValueError) as error:
                failures.append(f"{lang} {key}: {error}")
    assert failures == []


@pytest.mark.parametrize(
    ("minutes", "ru", "en"),
    [
        (1, "через 1 минуту ", "in 1 minute "),
        (3, "через 3 минуты ", "in 3 minutes "),
        (15, "через 15 минут ", "in 15 minutes "),
    ],
)
def test_a_count_agrees_with_its_word(minutes: int, ru: str, en: str) -> None:
    assert ru in t("auth.throttled", "ru", failures=5, minutes=minutes)
    assert en in t("auth.throttled", "en", failures=5, minutes=minutes)
    assert f"{minutes} минуттан" in t("auth.throttled", "kk", failures=5, minutes=minutes)


def test_every_key_a_page_asks_for_exists() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    keys = {key for path in sources for key in LITERAL_KEY.findall(path.read_text("utf-8"))}
    assert len(keys) > 150
    assert sorted(keys - set(CATALOG["en"])) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_clinic_kind_and_ground_is_named(lang: str) -> None:
    for kind in ClinicKind:
        assert identifier_name("kinds", kind.value, lang) != kind.value
        assert map_labels(lang).kinds[kind.value] == identifier_name("kinds", kind.value, lang)
    for ground in Ground:
        assert t(f"ground.{ground.value}", lang)


def test_a_template_keeps_a_placeholder_for_the_map_module() -> None:
    assert map_labels("ru").districts == "Участки: {model}"
    assert t("citizen.iso_tooltip", "en", mode="On foot").format(minutes="10") == (
        "On foot: within 10 min"
    )


def test_a_missing_key_or_value_is_named() -> None:
    with pytest.raises(CatalogError, match=r"no 'en' text for 'citizen\.nope'"):
        t("citizen.nope", "en")
    with pytest.raises(CatalogError, match=r"citizen.results_for \(kk\) needs the value 'address'"):
        t("citizen.results_for", "kk")


@pytest.mark.parametrize(
    ("region", "browser", "expected"),
    [
        (("kk", "ru"), "ru-RU", "ru"),
        (("kk", "ru"), "ru_KZ", "ru"),
        (("kk", "ru"), "KK", "kk"),
        (("kk", "ru"), "en-US", "kk"),  # the region does not speak English: its first
        (("kk", "ru"), None, "kk"),  # no browser language (a script, a test)
        (("ru", "kk"), "de-DE", "ru"),
        (("kk", "ru", "en"), "en-GB", "en"),
        (("uz",), "ru-RU", "kk"),  # no language of the region is in the app: Kazakh
    ],
)
def test_a_session_starts_in_the_browser_language_when_the_region_speaks_it(
    region: tuple[str, ...], browser: str | None, expected: str
) -> None:
    assert default_language(region, browser) == expected
