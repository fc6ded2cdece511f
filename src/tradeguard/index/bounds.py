"""An upper bound on the token score of many candidate names at once, so that only names that could reach the
reporting floor are scored in full.

The token score combines the weighted coverage of both names (`features.combine_coverage`): at most `share * high +
(1 - share) * low` of the two coverages, and every multiplier is at most 1. A coverage is the similarity-weighted
share of a name's tokens that found a counterpart; a token left without one counts its `unmatched` weight (never less
than its weight). So each side's coverage is at most the sum of weight times the best similarity any token of the other
side could reach, over the weight of those tokens plus the left-over weight of the tokens with no possible counterpart.
The per-pair similarity bound comes, for each query token, from the vocabulary words it could be similar to: an exact
search by edit similarity over the whole vocabulary (`_EditScan`: a letter-pair filter, then rapidfuzz on the few words
left) passed through the same formulas as `match.align` (always on their generous side: person slope, cross-script and
skeleton terms where the forms allow them). Those rows are cached per distinct token, as batches and servers see the
same words again and again, and they also give `TokenTable.reachable`: the names holding any such word (every other
name's bound is 0; names that align only particles, "al", "bin", the query's or their own, are left out when particles
alone cannot reach the floor, as a person name is a "firm subset" of another only with a word aligned). Query tokens
that may be joined into one word of the name (equal consonant key or bare skeleton, spelled closely enough:
`align.join_similarity`) count as fully similar, and in a name holding such a word the joined word pairs with the
name's tokens at most as a query token spelled that way would. Names that may write one of the query's long words
apart are always looked at, with that word fully similar to each token of the run that spells it (`align` joins the
run and pairs it with the word); names whose letters equal the query's once spaces are ignored are always kept, with
no bound. A name with inline former names ("ex-", "f.k.a.") is bounded by the best of its forms, as the scorer keeps
the best of them. Left out, as `align` rarely needs them: joins found only by edit
similarity (words of 15+ letters, or a letter dropped inside a Latin word written apart) and a second or third join in
the same name.
`tests/index/test_bounds.py` checks the bound against the real score on every labelled pair (both directions);
`bench/bench_screen.py` measures recall against scoring every name. The work over a query's candidate names (the
reachable names, their bounds) runs in `_kernel` (Cython) where it is built, else in the numpy code here, with the
same answers (`tests/index/test_kernel.py`).
"""

from __future__ import annotations

import bisect
import math
import threading
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import NamedTuple, TypeVar

import numpy as np
from mypy_extensions import mypyc_attr
from numpy.typing import NDArray
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import cdist

try:  # compiled by setup.py; without it the same answers come from numpy (tests/index/test_kernel.py)
    from tradeguard.index import _kernel
except ImportError:  # pragma: no cover - a build without a C compiler
    _kernel = None  # type: ignore[assignment]
from tradeguard.lists.model import EntryKind
from tradeguard.match.align import (
    INFORMATIVE_WEIGHT,
    INNER_SUBSTITUTION_LENGTH,
    JOIN_SIMILARITY,
    MIN_TOKEN_SIMILARITY,
    join_similarity,
)
from tradeguard.match.features import (
    COMPANY_VS_PERSON,
    LOOSE_SHARE,
    ORGANIZATION_SHARE,
    SUBSET_SHARE,
    company_against_person,
    is_word,
)
from tradeguard.match.profile import JoinWindow, bare_skeleton, profile_of
from tradeguard.names.model import NormalizedName
from tradeguard.names.phonetic import digraphs_apart, letter_readings, phonetic_key, shin_apart

# Cut-offs of the "could be similar" test, each below what `match.align` needs for a similarity above 0: spellings
# 0.79 (0.75 for a swap in four letters), phonetic keys 0.7, skeletons 0.7 (0.9 * similarity >= 0.7 gives >= 0.78).
SPELLING_CUTOFF = 0.74
KEY_CUTOFF = 0.69
SKELETON_CUTOFF = 0.77  # 0.9 * 0.77 < 0.7; skeletons equal without vav or with dad as s are looked up exactly
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
# Edit similarities by name: the index is pickled, and rapidfuzz's C functions cannot be.
_SIMILARITIES: dict[str, Callable[..., float]] = {
    "osa": OSA.normalized_similarity,  # a transposition counts as one edit
    "levenshtein": Levenshtein.normalized_similarity,
}
# Query tokens whose similar vocabulary forms are kept (~1 KB each): a batch or a server sees the same first names,
# family names and company words again and again.
ROW_CACHE_SIZE = 50_000
# The kernel counts shared letter pairs in bytes (a small scratch array over all strings); longer words (a 300-letter
# token of a hostile name) are counted by numpy.
MOST_PAIRS_COUNTED = 255
# Letter-pair thresholds of `_EditScan` kept per word shape (one small array per length window, ~35 KB at most).
THRESHOLD_CACHE_SIZE = 512
_SCRATCH = threading.local()  # `_scratch`
# A token's code (`TokenTable._token_codes`): its vocabulary id in the low 32 bits, its kind above.
_KIND_SHIFT = 32
_ID_MASK = (1 << _KIND_SHIFT) - 1
_MOST_TOKENS = 2**31 - 1  # segments address their first token in 32 bits
# Bits of a segment's flags (`_segment_flags`).
PERSON_LIKE = 1  # the name reads as a person's
PERSON_ENTRY = 2  # the name belongs to a person entry
WITH_FORM = 4  # the name has a legal form


# mypyc compiles this module (pyproject.toml); its classes stay plain Python classes (`mypyc_attr(native_class=False)`),
# as the index pickles them with their `__dict__` and bench_rows wraps their methods: their methods' bodies run
# compiled all the same (a warm query's candidates ~5-10% faster, bench/README.md).
@mypyc_attr(native_class=False)
class TokenTable:
    """Every indexed name's tokens as vocabulary ids with their weights (flat numpy arrays, one segment per written
    form of a name: the name, then each of its inline former names, which the scorer scores alone and keeps the
    best of), and, per query token, the vocabulary words it could be similar to (computed once per distinct token,
    cached). Segments are numbered name by name, so the segments of ascending names are ascending."""

    def __init__(self, names: Sequence[NormalizedName]) -> None:
        vocabulary: dict[tuple[str, str, str, str], int] = {}
        ids: list[int] = []
        weights: list[float] = []
        leftover: list[float] = []
        by_joined: dict[str, list[int]] = defaultdict(list)
        by_window: dict[str, list[int]] = defaultdict(list)  # key -> `_window_code`s
        owner_of = [name_id for name_id, name in enumerate(names) for _ in range(1 + len(name.alternates))]
        segments = [form for name in names for form in (name, *name.alternates)]
        for segment, name in enumerate(segments):
            profile = profile_of(name)
            for window in profile.windows:
                code = _window_code(segment, window)
                for key in _window_keys(window):
                    by_window[key].append(code)
            for form in zip(name.tokens, name.phonetic, name.skeletons, profile.consonants, strict=True):
                ids.append(vocabulary.setdefault(form, len(vocabulary)))
            weights.extend(profile.weights)
            leftover.extend(profile.unmatched)
            by_joined[name.joined].append(segment)
            if profile.tokens_text != name.joined:
                by_joined[profile.tokens_text].append(segment)
        forms = list(vocabulary)
        self._owner = np.array(owner_of, dtype=np.int64)  # segment -> name id
        self._segment_counts = np.bincount(self._owner, minlength=len(names))
        self._first_segment = np.concatenate(([0], np.cumsum(self._segment_counts)))[:-1]
        token_ids = np.array(ids, dtype=np.int64)
        token_weights = np.array(weights, dtype=np.float64)
        token_leftover = np.array(leftover, dtype=np.float64)
        lengths = np.array([len(name.tokens) for name in segments], dtype=np.int64)
        flags = np.array([flag for name in segments for flag in name.vowelless], dtype=bool)
        foreign = np.array([flag for name in segments for flag in name.transliterated], dtype=bool)
        self._vocabulary = _Vocabulary(forms, token_ids, flags, foreign)
        # Segments by vocabulary id, to find the names a query's similar words occur in: apart for the name's words
        # and its particles and initials (which never make a "firm subset", see `reachable`).
        owners = np.repeat(np.arange(len(segments)), lengths)
        words = np.array([is_word(forms[i][0], weight) for i, weight in zip(ids, weights, strict=True)], dtype=bool)
        self._by_word = IdPostings(token_ids[words], owners[words], len(forms))
        self._by_particle = IdPostings(token_ids[~words], owners[~words], len(forms))
        # What `_kernel.segment_bounds` reads, one row per segment and one code per token, as compact as they go: a
        # query bounds hundreds of segments spread over the whole table, and the kernel waits on memory more than it
        # computes (the same calls run ~3x faster with the table in the CPU's caches than after they were swept).
        if len(token_ids) > _MOST_TOKENS:
            raise ValueError(f"an index holds at most {_MOST_TOKENS:,} tokens, not {len(token_ids):,}")
        self._segment_data = np.column_stack(
            [
                np.concatenate(([0], np.cumsum(lengths)))[:-1],  # first token
                lengths,
                # Tokens left over as informative when unaligned (`align.INFORMATIVE_WEIGHT`).
                [sum(weight >= INFORMATIVE_WEIGHT for weight in profile_of(name).open_weights) for name in segments],
                [_segment_flags(name) for name in segments],
            ]
        ).astype(np.int32)
        # A token's weight, left-over weight and whether it is a word take a handful of values in all (10 on all
        # lists): each distinct triple once in `_token_kinds`, and per token its vocabulary id with its kind's row
        # above `_KIND_SHIFT` (8 bytes a token where four floats took 32).
        kinds = np.column_stack([token_weights, token_leftover, words]).astype(np.float64)
        distinct, kind_of = np.unique(kinds, axis=0, return_inverse=True)
        self._token_kinds = np.ascontiguousarray(distinct)
        self._token_codes = token_ids | (kind_of.reshape(-1).astype(np.int64) << _KIND_SHIFT)
        # Per segment: its coverage when only its particles align (their weight over that weight plus the left-over
        # weight of its words).
        count = len(segments)
        particles = np.bincount(owners, weights=np.where(words, 0.0, token_weights), minlength=count)
        others = np.bincount(owners, weights=np.where(words, token_leftover, 0.0), minlength=count)
        self._particle_share = np.divide(particles, particles + others, out=np.zeros(count), where=particles > 0)
        self._by_joined = _Postings(by_joined)
        # Segments with neighbouring tokens whose joined form shares a consonant key or bare skeleton with some
        # token: `merge_joined_tokens` may join them into one word, which then pairs with that token.
        self._by_window = _Postings(by_window)
        self._always = np.flatnonzero(lengths == 0)

    def prepare(self, query: NormalizedName) -> PreparedQuery:
        """What `reachable` and `bounds` both read of `query`, looked up once."""
        if not query.tokens or query.alternates:
            return PreparedQuery(query, [], [], self._always, [])  # no bound is known: nothing to look up
        rows = self._vocabulary.query_rows(query)
        spans = self._spans_apart(query)
        kept = np.concatenate([self._always_kept(query), *(codes >> _WINDOW_BITS for _, codes in spans)])
        return PreparedQuery(query, rows, _significant_rows(query), kept, spans)

    def reachable(self, prepared: PreparedQuery, at_least: float = 0.0) -> NDArray[np.int64] | None:
        """The names whose bound against `query` may reach `at_least` (above 0 when `at_least` is 0), sorted: names
        holding a word similar to a query word, a join or a kept form (any other name scores 0), without the names
        whose similar words are only the query's particles or only their own, when those cannot reach `at_least`
        (with particles alone aligned no name is a "firm subset" of the other: `features._firm_subset`). None when the
        query has an initial (an initial is similar to every word with its first letter: the blocking keys narrow
        those down better) or an inline former name."""
        query, rows, significant = prepared.query, prepared.rows, prepared.significant
        if not query.tokens or query.alternates or any(len(token) == 1 for token in query.tokens):
            return None
        # A name whose similar tokens are all its own particles is no "firm subset" of the query (at most
        # LOOSE_SHARE of the higher coverage), and its coverage is at most its particle share.
        least_share = (at_least - LOOSE_SHARE) / (1.0 - LOOSE_SHARE)
        # Likewise for names whose words are similar only to the query's particles (neither holds when a query
        # particle meets a word of the name and a query word a particle of it).
        particles_reach = _particles_coverage(query, significant) * (1.0 - LOOSE_SHARE) + LOOSE_SHARE >= at_least
        if _kernel is None:
            words = _ids_of(row for row, word in zip(rows, significant, strict=True) if word)
            particles = _ids_of(row for row, word in zip(rows, significant, strict=True) if not word)
            return self._numpy_reachable(words, particles, least_share, particles_reach, prepared.kept)
        return _kernel.reachable_names(
            rows,
            significant,
            self._by_word.offsets,
            self._by_word.names,
            self._by_particle.offsets,
            self._by_particle.names,
            self._particle_share,
            least_share,
            particles_reach,
            prepared.kept,
            self._owner,
            _scratch("marks", len(self._segment_data), np.uint8),
        )

    def _numpy_reachable(
        self,
        words: NDArray[np.int32],
        particles: NDArray[np.int32],
        least_share: float,
        particles_reach: bool,
        kept: NDArray[np.int64],
    ) -> NDArray[np.int64]:
        """`reachable` with numpy (without the compiled kernel)."""
        found = np.zeros(len(self._segment_data), dtype=bool)
        found[self._by_word.gather(words)] = True
        own_particles = self._by_particle.gather(np.concatenate([words, particles]))
        found[own_particles[self._particle_share[own_particles] >= least_share]] = True
        particle_words = self._by_word.gather(particles)
        if particles_reach:
            found[particle_words] = True
        else:
            meets_particle = np.zeros(len(self._segment_data), dtype=bool)
            meets_particle[self._by_particle.gather(words)] = True
            found[particle_words[meets_particle[particle_words]]] = True
        found[kept] = True
        owners = self._owner[np.flatnonzero(found)]  # ascending: a name's segments are numbered together
        return owners[np.concatenate(([True], owners[1:] != owners[:-1]))] if len(owners) else owners

    def bounds(self, prepared: PreparedQuery, names: NDArray[np.int64]) -> NDArray[np.float64]:
        """An upper bound on the token score of the query against each of `names` (ascending name ids; 1.0 where no
        bound is known): the highest of its written forms'."""
        query = prepared.query
        if not query.tokens or query.alternates or len(names) == 0:
            return np.ones(len(names))
        counts = self._segment_counts[names]
        if len(counts) == int(counts.sum()):  # no name with a former name: a name is its one segment
            return self._segment_bounds(prepared, self._first_segment[names])
        bound = self._segment_bounds(prepared, _segments(self._first_segment[names], counts))
        return np.asarray(np.maximum.reduceat(bound, np.cumsum(counts) - counts), dtype=np.float64)

    def _segment_bounds(self, prepared: PreparedQuery, segments: NDArray[np.int64]) -> NDArray[np.float64]:
        """`bounds` of each of these segments (ascending), computed by `_kernel.segment_bounds`."""
        if _kernel is None:
            return self._numpy_segment_bounds(prepared, segments)
        query = prepared.query
        profile = profile_of(query)
        rows, significant, windows = _bound_rows(prepared)
        rows.extend(self._vocabulary.merged_row(query, window) for window in windows)
        return _kernel.segment_bounds(
            segments,
            self._segment_data,
            self._token_codes,
            self._token_kinds,
            _KIND_SHIFT,
            rows,
            significant,
            windows,
            profile.weights,
            profile.unmatched,
            prepared.spans,
            _WINDOW_BITS,
            prepared.kept[: prepared.unbounded],
            prepared.kept[prepared.unbounded :],
            SUBSET_SHARE,
            LOOSE_SHARE,
            ORGANIZATION_SHARE,
            COMPANY_VS_PERSON,
            _company_flags(query),
            PERSON_LIKE if query.person_like else 0,
            _joins_saved(query),
            _scratch("slots", self._vocabulary.size, np.int32),
        )

    def _numpy_segment_bounds(self, prepared: PreparedQuery, segments: NDArray[np.int64]) -> NDArray[np.float64]:
        """`_segment_bounds` with numpy (without the compiled kernel)."""
        query = prepared.query
        lengths = self._segment_data[segments, 1].astype(np.int64)
        owner = np.repeat(np.arange(len(segments)), lengths)
        positions = _segments(self._segment_data[segments, 0].astype(np.int64), lengths)
        codes = self._token_codes[positions]
        token_ids = codes & _ID_MASK
        kinds = self._token_kinds[codes >> _KIND_SHIFT]  # weight, left-over weight, word (1.0) of each token
        flags = self._segment_data[segments, 3]
        firsts = np.cumsum(lengths) - lengths  # each segment's first column in the query row x position matrices
        rows, significant, windows = _bound_rows(prepared)
        covers: list[tuple[int, ...]] = [(i,) for i in range(len(query.tokens))]
        covers.extend(tuple(range(window.start, window.start + window.size)) for window in windows)
        similar = self._vocabulary.gather(rows, token_ids)  # query row x candidate token position
        _join_spans_apart(similar, prepared.spans, segments, firsts)
        # Query tokens joined into one word count as fully similar on the query side (several joins may happen).
        query_side = _query_coverage(query, covers, similar, lengths, firsts)
        after = self._after_joins(query, windows, similar[len(query.tokens) :], owner, token_ids, len(segments))
        joined = after.max(axis=0, initial=0.0)
        best = np.maximum(similar.max(axis=0), joined)
        candidate_side = _coverage(owner, len(segments), kinds[:, 0], kinds[:, 1], best)
        # A person name is a "firm subset" of another only with a word aligned (`features.combine_coverage`).
        word_rows = np.maximum(similar[significant].max(axis=0, initial=0.0), joined)
        aligned_word = (word_rows > 0.0) & (kinds[:, 2] != 0.0)
        word_aligned = np.bincount(owner, weights=aligned_word.astype(np.float64), minlength=len(segments))
        # With one word aligned at most, the subset share needs no informative token left over: not possible when
        # the name has more of them than the query has tokens to pair them with (less what joins may save: only a
        # name that may write a long query word apart loses tokens to joins).
        words_at_most = np.minimum(word_aligned, sum(significant))
        saved = np.where(self._among(segments, prepared.kept[prepared.unbounded :]), _joins_saved(query), 0)
        left_over = self._segment_data[segments, 2] - saved > len(query.tokens)
        firm = (words_at_most >= 2) | ((words_at_most == 1) & ~left_over)
        person_share = np.where(firm, SUBSET_SHARE, LOOSE_SHARE)
        high_share = np.where((flags & PERSON_LIKE != 0) & query.person_like, person_share, ORGANIZATION_SHARE)
        high, low = np.maximum(candidate_side, query_side), np.minimum(candidate_side, query_side)
        bound = high_share * high + (1.0 - high_share) * low
        bound[(lengths == 0) | self._among(segments, prepared.kept[: prepared.unbounded])] = 1.0
        # The kind feature multiplies every score of a company name against a person entry, and the other way round.
        bound[flags & _company_flags(query) != 0] *= COMPANY_VS_PERSON
        return bound

    def _among(self, segments: NDArray[np.int64], chosen: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which of `segments` are in `chosen` (a mask over all segments: cheaper than `np.isin`'s sort)."""
        mask = np.zeros(len(self._segment_data), dtype=bool)
        mask[chosen] = True
        return mask[segments]

    def _after_joins(
        self,
        query: NormalizedName,
        windows: list[JoinWindow],
        spelled: NDArray[np.float64],
        owner: NDArray[np.int64],
        ids: NDArray[np.int64],
        count: int,
    ) -> NDArray[np.float64]:
        """Join x candidate token position: the most the word joined from the query tokens of each window could rate
        it. `align` joins them only in a name holding a word they spell (`spelled`, the window's row), and the joined
        word then pairs with the name's tokens as a query token spelled that way would (`_Vocabulary.merged_row`)."""
        merged_rows = [self._vocabulary.merged_row(query, window) for window in windows]
        after = self._vocabulary.gather(merged_rows, ids)
        for row in range(len(windows)):
            joins_here = np.zeros(count, dtype=bool)
            joins_here[owner[spelled[row] > 0.0]] = True
            after[row] = np.where(joins_here[owner], np.maximum(after[row], spelled[row]), 0.0)
        return after

    def _always_kept(self, query: NormalizedName) -> NDArray[np.int64]:
        """Segments kept with no bound: the same letters as the query (with or without legal forms), or no tokens."""
        kept = [self._always]
        for letters in {query.joined, profile_of(query).tokens_text}:
            kept.append(self._by_joined.get(letters))
        return np.concatenate(kept)

    def _spans_apart(self, query: NormalizedName) -> list[tuple[int, NDArray[np.int64]]]:
        """Per long query word (token index): the `_window_code`s of the runs of names' tokens that may write it
        apart (`merge_joined_tokens` joins such a run into one word, which then pairs with the query word)."""
        found: dict[int, list[NDArray[np.int64]]] = defaultdict(list)
        for token, key in _long_keys(query):
            codes = self._by_window.get(key)
            if len(codes):
                found[token].append(codes)
        return [(token, np.concatenate(codes)) for token, codes in found.items()]


_Row = tuple[NDArray[np.int32], NDArray[np.float64]]  # vocabulary ids and the most the scorer could rate each pair
_NO_ROW: _Row = (np.zeros(0, dtype=np.int32), np.zeros(0))  # shared by every row with no word: never written to
_NO_ROW[0].flags.writeable = _NO_ROW[1].flags.writeable = False
_Key = TypeVar("_Key", bound=Hashable)
_Scalar = TypeVar("_Scalar", bound=np.generic)


class PreparedQuery(NamedTuple):
    """One query as `TokenTable.reachable` and `TokenTable.bounds` read it (`TokenTable.prepare`)."""

    query: NormalizedName
    rows: list[_Row]  # `_Vocabulary.query_rows`: per token, then per join (none when no bound is known)
    significant: list[bool]  # `_significant_rows`, one per row
    kept: NDArray[np.int64]  # names kept whatever their words: `TokenTable._always_kept`, then those of `spans`
    spans: list[tuple[int, NDArray[np.int64]]]  # `TokenTable._spans_apart`

    @property
    def unbounded(self) -> int:
        """How many of `kept`, from the first, get no bound (1.0)."""
        return len(self.kept) - sum(len(codes) for _, codes in self.spans)


@mypyc_attr(native_class=False)
class _Vocabulary:
    """The distinct token forms of all indexed names, and for any query token the forms it could be similar to.

    Why by hand: rapidfuzz's `cdist` gives edit similarities, but the bound needs them passed through `align`'s own
    formulas plus its exact-form lookups (equal consonant keys, bare skeletons, initials), per token, cached.
    """

    def __init__(
        self,
        forms: list[tuple[str, str, str, str]],
        ids: NDArray[np.int64],
        vowelless: NDArray[np.bool_],
        foreign: NDArray[np.bool_],
    ) -> None:
        self.size = len(forms)
        self._lookup = _Lookup(forms)
        by_first: dict[str, list[int]] = defaultdict(list)
        initials_by_first: dict[str, list[int]] = defaultdict(list)
        for vocabulary_id, form in enumerate(forms):
            by_first[form[0][0]].append(vocabulary_id)
            if len(form[0]) == 1:
                initials_by_first[form[0]].append(vocabulary_id)
        self._by_first, self._initials_by_first = _Postings(by_first), _Postings(initials_by_first)
        self._key_firsts = np.array([ord(form[1][0]) if form[1] else -1 for form in forms], dtype=np.int64)
        self._key_vowel = np.array([form[1][:1] in _VOWELS for form in forms])
        # Per form: whether some name writes it from a script without short vowels (skeletons compare), from a
        # non-Latin script, or in Latin letters (the cross-script terms of `align` apply across the two).
        self._vowelless, self._transliterated, self._latin = (np.zeros(len(forms), dtype=bool) for _ in range(3))
        self._vowelless[ids[vowelless]] = True
        self._transliterated[ids[foreign]] = True
        self._latin[ids[~foreign]] = True
        everything = np.arange(len(forms))
        self._spellings = _EditScan([form[0] for form in forms], everything, "osa", SPELLING_CUTOFF)
        self._keys = _EditScan([form[1] for form in forms], everything, "levenshtein", KEY_CUTOFF)
        self._skeletons = _skeleton_scan(forms, everything)
        self._foreign_skeletons = _skeleton_scan(forms, np.flatnonzero(self._vowelless))
        self._forms = forms
        self._rows: dict[tuple[str, str, str, str, bool, bool], _Row] = {}
        self._window_rows: dict[JoinWindow, _Row] = {}

    def __getstate__(self) -> dict[str, object]:
        # The row caches fill again from the queries of each process.
        return {**self.__dict__, "_rows": {}, "_window_rows": {}}

    def query_rows(self, query: NormalizedName) -> list[_Row]:
        """One row per query token, then one per run of query tokens `align` may join into one word (fully similar
        at most to the forms with its consonant key or bare skeleton)."""
        profile = profile_of(query)
        rows = [
            self._token_row(form)
            for form in zip(
                query.tokens,
                query.phonetic,
                query.skeletons,
                profile.consonants,
                query.vowelless,
                query.transliterated,
                strict=True,
            )
        ]
        rows.extend(_cached(self._window_rows, window, self._joinable) for window in profile.windows)
        return rows

    def gather(self, rows: list[_Row], words: NDArray[np.int64]) -> NDArray[np.float64]:
        """Row x word: each row's similarity for each of `words` (vocabulary ids)."""
        dense = np.zeros(self.size)
        similar = np.empty((len(rows), len(words)))
        for r, (ids, values) in enumerate(rows):
            dense[ids] = values
            similar[r] = dense[words]
            dense[ids] = 0.0
        return similar

    def merged_row(self, query: NormalizedName, window: JoinWindow) -> _Row:
        """The row of the word `align._merge` makes of the query tokens in `window`, as for a query token."""
        span = slice(window.start, window.start + window.size)
        return self._token_row(
            (
                window.text,
                phonetic_key(window.text),
                window.bones,
                window.consonants,
                any(query.vowelless[span]),
                any(query.transliterated[span]),
            )
        )

    def _token_row(self, form: tuple[str, str, str, str, bool, bool]) -> _Row:
        return _cached(self._rows, form, self._form_row)

    def _form_row(self, form: tuple[str, str, str, str, bool, bool]) -> _Row:
        return self._similar_forms(*form)

    def _joinable(self, window: JoinWindow) -> _Row:
        """The forms `align.merge_joined_tokens` may join the query tokens of `window` into: long words with the
        window's consonant key or bare skeleton that it spells at least `JOIN_SIMILARITY` closely (the vocabulary's
        vowelless flag says some name writes the word from a script without short vowels: generous)."""
        joinable = []
        for vocabulary_id in set(self._lookup.window_ids(window.consonants, window.bare)):
            token, key, bones, _ = self._forms[vocabulary_id]
            vowelless = bool(self._vowelless[vocabulary_id])
            long_word = len(token) >= (3 if vowelless else 5)  # `profile.Profile.long_tokens`
            if long_word and join_similarity(window, token, key, bones, vowelless) >= JOIN_SIMILARITY:
                joinable.append(vocabulary_id)
        if not joinable:
            return _NO_ROW  # most windows: two arrays fewer to make
        ids = np.array(sorted(joinable), dtype=np.int32)
        return ids, np.ones(len(ids))

    def _similar_forms(self, token: str, key: str, bones: str, consonants: str, vowelless: bool, foreign: bool) -> _Row:
        """The forms this token could be similar to, with the most `align` could rate each pair.

        In plain Python over dicts: a token finds tens of forms, not thousands, so numpy's per-call cost was most of
        the time of the ~45 array operations this took (bench_rows prints what a new word costs)."""
        # Skeletons compare only when either token comes from a script without short vowels.
        skeletons = self._skeletons if vowelless else self._foreign_skeletons
        spelling, keys = self._spellings.scan(token), self._keys.scan(key)
        bone: dict[int, float] = {}
        for reading in letter_readings(bones):
            _raise(bone, skeletons.scan(reading))
        cross = self._latin if foreign else self._transliterated
        similar: dict[int, float] = {}
        for vocabulary_id in spelling.keys() | keys.keys() | bone.keys():
            similarity = _edit_bound(
                spelling.get(vocabulary_id, 0.0),
                keys.get(vocabulary_id, 0.0),
                bone.get(vocabulary_id, 0.0),
                bool(cross[vocabulary_id]),
            )
            if similarity >= MIN_TOKEN_SIMILARITY:
                similar[vocabulary_id] = similarity
        # An initial stands for any word with its first letter, on either side.
        initials = (self._by_first if len(token) == 1 else self._initials_by_first).get(token[0])
        _raise(similar, dict.fromkeys(initials.tolist(), INITIAL_SIMILARITY))
        # Vowel variants (equal consonant keys, same first sound or both starting with a vowel), and skeletons equal
        # without vav or with shin read as s + h where skeletons compare.
        variants = self._lookup.by_consonants(consonants)
        if variants:
            first, vowel = ord(key[0]) if key else -1, key[:1] in _VOWELS
            firsts, vowels = self._key_firsts[variants].tolist(), self._key_vowel[variants].tolist()
            same_sound = [v for v, f, w in zip(variants, firsts, vowels, strict=True) if f == first or (w and vowel)]
            _raise(similar, dict.fromkeys(same_sound, EQUAL_KEYS_SIMILARITY))
        apart = digraphs_apart(token)  # kh, dh, th, gh as two letters: `align._apart_meets`, both ways
        readings = letter_readings(bones)
        for reading in (*readings, apart) if apart != bones else readings:
            bare = [
                *self._lookup.by_bare(bare_skeleton(reading)),
                *self._lookup.by_shin(shin_apart(reading)),
                *self._lookup.by_apart(bare_skeleton(reading)),
            ]
            if not vowelless and bare:
                bare = [v for v, written in zip(bare, self._vowelless[bare].tolist(), strict=True) if written]
            _raise(similar, dict.fromkeys(bare, SKELETON_SIMILARITY))
        ids = sorted(similar)
        return np.array(ids, dtype=np.int32), np.array([similar[vocabulary_id] for vocabulary_id in ids])


def _edit_bound(spelling: float, keys: float, bones: float, cross: bool) -> float:
    """The most `align` could rate a pair of tokens with these edit similarities of their spellings, phonetic keys
    and skeletons (0 where the scans found none), `cross` when one is written in Latin letters and the other not."""
    # latin_similarity: the edit similarity on the person slope, a typing slip (a mistyped everyday word too,
    # `names.words`: one edit in five letters or more) or one inner letter of a long phonetic key changed, or equal
    # phonetic keys.
    similarity = 1.0 - LATIN_SLOPE * (1.0 - max(spelling, KEY_EDIT_FACTOR * keys))
    if spelling >= SLIP_EDIT or keys >= 1.0 - 1.0 / INNER_SUBSTITUTION_LENGTH:
        similarity = max(similarity, SLIP_SIMILARITY)
    if keys >= 1.0:
        similarity = max(similarity, EQUAL_KEYS_SIMILARITY)
    if cross:  # across scripts the plain similarity of the phonetic keys counts
        similarity = max(similarity, keys)
    # `align.skeleton_similarity`: 0.9 times the edit similarity of the skeletons (their letter readings); the 0.9
    # of skeletons equal without vav, with dad as s, shin as s + h or a Latin kh/dh/th/gh as two letters comes from
    # the exact lookups.
    return max(similarity, EQUAL_SKELETON_SIMILARITY if bones >= 1.0 else SKELETON_SIMILARITY * bones, 0.0)


def _raise(best: dict[int, float], found: dict[int, float]) -> None:
    """Keep in `best` the higher similarity of each id (several readings or lookups may find a form)."""
    for vocabulary_id, similarity in found.items():
        if similarity > best.get(vocabulary_id, 0.0):
            best[vocabulary_id] = similarity


@mypyc_attr(native_class=False)
class _EditScan:
    """One column of the vocabulary (spellings, phonetic keys or skeletons), searched by normalised edit similarity
    with a cut-off: candidates first by length and shared letter pairs, then `rapidfuzz` on those alone.

    Why by hand: `cdist` of one word against the whole vocabulary costs ~2 ms and rapidfuzz has no index. The filter
    is exact (the q-gram count lemma): a word of length L within k edits of a word of length M keeps all its
    distinct letter pairs but those the edits destroy: at most 2 per substitution or deletion (3 per transposition,
    one edit in OSA), 1 per insertion, and at least M - L of the edits are insertions (L - M deletions). A
    similarity of at least `cutoff` allows at most k = (1 - cutoff) * max(L, M) edits. The letter pairs are counted
    by `_kernel.letter_pair_candidates` where it is built, else by numpy, with the same answers.
    """

    def __init__(self, texts: list[str], ids: NDArray[np.int64], similarity: str, cutoff: float) -> None:
        # By length, so that a length window is a slice of positions; one owner (vocabulary id) per position, and a
        # text as often as it has owners (a phonetic key shared by several words), which costs the filter and
        # rapidfuzz little and spares mapping texts to owners.
        sizes = [len(text) for text in texts]
        order = sorted(range(len(texts)), key=sizes.__getitem__)
        ordered = [texts[position] for position in order]
        self._texts = np.array(ordered, dtype=object)
        self._owner = ids[order]
        lengths = [len(text) for text in ordered]
        self._lengths = np.array(lengths, dtype=np.int64)
        # The first position of a string of at least n letters, for n from 0 to one past the longest.
        longest = lengths[-1] if lengths else 0
        self._starts = [bisect.bisect_left(lengths, size) for size in range(longest + 2)]
        self._similarity = similarity
        self._cutoff = cutoff
        self._worst_edit = 3 if similarity == "osa" else 2  # letter pairs one edit may destroy
        grams: dict[str, list[int]] = defaultdict(list)
        for position, text in enumerate(ordered):
            for gram in _letter_pairs(text):
                grams[gram].append(position)  # ascending positions: the kernel enters a posting by binary search
        # Positions as int32: the kernel reads whole postings, so fewer bytes are less of its time.
        self._grams = _Postings(grams, np.int32)
        self._threshold_cache: dict[tuple[int, int], NDArray[np.int16]] = {}

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_threshold_cache": {}}  # refilled by each process's queries

    def scan(self, text: str) -> dict[int, float]:
        """The vocabulary ids whose strings reach the cut-off, with their best similarity."""
        size = len(text)
        low = self._start(math.floor(size * self._cutoff))
        high = self._start(math.ceil(size / self._cutoff) + 1)
        pairs = _letter_pairs(text)
        candidates = self._sharing_pairs(pairs, low, high, self._thresholds(len(pairs), size, low, high))
        if len(candidates) == 0:
            return {}
        scorer = _SIMILARITIES[self._similarity]
        found = cdist([text], self._texts[candidates].tolist(), scorer=scorer, score_cutoff=self._cutoff)[0]
        similar: dict[int, float] = {}
        for owner, similarity in zip(self._owner[candidates].tolist(), found.tolist(), strict=True):
            if similarity > similar.get(owner, 0.0):  # below the cut-off rapidfuzz says 0
                similar[owner] = similarity
        return similar

    def _start(self, size: int) -> int:
        """The first position of a string of at least `size` letters."""
        return self._starts[min(size, len(self._starts) - 1)]

    def _sharing_pairs(self, pairs: set[str], low: int, high: int, needed: NDArray[np.int16]) -> NDArray[np.int64]:
        """The positions in [low, high) of the strings sharing at least `needed` of these letter pairs (ascending)."""
        if _kernel is None or len(pairs) > MOST_PAIRS_COUNTED:
            shared = np.bincount(np.concatenate([self._grams.get(gram) for gram in pairs]), minlength=high)
            return low + np.flatnonzero(shared[low:high] >= needed)
        postings = self._grams.postings
        return _kernel.letter_pair_candidates(
            postings.offsets,
            postings.names,
            self._grams.slots(pairs),
            low,
            high,
            needed,
            _scratch(f"letter_pairs_{len(self._texts)}", len(self._texts), np.uint8),
        )

    def _thresholds(self, pairs: int, size: int, low: int, high: int) -> NDArray[np.int16]:
        """For each string of the length window [low, high): the letter pairs it must share (`_needed`, which
        depends on the lengths alone). Kept per (pairs, size): words of the same shape repeat."""
        key = (pairs, size)
        thresholds = self._threshold_cache.get(key)
        if thresholds is None:
            lengths = self._lengths[low:high]
            if len(lengths) == 0:
                return np.zeros(0, dtype=np.int16)
            needed = [self._needed(pairs, size, length) for length in range(int(lengths[0]), int(lengths[-1]) + 1)]
            thresholds = np.array(needed, dtype=np.int16)[lengths - lengths[0]]
            if len(self._threshold_cache) >= THRESHOLD_CACHE_SIZE:
                self._threshold_cache.clear()
            self._threshold_cache[key] = thresholds
        return thresholds

    def _needed(self, pairs: int, size: int, length: int) -> int:
        """How many of its `pairs` distinct letter pairs a string of `size` letters shares at least with one of
        `length` letters within the cut-off (more than it has when the lengths alone rule the pair out)."""
        edits = math.floor((1.0 - self._cutoff) * max(length, size) + 1e-9)
        if abs(length - size) > edits:
            return pairs + 1
        longer, shorter = max(length - size, 0), max(size - length, 0)
        return pairs - (self._worst_edit * edits - (self._worst_edit - 1) * longer - (self._worst_edit - 2) * shorter)


def _skeleton_scan(forms: list[tuple[str, str, str, str]], ids: NDArray[np.int64]) -> _EditScan:
    """The skeletons of these vocabulary forms, each in all its `letter_readings`, searchable by edit."""
    readings = [
        (reading, vocabulary_id)
        for vocabulary_id in ids.tolist()
        for reading in letter_readings(forms[vocabulary_id][2])
    ]
    texts = [reading for reading, _ in readings]
    return _EditScan(
        texts,
        np.array([vocabulary_id for _, vocabulary_id in readings], dtype=np.int64),
        "levenshtein",
        SKELETON_CUTOFF,
    )


def _cached(cache: dict[_Key, _Row], key: _Key, compute: Callable[[_Key], _Row]) -> _Row:
    """`cache[key]`, computed on first use; the cache is emptied when it holds `ROW_CACHE_SIZE` rows."""
    found = cache.get(key)
    if found is None:
        if len(cache) >= ROW_CACHE_SIZE:
            cache.clear()  # a plain reset: cheap, and safe while other threads read
        found = cache[key] = compute(key)
    return found


def _letter_pairs(text: str) -> set[str]:
    """The distinct letter pairs of a word with its start and end marked ("^a", "ab", "b$")."""
    marked = "^" + text + "$"
    return {marked[i : i + 2] for i in range(len(marked) - 1)}


@mypyc_attr(native_class=False)
class IdPostings:
    """Name ids by integer key (flat arrays, one segment per key): the names each word or blocking key occurs in."""

    def __init__(
        self, keys: NDArray[np.int64], owners: NDArray[np.int64], size: int, dtype: type[np.integer] = np.int64
    ) -> None:
        self.counts = np.bincount(keys, minlength=size)
        self.names = owners[np.argsort(keys, kind="stable")].astype(dtype, copy=False)
        self.offsets = np.concatenate(([0], np.cumsum(self.counts))).astype(np.int64)

    def gather(self, keys: NDArray[np.int32] | NDArray[np.int64]) -> NDArray[np.int64]:
        """The names of all these keys, key by key (with repeats)."""
        return self.names[_segments(self.offsets[keys], self.counts[keys])]

    def of(self, key: int) -> NDArray[np.int64]:
        """The names of one key (a view)."""
        return self.names[self.offsets[key] : self.offsets[key + 1]]


def _segments(starts: NDArray[np.int64], counts: NDArray[np.int64]) -> NDArray[np.int64]:
    """The indexes of consecutive segments [start, start + count) of a flat array, concatenated."""
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


@mypyc_attr(native_class=False)
class _Postings:
    """Ids by string key in flat arrays (`IdPostings`): a dict of ~140,000 small numpy arrays would cost tens of MB
    and seconds to unpickle from the index cache."""

    def __init__(self, found: dict[str, list[int]], dtype: type[np.integer] = np.int64) -> None:
        self._slots = {key: slot for slot, key in enumerate(found)}
        slots = np.repeat(np.arange(len(found)), [len(ids) for ids in found.values()])
        ids = np.array([name_id for ids in found.values() for name_id in ids], dtype=np.int64)
        self.postings = IdPostings(slots, ids, len(found), dtype)  # by slot: a key's place in `found`

    def get(self, key: str) -> NDArray[np.int64]:
        slot = self._slots.get(key)
        return self.postings.of(slot) if slot is not None else np.zeros(0, dtype=np.int64)

    def slots(self, keys: Iterable[str]) -> NDArray[np.int64]:
        """The slots of those of `keys` that have postings."""
        return np.array([slot for key in keys if (slot := self._slots.get(key)) is not None], dtype=np.int64)


@mypyc_attr(native_class=False)
class _Lookup:
    """Vocabulary ids by exact form: equal consonant keys (vowel variants) and equal bare skeletons."""

    def __init__(self, forms: list[tuple[str, str, str, str]]) -> None:
        self._by_consonants: dict[str, list[int]] = defaultdict(list)
        self._by_bare: dict[str, list[int]] = defaultdict(list)
        self._by_shin: dict[str, list[int]] = defaultdict(list)
        self._by_apart: dict[str, list[int]] = defaultdict(list)
        for vocabulary_id, (token, _, bones, consonants) in enumerate(forms):
            self._by_consonants[consonants].append(vocabulary_id)
            for reading in letter_readings(bones):
                self._by_bare[bare_skeleton(reading)].append(vocabulary_id)
                self._by_shin[shin_apart(reading)].append(vocabulary_id)
            apart = digraphs_apart(token)
            if apart != bones:
                self._by_apart[bare_skeleton(apart)].append(vocabulary_id)

    def by_consonants(self, consonants: str) -> list[int]:
        return self._by_consonants.get(consonants, [])

    def by_bare(self, bare: str) -> list[int]:
        return self._by_bare.get(bare, [])

    def by_shin(self, spelled: str) -> list[int]:
        """Words whose skeleton, shin read as s + h, is `spelled` (see `phonetic.shin_apart`)."""
        return self._by_shin.get(spelled, [])

    def by_apart(self, bare: str) -> list[int]:
        """Words whose skeleton with kh, dh, th and gh read as two letters is `bare` (see `phonetic.digraphs_apart`),
        without vav and with dad as s."""
        return self._by_apart.get(bare, [])

    def window_ids(self, consonants: str, bare: str) -> list[int]:
        """Words with this consonant key or bare skeleton (a token's, or that of query tokens written together: see
        `align.merge_joined_tokens`)."""
        return [*self._by_consonants.get(consonants, ()), *self._by_bare.get(bare, ())]


def _window_keys(window: JoinWindow) -> set[str]:
    """Keys under which `merge_joined_tokens` may join this window of a name into one word of another: equal
    consonant keys "c:", equal bare skeletons "b:", plus "v:" for the bare skeleton of a window from a script without
    short vowels (a Latin query word joins a Latin window by its skeleton only through its spelling)."""
    keys = {"c:" + window.consonants, "b:" + window.bare}
    if window.vowelless:
        keys.add("v:" + window.bare)
    return keys


# A window of a name as one integer: name id, then the window's first token and its size (2 or 3) in _WINDOW_BITS.
_WINDOW_BITS = 12  # names have at most `MAX_NAME_LENGTH` (1,000) characters, so fewer than 1,024 tokens
_START_MASK = (1 << (_WINDOW_BITS - 2)) - 1


def _window_code(name_id: int, window: JoinWindow) -> int:
    return name_id << _WINDOW_BITS | window.start << 2 | window.size


def _long_keys(query: NormalizedName) -> list[tuple[int, str]]:
    """(token index, key of `_window_keys`) that the query's long words look up."""
    profile = profile_of(query)
    keys: list[tuple[int, str]] = []
    for k, i in enumerate(profile.long_tokens):
        keys.append((i, "c:" + profile.long_consonants[k]))
        keys.extend((i, ("b:" if query.vowelless[i] else "v:") + bare) for bare in profile.long_bare[k])
    return keys


def _ids_of(rows: Iterable[_Row]) -> NDArray[np.int32]:
    """The vocabulary ids of these rows, concatenated."""
    return np.concatenate([np.zeros(0, dtype=np.int32), *(ids for ids, _ in rows)])


def _bound_rows(prepared: PreparedQuery) -> tuple[list[_Row], list[bool], list[JoinWindow]]:
    """The rows the bound reads: one per query token, then the join rows that have any word at all (most have none);
    whether each may make a "firm subset" (`_significant_rows`); and the windows of those joins."""
    token_count = len(prepared.query.tokens)
    joins = [r for r in range(token_count, len(prepared.rows)) if len(prepared.rows[r][0])]
    rows = [*prepared.rows[:token_count], *(prepared.rows[r] for r in joins)]
    significant = [*prepared.significant[:token_count], *(prepared.significant[r] for r in joins)]
    windows = profile_of(prepared.query).windows
    return rows, significant, [windows[r - token_count] for r in joins]


def _scratch(name: str, size: int, dtype: type[_Scalar]) -> NDArray[_Scalar]:
    """A zeroed array that a `_kernel` function leaves zeroed, one per thread (a server screens in several threads at
    once) and per name."""
    found: NDArray[_Scalar] | None = getattr(_SCRATCH, name, None)
    if found is None or len(found) != size:
        found = np.zeros(size, dtype=dtype)
        setattr(_SCRATCH, name, found)
    return found


def _segment_flags(name: NormalizedName) -> int:
    """A segment's flags (`_kernel.segment_bounds` reads them)."""
    return (
        (PERSON_LIKE if name.person_like else 0)
        | (PERSON_ENTRY if name.kind is EntryKind.PERSON else 0)
        | (WITH_FORM if name.legal_form is not None else 0)
    )


def _company_flags(query: NormalizedName) -> int:
    """The segment flags for which the kind feature multiplies the score by `COMPANY_VS_PERSON`."""
    return (PERSON_ENTRY if company_against_person(query, True, False) else 0) | (
        WITH_FORM if company_against_person(query, False, True) else 0
    )


def _joins_saved(query: NormalizedName) -> int:
    """The most tokens a name may lose to joins against `query` (`scorer._merge_all`: up to three rounds, each
    joining a run of at most three of its tokens into one word that spells a long word of the query)."""
    return 2 * min(3, len(profile_of(query).long_tokens))


def _significant_rows(query: NormalizedName) -> list[bool]:
    """For each row of `_Vocabulary.query_rows`: whether it may align a word that makes one name a "firm subset" of
    the other (`features._firm_subset`): a token that `features.is_word` accepts by its weight before the patronymic
    discount (which a join may lift), or a join of query tokens."""
    words = [is_word(token, weight) for token, weight in zip(query.tokens, query.token_weights, strict=True)]
    return words + [True] * len(profile_of(query).windows)


def _particles_coverage(query: NormalizedName, significant_rows: list[bool]) -> float:
    """The most the query's coverage can be when only its particles (tokens not in `_significant_rows`) align: their
    weight over that weight plus the left-over weight of every other token."""
    profile = profile_of(query)
    significant = significant_rows[: len(query.tokens)]
    particles = sum(weight for weight, word in zip(profile.weights, significant, strict=True) if not word)
    others = sum(weight for weight, word in zip(profile.unmatched, significant, strict=True) if word)
    return particles / (particles + others) if particles else 0.0


def _join_spans_apart(
    similar: NDArray[np.float64],
    spans: list[tuple[int, NDArray[np.int64]]],
    names: NDArray[np.int64],
    firsts: NDArray[np.int64],
) -> None:
    """In `similar` (query row x the token positions of `names`, ascending; `firsts`: each name's first column), a
    long query word is fully similar to each token of a run of a name that may write it apart: `align` joins the run
    and pairs it with that word."""
    for token, codes in spans:
        at = np.searchsorted(names, codes >> _WINDOW_BITS)
        found = at < len(names)
        found[found] = names[at[found]] == codes[found] >> _WINDOW_BITS
        starts = firsts[at[found]] + ((codes[found] >> 2) & _START_MASK)
        sizes = codes[found] & 3
        similar[token, _segments(starts, sizes)] = 1.0


def _query_coverage(
    query: NormalizedName,
    covers: list[tuple[int, ...]],
    similar: NDArray[np.float64],
    lengths: NDArray[np.int64],
    firsts: NDArray[np.int64],
) -> NDArray[np.float64]:
    """Per name (with `lengths` tokens each, the first in column `firsts` of `similar`): the most of the query's weight
    its tokens may match (as `_coverage`, from the query side)."""
    profile = profile_of(query)
    with_tokens = lengths > 0
    starts = firsts[with_tokens]
    row_best = np.zeros((len(covers), len(lengths)))
    if len(starts):
        row_best[:, with_tokens] = np.maximum.reduceat(similar, starts, axis=1)
    best = np.zeros((len(query.tokens), len(lengths)))  # query token x name: best similarity of a row covering it
    for row, covered in enumerate(covers):
        best[list(covered)] = np.maximum(best[list(covered)], row_best[row])
    return _share(np.array(profile.weights)[:, None], np.array(profile.unmatched)[:, None], best, axis=0)


def _coverage(
    owner: NDArray[np.int64],
    count: int,
    weights: NDArray[np.float64],
    leftover: NDArray[np.float64],
    best: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Per name: the similarity-weighted weight of its tokens over that weight (tokens with a possible counterpart)
    plus the left-over weight of the rest."""
    matched = best > 0.0
    hit = np.bincount(owner, weights=weights * best, minlength=count)
    total = np.bincount(owner, weights=np.where(matched, weights, leftover), minlength=count)
    share = np.divide(hit, total, out=np.zeros(count), where=total > 0)
    return np.asarray(np.minimum(share, 1.0), dtype=np.float64)


def _share(
    weights: NDArray[np.float64], leftover: NDArray[np.float64], best: NDArray[np.float64], axis: int
) -> NDArray[np.float64]:
    """`_coverage` for a dense token x name matrix of best similarities."""
    hit = (weights * best).sum(axis=axis)
    total = np.where(best > 0.0, weights, leftover).sum(axis=axis)
    return np.asarray(np.divide(hit, total, out=np.zeros_like(hit), where=total > 0), dtype=np.float64)
