"""The fast join search (`merge_joined_tokens`, keyed on consonant keys and skeletons) equals the plain search."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeguard.errors import InputError
from tradeguard.match.align import (
    JOIN_SIMILARITY,
    MIN_TOKEN_SIMILARITY,
    latin_similarity,
    merge_joined_tokens,
    skeleton_similarity,
)
from tradeguard.match.pairs import read_labelled
from tradeguard.match.profile import joined_skeleton
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_name
from tradeguard.names.phonetic import skeleton_readings


def _plain_join(name: NormalizedName, other: NormalizedName) -> tuple[str, ...] | None:
    """The definition: the first run of 3, then 2, tokens whose joined form (in any reading of its skeleton)
    spells a long token of `other`."""
    long_tokens = [j for j, token in enumerate(other.tokens) if len(token) >= (3 if other.vowelless[j] else 5)]
    for size in (3, 2):
        for start in range(len(name.tokens) - size + 1):
            joined = "".join(name.tokens[start : start + size])
            readings = skeleton_readings(name.tokens[start : start + size], name.skeletons[start : start + size])
            for bones, j in ((joined_skeleton(reading), j) for reading in readings for j in long_tokens):
                target, target_bones = other.tokens[j], other.skeletons[j]
                similarity = 0.0
                close = min(len(joined), len(target)) >= 0.7 * max(len(joined), len(target))
                if name.phonetic[start][:1] == other.phonetic[j][:1] and close:
                    similarity = latin_similarity(joined, target)
                vowelless = other.vowelless[j] or any(name.vowelless[start : start + size])
                near = bones[:1] == target_bones[:1] and abs(len(bones) - len(target_bones)) <= 2
                if vowelless and near:
                    similarity = max(similarity, skeleton_similarity(bones, target_bones))
                if similarity >= JOIN_SIMILARITY:
                    tokens = name.tokens
                    return (*tokens[:start], joined, *tokens[start + size :])
    return None


def test_fast_join_search_finds_what_the_plain_search_finds(fixtures: Path) -> None:
    checked = joined = 0
    for table in ("list-cases.csv", "un-script-cases.csv", "hand-cases.csv"):
        for name1, name2, kind, _ in read_labelled(fixtures / "match" / table):
            try:
                a, b = normalize_name(name1, kind), normalize_name(name2, kind)
            except InputError:
                continue
            for name, other in ((a, b), (b, a)):
                merged = merge_joined_tokens(name, other)
                assert (merged.tokens if merged else None) == _plain_join(name, other), (name.original, other.original)
                checked += 1
                joined += merged is not None
    assert checked > 1000 and joined > 20  # the comparison covered real joins, not only misses


@pytest.mark.parametrize(
    ("a", "b", "same_word"),
    [
        ("verkhnyaya", "werchnjaja", True),  # English and German romanisations of one Russian word
        ("khotintsev", "hotincev", True),
        ("lixing", "lixin", False),  # a letter more at the end: another name
        ("mining", "dining", False),  # another first letter: another word
        ("kakhelnyi", "kafelnyi", True),  # Ukrainian and Russian "tiled" (a dev pair); keys of seven letters
        ("carter", "carver", False),  # a changed letter in a key of six letters: another name
        ("mavroyenis", "mavromatis", False),
    ],
)
def test_one_inner_letter_of_a_long_phonetic_key_is_a_spelling_variant(a: str, b: str, same_word: bool) -> None:
    assert (latin_similarity(a, b) >= MIN_TOKEN_SIMILARITY) == same_word
