"""Arabic and Persian organisation words read in English, besides the transliterated name."""

from __future__ import annotations

import pytest

from tradeguard.lists.model import EntryKind
from tradeguard.match.scorer import compare
from tradeguard.names.arabic_words import english_reading, english_word
from tradeguard.names.normalize import normalize_name


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("الجماعة", "group"),  # article joined, ta marbuta
        ("الإسلامية", "islamic"),  # hamza on the alif, feminine adjective
        ("المسلحة", "armed"),  # feminine of مسلح
        ("والشام", "levant"),  # "and the" joined
        ("للصرافة", "money exchange"),  # "for the" joined
        ("صرافی", "money exchange"),  # Persian yeh
        ("شبکه", "network"),  # Persian kaf
        ("لبنان", "lebanon"),  # a word starting like a prefix is read whole first
        ("محمد", None),
        ("بشار", None),  # ب + شار is no known word
    ],
)
def test_english_word(word: str, english: str | None) -> None:
    assert english_word(word) == english


def test_english_reading_keeps_the_proper_names_to_be_transliterated() -> None:
    assert english_reading("مكتب حنيفة للصرافة") == "office حنيفة money exchange"
    assert english_reading("محمد جمال") is None  # nothing translates
    assert english_reading("في العراق") is None  # no organisation word
    assert english_reading("ARMED ISLAMIC GROUP") is None
    # Nisbas and given names translate only beside an organisation word: these are persons of unknown kind.
    assert english_reading("حماده ولد الخيري") is None  # not "charitable"
    assert english_reading("ابو يحيى الليبي") is None  # Abu Yahya al-Libi, not "Libyan"
    assert english_reading("الجماعة الليبية") == "group libyan"


def test_only_names_that_are_not_persons_get_the_english_reading() -> None:
    name = "حزب الله"  # Hizballah, "the party of God"
    assert normalize_name(name, EntryKind.PERSON).alternates == ()
    reading = normalize_name(name, EntryKind.ORGANIZATION).alternates
    assert [alternate.tokens for alternate in reading] == [("party", "al", "lh")]


def test_an_arabic_name_meets_its_english_list_name_and_keeps_its_transliteration() -> None:
    assert compare("الجماعة الإسلامية المسلحة", "ARMED ISLAMIC GROUP").match
    assert compare("الجماعة الإسلامية المسلحة", "AL-JAMA'AH AL-ISLAMIYAH AL-MUSALLAH").match
    # Translated the same way, another group's name stays apart: the distinctive words differ.
    assert not compare("الجماعة الإسلامية المسلحة", "LIBYAN ISLAMIC FIGHTING GROUP").match
    assert (
        compare("الجماعة الليبية المقاتلة", "LIBYAN ISLAMIC FIGHTING GROUP").score
        > compare("الجماعة الليبية المقاتلة", "MOROCCAN ISLAMIC COMBATANT GROUP").score
    )
