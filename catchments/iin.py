"""The individual identification number (IIN): validation, and the keyed hash the register keeps.

An IIN is 12 digits (Government Decree No. 565 of 11 June 2003 and the IIN structure rules it
refers to)::

    Y Y M M D D  C  N N N N  K
    birth date   |  serial   check digit
                 century and sex: 1/2 = born 1800s, 3/4 = 1900s, 5/6 = 2000s (odd male, even female)

The check digit is ``Σ dᵢ·wᵢ mod 11`` over the first 11 digits with weights 1, 2, …, 11; when that
is 10, the weights 3, 4, …, 11, 1, 2 are used instead; when that is 10 again the number is never
issued, so it is invalid. (Checked against the published validators ``kz-iin-validator`` and
``kaz-person-id`` and their test numbers, e.g. ``791028302728`` is valid and ``821214240092`` falls
in the "10 twice" case.) The arithmetic is written out here because it is twelve lines and the
only packages that do it are small single-author ones that raise untyped errors; ours must say
which part of the number is wrong without echoing the number.

The register never stores an IIN in clear. It keeps

* a **keyed hash** (HMAC-SHA256) for look-up: an IIN has so little entropy (a birth date and a
  4-digit serial) that a plain SHA-256 is reversed by trying every number in minutes, while an
  HMAC cannot be reversed without the key, which lives outside the database
  (``EMHANA_IIN_KEY``); and
* the **last four digits** for a registrar to tell people apart on screen.

Messages never contain the number itself: they end up in logs and tracebacks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from catchments.messages import iin_error

__all__ = [
    "DEV_KEY",
    "DEV_MODE_ENV",
    "IIN_KEY_ENV",
    "MIN_KEY_LENGTH",
    "IINError",
    "IINHasher",
    "IINKeyError",
    "ParsedIIN",
    "check_digit",
    "last_four",
    "parse_iin",
    "validate_iin",
]

IIN_KEY_ENV: Final = "EMHANA_IIN_KEY"
"""Environment variable holding the secret key of the IIN hash."""

DEV_MODE_ENV: Final = "EMHANA_DEV_MODE"
"""Set to ``1`` to allow the public development key when ``EMHANA_IIN_KEY`` is missing."""

DEV_KEY: Final = "emhana-development-key-NOT-SECRET-never-use-with-real-people"
"""The key of dev mode. It is public (it is in this file), so hashes made with it protect nothing;
dev mode exists so that tests and demos run without a secret."""

MIN_KEY_LENGTH: Final = 32
"""A key shorter than this is refused: the key is the only thing keeping IINs unguessable."""

_WEIGHTS_FIRST: Final = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_SECOND: Final = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY: Final = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class IINError(ValueError):
    """An IIN that is not valid; the message says which part is wrong (never the number).

    ``code`` and ``params`` word it in other languages (:meth:`text`): a registrar types IINs
    all day, in Kazakh or Russian.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(iin_error(code, params, "en"))

    def text(self, lang: str) -> str:
        """The problem in ``lang`` (kk, ru, en)."""
        return iin_error(self.code, self.params, lang)


class IINKeyError(RuntimeError):
    """The IIN hash key is missing or too weak; the message says how to set one."""


@dataclass(frozen=True)
class ParsedIIN:
    """What a valid IIN says.

    Attributes
    ----------
    digits
        The 12 digits. Kept out of ``repr`` so a logged object does not leak it.
    birth_date
        From the first six digits and the century digit.
    sex
        ``"male"`` (odd century digit) or ``"female"`` (even).
    """

    digits: str = field(repr=False)
    birth_date: dt.date
    sex: str

    @property
    def last4(self) -> str:
        """The last four digits, the only part the register shows."""
        return self.digits[-4:]


def check_digit(first_eleven: str) -> int | None:
    """The check digit of an IIN's first 11 digits, or None when the number cannot be issued.

    Examples
    --------
    >>> check_digit("79102830272")
    8
    >>> check_digit("82121424009") is None
    True
    """
    if len(first_eleven) != 11 or not first_eleven.isascii() or not first_eleven.isdigit():
        raise ValueError("check_digit: expected the first 11 digits of an IIN")
    digits = [int(char) for char in first_eleven]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, _WEIGHTS_SECOND, strict=True)) % 11
    return None if total == 10 else total


def parse_iin(text: str) -> ParsedIIN:
    """Validate an IIN and return what it says.

    Spaces around the number are ignored; nothing else is (a typo must not become another
    person's number).

    Raises
    ------
    IINError
        Naming the first wrong part: length or characters, century digit, birth date, or check
        digit.
    """
    if not isinstance(text, str):
        raise IINError("not_text", got=type(text).__name__)
    digits = text.strip()
    if not digits.isascii() or not digits.isdigit():
        raise IINError("not_digits")
    if len(digits) != 12:
        raise IINError("length", count=len(digits))
    century_digit = int(digits[6])
    if century_digit not in _CENTURY:
        raise IINError("century", digit=century_digit)
    year = _CENTURY[century_digit] + int(digits[0:2])
    try:
        birth_date = dt.date(year, int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        raise IINError("birth_date") from None
    expected = check_digit(digits[:11])
    if expected is None:
        raise IINError("unissuable")
    if expected != int(digits[11]):
        raise IINError("check_digit")
    sex = "male" if century_digit % 2 else "female"
    return ParsedIIN(digits=digits, birth_date=birth_date, sex=sex)


def validate_iin(text: str) -> str:
    """Return the 12 digits of a valid IIN, without surrounding spaces; see :func:`parse_iin`."""
    return parse_iin(text).digits


def last_four(text: str) -> str:
    """The last four digits of a valid IIN, for display."""
    return parse_iin(text).last4


@dataclass(frozen=True)
class IINHasher:
    """HMAC-SHA256 of IINs under a secret key: the register's look-up key for a person.

    Build it with :meth:`from_environment` in programs; tests may pass a key directly.

    Parameters
    ----------
    key
        At least :data:`MIN_KEY_LENGTH` characters; kept out of ``repr``.
    dev_mode
        True when the public :data:`DEV_KEY` is used.
    """

    key: str = field(repr=False)
    dev_mode: bool = False

    def __post_init__(self) -> None:
        if len(self.key) < MIN_KEY_LENGTH:
            raise IINKeyError(
                f"{IIN_KEY_ENV}: the key has {len(self.key)} characters; use at least "
                f"{MIN_KEY_LENGTH}, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`"
            )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> IINHasher:
        """The hasher configured by the environment.

        ``EMHANA_IIN_KEY`` holds the key. Without it, ``EMHANA_DEV_MODE=1`` selects the public
        development key (for tests and demos only); otherwise the register refuses to handle IINs.

        Raises
        ------
        IINKeyError
            When neither is set, or the key is too short.
        """
        env = os.environ if environ is None else environ
        key = env.get(IIN_KEY_ENV, "")
        if key:
            return cls(key)
        if env.get(DEV_MODE_ENV, "").strip().lower() in {"1", "true", "yes"}:
            return cls(DEV_KEY, dev_mode=True)
        raise IINKeyError(
            f"{IIN_KEY_ENV} is not set: the register stores IINs only as a keyed hash and needs "
            "the secret key. Generate one once with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`, keep it outside the "
            f"database (losing it makes stored IINs unsearchable), and export {IIN_KEY_ENV}. "
            f"For tests and demos only, {DEV_MODE_ENV}=1 uses a public development key."
        )

    def hash(self, iin: str) -> str:
        """The 64-character hex HMAC-SHA256 of a valid IIN.

        Raises
        ------
        IINError
            When the IIN is not valid (an invalid number must never reach the register).
        """
        digits = validate_iin(iin)
        key = self.key.encode("utf-8")
        return hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()
