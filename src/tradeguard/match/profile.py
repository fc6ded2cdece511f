"""Per-name facts the scorer needs for every pair, computed once per normalised name and kept on it.

Scoring one candidate must cost microseconds (`Engine.screen` scores up to ~150 per query), so everything that depends
on one name alone — token weights, the joined forms of neighbouring tokens, their phonetic keys and skeletons — is
built here on the first comparison and stored in `NormalizedName.scoring_profile`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradeguard.names.normalize import NormalizedName
from tradeguard.names.phonetic import phonetic_key

# Tokens whose patronymic ending makes them optional evidence in person names.
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ovych", "ivna", "ich")
# Below these lengths a joined form can only reach the join similarity through equal consonant keys or equal bare
# skeletons (one edit costs more than the similarity allows); see `JoinWindow` and `align.merge_joined_tokens`.
LONG_SPELLING = 15
LONG_SKELETON = 18
# A spelling pair compared at all has lengths within 0.7 of each other: with one of LONG_SPELLING letters, both >= 11.
NEAR_LONG_SPELLING = 11
# A skeleton pair compared at all differs by at most 2 letters: with one of LONG_SKELETON letters, both >= 16.
NEAR_LONG_SKELETON = LONG_SKELETON - 2


def joined_skeleton(parts: tuple[str, ...]) -> str:
    """Skeletons of tokens written apart, as one word would give them: doubles collapsed, final h dropped."""
    text = "".join(parts)
    bones = "".join(char for i, char in enumerate(text) if i == 0 or char != text[i - 1])
    return bones[:-1] if len(bones) > 2 and bones.endswith("h") else bones


def consonant_key(token: str) -> str:
    """The phonetic key without vowels: equal for every pair `latin_similarity` rates above 0.85 (short words)."""
    return "".join(char for char in phonetic_key(token) if char not in "aeiou")


def bare_skeleton(bones: str) -> str:
    """A skeleton without vav (f) and with dad/zah as s: equal for every pair `skeleton_similarity` rates >= 0.9."""
    return bones.replace("f", "").replace("d", "s")


@dataclass(frozen=True, slots=True)
class JoinWindow:
    """2-3 neighbouring tokens of a name written as one word, with the keys `merge_joined_tokens` compares."""

    start: int
    size: int
    text: str  # the tokens joined
    first_sound: str  # first letter of the first token's phonetic key
    vowelless: bool  # any of the tokens comes from a script without short vowels
    bones: str  # joined skeleton
    consonants: str  # consonant_key(text)
    bare: str  # bare_skeleton(bones)


@dataclass(frozen=True, slots=True)
class Profile:
    """Scoring facts of one normalised name."""

    weights: tuple[float, ...]  # `token_weight` of each token
    unmatched: tuple[float, ...]  # `unmatched_weight` of each token
    open_weights: tuple[float, ...]  # token weight where a lone token marks another entity (not residue, >= 3 letters)
    tokens_text: str  # the tokens joined without spaces
    numbers: tuple[str, ...]  # sorted
    long_tokens: tuple[int, ...]  # tokens another name may write apart (>= 5 letters, >= 3 from Arabic/Hebrew)
    long_consonants: tuple[str, ...]  # consonant_key of each long token
    long_bare: tuple[str, ...]  # bare_skeleton of each long token
    long_max_text: int  # length of the longest long token
    long_max_bones: int  # length of the longest skeleton of a long token
    long_firsts: frozenset[str]  # first sound of every long token of at least NEAR_LONG_SPELLING letters
    windows: tuple[JoinWindow, ...]  # every run of 3, then of 2, neighbouring tokens, in the order they are tried
    window_keys: frozenset[str]  # consonant and bare-skeleton keys of all windows, prefixed "c:" and "b:"
    window_max_text: int
    window_max_bones: int
    window_firsts: frozenset[str]  # first sound of every window of at least NEAR_LONG_SPELLING letters
    long_keys: frozenset[str]  # the same keys of the long tokens


def token_weight_of(name: NormalizedName, index: int) -> float:
    """Informativeness of a token; patronymics count half in person names (they are often left out)."""
    weight = name.token_weights[index]
    if name.person_like and name.tokens[index].endswith(_PATRONYMIC_ENDINGS) and len(name.tokens) > 2:
        weight *= 0.5
    return weight


def unmatched_weight_of(name: NormalizedName, index: int) -> float:
    """A word only one side has is evidence of another entity even when the word is generic ("Holdings")."""
    weight = token_weight_of(name, index)
    token = name.tokens[index]
    if name.residue[index] or weight <= 0.1 or name.person_like or len(token) < 3 or not token.isalpha():
        return weight
    return max(weight, 0.8)


def _windows(name: NormalizedName) -> tuple[JoinWindow, ...]:
    windows: list[JoinWindow] = []
    for size in (3, 2):
        for start in range(len(name.tokens) - size + 1):
            text = "".join(name.tokens[start : start + size])
            bones = joined_skeleton(name.skeletons[start : start + size])
            vowelless = any(name.vowelless[start : start + size])
            first = name.phonetic[start][:1]
            windows.append(
                JoinWindow(start, size, text, first, vowelless, bones, consonant_key(text), bare_skeleton(bones))
            )
    return tuple(windows)


def build_profile(name: NormalizedName) -> Profile:
    """Compute the scoring facts of `name` (see `Profile`)."""
    count = len(name.tokens)
    weights = tuple(token_weight_of(name, i) for i in range(count))
    eligible = [not name.residue[i] and len(name.tokens[i]) >= 3 for i in range(count)]
    long_tokens = tuple(j for j in range(count) if len(name.tokens[j]) >= (3 if name.vowelless[j] else 5))
    long_consonants = tuple(consonant_key(name.tokens[j]) for j in long_tokens)
    long_bare = tuple(bare_skeleton(name.skeletons[j]) for j in long_tokens)
    windows = _windows(name) if count >= 2 else ()
    return Profile(
        weights=weights,
        unmatched=tuple(unmatched_weight_of(name, i) for i in range(count)),
        open_weights=tuple(weights[i] if eligible[i] else -1.0 for i in range(count)),
        tokens_text="".join(name.tokens),
        numbers=tuple(sorted(name.numbers)),
        long_tokens=long_tokens,
        long_consonants=long_consonants,
        long_bare=long_bare,
        long_max_text=max((len(name.tokens[j]) for j in long_tokens), default=0),
        long_max_bones=max((len(name.skeletons[j]) for j in long_tokens), default=0),
        long_firsts=frozenset(name.phonetic[j][:1] for j in long_tokens if len(name.tokens[j]) >= NEAR_LONG_SPELLING),
        windows=windows,
        window_keys=frozenset(
            [*("c:" + window.consonants for window in windows), *("b:" + window.bare for window in windows)]
        ),
        window_max_text=max((len(window.text) for window in windows), default=0),
        window_max_bones=max((len(window.bones) for window in windows), default=0),
        window_firsts=frozenset(window.first_sound for window in windows if len(window.text) >= NEAR_LONG_SPELLING),
        long_keys=frozenset([*("c:" + key for key in long_consonants), *("b:" + key for key in long_bare)]),
    )


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
    assert isinstance(profile, Profile)
    return profile
