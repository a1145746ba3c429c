"""From an application and a region to a decision: geo facts + rules, for the app and the CLI.

The rules engine (:mod:`catchments.rules`) decides from plain facts and never touches geometry.
This module finds those facts in a region: it geocodes the residence (or takes the point),
finds its settlement and the territories that cover it (district polygons, and the registry's
street + house-number lists), and reads the clinic's districts and their doctors. Everything the
pages and commands decide goes through :func:`decide` or :func:`decide_rows`, so they agree.

Interpretations (the sources are silent):

* A residence is inside a clinic's territory when a district polygon of the clinic covers it
  *or* the clinic's street lists name its house: registries define territories by lists, the
  polygons are their drawing, and a house in either is served. Where the two disagree
  :func:`geo.territory.reconcile` reports it for the planner.
* The districts offered to the rules are those of the clinic that serve the applicant's age
  (:func:`catchments.capacity.serves`, judged on all the clinic's district models, R-CAP-2) and
  cover the residence; when none does (an out-of-territory application, or a residence in the
  clinic's territory for another age only), every district of the clinic serving the age, so
  any of them with room may take the applicant. A clinic with no district for the age offers
  the covering districts (or all), and the rules name ``no_district``.
* The border-area exception (R-TERR-1) holds for a clinic in another administrative-territorial
  unit than the basis place's settlement (``settlements.unit_id``), as the fund's guidance words
  it: a clinic in another settlement of the same unit is refused ``OUTSIDE_SETTLEMENT``.
* An applicant whose current clinic is the chosen one is already counted in the district that
  covers their residence (of the model their age needs); they are not counted twice (R-CAP-2).
  Where no such district covers it, the rules do not know which district counts them and never
  refuse them for capacity (R-ORG-3: the application adds nobody to the clinic).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import gc
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from catchments.calendar import CalendarError, local
from catchments.capacity import age_on, clinic_remaining, models_for_age
from catchments.messages import (
    Language,
    batch_file_error,
    emergency_notice,
    format_moment,
    service_error,
)
from catchments.models import (
    MAX_QUOTED,
    Application,
    ApplicationError,
    ClinicFacts,
    ClinicKind,
    Decision,
    DistrictFacts,
    Facts,
    FieldProblem,
    Location,
    Package,
    PlaceFacts,
    RuleSettings,
    quoted,
)
from catchments.rules import evaluate, proximity_order
from geo.geocode import GeocodeError, Geocoder
from geo.network import StreetNetwork
from geo.package import Region, read_region
from geo.schema import package_names
from geo.territory import TerritoryIndex, resolve_street_territories

MAX_ADDRESS_CHOICES = 5
NEAREST_CLINICS = 10
_GEOD = Geod(ellps="WGS84")
CLOCK_SKEW: Final = dt.timedelta(minutes=10)
"""How far a submission may seem to lie after its decision: the clocks of a PSC and a clinic."""
MAX_ADDRESS_POINT_GAP_M: Final = 300.0
"""How far a point may lie from the address given with it (a phone's fix, a large block) before
the two are taken to name different places."""


class ServiceError(ValueError):
    """An application that cannot be decided in this region: unknown clinic, unknown address.

    The message names the field and what to do; ``field`` is its dotted path in the application.
    """

    def __init__(self, field_path: str, message: str, *, code: str, **params: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field = field_path
        self.code = code
        # A value the message names (an address, a clinic id) quoted back whole no further.
        self.params = {
            key: value if len(value) <= MAX_QUOTED else f"{value[: MAX_QUOTED - 1]}…"
            for key, value in params.items()
        }

    def text(self, lang: str) -> str:
        """The error in ``lang`` (kk, ru, en) for people; ``str(error)`` stays for logs and files.

        The English of ``str()`` names the application's fields and may carry the geocoder's
        detail; this names the field the way the forms do (see
        :data:`catchments.messages.SERVICE_ERRORS`), and its moments as people read them
        (``1 January 2030, 10:00`` in Kazakhstan's time) where ``str()`` keeps ISO 8601.
        """
        params = dict(self.params)
        for name in _MOMENT_PARAMS.intersection(params):
            with contextlib.suppress(ValueError):  # not a moment after all: shown as given
                moment = dt.datetime.fromisoformat(params[name])
                params[name] = format_moment(local(moment), Language(lang))
        return service_error(self.field, self.code, params, lang)


_MOMENT_PARAMS: Final = frozenset({"submitted", "now"})
"""The :class:`ServiceError` parameters that are moments, given in ISO 8601 with an offset."""


class _Pin(NamedTuple):
    """Where a location was pinned before the territories are asked: lon, lat, label, house."""

    lon: float
    lat: float
    label: str
    building_id: str | None


class _Covered(NamedTuple):
    """A pin inside the region: its settlement and the districts covering it."""

    pin: _Pin
    settlement_id: str | None
    districts: frozenset[str]


@dataclass(frozen=True)
class Place:
    """A location of an application resolved against the region.

    Attributes
    ----------
    lon, lat
        The point used (the building's, when an address was geocoded).
    label
        The address as found, or the coordinates.
    building_id
        The geocoded building, when there is one.
    settlement_id
        The settlement containing the point, or None outside every settlement.
    districts
        Every district whose polygon or street list covers the place.
    """

    lon: float
    lat: float
    label: str
    building_id: str | None
    settlement_id: str | None
    districts: frozenset[str]

    def to_dict(self) -> dict[str, object]:
        """JSON shape of the resolved place, for answers that show what was understood."""
        return {
            "label": self.label,
            "lon": self.lon,
            "lat": self.lat,
            "building_id": self.building_id,
            "settlement_id": self.settlement_id,
            "districts": sorted(self.districts),
        }


@dataclass(frozen=True)
class Answer:
    """A decision with the places it was made for."""

    decision: Decision
    residence: Place
    basis_place: Place

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        """DESIGN.md's JSON answer plus ``residence`` (what the address was understood as)."""
        out = self.decision.to_dict(lang)
        out["residence"] = self.residence.to_dict()
        if self.basis_place is not self.residence:
            out["basis_place"] = self.basis_place.to_dict()
        return out


@dataclass(frozen=True)
class RegionServices:
    """A region with its indexes, built once and shared (never mutated).

    Build with :meth:`from_region` or :meth:`load`; the app caches one per region.
    """

    region: Region
    settings: RuleSettings
    territories: TerritoryIndex
    geocoder: Geocoder
    network: StreetNetwork
    list_districts: Mapping[str, frozenset[str]] = field(repr=False)
    # Per-region lookups made once: the rules ask for them for every clinic of every answer.
    clinic_rows: Mapping[str, pd.Series] = field(repr=False, default_factory=dict)
    districts_of: Mapping[str, tuple[DistrictFacts, ...]] = field(repr=False, default_factory=dict)
    settlement_rows: Mapping[str, pd.Series] = field(repr=False, default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> RegionServices:
        """Read a region package and index it."""
        return cls.from_region(read_region(path))

    @classmethod
    def from_region(cls, region: Region) -> RegionServices:
        """Index a loaded region: territories, geocoder, street lists, rule settings."""
        config = region.config
        settings = RuleSettings.from_mapping(config.rule_tables())
        territories = TerritoryIndex.from_layers(
            region.districts, settlements=region.settlements, admin_units=region.admin_units
        )
        geocoder = Geocoder.from_buildings(region.buildings, region.settlements)
        network = StreetNetwork.from_layers(
            region.street_nodes, region.street_edges, walk_speed_kph=config.walk_speed_kph
        )
        return cls(
            region=region,
            settings=settings,
            territories=territories,
            geocoder=geocoder,
            network=network,
            list_districts=_list_districts(region),
            clinic_rows={str(row["clinic_id"]): row for _, row in region.clinics.iterrows()},
            districts_of=_districts_of(region.districts),
            settlement_rows={
                str(row["settlement_id"]): row for _, row in region.settlements.iterrows()
            },
        )

    def clinic(self, clinic_id: str, *, field_path: str = "clinic_id") -> pd.Series:
        """The clinic's row, or a :class:`ServiceError` suggesting the nearest IDs."""
        row = self.clinic_rows.get(clinic_id)
        if row is None:
            known = sorted(self.clinic_rows)
            close = difflib.get_close_matches(clinic_id, known, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(known)}"
            raise ServiceError(
                field_path,
                f"no clinic {clinic_id!r} in this region; {hint}",
                code="unknown_clinic.close" if close else "unknown_clinic",
                clinic=clinic_id,
                choices=", ".join(close or known),
            )
        return row

    def resolve(self, location: Location, *, field_path: str) -> Place:
        """Turn an application's location into a :class:`Place` in this region.

        Raises
        ------
        ServiceError
            When the address is not found, names a street but no existing house, or is
            ambiguous (the candidates are listed), or when the point lies outside the region.
        """
        (place,) = self.resolve_all([location], field_path=field_path)
        if isinstance(place, ServiceError):
            raise place
        return place

    def resolve_all(
        self, locations: Sequence[Location], *, field_path: str
    ) -> list[Place | ServiceError]:
        """:meth:`resolve` for many locations: each one's place, or the error it would raise.

        Addresses are still geocoded one by one, but every point is located in the territories
        at once: a point per call costs ~1 ms of pandas set-up, which made counting a large
        register's homes take minutes (``bench/home_visit_cover.py``).
        """
        return [
            covered
            if isinstance(covered, ServiceError)
            else Place(
                lon=covered.pin.lon,
                lat=covered.pin.lat,
                label=covered.pin.label,
                building_id=covered.pin.building_id,
                settlement_id=covered.settlement_id,
                districts=covered.districts,
            )
            for covered in self._covered(locations, field_path=field_path, agree=True)
        ]

    def districts_all(
        self, locations: Sequence[Location], *, field_path: str
    ) -> list[frozenset[str] | ServiceError]:
        """The districts of each location's :class:`Place` (or its error), without the places.

        A register's homes need only their districts; building a place for each of 140,000
        cost 0.5 s of a planner's page.
        """
        return [
            covered if isinstance(covered, ServiceError) else covered.districts
            for covered in self._covered(locations, field_path=field_path, agree=False)
        ]

    def _covered(
        self, locations: Sequence[Location], *, field_path: str, agree: bool
    ) -> Iterator[_Covered | ServiceError]:
        """What each location resolves to: the one place :meth:`resolve` reads a point.

        ``agree``: a location given both ways must have its address near its point (a
        decision's check; a register's homes passed it when they were decided).
        """
        pins = self._pins(locations, field_path=field_path, agree=agree)
        found = [pin for pin in pins if isinstance(pin, _Pin)]
        located = self.territories.locate_xy(
            np.array([pin.lon for pin in found], dtype=float),
            np.array([pin.lat for pin in found], dtype=float),
        )
        rows = zip(located["settlement_id"], located["unit_id"], located["districts"], strict=True)
        for pin in pins:
            if isinstance(pin, ServiceError):
                yield pin
                continue
            settlement_id, unit_id, districts = next(rows)
            if settlement_id is None and unit_id is None:
                west, south, east, north = self.region.admin_units.total_bounds
                # Latitude typed first is the commonest slip: say so when that lands inside.
                swapped = west <= pin.lat <= east and south <= pin.lon <= north
                yield ServiceError(
                    field_path,
                    f"point {pin.lat:.6f}, {pin.lon:.6f} (lat, lon) lies outside this region; "
                    + (
                        "its longitude and latitude look swapped (lon first in the application)"
                        if swapped
                        else "check the coordinates (lon first in the application) or choose "
                        "another region"
                    ),
                    code="outside_region.swapped" if swapped else "outside_region",
                    lat=f"{pin.lat:.6f}",
                    lon=f"{pin.lon:.6f}",
                )
                continue
            covering = frozenset(districts)
            listed = None if pin.building_id is None else self.list_districts.get(pin.building_id)
            yield _Covered(
                pin,
                None if settlement_id is None else str(settlement_id),
                covering | listed if listed else covering,
            )

    def _pins(
        self, locations: Sequence[Location], *, field_path: str, agree: bool = True
    ) -> list[_Pin | ServiceError]:
        """The point each location stands for, or why it has none.

        A point is pinned to the building it falls on (within 30 m) for the districts' street
        lists; the buildings of all points are found in one query.
        """
        points = np.array(
            [(loc.lon, loc.lat) for loc in locations if loc.lon is not None], dtype=float
        ).reshape(-1, 2)
        houses = iter(
            self.geocoder.nearest_buildings(points[:, 0], points[:, 1], max_distance_m=30.0)
        )
        pins: list[_Pin | ServiceError] = []
        for location in locations:
            if location.lon is not None and location.lat is not None:  # both or neither
                lon, lat = float(location.lon), float(location.lat)
                label = location.address or f"{lat:.6f}, {lon:.6f}"
                house = next(houses)
                apart = self._apart(location, lon, lat, field_path) if agree else None
                pins.append(apart or _Pin(lon, lat, label, house))
                continue
            try:
                pins.append(self._address_pin(location, field_path=field_path))
            except ServiceError as error:
                pins.append(error)
        return pins

    def _apart(
        self, location: Location, lon: float, lat: float, field_path: str
    ) -> ServiceError | None:
        """Why a point and the address given with it cannot both be right, if they cannot.

        The point decides, and the address names the place on the page and the coupon: a
        point kilometres from its address would decide for one place and show another. An
        address the region cannot find leaves the point to decide, as before.
        """
        if not location.address:
            return None
        try:
            found = self._address_pin(location, field_path=field_path)
        except ServiceError:
            return None
        _, _, metres = _GEOD.inv(lon, lat, found.lon, found.lat)
        if metres <= MAX_ADDRESS_POINT_GAP_M:
            return None
        return ServiceError(
            field_path,
            f"the address {location.address!r} lies {metres:,.0f} m from the point given with "
            f"it (lon {lon:.6f}, lat {lat:.6f}); correct one of them, or give only one",
            code="address_point_apart",
            address=location.address,
            metres=str(round(metres)),
            lat=f"{lat:.6f}",
            lon=f"{lon:.6f}",
        )

    def _address_pin(self, location: Location, *, field_path: str) -> _Pin:
        """The geocoded building of a location given by its address alone."""
        assert location.address is not None  # Location guarantees one or the other
        try:
            result = self.geocoder.search(location.address, limit=MAX_ADDRESS_CHOICES)
        except GeocodeError as error:
            # An address that cannot be read (empty, only a settlement, too long) is the
            # applicant's to fix, like one that is not found.
            raise ServiceError(
                field_path,
                str(error).removeprefix("search: "),
                code="address_unreadable",
                address=str(location.address),
            ) from error
        best = result.best
        if result.unknown_settlement:
            # "Алматы, проспект Абая 10" in a region without Алматы: every settlement was
            # searched, so a street found is a namesake here, not the address meant; placing the
            # applicant at it (a house "Абая 10" exists in Акбулак) would decide the wrong place.
            # Words alone may also name a housing complex, which the person is told to leave out.
            unmarked = not result.unknown_settlement_marked
            what, advice = (
                ("a settlement or a street", "if it is a housing complex or a landmark, leave it "
                 "out; else ")
                if unmarked
                else ("a settlement", "")
            )  # fmt: skip
            raise ServiceError(
                field_path,
                f"{result.unknown_settlement!r} is not {what} of this region, so "
                f"{location.address!r} is not found in it; {advice}give an address in this "
                "region, or lon and lat",
                code="unknown_settlement.unmarked" if unmarked else "unknown_settlement",
                settlement=result.unknown_settlement,
                address=location.address,
            )
        if best is None:
            top = result.candidates[0].score if result.candidates else 0.0
            tied = [c for c in result.candidates if c.score == top]
            if result.ambiguous and all(c.building_id is None for c in tied):
                # Streets of that name in several settlements, none with the house asked for
                # (or none asked for): not "several houses", which is what the registrar read.
                streets = "; ".join(c.label for c in tied[:MAX_ADDRESS_CHOICES])
                raise ServiceError(
                    field_path,
                    f"the street of {location.address!r} is in several places ({streets}), "
                    "but not the house; give the settlement and an existing house number, or "
                    "lon and lat",
                    code="address_street_only",
                    address=location.address,
                    choices=streets,
                )
            if result.ambiguous:
                choices = "; ".join(c.label for c in result.candidates[:MAX_ADDRESS_CHOICES])
                raise ServiceError(
                    field_path,
                    f"address {location.address!r} is ambiguous: {choices}; add the "
                    "settlement or give lon and lat",
                    code="address_ambiguous",
                    address=location.address,
                    choices=choices,
                )
            raise ServiceError(
                field_path,
                f"address {location.address!r} not found in this region"
                + (f" ({result.note})" if result.note else "")
                + "; check the spelling or give lon and lat",
                code="address_not_found",
                address=location.address,
            )
        if best.building_id is None:
            near = "; ".join(c.label for c in self.geocoder.houses_near(location.address, limit=3))
            raise ServiceError(
                field_path,
                f"{best.match}; "
                + (f"the nearest are {near}; " if near else "")
                + "give an existing house number or lon and lat",
                code="no_such_house.near" if near else "no_such_house",
                address=location.address,
                **({"nearby": near} if near else {}),
            )
        return _Pin(best.lon, best.lat, best.label, best.building_id)

    def facts_districts(
        self, clinic_id: str, *, attached_now: Mapping[str, int] | None = None
    ) -> tuple[DistrictFacts, ...]:
        """Every district of a clinic as the rules see it (for its remaining capacity).

        ``attached_now`` (the register's counts, :meth:`catchments.register.Register.
        remaining_by_district`) overrides the package's count on its data date, district by
        district: approvals and departures since that date are then taken into account.
        """
        own = self.districts_of.get(clinic_id, ())
        if not attached_now:
            return own
        return tuple(
            replace(district, attached=int(attached_now[district.district_id]))
            if district.district_id in attached_now
            else district
            for district in own
        )

    def facts(
        self,
        application: Application,
        residence: Place,
        basis_place: Place,
        *,
        attached_now: Mapping[str, int] | None = None,
    ) -> Facts:
        """The facts the rules need, found in this region for one application."""
        clinic = self.clinic(application.clinic_id)
        clinic_settlement = str(clinic["settlement_id"])
        border_area = suburb = False
        if basis_place.settlement_id is not None:
            row = self.settlement_rows[basis_place.settlement_id]
            # R-TERR-1: border-area residents "have the right to choose a polyclinic in another
            # administrative-territorial unit"; in their own unit the settlement rule stands.
            other_unit = row["unit_id"] != self.settlement_rows[clinic_settlement]["unit_id"]
            border_area = bool(row["border_area"]) and other_unit
            suburb = row["suburb_of"] == clinic_settlement
        own = self.facts_districts(application.clinic_id, attached_now=attached_now)
        covering = [d for d in own if d.district_id in residence.districts]
        age = age_on(application.applicant.birth_date, local(application.submitted_at).date())
        # The models serving this age, judged on every model of the clinic: a GP district
        # covering the residence does not serve a child the clinic's pediatricians serve.
        serving = models_for_age(age, (d.model for d in own))
        covering_serving = [d for d in covering if d.model in serving]
        offered = covering_serving or [d for d in own if d.model in serving] or covering or own
        covering_models = {d.model for d in covering_serving}
        counted_model = next((m for m in serving if m in covering_models), None)
        already_here = application.applicant.current_clinic_id == application.clinic_id
        district_facts = tuple(
            replace(district, applicant_counted=True)
            if already_here and district.model == counted_model and district.attached > 0
            else district
            for district in offered
        )
        kind = str(clinic["kind"])
        return Facts(
            clinic=ClinicFacts(
                clinic_id=application.clinic_id,
                kind=ClinicKind(kind) if kind in ClinicKind.__members__.values() else None,
                registered=True,
                shi_supplier=bool(clinic["shi_supplier"]),
                packages=_packages(clinic["packages"]),
            ),
            place=PlaceFacts(
                same_settlement=basis_place.settlement_id == clinic_settlement,
                residence_in_territory=bool(covering),
                border_area=border_area,
                suburb_of_clinic_city=suburb,
            ),
            districts=district_facts,
        )


def _districts_of(districts: pd.DataFrame) -> dict[str, tuple[DistrictFacts, ...]]:
    """Every clinic's districts as the rules see them, on the package's data date."""
    out: dict[str, list[DistrictFacts]] = {}
    for clinic_id, district_id, model, doctors, attached in zip(
        districts["clinic_id"].astype(str),
        districts["district_id"].astype(str),
        districts["model"].astype(str),
        districts["doctors"].to_numpy(dtype=float),
        districts["attached"].to_numpy(dtype=np.int64),
        strict=True,
    ):
        out.setdefault(clinic_id, []).append(
            DistrictFacts(
                district_id=district_id,
                model=model,  # type: ignore[arg-type]  # a validated DistrictModel value
                doctors=float(doctors),
                attached=int(attached),
            )
        )
    return {clinic_id: tuple(rows) for clinic_id, rows in out.items()}


def _packages(value: object) -> frozenset[Package]:
    """The ``packages`` column (``"gobmp,osms"``) as a set; empty or missing means none.

    Read as the package validator reads it (:func:`geo.schema.package_names`), which refuses a
    value with items that are not packages, so none is dropped here unseen.
    """
    return frozenset(Package(name) for name in package_names(value))


def _list_districts(region: Region) -> dict[str, frozenset[str]]:
    """Per building, the districts whose street lists name its house (every model).

    A street list applies in the settlements its district's polygon reaches: "улица Абая" of
    a city district says nothing about the village street of the same name.
    """
    if region.district_streets.empty:
        return {}
    reach = gpd.sjoin(
        region.districts[["district_id", "geometry"]],
        region.settlements[["settlement_id", "geometry"]],
        predicate="intersects",
    )
    district_settlements = reach.groupby("district_id")["settlement_id"].agg(frozenset)
    resolved = resolve_street_territories(
        region.district_streets,
        region.buildings,
        districts=region.districts,
        district_settlements=district_settlements.to_dict(),
    )
    return {
        str(building_id): frozenset(districts)
        for building_id, districts in zip(
            resolved["building_id"], resolved["list_districts"], strict=True
        )
        if len(districts)
    }


def decide(
    services: RegionServices,
    data: Mapping[str, Any] | Application,
    *,
    now: dt.datetime,
    attached_now: Mapping[str, int] | None = None,
) -> Answer:
    """Decide one application (DESIGN.md's JSON, parsed) in a region.

    ``attached_now`` are the register's counts per district, when there is a register.

    Raises
    ------
    ApplicationError
        Naming every malformed field.
    ServiceError
        For an unknown clinic or an address that cannot be placed.
    """
    application = data if isinstance(data, Application) else Application.from_dict(dict(data))
    if application.submitted_at > now + CLOCK_SKEW:
        # Decided before it was made: a typo in the date (2099 for 2026), which would be
        # approved with a reply due in 2099.
        submitted = application.submitted_at.isoformat()
        raise ServiceError(
            "submitted_at",
            f"{submitted} is after the moment of the decision ({now.isoformat()}); check the "
            "date and time of submission",
            code="submitted_after_decision",
            submitted=submitted,
            now=now.isoformat(),
        )
    services.clinic(application.clinic_id)  # an unknown clinic is reported before geocoding
    residence = services.resolve(application.residence, field_path="residence")
    basis_place = residence
    if application.basis != "residence":
        if application.workplace is None:
            raise ServiceError(
                "workplace",
                f"basis is {application.basis!r} but no workplace is given; give the place of "
                "work or study, or set basis to residence",
                code="no_workplace",
                basis=application.basis,
            )
        basis_place = services.resolve(application.workplace, field_path="workplace")
    facts = services.facts(application, residence, basis_place, attached_now=attached_now)
    decision = _evaluated(application, facts, now, services.settings)
    return Answer(decision=decision, residence=residence, basis_place=basis_place)


def _evaluated(
    application: Application, facts: Facts, now: dt.datetime, settings: RuleSettings
) -> Decision:
    """:func:`evaluate`, with a calendar that cannot place the request said as the field's.

    A region's ``[calendar]`` listing weeks of days off, or a request late on the calendar's
    last day, leaves no clinic day to take it or business day to answer it by.
    """
    try:
        return evaluate(application, facts, now=now, settings=settings)
    except CalendarError as error:
        raise ServiceError(
            "submitted_at",
            f"{error}; check the region's [calendar] days off, or the date",
            code="calendar_gap",
            submitted=local(application.submitted_at).isoformat(),
        ) from None


# --- the citizen's question -------------------------------------------------------------------


@dataclass(frozen=True)
class ClinicOption:
    """One clinic as the citizen sees it: where, how far, how full, and would it take them."""

    clinic: Mapping[str, Any]
    in_territory: bool
    distance_m: float
    walk_min: float | None
    drive_min: float | None
    remaining: Mapping[str, int]
    decision: Decision

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        """DESIGN.md's per-clinic answer of ``emhana check --json``.

        In a decision's terms ("the same terms"): ``coupon`` is the district the citizen would
        be attached to (None unless approved), as ``decide --json`` gives it.
        """
        answer = self.decision.to_dict(lang)
        return {
            "clinic_id": self.clinic["clinic_id"],
            "name": self.clinic["name_kk" if lang == "kk" else "name_ru"],
            "kind": self.clinic["kind"],
            "address": self.clinic["address"],
            "phone": self.clinic.get("phone"),
            "in_territory": self.in_territory,
            "distance_m": round(self.distance_m),
            "travel_min": {"walk": _minutes(self.walk_min), "drive": _minutes(self.drive_min)},
            "remaining": dict(self.remaining),
            "outcome": answer["outcome"],
            "reasons": answer["reasons"],
            "taken_at": answer["taken_at"],
            "due_by": answer["due_by"],
            "coupon": answer.get("coupon"),
        }


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class CheckAnswer:
    """Every candidate clinic for a place, nearest by walking time first (R-PLACE-3)."""

    place: Place
    options: tuple[ClinicOption, ...]

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        """The JSON answer of ``emhana check``."""
        return {
            "address": self.place.to_dict(),
            "clinics": [option.to_dict(lang) for option in self.options],
            "emergency": emergency_notice(lang),
        }


def adult_birth_date(today: dt.date) -> dt.date:
    """The birth date assumed when the citizen gives none: 35 years before ``today``.

    29 February becomes 28 February when that year has no 29th.
    """
    try:
        return today.replace(year=today.year - 35)
    except ValueError:
        return today.replace(year=today.year - 35, day=28)


DEFAULT_APPLICANT: Mapping[str, Any] = {
    "categories": [],
    "documents": ["id_card"],
    "documents_reliable": True,
    "has_eds": False,
    "current_clinic_id": None,
}
"""Who asks when the citizen says nothing more: an adult with an ID card (born 35 years before
the question), applying at a PSC, the channel open to everyone (R-CHAN-2)."""


def check(
    services: RegionServices,
    location: Location,
    *,
    now: dt.datetime,
    applicant: Mapping[str, Any] | None = None,
    channel: str = "psc",
    home_visit_acknowledged: bool = False,
    ground: str | None = None,
    nearest: int = NEAREST_CLINICS,
    attached_now: Mapping[str, int] | None = None,
) -> CheckAnswer:
    """Answer the citizen's question: which clinics can I attach to from here, and why.

    The candidates are the clinics whose territory covers the place and the ``nearest`` others
    by walking time; each is decided with the same rules as a registrar's decision, for the
    applicant described (default :data:`DEFAULT_APPLICANT`) submitting ``now`` (on ``ground``
    outside the campaign, R-TIME-2), with the register's counts (``attached_now``) where there
    is a register.

    Raises
    ------
    ServiceError
        When the place cannot be found (see :meth:`RegionServices.resolve`).
    ApplicationError
        When ``applicant`` or ``channel`` is malformed.
    """
    place = services.resolve(location, field_path="address")
    clinics = services.region.clinics
    point = shapely.Point(place.lon, place.lat)
    walk = services.network.travel_times_from(point, "walk", clinics).to_numpy()
    count = len(clinics)
    # A region walked on foot only (validate warns: no_drive_edges) has no driving times.
    drive = (
        services.network.travel_times_from(point, "drive", clinics).to_numpy()
        if len(services.network.mode_nodes["drive"])
        else np.full(count, np.inf)
    )
    _, _, metres = _GEOD.inv(
        np.full(count, place.lon),
        np.full(count, place.lat),
        clinics.geometry.x.to_numpy(),
        clinics.geometry.y.to_numpy(),
    )
    districts = services.region.districts
    covering = set(districts.loc[districts["district_id"].isin(place.districts), "clinic_id"])
    ids = [str(cid) for cid in clinics["clinic_id"]]
    unreachable = float(np.finfo(float).max)  # sorts last; proximity_order wants finite values
    ranked = proximity_order(
        {cid: float(t) if np.isfinite(t) else unreachable for cid, t in zip(ids, walk, strict=True)}
    )
    others = [cid for cid in ranked if cid not in covering][:nearest]
    chosen = [cid for cid in ranked if cid in covering or cid in others]
    person = {**DEFAULT_APPLICANT, **(applicant or {})}
    person.setdefault("birth_date", adult_birth_date(local(now).date()).isoformat())
    options = []
    for clinic_id in chosen:
        k = ids.index(clinic_id)
        application = Application.from_dict(
            {
                "clinic_id": clinic_id,
                "residence": {"lon": place.lon, "lat": place.lat},
                "workplace": None,
                "basis": "residence",
                "applicant": person,
                "channel": channel,
                "submitted_at": local(now).isoformat(),
                "ground": ground,
                "home_visit_acknowledged": home_visit_acknowledged,
            }
        )
        facts = services.facts(application, place, place, attached_now=attached_now)
        remaining = clinic_remaining(
            services.facts_districts(clinic_id, attached_now=attached_now),
            norms=services.settings.norms,
        )
        options.append(
            ClinicOption(
                clinic=clinics.iloc[k].drop(labels="geometry").to_dict(),
                in_territory=facts.place.residence_in_territory,
                distance_m=float(metres[k]),
                walk_min=float(walk[k]) / 60 if np.isfinite(walk[k]) else None,
                drive_min=float(drive[k]) / 60 if np.isfinite(drive[k]) else None,
                remaining={str(model): value for model, value in remaining.items()},
                decision=_evaluated(application, facts, now, services.settings),
            )
        )
    return CheckAnswer(place=place, options=tuple(options))


# --- the registrar's batch file ---------------------------------------------------------------

BATCH_COLUMNS: tuple[str, ...] = (
    "application_id",
    "clinic_id",
    "residence_address",
    "residence_lon",
    "residence_lat",
    "workplace_address",
    "workplace_lon",
    "workplace_lat",
    "basis",
    "birth_date",
    "categories",
    "documents",
    "documents_reliable",
    "has_eds",
    "current_clinic_id",
    "channel",
    "submitted_at",
    "ground",
    "home_visit_acknowledged",
)
"""Columns of the batch CSV, one application a row. Lists (categories, documents) are
separated by ``;``; booleans are true/false, yes/no, 1/0, да/нет or иә/жоқ. Empty cells mean
"not given": no workplace, no ground, no current clinic, false for has_eds and
home_visit_acknowledged, true for documents_reliable (documents are reliable until found not
to be, R-DOC-1). ``application_id`` is optional and echoed in the result."""
REQUIRED_BATCH_COLUMNS = ("clinic_id", "birth_date", "channel", "submitted_at")
DECISION_COLUMNS: tuple[str, ...] = (
    "line",
    "application_id",
    "clinic_id",
    "outcome",
    "reasons",
    "messages",
    "district_id",
    "taken_at",
    "due_by",
    "error",
)
TRUE_WORDS = frozenset({"true", "yes", "1", "да", "иә", "y", "t"})
FALSE_WORDS = frozenset({"false", "no", "0", "нет", "жоқ", "n", "f", ""})


_HEADER_PROBLEMS = frozenset({"missing_columns", "unknown_column", "duplicate_column", "no_rows"})
"""The batch file problems that the list of its columns helps to fix."""


class BatchFileError(ValueError):
    """The batch file as a whole cannot be read (empty, missing columns); nothing decided.

    ``problems`` are ``(code, values)`` of :data:`catchments.messages.BATCH_FILE_ERRORS`;
    ``str()`` is the English, :meth:`text` any language.
    """

    def __init__(self, problems: Sequence[tuple[str, Mapping[str, str]]]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """Every problem in ``lang``; with a header problem, the columns a batch file may have."""
        line = "; ".join(batch_file_error(code, params, lang) for code, params in self.problems)
        if any(code in _HEADER_PROBLEMS for code, _ in self.problems):
            columns = batch_file_error("columns_are", {"columns": ", ".join(BATCH_COLUMNS)}, lang)
            line += f". {columns}"
        return line


@dataclass(frozen=True)
class BatchRow:
    """The result of one row: an answer, or the error that kept it from being decided."""

    line: int
    application_id: str
    clinic_id: str
    answer: Answer | None
    error: str | None
    service_error: ServiceError | None = None
    """The error when it is a :class:`ServiceError`, which can say it in every language."""
    problems: tuple[FieldProblem, ...] = ()
    """The row's field problems when its application could not be read, for every language."""

    def error_lines(self, lang: str = "en") -> list[str]:
        """What kept the row from being decided, in ``lang``: a line per problem, or none.

        Field problems name the CSV column, as the registrar fixes a cell.
        """
        if self.answer is not None:
            return []
        if self.service_error:
            return [self.service_error.text(lang)]
        if self.problems:
            return batch_problem_lines(self.problems, lang)
        return [self.error or ""]

    def to_record(self, lang: str = "en") -> dict[str, str]:
        """One row of the decisions CSV."""
        record = dict.fromkeys(DECISION_COLUMNS, "")
        record.update(
            line=str(self.line), application_id=self.application_id, clinic_id=self.clinic_id
        )
        if self.answer is None:
            record.update(outcome="error", error="; ".join(self.error_lines(lang)))
            return record
        answer = self.answer.decision.to_dict(lang)
        reasons: list[dict[str, Any]] = answer["reasons"]  # type: ignore[assignment]
        coupon = answer.get("coupon") or {}
        record.update(
            outcome=str(answer["outcome"]),
            reasons="; ".join(str(r["code"]) for r in reasons),
            messages=" | ".join(str(r["message"]) for r in reasons),
            district_id=str(coupon.get("district_id", "")) if isinstance(coupon, dict) else "",
            taken_at=str(answer.get("taken_at") or ""),
            due_by=str(answer.get("due_by") or ""),
        )
        return record


class _Cells:
    """A batch row's cells, read as the application's values; unreadable ones are collected.

    Every problem of a row is named at once (a bad yes/no does not hide a bad date), so a cell
    that cannot be read gets its default and a :class:`FieldProblem` naming its column.
    """

    def __init__(self, row: Mapping[str, str]) -> None:
        self.cell = {key: (value or "").strip() for key, value in row.items() if key}
        self.problems: list[FieldProblem] = []

    def text(self, column: str) -> str:
        return self.cell.get(column, "")

    def flag(self, column: str, *, default: bool) -> bool:
        word = self.text(column).lower()
        if not word:
            return default
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.problems.append(
            FieldProblem(column, "not_yes_no", {"value": quoted(self.text(column))})
        )
        return default

    def number(self, column: str) -> float | None:
        text = self.text(column).replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            self.problems.append(
                FieldProblem(column, "not_a_number", {"value": quoted(self.text(column))})
            )
            return None

    def location(self, prefix: str) -> dict[str, object] | None:
        address = self.text(f"{prefix}_address")
        if "?" in address:
            # No address has one; Excel's plain CSV writes it for each Kazakh letter (ә, қ...)
            # cp1251 lacks, and the geocoder would take the nearest other street.
            self.problems.append(
                FieldProblem(f"{prefix}_address", "lost_letter", {"value": quoted(address)})
            )
            address = ""
        lon, lat = self.number(f"{prefix}_lon"), self.number(f"{prefix}_lat")
        if not address and lon is None and lat is None:
            return None
        place: dict[str, object] = {}
        if address:
            place["address"] = address
        # Only the cells given, so a coordinate without its pair is named as the empty cell.
        place.update({key: v for key, v in (("lon", lon), ("lat", lat)) if v is not None})
        return place

    def items(self, column: str) -> list[str]:
        parts = self.text(column).replace(",", ";").split(";")
        return [part.strip() for part in parts if part.strip()]


def application_from_row(row: Mapping[str, str]) -> dict[str, object]:
    """The DESIGN.md application dict of one batch CSV row (see :data:`BATCH_COLUMNS`).

    Raises
    ------
    ApplicationError
        When a cell cannot be read (a bad yes/no or number), with every other problem of the
        row that :meth:`Application.from_dict` finds, one per column, in the columns' order.
    """
    cells = _Cells(row)
    if isinstance(row, BatchLine) and row.extra:
        # Cells past the header mean the row's cells moved: an unquoted comma in an address.
        shown = ", ".join(quoted(cell.strip()) for cell in row.extra[:3])
        cells.problems.append(
            FieldProblem("", "extra_cells", {"count": str(len(row.extra)), "cells": shown})
        )
    data: dict[str, object] = {
        "clinic_id": cells.text("clinic_id"),
        # An empty residence is an empty place, so the problem names its columns, not a JSON null.
        "residence": cells.location("residence") or {},
        "workplace": cells.location("workplace"),
        "basis": cells.text("basis") or "residence",
        "applicant": {
            "birth_date": cells.text("birth_date"),
            "categories": cells.items("categories"),
            "documents": cells.items("documents"),
            "documents_reliable": cells.flag("documents_reliable", default=True),
            "has_eds": cells.flag("has_eds", default=False),
            "current_clinic_id": cells.text("current_clinic_id") or None,
        },
        "channel": cells.text("channel"),
        "submitted_at": cells.text("submitted_at"),
        "ground": cells.text("ground") or None,
        "home_visit_acknowledged": cells.flag("home_visit_acknowledged", default=False),
    }
    if not cells.problems:
        return data
    problems = list(cells.problems)
    try:
        Application.from_dict(data)
    except ApplicationError as error:
        # A cell already named (a bad number) is not named again for what its default causes.
        named = {batch_column(p.path) for p in problems}
        problems += [p for p in error.problems if batch_column(p.path) not in named]
    order = {column: position for position, column in enumerate(BATCH_COLUMNS)}
    # The row's own problem first: moved cells explain their columns' problems.
    problems.sort(key=lambda p: order.get(batch_column(p.path), len(order)) if p.path else -1)
    raise ApplicationError(problems)


def batch_template(
    services: RegionServices, clinic_id: str, *, now: dt.datetime, delimiter: str = ","
) -> str:
    """A batch CSV with every column and two example rows a registrar can copy and overwrite.

    An adult applying at a PSC and a child at the clinic's registry, both living in a house of
    the clinic's territory: :func:`read_batch` reads it and :func:`decide_rows` decides it, so
    the example shows each column's form (lists with ``;``, dates, the moment with its UTC
    offset) by one that works, rather than by a description to read elsewhere. ``delimiter``:
    ``;`` for an Excel set to Russian or Kazakh, whose list separator it is, so the file opens
    in columns there.
    """
    services.clinic(clinic_id, field_path="clinic_id")  # an unknown clinic is named
    address = _example_address(services, clinic_id)
    submitted = local(now).isoformat(timespec="minutes")
    examples = [
        {
            "application_id": "A-1", "basis": "residence", "birth_date": "1980-03-02",
            "documents": "id_card", "channel": "psc",
        },
        {
            "application_id": "A-2", "basis": "residence", "birth_date": "2019-05-01",
            "categories": "child", "documents": "id_card;birth_certificate;representative_id",
            "channel": "registry",
        },
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=BATCH_COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for example in examples:
        writer.writerow(
            {
                "clinic_id": clinic_id,
                "residence_address": address,
                "submitted_at": submitted,
                **example,
            }
        )
    return out.getvalue()


def _example_address(services: RegionServices, clinic_id: str) -> str:
    """An address as people write it, of a house in the clinic's territory (else any house)."""
    region = services.region
    buildings = region.buildings
    addressed = buildings["street"].notna() & buildings["housenumber"].notna()
    territory = region.districts.loc[region.districts["clinic_id"] == clinic_id, "geometry"]
    rows = np.flatnonzero(addressed.to_numpy())
    if len(territory):
        inside = np.intersect1d(
            buildings.sindex.query(territory.iloc[0], predicate="intersects"), rows
        )
        rows = inside if len(inside) else rows
    house = buildings.iloc[int(rows.min())]
    settlements = region.settlements.set_index("settlement_id")["name_ru"]
    town = settlements.get(house["settlement_id"])
    return ", ".join(
        str(part) for part in (town, f"{house['street']} {house['housenumber']}") if part
    )


class BatchText(NamedTuple):
    """A batch file's text and the encoding it was read in (:func:`decode_batch`)."""

    text: str
    encoding: str
    """``utf-8``, ``utf-16`` or ``cp1251``: the last is worth telling (Kazakh letters)."""


def decode_batch(raw: bytes) -> BatchText:
    """A batch file's bytes as text: UTF-8, UTF-16 with its mark, or Windows-1251.

    Excel writes "CSV UTF-8" with a byte-order mark, "Unicode Text" as UTF-16 with tabs, and a
    plain "CSV" in the Windows code page, which on Russian and Kazakh Windows is cp1251. The last
    is read rather than refused (it is what most registrars' Excel saves), but it cannot hold
    the Kazakh letters ә, ғ, қ, ң, ө, ұ, ү, һ: Excel writes ``?`` for them, so the caller says
    so. Bytes that are none of these are refused.

    Raises
    ------
    BatchFileError
        ``encoding``: the file is not text in any of these encodings.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decoded(raw, "utf-16")
    unmarked = _utf16_without_mark(raw)
    if unmarked:
        return _decoded(raw, unmarked)
    try:
        return BatchText(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as error:
        # UTF-8 with a few broken bytes (a bad copy, an editor's mix) is not a cp1251 file: read
        # as cp1251 every Cyrillic letter of it would be mojibake. Its Cyrillic letters decode,
        # while a cp1251 file's bytes fail nearly all (a pair such as "Р»" may pass as "л").
        text = raw.decode("utf-8-sig", errors="replace")
        cyrillic = len(re.findall("[\u0400-\u04ff]", text))
        if cyrillic > _UTF8_LETTERS_PER_BAD_BYTE * text.count("\ufffd"):
            line = raw[: error.start].count(b"\n") + 1
            raise BatchFileError([("bad_utf8", {"line": str(line)})]) from None
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:  # 0x98, the one byte cp1251 leaves undefined
        raise BatchFileError([("encoding", {})]) from None
    # Any byte decodes as cp1251; a real Cyrillic CSV is printable text with Cyrillic letters.
    printable = all(ch.isprintable() or ch in "\t\r\n" for ch in text)
    if not printable or not re.search("[\u0400-\u04ff]", text):
        raise BatchFileError([("encoding", {})])
    return BatchText(text, "cp1251")


def _decoded(raw: bytes, encoding: str) -> BatchText:
    try:
        return BatchText(raw.decode(encoding).removeprefix("\ufeff"), "utf-16")
    except UnicodeDecodeError:
        raise BatchFileError([("encoding", {})]) from None


_UTF8_LETTERS_PER_BAD_BYTE: Final = 10  # a UTF-8 file with a stray byte has far more letters
_UTF16_ZERO_SHARE: Final = 0.25  # of all bytes: half the characters below U+0100
_UTF16_HIGH_SHARE: Final = 0.9  # of the high bytes: 0x00 (Latin, digits) or 0x04 (Cyrillic)


def _utf16_without_mark(raw: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` for UTF-16 text without its mark, else None.

    A CSV's characters are mostly below U+0100 (digits, Latin, separators) or Cyrillic
    (U+04xx): in UTF-16 every other byte is then 0x00 or 0x04, which no UTF-8 or cp1251 text
    has. Zero bytes alone decide it; they never occur in those.
    """
    sample = raw[:4096]
    if not sample or sample.count(0) < _UTF16_ZERO_SHARE * len(sample):
        return None
    half = len(sample) / 2
    for encoding, high_bytes in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if sum(byte in (0, 4) for byte in high_bytes) > _UTF16_HIGH_SHARE * half:
            return encoding
    return None


class BatchLine(dict[str, str]):
    """A batch row's cells by column, and ``line``: where the row starts in its file.

    The line is what the registrar finds in an editor or a spreadsheet: blank and emptied rows
    are skipped, not numbered away, and a cell spanning lines counts every line.
    """

    def __init__(self, cells: Mapping[str, str], *, line: int, extra: Sequence[str] = ()) -> None:
        super().__init__(cells)
        self.line = line
        self.extra = tuple(extra)
        """Cells past the header's columns that moved there (see :func:`read_batch`)."""


def read_batch(text: str) -> list[BatchLine]:
    """Parse a batch CSV (comma or semicolon separated, as Excel writes it), checking its header.

    Rows with no text in any cell (blank lines, or ``;;;`` where Excel's rows were cleared) are
    skipped. Every row keeps the line it starts on (:class:`BatchLine`).

    Raises
    ------
    BatchFileError
        When required columns are missing or a column is unknown (with a suggestion).
    """
    text = text.removeprefix("\ufeff")  # Excel's UTF-8 byte-order mark
    if not text.strip():
        raise BatchFileError([("empty", {})])
    if text.startswith("PK\x03\x04"):  # a ZIP: an .xlsx saved under a .csv name
        raise BatchFileError([("workbook", {})])
    # Classic Mac line ends (Excel for Mac's "CSV (Macintosh)") are lines too.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next(line for line in lines if line.strip())
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # Only the separator is read off the header: the sniffer also guesses quoting, and from a
    # header (no quotes) it guessed doublequote=False, which split Excel's "a ""b"", c" in two.
    # Strict, so a quote left open is an error at the end of the file, not its remaining rows
    # swallowed into one cell. csv.reader rather than DictReader: the row's first line is
    # needed, and cells past the header are kept to be named, not dropped under a None key.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, doublequote=True, strict=True)
    read: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [name.strip() for name in cells]
                problems = _header_problems(header)
                if problems:
                    raise BatchFileError(problems)
                continue
            read.append((line, cells))
    except csv.Error as error:
        at = start  # where the row being read began
        if "field larger than field limit" in str(error):
            limit = csv.field_size_limit()
            # The reader stops inside the long line, before counting it: find it by length.
            at = next((n for n, row in enumerate(lines, 1) if len(row) > limit), at)
            raise BatchFileError(
                [("cell_too_long", {"line": str(at), "limit": str(limit)})]
            ) from None
        if "unexpected end of data" in str(error):
            raise BatchFileError([("unclosed_quote", {"line": str(at)})]) from None
        raise BatchFileError([("unreadable", {"line": str(at), "error": str(error)})]) from None
    if header is None or not read:
        raise BatchFileError([("no_rows", {})])
    return [
        BatchLine(dict(zip(header, cells, strict=False)), line=line, extra=extra)
        for line, cells, extra in _moved_cells(read, len(header))
    ]


def _moved_cells(
    rows: Sequence[tuple[int, list[str]]], columns: int
) -> Iterator[tuple[int, list[str], list[str]]]:
    """Each row with the cells it has past the header's ``columns`` that moved there.

    A cell with text past the header moved there: a separator in a cell before it was not
    quoted. Empty cells past it moved too, unless every row has as many: Excel pads all its
    rows to the widest, and a cleared column leaves a trailing separator on each.
    """
    widths = Counter(len(cells) for _, cells in rows)
    most = max(widths.values())
    padded = max(columns, min(width for width, count in widths.items() if count == most))
    for line, cells in rows:
        extra = cells[columns:]
        if len(cells) > padded or any(cell.strip() for cell in extra):
            yield line, cells, extra
        else:
            yield line, cells, []


def _header_problems(header: Sequence[str]) -> list[tuple[str, Mapping[str, str]]]:
    """What is wrong with a batch file's column names: missing, unknown or repeated."""
    problems: list[tuple[str, Mapping[str, str]]] = []
    missing = [c for c in REQUIRED_BATCH_COLUMNS if c not in header]
    if missing:
        problems.append(("missing_columns", {"columns": ", ".join(missing)}))
    for name in header:
        if name and name not in BATCH_COLUMNS:
            # Headers typed in capitals or with spaces are still recognised as near misses.
            typed = name.lower().replace(" ", "_")
            close = difflib.get_close_matches(typed, BATCH_COLUMNS, n=1)
            params = {"column": quoted(name), "close": repr(close[0]) if close else ""}
            problems.append(("unknown_column", params))
    for name in sorted({name for name in header if name and header.count(name) > 1}):
        problems.append(("duplicate_column", {"column": quoted(name)}))
    return problems


def home_visit_cover(
    services: RegionServices, residences: Iterable[tuple[str, Mapping[str, Any] | None]]
) -> pd.DataFrame:
    """Per clinic: people attached now, and those whose home lies outside its territory.

    R-TERR-2: neither the mobile team nor the district doctor comes to a home outside the
    territory of the clinic one is attached to. Each residence is placed as a decision places
    it (:meth:`RegionServices.resolve`: an address geocoded, or the point; polygons and street
    lists both count), so the figure follows today's territories, not those of the decision.

    Parameters
    ----------
    services
        The region.
    residences
        ``(clinic_id, residence)`` per attached person; the residence as an application gives
        it (``address`` and/or ``lon``, ``lat``), or None when the register does not know it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``clinic_id``: ``attached``, ``outside`` (no home visits) and ``unplaced``
        (no residence known, or one that cannot be found in the region any more).
    """
    with _no_gc_pauses():
        # A home is what places it (a Location's fields): the same home given with other keys of
        # an application (a flat number, say) is placed once.
        clinic_of_row: list[str] = []
        home_of_row: list[int] = []
        home_position: dict[tuple[Any, Any, Any], int] = {}
        for clinic_id, residence in residences:
            home = residence or {}
            key = (home.get("address"), home.get("lon"), home.get("lat"))
            clinic_of_row.append(clinic_id)
            home_of_row.append(home_position.setdefault(key, len(home_position)))
        row_clinic, clinic_ids = pd.factorize(pd.Series(clinic_of_row, dtype=object))
        code_of_district = {
            district.district_id: code
            for code, clinic_id in enumerate(clinic_ids)
            for district in services.districts_of.get(clinic_id, ())
        }
        n_clinics = len(clinic_ids)
        # Each home gets the (home, clinic) keys of the clinics whose districts cover it; a row's
        # person has home visits when its own key is among them. Counted in numpy, not per row.
        covered: list[int] = []
        unplaced_home: list[bool] = []
        for home_code, districts in enumerate(_districts_at(services, list(home_position))):
            unplaced_home.append(districts is None)
            for district_id in districts or ():
                code = code_of_district.get(district_id)
                if code is not None:
                    covered.append(home_code * n_clinics + code)
        row_home = np.asarray(home_of_row, dtype=np.int64)
        unplaced = np.asarray(unplaced_home, dtype=bool)[row_home]
        at_home = np.isin(row_home * n_clinics + row_clinic, covered)
        counts = {
            "attached": np.ones(len(row_home), dtype=np.int64),
            "outside": ~unplaced & ~at_home,
            "unplaced": unplaced,
        }
        return pd.DataFrame(
            {
                name: np.bincount(row_clinic, weights=flags, minlength=n_clinics).astype(np.int64)
                for name, flags in counts.items()
            },
            index=pd.Index(clinic_ids, name="clinic_id", dtype=object),
        )


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Hold the cyclic garbage collector while a bulk step makes many small objects.

    Counting a register makes a few objects per home (its key, its place's districts). Each
    batch of them triggers a collection that walks every object made so far, which cost a
    register of 140,000 homes a quarter of its time (``bench/home_visit_cover.py``). Nothing
    made here forms a cycle, so nothing waits for the collector. The collector is global: it
    is turned back on only if it was on, so overlapping holds (two sessions of the app) end
    with it on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _districts_at(
    services: RegionServices, homes: Sequence[tuple[Any, Any, Any]]
) -> list[frozenset[str] | None]:
    """The districts covering each ``(address, lon, lat)``, or None where it cannot be placed."""
    locations: list[Location | None] = []
    for address, lon, lat in homes:
        try:
            locations.append(Location(address=address, lon=lon, lat=lat))
        except ApplicationError:  # nothing, or half a point: the register does not know it
            locations.append(None)
    placed = iter(
        services.districts_all(
            [loc for loc in locations if loc is not None], field_path="residence"
        )
    )
    return [
        None if districts is None or isinstance(districts, ServiceError) else districts
        for districts in (None if loc is None else next(placed) for loc in locations)
    ]


def decide_rows(
    services: RegionServices,
    rows: Iterable[Mapping[str, str]],
    *,
    now: dt.datetime,
    attached_now: Mapping[str, int] | None = None,
) -> list[BatchRow]:
    """Decide every row of a batch; a bad row is reported on its line and the others decided.

    A row read by :func:`read_batch` keeps the line it starts on; other rows are numbered as a
    spreadsheet shows them, the header being line 1.
    """
    results = []
    for position, row in enumerate(rows, start=2):
        number = row.line if isinstance(row, BatchLine) else position
        application_id = (row.get("application_id") or "").strip()
        clinic_id = (row.get("clinic_id") or "").strip()
        try:
            answer = decide(services, application_from_row(row), now=now, attached_now=attached_now)
        except ServiceError as error:
            results.append(BatchRow(number, application_id, clinic_id, None, str(error), error))
            continue
        except ApplicationError as error:
            text = "; ".join(batch_problem_lines(error.problems, "en"))
            results.append(
                BatchRow(number, application_id, clinic_id, None, text, problems=error.problems)
            )
            continue
        results.append(BatchRow(number, application_id, clinic_id, answer, None))
    return results


def batch_column(path: str) -> str:
    """The batch CSV column (:data:`BATCH_COLUMNS`) that holds an application's field.

    ``applicant.categories[2]`` -> ``categories``, ``residence.lon`` -> ``residence_lon``; a
    whole place (``workplace``) is named by its address column, the one most rows fill in.
    """
    field = re.sub(r"\[\d+\]$", "", path).removeprefix("applicant.")
    if field in ("residence", "workplace"):
        return f"{field}_address"
    return field.replace(".", "_")


def batch_problem_lines(problems: Iterable[FieldProblem], lang: str) -> list[str]:
    """A row's field problems in ``lang``, each named by its CSV column."""
    # A problem of the whole row (its cells moved) has no column to name.
    return [
        p.text(lang, name=batch_column(p.path)) if p.path else p.message(lang, typed=True)
        for p in problems
    ]


def excel_csv(text: str) -> bytes:
    """CSV text as a file for Excel: UTF-8 with the byte-order mark.

    Without the mark Excel reads a UTF-8 file in the Windows code page, and Cyrillic comes out
    as mojibake; every other reader (pandas, :func:`read_batch`) skips it.
    """
    return text.encode("utf-8-sig")


def write_decisions(results: Iterable[BatchRow], *, lang: str = "en") -> str:
    """The decisions CSV of a batch (UTF-8 text, comma separated)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DECISION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerow(result.to_record(lang))
    return buffer.getvalue()
