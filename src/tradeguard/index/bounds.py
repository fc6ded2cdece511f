"""An upper bound on the token score of many candidate names at once, so that only names that could reach the
reporting floor are scored in full.

The token score combines the weighted coverage of both names (`features.combine_coverage`): at most
`HIGH_SHARE * high + (1 - HIGH_SHARE) * low` of the two coverages, and every multiplier is at most 1. A coverage is
the similarity-weighted share of a name's tokens that found a counterpart; a token left without one counts its
`unmatched` weight (never less than its weight). So each side's coverage is at most the sum of weight times the
best similarity any token of the other side could reach, over the weight of those tokens plus the left-over weight
of the tokens with no possible counterpart. The per-pair similarity bound comes from a few C calls
(`rapidfuzz.process.cdist` over the distinct tokens of all candidate names) passed through the same formulas as
`match.align` (always on their generous side: person slope, cross-script and skeleton terms where the forms allow
them). Query tokens that may be joined into one word of the name (equal consonant key or bare skeleton) count as
fully similar, and the joined word may pair with any one token of the name. Names that may write one of the query's
long words apart, names whose letters equal the query's once spaces are ignored, and names with inline former names
are always kept. Left out, as `align` rarely needs them: joins found only by edit similarity (words of 15+ letters,
or a letter dropped inside a Latin word written apart) and a second or third join in the same name.
`tests/index/test_bounds.py` checks the bound against the real score on every labelled pair (both directions);
`bench/bench_screen.py` measures recall against scoring every name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import cdist

from tradeguard.match.align import MIN_TOKEN_SIMILARITY
from tradeguard.match.profile import Profile, bare_skeleton, profile_of
from tradeguard.names.normalize import NormalizedName

# Cut-offs of the "could be similar" test, each below what `match.align` needs for a similarity above 0: spellings
# 0.79 (0.75 for a swap in four letters), phonetic keys 0.7, skeletons 0.7 (0.9 * similarity >= 0.7 gives >= 0.78).
SPELLING_CUTOFF = 0.74
KEY_CUTOFF = 0.69
SKELETON_CUTOFF = 0.6  # lower still: a skeleton without vav or with dad as s may be equal (0.9)
# `combine_coverage` weighs the higher coverage at most this much (persons whose shorter name is a subset of the
# longer); organisations 0.25.
HIGH_SHARE_PERSONS = 0.65
HIGH_SHARE_OTHERS = 0.25
# `latin_similarity` at its most generous: the person slope, a swapped or dropped letter, equal phonetic keys.
LATIN_SLOPE = 1.5
SLIP_SIMILARITY = 0.85
SLIP_EDIT = 0.75  # one edit in a word of four letters or more
EQUAL_KEYS_SIMILARITY = 0.95
KEY_EDIT_FACTOR = 0.97
INITIAL_SIMILARITY = 0.85
EQUAL_SKELETON_SIMILARITY = 0.95
SKELETON_SIMILARITY = 0.9
_VOWELS = frozenset("aeiou")


class TokenTable:
    """Every indexed name's tokens as vocabulary ids with their weights (flat numpy arrays, one segment per name)."""

    def __init__(self, names: Sequence[NormalizedName]) -> None:
        vocabulary: dict[tuple[str, str, str, str], int] = {}
        ids: list[int] = []
        weights: list[float] = []
        leftover: list[float] = []
        lengths: list[int] = []
        by_joined: dict[str, list[int]] = defaultdict(list)
        by_window: dict[str, list[int]] = defaultdict(list)
        always: list[int] = []
        for name_id, name in enumerate(names):
            profile = profile_of(name)
            for key in _window_keys(profile):
                by_window[key].append(name_id)
            for form in zip(name.tokens, name.phonetic, name.skeletons, profile.consonants, strict=True):
                ids.append(vocabulary.setdefault(form, len(vocabulary)))
            weights.extend(profile.weights)
            leftover.extend(profile.unmatched)
            lengths.append(len(name.tokens))
            by_joined[name.joined].append(name_id)
            if profile.tokens_text != name.joined:
                by_joined[profile.tokens_text].append(name_id)
            if name.alternates or not name.tokens:
                always.append(name_id)
        self._forms = list(vocabulary)
        self._lookup = _Lookup(self._forms)
        # Spellings, phonetic keys and skeletons as object arrays: fancy indexing then tolist() runs in C.
        self._columns = tuple(np.array([form[c] for form in self._forms], dtype=object) for c in range(3))
        self._firsts = np.array([ord(form[0][0]) for form in self._forms], dtype=np.int64)
        self._initial = np.array([len(form[0]) == 1 for form in self._forms])
        self._key_firsts = np.array([ord(form[1][0]) if form[1] else -1 for form in self._forms], dtype=np.int64)
        self._key_vowel = np.array([form[1][:1] in _VOWELS for form in self._forms])
        self._ids = np.array(ids, dtype=np.int64)
        self._weights = np.array(weights, dtype=np.float64)
        self._leftover = np.array(leftover, dtype=np.float64)
        self._lengths = np.array(lengths, dtype=np.int64)
        self._starts = np.concatenate(([0], np.cumsum(self._lengths)))[:-1]
        self._persons = np.array([name.person_like for name in names], dtype=bool)
        # Per vocabulary form: whether some name writes it from a script without short vowels (skeletons compare),
        # from a non-Latin script, or in Latin letters (the cross-script terms of `align` apply across the two).
        self._vowelless, self._transliterated, self._latin = (np.zeros(len(self._forms), dtype=bool) for _ in range(3))
        flags = np.array([flag for name in names for flag in name.vowelless], dtype=bool)
        foreign = np.array([flag for name in names for flag in name.transliterated], dtype=bool)
        self._vowelless[self._ids[flags]] = True
        self._transliterated[self._ids[foreign]] = True
        self._latin[self._ids[~foreign]] = True
        self._by_joined = _Postings(by_joined)
        # Names with neighbouring tokens whose joined form shares a consonant key or bare skeleton with some token:
        # `merge_joined_tokens` may join them into one word, which can then pair with any query token.
        self._by_window = _Postings(by_window)
        self._always = np.array(always, dtype=np.int64)

    def bounds(self, query: NormalizedName, names: NDArray[np.int64]) -> NDArray[np.float64]:
        """An upper bound on the token score of `query` against each of `names` (1.0 where no bound is known)."""
        if not query.tokens or query.alternates or len(names) == 0:
            return np.ones(len(names))
        lengths = self._lengths[names]
        owner = np.repeat(np.arange(len(names)), lengths)
        positions = np.repeat(self._starts[names] - np.cumsum(lengths) + lengths, lengths) + np.arange(owner.size)
        distinct, inverse = self._compress(self._ids[positions])
        covers, similar = self._similar(query, distinct)
        similar = similar[:, inverse]  # query row x candidate token position: similarity bound
        query_side, joins = _query_coverage(query, covers, similar, owner, len(names))
        # Query tokens joined into one word may pair with any one of the name's tokens, fully similar at most.
        candidate_side = _coverage(
            owner, joins, self._weights[positions], self._leftover[positions], similar.max(axis=0)
        )
        high_share = np.where(self._persons[names] & query.person_like, HIGH_SHARE_PERSONS, HIGH_SHARE_OTHERS)
        high, low = np.maximum(candidate_side, query_side), np.minimum(candidate_side, query_side)
        bound = high_share * high + (1.0 - high_share) * low
        bound[(lengths == 0) | np.isin(names, self._always_kept(query))] = 1.0
        return bound

    def _always_kept(self, query: NormalizedName) -> NDArray[np.int64]:
        """Names kept whatever their bound: the same letters as the query (with or without legal forms), inline
        former names, and names that may write one of the query's long words apart."""
        kept = [self._always]
        for letters in {query.joined, profile_of(query).tokens_text}:
            kept.append(self._by_joined.get(letters))
        kept.extend(self._by_window.get(key) for key in _long_keys(query))
        return np.concatenate(kept)

    def _compress(self, ids: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(the distinct vocabulary ids, each id's position among them): `np.unique` without sorting."""
        seen = np.zeros(len(self._forms), dtype=bool)
        seen[ids] = True
        distinct = np.flatnonzero(seen)
        slot = np.empty(len(self._forms), dtype=np.int64)
        slot[distinct] = np.arange(len(distinct))
        return distinct, slot[ids]

    def _marked(self, ids: list[int], distinct: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which of `distinct` are among `ids` (a mask over the vocabulary: faster than `np.isin`)."""
        if not ids:
            return np.zeros(len(distinct), dtype=bool)
        mark = np.zeros(len(self._forms), dtype=bool)
        mark[ids] = True
        return mark[distinct]

    def _similar(
        self, query: NormalizedName, distinct: NDArray[np.int64]
    ) -> tuple[list[tuple[int, ...]], NDArray[np.float64]]:
        """(token indexes each row covers, row x distinct token: the most the scorer could rate the pair)."""
        token_rows = self._edit_rows(query, distinct)
        # An initial stands for any word with its first letter, on either side.
        firsts = np.array([ord(token[0]) for token in query.tokens], dtype=np.int64)
        initials = np.array([len(token) == 1 for token in query.tokens])
        same_first = firsts[:, None] == self._firsts[distinct][None, :]
        initial_pairs = same_first & (initials[:, None] | self._initial[distinct][None, :])
        token_rows = np.maximum(token_rows, np.where(initial_pairs, INITIAL_SIMILARITY, 0.0))
        # Vowel variants (equal consonant keys, same first sound or both starting with a vowel), and skeletons equal
        # without vav where skeletons compare.
        key_firsts = self._key_firsts[distinct]
        consonants, bare = profile_of(query).consonants, [bare_skeleton(bones) for bones in query.skeletons]
        for i, key in enumerate(query.phonetic):
            first = ord(key[0]) if key else -1
            same_sound = (key_firsts == first) | (self._key_vowel[distinct] & (key[:1] in _VOWELS))
            variants = self._marked(self._lookup.by_consonants(consonants[i]), distinct) & same_sound
            token_rows[i, variants] = np.maximum(token_rows[i, variants], EQUAL_KEYS_SIMILARITY)
            skeletons = self._marked(self._lookup.by_bare(bare[i]), distinct)
            if not query.vowelless[i]:
                skeletons &= self._vowelless[distinct]
            token_rows[i, skeletons] = np.maximum(token_rows[i, skeletons], SKELETON_SIMILARITY)
        rows: list[NDArray[np.float64]] = [token_rows]
        covers: list[tuple[int, ...]] = [(i,) for i in range(len(query.tokens))]
        for window in profile_of(query).windows:
            joined = self._marked(self._lookup.window_ids(window.consonants, window.bare), distinct)
            rows.append(joined[None, :].astype(np.float64))  # a joined window is fully similar at most
            covers.append(tuple(range(window.start, window.start + window.size)))
        return covers, np.concatenate(rows)

    def _column(self, column: int, ids: NDArray[np.int64]) -> list[str]:
        """Spellings (0), phonetic keys (1) or skeletons (2) of these vocabulary forms."""
        values: list[str] = self._columns[column][ids].tolist()
        return values

    def _edit_rows(self, query: NormalizedName, distinct: NDArray[np.int64]) -> NDArray[np.float64]:
        """Query token x distinct token: the most `align` could rate the pair from its edit similarities (0 when it
        stays below `MIN_TOKEN_SIMILARITY`)."""
        if all(len(token) == 1 for token in query.tokens):
            return np.zeros((len(query.tokens), len(distinct)))
        spelling = cdist(
            query.tokens, self._column(0, distinct), scorer=OSA.normalized_similarity, score_cutoff=SPELLING_CUTOFF
        )
        keys = cdist(
            query.phonetic, self._column(1, distinct), scorer=Levenshtein.normalized_similarity, score_cutoff=KEY_CUTOFF
        )
        # Skeletons compare only when either token comes from a script without short vowels: a Latin query needs
        # them only against such tokens.
        foreign_bones = distinct if any(query.vowelless) else distinct[self._vowelless[distinct]]
        bones = np.zeros((len(query.tokens), len(distinct)), dtype=np.float32)
        if len(foreign_bones):
            found = cdist(
                query.skeletons,
                self._column(2, foreign_bones),
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=SKELETON_CUTOFF,
            )
            bones[:, np.searchsorted(distinct, foreign_bones)] = found
        # latin_similarity: the edit similarity on the person slope, a typing slip, or equal phonetic keys.
        edit = np.maximum(spelling, KEY_EDIT_FACTOR * keys)
        similarity = np.maximum(1.0 - LATIN_SLOPE * (1.0 - edit), np.where(spelling >= SLIP_EDIT, SLIP_SIMILARITY, 0.0))
        similarity = np.maximum(similarity, np.where(keys >= 1.0, EQUAL_KEYS_SIMILARITY, 0.0))
        # Across scripts the plain similarity of the phonetic keys counts.
        foreign = np.array(query.transliterated, dtype=bool)[:, None]
        cross = (foreign & self._latin[distinct][None, :]) | (~foreign & self._transliterated[distinct][None, :])
        similarity = np.maximum(similarity, np.where(cross, keys, 0.0))
        # Skeletons compare when either token comes from a script without short vowels.
        vowelless = np.array(query.vowelless, dtype=bool)[:, None] | self._vowelless[distinct][None, :]
        skeleton = np.where(bones >= 1.0, EQUAL_SKELETON_SIMILARITY, np.where(bones > 0.0, SKELETON_SIMILARITY, 0.0))
        similarity = np.maximum(similarity, np.where(vowelless, skeleton, 0.0))
        return np.where(similarity >= MIN_TOKEN_SIMILARITY, similarity, 0.0)


class _Postings:
    """Name ids by string key in two flat arrays: a dict of ~140,000 small numpy arrays would cost tens of MB and
    seconds to unpickle from the index cache."""

    def __init__(self, found: dict[str, list[int]]) -> None:
        self._slots = {key: slot for slot, key in enumerate(found)}
        self._ids = np.array([name_id for ids in found.values() for name_id in ids], dtype=np.int64)
        self._offsets = np.concatenate(([0], np.cumsum([len(ids) for ids in found.values()]))).astype(np.int64)

    def get(self, key: str) -> NDArray[np.int64]:
        slot = self._slots.get(key)
        if slot is None:
            return self._ids[:0]
        return self._ids[self._offsets[slot] : self._offsets[slot + 1]]


class _Lookup:
    """Vocabulary ids by exact form: equal consonant keys (vowel variants) and equal bare skeletons."""

    def __init__(self, forms: list[tuple[str, str, str, str]]) -> None:
        self._by_consonants: dict[str, list[int]] = defaultdict(list)
        self._by_bare: dict[str, list[int]] = defaultdict(list)
        for vocabulary_id, (_, _, bones, consonants) in enumerate(forms):
            self._by_consonants[consonants].append(vocabulary_id)
            self._by_bare[bare_skeleton(bones)].append(vocabulary_id)

    def by_consonants(self, consonants: str) -> list[int]:
        return self._by_consonants.get(consonants, [])

    def by_bare(self, bare: str) -> list[int]:
        return self._by_bare.get(bare, [])

    def window_ids(self, consonants: str, bare: str) -> list[int]:
        """Words with this consonant key or bare skeleton (a token's, or that of query tokens written together: see
        `align.merge_joined_tokens`)."""
        return [*self._by_consonants.get(consonants, ()), *self._by_bare.get(bare, ())]


def _window_keys(profile: Profile) -> set[str]:
    """Keys under which `merge_joined_tokens` may join a window of this name into one word of another: the
    profile's window keys (equal consonant keys "c:", equal bare skeletons "b:"), plus "v:" for the bare skeletons of
    windows from a script without short vowels (a Latin query word joins a Latin window by its skeleton only through
    its spelling)."""
    return {*profile.window_keys, *("v:" + window.bare for window in profile.windows if window.vowelless)}


def _long_keys(query: NormalizedName) -> list[str]:
    """The keys of `_window_keys` that the query's long words look up."""
    profile = profile_of(query)
    keys: list[str] = []
    for k, i in enumerate(profile.long_tokens):
        keys.append("c:" + profile.long_consonants[k])
        keys.append(("b:" if query.vowelless[i] else "v:") + profile.long_bare[k])
    return keys


def _query_coverage(
    query: NormalizedName,
    covers: list[tuple[int, ...]],
    similar: NDArray[np.float64],
    owner: NDArray[np.int64],
    count: int,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Per name: (the most of the query's weight its tokens may match (as `_coverage`, from the query side),
    whether a run of query tokens may be joined into one word of the name)."""
    profile = profile_of(query)
    starts = np.flatnonzero(np.diff(owner, prepend=-1))  # each name's first position (every name has tokens here)
    row_best = np.zeros((len(covers), count))
    row_best[:, owner[starts]] = np.maximum.reduceat(similar, starts, axis=1)
    best = np.zeros((len(query.tokens), count))  # query token x name: best similarity of any row covering it
    for row, covered in enumerate(covers):
        best[list(covered)] = np.maximum(best[list(covered)], row_best[row])
    joins = row_best[len(query.tokens) :].max(axis=0, initial=0.0) > 0.0
    return _share(np.array(profile.weights)[:, None], np.array(profile.unmatched)[:, None], best, axis=0), joins


def _coverage(
    owner: NDArray[np.int64],
    wildcard: NDArray[np.bool_],
    weights: NDArray[np.float64],
    leftover: NDArray[np.float64],
    best: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Per name: the similarity-weighted weight of its tokens over that weight (tokens with a possible counterpart)
    plus the left-over weight of the rest; where `wildcard`, as if any one token of the name were fully matched."""
    count = len(wildcard)
    matched = best > 0.0
    hit = np.bincount(owner, weights=weights * best, minlength=count)
    total = np.bincount(owner, weights=np.where(matched, weights, leftover), minlength=count)
    if wildcard.any():
        # One token fully matched adds at most the largest missing weight and saves at most the largest left-over
        # surplus (taken separately: a bound, not the exact best choice).
        starts = np.flatnonzero(np.diff(owner, prepend=-1))
        names = owner[starts]
        gain = np.zeros(count)
        gain[names] = np.maximum.reduceat(weights * (1.0 - best), starts)
        saved = np.zeros(count)
        saved[names] = np.maximum.reduceat(np.where(matched, 0.0, leftover - weights), starts)
        hit = np.where(wildcard, hit + gain, hit)
        total = np.where(wildcard, total - saved, total)
    share = np.divide(hit, total, out=np.zeros(count), where=total > 0)
    return np.asarray(np.minimum(share, 1.0), dtype=np.float64)


def _share(
    weights: NDArray[np.float64], leftover: NDArray[np.float64], best: NDArray[np.float64], axis: int
) -> NDArray[np.float64]:
    """`_coverage` for a dense token x name matrix of best similarities."""
    hit = (weights * best).sum(axis=axis)
    total = np.where(best > 0.0, weights, leftover).sum(axis=axis)
    return np.asarray(np.divide(hit, total, out=np.zeros_like(hit), where=total > 0), dtype=np.float64)
