"""The region data package schema: layers, their geometry and the columns consumers rely on.

This module is the one place the package layout of DESIGN.md is written down in code. The reader
and validator (:mod:`geo.package`), the demo generator (:mod:`geo.demo`), the OSM importer and
every service read it from here, so a column added here is added everywhere.

More columns than these are allowed in a package; these are the ones every consumer may rely on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal["str", "int", "float", "bool", "str_or_null"]


@dataclass(frozen=True)
class Column:
    """One required column of a layer.

    Parameters
    ----------
    name
        Column name as stored in the GeoPackage.
    kind
        The value kind the validator checks; ``str_or_null`` allows empty values.
    choices
        When set, the only values allowed (e.g. a clinic's ``kind``).
    """

    name: str
    kind: ColumnKind
    choices: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Layer:
    """One layer of the package.

    Parameters
    ----------
    name
        Layer name in ``region.gpkg``.
    geometry
        Allowed geometry types; empty for attribute-only tables.
    key
        The column that identifies a row; must be unique.
    columns
        Required columns, key included.
    references
        ``(column, layer)`` pairs: each non-null value of ``column`` must be a key of ``layer``.
    """

    name: str
    geometry: tuple[str, ...]
    key: str | None
    columns: tuple[Column, ...]
    references: tuple[tuple[str, str], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of the required columns, in schema order."""
        return tuple(column.name for column in self.columns)


CLINIC_KINDS = ("polyclinic", "outpatient", "paramedic_post", "family_health_centre")
"""The PHC organization kinds of R-ORG-1 (city polyclinic, outpatient clinic, paramedic and
midwifery post, family health / PHC centre)."""

DISTRICT_MODELS = ("gp", "therapist", "pediatric_0_6", "pediatric_0_14")
"""District models of R-CAP-1: who a district serves and so which norm applies."""

SETTLEMENT_KINDS = ("city", "town", "village")
ADMIN_LEVELS = ("oblast", "rayon", "city", "city_district")
DISTRICT_FAMILIES: dict[str, str] = {
    "gp": "adult",
    "therapist": "adult",
    "pediatric_0_6": "pediatric",
    "pediatric_0_14": "pediatric",
}
"""The family of each district model: a building belongs to one district of each family (the
same table as ``catchments.planning.common.FAMILY_OF_MODEL``, which types it)."""

SHI_PACKAGES = ("gobmp", "osms")
"""The free packages a clinic may supply (R-ORG-2: ГОБМП, the guaranteed volume, and ОСМС, the
compulsory social health insurance); the values of ``clinics.packages``
(``catchments.models.Package`` holds the same names)."""

PACKAGE_SEPARATORS = (",", ";")
"""What separates the packages of one ``clinics.packages`` value (``"gobmp,osms"``)."""

_PACKAGE_SPLIT = re.compile("|".join(map(re.escape, PACKAGE_SEPARATORS)))


def package_parts(value: object) -> tuple[str, ...]:
    """The items of a ``clinics.packages`` value, as the readers of the column take them.

    Split at ``,`` or ``;``, each stripped and lower-cased; empty items (``"gobmp,"``) are
    dropped. Text only: a null or any other value has no items. An item that is not one of
    :data:`SHI_PACKAGES` (``"gobmp osms"``, ``"гобмп"``) is kept, for the validator to name.
    """
    if not isinstance(value, str):
        return ()
    parts = (part.strip().lower() for part in _PACKAGE_SPLIT.split(value))
    return tuple(part for part in parts if part)


def package_names(value: object) -> frozenset[str]:
    """The packages a ``clinics.packages`` value names (a subset of :data:`SHI_PACKAGES`).

    ``"gobmp,osms"``, ``"GOBMP; OSMS"`` and ``"osms,gobmp,"`` name both; empty, null or
    unreadable items name none. The package validator refuses values with items it drops
    (:func:`package_parts`), so a valid package loses nothing here.
    """
    return frozenset(part for part in package_parts(value) if part in SHI_PACKAGES)


LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
"""The languages the app speaks (``catchments.messages.Language``, ``app_pages._i18n``): the
only ones ``region.toml`` may offer."""

AGE_BANDS = ("pop_0_6", "pop_7_14", "pop_15_17", "pop_18_62", "pop_63_plus")
"""Population columns of ``buildings``; their sum is the building's population."""

ADMIN_UNITS = Layer(
    name="admin_units",
    geometry=("Polygon", "MultiPolygon"),
    key="unit_id",
    columns=(
        Column("unit_id", "str"),
        Column("name_kk", "str"),
        Column("name_ru", "str"),
        Column("level", "str", ADMIN_LEVELS),
        Column("parent_id", "str_or_null"),
    ),
    references=(("parent_id", "admin_units"),),
)
SETTLEMENTS = Layer(
    name="settlements",
    geometry=("Polygon", "MultiPolygon"),
    key="settlement_id",
    columns=(
        Column("settlement_id", "str"),
        Column("name_kk", "str"),
        Column("name_ru", "str"),
        Column("kind", "str", SETTLEMENT_KINDS),
        Column("unit_id", "str"),
        Column("suburb_of", "str_or_null"),
        Column("border_area", "bool"),
    ),
    references=(("unit_id", "admin_units"), ("suburb_of", "settlements")),
)
CLINICS = Layer(
    name="clinics",
    geometry=("Point",),
    key="clinic_id",
    columns=(
        Column("clinic_id", "str"),
        Column("name_kk", "str"),
        Column("name_ru", "str"),
        Column("kind", "str", CLINIC_KINDS),
        Column("settlement_id", "str"),
        Column("address", "str"),
        Column("shi_supplier", "bool"),
        Column("packages", "str_or_null"),
        Column("phone", "str_or_null"),
    ),
    references=(("settlement_id", "settlements"),),
)
DISTRICTS = Layer(
    name="districts",
    geometry=("Polygon", "MultiPolygon"),
    key="district_id",
    columns=(
        Column("district_id", "str"),
        Column("clinic_id", "str"),
        Column("model", "str", DISTRICT_MODELS),
        Column("doctors", "float"),
        Column("attached", "int"),
    ),
    references=(("clinic_id", "clinics"),),
)
DISTRICT_STREETS = Layer(
    name="district_streets",
    geometry=(),
    key=None,
    columns=(
        Column("district_id", "str"),
        Column("street", "str"),
        Column("house_ranges", "str"),
    ),
    references=(("district_id", "districts"),),
)
BUILDINGS = Layer(
    name="buildings",
    geometry=("Polygon", "MultiPolygon", "Point"),
    key="building_id",
    columns=(
        Column("building_id", "str"),
        # Many buildings in real data (OpenStreetMap) have no address; they still hold people.
        Column("street", "str_or_null"),
        Column("housenumber", "str_or_null"),
        Column("settlement_id", "str"),
        *(Column(band, "int") for band in AGE_BANDS),
    ),
    references=(("settlement_id", "settlements"),),
)
STREET_NODES = Layer(
    name="street_nodes",
    geometry=("Point",),
    key="node_id",
    columns=(Column("node_id", "int"),),
)
STREET_EDGES = Layer(
    name="street_edges",
    geometry=("LineString", "MultiLineString"),
    key=None,
    columns=(
        Column("u", "int"),
        Column("v", "int"),
        Column("name", "str_or_null"),
        Column("length_m", "float"),
        Column("speed_kph", "float"),
        Column("walk", "bool"),
        Column("drive", "bool"),
        Column("oneway", "bool"),
    ),
    references=(("u", "street_nodes"), ("v", "street_nodes")),
)

POPULATION_AREAS = Layer(
    name="population_areas",
    geometry=("Polygon", "MultiPolygon"),
    key="area_id",
    # Counts from a census or a population grid may be fractional (modelled people).
    columns=(Column("area_id", "str"), *(Column(band, "float") for band in AGE_BANDS)),
)
"""People by age band over polygons, where a region knows them only by area (census blocks, a
grid). Not a layer of the region package (whose buildings hold people): a planner's extra input,
read by :func:`geo.package.read_population_areas`."""

LAYERS: tuple[Layer, ...] = (
    ADMIN_UNITS,
    SETTLEMENTS,
    CLINICS,
    DISTRICTS,
    DISTRICT_STREETS,
    BUILDINGS,
    STREET_NODES,
    STREET_EDGES,
)
"""Every layer, in dependency order (a layer only references layers before it, or itself)."""

LAYER_BY_NAME: dict[str, Layer] = {layer.name: layer for layer in LAYERS}
