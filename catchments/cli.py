"""The ``emhana`` command.

Every sub-command turns the project's typed errors into a message on stderr and exit status 2;
a traceback means a bug in Emhana, never bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from catchments.calendar import KZ_TZ
from catchments.iin import IINError
from catchments.messages import batch_file_error
from catchments.models import (
    CALENDAR_YEARS,
    Application,
    ApplicationError,
    Location,
    in_calendar_years,
)
from catchments.osm_cli import OSM_ERRORS, add_osm_command
from catchments.planning import PlanningError
from catchments.planning_cli import PLANNING_ERRORS, add_planning_commands
from catchments.register import attached_counts
from catchments.register_cli import (
    REGISTER_ERRORS,
    add_register_commands,
    describe_recorded,
    record_from_cli,
)
from catchments.service import (
    Answer,
    BatchFileError,
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

DEFAULT_REGION = Path(__file__).resolve().parent.parent / "data" / "demo"
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad input to a command that is not about a data package (a file, a field)."""


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


def _read_bytes(path: str, what: str) -> bytes:
    """A file's content, or a :class:`UsageError` saying why it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{what} {path!r} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"{what} {path!r} is a folder; give a file") from None
    except OSError as error:
        raise UsageError(f"{what} {path!r} cannot be read: {error.strerror}") from None


def _read_text(path: str, what: str) -> str:
    """A UTF-8 text file's content, or a :class:`UsageError` saying why it cannot be read."""
    try:
        return _read_bytes(path, what).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{what} {path!r} is not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from None


def _check_writable(path: str, option: str) -> None:
    """Refuse an output path that cannot be written: a folder, or in a folder not there."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise UsageError(f"{option} {path} is a folder; name a file in it")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"{option} {path} cannot be written (permission denied)")


def _now(args: argparse.Namespace) -> dt.datetime:
    """The moment of the decision: --now when given (reproducible runs), else the clock."""
    if args.now is None:
        return dt.datetime.now(KZ_TZ)
    try:
        moment = dt.datetime.fromisoformat(args.now)
    except ValueError:
        raise UsageError(f"--now {args.now!r} is not an ISO date-time") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=KZ_TZ)
    if not in_calendar_years(moment):
        first, last = CALENDAR_YEARS
        raise UsageError(
            f"--now {args.now!r} is outside the years the holiday calendar covers "
            f"({first}–{last}); check the year"
        )
    return moment


def _decide(args: argparse.Namespace) -> int:
    """Decide one application (JSON) or a batch (CSV); print or write the decisions."""
    if (args.application is None) == (args.batch is None):
        raise UsageError("give either an APPLICATION.json or --batch FILE.csv")
    if args.record and args.batch is not None:
        raise UsageError(
            "--record takes one application at a time (its IIN is asked for); the batch "
            "file has no IIN column"
        )
    if args.out and args.batch is None:
        raise UsageError("--out writes a batch's decisions; give --batch FILE.csv with it")
    if args.out and Path(args.out).resolve() == Path(args.batch).resolve():
        raise UsageError(
            f"--out {args.out} is the batch file itself; writing the decisions there would "
            "lose the applications: name another file"
        )
    if args.out:
        _check_writable(args.out, "--out")  # before minutes of deciding, not after
    services = RegionServices.load(args.region)
    counts = attached_counts(args.database, origin="--database")
    if args.batch is not None:
        batch = decode_batch(_read_bytes(args.batch, "batch file"))
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
        errors = sum(result.answer is None for result in results)
        outcomes: dict[str, int] = {}
        for result in results:
            if result.answer is not None:
                key = str(result.answer.decision.outcome)
                outcomes[key] = outcomes.get(key, 0) + 1
        summary = ", ".join(f"{count} {name}" for name, count in sorted(outcomes.items()))
        print(
            f"{len(results)} rows: {summary or 'none decided'}"
            + (f", {errors} not decided (see the error column)" if errors else ""),
            file=sys.stderr,
        )
        return 0
    text = _read_text(args.application, "application")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{args.application} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        ) from None
    except (ValueError, RecursionError) as error:  # a number of >4,300 digits; deep nesting
        raise UsageError(
            f"{args.application} is not an application: {error}; an application is one JSON "
            "object (see README.md, 'Applications')"
        ) from None
    if not isinstance(data, dict):
        raise UsageError(f"{args.application} must hold one JSON object (an application)")
    answer = decide(services, data, now=_now(args), attached_now=counts)
    # Recorded before it is shown: a coupon on the screen must be one the register holds, not
    # one an IIN typo or a missing key kept out of it.
    recorded = (
        record_from_cli(Application.from_dict(data), answer, database=args.database)
        if args.record
        else None
    )
    if args.json:
        print(json.dumps(answer.to_dict(args.lang), ensure_ascii=False, indent=2))
    else:
        print(_readable(answer, args.lang))
    if recorded is not None:
        print(describe_recorded(recorded), file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Answer the citizen's question for an address or a point: every candidate clinic."""
    if (args.address is None) == (args.point is None):
        raise UsageError("give either an ADDRESS or --point LON LAT")
    try:
        return _check_answer(args)
    except ApplicationError as error:
        # Named by the options typed, not by the application's JSON paths they fill in.
        lines = [p.text(args.lang, name=_check_option(p.path)) for p in error.problems]
        raise UsageError(lines[0] if len(lines) == 1 else "\n  - ".join(["", *lines])) from None


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
    """The candidate clinics as a citizen reads them, nearest first."""
    data = answer.to_dict(lang)
    lines = [f"Address: {answer.place.label}", ""]
    clinics: list[dict[str, Any]] = data["clinics"]  # type: ignore[assignment]
    for clinic in clinics:
        walk = clinic["travel_min"]["walk"]
        drive = clinic["travel_min"]["drive"]
        remaining = ", ".join(f"{k} {v:+d}" for k, v in clinic["remaining"].items())
        lines.append(
            f"{clinic['clinic_id']}  {clinic['name']} ({clinic['kind']})"
            f"\n    {'in your territory' if clinic['in_territory'] else 'outside your territory'}"
            f"; walk {walk if walk is not None else '—'} min, drive "
            f"{drive if drive is not None else '—'} min; remaining places: {remaining}"
            f"\n    {clinic['outcome']}"
        )
        for reason in clinic["reasons"]:
            lines.append(f"      [{reason['severity']}] {reason['code']}: {reason['message']}")
    lines.append("")
    lines.append(str(data["emergency"]))
    return "\n".join(lines)


def _readable(answer: Answer, lang: str) -> str:
    """A decision as a registrar reads it."""
    data = answer.to_dict(lang)
    lines = [f"Outcome: {data['outcome']}", f"Residence: {answer.residence.label}"]
    reasons: list[dict[str, Any]] = data["reasons"]  # type: ignore[assignment]
    for reason in reasons:
        lines.append(f"  [{reason['severity']}] {reason['code']} ({reason['rule']}): ")
        lines[-1] += str(reason["message"])
    if data.get("taken_at"):
        lines.append(f"Taken at: {data['taken_at']}   answer due by: {data['due_by']}")
    coupon = data.get("coupon")
    if isinstance(coupon, dict):
        lines.append(
            f"Coupon: clinic {coupon.get('clinic_id')}, district {coupon.get('district_id')}"
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
            ApplicationError
            | ServiceError
            | BatchFileError
            | RegionDataError
            | PlanningError
            | IINError,
        ):
            text = error.text(lang)
        print(f"emhana {args.command}: {text}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        # A file or folder the command was pointed at (missing, a file where a folder is
        # wanted, not writable, a full disk): the user's to fix, so a message, not a traceback.
        print(f"emhana {args.command}: {_file_problem(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        # Ctrl-C is the user's wish, not a fault: a line and 128 + SIGINT, as shells expect.
        # A rebalancing search takes its first Ctrl-C itself (planning_cli._search).
        print(f"emhana {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _file_problem(error: OSError) -> str:
    """What went wrong with a path, and what to check."""
    if error.strerror and error.filename:
        return (
            f"{error.filename}: {error.strerror}; check the path, its permissions and the "
            "free space"
        )
    return str(error)


if __name__ == "__main__":
    raise SystemExit(main())
