"""House numbers and house-number range lists (geo.houses)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.houses import (
    HouseNumber,
    HouseNumberError,
    HouseRange,
    HouseRangeError,
    format_house_ranges,
    in_ranges,
    match_specificity,
    parse_house_ranges,
    parse_housenumber,
)


def h(text: str) -> HouseNumber:
    return parse_housenumber(text)


@pytest.mark.parametrize(
    ("text", "number", "letter", "slash", "block"),
    [
        ("10", 10, "", None, None),
        ("24а/1", 24, "а", 1, None),
        ("24a/1", 24, "а", 1, None),  # Latin a
        ("24 А", 24, "а", None, None),
        ("24-б", 24, "б", None, None),
        ("24B", 24, "б", None, None),  # Latin b transliterates to б
        ("д. 24а корп. 2", 24, "а", None, "2"),
        ("дом 7", 7, "", None, None),
        ("№ 7", 7, "", None, None),
        ("15к2", 15, "", None, "2"),
        ("15 к. 2", 15, "", None, "2"),
        ("15к", 15, "к", None, None),  # no digits after: the letter к
        ("3/2 корпус 1", 3, "", 2, "1"),
        ("5 блок А", 5, "", None, "а"),
        ("12ә", 12, "ә", None, None),  # Kazakh letter
        ("  007 ", 7, "", None, None),
    ],
)
def test_parse_housenumber_reads_usual_spellings(
    text: str, number: int, letter: str, slash: int | None, block: str | None
) -> None:
    house = parse_housenumber(text)
    assert (house.number, house.letter, house.slash, house.block) == (number, letter, slash, block)
    assert house.text == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("abc", "cannot read house number 'abc'"),
        ("0", "1 or more"),
        ("24/1а", "letter after the '/'"),
        ("24q", "'q' is not a Cyrillic letter"),
        ("24аб", "cannot read"),
        ("1-5", "cannot read"),
    ],
)
def test_parse_housenumber_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(HouseNumberError, match=message):
        parse_housenumber(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [("24/1а", "letter_after_slash"), ("24q", "not_cyrillic"), ("abc", "unreadable")],
)
def test_a_house_number_error_says_which_way_for_a_page_to_word(text: str, code: str) -> None:
    with pytest.raises(HouseNumberError) as error:
        parse_housenumber(text)
    assert error.value.code == code


def test_housenumber_error_is_a_value_error_and_rejects_non_text() -> None:
    with pytest.raises(ValueError, match="must be text"):
        parse_housenumber(12)  # type: ignore[arg-type]


def test_equality_ignores_spelling_and_order_follows_the_street() -> None:
    assert h("24 А") == h("24a") == HouseNumber(24, "а")
    assert hash(h("24 А")) == hash(h("24а"))
    houses = [h(t) for t in ("25", "24б", "24/2", "24а", "24", "24/1", "3")]
    assert [str(x) for x in sorted(houses)] == ["3", "24", "24/1", "24/2", "24а", "24б", "25"]
    assert h("24") < h("24 корп. 1") < h("24/1")


def test_canonical_spelling_parses_back() -> None:
    for text in ("д. 24а корп. 2", "24a/1", "15к2", "7"):
        house = h(text)
        assert parse_housenumber(house.canonical) == house
    assert h("д. 24а корп. 2").canonical == "24а корп. 2"


def test_parse_house_ranges_reads_the_list_forms() -> None:
    ranges = parse_house_ranges("1-35 odd; 2-40 even; 44")
    assert ranges == (
        HouseRange.span(1, 35, parity="odd"),
        HouseRange.span(2, 40, parity="even"),
        HouseRange.single(HouseNumber(44)),
    )
    assert parse_house_ranges("1-9") == (HouseRange.span(1, 9),)
    assert parse_house_ranges("all") == (HouseRange.street(),)
    assert parse_house_ranges("Все дома") == (HouseRange.street(),)
    assert parse_house_ranges("12а, 24а/1;") == (
        HouseRange.single(h("12а")),
        HouseRange.single(h("24а/1")),
    )
    assert parse_house_ranges("1–15 (нечётные); 2—8 чет.; тақ") == (
        HouseRange.span(1, 15, parity="odd"),
        HouseRange.span(2, 8, parity="even"),
        HouseRange.street(parity="odd"),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("1-35 odd;;44", "item 2 is empty"),
        ("1-35 sometimes", "'sometimes' is not a parity"),
        ("35-1", "span '35-1' must run from a smaller number"),
        ("1-9; корпус", "cannot read item 'корпус'"),
    ],
)
def test_parse_house_ranges_errors_name_the_bad_part(text: str, message: str) -> None:
    with pytest.raises(HouseRangeError, match=message):
        parse_house_ranges(text)


def test_spans_take_lettered_and_slashed_houses_of_their_numbers() -> None:
    odd = parse_house_ranges("1-35 odd")
    for text in ("1", "5", "5а", "7/2", "9 корп. 1", "35"):
        assert in_ranges(h(text), odd), text
    for text in ("2", "37", "4а"):
        assert not in_ranges(h(text), odd), text
    assert in_ranges(h("4а"), parse_house_ranges("1-9"))


def test_a_single_house_item_names_exactly_one_house() -> None:
    ranges = parse_house_ranges("44; 12а; 24а/1")
    assert in_ranges(h("44"), ranges)
    for text in ("44а", "44/1", "44 корп. 2", "12", "12б", "24а", "24а/2"):
        assert not in_ranges(h(text), ranges), text
    assert in_ranges(h("12 А"), ranges)
    assert in_ranges(h("24a/1"), ranges)


def test_whole_street_items() -> None:
    assert in_ranges(h("999б"), parse_house_ranges("all"))
    assert in_ranges(h("7а"), parse_house_ranges("odd"))
    assert not in_ranges(h("8"), parse_house_ranges("нечетная сторона"))


def test_specificity_prefers_a_named_house() -> None:
    ranges = parse_house_ranges("all; 1-35 odd; 17а")
    assert match_specificity(h("17а"), ranges) == 3
    assert match_specificity(h("17"), ranges) == 2
    assert match_specificity(h("18"), ranges) == 1
    assert match_specificity(h("18"), parse_house_ranges("1-9")) == 0


def test_format_writes_the_compact_form() -> None:
    odd = [str(n) for n in range(1, 36, 2)]
    even = [str(n) for n in range(2, 41, 2)]
    assert format_house_ranges([*odd, *even, "44"]) == "1-35 odd; 2-40 even; 44"
    assert format_house_ranges([str(n) for n in range(1, 10)]) == "1-9"
    assert format_house_ranges(["24а/1", "12а", "3"]) == "3; 12а; 24а/1"
    # Two houses are not a span.
    assert format_house_ranges(["1", "3"]) == "1; 3"


def test_format_with_the_street_never_claims_a_house_of_another_district() -> None:
    street = ["1", "3", "5", "5а", "7", "9", "11"]
    # 5а belongs elsewhere, so 5 cannot be inside a span (a span would take 5а too).
    assert format_house_ranges(["1", "3", "5", "7", "9", "11"], universe=street) == (
        "1; 3; 5; 7-11 odd"
    )
    # Numbers no house carries may be bridged: there is no 13 or 15 on this street.
    assert format_house_ranges(["1", "3", "11", "17"], universe=[*street, "17"]) == "1; 3; 11; 17"
    assert format_house_ranges(["7", "9", "11", "17"], universe=[*street, "17"]) == "7-17 odd"


def test_format_rejects_nothing() -> None:
    with pytest.raises(HouseRangeError, match="no houses"):
        format_house_ranges([])


houses = st.builds(
    HouseNumber,
    number=st.integers(1, 40),
    letter=st.sampled_from(["", "", "", "а", "б"]),
    slash=st.sampled_from([None, None, None, 1, 2]),
    block=st.sampled_from([None, None, None, "1"]),
)


@settings(max_examples=200, deadline=None)
@given(street=st.sets(houses, min_size=1, max_size=40), data=st.data())
def test_round_trip_covers_exactly_the_chosen_houses(
    street: set[HouseNumber], data: st.DataObject
) -> None:
    chosen = data.draw(st.sets(st.sampled_from(sorted(street)), min_size=1))
    text = format_house_ranges(chosen, universe=street)
    ranges = parse_house_ranges(text)
    assert {house for house in street if in_ranges(house, ranges)} == chosen
    # Without the street, every chosen house is still covered.
    assert all(
        in_ranges(house, parse_house_ranges(format_house_ranges(chosen))) for house in chosen
    )


@settings(max_examples=200, deadline=None)
@given(house=houses)
def test_canonical_round_trip(house: HouseNumber) -> None:
    assert parse_housenumber(house.canonical) == house
    assert parse_house_ranges(house.canonical) == (HouseRange.single(house),)


# --- edge cases of lists as registries write them --------------------------------------------


def range_error(text: str) -> str:
    with pytest.raises(HouseRangeError) as caught:
        parse_house_ranges(text)
    return str(caught.value)


def test_a_span_from_house_0_is_offered_the_span_from_1() -> None:
    message = range_error("0-5")
    assert "e.g. '1-5'" in message
    assert "'0-5'" not in message.split("span '0-5'", 1)[1]
    assert "house numbers start at 1" in range_error("0-0")


def test_a_backwards_span_may_be_a_slashed_house() -> None:
    # 24-1 is most likely house 24/1; as the span 1-24 it would give the district 24 houses.
    message = range_error("24-1")
    assert "or '24/1' if it is the one house 24/1" in message
    assert "write '1-24' for houses 1 to 24" in message
    # With a parity it is a span written backwards, and the parity is kept.
    message = range_error("35-1 odd")
    assert "e.g. '1-35 odd'" in message
    assert "/" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1-35 тақ жағы", (HouseRange.span(1, 35, parity="odd"),)),
        ("2-40 жұп жағы", (HouseRange.span(2, 40, parity="even"),)),
        ("тақ жағы", (HouseRange.street(parity="odd"),)),
        ("Жұп жағы", (HouseRange.street(parity="even"),)),
        ("1-35 нечетная сторона", (HouseRange.span(1, 35, parity="odd"),)),
    ],
)
def test_the_kazakh_side_reads_like_the_russian_one(
    text: str, expected: tuple[HouseRange, ...]
) -> None:
    assert parse_house_ranges(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15, корп. 2", ("15 корп. 2",)),
        ("15, Корпус 2; 17", ("15 корп. 2", "17")),
        ("10, 12 к. 3, 14", ("10", "12 корп. 3", "14")),
        ("12а, 24а/1", ("12а", "24а/1")),
        ("1-35, 44а", ("1-35", "44а")),
    ],
)
def test_a_comma_before_a_block_belongs_to_the_house(text: str, expected: tuple[str, ...]) -> None:
    assert tuple(str(item) for item in parse_house_ranges(text)) == expected
    for item, house in zip(parse_house_ranges(text), expected, strict=True):
        if item.kind == "house":
            assert item.house == h(house)
