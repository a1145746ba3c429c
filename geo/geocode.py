"""Offline address search over a region's buildings: typed address → ranked candidates.

:class:`Geocoder` is built once per region (:meth:`Geocoder.from_buildings`) and never changes
afterwards, so the app can share it with ``st.cache_resource``. It answers three questions:

* :meth:`Geocoder.search`: what people type (``ул. Абая 10``, ``Абай көшесі 10``,
  ``Abay street 10``, ``мкн 3 д. 24а/1``, ``Астана, пр. Достык 220``...) → ranked candidates,
  each with a 0-100 score and the reason of the match;
* :meth:`Geocoder.suggest`: street names for a prefix being typed;
* :meth:`Geocoder.reverse`: a map click → the nearest building.

How a search works, and why it is fast on 200,000 addresses: a region has hundreds to a few
thousand streets but many buildings on each. Street names (the Russian ``street`` and the Kazakh
``street_kk``) are folded into keys once (:mod:`geo.addresses`: kind words stripped, Kazakh and
Latin spellings and Russian genitives folded together). A query is split into readings
(settlement, street words, street kind, house number); each reading's street key is matched
against the distinct street keys with :func:`rapidfuzz.process.extract`, and the house is a dict
look-up on each matched street.

Scores, all in points out of 100:

* the street score is rapidfuzz's ``token_sort_ratio`` of the two keys; a query that names one
  word of a longer name (``Ауэзова`` for ``улица Мухтара Ауэзова``) scores that word's ratio
  times :data:`PARTIAL_NAME_FACTOR`; typed digits must agree (``Самал-2`` is not ``Самал-3``),
  else :data:`DIGIT_MISMATCH_PENALTY`;
* minus :data:`KIND_MISMATCH_PENALTY` when the typed kind differs from the street's (``пр.
  Абая`` when only ``улица Абая`` exists);
* minus :data:`OTHER_SETTLEMENT_PENALTY` when the query names a settlement and the street is in
  another one;
* minus :data:`HOUSE_MISSING_PENALTY` when the typed house is not on the street: the candidate is
  then the street itself, with a note listing the street's house numbers;
* a query of a house number alone scores :data:`HOUSE_ONLY_SCORE`.

Ambiguity is never resolved silently: when more than one address scores within
:data:`AMBIGUITY_MARGIN` of the best (``ул. Абая 10`` in two settlements), the
:class:`SearchResult` holds all of them and ``ambiguous`` is true; :attr:`SearchResult.best` is
then ``None``.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import numbers
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal, cast, overload

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import Transformer
from rapidfuzz import fuzz, process

from geo.addresses import (
    StreetKind,
    Token,
    fold,
    parse_street,
    settlement_key,
    split_segments,
    street_key,
)
from geo.houses import HouseNumberError, parse_housenumber

MIN_STREET_SCORE: Final = 60.0
"""Street keys scoring below this are not candidates."""
CLOSE_STREET_SCORE: Final = 80.0
"""Words alone beside a street (``"Алматы, пр. Абая 10"``) scoring below this against every
street are taken for a settlement that is not in the region (a misspelt street scores above)."""
PARTIAL_NAME_FACTOR: Final = 0.9
"""Scale of a match on one word of a multi-word street name."""
DIGIT_MISMATCH_PENALTY: Final = 30.0
"""Numbers in a name identify the street: ``Самал-2`` typed must not silently become ``Самал-3``."""
KIND_MISMATCH_PENALTY: Final = 8.0
OTHER_SETTLEMENT_PENALTY: Final = 20.0
HOUSE_MISSING_PENALTY: Final = 10.0
HOUSE_ONLY_SCORE: Final = 70.0
AMBIGUITY_MARGIN: Final = 5.0
"""Candidates within this many points of the best are equally plausible."""
MAX_AMBIGUOUS: Final = 50
"""At most this many equally plausible candidates are returned, whatever ``limit`` says."""
MAX_QUERY_LENGTH: Final = 200
STREET_CANDIDATES: Final = 10
"""Street keys taken from rapidfuzz per reading of a query."""

KAZAKH_LETTERS: Final = frozenset("әғқңөұүһі")
_LETTER_RUNS: Final = re.compile(r"[^\W\d_]+")

Language = Literal["ru", "kk"]
HouseKey = tuple[int, str, int, str]
"""A house number as compared: :attr:`geo.houses.HouseNumber.sort_key` (number, Cyrillic
letter, slash or -1, block). House numbers that do not parse are kept as
``(-1, folded text, -1, "")``."""

REQUIRED_COLUMNS: Final = ("building_id", "street", "housenumber", "settlement_id")
SETTLEMENT_COLUMNS: Final = ("settlement_id", "name_kk", "name_ru")


class GeocodeError(ValueError):
    """A query, coordinate or option the geocoder cannot work with; the message says why."""


class GeocoderDataError(ValueError):
    """Buildings or settlements the geocoder cannot index; the message names the fix."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer to a query: a building, or a street when no house fits.

    Attributes
    ----------
    building_id
        The building, or ``None`` for a street-level result.
    label
        A display address in the language the query matched (``улица Абая 10, Коянды`` or
        ``Абай көшесі 10, Қоянды``).
    street
        The canonical (Russian, registry) street name, the join key of ``district_streets``.
    housenumber
        The house number as the data writes it, ``None`` for a street-level result.
    settlement_id
        The settlement of the building or street.
    lon, lat
        The building's point on surface, or for a street the building nearest the street's
        centre (EPSG:4326).
    score
        0-100; see the module docstring.
    match
        Why this candidate: e.g. ``"exact street and house"``, ``"street fuzzy 91 (Dostik ->
        Достык), house exact"``, ``"street only: house 44 not found on улица Абая (houses
        1-40)"``.
    distance_m
        For :meth:`Geocoder.reverse`: metres from the clicked point to the building.
    """

    building_id: str | None
    label: str
    street: str
    housenumber: str | None
    settlement_id: str
    lon: float
    lat: float
    score: float
    match: str
    distance_m: float | None = None


@dataclass(frozen=True, slots=True)
class SearchResult(Sequence[Candidate]):
    """The candidates of one search, best first, and whether the query was ambiguous.

    It behaves as a sequence of :class:`Candidate` (``result[0]``, ``len(result)``,
    iteration), so code that wants a list can treat it as one.

    Attributes
    ----------
    query
        The query as given.
    candidates
        Best first. When ``ambiguous``, every equally plausible candidate is included even
        beyond ``limit`` (up to :data:`MAX_AMBIGUOUS`).
    ambiguous
        More than one address scored within :data:`AMBIGUITY_MARGIN` of the best; ask the
        person which one they mean.
    note
        Remarks on the query: why nothing was found, or that a named settlement is not in the
        region (and every settlement was searched); empty otherwise.
    unknown_settlement
        The settlement the query names that is not in the region, as typed: one marked as a
        settlement (``"г. Алматы"``), or words alone beside a street that name no settlement
        or street of the region (``"Алматы, проспект Абая 10"``); empty otherwise. Every
        settlement was searched instead, so a caller that finds nothing (or several places)
        can say that this settlement is the cause.
    unknown_settlement_marked
        Whether the query marked ``unknown_settlement`` as a settlement. Words alone may also
        be a name people add that registries do not keep (an unmarked housing complex), so a
        caller can suggest leaving them out.
    """

    query: str
    candidates: tuple[Candidate, ...]
    ambiguous: bool
    note: str = ""
    unknown_settlement: str = ""
    unknown_settlement_marked: bool = False

    @property
    def best(self) -> Candidate | None:
        """The top candidate when it is unambiguous, else ``None`` (never a silent guess)."""
        if self.ambiguous or not self.candidates:
            return None
        return self.candidates[0]

    @overload
    def __getitem__(self, index: int) -> Candidate: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Candidate]: ...
    def __getitem__(self, index: int | slice) -> Candidate | Sequence[Candidate]:
        return self.candidates[index]

    def __len__(self) -> int:
        return len(self.candidates)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.candidates)


@dataclass(frozen=True, slots=True)
class _Street:
    """One street of one settlement, with its houses."""

    street: str
    street_kk: str | None
    kind: StreetKind | None
    settlement_id: str
    houses: Mapping[HouseKey, tuple[int, ...]]
    numbers: tuple[int, ...]
    centre: int


@dataclass(frozen=True, slots=True)
class _Name:
    """One written form (Russian or Kazakh) of a street, as indexed under its key."""

    street: int
    name: str
    full: str
    language: Language
    key: str


@dataclass(frozen=True, slots=True)
class _Pool:
    """Street keys to match against: the whole region's or one settlement's."""

    keys: list[str]
    words: list[str]
    keys_of_word: Mapping[str, tuple[str, ...]]
    key_set: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Reading:
    """One interpretation of a query: which words are the street, the house, the settlement."""

    street_words: tuple[str, ...]
    street_key: str
    kind: StreetKind | None
    house_text: str | None
    settlements: frozenset[str] | None = None
    settlement_text: str | None = None


@dataclass(slots=True)
class _Scored:
    """A candidate before it becomes a :class:`Candidate`."""

    score: float
    street: int
    row: int | None
    language: Language
    match: str
    exactness: int = 0


def _pool(keys: Sequence[str]) -> _Pool:
    """Index street keys for rapidfuzz: whole keys and the words of multi-word keys."""
    unique = sorted(set(keys))
    keys_of_word: dict[str, list[str]] = {}
    for key in unique:
        words = key.split()
        if len(words) > 1:
            for word in words:
                if len(word) > 1 and not word.isdigit():
                    keys_of_word.setdefault(word, []).append(key)
    return _Pool(
        keys=unique,
        words=sorted(keys_of_word),
        keys_of_word={word: tuple(found) for word, found in keys_of_word.items()},
        key_set=frozenset(unique),
    )


def _digits(key: str) -> list[str]:
    return [word for word in key.split() if word.isdigit()]


def _match_streets(key: str, pool: _Pool) -> dict[str, tuple[float, bool]]:
    """Score the pool's street keys against a typed key: ``{key: (score, partial)}``."""
    found: dict[str, tuple[float, bool]] = {}
    if key in pool.key_set:
        found[key] = (100.0, False)
    for choice, score, _ in process.extract(
        key,
        pool.keys,
        scorer=fuzz.token_sort_ratio,
        processor=None,
        limit=STREET_CANDIDATES,
        score_cutoff=MIN_STREET_SCORE,
    ):
        found.setdefault(choice, (float(score), False))
    if pool.words and " " not in key:
        for word, score, _ in process.extract(
            key,
            pool.words,
            scorer=fuzz.ratio,
            processor=None,
            limit=STREET_CANDIDATES,
            score_cutoff=MIN_STREET_SCORE / PARTIAL_NAME_FACTOR,
        ):
            for choice in pool.keys_of_word[word]:
                partial = float(score) * PARTIAL_NAME_FACTOR
                if found.get(choice, (0.0, False))[0] < partial:
                    found[choice] = (partial, True)
    # Typed numbers must agree; a name typed without its number (``Самал`` for ``Самал-2``)
    # is merely incomplete and keeps its lower ratio, so every Самал-N ties.
    typed_digits = _digits(key)
    return {
        choice: (score - DIGIT_MISMATCH_PENALTY, partial)
        if typed_digits and _digits(choice) != typed_digits
        else (score, partial)
        for choice, (score, partial) in found.items()
    }


def house_key(text: str) -> HouseKey | None:
    """Return the compare-ready key of a house number, or ``None`` when the text is not one.

    :func:`geo.houses.parse_housenumber` reads the spellings (``24 а``, ``24-а``, Latin
    ``24a/1`` for the Cyrillic ``24а/1``, ``15 корп. 2`` for ``15к2``); the key is its
    :attr:`~geo.houses.HouseNumber.sort_key`.

    Parameters
    ----------
    text
        A house number as typed or stored: ``"10"``, ``"24а/1"``, ``"15к2"``, ``"24 а"``.

    Returns
    -------
    HouseKey or None
        ``None`` when :func:`geo.houses.parse_housenumber` rejects the text.
    """
    try:
        return parse_housenumber(text).sort_key
    except HouseNumberError:
        return None


def _stored_house_key(text: str) -> HouseKey:
    """Key of a house number from the data; unparsable numbers match only their own text."""
    return house_key(text) or (-1, fold(text, genitive=False), -1, "")


def _plain(text: str) -> str:
    """Case- and ё-insensitive spelling, to tell an exact name from a folded one."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("ё", "е").split())


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _text_column(values: pd.Series) -> list[str | None]:
    """Values as text with white space collapsed; ``None`` where missing or blank.

    Cleans each distinct value once: a column of 200,000 rows holds a few thousand.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cleaned = [" ".join(str(value).split()) or None for value in uniques]
    return [cleaned[code] if code >= 0 else None for code in codes.tolist()]


class Geocoder:
    """An immutable offline address index of one region.

    Build it with :meth:`from_buildings`; the constructor is internal. Nothing mutates the
    index after construction, so one instance can be shared between sessions and threads.
    """

    __slots__ = (
        "_building_ids",
        "_frozen",
        "_house_index",
        "_housenumbers",
        "_lat",
        "_lon",
        "_names",
        "_names_of_key",
        "_pools",
        "_projected",
        "_settlement_names",
        "_settlements_of_key",
        "_street_of_row",
        "_streets",
        "_suffixes",
        "_to_projected",
        "_tree",
        "_unparsed_housenumbers",
    )

    def __init__(
        self,
        *,
        building_ids: list[str],
        housenumbers: list[str | None],
        lon: npt.NDArray[np.float64],
        lat: npt.NDArray[np.float64],
        streets: list[_Street],
        names: list[_Name],
        settlement_names: Mapping[str, tuple[str, str]],
        projected: npt.NDArray[np.object_],
        to_projected: Transformer,
        street_of_row: npt.NDArray[np.int64],
        unparsed_housenumbers: int,
    ) -> None:
        self._building_ids = building_ids
        self._housenumbers = housenumbers
        self._lon = lon
        self._lat = lat
        self._streets = streets
        self._names = names
        self._settlement_names = settlement_names
        self._projected = projected
        self._to_projected = to_projected
        self._street_of_row = street_of_row
        self._tree = shapely.STRtree(projected)
        self._unparsed_housenumbers = unparsed_housenumbers

        names_of_key: dict[str, list[int]] = {}
        keys_of_settlement: dict[str, list[str]] = {}
        for position, name in enumerate(names):
            names_of_key.setdefault(name.key, []).append(position)
            keys_of_settlement.setdefault(streets[name.street].settlement_id, []).append(name.key)
        self._names_of_key = {key: tuple(found) for key, found in names_of_key.items()}
        self._pools: dict[str | None, _Pool] = {None: _pool(list(names_of_key))}
        self._pools.update({sid: _pool(keys) for sid, keys in keys_of_settlement.items()})
        self._suffixes = sorted(
            {
                (" ".join(key.split()[start:]), key)
                for key in names_of_key
                for start in range(len(key.split()))
            }
        )

        house_index: dict[HouseKey, list[tuple[int, int]]] = {}
        for position, street in enumerate(streets):
            for key, rows in street.houses.items():
                house_index.setdefault(key, []).append((position, rows[0]))
        self._house_index = {key: tuple(found) for key, found in house_index.items()}

        settlements_of_key: dict[str, set[str]] = {}
        for sid, (name_ru, name_kk) in settlement_names.items():
            for settlement_name in (name_ru, name_kk):
                name_key = settlement_key(settlement_name)
                if name_key:
                    settlements_of_key.setdefault(name_key, set()).add(sid)
        self._settlements_of_key = {
            name_key: frozenset(found) for name_key, found in settlements_of_key.items()
        }
        self._frozen = True

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_frozen", False):
            raise AttributeError(
                f"Geocoder is immutable (it is shared between sessions); cannot set {name!r}. "
                "Build a new one with Geocoder.from_buildings"
            )
        object.__setattr__(self, name, value)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_buildings(
        cls, buildings: gpd.GeoDataFrame, settlements: pd.DataFrame | None = None
    ) -> Geocoder:
        """Index a region's buildings (and optionally its settlements' names) once.

        Parameters
        ----------
        buildings
            The package's ``buildings`` layer: Polygon or Point geometries with a CRS (converted
            to EPSG:4326 when another), and ``building_id``, ``street``, ``housenumber``,
            ``settlement_id``; ``street_kk`` (the Kazakh street form) is used when present.
            Rows without a street are found only by :meth:`reverse`.
        settlements
            The ``settlements`` layer (``settlement_id``, ``name_kk``, ``name_ru``), so queries
            may name the settlement (``Астана, ул. Абая 10``) and labels show it. Optional.

        Returns
        -------
        Geocoder

        Raises
        ------
        GeocoderDataError
            When a frame is of the wrong type, lacks a column, has no CRS, is empty or has
            buildings without geometry; the message names what to fix.
        """
        frame = _checked_buildings(buildings)
        names_of_settlement = _checked_settlements(settlements)

        geometry = frame.geometry.to_numpy()
        points = shapely.point_on_surface(geometry)
        lon = shapely.get_x(points)
        lat = shapely.get_y(points)
        # Metres for reverse(): a transverse Mercator centred on the region. 100 km off its
        # meridian the scale error is 0.012 %; unlike a UTM zone it needs no CRS database
        # look-up (0.1 s) and has no zone edge inside a region, and it projects five times
        # faster than an azimuthal equidistant projection.
        local = f"+proj=tmerc +lon_0={np.nanmean(lon):.6f} +datum=WGS84 +units=m +no_defs"
        to_projected = Transformer.from_crs("EPSG:4326", local, always_xy=True)

        def project(coordinates: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            x, y = to_projected.transform(coordinates[:, 0], coordinates[:, 1])
            return np.column_stack([x, y])

        projected = shapely.transform(geometry, project)

        building_ids = [str(value) for value in frame["building_id"].tolist()]
        housenumbers = _text_column(frame["housenumber"])
        street_values = _text_column(frame["street"])
        kazakh_values = (
            _text_column(frame["street_kk"]) if "street_kk" in frame else [None] * len(frame)
        )
        settlement_values = [str(value) for value in frame["settlement_id"].tolist()]
        groups = (
            pd.DataFrame({"settlement": settlement_values, "street": street_values})
            .groupby(["settlement", "street"], sort=True, dropna=True)
            .indices
        )
        rows_of_street = {
            cast("tuple[str, str]", group): np.asarray(positions, dtype=np.intp)
            for group, positions in groups.items()
        }

        street_of_row = np.full(len(frame), -1, dtype=np.int64)
        key_cache: dict[str, HouseKey] = {}
        unparsed = 0
        streets: list[_Street] = []
        names: list[_Name] = []
        for (settlement, street), positions in sorted(rows_of_street.items()):
            rows: list[int] = positions.tolist()
            houses: dict[HouseKey, list[int]] = {}
            numbers: set[int] = set()
            for row in rows:
                text = housenumbers[row]
                if text is None:
                    continue
                if text not in key_cache:
                    key_cache[text] = _stored_house_key(text)
                key = key_cache[text]
                houses.setdefault(key, []).append(row)
                if key[0] >= 0:
                    numbers.add(key[0])
                else:
                    unparsed += 1
            kazakh = next((kazakh_values[row] for row in rows if kazakh_values[row]), None)
            parsed = parse_street(street)
            kind = parsed.kind or (parse_street(kazakh).kind if kazakh else None)
            if not parsed.key:
                continue
            position = len(streets)
            streets.append(
                _Street(
                    street=street,
                    street_kk=kazakh,
                    kind=kind,
                    settlement_id=settlement,
                    houses={key: tuple(found) for key, found in houses.items()},
                    numbers=tuple(sorted(numbers)),
                    centre=-1,
                )
            )
            street_of_row[positions] = position
            names.append(_Name(position, parsed.name, street, "ru", parsed.key))
            if kazakh:
                kazakh_name = parse_street(kazakh)
                names.append(_Name(position, kazakh_name.name, kazakh, "kk", kazakh_name.key))

        centres = _centre_rows(street_of_row, lon, lat, len(streets))
        streets = [
            dataclasses.replace(street, centre=int(centre))
            for street, centre in zip(streets, centres, strict=True)
        ]
        return cls(
            building_ids=building_ids,
            housenumbers=housenumbers,
            lon=lon,
            lat=lat,
            streets=streets,
            names=names,
            settlement_names=names_of_settlement,
            projected=projected,
            to_projected=to_projected,
            street_of_row=street_of_row,
            unparsed_housenumbers=unparsed,
        )

    # ------------------------------------------------------------------ facts

    @property
    def street_count(self) -> int:
        """Number of indexed streets (a street name in two settlements counts twice)."""
        return len(self._streets)

    @property
    def building_count(self) -> int:
        """Number of buildings, with or without an address."""
        return len(self._building_ids)

    @property
    def unparsed_housenumbers(self) -> int:
        """Buildings whose house number :func:`geo.houses.parse_housenumber` rejected.

        They are still found, by their exact text only.
        """
        return self._unparsed_housenumbers

    # ------------------------------------------------------------------ search

    def search(self, query: str, *, limit: int = 5) -> SearchResult:
        """Find the buildings (or streets) a typed address means.

        Parameters
        ----------
        query
            What a person typed, in Russian, Kazakh or Latin letters, with or without street
            kind, settlement and house number: ``"ул. Абая 10"``, ``"Абай көшесі 10"``,
            ``"Abay street 10"``, ``"мкр. Самал-2, 15"``, ``"с. Коянды, Школьная 5"``,
            ``"24a/1"``.
        limit
            Candidates to return at most, unless more are equally plausible (see
            :class:`SearchResult`).

        Returns
        -------
        SearchResult
            Best first. A query without a house number gives street-level candidates; a house
            number the street does not have gives the street with a note saying so; nothing
            found gives no candidates and a ``note``.

        Raises
        ------
        GeocodeError
            When the query is not text, is empty or too long, or holds no street, house number
            or settlement (``"ул."``, ``"!!"``), or names only a settlement; or when ``limit``
            is below 1.
        """
        if not isinstance(limit, int) or limit < 1:
            raise GeocodeError(f"search: limit must be a positive integer, got {limit!r}")
        readings, remark, unknown, marked = self._readings(query)
        scored: dict[tuple[int, int | None], _Scored] = {}
        for reading in readings:
            for found in self._score_reading(reading):
                slot = (found.street, found.row)
                kept = scored.get(slot)
                if kept is None or (kept.score, kept.exactness) < (found.score, found.exactness):
                    scored[slot] = found
        if not scored:
            note = "; ".join(filter(None, (self._nothing_note(readings), remark)))
            return SearchResult(
                query,
                (),
                ambiguous=False,
                note=note,
                unknown_settlement=unknown,
                unknown_settlement_marked=marked,
            )
        ranked = sorted(scored.values(), key=self._rank)
        best = ranked[0].score
        plausible = [found for found in ranked if found.score >= best - AMBIGUITY_MARGIN]
        ambiguous = len(plausible) > 1
        keep = max(limit, min(len(plausible), MAX_AMBIGUOUS)) if ambiguous else limit
        return SearchResult(
            query,
            tuple(self._candidate(found) for found in ranked[:keep]),
            ambiguous=ambiguous,
            note=remark,
            unknown_settlement=unknown,
            unknown_settlement_marked=marked,
        )

    def _rank(self, found: _Scored) -> tuple[object, ...]:
        street = self._streets[found.street]
        house = self._housenumbers[found.row] if found.row is not None else ""
        return (
            -round(found.score, 6),
            found.row is None,
            street.settlement_id,
            street.street,
            street.numbers[0] if street.numbers else 0,
            house or "",
            self._building_ids[found.row] if found.row is not None else "",
        )

    def _readings(self, query: str) -> tuple[list[_Reading], str, str, bool]:
        """Every plausible split of a query into settlement, street and house, and a remark.

        The third item is a settlement named but not in the region (see
        :attr:`SearchResult.unknown_settlement`), or empty; the fourth, whether the query
        marked it as a settlement (:attr:`SearchResult.unknown_settlement_marked`).
        """
        if not isinstance(query, str):
            raise GeocodeError(f"search: the query must be text, got {type(query).__name__}")
        if not query.strip():
            raise GeocodeError(
                "search: the address is empty; type a street and a house number, e.g. 'ул. Абая 10'"
            )
        if len(query) > MAX_QUERY_LENGTH:
            raise GeocodeError(
                f"search: the address is {len(query)} characters long; an address has at most "
                f"{MAX_QUERY_LENGTH}: type only the street, house and settlement"
            )
        segments = [
            _without_complex(_without_apartment(segment)) for segment in split_segments(query)
        ]
        segments = [segment for segment in segments if segment]
        if not any(token.role in ("word", "number") for segment in segments for token in segment):
            raise GeocodeError(
                f"search: {query!r} names no street, house number or settlement; "
                "type a street and a house number, e.g. 'ул. Абая 10'"
            )

        settlement: tuple[frozenset[str], str] | None = None
        streets: list[tuple[Token, ...]] = []
        houses: list[tuple[Token, ...]] = []
        settlement_only: list[str] = []
        unmarked: tuple[Token, ...] | None = None
        unknown: list[str] = []
        for typed in segments:
            roles = {token.role for token in typed}
            if "admin_marker" in roles and "number" not in roles:
                continue
            segment = tuple(token for token in typed if token.role != "admin_marker")
            if _is_house_segment(segment):
                houses.append(segment)
                continue
            words = " ".join(token.text for token in segment if token.role == "word")
            if "settlement_marker" in roles:
                named, rest = self._settlement_in(segment)
                if named is not None and settlement is None:
                    settlement = named
                if named is None and rest and all(token.role == "word" for token in rest):
                    unknown.append(" ".join(token.text for token in rest))
                    continue
                if _has_name(rest):
                    streets.append(rest)
                else:
                    settlement_only.append(named[1] if named is not None else words)
                continue
            exact = self._settlements_of_key.get(fold(words)) if words else None
            if exact and all(token.role == "word" for token in segment):
                settlement_only.append(words)
                if settlement is None:
                    settlement = (exact, words)
                unmarked = segment
                continue
            streets.append(segment)

        if not streets and not houses:
            if len(segments) == 1 and unmarked is not None and self._names_a_street(unmarked):
                # A lone settlement name may also be a street named after it ("Астана").
                streets.append(unmarked)
                settlement = None
            elif settlement_only or unknown:
                named_text = [*settlement_only, *unknown][0]
                raise GeocodeError(
                    f"search: {query!r} names only a settlement ({named_text}); add a street "
                    f"and a house number, e.g. '{named_text}, ул. Абая 10'"
                )
            else:
                raise GeocodeError(
                    f"search: {query!r} names only an administrative unit; type a street and "
                    "a house number, e.g. 'ул. Абая 10'"
                )

        house_text = _house_text(houses[0]) if houses else None
        readings: list[_Reading] = []
        for segment in streets[:3]:
            for reading in _split_street_segment(segment, house_text):
                readings.append(reading)
                leading = self._leading_settlement(reading)
                if leading is not None and settlement is None:
                    readings.append(leading)
        if not streets and house_text is not None:
            readings.append(_Reading((), "", None, house_text))
        remark = (
            f"settlement {unknown[0]!r} is not in this region; searched every settlement"
            if unknown and settlement is None
            else ""
        )
        elsewhere = unknown[0] if unknown and settlement is None else ""
        marked = bool(elsewhere)
        if settlement is None and not elsewhere and len(streets) > 1:
            # Words alone beside a street, naming no street here ("Алматы, проспект Абая 10"):
            # a settlement of another region. Still searched as a street, so answers stand.
            alone = [
                segment
                for segment in streets
                if all(token.role == "word" for token in segment)
                and not self._names_a_street(segment, at_least=CLOSE_STREET_SCORE)
            ]
            if alone and len(alone) < len(streets):
                elsewhere = " ".join(token.text for token in alone[0])
                marked = False
        if settlement is not None:
            readings = [
                _Reading(
                    reading.street_words,
                    reading.street_key,
                    reading.kind,
                    reading.house_text,
                    settlement[0],
                    settlement[1],
                )
                if reading.settlements is None
                else reading
                for reading in readings
            ]
        return readings, remark, elsewhere, marked

    def _names_a_street(
        self, segment: tuple[Token, ...], at_least: float = MIN_STREET_SCORE
    ) -> bool:
        """Whether some street's key is close to the segment's words (scores ``at_least``)."""
        key = street_key([token.text for token in segment if token.role == "word"])
        matches = _match_streets(key, self._pools[None]) if key else {}
        return any(score >= at_least for score, _ in matches.values())

    def _settlement_in(
        self, segment: tuple[Token, ...]
    ) -> tuple[tuple[frozenset[str], str] | None, tuple[Token, ...]]:
        """Find the settlement a marker announces (``с. Коянды``, ``Қоянды ауылы``).

        Returns the settlement (ids and the typed name) and the segment's other tokens.
        """
        marker = next(i for i, token in enumerate(segment) if token.role == "settlement_marker")
        spans = [(marker + 1, marker + 1 + size) for size in (3, 2, 1)]
        spans += [(marker - size, marker) for size in (3, 2, 1)]
        best: tuple[float, int, int, frozenset[str]] | None = None
        for start, stop in spans:
            if start < 0 or stop > len(segment) or start >= stop:
                continue
            words = segment[start:stop]
            if not all(token.role == "word" for token in words):
                continue
            key = fold(" ".join(token.text for token in words))
            match = process.extractOne(
                key, list(self._settlements_of_key), scorer=fuzz.ratio, score_cutoff=85
            )
            if match is not None and (best is None or match[1] > best[0]):
                best = (float(match[1]), start, stop, self._settlements_of_key[match[0]])
        if best is None:
            rest = tuple(token for token in segment if token.role != "settlement_marker")
            return None, rest
        _, start, stop, found = best
        typed = " ".join(token.text for token in segment[start:stop])
        rest = tuple(
            token
            for position, token in enumerate(segment)
            if token.role != "settlement_marker" and not start <= position < stop
        )
        return (found, typed), rest

    def _leading_settlement(self, reading: _Reading) -> _Reading | None:
        """Read ``Astana Abay 10`` as settlement + street when its first words name one."""
        words = reading.street_words
        for size in (2, 1):
            if len(words) <= size:
                continue
            typed = " ".join(words[:size])
            found = self._settlements_of_key.get(fold(typed))
            if found:
                rest = words[size:]
                return _Reading(
                    rest, street_key(rest), reading.kind, reading.house_text, found, typed
                )
        return None

    def _score_reading(self, reading: _Reading) -> Iterator[_Scored]:
        if not reading.street_key:
            yield from self._score_house_only(reading)
            return
        matches = _match_streets(reading.street_key, self._pools[None])
        if reading.settlements:
            for sid in reading.settlements:
                if sid in self._pools:
                    for key, value in _match_streets(reading.street_key, self._pools[sid]).items():
                        if matches.get(key, (0.0, False))[0] < value[0]:
                            matches[key] = value
        wanted = house_key(reading.house_text) if reading.house_text else None
        typed_street = " ".join(reading.street_words)
        for key, (street_score, partial) in matches.items():
            if street_score < MIN_STREET_SCORE:
                continue
            for position in self._names_of_key[key]:
                name = self._names[position]
                street = self._streets[name.street]
                score = street_score
                notes: list[str] = []
                if reading.kind is not None and street.kind not in (None, reading.kind):
                    score -= KIND_MISMATCH_PENALTY
                    notes.append(f"typed kind {reading.kind}, street is a {street.kind}")
                if reading.settlements is not None:
                    if street.settlement_id in reading.settlements:
                        notes.append(f"in {reading.settlement_text}")
                    else:
                        score -= OTHER_SETTLEMENT_PENALTY
                        notes.append(f"not in {reading.settlement_text}")
                how = _street_reason(typed_street, name.name, street_score, partial=partial)
                yield from self._score_house(
                    reading, name, street, score=score, how=how, notes=notes, wanted=wanted
                )

    @staticmethod
    def _exactness(how: str) -> int:
        """Prefer the written form the query spelled exactly, then a spelling variant."""
        if how == "exact street":
            return 2
        return 1 if how.startswith("street spelling") else 0

    def _score_house(
        self,
        reading: _Reading,
        name: _Name,
        street: _Street,
        *,
        score: float,
        how: str,
        notes: list[str],
        wanted: HouseKey | None,
    ) -> Iterator[_Scored]:
        extra = "".join(f"; {note}" for note in notes)
        exactness = self._exactness(how)
        if reading.house_text is None:
            yield _Scored(
                score, name.street, None, name.language, f"{how}; street only{extra}", exactness
            )
            return
        rows = street.houses.get(wanted) if wanted is not None else None
        if rows is None and wanted is None:
            rows = street.houses.get(_stored_house_key(reading.house_text))
        if rows:
            match = "exact street and house" if how == "exact street" else f"{how}, house exact"
            if len(rows) > 1:
                match += f" (first of {len(rows)} buildings with this address)"
            yield _Scored(score, name.street, rows[0], name.language, match + extra, exactness)
            return
        yield _Scored(
            score - HOUSE_MISSING_PENALTY,
            name.street,
            None,
            name.language,
            f"street only: house {reading.house_text} not found on {name.full}"
            f"{_houses_note(street, wanted, self._housenumbers)}"
            f"{'' if how == 'exact street' else '; ' + how}{extra}",
            exactness,
        )

    def _score_house_only(self, reading: _Reading) -> Iterator[_Scored]:
        if reading.house_text is None:
            return
        wanted = house_key(reading.house_text) or _stored_house_key(reading.house_text)
        for street_position, row in self._house_index.get(wanted, ()):
            street = self._streets[street_position]
            score = HOUSE_ONLY_SCORE
            note = ""
            if reading.settlements is not None:
                if street.settlement_id in reading.settlements:
                    note = f"; in {reading.settlement_text}"
                else:
                    score -= OTHER_SETTLEMENT_PENALTY
                    note = f"; not in {reading.settlement_text}"
            yield _Scored(
                score,
                street_position,
                row,
                "ru",
                f"house number only: {self._housenumbers[row]} on {street.street}{note}",
            )

    def _nothing_note(self, readings: list[_Reading]) -> str:
        typed = [reading for reading in readings if reading.street_key]
        if typed:
            return f"no street like {' '.join(typed[0].street_words)!r} in this region"
        house = readings[0].house_text if readings else None
        if house is None:  # a settlement and a street kind, with no name or number ("ул.")
            return "no street name or house number to look for; add them"
        return f"no building numbered {house!r} in this region"

    def _candidate(self, found: _Scored) -> Candidate:
        street = self._streets[found.street]
        row = found.row if found.row is not None else street.centre
        house = self._housenumbers[found.row] if found.row is not None else None
        return Candidate(
            building_id=self._building_ids[found.row] if found.row is not None else None,
            label=self._label(street, house, found.language),
            street=street.street,
            housenumber=house,
            settlement_id=street.settlement_id,
            lon=float(self._lon[row]),
            lat=float(self._lat[row]),
            score=round(max(found.score, 0.0), 1),
            match=found.match,
        )

    def _label(self, street: _Street, house: str | None, language: Language) -> str:
        name = street.street_kk if language == "kk" and street.street_kk else street.street
        label = f"{name} {house}" if house else name
        names = self._settlement_names.get(street.settlement_id)
        if names is not None:
            label += f", {names[1] if language == 'kk' else names[0]}"
        return label

    def houses_near(self, query: str, *, limit: int = 5) -> list[Candidate]:
        """When a query finds its street but not its house, the houses nearest the number typed.

        ``"ул. Абая 59а"`` on a street with 59 and 61 but no 59а: someone who misremembers a
        letter or a number picks the right house instead of being told nothing was found.
        The same number with another letter or block comes first, then the nearest numbers.

        Returns
        -------
        list of Candidate
            Per street found (the two most plausible, when the street's name is in two
            settlements), up to ``limit`` of its houses, nearest first; empty when a house is
            among the most plausible answers, no house number was typed, or nothing was found.
            A house of another, less plausible street (``улица Исатая 5`` for ``улица Абая 5``)
            does not count as found.

        Raises
        ------
        GeocodeError
            As :meth:`search` does for a query it cannot read.
        """
        found = self.search(query).candidates
        plausible = [c for c in found if c.score >= found[0].score - AMBIGUITY_MARGIN][:2]
        if not plausible or any(candidate.building_id is not None for candidate in plausible):
            return []  # a house was found (a far-fetched one of another street does not count)
        typed = [r.house_text for r in self._readings(query)[0] if r.house_text is not None]
        wanted = house_key(typed[0]) if typed else None
        if wanted is None or wanted[0] < 0:
            return []
        language: Language = "kk" if KAZAKH_LETTERS & set(query.lower()) else "ru"
        houses = []
        for candidate in plausible:
            position = next(
                i
                for i, street in enumerate(self._streets)
                if street.street == candidate.street
                and street.settlement_id == candidate.settlement_id
            )
            street = self._streets[position]
            nearest = sorted(street.houses, key=lambda key: (abs(key[0] - wanted[0]), key))
            houses += [
                self._candidate(
                    _Scored(candidate.score, position, street.houses[key][0], language, "nearby")
                )
                for key in nearest[:limit]
            ]
        return houses

    # ------------------------------------------------------------------ suggest

    def suggest(self, prefix: str, *, limit: int = 8) -> list[str]:
        """Street names for what has been typed so far, for as-you-type completion.

        Parameters
        ----------
        prefix
            The start of a street name, with or without its kind (``"ул. Аб"``, ``"Dost"``,
            ``"Ауэз"``). A prefix of any word of the name counts (``"Ауэз"`` finds ``улица
            Мухтара Ауэзова``); when fewer than ``limit`` names start so, close spellings fill
            in (``"Абйа"``).
        limit
            Names to return at most.

        Returns
        -------
        list of str
            Distinct full street names, whole-name prefix matches first, then shorter names.
            A street is named in Kazakh when the prefix has Kazakh letters and the street has a
            Kazakh form, else in Russian. Empty when the prefix holds no letter or digit.

        Raises
        ------
        GeocodeError
            When ``prefix`` is not text or ``limit`` is below 1.
        """
        if not isinstance(prefix, str):
            raise GeocodeError(f"suggest: the prefix must be text, got {type(prefix).__name__}")
        if not isinstance(limit, int) or limit < 1:
            raise GeocodeError(f"suggest: limit must be a positive integer, got {limit!r}")
        words = [token.text for token in _tokens_of(prefix) if token.role in ("word", "number")]
        if not words:
            return []
        typed = " ".join(words)
        probes = dict.fromkeys(
            probe for probe in (fold(typed, genitive=False), fold(typed)) if probe
        )
        ranked: dict[str, tuple[int, int, str]] = {}
        for probe in probes:
            start = bisect.bisect_left(self._suffixes, (probe,))
            for suffix, key in self._suffixes[start:]:
                if not suffix.startswith(probe):
                    break
                rank = (0 if suffix == key else 1, len(key), key)
                ranked[key] = min(ranked.get(key, rank), rank)
        keys = sorted(ranked, key=ranked.__getitem__)
        if len(keys) < limit:
            for key, _, _ in process.extract(
                next(iter(probes)),
                self._pools[None].keys,
                scorer=fuzz.ratio,
                processor=None,
                limit=limit,
                score_cutoff=70,
            ):
                if key not in ranked:
                    keys.append(key)
        language: Language = "kk" if KAZAKH_LETTERS & set(prefix.lower()) else "ru"
        names: dict[str, None] = {}
        for key in keys:
            for position in self._names_of_key[key]:
                name = self._names[position]
                street = self._streets[name.street]
                if language == "kk" and street.street_kk:
                    names[street.street_kk] = None
                else:
                    names[street.street] = None
            if len(names) >= limit:
                break
        return list(names)[:limit]

    def settlement_streets(self, text: str, *, limit: int = 12) -> tuple[str, list[str]] | None:
        """The settlement a text names on its own (``"с. Коянды"``), and its streets.

        For someone who typed their village and stopped there: :meth:`search` refuses such a
        query (a settlement alone is no address) and :meth:`suggest` knows only streets, so a
        villager would be told nothing was found.

        Returns
        -------
        tuple of (str, list of str), or None
            The settlement's name and up to ``limit`` of its street names, both in Kazakh when
            the text has Kazakh letters (and the data a Kazakh form), else in Russian; None when
            the text is more than a settlement's name or names none, or several.
        """
        tokens = _tokens_of(text) if isinstance(text, str) else []
        words = [token.text for token in tokens if token.role != "settlement_marker"]
        if not words or any(token.role not in ("word", "settlement_marker") for token in tokens):
            return None
        found = self._settlements_of_key.get(fold(" ".join(words)))
        if found is None or len(found) != 1:
            return None
        (settlement_id,) = found
        kazakh = bool(KAZAKH_LETTERS & set(text.lower()))
        names = self._settlement_names.get(settlement_id, (settlement_id, settlement_id))
        streets = sorted(
            {
                street.street_kk if kazakh and street.street_kk else street.street
                for street in self._streets
                if street.settlement_id == settlement_id
            }
        )
        return (names[1] if kazakh else names[0]), streets[:limit]

    # ------------------------------------------------------------------ reverse

    def nearest_buildings(
        self, lon: npt.ArrayLike, lat: npt.ArrayLike, *, max_distance_m: float = 150.0
    ) -> list[str | None]:
        """The building :meth:`reverse` would find for each point, all points in one query.

        A register's thousands of homes would otherwise pay a tree query and a transform per
        point. Points must be valid lon/lat degrees (checked where they were entered); a
        point with no building within ``max_distance_m`` gets None.
        """
        rows, _ = self._nearest_rows(
            np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), max_distance_m
        )
        return [self._building_ids[row] if row >= 0 else None for row in rows.tolist()]

    def _nearest_rows(
        self, lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64], max_distance_m: float
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        """Per point, the nearest building's row (-1 when none is close enough) and metres.

        Ties (a point inside two outlines) go to the first building in the data.

        Most homes lie inside their building's outline: a point-in-polygon query settles those
        first (distance 0), and only the rest go to the nearest-neighbour query, which measures
        the distance to every outline near the point. On a 200,000-person register on the demo
        the two take 0.24 s where the nearest-neighbour query alone took 1.6 s.
        """
        x, y = self._to_projected.transform(lon, lat)
        points = shapely.points(x, y)
        rows = np.full(len(lon), -1, dtype=np.intp)
        distances = np.full(len(lon), np.nan)

        def settle(
            point: npt.NDArray[np.intp],
            found: npt.NDArray[np.intp],
            metres: npt.NDArray[np.float64] | float,
        ) -> None:
            """Give each point its nearest building: the least distance, then the first row."""
            metres = np.broadcast_to(np.asarray(metres, dtype=float), point.shape)
            order = np.lexsort((found, metres, point))
            first = order[np.unique(point[order], return_index=True)[1]]
            rows[point[first]] = found[first]
            distances[point[first]] = metres[first]

        inside, outline = self._tree.query(points, predicate="intersects")
        settle(inside, outline, 0.0)
        rest = np.flatnonzero(rows < 0)
        (point, found), metres = self._tree.query_nearest(
            points[rest], max_distance=max_distance_m, return_distance=True, all_matches=True
        )
        settle(rest[point], found, metres)
        return rows, distances

    def reverse(self, lon: float, lat: float, *, max_distance_m: float = 150.0) -> Candidate | None:
        """Find the building nearest a point (a map click), if one is close enough.

        Parameters
        ----------
        lon, lat
            The point, EPSG:4326 degrees.
        max_distance_m
            Buildings farther than this (metres, to the building's outline) are not returned.

        Returns
        -------
        Candidate or None
            The nearest building (inside its outline is distance 0; ties go to the first
            building in the data) with ``distance_m`` and a score of
            ``100 × (1 − distance / max_distance_m)``; ``None`` when no building is close enough.

        Raises
        ------
        GeocodeError
            When a coordinate is not a finite number or out of range (the message hints at
            swapped longitude and latitude), or ``max_distance_m`` is not positive.
        """
        for label, value in (("lon", lon), ("lat", lat), ("max_distance_m", max_distance_m)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise GeocodeError(f"reverse: {label} must be a number, got {value!r}")
            if not math.isfinite(float(value)):
                raise GeocodeError(f"reverse: {label} must be finite, got {value!r}")
        if not -90.0 <= lat <= 90.0 or not -180.0 <= lon <= 180.0:
            raise GeocodeError(
                f"reverse: ({lon}, {lat}) is not a longitude, latitude pair in degrees "
                "(longitude -180..180, latitude -90..90); were they swapped?"
            )
        if max_distance_m <= 0:
            raise GeocodeError(f"reverse: max_distance_m must be positive, got {max_distance_m}")
        rows, distances = self._nearest_rows(
            np.array([lon], dtype=float), np.array([lat], dtype=float), max_distance_m
        )
        if rows[0] < 0:
            return None
        row, distance = int(rows[0]), float(distances[0])
        position = int(self._street_of_row[row])
        street = self._streets[position] if position >= 0 else None
        house = self._housenumbers[row]
        if street is None:
            label = f"building {self._building_ids[row]} (no street address)"
            street_name, settlement = "", ""
        else:
            label = self._label(street, house, "ru")
            street_name, settlement = street.street, street.settlement_id
        return Candidate(
            building_id=self._building_ids[row],
            label=label,
            street=street_name,
            housenumber=house,
            settlement_id=settlement,
            lon=float(self._lon[row]),
            lat=float(self._lat[row]),
            score=round(100.0 * (1.0 - distance / max_distance_m), 1),
            match=f"nearest building, {distance:.0f} m",
            distance_m=round(distance, 1),
        )


def _tokens_of(text: str) -> list[Token]:
    return [token for segment in split_segments(text) for token in segment]


def _has_name(tokens: tuple[Token, ...]) -> bool:
    return any(token.role in ("word", "number") for token in tokens)


def _without_apartment(segment: tuple[Token, ...]) -> tuple[Token, ...]:
    """Drop an apartment marker and the number after it (``кв. 5``): the building is the goal."""
    kept: list[Token] = []
    skip = False
    for token in segment:
        if token.role == "apartment_marker":
            skip = True
            continue
        if skip and token.role == "number":
            skip = False
            continue
        skip = False
        kept.append(token)
    return tuple(kept)


def _without_complex(segment: tuple[Token, ...]) -> tuple[Token, ...]:
    """Drop a housing complex's name and its marker (``ЖК Нурсая``, ``Нұрсая тұрғын үй кешені``).

    The complex is no part of the address registries keep. Its name is the words after a
    marker such as ``ЖК`` and before a suffix such as ``тұрғын үй кешені``. A segment naming no
    street kind beside it (``ЖК Хайвил 2``) is the complex's alone, numbers included, and goes
    whole.
    """
    roles = [token.role for token in segment]
    if "complex_marker" not in roles and "complex_suffix" not in roles:
        return segment
    if "kind" not in roles:
        return ()
    dropped: set[int] = set()
    for position, role in enumerate(roles):
        if role not in ("complex_marker", "complex_suffix"):
            continue
        dropped.add(position)
        step = 1 if role == "complex_marker" else -1
        name = position + step
        while 0 <= name < len(segment) and roles[name] == "word":
            dropped.add(name)
            name += step
    return tuple(token for position, token in enumerate(segment) if position not in dropped)


def _is_house_part(token: Token) -> bool:
    """Tell whether a token can continue a house number: ``а``, ``А/1``, ``к2``, ``корп.``, ``2``.

    Words of at most two letters in a row qualify: house letters and block abbreviations are
    one letter, street names are longer.
    """
    if token.role in ("number", "block_marker"):
        return True
    return token.role == "word" and all(len(run) <= 2 for run in _LETTER_RUNS.findall(token.text))


def _is_house_segment(segment: tuple[Token, ...]) -> bool:
    """Tell whether a segment is only a house number (``15``, ``д. 24а/1``, ``24 а``, ``10 үй``).

    Several numbers (``10 4``) are a house only if they parse as one (``15 корп. 2``);
    otherwise the first is a numbered microdistrict. A house marker inside the segment
    (``2 д. 4а/1``) separates a street from its house.
    """
    markers = [i for i, token in enumerate(segment) if token.role == "house_marker"]
    if any(0 < i < len(segment) - 1 for i in markers):
        return False
    body = [token for token in segment if token.role != "house_marker"]
    if not body or body[0].role != "number" or not all(map(_is_house_part, body[1:])):
        return False
    return len(body) == 1 or house_key(_house_text(body)) is not None


def _house_text(tokens: Sequence[Token]) -> str:
    return " ".join(token.text for token in tokens if token.role != "house_marker")


def _split_street_segment(segment: tuple[Token, ...], house_text: str | None) -> list[_Reading]:
    """Read one street segment: which trailing (or leading) tokens are the house."""
    kinds = [token.kind for token in segment if token.role == "kind"]
    kind = kinds[0] if kinds else None
    body = [
        token
        for token in segment
        if token.role not in ("kind", "settlement_marker", "admin_marker")
    ]

    def reading(street: Sequence[Token], house: str | None) -> _Reading:
        words = tuple(token.text for token in street if token.role in ("word", "number"))
        return _Reading(words, street_key(words), kind, house)

    marker = next((i for i, token in enumerate(body) if token.role == "house_marker"), None)
    if marker is not None and not _has_name(tuple(body[marker + 1 :])):
        # The Kazakh order "10 үй": the marker follows the number; read it as unmarked.
        body = body[:marker] + body[marker + 1 :]
        marker = None
    if marker is not None:
        house = _house_text(body[marker + 1 :]) or house_text
        return [reading(body[:marker], house)] if _has_name(tuple(body[:marker])) else []

    readings: list[_Reading] = []
    for start in range(len(body) - 1, -1, -1):
        tail = body[start + 1 :]
        if body[start].role != "number":
            if _is_house_part(body[start]):
                continue
            break
        if not all(map(_is_house_part, tail)):
            break
        street = body[:start]
        house = _house_text(body[start:])
        if _has_name(tuple(street)) and house_key(house) is not None:
            readings.append(reading(street, house))
        if len(readings) == 2:
            break
    if (
        not readings
        and len(body) > 1
        and body[0].role == "number"
        and house_key(body[0].text) is not None
        and any(token.role == "word" for token in body[1:])
    ):
        readings.append(reading(body[1:], body[0].text))
    if not readings or house_text is not None:
        readings.append(reading(body, house_text))
    return [found for found in readings if found.street_key]


def _street_reason(typed: str, name: str, score: float, *, partial: bool) -> str:
    """Say how the typed street matched the indexed name."""
    if _plain(typed) == _plain(name):
        return "exact street"
    if score >= 100.0 and not partial:
        return f"street spelling ({typed} -> {name})"
    label = "street partial" if partial else "street fuzzy"
    return f"{label} {score:.0f} ({typed} -> {name})"


def _houses_note(street: _Street, wanted: HouseKey | None, housenumbers: list[str | None]) -> str:
    """``(houses 1-40)``, and the houses with the typed number when only its letter differs."""
    if not street.numbers:
        return " (no numbered houses)"
    first, last = street.numbers[0], street.numbers[-1]
    note = f" (house {first}" if first == last else f" (houses {first}-{last}"
    if wanted is not None and wanted[0] >= 0:
        same = sorted(
            {
                housenumbers[rows[0]] or ""
                for key, rows in street.houses.items()
                if key[0] == wanted[0]
            }
        )
        if same:
            note += f"; numbered {wanted[0]}: {', '.join(same)}"
    return note + ")"


def _centre_rows(
    street_of_row: npt.NDArray[np.int64],
    lon: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    count: int,
) -> npt.NDArray[np.int64]:
    """Pick each street's building nearest the mean of its buildings: a point on the street.

    Vectorised over all streets at once (a loop over thousands of streets costs a second).
    """
    rows = np.flatnonzero(street_of_row >= 0)
    street = street_of_row[rows]
    sizes = np.bincount(street, minlength=count)
    mean_lon = np.bincount(street, weights=lon[rows], minlength=count) / sizes
    mean_lat = np.bincount(street, weights=lat[rows], minlength=count) / sizes
    distance = (lon[rows] - mean_lon[street]) ** 2 + (lat[rows] - mean_lat[street]) ** 2
    order = np.lexsort((rows, distance, street))
    first = np.ones(len(order), dtype=bool)
    first[1:] = street[order][1:] != street[order][:-1]
    return rows[order][first]


def _checked_buildings(buildings: object) -> gpd.GeoDataFrame:
    """Return the buildings in EPSG:4326, or raise :class:`GeocoderDataError` naming the problem."""
    if not isinstance(buildings, gpd.GeoDataFrame):
        raise GeocoderDataError(
            "Geocoder.from_buildings: buildings must be a GeoDataFrame (the package's "
            f"'buildings' layer), got {type(buildings).__name__}"
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in buildings.columns]
    if missing:
        raise GeocoderDataError(
            f"Geocoder.from_buildings: buildings lacks column(s) {', '.join(missing)}; "
            f"the geocoder needs {', '.join(REQUIRED_COLUMNS)}"
        )
    if buildings.empty:
        raise GeocoderDataError("Geocoder.from_buildings: buildings is empty; nothing to search")
    if buildings.crs is None:
        raise GeocoderDataError(
            "Geocoder.from_buildings: buildings has no CRS; set it, e.g. "
            "buildings.set_crs('EPSG:4326')"
        )
    geometry = buildings.geometry
    bad = geometry.isna() | geometry.is_empty
    if bad.any():
        examples = ", ".join(str(value) for value in buildings.loc[bad, "building_id"].head(3))
        raise GeocoderDataError(
            f"Geocoder.from_buildings: {int(bad.sum())} building(s) have no geometry, e.g. "
            f"building_id={examples}; drop them or give them a point"
        )
    if buildings.crs.to_epsg() != 4326:
        buildings = buildings.to_crs("EPSG:4326")
    return buildings


def _checked_settlements(settlements: object) -> dict[str, tuple[str, str]]:
    """``{settlement_id: (name_ru, name_kk)}``, or a :class:`GeocoderDataError`."""
    if settlements is None:
        return {}
    if not isinstance(settlements, pd.DataFrame):
        raise GeocoderDataError(
            "Geocoder.from_buildings: settlements must be a DataFrame (the package's "
            f"'settlements' layer) or None, got {type(settlements).__name__}"
        )
    missing = [column for column in SETTLEMENT_COLUMNS if column not in settlements.columns]
    if missing:
        raise GeocoderDataError(
            f"Geocoder.from_buildings: settlements lacks column(s) {', '.join(missing)}; "
            f"it needs {', '.join(SETTLEMENT_COLUMNS)}"
        )
    names: dict[str, tuple[str, str]] = {}
    for sid, name_ru, name_kk in zip(
        settlements["settlement_id"].tolist(),
        settlements["name_ru"].tolist(),
        settlements["name_kk"].tolist(),
        strict=True,
    ):
        ru = str(name_ru) if _is_text(name_ru) else str(sid)
        kk = str(name_kk) if _is_text(name_kk) else ru
        names[str(sid)] = (ru, kk)
    return names
