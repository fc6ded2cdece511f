"""Token similarity and alignment: which query token corresponds to which candidate token, and how closely."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import Levenshtein

from tradeguard.names.normalize import NormalizedName
from tradeguard.names.phonetic import phonetic_key

# Below this similarity two tokens are different words: partial credit for "tubes"/"wires" would blur siblings.
MIN_TOKEN_SIMILARITY = 0.7
# Two or three tokens written together on the other side must spell its token at least this closely.
JOIN_SIMILARITY = 0.85
# Tokens whose patronymic ending makes them optional evidence in person names.
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ovych", "ivna", "ich")


@dataclass(frozen=True, slots=True)
class Alignment:
    """Greedy one-to-one pairing of query tokens with candidate tokens."""

    pairs: tuple[tuple[int, int, float], ...]  # (query index, candidate index, similarity)
    query_coverage: float  # weighted share of the query matched, in [0, 1]
    candidate_coverage: float  # weighted share of the candidate matched
    conflict: bool = False  # both sides keep an informative token the other side has no counterpart for
    substitution: bool = (
        False  # both sides keep any word (even generic) without counterpart: "Steel Tubes"/"Steel Wires"
    )


@lru_cache(maxsize=500_000)
def latin_similarity(a: str, b: str, lenient: bool = False) -> float:
    """Similarity of two Latin tokens: edit distance on the spelling and on the phonetic key, plurals kept apart."""
    if a == b:
        return 1.0
    key_a, key_b = phonetic_key(a), phonetic_key(b)
    if key_a == key_b and min(len(a), len(b)) >= 3:
        return 0.95
    if len(a) == 1 or len(b) == 1 or not (_close_lengths(a, b) or _close_lengths(key_a, key_b)):
        return 0.0  # the edit similarity is at most the length ratio: it could not reach MIN_TOKEN_SIMILARITY
    if _gender_pair(a, b):
        return 0.5  # Petrov/Petrova, Aleksandr/Aleksandra: a man and a woman, not a spelling variant
    if _vowel_variant(key_a, key_b, lenient):
        return 0.88  # only vowels differ: a romanisation variant (Abdalla/Abdulla, Qureshi/Quraishi)
    edit = max(Levenshtein.normalized_similarity(a, b), 0.97 * Levenshtein.normalized_similarity(key_a, key_b))
    # Steep: one changed letter in a six-letter word (Lixing/Lixin, Mining/Dining) is another word, not a typo.
    # Person names vary more in spelling (Rezaie/Rezai, Kursad/Kursat): a gentler slope for them.
    similarity = max(0.0, 1.0 - (1.5 if lenient else 2.2) * (1.0 - edit))
    if _plural_pair(a, b):
        # "Star"/"Stars", "Kaptan"/"Kaptanlar": a plural is usually a sister ship or another firm, not a typo.
        similarity = min(similarity, 0.6)
    return similarity


def _close_lengths(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= MIN_TOKEN_SIMILARITY * max(len(a), len(b))


def _consonants(key: str) -> str:
    return "".join(char for char in key if char not in "aeiou")


def _vowel_variant(a: str, b: str, lenient: bool = False) -> bool:
    """Same consonants, same first letter, and not just a vowel added at the end (Glory/Gloria).

    In person names an initial vowel varies too and two consonants suffice (Osama/Usama, Omar/Umar).
    """
    vowel_start = lenient and a[0] in "aeiou" and b[0] in "aeiou"
    if (a[0] != b[0] and not vowel_start) or _consonants(a) != _consonants(b):
        return False
    if len(_consonants(a)) < (2 if vowel_start and abs(len(a) - len(b)) <= 1 else 3):
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return not (long.startswith(short) and len(long) == len(short) + 1)


def _gender_pair(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if long == short + "a" and len(short) >= 4 and short[-1] not in "aeiouy":
        return True
    return short.endswith(("skiy", "skii", "sky", "ski")) and long.endswith(("skaya", "skaia", "ska"))


def _plural_pair(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return long.startswith(short) and long[len(short) :] in {"s", "es", "lar", "ler", "leri", "lari"}


@lru_cache(maxsize=500_000)
def skeleton_similarity(a: str, b: str) -> float:
    """Similarity of two consonant skeletons (one side transliterated from Arabic or Hebrew)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 0.95
    # Hebrew vav is a vowel (o/u) as often as a consonant (v): compare without it too.
    bare = 0.9 if a.replace("f", "") == b.replace("f", "") else 0.0
    # Dad and zah are d in Arabic spellings, z in Persian ones (Reza/Rida, Fazl/Fadl).
    if a.replace("d", "s") == b.replace("d", "s"):
        bare = 0.9
    return max(bare, 0.9 * Levenshtein.normalized_similarity(a, b))


def token_similarity(query: NormalizedName, i: int, candidate: NormalizedName, j: int) -> float:
    """Similarity of query token i and candidate token j in [0, 1]; 0 below `MIN_TOKEN_SIMILARITY`."""
    a, b = query.tokens[i], candidate.tokens[j]
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return _initial_similarity(a, b, query.person_like and candidate.person_like)
    similarity = latin_similarity(a, b, query.person_like and candidate.person_like)
    if query.transliterated[i] != candidate.transliterated[j]:
        # Across scripts spelling varies more (ledi/lady, spiriti/spirit): plain edit similarity, not the steep one.
        similarity = max(similarity, Levenshtein.normalized_similarity(query.phonetic[i], candidate.phonetic[j]))
    if query.vowelless[i] or candidate.vowelless[j]:
        similarity = max(similarity, skeleton_similarity(query.skeletons[i], candidate.skeletons[j]))
    return similarity if similarity >= MIN_TOKEN_SIMILARITY else 0.0


def _initial_similarity(a: str, b: str, persons: bool) -> float:
    """An initial stands for a given name in person names ("J. Smith" / "John Smith")."""
    if a[0] != b[0]:
        return 0.0
    return 0.85 if persons else 0.75


def token_weight(name: NormalizedName, index: int) -> float:
    """Informativeness of a token; patronymics count half in person names (they are often left out)."""
    weight = name.token_weights[index]
    if name.person_like and name.tokens[index].endswith(_PATRONYMIC_ENDINGS) and len(name.tokens) > 2:
        weight *= 0.5
    return weight


def unmatched_weight(name: NormalizedName, index: int) -> float:
    """A word only one side has is evidence of another entity even when the word is generic ("Holdings")."""
    weight = token_weight(name, index)
    token = name.tokens[index]
    if name.residue[index] or weight <= 0.1 or name.person_like or len(token) < 3 or not token.isalpha():
        return weight
    return max(weight, 0.8)


def align(query: NormalizedName, candidate: NormalizedName) -> Alignment:
    """Pair tokens greedily by descending similarity, each token used once; word order does not matter."""
    scored = [
        (similarity, i, j)
        for i in range(len(query.tokens))
        for j in range(len(candidate.tokens))
        if (similarity := token_similarity(query, i, candidate, j)) > 0.0
    ]
    scored.sort(key=lambda item: (-item[0], abs(item[1] - item[2]), item[1]))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for similarity, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, similarity))
    conflict = _has_unmatched(query, used_q, 0.5) and _has_unmatched(candidate, used_c, 0.5)
    substitution = _has_unmatched(query, used_q, 0.2) and _has_unmatched(candidate, used_c, 0.2)
    coverages = _coverages(query, candidate, pairs, used_q, used_c)
    return Alignment(tuple(sorted(pairs)), *coverages, conflict, substitution)


def _has_unmatched(name: NormalizedName, used: set[int], min_weight: float) -> bool:
    return any(
        i not in used and token_weight(name, i) >= min_weight and not name.residue[i] and len(name.tokens[i]) >= 3
        for i in range(len(name.tokens))
    )


def _coverages(
    query: NormalizedName,
    candidate: NormalizedName,
    pairs: list[tuple[int, int, float]],
    used_q: set[int],
    used_c: set[int],
) -> tuple[float, float]:
    matched_q = sum(similarity * token_weight(query, i) for i, _, similarity in pairs)
    matched_c = sum(similarity * token_weight(candidate, j) for _, j, similarity in pairs)
    total_q = sum(token_weight(query, i) for i in used_q) + sum(
        unmatched_weight(query, i) for i in range(len(query.tokens)) if i not in used_q
    )
    total_c = sum(token_weight(candidate, j) for j in used_c) + sum(
        unmatched_weight(candidate, j) for j in range(len(candidate.tokens)) if j not in used_c
    )
    return (matched_q / total_q if total_q else 0.0), (matched_c / total_c if total_c else 0.0)


def _joined_skeleton(parts: tuple[str, ...]) -> str:
    """Skeletons of tokens written apart, as one word would give them: doubles collapsed, final h dropped."""
    bones = "".join(char for i, char in enumerate("".join(parts)) if i == 0 or char != "".join(parts)[i - 1])
    return bones[:-1] if len(bones) > 2 and bones.endswith("h") else bones


def _joined_similarity(name: NormalizedName, start: int, size: int, other: NormalizedName, j: int) -> float:
    target = other.tokens[j]
    similarity = 0.0
    # Cheap necessary conditions first: same first sound and about the same length.
    if name.phonetic[start][:1] == other.phonetic[j][:1]:
        joined = "".join(name.tokens[start : start + size])
        if _close_lengths(joined, target):
            similarity = latin_similarity(joined, target)
    if other.vowelless[j] or any(name.vowelless[start : start + size]):
        bones = _joined_skeleton(name.skeletons[start : start + size])
        if bones[:1] == other.skeletons[j][:1] and abs(len(bones) - len(other.skeletons[j])) <= 2:
            similarity = max(similarity, skeleton_similarity(bones, other.skeletons[j]))
    return similarity


def _merge(name: NormalizedName, start: int, size: int) -> NormalizedName:
    end = start + size
    token = "".join(name.tokens[start:end])

    def spliced(values: tuple[Any, ...], merged: Any) -> tuple[Any, ...]:
        return (*values[:start], merged, *values[end:])

    return replace(
        name,
        tokens=spliced(name.tokens, token),
        token_weights=spliced(name.token_weights, max(name.token_weights[start:end])),
        vowelless=spliced(name.vowelless, any(name.vowelless[start:end])),
        transliterated=spliced(name.transliterated, any(name.transliterated[start:end])),
        phonetic=spliced(name.phonetic, phonetic_key(token)),
        skeletons=spliced(name.skeletons, _joined_skeleton(name.skeletons[start:end])),
        residue=spliced(name.residue, all(name.residue[start:end])),
    )


def merge_joined_tokens(name: NormalizedName, other: NormalizedName) -> NormalizedName | None:
    """`name` with 2-3 consecutive tokens merged when together they spell one token of `other`, else None.

    Handles words written together on one side only: "Bel Huawei" / "BellHuawei", "بشارالاسد" / "Bashar al-Assad".
    """
    long_tokens = [j for j, token in enumerate(other.tokens) if len(token) >= (3 if other.vowelless[j] else 5)]
    if not long_tokens or len(name.tokens) < 2:
        return None
    for size in (3, 2):
        for start in range(len(name.tokens) - size + 1):
            if any(_joined_similarity(name, start, size, other, j) >= JOIN_SIMILARITY for j in long_tokens):
                return _merge(name, start, size)
    return None
