"""Three decisions the rules audit found at odds with RULES.md, each pinned by the rule it breaks.

* R-CAP-2: a child whose clinic has a pediatric district for their age is served there, not by
  the clinic's GP district; a full pediatric district refuses, it does not overflow into a GP list
  (the engine now agrees with planning's ``served_bands`` and the demo's ``attached`` counts).
* R-ORG-3 with R-CAP-1: a person already attached to the clinic adds nobody to it, so is never
  refused for capacity (the attachment stays as it is).
* R-DOC-4 with R-CHAN-2/3: the category documents are asked at the clinic's registry only; at a
  PSC or on egov declaring a category never makes the answer worse. R-DOC-2 and R-DOC-3 stay on
  every channel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from hypothesis import given, settings

from catchments import capacity
from catchments.calendar import KZ_TZ
from catchments.capacity import assess, best_district, models_for_age
from catchments.models import (
    Application,
    Channel,
    Coupon,
    DistrictFacts,
    DistrictModel,
    Facts,
    Location,
    Norms,
    Outcome,
)
from catchments.planning import common
from catchments.planning.common import AGE_BANDS, served_bands
from catchments.reasons import ReasonCode
from catchments.rules import evaluate
from catchments.service import RegionServices, check, decide
from tests.applications import application
from tests.catchments.test_properties import applications, facts
from tests.catchments.test_rules import district, make_application, make_facts

C = ReasonCode
GP, THERAPIST = DistrictModel.GP, DistrictModel.THERAPIST
P6, P14 = DistrictModel.PEDIATRIC_0_6, DistrictModel.PEDIATRIC_0_14
NORMS = Norms()
NOW = dt.datetime(2026, 9, 21, 12, tzinfo=KZ_TZ)
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
THREE = date(2023, 5, 1)  # 3 years old on 21 September 2026
CHILD_DOCUMENTS = ("birth_certificate", "representative_id")


def decided(
    app_changes: dict[str, Any],
    districts: tuple[DistrictFacts, ...],
    *,
    residence_in_territory: bool = True,
) -> Any:
    given_facts = make_facts(districts=districts, residence_in_territory=residence_in_territory)
    return evaluate(make_application(**app_changes), given_facts, now=NOW)


def context(decision: Any, code: ReasonCode) -> dict[str, Any]:
    (found,) = [r for r in decision.reasons if r.code is code]
    values: dict[str, Any] = found.values
    return values


@pytest.fixture(scope="module")
def services() -> RegionServices:
    return RegionServices.load(DEMO)


def home_in(services: RegionServices, district_id: str) -> dict[str, float]:
    """The point of a building of the demo inside ``district_id`` (as test_service's ``home``)."""
    buildings = services.region.buildings
    points = shapely.point_on_surface(buildings.geometry.to_numpy())
    territory = services.region.districts.set_index("district_id").loc[district_id, "geometry"]
    inside = points[shapely.contains(territory, points)]
    point = inside[len(inside) // 2]
    return {"lon": point.x, "lat": point.y}


# --- R-CAP-2: a child is served by a GP district only where no pediatric district serves them ----


@pytest.mark.parametrize(
    ("model", "clinic", "ages"),
    [
        pytest.param(GP, (GP,), range(0, 101), id="R-CAP-2/gp-alone-serves-everyone"),
        pytest.param(GP, (GP, P6), range(7, 101), id="R-CAP-2/gp-beside-0-6-serves-7-and-over"),
        pytest.param(GP, (GP, P14), range(15, 101), id="R-CAP-2/gp-beside-0-14-serves-15-and-over"),
        pytest.param(GP, (GP, P6, P14), range(15, 101), id="R-CAP-2/gp-beside-both-serves-15-up"),
        pytest.param(GP, (GP, THERAPIST), range(0, 101), id="R-CAP-2/a-therapist-takes-no-child"),
        pytest.param(P6, (P6, GP), range(0, 7), id="R-CAP-2/0-6-serves-0-6"),
        pytest.param(P14, (P14, P6), range(0, 15), id="R-CAP-2/0-14-serves-0-14"),
        pytest.param(THERAPIST, (THERAPIST, P14), range(15, 101), id="R-CAP-2/therapist-15-up"),
    ],
)
def test_r_cap_2_serves(
    model: DistrictModel, clinic: tuple[DistrictModel, ...], ages: range
) -> None:
    assert [age for age in range(0, 101) if capacity.serves(model, age, clinic)] == list(ages)


def test_r_cap_2_models_for_age_in_a_clinic() -> None:
    assert models_for_age(3, [GP, P6]) == (P6, P14)  # P14 would serve; the clinic has none
    assert models_for_age(3, [GP, THERAPIST]) == (P6, P14, GP)
    assert models_for_age(10, [GP, P6]) == (P14, GP)
    assert models_for_age(10, [GP, P14]) == (P14,)
    assert models_for_age(40, [GP, P6, P14]) == (THERAPIST, GP)
    # Without a clinic: every model whose ages include the age (named in a no_district refusal).
    assert models_for_age(3) == (P6, P14, GP)


def test_r_cap_2_assess_leaves_out_the_gp_district_of_a_clinic_with_pediatricians() -> None:
    districts = [
        DistrictFacts("D-G", GP, 1, 0),
        DistrictFacts("D-M", P6, 1, 500),
        DistrictFacts("D-P", P14, 1, 0),
    ]
    assert [load.district.district_id for load in assess(districts, age=3, norms=NORMS)] == [
        "D-M",
        "D-P",
    ]
    assert [load.district.district_id for load in assess(districts, age=10, norms=NORMS)] == ["D-P"]
    best = best_district(assess(districts[:2], age=3, norms=NORMS))
    assert best is not None
    assert (best.district.district_id, best.fits) == ("D-M", False)


def test_r_cap_2_full_pediatric_district_refuses_a_child_not_a_gp_coupon() -> None:
    """The audit's repro: 527 attached for 1.0 pediatrician (0-6), a GP district with room."""
    decision = decided(
        {"birth_date": THREE, "documents": CHILD_DOCUMENTS},
        (district("D-04G2", "gp", 1.5, 1000), district("D-04M1", "pediatric_0_6", 1.0, 527)),
    )
    assert decision.outcome is Outcome.REFUSED
    assert decision.coupon is None
    assert decision.codes == (C.CAPACITY_EXCEEDED,)
    values = context(decision, C.CAPACITY_EXCEEDED)
    assert (values["district_id"], values["model"], values["norm"]) == (
        "D-04M1",
        "pediatric_0_6",
        500,
    )
    assert values["per_doctor"] == 528.0


def test_r_cap_2_full_0_14_district_refuses_a_school_child() -> None:
    decision = decided(
        {"birth_date": date(2016, 1, 1), "documents": CHILD_DOCUMENTS},
        (district("D-G", "gp", 1, 0), district("D-P", "pediatric_0_14", 1, 900)),
    )
    assert decision.outcome is Outcome.REFUSED
    assert context(decision, C.CAPACITY_EXCEEDED)["district_id"] == "D-P"


def test_r_cap_2_child_older_than_the_pediatric_range_goes_to_the_gp_district() -> None:
    decision = decided(
        {"birth_date": date(2016, 1, 1), "documents": CHILD_DOCUMENTS},  # 10 years old
        (district("D-G", "gp", 1, 100), district("D-M", "pediatric_0_6", 1, 100)),
    )
    assert decision.coupon == Coupon("C-07", "D-G", GP)


def test_r_cap_2_child_in_a_clinic_without_pediatricians_counts_against_the_gp_norm() -> None:
    decision = decided(
        {"birth_date": THREE, "documents": CHILD_DOCUMENTS},
        (district("D-G", "gp", 1, 1699), district("D-T", "therapist", 1, 0)),
    )
    assert decision.coupon == Coupon("C-07", "D-G", GP)


def test_r_cap_2_engine_agrees_with_planning_s_served_bands() -> None:
    """One definition: served_bands(model, clinic)[band] is serves(model, age, clinic), any age."""
    models = list(DistrictModel)
    bands = [(band, first) for band, first in zip(AGE_BANDS, common.BAND_AGES, strict=True)]
    lasts = [first - 1 for first in common.BAND_AGES[1:]] + [120]
    for size in range(len(models) + 1):
        for clinic in itertools.combinations(models, size):
            for model in models:
                served = served_bands(model.value, [m.value for m in clinic])
                for k, ((band, first), last) in enumerate(zip(bands, lasts, strict=True)):
                    expected = {
                        capacity.serves(model, age, clinic) for age in range(first, last + 1)
                    }
                    assert expected == {bool(served[k])}, (model, clinic, band)


def test_r_cap_2_band_edges_are_the_norms_age_edges() -> None:
    edges = {first for first, _ in capacity.AGES.values()} | {
        last + 1 for _, last in capacity.AGES.values() if last is not None
    }
    assert edges <= set(common.BAND_AGES)


@pytest.mark.parametrize(
    ("model", "clinic", "bands"),
    [
        pytest.param("therapist", ["therapist", "gp"], [0, 0, 1, 1, 1], id="therapist"),
        pytest.param("pediatric_0_14", ["pediatric_0_14"], [1, 1, 0, 0, 0], id="pediatric-0-14"),
        pytest.param("pediatric_0_6", ["pediatric_0_6"], [1, 0, 0, 0, 0], id="pediatric-0-6"),
        pytest.param("gp", ["gp"], [1, 1, 1, 1, 1], id="gp-alone"),
        pytest.param("gp", ["gp", "pediatric_0_6"], [0, 1, 1, 1, 1], id="gp-with-0-6"),
        pytest.param("gp", ["gp", "pediatric_0_14"], [0, 0, 1, 1, 1], id="gp-with-0-14"),
        pytest.param(
            "gp", ["gp", "pediatric_0_6", "pediatric_0_14"], [0, 0, 1, 1, 1], id="gp-with-both"
        ),
        pytest.param("gp", ["gp", "unknown"], [1, 1, 1, 1, 1], id="gp-ignores-unknown-models"),
    ],
)
def test_r_cap_2_served_bands_keeps_planning_s_table(
    model: str, clinic: list[str], bands: list[int]
) -> None:
    assert served_bands(model, clinic).astype(int).tolist() == bands
    assert served_bands(model, np.array(clinic)).astype(int).tolist() == bands


def test_r_cap_2_demo_child_refused_by_the_full_0_6_district_of_c_04(
    services: RegionServices,
) -> None:
    """The audit's repro on data/demo: C-04's pediatric district D-04M1 has 527 for 1 doctor."""
    residence = home_in(services, "D-04M1")
    data = application(
        clinic_id="C-04",
        residence=residence,
        channel="registry",
        applicant={
            **application()["applicant"],
            "birth_date": THREE.isoformat(),
            "documents": list(CHILD_DOCUMENTS),
        },
    )
    answer = decide(services, data, now=NOW)
    assert any(d.startswith("D-04G") for d in answer.residence.districts)  # a GP district too
    assert answer.decision.outcome is Outcome.REFUSED
    assert answer.decision.coupon is None
    values = context(answer.decision, C.CAPACITY_EXCEEDED)
    assert (values["district_id"], values["model"]) == ("D-04M1", "pediatric_0_6")


def test_r_cap_2_check_does_not_say_c_04_takes_the_child(services: RegionServices) -> None:
    residence = home_in(services, "D-04M1")
    answer = check(
        services,
        Location(lon=residence["lon"], lat=residence["lat"]),
        now=NOW,
        applicant={"birth_date": THREE.isoformat(), "documents": list(CHILD_DOCUMENTS)},
    )
    (c04,) = [option for option in answer.options if option.clinic["clinic_id"] == "C-04"]
    assert c04.in_territory
    assert c04.remaining["pediatric_0_6"] < 0  # the clinic's 0-6 pediatricians are over the norm
    assert c04.decision.outcome is Outcome.REFUSED
    assert context(c04.decision, C.CAPACITY_EXCEEDED)["model"] == "pediatric_0_6"
    # An adult from the same house still gets a GP district of C-04.
    adult = check(services, Location(lon=residence["lon"], lat=residence["lat"]), now=NOW)
    (c04_adult,) = [option for option in adult.options if option.clinic["clinic_id"] == "C-04"]
    assert c04_adult.decision.coupon is not None
    assert c04_adult.decision.coupon.model is GP


# --- R-ORG-3 with R-CAP-1: one already attached adds nobody ---------------------------------------


def test_r_org_3_already_attached_in_an_over_norm_district_is_not_refused() -> None:
    decision = decided(
        {"current_clinic_id": "C-07"},
        (district("D-T", "therapist", 1, 2327, counted=True),),
    )
    assert decision.outcome is Outcome.APPROVED
    assert decision.codes == (C.ALREADY_ATTACHED_HERE,)
    assert decision.coupon == Coupon("C-07", "D-T", THERAPIST, replaces_clinic_id=None)


def test_r_org_3_already_attached_stays_in_the_district_that_counts_them() -> None:
    decision = decided(
        {"current_clinic_id": "C-07"},
        (
            district("D-T1", "therapist", 1, 2300, counted=True),
            district("D-T2", "therapist", 1, 10),
        ),
    )
    assert decision.coupon == Coupon("C-07", "D-T1", THERAPIST, None)


def test_r_org_3_already_attached_out_of_territory_is_not_counted_twice() -> None:
    """No district of the facts counts them (they moved out of the territory): still nobody new."""
    decision = decided(
        {"current_clinic_id": "C-07", "home_visit_acknowledged": True},
        (district("D-T1", "therapist", 1, 2200), district("D-T2", "therapist", 1, 2250)),
        residence_in_territory=False,
    )
    assert decision.outcome is Outcome.APPROVED
    assert decision.codes == (C.ALREADY_ATTACHED_HERE, C.HOME_VISIT_RISK)
    assert decision.coupon == Coupon("C-07", "D-T1", THERAPIST, None)  # the most room


def test_r_org_3_someone_attached_elsewhere_is_still_refused_for_capacity() -> None:
    decision = decided({"current_clinic_id": "C-01"}, (district("D-T", "therapist", 1, 2327),))
    assert decision.codes == (C.CAPACITY_EXCEEDED,)


def test_r_org_3_no_district_for_the_age_still_refuses_one_already_attached() -> None:
    """A clinic with no district for the age has no list to keep them on, nor a coupon to give."""
    decision = decided({"current_clinic_id": "C-07"}, (district("D-P", "pediatric_0_14", 1, 5),))
    assert decision.outcome is Outcome.REFUSED
    assert [r.variant for r in decision.reasons if r.code is C.CAPACITY_EXCEEDED] == ["no_district"]


@settings(max_examples=200, deadline=None)
@given(applications(), facts())
def test_r_org_3_already_attached_and_capacity_exceeded_never_together(
    generated: Application, found: Facts
) -> None:
    here = dataclasses.replace(
        generated, applicant=dataclasses.replace(generated.applicant, current_clinic_id="C-07")
    )
    decision = evaluate(here, found, now=NOW)
    assert C.ALREADY_ATTACHED_HERE in decision.codes
    variants = [r.variant for r in decision.reasons if r.code is C.CAPACITY_EXCEEDED]
    assert variants in ([], ["no_district"])
    if decision.coupon is not None:
        assert decision.coupon.replaces_clinic_id is None


def adult_at_c03(residence: dict[str, float], **changes: Any) -> dict[str, Any]:
    return application(
        clinic_id="C-03",
        residence=residence,
        applicant={**application()["applicant"], "current_clinic_id": "C-03"},
        **changes,
    )


def test_r_org_3_demo_adult_already_attached_to_over_norm_c_03(services: RegionServices) -> None:
    """The audit's repro: every therapist district of C-03 is over the norm in the demo."""
    answer = decide(services, adult_at_c03(home_in(services, "D-03T3")), now=NOW)
    assert answer.decision.outcome is Outcome.APPROVED
    assert answer.decision.codes == (C.ALREADY_ATTACHED_HERE,)
    assert answer.decision.coupon == Coupon("C-03", "D-03T3", THERAPIST, None)


def test_r_org_3_demo_adult_already_attached_now_living_elsewhere(services: RegionServices) -> None:
    residence = home_in(services, "D-02T1")  # C-02's territory, same city
    answer = decide(services, adult_at_c03(residence, home_visit_acknowledged=True), now=NOW)
    assert answer.decision.outcome is Outcome.APPROVED
    assert answer.decision.codes == (C.ALREADY_ATTACHED_HERE, C.HOME_VISIT_RISK)
    assert answer.decision.coupon is not None
    assert answer.decision.coupon.model is THERAPIST


# --- R-DOC-4 with R-CHAN-2/3: category documents at the registry only -----------------------------

# A person of each category whose documents R-DOC-4 lists, with the identity (and, for a child,
# the representation) documents every channel asks.
CATEGORY_PEOPLE = [
    pytest.param("pensioner", date(1955, 1, 1), ("id_card",), id="pensioner"),
    pytest.param("disabled", date(1980, 1, 1), ("id_card",), id="disabled"),
    pytest.param("convict", date(1990, 1, 1), ("id_card",), id="convict"),
    pytest.param("conscript", date(2006, 1, 1), ("id_card",), id="conscript"),
    pytest.param("student", date(2009, 1, 1), ("id_card", *CHILD_DOCUMENTS), id="student-17"),
    pytest.param(
        "madrasa_student", date(2010, 1, 1), ("id_card", *CHILD_DOCUMENTS), id="madrasa-student-16"
    ),
    pytest.param("born_abroad", date(2020, 1, 1), CHILD_DOCUMENTS, id="born-abroad"),
    pytest.param("care_home_resident", date(2019, 1, 1), CHILD_DOCUMENTS, id="care-home-resident"),
]


@pytest.mark.parametrize("channel", [Channel.PSC, Channel.EGOV])
@pytest.mark.parametrize(("category", "born", "documents"), CATEGORY_PEOPLE)
def test_r_doc_4_declaring_a_category_never_worsens_a_psc_or_egov_answer(
    channel: Channel, category: str, born: date, documents: tuple[str, ...]
) -> None:
    person: dict[str, Any] = {
        "channel": channel,
        "has_eds": True,
        "birth_date": born,
        "documents": documents,
    }
    without = evaluate(make_application(**person), make_facts(), now=NOW)
    declared = evaluate(make_application(**person, categories=(category,)), make_facts(), now=NOW)
    assert without.outcome is Outcome.APPROVED
    assert declared.outcome is Outcome.APPROVED
    assert declared.codes == without.codes == ()


@pytest.mark.parametrize(("category", "born", "documents"), CATEGORY_PEOPLE)
def test_r_doc_4_the_registry_still_asks_the_category_documents(
    category: str, born: date, documents: tuple[str, ...]
) -> None:
    decision = evaluate(
        make_application(
            channel=Channel.REGISTRY, birth_date=born, documents=documents, categories=(category,)
        ),
        make_facts(),
        now=NOW,
    )
    assert decision.outcome is Outcome.REFUSED
    missing = [r for r in decision.reasons if r.code is C.MISSING_DOCUMENT]
    assert missing
    assert {(r.rule, r.values["purpose"]) for r in missing} == {("R-DOC-4", category)}


def test_r_doc_4_the_audit_s_pensioner_at_a_psc_with_an_id_card() -> None:
    decision = decided(
        {"channel": Channel.PSC, "categories": ("pensioner",), "documents": ("id_card",)},
        make_facts().districts,
    )
    assert decision.outcome is Outcome.APPROVED
    assert decision.codes == ()


@pytest.mark.parametrize("channel", [Channel.PSC, Channel.EGOV, Channel.REGISTRY])
@pytest.mark.parametrize(
    ("changes", "code", "rule"),
    [
        pytest.param(
            {"categories": ("proxy",), "documents": ("id_card", "representative_id")},
            C.LEGAL_REPRESENTATION_MISSING,
            "R-DOC-2",
            id="R-DOC-2/proxy-without-power-of-attorney",
        ),
        pytest.param(
            {"categories": ("guardian",), "documents": ("id_card", "representative_id")},
            C.LEGAL_REPRESENTATION_MISSING,
            "R-DOC-2",
            id="R-DOC-2/guardian-without-decision",
        ),
        pytest.param(
            {"birth_date": date(2019, 1, 1), "documents": ("id_card", "representative_id")},
            C.LEGAL_REPRESENTATION_MISSING,
            "R-DOC-2",
            id="R-DOC-2/minor-without-representation",
        ),
        pytest.param(
            {"categories": ("pensioner",), "documents": ("pension_certificate",)},
            C.MISSING_DOCUMENT,
            "R-DOC-3",
            id="R-DOC-3/pensioner-without-identity",
        ),
        pytest.param(
            {"birth_date": date(2019, 1, 1), "documents": ("birth_certificate",)},
            C.MISSING_DOCUMENT,
            "R-DOC-3",
            id="R-DOC-3/child-without-representative-id",
        ),
    ],
)
def test_r_doc_2_and_r_doc_3_stay_on_every_channel(
    channel: Channel, changes: dict[str, Any], code: ReasonCode, rule: str
) -> None:
    decision = evaluate(
        make_application(channel=channel, has_eds=True, **changes), make_facts(), now=NOW
    )
    assert decision.outcome is Outcome.REFUSED
    assert [r.rule for r in decision.reasons if r.code is code] == [rule]


def test_r_doc_4_demo_pensioner_at_a_psc_is_approved(services: RegionServices) -> None:
    pensioner = {
        **application()["applicant"],
        "birth_date": "1955-01-01",
        "categories": ["pensioner"],
    }
    answer = decide(services, application(applicant=pensioner), now=NOW)
    plain = decide(services, application(applicant={**pensioner, "categories": []}), now=NOW)
    assert answer.decision.outcome is plain.decision.outcome is Outcome.APPROVED
    assert answer.decision.codes == plain.decision.codes
    at_registry = decide(services, application(applicant=pensioner, channel="registry"), now=NOW)
    assert at_registry.decision.codes == (C.MISSING_DOCUMENT,)
