"""Who may do what: accounts, roles, password hashes, sign-in and authorisation decisions.

No Streamlit here (``app_pages/_auth.py`` draws the login form) and no database (the register
implements :class:`LoginLog`), so every decision is a pure function a test can call.

Roles
-----
=============  =================================================================================
citizen        nobody signs in: the citizen view is public
registrar      decides and records applications of *their own clinic* and sees only those
planner        sees aggregates (load, remaining capacity, exports), never a person's row
admin          everything, including the accounts and the audit log
operator       the command line: whoever can run ``emhana`` with the register's database URL
               already holds the database's own credentials, so the command acts as admin and is
               audited under the operating-system user; it cannot be given to an account
=============  =================================================================================

Accounts live in a TOML file (``EMHANA_ACCOUNTS``, default ``accounts.toml`` in the Emhana home
folder, see :func:`default_home`), one table per user::

    [accounts.alice]
    role = "registrar"
    clinic_id = "C-01"
    password_hash = "$argon2id$v=19$m=65536,t=3,p=4$..."
    email = "alice@clinic.kz"      # optional: matches the identity of an OIDC sign-in

Passwords are hashed with Argon2id (``argon2-cffi``, the password-hashing competition's winner
and OWASP's first choice); only Argon2 hashes are accepted. Where ``.streamlit/secrets.toml``
has an ``[auth]`` section the app signs people in through Streamlit's OIDC ``st.login`` instead,
and the file then only maps their e-mail to a role and clinic (``password_hash`` may be left out).

Failed sign-ins are written to the audit log, and after :data:`MAX_FAILED_LOGINS` failures for a
user name within :data:`LOGIN_WINDOW` further attempts are refused until the window passes; the
count comes from the audit log, so it holds across the app's processes and restarts.
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
import os
import re
import socket
import ssl
import tempfile
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, Protocol

import argon2
import httpx
import tomli_w

from catchments.messages import REGISTER_ERRORS, Language, register_error

__all__ = [
    "ACCOUNTS_ENV",
    "ACCOUNT_ROLES",
    "DISCOVERY_KEYS",
    "DISCOVERY_TIMEOUT",
    "HOME_ENV",
    "LOGIN_WINDOW",
    "MAX_FAILED_LOGINS",
    "AccessDeniedError",
    "Account",
    "AccountsError",
    "DiscoveryProblem",
    "LoginLog",
    "LoginRefusedError",
    "Page",
    "Role",
    "accounts_path",
    "add_account",
    "authenticate",
    "can_change_districts",
    "can_manage_accounts",
    "can_open_page",
    "can_read_audit_log",
    "can_record_decision",
    "can_view_aggregates",
    "can_view_application",
    "check_account",
    "check_clinic",
    "default_home",
    "discovery_problem",
    "email_problem",
    "hash_password",
    "load_accounts",
    "login_throttled",
    "operator",
    "remove_account",
    "require",
    "save_accounts",
    "sign_in",
    "verify_password",
    "write_accounts_file",
]

HOME_ENV: Final = "EMHANA_HOME"
ACCOUNTS_ENV: Final = "EMHANA_ACCOUNTS"
MAX_FAILED_LOGINS: Final = 5
LOGIN_WINDOW: Final = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH: Final = 10
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
# The shape of an e-mail address, not RFC 5322's full grammar: see email_problem.
_EMAIL_DOMAIN_LABEL = re.compile(r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?")
_CLINIC_ID_MAX: Final = 64  # a registry's ids run to a dozen characters
_EMAIL_MAX: Final = 254  # RFC 5321's limit on a forward path, less the angle brackets
_HASHER: Final = argon2.PasswordHasher()
# Verified against when the user name is unknown, so a wrong name costs as long as a wrong
# password and the time taken does not tell which names exist.
_DUMMY_HASH: Final = _HASHER.hash("emhana: no such user")


class Role(StrEnum):
    """What an account may do; see the module docstring."""

    REGISTRAR = "registrar"
    PLANNER = "planner"
    ADMIN = "admin"
    OPERATOR = "operator"


ACCOUNT_ROLES: Final = (Role.REGISTRAR, Role.PLANNER, Role.ADMIN)
"""The roles an account of the accounts file may have (``operator`` is the command line's)."""


class Page(StrEnum):
    """The app's views, by who they are for."""

    CITIZEN = "citizen"
    REGISTRAR = "registrar"
    PLANNER = "planner"
    ADMIN = "admin"


class AccountsError(ValueError):
    """An accounts file or an account that cannot be used; names the file, the user and the fix.

    ``str()`` is the English message (the command line, logs). The app words the errors of
    :func:`load_accounts` in the page's language from ``code`` and ``params`` instead:

    * ``"unreadable"`` (``file``, ``detail``): the file cannot be read;
    * ``"toml"`` (``file``, ``line``, ``column``, ``detail``): not valid TOML; ``line`` and
      ``column`` are empty when the parser points at the end of the document;
    * ``"shape"`` (``file``): ``accounts`` is not a table of tables;
    * ``"entries"`` (``file``): bad entries, one error each in ``problems``, whose codes are
      ``"unknown_table"`` (``table``), ``"not_table"``, ``"unknown_keys"`` (``keys``),
      ``"role"`` (``role``, ``roles``), ``"operator"``, ``"shared_email"`` (``email``,
      ``first``) and ``"other"`` (``detail``, the English text), each with the ``account``.

    Other errors have the empty code; the page then shows the English text.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        params: Mapping[str, str] | None = None,
        problems: Sequence[AccountsError] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, str] = dict(params or {})
        self.problems = tuple(problems)


class AccessDeniedError(PermissionError):
    """An action the account's role or clinic does not allow.

    ``code`` says what was wanted (``access.record_decision``, ``access.read_applications``,
    ... of :data:`catchments.messages.REGISTER_ERRORS`) and ``params`` who wanted it and of
    which clinic: ``who`` (``anonymous``, ``account``, or ``registrar`` for an account with a
    clinic), ``user``, ``role``, ``own_clinic`` and the ``clinic`` asked about, so a page words
    the refusal in its language (:func:`catchments.messages.register_error`). ``str()`` is the
    English. An action :func:`require` has no code for has the empty code.
    """

    def __init__(
        self, message: str, *, code: str = "", params: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, str] = dict(params or {})

    def text(self, lang: str) -> str:
        """The refusal in ``lang`` (kk, ru, en)."""
        return register_error(self, lang=lang)


class LoginRefusedError(PermissionError):
    """A sign-in that failed: wrong name or password (not told apart), or too many failures.

    ``failures`` and ``minutes`` are set when the name is throttled (0 otherwise), so a page can
    word the refusal in its own language.
    """

    def __init__(self, message: str, *, failures: int = 0, minutes: int = 0) -> None:
        super().__init__(message)
        self.failures = failures
        self.minutes = minutes

    @property
    def throttled(self) -> bool:
        """Whether the refusal is for too many failures rather than this password."""
        return self.failures > 0


@dataclass(frozen=True)
class Account:
    """A person who signs in, or the command line's operator.

    Parameters
    ----------
    username
        Lower-case letters, digits and ``. _ @ -``.
    role
        Their role.
    clinic_id
        The clinic a registrar works for (required for registrars, empty for others).
    password_hash
        Argon2 hash, kept out of ``repr``; None for OIDC-only accounts and the operator.
    email
        Matches the identity of an OIDC sign-in; must have an address's shape
        (:func:`email_problem`).
    """

    username: str
    role: Role
    clinic_id: str | None = None
    password_hash: str | None = field(default=None, repr=False)
    email: str | None = None

    def __post_init__(self) -> None:
        problems = _account_problems(
            self.username, self.role, self.clinic_id, self.password_hash, self.email
        )
        if problems:
            raise AccountsError("; ".join(problems))
        object.__setattr__(self, "role", Role(self.role))


def operator(name: str | None = None) -> Account:
    """The account of the command line, named after the operating-system user."""
    if name is None:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    safe = re.sub(r"[^a-z0-9._@-]", "-", name.lower())[:60] or "unknown"
    return Account(username=f"os-{safe}", role=Role.OPERATOR)


def email_problem(email: object) -> str | None:
    """What makes ``email`` unusable as an account's e-mail, or None when it has the shape of one.

    The e-mail is only ever compared with the address an OIDC provider asserts for a signed-in
    identity (``app_pages/_auth.py``), so one that cannot be an address can never match, and the
    person would be turned away with no hint why. This checks the shape every address a provider
    gives has: one ``@``, a non-empty local part, a domain of two or more dot-separated labels
    (letters, digits, inner hyphens; Unicode letters too, for internationalised domains such as
    ``.қаз``), no whitespace, at most 254 characters. It is deliberately not RFC 5322's grammar
    (quoted local parts, comments, IP-literal domains), which providers do not assert for
    people. No library does it: ``email-validator`` is not among Emhana's dependencies and a
    check this small does not warrant one, nor is a DNS look-up wanted for a file written
    offline.
    """
    if not isinstance(email, str):
        return f"email {email!r}: expected text such as 'name@clinic.kz'"
    why = None
    local, _at, domain = email.rpartition("@")
    labels = domain.split(".")
    if not email:
        why = "it is empty"
    elif len(email) > _EMAIL_MAX:  # first: a paste gone wrong is not quoted back whole
        return (
            f"email of {len(email)} characters is not an e-mail address: an address has at "
            f"most {_EMAIL_MAX}"
        )
    elif any(character.isspace() for character in email):
        why = "it contains a space"
    elif email.count("@") != 1:
        why = "it has no @" if "@" not in email else "it has more than one @"
    elif not local:
        why = "nothing comes before the @"
    elif len(labels) < 2:
        why = f"the domain {domain!r} has no dot"
    elif not all(_EMAIL_DOMAIN_LABEL.fullmatch(label) for label in labels):
        why = f"the domain {domain!r} is not a domain name"
    if why is None:
        return None
    return (
        f"email {email!r} is not an e-mail address: {why}; give the address the identity "
        "provider asserts, such as 'name@clinic.kz'"
    )


def _role_problem(role: object) -> str:
    """The English problem of a role that is not one of :class:`Role`."""
    return f"role {role!r}: expected one of {', '.join(r.value for r in Role)}"


def _account_problems(
    username: object,
    role: object,
    clinic_id: object,
    password_hash: object,
    email: object = None,
) -> list[str]:
    """Every problem of one account's fields."""
    problems = []
    if not isinstance(username, str) or not _USERNAME.fullmatch(username):
        problems.append(
            f"user name {username!r}: use 1 to 64 lower-case letters, digits and . _ @ -, "
            "starting with a letter or digit"
        )
    try:
        role_value = Role(role) if isinstance(role, str) else None
    except ValueError:
        role_value = None
    if role_value is None:
        problems.append(_role_problem(role))
    if role_value is Role.REGISTRAR and not (isinstance(clinic_id, str) and clinic_id.strip()):
        problems.append("a registrar needs clinic_id (the clinic whose applications they handle)")
    if role_value not in (Role.REGISTRAR, None) and clinic_id not in (None, ""):
        problems.append(f"clinic_id is only for registrars, not for a {role_value}")
    if isinstance(clinic_id, str) and len(clinic_id) > _CLINIC_ID_MAX:
        # Checked against a region only when one is given; a paste is refused without one.
        problems.append(
            f"clinic_id of {len(clinic_id)} characters is not a clinic's id (at most "
            f"{_CLINIC_ID_MAX})"
        )
    if password_hash is not None and (
        not isinstance(password_hash, str) or not password_hash.startswith("$argon2")
    ):
        problems.append(
            "password_hash is not an Argon2 hash; set the password with "
            "`emhana register accounts add USER --role ROLE` (it prompts for it)"
        )
    if email is not None and (problem := email_problem(email)) is not None:
        problems.append(problem)
    return problems


# --- authorisation: pure decisions ------------------------------------------------------------


def _is(account: Account | None, *roles: Role) -> bool:
    return account is not None and account.role in roles


def can_open_page(account: Account | None, page: Page | str) -> bool:
    """Whether a (possibly anonymous) visitor may open a view of the app.

    The citizen view is public; the registrar view is for registrars, the planner view for
    planners; admins may open every view.
    """
    wanted = Page(page)
    if wanted is Page.CITIZEN:
        return True
    if _is(account, Role.ADMIN, Role.OPERATOR):
        return True
    return {
        Page.REGISTRAR: _is(account, Role.REGISTRAR),
        Page.PLANNER: _is(account, Role.PLANNER),
        Page.ADMIN: False,
    }[wanted]


def can_view_application(account: Account | None, clinic_id: str) -> bool:
    """Whether the account may read an application (a person's row) made to ``clinic_id``.

    A registrar sees their own clinic's only; planners see aggregates, never rows.
    """
    if _is(account, Role.ADMIN, Role.OPERATOR):
        return True
    return _is(account, Role.REGISTRAR) and account is not None and account.clinic_id == clinic_id


def can_record_decision(account: Account | None, clinic_id: str) -> bool:
    """Whether the account may record a decision on an application to ``clinic_id``."""
    return can_view_application(account, clinic_id)


def can_view_aggregates(account: Account | None) -> bool:
    """Whether the account may read aggregated figures and exports (no personal rows)."""
    return _is(account, Role.PLANNER, Role.ADMIN, Role.OPERATOR)


def can_read_audit_log(account: Account | None) -> bool:
    """Whether the account may read the audit log."""
    return _is(account, Role.ADMIN, Role.OPERATOR)


def can_change_districts(account: Account | None) -> bool:
    """Whether the account may load a region's districts (doctors, counts) into the register."""
    return _is(account, Role.ADMIN, Role.OPERATOR)


def can_manage_accounts(account: Account | None) -> bool:
    """Whether the account may add or remove accounts."""
    return _is(account, Role.ADMIN, Role.OPERATOR)


def require(
    allowed: bool, account: Account | None, wanted: str, *, clinic_id: str | None = None
) -> None:
    """Raise :class:`AccessDeniedError` naming the account and the action unless ``allowed``.

    Parameters
    ----------
    wanted
        What the account wanted: ``record_decision``, ``read_applications`` (of ``clinic_id``),
        ``read_all_applications``, ``change_districts``, ``look_up_people``, ``read_residences``,
        ``export_aggregates`` or ``read_audit_log``, worded in every language from
        ``access.WANTED`` of :data:`catchments.messages.REGISTER_ERRORS`. Any other text is
        taken as the action in English ("may not {wanted}"), with no code.
    clinic_id
        The clinic whose applications or decisions were wanted.
    """
    if allowed:
        return
    params = {
        "who": "anonymous" if account is None else "registrar" if account.clinic_id else "account",
        "user": "" if account is None else account.username,
        "role": "" if account is None else account.role.value,
        "own_clinic": (account.clinic_id or "") if account is not None else "",
        "clinic": clinic_id or "",
    }
    code = f"access.{wanted}"
    if code in REGISTER_ERRORS[Language.EN]:
        raise AccessDeniedError(register_error(code, params), code=code, params=params)
    who = register_error(f"who.{params['who']}", params)
    raise AccessDeniedError(f"{who} may not {wanted}")


# --- passwords ---------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An Argon2id hash of a password (argon2-cffi's defaults, RFC 9106's second choice).

    Raises
    ------
    AccountsError
        For a password shorter than :data:`MIN_PASSWORD_LENGTH` characters.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountsError(
            f"the password has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}"
        )
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; False for a missing or malformed hash (never raises)."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def authenticate(accounts: Mapping[str, Account], username: str, password: str) -> Account | None:
    """The account whose name and password match, or None; takes as long for unknown names."""
    account = accounts.get(username.strip().lower())
    ok = verify_password(None if account is None else account.password_hash, password)
    return account if ok and account is not None else None


# --- sign-in with audit and throttling ---------------------------------------------------------


class LoginLog(Protocol):
    """Where sign-ins are recorded and counted: the register's audit log."""

    def failed_logins_since(self, username: str, since: dt.datetime) -> int:
        """Failed sign-ins for ``username`` at or after ``since``."""
        ...

    def log_login(
        self, username: str, *, ok: bool, source: str, role: str | None, reason: str
    ) -> None:
        """Append one sign-in attempt to the audit log."""
        ...


def login_throttled(failures: int, *, limit: int = MAX_FAILED_LOGINS) -> bool:
    """Whether further attempts are refused after ``failures`` recent failures."""
    return failures >= limit


def sign_in(
    accounts: Mapping[str, Account],
    username: str,
    password: str,
    *,
    log: LoginLog,
    source: str,
    now: dt.datetime | None = None,
) -> Account:
    """Check a user name and password, record the attempt, and return the account.

    Raises
    ------
    LoginRefusedError
        For a wrong name or password (the message does not say which) and while the name is
        throttled; each refusal is in the audit log.
    """
    name = username.strip().lower()[:64]
    moment = now or dt.datetime.now(dt.UTC)
    failures = log.failed_logins_since(name, moment - LOGIN_WINDOW)
    if login_throttled(failures):
        log.log_login(name, ok=False, source=source, role=None, reason="throttled")
        minutes = int(LOGIN_WINDOW.total_seconds() // 60)
        raise LoginRefusedError(
            f"too many failed sign-ins for this user ({failures}); try again in {minutes} "
            "minutes or ask an administrator",
            failures=failures,
            minutes=minutes,
        )
    account = authenticate(accounts, name, password)
    if account is None:
        reason = "wrong password" if name in accounts else "unknown user"
        log.log_login(name, ok=False, source=source, role=None, reason=reason)
        raise LoginRefusedError("wrong user name or password")
    log.log_login(name, ok=True, source=source, role=account.role.value, reason="password")
    return account


# --- the accounts file -------------------------------------------------------------------------


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """Emhana's folder for the default register and accounts file.

    ``EMHANA_HOME`` if set, else ``$XDG_DATA_HOME/emhana`` (``~/.local/share/emhana``).
    """
    env = os.environ if environ is None else environ
    if env.get(HOME_ENV):
        return Path(env[HOME_ENV]).expanduser()
    data = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "emhana"


def accounts_path(environ: Mapping[str, str] | None = None) -> Path:
    """The accounts file: ``EMHANA_ACCOUNTS`` if set, else ``accounts.toml`` in the home folder."""
    env = os.environ if environ is None else environ
    if env.get(ACCOUNTS_ENV):
        return Path(env[ACCOUNTS_ENV]).expanduser()
    return default_home(env) / "accounts.toml"


def load_accounts(path: str | Path) -> dict[str, Account]:
    """Read the accounts file; a missing file means no accounts.

    Raises
    ------
    AccountsError
        Naming the file and every bad entry.
    """
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise AccountsError(
            f"{file}: cannot be read ({error})",
            code="unreadable",
            params={"file": str(file), "detail": str(error)},
        ) from None
    except tomllib.TOMLDecodeError as error:
        # tomllib (3.11) puts the position only in the text: "... (at line 3, column 12)".
        position = _TOML_POSITION.search(str(error))
        raise AccountsError(
            f"{file}: not valid TOML ({error})",
            code="toml",
            params={
                "file": str(file),
                "line": (position and position["line"]) or "",
                "column": (position and position["column"]) or "",
                "detail": _TOML_POSITION.sub("", str(error)),
            },
        ) from None
    unknown = sorted(set(data) - {"accounts"})
    table = data.get("accounts", {})
    problems = [
        _problem(
            f"[{key}]: unknown table; expected only [accounts.NAME]", "unknown_table", table=key
        )
        for key in unknown
    ]
    if not isinstance(table, dict):
        raise AccountsError(
            f"{file}: 'accounts' must be a table of [accounts.NAME] tables",
            code="shape",
            params={"file": str(file)},
        )
    accounts: dict[str, Account] = {}
    for username, entry in table.items():
        where = f"[accounts.{username}]"
        if not isinstance(entry, dict):
            problems.append(_problem(f"{where}: expected a table", "not_table", account=username))
            continue
        extra = sorted(set(entry) - {"role", "clinic_id", "password_hash", "email"})
        if extra:
            keys = ", ".join(extra)
            problems.append(
                _problem(
                    f"{where}: unknown keys {keys}; expected role, clinic_id, password_hash, email",
                    "unknown_keys",
                    account=username,
                    keys=keys,
                )
            )
        role: Any = entry.get("role")
        found = _account_problems(
            username, role, entry.get("clinic_id"), entry.get("password_hash"), entry.get("email")
        )
        if role == Role.OPERATOR.value:
            found.append("role 'operator' is the command line's; use admin")
        for text in found:
            if text == _role_problem(role):
                code, params = "role", {"role": repr(role), "roles": ", ".join(ACCOUNT_ROLES)}
            elif role == Role.OPERATOR.value and text.startswith("role 'operator'"):
                code, params = "operator", {}
            else:
                code, params = "other", {"detail": text}
            problems.append(_problem(f"{where}: {text}", code, account=username, **params))
        if found:
            continue
        accounts[username] = Account(
            username=username,
            role=Role(role),
            clinic_id=entry.get("clinic_id") or None,
            password_hash=entry.get("password_hash"),
            email=entry.get("email"),
        )
    problems.extend(
        _problem(
            f"[accounts.{username}]: email {email!r} is also the e-mail of [accounts.{first}]; "
            "an OIDC sign-in must match one account only, so give each person their own address",
            "shared_email",
            account=username,
            email=email,
            first=first,
        )
        for username, email, first in _shared_emails(accounts.values())
    )
    if problems:
        raise AccountsError(
            f"{file}: " + "; ".join(str(problem) for problem in problems),
            code="entries",
            params={"file": str(file)},
            problems=problems,
        )
    return accounts


# The position tomllib appends to its message; "at end of document" has no line.
_TOML_POSITION: Final = re.compile(
    r"\s*\((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)$"
)


def _problem(text: str, code: str, **params: str) -> AccountsError:
    """One problem of an accounts file: its English text, and a code for the app to word it."""
    return AccountsError(text, code=code, params=params)


def _shared_emails(accounts: Iterable[Account]) -> list[tuple[str, str, str]]:
    """(account, e-mail, the first account with it) for each e-mail used before in ``accounts``.

    E-mails are compared without regard to case, as the sign-in compares them: two accounts with
    one address would leave it to the file's order which role an identity gets.
    """
    owners: dict[str, str] = {}
    shared = []
    for account in accounts:
        if not account.email:
            continue
        first = owners.setdefault(account.email.casefold(), account.username)
        if first != account.username:
            shared.append((account.username, account.email, first))
    return shared


def save_accounts(path: str | Path, accounts: Iterable[Account]) -> None:
    """Write the accounts file atomically, readable by its owner only (it holds hashes)."""
    file = Path(path)
    table: dict[str, Any] = {}
    for account in sorted(accounts, key=lambda a: a.username):
        if account.role is Role.OPERATOR:
            raise AccountsError(f"{account.username}: the operator role cannot be saved")
        entry: dict[str, str] = {"role": account.role.value}
        if account.clinic_id:
            entry["clinic_id"] = account.clinic_id
        if account.password_hash:
            entry["password_hash"] = account.password_hash
        if account.email:
            entry["email"] = account.email
        table[account.username] = entry
    text = (
        "# Emhana accounts (catchments/access.py). Manage with `emhana register accounts`.\n"
        + tomli_w.dumps({"accounts": table})
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    write_accounts_file(file, text.encode("utf-8"))


def write_accounts_file(file: Path, content: bytes) -> None:
    """Replace the accounts file with ``content`` in one step, readable by its owner only.

    Written to a temporary file beside it and renamed over it, so a crash leaves the old file or
    the new one, never half of one; 0600 because it holds password hashes.
    """
    handle, temporary = tempfile.mkstemp(prefix=".accounts-", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_account(
    path: str | Path,
    username: str,
    *,
    role: Role | str,
    clinic_id: str | None = None,
    email: str | None = None,
    replace_existing: bool = False,
) -> Account:
    """The account :func:`add_account` would save, without its password; checks, writes nothing.

    The command line calls it before asking for the password, so a mistake is reported before
    the password is typed twice. Names and e-mails are taken as :func:`add_account` takes them
    (surrounding spaces dropped, the name in lower case).

    With ``replace_existing``, an e-mail (and a registrar's clinic) not given is kept from the
    account replaced; an empty e-mail removes it.

    Raises
    ------
    AccountsError
        For a bad name, role, clinic or e-mail; an existing name without ``replace_existing``,
        or a missing one with it; or an e-mail another account already has.
    """
    accounts = load_accounts(path)
    name = username.strip().lower()
    if name in accounts and not replace_existing:
        raise AccountsError(f"{path}: account {name!r} exists; pass --replace to change it")
    if name not in accounts and replace_existing:
        # --replace promises an existing account: a mistyped name must not become a new one.
        known = ", ".join(sorted(accounts)) or "none"
        raise AccountsError(
            f"{path}: no account {name!r} to replace; drop --replace to add it (known: {known})"
        )
    try:
        role_value = Role(role)
    except ValueError:
        raise AccountsError(
            f"role {role!r}: expected one of {', '.join(r.value for r in ACCOUNT_ROLES)}"
        ) from None
    if role_value not in ACCOUNT_ROLES:
        raise AccountsError("role 'operator' is the command line's; use admin")
    if replace_existing:
        # What is not given again is kept: an e-mail dropped silently would stop the person's
        # OIDC sign-in matching. An empty --email "" removes it.
        existing = accounts[name]
        if email is None:
            email = existing.email
        if clinic_id is None and role_value is Role.REGISTRAR:
            clinic_id = existing.clinic_id
    clinic = (clinic_id or "").strip() or None
    # Said in the command line's words here; Account's own checks word them for the file.
    if role_value is Role.REGISTRAR and clinic is None:
        raise AccountsError(
            "a registrar needs a clinic: pass --clinic CLINIC_ID (the clinic whose "
            "applications they handle)"
        )
    if role_value is not Role.REGISTRAR and clinic is not None:
        raise AccountsError(
            f"--clinic is only for registrars (their clinic); drop it for a {role_value}"
        )
    address = None if email is None else email.strip()
    if replace_existing and address == "":
        address = None  # --replace --email "" removes it
    account = Account(username=name, role=role_value, clinic_id=clinic, email=address)
    others = [item for item in accounts.values() if item.username != name]
    shared = _shared_emails([*others, account])
    if shared:
        raise AccountsError(
            f"{path}: email {address!r} is already the e-mail of account {shared[0][2]!r}; an "
            "OIDC sign-in must match one account only, so give each person their own address"
        )
    return account


def check_clinic(clinic_id: str, clinics: Collection[str], *, region: str) -> None:
    """Refuse a registrar's clinic that ``region`` does not have, naming the closest ids.

    A registrar sees and decides only their own clinic's applications, so an account of a clinic
    the region lacks signs in to an empty page and can decide nothing.

    Parameters
    ----------
    clinic_id
        The account's clinic.
    clinics
        The ``clinic_id`` of every clinic of the region.
    region
        The region as messages name it (its name and folder).

    Raises
    ------
    AccountsError
        Naming the clinic, the region, and the ids closest to it (else the first known ones).
    """
    if clinic_id in clinics:
        return
    # Compared without case, so 'c-02' suggests 'C-02'; difflib's ratio as get_close_matches
    # uses it (0.6 and up), ties in the ids' order rather than get_close_matches' reverse one.
    wanted = clinic_id.strip().casefold()
    scored = [
        (difflib.SequenceMatcher(None, wanted, known.casefold()).ratio(), known)
        for known in sorted(clinics)
    ]
    close = [known for score, known in sorted(scored, key=lambda item: -item[0]) if score >= 0.6]
    same = [known for _score, known in scored if known.casefold() == wanted]
    if same or close:
        shown = (same or close)[:3]
        hint = f"did you mean {', '.join(shown[:-1])}{' or ' if len(shown) > 1 else ''}"
        hint += f"{shown[-1]}?"
    else:
        shown = sorted(clinics)
        more = f", … ({len(shown)} in all)" if len(shown) > 10 else ""
        hint = f"known: {', '.join(shown[:10]) or 'none'}{more}"
    raise AccountsError(f"no clinic {clinic_id!r} in {region}; {hint}")


def add_account(
    path: str | Path,
    username: str,
    *,
    role: Role | str,
    password: str | None,
    clinic_id: str | None = None,
    email: str | None = None,
    replace_existing: bool = False,
) -> Account:
    """Add (or with ``replace_existing`` update) an account in the file and return it.

    ``password`` None makes an OIDC-only account (signs in through ``st.login``). The checks
    are :func:`check_account`'s; a clinic is checked against a region only by
    :func:`check_clinic`, since the accounts file knows no region.

    Raises
    ------
    AccountsError
        For a bad name, role, clinic, e-mail or password; an existing name without
        ``replace_existing``, or a missing one with it; or an e-mail another account has.
    """
    account = check_account(
        path,
        username,
        role=role,
        clinic_id=clinic_id,
        email=email,
        replace_existing=replace_existing,
    )
    if password is not None:
        account = replace(account, password_hash=hash_password(password))
    accounts = load_accounts(path)
    accounts[account.username] = account
    save_accounts(path, accounts.values())
    return account


def remove_account(path: str | Path, username: str) -> Account:
    """Remove an account from the file and return it.

    Raises
    ------
    AccountsError
        When there is no such account.
    """
    accounts = load_accounts(path)
    name = username.strip().lower()
    if name not in accounts:
        known = ", ".join(sorted(accounts)) or "none"
        raise AccountsError(f"{path}: no account {name!r}; known: {known}")
    removed = accounts.pop(name)
    save_accounts(path, accounts.values())
    return replace(removed, password_hash=None)


# --- the OIDC provider's discovery document ----------------------------------------------------

# What st.login needs of the discovery document. Streamlit's Authlib client reads the endpoints
# to send people to and to trade the code at, the keys that sign the ID token, and the issuer it
# must name. OIDC Discovery 1.0 (section 3) also requires response_types_supported,
# subject_types_supported and id_token_signing_alg_values_supported, but Authlib does without
# them (RS256 by default), so demanding them would turn away a provider that works. Authlib's
# own OpenIDProviderMetadata.validate() is not used for the same reason: it refuses an issuer
# that is not https, and an offline clinic's local provider may well be plain http.
DISCOVERY_KEYS: Final = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
DISCOVERY_TIMEOUT: Final = 3.0  # seconds, for the whole check: a page waits for it once
_DETAIL_LENGTH: Final = 200


@dataclass(frozen=True)
class DiscoveryProblem:
    """Why a ``server_metadata_url`` would fail ``st.login``, worded by ``auth.oidc_metadata.*``.

    Parameters
    ----------
    code
        ``url`` (not an http(s) address: not fetched), ``name`` (unknown host), ``refused``
        (nothing listens there), ``tls`` (the https connection failed), ``unreachable`` (another
        connection error), ``timeout``, ``redirect`` (Authlib does not follow one), ``status``
        (an HTTP error), ``not_json`` (not a JSON object) or ``keys`` (:data:`DISCOVERY_KEYS`
        missing).
    params
        ``url`` (the address as shown: without a user name or password in it) and, by code,
        ``detail`` (the connection error's English words), ``seconds``, ``location``,
        ``status`` or ``keys`` (the missing ones, as Markdown code).
    """

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


def discovery_problem(
    url: str,
    *,
    timeout: float = DISCOVERY_TIMEOUT,
    verify: bool | str = True,
    follow_redirects: bool = False,
) -> DiscoveryProblem | None:
    """What is wrong with ``url`` as an OIDC provider's discovery address; None if nothing.

    Fetches it as Streamlit's ``st.login`` will (Authlib over httpx: no redirects followed
    unless ``follow_redirects``; proxies and ``SSL_CERT_FILE`` from the environment), at most
    ``timeout`` seconds in all, and checks that it is a JSON object with
    :data:`DISCOVERY_KEYS`. An address that is not http(s) is refused without a request.
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return DiscoveryProblem("url", {"url": url})
    shown = str(parsed.copy_with(username=None, password=None)) if parsed.userinfo else url
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return DiscoveryProblem("url", {"url": shown})
    # httpx's timeouts bound each connect and read, but not the name lookup (a resolver that is
    # configured but offline takes 10 s or more) nor the whole transfer; so the fetch runs in a
    # worker thread and the page waits for it no longer than the deadline. A worker still stuck
    # in the lookup ends on its own; it touches nothing but its own result.
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="emhana-oidc-discovery")
    try:
        fetch = worker.submit(_fetch_discovery, url, timeout, verify, follow_redirects)
    finally:
        worker.shutdown(wait=False)
    try:
        code, params = fetch.result(timeout=timeout)
    except TimeoutError:
        code, params = "timeout", {"seconds": f"{timeout:g}"}
    return None if code is None else DiscoveryProblem(code, {"url": shown, **params})


def _fetch_discovery(
    url: str, timeout: float, verify: bool | str, follow_redirects: bool
) -> tuple[str | None, dict[str, str]]:
    """The problem code and its parameters of fetching ``url``'s document; None if it is fine."""
    try:
        response = httpx.get(
            url,
            timeout=timeout,
            verify=verify,
            follow_redirects=follow_redirects,
            headers={"Accept": "application/json"},
        )
    except httpx.TimeoutException:
        return "timeout", {"seconds": f"{timeout:g}"}
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        return _connection_kind(error), {"detail": _detail(error)}
    if response.is_redirect and not follow_redirects:
        return "redirect", {"location": response.headers.get("location", "")}
    if not response.is_success:
        return "status", {"status": f"{response.status_code} {response.reason_phrase}".strip()}
    try:
        document = response.json()
    except ValueError:  # not JSON, or not text at all
        return "not_json", {}
    if not isinstance(document, dict):
        return "not_json", {}
    missing = [key for key in DISCOVERY_KEYS if not _has_text(document.get(key))]
    if missing:
        return "keys", {"keys": ", ".join(f"`{key}`" for key in missing)}
    return None, {}


def _connection_kind(error: BaseException) -> str:
    """``name``, ``refused`` or ``tls`` by the OS error under httpx's; else ``unreachable``."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return "name"
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        if isinstance(cause, ssl.SSLError):
            return "tls"
        cause = cause.__cause__ or cause.__context__
    return "unreachable"


def _detail(error: BaseException) -> str:
    """An error's own words on one short line, for the page to quote."""
    words = " ".join(str(error).split()) or type(error).__name__
    return words if len(words) <= _DETAIL_LENGTH else words[: _DETAIL_LENGTH - 1] + "…"


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
