"""A mistyped everyday word is read as the word; other words, names and slips of several words are not."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tradeguard.lists.model import EntryKind
from tradeguard.match.align import MIN_TOKEN_SIMILARITY
from tradeguard.match.scorer import compare_score
from tradeguard.names import normalize_name
from tradeguard.names.words import SLIP_WORD_LENGTH, SlipReader, _tables, is_slip_of_common_word


@pytest.mark.parametrize(
    ("slip", "word"),
    [
        ("gloeal", "global"),  # a letter changed inside
        ("goup", "group"),  # one left out
        ("atency", "agency"),
        ("shippin", "shipping"),  # the last letter cut off, as a full field does
        ("freightt", "freight"),  # one added at the end
    ],
)
def test_a_mistyped_everyday_word_is_a_slip_of_it(slip: str, word: str) -> None:
    assert is_slip_of_common_word(slip, word)
    assert is_slip_of_common_word(word, slip)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("dining", "mining"),  # both are words
        ("lixin", "lixing"),  # neither is: two names
        ("robik", "robin"),  # the last letter changed: another name
        ("senry", "henry"),  # the first letter changed
        ("exparts", "exports"),  # a slip of "experts" as much as of "exports"
        ("stoe", "store"),  # ... or of stone, stove, stole, stoke
        ("tradin", "trading"),  # ... or of train
        ("rdio", "radio"),  # a word of its own in some language, however rare
        ("grup", "grp"),  # too short to tell
        ("glebel", "global"),  # two letters changed
    ],
)
def test_other_words_names_and_slips_of_no_word_in_particular_are_not_slips(a: str, b: str) -> None:
    assert not is_slip_of_common_word(a, b)


def test_the_tables_hold_common_words_and_their_known_neighbours_apart() -> None:
    common, near = _tables()
    assert {"global", "agency", "trading", "science"} <= common
    assert all(len(word) >= SLIP_WORD_LENGTH and word.isascii() and word.isalpha() for word in common)
    assert "dining" in common and "experts" in common
    assert not common & near
    assert "rdio" in near and "gloeal" not in near


def test_the_tables_are_what_the_script_builds_from_wordfreq() -> None:
    """The committed tables come from `scripts/build_word_data.py` alone (run it after a wordfreq upgrade)."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_word_data.py"
    spec = importlib.util.spec_from_file_location("build_word_data", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.build_tables().items():
        assert (module.OUT / name).read_text(encoding="ascii") == text, f"{name} differs: run {script.name}"


def test_the_slip_reader_reads_a_word_of_its_vocabulary_only_when_one_fits() -> None:
    reader = SlipReader(["global", "agency", "exports", "shipping", "glb"])
    assert reader.read("gloeal") == "global"
    assert reader.read("shippin") == "shipping"
    assert reader.read("exparts") is None  # "experts" is no word of the vocabulary, yet a common word
    assert reader.read("global") is None  # the word itself is no slip
    assert reader.read("glob") is None  # "glob" is a word of its own
    assert reader.read("gl0bal") is None  # not a word of letters


def test_a_mistyped_vocabulary_word_normalises_as_the_word() -> None:
    assert normalize_name("Russian Machiues").tokens == normalize_name("Russian Machines").tokens
    assert normalize_name("Fars News Atency").tokens == normalize_name("Fars News Agency").tokens
    assert "dining" in normalize_name("Dining Services").tokens


@pytest.mark.parametrize(
    ("query", "listed"),
    [("GLOEAL INTERFACE COMPANY INC.", "GLOBAL INTERFACE COMPANY INC."), ("KALA PENSION TUUST", "KALA PENSION TRUST")],
)
def test_names_differing_by_a_mistyped_everyday_word_match(query: str, listed: str) -> None:
    assert compare_score(query, listed, EntryKind.ORGANIZATION) >= 0.9
    assert compare_score("ROBIK HOLDINGS", "ROBIN HOLDINGS", EntryKind.ORGANIZATION) < MIN_TOKEN_SIMILARITY
