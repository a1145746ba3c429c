"""Values the rules engine reads and returns: applications, facts, settings and decisions.

Everything here is a frozen dataclass so a decision can be cached, compared and replayed: the same
application and facts always give the same decision (:func:`catchments.rules.evaluate`).

* :class:`Application` mirrors DESIGN.md's "Application format" exactly;
  :meth:`Application.from_dict` validates a parsed JSON object and reports *every* bad field at
  once with a dotted path, the way a registrar's batch of a thousand rows needs it.
* :class:`Facts` are what the caller (``catchments.service``) found out about the place and the
  clinic: the engine never geocodes, reads a file or a clock.
* :class:`RuleSettings` holds the figures a region may override in its ``region.toml`` (the rules
  change; a region must be able to follow): campaign dates and per-doctor norms.
* :class:`Decision` is the answer of DESIGN.md, rendered to JSON by :meth:`Decision.to_dict`.

Identifiers are the ones of RULES.md ("Identifiers used in applications"). ``CLINIC_KINDS`` and
``DISTRICT_MODELS`` repeat :mod:`geo.schema` on purpose: this package may not import ``geo``; a
test keeps the two lists equal.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any, Final, TypeVar

from .messages import Language, application_problem, render
from .reasons import Reason, ReasonCode, Severity

__all__ = [
    "CALENDAR_KEYS",
    "CLINIC_KINDS",
    "DEFAULT_SETTINGS",
    "DISTRICT_MODELS",
    "KZ_TZ",
    "MAX_QUOTED",
    "MAX_TEXT_LENGTH",
    "Applicant",
    "Application",
    "ApplicationError",
    "Basis",
    "Category",
    "Channel",
    "ClinicFacts",
    "ClinicKind",
    "Coupon",
    "Decision",
    "DistrictFacts",
    "DistrictModel",
    "Document",
    "Facts",
    "FactsError",
    "FieldProblem",
    "Ground",
    "Location",
    "MonthDay",
    "Norms",
    "Outcome",
    "Package",
    "PlaceFacts",
    "RuleSettings",
    "SettingsError",
    "quoted",
]


# --- identifiers -------------------------------------------------------------------------------


class Category(StrEnum):
    """Applicant categories (RULES.md "Identifiers"; R-DOC-4, R-CHAN-1)."""

    PENSIONER = "pensioner"
    DISABLED = "disabled"
    CHILD = "child"
    ORPHAN = "orphan"
    CONVICT = "convict"
    STUDENT = "student"
    MADRASA_STUDENT = "madrasa_student"
    CONSCRIPT = "conscript"
    GUARDIAN = "guardian"
    TRUSTEE = "trustee"
    FOSTER_CARER = "foster_carer"
    PROXY = "proxy"
    BORN_ABROAD = "born_abroad"
    CARE_HOME_RESIDENT = "care_home_resident"


class Document(StrEnum):
    """Documents an applicant can hand in (R-DOC-2..4)."""

    ID_CARD = "id_card"
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence_permit"
    BIRTH_CERTIFICATE = "birth_certificate"
    REPRESENTATIVE_ID = "representative_id"
    PENSION_CERTIFICATE = "pension_certificate"
    DISABILITY_EXTRACT = "disability_extract"
    GUARDIANSHIP_DECISION = "guardianship_decision"
    COMMISSION_PROTOCOL = "commission_protocol"
    INSTITUTION_REQUEST = "institution_request"
    BIRTH_ABROAD_DOCUMENT = "birth_abroad_document"
    LOCAL_HEALTH_BODY_DECISION = "local_health_body_decision"
    POWER_OF_ATTORNEY = "power_of_attorney"


class Channel(StrEnum):
    """Where the application is made (R-CHAN-1..3)."""

    REGISTRY = "registry"
    PSC = "psc"
    EGOV = "egov"


class Ground(StrEnum):
    """Grounds for attaching outside the campaign (R-TIME-2)."""

    CHANGED_RESIDENCE = "changed_residence"
    CHANGED_WORK_OR_STUDY = "changed_work_or_study"
    LEFT_CITY_OVER_MONTH = "left_city_over_month"
    FIRST_FREE_CHOICE = "first_free_choice"
    ATTACHED_WITHOUT_KNOWLEDGE = "attached_without_knowledge"
    ORGANIZATION_REORGANIZED = "organization_reorganized"
    CONTRACT_TERMINATED = "contract_terminated"
    NEW_CLINIC_NEARBY = "new_clinic_nearby"
    VOLUNTARY_INSURANCE = "voluntary_insurance"
    ANNUAL_FREE_CHOICE = "annual_free_choice"


class Basis(StrEnum):
    """The place an attachment is based on (R-PLACE-1)."""

    RESIDENCE = "residence"
    WORK = "work"
    STUDY = "study"


class ClinicKind(StrEnum):
    """PHC organization kinds (R-ORG-1); equal to ``geo.schema.CLINIC_KINDS``."""

    POLYCLINIC = "polyclinic"
    OUTPATIENT = "outpatient"
    PARAMEDIC_POST = "paramedic_post"
    FAMILY_HEALTH_CENTRE = "family_health_centre"


class DistrictModel(StrEnum):
    """Who a district serves, and so which norm of R-CAP-1 applies.

    Equal to ``geo.schema.DISTRICT_MODELS``.
    """

    GP = "gp"
    THERAPIST = "therapist"
    PEDIATRIC_0_6 = "pediatric_0_6"
    PEDIATRIC_0_14 = "pediatric_0_14"


class Package(StrEnum):
    """The two free packages a clinic must supply (R-ORG-2)."""

    GOBMP = "gobmp"
    OSMS = "osms"


class Outcome(StrEnum):
    """The three outcomes of DESIGN.md's answer."""

    APPROVED = "approved"
    REFUSED = "refused"
    NEEDS_ACKNOWLEDGEMENT = "needs_acknowledgement"


KZ_TZ: Final = timezone(timedelta(hours=5), "UTC+05:00")
"""Kazakhstan's single time zone (R-TIME-3); dates of the rules are dates in it."""
CALENDAR_YEARS: Final = (1991, 2100)
"""The first and last years Kazakhstan's holiday calendar covers (``holidays``' KZ calendar, on
which :mod:`catchments.calendar` counts working days; a test keeps the two equal). A moment
outside them cannot be decided, so an application dated there is refused as a field problem."""
MAX_TEXT_LENGTH: Final = 500
"""The longest text an application's field may hold. Addresses in Kazakhstan run to about 150
characters and identifiers to a few dozen; a longer value is a paste gone wrong, refused before
it is geocoded or echoed."""
MAX_QUOTED: Final = 80
"""The most characters of a bad value a message quotes."""


def in_calendar_years(moment: datetime) -> bool:
    """Whether an aware ``moment`` falls, in UTC+5, within :data:`CALENDAR_YEARS`.

    The moment's own year is checked first, so a year at ``datetime``'s limits (9999, 1) is
    refused before converting it to UTC+5 would overflow.
    """
    first, last = CALENDAR_YEARS
    return first <= moment.year <= last and first <= moment.astimezone(KZ_TZ).year <= last


MAX_AGE_YEARS: Final = 130
"""Older than this at submission is taken for a typo in the birth year (the oldest person on
record lived 122 years), not for an applicant."""

CLINIC_KINDS: Final[tuple[str, ...]] = tuple(kind.value for kind in ClinicKind)
DISTRICT_MODELS: Final[tuple[str, ...]] = tuple(model.value for model in DistrictModel)


# --- errors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field of an application, as data: where, which check, the values.

    ``str()`` is the English line ``path: message`` that scripts and logs read; :meth:`text`
    words it in the reader's language, as the registrar's and citizen's pages show it, and for
    a batch CSV or a form names the column or the field instead of the JSON path.

    Attributes
    ----------
    path
        The field's dotted path in DESIGN.md's format (``applicant.birth_date``), or the batch
        column a cell came from.
    code
        The check that failed: a key of :data:`catchments.messages.APPLICATION_PROBLEMS`.
    params
        The values the message names, as text (a bad value quoted as the author wrote it).
    variant
        The wording for where the problem was found (``location`` for a place built in code),
        tried before the plain code.
    """

    path: str
    code: str
    params: Mapping[str, str] = field(default_factory=dict)
    variant: str | None = None

    def message(self, lang: Language | str = Language.EN, *, typed: bool = False) -> str:
        """What is wrong, in ``lang``, without the field's name.

        ``typed``: the wording for a value typed into a CSV cell or a form field, whose author
        fixes that cell or field, not a JSON value.
        """
        variants = tuple(v for v in ("typed" if typed else None, self.variant) if v)
        return application_problem(self.code, self.params, lang, variants=variants)

    def text(self, lang: Language | str = Language.EN, *, name: str | None = None) -> str:
        """``path: message`` in ``lang``.

        ``name``: the field as its author knows it (a CSV column, a form's label), named
        instead of the path and worded for a typed value.
        """
        return f"{name or self.path}: {self.message(lang, typed=name is not None)}"

    def __str__(self) -> str:
        return self.text(Language.EN)


class ApplicationError(ValueError):
    """An application that does not follow DESIGN.md's format; names every bad field.

    Parameters
    ----------
    problems
        One per bad field, in the order of the application; ``str()`` of each is its English
        line, starting with the field's dotted path.
    """

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.text(Language.EN))

    def text(self, lang: Language | str) -> str:
        """Every problem in ``lang``, one a line under a count (``str()`` is the English)."""
        count = len(self.problems)
        variants = ("one",) if count == 1 else ()
        head = application_problem("header", {"count": str(count)}, lang, variants=variants)
        return "\n".join([head, *(f"  - {problem.text(lang)}" for problem in self.problems)])


class FactsError(ValueError):
    """Facts the caller supplied that cannot be true (a negative doctor count, an unknown model)."""


class SettingsError(ValueError):
    """A region's campaign or norms override that cannot be used; names every bad key."""


# --- validation helpers ------------------------------------------------------------------------

_E = TypeVar("_E", bound=StrEnum)


def _json_type(value: object) -> str:
    """Name a parsed value's JSON type, for messages a JSON author understands."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def quoted(value: object) -> str:
    """``repr(value)`` cut to what a message can quote: a megabyte pasted is not echoed back."""
    text = repr(value)
    return text if len(text) <= MAX_QUOTED else f"{text[: MAX_QUOTED - 1]}…"


def _closest(word: str, choices: Iterable[str]) -> str:
    """``word``'s near miss among ``choices``, quoted, or empty (typos are the usual cause)."""
    # Cut: difflib's cost grows with the word's length, and a near miss is a short word.
    close = difflib.get_close_matches(word[:MAX_QUOTED], list(choices), n=1, cutoff=0.6)
    return repr(close[0]) if close else ""


def _suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss, else empty."""
    close = _closest(word, choices)
    return f" (did you mean {close}?)" if close else ""


class _Problems:
    """Collects every problem of one application, so the author fixes them in one pass."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, path: str, code: str, **params: str) -> None:
        self.items.append(FieldProblem(path, code, params))

    def keys(
        self,
        data: Mapping[str, object],
        path: str,
        *,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> None:
        prefix = f"{path}." if path else ""
        for key in required:
            if key not in data:
                self.add(f"{prefix}{key}", "missing")
        known = (*required, *optional)
        for key in data:
            if key not in known:
                self.add(
                    f"{prefix}{str(key)[:MAX_QUOTED]}",
                    "unknown_field",
                    close=_closest(str(key), known),
                    expected=", ".join(known),
                )

    def mapping(self, value: object, path: str) -> Mapping[str, object] | None:
        if isinstance(value, Mapping):
            return value
        self.add(path, "not_object", got=_json_type(value))
        return None

    def text(self, value: object, path: str, *, nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if isinstance(value, str) and len(value) > MAX_TEXT_LENGTH:
            self.add(path, "too_long", length=str(len(value)), limit=str(MAX_TEXT_LENGTH))
            return None
        if isinstance(value, str) and value.strip():
            return value
        got = "empty string" if isinstance(value, str) else _json_type(value)
        self.items.append(
            FieldProblem(path, "not_text", {"got": got}, "nullable" if nullable else None)
        )
        return None

    def flag(self, value: object, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.add(path, "not_boolean", got=_json_type(value), value=quoted(value))
        return None

    def number(self, value: object, path: str, *, low: float, high: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(path, "not_number", got=_json_type(value))
            return None
        # A JSON integer may be too large for a float: compared as is, it is out of range.
        finite = not isinstance(value, float) or math.isfinite(value)
        if not (finite and low <= value <= high):
            self.add(path, "out_of_range", value=quoted(value), low=f"{low:g}", high=f"{high:g}")
            return None
        return float(value)

    def choice(
        self, value: object, path: str, enum: type[_E], what: str, *, nullable: bool = False
    ) -> _E | None:
        if value is None and nullable:
            return None
        allowed = [member.value for member in enum]
        if not isinstance(value, str):
            params = {"what": what, "got": _json_type(value)}
            self.items.append(
                FieldProblem(path, "choice_type", params, "nullable" if nullable else None)
            )
            return None
        try:
            return enum(value)
        except ValueError:
            self.add(
                path,
                "unknown_choice",
                what=what,
                value=quoted(value),
                close=_closest(value, allowed),
                expected=", ".join(allowed),
            )
            return None

    def choices(self, value: object, path: str, enum: type[_E], what: str) -> tuple[_E, ...]:
        if not isinstance(value, list | tuple):
            self.add(path, "not_list", what=what, got=_json_type(value))
            return ()
        if len(value) > len(enum):
            # More items than there are names, each listed once: a paste gone wrong, named once
            # rather than item by item (3,000 lines of "unknown category").
            self.add(path, "too_many", what=what, count=str(len(value)), limit=str(len(enum)))
            return ()
        found: list[_E] = []
        for index, item in enumerate(value):
            member = self.choice(item, f"{path}[{index}]", enum, what)
            if member is None:
                continue
            if member in found:
                self.add(f"{path}[{index}]", "listed_twice", what=what, value=quoted(member.value))
                continue
            found.append(member)
        return tuple(found)

    def day(self, value: object, path: str) -> date | None:
        if not isinstance(value, str):
            self.add(path, "date_type", got=_json_type(value))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add(path, "bad_date", value=quoted(value))
            return None

    def moment(self, value: object, path: str) -> datetime | None:
        if not isinstance(value, str):
            self.add(path, "moment_type", got=_json_type(value))
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.add(path, "bad_moment", value=quoted(value))
            return None
        if moment.utcoffset() is None:
            self.add(path, "no_offset", value=quoted(value))
            return None
        if not in_calendar_years(moment):
            first, last = CALENDAR_YEARS
            self.add(path, "moment_years", value=quoted(value), first=str(first), last=str(last))
            return None
        return moment

    def location(self, value: object, path: str) -> Location | None:
        data = self.mapping(value, path)
        if data is None:
            return None
        before = len(self.items)
        self.keys(data, path, required=(), optional=("address", "lon", "lat"))
        address = self.text(data["address"], f"{path}.address") if "address" in data else None
        lon = lat = None
        if ("lon" in data) != ("lat" in data):
            missing = "lat" if "lon" in data else "lon"
            self.add(f"{path}.{missing}", "pair_missing")
        elif "lon" in data:
            lon = self.number(data["lon"], f"{path}.lon", low=-180.0, high=180.0)
            lat = self.number(data["lat"], f"{path}.lat", low=-90.0, high=90.0)
        if not any(key in data for key in ("address", "lon", "lat")):
            self.add(path, "no_place")
        if len(self.items) > before:
            return None
        return Location(address=address, lon=lon, lat=lat)


# --- the application ---------------------------------------------------------------------------


def _plain_degrees(lon: object, lat: object) -> bool:
    """Whether a point is plainly valid: floats or ints within the degrees' ranges.

    The common case of :meth:`Location.__post_init__`, checked without building a problem list
    (a register's 140,000 homes spent 0.4 s there). Anything else (NaN, a bool, text) goes to
    the full check, which names what is wrong.
    """
    return (
        type(lon) in _PLAIN_NUMBERS
        and type(lat) in _PLAIN_NUMBERS
        and -180.0 <= lon <= 180.0  # type: ignore[operator]
        and -90.0 <= lat <= 90.0  # type: ignore[operator]
    )


_PLAIN_NUMBERS: Final = frozenset({float, int})


@dataclass(frozen=True)
class Location:
    """A place as the applicant gave it: an address to geocode, or a point (WGS 84), or both.

    Parameters
    ----------
    address
        The address as typed (``"ул. Абая 10"``); the caller geocodes it.
    lon, lat
        Degrees, EPSG:4326.
    """

    address: str | None = None
    lon: float | None = None
    lat: float | None = None

    def __post_init__(self) -> None:
        if (self.lon is None) != (self.lat is None):
            raise ApplicationError([FieldProblem("location", "pair")])
        if self.address is None and self.lon is None:
            raise ApplicationError([FieldProblem("location", "no_place", variant="location")])
        if isinstance(self.address, str) and len(self.address) > MAX_TEXT_LENGTH:
            # Built in code (the citizen's search, `emhana check`), not read from an application.
            length, limit = str(len(self.address)), str(MAX_TEXT_LENGTH)
            raise ApplicationError(
                [FieldProblem("location.address", "too_long", {"length": length, "limit": limit})]
            )
        if self.lon is not None and self.lat is not None:
            if _plain_degrees(self.lon, self.lat):
                return
            problems = _Problems()
            problems.number(self.lon, "location.lon", low=-180.0, high=180.0)
            problems.number(self.lat, "location.lat", low=-90.0, high=90.0)
            if problems.items:
                raise ApplicationError(problems.items)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape of DESIGN.md: only the keys that were given."""
        out: dict[str, object] = {}
        if self.address is not None:
            out["address"] = self.address
        if self.lon is not None:
            out["lon"] = self.lon
            out["lat"] = self.lat
        return out


@dataclass(frozen=True)
class Applicant:
    """The person to attach, as the application describes them.

    ``birth_date`` is the date of the person *being attached*: for an application made by a
    parent, guardian or proxy, the child's or ward's (R-DOC-2).

    Parameters
    ----------
    birth_date
        Decides the age on the submission date, hence child status and district model (R-CAP-2).
    categories
        Unique, in the order given.
    documents
        Unique, in the order given.
    documents_reliable
        The registrar's finding of R-DOC-1.
    has_eds
        Whether the person applying holds an electronic digital signature (R-CHAN-3).
    current_clinic_id
        The clinic the person is attached to now, or None (R-ORG-3).
    """

    birth_date: date
    categories: tuple[Category, ...] = ()
    documents: tuple[Document, ...] = ()
    documents_reliable: bool = True
    has_eds: bool = False
    current_clinic_id: str | None = None

    def __post_init__(self) -> None:
        # Accept plain strings from callers that build applicants from CSV rows, and refuse
        # unknown ones with the same messages as from_dict.
        problems = _Problems()
        categories = problems.choices(
            list(self.categories), "applicant.categories", Category, "category"
        )
        documents = problems.choices(
            list(self.documents), "applicant.documents", Document, "document"
        )
        if problems.items:
            raise ApplicationError(problems.items)
        object.__setattr__(self, "categories", categories)
        object.__setattr__(self, "documents", documents)

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape of DESIGN.md."""
        return {
            "birth_date": self.birth_date.isoformat(),
            "categories": [category.value for category in self.categories],
            "documents": [document.value for document in self.documents],
            "documents_reliable": self.documents_reliable,
            "has_eds": self.has_eds,
            "current_clinic_id": self.current_clinic_id,
        }


_TOP_KEYS: Final = (
    "clinic_id",
    "residence",
    "workplace",
    "basis",
    "applicant",
    "channel",
    "submitted_at",
    "ground",
    "home_visit_acknowledged",
)
_APPLICANT_KEYS: Final = (
    "birth_date",
    "categories",
    "documents",
    "documents_reliable",
    "has_eds",
    "current_clinic_id",
)


@dataclass(frozen=True)
class Application:
    """An application for attachment, exactly DESIGN.md's "Application format".

    Parameters
    ----------
    clinic_id
        The chosen clinic.
    residence
        Where the applicant actually lives; decides home visits (R-TERR-2) whatever the basis.
    workplace
        The place of work or study; required when ``basis`` is ``work`` or ``study``.
    basis
        The place the attachment is based on (R-PLACE-1).
    applicant
        The person to attach.
    channel
        Registry, PSC or egov (R-CHAN-1..3).
    submitted_at
        When the application was made; timezone-aware (any offset; rules use UTC+5).
    ground
        A ground of R-TIME-2 for an application outside the campaign, or None.
    home_visit_acknowledged
        Whether the applicant accepted having no home visits (R-TERR-2).
    """

    clinic_id: str
    residence: Location
    basis: Basis
    applicant: Applicant
    channel: Channel
    submitted_at: datetime
    workplace: Location | None = None
    ground: Ground | None = None
    home_visit_acknowledged: bool = False

    def __post_init__(self) -> None:
        checked = _Problems()
        for name, enum, what, nullable in (
            ("basis", Basis, "basis", False),
            ("channel", Channel, "channel", False),
            ("ground", Ground, "ground", True),
        ):
            member = checked.choice(getattr(self, name), name, enum, what, nullable=nullable)
            object.__setattr__(self, name, member)
        if checked.items:
            raise ApplicationError(checked.items)
        problems = _cross_field_problems(
            basis=self.basis,
            has_workplace=self.workplace is not None,
            submitted_at=self.submitted_at,
            birth_date=self.applicant.birth_date,
        )
        if problems:
            raise ApplicationError(problems)

    @classmethod
    def from_dict(cls, data: object) -> Application:
        """Validate a parsed JSON object and build the application.

        Parameters
        ----------
        data
            The object of DESIGN.md's "Application format", e.g. ``json.load(f)``.

        Raises
        ------
        ApplicationError
            Naming every bad field with its dotted path: missing and unknown fields, wrong
            types, bad dates, unknown categories, documents, channels, grounds and bases.
        """
        problems = _Problems()
        top = problems.mapping(data, "application")
        if top is None:
            raise ApplicationError(problems.items)
        problems.keys(top, "", required=_TOP_KEYS)

        def get(key: str) -> object:
            return top.get(key)

        clinic_id = problems.text(get("clinic_id"), "clinic_id") if "clinic_id" in top else None
        residence = problems.location(get("residence"), "residence") if "residence" in top else None
        workplace = None
        if "workplace" in top and get("workplace") is not None:
            workplace = problems.location(get("workplace"), "workplace")
        basis = problems.choice(get("basis"), "basis", Basis, "basis") if "basis" in top else None
        channel = (
            problems.choice(get("channel"), "channel", Channel, "channel")
            if "channel" in top
            else None
        )
        submitted_at = (
            problems.moment(get("submitted_at"), "submitted_at") if "submitted_at" in top else None
        )
        ground = (
            problems.choice(get("ground"), "ground", Ground, "ground", nullable=True)
            if "ground" in top
            else None
        )
        acknowledged = (
            problems.flag(get("home_visit_acknowledged"), "home_visit_acknowledged")
            if "home_visit_acknowledged" in top
            else None
        )
        applicant = _parse_applicant(get("applicant"), problems) if "applicant" in top else None

        if basis is not None and submitted_at is not None and applicant is not None:
            problems.items.extend(
                _cross_field_problems(
                    basis=basis,
                    has_workplace=get("workplace") is not None,
                    submitted_at=submitted_at,
                    birth_date=applicant.birth_date,
                )
            )
        if problems.items:
            raise ApplicationError(problems.items)
        # Every value was checked above; the asserts only narrow the types for mypy.
        assert clinic_id is not None
        assert residence is not None
        assert basis is not None
        assert applicant is not None
        assert channel is not None
        assert submitted_at is not None
        assert acknowledged is not None
        return cls(
            clinic_id=clinic_id,
            residence=residence,
            workplace=workplace,
            basis=basis,
            applicant=applicant,
            channel=channel,
            submitted_at=submitted_at,
            ground=ground,
            home_visit_acknowledged=acknowledged,
        )

    def to_dict(self) -> dict[str, object]:
        """Return the JSON object of DESIGN.md; ``from_dict(a.to_dict()) == a``."""
        return {
            "clinic_id": self.clinic_id,
            "residence": self.residence.to_dict(),
            "workplace": None if self.workplace is None else self.workplace.to_dict(),
            "basis": self.basis.value,
            "applicant": self.applicant.to_dict(),
            "channel": self.channel.value,
            "submitted_at": self.submitted_at.isoformat(),
            "ground": None if self.ground is None else self.ground.value,
            "home_visit_acknowledged": self.home_visit_acknowledged,
        }


def _parse_applicant(value: object, problems: _Problems) -> Applicant | None:
    """Parse the ``applicant`` object, reporting problems under ``applicant.``."""
    data = problems.mapping(value, "applicant")
    if data is None:
        return None
    before = len(problems.items)
    problems.keys(data, "applicant", required=_APPLICANT_KEYS)
    birth_date = (
        problems.day(data["birth_date"], "applicant.birth_date") if "birth_date" in data else None
    )
    categories = (
        problems.choices(data["categories"], "applicant.categories", Category, "category")
        if "categories" in data
        else ()
    )
    documents = (
        problems.choices(data["documents"], "applicant.documents", Document, "document")
        if "documents" in data
        else ()
    )
    flags: dict[str, bool | None] = {
        key: problems.flag(data[key], f"applicant.{key}") if key in data else None
        for key in ("documents_reliable", "has_eds")
    }
    current = (
        problems.text(data["current_clinic_id"], "applicant.current_clinic_id", nullable=True)
        if "current_clinic_id" in data
        else None
    )
    if len(problems.items) > before or birth_date is None:
        return None
    reliable, has_eds = flags["documents_reliable"], flags["has_eds"]
    assert reliable is not None  # checked just above
    assert has_eds is not None
    return Applicant(
        birth_date=birth_date,
        categories=categories,
        documents=documents,
        documents_reliable=reliable,
        has_eds=has_eds,
        current_clinic_id=current,
    )


def _cross_field_problems(
    *, basis: Basis, has_workplace: bool, submitted_at: datetime, birth_date: date
) -> list[FieldProblem]:
    """List the problems that span fields; shared by ``from_dict`` and the constructor."""
    problems: list[FieldProblem] = []
    if basis is not Basis.RESIDENCE and not has_workplace:
        params = {"value": repr(basis.value), "basis": basis.value}
        problems.append(FieldProblem("workplace", "workplace_required", params))
    if submitted_at.utcoffset() is None:
        problems.append(FieldProblem("submitted_at", "moment_offset"))
    elif birth_date > (submitted := submitted_at.astimezone(KZ_TZ).date()):
        params = {"birth": birth_date.isoformat(), "submitted": submitted.isoformat()}
        problems.append(FieldProblem("applicant.birth_date", "born_after_submission", params))
    elif (years := submitted_at.astimezone(KZ_TZ).year - birth_date.year) > MAX_AGE_YEARS:
        # A plausibility bound, so the year's difference is enough (the exact age is age_on's).
        params = {"birth": birth_date.isoformat(), "years": str(years)}
        problems.append(FieldProblem("applicant.birth_date", "implausible_age", params))
    return problems


# --- facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicFacts:
    """What the register of health care entities says about the chosen clinic.

    Parameters
    ----------
    clinic_id
        Must equal the application's ``clinic_id``.
    kind
        The PHC kind, or None when the organization is not a PHC organization (R-ORG-1).
    registered
        Registered in the database of health care entities (R-ORG-2).
    shi_supplier
        A supplier of the SHI Fund (R-ORG-2).
    packages
        Free packages it supplies, directly or under a subcontract (R-ORG-2).
    """

    clinic_id: str
    kind: ClinicKind | None
    registered: bool
    shi_supplier: bool
    packages: frozenset[Package] = frozenset(Package)

    def __post_init__(self) -> None:
        if self.kind is not None:
            object.__setattr__(self, "kind", _member(ClinicKind, self.kind, "ClinicFacts.kind"))
        object.__setattr__(
            self,
            "packages",
            frozenset(_member(Package, p, "ClinicFacts.packages") for p in self.packages),
        )


@dataclass(frozen=True)
class PlaceFacts:
    """Where the applicant's places lie relative to the clinic.

    ``same_settlement``, ``border_area`` and ``suburb_of_clinic_city`` describe the place the
    attachment is *based on* (residence, workplace or place of study; R-PLACE-1, R-TERR-1);
    ``residence_in_territory`` always describes the actual residence, because home visits go
    there whatever the basis (R-TERR-2).

    Parameters
    ----------
    same_settlement
        The basis place lies in the settlement where the clinic is located.
    residence_in_territory
        The residence lies inside the clinic's service territory.
    border_area
        The basis place lies in a border area (settlements.border_area).
    suburb_of_clinic_city
        The basis place's settlement is a suburb of the clinic's city (settlements.suburb_of).
    """

    same_settlement: bool
    residence_in_territory: bool
    border_area: bool = False
    suburb_of_clinic_city: bool = False


@dataclass(frozen=True)
class DistrictFacts:
    """One district of the clinic that could take the applicant (R-CAP-1, R-CAP-2).

    Parameters
    ----------
    district_id
        The district.
    model
        Who it serves: decides the norm and which ages it takes.
    doctors
        Full-time equivalents of its doctors; may be fractional, may be 0 (a vacancy).
    attached
        People counted as attached on the data's date, plus approved since, minus left since.
    applicant_counted
        The applicant is already among ``attached`` (so is not counted twice).
    """

    district_id: str
    model: DistrictModel
    doctors: float
    attached: int
    applicant_counted: bool = False

    def __post_init__(self) -> None:
        where = f"DistrictFacts({self.district_id!r})"
        object.__setattr__(self, "model", _member(DistrictModel, self.model, f"{where}.model"))
        if isinstance(self.doctors, bool) or not isinstance(self.doctors, int | float):
            raise FactsError(f"{where}.doctors: expected a number, got {self.doctors!r}")
        if not math.isfinite(self.doctors) or self.doctors < 0:
            raise FactsError(
                f"{where}.doctors: {self.doctors!r} is not a count; expected a finite number >= 0"
            )
        if isinstance(self.attached, bool) or not isinstance(self.attached, int):
            raise FactsError(f"{where}.attached: expected an integer, got {self.attached!r}")
        if self.attached < 0:
            raise FactsError(f"{where}.attached: {self.attached} is negative; expected >= 0")
        if self.applicant_counted and self.attached == 0:
            raise FactsError(
                f"{where}: applicant_counted is true but attached is 0; the applicant is one of "
                "the attached, so attached must be at least 1"
            )


@dataclass(frozen=True)
class Facts:
    """Everything the engine needs besides the application; supplied by the caller.

    Parameters
    ----------
    clinic
        The chosen clinic.
    place
        Settlement and territory facts.
    districts
        The districts of the clinic that could take this applicant (e.g. the one whose territory
        holds the residence, or every district of the clinic); the engine keeps those whose model
        fits the applicant's age. District IDs must be unique.
    last_free_choice
        When the applicant last used the right of free choice, or None if never (R-TIME-2).
    """

    clinic: ClinicFacts
    place: PlaceFacts
    districts: tuple[DistrictFacts, ...] = ()
    last_free_choice: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "districts", tuple(self.districts))
        seen: set[str] = set()
        for district in self.districts:
            if district.district_id in seen:
                raise FactsError(
                    f"Facts.districts: district {district.district_id!r} is listed twice; "
                    "give each district once"
                )
            seen.add(district.district_id)


def _member(enum: type[_E], value: object, where: str) -> _E:
    """Return ``enum(value)``, or raise a :class:`FactsError` naming the field and the choices."""
    allowed = ", ".join(member.value for member in enum)
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    raise FactsError(f"{where}: unknown value {value!r}; expected one of {allowed}")


# --- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class MonthDay:
    """A day of the year such as 15 September, written ``"09-15"`` in ``region.toml``.

    Parameters
    ----------
    month, day
        A valid day in a leap year (so ``02-29`` is allowed).
    """

    month: int
    day: int

    def __post_init__(self) -> None:
        try:
            date(2000, self.month, self.day)  # 2000 is a leap year: allows 29 February
        except (TypeError, ValueError):
            raise SettingsError(
                f"{self.month!r}-{self.day!r} is not a day of the year; expected 'MM-DD'"
            ) from None

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        """Parse ``"MM-DD"``, e.g. ``"09-15"``."""
        parts = text.split("-") if isinstance(text, str) else []
        if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
            raise SettingsError(
                f"{text!r} is not a day of the year; expected 'MM-DD', e.g. '09-15'"
            )
        return cls(int(parts[0]), int(parts[1]))

    def on(self, year: int) -> date:
        """Return the date in ``year``; 29 February becomes 28 February in a common year."""
        if (self.month, self.day) == (2, 29) and not _is_leap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class Norms:
    """Attached people per doctor (R-CAP-1); a region may override any of them."""

    gp: int = 1700
    therapist: int = 2200
    pediatric_0_6: int = 500
    pediatric_0_14: int = 900

    def __post_init__(self) -> None:
        for model in DistrictModel:
            value = self.for_model(model)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise SettingsError(
                    f"norms.{model.value}: expected a positive integer, got {value!r}"
                )

    def for_model(self, model: DistrictModel) -> int:
        """Return the norm of a district model."""
        return {
            DistrictModel.GP: self.gp,
            DistrictModel.THERAPIST: self.therapist,
            DistrictModel.PEDIATRIC_0_6: self.pediatric_0_6,
            DistrictModel.PEDIATRIC_0_14: self.pediatric_0_14,
        }[model]


@dataclass(frozen=True)
class RuleSettings:
    """The figures of RULES.md that a region may override in ``region.toml``.

    Parameters
    ----------
    campaign_start, campaign_end
        The free-choice campaign, both days included (R-TIME-1: 15 September to 15 November).
        An end before the start means the campaign runs over the new year.
    norms
        Per-doctor norms (R-CAP-1).
    days_off, working_days
        Days a government decree makes days off, or Saturdays and Sundays it makes working
        days, beyond those the ``holidays`` package knows (:mod:`catchments.calendar`): the
        decree for a year comes out late in the year before, and the package records it some
        releases later, so a region enters it in ``region.toml``'s ``[calendar]`` meanwhile.
    """

    campaign_start: MonthDay = MonthDay(9, 15)
    campaign_end: MonthDay = MonthDay(11, 15)
    norms: Norms = field(default_factory=Norms)
    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> RuleSettings:
        """Read settings from a parsed ``region.toml``; RULES.md's defaults where it says nothing.

        Only the ``[campaign]`` (``start``, ``end`` as ``"MM-DD"``), ``[norms]`` (``gp``,
        ``therapist``, ``pediatric_0_6``, ``pediatric_0_14``) and ``[calendar]`` (``days_off``,
        ``working_days``: lists of dates) tables are read; other tables of the file are the
        package's business. Read the file with
        ``RuleSettings.from_mapping(tomllib.load(f))``.

        Raises
        ------
        SettingsError
            Naming every unknown key and bad value of the two tables.
        """
        problems: list[str] = []
        decreed = _decreed_days(mapping.get("calendar", {}), problems)
        campaign = mapping.get("campaign", {})
        norms_table = mapping.get("norms", {})
        days: dict[str, MonthDay] = {}
        norms: dict[str, int] = {}
        for name, table, keys in (
            ("campaign", campaign, ("start", "end")),
            ("norms", norms_table, DISTRICT_MODELS),
        ):
            if not isinstance(table, Mapping):
                problems.append(f"[{name}]: expected a table, got {_json_type(table)}")
                continue
            for key, value in table.items():
                if key not in keys:
                    problems.append(
                        f"[{name}].{key}: unknown key{_suggest(str(key), keys)}; "
                        f"expected {', '.join(keys)}"
                    )
                elif name == "campaign":
                    try:
                        days[key] = MonthDay.parse(value)
                    except SettingsError as error:
                        problems.append(f"[campaign].{key}: {error}")
                elif isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                    problems.append(f"[norms].{key}: expected a positive integer, got {value!r}")
                else:
                    norms[key] = value
        if problems:
            raise SettingsError("region.toml: " + "; ".join(problems))
        default = cls()
        return cls(
            campaign_start=days.get("start", default.campaign_start),
            campaign_end=days.get("end", default.campaign_end),
            norms=Norms(**norms),
            days_off=decreed["days_off"],
            working_days=decreed["working_days"],
        )


_SATURDAY: Final = 5  # date.weekday()'s
CALENDAR_KEYS: Final = ("days_off", "working_days")
"""The keys of ``region.toml``'s ``[calendar]``: lists of dates (``2026-01-05``) decreed so."""


def _decreed_days(table: object, problems: list[str]) -> dict[str, frozenset[date]]:
    """``[calendar]``'s decreed days off and working weekend days; problems appended."""
    found: dict[str, frozenset[date]] = dict.fromkeys(CALENDAR_KEYS, frozenset())
    if not isinstance(table, Mapping):
        problems.append(f"[calendar]: expected a table, got {_json_type(table)}")
        return found
    for key, value in table.items():
        if key not in CALENDAR_KEYS:
            problems.append(
                f"[calendar].{key}: unknown key{_suggest(str(key), CALENDAR_KEYS)}; expected "
                f"{', '.join(CALENDAR_KEYS)}"
            )
            continue
        days = []
        listed = isinstance(value, list | tuple)  # TOML's arrays; RegionConfig's tuples
        for item in value if listed else [value]:
            day = _calendar_day(item)
            if day is None or not listed:
                problems.append(
                    f"[calendar].{key}: expected a list of dates such as [2026-01-05], got "
                    f"{quoted(item)}"
                )
            else:
                days.append(day)
        found[key] = frozenset(days)
        if key == "working_days":
            problems += [
                f"[calendar].working_days: {day.isoformat()} is a {day:%A}, a working day "
                "already; list the Saturdays and Sundays a decree makes working days"
                for day in sorted(found[key])
                if day.weekday() < _SATURDAY
            ]
    problems += [
        f"[calendar]: {day.isoformat()} is both a day off and a working day; keep it in one list"
        for day in sorted(found["days_off"] & found["working_days"])
    ]
    return found


def _calendar_day(value: object) -> date | None:
    """A TOML date, or its ISO text; None for anything else (a date-time is not a day)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


DEFAULT_SETTINGS: Final = RuleSettings()
"""RULES.md's figures, for regions that override nothing."""


# --- the decision ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coupon:
    """What the attachment coupon (талон прикрепления) says, R-OUT-1.

    Its number is given by the attachment register when the decision is recorded, not here.

    Parameters
    ----------
    clinic_id, district_id, model
        Where the person is attached.
    replaces_clinic_id
        The clinic the person leaves (R-ORG-3: a new attachment replaces the old one), or None.
    """

    clinic_id: str
    district_id: str
    model: DistrictModel
    replaces_clinic_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "clinic_id": self.clinic_id,
            "district_id": self.district_id,
            "model": self.model.value,
            "replaces_clinic_id": self.replaces_clinic_id,
        }


@dataclass(frozen=True)
class Decision:
    """The answer to one application (DESIGN.md; R-OUT-1).

    Parameters
    ----------
    outcome
        ``approved``, ``refused`` or ``needs_acknowledgement``.
    reasons
        Every reason that applies, refusals and warnings, in RULES.md order.
    taken_at, due_by
        When the request counts as taken and when its answer is due (R-TIME-3); None when the
        application is not submitted (``needs_acknowledgement``, R-TERR-2).
    coupon
        The coupon when approved, else None.
    decided_at
        The ``now`` the caller passed to ``evaluate``.
    """

    outcome: Outcome
    reasons: tuple[Reason, ...]
    taken_at: datetime | None
    due_by: datetime | None
    coupon: Coupon | None
    decided_at: datetime

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        """The reason codes, in order."""
        return tuple(r.code for r in self.reasons)

    @property
    def refusals(self) -> tuple[Reason, ...]:
        """The reasons that refuse."""
        return tuple(r for r in self.reasons if r.severity is Severity.REFUSE)

    @property
    def warnings(self) -> tuple[Reason, ...]:
        """The reasons that only warn."""
        return tuple(r for r in self.reasons if r.severity is Severity.WARN)

    def to_dict(self, lang: Language | str = Language.EN) -> dict[str, object]:
        """DESIGN.md's JSON answer, messages in ``lang`` (``kk``, ``ru`` or ``en``).

        Each reason also carries its ``context`` values, so a program need not parse messages.
        """
        language = Language(lang)
        return {
            "outcome": self.outcome.value,
            "reasons": [
                {
                    "code": r.code.value,
                    "rule": r.rule,
                    "severity": r.severity.value,
                    "message": render(r, language),
                    "context": {k: list(v) if isinstance(v, tuple) else v for k, v in r.context},
                }
                for r in self.reasons
            ],
            "taken_at": None if self.taken_at is None else self.taken_at.isoformat(),
            "due_by": None if self.due_by is None else self.due_by.isoformat(),
            "coupon": None if self.coupon is None else self.coupon.to_dict(),
            "decided_at": self.decided_at.isoformat(),
        }
