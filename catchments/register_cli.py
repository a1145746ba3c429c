"""``emhana register …``: the attachment register from the command line.

``catchments.cli`` adds these sub-commands with :func:`add_register_commands` and turns the
errors of :data:`REGISTER_ERRORS` into a message and exit status 2, like its own.

- ``emhana register migrate``: create or upgrade the schema (run at every deployment)
- ``emhana register import --region DIR``: load a region's districts (doctors, counts, norms);
  the register's districts the region lacks are retired
- ``emhana register stats [--json]``: counts of districts, applications, decisions, attachments
- ``emhana register export``: aggregates for planners (CSV or JSON); no personal rows
- ``emhana register accounts add|list|remove``: the accounts file of the app's sign-in

Commands that write create the register on first use (an SQLite file; its folder must exist,
except Emhana's home) and say so on standard error, so a mistyped ``--database`` path shows as
"created a new register at …" rather than as a register that silently lacks its data. Commands
that only read never create one.

The command line acts as the *operator* (:func:`catchments.access.operator`): whoever can run it
with the register's database URL already holds the database's credentials. Every change it makes
is audited under the operating-system user name.

:func:`record_from_cli` is what ``emhana decide --record`` calls: it reads the applicant's IIN
without echoing it (a prompt, or the first line of standard input), never from an argument,
because arguments end up in shell histories and process lists. A decision that leaves the
application not submitted (``needs_acknowledgement``, R-TERR-2) is refused before the IIN is
asked for: there is nothing to record.

The errors raised here carry a ``code`` of :data:`catchments.messages.REGISTER_ERRORS`, like the
register's own, so ``decide --lang`` words them in its language.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import getpass
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from catchments.access import (
    ACCOUNT_ROLES,
    AccessDeniedError,
    AccountsError,
    LoginRefusedError,
    accounts_path,
    add_account,
    check_account,
    check_clinic,
    load_accounts,
    operator,
    remove_account,
    write_accounts_file,
)
from catchments.cli_wording import cli_text
from catchments.iin import IINError, IINKeyError
from catchments.messages import Language, format_date
from catchments.models import DEFAULT_SETTINGS, Decision, Outcome, RuleSettings
from catchments.register import (
    NotSubmittedError,
    Recorded,
    Register,
    RegisterError,
    database_url,
    migrate,
    open_register,
    sqlite_file,
)
from geo.package import RegionDataError, read_region

if TYPE_CHECKING:
    from catchments.models import Application
    from catchments.service import Answer

__all__ = [
    "REGISTER_ERRORS",
    "add_register_commands",
    "describe_recorded",
    "read_secret_line",
    "record_from_cli",
]

REGISTER_ERRORS: Final = (
    RegisterError,
    IINError,
    IINKeyError,
    AccessDeniedError,
    AccountsError,
    LoginRefusedError,
)
"""Errors of the register's commands that are the user's to fix (exit status 2)."""

DEFAULT_REGION: Final = Path(__file__).resolve().parent.parent / "data" / "demo"
REGION_ENV: Final = "EMHANA_REGION"
"""The region the app serves (``app_pages/_data.py`` reads the same variable); a registrar's
clinic is checked against its clinics when ``--region`` is not given."""
_SQLITE_SUFFIXES: Final = frozenset({".sqlite", ".sqlite3", ".db", ".db3"})
_SQLITE_MAGIC: Final = b"SQLite format 3\x00"


_DATABASE_OPTION: Final = "--database"
"""Named in the register's messages when the URL came from the command line."""


def _open(args: argparse.Namespace, *, create: bool = True) -> Register:
    """The register of ``--database`` (else the configured one).

    Commands that only read pass ``create=False``, so a mistyped SQLite path is reported rather
    than becoming a new, empty register; the others say when they created one, and are refused
    at once on a register this user may only read.
    """
    new = _new_sqlite_file(args.database) if create else None
    register = open_register(args.database, origin=_DATABASE_OPTION, create=create)
    _say_created(new)
    why = register.read_only_problem if create else None
    if why is not None:
        # Refused before a region is read or a password asked for: the write would fail.
        register.close()
        which, values = why
        raise RegisterError(
            code="read_only_command",
            params={
                "command": args.register_command,
                "url": register.url,
                **values,
                "detail": which,
            },
        )
    return register


def _new_sqlite_file(database: str | None) -> Path | None:
    """The SQLite file ``database`` names (default: the configured one) if it does not exist yet.

    Asked before opening: whether opening then made the file tells if a new register was made.
    """
    path = sqlite_file(database)
    return path if path is not None and not path.exists() else None


def _say_created(path: Path | None, lang: str = "en") -> None:
    """Say on stderr that a new register was made at ``path`` (None, or not made: nothing).

    Creating the register on first use is how Emhana starts, but the same happens for a
    mistyped ``--database``, so the path is always named, with any register already beside it
    that the user may have meant. ``lang`` is ``decide --lang``; the ``register`` commands
    speak English.
    """
    if path is None or not path.exists():
        return
    path = path.absolute()  # a relative path does not say which folder the typo landed in
    others = _registers_beside(path)
    meant = (
        cli_text(
            "register.created_one" if len(others) == 1 else "register.created_several",
            lang,
            folder=path.parent,
            others=", ".join(others),
        )
        if others
        else ""
    )
    print(cli_text("register.created", lang, path=path) + meant, file=sys.stderr)


def _registers_beside(path: Path) -> list[str]:
    """Names of up to three other SQLite files in ``path``'s folder, the likeliest meant first.

    Only files named like databases are opened, and only their first 16 bytes (SQLite's header).
    """
    names = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.name == path.name or entry.suffix.lower() not in _SQLITE_SUFFIXES:
            continue
        try:
            with entry.open("rb") as handle:
                if handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC:
                    names.append(entry.name)
        except OSError:
            continue
    # The likeliest meant first (difflib's ratio, as get_close_matches ranks), ties by name.
    ranked = sorted(
        sorted(names),
        key=lambda name: -difflib.SequenceMatcher(None, path.name, name).ratio(),
    )
    return ranked[:3]


def _source(args: argparse.Namespace) -> str:
    return f"cli:register {args.register_command}"


def _migrate(args: argparse.Namespace) -> int:
    """Create or upgrade the schema and print the revision."""
    new = _new_sqlite_file(args.database)
    revision = migrate(
        args.database or database_url(), origin=_DATABASE_OPTION if args.database else None
    )
    _say_created(new)
    print(f"register schema at revision {revision}")
    return 0


def _import(args: argparse.Namespace) -> int:
    """Load a region's districts into the register; those it lacks are retired (and named).

    The people still attached to a retired district are counted, so the operator knows how
    many registrars have to re-attach.
    """
    try:
        region = read_region(args.region)
    except RegionDataError as error:
        raise RegisterError(
            code="region_unusable", params={"region": args.region, "error": error}
        ) from None
    settings = RuleSettings.from_mapping(region.config.rule_tables())
    with _open(args) as register:
        report = register.sync_districts(
            region.districts,
            settings.norms,
            data_date=region.config.data_date,
            actor=operator(),
            source=_source(args),
            replace=args.replace_districts,
        )
    print(f"{region.config.name}: {report.summary()}")
    if report.retired:
        more = f" and {len(report.retired) - 10} more" if len(report.retired) > 10 else ""
        held = (
            f"; {report.retired_attachments:,} people are still attached to them in the "
            "register, until registrars re-attach them"
            if report.retired_attachments
            else ""
        )
        print(
            f"  retired (not in this region): {', '.join(report.retired[:10])}{more}{held}",
            file=sys.stderr,
        )
    return 0


def _stats(args: argparse.Namespace) -> int:
    """Print the register's counts and how many districts are full."""
    with _open(args, create=False) as register:
        stats = register.stats()
        capacity = register.remaining_by_district()
    full = sorted(d.district_id for d in capacity.values() if d.remaining <= 0)
    stats["districts_full"] = len(full)
    stats["places_remaining"] = sum(max(d.remaining, 0) for d in capacity.values())
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    decisions = stats["decisions"]
    outcomes = ", ".join(f"{count} {name}" for name, count in sorted(decisions.items()))
    print(f"register: {register.url}")
    print(
        f"  districts: {stats['districts']} ({len(full)} full)   places remaining: "
        f"{stats['places_remaining']:,}"
    )
    if stats["retired_districts"]:
        print(f"  {_retired_line(stats)}")
    print(f"  applications: {stats['applications']:,}   decisions: {outcomes or 'none'}")
    print(
        f"  attachments: {stats['active_attachments']:,} active, "
        f"{stats['closed_attachments']:,} closed   audit entries: {stats['audit_entries']:,}"
    )
    return 0


def _retired_line(stats: dict[str, Any]) -> str:
    """How many retired districts there are and what they still hold, from :meth:`stats`."""
    retired, holding = stats["retired_districts"], stats["retired_holding"]
    held = (
        f", {holding} of them holding {stats['retired_attachments']:,} active attachments "
        "(people to re-attach)"
        if holding
        else ", none holding active attachments"
    )
    return (
        f"retired districts: {retired} (not in the region last imported; not counted above){held}"
    )


def _export(args: argparse.Namespace) -> int:
    """Write aggregated figures for planners (capacity per district, or decisions per clinic).

    The capacity export lists current districts; when retired ones hold attachments, standard
    error says so (and ``--include-retired`` lists them, marked), so none go unnoticed.
    """
    retired = None
    with _open(args, create=False) as register:
        if args.kind == "capacity":
            rows = register.export_capacity(
                operator(), source=_source(args), include_retired=args.include_retired
            )
            stats = register.stats()
            retired = _retired_line(stats) if stats["retired_districts"] else None
        else:
            rows = register.export_decisions(operator(), source=_source(args))
    if args.format == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        fields = list(rows[0]) if rows else _EMPTY_COLUMNS[args.kind]
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(rows)} rows written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if retired is not None:
        listed = (
            "listed, marked retired" if args.include_retired else "--include-retired lists them"
        )
        print(f"{retired}; {listed}", file=sys.stderr)
    return 0


_EMPTY_COLUMNS: Final = {
    "capacity": [
        "district_id",
        "clinic_id",
        "model",
        "doctors",
        "norm",
        "data_date",
        "attached_base",
        "approved_since",
        "left_since",
        "attached_now",
        "remaining",
        "status",
        "retired_on",
    ],
    "decisions": ["clinic_id", "outcome", "code", "rule", "count"],
}


def read_secret_line(prompt: str, *, confirm: bool = False, lang: str = "en") -> str:
    """Read a secret: a prompt without echo on a terminal, else the first line of stdin.

    Ctrl-D at the prompt (end of input) is "nothing was given", as an empty stdin is: the user
    gave up, which is theirs to decide, not a fault to show as a traceback.

    Parameters
    ----------
    prompt
        What is asked for, already in ``lang``.
    lang
        The language of the messages (``--lang`` of ``decide``; the ``register`` commands speak
        English).

    Raises
    ------
    RegisterError
        When nothing was given (``nothing_given``), or the two entries differ
        (``entries_differ``); ``prompt`` is named in them as given.
    """
    try:
        if sys.stdin.isatty():
            value = getpass.getpass(f"{prompt}: ")
            again = cli_text("secret.again", lang, prompt=prompt)
            if confirm and value and getpass.getpass(f"{again}: ") != value:
                raise RegisterError(code="entries_differ", params={"prompt": prompt})
        else:
            value = sys.stdin.readline().rstrip("\r\n")
    except EOFError:
        value = ""
        print(file=sys.stderr)  # the prompt's line was left open
    if not value:
        raise RegisterError(code="nothing_given", params={"prompt": prompt})
    return value


@contextmanager
def _restored_on_failure(path: Path) -> Iterator[None]:
    """Put the file at ``path`` back as it was when the block fails.

    An account change is saved to the file and then audited in the register: two stores with no
    shared transaction. When the audit fails, undoing the file keeps the two in step: no account
    changed without its audit entry.
    """
    before = _content(path)
    try:
        yield
    except BaseException:
        if _content(path) != before:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_accounts_file(path, before)
        raise


def _content(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist or cannot be read.

    An unreadable file is not written either: the accounts functions fail and say why.
    """
    try:
        return path.read_bytes()
    except OSError:
        return None


def _region_clinics(args: argparse.Namespace) -> tuple[list[str], str] | None:
    """The clinic ids of ``--region`` (else ``$EMHANA_REGION``) and how to name the region.

    None when neither names a region: the accounts file knows no region, and the app's default
    (the demo) cannot be assumed for an operator whose app serves another.
    """
    folder = args.region or os.environ.get(REGION_ENV)
    if not folder:
        return None
    origin = "--region" if args.region else REGION_ENV
    try:
        region = read_region(folder)
    except RegionDataError as error:
        raise RegisterError(
            code="region_unusable", params={"region": f"{folder} ({origin})", "error": error}
        ) from None
    clinics = [str(clinic_id) for clinic_id in region.clinics["clinic_id"]]
    return clinics, f"region {region.config.name} at {folder}"


def _accounts_add(args: argparse.Namespace) -> int:
    """Add an account; the password is prompted for (or read from stdin).

    Everything is checked before the password is asked for: the account (name, role, clinic,
    e-mail, ``--replace``), a registrar's clinic against the region when one is known, and the
    register (a bad ``--database`` fails here). The file is put back if the audit entry cannot
    be written, so a failure leaves the accounts file as it was.
    """
    path = Path(args.accounts)
    planned = check_account(
        path,
        args.username,
        role=args.role,
        clinic_id=args.clinic,
        email=args.email,
        replace_existing=args.replace,
    )
    region = _region_clinics(args) if planned.clinic_id is not None else None
    if planned.clinic_id is not None and region is not None:
        check_clinic(planned.clinic_id, region[0], region=region[1])
    with _open(args) as register, _restored_on_failure(path):
        password = None if args.no_password else read_secret_line("password", confirm=True)
        account = add_account(
            path,
            args.username,
            role=args.role,
            password=password,
            clinic_id=args.clinic,
            email=args.email,
            replace_existing=args.replace,
        )
        register.log_event(
            operator(),
            "accounts.replace" if args.replace else "accounts.add",
            f"user:{account.username}",
            source=_source(args),
            details={"role": account.role.value, "clinic_id": account.clinic_id},
        )
    clinic = f" of clinic {account.clinic_id}" if account.clinic_id else ""
    print(f"{account.username}: {account.role.value}{clinic} saved in {args.accounts}")
    if account.clinic_id is not None and region is None:
        print(
            f"  clinic {account.clinic_id} was not checked against a region's clinics; pass "
            f"--region DIR or set {REGION_ENV} to check it",
            file=sys.stderr,
        )
    return 0


def _accounts_list(args: argparse.Namespace) -> int:
    """List the accounts (never their hashes)."""
    accounts = load_accounts(args.accounts)
    if not accounts:
        print(f"no accounts in {args.accounts}")
    for account in sorted(accounts.values(), key=lambda a: a.username):
        sign_in = "password" if account.password_hash else "OIDC only"
        clinic = f"  clinic {account.clinic_id}" if account.clinic_id else ""
        email = f"  {account.email}" if account.email else ""
        print(f"{account.username:24} {account.role.value:10} {sign_in:10}{clinic}{email}")
    return 0


def _accounts_remove(args: argparse.Namespace) -> int:
    """Remove an account; the register is opened first, so a bad ``--database`` removes none."""
    path = Path(args.accounts)
    with _open(args) as register, _restored_on_failure(path):
        removed = remove_account(path, args.username)
        register.log_event(
            operator(),
            "accounts.remove",
            f"user:{removed.username}",
            source=_source(args),
            details={"role": removed.role.value},
        )
    print(f"{removed.username}: removed from {args.accounts}")
    return 0


def add_register_commands(subparsers: Any) -> None:
    """Add ``emhana register …`` to the ``emhana`` parser's sub-commands."""
    register = subparsers.add_parser(
        "register", help="the attachment register: migrate, import, stats, export, accounts"
    )
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--database",
        help="SQLAlchemy URL of the register (default: $EMHANA_DATABASE_URL, else "
        "register.sqlite in $EMHANA_HOME or ~/.local/share/emhana)",
    )
    actions = register.add_subparsers(dest="register_command", required=True, metavar="ACTION")

    migrate_cmd = actions.add_parser(
        "migrate", help="create or upgrade the register's schema", parents=[database]
    )
    migrate_cmd.set_defaults(handler=_migrate)

    import_cmd = actions.add_parser(
        "import",
        help="load a region's districts (doctors, attached counts, norms)",
        parents=[database],
    )
    import_cmd.add_argument(
        "--region", default=str(DEFAULT_REGION), help="region folder (data/demo)"
    )
    import_cmd.add_argument(
        "--replace-districts",
        action="store_true",
        help="confirm a region that shares no district with the register's (another region): "
        "the register's districts are then retired, their attachments kept",
    )
    import_cmd.set_defaults(handler=_import)

    stats = actions.add_parser(
        "stats", help="counts of the register (no personal data)", parents=[database]
    )
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(handler=_stats)

    export = actions.add_parser(
        "export", help="aggregates for planners (no personal rows)", parents=[database]
    )
    export.add_argument(
        "--kind",
        choices=("capacity", "decisions"),
        default="capacity",
        help="capacity per district, or decisions and reason codes per clinic",
    )
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument(
        "--include-retired",
        action="store_true",
        help="capacity: also list the districts the region last imported lacks, marked retired",
    )
    export.set_defaults(handler=_export)

    accounts = actions.add_parser(
        "accounts", help="accounts of the app's sign-in", parents=[database]
    )
    accounts.add_argument(
        "--accounts",
        default=str(accounts_path()),
        help="accounts file (default: $EMHANA_ACCOUNTS, else accounts.toml in Emhana's home)",
    )
    account_actions = accounts.add_subparsers(
        dest="accounts_command", required=True, metavar="ACTION"
    )
    add = account_actions.add_parser(
        "add", help="add an account; prompts for the password (or reads it from stdin)"
    )
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[role.value for role in ACCOUNT_ROLES])
    add.add_argument("--clinic", help="the registrar's clinic_id")
    add.add_argument(
        "--region",
        help=f"region folder whose clinics --clinic must be one of (default: ${REGION_ENV}, "
        "the app's region; without either the clinic is not checked)",
    )
    add.add_argument("--email", help="matches the identity of an OIDC sign-in (st.login)")
    add.add_argument(
        "--no-password", action="store_true", help="OIDC-only account: sign in through st.login"
    )
    add.add_argument(
        "--replace",
        action="store_true",
        help="change an existing account (an e-mail or clinic not given again is kept; "
        "--email '' removes the e-mail)",
    )
    add.set_defaults(handler=_accounts_add)
    listing = account_actions.add_parser("list", help="list the accounts")
    listing.set_defaults(handler=_accounts_list)
    remove = account_actions.add_parser("remove", help="remove an account")
    remove.add_argument("username")
    remove.set_defaults(handler=_accounts_remove)


# --- `emhana decide --record` -----------------------------------------------------------------


def record_from_cli(
    application: Application,
    answer: Answer | Decision,
    *,
    database: str | None = None,
    iin: str | None = None,
    full_name: str | None = None,
    lang: str = "en",
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> Recorded:
    """Record a decision made on the command line, as the operator.

    Parameters
    ----------
    database
        The register's URL, from ``--database`` (default
        :func:`catchments.register.database_url`).
    iin
        The applicant's IIN; None reads it without echo (or from stdin's first line).
    lang
        ``decide --lang``: the prompt and what is said on stderr are in it.
    settings
        The region's settings (``RegionServices.settings``): its campaign dates say whether
        the application uses the right of free choice (R-TIME-2,
        :meth:`catchments.register.Register.record_decision`).

    Raises
    ------
    NotSubmittedError
        For a ``needs_acknowledgement`` decision (R-TERR-2), before the IIN is asked for.
    """
    decision = answer if isinstance(answer, Decision) else answer.decision
    if decision.outcome is Outcome.NEEDS_ACKNOWLEDGEMENT:
        raise NotSubmittedError(application.clinic_id)  # as the register would, asking nothing
    number = (
        iin if iin is not None else read_secret_line(cli_text("record.iin_prompt", lang), lang=lang)
    )
    new = _new_sqlite_file(database)
    with open_register(database, origin=_DATABASE_OPTION) as register:
        _say_created(new, lang)
        return register.record_decision(
            application,
            answer,
            iin=number,
            actor=operator(),
            source="cli:decide",
            full_name=full_name,
            settings=settings,
        )


def describe_recorded(recorded: Recorded, lang: str = "en") -> str:
    """What was recorded, for the registrar reading the terminal, in ``lang``.

    An approval for the person's own clinic and district says they are attached already and
    gives the coupon they hold: the register stored nothing new. An approval the register
    stored as refused says why: the district filled up meanwhile (R-CAP-1), or the register
    holds an earlier use of the right of free choice (R-TIME-2).
    """
    if recorded.already_attached:
        coupon = recorded.decision.coupon
        since = recorded.attached_since
        lines = [
            cli_text(
                "record.already",
                lang,
                clinic=coupon.clinic_id if coupon else "",
                district=coupon.district_id if coupon else "",
                since=format_date(since, Language(lang)) if since else "",
                application=recorded.application_id,
            )
        ]
    else:
        outcome = cli_text(f"outcome.{recorded.outcome.value}", lang)
        lines = [
            cli_text(
                "record.recorded",
                lang,
                application=recorded.application_id,
                decision=recorded.decision_id,
                outcome=outcome,
            )
        ]
    if recorded.capacity_refused:
        lines.append(cli_text("record.capacity_refused", lang))
    if recorded.free_choice_refused:
        lines.append(cli_text("record.free_choice_refused", lang))
    if recorded.coupon_number is not None:
        lines.append(cli_text("record.coupon", lang, number=recorded.coupon_number))
    if recorded.closed is not None:
        lines.append(
            cli_text(
                "record.closed",
                lang,
                attachment=recorded.closed.attachment_id,
                clinic=recorded.closed.clinic_id,
            )
        )
    if recorded.remaining is not None:
        lines.append(cli_text("record.remaining", lang, places=recorded.remaining))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``register`` sub-commands alone (the lead wires them into ``emhana``)."""
    parser = argparse.ArgumentParser(prog="emhana")
    add_register_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        handler = args.handler
        status: int = handler(args)
    except REGISTER_ERRORS as error:
        print(f"emhana register: {error}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    raise SystemExit(main())
