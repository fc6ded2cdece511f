"""An upper bound on the token score of many candidate names at once, so that only names that could reach the
reporting floor are scored in full.

The token score combines the weighted coverage of both names (`features.combine_coverage`), and every combination
is at most the larger coverage; every multiplier is at most 1. A coverage can only count tokens that have some
counterpart the scorer would rate above 0, so a name's coverage is at most the weight of its tokens that pass a
cheap, generous "could be similar" test against some query token (or a run of query tokens written together), over
that weight plus the left-over weight of the others. The test runs in a few C calls (`rapidfuzz.process.cdist`) over
the distinct tokens of all candidate names. Names whose letters equal the query's once spaces are ignored, and names
with inline former names, are always kept. `bench/bench_screen.py` measures recall against scoring every name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import cdist

from tradeguard.match.profile import bare_skeleton, profile_of
from tradeguard.names.normalize import NormalizedName

# Cut-offs of the "could be similar" test, each below what `match.align` needs for a similarity above 0: spellings
# 0.79 (0.75 for a swap in four letters), phonetic keys 0.7, skeletons 0.7 (0.9 * similarity >= 0.7 gives >= 0.78).
SPELLING_CUTOFF = 0.74
KEY_CUTOFF = 0.69
SKELETON_CUTOFF = 0.6  # lower still: a skeleton without vav or with dad as s may be equal (0.9)


class TokenTable:
    """Every indexed name's tokens as vocabulary ids with their weights (flat numpy arrays, one segment per name)."""

    def __init__(self, names: Sequence[NormalizedName]) -> None:
        vocabulary: dict[tuple[str, str, str, str], int] = {}
        ids: list[int] = []
        weights: list[float] = []
        leftover: list[float] = []
        lengths: list[int] = []
        by_joined: dict[str, list[int]] = defaultdict(list)
        always: list[int] = []
        for name_id, name in enumerate(names):
            profile = profile_of(name)
            for form in zip(name.tokens, name.phonetic, name.skeletons, profile.consonants, strict=True):
                ids.append(vocabulary.setdefault(form, len(vocabulary)))
            weights.extend(profile.weights)
            leftover.extend(profile.unmatched)
            lengths.append(len(name.tokens))
            by_joined[name.joined].append(name_id)
            if name.alternates or not name.tokens:
                always.append(name_id)
        self._forms = list(vocabulary)
        self._lookup = _Lookup(self._forms)
        # Spellings, phonetic keys and skeletons as object arrays: fancy indexing then tolist() runs in C.
        self._columns = tuple(np.array([form[c] for form in self._forms], dtype=object) for c in range(3))
        self._firsts = np.array([ord(form[0][0]) for form in self._forms], dtype=np.int64)
        self._initial = np.array([len(form[0]) == 1 for form in self._forms])
        self._ids = np.array(ids, dtype=np.int64)
        self._weights = np.array(weights, dtype=np.float64)
        self._leftover = np.array(leftover, dtype=np.float64)
        self._lengths = np.array(lengths, dtype=np.int64)
        self._starts = np.concatenate(([0], np.cumsum(self._lengths)))[:-1]
        self._by_joined = {joined: np.array(found, dtype=np.int64) for joined, found in by_joined.items()}
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
        similar = similar[:, inverse]  # query row x candidate token position
        matched = np.asarray(similar.any(axis=0), dtype=bool)
        candidate_side = _coverage(owner, len(names), self._weights[positions], self._leftover[positions], matched)
        query_side = _query_coverage(query, covers, similar, owner, len(names))
        bound = np.maximum(candidate_side, query_side)
        bound[(lengths == 0) | np.isin(names, self._always_kept(query))] = 1.0
        return bound

    def _always_kept(self, query: NormalizedName) -> NDArray[np.int64]:
        """Names kept whatever their bound: the same letters as the query, or inline former names."""
        same = self._by_joined.get(query.joined)
        return self._always if same is None else np.concatenate((self._always, same))

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
    ) -> tuple[list[tuple[int, ...]], NDArray[np.bool_]]:
        """(token indexes each row covers, row x distinct token: could the scorer rate the pair above 0)."""
        token_rows = self._edit_rows(query, distinct)
        # An initial stands for any word with its first letter, on either side.
        firsts = np.array([ord(token[0]) for token in query.tokens], dtype=np.int64)
        initials = np.array([len(token) == 1 for token in query.tokens])
        same_first = firsts[:, None] == self._firsts[distinct][None, :]
        token_rows |= same_first & (initials[:, None] | self._initial[distinct][None, :])
        rows = [
            token_rows[i] | self._marked(self._lookup.token_ids(query, i), distinct) for i in range(len(query.tokens))
        ]
        covers: list[tuple[int, ...]] = [(i,) for i in range(len(query.tokens))]
        for window in profile_of(query).windows:
            rows.append(self._marked(self._lookup.window_ids(window.consonants, window.bare), distinct))
            covers.append(tuple(range(window.start, window.start + window.size)))
        return covers, np.array(rows)

    def _edit_rows(self, query: NormalizedName, distinct: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Query token x distinct token: spellings, phonetic keys or skeletons within the edit cut-offs."""
        rows = np.zeros((len(query.tokens), len(distinct)), dtype=bool)
        if all(len(token) == 1 for token in query.tokens):
            return rows
        for column, values, scorer, cutoff in (
            (0, query.tokens, OSA.normalized_similarity, SPELLING_CUTOFF),
            (1, query.phonetic, Levenshtein.normalized_similarity, KEY_CUTOFF),
            (2, query.skeletons, Levenshtein.normalized_similarity, SKELETON_CUTOFF),
        ):
            others = self._columns[column][distinct].tolist()
            rows |= cdist(values, others, scorer=scorer, score_cutoff=cutoff) > 0
        return rows


class _Lookup:
    """Vocabulary ids by exact form: equal consonant keys, equal bare skeletons, and parts of longer words."""

    def __init__(self, forms: list[tuple[str, str, str, str]]) -> None:
        self._by_text: dict[str, list[int]] = defaultdict(list)
        self._by_bones: dict[str, list[int]] = defaultdict(list)
        self._by_consonants: dict[str, list[int]] = defaultdict(list)
        self._by_bare: dict[str, list[int]] = defaultdict(list)
        for vocabulary_id, (text, _, bones, consonants) in enumerate(forms):
            self._by_text[text].append(vocabulary_id)
            self._by_bones[bones].append(vocabulary_id)
            self._by_consonants[consonants].append(vocabulary_id)
            self._by_bare[bare_skeleton(bones)].append(vocabulary_id)

    def token_ids(self, query: NormalizedName, i: int) -> list[int]:
        """Vowel variants of query token i, and words the other name may write apart inside it ("Gold Mines")."""
        found = list(self._by_consonants.get(profile_of(query).consonants[i], ()))
        for whole, table in ((query.tokens[i], self._by_text), (query.skeletons[i], self._by_bones)):
            for part in _parts(whole):
                found.extend(table.get(part, ()))
        return found

    def window_ids(self, consonants: str, bare: str) -> list[int]:
        """Words that neighbouring query tokens written together may spell (see `align.merge_joined_tokens`)."""
        return [*self._by_consonants.get(consonants, ()), *self._by_bare.get(bare, ())]


def _parts(word: str) -> list[str]:
    """Every piece of at least two letters of a word of at least four."""
    if len(word) < 4:
        return []
    return [word[a:b] for a in range(len(word) - 1) for b in range(a + 2, len(word) + 1)]


def _query_coverage(
    query: NormalizedName,
    covers: list[tuple[int, ...]],
    similar: NDArray[np.bool_],
    owner: NDArray[np.int64],
    count: int,
) -> NDArray[np.float64]:
    """Per name: the share of the query's weight that may be matched (as `_coverage`, from the query side)."""
    profile = profile_of(query)
    starts = np.flatnonzero(np.diff(owner, prepend=-1))  # each name's first position (every name has tokens here)
    row_hits = np.zeros((len(covers), count), dtype=bool)
    row_hits[:, owner[starts]] = np.logical_or.reduceat(similar, starts, axis=1)
    cover = np.zeros((len(covers), len(query.tokens)))
    for row, covered in enumerate(covers):
        cover[row, list(covered)] = 1.0
    hit = (cover.T @ row_hits) > 0  # query token x name
    weights, unmatched = np.array(profile.weights), np.array(profile.unmatched)
    matched = weights @ hit
    total = matched + unmatched @ ~hit
    return np.asarray(np.divide(matched, total, out=np.zeros(count), where=total > 0), dtype=np.float64)


def _coverage(
    owner: NDArray[np.int64],
    count: int,
    weights: NDArray[np.float64],
    leftover: NDArray[np.float64],
    matched: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Per name: the weight of its tokens that may match over that weight plus the left-over weight of the rest."""
    hit = np.bincount(owner, weights=np.where(matched, weights, 0.0), minlength=count)
    rest = np.bincount(owner, weights=np.where(matched, 0.0, leftover), minlength=count)
    total = hit + rest
    return np.asarray(np.divide(hit, total, out=np.zeros(count), where=total > 0), dtype=np.float64)
