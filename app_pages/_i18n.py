"""The app's words in Kazakh, Russian and English: one catalog per language and :func:`t`.

Pages never hold a sentence of their own: they call ``t("citizen.title", lang)``. Reasons of a
decision are worded by :mod:`catchments.messages` (``render``), and identifiers (documents,
categories, channels, district models) are named from its ``NAMES`` tables, so the engine's
wording and the app's agree; this catalog has the rest: labels, headings, hints, and the names
of clinic kinds, grounds and outcomes.

A catalog string is a :meth:`str.format` template; ``{{name}}`` leaves a ``{name}`` for a later
fill (the map module fills ``{model}`` and ``{minutes}``), and a field with word forms,
``{minutes:минута|минуты|минут}``, agrees the word with the number
(:func:`catchments.messages.fill`). A test keeps the three catalogs on the same keys and
placeholders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final

import streamlit as st

from app_pages._data import load_region, region_path
from catchments.calendar import local
from catchments.messages import NAMES, Language, fill, format_moment, format_number
from geo.maps import MapLabels
from geo.package import RegionDataError
from geo.schema import LANGUAGES

LANGUAGE_NAMES: Final[Mapping[str, str]] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
SESSION_KEY: Final = "lang"


class CatalogError(KeyError):
    """A key missing from a catalog, or a template that needs a value not given."""


EN: Final[Mapping[str, str]] = {
    # navigation and shared words
    "nav.citizen": "Find a clinic",
    "nav.overview": "Region map",
    "nav.registrar": "Registrar",
    "nav.planner": "Planner",
    "sidebar.language": "Тіл · Язык · Language",
    "sidebar.high_contrast": "High contrast, large font",
    "sidebar.high_contrast_help": "A version for the visually impaired: white and yellow on "
    "black, larger letters, underlined links.",
    "common.region_error": "The region data package at {path} cannot be used:\n\n{error}",
    "common.none": "none",
    "common.choose": "Choose",
    "common.not_a_number": "“{typed}” is not a number from {low} to {high}; type one such as "
    "1.5 (or 1,5)",
    "common.minutes": "{minutes} min",
    "common.district": "District",
    "common.clinic": "Clinic",
    "mode.walk": "On foot",
    "mode.drive": "By car",
    "verdict.eligible": "Eligible",
    "verdict.warning": "Eligible, with a warning",
    "verdict.refused": "Refused",
    "outcome.approved": "Approved",
    "outcome.refused": "Refused",
    "outcome.needs_acknowledgement": "Needs the applicant's acknowledgement",
    "outcome.error": "Not decided (error in the row)",
    # sign-in (app_pages/_auth.py)
    "auth.unavailable": "Sign-in is unavailable: {error}",
    "auth.title": "Sign in",
    "auth.caption": "Registrar and planner views need an account; the citizen view is open to all.",
    "auth.username": "User name",
    "auth.password": "Password",
    "auth.submit": "Sign in",
    "auth.wrong_password": "Sign-in refused: wrong user name or password.",
    "auth.throttled": "Sign-in refused: too many failed sign-ins for this user ({failures}); "
    "try again in {minutes:minute|minutes} or ask an administrator.",
    "auth.oidc_button": "Sign in with your organisation's account",
    "auth.oidc_no_email": "This identity",
    "auth.oidc_no_account": "{who} has no Emhana account; ask an administrator to add one with "
    "`emhana register accounts add NAME --role ROLE --email EMAIL --no-password`.",
    "auth.wrong_role": "This page is for {roles}. You are signed in as {user} ({role}).",
    "auth.signed_in": "Signed in as **{user}** ({role})",
    "auth.signed_in_clinic": "Signed in as **{user}** ({role}, clinic {clinic})",
    "auth.sign_out": "Sign out",
    "auth.or": " or ",
    "auth.role.registrar": "registrar",
    "auth.role.planner": "planner",
    "auth.role.admin": "administrator",
    "auth.roles.registrar": "registrars",
    "auth.roles.planner": "planners",
    "auth.roles.admin": "administrators",
    # sign-in settings and the accounts file's errors (app_pages/_auth.py)
    "auth.oidc_incomplete": "Sign-in with an organisation's account is off: the `[auth]` section "
    "of `.streamlit/secrets.toml` lacks {keys} (see README.md, “The attachment register”). "
    "Accounts with a password can still sign in.",
    "auth.oidc_metadata": "Sign-in with an organisation's account is off: {problem} Accounts with "
    "a password can still sign in; the address is checked again within {minutes:minute|minutes}.",
    "auth.oidc_metadata.where": "`{url}` (`server_metadata_url` in the `{section}` section of "
    "`.streamlit/secrets.toml`)",
    "auth.oidc_metadata.url": "the address {where} is not a web address (http:// or https://). "
    "Set it to the provider's OpenID Connect discovery address, which usually ends in "
    "`/.well-known/openid-configuration`.",
    "auth.oidc_metadata.name": "the host name in the address {where} cannot be found "
    "(“{detail}”). Check it for typos; a computer without internet reaches only a provider on its "
    "own network.",
    "auth.oidc_metadata.refused": "nothing answers at the address {where} (“{detail}”). Check the "
    "port and that the provider is running.",
    "auth.oidc_metadata.tls": "the secure connection to the address {where} failed (“{detail}”). "
    "If the provider's certificate comes from your own certificate authority, start Emhana with "
    "`SSL_CERT_FILE` set to that authority's certificate file; if the provider has no https, the "
    "address starts with http://.",
    "auth.oidc_metadata.unreachable": "the address {where} cannot be reached (“{detail}”). Check "
    "it, and that this computer can reach the provider.",
    "auth.oidc_metadata.timeout": "the address {where} did not answer within {seconds} s. Check "
    "that the provider is running and reachable from this computer.",
    "auth.oidc_metadata.redirect": "the address {where} redirects to `{location}`, and sign-in "
    "does not follow redirects. Put that address in `server_metadata_url`.",
    "auth.oidc_metadata.status": "the address {where} answers with the HTTP error {status}. Check "
    "it: a discovery address usually ends in `/.well-known/openid-configuration`.",
    "auth.oidc_metadata.not_json": "the address {where} does not give an OpenID Connect discovery "
    "document (JSON), perhaps a web page. Check it: a discovery address usually ends in "
    "`/.well-known/openid-configuration`.",
    "auth.oidc_metadata.keys": "the document at the address {where} lacks {keys}, which sign-in "
    "needs. Check that it is the provider's OpenID Connect discovery address.",
    "auth.account_gone": "The account **{user}** no longer exists, so you were signed out and "
    "nothing was saved. Ask an administrator if you still need access.",
    "auth.accounts.missing": "There is no accounts file at `{file}` yet, so nobody can sign in; an "
    "administrator adds accounts with `emhana register accounts add NAME --role ROLE`.",
    "auth.accounts.unreadable": "`{file}`: the accounts file cannot be read (“{detail}”)",
    "auth.accounts.toml": "`{file}`: not valid TOML at line {line}, column {column} (“{detail}”)",
    "auth.accounts.toml_end": "`{file}`: not valid TOML at the end of the file (“{detail}”)",
    "auth.accounts.shape": "`{file}`: `accounts` must be a table of `[accounts.NAME]` tables",
    "auth.accounts.entries": "`{file}`: errors in the accounts: {problems}",
    "auth.accounts.unknown_table": "unknown table `[{table}]`; only `[accounts.NAME]` tables are "
    "expected",
    "auth.accounts.not_table": "`[accounts.{account}]` must be a table",
    "auth.accounts.unknown_keys": "`[accounts.{account}]`: unknown keys {keys}; expected role, "
    "clinic_id, password_hash, email",
    "auth.accounts.role": "`[accounts.{account}]`: unknown role {role}; the roles are {roles}",
    "auth.accounts.operator": "`[accounts.{account}]`: the role operator is the command line's; "
    "use admin",
    "auth.accounts.shared_email": "`[accounts.{account}]`: the e-mail {email} is also that of "
    "`[accounts.{first}]`; give each person their own address",
    "auth.accounts.other": "`[accounts.{account}]`: “{detail}”",
    "severity.refuse": "refuses",
    "severity.warn": "warns",
    "kinds.polyclinic": "city polyclinic",
    "kinds.outpatient": "outpatient clinic",
    "kinds.paramedic_post": "paramedic and midwifery post",
    "kinds.family_health_centre": "family health centre",
    "ground.changed_residence": "I changed my place of residence",
    "ground.changed_work_or_study": "I changed my place of work or study",
    "ground.left_city_over_month": "I left the city for more than a month",
    "ground.first_free_choice": "First use of the right of free choice",
    "ground.attached_without_knowledge": "I was attached without my knowledge",
    "ground.organization_reorganized": "My clinic was reorganized or liquidated",
    "ground.contract_terminated": "My clinic's contract with the Fund ended",
    "ground.new_clinic_nearby": "A new clinic opened near my home",
    "ground.voluntary_insurance": "A voluntary health insurance contract",
    "ground.annual_free_choice": "The yearly free choice",
    # maps
    "map.streets": "Streets",
    "map.online_tiles": "OpenStreetMap tiles (online)",
    "map.settlements": "Settlements",
    "map.districts": "Districts: {{model}}",
    "map.clinics": "Clinics",
    "map.shi_supplier": "SHI Fund supplier",
    "map.not_shi_supplier": "NOT an SHI Fund supplier",
    # citizen
    "citizen.title": "Which clinic can I attach to?",
    "citizen.intro": "Type your address or click your house on the map: you will see the clinics "
    "near you, whether each can take you and why, and how to apply.",
    "citizen.about_you": "About you (age, category, current clinic)",
    "citizen.birth_date": "Date of birth of the person to attach",
    "citizen.categories": "Categories",
    "citizen.categories_help": "Pensioners, people with disabilities, students and others may "
    "apply at the clinic's registry, bringing the documents of their category; at a PSC or on "
    "egov an identity document is enough.",
    "citizen.has_eds": "I have an electronic digital signature (EDS)",
    "citizen.current_clinic": "Clinic I am attached to now",
    "citizen.ground": "Ground for attaching outside the campaign",
    "citizen.no_ground": "No ground (during the campaign)",
    "citizen.ground_help": "From 15 September to 15 November anyone may change clinic; at other "
    "times a ground is needed.",
    "citizen.search_label": "Your address",
    "citizen.search_placeholder": "e.g. ул. Абая 59 or Абай көшесі 59",
    "citizen.search_help": "Street and house number, in Kazakh, Russian or Latin letters.",
    "citizen.pick_label": "Addresses found",
    "citizen.pick_placeholder": "Choose your address",
    "citizen.ambiguous": "Several addresses match: choose yours.",
    "citizen.streets_label": "Streets",
    "citizen.add_house": "Choose your street, then add the house number.",
    "citizen.settlement_only": "{settlement} is a settlement: choose your street, then add the "
    "house number.",
    "citizen.no_such_house": "There is no house “{query}”: check the number, or choose one of "
    "the nearest houses of the street below.",
    "citizen.not_found": "Nothing found for “{query}”; check the spelling or click your house "
    "on the map.",
    "citizen.click_hint": "Or click your house on the map.",
    "citizen.query_too_long": "The address is {length} characters long; an address has at most "
    "{limit}: type only the street, the house and the settlement.",
    "citizen.house_letter_after_slash": "{house}: a house's letter goes before the “/”, after "
    "its number, e.g. 24а/1.",
    "citizen.place_error": "{place} cannot be placed in this region; choose another address or "
    "click on the map.",
    "citizen.results_for": "Clinics for {address}",
    "citizen.person_refusals": "Whatever clinic you choose, these reasons stand in the way:",
    "citizen.clinics_heading": "Clinics near you, nearest on foot first",
    "citizen.clinics_caption": "The verdict assumes you bring the documents listed below.",
    "citizen.in_territory": "Your address is in its territory",
    "citizen.out_territory": "Your address is outside its territory",
    "citizen.travel": "{walk} · {drive} · {km} km",
    "citizen.remaining": "Places left: {places}",
    "citizen.remaining_item": "{model}: {count}",
    "citizen.choose": "Choose this clinic",
    "citizen.map_territory": "Your territory",
    "citizen.iso_mode": "Reach of the chosen clinic",
    "citizen.map_isochrones": "Reach of {clinic}",
    "citizen.iso_tooltip": "{mode}: within {{minutes}} min",
    "citizen.your_choice": "Your choice: {clinic}",
    "citizen.home_visit_plain": "Your home is outside the territory of {clinic}. If you attach "
    "there and fall ill at home, no doctor and no mobile team of this clinic will come to your "
    "home: you will have to go to the clinic yourself.",
    "citizen.acknowledge": "I understand and accept that there will be no home visits",
    "citizen.documents_heading": "Documents to bring",
    "citizen.documents_bring": "Documents I will bring",
    "citizen.clinic_refuses": "This clinic cannot take you (see the reasons above); choose "
    "another.",
    "citizen.submit_needs_ack": "Tick the box above to accept having no home visits: the "
    "application cannot be submitted without it.",
    "citizen.submit": "Submit application",
    "citizen.submit_error": "The application could not be decided.",
    "citizen.submitted_approved": "{outcome}: you would be attached to district {district}.",
    "citizen.submitted_refused": "{outcome}: the reasons are listed below.",
    "citizen.answer_due": "The answer is due by {due}.",
    "citizen.download_application": "Download the application (JSON)",
    "citizen.hand_in": "Hand it in through the channel you chose below; the clinic's answer "
    "is final.",
    "citizen.channels_heading": "How and when to apply",
    "channel.registry_yes": "you may apply in person, as your category allows.",
    "channel.registry_no": "only for pensioners, people with disabilities, children and the "
    "other categories named in the rules.",
    "channel.psc": "anyone with an identity document; the answer within one business day.",
    "channel.egov_yes": "with your EDS, around the clock; the answer arrives in your personal "
    "account within one business day.",
    "channel.egov_no": "needs an electronic digital signature (EDS), which you do not have.",
    "citizen.channel_choice": "I will apply through",
    "citizen.timing": "If you apply now ({now}), the request is taken {taken} and the answer "
    "is due by {due}.",
    "citizen.outside_campaign": "The free-choice campaign (15 September to 15 November) is not "
    "on now: you can change clinic only on a ground (see “About you”).",
    # overview
    "overview.residents": "Residents",
    "overview.buildings": "Residential buildings",
    "overview.clinics": "PHC organizations",
    "overview.districts": "Districts",
    # registrar
    "registrar.title": "Applications for attachment",
    "uploader.button": "Upload",
    "uploader.limit": "up to {size} MB a file • {types}",
    "registrar.tab_one": "One application",
    "registrar.tab_batch": "A file of applications",
    "registrar.input_how": "Enter the application",
    "registrar.input_form": "Fill in the form",
    "registrar.input_json": "Paste JSON",
    "registrar.clinic": "Clinic",
    "registrar.residence": "Address of residence",
    "registrar.has_eds": "The applicant has an electronic digital signature (EDS)",
    "registrar.current_clinic": "Clinic the applicant is attached to now",
    "registrar.coordinates": "or coordinates (lon, lat)",
    "registrar.basis": "Attach at the place of",
    "registrar.workplace": "Address of work or study (if the basis is work or study)",
    "registrar.documents": "Documents handed in",
    "registrar.reliable": "Documents found reliable",
    "registrar.channel": "Channel",
    "registrar.submitted_on": "Submitted on",
    "registrar.submitted_time": "at (UTC+5)",
    "registrar.acknowledged": "Applicant accepted having no home visits",
    "registrar.decide": "Decide",
    "registrar.json_label": "Application (JSON, the format of README.md)",
    "registrar.json_hint": '{{"clinic_id": "C-02", "residence": {{"address": "ул. Абая 59"}}, …}}',
    "registrar.bad_json": "Not valid JSON: line {line}, column {column}: {error}",
    "registrar.not_object": "The JSON must be one object {{…}}, as in README.md.",
    "registrar.json_too_big": "The JSON holds a number too long or nesting too deep to be an "
    "application; check what was pasted.",
    "registrar.invalid": "The application has problems; fix them and decide again:",
    "registrar.cannot_place": "The application cannot be decided in this region:",
    "registrar.submitted_in_future": "The date of submission is later than now; correct it and "
    "decide again:",
    "registrar.residence_found": "Residence understood as: {address}",
    "registrar.col_code": "Code",
    "registrar.col_rule": "Rule",
    "registrar.col_severity": "Effect",
    "registrar.col_message": "Reason",
    "registrar.no_reasons": "No reason to refuse or warn.",
    "registrar.timing": "Taken {taken}; the answer is due by {due}.",
    "registrar.coupon_line": "Coupon: clinic {clinic}, district {district} ({model}).",
    "registrar.print_coupon": "Printable attachment coupon (HTML)",
    "registrar.print_refusal": "Printable reasoned refusal (HTML)",
    "registrar.batch_help": "A CSV file, one application a row, with the columns of the sample "
    "below (comma or semicolon separated, UTF-8). A row that cannot be read is reported on its "
    "line; the others are decided.",
    "registrar.batch_template": "Sample file with every column (CSV)",
    "registrar.batch_upload": "Applications (CSV)",
    "registrar.bad_file": "The file cannot be read; nothing was decided:",
    "registrar.deciding": "Deciding {count:application|applications}…",
    "registrar.download_csv": "Download decisions (CSV)",
    "registrar.download_excel": "Download decisions (Excel)",
    "registrar.no_excel": "Excel download needs the openpyxl package.",
    "registrar.rows_to_fix": "Rows to fix: {count}",
    "registrar.row": "Line {line}",
    "registrar.out_of_area": "Out of the territory or settlement: {count}",
    "registrar.away_tooltip": "line {line} · {id} · clinic {clinic} · {address} · {codes}",
    "registrar.tab_mine": "Applications of my clinic",
    "registrar.record_title": "Record the decision in the register",
    "registrar.record_not_yours": "This application is for clinic {clinic}; you record decisions "
    "for your own clinic ({own}) only. The registrar of {clinic} records it.",
    "registrar.not_submitted": "The application is not submitted, so it cannot be recorded: the "
    "residence is outside the clinic's service territory and the applicant has not accepted "
    "having no home visits (R-TERR-2). Once the applicant accepts, tick “{field}” (in JSON, "
    '"home_visit_acknowledged": true) and decide the application again.',
    "registrar.iin": "Applicant's IIN (12 digits)",
    "registrar.full_name": "Full name (optional)",
    "registrar.record": "Record decision",
    "registrar.iin_invalid": "The IIN is not valid; nothing was recorded. {error}",
    "registrar.record_failed": "The decision was not recorded: {error}",
    "registrar.filled_meanwhile": "The district filled up before this approval was recorded: "
    "it is recorded as refused for capacity (CAPACITY_EXCEEDED, R-CAP-1).",
    "registrar.free_choice_used": "The register holds the applicant's earlier use of the right of "
    "free choice, which this ground does not allow: it is recorded as refused "
    "(OUTSIDE_CAMPAIGN_NO_GROUND, R-TIME-2).",
    "registrar.recorded_coupon": "Recorded. Coupon No. {number}",
    "registrar.recorded_outcome": "Recorded: {outcome}.",
    "registrar.closed_previous": "The previous attachment (clinic {clinic}, district {district}) "
    "is closed (R-ORG-3).",
    "registrar.remaining": "Places remaining in district {district}: {remaining}",
    "registrar.already_attached": "Already attached here: the applicant has been attached to "
    "clinic {clinic}, district {district} since {since} (coupon No. {number}). The attachment "
    "and its coupon stay as they are; nothing new was recorded.",
    "registrar.mine_title": "Applications of my clinic",
    "registrar.mine_unavailable": "The register cannot list the applications: {error}",
    "registrar.mine_none": "The register holds no application of your clinic yet.",
    "registrar.col_number": "No.",
    "registrar.col_recorded": "Recorded",
    "registrar.col_iin": "IIN (last 4 digits)",
    "registrar.col_outcome": "Outcome",
    "registrar.col_by": "Recorded by",
    "batch.line": "Line",
    "batch.application_id": "Application",
    "batch.clinic_id": "Clinic",
    "batch.outcome": "Outcome",
    "batch.reasons": "Codes",
    "batch.messages": "Reasons",
    "batch.district_id": "District",
    "batch.taken_at": "Taken",
    "batch.due_by": "Due by",
    "batch.error": "Error in the row",
    "print.coupon_title": "Attachment coupon",
    "print.refusal_title": "Reasoned refusal of attachment",
    "print.number": "No.",
    "print.clinic": "PHC organization",
    "print.clinic_address": "Address of the organization",
    "print.residence": "Address of residence",
    "print.birth_date": "Date of birth",
    "print.channel": "Applied through",
    "print.taken_at": "Request taken",
    "print.decided_at": "Decided",
    "print.district": "District",
    "print.doctor": "District doctor",
    "print.replaces": "Replaces the attachment to",
    "print.reasons": "Reasons for the refusal",
    "print.notes": "Notes",
    "print.registrar": "Registrar",
    "print.signature": "Signature",
    # planner
    "planner.title": "Load against the norms",
    "planner.computing": "Computing load and travel times…",
    "planner.residents": "Residents",
    "planner.attached": "Attached",
    "planner.over_norm": "Districts above the norm",
    "planner.over_norm_help": "Districts whose attached people per doctor exceed the norm "
    "(GP 1,700, therapist 2,200, pediatrician 500 or 900).",
    "planner.uncovered": "Living outside every territory",
    "planner.far": "Beyond {minutes} min on foot of their clinic",
    "planner.buildings_count": "{count:building|buildings}",
    "planner.legend": "Attached per doctor, % of the norm:",
    "planner.class_first": "up to {high} %",
    "planner.class_between": "{low}–{high} %",
    "planner.class_last": "above {low} %",
    "planner.class_none": "no doctor",
    "planner.layer_uncovered": "Outside every territory",
    "planner.layer_far": "Beyond {minutes} min on foot",
    "planner.tab_districts": "Districts",
    "planner.tab_clinics": "Clinics",
    "planner.col_model": "Doctor",
    "planner.col_doctors": "Doctors",
    "planner.col_attached": "Attached",
    "planner.col_norm": "Norm per doctor",
    "planner.col_per_doctor": "Per doctor",
    "planner.col_pct": "% of norm",
    "planner.col_remaining": "Places left",
    "planner.col_districts": "Districts",
    "planner.no_home_visits": "Attached, living outside their clinic's territory",
    "planner.no_home_visits_help": "From the register: people attached now whose home, as their "
    "application gives it, lies outside the territory of the clinic they are attached to, so "
    "neither its mobile team nor its district doctor comes for a home call (R-TERR-2). Of "
    "{attached} attached there, {unplaced:has|have} a home that cannot be placed.",
    "planner.cover_table": "Home-visit cover of the register's attachments, by clinic",
    "planner.col_cover_attached": "Attached (register)",
    "planner.col_outside": "Home outside the territory",
    "planner.col_unplaced": "Home not found",
    "planner.cover_unavailable": "The register cannot be read for home-visit cover: {error}",
    "planner.col_served": "Residents served",
    "planner.street_lists": "Street lists against the map: {count} houses to look at",
    "planner.population": "Residents from population polygons",
    "planner.population_file": "Population by area (GeoPackage or GeoJSON)",
    "planner.population_help": "Where people are known only by area (census blocks, a grid): "
    "polygons with area_id and pop_0_6, pop_7_14, pop_15_17, pop_18_62, pop_63_plus. Each "
    "polygon's people are shared among the districts by the share of its area each covers. "
    "Without a file, residents are counted from the region's buildings.",
    "planner.population_used": "Residents shared by area from {polygons:polygon|polygons} "
    "of {file}.",
    "planner.population_partial": "The file counts {file_people:resident|residents} where the "
    "region's buildings count {building_people}: does it cover the whole region?",
    "planner.population_error": "The population file cannot be used; the residents are counted "
    "from buildings.",
    "planner.col_street": "Street",
    "planner.col_house": "House",
    "planner.col_walk": "Minutes on foot",
    "planner.download": "Download district load (CSV)",
    "planner.planning_error": "The region cannot be prepared for planning: {error}",
    "planner.tab_access": "Accessibility",
    "planner.tab_whatif": "What-if",
    "planner.tab_rebalance": "Rebalancing",
    "planner.access_intro": "Doctors per 10,000 residents within {minutes} min on foot "
    "(two-step floating catchment area, with distance decay), and the walk to the own and "
    "to the nearest clinic, per clinic whose territory covers the building.",
    "planner.access_median": "Doctors per 10,000 residents (median building)",
    "planner.access_none": "Residents with no doctor within {minutes} min",
    "planner.col_own_min": "Minutes to own clinic",
    "planner.col_nearest_min": "Minutes to nearest clinic",
    "planner.col_index": "Doctors per 10,000 (median)",
    "planner.access_download": "Download accessibility per building (CSV)",
    "planner.whatif_intro": "Change the current plan and compare: close a clinic, add or remove "
    "doctors of a district, open a clinic at a point (it takes the people for whom it is "
    "the nearest clinic).",
    "planner.whatif_close": "Close a clinic",
    "planner.whatif_none": "— no change —",
    "planner.whatif_district": "Change doctors of a district",
    "planner.whatif_delta": "Doctors to add (negative: remove), FTE",
    "planner.whatif_open": "Open a clinic at a point",
    "planner.whatif_lon": "Longitude",
    "planner.whatif_lat": "Latitude",
    "planner.whatif_open_doctors": "GPs at the new clinic (FTE)",
    "planner.whatif_compare": "Compare",
    "planner.whatif_nothing": "Choose at least one change.",
    "planner.whatif_error": "The scenario cannot be applied: {error}",
    "planner.row_clinics": "Clinics",
    "planner.row_districts": "Districts",
    "planner.row_doctors": "Doctors (FTE)",
    "planner.row_districts_over_norm": "Districts above the norm",
    "planner.row_attached_over_norm": "Attached over the norm",
    "planner.row_max_load_pct": "Highest load, % of norm",
    "planner.row_attached_without_doctor": "Attached to a district without a doctor",
    "planner.no_doctor_for": "no doctor for {people:person|people}",
    "planner.row_mean_own_min": "Mean minutes to own clinic",
    "planner.row_mean_nearest_min": "Mean minutes to nearest clinic",
    "planner.row_residents_without_territory": "Residents outside every territory",
    "planner.row_median_doctors_per_10k": "Doctors per 10,000 (median building)",
    "planner.row_lose_home_visits": "Lose home visits (clinic changed)",
    "planner.row_must_reattach": "Must re-attach (clinic closed)",
    "planner.col_current": "Now",
    "planner.col_scenario": "Scenario",
    "planner.col_change": "Change",
    "planner.whatif_cover": "Who loses home-visit cover",
    "planner.whatif_cover_download": "The {buildings:address|addresses}, building by building "
    "(CSV)",
    "planner.whatif_no_cover": "Nobody changes clinic.",
    "planner.col_clinic_before": "Clinic before",
    "planner.col_clinic_after": "Clinic after",
    "planner.col_reason": "Why",
    "planner.reason_clinic_closed": "their clinic closes: they must re-attach",
    "planner.reason_clinic_changed": "their home leaves their clinic's territory: no home visits",
    "planner.rebalance_intro": "Redraw the districts so that norms are met with the fewest "
    "people moved. The solver runs only when you press the button, for at most the time "
    "limit.",
    "planner.rebalance_share": "Most people moved, % of those served",
    "planner.rebalance_travel": "Longest walk to a new clinic, min",
    "planner.rebalance_reach": "Blocks a district may grow outwards",
    "planner.rebalance_limit": "Solver time limit, s",
    "planner.rebalance_deterministic": (
        "Same plan on every run (the limit counts the solver's work, not the clock; "
        "finds less per second)"
    ),
    "planner.floor_button": "How many must move, at least?",
    "planner.floor_running": "Solving the LP relaxation…",
    "planner.floor_none": "Every district meets its norm already: nobody needs to move.",
    "planner.floor_least": "Within a {travel}-minute walk to a new clinic and {reach:block|blocks} "
    "outwards, meeting every norm needs at least {least:person|people} ({share} % of those served) "
    "to change district (a proven lower bound; a plan usually needs more).",
    "planner.floor_short": "The moves bound allows {budget}: no plan within it meets every norm. "
    "Allow more moves, or add doctors.",
    "planner.floor_room": "The moves bound allows {budget}.",
    "planner.floor_unreachable": "No plan within a {travel}-minute walk to a new clinic and "
    "{reach:block|blocks} outwards meets every norm, however many people move: more doctors are "
    "needed, or a longer walk or a wider reach.",
    "planner.floor_unsolved": "The lower bound could not be computed; rebalancing still runs.",
    "planner.rebalance_button": "Rebalance",
    "planner.rebalance_use_whatif": "Rebalance with the what-if's doctors ({changes})",
    "planner.rebalance_whatif_other": "The what-if also opens or closes a clinic: only a what-if "
    "that changes doctors alone can be rebalanced here.",
    "planner.rebalance_made_with": "This plan was made with the what-if's doctors: {changes}.",
    "planner.rebalance_stopping": "Stopping the search and drawing its best plan…",
    "planner.rebalance_stop": "Stop and keep the best plan so far",
    "planner.rebalance_stop_help": "Ends the search now. The plan it has found by then is shown, "
    "as a plan run to its time limit would be; changing a bound instead drops the run.",
    "planner.rebalance_running": "Rebalancing the districts…",
    "planner.whatif_click": "Click the map above to put the new clinic there.",
    "planner.buildings_only": "What-if scenarios and rebalancing move buildings, so they count "
    "residents from the buildings, not from the uploaded population file.",
    "planner.rebalance_progress": "Rebalancing: {spent} of {limit} s · over a norm: {over} · "
    "moved: {moved}",
    "planner.rebalance_error": "Cannot rebalance: {error}",
    "planner.rebalance_status": "Solver: {status}, {seconds} s",
    "planner.rebalance_moved": "People moved",
    "planner.rebalance_moved_help": "{buildings:building|buildings}, {share} % of the people "
    "served",
    "planner.rebalance_over": "Expected attached over the norm",
    "planner.rebalance_over_help": "Before rebalancing: {before}",
    "planner.rebalance_max_load": "Highest load, % of norm",
    "planner.rebalance_load": "Load before and after",
    "planner.rebalance_map": "The redrawn districts: % of the norm after",
    "planner.layer_moved": "Buildings that change district ({count})",
    "planner.col_districts_before": "Districts before (adult / pediatric)",
    "planner.col_districts_after": "Districts after (adult / pediatric)",
    "planner.rebalance_all_met": "Every district meets its norm.",
    "planner.rebalance_least_moves": "Within these bounds, meeting every norm needs at least "
    "{least:person|people} to change district (a proven lower bound); this plan moves {moved}.",
    "planner.rebalance_budget_short": "The moves bound allows {budget}: no plan within it meets "
    "every norm. Allow more moves, or add the doctors above.",
    "planner.rebalance_budget_room": "The moves bound allows {budget}: a longer search may still "
    "find a plan that meets every norm.",
    "planner.rebalance_unreachable": "No plan within these bounds meets every norm, however many "
    "people move: the doctors above are needed, or a wider reach or travel limit.",
    "planner.rebalance_download": "Download the moves (CSV)",
    "planner.downloads": "The plan's files",
    "planner.downloads_help": "The districts can replace the districts layer of the region "
    "package; the street lists are the district_streets table a registry keeps. The report, with "
    "maps, is in the page's language. Each file is made when its button is pressed.",
    "planner.download_load": "Load before and after (CSV)",
    "planner.download_streets": "Registry street lists (CSV)",
    "planner.download_gpkg": "Districts (GeoPackage)",
    "planner.download_geojson": "Districts (GeoJSON)",
    "planner.download_report_html": "Report with maps (HTML)",
    "planner.download_report_pdf": "Report with maps (PDF)",
}

RU: Final[Mapping[str, str]] = {
    "nav.citizen": "Найти поликлинику",
    "nav.overview": "Карта региона",
    "nav.registrar": "Регистратура",
    "nav.planner": "Планирование",
    "sidebar.language": "Тіл · Язык · Language",
    "sidebar.high_contrast": "Высокий контраст, крупный шрифт",
    "sidebar.high_contrast_help": "Версия для слабовидящих: белый и жёлтый на чёрном, крупные "
    "буквы, подчёркнутые ссылки.",
    "common.region_error": "Пакет данных региона {path} нельзя использовать:\n\n{error}",
    "common.none": "нет",
    "common.choose": "Выберите",
    "common.not_a_number": "«{typed}» — не число от {low} до {high}; введите, например, 1,5",
    "common.minutes": "{minutes} мин",
    "common.district": "Участок",
    "common.clinic": "Медорганизация",
    "mode.walk": "Пешком",
    "mode.drive": "На машине",
    "verdict.eligible": "Можно прикрепиться",
    "verdict.warning": "Можно, с предупреждением",
    "verdict.refused": "Отказ",
    "outcome.approved": "Прикрепление одобрено",
    "outcome.refused": "Отказ",
    "outcome.needs_acknowledgement": "Нужно согласие заявителя",
    "outcome.error": "Не рассмотрено (ошибка в строке)",
    # вход (app_pages/_auth.py)
    "auth.unavailable": "Вход недоступен: {error}",
    "auth.title": "Вход",
    "auth.caption": "Разделы регистратуры и планирования открываются по учётной записи; раздел "
    "для граждан открыт всем.",
    "auth.username": "Имя пользователя",
    "auth.password": "Пароль",
    "auth.submit": "Войти",
    "auth.wrong_password": "Вход отклонён: неверное имя пользователя или пароль.",
    "auth.throttled": "Вход отклонён: слишком много неудачных попыток входа под этим именем "
    "({failures}); повторите через {minutes:минуту|минуты|минут} или обратитесь к администратору.",
    "auth.oidc_button": "Войти через учётную запись организации",
    "auth.oidc_no_email": "Эта учётная запись",
    "auth.oidc_no_account": "{who}: нет учётной записи Emhana; попросите администратора "
    "добавить её командой "
    "`emhana register accounts add NAME --role ROLE --email EMAIL --no-password`.",
    "auth.wrong_role": "Эта страница для: {roles}. Вы вошли как {user} ({role}).",
    "auth.signed_in": "Вы вошли как **{user}** ({role})",
    "auth.signed_in_clinic": "Вы вошли как **{user}** ({role}, медорганизация {clinic})",
    "auth.sign_out": "Выйти",
    "auth.or": " или ",
    "auth.role.registrar": "регистратор",
    "auth.role.planner": "планировщик",
    "auth.role.admin": "администратор",
    "auth.roles.registrar": "регистраторы",
    "auth.roles.planner": "планировщики",
    "auth.roles.admin": "администраторы",
    # настройки входа и ошибки файла учётных записей (app_pages/_auth.py)
    "auth.oidc_incomplete": "Вход через учётную запись организации отключён: в разделе `[auth]` "
    "файла `.streamlit/secrets.toml` нет {keys} (см. README.md, «The attachment register»). "
    "Учётные записи с паролем по-прежнему могут войти.",
    "auth.oidc_metadata": "Вход через учётную запись организации отключён: {problem} Учётные "
    "записи с паролем по-прежнему могут войти; адрес будет проверен снова в течение "
    "{minutes:минуты|минут|минут}.",
    "auth.oidc_metadata.where": "`{url}` (`server_metadata_url` в разделе `{section}` файла "
    "`.streamlit/secrets.toml`)",
    "auth.oidc_metadata.url": "адрес {where} — не веб-адрес (http:// или https://). Укажите адрес "
    "документа OpenID Connect Discovery провайдера; обычно он оканчивается на "
    "`/.well-known/openid-configuration`.",
    "auth.oidc_metadata.name": "имя узла в адресе {where} не найдено («{detail}»). Проверьте его "
    "на опечатки; без интернета доступен только провайдер в своей сети.",
    "auth.oidc_metadata.refused": "по адресу {where} никто не отвечает («{detail}»). Проверьте "
    "порт и что провайдер запущен.",
    "auth.oidc_metadata.tls": "не удалось установить защищённое соединение с адресом {where} "
    "(«{detail}»). Если сертификат провайдера выдан вашим собственным удостоверяющим центром, "
    "запускайте Emhana с переменной `SSL_CERT_FILE`, указывающей на файл сертификата этого "
    "центра; если провайдер работает без https, адрес начинается с http://.",
    "auth.oidc_metadata.unreachable": "адрес {where} недоступен («{detail}»). Проверьте его и "
    "доступен ли провайдер с этого компьютера.",
    "auth.oidc_metadata.timeout": "адрес {where} не ответил за {seconds} с. Проверьте, что "
    "провайдер запущен и доступен с этого компьютера.",
    "auth.oidc_metadata.redirect": "адрес {where} перенаправляет на `{location}`, а при входе "
    "перенаправления не выполняются. Укажите этот адрес в `server_metadata_url`.",
    "auth.oidc_metadata.status": "адрес {where} отвечает ошибкой HTTP {status}. Проверьте его: "
    "адрес документа Discovery обычно оканчивается на `/.well-known/openid-configuration`.",
    "auth.oidc_metadata.not_json": "адрес {where} возвращает не документ OpenID Connect Discovery "
    "(JSON), а, возможно, веб-страницу. Проверьте его: адрес документа Discovery обычно "
    "оканчивается на `/.well-known/openid-configuration`.",
    "auth.oidc_metadata.keys": "в документе по адресу {where} нет {keys}, а они нужны для входа. "
    "Проверьте, что это адрес документа OpenID Connect Discovery провайдера.",
    "auth.account_gone": "Учётной записи **{user}** больше нет: вы вышли из системы, ничего не "
    "сохранено. Если доступ ещё нужен, обратитесь к администратору.",
    "auth.accounts.missing": "Файла учётных записей `{file}` ещё нет, поэтому войти никто не "
    "может; администратор добавляет учётные записи командой "
    "`emhana register accounts add NAME --role ROLE`.",
    "auth.accounts.unreadable": "`{file}`: файл учётных записей не читается («{detail}»)",
    "auth.accounts.toml": "`{file}`: ошибка TOML в строке {line}, столбце {column} («{detail}»)",
    "auth.accounts.toml_end": "`{file}`: ошибка TOML в конце файла («{detail}»)",
    "auth.accounts.shape": "`{file}`: `accounts` должен быть таблицей из таблиц `[accounts.NAME]`",
    "auth.accounts.entries": "`{file}`: ошибки в учётных записях: {problems}",
    "auth.accounts.unknown_table": "неизвестная таблица `[{table}]`; допустимы только таблицы "
    "`[accounts.NAME]`",
    "auth.accounts.not_table": "`[accounts.{account}]` должна быть таблицей",
    "auth.accounts.unknown_keys": "`[accounts.{account}]`: неизвестные ключи {keys}; допустимы "
    "role, clinic_id, password_hash, email",
    "auth.accounts.role": "`[accounts.{account}]`: неизвестная роль {role}; допустимые роли: "
    "{roles}",
    "auth.accounts.operator": "`[accounts.{account}]`: роль operator есть только у командной "
    "строки; укажите admin",
    "auth.accounts.shared_email": "`[accounts.{account}]`: адрес {email} уже указан у "
    "`[accounts.{first}]`; у каждого должен быть свой адрес",
    "auth.accounts.other": "`[accounts.{account}]`: «{detail}»",
    "severity.refuse": "отказ",
    "severity.warn": "предупреждение",
    "kinds.polyclinic": "городская поликлиника",
    "kinds.outpatient": "врачебная амбулатория",
    "kinds.paramedic_post": "фельдшерско-акушерский пункт",
    "kinds.family_health_centre": "центр семейного здоровья",
    "ground.changed_residence": "Сменил(а) место жительства",
    "ground.changed_work_or_study": "Сменил(а) место работы или учёбы",
    "ground.left_city_over_month": "Выезжал(а) из города более чем на месяц",
    "ground.first_free_choice": "Впервые пользуюсь правом свободного выбора",
    "ground.attached_without_knowledge": "Меня прикрепили без моего ведома",
    "ground.organization_reorganized": "Моя организация реорганизована или ликвидирована",
    "ground.contract_terminated": "Договор моей организации с Фондом расторгнут",
    "ground.new_clinic_nearby": "Рядом с домом открылась новая поликлиника",
    "ground.voluntary_insurance": "Договор добровольного медицинского страхования",
    "ground.annual_free_choice": "Ежегодный свободный выбор",
    "map.streets": "Улицы",
    "map.online_tiles": "Подложка OpenStreetMap (онлайн)",
    "map.settlements": "Населённые пункты",
    "map.districts": "Участки: {{model}}",
    "map.clinics": "Медорганизации",
    "map.shi_supplier": "Поставщик Фонда",
    "map.not_shi_supplier": "НЕ поставщик Фонда",
    "citizen.title": "К какой поликлинике я могу прикрепиться?",
    "citizen.intro": "Введите адрес или нажмите на свой дом на карте: вы увидите ближайшие "
    "поликлиники, примет ли вас каждая и почему, и как подать заявление.",
    "citizen.about_you": "О вас (возраст, категория, текущая поликлиника)",
    "citizen.birth_date": "Дата рождения прикрепляемого",
    "citizen.categories": "Категории",
    "citizen.categories_help": "Пенсионеры, лица с инвалидностью, студенты и другие категории "
    "могут обратиться в регистратуру поликлиники с документами своей категории; в ЦОНе или на "
    "egov достаточно документа, удостоверяющего личность.",
    "citizen.has_eds": "У меня есть электронная цифровая подпись (ЭЦП)",
    "citizen.current_clinic": "Поликлиника, к которой я прикреплён(а) сейчас",
    "citizen.ground": "Основание для прикрепления вне кампании",
    "citizen.no_ground": "Без основания (во время кампании)",
    "citizen.ground_help": "С 15 сентября по 15 ноября сменить поликлинику может каждый; в "
    "остальное время нужно основание.",
    "citizen.search_label": "Ваш адрес",
    "citizen.search_placeholder": "например, ул. Абая 59 или Абай көшесі 59",
    "citizen.search_help": "Улица и номер дома, по-казахски, по-русски или латиницей.",
    "citizen.pick_label": "Найденные адреса",
    "citizen.pick_placeholder": "Выберите свой адрес",
    "citizen.ambiguous": "Подходят несколько адресов: выберите свой.",
    "citizen.streets_label": "Улицы",
    "citizen.add_house": "Выберите улицу, затем добавьте номер дома.",
    "citizen.settlement_only": "{settlement} — населённый пункт: выберите свою улицу и "
    "добавьте номер дома.",
    "citizen.no_such_house": "Дома «{query}» нет: проверьте номер или выберите ниже один из "
    "ближайших домов этой улицы.",
    "citizen.not_found": "По запросу «{query}» ничего не найдено; проверьте написание или "
    "нажмите на свой дом на карте.",
    "citizen.click_hint": "Или нажмите на свой дом на карте.",
    "citizen.query_too_long": "Адрес длиной {length:символ|символа|символов}, а допустимо не "
    "больше {limit}: введите только улицу, дом и населённый пункт.",
    "citizen.house_letter_after_slash": "{house}: буква дома пишется перед «/», сразу после "
    "номера, например 24а/1.",
    "citizen.place_error": "Адрес {place} не удаётся найти в этом регионе; выберите другой "
    "адрес или нажмите на карту.",
    "citizen.results_for": "Поликлиники для адреса {address}",
    "citizen.person_refusals": "Какую бы поликлинику вы ни выбрали, мешают эти причины:",
    "citizen.clinics_heading": "Поликлиники рядом, сначала ближайшие пешком",
    "citizen.clinics_caption": "Оценка исходит из того, что вы принесёте документы из списка ниже.",
    "citizen.in_territory": "Ваш адрес на её территории",
    "citizen.out_territory": "Ваш адрес вне её территории",
    "citizen.travel": "{walk} · {drive} · {km} км",
    "citizen.remaining": "Свободных мест: {places}",
    "citizen.remaining_item": "{model}: {count}",
    "citizen.choose": "Выбрать эту поликлинику",
    "citizen.map_territory": "Ваша территория",
    "citizen.iso_mode": "Доступность выбранной поликлиники",
    "citizen.map_isochrones": "Доступность {clinic}",
    "citizen.iso_tooltip": "{mode}: до {{minutes}} мин",
    "citizen.your_choice": "Ваш выбор: {clinic}",
    "citizen.home_visit_plain": "Ваш дом находится вне территории обслуживания "
    "организации «{clinic}». Если вы прикрепитесь к ней и заболеете дома, ни врач, ни "
    "мобильная бригада этой поликлиники к вам не придут: в поликлинику придётся идти самому.",
    "citizen.acknowledge": "Я понимаю и согласен(на), что обслуживания на дому не будет",
    "citizen.documents_heading": "Какие документы взять",
    "citizen.documents_bring": "Документы, которые я принесу",
    "citizen.clinic_refuses": "Эта поликлиника не может вас принять (причины указаны выше); "
    "выберите другую.",
    "citizen.submit_needs_ack": "Отметьте согласие выше: без него заявление не подаётся.",
    "citizen.submit": "Подать заявление",
    "citizen.submit_error": "Заявление не удалось рассмотреть.",
    "citizen.submitted_approved": "{outcome}: вас прикрепили бы к участку {district}.",
    "citizen.submitted_refused": "{outcome}: причины перечислены ниже.",
    "citizen.answer_due": "Ответ — не позднее {due}.",
    "citizen.download_application": "Скачать заявление (JSON)",
    "citizen.hand_in": "Подайте его выбранным ниже способом; окончательный ответ даёт "
    "медорганизация.",
    "citizen.channels_heading": "Как и когда подать заявление",
    "channel.registry_yes": "можно обратиться лично: ваша категория это позволяет.",
    "channel.registry_no": "только для пенсионеров, лиц с инвалидностью, детей и других "
    "категорий, названных в правилах.",
    "channel.psc": "любой гражданин с документом, удостоверяющим личность; ответ в течение "
    "одного рабочего дня.",
    "channel.egov_yes": "с вашей ЭЦП, круглосуточно; ответ придёт в личный кабинет в течение "
    "одного рабочего дня.",
    "channel.egov_no": "нужна электронная цифровая подпись (ЭЦП), а у вас её нет.",
    "citizen.channel_choice": "Я подам заявление через",
    "citizen.timing": "Если подать заявление сейчас ({now}), оно будет принято {taken}, "
    "ответ — не позднее {due}.",
    "citizen.outside_campaign": "Кампания свободного выбора (15 сентября – 15 ноября) сейчас "
    "не идёт: сменить поликлинику можно только при наличии основания (см. «О вас»).",
    "overview.residents": "Жителей",
    "overview.buildings": "Жилых домов",
    "overview.clinics": "Организаций ПМСП",
    "overview.districts": "Участков",
    "registrar.title": "Заявления на прикрепление",
    "uploader.button": "Выбрать файл",
    "uploader.limit": "до {size} МБ на файл • {types}",
    "registrar.tab_one": "Одно заявление",
    "registrar.tab_batch": "Файл заявлений",
    "registrar.input_how": "Ввод заявления",
    "registrar.input_form": "Заполнить форму",
    "registrar.input_json": "Вставить JSON",
    "registrar.clinic": "Медорганизация",
    "registrar.residence": "Адрес проживания",
    "registrar.has_eds": "У заявителя есть электронная цифровая подпись (ЭЦП)",
    "registrar.current_clinic": "Поликлиника, к которой заявитель прикреплён сейчас",
    "registrar.coordinates": "или координаты (долгота, широта)",
    "registrar.basis": "Прикрепление по месту",
    "registrar.workplace": "Адрес работы или учёбы (при прикреплении по месту работы или учёбы)",
    "registrar.documents": "Представленные документы",
    "registrar.reliable": "Документы признаны достоверными",
    "registrar.channel": "Способ обращения",
    "registrar.submitted_on": "Дата подачи",
    "registrar.submitted_time": "время (UTC+5)",
    "registrar.acknowledged": "Заявитель согласен на отсутствие обслуживания на дому",
    "registrar.decide": "Рассмотреть",
    "registrar.json_label": "Заявление (JSON, формат из README.md)",
    "registrar.json_hint": '{{"clinic_id": "C-02", "residence": {{"address": "ул. Абая 59"}}, …}}',
    "registrar.bad_json": "Некорректный JSON: строка {line}, позиция {column}: {error}",
    "registrar.not_object": "JSON должен быть одним объектом {{…}}, как в README.md.",
    "registrar.json_too_big": "В JSON слишком длинное число или слишком глубокая вложенность "
    "для заявления; проверьте, что вставлено.",
    "registrar.invalid": "В заявлении есть ошибки; исправьте их и рассмотрите снова:",
    "registrar.cannot_place": "Заявление нельзя рассмотреть в этом регионе:",
    "registrar.submitted_in_future": "Дата подачи заявления позже текущего момента; исправьте её "
    "и рассмотрите снова:",
    "registrar.residence_found": "Место жительства определено как: {address}",
    "registrar.col_code": "Код",
    "registrar.col_rule": "Правило",
    "registrar.col_severity": "Действие",
    "registrar.col_message": "Причина",
    "registrar.no_reasons": "Оснований для отказа или предупреждения нет.",
    "registrar.timing": "Принято {taken}; ответ — не позднее {due}.",
    "registrar.coupon_line": "Талон: организация {clinic}, участок {district} ({model}).",
    "registrar.print_coupon": "Талон прикрепления для печати (HTML)",
    "registrar.print_refusal": "Мотивированный отказ для печати (HTML)",
    "registrar.batch_help": "Файл CSV, одно заявление в строке, со столбцами образца ниже "
    "(разделитель — запятая или точка с запятой, UTF-8). Строка, которую нельзя прочитать, "
    "отмечается ошибкой, остальные рассматриваются.",
    "registrar.batch_template": "Образец файла со всеми столбцами (CSV)",
    "registrar.batch_upload": "Заявления (CSV)",
    "registrar.bad_file": "Файл не удаётся прочитать; ничего не рассмотрено:",
    "registrar.deciding": "Рассматриваем заявлений: {count}…",
    "registrar.download_csv": "Скачать решения (CSV)",
    "registrar.download_excel": "Скачать решения (Excel)",
    "registrar.no_excel": "Для выгрузки в Excel нужен пакет openpyxl.",
    "registrar.rows_to_fix": "Строки, которые нужно исправить: {count}",
    "registrar.row": "Строка {line}",
    "registrar.out_of_area": "Вне территории или населённого пункта: {count}",
    "registrar.away_tooltip": "строка {line} · {id} · организация {clinic} · {address} · {codes}",
    "registrar.tab_mine": "Заявления моей организации",
    "registrar.record_title": "Внести решение в регистр",
    "registrar.record_not_yours": "Заявление подано в организацию {clinic}; вы вносите решения "
    "только своей организации ({own}). Его вносит регистратор {clinic}.",
    "registrar.not_submitted": "Заявление не подано, поэтому его нельзя внести в регистр: место "
    "жительства вне территории обслуживания организации, а заявитель не согласился остаться без "
    "обслуживания на дому (R-TERR-2). Когда заявитель согласится, отметьте «{field}» (в JSON: "
    '"home_visit_acknowledged": true) и рассмотрите заявление снова.',
    "registrar.iin": "ИИН заявителя (12 цифр)",
    "registrar.full_name": "ФИО (необязательно)",
    "registrar.record": "Внести решение",
    "registrar.iin_invalid": "ИИН неверен; ничего не внесено. {error}",
    "registrar.record_failed": "Решение не внесено: {error}",
    "registrar.filled_meanwhile": "Участок заполнился до внесения этого одобрения: решение "
    "внесено как отказ по мощности (CAPACITY_EXCEEDED, R-CAP-1).",
    "registrar.free_choice_used": "В регистре есть прежнее использование заявителем права "
    "свободного выбора, которое это основание не допускает: решение внесено как отказ "
    "(OUTSIDE_CAMPAIGN_NO_GROUND, R-TIME-2).",
    "registrar.recorded_coupon": "Внесено. Талон № {number}",
    "registrar.recorded_outcome": "Внесено: {outcome}.",
    "registrar.closed_previous": "Прежнее прикрепление (организация {clinic}, участок "
    "{district}) закрыто (R-ORG-3).",
    "registrar.remaining": "Осталось мест на участке {district}: {remaining}",
    "registrar.already_attached": "Уже прикреплён здесь: заявитель прикреплён к организации "
    "{clinic}, участок {district}, с {since} (талон № {number}). Прикрепление и его талон "
    "остаются прежними; ничего нового не внесено.",
    "registrar.mine_title": "Заявления моей организации",
    "registrar.mine_unavailable": "Регистр не может показать заявления: {error}",
    "registrar.mine_none": "В регистре пока нет заявлений вашей организации.",
    "registrar.col_number": "№",
    "registrar.col_recorded": "Внесено",
    "registrar.col_iin": "ИИН (4 последние цифры)",
    "registrar.col_outcome": "Решение",
    "registrar.col_by": "Кто внёс",
    "batch.line": "Строка",
    "batch.application_id": "Заявление",
    "batch.clinic_id": "Организация",
    "batch.outcome": "Решение",
    "batch.reasons": "Коды",
    "batch.messages": "Причины",
    "batch.district_id": "Участок",
    "batch.taken_at": "Принято",
    "batch.due_by": "Срок ответа",
    "batch.error": "Ошибка в строке",
    "print.coupon_title": "Талон прикрепления",
    "print.refusal_title": "Мотивированный отказ в прикреплении",
    "print.number": "№",
    "print.clinic": "Организация ПМСП",
    "print.clinic_address": "Адрес организации",
    "print.residence": "Адрес проживания",
    "print.birth_date": "Дата рождения",
    "print.channel": "Способ обращения",
    "print.taken_at": "Заявка принята",
    "print.decided_at": "Решение принято",
    "print.district": "Участок",
    "print.doctor": "Участковый врач",
    "print.replaces": "Заменяет прикрепление к",
    "print.reasons": "Причины отказа",
    "print.notes": "Примечания",
    "print.registrar": "Регистратор",
    "print.signature": "Подпись",
    "planner.title": "Нагрузка относительно нормативов",
    "planner.computing": "Считаем нагрузку и время в пути…",
    "planner.residents": "Жителей",
    "planner.attached": "Прикреплено",
    "planner.over_norm": "Участков сверх норматива",
    "planner.over_norm_help": "Участки, где прикреплённых на одного врача больше норматива "
    "(ВОП 1 700, терапевт 2 200, педиатр 500 или 900).",
    "planner.uncovered": "Живут вне всех территорий",
    "planner.far": "Дальше {minutes} мин пешком до своей поликлиники",
    "planner.buildings_count": "домов: {count}",
    "planner.legend": "Прикреплённых на врача, % норматива:",
    "planner.class_first": "до {high} %",
    "planner.class_between": "{low}–{high} %",
    "planner.class_last": "свыше {low} %",
    "planner.class_none": "нет врача",
    "planner.layer_uncovered": "Вне всех территорий",
    "planner.layer_far": "Дальше {minutes} мин пешком",
    "planner.tab_districts": "Участки",
    "planner.tab_clinics": "Организации",
    "planner.col_model": "Врач",
    "planner.col_doctors": "Врачей",
    "planner.col_attached": "Прикреплено",
    "planner.col_norm": "Норматив на врача",
    "planner.col_per_doctor": "На одного врача",
    "planner.col_pct": "% норматива",
    "planner.col_remaining": "Свободных мест",
    "planner.col_districts": "Участков",
    "planner.no_home_visits": "Прикреплены, но живут вне территории своей поликлиники",
    "planner.no_home_visits_help": "По регистру: прикреплённые сейчас люди, чей дом (как указано "
    "в заявлении) лежит вне территории поликлиники, к которой они прикреплены, поэтому ни "
    "мобильная бригада, ни участковый врач не придут на дом (R-TERR-2). Из "
    "{attached:прикреплённого|прикреплённых|прикреплённых} в регистре не удалось найти дом у "
    "{unplaced:человека|человек|человек}.",
    "planner.cover_table": "Обслуживание на дому прикреплённых по регистру, по поликлиникам",
    "planner.col_cover_attached": "Прикреплено (регистр)",
    "planner.col_outside": "Дом вне территории",
    "planner.col_unplaced": "Дом не найден",
    "planner.cover_unavailable": "Регистр нельзя прочитать для обслуживания на дому: {error}",
    "planner.col_served": "Обслуживаемых жителей",
    "planner.street_lists": "Списки улиц и карта: домов, требующих внимания: {count}",
    "planner.population": "Жители по полигонам населения",
    "planner.population_file": "Население по территориям (GeoPackage или GeoJSON)",
    "planner.population_help": "Если население известно только по территориям (переписные "
    "кварталы, сетка): полигоны с колонками area_id и pop_0_6, pop_7_14, pop_15_17, pop_18_62, "
    "pop_63_plus. Жители каждого полигона делятся между участками пропорционально площади, "
    "которую покрывает каждый. Без файла жители считаются по зданиям региона.",
    "planner.population_used": "Жители распределены по площади из "
    "{polygons:полигона|полигонов|полигонов} файла {file}.",
    "planner.population_partial": "В файле {file_people:житель|жителя|жителей}, а по зданиям "
    "региона {building_people}: покрывает ли он весь регион?",
    "planner.population_error": "Файл населения нельзя использовать; жители считаются по зданиям.",
    "planner.col_street": "Улица",
    "planner.col_house": "Дом",
    "planner.col_walk": "Минут пешком",
    "planner.download": "Скачать нагрузку участков (CSV)",
    "planner.planning_error": "Регион нельзя подготовить для планирования: {error}",
    "planner.tab_access": "Доступность",
    "planner.tab_whatif": "Что если",
    "planner.tab_rebalance": "Перераспределение",
    "planner.access_intro": "Врачей на 10 000 жителей в пределах {minutes} мин пешком "
    "(двухшаговый метод плавающих зон обслуживания с затуханием по расстоянию) и путь "
    "пешком до своей и до ближайшей поликлиники, по поликлинике, чья территория включает "
    "дом.",
    "planner.access_median": "Врачей на 10 000 жителей (медиана по домам)",
    "planner.access_none": "Жителей без врача в пределах {minutes} мин",
    "planner.col_own_min": "Минут до своей поликлиники",
    "planner.col_nearest_min": "Минут до ближайшей поликлиники",
    "planner.col_index": "Врачей на 10 000 (медиана)",
    "planner.access_download": "Скачать доступность по домам (CSV)",
    "planner.whatif_intro": "Измените текущий план и сравните: закройте поликлинику, добавьте "
    "или уберите врачей участка, откройте поликлинику в точке (к ней отойдут те, для кого "
    "она ближайшая).",
    "planner.whatif_close": "Закрыть поликлинику",
    "planner.whatif_none": "— без изменений —",
    "planner.whatif_district": "Изменить число врачей участка",
    "planner.whatif_delta": "Добавить врачей (минус — убрать), ставок",
    "planner.whatif_open": "Открыть поликлинику в точке",
    "planner.whatif_lon": "Долгота",
    "planner.whatif_lat": "Широта",
    "planner.whatif_open_doctors": "ВОП в новой поликлинике (ставок)",
    "planner.whatif_compare": "Сравнить",
    "planner.whatif_nothing": "Выберите хотя бы одно изменение.",
    "planner.whatif_error": "Сценарий нельзя применить: {error}",
    "planner.row_clinics": "Поликлиник",
    "planner.row_districts": "Участков",
    "planner.row_doctors": "Врачей (ставок)",
    "planner.row_districts_over_norm": "Участков сверх норматива",
    "planner.row_attached_over_norm": "Прикреплённых сверх норматива",
    "planner.row_max_load_pct": "Наибольшая нагрузка, % норматива",
    "planner.row_attached_without_doctor": "Прикреплённых к участку без врача",
    "planner.no_doctor_for": "нет врача для {people:человека|человек|человек}",
    "planner.row_mean_own_min": "Среднее время до своей поликлиники, мин",
    "planner.row_mean_nearest_min": "Среднее время до ближайшей поликлиники, мин",
    "planner.row_residents_without_territory": "Жителей вне всех территорий",
    "planner.row_median_doctors_per_10k": "Врачей на 10 000 (медиана по домам)",
    "planner.row_lose_home_visits": "Теряют помощь на дому (сменилась поликлиника)",
    "planner.row_must_reattach": "Должны прикрепиться заново (поликлиника закрыта)",
    "planner.col_current": "Сейчас",
    "planner.col_scenario": "Сценарий",
    "planner.col_change": "Изменение",
    "planner.whatif_cover": "Кто теряет обслуживание на дому",
    "planner.whatif_cover_download": "Все адреса ({buildings}), по зданиям (CSV)",
    "planner.whatif_no_cover": "Никто не меняет поликлинику.",
    "planner.col_clinic_before": "Поликлиника до",
    "planner.col_clinic_after": "Поликлиника после",
    "planner.col_reason": "Почему",
    "planner.reason_clinic_closed": "их поликлиника закрывается: нужно прикрепиться заново",
    "planner.reason_clinic_changed": "их дом выходит из территории их поликлиники: без помощи "
    "на дому",
    "planner.rebalance_intro": "Перекроить участки так, чтобы нормативы соблюдались при "
    "наименьшем числе перемещённых жителей. Расчёт идёт только по кнопке и не дольше "
    "заданного времени.",
    "planner.rebalance_share": "Не больше перемещённых, % обслуживаемых",
    "planner.rebalance_travel": "Наибольший путь пешком до новой поликлиники, мин",
    "planner.rebalance_reach": "На сколько кварталов участок может расшириться",
    "planner.rebalance_limit": "Время расчёта, с",
    "planner.rebalance_deterministic": (
        "Один и тот же план при каждом запуске (лимит считает работу решателя, "
        "а не часы; за секунду находит меньше)"
    ),
    "planner.floor_button": "Сколько людей придётся перевести как минимум?",
    "planner.floor_running": "Решается LP-релаксация…",
    "planner.floor_none": "Все участки уже укладываются в норматив: никого переводить не нужно.",
    "planner.floor_least": "При пути до новой поликлиники не более {travel} мин и "
    "расширении участков не более чем на {reach} кв., чтобы все участки уложились в норматив, "
    "участок должны сменить не менее {least:человека|человек|человек} ({share} % обслуживаемых; "
    "доказанная нижняя оценка, плану обычно нужно больше).",
    "planner.floor_short": "Ограничение переводов допускает {budget}: ни один план в его "
    "пределах не укладывается в нормативы. Разрешите больше переводов или добавьте врачей.",
    "planner.floor_room": "Ограничение переводов допускает {budget}.",
    "planner.floor_unreachable": "Ни один план с путём до новой поликлиники не более "
    "{travel} мин и расширением участков не более чем на {reach} кв. не укладывается во все "
    "нормативы, сколько бы людей ни перевели: нужны ещё врачи, более долгий путь или большее "
    "расширение.",
    "planner.floor_unsolved": "Нижнюю оценку вычислить не удалось; перекройку можно запустить "
    "и так.",
    "planner.rebalance_button": "Перераспределить",
    "planner.rebalance_use_whatif": "Перераспределить с врачами из сценария «что если» ({changes})",
    "planner.rebalance_whatif_other": "Сценарий «что если» также открывает или закрывает "
    "поликлинику: здесь можно перераспределить только сценарий, который меняет лишь число врачей.",
    "planner.rebalance_made_with": "Этот план построен с врачами из сценария «что если»: "
    "{changes}.",
    "planner.rebalance_stopping": "Останавливаем поиск и готовим его лучший план…",
    "planner.rebalance_stop": "Остановить и оставить лучший найденный план",
    "planner.rebalance_stop_help": "Завершает поиск сейчас. Будет показан план, найденный к этому "
    "моменту, как и после полного времени поиска; изменение ограничений вместо этого отменяет "
    "запуск.",
    "planner.rebalance_running": "Перераспределяем участки…",
    "planner.whatif_click": "Нажмите на карту выше, чтобы поставить новую поликлинику туда.",
    "planner.buildings_only": "Сценарии «что если» и перераспределение переносят здания, поэтому "
    "жителей они считают по зданиям, а не по загруженному файлу населения.",
    "planner.rebalance_progress": "Перераспределение: {spent} из {limit} с · сверх норматива: "
    "{over} · меняют участок: {moved}",
    "planner.rebalance_error": "Перераспределение невозможно: {error}",
    "planner.rebalance_status": "Решатель: {status}, {seconds} с",
    "planner.rebalance_moved": "Перемещено жителей",
    "planner.rebalance_moved_help": "домов: {buildings}, {share} % обслуживаемых",
    "planner.rebalance_over": "Ожидаемо прикреплённых сверх норматива",
    "planner.rebalance_over_help": "До перераспределения: {before}",
    "planner.rebalance_max_load": "Наибольшая нагрузка, % норматива",
    "planner.rebalance_load": "Нагрузка до и после",
    "planner.rebalance_map": "Новые границы участков: % норматива после",
    "planner.layer_moved": "Здания, которые меняют участок ({count})",
    "planner.col_districts_before": "Участки до (взрослый / детский)",
    "planner.col_districts_after": "Участки после (взрослый / детский)",
    "planner.rebalance_all_met": "Все участки укладываются в норматив.",
    "planner.rebalance_least_moves": "В этих пределах, чтобы все участки уложились в норматив, "
    "участок должны сменить не менее {least:человека|человек|человек} (доказанная нижняя "
    "оценка); этот план переводит {moved}.",
    "planner.rebalance_budget_short": "Ограничение переводов допускает {budget}: ни один план в "
    "его пределах не укладывается в нормативы. Разрешите больше переводов или добавьте врачей, "
    "указанных выше.",
    "planner.rebalance_budget_room": "Ограничение переводов допускает {budget}: более долгий "
    "поиск ещё может найти план, укладывающийся во все нормативы.",
    "planner.rebalance_unreachable": "Ни один план в этих пределах не укладывается во все "
    "нормативы, сколько бы людей ни перевели: нужны врачи, указанные выше, либо больший охват "
    "или предел времени в пути.",
    "planner.rebalance_download": "Скачать перемещения (CSV)",
    "planner.downloads": "Файлы плана",
    "planner.downloads_help": "Участки могут заменить слой districts пакета данных региона; "
    "списки улиц — это таблица district_streets, которую ведёт регистратура. Отчёт с картами — "
    "на языке страницы. Каждый файл готовится при нажатии его кнопки.",
    "planner.download_load": "Нагрузка до и после (CSV)",
    "planner.download_streets": "Списки улиц (CSV)",
    "planner.download_gpkg": "Участки (GeoPackage)",
    "planner.download_geojson": "Участки (GeoJSON)",
    "planner.download_report_html": "Отчёт с картами (HTML)",
    "planner.download_report_pdf": "Отчёт с картами (PDF)",
}

KK: Final[Mapping[str, str]] = {
    "nav.citizen": "Емхана табу",
    "nav.overview": "Өңір картасы",
    "nav.registrar": "Тіркеу бөлімі",
    "nav.planner": "Жоспарлау",
    "sidebar.language": "Тіл · Язык · Language",
    "sidebar.high_contrast": "Жоғары контраст, ірі қаріп",
    "sidebar.high_contrast_help": "Нашар көретіндерге арналған нұсқа: қара түсте ақ және сары, "
    "ірі әріптер, астын сызылған сілтемелер.",
    "common.region_error": "{path} өңір деректер пакетін пайдалану мүмкін емес:\n\n{error}",
    "common.none": "жоқ",
    "common.choose": "Таңдаңыз",
    "common.not_a_number": "«{typed}» — {low} мен {high} аралығындағы сан емес; мысалы, 1,5 "
    "енгізіңіз",
    "common.minutes": "{minutes} мин",
    "common.district": "Учаске",
    "common.clinic": "Медициналық ұйым",
    "mode.walk": "Жаяу",
    "mode.drive": "Көлікпен",
    "verdict.eligible": "Бекітілуге болады",
    "verdict.warning": "Болады, ескертумен",
    "verdict.refused": "Бас тарту",
    "outcome.approved": "Бекіту мақұлданды",
    "outcome.refused": "Бас тарту",
    "outcome.needs_acknowledgement": "Өтініш берушінің келісімі қажет",
    "outcome.error": "Қаралмады (жолда қате бар)",
    # кіру (app_pages/_auth.py)
    "auth.unavailable": "Жүйеге кіру мүмкін емес: {error}",
    "auth.title": "Жүйеге кіру",
    "auth.caption": "Тіркеу бөлімі мен жоспарлау бөліміне есептік жазбамен кіріледі; "
    "азаматтарға арналған бөлім бәріне ашық.",
    "auth.username": "Пайдаланушы аты",
    "auth.password": "Құпиясөз",
    "auth.submit": "Кіру",
    "auth.wrong_password": "Кіру қабылданбады: пайдаланушы аты немесе құпиясөз қате.",
    "auth.throttled": "Кіру қабылданбады: бұл атпен сәтсіз кіру әрекеттері тым көп "
    "({failures}); {minutes} минуттан кейін қайталаңыз немесе әкімшіге хабарласыңыз.",
    "auth.oidc_button": "Ұйымның есептік жазбасымен кіру",
    "auth.oidc_no_email": "Бұл есептік жазба",
    "auth.oidc_no_account": "{who}: Emhana есептік жазбасы жоқ; әкімшіден оны "
    "`emhana register accounts add NAME --role ROLE --email EMAIL --no-password` "
    "командасымен қосуды сұраңыз.",
    "auth.wrong_role": "Бұл бет мыналарға арналған: {roles}. Сіз {user} ({role}) ретінде кірдіңіз.",
    "auth.signed_in": "Сіз **{user}** ({role}) ретінде кірдіңіз",
    "auth.signed_in_clinic": "Сіз **{user}** ({role}, медициналық ұйым {clinic}) ретінде кірдіңіз",
    "auth.sign_out": "Шығу",
    "auth.or": " немесе ",
    "auth.role.registrar": "тіркеуші",
    "auth.role.planner": "жоспарлаушы",
    "auth.role.admin": "әкімші",
    "auth.roles.registrar": "тіркеушілер",
    "auth.roles.planner": "жоспарлаушылар",
    "auth.roles.admin": "әкімшілер",
    # кіру баптаулары және есептік жазбалар файлының қателері (app_pages/_auth.py)
    "auth.oidc_incomplete": "Ұйымның есептік жазбасымен кіру өшірулі: `.streamlit/secrets.toml` "
    "файлының `[auth]` бөлімінде {keys} жоқ (README.md, «The attachment register» бөлімін "
    "қараңыз). Құпиясөзі бар есептік жазбалар бұрынғыдай кіре алады.",
    "auth.oidc_metadata": "Ұйымның есептік жазбасымен кіру өшірулі: {problem} Құпиясөзі бар "
    "есептік жазбалар бұрынғыдай кіре алады; мекенжай {minutes} минут ішінде қайта тексеріледі.",
    "auth.oidc_metadata.where": "`{url}` (`.streamlit/secrets.toml` файлының `{section}` "
    "бөліміндегі `server_metadata_url`)",
    "auth.oidc_metadata.url": "{where} мекенжайы веб-мекенжай емес (http:// немесе https://). "
    "Оған провайдердің OpenID Connect Discovery құжатының мекенжайын жазыңыз; ол әдетте "
    "`/.well-known/openid-configuration` деп аяқталады.",
    "auth.oidc_metadata.name": "{where} мекенжайындағы хост атауы табылмады («{detail}»). Қатесі "
    "жоқ екенін тексеріңіз; интернетсіз компьютер тек өз желісіндегі провайдерге қосыла алады.",
    "auth.oidc_metadata.refused": "{where} мекенжайы бойынша ешкім жауап бермейді («{detail}»). "
    "Портты және провайдердің іске қосылғанын тексеріңіз.",
    "auth.oidc_metadata.tls": "{where} мекенжайымен қорғалған байланыс орнатылмады («{detail}»). "
    "Провайдердің сертификатын өз куәландырушы орталығыңыз берсе, Emhana-ны сол орталықтың "
    "сертификат файлын көрсететін `SSL_CERT_FILE` айнымалысымен іске қосыңыз; провайдер https "
    "қолданбаса, мекенжай http:// деп басталады.",
    "auth.oidc_metadata.unreachable": "{where} мекенжайына қосылу мүмкін емес («{detail}»). "
    "Мекенжайды және осы компьютерден провайдердің қолжетімді екенін тексеріңіз.",
    "auth.oidc_metadata.timeout": "{where} мекенжайы {seconds} с ішінде жауап бермеді. "
    "Провайдердің іске қосылғанын және осы компьютерден қолжетімді екенін тексеріңіз.",
    "auth.oidc_metadata.redirect": "{where} мекенжайы `{location}` мекенжайына бағыттайды, ал "
    "кіру кезінде бағыттау орындалмайды. `server_metadata_url` параметріне сол мекенжайды "
    "жазыңыз.",
    "auth.oidc_metadata.status": "{where} мекенжайы HTTP {status} қатесімен жауап береді. "
    "Мекенжайды тексеріңіз: Discovery құжатының мекенжайы әдетте "
    "`/.well-known/openid-configuration` деп аяқталады.",
    "auth.oidc_metadata.not_json": "{where} мекенжайы OpenID Connect Discovery құжатын (JSON) "
    "емес, бәлкім, веб-бетті қайтарады. Мекенжайды тексеріңіз: Discovery құжатының мекенжайы "
    "әдетте `/.well-known/openid-configuration` деп аяқталады.",
    "auth.oidc_metadata.keys": "{where} мекенжайындағы құжатта кіруге қажет {keys} жоқ. Бұл "
    "провайдердің OpenID Connect Discovery құжатының мекенжайы екенін тексеріңіз.",
    "auth.account_gone": "**{user}** есептік жазбасы енді жоқ: сіз жүйеден шықтыңыз, ештеңе "
    "сақталмады. Қолжетімділік әлі керек болса, әкімшіге хабарласыңыз.",
    "auth.accounts.missing": "`{file}` есептік жазбалар файлы әлі жоқ, сондықтан ешкім кіре "
    "алмайды; әкімші есептік жазбаларды `emhana register accounts add NAME --role ROLE` "
    "командасымен қосады.",
    "auth.accounts.unreadable": "`{file}`: есептік жазбалар файлын оқу мүмкін емес («{detail}»)",
    "auth.accounts.toml": "`{file}`: TOML қатесі, {line}-жол, {column}-баған («{detail}»)",
    "auth.accounts.toml_end": "`{file}`: файлдың соңында TOML қатесі бар («{detail}»)",
    "auth.accounts.shape": "`{file}`: `accounts` `[accounts.NAME]` кестелерінен тұратын кесте "
    "болуы керек",
    "auth.accounts.entries": "`{file}`: есептік жазбалардағы қателер: {problems}",
    "auth.accounts.unknown_table": "белгісіз `[{table}]` кестесі; тек `[accounts.NAME]` "
    "кестелері рұқсат етіледі",
    "auth.accounts.not_table": "`[accounts.{account}]` кесте болуы керек",
    "auth.accounts.unknown_keys": "`[accounts.{account}]`: белгісіз кілттер {keys}; рұқсат "
    "етілгендері: role, clinic_id, password_hash, email",
    "auth.accounts.role": "`[accounts.{account}]`: белгісіз {role} рөлі; рөлдер: {roles}",
    "auth.accounts.operator": "`[accounts.{account}]`: operator рөлі тек командалық жолға "
    "арналған; admin рөлін көрсетіңіз",
    "auth.accounts.shared_email": "`[accounts.{account}]`: {email} мекенжайы `[accounts.{first}]` "
    "жазбасында да бар; әр адамның өз мекенжайы болуы керек",
    "auth.accounts.other": "`[accounts.{account}]`: «{detail}»",
    "severity.refuse": "бас тарту",
    "severity.warn": "ескерту",
    "kinds.polyclinic": "қалалық емхана",
    "kinds.outpatient": "дәрігерлік амбулатория",
    "kinds.paramedic_post": "фельдшерлік-акушерлік пункт",
    "kinds.family_health_centre": "отбасылық денсаулық орталығы",
    "ground.changed_residence": "Тұрғылықты жерімді ауыстырдым",
    "ground.changed_work_or_study": "Жұмыс немесе оқу орнымды ауыстырдым",
    "ground.left_city_over_month": "Қаладан бір айдан астам уақытқа кеттім",
    "ground.first_free_choice": "Еркін таңдау құқығын алғаш пайдаланамын",
    "ground.attached_without_knowledge": "Мені келісімімсіз бекітіп қойған",
    "ground.organization_reorganized": "Менің ұйымым қайта ұйымдастырылды немесе таратылды",
    "ground.contract_terminated": "Менің ұйымымның Қормен шарты бұзылды",
    "ground.new_clinic_nearby": "Үйіме жақын жаңа емхана ашылды",
    "ground.voluntary_insurance": "Ерікті медициналық сақтандыру шарты",
    "ground.annual_free_choice": "Жыл сайынғы еркін таңдау",
    "map.streets": "Көшелер",
    "map.online_tiles": "OpenStreetMap картасы (онлайн)",
    "map.settlements": "Елді мекендер",
    "map.districts": "Учаскелер: {{model}}",
    "map.clinics": "Медициналық ұйымдар",
    "map.shi_supplier": "Қордың өнім берушісі",
    "map.not_shi_supplier": "Қордың өнім берушісі ЕМЕС",
    "citizen.title": "Қай емханаға бекітіле аламын?",
    "citizen.intro": "Мекенжайыңызды енгізіңіз немесе картадағы үйіңізді басыңыз: жақын "
    "емханаларды, әрқайсысы сізді қабылдай ма және неге, өтінішті қалай беру керектігін көресіз.",
    "citizen.about_you": "Сіз туралы (жасы, санаты, қазіргі емхана)",
    "citizen.birth_date": "Бекітілетін адамның туған күні",
    "citizen.categories": "Санаттар",
    "citizen.categories_help": "Зейнеткерлер, мүгедектігі бар адамдар, студенттер және басқа "
    "санаттар емхананың тіркеу бөліміне өз санатының құжаттарымен жүгіне алады; ХҚКО-да немесе "
    "egov-та жеке басын куәландыратын құжат жеткілікті.",
    "citizen.has_eds": "Менде электрондық цифрлық қолтаңба (ЭЦҚ) бар",
    "citizen.current_clinic": "Қазір бекітілген емханам",
    "citizen.ground": "Науқаннан тыс бекітілу негізі",
    "citizen.no_ground": "Негізсіз (науқан кезінде)",
    "citizen.ground_help": "15 қыркүйектен 15 қарашаға дейін кез келген адам емхананы ауыстыра "
    "алады; басқа уақытта негіз қажет.",
    "citizen.search_label": "Мекенжайыңыз",
    "citizen.search_placeholder": "мысалы, Абай көшесі 59 немесе ул. Абая 59",
    "citizen.search_help": "Көше мен үй нөмірі, қазақша, орысша немесе латын әрпімен.",
    "citizen.pick_label": "Табылған мекенжайлар",
    "citizen.pick_placeholder": "Мекенжайыңызды таңдаңыз",
    "citizen.ambiguous": "Бірнеше мекенжай сәйкес келеді: өзіңізді таңдаңыз.",
    "citizen.streets_label": "Көшелер",
    "citizen.add_house": "Көшеңізді таңдап, үй нөмірін қосыңыз.",
    "citizen.settlement_only": "{settlement} — елді мекен: көшеңізді таңдап, үй нөмірін қосыңыз.",
    "citizen.no_such_house": "«{query}» үйі жоқ: нөмірін тексеріңіз немесе төменде осы "
    "көшенің ең жақын үйлерінің бірін таңдаңыз.",
    "citizen.not_found": "«{query}» бойынша ештеңе табылмады; жазылуын тексеріңіз немесе "
    "картадағы үйіңізді басыңыз.",
    "citizen.click_hint": "Немесе картадағы үйіңізді басыңыз.",
    "citizen.query_too_long": "Мекенжайда {length} таңба, ал мекенжай {limit} таңбадан аспайды: "
    "тек көшені, үйді және елді мекенді жазыңыз.",
    "citizen.house_letter_after_slash": "{house}: үйдің әрпі «/» белгісінің алдында, нөмірден "
    "кейін жазылады, мысалы 24а/1.",
    "citizen.place_error": "{place} мекенжайы бұл өңірден табылмады; басқа мекенжай таңдаңыз "
    "немесе картаны басыңыз.",
    "citizen.results_for": "{address} мекенжайына арналған емханалар",
    "citizen.person_refusals": "Қай емхананы таңдасаңыз да, мына себептер кедергі болады:",
    "citizen.clinics_heading": "Жақын емханалар, алдымен жаяу ең жақыны",
    "citizen.clinics_caption": "Баға төмендегі тізімдегі құжаттарды әкелетініңізді ескереді.",
    "citizen.in_territory": "Мекенжайыңыз оның аумағында",
    "citizen.out_territory": "Мекенжайыңыз оның аумағынан тыс",
    "citizen.travel": "{walk} · {drive} · {km} км",
    "citizen.remaining": "Бос орындар: {places}",
    "citizen.remaining_item": "{model}: {count}",
    "citizen.choose": "Осы емхананы таңдау",
    "citizen.map_territory": "Сіздің аумағыңыз",
    "citizen.iso_mode": "Таңдалған емхананың қолжетімділігі",
    "citizen.map_isochrones": "{clinic} қолжетімділігі",
    "citizen.iso_tooltip": "{mode}: {{minutes}} минутқа дейін",
    "citizen.your_choice": "Сіздің таңдауыңыз: {clinic}",
    "citizen.home_visit_plain": "Үйіңіз «{clinic}» ұйымының қызмет көрсету аумағынан тыс. "
    "Оған бекітіліп, үйде ауырып қалсаңыз, бұл емхананың дәрігері де, мобильді бригадасы да "
    "үйіңізге келмейді: емханаға өзіңіз баруыңыз керек.",
    "citizen.acknowledge": "Үйде қызмет көрсетілмейтінін түсінемін және келісемін",
    "citizen.documents_heading": "Қандай құжаттар алу керек",
    "citizen.documents_bring": "Мен әкелетін құжаттар",
    "citizen.clinic_refuses": "Бұл емхана сізді қабылдай алмайды (себептері жоғарыда); басқасын "
    "таңдаңыз.",
    "citizen.submit_needs_ack": "Жоғарыдағы келісімді белгілеңіз: онсыз өтініш берілмейді.",
    "citizen.submit": "Өтініш беру",
    "citizen.submit_error": "Өтінішті қарау мүмкін болмады.",
    "citizen.submitted_approved": "{outcome}: сізді {district} учаскесіне бекітер еді.",
    "citizen.submitted_refused": "{outcome}: себептері төменде көрсетілген.",
    "citizen.answer_due": "Жауап мерзімі: {due}.",
    "citizen.download_application": "Өтінішті жүктеп алу (JSON)",
    "citizen.hand_in": "Оны төменде таңдаған тәсілмен беріңіз; түпкілікті жауапты медициналық "
    "ұйым береді.",
    "citizen.channels_heading": "Өтінішті қалай және қашан беру керек",
    "channel.registry_yes": "жеке өзіңіз жүгіне аласыз: санатыңыз мүмкіндік береді.",
    "channel.registry_no": "тек зейнеткерлерге, мүгедектігі бар адамдарға, балаларға және "
    "қағидаларда аталған басқа санаттарға.",
    "channel.psc": "жеке басын куәландыратын құжаты бар кез келген адам; жауап бір жұмыс күні "
    "ішінде.",
    "channel.egov_yes": "ЭЦҚ-мен, тәулік бойы; жауап бір жұмыс күні ішінде жеке кабинетке келеді.",
    "channel.egov_no": "электрондық цифрлық қолтаңба (ЭЦҚ) қажет, ал сізде ол жоқ.",
    "citizen.channel_choice": "Өтінішті беру тәсілі",
    "citizen.timing": "Өтінішті қазір берсеңіз ({now}), ол {taken} қабылданады, жауап "
    "мерзімі: {due}.",
    "citizen.outside_campaign": "Еркін таңдау науқаны (15 қыркүйек – 15 қараша) қазір жүріп "
    "жатқан жоқ: емхананы тек негіз болғанда ауыстыруға болады («Сіз туралы» бөлімін қараңыз).",
    "overview.residents": "Тұрғындар",
    "overview.buildings": "Тұрғын үйлер",
    "overview.clinics": "МСАК ұйымдары",
    "overview.districts": "Учаскелер",
    "registrar.title": "Бекітуге өтініштер",
    "uploader.button": "Файлды таңдау",
    "uploader.limit": "бір файл {size} МБ-қа дейін • {types}",
    "registrar.tab_one": "Бір өтініш",
    "registrar.tab_batch": "Өтініштер файлы",
    "registrar.input_how": "Өтінішті енгізу",
    "registrar.input_form": "Форманы толтыру",
    "registrar.input_json": "JSON қою",
    "registrar.clinic": "Медициналық ұйым",
    "registrar.residence": "Тұрғылықты мекенжайы",
    "registrar.has_eds": "Өтініш берушінің электрондық цифрлық қолтаңбасы (ЭЦҚ) бар",
    "registrar.current_clinic": "Өтініш беруші қазір бекітілген емхана",
    "registrar.coordinates": "немесе координаттар (бойлық, ендік)",
    "registrar.basis": "Бекіту орны",
    "registrar.workplace": "Жұмыс немесе оқу орнының мекенжайы (солар бойынша бекітілсе)",
    "registrar.documents": "Ұсынылған құжаттар",
    "registrar.reliable": "Құжаттар анық деп танылды",
    "registrar.channel": "Жүгіну тәсілі",
    "registrar.submitted_on": "Берілген күні",
    "registrar.submitted_time": "уақыты (UTC+5)",
    "registrar.acknowledged": "Өтініш беруші үйде қызмет көрсетілмейтініне келісті",
    "registrar.decide": "Қарау",
    "registrar.json_label": "Өтініш (JSON, README.md пішімі)",
    "registrar.json_hint": '{{"clinic_id": "C-02", "residence": {{"address": "Абай көшесі 59"}}, '
    "…}}",
    "registrar.bad_json": "JSON дұрыс емес: {line}-жол, {column}-позиция: {error}",
    "registrar.not_object": "JSON README.md-дегідей бір {{…}} объектісі болуы керек.",
    "registrar.json_too_big": "JSON ішінде өтініш үшін тым ұзын сан немесе тым терең ұя бар; "
    "не қойылғанын тексеріңіз.",
    "registrar.invalid": "Өтініште қателер бар; оларды түзетіп, қайта қараңыз:",
    "registrar.cannot_place": "Өтінішті бұл өңірде қарау мүмкін емес:",
    "registrar.submitted_in_future": "Өтініштің берілген күні қазіргі сәттен кейін; оны түзетіп, "
    "қайта қараңыз:",
    "registrar.residence_found": "Тұрғылықты жері былай анықталды: {address}",
    "registrar.col_code": "Код",
    "registrar.col_rule": "Қағида",
    "registrar.col_severity": "Әсері",
    "registrar.col_message": "Себеп",
    "registrar.no_reasons": "Бас тартуға немесе ескертуге негіз жоқ.",
    "registrar.timing": "Қабылданды: {taken}; жауап мерзімі: {due}.",
    "registrar.coupon_line": "Талон: ұйым {clinic}, учаске {district} ({model}).",
    "registrar.print_coupon": "Басып шығаруға арналған бекіту талоны (HTML)",
    "registrar.print_refusal": "Басып шығаруға арналған дәлелді бас тарту (HTML)",
    "registrar.batch_help": "CSV файлы, әр жолда бір өтініш, төмендегі үлгінің бағандарымен "
    "(үтір немесе нүктелі үтірмен бөлінген, UTF-8). Оқылмайтын жол өз нөмірімен көрсетіледі, "
    "қалғандары қаралады.",
    "registrar.batch_template": "Барлық бағаны бар үлгі файл (CSV)",
    "registrar.batch_upload": "Өтініштер (CSV)",
    "registrar.bad_file": "Файлды оқу мүмкін емес; ештеңе қаралмады:",
    "registrar.deciding": "Өтініштер қаралуда: {count}…",
    "registrar.download_csv": "Шешімдерді жүктеп алу (CSV)",
    "registrar.download_excel": "Шешімдерді жүктеп алу (Excel)",
    "registrar.no_excel": "Excel-ге жүктеу үшін openpyxl пакеті қажет.",
    "registrar.rows_to_fix": "Түзету керек жолдар: {count}",
    "registrar.row": "{line}-жол",
    "registrar.out_of_area": "Аумақтан немесе елді мекеннен тыс: {count}",
    "registrar.away_tooltip": "{line}-жол · {id} · ұйым {clinic} · {address} · {codes}",
    "registrar.tab_mine": "Менің ұйымымның өтініштері",
    "registrar.record_title": "Шешімді тіркелімге енгізу",
    "registrar.record_not_yours": "Өтініш {clinic} ұйымына берілген; сіз тек өз ұйымыңыздың "
    "({own}) шешімдерін енгізесіз. Оны {clinic} тіркеушісі енгізеді.",
    "registrar.not_submitted": "Өтініш берілмеген, сондықтан оны тіркелімге енгізуге болмайды: "
    "тұрғылықты жері ұйымның қызмет көрсету аумағынан тыс, ал өтініш беруші үйде қызмет "
    "көрсетілмейтініне келіспеді (R-TERR-2). Өтініш беруші келіскенде, «{field}» белгісін "
    'қойыңыз (JSON-да: "home_visit_acknowledged": true) және өтінішті қайта қараңыз.',
    "registrar.iin": "Өтініш берушінің ЖСН-і (12 цифр)",
    "registrar.full_name": "Аты-жөні (міндетті емес)",
    "registrar.record": "Шешімді енгізу",
    "registrar.iin_invalid": "ЖСН дұрыс емес; ештеңе енгізілмеді. {error}",
    "registrar.record_failed": "Шешім енгізілмеді: {error}",
    "registrar.filled_meanwhile": "Бұл мақұлдау енгізілгенше учаске толып қалды: шешім қуат "
    "бойынша бас тарту ретінде енгізілді (CAPACITY_EXCEEDED, R-CAP-1).",
    "registrar.free_choice_used": "Тіркелімде өтініш берушінің еркін таңдау құқығын бұрын "
    "пайдаланғаны бар, бұл негіз оған жол бермейді: шешім бас тарту ретінде енгізілді "
    "(OUTSIDE_CAMPAIGN_NO_GROUND, R-TIME-2).",
    "registrar.recorded_coupon": "Енгізілді. Талон № {number}",
    "registrar.recorded_outcome": "Енгізілді: {outcome}.",
    "registrar.closed_previous": "Бұрынғы бекітілу ({clinic} ұйымы, {district} учаскесі) "
    "жабылды (R-ORG-3).",
    "registrar.remaining": "{district} учаскесінде қалған орын: {remaining}",
    "registrar.already_attached": "Осында бекітілген: өтініш беруші {since} бастап {clinic} "
    "ұйымына, {district} учаскесіне бекітілген (талон № {number}). Бекітілу мен оның талоны "
    "өзгеріссіз қалады; жаңа ештеңе енгізілмеді.",
    "registrar.mine_title": "Менің ұйымымның өтініштері",
    "registrar.mine_unavailable": "Тіркелім өтініштерді көрсете алмайды: {error}",
    "registrar.mine_none": "Тіркелімде сіздің ұйымыңыздың өтініштері әлі жоқ.",
    "registrar.col_number": "№",
    "registrar.col_recorded": "Енгізілген уақыты",
    "registrar.col_iin": "ЖСН (соңғы 4 цифры)",
    "registrar.col_outcome": "Шешім",
    "registrar.col_by": "Кім енгізді",
    "batch.line": "Жол",
    "batch.application_id": "Өтініш",
    "batch.clinic_id": "Ұйым",
    "batch.outcome": "Шешім",
    "batch.reasons": "Кодтар",
    "batch.messages": "Себептер",
    "batch.district_id": "Учаске",
    "batch.taken_at": "Қабылданды",
    "batch.due_by": "Жауап мерзімі",
    "batch.error": "Жолдағы қате",
    "print.coupon_title": "Бекіту талоны",
    "print.refusal_title": "Бекітуден дәлелді бас тарту",
    "print.number": "№",
    "print.clinic": "МСАК ұйымы",
    "print.clinic_address": "Ұйымның мекенжайы",
    "print.residence": "Тұрғылықты мекенжайы",
    "print.birth_date": "Туған күні",
    "print.channel": "Жүгіну тәсілі",
    "print.taken_at": "Өтініш қабылданды",
    "print.decided_at": "Шешім қабылданды",
    "print.district": "Учаске",
    "print.doctor": "Учаскелік дәрігер",
    "print.replaces": "Мына ұйымға бекітуді ауыстырады",
    "print.reasons": "Бас тарту себептері",
    "print.notes": "Ескертпелер",
    "print.registrar": "Тіркеуші",
    "print.signature": "Қолы",
    "planner.title": "Нормативтермен салыстырғандағы жүктеме",
    "planner.computing": "Жүктеме мен жол уақыты есептелуде…",
    "planner.residents": "Тұрғындар",
    "planner.attached": "Бекітілген",
    "planner.over_norm": "Нормативтен асқан учаскелер",
    "planner.over_norm_help": "Бір дәрігерге келетін бекітілгендер нормативтен асатын "
    "учаскелер (ЖПД 1 700, терапевт 2 200, педиатр 500 немесе 900).",
    "planner.uncovered": "Барлық аумақтан тыс тұратындар",
    "planner.far": "Өз емханасына дейін жаяу {minutes} минуттан алыс",
    "planner.buildings_count": "үйлер: {count}",
    "planner.legend": "Бір дәрігерге бекітілгендер, нормативтің %-ы:",
    "planner.class_first": "{high} %-ға дейін",
    "planner.class_between": "{low}–{high} %",
    "planner.class_last": "{low} %-дан жоғары",
    "planner.class_none": "дәрігер жоқ",
    "planner.layer_uncovered": "Барлық аумақтан тыс",
    "planner.layer_far": "Жаяу {minutes} минуттан алыс",
    "planner.tab_districts": "Учаскелер",
    "planner.tab_clinics": "Ұйымдар",
    "planner.col_model": "Дәрігер",
    "planner.col_doctors": "Дәрігерлер",
    "planner.col_attached": "Бекітілген",
    "planner.col_norm": "Бір дәрігерге норматив",
    "planner.col_per_doctor": "Бір дәрігерге",
    "planner.col_pct": "Нормативтің %-ы",
    "planner.col_remaining": "Бос орындар",
    "planner.col_districts": "Учаскелер",
    "planner.no_home_visits": "Бекітілген, бірақ емханасының аумағынан тыс тұрады",
    "planner.no_home_visits_help": "Тізілім бойынша: қазір бекітілген, үйі (өтінішінде "
    "көрсетілгендей) бекітілген емхананың аумағынан тыс жатқан адамдар, сондықтан үйге мобильді "
    "бригада да, учаскелік дәрігер де келмейді (R-TERR-2). Тізілімдегі {attached} бекітілгеннің "
    "{unplaced} үйі табылмады.",
    "planner.cover_table": "Тізілім бойынша бекітілгендерге үйде қызмет көрсету, емханалар бойынша",
    "planner.col_cover_attached": "Бекітілген (тізілім)",
    "planner.col_outside": "Үйі аумақтан тыс",
    "planner.col_unplaced": "Үйі табылмады",
    "planner.cover_unavailable": "Үйде қызмет көрсету үшін тізілімді оқу мүмкін емес: {error}",
    "planner.col_served": "Қызмет көрсетілетін тұрғындар",
    "planner.street_lists": "Көшелер тізімі мен карта: назар аударатын үйлер: {count}",
    "planner.population": "Халық полигондары бойынша тұрғындар",
    "planner.population_file": "Аумақтар бойынша халық (GeoPackage немесе GeoJSON)",
    "planner.population_help": "Халық тек аумақтар бойынша белгілі болса (санақ кварталдары, "
    "тор): area_id және pop_0_6, pop_7_14, pop_15_17, pop_18_62, pop_63_plus бағандары бар "
    "полигондар. Әр полигонның тұрғындары учаскелер арасында әрқайсысы жабатын аудан үлесіне "
    "қарай бөлінеді. Файл болмаса, тұрғындар өңір ғимараттары бойынша саналады.",
    "planner.population_used": "Тұрғындар {file} файлының {polygons} полигонынан аудан бойынша "
    "бөлінді.",
    "planner.population_partial": "Файлда {file_people} тұрғын, ал өңір ғимараттары бойынша "
    "{building_people}: ол бүкіл өңірді қамти ма?",
    "planner.population_error": "Халық файлын пайдалану мүмкін емес; тұрғындар ғимараттар бойынша "
    "саналады.",
    "planner.col_street": "Көше",
    "planner.col_house": "Үй",
    "planner.col_walk": "Жаяу минут",
    "planner.download": "Учаскелер жүктемесін жүктеп алу (CSV)",
    "planner.planning_error": "Өңірді жоспарлауға дайындау мүмкін емес: {error}",
    "planner.tab_access": "Қолжетімділік",
    "planner.tab_whatif": "Егер де",
    "planner.tab_rebalance": "Қайта бөлу",
    "planner.access_intro": "Жаяу {minutes} минут ішіндегі 10 000 тұрғынға шаққандағы "
    "дәрігерлер (қашықтыққа қарай әлсірейтін екі қадамды қалқымалы қызмет аймағы әдісі) "
    "және өз емханасына және ең жақын емханаға дейінгі жаяу жол, үйді аумағы қамтитын "
    "емхана бойынша.",
    "planner.access_median": "10 000 тұрғынға дәрігерлер (үйлер медианасы)",
    "planner.access_none": "{minutes} минут ішінде дәрігері жоқ тұрғындар",
    "planner.col_own_min": "Өз емханасына дейін минут",
    "planner.col_nearest_min": "Ең жақын емханаға дейін минут",
    "planner.col_index": "10 000-ға дәрігерлер (медиана)",
    "planner.access_download": "Үйлер бойынша қолжетімділікті жүктеп алу (CSV)",
    "planner.whatif_intro": "Қазіргі жоспарды өзгертіп, салыстырыңыз: емхананы жабу, учаске "
    "дәрігерлерін қосу немесе азайту, нүктеде емхана ашу (оған ол ең жақын емхана "
    "болатындар өтеді).",
    "planner.whatif_close": "Емхананы жабу",
    "planner.whatif_none": "— өзгеріссіз —",
    "planner.whatif_district": "Учаске дәрігерлерінің санын өзгерту",
    "planner.whatif_delta": "Қосылатын дәрігерлер (минус — азайту), мөлшерлеме",
    "planner.whatif_open": "Нүктеде емхана ашу",
    "planner.whatif_lon": "Бойлық",
    "planner.whatif_lat": "Ендік",
    "planner.whatif_open_doctors": "Жаңа емханадағы ЖТД (мөлшерлеме)",
    "planner.whatif_compare": "Салыстыру",
    "planner.whatif_nothing": "Кемінде бір өзгерісті таңдаңыз.",
    "planner.whatif_error": "Сценарийді қолдану мүмкін емес: {error}",
    "planner.row_clinics": "Емханалар",
    "planner.row_districts": "Учаскелер",
    "planner.row_doctors": "Дәрігерлер (мөлшерлеме)",
    "planner.row_districts_over_norm": "Нормативтен асқан учаскелер",
    "planner.row_attached_over_norm": "Нормативтен тыс бекітілгендер",
    "planner.row_max_load_pct": "Ең жоғары жүктеме, нормативтің %-ы",
    "planner.row_attached_without_doctor": "Дәрігері жоқ учаскеге бекітілгендер",
    "planner.no_doctor_for": "{people} адамға дәрігер жоқ",
    "planner.row_mean_own_min": "Өз емханасына дейінгі орташа минут",
    "planner.row_mean_nearest_min": "Ең жақын емханаға дейінгі орташа минут",
    "planner.row_residents_without_territory": "Барлық аумақтан тыс тұрғындар",
    "planner.row_median_doctors_per_10k": "10 000-ға дәрігерлер (үйлер медианасы)",
    "planner.row_lose_home_visits": "Үйге қызметтен айырылады (емхана ауысты)",
    "planner.row_must_reattach": "Қайта бекітілуі керек (емхана жабылды)",
    "planner.col_current": "Қазір",
    "planner.col_scenario": "Сценарий",
    "planner.col_change": "Өзгеріс",
    "planner.whatif_cover": "Үйге қызмет көрсетуден кім айырылады",
    "planner.whatif_cover_download": "Барлық мекенжайлар ({buildings}), ғимарат бойынша (CSV)",
    "planner.whatif_no_cover": "Ешкім емханасын ауыстырмайды.",
    "planner.col_clinic_before": "Бұрынғы емхана",
    "planner.col_clinic_after": "Кейінгі емхана",
    "planner.col_reason": "Себебі",
    "planner.reason_clinic_closed": "емханасы жабылады: қайта бекітілуі керек",
    "planner.reason_clinic_changed": "үйі емханасының аумағынан шығады: үйге қызмет жоқ",
    "planner.rebalance_intro": "Нормативтер ең аз тұрғын ауыстырылып сақталатындай учаскелерді "
    "қайта сызу. Есептеу тек батырма басылғанда және берілген уақыттан аспай жүреді.",
    "planner.rebalance_share": "Ауыстырылатындардың ең көбі, қызмет көрсетілетіндердің %-ы",
    "planner.rebalance_travel": "Жаңа емханаға дейінгі ең ұзақ жаяу жол, минут",
    "planner.rebalance_reach": "Учаске сыртқа қанша кварталға кеңейе алады",
    "planner.rebalance_limit": "Есептеу уақыты, с",
    "planner.rebalance_deterministic": (
        "Әр іске қосқанда бірдей жоспар (шек сағатты емес, шешушінің жұмысын "
        "санайды; секундына азырақ табады)"
    ),
    "planner.floor_button": "Кемінде қанша адамды ауыстыру керек?",
    "planner.floor_running": "LP релаксациясы шешілуде…",
    "planner.floor_none": "Барлық учаскелер нормативке сай: ешкімді ауыстырудың қажеті жоқ.",
    "planner.floor_least": "Жаңа емханаға дейінгі жол {travel} минуттан аспаса және "
    "учаскелер {reach} кварталдан артық кеңеймесе, барлық учаскелер нормативке сай болуы үшін "
    "кемінде {least} адам (қызмет көрсетілетіндердің {share} %) учаскесін ауыстыруы керек "
    "(дәлелденген төменгі баға; жоспарға әдетте көбірек керек).",
    "planner.floor_short": "Ауыстыру шегі {budget} адамға рұқсат береді: оның шегінде "
    "бірде-бір жоспар нормативтерге сай емес. Көбірек ауыстыруға рұқсат етіңіз немесе дәрігерлер "
    "қосыңыз.",
    "planner.floor_room": "Ауыстыру шегі {budget} адамға рұқсат береді.",
    "planner.floor_unreachable": "Жаңа емханаға дейінгі жол {travel} минуттан "
    "аспаса және учаскелер {reach} кварталдан артық кеңеймесе, қанша адам ауыстырылса да, "
    "бірде-бір жоспар барлық нормативке сай емес: қосымша дәрігерлер, ұзағырақ жол немесе "
    "кеңірек кеңею керек.",
    "planner.floor_unsolved": "Төменгі бағаны есептеу мүмкін болмады; учаскелерді қайта бөлуді "
    "бәрібір іске қосуға болады.",
    "planner.rebalance_button": "Қайта бөлу",
    "planner.rebalance_use_whatif": "«Егер де» сценарийіндегі дәрігерлермен қайта бөлу ({changes})",
    "planner.rebalance_whatif_other": "«Егер де» сценарийі емхананы да ашады немесе жабады: мұнда "
    "тек дәрігерлер санын ғана өзгертетін сценарийді қайта бөлуге болады.",
    "planner.rebalance_made_with": "Бұл жоспар «егер де» сценарийіндегі дәрігерлермен жасалды: "
    "{changes}.",
    "planner.rebalance_stopping": "Іздеу тоқтатылып, оның ең жақсы жоспары дайындалуда…",
    "planner.rebalance_stop": "Тоқтату және табылған ең жақсы жоспарды қалдыру",
    "planner.rebalance_stop_help": "Іздеуді қазір аяқтайды. Осы сәтке дейін табылған жоспар "
    "толық уақыт өткендегідей көрсетіледі; оның орнына шектеулерді өзгерту іске қосуды тоқтатады.",
    "planner.rebalance_running": "Учаскелер қайта бөлінуде…",
    "planner.whatif_click": "Жаңа емхананы сол жерге қою үшін жоғарыдағы картаны басыңыз.",
    "planner.buildings_only": "«Егер де» сценарийлері мен қайта бөлу ғимараттарды ауыстырады, "
    "сондықтан тұрғындарды жүктелген халық файлынан емес, ғимараттар бойынша санайды.",
    "planner.rebalance_progress": "Қайта бөлу: {spent} / {limit} с · нормативтен тыс: {over} · "
    "учаскесі өзгереді: {moved}",
    "planner.rebalance_error": "Қайта бөлу мүмкін емес: {error}",
    "planner.rebalance_status": "Шешуші: {status}, {seconds} с",
    "planner.rebalance_moved": "Ауыстырылған тұрғындар",
    "planner.rebalance_moved_help": "үйлер: {buildings}, қызмет көрсетілетіндердің {share} %-ы",
    "planner.rebalance_over": "Нормативтен тыс күтілетін бекітілгендер",
    "planner.rebalance_over_help": "Қайта бөлуге дейін: {before}",
    "planner.rebalance_max_load": "Ең жоғары жүктеме, нормативтің %-ы",
    "planner.rebalance_load": "Дейінгі және кейінгі жүктеме",
    "planner.rebalance_map": "Учаскелердің жаңа шекаралары: кейінгі нормативтің %-ы",
    "planner.layer_moved": "Учаскесі өзгеретін ғимараттар ({count})",
    "planner.col_districts_before": "Бұрынғы учаскелер (ересектер / балалар)",
    "planner.col_districts_after": "Кейінгі учаскелер (ересектер / балалар)",
    "planner.rebalance_all_met": "Барлық учаскелер нормативке сай.",
    "planner.rebalance_least_moves": "Осы шектерде барлық учаскелер нормативке сай болуы үшін "
    "кемінде {least} адам учаскесін ауыстыруы керек (дәлелденген төменгі баға); бұл жоспар "
    "{moved} адамды ауыстырады.",
    "planner.rebalance_budget_short": "Ауыстыру шегі {budget} адамға рұқсат береді: оның "
    "шегінде бірде-бір жоспар нормативтерге сай емес. Көбірек ауыстыруға рұқсат етіңіз немесе "
    "жоғарыда көрсетілген дәрігерлерді қосыңыз.",
    "planner.rebalance_budget_room": "Ауыстыру шегі {budget} адамға рұқсат береді: ұзағырақ "
    "іздеу барлық нормативке сай жоспарды әлі табуы мүмкін.",
    "planner.rebalance_unreachable": "Қанша адам ауыстырылса да, осы шектерде бірде-бір жоспар "
    "барлық нормативке сай емес: жоғарыда көрсетілген дәрігерлер керек, не кеңірек қамту "
    "немесе жол уақытының үлкенірек шегі.",
    "planner.rebalance_download": "Ауыстыруларды жүктеп алу (CSV)",
    "planner.downloads": "Жоспар файлдары",
    "planner.downloads_help": "Учаскелер өңір деректер пакетінің districts қабатын алмастыра "
    "алады; көше тізімдері — тіркеу орны жүргізетін district_streets кестесі. Карталары бар есеп "
    "бет тілінде. Әр файл оның батырмасы басылғанда дайындалады.",
    "planner.download_load": "Жүктеме бұрын және кейін (CSV)",
    "planner.download_streets": "Көше тізімдері (CSV)",
    "planner.download_gpkg": "Учаскелер (GeoPackage)",
    "planner.download_geojson": "Учаскелер (GeoJSON)",
    "planner.download_report_html": "Карталары бар есеп (HTML)",
    "planner.download_report_pdf": "Карталары бар есеп (PDF)",
}

CATALOG: Final[Mapping[str, Mapping[str, str]]] = {"en": EN, "ru": RU, "kk": KK}


def t(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang``, filled with ``values``.

    Raises
    ------
    CatalogError
        For an unknown language or key, or a template needing a value not given (a bug of the
        page, named with the key so it is found at once).
    """
    try:
        template = CATALOG[lang][key]
    except KeyError:
        raise CatalogError(f"no {lang!r} text for {key!r}; add it to app_pages/_i18n.py") from None
    try:
        return fill(template, values, lang)
    except (KeyError, IndexError) as missing:
        raise CatalogError(f"{key} ({lang}) needs the value {missing}") from None


def default_language(languages: Sequence[str], browser: str | None = None) -> str:
    """The language a session starts in, before any choice in the sidebar.

    The browser's language (``ru-RU``, ``kk``) when the region speaks it and the app does,
    as HTTP's content negotiation would have it; otherwise the first of the region's languages
    the app speaks (Kazakh when the region names none).
    """
    spoken = [lang for lang in languages if lang in CATALOG] or [LANGUAGES[0]]
    wanted = (browser or "").replace("_", "-").split("-")[0].lower()
    return wanted if wanted in spoken else spoken[0]


def _region_languages() -> Sequence[str]:
    try:
        return load_region(str(region_path())).config.languages
    except (RegionDataError, OSError):  # the page itself reports a broken package
        return LANGUAGES


def _session_default() -> str:
    """:func:`default_language` for this session's region and browser."""
    # A new session (a first visit, or the one Streamlit opens after an OIDC sign-in, which
    # loses the address's ?lang=) starts in the browser's language rather than always the
    # region's first.
    return default_language(_region_languages(), st.context.locale)


def current_language() -> str:
    """The language this session chose in the sidebar (see :func:`default_language` before)."""
    lang = st.session_state.get(SESSION_KEY)
    return str(lang) if lang in CATALOG else _session_default()


def language_switch() -> str:
    """The sidebar's language switch; returns the language chosen.

    The choice is mirrored in the address (``?lang=ru``), so a reload keeps it and a link opens
    the app in that language. (Streamlit's own ``bind="query-params"`` would write the option's
    label, ``?lang=Русский``.)
    """
    asked = st.query_params.get(SESSION_KEY) or ""
    default = asked if asked in CATALOG else _session_default()
    chosen = str(
        st.radio(
            CATALOG[default]["sidebar.language"],
            list(LANGUAGES),
            index=LANGUAGES.index(default),
            format_func=LANGUAGE_NAMES.__getitem__,
            key=SESSION_KEY,
            horizontal=True,
        )
        or default
    )
    if st.query_params.get(SESSION_KEY) != chosen:
        st.query_params[SESSION_KEY] = chosen
    return chosen


# Tables of the app catalog that name identifiers, keyed like ``catchments.messages.NAMES``.
_OWN_TABLES: Final = ("kinds",)


def identifier_name(table: str, identifier: str, lang: str) -> str:
    """The name of an identifier (a document, category, channel, district model, clinic kind).

    ``table`` is one of :data:`catchments.messages.NAMES` (``documents``, ``purposes`` for
    categories, ``who``, ``channels``, ``bases``, ``models``) or ``kinds``; an identifier
    without a name is shown as it is.
    """
    if table in _OWN_TABLES:
        return CATALOG[lang].get(f"{table}.{identifier}", identifier)
    return NAMES[table][Language(lang)].get(identifier, identifier)


def name_column(lang: str) -> str:
    """The column of the data's names to show: Kazakh for ``kk``, else Russian."""
    return "name_kk" if lang == "kk" else "name_ru"


def number(value: float, lang: str) -> str:
    """A number with the language's digit grouping (``204,467`` / ``204 467``)."""
    return format_number(value, Language(lang))


def moment_text(moment: dt.datetime, lang: str) -> str:
    """A moment in Kazakhstan's time, as people read it: ``21 September 2026, 10:00``."""
    return format_moment(local(moment), Language(lang))


def map_labels(lang: str) -> MapLabels:
    """The words a map shows, in ``lang``."""
    catalog = CATALOG[lang]
    return MapLabels(
        streets=catalog["map.streets"],
        online_tiles=catalog["map.online_tiles"],
        settlements=catalog["map.settlements"],
        districts=t("map.districts", lang),
        clinics=catalog["map.clinics"],
        shi_supplier=catalog["map.shi_supplier"],
        not_shi_supplier=catalog["map.not_shi_supplier"],
        kinds={
            key.split(".", 1)[1]: text for key, text in catalog.items() if key.startswith("kinds.")
        },
        models=dict(NAMES["models"][Language(lang)]),
    )
