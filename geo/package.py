"""Read, validate and write a region data package: ``region.gpkg`` plus ``region.toml``.

A package is one folder. ``region.gpkg`` is an OGC GeoPackage in EPSG:4326 holding the layers of
:mod:`geo.schema`; ``region.toml`` holds the region's name, languages, time zone, data date and the
campaign dates, norms and sources where the region overrides them (:class:`RegionConfig`).

Reading checks everything and reports every problem at once (:class:`RegionDataError` carries a
tuple of :class:`Problem`), because a planner fixing a package by hand should not have to rerun
the loader once per mistake. Each problem names the layer, the column, a stable check code, up to
three offending rows (``key=value``, plus a coordinate for geometry problems) and a hint to fix it.
Reading never writes to the input: reprojection and type normalization happen in memory.

Check codes (``Problem.check``; stable, the messages are not):

- ``file_missing``: the folder, ``region.gpkg`` or ``region.toml`` does not exist
- ``not_geopackage``: ``region.gpkg`` is not a GeoPackage (text, CSV, plain SQLite, empty...)
- ``unreadable_layer``: GDAL could not read a layer
- ``encoding``: ``region.toml`` or text in the GeoPackage is not UTF-8 (the layer is then
  checked on with its text read as it most likely was meant, so its other problems show too)
- ``toml_syntax``: ``region.toml`` is not valid TOML
- ``missing_key``: a required ``region.toml`` key is absent
- ``unknown_key``: a ``region.toml`` key that this version does not know (likely a typo)
- ``bad_value``: a ``region.toml`` value of the wrong type or form
- ``missing_layer``: a layer of the schema is absent
- ``no_geometry``: a spatial layer was stored without geometry
- ``crs_missing``: a spatial layer has no CRS
- ``crs_unsupported``: a layer's CRS cannot be transformed to EPSG:4326
- ``crs_reprojected``: (warning) a layer was not in EPSG:4326 and was reprojected in memory
- ``empty_layer``: a layer has no rows (a warning for ``district_streets``)
- ``missing_column``: a required column is absent
- ``wrong_kind``: values of the wrong kind (text in ``doctors``, ``"yes"`` in a bool...); of a
  number column stored as text only the values that do not read as numbers are named, and a
  column whose every value reads is refused for being stored as text
- ``missing_value``: a required value is null or blank
- ``not_in_choices``: a value outside the allowed choices (a clinic ``kind``, a ``model``...),
  a ``clinics.packages`` item that is not a package (``'gobmp osms'``, ``'ГОБМП'``; see
  :func:`geo.schema.package_parts`), or a ``region.toml`` language the app has no wording in
- ``negative_value``: a negative population, doctor count, attached count, length or speed
- ``zero_value``: a speed of 0 on a drivable street (its travel time would be infinite)
- ``implausible_value``: a count or measure no region has (1e300 residents in a building, a
  district of 10,000 doctors), which would overflow the whole numbers it is counted in
- ``no_walk_edges``: no street is walkable, so no walking time (the default mode) can be had
- ``no_drive_edges``: (warning) no street is drivable, so no driving time can be had
- ``districts_overlap``: (warning) two districts of one family drawn over each other
- ``campaign_reversed``: ``[campaign]`` end before start and, read over the new year, a
  campaign of more than half a year (start and end exchanged)
- ``utc_offset_mismatch``: (warning) ``utc_offset``'s meridian more than 30° (two hours of the
  sun) from the region's centre, e.g. a sign typed wrong
- ``duplicate_key``: a key (``clinic_id``...) used by more than one row
- ``dangling_reference``: a reference to a row that does not exist (``districts.clinic_id``...)
- ``null_geometry``: a row without geometry
- ``empty_geometry``: a row with an empty geometry
- ``geometry_type``: a geometry type the layer does not allow
- ``invalid_geometry``: an invalid geometry, with GEOS's reason (self-intersection...)
- ``coordinates_out_of_range``: longitude beyond ±180 or latitude beyond ±90 (metres labelled 4326)
- ``coordinates_swapped``: longitude and latitude exchanged (see the heuristic below)
- ``coordinates_maybe_swapped``: (warning) a region outside Kazakhstan looks swapped for its
  time zone
- ``outside_region``: (warning) rows outside the extent of ``admin_units``
- ``house_ranges_syntax``: a ``district_streets.house_ranges`` value :mod:`geo.houses` cannot read
- ``write_failed``: GDAL refused to write a layer

Swapped coordinates are found by four checks, from certain to suggestive:

1. A latitude beyond ±90 whose exchanged reading is in range is an error (impossible as it stands).
2. Emhana serves Kazakhstan. When the centre of ``admin_units`` lies outside Kazakhstan and, with
   x and y exchanged, inside it, the region is swapped: every row of every layer that reads so
   (outside as given, inside exchanged) is an error, and the rest is checked against the region
   as it is meant (its extent exchanged). This catches a package swapped in every layer, whose
   layers agree with each other: Astana at 71.4 E 51.1 N swapped reads 51.1 E 71.4 N, in the
   Arctic sea. "In Kazakhstan" is within 0.5° of a coarse outline of its border, so towns on the
   border read as inside, and a region near the diagonal (Oral, at 51.4 E 51.2 N, is inside in
   both readings) cannot be told from its swap. A region outside Kazakhstan in both readings
   (Omsk, Urumqi, Berlin) is not refused here, as before; check 4 may warn of it. One whose
   exchanged reading falls in Kazakhstan (Kazan, 49.1 E 55.8 N) is refused: Emhana serves
   Kazakhstan, and a swapped Kazakh region is far likelier than a Russian one.
3. ``admin_units`` outline the region. A row of another layer lying outside their extent (plus a
   margin of 10 %, at least 0.05°) that would lie inside it with x and y exchanged is an error:
   this catches one layer (or a few rows) typed as lat/lon, the usual accident with CSV sources.
4. For a region outside Kazakhstan in both readings the only outside reference left is the time
   zone: a UTC offset of +05:00 puts the region near the 75° E meridian. If the region's centre
   lies more than 20° of longitude from its zone's meridian, the exchanged reading lies within
   10°, is 15° closer, and puts the centre at an inhabited latitude (|lat| ≤ 72), a *warning* is
   given. It is only a warning because real zones stray far from their meridian (western Libya
   on UTC+2 would trip it), so it cannot be allowed to refuse a package. (80 E 40 N, in China,
   swapped reads 40 E 80 N: 35° off UTC+05:00's meridian against 5°.)
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import errno
import functools
import importlib.util
import json
import math
import os
import re
import shutil
import tempfile
import tomllib
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal, Protocol

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyogrio
import shapely
import tomli_w
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.houses import HouseRangeError, parse_house_ranges
from geo.schema import (
    AGE_BANDS,
    DISTRICT_FAMILIES,
    DISTRICT_MODELS,
    LANGUAGES,
    LAYER_BY_NAME,
    LAYERS,
    PACKAGE_SEPARATORS,
    POPULATION_AREAS,
    SHI_PACKAGES,
    Column,
    ColumnKind,
    Layer,
    package_parts,
)
from geo.wording import SWAP_CODE, error_head, problem_line

__all__ = [
    "CHECKS",
    "GPKG_NAME",
    "OVERLAP_WARN_SHARE",
    "TOML_NAME",
    "Problem",
    "Region",
    "RegionConfig",
    "RegionDataError",
    "read_config",
    "read_population_areas",
    "read_region",
    "same_family_overlaps",
    "validate_region",
    "write_region",
]

GPKG_NAME = "region.gpkg"
TOML_NAME = "region.toml"
WGS84 = "EPSG:4326"
DEFAULT_WALK_SPEED_KPH = 4.5
MAX_EXAMPLES = 3

CHECKS: tuple[str, ...] = (
    "file_missing",
    "not_geopackage",
    "unreadable_layer",
    "encoding",
    "toml_syntax",
    "missing_key",
    "unknown_key",
    "bad_value",
    "missing_layer",
    "no_geometry",
    "crs_missing",
    "crs_unsupported",
    "crs_reprojected",
    "empty_layer",
    "missing_column",
    "wrong_kind",
    "missing_value",
    "not_in_choices",
    "negative_value",
    "zero_value",
    "implausible_value",
    "no_walk_edges",
    "no_drive_edges",
    "districts_overlap",
    "campaign_reversed",
    "utc_offset_mismatch",
    "duplicate_key",
    "dangling_reference",
    "null_geometry",
    "empty_geometry",
    "geometry_type",
    "invalid_geometry",
    "coordinates_out_of_range",
    "coordinates_swapped",
    "coordinates_maybe_swapped",
    "outside_region",
    "house_ranges_syntax",
    "write_failed",
)
"""Every check code a :class:`Problem` can carry (see the module docstring)."""

Severity = Literal["error", "warning"]
Frame = pd.DataFrame  # a GeoDataFrame for spatial layers, a plain DataFrame for district_streets
BoolArray = npt.NDArray[np.bool_]

_HAS_ARROW = importlib.util.find_spec("pyarrow") is not None
# Less free space than this after GDAL fails to write a layer: the disk is full (a GeoPackage
# grows by pages of a few kB, so a failed write on a disk with megabytes left is something else).
_FULL_DISK_BYTES = 1_000_000
_WGS84_CRS = CRS.from_user_input(WGS84)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PACKAGE_FILES = frozenset(
    {GPKG_NAME, TOML_NAME, f"{GPKG_NAME}-wal", f"{GPKG_NAME}-shm", f"{GPKG_NAME}-journal"}
)
# Columns where a negative number is meaningless; the schema has no bounds, so they live here.
_NON_NEGATIVE: dict[str, tuple[str, ...]] = {
    "districts": ("doctors", "attached"),
    "buildings": AGE_BANDS,
    "population_areas": AGE_BANDS,
    "street_edges": ("length_m", "speed_kph"),
}
_MOST_PEOPLE = 100_000_000  # more than live in Kazakhstan five times over
_AT_MOST: dict[str, dict[str, float]] = {
    "districts": {"doctors": 100.0, "attached": _MOST_PEOPLE},
    "buildings": dict.fromkeys(AGE_BANDS, _MOST_PEOPLE),
    "population_areas": dict.fromkeys(AGE_BANDS, _MOST_PEOPLE),
    "street_edges": {"length_m": 1_000_000.0, "speed_kph": 300.0},
}
"""Upper bounds of the same columns: beyond them a value is a typo or a unit mix-up, and counts
in the billions overflow the integers loads are summed in (garbage, not an error, downstream)."""
# Zero, unlike a negative value, is meaningful in most of these columns (an empty building, a
# district without doctors yet, a zero-length edge joining two nodes at one spot, which OSM
# data has). Only a drivable street's speed must be above 0: its driving time is length/speed.
# A walk-only street's speed is never used (walking has its own speed), so 0 is allowed there,
# exactly as geo.network.StreetNetwork.from_layers allows it.

# Codes people write for these languages by mistake: the country's code, ISO 639-2.
_LANGUAGE_ALIASES: dict[str, str] = {"kz": "kk", "kaz": "kk", "rus": "ru", "eng": "en"}

OVERLAP_WARN_SHARE = 0.05
"""The share of the smaller of two same-family districts that their overlap may cover before
:func:`validate_region` warns (see :func:`same_family_overlaps`)."""
_UTC_OFFSET_TOLERANCE_DEG = 30.0  # two hours of the sun; see _time_zone_problems
_CAMPAIGN_MOST_DAYS_OVER_NEW_YEAR = 183  # half a year; see _check_campaign_order
# An empty district_streets is legitimate: territories may be given by district polygons only.
_MAY_BE_EMPTY = frozenset({"district_streets"})
_KIND_WORDS: dict[ColumnKind, str] = {
    "str": "text",
    "str_or_null": "text (or empty)",
    "int": "whole numbers",
    "float": "numbers",
    "bool": "true/false values",
}
_KIND_HINTS: dict[ColumnKind, str] = {
    "str": "store it as a TEXT column",
    "str_or_null": "store it as a TEXT column (NULL where there is no value)",
    "int": "store it as an INTEGER column",
    "float": "store it as a REAL (or INTEGER) column",
    "bool": "store it as a boolean column (true/false or 1/0)",
}


# --------------------------------------------------------------------------------------------
# Problems and the error that carries them
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about a region package.

    Parameters
    ----------
    layer
        The layer (``districts``), or ``region.toml`` / ``region.gpkg`` for file-level problems.
    column
        The column concerned (``geometry`` for geometry checks), or ``None`` for a whole layer.
    check
        A stable code from :data:`CHECKS`; match on this, not on the message.
    message
        What is wrong, with counts (``"3 rows have invalid geometry (Self-intersection)"``).
    hint
        How to fix it, in terms a planner can act on.
    examples
        Up to three offending rows, e.g. ``"district_id=D-17 at 71.43 51.12"``.
    severity
        ``"error"`` refuses the package; ``"warning"`` (e.g. a reprojection) does not.
    text_id, params
        The wording of :data:`geo.wording.PROBLEM_TEXT` for other languages and what fills it;
        without one the problem reads in English everywhere.
    """

    layer: str
    column: str | None
    check: str
    message: str
    hint: str
    examples: tuple[str, ...] = ()
    severity: Severity = "error"
    text_id: str | None = None
    params: tuple[tuple[str, object], ...] = ()

    @property
    def where(self) -> str:
        """``layer`` or ``layer.column``."""
        return self.layer if self.column is None else f"{self.layer}.{self.column}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.examples:
            text += ", e.g. " + ", ".join(self.examples)
        text += f"; {self.hint} [{self.check}]"
        return f"warning: {text}" if self.severity == "warning" else text

    def text(self, lang: str) -> str:
        """The problem in ``lang`` (``kk``, ``ru``), English where it has no wording there."""
        line = problem_line(
            lang,
            text_id=self.text_id,
            params=dict(self.params),
            where=self.where,
            examples=self.examples,
            check=self.check,
            warning=self.severity == "warning",
        )
        return str(self) if line is None else line


class RegionDataError(Exception):
    """A region package that cannot be used, with every problem found in it.

    Parameters
    ----------
    problems
        All problems found: errors first, then any warnings, so the message tells the whole story.
    source
        The folder or file the problems are about, for the first line of the message.
    """

    def __init__(
        self, problems: Iterable[Problem], *, source: str | os.PathLike[str] | None = None
    ) -> None:
        ordered = sorted(problems, key=lambda problem: problem.severity != "error")
        self.problems: tuple[Problem, ...] = tuple(ordered)
        self.source: str | None = None if source is None else os.fspath(source)
        super().__init__(self._describe())

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that refuse the package (warnings left out)."""
        return tuple(problem for problem in self.problems if problem.severity == "error")

    def text(self, lang: str) -> str:
        """Every problem in ``lang``, one a line under a head line (English: ``str(error)``)."""
        errors = len(self.errors)
        head = error_head(lang, self.source, errors, len(self.problems) - errors)
        if head is None:
            return str(self)
        return "\n".join([head, *(f"  - {problem.text(lang)}" for problem in self.problems)])

    def _describe(self) -> str:
        errors = len(self.errors)
        warning_count = len(self.problems) - errors
        counts = _plural(errors, "error")
        if warning_count:
            counts += f" and {_plural(warning_count, 'warning')}"
        head = f"{self.source or 'region data'}: {counts}"
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems)])


# --------------------------------------------------------------------------------------------
# region.toml
# --------------------------------------------------------------------------------------------

_UTC_OFFSET = re.compile(r"^[+-](?:0\d|1[0-4]):(?:00|30|45)$")
_UTC_OFFSET_RANGE_MIN = (-12 * 60, 14 * 60)  # the zones in use: UTC-12:00 to UTC+14:00


def _is_utc_offset(text: str) -> bool:
    """Whether ``text`` is an offset some zone uses (``+05:00``, ``+05:30``, ``+05:45``).

    ``+HH:MM`` from -12:00 to +14:00 in whole, half or three-quarter hours: ``+14:59`` and
    ``-14:00`` have the form but no zone.
    """
    if not _UTC_OFFSET.match(text):
        return False
    minutes = int(text[1:3]) * 60 + int(text[4:6])
    low, high = _UTC_OFFSET_RANGE_MIN
    return low <= (-minutes if text[0] == "-" else minutes) <= high


_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")
_TOP_LEVEL_KEYS = ("region", "campaign", "norms", "calendar", "sources")
_CALENDAR_KEYS = ("days_off", "working_days")  # catchments.models.CALENDAR_KEYS
_SATURDAY = 5  # date.weekday()'s
# The years applications can be dated in: catchments.models.CALENDAR_YEARS, which geo may not
# import (tests/test_architecture.py); a test keeps the two equal.
_CALENDAR_YEARS = (1991, 2100)
_REGION_TEXT_KEYS = ("name", "name_kk", "name_ru", "utc_offset")
_REGION_KEYS = (*_REGION_TEXT_KEYS, "languages", "data_date", "walk_speed_kph")
_REQUIRED_REGION_KEYS = ("name", "name_kk", "name_ru", "languages", "utc_offset", "data_date")
_CAMPAIGN_KEYS = ("start", "end")
_SOURCE_KEYS = ("name", "licence", "url")
_REQUIRED_SOURCE_KEYS = ("name", "licence")


@dataclass(frozen=True)
class RegionConfig:
    """The settings of ``region.toml``.

    Parameters
    ----------
    name, name_kk, name_ru
        The region's name in English (or the default language), Kazakh and Russian.
    languages
        UI languages offered for the region, e.g. ``("kk", "ru", "en")``.
    utc_offset
        The region's offset from UTC as ``"+05:00"``; all of Kazakhstan uses +05:00 since 2024.
    data_date
        The date the ``attached`` counts of ``districts`` refer to.
    walk_speed_kph
        Walking speed for travel times, in km/h.
    campaign
        ``{}`` to use R-TIME-1 (15 September to 15 November), or ``{"start": "09-15",
        "end": "11-15"}`` where the region overrides it.
    norms
        Overrides of the R-CAP-1 norms only (people per doctor by district model), e.g.
        ``{"gp": 1700}``; models not listed keep the national norm.
    calendar
        ``{}``, or the days a government decree makes ``days_off`` and ``working_days``
        (Saturdays, Sundays) that the ``holidays`` package does not know yet, e.g.
        ``{"days_off": (date(2026, 1, 5),)}``.
    sources
        The data sources with their licences: dicts with ``name``, ``licence`` and ``url``.
    """

    name: str
    name_kk: str
    name_ru: str
    languages: tuple[str, ...]
    utc_offset: str
    data_date: dt.date
    walk_speed_kph: float = DEFAULT_WALK_SPEED_KPH
    campaign: dict[str, str] = field(default_factory=dict)
    norms: dict[str, int] = field(default_factory=dict)
    calendar: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    sources: tuple[dict[str, str], ...] = ()

    @property
    def utc_offset_hours(self) -> float:
        """The UTC offset in hours (``"+05:30"`` is 5.5)."""
        sign = -1.0 if self.utc_offset.startswith("-") else 1.0
        hours, minutes = self.utc_offset[1:].split(":")
        return sign * (int(hours) + int(minutes) / 60)

    def to_toml_dict(self) -> dict[str, Any]:
        """Return the ``region.toml`` document as a dict (empty optional tables left out)."""
        document: dict[str, Any] = {
            "region": {
                "name": self.name,
                "name_kk": self.name_kk,
                "name_ru": self.name_ru,
                "languages": list(self.languages),
                "utc_offset": self.utc_offset,
                "data_date": self.data_date,
                "walk_speed_kph": float(self.walk_speed_kph),
            }
        }
        if self.campaign:
            document["campaign"] = dict(self.campaign)
        if self.norms:
            document["norms"] = dict(self.norms)
        if self.calendar:
            document["calendar"] = {key: list(days) for key, days in self.calendar.items()}
        if self.sources:
            document["sources"] = [dict(source) for source in self.sources]
        return document

    def rule_tables(self) -> dict[str, Any]:
        """The tables of the rules engine's settings (``RuleSettings.from_mapping`` reads them)."""
        return {"campaign": self.campaign, "norms": self.norms, "calendar": self.calendar}

    @classmethod
    def from_toml_dict(cls, document: Mapping[str, Any]) -> RegionConfig:
        """Build a config from a parsed ``region.toml``.

        Raises
        ------
        RegionDataError
            Listing every missing, unknown or malformed key at once.
        """
        config, problems = _parse_config(document)
        if config is None:
            raise RegionDataError(problems, source=TOML_NAME)
        return config


def read_config(path: str | os.PathLike[str]) -> RegionConfig:
    """Read ``region.toml`` from a package folder or from the file itself.

    Raises
    ------
    RegionDataError
        When the file is missing, not UTF-8, not TOML, or has missing, unknown or bad keys.
    """
    toml_path = Path(path)
    if toml_path.is_dir():
        toml_path = toml_path / TOML_NAME
    config, problems = _read_config_file(toml_path)
    if config is None:
        raise RegionDataError(problems, source=toml_path)
    return config


def _read_config_file(path: Path) -> tuple[RegionConfig | None, list[Problem]]:
    """Read and check ``region.toml``; never raises for a bad file, returns its problems."""
    if not path.is_file():
        return None, [
            Problem(
                TOML_NAME,
                None,
                "file_missing",
                f"{path} does not exist",
                "every region package folder needs a region.toml next to region.gpkg "
                "(see README.md, 'Load your own region', for its layout)",
                text_id="toml.missing",
                params=(("path", str(path)),),
            )
        ]
    raw = path.read_bytes()
    try:
        # utf-8-sig: a byte-order mark from a Windows editor is harmless, so accept it.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [_toml_encoding_problem(raw, error)]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [
            Problem(
                TOML_NAME,
                None,
                "toml_syntax",
                f"is not valid TOML: {error}",
                "fix the line named (strings need double quotes, dates are written 2026-09-01)",
                text_id="toml.syntax",
                params=(("error", str(error)),),
            )
        ]
    return _parse_config(document)


def _toml_encoding_problem(raw: bytes, error: UnicodeDecodeError) -> Problem:
    line_number = raw.count(b"\n", 0, error.start) + 1
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    line_end = raw.find(b"\n", error.start)
    line = raw[line_start : line_end if line_end >= 0 else len(raw)]
    hint = "save region.toml as UTF-8"
    params: dict[str, object] = {"byte": f"0x{raw[error.start]:02X}", "line": line_number}
    guess = _as_cp1251(line)
    if guess is not None:
        hint += f" (line {line_number} reads as Windows-1251: {guess.strip()!r})"
        params["guess"] = repr(guess.strip())
    return Problem(
        TOML_NAME,
        None,
        "encoding",
        f"is not UTF-8: byte {params['byte']} on line {line_number} cannot be decoded",
        hint,
        text_id="toml.encoding.cp1251" if guess is not None else "toml.encoding",
        params=tuple(params.items()),
    )


def _parse_config(document: Mapping[str, Any]) -> tuple[RegionConfig | None, list[Problem]]:
    """Check a parsed ``region.toml`` and build the config; all problems are returned."""
    problems: list[Problem] = []

    def add(severity: Severity) -> _Report:
        def report(
            where: str, check: str, message: str, hint: str, *, text_id: str, **params: object
        ) -> None:
            problems.append(
                Problem(
                    TOML_NAME,
                    where,
                    check,
                    message,
                    hint,
                    severity=severity,
                    text_id=text_id,
                    params=tuple(params.items()),
                )
            )

        return report

    report, warn = add("error"), add("warning")

    for key in document:
        if key not in _TOP_LEVEL_KEYS:
            _unknown_key(report, key, key, _TOP_LEVEL_KEYS, what="table or key")

    region = document.get("region")
    values: dict[str, Any] = {}
    if region is None:
        report(
            "region",
            "missing_key",
            "has no [region] table",
            f"add [region] with {', '.join(_REQUIRED_REGION_KEYS)}",
            text_id="toml.missing_table",
            table="[region]",
            keys=", ".join(_REQUIRED_REGION_KEYS),
        )
    elif not isinstance(region, Mapping):
        _not_table(report, "region", "[region]", "[region]")
    else:
        values = _parse_region_table(region, report)

    campaign = _parse_campaign(document.get("campaign"), report)
    norms = _parse_norms(document.get("norms"), report)
    calendar = _parse_calendar(document.get("calendar"), report, warn)
    sources = _parse_sources(document.get("sources"), report)
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    return (
        RegionConfig(
            name=values["name"],
            name_kk=values["name_kk"],
            name_ru=values["name_ru"],
            languages=values["languages"],
            utc_offset=values["utc_offset"],
            data_date=values["data_date"],
            walk_speed_kph=values["walk_speed_kph"],
            campaign=campaign,
            norms=norms,
            calendar=calendar,
            sources=sources,
        ),
        problems,
    )


class _Report(Protocol):
    """Adds a problem of ``region.toml``: where, check, English message and hint, wording."""

    def __call__(
        self, where: str, check: str, message: str, hint: str, *, text_id: str, **params: object
    ) -> None: ...


def _unknown_key(
    report: _Report, where: str, key: str, known: Sequence[str], *, what: str = "key"
) -> None:
    close = difflib.get_close_matches(key, known, n=1)
    suggestion = f"did you mean {close[0]!r}? " if close else ""
    report(
        where,
        "unknown_key",
        f"unknown {what} {key!r}",
        f"{suggestion}known keys are {', '.join(known)}",
        text_id="toml.unknown_key.close" if close else "toml.unknown_key",
        key=repr(key),
        known=", ".join(known),
        **({"close": repr(close[0])} if close else {}),
    )


def _not_table(report: _Report, where: str, table: str, example: str) -> None:
    report(
        where,
        "bad_value",
        f"{table} must be a table",
        f"write it as {example}",
        text_id="toml.not_table",
        table=table,
        example=example,
    )


def _bad_value(
    report: _Report, where: str, text_id: str, message: str, hint: str, **params: object
) -> None:
    report(where, "bad_value", message, hint, text_id=text_id, **params)


def _parse_region_table(region: Mapping[str, Any], report: _Report) -> dict[str, Any]:
    values: dict[str, Any] = {"walk_speed_kph": DEFAULT_WALK_SPEED_KPH}
    for key in region:
        if key not in _REGION_KEYS:
            _unknown_key(report, f"region.{key}", key, _REGION_KEYS)
    for key in _REQUIRED_REGION_KEYS:
        if key not in region:
            report(
                f"region.{key}",
                "missing_key",
                f"[region] has no {key}",
                f"add {key} = ...",
                text_id="toml.missing_key",
                table="[region]",
                key=key,
            )
    for key in _REGION_TEXT_KEYS:
        value = region.get(key)
        if key in region and (not isinstance(value, str) or not value.strip()):
            _bad_value(
                report,
                f"region.{key}",
                "toml.text",
                f"{key} must be non-empty text, not {value!r}",
                f'write {key} = "..."',
                key=key,
                value=repr(value),
            )
        elif key in region:
            values[key] = value
    offset = values.get("utc_offset")
    if offset is not None and not _is_utc_offset(offset):
        del values["utc_offset"]
        _bad_value(
            report,
            "region.utc_offset",
            "toml.utc_offset",
            f"utc_offset {offset!r} is not of the form +HH:MM, from -12:00 to +14:00",
            'write it like utc_offset = "+05:00"',
            value=repr(offset),
        )
    if "languages" in region:
        languages = region["languages"]
        if (
            isinstance(languages, list)
            and languages
            and all(isinstance(item, str) and item.strip() for item in languages)
            and len(set(languages)) == len(languages)
        ):
            unknown = [code for code in languages if code not in LANGUAGES]
            if unknown:
                _unknown_languages(report, unknown)
            else:
                values["languages"] = tuple(languages)
        else:
            _bad_value(
                report,
                "region.languages",
                "toml.languages",
                f"languages must be a non-empty list of distinct codes, not {languages!r}",
                'write languages = ["kk", "ru", "en"]',
                value=repr(languages),
            )
    if "data_date" in region:
        data_date = _as_date(region["data_date"])
        if data_date is None:
            _bad_value(
                report,
                "region.data_date",
                "toml.data_date",
                f"data_date must be a date, not {region['data_date']!r}",
                "write it as a bare TOML date: data_date = 2026-09-01",
                value=repr(region["data_date"]),
            )
        else:
            values["data_date"] = data_date
    if "walk_speed_kph" in region:
        speed = region["walk_speed_kph"]
        if isinstance(speed, int | float) and not isinstance(speed, bool) and 0 < speed <= 10:
            values["walk_speed_kph"] = float(speed)
        else:
            _bad_value(
                report,
                "region.walk_speed_kph",
                "toml.walk_speed",
                f"walk_speed_kph must be a speed in km/h above 0 and at most 10, not {speed!r}",
                f"leave it out for the default {DEFAULT_WALK_SPEED_KPH} or write e.g. 4.5",
                value=repr(speed),
                default=str(DEFAULT_WALK_SPEED_KPH),
            )
    return values


def _unknown_languages(report: _Report, unknown: Sequence[str]) -> None:
    """Refuse languages the app has no wording in, suggesting the code likely meant.

    An error, not a warning: the app would silently leave the language out, and the usual
    cause is a typo such as ``"kz"`` (the country) for ``"kk"`` (the language).
    """
    guesses = {
        code: _LANGUAGE_ALIASES.get(code.strip().lower(), code.strip().lower()) for code in unknown
    }
    meant = [f"{code!r} → {guesses[code]!r}" for code in unknown if guesses[code] in LANGUAGES]
    known = ", ".join(LANGUAGES)
    shown = ", ".join(map(repr, unknown))
    report(
        "region.languages",
        "not_in_choices",
        f"{shown}: not a language the app speaks ({known})",
        (f"correct {', '.join(meant)}; " if meant else "")
        + f"use only {known} (Kazakh, Russian, English)",
        text_id="toml.language.close" if meant else "toml.language",
        value=shown,
        known=known,
        **({"close": ", ".join(meant)} if meant else {}),
    )


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None  # a date-time is not the day the counts refer to; make the author say so
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _parse_campaign(campaign: object, report: _Report) -> dict[str, str]:
    if campaign is None:
        return {}
    if not isinstance(campaign, Mapping):
        _not_table(report, "campaign", "[campaign]", '[campaign] start = "09-15", end = "11-15"')
        return {}
    result: dict[str, str] = {}
    for key in campaign:
        if key not in _CAMPAIGN_KEYS:
            _unknown_key(report, f"campaign.{key}", key, _CAMPAIGN_KEYS)
    for key in _CAMPAIGN_KEYS:
        value = campaign.get(key)
        if value is None:
            report(
                f"campaign.{key}",
                "missing_key",
                f"[campaign] has no {key}",
                "give both start and end, or drop [campaign] to use 15 September - 15 November",
                text_id="toml.missing_key.campaign",
                table="[campaign]",
                key=key,
            )
        elif not _is_month_day(value):
            _bad_value(
                report,
                f"campaign.{key}",
                "toml.month_day",
                f"{key} must be a day of the year as MM-DD, not {value!r}",
                f'write it like {key} = "09-15"',
                key=key,
                value=repr(value),
            )
        else:
            result[key] = value
    if len(result) == len(_CAMPAIGN_KEYS):
        _check_campaign_order(result["start"], result["end"], report)
    return result


def _check_campaign_order(start: str, end: str, report: _Report) -> None:
    """Refuse a campaign whose start and end are most likely exchanged.

    An end before the start is not wrong in itself: ``catchments.calendar`` reads it as a
    campaign over the new year (``12-01`` to ``01-31``). But read that way, ``11-15`` to
    ``09-15`` (R-TIME-1's dates exchanged) runs 306 days, which leaves R-TIME-2's grounds
    nearly nothing to govern. So an end before the start is an error when the campaign over
    the new year would last more than half a year, i.e. when exchanging the dates gives the
    shorter campaign; shorter campaigns over the new year pass.
    """
    if end >= start:  # zero-padded MM-DD strings compare as the days they name
        return
    days = _campaign_days(start, end)
    if days <= _CAMPAIGN_MOST_DAYS_OVER_NEW_YEAR:
        return
    report(
        "campaign",
        "campaign_reversed",
        f"end {end!r} comes before start {start!r}: read as a campaign over the new year, it "
        f"would run {days} days, from {start} to {end} of the next year",
        f'exchange them (start = "{end}", end = "{start}"); only a campaign over the new year, '
        'shorter than half a year (start = "12-01", end = "01-31"), may end before it starts',
        text_id="toml.campaign_reversed",
        start=start,
        end=end,
        days=days,
    )


def _campaign_days(start: str, end: str) -> int:
    """Days of a campaign from ``start`` to ``end`` (MM-DD, both included), in a leap year."""

    def day_of_year(month_day: str) -> int:
        month, day = month_day.split("-")
        return dt.date(2000, int(month), int(day)).timetuple().tm_yday  # 2000 has 02-29

    first, last = day_of_year(start), day_of_year(end)
    return last - first + 1 if last >= first else 366 - first + last + 1


def _is_month_day(value: object) -> bool:
    if not isinstance(value, str) or not (match := _MONTH_DAY.match(value)):
        return False
    try:
        dt.date(2000, int(match[1]), int(match[2]))  # a leap year, so 02-29 is a real day
    except ValueError:
        return False
    return True


def _parse_norms(norms: object, report: _Report) -> dict[str, int]:
    if norms is None:
        return {}
    if not isinstance(norms, Mapping):
        _not_table(report, "norms", "[norms]", "[norms] gp = 1700 ...")
        return {}
    result: dict[str, int] = {}
    for key, value in norms.items():
        if key not in DISTRICT_MODELS:
            _unknown_key(report, f"norms.{key}", key, DISTRICT_MODELS, what="norm")
        elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
            result[key] = value
        else:
            _bad_value(
                report,
                f"norms.{key}",
                "toml.norm",
                f"{key} must be a whole number of people per doctor above 0, not {value!r}",
                f"write e.g. {key} = 1700, or leave it out to keep the national norm",
                key=key,
                value=repr(value),
            )
    return result


def _parse_calendar(
    calendar: object, report: _Report, warn: _Report
) -> dict[str, tuple[dt.date, ...]]:
    """``[calendar]``: the days a government decree makes days off or working days.

    The ``holidays`` package records each year's decree some releases after it is published,
    so a region lists them here meanwhile (``catchments.calendar`` adds them to the package's).
    A working day must be a Saturday or Sunday (a weekday is one already), and no day may be
    in both lists.
    """
    if calendar is None:
        return {}
    example = "[calendar] days_off = [2026-01-05], working_days = [2026-01-10]"
    if not isinstance(calendar, Mapping):
        _not_table(report, "calendar", "[calendar]", example)
        return {}
    result: dict[str, tuple[dt.date, ...]] = {}
    for key, value in calendar.items():
        if key not in _CALENDAR_KEYS:
            _unknown_key(report, f"calendar.{key}", key, _CALENDAR_KEYS)
            continue
        days = [_as_date(item) for item in value] if isinstance(value, list) else [None]
        if any(day is None for day in days):
            # Dates as TOML writes them, not as Python's datetime.date(2027, 1, 8).
            shown = (
                "[" + ", ".join(_toml_value(item) for item in value) + "]"
                if isinstance(value, list)
                else _toml_value(value)
            )
            _bad_value(
                report,
                f"calendar.{key}",
                "toml.calendar_days",
                f"{key} must be a list of dates, not {shown}",
                f"write them as TOML dates without quotes: {key} = [2026-01-05, 2026-01-06]",
                key=key,
                value=shown,
            )
            continue
        listed = [day for day in days if day is not None]
        _check_calendar_list(warn, key, listed)
        result[key] = tuple(sorted(set(listed)))
    for day in result.get("working_days", ()):
        if day.weekday() < _SATURDAY:
            _bad_value(
                report,
                "calendar.working_days",
                "toml.calendar_weekday",
                f"{day.isoformat()} is a {day:%A}, a working day already",
                "list only the Saturdays and Sundays a decree makes working days",
                day=day.isoformat(),
            )
    for day in sorted(set(result.get("days_off", ())) & set(result.get("working_days", ()))):
        _bad_value(
            report,
            "calendar",
            "toml.calendar_both",
            f"{day.isoformat()} is both in days_off and in working_days",
            "keep it in the one list the decree puts it in",
            day=day.isoformat(),
        )
    return result


def _check_calendar_list(warn: _Report, key: str, days: Sequence[dt.date]) -> None:
    """Warn of days in a ``[calendar]`` list that cannot be what the decree meant.

    None of them changes a count (a repeated day counts once; a day off on a weekend or in a
    year no application can be dated in changes nothing), so they are warnings; each is most
    likely a mistyped date, which would leave the decree's real day out.
    """
    first, last = _CALENDAR_YEARS
    for day in sorted({day for day in days if days.count(day) > 1}):
        warn(
            f"calendar.{key}",
            "bad_value",
            f"{day.isoformat()} is listed more than once in {key}",
            "keep it once; was one of them meant to be another date?",
            text_id="toml.calendar_twice",
            key=key,
            day=day.isoformat(),
        )
    for day in sorted(set(days)):
        if not first <= day.year <= last:
            warn(
                f"calendar.{key}",
                "bad_value",
                f"{day.isoformat()} is outside {first}-{last}, the years an application can be "
                "dated in, so it changes nothing",
                "check the year",
                text_id="toml.calendar_year",
                day=day.isoformat(),
                first=str(first),
                last=str(last),
            )
        elif key == "days_off" and day.weekday() >= _SATURDAY:
            warn(
                f"calendar.{key}",
                "bad_value",
                f"{day.isoformat()} is a {day:%A}, a day off already",
                "a decree moves a day off to a weekday: check the date",
                text_id="toml.calendar_weekend",
                day=day.isoformat(),
            )


def _toml_value(value: object) -> str:
    """A value as ``region.toml`` would hold it: dates bare, text quoted."""
    return value.isoformat() if isinstance(value, dt.date) else repr(value)


def _parse_sources(sources: object, report: _Report) -> tuple[dict[str, str], ...]:
    if sources is None:
        return ()
    if not isinstance(sources, list):
        _not_table(
            report,
            "sources",
            "sources",
            '[[sources]] name = "...", licence = "...", url = "..." (one [[sources]] a source)',
        )
        return ()
    result: list[dict[str, str]] = []
    for number, source in enumerate(sources):
        where = f"sources[{number}]"
        if not isinstance(source, Mapping):
            _not_table(report, where, where, "[[sources]]")
            continue
        ok = True
        for key, value in source.items():
            if key not in _SOURCE_KEYS:
                ok = False
                _unknown_key(report, f"{where}.{key}", key, _SOURCE_KEYS)
            elif not isinstance(value, str):
                ok = False
                _bad_value(
                    report,
                    f"{where}.{key}",
                    "toml.text",
                    f"{key} must be text, not {value!r}",
                    f'write {key} = "..."',
                    key=key,
                    value=repr(value),
                )
        for key in _REQUIRED_SOURCE_KEYS:
            if not str(source.get(key) or "").strip():
                ok = False
                report(
                    f"{where}.{key}",
                    "missing_key",
                    f"{where} has no {key}",
                    "every source needs a name and the licence its data are used under",
                    text_id="toml.missing_key.source",
                    table=where,
                    key=key,
                )
        if ok:
            result.append({key: str(value) for key, value in source.items()})
    return tuple(result)


# --------------------------------------------------------------------------------------------
# The region
# --------------------------------------------------------------------------------------------


@dataclass
class Region:
    """A region in memory: its config and every layer of the package, in EPSG:4326.

    Build one with :func:`read_region` or in code (then :func:`validate_region` checks it and
    :func:`write_region` refuses to write it if it is invalid).

    Parameters
    ----------
    path
        The folder it was read from, or ``None`` for a region built in code.
    config
        The settings of ``region.toml``.
    admin_units, settlements, clinics, districts, buildings, street_nodes, street_edges
        The spatial layers of :mod:`geo.schema`.
    district_streets
        The street lists of district territories (no geometry).
    warnings
        What reading noticed without refusing the package (a reprojection, say).
    """

    path: Path | None
    config: RegionConfig
    admin_units: gpd.GeoDataFrame
    settlements: gpd.GeoDataFrame
    clinics: gpd.GeoDataFrame
    districts: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    street_nodes: gpd.GeoDataFrame
    street_edges: gpd.GeoDataFrame
    district_streets: pd.DataFrame
    warnings: tuple[Problem, ...] = ()

    def layer(self, name: str) -> gpd.GeoDataFrame | pd.DataFrame:
        """Return a layer by its package name (``"clinics"``...).

        Raises
        ------
        KeyError
            For a name that is not a layer of :mod:`geo.schema`.
        """
        if name not in LAYER_BY_NAME:
            raise KeyError(f"no layer {name!r}; the layers are {', '.join(LAYER_BY_NAME)}")
        frame: gpd.GeoDataFrame | pd.DataFrame = getattr(self, name)
        return frame


def _frames_of(region: Region) -> dict[str, Frame | None]:
    return {layer.name: region.layer(layer.name) for layer in LAYERS}


def read_region(path: str | os.PathLike[str], *, validate: bool = True) -> Region:
    """Read a region package folder (``region.gpkg`` + ``region.toml``).

    Parameters
    ----------
    path
        The package folder (a path to a file inside it is taken to mean its folder).
    validate
        Check every layer and reference (the default). ``False`` only skips the content checks,
        for trusted packages read often; values then come as stored (0/1 integers are not turned
        into booleans, say). A missing file or layer, a non-GeoPackage, text that is not UTF-8
        and a missing CRS are refused either way, since no usable region can be built.

    Returns
    -------
    Region
        Layers in EPSG:4326 (reprojected in memory when stored otherwise, with a warning).

    Raises
    ------
    RegionDataError
        With every problem found, errors first.
    """
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    if not folder.is_dir():
        raise RegionDataError(
            [
                Problem(
                    "region",
                    None,
                    "file_missing",
                    f"the package folder {folder} does not exist",
                    f"pass the folder that holds {GPKG_NAME} and {TOML_NAME}",
                    text_id="package.missing",
                    params=(("path", str(folder)),),
                )
            ],
            source=folder,
        )
    config, problems = _read_config_file(folder / TOML_NAME)
    raw_frames, read_problems = _read_layers(folder / GPKG_NAME)
    frames, checked = _inspect(raw_frames, config, full=validate)
    problems += read_problems + checked
    has_error = any(problem.severity == "error" for problem in problems)
    if has_error or config is None:
        raise RegionDataError(problems, source=folder)
    layers = {name: frame for name, frame in frames.items() if frame is not None}
    return Region(
        path=folder,
        config=config,
        admin_units=layers["admin_units"],
        settlements=layers["settlements"],
        clinics=layers["clinics"],
        districts=layers["districts"],
        buildings=layers["buildings"],
        street_nodes=layers["street_nodes"],
        street_edges=layers["street_edges"],
        district_streets=layers["district_streets"],
        warnings=tuple(problems),
    )


def read_population_areas(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read people by age band over polygons (census blocks, a grid), checked like a layer.

    For regions whose people are known only by area: the planner's load then shares each
    polygon's people among the districts by area (``catchments.planning.areal_interpolate``).
    Any vector file GDAL reads will do (GeoPackage, GeoJSON, Shapefile): its layer named
    ``population_areas``, or its only layer. The columns are those of
    :data:`geo.schema.POPULATION_AREAS`; the checks and messages are the region package's.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    geopandas.GeoDataFrame
        The polygons in EPSG:4326 (reprojected if stored otherwise), bands as floats.

    Raises
    ------
    RegionDataError
        With every problem found: a missing or unreadable file, no such layer, missing or
        non-numeric or negative columns, no CRS, invalid or non-polygon geometry, duplicate ids.
    """
    layer = POPULATION_AREAS
    source = Path(path)
    columns = ", ".join(layer.column_names)
    hint = f"give a GeoPackage or GeoJSON file of polygons with columns {columns}"

    def refuse(
        check: str, message: str, fix: str = hint, *, text_id: str, **params: object
    ) -> RegionDataError:
        wording = {"fix_id": "population.fix", "columns": columns, **params}
        problem = Problem(
            layer.name, None, check, message, fix, text_id=text_id, params=tuple(wording.items())
        )
        return RegionDataError([problem], source=source)

    if not source.is_file():
        what, text_id = (
            ("is a folder", "file.folder")
            if source.is_dir()
            else ("is not a regular file", "file.special")
            if source.exists()  # a device or a pipe (/dev/null)
            else ("does not exist", "file.missing")
        )
        raise refuse("file_missing", f"{source} {what}", text_id=text_id, path=str(source))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's guesses before it fails
            names = [str(name) for name in pyogrio.list_layers(source)[:, 0]]
    except Exception as error:  # GDAL refuses a file it cannot read in many ways; say which
        what, kind, params = _unreadable_vector_file(source, str(error))
        raise refuse(
            "unreadable_layer",
            what,
            _UNREADABLE_FIXES.get(kind, hint),
            text_id=f"population.unreadable.{kind}",
            **params,
        ) from None
    chosen = layer.name if layer.name in names or len(names) != 1 else names[0]
    if chosen not in names:
        listed = ", ".join(names) or "(none)"
        raise refuse(
            "missing_layer",
            f"the file has layers {listed} and none is named {layer.name}",
            f"name the layer of population polygons {layer.name}",
            text_id="population.missing_layer",
            layers=listed,
            layer=layer.name,
        )
    try:
        frame: Frame = pyogrio.read_dataframe(source, layer=chosen)
    except Exception as error:
        detail = _without_paths(str(error), source)
        raise refuse(
            "unreadable_layer",
            f"GDAL cannot read layer {chosen}: {detail}",
            text_id="population.unreadable_layer",
            layer=chosen,
            error=detail,
        ) from None
    checked, problems = _inspect_layer(frame, layer, full=True)
    if checked is None or any(problem.severity == "error" for problem in problems):
        raise RegionDataError(problems, source=source)
    if not isinstance(checked, gpd.GeoDataFrame):  # _inspect_layer keeps a spatial layer's type
        raise TypeError("a spatial layer came back without geometry")
    return checked


_JSON_MOST_BYTES = 64 * 2**20  # larger files are not parsed again to say why GDAL failed
_GEOJSON_TYPES = frozenset(
    {
        "FeatureCollection",
        "Feature",
        "Polygon",
        "MultiPolygon",
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "GeometryCollection",
    }
)
_UNREADABLE_FIXES: dict[str, str] = {
    "zip": "unpack it and give the GeoPackage or GeoJSON file inside",
    "shapefile_parts": "a Shapefile is several files (.shp, .shx, .dbf, .prj): convert it to a "
    "GeoPackage (ogr2ogr -f GPKG out.gpkg in.shp), or keep all of them side by side",
}
"""Fixes for the kinds of unreadable file where the general one (the file wanted) is not it."""


def _unreadable_vector_file(source: Path, error: str) -> tuple[str, str, dict[str, object]]:
    """Say why GDAL could not open ``source``, in its user's terms.

    GDAL's own messages name the full path (a temporary folder, when the file was uploaded to
    the app) and speak of drivers; the user needs what is wrong with the file they chose: it is
    empty, cut short, a damaged GeoPackage, JSON but not GeoJSON... So the file is looked at
    again, and GDAL's words are kept (without the path) only where nothing better is known.

    Returns
    -------
    message, kind, params
        The English message, the kind (``population.unreadable.KIND`` words it in other
        languages) and that wording's parameters.
    """
    with source.open("rb") as handle:
        head = handle.read(512)
    if not head.strip() and source.stat().st_size <= len(head):  # nothing, or only blanks
        return "the file is empty: it was not saved or uploaded in full", "empty", {}
    if head.startswith(_SQLITE_MAGIC):
        return (
            "the file is a damaged or incomplete GeoPackage (cut short while copying or "
            "uploading?) that GDAL cannot open",
            "gpkg_damaged",
            {},
        )
    if head.startswith(b"PK\x03\x04"):
        return "the file is a ZIP archive without a map layer GDAL reads", "zip", {}
    if source.suffix.lower() == ".shp":
        return (
            "the file is the .shp part of a Shapefile without its .shx and .dbf beside it",
            "shapefile_parts",
            {},
        )
    text = _as_text(source, head)
    if text is not None and text.lstrip()[:1] in ("{", "["):
        return _unreadable_json(text, error, source)
    start = head.removeprefix(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0][:60]
    first_line = start.decode("utf-8", errors="replace").strip()
    if _is_utf8_start(head) and first_line.isprintable():
        return (
            f"the file is text, not a map format GDAL reads, starting {first_line!r}",
            "text",
            {"start": repr(first_line)},
        )
    return (
        "the file is in no map format GDAL reads (a GeoPackage, GeoJSON or Shapefile)",
        "binary",
        {},
    )


def _is_utf8_start(head: bytes) -> bool:
    try:
        # Incremental, so a character cut in two at the end of ``head`` is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _as_text(source: Path, head: bytes) -> str | None:
    """The whole file as UTF-8 text, or None when it is not (or too large to read again)."""
    if not _is_utf8_start(head) or source.stat().st_size > _JSON_MOST_BYTES:
        return None
    try:
        return source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _unreadable_json(text: str, error: str, source: Path) -> tuple[str, str, dict[str, object]]:
    try:
        document = json.loads(text)
    except RecursionError:  # nested deeper than Python parses: no GeoJSON is
        document = None
    except json.JSONDecodeError as broken:
        if not text[broken.pos :].strip():  # nothing after the point it broke: cut short
            last_line = text.rstrip().count("\n") + 1
            return (
                f"the file is JSON that breaks off at line {last_line}, before its end: it "
                "was cut short while saving, downloading or uploading",
                "json_truncated",
                {"line": last_line},
            )
        return (
            f"the file is not valid JSON: {broken.msg} at line {broken.lineno}, column "
            f"{broken.colno}",
            "json_broken",
            {"line": broken.lineno, "column": broken.colno},
        )
    kind = document.get("type") if isinstance(document, dict) else None
    if not (isinstance(kind, str) and kind in _GEOJSON_TYPES):
        return (
            'the file is JSON but not GeoJSON, which is an object with "type": '
            '"FeatureCollection" and its "features"',
            "json_not_geojson",
            {},
        )
    detail = _without_paths(error, source)
    return f"GDAL cannot read this GeoJSON: {detail}", "geojson", {"error": detail}


def _without_paths(text: str, source: Path) -> str:
    """GDAL's message with the file's folder left out, so only its own name remains."""
    for folder in {str(source.absolute().parent), str(source.parent)}:
        if folder not in ("", "."):
            text = text.replace(folder + os.sep, "")
    return text


def validate_region(region: Region) -> list[Problem]:
    """Check a region as it is in memory and return every problem, errors and warnings.

    The checks are those of :func:`read_region` (config included); ``region.warnings`` (what
    reading noticed) are not repeated. A layer not in EPSG:4326 gives a ``crs_reprojected``
    warning, as :func:`write_region` reprojects it.
    """
    _, problems = _inspect(_frames_of(region), region.config, full=True)
    _, config_problems = _parse_config(region.config.to_toml_dict())
    return config_problems + problems


def write_region(
    region: Region,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    timestamp: dt.datetime | None = None,
) -> Path:
    """Write a region as a package folder, after validating it.

    The package is written to a temporary folder next to ``path`` and renamed into place, so a
    failed write never leaves half a package behind nor destroys the previous one. On
    ``overwrite``, files in the folder other than the package's own are kept.

    The GeoPackage records a "last change" time per layer; it is set to ``timestamp`` (default:
    midnight UTC of the region's ``data_date``) rather than the clock, so the same data always
    gives the same bytes and a package can be diffed and rebuilt reproducibly.

    Returns
    -------
    Path
        The package folder.

    Raises
    ------
    RegionDataError
        When the region has errors (nothing is written), or GDAL refuses a layer.
    FileExistsError
        When ``path`` exists and ``overwrite`` is false.
    NotADirectoryError
        When ``path`` exists and is a file.
    OSError
        When the folder cannot be written, or the disk fills up (``ENOSPC``, also when GDAL
        says only that a write failed).
    """
    target = Path(path)
    frames, problems = _inspect(_frames_of(region), region.config, full=True)
    _, config_problems = _parse_config(region.config.to_toml_dict())
    problems = config_problems + problems
    if any(problem.severity == "error" for problem in problems):
        raise RegionDataError(problems, source=f"refusing to write {target}")
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is a file; pass the folder to write the package into")
    if target.exists() and not overwrite:
        raise FileExistsError(
            f"{target} already exists; pass overwrite=True to replace its {GPKG_NAME} and "
            f"{TOML_NAME}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the package is an ordinary folder
    if timestamp is None:
        timestamp = dt.datetime.combine(region.config.data_date, dt.time(), tzinfo=dt.UTC)
    try:
        _write_files(frames, region.config, staging, timestamp=timestamp)
        if target.exists():
            _copy_other_files(target, staging)
            _swap_folders(staging, target)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _write_files(
    frames: Mapping[str, Frame | None],
    config: RegionConfig,
    folder: Path,
    *,
    timestamp: dt.datetime,
) -> None:
    gpkg = folder / GPKG_NAME
    stamp = timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    # GDAL's GPKG driver takes the layers' last_change from this option instead of the clock.
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        _write_layers(frames, gpkg)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    toml = folder / TOML_NAME
    toml.write_text(tomli_w.dumps(config.to_toml_dict()), encoding="utf-8")
    for written in (gpkg, toml):
        with written.open("rb") as handle:
            os.fsync(handle.fileno())  # on disk before the rename makes them the package


def _write_layers(frames: Mapping[str, Frame | None], gpkg: Path) -> None:
    for layer in LAYERS:
        frame = frames[layer.name]
        assert frame is not None  # validation passed, so every layer is present
        try:
            pyogrio.write_dataframe(
                frame, gpkg, layer=layer.name, driver="GPKG", use_arrow=_HAS_ARROW
            )
        except OSError:
            raise
        except Exception as error:  # GDAL's errors are many and untyped; name the layer instead
            # A full disk reaches here as SQLite's "INSERT ... failed", which names no cause.
            free = shutil.disk_usage(gpkg.parent).free
            if free < _FULL_DISK_BYTES:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(gpkg)) from None
            problem = Problem(
                layer.name,
                None,
                "write_failed",
                f"could not be written: {error}",
                "extra columns must hold text, numbers, booleans or dates; drop or convert others",
            )
            raise RegionDataError([problem], source=gpkg) from None


def _copy_other_files(source: Path, destination: Path) -> None:
    for entry in source.iterdir():
        if entry.name in _PACKAGE_FILES:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, destination / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, destination / entry.name, follow_symlinks=False)


def _swap_folders(new: Path, target: Path) -> None:
    # POSIX cannot rename a folder over a non-empty one, so move the old one aside first and
    # put it back if the second rename fails.
    backup = new.with_name(new.name.removesuffix(".tmp") + ".old")
    os.replace(target, backup)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Reading region.gpkg
# --------------------------------------------------------------------------------------------


def _read_layers(gpkg: Path) -> tuple[dict[str, Frame | None], list[Problem]]:
    frames: dict[str, Frame | None] = {layer.name: None for layer in LAYERS}
    if not gpkg.exists():
        return frames, [
            Problem(
                GPKG_NAME,
                None,
                "file_missing",
                f"{gpkg} does not exist",
                "every region package folder needs a region.gpkg (an OGC GeoPackage)",
                text_id="file.missing",
                params=(("path", str(gpkg)), ("fix_id", "gpkg.fix")),
            )
        ]
    not_gpkg = _sniff_geopackage(gpkg)
    if not_gpkg is not None:
        return frames, [not_gpkg]
    try:
        with warnings.catch_warnings():
            # GDAL warns before it fails ("bad application_id"); the problem below says it all.
            warnings.simplefilter("ignore", RuntimeWarning)
            listed = pyogrio.list_layers(gpkg)
            first = listed[0, 0] if len(listed) else None
            driver = pyogrio.read_info(gpkg, layer=first)["driver"] if first else "GPKG"
    except Exception as error:  # GDAL reports a corrupt file in many ways; all mean the same
        return frames, [
            _not_geopackage(
                f"an SQLite database that GDAL cannot open as a GeoPackage ({error})",
                "unopenable",
                error=str(error),
            )
        ]
    if driver != "GPKG":
        return frames, [
            _not_geopackage(
                f"an SQLite database that GDAL reads as {driver}", "driver", driver=driver
            )
        ]
    available = [str(name) for name in listed[:, 0]] if len(listed) else []
    renames = _likely_renames([layer.name for layer in LAYERS], available)
    problems: list[Problem] = []
    for layer in LAYERS:
        if layer.name not in available:
            close = [renames[layer.name]] if layer.name in renames else []
            found = f"; the file has a layer {close[0]!r}: rename it" if close else ""
            columns = ", ".join(layer.column_names)
            problems.append(
                Problem(
                    layer.name,
                    None,
                    "missing_layer",
                    f"layer is missing from {GPKG_NAME}",
                    f"add a {layer.name} layer with columns {columns}" + found,
                    text_id="missing_layer.close" if close else "missing_layer",
                    params=(
                        ("layer", layer.name),
                        ("columns", columns),
                        *((("close", repr(close[0])),) if close else ()),
                    ),
                )
            )
            continue
        frames[layer.name], layer_problems = _read_layer(gpkg, layer)
        problems += layer_problems
    return frames, problems


def _likely_renames(expected: Sequence[str], available: Sequence[str]) -> dict[str, str]:
    """For missing layers, the layer of the file each was most likely stored under.

    Only a layer the schema does not know is offered (renaming ``districts`` to make a
    ``district_streets`` would lose the districts), each to the one missing layer it is most
    like: with ``district`` in the file and both ``districts`` and ``district_streets``
    missing, ``district`` is offered for ``districts`` alone. Similarity is
    :func:`difflib.get_close_matches`'s (a ratio of 0.6 at least).
    """
    missing = [name for name in expected if name not in available]
    unknown = [name for name in available if name not in expected]
    best: dict[str, tuple[float, str]] = {}  # found layer -> (ratio, the missing layer)
    for found in unknown:
        for name in missing:
            ratio = difflib.SequenceMatcher(None, found, name).ratio()
            if ratio >= 0.6 and ratio > best.get(found, (0.0, ""))[0]:
                best[found] = (ratio, name)
    renames: dict[str, tuple[float, str]] = {}  # missing layer -> (ratio, found layer)
    for found, (ratio, name) in best.items():
        if ratio > renames.get(name, (0.0, ""))[0]:
            renames[name] = (ratio, found)
    return {name: found for name, (_, found) in renames.items()}


def _sniff_geopackage(path: Path) -> Problem | None:
    """Refuse what is plainly not a GeoPackage before GDAL guesses at it."""
    if path.is_dir():
        return _not_geopackage("a folder", "folder")
    with path.open("rb") as handle:
        head = handle.read(512)
    if not head:
        return _not_geopackage("an empty file", "empty")
    if head.startswith(_SQLITE_MAGIC):
        return None
    if head.startswith(b"PK\x03\x04"):
        return _not_geopackage("a ZIP archive (unpack it first)", "zip")
    first_line = head.split(b"\n", 1)[0][:60].strip()
    text: str | None
    try:
        # Incremental, so a character cut in two at the end of ``head`` is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        text = first_line.decode("utf-8", errors="replace")
        what, kind = "a text file", "text"
    except UnicodeDecodeError:
        text = _as_cp1251(first_line)
        what, kind = "a text file (and not even UTF-8)", "text_legacy"
    if text is not None and text.isprintable():
        if text.count(",") + text.count(";") >= 2:
            what, kind = f"{what} such as a CSV", f"{kind}_table"
        return _not_geopackage(f"{what}, starting {text!r}", kind, start=repr(text))
    return _not_geopackage("neither a GeoPackage nor text", "binary")


def _not_geopackage(what: str, kind: str, **params: object) -> Problem:
    """``region.gpkg`` is something else; ``kind`` names it for the other languages."""
    return Problem(
        GPKG_NAME,
        None,
        "not_geopackage",
        f"is not a GeoPackage: it is {what}",
        "a region package needs an OGC GeoPackage; convert the data with "
        "`ogr2ogr -f GPKG region.gpkg SOURCE` or GeoDataFrame.to_file(path, layer=..., "
        "driver='GPKG')",
        text_id=f"not_geopackage.{kind}",
        params=tuple(params.items()),
    )


def _read_layer(gpkg: Path, layer: Layer) -> tuple[Frame | None, list[Problem]]:
    try:
        return _read_frame(gpkg, layer, use_arrow=_HAS_ARROW), []
    except Exception as first_error:  # a catch-all is the point: diagnose, then report
        error: Exception = first_error
    if _HAS_ARROW:
        # Arrow's errors say little ("Wrapping ... failed"); the classic reader says more.
        try:
            return _read_frame(gpkg, layer, use_arrow=False), []
        except Exception as classic_error:
            error = classic_error
    if isinstance(error, UnicodeDecodeError):
        # Report the text, then check the layer as its text most likely reads, so every other
        # problem of it (and the references to it) comes in the same report.
        return _read_frame_guessing_text(gpkg, layer), _gpkg_encoding_problems(gpkg, layer)
    return None, [
        Problem(
            layer.name,
            None,
            "unreadable_layer",
            f"GDAL cannot read the layer: {error}",
            "open the file in QGIS or `ogrinfo -al region.gpkg` to find the damage; "
            "re-export the layer from its source",
            text_id="unreadable_layer",
            params=(("error", str(error)),),
        )
    ]


def _read_frame(gpkg: Path, layer: Layer, *, use_arrow: bool) -> Frame:
    frame: Frame = pyogrio.read_dataframe(
        gpkg, layer=layer.name, read_geometry=bool(layer.geometry), use_arrow=use_arrow
    )
    if use_arrow:
        _validate_arrow_text(frame)
    return frame


def _validate_arrow_text(frame: Frame) -> None:
    """Raise if Arrow-backed text holds invalid UTF-8.

    Arrow passes GDAL's bytes through unchecked, so bad text would only fail later, deep in a
    string operation; a full validation is a fast C++ scan that fails here instead.
    """
    for values in frame.to_dict(orient="series").values():
        dtype = values.dtype
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
            getattr(values.array, "__arrow_array__")().validate(full=True)  # noqa: B009


def _gpkg_encoding_problems(gpkg: Path, layer: Layer) -> list[Problem]:
    """Find the rows and columns whose text is not UTF-8.

    Latin-1 maps every byte to one character and back, so reading with it recovers the raw
    bytes of every value; those that do not decode as UTF-8 are the culprits.
    """
    frame = pyogrio.read_dataframe(
        gpkg, layer=layer.name, read_geometry=False, use_arrow=False, encoding="latin-1"
    )
    raw = {
        column: [value.encode("latin-1") if isinstance(value, str) else None for value in values]
        for column, values in frame.items()
        if pd.api.types.is_object_dtype(values.dtype) or isinstance(values.dtype, pd.StringDtype)
    }
    # The same rows as they should read, undecodable values left out, to name rows by their key.
    decoded = pd.DataFrame(
        {column: [_decode_utf8(value) for value in values] for column, values in raw.items()},
        index=frame.index,
    )
    problems: list[Problem] = []
    for column, values in raw.items():
        bad = np.array([value is not None and _decode_utf8(value) is None for value in values])
        if not bad.any():
            continue
        examples = []
        guesses = []
        for position in np.flatnonzero(bad)[:MAX_EXAMPLES]:
            value = values[position]
            assert value is not None  # only bytes can fail to decode
            guess = _as_cp1251(value)
            guesses.append(guess)
            shown = f" (as Windows-1251: {guess!r})" if guess is not None else ""
            label = _row_label(decoded, layer, int(position))
            examples.append(f"{label} {column}={value!r}{shown}")
        looks_cp1251 = all(guess is not None for guess in guesses)
        problems.append(
            Problem(
                layer.name,
                str(column),
                "encoding",
                f"{_count(int(bad.sum()))} text that is not UTF-8",
                "GeoPackage text must be UTF-8; re-export the layer from its source with the "
                "right source encoding"
                + (" (these look like Windows-1251)" if looks_cp1251 else ""),
                tuple(examples),
                text_id="encoding.cp1251" if looks_cp1251 else "encoding",
                params=(("rows", int(bad.sum())),),
            )
        )
    if not problems:  # the decoder failed on something other than a column value
        problems.append(
            Problem(
                layer.name,
                None,
                "encoding",
                "holds text that is not UTF-8 (in a column name or metadata)",
                "GeoPackage text must be UTF-8; re-export the layer with UTF-8 names",
                text_id="encoding.names",
            )
        )
    return problems


def _read_frame_guessing_text(gpkg: Path, layer: Layer) -> Frame | None:
    """The layer with text that is not UTF-8 read as it most likely was meant.

    Each value (and column name) is decoded as UTF-8 where it is, else as Windows-1251 (the
    usual legacy encoding of Kazakh and Russian sources, :func:`_as_cp1251`), else as UTF-8
    with replacement characters. Used only to go on checking a layer whose encoding is
    reported as an error: the package is refused either way. ``None`` if GDAL cannot read the
    layer even so.
    """
    try:
        frame: Frame = pyogrio.read_dataframe(
            gpkg,
            layer=layer.name,
            read_geometry=bool(layer.geometry),
            use_arrow=False,
            encoding="latin-1",
        )
    except Exception:  # the encoding problem is reported; nothing more can be read
        return None
    columns: dict[str, pd.Series] = {}
    for name, values in frame.items():
        text = pd.api.types.is_object_dtype(values.dtype) or isinstance(
            values.dtype, pd.StringDtype
        )
        columns[_guess_text(str(name))] = (
            pd.Series(
                [_guess_text(value) if isinstance(value, str) else value for value in values],
                index=values.index,
                dtype=object,
            )
            if text
            else values
        )
    if isinstance(frame, gpd.GeoDataFrame) and _has_active_geometry(frame):
        geometry = _guess_text(str(frame.geometry.name))
        spatial: Frame = gpd.GeoDataFrame(columns, geometry=geometry, crs=frame.crs)
        return spatial
    return pd.DataFrame(columns)


def _guess_text(latin1: str) -> str:
    """A value read as Latin-1 (its raw bytes) as the text it most likely is."""
    try:
        raw = latin1.encode("latin-1")
    except UnicodeEncodeError:  # not read as Latin-1 after all: already text
        return latin1
    decoded = _decode_utf8(raw)
    if decoded is None:
        decoded = _as_cp1251(raw)
    return decoded if decoded is not None else raw.decode("utf-8", errors="replace")


def _decode_utf8(raw: bytes | None) -> str | None:
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _as_cp1251(raw: bytes) -> str | None:
    """Show undecodable bytes the way a Kazakh or Russian source most likely meant them."""
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _inspect(
    frames: Mapping[str, Frame | None], config: RegionConfig | None, *, full: bool
) -> tuple[dict[str, Frame | None], list[Problem]]:
    """Normalize every layer (CRS, value kinds) and check it.

    With ``full`` false only what a region cannot do without is checked (geometry present, a
    CRS that can be brought to EPSG:4326), for trusted packages.
    """
    problems: list[Problem] = []
    normalized: dict[str, Frame | None] = {}
    for layer in LAYERS:
        frame = frames.get(layer.name)
        if frame is not None:
            frame, layer_problems = _inspect_layer(frame, layer, full=full)
            problems += layer_problems
        normalized[layer.name] = frame
    if full:
        problems += _reference_problems(normalized)
        problems += _coordinate_problems(normalized, config)
    return normalized, problems


def _inspect_layer(frame: Frame, layer: Layer, *, full: bool) -> tuple[Frame | None, list[Problem]]:
    problems: list[Problem] = []
    if layer.geometry:
        if not isinstance(frame, gpd.GeoDataFrame) or not _has_active_geometry(frame):
            return None, [
                Problem(
                    layer.name,
                    "geometry",
                    "no_geometry",
                    "layer has no geometry column",
                    f"store it as a spatial layer of {' or '.join(layer.geometry)} geometries",
                    text_id="no_geometry",
                    params=(("geometry", " / ".join(layer.geometry)),),
                )
            ]
        frame, crs_problems = _normalize_crs(frame, layer)
        problems += crs_problems
    elif isinstance(frame, gpd.GeoDataFrame):
        attributes = [
            name
            for name in frame.columns
            if not isinstance(frame[name].dtype, gpd.array.GeometryDtype)
        ]
        frame = pd.DataFrame(frame[attributes])
    if not full:
        return frame, problems

    if len(frame) == 0:
        may_be_empty = layer.name in _MAY_BE_EMPTY
        problems.append(
            Problem(
                layer.name,
                None,
                "empty_layer",
                "layer has no rows",
                "district territories then come from district polygons only"
                if may_be_empty
                else f"fill {layer.name} with the region's data; an empty layer is not usable",
                severity="warning" if may_be_empty else "error",
                text_id="empty_layer.may_be_empty" if may_be_empty else "empty_layer",
                params=(("layer", layer.name),),
            )
        )
    changes: dict[str, pd.Series] = {}
    for column in layer.columns:
        if column.name not in frame.columns:
            problems.append(
                Problem(
                    layer.name,
                    column.name,
                    "missing_column",
                    f"column is missing (the layer has {', '.join(map(str, frame.columns))})",
                    f"add {column.name} ({_KIND_WORDS[column.kind]}) to {layer.name}",
                    text_id="missing_column",
                    params=(
                        ("columns", ", ".join(map(str, frame.columns))),
                        ("column", column.name),
                        ("kind", column.kind),
                        ("layer", layer.name),
                    ),
                )
            )
            continue
        values, column_problems = _check_column(frame, layer, column)
        problems += column_problems
        if values is not None:
            changes[column.name] = values
    if changes:
        frame = frame.assign(**changes)
    problems += _duplicate_key_problems(frame, layer)
    if layer.geometry:
        problems += _geometry_problems(frame, layer)
    if layer.name == "district_streets" and "house_ranges" in frame.columns:
        problems += _house_range_problems(frame, layer)
    if layer.name == "street_edges":
        problems += _street_edge_problems(frame, layer)
    if layer.name == "districts":
        problems += _district_overlap_problems(frame, layer)
    if layer.name == "clinics" and "packages" in changes:
        problems += _package_problems(frame, layer)
    return frame, problems


def _has_active_geometry(frame: gpd.GeoDataFrame) -> bool:
    try:
        frame.geometry  # noqa: B018 -- raises AttributeError when no geometry column is set
    except AttributeError:
        return False
    return True


def _normalize_crs(frame: gpd.GeoDataFrame, layer: Layer) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    if frame.crs is None:
        spans = ""
        text_id, bounds = "crs_missing", {}
        if len(frame) and not frame.geometry.is_empty.all():
            minx, miny, maxx, maxy = frame.total_bounds
            lonlat = minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90
            spans = (
                f" (coordinates span x {_fmt(minx)}..{_fmt(maxx)}, y {_fmt(miny)}..{_fmt(maxy)}"
                + (", which looks like longitude/latitude)" if lonlat else ")")
            )
            text_id = "crs_missing.span_lonlat" if lonlat else "crs_missing.span"
            bounds = {"minx": minx, "maxx": maxx, "miny": miny, "maxy": maxy}
        return frame, [
            Problem(
                layer.name,
                "geometry",
                "crs_missing",
                f"layer has no coordinate reference system{spans}",
                "set the CRS the coordinates are in: for longitude/latitude degrees "
                "gdf.set_crs('EPSG:4326') (or `ogr2ogr -a_srs EPSG:4326`), then write it again",
                text_id=text_id,
                params=tuple((name, _fmt(value)) for name, value in bounds.items()),
            )
        ]
    crs = CRS.from_user_input(frame.crs)
    if crs.equals(_WGS84_CRS, ignore_axis_order=True):
        # OGC:CRS84 and friends: the same coordinates as EPSG:4326 in GeoPandas' x=lon order.
        if not crs.equals(_WGS84_CRS):
            frame = frame.set_crs(WGS84, allow_override=True)
        return frame, []
    label = crs.to_string()
    try:
        reprojected = frame.to_crs(WGS84)
    except (CRSError, ValueError, RuntimeError) as error:
        return frame, [
            Problem(
                layer.name,
                "geometry",
                "crs_unsupported",
                f"layer is in {label} ({crs.name}), which cannot be transformed to EPSG:4326: "
                f"{error}",
                "reproject the layer to EPSG:4326 with the tool that knows its CRS",
                text_id="crs_unsupported",
                params=(("crs", label), ("crs_name", crs.name), ("error", str(error))),
            )
        ]
    return reprojected, [
        Problem(
            layer.name,
            "geometry",
            "crs_reprojected",
            f"layer is in {label} ({crs.name}), not EPSG:4326; it was reprojected in memory and "
            "the file is unchanged",
            "store the layer in EPSG:4326 (write_region does) to skip this step",
            severity="warning",
            text_id="crs_reprojected",
            params=(("crs", label), ("crs_name", crs.name)),
        )
    ]


def _check_column(
    frame: Frame, layer: Layer, column: Column
) -> tuple[pd.Series | None, list[Problem]]:
    """Check one column's kind, presence, choices and sign; return it normalized if valid."""
    values = frame[column.name]
    coerced, wrong, missing = _coerce(values, column.kind)
    problems: list[Problem] = []
    if wrong.any():
        problems.append(_wrong_kind_problem(frame, layer, column, wrong))
    if column.kind != "str_or_null" and missing.any():
        problems.append(
            _rows_problem(
                frame,
                layer,
                missing,
                column=column.name,
                check="missing_value",
                message="{rows} no value",
                hint=f"{column.name} is required: fill it in for every row",
                params={"column": column.name},
            )
        )
    usable = ~wrong & ~missing
    if column.choices is not None and usable.any():
        outside = usable & ~values.isin(column.choices).to_numpy(dtype=bool)
        if outside.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    outside,
                    column=column.name,
                    check="not_in_choices",
                    message=f"{{rows}} a value that is not one of {', '.join(column.choices)}",
                    hint=f"use one of {', '.join(column.choices)} (lower case, as written)",
                    show_value=True,
                    params={"choices": ", ".join(column.choices)},
                )
            )
    if column.name in _NON_NEGATIVE.get(layer.name, ()) and coerced is not None:
        negative = usable & (pd.to_numeric(coerced, errors="coerce") < 0).to_numpy(dtype=bool)
        if negative.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    negative,
                    column=column.name,
                    check="negative_value",
                    message="{rows} a negative value",
                    hint=f"{column.name} counts or measures something and cannot be below 0",
                    show_value=True,
                    params={"column": column.name},
                )
            )
    most = _AT_MOST.get(layer.name, {}).get(column.name)
    if most is not None and coerced is not None:
        numbers = pd.to_numeric(coerced, errors="coerce")
        too_big = (
            usable & ~(numbers.abs() <= most).to_numpy(dtype=bool) & numbers.notna().to_numpy()
        )
        if too_big.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    too_big,
                    column=column.name,
                    check="implausible_value",
                    message=f"{{rows}} a value above {most:,.0f}",
                    hint=f"no region has that many; check {column.name} for a typo or a unit "
                    "mix-up",
                    show_value=True,
                    params={"column": column.name, "most": int(most)},
                )
            )
    return (coerced if not wrong.any() else None), problems


def _wrong_kind_problem(frame: Frame, layer: Layer, column: Column, wrong: BoolArray) -> Problem:
    """Values of the wrong kind in a column: only those that are wrong, and why.

    A number column stored as text (``'1.25'``, as a CSV import leaves it) is told apart from
    values that are no number at all (``'two'``): the rows named are those whose text does not
    read as the kind wanted, and "stored as text" is said when that is the matter. When every
    value reads, the column's storage is the one problem.
    """
    values = frame[column.name]
    kind_words = _KIND_WORDS[column.kind]
    params: dict[str, object] = {"kind": column.kind, "dtype": str(values.dtype)}
    if column.kind not in ("int", "float", "bool"):
        return _rows_problem(
            frame,
            layer,
            wrong,
            column=column.name,
            check="wrong_kind",
            message=f"{{rows}} values that are not {kind_words} (the column is {values.dtype})",
            hint=_KIND_HINTS[column.kind],
            show_value=True,
            params=params,
        )
    reads = np.array([_reads_as(value, column.kind) for value in values], dtype=bool)
    unreadable = wrong & ~reads
    as_text = _is_text(values)
    if unreadable.any():
        stored = "stored as text" if as_text else str(values.dtype)
        rows, text_id = unreadable, "wrong_kind.text" if as_text else "wrong_kind"
        message = f"{{rows}} values that are not {kind_words} (the column is {stored})"
        hint = ("correct them, and " if as_text else "") + _KIND_HINTS[column.kind]
    else:
        rows, text_id = wrong, "wrong_kind.stored_as_text"
        message = f"the column is stored as text, though its values read as {kind_words}"
        hint = _KIND_HINTS[column.kind]
    return _rows_problem(
        frame,
        layer,
        rows,
        column=column.name,
        check="wrong_kind",
        message=message,
        hint=hint,
        show_value=True,
        params=params,
        text_id=text_id,
    )


def _is_text(values: pd.Series) -> bool:
    """Whether a column is stored as text: a string column, or one holding only strings."""
    if isinstance(values.dtype, pd.StringDtype):
        return True
    if not pd.api.types.is_object_dtype(values.dtype):
        return False
    present = values.dropna()
    return len(present) > 0 and all(isinstance(value, str) for value in present)


_BOOL_WORDS = frozenset({"true", "false", "0", "1"})


def _reads_as(value: object, kind: ColumnKind) -> bool:
    """Whether text (``'1.25'``, ``'12'``, ``'true'``) reads as a value of ``kind``."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if kind == "bool":
        return text.lower() in _BOOL_WORDS
    try:
        number = float(text)
    except ValueError:
        return False
    return math.isfinite(number) and (kind != "int" or number.is_integer())


def _coerce(values: pd.Series, kind: ColumnKind) -> tuple[pd.Series | None, BoolArray, BoolArray]:
    """Return ``(normalized values, wrong-kind mask, missing mask)`` for one column.

    GeoPackage has no boolean type (GDAL marks 0/1 integers as booleans), and tools differ in
    whether a whole-number column comes back as integers or reals, so 0/1 integers are accepted
    as booleans and integral reals as integers: both are the same data, differently spelled.
    """
    missing = values.isna().to_numpy(dtype=bool)
    present = ~missing
    dtype = values.dtype
    if kind in ("str", "str_or_null"):
        if isinstance(dtype, pd.StringDtype):
            wrong = np.zeros(len(values), dtype=bool)
        elif pd.api.types.is_object_dtype(dtype):
            wrong = present & ~values.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)
        else:
            wrong = present
        if wrong.any():
            return None, wrong, missing
        normalized = values.astype("str")
        if kind == "str":
            missing = missing | (normalized.str.strip() == "").to_numpy(dtype=bool)
        return normalized, wrong, missing

    if pd.api.types.is_bool_dtype(dtype):
        wrong = present & (kind != "bool")
        return (
            (values.astype(bool) if kind == "bool" and not missing.any() else values),
            (wrong),
            missing,
        )
    numbers = _as_numbers(values)
    if numbers is None:
        return None, present, missing
    numeric, wrong = numbers
    finite = np.isfinite(numeric.to_numpy(dtype=float, na_value=np.nan))
    if kind == "float":
        wrong = wrong | (present & ~finite)
        return numeric.astype("float64"), wrong, missing
    whole = present & finite & (numeric.to_numpy(dtype=float, na_value=np.nan) % 1 == 0)
    if kind == "bool":
        wrong = wrong | (present & ~numeric.isin((0, 1)).to_numpy(dtype=bool))
        ok = not wrong.any() and not missing.any()
        return (numeric.astype(bool) if ok else values), wrong, missing
    wrong = wrong | (present & ~whole)
    ok = not wrong.any() and not missing.any()
    # Past int64 a whole real wraps round to a negative number; clipped, it stays huge and the
    # implausible-value check names it.
    clipped = numeric.clip(lower=-(2**62), upper=2**62)
    return (clipped.astype("int64") if ok else values), wrong, missing


def _as_numbers(values: pd.Series) -> tuple[pd.Series, BoolArray] | None:
    """Numeric view of a column and the rows that are not numbers, or ``None`` if it is text."""
    dtype = values.dtype
    if pd.api.types.is_numeric_dtype(dtype):
        return values, np.zeros(len(values), dtype=bool)
    if not pd.api.types.is_object_dtype(dtype):
        return None
    is_number = values.map(
        lambda value: (
            isinstance(value, int | float | np.integer | np.floating)
            and not isinstance(value, bool | np.bool_)
        )
    ).to_numpy(dtype=bool)
    wrong = values.notna().to_numpy(dtype=bool) & ~is_number
    numeric = pd.to_numeric(values.where(is_number), errors="coerce")
    return numeric, wrong


def _duplicate_key_problems(frame: Frame, layer: Layer) -> list[Problem]:
    if layer.key is None or layer.key not in frame.columns or len(frame) == 0:
        return []
    keys = frame[layer.key]
    duplicated = (keys.duplicated(keep=False) & keys.notna()).to_numpy(dtype=bool)
    if not duplicated.any():
        return []
    positions = pd.Series(np.flatnonzero(duplicated) + 1, index=keys[duplicated].to_numpy())
    groups = positions.groupby(level=0, sort=False)
    examples = tuple(
        f"{layer.key}={value} (rows {', '.join(map(str, rows.tolist()))})"
        for value, rows in list(groups)[:MAX_EXAMPLES]
    )
    return [
        Problem(
            layer.name,
            layer.key,
            "duplicate_key",
            f"{_plural(groups.ngroups, 'value')} used by more than one row "
            f"({int(duplicated.sum())} rows in all)",
            f"every {layer.key} must be unique: renumber or merge the duplicates",
            examples,
            text_id="duplicate_key",
            params=(
                ("values", groups.ngroups),
                ("rows", int(duplicated.sum())),
                ("key", layer.key),
            ),
        )
    ]


def _geometry_problems(frame: gpd.GeoDataFrame, layer: Layer) -> list[Problem]:
    geoms = np.asarray(frame.geometry.array, dtype=object)
    missing = shapely.is_missing(geoms)
    empty = ~missing & shapely.is_empty(geoms)
    types = frame.geometry.geom_type.to_numpy(dtype=object)
    wrong_type = ~missing & ~empty & ~np.isin(types, layer.geometry)
    problems: list[Problem] = []
    if missing.any():
        problems.append(
            _rows_problem(
                frame,
                layer,
                missing,
                column="geometry",
                check="null_geometry",
                message="{rows} no geometry",
                hint="give every row a geometry, or drop the rows",
            )
        )
    if empty.any():
        problems.append(
            _rows_problem(
                frame,
                layer,
                empty,
                column="geometry",
                check="empty_geometry",
                message="{rows} an empty geometry",
                hint="give every row a non-empty geometry, or drop the rows",
            )
        )
    if wrong_type.any():
        found = ", ".join(sorted({str(kind) for kind in types[wrong_type]}))
        areas_only = "Polygon" in layer.geometry and "Point" not in layer.geometry
        problems.append(
            _rows_problem(
                frame,
                layer,
                wrong_type,
                column="geometry",
                check="geometry_type",
                message=f"{{rows}} a {found} geometry; {layer.name} allows "
                + " or ".join(layer.geometry),
                params={"found": found, "layer": layer.name, "allowed": " / ".join(layer.geometry)},
                # A layer of areas cannot take a point's centroid: it needs the areas drawn.
                hint="draw them as areas (polygons): a point or a line has no area to count "
                "people in"
                if areas_only
                else "convert the geometries (e.g. a building outline's centroid for a Point "
                "layer)",
                text_id="geometry_type.areas" if areas_only else None,
                at=_first_point(geoms),
            )
        )
    candidates = ~missing & ~empty & ~wrong_type
    invalid = np.zeros(len(geoms), dtype=bool)
    invalid[candidates] = ~shapely.is_valid(geoms[candidates])
    if invalid.any():
        reasons = np.full(len(geoms), None, dtype=object)
        reasons[invalid] = shapely.is_valid_reason(geoms[invalid])
        kinds: list[str] = []
        locations: dict[int, tuple[float, float]] = {}
        for position in np.flatnonzero(invalid):
            match = _REASON_AT.match(str(reasons[position]))
            kind = match[1] if match else str(reasons[position])
            if kind not in kinds:
                kinds.append(kind)
            if match:
                locations[int(position)] = (float(match[2]), float(match[3]))
        first_point = _first_point(geoms)

        def at(position: int) -> tuple[float, float] | None:
            return locations.get(position) or first_point(position)

        problems.append(
            _rows_problem(
                frame,
                layer,
                invalid,
                column="geometry",
                check="invalid_geometry",
                message=f"{{rows}} invalid geometry ({', '.join(kind.lower() for kind in kinds)})",
                params={"kinds": ", ".join(kind.lower() for kind in kinds)},
                hint="fix with shapely.make_valid (gdf.geometry = gdf.geometry.make_valid(), "
                "keeping the polygon parts) or QGIS 'Fix geometries', then write the package again",
                at=at,
            )
        )
    return problems


_REASON_AT = re.compile(r"^(.*?)\[(\S+) (\S+)\]$")  # GEOS: "Self-intersection[71.43 51.12]"
Locate = Callable[[int], tuple[float, float] | None]


def _first_point(geoms: npt.NDArray[np.object_]) -> Locate:
    """Locate a row by its geometry's first vertex: always on the geometry, even if invalid."""

    def locate(position: int) -> tuple[float, float] | None:
        geom = geoms[position]
        if geom is None or geom.is_empty:
            return None
        x, y = shapely.get_coordinates(geom)[0]
        return float(x), float(y)

    return locate


def _centre_of(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], usable: BoolArray) -> Locate:
    def locate(position: int) -> tuple[float, float] | None:
        return (float(x[position]), float(y[position])) if usable[position] else None

    return locate


def _house_ranges_error(text: str) -> str | None:
    """Say why a ``house_ranges`` value cannot be read, or return ``None`` when it reads.

    The syntax is :mod:`geo.houses`' (the parser territories use), so what passes here is
    exactly what :func:`geo.territory` can resolve.
    """
    try:
        parse_house_ranges(text)
    except HouseRangeError as error:
        return str(error)
    return None


def _house_range_problems(frame: Frame, layer: Layer) -> list[Problem]:
    values = frame["house_ranges"]
    reasons = values.where(_present(values)).map(
        lambda value: _house_ranges_error(value) if isinstance(value, str) else None
    )
    bad = reasons.notna().to_numpy(dtype=bool)
    if not bad.any():
        return []
    examples = tuple(
        f"{_row_label(frame, layer, position)}: {reasons.iloc[position]}"
        for position in np.flatnonzero(bad)[:MAX_EXAMPLES]
    )
    return [
        Problem(
            layer.name,
            "house_ranges",
            "house_ranges_syntax",
            f"{_count(int(bad.sum()))} house ranges that cannot be read",
            "write items separated by ';': a house (44, 12а, 24а/1), a span (1-35, optionally "
            "followed by odd or even), or 'all' for the whole street",
            examples,
            text_id="house_ranges_syntax",
            params=(("rows", int(bad.sum())),),
        )
    ]


# Packages as people write them in Russian and Kazakh, and what they mean.
_PACKAGE_ALIASES: dict[str, str] = {
    "гобмп": "gobmp",
    "тмккк": "gobmp",
    "осмс": "osms",
    "мәмс": "osms",
}


def _package_suggestion(value: str) -> str | None:
    """The ``packages`` value most likely meant by one the readers cannot take, if any.

    ``'gobmp osms'`` (no separator) and ``'ГОБМП, ОСМС'`` (the Russian abbreviations) mean
    ``'gobmp,osms'``; a value with a word that is no package has no suggestion.
    """
    words = [word for word in re.split(r"[\s,;/+]+", value.strip().lower()) if word]
    named = [_PACKAGE_ALIASES.get(word, word) for word in words]
    if not named or not set(named) <= set(SHI_PACKAGES):
        return None
    return ",".join(name for name in SHI_PACKAGES if name in named)


def _package_problems(frame: Frame, layer: Layer) -> list[Problem]:
    """``clinics.packages`` values with items that are not packages.

    The readers (``catchments.service``, through :func:`geo.schema.package_names`) take only
    the items of :data:`SHI_PACKAGES` and drop the rest, so ``'gobmp osms'`` would read as no
    package at all and every application to the clinic would be refused as to a clinic that
    supplies none (R-ORG-2). An empty value is allowed: a clinic that supplies no package.
    """
    values = frame["packages"]
    unknown = np.array(
        [any(part not in SHI_PACKAGES for part in package_parts(value)) for value in values],
        dtype=bool,
    )
    if not unknown.any():
        return []
    accepted = ", ".join(SHI_PACKAGES)
    separators = " or ".join(repr(separator) for separator in PACKAGE_SEPARATORS)
    problem = _rows_problem(
        frame,
        layer,
        unknown,
        column="packages",
        check="not_in_choices",
        message=f"{{rows}} a value with items that are not packages ({accepted}), which the "
        "app leaves out as if the clinic did not supply them",
        hint=f"write the packages the clinic supplies, {accepted}, separated by {separators} "
        f"(e.g. '{','.join(SHI_PACKAGES)}'); leave it empty if it supplies none",
        show_value=True,
        params={"choices": accepted, "separators": separators},
        text_id="not_in_choices.packages",
    )
    examples = []
    for position, example in zip(np.flatnonzero(unknown), problem.examples, strict=False):
        suggestion = _package_suggestion(str(values.iloc[position]))
        examples.append(example + (f" (→ {suggestion!r})" if suggestion else ""))
    return [replace(problem, examples=tuple(examples))]


_NO_EDGES: dict[str, tuple[Severity, str, str]] = {
    "walk": (
        "error",
        "no street is walkable (walk is false on all {edges}), so no walking time can be "
        "computed: a citizen's nearest clinics, home-visit distances and the planner's "
        "accessibility all walk by default",
        "set walk = true on the streets people can walk (all but motorways and their ramps, as "
        "the OpenStreetMap import does); if your source has them walkable, the column was "
        "inverted or lost on export",
    ),
    # A warning: a region planned on foot only still works; driving times cannot be had.
    "drive": (
        "warning",
        "no street is drivable (drive is false on all {edges}), so travel by car (the "
        "planner's drive mode) has no street to use",
        "set drive = true on the streets cars can use, or plan on foot only",
    ),
}
"""Per travel mode, a network with no street of it: severity, message and hint."""


def _street_edge_problems(frame: Frame, layer: Layer) -> list[Problem]:
    """A street network the travel times cannot use: no street of a mode, drive speeds of 0.

    Nothing walkable and a drive speed of 0 are errors: walking is the default mode of every
    travel time (a citizen's nearest clinics, the planner's accessibility), and a drive speed of
    0 makes the network refuse to build (:meth:`geo.network.StreetNetwork.from_layers`), so the
    package would pass here only to fail on first use. Nothing drivable is a warning
    (:data:`_NO_EDGES`). Columns of the wrong kind are left to the column checks.
    """
    if len(frame) == 0 or not {"walk", "drive", "speed_kph"} <= set(frame.columns):
        return []
    problems: list[Problem] = []
    for mode, (severity, message, hint) in _NO_EDGES.items():
        flags = frame[mode]
        # A null counts as usable here: it is reported as a missing value already.
        if pd.api.types.is_bool_dtype(flags.dtype) and not flags.fillna(True).to_numpy(bool).any():
            problems.append(
                Problem(
                    layer.name,
                    mode,
                    f"no_{mode}_edges",
                    message.format(edges=_plural(len(frame), "edge")),
                    hint,
                    severity=severity,
                    text_id=f"no_{mode}_edges",
                    params=(("edges", len(frame)),),
                )
            )
    drive = frame["drive"]
    if pd.api.types.is_bool_dtype(drive.dtype):
        speed = pd.to_numeric(frame["speed_kph"], errors="coerce").to_numpy(dtype=float)
        zero = drive.to_numpy(dtype=bool, na_value=False) & (speed == 0)
        if zero.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    zero,
                    column="speed_kph",
                    check="zero_value",
                    message="{rows} a speed of 0 on a drivable street (drive is true), which "
                    "makes its driving time infinite",
                    hint="give speed_kph in km/h above 0 (e.g. 40 on a city street), or set "
                    "drive = false where cars cannot go",
                    show_value=True,
                    params={"column": "speed_kph"},
                )
            )
    return problems


def same_family_overlaps(
    geometry: npt.NDArray[np.object_], family: npt.NDArray[np.object_]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.float64]]:
    """Pairs of polygons of one family that overlap, with the share of the smaller they cover.

    A building belongs to one district of each family (:data:`DISTRICT_FAMILIES`), so two
    districts of a family drawn over the same houses leave it ambiguous; districts of different
    families (a therapist's and a pediatrician's) cover the same houses by design.

    Parameters
    ----------
    geometry
        Valid polygons, all in one CRS. Longitude/latitude will do: a share is a ratio of areas
        a few kilometres apart, so the distortion of degrees cancels out.
    family
        Per polygon, its family; ``None`` leaves the polygon out.

    Returns
    -------
    first, second, share
        Positions (``first < second``) of every same-family pair sharing any area, and that
        area as a share of the smaller polygon's (0..1); a shared border alone gives no pair.
    """
    first, second = shapely.STRtree(geometry).query(geometry, predicate="intersects")
    known = np.array([value is not None for value in family], dtype=bool)
    pair = (first < second) & known[first] & known[second] & (family[first] == family[second])
    first, second = first[pair], second[pair]
    shared = shapely.area(shapely.intersection(geometry[first], geometry[second]))
    smaller = np.minimum(shapely.area(geometry[first]), shapely.area(geometry[second]))
    share = np.divide(shared, smaller, out=np.zeros(len(shared)), where=smaller > 0)
    overlapping = share > 0
    return first[overlapping], second[overlapping], share[overlapping]


def _district_overlap_problems(frame: Frame, layer: Layer) -> list[Problem]:
    """Districts of one family drawn over each other: a warning above 5 % of the smaller.

    Digitising slivers along a shared border stay far below 5 %: a 5 m misfit along one side
    of a 500 m district is 1 %. Five per cent is a row of houses given to two districts. It is
    a warning, not an error, since the package still works: the citizen's finder lists every
    covering district (:class:`geo.territory.TerritoryIndex`) and the capacity counts are the
    districts' own; only planning's rebalancing refuses large overlaps, with its own message.
    Rows with invalid or missing geometry or an unknown model are left to their own checks.
    """
    if not _is_wgs84(frame) or "model" not in frame.columns or len(frame) < 2:
        return []
    geoms = np.asarray(frame.geometry.array, dtype=object)
    usable = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    polygonal = np.isin(shapely.get_type_id(geoms[usable]), (3, 6))  # Polygon, MultiPolygon
    usable[usable] = polygonal & shapely.is_valid(geoms[usable])
    models = frame["model"].to_numpy(dtype=object)
    family = np.array(
        [DISTRICT_FAMILIES.get(model) if isinstance(model, str) else None for model in models],
        dtype=object,
    )
    # Only valid polygons reach GEOS's overlay; positions map the pairs back to rows.
    positions = np.flatnonzero(usable & np.array([value is not None for value in family]))
    first, second, share = same_family_overlaps(geoms[positions], family[positions])
    first, second = positions[first], positions[second]
    big = share > OVERLAP_WARN_SHARE
    if not big.any():
        return []
    order = np.argsort(-share[big], kind="stable")
    first, second, share = first[big][order], second[big][order], share[big][order]
    examples = []
    for a, b, part in list(zip(first, second, share, strict=True))[:MAX_EXAMPLES]:
        inside = shapely.point_on_surface(shapely.intersection(geoms[a], geoms[b]))
        examples.append(
            f"{_row_label(frame, layer, int(a))} {models[a]} / "
            f"{_row_label(frame, layer, int(b))} {models[b]}: {part:.0%} "
            f"at {_fmt(inside.x)} {_fmt(inside.y)}"
        )
    return [
        Problem(
            layer.name,
            "geometry",
            "districts_overlap",
            f"{_plural(len(share), 'pair')} of districts of one family (adult: gp, therapist; "
            f"pediatric: pediatric_0_6, pediatric_0_14) overlap by more than "
            f"{OVERLAP_WARN_SHARE:.0%} of the smaller one",
            "a building belongs to one district of each family: redraw the shared part into one "
            "of the two (planning's rebalancing refuses large overlaps); an adult and a "
            "pediatric district may cover the same houses",
            tuple(examples),
            severity="warning",
            text_id="districts_overlap",
            params=(("pairs", len(share)), ("most", f"{OVERLAP_WARN_SHARE:.0%}")),
        )
    ]


def _reference_problems(frames: Mapping[str, Frame | None]) -> list[Problem]:
    problems: list[Problem] = []
    for layer in LAYERS:
        frame = frames.get(layer.name)
        for column, target_name in layer.references:
            target = frames.get(target_name)
            target_key = LAYER_BY_NAME[target_name].key
            if (
                frame is None
                or target is None
                or target_key is None
                or column not in frame.columns
                or target_key not in target.columns
            ):
                continue  # already reported as a missing layer or column
            values = frame[column]
            known = target[target_key].dropna().unique()
            dangling = _present(values) & ~values.isin(known).to_numpy(dtype=bool)
            if not dangling.any():
                continue
            optional = any(
                spec.name == column and spec.kind == "str_or_null" for spec in layer.columns
            )
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    dangling,
                    column=column,
                    check="dangling_reference",
                    message=f"{{rows}} a {column} that is not a {target_name}.{target_key}",
                    hint=f"add the missing {target_name} or correct {layer.name}.{column}"
                    + (" (leave it empty where there is none)" if optional else ""),
                    show_value=True,
                    params={
                        "column": column,
                        "target": f"{target_name}.{target_key}",
                        "target_layer": target_name,
                        "layer": layer.name,
                    },
                    text_id="dangling_reference.optional" if optional else None,
                )
            )
    return problems


def _coordinate_problems(
    frames: Mapping[str, Frame | None], config: RegionConfig | None
) -> list[Problem]:
    """Coordinates out of range or swapped (see the module docstring for the heuristic)."""
    problems: list[Problem] = []
    bounds_by_layer: dict[str, npt.NDArray[np.float64]] = {}
    in_range_by_layer: dict[str, BoolArray] = {}
    for layer in LAYERS:
        frame = frames.get(layer.name)
        if frame is None or not layer.geometry or not _is_wgs84(frame) or len(frame) == 0:
            continue
        bounds = shapely.bounds(np.asarray(frame.geometry.array, dtype=object))
        minx, miny, maxx, maxy = bounds.T
        with np.errstate(invalid="ignore"):
            known = ~np.isnan(minx)
            x_ok = (minx >= -180) & (maxx <= 180)
            y_ok = (miny >= -90) & (maxy <= 90)
            swapped_ok = (minx >= -90) & (maxx <= 90) & (miny >= -180) & (maxy <= 180)
        swapped = known & ~y_ok & swapped_ok
        out_of_range = known & ~(x_ok & y_ok) & ~swapped
        at = _centre_of((minx + maxx) / 2, (miny + maxy) / 2, known)
        if swapped.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    swapped,
                    column="geometry",
                    check="coordinates_swapped",
                    message="{rows} a latitude beyond ±90 that is a valid longitude: "
                    "x and y are swapped",
                    hint=_SWAP_HINT,
                    at=at,
                )
            )
        if out_of_range.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    out_of_range,
                    column="geometry",
                    check="coordinates_out_of_range",
                    message="{rows} coordinates beyond longitude ±180 / latitude ±90",
                    hint="values in the thousands are metres of a projected CRS: set the "
                    "layer's real CRS (gdf.set_crs(..., allow_override=True)) instead of EPSG:4326",
                    at=at,
                )
            )
        bounds_by_layer[layer.name] = bounds
        in_range_by_layer[layer.name] = known & x_ok & y_ok

    admin = bounds_by_layer.get("admin_units")
    if admin is None or not in_range_by_layer["admin_units"].any():
        return problems
    usable = admin[in_range_by_layer["admin_units"]]
    extent = (
        float(usable[:, 0].min()),
        float(usable[:, 1].min()),
        float(usable[:, 2].max()),
        float(usable[:, 3].max()),
    )
    if _swapped_into_kazakhstan(extent):
        # The region as given lies outside Kazakhstan and exchanged inside it: every row that
        # reads so is swapped, and the others are checked against the region as it is meant.
        swapped_problems, in_range_by_layer = _kazakhstan_swap_problems(
            frames, bounds_by_layer, in_range_by_layer
        )
        problems += swapped_problems
        extent = (extent[1], extent[0], extent[3], extent[2])
    problems += _outside_extent_problems(frames, bounds_by_layer, in_range_by_layer, extent)
    if config is not None:
        problems += _time_zone_problems(extent, config)
    return problems


_SWAP_HINT = f"x must be the longitude and y the latitude: exchange them, e.g. {SWAP_CODE}"


def _is_wgs84(frame: Frame | None) -> bool:
    return (
        isinstance(frame, gpd.GeoDataFrame)
        and frame.crs is not None
        and CRS.from_user_input(frame.crs).equals(_WGS84_CRS, ignore_axis_order=True)
    )


_KAZAKHSTAN: Final = (
    (87.36, 49.21), (86.6, 48.55), (85.77, 48.46), (85.72, 47.45), (85.16, 47), (83.18, 47.33),
    (82.46, 45.54), (81.95, 45.32), (79.97, 44.92), (80.87, 43.18), (80.18, 42.92),
    (80.26, 42.35), (79.64, 42.5), (79.14, 42.86), (77.66, 42.96), (76, 42.99), (75.64, 42.88),
    (74.21, 43.3), (73.65, 43.09), (73.49, 42.5), (71.84, 42.85), (71.19, 42.7), (70.96, 42.27),
    (70.39, 42.08), (69.07, 41.38), (68.63, 40.67), (68.26, 40.66), (67.99, 41.14),
    (66.71, 41.17), (66.51, 41.99), (66.02, 41.99), (66.1, 43), (64.9, 43.73), (63.19, 43.65),
    (62.01, 43.5), (61.06, 44.41), (60.24, 44.78), (58.69, 45.5), (58.5, 45.59), (55.93, 45),
    (55.97, 41.31), (55.46, 41.26), (54.76, 42.04), (54.08, 42.32), (52.94, 42.12), (52.5, 41.78),
    (52.45, 42.03), (52.69, 42.44), (52.5, 42.79), (51.34, 43.13), (50.89, 44.03), (50.34, 44.28),
    (50.31, 44.61), (51.28, 44.51), (51.32, 45.25), (52.17, 45.41), (53.04, 45.26),
    (53.22, 46.23), (53.04, 46.85), (52.04, 46.8), (51.19, 47.05), (50.03, 46.61), (49.1, 46.4),
    (48.59, 46.56), (48.69, 47.08), (48.06, 47.74), (47.32, 47.72), (46.47, 48.39),
    (47.04, 49.15), (46.75, 49.36), (47.55, 50.45), (48.58, 49.87), (48.7, 50.61), (50.77, 51.69),
    (52.33, 51.72), (54.53, 51.03), (55.72, 50.62), (56.78, 51.04), (58.36, 51.06),
    (59.64, 50.55), (59.93, 50.84), (61.34, 50.8), (61.59, 51.27), (59.97, 51.96), (60.93, 52.45),
    (60.74, 52.72), (61.7, 52.98), (60.98, 53.66), (61.44, 54.01), (65.18, 54.35), (65.67, 54.6),
    (68.17, 54.97), (69.07, 55.39), (70.87, 55.17), (71.18, 54.13), (72.22, 54.38),
    (73.51, 54.04), (73.43, 53.49), (74.38, 53.55), (76.89, 54.49), (76.53, 54.18), (77.8, 53.4),
    (80.04, 50.86), (80.57, 51.39), (81.95, 50.81), (83.38, 51.07), (83.94, 50.89),
    (84.42, 50.31), (85.12, 50.12), (85.54, 49.69), (86.83, 49.83),
)  # fmt: skip
"""Kazakhstan's border (lon, lat), from Natural Earth's 1:110m countries (public domain)."""
_KAZAKHSTAN_MARGIN_DEG = 0.5
"""How far beyond that coarse border a place still counts as in Kazakhstan: about 50 km, more
than the outline's error, so towns on the border (Petropavl, Oral, Zharkent) read as inside."""


@functools.cache
def _kazakhstan() -> shapely.Polygon:
    """Kazakhstan with its margin, prepared for fast point tests."""
    outline = shapely.Polygon(_KAZAKHSTAN).buffer(_KAZAKHSTAN_MARGIN_DEG)
    shapely.prepare(outline)
    return outline


def _in_kazakhstan(
    x: npt.NDArray[np.float64] | Sequence[float], y: npt.NDArray[np.float64] | Sequence[float]
) -> BoolArray:
    """Whether each longitude ``x``, latitude ``y`` lies in Kazakhstan (NaN: no)."""
    with np.errstate(invalid="ignore"):
        inside = shapely.contains_xy(_kazakhstan(), np.asarray(x), np.asarray(y))
    return np.asarray(inside, dtype=np.bool_)


def _swapped_into_kazakhstan(extent: tuple[float, float, float, float]) -> bool:
    """Whether the centre of ``admin_units`` lies outside Kazakhstan and, exchanged, inside it.

    Emhana serves Kazakhstan, so such a region has longitude and latitude swapped in its
    ``admin_units`` (and most likely in every layer); see the module docstring. A region
    elsewhere in both readings (Omsk, Urumqi, Berlin) is left to the time zone's warning, as
    before; one in Kazakhstan as given is not suspected.
    """
    centre_x = (extent[0] + extent[2]) / 2
    centre_y = (extent[1] + extent[3]) / 2
    given, exchanged = _in_kazakhstan([centre_x, centre_y], [centre_y, centre_x])
    return bool(not given and exchanged)


def _kazakhstan_swap_problems(
    frames: Mapping[str, Frame | None],
    bounds_by_layer: Mapping[str, npt.NDArray[np.float64]],
    in_range_by_layer: Mapping[str, BoolArray],
) -> tuple[list[Problem], dict[str, BoolArray]]:
    """Rows of a region swapped out of Kazakhstan: outside it as given, inside exchanged.

    Only called when ``admin_units`` as a whole reads so (:func:`_swapped_into_kazakhstan`).
    Returns the problems, one per layer, and the in-range masks without the rows reported, so
    the extent check that follows says nothing more about them.
    """
    problems: list[Problem] = []
    remaining = dict(in_range_by_layer)
    for name, bounds in bounds_by_layer.items():
        frame = frames[name]
        if frame is None:
            continue
        with np.errstate(invalid="ignore"):
            x = (bounds[:, 0] + bounds[:, 2]) / 2
            y = (bounds[:, 1] + bounds[:, 3]) / 2
        usable = in_range_by_layer[name]
        swapped = usable & ~_in_kazakhstan(x, y) & _in_kazakhstan(y, x)
        if not swapped.any():
            continue
        remaining[name] = usable & ~swapped
        problems.append(
            _rows_problem(
                frame,
                LAYER_BY_NAME[name],
                swapped,
                column="geometry",
                check="coordinates_swapped",
                message="{rows} longitude and latitude swapped: they lie outside Kazakhstan, "
                "and inside it with x and y exchanged",
                hint=_SWAP_HINT,
                at=_centre_of(x, y, usable),
                text_id="coordinates_swapped.kazakhstan",
            )
        )
    return problems, remaining


def _outside_extent_problems(
    frames: Mapping[str, Frame | None],
    bounds_by_layer: Mapping[str, npt.NDArray[np.float64]],
    in_range_by_layer: Mapping[str, BoolArray],
    extent: tuple[float, float, float, float],
) -> list[Problem]:
    minx, miny, maxx, maxy = extent
    margin = max(0.05, 0.1 * max(maxx - minx, maxy - miny))

    def inside(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> BoolArray:
        return (
            (x >= minx - margin)
            & (x <= maxx + margin)
            & (y >= miny - margin)
            & (y <= maxy + margin)
        )

    where = (
        f"the extent of admin_units (lon {_fmt(minx)}..{_fmt(maxx)}, "
        f"lat {_fmt(miny)}..{_fmt(maxy)})"
    )
    extent_params = {"minx": _fmt(minx), "maxx": _fmt(maxx), "miny": _fmt(miny), "maxy": _fmt(maxy)}
    problems: list[Problem] = []
    for name, bounds in bounds_by_layer.items():
        frame = frames[name]
        if name == "admin_units" or frame is None:
            continue
        layer = LAYER_BY_NAME[name]
        with np.errstate(invalid="ignore"):
            x = (bounds[:, 0] + bounds[:, 2]) / 2
            y = (bounds[:, 1] + bounds[:, 3]) / 2
            as_given = inside(x, y)
            as_swapped = inside(y, x)
        usable = in_range_by_layer[name]
        at = _centre_of(x, y, usable)
        swapped = usable & ~as_given & as_swapped
        outside = usable & ~as_given & ~as_swapped
        if swapped.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    swapped,
                    column="geometry",
                    check="coordinates_swapped",
                    message=f"{{rows}} longitude and latitude swapped: they lie outside {where} "
                    "but inside it with x and y exchanged",
                    hint=_SWAP_HINT,
                    at=at,
                    params=extent_params,
                    text_id="coordinates_swapped.region",
                )
            )
        if outside.any():
            problems.append(
                _rows_problem(
                    frame,
                    layer,
                    outside,
                    column="geometry",
                    check="outside_region",
                    message=f"{{rows}} a location outside {where}",
                    hint="check these coordinates and the layer's CRS; rows far outside the region "
                    "are not served by its clinics",
                    at=at,
                    severity="warning",
                    params=extent_params,
                )
            )
    return problems


def _time_zone_problems(
    extent: tuple[float, float, float, float], config: RegionConfig
) -> list[Problem]:
    """Coordinates or ``utc_offset`` that do not fit each other (warnings only).

    Called with the region as it is meant (exchanged when :func:`_swapped_into_kazakhstan`
    found it swapped). The swap test comes first (see the module docstring, check 4). Otherwise a
    centre more than 30° of longitude (two hours of the sun) from its offset's meridian gives
    ``utc_offset_mismatch``: a sign typed wrong (``-05:00``) or another zone's offset
    (``+12:00`` at 71° E is 109° off).
    The tolerance is generous because real zones stray: since 2024 all of Kazakhstan is on
    UTC+5, whose meridian (75° E) is 24° from Aktau (51.2° E); western China on UTC+8 (44°
    off) would still be warned about, which a warning can afford.
    """
    if not _is_utc_offset(config.utc_offset):
        return []  # reported by the config checks
    centre_x = (extent[0] + extent[2]) / 2
    centre_y = (extent[1] + extent[3]) / 2
    meridian = 15 * config.utc_offset_hours

    def off(longitude: float) -> float:
        return abs((longitude - meridian + 180) % 360 - 180)

    given, exchanged = off(centre_x), off(centre_y)
    swapped = given > 20 and exchanged <= 10 and given - exchanged >= 15 and abs(centre_x) <= 72
    if not swapped:  # then the offset, not the coordinates, is the suspect
        if given > _UTC_OFFSET_TOLERANCE_DEG:
            return [_utc_offset_mismatch(config, centre_x, meridian, given)]
        return []
    return [
        Problem(
            "admin_units",
            "geometry",
            "coordinates_maybe_swapped",
            f"the region's centre (x {_fmt(centre_x)}, y {_fmt(centre_y)}) lies {given:.1f}° of "
            f"longitude from the meridian of UTC{config.utc_offset} ({_fmt(meridian)}°); with x "
            f"and y exchanged it lies {exchanged:.1f}° from it: are longitude and latitude "
            "swapped in every layer?",
            f"if so, {_SWAP_HINT}; if the coordinates are right, check utc_offset in {TOML_NAME}",
            severity="warning",
            text_id="coordinates_maybe_swapped",
            params=(
                ("x", _fmt(centre_x)),
                ("y", _fmt(centre_y)),
                ("given", f"{given:.1f}"),
                ("offset", config.utc_offset),
                ("meridian", _fmt(meridian)),
                ("exchanged", f"{exchanged:.1f}"),
            ),
        )
    ]


def _utc_offset_mismatch(
    config: RegionConfig, centre_x: float, meridian: float, given: float
) -> Problem:
    # The offset the region's longitude suggests, rounded to the hour.
    hours = round(((centre_x + 180) % 360 - 180) / 15)
    suggested = f"{'-' if hours < 0 else '+'}{abs(hours):02d}:00"
    return Problem(
        TOML_NAME,
        "region.utc_offset",
        "utc_offset_mismatch",
        f"utc_offset {config.utc_offset!r} puts the region's noon at longitude "
        f"{_fmt(meridian)}°, {given:.0f}° from the centre of admin_units (longitude "
        f"{_fmt(centre_x)}); more than {_UTC_OFFSET_TOLERANCE_DEG:.0f}° is two hours of the sun",
        f'check the sign and the hours: the longitude suggests about "{suggested}", and all of '
        'Kazakhstan uses utc_offset = "+05:00" since 2024',
        severity="warning",
        text_id="toml.utc_offset_mismatch",
        params=(
            ("offset", config.utc_offset),
            ("meridian", _fmt(meridian)),
            ("given", f"{given:.0f}"),
            ("x", _fmt(centre_x)),
            ("most", f"{_UTC_OFFSET_TOLERANCE_DEG:.0f}"),
            ("suggested", suggested),
        ),
    )


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _rows_problem(
    frame: Frame,
    layer: Layer,
    mask: BoolArray,
    *,
    column: str,
    check: str,
    message: str,
    hint: str,
    show_value: bool = False,
    at: Locate | None = None,
    severity: Severity = "error",
    params: Mapping[str, object] | None = None,
    text_id: str | None = None,
) -> Problem:
    """Describe the rows in ``mask``; ``{rows}`` in the message becomes "3 rows have".

    The problem is worded in other languages by ``text_id`` (its ``check`` by default; see
    :data:`geo.wording.PROBLEM_TEXT`), from ``params`` and the count of rows.
    """
    examples = []
    for position in np.flatnonzero(mask)[:MAX_EXAMPLES]:
        example = _row_label(frame, layer, int(position))
        if show_value and column not in _label_columns(layer):
            example += f" {column}={_show(frame[column].iloc[position])}"
        if at is not None and (point := at(int(position))) is not None:
            # In brackets, not "at": the examples are shown as they are in every language.
            example += f" ({_fmt(point[0])} {_fmt(point[1])})"
        examples.append(example)
    return Problem(
        layer.name,
        column,
        check,
        message.format(rows=_count(int(mask.sum()))),
        hint,
        tuple(examples),
        severity,
        text_id=text_id or check,
        params=(("rows", int(mask.sum())), *(params or {}).items()),
    )


def _row_label(frame: Frame, layer: Layer, position: int) -> str:
    """Name a row by its key (``district_id=D-17``), else by its first columns, else its number."""
    parts = []
    for column in _label_columns(layer):
        if column not in frame.columns:
            continue
        value = frame[column].iloc[position]
        if _is_blank(value):
            continue
        parts.append(f"{column}={value}")
    return " ".join(parts) if parts else f"row {position + 1}"


def _label_columns(layer: Layer) -> tuple[str, ...]:
    """Name the columns that identify a row: the key, or a key-less layer's first two."""
    return (layer.key,) if layer.key else layer.column_names[:2]


def _present(values: pd.Series) -> BoolArray:
    """Rows with a value: not null and, for text, not blank."""
    present = values.notna().to_numpy(dtype=bool)
    if isinstance(values.dtype, pd.StringDtype):
        return present & (values.str.strip() != "").to_numpy(dtype=bool, na_value=False)
    if pd.api.types.is_object_dtype(values.dtype):
        blank: BoolArray = values.map(
            lambda value: isinstance(value, str) and not value.strip()
        ).to_numpy(dtype=bool)
        return present & ~blank
    return present


def _is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _show(value: object) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if _is_blank(value) and not isinstance(value, str):
        return "empty"
    return repr(value) if isinstance(value, str) else str(value)


def _fmt(value: float) -> str:
    """Format a coordinate to 4 decimals (about 10 m) without trailing zeros: 71.43."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _count(rows: int) -> str:
    return "1 row has" if rows == 1 else f"{rows} rows have"


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
