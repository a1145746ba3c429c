"""Properties of the engine over generated applications and facts (hypothesis).

* any refusing reason means ``refused``, and ``refused`` always has one (R-OUT-1);
* ``evaluate`` is deterministic;
* more doctors never turn an approval into a refusal (R-CAP-1);
* an approval has a coupon for a district of the facts, nothing else has one;
* every reason renders in all three languages; applications round-trip through JSON;
* a request is never taken before it was made, nor due before it was taken (R-TIME-3).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from catchments.calendar import KZ_TZ, clinic_hours
from catchments.messages import Language, render
from catchments.models import (
    Applicant,
    Application,
    Basis,
    Category,
    Channel,
    ClinicFacts,
    ClinicKind,
    DistrictFacts,
    DistrictModel,
    Document,
    Facts,
    Ground,
    Location,
    Outcome,
    Package,
    PlaceFacts,
)
from catchments.reasons import ReasonCode, Severity
from catchments.rules import evaluate

NOW = datetime(2026, 9, 21, 12, tzinfo=KZ_TZ)

submissions = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(KZ_TZ)
)
locations = st.one_of(
    st.builds(Location, address=st.sampled_from(["ул. Абая 10", "Достық даңғылы 220"])),
    st.builds(
        Location,
        lon=st.floats(-180, 180, allow_nan=False),
        lat=st.floats(-90, 90, allow_nan=False),
    ),
)


def unique(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=5).map(tuple)


@st.composite
def applications(draw: st.DrawFn) -> Application:
    submitted_at = draw(submissions)
    age_days = draw(st.integers(0, 90 * 365))
    basis = draw(st.sampled_from(list(Basis)))
    workplace = draw(locations) if basis is not Basis.RESIDENCE else draw(st.none() | locations)
    applicant = Applicant(
        birth_date=submitted_at.date() - timedelta(days=age_days),
        categories=tuple(Category(c) for c in draw(unique([c.value for c in Category]))),
        documents=tuple(
            Document(d)
            for d in draw(
                st.lists(st.sampled_from([d.value for d in Document]), unique=True, max_size=8)
            )
        ),
        documents_reliable=draw(st.booleans()),
        has_eds=draw(st.booleans()),
        current_clinic_id=draw(st.sampled_from([None, "C-07", "C-01"])),
    )
    return Application(
        clinic_id="C-07",
        residence=draw(locations),
        workplace=workplace,
        basis=basis,
        applicant=applicant,
        channel=draw(st.sampled_from(list(Channel))),
        submitted_at=submitted_at,
        ground=draw(st.none() | st.sampled_from(list(Ground))),
        home_visit_acknowledged=draw(st.booleans()),
    )


@st.composite
def district_lists(draw: st.DrawFn) -> tuple[DistrictFacts, ...]:
    count = draw(st.integers(0, 4))
    districts = []
    for index in range(count):
        attached = draw(st.integers(0, 6000))
        districts.append(
            DistrictFacts(
                district_id=f"D-{index}",
                model=draw(st.sampled_from(list(DistrictModel))),
                doctors=draw(st.integers(0, 8)) / 2,  # 0, 0.5, 1, ... 4 full-time equivalents
                attached=attached,
                applicant_counted=attached > 0 and draw(st.booleans()),
            )
        )
    return tuple(districts)


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    return Facts(
        clinic=ClinicFacts(
            clinic_id="C-07",
            kind=draw(st.none() | st.sampled_from(list(ClinicKind))),
            registered=draw(st.booleans()),
            shi_supplier=draw(st.booleans()),
            packages=frozenset(draw(st.sets(st.sampled_from(list(Package))))),
        ),
        place=PlaceFacts(
            same_settlement=draw(st.booleans()),
            residence_in_territory=draw(st.booleans()),
            border_area=draw(st.booleans()),
            suburb_of_clinic_city=draw(st.booleans()),
        ),
        districts=draw(district_lists()),
        last_free_choice=draw(st.none() | st.dates(date(2018, 1, 1), date(2027, 12, 31))),
    )


@settings(max_examples=200, deadline=None)
@given(applications(), facts())
def test_r_out_1_refuse_reason_iff_refused(application: Application, found: Facts) -> None:
    decision = evaluate(application, found, now=NOW)
    refuses = any(r.severity is Severity.REFUSE for r in decision.reasons)
    assert refuses == (decision.outcome is Outcome.REFUSED)
    if decision.outcome is Outcome.NEEDS_ACKNOWLEDGEMENT:
        assert ReasonCode.ACKNOWLEDGEMENT_REQUIRED in decision.codes
        assert decision.taken_at is None


@settings(max_examples=100, deadline=None)
@given(applications(), facts())
def test_r_out_1_evaluate_is_deterministic(application: Application, found: Facts) -> None:
    first = evaluate(application, found, now=NOW)
    again = evaluate(application, found, now=NOW)
    assert first == again
    assert first.to_dict("ru") == again.to_dict("ru")
    # Districts given in another order decide the same (ties are broken by ID, not position).
    reordered = dataclasses.replace(found, districts=tuple(reversed(found.districts)))
    assert evaluate(application, reordered, now=NOW) == first


@settings(max_examples=200, deadline=None)
@given(applications(), facts(), st.data())
def test_r_cap_1_more_doctors_never_refuse_an_approval(
    application: Application, found: Facts, data: st.DataObject
) -> None:
    before = evaluate(application, found, now=NOW)
    if not found.districts:
        return
    index = data.draw(st.integers(0, len(found.districts) - 1))
    extra = data.draw(st.integers(1, 6)) / 2
    districts = list(found.districts)
    districts[index] = dataclasses.replace(
        districts[index], doctors=districts[index].doctors + extra
    )
    after = evaluate(application, dataclasses.replace(found, districts=tuple(districts)), now=NOW)
    if before.outcome is Outcome.APPROVED:
        assert after.outcome is Outcome.APPROVED
    if ReasonCode.CAPACITY_EXCEEDED not in before.codes:
        assert ReasonCode.CAPACITY_EXCEEDED not in after.codes


@settings(max_examples=100, deadline=None)
@given(applications(), facts())
def test_r_out_1_coupon_only_when_approved(application: Application, found: Facts) -> None:
    decision = evaluate(application, found, now=NOW)
    if decision.outcome is Outcome.APPROVED:
        assert decision.coupon is not None
        ids = {d.district_id: d.model for d in found.districts}
        assert ids[decision.coupon.district_id] is decision.coupon.model
    else:
        assert decision.coupon is None


@settings(max_examples=100, deadline=None)
@given(applications(), facts())
def test_r_out_1_every_reason_renders_in_every_language(
    application: Application, found: Facts
) -> None:
    decision = evaluate(application, found, now=NOW)
    for lang in Language:
        for r in decision.reasons:
            assert render(r, lang)
        answer = decision.to_dict(lang)
        assert len(answer["reasons"]) == len(decision.reasons)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(applications())
def test_application_round_trips_through_json(application: Application) -> None:
    assert Application.from_dict(application.to_dict()) == application


@settings(max_examples=150, deadline=None)
@given(applications(), facts())
def test_r_time_3_taken_in_clinic_hours_and_due_after(
    application: Application, found: Facts
) -> None:
    decision = evaluate(application, found, now=NOW)
    if decision.taken_at is None or decision.due_by is None:
        return
    taken = decision.taken_at
    assert taken >= application.submitted_at
    hours = clinic_hours(taken.date())
    assert hours is not None
    assert hours.opens <= taken.timetz().replace(tzinfo=None) <= hours.last_request
    assert taken < decision.due_by <= taken + timedelta(days=14)
