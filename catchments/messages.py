"""Messages for reason codes in Kazakh, Russian and English, filled from a reason's context.

A reason is data (:mod:`catchments.reasons`); this module is the only place it becomes text. The
catalog holds one template per code (and per wording variant, keyed ``CODE.variant``) for each
language; :func:`render` localizes the context values first -- identifiers become names, numbers
get the language's digit grouping, dates its month names -- and then fills the template.

Kazakh follows the official terms of the attachment rules (бекіту "attachment", МСАК "PHC",
ТМККК "GOBMP", МӘМС "OSMS", ХҚКО "PSC", ЭЦҚ "EDS"); Russian those of the Russian text of the rules.
Identifiers are looked up as plain strings so this module needs only :mod:`catchments.reasons`.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Final, Literal, Protocol

from .reasons import ContextValue, Reason

__all__ = [
    "APPLICATION_PROBLEMS",
    "BATCH_FILE_ERRORS",
    "CATALOG",
    "EMERGENCY_NOTICE",
    "JSON_PARSER_PROBLEMS",
    "NAMES",
    "RECONCILE_STATUSES",
    "RECONCILE_TEXT",
    "REGISTER_ERRORS",
    "SERVICE_ERRORS",
    "Language",
    "MessageError",
    "application_problem",
    "batch_file_error",
    "counted",
    "emergency_notice",
    "fill",
    "format_date",
    "format_decimal",
    "format_month_day",
    "format_number",
    "join_alternatives",
    "json_parser_problem",
    "plural_category",
    "read_decimal",
    "reconcile_summary",
    "reconcile_text",
    "register_error",
    "render",
    "service_error",
]


class Language(StrEnum):
    """The languages of Emhana: Kazakh, Russian, English."""

    KK = "kk"
    RU = "ru"
    EN = "en"


class MessageError(LookupError):
    """A reason that cannot be rendered: no template, or a context value the template lacks."""


# --- numbers and dates -------------------------------------------------------------------------

# CLDR's group and decimal separators (ru and kk group with a no-break space, U+00A0, which also
# keeps "2 214" on one line). Hand-written rather than Babel: the rules engine is stdlib only.
_SEPARATORS: Final[Mapping[Language, tuple[str, str]]] = {
    Language.EN: (",", "."),
    Language.RU: ("\u00a0", ","),
    Language.KK: ("\u00a0", ","),
}


def format_number(value: float, lang: Language) -> str:
    """Format a number for people: ``2,214`` (en) or ``2 214`` (ru, kk).

    Non-integers get one decimal: ``2.5`` / ``2,5``.

    Parameters
    ----------
    value
        An int or float; a float that is a whole number prints without decimals.
    lang
        Decides the separators.
    """
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(value, lang, 1)
    return format_decimal(int(value), lang, 0)


def read_decimal(text: str) -> float | None:
    """A number as people type it in any of the three languages; None if it is not one.

    ``1,5`` and ``1.5`` are both one and a half: Kazakh and Russian write a decimal comma, and
    people switch keyboards. Spaces (and no-break spaces) group digits (``1 000,5``); a minus may
    be ``-`` or ``−``. A comma and a point together, several of either, or anything else is not
    read: guessing which one groups would turn ``1,500`` into 1.5 or 1500 by chance.

    Written by hand because Streamlit's number input takes no locale (streamlit#5686): it reads
    ``1,5`` as 15.

    Examples
    --------
    >>> read_decimal("1,5"), read_decimal(" -0.25 "), read_decimal("1 000,5")
    (1.5, -0.25, 1000.5)
    >>> read_decimal("1,2.3") is None, read_decimal("abc") is None, read_decimal("inf") is None
    (True, True, True)
    """
    cleaned = "".join(text.split()).replace("\u2212", "-")
    if cleaned.count(",") + cleaned.count(".") > 1:
        return None
    cleaned = cleaned.replace(",", ".")
    if not cleaned or any(c not in "0123456789.-" for c in cleaned):
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def format_decimal(value: float, lang: Language, digits: int, *, trim: bool = False) -> str:
    """Format a number with ``digits`` decimals: ``8.4`` (en), ``8,4`` (ru, kk).

    ``trim`` drops trailing zeros, for figures whose precision varies: posts in quarters print
    as ``0.25``, ``0.5`` and ``2``.
    """
    if not math.isfinite(value):
        # A load with no doctor is infinite; "inf" and "nan" are Python's words, not a reader's.
        return "—" if math.isnan(value) else ("−∞" if value < 0 else "∞")
    group, decimal = _SEPARATORS[lang]
    text = f"{value:,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)


_MONTHS: Final[Mapping[Language, tuple[str, ...]]] = {
    Language.EN: (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    # Genitive, as Russian writes "15 сентября".
    Language.RU: (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    Language.KK: (
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ),
}


def format_month_day(month: int, day: int, lang: Language) -> str:
    """``15 September`` / ``15 сентября`` / ``15 қыркүйек``."""
    return f"{day} {_MONTHS[lang][month - 1]}"


def format_date(value: date, lang: Language) -> str:
    """``20 September 2026`` / ``20 сентября 2026 г.`` / ``2026 жылғы 20 қыркүйек``."""
    month_day = format_month_day(value.month, value.day, lang)
    if lang is Language.RU:
        return f"{month_day} {value.year} г."
    if lang is Language.KK:
        return f"{value.year} жылғы {month_day}"
    return f"{month_day} {value.year}"


def format_moment(value: datetime, lang: Language) -> str:
    """``20 September 2026, 10:00``: a date and the time on the clock, as people read them.

    The clock is ``value``'s own: give Kazakhstan's time (``catchments.calendar.local``), since
    this module knows no time zones.
    """
    return f"{format_date(value.date(), lang)}, {value:%H:%M}"


_OR: Final[Mapping[Language, str]] = {
    Language.EN: "or",
    Language.RU: "или",
    Language.KK: "немесе",
}


def join_alternatives(items: tuple[str, ...], lang: Language) -> str:
    """Join alternatives as ``a, b or c`` in the language."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_OR[lang]} {items[-1]}"


# --- counted words -----------------------------------------------------------------------------

PluralCategory = Literal["one", "few", "many", "other"]

# The word forms a counted-word field lists, in this order (``{count:строка|строки|строк}``):
# Russian one/few/many, English one/other. Russian writes a fraction with the "few" form
# ("2,5 врача"), so CLDR's "other" takes the second form. Kazakh nouns do not change after a
# numeral ("3 жол"), so a Kazakh template writes its word after a plain field.
_FORM_ORDER: Final[Mapping[Language, tuple[PluralCategory, ...]]] = {
    Language.RU: ("one", "few", "many"),
    Language.EN: ("one", "other"),
    Language.KK: ("other",),
}
_FORM_FALLBACK: Final[Mapping[Language, Mapping[PluralCategory, PluralCategory]]] = {
    Language.RU: {"other": "few"},
    Language.EN: {},
    Language.KK: {},
}


def plural_category(shown: str, lang: Language) -> PluralCategory:
    """The CLDR cardinal plural category of a number as it is shown in ``lang``.

    CLDR defines the categories on the number as written (its integer digits and how many
    fraction digits are visible: "1" is *one* in Russian, "1,0" is *other*), so this reads the
    text :func:`format_number` printed rather than a float. Text that is not a number (a dash, a
    name) is *other*. Written by hand rather than with Babel because the rule modules are stdlib
    only (``tests/test_architecture.py``); the rules are CLDR's for ru, kk and en.
    """
    group, decimal = _SEPARATORS[lang]
    digits = shown.strip().replace(group, "").replace(" ", "").replace("\u202f", "")
    whole, _, fraction = digits.lstrip("-").partition(decimal)
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return "other"
    i, visible_fraction = int(whole), len(fraction)
    if lang is Language.RU:
        if visible_fraction:
            return "other"
        if i % 10 == 1 and i % 100 != 11:
            return "one"
        if 2 <= i % 10 <= 4 and not 12 <= i % 100 <= 14:
            return "few"
        return "many"
    if lang is Language.KK:
        return "one" if i == 1 and not int(fraction or "0") else "other"
    return "one" if i == 1 and not visible_fraction else "other"


def counted(value: object, forms: str, lang: Language | str) -> str:
    """A number and the noun it counts, agreed: ``1 строка``, ``3 строки``, ``5 строк``.

    Parameters
    ----------
    value
        A number (printed with :func:`format_number`) or a number already printed in ``lang``.
    forms
        The word's forms separated by ``|``, in :data:`_FORM_ORDER`'s order for ``lang``.
    lang
        The language of the forms.

    Raises
    ------
    MessageError
        When ``forms`` does not list as many forms as ``lang`` has (a bug of the catalog; a test
        fills every template to find it).
    """
    language = Language(lang)
    written = forms.split("|")
    order = _FORM_ORDER[language]
    if len(written) != len(order) or len(order) < 2:
        raise MessageError(
            f"{forms!r} lists {len(written)} word forms; {language.value} needs "
            + ("a plain field and the word after it" if len(order) < 2 else " | ".join(order))
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = format_number(value, language)
    else:
        shown = str(value)
    words = dict(zip(order, written, strict=True))
    category = plural_category(shown, language)
    return f"{shown} {words.get(category) or words[_FORM_FALLBACK[language][category]]}"


class _CatalogFormatter(string.Formatter):
    """:meth:`str.format` that also agrees a counted word (a field spec with ``|``)."""

    def __init__(self, lang: Language) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            return counted(value, format_spec, self.lang)
        return str(super().format_field(value, format_spec))


def fill(template: str, values: Mapping[str, object], lang: Language | str) -> str:
    """Fill a catalog template as :meth:`str.format` does, agreeing counted words.

    A field whose spec lists word forms, ``{rows:row|rows}`` (en) or ``{rows:строка|строки|строк}``
    (ru), prints the number and the form its CLDR plural category takes; every catalog of
    Emhana (reasons, errors, the app's pages, the planning reports) is filled through here so a
    count agrees with its noun in every language.

    Raises
    ------
    KeyError, IndexError
        As :meth:`str.format` does, for a field ``values`` lacks.
    """
    return _CatalogFormatter(Language(lang)).vformat(template, (), values)


# Parameters of the error tables below that are counts or lengths: given as plain digits by the
# code that finds the problem (which does not know the reader's language), grouped here.
_COUNT_PARAMS: Final = frozenset({"count", "length", "limit", "metres", "years"})


def _grouped(params: Mapping[str, str], lang: Language) -> dict[str, str]:
    """``params`` with their plain-digit counts grouped for ``lang`` (``1234`` -> ``1 234``)."""
    return {
        name: format_number(int(value), lang)
        if name in _COUNT_PARAMS and value.isascii() and value.isdigit()
        else value
        for name, value in params.items()
    }


# --- names of identifiers ----------------------------------------------------------------------

_Names = Mapping[Language, Mapping[str, str]]

_DOCUMENTS: Final[_Names] = {
    Language.EN: {
        "id_card": "an ID card",
        "passport": "a passport",
        "residence_permit": "a residence permit",
        "birth_certificate": "the birth certificate",
        "representative_id": "the legal representative's identity document",
        "pension_certificate": "a pension certificate",
        "disability_extract": "an extract from the medical and social expertise certificate",
        "guardianship_decision": "a court decision or other document confirming guardianship",
        "commission_protocol": "the protocol of the commission on attachment (detachment)",
        "institution_request": "an official request to the head of the educational institution",
        "birth_abroad_document": "a document confirming birth abroad",
        "local_health_body_decision": "a decision of the local executive health body",
        "power_of_attorney": "a power of attorney",
    },
    # Accusative, as they follow "представьте".
    Language.RU: {
        "id_card": "удостоверение личности",
        "passport": "паспорт",
        "residence_permit": "вид на жительство",
        "birth_certificate": "свидетельство о рождении",
        "representative_id": "документ, удостоверяющий личность законного представителя",
        "pension_certificate": "пенсионное удостоверение",
        "disability_extract": "выписку из акта освидетельствования медико-социальной экспертизы",
        "guardianship_decision": "решение суда или иной документ, подтверждающий опеку "
        "(попечительство)",
        "commission_protocol": "протокол комиссии по вопросам прикрепления (открепления)",
        "institution_request": "официальный запрос на имя руководителя учебного заведения",
        "birth_abroad_document": "документ, подтверждающий рождение за рубежом",
        "local_health_body_decision": "решение местного органа государственного управления "
        "здравоохранением",
        "power_of_attorney": "доверенность",
    },
    Language.KK: {
        "id_card": "жеке куәлік",
        "passport": "паспорт",
        "residence_permit": "тұруға ықтиярхат",
        "birth_certificate": "туу туралы куәлік",
        "representative_id": "заңды өкілдің жеке басын куәландыратын құжат",
        "pension_certificate": "зейнеткерлік куәлік",
        "disability_extract": "медициналық-әлеуметтік сараптама актісінен үзінді",
        "guardianship_decision": "қорғаншылықты (қамқоршылықты) растайтын сот шешімі немесе "
        "өзге құжат",
        "commission_protocol": "бекіту (бекітуден шығару) мәселелері жөніндегі комиссия хаттамасы",
        "institution_request": "оқу орны басшысының атына ресми сұрау салу",
        "birth_abroad_document": "шетелде туғанын растайтын құжат",
        "local_health_body_decision": "денсаулық сақтауды мемлекеттік басқарудың жергілікті "
        "органының шешімі",
        "power_of_attorney": "сенімхат",
    },
}

# The purpose a missing document serves: identity (R-DOC-3) or a category (R-DOC-4).
_PURPOSES: Final[_Names] = {
    Language.EN: {
        "identity": "identity of the person to attach",
        "representative": "identity of the legal representative",
        "pensioner": "old-age pensioner",
        "disabled": "person with a disability",
        "child": "child",
        "orphan": "orphan",
        "convict": "convict serving a sentence in a colony",
        "student": "student under 18",
        "madrasa_student": "madrasa student under 18",
        "conscript": "military conscript or serviceman",
        "guardian": "guardian",
        "trustee": "trustee",
        "foster_carer": "foster carer",
        "proxy": "applicant by proxy",
        "born_abroad": "child born outside Kazakhstan",
        "care_home_resident": "resident of a children's home, orphanage or nursing home",
    },
    Language.RU: {
        "identity": "личность прикрепляемого",
        "representative": "личность законного представителя",
        "pensioner": "пенсионер по возрасту",
        "disabled": "лицо с инвалидностью",
        "child": "ребёнок",
        "orphan": "сирота",
        "convict": "осуждённый, отбывающий наказание в колонии",
        "student": "студент до 18 лет",
        "madrasa_student": "учащийся медресе до 18 лет",
        "conscript": "военнослужащий, призывник",
        "guardian": "опекун",
        "trustee": "попечитель",
        "foster_carer": "патронатный воспитатель",
        "proxy": "заявитель по доверенности",
        "born_abroad": "ребёнок, родившийся за пределами Казахстана",
        "care_home_resident": "проживающий в доме ребёнка, детском доме или доме престарелых",
    },
    Language.KK: {
        "identity": "бекітілетін адамның жеке басы",
        "representative": "заңды өкілдің жеке басы",
        "pensioner": "жасы бойынша зейнеткер",
        "disabled": "мүгедектігі бар адам",
        "child": "бала",
        "orphan": "жетім бала",
        "convict": "колонияда жаза өтеп жүрген сотталған",
        "student": "18 жасқа толмаған студент",
        "madrasa_student": "18 жасқа толмаған медресе шәкірті",
        "conscript": "әскери қызметші, әскерге шақырылушы",
        "guardian": "қорғаншы",
        "trustee": "қамқоршы",
        "foster_carer": "патронаттық тәрбиеші",
        "proxy": "сенімхат бойынша өтініш беруші",
        "born_abroad": "Қазақстаннан тыс жерде туған бала",
        "care_home_resident": "сәби үйінде, балалар үйінде немесе қарттар үйінде тұратын адам",
    },
}

_WHO: Final[_Names] = {
    Language.EN: {
        "minor": "the person to attach is under 18",
        "proxy": "application by proxy",
        "guardian": "application by a guardian",
        "trustee": "application by a trustee",
        "foster_carer": "application by a foster carer",
    },
    Language.RU: {
        "minor": "прикрепляемому нет 18 лет",
        "proxy": "обращение по доверенности",
        "guardian": "обращение опекуна",
        "trustee": "обращение попечителя",
        "foster_carer": "обращение патронатного воспитателя",
    },
    Language.KK: {
        "minor": "бекітілетін адам 18 жасқа толмаған",
        "proxy": "сенімхат бойынша өтініш",
        "guardian": "қорғаншының өтініші",
        "trustee": "қамқоршының өтініші",
        "foster_carer": "патронаттық тәрбиешінің өтініші",
    },
}

_CHANNELS: Final[_Names] = {
    Language.EN: {
        "registry": "the clinic's registry",
        "psc": "a public service centre (PSC)",
        "egov": "the egov.kz portal (with an EDS)",
    },
    Language.RU: {
        "registry": "регистратуру медицинской организации",
        "psc": "ЦОН",
        "egov": "портал egov.kz (с ЭЦП)",
    },
    Language.KK: {
        "registry": "медициналық ұйымның тіркеу бөлімі",
        "psc": "ХҚКО",
        "egov": "egov.kz порталы (ЭЦҚ-мен)",
    },
}

# The basis place, as the subject of "Your ... is ..." (ru: neuter nouns; kk: possessive form).
_BASES: Final[_Names] = {
    Language.EN: {
        "residence": "place of residence",
        "work": "place of work",
        "study": "place of study",
    },
    Language.RU: {"residence": "место жительства", "work": "место работы", "study": "место учёбы"},
    Language.KK: {
        "residence": "тұрғылықты жеріңіз",
        "work": "жұмыс орныңыз",
        "study": "оқу орныңыз",
    },
}

# District models: what the doctor is called, as a list item.
_MODELS: Final[_Names] = {
    Language.EN: {
        "gp": "general practitioner",
        "therapist": "district therapist",
        "pediatric_0_6": "district pediatrician (children aged 0–6)",
        "pediatric_0_14": "district pediatrician (children aged 0–14)",
    },
    Language.RU: {
        "gp": "врач общей практики",
        "therapist": "участковый терапевт",
        "pediatric_0_6": "участковый педиатр (дети 0–6 лет)",
        "pediatric_0_14": "участковый педиатр (дети 0–14 лет)",
    },
    Language.KK: {
        "gp": "жалпы практика дәрігері",
        "therapist": "учаскелік терапевт",
        "pediatric_0_6": "учаскелік педиатр (0–6 жастағы балалар)",
        "pediatric_0_14": "учаскелік педиатр (0–14 жастағы балалар)",
    },
}

# The doctors of a model in the capacity sentence: en plural subject, ru genitive singular
# ("на одного ..."), kk dative singular ("бір ...").
_DOCTORS: Final[_Names] = {
    Language.EN: {
        "gp": "General practitioners",
        "therapist": "District therapists",
        "pediatric_0_6": "District pediatricians",
        "pediatric_0_14": "District pediatricians",
    },
    Language.RU: {
        "gp": "врача общей практики",
        "therapist": "участкового терапевта",
        "pediatric_0_6": "участкового педиатра",
        "pediatric_0_14": "участкового педиатра",
    },
    Language.KK: {
        "gp": "жалпы практика дәрігеріне",
        "therapist": "учаскелік терапевтке",
        "pediatric_0_6": "учаскелік педиатрға",
        "pediatric_0_14": "учаскелік педиатрға",
    },
}

_POPULATIONS: Final[_Names] = {
    Language.EN: {
        "gp": "people of mixed population",
        "therapist": "adults",
        "pediatric_0_6": "children aged 0–6",
        "pediatric_0_14": "children aged 0–14",
    },
    Language.RU: {
        "gp": "смешанное население",
        "therapist": "взрослое население",
        "pediatric_0_6": "дети 0–6 лет",
        "pediatric_0_14": "дети 0–14 лет",
    },
    Language.KK: {
        "gp": "аралас халық",
        "therapist": "ересектер",
        "pediatric_0_6": "0–6 жастағы балалар",
        "pediatric_0_14": "0–14 жастағы балалар",
    },
}

_SHI_GAPS: Final[_Names] = {
    Language.EN: {
        "registration": "registration in the database of health care entities",
        "shi_supplier": "SHI Fund supplier status",
        "gobmp": "the GOBMP package",
        "osms": "the OSMS package",
    },
    Language.RU: {
        "registration": "регистрация в базе данных субъектов здравоохранения",
        "shi_supplier": "статус поставщика Фонда",
        "gobmp": "пакет ГОБМП",
        "osms": "пакет ОСМС",
    },
    Language.KK: {
        "registration": "денсаулық сақтау субъектілерінің дерекқорында тіркелу",
        "shi_supplier": "Қор өнім берушісі мәртебесі",
        "gobmp": "ТМККК пакеті",
        "osms": "МӘМС пакеті",
    },
}

NAMES: Final[Mapping[str, _Names]] = {
    "documents": _DOCUMENTS,
    "purposes": _PURPOSES,
    "who": _WHO,
    "channels": _CHANNELS,
    "bases": _BASES,
    "models": _MODELS,
    "doctors": _DOCTORS,
    "populations": _POPULATIONS,
    "shi_gaps": _SHI_GAPS,
}
"""Every name table, for tests that check each identifier has a name in every language."""


# --- the catalog -------------------------------------------------------------------------------

CATALOG: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        "NOT_A_PHC_ORGANIZATION": "{clinic_id} is not a primary health care organization (city "
        "polyclinic, outpatient clinic, paramedic and midwifery post, family health centre); "
        "one can attach only to those.",
        "CLINIC_NOT_SHI_SUPPLIER": "Clinic {clinic_id} is not a registered SHI Fund supplier of "
        "both free packages, GOBMP and OSMS (lacking: {missing}); you would not be able to use "
        "those packages there.",
        "ALREADY_ATTACHED_HERE": "You are already attached to clinic {clinic_id}; the attachment "
        "stays as it is.",
        "OUTSIDE_SETTLEMENT": "Your {basis} is outside the settlement where clinic {clinic_id} "
        "is located; one may attach only within one's own settlement, except in border areas "
        "and suburbs.",
        "BORDER_AREA_EXCEPTION": "Your {basis} is in a border area, so you may choose clinic "
        "{clinic_id} outside your settlement, in another administrative-territorial unit.",
        "SUBURB_EXCEPTION": "Your {basis} is in a suburb of the city where clinic {clinic_id} is "
        "located; suburb residents may attach to a nearby city polyclinic.",
        "HOME_VISIT_RISK": "Your actual residence is outside the service territory of clinic "
        "{clinic_id}: if you call a doctor home, neither the mobile team nor the district doctor "
        "will be able to come. By attaching you accept this risk.",
        "ACKNOWLEDGEMENT_REQUIRED": "Your residence is outside the service territory of clinic "
        "{clinic_id}; the application is not submitted until you confirm that you accept having "
        "no home visits.",
        "CAPACITY_EXCEEDED": "{doctor_title} of clinic {clinic_id} (district {district_id}) would "
        "serve {per_doctor} {population} per doctor, above the norm of {norm}.",
        "CAPACITY_EXCEEDED.no_doctors": "District {district_id} of clinic {clinic_id} has no "
        "doctor on staff ({model}), so it cannot take anyone.",
        "CAPACITY_EXCEEDED.no_district": "Clinic {clinic_id} has no district that serves a "
        "person aged {age}; such a person is served by: {models}.",
        "DOCUMENTS_UNRELIABLE": "The documents submitted, or the data in them, were found to be "
        "unreliable.",
        "LEGAL_REPRESENTATION_MISSING": "No document proves legal representation ({who}); "
        "provide {documents}.",
        "MISSING_DOCUMENT": "A document is missing ({purpose}); provide {documents}.",
        "CHANNEL_NOT_ALLOWED": "Only pensioners, people with disabilities, children and the "
        "other categories named in the rules may apply at {channel}; apply through {allowed}.",
        "EDS_REQUIRED": "Applying on the egov.kz portal needs an electronic digital signature "
        "(EDS); get one, or apply at a public service centre (PSC).",
        "OUTSIDE_CAMPAIGN_NO_GROUND": "{date} is outside the free-choice campaign ({start} to "
        "{end}); outside it one may attach only on a ground such as a change of residence, work "
        "or study, or once a year by free choice.",
        "OUTSIDE_CAMPAIGN_NO_GROUND.annual_too_soon": "{date} is outside the free-choice "
        "campaign ({start} to {end}), and the yearly free choice was already used on {last}; it "
        "can be used again from {next}.",
        "OUTSIDE_CAMPAIGN_NO_GROUND.not_first": "{date} is outside the free-choice campaign "
        "({start} to {end}), and the right of free choice was already used on {last}, so this "
        "is not its first use.",
    },
    Language.RU: {
        "NOT_A_PHC_ORGANIZATION": "{clinic_id} не является организацией первичной "
        "медико-санитарной помощи (городская поликлиника, амбулатория, фельдшерско-акушерский "
        "пункт, центр семейного здоровья); прикрепиться можно только к такой организации.",
        "CLINIC_NOT_SHI_SUPPLIER": "Медицинская организация {clinic_id} не является "
        "зарегистрированным поставщиком Фонда социального медицинского страхования по обоим "
        "бесплатным пакетам, ГОБМП и ОСМС (не хватает: {missing}); получить помощь в рамках этих "
        "пакетов там вы не сможете.",
        "ALREADY_ATTACHED_HERE": "Вы уже прикреплены к медицинской организации {clinic_id}; "
        "прикрепление остаётся в силе.",
        "OUTSIDE_SETTLEMENT": "Ваше {basis} находится за пределами населённого пункта, в котором "
        "расположена медицинская организация {clinic_id}; прикрепиться можно только в своём "
        "населённом пункте, кроме жителей приграничных районов и пригородов.",
        "BORDER_AREA_EXCEPTION": "Ваше {basis} находится в приграничном районе, поэтому вы "
        "вправе выбрать медицинскую организацию {clinic_id} за пределами своего населённого "
        "пункта, в другой административно-территориальной единице.",
        "SUBURB_EXCEPTION": "Ваше {basis} находится в пригороде города, где расположена "
        "медицинская организация {clinic_id}; жители пригородов вправе прикрепиться к "
        "близлежащей городской поликлинике.",
        "HOME_VISIT_RISK": "Ваше фактическое место жительства находится вне территории "
        "обслуживания медицинской организации {clinic_id}: при вызове на дом ни мобильная "
        "бригада, ни участковый врач не смогут к вам прийти. Прикрепляясь, вы принимаете этот "
        "риск на себя.",
        "ACKNOWLEDGEMENT_REQUIRED": "Ваше место жительства находится вне территории "
        "обслуживания медицинской организации {clinic_id}; заявление не будет подано, пока вы "
        "не подтвердите, что согласны остаться без обслуживания на дому.",
        "CAPACITY_EXCEEDED": "На одного {doctor_title} медицинской организации {clinic_id} "
        "(участок {district_id}) пришлось бы {per_doctor} чел. ({population}) — больше нормы "
        "{norm}.",
        "CAPACITY_EXCEEDED.no_doctors": "На участке {district_id} медицинской организации "
        "{clinic_id} нет ни одного врача ({model}), поэтому прикрепиться к нему нельзя.",
        "CAPACITY_EXCEEDED.no_district": "В медицинской организации {clinic_id} нет участка, "
        "обслуживающего людей этого возраста (полных лет: {age}); их обслуживает: {models}.",
        "DOCUMENTS_UNRELIABLE": "Представленные документы и (или) содержащиеся в них данные "
        "(сведения) признаны недостоверными.",
        "LEGAL_REPRESENTATION_MISSING": "Нет документа, подтверждающего законное "
        "представительство ({who}); представьте {documents}.",
        "MISSING_DOCUMENT": "Не хватает документа ({purpose}); представьте {documents}.",
        "CHANNEL_NOT_ALLOWED": "Через {channel} могут обратиться только пенсионеры, лица с "
        "инвалидностью, дети и другие категории, названные в правилах; подайте заявление через "
        "{allowed}.",
        "EDS_REQUIRED": "Для подачи заявления на портале egov.kz нужна электронная цифровая "
        "подпись (ЭЦП); получите её или обратитесь в ЦОН.",
        "OUTSIDE_CAMPAIGN_NO_GROUND": "{date} — вне кампании свободного выбора ({start} – "
        "{end}); вне её прикрепиться можно только при наличии основания (смена места "
        "жительства, работы или учёбы и др.) либо раз в год по праву свободного выбора.",
        "OUTSIDE_CAMPAIGN_NO_GROUND.annual_too_soon": "{date} — вне кампании свободного выбора "
        "({start} – {end}), а право ежегодного свободного выбора уже использовано {last}; "
        "повторно им можно воспользоваться с {next}.",
        "OUTSIDE_CAMPAIGN_NO_GROUND.not_first": "{date} — вне кампании свободного выбора "
        "({start} – {end}), а право свободного выбора уже использовалось ({last}), поэтому это "
        "обращение не первое.",
    },
    Language.KK: {
        "NOT_A_PHC_ORGANIZATION": "{clinic_id} медициналық-санитариялық алғашқы көмек ұйымы "
        "емес (қалалық емхана, амбулатория, фельдшерлік-акушерлік пункт, отбасылық денсаулық "
        "орталығы); тек осындай ұйымға бекітілуге болады.",
        "CLINIC_NOT_SHI_SUPPLIER": "{clinic_id} медициналық ұйымы екі тегін пакет (ТМККК және "
        "МӘМС) бойынша Әлеуметтік медициналық сақтандыру қорының тіркелген өнім берушісі емес "
        "(жетіспейтіні: {missing}); онда бұл пакеттер аясында көмек ала алмайсыз.",
        "ALREADY_ATTACHED_HERE": "Сіз {clinic_id} медициналық ұйымына бекітілгенсіз; бекіту "
        "күшінде қалады.",
        "OUTSIDE_SETTLEMENT": "Сіздің {basis} {clinic_id} медициналық ұйымы орналасқан елді "
        "мекеннен тыс жерде; шекаралас аудандар мен қала маңы тұрғындарын қоспағанда, тек өз "
        "елді мекеніңіздегі ұйымға бекітілуге болады.",
        "BORDER_AREA_EXCEPTION": "Сіздің {basis} шекаралас аумақта орналасқан, сондықтан өз елді "
        "мекеніңізден тыс, басқа әкімшілік-аумақтық бірліктегі {clinic_id} медициналық ұйымын "
        "таңдауға құқығыңыз бар.",
        "SUBURB_EXCEPTION": "Сіздің {basis} {clinic_id} медициналық ұйымы орналасқан қаланың "
        "маңында; қала маңының тұрғындары жақын маңдағы қалалық емханаға бекітіле алады.",
        "HOME_VISIT_RISK": "Нақты тұрғылықты жеріңіз {clinic_id} медициналық ұйымының қызмет "
        "көрсету аумағынан тыс: үйге шақырған кезде мобильді бригада да, учаскелік дәрігер де "
        "келе алмайды. Бекітілуге келісе отырып, бұл тәуекелді өзіңізге аласыз.",
        "ACKNOWLEDGEMENT_REQUIRED": "Тұрғылықты жеріңіз {clinic_id} медициналық ұйымының қызмет "
        "көрсету аумағынан тыс; үйде қызмет көрсетілмейтінімен келісетініңізді растамайынша, "
        "өтініш берілмейді.",
        "CAPACITY_EXCEEDED": "{clinic_id} медициналық ұйымында ({district_id} учаскесі) бір "
        "{doctor_title} {per_doctor} адам ({population}) келер еді, бұл {norm} нормасынан көп.",
        "CAPACITY_EXCEEDED.no_doctors": "{clinic_id} медициналық ұйымының {district_id} "
        "учаскесінде бірде-бір дәрігер жоқ ({model}), сондықтан оған бекітілу мүмкін емес.",
        "CAPACITY_EXCEEDED.no_district": "{clinic_id} медициналық ұйымында осы жастағы (толық "
        "жасы: {age}) адамдарға қызмет көрсететін учаске жоқ; оларға қызмет көрсетеді: "
        "{models}.",
        "DOCUMENTS_UNRELIABLE": "Ұсынылған құжаттардың және (немесе) олардағы деректердің "
        "(мәліметтердің) анық еместігі анықталды.",
        "LEGAL_REPRESENTATION_MISSING": "Заңды өкілдікті растайтын құжат жоқ ({who}); "
        "{documents} ұсыныңыз.",
        "MISSING_DOCUMENT": "Құжат жетіспейді ({purpose}); {documents} ұсыныңыз.",
        "CHANNEL_NOT_ALLOWED": "Тек зейнеткерлер, мүгедектігі бар адамдар, балалар және "
        "қағидаларда аталған басқа санаттар {channel} арқылы өтініш бере алады; өтінішті "
        "{allowed} арқылы беріңіз.",
        "EDS_REQUIRED": "egov.kz порталында өтініш беру үшін электрондық цифрлық қолтаңба (ЭЦҚ) "
        "қажет; оны алыңыз немесе ХҚКО-ға жүгініңіз.",
        "OUTSIDE_CAMPAIGN_NO_GROUND": "{date} — еркін таңдау науқанынан тыс ({start} – {end}); "
        "науқаннан тыс тек негіз болғанда (тұрғылықты жерді, жұмыс немесе оқу орнын ауыстыру "
        "және т.б.) не жылына бір рет еркін таңдау құқығымен бекітілуге болады.",
        "OUTSIDE_CAMPAIGN_NO_GROUND.annual_too_soon": "{date} — еркін таңдау науқанынан тыс "
        "({start} – {end}), ал жыл сайынғы еркін таңдау құқығы пайдаланылған (күні: {last}); "
        "оны қайта пайдалануға болатын күн: {next}.",
        "OUTSIDE_CAMPAIGN_NO_GROUND.not_first": "{date} — еркін таңдау науқанынан тыс ({start} "
        "– {end}), ал еркін таңдау құқығы бұрын пайдаланылған (күні: {last}), сондықтан бұл "
        "алғашқы таңдау емес.",
    },
}
"""Templates by language, keyed ``CODE`` or ``CODE.variant``."""


EMERGENCY_NOTICE: Final[Mapping[Language, str]] = {
    Language.EN: "Emergency medical care is always available and never depends on attachment "
    "to a clinic.",
    Language.RU: "Скорая и неотложная медицинская помощь оказывается всегда и не зависит от "
    "прикрепления к медицинской организации.",
    Language.KK: "Жедел медициналық көмек әрқашан көрсетіледі және медициналық ұйымға "
    "бекітілуге байланысты емес.",
}
"""R-EMERG-1: shown to citizens beside every answer; never a reason, never a refusal."""


def emergency_notice(lang: Language | str) -> str:
    """Return the R-EMERG-1 notice in ``lang``."""
    return EMERGENCY_NOTICE[Language(lang)]


# --- service errors ----------------------------------------------------------------------------

SERVICE_ERRORS: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        "field.residence": "Place of residence",
        "field.workplace": "Place of work or study",
        "field.clinic_id": "Clinic",
        "field.submitted_at": "Submitted at",
        "calendar_gap": "the working calendar has no clinic day to take a request submitted at "
        "{submitted}, or no business day to answer it by; check the region's [calendar] days "
        "off, or the date.",
        "submitted_after_decision": "{submitted} is after the moment of the decision ({now}); "
        "check the date and time of submission.",
        "unknown_clinic": "there is no clinic {clinic} in this region; the region's clinics are "
        "{choices}.",
        "unknown_clinic.close": "there is no clinic {clinic} in this region; did you mean "
        "{choices}?",
        "address_unreadable": "the address {address} cannot be read; give a street and a house "
        "number, or the coordinates.",
        "address_ambiguous": "the address {address} matches several houses: {choices}; add the "
        "settlement, or give the coordinates.",
        "address_street_only": "the street of {address} is in several places ({choices}), but "
        "not the house; give the settlement and an existing house number, or the coordinates.",
        "address_not_found": "the address {address} is not found in this region; check the "
        "spelling, or give the coordinates.",
        "unknown_settlement": "{settlement} is not a settlement of this region, so the address "
        "{address} is not found in it; give an address in this region, or the coordinates.",
        "unknown_settlement.unmarked": "{settlement} is neither a settlement nor a street of this "
        "region, so the address {address} is not found in it; if {settlement} is a housing "
        "complex or a landmark, leave it out; else give an address in this region, or the "
        "coordinates.",
        "no_such_house": "{address}: the street is found but not this house; give an existing "
        "house number, or the coordinates.",
        "no_such_house.near": "{address}: the street is found but not this house; the nearest "
        "are {nearby}; give an existing house number, or the coordinates.",
        "outside_region": "the point {lat}, {lon} (latitude, longitude) lies outside this "
        "region; check the coordinates, or choose another region.",
        "outside_region.swapped": "the point {lat}, {lon} (latitude, longitude) lies outside "
        "this region; its longitude and latitude look swapped: longitude comes first.",
        "address_point_apart": "the address {address} lies {metres} m from the point given with "
        "it (lon {lon}, lat {lat}); correct one of them, or give only one.",
        "no_workplace": "the application is by {basis} but names no such place; give it, or "
        "apply by place of residence.",
    },
    Language.RU: {
        "field.residence": "Место жительства",
        "field.workplace": "Место работы или учёбы",
        "field.clinic_id": "Медорганизация",
        "field.submitted_at": "Время подачи",
        "calendar_gap": "в рабочем календаре нет дня приёма для заявления, поданного {submitted}, "
        "или рабочего дня для ответа на него; проверьте выходные дни в [calendar] региона или "
        "дату.",
        "submitted_after_decision": "{submitted} — позже момента рассмотрения ({now}); проверьте "
        "дату и время подачи.",
        "unknown_clinic": "медорганизации {clinic} в этом регионе нет; медорганизации региона: "
        "{choices}.",
        "unknown_clinic.close": "медорганизации {clinic} в этом регионе нет; возможно, имелась в "
        "виду {choices}?",
        "address_unreadable": "адрес {address} не удаётся прочитать; укажите улицу и номер дома "
        "или координаты.",
        "address_ambiguous": "адресу {address} соответствуют несколько домов: {choices}; укажите "
        "населённый пункт или координаты.",
        "address_street_only": "улица из адреса {address} есть в нескольких местах ({choices}), "
        "но дом не найден; укажите населённый пункт и существующий номер дома или координаты.",
        "address_not_found": "адрес {address} в этом регионе не найден; проверьте написание или "
        "укажите координаты.",
        "unknown_settlement": "{settlement} — не населённый пункт этого региона, поэтому адрес "
        "{address} в нём не найден; укажите адрес в этом регионе или координаты.",
        "unknown_settlement.unmarked": "{settlement} — ни населённый пункт, ни улица этого "
        "региона, поэтому адрес {address} не найден; если {settlement} — жилой комплекс или "
        "ориентир, уберите его из адреса, иначе укажите адрес в этом регионе или координаты.",
        "no_such_house": "{address}: улица найдена, а такого дома нет; укажите существующий "
        "номер дома или координаты.",
        "no_such_house.near": "{address}: улица найдена, а такого дома нет; ближайшие дома: "
        "{nearby}; укажите существующий номер дома или координаты.",
        "outside_region": "точка {lat}, {lon} (широта, долгота) лежит за пределами этого "
        "региона; проверьте координаты или выберите другой регион.",
        "outside_region.swapped": "точка {lat}, {lon} (широта, долгота) лежит за пределами "
        "этого региона; похоже, долгота и широта перепутаны: долгота идёт первой.",
        "address_point_apart": "адрес {address} находится в {metres} м от указанной с ним "
        "точки (долгота {lon}, широта {lat}); исправьте одно из двух или укажите что-то одно.",
        "no_workplace": "заявление подано по основанию «{basis}», но это место не указано; "
        "укажите его или подайте заявление по месту жительства.",
    },
    Language.KK: {
        "field.residence": "Тұрғылықты жері",
        "field.workplace": "Жұмыс немесе оқу орны",
        "field.clinic_id": "Медициналық ұйым",
        "field.submitted_at": "Берілген уақыты",
        "calendar_gap": "жұмыс күнтізбесінде {submitted} берілген өтінішті қабылдайтын күн немесе "
        "оған жауап беретін жұмыс күні жоқ; өңірдің [calendar] демалыс күндерін немесе күнін "
        "тексеріңіз.",
        "submitted_after_decision": "{submitted} қарау сәтінен ({now}) кейін; берілген күні мен "
        "уақытын тексеріңіз.",
        "unknown_clinic": "бұл өңірде {clinic} медициналық ұйымы жоқ; өңірдің медициналық "
        "ұйымдары: {choices}.",
        "unknown_clinic.close": "бұл өңірде {clinic} медициналық ұйымы жоқ; {choices} деп "
        "айтқыңыз келді ме?",
        "address_unreadable": "{address} мекенжайын оқу мүмкін емес; көше мен үй нөмірін немесе "
        "координаттарды көрсетіңіз.",
        "address_ambiguous": "{address} мекенжайына бірнеше үй сәйкес келеді: {choices}; елді "
        "мекенді немесе координаттарды көрсетіңіз.",
        "address_street_only": "{address} мекенжайындағы көше бірнеше жерде бар ({choices}), "
        "бірақ үй табылмады; елді мекенді және бар үй нөмірін немесе координаттарды көрсетіңіз.",
        "address_not_found": "{address} мекенжайы бұл өңірде табылмады; жазылуын тексеріңіз "
        "немесе координаттарды көрсетіңіз.",
        "unknown_settlement": "{settlement} бұл өңірдің елді мекені емес, сондықтан {address} "
        "мекенжайы мұнда табылмады; осы өңірдегі мекенжайды немесе координаттарды көрсетіңіз.",
        "unknown_settlement.unmarked": "{settlement} бұл өңірдің елді мекені де, көшесі де емес, "
        "сондықтан {address} мекенжайы табылмады; {settlement} тұрғын үй кешені немесе бағдар "
        "болса, оны мекенжайдан алып тастаңыз, әйтпесе осы өңірдегі мекенжайды немесе "
        "координаттарды көрсетіңіз.",
        "no_such_house": "{address}: көше табылды, бірақ мұндай үй жоқ; бар үй нөмірін немесе "
        "координаттарды көрсетіңіз.",
        "no_such_house.near": "{address}: көше табылды, бірақ мұндай үй жоқ; ең жақын үйлер: "
        "{nearby}; бар үй нөмірін немесе координаттарды көрсетіңіз.",
        "outside_region": "{lat}, {lon} (ендік, бойлық) нүктесі бұл өңірден тыс жатыр; "
        "координаттарды тексеріңіз немесе басқа өңірді таңдаңыз.",
        "outside_region.swapped": "{lat}, {lon} (ендік, бойлық) нүктесі бұл өңірден тыс жатыр; "
        "бойлық пен ендік ауысып кеткен сияқты: алдымен бойлық жазылады.",
        "address_point_apart": "{address} мекенжайы онымен бірге берілген нүктеден (бойлық "
        "{lon}, ендік {lat}) {metres} м қашықта; біреуін түзетіңіз немесе тек біреуін "
        "көрсетіңіз.",
        "no_workplace": "өтініш «{basis}» негізі бойынша берілген, бірақ ол жер көрсетілмеген; "
        "оны көрсетіңіз немесе тұрғылықты жері бойынша өтініш беріңіз.",
    },
}
"""Why an application cannot be decided in a region (``catchments.service.ServiceError``): a
sentence by code (``CODE`` or ``CODE.variant``), after the field's name (``field.NAME``)."""


def service_error(field: str, code: str, params: Mapping[str, str], lang: Language | str) -> str:
    """The text of a service error in ``lang``: the field's name, then what is wrong.

    ``params`` are already text (counts as plain digits, grouped here); a ``basis`` identifier is
    named in the language.
    """
    language = Language(lang)
    table = SERVICE_ERRORS[language]
    values = _grouped(params, language)
    if "basis" in values:
        values["basis"] = _BASES[language].get(values["basis"], values["basis"])
    label = table.get(f"field.{field}", field)
    return f"{label}: {fill(table[code], values, language)}"


# --- application problems ----------------------------------------------------------------------

# What a value of the wrong JSON type was, as "got ..." names it (JSON's own words stay as they
# are in every language: an author of JSON reads them in the file).
_JSON_TYPES: Final[_Names] = {
    Language.EN: {"empty string": "an empty string"},
    Language.RU: {
        "empty string": "пустая строка",
        "string": "строка",
        "number": "число",
        "boolean": "true или false",
        "array": "массив [...]",
        "object": "объект {...}",
    },
    Language.KK: {
        "empty string": "бос жол",
        "string": "жол",
        "number": "сан",
        "boolean": "true немесе false",
        "array": "массив [...]",
        "object": "объект {...}",
    },
}
"""JSON's type names (``_json_type``) as a reader of the language says them; ``null`` stays."""

# The kind of a coded value, as "unknown {what}" names it.
_VALUE_KINDS: Final[_Names] = {
    Language.EN: {
        "basis": "basis",
        "channel": "channel",
        "ground": "ground",
        "category": "category",
        "document": "document",
    },
    Language.RU: {
        "basis": "основание прикрепления",
        "channel": "способ подачи",
        "ground": "основание вне кампании",
        "category": "категория",
        "document": "документ",
    },
    Language.KK: {
        "basis": "бекіту негізі",
        "channel": "өтініш беру тәсілі",
        "ground": "науқаннан тыс негіз",
        "category": "санат",
        "document": "құжат",
    },
}

_EXAMPLE_MOMENT: Final = "'2026-09-20T17:30:00+05:00'"

APPLICATION_PROBLEMS: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        "header": "{count:problem|problems} in the application (see README.md, 'Applications'):",
        "header.one": "1 problem in the application (see README.md, 'Applications'):",
        "suggestion": " (did you mean {close}?)",
        "missing": "missing; this field is required",
        "unknown_field": "unknown field{suggestion}; expected only {expected}",
        "not_object": "expected an object, got {got}",
        "not_text": "expected a non-empty string, got {got}",
        "not_text.nullable": "expected a non-empty string or null, got {got}",
        "not_text.typed": "is empty; this column is required",
        "not_boolean": "expected true or false, got {got} {value}",
        "not_number": "expected a number, got {got}",
        "not_number.typed": "not a longitude and latitude; type them as 70.41, 50.26",
        "out_of_range": "{value} is out of range; expected {low} to {high}",
        "choice_type": "expected a {what} (string), got {got}",
        "choice_type.nullable": "expected a {what} (string or null), got {got}",
        "unknown_choice": "unknown {what} {value}{suggestion}; expected one of {expected}",
        "not_list": "expected an array of {what} names, got {got}",
        "listed_twice": "{what} {value} is listed twice",
        "too_many": "{count:item|items}, but there are only {limit} {what} names and each is "
        "listed once; check what was pasted",
        "date_type": "expected a date as 'YYYY-MM-DD', got {got}",
        "bad_date": "{value} is not a valid date; expected 'YYYY-MM-DD'",
        "moment_type": "expected an ISO 8601 date-time like {example}, got {got}",
        "bad_moment": "{value} is not an ISO 8601 date-time; expected e.g. {example}",
        "no_offset": "{value} has no UTC offset; add one, e.g. {example} (Kazakhstan is UTC+5)",
        "moment_years": "{value} is outside the years the holiday calendar covers "
        "({first}–{last}); check the year",
        "pair_missing": "missing; lon and lat are given together",
        "pair_missing.typed": "empty; lon and lat are given together",
        "pair": "lon and lat are given together",
        "no_place": 'expected {{"address": "..."}} or {{"lon": ..., "lat": ...}}',
        "no_place.typed": "empty; give an address, or the coordinates (lon and lat)",
        "no_place.location": "give an address or lon and lat",
        "workplace_required": "required when basis is {value} (R-PLACE-1: the attachment is "
        'based on the {basis}); give {{"address": ...}} or {{"lon": ..., "lat": ...}}',
        "workplace_required.typed": "required when basis is {value} (R-PLACE-1: the attachment "
        "is based on the {basis}); give its address, or its coordinates (lon and lat)",
        "moment_offset": "needs a UTC offset, e.g. {example}",
        "born_after_submission": "{birth} is after the submission date {submitted} (UTC+5)",
        "implausible_age": "{birth} makes the applicant about {years:year|years} old; check the "
        "year",
        "not_yes_no": "{value} is not a yes/no value; write true or false",
        "not_a_number": "{value} is not a number",
        "lost_letter": "{value} has ? in place of a letter: the file was saved in an encoding "
        "without Kazakh letters (Excel's plain CSV); save it as CSV UTF-8 and decide again",
        "too_long": "{length:character|characters}; at most {limit}: check what was pasted",
        "extra_cells": "the row has {count:more cell|more cells} than the header has columns "
        "({cells}); a comma or semicolon inside a cell, as in an address, must be within quotes",
    },
    Language.RU: {
        "header": "Ошибок в заявлении: {count} (см. README.md, раздел «Applications»):",
        "header.one": "Ошибок в заявлении: 1 (см. README.md, раздел «Applications»):",
        "suggestion": " (возможно, {close}?)",
        "missing": "не указано; это поле обязательно",
        "unknown_field": "неизвестное поле{suggestion}; допустимы только {expected}",
        "not_object": "ожидался объект, получено: {got}",
        "not_text": "ожидалась непустая строка, получено: {got}",
        "not_text.nullable": "ожидалась непустая строка или null, получено: {got}",
        "not_text.typed": "не заполнено; этот столбец обязателен",
        "not_boolean": "ожидалось true или false, получено: {got} {value}",
        "not_number": "ожидалось число, получено: {got}",
        "not_number.typed": "это не долгота и широта; введите их так: 70.41, 50.26",
        "out_of_range": "{value} вне допустимого диапазона; ожидалось от {low} до {high}",
        "choice_type": "ожидалось значение поля «{what}» (строка), получено: {got}",
        "choice_type.nullable": "ожидалось значение поля «{what}» (строка или null), получено: "
        "{got}",
        "unknown_choice": "неизвестное значение поля «{what}» {value}{suggestion}; допустимы: "
        "{expected}",
        "not_list": "ожидался массив (поле «{what}»), получено: {got}",
        "listed_twice": "{value} ({what}) указано дважды",
        "too_many": "{count:элемент|элемента|элементов}, а разных значений поля «{what}» всего "
        "{limit}, и каждое указывается один раз; проверьте, что вставлено",
        "date_type": "ожидалась дата в виде 'ГГГГ-ММ-ДД', получено: {got}",
        "bad_date": "{value} не является датой; ожидается 'ГГГГ-ММ-ДД'",
        "moment_type": "ожидались дата и время ISO 8601, например {example}, получено: {got}",
        "bad_moment": "{value} не является датой и временем ISO 8601; ожидается, например, "
        "{example}",
        "moment_years": "{value} — вне лет, которые охватывает календарь праздников "
        "({first}–{last}); проверьте год",
        "no_offset": "в {value} не указано смещение от UTC; добавьте его, например {example} "
        "(Казахстан: UTC+5)",
        "pair_missing": "не указано; lon и lat указываются вместе",
        "pair_missing.typed": "не заполнено; lon и lat указываются вместе",
        "pair": "lon и lat указываются вместе",
        "no_place": 'ожидалось {{"address": "..."}} или {{"lon": ..., "lat": ...}}',
        "no_place.typed": "не заполнено; укажите адрес или координаты (lon и lat)",
        "no_place.location": "укажите адрес или lon и lat",
        "workplace_required": "обязательно при основании {value} (R-PLACE-1: прикрепление по "
        'месту {basis}); укажите {{"address": ...}} или {{"lon": ..., "lat": ...}}',
        "workplace_required.typed": "обязательно при основании {value} (R-PLACE-1: "
        "прикрепление по месту {basis}); укажите его адрес или координаты (lon и lat)",
        "moment_offset": "нужно смещение от UTC, например {example}",
        "born_after_submission": "{birth} позже даты подачи заявления {submitted} (UTC+5)",
        "implausible_age": "при дате {birth} заявителю около {years:года|лет|лет}; проверьте год",
        "not_yes_no": "{value} не является ответом да/нет; напишите true или false",
        "not_a_number": "{value} не является числом",
        "lost_letter": "в {value} вместо буквы стоит ?: файл сохранён в кодировке без казахских "
        "букв (обычный CSV в Excel); сохраните его как CSV UTF-8 и решите снова",
        "too_long": "{length:символ|символа|символов}; не больше {limit}: проверьте, что вставлено",
        "extra_cells": "в строке на {count:ячейку|ячейки|ячеек} больше, чем столбцов в заголовке "
        "({cells}); запятая или точка с запятой внутри ячейки, как в адресе, должна быть в "
        "кавычках",
    },
    Language.KK: {
        "header": "Өтініштегі қателер саны: {count} (README.md, «Applications» бөлімін қараңыз):",
        "header.one": "Өтініштегі қателер саны: 1 (README.md, «Applications» бөлімін қараңыз):",
        "suggestion": " ({close} болуы мүмкін бе?)",
        "missing": "көрсетілмеген; бұл өріс міндетті",
        "unknown_field": "белгісіз өріс{suggestion}; тек мыналар болуы мүмкін: {expected}",
        "not_object": "объект күтілген, берілгені: {got}",
        "not_text": "бос емес жол күтілген, берілгені: {got}",
        "not_text.nullable": "бос емес жол немесе null күтілген, берілгені: {got}",
        "not_text.typed": "толтырылмаған; бұл баған міндетті",
        "not_boolean": "true немесе false күтілген, берілгені: {got} {value}",
        "not_number": "сан күтілген, берілгені: {got}",
        "not_number.typed": "бойлық пен ендік емес; оларды былай енгізіңіз: 70.41, 50.26",
        "out_of_range": "{value} рұқсат етілген ауқымнан тыс; {low} мен {high} аралығы күтілген",
        "choice_type": "«{what}» өрісінің мәні (жол) күтілген, берілгені: {got}",
        "choice_type.nullable": "«{what}» өрісінің мәні (жол немесе null) күтілген, берілгені: "
        "{got}",
        "unknown_choice": "«{what}» өрісінің белгісіз мәні {value}{suggestion}; мүмкін мәндер: "
        "{expected}",
        "not_list": "массив күтілген («{what}» өрісі), берілгені: {got}",
        "listed_twice": "{value} ({what}) екі рет көрсетілген",
        "too_many": "{count} элемент, ал «{what}» өрісінің әртүрлі мәндері барлығы {limit} және "
        "әрқайсысы бір рет көрсетіледі; не қойылғанын тексеріңіз",
        "date_type": "'ЖЖЖЖ-АА-КК' түріндегі күн күтілген, берілгені: {got}",
        "bad_date": "{value} күн емес; 'ЖЖЖЖ-АА-КК' түрі күтіледі",
        "moment_type": "ISO 8601 күні мен уақыты күтілген, мысалы {example}, берілгені: {got}",
        "bad_moment": "{value} ISO 8601 күні мен уақыты емес; мысалы, {example} күтіледі",
        "moment_years": "{value} мерекелер күнтізбесі қамтитын жылдардан тыс "
        "({first}–{last}); жылды тексеріңіз",
        "no_offset": "{value} ішінде UTC ығысуы жоқ; оны қосыңыз, мысалы {example} (Қазақстан: "
        "UTC+5)",
        "pair_missing": "көрсетілмеген; lon мен lat бірге көрсетіледі",
        "pair_missing.typed": "толтырылмаған; lon мен lat бірге көрсетіледі",
        "pair": "lon мен lat бірге көрсетіледі",
        "no_place": '{{"address": "..."}} немесе {{"lon": ..., "lat": ...}} күтілген',
        "no_place.typed": "толтырылмаған; мекенжайды немесе координаттарды (lon мен lat) "
        "көрсетіңіз",
        "no_place.location": "мекенжайды немесе lon мен lat көрсетіңіз",
        "workplace_required": "{value} негізі бойынша міндетті (R-PLACE-1: бекіту {basis} "
        'бойынша); {{"address": ...}} немесе {{"lon": ..., "lat": ...}} көрсетіңіз',
        "workplace_required.typed": "{value} негізі бойынша міндетті (R-PLACE-1: бекіту "
        "{basis} бойынша); оның мекенжайын немесе координаттарын (lon мен lat) көрсетіңіз",
        "moment_offset": "UTC ығысуы қажет, мысалы {example}",
        "born_after_submission": "{birth} өтініш берілген {submitted} күнінен кейін (UTC+5)",
        "implausible_age": "{birth} күні бойынша өтініш берушіге шамамен {years} жас; жылын "
        "тексеріңіз",
        "not_yes_no": "{value} иә/жоқ мәні емес; true немесе false деп жазыңыз",
        "not_a_number": "{value} сан емес",
        "lost_letter": "{value} ішінде әріптің орнында ? тұр: файл қазақ әріптері жоқ кодтауда "
        "сақталған (Excel-дегі қарапайым CSV); оны CSV UTF-8 ретінде сақтап, қайта шешіңіз",
        "too_long": "{length} таңба; {limit}-ден аспауы керек: не қойылғанын тексеріңіз",
        "extra_cells": "жолда тақырыптағы бағандардан {count} ұяшық артық ({cells}); ұяшық "
        "ішіндегі үтір не нүктелі үтір, мекенжайдағыдай, тырнақшада болуы керек",
    },
}
"""What is wrong with one field of an application (``catchments.models.FieldProblem``), by
code; ``CODE.variant`` where the wording differs by form: ``nullable`` fields, a ``location``
built in code, and ``typed`` for a value typed into a CSV cell or a form field, whose fix is
that cell or field, not a JSON value."""

# The place an application's basis names, after "the attachment is based on the ...".
_BASIS_PLACES: Final[_Names] = {
    Language.EN: {"work": "place of work", "study": "place of study"},
    Language.RU: {"work": "работы", "study": "учёбы"},
    Language.KK: {"work": "жұмыс орны", "study": "оқу орны"},
}


def application_problem(
    code: str, params: Mapping[str, str], lang: Language | str, *, variants: tuple[str, ...] = ()
) -> str:
    """The text of one field's problem in ``lang``, without the field's name.

    ``params`` are text already, except these identifiers, named in the language: ``what`` (the
    kind of a coded value), ``got`` (a JSON type), ``basis`` (the place an attachment basis
    names) and ``close`` (the near miss, which becomes the ``suggestion``). ``variants`` are
    tried in order (``CODE.variant``) before the plain ``CODE``.
    """
    language = Language(lang)
    table = APPLICATION_PROBLEMS[language]
    values = {"example": _EXAMPLE_MOMENT, "suggestion": "", **_grouped(params, language)}
    if "what" in values:
        values["what"] = _VALUE_KINDS[language].get(values["what"], values["what"])
    if "got" in values:
        values["got"] = _JSON_TYPES[language].get(values["got"], values["got"])
    if "basis" in values:
        values["basis"] = _BASIS_PLACES[language].get(values["basis"], values["basis"])
    if values.get("close"):
        values["suggestion"] = fill(table["suggestion"], {"close": values["close"]}, language)
    template = next(
        (table[key] for key in (*(f"{code}.{v}" for v in variants), code) if key in table), None
    )
    if template is None:
        raise MessageError(f"no message for the application problem {code!r} in {language}")
    return fill(template, values, language)


# --- JSON that does not parse ------------------------------------------------------------------

# Python's JSON parser says what it expected in English; each of its messages, by prefix (the
# parser written in Python, used where C's is missing, adds the character it found).
_JSON_PARSER_CODES: Final[Mapping[str, str]] = {
    "Expecting value": "expecting_value",
    "Expecting property name enclosed in double quotes": "expecting_name",
    "Illegal trailing comma before end of object": "expecting_name",  # Python 3.13
    "Illegal trailing comma before end of array": "expecting_value",
    "Expecting ':' delimiter": "expecting_colon",
    "Expecting ',' delimiter": "expecting_comma",
    "Unterminated string starting at": "unterminated_string",
    "Invalid control character at": "control_character",
    "Invalid \\escape": "invalid_escape",
    "Invalid \\uXXXX escape": "invalid_escape",
    "Extra data": "extra_data",
}

JSON_PARSER_PROBLEMS: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        "expecting_value": "a value is expected (text in double quotes, a number, true, false, "
        "null, a list [...] or an object {{...}})",
        "expecting_name": 'a name in double quotes is expected: "clinic_id", not '
        "'clinic_id'; and no comma after the last item",
        "expecting_colon": "a colon ':' is expected between a name and its value",
        "expecting_comma": "a comma ',' is expected between two items",
        "unterminated_string": 'text is opened with " and never closed',
        "control_character": "a line break or tab inside text; write it as \\n or \\t",
        "invalid_escape": "a backslash \\ that starts no escape; write it as \\\\",
        "extra_data": "more text after the application's closing }}; give one application",
        "comment": "a comment (// or /* */): JSON has none; remove it (the comments in the "
        "documentation's example only explain it)",
    },
    Language.RU: {
        "expecting_value": "ожидается значение (текст в двойных кавычках, число, true, false, "
        "null, список [...] или объект {{...}})",
        "expecting_name": 'ожидается имя в двойных кавычках: "clinic_id", а не '
        "'clinic_id'; и без запятой после последнего элемента",
        "expecting_colon": "между именем и значением ожидается двоеточие ':'",
        "expecting_comma": "между двумя элементами ожидается запятая ','",
        "unterminated_string": 'текст открыт кавычкой " и не закрыт',
        "control_character": "перенос строки или табуляция внутри текста; пишите \\n или \\t",
        "invalid_escape": "обратная косая черта \\ не начинает экранирование; пишите \\\\",
        "extra_data": "после закрывающей }} заявления есть ещё текст; нужно одно заявление",
        "comment": "комментарий (// или /* */): в JSON их нет; удалите его (комментарии в "
        "примере из документации только поясняют его)",
    },
    Language.KK: {
        "expecting_value": "мән күтіледі (қос тырнақшадағы мәтін, сан, true, false, null, "
        "[...] тізімі немесе {{...}} объектісі)",
        "expecting_name": "қос тырнақшадағы атау күтіледі: 'clinic_id' емес, "
        '"clinic_id"; соңғы элементтен кейін үтір қойылмайды',
        "expecting_colon": "атау мен мәннің арасында ':' қос нүктесі күтіледі",
        "expecting_comma": "екі элементтің арасында ',' үтірі күтіледі",
        "unterminated_string": 'мәтін " тырнақшасымен ашылған, бірақ жабылмаған',
        "control_character": "мәтін ішінде жол ауысуы не табуляция; \\n не \\t деп жазыңыз",
        "invalid_escape": "\\ кері қиғаш сызығы экрандауды бастамайды; \\\\ деп жазыңыз",
        "extra_data": "өтініштің жабатын }} белгісінен кейін тағы мәтін бар; бір өтініш керек",
        "comment": "түсініктеме (// не /* */): JSON-да олар болмайды; оны өшіріңіз (құжаттамадағы "
        "мысалдың түсініктемелері тек оны түсіндіреді)",
    },
}
"""What the JSON parser expected where an application's JSON breaks, for the registrar page and
``emhana decide`` alike."""


def json_parser_problem(message: str, lang: Language | str, *, found: str = "") -> str:
    """What Python's JSON parser expected (``JSONDecodeError.msg``), worded in ``lang``.

    ``found`` is the text where it stopped (``doc[pos:]``, or its start): a comment there
    (``//``, ``/*``, as in annotated examples) is named as the cause, whatever the parser
    expected instead. A message of a newer Python that the table lacks is given as it is
    rather than lost.
    """
    if found.startswith(("//", "/*")):
        return fill(JSON_PARSER_PROBLEMS[Language(lang)]["comment"], {}, lang)
    code = next((c for m, c in _JSON_PARSER_CODES.items() if message.startswith(m)), None)
    return message if code is None else fill(JSON_PARSER_PROBLEMS[Language(lang)][code], {}, lang)


# --- IINs --------------------------------------------------------------------------------------

IIN_ERRORS: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        "not_text": "IIN: expected a string of 12 digits, got {got}",
        "not_digits": "IIN: must be 12 digits (0-9) only, without letters, spaces or dashes",
        "length": "IIN: must be 12 digits, got {count}",
        "century": "IIN: the 7th digit (century and sex) is {digit}; it must be 1 to 6",
        "birth_date": "IIN: the first six digits are not a birth date (YYMMDD); check the month "
        "and day",
        "unissuable": "IIN: this number cannot be issued (its check digit is undefined)",
        "check_digit": "IIN: the check digit (12th) does not match; check for a typo",
        "birth_date_mismatch": "IIN: its first six digits give the birth date {iin_date}, the "
        "application {application_date}; it must be the IIN of the person being attached: correct "
        "the one that is wrong and decide again",
    },
    Language.RU: {
        "not_text": "ИИН: ожидалась строка из 12 цифр, получено: {got}",
        "not_digits": "ИИН: только 12 цифр (0-9), без букв, пробелов и дефисов",
        "length": "ИИН: нужно 12 цифр, введено {count}",
        "century": "ИИН: 7-я цифра (век и пол) — {digit}; она должна быть от 1 до 6",
        "birth_date": "ИИН: первые шесть цифр — не дата рождения (ГГММДД); проверьте месяц и день",
        "unissuable": "ИИН: такой номер не может быть выдан (его контрольная цифра не определена)",
        "check_digit": "ИИН: контрольная (12-я) цифра не совпадает; проверьте, нет ли опечатки",
        "birth_date_mismatch": "ИИН: по первым шести цифрам дата рождения {iin_date}, в "
        "заявлении {application_date}; нужен ИИН прикрепляемого: исправьте ошибку и рассмотрите "
        "заявление снова",
    },
    Language.KK: {
        "not_text": "ЖСН: 12 цифрдан тұратын жол күтілген, берілгені: {got}",
        "not_digits": "ЖСН: тек 12 цифр (0-9), әріпсіз, бос орынсыз және сызықшасыз",
        "length": "ЖСН: 12 цифр болуы керек, енгізілгені {count}",
        "century": "ЖСН: 7-цифр (ғасыр мен жыныс) {digit}; ол 1-ден 6-ға дейін болуы керек",
        "birth_date": "ЖСН: алғашқы алты цифр туған күн емес (ЖЖААКК); айы мен күнін тексеріңіз",
        "unissuable": "ЖСН: мұндай нөмір берілмейді (оның бақылау цифры анықталмаған)",
        "check_digit": "ЖСН: бақылау (12-) цифры сәйкес келмейді; қате терілмегенін тексеріңіз",
        "birth_date_mismatch": "ЖСН: алғашқы алты цифры бойынша туған күні {iin_date}, "
        "өтініште {application_date}; бекітілетін адамның ЖСН-і керек: қатені түзетіп, өтінішті "
        "қайта қараңыз",
    },
}
"""Why an IIN is not valid (``catchments.iin.IINError``): which part, never the number."""


def iin_error(code: str, params: Mapping[str, object], lang: Language | str) -> str:
    """An IIN's problem in ``lang``; its dates (given in ISO 8601) as the language writes them."""
    language = Language(lang)
    values = {name: str(value) for name, value in params.items()}
    _word_dates(values, _IIN_DATES, language)
    return fill(IIN_ERRORS[language][code], values, language)


_IIN_DATES: Final = frozenset({"iin_date", "application_date"})


def _word_dates(values: dict[str, str], names: frozenset[str], language: Language) -> None:
    """Write the ISO dates among ``values`` named in ``names`` as ``language`` writes dates."""
    for name in names & values.keys():
        try:
            day = date.fromisoformat(values[name])
        except ValueError:
            continue  # not a date: as it was given
        values[name] = format_date(day, language)


# --- batch files -------------------------------------------------------------------------------

BATCH_FILE_ERRORS: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        "empty": "the file is empty; the first line must name the columns",
        "bad_utf8": "line {line} has bytes that are not UTF-8, though the rest of the file is: "
        "retype the characters there, or save the file again as CSV UTF-8",
        "unclosed_quote": 'a quote " opened in the row of line {line} is never closed, so the '
        "rows after it would be read as one cell; close it, or remove it",
        # Not a refusal: said beside the decisions of a file read as Windows-1251.
        "read_as_cp1251": "the file was read as Windows-1251 text, which has no ә, ғ, қ, ң, ө, "
        "ұ, ү, һ: where Excel wrote ? for them, save the file as CSV UTF-8 and decide it again",
        "encoding": "the file is not text in UTF-8, UTF-16 or Windows-1251; in Excel use Save "
        "As, CSV UTF-8 (comma delimited)",
        "no_rows": "the file names its columns but holds no applications; add one row each",
        "workbook": "this is an Excel workbook, not a CSV file; in Excel use Save As, "
        "CSV UTF-8 (comma delimited)",
        "unreadable": "line {line} cannot be read as CSV ({error}); save the file again as "
        "CSV UTF-8",
        "cell_too_long": "line {line} has a cell longer than {limit:character|characters}; "
        "an application's fields are short: check that line",
        "duplicate_column": "column {column} is named twice; keep one",
        "missing_columns": "missing column(s): {columns}",
        "unknown_column": "unknown column {column}{suggestion}",
        "suggestion": " (did you mean {close}?)",
        "columns_are": "The columns are: {columns}",
    },
    Language.RU: {
        "empty": "файл пуст; в первой строке должны быть названия столбцов",
        "bad_utf8": "в строке {line} есть байты не в UTF-8, хотя остальной файл в UTF-8: "
        "наберите эти символы заново или сохраните файл снова как CSV UTF-8",
        "unclosed_quote": 'кавычка ", открытая в строке {line}, не закрыта, и следующие строки '
        "читались бы как одна ячейка; закройте её или удалите",
        "read_as_cp1251": "файл прочитан как текст Windows-1251, в котором нет ә, ғ, қ, ң, ө, "
        "ұ, ү, һ: если Excel записал вместо них ?, сохраните файл как CSV UTF-8 и решите снова",
        "encoding": "файл — не текст в кодировке UTF-8, UTF-16 или Windows-1251; в Excel "
        "выберите «Сохранить как», «CSV UTF-8 (разделитель — запятая)»",
        "no_rows": "в файле есть названия столбцов, но нет заявлений; добавьте по строке на каждое",
        "workbook": "это книга Excel, а не файл CSV; в Excel выберите «Сохранить как», "
        "«CSV UTF-8 (разделитель — запятая)»",
        "unreadable": "строку {line} не удаётся прочитать как CSV ({error}); сохраните файл "
        "заново как CSV UTF-8",
        "cell_too_long": "в строке {line} есть ячейка длиннее "
        "{limit:символа|символов|символов}; поля заявления короткие: проверьте эту строку",
        "duplicate_column": "столбец {column} указан дважды; оставьте один",
        "missing_columns": "нет столбцов: {columns}",
        "unknown_column": "неизвестный столбец {column}{suggestion}",
        "suggestion": " (возможно, {close}?)",
        "columns_are": "Столбцы файла: {columns}",
    },
    Language.KK: {
        "empty": "файл бос; бірінші жолда бағандардың атаулары болуы керек",
        "bad_utf8": "{line}-жолда UTF-8 емес байттар бар, ал файлдың қалғаны UTF-8: ол "
        "таңбаларды қайта теріңіз немесе файлды CSV UTF-8 ретінде қайта сақтаңыз",
        "unclosed_quote": '{line}-жолда ашылған " тырнақшасы жабылмаған, сондықтан келесі жолдар '
        "бір ұяшық болып оқылар еді; оны жабыңыз немесе өшіріңіз",
        "read_as_cp1251": "файл Windows-1251 мәтіні ретінде оқылды, онда ә, ғ, қ, ң, ө, ұ, ү, "
        "һ жоқ: Excel олардың орнына ? жазса, файлды CSV UTF-8 ретінде сақтап, қайта шешіңіз",
        "encoding": "файл UTF-8, UTF-16 не Windows-1251 кодтауындағы мәтін емес; Excel-де "
        "«Басқаша сақтау», «CSV UTF-8 (үтірмен бөлінген)» таңдаңыз",
        "no_rows": "файлда бағандардың атаулары бар, бірақ өтініштер жоқ; әрқайсысына бір жол "
        "қосыңыз",
        "workbook": "бұл CSV файлы емес, Excel кітабы; Excel-де «Басқаша сақтау», "
        "«CSV UTF-8 (үтірмен бөлінген)» таңдаңыз",
        "unreadable": "{line}-жолды CSV ретінде оқу мүмкін емес ({error}); файлды CSV UTF-8 "
        "ретінде қайта сақтаңыз",
        "cell_too_long": "{line}-жолда {limit} таңбадан ұзын ұяшық бар; өтініш өрістері "
        "қысқа: сол жолды тексеріңіз",
        "duplicate_column": "{column} бағаны екі рет аталған; біреуін қалдырыңыз",
        "missing_columns": "бағандар жоқ: {columns}",
        "unknown_column": "белгісіз баған {column}{suggestion}",
        "suggestion": " ({close} болуы мүмкін бе?)",
        "columns_are": "Файлдың бағандары: {columns}",
    },
}
"""Why a registrar's batch file cannot be read at all (``catchments.service.BatchFileError``)."""


def batch_file_error(code: str, params: Mapping[str, str], lang: Language | str) -> str:
    """One problem of a batch file's header in ``lang`` (``close``: a near miss, or empty)."""
    language = Language(lang)
    table = BATCH_FILE_ERRORS[language]
    close = params.get("close", "")
    suggestion = fill(table["suggestion"], {"close": close}, language) if close else ""
    return fill(table[code], {**_grouped(params, language), "suggestion": suggestion}, language)


# --- the register ------------------------------------------------------------------------------

REGISTER_ERRORS: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        # Where a database URL came from, when it is not an option or a variable's name.
        "origin.default": "the default register",
        "origin.url": "the database URL",
        # Opening: the URL, the SQLite file, the schema.
        "naive_time": "{value}: a time for the register needs a UTC offset",
        "url_password_at": "{origin}: {url}: the password holds '@', which ends a URL's "
        "password; write each '@' in it as %40 (percent-encoded: a password p@ss is written "
        "p%40ss)",
        "url_unparseable": "{origin}: {url!r} is not a database URL; expected "
        "sqlite:///path/register.sqlite or postgresql://user:password@host/database",
        "url_backend": "{origin}: {url} uses {backend!r}; the register runs on sqlite or "
        "postgresql",
        "url_driver": "{origin}: {url} asks for the driver {driver!r}; the register supports "
        "psycopg (psycopg 3) for PostgreSQL, postgresql:// or postgresql+psycopg://, and pysqlite "
        "(Python's sqlite3) for SQLite, sqlite:// or sqlite+pysqlite://",
        "url_unusable": "{origin}: {url} cannot be used: {error}",
        "no_psycopg": "PostgreSQL needs the psycopg driver ({module} is missing); "
        'pip install "psycopg[binary]"',
        "sqlite_host": "{origin}: {url} names a host; an SQLite URL names a file: "
        "sqlite:////absolute/path/register.sqlite (four slashes) or "
        "sqlite:///relative/path/register.sqlite",
        "sqlite_argument": "{origin}: {url}: SQLite would ignore {arguments}; remove it, or add "
        "uri=true if it is meant for an SQLite URI",
        "sqlite_arguments": "{origin}: {url}: SQLite would ignore {arguments}; remove them, or "
        "add uri=true if they are meant for an SQLite URI",
        "sqlite_folder": "no register at {path} ({origin}): it is a folder; name the register's "
        "file, e.g. {example}",
        "no_folder": "no register at {path} ({origin}): its folder {folder} does not exist; {fix}",
        "not_folder": "no register at {path} ({origin}): its folder {folder} is not a folder; "
        "{fix}",
        "fix.tilde": "write the full path: SQLite does not expand ~",
        "fix.create": "check the path, or create the folder first if a new register belongs there",
        "fix.check": "check the path",
        "no_register": "no register at {path} ({origin}); run `{command}` to create one, or "
        "check the path",
        "schema_none": "{url} holds no register; run `emhana register migrate`",
        "schema_foreign": "{url} has tables ({tables}) but no Emhana schema version; point "
        "{origin} at an empty database or a register",
        "schema_older": "the register at {url} is at schema {current}, this Emhana needs {head}; "
        "back it up, then run `emhana register migrate`",
        "schema_newer": "the register at {url} is at schema {current}, unknown to this Emhana: "
        "it was migrated by a newer version; upgrade Emhana",
        # A database call that failed: what was being done, then why ({detail}).
        "migrate_failed": "cannot migrate {url}: {detail}",
        "open_failed": "cannot open the register at {url}: {detail}",
        "write_refused": "cannot {action}: the register at {url} cannot be written: {detail}",
        "database_failed": "the register at {url} failed: {detail}",
        "read_only_command": "register {command} writes to the register at {url}, but {detail}",
        "action.change": "change it",
        "action.import": "import the region's districts",
        "action.record": "record the decision",
        "action.audit": "record {event!r} in the audit log",
        "action.sign_in": "record the sign-in in the audit log",
        "detail.read_only_file": "{path} is read-only to this user (the file's permissions, or "
        "a read-only file system); give this user write access to it and its folder, or run "
        "Emhana as a user who has it; commands that only read, such as `emhana register stats`, "
        "work as it is",
        "detail.read_only_folder": "its folder {folder} is read-only to this user, and SQLite "
        "keeps {name}-wal and {name}-shm beside the file, even to read a register in WAL mode; "
        "give this user write access to the folder, or copy the register into one they may write",
        "detail.read_only_url": "the URL opens it read-only (mode=ro); drop mode=ro to change the "
        "register",
        "detail.read_only_sqlite": "SQLite can only read it (a read-only mount or file "
        "attribute); make the file and its folder writable to change the register",
        "detail.unreadable_file": "{path} is not readable by this user (its permissions); give "
        "them read access, or run Emhana as a user who has it",
        # The database's own words (its driver's, English).
        "detail.driver": "{error}",
        # Districts.
        "stale_data_date": "the region's data date {data_date} is older than the register's for "
        "{count:district|districts} (e.g. {district}: {register_date}); load the newer region",
        "foreign_region": "the region shares no district with the register's {count} (register: "
        "{register}; region: {region}): it looks like another region; check --region and "
        "--database. If this region does replace the register's, import it again with "
        "--replace-districts: the {count} are then retired, their attachments kept",
        # {problems}: each bad row, as the register's check words it (English).
        "bad_district_rows": "{count:bad districts row|bad districts rows}:\n  - {problems}",
        "region_unusable": "region {region}: {error}",
        "unknown_district": "district {district!r} is not in the register; load the region into "
        "it with `emhana register import --region DIR`",
        "retired_district": "district {district!r} was retired from the register on {date}: the "
        "region last imported lacks it (merged, renamed or redrawn); decide the application "
        "again on that region's districts (point EMHANA_REGION or --region at it)",
        # Decisions.
        "bad_source": "source: name the page or command the change comes from, e.g. 'cli:decide'",
        "no_coupon": "an approved decision must carry a coupon (R-OUT-1)",
        "coupon_other_clinic": "the coupon is for clinic {coupon_clinic} but the application for "
        "{clinic}; decide the application again",
        "not_submitted": "the application is not submitted, so it cannot be recorded: the "
        "residence is outside the service territory of clinic {clinic} and the applicant has "
        "not accepted having no home visits (R-TERR-2, ACKNOWLEDGEMENT_REQUIRED); once they "
        "accept, decide the application again with the acknowledgement (home_visit_acknowledged)",
        # Secrets typed at a prompt ({prompt} is worded by the caller).
        "nothing_given": "{prompt}: nothing was given (type it, or pipe it on stdin)",
        "entries_differ": "{prompt}: the two entries differ; try again",
        # The IIN key (catchments.iin.IINKeyError, told apart by catchments.register).
        "iin_key_not_set": "EMHANA_IIN_KEY is not set: the register stores IINs only as a keyed "
        "hash and needs the secret key. Generate one once with {command}, keep it outside the "
        "database (losing it makes stored IINs unsearchable), and set EMHANA_IIN_KEY for the app "
        "and the command line. For tests and demos only, EMHANA_DEV_MODE=1 uses a public "
        "development key.",
        "iin_key_short": "EMHANA_IIN_KEY: the key has {length:character|characters}; use at "
        "least {least}, e.g. the output of {command}",
        # Access (catchments.access.AccessDeniedError): who, and what they wanted.
        "role.registrar": "registrar",
        "role.planner": "planner",
        "role.admin": "admin",
        "role.operator": "operator",
        "who.anonymous": "an anonymous visitor",
        "who.account": "{user} ({role})",
        "who.registrar": "{user} ({role}) of clinic {own_clinic}",
        "access.record_decision": "{who} may not record decisions for clinic {clinic}",
        "access.read_applications": "{who} may not read the applications of clinic {clinic}",
        "access.read_all_applications": "{who} may not read the applications of every clinic",
        "access.change_districts": "{who} may not change the register's districts",
        "access.look_up_people": "{who} may not look people up in the register",
        "access.read_residences": "{who} may not read where attached people live",
        "access.export_aggregates": "{who} may not export aggregates",
        "access.read_audit_log": "{who} may not read the audit log",
    },
    Language.RU: {
        "origin.default": "регистр по умолчанию",
        "origin.url": "URL базы данных",
        "naive_time": "{value}: время для регистра нужно указывать со смещением от UTC",
        "url_password_at": "{origin}: {url}: в пароле есть «@», а «@» завершает пароль в URL; "
        "запишите каждый «@» в нём как %40 (пароль p@ss записывается p%40ss)",
        "url_unparseable": "{origin}: {url!r} — не URL базы данных; ожидается "
        "sqlite:///путь/register.sqlite или postgresql://пользователь:пароль@сервер/база",
        "url_backend": "{origin}: {url} использует {backend!r}; регистр работает на sqlite или "
        "postgresql",
        "url_driver": "{origin}: {url} требует драйвер {driver!r}; регистр поддерживает psycopg "
        "(psycopg 3) для PostgreSQL, postgresql:// или postgresql+psycopg://, и pysqlite "
        "(sqlite3 из Python) для SQLite, sqlite:// или sqlite+pysqlite://",
        "url_unusable": "{origin}: {url} нельзя использовать: {error}",
        "no_psycopg": "для PostgreSQL нужен драйвер psycopg (нет модуля {module}); установите "
        'его: pip install "psycopg[binary]"',
        "sqlite_host": "{origin}: {url} указывает сервер, а URL SQLite указывает файл: "
        "sqlite:////абсолютный/путь/register.sqlite (четыре косые черты) или "
        "sqlite:///относительный/путь/register.sqlite",
        "sqlite_argument": "{origin}: {url}: SQLite не учтёт {arguments}; удалите этот "
        "параметр или добавьте uri=true, если он предназначен для URI SQLite",
        "sqlite_arguments": "{origin}: {url}: SQLite не учтёт {arguments}; удалите эти "
        "параметры или добавьте uri=true, если они предназначены для URI SQLite",
        "sqlite_folder": "регистра {path} нет ({origin}): это папка; укажите файл регистра, "
        "например {example}",
        "no_folder": "регистра {path} нет ({origin}): папки {folder} не существует; {fix}",
        "not_folder": "регистра {path} нет ({origin}): {folder} — не папка; {fix}",
        "fix.tilde": "укажите полный путь: SQLite не раскрывает ~",
        "fix.create": "проверьте путь или сначала создайте папку, если новый регистр должен "
        "быть в ней",
        "fix.check": "проверьте путь",
        "no_register": "регистра {path} нет ({origin}); создайте его командой `{command}` или "
        "проверьте путь",
        "schema_none": "в {url} нет регистра; выполните `emhana register migrate`",
        "schema_foreign": "в {url} есть таблицы ({tables}), но нет версии схемы Emhana; укажите "
        "в {origin} пустую базу данных или регистр",
        "schema_older": "регистр {url} имеет схему {current}, а этой версии Emhana нужна "
        "{head}; сделайте резервную копию и выполните `emhana register migrate`",
        "schema_newer": "регистр {url} имеет схему {current}, неизвестную этой версии Emhana: "
        "его обновила более новая версия; обновите Emhana",
        "migrate_failed": "не удаётся создать или обновить схему {url}: {detail}",
        "open_failed": "не удаётся открыть регистр {url}: {detail}",
        "write_refused": "не удаётся {action}: регистр {url} недоступен для записи: {detail}",
        "database_failed": "сбой регистра {url}: {detail}",
        "read_only_command": "команда register {command} записывает в регистр {url}, но {detail}",
        "action.change": "изменить его",
        "action.import": "загрузить участки региона",
        "action.record": "внести решение",
        "action.audit": "записать {event!r} в журнал аудита",
        "action.sign_in": "записать вход в журнал аудита",
        "detail.read_only_file": "{path} доступен этому пользователю только для чтения (права "
        "файла или файловая система только для чтения); дайте этому пользователю право записи "
        "в файл и его папку или запустите Emhana от имени пользователя, у которого оно есть; "
        "команды, которые только читают, например `emhana register stats`, работают и так",
        "detail.read_only_folder": "его папка {folder} доступна этому пользователю только для "
        "чтения, а SQLite держит {name}-wal и {name}-shm рядом с файлом, даже чтобы прочитать "
        "регистр в режиме WAL; дайте этому пользователю право записи в папку или скопируйте "
        "регистр в папку, куда он может писать",
        "detail.read_only_url": "URL открывает его только для чтения (mode=ro); уберите "
        "mode=ro, чтобы изменять регистр",
        "detail.read_only_sqlite": "SQLite может его только читать (файловая система "
        "смонтирована только для чтения или у файла такой атрибут); сделайте файл и его папку "
        "доступными для записи, чтобы изменять регистр",
        "detail.unreadable_file": "{path} недоступен этому пользователю для чтения (права "
        "файла); дайте ему право чтения или запустите Emhana от имени пользователя, у которого "
        "оно есть",
        "detail.driver": "{error}",
        "stale_data_date": "дата данных региона {data_date} раньше, чем в регистре, для "
        "{count:участка|участков|участков} (например, {district}: {register_date}); загрузите "
        "более новый регион",
        "foreign_region": "у региона нет ни одного общего участка с участками регистра "
        "({count}; регистр: {register}; регион: {region}): похоже, это другой регион; проверьте "
        "--region и --database. Если этот регион действительно заменяет регион регистра, "
        "загрузите его снова с --replace-districts: участки регистра ({count}) "
        "будут выведены из него, их прикрепления сохранятся",
        "bad_district_rows": "{count:ошибочная строка|ошибочные строки|ошибочных строк} "
        "участков:\n  - {problems}",
        "region_unusable": "регион {region}: {error}",
        "unknown_district": "участка {district!r} нет в регистре; загрузите в него регион "
        "командой `emhana register import --region ПАПКА`",
        "retired_district": "участок {district!r} выведен из регистра {date}: в последнем "
        "загруженном регионе его нет (объединён, переименован или перекроен); рассмотрите "
        "заявление заново по участкам этого региона (укажите его в EMHANA_REGION или --region)",
        "bad_source": "source: укажите страницу или команду, от которой идёт изменение, "
        "например 'cli:decide'",
        "no_coupon": "к одобренному решению должен прилагаться талон (R-OUT-1)",
        "coupon_other_clinic": "талон выдан в медорганизацию {coupon_clinic}, а заявление "
        "подано в {clinic}; рассмотрите заявление заново",
        "not_submitted": "заявление не подано, поэтому его нельзя внести в регистр: место "
        "жительства находится вне территории обслуживания медорганизации {clinic}, а заявитель "
        "не согласился остаться без обслуживания на дому (R-TERR-2, ACKNOWLEDGEMENT_REQUIRED); "
        "когда он согласится, рассмотрите заявление заново с его согласием "
        "(home_visit_acknowledged)",
        "nothing_given": "{prompt}: ничего не введено (введите его или передайте через "
        "стандартный ввод)",
        "entries_differ": "{prompt}: два ввода не совпадают; попробуйте ещё раз",
        "iin_key_not_set": "EMHANA_IIN_KEY не задан: регистр хранит ИИН только как хеш с "
        "ключом, и ему нужен секретный ключ. Создайте его один раз командой {command}, храните "
        "вне базы данных (без него по сохранённым ИИН нельзя будет искать) и задайте "
        "EMHANA_IIN_KEY для приложения и командной строки. Только для тестов и демонстраций: "
        "EMHANA_DEV_MODE=1 включает общедоступный ключ разработки.",
        "iin_key_short": "EMHANA_IIN_KEY: в ключе {length:символ|символа|символов}; нужно не "
        "меньше {least}, например вывод команды {command}",
        "role.registrar": "регистратор",
        "role.planner": "планировщик",
        "role.admin": "администратор",
        "role.operator": "оператор",
        "who.anonymous": "анонимный посетитель",
        "who.account": "{user} ({role})",
        "who.registrar": "{user} ({role}, медорганизация {own_clinic})",
        "access.record_decision": "{who} не может вносить решения по заявлениям в "
        "медорганизацию {clinic}",
        "access.read_applications": "{who} не может просматривать заявления медорганизации "
        "{clinic}",
        "access.read_all_applications": "{who} не может просматривать заявления всех "
        "медорганизаций",
        "access.change_districts": "{who} не может изменять участки регистра",
        "access.look_up_people": "{who} не может искать людей в регистре",
        "access.read_residences": "{who} не может смотреть, где живут прикреплённые",
        "access.export_aggregates": "{who} не может выгружать сводные данные",
        "access.read_audit_log": "{who} не может читать журнал аудита",
    },
    Language.KK: {
        "origin.default": "әдепкі тіркелім",
        "origin.url": "дерекқор URL-і",
        "naive_time": "{value}: тіркелімге арналған уақытта UTC-тен ығысу көрсетілуі керек",
        "url_password_at": "{origin}: {url}: құпиясөзде «@» бар, ал «@» URL-дегі құпиясөзді "
        "аяқтайды; ондағы әр «@» белгісін %40 деп жазыңыз (p@ss құпиясөзі p%40ss болып "
        "жазылады)",
        "url_unparseable": "{origin}: {url!r} дерекқор URL-і емес; "
        "sqlite:///жол/register.sqlite немесе "
        "postgresql://пайдаланушы:құпиясөз@сервер/дерекқор күтілген",
        "url_backend": "{origin}: {url} {backend!r} қолданады; тіркелім sqlite немесе "
        "postgresql негізінде жұмыс істейді",
        "url_driver": "{origin}: {url} {driver!r} драйверін сұрайды; тіркелім PostgreSQL үшін "
        "psycopg (psycopg 3), postgresql:// немесе postgresql+psycopg://, ал SQLite үшін "
        "pysqlite (Python-ның sqlite3), sqlite:// немесе sqlite+pysqlite:// қолдайды",
        "url_unusable": "{origin}: {url} пайдалануға болмайды: {error}",
        "no_psycopg": "PostgreSQL үшін psycopg драйвері керек ({module} модулі жоқ); оны "
        'орнатыңыз: pip install "psycopg[binary]"',
        "sqlite_host": "{origin}: {url} серверді көрсетеді, ал SQLite URL-і файлды көрсетеді: "
        "sqlite:////толық/жол/register.sqlite (төрт қиғаш сызық) немесе "
        "sqlite:///салыстырмалы/жол/register.sqlite",
        "sqlite_argument": "{origin}: {url}: SQLite {arguments} параметрін ескермейді; оны "
        "алып тастаңыз немесе ол SQLite URI-іне арналған болса, uri=true қосыңыз",
        "sqlite_arguments": "{origin}: {url}: SQLite {arguments} параметрлерін ескермейді; "
        "оларды алып тастаңыз немесе олар SQLite URI-іне арналған болса, uri=true қосыңыз",
        "sqlite_folder": "{path} тіркелімі жоқ ({origin}): бұл қалта; тіркелім файлын "
        "көрсетіңіз, мысалы, {example}",
        "no_folder": "{path} тіркелімі жоқ ({origin}): {folder} қалтасы жоқ; {fix}",
        "not_folder": "{path} тіркелімі жоқ ({origin}): {folder} қалта емес; {fix}",
        "fix.tilde": "толық жолды жазыңыз: SQLite ~ белгісін ашпайды",
        "fix.create": "жолды тексеріңіз немесе жаңа тіркелім сонда болуы керек болса, алдымен "
        "қалтаны жасаңыз",
        "fix.check": "жолды тексеріңіз",
        "no_register": "{path} тіркелімі жоқ ({origin}); оны `{command}` командасымен жасаңыз "
        "немесе жолды тексеріңіз",
        "schema_none": "{url} ішінде тіркелім жоқ; `emhana register migrate` іске қосыңыз",
        "schema_foreign": "{url} ішінде кестелер бар ({tables}), бірақ Emhana схемасының "
        "нұсқасы жоқ; {origin} арқылы бос дерекқорды немесе тіркелімді көрсетіңіз",
        "schema_older": "{url} тіркелімі {current} схемасында, ал Emhana-ның бұл нұсқасына "
        "{head} керек; сақтық көшірмесін жасап, `emhana register migrate` іске қосыңыз",
        "schema_newer": "{url} тіркелімі Emhana-ның бұл нұсқасына белгісіз {current} "
        "схемасында: оны жаңарақ нұсқа жаңартқан; Emhana-ны жаңартыңыз",
        "migrate_failed": "{url} схемасын жасау не жаңарту мүмкін емес: {detail}",
        "open_failed": "{url} тіркелімін ашу мүмкін емес: {detail}",
        "write_refused": "{action} мүмкін емес: {url} тіркеліміне жазуға болмайды: {detail}",
        "database_failed": "{url} тіркелімінде ақау болды: {detail}",
        "read_only_command": "register {command} командасы {url} тіркеліміне жазады, бірақ "
        "{detail}",
        "action.change": "оны өзгерту",
        "action.import": "өңірдің учаскелерін жүктеу",
        "action.record": "шешімді енгізу",
        "action.audit": "{event!r} оқиғасын аудит журналына жазу",
        "action.sign_in": "жүйеге кіруді аудит журналына жазу",
        "detail.read_only_file": "{path} бұл пайдаланушыға тек оқуға қолжетімді (файлдың "
        "құқықтары немесе тек оқуға арналған файл жүйесі); бұл пайдаланушыға файлға және оның "
        "қалтасына жазу құқығын беріңіз немесе Emhana-ны ондай құқығы бар пайдаланушы атынан "
        "іске қосыңыз; тек оқитын командалар, мысалы, `emhana register stats`, осы күйінде де "
        "жұмыс істейді",
        "detail.read_only_folder": "оның {folder} қалтасы бұл пайдаланушыға тек оқуға "
        "қолжетімді, ал SQLite WAL режиміндегі тіркелімді оқу үшін де файлдың жанында "
        "{name}-wal және {name}-shm сақтайды; бұл пайдаланушыға қалтаға жазу құқығын беріңіз "
        "немесе тіркелімді ол жаза алатын қалтаға көшіріңіз",
        "detail.read_only_url": "URL оны тек оқуға ашады (mode=ro); тіркелімді өзгерту үшін "
        "mode=ro алып тастаңыз",
        "detail.read_only_sqlite": "SQLite оны тек оқи алады (тек оқуға тіркелген файл жүйесі "
        "немесе файл атрибуты); тіркелімді өзгерту үшін файлды және оның қалтасын жазуға "
        "қолжетімді етіңіз",
        "detail.unreadable_file": "{path} бұл пайдаланушыға оқуға қолжетімсіз (оның "
        "құқықтары); оқу құқығын беріңіз немесе Emhana-ны ондай құқығы бар пайдаланушы атынан "
        "іске қосыңыз",
        "detail.driver": "{error}",
        "stale_data_date": "өңір деректерінің күні {data_date} тіркелімдегіден {count} учаске "
        "бойынша ертерек (мысалы, {district}: {register_date}); жаңарақ өңірді жүктеңіз",
        "foreign_region": "өңірдің тіркелім учаскелерімен ({count}; тіркелім: {register}; "
        "өңір: {region}) бірде-бір ортақ учаскесі жоқ: бұл басқа өңірге ұқсайды; --region "
        "және --database тексеріңіз. Егер бұл өңір шынымен тіркелімдегі өңірді алмастырса, "
        "оны --replace-districts арқылы қайта жүктеңіз: тіркелімнің {count} "
        "учаскесі одан шығарылады, бекітулері сақталады",
        "bad_district_rows": "учаскелердің {count} қате жолы:\n  - {problems}",
        "region_unusable": "өңір {region}: {error}",
        "unknown_district": "{district!r} учаскесі тіркелімде жоқ; өңірді оған "
        "`emhana register import --region ҚАЛТА` командасымен жүктеңіз",
        "retired_district": "{district!r} учаскесі тіркелімнен {date} шығарылды: соңғы "
        "жүктелген өңірде ол жоқ (біріктірілген, атауы өзгерген немесе қайта сызылған); "
        "өтінішті сол өңірдің учаскелері бойынша қайта қараңыз (оны EMHANA_REGION немесе "
        "--region арқылы көрсетіңіз)",
        "bad_source": "source: өзгеріс келетін бетті немесе команданы көрсетіңіз, мысалы, "
        "'cli:decide'",
        "no_coupon": "мақұлданған шешімге талон берілуі керек (R-OUT-1)",
        "coupon_other_clinic": "талон {coupon_clinic} медициналық ұйымына берілген, ал өтініш "
        "{clinic} ұйымына; өтінішті қайта қараңыз",
        "not_submitted": "өтініш берілмеген, сондықтан оны тіркелімге енгізуге болмайды: "
        "тұрғылықты жері {clinic} медициналық ұйымының қызмет көрсету аумағынан тыс, ал өтініш "
        "беруші үйде қызмет көрсетілмейтініне келіспеді (R-TERR-2, ACKNOWLEDGEMENT_REQUIRED); "
        "ол келіскенде, өтінішті оның келісімімен (home_visit_acknowledged) қайта қараңыз",
        "nothing_given": "{prompt}: ештеңе енгізілмеді (оны теріңіз немесе стандартты "
        "енгізу арқылы беріңіз)",
        "entries_differ": "{prompt}: екі енгізу сәйкес келмейді; қайталап көріңіз",
        "iin_key_not_set": "EMHANA_IIN_KEY орнатылмаған: тіркелім ЖСН-ді тек кілтті хеш "
        "ретінде сақтайды, сондықтан оған құпия кілт керек. Оны бір рет {command} командасымен "
        "жасаңыз, дерекқордан тыс сақтаңыз (онсыз сақталған ЖСН бойынша іздеу мүмкін болмайды) "
        "және қолданба мен командалық жол үшін EMHANA_IIN_KEY орнатыңыз. Тек сынақтар мен "
        "демонстрациялар үшін: EMHANA_DEV_MODE=1 жалпыға қолжетімді әзірлеу кілтін қосады.",
        "iin_key_short": "EMHANA_IIN_KEY: кілтте {length} таңба бар; кемінде {least} таңба "
        "қолданыңыз, мысалы, {command} командасының нәтижесін",
        "role.registrar": "тіркеуші",
        "role.planner": "жоспарлаушы",
        "role.admin": "әкімші",
        "role.operator": "оператор",
        "who.anonymous": "анонимді келуші",
        "who.account": "{user} ({role})",
        "who.registrar": "{user} ({role}, {own_clinic} медициналық ұйымы)",
        "access.record_decision": "{who} {clinic} медициналық ұйымының өтініштері бойынша "
        "шешім енгізе алмайды",
        "access.read_applications": "{who} {clinic} медициналық ұйымының өтініштерін көре алмайды",
        "access.read_all_applications": "{who} барлық медициналық ұйымдардың өтініштерін көре "
        "алмайды",
        "access.change_districts": "{who} тіркелімнің учаскелерін өзгерте алмайды",
        "access.look_up_people": "{who} тіркелімнен адамдарды іздей алмайды",
        "access.read_residences": "{who} бекітілген адамдардың қайда тұратынын көре алмайды",
        "access.export_aggregates": "{who} жиынтық деректерді шығара алмайды",
        "access.read_audit_log": "{who} аудит журналын оқи алмайды",
    },
}
"""Why the register (:mod:`catchments.register`) cannot do what was asked, and who may not.

One template per code of ``RegisterError`` (and its subclasses), of ``AccessDeniedError``
(``access.*``) and of the IIN key's problems (``iin_key_*``); the English is the errors' own
``str()``. A parameter that names a code of its own (``role``, ``who``, ``action``, ``detail``,
``fix``) is worded from the ``NAME.code`` template first (:func:`register_error`). URLs, paths,
commands and the database driver's own words stay as they are in every language.
"""

# Parameters of REGISTER_ERRORS that are worded from a template of their own, in this order
# (``who`` names the ``role``): ``{"action": "record"}`` reads ``action.record``.
_REGISTER_NESTED: Final = ("role", "who", "action", "detail", "fix")
_REGISTER_DATES: Final = frozenset({"date", "data_date", "register_date"})


class _CodedError(Protocol):
    """An error that names its problem by a code and values (``RegisterError``, ...)."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Mapping[str, str]: ...


def register_error(
    error_or_code: str | _CodedError,
    params: Mapping[str, object] | None = None,
    lang: Language | str = Language.EN,
) -> str:
    """A problem of the register (or a refused access to it) in ``lang``.

    Parameters
    ----------
    error_or_code
        A code of :data:`REGISTER_ERRORS`, or an error carrying ``code`` and ``params``
        (``catchments.register.RegisterError``, ``catchments.access.AccessDeniedError``); an
        error with the empty code (made from a message only) is shown as its ``str()``.
    params
        The code's values (with an error: added to its own); given as text or numbers. Counts
        are grouped and dates (ISO) written as ``lang`` writes them; an ``origin`` that is one
        of the ``origin.*`` phrases, and the parameters of :data:`_REGISTER_NESTED`, are worded.

    Raises
    ------
    MessageError
        For a code the catalog lacks (an error object's is shown as its ``str()`` instead).
    """
    language = Language(lang)
    table = REGISTER_ERRORS[language]
    if isinstance(error_or_code, str):
        code, given = error_or_code, dict(params or {})
    else:
        code, given = error_or_code.code, {**error_or_code.params, **(params or {})}
        if code not in table:
            return str(error_or_code)
    if code not in table:
        raise MessageError(f"no register error {code!r}; add it to REGISTER_ERRORS")
    values = _grouped({name: str(value) for name, value in given.items()}, language)
    _word_dates(values, _REGISTER_DATES, language)
    english = REGISTER_ERRORS[Language.EN]
    for key in ("origin.default", "origin.url"):
        if values.get("origin") == english[key]:
            values["origin"] = table[key]
    for name in _REGISTER_NESTED:
        nested = f"{name}.{values.get(name)}"
        if name in values and nested in table:
            values[name] = fill(table[nested], values, language)
    return fill(table[code], values, language)


# --- rendering ---------------------------------------------------------------------------------


def _names(table: _Names) -> Callable[[ContextValue, Language], str]:
    def localize(value: ContextValue, lang: Language) -> str:
        items = value if isinstance(value, tuple) else (str(value),)
        return join_alternatives(tuple(table[lang][item] for item in items), lang)

    return localize


def _number(value: ContextValue, lang: Language) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return format_number(value, lang)


def _day(value: ContextValue, lang: Language) -> str:
    return format_date(date.fromisoformat(str(value)), lang)


def _month_day(value: ContextValue, lang: Language) -> str:
    month, day = str(value).split("-")
    return format_month_day(int(month), int(day), lang)


def _comma_list(table: _Names) -> Callable[[ContextValue, Language], str]:
    def localize(value: ContextValue, lang: Language) -> str:
        items = value if isinstance(value, tuple) else (str(value),)
        return ", ".join(table[lang][item] for item in items)

    return localize


# How each context key is shown; keys not listed are shown as they are (IDs such as clinic_id).
_LOCALIZERS: Final[Mapping[str, Callable[[ContextValue, Language], str]]] = {
    "documents": _names(_DOCUMENTS),
    "purpose": _names(_PURPOSES),
    "who": _names(_WHO),
    "channel": _names(_CHANNELS),
    "allowed": _names(_CHANNELS),
    "basis": _names(_BASES),
    "model": _names(_MODELS),
    "models": _names(_MODELS),
    "missing": _comma_list(_SHI_GAPS),
    "per_doctor": _number,
    "norm": _number,
    "doctors": _number,
    "attached": _number,
    "remaining": _number,
    "age": _number,
    "date": _day,
    "last": _day,
    "next": _day,
    "start": _month_day,
    "end": _month_day,
}


def render(reason: Reason, lang: Language | str) -> str:
    """Render the message of ``reason`` in ``lang``, filled from its context.

    Parameters
    ----------
    reason
        Any reason of the engine.
    lang
        ``kk``, ``ru`` or ``en``.

    Raises
    ------
    MessageError
        When the catalog has no template for the code (and variant) or the reason lacks a value
        its template needs; a bug of the engine, reported with both names.
    """
    language = Language(lang)
    key = f"{reason.code.value}.{reason.variant}" if reason.variant else reason.code.value
    try:
        template = CATALOG[language][key]
    except KeyError:
        raise MessageError(f"no {language.value} message for {key}; add it to CATALOG") from None
    values: dict[str, str] = {}
    for name, value in reason.context:
        if value is None:
            continue
        localize = _LOCALIZERS.get(name)
        values[name] = str(value) if localize is None else localize(value, language)
    model = reason.values.get("model")
    if isinstance(model, str):
        values["doctor_title"] = _DOCTORS[language][model]
        values["population"] = _POPULATIONS[language][model]
    try:
        return fill(template, values, language)
    except KeyError as missing:
        raise MessageError(
            f"{key} ({language.value}) needs the context value {missing}, which {reason} lacks"
        ) from None


# --- street lists against polygons (geo.territory.reconcile) -----------------------------------

RECONCILE_STATUSES: Final = (
    "agree",
    "list_only",
    "polygon_only",
    "disagree",
    "unparsable_housenumber",
)
"""The statuses of :func:`geo.territory.reconcile`, in the order a summary names them."""

RECONCILE_TEXT: Final[Mapping[Language, Mapping[str, str]]] = {
    Language.EN: {
        "summary": "{buildings:building|buildings} compared: {counts}",
        "none": "no district has a street list: nothing to compare",
        "agree": "{count} agree",
        "list_only": "{count} only by list",
        "polygon_only": "{count} only by polygon",
        "disagree": "{count} disagree",
        "unparsable_housenumber": "{count} with a house number no list can be read against",
        "status.list_only": "the list names a district whose polygon misses the house",
        "status.polygon_only": "a polygon covers the house, but no list of it names it",
        "status.disagree": "the list and the polygon name different districts",
        "status.unparsable_housenumber": "the house number cannot be read",
        "column.building": "building",
        "column.address": "address",
        "column.list": "by list",
        "column.polygon": "by polygon",
        "column.finding": "finding",
    },
    Language.RU: {
        "summary": "сравнено {buildings:здание|здания|зданий}: {counts}",
        "none": "ни у одного участка нет списка улиц: сравнивать нечего",
        "agree": "совпадают {count}",
        "list_only": "только по списку {count}",
        "polygon_only": "только по полигону {count}",
        "disagree": "расходятся {count}",
        "unparsable_housenumber": "с нечитаемым номером дома {count}",
        "status.list_only": "список называет участок, чей полигон не покрывает дом",
        "status.polygon_only": "полигон покрывает дом, а его список дом не называет",
        "status.disagree": "список и полигон называют разные участки",
        "status.unparsable_housenumber": "номер дома не читается",
        "column.building": "здание",
        "column.address": "адрес",
        "column.list": "по списку",
        "column.polygon": "по полигону",
        "column.finding": "что не так",
    },
    Language.KK: {
        "summary": "{buildings} ғимарат салыстырылды: {counts}",
        "none": "ешбір учаскенің көшелер тізімі жоқ: салыстыратын ештеңе жоқ",
        "agree": "{count} сәйкес",
        "list_only": "{count} тек тізім бойынша",
        "polygon_only": "{count} тек полигон бойынша",
        "disagree": "{count} сәйкес емес",
        "unparsable_housenumber": "{count} үй нөмірі оқылмайды",
        "status.list_only": "тізім полигоны үйді қамтымайтын учаскені атайды",
        "status.polygon_only": "полигон үйді қамтиды, бірақ оның тізімі үйді атамайды",
        "status.disagree": "тізім мен полигон әртүрлі учаскелерді атайды",
        "status.unparsable_housenumber": "үй нөмірі оқылмайды",
        "column.building": "ғимарат",
        "column.address": "мекенжай",
        "column.list": "тізім бойынша",
        "column.polygon": "полигон бойынша",
        "column.finding": "не дұрыс емес",
    },
}
"""What :func:`geo.territory.reconcile` finds, for ``emhana reconcile`` and the planner page:
a count per finding, the findings and the columns of the houses found."""


def reconcile_text(key: str, lang: Language | str, **values: object) -> str:
    """The template ``key`` of :data:`RECONCILE_TEXT` in ``lang``, filled by :func:`fill`."""
    return fill(RECONCILE_TEXT[Language(lang)][key], values, lang)


def reconcile_summary(counts: Mapping[str, int], lang: Language | str) -> str:
    """``15,892 buildings compared: 15,889 agree, 3 disagree``: a count per finding, in ``lang``.

    ``counts`` are the buildings per ``status`` of :func:`geo.territory.reconcile`.
    """
    language = Language(lang)
    parts = [
        reconcile_text(status, language, count=format_number(counts[status], language))
        for status in RECONCILE_STATUSES
        if counts.get(status, 0)
    ]
    total = format_number(sum(counts.values()), language)
    return reconcile_text("summary", language, buildings=total, counts=", ".join(parts))
