"""Messages in Kazakh, Russian and English (R-OUT-1: a reasoned refusal; R-EMERG-1)."""

from __future__ import annotations

import inspect
import re
import string
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from catchments.messages import (
    APPLICATION_PROBLEMS,
    BATCH_FILE_ERRORS,
    CATALOG,
    EMERGENCY_NOTICE,
    IIN_ERRORS,
    NAMES,
    SERVICE_ERRORS,
    Language,
    MessageError,
    application_problem,
    batch_file_error,
    counted,
    emergency_notice,
    fill,
    format_date,
    format_decimal,
    format_number,
    iin_error,
    join_alternatives,
    plural_category,
    read_decimal,
    render,
    service_error,
)
from catchments.models import Category, Channel, DistrictModel, Document
from catchments.planning.wording import REPORT_TEXT
from catchments.reasons import REASON_SPECS, Reason, ReasonCode, Severity, reason

ROOT = Path(__file__).resolve().parents[2]


def template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


NBSP = "\u00a0"

# One reason per code and variant, with the context the rules give it.
SAMPLES: list[Reason] = [
    reason(ReasonCode.NOT_A_PHC_ORGANIZATION, clinic_id="C-07"),
    reason(ReasonCode.CLINIC_NOT_SHI_SUPPLIER, clinic_id="C-07", missing=("shi_supplier", "osms")),
    reason(ReasonCode.ALREADY_ATTACHED_HERE, clinic_id="C-07"),
    reason(ReasonCode.OUTSIDE_SETTLEMENT, clinic_id="C-07", basis="residence"),
    reason(ReasonCode.BORDER_AREA_EXCEPTION, clinic_id="C-07", basis="work"),
    reason(ReasonCode.SUBURB_EXCEPTION, clinic_id="C-07", basis="study"),
    reason(ReasonCode.HOME_VISIT_RISK, clinic_id="C-07"),
    reason(ReasonCode.ACKNOWLEDGEMENT_REQUIRED, clinic_id="C-07"),
    reason(
        ReasonCode.CAPACITY_EXCEEDED,
        clinic_id="C-07",
        district_id="D-3",
        model="therapist",
        per_doctor=2214.0,
        norm=2200,
        doctors=2,
        attached=4427,
        remaining=-27,
    ),
    reason(
        ReasonCode.CAPACITY_EXCEEDED,
        variant="no_doctors",
        clinic_id="C-07",
        district_id="D-3",
        model="pediatric_0_6",
        norm=500,
        doctors=0,
        attached=0,
        remaining=0,
    ),
    reason(
        ReasonCode.CAPACITY_EXCEEDED,
        variant="no_district",
        clinic_id="C-07",
        age=7,
        models=("pediatric_0_14", "gp"),
    ),
    reason(ReasonCode.DOCUMENTS_UNRELIABLE),
    reason(
        ReasonCode.LEGAL_REPRESENTATION_MISSING,
        who="minor",
        documents=("birth_certificate", "guardianship_decision", "power_of_attorney"),
    ),
    reason(ReasonCode.MISSING_DOCUMENT, purpose="identity", documents=("id_card", "passport")),
    reason(
        ReasonCode.MISSING_DOCUMENT,
        rule="R-DOC-4",
        purpose="disabled",
        documents=("pension_certificate", "disability_extract"),
    ),
    reason(ReasonCode.CHANNEL_NOT_ALLOWED, channel="registry", allowed=("psc", "egov")),
    reason(ReasonCode.EDS_REQUIRED),
    reason(ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND, date="2026-03-02", start="09-15", end="11-15"),
    reason(
        ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND,
        variant="annual_too_soon",
        date="2026-03-02",
        start="09-15",
        end="11-15",
        ground="annual_free_choice",
        last="2025-10-01",
        next="2026-10-01",
    ),
    reason(
        ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND,
        variant="not_first",
        date="2026-03-02",
        start="09-15",
        end="11-15",
        ground="first_free_choice",
        last="2020-10-01",
    ),
]


def catalog_key(found: Reason) -> str:
    return f"{found.code.value}.{found.variant}" if found.variant else found.code.value


@pytest.mark.parametrize("lang", list(Language))
def test_r_out_1_every_code_has_a_message_in_every_language(lang: Language) -> None:
    keys = {code.value for code in ReasonCode}
    assert keys <= set(CATALOG[lang])
    # and every language has exactly the same templates (no variant forgotten in one)
    assert set(CATALOG[lang]) == set(CATALOG[Language.EN])


def test_r_out_1_samples_cover_every_template() -> None:
    assert {catalog_key(found) for found in SAMPLES} == set(CATALOG[Language.EN])


@pytest.mark.parametrize("lang", list(Language))
@pytest.mark.parametrize("found", SAMPLES, ids=catalog_key)
def test_r_out_1_every_template_renders(found: Reason, lang: Language) -> None:
    text = render(found, lang)
    assert "{" not in text
    assert "}" not in text
    assert text.endswith(".")
    # The identifiers never leak into the text untranslated.
    for name, value in found.context:
        if name in {"clinic_id", "district_id"}:
            continue
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, str) and "_" in item:
                assert item not in text, (name, item)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        pytest.param(
            Language.EN,
            "District therapists of clinic C-07 (district D-3) would serve 2,214 adults per "
            "doctor, above the norm of 2,200.",
            id="R-CAP-1/message-en",
        ),
        pytest.param(
            Language.RU,
            f"На одного участкового терапевта медицинской организации C-07 (участок D-3) "
            f"пришлось бы 2{NBSP}214 чел. (взрослое население) — больше нормы 2{NBSP}200.",
            id="R-CAP-1/message-ru",
        ),
        pytest.param(
            Language.KK,
            f"C-07 медициналық ұйымында (D-3 учаскесі) бір учаскелік терапевтке 2{NBSP}214 адам "
            f"(ересектер) келер еді, бұл 2{NBSP}200 нормасынан көп.",
            id="R-CAP-1/message-kk",
        ),
    ],
)
def test_capacity_message_filled_from_context(lang: Language, expected: str) -> None:
    assert render(SAMPLES[8], lang) == expected


def test_r_time_2_message_has_local_dates() -> None:
    found = SAMPLES[18]
    assert render(found, "en") == (
        "2 March 2026 is outside the free-choice campaign (15 September to 15 November), and the "
        "yearly free choice was already used on 1 October 2025; it can be used again from "
        "1 October 2026."
    )
    assert "2 марта 2026 г." in render(found, "ru")
    assert "15 сентября – 15 ноября" in render(found, "ru")
    assert "2026 жылғы 2 наурыз" in render(found, "kk")
    assert "15 қыркүйек – 15 қараша" in render(found, "kk")


def test_r_doc_4_message_lists_alternatives() -> None:
    found = SAMPLES[14]
    assert render(found, "en") == (
        "A document is missing (person with a disability); provide a pension certificate or an "
        "extract from the medical and social expertise certificate."
    )
    assert render(found, "ru").endswith(
        "представьте пенсионное удостоверение или выписку из акта освидетельствования "
        "медико-социальной экспертизы."
    )


def test_r_chan_1_message_names_channels() -> None:
    found = SAMPLES[15]
    assert render(found, "en").endswith(
        "apply through a public service centre (PSC) or the egov.kz portal (with an EDS)."
    )
    assert render(found, "ru").endswith("подайте заявление через ЦОН или портал egov.kz (с ЭЦП).")
    assert "ХҚКО немесе egov.kz порталы (ЭЦҚ-мен) арқылы" in render(found, "kk")


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        pytest.param(2214, Language.EN, "2,214", id="R-OUT-1/number-en"),
        pytest.param(2214, Language.RU, f"2{NBSP}214", id="R-OUT-1/number-ru"),
        pytest.param(2214, Language.KK, f"2{NBSP}214", id="R-OUT-1/number-kk"),
        pytest.param(2200.5, Language.EN, "2,200.5", id="R-OUT-1/decimal-en"),
        pytest.param(2200.5, Language.RU, f"2{NBSP}200,5", id="R-OUT-1/decimal-ru"),
        pytest.param(2214.0, Language.EN, "2,214", id="R-OUT-1/whole-float-en"),
        pytest.param(1234567, Language.KK, f"1{NBSP}234{NBSP}567", id="R-OUT-1/millions-kk"),
        pytest.param(-27, Language.EN, "-27", id="R-OUT-1/negative"),
        pytest.param(7, Language.RU, "7", id="R-OUT-1/small"),
    ],
)
def test_format_number(value: float, lang: Language, text: str) -> None:
    assert format_number(value, lang) == text


@pytest.mark.parametrize(
    ("value", "lang", "digits", "trim", "text"),
    [
        pytest.param(8.42, Language.EN, 1, False, "8.4", id="share-en"),
        pytest.param(8.0, Language.RU, 1, False, "8,0", id="fixed-digits-kept"),
        pytest.param(0.25, Language.KK, 2, True, "0,25", id="quarter-post-kk"),
        pytest.param(0.5, Language.EN, 2, True, "0.5", id="half-post"),
        pytest.param(2.0, Language.RU, 2, True, "2", id="whole-post"),
        pytest.param(12345.5, Language.RU, 1, True, f"12{NBSP}345,5", id="grouped"),
        pytest.param(100.0, Language.EN, 0, True, "100", id="no-decimals-no-trim-of-zeros"),
    ],
)
def test_format_decimal(value: float, lang: Language, digits: int, trim: bool, text: str) -> None:
    assert format_decimal(value, lang, digits, trim=trim) == text


def test_a_number_that_is_not_finite_is_written_for_a_reader() -> None:
    # A district with people and no doctor has an infinite load; the summary printed "inf".
    assert format_number(float("inf"), Language.RU) == "∞"
    assert format_decimal(float("-inf"), Language.EN, 1) == "−∞"
    assert format_number(float("nan"), Language.KK) == "—"


def test_format_date() -> None:
    day = date(2026, 9, 15)
    assert format_date(day, Language.EN) == "15 September 2026"
    assert format_date(day, Language.RU) == "15 сентября 2026 г."
    assert format_date(day, Language.KK) == "2026 жылғы 15 қыркүйек"


def test_join_alternatives() -> None:
    assert join_alternatives(("a",), Language.EN) == "a"
    assert join_alternatives(("a", "b", "c"), Language.RU) == "a, b или c"
    assert join_alternatives(("a", "b"), Language.KK) == "a немесе b"


@pytest.mark.parametrize(
    ("table", "identifiers"),
    [
        ("documents", {d.value for d in Document}),
        ("purposes", {c.value for c in Category} | {"identity", "representative"}),
        ("who", {"minor", "proxy", "guardian", "trustee", "foster_carer"}),
        ("channels", {c.value for c in Channel}),
        ("bases", {"residence", "work", "study"}),
        ("models", {m.value for m in DistrictModel}),
        ("doctors", {m.value for m in DistrictModel}),
        ("populations", {m.value for m in DistrictModel}),
        ("shi_gaps", {"registration", "shi_supplier", "gobmp", "osms"}),
    ],
)
def test_every_identifier_has_a_name_in_every_language(table: str, identifiers: set[str]) -> None:
    for lang in Language:
        assert set(NAMES[table][lang]) == identifiers, (table, lang)


def test_templates_use_only_values_the_rules_give() -> None:
    known = {name for found in SAMPLES for name, _ in found.context} | {
        "doctor_title",
        "population",
    }
    for lang in Language:
        for key, template in CATALOG[lang].items():
            fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            assert fields <= known, (lang, key, fields - known)


def test_render_accepts_language_strings() -> None:
    assert render(SAMPLES[11], "kk") == render(SAMPLES[11], Language.KK)
    with pytest.raises(ValueError, match="'de'"):
        render(SAMPLES[11], "de")


def test_render_reports_missing_context() -> None:
    broken = Reason(ReasonCode.HOME_VISIT_RISK, "R-TERR-2", Severity.WARN)
    with pytest.raises(
        MessageError, match=r"HOME_VISIT_RISK \(en\) needs the context value 'clinic_id'"
    ):
        render(broken, "en")


def test_render_reports_unknown_variant() -> None:
    odd = Reason(ReasonCode.EDS_REQUIRED, "R-CHAN-3", Severity.REFUSE, variant="nope")
    with pytest.raises(MessageError, match=r"no en message for EDS_REQUIRED\.nope"):
        render(odd, "en")


@pytest.mark.parametrize("lang", list(Language))
def test_r_emerg_1_notice_in_every_language(lang: Language) -> None:
    assert emergency_notice(lang) == EMERGENCY_NOTICE[lang]
    assert len(EMERGENCY_NOTICE[lang]) > 40


def test_r_emerg_1_is_never_a_reason() -> None:
    assert all(spec.rule != "R-EMERG-1" for spec in REASON_SPECS.values())


def assert_worded_alike(catalog: Mapping[Language, Mapping[str, str]], raised: set[str]) -> None:
    """Every code raised has a wording, and each language has the same keys and placeholders."""
    english = catalog[Language.EN]
    assert raised <= set(english)
    for lang in Language:
        assert set(catalog[lang]) == set(english), lang
        for key, template in english.items():
            assert template_fields(catalog[lang][key]) == template_fields(template), (lang, key)


def test_every_service_error_is_worded_in_every_language_with_the_same_placeholders() -> None:
    source = (ROOT / "catchments" / "service.py").read_text("utf-8")
    raised = set(re.findall(r'code="([a-z_.]+)"', source))
    raised |= {"unknown_clinic", "unknown_clinic.close"}  # chosen by a conditional expression
    assert_worded_alike(SERVICE_ERRORS, raised)


def test_every_application_problem_is_worded_in_every_language_with_the_same_placeholders() -> None:
    source = (ROOT / "catchments" / "models.py").read_text("utf-8")
    source += (ROOT / "catchments" / "service.py").read_text("utf-8")
    raised = set(re.findall(r'\.add\(\s*[^,()]+,\s*"([a-z_]+)"', source))
    raised |= set(re.findall(r'FieldProblem\(\s*[^,()]+,\s*"([a-z_]+)"', source))
    assert len(raised) >= 25, raised  # the patterns still find the codes
    assert_worded_alike(APPLICATION_PROBLEMS, raised)


def test_every_batch_file_error_is_worded_in_every_language_with_the_same_placeholders() -> None:
    from catchments import service

    # Where batch file errors are made: read_batch's (code, values) pairs, the class's own.
    source = "".join(
        inspect.getsource(function)
        for function in (service.read_batch, service._header_problems, service.BatchFileError)
    )
    raised = set(re.findall(r'[\[(]\("([a-z_]+)",', source))
    raised |= set(re.findall(r'batch_file_error\("([a-z_]+)"', source))
    assert {"empty", "missing_columns", "unknown_column", "columns_are"} <= raised
    assert_worded_alike(BATCH_FILE_ERRORS, raised)


def test_an_application_problem_names_values_in_the_language() -> None:
    params = {"value": "'wrk'", "what": "basis", "close": "'work'", "expected": "work, study"}
    assert application_problem("unknown_choice", params, "ru") == (
        "неизвестное значение поля «основание прикрепления» 'wrk' (возможно, 'work'?); "
        "допустимы: work, study"
    )
    assert application_problem("not_text", {"got": "empty string"}, "en") == (
        "expected a non-empty string, got an empty string"
    )
    assert application_problem("not_text", {"got": "number"}, "kk", variants=("nullable",)) == (
        "бос емес жол немесе null күтілген, берілгені: сан"
    )
    # JSON's type names were English on a Russian or Kazakh page ("получено: string").
    assert application_problem("not_object", {"got": "string"}, "ru") == (
        "ожидался объект, получено: строка"
    )
    assert application_problem("not_list", {"what": "category", "got": "object"}, "ru").endswith(
        "получено: объект {...}"
    )
    with pytest.raises(MessageError, match="no_such_check"):
        application_problem("no_such_check", {}, "en")


def test_a_service_error_names_its_field_and_the_basis_in_the_language() -> None:
    text = service_error("workplace", "no_workplace", {"basis": "study"}, "ru")
    assert text == (
        "Место работы или учёбы: заявление подано по основанию «место учёбы», но это место не "
        "указано; укажите его или подайте заявление по месту жительства."
    )


# --- counted words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shown", "lang", "category"),
    [
        # CLDR's Russian rule: one for 1, 21, 101 (not 11), few for 2-4, 22 (not 12-14), many
        # for the rest of the whole numbers, other for a visible fraction.
        *[(str(n), Language.RU, "one") for n in (1, 21, 101, 1001)],
        *[(str(n), Language.RU, "few") for n in (2, 3, 4, 22, 34, 102)],
        *[(str(n), Language.RU, "many") for n in (0, 5, 11, 12, 14, 19, 100, 111, 112)],
        ("1,5", Language.RU, "other"),
        ("1,0", Language.RU, "other"),  # "1,0" is written with a fraction, unlike "1"
        (f"2{NBSP}221", Language.RU, "one"),  # grouped as format_number prints it
        ("1", Language.EN, "one"),
        ("1.0", Language.EN, "other"),
        ("21", Language.EN, "other"),
        ("1,001", Language.EN, "other"),
        ("1", Language.KK, "one"),
        ("—", Language.RU, "other"),  # not a number
    ],
)
def test_plural_category_follows_cldr(shown: str, lang: Language, category: str) -> None:
    assert plural_category(shown, lang) == category


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (1, Language.RU, "1 строка"),
        (2, Language.RU, "2 строки"),
        (5, Language.RU, "5 строк"),
        (11, Language.RU, "11 строк"),
        (21, Language.RU, "21 строка"),
        (2.5, Language.RU, "2,5 строки"),  # a fraction takes the "few" form
        (131072, Language.RU, f"131{NBSP}072 строки"),
        (1, Language.EN, "1 row"),
        (0, Language.EN, "0 rows"),
        (131072, Language.EN, "131,072 rows"),
        (f"1{NBSP}001", Language.RU, f"1{NBSP}001 строка"),  # a number printed already
    ],
)
def test_counted_agrees_the_word_with_the_number(value: object, lang: Language, text: str) -> None:
    forms = "строка|строки|строк" if lang is Language.RU else "row|rows"
    assert counted(value, forms, lang) == text


def test_a_counted_field_with_the_wrong_number_of_forms_is_a_catalog_bug() -> None:
    with pytest.raises(MessageError, match=re.escape("ru needs one | few | many")):
        counted(3, "строка|строк", Language.RU)
    with pytest.raises(MessageError, match="kk needs a plain field"):
        counted(3, "жол|жолдар", Language.KK)
    assert fill("{n:row|rows} of {m}", {"n": 1, "m": 7}, "en") == "1 row of 7"
    assert fill("{n:.1f}", {"n": 2.25}, "en") == "2.2"  # other specs are str.format's


def _every_catalog() -> list[tuple[str, Language, str]]:
    """Every template of the engine's and the planning reports' catalogs, named."""
    tables: dict[str, Mapping[Language, Mapping[str, str]]] = {
        "CATALOG": CATALOG,
        "SERVICE_ERRORS": SERVICE_ERRORS,
        "APPLICATION_PROBLEMS": APPLICATION_PROBLEMS,
        "IIN_ERRORS": IIN_ERRORS,
        "BATCH_FILE_ERRORS": BATCH_FILE_ERRORS,
        "REPORT_TEXT": REPORT_TEXT,
    }
    return [
        (f"{name}[{lang.value}][{key}]", lang, template)
        for name, table in tables.items()
        for lang in Language
        for key, template in table[lang].items()
    ]


class _Twos(dict[str, object]):
    def __missing__(self, key: str) -> object:
        return 2


def test_every_template_fills_with_numbers() -> None:
    # A counted field with forms for another language, or a Kazakh word in a field's spec,
    # fails here rather than on a user's screen.
    failures = []
    for where, lang, template in _every_catalog():
        try:
            fill(template, _Twos(), lang)
        except (MessageError, ValueError) as error:
            failures.append(f"{where}: {error}")
    assert failures == []


@pytest.mark.parametrize(
    ("count", "ru", "en"),
    [
        ("1", "на 1 ячейку больше", "has 1 more cell than"),
        ("3", "на 3 ячейки больше", "has 3 more cells than"),
        ("5", "на 5 ячеек больше", "has 5 more cells than"),
    ],
)
def test_a_problem_counts_in_the_language(count: str, ru: str, en: str) -> None:
    params = {"count": count, "cells": "x"}
    assert ru in application_problem("extra_cells", params, "ru")
    assert en in application_problem("extra_cells", params, "en")
    assert f"{count} ұяшық артық" in application_problem("extra_cells", params, "kk")


def test_counts_given_as_digits_are_grouped_for_the_language() -> None:
    # The code that finds a problem does not know the reader's language: it gives digits.
    apart = {"address": "x", "metres": "12345", "lat": "0", "lon": "0"}
    assert f"12{NBSP}345 м" in service_error("location", "address_point_apart", apart, "ru")
    assert "12,345 m" in service_error("location", "address_point_apart", apart, "en")
    long_cell = batch_file_error("cell_too_long", {"line": "12345", "limit": "1001"}, "ru")
    assert f"длиннее 1{NBSP}001 символа" in long_cell
    assert "строке 12345 " in long_cell  # a line number is not a count: as an editor shows it
    too_long = application_problem("too_long", {"length": "501", "limit": "500"}, "ru")
    assert too_long.startswith("501 символ; не больше 500")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,5", 1.5),
        ("1.5", 1.5),
        ("-0,25", -0.25),
        ("\u22122", -2.0),  # the minus sign
        ("1\u00a0000,5", 1000.5),  # grouped as Russian writes it
        (" 10 ", 10.0),
        ("1,500.5", None),  # which one groups? not guessed
        ("1,2,3", None),
        ("", None),
        ("abc", None),
        ("1e3", None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_a_number_is_read_as_people_type_it_in_any_of_the_languages(
    typed: str, read: float | None
) -> None:
    # Streamlit's number field reads "1,5" as 15; the planner's fields read it with this.
    assert read_decimal(typed) == read


def test_an_iin_s_birth_date_is_written_as_the_language_writes_dates() -> None:
    # It was "дата рождения 1979-10-28" on a Russian page.
    dates = {"iin_date": "1979-10-28", "application_date": "1980-03-02"}
    assert "28 октября 1979 г., в заявлении 2 марта 1980 г." in iin_error(
        "birth_date_mismatch", dates, "ru"
    )
    assert "1979 жылғы 28 қазан" in iin_error("birth_date_mismatch", dates, "kk")
