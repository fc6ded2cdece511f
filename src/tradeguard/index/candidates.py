"""The compiled candidate index: every name and alias of every active entry, searchable by blocking key.

A query never scores every list name. Each normalised name carries blocking keys (`NormalizedName.keys`, chosen by
`names/` so that any pair the scorer rates as a plausible match shares at least one key); the index maps keys to
names and ranks the names sharing keys with a query by the summed rarity (IDF) of the shared keys, so that a query
sharing only a very common key ("bank", "trading") with a name ranks it low. Only the top candidates are scored.
`bench/bench_index_recall.py` measures how many above-threshold hits of brute-force scoring the index returns.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tradeguard.errors import InputError
from tradeguard.lists.model import AliasType, Entry
from tradeguard.match.evidence import identifier_key
from tradeguard.names.normalize import NormalizedName, normalize_name

# Shorter "identifiers" (e.g. "1", "A") are codes, not identities: they would link unrelated entries.
MIN_IDENTIFIER_LENGTH = 5


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One searchable name: which entry it belongs to and how it was normalised."""

    entry_index: int
    text: str
    alias_type: AliasType | None  # None for the entry's primary name
    strong: bool
    normalized: NormalizedName


class CandidateIndex:
    """Inverted index from blocking key to names; built once per set of active snapshots."""

    def __init__(self, entries: Sequence[Entry], names: Sequence[IndexedName]) -> None:
        self.entries = entries
        self.names = names
        postings: dict[str, list[int]] = defaultdict(list)
        for name_id, name in enumerate(names):
            for key in name.normalized.keys:
                postings[key].append(name_id)
        total = max(len(names), 1)
        self._postings: dict[str, tuple[int, ...]] = {key: tuple(ids) for key, ids in postings.items()}
        # Rarity of a key: rare keys identify, common keys ("ltd"-like leftovers, "bank") barely do.
        self._idf: dict[str, float] = {key: math.log(1 + total / len(ids)) for key, ids in postings.items()}
        self._by_identifier = _identifier_postings(entries)
        names_by_entry: dict[int, list[int]] = defaultdict(list)
        for name_id, name in enumerate(names):
            names_by_entry[name.entry_index].append(name_id)
        self._names_by_entry = {entry_index: tuple(ids) for entry_index, ids in names_by_entry.items()}

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> CandidateIndex:
        """Normalise every name and alias of `entries` and index them."""
        entry_list = list(entries)
        names: list[IndexedName] = []
        for entry_index, entry in enumerate(entry_list):
            names.extend(_indexed_names(entry_index, entry))
        return cls(entry_list, names)

    def __len__(self) -> int:
        return len(self.names)

    @property
    def key_count(self) -> int:
        return len(self._postings)

    def names_of(self, entry_index: int) -> tuple[int, ...]:
        """Name ids of one entry: its primary name and every alias."""
        return self._names_by_entry.get(entry_index, ())

    def entries_with_identifiers(self, identifiers: Iterable[tuple[str, str]]) -> set[int]:
        """Entry indexes carrying any of these identifiers (an identical IMO or passport number is decisive)."""
        found: set[int] = set()
        for id_type, value in identifiers:
            found.update(self._by_identifier.get(identifier_key(id_type, value), ()))
        return found

    def candidates(self, query: NormalizedName, limit: int) -> list[int]:
        """Name ids sharing a blocking key with `query`, best-supported first, at most `limit` of them."""
        support: dict[int, float] = defaultdict(float)
        for key in query.keys:
            ids = self._postings.get(key)
            if ids is None:
                continue
            weight = self._idf[key]
            for name_id in ids:
                support[name_id] += weight
        if len(support) <= limit:
            return sorted(support, key=support.__getitem__, reverse=True)
        return sorted(support, key=support.__getitem__, reverse=True)[:limit]


def _identifier_postings(entries: Sequence[Entry]) -> dict[str, tuple[int, ...]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for entry_index, entry in enumerate(entries):
        for identifier in entry.identifiers:
            key = identifier_key(identifier.type, identifier.value)
            if len(key) >= MIN_IDENTIFIER_LENGTH:
                postings[key].append(entry_index)
    return {key: tuple(ids) for key, ids in postings.items()}


def _indexed_names(entry_index: int, entry: Entry) -> Iterable[IndexedName]:
    seen: set[str] = set()
    forms: list[tuple[str, AliasType | None, bool]] = [(entry.name, None, True)]
    forms.extend((alias.name, alias.type, alias.strong) for alias in entry.aliases)
    for text, alias_type, strong in forms:
        if text in seen:
            continue
        seen.add(text)
        try:
            normalized = normalize_name(text, entry.kind)
        except InputError:
            continue  # a list name with no letters or digits cannot be matched; it is not searchable
        yield IndexedName(entry_index, text, alias_type, strong, normalized)
