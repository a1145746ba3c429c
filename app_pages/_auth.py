"""Sign-in for the registrar and planner views: a page calls :func:`require_role` first.

::

    from app_pages._auth import require_role

    account = require_role("registrar", lang=lang)  # the sign-in form, and stop, until signed in
    rows = current_register().applications_for(account)   # only their clinic's

The citizen view is public and never calls it. Decisions (who may open what, password checks,
throttling) are :mod:`catchments.access`'s; this module only draws them.

Two ways to sign in:

* **Accounts file** (default): user name and password, checked against the Argon2 hashes of
  ``accounts.toml`` (``EMHANA_ACCOUNTS``; manage it with ``emhana register accounts add``).
  Every attempt is audited; after 5 failures in 15 minutes a user name is refused for a while.
* **OIDC**, where ``.streamlit/secrets.toml`` has an ``[auth]`` section (``redirect_uri``,
  ``cookie_secret``, ``client_id``, ``client_secret``, ``server_metadata_url``; see Streamlit's
  ``st.login``): the identity provider signs people in, and the accounts file maps their e-mail
  to a role and clinic (``emhana register accounts add NAME --role registrar --clinic C-01
  --email NAME@clinic.kz --no-password``). A provider identity without an account gets no role.
  An ``[auth]`` section lacking a key ``st.login`` needs is named on the staff pages, and the
  accounts file's passwords sign in meanwhile (:func:`oidc_setup`); so is a
  ``server_metadata_url`` that does not give the provider's discovery document
  (:func:`catchments.access.discovery_problem`, checked before the button is offered).

The signed-in user name is kept in the session; the account is re-read from the file at every
run, so removing an account or changing its role takes effect at once. Everything shown is in the
page's language (``auth.*`` in :mod:`app_pages._i18n`); the audit log stays in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from app_pages._data import DISCOVERY_TTL, checked_discovery
from app_pages._i18n import current_language, t
from catchments.access import (
    ACCOUNT_ROLES,
    Account,
    AccountsError,
    LoginRefusedError,
    Role,
    accounts_path,
    load_accounts,
    sign_in,
)
from catchments.register import Register, RegisterError, database_url, open_register

SESSION_USER = "emhana_user"
_OIDC_AUDITED = "emhana_oidc_audited"
LANDED = "emhana_landed"  # set once app.py has chosen this session's first page


# Kept here rather than in _data.py because only sign-in and the register pages need it; one
# connection pool per process and database URL, shared by every session and never mutated.
@st.cache_resource(show_spinner=False)
def register_for(url: str) -> Register:
    """The register at ``url``, opened once per process."""
    return open_register(url)


def current_register() -> Register:
    """The register the app uses (``EMHANA_DATABASE_URL`` or the default SQLite file)."""
    return register_for(database_url())


# What st.login checks before it starts (streamlit.auth_util.validate_auth_credentials): the
# shared keys directly in [auth], the provider's either there too or in an [auth.NAME] table.
_AUTH_SHARED: Final = ("redirect_uri", "cookie_secret")
_AUTH_PROVIDER: Final = ("client_id", "client_secret", "server_metadata_url")
_AUTH_NOT_PROVIDERS: Final = frozenset({"client_kwargs"})  # tables of the unnamed provider


@dataclass(frozen=True)
class OidcSetup:
    """What the ``[auth]`` section of ``.streamlit/secrets.toml`` gives Streamlit's ``st.login``.

    Parameters
    ----------
    provider
        The ``[auth.NAME]`` table to sign in with; None for the settings directly in ``[auth]``.
    missing
        The keys ``st.login`` would refuse to start without (``okta.client_id`` for one of an
        ``[auth.okta]`` table); empty when the section is complete.
    metadata_url, verify, follow_redirects
        That provider's ``server_metadata_url``, and the ``verify`` and ``follow_redirects`` of
        its ``client_kwargs`` table: Authlib hands them to the HTTP client (httpx) that fetches
        the discovery document, so :func:`catchments.access.discovery_problem` fetches it so.
    """

    provider: str | None
    missing: tuple[str, ...]
    metadata_url: str = ""
    verify: bool | str = True
    follow_redirects: bool = False


def oidc_setup() -> OidcSetup | None:
    """The OIDC settings of ``.streamlit/secrets.toml``; None without an ``[auth]`` section.

    Streamlit sets ``st.user.is_logged_in`` only for a non-empty ``[auth]`` section and checks
    the keys only when ``st.login`` is called, raising an English ``StreamlitAuthError`` at the
    click. So the keys are checked here, before the button is drawn or ``st.user`` read. Of the
    unnamed provider and each ``[auth.NAME]`` table, the first complete one is used (file
    order), or else the one lacking the fewest keys is named. Names with an underscore are not
    providers: Streamlit refuses them. A key must be a non-empty string.
    """
    try:
        if "auth" not in st.secrets:
            return None
        section = st.secrets["auth"]
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return None
    if not isinstance(section, Mapping):
        return OidcSetup(None, _AUTH_SHARED + _AUTH_PROVIDER)
    shared = tuple(key for key in _AUTH_SHARED if not _filled(section.get(key)))
    tables = [
        (str(name), table)
        for name, table in section.items()
        if isinstance(table, Mapping) and name not in _AUTH_NOT_PROVIDERS and "_" not in name
    ]
    candidates: list[tuple[str | None, tuple[str, ...]]] = [
        (None, tuple(key for key in _AUTH_PROVIDER if not _filled(section.get(key))))
    ]
    candidates += [
        (name, tuple(f"{name}.{key}" for key in _AUTH_PROVIDER if not _filled(table.get(key))))
        for name, table in tables
    ]
    provider, lacking = min(candidates, key=lambda candidate: len(candidate[1]))  # first best
    table = section if provider is None else dict(tables)[provider]
    options = table.get("client_kwargs")
    options = options if isinstance(options, Mapping) else {}
    verify = options.get("verify", True)
    return OidcSetup(
        provider,
        shared + lacking,
        metadata_url=str(table.get("server_metadata_url") or ""),
        verify=verify if isinstance(verify, bool | str) else True,
        follow_redirects=options.get("follow_redirects") is True,
    )


def _filled(value: object) -> bool:
    """Whether a setting has a value: an empty ``cookie_secret`` signs nothing."""
    return isinstance(value, str) and bool(value.strip())


def oidc_configured() -> bool:
    """Whether staff sign in through OIDC: an ``[auth]`` section ``st.login`` can use."""
    setup = oidc_setup()
    return setup is not None and not setup.missing


def _provider_problem(setup: OidcSetup, lang: str) -> str | None:
    """Why the provider of a complete ``setup`` cannot sign anyone in, in ``lang``; else None.

    Not asked once this session is signed in through the provider (it worked), so an outage
    later signs nobody out.
    """
    if st.user.is_logged_in:
        return None
    problem = checked_discovery(setup.metadata_url, setup.verify, setup.follow_redirects)
    if problem is None:
        return None
    section = "[auth]" if setup.provider is None else f"[auth.{setup.provider}]"
    params = dict(problem.params)
    where = t("auth.oidc_metadata.where", lang, section=section, url=params.pop("url"))
    text = t(f"auth.oidc_metadata.{problem.code}", lang, where=where, **params)
    return t("auth.oidc_metadata", lang, problem=text, minutes=DISCOVERY_TTL // 60)


def _role_names(roles: set[Role], lang: str) -> str:
    """The roles a page is for, in the plural, e.g. "registrars or planners"."""
    names = sorted(t(f"auth.roles.{role.value}", lang) for role in roles)
    return t("auth.or", lang).join(names)


def require_role(*roles: Role | str, page: str | None = None, lang: str | None = None) -> Account:
    """The signed-in account when its role may open this page; otherwise sign-in, then stop.

    Parameters
    ----------
    roles
        The roles the page is for (admins may open every page); none means any account.
    page
        Named in the audit log as ``page:NAME``; defaults to the roles.
    lang
        The language of the form and messages; defaults to the session's.

    Anonymous visitors see the sign-in form (or the OIDC button) and nothing of the page; an
    account of another role sees a refusal, which is audited.
    """
    lang = lang or current_language()
    wanted = {Role(role) for role in roles} or set(ACCOUNT_ROLES)
    source = f"page:{page or '+'.join(sorted(role.value for role in wanted))}"
    path = accounts_path()
    try:
        register = current_register()
        accounts = load_accounts(path)
    except RegisterError as error:
        st.error(t("auth.unavailable", lang, error=error.text(lang)))
        st.stop()
    except AccountsError as error:
        st.error(t("auth.unavailable", lang, error=accounts_error_text(error, lang)))
        st.stop()
    try:
        account = _session_account(accounts, register, source, lang, path=path, wanted=wanted)
    except RegisterError as error:  # the audit log cannot be written (a read-only register)
        st.error(t("auth.unavailable", lang, error=error.text(lang)))
        st.stop()
    role = t(f"auth.role.{account.role.value}", lang)
    with st.sidebar:
        if account.clinic_id:
            st.caption(
                t("auth.signed_in_clinic", lang, user=account.username, role=role,
                  clinic=account.clinic_id)
            )  # fmt: skip
        else:
            st.caption(t("auth.signed_in", lang, user=account.username, role=role))
        _sign_out_button(lang)
    return account


def _session_account(
    accounts: dict[str, Account],
    register: Register,
    source: str,
    lang: str,
    *,
    path: Path,
    wanted: set[Role],
) -> Account:
    """The session's account, of a role the page is for; or the sign-in, a refusal (and stop).

    Every sign-in and refusal is audited, so a register that cannot be written raises
    :class:`RegisterError` here and nobody signs in unaudited.
    """
    setup = oidc_setup()
    problem = _provider_problem(setup, lang) if setup is not None and not setup.missing else None
    # A session signed in with a password keeps it when the provider comes back (or the section
    # is completed): otherwise a registrar would lose the form at hand to the provider's button.
    password_session = isinstance(st.session_state.get(SESSION_USER), str)
    if setup is not None and not setup.missing and problem is None and not password_session:
        account = _oidc_account(accounts, register, source, lang, setup.provider)  # or stop
    else:
        if setup is not None and setup.missing:  # an [auth] st.login cannot use: passwords
            keys = ", ".join(f"`{key}`" for key in setup.missing)
            st.error(t("auth.oidc_incomplete", lang, keys=keys))
        elif problem is not None:  # a provider st.login would fail on: passwords meanwhile
            st.error(problem)
        account = _password_account(accounts, register, source, lang, path)
    role = t(f"auth.role.{account.role.value}", lang)
    if account.role not in wanted and account.role is not Role.ADMIN:
        register.log_event(
            account,
            "access.denied",
            source,
            source=source,
            details={"wanted": sorted(role.value for role in wanted)},
        )
        st.error(
            t("auth.wrong_role", lang, roles=_role_names(wanted, lang), user=account.username,
              role=role)
        )  # fmt: skip
        _sign_out_button(lang)
        st.stop()
    return account


def accounts_error_text(error: AccountsError, lang: str) -> str:
    """An accounts file's error in ``lang``, from its ``code``; the parser's own words quoted.

    The English ``str()`` is for the command line; on a page in Kazakh or Russian it would be
    the only English sentence. An error without a code (none of :func:`load_accounts`'s) keeps
    its English text.
    """
    if error.code == "entries":
        problems = "; ".join(_problem_text(problem, lang) for problem in error.problems)
        return t("auth.accounts.entries", lang, file=error.params["file"], problems=problems)
    if error.code == "toml" and not error.params.get("line"):
        return t("auth.accounts.toml_end", lang, **error.params)
    if error.code in ("unreadable", "toml", "shape"):
        return t(f"auth.accounts.{error.code}", lang, **error.params)
    return str(error)


# The problems of load_accounts worded by code; the rest ("other") quote the English.
_PROBLEM_CODES: Final = (
    "unknown_table",
    "not_table",
    "unknown_keys",
    "role",
    "operator",
    "shared_email",
)


def _problem_text(problem: AccountsError, lang: str) -> str:
    """One bad entry of an accounts file, in ``lang``."""
    if problem.code in _PROBLEM_CODES:
        return t(f"auth.accounts.{problem.code}", lang, **problem.params)
    detail = problem.params.get("detail", str(problem))
    return t("auth.accounts.other", lang, account=problem.params.get("account", ""), detail=detail)


def _password_account(
    accounts: dict[str, Account], register: Register, source: str, lang: str, path: Path
) -> Account:
    """The account of this session, or the sign-in form (and stop).

    A session whose account was removed from the file is told so: the form alone would not
    say why the click did nothing (the page stopped here, before recording anything).
    """
    username = st.session_state.get(SESSION_USER)
    if isinstance(username, str) and username in accounts:
        return accounts[username]
    st.session_state.pop(SESSION_USER, None)
    if isinstance(username, str):
        st.warning(t("auth.account_gone", lang, user=username))
    elif not path.exists():  # nobody can sign in yet: say so, rather than "wrong password"
        st.info(t("auth.accounts.missing", lang, file=path))
    st.subheader(t("auth.title", lang))
    st.caption(t("auth.caption", lang))
    with st.form("emhana_sign_in"):
        name = st.text_input(t("auth.username", lang))
        password = st.text_input(t("auth.password", lang), type="password")
        submitted = st.form_submit_button(t("auth.submit", lang))
    if submitted:
        try:
            account = sign_in(accounts, name, password, log=register, source=source)
        except LoginRefusedError as error:
            if error.throttled:
                st.error(t("auth.throttled", lang, failures=error.failures, minutes=error.minutes))
            else:
                st.error(t("auth.wrong_password", lang))
        else:
            st.session_state[SESSION_USER] = account.username
            st.rerun()
    st.stop()


def _oidc_account(
    accounts: dict[str, Account], register: Register, source: str, lang: str, provider: str | None
) -> Account:
    """The account matching the OIDC identity, or the sign-in button / a refusal (and stop).

    Called only for a complete ``[auth]`` section (:func:`oidc_setup`), so ``st.login`` starts
    and ``st.user.is_logged_in`` exists; ``provider`` names an ``[auth.NAME]`` table, if any.
    """
    if not st.user.is_logged_in:
        st.subheader(t("auth.title", lang))
        st.button(t("auth.oidc_button", lang), on_click=st.login, args=(provider,))
        st.stop()
    email = _oidc_email()
    account = _account_with_email(accounts, email)
    audited = st.session_state.get(_OIDC_AUDITED)
    if account is None:
        if audited != email:
            who = email or "(no e-mail)"
            register.log_login(who, ok=False, source=source, role=None, reason="oidc: no account")
            st.session_state[_OIDC_AUDITED] = email
        st.error(t("auth.oidc_no_account", lang, who=email or t("auth.oidc_no_email", lang)))
        st.button(t("auth.sign_out", lang), on_click=st.logout)
        st.stop()
    if audited != account.username:
        register.log_login(
            account.username, ok=True, source=source, role=account.role.value, reason="oidc"
        )
        st.session_state[_OIDC_AUDITED] = account.username
    return account


def _oidc_email() -> str:
    """The e-mail the identity provider asserts for this session, lower-cased ("" if none)."""
    return str(st.user.get("email") or "").strip().lower()


def _account_with_email(accounts: dict[str, Account], email: str) -> Account | None:
    """The account whose e-mail is ``email`` (compared without regard to case), if any."""
    return next(
        (item for item in accounts.values() if item.email and item.email.lower() == email),
        None,
    )


_HOME_PAGES: dict[Role, str] = {Role.REGISTRAR: "registrar", Role.PLANNER: "planner"}


def staff_home() -> str | None:
    """The page a signed-in OIDC identity should land on: its role's (``registrar``/``planner``).

    Streamlit's OIDC callback starts a new session on the app's first page (streamlit#10162: it
    cannot return to the page where sign-in began), so without this a registrar would come back
    from the identity provider to the citizen view. ``None`` (the citizen view) for everyone
    else, and when the accounts file cannot be read (the page then says why).
    """
    if not oidc_configured() or not st.user.is_logged_in:  # no is_logged_in without [auth]
        return None
    try:
        accounts = load_accounts(accounts_path())
    except AccountsError:
        return None
    account = _account_with_email(accounts, _oidc_email())
    return None if account is None else _HOME_PAGES.get(account.role)


def _sign_out() -> None:
    st.session_state.pop(SESSION_USER, None)
    st.session_state.pop(_OIDC_AUDITED, None)
    if oidc_configured() and st.user.get("is_logged_in"):  # not a password session's
        st.logout()


def _sign_out_button(lang: str) -> None:
    st.button(t("auth.sign_out", lang), on_click=_sign_out, key="emhana_sign_out")
