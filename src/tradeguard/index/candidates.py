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
from tradeguard.names.normalize import NormalizedName, normalize_name


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
