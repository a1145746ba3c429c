"""The ``emhana`` command.

Every sub-command turns the project's typed errors into a message on stderr and exit status 2;
a traceback means a bug in Emhana, never bad input. A command with ``--lang`` (``decide``,
``check``, ``rebalance``, ``export``) says everything in that language, its own errors included
(:mod:`catchments.cli_wording`); the others speak English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Final

from catchments.access import AccessDeniedError
from catchments.calendar import KZ_TZ, local
from catchments.cli_wording import CLI_TEXT, cli_text, os_reason
from catchments.iin import IINError, IINKeyError
from catchments.messages import (
    NAMES,
    Language,
    batch_file_error,
    emergency_notice,
    format_date,
    format_decimal,
    format_number,
    json_parser_problem,
    reconcile_summary,
    reconcile_text,
    register_error,
)
from catchments.models import (
    CALENDAR_YEARS,
    Application,
    ApplicationError,
    Location,
    Outcome,
    in_calendar_years,
)
from catchments.osm_cli import OSM_ERRORS, add_osm_command
from catchments.planning import PlanningError
from catchments.planning_cli import PLANNING_ERRORS, add_planning_commands
from catchments.register import (
    NotSubmittedError,
    RegisterError,
    attached_counts,
    iin_key_problem,
)
from catchments.register_cli import (
    REGISTER_ERRORS,
    add_register_commands,
    describe_recorded,
    record_from_cli,
)
from catchments.service import (
    Answer,
    BatchFileError,
    BatchRow,
    CheckAnswer,
    RegionServices,
    ServiceError,
    check,
    decide,
    decide_rows,
    decode_batch,
    read_batch,
    write_decisions,
)
from geo.demo import DEMO_SOURCE_NAME, build_demo
from geo.package import GPKG_NAME, TOML_NAME, Region, RegionDataError, read_config, read_region
from geo.schema import AGE_BANDS
from geo.territory import reconcile

DEFAULT_REGION = Path(__file__).resolve().parent.parent / "data" / "demo"
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a pipe's reader gone


class UsageError(Exception):
    """Bad input to a command that is not about a data package (a file, a field).

    A command with ``--lang`` raises it with a ``key`` of :data:`catchments.cli_wording.CLI_TEXT`
    and its ``values`` (:func:`_usage`), so :func:`main` words it in that language
    (:meth:`text`); ``str()`` is the English, as for the commands without ``--lang``, which
    give only the message. An ``os_error`` names its cause (``{reason}``) in the language too.
    """

    def __init__(
        self,
        message: str = "",
        *,
        key: str | None = None,
        values: Mapping[str, object] | None = None,
        os_error: OSError | None = None,
    ) -> None:
        super().__init__(message)
        self.key = key
        self.values: dict[str, object] = dict(values or {})
        self.os_error = os_error

    def __str__(self) -> str:
        return super().__str__() if self.key is None else self.text(Language.EN)

    def text(self, lang: Language | str) -> str:
        """The problem in ``lang`` (kk, ru, en) when it has a key, else the English message.

        A value that is a function is called with the language: a name or a cause that is
        worded too (the kind of file, what the JSON parser expected).
        """
        if self.key is None:
            return super().__str__()
        language = Language(lang)
        values = {k: v(language) if callable(v) else v for k, v in self.values.items()}
        if self.os_error is not None:
            values["reason"] = os_reason(self.os_error, language)
        return cli_text(self.key, language, **values)


def _usage(key: str, *, os_error: OSError | None = None, **values: object) -> UsageError:
    """A :class:`UsageError` worded by ``key``: English by ``str()``, ``--lang`` in main()."""
    return UsageError(key=key, values=values, os_error=os_error)


def _file_kind(what: str) -> Callable[[Language | str], str]:
    """The kind of file (``batch``, ``application``) as a value of a :class:`UsageError`."""
    return partial(cli_text, f"file.{what}")


def _demo_build(args: argparse.Namespace) -> int:
    """Generate the demo region and write it; print what was written.

    An earlier demo is replaced (``make demo``); another region in ``--out`` only with
    ``--overwrite``: a mistyped folder must not lose someone's package.
    """
    out = Path(args.out)
    if not args.overwrite and any((out / name).exists() for name in (TOML_NAME, GPKG_NAME)):
        try:
            sources = read_config(out).sources
        except RegionDataError:
            sources = ()
        if not any(source.get("name") == DEMO_SOURCE_NAME for source in sources):
            raise UsageError(
                f"{out} holds another region package; pass --overwrite to replace it with the "
                "demo, or choose an empty folder"
            )
    path = build_demo(out)
    region = read_region(path)
    _print_summary(region, path)
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Load a region package, report every problem, and summarise it when it is valid."""
    region = read_region(args.region)
    for warning in region.warnings:
        print(warning, file=sys.stderr)
    _print_summary(region, Path(args.region))
    return 0


RECONCILE_SHOWN: Final = 20
"""Buildings ``emhana reconcile`` lists on the screen; ``--out`` writes them all."""


def _reconcile(args: argparse.Namespace) -> int:
    """Compare each building's district by street list with its district by polygon.

    Registries keep territories as street lists, planners draw polygons; where the two
    disagree a registrar and a map give different answers for the same house
    (:func:`geo.territory.reconcile`). Prints a summary and the houses that disagree, or
    writes them (``--all``: every building) to ``--out`` as CSV.
    """
    if args.out:
        _check_writable(args.out, "--out")
    region = read_region(args.region)
    lang = args.lang
    if region.district_streets.empty:
        print(reconcile_text("none", lang))
        return 0
    report = reconcile(
        region.districts,
        region.district_streets,
        region.buildings,
        listed_districts_only=not args.every_district,
    )
    counts = {str(status): int(n) for status, n in report["status"].value_counts().items()}
    print(reconcile_summary(counts, lang))
    found = report[report["status"] != "agree"]
    language = Language(lang)
    if args.out:
        written = report if args.all else found
        # With the byte-order mark Excel needs to read UTF-8, as decide --out writes.
        written.to_csv(args.out, index=False, encoding="utf-8-sig")
        rows = format_number(len(written), language)
        print(cli_text("reconcile.written", lang, count=rows, path=args.out))
        return 0
    if found.empty:
        return 0
    columns = ("building", "address", "list", "polygon", "finding")
    print(" | ".join(reconcile_text(f"column.{column}", lang) for column in columns))
    for row in found.head(RECONCILE_SHOWN).to_dict("records"):
        address = " ".join(str(row[key]) for key in ("street", "housenumber") if row[key])
        cells = [
            str(row["building_id"]),
            address,
            str(row["list_district"] or "—"),
            str(row["polygon_district"] or "—"),
            reconcile_text(f"status.{row['status']}", lang),
        ]
        print(" | ".join(cells))
    if len(found) > RECONCILE_SHOWN:
        more = format_number(len(found) - RECONCILE_SHOWN, language)
        print(cli_text("reconcile.more", lang, count=more))
    return 0


def _read_bytes(path: str, what: str) -> bytes:
    """A file's content, or a :class:`UsageError` saying why it cannot be read.

    ``what`` is the kind of file (``batch``, ``application``: ``file.*`` of the wording).
    """
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise _usage("file.missing", what=_file_kind(what), path=path) from None
    except IsADirectoryError:
        raise _usage("file.folder", what=_file_kind(what), path=path) from None
    except OSError as error:
        raise _usage("file.unreadable", what=_file_kind(what), path=path, os_error=error) from None


def _read_text(path: str, what: str) -> str:
    """A UTF-8 text file's content, or a :class:`UsageError` saying why it cannot be read."""
    try:
        # utf-8-sig: Windows editors (Notepad) start UTF-8 files with a byte-order mark.
        return _read_bytes(path, what).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _usage("file.not_utf8", what=_file_kind(what), path=path, byte=error.start) from None


def _check_writable(path: str, option: str) -> None:
    """Refuse an output path that cannot be written: a folder, or in a folder not there."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise _usage("out.folder", option=option, path=path)
    if not folder.is_dir():
        raise _usage("out.no_folder", option=option, path=path, folder=folder)
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise _usage("out.denied", option=option, path=path)


def _now(args: argparse.Namespace) -> dt.datetime:
    """The moment of the decision: --now when given (reproducible runs), else the clock."""
    if args.now is None:
        return dt.datetime.now(KZ_TZ)
    try:
        moment = dt.datetime.fromisoformat(args.now)
    except ValueError:
        raise _usage("usage.now_not_iso", value=args.now) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=KZ_TZ)
    if not in_calendar_years(moment):
        first, last = CALENDAR_YEARS
        raise _usage("usage.now_out_of_years", value=args.now, first=first, last=last)
    return moment


def _decide(args: argparse.Namespace) -> int:
    """Decide one application (JSON) or a batch (CSV); print or write the decisions."""
    if (args.application is None) == (args.batch is None):
        raise _usage("usage.decide_one_of")
    if args.record and args.batch is not None:
        raise _usage("usage.record_batch")
    if args.out and args.batch is None:
        raise _usage("usage.out_without_batch")
    if args.out and Path(args.out).resolve() == Path(args.batch).resolve():
        raise _usage("usage.out_is_batch", path=args.out)
    if args.out:
        _check_writable(args.out, "--out")  # before minutes of deciding, not after
    services = RegionServices.load(args.region)
    counts = attached_counts(args.database, origin="--database")
    if args.batch is not None:
        batch = decode_batch(_read_bytes(args.batch, "batch"))
        rows = read_batch(batch.text)
        if batch.encoding == "cp1251":
            notice = batch_file_error("read_as_cp1251", {}, args.lang)
            print(f"{args.batch}: {notice}", file=sys.stderr)
        results = decide_rows(services, rows, now=_now(args), attached_now=counts)
        output = write_decisions(results, lang=args.lang)
        if args.out:
            # With the byte-order mark Excel needs to read UTF-8 (stdout, a pipe, gets none).
            Path(args.out).write_text(output, encoding="utf-8-sig")
        else:
            sys.stdout.write(output)
        print(_batch_summary(results, args.lang), file=sys.stderr)
        return 0
    data = _read_application(args.application)
    try:
        answer = decide(services, data, now=_now(args), attached_now=counts)
    except (ServiceError, ApplicationError) as error:
        if args.json:  # a program reading the answer gets the problem as data, with its codes
            print(json.dumps({"error": _error_document(error, args.lang)}, ensure_ascii=False))
        raise
    # Recorded before it is shown: a coupon on the screen must be one the register holds, not
    # one an IIN typo or a missing key kept out of it.
    recorded, not_submitted = None, None
    if args.record:
        try:
            recorded = record_from_cli(
                Application.from_dict(data),
                answer,
                database=args.database,
                lang=args.lang,
                settings=services.settings,
            )
        except NotSubmittedError as error:
            # R-TERR-2: without the applicant's acknowledgement the application is not
            # submitted; its decision is shown, and nothing is recorded (no IIN asked for).
            not_submitted = error
    if recorded is not None:
        # What is shown is what the register stored: an approval the district had no place
        # left for by then is a refusal (R-CAP-1), with no coupon.
        answer = replace(answer, decision=recorded.decision)
    if args.json:
        shown = answer.to_dict(args.lang)
        if recorded is not None:
            shown["recorded"] = recorded.to_dict()  # the coupon's number, or why none
        elif not_submitted is not None:
            shown["recorded"] = None
            shown["not_recorded"] = not_submitted.code
        print(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        print(_readable(answer, args.lang))
    if recorded is not None:
        print(describe_recorded(recorded, args.lang), file=sys.stderr)
    elif not_submitted is not None:
        reason = not_submitted.text(args.lang)
        print(cli_text("record.not_recorded", args.lang, reason=reason), file=sys.stderr)
    return 0


def _error_document(error: ServiceError | ApplicationError, lang: str) -> dict[str, Any]:
    """Why an application was not decided, as ``decide --json`` answers it.

    ``code`` is stable (``unknown_clinic``, ``address_ambiguous``, ... for a place or clinic
    the region lacks; ``invalid_application`` for fields that break DESIGN.md's format, each
    in ``problems`` with its ``field`` and ``code``); ``message`` is in ``lang``.
    """
    if isinstance(error, ServiceError):
        # The code without its wording variant ("unknown_clinic.close": one with a suggestion).
        code = error.code.partition(".")[0]
        return {"code": code, "field": error.field, "message": error.text(lang)}
    return {
        "code": "invalid_application",
        "field": None,
        "message": error.text(lang),
        "problems": [
            {"field": problem.path, "code": problem.code, "message": problem.message(lang)}
            for problem in error.problems
        ],
    }


def _read_application(path: str) -> dict[str, Any]:
    """The application a JSON file holds, or a :class:`UsageError` saying what is wrong."""
    text = _read_text(path, "application")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        # The parser's own words are English: what it expected is worded in the language.
        expected = partial(json_parser_problem, error.msg, found=error.doc[error.pos :][:2])
        raise _usage(
            "json.invalid", path=path, error=expected, line=error.lineno, column=error.colno
        ) from None
    except RecursionError:
        raise _usage("json.too_deep", path=path) from None
    except ValueError:  # a number longer than int() reads (4,300 digits by default)
        limit = partial(format_number, sys.get_int_max_str_digits())
        raise _usage("json.long_number", path=path, limit=limit) from None
    if not isinstance(data, dict):
        raise _usage("json.not_object", path=path)
    return data


def _batch_summary(results: Sequence[BatchRow], lang: str) -> str:
    """The line after a batch: how many rows, decided how, and how many not decided."""
    counts = Counter(str(r.answer.decision.outcome) for r in results if r.answer is not None)
    outcomes = [
        cli_text(f"batch.{outcome.value}", lang, count=_count(counts[outcome.value], lang))
        for outcome in Outcome
        if counts[outcome.value]
    ]
    line = cli_text(
        "batch.summary",
        lang,
        rows=_count(len(results), lang),
        outcomes=", ".join(outcomes) or cli_text("batch.none", lang),
    )
    errors = sum(result.answer is None for result in results)
    if errors:
        line += cli_text("batch.errors", lang, count=_count(errors, lang))
    return line


def _count(value: int, lang: str) -> str:
    """A count grouped as the language writes it: ``1 234`` in ru and kk.

    A counted field of the wording agrees its noun with the number as printed.
    """
    return format_number(value, Language(lang))


def _check(args: argparse.Namespace) -> int:
    """Answer the citizen's question for an address or a point: every candidate clinic."""
    if (args.address is None) == (args.point is None):
        raise _usage("usage.check_one_of")
    try:
        return _check_answer(args)
    except ApplicationError as error:
        # Named by the options typed, not by the application's JSON paths they fill in; worded
        # in --lang already, so every language's template is the text itself.
        lines = [p.text(args.lang, name=_check_option(p.path)) for p in error.problems]
        problems = lines[0] if len(lines) == 1 else "\n  - ".join(["", *lines])
        raise _usage("usage.problems", problems=problems) from None


CHECK_OPTIONS: Final = {
    "location.lon": "--point LON",
    "location.lat": "--point LAT",
    "location.address": "ADDRESS",
    "location": "ADDRESS / --point",
    "applicant.birth_date": "--birth-date",
    "applicant.categories": "--categories",
    "applicant.documents": "--documents",
    "ground": "--ground",
    "channel": "--channel",
    "submitted_at": "--now",
}
"""The option of ``emhana check`` that fills in each field of the application it decides."""


def _check_option(path: str) -> str:
    """The ``check`` option behind an application's field (``applicant.categories[1]``)."""
    field = re.sub(r"\[\d+\]$", "", path).replace("residence", "location", 1)
    return CHECK_OPTIONS.get(field, path)


def _check_answer(args: argparse.Namespace) -> int:
    location = (
        Location(address=args.address)
        if args.address is not None
        else Location(lon=args.point[0], lat=args.point[1])
    )
    applicant: dict[str, object] = {}
    if args.birth_date:
        applicant["birth_date"] = args.birth_date
    if args.categories:
        applicant["categories"] = [c.strip() for c in args.categories.split(",") if c.strip()]
    if args.documents:
        applicant["documents"] = [d.strip() for d in args.documents.split(",") if d.strip()]
    if args.eds:
        applicant["has_eds"] = True
    services = RegionServices.load(args.region)
    answer = check(
        services,
        location,
        now=_now(args),
        applicant=applicant,
        channel=args.channel,
        home_visit_acknowledged=args.acknowledge,
        ground=args.ground,
        attached_now=attached_counts(args.database, origin="--database"),
    )
    if args.json:
        print(json.dumps(answer.to_dict(args.lang), ensure_ascii=False, indent=2))
    else:
        print(_readable_check(answer, args.lang))
    return 0


def _readable_check(answer: CheckAnswer, lang: str) -> str:
    """The candidate clinics as a citizen reads them, nearest first, in ``lang``.

    Clinic kinds, district models, outcomes and severities are named in the language, and
    minutes and places written as it writes numbers; codes and identifiers stay as they are.
    """
    language = Language(lang)
    lines = [cli_text("check.address", language, address=answer.place.label), ""]
    for option in answer.options:
        clinic = option.to_dict(language)
        remaining = ", ".join(
            cli_text(
                "check.remaining_item",
                language,
                model=NAMES["models"][language].get(model, model),
                count=_signed(count, language),
            )
            for model, count in option.remaining.items()
        )
        territory = "check.in_territory" if option.in_territory else "check.out_territory"
        travel = cli_text(
            "check.travel",
            language,
            walk=_minutes(option.walk_min, language),
            drive=_minutes(option.drive_min, language),
        )
        kind = str(clinic["kind"])
        kind_name = CLI_TEXT[language].get(f"kind.{kind}", kind)  # a kind of a newer schema: as is
        places = cli_text("check.remaining", language, places=remaining)
        lines.append(
            f"{clinic['clinic_id']}  {clinic['name']} ({kind_name})"
            f"\n    {cli_text(territory, language)}; {travel}; {places}"
            f"\n    {cli_text(f'outcome.{option.decision.outcome.value}', language)}"
        )
        reasons: list[dict[str, Any]] = clinic["reasons"]  # type: ignore[assignment]
        for reason in reasons:
            severity = cli_text(f"severity.{reason['severity']}", language)
            lines.append(f"      [{severity}] {reason['code']}: {reason['message']}")
    lines.append("")
    lines.append(emergency_notice(language))
    return "\n".join(lines)


def _minutes(value: float | None, lang: Language) -> str:
    """Travel minutes to a tenth (``13,3`` in ru, kk), or a dash where there is no route."""
    return "—" if value is None else format_decimal(value, lang, 1)


def _signed(value: int, lang: Language) -> str:
    """Places left with their sign, grouped: ``+1 865``, ``-340``."""
    return ("-" if value < 0 else "+") + format_number(abs(value), lang)


def _moment(value: dt.datetime, lang: Language) -> str:
    """A moment of the answer in Kazakhstan's time: ``21 сентября 2026 г., 10:00``."""
    moment = local(value)
    return cli_text("moment", lang, date=format_date(moment.date(), lang), time=f"{moment:%H:%M}")


def _readable(answer: Answer, lang: str) -> str:
    """A decision as a registrar reads it, in ``lang``."""
    language = Language(lang)
    decision = answer.decision
    data = answer.to_dict(language)
    lines = [
        cli_text(
            "decide.outcome",
            language,
            outcome=cli_text(f"outcome.{decision.outcome.value}", language),
        ),
        cli_text("decide.residence", language, address=answer.residence.label),
    ]
    reasons: list[dict[str, Any]] = data["reasons"]  # type: ignore[assignment]
    for reason in reasons:
        severity = cli_text(f"severity.{reason['severity']}", language)
        lines.append(f"  [{severity}] {reason['code']} ({reason['rule']}): {reason['message']}")
    if decision.taken_at is not None and decision.due_by is not None:
        lines.append(
            cli_text(
                "decide.timing",
                language,
                taken=_moment(decision.taken_at, language),
                due=_moment(decision.due_by, language),
            )
        )
    if decision.coupon is not None:
        coupon = decision.coupon
        lines.append(
            cli_text(
                "decide.coupon", language, clinic=coupon.clinic_id, district=coupon.district_id
            )
        )
    return "\n".join(lines)


def _print_summary(region: Region, path: Path) -> None:
    """A few counts a planner can check against what they expect of the region."""
    people = int(region.buildings[list(AGE_BANDS)].to_numpy().sum())
    print(f"{region.config.name}: {path}")
    print(f"  settlements: {len(region.settlements):,}   clinics: {len(region.clinics):,}")
    print(
        f"  districts: {len(region.districts):,}   street lists: {len(region.district_streets):,}"
    )
    print(f"  buildings: {len(region.buildings):,}   residents: {people:,}")
    print(f"  street nodes: {len(region.street_nodes):,}   edges: {len(region.street_edges):,}")


INPUT_ERRORS: tuple[type[Exception], ...] = (
    RegionDataError,
    UsageError,
    ApplicationError,
    ServiceError,
    BatchFileError,
    *OSM_ERRORS,
    *REGISTER_ERRORS,
    *PLANNING_ERRORS,
)
"""Errors that mean bad input, not a bug: main() prints them and exits with status 2."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command (kept separate so tests and docs can use it)."""
    parser = argparse.ArgumentParser(
        prog="emhana",
        description="Clinic finder and primary-care service-area planner (Kazakhstan PHC rules).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="the demo region")
    demo_commands = demo.add_subparsers(dest="demo_command", required=True, metavar="ACTION")
    build = demo_commands.add_parser("build", help="generate the demo region deterministically")
    build.add_argument("--out", default=str(DEFAULT_REGION), help="folder to write (data/demo)")
    build.add_argument(
        "--overwrite", action="store_true", help="replace a region package that is not the demo"
    )
    build.set_defaults(handler=_demo_build)

    decide_cmd = commands.add_parser(
        "decide", help="decide an application (JSON) or a batch of them (CSV)"
    )
    decide_cmd.add_argument("application", nargs="?", help="an application JSON file")
    decide_cmd.add_argument("--batch", help="a CSV of applications, one a row")
    decide_cmd.add_argument("--out", help="with --batch: write the decisions CSV here")
    decide_cmd.add_argument("--region", default=str(DEFAULT_REGION), help="region folder")
    decide_cmd.add_argument("--lang", choices=("kk", "ru", "en"), default="en")
    decide_cmd.add_argument("--json", action="store_true", help="print DESIGN.md's JSON answer")
    decide_cmd.add_argument("--now", help="decision time, ISO 8601 (default: the clock)")
    decide_cmd.add_argument(
        "--record",
        action="store_true",
        help="write the decision to the register (asks for the applicant's IIN)",
    )
    decide_cmd.add_argument(
        "--database", help="the register's URL (default: $EMHANA_DATABASE_URL or Emhana's home)"
    )
    decide_cmd.set_defaults(handler=_decide)

    check_cmd = commands.add_parser(
        "check", help="which clinics can take a citizen at this address, and why"
    )
    check_cmd.add_argument("address", nargs="?", help="an address as people type it")
    check_cmd.add_argument(
        "--point", nargs=2, type=float, metavar=("LON", "LAT"), help="a point instead"
    )
    check_cmd.add_argument("--region", default=str(DEFAULT_REGION), help="region folder")
    check_cmd.add_argument("--lang", choices=("kk", "ru", "en"), default="en")
    check_cmd.add_argument("--json", action="store_true", help="print the JSON answer")
    check_cmd.add_argument("--birth-date", help="the applicant's birth date (default: an adult)")
    check_cmd.add_argument("--categories", help="comma-separated categories (RULES.md)")
    check_cmd.add_argument("--documents", help="comma-separated documents (default: id_card)")
    check_cmd.add_argument("--channel", choices=("registry", "psc", "egov"), default="psc")
    check_cmd.add_argument("--eds", action="store_true", help="the applicant has an EDS")
    check_cmd.add_argument("--ground", help="outside the campaign: the ground (RULES.md, R-TIME-2)")
    check_cmd.add_argument(
        "--acknowledge", action="store_true", help="accept having no home visits out of area"
    )
    check_cmd.add_argument("--now", help="the moment asked about, ISO 8601 (default: the clock)")
    check_cmd.add_argument(
        "--database", help="the register whose counts to use (default: Emhana's, if any)"
    )
    check_cmd.set_defaults(handler=_check)

    add_osm_command(commands)
    add_register_commands(commands)
    add_planning_commands(commands)

    validate = commands.add_parser("validate", help="check a region data package")
    validate.add_argument("region", help="folder with region.gpkg and region.toml")
    validate.set_defaults(handler=_validate)

    compare = commands.add_parser(
        "reconcile",
        help="compare the districts' street lists with their polygons, building by building",
    )
    compare.add_argument("--region", default=str(DEFAULT_REGION), help="region folder")
    compare.add_argument("--lang", choices=("kk", "ru", "en"), default="en")
    compare.add_argument("--out", help="write the buildings found to this CSV file")
    compare.add_argument(
        "--all", action="store_true", help="with --out: every building, agreeing ones too"
    )
    compare.add_argument(
        "--every-district",
        action="store_true",
        help="compare districts drawn only as polygons too (default: those with street lists)",
    )
    compare.set_defaults(handler=_reconcile)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``emhana`` command; return its exit status."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except INPUT_ERRORS as error:
        # What the user must fix, in the language they asked for where the error can say it;
        # in English, str() keeps the detail the catalog leaves out (the geocoder's, say).
        lang = getattr(args, "lang", "en")
        text = str(error)
        if lang != "en" and isinstance(
            error,
            UsageError
            | ApplicationError
            | ServiceError
            | BatchFileError
            | RegionDataError
            | PlanningError
            | IINError
            | RegisterError
            | AccessDeniedError,
        ):
            text = error.text(lang)
        elif lang != "en" and isinstance(error, IINKeyError):
            text = _register_problem(error, lang)
        print(f"emhana {args.command}: {text}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (| head): nothing more is wanted, so no message. Python would
        # still complain flushing stdout at exit; it is pointed at nothing first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as error:
        # A file or folder the command was pointed at (missing, a file where a folder is
        # wanted, not writable, a full disk): the user's to fix, so a message, not a traceback.
        problem = _file_problem(error, getattr(args, "lang", "en"))
        print(f"emhana {args.command}: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        # Ctrl-C is the user's wish, not a fault: a line and 128 + SIGINT, as shells expect.
        # A rebalancing search takes its first Ctrl-C itself (planning_cli._search).
        interrupted = cli_text("interrupted", getattr(args, "lang", "en"))
        print(f"emhana {args.command}: {interrupted}", file=sys.stderr)
        return EXIT_INTERRUPTED


def _register_problem(error: IINKeyError, lang: str) -> str:
    """A missing or short IIN key (``decide --record``) in ``lang``; the error is English only.

    It sends the registrar to a setting, so it must read as the rest of the command's output
    does. The register's own errors word themselves (:meth:`RegisterError.text`).
    """
    which, values = iin_key_problem(error)
    return register_error(f"iin_{which}", values, lang)


def _file_problem(error: OSError, lang: str = "en") -> str:
    """What went wrong with a path, and what to check, in ``lang``.

    Without a path there is nothing to check, and the error says what it can (English).
    """
    if error.strerror and error.filename:
        return cli_text("os.problem", lang, path=error.filename, reason=os_reason(error, lang))
    return str(error)


if __name__ == "__main__":
    raise SystemExit(main())
