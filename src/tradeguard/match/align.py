"""Token similarity and alignment: which query token corresponds to which candidate token, and how closely."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any, Final, NamedTuple

from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.distance.Levenshtein import normalized_similarity

from tradeguard.match.profile import (
    JoinWindow,
    Profile,
    consonant_key,
    is_long_pair,
    long_joins_possible,
    profile_of,
)
from tradeguard.names.model import NormalizedName
from tradeguard.names.phonetic import (
    AMBIGUOUS_LETTERS,
    digraphs_apart,
    letter_readings,
    phonetic_key,
    shin_apart,
    skeleton,
)
from tradeguard.names.words import is_slip_of_common_word

# Below this similarity two tokens are different words: partial credit for "tubes"/"wires" would blur siblings.
MIN_TOKEN_SIMILARITY: Final = 0.7
# Two or three tokens written together on the other side must spell its token at least this closely.
JOIN_SIMILARITY: Final = 0.85
# Two neighbouring letters swapped ("Cahng"/"Chang", "Invesmtent"/"Investment") or one inner letter left out of a
# long word ("Reseve"/"Reserve"): a typing slip, not another word.
TRANSPOSITION_SIMILARITY: Final = 0.85
# Phonetic keys at least this long that differ in one inner letter are spellings of one word (Verkhnyaya/Werchnjaja,
# Ukrainian Kakhelnyi / Russian Kafelnyi; in six letters one changed letter is usually another word: Carter/Carver).
INNER_SUBSTITUTION_LENGTH: Final = 7
# A vowel variant must still look alike: "Sensoy"/"Sonis" or "Sergey"/"Zarga" share consonants, not a spelling.
VOWEL_VARIANT_MIN_EDIT: Final = 0.6
# An unaligned token with at least this open weight (`Profile.open_weights`) is an informative left-over.
INFORMATIVE_WEIGHT: Final = 0.5
# Merged names kept (`_merge`): ~5 KB each with its profile (measured), so at most ~40 MB.
MERGE_CACHE_SIZE: Final = 8_000


class Alignment(NamedTuple):
    """Greedy one-to-one pairing of query tokens with candidate tokens (a tuple: built for every scored pair)."""

    pairs: tuple[tuple[int, int, float], ...]  # (query index, candidate index, similarity)
    query_coverage: float  # weighted share of the query matched, in [0, 1]
    candidate_coverage: float  # weighted share of the candidate matched
    conflict: bool = False  # both sides keep an informative token the other side has no counterpart for
    substitution: bool = (
        False  # both sides keep any word (even generic) without counterpart: "Steel Tubes"/"Steel Wires"
    )
    leftover: bool = False  # either side keeps an informative token without counterpart


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
    if _transposition(a, b) or _inner_deletion(a, b):
        return TRANSPOSITION_SIMILARITY
    edit = max(Levenshtein.normalized_similarity(a, b), 0.97 * Levenshtein.normalized_similarity(key_a, key_b))
    if edit >= VOWEL_VARIANT_MIN_EDIT and _vowel_variant(key_a, key_b, lenient):
        return 0.88  # only vowels differ: a romanisation variant (Abdalla/Abdulla, Qureshi/Quraishi)
    # Steep: one changed letter in a six-letter word (Lixing/Lixin, Mining/Dining) is another word, not a typo.
    # Person names vary more in spelling (Rezaie/Rezai, Kursad/Kursat): a gentler slope for them.
    similarity = max(0.0, 1.0 - (1.5 if lenient else 2.2) * (1.0 - edit))
    if _inner_substitution(key_a, key_b):
        similarity = max(similarity, TRANSPOSITION_SIMILARITY)
    if _plural_pair(a, b):
        # "Star"/"Stars", "Kaptan"/"Kaptanlar": a plural is usually a sister ship or another firm, not a typo.
        similarity = min(similarity, 0.6)
    return similarity


def _transposition(a: str, b: str) -> bool:
    """Whether `b` is `a` with two neighbouring letters swapped (words of at least four letters)."""
    return len(a) == len(b) >= 4 and OSA.distance(a, b, score_cutoff=1) == 1 and sorted(a) == sorted(b)


def _inner_deletion(a: str, b: str) -> bool:
    """Whether one letter inside a word of at least six letters is left out ("Reseve"/"Reserve"); a letter
    missing at either end (Lixin/Lixing) usually makes another word."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return (
        len(long) == len(short) + 1 >= 6
        and short[0] == long[0]
        and short[-1] == long[-1]
        and Levenshtein.distance(short, long, score_cutoff=1) == 1
    )


def _inner_substitution(key_a: str, key_b: str) -> bool:
    """Whether two long phonetic keys differ in one inner letter (Verkhnyaya/Werchnjaja, Khotintsev/Hotincev):
    a spelling variant of one long word, where a short word changed by a letter is usually another word."""
    if (
        len(key_a) != len(key_b)
        or len(key_a) < INNER_SUBSTITUTION_LENGTH
        or key_a[0] != key_b[0]
        or key_a[-1] != key_b[-1]
    ):
        return False
    return Levenshtein.distance(key_a, key_b, score_cutoff=1) == 1


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
    if any(letter in a or letter in b for letter in AMBIGUOUS_LETTERS):
        return max(skeleton_similarity(x, y) for x in letter_readings(a) for y in letter_readings(b))
    # Hebrew vav is a vowel (o/u) as often as a consonant (v): compare without it too.
    bare = 0.9 if a.replace("f", "") == b.replace("f", "") else 0.0
    if "$" in a + b and shin_apart(a) == shin_apart(b):
        bare = 0.9
    # Dad and zah are d in Arabic spellings, z in Persian ones (Reza/Rida, Fazl/Fadl).
    if a.replace("d", "s") == b.replace("d", "s"):
        bare = 0.9
    return max(bare, 0.9 * Levenshtein.normalized_similarity(a, b))


def _cell_similarity(
    a: str,
    b: str,
    persons: bool,
    cross: bool,
    bones_a: str | None,
    bones_b: str | None,
    voweled_a: bool = False,
    voweled_b: bool = False,
) -> float:
    """Similarity in [0, 1] of two different tokens (0 below `MIN_TOKEN_SIMILARITY`) from what it depends on; the
    skeletons are given where either token comes from a script without short vowels, and `voweled_*` says which
    one does not."""
    if len(a) == 1 or len(b) == 1:
        return _initial_similarity(a, b, persons)
    if not cross and bones_a is None and _surely_different(a, b):
        return 0.0
    similarity = latin_similarity(a, b, persons)
    if similarity < TRANSPOSITION_SIMILARITY and is_slip_of_common_word(a, b):
        # "Gloeal"/"Global": a mistyped everyday word, not another word. Not in `latin_similarity`, which also
        # measures joins: "Technologies R" joined would spell "technologyr", one letter from a word.
        similarity = TRANSPOSITION_SIMILARITY
    if cross:
        # Across scripts spelling varies more (ledi/lady, spiriti/spirit): plain edit similarity, not the steep one.
        similarity = max(similarity, Levenshtein.normalized_similarity(phonetic_key(a), phonetic_key(b)))
    if bones_a is not None and bones_b is not None and not _article_against_word(a, b, bones_a, bones_b):
        similarity = max(similarity, skeleton_similarity(bones_a, bones_b))
        if (voweled_a and _apart_meets(a, bones_b)) or (voweled_b and _apart_meets(b, bones_a)):
            similarity = max(similarity, APART_SIMILARITY)
    return similarity if similarity >= MIN_TOKEN_SIMILARITY else 0.0


# A word written with vowels whose kh, dh, th or gh read as two letters gives the other's skeleton
# (`phonetic.digraphs_apart`: Adham and أدهم "dhm", Lakhal and لكحل "lkhl"), rated as shin read as s + h is
# (`skeleton_similarity`). Not a word read from Arabic letters: its Latin letters are a transliteration.
APART_SIMILARITY: Final = 0.9


def _apart_meets(token: str, bones: str) -> bool:
    apart = digraphs_apart(token)
    return apart != skeleton(token) and apart in letter_readings(bones)


_ARTICLES: Final = frozenset({"al", "el", "ul", "l"})


def _article_against_word(a: str, b: str, bones_a: str, bones_b: str) -> bool:
    """The Arabic article against a word of one consonant: "al" (ال) has the skeleton of Ali (علي, على) or Ulloa,
    yet it is not them."""
    return len(bones_a) <= 1 and len(bones_b) <= 1 and (a in _ARTICLES) != (b in _ARTICLES)


def _surely_different(a: str, b: str) -> bool:
    """True when `latin_similarity(a, b)` must stay below `MIN_TOKEN_SIMILARITY`, shown by two C-speed edit tests.

    It reaches 0.7 only with equal phonetic keys, equal consonants of the keys (vowel variants), two swapped
    neighbouring letters, or an edit similarity of at least 0.8 (`1 - 1.5 * (1 - edit)` in the gentler slope),
    where edit is the larger of the spellings' similarity and 0.97 times the keys' (so the keys need >= 0.8 / 0.97
    = 0.825; an inner letter left out of six or more passes the spelling test). Most token pairs of two names are
    different words: this spares them the full computation.
    """
    key_a, key_b = phonetic_key(a), phonetic_key(b)
    if key_a == key_b or consonant_key(a) == consonant_key(b):
        return False
    if Levenshtein.normalized_similarity(a, b, score_cutoff=0.79) or _transposition(a, b):
        return False
    return not Levenshtein.normalized_similarity(key_a, key_b, score_cutoff=0.82)


def _initial_similarity(a: str, b: str, persons: bool) -> float:
    """An initial stands for a given name in person names ("J. Smith" / "John Smith")."""
    if a[0] != b[0]:
        return 0.0
    return 0.85 if persons else 0.75


# The similarity of two different tokens by (a, b, persons, across scripts, skeleton a, skeleton b, a written with
# vowels, b written with vowels): words repeat across names, and a dict lookup costs a fraction of recomputing.
# Cleared when full, to bound memory.
_CellKey = tuple[str, str, bool, bool, str | None, str | None, bool, bool]
_CELLS: Final[dict[_CellKey, float]] = {}
_MAX_CELLS: Final = 400_000


def _similarities(query: NormalizedName, candidate: NormalizedName) -> list[tuple[float, float, int, int, int]]:
    """Every (-similarity, -spelling, |i - j|, i, j) of the token matrix with a similarity above 0: sorting them
    gives the greedy order (best first; ties: the closer spelling where skeletons compare, then closer positions,
    then earlier query tokens, then earlier candidate tokens). Across scripts equal skeletons rate 0.95 whatever
    else the words hold: "عبد الرحمن" joined as "bdal" and "عبد الله" as "bdallh" both meet "Abdullah" at 0.95, and
    the spelling tells which one it is."""
    persons = query.person_like and candidate.person_like
    c_tokens, c_vowelless, c_skeletons, c_latin, c_keys = (
        candidate.tokens,
        candidate.vowelless,
        candidate.skeletons,
        candidate.transliterated,
        candidate.phonetic,
    )
    q_consonants, c_consonants = profile_of(query).consonants, profile_of(candidate).consonants
    known = _CELLS.get
    scored: list[tuple[float, float, int, int, int]] = []
    for i, a in enumerate(query.tokens):
        a_vowelless, a_bones, a_latin, a_key = (
            query.vowelless[i],
            query.skeletons[i],
            query.transliterated[i],
            query.phonetic[i],
        )
        for j, b in enumerate(c_tokens):
            if a == b:
                scored.append((-1.0, -1.0, abs(i - j), i, j))
                continue
            key: _CellKey
            cross = a_latin != c_latin[j]
            spelling = 0.0
            if a_vowelless or c_vowelless[j]:
                key = (a, b, persons, cross, a_bones, c_skeletons[j], not a_vowelless, not c_vowelless[j])
                spelling = normalized_similarity(a, b)
            elif _apart(a, b, a_key, c_keys[j], q_consonants[i] == c_consonants[j], cross):
                continue  # most pairs of tokens are different words: no cache entry, no full computation
            else:
                key = (a, b, persons, cross, None, None, False, False)
            similarity = known(key)
            if similarity is None:
                similarity = _remember(key)
            if similarity > 0.0:
                scored.append((-similarity, -spelling, abs(i - j), i, j))
    return scored


def _apart(a: str, b: str, key_a: str, key_b: str, same_consonants: bool, cross: bool) -> bool:
    """`_surely_different` from precomputed keys (initials excepted); across scripts the keys need only 0.7."""
    if len(a) == 1 or len(b) == 1 or key_a == key_b or same_consonants:
        return False
    if normalized_similarity(a, b, score_cutoff=0.79) or _transposition(a, b):
        return False
    return not normalized_similarity(key_a, key_b, score_cutoff=0.7 if cross else 0.82)


def _remember(key: _CellKey) -> float:
    if len(_CELLS) >= _MAX_CELLS:
        _CELLS.clear()
    similarity = _CELLS[key] = _cell_similarity(*key)
    return similarity


def _greedy_pairs(
    scored: list[tuple[float, float, int, int, int]],
) -> tuple[list[tuple[int, int, float]], set[int], set[int]]:
    """Best similarity first (see `_similarities` for ties), each token used once."""
    scored.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for negative, _, _, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, -negative))
    return pairs, used_q, used_c


def _unused(profile: Profile, used: set[int]) -> tuple[float, float]:
    """(weight of the tokens left without counterpart, the largest `open_weights` among them)."""
    total, top = 0.0, -1.0
    open_weights = profile.open_weights
    for i, weight in enumerate(profile.unmatched):
        if i not in used:
            total += weight
            if open_weights[i] > top:
                top = open_weights[i]
    return total, top


def _unused_seat(profile: Profile, used: set[int]) -> float:
    """The weight a name's registered seat (`profile.seat_of`) left without counterpart does not count when the
    other name has none: its full weight less its left-over weight."""
    return sum(profile.weights[i] - profile.unmatched[i] for i in profile.places if i not in used)


def align(query: NormalizedName, candidate: NormalizedName) -> Alignment:
    """Pair tokens greedily by descending similarity, each token used once; word order does not matter."""
    pairs, used_q, used_c = _greedy_pairs(_similarities(query, candidate))
    q_profile, c_profile = profile_of(query), profile_of(candidate)
    q_weights, c_weights = q_profile.weights, c_profile.weights
    q_unused, q_top = _unused(q_profile, used_q)
    c_unused, c_top = _unused(c_profile, used_c)
    q_seat, c_seat = _unused_seat(q_profile, used_q), _unused_seat(c_profile, used_c)
    if q_seat and c_seat:  # two different registered seats: two companies ("Beijing X" / "Shanghai X")
        q_unused += q_seat
        c_unused += c_seat
    # Both sides keep an informative (conflict) or any (substitution) word without counterpart.
    conflict = q_top >= INFORMATIVE_WEIGHT and c_top >= INFORMATIVE_WEIGHT
    substitution = q_top >= 0.2 and c_top >= 0.2
    matched_q = matched_c = 0.0
    for i, j, similarity in pairs:
        matched_q += similarity * q_weights[i]
        matched_c += similarity * c_weights[j]
    total_q = sum(q_weights[i] for i in used_q) + q_unused
    total_c = sum(c_weights[j] for j in used_c) + c_unused
    coverage_q = matched_q / total_q if total_q else 0.0
    coverage_c = matched_c / total_c if total_c else 0.0
    leftover = q_top >= INFORMATIVE_WEIGHT or c_top >= INFORMATIVE_WEIGHT
    return Alignment(tuple(sorted(pairs)), coverage_q, coverage_c, conflict, substitution, leftover)


def _window_similarity(window: JoinWindow, other: NormalizedName, j: int) -> float:
    """How closely the joined tokens of `window` spell token j of `other`."""
    return join_similarity(window, other.tokens[j], other.phonetic[j], other.skeletons[j], other.vowelless[j])


def join_similarity(window: JoinWindow, target: str, phonetic: str, bones: str, vowelless: bool) -> float:
    """How closely the joined tokens of `window` spell the token `target` (with its phonetic key and skeleton;
    `vowelless`: written in a script without short vowels)."""
    similarity = 0.0
    # Cheap necessary conditions first: same first sound and about the same length.
    if window.first_sound == phonetic[:1] and _close_lengths(window.text, target):
        similarity = latin_similarity(window.text, target)
    skeletons_compare = vowelless or window.vowelless
    first = any(window.bones[:1] == reading[:1] for reading in letter_readings(bones))
    if skeletons_compare and first and abs(len(window.bones) - len(bones)) <= 2:
        similarity = max(similarity, skeleton_similarity(window.bones, bones))
    return similarity


# The same list names are merged again for query after query ("Abdul Rahman" for every query with "Abdulrahman"):
# keeping the merged names keeps their scoring profiles, which cost more than the rest of the merge.
@lru_cache(maxsize=MERGE_CACHE_SIZE)
def _merge(name: NormalizedName, window: JoinWindow) -> NormalizedName:
    start, end = window.start, window.start + window.size
    token = window.text

    def spliced(values: tuple[Any, ...], merged: Any) -> tuple[Any, ...]:
        return (*values[:start], merged, *values[end:])

    return replace(
        name,
        tokens=spliced(name.tokens, token),
        token_weights=spliced(name.token_weights, max(name.token_weights[start:end])),
        vowelless=spliced(name.vowelless, any(name.vowelless[start:end])),
        transliterated=spliced(name.transliterated, any(name.transliterated[start:end])),
        phonetic=spliced(name.phonetic, phonetic_key(token)),
        skeletons=spliced(name.skeletons, window.bones),  # as the window reads them (article assimilated or not)
        residue=spliced(name.residue, all(name.residue[start:end])),
    )


def merge_joined_tokens(name: NormalizedName, other: NormalizedName) -> NormalizedName | None:
    """`name` with 2-3 consecutive tokens merged when together they spell one token of `other`, else None.

    Handles words written together on one side only: "Bel Huawei" / "BellHuawei", "بشارالاسد" / "Bashar al-Assad".
    A join reaches `JOIN_SIMILARITY` only with equal consonant keys or bare skeletons, or for long spellings (see
    `profile`): those keys rule out most pairs with one set test before any similarity is computed.
    """
    mine, theirs = profile_of(name), profile_of(other)
    if not theirs.long_tokens or not mine.windows:
        return None
    long_joins = long_joins_possible(mine, theirs)
    if not long_joins and mine.window_keys.isdisjoint(theirs.long_keys):
        return None
    tokens, skeletons = other.tokens, other.skeletons
    for window in mine.windows:
        for k, j in enumerate(theirs.long_tokens):
            possible = (
                window.consonants == theirs.long_consonants[k]
                or window.bare in theirs.long_bare[k]
                or (long_joins and is_long_pair(window.text, window.bones, tokens[j], skeletons[j]))
            )
            if possible and _window_similarity(window, other, j) >= JOIN_SIMILARITY:
                return _merge(name, window)
    return None
