"""normalize_name: tokens, numbers, residue, annotations, keys and the input policy."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeguard.errors import InputError
from tradeguard.lists.model import EntryKind
from tradeguard.match.scorer import name_score
from tradeguard.names.normalize import MAX_NAME_LENGTH, normalize_name, share_a_key, share_keys
from tradeguard.names.phonetic import digraphs_apart, phonetic_key, skeleton
from tradeguard.names.tokens import _spelling_table


@pytest.mark.parametrize(
    ("name", "kind", "tokens"),
    [
        ("Mr. John SMITH", EntryKind.PERSON, ("john", "smith")),
        ("LUKASHENKO, Alexander", EntryKind.PERSON, ("lukashenko", "aleksandr")),
        ("Sheikh Mohammed Al-Maktoum", EntryKind.PERSON, ("muhammad", "al", "maktoum")),
        ("M/V Pelgarra Glory", EntryKind.VESSEL, ("pelgarra", "glory")),
        ("MT Ardrevan Pearl", None, ("ardrevan", "pearl")),
        ("BENEFICIARY: Sarıkaya Hububat Ltd. Şti.", None, ("sarikaya", "hububat")),
        ("Harrowvane Intl Freight Svcs", None, ("harrowvane", "international", "freight", "service")),
        ("Fendrake & Mollory Logistics", None, ("fendrake", "mollory", "logistics")),
        (
            "Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Huawei Marine Networks Co., Ltd.",
            None,
            ("huawei", "marine", "network"),
        ),
    ],
)
def test_tokens(name: str, kind: EntryKind | None, tokens: tuple[str, ...]) -> None:
    assert normalize_name(name, kind).tokens == tokens


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("Bank 7", ("7",)),
        ("Hoshikaze Maru No. 8", ("8",)),
        ("Seraphine Navigation II S.A.", ("2",)),
        ("Brasskey Shipping Three Inc.", ("3",)),
        ("Tidewell Inc, 12250 Brevard Ln", ()),
        # A tail that begins with a number and names a unit (institute, plant...) is part of the name.
        ("Varnholt Shipbuilding Corporation, Limited (VSC) 714th Research Institute", ("714",)),
        ("Kestrel Missile Corporation, 711 Aircraft Repair Plant", ("711",)),
        ("Kestrel Aerospace Corporation Second Academy - 207th Research Institute", ("2", "207")),
        ("Tidewell Ltd, 5th Floor, Tower B", ()),
        ("Tidewell Ltd, 12 Harbour Road", ()),
    ],
)
def test_numbers_of_the_core_name(name: str, numbers: tuple[str, ...]) -> None:
    assert normalize_name(name).numbers == numbers


def test_branch_and_address_tails_are_residue_but_subsidiary_countries_are_not() -> None:
    branch = normalize_name("Coastline Agro Supplies Ltd - Malindi Branch")
    assert branch.residue == (False, False, False, True, True)
    subsidiary = normalize_name("Marrowby Chemicals (Thailand) Co., Ltd.")
    assert subsidiary.tokens == ("marrowby", "chemical", "thailand") and not any(subsidiary.residue)


def test_inline_former_names_become_alternates() -> None:
    name = normalize_name("Star Voyager (ex-Southern Glory)")
    assert name.tokens == ("star", "voyager")
    assert [alt.tokens for alt in name.alternates] == [("southern", "glory")]
    assert name.alternates[0].keys <= name.keys


def test_low_information_words_weigh_little() -> None:
    name = normalize_name("Kaverin International Freight Services Inc.")
    weights = dict(zip(name.tokens, name.token_weights, strict=True))
    assert weights["kaverin"] == 1.0 and weights["international"] < 0.5 and weights["service"] < 0.5


def test_blocking_keys_are_shared_by_transliterations_and_spacing_variants() -> None:
    assert normalize_name("محمد").keys & normalize_name("Mohammed").keys
    assert normalize_name("Александр").keys & normalize_name("Alexander").keys
    assert normalize_name("EtsDiallo").keys & normalize_name("Ets Diallo").keys


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("😀 Huawei", ("huawei",)),  # anyascii would spell the emoji as a word ("grinning")
        ("👨‍👩‍👧 Huawei 🇨🇳", ("huawei",)),  # joined emoji and a flag
        ("Acme™", ("acme",)),  # NFKC would spell the trade mark sign as letters ("acmetm")
        ("Acme® Trading", ("acme", "trading")),
        ("Euro € Trade", ("euro", "trading")),
        ("Müller", ("muller",)),  # letters with marks are letters
    ],
)
def test_symbols_are_not_words(name: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(name).tokens == tokens


def test_a_one_word_name_shares_a_key_with_its_one_letter_typos() -> None:
    # "LUOIL" keeps no 4-letter slice or consonant key of "LUKOIL"; the one-letter-deletion keys meet.
    lukoil = normalize_name("LUKOIL OAO").keys
    for typo in ("LUOIL OAO", "LUKOILL", "LUKOJL", "LUKIOL"):
        assert normalize_name(typo).keys & lukoil, typo
    assert not normalize_name("LUKASH").keys & lukoil
    # Names of several words have other keys in common: no deletion keys for them.
    assert not any(key.startswith("d:") for key in normalize_name("LUKOIL TRADING HOUSE").keys)


def test_interdentals_share_keys_with_both_latin_spellings() -> None:
    for latin in ("Osman", "Uthman", "Othman"):
        assert normalize_name("عثمان").keys & normalize_name(latin).keys, latin


def test_latin_abbreviations_are_not_honorifics_or_particles_in_arabic_script() -> None:
    # عمر (Omar) transliterates to "mr", على (Ali) to "la": a name, not "Mr" or the Spanish article.
    assert normalize_name("عمر علي", EntryKind.PERSON).tokens == ("mr", "ly")
    assert normalize_name("Mr Ali", EntryKind.PERSON).tokens == ("ali",)
    assert normalize_name("على حسن").token_weights == (1.0, 1.0)
    assert normalize_name("الشيخ محمد").tokens == ("mhmd",)  # an Arabic honorific still goes, with its article
    assert normalize_name("الدكتورة سلمى").tokens == ("slma",)
    assert normalize_name("المهندس أبو مهدي").tokens[:2] == ("al", "mhnds")  # al-Muhandis: a kunya on the lists


@pytest.mark.parametrize("bad", ["", "   ", "!!!", "😀😀", "x" * (MAX_NAME_LENGTH + 1)])
def test_input_policy_rejects_empty_and_absurd_names(bad: str) -> None:
    with pytest.raises(InputError):
        normalize_name(bad)


def test_control_characters_become_spaces() -> None:
    assert normalize_name("Acme\x00Trading\tGmbH").tokens == ("acme", "trading")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_hostile_input_gets_a_clear_error_or_an_answer(text: str) -> None:
    try:
        name = normalize_name(text)
    except InputError:
        return
    assert isinstance(name.tokens, tuple) and all(token == token.lower() for token in name.tokens)
    assert len(name.tokens) == len(name.token_weights) == len(name.residue) == len(name.skeletons)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Smirnoff", "Smirnov", True),  # -off is the old romanisation of -ов
        ("Chizhoff", "Chizhov", True),
        ("Yakovleff", "Yakovlev", True),
        ("Hoff", "Hov", False),  # a short word ending in -off is a word of its own
        ("Offenbach", "Ovenbach", False),  # only at the end of a word
        ("Malastau", "Malastav", True),  # Belarusian -аў (МАЛАСТАЎ) is the Russian -ов, akanye aside
        ("Grau", "Grav", False),  # a short word is a word of its own
        ("Moreau", "Moreav", False),  # -au after a vowel is French
        ("Ivanou", "Ivanov", False),  # not -ou: Mamadou is not Mamedov
        ("Leanidauna", "Leanidavna", True),  # the Belarusian women's patronymic -аўна is the Russian -овна
        ("Mikalaeuna", "Nikolaevna", False),  # -еўна reads -евна, yet Mikalaj is not Nikolaj letter for letter
        ("Mikalaeuna", "Mikalaevna", True),
        ("Fauna", "Favna", False),  # a short word is a word of its own
    ],
)
def test_phonetic_key_reads_off_endings_as_ov(first: str, second: str, same: bool) -> None:
    assert (phonetic_key(first.lower()) == phonetic_key(second.lower())) is same


@pytest.mark.parametrize(
    ("first", "second"),
    [("Aqsa", "Aksa"), ("Iraq", "Irak"), ("Qasim", "Kasim"), ("Saqsaq", "Saksak")],
)
def test_phonetic_key_reads_arabic_qaf_as_k_before_ks(first: str, second: str) -> None:
    assert phonetic_key(first.lower()) == phonetic_key(second.lower())


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Enerdji", "Enerdzhi", True),  # French-style dji is the dzhi of other romanisations
        ("Hadji", "Haji", True),
        ("Gennadjevitj", "Gennadevich", True),  # Swedish-style: d and a soft sign, not dzh
        ("Gennadjevitj", "Gennajevitj", False),
    ],
)
def test_phonetic_key_reads_dji_as_ji(first: str, second: str, same: bool) -> None:
    assert (phonetic_key(first.lower()) == phonetic_key(second.lower())) is same


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [("Huawey", "Huawei", True), ("Sergey", "Sergei", True), ("Mey", "Mei", True), ("Weye", "Weiye", False)],
)
def test_phonetic_key_reads_a_final_ey_as_ei(first: str, second: str, same: bool) -> None:
    assert (phonetic_key(first.lower()) == phonetic_key(second.lower())) is same


@pytest.mark.parametrize(
    ("mistyped", "written", "kind"),
    [
        ("Dena Airwas", "Dena Airways", None),  # the expansion (airline) survives a letter left out
        ("France Tech Servicees", "France Tech Services", None),  # a letter doubled
        ("Asia Energy Genral Trading", "Asia Energy General Trading", None),  # the low weight survives too
        ("KALAMI, Mohmamad", "KALAMI, Mohammad", EntryKind.PERSON),  # two letters swapped
        ("Alexadner Petrov", "Alexander Petrov", EntryKind.PERSON),
    ],
)
def test_a_mistyped_vocabulary_word_is_read_as_the_word(mistyped: str, written: str, kind: EntryKind | None) -> None:
    first, second = normalize_name(mistyped, kind), normalize_name(written, kind)
    assert (first.tokens, first.token_weights) == (second.tokens, second.token_weights)


@pytest.mark.parametrize(
    ("respelt", "written"),
    [
        ("Aljaksandr Petrov", "Aliaksandr Petrov"),  # Swedish-style j for the Belarusian spelling
        ("Dmitrij Petrov", "Dmitriy Petrov"),
        ("Mianma Economic Holdings", "Myanma Economic Holdings"),
    ],
)
def test_another_romanisation_of_a_vocabulary_word_is_read_as_the_word(respelt: str, written: str) -> None:
    assert normalize_name(respelt).tokens == normalize_name(written).tokens


def test_a_phonetic_key_read_two_ways_by_the_vocabulary_rewrites_nothing() -> None:
    table = _spelling_table({"aleksandr": "aleksandr", "alexandr": "aleksandr", "hassann": "a", "hasann": "b"}, 6)
    assert table == {phonetic_key("alexandr"): "aleksandr"}  # hassann/hasann share a key and read two ways


@pytest.mark.parametrize(
    ("word", "vocabulary_word"),
    [("marie", "marine"), ("rossi", "rossii"), ("nikolaeva", "nikolaevna"), ("exparts", "exports")],
)
def test_a_word_near_a_vocabulary_word_stays_itself(word: str, vocabulary_word: str) -> None:
    # Five letters left, a woman's surname, a changed letter in a word of seven: other words, not slips.
    assert normalize_name(f"Ivan {word}").tokens != normalize_name(f"Ivan {vocabulary_word}").tokens
    assert word in normalize_name(f"Ivan {word}").tokens


def test_a_mistyped_legal_form_word_counts_only_where_a_form_stands() -> None:
    # The vocabulary's slips leave legal-form words to legal_forms: at the end of a name a slip is the form, at the
    # start of one it is a word of the name.
    assert normalize_name("Zvyozdochka Compnay").tokens == ("zvyozdochka",)
    assert normalize_name("Compnay Zvyozdochka").tokens == ("compnay", "zvyozdochka")


@pytest.mark.parametrize(
    ("token", "together", "apart"),
    [("adham", "sm", "dhm"), ("lakhal", "lhl", "lkhl"), ("medhat", "mst", "mdht"), ("mughal", "mkl", "mkhl")],
)
def test_digraphs_apart_read_kh_dh_th_gh_as_two_letters(token: str, together: str, apart: str) -> None:
    assert (skeleton(token), digraphs_apart(token)) == (together, apart)


def test_digraphs_apart_is_the_skeleton_without_such_pairs() -> None:
    assert digraphs_apart("ishaq") == skeleton("ishaq") == "$k"  # sh: shin, read as s + h by `shin_apart`


def test_an_index_keeps_a_names_keys_as_a_sorted_tuple_that_shares_and_scores_as_the_set() -> None:
    texts = ("LUKOIL OAO", "Lukoil Trading House", "LUKASH", "Александр", "Alexander")
    names = [normalize_name(text) for text in texts]
    kept = [copy.copy(name) for name in names]
    for name in kept:
        share_keys(name)
    for name, shared in zip(names, kept, strict=True):
        assert isinstance(shared.keys, tuple) and list(shared.keys) == sorted(name.keys)
        assert shared == name and hash(shared) == hash(name)  # keys are not compared, however they are kept
    for first, first_kept in zip(names, kept, strict=True):
        for second, second_kept in zip(names, kept, strict=True):
            expected = not first.keys.isdisjoint(second.keys)
            for a, b in ((first, second), (first_kept, second), (first, second_kept), (first_kept, second_kept)):
                assert share_a_key(a, b) is expected, (first.original, second.original)
                assert name_score(a, b) == name_score(first, second)
    assert share_a_key(names[3], names[4]) and not share_a_key(names[0], names[2])
