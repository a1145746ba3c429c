"""The attachment rules of RULES.md, one small pure function per rule, and :func:`evaluate`.

Each ``check_*`` function takes a :class:`Case` (the application, the caller's facts, the region's
settings, and the two values every rule reads: the submission date in UTC+5 and the applicant's
age on it) and returns the list of :class:`~catchments.reasons.Reason` it finds -- empty when the
rule is satisfied. Its docstring names the rule IDs and any interpretation of the sources.

:func:`evaluate` runs **all** of them, never stopping at the first refusal (R-OUT-1: a reasoned
refusal names every reason that applies), and derives the outcome:

* ``refused`` when any reason refuses;
* else ``needs_acknowledgement`` when ``ACKNOWLEDGEMENT_REQUIRED`` is among them (R-TERR-2: an
  application outside the territory is not submitted without the applicant's acknowledgement);
* else ``approved``, with a coupon naming the district.

The engine never reads a clock, a file or the network: ``now`` is a parameter, and the facts are
plain values the caller resolved (``catchments.service``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from .calendar import due_by, in_campaign, local, taken_at
from .capacity import ADULT_AGE, age_on, assess, best_district, models_for_age
from .models import (
    DEFAULT_SETTINGS,
    Application,
    Category,
    Channel,
    Coupon,
    Decision,
    Document,
    Facts,
    FactsError,
    Ground,
    Outcome,
    Package,
    RuleSettings,
)
from .reasons import ContextValue, Reason, ReasonCode, Severity, reason

__all__ = [
    "FREE_CHOICE_GROUNDS",
    "IDENTITY_DOCUMENTS",
    "REGISTRY_CATEGORIES",
    "RULE_CHECKS",
    "Case",
    "channels_for",
    "check_already_attached",
    "check_campaign",
    "check_capacity",
    "check_category_documents",
    "check_channel",
    "check_documents_reliable",
    "check_eds",
    "check_home_visits",
    "check_identity_documents",
    "check_legal_representation",
    "check_phc_organization",
    "check_settlement",
    "check_shi_supplier",
    "decide_outcome",
    "evaluate",
    "free_choice_refusal",
    "proximity_order",
]


@dataclass(frozen=True)
class Case:
    """One application with everything its rules read.

    Parameters
    ----------
    application, facts, settings
        As given to :func:`evaluate`.
    submitted_on
        The submission date in Kazakhstan's time (UTC+5). It, not the date the request is taken,
        decides the campaign (R-TIME-1) and the age: the applicant's right is exercised when they
        apply; moving an after-hours request to the next working day is the administration's
        bookkeeping (R-TIME-3).
    age
        Full years on ``submitted_on``.
    """

    application: Application
    facts: Facts
    settings: RuleSettings
    submitted_on: date
    age: int

    @classmethod
    def of(cls, application: Application, facts: Facts, settings: RuleSettings) -> Case:
        """Build the case, computing the submission date and age once for every rule."""
        submitted_on = local(application.submitted_at).date()
        return cls(
            application=application,
            facts=facts,
            settings=settings,
            submitted_on=submitted_on,
            age=age_on(application.applicant.birth_date, submitted_on),
        )

    @property
    def is_minor(self) -> bool:
        """Under 18 on the submission date (R-DOC-2)."""
        return self.age < ADULT_AGE

    @property
    def already_attached(self) -> bool:
        """The applicant is attached to the chosen clinic already (R-ORG-3)."""
        return self.application.applicant.current_clinic_id == self.application.clinic_id

    def has(self, document: Document) -> bool:
        """Whether the applicant handed in ``document``."""
        return document in self.application.applicant.documents


# --- R-ORG: where one may attach ---------------------------------------------------------------


def check_phc_organization(case: Case) -> list[Reason]:
    """R-ORG-1: only a PHC organization can be chosen.

    PHC organizations are polyclinics, outpatient clinics, paramedic and midwifery posts and family
    health / PHC centres; ``ClinicFacts.kind`` None means the organization is none of those.
    """
    if case.facts.clinic.kind is not None:
        return []
    return [reason(ReasonCode.NOT_A_PHC_ORGANIZATION, clinic_id=case.application.clinic_id)]


def check_shi_supplier(case: Case) -> list[Reason]:
    """R-ORG-2: the organization must be a registered SHI supplier of both free packages.

    Otherwise a warning names what it lacks (registration, supplier status, GOBMP, OSMS): the
    person could attach but not use the packages there.
    """
    clinic = case.facts.clinic
    missing = tuple(
        gap
        for gap, lacking in (
            ("registration", not clinic.registered),
            ("shi_supplier", not clinic.shi_supplier),
            ("gobmp", Package.GOBMP not in clinic.packages),
            ("osms", Package.OSMS not in clinic.packages),
        )
        if lacking
    )
    if not missing:
        return []
    return [
        reason(
            ReasonCode.CLINIC_NOT_SHI_SUPPLIER,
            clinic_id=case.application.clinic_id,
            missing=missing,
        )
    ]


def check_already_attached(case: Case) -> list[Reason]:
    """R-ORG-3: one organization at a time.

    Applying to the clinic one is already attached to changes nothing, so it warns
    (``ALREADY_ATTACHED_HERE``: "the attachment stays as it is") rather than refuses. Attaching
    elsewhere replaces the old attachment, which the coupon records (``replaces_clinic_id``).

    Interpretation: the person is already among the clinic's attached, so the application adds
    nobody to it and is never refused for capacity (:func:`check_capacity`), whether or not the
    facts say which district counts them; the coupon names that district where they do
    (``DistrictFacts.applicant_counted``), and ``replaces_clinic_id`` stays None.
    """
    if not case.already_attached:
        return []
    return [reason(ReasonCode.ALREADY_ATTACHED_HERE, clinic_id=case.application.clinic_id)]


# --- R-PLACE, R-TERR: where one lives ----------------------------------------------------------


def check_settlement(case: Case) -> list[Reason]:
    """R-TERR-1 with its two exceptions; R-PLACE-1 and R-PLACE-2.

    Refuses (``OUTSIDE_SETTLEMENT``) when the place the attachment is based on lies outside the
    clinic's settlement -- unless it is in a border area (``BORDER_AREA_EXCEPTION``) or a suburb of
    the clinic's city (``SUBURB_EXCEPTION``, R-PLACE-2), which are reported as warnings so the
    registrar sees why it was allowed; both are reported when both apply.

    Interpretation: R-TERR-1 speaks of where the applicant lives, but R-PLACE-1 lets one attach
    at the place of work or study; for such a basis the settlement test applies to the workplace
    or place of study (the caller's ``PlaceFacts`` describe the basis place). "City polyclinic"
    in R-PLACE-2 is read as any PHC organization of that city.
    """
    place, application = case.facts.place, case.application
    if place.same_settlement:
        return []
    context: dict[str, ContextValue] = {
        "clinic_id": application.clinic_id,
        "basis": application.basis.value,
    }
    found = []
    if place.border_area:
        found.append(reason(ReasonCode.BORDER_AREA_EXCEPTION, context))
    if place.suburb_of_clinic_city:
        found.append(reason(ReasonCode.SUBURB_EXCEPTION, context))
    return found or [reason(ReasonCode.OUTSIDE_SETTLEMENT, context)]


def check_home_visits(case: Case) -> list[Reason]:
    """R-TERR-2: an actual residence outside the clinic's territory gets no home visits.

    Acknowledged: ``HOME_VISIT_RISK`` as a warning, and the attachment may go ahead. Not
    acknowledged: ``ACKNOWLEDGEMENT_REQUIRED`` with ``HOME_VISIT_RISK`` (the outcome becomes
    ``needs_acknowledgement`` unless another reason refuses). This always concerns the residence,
    whatever the basis of the attachment.
    """
    if case.facts.place.residence_in_territory:
        return []
    clinic_id = case.application.clinic_id
    risk = reason(ReasonCode.HOME_VISIT_RISK, clinic_id=clinic_id)
    if case.application.home_visit_acknowledged:
        return [risk]
    return [reason(ReasonCode.ACKNOWLEDGEMENT_REQUIRED, clinic_id=clinic_id), risk]


# --- R-CAP: capacity ---------------------------------------------------------------------------


def check_capacity(case: Case) -> list[Reason]:
    """R-CAP-1, R-CAP-2: refuse (``CAPACITY_EXCEEDED``) when no district serving them has room.

    No district that serves the applicant can take them without exceeding its norm. The
    applicant's age on the submission date and the clinic's district models select the districts
    (:func:`catchments.capacity.serves`, R-CAP-2): pediatric districts the children of their
    range, therapist districts 15 and over, GP districts everyone no pediatric district of the
    clinic serves -- so a child whose pediatric district is full is refused, not attached to a GP
    district of the same clinic. A district fits when ``(attached + 1) / doctors ≤ norm``, so
    exactly at the norm is allowed and one above refuses. The refusal names the best candidate
    district: per-doctor load (rounded *up* to 0.1, so a load above the norm never prints as equal
    to it), the norm, doctors and attached. Variants: ``no_doctors`` when that district has no
    doctor at all, ``no_district`` when the clinic has no district for this age.

    Interpretation (R-ORG-3): an applicant already attached to this clinic is never refused for
    capacity. The application changes nothing: the person is already among the attached, and
    adding nobody cannot exceed a norm -- also when the facts do not say which district counts
    them (a residence now outside the clinic's territory). Only ``no_district`` still refuses
    them: the clinic has no district for their age (a child grown out of its pediatric
    district), so there is no list to stay on and no coupon to give.
    """
    application = case.application
    loads = assess(case.facts.districts, age=case.age, norms=case.settings.norms)
    best = best_district(loads)
    if best is None:
        return [
            reason(
                ReasonCode.CAPACITY_EXCEEDED,
                variant="no_district",
                clinic_id=application.clinic_id,
                age=case.age,
                models=tuple(model.value for model in models_for_age(case.age)),
            )
        ]
    if best.fits or case.already_attached:
        return []
    district = best.district
    context: dict[str, ContextValue] = {
        "clinic_id": application.clinic_id,
        "district_id": district.district_id,
        "model": district.model.value,
        "attached": district.attached,
        "doctors": district.doctors,
        "norm": best.norm,
        "remaining": best.remaining,
    }
    if best.per_doctor is None:
        return [reason(ReasonCode.CAPACITY_EXCEEDED, context, variant="no_doctors")]
    per_doctor = math.ceil(best.per_doctor * 10) / 10
    return [reason(ReasonCode.CAPACITY_EXCEEDED, context, per_doctor=per_doctor)]


# --- R-DOC: documents --------------------------------------------------------------------------

IDENTITY_DOCUMENTS: Final = (Document.ID_CARD, Document.PASSPORT, Document.RESIDENCE_PERMIT)
"""R-DOC-3: identity of an adult; a child may instead show the birth certificate."""

# R-DOC-2: the document proving each kind of representation.
_REPRESENTATION: Final[Mapping[Category, Document]] = {
    Category.PROXY: Document.POWER_OF_ATTORNEY,
    Category.GUARDIAN: Document.GUARDIANSHIP_DECISION,
    Category.TRUSTEE: Document.GUARDIANSHIP_DECISION,
    Category.FOSTER_CARER: Document.GUARDIANSHIP_DECISION,
}
# A minor's parent proves representation with the birth certificate naming them; a guardian or
# proxy of a minor with their own document.
_MINOR_REPRESENTATION: Final = (
    Document.BIRTH_CERTIFICATE,
    Document.GUARDIANSHIP_DECISION,
    Document.POWER_OF_ATTORNEY,
)

# R-DOC-4, except the rows for guardians and proxies, which are R-DOC-2's proof of
# representation and reported once, there. Each entry lists requirements; each requirement is a
# tuple of alternatives.
_CATEGORY_DOCUMENTS: Final[Mapping[Category, tuple[tuple[Document, ...], ...]]] = {
    Category.PENSIONER: ((Document.PENSION_CERTIFICATE,),),
    Category.DISABLED: ((Document.PENSION_CERTIFICATE, Document.DISABILITY_EXTRACT),),
    Category.CONVICT: ((Document.COMMISSION_PROTOCOL,),),
    Category.CONSCRIPT: ((Document.COMMISSION_PROTOCOL,),),
    Category.STUDENT: ((Document.INSTITUTION_REQUEST,), (Document.COMMISSION_PROTOCOL,)),
    Category.MADRASA_STUDENT: ((Document.INSTITUTION_REQUEST,), (Document.COMMISSION_PROTOCOL,)),
    Category.BORN_ABROAD: ((Document.BIRTH_ABROAD_DOCUMENT,),),
    Category.CARE_HOME_RESIDENT: ((Document.LOCAL_HEALTH_BODY_DECISION,),),
}
_MINORS_ONLY: Final = frozenset({Category.STUDENT, Category.MADRASA_STUDENT})


def _names(documents: Iterable[Document]) -> tuple[str, ...]:
    return tuple(document.value for document in documents)


def _is_represented(case: Case) -> bool:
    categories = case.application.applicant.categories
    return case.is_minor or any(category in _REPRESENTATION for category in categories)


def check_documents_reliable(case: Case) -> list[Reason]:
    """R-DOC-1: refuse when the documents, or the data in them, were found unreliable."""
    if case.application.applicant.documents_reliable:
        return []
    return [reason(ReasonCode.DOCUMENTS_UNRELIABLE)]


def check_legal_representation(case: Case) -> list[Reason]:
    """R-DOC-2: refuse (``LEGAL_REPRESENTATION_MISSING``) without proof of legal representation.

    A child or a represented person may not be attached without a document proving it.

    Interpretation: the categories ``guardian``, ``trustee``, ``foster_carer`` and ``proxy`` mean
    the application is made *by* that representative for the person attached (their ward or
    principal); they prove it with the guardianship decision or the power of attorney (R-DOC-4's
    rows for them). A child (under 18 on the submission date) without such a representative is
    represented by a parent, proven by the birth certificate (or a guardianship decision or power
    of attorney).
    """
    categories = case.application.applicant.categories
    found: list[Reason] = []
    reported: set[Document] = set()
    for category in categories:
        proof = _REPRESENTATION.get(category)
        if proof is None or case.has(proof) or proof in reported:
            continue
        reported.add(proof)
        found.append(
            reason(
                ReasonCode.LEGAL_REPRESENTATION_MISSING,
                who=category.value,
                documents=(proof.value,),
            )
        )
    has_representative = any(category in _REPRESENTATION for category in categories)
    if case.is_minor and not has_representative and not any(map(case.has, _MINOR_REPRESENTATION)):
        found.append(
            reason(
                ReasonCode.LEGAL_REPRESENTATION_MISSING,
                who="minor",
                documents=_names(_MINOR_REPRESENTATION),
            )
        )
    return found


def check_identity_documents(case: Case) -> list[Reason]:
    """R-DOC-3: identity by ID card, passport or residence permit.

    A child may show the birth certificate instead; for a child or a represented person the
    identity document of the legal representative is needed too.
    """
    accepted = (
        (*IDENTITY_DOCUMENTS, Document.BIRTH_CERTIFICATE) if case.is_minor else IDENTITY_DOCUMENTS
    )
    found = []
    if not any(map(case.has, accepted)):
        found.append(
            reason(
                ReasonCode.MISSING_DOCUMENT,
                rule="R-DOC-3",
                purpose="identity",
                documents=_names(accepted),
            )
        )
    if _is_represented(case) and not case.has(Document.REPRESENTATIVE_ID):
        found.append(
            reason(
                ReasonCode.MISSING_DOCUMENT,
                rule="R-DOC-3",
                purpose="representative",
                documents=(Document.REPRESENTATIVE_ID.value,),
            )
        )
    return found


def check_category_documents(case: Case) -> list[Reason]:
    """R-DOC-4: the extra documents of each declared category, at the clinic's registry.

    One ``MISSING_DOCUMENT`` per missing requirement; a requirement shared by two categories
    (the commission protocol of a convict and a conscript) is reported once.

    Interpretation: the category documents are asked only on the ``registry`` channel, the one
    those categories open (R-CHAN-1). Seed 001 ties them to it: "Alternatively, this service is
    provided in the PHC organization (the presence of an EDS is not required): [pensioners,
    disabled people, guardians, ..., people who make an attachment by proxy]. When applying to
    the polyclinic, these population groups must provide the following documents"; seed 000's
    list of them names no channel. A PSC takes anyone with an identity document (R-CHAN-2, seed
    000: "You must have an identity card, passport or residence permit with you"), and egov
    anyone with an EDS (R-CHAN-3), so there a declared category asks nothing more: declaring it
    never makes the answer worse than not declaring it. R-DOC-2's proof of representation (a
    guardian's decision, a proxy's power of attorney, a minor's representative,
    :func:`check_legal_representation`) and R-DOC-3's identity
    (:func:`check_identity_documents`) are asked on every channel.

    Students and madrasa students need theirs only under 18, as the sources say. The rows for
    guardians and proxies are checked by R-DOC-2 (:func:`check_legal_representation`).
    """
    if case.application.channel is not Channel.REGISTRY:
        return []
    found = []
    reported: set[tuple[Document, ...]] = set()
    for category in case.application.applicant.categories:
        if category in _MINORS_ONLY and not case.is_minor:
            continue
        for alternatives in _CATEGORY_DOCUMENTS.get(category, ()):
            if any(map(case.has, alternatives)) or alternatives in reported:
                continue
            reported.add(alternatives)
            found.append(
                reason(
                    ReasonCode.MISSING_DOCUMENT,
                    rule="R-DOC-4",
                    purpose=category.value,
                    documents=_names(alternatives),
                )
            )
    return found


# --- R-CHAN: channels --------------------------------------------------------------------------

REGISTRY_CATEGORIES: Final = frozenset(
    {
        Category.PENSIONER,
        Category.DISABLED,
        Category.ORPHAN,
        Category.CONVICT,
        Category.STUDENT,
        Category.MADRASA_STUDENT,
        Category.CONSCRIPT,
        Category.GUARDIAN,
        Category.TRUSTEE,
        Category.FOSTER_CARER,
        Category.PROXY,
        Category.BORN_ABROAD,
    }
)
"""R-CHAN-1: categories who may apply at the clinic's registry, besides every child.

Children (including those in baby homes) qualify by age, not by the ``child`` category, so an
adult cannot claim it. ``care_home_resident`` alone does not qualify: the sources list only
children in baby homes, who qualify as children."""


def channels_for(categories: Iterable[Category], *, age: int) -> tuple[Channel, ...]:
    """Return the channels a person may use (R-CHAN-1..3).

    PSC and egov (with an EDS) for anyone; the registry for children and
    :data:`REGISTRY_CATEGORIES`.
    """
    registry = age < ADULT_AGE or any(category in REGISTRY_CATEGORIES for category in categories)
    return (
        (Channel.REGISTRY, Channel.PSC, Channel.EGOV) if registry else (Channel.PSC, Channel.EGOV)
    )


def check_channel(case: Case) -> list[Reason]:
    """R-CHAN-1, R-CHAN-2: the registry only for children and the listed categories.

    ``CHANNEL_NOT_ALLOWED`` names the channels to use instead. A PSC takes anyone with an identity
    document (checked by R-DOC-3) and answers within one business day
    (:func:`catchments.calendar.due_by`).
    """
    application = case.application
    allowed = channels_for(application.applicant.categories, age=case.age)
    if application.channel in allowed:
        return []
    return [
        reason(
            ReasonCode.CHANNEL_NOT_ALLOWED,
            channel=application.channel.value,
            allowed=tuple(channel.value for channel in allowed),
        )
    ]


def check_eds(case: Case) -> list[Reason]:
    """R-CHAN-3: an application on egov needs an electronic digital signature (``EDS_REQUIRED``)."""
    application = case.application
    if application.channel is not Channel.EGOV or application.applicant.has_eds:
        return []
    return [reason(ReasonCode.EDS_REQUIRED)]


# --- R-TIME: when ------------------------------------------------------------------------------


FREE_CHOICE_GROUNDS: Final = frozenset({Ground.ANNUAL_FREE_CHOICE, Ground.FIRST_FREE_CHOICE})
"""The grounds outside the campaign that use the right of free choice (R-TIME-2)."""


def _one_year_after(day: date) -> date:
    """Return the same date a year later; 29 February becomes 28 February (as ``age_on``)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _campaign_context(submitted_on: date, settings: RuleSettings) -> dict[str, ContextValue]:
    return {
        "date": submitted_on.isoformat(),
        "start": str(settings.campaign_start),
        "end": str(settings.campaign_end),
    }


def free_choice_refusal(
    ground: Ground | None,
    submitted_on: date,
    last_free_choice: date | None,
    settings: RuleSettings,
) -> Reason | None:
    """R-TIME-2: the refusal of a free-choice ground that does not hold, or None.

    Outside the campaign, the yearly free choice (``annual_free_choice``) needs a year since the
    last use of the right of free choice (``OUTSIDE_CAMPAIGN_NO_GROUND``, variant
    ``annual_too_soon``, naming the day it can be used again: a choice made on 29 February
    renews on 28 February, as ``age_on`` counts); ``first_free_choice`` needs that there was
    none (variant ``not_first``). None inside the campaign, for any other ground, and when
    there was no use of the right (``last_free_choice`` None).

    :func:`check_campaign` and the register (which knows the person's earlier uses when it
    records a decision, :meth:`catchments.register.Register.record_decision`) both refuse with
    it, so the two say the same in the same words.
    """
    if ground not in FREE_CHOICE_GROUNDS or last_free_choice is None:
        return None
    if in_campaign(submitted_on, settings):
        return None
    context = _campaign_context(submitted_on, settings)
    if ground is Ground.FIRST_FREE_CHOICE:
        return reason(
            ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND,
            context,
            variant="not_first",
            ground=ground.value,
            last=last_free_choice.isoformat(),
        )
    next_allowed = _one_year_after(last_free_choice)
    if submitted_on >= next_allowed:
        return None
    return reason(
        ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND,
        context,
        variant="annual_too_soon",
        ground=Ground.ANNUAL_FREE_CHOICE.value,
        last=last_free_choice.isoformat(),
        next=next_allowed.isoformat(),
    )


def check_campaign(case: Case) -> list[Reason]:
    """R-TIME-1, R-TIME-2: outside the campaign, attachment needs a ground.

    The campaign runs from 15 September to 15 November, both days included, or over the region's
    dates; outside it, no ground means ``OUTSIDE_CAMPAIGN_NO_GROUND``.

    The engine checks that a ground is given and, where the facts allow, that it holds: the
    yearly free choice (``annual_free_choice``) needs a year since the last free choice
    (variant ``annual_too_soon``); ``first_free_choice`` needs that there was none (variant
    ``not_first``), both by :func:`free_choice_refusal`. The other grounds rest on documents
    the registrar checks (R-DOC-1).
    """
    settings = case.settings
    if in_campaign(case.submitted_on, settings):
        return []
    ground = case.application.ground
    if ground is None:
        return [
            reason(
                ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND,
                _campaign_context(case.submitted_on, settings),
            )
        ]
    refusal = free_choice_refusal(ground, case.submitted_on, case.facts.last_free_choice, settings)
    return [] if refusal is None else [refusal]


# --- R-PLACE-3 -------------------------------------------------------------------------------


def proximity_order(distances: Mapping[str, float]) -> list[str]:
    """R-PLACE-3: clinic IDs nearest first, as the citizen view lists them (ties by ID).

    Parameters
    ----------
    distances
        Clinic ID to distance or travel time from home (any one unit).
    """
    for clinic_id, distance in distances.items():
        if not (isinstance(distance, int | float) and math.isfinite(distance) and distance >= 0):
            raise ValueError(
                f"proximity_order: distance of {clinic_id!r} is {distance!r}; expected a finite "
                "number >= 0"
            )
    return sorted(distances, key=lambda clinic_id: (distances[clinic_id], clinic_id))


# --- the engine --------------------------------------------------------------------------------

RULE_CHECKS: Final[tuple[Callable[[Case], list[Reason]], ...]] = (
    check_phc_organization,
    check_shi_supplier,
    check_already_attached,
    check_settlement,
    check_home_visits,
    check_capacity,
    check_documents_reliable,
    check_legal_representation,
    check_identity_documents,
    check_category_documents,
    check_channel,
    check_eds,
    check_campaign,
)
"""Every check, in RULES.md order; :func:`evaluate` runs them all."""


def decide_outcome(reasons: Iterable[Reason]) -> Outcome:
    """Return the outcome the reasons imply (R-OUT-1, R-TERR-2).

    Any refusal refuses; else an unacknowledged home-visit risk holds the application back;
    else approved.
    """
    reasons = tuple(reasons)
    if any(r.severity is Severity.REFUSE for r in reasons):
        return Outcome.REFUSED
    if any(r.code is ReasonCode.ACKNOWLEDGEMENT_REQUIRED for r in reasons):
        return Outcome.NEEDS_ACKNOWLEDGEMENT
    return Outcome.APPROVED


def evaluate(
    application: Application,
    facts: Facts,
    *,
    now: datetime,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> Decision:
    """Decide an application as a registrar must, naming every reason (R-OUT-1).

    Parameters
    ----------
    application
        The application.
    facts
        What the caller found about the place and the clinic; ``facts.clinic.clinic_id`` must be
        the application's clinic.
    now
        The moment of the decision, recorded as ``decided_at``; timezone-aware. It is not
        compared with ``submitted_at``: a registrar may check an application dated ahead.
    settings
        The region's campaign dates and norms (``RuleSettings.from_mapping(region_toml)``).

    Returns
    -------
    Decision
        The outcome, every reason, ``taken_at`` and ``due_by`` (R-TIME-3; None when the
        application is not submitted for lack of acknowledgement) and, when approved, the coupon.

    Raises
    ------
    FactsError
        If the facts are about another clinic.
    catchments.calendar.CalendarError
        If ``now`` is naive or the dates fall outside the holiday calendar's years.
    """
    if facts.clinic.clinic_id != application.clinic_id:
        raise FactsError(
            f"evaluate: the facts are about clinic {facts.clinic.clinic_id!r} but the application "
            f"chooses {application.clinic_id!r}; resolve the facts for the chosen clinic"
        )
    decided_at = local(now)
    case = Case.of(application, facts, settings)
    reasons = tuple(found for check in RULE_CHECKS for found in check(case))
    outcome = decide_outcome(reasons)
    taken = due = None
    if outcome is not Outcome.NEEDS_ACKNOWLEDGEMENT:
        taken = taken_at(application.submitted_at, settings)
        due = due_by(taken, settings, made=application.submitted_at)
    coupon = None
    if outcome is Outcome.APPROVED:
        best = best_district(assess(facts.districts, age=case.age, norms=settings.norms))
        # Approval implies check_capacity found a district that fits, or one to stay in for a
        # person already attached here (R-ORG-3: they are never refused for capacity).
        assert best is not None
        assert best.fits or case.already_attached
        coupon = Coupon(
            clinic_id=application.clinic_id,
            district_id=best.district.district_id,
            model=best.district.model,
            replaces_clinic_id=(
                None if case.already_attached else application.applicant.current_clinic_id
            ),
        )
    return Decision(
        outcome=outcome,
        reasons=reasons,
        taken_at=taken,
        due_by=due,
        coupon=coupon,
        decided_at=decided_at,
    )
