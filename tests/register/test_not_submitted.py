"""R-TERR-2: an application that needs the applicant's acknowledgement is not submitted.

The rules engine decides an application outside the clinic's territory, whose applicant has not
accepted having no home visits, as ``needs_acknowledgement`` (``ACKNOWLEDGEMENT_REQUIRED``). By
RULES.md such an application is not submitted, so the register stores nothing for it: no
application, no decision, no audit row. Registers that stored such decisions before stay
readable. Every refused access names what was wanted, for wording in the reader's language.

Every test runs on SQLite and PostgreSQL (``db_url`` in conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from catchments import cli
from catchments.access import AccessDeniedError, Account, Role
from catchments.messages import REGISTER_ERRORS, Language, register_error
from catchments.models import Decision, Norms, Outcome
from catchments.reasons import ReasonCode, reason
from catchments.register import (
    NotSubmittedError,
    Register,
    RegisterError,
    applications,
    decision_reasons,
    decisions,
)
from tests.register.conftest import (
    NOW,
    OPERATOR,
    application,
    approval,
    district,
    people,
    registrar,
    sync,
)

PLANNER = Account(username="pat", role=Role.PLANNER)


def needs_acknowledgement(clinic_id: str = "C-01") -> Decision:
    """The engine's answer to an application outside the territory, not acknowledged."""
    return Decision(
        outcome=Outcome.NEEDS_ACKNOWLEDGEMENT,
        reasons=(
            reason(ReasonCode.ACKNOWLEDGEMENT_REQUIRED, clinic_id=clinic_id),
            reason(ReasonCode.HOME_VISIT_RISK, clinic_id=clinic_id),
        ),
        taken_at=None,  # not submitted: no moment the request counts as taken (R-TIME-3)
        due_by=None,
        coupon=None,
        decided_at=NOW,
    )


def test_R_TERR_2_an_unacknowledged_application_is_refused_and_nothing_is_stored(
    register: Register,
) -> None:
    sync(register, district("D-1"))
    before = register.stats()
    with pytest.raises(NotSubmittedError) as refused:
        register.record_decision(
            application(),
            needs_acknowledgement(),
            iin=people(1)[0],
            actor=registrar("C-01"),
            source="page:registrar",
        )
    error = refused.value
    assert isinstance(error, RegisterError)
    assert (error.code, dict(error.params)) == ("not_submitted", {"clinic": "C-01"})
    assert str(error).startswith("the application is not submitted, so it cannot be recorded")
    assert "home_visit_acknowledged" in str(error)
    after = register.stats()
    assert (after["applications"], after["decisions"]) == (0, {})
    assert after["audit_entries"] == before["audit_entries"], "nothing audited as a decision"
    assert register.applications_for(OPERATOR) == []
    assert register.remaining_by_district()["D-1"].attached_now == 0


def test_R_TERR_2_not_submitted_is_said_before_the_iin_is_looked_at(register: Register) -> None:
    sync(register, district("D-1"))
    # A typo in the IIN does not matter: there is no application to attach it to.
    with pytest.raises(NotSubmittedError):
        register.record_decision(
            application(), needs_acknowledgement(), iin="123", actor=OPERATOR, source="t"
        )


def test_R_TERR_2_another_clinic_s_registrar_is_refused_access_first(register: Register) -> None:
    sync(register, district("D-1"))
    with pytest.raises(AccessDeniedError):
        register.record_decision(
            application("C-01"),
            needs_acknowledgement(),
            iin=people(1)[0],
            actor=registrar("C-02"),
            source="page:registrar",
        )
    denied = register.audit_entries(OPERATOR, action="access.denied")
    assert [(entry.object, entry.details["wanted"]) for entry in denied] == [
        ("clinic:C-01", "record_decision")
    ]


def test_R_TERR_2_acknowledged_the_same_application_is_recorded(register: Register) -> None:
    sync(register, district("D-1"))
    iin = people(1)[0]
    with pytest.raises(NotSubmittedError):
        register.record_decision(
            application(), needs_acknowledgement(), iin=iin, actor=OPERATOR, source="t"
        )
    recorded = register.record_decision(
        application(), approval(), iin=iin, actor=OPERATOR, source="t"
    )
    assert recorded.outcome is Outcome.APPROVED
    assert register.stats()["applications"] == 1


def _store_old_needs_acknowledgement(register: Register) -> None:
    """What an Emhana before R-TERR-2 was kept stored: a needs_acknowledgement decision."""
    at = dt.datetime(2026, 9, 20, 9, tzinfo=dt.UTC)
    with register.engine.begin() as connection:
        application_id = connection.execute(
            applications.insert()
            .values(
                clinic_id="C-01",
                person_hash="0" * 64,
                iin_last4="0019",
                full_name=None,
                basis="residence",
                channel="psc",
                submitted_at=at,
                payload=application().to_dict(),
                recorded_at=at,
                recorded_by="os-old",
                source="cli:decide",
            )
            .returning(applications.c.id)
        ).scalar_one()
        decision_id = connection.execute(
            decisions.insert()
            .values(
                application_id=application_id,
                outcome="needs_acknowledgement",
                engine_outcome="needs_acknowledgement",
                district_id=None,
                taken_at=None,
                due_by=None,
                decided_at=at,
                recorded_at=at,
                reasons=[],
            )
            .returning(decisions.c.id)
        ).scalar_one()
        connection.execute(
            decision_reasons.insert(),
            [
                {
                    "decision_id": decision_id,
                    "position": position,
                    "code": code,
                    "rule": "R-TERR-2",
                    "severity": severity,
                }
                for position, (code, severity) in enumerate(
                    (("ACKNOWLEDGEMENT_REQUIRED", "refuse"), ("HOME_VISIT_RISK", "warn"))
                )
            ],
        )


def test_needs_acknowledgement_decisions_of_an_older_register_stay_readable(
    register: Register,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sync(register, district("D-1"))
    _store_old_needs_acknowledgement(register)
    assert register.stats()["decisions"] == {"needs_acknowledgement": 1}
    rows = register.applications_for(OPERATOR)
    assert [(row.outcome, row.codes) for row in rows] == [
        ("needs_acknowledgement", ("ACKNOWLEDGEMENT_REQUIRED", "HOME_VISIT_RISK"))
    ]
    exported = register.export_decisions(OPERATOR, source="t")
    assert {"clinic_id": "C-01", "outcome": "needs_acknowledgement", "code": "", "rule": ""} | {
        "count": 1
    } in exported
    monkeypatch.setenv("EMHANA_DEV_MODE", "1")
    assert cli.main(["register", "stats", "--database", db_url]) == 0
    assert "1 needs_acknowledgement" in capsys.readouterr().out
    assert cli.main(["register", "stats", "--json", "--database", db_url]) == 0
    assert json.loads(capsys.readouterr().out)["decisions"] == {"needs_acknowledgement": 1}


# --- what was wanted, for wording a refusal ----------------------------------------------------


def _refusals(register: Register) -> dict[str, Callable[[], object]]:
    """Each refused access the register can raise, by the code it must carry."""
    c01, c02 = registrar("C-01", "aigerim"), registrar("C-02", "bolat")
    iin = people(1)[0]
    return {
        "access.change_districts": lambda: sync_as(register, PLANNER),
        "access.record_decision": lambda: register.record_decision(
            application("C-01"), approval(), iin=iin, actor=c02, source="t"
        ),
        "access.read_applications": lambda: register.applications_for(c01, clinic_id="C-02"),
        "access.read_all_applications": lambda: register.applications_for(PLANNER),
        "access.look_up_people": lambda: register.active_attachment(PLANNER, iin),
        "access.read_residences": lambda: register.attached_residences(c01, source="t"),
        "access.export_aggregates": lambda: register.export_capacity(c01, source="t"),
        "access.read_audit_log": lambda: register.audit_entries(PLANNER),
    }


def sync_as(register: Register, actor: Account) -> None:
    register.sync_districts(
        [district("D-1")], Norms(), data_date=dt.date(2026, 9, 1), actor=actor, source="t"
    )


def test_every_refused_access_names_what_was_wanted_and_which_clinic(register: Register) -> None:
    sync(register, district("D-1"), district("D-2", "C-02"))
    for code, refused in _refusals(register).items():
        with pytest.raises(AccessDeniedError) as caught:
            refused()
        error = caught.value
        assert error.code == code
        assert code in REGISTER_ERRORS[Language.EN]
        assert str(error) == register_error(code, error.params, "en")
        for lang in ("ru", "kk"):
            text = error.text(lang)
            assert " may not " not in text, (code, lang, text)
            assert "{" not in text
    with pytest.raises(AccessDeniedError) as caught:
        register.applications_for(registrar("C-01", "aigerim"), clinic_id="C-02")
    assert dict(caught.value.params) == {
        "who": "registrar",
        "user": "aigerim",
        "role": "registrar",
        "own_clinic": "C-01",
        "clinic": "C-02",
    }
    assert str(caught.value) == (
        "aigerim (registrar) of clinic C-01 may not read the applications of clinic C-02"
    )
    assert caught.value.text("ru") == (
        "aigerim (регистратор, медорганизация C-01) не может просматривать заявления "
        "медорганизации C-02"
    )
