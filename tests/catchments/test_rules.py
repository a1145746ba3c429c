"""Table-driven tests of every rule of RULES.md, through ``evaluate``.

Each case starts from one plain application that is approved -- an adult at a PSC on Monday
21 September 2026 (inside the campaign), with an ID card, at a registered polyclinic whose
districts each have 1 doctor and 100 attached -- and changes one or two things. Case ids start
with the rule ID they check, so ``pytest -k R-CAP-1`` runs one rule.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from catchments.calendar import KZ_TZ, CalendarError
from catchments.models import (
    Applicant,
    Application,
    ApplicationError,
    Basis,
    Category,
    Channel,
    ClinicFacts,
    ClinicKind,
    Coupon,
    DistrictFacts,
    DistrictModel,
    Document,
    Facts,
    FactsError,
    Ground,
    Location,
    Outcome,
    Package,
    PlaceFacts,
    RuleSettings,
)
from catchments.reasons import ReasonCode, Severity
from catchments.rules import channels_for, evaluate, proximity_order

MONDAY = datetime(2026, 9, 21, 10, 0, tzinfo=KZ_TZ)
NOW = datetime(2026, 9, 21, 12, 0, tzinfo=KZ_TZ)
C = ReasonCode


def district(
    district_id: str, model: str, doctors: float, attached: int, *, counted: bool = False
) -> DistrictFacts:
    return DistrictFacts(district_id, DistrictModel(model), doctors, attached, counted)


BASE_DISTRICTS = (
    district("D-T", "therapist", 1, 100),
    district("D-GP", "gp", 1, 100),
    district("D-P6", "pediatric_0_6", 1, 100),
    district("D-P14", "pediatric_0_14", 1, 100),
)


def make_application(
    *,
    birth_date: date = date(1990, 1, 1),
    categories: tuple[str, ...] = (),
    documents: tuple[str, ...] = ("id_card",),
    documents_reliable: bool = True,
    has_eds: bool = True,
    current_clinic_id: str | None = None,
    **changes: Any,
) -> Application:
    applicant = Applicant(
        birth_date=birth_date,
        categories=tuple(Category(c) for c in categories),
        documents=tuple(Document(d) for d in documents),
        documents_reliable=documents_reliable,
        has_eds=has_eds,
        current_clinic_id=current_clinic_id,
    )
    fields: dict[str, Any] = {
        "clinic_id": "C-07",
        "residence": Location(address="ул. Абая 10"),
        "basis": Basis.RESIDENCE,
        "applicant": applicant,
        "channel": Channel.PSC,
        "submitted_at": MONDAY,
    }
    fields.update(changes)
    return Application(**fields)


def make_facts(
    *,
    kind: str | None = "polyclinic",
    registered: bool = True,
    shi_supplier: bool = True,
    packages: tuple[str, ...] = ("gobmp", "osms"),
    districts: tuple[DistrictFacts, ...] = BASE_DISTRICTS,
    last_free_choice: date | None = None,
    **place: bool,
) -> Facts:
    place_fields = {"same_settlement": True, "residence_in_territory": True, **place}
    return Facts(
        clinic=ClinicFacts(
            "C-07",
            None if kind is None else ClinicKind(kind),
            registered,
            shi_supplier,
            frozenset(Package(p) for p in packages),
        ),
        place=PlaceFacts(**place_fields),
        districts=districts,
        last_free_choice=last_free_choice,
    )


# (application changes, facts changes, outcome, reason codes in order)
CASES = [
    pytest.param({}, {}, Outcome.APPROVED, (), id="R-OUT-1/plain-application-approved"),
    # --- R-ORG ---------------------------------------------------------------------------------
    pytest.param(
        {}, {"kind": None}, Outcome.REFUSED, (C.NOT_A_PHC_ORGANIZATION,), id="R-ORG-1/not-phc"
    ),
    *[
        pytest.param({}, {"kind": kind}, Outcome.APPROVED, (), id=f"R-ORG-1/phc-kind-{kind}")
        for kind in ("polyclinic", "outpatient", "paramedic_post", "family_health_centre")
    ],
    pytest.param(
        {},
        {"shi_supplier": False},
        Outcome.APPROVED,
        (C.CLINIC_NOT_SHI_SUPPLIER,),
        id="R-ORG-2/not-shi-supplier-warns",
    ),
    pytest.param(
        {},
        {"packages": ("gobmp",)},
        Outcome.APPROVED,
        (C.CLINIC_NOT_SHI_SUPPLIER,),
        id="R-ORG-2/gobmp-only-warns",
    ),
    pytest.param(
        {},
        {"registered": False},
        Outcome.APPROVED,
        (C.CLINIC_NOT_SHI_SUPPLIER,),
        id="R-ORG-2/not-registered-warns",
    ),
    pytest.param(
        {"current_clinic_id": "C-07"},
        {"districts": (district("D-T", "therapist", 1, 100, counted=True),)},
        Outcome.APPROVED,
        (C.ALREADY_ATTACHED_HERE,),
        id="R-ORG-3/already-attached-here-warns",
    ),
    pytest.param(
        {"current_clinic_id": "C-01"}, {}, Outcome.APPROVED, (), id="R-ORG-3/replaces-other-clinic"
    ),
    # --- R-PLACE, R-TERR-1 ---------------------------------------------------------------------
    pytest.param(
        {"basis": Basis.WORK, "workplace": Location(address="пр. Достык 220")},
        {"residence_in_territory": False},
        Outcome.NEEDS_ACKNOWLEDGEMENT,
        (C.ACKNOWLEDGEMENT_REQUIRED, C.HOME_VISIT_RISK),
        id="R-PLACE-1/work-basis-home-elsewhere-needs-acknowledgement",
    ),
    pytest.param(
        {
            "basis": Basis.STUDY,
            "workplace": Location(lon=71.43, lat=51.12),
            "home_visit_acknowledged": True,
        },
        {"residence_in_territory": False},
        Outcome.APPROVED,
        (C.HOME_VISIT_RISK,),
        id="R-PLACE-1/study-basis-acknowledged-approved",
    ),
    pytest.param(
        {},
        {"same_settlement": False, "residence_in_territory": False},
        Outcome.REFUSED,
        (C.OUTSIDE_SETTLEMENT, C.ACKNOWLEDGEMENT_REQUIRED, C.HOME_VISIT_RISK),
        id="R-TERR-1/outside-settlement-refused",
    ),
    pytest.param(
        {"home_visit_acknowledged": True},
        {"same_settlement": False, "residence_in_territory": False, "border_area": True},
        Outcome.APPROVED,
        (C.BORDER_AREA_EXCEPTION, C.HOME_VISIT_RISK),
        id="R-TERR-1/border-area-exception",
    ),
    pytest.param(
        {"home_visit_acknowledged": True},
        {"same_settlement": False, "residence_in_territory": False, "suburb_of_clinic_city": True},
        Outcome.APPROVED,
        (C.SUBURB_EXCEPTION, C.HOME_VISIT_RISK),
        id="R-PLACE-2/suburb-exception",
    ),
    pytest.param(
        {"home_visit_acknowledged": True},
        {
            "same_settlement": False,
            "residence_in_territory": False,
            "border_area": True,
            "suburb_of_clinic_city": True,
        },
        Outcome.APPROVED,
        (C.BORDER_AREA_EXCEPTION, C.SUBURB_EXCEPTION, C.HOME_VISIT_RISK),
        id="R-TERR-1/border-and-suburb-both-named",
    ),
    pytest.param(
        {},
        {"border_area": True},
        Outcome.APPROVED,
        (),
        id="R-TERR-1/border-flag-irrelevant-in-same-settlement",
    ),
    # --- R-TERR-2 ------------------------------------------------------------------------------
    pytest.param(
        {},
        {"residence_in_territory": False},
        Outcome.NEEDS_ACKNOWLEDGEMENT,
        (C.ACKNOWLEDGEMENT_REQUIRED, C.HOME_VISIT_RISK),
        id="R-TERR-2/outside-territory-not-acknowledged",
    ),
    pytest.param(
        {"home_visit_acknowledged": True},
        {"residence_in_territory": False},
        Outcome.APPROVED,
        (C.HOME_VISIT_RISK,),
        id="R-TERR-2/outside-territory-acknowledged",
    ),
    pytest.param(
        {},
        {"residence_in_territory": False, "districts": (district("D-T", "therapist", 1, 2200),)},
        Outcome.REFUSED,
        (C.ACKNOWLEDGEMENT_REQUIRED, C.HOME_VISIT_RISK, C.CAPACITY_EXCEEDED),
        id="R-TERR-2/refusal-wins-over-acknowledgement",
    ),
    # --- R-CAP-1: exactly at the norm is allowed, one above refuses ----------------------------
    pytest.param(
        {"birth_date": date(2022, 1, 1), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P6", "pediatric_0_6", 1, 499),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-1/pediatric-0-6-at-500",
    ),
    pytest.param(
        {"birth_date": date(2022, 1, 1), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P6", "pediatric_0_6", 1, 500),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-1/pediatric-0-6-at-501",
    ),
    pytest.param(
        {"birth_date": date(2015, 1, 1), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P14", "pediatric_0_14", 1, 899),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-1/pediatric-0-14-at-900",
    ),
    pytest.param(
        {"birth_date": date(2015, 1, 1), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P14", "pediatric_0_14", 1, 900),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-1/pediatric-0-14-at-901",
    ),
    pytest.param(
        {},
        {"districts": (district("D-GP", "gp", 1, 1699),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-1/gp-at-1700",
    ),
    pytest.param(
        {},
        {"districts": (district("D-GP", "gp", 1, 1700),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-1/gp-at-1701",
    ),
    pytest.param(
        {},
        {"districts": (district("D-T", "therapist", 2, 4399),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-1/therapist-2-doctors-at-2200",
    ),
    pytest.param(
        {},
        {"districts": (district("D-T", "therapist", 2, 4400),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-1/therapist-2-doctors-at-2200.5",
    ),
    pytest.param(
        {},
        {"districts": (district("D-T", "therapist", 0.5, 1099),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-1/therapist-half-doctor-at-1100",
    ),
    pytest.param(
        {},
        {"districts": (district("D-T", "therapist", 0.5, 1100),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-1/therapist-half-doctor-at-1101",
    ),
    pytest.param(
        {},
        {"districts": (district("D-T", "therapist", 0, 0),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-1/no-doctors-refused",
    ),
    pytest.param(
        {},
        {"districts": (district("D-T", "therapist", 1, 2200), district("D-T2", "therapist", 1, 5))},
        Outcome.APPROVED,
        (),
        id="R-CAP-1/one-full-district-another-with-room",
    ),
    # --- R-CAP-2: which districts by age; counted once -----------------------------------------
    pytest.param(
        {"birth_date": date(2019, 9, 22), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P6", "pediatric_0_6", 1, 100),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-2/child-6-on-eve-of-7th-birthday-in-0-6-district",
    ),
    pytest.param(
        {"birth_date": date(2019, 9, 21), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P6", "pediatric_0_6", 1, 100),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-2/child-turning-7-leaves-0-6-district",
    ),
    pytest.param(
        {"birth_date": date(2019, 9, 21), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P14", "pediatric_0_14", 1, 100),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-2/child-turning-7-in-0-14-district",
    ),
    pytest.param(
        {"birth_date": date(2011, 9, 22), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-P14", "pediatric_0_14", 1, 100),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-2/child-14-on-eve-of-15th-birthday-in-0-14-district",
    ),
    pytest.param(
        {
            "birth_date": date(2011, 9, 21),
            "documents": ("id_card", "birth_certificate", "representative_id"),
        },
        {"districts": (district("D-P14", "pediatric_0_14", 1, 100),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-2/child-turning-15-leaves-0-14-district",
    ),
    pytest.param(
        {
            "birth_date": date(2011, 9, 21),
            "documents": ("id_card", "birth_certificate", "representative_id"),
        },
        {"districts": (district("D-T", "therapist", 1, 100),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-2/child-turning-15-in-therapist-district",
    ),
    pytest.param(
        {"birth_date": date(2021, 1, 1), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-GP", "gp", 1, 1699),)},
        Outcome.APPROVED,
        (),
        id="R-CAP-2/child-in-gp-district-counts-against-1700",
    ),
    pytest.param(
        {"birth_date": date(2021, 1, 1), "documents": ("birth_certificate", "representative_id")},
        {"districts": (district("D-GP", "gp", 1, 1700),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-2/child-in-full-gp-district",
    ),
    pytest.param(
        {},
        {"districts": (district("D-P14", "pediatric_0_14", 1, 1),)},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-2/adult-in-pediatric-only-clinic",
    ),
    pytest.param(
        {},
        {"districts": ()},
        Outcome.REFUSED,
        (C.CAPACITY_EXCEEDED,),
        id="R-CAP-2/no-districts-known",
    ),
    pytest.param(
        {"current_clinic_id": "C-07"},
        {"districts": (district("D-T", "therapist", 1, 2200, counted=True),)},
        Outcome.APPROVED,
        (C.ALREADY_ATTACHED_HERE,),
        id="R-CAP-2/already-counted-at-norm-not-counted-twice",
    ),
    pytest.param(
        # R-ORG-3: adding nobody cannot exceed a norm; the attachment stays as it is.
        {"current_clinic_id": "C-07"},
        {"districts": (district("D-T", "therapist", 1, 2201, counted=True),)},
        Outcome.APPROVED,
        (C.ALREADY_ATTACHED_HERE,),
        id="R-CAP-2/already-counted-in-district-over-norm",
    ),
    # --- R-DOC ---------------------------------------------------------------------------------
    pytest.param(
        {"documents_reliable": False},
        {},
        Outcome.REFUSED,
        (C.DOCUMENTS_UNRELIABLE,),
        id="R-DOC-1/unreliable-documents",
    ),
    pytest.param(
        {"birth_date": date(2019, 1, 1), "documents": ("id_card", "representative_id")},
        {},
        Outcome.REFUSED,
        (C.LEGAL_REPRESENTATION_MISSING,),
        id="R-DOC-2/child-without-proof-of-representation",
    ),
    pytest.param(
        {"birth_date": date(2019, 1, 1), "documents": ("birth_certificate", "representative_id")},
        {},
        Outcome.APPROVED,
        (),
        id="R-DOC-2/child-with-birth-certificate-and-parent-id",
    ),
    pytest.param(
        {"birth_date": date(2008, 9, 22), "documents": ("id_card",)},
        {},
        Outcome.REFUSED,
        (C.LEGAL_REPRESENTATION_MISSING, C.MISSING_DOCUMENT),
        id="R-DOC-2/17-year-old-alone",
    ),
    pytest.param(
        {"birth_date": date(2008, 9, 21), "documents": ("id_card",)},
        {},
        Outcome.APPROVED,
        (),
        id="R-DOC-2/turning-18-on-submission-day-needs-no-representative",
    ),
    pytest.param(
        {"categories": ("proxy",), "documents": ("id_card", "representative_id")},
        {},
        Outcome.REFUSED,
        (C.LEGAL_REPRESENTATION_MISSING,),
        id="R-DOC-2/proxy-without-power-of-attorney",
    ),
    pytest.param(
        {
            "categories": ("proxy",),
            "documents": ("id_card", "representative_id", "power_of_attorney"),
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-DOC-2/proxy-with-power-of-attorney",
    ),
    pytest.param(
        {
            "categories": ("guardian", "trustee"),
            "documents": ("id_card", "representative_id"),
        },
        {},
        Outcome.REFUSED,
        (C.LEGAL_REPRESENTATION_MISSING,),
        id="R-DOC-2/guardian-and-trustee-missing-decision-named-once",
    ),
    pytest.param(
        {
            "birth_date": date(2019, 1, 1),
            "categories": ("foster_carer",),
            "documents": ("birth_certificate", "representative_id", "guardianship_decision"),
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-DOC-2/foster-carer-of-child-with-decision",
    ),
    pytest.param(
        {"documents": ()},
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-3/adult-without-identity",
    ),
    pytest.param(
        {"documents": ("birth_certificate",)},
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-3/adult-birth-certificate-is-not-identity",
    ),
    *[
        pytest.param(
            {"documents": (doc,)}, {}, Outcome.APPROVED, (), id=f"R-DOC-3/adult-identity-{doc}"
        )
        for doc in ("id_card", "passport", "residence_permit")
    ],
    pytest.param(
        {"birth_date": date(2019, 1, 1), "documents": ("birth_certificate",)},
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-3/child-without-representative-id",
    ),
    # R-DOC-4's category documents are asked at the clinic's registry (check_category_documents);
    # at a PSC or on egov, see tests/catchments/test_rules_audit_fixes.py.
    pytest.param(
        {"channel": Channel.REGISTRY, "categories": ("pensioner",)},
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-4/pensioner-without-pension-certificate",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "categories": ("pensioner",),
            "documents": ("id_card", "pension_certificate"),
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-DOC-4/pensioner-with-pension-certificate",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "categories": ("disabled",),
            "documents": ("id_card", "disability_extract"),
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-DOC-4/disabled-with-expertise-extract",
    ),
    pytest.param(
        {"channel": Channel.REGISTRY, "categories": ("disabled",)},
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-4/disabled-without-either-document",
    ),
    pytest.param(
        {"channel": Channel.REGISTRY, "categories": ("convict", "conscript")},
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-4/convict-and-conscript-protocol-named-once",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "birth_date": date(2009, 1, 1),
            "categories": ("student",),
            "documents": ("id_card", "birth_certificate", "representative_id"),
        },
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT, C.MISSING_DOCUMENT),
        id="R-DOC-4/student-17-needs-request-and-protocol",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "birth_date": date(2007, 1, 1),
            "categories": ("madrasa_student",),
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-DOC-4/madrasa-student-19-needs-nothing-extra",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "birth_date": date(2020, 1, 1),
            "categories": ("born_abroad",),
            "documents": ("passport", "representative_id", "birth_certificate"),
        },
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-4/born-abroad-without-document",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "birth_date": date(2019, 1, 1),
            "categories": ("care_home_resident",),
            "documents": ("birth_certificate", "representative_id"),
        },
        {},
        Outcome.REFUSED,
        (C.MISSING_DOCUMENT,),
        id="R-DOC-4/care-home-resident-without-decision",
    ),
    # --- R-CHAN --------------------------------------------------------------------------------
    pytest.param(
        {"channel": Channel.REGISTRY},
        {},
        Outcome.REFUSED,
        (C.CHANNEL_NOT_ALLOWED,),
        id="R-CHAN-1/adult-without-category-at-registry",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "categories": ("pensioner",),
            "documents": ("id_card", "pension_certificate"),
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-CHAN-1/pensioner-at-registry",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "birth_date": date(2019, 1, 1),
            "documents": ("birth_certificate", "representative_id"),
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-CHAN-1/child-by-age-at-registry",
    ),
    pytest.param(
        {"channel": Channel.REGISTRY, "categories": ("child",)},
        {},
        Outcome.REFUSED,
        (C.CHANNEL_NOT_ALLOWED,),
        id="R-CHAN-1/adult-claiming-child-at-registry",
    ),
    pytest.param(
        {
            "channel": Channel.REGISTRY,
            "categories": ("care_home_resident",),
            "documents": ("id_card", "local_health_body_decision"),
        },
        {},
        Outcome.REFUSED,
        (C.CHANNEL_NOT_ALLOWED,),
        id="R-CHAN-1/adult-care-home-resident-at-registry",
    ),
    pytest.param(
        {"channel": Channel.PSC, "has_eds": False},
        {},
        Outcome.APPROVED,
        (),
        id="R-CHAN-2/psc-open-to-anyone-without-eds",
    ),
    pytest.param(
        {"channel": Channel.EGOV, "has_eds": False},
        {},
        Outcome.REFUSED,
        (C.EDS_REQUIRED,),
        id="R-CHAN-3/egov-without-eds",
    ),
    pytest.param(
        {"channel": Channel.EGOV, "has_eds": True},
        {},
        Outcome.APPROVED,
        (),
        id="R-CHAN-3/egov-with-eds",
    ),
    # --- R-TIME-1, R-TIME-2 ---------------------------------------------------------------------
    pytest.param(
        {"submitted_at": datetime(2026, 9, 15, 10, tzinfo=KZ_TZ)},
        {},
        Outcome.APPROVED,
        (),
        id="R-TIME-1/15-september-is-in-campaign",
    ),
    pytest.param(
        {"submitted_at": datetime(2026, 9, 14, 10, tzinfo=KZ_TZ)},
        {},
        Outcome.REFUSED,
        (C.OUTSIDE_CAMPAIGN_NO_GROUND,),
        id="R-TIME-1/14-september-without-ground",
    ),
    pytest.param(
        {"submitted_at": datetime(2026, 11, 15, 10, tzinfo=KZ_TZ)},
        {},
        Outcome.APPROVED,
        (),
        id="R-TIME-1/15-november-is-in-campaign",
    ),
    pytest.param(
        {"submitted_at": datetime(2026, 11, 16, 10, tzinfo=KZ_TZ)},
        {},
        Outcome.REFUSED,
        (C.OUTSIDE_CAMPAIGN_NO_GROUND,),
        id="R-TIME-1/16-november-without-ground",
    ),
    pytest.param(
        # 19:30 UTC on 14 September is 00:30 on 15 September in Kazakhstan.
        {"submitted_at": datetime(2026, 9, 14, 19, 30, tzinfo=UTC)},
        {},
        Outcome.APPROVED,
        (),
        id="R-TIME-1/campaign-date-is-kazakhstan-date",
    ),
    *[
        pytest.param(
            {"submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ), "ground": Ground(ground)},
            {},
            Outcome.APPROVED,
            (),
            id=f"R-TIME-2/outside-campaign-ground-{ground}",
        )
        for ground in (
            "changed_residence",
            "changed_work_or_study",
            "left_city_over_month",
            "attached_without_knowledge",
            "organization_reorganized",
            "contract_terminated",
            "new_clinic_nearby",
            "voluntary_insurance",
        )
    ],
    pytest.param(
        {
            "submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ),
            "ground": Ground.FIRST_FREE_CHOICE,
        },
        {"last_free_choice": None},
        Outcome.APPROVED,
        (),
        id="R-TIME-2/first-free-choice-never-used",
    ),
    pytest.param(
        {
            "submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ),
            "ground": Ground.FIRST_FREE_CHOICE,
        },
        {"last_free_choice": date(2020, 10, 1)},
        Outcome.REFUSED,
        (C.OUTSIDE_CAMPAIGN_NO_GROUND,),
        id="R-TIME-2/first-free-choice-already-used",
    ),
    pytest.param(
        {
            "submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ),
            "ground": Ground.ANNUAL_FREE_CHOICE,
        },
        {"last_free_choice": date(2025, 3, 2)},
        Outcome.APPROVED,
        (),
        id="R-TIME-2/once-a-year-exactly-a-year-later",
    ),
    pytest.param(
        {
            "submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ),
            "ground": Ground.ANNUAL_FREE_CHOICE,
        },
        {"last_free_choice": date(2025, 3, 3)},
        Outcome.REFUSED,
        (C.OUTSIDE_CAMPAIGN_NO_GROUND,),
        id="R-TIME-2/once-a-year-one-day-too-soon",
    ),
    pytest.param(
        {
            "submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ),
            "ground": Ground.ANNUAL_FREE_CHOICE,
        },
        {},
        Outcome.APPROVED,
        (),
        id="R-TIME-2/once-a-year-never-used",
    ),
    pytest.param(
        {"ground": Ground.ANNUAL_FREE_CHOICE},
        {"last_free_choice": date(2026, 9, 1)},
        Outcome.APPROVED,
        (),
        id="R-TIME-2/grounds-not-needed-in-campaign",
    ),
    # --- R-OUT-1: a refusal names every reason --------------------------------------------------
    pytest.param(
        {
            "channel": Channel.EGOV,
            "has_eds": False,
            "documents_reliable": False,
            "submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ),
        },
        {"kind": None, "shi_supplier": False, "same_settlement": False, "districts": ()},
        Outcome.REFUSED,
        (
            C.NOT_A_PHC_ORGANIZATION,
            C.CLINIC_NOT_SHI_SUPPLIER,
            C.OUTSIDE_SETTLEMENT,
            C.CAPACITY_EXCEEDED,
            C.DOCUMENTS_UNRELIABLE,
            C.EDS_REQUIRED,
            C.OUTSIDE_CAMPAIGN_NO_GROUND,
        ),
        id="R-OUT-1/refusal-names-every-reason",
    ),
]


@pytest.mark.parametrize(("app_changes", "facts_changes", "outcome", "codes"), CASES)
def test_rule_table(
    app_changes: dict[str, Any],
    facts_changes: dict[str, Any],
    outcome: Outcome,
    codes: tuple[ReasonCode, ...],
) -> None:
    decision = evaluate(make_application(**app_changes), make_facts(**facts_changes), now=NOW)
    assert decision.codes == codes
    assert decision.outcome is outcome
    assert (decision.coupon is not None) == (outcome is Outcome.APPROVED)


def decide(app_changes: dict[str, Any] | None = None, **facts_changes: Any) -> Any:
    return evaluate(make_application(**(app_changes or {})), make_facts(**facts_changes), now=NOW)


def only(decision: Any, code: ReasonCode) -> dict[str, Any]:
    found = [r for r in decision.reasons if r.code is code]
    assert len(found) == 1, decision.reasons
    values: dict[str, Any] = found[0].values
    return values


# --- context values a reader can check -------------------------------------------------------


def test_r_cap_1_therapist_example_reads_2214_per_doctor() -> None:
    decision = decide(districts=(district("D-3", "therapist", 2, 4427),))
    values = only(decision, C.CAPACITY_EXCEEDED)
    # (4427 + 1) / 2 = 2214 > 2200; floor(2200 * 2) - 4427 = -27
    assert values == {
        "clinic_id": "C-07",
        "district_id": "D-3",
        "model": "therapist",
        "attached": 4427,
        "doctors": 2,
        "norm": 2200,
        "per_doctor": 2214.0,
        "remaining": -27,
    }
    message = decision.to_dict("en")["reasons"][0]["message"]
    assert message == (
        "District therapists of clinic C-07 (district D-3) would serve 2,214 adults per doctor, "
        "above the norm of 2,200."
    )


def test_r_cap_1_pediatric_0_6_at_501_context() -> None:
    decision = decide(
        {"birth_date": date(2022, 1, 1), "documents": ("birth_certificate", "representative_id")},
        districts=(district("D-P6", "pediatric_0_6", 1, 500),),
    )
    values = only(decision, C.CAPACITY_EXCEEDED)
    assert (values["per_doctor"], values["norm"], values["remaining"]) == (501.0, 500, 0)


def test_r_cap_1_load_rounded_up_so_it_never_reads_as_the_norm() -> None:
    # 3 doctors: floor(2200 * 3) = 6600 places; 6600 attached + 1 = 6601 / 3 = 2200.33... -> 2200.4
    decision = decide(districts=(district("D-T", "therapist", 3, 6600),))
    assert only(decision, C.CAPACITY_EXCEEDED)["per_doctor"] == 2200.4


def test_r_cap_1_no_doctors_variant() -> None:
    decision = decide(districts=(district("D-T", "therapist", 0, 0),))
    (found,) = decision.reasons
    assert found.variant == "no_doctors"
    assert found.values["district_id"] == "D-T"


def test_r_cap_2_no_district_for_age_names_models() -> None:
    decision = decide(districts=(district("D-P6", "pediatric_0_6", 1, 1),))
    (found,) = decision.reasons
    assert found.variant == "no_district"
    assert found.values == {"clinic_id": "C-07", "age": 36, "models": ("therapist", "gp")}


def test_r_cap_2_coupon_prefers_suited_model_then_most_room() -> None:
    districts = (
        district("D-T1", "therapist", 1, 2000),
        district("D-GP", "gp", 1, 100),
        district("D-T2", "therapist", 1, 1000),
    )
    assert decide(districts=districts).coupon == Coupon("C-07", "D-T2", DistrictModel.THERAPIST)
    full = (district("D-T1", "therapist", 1, 2200), district("D-GP", "gp", 1, 100))
    assert decide(districts=full).coupon == Coupon("C-07", "D-GP", DistrictModel.GP)


def test_r_cap_2_coupon_keeps_district_already_counted_in() -> None:
    decision = decide(
        {"current_clinic_id": "C-07"},
        districts=(
            district("D-T1", "therapist", 1, 2000, counted=True),
            district("D-T2", "therapist", 1, 10),
        ),
    )
    assert decision.coupon == Coupon("C-07", "D-T1", DistrictModel.THERAPIST, None)


def test_r_cap_1_region_norm_override() -> None:
    settings = RuleSettings.from_mapping({"norms": {"therapist": 2000}})
    app = make_application()
    facts = make_facts(districts=(district("D-T", "therapist", 1, 2000),))
    assert evaluate(app, facts, now=NOW).outcome is Outcome.APPROVED
    refused = evaluate(app, facts, now=NOW, settings=settings)
    assert refused.outcome is Outcome.REFUSED
    assert only(refused, C.CAPACITY_EXCEEDED)["norm"] == 2000


def test_r_org_2_names_what_is_lacking() -> None:
    decision = decide(registered=False, packages=("gobmp",))
    assert only(decision, C.CLINIC_NOT_SHI_SUPPLIER)["missing"] == ("registration", "osms")


def test_r_org_3_coupon_records_replaced_clinic() -> None:
    assert decide({"current_clinic_id": "C-01"}).coupon == Coupon(
        "C-07", "D-T", DistrictModel.THERAPIST, "C-01"
    )


def test_r_terr_1_exception_reasons_warn_and_name_the_basis() -> None:
    decision = decide(
        {
            "basis": Basis.WORK,
            "workplace": Location(address="x"),
            "home_visit_acknowledged": True,
        },
        same_settlement=False,
        residence_in_territory=False,
        suburb_of_clinic_city=True,
    )
    found = decision.reasons[0]
    assert (found.code, found.rule, found.severity) == (
        C.SUBURB_EXCEPTION,
        "R-PLACE-2",
        Severity.WARN,
    )
    assert found.values["basis"] == "work"


def test_r_terr_2_not_submitted_has_no_taken_at() -> None:
    decision = decide(residence_in_territory=False)
    assert decision.outcome is Outcome.NEEDS_ACKNOWLEDGEMENT
    assert (decision.taken_at, decision.due_by, decision.coupon) == (None, None, None)
    assert all(r.severity is Severity.WARN for r in decision.reasons)


def test_r_doc_2_context_names_who_and_documents() -> None:
    child = decide({"birth_date": date(2019, 1, 1), "documents": ("id_card", "representative_id")})
    assert only(child, C.LEGAL_REPRESENTATION_MISSING) == {
        "who": "minor",
        "documents": ("birth_certificate", "guardianship_decision", "power_of_attorney"),
    }
    guardian = decide(
        {"categories": ("trustee", "guardian"), "documents": ("id_card", "representative_id")}
    )
    assert only(guardian, C.LEGAL_REPRESENTATION_MISSING) == {
        "who": "trustee",
        "documents": ("guardianship_decision",),
    }


def test_r_doc_3_and_r_doc_4_name_their_rule_and_purpose() -> None:
    identity = decide({"documents": ()})
    (found,) = identity.reasons
    assert (found.rule, found.values["purpose"]) == ("R-DOC-3", "identity")
    assert found.values["documents"] == ("id_card", "passport", "residence_permit")
    representative = decide({"birth_date": date(2019, 1, 1), "documents": ("birth_certificate",)})
    assert only(representative, C.MISSING_DOCUMENT)["purpose"] == "representative"
    student = decide(
        {
            "channel": Channel.REGISTRY,
            "birth_date": date(2009, 1, 1),
            "categories": ("student",),
            "documents": ("id_card", "birth_certificate", "representative_id"),
        }
    )
    assert [(r.rule, r.values["documents"]) for r in student.reasons] == [
        ("R-DOC-4", ("institution_request",)),
        ("R-DOC-4", ("commission_protocol",)),
    ]
    disabled = decide({"channel": Channel.REGISTRY, "categories": ("disabled",)})
    assert only(disabled, C.MISSING_DOCUMENT)["documents"] == (
        "pension_certificate",
        "disability_extract",
    )


def test_r_chan_1_names_the_channels_to_use() -> None:
    decision = decide({"channel": Channel.REGISTRY})
    assert only(decision, C.CHANNEL_NOT_ALLOWED) == {
        "channel": "registry",
        "allowed": ("psc", "egov"),
    }


@pytest.mark.parametrize(
    ("categories", "age", "registry"),
    [
        pytest.param((), 30, False, id="R-CHAN-1/adult-no-category"),
        pytest.param((), 17, True, id="R-CHAN-1/child-17"),
        pytest.param((Category.ORPHAN,), 20, True, id="R-CHAN-1/orphan"),
        pytest.param((Category.CONSCRIPT,), 20, True, id="R-CHAN-1/conscript"),
        pytest.param((Category.PROXY,), 40, True, id="R-CHAN-1/proxy"),
        pytest.param((Category.CHILD,), 30, False, id="R-CHAN-1/adult-claiming-child"),
    ],
)
def test_r_chan_1_channels_for(categories: tuple[Category, ...], age: int, registry: bool) -> None:
    channels = channels_for(categories, age=age)
    assert (Channel.REGISTRY in channels) is registry
    assert channels[-2:] == (Channel.PSC, Channel.EGOV)


def test_r_time_2_annual_too_soon_names_next_date() -> None:
    decision = decide(
        {
            "submitted_at": datetime(2026, 3, 2, 10, tzinfo=KZ_TZ),
            "ground": Ground.ANNUAL_FREE_CHOICE,
        },
        last_free_choice=date(2025, 10, 1),
    )
    (found,) = decision.reasons
    assert found.variant == "annual_too_soon"
    assert found.values == {
        "date": "2026-03-02",
        "start": "09-15",
        "end": "11-15",
        "ground": "annual_free_choice",
        "last": "2025-10-01",
        "next": "2026-10-01",
    }


def test_r_time_2_leap_day_choice_renews_on_28_february() -> None:
    base = {"ground": Ground.ANNUAL_FREE_CHOICE}
    on_28th = decide(
        {**base, "submitted_at": datetime(2025, 2, 28, 10, tzinfo=KZ_TZ)},
        last_free_choice=date(2024, 2, 29),
    )
    on_27th = decide(
        {**base, "submitted_at": datetime(2025, 2, 27, 10, tzinfo=KZ_TZ)},
        last_free_choice=date(2024, 2, 29),
    )
    assert (on_28th.outcome, on_27th.outcome) == (Outcome.APPROVED, Outcome.REFUSED)


def test_r_time_1_region_campaign_override() -> None:
    settings = RuleSettings.from_mapping({"campaign": {"start": "10-01", "end": "12-01"}})
    app = make_application(submitted_at=datetime(2026, 9, 15, 10, tzinfo=KZ_TZ))
    decision = evaluate(app, make_facts(), now=NOW, settings=settings)
    assert decision.codes == (C.OUTSIDE_CAMPAIGN_NO_GROUND,)
    assert decision.reasons[0].values["start"] == "10-01"


@pytest.mark.parametrize(
    ("submitted_at", "taken", "due"),
    [
        pytest.param(
            datetime(2026, 9, 21, 17, 30, tzinfo=KZ_TZ),
            datetime(2026, 9, 21, 17, 30, tzinfo=KZ_TZ),
            datetime(2026, 9, 22, 17, 30, tzinfo=KZ_TZ),
            id="R-TIME-3/monday-17-30-due-tuesday-17-30",
        ),
        # Made after the cut-off: taken at Saturday's opening and answered that day (the
        # result is issued on the next working day, and clinics work on Saturday).
        pytest.param(
            datetime(2026, 9, 18, 18, 0, 1, tzinfo=KZ_TZ),
            datetime(2026, 9, 19, 9, 0, tzinfo=KZ_TZ),
            datetime(2026, 9, 19, 14, 0, tzinfo=KZ_TZ),
            id="R-TIME-3/friday-after-cut-off-taken-saturday-due-saturday-closing",
        ),
    ],
)
def test_r_time_3_decision_times(submitted_at: datetime, taken: datetime, due: datetime) -> None:
    decision = decide({"submitted_at": submitted_at})
    assert (decision.taken_at, decision.due_by) == (taken, due)


def test_r_time_3_refusal_also_has_its_times() -> None:
    decision = decide({"documents_reliable": False})
    assert decision.taken_at == MONDAY
    assert decision.due_by == MONDAY + timedelta(days=1)


def test_r_out_1_answer_json_shape() -> None:
    answer = decide({"documents_reliable": False}, shi_supplier=False).to_dict("ru")
    assert answer["outcome"] == "refused"
    assert answer["coupon"] is None
    assert answer["taken_at"] == "2026-09-21T10:00:00+05:00"
    assert answer["due_by"] == "2026-09-22T10:00:00+05:00"
    assert answer["decided_at"] == "2026-09-21T12:00:00+05:00"
    reasons = answer["reasons"]
    assert isinstance(reasons, list)
    assert [(r["code"], r["rule"], r["severity"]) for r in reasons] == [
        ("CLINIC_NOT_SHI_SUPPLIER", "R-ORG-2", "warn"),
        ("DOCUMENTS_UNRELIABLE", "R-DOC-1", "refuse"),
    ]
    assert reasons[1]["message"].startswith("Представленные документы")
    assert reasons[0]["context"] == {"clinic_id": "C-07", "missing": ["shi_supplier"]}


def test_r_out_1_approved_answer_has_coupon() -> None:
    answer = decide().to_dict("kk")
    assert answer["outcome"] == "approved"
    assert answer["reasons"] == []
    assert answer["coupon"] == {
        "clinic_id": "C-07",
        "district_id": "D-T",
        "model": "therapist",
        "replaces_clinic_id": None,
    }


@pytest.mark.parametrize(
    ("distances", "order"),
    [
        pytest.param(
            {"C-2": 900.0, "C-1": 350.0, "C-3": 350.0},
            ["C-1", "C-3", "C-2"],
            id="R-PLACE-3/nearest-first-ties-by-id",
        ),
        pytest.param({}, [], id="R-PLACE-3/no-candidates"),
    ],
)
def test_r_place_3_proximity_order(distances: dict[str, float], order: list[str]) -> None:
    assert proximity_order(distances) == order


def test_r_place_3_rejects_negative_distance() -> None:
    with pytest.raises(ValueError, match="'C-1' is -1"):
        proximity_order({"C-1": -1})


# --- evaluate's own contract -------------------------------------------------------------------


def test_evaluate_refuses_facts_about_another_clinic() -> None:
    facts = dataclasses.replace(
        make_facts(), clinic=ClinicFacts("C-99", ClinicKind.POLYCLINIC, True, True)
    )
    with pytest.raises(FactsError, match="'C-99' but the application chooses 'C-07'"):
        evaluate(make_application(), facts, now=NOW)


def test_evaluate_needs_aware_now() -> None:
    with pytest.raises(CalendarError, match="no UTC offset"):
        evaluate(make_application(), make_facts(), now=datetime(2026, 9, 21, 12))


def test_evaluate_does_not_compare_now_with_submission() -> None:
    decision = evaluate(make_application(), make_facts(), now=datetime(2020, 1, 1, tzinfo=KZ_TZ))
    assert decision.outcome is Outcome.APPROVED


# --- the application format (DESIGN.md) ------------------------------------------------------

DESIGN_EXAMPLE: dict[str, Any] = {
    "clinic_id": "C-07",
    "residence": {"address": "ул. Абая 10"},
    "workplace": None,
    "basis": "residence",
    "applicant": {
        "birth_date": "2019-05-01",
        "categories": ["child"],
        "documents": ["id_card", "birth_certificate", "representative_id"],
        "documents_reliable": True,
        "has_eds": False,
        "current_clinic_id": None,
    },
    "channel": "registry",
    "submitted_at": "2026-09-20T17:30:00+05:00",
    "ground": None,
    "home_visit_acknowledged": False,
}


def test_application_parses_design_example_and_round_trips() -> None:
    app = Application.from_dict(DESIGN_EXAMPLE)
    assert app.applicant.categories == (Category.CHILD,)
    assert app.submitted_at == datetime(2026, 9, 20, 17, 30, tzinfo=KZ_TZ)
    assert app.to_dict() == DESIGN_EXAMPLE
    assert Application.from_dict(app.to_dict()) == app


def test_design_example_decided_end_to_end() -> None:
    # Sunday 20 September 2026, 17:30: taken Monday 08:00, due Monday 20:00. The child is 7, so
    # the 0-14 pediatric district takes her.
    app = Application.from_dict(DESIGN_EXAMPLE)
    decision = evaluate(app, make_facts(), now=NOW)
    assert decision.outcome is Outcome.APPROVED
    assert decision.taken_at == datetime(2026, 9, 21, 8, tzinfo=KZ_TZ)
    assert decision.due_by == datetime(2026, 9, 21, 20, tzinfo=KZ_TZ)
    assert decision.coupon == Coupon("C-07", "D-P14", DistrictModel.PEDIATRIC_0_14)


def test_r_time_3_a_friday_evening_request_is_answered_on_saturday() -> None:
    # "taken, and its result issued, on the next working day": clinics work on Saturday, so a
    # request made on egov at 19:00 on Friday is taken at 09:00 and answered by 14:00 that
    # Saturday. It was due at 20:00 on Monday.
    data = {**DESIGN_EXAMPLE, "submitted_at": "2026-09-18T19:00:00+05:00"}
    decision = evaluate(Application.from_dict(data), make_facts(), now=NOW)
    assert decision.taken_at == datetime(2026, 9, 19, 9, tzinfo=KZ_TZ)
    assert decision.due_by == datetime(2026, 9, 19, 14, tzinfo=KZ_TZ)


def with_changes(path: str, value: Any) -> dict[str, Any]:
    data = {**DESIGN_EXAMPLE, "applicant": dict(DESIGN_EXAMPLE["applicant"])}
    target: dict[str, Any] = data
    *parents, leaf = path.split(".")
    for parent in parents:
        target = target[parent]
    if value is KeyError:
        del target[leaf]
    else:
        target[leaf] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param(
            "applicant.categories",
            ["child", "pensionr"],
            "applicant.categories[1]: unknown category 'pensionr' (did you mean 'pensioner'?); "
            "expected one of pensioner, disabled,",
            id="unknown-category",
        ),
        pytest.param(
            "applicant.documents",
            ["id_card", "id_card"],
            "applicant.documents[1]: document 'id_card' is listed twice",
            id="duplicate-document",
        ),
        pytest.param("channel", "mail", "channel: unknown channel 'mail'", id="unknown-channel"),
        pytest.param("ground", "boredom", "ground: unknown ground 'boredom'", id="unknown-ground"),
        pytest.param("basis", "holiday", "basis: unknown basis 'holiday'", id="unknown-basis"),
        pytest.param("clinic_id", KeyError, "clinic_id: missing", id="missing-field"),
        pytest.param("colour", "red", "colour: unknown field", id="unknown-field"),
        pytest.param(
            "applicant.has_eds", "no", "applicant.has_eds: expected true or false", id="wrong-type"
        ),
        pytest.param(
            "applicant.birth_date",
            "2019-02-30",
            "applicant.birth_date: '2019-02-30' is not a valid date",
            id="bad-date",
        ),
        pytest.param(
            "applicant.birth_date",
            "2027-01-01",
            "applicant.birth_date: 2027-01-01 is after the submission date 2026-09-20",
            id="born-after-submission",
        ),
        pytest.param(
            "applicant.birth_date",
            "1800-01-01",
            "applicant.birth_date: 1800-01-01 makes the applicant about 226 years old",
            id="born-two-centuries-ago",
        ),
        pytest.param(
            "submitted_at",
            "2026-09-20T17:30:00",
            "submitted_at: '2026-09-20T17:30:00' has no UTC offset",
            id="naive-submission",
        ),
        pytest.param(
            "residence",
            {"lon": 71.4},
            "residence.lat: missing; lon and lat are given together",
            id="lon-without-lat",
        ),
        pytest.param(
            "residence",
            {"lon": 71.4, "lat": 95},
            "residence.lat: 95 is out of range",
            id="lat-out-of-range",
        ),
        pytest.param("residence", {}, 'residence: expected {"address"', id="empty-location"),
        pytest.param(
            "submitted_at",
            "1990-09-20T17:30:00+05:00",
            "submitted_at: '1990-09-20T17:30:00+05:00' is outside the years the holiday calendar "
            "covers (1991–2100)",
            id="submitted-before-the-calendar",
        ),
        pytest.param(
            "submitted_at",
            "0001-01-01T00:00:00+14:00",
            "submitted_at: '0001-01-01T00:00:00+14:00' is outside the years",
            id="submitted-at-datetime-s-first-year",
        ),
        pytest.param(
            "residence",
            {"lon": 10**400, "lat": 50},
            f"residence.lon: {str(10**400)[:79]}… is out of range",  # cut, not 401 digits
            id="lon-too-large-for-a-float",
        ),
        pytest.param(
            "basis",
            "work",
            "workplace: required when basis is 'work' (R-PLACE-1",
            id="R-PLACE-1/work-basis-needs-workplace",
        ),
    ],
)
def test_application_errors_name_the_field(path: str, value: Any, message: str) -> None:
    with pytest.raises(ApplicationError) as info:
        Application.from_dict(with_changes(path, value))
    assert any(str(problem).startswith(message) for problem in info.value.problems), [
        str(p) for p in info.value.problems
    ]


def test_application_error_names_every_bad_field_at_once() -> None:
    data = with_changes("channel", "fax")
    data["applicant"]["categories"] = ["pensionr", 5]
    data["residence"] = "ул. Абая 10"
    with pytest.raises(ApplicationError) as info:
        Application.from_dict(data)
    assert [p.path for p in info.value.problems] == [
        "residence",
        "channel",
        "applicant.categories[0]",
        "applicant.categories[1]",
    ]
    assert str(info.value).startswith("4 problems in the application")


def test_a_list_longer_than_its_names_is_one_problem_not_one_per_item() -> None:
    # 3,000 pasted categories were 3,000 lines of "unknown category".
    data = with_changes("applicant.categories", [f"c{n}" for n in range(3000)])
    with pytest.raises(ApplicationError) as info:
        Application.from_dict(data)
    (problem,) = info.value.problems
    assert problem.path == "applicant.categories"
    assert str(problem) == (
        "applicant.categories: 3,000 items, but there are only 14 category names and each is "
        "listed once; check what was pasted"
    )
    assert problem.text("ru").startswith("applicant.categories: 3\u00a0000 элементов, а разных")
    # As many as there are names is still checked item by item.
    data = with_changes("applicant.categories", [c.value for c in Category][::-1])
    assert Application.from_dict(data).applicant.categories


def test_application_must_be_an_object() -> None:
    with pytest.raises(ApplicationError, match="application: expected an object, got array"):
        Application.from_dict([])


def test_direct_construction_checks_workplace() -> None:
    with pytest.raises(ApplicationError, match="workplace: required when basis is 'study'"):
        make_application(basis=Basis.STUDY)


# --- facts validation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: district("D-1", "therapist", -1, 0),
            "doctors: -1 is not a count",
            id="negative-doctors",
        ),
        pytest.param(
            lambda: district("D-1", "therapist", float("nan"), 0),
            "doctors: nan is not a count",
            id="nan-doctors",
        ),
        pytest.param(
            lambda: district("D-1", "therapist", 1, -5),
            "attached: -5 is negative",
            id="negative-attached",
        ),
        pytest.param(
            lambda: DistrictFacts("D-1", "surgeon", 1, 1),  # type: ignore[arg-type]
            "model: unknown value 'surgeon'; expected one of gp, therapist",
            id="unknown-model",
        ),
        pytest.param(
            lambda: district("D-1", "therapist", 1, 0, counted=True),
            "applicant_counted is true but attached is 0",
            id="counted-in-empty-district",
        ),
        pytest.param(
            lambda: ClinicFacts("C-1", "hospital", True, True),  # type: ignore[arg-type]
            "ClinicFacts.kind: unknown value 'hospital'",
            id="unknown-clinic-kind",
        ),
        pytest.param(
            lambda: make_facts(
                districts=(district("D-1", "gp", 1, 1), district("D-1", "gp", 1, 1))
            ),
            "district 'D-1' is listed twice",
            id="duplicate-district",
        ),
    ],
)
def test_facts_errors(build: Any, message: str) -> None:
    with pytest.raises(FactsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()


def test_identifier_lists_match_geo_schema() -> None:
    from catchments.models import CLINIC_KINDS, DISTRICT_MODELS
    from geo import schema

    assert CLINIC_KINDS == schema.CLINIC_KINDS
    assert DISTRICT_MODELS == schema.DISTRICT_MODELS


def test_direct_construction_accepts_identifier_strings() -> None:
    applicant = Applicant(
        birth_date=date(1950, 1, 1),
        categories=("pensioner",),  # type: ignore[arg-type]
        documents=("id_card", "pension_certificate"),  # type: ignore[arg-type]
    )
    assert applicant.categories == (Category.PENSIONER,)
    app = make_application(channel="registry", basis="residence", ground="changed_residence")
    assert (app.channel, app.basis, app.ground) == (
        Channel.REGISTRY,
        Basis.RESIDENCE,
        Ground.CHANGED_RESIDENCE,
    )
    assert app.to_dict()["channel"] == "registry"


def test_direct_construction_refuses_unknown_identifiers() -> None:
    with pytest.raises(ApplicationError, match=r"applicant\.categories\[0\]: unknown category"):
        Applicant(birth_date=date(1950, 1, 1), categories=("pensionr",))  # type: ignore[arg-type]
    with pytest.raises(ApplicationError, match="channel: unknown channel 'fax'"):
        make_application(channel="fax")
    with pytest.raises(ApplicationError, match=r"location\.lat: 91\.0 is out of range"):
        Location(lon=10.0, lat=91.0)
