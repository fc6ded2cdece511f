"""compare(): table-driven behaviour of the name scorer, the party scorer and the explanation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.errors import InputError
from tradeguard.lists.model import Entry, EntryKind, Identifier
from tradeguard.match.model import Party
from tradeguard.match.scorer import DEFAULT_THRESHOLD, compare, compare_names, score_party
from tradeguard.names.normalize import normalize_name
from tradeguard.settings import load_settings

P, ORG, V = EntryKind.PERSON, EntryKind.ORGANIZATION, EntryKind.VESSEL

MATCHES = [
    ("华为技术有限公司", "HUAWEI TECHNOLOGIES CO., LTD.", ORG),
    ("华为技术有限公司", "Huawei Technologies Company Limited", None),
    ("张伟", "ZHANG Wei", P),
    ("张伟", "Wei Zhang", P),
    ("Владимир Владимирович Путин", "PUTIN, Vladimir", P),
    ("Aleksandr Lukashenko", "LUKASHENKO, Alexander Grigoryevich", P),
    ("Zhelvinsky Sudoremontny Zavod", "Jelvinskiy Sudoremontnyi Zavod", ORG),
    ("محمد بن سلمان", "Mohammed bin Salman", P),
    ("صدام حسين التكريتي", "Saddam Hussein AL-TIKRITI", P),
    ("Mr. John Smith", "SMITH, John", P),
    ("J. R. Smith", "John Robert Smith", P),
    ("Quillmont Hydraulics, Inc.", "Quillmont Hydraulics Incorporated", ORG),
    ("Harrowfield Bearings Limited", "HARROWFIELD BEARINGS LTD.", ORG),
    ("OOO Romashka", "Romashka LLC", ORG),
    ("Kaszubska Wytwórnia Pierogów Sp. z o.o.", "Kaszubska Wytwornia Pierogow Limited Liability Company", ORG),
    ("M/T Ardrevan Pearl", "MT Ardrevan Pearl", V),
    ("M.T. THONG NAWA 3 (Laem Chabang)", "THONG NAWA NO.3", V),
    ("Star Voyager (ex-Southern Glory)", "Southern Glory", None),
    ("GroupeDiarraImportExport", "Groupe Diarra Import Export", ORG),
    ("Coastline Agro Supplies Ltd - Malindi Branch", "Coastline Agro Supplies Ltd", ORG),
    # Belarusian / Ukrainian given names against the Russian form of the same name.
    ("Siarhei Aliaksiejevich KALINOWSKI", "KALINOVSKII, Sergei Alekseevich", P),
    ("Uladzimir Zhaunerchyk", "Владимир Жавнерчик", P),
    ("Mykola Petrenko", "Николай Петренко", P),
    # Korean surnames in their several romanisations.
    ("Gim Yong Chol", "KIM Yong Chol", P),
    ("PAK Chol", "Park Chol", P),
    # Caron s is sh (Persian and Slavic scholarly romanisation); French dj is jim; dad read as d or z.
    ("Alí Šadmání", "علی شادمانی", P),
    ("YAHIA DJOUADI", "يحيى جوادي", P),
    ("FAIZ", "فيض", P),
    # Chinese brand names of Entity List companies.
    ("中兴通讯股份有限公司", "ZTE Corporation", ORG),
    ("深圳市海思半导体有限公司", "Shenzhen HiSilicon Semiconductor Co., Ltd.", ORG),
]
NON_MATCHES = [
    ("XYZ Trading Co", "ABC Trading Co", ORG),  # low-information words alone
    ("Kaverin International Freight Services Inc.", "Oduya International Freight Services Inc.", ORG),
    ("Bank 7", "Bank 8", ORG),  # numbers disagree
    ("Hoshikaze Maru No. 8", "Hoshikaze Maru No. 6", V),
    ("Brennock Steel Tubes Ltd", "Brennock Steel Wires Ltd", ORG),  # sibling companies
    ("Huawei Technologies Co., Ltd.", "Huawei Device Co., Ltd.", ORG),
    ("Korvessa Industrial GmbH", "Korvessa Industrial Sdn. Bhd.", ORG),  # same name, two countries' laws
    ("Marrowby Chemicals Ltd", "Marrowby Chemicals (Thailand) Co., Ltd.", ORG),  # national subsidiary
    ("John Smith", "Jane Smith", P),  # same surname, other given name
    ("Ahmad Rostamian", "Karim Rostamian", P),
    ("Guangzhou Lixing Cosmetics Co., Ltd.", "Guangzhou Lixin Cosmetics Co., Ltd.", ORG),  # one letter, other word
    ("ALTAIR STAR", "ALTAIR STARS", V),  # plural: a sister ship
    ("张伟", "ZHANG Wen", P),
    ("Kim Yong Chol", "Park Yong Chol", P),  # the surname table joins spellings, not surnames
    ("华为技术有限公司", "ZTE Corporation", ORG),
]


@pytest.mark.parametrize(("a", "b", "kind"), MATCHES)
def test_matches(a: str, b: str, kind: EntryKind | None) -> None:
    result = compare(a, b, kind)
    assert result.match, result.explanation
    assert result.score == compare(b, a, kind).score or abs(result.score - compare(b, a, kind).score) < 0.1


@pytest.mark.parametrize(("a", "b", "kind"), NON_MATCHES)
def test_non_matches(a: str, b: str, kind: EntryKind | None) -> None:
    result = compare(a, b, kind)
    assert not result.match, result.explanation


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Adham", "أدهم"),  # dal + ha, which a Latin "dh" also writes for dhal
        ("Medhat Saleh", "مدحت صالح"),
        ("Lakhal", "لكحل"),  # kaf + ha, which a Latin "kh" also writes for kha
        ("Ishaq", "إسحاق"),  # sin + ha: alone, with no other word to share a key through
    ],
)
def test_latin_letter_pairs_meet_two_arabic_letters(latin: str, arabic: str) -> None:
    query, entry = normalize_name(latin, P), normalize_name(arabic, P)
    assert not query.keys.isdisjoint(entry.keys)  # else the scorer stops at "nothing in common"
    assert compare(latin, arabic, P).score >= DEFAULT_THRESHOLD


def test_an_arabic_word_is_not_read_apart_by_its_transliteration() -> None:
    """Only a word written with vowels reads kh/dh/th/gh as two letters: the Latin letters of a word read from Arabic
    letters are a transliteration of one (اغ is "gh", ghayn), so it keeps no such key."""
    arabic = normalize_name("اغ", P)
    assert arabic.tokens == ("gh",)
    assert "s:kh" not in arabic.keys
    assert compare("AHMAD ZIA AGHA", "اياد اغ غالي", P).score == 0.0


def test_identical_names_score_one() -> None:
    for name in ("Bank Melli Iran", "HUAWEI TECHNOLOGIES CO., LTD.", "محمد", "Путин"):
        assert compare(name, name).score == 1.0


def test_explanation_and_alignment_come_from_the_features() -> None:
    result = compare("Aleksandr Lukashenko", "LUKASHENKO, Alexander")
    assert ("lukashenko", "lukashenko", 1.0) in result.aligned
    assert [feature.feature for feature in result.features] == [
        "tokens",
        "joined",
        "numbers",
        "legal_form",
        "vessel",
        "kind",
    ]
    assert "lukashenko=lukashenko" in result.explanation
    numbers = compare("Bank 7", "Bank 8").features[2]
    assert numbers.weight < 0 and "7 vs 8" in numbers.detail


def test_threshold_argument_decides_match() -> None:
    assert compare("Hadi", "Hadi Alwai", threshold=0.5).match
    assert not compare("Hadi", "Hadi Alwai", threshold=0.99).match


def test_default_threshold_is_the_settings_default() -> None:
    assert load_settings(environ={}).threshold == DEFAULT_THRESHOLD


def test_empty_name_is_a_clear_error() -> None:
    with pytest.raises(InputError):
        compare("", "Acme")


def _entry(**fields: object) -> Entry:
    base: dict[str, object] = {
        "id": "x:1",
        "source": "us-ofac-sdn",
        "source_id": "1",
        "kind": V,
        "name": "ADRIAN DARYA 1",
    }
    return Entry(**{**base, **fields})  # type: ignore[arg-type]


def test_party_evidence_never_hides_a_strong_name_match_without_data() -> None:
    query, candidate = normalize_name("ADRIAN DARYA 1"), normalize_name("ADRIAN DARYA 1")
    name_cmp = compare_names(query, candidate)
    entry = _entry(countries=("IR",), identifiers=(Identifier("IMO", "9116412"),))
    assert score_party(Party("ADRIAN DARYA 1"), query, entry, candidate, name_cmp).score == name_cmp.score


def test_identifier_match_is_decisive_and_other_evidence_moves_a_little() -> None:
    query, candidate = normalize_name("GRACE ONE"), normalize_name("ADRIAN DARYA 1")
    name_cmp = compare_names(query, candidate)
    entry = _entry(countries=("IR",), identifiers=(Identifier("IMO", "9116412"),))
    by_imo = score_party(Party("GRACE ONE", identifiers=(("IMO", "IMO 9116412"),)), query, entry, candidate, name_cmp)
    assert by_imo.score >= 0.99 and by_imo.features[-1].feature == "identifier"
    same = normalize_name("ADRIAN DARYA 1")
    strong = compare_names(same, same)
    elsewhere = score_party(Party("ADRIAN DARYA 1", country="PA"), same, entry, same, strong)
    assert strong.score - 0.1 < elsewhere.score < strong.score
    person = score_party(Party("ADRIAN DARYA 1", kind=P), same, entry, same, strong)
    assert person.score < strong.score


HOSTILE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200) | st.sampled_from(
    ["😀 Acme 😀", "\x00\x07Acme", "a" * 1000, "Ромашка 华为 محمد Acme", "(((", "ex-", "No. 8"]
)


@settings(max_examples=200, deadline=None)
@given(HOSTILE, HOSTILE)
def test_hostile_pairs_get_a_clear_error_or_a_score_in_range(a: str, b: str) -> None:
    try:
        result = compare(a, b)
    except InputError:
        return
    assert 0.0 <= result.score <= 1.0 and result.match == (result.score >= DEFAULT_THRESHOLD)
