"""The compiled candidate index: every name and alias of every active entry, searchable by blocking key.

A query never scores every list name. Each normalised name carries blocking keys (`NormalizedName.keys`, chosen by
`names/` so that any pair the scorer rates above 0 shares at least one key); the index maps keys to names. The
names looked at are those holding a word similar to a query word (`bounds.TokenTable.reachable`), or, for queries
with initials, those sharing a key; of them, only names whose token-score bound reaches the reporting floor and that
share a key with the query are scored, highest bound first (ties: the rarity-weighted overlap of the key sets).
`bench/bench_screen.py` measures how many above-threshold hits of brute-force scoring the index returns.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from tradeguard.errors import InputError
from tradeguard.index.bounds import IdPostings, TokenTable
from tradeguard.lists.model import AliasType, Entry, EntryKind
from tradeguard.lists.records import pickled_by_slots
from tradeguard.match.evidence import identifier_key
from tradeguard.match.profile import profile_of
from tradeguard.names.model import NormalizedName
from tradeguard.names.normalize import normalize_uncached, share_a_key, share_keys

# Shorter "identifiers" (e.g. "1", "A") are codes, not identities: they would link unrelated entries.
MIN_IDENTIFIER_LENGTH = 5
# Queries sharing a key with at most this many names score them all: the bound costs ~0.45 ms even for a handful of
# names (lookups over the whole vocabulary), about what scoring 15 names from cold caches costs (~30 us each).
SCORE_ALL_BELOW = 15
# Distinct queries whose `CandidateIndex.plausible` answer is kept (a few hundred bytes each, a few KB for the
# rare query reaching hundreds of names).
RECENT_QUERIES = 10_000


class Plausible(NamedTuple):
    """The names `CandidateIndex.plausible` hands to the scorer, highest bound first, and their bounds.

    Tuples of plain numbers: the collector stops tracking them, so the thousands kept (`RECENT_QUERIES`) do not
    add to what each of its full collections scans (lists would)."""

    names: tuple[int, ...]
    bounds: tuple[float, ...]


@pickled_by_slots
@dataclass(frozen=True, slots=True)
class IndexedName:
    """One searchable name: which entry it belongs to and how it was normalised."""

    entry_index: int
    text: str
    alias_type: AliasType | None  # None for the entry's primary name
    strong: bool
    normalized: NormalizedName


class CandidateIndex:
    """Inverted index from blocking key to names (numpy postings); built once per set of active snapshots."""

    def __init__(self, entries: Sequence[Entry], names: Sequence[IndexedName]) -> None:
        self.entries = entries
        self.names = names
        self._key_ids: dict[str, int] = {}
        key_column: list[int] = []
        name_column: list[int] = []
        for name_id, name in enumerate(names):
            for key in name.normalized.keys:
                key_column.append(self._key_ids.setdefault(key, len(self._key_ids)))
                name_column.append(name_id)
        keys = np.array(key_column, dtype=np.int64)
        owners = np.array(name_column, dtype=np.int64)
        self._by_key = IdPostings(keys, owners, len(self._key_ids))
        # Rarity of a key: rare keys identify, common keys ("bank", "tech") barely do.
        self._idf = np.log1p(max(len(names), 1) / np.maximum(self._by_key.counts, 1))
        self._unseen_idf = float(np.log1p(max(len(names), 1)))
        # Each name's own total key weight, so that long names with many keys do not win by size alone.
        self._name_weight = np.bincount(owners, weights=self._idf[keys], minlength=len(names))
        self._tokens = TokenTable([name.normalized for name in names])
        self._by_identifier = _identifier_postings(entries)
        names_by_entry: dict[int, list[int]] = defaultdict(list)
        for name_id, name in enumerate(names):
            names_by_entry[name.entry_index].append(name_id)
        self._names_by_entry = {entry_index: tuple(ids) for entry_index, ids in names_by_entry.items()}
        self._recent: dict[tuple[NormalizedName, float, int], Plausible] = {}  # `plausible`

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> CandidateIndex:
        """Normalise every name and alias of `entries` and index them."""
        entry_list = list(entries)
        with collector_paused():
            names: list[IndexedName] = []
            # One normalised name for each (text, kind): the lists repeat names (an SDN entry is also in the CSL),
            # and sharing them keeps ~16,000 of 59,000 out of the index (normalised apart from `normalize_name`'s cache,
            # which is sized for queries).
            normalized: dict[tuple[str, EntryKind], NormalizedName] = {}
            for entry_index, entry in enumerate(entry_list):
                names.extend(_indexed_names(entry_index, entry, normalized))
            for name in names:
                # Scoring profiles are built here, once, so the pickled index carries them and no query pays for them.
                for form in (name.normalized, *name.normalized.alternates):
                    profile_of(form)
                    share_keys(form)
            return cls(entry_list, names)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def key_count(self) -> int:
        return len(self._key_ids)

    def names_of(self, entry_index: int) -> tuple[int, ...]:
        """Name ids of one entry: its primary name and every alias."""
        return self._names_by_entry.get(entry_index, ())

    def entries_with_identifiers(self, identifiers: Iterable[tuple[str, str]]) -> set[int]:
        """Entry indexes carrying any of these identifiers (an identical IMO or passport number is decisive)."""
        found: set[int] = set()
        for id_type, value in identifiers:
            found.update(self._by_identifier.get(identifier_key(id_type, value), ()))
        return found

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_recent": {}}  # the answers of one process's queries

    def plausible(self, query: NormalizedName, at_least: float, limit: int) -> Plausible:
        """Name ids whose token score against `query` could reach `at_least` (see `bounds`), highest bound first,
        at most `limit` of them, with their bounds (1.0 where none was computed).

        The names looked at are those holding a word similar to a query word (`TokenTable.reachable`), or, for
        queries with initials, those sharing a blocking key (ties then go to the most overlapping keys); a query with
        inline former names or an English reading, through each of its forms. A name sharing no blocking key with
        the query scores 0 (`names.blocking_keys`).

        The answers to the last `RECENT_QUERIES` distinct queries are kept: order systems and files screen the same
        names again, often with other details (a batch's `CachedScreener` catches only identical parties), and this
        is most of what a screen costs (bench_rows' stages: preparing the query, the reachable names, the bound)."""
        key = (query, at_least, limit)
        found = self._recent.get(key)
        if found is None:
            if len(self._recent) >= RECENT_QUERIES:
                self._recent.clear()  # a plain reset: cheap, and safe while other threads read
            found = self._recent[key] = self._plausible(query, at_least, limit)
        return found

    def _plausible(self, query: NormalizedName, at_least: float, limit: int) -> Plausible:
        """`plausible`, computed."""
        # A name with inline former names or an English reading scores its best form: each form is bounded alone.
        forms = [replace(query, alternates=()), *query.alternates] if query.alternates else [query]
        found = [self._bounded(form, at_least) for form in forms]
        names, bound, overlap = (np.concatenate([columns[i] for columns in found]) for i in range(3))
        order = np.lexsort((-overlap, -bound))
        if len(forms) > 1:  # a name found through several forms keeps its highest bound
            _, first = np.unique(names[order], return_index=True)
            order = order[np.sort(first)]
        names, bound = names[order], bound[order]
        related = list(
            islice(
                (
                    (name_id, name_bound)
                    for name_id, name_bound in zip(names.tolist(), bound.tolist(), strict=True)
                    if share_a_key(query, self.names[name_id].normalized)
                ),
                limit,
            )
        )
        return Plausible(tuple(name_id for name_id, _ in related), tuple(name_bound for _, name_bound in related))

    def _bounded(
        self, form: NormalizedName, at_least: float
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """(name ids, their bounds, their key overlap) of the names whose bound against `form` reaches `at_least`."""
        prepared = self._tokens.prepare(form)
        reachable = self._tokens.reachable(prepared, at_least)
        if reachable is None:
            names, overlap = self._shared(form)
        else:
            names, overlap = reachable, np.zeros(len(reachable))
        if len(names) <= SCORE_ALL_BELOW:  # so few that the bound would cost more than it saves
            return names, np.ones(len(names)), overlap
        bound = self._tokens.bounds(prepared, names)
        keep = bound >= at_least
        return names[keep], bound[keep], overlap[keep]

    def _shared(self, query: NormalizedName) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """(name ids sharing a key with `query`, their weighted Dice overlap with it): the rarity-weighted share of
        both names' distinctive keys that they have in common."""
        known = [self._key_ids[key] for key in query.keys if key in self._key_ids]
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        key_ids = np.array(known, dtype=np.int64)
        ids = self._by_key.gather(key_ids)
        weights = np.repeat(self._idf[key_ids], self._by_key.counts[key_ids])
        # Summed over the names met alone (a few thousand at most), not over all names: a query with an initial took
        # ~200 us for the bincount and scan over ~60,000 names, more than the rest of finding its candidates.
        shared, position = np.unique(ids, return_inverse=True)
        support = np.bincount(position, weights=weights)
        query_weight = float(self._idf[key_ids].sum()) + self._unseen_idf * (len(query.keys) - len(known))
        return shared, 2 * support / (query_weight + self._name_weight[shared])


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while millions of long-lived objects are made (an index built or loaded),
    then those objects moved out of its way (`gc.freeze`; the index holds no reference cycles, so a dropped index is
    still freed). Otherwise it walks all of them again and again, while they are made and for as long as they live:
    build 13.1 -> 10.9 s, load from the cache ~4.5 -> ~2.2 s on all lists. A caller that had it off keeps it off and
    freezes what it wants itself."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.enable()


def _identifier_postings(entries: Sequence[Entry]) -> dict[str, tuple[int, ...]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for entry_index, entry in enumerate(entries):
        for identifier in entry.identifiers:
            key = identifier_key(identifier.type, identifier.value)
            if len(key) >= MIN_IDENTIFIER_LENGTH:
                postings[key].append(entry_index)
    return {key: tuple(ids) for key, ids in postings.items()}


def _indexed_names(
    entry_index: int, entry: Entry, normalized: dict[tuple[str, EntryKind], NormalizedName]
) -> Iterable[IndexedName]:
    """The searchable names of one entry (each distinct text once), normalised once per (text, kind) in `normalized`,
    not through `normalize_name`'s cache: the index changes its names (`share_keys`), and a query of the same text must
    not get one of them from the cache."""
    seen: set[str] = set()
    forms: list[tuple[str, AliasType | None, bool]] = [(entry.name, None, True)]
    forms.extend((alias.name, alias.type, alias.strong) for alias in entry.aliases)
    for text, alias_type, strong in forms:
        if text in seen:
            continue
        seen.add(text)
        key = (text, entry.kind)
        if key not in normalized:
            try:
                normalized[key] = normalize_uncached(text, entry.kind)  # not the cache's: `share_keys` changes it
            except InputError:
                continue  # a list name with no letters or digits cannot be matched; it is not searchable
        yield IndexedName(entry_index, text, alias_type, strong, normalized[key])
