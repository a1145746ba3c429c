"""Folding, street kinds and tokens of typed Kazakhstan addresses (geo.addresses)."""

from __future__ import annotations

import pytest

from geo.addresses import (
    fold,
    parse_street,
    settlement_key,
    split_segments,
    street_key,
    tokenize,
)

# ---------------------------------------------------------------- folding


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (("Достық", "Достык", "Dostyk", "Dostyq", "DOSTYK"), "dostik"),
        (("Абай", "Абая", "Abay", "Abai", "Abaya"), "abai"),
        (("Әуезов", "Ауэзова", "Ауезов", "Auezov", "Äuezov"), "auezov"),
        (("Сейфуллин", "Сейфуллина", "Seifullin", "Seyfullin", "Сейфулин"), "seifulin"),
        (
            ("Қабанбай батыр", "Кабанбай батыра", "Kabanbay batyr", "Qabanbai batyr"),
            "kabanbai batir",
        ),
        (("Жамбыл", "Жамбыла", "Zhambyl", "Jambyl"), "zhambil"),
        (("Тәуелсіздік", "Тауелсиздик", "Täuelsızdık", "Tauelsizdik"), "tauelsizdik"),
        (("Абылай хана", "Абылай хан", "Abylai khan", "Abylay han"), "abilai han"),
        (("Гоголя", "Гоголь", "Gogol"), "gogol"),
        (("Тёплая", "Теплая"), "teplai"),
    ],
)
def test_every_spelling_of_a_name_folds_to_one_key(spellings: tuple[str, ...], key: str) -> None:
    assert {fold(spelling) for spelling in spellings} == {key}


@pytest.mark.parametrize(
    ("kazakh", "russian"),
    [("ә", "а"), ("ғ", "г"), ("қ", "к"), ("ң", "н"), ("ө", "о"), ("ұ", "у"), ("ү", "у"),
     ("һ", "х"), ("і", "и")],
)  # fmt: skip
def test_each_kazakh_letter_folds_like_its_nearest_russian_letter(
    kazakh: str, russian: str
) -> None:
    assert fold(f"б{kazakh}т") == fold(f"б{russian}т")
    assert fold(f"б{kazakh}т") != fold("бт")


def test_typos_of_doubled_letters_fold_away() -> None:
    # Абаяя: the doubled я collapses, then the genitive я drops.
    assert fold("Абаяя") == fold("Абай") == "abai"
    assert fold("Сейфуллинна") == fold("Сейфуллин")


def test_numbers_are_kept_whole_and_split_from_letters() -> None:
    assert fold("Самал-2") == fold("Самал 2") == fold("Самал2") == "samal 2"
    assert fold("Самал-2") != fold("Самал-3")
    assert fold("улица 100") == "ulits 100"  # digits never collapse: 100 is not 10


def test_genitive_stripping_can_be_switched_off_for_prefixes() -> None:
    assert fold("Абая", genitive=False) == "abaia"
    assert fold("Абая") == "abai"
    # Short words keep their endings: "Мира" has four letters and is stripped, "Ака" is not.
    assert fold("Мира") == "mir"
    assert fold("Ака") == "aka"


def test_text_without_letters_or_digits_folds_to_nothing() -> None:
    assert fold("  -.,!  ") == ""


# ---------------------------------------------------------------- street kinds


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("улица Абая", "street", "abai"),
        ("ул. Абая", "street", "abai"),
        ("ул.Абая", "street", "abai"),
        ("Абай көшесі", "street", "abai"),
        ("көш. Абай", "street", "abai"),
        ("Abay street", "street", "abai"),
        ("Abai st.", "street", "abai"),
        ("проспект Достык", "avenue", "dostik"),
        ("пр. Достык", "avenue", "dostik"),
        ("пр-т Достык", "avenue", "dostik"),
        ("просп. Достык", "avenue", "dostik"),
        ("Достық даңғылы", "avenue", "dostik"),
        ("даң. Достық", "avenue", "dostik"),
        ("Dostyk avenue", "avenue", "dostik"),
        ("Dostyq dañğyly", "avenue", "dostik"),
        ("микрорайон Самал-2", "microdistrict", "samal 2"),
        ("мкр. Самал-2", "microdistrict", "samal 2"),
        ("мкр Самал-2", "microdistrict", "samal 2"),
        ("мкн Самал-2", "microdistrict", "samal 2"),
        ("м-н Самал-2", "microdistrict", "samal 2"),
        ("Самал-2 шағын ауданы", "microdistrict", "samal 2"),
        ("Самал-2 шағын аудан", "microdistrict", "samal 2"),
        ("ш.а. Самал-2", "microdistrict", "samal 2"),
        ("Samal-2 microdistrict", "microdistrict", "samal 2"),
        ("мкн 3", "microdistrict", "3"),
        ("переулок Луговой", "lane", "lugovoi"),
        ("пер. Луговой", "lane", "lugovoi"),
        ("Луговой тұйық көшесі", "lane", "lugovoi"),
        ("Lugovoy lane", "lane", "lugovoi"),
        ("бульвар Нуржол", "boulevard", "nurzhol"),
        ("Нұржол бульвары", "boulevard", "nurzhol"),
        ("Абая", None, "abai"),
    ],
)
def test_street_kind_is_split_from_the_name(text: str, kind: str | None, key: str) -> None:
    street = parse_street(text)
    assert (street.kind, street.key) == (kind, key)


def test_a_lone_sh_is_a_highway_but_sh_a_is_a_microdistrict() -> None:
    assert parse_street("ш. Коргалжын").kind == "highway"
    assert parse_street("ш.а. Коргалжын").kind == "microdistrict"


def test_street_name_keeps_its_typed_spelling() -> None:
    street = parse_street("Самал-2 шағын ауданы")
    assert street.name == "Самал-2"
    assert street.text == "Самал-2 шағын ауданы"


def test_initials_are_dropped_from_the_key_unless_nothing_else_is_left() -> None:
    assert parse_street("улица М. Ауэзова").key == parse_street("улица Ауэзова").key == "auezov"
    assert street_key(["А"]) == "a"


# ---------------------------------------------------------------- tokens


def _roles(text: str) -> list[tuple[str, str]]:
    return [(token.text, token.role) for token in tokenize(text)]


def test_microdistrict_number_and_marked_house_are_told_apart() -> None:
    assert _roles("мкн 3 д. 24а/1") == [
        ("мкн", "kind"),
        ("3", "number"),
        ("д.", "house_marker"),
        ("24а/1", "number"),
    ]


def test_glued_abbreviations_and_numero_are_split() -> None:
    assert _roles("ул.Абая д.10") == [
        ("ул.", "kind"),
        ("Абая", "word"),
        ("д.", "house_marker"),
        ("10", "number"),
    ]
    assert _roles("№10") == [("№", "house_marker"), ("10", "number")]
    # A house number typed without a space after its street, as in "Абая59" (found nothing).
    assert _roles("Абая59а") == [("Абая", "word"), ("59а", "number")]
    assert _roles("мкр5") == [("мкр", "kind"), ("5", "number")]
    assert _roles("д24") == [("д24", "word")]  # one letter: not a street's name


def test_block_apartment_settlement_and_admin_markers() -> None:
    assert _roles("15 корп. 2") == [("15", "number"), ("корп.", "block_marker"), ("2", "number")]
    assert _roles("кв. 5")[0] == ("кв.", "apartment_marker")
    assert _roles("с. Коянды")[0] == ("с.", "settlement_marker")
    assert _roles("Қоянды ауылы")[1] == ("ауылы", "settlement_marker")
    assert _roles("Бостандыкский р-н")[1] == ("р-н", "admin_marker")


def test_multi_word_kind_is_one_token() -> None:
    tokens = tokenize("Луговой тұйық көшесі")
    assert [(token.role, token.kind) for token in tokens] == [("word", None), ("kind", "lane")]


def test_segments_split_at_commas_and_drop_empty_parts() -> None:
    segments = split_segments("Астана,, ул. Абая 10 ; ")
    assert [[token.text for token in segment] for segment in segments] == [
        ["Астана"],
        ["ул.", "Абая", "10"],
    ]


def test_settlement_key_ignores_settlement_words_and_spelling() -> None:
    assert settlement_key("г. Астана") == settlement_key("Astana") == settlement_key("Астана")
    assert (
        settlement_key("Қоянды ауылы") == settlement_key("с. Коянды") == settlement_key("Koyandy")
    )
