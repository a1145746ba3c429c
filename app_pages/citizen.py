"""Citizen view: find my address, see which clinics can take me and why, and apply.

Everything decided here is decided by :mod:`catchments.service` (``check`` for every candidate
clinic, ``decide`` for the application) and :mod:`catchments.rules`; this page only arranges it.

Reasons that concern the *person* rather than the clinic -- documents (R-DOC-1..4), the channel
(R-CHAN-1..3) and the campaign (R-TIME-1/2) -- are the same for every clinic, so they are shown
once, in their own sections, and each clinic's verdict is made of the reasons about that clinic
(territory, settlement, capacity, SHI status). The final "submit" runs ``decide`` on the whole
application, so its answer names every reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from app_pages import _data
from app_pages._i18n import (
    current_language,
    identifier_name,
    map_labels,
    moment_text,
    name_column,
    number,
    t,
)
from app_pages._ui import literal, services_or_stop, show_map
from catchments.calendar import CalendarError, due_by, in_campaign, local, taken_at
from catchments.capacity import age_on
from catchments.messages import (
    Language,
    emergency_notice,
    join_alternatives,
    render,
    service_error,
)
from catchments.models import (
    MAX_AGE_YEARS,
    ApplicationError,
    Category,
    Channel,
    Document,
    Ground,
    Outcome,
    RuleSettings,
)
from catchments.reasons import Reason, ReasonCode, Severity
from catchments.rules import channels_for, decide_outcome
from catchments.service import (
    Answer,
    CheckAnswer,
    ClinicOption,
    RegionServices,
    ServiceError,
    adult_birth_date,
    decide,
)
from geo.geocode import MAX_QUERY_LENGTH, Candidate, GeocodeError, SearchResult
from geo.houses import HouseNumberError, parse_housenumber
from geo.maps import (
    add_area,
    add_clinics,
    add_isochrones,
    add_layer_control,
    add_place,
    base_map,
)
from geo.network import Mode

QUERY = "citizen_query"
PLACE = "citizen_place"
PLACE_QUERY = "citizen_place_query"  # what the search box held when the place was set
CLINIC = "citizen_clinic"
APPLIED_PICK = "citizen_applied_pick"
LAST_CLICK = "citizen_last_click"
LAST_OBJECT = "citizen_last_object"
MAP_VIEW = "citizen_map_view"
SUBMITTED = "citizen_submitted"  # (the application as submitted, the service's answer)

BUDGETS: Mapping[str, tuple[float, ...]] = {"walk": (10.0, 20.0, 30.0), "drive": (5.0, 10.0, 15.0)}
PLACE_ZOOM = 14
DOCUMENT_CODES = frozenset({ReasonCode.MISSING_DOCUMENT, ReasonCode.LEGAL_REPRESENTATION_MISSING})
CHANNEL_CODES = frozenset({ReasonCode.CHANNEL_NOT_ALLOWED, ReasonCode.EDS_REQUIRED})
# Reasons about the applicant, the same for every clinic: shown once, not per clinic. (Comments,
# not docstrings: Streamlit's "magic" would print a bare string of a page script.)
PERSON_CODES = DOCUMENT_CODES | CHANNEL_CODES | {ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND}


def main() -> None:
    """Draw the page."""
    lang = current_language()
    st.title(t("citizen.title", lang))
    st.caption(t("citizen.intro", lang))
    st.info(emergency_notice(lang), icon=":material/emergency:")  # R-EMERG-1: beside every answer
    path, services = services_or_stop(lang)
    now = _data.now()
    applicant = _about_you(services, lang, now)
    _search(services, lang)
    place = st.session_state.get(PLACE)
    answer: CheckAnswer | None = None
    if place is not None:
        try:
            answer = _data.check_place(
                path,
                (place["lon"], place["lat"], place["label"]),
                json.dumps(applicant["profile"], sort_keys=True),
                applicant["channel"],
                now.replace(second=0, microsecond=0).isoformat(),
                counts_json=_data.register_counts_json(),
            )
        except (ServiceError, ApplicationError) as error:
            st.error(t("citizen.place_error", lang, place=place["label"]))
            st.caption(literal(_error_text(error, lang)))
    if answer is None:
        st.caption(t("citizen.click_hint", lang))
        _map(services, lang, None, None)
        return
    st.subheader(t("citizen.results_for", lang, address=answer.place.label))
    _person_notice(answer, applicant, lang)
    chosen = _chosen_option(answer)
    left, right = st.columns([5, 6], gap="medium")
    with right:
        _map(services, lang, answer, chosen)
    with left:
        _clinic_list(answer, chosen, lang)
    st.divider()
    _your_choice(services, answer, chosen, applicant, lang=lang, now=now)
    st.divider()
    _channels(applicant, services.settings, lang, now)


# --- about you ---------------------------------------------------------------------------------


def _about_you(services: RegionServices, lang: str, now: dt.datetime) -> dict[str, Any]:
    """The applicant's particulars (birth date, categories, EDS, current clinic, ground, channel).

    Returns the ``applicant`` object ``check`` takes (without documents: see the module
    docstring) plus the channel and ground.
    """
    today = local(now).date()
    clinics = services.region.clinics
    names = dict(zip(clinics["clinic_id"], clinics[name_column(lang)], strict=True))
    with st.expander(t("citizen.about_you", lang), expanded=False):
        first, second = st.columns(2)
        birth = first.date_input(
            t("citizen.birth_date", lang),
            value=adult_birth_date(today),
            min_value=dt.date(today.year - MAX_AGE_YEARS, 1, 1),
            max_value=today,
            key="citizen_birth",
            format="DD.MM.YYYY",
        )
        categories = first.multiselect(
            t("citizen.categories", lang),
            [category.value for category in Category],
            format_func=lambda value: identifier_name("purposes", value, lang),
            placeholder=t("common.choose", lang),
            key="citizen_categories",
            help=t("citizen.categories_help", lang),
        )
        has_eds = first.checkbox(t("citizen.has_eds", lang), key="citizen_eds")
        current = second.selectbox(
            t("citizen.current_clinic", lang),
            [None, *names],
            format_func=lambda cid: t("common.none", lang) if cid is None else names[cid],
            key="citizen_current",
        )
        ground = second.selectbox(
            t("citizen.ground", lang),
            [None, *(ground.value for ground in Ground)],
            format_func=lambda g: (
                t("citizen.no_ground", lang) if g is None else t(f"ground.{g}", lang)
            ),
            key="citizen_ground",
            help=t("citizen.ground_help", lang),
        )
    birth_date = birth if isinstance(birth, dt.date) else adult_birth_date(today)
    age = age_on(birth_date, today)
    allowed = channels_for([Category(c) for c in categories], age=age)
    channel_key = "citizen_channel:" + ",".join(c.value for c in allowed)
    channel = st.session_state.get(channel_key) or Channel.PSC.value
    return {
        "profile": {
            "birth_date": birth_date.isoformat(),
            "categories": list(categories),
            "documents": [],
            "documents_reliable": True,
            "has_eds": bool(has_eds),
            "current_clinic_id": current,
        },
        "age": age,
        "allowed": allowed,
        "channel": channel,
        "channel_key": channel_key,
        "ground": ground,
    }


# --- the address -------------------------------------------------------------------------------


@st.fragment
def _search(services: RegionServices, lang: str) -> None:
    """The address box: streets suggested as one types, then the houses found to choose from.

    A fragment, so typing reruns only this box; choosing an address reruns the page.
    """
    query = st.text_input(
        t("citizen.search_label", lang),
        key=QUERY,
        live="400ms",
        placeholder=t("citizen.search_placeholder", lang),
        help=t("citizen.search_help", lang),
    )
    query = (query or "").strip()
    if not query:
        return
    if len(query) > MAX_QUERY_LENGTH:
        length = number(len(query), lang)
        st.warning(t("citizen.query_too_long", lang, length=length, limit=MAX_QUERY_LENGTH))
        _forget_place(query)
        return
    shown = literal(query)  # what was typed is text, not markdown
    try:
        found = services.geocoder.search(query, limit=8)
    except GeocodeError:
        found = None
    if found is not None and found.unknown_settlement:
        # "Алматы, проспект Абая 10": every settlement of the region was searched instead, so
        # what is found is a namesake here (улица Абая 59, Акбулак), not the address meant.
        st.warning(_outside_region_text(found, lang))
        _forget_place(query)
        return
    houses = [c for c in (found or ()) if c.building_id is not None]
    # The street is there but not the house typed: its nearest houses, none chosen, rather
    # than the same number on streets of other names.
    near = services.geocoder.houses_near(query) if found and found[0].building_id is None else []
    no_such_house = bool(near)
    if no_such_house:
        houses = near
        st.warning(t("citizen.no_such_house", lang, query=shown))
    if houses and found is not None:
        best = found.best
        preselect = (
            0 if not no_such_house and best is not None and best.building_id is not None else None
        )
        picked = st.selectbox(
            t("citizen.pick_label", lang),
            range(len(houses)),
            index=preselect,
            format_func=lambda k: houses[k].label,
            key=f"citizen_pick:{query}",
            placeholder=t("citizen.pick_placeholder", lang),
        )
        if found.ambiguous:
            st.caption(t("citizen.ambiguous", lang))
        if picked is None:  # houses to choose from, none chosen: no address yet
            _forget_place(query)
        elif st.session_state.get(APPLIED_PICK) != (query, picked):
            st.session_state[APPLIED_PICK] = (query, picked)
            _set_place(houses[picked])
            st.rerun()
        return
    streets, settlement = services.geocoder.suggest(query), ""
    if not streets and (village := services.geocoder.settlement_streets(query, limit=30)):
        # A village's name alone: its streets to choose from, the village kept in front.
        settlement, streets = village
        st.info(t("citizen.settlement_only", lang, settlement=settlement))
    if streets:
        st.pills(
            t("citizen.streets_label", lang),
            streets,
            key=f"citizen_streets:{query}",
            on_change=_fill_street,
            args=(f"citizen_streets:{query}", settlement),
        )
        st.caption(t("citizen.add_house", lang))
        _forget_place(query)  # a street, not yet a house
    else:
        st.warning(t("citizen.not_found", lang, query=shown))
        if (hint := _house_number_hint(query, lang)) is not None:
            st.caption(hint)
        _forget_place(query)


def _house_number_hint(query: str, lang: str) -> str | None:
    """How to write a house number of ``query`` the geocoder cannot read, if that is why."""
    for word in query.replace(",", " ").split():
        if not word[:1].isdigit():
            continue
        try:
            parse_housenumber(word)
        except HouseNumberError as error:
            if error.code == "letter_after_slash":  # 12/3а: the letter belongs to 12
                return t("citizen.house_letter_after_slash", lang, house=literal(word))
    return None


def _outside_region_text(found: SearchResult, lang: str) -> str:
    """That the settlement ``found`` names is not in this region, as the service says it."""
    marked = found.unknown_settlement_marked
    code = "unknown_settlement" if marked else "unknown_settlement.unmarked"
    params = {"settlement": found.unknown_settlement, "address": found.query}
    return literal(service_error("residence", code, params, lang))


def _forget_place(query: str) -> None:
    """Drop the answer for a place set before ``query`` was typed, when ``query`` sets none.

    Left on screen under "nothing found", a street to complete or houses to choose from, the
    previous address's clinics read as the answer to what was just typed, and its application
    could still be sent. A place set while the box held ``query`` (a click on the map) stays.
    """
    if st.session_state.get(PLACE) is not None and st.session_state.get(PLACE_QUERY) != query:
        for key in (PLACE, CLINIC, SUBMITTED, APPLIED_PICK):
            st.session_state.pop(key, None)
        st.rerun()


def _fill_street(key: str, settlement: str = "") -> None:
    """Put the suggested street (after its settlement, if one was typed) in the box."""
    street = st.session_state.get(key)
    if street:
        st.session_state[QUERY] = f"{settlement}, {street} " if settlement else f"{street} "


def _set_place(candidate: Candidate) -> None:
    st.session_state[PLACE] = {"lon": candidate.lon, "lat": candidate.lat, "label": candidate.label}
    st.session_state[PLACE_QUERY] = (st.session_state.get(QUERY) or "").strip()
    st.session_state[MAP_VIEW] = {"center": (candidate.lat, candidate.lon), "zoom": PLACE_ZOOM}
    st.session_state.pop(CLINIC, None)
    st.session_state.pop(SUBMITTED, None)


# --- the answer --------------------------------------------------------------------------------


def _clinic_reasons(option: ClinicOption) -> tuple[Reason, ...]:
    return tuple(r for r in option.decision.reasons if r.code not in PERSON_CODES)


def _verdict(option: ClinicOption) -> str:
    """``eligible``, ``warning`` or ``refused`` from the reasons about the clinic."""
    reasons = _clinic_reasons(option)
    if decide_outcome(reasons) is Outcome.REFUSED:
        return "refused"
    return "warning" if reasons else "eligible"


def _chosen_option(answer: CheckAnswer) -> ClinicOption:
    """The clinic the citizen chose, else the nearest one whose territory covers them."""
    by_id = {str(option.clinic["clinic_id"]): option for option in answer.options}
    chosen = st.session_state.get(CLINIC)
    if chosen in by_id:
        return by_id[chosen]
    covering = [option for option in answer.options if option.in_territory]
    return (covering or list(answer.options))[0]


def _person_notice(answer: CheckAnswer, applicant: Mapping[str, Any], lang: str) -> None:
    """Refusals about the person (channel, campaign), whatever clinic they choose."""
    if not answer.options:
        return
    reasons = [
        r
        for r in answer.options[0].decision.reasons
        if r.code in PERSON_CODES - DOCUMENT_CODES and r.severity is Severity.REFUSE
    ]
    # ``check`` asks without a ground (R-TIME-2); once the citizen names one, the campaign
    # reason is settled by ``decide`` at submission, which sees the ground.
    if applicant["ground"] is not None:
        reasons = [r for r in reasons if r.code is not ReasonCode.OUTSIDE_CAMPAIGN_NO_GROUND]
    if reasons:
        st.error(
            t("citizen.person_refusals", lang)
            + "\n\n"
            + "\n".join(f"- {render(r, lang)}" for r in reasons)
        )


# Material icons: Streamlit ships their font, so they show offline and without emoji fonts.
VERDICT_ICONS = {
    "eligible": ":material/check_circle:",
    "warning": ":material/warning:",
    "refused": ":material/block:",
}


def _remaining_text(option: ClinicOption, lang: str) -> str:
    parts = [
        t(
            "citizen.remaining_item",
            lang,
            model=identifier_name("models", model, lang),
            count=number(max(count, 0), lang),
        )
        for model, count in option.remaining.items()
    ]
    return "; ".join(parts)


def _clinic_list(answer: CheckAnswer, chosen: ClinicOption, lang: str) -> None:
    """The candidate clinics, nearest on foot first (R-PLACE-3), each with its verdict."""
    st.markdown(f"#### {t('citizen.clinics_heading', lang)}")
    st.caption(t("citizen.clinics_caption", lang))
    with st.container(height=720, border=False):
        for option in answer.options:
            clinic_id = str(option.clinic["clinic_id"])
            verdict = _verdict(option)
            with st.container(border=True, key=f"clinic_card_{clinic_id}"):
                kind = identifier_name("kinds", str(option.clinic["kind"]), lang)
                mark = " :material/location_on:" if option is chosen else ""
                st.markdown(
                    f"**{option.clinic[name_column(lang)]}**{mark}  \n"
                    f"{kind} · {option.clinic['address']}"
                )
                st.markdown(_travel_text(option, lang))
                territory = (
                    ":material/home: " + t("citizen.in_territory", lang)
                    if option.in_territory
                    else ":material/wrong_location: " + t("citizen.out_territory", lang)
                )
                st.markdown(
                    f"{territory} · {VERDICT_ICONS[verdict]} **{t(f'verdict.{verdict}', lang)}**"
                )
                for reason in _clinic_reasons(option):
                    if reason.code is ReasonCode.ACKNOWLEDGEMENT_REQUIRED:
                        continue  # HOME_VISIT_RISK says it in plain words
                    st.markdown(f"- {render(reason, lang)}")
                st.caption(t("citizen.remaining", lang, places=_remaining_text(option, lang)))
                st.button(
                    t("citizen.choose", lang),
                    key=f"choose_{clinic_id}",
                    on_click=_choose,
                    args=(clinic_id,),
                    disabled=option is chosen,
                )


def _travel_text(option: ClinicOption, lang: str, *, icons: bool = True) -> str:
    """Minutes on foot and by car, and the distance; icons in the page, words on the map."""

    def minutes(value: float | None, mode: str) -> str:
        text = "—" if value is None else t("common.minutes", lang, minutes=round(value))
        icon = {"walk": ":material/directions_walk:", "drive": ":material/directions_car:"}
        return f"{icon[mode]} {text}" if icons else f"{t(f'mode.{mode}', lang)}: {text}"

    return t(
        "citizen.travel",
        lang,
        walk=minutes(option.walk_min, "walk"),
        drive=minutes(option.drive_min, "drive"),
        km=number(round(option.distance_m / 1000, 1), lang),
    )


def _choose(clinic_id: str) -> None:
    st.session_state[CLINIC] = clinic_id
    st.session_state.pop(SUBMITTED, None)


# --- the map -----------------------------------------------------------------------------------


def _map(
    services: RegionServices,
    lang: str,
    answer: CheckAnswer | None,
    chosen: ClinicOption | None,
) -> None:
    """Streets, the covering territory, clinics, the address and the chosen clinic's isochrone.

    Panning and zooming never rerun the app: only clicks come back (``returned_objects``).
    """
    region = services.region
    labels = map_labels(lang)
    view = st.session_state.get(MAP_VIEW)
    fmap = base_map(region, labels=labels, name_column=name_column(lang), fit=view is None)
    details: dict[str, str] = {}
    if answer is not None:
        districts = region.districts
        covering = districts[districts["district_id"].isin(answer.place.districts)]
        if not covering.empty:
            add_area(
                fmap,
                covering.assign(_clinic=covering["clinic_id"]),
                name=t("citizen.map_territory", lang),
                colour="#7b3294",
                fields={
                    "district_id": t("common.district", lang),
                    "_clinic": t("common.clinic", lang),
                },
            )
        if chosen is not None:
            picked = st.segmented_control(
                t("citizen.iso_mode", lang),
                list(BUDGETS),
                default="walk",
                format_func=lambda m: t(f"mode.{m}", lang),
                key="citizen_iso_mode",
            )
            mode: Mode = "drive" if picked == "drive" else "walk"
            clinic_id = str(chosen.clinic["clinic_id"])
            isochrones = _data.clinic_isochrones(
                str(_data.region_path()), clinic_id, mode, BUDGETS[mode]
            )
            add_isochrones(
                fmap,
                isochrones,
                name=t("citizen.map_isochrones", lang, clinic=clinic_id),
                tooltip=t("citizen.iso_tooltip", lang, mode=t(f"mode.{mode}", lang)),
            )
        for option in answer.options:
            clinic_id = str(option.clinic["clinic_id"])
            details[clinic_id] = "\n".join(
                [
                    _travel_text(option, lang, icons=False),
                    t("citizen.remaining", lang, places=_remaining_text(option, lang)),
                ]
            )
    add_clinics(
        fmap,
        region.clinics,
        name_column=name_column(lang),
        labels=labels,
        details=details,
        highlight=None if chosen is None else str(chosen.clinic["clinic_id"]),
    )
    if answer is not None:
        add_place(fmap, answer.place.lon, answer.place.lat, tooltip=answer.place.label)
    add_layer_control(fmap)
    state = show_map(
        fmap,
        key="citizen_map",
        returned_objects=("last_clicked", "last_object_clicked"),
        center=None if view is None else view["center"],
        zoom=None if view is None else view["zoom"],
        height=720,
    )
    _handle_click(services, state or {}, lang)


def _handle_click(services: RegionServices, state: Mapping[str, Any], lang: str) -> None:
    """A click on a clinic chooses it; a click elsewhere takes the nearest house as the address."""
    clicked_object = state.get("last_object_clicked")
    if clicked_object and clicked_object != st.session_state.get(LAST_OBJECT):
        st.session_state[LAST_OBJECT] = clicked_object
        clinic_id = _clinic_at(services, clicked_object["lat"], clicked_object["lng"])
        if clinic_id is not None:
            _choose(clinic_id)
            st.rerun()
    click = state.get("last_clicked")
    if click and click != st.session_state.get(LAST_CLICK):
        st.session_state[LAST_CLICK] = click
        lat, lon = float(click["lat"]), float(click["lng"])
        try:
            nearest = services.geocoder.reverse(lon, lat)
        except GeocodeError:
            return
        if nearest is None:
            st.session_state[PLACE] = {"lon": lon, "lat": lat, "label": f"{lat:.5f}, {lon:.5f}"}
            st.session_state[PLACE_QUERY] = (st.session_state.get(QUERY) or "").strip()
            st.session_state[MAP_VIEW] = {"center": (lat, lon), "zoom": PLACE_ZOOM}
            st.session_state.pop(CLINIC, None)
        else:
            _set_place(nearest)
        st.rerun()


def _clinic_at(services: RegionServices, lat: float, lon: float) -> str | None:
    clinics = services.region.clinics
    close = (abs(clinics.geometry.y - lat) < 1e-6) & (abs(clinics.geometry.x - lon) < 1e-6)
    ids = clinics.loc[close, "clinic_id"].tolist()
    return str(ids[0]) if ids else None


# --- the choice and the application ------------------------------------------------------------


def _requirements(answer: CheckAnswer) -> list[Reason]:
    """What the rules ask for when nothing is handed in yet: the documents to bring."""
    if not answer.options:
        return []
    return [r for r in answer.options[0].decision.reasons if r.code in DOCUMENT_CODES]


def _your_choice(
    services: RegionServices,
    answer: CheckAnswer,
    chosen: ClinicOption,
    applicant: Mapping[str, Any],
    *,
    lang: str,
    now: dt.datetime,
) -> None:
    """The chosen clinic, the home-visit warning (R-TERR-2), documents to bring, and submit."""
    clinic_id = str(chosen.clinic["clinic_id"])
    st.subheader(t("citizen.your_choice", lang, clinic=chosen.clinic[name_column(lang)]))
    acknowledged = True
    if not chosen.in_territory:
        risk = next(
            (r for r in chosen.decision.reasons if r.code is ReasonCode.HOME_VISIT_RISK), None
        )
        st.warning(
            t("citizen.home_visit_plain", lang, clinic=chosen.clinic[name_column(lang)])
            + ("\n\n" + render(risk, lang) if risk is not None else ""),
            icon=":material/home:",
        )
        acknowledged = st.checkbox(t("citizen.acknowledge", lang), key=f"citizen_ack_{clinic_id}")
    requirements = _requirements(answer)
    st.markdown(f"#### {t('citizen.documents_heading', lang)}")
    suggested: list[str] = []
    for reason in requirements:
        documents = tuple(str(d) for d in reason.values.get("documents") or ())  # type: ignore[union-attr]
        purpose = reason.values.get("purpose") or reason.values.get("who")
        table = "purposes" if "purpose" in reason.values else "who"
        names = tuple(identifier_name("documents", d, lang) for d in documents)
        st.markdown(
            f"- **{identifier_name(table, str(purpose), lang)}**: "
            f"{join_alternatives(names, Language(lang))}"
        )
        if documents and documents[0] not in suggested:
            suggested.append(documents[0])
    bring = st.multiselect(
        t("citizen.documents_bring", lang),
        [document.value for document in Document],
        default=suggested,
        format_func=lambda d: identifier_name("documents", d, lang),
        placeholder=t("common.choose", lang),
        # What is asked depends on age, categories and channel (R-DOC-4 at the registry only):
        # a new key when one changes, so the suggested documents are selected afresh.
        key=(
            f"citizen_docs:{applicant['age']}:{','.join(applicant['profile']['categories'])}:"
            f"{applicant['channel']}"
        ),
    )
    application = _application(
        answer, clinic_id, applicant, documents=bring, acknowledged=acknowledged, now=now
    )
    refused = _verdict(chosen) == "refused"
    if refused:
        st.error(t("citizen.clinic_refuses", lang))
    elif not acknowledged:
        st.caption(t("citizen.submit_needs_ack", lang))
    if st.button(
        t("citizen.submit", lang),
        type="primary",
        disabled=refused or not acknowledged,
        key="citizen_submit",
    ):
        try:
            result = decide(services, application, now=now, attached_now=_data.register_counts())
        except (ApplicationError, ServiceError) as error:
            st.error(t("citizen.submit_error", lang))
            st.caption(literal(_error_text(error, lang)))
            return
        st.session_state[SUBMITTED] = (application, result)
    submitted = st.session_state.get(SUBMITTED)
    if submitted is None:
        return
    if _inputs(submitted[0]) != _inputs(application):
        # Made from other particulars (a channel, a document, the clinic, the address): its
        # answer is not the answer for what is on the page now.
        st.session_state.pop(SUBMITTED, None)
        return
    _show_submission(submitted[0], submitted[1], lang)


def _inputs(application: Mapping[str, Any]) -> dict[str, Any]:
    """What an application's answer depends on that the person gave: all but its moment."""
    return {key: value for key, value in application.items() if key != "submitted_at"}


def _application(
    answer: CheckAnswer,
    clinic_id: str,
    applicant: Mapping[str, Any],
    *,
    documents: Sequence[str],
    acknowledged: bool,
    now: dt.datetime,
) -> dict[str, Any]:
    """The application of DESIGN.md's format, as the citizen would hand it in."""
    profile = dict(applicant["profile"])
    profile["documents"] = list(documents)
    return {
        "clinic_id": clinic_id,
        "residence": {
            "address": answer.place.label,
            "lon": answer.place.lon,
            "lat": answer.place.lat,
        },
        "workplace": None,
        "basis": "residence",
        "applicant": profile,
        "channel": applicant["channel"],
        "submitted_at": local(now).isoformat(timespec="seconds"),
        "ground": applicant["ground"],
        "home_visit_acknowledged": bool(acknowledged),
    }


def _show_submission(application: Mapping[str, Any], result: Answer, lang: str) -> None:
    decision = result.decision
    outcome = decision.outcome.value
    text = t(f"outcome.{outcome}", lang)
    if decision.outcome is Outcome.APPROVED:
        coupon = decision.coupon
        district = "" if coupon is None else coupon.district_id
        st.success(t("citizen.submitted_approved", lang, outcome=text, district=district))
    elif decision.outcome is Outcome.REFUSED:
        st.error(t("citizen.submitted_refused", lang, outcome=text))
    else:
        st.warning(text)
    for reason in decision.reasons:
        st.markdown(f"- {render(reason, lang)}")
    if decision.due_by is not None:
        st.caption(t("citizen.answer_due", lang, due=moment_text(decision.due_by, lang)))
    st.download_button(
        t("citizen.download_application", lang),
        data=json.dumps(application, ensure_ascii=False, indent=2),
        file_name=f"application-{application['clinic_id']}.json",
        mime="application/json",
        key="citizen_download",
    )
    st.caption(t("citizen.hand_in", lang))


# --- channels and time -------------------------------------------------------------------------


def _channels(
    applicant: Mapping[str, Any], settings: RuleSettings, lang: str, now: dt.datetime
) -> None:
    """Which channels one may use (R-CHAN-1..3) and when the answer is due (R-TIME-3)."""
    st.subheader(t("citizen.channels_heading", lang))
    allowed: Sequence[Channel] = applicant["allowed"]
    has_eds = bool(applicant["profile"]["has_eds"])
    for channel in Channel:
        name = identifier_name("channels", channel.value, lang)
        if channel is Channel.REGISTRY:
            ok = channel in allowed
            note = t("channel.registry_yes" if ok else "channel.registry_no", lang)
        elif channel is Channel.PSC:
            ok, note = True, t("channel.psc", lang)
        else:
            ok = has_eds
            note = t("channel.egov_yes" if ok else "channel.egov_no", lang)
        icon = ":material/check_circle:" if ok else ":material/cancel:"
        st.markdown(f"- {icon} **{name}**: {note}")
    options = [c.value for c in allowed]
    st.radio(
        t("citizen.channel_choice", lang),
        options,
        index=options.index(Channel.PSC.value),
        format_func=lambda c: identifier_name("channels", c, lang),
        key=applicant["channel_key"],
        horizontal=True,
    )
    try:
        taken = taken_at(now, settings)
        due = due_by(taken, settings, made=now)
    except CalendarError:  # weeks of decreed days off ahead: the decision will say so
        pass
    else:
        st.info(
            t(
                "citizen.timing",
                lang,
                now=moment_text(now, lang),
                taken=moment_text(taken, lang),
                due=moment_text(due, lang),
            ),
            icon=":material/schedule:",
        )
    if not in_campaign(local(now).date(), settings):
        st.caption(t("citizen.outside_campaign", lang))


def _error_text(error: ServiceError | ApplicationError, lang: str) -> str:
    """A service error or an application's field problems, in the page's language."""
    if isinstance(error, ServiceError):
        return error.text(lang)
    return "; ".join(problem.text(lang) for problem in error.problems)


if __name__ == "__main__":  # Streamlit runs a page as __main__; tests import it
    main()
