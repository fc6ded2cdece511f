"""Transliteration per script: the Latin words each script yields."""

from __future__ import annotations

import pytest

from tradeguard.names.phonetic import letter_readings
from tradeguard.names.scripts import arabic_skeleton, to_latin_words


def latin(text: str) -> list[str]:
    return [word.text.lower() for word in to_latin_words(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Александр Лукашенко", ["aleksandr", "lukashenko"]),  # Cyrillic
        ("ΓΙΏΡΓΟΣ", ["giorgos"]),  # Greek
        ("Zakłady Mięsne", ["zaklady", "miesne"]),  # Latin with diacritics: folded to ASCII
        ("华为技术有限公司", ["huawei", "technologies", "co", "ltd"]),  # Han: business words translated, name joined
        ("张伟", ["zhang", "wei"]),  # Han person: family name apart, given name joined
        ("习近平", ["xi", "jinping"]),
        ("深圳市", ["shenzhen"]),  # the city suffix is dropped like English names do
    ],
)
def test_transliteration(text: str, expected: list[str]) -> None:
    assert latin(text) == expected


def test_arabic_article_is_split_and_marked_vowelless() -> None:
    words = to_latin_words("التكريتي")
    assert [w.text for w in words] == ["al", "tkryty"]
    assert all(w.vowelless for w in words)


@pytest.mark.parametrize(
    ("arabic", "skeleton"),
    [("محمد", "mhmd"), ("حمزة", "hmsH"), ("ضاحي", "dh"), ("عبدالله", "bdl"), ("قاسم", "ksm")],
)
def test_arabic_skeleton_reads_letters_not_digraphs(arabic: str, skeleton: str) -> None:
    # ض+ا+ح transliterates to "dh", which must not be read as the digraph dh; a final ta marbuta is marked (H).
    assert arabic_skeleton(arabic) == skeleton


def test_a_final_ta_marbuta_reads_as_nothing_or_t() -> None:
    # Silent in a name said alone (Hamza), "t" before a noun or in Persian and Turkish spellings (Asbat, Hamzat).
    assert letter_readings(arabic_skeleton("حمزة")) == ("hms", "hmst")
    assert letter_readings(arabic_skeleton("عصبة")) == ("sb", "sbt")
    assert arabic_skeleton("عصبه") == "sb"  # a final heh is no ta marbuta
    # With an interdental too, every combination: ثروة (Tharwa, Sarwat) as t or s, with or without the final t.
    assert letter_readings(arabic_skeleton("ثروة")) == ("tr", "trt", "sr", "srt")


@pytest.mark.parametrize(
    ("arabic", "skeleton"),
    [("عثمان", "Tmn"), ("كاظم", "kTm"), ("ذهب", "Thb"), ("ځدران", "sdrn"), ("الطاھر", "thr"), ("شہزاد", "$hsd")],
)
def test_interdentals_get_their_own_class_and_urdu_pashto_letters_a_consonant(arabic: str, skeleton: str) -> None:
    # ث ذ ظ are written t/th or s/z in Latin (Uthman/Osman); Urdu heh (ہ, ھ) and Pashto dze (ځ) are consonants.
    assert arabic_skeleton(arabic.removeprefix("ال")) == skeleton
