"""``emhana rebalance`` and ``emhana export``: the planner's tools from the command line.

``catchments.cli`` registers them with :func:`add_planning_commands` and turns the errors of
:data:`PLANNING_ERRORS` into a message and exit status 2, like its own.

=================================================  =============================================
``emhana rebalance --region DIR``                  redraw districts: norms, contiguity, few moves
  ``[--max-move-share 0.1] [--max-travel-min 30]``  bounds on disruption and on travel
  ``[--max-reach 3]``                              blocks a district may grow outwards
  ``[--time-limit 30] [--deterministic]``          solver seconds; same plan every run
  ``[--out DIR] [--json]``                         write moves, load, districts, lists, report
  ``[--least-moves]``                              only the fewest moves every norm needs (LP)
  ``[--doctors DISTRICT=FTE ...]``                  with posts a report says are missing
``emhana export --region DIR --out DIR``           the current districts (or ``--rebalance``d):
  ``[--format gpkg|geojson] [--report html|pdf]``  polygons, registry street lists, load, report
                                                   (of the load now, without ``--rebalance``)
  ``[--population FILE]``                          residents shared from polygons by area
=================================================  =============================================

Progress goes to stderr, results to stdout, so ``> summary.txt`` keeps the summary; both, and
the errors of the options, are in ``--lang`` (:mod:`catchments.planning.wording`). Ctrl-C
during a rebalancing search stops it and keeps the best plan found so far (printed and written
as usual, its status ``stopped``); a second Ctrl-C quits without it.

``--out`` is checked before the region is read (writable, no folder where a file goes), and
the files are written to a hidden folder inside it and moved into place only when all are
written: a failed write leaves neither part of a plan nor a folder the command made.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import json
import math
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final, NoReturn

import geopandas as gpd
import numpy as np
import pandas as pd
from pyogrio.errors import DataLayerError, DataSourceError

from catchments.cli_wording import os_reason
from catchments.messages import Language, format_decimal, format_number
from catchments.models import SettingsError
from catchments.planning import (
    PlanningError,
    PlanningRegion,
    RebalanceOptions,
    RebalanceReport,
    SearchStop,
    SolveProgress,
    district_load_table,
    district_street_lists,
    floor_message,
    moves_floor,
    prepare,
    rebalance,
    with_doctors,
    write_districts,
    write_report,
)
from catchments.planning.export import write_load_report
from catchments.planning.scenarios import MAX_DISTRICT_FTE
from catchments.planning.solver import MAX_HOPS, MAX_WORKERS
from catchments.planning.tiles import check_cell_size
from catchments.planning.wording import report_text, summary_rows
from geo.network import NetworkError
from geo.package import read_population_areas, read_region
from geo.territory import TerritoryError

__all__ = ["PLANNING_ERRORS", "CommandError", "add_planning_commands"]

PLANNING_ERRORS: Final = (PlanningError, NetworkError, TerritoryError, SettingsError)
"""Errors of the planning commands that are the user's to fix (exit status 2)."""


class CommandError(PlanningError):
    """An option or ``--out`` folder of ``rebalance`` or ``export`` the planner must fix.

    A :class:`PlanningError`, so ``catchments.cli`` handles it with the others, worded by a key
    of :data:`~catchments.planning.wording.REPORT_TEXT` (``option.*``, ``out.*``) so that
    :meth:`text` gives it in ``--lang``; ``str()`` is the English. Numbers are written as the
    language writes them when worded, and an ``os_error`` names its cause (``{reason}``).
    """

    def __init__(self, key: str, *, os_error: OSError | None = None, **values: object) -> None:
        self.key = key
        self.values = values
        self.os_error = os_error
        super().__init__(self.text(Language.EN))

    def text(self, lang: str) -> str:
        """The problem in ``lang`` (kk, ru, en)."""
        language = Language(lang)
        values = {
            # A value that is a function of the language is a word: called with it.
            name: value(language) if callable(value) else _figure(value, language)
            for name, value in self.values.items()
        }
        if self.os_error is not None:
            values["reason"] = os_reason(self.os_error, language)
        return report_text(self.key, language, **values)


def _figure(value: object, lang: Language) -> object:
    """A number as ``lang`` writes it (``0,25``, ``5 000``); any other value as it is.

    Counted fields (``{max:block|blocks}``) read the number back from this text to agree.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # inf, nan: what was typed
    if float(value).is_integer():
        return format_number(value, lang)
    return format_decimal(value, lang, 6, trim=True)


DEFAULT_REGION: Final = Path(__file__).resolve().parent.parent / "data" / "demo"
MIN_CELL_M: Final = 10.0
MAX_CELL_M: Final = 5_000.0
"""``--cell-m`` outside these is a typo: below a house's width, or above a village's."""


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _log(key: str, lang: str, **values: object) -> None:
    """A progress line on stderr in ``--lang`` (``log.*`` of the report's wording)."""
    _progress(report_text(f"log.{key}", lang, **values))


def _search_log(lang: str, every_s: float = 5.0) -> Callable[[SolveProgress], None]:
    """A line on stderr for the search's start and then every ``every_s`` seconds.

    A planner may give the search minutes; this shows it is working and how far it has got.
    """
    printed_at = -math.inf
    language = Language(lang)

    def log(progress: SolveProgress) -> None:
        nonlocal printed_at
        if time.monotonic() - printed_at < every_s:
            return
        printed_at = time.monotonic()
        _log(
            "progress",
            lang,
            spent=format_number(round(progress.spent), language),
            limit=format_decimal(progress.limit, language, 1, trim=True),
            over=format_number(progress.people_over, language),
            moved=format_number(progress.people_moved, language),
        )

    return log


def _search(
    planning: PlanningRegion,
    options: RebalanceOptions,
    args: argparse.Namespace,
) -> RebalanceReport:
    """:func:`rebalance` with its log on stderr, stopped (keeping its best plan) by Ctrl-C.

    The search runs in a worker thread: Python runs signal handlers in the main thread only,
    between bytecodes, so Ctrl-C would otherwise wait for the CP-SAT search under way (or the
    LP) to end by itself. A second Ctrl-C quits at once, with ``catchments.cli``'s status for
    an interruption and no traceback.
    """
    limit = format_decimal(options.time_limit_s, Language(args.lang), 1, trim=True)
    _log("rebalancing", args.lang, limit=limit)
    stop = SearchStop()
    outcome: list[RebalanceReport | BaseException] = []
    # An Event, not Thread.join: a Ctrl-C inside join() left is_alive() False while the search
    # still ran (seen on Python 3.11).
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append(
                rebalance(
                    planning,
                    options,
                    cell_m=args.cell_m,
                    progress=_search_log(args.lang),
                    stop=stop,
                )
            )
        except BaseException as error:  # raised again in the main thread
            outcome.append(error)
        finally:
            done.set()

    threading.Thread(target=run, name="emhana-rebalance", daemon=True).start()
    while not done.is_set():
        try:
            done.wait(0.25)
        except KeyboardInterrupt:
            if stop.requested:
                _quit(args.command, args.lang)
            _log("stopping", args.lang)
            stop.request()
        else:
            if stop.requested:
                # Again each time: a request made just before a CP-SAT search starts is lost.
                stop.request()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _quit(command: str, lang: str = "en") -> NoReturn:
    """Exit now, the search thread still running.

    A normal exit would finalise the interpreter under the search's CP-SAT threads, which
    aborts it ("terminate called without an active exception", status -6): os._exit skips that.
    """
    from catchments.cli import EXIT_INTERRUPTED  # noqa: PLC0415 (cli imports this module)

    _progress(f"emhana {command}: {report_text('cli.interrupted', lang)}")
    sys.stdout.flush()
    os._exit(EXIT_INTERRUPTED)


def _options(args: argparse.Namespace) -> RebalanceOptions:
    """The bounds and solver settings of the flags, each checked and named by its flag."""
    if not 0 <= args.max_move_share <= 1:
        raise CommandError("option.max_move_share", got=args.max_move_share)
    if not args.max_travel_min > 0:
        raise CommandError("option.max_travel_min", got=args.max_travel_min)
    if not 0 < args.time_limit < math.inf:
        raise CommandError("option.time_limit", got=args.time_limit)
    if not 1 <= args.max_reach <= MAX_HOPS:
        default = RebalanceOptions().max_hops
        raise CommandError("option.max_reach", max=MAX_HOPS, default=default, got=args.max_reach)
    # Checked here, before the region is read, and named by their flags.
    if not MIN_CELL_M <= args.cell_m <= MAX_CELL_M:
        raise CommandError(
            "option.cell_m", min=MIN_CELL_M, max=MAX_CELL_M, default=200, got=args.cell_m
        )
    if not 1 <= args.workers <= MAX_WORKERS:
        cores = os.cpu_count() or 1
        raise CommandError("option.workers", max=MAX_WORKERS, cores=cores, got=args.workers)
    if getattr(args, "show", 0) < 0:
        raise CommandError("option.show", got=args.show)
    return RebalanceOptions(
        max_move_share=args.max_move_share,
        max_travel_s=args.max_travel_min * 60.0,
        max_hops=args.max_reach,
        time_limit_s=args.time_limit,
        workers=args.workers,
        deterministic=args.deterministic,
    )


def _prepare(args: argparse.Namespace) -> PlanningRegion:
    doctors = _doctors(args.doctors)  # checked before the region is read
    _log("reading", args.lang, region=args.region)
    region = read_region(args.region)
    _log("travel", args.lang, mode=report_text(f"mode.{args.mode}", args.lang))
    planning = prepare(region, mode=args.mode)
    _known_districts(args.doctors, doctors, planning)
    return with_doctors(planning, doctors)


def _known_districts(
    values: Sequence[str], doctors: dict[str, float], planning: PlanningRegion
) -> None:
    """Refuse a ``--doctors`` district the region lacks, naming the one most like it.

    Ids are typed by hand (``d-04m3`` for ``D-04M3``), so the option is named with what was
    typed and the region's id suggested: a case-insensitive match first, else the closest
    spelling (difflib), else an example of the region's ids.
    """
    ids = [str(district) for district in planning.districts.index]
    by_case = {district.casefold(): district for district in ids}
    for district in doctors:
        if district in planning.districts.index:
            continue
        value = next(v for v in values if v.partition("=")[0].strip() == district)
        close = by_case.get(district.casefold()) or next(
            iter(difflib.get_close_matches(district.casefold(), list(by_case), n=1)), None
        )
        if close is not None:
            suggestion = by_case.get(close, close)
            raise CommandError(
                "option.doctors_unknown", value=value, district=district, suggestion=suggestion
            )
        example = ids[0] if ids else "—"
        raise CommandError(
            "option.doctors_unknown_none", value=value, district=district, example=example
        )


def _doctors(values: Sequence[str]) -> dict[str, float]:
    """``--doctors D-04M3=1.25`` (repeated) as district -> FTE."""
    doctors: dict[str, float] = {}
    given: dict[str, str] = {}
    for value in values:
        district, _, fte = value.partition("=")
        district = district.strip()
        try:
            doctors[district] = float(fte)
        except ValueError:
            raise CommandError("option.doctors_format", value=value) from None
        if not district:
            raise CommandError("option.doctors_no_district", value=value)
        if district in given:
            # The last would silently win: which one the planner meant is theirs to say.
            raise CommandError(
                "option.doctors_twice", district=district, first=given[district], second=value
            )
        given[district] = value
        if not 0 <= doctors[district] <= MAX_DISTRICT_FTE:
            raise CommandError("option.doctors_range", value=value, max=MAX_DISTRICT_FTE)
    return doctors


@dataclass
class _Out:
    """The ``--out`` folder, and the folders the command made for it (deepest first).

    A failed command removes the folders it made, if still empty (:meth:`discard`): an empty
    folder left behind reads as a plan that was written.
    """

    folder: Path
    created: list[Path] = field(default_factory=list)

    def discard(self) -> None:
        """Remove the folders this command made that nothing was written into."""
        for folder in self.created:
            try:
                folder.rmdir()
            except OSError:
                return  # not empty (or gone): keep it and those above it


def _output_names(file_format: str, report_format: str | None, *, moves: bool) -> list[str]:
    """The files a command writes into ``--out``, in the order it prints them."""
    names = [f"districts.{file_format}", "district_streets.csv"]
    names += ["moves.csv", "load.csv"] if moves else ["load.csv"]
    return names + ([f"report.{report_format}"] if report_format else [])


def _output_folder(out: str, names: Sequence[str] = ()) -> _Out:
    """The ``--out`` folder, created now: a bad path fails before minutes of solving, not after.

    Refused: an empty ``--out`` (it would be the current folder), a file, a folder that cannot
    be created or written into, and a folder where one of ``names`` is to be written.
    """
    if not out.strip():
        raise CommandError("out.empty")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise CommandError("out.not_folder", out=out)
    missing = [path for path in (folder, *folder.parents) if not path.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError("out.create", out=out, os_error=error) from error
    made = _Out(folder, missing)
    if not os.access(folder, os.W_OK | os.X_OK):
        made.discard()
        denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        raise CommandError("out.not_writable", out=out, os_error=denied)
    for name in names:
        if (folder / name).is_dir():
            raise CommandError("out.name_taken", out=out, name=name)
    return made


_GDAL_CAUSES: Final = (
    (errno.ENOSPC, ("no space left", "disk is full", "disk full")),
    (errno.EDQUOT, ("quota",)),
    (errno.EROFS, ("read-only file system", "readonly database", "read-only")),
    (errno.EACCES, ("permission denied", "unable to open database file")),
    (errno.EISDIR, ("is a directory",)),
)
"""Words of GDAL's messages, and the system error they report (GDAL gives no errno)."""


def _gdal_os_error(error: Exception, path: Path) -> OSError:
    """A write error of pyogrio's as the OSError it stands for, so it is worded like one.

    GDAL's own text is kept when no known cause is in it (English, as the system's is).
    """
    message = str(error)
    lowered = message.casefold()
    for code, words in _GDAL_CAUSES:
        if any(word in lowered for word in words):
            return OSError(code, os.strerror(code), str(path))
    return OSError(None, message, str(path))


def _write_outputs(
    planning: PlanningRegion,
    report: RebalanceReport | None,
    out: Path,
    *,
    file_format: str,
    report_format: str | None,
    lang: str = "en",
    population: gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """Write districts, street lists and load, and with a rebalancing its moves and report.

    Without a rebalancing the load is the current districts', its residents shared out of
    ``population``'s polygons by area when given, and the report (when ``report_format``) is
    theirs. Every file is written into a hidden folder in ``out`` and moved into place once
    all are written, so a failure (a full disk, GDAL refusing the file) leaves no part of the
    plan beside the files of an earlier one.
    """
    if report is None:
        districts = planning.districts.reset_index()[
            ["district_id", "clinic_id", "model", "doctors", "attached", "geometry"]
        ]
        assignment = planning.buildings[["adult", "pediatric"]]
        frame = districts.set_crs(planning.crs, allow_override=True)
    else:
        frame = report.districts
        assignment = report.building_assignment

    load = district_load_table(planning, population=population) if report is None else report.load

    def report_file(path: Path) -> object:
        if report is None:
            return write_load_report(planning, path, lang=lang, population=population)
        return write_report(report, planning, path, lang=lang)

    def street_lists(path: Path) -> None:
        district_street_lists(planning, assignment).to_csv(path, index=False)

    writers: dict[str, Callable[[Path], object]] = {
        f"districts.{file_format}": lambda path: write_districts(frame, path),
        "district_streets.csv": street_lists,
        "load.csv": load.to_csv,
    }
    if report is not None:
        writers["moves.csv"] = partial(report.moves.to_csv, index=False)
    if report_format:
        writers[f"report.{report_format}"] = report_file
    names = _output_names(file_format, report_format, moves=report is not None)
    staging: Path | None = None
    name = names[0]
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".emhana-", dir=out))
        for name in names:
            writers[name](staging / name)
        for name in names:
            os.replace(staging / name, out / name)
    except OSError as error:
        raise _write_failed(out, error, staging) from error
    except (DataSourceError, DataLayerError) as error:
        raise _write_failed(out, _gdal_os_error(error, out / name), staging) from error
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in names]


def _write_failed(out: Path, error: OSError, staging: Path | None) -> CommandError:
    """The worded ``out.write`` error, naming the file as it would have been in ``out``.

    The system names the hidden folder's file (or none); the planner knows ``out/name``.
    """
    file: object = error.filename or partial(report_text, "out.a_file")
    if staging is not None and error.filename and Path(error.filename).parent == staging:
        file = out / Path(error.filename).name
    return CommandError("out.write", out=out, file=file, os_error=error)


def _json(data: object) -> str:
    """``data`` as standard JSON: NaN and infinities (no district, no doctor) become null.

    ``allow_nan=False`` makes a value missed here fail loudly rather than print ``NaN``,
    which JSON parsers other than Python's refuse.
    """
    return json.dumps(_plain(data), ensure_ascii=False, indent=2, allow_nan=False, default=str)


def _plain(value: object) -> object:
    """``value`` with NumPy scalars as Python's and every missing or infinite number as None."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


SUMMARY_PRINTED: Final = (
    "status",
    "people_moved",
    "buildings_moved",
    "moved_share",
    "newly_covered",
    "over_before",
    "over_after",
    "max_load_pct_before",
    "max_load_pct_after",
    "travel_before_min",
    "travel_after_min",
)
"""The summary's figures ``emhana rebalance`` prints (the report has them all)."""


def _rebalance(args: argparse.Namespace) -> int:
    """Rebalance a region and print (and write) what changes."""
    options = _options(args)
    report_format = args.report or "html"
    names = _output_names(args.format, report_format, moves=True)
    out = _output_folder(args.out, names) if args.out is not None else None
    try:
        return _rebalance_into(args, options, out, report_format)
    except BaseException:
        if out is not None:
            out.discard()
        raise


def _rebalance_into(
    args: argparse.Namespace, options: RebalanceOptions, out: _Out | None, report_format: str
) -> int:
    """:func:`_rebalance` once ``--out`` is made: solve, print, write."""
    planning = _prepare(args)
    check_cell_size(planning, args.cell_m)  # before the LP or the search, not minutes into it
    if args.least_moves:
        return _least_moves(planning, options, args)
    report = _search(planning, options, args)
    if args.json:
        data: dict[str, Any] = {
            "summary": report.summary,
            "impossible": report.messages(args.lang),
            # The same, as figures a script can use (one record per clinic and model over).
            "shortfalls": report.impossible.drop(columns="message").to_dict(orient="records"),
            # Whether the bounds, not the search, keep the plan from meeting every norm.
            "moves_bound": report.moves_bound_message(args.lang),
            "moves": report.moves.to_dict(orient="records"),
        }
        print(_json(data))
    else:
        for label, value in summary_rows(report.summary, args.lang, SUMMARY_PRINTED):
            print(f"{label}: {value}")
        for line in report.messages(args.lang):
            print(f"  {line}")
        if bound := report.moves_bound_message(args.lang):
            print(f"  {bound}")
        if len(report.moves) and args.show:
            print(_moves_table(report.moves.head(args.show), args.lang))
    if out is not None:
        for path in _write_outputs(
            planning, report, out.folder, file_format=args.format, report_format=report_format,
            lang=args.lang,
        ):  # fmt: skip
            _log("wrote", args.lang, path=path)
    return 0


def _moves_table(moves: pd.DataFrame, lang: str) -> str:
    """The first moves as printed: columns named and numbers written as ``lang`` does.

    Identifiers (buildings, districts, clinics) and streets stay as they are.
    """
    language = Language(lang)

    def cell(value: object) -> str:
        if isinstance(value, np.generic):
            value = value.item()
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float):
            return format_decimal(value, language, 1)  # minutes, to a tenth
        return str(_figure(value, language))

    shown = pd.DataFrame({column: [cell(v) for v in moves[column]] for column in moves.columns})
    names = {column: report_text(f"column.{column}", language) for column in moves.columns}
    return shown.rename(columns=names).to_string(index=False)


def _export(args: argparse.Namespace) -> int:
    """Export the current (or rebalanced) districts, street lists and a report.

    A rebalancing always has its report (HTML unless ``--report pdf``); the current districts
    have one when ``--report`` asks for it: their load, as ``load.csv`` has it, with maps.
    """
    options = _options(args) if args.rebalance else None
    if args.population and options is not None:
        raise CommandError("option.population_rebalance")
    report_format = args.report or ("html" if options is not None else None)
    names = _output_names(args.format, report_format, moves=options is not None)
    out = _output_folder(args.out, names)
    try:
        # Read before the region: a bad file fails in a second, not after the travel times.
        population = read_population_areas(args.population) if args.population else None
        planning = _prepare(args)
        report = None
        if options is not None:
            check_cell_size(planning, args.cell_m)
            report = _search(planning, options, args)
        for path in _write_outputs(
            planning, report, out.folder, file_format=args.format, report_format=report_format,
            lang=args.lang, population=population,
        ):  # fmt: skip
            print(path)
    except BaseException:
        out.discard()
        raise
    return 0


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("--region", default=str(DEFAULT_REGION), help="region folder")
    command.add_argument("--mode", choices=("walk", "drive"), default="walk")
    command.add_argument(
        "--max-move-share", type=float, default=0.1, help="most people who may change district"
    )
    command.add_argument(
        "--max-travel-min", type=float, default=30.0, help="longest trip to a new clinic"
    )
    command.add_argument(
        "--max-reach",
        type=int,
        default=RebalanceOptions().max_hops,
        help="blocks a district may grow beyond its current territory (wider: slower)",
    )
    command.add_argument("--cell-m", type=float, default=200.0, help="tile size in metres")
    command.add_argument("--time-limit", type=float, default=30.0, help="solver seconds")
    command.add_argument(
        "--deterministic",
        action="store_true",
        help="the same plan on every run and machine: --time-limit counts the solver's "
        "deterministic seconds of work instead of the clock",
    )
    command.add_argument("--workers", type=int, default=2, help="solver threads")
    command.add_argument(
        "--doctors",
        action="append",
        default=[],
        metavar="DISTRICT=FTE",
        help="plan with this district's doctors instead of today's (repeatable): try out the "
        "posts a report says are missing, e.g. --doctors D-04M3=1",
    )
    command.add_argument("--format", choices=("gpkg", "geojson"), default="gpkg")
    command.add_argument(
        "--report",
        choices=("html", "pdf"),
        help="the report's format (default html); export writes one without --rebalance only "
        "when asked: the current districts' load",
    )
    command.add_argument(
        "--lang",
        choices=("kk", "ru", "en"),
        default="en",
        help="language of the report and of every line printed (JSON keys stay as they are)",
    )


def _least_moves(
    planning: PlanningRegion, options: RebalanceOptions, args: argparse.Namespace
) -> int:
    """Print the fewest people a plan meeting every norm must move, without the search."""
    _log("least_moves", args.lang)
    floor = moves_floor(planning, options, cell_m=args.cell_m, time_limit_s=args.time_limit)
    if args.json:
        data = {
            "least_moves_to_meet_norms": floor.least,
            "norms_unreachable": floor.unreachable,
            "moves_allowed": floor.allowed,
            "people_served": floor.served,
            "moves_bound": floor_message(floor, options, lang=args.lang),
        }
        print(_json(data))
    elif floor.least == 0:
        print(report_text("cli.all_met", args.lang))
    elif floor.least is None and not floor.unreachable:
        limit = format_decimal(args.time_limit, Language(args.lang), 1, trim=True)
        print(report_text("cli.lp_unsolved", args.lang, limit=limit))
    else:
        print(floor_message(floor, options, lang=args.lang))
    return 0


def add_planning_commands(subparsers: Any) -> None:
    """Register ``rebalance`` and ``export`` on the ``emhana`` command's sub-parsers."""
    command = subparsers.add_parser(
        "rebalance",
        help="redraw districts so every doctor is within the norm, with the fewest moves",
        description="Reassign blocks of buildings to districts so that no district exceeds "
        "its R-CAP-1 norm, travel is short, every district stays contiguous and few people "
        "change district. Prints the moves and what stays impossible.",
    )
    _common(command)
    command.add_argument("--out", help="folder to write moves, load, districts and a report")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument("--show", type=int, default=20, help="moves to print")
    command.add_argument(
        "--least-moves",
        action="store_true",
        help="only print the fewest people who must change district for every norm to be met "
        "within the bounds (an LP bound, seconds), against the moves bound; no search",
    )
    command.set_defaults(handler=_rebalance)

    export = subparsers.add_parser(
        "export",
        help="districts as GeoPackage/GeoJSON, registry street lists and a report",
    )
    _common(export)
    export.add_argument("--out", required=True, help="folder to write into")
    export.add_argument(
        "--rebalance", action="store_true", help="export the rebalanced plan (with a report)"
    )
    export.add_argument(
        "--population",
        metavar="FILE",
        help="polygons of people by age band (GeoPackage/GeoJSON: area_id, pop_0_6 ... "
        "pop_63_plus) where buildings lack them: load.csv shares them among districts by area",
    )
    export.set_defaults(handler=_export)
