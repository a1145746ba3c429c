"""Import a region from OpenStreetMap: a place name online, a ``.osm`` / ``.osm.pbf`` file offline.

Like osmnx, every public ``region_from_*`` function only gets the data and funnels it into one
pure constructor, :func:`region_from_osm_data`, which takes an osmnx street graph and an osmnx
features frame and returns the :class:`geo.package.Region` plus an :class:`ImportSummary` of what
was found and what is missing. It does no I/O and reads no clock (the data date is a parameter),
so the offline tests exercise exactly the code the online import runs.

Ways in:

- :func:`region_from_place`: ``osmnx.graph_from_place`` and ``osmnx.features_from_place``
  (Nominatim + Overpass: needs internet);
- :func:`region_from_file` with ``engine="osmnx"`` (the default for ``.osm`` XML, also
  ``.osm.gz`` / ``.osm.bz2``): ``osmnx.graph_from_xml`` and ``osmnx.features_from_xml``;
- :func:`region_from_file` with ``engine="gdal"`` (the default for ``.osm.pbf``, which osmnx
  cannot read; it reads ``.osm`` too): GDAL's OSM driver through pyogrio, whose ``lines``,
  ``points`` and ``multipolygons`` layers are turned into the same graph and features frame.

An XML file is first read end to end once (:func:`_scan_xml`): not well-formed, not in its
declared encoding, or holding a value osmnx would choke on (``lat="abc"``), it is refused with
the line named. A clipped extract, whose ways reference nodes it lacks, is imported with those
streets split where the nodes are missing (:func:`_read_osmnx` says why).

What OSM gives and how it maps to the package (:mod:`geo.schema`):

``street_nodes`` / ``street_edges``
    Every ``highway=*`` way that osmnx's own ``walk`` or ``drive`` network filter admits, as an
    osmnx graph simplified to crossings and dead ends (nodes are also kept where the name or the
    walk/drive flags change, so an edge has one name). Speeds are the ``maxspeed`` tag or, where
    it is missing, :data:`HIGHWAY_SPEEDS_KPH` by highway type (``osmnx.routing.add_edge_speeds``).
    osmnx holds a two-way street as two directed edges; the package stores one *undirected* row
    per pair of nodes (and walk/drive flags), ``oneway`` false when both directions exist, true
    with ``u → v`` the allowed direction otherwise. Of parallel edges between the same two nodes
    (two roads joining the same crossings) the shortest is kept: that is the one a shortest path
    would take. If the two directions of a pair come from different roads, the row takes the
    shorter length for both: a small error on rare dual carriageways, accepted to keep one row.
``buildings``
    ``building=*`` polygons. ``street`` is ``addr:street`` (``addr:place`` for addresses without a
    street, OSM's convention in villages), ``housenumber`` is ``addr:housenumber``; a building
    has an address when it has both. OSM has no population, so residents are *estimated*:
    footprint area x levels (``building:levels``, else a default by building type,
    :data:`LEVELS_BY_BUILDING`) / :data:`FLOOR_AREA_PER_PERSON_M2`, split over the age bands by
    :data:`AGE_SHARES`. Types not in :data:`LEVELS_BY_BUILDING`, and buildings that carry an
    amenity, shop, office, healthcare, tourism or craft tag, house nobody. A planner replaces the
    ``pop_*`` columns with registry counts.
``clinics``
    ``amenity=clinic|doctors|hospital`` or ``healthcare=*`` whose name says it is a primary care
    organization (:func:`phc_kind`); polyclinics in Kazakhstan are often tagged ``hospital``. A
    facility whose name does not (a regional hospital, a dentist) is skipped and counted.
    OSM does not say who supplies the SHI packages: ``shi_supplier`` is true and ``packages``
    ``gobmp,osms`` for all, to be confirmed by a planner (the summary says so).
``settlements``
    ``place=city|town|village|hamlet`` polygons (a hamlet is a ``village``). A place mapped only
    as a node takes the polygon of an administrative boundary of the same name that contains it
    (admin_level 8-10 for villages, a city unit for cities and towns) or, failing that, a circle
    of :data:`SETTLEMENT_RADIUS_M` around the node. ``suburb_of`` and ``border_area`` are not in
    OSM and are left empty / false.
``admin_units``
    ``boundary=administrative`` polygons: admin_level 4 is an oblast (or a city of republican
    significance), 5-7 a rayon, a city of oblast significance (by a ``place=city|town`` tag or
    "қаласы" / "город" in the name) or, inside a city, a city district; 8-10 a city district
    when inside a city, and skipped otherwise (rural okrugs have no level in the schema). The
    parent is the smallest unit of a lower level containing the unit.
``districts`` / ``district_streets``
    OSM has no PHC districts: one ``gp`` district per clinic, the Voronoi cell of the clinic
    within its settlement, with 0 doctors and 0 attached; ``district_streets`` is empty. They are
    placeholders a planner redraws, and the summary says so.

Where nothing can be found, a stand-in keeps the package usable and the summary names it: one
settlement around all buildings when the data hold no ``place=*``, one admin unit around all
settlements when they hold no boundary.
"""

from __future__ import annotations

import bz2
import codecs
import datetime as dt
import gzip
import math
import re
import struct
import tempfile
import xml.etree.ElementTree as ET
import xml.parsers.expat
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any, Final, Literal, NamedTuple

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
import osmnx as ox
import pandas as pd
import pyogrio
import shapely

from geo.network import NOT_DRIVE_HIGHWAY, NOT_DRIVE_SERVICE, NOT_WALK_HIGHWAY
from geo.package import Region, RegionConfig
from geo.schema import AGE_BANDS, BUILDINGS, CLINIC_KINDS

__all__ = [
    "AGE_SHARES",
    "FEATURE_TAGS",
    "FLOOR_AREA_PER_PERSON_M2",
    "HIGHWAY_SPEEDS_KPH",
    "LEVELS_BY_BUILDING",
    "OSM_SOURCE",
    "SETTLEMENT_RADIUS_M",
    "STEPS",
    "ImportOptions",
    "ImportSummary",
    "OsmImport",
    "OsmImportError",
    "Progress",
    "phc_kind",
    "region_from_file",
    "region_from_osm_data",
    "region_from_place",
]

WGS84: Final = "EPSG:4326"

AGE_SHARES: Final[Mapping[str, float]] = {
    "pop_0_6": 0.14,
    "pop_7_14": 0.15,
    "pop_15_17": 0.05,
    "pop_18_62": 0.56,
    "pop_63_plus": 0.10,
}
"""Kazakhstan's age structure, roughly: about 350,000-450,000 births a year since 2009 in a
population of 20 million put 14 % under 7, 15 % at 7-14 and 5 % at 15-17; about 10 % are 63 or
older (Bureau of National Statistics, rounded). National shares, not local ones: a planner with
the local structure passes it in :class:`ImportOptions`."""

FLOOR_AREA_PER_PERSON_M2: Final = 30.0
"""Gross floor area per resident. Kazakhstan's housing stock is about 23 m² of dwelling area per
resident (Bureau of National Statistics, 2023); footprint x levels is *gross* area, of which
roughly three quarters is dwelling area (walls, stairwells), hence 30 m²."""

LEVELS_BY_BUILDING: Final[Mapping[str, float]] = {
    "apartments": 5,
    "residential": 3,
    "dormitory": 4,
    "house": 1,
    "detached": 1,
    "semidetached_house": 1,
    "terrace": 2,
    "bungalow": 1,
    "farm": 1,
    "yes": 1,
}
"""Levels assumed when ``building:levels`` is missing, by ``building=*`` value; the keys are also
the building types that count as homes. ``yes`` (type unknown, the commonest value) counts as a
one-level home: most unknown buildings in Kazakh towns are private houses, and a planner sees the
assumption in the summary. Five levels for apartments is the typical Soviet panel block."""

HIGHWAY_SPEEDS_KPH: Final[Mapping[str, float]] = {
    "motorway": 90,
    "motorway_link": 60,
    "trunk": 80,
    "trunk_link": 50,
    "primary": 60,
    "primary_link": 40,
    "secondary": 50,
    "secondary_link": 40,
    "tertiary": 40,
    "tertiary_link": 30,
    "unclassified": 30,
    "residential": 30,
    "road": 30,
    "living_street": 20,
    "service": 20,
    "track": 20,
    "footway": 5,
    "pedestrian": 5,
    "path": 5,
    "steps": 5,
    "corridor": 5,
    "bridleway": 5,
}
"""Free-flow speeds (km/h) for ways without ``maxspeed``. Kazakhstan's Rules of the Road allow
60 km/h in settlements and 20 in residential zones and yards; these are what traffic reaches on
such streets, below the limits. Walk-only ways get 5: only the drive network uses the speed."""

FALLBACK_SPEED_KPH: Final = 30.0
"""Speed for highway types neither tagged with ``maxspeed`` nor listed above."""

SETTLEMENT_RADIUS_M: Final[Mapping[str, float]] = {
    "city": 5000,
    "town": 2000,
    "village": 1000,
    "hamlet": 500,
}
"""Radius of the circle drawn around a settlement mapped only as a ``place=*`` node: a city of
100,000-200,000 people spans about 10 km, a town 4 km, a Kazakh village (aul) 2 km."""

OSM_SOURCE: Final[Mapping[str, str]] = {
    "name": "OpenStreetMap contributors",
    "licence": "ODbL-1.0",
    "url": "https://www.openstreetmap.org/copyright",
}

FEATURE_TAGS: Final[Mapping[str, bool | str | list[str]]] = {
    "building": True,
    "amenity": ["clinic", "doctors", "hospital"],
    "healthcare": True,
    "place": ["city", "town", "village", "hamlet"],
    "boundary": "administrative",
}
"""The OSM features the import reads (an osmnx ``tags`` filter)."""

STEPS: Final = (
    "reading OpenStreetMap data",
    "streets",
    "admin units and settlements",
    "buildings",
    "clinics",
    "districts",
)
"""The import's steps, as reported to a :data:`Progress` callback."""

Progress = Callable[[int, int, str], None]
"""Called as ``progress(step, total, what)`` when a step starts (``step`` counts from 1)."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

_ENGINES = ("osmnx", "gdal")
Engine = Literal["osmnx", "gdal"]
_XML_SUFFIXES = (".osm", ".xml", ".osm.gz", ".osm.bz2", ".xml.gz", ".xml.bz2")
_PBF_SUFFIXES = (".pbf",)
_EXTRA_WAY_TAGS = ("foot", "motor_vehicle", "motorcar")  # used by osmnx's network filters
_NON_RESIDENTIAL_KEYS = ("amenity", "shop", "office", "healthcare", "tourism", "craft")
_HEALTH_AMENITIES = ("clinic", "doctors", "hospital")
_DUPLICATE_CLINIC_M = 150.0
_OUTSIDE_SETTLEMENT_M = 500.0


# --------------------------------------------------------------------------------------------
# Errors, options, results
# --------------------------------------------------------------------------------------------


class OsmImportError(ValueError):
    """OSM input that cannot become a region.

    A missing or non-OSM file, no streets, no buildings, no primary care clinic, a failed
    download, or bad options. The message says what is wrong and how to fix it.
    """


@dataclass(frozen=True)
class ImportOptions:
    """The assumptions an import makes where OSM is silent; each a planner may change.

    Parameters
    ----------
    age_shares
        Share of residents per age band (the keys of :data:`geo.schema.AGE_BANDS`, summing to 1).
    floor_area_per_person_m2
        Gross floor area per resident, in m².
    levels_by_building
        Default levels by ``building=*`` value; the keys are the building types that are homes.
    highway_speeds_kph
        Speed by ``highway=*`` value for ways without ``maxspeed``.
    fallback_speed_kph
        Speed of ways of a highway type in neither ``maxspeed`` nor ``highway_speeds_kph``.
    settlement_radius_m
        Circle radius for settlements mapped as a node, by ``place=*`` value.
    keep_unaddressed
        Keep buildings without an address (their residents count) with an empty street and
        house number. ``None`` (the default) keeps them when :mod:`geo.schema` lets ``street``
        and ``housenumber`` be empty, and leaves them out otherwise, since the package could not
        be written; the summary counts them and their residents either way.
    """

    age_shares: Mapping[str, float] = field(default_factory=lambda: dict(AGE_SHARES))
    floor_area_per_person_m2: float = FLOOR_AREA_PER_PERSON_M2
    levels_by_building: Mapping[str, float] = field(
        default_factory=lambda: dict(LEVELS_BY_BUILDING)
    )
    highway_speeds_kph: Mapping[str, float] = field(
        default_factory=lambda: dict(HIGHWAY_SPEEDS_KPH)
    )
    fallback_speed_kph: float = FALLBACK_SPEED_KPH
    settlement_radius_m: Mapping[str, float] = field(
        default_factory=lambda: dict(SETTLEMENT_RADIUS_M)
    )
    keep_unaddressed: bool | None = None

    def __post_init__(self) -> None:
        if set(self.age_shares) != set(AGE_BANDS):
            raise OsmImportError(
                f"ImportOptions: age_shares must have exactly the keys {', '.join(AGE_BANDS)}, "
                f"got {', '.join(self.age_shares) or 'none'}"
            )
        shares = [_number(self.age_shares[band]) for band in AGE_BANDS]
        if any(not s >= 0 for s in shares) or abs(sum(shares) - 1) > 1e-6:
            raise OsmImportError(
                f"ImportOptions: age_shares must be non-negative and sum to 1, got "
                f"{dict(zip(AGE_BANDS, shares, strict=True))} (sum {sum(shares):.4f})"
            )
        positive: dict[str, Mapping[str, float]] = {
            "levels_by_building": self.levels_by_building,
            "highway_speeds_kph": self.highway_speeds_kph,
            "settlement_radius_m": self.settlement_radius_m,
            "floor_area_per_person_m2": {"": self.floor_area_per_person_m2},
            "fallback_speed_kph": {"": self.fallback_speed_kph},
        }
        for name, values in positive.items():
            bad = {k: v for k, v in values.items() if not _number(v) > 0}
            if bad:
                raise OsmImportError(f"ImportOptions: {name} must be positive numbers, got {bad}")
        missing = {"city", "town", "village", "hamlet"} - set(self.settlement_radius_m)
        if missing:
            raise OsmImportError(
                f"ImportOptions: settlement_radius_m lacks {', '.join(sorted(missing))}"
            )

    @property
    def shares(self) -> FloatArray:
        """The age shares in :data:`geo.schema.AGE_BANDS` order."""
        return np.array([float(self.age_shares[band]) for band in AGE_BANDS])


def _number(value: object) -> float:
    """A finite number as a float, else NaN (which every comparison refuses)."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        return math.nan
    return float(value) if math.isfinite(value) else math.nan


@dataclass(frozen=True)
class ImportSummary:
    """What an import found in OSM and what is missing, for the person who ran it.

    ``str()`` gives the text the ``emhana import-osm`` command prints.

    Parameters
    ----------
    street_nodes, street_edges
        Rows of the street layers.
    buildings
        Buildings found in OSM (``building=*`` polygons).
    buildings_with_address
        Of those, the ones with a street (or place) and a house number.
    buildings_in_package
        Rows of the ``buildings`` layer (fewer when buildings without an address are left out).
    residents
        Estimated residents in the package's buildings.
    residents_left_out
        Estimated residents of buildings left out of the package.
    clinics
        PHC clinics by kind (every kind of :data:`geo.schema.CLINIC_KINDS`, zeros included).
    skipped_facilities
        Health facilities that are not primary care by their name, by OSM tag
        (``hospital``, ``clinic``, ``doctors`` or ``healthcare=...``).
    settlements
        Rows of ``settlements``.
    settlements_as_circles
        Settlements mapped only as a node and given a circle.
    admin_units
        Rows of ``admin_units``.
    notes
        What is missing or assumed, one sentence each, to act on.
    """

    street_nodes: int
    street_edges: int
    buildings: int
    buildings_with_address: int
    buildings_in_package: int
    residents: int
    residents_left_out: int
    clinics: Mapping[str, int]
    skipped_facilities: Mapping[str, int]
    settlements: int
    settlements_as_circles: int
    admin_units: int
    notes: tuple[str, ...] = ()

    @property
    def skipped_hospitals(self) -> int:
        """Hospitals left out because their name is not that of a PHC organization."""
        return int(self.skipped_facilities.get("hospital", 0))

    def __str__(self) -> str:
        clinics = sum(self.clinics.values())
        by_kind = ", ".join(f"{kind}: {count:,}" for kind, count in self.clinics.items() if count)
        skipped = _tally(self.skipped_facilities)
        lines = [
            f"streets: {self.street_nodes:,} nodes, {self.street_edges:,} edges",
            f"buildings: {self.buildings:,}, with an address: {self.buildings_with_address:,}"
            + (
                f" (in the package: {self.buildings_in_package:,})"
                if self.buildings_in_package != self.buildings
                else ""
            ),
            f"estimated residents: {self.residents:,}"
            + (f" (and {self.residents_left_out:,} left out)" if self.residents_left_out else ""),
            f"clinics: {clinics:,}" + (f" ({by_kind})" if by_kind else ""),
            "skipped health facilities (not primary care by their name): "
            + (f"{sum(self.skipped_facilities.values()):,} ({skipped})" if skipped else "none"),
            f"settlements: {self.settlements:,}"
            + (
                f" ({self.settlements_as_circles:,} drawn as circles around a place node)"
                if self.settlements_as_circles
                else ""
            ),
            f"admin units: {self.admin_units:,}",
        ]
        if self.notes:
            lines.append("to check:")
            lines += [f"  - {note}" for note in self.notes]
        return "\n".join(lines)


def _tally(counts: Mapping[str, int]) -> str:
    """``{"hospital": 1, "clinic": 2}`` as ``"clinic: 2, hospital: 1"``."""
    return ", ".join(f"{key}: {count:,}" for key, count in sorted(counts.items()))


class OsmImport(NamedTuple):
    """The result of an import.

    The region is ready for :func:`geo.package.write_region`; the summary says what was found.
    """

    region: Region
    summary: ImportSummary


# --------------------------------------------------------------------------------------------
# Primary care names
# --------------------------------------------------------------------------------------------

_PHC_PATTERNS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    (
        "paramedic_post",
        re.compile(
            r"\bФАП\b|\bФП\b|фельдшер|медпункт|медицинский пункт|медициналық пункт", re.IGNORECASE
        ),
    ),
    ("outpatient", re.compile(r"амбулатори", re.IGNORECASE)),
    ("polyclinic", re.compile(r"поликлиник|емхана", re.IGNORECASE)),
    (
        "family_health_centre",
        re.compile(
            r"семейн\w*\s+здоровь|семейной\s+медицин|отбасылық|\bПМСП\b|\bМСАК\b|\bЦСЗ\b",
            re.IGNORECASE,
        ),
    ),
)


def phc_kind(*names: str | None) -> str | None:
    """The PHC organization kind a facility's names say it is, or ``None`` if not primary care.

    Kazakh and Russian names both count (pass ``name``, ``name:kk``, ``name:ru``...). The first
    kind whose words appear in any name wins, in this order, most specific first, so a
    "ФАП поликлиники №2" is a paramedic post:

    - ``paramedic_post``: ФАП, ФП, фельдшер(лік), медпункт, медицинский / медициналық пункт;
    - ``outpatient``: амбулатория (врачебная / дәрігерлік амбулатория);
    - ``polyclinic``: поликлиника, емхана;
    - ``family_health_centre``: семейного здоровья, семейной медицины, отбасылық, ПМСП, МСАК, ЦСЗ.

    Examples
    --------
    >>> phc_kind("№1 қалалық емхана")
    'polyclinic'
    >>> phc_kind("Областная больница") is None
    True
    """
    texts = [name for name in names if isinstance(name, str) and name.strip()]
    for kind, pattern in _PHC_PATTERNS:
        if any(pattern.search(text) for text in texts):
            return kind
    return None


# --------------------------------------------------------------------------------------------
# Ways in: a place name (online) and a file (offline)
# --------------------------------------------------------------------------------------------


def region_from_place(
    place: str,
    *,
    data_date: dt.date,
    name: str | None = None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> OsmImport:
    """Download a place's streets and features from OpenStreetMap and build its region.

    Needs internet (Nominatim to find the place's boundary, Overpass for the data). The street
    graph is osmnx's ``all`` network, unsimplified; walk and drive flags come from the tags.

    Parameters
    ----------
    place
        A name Nominatim resolves to a polygon, e.g. ``"Kosshy, Akmola Region, Kazakhstan"``.
    data_date
        The date the data describe (the download day); the constructor reads no clock.
    name
        The region's name in ``region.toml`` (default: ``place``).
    options
        The assumptions where OSM is silent (:class:`ImportOptions`).
    progress
        Called as each step starts.

    Raises
    ------
    OsmImportError
        When the place cannot be found or downloaded, or lacks streets, buildings or clinics.
    """
    _report(progress, 1, f"{STEPS[0]}: downloading {place!r}")
    try:
        with _way_tags():
            graph = ox.graph_from_place(place, network_type="all", simplify=False, retain_all=True)
        try:
            features = ox.features_from_place(place, tags=dict(FEATURE_TAGS))
        except ox._errors.InsufficientResponseError:
            features = _empty_features()
    # osmnx raises ValueError / TypeError subclasses for places it cannot resolve; network
    # failures are requests' exceptions, which are OSErrors (their text is urllib3's retries).
    except OSError:
        raise OsmImportError(
            f"could not reach OpenStreetMap's servers (Nominatim and Overpass) for {place!r}: "
            "no internet connection, or they do not answer; try again later, or download an "
            "extract (e.g. from download.geofabrik.de) and use --file"
        ) from None
    except (ValueError, TypeError) as error:
        raise OsmImportError(
            f"could not get {place!r} from OpenStreetMap: {error}; check the name, or download "
            "an extract and use --file"
        ) from None
    return region_from_osm_data(
        graph,
        features,
        name=name or place,
        data_date=data_date,
        options=options,
        progress=progress,
    )


def region_from_file(
    path: str | Path,
    *,
    data_date: dt.date,
    name: str | None = None,
    engine: Engine | None = None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> OsmImport:
    """Build a region from an OSM extract on disk, offline.

    Parameters
    ----------
    path
        An OSM XML file (``.osm``, ``.xml``, optionally ``.gz`` / ``.bz2``) or an OSM PBF file
        (``.osm.pbf``).
    data_date
        The date the data describe (the extract's date); the constructor reads no clock.
    name
        The region's name in ``region.toml`` (default: the file name without its suffixes).
    engine
        ``"osmnx"`` (XML only) or ``"gdal"`` (GDAL's OSM driver: PBF and uncompressed XML).
        Default: osmnx for XML, GDAL for PBF.
    options
        The assumptions where OSM is silent (:class:`ImportOptions`).
    progress
        Called as each step starts.

    Returns
    -------
    OsmImport
        The region and the summary. A clipped extract (ways that reference nodes the file
        lacks, as osmium cuts them by default) is imported with each street split where its
        nodes are missing, and the summary's first note says how many were cut.

    Raises
    ------
    OsmImportError
        When the file is missing, is not OSM, is not in the encoding it declares or is in
        UTF-16, holds a value osmnx cannot read (the message names the line), is clipped so
        that no street keeps two nodes, or lacks streets, buildings or clinics.
    """
    source = Path(path)
    if not source.exists():
        raise OsmImportError(f"OSM file {str(source)!r} does not exist")
    if source.is_dir():
        raise OsmImportError(f"{str(source)!r} is a folder; give an .osm or .osm.pbf file")
    lower = source.name.lower()
    is_pbf = lower.endswith(_PBF_SUFFIXES)
    if not is_pbf and not lower.endswith(_XML_SUFFIXES):
        raise OsmImportError(
            f"{source.name!r} is not an OSM file: give OSM XML (.osm, .osm.gz, .osm.bz2) or "
            "OSM PBF (.osm.pbf), e.g. an extract from download.geofabrik.de"
        )
    if engine is not None and engine not in _ENGINES:
        raise OsmImportError(f"engine must be one of {', '.join(_ENGINES)}, got {engine!r}")
    chosen: Engine = engine or ("gdal" if is_pbf else "osmnx")
    if is_pbf:
        if chosen == "osmnx":
            raise OsmImportError("osmnx reads OSM XML only; use engine='gdal' for .osm.pbf")
        _check_pbf(source)
    else:
        _check_xml(source)
        if chosen == "gdal" and not lower.endswith((".osm", ".xml")):
            raise OsmImportError(
                f"GDAL reads uncompressed OSM XML only; unpack {source.name!r} or use osmnx"
            )
    _report(progress, 1, f"{STEPS[0]}: {source.name} ({chosen})")
    notes: tuple[str, ...] = ()
    if is_pbf:
        graph, features = _read_gdal(source)
    else:
        scan = _scan_xml(source)  # for GDAL too, which reads lat="abc" as 0 without a word
        if chosen == "osmnx":
            graph, features, notes = _read_osmnx(source, scan)
        else:
            graph, features = _read_gdal(source)
    region_name = name or re.sub(r"(\.(osm|xml|pbf|gz|bz2))+$", "", source.name, flags=re.I)
    result = region_from_osm_data(
        graph,
        features,
        name=region_name or source.name,
        data_date=data_date,
        options=options,
        progress=progress,
    )
    if not notes:
        return result
    return OsmImport(result.region, replace(result.summary, notes=(*notes, *result.summary.notes)))


def _report(progress: Progress | None, step: int, what: str) -> None:
    if progress is not None:
        progress(step, len(STEPS), what)


@contextmanager
def _way_tags() -> Iterator[None]:
    """Keep the way tags osmnx's walk/drive filters use as edge attributes, for one build.

    ``osmnx.settings`` is global, so the extra tags are added for the call and then restored.
    """
    saved = list(ox.settings.useful_tags_way)
    ox.settings.useful_tags_way = saved + [t for t in _EXTRA_WAY_TAGS if t not in saved]
    try:
        yield
    finally:
        ox.settings.useful_tags_way = saved


def _xml_opener(path: Path) -> Callable[..., Any]:
    """``open``, ``gzip.open`` or ``bz2.open``, by the file's suffix."""
    lower = path.name.lower()
    if lower.endswith(".gz"):
        return gzip.open
    if lower.endswith(".bz2"):
        return bz2.open
    return open


def _starts_utf16(path: Path) -> bool:
    """Whether the file starts with a UTF-16 byte-order mark or a UTF-16 ``<``."""
    try:
        with _xml_opener(path)(path, "rb") as handle:
            head: bytes = handle.read(2)
    except (OSError, EOFError):
        return False  # _check_xml's parse says what is wrong
    return head in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


def _check_xml(path: Path) -> None:
    """Refuse a file whose first element is not ``<osm>`` (HTML, GPX, a renamed CSV...).

    Also refuses UTF-16 and the other multi-byte encodings but UTF-8: expat reads UTF-16, but
    osmnx decodes the file and hands expat the text with its declaration, which expat then
    refuses ("encoding specified in XML declaration is incorrect"); the others expat does not
    read at all.
    """
    to_utf8 = (
        'convert it to UTF-8, e.g. `iconv -t utf-8`, and make its first line <?xml version="1.0" '
        'encoding="UTF-8"?>'
    )
    if _starts_utf16(path):
        raise OsmImportError(f"{path.name!r} is in UTF-16, which the import cannot read; {to_utf8}")
    misnamed = _misnamed_as(path)
    if misnamed is not None:
        raise OsmImportError(
            f"{path.name!r} is not OSM XML but {misnamed[0]} under another name; {misnamed[1]}"
        )
    try:
        with _xml_opener(path)(path, "rb") as handle:
            _, root = next(ET.iterparse(handle, events=("start",)))
    except ValueError as error:  # pyexpat: "multi-byte encodings are not supported"
        raise OsmImportError(
            f"{path.name!r} is in an encoding the XML reader cannot read ({error}); {to_utf8}"
        ) from None
    except (ET.ParseError, StopIteration, OSError, EOFError) as error:
        raise OsmImportError(
            f"{path.name!r} is not OSM XML: it does not parse as XML ({error}); export it again "
            "from OpenStreetMap or JOSM"
        ) from None
    if root.tag != "osm":
        raise OsmImportError(
            f"{path.name!r} is not OSM XML: its root element is <{root.tag}>, not <osm>"
        )


# Formats an .osm file may really be, by their first bytes: what it is and how to fix its name.
_MAGIC: Final = (
    (b"\x1f\x8b", ".gz", "a gzip-compressed file", "name it .osm.gz, or unpack it (gunzip)"),
    (b"BZh", ".bz2", "a bzip2-compressed file", "name it .osm.bz2, or unpack it (bunzip2)"),
)


def _misnamed_as(path: Path) -> tuple[str, str] | None:
    """What an XML-named file really is (PBF, gzip, bzip2) and how to name it, or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return None  # the XML check reports what cannot be read
    lower = path.name.lower()
    for magic, suffix, what, fix in _MAGIC:
        if head.startswith(magic) and not lower.endswith(suffix):
            return what, fix
    size = struct.unpack(">I", head[:4])[0] if len(head) >= 4 else 0
    if 0 < size < 64 * 1024 and b"OSMHeader" in head[4 : 4 + size]:
        return "an OSM PBF file", "name it .osm.pbf"
    return None


def _check_pbf(path: Path) -> None:
    """Refuse a file that does not start with a PBF ``OSMHeader`` blob."""
    with path.open("rb") as handle:
        head = handle.read(64)
    size = struct.unpack(">I", head[:4])[0] if len(head) >= 4 else 0
    if not (0 < size < 64 * 1024 and b"OSMHeader" in head[4 : 4 + size]):
        raise OsmImportError(
            f"{path.name!r} is not an OSM PBF file (no OSMHeader block at its start); download "
            "the extract again"
        )


def _empty_features() -> gpd.GeoDataFrame:
    index = pd.MultiIndex.from_arrays([[], []], names=["element", "id"])
    return gpd.GeoDataFrame({"geometry": []}, geometry="geometry", crs=WGS84, index=index)


class _XmlScan(NamedTuple):
    """What one pass over a valid OSM XML file found that reading it with osmnx needs."""

    encoding: str
    """The file's character encoding, which osmnx must be told (it assumes UTF-8)."""
    missing_nodes: frozenset[int]
    """Nodes that ways reference but the file lacks: the file is a clipped extract."""
    lowest_way_id: int
    """The smallest way ID, so that split ways can be numbered below every ID in the file."""
    building_ways: int
    """Ways tagged ``building=*`` (not ``no``), to count those osmnx cannot read."""


_OSM_ELEMENTS = ("node", "way", "relation")
_INTEGER_ATTRIBUTES = ("id", "changeset", "uid", "version")  # osmnx's XML reader int()s these
_RESERVED_ATTRIBUTES = ("type", "tags", "nodes", "members")  # osmnx's own keys for an element
_PARENT = {"nd": "way", "member": "relation", "tag": "node, way or relation"}
_REPAIR_HINT = "correct or delete it (in JOSM or a text editor), or export the extract again"


class _XmlScanner:
    """A streaming expat pass that checks every value osmnx's XML reader converts.

    osmnx reads OSM XML with bare ``int()`` / ``float()`` calls on attributes, dictionary
    look-ups of ``k`` / ``v`` and ``ref``, and a text decoder fixed to the encoding it is given,
    so a single bad value or byte anywhere in an extract ends in a ``ValueError``, ``KeyError``
    or ``UnicodeDecodeError`` from deep inside osmnx. This pass finds the first such problem,
    names its line and the element, and collects the node IDs that ways reference, to detect a
    clipped extract. Node and reference IDs are kept in ``array("q")`` (8 bytes each, not a
    Python int's 28+), so a regional extract costs tens of megabytes, not gigabytes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.XmlDeclHandler = self._declaration
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.declared: str | None = None
        self.element: str | None = None  # the <node>, <way> or <relation> being read
        self.element_id = ""
        self.nodes = array("q")
        self.references = array("q")
        self.lowest_way_id = 0
        self.building_ways = 0
        self.way_is_building = False

    def _declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        self.declared = encoding

    def _error(self, what: str, problem: str) -> OsmImportError:
        return OsmImportError(
            f"{self.path.name!r} is not valid OSM XML: line {self.parser.CurrentLineNumber}: "
            f"{what} {problem}; {_REPAIR_HINT}"
        )

    def _integer(self, what: str, attrs: Mapping[str, str], key: str) -> int:
        value = attrs.get(key)
        if value is None:
            raise self._error(what, f"has no {key}")
        try:
            number: int | None = int(value)
        except ValueError:
            number = None
        if number is None or not -(2**63) <= number < 2**63:  # OSM IDs are 64-bit
            raise self._error(what, f"has {key}={value!r}, not a whole number")
        return number

    def _coordinate(self, what: str, attrs: Mapping[str, str], key: str, bound: float) -> None:
        value = attrs.get(key)
        if value is None:
            raise self._error(what, f"has no {key} (a deleted node from a history file?)")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not -bound <= number <= bound:  # NaN fails too
            raise self._error(
                what, f"has {key}={value!r}, not a number from {-bound:g} to {bound:g}"
            )

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if name in _OSM_ELEMENTS:
            self.element, self.element_id = name, attrs.get("id", "?")
            what = f"{name} {self.element_id}"
            reserved = [key for key in _RESERVED_ATTRIBUTES if key in attrs]
            if reserved:
                raise self._error(what, f"has an attribute {reserved[0]!r}, which OSM does not use")
            element_id = self._integer(what, attrs, "id")
            for key in _INTEGER_ATTRIBUTES[1:]:
                if key in attrs:
                    self._integer(what, attrs, key)
            if name == "node":
                self._coordinate(what, attrs, "lat", 90.0)
                self._coordinate(what, attrs, "lon", 180.0)
                self.nodes.append(element_id)
            elif name == "way":
                self.lowest_way_id = min(self.lowest_way_id, element_id)
        elif name in _PARENT:
            if self.element is None or (name != "tag" and self.element != _PARENT[name]):
                raise self._error(f"<{name}>", f"is not inside a {_PARENT[name]}")
            what = f"{self.element} {self.element_id}: <{name}>"
            if name == "tag":
                for key in ("k", "v"):
                    if key not in attrs:
                        raise self._error(what, f"has no {key}")
                if self.element == "way" and attrs["k"] == "building" and attrs["v"] != "no":
                    self.way_is_building = True
            elif name == "nd":
                self.references.append(self._integer(what, attrs, "ref"))
            else:
                self._integer(what, attrs, "ref")

    def _end(self, name: str) -> None:
        if name in _OSM_ELEMENTS:
            self.building_ways += self.way_is_building
            self.element, self.way_is_building = None, False


def _scan_xml(path: Path) -> _XmlScan:
    """Check an OSM XML file end to end before osmnx or GDAL reads it.

    Raises
    ------
    OsmImportError
        When the file is not well-formed XML, is not in the encoding it declares, or holds a
        value osmnx cannot convert (a ``lat`` that is not a latitude, an ``id`` that is not an
        integer, a ``<tag>`` without ``v``...). The message names the line.
    """
    scanner = _XmlScanner(path)
    opener = _xml_opener(path)
    try:
        with opener(path, "rb") as handle:
            scanner.parser.ParseFile(handle)
    except xml.parsers.expat.ExpatError as error:
        raise OsmImportError(_xml_error(path, error, scanner.declared)) from None
    except (OSError, EOFError) as error:  # a corrupt or truncated .gz / .bz2
        raise OsmImportError(
            f"{path.name!r} cannot be read to its end ({error}); download it again"
        ) from None
    encoding = scanner.declared or "utf-8"
    nodes = np.frombuffer(scanner.nodes, dtype=np.int64)
    references = np.frombuffer(scanner.references, dtype=np.int64)
    missing = np.setdiff1d(references, nodes)
    return _XmlScan(
        encoding=encoding,
        missing_nodes=frozenset(int(node) for node in missing),
        lowest_way_id=scanner.lowest_way_id,
        building_ways=scanner.building_ways,
    )


def _codec(encoding: str) -> str:
    """Python's name for an encoding (``utf-8`` for ``UTF8``), or ``""`` if Python has none."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return ""


def _xml_error(path: Path, error: xml.parsers.expat.ExpatError, declared: str | None) -> str:
    """The message for a file expat cannot parse: invalid UTF-8 gets its own, with the fix."""
    if (
        _codec(declared or "utf-8") == "utf-8"
        and error.lineno is not None
        and not _line_is_utf8(path, error.lineno)
    ):
        return (
            f"{path.name!r} is not valid UTF-8: line {error.lineno} holds bytes that are not "
            "UTF-8, though the file is read as UTF-8 (text saved in another encoding, such as "
            "Windows-1251?); if the whole file is in that encoding, declare it in the first "
            'line, <?xml version="1.0" encoding="windows-1251"?>, or convert the file with '
            "`iconv -f cp1251 -t utf-8`; if only that line is, retype its text in UTF-8"
        )
    return (
        f"{path.name!r} is not well-formed OSM XML: {error}; it may be cut short or damaged: "
        "download or export it again"
    )


def _line_is_utf8(path: Path, lineno: int) -> bool:
    """Whether line ``lineno`` (from 1) of the file decodes as UTF-8."""
    with _xml_opener(path)(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == lineno:
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    return False
                return True
    return True


def _present_runs(references: Sequence[int], missing: frozenset[int]) -> list[list[int]]:
    """The stretches of a way between missing nodes that still have two nodes or more."""
    runs: list[list[int]] = [[]]
    for node in references:
        if node in missing:
            runs.append([])
        else:
            runs[-1].append(node)
    return [run for run in runs if len(run) >= 2]


def _streets_without_missing_nodes(path: Path, scan: _XmlScan, copy: Path) -> tuple[int, int]:
    """Write the nodes and highway ways of a clipped extract to ``copy``, split at gaps.

    Each highway way becomes one way per stretch of two or more consecutive nodes present in
    the file; the first stretch keeps the way's ID, the others get new IDs below every way ID
    in the file (negative, as JOSM numbers new objects). Other ways and relations are left out:
    the copy only feeds osmnx's street graph, and the constructor keeps highways only.

    Returns
    -------
    tuple[int, int]
        The highway ways that referenced missing nodes, and the ways written.
    """
    next_id = min(scan.lowest_way_id, 0) - 1
    cut = written = 0
    depth = 0
    root: ET.Element | None = None
    with _xml_opener(path)(path, "rb") as handle, copy.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n')
        for event, element in ET.iterparse(handle, events=("start", "end")):
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                continue
            depth -= 1
            if depth != 1:
                continue
            tags = [child for child in element if child.tag == "tag"]
            if element.tag == "node":
                out.write(ET.tostring(element, encoding="unicode"))
            elif element.tag == "way" and any(tag.get("k") == "highway" for tag in tags):
                references = [int(nd.get("ref", "")) for nd in element if nd.tag == "nd"]
                if any(node in scan.missing_nodes for node in references):
                    cut += 1
                for position, run in enumerate(_present_runs(references, scan.missing_nodes)):
                    way_id = element.get("id", "")
                    if position:
                        way_id, next_id = str(next_id), next_id - 1
                    way = ET.Element("way", id=way_id)
                    way.extend(ET.Element("nd", ref=str(node)) for node in run)
                    way.extend(tags)
                    out.write(ET.tostring(way, encoding="unicode") + "\n")
                    written += 1
            if root is not None:
                root.clear()  # stream: keep no element once written
        out.write("</osm>\n")
    return cut, written


def _read_osmnx(
    path: Path, scan: _XmlScan
) -> tuple[nx.MultiDiGraph, gpd.GeoDataFrame, tuple[str, ...]]:
    """Streets and features of a checked OSM XML file, read by osmnx, and notes for the summary.

    A clipped extract (ways that reference nodes the file lacks) is what a bounding-box or
    polygon cut gives by default: osmium's ``simple`` strategy, osmconvert ``-b``, osmosis
    ``--bounding-box``. osmnx refuses it ("Some edges missing nodes, possibly due to input data
    clipping issue", a ``ValueError``) and has no option to skip the references: its maintainer
    leaves clipping to the user (gboeing/osmnx#948, #950). Refusing the file would make the
    planner cut it again for streets that mostly lie outside the region, so it is imported:
    the street graph is read from a copy with every highway way split where a node is missing,
    keeping only the stretches whose geometry the file has, and the summary says so. Splitting
    rather than dropping the missing references matters: a way that leaves the extract and
    comes back would otherwise get a straight edge between its two ends inside, a shortcut
    that is no street. Features come from the original file, since osmnx drops a building or
    boundary it cannot close on its own.
    """
    encoding = scan.encoding
    notes: tuple[str, ...] = ()
    with tempfile.TemporaryDirectory(prefix="emhana-osm-") as folder:
        source = path
        if scan.missing_nodes:
            source = Path(folder) / "streets.osm"
            cut, written = _streets_without_missing_nodes(path, scan, source)
            encoding = "utf-8"
            example = min(scan.missing_nodes)
            how = (
                "cut the extract again keeping whole ways: `osmium extract --strategy "
                "complete_ways` (or `-s smart`)"
            )
            if cut and not written:
                raise OsmImportError(
                    f"{path.name!r} is a clipped extract: its highway ways reference nodes the "
                    f"file lacks ({len(scan.missing_nodes):,} missing, e.g. node {example}), and "
                    f"no street keeps two nodes inside it; {how}"
                )
            if cut:
                notes = (
                    "highway ways cut at the extract's edge (they reference nodes the file "
                    f"lacks, e.g. node {example}): {cut:,}; imported as far as the file has "
                    f"them, so streets there stop short; for whole streets {how}",
                )
        try:
            with _way_tags():
                # graph_from_xml makes edges of *every* way (buildings, boundaries too); the
                # constructor keeps the highways. Unsimplified, so it can simplify on its own
                # terms.
                graph = ox.graph_from_xml(
                    source, simplify=False, retain_all=True, encoding=encoding
                )
        except ox._errors.InsufficientResponseError:
            graph = nx.MultiDiGraph(crs=WGS84)
    try:
        features = ox.features_from_xml(path, tags=dict(FEATURE_TAGS), encoding=scan.encoding)
    except ox._errors.InsufficientResponseError:
        features = _empty_features()
    # osmnx drops a building way it cannot make a shape of (nodes the file lacks) without a word.
    lost = scan.building_ways - _building_ways_read(features)
    if lost > 0:
        fix = (
            "cut the extract again keeping whole ways: `osmium extract --strategy complete_ways`"
            if scan.missing_nodes
            else "draw their outlines in JOSM"
        )
        notes = (
            *notes,
            "building ways with no outline to read (nodes the file lacks, or fewer than three), "
            f"left out with their residents: {lost:,}; {fix}",
        )
    return graph, features, notes


def _building_ways_read(features: gpd.GeoDataFrame) -> int:
    """How many ``building=*`` ways osmnx read into ``features``."""
    if len(features) == 0 or "building" not in features.columns:
        return 0
    ways = features.index.get_level_values(0) == "way"
    building = features["building"]
    return int((ways & building.notna() & (building != "no")).sum())


# --------------------------------------------------------------------------------------------
# GDAL's OSM driver (the way to read .osm.pbf)
# --------------------------------------------------------------------------------------------

_HSTORE_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')
_GDAL_ID_COLUMNS = ("osm_id", "osm_way_id", "other_tags", "z_order", "geometry")


def _hstore(text: object) -> dict[str, str]:
    """GDAL's ``other_tags`` (``"k"=>"v","k2"=>"v2"``) as a dict."""
    if not isinstance(text, str):
        return {}
    unescape = re.compile(r"\\(.)")
    return {
        unescape.sub(r"\1", key): unescape.sub(r"\1", value)
        for key, value in _HSTORE_PAIR.findall(text)
    }


def _gdal_rows(frame: pd.DataFrame) -> Iterator[tuple[pd.Series, dict[str, str]]]:
    """Each row with all its tags: GDAL's own columns plus ``other_tags``."""
    tag_columns = [c for c in frame.columns if c not in _GDAL_ID_COLUMNS]
    for _, row in frame.iterrows():
        tags = {c: str(row[c]) for c in tag_columns if isinstance(row[c], str) and row[c]}
        tags.update(_hstore(row.get("other_tags")))
        yield row, tags


def _read_gdal_layer(path: Path, layer: str) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = pyogrio.read_dataframe(path, layer=layer)
    except Exception as error:  # GDAL's errors are untyped; all mean the file is unreadable
        raise OsmImportError(
            f"GDAL cannot read layer {layer!r} of {path.name!r}: {error}; download the extract "
            "again"
        ) from None
    return frame


def _read_gdal(path: Path) -> tuple[nx.MultiDiGraph, gpd.GeoDataFrame]:
    """Streets and features of an OSM file read by GDAL's OSM driver."""
    if "OSM" not in pyogrio.list_drivers():
        raise OsmImportError("this GDAL build has no OSM driver; convert the file to .osm XML")
    lines = _read_gdal_layer(path, "lines")
    graph = _graph_from_lines(lines)
    records: list[dict[str, Any]] = []
    for layer in ("points", "multipolygons"):
        frame = _read_gdal_layer(path, layer)
        for row, tags in _gdal_rows(frame):
            if not tags.keys() & FEATURE_TAGS.keys():
                continue
            if layer == "points":
                element, osm_id = "node", row["osm_id"]
            elif isinstance(row.get("osm_id"), str) and row["osm_id"]:
                element, osm_id = "relation", row["osm_id"]
            else:
                element, osm_id = "way", row["osm_way_id"]
            records.append(
                {"element": element, "id": int(osm_id), **tags, "geometry": row.geometry}
            )
    if not records:
        return graph, _empty_features()
    features = gpd.GeoDataFrame(records, geometry="geometry", crs=WGS84)
    features["geometry"] = features.geometry.make_valid()
    return graph, features.set_index(["element", "id"]).sort_index()


def _graph_from_lines(lines: pd.DataFrame) -> nx.MultiDiGraph:
    """An unsimplified osmnx-style graph from GDAL's ``lines`` layer.

    osmnx builds graphs from Overpass JSON or OSM XML only, and GDAL gives each way's geometry
    without its node IDs, so this does what osmnx's ``_add_paths`` does, with nodes identified by
    their coordinates: ways share a node exactly where they share a vertex (OSM stores one
    coordinate per node, at 1e-7 degrees). Node IDs are numbered in order of first appearance.
    """
    graph = nx.MultiDiGraph(crs=WGS84)
    node_of: dict[tuple[float, float], int] = {}
    keep = set(ox.settings.useful_tags_way) | set(_EXTRA_WAY_TAGS)
    for row, tags in _gdal_rows(lines):
        if "highway" not in tags or row.geometry is None:
            continue
        nodes: list[int] = []
        for x, y in shapely.get_coordinates(row.geometry):
            key = (round(float(x), 7), round(float(y), 7))
            if key not in node_of:
                node_of[key] = len(node_of) + 1
                graph.add_node(node_of[key], x=key[0], y=key[1])
            if not nodes or nodes[-1] != node_of[key]:
                nodes.append(node_of[key])
        attrs: dict[str, Any] = {k: v for k, v in tags.items() if k in keep}
        attrs["osmid"] = int(row["osm_id"])
        oneway = _is_oneway(tags)
        if oneway and tags.get("oneway") in ("-1", "reverse", "T"):
            nodes.reverse()
        attrs["oneway"] = oneway
        for u, v in pairwise(nodes):
            graph.add_edge(u, v, **attrs, reversed=False)
            if not oneway:
                graph.add_edge(v, u, **attrs, reversed=True)
    if graph.number_of_edges():
        graph = ox.distance.add_edge_lengths(graph)
    return graph


def _is_oneway(tags: Mapping[str, str]) -> bool:
    """Apply osmnx's rule: tagged oneway (any spelling, including reversed ones) or a roundabout."""
    return (
        tags.get("oneway") in {"yes", "true", "1", "-1", "reverse", "T", "F"}
        or tags.get("junction") == "roundabout"
    )


# --------------------------------------------------------------------------------------------
# The pure constructor
# --------------------------------------------------------------------------------------------


def region_from_osm_data(
    graph: nx.MultiDiGraph,
    features: gpd.GeoDataFrame,
    *,
    name: str,
    data_date: dt.date,
    name_kk: str | None = None,
    name_ru: str | None = None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> OsmImport:
    """Build a region from OSM data already in memory; no I/O, no clock.

    Parameters
    ----------
    graph
        An osmnx ``MultiDiGraph`` of OSM ways (``graph.graph["crs"]`` set, nodes with ``x``
        and ``y``, edges with ``length`` and their tags), as ``osmnx.graph_from_xml`` or
        ``graph_from_place`` make it. Ways without ``highway`` are ignored; an unsimplified graph
        is simplified here.
    features
        An osmnx features frame (``osmnx.features_from_*``): one row per OSM element indexed by
        ``(element, id)``, a column per tag key, with a CRS (reprojected to EPSG:4326).
    name, name_kk, name_ru
        The region's name; the Kazakh and Russian names default to ``name``.
    data_date
        The date the data describe, for ``region.toml``.
    options
        The assumptions where OSM is silent (:class:`ImportOptions`).
    progress
        Called as each step starts.

    Returns
    -------
    OsmImport
        The region (valid for :func:`geo.package.write_region`) and the summary.

    Raises
    ------
    OsmImportError
        When the input is not an osmnx graph / features frame, or holds no streets, no buildings
        or no primary care clinic.
    """
    options = options or ImportOptions()
    function = "region_from_osm_data"
    if not isinstance(graph, nx.MultiDiGraph) or "crs" not in graph.graph:
        raise OsmImportError(
            f"{function}: graph must be an osmnx MultiDiGraph with graph['crs'] set, got "
            f"{type(graph).__name__}; load it with osmnx.graph_from_xml or graph_from_place"
        )
    if not isinstance(features, gpd.GeoDataFrame) or features.crs is None:
        raise OsmImportError(
            f"{function}: features must be a GeoDataFrame with a CRS (osmnx.features_from_*), "
            f"got {type(features).__name__}"
            + (" without a CRS" if isinstance(features, gpd.GeoDataFrame) else "")
        )
    if not name.strip():
        raise OsmImportError(f"{function}: name must be non-empty text")
    features = _normalized_features(features)
    notes: list[str] = []

    _report(progress, 2, STEPS[1])
    street_nodes, street_edges = _streets(graph, options)
    metric = _metric_crs(float(street_nodes.geometry.x.mean()))

    _report(progress, 3, STEPS[2])
    building_rows = _building_rows(features)
    shapeless = _buildings_without_area(features)
    if shapeless:
        notes.append(
            "buildings mapped as a point or an unclosed outline, left out (residents are "
            f"estimated from a building's area): {shapeless:,}; draw their outlines"
        )
    if len(building_rows) == 0:
        raise OsmImportError(
            "no buildings (building=* polygons) in the OSM data: the population of a region "
            "is estimated from them; use an extract that includes buildings"
        )
    admin_units, skipped_units = _admin_units(features, metric)
    if skipped_units:
        notes.append(
            "administrative boundaries of admin_level 8-10 outside cities (rural okrugs) skipped, "
            f"as the schema has no level for them: {skipped_units:,}"
        )
    extent = _extent(building_rows, street_nodes)
    settlements, circles = _settlements(features, admin_units, options, metric)
    if len(settlements) == 0:
        settlements = _fallback_settlement(name, extent, metric)
        notes.append(
            f"the data hold no named place=city|town|village|hamlet: one settlement {name!r} "
            "(kind city) covers all buildings; draw the real settlements"
        )
    if len(admin_units) == 0:
        admin_units = _fallback_unit(name, settlements, metric)
        notes.append(
            f"the data hold no boundary=administrative: one admin unit {name!r} (level "
            f"{admin_units['level'].iloc[0]}) covers all settlements; draw the real units"
        )
    settlements = _attach_settlements(settlements, admin_units, metric)
    if circles:
        radii = ", ".join(
            f"{kind} {radius:,.0f} m" for kind, radius in options.settlement_radius_m.items()
        )
        notes.append(
            f"settlements mapped only as a place node, drawn as circles ({radii}): {circles:,}; "
            "draw their real boundaries"
        )
    notes.append(
        "suburb_of and border_area are not in OSM: set them where R-PLACE-2 (suburbs) and "
        "R-TERR-1 (border areas) apply"
    )

    _report(progress, 4, STEPS[3])
    everything, outside = _buildings(building_rows, settlements, options, metric)
    found = len(everything)
    with_address = int(everything["_has_address"].sum())
    buildings, residents_left_out, building_notes = _keep_buildings(everything, options)
    notes += building_notes
    if outside:
        notes.append(
            f"buildings outside every settlement area, given the nearest settlement: {outside:,}"
        )
    notes.append(
        "residents are estimated (OSM has none): footprint x levels at "
        f"{options.floor_area_per_person_m2:g} m² per person, Kazakhstan's age structure; "
        "replace buildings.pop_* with registry counts"
    )

    _report(progress, 5, STEPS[4])
    clinics, skipped, clinic_notes = _clinics(features, settlements, building_rows, metric)
    notes += clinic_notes
    if len(clinics) == 0:
        raise OsmImportError(
            "no primary care clinic in the OSM data (health facilities found: "
            f"{_tally(skipped) or 'none'}); a clinic is recognised by "
            "amenity=clinic|doctors|hospital or healthcare=* and a name with поликлиника, "
            "емхана, амбулатория, ФАП, ПМСП, МСАК or отбасылық; fix the names in OSM or add "
            "the clinics to the package by hand"
        )
    notes.append(
        "shi_supplier is true and packages 'gobmp,osms' for every clinic: OSM does not say; "
        "confirm each against the SHI Fund's list of suppliers (R-ORG-2)"
    )

    _report(progress, 6, STEPS[5])
    districts = _districts(clinics, settlements, metric)
    notes.append(
        "districts are placeholders: one gp district per clinic (its Voronoi cell within its "
        "settlement) with 0 doctors and 0 attached; draw the real ones and fill in doctors and "
        "attached"
    )
    district_streets = pd.DataFrame(
        {column: pd.Series(dtype="str") for column in ("district_id", "street", "house_ranges")}
    )
    config = RegionConfig(
        name=name,
        name_kk=name_kk or name,
        name_ru=name_ru or name,
        languages=("kk", "ru", "en"),
        utc_offset="+05:00",
        data_date=data_date,
        sources=(dict(OSM_SOURCE),),
    )
    region = Region(
        path=None,
        config=config,
        admin_units=admin_units.reset_index(drop=True),
        settlements=settlements.reset_index(drop=True),
        clinics=clinics.reset_index(drop=True),
        districts=districts.reset_index(drop=True),
        buildings=buildings.reset_index(drop=True),
        street_nodes=street_nodes,
        street_edges=street_edges,
        district_streets=district_streets,
    )
    counts = Counter(clinics["kind"])
    summary = ImportSummary(
        street_nodes=len(street_nodes),
        street_edges=len(street_edges),
        buildings=found,
        buildings_with_address=with_address,
        buildings_in_package=len(buildings),
        residents=int(buildings[list(AGE_BANDS)].to_numpy().sum()),
        residents_left_out=residents_left_out,
        clinics={kind: counts.get(kind, 0) for kind in CLINIC_KINDS},
        skipped_facilities=dict(sorted(skipped.items())),
        settlements=len(settlements),
        settlements_as_circles=circles,
        admin_units=len(admin_units),
        notes=tuple(notes),
    )
    return OsmImport(region, summary)


def _keep_buildings(
    buildings: gpd.GeoDataFrame, options: ImportOptions
) -> tuple[gpd.GeoDataFrame, int, list[str]]:
    """The buildings for the package, the residents of those left out, and a note.

    Buildings without an address are kept when ``options.keep_unaddressed`` says so or, left
    to the default, when the schema accepts an empty street and house number; otherwise
    :func:`geo.package.write_region` would refuse the package, so they are left out and counted.
    """
    has_address = buildings["_has_address"].to_numpy(dtype=bool)
    missing = int((~has_address).sum())
    keep = options.keep_unaddressed
    if keep is None:
        keep = _schema_allows_blank_address()
    kept = buildings if keep else buildings[has_address]
    left_out = 0 if keep else int(buildings[~has_address][list(AGE_BANDS)].to_numpy().sum())
    if len(kept) == 0:
        raise OsmImportError(
            "no building in the OSM data has an address (addr:street and addr:housenumber; "
            f"buildings found: {len(buildings):,}), and the package needs at least one; add "
            "addresses in OSM, or pass ImportOptions(keep_unaddressed=True) once the schema "
            "allows empty ones"
        )
    what = "buildings without an address (addr:street or addr:place plus addr:housenumber)"
    notes = []
    if missing and keep:
        notes.append(
            f"{what}: {missing:,}; kept for their residents with an empty street and house "
            "number, the geocoder cannot find them"
        )
    elif missing:
        notes.append(
            f"{what} left out of the package: {missing:,}, with {left_out:,} estimated "
            "residents, because geo/schema.py requires a street and a house number; add the "
            "addresses in OSM or in the package"
        )
    return kept.drop(columns="_has_address"), left_out, notes


def _schema_allows_blank_address() -> bool:
    """Whether :mod:`geo.schema` accepts buildings with an empty street and house number."""
    kinds = {column.name: column.kind for column in BUILDINGS.columns}
    return kinds.get("street") == "str_or_null" and kinds.get("housenumber") == "str_or_null"


# --------------------------------------------------------------------------------------------
# Tags and geometry helpers
# --------------------------------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A tag value as clean text (white space collapsed); ``None`` when missing or blank.

    Simplified osmnx edges hold a list where merged ways differ: the first value is taken.
    """
    if isinstance(value, list | tuple):
        return next((text for item in value if (text := _text(item))), None)
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return None


def _normalized_features(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Features in EPSG:4326 with an ``osm_id`` column (``n97``, ``w129``, ``r9001``)."""
    frame = features.to_crs(WGS84) if not _is_wgs84(features) else features.copy()
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)]
    if isinstance(frame.index, pd.MultiIndex) and frame.index.nlevels == 2:
        elements = frame.index.get_level_values(0).astype(str)
        ids = frame.index.get_level_values(1).astype(str)
        frame["osm_id"] = [f"{e[:1]}{i}" for e, i in zip(elements, ids, strict=True)]
    else:
        frame["osm_id"] = [f"x{i}" for i in range(len(frame))]
    return frame.reset_index(drop=True)


def _is_wgs84(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> bool:
    return frame.crs is not None and frame.crs.equals(WGS84)


def _tag(frame: pd.DataFrame, key: str) -> pd.Series:
    """One tag's values as clean text or ``None`` (all ``None`` when no row has the tag)."""
    if key not in frame.columns:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    values = frame[key].map(_text).astype(object)
    return values.where(values.notna(), None)


def _metric_crs(longitude: float) -> str:
    """A transverse Mercator centred on the data: metres without a CRS database look-up."""
    return f"+proj=tmerc +lon_0={longitude:.6f} +lat_0=0 +k=1 +datum=WGS84 +units=m +no_defs"


def _to_metric(geometry: gpd.GeoSeries, metric: str) -> ObjectArray:
    return np.asarray(geometry.to_crs(metric).to_numpy(), dtype=object)


def _from_metric(geometries: Sequence[Any] | ObjectArray, metric: str) -> gpd.GeoSeries:
    return gpd.GeoSeries(list(geometries), crs=metric).to_crs(WGS84)


def _polygonal(geometry: Any) -> Any:
    """The polygon parts of a geometry (``make_valid`` can return a collection), or ``None``."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if part.geom_type in ("Polygon", "MultiPolygon") and not part.is_empty
    ]
    if not parts:
        return None
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def _names(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``name``, and the Kazakh and Russian names (``name:kk`` / ``name:ru``, else ``name``)."""
    name = _tag(frame, "name")
    kazakh = _tag(frame, "name:kk").fillna(name)
    russian = _tag(frame, "name:ru").fillna(name)
    return name, kazakh.astype(object), russian.astype(object)


def _assign(
    points: ObjectArray, areas_geometry: ObjectArray
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """For each point, the smallest polygon containing it, else the nearest one.

    Returns the positions into ``areas_geometry`` and a mask of points inside none.
    """
    tree = shapely.STRtree(areas_geometry)
    areas = shapely.area(areas_geometry)
    best = np.full(len(points), -1, dtype=np.int64)
    if len(points) == 0:
        return best, np.zeros(0, dtype=bool)
    point_index, area_index = tree.query(points, predicate="within")
    if len(point_index):
        order = np.lexsort((areas[area_index], point_index))
        first_points, first = np.unique(point_index[order], return_index=True)
        best[first_points] = area_index[order][first]
    outside = best < 0
    if outside.any():
        query, nearest = tree.query_nearest(points[outside], all_matches=False)
        picked = np.empty(int(outside.sum()), dtype=np.int64)
        picked[query] = nearest
        best[outside] = picked
    return best, outside


# --------------------------------------------------------------------------------------------
# Streets
# --------------------------------------------------------------------------------------------

# Walkable and drivable: osmnx's walk and drive filters, as geo.network keeps them, so one
# graph of every highway carries both flags instead of downloading two networks.


def _walk_drive(attrs: Mapping[str, Any]) -> tuple[bool, bool]:
    """Whether osmnx's walk and drive filters admit a way with these tags."""
    highway = _text(attrs.get("highway")) or ""
    if _text(attrs.get("area")) == "yes" or _text(attrs.get("access")) == "private":
        return False, False
    service = _text(attrs.get("service")) or ""
    walk = (
        highway not in NOT_WALK_HIGHWAY
        and _text(attrs.get("foot")) != "no"
        and service != "private"
    )
    drive = (
        highway not in NOT_DRIVE_HIGHWAY
        and _text(attrs.get("motor_vehicle")) != "no"
        and _text(attrs.get("motorcar")) != "no"
        and service not in NOT_DRIVE_SERVICE
    )
    return walk, drive


def _streets(
    graph: nx.MultiDiGraph, options: ImportOptions
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The ``street_nodes`` and ``street_edges`` layers (see the module docstring)."""
    streets = nx.MultiDiGraph(graph)  # a copy: the caller's graph is not changed
    drop = []
    for u, v, key, attrs in streets.edges(keys=True, data=True):
        walk, drive = _walk_drive(attrs) if _text(attrs.get("highway")) else (False, False)
        if not (walk or drive):
            drop.append((u, v, key))
        attrs["walk"], attrs["drive"] = walk, drive
    streets.remove_edges_from(drop)
    streets.remove_nodes_from(list(nx.isolates(streets)))
    if streets.number_of_edges() == 0:
        raise OsmImportError(
            "no streets (highway=* ways open to walking or driving) in the OSM data: travel "
            "times need the street network; use an extract that includes the roads"
        )
    if not streets.graph.get("simplified"):
        # remove_rings=False: osmnx drops a component that is one closed ring (no crossing or
        # dead end to keep as a node), but a ring road around a block or a village is a street
        # people live on, and the graph keeps every component (retain_all) on the same grounds.
        streets = ox.simplify_graph(
            streets, edge_attrs_differ=["walk", "drive", "name"], remove_rings=False
        )
    streets = ox.routing.add_edge_speeds(
        streets,
        hwy_speeds={k: float(v) for k, v in options.highway_speeds_kph.items()},
        fallback=float(options.fallback_speed_kph),
    )
    nodes, edges = ox.convert.graph_to_gdfs(streets)
    edges = edges.reset_index()
    u = edges["u"].to_numpy(dtype=np.int64)
    v = edges["v"].to_numpy(dtype=np.int64)
    rows = pd.DataFrame(
        {
            "low": np.minimum(u, v),
            "high": np.maximum(u, v),
            "walk": edges["walk"].map(_flag).to_numpy(dtype=bool),
            "drive": edges["drive"].map(_flag).to_numpy(dtype=bool),
            "forward": u <= v,
            "length": edges["length"].to_numpy(dtype=np.float64),
            "position": np.arange(len(edges)),
        }
    )
    groups = ["low", "high", "walk", "drive"]
    both_ways = rows.groupby(groups)["forward"].transform("nunique").to_numpy() == 2
    both_ways |= rows["low"].to_numpy() == rows["high"].to_numpy()  # a loop goes both ways
    rows["oneway"] = ~both_ways
    # Shortest first; of equal lengths (the two directions of one way) the low -> high one.
    rows = rows.sort_values([*groups, "length", "forward"], ascending=[True] * 5 + [False])
    kept = rows.drop_duplicates(groups, keep="first")
    chosen = edges.iloc[kept["position"].to_numpy()]
    street_edges = gpd.GeoDataFrame(
        {
            "u": chosen["u"].to_numpy(dtype=np.int64),
            "v": chosen["v"].to_numpy(dtype=np.int64),
            "name": chosen["name"].map(_text).to_numpy(dtype=object)
            if "name" in chosen
            else np.full(len(chosen), None, dtype=object),
            "highway": chosen["highway"].map(_text).to_numpy(dtype=object),
            "length_m": np.round(chosen["length"].to_numpy(dtype=np.float64), 2),
            "speed_kph": chosen["speed_kph"].to_numpy(dtype=np.float64),
            "walk": kept["walk"].to_numpy(dtype=bool),
            "drive": kept["drive"].to_numpy(dtype=bool),
            "oneway": kept["oneway"].to_numpy(dtype=bool),
        },
        geometry=chosen.geometry.to_numpy(),
        crs=edges.crs,
    ).to_crs(WGS84)
    street_edges = street_edges.sort_values(["u", "v"], kind="stable").reset_index(drop=True)
    used = np.union1d(street_edges["u"].to_numpy(), street_edges["v"].to_numpy())
    nodes = nodes.loc[used]
    street_nodes = gpd.GeoDataFrame(
        {"node_id": nodes.index.to_numpy(dtype=np.int64)},
        geometry=nodes.geometry.to_numpy(),
        crs=nodes.crs,
    ).to_crs(WGS84)
    return street_nodes, street_edges


def _flag(value: object) -> bool:
    if isinstance(value, list | tuple):
        return any(bool(item) for item in value)
    return bool(value)


# --------------------------------------------------------------------------------------------
# Admin units and settlements
# --------------------------------------------------------------------------------------------

_CITY_NAME = re.compile(r"\bқаласы\b|\bгород\b|\bгородск", re.IGNORECASE)


def _admin_units(features: gpd.GeoDataFrame, metric: str) -> tuple[gpd.GeoDataFrame, int]:
    """Admin units from ``boundary=administrative`` polygons, and the count skipped."""
    boundary = _tag(features, "boundary") == "administrative"
    level = pd.to_numeric(_tag(features, "admin_level"), errors="coerce")
    name, kazakh, russian = _names(features)
    polygons = features.geometry.map(_polygonal)
    usable = boundary & level.between(4, 10) & name.notna() & polygons.notna()
    rows = features[usable].assign(
        _level=level[usable].astype(int),
        _name=name[usable],
        name_kk=kazakh[usable],
        name_ru=russian[usable],
        geometry=polygons[usable],
    )
    metric_geometry = _to_metric(gpd.GeoSeries(rows.geometry, crs=WGS84), metric)
    rows = rows.assign(_area=shapely.area(metric_geometry), _metric=list(metric_geometry))
    rows = rows.sort_values(["_level", "_area", "osm_id"], ascending=[True, False, True])
    place = _tag(rows, "place")
    accepted: list[dict[str, Any]] = []
    skipped = 0
    for position, (_, row) in enumerate(rows.iterrows()):
        inside = shapely.point_on_surface(row["_metric"])
        parents = [
            unit
            for unit in accepted
            if unit["_level"] < row["_level"] and unit["_metric"].contains(inside)
        ]
        parent = min(parents, key=lambda unit: unit["_area"]) if parents else None
        city_like = place.iloc[position] in ("city", "town") or any(
            _CITY_NAME.search(text) for text in (row["_name"], row["name_kk"], row["name_ru"])
        )
        parent_is_city = parent is not None and parent["level"] == "city"
        if row["_level"] <= 4:
            kind = "city" if city_like else "oblast"
        elif row["_level"] <= 7:
            kind = "city_district" if parent_is_city else ("city" if city_like else "rayon")
        elif parent_is_city:
            kind = "city_district"
        else:
            skipped += 1
            continue
        accepted.append(
            {
                "unit_id": f"U-{row['osm_id']}",
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"],
                "level": kind,
                "parent_id": parent["unit_id"] if parent is not None else None,
                "admin_level": int(row["_level"]),
                "name": row["_name"],
                "osm_id": row["osm_id"],
                "geometry": row.geometry,
                "_level": row["_level"],
                "_area": row["_area"],
                "_metric": row["_metric"],
            }
        )
    columns = ["unit_id", "name_kk", "name_ru", "level", "parent_id", "admin_level", "name"]
    frame = gpd.GeoDataFrame(
        [{key: unit[key] for key in [*columns, "osm_id", "geometry"]} for unit in accepted],
        columns=[*columns, "osm_id", "geometry"],
        geometry="geometry",
        crs=WGS84,
    )
    frame["geometry"] = frame.geometry.map(_as_multipolygon)
    return frame.sort_values("unit_id", kind="stable").reset_index(drop=True), skipped


def _as_multipolygon(geometry: Any) -> Any:
    if geometry is not None and geometry.geom_type == "Polygon":
        return shapely.MultiPolygon([geometry])
    return geometry


def _settlements(
    features: gpd.GeoDataFrame,
    admin_units: gpd.GeoDataFrame,
    options: ImportOptions,
    metric: str,
) -> tuple[gpd.GeoDataFrame, int]:
    """Settlements from ``place=*`` polygons and nodes, and how many were drawn as circles."""
    place = _tag(features, "place")
    name, kazakh, russian = _names(features)
    wanted = place.isin(list(SETTLEMENT_RADIUS_M)) & name.notna()
    polygons = features.geometry.map(_polygonal)
    is_area = wanted & polygons.notna()
    is_node = wanted & (features.geometry.geom_type == "Point")

    places = pd.DataFrame(
        {
            "osm_id": features["osm_id"],
            "place": place,
            "name": name,
            "name_kk": kazakh,
            "name_ru": russian,
        }
    )
    records = [
        _settlement(places.loc[index], polygons[index], source="osm")
        for index in features.index[is_area]
    ]
    area_names = {(record["name"] or "").casefold(): record["geometry"] for record in records}
    boundaries = _named_boundaries(features)
    circles = 0
    for index in features.index[is_node]:
        point = features.geometry[index]
        text = name[index].casefold()
        same = area_names.get(text)
        if same is not None and same.contains(point):
            continue  # mapped as both a polygon and a node
        area = _boundary_for(point, text, place[index], boundaries, admin_units)
        source = "admin_boundary"
        if area is None:
            radius = float(options.settlement_radius_m[place[index]])
            centre = _to_metric(gpd.GeoSeries([point], crs=WGS84), metric)[0]
            area = _from_metric([shapely.buffer(centre, radius, quad_segs=16)], metric).iloc[0]
            source = "circle"
            circles += 1
        records.append(_settlement(places.loc[index], area, source=source))
    columns = [
        "settlement_id", "name_kk", "name_ru", "kind", "suburb_of", "border_area", "place",
        "name", "area_source", "osm_id", "geometry",
    ]  # fmt: skip
    frame = gpd.GeoDataFrame(records, columns=columns, geometry="geometry", crs=WGS84)
    frame["geometry"] = frame.geometry.map(_as_multipolygon)
    return frame.sort_values("settlement_id", kind="stable").reset_index(drop=True), circles


def _settlement(place: pd.Series, geometry: Any, *, source: str) -> dict[str, Any]:
    """One settlement row from a place's tags (``osm_id``, ``place``, names)."""
    kind = place["place"]
    return {
        "settlement_id": f"S-{place['osm_id']}",
        "name_kk": place["name_kk"],
        "name_ru": place["name_ru"],
        "kind": "village" if kind == "hamlet" else kind,
        "suburb_of": None,
        "border_area": False,
        "place": kind,
        "name": place["name"],
        "area_source": source,
        "osm_id": place["osm_id"],
        "geometry": geometry,
    }


def _named_boundaries(features: gpd.GeoDataFrame) -> list[tuple[int, tuple[str, ...], Any]]:
    """``(admin_level, casefolded names, polygon)`` of every named administrative boundary."""
    boundary = _tag(features, "boundary") == "administrative"
    level = pd.to_numeric(_tag(features, "admin_level"), errors="coerce")
    name, kazakh, russian = _names(features)
    result = []
    for index in features.index[boundary & level.notna() & name.notna()]:
        polygon = _polygonal(features.geometry[index])
        if polygon is None:
            continue
        names = tuple(
            {str(text).casefold() for text in (name[index], kazakh[index], russian[index])}
        )
        result.append((int(level[index]), names, polygon))
    return result


def _boundary_for(
    point: Any,
    name: str,
    place: str,
    boundaries: Sequence[tuple[int, tuple[str, ...], Any]],
    admin_units: gpd.GeoDataFrame,
) -> Any:
    """The boundary polygon of a place node: same name, containing it, of the right level.

    A village takes an admin_level 8-10 boundary; a city or town takes the polygon of a
    ``city`` admin unit. A name matches when the boundary's name is the place's name or starts
    with it followed by a space ("Жаңаауыл ауылы", "Қарағанды қаласы").
    """

    def matches(names: Sequence[str]) -> bool:
        return any(text == name or text.startswith(name + " ") for text in names)

    candidates: list[Any] = []
    if place in ("village", "hamlet"):
        candidates = [
            polygon
            for level, names, polygon in boundaries
            if 8 <= level <= 10 and matches(names) and polygon.contains(point)
        ]
    else:
        cities = admin_units[admin_units["level"] == "city"]
        for _, unit in cities.iterrows():
            names = [str(unit[c]).casefold() for c in ("name", "name_kk", "name_ru")]
            if matches(names) and unit.geometry.contains(point):
                candidates.append(unit.geometry)
    return min(candidates, key=lambda polygon: polygon.area) if candidates else None


def _extent(buildings: gpd.GeoDataFrame, street_nodes: gpd.GeoDataFrame) -> Any:
    """The convex hull of every building and street node (EPSG:4326)."""
    everything = [*buildings.geometry.to_numpy(), *street_nodes.geometry.to_numpy()]
    return shapely.convex_hull(shapely.union_all(everything))


def _fallback_settlement(name: str, extent: Any, metric: str) -> gpd.GeoDataFrame:
    """One settlement around everything, when OSM names none (100 m beyond the hull)."""
    hull = _to_metric(gpd.GeoSeries([extent], crs=WGS84), metric)[0]
    area = _from_metric([shapely.buffer(hull, 100.0)], metric).iloc[0]
    return gpd.GeoDataFrame(
        {
            "settlement_id": ["S-1"],
            "name_kk": [name],
            "name_ru": [name],
            "kind": ["city"],
            "suburb_of": [None],
            "border_area": [False],
            "place": [None],
            "name": [name],
            "area_source": ["fallback"],
            "osm_id": [None],
        },
        geometry=[_as_multipolygon(area)],
        crs=WGS84,
    )


def _fallback_unit(name: str, settlements: gpd.GeoDataFrame, metric: str) -> gpd.GeoDataFrame:
    """One admin unit around all settlements, when OSM has no boundary (500 m beyond the hull).

    Its level is ``city`` when the only settlement is a city, else ``rayon``.
    """
    hull = shapely.convex_hull(shapely.union_all(settlements.geometry.to_numpy()))
    area = _from_metric(
        [shapely.buffer(_to_metric(gpd.GeoSeries([hull], crs=WGS84), metric)[0], 500.0)], metric
    ).iloc[0]
    level = "city" if len(settlements) == 1 and settlements["kind"].iloc[0] == "city" else "rayon"
    return gpd.GeoDataFrame(
        {
            "unit_id": ["U-1"],
            "name_kk": [name],
            "name_ru": [name],
            "level": [level],
            "parent_id": [None],
            "admin_level": [None],
            "name": [name],
            "osm_id": [None],
        },
        geometry=[_as_multipolygon(area)],
        crs=WGS84,
    )


def _attach_settlements(
    settlements: gpd.GeoDataFrame, admin_units: gpd.GeoDataFrame, metric: str
) -> gpd.GeoDataFrame:
    """Each settlement's ``unit_id``: the smallest unit containing it, else the nearest."""
    inside = shapely.point_on_surface(_to_metric(settlements.geometry, metric))
    best, _ = _assign(inside, _to_metric(admin_units.geometry, metric))
    unit_ids = admin_units["unit_id"].to_numpy()[best]
    frame = settlements.copy()
    frame.insert(4, "unit_id", unit_ids)
    return frame


# --------------------------------------------------------------------------------------------
# Buildings
# --------------------------------------------------------------------------------------------


def _buildings_without_area(features: gpd.GeoDataFrame) -> int:
    """How many ``building=*`` features have no polygon part (a point, an unclosed line)."""
    building = _tag(features, "building")
    polygons = features.geometry.map(_polygonal)
    return int((building.notna() & (building != "no") & polygons.isna()).sum())


def _building_rows(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The ``building=*`` polygons of the features (polygon parts only)."""
    building = _tag(features, "building")
    polygons = features.geometry.map(_polygonal)
    usable = building.notna() & (building != "no") & polygons.notna()
    return features[usable].assign(geometry=polygons[usable], _type=building[usable])


def _levels(values: pd.Series) -> pd.Series:
    """``building:levels`` as a number of levels (the first number in the text; ``NaN`` if none).

    Values like ``5;9`` (two sections) or ``2.5`` occur; the first number is what most editors
    mean, and a level below one is read as one.
    """

    def first_number(text: object) -> float:
        match = re.search(r"\d+(?:\.\d+)?", text) if isinstance(text, str) else None
        return float(match[0]) if match else math.nan

    numbers = values.map(first_number)
    return numbers.where(numbers.isna(), numbers.clip(lower=1.0)).astype(float)


def _split_by_age(total: IntArray, shares: FloatArray) -> npt.NDArray[np.int64]:
    """Split whole counts over the bands by the largest-remainder method: rows sum to ``total``."""
    raw = total[:, None] * shares[None, :]
    base = np.floor(raw).astype(np.int64)
    left = total - base.sum(axis=1)
    order = np.argsort(-(raw - base), axis=1, kind="stable")
    ranks = np.argsort(order, axis=1, kind="stable")
    bands: IntArray = base + (ranks < left[:, None]).astype(np.int64)
    return bands


def _buildings(
    rows: gpd.GeoDataFrame,
    settlements: gpd.GeoDataFrame,
    options: ImportOptions,
    metric: str,
) -> tuple[gpd.GeoDataFrame, int]:
    """The ``buildings`` layer (with a ``_has_address`` mask); how many lie outside settlements."""
    street = _tag(rows, "addr:street").fillna(_tag(rows, "addr:place"))
    number = _tag(rows, "addr:housenumber")
    has_address = (street.notna() & number.notna()).to_numpy(dtype=bool)
    kind = rows["_type"]
    tagged_levels = _levels(_tag(rows, "building:levels"))
    default_levels = kind.map(lambda k: options.levels_by_building.get(k, np.nan)).astype(float)
    levels = tagged_levels.fillna(default_levels)
    non_residential = np.zeros(len(rows), dtype=bool)
    for key in _NON_RESIDENTIAL_KEYS:
        non_residential |= _tag(rows, key).notna().to_numpy(dtype=bool)
    home = kind.isin(list(options.levels_by_building)).to_numpy(dtype=bool) & ~non_residential
    metric_geometry = _to_metric(rows.geometry, metric)
    area = shapely.area(metric_geometry)
    people = np.where(home, area * levels.to_numpy() / options.floor_area_per_person_m2, 0.0)
    total = np.floor(np.nan_to_num(people) + 0.5).astype(np.int64)
    bands = _split_by_age(total, options.shares)
    best, outside = _assign(
        shapely.point_on_surface(metric_geometry), _to_metric(settlements.geometry, metric)
    )
    frame = gpd.GeoDataFrame(
        {
            "building_id": ("B-" + rows["osm_id"]).to_numpy(),
            "street": street.fillna("").to_numpy(dtype=object),
            "housenumber": number.fillna("").to_numpy(dtype=object),
            "settlement_id": settlements["settlement_id"].to_numpy()[best],
            **{band: bands[:, column] for column, band in enumerate(AGE_BANDS)},
            "kind": kind.to_numpy(dtype=object),
            "levels": np.where(home, levels.to_numpy(), np.nan),
            "area_m2": np.round(area, 1),
            "osm_id": rows["osm_id"].to_numpy(),
            "_has_address": has_address,
        },
        geometry=rows.geometry.to_numpy(),
        crs=WGS84,
    )
    frame = frame.sort_values("building_id", kind="stable").reset_index(drop=True)
    return frame, int(outside.sum())


# --------------------------------------------------------------------------------------------
# Clinics and districts
# --------------------------------------------------------------------------------------------


def _clinics(
    features: gpd.GeoDataFrame,
    settlements: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    metric: str,
) -> tuple[gpd.GeoDataFrame, dict[str, int], list[str]]:
    """PHC clinics, the health facilities skipped (by tag), and notes."""
    amenity = _tag(features, "amenity")
    healthcare = _tag(features, "healthcare")
    health = amenity.isin(list(_HEALTH_AMENITIES)) | healthcare.notna()
    name, kazakh, russian = _names(features)
    official = _tag(features, "official_name")
    phone = _tag(features, "phone").fillna(_tag(features, "contact:phone"))
    osm_ids = features["osm_id"]
    skipped: Counter[str] = Counter()
    records: list[dict[str, Any]] = []
    for index in features.index[health]:
        kind = phc_kind(name[index], kazakh[index], russian[index], official[index])
        if kind is None or name[index] is None:
            tag = amenity[index] if amenity[index] in _HEALTH_AMENITIES else None
            skipped[tag or f"healthcare={healthcare[index]}"] += 1
            continue
        records.append(
            {
                "index": index,
                "clinic_id": f"C-{osm_ids[index]}",
                "name_kk": kazakh[index],
                "name_ru": russian[index],
                "kind": kind,
                "phone": phone[index],
                "osm_tag": amenity[index] or f"healthcare={healthcare[index]}",
                "osm_id": osm_ids[index],
                "geometry": shapely.point_on_surface(features.geometry[index]),
            }
        )
    if not records:
        return gpd.GeoDataFrame(), dict(skipped), []
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs=WGS84)
    points = _to_metric(frame.geometry, metric)
    frame, duplicates = _drop_duplicate_clinics(frame, points)
    points = _to_metric(frame.geometry, metric)
    best, _ = _assign(points, _to_metric(settlements.geometry, metric))
    frame["settlement_id"] = settlements["settlement_id"].to_numpy()[best]
    settlement_name = settlements["name"].fillna(settlements["name_ru"]).to_numpy()[best]

    # An address from the clinic's own addr:* tags, else from the building it stands in.
    street = _tag(features, "addr:street").fillna(_tag(features, "addr:place"))
    number = _tag(features, "addr:housenumber")
    addr_city = _tag(features, "addr:city")
    in_building, _ = _assign(points, _to_metric(buildings.geometry, metric))
    within = shapely.contains(_to_metric(buildings.geometry, metric)[in_building], points)
    building_street = _tag(buildings, "addr:street").fillna(_tag(buildings, "addr:place"))
    building_number = _tag(buildings, "addr:housenumber")
    addresses: list[str] = []
    unaddressed = 0
    for position, index in enumerate(frame["index"]):
        own = (street[index], number[index])
        host = buildings.index[in_building[position]]
        hosted = (
            (building_street[host], building_number[host]) if within[position] else (None, None)
        )
        pair = own if own[0] and own[1] else hosted
        city = addr_city[index]
        parts = [city or settlement_name[position], *(pair if pair[0] and pair[1] else ())]
        if not (pair[0] and pair[1]):
            unaddressed += 1
        addresses.append(", ".join(str(part) for part in parts if part))
    frame["address"] = addresses
    frame["shi_supplier"] = True
    frame["packages"] = "gobmp,osms"
    columns = [
        "clinic_id", "name_kk", "name_ru", "kind", "settlement_id", "address", "shi_supplier",
        "packages", "phone", "osm_tag", "osm_id", "geometry",
    ]  # fmt: skip
    frame = frame[columns].sort_values("clinic_id", kind="stable").reset_index(drop=True)
    notes = []
    if unaddressed:
        notes.append(
            "clinics without addr:street and addr:housenumber in OSM (nor on their building): "
            f"{unaddressed:,}; their address is only the settlement's name: fill it in"
        )
    if duplicates:
        notes.append(
            "clinics mapped twice (a node and a building with the same name within "
            f"{_DUPLICATE_CLINIC_M:g} m), counted once: {duplicates:,}"
        )
    return frame, dict(skipped), notes


def _drop_duplicate_clinics(
    frame: gpd.GeoDataFrame, points: ObjectArray
) -> tuple[gpd.GeoDataFrame, int]:
    """Keep the first of clinics with the same name less than 150 m apart (a node + a building)."""
    keep = np.ones(len(frame), dtype=bool)
    names = frame["name_ru"].str.casefold().to_numpy()
    for i in range(len(frame)):
        if not keep[i]:
            continue
        for j in range(i + 1, len(frame)):
            if keep[j] and names[i] == names[j]:
                keep[j] = shapely.distance(points[i], points[j]) >= _DUPLICATE_CLINIC_M
    return frame[keep].reset_index(drop=True), int((~keep).sum())


def _districts(
    clinics: gpd.GeoDataFrame, settlements: gpd.GeoDataFrame, metric: str
) -> gpd.GeoDataFrame:
    """One ``gp`` district per clinic: its Voronoi cell (in metres) within its settlement.

    Clinics at the same spot share a cell. A clinic whose cell misses its settlement (it was
    given the nearest one from outside) gets its cell within 500 m of it instead.
    """
    points = _to_metric(clinics.geometry, metric)
    areas = dict(
        zip(settlements["settlement_id"], _to_metric(settlements.geometry, metric), strict=True)
    )
    coordinates = shapely.get_coordinates(points)
    unique, position_of = np.unique(coordinates, axis=0, return_inverse=True)
    envelope = shapely.envelope(shapely.union_all([*areas.values(), *points]))
    cells = shapely.get_parts(
        shapely.voronoi_polygons(
            shapely.multipoints(unique), extend_to=shapely.buffer(envelope, 1000.0), ordered=True
        )
    )
    shapes = []
    for position, clinic in enumerate(clinics.itertuples()):
        cell = cells[position_of.ravel()[position]]
        shape = _polygonal(shapely.intersection(cell, areas[clinic.settlement_id]))
        if shape is None:
            nearby = shapely.buffer(points[position], _OUTSIDE_SETTLEMENT_M)
            shape = _polygonal(shapely.intersection(cell, nearby))
        shapes.append(_as_multipolygon(shape))
    geometry = _from_metric(shapes, metric).map(_as_multipolygon)
    return gpd.GeoDataFrame(
        {
            "district_id": [f"D-{cid.removeprefix('C-')}" for cid in clinics["clinic_id"]],
            "clinic_id": clinics["clinic_id"].to_numpy(),
            "model": "gp",
            "doctors": 0.0,
            "attached": 0,
        },
        geometry=geometry.to_numpy(),
        crs=WGS84,
    )
