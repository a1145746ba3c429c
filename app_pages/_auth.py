"""Sign-in for the registrar and planner views: a page calls :func:`require_role` first.

::

    from app_pages._auth import require_role

    account = require_role("registrar")      # shows the sign-in form and stops until signed in
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

The signed-in user name is kept in the session; the account is re-read from the file at every
run, so removing an account or changing its role takes effect at once.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

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


# Kept here rather than in _data.py because only sign-in and the register pages need it; one
# connection pool per process and database URL, shared by every session and never mutated.
@st.cache_resource(show_spinner=False)
def register_for(url: str) -> Register:
    """The register at ``url``, opened once per process."""
    return open_register(url)


def current_register() -> Register:
    """The register the app uses (``EMHANA_DATABASE_URL`` or the default SQLite file)."""
    return register_for(database_url())


def oidc_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures Streamlit's OIDC sign-in (``[auth]``)."""
    try:
        return "auth" in st.secrets
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return False


def _names(roles: set[Role]) -> str:
    return " or ".join(sorted(f"{role.value}s" for role in roles))


def require_role(*roles: Role | str, page: str | None = None) -> Account:
    """The signed-in account when its role may open this page; otherwise sign-in, then stop.

    Parameters
    ----------
    roles
        The roles the page is for (admins may open every page); none means any account.
    page
        Named in the audit log as ``page:NAME``; defaults to the roles.

    Anonymous visitors see the sign-in form (or the OIDC button) and nothing of the page; an
    account of another role sees a refusal, which is audited.
    """
    wanted = {Role(role) for role in roles} or set(ACCOUNT_ROLES)
    source = f"page:{page or '+'.join(sorted(role.value for role in wanted))}"
    try:
        register = current_register()
        accounts = load_accounts(accounts_path())
    except (RegisterError, AccountsError) as error:
        st.error(f"Sign-in is unavailable: {error}")
        st.stop()
    signed_in = _oidc_account if oidc_configured() else _password_account
    account = signed_in(accounts, register, source)  # or the sign-in form, and stop
    if account.role not in wanted and account.role is not Role.ADMIN:
        register.log_event(
            account,
            "access.denied",
            source,
            source=source,
            details={"wanted": sorted(role.value for role in wanted)},
        )
        st.error(
            f"This page is for {_names(wanted)}. You are signed in as {account.username} "
            f"({account.role.value})."
        )
        _sign_out_button()
        st.stop()
    with st.sidebar:
        clinic = f", clinic {account.clinic_id}" if account.clinic_id else ""
        st.caption(f"Signed in as **{account.username}** ({account.role.value}{clinic})")
        _sign_out_button()
    return account


def _password_account(accounts: dict[str, Account], register: Register, source: str) -> Account:
    """The account of this session, or the sign-in form (and stop)."""
    username = st.session_state.get(SESSION_USER)
    if isinstance(username, str) and username in accounts:
        return accounts[username]
    st.session_state.pop(SESSION_USER, None)
    st.subheader("Sign in")
    st.caption("Registrar and planner views need an account; the citizen view is open to all.")
    with st.form("emhana_sign_in"):
        name = st.text_input("User name")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            account = sign_in(accounts, name, password, log=register, source=source)
        except LoginRefusedError as error:
            st.error(f"Sign-in refused: {error}.")
        else:
            st.session_state[SESSION_USER] = account.username
            st.rerun()
    st.stop()


def _oidc_account(accounts: dict[str, Account], register: Register, source: str) -> Account:
    """The account matching the OIDC identity, or the sign-in button / a refusal (and stop)."""
    if not st.user.is_logged_in:
        st.subheader("Sign in")
        st.button("Sign in with your organisation's account", on_click=st.login)
        st.stop()
    email = str(st.user.get("email") or "").strip().lower()
    account = next(
        (item for item in accounts.values() if item.email and item.email.lower() == email),
        None,
    )
    audited = st.session_state.get(_OIDC_AUDITED)
    if account is None:
        if audited != email:
            who = email or "(no e-mail)"
            register.log_login(who, ok=False, source=source, role=None, reason="oidc: no account")
            st.session_state[_OIDC_AUDITED] = email
        st.error(
            f"{email or 'This identity'} has no Emhana account; ask an administrator to add one "
            "with `emhana register accounts add NAME --role ROLE --email EMAIL --no-password`."
        )
        st.button("Sign out", on_click=st.logout)
        st.stop()
    if audited != account.username:
        register.log_login(
            account.username, ok=True, source=source, role=account.role.value, reason="oidc"
        )
        st.session_state[_OIDC_AUDITED] = account.username
    return account


def _sign_out() -> None:
    st.session_state.pop(SESSION_USER, None)
    st.session_state.pop(_OIDC_AUDITED, None)
    if oidc_configured():
        st.logout()


def _sign_out_button() -> None:
    st.button("Sign out", on_click=_sign_out, key="emhana_sign_out")
