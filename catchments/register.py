"""The attachment register: where decisions land, durably, under concurrent registrars.

One database holds the districts (synced from the region), applications, their decisions, the
attachments they create, and an append-only audit log. SQLite (a file, no set-up) by default;
PostgreSQL when ``EMHANA_DATABASE_URL`` says so (``postgresql://user:pass@host/db``, psycopg 3).
The schema is created and upgraded by the Alembic migrations in ``catchments/migrations``
(:func:`migrate`); statements are SQLAlchemy Core expressions with bound parameters, never SQL
built from strings.

Capacity under concurrency (R-CAP-1, R-CAP-2)
    :meth:`Register.record_decision` re-checks the district's remaining capacity *inside the
    transaction that writes the attachment*. On SQLite every writing transaction starts with
    ``BEGIN IMMEDIATE``, which takes the database's write lock before the first read, so writers
    run one after another and each sees the last one's attachment. On PostgreSQL the district's
    row is locked with ``SELECT … FOR UPDATE`` before counting, so approvals into one district
    queue while other districts proceed; with READ COMMITTED each statement after the lock sees
    every attachment committed before it. N concurrent approvals into a district with k free
    places therefore approve exactly k; the others are stored as refused with
    ``CAPACITY_EXCEEDED`` (R-CAP-1) and :class:`Recorded` says so.

One attachment at a time (R-ORG-3)
    Approving closes the person's active attachment (any clinic) in the same transaction, its
    ``to_date`` being the new ``from_date``. A partial unique index (``person_hash`` where
    ``to_date IS NULL``) guarantees at most one active attachment per person even if two
    registrars approve the same person at once: the second insert fails on the index, the
    transaction is retried, and then closes the first. An approval for the clinic and district
    the person is attached to already stores nothing new and keeps that attachment and its
    coupon (:attr:`Recorded.already_attached`): recording the same application twice is a
    repeat, not a change of clinic.

Only submitted applications (R-TERR-2)
    An application outside the clinic's territory whose applicant has not accepted having no
    home visits is decided ``needs_acknowledgement`` by the rules engine, and by the rules it
    is not submitted (``ACKNOWLEDGEMENT_REQUIRED``): :meth:`Register.record_decision` refuses
    it (:class:`NotSubmittedError`) and stores nothing. Such decisions stored by an earlier
    Emhana stay readable: stats and exports count them under their outcome.

Nothing lost, nothing half-written
    A decision, its application, the attachment it opens, the one it closes and their audit rows
    are one transaction: a process killed before ``COMMIT`` leaves none of them (SQLite rolls the
    journal back on the next open; PostgreSQL aborts the dead client's transaction). SQLite runs
    in WAL mode with ``synchronous=FULL``, so a committed decision survives a power cut too. A
    file the user may not write is opened read-only: reading works, writing is refused, saying
    why.

Remaining capacity
    ``remaining = floor(norm × doctors) − attached_now`` (:func:`catchments.capacity.remaining`,
    exact for fractional doctors) with
    ``attached_now = attached (the region's count) + attachments recorded since − closed since``.
    "Since" is the moment the district's count was adopted (:meth:`Register.sync_districts`):
    re-syncing the same data date keeps it, a newer data date starts from the new count (which
    is taken to include everything the register recorded before). A person the region counted
    on its data date, whom the register does not hold, is learnt of when they apply naming
    their current clinic: leaving it, their attachment there is recorded as of the count and
    closed (left since); staying in it, they are recorded as of the count (adding nobody). See
    :meth:`Register.record_decision`.

Once a year (R-TIME-2)
    The rules engine can refuse a second free choice within a year only when told of the first;
    the register knows the person (by their IIN's hash), so :meth:`Register.record_decision`
    checks the ground against the person's uses of the right of free choice it holds, in the
    transaction that attaches them, and stores an approval the ground does not allow as refused
    with the engine's own reason (:func:`catchments.rules.free_choice_refusal`).

Districts that change
    The register's districts are those of the region last imported. A district the region lacks
    (merged, renamed, redrawn) is retired, not deleted: its attachments keep naming it, but it is
    no longer a live place, since the region's counts now hold its people elsewhere. Capacity,
    stats and exports count current districts only; a region sharing no district with the
    register's is refused unless confirmed (:meth:`Register.sync_districts`).

Personal data
    An IIN is validated and stored only as a keyed hash plus its last four digits
    (:mod:`catchments.iin`); names are optional. The audit log's details never hold personal
    data: they name rows by ID. Exports (:meth:`Register.export_capacity`,
    :meth:`Register.export_decisions`) are aggregates with no personal rows. Reading applications
    goes through :mod:`catchments.access`: a registrar sees their own clinic's only.

Errors in the reader's language
    Every :class:`RegisterError` names its problem by a ``code`` and its ``params``, worded in
    Kazakh, Russian or English by :func:`catchments.messages.register_error`; ``str()`` is the
    English. What the database's driver says is quoted as it is.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import re
import shlex
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import quote

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    IntegrityError,
    OperationalError,
)

from catchments.access import (
    Account,
    Role,
    can_change_districts,
    can_read_audit_log,
    can_record_decision,
    can_view_aggregates,
    can_view_application,
    default_home,
    require,
)
from catchments.calendar import in_campaign, local
from catchments.capacity import age_on, load_per_doctor, models_for_age, remaining
from catchments.iin import MIN_KEY_LENGTH, IINError, IINHasher, IINKeyError, parse_iin
from catchments.messages import REGISTER_ERRORS, Language, register_error
from catchments.models import (
    DEFAULT_SETTINGS,
    Application,
    Basis,
    Decision,
    DistrictModel,
    Norms,
    Outcome,
    RuleSettings,
)
from catchments.reasons import Reason, ReasonCode, reason
from catchments.rules import FREE_CHOICE_GROUNDS, free_choice_refusal

if TYPE_CHECKING:
    from catchments.service import Answer

__all__ = [
    "DATABASE_URL_ENV",
    "AttachedResidence",
    "AuditEntry",
    "DistrictCapacity",
    "NotSubmittedError",
    "Recorded",
    "Register",
    "RegisterError",
    "SchemaError",
    "SyncReport",
    "UnknownDistrictError",
    "database_url",
    "iin_key_problem",
    "metadata",
    "migrate",
    "open_register",
    "sqlite_file",
]

DATABASE_URL_ENV: Final = "EMHANA_DATABASE_URL"
MAX_ATTEMPTS: Final = 12
"""Retries of a writing transaction that lost a race (lock timeout, unique index, deadlock)."""
ACTIVE_INDEX: Final = "uq_attachments_active_person"
_SQLITE_BUSY_MS: Final = 60_000
_T = TypeVar("_T")


class RegisterError(Exception):
    """The register cannot do what was asked; the message says why and what to do.

    ``code`` and ``params`` name the problem and its values (URLs with the password hidden,
    paths, IDs, counts, ISO dates: text only, never personal data), so the command line and
    the app word it in the reader's language with :func:`catchments.messages.register_error`
    (:meth:`text`); the codes are those of :data:`catchments.messages.REGISTER_ERRORS`.
    ``str()`` is the English, made from the same catalog. An error made from a message alone
    has the empty code and reads as that message in every language.
    """

    def __init__(
        self, message: str = "", *, code: str = "", params: Mapping[str, object] | None = None
    ) -> None:
        self.code = code
        self.params: Mapping[str, str] = {
            name: str(value) for name, value in (params or {}).items()
        }
        super().__init__(message or (register_error(code, self.params) if code else ""))

    def text(self, lang: Language | str) -> str:
        """The problem in ``lang`` (kk, ru, en)."""
        return register_error(self, lang=lang)


class SchemaError(RegisterError):
    """The database's schema is missing, older or newer than this Emhana's."""


class UnknownDistrictError(RegisterError):
    """A district the register has not been given (sync the region first), or has retired.

    Code ``unknown_district``, or ``retired_district`` with the day it was retired; its
    ``district_id`` and ``retired_on`` (None: never given) are kept as attributes too.
    """

    def __init__(self, district_id: str, retired_at: dt.datetime | None = None) -> None:
        self.district_id = district_id
        self.retired_on = None if retired_at is None else local(retired_at).date()
        if self.retired_on is None:
            super().__init__(code="unknown_district", params={"district": district_id})
        else:
            super().__init__(
                code="retired_district",
                params={"district": district_id, "date": self.retired_on.isoformat()},
            )


class NotSubmittedError(RegisterError):
    """An application that is not submitted, so there is nothing to record (R-TERR-2).

    The rules engine decides an application whose residence lies outside the clinic's
    territory, and whose applicant has not accepted having no home visits, as
    ``needs_acknowledgement`` (``ACKNOWLEDGEMENT_REQUIRED``): by the attachment rules it is not
    submitted until the applicant accepts that risk. Code ``not_submitted`` (``clinic``);
    decided again with ``home_visit_acknowledged``, it can be recorded.
    """

    def __init__(self, clinic_id: str) -> None:
        self.clinic_id = clinic_id
        super().__init__(code="not_submitted", params={"clinic": clinic_id})


def iin_key_problem(error: IINKeyError) -> tuple[str, dict[str, object]]:
    """Which :class:`IINKeyError` this is, and its values, for wording it in a language.

    ``("key_not_set", {"command": …})`` or ``("key_short", {"length": …, "least": …,
    "command": …})``, ``command`` being one that prints a good key; the error carries only
    English text, so the key's length is read back from it.
    """
    command = "`python -c 'import secrets; print(secrets.token_hex(32))'`"
    found = re.search(r"the key has (\d+) characters", str(error))
    if found is None:
        return "key_not_set", {"command": command}
    return "key_short", {"length": int(found.group(1)), "least": MIN_KEY_LENGTH, "command": command}


# --- column types ------------------------------------------------------------------------------


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """An aware datetime stored as naive UTC, read back aware.

    SQLite has no time zones; storing UTC everywhere makes the two databases agree and keeps
    comparisons (``recorded_at > counted_at``) correct.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise RegisterError(code="naive_time", params={"value": value.isoformat()})
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        moment: dt.datetime = value
        return moment.replace(tzinfo=dt.UTC)


class DecimalText(sa.types.TypeDecorator[Decimal]):
    """A decimal stored as its text, exactly: doctor counts such as ``0.3`` must stay 0.3.

    (SQLite has no exact decimal type; text is exact and portable.)
    """

    impl = sa.String(32)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: sa.Dialect) -> Any:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite autoincrements INTEGER keys

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

districts = sa.Table(
    "districts",
    metadata,
    sa.Column("district_id", sa.String(64), primary_key=True),
    sa.Column("clinic_id", sa.String(64), nullable=False, index=True),
    sa.Column("model", sa.String(32), nullable=False),
    sa.Column("doctors", DecimalText(), nullable=False),
    sa.Column("norm", sa.Integer, nullable=False),
    sa.Column("attached_base", sa.Integer, nullable=False),
    sa.Column("data_date", sa.Date, nullable=False),
    sa.Column("counted_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    # Set when an import's region lacks the district (merged, renamed, another region): kept,
    # for the attachments that name it, but no longer a live place (revision 0002).
    sa.Column("retired_at", UTCDateTime()),
    sa.CheckConstraint("norm > 0", name="norm_positive"),
    sa.CheckConstraint("attached_base >= 0", name="attached_not_negative"),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("clinic_id", sa.String(64), nullable=False, index=True),
    sa.Column("person_hash", sa.String(64), nullable=False, index=True),
    sa.Column("iin_last4", sa.String(4), nullable=False),
    sa.Column("full_name", sa.String(200)),
    sa.Column("basis", sa.String(16), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("submitted_at", UTCDateTime(), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sa.Column("recorded_by", sa.String(80), nullable=False),
    sa.Column("source", sa.String(120), nullable=False),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("application_id", _ID, sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("engine_outcome", sa.String(32), nullable=False),
    sa.Column("district_id", sa.String(64)),
    sa.Column("taken_at", UTCDateTime()),
    sa.Column("due_by", UTCDateTime()),
    sa.Column("decided_at", UTCDateTime(), nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
)

decision_reasons = sa.Table(
    "decision_reasons",
    metadata,
    sa.Column("decision_id", _ID, sa.ForeignKey("decisions.id"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(40), nullable=False, index=True),
    sa.Column("rule", sa.String(16), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
)

attachments = sa.Table(
    "attachments",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("person_hash", sa.String(64), nullable=False),
    sa.Column("iin_last4", sa.String(4), nullable=False),
    sa.Column("full_name", sa.String(200)),
    sa.Column("clinic_id", sa.String(64), nullable=False),
    sa.Column("district_id", sa.String(64), sa.ForeignKey("districts.district_id"), nullable=False),
    sa.Column("basis", sa.String(16), nullable=False),
    sa.Column("from_date", sa.Date, nullable=False),
    sa.Column("to_date", sa.Date),
    sa.Column("decision_id", _ID, sa.ForeignKey("decisions.id")),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sa.Column("closed_at", UTCDateTime()),
    sa.Column("closed_by_id", _ID, sa.ForeignKey("attachments.id")),
    sa.CheckConstraint(
        "(to_date IS NULL AND closed_at IS NULL) OR "
        "(to_date IS NOT NULL AND closed_at IS NOT NULL)",
        name="closed_together",
    ),
    sa.CheckConstraint("to_date IS NULL OR to_date >= from_date", name="dates_in_order"),
    sa.Index("ix_attachments_person_hash", "person_hash"),
    sa.Index("ix_attachments_district_recorded", "district_id", "recorded_at"),
    sa.Index("ix_attachments_district_closed", "district_id", "closed_at"),
)
sa.Index(
    ACTIVE_INDEX,
    attachments.c.person_hash,
    unique=True,
    sqlite_where=attachments.c.to_date.is_(None),
    postgresql_where=attachments.c.to_date.is_(None),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", _ID, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("object", sa.String(120), nullable=False),
    sa.Column("source", sa.String(120), nullable=False),
    sa.Column("details", sa.JSON, nullable=False),
    sa.Index("ix_audit_log_action_object_at", "action", "object", "at"),
)


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictCapacity:
    """One district's load as the register counts it (R-CAP-2).

    Attributes
    ----------
    attached_base
        The region's ``attached`` count for its data date.
    approved_since, left_since
        Attachments the register opened in, and closed in, the district since that count.
    retired_at
        When an import's region lacked the district (None: current). A retired district has
        no live places: its people were counted into the region's districts again.
    """

    district_id: str
    clinic_id: str
    model: DistrictModel
    doctors: Decimal
    norm: int
    attached_base: int
    approved_since: int
    left_since: int
    data_date: dt.date
    retired_at: dt.datetime | None = None

    @property
    def retired(self) -> bool:
        """Whether the region last imported lacks the district."""
        return self.retired_at is not None

    @property
    def attached_now(self) -> int:
        """People attached now: the count plus approved since minus left since."""
        return self.attached_base + self.approved_since - self.left_since

    @property
    def remaining(self) -> int:
        """``floor(norm × doctors) − attached_now``, exactly; negative when over the norm."""
        return remaining(self.norm, float(self.doctors), self.attached_now)

    def to_dict(self) -> dict[str, object]:
        """A row of the capacity export (aggregates only).

        ``status`` says whether the district is ``current`` or ``retired``; a retired one's
        ``remaining`` is empty (None), so a planner summing the column counts live places only.
        """
        return {
            "district_id": self.district_id,
            "clinic_id": self.clinic_id,
            "model": self.model.value,
            "doctors": str(self.doctors),
            "norm": self.norm,
            "data_date": self.data_date.isoformat(),
            "attached_base": self.attached_base,
            "approved_since": self.approved_since,
            "left_since": self.left_since,
            "attached_now": self.attached_now,
            "remaining": None if self.retired else self.remaining,
            "status": "retired" if self.retired else "current",
            "retired_on": ""
            if self.retired_at is None
            else local(self.retired_at).date().isoformat(),
        }


@dataclass(frozen=True)
class ClosedAttachment:
    """The attachment a new one replaced (R-ORG-3)."""

    attachment_id: int
    clinic_id: str
    district_id: str


@dataclass(frozen=True)
class Recorded:
    """What :meth:`Register.record_decision` stored.

    Attributes
    ----------
    decision
        The decision as stored: the engine's; or, when the district filled up meanwhile, a
        refusal with ``CAPACITY_EXCEEDED`` added (``capacity_refused`` is then True); or, when
        the register holds a use of the right of free choice the ground does not allow, a
        refusal with ``OUTSIDE_CAMPAIGN_NO_GROUND`` added (``free_choice_refused`` is then True,
        R-TIME-2).
    attachment_id, coupon_number
        The attachment opened, when approved.
    closed
        The attachment it replaced, if the person had one (R-ORG-3): one the register opened,
        or their attachment on the region's data date, which the register learnt of from the
        application (see :meth:`Register.record_decision`).
    remaining
        The district's remaining places after this decision, when it names a district.
    already_attached
        True when the approval was for the clinic and district the person is attached to
        already: nothing new was stored (closing and reopening the attachment would void the
        coupon handed out), and ``application_id``, ``decision_id``, ``attachment_id`` and
        ``coupon_number`` are those of the attachment held since ``attached_since``.
    attached_since
        With ``already_attached``, the day the existing attachment began.
    """

    application_id: int
    decision_id: int
    decision: Decision
    capacity_refused: bool = False
    free_choice_refused: bool = False
    attachment_id: int | None = None
    coupon_number: str | None = None
    closed: ClosedAttachment | None = None
    remaining: int | None = None
    already_attached: bool = False
    attached_since: dt.date | None = None

    @property
    def outcome(self) -> Outcome:
        """The stored outcome."""
        return self.decision.outcome

    def to_dict(self) -> dict[str, object]:
        """JSON form (no personal data) for the CLI."""
        return {
            "application_id": self.application_id,
            "decision_id": self.decision_id,
            "outcome": self.outcome.value,
            "codes": [code.value for code in self.decision.codes],
            "capacity_refused": self.capacity_refused,
            "free_choice_refused": self.free_choice_refused,
            "attachment_id": self.attachment_id,
            "coupon_number": self.coupon_number,
            "closed_attachment_id": None if self.closed is None else self.closed.attachment_id,
            "closed_clinic_id": None if self.closed is None else self.closed.clinic_id,
            "remaining": self.remaining,
            "already_attached": self.already_attached,
            "attached_since": None
            if self.attached_since is None
            else self.attached_since.isoformat(),
        }


@dataclass(frozen=True)
class SyncReport:
    """What :meth:`Register.sync_districts` changed, by district ID.

    ``added``, ``rebased``, ``updated`` and ``unchanged`` partition the region's districts.

    Attributes
    ----------
    retired
        Districts this import retired: the register had them as current, the region lacks them.
    restored
        Districts retired earlier that the region has again (also in one of the four above).
    retired_attachments
        Active attachments in the districts this import retired: people whose coupon names a
        district that no longer exists, for registrars to re-attach.
    """

    added: tuple[str, ...] = ()
    rebased: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    retired_attachments: int = 0

    def summary(self) -> str:
        """One line a planner can check."""
        return (
            f"{len(self.added)} added, {len(self.rebased)} counted anew, {len(self.updated)} "
            f"updated, {len(self.unchanged)} unchanged"
            + (f", {len(self.restored)} back from retirement" if self.restored else "")
            + (
                f", {len(self.retired)} retired (the region lacks them; kept, not counted)"
                if self.retired
                else ""
            )
        )


@dataclass(frozen=True)
class ApplicationRow:
    """An application as a registrar of its clinic sees it (last four IIN digits only)."""

    application_id: int
    clinic_id: str
    iin_last4: str
    full_name: str | None
    submitted_at: dt.datetime
    recorded_at: dt.datetime
    recorded_by: str
    outcome: str | None
    codes: tuple[str, ...]
    district_id: str | None


@dataclass(frozen=True)
class ActiveAttachment:
    """A person's current attachment (R-ORG-3)."""

    attachment_id: int
    clinic_id: str
    district_id: str
    from_date: dt.date
    iin_last4: str


@dataclass(frozen=True)
class AttachedResidence:
    """Where someone attached now lives, as their application gave it; no identity (R-TERR-2).

    ``residence`` is the application's ``{"address": ..., "lon": ..., "lat": ...}``, or None for
    an attachment recorded without an application here (an import of an older register).
    """

    clinic_id: str
    district_id: str
    residence: Mapping[str, Any] | None


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log."""

    entry_id: int
    at: dt.datetime
    actor: str
    role: str
    action: str
    object: str
    source: str
    details: Mapping[str, Any] = field(default_factory=dict)


# --- opening, migrating ------------------------------------------------------------------------


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """``EMHANA_DATABASE_URL`` if set, else an SQLite file ``register.sqlite`` in Emhana's home.

    A bare ``postgresql://`` URL is given the psycopg 3 driver.
    """
    env = os.environ if environ is None else environ
    url = env.get(DATABASE_URL_ENV) or f"sqlite:///{default_home(env) / 'register.sqlite'}"
    return url


def attached_counts(
    url: str | None = None,
    *,
    origin: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, int] | None:
    """The register's count of people attached per district now, or None without a register.

    This is what the rules and the citizen's remaining places are computed from once a register
    exists (issue 6: "remaining capacity shown by the app and CLI comes from the register").
    There is no register to ask when no URL is given or configured and the default SQLite file
    does not exist yet, or when the register holds no current districts (``emhana register
    import`` has not been run): then the region package's counts on its data date stand.
    Retired districts are left out: the region served has them no more. Only reads: a URL
    that names a missing SQLite file is an error, not a new database.

    Parameters
    ----------
    url
        The register's URL; default the configured one (see :func:`database_url`).
    origin
        Where ``url`` came from, named in messages (e.g. ``--database``); see
        :func:`open_register`.

    Raises
    ------
    RegisterError
        When a register that is configured cannot be read, or does not exist.
    """
    env = os.environ if environ is None else environ
    if (
        not (url or env.get(DATABASE_URL_ENV))
        and not (default_home(env) / "register.sqlite").exists()
    ):
        return None
    with open_register(url, origin=origin, create=False, environ=env) as register:
        counts = {
            district_id: capacity.attached_now
            for district_id, capacity in register.remaining_by_district().items()
        }
    return counts or None


def sqlite_file(url: str | None = None, *, environ: Mapping[str, str] | None = None) -> Path | None:
    """The SQLite file a register URL names, or None (PostgreSQL, in memory, not a URL).

    The command line asks before opening whether the file exists, so it can say when a command
    made a new register (a mistyped path would otherwise go unnoticed). ``url`` None means the
    configured one (:func:`database_url`).
    """
    target, _origin = _resolve(url, None, environ)
    try:
        parsed = make_url(target)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not _is_file(database):
        return None
    return Path(database)


def _is_file(database: str) -> bool:
    """Whether an SQLite URL's database names a file (not memory, not an SQLite URI)."""
    return bool(database) and database != ":memory:" and not database.startswith("file:")


_DEFAULT_REGISTER: Final = REGISTER_ERRORS[Language.EN]["origin.default"]
"""The origin :func:`_resolve` gives the default file: the one register whose folder (Emhana's
home) is created when missing."""
_SOME_URL: Final = REGISTER_ERRORS[Language.EN]["origin.url"]
"""The origin of a URL given without saying where it came from."""


def _safe(url: sa.URL | str) -> str:
    """A URL fit for messages: the password hidden, all of it (see :func:`_password_with_at`)."""
    if isinstance(url, str) and (masked := _password_with_at(url)) is not None:
        return masked
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return "<unparseable URL>"
    if parsed.host and "@" in parsed.host:  # the tail of a password holding '@'
        parsed = parsed.set(password="***", host=parsed.host.rsplit("@", maxsplit=1)[1])
    return parsed.render_as_string(hide_password=True)


_USERINFO: Final = re.compile(
    r"(?P<head>[\w+]+://[^:/]*:)(?P<password>[^@]*)@(?P<host>[^/?]*)(?P<tail>.*)", re.DOTALL
)
"""``scheme://user:password@host…`` split as SQLAlchemy splits it: the password ends at the first
'@', the host (and port) run to the next '/' or '?'."""


def _password_with_at(url: str) -> str | None:
    """``url`` with its password hidden when the password holds an '@', else None.

    SQLAlchemy ends the password at its first '@' and reads the rest as the host, so
    ``anna:Kz2026@Secret@db.local`` has the "host" ``Secret@db.local``: a message showing the
    URL with the parsed password hidden, or the driver's "failed to resolve host", would show
    the password's tail. The last '@' before the host is the one that ends the password.
    """
    match = _USERINFO.match(url)
    if match is None or "@" not in match["host"]:
        return None
    host = match["host"].rsplit("@", maxsplit=1)[1]
    return f"{match['head']}***@{host}{match['tail']}"


def _resolve(
    url: str | None, origin: str | None, environ: Mapping[str, str] | None
) -> tuple[str, str]:
    """The URL to open and where it came from, so a message names what the user must fix.

    ``origin`` names the source of an explicit ``url`` (``--database``); without one, a URL equal
    to ``EMHANA_DATABASE_URL`` or the default file is named as such (the app passes
    :func:`database_url` explicitly).
    """
    env = os.environ if environ is None else environ
    configured = env.get(DATABASE_URL_ENV)
    if not url:
        url, origin = database_url(env), None
    if origin:
        return url, origin
    if configured and url == configured:
        return url, DATABASE_URL_ENV
    if not configured and url == database_url(env):
        return url, _DEFAULT_REGISTER
    return url, _SOME_URL


_DRIVERS: Final = {"sqlite": "pysqlite", "postgresql": "psycopg"}
"""The one driver per database the register is written and tested for.

Python's ``sqlite3``, and psycopg 3: the retries of a lost race read psycopg 3's ``sqlstate``
(:func:`_retryable`), and the register's synchronous engine cannot drive an async driver.
"""
_SQLITE_ARGUMENTS: Final = frozenset(
    {"uri", "timeout", "isolation_level", "detect_types", "check_same_thread", "cached_statements"}
)
"""Query arguments SQLAlchemy's pysqlite dialect passes on; it ignores any other (without
``uri=true``) with only a warning, which would let a mistyped option look as if it took effect."""


def _create_engine(
    url: str, *, pool_size: int, origin: str = _SOME_URL, create: bool = True
) -> Engine:
    """An engine set up for the register's transactions (see the module docstring).

    Parameters
    ----------
    origin
        Where ``url`` came from (``--database``, ``EMHANA_DATABASE_URL``), named in messages.
    create
        Whether a missing SQLite file may be created. Without it, a missing file is an error: a
        mistyped path on a read-only command must not leave an empty database. With it, the
        file's folder must exist all the same, except for the default register's (Emhana's
        home, created on first use): a folder that is not there is far likelier a mistyped path
        than a wish for a new tree of folders.

    Raises
    ------
    RegisterError
        When the URL cannot be parsed, names a database or driver the register does not use,
        carries SQLite query arguments that would be ignored, names an SQLite file in a folder
        that does not exist, or (without ``create``) an SQLite file that does not exist.
    """
    masked = _password_with_at(url)
    if masked is not None:
        # Refused before connecting: the driver would look the password's tail up as a host.
        raise RegisterError(code="url_password_at", params={"origin": origin, "url": masked})
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise RegisterError(
            code="url_unparseable",
            params={"origin": origin, "url": url.rsplit("@", maxsplit=1)[-1]},
        ) from None
    backend = parsed.get_backend_name()
    named = {"origin": origin, "url": _safe(parsed)}
    if backend not in _DRIVERS:
        raise RegisterError(code="url_backend", params={**named, "backend": backend})
    # The driver after '+' as written: asking SQLAlchemy would import the dialect's default one.
    driver = parsed.drivername.partition("+")[2] or _DRIVERS[backend]
    if driver != _DRIVERS[backend]:
        raise RegisterError(code="url_driver", params={**named, "driver": driver})
    if backend == "sqlite":
        engine = _sqlite_engine(parsed, pool_size=pool_size, origin=origin, create=create)
    else:
        try:
            engine = _engine(
                parsed.set(drivername="postgresql+psycopg"),
                origin,
                pool_size=pool_size,
                max_overflow=pool_size,
                pool_pre_ping=True,
            )
        except ModuleNotFoundError as error:
            raise RegisterError(code="no_psycopg", params={"module": error.name}) from None
    return engine


def _sqlite_engine(parsed: sa.URL, *, pool_size: int, origin: str, create: bool) -> Engine:
    """The SQLite engine of :func:`_create_engine`: checks the file and the query first."""
    named = {"origin": origin, "url": _safe(parsed)}
    if parsed.username or parsed.password or parsed.host or parsed.port:
        raise RegisterError(code="sqlite_host", params=named)
    unknown = sorted(set(parsed.query) - _SQLITE_ARGUMENTS)
    uri = str(parsed.query.get("uri", "")).lower() in ("true", "1")
    if unknown and not uri:
        raise RegisterError(
            code="sqlite_argument" if len(unknown) == 1 else "sqlite_arguments",
            params={**named, "arguments": ", ".join(map(repr, unknown))},
        )
    database = parsed.database or ""
    if _is_file(database) and Path(database).is_dir():
        # SQLite's own word for it is "unable to open database file".
        example = f"sqlite:///{Path(database) / 'register.sqlite'}"
        raise RegisterError(
            code="sqlite_folder", params={"path": database, "origin": origin, "example": example}
        )
    if _is_file(database) and not Path(database).exists():
        _check_new_sqlite_file(parsed, origin, create=create)
    # A file this user may not write is opened read-only: reading works, and writing fails with
    # SQLite's SQLITE_READONLY, put in words by _failure.
    read_only = _is_file(database) and Path(database).exists()
    read_only = read_only and not os.access(database, os.W_OK)
    in_memory = database in ("", ":memory:") or parsed.query.get("mode") == "memory"
    pool: dict[str, int] = {} if in_memory else {"pool_size": pool_size, "max_overflow": pool_size}
    engine = _engine(parsed, origin, connect_args={"timeout": _SQLITE_BUSY_MS / 1000}, **pool)
    if read_only:
        event.listen(engine, "do_connect", _sqlite_open_read_only)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_open_read_only(
    _dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]
) -> None:
    """Open the file as an SQLite URI with ``mode=ro`` (a ``do_connect`` listener)."""
    cargs[0] = f"file:{quote(str(Path(cargs[0]).absolute()))}?mode=ro"
    cparams["uri"] = True


def _read_only_detail(
    url: sa.URL, error: BaseException | None = None
) -> tuple[str, dict[str, str]] | None:
    """Why the register at ``url`` cannot be written, and the fix; None if nothing says so.

    From the OS's permissions on an SQLite file (also for a read-only file system), else from
    SQLite's refusal (``error``): ``mode=ro`` in the URL, or a mount or file attribute that
    stops even root. The answer is a ``detail.*`` code of
    :data:`catchments.messages.REGISTER_ERRORS` (without its prefix) and its values.
    """
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    name = _sqlite_error(error)
    if _is_file(database):
        path = Path(database).absolute()
        if not os.access(path, os.W_OK):
            return "read_only_file", {"path": str(path)}
        beside = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        folder_read_only = name == "SQLITE_READONLY_DIRECTORY" or not os.access(
            path.parent, os.W_OK
        )
        if folder_read_only and not all(os.access(f, os.W_OK) for f in beside):
            return "read_only_folder", {"folder": str(path.parent), "name": path.name}
    elif url.query.get("mode") == "ro" or "mode=ro" in database:
        return "read_only_url", {}
    if name.startswith("SQLITE_READONLY"):
        return "read_only_sqlite", {}
    return None


def _sqlite_error(error: BaseException | None) -> str:
    """SQLite's name of the error (``SQLITE_READONLY`` …) behind a SQLAlchemy one, or ''."""
    return str(getattr(getattr(error, "orig", None), "sqlite_errorname", ""))


def _failure(code: str, url: sa.URL, error: BaseException, **params: str) -> RegisterError:
    """A failed database call: ``code`` says what was being done, its ``detail`` why.

    SQLite's bare refusals are put in words (a ``detail.*`` code); any other failure is told
    in the database's own words (``detail.driver``, its first line).
    """
    name = _sqlite_error(error)
    detail = None
    if name.startswith("SQLITE_READONLY"):
        detail = _read_only_detail(url, error)
    elif name == "SQLITE_CANTOPEN" and _is_file(url.database or ""):
        path = Path(url.database or "").absolute()
        if path.exists() and not os.access(path, os.R_OK):
            detail = "unreadable_file", {"path": str(path)}
    which, values = detail or ("driver", {"error": _first_line(error)})
    return RegisterError(code=code, params={"url": _safe(url), **params, **values, "detail": which})


def _check_new_sqlite_file(parsed: sa.URL, origin: str, *, create: bool) -> None:
    """Refuse to open an SQLite file that does not exist, unless it may be made (see ``create``).

    SQLite itself would create the file, or fail with a bare "unable to open database file" when
    its folder is missing; both are put in words naming the path and where it came from.
    """
    database = parsed.database or ""
    folder = Path(database).parent
    own_folder = origin == _DEFAULT_REGISTER and not folder.exists()  # Emhana's home, unmade
    named = {"path": database, "origin": origin}
    if not folder.is_dir() and not own_folder:
        # SQLite takes '~' as a folder named so, not the home folder.
        fix = "tilde" if database[:1] == "~" else "create" if create else "check"
        raise RegisterError(
            code="not_folder" if folder.exists() else "no_folder",
            params={**named, "folder": folder, "fix": fix},
        )
    if not create:
        hint = (
            f"emhana register migrate {origin} {shlex.quote(_safe(parsed))}"
            if origin.startswith("--")
            else "emhana register migrate"
        )
        raise RegisterError(code="no_register", params={**named, "command": hint})
    folder.mkdir(parents=True, exist_ok=True)


def _engine(parsed: sa.URL, origin: str, **options: Any) -> Engine:
    """``sa.create_engine``, its complaints about the URL (a bad option value) as a message."""
    try:
        return sa.create_engine(parsed, **options)
    except (ArgumentError, ValueError, TypeError) as error:
        raise RegisterError(
            code="url_unusable",
            params={"origin": origin, "url": _safe(parsed), "error": _first_line(error)},
        ) from None


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Emhana emits BEGIN itself (see _sqlite_begin): the sqlite3 module's own transaction
    # handling would start transactions lazily, too late to hold the lock before reading.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            # A file opened read-only (a copy of a register, mode=ro) that is not in WAL mode
            # cannot be switched, but can still be read; writing it fails with a message.
            if not str(getattr(error, "sqlite_errorname", "")).startswith("SQLITE_READONLY"):
                raise
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_MS:d}")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # Writers take the write lock at BEGIN, so a capacity check and the insert it allows are
    # never interleaved with another writer's; readers use a deferred BEGIN and never wait.
    mode = "DEFERRED" if connection.get_execution_options().get("emhana_read") else "IMMEDIATE"
    connection.exec_driver_sql(f"BEGIN {mode}")


def _migrations_config(connection: Connection) -> Config:
    """The Alembic configuration of the shipped migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config


def _revisions(engine: Engine) -> tuple[str | None, str, set[str]]:
    """The database's revision, the code's head and the database's table names."""
    with engine.connect().execution_options(emhana_read=True) as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(sa.inspect(connection).get_table_names())
        script = ScriptDirectory.from_config(_migrations_config(connection))
    head = script.get_current_head()
    assert head is not None  # the package ships at least one revision
    return current, head, tables


def migrate(
    url_or_engine: str | Engine, *, revision: str = "head", origin: str | None = None
) -> str:
    """Create or upgrade the register's schema; return the revision it is at.

    Safe to run at every deployment: an up-to-date database is left as it is. A URL naming an
    SQLite file that does not exist creates it (this is how a register is made).

    Parameters
    ----------
    origin
        Where a URL came from (``--database``), named in messages; see :func:`open_register`.

    Raises
    ------
    RegisterError
        When the URL is not usable or the database cannot be reached.
    """
    if isinstance(url_or_engine, Engine):
        engine = url_or_engine
    else:
        url, named = _resolve(url_or_engine, origin, None)
        engine = _create_engine(url, pool_size=1, origin=named)
    try:
        with engine.begin() as connection:
            command.upgrade(_migrations_config(connection), revision)
        current, _head, _tables = _revisions(engine)
    except DatabaseError as error:  # unreachable, or (SQLite) a file that is no database
        raise _failure("migrate_failed", engine.url, error) from None
    finally:
        if not isinstance(url_or_engine, Engine):
            engine.dispose()
    return current or "base"


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__


def open_register(
    url: str | None = None,
    *,
    origin: str | None = None,
    hasher: IINHasher | None = None,
    create: bool = True,
    pool_size: int = 5,
    environ: Mapping[str, str] | None = None,
) -> Register:
    """Open the register, creating its schema in a new (empty) database.

    Parameters
    ----------
    url
        SQLAlchemy URL; default :func:`database_url` (``EMHANA_DATABASE_URL`` or the SQLite file
        in Emhana's home).
    origin
        Where ``url`` came from, named in messages so the user fixes the right thing: the
        command line's ``--database`` (an option name starting with ``--`` is also repeated in
        the ``emhana register migrate`` hint). Default: ``EMHANA_DATABASE_URL`` or the default
        register when ``url`` is theirs, else "the database URL". Ignored without ``url``.
    hasher
        The IIN hasher; default from ``EMHANA_IIN_KEY`` when a method first needs it, so a
        planner can read aggregates without the key.
    create
        Create the database (an SQLite file) when it does not exist, and the schema when it is
        empty. Read-only uses pass False: a mistyped path is then an error, not a new empty
        register.
    pool_size
        Connections kept per process (as many again may be opened under load).

    Raises
    ------
    RegisterError
        When the database cannot be reached, the URL is not usable, or (without ``create``) an
        SQLite file does not exist.
    SchemaError
        When its schema is older (run ``emhana register migrate``) or newer than this Emhana's,
        or it is not an Emhana register.
    """
    target, named = _resolve(url, origin, environ)
    engine = _create_engine(target, pool_size=pool_size, origin=named, create=create)
    try:
        current, head, tables = _revisions(engine)
        shown = {"url": _safe(engine.url)}
        if current is None and not tables - {"alembic_version"}:
            if not create:
                raise SchemaError(code="schema_none", params=shown)
            migrate(engine)
        elif current is None:
            raise SchemaError(
                code="schema_foreign",
                params={**shown, "tables": ", ".join(sorted(tables)[:5]), "origin": named},
            )
        elif current != head:
            with engine.connect() as connection:
                known = {
                    rev.revision
                    for rev in ScriptDirectory.from_config(
                        _migrations_config(connection)
                    ).walk_revisions()
                }
            if current in known:
                raise SchemaError(
                    code="schema_older", params={**shown, "current": current, "head": head}
                )
            raise SchemaError(code="schema_newer", params={**shown, "current": current})
    except DatabaseError as error:  # unreachable, or (SQLite) a file that is no database
        engine.dispose()
        raise _failure("open_failed", engine.url, error) from None
    except BaseException:
        engine.dispose()
        raise
    return Register(engine, hasher=hasher, environ=environ)


# --- the register ------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _reason_json(item: Reason) -> dict[str, Any]:
    return {
        "code": item.code.value,
        "rule": item.rule,
        "severity": item.severity.value,
        "variant": item.variant,
        "context": {k: list(v) if isinstance(v, tuple) else v for k, v in item.context},
    }


def _check_source(source: str) -> str:
    if not isinstance(source, str) or not source.strip():
        raise RegisterError(code="bad_source")
    return source.strip()[:120]


class Register:
    """An open register; see the module docstring. Build it with :func:`open_register`.

    Safe to share between threads: every method runs its own transaction on a pooled
    connection.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        hasher: IINHasher | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.engine = engine
        self._hasher = hasher
        self._environ = environ

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the register's connections."""
        self.engine.dispose()

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return _safe(self.engine.url)

    @property
    def hasher(self) -> IINHasher:
        """The IIN hasher (from the environment unless given); raises IINKeyError without a key."""
        if self._hasher is None:
            self._hasher = IINHasher.from_environment(self._environ)
        return self._hasher

    # --- transactions ---------------------------------------------------------------------

    def _write(
        self, work: Callable[[Connection], _T], *, action: str = "change", event: str = ""
    ) -> _T:
        """Run ``work`` in one writing transaction, retrying when it lost a race.

        ``action`` names the write in the message of a failure ("cannot record the decision:
        …"): an ``action.*`` code of :data:`catchments.messages.REGISTER_ERRORS`, with
        ``event`` for the audit log's.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self.engine.begin() as connection:
                    return work(connection)
            except (DBAPIError, _RetryError) as error:
                if attempt == MAX_ATTEMPTS or not _retryable(error):
                    if isinstance(error, OperationalError):
                        if _sqlite_error(error).startswith("SQLITE_READONLY"):
                            raise _failure(
                                "write_refused",
                                self.engine.url,
                                error,
                                action=action,
                                event=event,
                            ) from error
                        raise _failure("database_failed", self.engine.url, error) from error
                    raise
                # Jittered exponential back-off: the competing writers must not retry in step.
                time.sleep(random.uniform(0, 0.01 * 2 ** min(attempt, 6)))
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with (
                self.engine.connect().execution_options(emhana_read=True) as connection,
                connection.begin(),
            ):
                yield connection
        except OperationalError as error:
            raise _failure("database_failed", self.engine.url, error) from error

    @property
    def read_only(self) -> str | None:
        """Why this user cannot write the register (an SQLite file), with the fix; else None.

        What the OS's permissions say, asked before writing so that a command can refuse before
        it asks for a password or reads a region (a write would fail all the same). In English;
        :attr:`read_only_problem` gives it as a code, for other languages.
        """
        problem = self.read_only_problem
        if problem is None:
            return None
        which, values = problem
        return register_error(f"detail.{which}", values)

    @property
    def read_only_problem(self) -> tuple[str, dict[str, str]] | None:
        """:attr:`read_only` as a ``detail.*`` code (without its prefix) and its values."""
        return _read_only_detail(self.engine.url)

    def _audit(
        self,
        connection: Connection,
        actor: Account,
        action: str,
        obj: str,
        *,
        source: str,
        details: Mapping[str, Any] | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        connection.execute(
            audit_log.insert().values(
                at=at or _now(),
                actor=actor.username,
                role=actor.role.value,
                action=action,
                object=obj[:120],
                source=_check_source(source),
                details=dict(details or {}),
            )
        )

    def log_event(
        self,
        actor: Account,
        action: str,
        obj: str,
        *,
        source: str,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Append one row to the audit log in its own transaction (e.g. a refused page).

        ``details`` must not hold personal data: name rows by their IDs.
        """
        self._write(
            lambda connection: self._audit(
                connection, actor, action, obj, source=source, details=details
            ),
            action="audit",
            event=action,
        )

    # --- districts and capacity -----------------------------------------------------------

    def sync_districts(
        self,
        region_districts: Any,
        norms: Norms,
        *,
        data_date: dt.date,
        actor: Account,
        source: str,
        replace: bool = False,
    ) -> SyncReport:
        """Make the region's districts the register's current ones; retire those it lacks.

        Parameters
        ----------
        region_districts
            A (Geo)DataFrame or an iterable of mappings with ``district_id``, ``clinic_id``,
            ``model``, ``doctors`` and ``attached``.
        norms
            The region's norms (R-CAP-1); each district keeps the norm of its model.
        data_date
            The date its ``attached`` counts refer to (``region.toml``'s ``data_date``).
        replace
            Confirms a region that shares no district with the register's current ones (another
            region, or one renumbered throughout). Without it such an import is refused: it is
            far likelier a wrong ``--region`` or ``--database`` than a new district map.

        A district new to the register, or given with a newer ``data_date``, takes the count as
        of now; with the same ``data_date`` the count's moment is kept, so re-syncing never drops
        attachments recorded since. The register's districts are those of the region last
        imported: a district the region lacks (merged into another, renamed, split) is retired,
        not deleted. Its attachments stay (they name it, and stay visible), but it is no longer
        a live place: capacity, stats and exports leave it out, and approvals into it are
        refused; otherwise its places would be counted twice, once in it and once in the
        district whose count now holds its people. A retired district the region has again is
        current again.

        Raises
        ------
        RegisterError
            Naming every bad row, a data date older than the register's, or (without
            ``replace``) a region sharing no district with the register.
        """
        require(can_change_districts(actor), actor, "change_districts")
        rows = _district_rows(region_districts, norms)

        def work(connection: Connection) -> SyncReport:
            now = _now()
            existing = {
                row.district_id: row
                for row in connection.execute(sa.select(districts).with_for_update())
            }
            stale = [
                district_id
                for district_id in rows
                if district_id in existing and existing[district_id].data_date > data_date
            ]
            if stale:
                raise RegisterError(
                    code="stale_data_date",
                    params={
                        "data_date": data_date.isoformat(),
                        "count": len(stale),
                        "district": stale[0],
                        "register_date": existing[stale[0]].data_date.isoformat(),
                    },
                )
            current = {k for k, row in existing.items() if row.retired_at is None}
            if current and not current & rows.keys() and not replace:
                raise RegisterError(
                    code="foreign_region",
                    params={
                        "count": len(current),
                        "register": _some(current),
                        "region": _some(rows) or "—",
                    },
                )
            added, rebased, updated, unchanged, restored = [], [], [], [], []
            for district_id, values in rows.items():
                old = existing.get(district_id)
                if old is None:
                    connection.execute(
                        districts.insert().values(
                            district_id=district_id,
                            data_date=data_date,
                            counted_at=now,
                            updated_at=now,
                            **values,
                        )
                    )
                    added.append(district_id)
                    continue
                change = {k: v for k, v in values.items() if getattr(old, k) != v}
                if old.data_date < data_date:
                    change |= {"data_date": data_date, "counted_at": now}
                    rebased.append(district_id)
                elif change:
                    updated.append(district_id)
                else:
                    unchanged.append(district_id)
                if old.retired_at is not None:
                    change["retired_at"] = None
                    restored.append(district_id)
                if change:
                    connection.execute(
                        districts.update()
                        .where(districts.c.district_id == district_id)
                        .values(updated_at=now, **change)
                    )
            retired = sorted(current - rows.keys())
            held = 0
            if retired:
                connection.execute(
                    districts.update()
                    .where(districts.c.district_id.in_(retired))
                    .values(retired_at=now, updated_at=now)
                )
                held = connection.execute(
                    sa.select(sa.func.count())
                    .select_from(attachments)
                    .where(attachments.c.district_id.in_(retired))
                    .where(attachments.c.to_date.is_(None))
                ).scalar_one()
            report = SyncReport(
                added=tuple(added),
                rebased=tuple(rebased),
                updated=tuple(updated),
                unchanged=tuple(unchanged),
                retired=tuple(retired),
                restored=tuple(restored),
                retired_attachments=int(held),
            )
            self._audit(
                connection,
                actor,
                "districts.sync",
                f"data_date:{data_date.isoformat()}",
                source=source,
                details={
                    "added": len(report.added),
                    "rebased": len(report.rebased),
                    "updated": len(report.updated),
                    "unchanged": len(report.unchanged),
                    "retired": list(report.retired[:20]),
                    "restored": list(report.restored[:20]),
                    "replace": replace,
                },
                at=now,
            )
            return report

        return self._write(work, action="import")

    def _capacities(
        self,
        connection: Connection,
        district_ids: Sequence[str] | None = None,
        *,
        include_retired: bool = False,
    ) -> dict[str, DistrictCapacity]:
        approved = (
            sa.select(attachments.c.district_id, sa.func.count().label("n"))
            .join(districts, districts.c.district_id == attachments.c.district_id)
            .where(attachments.c.recorded_at > districts.c.counted_at)
            .group_by(attachments.c.district_id)
        )
        left = (
            sa.select(attachments.c.district_id, sa.func.count().label("n"))
            .join(districts, districts.c.district_id == attachments.c.district_id)
            .where(attachments.c.closed_at > districts.c.counted_at)
            .group_by(attachments.c.district_id)
        )
        query = sa.select(districts)
        if not include_retired:
            query = query.where(districts.c.retired_at.is_(None))
        if district_ids is not None:
            query = query.where(districts.c.district_id.in_(district_ids))
            approved = approved.where(attachments.c.district_id.in_(district_ids))
            left = left.where(attachments.c.district_id.in_(district_ids))
        plus = {row.district_id: int(row.n) for row in connection.execute(approved)}
        minus = {row.district_id: int(row.n) for row in connection.execute(left)}
        return {
            row.district_id: DistrictCapacity(
                district_id=row.district_id,
                clinic_id=row.clinic_id,
                model=DistrictModel(row.model),
                doctors=row.doctors,
                norm=row.norm,
                attached_base=row.attached_base,
                approved_since=plus.get(row.district_id, 0),
                left_since=minus.get(row.district_id, 0),
                data_date=row.data_date,
                retired_at=row.retired_at,
            )
            for row in connection.execute(query.order_by(districts.c.district_id))
        }

    def remaining_by_district(
        self, *, include_retired: bool = False
    ) -> dict[str, DistrictCapacity]:
        """Every current district's capacity as the register counts it (the citizen view).

        Retired districts (:meth:`sync_districts`) are live places no more and are left out
        unless ``include_retired``: counting them would count their people twice.
        """
        with self._read() as connection:
            return self._capacities(connection, include_retired=include_retired)

    def attached_now(self, district_id: str) -> int:
        """People attached to a current district now (the service feeds this to the rules).

        Raises
        ------
        UnknownDistrictError
            When the register does not know the district, or has retired it.
        """
        with self._read() as connection:
            found = self._capacities(connection, [district_id], include_retired=True)
        if district_id not in found:
            raise UnknownDistrictError(district_id)
        capacity = found[district_id]
        if capacity.retired_at is not None:
            raise UnknownDistrictError(district_id, capacity.retired_at)
        return capacity.attached_now

    # --- decisions ------------------------------------------------------------------------

    def record_decision(
        self,
        application: Application,
        answer: Answer | Decision,
        *,
        iin: str,
        actor: Account,
        source: str,
        full_name: str | None = None,
        settings: RuleSettings = DEFAULT_SETTINGS,
    ) -> Recorded:
        """Store an application and its decision; when approved, attach the person.

        Only a submitted application is stored: one the rules engine decided as
        ``needs_acknowledgement`` (outside the clinic's territory, the applicant not having
        accepted having no home visits, ``ACKNOWLEDGEMENT_REQUIRED``) is not submitted (R-TERR-2)
        and is refused with :class:`NotSubmittedError` before anything is written. Decided again
        with ``home_visit_acknowledged``, it is an application like any other.

        Approval re-checks the coupon's district capacity inside the transaction that writes
        the attachment (R-CAP-1, R-CAP-2); when it no longer fits, the decision is stored as
        refused with ``CAPACITY_EXCEEDED`` added to the engine's reasons, and
        :attr:`Recorded.capacity_refused` is True. Approval closes the person's previous active
        attachment in the same transaction (R-ORG-3), unless that attachment is already to the
        approved clinic and district: then nothing new is stored (the same application recorded
        twice, or by two registrars, must not void the coupon handed out), the check is audited
        as ``attachment.already``, and :attr:`Recorded.already_attached` is True. A person
        already counted in the coupon's district adds nobody to it and so always fits, even in
        a district over its norm (as :func:`catchments.capacity.assess` has it); one moving to
        another district of the same clinic adds one there and leaves one place in the old.

        Once a year (R-TIME-2). An approval outside the campaign (``settings``' dates) on the
        ground ``annual_free_choice`` or ``first_free_choice`` is checked, in the same
        transaction, against the last use of the right of free choice the register holds for
        the person (:meth:`_last_free_choice`); when the ground does not hold, it is stored as
        refused with the reason the engine gives (``OUTSIDE_CAMPAIGN_NO_GROUND``, variant
        ``annual_too_soon`` or ``not_first``, from :func:`catchments.rules.free_choice_refusal`)
        and :attr:`Recorded.free_choice_refused` is True. The same application recorded again
        is a repeat (``already_attached``), not a second use.

        Interpretation: a *use of the right of free choice* is an application recorded as
        approved, on the ground ``annual_free_choice`` or ``first_free_choice``, submitted
        outside the campaign, on the day it was submitted. Choices made in the campaign are the
        campaign's: the fund's guidance says "the attachment campaign is not the only
        opportunity to change the clinic. This can be done once a year by right of free
        choice, as well as if …", naming the yearly right as an opportunity besides the
        campaign, and among the grounds for attaching "at any time" ("for the first time
        decided to use the right of free choice"); counting a campaign choice against it would
        take, from everyone who chose in a campaign, the out-of-campaign right the guidance
        offers besides it. An approval on another ground (a move, a new job) is that ground's,
        not a free choice; an approval for the clinic one is attached to (``ALREADY_ATTACHED_HERE``)
        changes nothing and uses nothing; a refusal uses nothing. The last use is the latest
        by submission day, whether before or after this application's (one recorded late must
        not make two uses within a year). Which days are in the campaign is judged on
        ``settings`` for the earlier uses too: the register does not keep the campaign dates an
        application was decided on.

        People the region counted (R-CAP-2). The districts' counts on the data date hold people
        the register has no attachment of. When an approval's applicant names a current clinic
        and the register holds no active attachment for them:

        - another clinic: they leave it. The district of that clinic that counted them is the
          one covering their residence (``answer.residence.districts``) whose model serves their
          age in that clinic (:func:`catchments.capacity.models_for_age` over the clinic's
          districts in the register; where several do, the best suited model, then the lowest
          ID). Their attachment there is recorded from the data date, as of the count
          (``recorded_at`` = the district's ``counted_at``: not approved since), closed by the
          new one (left since), with no decision; :attr:`Recorded.closed` names it and the audit
          log's ``attachment.close`` says ``counted_on_data_date``. When no district of that
          clinic covers the residence, its districts are not in the register, the answer is a
          bare :class:`Decision` (no residence), or the district's count holds nobody the
          register does not hold already, nothing can be said of where they were counted, and
          nothing is recorded for it: the old district keeps counting them until the region's
          next count.
        - the chosen clinic: they stay. The engine approves them without a capacity check
          (R-ORG-3) and its coupon names the district they stay in; the register records their
          attachment to it as of the count (from the data date, ``recorded_at`` =
          ``counted_at``), so they are neither counted twice nor refused for capacity. When that
          district's count holds nobody the register does not hold already, they cannot be among
          it, and are recorded as a newcomer (one more, capacity checked).

        The applicant's word for their current clinic is all the register has of them; a
        district's departures recorded this way never exceed the people its count holds that
        the register does not.

        Parameters
        ----------
        application
            The application decided.
        answer
            :class:`catchments.service.Answer` (or the bare :class:`Decision`).
        iin
            The applicant's IIN: validated, then stored only as a keyed hash and its last four
            digits.
        actor
            The registrar of the application's clinic, an admin, or the command line's operator.
        source
            The page or command, e.g. ``"page:registrar"`` or ``"cli:decide"``.
        full_name
            Optional; stored for the clinic's registrars.
        settings
            The region's campaign dates (``RegionServices.settings``), which say whether the
            application, and the person's earlier ones, were made outside the campaign
            (R-TIME-2). Default: RULES.md's dates.

        Raises
        ------
        IINError
            An invalid IIN, or one of another birth date than the application's (nothing is
            stored).
        IINKeyError
            No IIN key configured.
        AccessDeniedError
            The actor may not record decisions for this clinic (the refusal is audited).
        NotSubmittedError
            The decision is ``needs_acknowledgement``: the application is not submitted until
            the applicant accepts having no home visits (R-TERR-2); nothing is stored and
            nothing audited, as for an invalid IIN.
        UnknownDistrictError
            The coupon's district is not in the register.
        RegisterError
            A coupon for another clinic, or the database failed.
        """
        decision = answer if isinstance(answer, Decision) else answer.decision
        source = _check_source(source)
        if not can_record_decision(actor, application.clinic_id):
            self.log_event(
                actor,
                "access.denied",
                f"clinic:{application.clinic_id}",
                source=source,
                details={"wanted": "record_decision"},
            )
            require(False, actor, "record_decision", clinic_id=application.clinic_id)
        if decision.outcome is Outcome.NEEDS_ACKNOWLEDGEMENT:
            # R-TERR-2: not submitted until the applicant accepts having no home visits, so there
            # is no application to store (nor a decision on it), and nothing is written.
            raise NotSubmittedError(application.clinic_id)
        person = parse_iin(iin)
        born = application.applicant.birth_date
        if person.birth_date != born:
            # The decision rests on the application's birth date (age, district model): an IIN
            # of another date is a typo in one of them, or another person's number.
            raise IINError(
                "birth_date_mismatch",
                iin_date=person.birth_date.isoformat(),
                application_date=born.isoformat(),
            )
        person_hash = self.hasher.hash(person.digits)
        coupon = decision.coupon
        if decision.outcome is Outcome.APPROVED:
            if coupon is None:
                raise RegisterError(code="no_coupon")
            if coupon.clinic_id != application.clinic_id:
                raise RegisterError(
                    code="coupon_other_clinic",
                    params={"coupon_clinic": coupon.clinic_id, "clinic": application.clinic_id},
                )
        name = full_name.strip()[:200] if full_name and full_name.strip() else None

        submitted_on = local(application.submitted_at).date()
        current_clinic = application.applicant.current_clinic_id
        residence = None if isinstance(answer, Decision) else answer.residence.districts

        def work(connection: Connection) -> Recorded:
            now = _now()
            final = decision
            capacity: DistrictCapacity | None = None
            previous = None
            fits = capacity_refused = free_choice_refused = False
            # The coupon's district, when it counted the person on its data date (R-ORG-3);
            # the district of another clinic that counted them, which they leave now.
            stays: Any = None
            left: Any = None
            added = 1
            if decision.outcome is Outcome.APPROVED:
                assert coupon is not None  # checked above
                locked = connection.execute(
                    sa.select(districts)
                    .where(districts.c.district_id == coupon.district_id)
                    .with_for_update()
                ).first()
                if locked is None:
                    raise UnknownDistrictError(coupon.district_id)
                if locked.retired_at is not None:
                    # Decided on a region older than the register's: the district is gone.
                    raise UnknownDistrictError(coupon.district_id, locked.retired_at)
                capacity = self._capacities(connection, [coupon.district_id])[coupon.district_id]
                previous = connection.execute(
                    sa.select(attachments)
                    .where(attachments.c.person_hash == person_hash)
                    .where(attachments.c.to_date.is_(None))
                    .with_for_update()
                ).first()
                if (
                    previous is not None
                    and previous.clinic_id == application.clinic_id
                    and previous.district_id == coupon.district_id
                ):
                    already = self._already_attached(
                        connection, previous, decision, capacity, actor=actor, source=source
                    )
                    if already is not None:
                        return already
                refusal = None
                if application.ground in FREE_CHOICE_GROUNDS and not in_campaign(
                    submitted_on, settings
                ):
                    # R-TIME-2, checked here as capacity is: the register knows the person.
                    last = self._last_free_choice(connection, person_hash, settings)
                    refusal = free_choice_refusal(application.ground, submitted_on, last, settings)
                if refusal is not None:
                    final = _refuse_for_free_choice(decision, refusal)
                    free_choice_refused = True
                else:
                    if previous is None and current_clinic == application.clinic_id:
                        stays = locked if self._base_unknown(connection, locked) > 0 else None
                    elif previous is None and current_clinic is not None and residence:
                        left = self._counted_district(
                            connection,
                            current_clinic,
                            residence,
                            age_on(application.applicant.birth_date, submitted_on),
                        )
                    same = previous is not None and previous.district_id == coupon.district_id
                    # One already counted in the district adds nobody, so always fits: adding
                    # nobody cannot exceed a norm (R-ORG-3, catchments.capacity.assess).
                    added = 0 if same or stays is not None else 1
                    fits = added == 0 or (capacity.doctors > 0 and capacity.remaining >= added)
                    if not fits:
                        final = _refuse_for_capacity(decision, capacity)
                        capacity_refused = True
            application_id = connection.execute(
                applications.insert()
                .values(
                    clinic_id=application.clinic_id,
                    person_hash=person_hash,
                    iin_last4=person.last4,
                    full_name=name,
                    basis=application.basis.value,
                    channel=application.channel.value,
                    submitted_at=application.submitted_at,
                    payload=application.to_dict(),
                    recorded_at=now,
                    recorded_by=actor.username,
                    source=source,
                )
                .returning(applications.c.id)
            ).scalar_one()
            district_id = (
                coupon.district_id
                if coupon is not None
                else _context_text(final, ReasonCode.CAPACITY_EXCEEDED, "district_id")
            )
            decision_id = connection.execute(
                decisions.insert()
                .values(
                    application_id=application_id,
                    outcome=final.outcome.value,
                    engine_outcome=decision.outcome.value,
                    district_id=district_id,
                    taken_at=final.taken_at,
                    due_by=final.due_by,
                    decided_at=final.decided_at,
                    recorded_at=now,
                    reasons=[_reason_json(item) for item in final.reasons],
                )
                .returning(decisions.c.id)
            ).scalar_one()
            if final.reasons:
                connection.execute(
                    decision_reasons.insert(),
                    [
                        {
                            "decision_id": decision_id,
                            "position": position,
                            "code": item.code.value,
                            "rule": item.rule,
                            "severity": item.severity.value,
                        }
                        for position, item in enumerate(final.reasons)
                    ],
                )
            self._audit(
                connection,
                actor,
                "application.record",
                f"application:{application_id}",
                source=source,
                details={"clinic_id": application.clinic_id},
                at=now,
            )
            self._audit(
                connection,
                actor,
                "decision.record",
                f"decision:{decision_id}",
                source=source,
                details={
                    "application_id": application_id,
                    "outcome": final.outcome.value,
                    "engine_outcome": decision.outcome.value,
                    "codes": [code.value for code in final.codes],
                    "rules": sorted({item.rule for item in final.reasons}),
                    "district_id": district_id,
                },
                at=now,
            )
            result = Recorded(
                application_id=application_id,
                decision_id=decision_id,
                decision=final,
                capacity_refused=capacity_refused,
                free_choice_refused=free_choice_refused,
                remaining=None if capacity is None else capacity.remaining,
            )
            if not fits:
                return result
            assert coupon is not None
            assert capacity is not None
            from_date = local(final.taken_at or final.decided_at).date()
            # R-ORG-3: the previous attachment is closed before the new one is inserted (the
            # unique index allows one active row per person at every statement); its
            # closed_by_id is filled in once the new row has an ID.
            if previous is not None:
                self._close(connection, previous, on=from_date, at=now)
            elif left is not None:
                # The attachment the region counted on its data date, as the register learns of
                # it: recorded as of that count (so not approved since) and closed now (so left
                # since), it frees its place in the old district.
                previous = self._record_departure(
                    connection, left, person_hash, person.last4, name, on=from_date, at=now
                )
            attachment_id = connection.execute(
                attachments.insert()
                .values(
                    person_hash=person_hash,
                    iin_last4=person.last4,
                    full_name=name,
                    clinic_id=application.clinic_id,
                    district_id=coupon.district_id,
                    basis=application.basis.value,
                    # Counted on the data date, the person is on record as attached since then
                    # and as of that count: they add nobody to the district.
                    from_date=from_date if stays is None else stays.data_date,
                    decision_id=decision_id,
                    recorded_at=now if stays is None else stays.counted_at,
                )
                .returning(attachments.c.id)
            ).scalar_one()
            closed = None
            if previous is not None:
                connection.execute(
                    attachments.update()
                    .where(attachments.c.id == previous.id)
                    .values(closed_by_id=attachment_id)
                )
                self._audit(
                    connection,
                    actor,
                    "attachment.close",
                    f"attachment:{previous.id}",
                    source=source,
                    details={
                        "clinic_id": previous.clinic_id,
                        "district_id": previous.district_id,
                        "closed_by": attachment_id,
                        "rule": "R-ORG-3",
                        # Counted on the region's data date, on record only as it closes.
                        "counted_on_data_date": left is not None,
                    },
                    at=now,
                )
                closed = ClosedAttachment(previous.id, previous.clinic_id, previous.district_id)
            self._audit(
                connection,
                actor,
                "attachment.open",
                f"attachment:{attachment_id}",
                source=source,
                details={
                    "decision_id": decision_id,
                    "clinic_id": application.clinic_id,
                    "district_id": coupon.district_id,
                    "from_date": (from_date if stays is None else stays.data_date).isoformat(),
                    "counted_on_data_date": stays is not None,
                },
                at=now,
            )
            return replace(
                result,
                attachment_id=attachment_id,
                coupon_number=coupon_number(application.clinic_id, attachment_id),
                closed=closed,
                remaining=capacity.remaining - added,
            )

        return self._write(work, action="record")

    def _already_attached(
        self,
        connection: Connection,
        previous: Any,
        decision: Decision,
        capacity: DistrictCapacity,
        *,
        actor: Account,
        source: str,
    ) -> Recorded | None:
        """The person's active attachment, when it is the one being approved again.

        Re-recording the attachment a person holds is a repeat (a second click, a second
        registrar), not a change of clinic (R-ORG-3): the existing attachment, and the coupon
        numbered after it, stay valid. Only an audit row says it was asked for. None for an
        attachment with no decision on record, which is then replaced as before.
        """
        opened = connection.execute(
            sa.select(decisions.c.id, decisions.c.application_id).where(
                decisions.c.id == previous.decision_id
            )
        ).first()
        if opened is None:
            return None
        self._audit(
            connection,
            actor,
            "attachment.already",
            f"attachment:{previous.id}",
            source=source,
            details={
                "clinic_id": previous.clinic_id,
                "district_id": previous.district_id,
                "decision_id": opened.id,
            },
        )
        return Recorded(
            application_id=opened.application_id,
            decision_id=opened.id,
            decision=decision,
            attachment_id=previous.id,
            coupon_number=coupon_number(previous.clinic_id, previous.id),
            remaining=capacity.remaining,
            already_attached=True,
            attached_since=previous.from_date,
        )

    def _last_free_choice(
        self, connection: Connection, person_hash: str, settings: RuleSettings
    ) -> dt.date | None:
        """The day the person last used the right of free choice, as the register holds it.

        A use (R-TIME-2) is an application of theirs recorded as approved, on the ground
        ``annual_free_choice`` or ``first_free_choice``, submitted outside the campaign of
        ``settings``; its day is the day it was submitted (the right is exercised when one
        applies, as :class:`catchments.rules.Case` reads it). An approval for the clinic the
        person is attached to (``ALREADY_ATTACHED_HERE``) changes nothing and uses nothing.
        See :meth:`record_decision` for why choices in the campaign do not count.
        """
        already_here = (
            sa.select(decision_reasons.c.decision_id)
            .where(decision_reasons.c.decision_id == decisions.c.id)
            .where(decision_reasons.c.code == ReasonCode.ALREADY_ATTACHED_HERE.value)
        )
        query = (
            sa.select(applications.c.payload, applications.c.submitted_at)
            .join(decisions, decisions.c.application_id == applications.c.id)
            .where(applications.c.person_hash == person_hash)
            .where(decisions.c.outcome == Outcome.APPROVED.value)
            .where(~already_here.exists())
        )
        uses = [
            day
            for row in connection.execute(query)
            if isinstance(row.payload, Mapping)
            and row.payload.get("ground") in _FREE_CHOICE_VALUES
            and not in_campaign(day := local(row.submitted_at).date(), settings)
        ]
        return max(uses, default=None)

    def _base_unknown(self, connection: Connection, district: Any) -> int:
        """People of a district's count on its data date the register holds no attachment of.

        The register holds one for each person counted then whom it attached before that count
        was adopted, or learnt of since (an attachment recorded as of the count): those
        recorded at or before ``counted_at`` that had not closed by then.
        """
        known = connection.execute(
            sa.select(sa.func.count())
            .select_from(attachments)
            .where(attachments.c.district_id == district.district_id)
            .where(attachments.c.recorded_at <= district.counted_at)
            .where(
                sa.or_(
                    attachments.c.closed_at.is_(None),
                    attachments.c.closed_at > district.counted_at,
                )
            )
        ).scalar_one()
        return int(district.attached_base) - int(known)

    def _counted_district(
        self, connection: Connection, clinic_id: str, residence: frozenset[str], age: int
    ) -> Any:
        """The district of ``clinic_id`` that counted the person on its data date, or None.

        The one covering their residence whose model serves their age in that clinic
        (:func:`catchments.capacity.models_for_age`, over the models of the clinic's current
        districts); where several do, the model that suits the age best, then the lowest ID (as
        :func:`catchments.capacity.best_district` ranks models). A district whose count holds
        nobody the register does not know already cannot have counted them. The row is locked,
        as the coupon's district is: its departures are counted against the same count.
        """
        rows = connection.execute(
            sa.select(districts)
            .where(districts.c.clinic_id == clinic_id)
            .where(districts.c.retired_at.is_(None))
        ).all()
        serving = models_for_age(age, (DistrictModel(row.model) for row in rows))
        candidates = sorted(
            (
                row
                for row in rows
                if row.district_id in residence and DistrictModel(row.model) in serving
            ),
            key=lambda row: (serving.index(DistrictModel(row.model)), row.district_id),
        )
        for candidate in candidates:
            row = connection.execute(
                sa.select(districts)
                .where(districts.c.district_id == candidate.district_id)
                .where(districts.c.retired_at.is_(None))
                .with_for_update()
            ).first()
            if row is not None and self._base_unknown(connection, row) > 0:
                return row
        return None

    def _record_departure(
        self,
        connection: Connection,
        district: Any,
        person_hash: str,
        last4: str,
        full_name: str | None,
        *,
        on: dt.date,
        at: dt.datetime,
    ) -> Any:
        """Record, closed, the attachment the region counted the person in on its data date.

        From the data date, recorded as of the count (``counted_at``: not approved since) and
        closed ``at`` (left since), with no decision: the register did not make it. Its basis
        is ``residence``, the place it was found by. Returns the row, as :meth:`_close` leaves
        one.
        """
        values = {
            "person_hash": person_hash,
            "iin_last4": last4,
            "full_name": full_name,
            "clinic_id": district.clinic_id,
            "district_id": district.district_id,
            "basis": Basis.RESIDENCE.value,
            "from_date": district.data_date,
            "to_date": max(on, district.data_date),
            "recorded_at": district.counted_at,
            "closed_at": at,
        }
        row_id = connection.execute(
            attachments.insert().values(**values).returning(attachments.c.id)
        ).scalar_one()
        return connection.execute(sa.select(attachments).where(attachments.c.id == row_id)).one()

    def _close(self, connection: Connection, row: Any, *, on: dt.date, at: dt.datetime) -> None:
        """Close an active attachment on ``on`` (never before it began)."""
        closed = connection.execute(
            attachments.update()
            .where(attachments.c.id == row.id)
            .where(attachments.c.to_date.is_(None))
            .values(to_date=max(on, row.from_date), closed_at=at)
        )
        if closed.rowcount != 1:
            # Another transaction closed it first: start again from a fresh view.
            raise _RetryError()

    # --- reading --------------------------------------------------------------------------

    def applications_for(
        self,
        account: Account,
        *,
        clinic_id: str | None = None,
        limit: int = 200,
        source: str = "api",
    ) -> list[ApplicationRow]:
        """Applications of a clinic, newest first, as the account may see them.

        A registrar sees their own clinic's (``clinic_id`` defaults to it); an admin any clinic
        (all when ``clinic_id`` is None); a planner none (aggregates only).

        Raises
        ------
        AccessDeniedError
            For another clinic's applications or a role without access; the refusal is
            audited.
        """
        wanted = clinic_id if clinic_id is not None else account.clinic_id
        allowed = (
            can_view_application(account, wanted)
            if wanted is not None
            else can_read_audit_log(account)  # all clinics: admins and the operator
        )
        if not allowed:
            self.log_event(
                account,
                "access.denied",
                f"clinic:{wanted or '*'}",
                source=source,
                details={"wanted": "applications"},
            )
            which = "read_applications" if wanted is not None else "read_all_applications"
            require(False, account, which, clinic_id=wanted)
        query = (
            sa.select(
                applications,
                decisions.c.outcome,
                decisions.c.district_id,
                decisions.c.id.label("decision_id"),
            )
            .outerjoin(decisions, decisions.c.application_id == applications.c.id)
            .order_by(applications.c.id.desc())
            .limit(limit)
        )
        if wanted is not None:
            query = query.where(applications.c.clinic_id == wanted)
        with self._read() as connection:
            rows = connection.execute(query).all()
            ids = [row.decision_id for row in rows if row.decision_id is not None]
            codes: dict[int, list[str]] = {}
            if ids:
                for row in connection.execute(
                    sa.select(decision_reasons.c.decision_id, decision_reasons.c.code)
                    .where(decision_reasons.c.decision_id.in_(ids))
                    .order_by(decision_reasons.c.decision_id, decision_reasons.c.position)
                ):
                    codes.setdefault(row.decision_id, []).append(row.code)
        return [
            ApplicationRow(
                application_id=row.id,
                clinic_id=row.clinic_id,
                iin_last4=row.iin_last4,
                full_name=row.full_name,
                submitted_at=row.submitted_at,
                recorded_at=row.recorded_at,
                recorded_by=row.recorded_by,
                outcome=row.outcome,
                codes=tuple(codes.get(row.decision_id, ())),
                district_id=row.district_id,
            )
            for row in rows
        ]

    def active_attachment(self, account: Account, iin: str) -> ActiveAttachment | None:
        """The person's active attachment (any clinic), for a registrar deciding R-ORG-3.

        Raises
        ------
        AccessDeniedError
            For planners and anonymous callers.
        IINError, IINKeyError
            For an invalid IIN or a missing key.
        """
        require(
            account.role in (Role.REGISTRAR, Role.ADMIN, Role.OPERATOR), account, "look_up_people"
        )
        person_hash = self.hasher.hash(iin)
        with self._read() as connection:
            row = connection.execute(
                sa.select(attachments)
                .where(attachments.c.person_hash == person_hash)
                .where(attachments.c.to_date.is_(None))
            ).first()
        if row is None:
            return None
        return ActiveAttachment(
            attachment_id=row.id,
            clinic_id=row.clinic_id,
            district_id=row.district_id,
            from_date=row.from_date,
            iin_last4=row.iin_last4,
        )

    def attached_residences(self, account: Account, *, source: str) -> list[AttachedResidence]:
        """The residence of every active attachment, for the planner's home-visit cover.

        People attached to a clinic whose territory does not hold their home get no home
        visits (R-TERR-2); a planner counts them per clinic. No names, IINs or hashes leave the
        register, and the read is audited like an export.

        Raises
        ------
        AccessDeniedError
            Unless a planner, an admin or the operator.
        """
        require(can_view_aggregates(account), account, "read_residences")
        query = (
            sa.select(attachments.c.clinic_id, attachments.c.district_id, applications.c.payload)
            .select_from(
                attachments.outerjoin(
                    decisions, decisions.c.id == attachments.c.decision_id
                ).outerjoin(applications, applications.c.id == decisions.c.application_id)
            )
            .where(attachments.c.to_date.is_(None))
            .order_by(attachments.c.id)
        )
        with self._read() as connection:
            rows = [
                AttachedResidence(
                    row.clinic_id,
                    row.district_id,
                    row.payload.get("residence") if row.payload else None,
                )
                for row in connection.execute(query)
            ]
        self.log_event(account, "export", "residences", source=source, details={"rows": len(rows)})
        return rows

    def export_capacity(
        self, account: Account, *, source: str, include_retired: bool = False
    ) -> list[dict[str, object]]:
        """Per district: the norm, doctors, counts and remaining places (no personal rows).

        Current districts only, unless ``include_retired``: then the retired ones follow,
        marked ``retired`` and with no remaining places, for a look at the attachments they
        still hold (:meth:`DistrictCapacity.to_dict`).

        Raises
        ------
        AccessDeniedError
            Unless a planner, an admin or the operator.
        """
        require(can_view_aggregates(account), account, "export_aggregates")
        capacity = self.remaining_by_district(include_retired=include_retired).values()
        rows = [item.to_dict() for item in sorted(capacity, key=lambda c: c.retired)]
        self.log_event(account, "export", "capacity", source=source, details={"rows": len(rows)})
        return rows

    def export_decisions(self, account: Account, *, source: str) -> list[dict[str, object]]:
        """Per clinic and outcome: decisions, and how often each reason code was given.

        Rows have ``clinic_id``, ``outcome``, ``code`` (empty for the decision count itself),
        ``rule`` and ``count``; no personal data.

        Raises
        ------
        AccessDeniedError
            Unless a planner, an admin or the operator.
        """
        require(can_view_aggregates(account), account, "export_aggregates")
        by_outcome = (
            sa.select(applications.c.clinic_id, decisions.c.outcome, sa.func.count().label("n"))
            .join(decisions, decisions.c.application_id == applications.c.id)
            .group_by(applications.c.clinic_id, decisions.c.outcome)
        )
        by_code = (
            sa.select(
                applications.c.clinic_id,
                decisions.c.outcome,
                decision_reasons.c.code,
                decision_reasons.c.rule,
                sa.func.count().label("n"),
            )
            .join(decisions, decisions.c.application_id == applications.c.id)
            .join(decision_reasons, decision_reasons.c.decision_id == decisions.c.id)
            .group_by(
                applications.c.clinic_id,
                decisions.c.outcome,
                decision_reasons.c.code,
                decision_reasons.c.rule,
            )
        )
        with self._read() as connection:
            rows: list[dict[str, object]] = [
                _decision_row(r.clinic_id, r.outcome, "", "", r.n)
                for r in connection.execute(by_outcome)
            ]
            rows += [
                _decision_row(r.clinic_id, r.outcome, r.code, r.rule, r.n)
                for r in connection.execute(by_code)
            ]
        rows.sort(key=lambda r: (str(r["clinic_id"]), str(r["outcome"]), str(r["code"])))
        self.log_event(account, "export", "decisions", source=source, details={"rows": len(rows)})
        return rows

    def stats(self) -> dict[str, Any]:
        """Counts for ``emhana register stats`` (aggregates only).

        ``districts`` counts the current ones; ``retired_districts`` those the region last
        imported lacks, ``retired_holding`` how many of them still hold active attachments and
        ``retired_attachments`` how many attachments that is (people to re-attach).
        """
        with self._read() as connection:
            count = sa.func.count()
            outcomes = {
                row.outcome: int(row.n)
                for row in connection.execute(
                    sa.select(decisions.c.outcome, count.label("n")).group_by(decisions.c.outcome)
                )
            }
            held = {
                row.district_id: int(row.n)
                for row in connection.execute(
                    sa.select(attachments.c.district_id, count.label("n"))
                    .join(districts, districts.c.district_id == attachments.c.district_id)
                    .where(districts.c.retired_at.is_not(None))
                    .where(attachments.c.to_date.is_(None))
                    .group_by(attachments.c.district_id)
                )
            }
            result = {
                "districts": connection.execute(
                    sa.select(count).select_from(districts).where(districts.c.retired_at.is_(None))
                ).scalar_one(),
                "retired_districts": connection.execute(
                    sa.select(count)
                    .select_from(districts)
                    .where(districts.c.retired_at.is_not(None))
                ).scalar_one(),
                "retired_holding": len(held),
                "retired_attachments": sum(held.values()),
                "applications": connection.execute(
                    sa.select(count).select_from(applications)
                ).scalar_one(),
                "decisions": outcomes,
                "active_attachments": connection.execute(
                    sa.select(count).select_from(attachments).where(attachments.c.to_date.is_(None))
                ).scalar_one(),
                "closed_attachments": connection.execute(
                    sa.select(count)
                    .select_from(attachments)
                    .where(attachments.c.to_date.is_not(None))
                ).scalar_one(),
                "audit_entries": connection.execute(
                    sa.select(count).select_from(audit_log)
                ).scalar_one(),
            }
        return result

    def audit_entries(
        self, account: Account, *, action: str | None = None, limit: int = 1000
    ) -> list[AuditEntry]:
        """The audit log, oldest first (admins and the operator).

        Raises
        ------
        AccessDeniedError
            For any other role.
        """
        require(can_read_audit_log(account), account, "read_audit_log")
        query = sa.select(audit_log).order_by(audit_log.c.id).limit(limit)
        if action is not None:
            query = query.where(audit_log.c.action == action)
        with self._read() as connection:
            return [
                AuditEntry(
                    entry_id=row.id,
                    at=row.at,
                    actor=row.actor,
                    role=row.role,
                    action=row.action,
                    object=row.object,
                    source=row.source,
                    details=row.details,
                )
                for row in connection.execute(query)
            ]

    # --- catchments.access.LoginLog ------------------------------------------------------

    def failed_logins_since(self, username: str, since: dt.datetime) -> int:
        """Failed sign-ins of ``username`` at or after ``since`` (for throttling)."""
        with self._read() as connection:
            return int(
                connection.execute(
                    sa.select(sa.func.count())
                    .select_from(audit_log)
                    .where(audit_log.c.action == "login.failed")
                    .where(audit_log.c.object == f"user:{username}"[:120])
                    .where(audit_log.c.at >= since)
                ).scalar_one()
            )

    def log_login(
        self, username: str, *, ok: bool, source: str, role: str | None, reason: str
    ) -> None:
        """Audit one sign-in attempt (``login.ok``, ``login.failed`` or ``login.throttled``)."""
        action = "login.ok" if ok else "login.failed"
        if reason == "throttled":
            action = "login.throttled"
        self._write(
            lambda connection: connection.execute(
                audit_log.insert().values(
                    at=_now(),
                    actor=username[:80],
                    role=role or "anonymous",
                    action=action,
                    object=f"user:{username}"[:120],
                    source=_check_source(source),
                    details={"reason": reason},
                )
            ),
            action="sign_in",
        )


class _RetryError(Exception):
    """Raised inside a transaction that must start again from a fresh view."""


def _retryable(error: DBAPIError | _RetryError) -> bool:
    """Whether a failed transaction lost a race (and may succeed when run again)."""
    if isinstance(error, _RetryError):
        return True
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate in {"40001", "40P01", "55P03"}:  # serialization failure, deadlock, lock timeout
        return True
    if isinstance(error, IntegrityError):
        diag = getattr(original, "diag", None)
        constraint = getattr(diag, "constraint_name", None)
        if sqlstate == "23505" and constraint == ACTIVE_INDEX:
            return True
        # SQLite names the columns, not the index: person_hash is unique only in that index.
        return "UNIQUE constraint failed: attachments.person_hash" in str(original)
    name = getattr(original, "sqlite_errorname", "")
    return name in {"SQLITE_BUSY", "SQLITE_LOCKED"} or "database is locked" in str(original)


def _decision_row(
    clinic_id: str, outcome: str, code: str, rule: str, count: int
) -> dict[str, object]:
    return {"clinic_id": clinic_id, "outcome": outcome, "code": code, "rule": rule, "count": count}


def coupon_number(clinic_id: str, attachment_id: int) -> str:
    """The coupon's number: the clinic and the attachment's register ID (R-OUT-1)."""
    return f"{clinic_id}/{attachment_id:08d}"


def _some(ids: Iterable[str], limit: int = 3) -> str:
    """Up to ``limit`` IDs, sorted, for a message: ``D-01, D-02, D-03 …``."""
    ordered = sorted(ids)
    return ", ".join(ordered[:limit]) + (" …" if len(ordered) > limit else "")


def _context_text(decision: Decision, code: ReasonCode, key: str) -> str | None:
    for item in decision.reasons:
        if item.code is code:
            value = item.values.get(key)
            return value if isinstance(value, str) else None
    return None


def _refuse_for_capacity(decision: Decision, capacity: DistrictCapacity) -> Decision:
    """The engine's approval turned into a refusal: the district filled up meanwhile (R-CAP-1)."""
    doctors = float(capacity.doctors)
    context: dict[str, Any] = {
        "clinic_id": capacity.clinic_id,
        "district_id": capacity.district_id,
        "model": capacity.model.value,
        "attached": capacity.attached_now,
        "doctors": doctors,
        "norm": capacity.norm,
        "remaining": capacity.remaining,
    }
    per_doctor = load_per_doctor(doctors, capacity.attached_now + 1)
    if per_doctor is None:
        refusal = reason(ReasonCode.CAPACITY_EXCEEDED, context, variant="no_doctors")
    else:
        # Rounded up to 0.1 as the rules engine does, so a load above the norm never prints
        # as equal to it.
        refusal = reason(
            ReasonCode.CAPACITY_EXCEEDED, context, per_doctor=math.ceil(per_doctor * 10) / 10
        )
    return replace(
        decision,
        outcome=Outcome.REFUSED,
        reasons=(*decision.reasons, refusal),
        coupon=None,
    )


def _refuse_for_free_choice(decision: Decision, refusal: Reason) -> Decision:
    """The engine's approval turned into its refusal had it known the register (R-TIME-2)."""
    return replace(
        decision,
        outcome=Outcome.REFUSED,
        reasons=(*decision.reasons, refusal),
        coupon=None,
    )


_FREE_CHOICE_VALUES: Final = frozenset(ground.value for ground in FREE_CHOICE_GROUNDS)


def _district_rows(region_districts: Any, norms: Norms) -> dict[str, dict[str, Any]]:
    """Validate a districts layer into column values, reporting every bad row at once."""
    records: Iterable[Mapping[str, Any]] = (
        region_districts.to_dict("records")
        if hasattr(region_districts, "to_dict")
        else region_districts
    )
    rows: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    models = {model.value for model in DistrictModel}
    for index, record in enumerate(records):
        district_id = record.get("district_id")
        where = f"districts row {index} ({district_id!r})"
        if not isinstance(district_id, str) or not district_id.strip():
            problems.append(f"{where}: district_id must be a non-empty string")
            continue
        if district_id in rows:
            problems.append(f"{where}: district_id is listed twice")
            continue
        clinic_id: Any = record.get("clinic_id")
        model: Any = record.get("model")
        try:
            raw: Any = record.get("doctors")
            doctors = Decimal(repr(float(raw)))  # the decimal the file wrote
        except (TypeError, ValueError, InvalidOperation):
            doctors = Decimal("NaN")
        attached: Any = record.get("attached")
        bad = []
        if not isinstance(clinic_id, str) or not clinic_id.strip():
            bad.append("clinic_id must be a non-empty string")
        if model not in models:
            bad.append(f"model {model!r} is not one of {', '.join(sorted(models))}")
        if not doctors.is_finite() or doctors < 0:
            bad.append(f"doctors {record.get('doctors')!r} must be a number >= 0")
        try:
            attached_int = int(attached)
        except (TypeError, ValueError):
            attached_int = -1
        if attached_int < 0 or attached_int != attached:
            bad.append(f"attached {attached!r} must be a whole number >= 0")
        if bad:
            problems.append(f"{where}: " + "; ".join(bad))
            continue
        rows[district_id] = {
            "clinic_id": clinic_id,
            "model": model,
            "doctors": doctors,
            "norm": norms.for_model(DistrictModel(model)),
            "attached_base": attached_int,
        }
    if problems:
        shown = "\n  - ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise RegisterError(
            code="bad_district_rows", params={"count": len(problems), "problems": shown + more}
        )
    return rows


def make_revision(message: str, *, url: str = "sqlite:///:memory:") -> None:
    """Write a new migration under ``catchments/migrations/versions`` (for developers).

    Autogenerates the difference between the tables above and a database migrated to the
    current head (an in-memory SQLite by default); review the file it writes.
    """
    engine = _create_engine(url, pool_size=1)
    try:
        migrate(engine)
        with engine.begin() as connection:
            command.revision(_migrations_config(connection), message, autogenerate=True)
    finally:
        engine.dispose()
