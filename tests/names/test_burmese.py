"""Burmese names spelled as Myanmar names are written in English, business words translated."""

from __future__ import annotations

import pytest

from tradeguard.names.burmese import burmese_words
from tradeguard.names.normalize import normalize_name
from tradeguard.names.scripts import to_latin_words


def latin(text: str) -> list[str]:
    return [word.text for word in to_latin_words(text)]


# The Latin forms are those of the same persons on the OFAC SDN list (BURMA-EO14014 program) and in the press.
@pytest.mark.parametrize(
    ("burmese", "expected"),
    [
        ("မင်းအောင်လှိုင်", "min aung hlaing"),  # ှ after la: hl; ောင် aung; ိုင် aing
        ("ဦးကျော်ဇော်ထွန်း", "u kyaw zaw htun"),  # medial ya: ky; ော် aw; wa with n: un
        ("မြင့်ဆွေ", "myint swe"),  # the dot below on a nasal final: Myint, not Myin; ွေ we
        ("သိန်းညွန့်", "thein nyunt"),  # ိန် ein
        ("ချစ်နိုင်", "chit naing"),  # ချ ch, not khy
        ("မျိုးဆွေဝင်း", "myo swe win"),  # ို after a medial: o (Myo); elsewhere oe (Soe)
        ("စိုးဝင်း", "soe win"),
        ("အောင်ပြည့်စုံ", "aung pyae sone"),
        ("တေဇ", "tay za"),  # ေ alone: ay
        ("အေးနု", "aye nu"),
        ("ရွှေ", "shwe"),  # ရ with ha: sh
        ("အောင်ဆန်းစုကြည်", "aung san su kyi"),
        ("ဖြိုးအာကာ", "phyo ar kar"),
    ],
)
def test_names_in_their_conventional_spelling(burmese: str, expected: str) -> None:
    assert " ".join(latin(burmese)) == expected


def test_stacked_and_kinzi_consonants_close_the_syllable_before() -> None:
    # ရတနာမင်္ဂလာ: kinzi (င်္) is the n of "min"; the syllables join again in the scorer to meet "Mingalar".
    assert latin("ရတနာမင်္ဂလာ")[1:] == ["min", "ga", "lar"]


def test_words_with_a_set_spelling_are_spelled_so_and_marked_as_spelled() -> None:
    # Voiced inside the word (Yadanar, Yangon), a weak first syllable (Pale): the syllable table alone gives
    # "ya ta nar", "yan kon", "pu le".
    assert latin("ရတနာမင်္ဂလာ") == ["yadanar", "min", "ga", "lar"]
    words = to_latin_words("ရွှေပုလဲ ရန်ကုန်")
    assert [(word.text, word.transliterated) for word in words] == [("shwe", True), ("pale", True), ("yangon", True)]


def test_business_words_are_translated_and_not_marked_as_spelled() -> None:
    words = to_latin_words("ရွှေ ကုန်သွယ်ရေး ကုမ္ပဏီလီမိတက်")
    assert [(word.text, word.transliterated) for word in words] == [
        ("shwe", True),
        ("trading", False),
        ("company", False),
        ("limited", False),
    ]
    assert normalize_name("ရွှေ ကုန်သွယ်ရေး ကုမ္ပဏီလီမိတက်").legal_form == normalize_name("Shwe Trading Ltd").legal_form


def test_myanma_and_myanmar_are_one_word() -> None:
    assert normalize_name("MYANMA TIMBER ENTERPRISE").tokens == normalize_name("Myanmar Timber Enterprise").tokens
    assert normalize_name("မြန်မာ့ရေနံ").tokens == ("myanmar", "oil")


def test_punctuation_digits_and_latin_around_burmese_are_kept() -> None:
    assert burmese_words("(စိုးဝင်း),") == [("(soe", True), ("win),", True)]
    assert latin("ABC-စိုး") == ["ABC-soe"]
    assert latin("ရွှေ၁၂") == ["shwe12"]  # Burmese digits
    assert latin("စိုး၊ဝင်း") == ["soe,", "win"]  # the Burmese comma ends a name part like a comma


@pytest.mark.parametrize("text", ["\u103a", "\u103b\u103e", "\u102d\u102f", "\u1039\u1039", "\u1037\u1038", "\u104a"])
def test_marks_without_a_letter_give_no_word_and_no_crash(text: str) -> None:
    assert all(not word.text.strip() or word.text == "," for word in to_latin_words(text))
