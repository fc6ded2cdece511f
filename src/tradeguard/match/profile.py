"""Per-name facts the scorer needs for every pair, computed once per normalised name and kept on it.

Scoring one candidate must cost microseconds (`Engine.screen` scores up to ~150 per query), so everything that depends
on one name alone — token weights, the joined forms of neighbouring tokens, their phonetic keys and skeletons — is
built here on the first comparison and stored in `NormalizedName.scoring_profile`.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Final, NamedTuple, cast

from tradeguard.lists.model import EntryKind
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import LOW_WEIGHT
from tradeguard.names.phonetic import collapse_repeats, letter_readings, phonetic_key, skeleton_readings
from tradeguard.names.vocabulary import CHINESE_PLACES

# Tokens whose patronymic ending makes them optional evidence in person names.
_PATRONYMIC_ENDINGS: Final = ("ovich", "evich", "ovna", "evna", "ovych", "ivna", "ich")
# Below these lengths a joined form can only reach the join similarity through equal consonant keys or equal bare
# skeletons (one edit costs more than the similarity allows); see `JoinWindow` and `align.merge_joined_tokens`.
LONG_SPELLING: Final = 15
LONG_SKELETON: Final = 18
# A spelling pair compared at all has lengths within 0.7 of each other: with one of LONG_SPELLING letters, both >= 11.
NEAR_LONG_SPELLING: Final = 11
# A skeleton pair compared at all differs by at most 2 letters: with one of LONG_SKELETON letters, both >= 16.
NEAR_LONG_SKELETON: Final = LONG_SKELETON - 2


_NO_VOWELS: Final = str.maketrans("", "", "aeiou")


def joined_skeleton(parts: tuple[str, ...]) -> str:
    """Skeletons of tokens written apart, as one word would give them: doubles collapsed, final h dropped."""
    bones = collapse_repeats("".join(parts))
    return bones[:-1] if len(bones) > 2 and bones.endswith("h") else bones


@lru_cache(maxsize=200_000)
def consonant_key(token: str) -> str:
    """The phonetic key without vowels: equal for every pair `latin_similarity` rates above 0.85 (short words)."""
    return phonetic_key(token).translate(_NO_VOWELS)


def bare_skeleton(bones: str) -> str:
    """A skeleton without vav (f) and with dad/zah as s: equal for every pair `skeleton_similarity` rates >= 0.9."""
    return bones.replace("f", "").replace("d", "s")


class JoinWindow(NamedTuple):
    """2-3 neighbouring tokens of a name written as one word, with the keys `merge_joined_tokens` compares."""

    start: int
    size: int
    text: str  # the tokens joined
    first_sound: str  # first letter of the first token's phonetic key
    vowelless: bool  # any of the tokens comes from a script without short vowels
    bones: str  # joined skeleton
    consonants: str  # consonant_key(text)
    bare: str  # bare_skeleton(bones)


class Profile(NamedTuple):
    """Scoring facts of one normalised name (a tuple: built for every name scored)."""

    weights: tuple[float, ...]  # `token_weight_of` of each token
    unmatched: tuple[float, ...]  # weight of each token when the other side lacks it
    open_weights: tuple[float, ...]  # token weight where a lone token marks another entity (not residue, >= 3 letters)
    tokens_text: str  # the tokens joined without spaces
    numbers: tuple[str, ...]  # sorted, each once: "7th Research Institute (CETC-7)" names one number
    long_tokens: tuple[int, ...]  # tokens another name may write apart (>= 5 letters, >= 3 from Arabic/Hebrew)
    long_consonants: tuple[str, ...]  # consonant_key of each long token
    long_bare: tuple[tuple[str, ...], ...]  # bare_skeleton of each long token, in each of its letter readings
    long_max_text: int  # length of the longest long token
    long_max_bones: int  # length of the longest skeleton of a long token
    long_firsts: frozenset[str]  # first sound of every long token of at least NEAR_LONG_SPELLING letters
    windows: tuple[JoinWindow, ...]  # every run of 3, then of 2, neighbouring tokens, in the order they are tried
    window_keys: frozenset[str]  # consonant and bare-skeleton keys of all windows, prefixed "c:" and "b:"
    window_max_text: int
    window_max_bones: int
    window_firsts: frozenset[str]  # first sound of every window of at least NEAR_LONG_SPELLING letters
    long_keys: frozenset[str]  # the same keys of the long tokens
    consonants: tuple[str, ...]  # consonant_key of every token
    places: tuple[int, ...]  # the tokens of an organisation's registered seat (`seat_of`)


def token_weight_of(name: NormalizedName, index: int) -> float:
    """Informativeness of a token; patronymics count half in person names (they are often left out)."""
    weight = name.token_weights[index]
    if name.person_like and name.tokens[index].endswith(_PATRONYMIC_ENDINGS) and len(name.tokens) > 2:
        weight *= 0.5
    return weight


def _weights(name: NormalizedName) -> tuple[float, ...]:
    """`token_weight_of` for every token at once."""
    if not name.person_like or len(name.tokens) <= 2:
        return name.token_weights
    return tuple(token_weight_of(name, i) for i in range(len(name.tokens)))


@lru_cache(maxsize=200_000)
def _window_forms(tokens: tuple[str, ...], skeletons: tuple[str, ...]) -> tuple[str, str, str, str]:
    """(joined text, joined skeleton, consonant key, bare skeleton) of a run of tokens (runs repeat across names)."""
    text = "".join(tokens)
    bones = joined_skeleton(skeletons)
    return text, bones, consonant_key(text), bare_skeleton(bones)


def _windows(name: NormalizedName) -> tuple[JoinWindow, ...]:
    """Every run of 3, then of 2 tokens, in each of the ways one word may write its skeleton
    (`phonetic.skeleton_readings`: "shms al dyn" as "Shamsuddin", "slh al dyn" as "Salahaldin")."""
    windows: list[JoinWindow] = []
    tokens, skeletons, vowelless, phonetic = name.tokens, name.skeletons, name.vowelless, name.phonetic
    for size in (3, 2):
        for start in range(len(tokens) - size + 1):
            end = start + size
            first, spoken = phonetic[start][:1], any(vowelless[start:end])
            for reading in skeleton_readings(tokens[start:end], skeletons[start:end]):
                text, bones, consonants, bare = _window_forms(tokens[start:end], reading)
                windows.append(JoinWindow(start, size, text, first, spoken, bones, consonants, bare))
    return tuple(windows)


def seat_of(name: NormalizedName) -> range:
    """The tokens of a Chinese firm's registered seat: the provinces and cities leading an organisation's name
    ("Shenzhen Huawei Technologies", from 深圳市华为技术有限公司; `vocabulary.CHINESE_PLACES`), which its English name
    often leaves out. Left over on one side only they weigh little (`LOW_WEIGHT`); matched, or left over on both sides
    (two seats, two companies: `align.align`), they weigh in full. A place after the trade name ("Huawei Device
    (Shenzhen)") marks a subsidiary and is an ordinary word; so is a name that is only places."""
    if name.kind is EntryKind.PERSON or name.person_like:
        return range(0)
    tokens = name.tokens
    seat = 0
    while seat < len(tokens) and tokens[seat] in CHINESE_PLACES and not name.residue[seat]:
        seat += 1
    return range(seat if seat < len(tokens) else 0)


def build_profile(name: NormalizedName) -> Profile:
    """Compute the scoring facts of `name` (see `Profile`); one pass over the tokens, one over the windows."""
    tokens, skeletons = name.tokens, name.skeletons
    weights = _weights(name)
    unmatched: list[float] = []
    open_weights: list[float] = []
    long_tokens: list[int] = []
    long_firsts: set[str] = set()
    long_keys: set[str] = set()
    long_max_text = long_max_bones = 0
    seat = seat_of(name)
    for i, token in enumerate(tokens):
        weight = weights[i]
        plain = name.residue[i] or weight <= 0.1 or name.person_like or len(token) < 3 or not token.isalpha()
        if i in seat:  # a seat only one side names is the one the other form leaves out
            unmatched.append(min(weight, LOW_WEIGHT))
            open_weights.append(min(weight, LOW_WEIGHT))
        else:  # a word only one side has is evidence of another entity, even a generic one ("Holdings")
            unmatched.append(weight if plain else max(weight, 0.8))
            open_weights.append(weights[i] if len(token) >= 3 and not name.residue[i] else -1.0)
        if len(token) >= (3 if name.vowelless[i] else 5):
            long_tokens.append(i)
            long_max_text = max(long_max_text, len(token))
            long_max_bones = max(long_max_bones, len(skeletons[i]))
            if len(token) >= NEAR_LONG_SPELLING:
                long_firsts.add(name.phonetic[i][:1])
    long_consonants = tuple(consonant_key(tokens[j]) for j in long_tokens)
    long_bare = tuple(tuple(bare_skeleton(bones) for bones in letter_readings(skeletons[j])) for j in long_tokens)
    long_keys.update(["c:" + key for key in long_consonants], ["b:" + key for keys in long_bare for key in keys])
    windows = _windows(name) if len(tokens) >= 2 else ()
    return Profile(
        weights,
        tuple(unmatched),
        tuple(open_weights),
        "".join(tokens),
        tuple(sorted(set(name.numbers))),
        tuple(long_tokens),
        long_consonants,
        long_bare,
        long_max_text,
        long_max_bones,
        frozenset(long_firsts),
        windows,
        *_window_summary(windows),
        frozenset({sys.intern(key) for key in long_keys}),
        tuple(sys.intern(consonant_key(token)) for token in tokens),
        tuple(seat),
    )


def _window_summary(windows: tuple[JoinWindow, ...]) -> tuple[frozenset[str], int, int, frozenset[str]]:
    """(window keys, longest joined text, longest joined skeleton, first sounds of near-long windows)."""
    keys: set[str] = set()
    firsts: set[str] = set()
    max_text = max_bones = 0
    for window in windows:
        keys.add("c:" + window.consonants)
        keys.add("b:" + window.bare)
        max_text = max(max_text, len(window.text))
        max_bones = max(max_bones, len(window.bones))
        if len(window.text) >= NEAR_LONG_SPELLING:
            firsts.add(window.first_sound)
    return frozenset({sys.intern(key) for key in keys}), max_text, max_bones, frozenset(firsts)


def long_joins_possible(mine: Profile, theirs: Profile) -> bool:
    """Whether some window of `mine` and long token of `theirs` are long enough to join by edit similarity alone."""
    spelling = max(mine.window_max_text, theirs.long_max_text) >= LONG_SPELLING and not mine.window_firsts.isdisjoint(
        theirs.long_firsts
    )
    bones = (
        max(mine.window_max_bones, theirs.long_max_bones) >= LONG_SKELETON
        and min(mine.window_max_bones, theirs.long_max_bones) >= NEAR_LONG_SKELETON
    )
    return spelling or bones


def is_long_pair(text: str, bones: str, target: str, target_bones: str) -> bool:
    """Whether a joined form and a token are long enough to reach the join similarity despite an edit."""
    return max(len(text), len(target)) >= LONG_SPELLING or max(len(bones), len(target_bones)) >= LONG_SKELETON


def profile_of(name: NormalizedName) -> Profile:
    """The scoring profile of `name`, built on first use and kept on the (immutable, cached) name."""
    profile = name.scoring_profile
    if profile is None:
        profile = build_profile(name)
        # The name is frozen for callers; the profile is a pure function of its fields, so storing it is safe.
        object.__setattr__(name, "scoring_profile", profile)
    return cast(Profile, profile)  # only this function writes the field
