"""Registrar view: decide one application or a CSV of them, every reason named; print the result.

Decisions are :func:`catchments.service.decide` and :func:`catchments.service.decide_rows`, the
same as ``emhana decide``; this page reads the input, shows the answer and writes the printable
coupon or reasoned refusal (R-OUT-1) as an HTML page that prints on A4.

A decided application is recorded in the attachment register
(:meth:`catchments.register.Register.record_decision`) with the applicant's IIN, which gives the
coupon its number and counts the person in the district; a registrar records, and lists, only
their own clinic's applications (:mod:`catchments.access` decides who may). An application that
needs the applicant's acknowledgement is not submitted (R-TERR-2): the page says so, naming the
form's acknowledgement field, and offers no record form for it.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import io
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app_pages import _data
from app_pages._auth import current_register, require_role
from app_pages._i18n import (
    current_language,
    identifier_name,
    map_labels,
    moment_text,
    name_column,
    number,
    t,
)
from app_pages._ui import done_once, file_uploader, literal, services_or_stop, show_map
from catchments import messages
from catchments.access import AccessDeniedError, Account, Role, can_record_decision
from catchments.calendar import local
from catchments.iin import IINError, IINKeyError
from catchments.messages import (
    batch_file_error,
    emergency_notice,
    json_parser_problem,
    render,
)
from catchments.models import (
    MAX_AGE_YEARS,
    Application,
    ApplicationError,
    Basis,
    Category,
    Channel,
    Document,
    Ground,
    Outcome,
    RuleSettings,
)
from catchments.reasons import ReasonCode
from catchments.register import (
    ApplicationRow,
    Recorded,
    RegisterError,
    iin_key_problem,
)
from catchments.service import (
    Answer,
    BatchFileError,
    BatchRow,
    RegionServices,
    ServiceError,
    adult_birth_date,
    batch_template,
    decide,
    decide_rows,
    decode_batch,
    excel_csv,
    read_batch,
    write_decisions,
)
from geo.maps import (
    add_clinics,
    add_layer_control,
    add_place,
    base_map,
    fit_to,
)

ANSWER = "registrar_answer"
FORM = "registrar_form"  # the form, and the prefix of its fields' keys
RECORDED = "registrar_recorded"
RECORDED_LAST = "registrar_recorded_last"  # (application, Recorded) of the last record made
DECISION_TOKEN = "registrar_decision_token"
BATCH = "registrar_batch"  # (upload's file id, its decisions, the encoding it was read in)
SOURCE = "app:registrar"  # where records and audit entries say a change came from
# Codes that mean the residence lies outside the clinic's territory or settlement.
OUT_OF_AREA = frozenset({ReasonCode.HOME_VISIT_RISK, ReasonCode.OUTSIDE_SETTLEMENT})


def main() -> None:
    """Draw the page."""
    lang = current_language()
    account = require_role(Role.REGISTRAR, page="registrar", lang=lang)
    st.title(t("registrar.title", lang))
    _, services = services_or_stop(lang)
    now = _data.now()
    one, batch, mine = st.tabs(
        [
            t("registrar.tab_one", lang),
            t("registrar.tab_batch", lang),
            t("registrar.tab_mine", lang),
        ]
    )
    with one:
        _one_application(services, account, lang, now)
    with batch:
        _batch(services, account, lang, now)
    with mine:
        _my_applications(account, lang)


# --- one application ---------------------------------------------------------------------------


def _one_application(
    services: RegionServices, account: Account, lang: str, now: dt.datetime
) -> None:
    how = st.radio(
        t("registrar.input_how", lang),
        ["form", "json"],
        format_func=lambda value: t(f"registrar.input_{value}", lang),
        horizontal=True,
        key="registrar_input",
    )
    if how == "form":
        held, submitted = _form(services, account, lang, now)
        data = held if submitted else None
        stored = st.session_state.get(ANSWER)
        if data is None and stored is not None and stored[0] != held:
            # The form no longer holds what was decided (its fields were reset, or the
            # decision came from pasted JSON): a decision under it would not be its own.
            _forget_decision()
    else:
        data, submitted = _pasted(lang)
        if submitted and data is None:
            # Pasted text that is not an application (its errors are shown): the decision
            # of an earlier paste must not stay below them, ready to be recorded.
            _forget_decision()
    if data is not None:
        st.session_state.pop(RECORDED, None)  # a new decision is not recorded yet
        try:
            application = Application.from_dict(data)
            answer = decide(services, application, now=now, attached_now=_data.register_counts())
        except ApplicationError as error:
            _forget_decision()
            lines = _form_problems(error, lang) if how == "form" else _json_problems(error, lang)
            st.error(t("registrar.invalid", lang) + "\n\n" + "\n".join(lines))
            return
        except ServiceError as error:
            _forget_decision()
            st.error(_service_error_text(error, lang))
            return
        st.session_state[ANSWER] = (data, application, answer)
        st.session_state[DECISION_TOKEN] = uuid.uuid4().hex  # what recording it is done once for
    stored = st.session_state.get(ANSWER)
    if stored is not None:
        data, application, answer = stored
        print_slot = _show_answer(answer, lang)
        recorded = _record(application, answer, account, lang, services.settings)
        # Drawn last, into its place under the answer: once recorded, the coupon has its number.
        _print_button(print_slot, services, data, answer, lang, recorded=recorded)


def _forget_decision() -> None:
    """Drop the decision shown, whether it was recorded, and its once-only token.

    Every input that cannot be decided (pasted text that is not JSON, an invalid application, a
    clinic the region lacks) and a form that no longer holds what was decided comes here: no
    answer, printable or record form of an earlier decision may stay beside it.
    """
    for key in (ANSWER, RECORDED, DECISION_TOKEN):
        st.session_state.pop(key, None)


# The form's field for each of the application's (index dropped): problems found in a form are
# named by its labels and worded for a typed value, not as JSON.
_FORM_FIELDS: dict[str, str] = {
    "clinic_id": "registrar.clinic",
    "residence": "registrar.residence",
    "residence.address": "registrar.residence",
    "residence.lon": "registrar.coordinates",
    "residence.lat": "registrar.coordinates",
    "workplace": "registrar.workplace",
    "workplace.address": "registrar.workplace",
    "basis": "registrar.basis",
    "applicant.birth_date": "citizen.birth_date",
    "applicant.categories": "citizen.categories",
    "applicant.documents": "registrar.documents",
    "applicant.documents_reliable": "registrar.reliable",
    "applicant.has_eds": "registrar.has_eds",
    "applicant.current_clinic_id": "registrar.current_clinic",
    "channel": "registrar.channel",
    "submitted_at": "registrar.submitted_on",
    "ground": "citizen.ground",
    "home_visit_acknowledged": "registrar.acknowledged",
}


def _json_problems(error: ApplicationError, lang: str) -> list[str]:
    """Problems of pasted JSON: each field's path, as its author wrote it, then what is wrong."""
    return [f"- `{p.path}`: {literal(p.message(lang))}" for p in error.problems]


def _form_problems(error: ApplicationError, lang: str) -> list[str]:
    """Problems of the form: each named by its label, once (lon and lat share one field)."""
    lines: dict[str, str] = {}
    for problem in error.problems:
        key = _FORM_FIELDS.get(re.sub(r"\[\d+\]$", "", problem.path))
        label = t(key, lang) if key else problem.path
        lines.setdefault(
            label, f"- **{literal(label)}**: {literal(problem.message(lang, typed=True))}"
        )
    return list(lines.values())


def _service_error_text(error: ServiceError, lang: str) -> str:
    """Why an application cannot be decided, under a heading that blames the right thing.

    A submission after the moment of decision is the date's fault, not the region's, and its
    moments are shown as people read them (``1 January 2030, 10:00``), not as ISO timestamps.
    """
    heading = "submitted_in_future" if error.code == "submitted_after_decision" else "cannot_place"
    return t(f"registrar.{heading}", lang) + f"\n\n- {literal(error.text(lang))}"


def _form(
    services: RegionServices, account: Account, lang: str, now: dt.datetime
) -> tuple[dict[str, Any], bool]:
    """The application as the form holds it (DESIGN.md's format), and whether it was submitted.

    Every field has a key of its own, not one made from its label: the form keeps what was
    typed when the page's language changes. The application is returned unsubmitted too, so
    the caller can tell whether the decision shown is still the form's.
    """
    clinics = services.region.clinics
    names = dict(zip(clinics["clinic_id"], clinics[name_column(lang)], strict=True))
    ids = list(names)
    own = account.clinic_id if account.clinic_id in names else ids[0]
    moment = local(now)
    with st.form(FORM):
        first, second, third = st.columns(3)
        clinic_id = first.selectbox(
            t("registrar.clinic", lang),
            ids,
            index=ids.index(own),
            format_func=lambda cid: f"{cid} · {names[cid]}",
            key=f"{FORM}_clinic",
        )
        address = first.text_input(
            t("registrar.residence", lang),
            placeholder=t("citizen.search_placeholder", lang),
            key=f"{FORM}_address",
        )
        coordinates = first.text_input(
            t("registrar.coordinates", lang), placeholder="70.41, 50.26", key=f"{FORM}_coordinates"
        )
        basis = first.selectbox(
            t("registrar.basis", lang),
            [b.value for b in Basis],
            format_func=lambda b: identifier_name("bases", b, lang),
            key=f"{FORM}_basis",
        )
        workplace = first.text_input(t("registrar.workplace", lang), key=f"{FORM}_workplace")
        birth = second.date_input(
            t("citizen.birth_date", lang),
            value=adult_birth_date(moment.date()),
            min_value=dt.date(moment.year - MAX_AGE_YEARS, 1, 1),
            max_value=moment.date(),
            format="DD.MM.YYYY",
            key=f"{FORM}_birth",
        )
        categories = second.multiselect(
            t("citizen.categories", lang),
            [c.value for c in Category],
            format_func=lambda c: identifier_name("purposes", c, lang),
            placeholder=t("common.choose", lang),
            key=f"{FORM}_categories",
        )
        documents = second.multiselect(
            t("registrar.documents", lang),
            [d.value for d in Document],
            default=[Document.ID_CARD.value],
            format_func=lambda d: identifier_name("documents", d, lang),
            placeholder=t("common.choose", lang),
            key=f"{FORM}_documents",
        )
        reliable = second.checkbox(
            t("registrar.reliable", lang), value=True, key=f"{FORM}_reliable"
        )
        has_eds = second.checkbox(t("registrar.has_eds", lang), key=f"{FORM}_has_eds")
        current = third.selectbox(
            t("registrar.current_clinic", lang),
            [None, *ids],
            format_func=lambda cid: t("common.none", lang) if cid is None else f"{cid}",
            key=f"{FORM}_current_clinic",
        )
        channel = third.selectbox(
            t("registrar.channel", lang),
            [c.value for c in Channel],
            format_func=lambda c: identifier_name("channels", c, lang),
            key=f"{FORM}_channel",
        )
        # Not after today: a decision cannot come before its application (a later time today
        # is still caught by decide, as submitted_after_decision).
        day = third.date_input(
            t("registrar.submitted_on", lang),
            value=moment.date(),
            max_value=moment.date(),
            format="DD.MM.YYYY",
            key=f"{FORM}_day",
        )
        time = third.time_input(
            t("registrar.submitted_time", lang), value=moment.time(), key=f"{FORM}_time"
        )
        ground = third.selectbox(
            t("citizen.ground", lang),
            [None, *(g.value for g in Ground)],
            format_func=lambda g: (
                t("citizen.no_ground", lang) if g is None else t(f"ground.{g}", lang)
            ),
            key=f"{FORM}_ground",
        )
        acknowledged = third.checkbox(t("registrar.acknowledged", lang), key=f"{FORM}_acknowledged")
        submitted = st.form_submit_button(t("registrar.decide", lang), type="primary")
    residence = _location(address, coordinates)
    submitted_at = dt.datetime.combine(day, time, tzinfo=moment.tzinfo)
    return {
        "clinic_id": clinic_id,
        "residence": residence,
        "workplace": {"address": workplace.strip()} if workplace.strip() else None,
        "basis": basis,
        "applicant": {
            "birth_date": birth.isoformat() if isinstance(birth, dt.date) else "",
            "categories": list(categories),
            "documents": list(documents),
            "documents_reliable": bool(reliable),
            "has_eds": bool(has_eds),
            "current_clinic_id": current,
        },
        "channel": channel,
        "submitted_at": submitted_at.isoformat(timespec="seconds"),
        "ground": ground,
        "home_visit_acknowledged": bool(acknowledged),
    }, submitted


def _location(address: str, coordinates: str) -> dict[str, Any]:
    """``{"address": ...}`` and/or ``{"lon": ..., "lat": ...}`` as typed; validation names errors.

    Coordinates are typed ``lon, lat``; text that is not two numbers is passed on as it is,
    so :meth:`Application.from_dict` reports it on ``residence.lon``.
    """
    place: dict[str, Any] = {}
    if address.strip():
        place["address"] = address.strip()
    if coordinates.strip():
        parts = [part.strip() for part in coordinates.replace(";", ",").split(",")]
        try:
            lon, lat = (float(part) for part in parts)
        except ValueError:
            place["lon"], place["lat"] = coordinates.strip(), None
        else:
            place["lon"], place["lat"] = lon, lat
    return place


def _pasted(lang: str) -> tuple[dict[str, Any] | None, bool]:
    """An application pasted as JSON (DESIGN.md's format), and whether it was submitted.

    The application is None unless submitted, and when the text is not a JSON object (the
    problem is shown).
    """
    with st.form("registrar_json"):
        text = st.text_area(
            t("registrar.json_label", lang), height=260, placeholder=t("registrar.json_hint", lang)
        )
        submitted = st.form_submit_button(t("registrar.decide", lang), type="primary")
    if not submitted:
        return None, False
    try:
        data = json.loads(text.removeprefix("\ufeff"))  # a BOM copied from a Windows file
    except json.JSONDecodeError as error:
        st.error(_json_error_text(error, lang))
        return None, True
    except (ValueError, RecursionError):  # a number of >4,300 digits; nesting past the stack
        st.error(t("registrar.json_too_big", lang))
        return None, True
    if not isinstance(data, dict):
        st.error(t("registrar.not_object", lang))
        return None, True
    return data, True


def _json_error_text(error: json.JSONDecodeError, lang: str) -> str:
    """Where pasted JSON breaks, what was expected there in ``lang``, and the line itself."""
    what = json_parser_problem(error.msg, lang, found=error.doc[error.pos :][:2])
    text = t("registrar.bad_json", lang, line=error.lineno, column=error.colno, error=what)
    line = error.doc.splitlines()[error.lineno - 1] if error.doc.strip() else ""
    if not line.strip():
        return literal(text)
    # The line, cut around the column, and a caret under it: the registrar sees the spot.
    start = max(0, error.colno - 1 - 40)
    shown = line[start : start + 80]
    caret = " " * (error.colno - 1 - start) + "^"
    return f"{literal(text)}\n\n```\n{shown}\n{caret}\n```"


def _show_answer(answer: Answer, lang: str) -> DeltaGenerator:
    """The decision, its reasons and its coupon line; returns the place of its printable."""
    decision = answer.decision
    outcome = t(f"outcome.{decision.outcome.value}", lang)
    if decision.outcome is Outcome.APPROVED:
        st.success(f"**{outcome}**")
    elif decision.outcome is Outcome.REFUSED:
        st.error(f"**{outcome}**")
    else:
        st.warning(f"**{outcome}**")
    st.caption(t("registrar.residence_found", lang, address=answer.residence.label))
    if decision.reasons:
        st.dataframe(
            pd.DataFrame(
                {
                    t("registrar.col_code", lang): [r.code.value for r in decision.reasons],
                    t("registrar.col_rule", lang): [r.rule for r in decision.reasons],
                    t("registrar.col_severity", lang): [
                        t(f"severity.{r.severity.value}", lang) for r in decision.reasons
                    ],
                    t("registrar.col_message", lang): [render(r, lang) for r in decision.reasons],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.markdown(t("registrar.no_reasons", lang))
    if decision.taken_at is not None and decision.due_by is not None:
        st.markdown(
            t(
                "registrar.timing",
                lang,
                taken=moment_text(decision.taken_at, lang),
                due=moment_text(decision.due_by, lang),
            )
        )
    if decision.coupon is not None:
        st.markdown(
            t(
                "registrar.coupon_line",
                lang,
                clinic=decision.coupon.clinic_id,
                district=decision.coupon.district_id,
                model=identifier_name("models", decision.coupon.model.value, lang),
            )
        )
    return st.empty()


def _print_button(
    slot: DeltaGenerator,
    services: RegionServices,
    data: Mapping[str, Any],
    answer: Answer,
    lang: str,
    *,
    recorded: Recorded | None,
) -> None:
    """The printable coupon or refusal, with the register's number once it is recorded."""
    decision = answer.decision
    if decision.outcome is Outcome.NEEDS_ACKNOWLEDGEMENT:
        return
    kind = "coupon" if decision.outcome is Outcome.APPROVED else "refusal"
    slot.download_button(
        t(f"registrar.print_{kind}", lang),
        data=printable(
            services,
            data,
            answer,
            lang,
            number=recorded.coupon_number if recorded is not None else None,
        ),
        file_name=f"{kind}-{data.get('clinic_id', '')}.html",
        mime="text/html",
        key="registrar_print",
    )


# --- recording in the register -----------------------------------------------------------------


def _record(
    application: Application, answer: Answer, account: Account, lang: str, settings: RuleSettings
) -> Recorded | None:
    """Record the decided application in the register, or say why this account may not.

    Returns what the register stored for it, this run or before; None while it is not recorded.

    The page only collects the IIN and shows the outcome: who may record is
    :func:`catchments.access.can_record_decision`, IIN validation is :mod:`catchments.iin` and the
    capacity re-check is the register's, inside the transaction that attaches the person.
    """
    st.subheader(t("registrar.record_title", lang))
    if answer.decision.outcome is Outcome.NEEDS_ACKNOWLEDGEMENT:
        # R-TERR-2: not submitted until the applicant accepts having no home visits; the
        # register would refuse it (NotSubmittedError), so no IIN is asked for.
        st.warning(t("registrar.not_submitted", lang, field=t("registrar.acknowledged", lang)))
        return None
    recorded = st.session_state.get(RECORDED)
    last = st.session_state.get(RECORDED_LAST)
    if not isinstance(recorded, Recorded) and last is not None and last[0] == application:
        # Decided again on the same data: it is recorded already, so it is not offered again.
        recorded = last[1]
        st.session_state[RECORDED] = recorded
    if isinstance(recorded, Recorded):
        _show_register_answer(recorded)
        _show_recorded(recorded, answer, lang)
        return recorded
    allowed = can_record_decision(account, application.clinic_id)
    slot = st.empty()  # the form goes once the decision is recorded: it is recorded once
    with slot.container():
        if not allowed:
            st.info(
                t(
                    "registrar.record_not_yours",
                    lang,
                    clinic=application.clinic_id,
                    own=account.clinic_id or t("common.none", lang),
                )
            )
        with st.form("registrar_record"):
            iin = st.text_input(t("registrar.iin", lang), type="password", disabled=not allowed)
            full_name = st.text_input(t("registrar.full_name", lang), disabled=not allowed)
            submitted = st.form_submit_button(
                t("registrar.record", lang), type="primary", disabled=not allowed
            )
    if not submitted or not allowed:
        return None
    try:
        # A burst of clicks runs this once per click, side by side (see done_once): the
        # decision is recorded by the first and found recorded by the others.
        recorded = done_once(
            st.session_state.setdefault(DECISION_TOKEN, uuid.uuid4().hex),
            lambda: current_register().record_decision(
                application,
                answer,
                iin=iin,
                actor=account,
                source=SOURCE,
                full_name=full_name or None,
                settings=settings,
            ),
        )
    except IINError as error:
        st.error(t("registrar.iin_invalid", lang, error=error.text(lang)))
        return None
    except (IINKeyError, AccessDeniedError, RegisterError) as error:
        st.error(t("registrar.record_failed", lang, error=_register_problem(error, lang)))
        return None
    st.session_state[RECORDED] = recorded
    st.session_state[RECORDED_LAST] = (application, recorded)
    _data.register_counts.clear()  # the next decision must count this attachment
    slot.empty()
    _show_register_answer(recorded)
    _show_recorded(recorded, answer, lang)
    return recorded


def _show_register_answer(recorded: Recorded) -> None:
    """Make the answer shown above the register's, rerunning the page when it differs.

    The decision shown (its outcome, its coupon line, the printable coupon) was drawn before it
    was recorded; the register may have stored another (a refusal, when the district filled up
    meanwhile: R-CAP-1). A registrar must never be offered a coupon the register refused, so
    the stored decision replaces the engine's in the session and the page is drawn again.
    """
    stored = st.session_state.get(ANSWER)
    if stored is None:
        return
    data, application, answer = stored
    if answer.decision == recorded.decision:
        return
    st.session_state[ANSWER] = (data, application, replace(answer, decision=recorded.decision))
    st.rerun()


def _register_problem(error: Exception, lang: str) -> str:
    """Why the register failed or refused, in ``lang``, as the command line words it too.

    The register's errors and access refusals name their problem by a code, worded by
    :func:`catchments.messages.register_error`; a missing IIN key (English only) is told
    apart by :func:`catchments.register.iin_key_problem` and worded from the same catalog.
    """
    if isinstance(error, IINKeyError):
        which, values = iin_key_problem(error)
        return messages.register_error(f"iin_{which}", values, lang)
    if isinstance(error, RegisterError | AccessDeniedError):
        return error.text(lang)
    return str(error)


def _show_recorded(recorded: Recorded, answer: Answer, lang: str) -> None:
    """What the register stored, as :func:`catchments.register_cli.describe_recorded` words it.

    A person attached to this clinic and district already keeps that attachment and its
    coupon: the register stored nothing new, and the page says so.
    """
    outcome = t(f"outcome.{recorded.outcome.value}", lang)
    if recorded.already_attached:
        coupon = recorded.decision.coupon
        since = recorded.attached_since
        st.info(
            t(
                "registrar.already_attached",
                lang,
                clinic=coupon.clinic_id if coupon else "",
                district=coupon.district_id if coupon else "",
                since=messages.format_date(since, messages.Language(lang)) if since else "",
                number=recorded.coupon_number or "",
            )
        )
    elif recorded.capacity_refused:
        st.error(t("registrar.filled_meanwhile", lang))
    elif recorded.free_choice_refused:
        st.error(t("registrar.free_choice_used", lang))
    elif recorded.coupon_number is not None:
        st.success(t("registrar.recorded_coupon", lang, number=recorded.coupon_number))
    else:
        st.success(t("registrar.recorded_outcome", lang, outcome=outcome))
    if recorded.closed is not None:
        st.markdown(
            t(
                "registrar.closed_previous",
                lang,
                clinic=recorded.closed.clinic_id,
                district=recorded.closed.district_id,
            )
        )
    # The district is the coupon's; a refusal for capacity has none, but names the district.
    coupon = answer.decision.coupon
    named = (
        item.values.get("district_id")
        for item in recorded.decision.reasons
        if item.code is ReasonCode.CAPACITY_EXCEEDED
    )
    district = coupon.district_id if coupon is not None else next(named, None)
    if recorded.remaining is not None and isinstance(district, str):
        st.markdown(
            t(
                "registrar.remaining",
                lang,
                district=district,
                remaining=recorded.remaining,
            )
        )


def _my_applications(account: Account, lang: str) -> None:
    """The register's applications of the registrar's clinic, newest first (last 4 IIN digits)."""
    st.subheader(t("registrar.mine_title", lang))
    try:
        rows = current_register().applications_for(account, source=SOURCE)
    except (AccessDeniedError, RegisterError) as error:
        st.error(t("registrar.mine_unavailable", lang, error=_register_problem(error, lang)))
        return
    if not rows:
        st.info(t("registrar.mine_none", lang))
        return
    st.dataframe(
        pd.DataFrame([_application_record(row, lang) for row in rows]),
        hide_index=True,
        width="stretch",
        key="registrar_mine_table",
    )


def _application_record(row: ApplicationRow, lang: str) -> dict[str, object]:
    return {
        t("registrar.col_number", lang): row.application_id,
        t("registrar.col_recorded", lang): moment_text(row.recorded_at, lang),
        t("common.clinic", lang): row.clinic_id,
        t("registrar.col_iin", lang): f"…{row.iin_last4}",
        t("registrar.full_name", lang): row.full_name or "",
        t("registrar.col_outcome", lang): (
            t(f"outcome.{row.outcome}", lang) if row.outcome else t("common.none", lang)
        ),
        t("registrar.col_code", lang): "; ".join(row.codes),
        t("common.district", lang): row.district_id or "",
        t("registrar.col_by", lang): row.recorded_by,
    }


def printable(
    services: RegionServices,
    data: Mapping[str, Any],
    answer: Answer,
    lang: str,
    *,
    number: str | None = None,
) -> str:
    """The attachment coupon or the reasoned refusal as a self-contained HTML page (A4, print).

    Every reason is listed (R-OUT-1); the page has no script and no external resource, so it
    prints the same anywhere. Its number is the register's, given when the decision is recorded
    (:attr:`Recorded.coupon_number`); until then, or with none, the page leaves a line to write
    it on. Dates and times are written as ``lang`` writes them, not as ISO.
    """
    decision = answer.decision
    clinic = services.clinic(str(data.get("clinic_id", "")))
    approved = decision.outcome is Outcome.APPROVED
    title = t("print.coupon_title" if approved else "print.refusal_title", lang)
    applicant = data.get("applicant") or {}
    rows: list[tuple[str, str]] = [
        (t("print.clinic", lang), f"{clinic['clinic_id']} · {clinic[name_column(lang)]}"),
        (t("print.clinic_address", lang), str(clinic["address"])),
        (t("print.residence", lang), answer.residence.label),
        (t("print.birth_date", lang), _date_text(applicant.get("birth_date"), lang)),
        (t("print.channel", lang), identifier_name("channels", str(data.get("channel")), lang)),
    ]
    if decision.taken_at is not None:
        rows.append((t("print.taken_at", lang), moment_text(decision.taken_at, lang)))
    rows.append((t("print.decided_at", lang), moment_text(decision.decided_at, lang)))
    if decision.coupon is not None:
        coupon = decision.coupon
        rows.append((t("print.district", lang), coupon.district_id))
        rows.append((t("print.doctor", lang), identifier_name("models", coupon.model.value, lang)))
        if coupon.replaces_clinic_id:
            rows.append((t("print.replaces", lang), coupon.replaces_clinic_id))
    table = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    reasons = "".join(
        f"<li><b>{html.escape(r.code.value)}</b> ({html.escape(r.rule)}): "
        f"{html.escape(render(r, lang))}</li>"
        for r in decision.reasons
    )
    heading = t("print.reasons" if not approved else "print.notes", lang)
    reason_block = f"<h2>{html.escape(heading)}</h2><ol>{reasons}</ol>" if reasons else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
  @page {{ size: A4; margin: 20mm; }}
  body {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 12pt;
         color: #000; max-width: 170mm; margin: 0 auto; }}
  h1 {{ font-size: 18pt; border-bottom: 2px solid #000; padding-bottom: 4pt; }}
  h2 {{ font-size: 13pt; margin-top: 14pt; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ text-align: left; vertical-align: top; padding: 4pt 6pt; border: 1px solid #555; }}
  th {{ width: 35%; background: #eee; }}
  .sign {{ margin-top: 28pt; display: flex; justify-content: space-between; }}
  .emergency {{ margin-top: 18pt; font-size: 10pt; border-top: 1px solid #555; padding-top: 6pt; }}
  @media screen {{ body {{ margin: 24px auto; }} }}
</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(t("print.number", lang))} {html.escape(number or "________")}</p>
<table>{table}</table>
{reason_block}
<div class="sign"><span>{html.escape(t("print.registrar", lang))} ____________</span>
<span>{html.escape(t("print.signature", lang))} ____________</span></div>
<p class="emergency">{html.escape(emergency_notice(lang))}</p>
</body></html>
"""


def _date_text(value: object, lang: str) -> str:
    """An ISO date (``1980-03-02``) as ``lang`` writes it; anything else as it is."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return "" if value is None else str(value)
    return messages.format_date(day, messages.Language(lang))


# --- a batch -----------------------------------------------------------------------------------


def _batch(services: RegionServices, account: Account, lang: str, now: dt.datetime) -> None:
    st.caption(t("registrar.batch_help", lang))
    clinics = [str(clinic) for clinic in services.region.clinics["clinic_id"]]
    own = account.clinic_id if account.clinic_id in clinics else clinics[0]
    st.download_button(
        t("registrar.batch_template", lang),
        # Made when pressed; with a byte-order mark and, for ru and kk, the semicolons the
        # list separator of Russian and Kazakh Windows, so Excel opens it in columns.
        data=lambda: excel_csv(
            batch_template(services, own, now=now, delimiter="," if lang == "en" else ";")
        ),
        file_name="applications-template.csv",
        mime="text/csv",
        key="registrar_batch_template",
        on_click="ignore",
    )
    upload = file_uploader(
        t("registrar.batch_upload", lang), ["csv", "txt"], key="registrar_upload", lang=lang
    )
    if upload is None:
        st.session_state.pop(BATCH, None)
        return
    stored = st.session_state.get(BATCH)
    if stored is None or stored[0] != upload.file_id:
        try:
            batch = decode_batch(upload.getvalue())
            rows = read_batch(batch.text)
        except BatchFileError as error:
            st.error(t("registrar.bad_file", lang) + f"\n\n{literal(error.text(lang))}")
            return
        with st.spinner(t("registrar.deciding", lang, count=number(len(rows), lang))):
            stored = (
                upload.file_id,
                decide_rows(services, rows, now=now, attached_now=_data.register_counts()),
                batch.encoding,
            )
        st.session_state[BATCH] = stored
    if stored[2] == "cp1251":
        st.warning(literal(batch_file_error("read_as_cp1251", {}, lang)))
    _batch_results(services, stored[1], lang)


def _batch_results(services: RegionServices, results: Sequence[BatchRow], lang: str) -> None:
    records = pd.DataFrame([result.to_record(lang) for result in results])
    counts = records["outcome"].value_counts()
    columns = st.columns(4)
    for column, outcome in zip(
        columns, ("approved", "refused", "needs_acknowledgement", "error"), strict=True
    ):
        column.metric(t(f"outcome.{outcome}", lang), int(counts.get(outcome, 0)))
    shown = _decisions_table(records, lang)
    # The prose columns get room to be read in the table, not only in the downloads.
    wide = st.column_config.TextColumn(width="large")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={t("batch.error", lang): wide, t("batch.messages", lang): wide},
        key="registrar_batch_table",
    )
    left, right = st.columns(2)
    left.download_button(
        t("registrar.download_csv", lang),
        data=excel_csv(write_decisions(results, lang=lang)),
        file_name="decisions.csv",
        mime="text/csv",
        key="registrar_csv",
    )
    excel = _excel(shown)  # for people, as the page shows it; the CSV keeps the codes
    if excel is None:
        right.caption(t("registrar.no_excel", lang))
    else:
        right.download_button(
            t("registrar.download_excel", lang),
            data=excel,
            file_name="decisions.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="registrar_excel",
        )
    _rows_to_fix(results, lang)
    away = [
        result
        for result in results
        if result.answer is not None and OUT_OF_AREA & set(result.answer.decision.codes)
    ]
    st.markdown(f"#### {t('registrar.out_of_area', lang, count=len(away))}")
    if away:
        _out_of_area_map(services, away, lang)


def _decisions_table(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The batch's decisions as a registrar reads them: columns and outcomes in ``lang``.

    A row's error is what the registrar must fix: beside its outcome, not off to the right of a
    wide table; and no empty column when every row was decided.
    """
    shown = records.assign(outcome=[t(f"outcome.{o}", lang) for o in records["outcome"]])
    first = ["line", "application_id", "clinic_id", "outcome"]
    if (records["error"] != "").any():
        first.append("error")
    shown = shown[first + [c for c in shown.columns if c not in first and c != "error"]]
    return shown.rename(columns={c: t(f"batch.{c}", lang) for c in shown.columns})


def _rows_to_fix(results: Sequence[BatchRow], lang: str) -> None:
    """Every row that was not decided, each problem on its own line (the table cuts them)."""
    failed = [result for result in results if result.answer is None]
    if not failed:
        return
    st.markdown(f"#### {t('registrar.rows_to_fix', lang, count=len(failed))}")
    for result in failed:
        label = t("registrar.row", lang, line=result.line)
        if result.application_id:
            label += f" ({literal(result.application_id)})"
        problems = "\n".join(f"  - {literal(line)}" for line in result.error_lines(lang))
        st.markdown(f"- **{label}**\n{problems}")


def _excel(records: pd.DataFrame) -> bytes | None:
    """The decisions as an .xlsx workbook, or None where openpyxl is not installed."""
    if importlib.util.find_spec("openpyxl") is None:  # pandas' Excel writer
        return None
    buffer = io.BytesIO()
    records.to_excel(buffer, index=False, sheet_name="decisions")
    return buffer.getvalue()


def _out_of_area_map(services: RegionServices, away: Sequence[BatchRow], lang: str) -> None:
    region = services.region
    labels = map_labels(lang)
    fmap = base_map(region, labels=labels, name_column=name_column(lang), fit=False)
    add_clinics(fmap, region.clinics, name_column=name_column(lang), labels=labels)
    homes = [(r.answer.residence.lon, r.answer.residence.lat) for r in away if r.answer is not None]
    fit_to(fmap, homes)
    for result in away:
        assert result.answer is not None
        codes = ", ".join(code.value for code in result.answer.decision.codes)
        residence = result.answer.residence
        add_place(
            fmap,
            residence.lon,
            residence.lat,
            tooltip=t(
                "registrar.away_tooltip",
                lang,
                line=result.line,
                id=result.application_id or "—",
                clinic=result.clinic_id,
                address=residence.label,
                codes=codes,
            ),
        )
    add_layer_control(fmap)
    show_map(fmap, key="registrar_map", height=480)


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it
    main()
