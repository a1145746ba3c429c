"""House numbers and house-number ranges as Kazakhstan's registries write them.

A house number is a street number with optional parts: a letter (``24а``), a number after a
slash (``24а/1``: a corner house's number on the cross street, or one of several blocks built
under one number) and a block (``15 корп. 2``, ``15к2``). :func:`parse_housenumber` reads every
usual spelling into one :class:`HouseNumber`.

District territories are often kept as lists (the ``district_streets`` layer): a street and the
houses of it that belong to a district, written compactly as ``1-35 odd; 2-40 even; 44``.
:func:`parse_house_ranges` reads such a list into :class:`HouseRange` items and
:func:`format_house_ranges` writes one back, so a planner's export reads back to the same
houses.

What a list item covers (decided here, relied on by :mod:`geo.territory` and tested):

- ``all`` covers every house of the street, ``odd`` / ``even`` every odd / even number.
- A span ``1-35`` (``1-35 odd``, ``2-40 even``) covers every house whose street *number* lies in
  the span (with that parity), whatever its letter, slash or block: ``1-35 odd`` covers ``5``,
  ``5а``, ``7/2`` and ``9 корп. 1``. Registries write spans for runs of plots and never list the
  lettered houses inside them.
- A single item names one house exactly: ``44`` covers ``44`` only, not ``44а``, ``44/1`` or
  ``44 корп. 2``; ``24а/1`` covers only ``24а/1``. A letter, slash or block marks a separate
  building (a split plot, a block of flats) that registries list separately when they mean it,
  and only exact singles let a list say "44 but not 44а" at all.
- When several districts' lists match one house, the most specific item wins
  (:attr:`HouseRange.specificity`: single house > span > whole street); see
  :func:`geo.territory.resolve_street_territories`.

Spellings accepted (case-insensitive): span separators ``-``, ``–``, ``—``; parity words
``odd``/``нечет``/``нечетные``/``нечётная``/``неч``/``тақ`` and ``even``/``чет``/``четные``/
``чётная``/``жұп``, optionally followed by the word for side (``нечётная сторона``,
``тақ жағы``); whole street ``all``/``все``/``весь``/``вся``/``вся улица``/``все дома``/
``барлығы``/``барлық``; items separated by ``;`` or ``,``, except a comma before a block
(``15, корп. 2`` is one house, as :func:`parse_housenumber` reads it). :func:`format_house_ranges`
writes the English canonical form (``1-35 odd; 2-40 even; 44; 44а``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Final, Literal

__all__ = [
    "HouseNumber",
    "HouseNumberError",
    "HouseRange",
    "HouseRangeError",
    "Parity",
    "RangeKind",
    "format_house_ranges",
    "in_ranges",
    "match_specificity",
    "parse_house_ranges",
    "parse_housenumber",
]

Parity = Literal["any", "odd", "even"]
RangeKind = Literal["street", "span", "house"]


class HouseNumberError(ValueError):
    """A house number that cannot be read.

    ``code`` says which way, for a page that words it in its own language (the message is
    English): ``letter_after_slash`` (``12/3а``, whose letter belongs after ``12``),
    ``not_cyrillic`` (a letter with no Cyrillic reading) or ``unreadable``.
    """

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code


class HouseRangeError(ValueError):
    """A house-number range list, or one item of it, that cannot be read or written."""


# Latin letters typed for Cyrillic house letters, by transliteration (``24b`` is ``24б``). A
# transliteration, not a look-alike table: Latin ``b`` is ``б`` here although capital ``B``
# looks like Cyrillic ``В``, because house letters typed in Latin are transliterated far more
# often than typed by mistake on a Latin keyboard.
_LATIN_TO_CYRILLIC: Final[dict[str, str]] = dict(
    zip("abvgdezijklmnoprstufhcy", "абвгдезийклмнопрстуфхцы", strict=True)
)
_CYRILLIC_LETTERS: Final[str] = "абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"

_HOUSE_PREFIX = re.compile(r"^(?:дом|д\.?|үй|house|h\.|№)\s*(?=\d)")
_LETTER = r"[^\W\d_]"
_BLOCK_WORDS = r"корпус|корп|кор|блок|бл|block|korpus|korp|bl|к|k"
_HOUSE = re.compile(
    rf"""
    (?P<number>\d+)
    (?:\s*-?\s*(?P<letter>{_LETTER})(?!{_LETTER}))?          # 24а, 24 а, 24-а
    (?:\s*/\s*(?P<slash>\d+))?                                # /1
    (?:\s*,?\s*(?:{_BLOCK_WORDS})\.?\s*
       (?P<block>\d+|{_LETTER}(?!{_LETTER})))?                # корп. 2, к2, блок А
    """,
    re.VERBOSE,
)


def _normalise(text: str) -> str:
    """NFC, lower case, ``ё`` to ``е``, and runs of white space to one space."""
    folded = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return " ".join(folded.split())


def _cyrillic_letter(letter: str, *, text: str, what: str) -> str:
    """One house letter as a lowercase Cyrillic letter, or a :class:`HouseNumberError`."""
    letter = _LATIN_TO_CYRILLIC.get(letter, letter)
    if letter not in _CYRILLIC_LETTERS:
        raise HouseNumberError(
            f"house number {text!r}: the {what} {letter!r} is not a Cyrillic letter and has no "
            "Cyrillic transliteration; write it as a Russian or Kazakh letter (e.g. '24а')",
            code="not_cyrillic",
        )
    return letter


@total_ordering
@dataclass(frozen=True)
class HouseNumber:
    """A house number: street number, letter, slash number and block.

    Equality and order use the normalised parts only; ``text`` keeps what was written and is
    left out of both, so ``24а`` and ``24 A`` are the same house. The order is the order of
    houses along a street: ``24 < 24/1 < 24/2 < 24а < 24б < 25``. Kazakh letters sort after the
    Russian ones (by code point).

    Parameters
    ----------
    number
        The street number (1 or more).
    letter
        ``''`` or one lowercase Cyrillic letter; Latin letters are transliterated (``a→а``,
        ``b→б``, ``v→в``...).
    slash
        The number after ``/``, or None.
    block
        The block (корпус/блок), lower case, or None.
    text
        The house number as written.
    """

    number: int
    letter: str = ""
    slash: int | None = None
    block: str | None = None
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.number < 1:
            raise HouseNumberError(f"house number {self.text or self.number!r}: must be 1 or more")
        if self.letter and (len(self.letter) != 1 or self.letter not in _CYRILLIC_LETTERS):
            raise HouseNumberError(
                f"house number {self.text or self.number!r}: letter {self.letter!r} must be one "
                "lowercase Cyrillic letter; use parse_housenumber to normalise typed text"
            )
        if self.slash is not None and self.slash < 1:
            raise HouseNumberError(
                f"house number {self.text or self.number!r}: the part after '/' must be 1 or more"
            )
        if not self.text:
            object.__setattr__(self, "text", self.canonical)

    @property
    def sort_key(self) -> tuple[int, str, int, str]:
        """The key houses sort by along a street (an absent slash sorts before ``/1``)."""
        return (
            self.number,
            self.letter,
            -1 if self.slash is None else self.slash,
            "" if self.block is None else self.block,
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, HouseNumber):
            return NotImplemented
        return self.sort_key < other.sort_key

    @property
    def is_plain(self) -> bool:
        """Whether the house is a bare number (no letter, slash or block)."""
        return not self.letter and self.slash is None and self.block is None

    @property
    def canonical(self) -> str:
        """The canonical spelling (``24а/1``, ``15 корп. 2``); it parses back to this house."""
        text = f"{self.number}{self.letter}"
        if self.slash is not None:
            text += f"/{self.slash}"
        if self.block is not None:
            text += f" корп. {self.block}"
        return text

    def __str__(self) -> str:
        return self.canonical


def parse_housenumber(text: str) -> HouseNumber:
    """Read a house number as people and registries write it.

    Accepts ``10``, ``24а/1``, ``24a/1`` (Latin letter), ``24 А``, ``24-а``, ``д. 24а корп. 2``,
    ``дом 5``, ``15к2`` and ``15 к. 2`` (block 2). A single letter right after the number is the
    house letter unless digits follow it, so ``15к`` is house 15к and ``15к2`` is block 2 of 15.

    Parameters
    ----------
    text
        The house number as written.

    Returns
    -------
    HouseNumber
        The parsed number; ``text`` keeps the input.

    Raises
    ------
    HouseNumberError
        When ``text`` is empty or is not a house number; the message quotes it.
    """
    if not isinstance(text, str):
        raise HouseNumberError(
            f"house number must be text, got {type(text).__name__} {text!r}; "
            "convert numbers with str()"
        )
    folded = _HOUSE_PREFIX.sub("", _normalise(text))
    if not folded:
        raise HouseNumberError("house number is empty; write e.g. '10', '24а/1' or '15 корп. 2'")
    match = _HOUSE.fullmatch(folded)
    if match is None and re.fullmatch(rf"\d+\s*/\s*\d+\s*-?\s*{_LETTER}", folded):
        raise HouseNumberError(
            f"cannot read house number {text!r}: a letter after the '/' part is not supported; "
            "write the letter after the street number (e.g. '24а/1')",
            code="letter_after_slash",
        )
    if match is None:
        raise HouseNumberError(
            f"cannot read house number {text!r}: expected a number with an optional letter, "
            "'/number' and block, e.g. '10', '24а/1' or 'д. 24а корп. 2'"
        )
    number = int(match["number"])
    if number < 1:
        raise HouseNumberError(f"house number {text!r}: the number must be 1 or more")
    letter = _cyrillic_letter(match["letter"], text=text, what="letter") if match["letter"] else ""
    slash = int(match["slash"]) if match["slash"] is not None else None
    if slash is not None and slash < 1:
        raise HouseNumberError(f"house number {text!r}: the part after '/' must be 1 or more")
    block = match["block"]
    if block is not None and not block.isdigit():
        block = _cyrillic_letter(block, text=text, what="block letter")
    elif block is not None:
        block = str(int(block))
    return HouseNumber(number=number, letter=letter, slash=slash, block=block, text=text)


@dataclass(frozen=True)
class HouseRange:
    """One item of a house-number list: the whole street, a span of numbers, or one house.

    Build with :meth:`street`, :meth:`span` or :meth:`house` (or :func:`parse_house_ranges`).

    Parameters
    ----------
    kind
        ``street`` (all, odd or even numbers of the street), ``span`` or ``house``.
    first, last
        Inclusive bounds of a span; None otherwise.
    parity
        ``any``, ``odd`` or ``even``: which numbers a span or the street item takes.
    house
        The one house of a ``house`` item.
    text
        The item as written, normalised (lower case, ``ё`` as ``е``); left out of equality.
    """

    kind: RangeKind
    first: int | None = None
    last: int | None = None
    parity: Parity = "any"
    house: HouseNumber | None = None
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.kind == "span":
            if self.first is None or self.last is None or self.house is not None:
                raise HouseRangeError("a span needs first and last numbers and no house")
            if self.first < 1 or self.last < self.first:
                raise HouseRangeError(
                    f"span {self.first}-{self.last}: needs 1 <= first <= last; "
                    f"write it as {min(self.first, self.last)}-{max(self.first, self.last)}"
                )
        elif self.kind == "house":
            if self.house is None or self.first is not None or self.last is not None:
                raise HouseRangeError("a house item needs a house and no span bounds")
            if self.parity != "any":
                raise HouseRangeError("a house item has no parity")
        elif self.kind == "street":
            if self.house is not None or self.first is not None or self.last is not None:
                raise HouseRangeError("a whole-street item has no span bounds and no house")
        else:
            raise HouseRangeError(f"unknown range kind {self.kind!r}; use street, span or house")
        if not self.text:
            object.__setattr__(self, "text", self.canonical)

    @classmethod
    def street(cls, *, parity: Parity = "any") -> HouseRange:
        """Every house of the street (``all``), or its odd or even numbers."""
        return cls(kind="street", parity=parity)

    @classmethod
    def span(cls, first: int, last: int, *, parity: Parity = "any") -> HouseRange:
        """Numbers ``first`` to ``last`` inclusive, optionally only the odd or even ones."""
        return cls(kind="span", first=first, last=last, parity=parity)

    @classmethod
    def single(cls, house: HouseNumber) -> HouseRange:
        """Exactly one house."""
        return cls(kind="house", house=house)

    @property
    def specificity(self) -> int:
        """How specific the item is: 3 for one house, 2 for a span, 1 for the whole street.

        When lists of several districts match a house, the most specific match decides.
        """
        return {"house": 3, "span": 2, "street": 1}[self.kind]

    def covers(self, house: HouseNumber) -> bool:
        """Whether this item takes ``house`` (see the module docstring for the rules)."""
        if self.kind == "house":
            return house == self.house
        if self.parity == "odd" and house.number % 2 == 0:
            return False
        if self.parity == "even" and house.number % 2 == 1:
            return False
        if self.kind == "street":
            return True
        return (
            self.first is not None
            and self.last is not None
            and self.first <= house.number <= self.last
        )

    @property
    def canonical(self) -> str:
        """The canonical spelling: ``all``, ``odd``, ``1-35 odd``, ``1-9``, ``24а/1``."""
        if self.kind == "house" and self.house is not None:
            return self.house.canonical
        if self.kind == "street":
            return "all" if self.parity == "any" else self.parity
        suffix = "" if self.parity == "any" else f" {self.parity}"
        return f"{self.first}-{self.last}{suffix}"

    def __str__(self) -> str:
        return self.canonical


_ODD_WORDS = r"odd|нечетн\w*|нечет|неч|тақ"
_EVEN_WORDS = r"even|четн\w*|чет|жұп"
_SIDE_WORDS = r"сторона|жағы"  # "нечётная сторона", "тақ жағы": the odd side
_PARITY = re.compile(
    rf"^\(?\s*(?:(?P<odd>{_ODD_WORDS})|(?P<even>{_EVEN_WORDS}))\.?(?:\s+(?:{_SIDE_WORDS}))?\s*\)?$"
)
_SIDE = re.compile(
    rf"^(?:(?P<odd>{_ODD_WORDS})|(?P<even>{_EVEN_WORDS}))\.?(?:\s+(?:{_SIDE_WORDS}))?$"
)
_SPAN = re.compile(r"^(?P<first>\d+)\s*[-–—]\s*(?P<last>\d+)(?:\s*(?P<parity>\S.*))?$")
_ITEM_SEPARATOR = re.compile(
    rf"""
    ;
    | ,(?!\s*(?:{_BLOCK_WORDS})\.?\s*(?:\d|{_LETTER}(?!{_LETTER})))  # not "15, корп. 2"
    """,
    re.VERBOSE | re.IGNORECASE,
)
_ALL_WORDS = frozenset(
    {"all", "все", "весь", "вся", "вся улица", "все дома", "полностью", "барлығы", "барлық"}
)


def _span_fix(first: int, last: int, parity: str | None) -> str:
    """What a span that does not run upwards from 1 was most likely meant to be.

    ``35-1`` is ``1-35`` written backwards; ``24-1`` may be that too, but registries also
    write house 24/1 (block 1 of plot 24) so, and reading it as a span would give the district
    houses 1 to 24: both are offered when the second number could be a slash number (smaller
    than the first; no parity follows). ``0-5`` starts at a house that does not exist:
    ``1-5``. ``0-0`` has no reading. A parity written after the span is kept (``35-1 odd``:
    ``1-35 odd``).
    """
    low, high = max(1, min(first, last)), max(first, last)
    if high < 1:
        return "; house numbers start at 1"
    span = f"{low}-{high}" + ("" if parity is None else f" {parity}")
    if first > last >= 1 and parity is None:
        return (
            f": write '{span}' for houses {low} to {high}, or '{first}/{last}' if it is the one "
            f"house {first}/{last}"
        )
    return f", e.g. '{span}'"


def _parse_item(item: str, *, text: str) -> HouseRange:
    """One ``;``-separated item of a range list."""
    if item in _ALL_WORDS:
        return HouseRange(kind="street", text=item)
    side = _SIDE.fullmatch(item)
    if side is not None:
        return HouseRange(kind="street", parity="odd" if side["odd"] else "even", text=item)
    span = _SPAN.fullmatch(item)
    if span is not None:
        parity: Parity = "any"
        if span["parity"] is not None:
            word = _PARITY.fullmatch(span["parity"])
            if word is None:
                raise HouseRangeError(
                    f"house ranges {text!r}: in {item!r}, {span['parity']!r} is not a parity; "
                    "write 'odd' or 'even' (or нечет/чет, тақ/жұп) after the span"
                )
            parity = "odd" if word["odd"] else "even"
        first, last = int(span["first"]), int(span["last"])
        if first < 1 or last < first:
            raise HouseRangeError(
                f"house ranges {text!r}: span {item!r} must run from a smaller number (1 or more) "
                f"to a larger one{_span_fix(first, last, span['parity'])}"
            )
        return HouseRange(kind="span", first=first, last=last, parity=parity, text=item)
    try:
        house = parse_housenumber(item)
    except HouseNumberError as error:
        raise HouseRangeError(
            f"house ranges {text!r}: cannot read item {item!r}; expected 'all', 'odd', 'even', "
            f"a span like '1-35 odd' or a house like '24а/1' ({error})"
        ) from None
    return HouseRange(kind="house", house=house, text=item)


def parse_house_ranges(text: str) -> tuple[HouseRange, ...]:
    """Read a district's house list for one street, e.g. ``1-35 odd; 2-40 even; 44``.

    Parameters
    ----------
    text
        Items separated by ``;`` or ``,``: ``all``, ``odd``, ``even``, spans (``1-9``,
        ``1-35 odd``, ``2-40 чет``) and single houses (``44``, ``12а``, ``24а/1``).

    Returns
    -------
    tuple of HouseRange
        The items in the order written.

    Raises
    ------
    HouseRangeError
        When the list is empty or an item cannot be read; the message names the item.
    """
    if not isinstance(text, str):
        raise HouseRangeError(
            f"house ranges must be text, got {type(text).__name__} {text!r}; "
            "write e.g. '1-35 odd; 2-40 even; 44'"
        )
    items = [_normalise(part) for part in _ITEM_SEPARATOR.split(text)]
    if items and not items[-1]:
        items.pop()  # a trailing separator ("1-9;") is harmless
    if not any(items):
        raise HouseRangeError(
            f"house ranges {text!r} are empty; write e.g. '1-35 odd; 2-40 even; 44' or 'all'"
        )
    if "" in items:
        raise HouseRangeError(
            f"house ranges {text!r}: item {items.index('') + 1} is empty; "
            "remove the doubled separator"
        )
    return tuple(_parse_item(item, text=text) for item in items)


def in_ranges(house: HouseNumber, ranges: Iterable[HouseRange]) -> bool:
    """Whether any item of ``ranges`` covers ``house``.

    See the module docstring: spans take lettered and slashed houses of their numbers, single
    items take exactly the house they name.
    """
    return any(item.covers(house) for item in ranges)


def match_specificity(house: HouseNumber, ranges: Iterable[HouseRange]) -> int:
    """Return the highest :attr:`HouseRange.specificity` of the items covering ``house``, or 0."""
    return max((item.specificity for item in ranges if item.covers(house)), default=0)


def _as_house(value: HouseNumber | str) -> HouseNumber:
    return value if isinstance(value, HouseNumber) else parse_housenumber(value)


def format_house_ranges(
    numbers: Iterable[HouseNumber | str],
    *,
    universe: Collection[HouseNumber | str] | None = None,
    min_span: int = 3,
) -> str:
    """Write houses back in the compact list form, e.g. ``1-35 odd; 2-40 even; 44; 44а``.

    The round trip holds: with ``U`` = ``universe`` (all houses of the street) and ``S`` =
    ``numbers``, the houses of ``U`` covered by ``parse_house_ranges(result)`` are exactly
    ``S``. A span is written only over numbers whose every house in ``U`` is in ``S``; it may
    bridge numbers no house of ``U`` carries (``1-35 odd`` although there is no 17), as
    registries do. ``all``/``odd``/``even`` are never written: they would also claim houses
    built later.

    Without ``universe`` only ``S`` is known: spans then bridge only numbers in ``S`` and cover
    all of ``S``, but they would also take lettered houses of their numbers that are not in
    ``S`` (``1-9 odd`` takes a ``5а``). Pass the street's houses as ``universe`` for an exact
    list.

    Parameters
    ----------
    numbers
        The houses to write (:class:`HouseNumber` or text); duplicates are ignored.
    universe
        Every house of the street, ``numbers`` included (houses of ``numbers`` missing from it
        are added).
    min_span
        The fewest houses' numbers a span must hold; shorter runs are written house by house.

    Returns
    -------
    str
        Items joined by ``"; "``, in street order.

    Raises
    ------
    HouseRangeError
        When ``numbers`` is empty.
    HouseNumberError
        When an item given as text cannot be read.
    """
    chosen = {_as_house(value) for value in numbers}
    if not chosen:
        raise HouseRangeError("format_house_ranges: no houses given; a list needs at least one")
    if min_span < 2:
        raise HouseRangeError(f"format_house_ranges: min_span must be 2 or more, got {min_span}")
    known = chosen | {_as_house(value) for value in universe or ()}
    bridge_absent = universe is not None

    houses_by_number: dict[int, set[HouseNumber]] = {}
    for house in known:
        houses_by_number.setdefault(house.number, set()).add(house)
    # A number is "full" when all its known houses are chosen: a span may take it.
    full = {number for number, houses in houses_by_number.items() if houses <= chosen}

    def bridgeable(number: int) -> bool:
        return number in full or (bridge_absent and number not in houses_by_number)

    sides: tuple[tuple[Parity, int], ...] = (("odd", 1), ("even", 0))
    spans: list[tuple[int, int, Parity]] = []
    for parity, remainder in sides:
        candidates = sorted(number for number in full if number % 2 == remainder)
        run: list[int] = []
        for number in [*candidates, None]:
            if number is not None and (
                not run or all(bridgeable(n) for n in range(run[-1] + 2, number, 2))
            ):
                run.append(number)
                continue
            if len(run) >= min_span:
                spans.append((run[0], run[-1], parity))
            run = [] if number is None else [number]

    # An odd span and an even span over the same stretch read better as one span of all numbers.
    merged: list[tuple[int, int, Parity]] = []
    evens = [span for span in spans if span[2] == "even"]
    for first, last, parity in spans:
        if parity != "odd":
            continue
        partner = next((e for e in evens if abs(e[0] - first) <= 1 and abs(e[1] - last) <= 1), None)
        if partner is not None:
            evens.remove(partner)
            merged.append((min(first, partner[0]), max(last, partner[1]), "any"))
        else:
            merged.append((first, last, parity))
    merged.extend(evens)

    items: list[tuple[tuple[int, str, int, str], HouseRange]] = []
    spanned: set[int] = set()
    for first, last, parity in merged:
        item = HouseRange.span(first, last, parity=parity)
        items.append(((first, "", -2, ""), item))
        spanned.update(n for n in houses_by_number if item.covers(HouseNumber(n)))
    for house in chosen:
        if house.number not in spanned:
            items.append((house.sort_key, HouseRange.single(house)))
    items.sort(key=lambda pair: pair[0])
    return "; ".join(item.canonical for _, item in items)
