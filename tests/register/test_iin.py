"""catchments.iin: IIN validation (date, century digit, check digit) and the keyed hash.

The worked examples: ``791028302728`` (a number published as valid by the ``py-kz-validators``
package): 7·1 + 9·2 + 1·3 + 0·4 + 2·5 + 8·6 + 3·7 + 0·8 + 2·9 + 7·10 + 2·11 = 217, and
217 mod 11 = 8, its last digit. ``821214240092`` (listed as invalid by ``kz-iin-validator``'s
tests): the first weights give 197 mod 11 = 10, the second (3…11, 1, 2) give 164 mod 11 = 10
again, so the number is never issued.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catchments.iin import (
    DEV_KEY,
    IINError,
    IINHasher,
    IINKeyError,
    check_digit,
    last_four,
    parse_iin,
    validate_iin,
)
from catchments.messages import IIN_ERRORS, Language
from tests.register.conftest import make_iin

VALID = "791028302728"


def test_a_published_valid_iin() -> None:
    parsed = parse_iin(VALID)
    assert parsed.birth_date == dt.date(1979, 10, 28)
    assert parsed.sex == "male"  # century digit 3: 1900s, odd
    assert parsed.last4 == "2728"
    assert validate_iin(f"  {VALID} ") == VALID
    assert last_four(VALID) == "2728"
    assert VALID not in repr(parsed)


def test_the_second_weights_are_used_when_the_first_give_ten() -> None:
    # 1980-03-02, century digit 3, serial 0180: the weights 1..11 give 142, and 142 mod 11 = 10;
    # the weights 3..11, 1, 2 give 104, and 104 mod 11 = 5.
    assert check_digit("80030230180") == 5
    assert parse_iin("800302301805").birth_date == dt.date(1980, 3, 2)
    with pytest.raises(IINError, match="check digit"):
        parse_iin("800302301800")


def test_a_number_whose_check_digit_is_ten_twice_is_invalid() -> None:
    assert check_digit("82121424009") is None
    with pytest.raises(IINError, match="cannot be issued"):
        parse_iin("821214240092")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("79102830272", "must be 12 digits, got 11"),
        ("7910283027281", "must be 12 digits, got 13"),
        ("791028-302728", "digits \\(0-9\\) only"),
        ("７９１０２８３０２７２８", "digits \\(0-9\\) only"),  # full-width digits
        ("791028702728", "7th digit \\(century and sex\\) is 7"),
        ("791028002728", "7th digit \\(century and sex\\) is 0"),
        ("791328302728", "not a birth date"),
        ("790230302728", "not a birth date"),  # 30 February
        ("791028302729", "check digit \\(12th\\) does not match"),
    ],
)
def test_invalid_iins_say_which_part_is_wrong_without_echoing_it(text: str, message: str) -> None:
    with pytest.raises(IINError, match=message) as caught:
        parse_iin(text)
    assert text not in str(caught.value)


@pytest.mark.parametrize(
    "text", ["79102830272", "791028-302728", "791028702728", "791328302728", "791028302729"]
)
def test_invalid_iins_are_explained_in_kazakh_and_russian(text: str) -> None:
    # The registrar page and `decide --record --lang` show these; they were English everywhere.
    with pytest.raises(IINError) as caught:
        parse_iin(text)
    russian, kazakh = caught.value.text("ru"), caught.value.text("kk")
    assert russian.startswith("ИИН: ")
    assert kazakh.startswith("ЖСН: ")
    assert caught.value.text("en") == str(caught.value)
    assert text not in russian + kazakh
    assert (
        IIN_ERRORS[Language.RU].keys()
        == IIN_ERRORS[Language.KK].keys()
        == (IIN_ERRORS[Language.EN].keys())
    )


def test_a_leap_day_is_a_valid_birth_date_only_in_a_leap_year() -> None:
    assert parse_iin(make_iin(dt.date(2000, 2, 29), serial=1)).birth_date == dt.date(2000, 2, 29)
    head = "0102295" + "0001"  # 29 February 2001
    with pytest.raises(IINError, match="not a birth date"):
        parse_iin(head + str(check_digit(head) or 0))


@given(
    birth=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)),
    serial=st.integers(min_value=0, max_value=9980),
    female=st.booleans(),
)
def test_every_generated_iin_parses_back_to_its_birth_date_and_sex(
    birth: dt.date, serial: int, female: bool
) -> None:
    parsed = parse_iin(make_iin(birth, serial=serial, female=female))
    assert parsed.birth_date == birth
    assert parsed.sex == ("female" if female else "male")


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_the_check_digit_is_the_weighted_sum_mod_11(first: str) -> None:
    digits = [int(char) for char in first]
    one = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    two = sum(d * w for d, w in zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], strict=True)) % 11
    expected = one if one != 10 else (two if two != 10 else None)
    assert check_digit(first) == expected


def test_the_keyed_hash_depends_on_the_key_and_hides_the_number() -> None:
    first = IINHasher("k" * 32)
    second = IINHasher("k" * 31 + "j")
    digest = first.hash(VALID)
    assert len(digest) == 64
    assert int(digest, 16) >= 0
    assert digest == first.hash(f" {VALID}")
    assert digest != second.hash(VALID)
    assert first.hash("800302301805") != digest
    assert "k" * 32 not in repr(first)
    with pytest.raises(IINError):
        first.hash("791028302729")


def test_the_key_comes_from_the_environment_or_dev_mode_only() -> None:
    assert IINHasher.from_environment({"EMHANA_IIN_KEY": "s" * 40}).key == "s" * 40
    dev = IINHasher.from_environment({"EMHANA_DEV_MODE": "1"})
    assert (dev.key, dev.dev_mode) == (DEV_KEY, True)
    with pytest.raises(IINKeyError, match=r"EMHANA_IIN_KEY is not set.*EMHANA_DEV_MODE=1"):
        IINHasher.from_environment({})
    with pytest.raises(IINKeyError, match="has 5 characters; use at least 32"):
        IINHasher.from_environment({"EMHANA_IIN_KEY": "short"})
