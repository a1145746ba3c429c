"""Normalise Kazakhstan street addresses as people type them: kinds, spellings, tokens.

The geocoder (:mod:`geo.geocode`) compares what a person typed with what a registry wrote, and
the two rarely agree letter for letter. The same street is written ``улица Абая`` (Russian
registry, genitive), ``Абай көшесі`` (Kazakh), ``ул. Абая``, ``Abay street`` or ``Abai``; the
same avenue ``проспект Достык``, ``Достық даңғылы``, ``пр-т Достык``, ``Dostyq``. This module
turns every such spelling into one *key* and separates the street *kind* (улица, көшесі,
street...) from the name, so matching only has to compare names.

The folding, in order (:func:`fold`):

1. Unicode NFC, lower case, ``ё`` to ``е``.
2. Kazakh letters to their nearest Russian letters: ``ә→а ғ→г қ→к ң→н ө→о ұ→у ү→у һ→х і→и``.
3. Cyrillic to a plain Latin transliteration (``ж→zh ш→sh щ→sh ч→ch ц→ts х→h ю→yu я→ya
   ы→y й→y э→e``, soft and hard signs dropped). The key is Latin, not Cyrillic, because
   Cyrillic→Latin is a function while Latin→Cyrillic is not (is ``sh`` one letter or two?).
4. Latin spellings folded onto the same letters: the Kazakh Latin alphabets' ``ş→sh ç→ch
   ı→i``, other diacritics stripped (``ä ö ü ū ğ ñ á ó ú``), ``q→k``, ``w→u``, ``j→zh``,
   ``kh→h``, ``c→ts`` (except in ``ch``), ``y→i`` and then ``ie→e``. Folding ``ы``, ``й``,
   ``і``, ``i`` and ``y`` together is what makes ``Достық``, ``Достык``, ``Dostyk``,
   ``Dostyq`` and ``Dostik`` one key (``dostik``), and ``Абай``, ``Abay``, ``Abai`` another.
5. Anything that is not a letter or a digit separates words; letters and digits are split
   (``Самал-2`` and ``Самал2`` → ``samal 2``).
6. Runs of one repeated letter collapse, before and after transliteration (``Сейфуллин``→
   ``seifulin``; the typo ``Абаяя`` → ``Абая``), since people double and undouble letters
   freely.
7. Russian genitive endings, on words of four letters or more: consonant+``ya`` drops ``ya``
   (``Гоголя``→``gogol``), vowel+``ya`` drops ``a`` (``Абая``→``abai``), consonant+``a`` drops
   ``a`` (``Ауэзова``→``auezov``, ``Сейфуллина``→``seifulin``, ``Кабанбай батыра``→
   ``kabanbai batir``). Registries write person-named streets in the genitive (``улица Абая``)
   while the Kazakh form is nominative (``Абай көшесі``); stripping on both sides makes them
   meet. The rule also trims nominative words that happen to end that way (``Сарыарка`` →
   ``sariark``), harmlessly, because the same rule runs on the registry's text.

The folding is hand-written rather than taken from a transliteration library because no
installed library folds Kazakh letters, the several Kazakh Latin alphabets and Russian genitive
street names onto one key; it is a small table and a few rules, all listed above.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

StreetKind = Literal[
    "street",
    "avenue",
    "microdistrict",
    "lane",
    "boulevard",
    "highway",
    "square",
    "passage",
    "quarter",
    "embankment",
    "dead_end",
]
"""The kind of a street, whichever language or abbreviation named it."""

TokenRole = Literal[
    "word",
    "number",
    "kind",
    "house_marker",
    "block_marker",
    "apartment_marker",
    "settlement_marker",
    "admin_marker",
    "complex_marker",
    "complex_suffix",
]
"""What a token of a typed address is: part of a name, a number, or one of the marker words."""

# The words that name a street kind, as people write them: Russian, Kazakh, English and
# transliterated, full and abbreviated. Each is folded with :func:`fold` at import, so Latin
# transliterations of the Cyrillic entries (``koshesi``, ``prospekt``) need not be listed.
KIND_WORDS: Final[dict[StreetKind, tuple[str, ...]]] = {
    "street": ("улица", "ул", "көшесі", "көше", "көш", "street", "str", "st", "road", "ulitsa"),
    "avenue": (
        "проспект",
        "пр",
        "пр-т",
        "просп",
        "пр-кт",
        "даңғылы",
        "даңғыл",
        "даң",
        "avenue",
        "ave",
        "av",
        "prospect",
    ),
    "microdistrict": (
        "микрорайон",
        "мкр",
        "мкрн",
        "мкн",
        "м-н",
        "мр",
        "шағын аудан",
        "шағын ауданы",
        "ш а",
        "ш/а",
        "мөлтек аудан",
        "мөлтекаудан",
        "microdistrict",
        "micro district",
        "mikrorayon",
        "microrayon",
        "mcr",
        "mkrn",
    ),
    "lane": (
        "переулок",
        "пер",
        "тұйық көше",
        "тұйық көшесі",
        "тұйығы",
        "тұйық",
        "lane",
        "ln",
    ),
    "boulevard": ("бульвар", "б-р", "бул", "бульвары", "boulevard", "blvd"),
    "highway": ("шоссе", "ш", "тас жолы", "highway", "hwy"),
    "square": ("площадь", "пл", "алаңы", "алаң", "square", "sq"),
    "passage": ("проезд", "пр-д", "өткел", "passage"),
    "quarter": ("квартал", "кв-л", "орамы", "quarter"),
    "embankment": ("набережная", "наб", "жағалауы", "embankment"),
    "dead_end": ("тупик", "туп"),
}

HOUSE_MARKERS: Final = ("д", "дом", "үй", "house", "№", "no", "nr")
"""Words that announce a house number (``д. 24а``, ``үй 5``, ``№ 10``)."""
BLOCK_MARKERS: Final = ("к", "корп", "корпус", "блок", "block", "bl", "строение", "стр")
"""Words that announce a block of a house (``15 корп. 2``)."""
APARTMENT_MARKERS: Final = ("кв", "квартира", "пәтер", "apt", "apartment", "flat", "офис", "оф")
"""Words that announce an apartment or office; the geocoder ignores them and what follows."""
SETTLEMENT_MARKERS: Final = (
    "г",
    "гор",
    "город",
    "с",
    "село",
    "п",
    "пос",
    "поселок",
    "пгт",
    "ауыл",
    "ауылы",
    "қала",
    "қаласы",
    "кент",
    "кенті",
    "city",
    "town",
    "village",
    "aul",
)
"""Words that announce a settlement (``г. Астана``, ``с. Коянды``, ``Қоянды ауылы``)."""
ADMIN_MARKERS: Final = (
    "район",
    "р-н",
    "ауданы",
    "аудан",
    "область",
    "обл",
    "облысы",
    "district",
    "region",
    "oblast",
)
"""Words of administrative units (``Бостандыкский р-н``); segments naming them are skipped."""
COMPLEX_MARKERS: Final = ("жк", "жилой комплекс", "жилкомплекс")
"""Words before a housing complex's name (``ЖК Нурсая``): a name people add beside the street
and house, which registries do not keep, so the geocoder leaves it out rather than read it as a
settlement of another region."""
COMPLEX_SUFFIXES: Final = (
    "тұрғын үй кешені",
    "тұрғын кешені",
    "тұрғын кешен",
    "residential complex",
)
"""Words after a housing complex's name (``Нұрсая тұрғын үй кешені``, ``Nursaya residential
complex``), left out with it as :data:`COMPLEX_MARKERS`."""

_KAZAKH_TO_RUSSIAN: Final = str.maketrans("әғқңөұүһі", "агкноуухи")
_CYRILLIC_TO_LATIN: Final[dict[int, str]] = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sh",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)
# Letters of the Kazakh Latin alphabets (2017-2021) that do not decompose into a base letter
# plus a combining mark, or whose base letter alone would lose a sound.
_LATIN_SPECIAL: Final[dict[int, str]] = str.maketrans(
    {"ş": "sh", "ç": "ch", "ı": "i", "ŋ": "n", "ð": "d", "ß": "ss"}
)
_LATIN_DIGRAPHS: Final = re.compile("shch|kh|c(?!h)")
_LATIN_DIGRAPH_FOLD: Final = {"shch": "sh", "kh": "h", "c": "ts"}
_LATIN_LETTERS: Final = str.maketrans({"j": "zh", "q": "k", "w": "u", "y": "i"})
_NOT_ALNUM: Final = re.compile(r"[^0-9a-z]+")
_LETTER_DIGIT: Final = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
_REPEATED_LETTER: Final = re.compile(r"([^\W\d_])\1+")
_VOWELS: Final = frozenset("aeiou")
_GENITIVE_MIN_LENGTH: Final = 4


def _strip_genitive(word: str) -> str:
    """Drop a Russian genitive ending from one folded word (see the module docstring, step 7)."""
    if len(word) < _GENITIVE_MIN_LENGTH or not word.isalpha():
        return word
    if word.endswith("ia"):
        return word[:-1] if word[-3] in _VOWELS else word[:-2]
    if word.endswith("a") and word[-2] not in _VOWELS:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 17)
def fold(text: str, *, genitive: bool = True) -> str:
    """Fold any spelling of an address text into its matching key.

    Parameters
    ----------
    text
        Free text in Russian, Kazakh or Latin letters.
    genitive
        Strip Russian genitive endings (step 7 of the module docstring). Off for prefixes typed
        so far, whose last word is usually incomplete.

    Returns
    -------
    str
        Space-separated words of lowercase ASCII letters and digits; empty when the text has
        neither. Results are cached: street names and marker words repeat across a region.

    Examples
    --------
    >>> fold("Достық"), fold("Dostyq"), fold("Достык")
    ('dostik', 'dostik', 'dostik')
    >>> fold("улица Мухтара Ауэзова")
    'ulits muhtar auezov'
    """
    folded = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    folded = _REPEATED_LETTER.sub(r"\1", folded)
    folded = folded.translate(_KAZAKH_TO_RUSSIAN).translate(_CYRILLIC_TO_LATIN)
    folded = folded.translate(_LATIN_SPECIAL)
    if not folded.isascii():
        folded = "".join(
            char
            for char in unicodedata.normalize("NFKD", folded)
            if not unicodedata.combining(char)
        )
    folded = _LATIN_DIGRAPHS.sub(lambda match: _LATIN_DIGRAPH_FOLD[match[0]], folded)
    folded = folded.translate(_LATIN_LETTERS).replace("ie", "e")
    folded = _NOT_ALNUM.sub(" ", folded)
    folded = _LETTER_DIGIT.sub(" ", folded)
    folded = _REPEATED_LETTER.sub(r"\1", folded)
    words = folded.split()
    if genitive:
        words = [_strip_genitive(word) for word in words]
    return " ".join(words)


def _phrase(text: str) -> tuple[str, ...]:
    """Fold a marker word or phrase into the tuple of token keys it spans."""
    return tuple(_token_key(part) for part in text.split())


@lru_cache(maxsize=1 << 16)
def _token_key(text: str) -> str:
    """Key of one typed token for marker look-up: folded, dots dropped, hyphens kept."""
    return "-".join(fold(part) for part in text.replace(".", "").split("-"))


_KIND_PHRASES: Final[dict[tuple[str, ...], StreetKind]] = {
    _phrase(word): kind for kind, words in KIND_WORDS.items() for word in words
}
_MARKER_PHRASES: Final[dict[tuple[str, ...], TokenRole]] = {
    **{_phrase(word): "house_marker" for word in HOUSE_MARKERS},
    **{_phrase(word): "block_marker" for word in BLOCK_MARKERS},
    **{_phrase(word): "apartment_marker" for word in APARTMENT_MARKERS},
    **{_phrase(word): "settlement_marker" for word in SETTLEMENT_MARKERS},
    **{_phrase(word): "admin_marker" for word in ADMIN_MARKERS},
    **{_phrase(word): "complex_marker" for word in COMPLEX_MARKERS},
    **{_phrase(word): "complex_suffix" for word in COMPLEX_SUFFIXES},
}
_LONGEST_PHRASE: Final = max(len(phrase) for phrase in (*_KIND_PHRASES, *_MARKER_PHRASES))
# "№" folds to nothing, so it is recognised by its text.
_NUMERO: Final = "№"


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a typed address.

    Attributes
    ----------
    text
        The token as typed (several typed words for a multi-word marker such as ``шағын
        ауданы``).
    key
        The folded key of ``text`` (:func:`fold`); empty for punctuation-only tokens.
    role
        What the token is: a name ``word``, a ``number`` (starts with a digit: a house number or
        a numbered microdistrict), or a marker.
    kind
        The street kind, for ``kind`` tokens.
    """

    text: str
    key: str
    role: TokenRole
    kind: StreetKind | None = None


_SEGMENT_SEPARATORS: Final = re.compile(r"[,;\n]+")
# Split after a dot glued to the next word ("ул.Абая", "д.24а"), "№10" into "№", "10", and a
# house number glued to its street ("Абая59"; two letters at least, so "д24" stays a marker's).
_GLUED: Final = re.compile(r"(?<=\.)(?=[^\s.])|(?<=№)(?=\S)|(?<=[^\W\d_]{2})(?=\d)")


def _raw_tokens(segment: str) -> list[str]:
    """Split one segment into typed words, keeping house numbers like ``24а/1`` whole."""
    return [part for chunk in segment.split() for part in _GLUED.split(chunk) if part]


def tokenize(segment: str) -> tuple[Token, ...]:
    """Tokenise one comma-separated segment of a typed address.

    Marker words (street kinds in every language and abbreviation, house, block, apartment,
    settlement and administrative markers) are recognised by their folded key, longest phrase
    first, so ``шағын ауданы`` and ``ш.а.`` are one microdistrict marker while a lone ``ш.`` is
    a highway (шоссе).

    Parameters
    ----------
    segment
        Text without commas, e.g. ``"мкн 3 д. 24а/1"``.

    Returns
    -------
    tuple of Token
        In typed order.

    Examples
    --------
    >>> [(token.text, token.role) for token in tokenize("мкн 3 д. 24а/1")]
    [('мкн', 'kind'), ('3', 'number'), ('д.', 'house_marker'), ('24а/1', 'number')]
    """
    raw = _raw_tokens(segment)
    keys = [_token_key(word) for word in raw]
    tokens: list[Token] = []
    position = 0
    while position < len(raw):
        if raw[position] == _NUMERO:
            tokens.append(Token(raw[position], "", "house_marker"))
            position += 1
            continue
        for span in range(min(_LONGEST_PHRASE, len(raw) - position), 0, -1):
            phrase = tuple(keys[position : position + span])
            marker: TokenRole | None = (
                "kind" if phrase in _KIND_PHRASES else _MARKER_PHRASES.get(phrase)
            )
            if marker is not None:
                text = " ".join(raw[position : position + span])
                kind = _KIND_PHRASES.get(phrase)
                tokens.append(Token(text, " ".join(phrase), marker, kind))
                break
        else:
            word = raw[position]
            tokens.append(Token(word, fold(word), "number" if word[0].isdigit() else "word"))
            span = 1
        position += span
    return tuple(token for token in tokens if token.key or token.role != "word")


def split_segments(query: str) -> list[tuple[Token, ...]]:
    """Split a typed address at commas, semicolons and line breaks, and tokenise each part.

    Parameters
    ----------
    query
        The whole typed address, e.g. ``"Астана, ул. Абая 10"``.

    Returns
    -------
    list of tuple of Token
        One entry per non-empty segment, in typed order.
    """
    segments = (tokenize(part) for part in _SEGMENT_SEPARATORS.split(query))
    return [segment for segment in segments if segment]


@dataclass(frozen=True, slots=True)
class StreetName:
    """A street name split into its kind and the name proper.

    Attributes
    ----------
    text
        The full text, as given.
    name
        The name without kind words, as given (``Абая`` of ``улица Абая``).
    kind
        The street kind, or ``None`` when the text names none.
    key
        The matching key of ``name`` (:func:`street_key`).
    """

    text: str
    name: str
    kind: StreetKind | None
    key: str


def street_key(words: list[str] | tuple[str, ...]) -> str:
    """Return the matching key of a street's name words: folded, initials dropped.

    Initials are dropped (``М. Ауэзова`` and ``Ауэзова`` are one street) unless nothing else is
    left.

    Parameters
    ----------
    words
        The name's words, kind words already removed.

    Returns
    -------
    str
        The key; empty when the words hold no letter or digit.
    """
    folded = fold(" ".join(words)).split()
    kept = [word for word in folded if len(word) > 1 or word.isdigit()]
    return " ".join(kept or folded)


@lru_cache(maxsize=1 << 16)
def parse_street(text: str) -> StreetName:
    """Split a street's text (registry or typed) into kind and name.

    Parameters
    ----------
    text
        E.g. ``"улица Абая"``, ``"Самал-2 шағын ауданы"``, ``"Abay street"``.

    Returns
    -------
    StreetName
        The first kind word found gives ``kind``; every kind word is removed from the name.

    Examples
    --------
    >>> parse_street("Самал-2 шағын ауданы")
    StreetName(text='Самал-2 шағын ауданы', name='Самал-2', kind='microdistrict', key='samal 2')
    """
    tokens = tokenize(text)
    kinds = [token.kind for token in tokens if token.role == "kind"]
    name_words = [token.text for token in tokens if token.role != "kind"]
    return StreetName(
        text=text,
        name=" ".join(name_words),
        kind=kinds[0] if kinds else None,
        key=street_key(name_words),
    )


def settlement_key(name: str) -> str:
    """Return the matching key of a settlement name, without settlement words (г., ауылы).

    Parameters
    ----------
    name
        E.g. ``"Қоянды ауылы"``, ``"г. Астана"``, ``"Koyandy"``.

    Returns
    -------
    str
        The folded key of the remaining words.
    """
    words = [token.text for token in tokenize(name) if token.role != "settlement_marker"]
    return fold(" ".join(words))
