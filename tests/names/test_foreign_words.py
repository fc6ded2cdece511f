"""Japanese readings and Japanese, Korean and Hebrew business words translated before matching."""

from __future__ import annotations

import pytest

from tradeguard.names.foreign_words import hebrew_skeleton, is_japanese
from tradeguard.names.phonetic import skeleton
from tradeguard.names.scripts import to_latin_words


def latin(text: str) -> list[str]:
    return [word.text.lower() for word in to_latin_words(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("株式会社霜月水産", ["kk", "shimotsukisuisan"]),  # kanji read in Japanese, not pinyin; Suisan kept
        ("風松工業株式会社", ["kazematsu", "industries", "kk"]),
        ("株式会社風松ホールディングス", ["kk", "kazematsu", "holdings"]),  # katakana loanword translated
        ("東洋電機株式会社", ["toyo", "electric", "kk"]),  # long vowel toyou written short
        ("星ノ浦商事株式会社", ["hoshinourashoji", "kk"]),  # no long vowel across words (no + ura)
    ],
)
def test_japanese(text: str, expected: list[str]) -> None:
    assert latin(text) == expected


def test_chinese_without_kana_stays_pinyin() -> None:
    assert not is_japanese("华为技术有限公司")
    assert latin("华为技术有限公司") == ["huawei", "technologies", "co", "ltd"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("새벽별물류 주식회사", ["saebyeogbyeol", "logistics", "co", "ltd"]),
        ("대륜중공업 주식회사", ["daelyun", "heavy", "industries", "co", "ltd"]),  # longest word peeled first
        ("조선무역", ["joseon", "trading"]),  # 조선 (Korea) is not translated as shipbuilding
    ],
)
def test_korean(text: str, expected: list[str]) -> None:
    assert latin(text) == expected


def test_hebrew_business_words_and_legal_form() -> None:
    words = to_latin_words("גורביץ' חלקים מדויקים בע\"מ")
    assert [word.text for word in words[1:]] == ["parts", "precision", "ltd"]
    assert words[0].vowelless and not words[1].vowelless


@pytest.mark.parametrize(
    ("hebrew", "latin_name"),
    [
        ("גורביץ'", "gurevich"),  # tsadi + geresh is ch; medial bet is v
        ("נחמיאס", "nakhmias"),
        ("צור", "tzur"),
        ("כהן", "cohen"),  # initial kaf is k
        ("פרץ", "peretz"),  # initial pe is p
        ("הובלות", "hovalot"),  # vav as a vowel letter
    ],
)
def test_hebrew_skeleton_meets_latin_skeleton(hebrew: str, latin_name: str) -> None:
    assert hebrew_skeleton(hebrew) == skeleton(latin_name)


def test_different_hebrew_names_have_different_skeletons() -> None:
    assert hebrew_skeleton("כהן") != skeleton("katz")
